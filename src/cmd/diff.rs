//! `gongwen diff OLD NEW`: what changes in the generated document, before anything is printed.
//! OLD and NEW are plan files or Markdown documents (`.md`, compared as written), or
//! `REV:PATH` for either at a git revision; `gongwen diff FILE` compares the last commit
//! (`HEAD:FILE`) with the working copy.

use super::{exit, report};
use crate::diagnostic::Diagnostic;
use crate::plan::load::{Files, MAX_PLAN_BYTES, Source, decode};
use crate::renderer::markdown::Renderers;
use clap::ValueEnum;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::Command;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The earlier plan or Markdown document: a file, or REV:PATH for a git revision (default: HEAD:NEW)
    #[arg(value_name = "OLD")]
    old: String,
    /// The later plan or Markdown document (default: compare OLD's file at HEAD with the working copy)
    #[arg(value_name = "NEW")]
    new: Option<String>,
    /// Folder of templates that override the built-in ones by name
    #[arg(long, value_name = "DIR")]
    templates: Option<PathBuf>,
    /// Colour the changed characters
    #[arg(long, value_enum, default_value = "auto")]
    color: Color,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
enum Color {
    Auto,
    Always,
    Never,
}

/// Plan files as they were at a git revision; a plan's base and roster are read at the same
/// revision.
struct Revision {
    /// As the user wrote it, for messages.
    rev: String,
    /// The commit it names, as verified by git.
    hash: String,
    root: PathBuf,
}

impl Revision {
    fn new(rev: &str) -> Result<Self, Diagnostic> {
        let out = Command::new("git")
            .args(["rev-parse", "--show-toplevel"])
            .output()
            .map_err(|e| Diagnostic::file(Path::new(rev), format!("无法运行 git（cannot run git）：{e}")))?;
        if !out.status.success() {
            return Err(Diagnostic::file(
                Path::new(rev),
                "当前目录不在 git 仓库中（not in a git repository）",
            ));
        }
        let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        // The revision is checked as a revision and used by its hash, so that nothing written
        // as OLD (`--output=FILE:…`) ever reaches git as an option.
        let verified = Command::new("git")
            .current_dir(&root)
            .args(["rev-parse", "--verify", "--quiet", "--end-of-options"])
            .arg(format!("{rev}^{{commit}}"))
            .output()
            .map_err(|e| Diagnostic::file(Path::new(rev), format!("无法运行 git（cannot run git）：{e}")))?;
        let hash = String::from_utf8_lossy(&verified.stdout).trim().to_string();
        if !verified.status.success() || hash.is_empty() || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(Diagnostic::file(
                Path::new(rev),
                format!("「{rev}」不是这个 git 仓库中的版本（not a revision）：请写提交号、分支名或 HEAD"),
            ));
        }
        Ok(Revision {
            rev: rev.to_string(),
            hash,
            root,
        })
    }
}

impl Source for Revision {
    fn read(&self, path: &Path) -> Result<String, Diagnostic> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let absolute = crate::plan::load::normalize(&cwd.join(path));
        let root = std::fs::canonicalize(&self.root).unwrap_or(self.root.clone());
        let relative = absolute
            .strip_prefix(&root)
            .or_else(|_| absolute.strip_prefix(&self.root))
            .map_err(|_| {
                Diagnostic::file(
                    path,
                    format!("不在 git 仓库 {} 中（outside the repository）", self.root.display()),
                )
            })?;
        let spec = format!("{}:{}", self.hash, relative.display());
        let cannot_run = |e: std::io::Error| Diagnostic::file(path, format!("无法运行 git（cannot run git）：{e}"));
        // Only blobs are read (not a tree listing), and no more than a plan may hold.
        let kind = Command::new("git")
            .current_dir(&self.root)
            .args(["cat-file", "-t", "--end-of-options", &spec])
            .output()
            .map_err(cannot_run)?;
        if String::from_utf8_lossy(&kind.stdout).trim() != "blob" {
            let why = String::from_utf8_lossy(&kind.stderr).trim().to_string();
            return Err(Diagnostic::file(
                path,
                format!("在版本 {} 中找不到这个文件（not at that revision）：{why}", self.rev),
            ));
        }
        let mut child = Command::new("git")
            .current_dir(&self.root)
            .args(["cat-file", "blob", "--end-of-options", &spec])
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .map_err(cannot_run)?;
        let mut bytes = Vec::new();
        if let Some(stdout) = child.stdout.take() {
            use std::io::Read;
            stdout
                .take(MAX_PLAN_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(cannot_run)?;
        }
        let _ = child.kill();
        let _ = child.wait();
        let name = PathBuf::from(format!("{}:{}", self.rev, path.display()));
        if bytes.len() as u64 > MAX_PLAN_BYTES {
            return Err(Diagnostic::file(&name, "文件过大（file too large）"));
        }
        decode(&name, bytes)
    }
}

/// `REV:PATH` → (Some(REV), PATH); a plain path → (None, PATH). A path that exists wins, so a
/// Windows-style or oddly named file is not mistaken for a revision.
fn split_spec(spec: &str) -> (Option<&str>, &str) {
    if !Path::new(spec).exists()
        && let Some((rev, path)) = spec.split_once(':')
        && !rev.is_empty()
    {
        return (Some(rev), path);
    }
    (None, spec)
}

/// A Markdown document (`.md`) is compared as it is: a hand-edited `output/*.md`, or one
/// against the plan it came from.
fn is_markdown(path: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md"))
}

/// The document `spec` names: a plan's, rendered with `renderer`, or a Markdown document's text.
fn markdown(spec: &str, renderer: &Renderers) -> Result<String, Vec<Diagnostic>> {
    let (rev, path) = split_spec(spec);
    let revision = rev.map(Revision::new).transpose().map_err(|d| vec![d])?;
    let source: &dyn Source = match &revision {
        Some(r) => r,
        None => &Files,
    };
    if is_markdown(path) {
        source.read(Path::new(path)).map_err(|d| vec![d])
    } else {
        crate::pipeline::plan_to_markdown_from(Path::new(path), source, renderer)
    }
}

pub fn run(args: Args) -> u8 {
    let (old, new) = match &args.new {
        Some(new) => (args.old.clone(), new.clone()),
        None => (format!("HEAD:{}", args.old), args.old.clone()),
    };
    let renderer = match Renderers::new(args.templates.as_deref()) {
        Ok(r) => r,
        Err(d) => {
            report(&[d]);
            return exit::INPUT;
        }
    };
    let (old_md, new_md) = match (markdown(&old, &renderer), markdown(&new, &renderer)) {
        (Ok(a), Ok(b)) => (a, b),
        (a, b) => {
            // Both sides can fail alike (not in a git repository): say it once.
            let mut problems: Vec<Diagnostic> = Vec::new();
            for d in [a.err(), b.err()].into_iter().flatten().flatten() {
                if !problems.iter().any(|p| p.to_string() == d.to_string()) {
                    problems.push(d);
                }
            }
            report(&problems);
            return exit::INPUT;
        }
    };
    let changes = crate::diff::diff(&old_md, &new_md);
    if changes.is_empty() {
        say!("文档内容没有变化（no change in the document）");
        return exit::OK;
    }
    let color = match args.color {
        Color::Always => true,
        Color::Never => false,
        Color::Auto => std::io::stdout().is_terminal(),
    };
    // Sections inserted or removed, named as such before the lines that change.
    for line in crate::diff_outline::section_changes(&old_md, &new_md) {
        say!("{line}");
    }
    say_inline!("{}", crate::diff::format(&changes, color));
    let edits = changes.iter().filter(|c| c.is_edit()).count();
    let renumbered = changes.len() - edits;
    let also = if renumbered > 0 {
        format!("，另有 {renumbered} 处序号顺延（{renumbered} renumbered）")
    } else {
        String::new()
    };
    say!("共 {edits} 处变化（{edits} change(s)）{also}：{old} → {new}");
    exit::OK
}
