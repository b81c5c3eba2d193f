# make install / uninstall, the pkg-config file, and their check.
#
#   make install PREFIX=/usr DESTDIR=/tmp/stage   (also LIBDIR, INCLUDEDIR, PKGCONFIGDIR)
#
# Installs libmman.a, libmman.so.X.Y.Z with the libmman.so.0 (soname) and
# libmman.so (link-time) links, mman.h, and mman.pc.

PREFIX       ?= /usr/local
LIBDIR       ?= $(PREFIX)/lib
INCLUDEDIR   ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
REALNAME     := libmman.so.$(VERSION)

.PHONY: install uninstall check-install
CHECKS += check-install

install: lib
	install -d $(DESTDIR)$(LIBDIR) $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(PKGCONFIGDIR)
	install -m 644 $(RELEASE)/libmman.a $(DESTDIR)$(LIBDIR)/libmman.a
	install -m 755 $(RELEASE)/libmman.so $(DESTDIR)$(LIBDIR)/$(REALNAME)
	ln -sf $(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libmman.so
	install -m 644 include/mman.h $(DESTDIR)$(INCLUDEDIR)/mman.h
	sed -e 's|@PREFIX@|$(PREFIX)|' -e 's|@LIBDIR@|$(LIBDIR)|' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|' \
		-e 's|@VERSION@|$(VERSION)|' mman.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/mman.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/mman.pc

uninstall:
	rm -f $(DESTDIR)$(LIBDIR)/libmman.a $(DESTDIR)$(LIBDIR)/$(REALNAME) $(DESTDIR)$(LIBDIR)/$(SONAME) \
		$(DESTDIR)$(LIBDIR)/libmman.so $(DESTDIR)$(INCLUDEDIR)/mman.h $(DESTDIR)$(PKGCONFIGDIR)/mman.pc

# Install into a temporary DESTDIR, build a program with pkg-config against
# the installed copy, shared and fully static, and run both; then uninstall
# and check that nothing is left behind.
STAGE := $(CURDIR)/target/stage
check-install: lib
	rm -rf $(STAGE)
	$(MAKE) --no-print-directory install DESTDIR=$(STAGE)
	@echo "== installed into DESTDIR=$(STAGE):"; cd $(STAGE) && find . -mindepth 1 \( -type f -o -type l \) -printf '   %p %l\n' | sort
	@export PKG_CONFIG_PATH=$(STAGE)$(PKGCONFIGDIR) PKG_CONFIG_SYSROOT_DIR=$(STAGE); \
	set -e; \
	echo "== pkg-config --cflags --libs mman: $$(pkg-config --cflags --libs mman)"; \
	echo "== pkg-config --static --libs mman: $$(pkg-config --static --libs mman)"; \
	$(CC) $(CFLAGS) $(WARN) c-tests/installed_usage.c $$(pkg-config --cflags --libs mman) -o $(STAGE)/usage-shared; \
	$(CC) $(CFLAGS) $(WARN) -static c-tests/installed_usage.c $$(pkg-config --static --cflags --libs mman) -o $(STAGE)/usage-static; \
	echo "== shared build, needs: $$(readelf -d $(STAGE)/usage-shared | grep -o 'libmman[^]]*')"; \
	LD_LIBRARY_PATH=$(STAGE)$(LIBDIR) $(STAGE)/usage-shared; \
	if readelf -d $(STAGE)/usage-static | grep -q NEEDED; then echo "FAIL the static build needs shared libraries"; exit 1; fi; \
	echo "== static build: no dynamic section, no shared library needed"; \
	$(STAGE)/usage-static
	$(MAKE) --no-print-directory uninstall DESTDIR=$(STAGE)
	@left=$$(find $(STAGE) \( -type f -o -type l \) ! -name 'usage-*'); \
		[ -z "$$left" ] || { echo "FAIL uninstall left: $$left"; exit 1; }
	@echo "ok   make install, pkg-config (shared and --static), make uninstall"
