/*
 * A static program using libm and 128-bit integer division, as autoconf
 * would link it: mk/c-builds.mk links it fully static with libmman.a before
 * -lm (with -DWITH_MMAN, so that it calls mman too) and without mman, runs
 * both with the same arguments and requires the same output. libmman.a must
 * define nothing the link could take instead of libm's ceil, fmod, fma or
 * sqrt (which sets errno to EDOM for sqrt(-1)) or libgcc's __divti3 and
 * __modti3; nor may it need rust_eh_personality, which no C program has.
 *
 * Usage: static_libm X A B (X a double, A and B 64-bit integers, B != 0):
 * prints ceil, fmod, fma and sqrt of X, and the 128-bit quotient and
 * remainder of A * 2^64 + B by B. Exit status 1 if sqrt(-|X| - 1) did not set
 * errno to EDOM.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#ifdef WITH_MMAN
#include "mman.h"
#endif

/* A signed 128-bit integer in hex, sign first. */
static void print_i128(const char *what, __int128 v)
{
	unsigned __int128 u = v < 0 ? -(unsigned __int128)v : (unsigned __int128)v;
	printf("%s = %s0x%016llx%016llx\n", what, v < 0 ? "-" : "", (unsigned long long)(u >> 64),
	       (unsigned long long)u);
}

int main(int argc, char **argv)
{
	double x, r;
	__int128 a, b;
	int edom;
	if (argc != 4) {
		fprintf(stderr, "usage: %s X A B\n", argv[0]);
		return 2;
	}
	/* From the command line: nothing for the compiler to fold. */
	x = strtod(argv[1], NULL);
	b = strtoll(argv[3], NULL, 0);
	a = (__int128)strtoll(argv[2], NULL, 0) * ((__int128)1 << 64) + b;
	if (b == 0)
		return 2;
#ifdef WITH_MMAN
	if (mman_page_size() <= 0)
		return 3;
#endif
	printf("ceil(%.17g) = %.17g\n", x, ceil(x));
	printf("fmod(%.17g, 0.7) = %.17g\n", x, fmod(x, 0.7));
	printf("fma(%.17g, 1/3, -1) = %.17g\n", x, fma(x, 1.0 / 3, -1.0));
	printf("sqrt(%.17g) = %.17g\n", x, sqrt(x));
	errno = 0;
	r = sqrt(-fabs(x) - 1);
	edom = errno == EDOM;
	printf("sqrt(%.17g) = %s, errno %s\n", -fabs(x) - 1, isnan(r) ? "nan" : "not nan", edom ? "EDOM" : "not EDOM");
	print_i128("quotient", a / b);
	print_i128("remainder", a % b);
	return !edom;
}
