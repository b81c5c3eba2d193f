/*
 * POSIX-names mode and _FILE_OFFSET_BITS: built twice (mk/c-tests.mk),
 * with the C library's default off_t and with -D_FILE_OFFSET_BITS=64. In
 * each build, the program's `mmap` (mman's, through the POSIX names) must
 * behave as the C library's `mmap` under the same macros: glibc's
 * <sys/mman.h> makes `mmap` its 64-bit `mmap64` under
 * _FILE_OFFSET_BITS=64, and its 32-bit `mmap` otherwise, which differ on
 * 32-bit targets (a negative offset, an offset past 4 GiB). The same
 * offsets go to both, over a sparse memfd of 5 GiB and two pages; the
 * results (address or errno, and the bytes mapped) must agree.
 *
 * Usage: offset_bits (prints one line per offset and a summary; exits
 * non-zero on a difference).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The C library's mmap, as this build's macros declare it. */
static void *libc_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t offset)
{
	return mmap(addr, len, prot, flags, fd, offset);
}

#define MMAN_POSIX_NAMES
#include "mman.h"

/* The file's size, and where its marked pages are. */
#define GIB ((long long)1 << 30)
#define FILE_END (5 * GIB + 2 * 65536)

static int differences;

/* What one call gave: its errno, or the first byte it maps (or -1 past the
 * file's end, which is not read). */
static int outcome(void *p, int err, long long offset, size_t len)
{
	if (p == MAP_FAILED)
		return -1000 - err;
	int byte = offset >= 0 && offset + (long long)len <= FILE_END ? *(volatile unsigned char *)p : -1;
	munmap(p, len);
	return byte;
}

static void compare(int fd, size_t page, long long offset)
{
	off_t off = (off_t)offset;
	errno = 0;
	void *m = mmap(NULL, page, PROT_READ, MAP_SHARED, fd, off);
	int m_err = errno;
	int mman = outcome(m, m_err, (long long)off, page);
	errno = 0;
	void *g = libc_mmap(NULL, page, PROT_READ, MAP_SHARED, fd, off);
	int g_err = errno;
	int libc = outcome(g, g_err, (long long)off, page);
	int same = mman == libc;
	differences += !same;
	printf("%s offset %lld (off_t %lld): mman %s%d, libc %s%d\n", same ? "ok  " : "FAIL", offset, (long long)off,
	       mman <= -1000 ? "errno " : "byte ", mman <= -1000 ? -1000 - mman : mman, libc <= -1000 ? "errno " : "byte ",
	       libc <= -1000 ? -1000 - libc : libc);
}

int main(void)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	int fd = memfd_create("offset_bits", MFD_CLOEXEC);
	/* The marked pages: 1 at 0, 2 at 1 GiB, 3 at 5 GiB (reachable only
	 * with a 64-bit off_t), 4 at the last page of the first 4 GiB. */
	static const struct {
		long long at;
		unsigned char mark;
	} marks[] = { { 0, 1 }, { GIB, 2 }, { 5 * GIB, 3 }, { 4 * GIB - 65536, 4 } };
	if (fd < 0 || ftruncate64(fd, FILE_END) != 0) {
		perror("memfd");
		return 2;
	}
	for (size_t i = 0; i < sizeof marks / sizeof marks[0]; i++) {
		if (pwrite64(fd, &marks[i].mark, 1, marks[i].at) != 1) {
			perror("pwrite64");
			return 2;
		}
	}
	printf("offset_bits: off_t has %zu bits, pages of %zu bytes\n", 8 * sizeof(off_t), page);
	const long long offsets[] = {
		0, (long long)page, GIB, 4 * GIB - 65536, (long long)page + 1, -(long long)page, -GIB,
		-(long long)2 * GIB, 5 * GIB, (long long)1 << 44, (long long)1 << 45, (long long)1 << 62, INT64_MIN,
	};
	for (size_t i = 0; i < sizeof offsets / sizeof offsets[0]; i++) {
		/* An offset that off_t cannot hold goes in as it would in a
		 * program: truncated to off_t by the conversion. */
		compare(fd, page, offsets[i]);
	}
	printf("offset_bits (%zu-bit off_t): %zu offsets, %d differences\n", 8 * sizeof(off_t),
	       sizeof offsets / sizeof offsets[0], differences);
	return differences != 0;
}
