//! The pipeline, stage by stage:
//! YAML plan → typed model (serde) → validation → Tera templates → Markdown
//! → pulldown-cmark events → GB/T 9704 page layout → PDF (fonts subset with printpdf's helpers,
//! objects written with lopdf) — and, from the same blocks, DOCX (docx-rs).

use crate::diagnostic::Diagnostic;
use crate::fonts::{FontFile, Overrides, Role};
use crate::layout::document::Problem;
use crate::plan::load::{Files, Source, load_from};
use crate::plan::people::resolve;
use crate::plan::validate::validate;
use crate::plan::{LoadedPlan, load};
use crate::renderer::markdown::Templates;
use std::path::Path;

/// Problems said per plan, each with its place; the rest are counted.
pub const MAX_SHOWN: usize = 200;

/// Load and validate a plan: every problem found, or the plan with every person resolved.
pub fn load_valid(path: &Path) -> Result<LoadedPlan, Vec<Diagnostic>> {
    check(load(path)?)
}

/// Resolve people and validate an already loaded plan.
pub fn check(mut loaded: LoadedPlan) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let mut findings = std::mem::take(&mut loaded.findings);
    let roster = loaded.roster().map(Path::to_path_buf);
    findings.extend(resolve(&mut loaded.plan, roster.as_deref()));
    findings.extend(validate(&loaded.plan));
    // What was set aside for being of the wrong kind is not reported again as missing.
    let removed = std::mem::take(&mut loaded.removed);
    let under =
        |path: &str, r: &str| path == r || path.strip_prefix(r).is_some_and(|rest| rest.starts_with(['.', '[']));
    findings.retain(|f| !removed.iter().any(|r| under(&f.path, r)));
    // Derived tables (the leading group) are filled once people are known and checked.
    crate::plan::attachment::derive_tables(&mut loaded.plan);
    // Every problem is counted; the first MAX_SHOWN are said, each with its place (placing
    // each costs a look through its file, so a file with a hundred thousand slips would take
    // long to report in full, and no one reads that far).
    let hidden = findings.len().saturating_sub(MAX_SHOWN);
    let mut problems: Vec<Diagnostic> = std::mem::take(&mut loaded.problems);
    problems.extend(findings.iter().take(MAX_SHOWN).map(|f| loaded.finding_diagnostic(f)));
    // In reading order: the plan's file first, then its roster and bases as they were read,
    // each from its first line down (typing and validation find them in another order).
    let rank = |d: &Diagnostic| {
        let file = loaded
            .docs
            .iter()
            .position(|doc| doc.path.display().to_string() == d.file)
            .unwrap_or(usize::MAX);
        (file, d.line.unwrap_or(u32::MAX), d.col.unwrap_or(0))
    };
    problems.sort_by_cached_key(rank);
    if hidden > 0 {
        problems.push(Diagnostic::file(
            &loaded.path,
            format!("另有 {hidden} 个问题没有列出（{hidden} more not shown）：请先改正上面这些"),
        ));
    }
    if let Err(mut font_problems) = font_overrides(&loaded) {
        problems.append(&mut font_problems);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let year = loaded.plan.document.year;
    crate::plan::outline::prepare(&mut loaded.plan.sections, year);
    Ok(loaded)
}

/// Plan file → Markdown text, with the plan's own templates unless `templates` overrides them.
pub fn plan_to_markdown(path: &Path, templates: &impl Templates) -> Result<String, Vec<Diagnostic>> {
    plan_to_markdown_from(path, &Files, templates)
}

/// Plan file → Markdown text, the plan and its bases and roster read from `source` (the working
/// tree, a git revision, memory).
pub fn plan_to_markdown_from(
    path: &Path,
    source: &dyn Source,
    templates: &impl Templates,
) -> Result<String, Vec<Diagnostic>> {
    let loaded = check(load_from(path, source)?)?;
    templates.render_plan(&loaded)
}

/// Layout problems of the document made from `loaded`, said in the plan's files: a character
/// the fonts lack at its first place in the plan, its base or its roster; the copy-to list at
/// its field; anything else at the plan file, with the line of the generated document.
pub fn plan_layout_diagnostics(problems: Vec<Problem>, loaded: &LoadedPlan) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for problem in problems {
        if let Some(missing) = &problem.missing {
            for &ch in &missing.chars {
                let message = format!(
                    "字体 {} 没有「{ch}」(U+{:04X})，{}无法显示（character missing from the font）：请换用含这个字的字体（--font {}=文件），或改写这个字",
                    missing.font,
                    ch as u32,
                    missing.role.describe(),
                    missing.role.key()
                );
                let found = loaded
                    .docs
                    .iter()
                    .find_map(|doc| doc.source.find(ch).map(|at| (doc, at)));
                out.push(match found {
                    Some((doc, at)) => {
                        let pos = crate::plan::load::position_at(&doc.source, at);
                        Diagnostic::file(&doc.path, message).at(&doc.source, pos.line, pos.col)
                    }
                    // Written by a template rather than the plan.
                    None => Diagnostic::file(&loaded.path, format!("{message}（出现在模板写出的文字中）")),
                });
            }
            continue;
        }
        out.push(match (problem.field, problem.line) {
            (Some(field), _) => loaded.diagnostic(field, problem.message),
            (None, Some(line)) => Diagnostic::file(
                &loaded.path,
                format!(
                    "生成的文档第 {line} 行（in the generated document）：{}",
                    problem.message
                ),
            ),
            (None, None) => Diagnostic::file(&loaded.path, problem.message),
        });
    }
    out
}

/// The plan's `fonts:` settings, with paths taken relative to the plan file.
pub fn font_overrides(loaded: &LoadedPlan) -> Result<Overrides, Vec<Diagnostic>> {
    // Paths were made relative to the file that sets them when the plan was read.
    let mut out = Overrides::new();
    let mut problems = Vec::new();
    for (key, spec) in &loaded.plan.fonts {
        let path = format!("fonts.{key}");
        let Some(role) = Role::from_key(key) else {
            let roles: Vec<&str> = Role::ALL.iter().map(|r| r.key()).collect();
            problems.push(loaded.diagnostic(
                &path,
                format!("没有这个字体角色（unknown font role）；可用：{}", roles.join("、")),
            ));
            continue;
        };
        let file = FontFile::parse(spec.as_str());
        if let Err(e) = crate::input::check_regular(&file.path) {
            problems.push(loaded.diagnostic(&path, format!("字体文件 {} 不能用：{e}", file.path.display())));
            continue;
        }
        out.insert(role, file);
    }
    if problems.is_empty() { Ok(out) } else { Err(problems) }
}

/// Which outputs besides the Markdown a run makes.
#[derive(Clone, Copy, Debug)]
pub struct Formats {
    /// Laid-out pages, for the PDF and the OFD (which draw the same pages).
    pub pages: bool,
    pub docx: bool,
}

/// One input made ready to write: its Markdown (made from the plan, or the input itself), the
/// laid-out document and its fonts (for the PDF and the OFD), the DOCX bytes. Nothing is written
/// yet: the PDF and the OFD wait for the run's shared font subsets; `check` stops here.
pub struct Ready {
    pub markdown: String,
    /// The input was a Markdown document (so there is no Markdown to write).
    pub from_markdown: bool,
    pub document: Option<crate::frame::Document>,
    pub fonts: Option<crate::fonts::FontSet>,
    pub docx: Option<Vec<u8>>,
}

/// Load, check and lay out `input` (a plan, or a Markdown document) for `formats`: every
/// problem found, each in the file and at the line that gave it, or the input ready to write.
pub fn prepare(
    input: &Path,
    formats: Formats,
    templates: &impl Templates,
    fonts: &crate::fonts::FontCache,
    cli_fonts: &Overrides,
) -> Result<Ready, Vec<Diagnostic>> {
    let from_markdown = input.extension().is_some_and(|e| e.eq_ignore_ascii_case("md"));
    let (markdown, mut overrides, loaded) = if from_markdown {
        (
            crate::plan::load::read_text(input).map_err(|d| vec![d])?,
            Overrides::new(),
            None,
        )
    } else {
        let loaded = load_valid(input)?;
        let markdown = templates.render_plan(&loaded)?;
        let overrides = font_overrides(&loaded)?;
        (markdown, overrides, Some(loaded))
    };
    overrides.extend(cli_fonts.iter().map(|(r, f)| (*r, f.clone())));
    // Problems of the document, said in the file that gave the offending text.
    let said = |problems: Vec<Problem>| match &loaded {
        Some(loaded) => plan_layout_diagnostics(problems, loaded),
        None => problems.iter().map(|p| p.in_markdown(&markdown, input)).collect(),
    };
    let mut ready = Ready {
        markdown: String::new(),
        from_markdown,
        document: None,
        fonts: None,
        docx: None,
    };
    if formats.pages {
        let fonts = fonts.get(&overrides).map_err(|errors| {
            errors
                .into_iter()
                .map(|e| Diagnostic::file(input, e))
                .collect::<Vec<_>>()
        })?;
        // A hand-written document names its seals relative to itself.
        let folder = if from_markdown {
            input.parent().unwrap_or(Path::new(""))
        } else {
            Path::new("")
        };
        ready.document = Some(crate::layout::document::lay_out_in(&markdown, &fonts, folder).map_err(said)?);
        ready.fonts = Some(fonts);
    }
    if formats.docx {
        ready.docx = Some(crate::renderer::docx::render(&markdown).map_err(said)?);
    }
    ready.markdown = markdown;
    Ok(ready)
}
