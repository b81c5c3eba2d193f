//! Generates the C header `include/mman.h` with cbindgen when the `capi`
//! feature is on, writes its constants as the sources do (hex or decimal,
//! `U` for unsigned) and its comments as C comments (no Markdown headings,
//! fences or links), gives each function its exception specification and
//! link name, and appends the POSIX-names block.
//!
//! The header is committed. It is rewritten only when its content changes,
//! so a build from unchanged sources (a fresh clone, `cargo package`) leaves
//! the source directory untouched, and `make check` fails if the committed
//! copy is stale.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    #[cfg(feature = "capi")]
    header::generate();
}

#[cfg(feature = "capi")]
mod header {
    use std::{
        env, fs,
        path::{Path, PathBuf},
    };

    pub fn generate() {
        let dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("CARGO_MANIFEST_DIR"));
        for watched in ["src", "cbindgen.toml", "include/mman.h"] {
            println!("cargo:rerun-if-changed={}", dir.join(watched).display());
        }
        let config = cbindgen::Config::from_file(dir.join("cbindgen.toml")).expect("cbindgen.toml");
        let mut out = Vec::new();
        cbindgen::Builder::new()
            .with_crate(&dir)
            .with_config(config)
            .generate()
            .expect("cbindgen could not generate mman.h")
            .write(&mut out);
        let text = String::from_utf8(out).expect("cbindgen wrote UTF-8");
        let text = with_version_string(&text);
        let mut literals = Vec::new();
        read_literals(&dir.join("src"), &mut literals);
        let text = with_literal_spelling(&text, &literals);
        let text = with_pointer_casts(&text);
        let text = with_c_comments(&text);
        let text = with_declaration_suffixes(&text);
        let text = with_posix_names(&text);

        let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
        fs::write(out_dir.join("mman.h"), &text).expect("write OUT_DIR/mman.h");
        let committed = dir.join("include/mman.h");
        if fs::read_to_string(&committed).ok().as_deref() != Some(text.as_str()) {
            if let Err(e) =
                fs::create_dir_all(dir.join("include")).and_then(|()| fs::write(&committed, &text))
            {
                println!(
                    "cargo:warning=could not update {}: {e}",
                    committed.display()
                );
            }
        }
    }

    /// Adds `MMAN_VERSION_STRING` after `MMAN_VERSION_PATCH`: cbindgen
    /// writes no string constants, and the version is cargo's.
    fn with_version_string(text: &str) -> String {
        let anchor = "#define MMAN_VERSION_PATCH ";
        let Some(at) = text.find(anchor) else {
            panic!("no MMAN_VERSION_PATCH in cbindgen's output");
        };
        let line_end = at + text[at..].find('\n').unwrap_or(text.len() - at);
        let version = env::var("CARGO_PKG_VERSION").expect("CARGO_PKG_VERSION");
        format!(
            "{}\n\n/**\n * The whole version, \"MAJOR.MINOR.PATCH\".\n */\n#define MMAN_VERSION_STRING \"{version}\"{}",
            &text[..line_end],
            &text[line_end..]
        )
    }

    /// An integer constant of the crate as its source writes it.
    struct Literal {
        name: String,
        value: u64,
        /// The literal without a Rust suffix, `0x01000000` or `26`.
        spelling: String,
        /// The C suffix its type calls for: `U` for `c_uint`.
        suffix: &'static str,
    }

    /// Collects the constants of every source file under `dir` whose value
    /// is an integer literal, from the parsed items: the same items cbindgen
    /// reads, so a constant cannot be missed or misread.
    fn read_literals(dir: &Path, out: &mut Vec<Literal>) {
        let mut entries: Vec<PathBuf> = fs::read_dir(dir)
            .expect("read src")
            .map(|e| e.expect("read src").path())
            .collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                read_literals(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = fs::read_to_string(&path).expect("read a source file");
                let file =
                    syn::parse_file(&source).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                literals_of(&file.items, out);
            }
        }
    }

    fn literals_of(items: &[syn::Item], out: &mut Vec<Literal>) {
        for item in items {
            match item {
                syn::Item::Const(c) => {
                    let syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Int(lit),
                        ..
                    }) = &*c.expr
                    else {
                        continue;
                    };
                    let syn::Type::Path(ty) = &*c.ty else {
                        continue;
                    };
                    let ty = ty.path.segments.last().map(|s| s.ident.to_string());
                    let suffix = match ty.as_deref() {
                        Some("c_int" | "i32") => "",
                        Some("c_uint" | "u32") => "U",
                        _ => continue,
                    };
                    let token = lit.to_string();
                    out.push(Literal {
                        name: c.ident.to_string(),
                        value: lit.base10_parse().expect("an integer literal"),
                        spelling: token[..token.len() - lit.suffix().len()].replace('_', ""),
                        suffix,
                    });
                }
                syn::Item::Mod(m) => {
                    if let Some((_, items)) = &m.content {
                        literals_of(items, out);
                    }
                }
                _ => {}
            }
        }
    }

    /// Writes each integer constant as the crate's source writes it, which
    /// is as the C library's and the kernel's headers write it: flags and
    /// masks in hex (`MAP_FIXED 0x10`), other values in decimal
    /// (`MADV_DONTNEED 4`, `MAP_HUGE_SHIFT 26`), and a `U` suffix on those of
    /// type `c_uint` (`MFD_CLOEXEC 0x1U`, `MAP_HUGE_16GB 0x88000000U`).
    /// cbindgen writes a bare decimal, which C reads as a signed `int`, or as
    /// a `long` past `INT_MAX`. A `#[cfg]` variant (powerpc's `MAP_LOCKED`)
    /// is told from the others by its value.
    fn with_literal_spelling(text: &str, literals: &[Literal]) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let def = line
                .strip_prefix("#define ")
                .and_then(|d| d.trim_end().split_once(' '))
                .filter(|(_, value)| value.bytes().all(|b| b.is_ascii_digit()));
            let Some((name, value)) = def else {
                out.push_str(line);
                continue;
            };
            let value: u64 = value.parse().expect("a decimal constant");
            let Some(lit) = literals.iter().find(|l| l.name == name && l.value == value) else {
                panic!("#define {name} {value}: no integer constant of that value in src/");
            };
            out.push_str(&format!("#define {name} {}{}\n", lit.spelling, lit.suffix));
        }
        out
    }

    /// Writes a pointer constant as glibc writes `MAP_FAILED`, `((void *)
    /// -1)`, where cbindgen writes `(void*)-1`: the outer parentheses keep
    /// the cast whole wherever the macro is used (`MMAN_MAP_FAILED[0]`
    /// would index `-1` without them).
    fn with_pointer_casts(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.split_inclusive('\n') {
            let cast = line
                .strip_prefix("#define ")
                .and_then(|d| d.trim_end().split_once(" ("))
                .and_then(|(name, rest)| {
                    let (ty, value) = rest.split_once("*)")?;
                    Some((name, ty.trim_end(), value))
                });
            match cast {
                Some((name, ty, value)) => {
                    out.push_str(&format!("#define {name} (({ty} *) {value})\n"));
                }
                None => out.push_str(line),
            }
        }
        out
    }

    /// Rewrites cbindgen's copies of the doc comments for C readers: a
    /// Markdown heading `# Examples` becomes `Examples:`, a fenced code block
    /// an indented one, a link `[mmap(2)](https://...)` `mmap(2)
    /// (https://...)`, a rustdoc link [`mman_mmap`] `mman_mmap`. Panics if
    /// any Markdown heading, fence, link or Rust path is left.
    fn with_c_comments(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut in_code = false;
        for line in text.split_inclusive('\n') {
            let Some(body) = line
                .trim_end()
                .strip_prefix(" *")
                .filter(|b| !b.starts_with('/'))
            else {
                out.push_str(line);
                continue;
            };
            let body = body.strip_prefix(' ').unwrap_or(body);
            if body.starts_with("```") {
                in_code = !in_code;
                continue;
            }
            let body = if in_code {
                format!("    {body}")
            } else if let Some(heading) = body.strip_prefix("# ") {
                format!("{heading}:")
            } else {
                without_links(body)
            };
            let body = body.trim_end();
            for markup in ["](", "```", "raw::", "crate::"] {
                assert!(
                    in_code || !body.contains(markup),
                    "Rust markup `{markup}` left in mman.h: {body}"
                );
            }
            if body.is_empty() {
                out.push_str(" *\n");
            } else {
                out.push_str(&format!(" * {body}\n"));
            }
        }
        out
    }

    /// `[text](url)` as `text (url)` and `[`name`]` as `name`.
    fn without_links(line: &str) -> String {
        let mut out = String::with_capacity(line.len());
        let mut rest = line;
        while let Some(open) = rest.find('[') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find(']') else {
                out.push('[');
                rest = after;
                continue;
            };
            let (label, tail) = (&after[..close], &after[close + 1..]);
            if let Some(url) = tail.strip_prefix('(').and_then(|t| t.split_once(')')) {
                out.push_str(&format!("{label} ({})", url.0));
                rest = url.1;
            } else if label.len() > 1 && label.starts_with('`') && label.ends_with('`') {
                out.push_str(label);
                rest = tail;
            } else {
                out.push('[');
                rest = after;
            }
        }
        out.push_str(rest);
        out
    }

    /// Functions the C library (glibc) declares without `__THROW`, so that
    /// in C++ they may throw: msync is a cancellation point, shm_open and
    /// shm_unlink open and unlink files. Their `mman_` declarations get no
    /// `MMAN_NOTHROW` either, to agree with the C library's in POSIX-names
    /// mode (see `with_declaration_suffixes`).
    const MAY_THROW_IN_LIBC: &[&str] = &["msync", "shm_open", "shm_unlink"];

    /// Ends each function declaration with `MMAN_NOTHROW` (unless the C
    /// library's function of the same name may throw) and
    /// `MMAN_SYMBOL(mman_name)`: `void *mman_mmap(...) MMAN_NOTHROW
    /// MMAN_SYMBOL(mman_mmap);`. In POSIX-names mode, a `<sys/mman.h>`
    /// included after the header declares `mmap` as `mman_mmap` (the macro
    /// renames it): C++ requires both declarations to have the same exception
    /// specification, and the fixed link name keeps glibc's
    /// `_FILE_OFFSET_BITS=64` declaration of `mmap` (an alias of `mmap64`)
    /// from sending mman_mmap's calls to the C library.
    fn with_declaration_suffixes(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut open: Option<&str> = None;
        for line in text.split_inclusive('\n') {
            open = open.or_else(|| prototype_name(line));
            match open {
                Some(name) if line.trim_end().ends_with(");") => {
                    let end = line.trim_end().len() - 1;
                    let nothrow = if MAY_THROW_IN_LIBC.contains(&name) {
                        ""
                    } else {
                        " MMAN_NOTHROW"
                    };
                    out.push_str(&format!(
                        "{}{nothrow} MMAN_SYMBOL(mman_{name});\n",
                        &line[..end]
                    ));
                    open = None;
                }
                _ => out.push_str(line),
            }
        }
        out
    }

    /// Macros of the header that are not POSIX names of anything.
    const NOT_POSIX: &[&str] = &["MMAN_H", "MMAN_POSIX_NAMES", "MMAN_NOTHROW", "MMAN_SYMBOL"];

    /// Functions whose POSIX name is defined by hand in `posix_extra` below
    /// instead of as a plain alias.
    const HAND_WRITTEN: &[&str] = &["mremap"];

    /// `mmap` in POSIX-names mode: with `_FILE_OFFSET_BITS=64`, glibc's
    /// `<sys/mman.h>` declares `mmap` as its `mmap64` (a 64-bit `off_t`
    /// even on 32-bit targets), so the POSIX name is `mman_mmap64` there.
    /// Like glibc, this takes the macro as it stands where the header is
    /// included: define it before (on the command line, as glibc requires
    /// it before the first system header).
    const MMAP_BY_OFFSET_BITS: &str = "\
#undef mmap
#if defined _FILE_OFFSET_BITS && _FILE_OFFSET_BITS == 64
#define mmap mman_mmap64
#else
#define mmap mman_mmap
#endif
";

    /// The POSIX names that are not plain aliases. `mremap` is variadic in C
    /// (`new_address` only with `MREMAP_FIXED` or `MREMAP_DONTUNMAP`), and
    /// stable Rust cannot define a variadic function: a `static inline`
    /// wrapper reads the fifth argument as glibc does, so that both
    /// `mremap(a, b, c, d)` and `mremap(a, b, c, d, e)` compile. (An unused
    /// `static inline` function draws no warning.) It is declared as the C
    /// library declares mremap (C linkage, `MMAN_NOTHROW`), which a
    /// `<sys/mman.h>` included later redeclares under this name.
    const POSIX_EXTRA: &str = "\
#include <stdarg.h>
#ifdef __cplusplus
extern \"C\" {
#endif
/** mremap: the C library's variadic signature, over mman_mremap. */
static inline void *mman_mremap_posix(void *old_address, size_t old_size, size_t new_size, int flags, ...) MMAN_NOTHROW
{
  void *new_address = NULL;
  if (flags & (MMAN_MREMAP_FIXED | MMAN_MREMAP_DONTUNMAP)) {
    va_list ap;
    va_start(ap, flags);
    new_address = va_arg(ap, void *);
    va_end(ap);
  }
  return mman_mremap(old_address, old_size, new_size, flags, new_address);
}
#ifdef __cplusplus
}  /* extern \"C\" */
#endif
#undef mremap
#define mremap mman_mremap_posix
";

    /// `mman_` functions that are no C library function and get no
    /// unprefixed name (`#define version ...` would rename every identifier
    /// `version` in the program).
    const NO_POSIX_NAME: &[&str] = &["version", "page_size"];

    /// Inserts, before the closing include guard, the block that maps each
    /// POSIX name to its `mman_`/`MMAN_` name when `MMAN_POSIX_NAMES` is
    /// defined. It includes no `<sys/mman.h>` (which would settle the C
    /// library's features before the program's own macros when the header
    /// comes first, as with `-include`); the program's own `<sys/mman.h>`
    /// may come before or after it. Before: its macros are replaced here.
    /// After: it declares mman's functions again under the macros, as mman
    /// declares them (types, `MMAN_NOTHROW`, `MMAN_SYMBOL`), and defines its
    /// constants again with the same values.
    fn with_posix_names(text: &str) -> String {
        let mut block = String::from(
            "\n#ifdef MMAN_POSIX_NAMES\n\
             /* POSIX names for this library's functions and constants. The C\n \
             * library's <sys/mman.h> may be included before or after this\n \
             * header: after, it declares these functions again, as here. */\n",
        );
        // A constant defined inside an `#if` (cbindgen's block for a
        // `#[cfg(target_arch = ...)]` item) exists on some architectures
        // only: its POSIX name is defined only where it does, and once.
        let mut in_cfg = false;
        let mut seen: Vec<&str> = Vec::new();
        for line in text.lines() {
            if line.starts_with("#if ") {
                in_cfg = true;
            } else if line.starts_with("#endif") {
                in_cfg = false;
            } else if let Some(rest) = line.strip_prefix("#define MMAN_") {
                let name = rest.split([' ', '(']).next().unwrap_or_default();
                let full = format!("MMAN_{name}");
                if NOT_POSIX.contains(&full.as_str())
                    || name.starts_with("VERSION")
                    || seen.contains(&name)
                {
                    continue;
                }
                seen.push(name);
                let alias = format!("#undef {name}\n#define {name} {full}\n");
                if in_cfg {
                    block.push_str(&format!("#ifdef {full}\n{alias}#endif\n"));
                } else {
                    block.push_str(&alias);
                }
            }
        }
        for name in text.lines().filter_map(prototype_name) {
            if HAND_WRITTEN.contains(&name) || NO_POSIX_NAME.contains(&name) {
                continue;
            }
            if name == "mmap" {
                block.push_str(MMAP_BY_OFFSET_BITS);
            } else {
                block.push_str(&format!("#undef {name}\n#define {name} mman_{name}\n"));
            }
        }
        block.push_str(POSIX_EXTRA);
        block.push_str("#endif /* MMAN_POSIX_NAMES */\n\n");
        let guard_end = "#endif  /* MMAN_H */";
        match text.rfind(guard_end) {
            Some(at) => format!("{}{}{}", &text[..at], block, &text[at..]),
            None => panic!("cbindgen output has no include guard"),
        }
    }

    /// The POSIX name of the function a header line declares, if it declares
    /// one: `mmap` for `void *mman_mmap(void *addr, ...);`.
    fn prototype_name(line: &str) -> Option<&str> {
        if line.starts_with([' ', '*', '/', '#']) {
            return None;
        }
        let (_, rest) = line.split_once("mman_")?;
        let (name, _) = rest.split_once('(')?;
        name.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
            .then_some(name)
    }
}
