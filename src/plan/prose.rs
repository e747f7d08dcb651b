//! Prose with quantitative targets kept as data.
//!
//! A body is either one string or a list of clauses. A clause is text or a [`Target`]. Clauses
//! are joined with "，" unless the previous one already ends in punctuation, and the body ends
//! with "。" unless it already ends a sentence. So a clerk writes
//!
//! ```yaml
//! body:
//!   - 建成优势特色产业乡镇
//!   - { indicator: 高标准农田, comparator: 达…以上, value: 50, unit: "%" }
//! ```
//! and gets "建成优势特色产业乡镇，高标准农田达50%以上。"

use super::text::Text;
use serde::de::{self, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Prose {
    pub clauses: Vec<Clause>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Clause {
    Text(Text),
    Target(Target),
}

/// A quantitative target (量化指标), e.g. 高标准农田达50%以上.
#[derive(Clone, Debug, Default, PartialEq, Deserialize, Serialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Target {
    /// What is measured, as it reads before the figure: 高标准农田, 参保率.
    pub indicator: Text,
    /// How the figure is read: 达…以上, 大于…, 为… ("…" stands for the figure).
    pub comparator: Comparator,
    /// 数值，例如 95、1.54（the figure）
    pub value: Option<f64>,
    /// Unit after the figure: %, 万元, 个.
    pub unit: Text,
    /// A benchmark in words instead of a figure: 低于全县平均水平.
    pub reference: Text,
    /// 指标后断句（用“。”而不用“，”）（the sentence ends after this target）
    pub ends_sentence: bool,
}

/// The words around the figure: `prefix` figure `suffix`, as in 达 50% 以上.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Comparator {
    pub prefix: &'static str,
    pub suffix: &'static str,
}

/// The words before the figure, as targets in 工作方案 write them.
pub const COMPARATOR_PREFIXES: &[&str] = &[
    "",
    "达",
    "达到",
    "为",
    "占",
    "占比",
    "大于",
    "小于",
    "高于",
    "低于",
    "多于",
    "少于",
    "超过",
    "超",
    "不低于",
    "不高于",
    "不少于",
    "不多于",
    "不超过",
    "不大于",
    "不小于",
    "至少",
    "保持",
    "保持在",
    "稳定在",
    "控制在",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增长到",
    "增加到",
    "增至",
    "降低到",
    "降低至",
    "下降到",
    "降至",
    "减少到",
    "突破",
    "确保",
    "力争",
    "力争达到",
    "累计",
    "累计达",
    "在",
];
/// The words after the figure.
pub const COMPARATOR_SUFFIXES: &[&str] = &["", "以上", "以下", "以内", "左右", "及以上", "及以下"];

impl Comparator {
    /// Parse "达…以上". "……" and "..." are accepted for "…", since that is what an input method
    /// or an ASCII keyboard gives.
    pub fn parse(s: &str) -> Option<Self> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        let s = s.replace("……", "…").replace("...", "…");
        let (prefix, suffix) = s.split_once('…')?;
        Some(Comparator {
            prefix: COMPARATOR_PREFIXES.iter().find(|p| **p == prefix)?,
            suffix: COMPARATOR_SUFFIXES.iter().find(|p| **p == suffix)?,
        })
    }
    pub fn allowed_forms() -> String {
        let words = |list: &[&str]| {
            list.iter()
                .filter(|w| !w.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("、")
        };
        format!(
            "「…」前可写：{}；「…」后可写：{}",
            words(COMPARATOR_PREFIXES),
            words(COMPARATOR_SUFFIXES)
        )
    }
}

impl<'de> Deserialize<'de> for Comparator {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Comparator::parse(&s).ok_or_else(|| {
            de::Error::custom(format!(
                "比较方式「{s}」无法识别（unknown comparator）：用「…」代表数值，例如 达…以上、大于…、为…。{}",
                Comparator::allowed_forms()
            ))
        })
    }
}

impl Serialize for Comparator {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&format!("{}…{}", self.prefix, self.suffix))
    }
}

/// A figure as an official document writes it: 60, 1.54 (never 60.0).
pub fn format_figure(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{}", v as i64)
    } else {
        format!("{v}")
    }
}

impl Target {
    pub fn render(&self, out: &mut String) {
        out.push_str(self.indicator.as_str());
        out.push_str(self.comparator.prefix);
        match self.value {
            Some(v) => out.push_str(&format_figure(v)),
            None => out.push_str(self.reference.as_str()),
        }
        if self.value.is_some() {
            out.push_str(self.unit.as_str());
        }
        out.push_str(self.comparator.suffix);
    }
}

const JOINS_WITHOUT_COMMA: &[char] = &['。', '，', '；', '：', '！', '？', '、'];
/// A body ending in one of these needs no 。; a colon introduces what follows (组成人员如下：).
const ENDS_SENTENCE: &[char] = &['。', '！', '？', '：'];

impl Prose {
    pub fn is_empty(&self) -> bool {
        self.clauses.iter().all(|c| match c {
            Clause::Text(t) => t.is_empty(),
            Clause::Target(_) => false,
        })
    }

    pub fn targets(&self) -> impl Iterator<Item = (usize, &Target)> {
        self.clauses.iter().enumerate().filter_map(|(i, c)| match c {
            Clause::Target(t) => Some((i, t)),
            Clause::Text(_) => None,
        })
    }

    /// The finished sentence(s), punctuated.
    pub fn render(&self) -> String {
        let mut out = String::new();
        let mut target_ended_sentence = false;
        for clause in &self.clauses {
            if let Some(last) = out.chars().next_back()
                && !JOINS_WITHOUT_COMMA.contains(&last)
            {
                out.push('，');
            }
            target_ended_sentence = false;
            match clause {
                Clause::Text(t) => out.push_str(t.as_str()),
                Clause::Target(t) => {
                    t.render(&mut out);
                    if t.ends_sentence {
                        out.push('。');
                        target_ended_sentence = true;
                    }
                }
            }
        }
        let ends = out.chars().next_back();
        if !out.is_empty() && !target_ended_sentence && !ends.is_some_and(|c| ENDS_SENTENCE.contains(&c)) {
            out.push('。');
        }
        out
    }
}

impl Serialize for Prose {
    /// Templates get the finished text; the structured targets stay available to Rust code.
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.render())
    }
}

impl<'de> Deserialize<'de> for Prose {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ProseVisitor;
        impl<'de> Visitor<'de> for ProseVisitor {
            type Value = Prose;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("正文：一段文字，或由文字和指标组成的列表 (text, or a list of text and targets)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Prose, E> {
                Ok(Prose {
                    clauses: vec![Clause::Text(Text::new(v))],
                })
            }
            fn visit_unit<E: de::Error>(self) -> Result<Prose, E> {
                Ok(Prose::default())
            }
            fn visit_none<E: de::Error>(self) -> Result<Prose, E> {
                Ok(Prose::default())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Prose, A::Error> {
                let mut clauses = Vec::new();
                while let Some(c) = seq.next_element::<Clause>()? {
                    clauses.push(c);
                }
                Ok(Prose { clauses })
            }
        }
        d.deserialize_any(ProseVisitor)
    }
}

impl<'de> Deserialize<'de> for Clause {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct ClauseVisitor;
        impl<'de> Visitor<'de> for ClauseVisitor {
            type Value = Clause;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("一句文字，或一个指标 {indicator, comparator, value, unit} (text or a target)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Clause, E> {
                Ok(Clause::Text(Text::new(v)))
            }
            // A bare number such as `- 2019` is text too; keep its digits as written.
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Clause, E> {
                Ok(Clause::Text(Text::new(&v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Clause, E> {
                Ok(Clause::Text(Text::new(&v.to_string())))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Clause, A::Error> {
                Target::deserialize(de::value::MapAccessDeserializer::new(map)).map(Clause::Target)
            }
        }
        d.deserialize_any(ClauseVisitor)
    }
}

impl schemars::JsonSchema for Prose {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Prose".into()
    }
    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let target = generator.subschema_for::<Target>();
        schemars::json_schema!({
            "description": "正文：一段文字，或由文字和量化指标组成的分句列表",
            "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "oneOf": [ { "type": ["string", "number"] }, target ] } }
            ]
        })
    }
}

impl schemars::JsonSchema for Comparator {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Comparator".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let words = |list: &[&str]| {
            list.iter()
                .filter(|w| !w.is_empty())
                .copied()
                .collect::<Vec<_>>()
                .join("|")
        };
        let pattern = format!(
            "^({})?(…|……|\\.\\.\\.)({})?$",
            words(COMPARATOR_PREFIXES),
            words(COMPARATOR_SUFFIXES)
        );
        schemars::json_schema!({
            "description": "比较方式，“…”代表数值：达…以上、达…、为…、大于…、低于…、…",
            "type": "string",
            "pattern": pattern
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(indicator: &str, comparator: &str, value: f64, unit: &str) -> Clause {
        Clause::Target(Target {
            indicator: Text::new(indicator),
            comparator: Comparator::parse(comparator).unwrap(),
            value: Some(value),
            unit: Text::new(unit),
            ..Target::default()
        })
    }

    #[test]
    fn joins_clauses_with_commas_and_ends_with_a_full_stop() {
        let p = Prose {
            clauses: vec![
                Clause::Text(Text::new("建成优势特色产业乡镇")),
                target("高标准农田", "达…以上", 50.0, "%"),
                target("人均可支配收入", "为……", 1.54, "万元"),
            ],
        };
        assert_eq!(
            p.render(),
            "建成优势特色产业乡镇，高标准农田达50%以上，人均可支配收入为1.54万元。"
        );
    }

    #[test]
    fn a_target_can_end_a_sentence_and_text_keeps_its_own_punctuation() {
        let mut t = target("达标率", "…", 100.0, "%");
        if let Clause::Target(t) = &mut t {
            t.ends_sentence = true;
        }
        let p = Prose {
            clauses: vec![
                t,
                Clause::Text(Text::new("建设村史馆。")),
                Clause::Text(Text::new("户户安居乐业")),
            ],
        };
        assert_eq!(p.render(), "达标率100%。建设村史馆。户户安居乐业。");
    }

    #[test]
    fn comparator_forms() {
        assert_eq!(
            Comparator::parse("达...以上"),
            Some(Comparator {
                prefix: "达",
                suffix: "以上"
            })
        );
        assert_eq!(Comparator::parse("…"), Some(Comparator { prefix: "", suffix: "" }));
        assert_eq!(Comparator::parse("约…"), None);
        assert_eq!(Comparator::parse("达"), None);
    }
}
