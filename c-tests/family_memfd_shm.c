/*
 * memfd_create: a file sealed against growth; shm_open: two processes
 * talking through a named object, which shm_unlink then removes.
 * POSIX names, as a ported program.
 *
 * Usage: family_memfd_shm [child NAME]   (the second form is the peer)
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#define MMAN_POSIX_NAMES
#include "mman.h"
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "family_check.h"

#define PAGE 4096

/* The peer: opens the object by name, reads the parent's message, answers. */
static int child(const char *name)
{
	char *p;
	int fd = shm_open(name, O_RDWR, 0);
	if (fd < 0)
		return 10;
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		return 11;
	if (strcmp(p, "ping from the parent") != 0)
		return 12;
	strcpy(p + 100, "pong from the child");
	return munmap(p, PAGE) != 0;
}

int main(int argc, char **argv)
{
	char name[64], path[96], link[256], proc[64], *p;
	struct stat st;
	int fd, status, seals;
	pid_t pid;
	ssize_t n;

	if (argc == 3 && strcmp(argv[1], "child") == 0)
		return child(argv[2]);

	/* memfd sealed against growth. */
	fd = memfd_create("mman-ctest", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	CHECK(fd >= 0, "memfd_create(MFD_CLOEXEC|MFD_ALLOW_SEALING)");
	if (fd < 0)
		return done("family_memfd_shm");
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	n = readlink(proc, link, sizeof link - 1);
	link[n < 0 ? 0 : n] = '\0';
	CHECK(strcmp(link, "/memfd:mman-ctest (deleted)") == 0, "the descriptor is %s", link);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "FD_CLOEXEC is set");
	CHECK(ftruncate(fd, PAGE) == 0, "ftruncate to one page");
	CHECK(fcntl(fd, F_ADD_SEALS, F_SEAL_GROW | F_SEAL_SHRINK) == 0, "F_ADD_SEALS F_SEAL_GROW|F_SEAL_SHRINK");
	seals = fcntl(fd, F_GET_SEALS);
	CHECK(seals == (F_SEAL_GROW | F_SEAL_SHRINK), "F_GET_SEALS = %#x", seals);
	errno = 0;
	CHECK(ftruncate(fd, 2 * PAGE) == -1 && errno == EPERM, "growing the sealed memfd fails with EPERM");
	errno = 0;
	CHECK(pwrite(fd, "x", 1, PAGE) == -1 && errno == EPERM, "writing past its end fails with EPERM");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap of the memfd, MAP_SHARED");
	if (p != MAP_FAILED) {
		char back[6] = "";
		strcpy(p, "hello");
		CHECK(pread(fd, back, 6, 0) == 6 && strcmp(back, "hello") == 0, "a write through the mapping is in the file");
		munmap(p, PAGE);
	}
	close(fd);
	errno = 0;
	CHECK(memfd_create("x", MFD_HUGETLB | MFD_ALLOW_SEALING | 0x1000) == -1 && errno == EINVAL,
	      "memfd_create with an unknown flag: EINVAL");

	/* shm_open: two processes, one name. */
	snprintf(name, sizeof name, "/mman-ctest-%d", (int)getpid());
	snprintf(path, sizeof path, "/dev/shm%s", name);
	fd = shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0640);
	CHECK(fd >= 0, "shm_open(%s, O_RDWR|O_CREAT|O_EXCL, 0640)", name);
	if (fd < 0)
		return done("family_memfd_shm");
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "shm_open sets FD_CLOEXEC, as glibc");
	CHECK(stat(path, &st) == 0 && (st.st_mode & 07777) == (0640 & ~(mode_t)0), "%s exists, mode %o", path, (unsigned)(st.st_mode & 07777));
	CHECK(ftruncate(fd, PAGE) == 0, "ftruncate the object to one page");
	p = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	close(fd);
	if (p == MAP_FAILED)
		DIE("mmap");
	strcpy(p, "ping from the parent");
	pid = fork();
	if (pid < 0)
		DIE("fork");
	if (pid == 0) {
		execl("/proc/self/exe", argv[0], "child", name, (char *)NULL);
		_exit(127);
	}
	waitpid(pid, &status, 0);
	/* The child execs this program again: under qemu-user, the kernel cannot
	 * run a binary of the target's without binfmt_misc. */
	CHECK_NATIVE("exec of a target binary needs binfmt_misc", WIFEXITED(status) && WEXITSTATUS(status) == 0,
		     "the other process opened %s and read the message (status %#x)", name, status);
	CHECK_NATIVE("exec of a target binary needs binfmt_misc", strcmp(p + 100, "pong from the child") == 0,
		     "its answer is in our mapping: %s", p + 100);
	munmap(p, PAGE);
	errno = 0;
	CHECK(shm_open(name, O_RDWR | O_CREAT | O_EXCL, 0600) == -1 && errno == EEXIST, "O_CREAT|O_EXCL again: EEXIST");
	CHECK(shm_unlink(name) == 0 && access(path, F_OK) != 0, "shm_unlink removed %s", path);
	errno = 0;
	CHECK(shm_open(name, O_RDWR, 0) == -1 && errno == ENOENT, "shm_open after shm_unlink: ENOENT");
	errno = 0;
	CHECK(shm_unlink(name) == -1 && errno == ENOENT, "shm_unlink again: ENOENT");
	errno = 0;
	CHECK(shm_open("a/b", O_RDWR | O_CREAT, 0600) == -1 && errno == EINVAL, "shm_open(\"a/b\"): EINVAL");
	errno = 0;
	CHECK(shm_unlink("///") == -1 && errno == ENOENT, "shm_unlink(\"///\"): ENOENT, as glibc 2.36");
	return done("family_memfd_shm");
}
