/*
 * The check helpers of the family's c-tests: each CHECK prints one line,
 * "ok   ..." or "FAIL ...", and DONE prints "PROGRAM: N passed, N failed"
 * and gives the exit status. Output is flushed line by line, so that forked
 * children do not repeat it.
 */
#ifndef FAMILY_CHECK_H
#define FAMILY_CHECK_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

static int fc_passed, fc_failed, fc_skipped;

#define CHECK(cond, ...)                                        \
	do {                                                    \
		int ok_ = (cond);                               \
		fputs(ok_ ? "ok   " : "FAIL ", stdout);         \
		printf(__VA_ARGS__);                            \
		putchar('\n');                                  \
		fflush(stdout);                                 \
		if (ok_)                                        \
			fc_passed++;                            \
		else                                            \
			fc_failed++;                            \
	} while (0)

/* A check that qemu-user cannot show (mk/target.mk's RUN sets
 * MMAN_EMULATED): there it is skipped, with the reason, and `cond` is not
 * evaluated; natively it is a CHECK. */
#define CHECK_NATIVE(why, cond, ...)                            \
	do {                                                    \
		if (getenv("MMAN_EMULATED")) {                  \
			fputs("skip ", stdout);                 \
			printf(__VA_ARGS__);                    \
			printf(" (under qemu-user: %s)\n", why); \
			fflush(stdout);                         \
			fc_skipped++;                           \
		} else                                          \
			CHECK(cond, __VA_ARGS__);               \
	} while (0)

#define DIE(what) do { perror(what); exit(2); } while (0)

/* For a child about to die of SIGSEGV or SIGBUS on purpose: no core file.
 * The tests run as root, possibly where cores are on (core_pattern,
 * ulimit -c); RLIMIT_CORE 0 keeps the deliberate fault from leaving one. */
static inline void no_core_dump(void)
{
	struct rlimit zero = { 0, 0 };
	if (setrlimit(RLIMIT_CORE, &zero) != 0)
		DIE("setrlimit(RLIMIT_CORE)");
}

static inline int done(const char *program)
{
	if (fc_skipped)
		printf("%s: %d skipped under qemu-user\n", program, fc_skipped);
	printf("%s: %d passed, %d failed\n", program, fc_passed, fc_failed);
	return fc_failed != 0;
}

/* The permissions ("r-xp", ...) of the /proc/self/maps line holding addr,
 * or "none" when no mapping holds it. */
static inline const char *maps_perms(const void *addr)
{
	static char perms[8];
	char line[512];
	unsigned long lo, hi, a = (unsigned long)addr;
	FILE *f = fopen("/proc/self/maps", "r");
	strcpy(perms, "none");
	if (!f)
		DIE("/proc/self/maps");
	while (fgets(line, sizeof line, f))
		if (sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) == 3 && lo <= a && a < hi)
			break;
		else
			strcpy(perms, "none");
	fclose(f);
	return perms;
}

/* A field of /proc/self/status in kB ("VmLck"), or -1. */
static inline long status_kb(const char *field)
{
	char line[256];
	long kb = -1;
	size_t n = strlen(field);
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		DIE("/proc/self/status");
	while (fgets(line, sizeof line, f))
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			kb = strtol(line + n + 1, NULL, 10);
	fclose(f);
	return kb;
}
#endif
