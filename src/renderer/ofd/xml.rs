//! Writing the package's XML parts with quick-xml (already in the tree through docx-rs), which
//! escapes text and attribute values. Every part is in the OFD namespace under the prefix `ofd:`.

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};

/// The namespace of GB/T 33190-2016.
pub const NAMESPACE: &str = "http://www.ofdspec.org/2016";

/// One XML part being written. Writing into memory cannot fail, but quick-xml's calls say they
/// might: the first error is kept and returned by [`Xml::finish`].
pub struct Xml {
    writer: Writer<Vec<u8>>,
    error: Option<std::io::Error>,
}

impl Xml {
    /// A part whose root element is `root` (with the namespace declared) and `attrs`.
    pub fn new(root: &str, attrs: &[(&str, &str)]) -> Xml {
        let mut xml = Xml {
            writer: Writer::new(Vec::with_capacity(16 * 1024)),
            error: None,
        };
        xml.event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
        let mut start = BytesStart::new(root).with_attributes([("xmlns:ofd", NAMESPACE)]);
        start.extend_attributes(attrs.iter().map(|(k, v)| (*k, *v)));
        xml.event(Event::Start(start));
        xml
    }

    fn event(&mut self, event: Event<'_>) {
        if self.error.is_none()
            && let Err(e) = self.writer.write_event(event)
        {
            self.error = Some(e);
        }
    }

    pub fn open(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let start = BytesStart::new(name).with_attributes(attrs.iter().map(|(k, v)| (*k, *v)));
        self.event(Event::Start(start));
    }

    pub fn close(&mut self, name: &str) {
        self.event(Event::End(BytesEnd::new(name)));
    }

    /// `<name attrs/>`.
    pub fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) {
        let start = BytesStart::new(name).with_attributes(attrs.iter().map(|(k, v)| (*k, *v)));
        self.event(Event::Empty(start));
    }

    /// `<name attrs>text</name>`.
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(name, attrs);
        let text = xml_chars(text);
        self.event(Event::Text(BytesText::new(&text)));
        self.close(name);
    }

    /// Close the root element `root` and return the part's bytes.
    pub fn finish(mut self, root: &str) -> Result<Vec<u8>, String> {
        self.close(root);
        match self.error {
            Some(e) => Err(format!("无法生成 OFD（cannot write the OFD）：{e}")),
            None => Ok(self.writer.into_inner()),
        }
    }
}

/// `text` without the characters XML 1.0 cannot carry at all, even escaped (C0 controls other
/// than tab and line ends, U+FFFE, U+FFFF). None of them has a glyph, so none is ever printed.
fn xml_chars(text: &str) -> std::borrow::Cow<'_, str> {
    let allowed =
        |c: char| !matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}');
    if text.chars().all(allowed) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.chars().filter(|c| allowed(*c)).collect())
    }
}

/// A length in microns (thousandths of a millimetre, OFD's unit), for `pt` points: rounded to a
/// micron, far finer than any printer resolves. Integers, so that differences add up exactly.
pub fn um(pt: f32) -> i64 {
    (f64::from(pt) * 25_400.0 / 72.0).round() as i64
}

/// Append `microns` as millimetres, without trailing zeros (`25.4`, `28`, `-0.05`). Written by
/// hand: formatting floats was a fifth of the time of writing a package.
pub fn push_mm(out: &mut String, microns: i64) {
    if microns < 0 {
        out.push('-');
    }
    let v = microns.unsigned_abs();
    push_digits(out, v / 1000);
    let mut frac = v % 1000;
    if frac != 0 {
        out.push('.');
        let mut width = 3;
        while frac.is_multiple_of(10) {
            frac /= 10;
            width -= 1;
        }
        for k in (0..width).rev() {
            out.push(char::from(b'0' + ((frac / 10u64.pow(k)) % 10) as u8));
        }
    }
}

/// Append a whole number in decimal.
pub fn push_digits(out: &mut String, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|b| char::from(*b)));
}

/// Lengths in millimetres separated by spaces, as ST_Array and ST_Box write them.
pub fn lengths(microns: &[i64]) -> String {
    let mut out = String::with_capacity(microns.len() * 8);
    for (i, v) in microns.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        push_mm(&mut out, *v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped_and_unwritable_characters_dropped() {
        let mut xml = Xml::new("ofd:Root", &[("A", "\"<&>'")]);
        xml.leaf("ofd:T", &[], "a<b>&c\u{1}d");
        let bytes = xml.finish("ofd:Root").unwrap();
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), "{text}");
        assert!(text.contains("A=\"&quot;&lt;&amp;&gt;&apos;\""), "{text}");
        assert!(text.contains("<ofd:T>a&lt;b&gt;&amp;cd</ofd:T>"), "{text}");
        assert!(text.ends_with("</ofd:Root>"), "{text}");
    }

    #[test]
    fn millimetres_are_rounded_to_a_micron_without_trailing_zeros() {
        let pt_per_mm = 72.0 / 25.4;
        assert_eq!(
            lengths(&[um(72.0), um(28.0 * pt_per_mm), um(0.0), um(-0.0), 1500, -50, 1234567, 7]),
            "25.4 28 0 0 1.5 -0.05 1234.567 0.007"
        );
    }
}
