//! `mman_page_size`: against glibc's `sysconf(_SC_PAGESIZE)`, itself
//! checked equal to `getpagesize()`.

use crate::child::{case, Res};
use crate::Env;

pub fn run(env: &mut Env) {
    let cases = [case("page_size of mman_page_size and sysconf", |_, imp| {
        Res {
            // `long`: 32 bits on 32-bit targets.
            #[allow(clippy::useless_conversion)]
            ret: (imp.c().page_size)().into(),
            err: 0,
            fd: -1,
        }
    })];
    crate::child::run_group(env, "page_size", &cases, false);
}
