//! The tutorial's program 2, process A, on the safe API: map a file shared
//! and print it every 2 seconds (for ROUNDS rounds, default 2, instead of
//! forever), to see what another process writes.
//!
//! Usage: `tutorial2_reader FILE [ROUNDS]`.
//!
//! Another process writes the file while this one reads it, which is just
//! what `MapOptions::map`'s safety contract rules out for slices. So the
//! mapping is read through the raw pointer, with volatile reads, never as a
//! `&[u8]`.

use mman::map::{MapOptions, Read};
use std::fs::File;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: tutorial2_reader FILE [ROUNDS]");
    let rounds: u32 = args.next().map_or(2, |r| r.parse().expect("ROUNDS"));
    let file = File::open(path)?;
    // SAFETY: the bytes are read only through the raw pointer below, and
    // the file is not truncated while mapped.
    let mapped = unsafe { MapOptions::new().shared().map::<Read>(&file)? };
    drop(file);
    for round in 1..=rounds {
        let mut now = Vec::with_capacity(mapped.view_len());
        for i in 0..mapped.view_len() {
            // SAFETY: `i` is within the view: mapped, readable, in the file.
            let b = unsafe { mapped.as_ptr().add(i).read_volatile() };
            if b == 0 {
                break; // as C's "%s"
            }
            now.push(b);
        }
        println!("{}", String::from_utf8_lossy(&now));
        if round < rounds {
            std::thread::sleep(std::time::Duration::from_secs(2));
        }
    }
    Ok(())
}
