# Checks of the generated header include/mman.h.

.PHONY: check-header check-header-standards
CHECKS += check-header check-header-standards

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

# The header compiles cleanly as C99, C11, C17, C++11 and C++17 under
# -Wall -Wextra -pedantic -Werror, with and without MMAN_POSIX_NAMES, and in
# POSIX-names mode with <sys/mman.h> included before and after it.
HEADER_STD_FLAGS := -Wall -Wextra -pedantic -Werror -Iinclude -fsyntax-only
check-header-standards: lib
	@set -e; for std in c99 c11 c17 c++11 c++17; do \
		case $$std in c++*) cc="$(CXX) -x c++";; *) cc="$(CC) -x c";; esac; \
		for mode in "" "-DMMAN_POSIX_NAMES" "-DMMAN_POSIX_NAMES -DSYS_MMAN_FIRST" "-DMMAN_POSIX_NAMES -DSYS_MMAN_AFTER"; do \
			$$cc -std=$$std $(HEADER_STD_FLAGS) $$mode c-tests/header_standards.c; \
			echo "ok   mman.h compiles as $$std $${mode:-(prefixed names only)}"; \
		done; \
	done
