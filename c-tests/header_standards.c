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
