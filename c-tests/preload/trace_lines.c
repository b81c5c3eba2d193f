/*
 * The trace's exact text: makes calls (glibc's names, run through
 * libmman-preload.so) and prints to stdout the line each must leave in
 * MMAN_TRACE's file, as strace writes the call; mk/preload.mk compares
 * the two files. Also checks that errno after a traced failure is the
 * call's (the trace's write changes nothing). Exits 1 on such a failure.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "mman-fault.h"

#define RW (PROT_READ | PROT_WRITE)
#define ANON (MAP_PRIVATE | MAP_ANONYMOUS)

static int bad;

static void errno_is(int want, const char *call)
{
	if (errno != want) {
		fprintf(stderr, "FAIL errno after the traced %s is %d, not %d\n", call, errno, want);
		bad = 1;
	}
}

int main(void)
{
	char *p = mmap(NULL, 4096, RW, ANON, -1, 0);
	printf("mman: mmap(NULL, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, -1, 0) = %p\n", (void *) p);
	mprotect(p, 4096, PROT_NONE);
	printf("mman: mprotect(%p, 4096, PROT_NONE) = 0\n", (void *) p);
	mprotect(p, 4096, RW | PROT_EXEC);
	printf("mman: mprotect(%p, 4096, PROT_READ|PROT_WRITE|PROT_EXEC) = 0\n", (void *) p);
	madvise(p, 4096, MADV_DONTNEED);
	printf("mman: madvise(%p, 4096, MADV_DONTNEED) = 0\n", (void *) p);
	errno = 0;
	madvise(p, 4096, 999);
	errno_is(EINVAL, "madvise");
	printf("mman: madvise(%p, 4096, 999 /* MADV_??? */) = -1 EINVAL (Invalid argument)\n", (void *) p);
	munmap(p + 1, 4096);
	errno_is(EINVAL, "munmap");
	printf("mman: munmap(%p, 4096) = -1 EINVAL (Invalid argument)\n", (void *) (p + 1));
	msync(p, 4096, MS_ASYNC | MS_INVALIDATE);
	printf("mman: msync(%p, 4096, MS_ASYNC|MS_INVALIDATE) = 0\n", (void *) p);
	mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0);
	errno_is(EBADF, "mmap");
	printf("mman: mmap(NULL, 4096, PROT_READ, MAP_SHARED, -1, 0) = -1 EBADF (Bad file descriptor)\n");
	mmap(NULL, 4096, PROT_READ, ANON | MAP_HUGETLB | (21 << MAP_HUGE_SHIFT) | 0x800000, -1, 4095);
	printf("mman: mmap(NULL, 4096, PROT_READ, MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|0x800000|MAP_HUGE_2MB, -1, 0xfff)"
	       " = -1 EINVAL (Invalid argument)\n");

	int fd = memfd_create("trace \"lines\"", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	printf("mman: memfd_create(\"trace \\\"lines\\\"\", MFD_CLOEXEC|MFD_ALLOW_SEALING) = %d\n", fd);
	ftruncate(fd, 16384);
	char *f = mmap(NULL, 8192, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 8192);
	printf("mman: mmap(NULL, 8192, PROT_READ, MAP_SHARED|MAP_POPULATE, %d, 0x2000) = %p\n", fd, (void *) f);

	char *q = mremap(p, 4096, 8192, MREMAP_MAYMOVE);
	printf("mman: mremap(%p, 4096, 8192, MREMAP_MAYMOVE) = %p\n", (void *) p, (void *) q);
	char *r = mremap(q, 8192, 8192, MREMAP_MAYMOVE | MREMAP_FIXED, f);
	printf("mman: mremap(%p, 8192, 8192, MREMAP_MAYMOVE|MREMAP_FIXED, %p) = %p\n", (void *) q, (void *) f,
	       (void *) r);
	unsigned char vec[2];
	mincore(r, 8192, vec);
	printf("mman: mincore(%p, 8192, %p) = 0\n", (void *) r, (void *) vec);
	mlock2(r, 4096, MLOCK_ONFAULT);
	printf("mman: mlock2(%p, 4096, MLOCK_ONFAULT) = 0\n", (void *) r);
	munlock(r, 4096);
	printf("mman: munlock(%p, 4096) = 0\n", (void *) r);
	posix_madvise(r, 8192, POSIX_MADV_WILLNEED);
	printf("mman: posix_madvise(%p, 8192, POSIX_MADV_WILLNEED) = 0\n", (void *) r);
	errno = 0;
	int e = posix_madvise(r, 8192, 77);
	errno_is(0, "posix_madvise");
	printf("mman: posix_madvise(%p, 8192, 77 /* POSIX_MADV_??? */) = %s (Invalid argument)\n", (void *) r,
	       e == EINVAL ? "EINVAL" : "?");

	mman_fault_set("munmap:ENOMEM:nth=1");
	munmap(r, 8192);
	errno_is(ENOMEM, "injected munmap");
	printf("mman: munmap(%p, 8192) = -1 ENOMEM (Cannot allocate memory) (INJECTED)\n", (void *) r);
	mman_fault_clear();
	munmap(r, 8192);
	printf("mman: munmap(%p, 8192) = 0\n", (void *) r);

	char name[64];
	snprintf(name, sizeof name, "/mman-trace-%d", (int) getpid());
	int s = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	printf("mman: shm_open(\"%s\", O_RDWR|O_CREAT|O_EXCL, 0600) = %d\n", name, s);
	shm_unlink(name);
	printf("mman: shm_unlink(\"%s\") = 0\n", name);
	shm_unlink(name);
	errno_is(ENOENT, "shm_unlink");
	printf("mman: shm_unlink(\"%s\") = -1 ENOENT (No such file or directory)\n", name);
	mlockall(MCL_FUTURE | MCL_ONFAULT | 0x100);
	errno_is(EINVAL, "mlockall");
	printf("mman: mlockall(MCL_FUTURE|MCL_ONFAULT|0x100) = -1 EINVAL (Invalid argument)\n");
	munlockall();
	printf("mman: munlockall() = 0\n");
	return bad;
}
