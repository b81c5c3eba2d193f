/*
 * POSIX-names mode next to the C library's <sys/mman.h>, included before
 * (-DSYS_MMAN_FIRST) or after mman.h: must compile under
 * -Wall -Wextra -Werror, and the POSIX names must reach mman's functions
 * (the binary has no undefined reference to mmap, munmap or msync: the
 * Makefile checks with nm).
 */
#ifdef SYS_MMAN_FIRST
#include <sys/mman.h>
#endif
#define MMAN_POSIX_NAMES
#include "mman.h"
#ifndef SYS_MMAN_FIRST
#include <sys/mman.h>
#endif
#include <stdio.h>
#include <string.h>

int main(void)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	strcpy(p, "posix names");
	if (msync(p, 4096, MS_ASYNC) != 0 || munmap(p, 4096) != 0) {
		perror("msync/munmap");
		return 1;
	}
	/* The constants are mman's, with the kernel's values. */
	if (MAP_SHARED != MMAN_MAP_SHARED || PROT_EXEC != 4 || MAP_FIXED_NOREPLACE != 0x100000)
		return 1;
	puts("posix names: mmap, msync, munmap ok");
	return 0;
}
