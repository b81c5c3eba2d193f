# Source hygiene and packaging: formatting, lints, docs, and `cargo package`.

.PHONY: check-lint check-package
CHECKS += check-lint check-package

# --all-targets leaves out the tests that are `test = false` in Cargo.toml
# (prop_family, stress, soundness: see mk/rust.mk): they are named.
check-lint:
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets --features capi -- -D warnings
	$(CARGO) clippy --features capi --test prop_family --test stress --test soundness -- -D warnings
	$(CARGO) clippy --all-targets -- -D warnings
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --no-deps --features capi
	@echo "ok   cargo fmt, clippy -D warnings (with and without capi), cargo doc -D warnings"

# The crate packages and its packaged copy builds, with the C API too: its
# build.rs regenerates the header without modifying the package's sources
# (cargo's verification fails if it does).
check-package:
	@mkdir -p target; $(CARGO) package --allow-dirty --features capi > target/package.log 2>&1; \
		status=$$?; cat target/package.log; [ $$status -eq 0 ]
	@! grep -q '^warning' target/package.log || { echo "FAIL cargo package warned"; exit 1; }
	@echo "ok   cargo package (verified with --features capi), no warning"
