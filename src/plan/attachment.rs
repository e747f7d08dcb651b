//! 附件: attachments as the plan gives them. A name alone is listed in the 附件说明; a name with
//! content is also set on pages of its own after the signature (GB/T 9704 8.1): paragraphs,
//! tables written out or derived from the plan (the leading group, the task breakdown), and
//! Markdown files.

use super::model::{LeadingGroup, Plan};
use super::text::Text;
use super::validate::Finding;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One attachment: `创建工作任务分解表` (a name), or `{ title, content }`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attachment {
    /// 附件名称: as in the 附件说明, and the title of the attachment's first page.
    pub title: Text,
    /// What the attachment's pages hold; empty for an attachment named only.
    pub content: Vec<Content>,
    /// Written as a mapping (`{ title, … }`) rather than a bare name: where messages point.
    pub mapping: bool,
}

/// A piece of an attachment.
#[derive(Clone, Debug, PartialEq)]
pub enum Content {
    /// A body paragraph.
    Paragraph(Text),
    Table(TableSpec),
    /// A Markdown file (relative to the plan that names it), set as the attachment's content.
    Markdown(MarkdownFile),
}

/// A table: columns and rows written out, or derived from the plan (`from`).
#[derive(Clone, Debug, Default, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct TableSpec {
    /// 表格来自方案中的数据：leading_group（领导小组成员名单：序号、姓名、职务、组内职务）；tasks（任务分解表：序号、工作任务、牵头单位、责任单位、完成时限，取自各部分中写了牵头单位、责任单位或完成时限的工作）。
    pub from: Option<Text>,
    /// 表头：每列一个。
    pub columns: Vec<Text>,
    /// 每行一个列表，格数与表头相同。
    pub rows: Vec<Vec<Text>>,
    /// true：自动加一列“序号”（1、2、3……按位置编号，不必手写）。
    pub numbered: bool,
}

/// A Markdown file named by an attachment, read when the plan is loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MarkdownFile {
    /// As written, relative to the plan file (made relative to the working folder on load).
    pub path: String,
    /// The file's text, once read.
    pub text: String,
}

/// The tables a plan can derive: (name in `from:`, what it is).
pub const DERIVED: &[(&str, &str)] = &[("leading_group", "领导小组成员名单"), ("tasks", "任务分解表")];

impl TableSpec {
    /// The header and rows as printed: the 序号 column first when `numbered`.
    pub fn cells(&self) -> (Vec<String>, Vec<Vec<String>>) {
        let mut header: Vec<String> = self.columns.iter().map(Text::to_string).collect();
        let mut rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| r.iter().map(Text::to_string).collect())
            .collect();
        if self.numbered {
            header.insert(0, "序号".into());
            for (i, row) in rows.iter_mut().enumerate() {
                row.insert(0, (i + 1).to_string());
            }
        }
        (header, rows)
    }

    /// Fill a derived table's columns and rows from the plan (people resolved).
    fn derive(&mut self, plan: &Plan) {
        match self.from.as_ref().map(Text::as_str) {
            Some("leading_group") => {
                if self.columns.is_empty() {
                    self.columns = ["姓名", "职务", "组内职务"].map(Text::new).to_vec();
                }
                self.rows = leading_group(plan).map(leading_group_rows).unwrap_or_default();
            }
            Some("tasks") => {
                if self.columns.is_empty() {
                    self.columns = ["工作任务", "牵头单位", "责任单位", "完成时限"].map(Text::new).to_vec();
                }
                self.rows = task_rows(plan);
            }
            _ => return,
        }
        self.numbered = true;
    }
}

/// The leading group the document prints first: the sample's (its 主要工作内容), or in the open
/// outline the first section that sets up a working organisation.
fn leading_group(plan: &Plan) -> Option<&LeadingGroup> {
    use super::outline::{Entry, Part};
    let nonempty = |g: &LeadingGroup| g.roles().iter().any(|(_, _, people)| !people.is_empty());
    let mut found = None;
    for entry in &plan.sections {
        match entry {
            Entry::Part(Part::MainWork) => found = Some(&plan.organization.leading_group),
            Entry::Section(_) => {
                let mut first = None;
                super::outline::walk(std::slice::from_ref(entry), &mut |_, _, s| {
                    if first.is_none()
                        && let Some(org) = &s.organization
                        && nonempty(&org.leading_group)
                    {
                        first = Some(&org.leading_group);
                    }
                });
                found = first;
            }
            Entry::Part(_) => {}
        }
        if found.is_some_and(nonempty) {
            return found;
        }
    }
    None
}

/// 姓名、职务、组内职务 for each member, in the group's order.
fn leading_group_rows(group: &LeadingGroup) -> Vec<Vec<Text>> {
    group
        .roles()
        .into_iter()
        .flat_map(|(_, role, people)| {
            people.iter().filter_map(move |r| {
                let p = r.person()?;
                let posts: Vec<String> = p.posts.iter().map(ToString::to_string).collect();
                Some(vec![p.name.clone(), Text::new(&posts.join("、")), Text::new(role)])
            })
        })
        .collect()
}

/// 工作任务、牵头单位、责任单位、完成时限 for each section of the outline that names any of the
/// three (a task, wherever it stands: an item, a stage's task), in the document's order. The
/// task is its title, or its text when it has none; the deadline as the body prints it.
fn task_rows(plan: &Plan) -> Vec<Vec<Text>> {
    let year = plan.document.year;
    let names = |list: &[Text]| Text::new(&list.iter().map(Text::as_str).collect::<Vec<_>>().join("、"));
    let mut rows = Vec::new();
    super::outline::walk(&plan.sections, &mut |_, _, s| {
        if s.lead_units.is_empty() && s.units.is_empty() && s.deadline.raw.is_empty() {
            return;
        }
        let task = if s.title.is_empty() {
            s.body.render()
        } else {
            s.title.to_string()
        };
        rows.push(vec![
            Text::new(task.trim_end_matches(['。', '；', '，'])),
            names(&s.lead_units),
            names(&s.units),
            Text::new(&s.deadline.text(year)),
        ]);
    });
    rows
}

/// Derive every table that says `from:`, once people are resolved.
pub fn derive_tables(plan: &mut Plan) {
    let mut attachments = std::mem::take(&mut plan.document.attachments);
    for attachment in &mut attachments {
        for content in &mut attachment.content {
            if let Content::Table(table) = content {
                table.derive(plan);
            }
        }
    }
    plan.document.attachments = attachments;
}

/// Make the Markdown files named in `value` (one plan file's YAML tree) relative to the
/// working folder, as `relative` does for the file that names them.
pub fn markdown_paths(value: &mut serde_json::Value, relative: &dyn Fn(&str) -> String) {
    let Some(serde_json::Value::Array(list)) = value.pointer_mut("/document/attachments") else {
        return;
    };
    for attachment in list {
        let Some(serde_json::Value::Array(content)) = attachment.get_mut("content") else {
            continue;
        };
        for item in content {
            if let Some(serde_json::Value::String(p)) = item.get_mut("markdown") {
                *p = relative(p);
            }
        }
    }
}

/// Read every Markdown file the attachments name, through `read` (the file system or a git
/// revision, byte-capped); the problems as (field path, message).
pub fn read_markdown(
    plan: &mut Plan,
    read: &dyn Fn(&std::path::Path) -> Result<String, crate::diagnostic::Diagnostic>,
) -> Vec<(String, String)> {
    let mut problems = Vec::new();
    for (i, attachment) in plan.document.attachments.iter_mut().enumerate() {
        for (k, content) in attachment.content.iter_mut().enumerate() {
            let Content::Markdown(file) = content else { continue };
            if file.path.is_empty() {
                continue; // reported by validation
            }
            match read(std::path::Path::new(&file.path)) {
                Ok(text) => file.text = text,
                Err(d) => problems.push((
                    format!("document.attachments[{i}].content[{k}].markdown"),
                    format!("附件的 Markdown 文件 {}：{}", file.path, d.message),
                )),
            }
        }
    }
    problems
}

/// What validation checks in the attachments.
pub fn validate(plan: &Plan, out: &mut Vec<Finding>) {
    let mut push = |path: String, message: String| out.push(Finding::new(path, message));
    for (i, a) in plan.document.attachments.iter().enumerate() {
        let at = format!("document.attachments[{i}]");
        if a.title.is_empty() {
            let path = if a.mapping { format!("{at}.title") } else { at.clone() };
            push(path, "不能为空：请填写附件名称（required: attachment name）".into());
        }
        for (k, content) in a.content.iter().enumerate() {
            let at = format!("{at}.content[{k}]");
            match content {
                Content::Paragraph(t) if t.is_empty() => {
                    push(at, "段落不能为空（empty paragraph）".into());
                }
                Content::Table(t) => {
                    validate_table(t, &format!("{at}.table"), &mut push);
                    if t.from.as_ref().map(Text::as_str) == Some("leading_group") && leading_group(plan).is_none() {
                        push(
                            format!("{at}.table"),
                            "领导小组名单没有人员：方案中没有写领导小组（organization.leading_group，或 sections 中某部分的 organization）\
                             （the table lists the leading group; the plan has none）"
                                .into(),
                        );
                    }
                    if t.from.as_ref().map(Text::as_str) == Some("tasks") && task_rows(plan).is_empty() {
                        push(
                            format!("{at}.table"),
                            "任务分解表没有任务：sections 中没有写 lead_units、units 或 deadline 的工作\
                             （the task breakdown is derived from the outline's tasks; there are none）"
                                .into(),
                        );
                    }
                }
                Content::Markdown(m) if m.path.is_empty() => {
                    push(
                        format!("{at}.markdown"),
                        "请填写 Markdown 文件的路径（required: a file path）".into(),
                    );
                }
                _ => {}
            }
        }
    }
}

fn validate_table(t: &TableSpec, at: &str, push: &mut dyn FnMut(String, String)) {
    if let Some(from) = &t.from {
        if !DERIVED.iter().any(|(name, _)| *name == from.as_str()) {
            let known: Vec<String> = DERIVED.iter().map(|(n, what)| format!("{n}（{what}）")).collect();
            push(
                format!("{at}.from"),
                format!(
                    "没有这种表格「{from}」（unknown derived table）；可用：{}",
                    known.join("、")
                ),
            );
        }
        if !t.rows.is_empty() {
            push(
                format!("{at}.rows"),
                "表格的行由 from 生成，不能再写 rows（rows come from `from`）".into(),
            );
        }
        return;
    }
    if t.columns.is_empty() {
        push(
            format!("{at}.columns"),
            "表格没有表头：请写 columns（a table needs its columns）".into(),
        );
        return;
    }
    for (r, row) in t.rows.iter().enumerate() {
        if row.len() != t.columns.len() {
            push(
                format!("{at}.rows[{r}]"),
                format!(
                    "这一行有 {} 格，表头有 {} 列（a row must have one cell per column）",
                    row.len(),
                    t.columns.len()
                ),
            );
        }
    }
    for (c, column) in t.columns.iter().enumerate() {
        if column.is_empty() {
            push(format!("{at}.columns[{c}]"), "列名不能为空（empty column name）".into());
        }
    }
}

impl<'de> Deserialize<'de> for Attachment {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Default, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        struct Fields {
            title: Text,
            content: Vec<Content>,
        }
        struct AttachmentVisitor;
        impl<'de> Visitor<'de> for AttachmentVisitor {
            type Value = Attachment;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("附件：名称，或 { title, content }（an attachment: a name, or a title with content）")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Attachment, E> {
                Ok(Attachment {
                    title: Text::new(v),
                    ..Attachment::default()
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Attachment, E> {
                Ok(Attachment::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Attachment, A::Error> {
                let f = Fields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Attachment {
                    title: f.title,
                    content: f.content,
                    mapping: true,
                })
            }
        }
        d.deserialize_any(AttachmentVisitor)
    }
}

impl<'de> Deserialize<'de> for Content {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ContentVisitor;
        impl<'de> Visitor<'de> for ContentVisitor {
            type Value = Content;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "附件内容：一段文字，或 table: …，或 markdown: 文件（a paragraph, a table or a Markdown file）",
                )
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Content, E> {
                Ok(Content::Paragraph(Text::new(v)))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Content, A::Error> {
                const FIELDS: &[&str] = &["table", "markdown"];
                let Some(key) = map.next_key::<String>()? else {
                    return Err(de::Error::missing_field("table"));
                };
                let content = match key.as_str() {
                    "table" => Content::Table(map.next_value::<TableForm>()?.0),
                    "markdown" => Content::Markdown(MarkdownFile {
                        path: map.next_value::<String>()?.trim().to_string(),
                        text: String::new(),
                    }),
                    other => return Err(de::Error::unknown_field(other, FIELDS)),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "一项内容只能是 table 或 markdown 之一，多了 `{extra}`（one of table or markdown per item）"
                    )));
                }
                Ok(content)
            }
        }
        d.deserialize_any(ContentVisitor)
    }
}

/// `table: leading_group` is short for `table: { from: leading_group }`.
struct TableForm(TableSpec);

impl<'de> Deserialize<'de> for TableForm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct FormVisitor;
        impl<'de> Visitor<'de> for FormVisitor {
            type Value = TableForm;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("表格：{ columns, rows }，或 leading_group、tasks（a table, or the name of a derived one）")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<TableForm, E> {
                Ok(TableForm(TableSpec {
                    from: Some(Text::new(v)),
                    ..TableSpec::default()
                }))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<TableForm, A::Error> {
                TableSpec::deserialize(de::value::MapAccessDeserializer::new(map)).map(TableForm)
            }
        }
        d.deserialize_any(FormVisitor)
    }
}

impl Serialize for Attachment {
    /// Templates see `{ title, content }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(2))?;
        m.serialize_entry("title", &self.title)?;
        m.serialize_entry("content", &self.content)?;
        m.end()
    }
}

impl Serialize for Content {
    /// Templates see `{ kind: paragraph, text }`, `{ kind: table, columns, rows }` (as printed,
    /// 序号 included) or `{ kind: markdown, text }` (the file's Markdown, not escaped).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Content::Paragraph(t) => {
                m.serialize_entry("kind", "paragraph")?;
                m.serialize_entry("text", t)?;
            }
            Content::Table(t) => {
                let (columns, rows) = t.cells();
                m.serialize_entry("kind", "table")?;
                m.serialize_entry("columns", &columns)?;
                m.serialize_entry("rows", &rows)?;
            }
            Content::Markdown(f) => {
                m.serialize_entry("kind", "markdown")?;
                m.serialize_entry("text", &f.text)?;
            }
        }
        m.end()
    }
}

mod schema {
    use super::{Attachment, Content, TableSpec};
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for Attachment {
        fn schema_name() -> Cow<'static, str> {
            "Attachment".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let content = generator.subschema_for::<Vec<Content>>();
            json_schema!({
                "description": "附件：只写名称（列入附件说明），或 { title, content }（另起一页排出附件内容）",
                "oneOf": [
                    { "type": "string" },
                    { "type": "object", "additionalProperties": false,
                      "properties": {
                          "title": { "type": "string", "description": "附件名称，末尾不加标点" },
                          "content": content
                      } }
                ]
            })
        }
    }

    impl JsonSchema for Content {
        fn schema_name() -> Cow<'static, str> {
            "AttachmentContent".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let table = generator.subschema_for::<TableSpec>();
            json_schema!({
                "description": "附件内容：一段文字；table（表格：写出 columns 和 rows，或 leading_group、tasks）；markdown（Markdown 文件的路径）",
                "oneOf": [
                    { "type": "string" },
                    { "type": "object", "additionalProperties": false, "required": ["table"],
                      "properties": { "table": { "oneOf": [ { "type": "string", "enum": ["leading_group", "tasks"] }, table ] } } },
                    { "type": "object", "additionalProperties": false, "required": ["markdown"],
                      "properties": { "markdown": { "type": "string", "description": "Markdown 文件，相对于方案文件" } } }
                ]
            })
        }
    }
}
