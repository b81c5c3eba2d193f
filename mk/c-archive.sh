#!/bin/sh
# mk/c-archive.sh RUST_A OUT_A: make the C archive libmman.a from the
# staticlib rustc wrote (RUST_A). Run by `make lib` after cargo.
#
# rustc's staticlib carries, beside mman's own object, Rust's compiler
# runtime (compiler_builtins: ceil, sqrt, fmod, fma, __divti3, ... about 600
# global or weak symbols). A static link resolves a C program's references
# against them before libm and libgcc, so the program's maths lose errno or
# need rust_eh_personality. The archive for C users holds instead one
# relocatable object:
#  - `ld -r -u mman_...` takes from RUST_A what a link using every mman_*
#    function pulls in: mman's object and whichever runtime members it needs
#    on this target (none on x86_64; __udivdi3 and the like on 32-bit ones);
#    what stays undefined (memcpy, __errno_location, ...) is the C library's.
#    --force-group-allocation dissolves COMDAT groups (the runtime members'
#    DW.ref.rust_eh_personality), so that no group of ours can be merged
#    with, or discarded for, a program's group of the same name. The runtime
#    members' unwind tables name Rust's personality routine, which no C
#    program has: when one is pulled in, rust_eh_personality is defined as
#    0 for them. Nothing unwinds through them (mman is panic=abort and calls
#    no code that throws), and to the unwinders (libgcc's, LLVM's) a frame
#    without a personality routine is one with nothing to clean up;
#  - objcopy makes every global symbol but mman_* local, so the runtime
#    members, if any came along, serve mman alone, and drops the LLVM
#    bitcode sections (.llvmbc, .llvmcmd): excluded from links anyway, they
#    make binutils' nm and ar give up on an object (nm prints "no symbols",
#    ar leaves the object's symbols out of the archive's index);
#  - ar archives that object alone.
# The output is deterministic (ar D), and OUT_A is replaced only when its
# content changes: an unchanged build keeps its timestamp, and the C
# programs built from it stay up to date (mk/lib.mk copies it, timestamp
# and all, to target/release/libmman.a after each cargo run).
#
# Tools: LD, OBJCOPY, AR, READELF from the environment (the target's
# binutils, e.g. aarch64-linux-gnu-ld); plain names by default.
set -eu
rust_a=$1 out_a=$2
: "${LD:=ld}" "${OBJCOPY:=objcopy}" "${AR:=ar}" "${READELF:=readelf}"

# readelf's symbol lines with the column that only some targets have
# removed (powerpc64's "[<localentry>: 8]" after the visibility), so that
# the section index and the name are fields 7 and 8 everywhere.
unflag() { sed 's/ \[<[a-z]*>: [0-9]*\]//'; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The mman_* functions rustc's archive defines: the roots of the link.
roots=$("$READELF" -sW "$rust_a" | unflag | awk '$7 != "UND" && $5 == "GLOBAL" && $8 ~ /^mman_/ { print "-u " $8 }' | sort -u)
[ -n "$roots" ] || { echo "c-archive: no mman_* function defined in $rust_a" >&2; exit 1; }

link() { # link [LD-OPTION...]
	# shellcheck disable=SC2086 # one -u option per word
	"$LD" -r --force-group-allocation "$@" -o "$tmp/mman.o" $roots "$rust_a"
}
link
if "$READELF" -sW "$tmp/mman.o" | unflag | awk '$7 == "UND" && $8 == "rust_eh_personality" { found = 1 } END { exit !found }'; then
	link --defsym=rust_eh_personality=0
fi
"$OBJCOPY" --wildcard --keep-global-symbol='mman_*' \
	--remove-section=.llvmbc --remove-section=.llvmcmd "$tmp/mman.o"
(cd "$tmp" && "$AR" rcsD libmman.a mman.o)

if ! cmp -s "$tmp/libmman.a" "$out_a"; then
	cp "$tmp/libmman.a" "$out_a.new"
	mv -f "$out_a.new" "$out_a"
fi
