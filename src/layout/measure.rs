//! Measurement: styled text → glyphs with widths. The only layout stage that consults fonts.

use super::{Class, Geometry, Glyph, Style, classify};
use crate::fonts::{FontSet, Role};

/// A run of text in one style, with the Markdown line it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Span {
    pub text: String,
    pub style: Style,
    pub source_line: usize,
}

/// `spans` set in `style` instead of their own (a copy-to line in 四号, a label in 黑体).
pub fn restyled(spans: &[Span], style: Style) -> Vec<Span> {
    spans.iter().map(|s| Span { style, ..s.clone() }).collect()
}

/// A character the chosen font cannot draw.
#[derive(Clone, Debug, PartialEq)]
pub struct Missing {
    pub ch: char,
    pub role: Role,
    pub font: String,
    pub source_line: usize,
}

/// Measure `spans`. Characters missing from their font are collected in `missing` (and given a
/// nominal width so that layout can go on to find them all); the caller refuses to print.
pub fn measure(spans: &[Span], fonts: &FontSet, geometry: &Geometry, missing: &mut Vec<Missing>) -> Vec<Glyph> {
    let mut out = Vec::new();
    for span in spans {
        let font = fonts.font(span.style.role());
        let size = span.style.size();
        let tracking = geometry.tracking_for(size);
        for ch in span.text.chars() {
            let class = classify(ch);
            let mut gid = 0;
            let width = match class {
                Class::FullSpace => size + tracking,
                Class::Space => font.advance_em(' ').unwrap_or(0.25) * size,
                _ => match font.glyph(ch) {
                    Some((id, em)) => {
                        gid = id;
                        em * size + tracking
                    }
                    None => {
                        missing.push(Missing {
                            ch,
                            role: span.style.role(),
                            font: font.name(),
                            source_line: span.source_line,
                        });
                        size + tracking
                    }
                },
            };
            out.push(Glyph {
                ch,
                gid,
                style: span.style,
                class,
                width,
                source_line: span.source_line,
            });
        }
    }
    out
}
