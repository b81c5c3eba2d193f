/*
 * mlock, mlock2 and mlockall, seen in /proc/self/status (VmLck). mlockall
 * locks the whole process: it runs in a forked child only.
 */
#define MMAN_POSIX_NAMES
#include "mman.h"
#include <errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include "family_check.h"

#define PAGE 4096

int main(void)
{
	long base, kb;
	int status;
	pid_t pid;
	char *p = mmap(NULL, 8 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		DIE("mmap");
	base = status_kb("VmLck");
	CHECK(base >= 0, "VmLck before: %ld kB", base);
	CHECK(mlock(p, 4 * PAGE) == 0, "mlock 4 pages");
	kb = status_kb("VmLck");
	CHECK_NATIVE("VmLck in /proc/self/status is the qemu process's, not the program's", kb == base + 16, "VmLck grew by 16 kB: %ld kB", kb);
	CHECK_NATIVE("qemu 7.2 fails it", mlock2(p + 4 * PAGE, 2 * PAGE, MLOCK_ONFAULT) == 0,
		     "mlock2 2 more pages, MLOCK_ONFAULT");
	kb = status_kb("VmLck");
	CHECK_NATIVE("VmLck in /proc/self/status is the qemu process's, not the program's", kb == base + 24, "VmLck grew by 8 kB more: %ld kB", kb);
	errno = 0;
	/* riscv64's glibc makes the mlock2 system call even for flags 0, which
	   qemu-user 7.2 does not have (ENOSYS); elsewhere glibc turns ENOSYS
	   into EINVAL. */
	CHECK(mlock2(p, PAGE, 2) == -1 && (errno == EINVAL || (getenv("MMAN_EMULATED") && errno == ENOSYS)),
	      "mlock2 unknown flag 2: EINVAL (ENOSYS from qemu-user on riscv64)");
	CHECK(munlock(p, 6 * PAGE) == 0, "munlock the 6 pages");
	kb = status_kb("VmLck");
	CHECK(kb == base, "VmLck back to %ld kB: %ld kB", base, kb);

	fflush(stdout);
	pid = fork();
	if (pid < 0)
		DIE("fork");
	if (pid == 0) {
		long all;
		if (mlockall(MCL_CURRENT) != 0)
			_exit(10);
		all = status_kb("VmLck");
		if (all < 16 + base)
			_exit(11);
		if (munlockall() != 0)
			_exit(12);
		_exit(status_kb("VmLck") == 0 ? 0 : 13);
	}
	waitpid(pid, &status, 0);
	CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "a child: mlockall(MCL_CURRENT) locked its pages, munlockall unlocked them (exit %d)", WEXITSTATUS(status));
	errno = 0;
	CHECK(mlockall(0) == -1 && errno == EINVAL, "mlockall(0): EINVAL");
	errno = 0;
	CHECK(mlockall(MCL_ONFAULT) == -1 && errno == EINVAL, "mlockall(MCL_ONFAULT) alone: EINVAL");
	munmap(p, 8 * PAGE);
	return done("family_mlock");
}
