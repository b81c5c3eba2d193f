# The C programs on other architectures, under qemu-user: `make check-cross`
# runs every target of mk/target.mk (aarch64 also with 16 and 64 KiB
# pages), `make check-cross TARGET=<triple>` one. Each target's run builds
# its libraries and programs with its cross toolchain and runs, against its
# own glibc 2.36: the symbol checks, the constants check, the tutorial's
# programs, the errno paths (mman's result must be the target glibc's), and
# the family's programs.

.PHONY: check-consts check-cross
CHECKS += check-consts

# Every MMAN_* constant of the header equals the C library's of the same
# name (c-tests/consts_match.sh writes the program from the header).
$(BUILD)/consts_match.c: c-tests/consts_match.sh include/mman.h | $(BUILD)
	sh c-tests/consts_match.sh include/mman.h > $@
$(BUILD)/consts_match: $(BUILD)/consts_match.c include/mman.h | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -Iinclude $< -o $@
check-consts: $(BUILD)/consts_match
	$(RUN) $(BUILD)/consts_match

$(BUILD)/linebuf.so: c-tests/linebuf.c | $(BUILD)
	$(CC) $(CFLAGS) $(WARN) -shared -fPIC $< -o $@

# The page sizes aarch64 kernels are built with, besides 4 KiB.
CROSS_PAGESIZES := 16384 65536

ifeq ($(TARGET),)
check-cross:
	@set -e; for t in $(CROSS_TARGETS); do \
		echo "=== check-cross TARGET=$$t"; \
		$(MAKE) --no-print-directory check-cross TARGET=$$t; \
	done; \
	for p in $(CROSS_PAGESIZES); do \
		echo "=== check-cross TARGET=aarch64-unknown-linux-gnu PAGESIZE=$$p"; \
		$(MAKE) --no-print-directory check-cross TARGET=aarch64-unknown-linux-gnu PAGESIZE=$$p; \
	done
	@echo "check-cross: all passed"
else
check-cross: lib $(BUILD)/linebuf.so
	@echo "== $(TARGET)$(if $(PAGESIZE), with $(PAGESIZE)-byte pages): run as: $(RUN)"
	$(MAKE) --no-print-directory check-symbols check-consts $(if $(PAGESIZE),check-errno-paths,check-c check-family-c)
ifneq ($(PAGESIZE),)
	@echo "skip the tutorial's and the family's programs with $(PAGESIZE)-byte pages: qemu-user emulates a" \
		"page larger than the host's only in part (a shared file mapping cannot be placed at a fixed" \
		"address, an access past the end of a file gives SIGSEGV instead of SIGBUS, MADV_DONTNEED does" \
		"nothing), so what they check is qemu's; the checks above compare mman with glibc under it"
endif
endif
