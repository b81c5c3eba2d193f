/*
 * Faults, each through mman_* and the C library's function side by side:
 * exhausted limits (RLIMIT_AS, RLIMIT_MEMLOCK, RLIMIT_NOFILE, lowered in
 * forked children), a file truncated under a live mapping, a child killed
 * with SIGKILL after writing to a shared file mapping, and msync(MS_SYNC)
 * followed by a read through another descriptor.
 *
 * One line per check, and "faults: N passed, N failed". Usage: faults DIR
 * (a directory for the scratch files).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "mman.h"
#include "family_check.h"

#define PAGE 4096
enum imp { MMAN, LIBC };
static const char *names[] = { "mman", "glibc" };

static void *do_mmap(enum imp i, void *a, size_t l, int prot, int flags, int fd, off_t off)
{
	return i == MMAN ? mman_mmap(a, l, prot, flags, fd, off) : mmap(a, l, prot, flags, fd, off);
}
static int do_munmap(enum imp i, void *a, size_t l) { return i == MMAN ? mman_munmap(a, l) : munmap(a, l); }
static int do_msync(enum imp i, void *a, size_t l, int f) { return i == MMAN ? mman_msync(a, l, f) : msync(a, l, f); }
static int do_mlock(enum imp i, void *a, size_t l) { return i == MMAN ? mman_mlock(a, l) : mlock(a, l); }

/* Runs f(imp) in a child; the child's exit status packs the result: the
 * errno of the failure, 0 for success, or 200+ for a broken set-up. */
static int in_child(int (*f)(enum imp), enum imp i)
{
	int status;
	pid_t pid;
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		DIE("fork");
	if (pid == 0)
		_exit(f(i));
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status))
		return 1000 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

static int set_limit(int resource, rlim_t v)
{
	struct rlimit r = { v, v };
	return setrlimit(resource, &r);
}

/* Address space: RLIMIT_AS at 64 MiB, then a 128 MiB mapping. */
static int as_exhausted(enum imp i)
{
	void *p;
	if (set_limit(RLIMIT_AS, 64 << 20) != 0)
		return 201;
	errno = 0;
	p = do_mmap(i, NULL, 128 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? errno : 0;
}

/* As uid 65534 with RLIMIT_MEMLOCK of one page: mlock of 4 pages. */
static int drop_root(rlim_t memlock)
{
	return set_limit(RLIMIT_MEMLOCK, memlock) != 0 || setgid(65534) != 0 || setuid(65534) != 0;
}
static int mlock_over(enum imp i)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || drop_root(PAGE))
		return 202;
	errno = 0;
	return do_mlock(i, p, 4 * PAGE) == 0 ? 0 : errno;
}
static int mlock_within(enum imp i)
{
	char *p = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || drop_root(PAGE))
		return 202;
	errno = 0;
	return do_mlock(i, p, PAGE) == 0 ? 0 : errno;
}
static int map_locked_over(enum imp i)
{
	void *p;
	if (drop_root(PAGE))
		return 202;
	errno = 0;
	p = do_mmap(i, NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_LOCKED, -1, 0);
	return p == MAP_FAILED ? errno : 0;
}
static int memlock_zero(enum imp i)
{
	char *p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || drop_root(0))
		return 202;
	errno = 0;
	return do_mlock(i, p, PAGE) == 0 ? 0 : errno;
}

/* Descriptors: RLIMIT_NOFILE at the lowest free descriptor. */
static int nofile_limit(void)
{
	int fd = dup(0);
	if (fd < 0)
		fd = open("/dev/null", O_RDONLY);
	close(fd);
	return set_limit(RLIMIT_NOFILE, (rlim_t)fd);
}
static int memfd_exhausted(enum imp i)
{
	int fd;
	if (nofile_limit() != 0)
		return 203;
	errno = 0;
	fd = i == MMAN ? mman_memfd_create("faults", 0) : memfd_create("faults", 0);
	return fd >= 0 ? 0 : errno;
}
static char shm_name[64];
static int shm_exhausted(enum imp i)
{
	int fd;
	if (nofile_limit() != 0)
		return 203;
	errno = 0;
	fd = i == MMAN ? mman_shm_open(shm_name, O_RDWR | O_CREAT, 0600) : shm_open(shm_name, O_RDWR | O_CREAT, 0600);
	return fd >= 0 ? 0 : errno;
}

static const char *dir;
static char *scratch(const char *what, enum imp i)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/faults-%s-%s", dir, what, names[i]);
	return path;
}
static int file_of(const char *path, size_t size)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || ftruncate(fd, (off_t)size) != 0)
		DIE(path);
	return fd;
}

/* A file of 4 pages, mapped shared and filled; truncated to 1.5 pages
 * while mapped. Returns 0 when the bytes before the new end are intact,
 * through the mapping and the file, and an access to page 2 raises SIGBUS
 * (in a child). */
static char *trunc_map;
static int touch_page2(enum imp i)
{
	(void)i;
	no_core_dump();
	trunc_map[2 * PAGE] = 'x'; /* SIGBUS */
	return 0;
}
static int truncate_check(enum imp i, int *bus)
{
	char buf[PAGE + PAGE / 2];
	int fd = file_of(scratch("truncate", i), 4 * PAGE), ok = 1;
	size_t k;
	trunc_map = do_mmap(i, NULL, 4 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (trunc_map == MAP_FAILED)
		DIE("mmap");
	for (k = 0; k < 4 * PAGE; k++)
		trunc_map[k] = (char)(k % 251);
	if (ftruncate(fd, PAGE + PAGE / 2) != 0)
		DIE("ftruncate");
	for (k = 0; k < PAGE + PAGE / 2; k++)
		ok &= trunc_map[k] == (char)(k % 251);
	/* The rest of the last page reads as zeros (the kernel cleared it). */
	for (k = PAGE + PAGE / 2; k < 2 * PAGE; k++)
		ok &= trunc_map[k] == 0;
	if (pread(fd, buf, sizeof buf, 0) != (ssize_t)sizeof buf)
		ok = 0;
	for (k = 0; k < sizeof buf; k++)
		ok &= buf[k] == (char)(k % 251);
	*bus = in_child(touch_page2, i);
	do_munmap(i, trunc_map, 4 * PAGE);
	close(fd);
	unlink(scratch("truncate", i));
	return ok;
}

/* A child maps a file shared, writes a pattern, says so, and is killed
 * with SIGKILL before it could unmap, msync or exit. */
static int killed_writer(enum imp i, int *sig)
{
	char buf[3 * PAGE];
	int fd = file_of(scratch("sigkill", i), 3 * PAGE), p[2], status, ok = 1;
	size_t k;
	pid_t pid;
	if (pipe(p) != 0)
		DIE("pipe");
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char *m = do_mmap(i, NULL, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		if (m == MAP_FAILED)
			_exit(1);
		for (k = 0; k < 3 * PAGE; k++)
			m[k] = (char)(k * 7 + 3);
		if (write(p[1], "w", 1) != 1)
			_exit(2);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], buf, 1) != 1)
		ok = 0;
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	*sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	close(p[0]);
	close(fd);
	fd = open(scratch("sigkill", i), O_RDONLY);
	if (fd < 0 || read(fd, buf, sizeof buf) != (ssize_t)sizeof buf)
		ok = 0;
	for (k = 0; k < sizeof buf; k++)
		ok &= buf[k] == (char)(k * 7 + 3);
	close(fd);
	unlink(scratch("sigkill", i));
	return ok;
}

/* Writes through a shared mapping, msync(MS_SYNC), then reads the file
 * through a second descriptor opened afterwards, with O_DIRECT where the
 * file system allows it (else a plain read). */
static int msync_then_read(enum imp i)
{
	static char buf[8 * PAGE] __attribute__((aligned(PAGE)));
	int fd = file_of(scratch("msync", i), 8 * PAGE), fd2, ok = 1, round;
	size_t k;
	char *m = do_mmap(i, NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (m == MAP_FAILED)
		DIE("mmap");
	for (round = 1; round <= 20; round++) {
		for (k = (size_t)round; k < 8 * PAGE; k += 97)
			m[k] = (char)(round + k);
		if (do_msync(i, m, 8 * PAGE, MS_SYNC) != 0)
			ok = 0;
		fd2 = open(scratch("msync", i), O_RDONLY | O_DIRECT);
		if (fd2 < 0)
			fd2 = open(scratch("msync", i), O_RDONLY);
		if (fd2 < 0 || pread(fd2, buf, sizeof buf, 0) != (ssize_t)sizeof buf)
			ok = 0;
		for (k = (size_t)round; k < 8 * PAGE; k += 97)
			ok &= buf[k] == (char)(round + k);
		close(fd2);
	}
	do_munmap(i, m, 8 * PAGE);
	close(fd);
	unlink(scratch("msync", i));
	return ok;
}

static const char *ename(int e)
{
	static char b[32];
	switch (e) {
	case 0: return "success";
	case ENOMEM: return "ENOMEM";
	case EAGAIN: return "EAGAIN";
	case EPERM: return "EPERM";
	case EMFILE: return "EMFILE";
	default: snprintf(b, sizeof b, "%d", e); return b;
	}
}

/* Runs f for both, checks both gave `want` (one of two values). */
static void same(const char *what, int (*f)(enum imp), int want, int want2)
{
	int m = in_child(f, MMAN), g = in_child(f, LIBC);
	char ms[32];
	snprintf(ms, sizeof ms, "%s", ename(m));
	CHECK(m == g && (m == want || m == want2), "%s: mman %s, glibc %s", what, ms, ename(g));
}

int main(int argc, char **argv)
{
	int i;
	dir = argc > 1 ? argv[1] : "/tmp";
	snprintf(shm_name, sizeof shm_name, "/mman-faults-%d", (int)getpid());

	/* Under valgrind (MMAN_FAULTS_NO_LIMITS set), which needs address
	 * space and descriptors of its own, the limits mean something else. */
	if (!getenv("MMAN_FAULTS_NO_LIMITS")) {
	same("RLIMIT_AS 64 MiB, mmap of 128 MiB", as_exhausted, ENOMEM, ENOMEM);
	same("RLIMIT_MEMLOCK 1 page, unprivileged, mlock of 4 pages", mlock_over, ENOMEM, ENOMEM);
	same("RLIMIT_MEMLOCK 1 page, unprivileged, mlock of 1 page", mlock_within, 0, 0);
	same("RLIMIT_MEMLOCK 1 page, unprivileged, mmap MAP_LOCKED of 4 pages", map_locked_over, EAGAIN, EAGAIN);
	same("RLIMIT_MEMLOCK 0, unprivileged, mlock", memlock_zero, EPERM, EPERM);
	same("RLIMIT_NOFILE reached, memfd_create", memfd_exhausted, EMFILE, EMFILE);
	same("RLIMIT_NOFILE reached, shm_open", shm_exhausted, EMFILE, EMFILE);
	shm_unlink(shm_name);
	}

	for (i = MMAN; i <= LIBC; i++) {
		int bus = 0, sig = 0;
		int ok = truncate_check((enum imp)i, &bus);
		CHECK(ok, "%s: file truncated to 1.5 pages under a 4-page shared mapping: bytes before the end intact, the rest of the page zero", names[i]);
		CHECK(bus == 1000 + SIGBUS, "%s: an access past the new end raises SIGBUS (child status %d)", names[i], bus);
		ok = killed_writer((enum imp)i, &sig);
		CHECK(sig == SIGKILL, "%s: the writer was killed by SIGKILL (signal %d)", names[i], sig);
		CHECK(ok, "%s: its writes to the shared file mapping are in the file", names[i]);
		CHECK(msync_then_read((enum imp)i), "%s: msync(MS_SYNC), then a read through another descriptor sees every write (20 rounds)", names[i]);
	}
	return done("faults");
}
