# The Rust tests: every test binary of tests/ once (see tests/README.md),
# the library's unit tests and the doctests, in one cargo run.
#
# Each test binary runs once in make check: the three that need an
# optimized build (prop_family, stress, soundness) are declared `test =
# false` in Cargo.toml, so this run leaves them out, and check-prop /
# check-stress (mk/robustness.mk) and check-safe-api (mk/rust-api.mk) run
# them by name in release mode.

.PHONY: check-rust
CHECKS += check-rust

check-rust:
	$(CARGO) test --features capi -- --nocapture
