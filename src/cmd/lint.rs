//! `gongwen lint PLAN.yaml|DOC.md... [--fix]`: official-document rules on a plan's text and on
//! the document it generates, or on a (hand-edited) Markdown document.

use super::{exit, report};
use crate::diagnostic::Diagnostic;
use crate::lint::{Finding, lint};
use crate::plan::load::{Files, load_from, position_at};
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

pub fn run(args: Args) -> u8 {
    let mut code = exit::OK;
    // The templates, each set compiled once: the structural rules also run on what a plan generates.
    let renderer = crate::renderer::markdown::Renderers::new(None).ok();
    for plan in &args.plans {
        if plan.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            code = code.max(lint_markdown(plan, args.fix));
            continue;
        }
        let mut loaded = match load_from(plan, &Files) {
            // Wrong kinds of values and unknown fields are for `check` to explain first.
            Ok(l) if !l.problems.is_empty() => {
                report(&l.problems);
                code = code.max(exit::INPUT);
                continue;
            }
            Ok(l) => l,
            Err(problems) => {
                report(&problems);
                code = code.max(exit::INPUT);
                continue;
            }
        };
        let roster = loaded.roster().map(Path::to_path_buf);
        crate::plan::people::resolve(&mut loaded.plan, roster.as_deref());
        let year = loaded.plan.document.year;
        crate::plan::outline::prepare(&mut loaded.plan.sections, year);
        let findings = lint(&loaded.plan);
        // The document the plan generates: heading numbers and the copy-to line are the
        // templates' work, so a finding here points at a template, not at the plan.
        let generated = renderer
            .as_ref()
            .map(|r| generated_findings(&loaded, r))
            .unwrap_or_default();
        // Safe fixes per file: (byte offset, old, new).
        let mut edits: BTreeMap<PathBuf, Vec<(usize, String, String)>> = BTreeMap::new();
        let mut remaining = 0;
        for f in &findings {
            let place = loaded.locate_text(&f.path, &f.snippet);
            if args.fix
                && f.safe
                && let (Some((doc, offset)), Some(fix)) = (place, &f.fix)
            {
                edits
                    .entry(doc.path.clone())
                    .or_default()
                    .push((offset, f.snippet.clone(), fix.clone()));
                continue;
            }
            remaining += 1;
            let message = message(f);
            let d = match place {
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
        for (path, list) in edits {
            if let Some(doc) = loaded.docs.iter().find(|d| d.path == path) {
                code = code.max(apply_fixes(&path, &doc.source, list));
            }
        }
        for d in &generated {
            tell!("{d}");
        }
        remaining += generated.len();
        code = code.max(summary(plan, remaining, findings.is_empty() && generated.is_empty()));
    }
    code
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

/// Apply safe fixes, each (byte offset, old text, new text), to `source` and write it back to
/// `path` atomically. Returns the exit code.
fn apply_fixes(path: &Path, source: &str, mut edits: Vec<(usize, String, String)>) -> u8 {
    // One pass from the start: replacing in place, edit by edit, moved the rest of the file
    // each time (quadratic in the edits). Overlapping edits keep the first.
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

/// The last word on one input: how many findings are left, or that there were none at all.
fn summary(input: &Path, remaining: usize, none_found: bool) -> u8 {
    if remaining > 0 {
        tell!(
            "{}: {remaining} 处不合公文规范（{remaining} finding(s)）",
            input.display()
        );
        exit::INPUT
    } else {
        if none_found {
            say!("{}: 符合规范（no findings）", input.display());
        }
        exit::OK
    }
}

/// Rules on the Markdown a plan generates with its templates (its own `templates:`, or the built-ins).
fn generated_findings(
    loaded: &crate::plan::load::LoadedPlan,
    renderer: &crate::renderer::markdown::Renderers,
) -> Vec<Diagnostic> {
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
    let findings = crate::lint::markdown::lint(&source);
    let mut edits: Vec<(usize, String, String)> = Vec::new();
    let mut remaining = 0;
    for f in &findings {
        if fix
            && f.finding.safe
            && let (Some(offset), Some(new)) = (f.offset, &f.finding.fix)
        {
            edits.push((offset, f.finding.snippet.clone(), new.clone()));
            continue;
        }
        remaining += 1;
        tell!(
            "{}",
            Diagnostic::file(path, message(&f.finding)).at(&source, f.line as u32, f.col as u32)
        );
    }
    let mut code = exit::OK;
    if !edits.is_empty() {
        code = apply_fixes(path, &source, edits);
    }
    code.max(summary(path, remaining, findings.is_empty()))
}
