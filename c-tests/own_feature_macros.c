/*
 * A program written for glibc, as found in the wild: it defines its own
 * feature macros before its first include and uses GNU extensions
 * (strchrnul, pread64, off64_t, O_DIRECT) next to mmap. mk/c-builds.mk
 * builds it unchanged in POSIX-names mode two ways: with
 * `-DMMAN_POSIX_NAMES -include mman.h` on the command line (mman.h comes
 * before the program's macros), and with -DMMAN_IN_SOURCE (the program
 * includes mman.h itself, after its macros). Either way the C library's
 * features are the program's: these names are declared (under -Werror, an
 * implicit declaration fails the build), O_DIRECT is defined, off_t is 64
 * bits; and mmap is mman's (the Makefile checks that the binary has no
 * undefined mmap or mmap64, which glibc's _FILE_OFFSET_BITS=64 declaration
 * of mmap would bring in).
 *
 * Usage: own_feature_macros DIR (a scratch directory for its file).
 */
#define _GNU_SOURCE
#define _FILE_OFFSET_BITS 64
#ifdef MMAN_IN_SOURCE
#define MMAN_POSIX_NAMES
#include "mman.h"
#endif
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <unistd.h>
#include "family_check.h"

#ifdef MMAN_IN_SOURCE
#define PROGRAM "own_feature_macros (#include \"mman.h\" after its macros)"
#else
#define PROGRAM "own_feature_macros (-include mman.h)"
#endif

static const char text[] = "feature macros, mapped";

int main(int argc, char **argv)
{
	char path[4096], buf[sizeof text];
	const char *p, *comma;
	off64_t at = 9;
	int direct = 0, fd;
#ifdef O_DIRECT
	direct = O_DIRECT;
#endif
	if (argc != 2 || snprintf(path, sizeof path, "%s/own_feature_macros", argv[1]) >= (int)sizeof path) {
		fprintf(stderr, "usage: %s DIR\n", argv[0]);
		return 2;
	}
	CHECK(direct != 0, "O_DIRECT is defined (_GNU_SOURCE reached <fcntl.h>)");
	CHECK(sizeof(off_t) == 8 && sizeof(off64_t) == 8, "off_t and off64_t are 64 bits");

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || write(fd, text, sizeof text) != (ssize_t)sizeof text)
		DIE(path);
	CHECK(pread64(fd, buf, sizeof text - 9, at) == (ssize_t)(sizeof text - 9) && memcmp(buf, text + 9, sizeof text - 9) == 0,
	      "pread64 reads the file at offset 9");

	p = (const char *)mmap(NULL, sizeof text, PROT_READ, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED, "mmap of the file");
	if (p == MAP_FAILED)
		return done(PROGRAM);
	CHECK(memcmp(p, text, sizeof text) == 0, "the mapping holds the file's bytes");
	comma = strchrnul(p, ',');
	CHECK(comma == p + 14 && *strchrnul(p, '!') == '\0', "strchrnul over the mapping: ',' at 14, no '!'");
	CHECK(munmap((void *)p, sizeof text) == 0, "munmap");
	close(fd);
	unlink(path);
	return done(PROGRAM);
}
