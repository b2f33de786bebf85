/* Counts heap allocations for gdpfit-bench (scripts/bench.sh compiles it and runs the bench with
 * LD_PRELOAD). Every malloc, calloc, realloc, posix_memalign, aligned_alloc and memalign adds one
 * to a counter that the bench reads through gdpfit_bench_allocation_count(), found with dlsym.
 * The calls are forwarded to glibc's own __libc_* entry points, so nothing else changes. */
#include <stddef.h>
#include <stdint.h>
#include <errno.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static uint64_t allocations;

uint64_t gdpfit_bench_allocation_count(void) {
    return __atomic_load_n(&allocations, __ATOMIC_RELAXED);
}

static void count(void) { __atomic_fetch_add(&allocations, 1, __ATOMIC_RELAXED); }

void *malloc(size_t size) { count(); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count(); return __libc_realloc(p, size); }
void *memalign(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(); return __libc_memalign(alignment, size); }
int posix_memalign(void **out, size_t alignment, size_t size) {
    count();
    void *p = __libc_memalign(alignment, size);
    if (p == NULL) return ENOMEM;
    *out = p;
    return 0;
}
