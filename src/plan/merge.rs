//! How a variant overrides the plan it `extends`, and how placeholders are filled.
//!
//! On YAML trees, before typing:
//! - a mapping merges into a mapping, field by field, recursively;
//! - any other value replaces what the base has; `~` (null) removes it;
//! - `key+:` appends its list to the base's list `key`;
//! - a mapping with whole-number keys applied to a list patches those items by position
//!   (`items: { 1: { title: 新标题 } }` changes the second item only).
//!
//! Placeholders `{{ town }}`, `{{ county }}`, `{{ province }}` and `{{ year }}` in any text are filled from the
//! merged plan's `document`, so a base plan can be written once for many towns. Only these names
//! are placeholders: other text in braces is left as written.

use super::validate::Finding;
use serde_json::{Map, Value};

/// Merge `over` into `base`; `path` names `base` in findings.
pub fn merge(base: &mut Value, over: Value, path: &str, findings: &mut Vec<Finding>) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                if let Some(list_key) = key.strip_suffix('+') {
                    let here = super::source_map::join_key(path, &key);
                    append(base, list_key, value, &here, findings);
                    continue;
                }
                if value.is_null() {
                    base.remove(&key);
                    continue;
                }
                let here = super::source_map::join_key(path, &key);
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, value, &here, findings),
                    None => {
                        base.insert(key, value);
                    }
                }
            }
        }
        (Value::Array(items), Value::Object(patches)) if patches.keys().all(|k| k.parse::<usize>().is_ok()) => {
            for (key, patch) in patches {
                let index: usize = key.parse().unwrap_or(usize::MAX);
                match items.get_mut(index) {
                    Some(item) => merge(item, patch, &format!("{path}[{index}]"), findings),
                    None => findings.push(Finding {
                        path: super::source_map::join_key(path, &key),
                        message: format!(
                            "基础方案的这个列表只有 {} 项，没有第 {} 项（index {index} out of range）",
                            items.len(),
                            index + 1
                        ),
                    }),
                }
            }
        }
        (base, over) => *base = over,
    }
}

fn append(base: &mut Map<String, Value>, key: &str, value: Value, path: &str, findings: &mut Vec<Finding>) {
    let Value::Array(extra) = value else {
        findings.push(Finding {
            path: path.to_string(),
            message: format!("`{key}+` 后面应是一个列表（expected a list to append）"),
        });
        return;
    };
    match base.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(items) => items.extend(extra),
        _ => findings.push(Finding {
            path: path.to_string(),
            message: format!("基础方案中的 `{key}` 不是列表，不能用 `{key}+` 追加（not a list）"),
        }),
    }
}

/// Remove a top-level string field and return it.
pub fn take_string(value: &mut Value, key: &str) -> Option<String> {
    match value.as_object_mut()?.remove(key)? {
        Value::String(s) => Some(s),
        _ => None,
    }
}

const PLACEHOLDERS: &[&str] = &["town", "county", "province", "year"];

/// Fill `{{ town }}`, `{{ county }}` and `{{ year }}` everywhere from `document`. An unknown
/// name in the same form (`{{ tonw }}`) is reported, so that no placeholder reaches print.
pub fn fill_placeholders(value: &mut Value, findings: &mut Vec<Finding>) {
    let document = value.get("document");
    let field = |key: &str| -> Option<String> {
        match document?.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let values: Vec<(&str, Option<String>)> = PLACEHOLDERS.iter().map(|k| (*k, field(k))).collect();
    fill(value, "", &values, findings);
}

fn fill(value: &mut Value, path: &str, values: &[(&str, Option<String>)], findings: &mut Vec<Finding>) {
    match value {
        Value::String(s) if s.contains("{{") => *s = fill_text(s, path, values, findings),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                fill(item, &format!("{path}[{i}]"), values, findings);
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                fill(item, &super::source_map::join_key(path, key), values, findings);
            }
        }
        _ => {}
    }
}

fn fill_text(text: &str, path: &str, values: &[(&str, Option<String>)], findings: &mut Vec<Finding>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else {
            out.push_str(&rest[start..]);
            return out;
        };
        let name = after[..end].trim();
        let is_name = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        match values.iter().find(|(k, _)| *k == name) {
            Some((_, Some(v))) => out.push_str(v),
            Some((_, None)) => {
                findings.push(Finding {
                    path: path.to_string(),
                    message: format!(
                        "占位符 {{{{ {name} }}}} 没有可填的值：请在 document.{name} 中填写（placeholder has no value）"
                    ),
                });
                out.push_str(&rest[start..start + 2 + end + 2]);
            }
            None if is_name => {
                findings.push(Finding {
                    path: path.to_string(),
                    message: format!(
                        "未知的占位符 {{{{ {name} }}}}（unknown placeholder）；可用：{}",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("{{{{ {p} }}}}"))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                });
                out.push_str(&rest[start..start + 2 + end + 2]);
            }
            // Not a placeholder (spaces, Chinese, punctuation inside): text as written.
            None => out.push_str(&rest[start..start + 2 + end + 2]),
        }
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn mappings_merge_lists_replace_append_and_patch() {
        let mut base = json!({"document": {"town": "XX镇", "county": "XX县"}, "principles": [{"title": "a"}, {"title": "b"}], "number": "1号"});
        let over = json!({"document": {"town": "新河镇"}, "principles+": [{"title": "c"}], "number": null});
        let mut findings = Vec::new();
        merge(&mut base, over, "", &mut findings);
        assert_eq!(
            base,
            json!({"document": {"town": "新河镇", "county": "XX县"}, "principles": [{"title": "a"}, {"title": "b"}, {"title": "c"}]})
        );
        merge(
            &mut base,
            json!({"principles": {"1": {"title": "B"}}}),
            "",
            &mut findings,
        );
        assert_eq!(base["principles"][1], json!({"title": "B"}));
        merge(&mut base, json!({"principles": [{"title": "only"}]}), "", &mut findings);
        assert_eq!(base["principles"], json!([{"title": "only"}]));
        assert!(findings.is_empty());
        merge(
            &mut base,
            json!({"principles": {"5": {"title": "x"}}}),
            "",
            &mut findings,
        );
        assert_eq!(findings[0].path, "principles.5");
    }

    #[test]
    fn placeholders_fill_known_names_and_report_unknown_ones() {
        let mut v = json!({"document": {"town": "新河镇", "county": "河西县", "year": 2022},
            "intro": "{{ town }}党委政府高度重视{{year}}年工作，{{ county }}“1+3+N”", "x": ["{{ tonw }}", "{{ 张三 }}", "{{ }}"]});
        let mut findings = Vec::new();
        fill_placeholders(&mut v, &mut findings);
        assert_eq!(v["intro"], "新河镇党委政府高度重视2022年工作，河西县“1+3+N”");
        assert_eq!(v["x"], json!(["{{ tonw }}", "{{ 张三 }}", "{{ }}"]));
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].path, "x[0]");
    }
}
