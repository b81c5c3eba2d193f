#!/usr/bin/env bash
# Runs the Rust ports of the tutorial's programs (built by `cargo build
# --release --examples`) and checks what ../shared/seeds/GUIDE.md says they
# must show: the same outcomes as the C ports checked by c-tests/check.sh.
# Usage: check.sh EXAMPLES_DIR (e.g. target/release/examples)
# Prints one line per check and a closing "N passed, N failed" line; exits
# non-zero if any check failed.
set -u
bin=${1:?usage: check.sh EXAMPLES_DIR}
. "$(dirname "$0")/../c-tests/checklib.sh"

# 1. Map, modify, sync: byte 20 of the file becomes '9'.
f=$work/data1; fresh "$f"
out=$("$bin/tutorial1_map_modify_sync" "$f"); status=$?
echo "== rust program 1 printed: $out"
check "rust program 1 exited 0" eq "$status" 0
check "rust program 1 printed the file" eq "$out" "$data"
check "rust program 1 left '9' at byte 20 of the file" eq "$(byte20 "$f")" 9
check "rust program 1 left the rest of the file as it was" \
	eq "$(cut -c1-20 "$f")$(cut -c22- "$f")" "${data:0:20}${data:21}"

# 2. Two processes: A (shared reader) prints, B writes byte 20, A prints
#    again. A MAP_PRIVATE writer (the tutorial's) is seen by neither A nor
#    the file; a MAP_SHARED writer by both.
two_processes() { # two_processes MODE EXPECTED_BYTE
	local mode=$1 want=$2 f=$work/data2 out=$work/a.out pid tries=0
	fresh "$f"; : > "$out"
	"$bin/tutorial2_reader" "$f" 2 > "$out" & pid=$!
	while [ "$(wc -l < "$out")" -lt 1 ] && [ $tries -lt 200 ]; do sleep 0.05; tries=$((tries + 1)); done
	"$bin/tutorial2_writer" "$f" "$mode"
	check "rust program 2 ($mode writer): B exited 0" eq "$?" 0
	wait "$pid"
	check "rust program 2 ($mode writer): A exited 0" eq "$?" 0
	echo "== rust A with a $mode writer printed:"; sed 's/^/   /' "$out"
	check "rust program 2 ($mode writer): A's first round shows the original byte" eq "$(sed -n 1p "$out" | cut -c21)" "${data:20:1}"
	check "rust program 2 ($mode writer): A's round after B shows byte 20 = '$want'" eq "$(sed -n 2p "$out" | cut -c21)" "$want"
	check "rust program 2 ($mode writer): the file's byte 20 is '$want'" eq "$(byte20 "$f")" "$want"
}
two_processes private "${data:20:1}"
two_processes shared 9

# 3. Parent and child over MAP_SHARED|MAP_ANONYMOUS: each sees the other's message.
out=$("$bin/tutorial3_anon_fork"); status=$?
echo "== rust program 3 printed (exit status $status):"; printf '%s\n' "$out" | sed 's/^/   /'
check "rust program 3 exited 0 (the parent checked the child's exit status)" eq "$status" 0
check "rust program 3: the child got the parent's message" eq "$(printf '%s\n' "$out" | grep '^child')" "child got a message: hi, this is father"
check "rust program 3: the parent got the child's reply" eq "$(printf '%s\n' "$out" | grep '^parent')" "parent got a message: hi, dad, this is son"

# 4. Past the file: the write at st_size survives and is not saved; the
#    slice stops before the page past the end of the file; a raw write
#    there raises SIGBUS; past the mapping, SIGSEGV.
f=$work/data4; fresh "$f"; size=$(stat -c %s "$f"); page=$(getconf PAGESIZE)
out=$("$bin/tutorial4_past_eof" "$f" 2>&1); status=$?
echo "== rust program 4 printed (exit status $status):"; printf '%s\n' "$out" | sed 's/^/   /'
check "rust program 4: the write at st_size succeeded" grep -q "write at st_size: survived" <<< "$out"
check "rust program 4: the slices reach one page of the two-page mapping" \
	grep -qx "mapping is $((2 * page)) bytes, of which the slices reach $page" <<< "$out"
check "rust program 4: the raw write at pagesize raised SIGBUS" eq "$status" "$SIGBUS_STATUS"
check "rust program 4: the write at st_size did not reach the file (size)" eq "$(stat -c %s "$f")" "$size"
check "rust program 4: the write at st_size did not reach the file (bytes)" eq "$(cat "$f")" "$data"
out=$("$bin/tutorial4_past_eof" "$f" past-mapping 2>&1); status=$?
echo "== rust program 4 past-mapping printed (exit status $status):"; printf '%s\n' "$out" | sed 's/^/   /'
check "rust program 4: an access past the mapping raised SIGSEGV" eq "$status" "$SIGSEGV_STATUS"
check "rust program 4: it got as far as the guard page" grep -q "touching the guard page" <<< "$out"

finish "examples"
