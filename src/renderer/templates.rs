//! Built-in templates, embedded in the binary so the tool works from any directory, and a user's
//! template folder that overrides any of them by name (Zola's approach).

use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// (name, text) of every built-in template. `plan.md` is the entry point.
pub const BUILTIN: &[(&str, &str)] = &[
    ("plan.md", include_str!("../../templates/plan.md")),
    (
        "guiding_ideology.md",
        include_str!("../../templates/guiding_ideology.md"),
    ),
    ("principles.md", include_str!("../../templates/principles.md")),
    ("main_work.md", include_str!("../../templates/main_work.md")),
    ("leading_group.md", include_str!("../../templates/leading_group.md")),
    ("creation.md", include_str!("../../templates/creation.md")),
    ("safeguards.md", include_str!("../../templates/safeguards.md")),
    ("closing.md", include_str!("../../templates/closing.md")),
    ("attachments.md", include_str!("../../templates/attachments.md")),
    ("table.md", include_str!("../../templates/table.md")),
    ("imprint.md", include_str!("../../templates/imprint.md")),
    ("masthead.md", include_str!("../../templates/masthead.md")),
    ("notice.md", include_str!("../../templates/notice.md")),
    ("signature.md", include_str!("../../templates/signature.md")),
    ("office.md", include_str!("../../templates/office.md")),
    ("points.md", include_str!("../../templates/points.md")),
    ("section.md", include_str!("../../templates/section.md")),
    ("components.md", include_str!("../../templates/components.md")),
];

pub const ENTRY: &str = "plan.md";

/// Where a template came from, for error messages.
#[derive(Clone, Debug)]
pub enum Origin {
    Builtin,
    User(PathBuf),
}

pub struct TemplateSet {
    pub sources: BTreeMap<String, (String, Origin)>,
}

impl TemplateSet {
    /// The built-ins, with every `*.md` file of `user_dir` (searched recursively, named by its
    /// path relative to the folder) replacing the built-in of the same name or adding a partial.
    pub fn load(user_dir: Option<&Path>) -> Result<TemplateSet, Diagnostic> {
        let mut sources: BTreeMap<String, (String, Origin)> = BUILTIN
            .iter()
            .map(|(name, text)| (name.to_string(), (text.to_string(), Origin::Builtin)))
            .collect();
        if let Some(dir) = user_dir {
            if !dir.is_dir() {
                return Err(Diagnostic::file(dir, "模板文件夹不存在（template folder not found）"));
            }
            let mut files = Vec::new();
            let mut visited = std::collections::HashSet::new();
            let root = std::fs::canonicalize(dir)
                .map_err(|e| Diagnostic::file(dir, format!("无法读取模板文件夹（cannot read）：{e}")))?;
            collect_md_files(dir, &root, 0, &mut visited, &mut files)
                .map_err(|e| Diagnostic::file(dir, format!("无法读取模板文件夹（cannot read）：{e}")))?;
            if files.len() > MAX_TEMPLATE_FILES {
                return Err(Diagnostic::file(
                    dir,
                    format!(
                        "模板文件夹中的 .md 文件超过 {MAX_TEMPLATE_FILES} 个（too many template files）：请只放模板"
                    ),
                ));
            }
            files.sort();
            for file in files {
                let name = file
                    .strip_prefix(dir)
                    .unwrap_or(&file)
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                let text = crate::plan::load::read_text(&file)?;
                sources.insert(name, (text, Origin::User(file)));
            }
        }
        Ok(TemplateSet { sources })
    }
}

/// More templates than any template set needs; also bounds what a folder of stray files costs.
const MAX_TEMPLATE_FILES: usize = 500;
/// Folder depth searched for templates.
const MAX_TEMPLATE_DEPTH: usize = 8;

/// Every `*.md` under `dir`. Links are followed, but only to folders inside `root`, no folder
/// is visited twice (a link to `.` would otherwise make the walk go round, and two such links
/// make it exponential), the depth is bounded, and the walk stops once more files than allowed
/// are found.
fn collect_md_files(
    dir: &Path,
    root: &Path,
    depth: usize,
    visited: &mut std::collections::HashSet<PathBuf>,
    out: &mut Vec<PathBuf>,
) -> std::io::Result<()> {
    let canonical = std::fs::canonicalize(dir)?;
    if depth > MAX_TEMPLATE_DEPTH || !canonical.starts_with(root) || !visited.insert(canonical) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        if out.len() > MAX_TEMPLATE_FILES {
            break;
        }
        if path.is_dir() {
            collect_md_files(&path, root, depth + 1, visited, out)?;
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path);
        }
    }
    Ok(())
}
