//! Typing the merged YAML tree as a [`Plan`]: every unknown field and every value of the wrong
//! kind is reported, set aside, and the rest typed again, so that one run says them all.

use super::load::*;
use super::merge::Provenance;
use super::model::Plan;
use super::yaml_errors::{translate, unknown_field};
use crate::diagnostic::Diagnostic;
use serde_json::Value;

/// Type errors and unknown fields reported in one run, at most this many.
const MAX_TYPING_PROBLEMS: usize = 50;

/// Type the merged tree as a plan, reporting every unknown field and every value of the wrong
/// kind, not only the first: each is reported, set aside, and the rest typed again, so that the
/// other problems (validation) are found in the same run. Returns the plan, the problems found,
/// and the paths set aside; Err only when nothing can be typed.
pub(super) fn type_plan(
    merged: &mut Value,
    docs: &[Doc],
    provenance: &Provenance,
) -> Result<(Plan, Vec<Diagnostic>, Vec<String>), Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut removed: Vec<String> = Vec::new();
    // How often a path has been set aside: null first, then an empty mapping, then removed.
    let mut attempts: std::collections::HashMap<String, u8> = std::collections::HashMap::new();
    loop {
        let e = match serde_path_to_error::deserialize::<_, Plan>(&*merged) {
            Ok(plan) => return Ok((plan, problems, removed)),
            Err(e) => e,
        };
        let segments: Vec<serde_path_to_error::Segment> = e.path().iter().cloned().collect();
        let shown = e.path().to_string();
        let raw = e.inner().to_string();
        let field = raw
            .strip_prefix("unknown field `")
            .and_then(|r| r.split('`').next())
            .map(str::to_string);
        let base = if shown == "." { String::new() } else { shown };
        // serde_path_to_error's path of an unknown field may or may not end with the field.
        let mut segments = segments;
        let path = match &field {
            Some(f) if base == *f || base.ends_with(&format!(".{f}")) => {
                segments.pop();
                base
            }
            Some(f) => super::source_map::join_key(&base, f),
            None => base,
        };
        let attempt = attempts.entry(path.clone()).or_insert(0);
        if *attempt == 0 {
            // An unknown field is shown at its key, in the file that has it.
            let at_key = field.as_ref().and_then(|_| {
                let origin = provenance.locate(&path);
                let doc = docs.get(origin.doc)?;
                doc.map().locate_key(&origin.path).map(|pos| (doc, pos))
            });
            let (message, meant) = match unknown_field(&raw, !path.contains(['.', '['])) {
                Some((message, meant)) => (message, meant),
                None => (translate(&raw), None),
            };
            let mut problem = match at_key {
                Some((doc, pos)) => {
                    Diagnostic::file(&doc.path, message)
                        .with_path(&path)
                        .at(&doc.source, pos.line, pos.col)
                }
                None => diagnostic_in(docs, provenance, &path, message),
            };
            // A value of the wrong kind is often a slip on its line (a list item without its
            // `- ` reads as text): say the slip.
            if field.is_none()
                && let Some(line) = problem.line
                && let Some(doc) = docs.iter().find(|d| d.path.display().to_string() == problem.file)
                && let Some(slip) = super::slips::near(&doc.source, line).filter(|s| s.line == line)
            {
                problem = Diagnostic::file(&doc.path, format!("{}（{}）", slip.message, raw))
                    .with_path(&path)
                    .at(&doc.source, slip.line, slip.col);
            }
            problems.push(problem);
            removed.push(path.clone());
            // The field it was most likely meant to be is then not reported as missing too.
            if let Some(meant) = meant {
                let parent = path.rfind('.').map_or("", |i| &path[..i]);
                removed.push(super::source_map::join_key(parent, &meant));
            }
        }
        let set_aside = match &field {
            Some(f) => remove_key(merged, &segments, f),
            None => set_aside(merged, &segments, *attempt),
        };
        *attempt += 1;
        if !set_aside || *attempt > 3 || problems.len() >= MAX_TYPING_PROBLEMS {
            return Err(problems);
        }
    }
}

/// The node at `segments` in `value`.
fn node_at<'a>(value: &'a mut Value, segments: &[serde_path_to_error::Segment]) -> Option<&'a mut Value> {
    use serde_path_to_error::Segment;
    let mut node = value;
    for segment in segments {
        node = match segment {
            Segment::Map { key } => node.as_object_mut()?.get_mut(key.as_str())?,
            Segment::Seq { index } => node.as_array_mut()?.get_mut(*index)?,
            _ => return None,
        };
    }
    Some(node)
}

/// Remove field `key` of the mapping at `segments`.
fn remove_key(value: &mut Value, segments: &[serde_path_to_error::Segment], key: &str) -> bool {
    node_at(value, segments)
        .and_then(Value::as_object_mut)
        .is_some_and(|map| map.remove(key).is_some())
}

/// Set the value at `segments` aside: a field of a mapping is removed (it takes its default);
/// an item of a list becomes null, then an empty mapping, then is removed, whichever its type
/// accepts.
fn set_aside(value: &mut Value, segments: &[serde_path_to_error::Segment], attempt: u8) -> bool {
    use serde_path_to_error::Segment;
    let Some((last, parent)) = segments.split_last() else {
        return false;
    };
    let Some(parent) = node_at(value, parent) else {
        return false;
    };
    match (last, parent) {
        (Segment::Map { key }, Value::Object(map)) => map.remove(key.as_str()).is_some(),
        (Segment::Seq { index }, Value::Array(items)) if *index < items.len() => {
            match attempt {
                0 => items[*index] = Value::Null,
                1 => items[*index] = Value::Object(Default::default()),
                _ => {
                    items.remove(*index);
                }
            }
            true
        }
        _ => false,
    }
}
