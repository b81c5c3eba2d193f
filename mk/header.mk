# Checks of the generated header include/mman.h.

.PHONY: check-header check-header-includes check-header-standards
CHECKS += check-header check-header-includes check-header-standards

# The committed header must be what the sources generate: the file is
# tracked and the regenerated copy matches HEAD's (not the index's, which a
# `git add` of the regenerated header would satisfy without a commit).
check-header: lib
	@if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then \
		git ls-files --error-unmatch include/mman.h >/dev/null \
		|| { echo "FAIL include/mman.h is not tracked: commit the generated header"; exit 1; }; \
		git diff --exit-code HEAD -- include/mman.h \
		|| { echo "FAIL include/mman.h is stale: commit the regenerated header"; exit 1; }; \
	fi
	@echo "ok   include/mman.h is up to date with the sources"

# The header includes no C library header, in C and C++, with and without
# POSIX names: only the compiler's own (<stddef.h>, <stdarg.h>). A C library
# header would settle the library's features (<features.h>) before the
# program's own _GNU_SOURCE or _FILE_OFFSET_BITS when mman.h comes first,
# as with -include mman.h.
check-header-includes: lib
	@set -e; for cc in "$(CC) -x c" "$(CXX) -x c++"; do \
		dir=$$($${cc%% *} -print-file-name=include); \
		for mode in "" "-DMMAN_POSIX_NAMES"; do \
			hs=$$(echo '#include "mman.h"' | $$cc -H -fsyntax-only -Iinclude $$mode - 2>&1 | sed -n 's/^\.\.* //p'); \
			other=$$(printf '%s\n' "$$hs" | grep -v -e '^include/mman\.h$$' -e "^$$dir/" || true); \
			[ -n "$$hs" ] && [ -z "$$other" ] || { echo "FAIL mman.h ($$cc $$mode) includes: $$other"; exit 1; }; \
			echo "ok   mman.h ($$cc $${mode:-without POSIX names}) includes only the compiler's:" $$(printf '%s\n' "$$hs" | grep "^$$dir/" | sed 's|.*/||'); \
		done; \
	done

# The header compiles cleanly as C99, C11, C17, C++11 and C++17 under
# -Wall -Wextra -pedantic -Werror, with and without MMAN_POSIX_NAMES, and in
# POSIX-names mode with <sys/mman.h> included before and after it, also
# with _GNU_SOURCE and _FILE_OFFSET_BITS=64 (glibc then declares mmap64,
# mremap, and mmap as an alias of mmap64, which a <sys/mman.h> after
# mman.h declares again under mman's names).
HEADER_STD_FLAGS := -Wall -Wextra -pedantic -Werror -Iinclude -fsyntax-only
HEADER_GNU := -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64
check-header-standards: lib
	@set -e; for std in c99 c11 c17 c++11 c++17; do \
		case $$std in c++*) cc="$(CXX) -x c++";; *) cc="$(CC) -x c";; esac; \
		for mode in "" "-DMMAN_POSIX_NAMES" "-DMMAN_POSIX_NAMES -DSYS_MMAN_FIRST" "-DMMAN_POSIX_NAMES -DSYS_MMAN_AFTER" \
			"-DMMAN_POSIX_NAMES -DSYS_MMAN_FIRST $(HEADER_GNU)" "-DMMAN_POSIX_NAMES -DSYS_MMAN_AFTER $(HEADER_GNU)"; do \
			$$cc -std=$$std $(HEADER_STD_FLAGS) $$mode c-tests/header_standards.c; \
			echo "ok   mman.h compiles as $$std $${mode:-(prefixed names only)}"; \
		done; \
	done
