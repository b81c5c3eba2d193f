/*
 * The fault rules' semantics, in-process (mman_fault_set), through glibc's
 * names that libmman-preload.so provides: which call fails (nth, every,
 * after, p with a seed), with which errno and return value, several rules
 * together, malformed specs, and that an injected failure never reaches
 * the kernel. Built against glibc's <sys/mman.h> and linked with
 * -lmman-preload. One line per check, then "fault_rules: N passed, N failed".
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "mman-fault.h"

static int passed, failed;

static void check(int ok, const char *what, const char *detail)
{
	printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", what, detail ? ": " : "", detail ? detail : "");
	if (ok)
		passed++;
	else
		failed++;
}

/* N anonymous one-page mmaps under SPEC: '.' for a success (unmapped
 * again), 'M' for ENOMEM, 'A' for EAGAIN, '?' for anything else. */
static const char *pattern(const char *spec, int n)
{
	static char out[256];
	if (mman_fault_set(spec) != 0) {
		snprintf(out, sizeof out, "mman_fault_set(\"%s\") failed: %s", spec, strerror(errno));
		return out;
	}
	for (int i = 0; i < n; i++) {
		errno = 0;
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			out[i] = '.';
			munmap(p, 4096);
		} else {
			out[i] = errno == ENOMEM ? 'M' : errno == EAGAIN ? 'A' : '?';
		}
	}
	out[n] = 0;
	mman_fault_clear();
	return out;
}

static void expect(const char *spec, int n, const char *want)
{
	char what[200];
	const char *got = pattern(spec, n);
	snprintf(what, sizeof what, "%-40s %s", spec, want);
	check(strcmp(got, want) == 0, what, strcmp(got, want) == 0 ? NULL : got);
}

int main(void)
{
	char buf[256];

	/* When: the Nth call, every Nth, after N, always. */
	expect("mmap:ENOMEM:nth=3", 8, "..M.....");
	expect("mmap:ENOMEM:every=3", 9, "..M..M..M");
	expect("mmap:ENOMEM:after=4", 8, "....MMMM");
	expect("mmap:EAGAIN", 4, "AAAA");
	expect("mmap:EAGAIN:always", 4, "AAAA");
	expect("mmap:ENOMEM:after=0", 3, "MMM");
	/* Rules on another function do not count mmap's calls. */
	expect("munmap:ENOMEM:nth=1", 3, "...");
	/* Several rules: each counts every call; the first that fires wins. */
	expect("mmap:ENOMEM:nth=2,mmap:EAGAIN:every=3", 6, ".MA..A");
	expect("mmap:ENOMEM:nth=3,mmap:EAGAIN:every=3", 6, "..M..A");
	/* "*" counts every function: mmap 1, munmap 2, mmap 3 (fails), mmap 4, ... */
	expect("*:EAGAIN:nth=3", 4, ".A..");

	/* Probability: the same calls fail for the same seed, on every run. */
	char first[256], again[256], other[256];
	strcpy(first, pattern("mmap:ENOMEM:p=0.5:seed=7", 200));
	strcpy(again, pattern("mmap:ENOMEM:p=0.5:seed=7", 200));
	strcpy(other, pattern("mmap:ENOMEM:p=0.5:seed=8", 200));
	int fails = 0;
	for (int i = 0; first[i]; i++)
		fails += first[i] == 'M';
	check(strcmp(first, again) == 0, "p=0.5:seed=7 fails the same calls twice", NULL);
	check(strcmp(first, other) != 0, "p=0.5:seed=8 fails other calls than seed=7", NULL);
	snprintf(buf, sizeof buf, "%d of 200 failed", fails);
	check(fails > 60 && fails < 140, "p=0.5 fails about half the calls", buf);
	printf("     seed=7: %.60s...\n", first);
	strcpy(first, pattern("mmap:ENOMEM:p=0.1:seed=7", 200));
	fails = 0;
	for (int i = 0; first[i]; i++)
		fails += first[i] == 'M';
	snprintf(buf, sizeof buf, "%d of 200 failed", fails);
	check(fails > 5 && fails < 40, "p=0.1 fails about a tenth of the calls", buf);
	expect("mmap:ENOMEM:p=0", 50, "..................................................");
	expect("mmap:ENOMEM:p=1", 5, "MMMMM");

	/* The C failure value and errno of each kind of function. */
	void *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(p != MAP_FAILED, "a real mmap, with no rule", NULL);
	memset(p, 'x', 8192);
	mman_fault_set("munmap:EINVAL:nth=1");
	errno = 0;
	int r = munmap(p, 8192);
	check(r == -1 && errno == EINVAL, "munmap fails: -1, errno EINVAL", NULL);
	/* The kernel never saw it: the pages are still mapped, and written. */
	check(((char *) p)[8191] == 'x', "the injected munmap left the mapping in place", NULL);
	check(munmap(p, 8192) == 0, "munmap's second call (nth=1 only) succeeds", NULL);

	mman_fault_set("posix_madvise:EINVAL");
	p = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	errno = 0;
	r = posix_madvise(p, 4096, POSIX_MADV_WILLNEED);
	check(r == EINVAL && errno == 0, "posix_madvise returns EINVAL, errno untouched", NULL);
	mman_fault_set("mremap:ENOMEM");
	void *q = mremap(p, 4096, 8192, MREMAP_MAYMOVE);
	check(q == MAP_FAILED && errno == ENOMEM, "mremap fails: MAP_FAILED, errno ENOMEM", NULL);
	mman_fault_set("mprotect:EACCES,madvise:EAGAIN,msync:EIO,mincore:EFAULT");
	unsigned char vec[1];
	check(mprotect(p, 4096, PROT_NONE) == -1 && errno == EACCES, "mprotect fails with EACCES", NULL);
	check(madvise(p, 4096, MADV_NORMAL) == -1 && errno == EAGAIN, "madvise fails with EAGAIN", NULL);
	check(msync(p, 4096, MS_SYNC) == -1 && errno == EIO, "msync fails with EIO", NULL);
	check(mincore(p, 4096, vec) == -1 && errno == EFAULT, "mincore fails with EFAULT", NULL);
	mman_fault_set("mlock:EPERM,mlock2:EPERM,munlock:EPERM,mlockall:EPERM,munlockall:EPERM");
	check(mlock(p, 4096) == -1 && errno == EPERM, "mlock fails with EPERM", NULL);
	check(mlock2(p, 4096, 0) == -1 && errno == EPERM, "mlock2 fails with EPERM", NULL);
	check(munlock(p, 4096) == -1 && errno == EPERM, "munlock fails with EPERM", NULL);
	check(mlockall(MCL_CURRENT) == -1 && errno == EPERM, "mlockall fails with EPERM", NULL);
	check(munlockall() == -1 && errno == EPERM, "munlockall fails with EPERM", NULL);
	mman_fault_clear();
	check(munmap(p, 4096) == 0, "munmap with the rules cleared", NULL);

	char name[64];
	snprintf(name, sizeof name, "/mman-fault-rules-%d", (int) getpid());
	mman_fault_set("shm_open:EMFILE,memfd_create:ENFILE,shm_unlink:ENOENT");
	int fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600);
	check(fd == -1 && errno == EMFILE, "shm_open fails with EMFILE", NULL);
	snprintf(buf, sizeof buf, "/dev/shm%s", name);
	check(access(buf, F_OK) == -1 && errno == ENOENT, "the injected shm_open created no object", NULL);
	check(memfd_create("x", MFD_CLOEXEC) == -1 && errno == ENFILE, "memfd_create fails with ENFILE", NULL);
	check(shm_unlink(name) == -1 && errno == ENOENT, "shm_unlink fails with ENOENT", NULL);
	mman_fault_clear();

	/* A malformed spec: -1, EINVAL, and the rules in force stay. */
	mman_fault_set("mmap:ENOMEM:every=2");
	const char *bad[] = {"mmap:ENOMEM:nth=0", "mmapp:ENOMEM", "mmap:ENOMEN", "mmap", "mmap:ENOMEM:p=2",
			     "mmap:ENOMEM:p=0.5:sed=1", "mmap:ENOMEM:nth=1:x", "mmap:ENOMEM,", ""};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		errno = 0;
		snprintf(buf, sizeof buf, "mman_fault_set(\"%s\") is rejected: -1, EINVAL", bad[i]);
		check(mman_fault_set(bad[i]) == -1 && errno == EINVAL, buf, NULL);
	}
	void *a = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void *b = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	check(a != MAP_FAILED && b == MAP_FAILED && errno == ENOMEM,
	      "after the rejected specs, every=2 is still in force (and counting from the set)", NULL);
	mman_fault_clear();
	munmap(a, 4096);

	printf("fault_rules: %d passed, %d failed\n", passed, failed);
	return failed != 0;
}
