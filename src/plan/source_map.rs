//! Where each field of a plan stands in its YAML file.
//!
//! Built once from the parser's events, it answers both directions: the line and column of a
//! field path (for validation findings) and the field path at a line and column (for errors the
//! deserializer reports by position only). The model stays plain data, free of span wrappers.

use serde_saphyr::granit_parser::{Event, Parser};
use std::collections::HashMap;

/// 1-based line and column, counted in characters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: u32,
    pub col: u32,
}

#[derive(Debug, Default)]
pub struct SourceMap {
    values: HashMap<String, Position>,
    /// Where each key stands, by the path of the field it names (the first, if written twice).
    keys: HashMap<String, Position>,
    /// Every node and key in document order: (start, path, is_key).
    nodes: Vec<(Position, String, bool)>,
}

enum Frame {
    Map { path: String, key: Option<String> },
    Seq { path: String, next: usize },
}

impl SourceMap {
    /// Index `src`. Stops quietly at a syntax error: the deserializer reports that one.
    pub fn build(src: &str) -> SourceMap {
        let mut map = SourceMap::default();
        let mut stack: Vec<Frame> = Vec::new();
        for result in Parser::new_from_str(src) {
            let Ok((event, span)) = result else { break };
            let pos = Position {
                line: u32::try_from(span.start.line()).unwrap_or(u32::MAX),
                col: u32::try_from(span.start.col() + 1).unwrap_or(u32::MAX),
            };
            let (is_node, opens) = match &event {
                Event::Scalar(..) | Event::Alias(_) => (true, None),
                Event::MappingStart(..) => (true, Some(true)),
                Event::SequenceStart(..) => (true, Some(false)),
                Event::MappingEnd | Event::SequenceEnd => {
                    stack.pop();
                    (false, None)
                }
                _ => (false, None),
            };
            if !is_node {
                continue;
            }
            // A node in key position names the next value; a collection used as a key
            // (rare YAML) is indexed under "?" so the walk stays in step.
            if let Some(Frame::Map { path, key: key @ None }) = stack.last_mut() {
                let name = match &event {
                    Event::Scalar(text, ..) => text.to_string(),
                    _ => "?".to_string(),
                };
                let key_path = join_key(path, &name);
                *key = Some(name);
                map.keys.entry(key_path.clone()).or_insert(pos);
                map.nodes.push((pos, key_path.clone(), true));
                if let Some(is_map) = opens {
                    stack.push(new_frame(key_path, is_map));
                }
                continue;
            }
            let path = match stack.last_mut() {
                None => String::new(),
                Some(Frame::Map { path, key }) => join_key(path, &key.take().unwrap_or_default()),
                Some(Frame::Seq { path, next }) => {
                    *next += 1;
                    format!("{path}[{}]", *next - 1)
                }
            };
            map.values.entry(path.clone()).or_insert(pos);
            map.nodes.push((pos, path.clone(), false));
            if let Some(is_map) = opens {
                stack.push(new_frame(path, is_map));
            }
        }
        map
    }

    /// Whether the file gives this field at all (as opposed to leaving it to its default).
    pub fn contains(&self, path: &str) -> bool {
        self.values.contains_key(path)
    }

    /// Position of the field, or of its nearest ancestor that the file gives.
    pub fn locate(&self, path: &str) -> Option<Position> {
        let mut p = path;
        loop {
            if let Some(pos) = self.values.get(p) {
                return Some(*pos);
            }
            p = parent(p)?;
        }
    }

    /// Position of the key that names field `path` (for a field that should not be there).
    pub fn locate_key(&self, path: &str) -> Option<Position> {
        self.keys.get(path).copied()
    }

    /// Where the last node starting before `pos` starts.
    pub fn last_node_before(&self, pos: Position) -> Option<Position> {
        let i = self.nodes.partition_point(|(p, _, _)| *p < pos);
        i.checked_sub(1).map(|i| self.nodes[i].0)
    }

    /// Where the first node after `pos` starts: the end of the text of the field at `pos`.
    pub fn next_after(&self, pos: Position) -> Option<Position> {
        // Nodes are in document order, so their starts are sorted.
        let i = self.nodes.partition_point(|(p, _, _)| *p <= pos);
        self.nodes.get(i).map(|(p, _, _)| *p)
    }

    /// The deepest field starting at `pos`. Keys count only when `keys` is set: an unknown
    /// field is reported at its key, a wrong value at the value.
    pub fn path_at(&self, pos: Position, keys: bool) -> Option<&str> {
        self.nodes
            .iter()
            .filter(|(p, _, is_key)| *p == pos && (keys || !is_key))
            .map(|(_, path, _)| path.as_str())
            .max_by_key(|path| path.len())
    }
}

fn new_frame(path: String, is_map: bool) -> Frame {
    if is_map {
        Frame::Map { path, key: None }
    } else {
        Frame::Seq { path, next: 0 }
    }
}

pub fn join_key(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// `a.b[3].c` → `a.b[3]` → `a.b` → `a` → ``; None above the root.
fn parent(path: &str) -> Option<&str> {
    if path.is_empty() {
        return None;
    }
    let cut = path.rfind(['.', '[']).unwrap_or(0);
    Some(&path[..cut])
}

#[cfg(test)]
mod tests {
    use super::*;

    const SRC: &str = "document:\n  title: 方案\norganization:\n  leading_group:\n    leaders:\n      - name: 张三\n        posts: [党委书记, {title: 镇长, nominee: true}]\n";

    #[test]
    fn locates_fields_and_falls_back_to_ancestors() {
        let m = SourceMap::build(SRC);
        assert_eq!(m.locate("document.title"), Some(Position { line: 2, col: 10 }));
        assert_eq!(
            m.locate("organization.leading_group.leaders[0].name"),
            Some(Position { line: 6, col: 15 })
        );
        assert_eq!(
            m.locate("organization.leading_group.leaders[0].posts[1].title"),
            Some(Position { line: 7, col: 31 })
        );
        // Not in the file: the nearest ancestor that is.
        assert_eq!(
            m.locate("organization.leading_group.members"),
            Some(Position { line: 5, col: 5 })
        );
        assert!(!m.contains("organization.leading_group.members"));
    }

    #[test]
    fn finds_the_path_at_a_position() {
        let m = SourceMap::build(SRC);
        assert_eq!(
            m.path_at(Position { line: 6, col: 9 }, true),
            Some("organization.leading_group.leaders[0].name")
        );
        assert_eq!(
            m.path_at(Position { line: 6, col: 9 }, false),
            Some("organization.leading_group.leaders[0]")
        );
    }
}
