# The safe Rust API (mman::map, mman::shm, mman::ring): its tests, the
# tutorial's programs as Rust examples, a program with no libc at all, and a
# no_std library crate that depends on mman.

NOLIBC_TARGET := x86_64-unknown-linux-gnu
NOLIBC_DIR    := target/nolibc-demo
NOLIBC_BIN    := $(NOLIBC_DIR)/$(NOLIBC_TARGET)/release/mman-nolibc-demo

.PHONY: check-safe-api check-examples check-nolibc check-nostd
CHECKS += check-safe-api check-examples check-nolibc check-nostd

# The soundness regressions of issue 10 (tests/soundness.rs), in release
# mode (what a miscompile needs), once: `test = false` keeps check-rust from
# running them too, as it runs safe_map and safe_ring. A test that cannot
# run here (no hugetlbfs in the kernel) says "NOT RUN", and the check
# repeats that line at the end rather than let it pass unseen.
check-safe-api:
	@mkdir -p target; $(CARGO) test --release --test soundness -- --nocapture \
		> target/soundness.log 2>&1; status=$$?; cat target/soundness.log; \
		[ $$status -eq 0 ] || { echo "FAIL tests/soundness.rs"; exit 1; }; \
		if grep -q '^NOT RUN' target/soundness.log; then \
			grep '^NOT RUN' target/soundness.log | sed 's/^/note /'; \
		else echo "ok   tests/soundness.rs: every finding's test ran and passed"; fi

# The tutorial's four programs on the safe API, with the outcomes that
# c-tests/check.sh asserts for the C ports.
check-examples:
	$(CARGO) build --release --examples
	bash examples/check.sh $(RELEASE)/examples

# A #![no_std], #![no_main] program with its own _start, linked statically
# with -nostdlib (nolibc-demo/.cargo/config.toml): run it, then show that it
# is static and names no libc.
$(NOLIBC_BIN): FORCE
	cd nolibc-demo && CARGO_TARGET_DIR=$(abspath $(NOLIBC_DIR)) $(CARGO) build --release

check-nolibc: $(NOLIBC_BIN)
	@scratch=$$(mktemp); \
	echo "== $(NOLIBC_BIN) $$scratch"; \
	out=$$($(NOLIBC_BIN) $$scratch); status=$$?; rm -f $$scratch; \
	echo "$$out" | sed 's/^/   /'; echo "   exit status $$status"; \
	[ "$$status" -eq 0 ] || { echo "FAIL the no-libc program exited $$status"; exit 1; }; \
	echo "ok   the no-libc program ran every check and exited 0"
	@echo "== file $(NOLIBC_BIN)"; file -b $(NOLIBC_BIN) | sed 's/^/   /'
	@echo "== ldd $(NOLIBC_BIN)"; out=$$(ldd $(NOLIBC_BIN) 2>&1); echo "   $$out"; \
	echo "$$out" | grep -q 'not a dynamic executable' || { echo "FAIL ldd found a dynamic executable"; exit 1; }
	@echo "ok   ldd: not a dynamic executable"
	@echo "== readelf -d $(NOLIBC_BIN)"; out=$$(readelf -d $(NOLIBC_BIN) 2>&1); echo "   $$out"; \
	! echo "$$out" | grep -q NEEDED || { echo "FAIL the program needs shared libraries"; exit 1; }
	@echo "ok   readelf -d: no dynamic section, no NEEDED entries"
	@readelf -lW $(NOLIBC_BIN) | grep -q INTERP && { echo "FAIL the program has a program interpreter"; exit 1; } || true
	@echo "ok   readelf -l: no INTERP (no dynamic loader)"
	@n=$$(nm $(NOLIBC_BIN) | grep -c -e GLIBC -e __libc_start_main -e '\b_IO_'); \
	[ "$$n" -eq 0 ] || { echo "FAIL $$n glibc symbols in the program"; exit 1; }; \
	echo "ok   nm: no glibc symbol (no GLIBC_*, __libc_start_main, _IO_*)"

# A #![no_std] library crate depending on mman builds with a plain cargo
# build, and nothing in its dependency tree brings std or libc.
check-nostd:
	cd nostd-consumer && CARGO_TARGET_DIR=$(abspath target/nostd-consumer) $(CARGO) build
	@echo "== cargo tree (nostd-consumer)"; \
	tree=$$(cd nostd-consumer && $(CARGO) tree -e normal,features) \
		|| { echo "FAIL cargo tree failed in nostd-consumer"; exit 1; }; \
	echo "$$tree" | sed 's/^/   /'; \
	echo "$$tree" | grep -q 'mman v' || { echo "FAIL mman is not in the no_std consumer's tree"; exit 1; }; \
	! echo "$$tree" | grep -E 'libc v|rustix feature "std"' \
		|| { echo "FAIL std or libc in the no_std consumer's tree"; exit 1; }
	@echo "ok   nostd-consumer: a no_std crate builds on mman, with no std or libc crate in its tree"

.PHONY: FORCE
FORCE:
