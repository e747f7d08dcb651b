//! Laid-out pages → SVG, for the live preview (`gongwen serve`). Like the PDF writer it never
//! lays out: every character is drawn at the x the layout gave it, on the line the layout put
//! it on, so the preview breaks lines and pages exactly as the print does. The glyphs are the
//! browser's (the fonts are named, not embedded), so their shapes may differ from the PDF's;
//! their places do not.

use crate::fonts::Role;
use crate::frame::{Document, Frame, Item, TextRun};
use std::fmt::Write as _;

/// One `<svg>` element per page, sized in points (the paper is 595 × 842).
pub fn pages(document: &Document) -> Vec<String> {
    document.pages.iter().map(one_page).collect()
}

fn one_page(page: &Frame) -> String {
    let mut svg = String::new();
    let (w, h) = (num(page.width), num(page.height));
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="page" viewBox="0 0 {w} {h}" width="{w}pt" height="{h}pt"><rect width="{w}" height="{h}" fill="white"/>"#
    );
    for item in &page.items {
        match item {
            Item::Text(run) => run_svg(run, &mut svg),
            Item::Rule(rule) => {
                let _ = write!(
                    svg,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>"#,
                    num(rule.from.0),
                    num(rule.from.1),
                    num(rule.to.0),
                    num(rule.to.1),
                    color(rule.color),
                    num(rule.thickness)
                );
            }
        }
    }
    svg.push_str("</svg>");
    svg
}

/// A run as one `<text>`, each character at its own x, so that the text reads (and can be
/// selected and searched) as the line it is.
fn run_svg(run: &TextRun, svg: &mut String) {
    if run.glyphs.is_empty() {
        return;
    }
    let xs: Vec<String> = run.glyphs.iter().map(|g| num(g.x)).collect();
    let _ = write!(
        svg,
        r#"<text class="{}" font-size="{}" fill="{}" y="{}" x="{}">"#,
        class(run.role),
        num(run.size),
        color(run.color),
        num(run.baseline),
        xs.join(" ")
    );
    for g in &run.glyphs {
        escape_into(g.ch, svg);
    }
    svg.push_str("</text>");
}

fn color(c: crate::frame::Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// The role's CSS class; the page's style sheet names the fonts (see `cmd/serve`).
fn class(role: Role) -> &'static str {
    match role {
        Role::Title => "title",
        Role::Body => "body",
        Role::Heading1 => "h1",
        Role::Heading2 => "h2",
        Role::PageNumber => "folio",
    }
}

/// A coordinate with at most two decimals.
fn num(v: f32) -> String {
    let rounded = (v * 100.0).round() / 100.0;
    format!("{}", if rounded == 0.0 { 0.0 } else { rounded })
}

/// Text for XML: the five special characters escaped, everything else as is.
pub fn escape_into(c: char, out: &mut String) {
    match c {
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        '&' => out.push_str("&amp;"),
        '"' => out.push_str("&quot;"),
        '\'' => out.push_str("&#39;"),
        c => out.push(c),
    }
}

/// `text` escaped for HTML or XML.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        escape_into(c, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frame::{Color, PositionedGlyph};

    #[test]
    fn each_character_sits_where_the_layout_put_it_and_text_is_escaped() {
        let glyph = |ch, x| PositionedGlyph {
            gid: 1,
            ch,
            x,
            advance: 16.0,
            space_before: false,
        };
        let run = TextRun {
            role: Role::Body,
            size: 16.0,
            color: Color::BLACK,
            baseline: 114.08,
            letter_spacing: 0.0,
            glyphs: vec![glyph('<', 79.37), glyph('甲', 99.5)],
        };
        let document = Document {
            pages: vec![Frame {
                width: 595.28,
                height: 841.89,
                items: vec![Item::Text(run)],
            }],
            ..Document::default()
        };
        let svg = pages(&document).remove(0);
        assert!(svg.contains(r#"viewBox="0 0 595.28 841.89""#), "{svg}");
        assert!(
            svg.contains(r##"class="body" font-size="16" fill="#000000" y="114.08" x="79.37 99.5">&lt;甲</text>"##),
            "{svg}"
        );
    }
}
