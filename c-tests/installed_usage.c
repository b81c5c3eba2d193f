/*
 * A program built against the installed library with pkg-config: checks
 * that the header's version matches the linked library's, and maps,
 * writes, syncs and unmaps an anonymous page through mman_*.
 */
#include <mman.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char *p;
	if (strcmp(mman_version(), MMAN_VERSION_STRING) != 0) {
		printf("FAIL header %s, library %s\n", MMAN_VERSION_STRING, mman_version());
		return 1;
	}
	p = mman_mmap(NULL, 4096, MMAN_PROT_READ | MMAN_PROT_WRITE, MMAN_MAP_PRIVATE | MMAN_MAP_ANONYMOUS, -1, 0);
	if (p == MMAN_MAP_FAILED)
		return 1;
	strcpy(p, "installed");
	if (strcmp(p, "installed") != 0 || mman_munmap(p, 4096) != 0)
		return 1;
	printf("ok   installed mman %s: mapped, wrote, unmapped\n", mman_version());
	return 0;
}
