//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_path() -> PathBuf {
    repo().join("plans/sample.yaml")
}

pub fn sample_yaml() -> String {
    std::fs::read_to_string(sample_path()).expect("plans/sample.yaml")
}

/// Run the gongwen binary in `dir`. Every PDF a render writes is checked: no glyph stands
/// outside the type area or the page-number band (GB/T 9704; `pdf::assert_on_the_page`).
pub fn gongwen(dir: &Path, args: &[&str]) -> Output {
    let started = std::time::SystemTime::now() - std::time::Duration::from_secs(1);
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run gongwen");
    if args.first() == Some(&"render") {
        let out_dir = args
            .iter()
            .position(|a| *a == "-o" || *a == "--out-dir")
            .and_then(|i| args.get(i + 1))
            .map_or_else(|| dir.join("output"), |o| dir.join(o));
        for pdf in written_since(&out_dir, started, "pdf") {
            pdf::assert_on_the_page(&pdf);
        }
        for package in written_since(&out_dir, started, "docx")
            .into_iter()
            .chain(written_since(&out_dir, started, "ofd"))
        {
            assert_well_formed_xml(&package);
        }
    }
    out
}

/// Every XML part of a DOCX or OFD package parses as XML 1.0 (LibreOffice refuses a DOCX whose
/// XML is not well formed, as with a control character in it).
pub fn assert_well_formed_xml(package: &Path) {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(package).unwrap()).unwrap();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        if !(name.ends_with(".xml") || name.ends_with(".rels")) {
            continue;
        }
        let mut text = String::new();
        entry.read_to_string(&mut text).unwrap();
        if let Err(e) = roxmltree::Document::parse(&text) {
            panic!("{}: {name} is not well-formed XML: {e}", package.display());
        }
    }
}

/// Files with extension `ext` in `dir` modified since `since`.
pub fn written_since(dir: &Path, since: std::time::SystemTime, ext: &str) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .filter(|p| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .collect()
}

/// Render `input` in `formats` into a new folder that lives as long as the process.
pub fn render_to_temp(input: &Path, formats: &str) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = gongwen(
        &repo(),
        &[
            "render",
            input.to_str().unwrap(),
            "-o",
            dir.to_str().unwrap(),
            "--format",
            formats,
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir
}

/// Panic showing where `got` and `want` first differ, with some context, if they do.
pub fn assert_same_text(got: &str, want: &str, what: &str) {
    if got == want {
        return;
    }
    let (g, w): (Vec<char>, Vec<char>) = (got.chars().collect(), want.chars().collect());
    let i = (0..g.len().min(w.len()))
        .find(|&i| g[i] != w[i])
        .unwrap_or(g.len().min(w.len()));
    let context = |v: &[char]| {
        v[i.saturating_sub(20)..(i + 20).min(v.len())]
            .iter()
            .collect::<String>()
    };
    panic!(
        "{what}: text differs at {i}:\n  got:  {}\n  want: {}",
        context(&g),
        context(&w)
    );
}

/// Run a reader or checker and return what it prints; `hint` says where it comes from.
pub fn run_tool(name: &str, args: &[&str], hint: &str) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name}: {e} ({hint})"));
    assert!(
        out.status.success(),
        "{name} {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// The text a reader sees in a Markdown document: what pulldown-cmark reports as text, with
/// HTML comments (gongwen's role markers) left out.
pub fn markdown_text(md: &str) -> String {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let mut out = String::new();
    // An image's alt text describes it (a seal); it is not printed.
    let mut in_image = false;
    // Tables as GFM has them: a table's cells are text, read row by row.
    for event in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Image { .. }) => in_image = true,
            Event::End(TagEnd::Image) => in_image = false,
            Event::Text(_) if in_image => {}
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::End(_) => out.push('\n'),
            _ => {}
        }
    }
    out
}

pub fn without_whitespace(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// 1-based line and column (in characters) of the first occurrence of `needle`.
pub fn position_of(text: &str, needle: &str) -> (usize, usize) {
    line_col(
        text,
        text.find(needle).unwrap_or_else(|| panic!("fixture lacks {needle:?}")),
    )
}

/// Line and column (1-based, in characters) of the `n`-th `needle` in `text`.
pub fn nth_position(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let at = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("fixture lacks {needle:?} #{n}"))
        .0;
    line_col(text, at)
}

/// 1-based line and column (in characters) of byte offset `at` in `text`.
pub fn line_col(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    (
        before.matches('\n').count() + 1,
        before.rsplit('\n').next().unwrap_or("").chars().count() + 1,
    )
}
pub mod ofd;
pub mod pdf;
pub mod raster;

/// The name given to person `id` in a roster file's text (`  id: { name: 张三, … }`).
pub fn roster_name(roster: &str, id: &str) -> String {
    let line = roster
        .lines()
        .find(|l| l.starts_with(&format!("  {id}:")))
        .unwrap_or_else(|| panic!("{id} in the roster"));
    let after = line
        .split("name: ")
        .nth(1)
        .unwrap_or_else(|| panic!("a name in {line}"));
    after.split([',', ' ', '}']).next().unwrap_or_default().to_string()
}

/// Run git in `dir` with a throwaway identity; the command must succeed.
pub fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git");
    assert!(
        out.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The body rows of the first Markdown table in `md` (its header and delimiter rows left out),
/// each as its cells, trimmed.
pub fn body_rows(md: &str) -> Vec<Vec<&str>> {
    md.lines()
        .skip_while(|l| !l.starts_with("| "))
        .take_while(|l| l.starts_with("| "))
        .filter(|l| !l.starts_with("| ---"))
        .skip(1)
        .map(|l| l.trim_matches('|').split(" | ").map(str::trim).collect())
        .collect()
}
