//! The pipeline, stage by stage:
//! YAML plan → typed model (serde) → validation → Tera templates → Markdown
//! → pulldown-cmark events → GB/T 9704 page layout → PDF (fonts subset with printpdf's helpers,
//! objects written with lopdf) — and, from the same blocks, DOCX (docx-rs).

use crate::diagnostic::Diagnostic;
use crate::fonts::{FontFile, Overrides, Role};
use crate::plan::load::{Files, Source, load_from};
use crate::plan::people::resolve;
use crate::plan::validate::validate;
use crate::plan::{LoadedPlan, load};
use crate::renderer::markdown::Templates;
use std::path::Path;

/// Load and validate a plan: every problem found, or the plan with every person resolved.
pub fn load_valid(path: &Path) -> Result<LoadedPlan, Vec<Diagnostic>> {
    check(load(path)?)
}

/// Resolve people and validate an already loaded plan.
pub fn check(mut loaded: LoadedPlan) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let mut findings = std::mem::take(&mut loaded.findings);
    findings.extend(resolve(&mut loaded.plan));
    findings.extend(validate(&loaded.plan));
    let mut problems: Vec<Diagnostic> = findings.iter().map(|f| loaded.finding_diagnostic(f)).collect();
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
