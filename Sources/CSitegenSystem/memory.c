#include "sitegen_system.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

void sitegen_tune_malloc_for_one_shot(void) {
#if defined(__GLIBC__)
    // Keep freed memory and grow the heap in large steps: a process that exits
    // after one build gains nothing from returning pages only to fault them in again.
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 256 << 20);
#endif
}
