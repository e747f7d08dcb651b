//! Laid-out pages → SVG, for the live preview (`gongwen serve`). Like the PDF writer it never
//! lays out: every character is drawn at the x the layout gave it, on the line the layout put
//! it on, so the preview breaks lines and pages exactly as the print does. The glyphs are the
//! browser's (the fonts are named, not embedded), so their shapes may differ from the PDF's;
//! their places do not.

use crate::layout::{Class, Geometry, Line, Style, classify};
use crate::renderer::pdf::write::{EM_ASCENT, PageContent};
use std::fmt::Write as _;

/// One `<svg>` element per page, sized in points (the paper is 595 × 842).
pub fn pages(pages: &[PageContent], geo: &Geometry) -> Vec<String> {
    pages.iter().map(|page| one_page(page, geo)).collect()
}

fn one_page(page: &PageContent, geo: &Geometry) -> String {
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="page" viewBox="0 0 {w} {h}" width="{w}pt" height="{h}pt">"#,
        w = num(geo.page_width),
        h = num(geo.page_height)
    );
    let _ = write!(
        svg,
        r#"<rect width="{}" height="{}" fill="white"/>"#,
        num(geo.page_width),
        num(geo.page_height)
    );
    for (top, line) in page.lines.iter().chain(std::iter::once(&page.folio)) {
        line_svg(line, *top, geo, &mut svg);
    }
    for rule in &page.rules {
        let _ = write!(
            svg,
            r#"<line x1="{}" x2="{}" y1="{y}" y2="{y}" stroke="black" stroke-width="{}"/>"#,
            num(geo.margin_left),
            num(geo.margin_left + geo.area_width),
            num(rule.thickness),
            y = num(rule.y),
        );
    }
    svg.push_str("</svg>");
    svg
}

/// A line as one `<text>` per run of one style, each character at its own x, so that the
/// text reads (and can be selected) as the line it is.
fn line_svg(line: &Line, top: f32, geo: &Geometry, svg: &mut String) {
    let mut rest = line.glyphs.as_slice();
    while let Some(first) = rest.first() {
        let style = first.style;
        let len = rest.iter().take_while(|g| g.style == style).count();
        let (run, after) = rest.split_at(len);
        rest = after;
        let drawn: Vec<_> = run
            .iter()
            .filter(|g| !matches!(classify(g.ch), Class::Space | Class::FullSpace))
            .collect();
        if drawn.is_empty() {
            continue;
        }
        let size = style.size();
        let xs: Vec<String> = drawn.iter().map(|g| num(geo.margin_left + g.x - g.shift)).collect();
        let _ = write!(
            svg,
            r#"<text class="{}" font-size="{}" y="{}" x="{}">"#,
            class(style),
            num(size),
            num(top + EM_ASCENT * size),
            xs.join(" ")
        );
        for g in drawn {
            escape_into(g.ch, svg);
        }
        svg.push_str("</text>");
    }
}

/// The style's CSS class; the page's style sheet names the fonts (see `cmd/serve`).
fn class(style: Style) -> &'static str {
    match style {
        Style::Title => "title",
        Style::Body | Style::Small => "body",
        Style::Heading1 => "h1",
        Style::Heading2 => "h2",
        Style::PageNumber => "folio",
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
    use crate::layout::Placed;

    #[test]
    fn each_character_sits_where_the_layout_put_it_and_text_is_escaped() {
        let geo = Geometry::gbt9704();
        let glyph = |ch, x| Placed {
            ch,
            gid: 1,
            style: Style::Body,
            x,
            width: 16.0,
            shift: 0.0,
        };
        let line = Line {
            glyphs: vec![glyph('<', 0.0), glyph(' ', 16.0), glyph('甲', 20.0)],
            justified: false,
        };
        let page = PageContent {
            lines: vec![(100.0, line)],
            ..PageContent::default()
        };
        let svg = pages(&[page], &geo).remove(0);
        let left = num(geo.margin_left);
        let third = num(geo.margin_left + 20.0);
        assert!(svg.contains(&format!(r#"x="{left} {third}">&lt;甲</text>"#)), "{svg}");
        assert!(
            svg.contains(&format!(r#"y="{}""#, num(100.0 + EM_ASCENT * 16.0))),
            "{svg}"
        );
    }
}
