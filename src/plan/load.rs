//! Reading a plan file: bytes → text → source map → typed model.

use super::model::Plan;
use super::source_map::{Position, SourceMap};
use crate::diagnostic::Diagnostic;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Larger than any real plan by two orders of magnitude; refusing early keeps memory bounded.
pub const MAX_PLAN_BYTES: u64 = 4 * 1024 * 1024;

/// A plan together with what is needed to point back into its file.
#[derive(Debug)]
pub struct LoadedPlan {
    pub path: PathBuf,
    pub source: String,
    pub plan: Plan,
    /// Built on first use: a plan without problems never needs it, and it costs a second parse.
    map: OnceLock<SourceMap>,
}

impl LoadedPlan {
    pub fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::build(&self.source))
    }

    /// A diagnostic at the field `path`, or at its nearest ancestor present in the file.
    pub fn diagnostic(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::file(&self.path, message).with_path(path);
        match self.map().locate(path) {
            Some(Position { line, col }) => d.at(&self.source, line, col),
            None => d,
        }
    }
}

pub fn load(path: &Path) -> Result<LoadedPlan, Diagnostic> {
    let source = read_text(path)?;
    parse(path, source)
}

/// Read a UTF-8 text file, refusing directories, huge files and invalid bytes with a message
/// that says which.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let meta = std::fs::metadata(path)
        .map_err(|e| Diagnostic::file(path, format!("无法读取文件（cannot read）：{}", io_reason(&e))))?;
    if meta.is_dir() {
        return Err(Diagnostic::file(
            path,
            "这是一个文件夹，不是方案文件（is a directory, expected a .yaml file）",
        ));
    }
    if meta.len() > MAX_PLAN_BYTES {
        return Err(Diagnostic::file(
            path,
            format!(
                "文件过大（{} 字节，上限 {} 字节）（file too large）",
                meta.len(),
                MAX_PLAN_BYTES
            ),
        ));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::file(path, format!("无法读取文件（cannot read）：{}", io_reason(&e))))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // valid_up_to is a char boundary, so this cannot fail; fall back to the start anyway.
        let before = std::str::from_utf8(valid).unwrap_or("");
        let line = before.matches('\n').count() as u32 + 1;
        let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
        let d = Diagnostic::file(path, "文件不是 UTF-8 编码（not valid UTF-8）：请在编辑器中另存为 UTF-8");
        d.at(before, line, col)
    })?;
    // A byte-order mark is what some Windows editors write; it is not content.
    Ok(text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text))
}

pub fn parse(path: &Path, source: String) -> Result<LoadedPlan, Diagnostic> {
    if source.trim().is_empty() {
        return Err(Diagnostic::file(
            path,
            "文件是空的（empty file）：可用 `gongwen init` 生成一个起始方案",
        ));
    }
    match serde_saphyr::from_str::<Plan>(&source) {
        Ok(plan) => Ok(LoadedPlan {
            path: path.to_path_buf(),
            source,
            plan,
            map: OnceLock::new(),
        }),
        Err(e) => Err(yaml_diagnostic(path, &source, &SourceMap::build(&source), &e)),
    }
}

fn yaml_diagnostic(path: &Path, source: &str, map: &SourceMap, e: &serde_saphyr::Error) -> Diagnostic {
    let rendered = e.without_snippet().to_string();
    let raw = strip_trailing_position(strip_position_prefix(&rendered));
    // Unknown and duplicate fields are reported at their key, everything else at the value.
    let at_key = raw.starts_with("unknown field") || raw.starts_with("duplicate mapping key");
    let mut d = Diagnostic::file(path, translate(raw));
    let mut pos = e.location().map(|loc| Position {
        line: loc.line() as u32,
        col: loc.column() as u32,
    });
    if raw.contains("tab") {
        // The scanner notices a tab while finishing the line before it; point at the tab.
        if let Some(tab) = first_indentation_tab(source) {
            pos = Some(tab);
        }
    }
    if let Some(pos) = pos {
        if let Some(p) = map.path_at(pos, at_key) {
            d = d.with_path(p);
        }
        d = d.at(source, pos.line, pos.col);
    }
    d
}

/// serde-saphyr starts its text with "error: line L column C: "; we print the position ourselves.
fn strip_position_prefix(s: &str) -> &str {
    let s = s.strip_prefix("error: ").unwrap_or(s);
    if s.starts_with("line ")
        && let Some((_, rest)) = s.split_once(": ")
    {
        return rest.trim();
    }
    s.trim()
}

/// Custom messages come back with " at line L, column C" appended.
fn strip_trailing_position(s: &str) -> &str {
    match s.rfind(" at line ") {
        Some(i) if s[i..].contains(", column ") => &s[..i],
        _ => s,
    }
}

fn first_indentation_tab(source: &str) -> Option<Position> {
    source.lines().enumerate().find_map(|(i, line)| {
        let indent: String = line.chars().take_while(|c| *c == ' ' || *c == '\t').collect();
        indent.find('\t').map(|col| Position {
            line: i as u32 + 1,
            col: col as u32 + 1,
        })
    })
}

/// Put the parser's English in words a clerk can act on, keeping the original for helpers.
fn translate(raw: &str) -> String {
    if raw.chars().any(crate::plan::text::is_cjk) {
        return raw.to_string(); // one of our own messages, already in Chinese
    }
    if let Some(rest) = raw.strip_prefix("unknown field `")
        && let Some((field, expected)) = rest.split_once('`')
    {
        let options: Vec<&str> = expected
            .trim_start_matches([',', ' '])
            .trim_start_matches("expected one of ")
            .trim_start_matches("expected ")
            .split(", ")
            .map(|o| o.trim_matches('`'))
            .filter(|o| !o.is_empty())
            .collect();
        let suggestion = options
            .iter()
            .map(|o| (strsim::jaro_winkler(field, o), *o))
            .filter(|(score, _)| *score > 0.8)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, o)| format!("是不是要写 `{o}`？"))
            .unwrap_or_default();
        return format!(
            "没有这个字段 `{field}`（unknown field）。{suggestion}这里可以写的字段：{}",
            options.join("、")
        );
    }
    if let Some(key) = raw.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key);
        return format!("字段 `{key}` 写了两次（duplicate key）：同一层里每个字段只能出现一次");
    }
    if raw.contains("tab") {
        return format!("YAML 不能用 Tab 键缩进，请改用空格（{raw}）");
    }
    if raw.contains("unclosed quote") || raw.contains("unterminated") {
        return format!("引号没有成对闭合（{raw}）");
    }
    let integer = ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]
        .iter()
        .any(|t| raw == format!("invalid {t}"));
    if integer {
        return format!("这里应填写一个整数，例如 4（expected a whole number: {raw}）");
    }
    if raw == "invalid f64" || raw == "invalid f32" {
        return format!("这里应填写一个数字，例如 95 或 1.54（expected a number: {raw}）");
    }
    if raw.contains("invalid boolean") {
        return format!("这里应填写 true 或 false（expected true or false: {raw}）");
    }
    if raw.starts_with("expected string") {
        return format!("这里应填写文字，不能是列表或映射（expected text: {raw}）");
    }
    if raw.starts_with("invalid type") || raw.starts_with("expected") || raw.starts_with("invalid") {
        return format!("内容类型不对（{raw}）");
    }
    format!("YAML 格式错误（{raw}）")
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "文件不存在（not found）".to_string(),
        std::io::ErrorKind::PermissionDenied => "没有读取权限（permission denied）".to_string(),
        _ => e.to_string(),
    }
}
