/*
 * A JIT's page: code written under PROT_READ|PROT_WRITE, flipped with
 * mprotect to PROT_READ|PROT_EXEC, executed; and a write to a read-only
 * page kills a child with SIGSEGV. POSIX names, as a ported program.
 */
#define MMAN_POSIX_NAMES
#include "mman.h"
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include "family_check.h"

/* A function returning 42, in the machine code of each target. */
#if defined(__x86_64__) || defined(__i386__)
static const unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 }; /* mov $42, %eax; ret */
#elif defined(__aarch64__)
static const unsigned int code[] = { 0x52800540, 0xd65f03c0 }; /* mov w0, #42; ret */
#elif defined(__riscv)
static const unsigned int code[] = { 0x02a00513, 0x00008067 }; /* li a0, 42; ret */
#elif defined(__arm__)
static const unsigned int code[] = { 0xe3a0002a, 0xe12fff1e }; /* (ARM state) mov r0, #42; bx lr */
#elif defined(__powerpc64__) && defined(_CALL_ELF) && _CALL_ELF == 2
static const unsigned int code[] = { 0x3860002a, 0x4e800020 }; /* li r3, 42; blr */
#elif defined(__s390x__)
static const unsigned char code[] = { 0xa7, 0x29, 0x00, 0x2a, 0x07, 0xfe }; /* lghi %r2, 42; br %r14 */
#else
#error "family_jit: no machine code for this architecture"
#endif

int main(void)
{
	long page = mman_page_size();
	int (*fn)(void);
	int status;
	pid_t pid;
	char *p = mmap(NULL, page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		DIE("mmap");
	CHECK(page == sysconf(_SC_PAGESIZE) && page == getpagesize(), "mman_page_size() = %ld = sysconf(_SC_PAGESIZE)", page);
	memcpy(p, code, sizeof code);
	__builtin___clear_cache(p, p + sizeof code);
	CHECK(strcmp(maps_perms(p), "rw-p") == 0, "JIT page is rw-p while written: %s", maps_perms(p));
	CHECK(mprotect(p, page, PROT_READ | PROT_EXEC) == 0, "mprotect(PROT_READ|PROT_EXEC)");
	CHECK(strcmp(maps_perms(p), "r-xp") == 0, "JIT page is r-xp after mprotect: %s", maps_perms(p));
	memcpy(&fn, &p, sizeof fn);
	CHECK(fn() == 42, "the generated code ran and returned 42");

	/* A read-only page: reading works, writing kills the process. */
	CHECK(mprotect(p, page, PROT_READ) == 0, "mprotect(PROT_READ)");
	CHECK(strcmp(maps_perms(p), "r--p") == 0, "page is r--p: %s", maps_perms(p));
	pid = fork();
	if (pid < 0)
		DIE("fork");
	if (pid == 0) {
		volatile char *v = p;
		if (v[0] != ((const char *)code)[0])
			_exit(3);
		no_core_dump();
		v[0] = 1; /* SIGSEGV */
		_exit(0);
	}
	if (waitpid(pid, &status, 0) != pid)
		DIE("waitpid");
	CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
	      "a child writing to the read-only page was killed by SIGSEGV (status %#x)", status);
	CHECK(mprotect(p, page, PROT_READ | PROT_WRITE) == 0 && (p[0] = 7) == 7, "writable again after mprotect(PROT_READ|PROT_WRITE)");
	CHECK(munmap(p, page) == 0, "munmap");
	return done("family_jit");
}
