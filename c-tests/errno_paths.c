/*
 * The error paths the tutorial lists, provoked through mman_* and through
 * the system C library with the same arguments: both must fail the same
 * way, with the errno the tutorial names (EBADF, EACCES, EINVAL, EAGAIN,
 * ENOMEM), plus munmap's and msync's own errors.
 *
 * Usage: errno_paths [--same-only] FILE   (FILE: a scratch file it may
 * overwrite; --same-only: see same_only below)
 * Prints one line per case and exits non-zero if any case differs.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mman.h"

static int cases, failures;
/* With --same-only: mman must fail as glibc does; the errno expected on
 * x86_64 is shown, not required (under qemu-user, or on a 32-bit target,
 * some calls fail otherwise, or succeed: glibc's own results decide). */
static int same_only;

/* The outcome of one call: its return value class and errno. */
struct outcome { int failed; int err; };

static const char *errname(int e)
{
	switch (e) {
	case 0: return "0";
	case EBADF: return "EBADF";
	case EACCES: return "EACCES";
	case EINVAL: return "EINVAL";
	case EAGAIN: return "EAGAIN";
	case ENOMEM: return "ENOMEM";
	case ENODEV: return "ENODEV";
	case EOVERFLOW: return "EOVERFLOW";
	case EOPNOTSUPP: return "EOPNOTSUPP";
	default: return strerror(e);
	}
}

/* Compares mman's and libc's outcomes against each other and the expected errno. */
static void expect(const char *what, struct outcome ours, struct outcome libc, int want)
{
	int ok;
	cases++;
	ok = ours.failed == libc.failed && ours.err == libc.err
	     && (same_only || (ours.failed && ours.err == want));
	printf("%s %-58s mman: %s, glibc: %s (want %s)\n", ok ? "ok  " : "FAIL", what,
	       ours.failed ? errname(ours.err) : "success", libc.failed ? errname(libc.err) : "success",
	       errname(want));
	if (!ok)
		failures++;
}

/* The signature mman_mmap and the C library's mmap share. */
typedef void *(*mmap_fn)(void *, size_t, int, int, int, off_t);

/* One mmap call through `map` (MMAN_MAP_FAILED and MAP_FAILED are the same
 * pointer), unmapped again if it succeeded. */
static struct outcome map_with(mmap_fn map, size_t len, int prot, int flags, int fd, off_t off)
{
	struct outcome o;
	void *p;
	errno = 0;
	p = map(NULL, len, prot, flags, fd, off);
	o.failed = p == MAP_FAILED;
	o.err = o.failed ? errno : 0;
	if (!o.failed)
		munmap(p, len);
	return o;
}

static struct outcome map_mman(size_t len, int prot, int flags, int fd, off_t off)
{
	return map_with(mman_mmap, len, prot, flags, fd, off);
}

static struct outcome map_libc(size_t len, int prot, int flags, int fd, off_t off)
{
	return map_with(mmap, len, prot, flags, fd, off);
}

#define MAP_BOTH(what, want, len, prot, flags, fd, off) \
	expect(what, map_mman(len, prot, flags, fd, off), map_libc(len, prot, flags, fd, off), want)

static struct outcome int_outcome(int r)
{
	struct outcome o = { r == -1, r == -1 ? errno : 0 };
	return o;
}

/* EAGAIN: MAP_LOCKED beyond RLIMIT_MEMLOCK. Root (CAP_IPC_LOCK) is exempt,
 * so a child lowers the limit to one page, gives up root, and reports both
 * outcomes of locking eight pages. (A limit of 0 gives EPERM instead: the
 * kernel's can_do_mlock() refuses locking altogether.) */
static void locked_over_limit(void)
{
	int pipefd[2];
	struct outcome r[2];
	pid_t pid;
	if (pipe(pipefd) != 0) { perror("pipe"); exit(2); }
	pid = fork();
	if (pid == 0) {
		struct rlimit lim = { 4096, 4096 };
		if (setrlimit(RLIMIT_MEMLOCK, &lim) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		r[0] = map_mman(8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
		r[1] = map_libc(8 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
		_exit(write(pipefd[1], r, sizeof r) == sizeof r ? 0 : 4);
	}
	close(pipefd[1]);
	if (read(pipefd[0], r, sizeof r) != sizeof r) {
		printf("FAIL EAGAIN child did not report\n");
		failures++;
	} else {
		expect("mmap MAP_LOCKED 8 pages, RLIMIT_MEMLOCK 1 page (uid 65534)", r[0], r[1], EAGAIN);
	}
	waitpid(pid, NULL, 0);
	close(pipefd[0]);
}

int main(int argc, char **argv)
{
	int rw, ro, closed;
	char page[4096];
	void *area;
	size_t ps = (size_t)sysconf(_SC_PAGESIZE);

	if (argc > 1 && strcmp(argv[1], "--same-only") == 0) {
		same_only = 1;
		argc--, argv++;
	}
	if (argc < 2) { fprintf(stderr, "usage: %s [--same-only] FILE\n", argv[0]); return 2; }
	/* The page size every check below works in: the C library's. */
	cases++;
	if (mman_page_size() != sysconf(_SC_PAGESIZE))
		failures++;
	printf("%s mman_page_size() %ld, sysconf(_SC_PAGESIZE) %ld\n",
	       mman_page_size() == sysconf(_SC_PAGESIZE) ? "ok  " : "FAIL", mman_page_size(), sysconf(_SC_PAGESIZE));
	rw = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0600);
	memset(page, 'x', sizeof page);
	if (rw < 0 || write(rw, page, sizeof page) != sizeof page) { perror(argv[1]); return 2; }
	ro = open(argv[1], O_RDONLY);
	closed = open(argv[1], O_RDONLY);
	close(closed);

	MAP_BOTH("mmap fd -1 without MAP_ANONYMOUS", EBADF, 4096, PROT_READ, MAP_SHARED, -1, 0);
	MAP_BOTH("mmap closed fd", EBADF, 4096, PROT_READ, MAP_SHARED, closed, 0);
	MAP_BOTH("mmap fd -2", EBADF, 4096, PROT_READ, MAP_PRIVATE, -2, 0);
	MAP_BOTH("mmap read-only fd, PROT_WRITE|MAP_SHARED", EACCES, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0);
	MAP_BOTH("mmap offset 1 (not page-aligned)", EINVAL, 4096, PROT_READ, MAP_SHARED, rw, 1);
	MAP_BOTH("mmap offset 1, MAP_ANONYMOUS", EINVAL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1);
	MAP_BOTH("mmap length 0", EINVAL, 0, PROT_READ, MAP_SHARED, rw, 0);
	MAP_BOTH("mmap neither MAP_SHARED nor MAP_PRIVATE", EINVAL, 4096, PROT_READ, MAP_ANONYMOUS, -1, 0);
	MAP_BOTH("mmap length SIZE_MAX (rounds up past the end)", ENOMEM, (size_t)-1, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	/* More than the address space: 2^62 (on a 32-bit target, 2^32 - 2^20). */
	MAP_BOTH("mmap length 2^62 (more than the address space)", ENOMEM,
		 sizeof(size_t) >= 8 ? (size_t)-1 / 4 + 1 : (size_t)-1 - 0xfffff,
		 PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	MAP_BOTH("mmap offset -4096 (page offset overflows)", EOVERFLOW, 8192, PROT_READ, MAP_SHARED, rw, -4096);
	MAP_BOTH("mmap MAP_SHARED_VALIDATE with an unknown flag", EOPNOTSUPP, 4096, PROT_READ, MAP_SHARED_VALIDATE | 0x200000, rw, 0);
	locked_over_limit();

	/* munmap and msync inside a region of our own (pages of the run-time
	 * page size): a PROT_NONE reservation of 4 pages, the file mapped over its first 3 (MAP_FIXED inside the
	 * reservation only), the 4th kept reserved behind them. */
	area = mmap(NULL, 4 * ps, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (area == MAP_FAILED) { perror("mmap (reservation)"); return 2; }
	/* MAP_PRIVATE: msync's and munmap's errors do not depend on it, and
	 * qemu-user with a page size larger than the host's cannot place a
	 * shared file mapping at a fixed address (make check-cross PAGESIZE=). */
	if (mmap(area, 3 * ps, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_FIXED, rw, 0) != area) {
		perror("mmap (MAP_FIXED in the reservation)");
		return 2;
	}
	expect("munmap unaligned address", int_outcome(mman_munmap((char *)area + 1, ps)),
	       int_outcome(munmap((char *)area + 1, ps)), EINVAL);
	expect("munmap length 0", int_outcome(mman_munmap(area, 0)), int_outcome(munmap(area, 0)), EINVAL);
	expect("msync MS_ASYNC|MS_SYNC", int_outcome(mman_msync(area, ps, MMAN_MS_ASYNC | MMAN_MS_SYNC)),
	       int_outcome(msync(area, ps, MS_ASYNC | MS_SYNC)), EINVAL);
	expect("msync unknown flag 8", int_outcome(mman_msync(area, ps, 8)), int_outcome(msync(area, ps, 8)), EINVAL);
	expect("msync unaligned address", int_outcome(mman_msync((char *)area + 1, ps, MMAN_MS_SYNC)),
	       int_outcome(msync((char *)area + 1, ps, MS_SYNC)), EINVAL);
	/* A hole in our own region: its third page unmapped, between the
	 * file's first two pages and the reserved fourth, so the unmapped page
	 * msync reaches is one page of our reservation, mapped on both sides,
	 * not the edge of our region or memory beyond it. */
	if (munmap((char *)area + 2 * ps, ps) != 0) { perror("munmap"); return 2; }
	expect("msync range reaching an unmapped page", int_outcome(mman_msync(area, 3 * ps, MMAN_MS_SYNC)),
	       int_outcome(msync(area, 3 * ps, MS_SYNC)), ENOMEM);
	munmap(area, 4 * ps);

	printf("errno paths: %d passed, %d failed\n", cases - failures, failures);
	return failures != 0;
}
