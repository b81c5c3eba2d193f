/*
 * Trace lines from threads never interleave: THREADS threads each map and
 * unmap a page ROUNDS times, at once, under MMAN_TRACE; the checker
 * (c-tests/preload/check.sh) counts the lines and matches each against the
 * form of an mmap or munmap line. Built against glibc's <sys/mman.h>, run
 * under the preload library.
 */
#include <pthread.h>
#include <stdio.h>
#include <sys/mman.h>

#define THREADS 4
#define ROUNDS 500

static void *worker(void *arg)
{
	(void) arg;
	for (int i = 0; i < ROUNDS; i++) {
		void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED)
			munmap(p, 4096);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[THREADS];
	for (int i = 0; i < THREADS; i++)
		if (pthread_create(&t[i], NULL, worker, NULL) != 0)
			return 1;
	for (int i = 0; i < THREADS; i++)
		pthread_join(t[i], NULL);
	printf("%d\n", THREADS * ROUNDS * 2);
	return 0;
}
