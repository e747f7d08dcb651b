//! The plan model: everything a 工作方案 says, as data.
//!
//! Section and item numbers (一、（一）1.（1）一是) are never stored: the templates number by
//! position. Fields default to empty so that validation can report every missing field at once
//! instead of the parser stopping at the first.

use super::outline::{Entry, default_outline};
use super::prose::Prose;
use super::text::Text;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// 工作方案（a work plan）.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Plan {
    /// 文件信息：标题、镇名、县名、年度、发文机关、成文日期等（the document's particulars）
    pub document: Document,
    /// 正文各部分，按顺序编为一、二、三……：样例方案的部分名称（guiding_ideology、principles、
    /// main_work、creation、safeguards，内容写在同名字段中），或写出标题和内容的一部分
    /// { id, title, body, paragraphs, points, organization, items, stages }。不写时即样例方案的
    /// 五个部分（the outline: built-in part names or sections written out）。
    #[serde(default = "default_outline")]
    pub sections: Vec<Entry>,
    /// 开头段落：写在“一、”之前，例如“为……，结合我镇实际，制定本方案。”（paragraphs before
    /// the first section）
    pub preamble: Vec<Prose>,
    /// 本方案自己的模板文件夹（相对于写它的文件），变体沿用，除非另写（a template folder for
    /// this plan, relative to the file that names it）。
    pub templates: Text,
    /// 样例方案各部分的标题（可选），默认即样例的文字（headings of the sample's parts）
    pub headings: Headings,
    /// 指导思想（样例方案的部分 guiding_ideology）：每项一段（paragraphs）
    pub guiding_ideology: Vec<Text>,
    /// 基本原则（部分 principles）：排成“（一）标题。正文”（principles）
    pub principles: Vec<Item>,
    /// 主要工作内容（一）的工作机构（部分 main_work）：领导小组和办公室（the working organisation）
    pub organization: Organization,
    /// 主要工作内容（二）的工作重点（部分 main_work）：排成“一是……二是……”（work priorities）
    pub priorities: Vec<Priority>,
    /// 创建内容（部分 creation）：引言和各项（creation contents）
    pub creation: Creation,
    /// 保障措施（部分 safeguards）：每项一个小标题加一段正文（safeguards）
    pub safeguards: Vec<Item>,
    /// PDF 各角色的字体文件（title、body、heading1、heading2、page_number），写成 路径 或
    /// 路径#序号，相对于方案文件；不写的自动查找（font file per role）
    pub fonts: BTreeMap<String, Text>,
    /// 人员名单：编号 → 姓名和职务，每人写一次；也可放在 roster: 指定的名单文件里，本方案的
    /// people 优先（the roster: every person by id）
    pub people: BTreeMap<String, Person>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Document {
    /// 标题.
    pub title: Text,
    /// The town's full name, e.g. XX镇.
    pub town: Text,
    /// The county's full name, e.g. XX县.
    pub county: Text,
    /// The province, as campaign names use it (美丽XX·宜居乡村); optional.
    pub province: Text,
    /// 方案年度，例如 2024（the year the plan is for）
    pub year: Option<i64>,
    /// 发文机关署名: one line per issuing organ, the leading organ first.
    pub issuers: Vec<Text>,
    /// 成文日期: 2021-03-15 or 2021年3月15日.
    pub date: PlanDate,
    /// 发文字号, e.g. 镇委发〔2021〕5号.
    pub number: Text,
    /// 主送机关, e.g. 各村（社区）、镇属各部门.
    pub addressee: Text,
    /// 附件: a name (listed in the 附件说明), or `{ title, content }` set on pages of its own.
    pub attachments: Vec<super::attachment::Attachment>,
    /// 抄送: organs receiving a copy.
    pub copy_to: Vec<Text>,
    /// 版头（可选）：发文机关标志（红色）、份号、密级、紧急程度、签发人；有版头时须有发文字号。
    pub masthead: Option<super::issued::Masthead>,
    /// 印发通知（可选）：以“关于印发《…》的通知”印发本方案，方案作为通知的附件或排在其后。
    pub notice: Option<super::issued::Notice>,
    /// 加盖印章：每个发文机关一个 PNG 印章图片（相对于方案文件），"" 表示只留盖章的位置。
    pub seals: Vec<String>,
    /// 版记中的印发机关和印发日期（可选），如 { office: XX镇党政办公室, date: 2021-03-18 }。
    pub printed_by: Option<super::issued::PrintedBy>,
}

/// 样例方案各部分的标题，末尾不加标点（headings of the sample's parts）.
#[derive(Clone, Debug, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Headings {
    /// 默认“指导思想”
    pub guiding_ideology: Text,
    /// 默认“基本原则”
    pub principles: Text,
    /// 默认“主要工作内容”
    pub main_work: Text,
    /// 主要工作内容下的（一），默认“组建创建工作机构”
    pub organization: Text,
    /// 主要工作内容下的（二），默认“工作重点”
    pub priorities: Text,
    /// 默认“创建内容”
    pub creation: Text,
    /// 默认“保障措施”
    pub safeguards: Text,
}

impl Default for Headings {
    fn default() -> Self {
        Headings {
            guiding_ideology: Text::new("指导思想"),
            principles: Text::new("基本原则"),
            main_work: Text::new("主要工作内容"),
            organization: Text::new("组建创建工作机构"),
            priorities: Text::new("工作重点"),
            creation: Text::new("创建内容"),
            safeguards: Text::new("保障措施"),
        }
    }
}

/// 样例方案中带标题的一项：一条原则、一项创建内容、一条保障措施（a numbered item）.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Item {
    /// 编号（可选），变体按它（或按标题）找到这一项（a stable key for variants）
    pub id: Text,
    /// 标题，末尾不加标点（title）
    pub title: Text,
    /// 正文：一段文字，或由文字和量化指标组成的分句列表（body）
    pub body: Prose,
}

/// One work priority: 一是{lead}。{body}
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Priority {
    /// 编号（可选），变体按它（或按主题句）找到这一项（a stable key for variants）
    pub id: Text,
    /// 主题句，排在“一是”之后，末尾不加标点（lead sentence）
    pub lead: Text,
    /// 内容（body）
    pub body: Prose,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Creation {
    /// 引言段落（introduction）
    pub intro: Text,
    /// 各项，排成“（一）标题。正文”（items）
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Organization {
    /// 引言段落，以“组成人员如下：”结尾（the paragraph introducing the working body）
    pub intro: Text,
    /// 领导小组：组长、副组长、成员（the leading group）
    pub leading_group: LeadingGroup,
    /// 领导小组下设的办公室（the office）
    pub office: Office,
}

/// 领导小组.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct LeadingGroup {
    /// 组长.
    pub leaders: Vec<PersonRef>,
    /// 副组长.
    pub deputy_leaders: Vec<PersonRef>,
    /// 成员.
    pub members: Vec<PersonRef>,
}

impl LeadingGroup {
    /// The roles in document order, with their field names for error paths.
    pub fn roles(&self) -> [(&'static str, &'static str, &[PersonRef]); 3] {
        [
            ("leaders", "组长", &self.leaders),
            ("deputy_leaders", "副组长", &self.deputy_leaders),
            ("members", "成员", &self.members),
        ]
    }

    pub fn roles_mut(&mut self) -> [(&'static str, &mut Vec<PersonRef>); 3] {
        [
            ("leaders", &mut self.leaders),
            ("deputy_leaders", &mut self.deputy_leaders),
            ("members", &mut self.members),
        ]
    }
}

/// A person named in the plan: an id from the roster (`people:`), or written out in place.
#[derive(Clone, Debug, PartialEq)]
pub enum PersonRef {
    Id(String),
    Inline(Person),
}

impl Default for PersonRef {
    fn default() -> Self {
        PersonRef::Inline(Person::default())
    }
}

impl PersonRef {
    /// The person, once references are resolved (`Id` only before that, or if unknown).
    pub fn person(&self) -> Option<&Person> {
        match self {
            PersonRef::Inline(p) => Some(p),
            PersonRef::Id(_) => None,
        }
    }
}

impl<'de> Deserialize<'de> for PersonRef {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct RefVisitor;
        impl<'de> Visitor<'de> for RefVisitor {
            type Value = PersonRef;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("人员：人员名单中的编号，或 { name, posts }（a person id or a person）")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<PersonRef, E> {
                Ok(PersonRef::Id(v.trim().to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<PersonRef, E> {
                Ok(PersonRef::default())
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<PersonRef, A::Error> {
                Person::deserialize(de::value::MapAccessDeserializer::new(map)).map(PersonRef::Inline)
            }
        }
        d.deserialize_any(RefVisitor)
    }
}

impl Serialize for PersonRef {
    /// Templates see the person: `{ name, posts }`.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            PersonRef::Inline(p) => p.serialize(s),
            PersonRef::Id(id) => Person {
                name: Text::new(id),
                posts: Vec::new(),
            }
            .serialize(s),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Person {
    /// 姓名，不加“同志”（name）
    pub name: Text,
    /// 职务，按顺序用“、”连接；提名人选写成 { title: 镇长, nominee: true }（posts）
    pub posts: Vec<Post>,
}

/// A post (职务). Written as a plain string, or as `{ title: 镇长, nominee: true }` for a
/// nominee (提名人选), which the document prints as 镇长提名人选.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Post {
    pub title: Text,
    pub nominee: bool,
}

impl fmt::Display for Post {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title.as_str())?;
        if self.nominee {
            f.write_str("提名人选")?;
        }
        Ok(())
    }
}

impl Serialize for Post {
    /// Templates get the post as printed: 镇长提名人选.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Post {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Default, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        struct Fields {
            title: Text,
            nominee: bool,
        }
        struct PostVisitor;
        impl<'de> Visitor<'de> for PostVisitor {
            type Value = Post;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("职务：文字，或 { title: 镇长, nominee: true } (a post: text or a mapping)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Post, E> {
                Ok(Post {
                    title: Text::new(v),
                    nominee: false,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Post, A::Error> {
                let f = Fields::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Post {
                    title: f.title,
                    nominee: f.nominee,
                })
            }
        }
        d.deserialize_any(PostVisitor)
    }
}

/// 办公室: the leading group's office.
#[derive(Clone, Debug, Default, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Office {
    /// Where it sits (下设办公室在…).
    pub location: Text,
    /// The director (主任), who holds the post concurrently (兼任): a roster id, or, in a plan
    /// without a roster, the name.
    pub director: PersonRef,
    /// How many staff (工作人员) the office has.
    pub staff_count: Option<u32>,
    /// 文中列出的工作人员：人员名单中的编号（没有名单时写姓名），可少于 staff_count（staff named）
    pub staff: Vec<PersonRef>,
    /// What the staff do, read after their names: 负责创建工作日常事务.
    pub duties: Text,
}

/// 成文日期 as written in the plan. Parsed by validation, so a bad date is reported together with
/// the other problems; printed as 2021年3月15日.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlanDate {
    pub raw: Text,
}

impl PlanDate {
    /// (year, month, day) if the text is a real calendar date.
    pub fn parse(&self) -> Option<(i32, u32, u32)> {
        let s = self.raw.as_str();
        let parts: Vec<&str> = if s.contains('年') {
            let s = s.strip_suffix('日')?;
            let (y, rest) = s.split_once('年')?;
            let (m, d) = rest.split_once('月')?;
            vec![y, m, d]
        } else {
            s.split(['-', '/', '.']).collect()
        };
        let [y, m, d] = parts.as_slice() else { return None };
        let all_digits = |p: &str| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit());
        if !(all_digits(y) && all_digits(m) && all_digits(d)) || y.len() != 4 {
            return None;
        }
        let (y, m, d): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        let days = match m {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days).contains(&d).then_some((y, m, d))
    }

    /// A month and day without a year: 3月18日, 3-18, 3/18.
    pub fn lacks_year(&self) -> bool {
        let s = self.raw.as_str();
        let parts: Vec<&str> = if s.contains('月') {
            s.trim_end_matches('日').split('月').collect()
        } else {
            s.split(['-', '/', '.']).collect()
        };
        !s.contains('年')
            && parts.len() == 2
            && parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 2 && p.bytes().all(|b| b.is_ascii_digit()))
    }

    /// 2021年3月15日: Arabic numerals, full year, no zero padding (GB/T 9704).
    pub fn formatted(&self) -> Option<String> {
        self.parse().map(|(y, m, d)| format!("{y}年{m}月{d}日"))
    }
}

impl<'de> Deserialize<'de> for PlanDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(PlanDate {
            raw: Text::deserialize(d)?,
        })
    }
}

impl Serialize for PlanDate {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.formatted() {
            Some(f) => s.serialize_str(&f),
            None => self.raw.serialize(s),
        }
    }
}

/// Schemas for the types with hand-written deserializers: what each accepts.
mod schema {
    use super::{PersonRef, PlanDate, Post};
    use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
    use std::borrow::Cow;

    impl JsonSchema for Post {
        fn schema_name() -> Cow<'static, str> {
            "Post".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "职务：文字，或 { title: 镇长, nominee: true }（提名人选）",
                "oneOf": [
                    { "type": "string" },
                    { "type": "object", "additionalProperties": false,
                      "properties": { "title": { "type": "string" }, "nominee": { "type": "boolean" } } }
                ]
            })
        }
    }

    impl JsonSchema for PersonRef {
        fn schema_name() -> Cow<'static, str> {
            "PersonRef".into()
        }
        fn json_schema(generator: &mut SchemaGenerator) -> Schema {
            let person = generator.subschema_for::<super::Person>();
            json_schema!({
                "description": "人员：人员名单（people）中的编号，或 { name, posts }",
                "oneOf": [ { "type": "string" }, person ]
            })
        }
    }

    impl JsonSchema for PlanDate {
        fn schema_name() -> Cow<'static, str> {
            "PlanDate".into()
        }
        fn json_schema(_: &mut SchemaGenerator) -> Schema {
            json_schema!({
                "description": "成文日期：2021-03-15、2021/3/15、2021.3.15 或 2021年3月15日",
                "type": "string",
                "pattern": "^[0-9]{4}(-[0-9]{1,2}-[0-9]{1,2}|/[0-9]{1,2}/[0-9]{1,2}|\\.[0-9]{1,2}\\.[0-9]{1,2}|年[0-9]{1,2}月[0-9]{1,2}日)$"
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> Option<(i32, u32, u32)> {
        PlanDate { raw: Text::new(s) }.parse()
    }

    #[test]
    fn dates() {
        assert_eq!(date("2021-03-15"), Some((2021, 3, 15)));
        assert_eq!(date("2021年3月15日"), Some((2021, 3, 15)));
        assert_eq!(date("2024-02-29"), Some((2024, 2, 29)));
        assert_eq!(date("2021-02-29"), None);
        assert_eq!(date("2021-13-01"), None);
        assert_eq!(date("2021-04-31"), None);
        assert_eq!(date("21-04-01"), None);
        assert_eq!(date("二〇二一年三月"), None);
        assert_eq!(
            PlanDate {
                raw: Text::new("2021-03-05")
            }
            .formatted()
            .as_deref(),
            Some("2021年3月5日")
        );
    }
}
