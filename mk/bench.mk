# Benchmarks (issue 6): never part of `make check`, which only builds them
# (check-bench-builds), so that they do not rot. Nothing here asserts a
# timing.
#
#   make bench               per-call ns of mman_* against glibc (bench/percall.c),
#                            shared memory against pipe and socket pair, and
#                            mapping against read() for a 256 MiB file
#                            (bench/src, which also draws its plot into
#                            target/bench/results.png)
#   make bench-plot          the same, with the plot written over the committed
#                            bench/results.png (the one the README shows)
#   make bench-instructions  user-space instructions per call, mman_* against
#                            glibc, counted by valgrind --tool=callgrind
#
# BENCH_SCALE multiplies the per-call samples; BENCH_PNG is where the plot
# goes. Needs valgrind for bench-instructions (apt-get install valgrind).
#
# make check runs check-bench-builds and check-instructions: the counts of
# bench-instructions against their ceilings (bench/instructions.ceilings),
# which guard the sources' instruction-count choices.

BENCH_OUT   := target/bench
BENCH_CARGO := $(BENCH_OUT)/cargo
BENCH_BIN   := $(BENCH_CARGO)/release/mman-bench
BENCH_SCALE ?= 1
BENCH_PNG   ?= $(BENCH_OUT)/results.png
BENCH_ROUNDS ?= 1000

# Linked against libmman.so, so that mman_* and glibc's functions are both
# called through the PLT.
BENCH_LINK := -Iinclude -L$(RELEASE) -lmman -Wl,-rpath,$(abspath $(RELEASE))

.PHONY: bench bench-plot bench-instructions bench-builds check-bench-builds check-instructions $(BENCH_BIN)
CHECKS += check-bench-builds check-instructions

$(BENCH_OUT):
	mkdir -p $@

$(BENCH_OUT)/percall: bench/percall.c include/mman.h $(RELEASE)/libmman.so | $(BENCH_OUT)
	$(CC) -O2 -g $(WARN) $< $(BENCH_LINK) -o $@

$(BENCH_OUT)/instructions: bench/instructions.c include/mman.h $(RELEASE)/libmman.so | $(BENCH_OUT)
	$(CC) -O2 -g $(WARN) $< $(BENCH_LINK) -o $@

$(BENCH_BIN):
	cd bench && CARGO_TARGET_DIR=$(abspath $(BENCH_CARGO)) $(CARGO) build --release

bench-builds: $(BENCH_OUT)/percall $(BENCH_OUT)/instructions $(BENCH_BIN)

bench: bench-builds
	@echo "== machine: $$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), $$(nproc) cores;" \
		"Linux $$(uname -r); $$(ldd --version | head -n 1)"
	@echo "== per call: median ns, mman_* against glibc, in alternation (bench/percall.c)"
	$(BENCH_OUT)/percall $(BENCH_SCALE)
	@echo "== is mmap shared memory fast? (bench/src/main.rs)"
	$(BENCH_BIN) --png $(BENCH_PNG)

# The committed plot: `make bench` with BENCH_PNG pointing at it.
bench-plot:
	$(MAKE) bench BENCH_PNG=bench/results.png

bench-instructions: $(BENCH_OUT)/instructions
	@command -v valgrind >/dev/null || { echo "bench-instructions needs valgrind (apt-get install valgrind)"; exit 1; }
	@echo "== user-space instructions per call (valgrind --tool=callgrind), mman_* against glibc"
	bash bench/instructions.sh $(BENCH_OUT)/instructions $(BENCH_ROUNDS)

# The benchmarks build, the harnesses run once on a tiny count (a check that
# they still work, not a measurement), and the bench crate is clippy-clean.
check-bench-builds: bench-builds
	$(BENCH_OUT)/instructions ok 1
	$(BENCH_OUT)/instructions err 1
	cd bench && CARGO_TARGET_DIR=$(abspath $(BENCH_CARGO)) $(CARGO) fmt -- --check
	cd bench && CARGO_TARGET_DIR=$(abspath $(BENCH_CARGO)) $(CARGO) clippy --release -- -D warnings
	@echo "ok   bench/percall, bench/instructions and the bench crate build (make bench runs them)"

check-instructions: $(BENCH_OUT)/instructions
	@command -v valgrind >/dev/null || { echo "FAIL check-instructions needs valgrind (apt-get install valgrind)"; exit 1; }
	bash bench/instructions.sh $(BENCH_OUT)/instructions $(BENCH_ROUNDS) bench/instructions.ceilings
