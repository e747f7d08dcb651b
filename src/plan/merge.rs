//! How a variant overrides the plan it `extends`, and how placeholders are filled.
//!
//! On YAML trees, before typing:
//! - a mapping merges into a mapping, field by field, recursively;
//! - any other value replaces what the base has; `~` (null) removes it;
//! - `key+:` appends its list to the base's list `key`;
//! - a mapping applied to a list edits the list (see [`edit_list`]): whole-number keys patch
//!   items by position, other keys patch the item with that `id` or title, and the operations
//!   `replace`, `insert_before`, `insert_after`, `remove` and `order` address items the same way.
//!
//! Every value of the merged tree remembers where it was written ([`Provenance`]), so that a
//! problem found later — by the parser, by validation — is reported in the file and at the line
//! that wrote the value, even after the items around it were inserted, removed or reordered.
//!
//! Placeholders `{{ town }}`, `{{ county }}`, `{{ province }}` and `{{ year }}` in any text are filled from the
//! merged plan's `document`, so a base plan can be written once for many towns. Only these names
//! are placeholders: other text in braces is left as written.

use super::outline::Part;
use super::source_map::join_key;
use super::text::normalize;
use super::validate::Finding;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// Where a value was written: a file of the plan (its index in `LoadedPlan::docs`) and the
/// field path in that file, in the source map's notation (`a.b[2].c`, `items.0` for a patch key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin {
    pub doc: usize,
    pub path: String,
}

impl Origin {
    pub fn new(doc: usize, path: impl Into<String>) -> Self {
        Origin { doc, path: path.into() }
    }
    fn key(&self, key: &str) -> Origin {
        Origin::new(self.doc, join_key(&self.path, key))
    }
    fn index(&self, i: usize) -> Origin {
        Origin::new(self.doc, format!("{}[{i}]", self.path))
    }
    fn finding(&self, message: impl Into<String>) -> Finding {
        Finding::in_file(self.doc, &self.path, message)
    }
}

/// Where each part of the merged tree was written. Sparse: a subtree that one file wrote whole
/// has no children here (everything below it is at the same place in that file); a mapping
/// lists only the fields written elsewhere; a list that was edited lists every item, since
/// positions moved.
#[derive(Clone, Debug, PartialEq)]
pub struct Provenance {
    origin: Origin,
    fields: BTreeMap<String, Provenance>,
    items: Option<Vec<Provenance>>,
}

impl Provenance {
    fn at(origin: Origin) -> Self {
        Provenance {
            origin,
            fields: BTreeMap::new(),
            items: None,
        }
    }

    /// The provenance of field `key`.
    fn key_mut(&mut self, key: &str) -> &mut Provenance {
        let origin = &self.origin;
        self.fields
            .entry(key.to_string())
            .or_insert_with(|| Provenance::at(origin.key(key)))
    }

    /// The provenance of every item of a list of `len` items.
    fn items_mut(&mut self, len: usize) -> &mut Vec<Provenance> {
        if self.items.as_ref().map(Vec::len) != Some(len) {
            let origin = &self.origin;
            self.items = Some((0..len).map(|i| Provenance::at(origin.index(i))).collect());
        }
        self.items.get_or_insert_with(Vec::new)
    }

    /// Where the value at `path` (a path in the merged tree) was written: the file, and its
    /// path there. Below the deepest node recorded, the rest of the path is appended.
    pub fn locate(&self, path: &str) -> Origin {
        let mut node = self;
        let mut rest = path;
        loop {
            let (segment, tail) = split_first(rest);
            let next = match segment {
                None => return node.origin.clone(),
                Some(Segment::Key(k)) => node.fields.get(k),
                Some(Segment::Index(i)) => node.items.as_ref().and_then(|items| items.get(i)),
            };
            match next {
                Some(child) => {
                    node = child;
                    rest = tail;
                }
                None => {
                    let o = &node.origin;
                    let rest = rest.strip_prefix('.').unwrap_or(rest);
                    let joined = if rest.starts_with('[') || o.path.is_empty() {
                        format!("{}{rest}", o.path)
                    } else {
                        format!("{}.{rest}", o.path)
                    };
                    return Origin::new(o.doc, joined);
                }
            }
        }
    }
}

enum Segment<'a> {
    Key(&'a str),
    Index(usize),
}

/// `a.b[2].c` → (`a`, `.b[2].c`); `[2].c` → (2, `.c`).
fn split_first(path: &str) -> (Option<Segment<'_>>, &str) {
    let path = path.strip_prefix('.').unwrap_or(path);
    if path.is_empty() {
        return (None, "");
    }
    if let Some(rest) = path.strip_prefix('[') {
        let close = rest.find(']').unwrap_or(rest.len());
        let index = rest[..close].parse().unwrap_or(usize::MAX);
        return (Some(Segment::Index(index)), rest.get(close + 1..).unwrap_or(""));
    }
    let end = path.find(['.', '[']).unwrap_or(path.len());
    (Some(Segment::Key(&path[..end])), &path[end..])
}

/// The plan being merged, file by file, with where each value came from.
pub struct Merged {
    pub value: Value,
    pub provenance: Provenance,
    pub findings: Vec<Finding>,
    /// Plan files merged so far (rosters not counted).
    files: usize,
}

impl Merged {
    /// An empty plan; `doc` is the file that fields no file gives are reported in (the root base).
    pub fn new(doc: usize) -> Self {
        Merged {
            value: Value::Object(Map::new()),
            provenance: Provenance::at(Origin::new(doc, "")),
            findings: Vec::new(),
            files: 0,
        }
    }

    /// Merge the tree of file `doc` over what is merged so far.
    pub fn apply(&mut self, doc: usize, over: Value) {
        // The root plan's own content is what it is; only a variant takes parts out.
        let parts_before = if self.files > 0 {
            outline_parts(&self.value)
        } else {
            Vec::new()
        };
        self.files += 1;
        // Editing the outline of a plan that leaves it implicit edits the sample's outline.
        let edits_outline = over.get("sections").is_some_and(|s| !s.is_array()) || over.get("sections+").is_some();
        if edits_outline && let Value::Object(map) = &mut self.value {
            map.entry("sections")
                .or_insert_with(|| Value::Array(Part::ALL.iter().map(|p| Value::String(p.key().into())).collect()));
        }
        merge(
            &mut self.value,
            &mut self.provenance,
            over,
            &Origin::new(doc, ""),
            &mut self.findings,
        );
        // A built-in part taken out of the outline takes its content with it.
        let parts_after = outline_parts(&self.value);
        if let Value::Object(map) = &mut self.value {
            for part in parts_before.iter().filter(|p| !parts_after.contains(p)) {
                for field in part.fields() {
                    map.remove(*field);
                }
            }
        }
    }

    /// A roster file's `people:` (file `doc`), replacing the people of everything merged so far:
    /// a plan naming its own roster names only its own town's people.
    pub fn apply_roster(&mut self, doc: usize, people: Value) {
        if let Value::Object(map) = &mut self.value {
            map.remove("people");
        }
        self.provenance.fields.remove("people");
        let mut over = Map::new();
        over.insert("people".into(), people);
        merge(
            &mut self.value,
            &mut self.provenance,
            Value::Object(over),
            &Origin::new(doc, ""),
            &mut self.findings,
        );
    }
}

/// The built-in parts named in the tree's `sections:`; all of them when it has none.
fn outline_parts(root: &Value) -> Vec<Part> {
    match root.get("sections") {
        None => Part::ALL.to_vec(),
        Some(Value::Array(items)) => items.iter().filter_map(|v| Part::from_key(v.as_str()?)).collect(),
        Some(_) => Vec::new(),
    }
}

/// Merge `over` (written at `origin`) into `base`, whose provenance is `prov`.
fn merge(base: &mut Value, prov: &mut Provenance, over: Value, origin: &Origin, findings: &mut Vec<Finding>) {
    match (base, over) {
        (Value::Object(base), Value::Object(over)) => {
            for (key, value) in over {
                let here = origin.key(&key);
                if let Some(list_key) = key.strip_suffix('+') {
                    append(base, prov, list_key, value, &here, findings);
                    continue;
                }
                if value.is_null() {
                    // Removed here: a problem with the field now missing (a masthead without
                    // its number) is this file's, at the `~` that removed it.
                    base.remove(&key);
                    *prov.key_mut(&key) = Provenance::at(here);
                    continue;
                }
                match base.get_mut(&key) {
                    Some(existing) => merge(existing, prov.key_mut(&key), value, &here, findings),
                    None => {
                        base.insert(key.clone(), value);
                        *prov.key_mut(&key) = Provenance::at(here);
                    }
                }
            }
        }
        (Value::Array(items), Value::Object(edits)) => edit_list(items, prov, edits, origin, findings),
        (base, over) => {
            *base = over;
            *prov = Provenance::at(origin.clone());
        }
    }
}

fn append(
    base: &mut Map<String, Value>,
    prov: &mut Provenance,
    key: &str,
    value: Value,
    here: &Origin,
    findings: &mut Vec<Finding>,
) {
    let Value::Array(extra) = value else {
        findings.push(here.finding(format!("`{key}+` 后面应是一个列表（expected a list to append）")));
        return;
    };
    let existed = base.contains_key(key);
    match base.entry(key.to_string()).or_insert_with(|| Value::Array(Vec::new())) {
        Value::Array(items) => {
            let node = prov.key_mut(key);
            if !existed {
                *node = Provenance::at(here.clone());
            }
            let provs = node.items_mut(items.len());
            provs.extend((0..extra.len()).map(|i| Provenance::at(here.index(i))));
            items.extend(extra);
        }
        _ => findings.push(here.finding(format!(
            "基础方案中的 `{key}` 不是列表，不能用 `{key}+` 追加（not a list）"
        ))),
    }
}

/// The operations a mapping may apply to a list, besides patching items.
pub const LIST_OPERATIONS: &[&str] = &["replace", "insert_before", "insert_after", "remove", "order"];

/// Edit a list with a mapping, in this order, all keys naming items of the list as the base
/// has it: (1) patch items by position (`0:`) or by key (`工作目标:`, an `id` or a title), and
/// `replace` items whole; (2) `insert_before` / `insert_after` an item; (3) `remove` items;
/// (4) `order`: the items named move, in the order given, to where the first of them stands.
fn edit_list(
    items: &mut Vec<Value>,
    prov: &mut Provenance,
    edits: Map<String, Value>,
    origin: &Origin,
    findings: &mut Vec<Finding>,
) {
    let mut provs = std::mem::take(prov.items_mut(items.len()));
    // Keys name items of the list as the base has it, so one index serves the patches, the
    // replacements and the insertions; it is made again after the list changes shape.
    let index = Index::new(items);
    let mut ops: BTreeMap<&str, (Value, Origin)> = BTreeMap::new();
    for (key, edit) in edits {
        let here = origin.key(&key);
        if let Some(op) = LIST_OPERATIONS.iter().find(|op| **op == key) {
            ops.insert(op, (edit, here));
            continue;
        }
        let index = match key.parse::<usize>() {
            Ok(i) if i < items.len() => Some(i),
            Ok(i) => {
                findings.push(here.finding(format!(
                    "基础方案的这个列表只有 {} 项，没有第 {} 项（index {i} out of range）",
                    items.len(),
                    i + 1
                )));
                None
            }
            Err(_) => index.find(&key, &here, findings),
        };
        if let Some(i) = index {
            merge(&mut items[i], &mut provs[i], edit, &here, findings);
        }
    }
    if let Some((edit, here)) = ops.remove("replace") {
        for_each_named(edit, &here, findings, |key, value, at, findings| {
            if let Some(i) = index.find(key, at, findings) {
                items[i] = value;
                provs[i] = Provenance::at(at.clone());
            }
        });
    }
    // Insertions, by the index of their anchor; each keeps the order it is written in.
    let mut before: BTreeMap<usize, Vec<(Value, Provenance)>> = BTreeMap::new();
    let mut after: BTreeMap<usize, Vec<(Value, Provenance)>> = BTreeMap::new();
    for (op, slots) in [("insert_before", &mut before), ("insert_after", &mut after)] {
        let Some((edit, here)) = ops.remove(op) else { continue };
        for_each_named(edit, &here, findings, |key, value, at, findings| {
            let Some(i) = index.find(key, at, findings) else {
                return;
            };
            let new: Vec<(Value, Provenance)> = match value {
                Value::Array(list) => list
                    .into_iter()
                    .enumerate()
                    .map(|(k, v)| (v, Provenance::at(at.index(k))))
                    .collect(),
                single => vec![(single, Provenance::at(at.clone()))],
            };
            slots.entry(i).or_default().extend(new);
        });
    }
    if !before.is_empty() || !after.is_empty() {
        let old: Vec<(Value, Provenance)> = std::mem::take(items).into_iter().zip(provs).collect();
        provs = Vec::with_capacity(old.len());
        for (i, item) in old.into_iter().enumerate() {
            for (v, p) in before
                .remove(&i)
                .into_iter()
                .flatten()
                .chain([item])
                .chain(after.remove(&i).into_iter().flatten())
            {
                items.push(v);
                provs.push(p);
            }
        }
    }
    if let Some((edit, here)) = ops.remove("remove") {
        let index = Index::new(items);
        let mut doomed = vec![false; items.len()];
        for (key, at) in names(edit, &here, findings) {
            if let Some(i) = index.find(&key, &at, findings) {
                doomed[i] = true;
            }
        }
        let mut keep = doomed.iter().map(|d| !d);
        items.retain(|_| keep.next().unwrap_or(true));
        let mut keep = doomed.iter().map(|d| !d);
        provs.retain(|_| keep.next().unwrap_or(true));
    }
    if let Some((edit, here)) = ops.remove("order") {
        let index = Index::new(items);
        let mut named: Vec<usize> = Vec::new();
        let mut seen = vec![false; items.len()];
        for (key, at) in names(edit, &here, findings) {
            let Some(i) = index.find(&key, &at, findings) else {
                continue;
            };
            if std::mem::replace(&mut seen[i], true) {
                findings.push(at.finding(format!("「{key}」在 order 中写了两次（named twice）")));
            } else {
                named.push(i);
            }
        }
        // The named items, in the order given, as one run where the first of them stood.
        if let Some(&first) = named.iter().min() {
            let mut moved: Vec<(Value, Provenance)> = Vec::with_capacity(named.len());
            let mut rest: Vec<(Value, Provenance)> = Vec::with_capacity(items.len());
            let mut taken: Vec<Option<(Value, Provenance)>> = std::mem::take(items)
                .into_iter()
                .zip(std::mem::take(&mut provs))
                .map(Some)
                .collect();
            for &i in &named {
                moved.extend(taken[i].take());
            }
            // Everything before `first` stays, so the run starts at `first`.
            rest.extend(taken.into_iter().flatten());
            rest.splice(first..first, moved);
            for (v, p) in rest {
                items.push(v);
                provs.push(p);
            }
        }
    }
    prov.items = Some(provs);
}

/// The keys an operation names: one, or a list (`remove: [甲, 乙]`), each with where it stands.
fn names(edit: Value, here: &Origin, findings: &mut Vec<Finding>) -> Vec<(String, Origin)> {
    let key_of = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    };
    match edit {
        Value::Array(list) => list
            .iter()
            .enumerate()
            .filter_map(|(i, v)| match key_of(v) {
                Some(k) => Some((k, here.index(i))),
                None => {
                    findings.push(
                        here.index(i)
                            .finding("这里应写一项的 id 或标题（expected an id or a title）"),
                    );
                    None
                }
            })
            .collect(),
        single => match key_of(&single) {
            Some(k) => vec![(k, here.clone())],
            None => {
                findings.push(here.finding("这里应写 id 或标题，或由它们组成的列表（expected ids or titles）"));
                Vec::new()
            }
        },
    }
}

/// `replace:` / `insert_after:` take a mapping from an item's key to what goes there.
fn for_each_named(
    edit: Value,
    here: &Origin,
    findings: &mut Vec<Finding>,
    mut apply: impl FnMut(&str, Value, &Origin, &mut Vec<Finding>),
) {
    match edit {
        Value::Object(map) => {
            for (key, value) in map {
                apply(&key, value, &here.key(&key), findings);
            }
        }
        _ => findings.push(here.finding(
            "这里应是“某一项的 id 或标题: 内容”（expected a mapping from an item's id or title to the new content）",
        )),
    }
}

/// The items of a list by the keys that name them: `id`, title (`title`, or `lead` for 一是
/// points) and, for a built-in part in `sections:`, its name and default heading.
struct Index {
    by_key: HashMap<String, Vec<usize>>,
    /// What the list holds, for messages: "ideology、goals、…".
    listing: String,
}

impl Index {
    fn new(items: &[Value]) -> Index {
        let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, item) in items.iter().enumerate() {
            for key in keys(item) {
                let slot = by_key.entry(key).or_default();
                if slot.last() != Some(&i) {
                    slot.push(i);
                }
            }
        }
        // A long list is named by its first items only.
        const SHOWN: usize = 30;
        let labels: Vec<String> = items.iter().filter_map(label).take(SHOWN).collect();
        let listing = match labels.len() {
            0 => "这个列表中的项没有 id 或标题".to_string(),
            n if items.len() > n && n == SHOWN => {
                format!("这个列表中有：{} 等 {} 项", labels.join("、"), items.len())
            }
            _ => format!("这个列表中有：{}", labels.join("、")),
        };
        Index { by_key, listing }
    }

    /// The index of the one item named `key`; a finding at `here` if none or several are.
    fn find(&self, key: &str, here: &Origin, findings: &mut Vec<Finding>) -> Option<usize> {
        let key = normalize(key);
        match self.by_key.get(&key).map(Vec::as_slice) {
            Some([i]) => Some(*i),
            None | Some([]) => {
                findings.push(here.finding(format!(
                    "基础方案的这个列表中没有 id 或标题为「{key}」的一项（no item with this id or title）；{}",
                    self.listing
                )));
                None
            }
            Some(several) => {
                findings.push(here.finding(format!(
                    "这个列表中有 {} 项都叫「{key}」，请给它们写上不同的 id（ambiguous: give the items ids）",
                    several.len()
                )));
                None
            }
        }
    }
}

/// The keys an item answers to, normalised as texts are.
fn keys(item: &Value) -> Vec<String> {
    match item {
        Value::Object(map) => ["id", "title", "lead"]
            .iter()
            .filter_map(|field| map.get(*field).and_then(Value::as_str))
            .map(normalize)
            .filter(|k| !k.is_empty())
            .collect(),
        Value::String(s) => std::iter::once(s.clone())
            .chain(Part::from_key(s).map(|p| p.default_title().to_string()))
            .collect(),
        _ => Vec::new(),
    }
}

/// How an item is named in a message: its id, else its title.
fn label(item: &Value) -> Option<String> {
    match item {
        Value::Object(map) => ["id", "title", "lead"]
            .iter()
            .find_map(|f| map.get(*f).and_then(Value::as_str).filter(|s| !s.trim().is_empty()))
            .map(normalize),
        Value::String(s) => Some(match Part::from_key(s) {
            Some(p) => format!("{s}（{}）", p.default_title()),
            None => s.clone(),
        }),
        _ => None,
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
    fill(value, &String::new, &values, findings);
}

/// Fill one value; `path` makes its field path, only when there is something to report (the
/// walk touches every value of the plan, and most have nothing to fill).
fn fill(value: &mut Value, path: &dyn Fn() -> String, values: &[(&str, Option<String>)], findings: &mut Vec<Finding>) {
    match value {
        Value::String(s) if s.contains("{{") => *s = fill_text(s, path, values, findings),
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                fill(item, &|| format!("{}[{i}]", path()), values, findings);
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                fill(item, &|| join_key(&path(), key), values, findings);
            }
        }
        _ => {}
    }
}

fn fill_text(
    text: &str,
    path: &dyn Fn() -> String,
    values: &[(&str, Option<String>)],
    findings: &mut Vec<Finding>,
) -> String {
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
                findings.push(Finding::new(
                    path(),
                    format!(
                        "占位符 {{{{ {name} }}}} 没有可填的值：请在 document.{name} 中填写（placeholder has no value）"
                    ),
                ));
                out.push_str(&rest[start..start + 2 + end + 2]);
            }
            None if is_name => {
                findings.push(Finding::new(
                    path(),
                    format!(
                        "未知的占位符 {{{{ {name} }}}}（unknown placeholder）；可用：{}",
                        PLACEHOLDERS
                            .iter()
                            .map(|p| format!("{{{{ {p} }}}}"))
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                ));
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

    /// Merge `files` in order (0 the root base) and return the tree and its findings.
    fn merged(files: &[Value]) -> Merged {
        let mut m = Merged::new(0);
        for (i, f) in files.iter().enumerate() {
            m.apply(i, f.clone());
        }
        m
    }

    #[test]
    fn mappings_merge_lists_replace_append_and_patch() {
        let base = json!({"document": {"town": "XX镇", "county": "XX县"}, "principles": [{"title": "a"}, {"title": "b"}], "number": "1号"});
        let over = json!({"document": {"town": "新河镇"}, "principles+": [{"title": "c"}], "number": null});
        let m = merged(&[base.clone(), over]);
        assert_eq!(
            m.value,
            json!({"document": {"town": "新河镇", "county": "XX县"}, "principles": [{"title": "a"}, {"title": "b"}, {"title": "c"}]})
        );
        assert!(m.findings.is_empty());
        assert_eq!(
            m.provenance.locate("principles[2].title"),
            Origin::new(1, "principles+[0].title")
        );
        assert_eq!(
            m.provenance.locate("principles[1].title"),
            Origin::new(0, "principles[1].title")
        );
        assert_eq!(m.provenance.locate("document.town"), Origin::new(1, "document.town"));
        assert_eq!(
            m.provenance.locate("document.county"),
            Origin::new(0, "document.county")
        );

        let m = merged(&[base.clone(), json!({"principles": {"1": {"title": "B"}}})]);
        assert_eq!(m.value["principles"][1], json!({"title": "B"}));
        assert_eq!(
            m.provenance.locate("principles[1].title"),
            Origin::new(1, "principles.1.title")
        );
        let m = merged(&[base.clone(), json!({"principles": [{"title": "only"}]})]);
        assert_eq!(m.value["principles"], json!([{"title": "only"}]));
        let m = merged(&[base, json!({"principles": {"5": {"title": "x"}}})]);
        assert_eq!(m.findings[0].path, "principles.5");
        assert_eq!(m.findings[0].file, Some(1));
    }

    fn titles(v: &Value) -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|i| match i {
                Value::String(s) => s.clone(),
                other => other["id"].as_str().or(other["title"].as_str()).unwrap().to_string(),
            })
            .collect()
    }

    #[test]
    fn items_are_addressed_by_id_or_title() {
        let base = json!({"sections": [
            {"id": "goals", "title": "工作目标"},
            {"title": "主要任务", "items": [{"title": "甲"}, {"title": "乙"}, {"title": "丙"}]},
            {"title": "工作要求"}
        ]});
        let over = json!({"sections": {
            "主要任务": {"items": {
                "insert_after": {"甲": [{"title": "甲二"}]},
                "insert_before": {"甲": {"title": "甲前"}},
                "remove": "乙",
                "order": ["丙", "甲"],
                "丙": {"body": "新"}
            }},
            "goals": {"title": "目标任务"},
            "replace": {"工作要求": {"title": "纪律要求"}},
        }});
        let m = merged(&[base, over]);
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        assert_eq!(titles(&m.value["sections"]), ["goals", "主要任务", "纪律要求"]);
        assert_eq!(m.value["sections"][0]["title"], "目标任务");
        assert_eq!(titles(&m.value["sections"][1]["items"]), ["甲前", "丙", "甲", "甲二"]);
        assert_eq!(m.value["sections"][1]["items"][1]["body"], "新");
        // Each item is still traced to where it was written.
        let at = |p: &str| m.provenance.locate(p);
        assert_eq!(
            at("sections[1].items[0].title"),
            Origin::new(1, "sections.主要任务.items.insert_before.甲.title")
        );
        assert_eq!(
            at("sections[1].items[1].title"),
            Origin::new(0, "sections[1].items[2].title")
        );
        assert_eq!(
            at("sections[1].items[1].body"),
            Origin::new(1, "sections.主要任务.items.丙.body")
        );
        assert_eq!(at("sections[1].items[2]"), Origin::new(0, "sections[1].items[0]"));
        assert_eq!(
            at("sections[1].items[3].title"),
            Origin::new(1, "sections.主要任务.items.insert_after.甲[0].title")
        );
        assert_eq!(
            at("sections[2].title"),
            Origin::new(1, "sections.replace.工作要求.title")
        );
    }

    #[test]
    fn a_missing_or_ambiguous_target_is_reported_where_the_variant_names_it() {
        let base = json!({"sections": [{"title": "甲"}, {"title": "乙"}, {"title": "乙"}]});
        let over = json!({"sections": {"remove": ["丁", "乙"], "insert_after": {"戊": []}, "丙": {"body": "x"}}});
        let m = merged(&[base, over]);
        let paths: Vec<&str> = m.findings.iter().map(|f| f.path.as_str()).collect();
        assert_eq!(
            paths,
            [
                "sections.丙",
                "sections.insert_after.戊",
                "sections.remove[0]",
                "sections.remove[1]"
            ]
        );
        assert!(m.findings[0].message.contains("这个列表中有：甲、乙、乙"));
        assert!(m.findings[3].message.contains("不同的 id"));
        assert!(m.findings.iter().all(|f| f.file == Some(1)));
    }

    #[test]
    fn editing_an_implicit_outline_edits_the_samples_and_a_part_taken_out_takes_its_content() {
        let base = json!({"principles": [{"title": "a"}], "safeguards": [{"title": "s"}]});
        let over = json!({"sections": {"remove": ["基本原则"], "insert_after": {"safeguards": {"title": "工作要求"}}}});
        let m = merged(&[base, over]);
        assert!(m.findings.is_empty(), "{:?}", m.findings);
        assert_eq!(
            titles(&m.value["sections"]),
            ["guiding_ideology", "main_work", "creation", "safeguards", "工作要求"]
        );
        assert!(m.value.get("principles").is_none());
        assert!(m.value.get("safeguards").is_some());
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
