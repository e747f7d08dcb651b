//! Reading a plan: files → YAML trees → `extends` chain merged → roster → placeholders filled →
//! typed model.
//!
//! Every file keeps its own source map, so a problem anywhere in the merged plan is reported in
//! the file that gives the field: the variant, one of its bases, or the roster.

use super::merge::{Merged, Provenance, fill_placeholders, take_string};
use super::model::Plan;
use super::source_map::{Position, SourceMap};
use super::typing::type_plan;
use super::validate::Finding;
use super::yaml_errors::yaml_diagnostic;
use crate::diagnostic::Diagnostic;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Larger than any real plan by two orders of magnitude; refusing early keeps memory bounded.
pub const MAX_PLAN_BYTES: u64 = 4 * 1024 * 1024;

/// Where plan files are read from: the file system, or a git revision (for `gongwen diff`).
pub trait Source: Sync {
    fn read(&self, path: &Path) -> Result<String, Diagnostic>;
}

/// The working tree.
pub struct Files;

impl Source for Files {
    fn read(&self, path: &Path) -> Result<String, Diagnostic> {
        read_text(path)
    }
}

/// A plan held in memory (tests, fuzzing): the named file has this text, no other file exists.
pub struct Memory(pub String);

impl Source for Memory {
    fn read(&self, path: &Path) -> Result<String, Diagnostic> {
        if self.0.len() as u64 > MAX_PLAN_BYTES {
            return Err(Diagnostic::file(path, "文件过大（file too large）"));
        }
        Ok(self.0.clone())
    }
}

/// One YAML file of a plan: its text, its tree, and where each field stands in it.
#[derive(Debug)]
pub struct Doc {
    pub path: PathBuf,
    pub source: String,
    pub value: Value,
    /// Built on first use: a plan without problems never needs it, and it costs a second parse.
    map: OnceLock<SourceMap>,
    /// Where each line starts, built on first use.
    lines: OnceLock<LineIndex>,
    /// A roster file (people only), as opposed to a plan or base plan.
    pub roster: bool,
}

impl Doc {
    pub fn map(&self) -> &SourceMap {
        self.map.get_or_init(|| SourceMap::build(&self.source))
    }

    pub fn lines(&self) -> &LineIndex {
        self.lines.get_or_init(|| LineIndex::new(&self.source))
    }

    /// Where field `path` (or its nearest ancestor) stands in this file; a list item this file
    /// patches by position is found under the patch's key.
    pub fn locate(&self, path: &str) -> Option<Position> {
        match patch_form(path) {
            Some(patched) if defined_depth(self, &patched) > defined_depth(self, path) => self.map().locate(&patched),
            _ => self.map().locate(path),
        }
    }

    fn diagnostic(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        let d = Diagnostic::file(&self.path, message).with_path(path);
        match self.locate(path) {
            Some(Position { line, col }) => d.at(&self.source, line, col),
            None => d,
        }
    }
}

/// A plan together with the files it was made from, to point back into them.
#[derive(Debug)]
pub struct LoadedPlan {
    /// The plan file named on the command line.
    pub path: PathBuf,
    /// In order of precedence: that file, its roster, the base it extends, that base's roster,
    /// and so on.
    pub docs: Vec<Doc>,
    pub plan: Plan,
    /// Problems found while merging (placeholders, list patches), reported with the others.
    pub findings: Vec<Finding>,
    /// Unknown fields and values of the wrong kind, already placed: they were set aside so
    /// that the rest of the plan could be read and checked in the same run.
    pub problems: Vec<Diagnostic>,
    /// The fields set aside, so that validation does not report them again as missing.
    pub removed: Vec<String>,
    /// Where each value of the merged plan was written.
    pub provenance: Provenance,
}

impl LoadedPlan {
    /// The roster whose people the plan names: the nearest one in its extends chain.
    pub fn roster(&self) -> Option<&Path> {
        self.docs.iter().find(|d| d.roster).map(|d| d.path.as_path())
    }

    /// A diagnostic at field `path` of the plan, in the file that wrote it.
    pub fn diagnostic(&self, path: &str, message: impl Into<String>) -> Diagnostic {
        diagnostic_in(&self.docs, &self.provenance, path, message.into())
    }

    /// A diagnostic for a finding: at its place in the plan, or in the file it names — there
    /// at the key when the field is a key (a variant naming an item that is not there).
    pub fn finding_diagnostic(&self, finding: &Finding) -> Diagnostic {
        let Some(doc) = finding.file.and_then(|i| self.docs.get(i)) else {
            return self.diagnostic(&finding.path, finding.message.clone());
        };
        match doc.map().locate_key(&finding.path) {
            Some(pos) => Diagnostic::file(&doc.path, finding.message.clone())
                .with_path(&finding.path)
                .at(&doc.source, pos.line, pos.col),
            None => doc.diagnostic(&finding.path, finding.message.clone()),
        }
    }
}

pub fn load(path: &Path) -> Result<LoadedPlan, Vec<Diagnostic>> {
    load_from(path, &Files)
}

/// Read a UTF-8 text file (a plan, base, roster, template or Markdown document): a regular
/// file of at most [`MAX_PLAN_BYTES`], valid UTF-8, without control characters.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let bytes = crate::input::read_capped(path, MAX_PLAN_BYTES).map_err(|e| Diagnostic::file(path, e.to_string()))?;
    decode(path, bytes)
}

/// UTF-8 text from bytes, pointing at the first invalid byte or control character; a
/// byte-order mark is dropped.
pub fn decode(path: &Path, bytes: Vec<u8>) -> Result<String, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // valid_up_to is a char boundary, so this cannot fail; fall back to the start anyway.
        let before = std::str::from_utf8(valid).unwrap_or("");
        let pos = position_at(before, before.len());
        let d = Diagnostic::file(path, "文件不是 UTF-8 编码（not valid UTF-8）：请在编辑器中另存为 UTF-8");
        d.at(before, pos.line, pos.col)
    })?;
    // A byte-order mark is what some Windows editors write; it is not content.
    let text = text.strip_prefix('\u{FEFF}').map(str::to_string).unwrap_or(text);
    if let Some((at, c)) = text.char_indices().find(|(_, c)| crate::plan::text::is_forbidden(*c)) {
        let pos = position_at(&text, at);
        return Err(Diagnostic::file(path, crate::plan::text::forbidden_message(c)).at(&text, pos.line, pos.col));
    }
    Ok(text)
}

/// Parse one YAML file into a tree, resolving its relative paths (`extends`, `roster`, `fonts`)
/// against its own folder.
pub fn read_doc(path: &Path, source: &dyn Source) -> Result<Doc, Diagnostic> {
    let text = source.read(path)?;
    if text.trim().is_empty() {
        return Err(Diagnostic::file(
            path,
            "文件是空的（empty file）：可用 `gongwen init` 生成一个起始方案",
        ));
    }
    let value: Value = match serde_saphyr::from_str_with_options(&text, yaml_options()) {
        Ok(v) => v,
        Err(e) => {
            let d = yaml_diagnostic(path, &text, &SourceMap::build(&text), &e);
            // A file that is not a plan at all (a password file named by `extends`, an
            // environment dump as a roster) is reported by name, its lines not echoed.
            return Err(if looks_like_a_plan(&text) {
                d
            } else {
                Diagnostic::file(path, not_a_plan("不是“字段: 内容”形式的 YAML"))
            });
        }
    };
    if !value.is_object() {
        let kind = match value {
            Value::Array(_) => "一个列表",
            Value::String(_) => "一段文字",
            Value::Number(_) => "一个数字",
            Value::Bool(_) => "一个是/否值",
            _ => "空的",
        };
        return Err(Diagnostic::file(path, not_a_plan(&format!("内容是{kind}"))));
    }
    let doc = Doc {
        path: path.to_path_buf(),
        source: text,
        value,
        map: OnceLock::new(),
        lines: OnceLock::new(),
        roster: false,
    };
    // A quoted YAML string can spell a control character as an escape ("\x07"), which the
    // check on the file's bytes cannot see.
    if let Some((field, c)) = forbidden_in(&doc.value, "") {
        return Err(doc.diagnostic(&field, crate::plan::text::forbidden_message(c)));
    }
    Ok(doc)
}

/// The first string (key or value) in `value` holding a forbidden character: its field path
/// and the character.
fn forbidden_in(value: &Value, path: &str) -> Option<(String, char)> {
    let bad = |s: &str| s.chars().find(|c| crate::plan::text::is_forbidden(*c));
    match value {
        Value::String(s) => bad(s).map(|c| (path.to_string(), c)),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, v)| forbidden_in(v, &format!("{path}[{i}]"))),
        Value::Object(map) => map.iter().find_map(|(k, v)| {
            let here = super::source_map::join_key(path, k);
            match bad(k) {
                Some(c) => Some((here, c)),
                None => forbidden_in(v, &here),
            }
        }),
        _ => None,
    }
}

/// How YAML is read. Booleans are only `true` and `false` (YAML 1.2): `name: no` is the name
/// 「no」, not false. Numbers written with leading zeros or underscores stay as written. The
/// number of nodes is bounded by the file size (4 MiB), not by a count that a long list of
/// people reaches; alias expansion ("billion laughs") keeps its own limit.
fn yaml_options() -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    budget.max_nodes = MAX_PLAN_BYTES as usize;
    budget.max_events = 2 * MAX_PLAN_BYTES as usize;
    serde_saphyr::options! {
        strict_booleans: true,
        leading_zero_numbers_as_strings: true,
        underscored_numbers_as_strings: true,
        budget: Some(budget),
    }
}

/// Whether `text` starts as a plan does: after comments and blank lines, a `key:` line (or a
/// document start). Only then are its lines shown in messages.
fn looks_like_a_plan(text: &str) -> bool {
    let Some(first) = text
        .lines()
        .map(str::trim_end)
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
    else {
        return true;
    };
    if first.starts_with("---") || first.starts_with("%YAML") {
        return true;
    }
    let Some((key, rest)) = first.split_once(':') else {
        return false;
    };
    let key = key.trim_matches(['"', '\'']);
    !key.is_empty()
        && !key.contains(char::is_whitespace)
        && key.chars().all(|c| c.is_alphanumeric() || "_-+".contains(c))
        && (rest.is_empty() || rest.starts_with(' '))
}

/// The message for a file that is not a plan: by name and kind, without its contents.
fn not_a_plan(what: &str) -> String {
    format!(
        "这不是方案文件（{what}）：方案文件应是一组“字段: 内容”，例如 document:（not a plan: expected a mapping of fields）"
    )
}

fn relative_to(doc: &Path, target: &str) -> PathBuf {
    let target = Path::new(target);
    if target.is_absolute() {
        target.to_path_buf()
    } else {
        normalize(&doc.parent().unwrap_or(Path::new("")).join(target))
    }
}

/// `plans/towns/../sample.yaml` → `plans/sample.yaml`, without touching the file system (the
/// file may exist only at a git revision).
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.components().next_back(), Some(Component::Normal(_))) => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Same file, however it was named.
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// A roster file: `people:` and nothing else.
fn read_roster(path: &Path, source: &dyn Source) -> Result<Doc, Diagnostic> {
    let mut doc = read_doc(path, source)?;
    doc.roster = true;
    if let Some(key) = doc.value.as_object().and_then(|m| m.keys().find(|k| *k != "people")) {
        return Err(doc.diagnostic(key, "人员名单文件只能有 people 字段（a roster holds `people:` only）"));
    }
    Ok(doc)
}

pub fn load_from(path: &Path, source: &dyn Source) -> Result<LoadedPlan, Vec<Diagnostic>> {
    // The extends chain, from the named file down to the root base.
    let mut docs: Vec<Doc> = Vec::new();
    let mut doc = read_doc(path, source).map_err(|d| vec![d])?;
    loop {
        let base_path = match doc.value.get("extends") {
            None => None,
            Some(Value::String(base)) => Some(relative_to(&doc.path, base)),
            Some(_) => {
                return Err(vec![doc.diagnostic(
                    "extends",
                    "extends 应是基础方案文件的路径（expected a file path）",
                )]);
            }
        };
        let Some(base_path) = base_path else {
            docs.push(doc);
            break;
        };
        if same_file(&doc.path, &base_path) || docs.iter().any(|d| same_file(&d.path, &base_path)) {
            let chain: Vec<String> = docs
                .iter()
                .chain(std::iter::once(&doc))
                .map(|d| d.path.display().to_string())
                .collect();
            return Err(vec![doc.diagnostic(
                "extends",
                format!(
                    "循环继承（circular extends）：{} → {}",
                    chain.join(" → "),
                    base_path.display()
                ),
            )]);
        }
        if docs.len() >= 16 {
            return Err(vec![
                doc.diagnostic("extends", "继承层级过深（more than 16 levels of extends）"),
            ]);
        }
        let base_doc = read_doc(&base_path, source).map_err(|d| {
            // As for a roster: a base that cannot be read is said at the `extends:` line.
            if d.line.is_none() && d.file == base_path.display().to_string() {
                vec![doc.diagnostic("extends", format!("基础方案 {}：{}", base_path.display(), d.message))]
            } else {
                let mut d = d;
                d.message = format!(
                    "{}（{} 继承了这个文件：extended by {}）",
                    d.message,
                    doc.path.display(),
                    doc.path.display()
                );
                vec![d]
            }
        })?;
        docs.push(std::mem::replace(&mut doc, base_doc));
    }

    // Each file's tree, its relative paths made relative to it, and its roster, read from the
    // root base up.
    let mut values: Vec<Value> = Vec::with_capacity(docs.len());
    let mut rosters: Vec<Option<Doc>> = Vec::with_capacity(docs.len());
    for doc in docs.iter().rev() {
        let mut value = doc.value.clone();
        if let Value::Object(map) = &mut value {
            map.remove("extends");
            if let Some(Value::Object(fonts)) = map.get_mut("fonts") {
                for spec in fonts.values_mut() {
                    if let Value::String(p) = spec {
                        *p = relative_to(&doc.path, p).display().to_string();
                    }
                }
            }
            if let Some(Value::String(p)) = map.get_mut("templates") {
                *p = relative_to(&doc.path, p).display().to_string();
            }
            super::attachment::markdown_paths(&mut value, &|p| relative_to(&doc.path, p).display().to_string());
            // Seal images: absolute, so that the Markdown written to the output folder still
            // finds them.
            if let Some(Value::Array(seals)) = value.pointer_mut("/document/seals") {
                for seal in seals {
                    if let Value::String(p) = seal
                        && !p.trim().is_empty()
                    {
                        let path = relative_to(&doc.path, p.trim());
                        *p = std::path::absolute(&path).unwrap_or(path).display().to_string();
                    }
                }
            }
        }
        match take_string(&mut value, "roster") {
            Some(roster) => {
                let path = relative_to(&doc.path, &roster);
                rosters.push(Some(read_roster(&path, source).map_err(|d| {
                    // A file that cannot be read at all is said at the plan's `roster:` line,
                    // where the clerk chose it; a mistake inside the roster, in the roster.
                    if d.line.is_none() && d.file == path.display().to_string() {
                        vec![doc.diagnostic("roster", format!("人员名单文件 {}：{}", path.display(), d.message))]
                    } else {
                        vec![d]
                    }
                })?));
            }
            None if doc.value.get("roster").is_some() => {
                return Err(vec![
                    doc.diagnostic("roster", "roster 应是人员名单文件的路径（expected a file path）"),
                ]);
            }
            None => rosters.push(None),
        }
        values.push(value);
    }
    values.reverse();
    rosters.reverse();
    // In order of precedence, for reporting: the plan, its roster, the base it extends, that
    // base's roster, and so on to the root. Each file's place in that list, and its roster's.
    let mut places: Vec<(usize, usize)> = Vec::with_capacity(docs.len());
    let mut next = 0;
    for roster in &rosters {
        places.push((next, next + 1));
        next += if roster.is_some() { 2 } else { 1 };
    }

    // Merge from the root base up: each file overrides what it extends. A file's roster comes
    // just before the file itself, and replaces the people of everything it extends: a plan
    // that names its own roster names only its own town's people (a person missing from the
    // roster is reported, never taken from the base plan's town). The file's own `people:`
    // entries then win over its roster.
    let root = places.last().map_or(0, |p| p.0);
    let mut merged = Merged::new(root);
    for (i, value) in values.into_iter().enumerate().rev() {
        let (doc_place, roster_place) = places.get(i).copied().unwrap_or_default();
        if let Some(Some(roster)) = rosters.get(i) {
            let people = roster.value.get("people").cloned().unwrap_or(Value::Null);
            merged.apply_roster(roster_place, people);
        }
        merged.apply(doc_place, value);
    }
    let docs: Vec<Doc> = docs
        .into_iter()
        .zip(rosters)
        .flat_map(|(doc, roster)| std::iter::once(doc).chain(roster))
        .collect();
    let Merged {
        value: mut merged,
        provenance,
        mut findings,
        ..
    } = merged;

    fill_placeholders(&mut merged, &mut findings);

    let (plan, problems, removed) = type_plan(&mut merged, &docs, &provenance)?;
    let mut plan = plan;
    let unread = super::attachment::read_markdown(&mut plan, &|p| source.read(p));
    if !unread.is_empty() {
        return Err(unread
            .into_iter()
            .map(|(path, message)| diagnostic_in(&docs, &provenance, &path, message))
            .collect());
    }
    Ok(LoadedPlan {
        path: path.to_path_buf(),
        docs,
        plan,
        findings,
        problems,
        removed,
        provenance,
    })
}

/// A diagnostic at `path`, a field of the merged plan: named by that path, placed in the file
/// that wrote the value, at the line where it stands there.
pub(super) fn diagnostic_in(docs: &[Doc], provenance: &Provenance, path: &str, message: String) -> Diagnostic {
    let origin = provenance.locate(path);
    match docs.get(origin.doc) {
        Some(doc) => {
            let d = Diagnostic::file(&doc.path, message).with_path(path);
            match doc.locate(&origin.path) {
                Some(Position { line, col }) => d.at(&doc.source, line, col),
                None => d,
            }
        }
        None => Diagnostic::file(Path::new("plan"), message).with_path(path),
    }
}

/// How much of `path` the file gives: the number of segments of the longest prefix it defines
/// (`a.b[1]` has three), plus one; 0 for none.
fn defined_depth(doc: &Doc, path: &str) -> usize {
    let mut p = path;
    loop {
        if doc.map().contains(p) {
            return p.matches(['.', '[']).count() + 2;
        }
        match p.rfind(['.', '[']) {
            Some(i) => p = &p[..i],
            None => return usize::from(doc.map().contains("")),
        }
    }
}

/// `a[1].b` as a list patch writes it, `a.1.b`; None for a path without list positions.
fn patch_form(path: &str) -> Option<String> {
    path.contains('[').then(|| path.replace('[', ".").replace(']', ""))
}

impl LoadedPlan {
    /// Where `snippet`, part of the text of field `path`, stands in its file: the file and the
    /// byte offset of its `occurrence`-th match (0 for the first) from the field's start. None
    /// when the file does not spell it out verbatim (text folded over lines, or filled from a
    /// placeholder).
    pub fn locate_text(&self, path: &str, snippet: &str, occurrence: usize) -> Option<(&Doc, usize)> {
        let origin = self.provenance.locate(path);
        let doc = self.docs.get(origin.doc)?;
        let pos = doc.locate(&origin.path)?;
        let start = doc.lines().offset(&doc.source, pos)?;
        // Only within the field: up to where the next field starts (searching on to the end of
        // the file for every finding was quadratic in the findings).
        let end = doc
            .map()
            .next_after(pos)
            .and_then(|next| doc.lines().offset(&doc.source, next))
            .unwrap_or(doc.source.len())
            .max(start);
        let found = doc.source.get(start..end)?.match_indices(snippet).nth(occurrence)?.0;
        Some((doc, start + found))
    }
}

/// Where each line of a text starts, to turn byte offsets into line and column and back
/// without scanning the text from its start each time.
#[derive(Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(text: &str) -> Self {
        LineIndex {
            starts: std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect(),
        }
    }

    /// Byte offset of a 1-based line and character column of `text`.
    pub fn offset(&self, text: &str, pos: Position) -> Option<usize> {
        let line_start = *self.starts.get((pos.line as usize).checked_sub(1)?)?;
        let line = text.get(line_start..)?.split('\n').next()?;
        let col: usize = line
            .chars()
            .take((pos.col as usize).saturating_sub(1))
            .map(char::len_utf8)
            .sum();
        Some(line_start + col)
    }

    /// 1-based line and character column of byte offset `offset` of `text`.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        let col = text.get(start..offset).map_or(0, |t| t.chars().count());
        Position {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col + 1).unwrap_or(u32::MAX),
        }
    }
}

/// 1-based line and character column of a byte offset.
pub fn position_at(source: &str, offset: usize) -> Position {
    let before = &source[..offset.min(source.len())];
    let line = before.matches('\n').count() as u32 + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
    Position { line, col }
}
