# The C test programs: the tutorial's four, the errno paths, POSIX names.

# The tutorial's programs are kept as written: they declare variables and
# parameters they never use.
TUTORIAL_WARN := $(WARN) -Wno-unused-variable -Wno-unused-but-set-variable -Wno-unused-parameter

TUTORIAL := tutorial1_map_modify_sync tutorial1_map_modify_sync.shared tutorial2_reader \
	tutorial2_writer tutorial2_writer_shared tutorial3_anon_fork tutorial4_past_eof
C_PROGRAMS := $(addprefix $(BUILD)/,$(TUTORIAL) errno_paths posix_names_sys_first posix_names_sys_after)

.PHONY: c-tests check-c
CHECKS += check-c

c-tests: $(C_PROGRAMS)

$(BUILD):
	mkdir -p $@

$(BUILD)/%: c-tests/%.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -Iinclude $< $(RELEASE)/libmman.a -o $@

# Program 1 once more, linked against the shared library.
$(BUILD)/tutorial1_map_modify_sync.shared: c-tests/tutorial1_map_modify_sync.c include/mman.h $(RELEASE)/libmman.so | $(BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -Iinclude $< -L$(RELEASE) -lmman -Wl,-rpath,$(abspath $(RELEASE)) -o $@

$(BUILD)/tutorial2_writer_shared: c-tests/tutorial2_writer.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(TUTORIAL_WARN) -DWRITER_MAP_FLAGS=MAP_SHARED -Iinclude $< $(RELEASE)/libmman.a -o $@

$(BUILD)/errno_paths: c-tests/errno_paths.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $< $(RELEASE)/libmman.a -o $@

$(BUILD)/posix_names_sys_first: c-tests/posix_names_order.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -DSYS_MMAN_FIRST -Iinclude $< $(RELEASE)/libmman.a -o $@

$(BUILD)/posix_names_sys_after: c-tests/posix_names_order.c include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $< $(RELEASE)/libmman.a -o $@

check-c: c-tests
	@echo "== POSIX names reach mman: no undefined mmap/munmap/msync in the programs"
	@for p in $(filter-out %/errno_paths,$(C_PROGRAMS)); do \
		u=$$(nm -u $$p | awk '{print $$2}' | grep -E '^(mmap|mmap64|munmap|msync)(@|$$)'); \
		[ -z "$$u" ] || { echo "FAIL $$p references libc's $$u"; exit 1; }; \
		echo "ok   $$p: no undefined mmap, munmap, msync"; \
	done
	$(BUILD)/posix_names_sys_first
	$(BUILD)/posix_names_sys_after
	$(BUILD)/errno_paths $(BUILD)/errno_scratch
	bash c-tests/check.sh $(BUILD)

# The <sys/mman.h> family's programs: written as ported programs would be,
# in POSIX-names mode, each checking what it sees (one line per check, and
# "NAME: N passed, N failed"); c-tests/family_check.sh runs them all.
FAMILY := family_jit family_mremap_mincore family_memfd_shm family_mlock family_posix_names family_posix_names_cxx
FAMILY_PROGRAMS := $(addprefix $(BUILD)/,$(FAMILY))
CXX ?= c++

.PHONY: check-family-c
CHECKS += check-family-c

# How the programs built on c-tests/family_check.h compile (also the
# robustness programs of mk/robustness.mk); LDLIBS_EXTRA per program.
CHECKH_CC = $(CC) $(CFLAGS) $(WARN) -pedantic -std=gnu11 -Iinclude $< $(RELEASE)/libmman.a $(LDLIBS_EXTRA) -o $@

$(BUILD)/family_%: c-tests/family_%.c c-tests/family_check.h include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CHECKH_CC)

$(BUILD)/family_posix_names_cxx: c-tests/family_posix_names.c c-tests/family_check.h include/mman.h $(RELEASE)/libmman.a | $(BUILD)
	$(CXX) -x c++ -std=gnu++11 $(CFLAGS) $(WARN) -pedantic -Iinclude $< -x none $(RELEASE)/libmman.a -o $@

check-family-c: $(FAMILY_PROGRAMS)
	bash c-tests/family_check.sh $(BUILD)
