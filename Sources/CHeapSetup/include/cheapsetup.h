#ifndef CHEAPSETUP_H
#define CHEAPSETUP_H

/// Sets glibc's allocator up for a short-lived, allocation-heavy process. Call before any thread
/// starts. Returns 0 when every setting took, -1 when one did not (the defaults then stay).
int cairn_heap_setup(void);

#endif
