//! The open outline: the body of a plan as an ordered list of sections.
//!
//! `sections:` lists the body's level-1 parts in order. An entry is either the name of one of
//! the sample's built-in parts, whose content stays in the old top-level fields
//! (`guiding_ideology`, `principles`, `main_work`, `creation`, `safeguards`), or a [`Section`]
//! written out in place: a heading and content — paragraphs, 一是/二是 points, the working
//! organisation, items one level down (（一）→ 1. → （1）), stages with dates, and for a task the
//! units responsible and the deadline. A plan without `sections:` has the sample's outline, so
//! every plan written before the outline was open reads as it did.
//!
//! Nothing here is numbered: the templates number by position.

use super::model::{Organization, Priority};
use super::prose::Prose;
use super::text::Text;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// One of the sample's parts, whose content is in the plan's top-level fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    GuidingIdeology,
    Principles,
    MainWork,
    Creation,
    Safeguards,
}

impl Part {
    /// In the sample's order, which is the outline of a plan without `sections:`.
    pub const ALL: [Part; 5] = [
        Part::GuidingIdeology,
        Part::Principles,
        Part::MainWork,
        Part::Creation,
        Part::Safeguards,
    ];

    /// The name written in `sections:`, also the key of its heading in `headings:`.
    pub fn key(self) -> &'static str {
        match self {
            Part::GuidingIdeology => "guiding_ideology",
            Part::Principles => "principles",
            Part::MainWork => "main_work",
            Part::Creation => "creation",
            Part::Safeguards => "safeguards",
        }
    }

    pub fn from_key(key: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The heading it has unless `headings:` says otherwise.
    pub fn default_title(self) -> &'static str {
        match self {
            Part::GuidingIdeology => "指导思想",
            Part::Principles => "基本原则",
            Part::MainWork => "主要工作内容",
            Part::Creation => "创建内容",
            Part::Safeguards => "保障措施",
        }
    }

    /// The top-level fields holding its content.
    pub fn fields(self) -> &'static [&'static str] {
        match self {
            Part::GuidingIdeology => &["guiding_ideology"],
            Part::Principles => &["principles"],
            Part::MainWork => &["organization", "priorities"],
            Part::Creation => &["creation"],
            Part::Safeguards => &["safeguards"],
        }
    }
}

/// An entry of `sections:`.
#[derive(Clone, Debug)]
pub enum Entry {
    Part(Part),
    Section(Box<Section>),
}

/// The outline of a plan that does not write `sections:`: the sample's.
pub fn default_outline() -> Vec<Entry> {
    Part::ALL.into_iter().map(Entry::Part).collect()
}

/// 下一级各项的排法（how the items under a section are set）.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ItemForm {
    /// 标题与正文同段：“（一）标题。正文”（run-in heading）
    #[default]
    RunIn,
    /// 标题单独成行，正文另起一段（heading on its own line）
    Headings,
}

/// 正文的一部分，任一级：一、下面的（一），（一）下面的1.，1.下面的（1）（a section at any level）.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Section {
    /// 编号（可选）：这一部分不变的名字，变体按它（或按标题）找到这一部分，例如 tasks、toilets（a stable key for variants）
    pub id: Text,
    /// 标题，末尾不加标点；序号（一、（一）1.（1））按位置自动生成（heading; never numbered by hand）
    pub title: Text,
    /// 正文：标题后的一段；“标题。正文”式时与标题同段。一段文字，或由文字和量化指标组成的分句列表（first paragraph）
    pub body: Prose,
    /// 更多段落，每段是文字或分句列表（more paragraphs）
    pub paragraphs: Vec<Prose>,
    /// 工作机构：领导小组（人员写人员名单中的编号）和办公室（leading group and office）
    pub organization: Option<Organization>,
    /// “一是……二是……”：每项 { lead: 主题句, body: 内容 }（enumeration read out as 一是/二是）
    pub points: Vec<Priority>,
    /// 下一级的各项：一、下面是（一），（一）下面是1.，1.下面是（1），最多四级（items one level down）
    pub items: Vec<Section>,
    /// 工作阶段（实施步骤）：名称、起止时间、工作任务（stages with dates）
    pub stages: Vec<Stage>,
    /// 下一级各项的排法：run_in 为“（一）标题。正文”，headings 为标题单独成行（how the items are set）
    pub items_as: ItemForm,
    /// 牵头单位（lead units），例如 [镇农业农村办]
    pub lead_units: Vec<Text>,
    /// 责任单位（units responsible），例如 [各村（社区）]
    pub units: Vec<Text>,
    /// 完成时限：2024-06（6月底前）、2024-06-15（6月15日前），或文字如 长期坚持（deadline）
    pub deadline: Deadline,
    /// Filled before templating: （牵头单位：…；责任单位：…；完成时限：…）, or empty.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub responsibility: String,
}

/// 实施步骤中的一个阶段：“（一）宣传发动阶段（2024年3月—4月）。正文”（a stage）.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Stage {
    /// 编号（可选），变体按它（或按名称）找到这一阶段（a stable key for variants）
    pub id: Text,
    /// 阶段名称，例如 宣传发动阶段（stage name）
    pub title: Text,
    /// 开始时间：2024-03（2024年3月）或 2024-03-01（start: a month or a day）
    pub start: DatePoint,
    /// 结束时间（可选）：2024-04 或 2024-04-30；不写则为“2024年3月起”（end）
    pub end: DatePoint,
    /// 这一阶段的工作，与标题同段（what the stage does）
    pub body: Prose,
    /// 更多段落（more paragraphs）
    pub paragraphs: Vec<Prose>,
    /// 这一阶段的工作任务，排在下一级（1. 2.），可写牵头单位、责任单位、完成时限（tasks）
    pub tasks: Vec<Section>,
    /// Filled before templating: 2024年3月—4月.
    #[serde(skip_deserializing)]
    #[schemars(skip)]
    pub period: String,
}

/// A month or a day as a plan writes it: 2024-03, 2024年3月, 2024-03-15, 2024年3月15日.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DatePoint {
    pub raw: Text,
}

/// A year, a month of a year, or a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Day {
    pub year: i32,
    pub month: Option<u32>,
    pub day: Option<u32>,
}

impl Day {
    /// The last day it covers, for comparing a start with an end (a month ends on its last day).
    fn end_key(self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }
    fn start_key(self) -> (i32, u32, u32) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// Whether `self`, a start, begins after `end` has ended.
    pub fn is_after(self, end: Day) -> bool {
        self.start_key() > end.end_key()
    }
}

impl DatePoint {
    /// The day, month or year written, if it is a real one.
    pub fn parse(&self) -> Option<Day> {
        parse_day(self.raw.as_str())
    }
}

/// 2024, 2024-03, 2024-3, 2024/03, 2024.03, 2024年3月, 2024年3月底, 2024-03-15, 2024年3月15日.
fn parse_day(s: &str) -> Option<Day> {
    let s = s.trim();
    let digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = if s.contains('年') {
        let s = s.trim_end_matches('前').trim_end_matches(['底', '末', '日']);
        let (y, rest) = s.split_once('年')?;
        if rest.is_empty() {
            vec![y]
        } else {
            let rest = rest.trim_end_matches('月');
            match rest.split_once('月') {
                Some((m, d)) => vec![y, m, d],
                None => vec![y, rest],
            }
        }
    } else {
        s.split(['-', '/', '.']).collect()
    };
    if !parts.iter().all(|p| digits(p)) || parts.first()?.len() != 4 {
        return None;
    }
    let year: i32 = parts[0].parse().ok()?;
    let month: Option<u32> = match parts.get(1) {
        Some(m) => Some(m.parse().ok().filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let day: Option<u32> = match (parts.get(2), month) {
        (Some(d), Some(m)) => {
            let d: u32 = d.parse().ok()?;
            (1..=days_in_month(year, m)).contains(&d).then_some(d)?;
            Some(d)
        }
        (None, _) => None,
        (Some(_), None) => return None,
    };
    if parts.len() > 3 || !(1949..=2200).contains(&year) {
        return None;
    }
    Some(Day { year, month, day })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        _ => 28,
    }
}

/// 2024年3月, 2024年3月15日, 2024年 (with the year) or 3月, 3月15日 (without).
fn write_day(d: Day, with_year: bool, out: &mut String) {
    use std::fmt::Write;
    if with_year || d.month.is_none() {
        let _ = write!(out, "{}年", d.year);
    }
    if let Some(m) = d.month {
        let _ = write!(out, "{m}月");
    }
    if let Some(day) = d.day {
        let _ = write!(out, "{day}日");
    }
}

/// A stage's dates as plans write them: 2024年3月—4月 (a range inside one year names the year
/// once), 2024年11月—2025年2月, 2024年3月1日—3月15日, 2024年3月 (one month), 2024年3月起 (no end).
pub fn period(start: Day, end: Option<Day>) -> String {
    let mut out = String::new();
    write_day(start, true, &mut out);
    match end {
        None => out.push('起'),
        Some(end) if end == start => {}
        Some(end) => {
            out.push('—');
            write_day(end, end.year != start.year, &mut out);
        }
    }
    out
}

/// 完成时限 as written: 6月底前, 6月15日前, 年底前; the year is named when it is not the plan's.
pub fn deadline_text(d: Day, plan_year: Option<i64>) -> String {
    let with_year = plan_year != Some(i64::from(d.year));
    let mut out = String::new();
    match (d.month, d.day) {
        (None, _) if with_year => out = format!("{}年底前", d.year),
        (None, _) => out.push_str("年底前"),
        (Some(_), None) => {
            write_day(d, with_year, &mut out);
            out.push_str("底前");
        }
        (Some(_), Some(_)) => {
            write_day(d, with_year, &mut out);
            out.push('前');
        }
    }
    out
}

/// 完成时限: a date (2024-06, 2024-06-15, 2024年6月底前) or words (长期坚持, 每季度).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Deadline {
    pub raw: Text,
}

/// What a deadline says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DeadlineKind {
    None,
    Date(Day),
    Words,
    /// Written like a date but not a real one (2024-13): reported by validation.
    BadDate,
}

impl Deadline {
    pub fn kind(&self) -> DeadlineKind {
        let s = self.raw.as_str();
        if s.is_empty() {
            return DeadlineKind::None;
        }
        let looks_like_date = s.chars().take(4).filter(char::is_ascii_digit).count() == 4
            && s.chars().nth(4).is_none_or(|c| matches!(c, '-' | '/' | '.' | '年'));
        match parse_day(s) {
            Some(d) => DeadlineKind::Date(d),
            None if looks_like_date => DeadlineKind::BadDate,
            None => DeadlineKind::Words,
        }
    }

    /// As printed, given the plan's year.
    pub fn text(&self, plan_year: Option<i64>) -> String {
        match self.kind() {
            DeadlineKind::Date(d) => deadline_text(d, plan_year),
            _ => self.raw.as_str().to_string(),
        }
    }
}

impl Section {
    /// （牵头单位：…；责任单位：…；完成时限：…）, or nothing for a section that is not a task.
    pub fn responsibility_line(&self, plan_year: Option<i64>) -> String {
        let mut parts: Vec<String> = Vec::new();
        let names = |list: &[Text]| list.iter().map(Text::as_str).collect::<Vec<_>>().join("、");
        if !self.lead_units.is_empty() {
            parts.push(format!("牵头单位：{}", names(&self.lead_units)));
        }
        if !self.units.is_empty() {
            parts.push(format!("责任单位：{}", names(&self.units)));
        }
        if !self.deadline.raw.is_empty() {
            parts.push(format!("完成时限：{}", self.deadline.text(plan_year)));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("（{}）", parts.join("；"))
        }
    }
}

/// Fill the text the templates print but the plan does not write: responsibility lines and
/// stage periods. Run on a validated plan.
pub fn prepare(entries: &mut [Entry], plan_year: Option<i64>) {
    fn section(s: &mut Section, year: Option<i64>) {
        s.responsibility = s.responsibility_line(year);
        for item in &mut s.items {
            section(item, year);
        }
        for stage in &mut s.stages {
            stage.period = match stage.start.parse() {
                Some(start) => period(start, stage.end.parse()),
                None => String::new(),
            };
            for task in &mut stage.tasks {
                section(task, year);
            }
        }
    }
    for entry in entries {
        if let Entry::Section(s) = entry {
            section(s, plan_year);
        }
    }
}

/// Every section of the outline, depth first, with its field path and level (1 for 一、).
pub fn walk<'a>(entries: &'a [Entry], visit: &mut dyn FnMut(&str, usize, &'a Section)) {
    fn go<'a>(path: &str, level: usize, s: &'a Section, visit: &mut dyn FnMut(&str, usize, &'a Section)) {
        visit(path, level, s);
        for (i, item) in s.items.iter().enumerate() {
            go(&format!("{path}.items[{i}]"), level + 1, item, visit);
        }
        for (i, stage) in s.stages.iter().enumerate() {
            for (k, task) in stage.tasks.iter().enumerate() {
                go(&format!("{path}.stages[{i}].tasks[{k}]"), level + 2, task, visit);
            }
        }
    }
    for (i, entry) in entries.iter().enumerate() {
        if let Entry::Section(s) = entry {
            go(&format!("sections[{i}]"), 1, s, visit);
        }
    }
}

/// The same walk with mutable access (resolving people).
pub fn walk_mut(entries: &mut [Entry], visit: &mut dyn FnMut(&str, &mut Section)) {
    fn go(path: &str, s: &mut Section, visit: &mut dyn FnMut(&str, &mut Section)) {
        visit(path, s);
        for (i, item) in s.items.iter_mut().enumerate() {
            go(&format!("{path}.items[{i}]"), item, visit);
        }
        for (i, stage) in s.stages.iter_mut().enumerate() {
            for (k, task) in stage.tasks.iter_mut().enumerate() {
                go(&format!("{path}.stages[{i}].tasks[{k}]"), task, visit);
            }
        }
    }
    for (i, entry) in entries.iter_mut().enumerate() {
        if let Entry::Section(s) = entry {
            go(&format!("sections[{i}]"), s, visit);
        }
    }
}

/// Every text the outline's sections print, with its field path (for lint).
pub fn texts(entries: &[Entry], push: &mut dyn FnMut(String, &Text)) {
    fn prose(path: &str, p: &Prose, push: &mut dyn FnMut(String, &Text)) {
        for (i, clause) in p.clauses.iter().enumerate() {
            match clause {
                super::prose::Clause::Text(t) if p.clauses.len() == 1 => push(path.to_string(), t),
                super::prose::Clause::Text(t) => push(format!("{path}[{i}]"), t),
                super::prose::Clause::Target(t) => {
                    push(format!("{path}[{i}].indicator"), &t.indicator);
                    push(format!("{path}[{i}].reference"), &t.reference);
                }
            }
        }
    }
    walk(entries, &mut |path, _, s| {
        push(format!("{path}.title"), &s.title);
        prose(&format!("{path}.body"), &s.body, push);
        for (i, p) in s.paragraphs.iter().enumerate() {
            prose(&format!("{path}.paragraphs[{i}]"), p, push);
        }
        for (i, p) in s.points.iter().enumerate() {
            push(format!("{path}.points[{i}].lead"), &p.lead);
            prose(&format!("{path}.points[{i}].body"), &p.body, push);
        }
        for (field, list) in [("lead_units", &s.lead_units), ("units", &s.units)] {
            for (i, t) in list.iter().enumerate() {
                push(format!("{path}.{field}[{i}]"), t);
            }
        }
        if let Some(org) = &s.organization {
            push(format!("{path}.organization.intro"), &org.intro);
            for (field, _, people) in org.leading_group.roles() {
                for (i, person) in people.iter().enumerate() {
                    for (k, post) in person
                        .person()
                        .map(|p| p.posts.as_slice())
                        .unwrap_or_default()
                        .iter()
                        .enumerate()
                    {
                        push(
                            format!("{path}.organization.leading_group.{field}[{i}].posts[{k}]"),
                            &post.title,
                        );
                    }
                }
            }
            push(format!("{path}.organization.office.location"), &org.office.location);
            push(format!("{path}.organization.office.duties"), &org.office.duties);
        }
        for (i, stage) in s.stages.iter().enumerate() {
            let base = format!("{path}.stages[{i}]");
            push(format!("{base}.title"), &stage.title);
            prose(&format!("{base}.body"), &stage.body, push);
            for (k, p) in stage.paragraphs.iter().enumerate() {
                prose(&format!("{base}.paragraphs[{k}]"), p, push);
            }
        }
    });
}

impl<'de> Deserialize<'de> for Entry {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct EntryVisitor;
        impl<'de> Visitor<'de> for EntryVisitor {
            type Value = Entry;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("一部分：样例方案的部分名称（如 principles），或 { title, body, items … }（a part name or a section）")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Entry, E> {
                Part::from_key(v.trim()).map(Entry::Part).ok_or_else(|| {
                    let names: Vec<&str> = Part::ALL.iter().map(|p| p.key()).collect();
                    E::custom(format!(
                        "没有名为「{v}」的部分（unknown part）：可写的部分名称有 {}，或写成 {{ title: 标题, body: 正文 }}",
                        names.join("、")
                    ))
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Entry, A::Error> {
                Section::deserialize(de::value::MapAccessDeserializer::new(map)).map(|s| Entry::Section(Box::new(s)))
            }
        }
        d.deserialize_any(EntryVisitor)
    }
}

impl Serialize for Entry {
    /// Templates see `{ part, section }`: `part` names a built-in part (empty for a section
    /// written out), `section` is the section (null for a built-in part).
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Entry", 2)?;
        match self {
            Entry::Part(p) => {
                st.serialize_field("part", p.key())?;
                st.serialize_field("section", &Option::<&Section>::None)?;
            }
            Entry::Section(section) => {
                st.serialize_field("part", "")?;
                st.serialize_field("section", section)?;
            }
        }
        st.end()
    }
}

/// A month or day as written, refusing what YAML turned into a fractional number: `2025.10`
/// reads as 2025.1, so its month is gone before gongwen sees it (it would print as January).
fn date_text<'de, D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
    struct DateVisitor;
    impl Visitor<'_> for DateVisitor {
        type Value = Text;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("日期，如 2024-06 或 2024-06-15（a date）")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
            Ok(Text::new(v))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Text, E> {
            Ok(Text::default())
        }
        fn visit_none<E: de::Error>(self) -> Result<Text, E> {
            Ok(Text::default())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
            Ok(Text::new(&v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
            Ok(Text::new(&v.to_string()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
            Err(E::custom(format!(
                "日期被当成了数字 {v}（2025.10 会读成 2025.1，月份就错了）：请写成 2025-10、2025-10-15 或 2025年10月\
                 （a date written with a dot is read as a number; write 2025-10）"
            )))
        }
    }
    d.deserialize_any(DateVisitor)
}

impl<'de> Deserialize<'de> for DatePoint {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(DatePoint { raw: date_text(d)? })
    }
}

impl Serialize for DatePoint {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Deadline {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(Deadline { raw: date_text(d)? })
    }
}

impl Serialize for Deadline {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.raw.serialize(s)
    }
}

mod schema {
    use super::{DatePoint, Deadline, Entry, Part};
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for Entry {
        fn schema_name() -> Cow<'static, str> {
            "Entry".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let section = generator.subschema_for::<super::Section>();
            let names: Vec<&str> = Part::ALL.iter().map(|p| p.key()).collect();
            json_schema!({
                "description": "正文的一部分（一、二、……）：样例方案的部分名称（内容写在同名的顶层字段中），或写出标题和内容的一部分",
                "oneOf": [
                    { "type": "string", "enum": names,
                      "description": "样例方案的部分：guiding_ideology 指导思想、principles 基本原则、main_work 主要工作内容、creation 创建内容、safeguards 保障措施" },
                    section
                ]
            })
        }
    }

    impl JsonSchema for DatePoint {
        fn schema_name() -> Cow<'static, str> {
            "DatePoint".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "时间：2024-03（2024年3月）、2024-03-15（2024年3月15日），也可写 2024年3月",
                "type": ["string", "number"]
            })
        }
    }

    impl JsonSchema for Deadline {
        fn schema_name() -> Cow<'static, str> {
            "Deadline".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "完成时限：2024-06 输出为“6月底前”，2024-06-15 为“6月15日前”（不是方案年度时带年份）；也可写文字，如 长期坚持",
                "type": ["string", "number"]
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        parse_day(s).unwrap_or_else(|| panic!("{s}"))
    }

    #[test]
    fn dates_in_the_forms_plans_use() {
        assert_eq!(
            day("2024-03"),
            Day {
                year: 2024,
                month: Some(3),
                day: None
            }
        );
        assert_eq!(day("2024年3月"), day("2024-3"));
        assert_eq!(day("2024年3月底前"), day("2024-03"));
        assert_eq!(day("2024年3月15日"), day("2024-03-15"));
        assert_eq!(
            day("2024"),
            Day {
                year: 2024,
                month: None,
                day: None
            }
        );
        for bad in ["2024-13", "2024-02-30", "24-03", "2024-03-15-1", "三月", ""] {
            assert_eq!(parse_day(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_range_inside_one_year_names_the_year_once() {
        assert_eq!(period(day("2024-03"), Some(day("2024-04"))), "2024年3月—4月");
        assert_eq!(period(day("2024-11"), Some(day("2025-02"))), "2024年11月—2025年2月");
        assert_eq!(
            period(day("2024-03-01"), Some(day("2024-03-15"))),
            "2024年3月1日—3月15日"
        );
        assert_eq!(period(day("2024-05"), Some(day("2024-05"))), "2024年5月");
        assert_eq!(period(day("2024-12"), None), "2024年12月起");
    }

    #[test]
    fn deadlines_read_as_plans_write_them() {
        assert_eq!(deadline_text(day("2024-03"), Some(2024)), "3月底前");
        assert_eq!(deadline_text(day("2024-06-15"), Some(2024)), "6月15日前");
        assert_eq!(deadline_text(day("2025-03"), Some(2024)), "2025年3月底前");
        assert_eq!(deadline_text(day("2024"), Some(2024)), "年底前");
        assert_eq!(deadline_text(day("2025"), Some(2024)), "2025年底前");
        let words = Deadline {
            raw: Text::new("长期坚持"),
        };
        assert_eq!(words.kind(), DeadlineKind::Words);
        assert_eq!(words.text(Some(2024)), "长期坚持");
        assert_eq!(
            Deadline {
                raw: Text::new("2024-13")
            }
            .kind(),
            DeadlineKind::BadDate
        );
    }

    #[test]
    fn responsibility_lines() {
        let s = Section {
            lead_units: vec![Text::new("镇农业农村办")],
            units: vec![Text::new("各村"), Text::new("镇财政所")],
            deadline: Deadline {
                raw: Text::new("2024-06"),
            },
            ..Section::default()
        };
        assert_eq!(
            s.responsibility_line(Some(2024)),
            "（牵头单位：镇农业农村办；责任单位：各村、镇财政所；完成时限：6月底前）"
        );
        assert_eq!(Section::default().responsibility_line(Some(2024)), "");
    }
}
