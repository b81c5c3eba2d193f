//! The tutorial's program 1, on the safe API: map a file shared and
//! read-write, print it, set byte 20 to '9', flush (`MS_SYNC`), unmap.
//!
//! Usage: `tutorial1_map_modify_sync FILE`. Afterwards the file's byte 20
//! is '9' (checked by `examples/check.sh`).

use mman::map::{MapOptions, ReadWrite};
use std::fs::OpenOptions;
use std::io::Write;

fn main() -> std::io::Result<()> {
    let path = std::env::args()
        .nth(1)
        .expect("usage: tutorial1_map_modify_sync FILE");
    let file = OpenOptions::new().read(true).write(true).open(path)?;
    // The whole file, shared: writes reach it.
    // SAFETY: no other process changes or truncates the file meanwhile.
    let mut mapped = unsafe { MapOptions::new().shared().map::<ReadWrite>(&file)? };
    // Once mapped, the descriptor can go: the mapping keeps the file.
    drop(file);
    std::io::stdout().write_all(&mapped)?;
    mapped[20] = b'9';
    mapped.flush()?;
    drop(mapped); // munmap
    Ok(())
}
