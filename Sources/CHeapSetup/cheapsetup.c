// Allocator settings for cairn, applied at start-up.
//
// glibc gives every thread its own arena by default, grown 4 KB page by page: one page fault
// each, and an mprotect per growth that stalls the other core's faults. An in-sync plan of 10,000
// resources took about 12,000 page faults. Here every thread shares the main heap, which grows in
// 64 MB steps, and the first step is advised as transparent huge pages (the kernel's `madvise`
// THP mode): about 1,500 faults. Memory is only counted in RSS once touched, so the bigger steps
// cost nothing that is not used. The same as GLIBC_TUNABLES=glibc.malloc.arena_max=1:
// glibc.malloc.hugetlb=1:glibc.malloc.top_pad=67108864, which a process cannot set for itself.
#define _GNU_SOURCE
#include "cheapsetup.h"

#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

enum { TOP_PAD = 64 << 20, HUGE_PAGE = 2 << 20, BLOCK = 64 << 10, MAX_BLOCKS = 64 };

int cairn_heap_setup(void) {
    if (mallopt(M_ARENA_MAX, 1) != 1 || mallopt(M_TOP_PAD, TOP_PAD) != 1) return -1;
    // Blocks small enough to come from the heap (not mmap), until one no longer fits in what is
    // left at its top: the heap then grows by TOP_PAD at once.
    void *blocks[MAX_BLOCKS];
    int count = 0;
    uintptr_t before = (uintptr_t)sbrk(0), after = before;
    while (count < MAX_BLOCKS && after == before) {
        if ((blocks[count] = malloc(BLOCK)) == NULL) break;
        count++;
        after = (uintptr_t)sbrk(0);
    }
    while (count > 0) free(blocks[--count]);
    if (after <= before) return -1;
    uintptr_t start = (before + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
    uintptr_t end = after & ~(uintptr_t)(HUGE_PAGE - 1);
    if (end <= start) return -1;
    return madvise((void *)start, end - start, MADV_HUGEPAGE);
}
