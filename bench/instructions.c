/*
 * instructions: the harness that `make bench-instructions` runs under
 * valgrind --tool=callgrind, which counts the user-space instructions
 * executed inside each function (and in what it calls), the system call
 * instruction counting as one.
 *
 *   instructions ok|err N
 *
 * Calls every function of the family N times through mman (mman_X) and N
 * times through glibc (X), on the success path (`ok`) or on an error path
 * (`err`: arguments that fail, in user space where the library checks
 * something there, else in the kernel). Each call's result is checked, so
 * that the path measured is the one named. bench/instructions.sh turns
 * callgrind's inclusive counts into instructions per call.
 *
 * The calls run in a forked child, which the parent waits for: the success
 * path makes a real mlockall(MCL_FUTURE) (undone by munlockall right
 * after), and `make check` runs this harness (check-bench-builds), so that
 * lock is taken by a short-lived process of its own, never by the process
 * the checks started. The child runs the very same ok_ and err_ functions,
 * so callgrind (which follows fork; bench/instructions.sh collects every
 * process's output) counts the same instructions.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "mman.h"

#define PAGE 4096

static void die(const char *what)
{
	fprintf(stderr, "instructions: %s failed unexpectedly (errno %d)\n", what, errno);
	exit(1);
}

#define OK(cond, what) do { if (!(cond)) die(what); } while (0)
#define FAILS(cond, what) do { if (!(cond)) die(what); } while (0)

static char *anon;
static int fd;
static char *filemap;
static char shm_name[64];

/*
 * mmap of a file, apart, so that bench/instructions.sh counts it on its own
 * row (it takes rustix's path in mman, and the anonymous one does not).
 */
#define FILE_MMAP(PFX)                                                          \
__attribute__((noinline)) static void *file_##PFX##mmap(int prot, off_t off)    \
{                                                                               \
	return PFX##mmap64(NULL, PAGE, prot, MAP_SHARED, fd, off);              \
}

/* The success path: each function once, through the names PFX##X. */
#define OK_CALLS(PFX)                                                           \
__attribute__((noinline)) static void ok_##PFX##calls(void)                        \
{                                                                               \
	unsigned char vec[4];                                                   \
	void *p = PFX##mmap(NULL, PAGE, PROT_READ | PROT_WRITE,                 \
	                    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);                \
	OK(p != MAP_FAILED, "mmap anon");                                       \
	OK(PFX##munmap(p, PAGE) == 0, "munmap");                                \
	p = file_##PFX##mmap(PROT_READ, 0);                                     \
	OK(p != MAP_FAILED, "mmap64 file");                                     \
	OK(PFX##munmap(p, PAGE) == 0, "munmap");                                \
	OK(PFX##mprotect(anon, PAGE, PROT_READ) == 0, "mprotect");              \
	OK(PFX##mprotect(anon, PAGE, PROT_READ | PROT_WRITE) == 0, "mprotect"); \
	OK(PFX##msync(filemap, PAGE, MS_ASYNC) == 0, "msync");                  \
	OK(PFX##madvise(anon, PAGE, MADV_NORMAL) == 0, "madvise");              \
	OK(PFX##posix_madvise(anon, PAGE, POSIX_MADV_NORMAL) == 0, "posix_madvise"); \
	OK(PFX##mincore(anon, PAGE, vec) == 0, "mincore");                      \
	OK(PFX##mlock(anon, PAGE) == 0, "mlock");                               \
	OK(PFX##munlock(anon, PAGE) == 0, "munlock");                           \
	OK(PFX##mlock2(anon, PAGE, 0) == 0, "mlock2");                          \
	OK(PFX##munlock(anon, PAGE) == 0, "munlock");                           \
	OK(PFX##mlockall(MCL_FUTURE) == 0, "mlockall");                         \
	OK(PFX##munlockall() == 0, "munlockall");                               \
	p = PFX##mmap(NULL, PAGE, PROT_READ | PROT_WRITE,                       \
	              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);                      \
	OK(p != MAP_FAILED, "mmap anon");                                       \
	p = PFX##mremap(p, PAGE, 2 * PAGE, MREMAP_MAYMOVE, NULL);               \
	OK(p != MAP_FAILED, "mremap");                                          \
	OK(PFX##munmap(p, 2 * PAGE) == 0, "munmap");                            \
	int m = PFX##memfd_create("mman-instructions", MFD_CLOEXEC);            \
	OK(m >= 0, "memfd_create");                                             \
	close(m);                                                               \
	int s = PFX##shm_open(shm_name, O_RDWR | O_CREAT | O_EXCL, 0600);       \
	OK(s >= 0, "shm_open");                                                 \
	close(s);                                                               \
	OK(PFX##shm_unlink(shm_name) == 0, "shm_unlink");                       \
}

/*
 * An error path: each function once with arguments that fail. mmap's
 * unaligned offset and mremap's unknown flag fail in user space (in both
 * libraries); the others fail in the kernel (EINVAL for an unaligned
 * address, EBADF, ENOENT) and the cost measured is the errno path's.
 */
#define ERR_CALLS(PFX)                                                          \
__attribute__((noinline)) static void err_##PFX##calls(void)                       \
{                                                                               \
	unsigned char vec[4];                                                   \
	char *bad = anon + 1;                                                   \
	FAILS(file_##PFX##mmap(PROT_READ, 1) == MAP_FAILED                      \
	      && errno == EINVAL, "mmap offset");                               \
	FAILS(PFX##mmap64(NULL, PAGE, PROT_READ, MAP_SHARED, -1, 0) == MAP_FAILED \
	      && errno == EBADF, "mmap64 EBADF");                               \
	FAILS(PFX##munmap(bad, PAGE) == -1 && errno == EINVAL, "munmap");       \
	FAILS(PFX##mprotect(bad, PAGE, PROT_READ) == -1 && errno == EINVAL, "mprotect"); \
	FAILS(PFX##msync(bad, PAGE, MS_ASYNC) == -1 && errno == EINVAL, "msync"); \
	FAILS(PFX##madvise(bad, PAGE, MADV_NORMAL) == -1 && errno == EINVAL, "madvise"); \
	FAILS(PFX##posix_madvise(bad, PAGE, POSIX_MADV_NORMAL) == EINVAL, "posix_madvise"); \
	FAILS(PFX##mincore(bad, PAGE, vec) == -1 && errno == EINVAL, "mincore"); \
	FAILS(PFX##mlock(anon, -PAGE) == -1, "mlock");                         \
	FAILS(PFX##munlock(anon, -PAGE) == -1, "munlock");                    \
	FAILS(PFX##mlock2(anon, PAGE, 0x100) == -1 && errno == EINVAL, "mlock2"); \
	FAILS(PFX##mlockall(0) == -1 && errno == EINVAL, "mlockall");           \
	FAILS(PFX##mremap(anon, PAGE, PAGE, 0x100, NULL) == MAP_FAILED          \
	      && errno == EINVAL, "mremap");                                    \
	FAILS(PFX##memfd_create("x", 0x1000) == -1 && errno == EINVAL, "memfd_create"); \
	FAILS(PFX##shm_open("/", O_RDWR, 0) == -1 && errno == EINVAL, "shm_open"); \
	FAILS(PFX##shm_unlink("/mman-instructions-none") == -1                  \
	      && errno == ENOENT, "shm_unlink");                                \
}

FILE_MMAP(mman_)
FILE_MMAP()
OK_CALLS(mman_)
OK_CALLS()
ERR_CALLS(mman_)
ERR_CALLS()

int main(int argc, char **argv)
{
	if (argc != 3 || (strcmp(argv[1], "ok") && strcmp(argv[1], "err"))) {
		fprintf(stderr, "usage: instructions ok|err N\n");
		return 2;
	}
	int err = strcmp(argv[1], "err") == 0;
	long n = atol(argv[2]);

	/* A name of one length whatever the pid: the path copies count per byte. */
	snprintf(shm_name, sizeof shm_name, "/mman-instructions-%07ld", (long) getpid() % 10000000);
	const char *dir = getenv("TMPDIR");
	char path[4096];
	snprintf(path, sizeof path, "%s/mman-instructions-XXXXXX", dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0 || unlink(path) != 0 || ftruncate(fd, PAGE) != 0)
		die("temporary file");
	filemap = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	anon = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (filemap == MAP_FAILED || anon == MAP_FAILED)
		die("setup mmap");
	anon[0] = 1;

	fflush(stdout);
	pid_t child = fork();
	if (child < 0)
		die("fork");
	if (child == 0) {
		for (long i = 0; i < n; i++) {
			if (err) {
				err_mman_calls();
				err_calls();
			} else {
				ok_mman_calls();
				ok_calls();
			}
		}
		_exit(0);
	}
	int status;
	if (waitpid(child, &status, 0) != child)
		die("waitpid");
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "instructions: the measuring child %s %d\n",
		        WIFEXITED(status) ? "exited" : "died of signal",
		        WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
		return 1;
	}
	printf("instructions: %s path, %ld rounds of every function, mman and glibc\n",
	       err ? "error" : "success", n);
	return 0;
}
