#include "sitegen_system.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void sitegen_grow_heap_in_large_steps(void) {
#if defined(__GLIBC__)
    // glibc grows each thread's heap by what one allocation needs plus 128 KiB,
    // with an mprotect call each time: a warm build spent a tenth of its CPU
    // there. Address space reserved this way costs no memory until it is used.
    mallopt(M_TOP_PAD, 64 << 20);
#endif
}
