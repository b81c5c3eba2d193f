#!/bin/sh
# The Rust test suites of one target under qemu-user (make check-cross,
# mk/cross.mk): runs each suite named on the command line with
# `$CROSS_TEST --test SUITE -- --nocapture` (cargo runs the binary with the
# target's runner, qemu-user), keeps its output in LOGDIR/SUITE.log, and
# ends with a summary of the target: per suite, the cases identical to the
# target's glibc (or the tests passed), and every comparison skipped, with
# the reason. Exits 1 if any suite failed.
#
# usage: tests/cross-run.sh LABEL LOGDIR SUITE...   (CROSS_TEST in the
# environment: the cargo test command line, without --test)
set -u
label=$1 logdir=$2
shift 2
mkdir -p "$logdir"
failed=
for spec in "$@"; do
	# SUITE or SUITE:NAME,NAME: the test's own filter (the differential
	# test's functions) after `--`.
	suite=${spec%%:*}
	names=
	[ "$suite" != "$spec" ] && names=$(echo "${spec#*:}" | tr , ' ')
	echo "== $label: tests/$suite $names under qemu-user"
	log=$logdir/$suite.log
	start=$(date +%s)
	# CROSS_TEST is a command line, with quoted words. One test at a time:
	# qemu-user 7.2 loses memory contents when threads map and protect at
	# once (seen on i686: a page made read-only, inaccessible, then
	# writable again read 0).
	eval "$CROSS_TEST --test $suite -- --nocapture --test-threads=1 $names" > "$log" 2>&1
	status=$?
	echo "   ($suite: $(($(date +%s) - start)) s, exit status $status)" >> "$log"
	# The counts and outcomes; the whole log if the suite failed.
	if [ "$status" -eq 0 ]; then
		grep -E '^(cases |differential: |prop |test result|skip |ok   |   \()|\.\.\. skip ' "$log" | sed 's/^/   /'
	else
		sed 's/^/   /' "$log" | tail -150
		failed="$failed $suite"
	fi
done
echo "== $label: summary of the Rust suites under qemu-user"
for spec in "$@"; do
	suite=${spec%%:*}
	log=$logdir/$suite.log
	case $suite in
	differential) n=$(grep -E '^differential: [0-9]+ cases, ' "$log") ;;
	prop_family) n=$(grep -E '^prop: [0-9]+ functions' "$log") ;;
	*) n=$(grep -E '^test result' "$log" | tail -1) ;;
	esac
	t=$(grep -E '^   \([a-z_]+: [0-9]+ s' "$log" | sed 's/^ *//')
	echo "   $suite: ${n:-no result} $t"
done
# A skip line may follow libtest's "test NAME ... " on the same line.
for spec in "$@"; do cat "$logdir/${spec%%:*}.log"; done |
	sed -n 's/^\(test .* \.\.\. \)\{0,1\}\(skip .*\)/\2/p' | sort -u | sed 's/^/   /'
if [ -n "$failed" ]; then
	echo "FAIL $label: Rust suites failed:$failed (logs in $logdir)"
	exit 1
fi
echo "ok   $label: every Rust suite passed"
