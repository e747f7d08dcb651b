//! The YAML parser's errors in a clerk's words, at the place of the slip.

use super::load::*;
use super::source_map::{Position, SourceMap};
use crate::diagnostic::Diagnostic;
use std::path::Path;

pub(super) fn yaml_diagnostic(path: &Path, source: &str, map: &SourceMap, e: &serde_saphyr::Error) -> Diagnostic {
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
    if raw.contains("quote") {
        // The parser notices a quote left open only where the text after it stops making sense,
        // often many lines on: point at the quote that opened the text it read.
        let lines = LineIndex::new(source);
        let opening = pos.and_then(|found| {
            let from = lines.offset(source, map.last_node_before(found)?)?;
            let to = lines.offset(source, found)?.max(from);
            let quote = source.get(from..to)?.find(['"', '\''])?;
            Some((found, lines.position(source, from + quote)))
        });
        if let Some((found, open)) = opening
            && open.line < found.line
        {
            d.message = format!(
                "引号没有成对闭合：从这里开始的引号一直读到了第 {} 行（unclosed quote: {raw}）",
                found.line
            );
            pos = Some(open);
        }
    }
    // The parser's words name what it could not read, often lines after a clerk's slip: the
    // slip nearest above, if there is one, is what to say, at its own place.
    if let Some(found) = pos
        && let Some(slip) = super::slips::near(source, found.line)
    {
        d.message = format!("{}（{raw}）", slip.message);
        pos = Some(Position {
            line: slip.line,
            col: slip.col,
        });
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

/// For serde's "unknown field `x`, expected one of `a`, `b`" (or "expected `a` or `b`"): the
/// message, naming the fields that may be written there (at the top level also `extends` and
/// `roster`, which are read before the plan is typed), and the field the clerk most likely
/// meant. None for any other error.
pub(super) fn unknown_field(raw: &str, top_level: bool) -> Option<(String, Option<String>)> {
    let rest = raw.strip_prefix("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let expected = expected.trim_start_matches([',', ' ']);
    let expected = expected
        .strip_prefix("expected one of ")
        .or_else(|| expected.strip_prefix("expected "))
        .unwrap_or(expected);
    let mut options: Vec<&str> = expected
        .split(", ")
        .flat_map(|o| o.split(" or "))
        .map(|o| o.trim().trim_matches('`'))
        .filter(|o| !o.is_empty() && *o != "there are no fields")
        .collect();
    if top_level {
        options.extend(["extends", "roster"]);
    }
    // Near in spelling: one or two letters off (leed → lead), or a close common form.
    let suggestion = options
        .iter()
        .map(|o| {
            let edits = strsim::osa_distance(field, o);
            let allowed = if field.chars().count() <= 4 { 1 } else { 2 };
            let score = if edits <= allowed {
                2.0 - edits as f64 / 10.0
            } else {
                strsim::jaro_winkler(field, o)
            };
            (score, *o)
        })
        .filter(|(score, _)| *score > 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, o)| o.to_string());
    let hint = suggestion
        .as_ref()
        .map(|o| format!("是不是要写 `{o}`？"))
        .unwrap_or_default();
    let message = format!(
        "没有这个字段 `{field}`（unknown field）。{hint}这里可以写的字段：{}",
        options.join("、")
    );
    Some((message, suggestion))
}

/// Put the parser's English in words a clerk can act on, keeping the original for helpers.
pub(super) fn translate(raw: &str) -> String {
    let raw = strip_trailing_position(raw);
    if raw.chars().next().is_some_and(crate::plan::text::is_cjk) {
        return raw.to_string(); // one of our own messages, already in Chinese
    }
    if let Some((message, _)) = unknown_field(raw, false) {
        return message;
    }
    if let Some(rest) = raw.strip_prefix("unknown variant `")
        && let Some((value, expected)) = rest.split_once('`')
    {
        let options = expected
            .trim_start_matches([',', ' '])
            .trim_start_matches("expected one of ")
            .trim_start_matches("expected ")
            .replace('`', "")
            .replace(" or ", "、")
            .replace(", ", "、");
        return format!("「{value}」不是可选的值（unknown value）：可写 {options}");
    }
    if let Some(key) = raw.strip_prefix("duplicate mapping key: ") {
        let key = key.split(',').next().unwrap_or(key);
        return format!("字段 `{key}` 写了两次（duplicate key）：同一层里每个字段只能出现一次");
    }
    if raw.contains("tab") {
        return format!("YAML 不能用 Tab 键缩进，请改用空格（{raw}）");
    }
    if raw.contains("recursion limit") || raw.contains("depth") {
        return format!("嵌套层数过多（nesting too deep）：方案不需要这么多层（{raw}）");
    }
    if raw.starts_with("budget breached") || raw.contains("alias replay") || raw.contains("alias expansion") {
        return format!(
            "内容展开后过大：锚点与别名（&/*）展开超过上限，疑似“十亿笑声”攻击（alias expansion over the limit: {raw}）"
        );
    }
    if raw.contains("unclosed quote") || raw.contains("unterminated") || raw.contains("quoted scalar") {
        return format!("引号没有成对闭合（{raw}）");
    }
    let expects = |what: &str| raw.contains(&format!("expected {what}"));
    if ["u8", "u16", "u32", "u64", "i8", "i16", "i32", "i64"]
        .iter()
        .any(|t| expects(t) || raw == format!("invalid {t}"))
    {
        return format!("这里应填写一个整数，例如 4（expected a whole number: {raw}）");
    }
    if expects("f64") || raw == "invalid f64" {
        return format!("这里应填写一个数字，例如 95 或 1.54（expected a number: {raw}）");
    }
    if expects("a boolean") || raw.contains("invalid boolean") {
        return format!("这里应填写 true 或 false（expected true or false: {raw}）");
    }
    if expects("a sequence") {
        return format!("这里应是一个列表（每项以 - 开头）（expected a list: {raw}）");
    }
    if expects("struct") || expects("a map") {
        return format!("这里应是一组“字段: 内容”（expected a mapping: {raw}）");
    }
    if raw.starts_with("invalid type") || raw.starts_with("expected") || raw.starts_with("invalid") {
        return format!("内容类型不对（{raw}）");
    }
    format!("YAML 格式错误（{raw}）")
}
