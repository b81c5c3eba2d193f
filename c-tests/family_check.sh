#!/usr/bin/env bash
# Runs the <sys/mman.h> family's c-tests (built by `make check-family-c`):
# first, that their POSIX names reach mman (no undefined reference to the C
# library's functions of the family), then each program, whose own checks
# are counted here. Usage: family_check.sh BUILD_DIR
# Prints one line per check and a closing "N passed, N failed" line; exits
# non-zero if any check failed.
set -u
build=${1:?usage: family_check.sh BUILD_DIR}
passed=0 failed=0
family='mmap|mmap64|munmap|mprotect|madvise|posix_madvise|mlock|mlock2|munlock|mlockall|munlockall|mremap|mincore|memfd_create|shm_open|shm_unlink'
# PROGRAMS: another list (mk/cross.mk leaves out the C++ build, which needs
# a cross g++); RUN: how each runs (qemu-user for another architecture).
programs=${PROGRAMS:-family_jit family_mremap_mincore family_memfd_shm family_mlock family_posix_names family_posix_names_cxx}

echo "== POSIX names reach mman: no undefined reference to libc's family"
for p in $programs; do
	u=$(nm -u "$build/$p" | awk '{print $2}' | grep -E "^($family)(@|\$)" | tr '\n' ' ')
	if [ -z "$u" ]; then
		echo "ok   $p: no undefined ${family//|/, }"; passed=$((passed + 1))
	else
		echo "FAIL $p references libc's $u"; failed=$((failed + 1))
	fi
done

for p in $programs; do
	echo "== $p"
	out=$(${RUN:-} "$build/$p" 2>&1); status=$?
	printf '%s\n' "$out" | sed 's/^/   /'
	ok=$(printf '%s\n' "$out" | grep -c '^ok   ')
	bad=$(printf '%s\n' "$out" | grep -c '^FAIL ')
	passed=$((passed + ok)); failed=$((failed + bad))
	if [ "$status" -ne 0 ] && [ "$bad" -eq 0 ]; then
		echo "FAIL $p exited with status $status"; failed=$((failed + 1))
	fi
	if ! printf '%s\n' "$out" | grep -q ': [0-9]* passed, 0 failed$'; then
		[ "$bad" -ne 0 ] || { echo "FAIL $p did not finish its checks"; failed=$((failed + 1)); }
	fi
done
echo "family c-tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
