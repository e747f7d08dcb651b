//! `Text`: a piece of prose from the plan, normalised the way Chinese official text needs.
//!
//! YAML folds multi-line scalars with a space, which is right for English and wrong for Chinese:
//! a clerk who wraps a long paragraph in the editor must not get stray spaces between Hanzi.
//! The web copy of the seed also has spaces around Latin and digits ("XX 镇", "2021 年"); an
//! official document has none. So whitespace next to a CJK character is dropped, and any other
//! run of whitespace becomes one space.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Text(String);

impl Text {
    pub fn new(raw: &str) -> Self {
        Text(normalize(raw))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl serde::de::Visitor<'_> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("文字 (text)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::new(v))
            }
            // A key with no value (`name:`) is an empty text, reported by validation together
            // with every other problem, rather than a parse error that hides the rest.
            fn visit_unit<E: serde::de::Error>(self) -> Result<Text, E> {
                Ok(Text::default())
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Text, E> {
                Ok(Text::default())
            }
            // YAML reads `town: 2021` as a number; as text it is the digits written.
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::new(&v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::new(&v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::new(&v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text::new(if v { "true" } else { "false" }))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// True for characters that sit on the Chinese character grid: Hanzi, CJK and full-width
/// punctuation, and the quotes, dashes and ellipsis that Chinese text shares with Western text.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FE30}'..='\u{FE4F}'
        | '\u{FF00}'..='\u{FFEF}'
        | '\u{20000}'..='\u{3FFFF}'
        | '\u{2018}'..='\u{201F}'
        | '\u{2014}' | '\u{2026}' | '\u{00B7}')
}

/// Collapse whitespace as described in the module comment, and trim both ends.
pub fn normalize(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut pending_space = false;
    for c in raw.chars() {
        // U+3000 counts as whitespace too: alignment in names and lists is the templates' job.
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            let prev_cjk = out.chars().next_back().is_some_and(is_cjk);
            if !prev_cjk && !is_cjk(c) {
                out.push(' ');
            }
            pending_space = false;
        }
        out.push(c);
    }
    out
}

/// Characters no document may carry: control characters other than tab and line ends (a BEL
/// or ESC reaches the PDF as a box and makes the DOCX's XML ill-formed), and the two
/// noncharacters XML refuses.
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
}

/// What to tell a clerk about a forbidden character: which one it is, and to delete it.
pub fn forbidden_message(c: char) -> String {
    let name = match c {
        '\0' => " NUL",
        '\u{7}' => " BEL",
        '\u{8}' => " BS",
        '\u{1B}' => " ESC",
        '\u{7F}' => " DEL",
        _ => "",
    };
    format!(
        "这里有一个看不见的控制字符 U+{:04X}{name}，公文中不能有：请删除它（control character not allowed）",
        c as u32
    )
}

impl schemars::JsonSchema for Text {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Text".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // YAML reads 2021 as a number; as text it is the digits written.
        schemars::json_schema!({ "type": ["string", "number", "null"] })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_spaces_next_to_hanzi_and_keeps_them_between_latin_words() {
        assert_eq!(normalize(" XX 镇党委 2021 年\n乡村振兴 "), "XX镇党委2021年乡村振兴");
        assert_eq!(normalize("Wi  Fi\t覆盖"), "Wi Fi覆盖");
        assert_eq!(normalize("“美丽 XX·宜居乡村”"), "“美丽XX·宜居乡村”");
        assert_eq!(normalize("张\u{3000}三"), "张三");
        assert_eq!(normalize("   "), "");
    }
}
