//! The tutorial's program 2, process B, on the safe API: map the file and
//! set byte 20 to '9'.
//!
//! Usage: `tutorial2_writer FILE [private|shared]`. The tutorial's B maps
//! `MAP_PRIVATE` (the default here): the write is copy-on-write, seen by
//! neither process A nor the file. With `shared`, both see it.

use mman::map::{MapOptions, ReadWrite};
use std::fs::OpenOptions;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: tutorial2_writer FILE [private|shared]");
    let opts = match args.next().as_deref() {
        None | Some("private") => MapOptions::new().private(),
        Some("shared") => MapOptions::new().shared(),
        Some(other) => panic!("unknown mode {other}: private or shared"),
    };
    let file = OpenOptions::new().read(true).write(true).open(path)?;
    // SAFETY: process A only reads the file, and no one truncates it.
    let mut mapped = unsafe { opts.map::<ReadWrite>(&file)? };
    drop(file);
    mapped[20] = b'9';
    Ok(())
}
