#!/bin/sh
# c-tests/consts_match.sh HEADER > consts_match.c: a C program that compares
# every integer MMAN_* constant of HEADER (include/mman.h) with the C
# library's constant of the same name, where <sys/mman.h> (or
# <linux/mman.h> and <linux/memfd.h>, for the MAP_HUGE_* and MFD_HUGE_*
# sizes) defines one.
# Built with each target's compiler and run there (mk/cross.mk), it shows
# that the header is right for that target. It prints one line per
# constant and "consts: N passed, N failed" (constants the C library does
# not define are counted apart, and named).
set -eu
header=${1:?usage: consts_match.sh HEADER}
cat <<'C'
#define _GNU_SOURCE
#include <stdio.h>
#include <sys/mman.h>
#include <linux/mman.h>
#include <linux/memfd.h>
#include "mman.h"

static int passed, failed, absent;

static void same(const char *name, long long ours, long long libc)
{
	int ok = ours == libc;
	printf("%s %-26s mman %#llx, C library %#llx\n", ok ? "ok  " : "FAIL", name, ours, libc);
	if (ok)
		passed++;
	else
		failed++;
}

static void none(const char *name)
{
	printf("--   %-26s not defined by the C library's headers\n", name);
	absent++;
}

int main(void)
{
C
# Every MMAN_ macro with an integer value (not the include guard, the
# version, the function-attribute macros or MMAN_MAP_FAILED), once.
sed -n 's/^#define MMAN_\([A-Z0-9_]*\) [(0-9].*/\1/p' "$header" | grep -v -e '^VERSION' -e '^MAP_FAILED$' | sort -u |
while read -r name; do
	printf '#if defined(MMAN_%s) && defined(%s)\n\tsame("%s", (long long) MMAN_%s, (long long) %s);\n' \
		"$name" "$name" "$name" "$name" "$name"
	printf '#elif defined(MMAN_%s)\n\tnone("%s");\n#endif\n' "$name" "$name"
done
cat <<'C'
	printf("consts: %d passed, %d failed (%d not in the C library's headers)\n", passed, failed, absent);
	return failed != 0;
}
C
