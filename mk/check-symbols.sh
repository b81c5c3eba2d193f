#!/bin/sh
# mk/check-symbols.sh LIBRARY...: the symbols of libmman.a and libmman.so,
# as a C link sees them. Prints one "ok" or "FAIL" line per check and exits
# non-zero on a failure. Run by `make check-symbols`; also runs on any other
# build of the libraries (sh mk/check-symbols.sh /elsewhere/libmman.a).
#
# readelf reads every member of an archive, whatever it carries; binutils'
# nm does not (it prints "no symbols" for objects with LLVM bitcode
# sections, as rustc's compiler_builtins members have), which once hid 600
# runtime symbols in libmman.a from these checks.
#
#  libmman.a: the symbols a static link can resolve against (defined,
#    binding GLOBAL, WEAK or UNIQUE, whatever their visibility: hidden ones
#    resolve too) are mman_* alone; what it leaves undefined is the C
#    library's, no Rust runtime (rust_eh_personality, mangled Rust names:
#    a C program linked with the archive does not have them);
#  libmman.so: the dynamic symbols it defines are mman_* alone;
#  both: no panic machinery, even among local symbols.
set -u
: "${READELF:=readelf}" "${AR:=ar}"
failed=0
# readelf's symbol lines with the column that only some targets have
# removed (powerpc64's "[<localentry>: 8]" after the visibility), so that
# the section index and the name are fields 7 and 8 everywhere.
unflag() { sed 's/ \[<[a-z]*>: [0-9]*\]//'; }
fail() { echo "FAIL $*"; failed=1; }

# "BIND NDX NAME" for every symbol of every symbol table readelf prints
# (the symbol lines: "Num: Value Size Type Bind Vis Ndx Name").
symbols() { # symbols READELF-OPTION FILE
	"$READELF" -W "$1" "$2" | unflag | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 { print $5, $7, $8 }'
}

for lib in "$@"; do
	case $lib in
	*.a)
		members=$("$AR" t "$lib" | grep -c .) || { fail "$AR could not list $lib"; continue; }
		out=$("$READELF" -sW "$lib" 2>&1) || { fail "readelf could not read $lib"; continue; }
		read=$(printf '%s\n' "$out" | grep -c '^File: ')
		[ "$read" -eq "$members" ] || fail "$lib: readelf read $read of its $members members"
		syms=$(symbols -s "$lib")
		exported="($members member(s)) defines"
		;;
	*)
		syms=$(symbols --dyn-syms "$lib")
		exported="exports"
		;;
	esac
	printf '%s\n' "$syms" | grep -q '^GLOBAL [0-9][0-9]* mman_mmap$' \
		|| fail "$lib: mman_mmap is not a defined global symbol (readelf found $(printf '%s\n' "$syms" | grep -c .) symbols)"
	resolvable=$(printf '%s\n' "$syms" | awk '($1 == "GLOBAL" || $1 == "WEAK" || $1 == "UNIQUE") && $2 != "UND" && $3 !~ /^mman_/ { print $3 }' | sort -u)
	n=$(printf '%s' "$resolvable" | grep -c .)
	if [ "$n" -eq 0 ]; then
		echo "ok   $lib $exported global/weak symbols: mman_* only ($(printf '%s\n' "$syms" | awk '$2 != "UND" && $3 ~ /^mman_/ && $1 != "LOCAL"' | sort -u | grep -c .) of them)"
	else
		fail "$lib $exported $n global/weak symbols other than mman_* that a link resolves against, e.g.: $(printf '%s\n' "$resolvable" | grep -v -e '^_R' -e '^DW\.' | head -n 12 | tr '\n' ' ')"
	fi
	case $lib in *.a)
		# Referenced by a member and defined by none: left to the link.
		undefined=$(printf '%s\n' "$syms" | awk '$2 == "UND" && $3 != "" { und[$3] = 1 } $2 != "UND" && $1 != "LOCAL" { def[$3] = 1 }
			END { for (s in und) if (!(s in def)) print s }' | sort)
		rust=$(printf '%s\n' "$undefined" | grep -E '^(rust_|__rust|_ZN|_R[A-Z])')
		if [ -z "$rust" ]; then
			echo "ok   $lib leaves undefined only the C library's: $(printf '%s\n' "$undefined" | tr '\n' ' ')"
		else
			fail "$lib needs Rust runtime symbols: $(printf '%s\n' "$rust" | sort -u | head -n 12 | tr '\n' ' ')"
		fi
	esac
	all=$("$READELF" -sW "$lib" 2>/dev/null | unflag | awk '$1 ~ /^[0-9]+:$/ && NF >= 8 { print $8 }')
	panics=$(printf '%s\n' "$all" | grep -ci -e panic -e rust_begin_unwind)
	demangled=$("$READELF" -sW --demangle "$lib" 2>/dev/null | grep -c -e 'core::panicking' -e 'rust_begin_unwind' -e 'panic_fmt' -e 'panic_bounds_check')
	if [ "$panics" -eq 0 ] && [ "$demangled" -eq 0 ]; then
		echo "ok   $lib: no panic machinery among its $(printf '%s\n' "$all" | grep -c .) symbols (none matches panic or rust_begin_unwind, none demangles to core::panicking::*)"
	else
		fail "$lib has panic symbols: $panics mangled, $demangled demangled"
	fi
done
exit "$failed"
