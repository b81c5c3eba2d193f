#!/usr/bin/env bash
# User-space instructions per call, mman_X against glibc's X, counted by
# valgrind's callgrind (deterministic, unlike time on a shared machine).
#
#   bench/instructions.sh PROGRAM [ROUNDS] [CEILINGS]
#
# With CEILINGS (bench/instructions.ceilings), it also fails if a mman_*
# count, on the success or the error path, is above the one written there:
# the guard of the instruction-count choices in the sources (the
# `black_box(-1)` of src/capi/errno.rs, the two error decoders of
# src/raw/sys.rs, the uninitialized path buffer of src/raw/shm.rs), each of
# which, written plainly, costs instructions (see the ceilings file).
#
# PROGRAM is bench/instructions.c built against libmman.so, which makes its
# calls in a forked child: callgrind follows it and writes one output file
# per process (cg.MODE.PID), and the counts are summed over them (the
# parent collects nothing). It is run twice under callgrind, once on the success path and once on an error path, with
# collection on only inside its ok_*/err_* functions; then, for each
# function of the family, the calls to it and their inclusive cost (its own
# instructions and those of what it calls: for mman's errno path that is
# __errno_location) are summed from callgrind's output. The system call
# instruction counts as one instruction; the time in the kernel counts as
# nothing.
set -euo pipefail

prog=$1
rounds=${2:-1000}
ceilings=${3:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

for mode in ok err; do
	LD_BIND_NOW=1 valgrind --tool=callgrind --callgrind-out-file="$out/cg.$mode.%p" \
		--compress-strings=no --compress-pos=no --collect-atstart=no \
		--toggle-collect="${mode}_*" "$prog" "$mode" "$rounds" >/dev/null 2>"$out/log.$mode" \
		|| { cat "$out/log.$mode" >&2; exit 1; }
done

# Calls and inclusive cost per called function: "NAME CALLS COST" lines,
# summed over every process's file.
per_call() {
	awk '
		/^fn=/ { caller = substr($0, 4); next }
		/^cfn=/ { cfn = substr($0, 5); sub(/@.*/, "", cfn); if (caller ~ /^file_/) cfn = "file:" cfn; next }
		/^calls=/ { split(substr($0, 7), c, " "); n = c[1]; getline; calls[cfn] += n; cost[cfn] += $2; next }
		END { for (f in calls) print f, calls[f], cost[f] }
	' "$@"
}
per_call "$out"/cg.ok.* >"$out/ok"
per_call "$out"/cg.err.* >"$out/err"

# Ir per call of NAME in FILE, as an integer when it is one (it should be:
# every call on one path runs the same instructions).
ir() {
	awk -v f="$1" '$1 == f { if ($2 == 0) print "-"; else if ($3 % $2 == 0) print $3 / $2; else printf "%.2f\n", $3 / $2; found = 1 }
		END { if (!found) print "-" }' "$2"
}

printf '%-14s %10s %10s   %10s %10s   %s\n' function "mman ok" "glibc ok" "mman err" "glibc err" "success path"
# The rows: every function of the family (mmap twice: anonymous and file).
rows=(mmap file:mmap munmap mprotect msync madvise posix_madvise mincore mlock munlock mlock2 mlockall munlockall
	mremap memfd_create shm_open shm_unlink)
higher=0
over=0
for f in "${rows[@]}"; do
	m=mman_$f; [ "$f" = file:mmap ] && m=file:mman_mmap
	mo=$(ir "$m" "$out/ok"); go=$(ir "$f" "$out/ok")
	me=$(ir "$m" "$out/err"); ge=$(ir "$f" "$out/err")
	verdict="mman <= glibc"
	if awk -v a="$mo" -v b="$go" 'BEGIN { exit !(a + 0 > b + 0) }'; then
		verdict="mman higher by $(awk -v a="$mo" -v b="$go" 'BEGIN { print a - b }')"
		higher=$((higher + 1))
	fi
	name=$f; [ "$f" = mmap ] && name="mmap (anon)"; [ "$f" = file:mmap ] && name="mmap (file)"
	printf '%-14s %10s %10s   %10s %10s   %s\n' "$name" "$mo" "$go" "$me" "$ge" "$verdict"
	if [ -n "$ceilings" ]; then
		read -r co ce < <(awk -v f="$f" '$1 == f { print $2, $3 }' "$ceilings")
		for pair in "ok $mo ${co:-}" "err $me ${ce:-}"; do
			set -- $pair
			if [ -z "${3:-}" ]; then
				echo "FAIL $f: no $1 ceiling in $ceilings"; over=$((over + 1))
			elif [ "$2" != "$3" ] && awk -v a="$2" -v b="$3" 'BEGIN { exit !(b == "-" || a == "-" || a + 0 > b + 0) }'; then
				echo "FAIL $f: mman's $1 path takes $2 instructions, above its ceiling of $3"; over=$((over + 1))
			fi
		done
	fi
done
echo "(Ir per call, $rounds calls each; mmap is also mmap64, one function in both libraries;"
echo " success path: $((${#rows[@]} - higher)) of ${#rows[@]} rows at or below glibc)"
if [ -n "$ceilings" ]; then
	[ "$over" -eq 0 ] || exit 1
	echo "ok   every mman_* count at or below its ceiling in $ceilings"
fi
