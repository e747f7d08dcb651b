//! `gongwen lint PLAN.yaml|DOC.md... [--fix]`: official-document rules on a plan's text and on
//! the document it generates, or on a (hand-edited) Markdown document.

use super::{exit, report};
use crate::diagnostic::Diagnostic;
use crate::lint::leftover::names_withheld;
use crate::lint::{Finding, Setting, lint};
use crate::plan::load::{Files, LoadedPlan, Source, load_from, position_at};
use crate::renderer::markdown::Renderers;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Plans (.yaml) or Markdown documents (.md) to check against the rules
    #[arg(required = true, value_name = "PLAN")]
    plans: Vec<PathBuf>,
    /// Apply the fixes that change form only (punctuation width, dates, document numbers, the
    /// copy-to line's full stop)
    #[arg(long)]
    fix: bool,
}

/// `--fix` mends in rounds: a fix can uncover another (two marks side by side, the same slip
/// twice in a text), so the rules run again on the mended text until nothing more is mended, at
/// most this many times. What is reported is what the last round still finds.
const MAX_ROUNDS: usize = 8;

pub fn run(args: Args) -> u8 {
    let mut code = exit::OK;
    // The templates, each set compiled once: the structural rules also run on what a plan generates.
    let renderer = crate::renderer::markdown::Renderers::new(None).ok();
    for plan in &args.plans {
        let result = if plan.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            lint_markdown(plan, args.fix)
        } else {
            lint_plan(plan, args.fix, renderer.as_ref())
        };
        code = code.max(result);
    }
    code
}

/// A safe fix placed in a file: byte offset, old text, new text.
type Edit = (usize, String, String);

/// The files of a plan as `--fix` has mended them so far (not yet written), the others as they
/// are on disk.
#[derive(Default)]
struct Mended {
    texts: BTreeMap<PathBuf, String>,
    /// Fixes applied, per file.
    counts: BTreeMap<PathBuf, usize>,
}

impl Source for Mended {
    fn read(&self, path: &Path) -> Result<String, Diagnostic> {
        match self.texts.get(path) {
            Some(text) => Ok(text.clone()),
            None => Files.read(path),
        }
    }
}

/// What the rules need to know from the plan's files: whether the plan itself says its XX are
/// names withheld, and the towns of the plans it extends.
fn setting(loaded: &LoadedPlan) -> Setting {
    let town = |doc: &crate::plan::load::Doc| {
        let town = doc.value.get("document")?.get("town")?.as_str()?.trim();
        (!town.is_empty()).then(|| town.to_string())
    };
    Setting {
        names_withheld: loaded.docs.first().is_some_and(|d| names_withheld(&d.source)),
        base_towns: loaded
            .docs
            .iter()
            .skip(1)
            .filter(|d| !d.roster)
            .filter_map(town)
            .collect(),
    }
}

fn lint_plan(plan: &Path, fix: bool, renderer: Option<&Renderers>) -> u8 {
    let mut mended = Mended::default();
    let mut round = 1;
    let (mut loaded, findings) = loop {
        let loaded = match load_from(plan, &mended) {
            // Wrong kinds of values and unknown fields are for `check` to explain first.
            Ok(l) if !l.problems.is_empty() => {
                report(&l.problems);
                return exit::INPUT;
            }
            Ok(l) => l,
            Err(problems) => {
                // Also when a fix made the plan unreadable: nothing is written then.
                report(&problems);
                return exit::INPUT;
            }
        };
        // Before ids are resolved: each person is checked where the roster defines them.
        let findings = lint(&loaded.plan, &setting(&loaded));
        if !fix || round == MAX_ROUNDS || !mend(&loaded, &findings, &mut mended) {
            break (loaded, findings);
        }
        round += 1;
    };
    let mut code = exit::OK;
    for (path, text) in &mended.texts {
        code = code.max(write_fixed(path, text, mended.counts.get(path).copied().unwrap_or(0)));
    }
    for f in &findings {
        let message = message(f);
        let d = match loaded.locate_text(&f.path, &f.snippet, f.occurrence) {
            Some((doc, offset)) => {
                let pos = position_at(&doc.source, offset);
                Diagnostic::file(&doc.path, message)
                    .with_path(&f.path)
                    .at(&doc.source, pos.line, pos.col)
            }
            None => loaded.diagnostic(&f.path, message),
        };
        tell!("{d}");
    }
    // The document the plan generates: heading numbers and the copy-to line are the
    // templates' work, so a finding here points at a template, not at the plan.
    let roster = loaded.roster().map(Path::to_path_buf);
    crate::plan::people::resolve(&mut loaded.plan, roster.as_deref());
    crate::plan::attachment::derive_tables(&mut loaded.plan);
    let year = loaded.plan.document.year;
    crate::plan::outline::prepare(&mut loaded.plan.sections, year);
    let generated = renderer.map(|r| generated_findings(&loaded, r)).unwrap_or_default();
    for d in &generated {
        tell!("{d}");
    }
    code.max(summary(plan, findings.len() + generated.len()))
}

/// Apply the safe fixes among `findings` to the texts of `loaded`'s files, into `mended`.
/// Whether any was applied.
fn mend(loaded: &LoadedPlan, findings: &[Finding], mended: &mut Mended) -> bool {
    let mut edits: BTreeMap<PathBuf, Vec<Edit>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.safe) {
        if let (Some((doc, offset)), Some(new)) = (loaded.locate_text(&f.path, &f.snippet, f.occurrence), &f.fix) {
            edits
                .entry(doc.path.clone())
                .or_default()
                .push((offset, f.snippet.clone(), new.clone()));
        }
    }
    let mut any = false;
    for (path, list) in edits {
        let Some(doc) = loaded.docs.iter().find(|d| d.path == path) else {
            continue;
        };
        let (text, count) = apply(&doc.source, list);
        if count > 0 {
            any = true;
            *mended.counts.entry(path.clone()).or_default() += count;
            mended.texts.insert(path, text);
        }
    }
    any
}

/// A finding as a message: its rule, what is wrong, and the fix where there is one.
fn message(f: &Finding) -> String {
    let suggestion = match (&f.fix, f.safe) {
        (Some(fix), true) => format!("；改为「{fix}」（gongwen lint --fix 可自动修改）"),
        (Some(fix), false) => format!("；建议改为「{fix}」"),
        (None, _) => String::new(),
    };
    format!("[{}] {}{suggestion}", f.rule, f.message)
}

/// `source` with the edits that still match it applied, and how many were.
fn apply(source: &str, mut edits: Vec<Edit>) -> (String, usize) {
    // One pass from the start: replacing in place, edit by edit, moved the rest of the file
    // each time (quadratic in the edits). Overlapping edits keep the first; the next round
    // finds the other again.
    edits.sort_by_key(|e| e.0);
    let mut text = String::with_capacity(source.len());
    let mut at = 0;
    let mut count = 0;
    for (offset, old, new) in edits {
        let end = offset.saturating_add(old.len());
        if offset < at || source.get(offset..end) != Some(old.as_str()) {
            continue;
        }
        text.push_str(&source[at..offset]);
        text.push_str(&new);
        at = end;
        count += 1;
    }
    text.push_str(&source[at..]);
    (text, count)
}

/// Write a mended file back atomically. Returns the exit code.
fn write_fixed(path: &Path, text: &str, count: usize) -> u8 {
    // Through a link: a plan linked from elsewhere is mended where it lives, the link kept.
    let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf());
    match crate::output::write_atomic(&real, text.as_bytes()) {
        Ok(()) => {
            say!("已修正 {count} 处：{}", path.display());
            exit::OK
        }
        Err(e) => {
            tell!("{}: 无法写入（cannot write）：{e}", path.display());
            exit::OUTPUT
        }
    }
}

/// The last word on one input: how many findings are left, or that there are none.
fn summary(input: &Path, remaining: usize) -> u8 {
    if remaining > 0 {
        tell!(
            "{}: {remaining} 处不合公文规范（{remaining} finding(s)）",
            input.display()
        );
        exit::INPUT
    } else {
        say!("{}: 符合规范（no findings）", input.display());
        exit::OK
    }
}

/// Rules on the Markdown a plan generates with its templates (its own `templates:`, or the built-ins).
fn generated_findings(loaded: &LoadedPlan, renderer: &Renderers) -> Vec<Diagnostic> {
    use crate::renderer::markdown::Templates;
    // A plan that does not render is for `check` to explain.
    let Ok(markdown) = renderer.render_plan(loaded) else {
        return Vec::new();
    };
    crate::lint::markdown::lint_structure(&markdown)
        .into_iter()
        .map(|f| {
            Diagnostic::file(
                &loaded.path,
                format!(
                    "生成的文档第 {} 行（in the generated document）：[{}] {}",
                    f.line, f.finding.rule, f.finding.message
                ),
            )
        })
        .collect()
}

/// Lint a Markdown document; with `fix`, apply the safe fixes in place.
fn lint_markdown(path: &Path, fix: bool) -> u8 {
    let source = match crate::plan::load::read_text(path) {
        Ok(s) => s,
        Err(d) => {
            report(&[d]);
            return exit::INPUT;
        }
    };
    let mut text = source;
    let mut findings = crate::lint::markdown::lint(&text);
    let mut fixed = 0;
    let rounds = if fix { MAX_ROUNDS } else { 1 };
    for _ in 1..rounds {
        let edits: Vec<Edit> = findings
            .iter()
            .filter(|f| f.finding.safe)
            .filter_map(|f| Some((f.offset?, f.finding.snippet.clone(), f.finding.fix.clone()?)))
            .collect();
        let (mended, count) = apply(&text, edits);
        if count == 0 {
            break;
        }
        text = mended;
        fixed += count;
        findings = crate::lint::markdown::lint(&text);
    }
    let mut code = exit::OK;
    if fixed > 0 {
        code = write_fixed(path, &text, fixed);
    }
    for f in &findings {
        tell!(
            "{}",
            Diagnostic::file(path, message(&f.finding)).at(&text, f.line as u32, f.col as u32)
        );
    }
    code.max(summary(path, findings.len()))
}
