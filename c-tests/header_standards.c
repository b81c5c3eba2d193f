/*
 * Compiled (not run) by `make check-header-standards` as C99, C11, C17,
 * C++11 and C++17 under -Wall -Wextra -pedantic -Werror: the header must
 * compile cleanly in each, with and without MMAN_POSIX_NAMES, and with the
 * C library's <sys/mman.h> before (-DSYS_MMAN_FIRST) or after
 * (-DSYS_MMAN_AFTER) it.
 */
#ifdef SYS_MMAN_FIRST
#include <sys/mman.h>
#endif
#include "mman.h"
#ifdef SYS_MMAN_AFTER
#include <sys/mman.h>
#endif

/* The constants have glibc's C types: unsigned where glibc writes a U
 * suffix (MFD_CLOEXEC 1U, MLOCK_ONFAULT 1U, MAP_HUGE_16GB (34U << 26)),
 * int elsewhere. */
#if !defined(__cplusplus) && defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define MMAN_TYPE_IS(x, T) _Generic((x), T: 1, default: 0)
_Static_assert(MMAN_TYPE_IS(MMAN_MFD_CLOEXEC, unsigned int), "MFD_CLOEXEC is unsigned");
_Static_assert(MMAN_TYPE_IS(MMAN_MLOCK_ONFAULT, unsigned int), "MLOCK_ONFAULT is unsigned");
_Static_assert(MMAN_TYPE_IS(MMAN_MAP_HUGE_16GB, unsigned int), "MAP_HUGE_16GB is unsigned");
_Static_assert(MMAN_TYPE_IS(MMAN_MFD_HUGE_16GB, unsigned int), "MFD_HUGE_16GB is unsigned");
_Static_assert(MMAN_TYPE_IS(MMAN_PROT_READ, int), "PROT_READ is int");
_Static_assert(MMAN_TYPE_IS(MMAN_MAP_SHARED, int), "MAP_SHARED is int");
#endif

/* Every prototype is used, so that a mismatch with a declaration of the C
 * library would show. */
int main(void)
{
	void *p = mman_mmap(NULL, 4096, MMAN_PROT_READ, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0);
	if (p == MMAN_MAP_FAILED)
		return 1;
	if (mman_msync(p, 4096, MMAN_MS_ASYNC) != 0)
		return 1;
#ifdef MMAN_POSIX_NAMES
	p = mmap(p, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED || msync(p, 4096, MS_SYNC) != 0)
		return 1;
#endif
	return mman_munmap(p, 4096) != 0 || mman_version()[0] == '\0';
}
