/*
 * mremap growing a mapping with its contents kept (moving it if need be),
 * refusing to grow in place into a neighbour, moving to a fixed address
 * (the five-argument call) and MREMAP_DONTUNMAP; mincore seeing a page
 * resident after it is touched and gone after MADV_DONTNEED. POSIX names.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define MMAN_POSIX_NAMES
#include "mman.h"
#include <errno.h>
#include "family_check.h"

#define PAGE 4096

static int filled(const unsigned char *p, size_t n, int seed)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i] != (unsigned char)(i * 7 + seed))
			return 0;
	return 1;
}

static int zero(const unsigned char *p, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

int main(void)
{
	unsigned char vec[8], *p, *q, *area, *r;
	size_t i;

	/* Grow: 2 pages to 16, contents kept, new pages zero. */
	p = mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		DIE("mmap");
	for (i = 0; i < 2 * PAGE; i++)
		p[i] = (unsigned char)(i * 7 + 1);
	q = mremap(p, 2 * PAGE, 16 * PAGE, MREMAP_MAYMOVE);
	CHECK(q != MAP_FAILED, "mremap 2 -> 16 pages, MREMAP_MAYMOVE (four arguments)");
	CHECK(filled(q, 2 * PAGE, 1), "the grown mapping kept its 8192 bytes");
	CHECK(zero(q + 2 * PAGE, 14 * PAGE), "the new 14 pages read as zeros");
	CHECK(strcmp(maps_perms(q + 15 * PAGE), "rw-p") == 0, "/proc/self/maps: the last page is rw-p");

	/* Our own reservation: 8 pages PROT_NONE; inside it, 2 pages rw and
	 * a PROT_NONE neighbour: growing in place must fail. */
	area = mmap(NULL, 8 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED)
		DIE("mmap");
	r = mmap(area + PAGE, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (r != area + PAGE)
		DIE("mmap fixed");
	errno = 0;
	CHECK(mremap(r, 2 * PAGE, 3 * PAGE, 0) == MAP_FAILED && errno == ENOMEM,
	      "mremap in place into a neighbouring mapping: ENOMEM (errno %d)", errno);
	errno = 0;
	CHECK(mremap(r, 2 * PAGE, 3 * PAGE, 8) == MAP_FAILED && errno == EINVAL,
	      "mremap unknown flag 8: EINVAL (errno %d)", errno);

	/* Move the 16 pages' first 2 to a fixed address inside the reservation. */
	q[0] = 0xaa;
	p = mremap(q, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, area + 5 * PAGE);
	CHECK(p == area + 5 * PAGE, "mremap MREMAP_FIXED (five arguments) moved to the address given");
	CHECK(p[0] == 0xaa && filled(p + 1, 2 * PAGE - 1, 1 + 7), "the moved pages kept their contents");
	CHECK(strcmp(maps_perms(q), "none") == 0, "the old address is unmapped after the move");
	munmap(q + 2 * PAGE, 14 * PAGE);

	/* MREMAP_DONTUNMAP: moved, the old range stays mapped and reads zero. */
	r[0] = 0x5a;
	q = mremap(r, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, NULL);
	CHECK(q != MAP_FAILED && q != r && q[0] == 0x5a, "mremap MREMAP_DONTUNMAP moved the page with its byte");
	CHECK_NATIVE("qemu 7.2's mremap does not keep the old range", strcmp(maps_perms(r), "rw-p") == 0 && r[0] == 0,
		     "the old page stays mapped, empty");
	if (q != MAP_FAILED)
		munmap(q, PAGE);

	/* mincore: untouched pages are not resident; a touched one is. */
	p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		DIE("mmap");
	memset(vec, 0xff, sizeof vec);
	CHECK(mincore(p, 4 * PAGE, vec) == 0 && !(vec[0] | vec[1] | vec[2] | vec[3]),
	      "mincore: 4 fresh pages not resident (%d %d %d %d)", vec[0], vec[1], vec[2], vec[3]);
	CHECK(vec[4] == 0xff, "mincore wrote one byte per page, no more");
	p[2 * PAGE] = 1;
	CHECK(mincore(p, 4 * PAGE, vec) == 0 && (vec[2] & 1) && !(vec[0] | vec[1] | vec[3]),
	      "mincore: page 2 resident after it was touched (%d %d %d %d)", vec[0], vec[1], vec[2], vec[3]);
	CHECK(madvise(p + 2 * PAGE, PAGE, MADV_DONTNEED) == 0, "madvise MADV_DONTNEED");
	CHECK(mincore(p, 4 * PAGE, vec) == 0 && !(vec[2] & 1) && p[2 * PAGE] == 0,
	      "after MADV_DONTNEED: not resident, and reads zero");
	CHECK(posix_madvise(p, 4 * PAGE, POSIX_MADV_WILLNEED) == 0, "posix_madvise POSIX_MADV_WILLNEED returns 0");
	errno = 0;
	CHECK(posix_madvise(p + 1, PAGE, POSIX_MADV_WILLNEED) == EINVAL && errno == 0,
	      "posix_madvise on an unaligned address returns EINVAL, errno untouched");
	munmap(p, 4 * PAGE);
	munmap(area, 8 * PAGE);
	return done("family_mremap_mincore");
}
