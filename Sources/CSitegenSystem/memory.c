#include "sitegen_system.h"

#include <stdlib.h>  // Defines __GLIBC__ on glibc systems.
#if defined(__GLIBC__)
#include <malloc.h>
#endif

void sitegen_grow_heaps_in_large_steps(void) {
#if defined(__GLIBC__)
    // Each new heap (and the main one's break) is made 64 MiB larger than asked
    // for, read-write at once; untouched pages are never faulted in.
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}

long long sitegen_heap_in_use(void) {
#if defined(__GLIBC__)
    struct mallinfo2 info = mallinfo2();
    return (long long)(info.uordblks + info.hblkhd);
#else
    return -1;
#endif
}
