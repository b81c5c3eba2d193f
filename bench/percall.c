/*
 * percall: wall time per call of mman_* against glibc's own functions, in
 * one process, in alternation.
 *
 *   percall [SCALE]     (SCALE, default 1, multiplies the number of samples)
 *
 * For each operation, SAMPLES samples are taken; a sample times a batch of
 * BATCH operations on one side with clock_gettime(CLOCK_MONOTONIC) and
 * divides by BATCH. The two sides alternate sample by sample, and which side
 * goes first alternates too, so that drift (frequency, other load) falls on
 * both alike. Printed: the median ns per operation of each side, the ratio
 * mman/glibc of the medians, and the noise: half the interquartile range of
 * the glibc side's samples, relative to its median.
 *
 * Both sides are called the same way: this program is linked against
 * libmman.so, so that both go through the PLT, and each batch loop is the
 * same source text (the OPS macro below) with the name prefix changed.
 * Nothing here asserts a timing: it prints numbers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "mman.h"

#define PAGE 4096

static int file_fd = -1;        /* a 1 MiB file in $TMPDIR, unlinked */
static char *anon;              /* 64 KiB of anonymous memory, touched */
static char *filemap;           /* the file, mapped MAP_SHARED */

static void die(const char *what)
{
	perror(what);
	exit(1);
}

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

/*
 * One batch function per operation and side: PFX is `mman_` or nothing.
 * Every return value is checked (the same compare on both sides), so that a
 * failing call cannot pass for a fast one.
 */
#define CHECK(cond, what) do { if (!(cond)) die(what); } while (0)

#define OPS(SIDE, PFX)                                                          \
static void op_##SIDE##_mmap_anon(unsigned n)                                        \
{                                                                               \
	for (unsigned i = 0; i < n; i++) {                                      \
		void *p = PFX##mmap(NULL, PAGE, PROT_READ | PROT_WRITE,         \
		                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);        \
		CHECK(p != MAP_FAILED, #PFX "mmap anon");                       \
		CHECK(PFX##munmap(p, PAGE) == 0, #PFX "munmap");                \
	}                                                                       \
}                                                                               \
static void op_##SIDE##_mmap_file(unsigned n)                                        \
{                                                                               \
	for (unsigned i = 0; i < n; i++) {                                      \
		void *p = PFX##mmap(NULL, PAGE, PROT_READ | PROT_WRITE,         \
		                    MAP_SHARED, file_fd, 0);                    \
		CHECK(p != MAP_FAILED, #PFX "mmap file");                       \
		CHECK(PFX##munmap(p, PAGE) == 0, #PFX "munmap");                \
	}                                                                       \
}                                                                               \
static void op_##SIDE##_mprotect(unsigned n)                                         \
{                                                                               \
	for (unsigned i = 0; i < n; i++) {                                      \
		int prot = (i & 1) ? PROT_READ : PROT_READ | PROT_WRITE;        \
		CHECK(PFX##mprotect(anon, PAGE, prot) == 0, #PFX "mprotect");   \
	}                                                                       \
	CHECK(PFX##mprotect(anon, PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect"); \
}                                                                               \
static void op_##SIDE##_msync_clean(unsigned n)                                      \
{                                                                               \
	for (unsigned i = 0; i < n; i++)                                        \
		CHECK(PFX##msync(filemap, PAGE, MS_SYNC) == 0, #PFX "msync");   \
}                                                                               \
static void op_##SIDE##_msync_dirty(unsigned n)                                      \
{                                                                               \
	for (unsigned i = 0; i < n; i++) {                                      \
		filemap[i % PAGE]++;                                            \
		CHECK(PFX##msync(filemap, PAGE, MS_SYNC) == 0, #PFX "msync");   \
	}                                                                       \
}                                                                               \
static void op_##SIDE##_madvise(unsigned n)                                          \
{                                                                               \
	for (unsigned i = 0; i < n; i++)                                        \
		CHECK(PFX##madvise(anon + PAGE, PAGE, MADV_NORMAL) == 0, #PFX "madvise"); \
}                                                                               \
static void op_##SIDE##_mlock(unsigned n)                                            \
{                                                                               \
	for (unsigned i = 0; i < n; i++) {                                      \
		CHECK(PFX##mlock(anon, PAGE) == 0, #PFX "mlock");               \
		CHECK(PFX##munlock(anon, PAGE) == 0, #PFX "munlock");           \
	}                                                                       \
}                                                                               \
static void op_##SIDE##_mremap(unsigned n)                                           \
{                                                                               \
	static char *p;                                                         \
	if (!p) {                                                               \
		p = PFX##mmap(NULL, PAGE, PROT_READ | PROT_WRITE,               \
		              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);              \
		CHECK(p != MAP_FAILED, "mmap");                                 \
		p[0] = 1;                                                       \
	}                                                                       \
	for (unsigned i = 0; i < n; i++) {                                      \
		p = PFX##mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL);        \
		CHECK(p != MAP_FAILED, #PFX "mremap grow");                     \
		p = PFX##mremap(p, 2 * PAGE, PAGE, 0, NULL);          \
		CHECK(p != MAP_FAILED, #PFX "mremap shrink");                   \
	}                                                                       \
}                                                                               \
static void op_##SIDE##_mincore(unsigned n)                                          \
{                                                                               \
	unsigned char vec[16];                                                  \
	for (unsigned i = 0; i < n; i++)                                        \
		CHECK(PFX##mincore(anon, 16 * PAGE, vec) == 0, #PFX "mincore"); \
}

OPS(m, mman_)
OPS(g, )

struct op {
	const char *name;       /* what one operation is */
	unsigned batch;         /* operations per sample */
	unsigned samples;       /* samples per side */
	void (*mman)(unsigned);
	void (*glibc)(unsigned);
};

#define OP(fn, name, batch, samples) { name, batch, samples, op_m_##fn, op_g_##fn }
static const struct op ops[] = {
	OP(mmap_anon,   "mmap+munmap anon 4 KiB",       200, 301),
	OP(mmap_file,   "mmap+munmap file 4 KiB",       200, 301),
	OP(mprotect,    "mprotect 4 KiB",               400, 301),
	OP(madvise,     "madvise MADV_NORMAL 4 KiB",    400, 301),
	OP(mlock,       "mlock+munlock 4 KiB",          200, 301),
	OP(mremap,      "mremap grow+shrink 4<->8 KiB", 200, 301),
	OP(mincore,     "mincore 64 KiB",               400, 301),
	OP(msync_clean, "msync MS_SYNC clean 4 KiB",     20, 101),
	OP(msync_dirty, "msync MS_SYNC dirty 4 KiB",      2,  41),
};

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *) a, y = *(const double *) b;
	return (x > y) - (x < y);
}

static double quantile(double *v, unsigned n, double q)
{
	qsort(v, n, sizeof *v, cmp_double);
	return v[(unsigned) (q * (n - 1) + 0.5)];
}

static double sample(void (*fn)(unsigned), unsigned batch)
{
	double t0 = now_ns();
	fn(batch);
	return (now_ns() - t0) / batch;
}

int main(int argc, char **argv)
{
	double scale = argc > 1 ? atof(argv[1]) : 1.0;
	if (scale <= 0)
		scale = 1.0;

	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/mman-percall-XXXXXX", dir && *dir ? dir : "/tmp");
	file_fd = mkstemp(path);
	if (file_fd < 0)
		die("mkstemp");
	unlink(path);
	if (ftruncate(file_fd, 1 << 20) != 0)
		die("ftruncate");
	filemap = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, file_fd, 0);
	anon = mmap(NULL, 16 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (filemap == MAP_FAILED || anon == MAP_FAILED)
		die("mmap");
	memset(anon, 1, 16 * PAGE);
	filemap[0] = 1;
	msync(filemap, PAGE, MS_SYNC);

	printf("%-30s %10s %10s %11s %8s\n", "operation", "mman ns", "glibc ns", "mman/glibc", "noise");
	for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++) {
		const struct op *op = &ops[k];
		unsigned n = (unsigned) (op->samples * scale);
		if (n < 5)
			n = 5;
		double *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
		if (!a || !b)
			die("calloc");
		/* Warm up both sides (page tables, caches, lazy binding). */
		op->mman(op->batch);
		op->glibc(op->batch);
		for (unsigned i = 0; i < n; i++) {
			if (i & 1) {
				b[i] = sample(op->glibc, op->batch);
				a[i] = sample(op->mman, op->batch);
			} else {
				a[i] = sample(op->mman, op->batch);
				b[i] = sample(op->glibc, op->batch);
			}
		}
		double ma = quantile(a, n, 0.5);
		double mb = quantile(b, n, 0.5);
		double iqr = quantile(b, n, 0.75) - quantile(b, n, 0.25);
		printf("%-30s %10.1f %10.1f %11.3f %7.1f%%\n", op->name, ma, mb, ma / mb,
		       100.0 * iqr / 2 / mb);
		fflush(stdout);
		free(a);
		free(b);
	}
	return 0;
}
