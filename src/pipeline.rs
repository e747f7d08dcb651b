//! The pipeline, stage by stage:
//! YAML plan → typed model (serde) → validation → Tera templates → Markdown
//! (→ pulldown-cmark events → GB/T 9704 page layout → PDF, in the PDF renderer).

use crate::diagnostic::Diagnostic;
use crate::plan::validate::validate;
use crate::plan::{LoadedPlan, load};
use crate::renderer::markdown::MarkdownRenderer;
use std::path::Path;

/// Load and validate a plan: every problem found, or the plan.
pub fn load_valid(path: &Path) -> Result<LoadedPlan, Vec<Diagnostic>> {
    let loaded = load(path).map_err(|d| vec![d])?;
    let findings = validate(&loaded.plan);
    if findings.is_empty() {
        Ok(loaded)
    } else {
        Err(findings
            .iter()
            .map(|f| loaded.diagnostic(&f.path, f.message.clone()))
            .collect())
    }
}

/// Plan file → Markdown text.
pub fn plan_to_markdown(path: &Path, renderer: &MarkdownRenderer) -> Result<String, Vec<Diagnostic>> {
    let loaded = load_valid(path)?;
    renderer.render(&loaded.plan).map_err(|d| vec![d])
}
