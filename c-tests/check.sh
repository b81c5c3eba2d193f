#!/usr/bin/env bash
# Runs the tutorial's programs (built by `make c-tests`) and checks what
# ../shared/seeds/GUIDE.md says they must show. Usage: check.sh BUILD_DIR
# Prints one line per check and a closing "N passed, N failed" line; exits
# non-zero if any check failed. RUN, if set, runs each program (qemu-user
# for another architecture's build: mk/cross.mk).
set -u
build=${1:?usage: check.sh BUILD_DIR}
. "$(dirname "$0")/checklib.sh"

# 1. Map, modify, sync: byte 20 of the file becomes '9'.
for variant in tutorial1_map_modify_sync tutorial1_map_modify_sync.shared; do
	f=$work/data1; fresh "$f"
	out=$($RUN "$build/$variant" "$f" 2> "$work/err1"); status=$?
	echo "== $variant: printed: $out (exit status $status)"
	# The program only perror()s a failed open, mmap, msync or munmap and
	# still returns 0: its stderr must be empty as well.
	check "program 1 ($variant) exited 0" eq "$status" 0
	check "program 1 ($variant) wrote nothing to stderr (its open, mmap, msync and munmap succeeded)" \
		eq "$(cat "$work/err1")" ""
	check "program 1 ($variant) printed the file" eq "$out" "$data"
	# The file's byte is read through the page cache, which holds the
	# mapping's write whether or not msync ran: this shows the write reached
	# the file's pages; msync's own success is the empty stderr above.
	check "program 1 ($variant): the file's byte 20 reads '9' (through the page cache)" eq "$(byte20 "$f")" 9
	check "program 1 ($variant) left the rest of the file as it was" \
		eq "$(cut -c1-20 "$f")$(cut -c22- "$f")" "$(printf '%s' "$data" | cut -c1-20)$(printf '%s' "$data" | cut -c22-)"
done

# 2. Two processes: A (shared reader) prints the mapping, B writes byte 20,
#    A prints again. The tutorial's B maps MAP_PRIVATE: seen by neither A
#    nor the file. A MAP_SHARED writer is seen by both.
two_processes() { # two_processes WRITER EXPECTED_BYTE
	local writer=$1 want=$2 f=$work/data2 out=$work/a.out pid tries=0
	fresh "$f"; : > "$out"
	stdbuf -oL $RUN "$build/tutorial2_reader" "$f" 2 > "$out" & pid=$!
	# Wait until A has mapped the file and printed its first round.
	while [ "$(wc -l < "$out")" -lt 1 ] && [ $tries -lt 200 ]; do sleep 0.05; tries=$((tries + 1)); done
	# B must run and exit 0: with the MAP_PRIVATE writer the expected
	# outcome is "nothing changed", which a missing or crashed B would show too.
	$RUN "$build/$writer" "$f"
	check "program 2 ($writer): B exited 0" eq "$?" 0
	wait "$pid"
	check "program 2 ($writer): A exited 0" eq "$?" 0
	echo "== A with $writer printed:"; sed 's/^/   /' "$out"
	check "program 2 ($writer): A's first round shows the original byte" eq "$(sed -n 1p "$out" | cut -c21)" "${data:20:1}"
	check "program 2 ($writer): A's round after B shows byte 20 = '$want'" eq "$(sed -n 2p "$out" | cut -c21)" "$want"
	check "program 2 ($writer): the file's byte 20 is '$want'" eq "$(byte20 "$f")" "$want"
}
two_processes tutorial2_writer "${data:20:1}"
two_processes tutorial2_writer_shared 9

# 3. Parent and child over MAP_SHARED|MAP_ANONYMOUS: each sees the other's message.
out=$($RUN "$build/tutorial3_anon_fork")
echo "== program 3 printed:"; printf '%s\n' "$out" | sed 's/^/   /'
check "program 3: the child got the parent's message" eq "$(printf '%s\n' "$out" | grep '^child')" "child got a message: hi, this is father"
check "program 3: the parent got the child's reply" eq "$(printf '%s\n' "$out" | grep '^parent')" "parent got a message: hi, dad, this is son"

# 4. Access past the file: the write at st_size survives and is not saved;
#    the page past the end of the file raises SIGBUS; past the mapping, SIGSEGV.
f=$work/data4; fresh "$f"; size=$(stat -c %s "$f")
out=$(stdbuf -o0 $RUN "$build/tutorial4_past_eof" "$f" 2>&1); status=$?
echo "== program 4 printed (exit status $status):"; printf '%s\n' "$out" | sed 's/^/   /'
check "program 4: the write at st_size succeeded" grep -q "write at st_size: survived" <<< "$out"
check "program 4: the write at pagesize raised SIGBUS" eq "$status" "$SIGBUS_STATUS"
check "program 4: the write at st_size did not reach the file (size)" eq "$(stat -c %s "$f")" "$size"
check "program 4: the write at st_size did not reach the file (bytes)" eq "$(cat "$f")" "$data"
out=$(stdbuf -o0 $RUN "$build/tutorial4_past_eof" "$f" past-mapping 2>&1); status=$?
echo "== program 4 past-mapping printed (exit status $status):"; printf '%s\n' "$out" | sed 's/^/   /'
check "program 4: an access past the mapping raised SIGSEGV" eq "$status" "$SIGSEGV_STATUS"
check "program 4: it mapped the file in front of its guard page before the access" \
	grep -qx "touching the guard page past the mapping" <<< "$out"

finish "tutorial"
