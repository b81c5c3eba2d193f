/*
 * POSIX-names mode for the whole family, compiled as C (-pedantic) and as
 * C++: both the four- and the five-argument mremap compile and reach
 * mman_mremap; every name of the family resolves to mman's (the Makefile
 * checks with nm that no libc symbol of the family is referenced).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define MMAN_POSIX_NAMES
#include "mman.h"
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include "family_check.h"

#define PAGE 4096
#ifdef __cplusplus
#define PROGRAM "family_posix_names (C++)"
#else
#define PROGRAM "family_posix_names (C)"
#endif

int main(void)
{
	unsigned char vec[2];
	char *area, *p, *q;
	int fd;
	/* The reservation first: MAP_FIXED goes only inside one we hold. */
	area = (char *)mmap(NULL, 6 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(area != MAP_FAILED, "mmap (a PROT_NONE reservation of 6 pages)");
	if (area == MAP_FAILED)
		return done(PROGRAM);
	p = (char *)mmap64(area + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	CHECK(p == area + PAGE, "mmap64 (MAP_FIXED inside our reservation)");
	if (p != area + PAGE) {
		munmap(area, 6 * PAGE);
		return done(PROGRAM);
	}
	p[0] = 'm';
	q = (char *)mremap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, area + 3 * PAGE);
	CHECK(q == area + 3 * PAGE && q[0] == 'm', "mremap with five arguments (MREMAP_FIXED)");
	q = (char *)mremap(q, PAGE, PAGE, 0);
	CHECK(q == area + 3 * PAGE, "mremap with four arguments");
	errno = 0;
	CHECK(mremap(q, PAGE, PAGE, 0x10) == MAP_FAILED && errno == EINVAL, "mremap unknown flag: EINVAL");
	CHECK(mprotect(q, PAGE, PROT_READ) == 0 && madvise(q, PAGE, MADV_WILLNEED) == 0, "mprotect, madvise");
	CHECK(posix_madvise(q, PAGE, POSIX_MADV_DONTNEED) == 0, "posix_madvise POSIX_MADV_DONTNEED");
	CHECK(mincore(q, PAGE, vec) == 0 && (vec[0] & 1), "mincore: the moved page is resident");
	CHECK(mlock(q, PAGE) == 0 && munlock(q, PAGE) == 0, "mlock, munlock");
	CHECK_NATIVE("qemu 7.2 fails mlock2 with MLOCK_ONFAULT", mlock2(q, PAGE, MLOCK_ONFAULT) == 0 && munlock(q, PAGE) == 0,
		     "mlock2, munlock");
	errno = 0;
	CHECK_NATIVE("qemu 7.2 drops unknown mlockall flags", mlockall(MCL_FUTURE | 8) == -1 && errno == EINVAL,
		     "mlockall unknown flag: EINVAL");
	CHECK(munlockall() == 0, "munlockall");
	fd = memfd_create("posix-names", MFD_CLOEXEC);
	CHECK(fd >= 0 && close(fd) == 0, "memfd_create");
	errno = 0;
	CHECK(shm_open("", O_RDONLY, 0) == -1 && errno == EINVAL && shm_unlink("") == -1 && errno == ENOENT,
	      "shm_open(\"\"): EINVAL, shm_unlink(\"\"): ENOENT");
	CHECK(munmap(area, 6 * PAGE) == 0, "munmap");
#if defined(__powerpc__)
#define KERNEL_MCL_ONFAULT 0x8000 /* powerpc's MCL_* differ */
#else
#define KERNEL_MCL_ONFAULT 4
#endif
	CHECK(MADV_COLLAPSE == 25 && MADV_DONTNEED_LOCKED == 24 && MFD_NOEXEC_SEAL == 8 && MFD_EXEC == 0x10 &&
	              MADV_POPULATE_WRITE == 23 && PROT_GROWSDOWN == 0x01000000 && MCL_ONFAULT == KERNEL_MCL_ONFAULT &&
	              MREMAP_DONTUNMAP == 4 && MFD_HUGE_2MB == (21 << MFD_HUGE_SHIFT),
	      "POSIX-names constants have the kernel's values");
	return done(PROGRAM);
}
