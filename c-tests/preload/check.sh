#!/usr/bin/env bash
# c-tests/preload/check.sh PRELOAD_SO BUILD_DIR: libmman-preload.so under
# programs nobody here wrote, run unmodified (python3 and its mmap module,
# the sqlite3 shell, the tutorial's programs built on glibc's headers), the
# trace's exact text, the fault rules (fault_rules), and the start-up
# errors. Run by `make check-preload` (mk/preload.mk). One line per check,
# then "preload: N passed, N failed".
set -u
so=$(realpath "${1:?usage: check.sh PRELOAD_SO BUILD_DIR}")
build=${2:?usage: check.sh PRELOAD_SO BUILD_DIR}
here=$(dirname "$0")
. "$here/../checklib.sh"
: "${READELF:=readelf}"
export PRELOAD=$so
under() { LD_PRELOAD=$so "$@"; } # under PROGRAM ARGS...: run PROGRAM under the library
has() { grep -Eq "$1" "$2" || { echo "     no line of $2 matches: $1" >&2; return 1; }; }
hasnt() { ! grep -Eq "$1" "$2" || { echo "     a line of $2 matches: $1" >&2; return 1; }; }
show() { echo "== $1"; sed 's/^/   /' "$2"; }

# The library: the POSIX names and the fault API, nothing else; no panic
# machinery.
want="madvise memfd_create mincore mlock mlock2 mlockall mman_fault_clear mman_fault_set mmap mmap64 mprotect mremap msync munlock munlockall munmap posix_madvise shm_open shm_unlink"
got=$("$READELF" -W --dyn-syms "$so" | awk '$1 ~ /^[0-9]+:$/ && $7 != "UND" && ($5 == "GLOBAL" || $5 == "WEAK") { print $8 }' | sort | tr '\n' ' ')
check "libmman-preload.so exports exactly: $want" eq "$got" "$want "
check "libmman-preload.so has no panic machinery" eq "$("$READELF" -sW --demangle "$so" | grep -ci -e panic -e rust_begin_unwind)" 0

# The trace's text: trace_lines prints the line each call must leave.
MMAN_TRACE=$work/trace "$build/trace_lines" > "$work/expected"
check "trace_lines exited 0 (errno after each traced failure was the call's)" eq "$?" 0
show "the trace of trace_lines (MMAN_TRACE=$work/trace)" "$work/trace"
check "the trace is exactly the expected lines ($(wc -l < "$work/expected") calls)" cmp -s "$work/trace" "$work/expected"
diff "$work/expected" "$work/trace" | head -n 10 | sed 's/^/     /'
MMAN_TRACE=1 "$build/trace_lines" > "$work/expected" 2> "$work/stderr"
check "MMAN_TRACE=1 writes the same lines to stderr" cmp -s "$work/stderr" "$work/expected"

# Lines from threads do not interleave: every line of 4 threads' 4000 calls
# is whole.
n=$(MMAN_TRACE=$work/threads.trace under "$build/trace_threads")
check "trace_threads: $n calls, $n lines in the trace" eq "$(wc -l < "$work/threads.trace")" "$n"
whole='^mman: (mmap\(NULL, 4096, PROT_READ\|PROT_WRITE, MAP_PRIVATE\|MAP_ANONYMOUS, -1, 0\) = 0x[0-9a-f]+|munmap\(0x[0-9a-f]+, 4096\) = 0)$'
check "trace_threads: every line is a whole mmap or munmap line" eq "$(grep -cvE "$whole" "$work/threads.trace")" 0

# The fault rules' semantics, set in-process.
"$build/fault_rules" > "$work/fault_rules"; status=$?
show "fault_rules" "$work/fault_rules"
check "fault_rules: every check passed (exit 0)" eq "$status" 0

# Malformed variables stop the program at start-up, with a message.
bad_spec() { # bad_spec SPEC MESSAGE
	under env MMAN_FAULT="$1" true 2> "$work/err"; local status=$?
	echo "   MMAN_FAULT='$1' true: exit $status, stderr: $(cat "$work/err")"
	check "MMAN_FAULT='$1' is rejected at start-up (exit 2)" eq "$status" 2
	check "MMAN_FAULT='$1': the message says why" eq "$(cat "$work/err")" "mman: MMAN_FAULT: $2 (rules: function:errno[:when],...; see the README)"
}
bad_spec "mmapp:ENOMEM" 'unknown function at byte 0 of "mmapp:ENOMEM"'
bad_spec "mmap:ENOMEM:nth=2,munmap:ENOMEN" 'unknown errno (see the README'"'"'s list) at byte 25 of "mmap:ENOMEM:nth=2,munmap:ENOMEN"'
bad_spec "mmap:ENOMEM:every=0" 'N must be at least 1 at byte 12 of "mmap:ENOMEM:every=0"'
bad_spec "mmap:ENOMEM:p=1.5" 'P must be a decimal from 0 to 1 (such as 0.25) at byte 12 of "mmap:ENOMEM:p=1.5"'
under env MMAN_TRACE=/nonexistent/trace true 2> "$work/err"; status=$?
echo "   MMAN_TRACE=/nonexistent/trace true: exit $status, stderr: $(cat "$work/err")"
check "an MMAN_TRACE file that cannot be opened stops the program (exit 2)" eq "$status" 2
check "MMAN_TRACE: the message names the file and the error" eq "$(cat "$work/err")" 'mman: MMAN_TRACE: cannot open "/nonexistent/trace": ENOENT (No such file or directory)'
under env MMAN_FAULT="mmap:ENOMEM:p=0.5:seed=3,munmap:EIO:after=2" MMAN_TRACE=0 true
check "a well-formed MMAN_FAULT with MMAN_TRACE=0 runs the program (exit 0)" eq "$?" 0

# python3's mmap module. Debian's python3 where there is one (pyenv's
# python3 is a shell script: its interpreter runs it).
if [ -x /usr/bin/python3 ]; then py=/usr/bin/python3; else py=$(python3 -c 'import sys; print(sys.executable)'); fi
echo "== python: $py ($("$py" --version 2>&1))"

# The trace file keeps out of the program's way: its next descriptor is
# the one it gets without the trace.
fdnum=(env "$py" -c 'import os; print(os.open("/dev/null", os.O_RDONLY))')
check "the program's next descriptor is the same with MMAN_TRACE=PATH as without" \
	eq "$(MMAN_TRACE=$work/fd.trace under "${fdnum[@]}")" "$("${fdnum[@]}")"
"$py" "$here/python_mmap.py" "$work" > "$work/py.plain" 2>&1
check "python_mmap.py runs without the library (exit 0)" eq "$?" 0
MMAN_TRACE=$work/py.trace under "$py" "$here/python_mmap.py" "$work" > "$work/py.preload" 2>&1
check "python_mmap.py runs under the library (exit 0)" eq "$?" 0
show "python_mmap.py printed, under the library" "$work/py.preload"
check "python3's output under the library is the same as without" cmp -s "$work/py.plain" "$work/py.preload"
hex='0x[0-9a-f]+'
echo "== the trace's lines for python_mmap.py's maps (the interpreter's own 1 MiB arenas left out)"
grep -v -e ', 1048576' "$work/py.trace" | sed 's/^/   /'
check "trace: the file mapped MAP_SHARED (mmap)" has "^mman: mmap(64)?\(NULL, 4096, PROT_READ\|PROT_WRITE, MAP_SHARED, [0-9]+, 0\) = $hex$" "$work/py.trace"
check "trace: resize through mremap" has "^mman: mremap\($hex, 4096, 8192, MREMAP_MAYMOVE\) = $hex$" "$work/py.trace"
check "trace: flush through msync" has "^mman: msync\($hex, 8192, MS_SYNC\) = 0$" "$work/py.trace"
check "trace: madvise(MADV_WILLNEED)" has "^mman: madvise\($hex, 8192, MADV_WILLNEED\) = 0$" "$work/py.trace"
check "trace: the read-only window at offset 4096" has "^mman: mmap(64)?\(NULL, 4096, PROT_READ, MAP_SHARED, [0-9]+, 0x1000\) = $hex$" "$work/py.trace"
check "trace: shared anonymous map" has "^mman: mmap(64)?\(NULL, 4096, PROT_READ\|PROT_WRITE, MAP_SHARED\|MAP_ANONYMOUS, -1, 0\) = $hex$" "$work/py.trace"
check "trace: private anonymous map resized" has "^mman: mremap\($hex, 4096, 12288, MREMAP_MAYMOVE\) = $hex$" "$work/py.trace"
check "trace: madvise(MADV_DONTNEED)" has "^mman: madvise\($hex, 12288, MADV_DONTNEED\) = 0$" "$work/py.trace"
check "trace: the maps unmapped (munmap)" has "^mman: munmap\($hex, 12288\) = 0$" "$work/py.trace"

# mmap.mmap(-1, n) failing with ENOMEM: python raises OSError. The
# interpreter maps memory of its own as it starts (its frames' stack):
# a first run's trace gives the number of the program's mmap among the
# interpreter's, and the rule makes that call fail (nth=K): the trace,
# then the fault, as one finds the call to break in a program.
pyfail=(env PYTHONMALLOC=malloc PYTHONHASHSEED=0 "$py" -c 'import mmap; mmap.mmap(-1, 65536); print("mapped")')
"${pyfail[@]}" > "$work/out" 2>&1
check "python3 maps 65536 anonymous bytes without the library" eq "$(cat "$work/out")" mapped
MMAN_TRACE=$work/pyok.trace under "${pyfail[@]}" > "$work/out" 2>&1
check "python3 maps them under the library" eq "$(cat "$work/out")" mapped
k=$(grep -E '^mman: mmap(64)?\(' "$work/pyok.trace" | grep -nE '^mman: mmap(64)?\(NULL, 65536, ' | cut -d: -f1)
echo "== the program's mmap is call $k of python3's mmap calls:"; grep -E '^mman: mmap(64)?\(' "$work/pyok.trace" | sed 's/^/   /'
MMAN_FAULT=mmap:ENOMEM:nth=$k MMAN_TRACE=$work/pyfail.trace under "${pyfail[@]}" > "$work/out" 2>&1; status=$?
show "python3 -c 'import mmap; mmap.mmap(-1, 65536)' with MMAN_FAULT=mmap:ENOMEM:nth=$k (exit $status)" "$work/out"
show "its trace" "$work/pyfail.trace"
check "python3 exits 1" eq "$status" 1
check "python3 raises OSError: [Errno 12] Cannot allocate memory" eq "$(tail -n 1 "$work/out")" "OSError: [Errno 12] Cannot allocate memory"
check "trace: the mmap failed, injected" has "^mman: mmap(64)?\(NULL, 65536, PROT_READ\|PROT_WRITE, MAP_SHARED\|MAP_ANONYMOUS, -1, 0\) = -1 ENOMEM \(Cannot allocate memory\) \(INJECTED\)$" "$work/pyfail.trace"

# The sqlite3 shell, with PRAGMA mmap_size, on a database of a few MB.
db=$work/test.db
sqlite3 "$db" "CREATE TABLE t(x INTEGER PRIMARY KEY, v TEXT);
	WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000)
	INSERT INTO t SELECT x, printf('%080d', x * 7919) FROM c; CREATE INDEX tv ON t(v);" < /dev/null
check "sqlite3 made a database of a few MB" test "$(stat -c %s "$db")" -gt 2000000
echo "== sqlite3 $(sqlite3 --version | cut -d' ' -f1): $db, $(stat -c %s "$db") bytes"
query="PRAGMA mmap_size = 268435456; SELECT count(*), sum(x), sum(length(v)) FROM t;
	SELECT v FROM t WHERE x = 31337; SELECT x FROM t WHERE v = printf('%080d', 12345 * 7919);
	SELECT count(*) FROM t WHERE v LIKE '%4242%'; PRAGMA integrity_check;"
sqlite3 "$db" "$query" < /dev/null > "$work/sql.plain" 2>&1
check "sqlite3 answers without the library (exit 0)" eq "$?" 0
show "sqlite3 answered" "$work/sql.plain"
MMAN_TRACE=$work/sql.trace under sqlite3 "$db" "$query" < /dev/null > "$work/sql.preload" 2>&1
check "sqlite3 answers under the library (exit 0)" eq "$?" 0
check "sqlite3's answers under the library are the same as without" cmp -s "$work/sql.plain" "$work/sql.preload"
show "the trace of sqlite3 under the library" "$work/sql.trace"
check "trace: sqlite3 mapped the database (mmap, PROT_READ, MAP_SHARED)" has "^mman: mmap(64)?\(NULL, [0-9]+, PROT_READ, MAP_SHARED, [0-9]+, 0\) = $hex$" "$work/sql.trace"
MMAN_FAULT=mmap:ENOMEM MMAN_TRACE=$work/sqlfail.trace under sqlite3 "$db" "$query" < /dev/null > "$work/sql.fail" 2>&1
check "sqlite3 answers with MMAN_FAULT=mmap:ENOMEM (exit 0)" eq "$?" 0
check "sqlite3's answers with every mmap failing are the same (it read the file instead)" cmp -s "$work/sql.plain" "$work/sql.fail"
show "the trace of sqlite3 with MMAN_FAULT=mmap:ENOMEM" "$work/sqlfail.trace"
check "trace: sqlite3's mmap of the database failed, injected" has "^mman: mmap(64)?\(NULL, [0-9]+, PROT_READ, MAP_SHARED, [0-9]+, 0\) = -1 ENOMEM \(Cannot allocate memory\) \(INJECTED\)$" "$work/sqlfail.trace"
check "trace: no mmap succeeded" hasnt "^mman: mmap.* = 0x" "$work/sqlfail.trace"

# The tutorial's four programs, built on glibc's headers, under the library:
# the checks of c-tests/check.sh, and the trace shows their calls.
check "the tutorial's programs call glibc's mmap (built without mman.h)" \
	test "$(for p in "$build"/tutorial*; do nm -u "$p" | grep -cE ' (mmap|mmap64)(@|$)'; done | sort -u)" = 1
RUN="sh $here/run.sh" MMAN_TRACE=$work/tutorial.trace bash "$here/../check.sh" "$build" > "$work/tutorial" 2>&1; status=$?
sed 's/^/   /' "$work/tutorial"
check "c-tests/check.sh passes with the tutorial's programs under the library" eq "$status" 0
show "the trace of the tutorial's programs" "$work/tutorial.trace"
check "trace: program 1 mapped its file MAP_SHARED" has "^mman: mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_SHARED, [0-9]+, 0\) = $hex$" "$work/tutorial.trace"
check "trace: program 1's msync(MS_SYNC)" has "^mman: msync\($hex, [0-9]+, MS_SYNC\) = 0$" "$work/tutorial.trace"
check "trace: program 3's shared anonymous map" has "^mman: mmap\(NULL, [0-9]+, PROT_READ\|PROT_WRITE, MAP_SHARED\|MAP_ANONYMOUS, -1, 0\) = $hex$" "$work/tutorial.trace"
check "trace: munmap" has "^mman: munmap\($hex, [0-9]+\) = 0$" "$work/tutorial.trace"

finish preload
