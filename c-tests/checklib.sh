# Shared by the checkers of the tutorial's programs, C (c-tests/check.sh)
# and Rust (examples/check.sh): a scratch directory, one-line assertions
# counted as they run, and the tutorial's data file. Source it; end the
# checker with `finish LABEL`.

# Program 4 dies of SIGBUS and SIGSEGV on purpose, as root, possibly where
# cores are on: no core file from it (the limit passes to every child).
ulimit -c 0

# How each program runs: directly, or as RUN says (mk/cross.mk: qemu-user).
RUN=${RUN:-}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
passed=0 failed=0

check() { # check DESCRIPTION COMMAND...: one assertion
	local what=$1; shift
	if "$@"; then
		echo "ok   $what"; passed=$((passed + 1))
	else
		echo "FAIL $what"; failed=$((failed + 1))
	fi
}
eq() { [ "$1" = "$2" ] || { echo "     expected '$2', got '$1'" >&2; return 1; }; }
byte20() { dd if="$1" bs=1 skip=20 count=1 status=none; }

# The shell's view of how a program ended: 128 + signal number.
SIGBUS_STATUS=$((128 + $(kill -l BUS)))
SIGSEGV_STATUS=$((128 + $(kill -l SEGV)))

# No trailing newline, so that the programs' "%s\n" prints one line per round.
data="0123456789abcdefghijKLMNOPQRSTUVWXYZ"
fresh() { printf '%s' "$data" > "$1"; }

finish() { # finish LABEL: the closing "N passed, N failed" line and status
	echo "$1: $passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}
