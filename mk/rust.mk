# The Rust tests: raw API error classes, the differential test against
# the system libc, doctests.

.PHONY: check-rust
CHECKS += check-rust

check-rust:
	$(CARGO) test --features capi -- --nocapture
