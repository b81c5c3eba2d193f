/*
 * Signal safety: mman_mmap, mman_munmap, mman_mprotect and mman_msync
 * called from a SIGALRM handler that fires every 100 microseconds (a
 * POSIX timer), while the main loop calls the same functions on its own
 * pages, until the handler has run at least HCALLS_WANTED times, at least
 * HCALLS_DURING_MAIN_WANTED of them during a main-loop call. The run is
 * driven by these counts, not by the clock: a loaded machine only makes it
 * take longer. A hang guard (MMAN_SIGNAL_GUARD_SECS, 120 s by default)
 * stops a run that never gets there, and only then do the count checks fail.
 *
 * The handler saves and restores errno and checks each of its own
 * outcomes (a fresh page reads back what it wrote, the errors are the
 * expected ones); the main loop checks its own, so an interrupted call
 * that lost or mixed up state would show. At the end: how many times the
 * handler ran, that it never failed, and that no mapping leaked
 * (/proc/self/maps has as many lines as before).
 */
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>
#include "mman.h"
#include "family_check.h"

#define PAGE 4096
#define HPAGES 16
#define HCALLS_WANTED 1000
#define HCALLS_DURING_MAIN_WANTED 100

static char *hregion;                 /* the handler's own pages */
static volatile sig_atomic_t hcalls, hfail, in_main_call;
static volatile sig_atomic_t hcall_during_main;

static void handler(int sig)
{
	int saved = errno;
	unsigned n = (unsigned)hcalls;
	char *p = hregion + (n % HPAGES) * PAGE;
	(void)sig;
	if (in_main_call)
		hcall_during_main++;
	/* A fresh rw page over the handler's slot, written and read back. */
	if (mman_mmap(p, PAGE, MMAN_PROT_READ | MMAN_PROT_WRITE,
	              MMAN_MAP_FIXED | MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) != p)
		hfail++;
	p[0] = (char)n;
	p[PAGE - 1] = (char)~n;
	if (p[0] != (char)n || p[PAGE - 1] != (char)~n)
		hfail++;
	if (mman_msync(p, PAGE, MMAN_MS_ASYNC) != 0)
		hfail++;
	if (mman_mprotect(p, PAGE, MMAN_PROT_READ) != 0 || p[0] != (char)n)
		hfail++;
	/* A failure sets errno: saved and restored around the handler. */
	errno = 0;
	if (mman_munmap(p + 1, PAGE) != -1 || errno != EINVAL)
		hfail++;
	if (mman_munmap(p, PAGE) != 0)
		hfail++;
	/* Put the reservation back. */
	if (mman_mmap(p, PAGE, MMAN_PROT_NONE, MMAN_MAP_FIXED | MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) != p)
		hfail++;
	hcalls++;
	errno = saved;
}

static int maps_lines(void)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");
	if (!f)
		DIE("/proc/self/maps");
	while (fgets(line, sizeof line, f))
		n++;
	fclose(f);
	return n;
}

int main(void)
{
	const char *env = getenv("MMAN_SIGNAL_GUARD_SECS");
	double guard = env ? atof(env) : 120.0, secs;
	struct sigaction sa;
	struct sigevent sev;
	struct itimerspec its;
	struct timespec t0, now;
	timer_t timer;
	long rounds = 0, main_fail = 0, errno_kept = 0;
	int before, after;
	char *mine;

	hregion = mman_mmap(NULL, HPAGES * PAGE, MMAN_PROT_NONE, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0);
	mine = mman_mmap(NULL, 8 * PAGE, MMAN_PROT_NONE, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0);
	if (hregion == MMAN_MAP_FAILED || mine == MMAN_MAP_FAILED)
		DIE("mman_mmap");
	before = maps_lines();

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = handler;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGALRM, &sa, NULL) != 0)
		DIE("sigaction");
	memset(&sev, 0, sizeof sev);
	sev.sigev_notify = SIGEV_SIGNAL;
	sev.sigev_signo = SIGALRM;
	if (timer_create(CLOCK_MONOTONIC, &sev, &timer) != 0)
		DIE("timer_create");
	its.it_interval.tv_sec = 0;
	its.it_interval.tv_nsec = 100000;
	its.it_value = its.it_interval;
	if (timer_settime(timer, 0, &its, NULL) != 0)
		DIE("timer_settime");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		char *p = mine + (rounds % 4) * 2 * PAGE;
		in_main_call = 1;
		if (mman_mmap(p, 2 * PAGE, MMAN_PROT_READ | MMAN_PROT_WRITE,
		              MMAN_MAP_FIXED | MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) != p)
			main_fail++;
		p[0] = 'm';
		p[2 * PAGE - 1] = 'M';
		if (mman_mprotect(p, 2 * PAGE, MMAN_PROT_READ) != 0)
			main_fail++;
		if (mman_msync(p, 2 * PAGE, MMAN_MS_SYNC) != 0)
			main_fail++;
		if (p[0] != 'm' || p[2 * PAGE - 1] != 'M')
			main_fail++;
		errno = 12345;
		if (mman_msync(p, 2 * PAGE, MMAN_MS_SYNC | MMAN_MS_ASYNC) != -1 || errno != EINVAL)
			main_fail++;
		/* A success leaves errno alone, even with the handler running. */
		errno = 777;
		if (mman_munmap(p, 2 * PAGE) != 0)
			main_fail++;
		if (errno == 777)
			errno_kept++;
		if (mman_mmap(p, 2 * PAGE, MMAN_PROT_NONE, MMAN_MAP_FIXED | MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0) != p)
			main_fail++;
		in_main_call = 0;
		rounds++;
		clock_gettime(CLOCK_MONOTONIC, &now);
		secs = (now.tv_sec - t0.tv_sec) + (now.tv_nsec - t0.tv_nsec) / 1e9;
		/* The clock is only the hang guard: the counts end the run. */
	} while ((hcalls < HCALLS_WANTED || hcall_during_main < HCALLS_DURING_MAIN_WANTED) && secs < guard);

	timer_delete(timer);
	signal(SIGALRM, SIG_IGN);
	after = maps_lines();

	printf("signal_safety: %.1f s, %ld main rounds, handler ran %d times (%d of them during a main-loop call)\n",
	       secs, rounds, (int)hcalls, (int)hcall_during_main);
	CHECK(hcalls >= HCALLS_WANTED, "the handler ran (%d times, wanted %d before the %.0f s hang guard) calling mman_mmap/mprotect/msync/munmap",
	      (int)hcalls, HCALLS_WANTED, guard);
	CHECK(hcall_during_main >= HCALLS_DURING_MAIN_WANTED,
	      "the handler interrupted the main loop's mman calls (%d times, wanted %d before the %.0f s hang guard)",
	      (int)hcall_during_main, HCALLS_DURING_MAIN_WANTED, guard);
	CHECK(hfail == 0, "every outcome in the handler as expected (%d failures)", (int)hfail);
	CHECK(main_fail == 0, "every outcome in the main loop as expected (%ld rounds, %ld failures)", rounds, main_fail);
	CHECK(errno_kept == rounds, "errno untouched by successes in %ld of %ld rounds", errno_kept, rounds);
	CHECK(after == before, "no mapping leaked: /proc/self/maps has %d lines, as before (%d)", after, before);
	mman_munmap(hregion, HPAGES * PAGE);
	mman_munmap(mine, 8 * PAGE);
	return done("signal_safety");
}
