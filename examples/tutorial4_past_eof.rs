//! The tutorial's program 4, on the safe API: a mapping of two pages over
//! a file smaller than a page.
//!
//! Usage: `tutorial4_past_eof FILE [past-mapping]`.
//!
//! - The byte at `st_size` lies in the file's last page: the slice reaches
//!   it, the write succeeds, and never reaches the file.
//! - The page at `pagesize` lies wholly past the end of the file: the
//!   slice stops before it (`view_len()` is one page), so safe code cannot
//!   touch it. The program then writes there through the raw pointer, as
//!   the tutorial does, and dies of SIGBUS (not SIGSEGV, as the tutorial
//!   says).
//! - With `past-mapping`: the two pages are placed in front of a
//!   `PROT_NONE` guard page the program reserved itself (a three-page
//!   reservation, split, its first two pages unmapped and the file mapped
//!   there with `MAP_FIXED_NOREPLACE`), and the write one byte past the
//!   mapping dies of SIGSEGV.

use mman::map::{MapOptions, NoAccess, ReadWrite};
use std::fs::OpenOptions;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .expect("usage: tutorial4_past_eof FILE [past-mapping]");
    let past_mapping = args.next().as_deref() == Some("past-mapping");
    let pagesize = mman::raw::page_size();
    println!("pagesize is {pagesize}");
    let file = OpenOptions::new().read(true).write(true).open(path)?;
    let size = file.metadata()?.len() as usize;
    println!("file size is {size}");

    if past_mapping {
        let mut reserve = MapOptions::new().len(3 * pagesize).map_anon::<NoAccess>()?;
        let _guard = reserve.split_off(2 * pagesize)?;
        let at = reserve.as_ptr();
        drop(reserve); // unmaps the first two pages, keeps the guard
                       // SAFETY: the file is this program's own; `at` is the hole just
                       // left by the reservation, away from the stack and the heap.
        let mapped = unsafe {
            MapOptions::new()
                .len(2 * pagesize)
                .shared()
                .fixed_noreplace(at)
                .map::<ReadWrite>(&file)?
        };
        drop(file);
        println!("touching the guard page past the mapping");
        // SAFETY: none: this is the fault the program shows (SIGSEGV).
        unsafe { mapped.as_mut_ptr().add(2 * pagesize).write_volatile(b'9') };
        println!("write past the mapping: survived");
        return Ok(());
    }

    // SAFETY: the file is this program's own.
    let mut mapped = unsafe {
        MapOptions::new()
            .len(2 * pagesize)
            .shared()
            .map::<ReadWrite>(&file)?
    };
    drop(file);
    println!(
        "mapping is {} bytes, of which the slices reach {}",
        mapped.len(),
        mapped.view_len()
    );
    mapped[size] = b'9';
    println!("write at st_size: survived");
    assert!(
        mapped.get_mut(pagesize).is_none(),
        "the slice must stop before the page past the file"
    );
    println!(
        "the slice stops at {}: the page at pagesize is reachable only through the raw pointer",
        mapped.view_len()
    );
    // SAFETY: none: this is the fault the program shows (SIGBUS).
    unsafe { mapped.as_mut_ptr().add(pagesize).write_volatile(b'9') };
    println!("write at pagesize: survived");
    Ok(())
}
