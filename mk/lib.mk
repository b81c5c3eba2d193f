# The C libraries, libmman.a and libmman.so, and the generated header.

# Build the C libraries from the rlib crate: --cfg mman_c_library adds the
# panic handler a no_std staticlib/cdylib needs (unreachable: see src/panic.rs).
CARGO_CLIB := $(CARGO) rustc --release --features capi --crate-type staticlib,cdylib -- \
	--cfg mman_c_library -C link-arg=-Wl,-soname,$(SONAME)

.PHONY: lib check-symbols
CHECKS += check-symbols

# cargo decides what is up to date; build.rs rewrites include/mman.h only
# when its content changes.
lib:
	$(CARGO_CLIB)
	ln -sf libmman.so $(RELEASE)/$(SONAME)

include/mman.h $(RELEASE)/libmman.a $(RELEASE)/libmman.so: lib

# Only mman_* names exported; no panic machinery in either library.
check-symbols: lib
	@echo "== nm -D --defined-only $(RELEASE)/libmman.so"; nm -D --defined-only $(RELEASE)/libmman.so | sed 's/^/   /'
	@bad=$$(nm -D --defined-only $(RELEASE)/libmman.so | awk '$$2 ~ /^[TDBRVW]$$/ && $$3 !~ /^mman_/ {print $$3}'); \
		[ -z "$$bad" ] || { echo "FAIL libmman.so exports non-mman names: $$bad"; exit 1; }
	@echo "ok   libmman.so exports only mman_* names"
	@readelf -d $(RELEASE)/libmman.so | grep -q 'SONAME.*\[$(SONAME)\]' || { echo "FAIL soname is not $(SONAME)"; exit 1; }
	@echo "ok   libmman.so has soname $(SONAME)"
	@# nm's stderr is dropped for its "no symbols" notes on compiler_builtins'
	@# empty members; its status, the count and mman_mmap's presence show that
	@# it really read the library (an unreadable one gives no symbol at all).
	@for lib in $(RELEASE)/libmman.a $(RELEASE)/libmman.so; do \
		syms=$$(nm $$lib 2>/dev/null) || { echo "FAIL nm could not read $$lib"; exit 1; }; \
		all=$$(printf '%s\n' "$$syms" | grep -c .); \
		[ "$$all" -gt 0 ] || { echo "FAIL nm found no symbol in $$lib"; exit 1; }; \
		printf '%s\n' "$$syms" | grep -qE '^[0-9a-f]* *T mman_mmap$$' \
			|| { echo "FAIL nm did not find mman_mmap defined in $$lib"; exit 1; }; \
		n=$$(nm $$lib 2>/dev/null | grep -ci -e panic -e rust_begin_unwind); \
		c=$$(nm -C $$lib 2>/dev/null | grep -c -e 'core::panicking' -e 'rust_begin_unwind' -e 'panic_fmt' -e 'panic_bounds_check'); \
		[ "$$n" -eq 0 ] && [ "$$c" -eq 0 ] || { echo "FAIL $$lib has panic symbols: $$n mangled, $$c demangled"; nm -C $$lib 2>/dev/null | grep -i -e panic -e rust_begin_unwind | head; exit 1; }; \
		echo "ok   $$lib: no panic machinery: of $$all symbols (mman_mmap among them), 0 match panic or rust_begin_unwind, 0 demangle to core::panicking::*"; \
	done
