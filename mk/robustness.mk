# Robustness: property tests against glibc, concurrency stress, signal
# safety, faults, and every C test under valgrind memcheck.

ROBUST_C := $(addprefix $(BUILD)/,signal_safety faults)

.PHONY: check-prop check-stress check-signal check-faults check-valgrind
CHECKS += check-prop check-stress check-signal check-faults check-valgrind

$(BUILD)/signal_safety: LDLIBS_EXTRA := -lrt
$(ROBUST_C): $(BUILD)/%: c-tests/%.c c-tests/family_check.h include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CHECKH_CC)

# Every C function against the system libc: 10,000 arbitrary cases each
# (MMAN_PROP_CASES), shrunk to a minimal case on a difference. Release
# mode: the cases are system calls and /proc reads, the build is optimized.
# (prop_family and stress are `test = false` in Cargo.toml: check-rust's
# `cargo test` leaves them to these two rules, so each runs once.)
check-prop:
	$(CARGO) test --release --features capi --test prop_family -- --nocapture

# Threads racing mmap/munmap/mprotect/msync/mremap for MMAN_STRESS_SECS.
check-stress:
	$(CARGO) test --release --features capi --test stress -- --nocapture

check-signal: $(BUILD)/signal_safety
	$(BUILD)/signal_safety

check-faults: $(BUILD)/faults
	@d=$$(mktemp -d); $(BUILD)/faults $$d; s=$$?; rm -rf $$d; exit $$s

# The C tests under valgrind memcheck: no error and no definite leak, or
# valgrind exits 99. Program 4 dies of SIGBUS (and of SIGSEGV with
# past-mapping) by design: run under valgrind too, expecting that signal
# (128 + 7, 128 + 11), with ulimit -c 0 so that neither the program nor
# valgrind (its vgcore.PID) leaves a core file. Excluded, with the reason:
# - errno_paths: valgrind answers mmap of a length past the address space
#   itself, with EINVAL where the kernel gives ENOMEM (for glibc's mmap as
#   for mman's), and reports its deliberate msync of unmapped addresses;
# - signal_safety: valgrind delivers signals only between its translated
#   blocks, so the handler cannot interrupt mman's calls as the test needs;
# - family_mlock, family_posix_names(_cxx), family_mremap_mincore:
#   valgrind 3.19 has no mlock2 (syscall 325) and no MREMAP_DONTUNMAP, so
#   the programs' own checks of those fail under it;
# - family_memfd_shm: the process it starts cannot be loaded under
#   valgrind (--trace-children);
# - the limit checks of faults (MMAN_FAULTS_NO_LIMITS=1): valgrind needs
#   address space and descriptors of its own.
VALGRIND := valgrind -q --vgdb=no --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
	--trace-children=yes
VG_PLAIN := family_jit posix_names_sys_first posix_names_sys_after tutorial3_anon_fork
check-valgrind: $(C_PROGRAMS) $(FAMILY_PROGRAMS) $(ROBUST_C)
	@command -v valgrind >/dev/null || { echo "FAIL valgrind is not installed"; exit 1; }
	@set -u; ulimit -c 0; d=$$(mktemp -d); passed=0; failed=0; \
	run() { want=$$1; shift; \
		$(VALGRIND) "$$@" > $$d/out 2> $$d/err; s=$$?; \
		if [ "$$s" -eq "$$want" ]; then \
			echo "ok   valgrind $${*#$(BUILD)/}: exit $$s, no memcheck error"; passed=$$((passed + 1)); \
		else \
			echo "FAIL valgrind $$*: exit $$s, wanted $$want"; sed 's/^/     /' $$d/err | head -40; failed=$$((failed + 1)); \
		fi; }; \
	for p in $(VG_PLAIN); do run 0 $(BUILD)/$$p; done; \
	printf '%s' 0123456789abcdefghijKLMNOPQRSTUVWXYZ > $$d/f; run 0 $(BUILD)/tutorial1_map_modify_sync $$d/f; \
	run 0 $(BUILD)/tutorial1_map_modify_sync.shared $$d/f; \
	run 0 $(BUILD)/tutorial2_writer $$d/f; run 0 $(BUILD)/tutorial2_writer_shared $$d/f; \
	run 0 $(BUILD)/tutorial2_reader $$d/f 1; \
	run 135 $(BUILD)/tutorial4_past_eof $$d/f; \
	run 139 $(BUILD)/tutorial4_past_eof $$d/f past-mapping; \
	export MMAN_FAULTS_NO_LIMITS=1; run 0 $(BUILD)/faults $$d; \
	rm -rf $$d; \
	echo "valgrind: $$passed passed, $$failed failed"; [ "$$failed" -eq 0 ]
