//! One page → its `Content.xml`: a layer of text objects and path objects, in the frame's order.
//!
//! OFD measures in millimetres from the page's top-left corner, y down, as the frame does in
//! points. A text object's `Boundary` is a box around its glyphs and its `TextCode`s are placed
//! within it: X and Y of the first glyph's origin on the baseline, then `DeltaX`, the distance
//! from each glyph to the next, as layout placed them (tracking, justification and compressed
//! punctuation included), so that no reader needs the font's advances to place a glyph.

use super::fonts::EmbeddedFont;
use super::xml::{Xml, lengths, push_digits, push_mm, um};
use crate::fonts::Role;
use crate::frame::{Color, Frame, Item, Rule, TextRun};
use std::collections::BTreeMap;

/// Object IDs of a package, handed out in order (ST_ID: unique in the document, from 1).
#[derive(Default)]
pub struct Ids(u32);

impl Ids {
    pub fn take(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }

    pub fn take_str(&mut self) -> String {
        self.take().to_string()
    }

    /// The last ID handed out (`MaxUnitID`).
    pub fn max(&self) -> u32 {
        self.0
    }
}

/// A font as a page uses it: its resource ID and the embedded file.
pub struct PageFont<'a> {
    pub id: String,
    pub font: &'a EmbeddedFont,
}

/// The `Content.xml` of `frame`. `default_size` is the document's page size in points; a page
/// of another size (a landscape table) states its own.
pub fn content(
    frame: &Frame,
    default_size: (f32, f32),
    fonts: &BTreeMap<Role, PageFont<'_>>,
    ids: &mut Ids,
) -> Result<Vec<u8>, String> {
    let mut xml = Xml::new("ofd:Page", &[]);
    if (frame.width, frame.height) != default_size {
        xml.open("ofd:Area", &[]);
        xml.leaf(
            "ofd:PhysicalBox",
            &[],
            &lengths(&[0, 0, um(frame.width), um(frame.height)]),
        );
        xml.close("ofd:Area");
    }
    xml.open("ofd:Content", &[]);
    let layer = ids.take_str();
    xml.open("ofd:Layer", &[("ID", &layer), ("Type", "Body")]);
    for item in &frame.items {
        match item {
            Item::Text(run) => {
                if let Some(font) = fonts.get(&run.role) {
                    text_object(&mut xml, run, font, ids);
                }
            }
            Item::Rule(rule) => path_object(&mut xml, rule, ids),
        }
    }
    xml.close("ofd:Layer");
    xml.close("ofd:Content");
    xml.finish("ofd:Page")
}

fn color_value(c: Color) -> String {
    format!("{} {} {}", c.r, c.g, c.b)
}

/// One text run as a text object; a new `TextCode` starts after each space, so that a reader
/// that finds words by the gaps between pieces of text sees the space.
fn text_object(xml: &mut Xml, run: &TextRun, font: &PageFont<'_>, ids: &mut Ids) {
    let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
        return;
    };
    // The box: the glyphs' advances left to right, an em above the baseline and a third of one
    // below it, with a little room at the sides for outlines that overhang their advance.
    let pad = run.size * 0.25;
    let left = first.x - pad;
    let top = run.baseline - run.size;
    let width = last.x + last.advance + pad - left;
    let height = run.size * 1.35;
    let id = ids.take_str();
    let (left, top) = (um(left), um(top));
    let boundary = lengths(&[left, top, um(width), um(height)]);
    let size = lengths(&[um(run.size)]);
    xml.open(
        "ofd:TextObject",
        &[
            ("ID", &id),
            ("Boundary", &boundary),
            ("Font", &font.id),
            ("Size", &size),
        ],
    );
    if run.color != Color::BLACK {
        xml.empty("ofd:FillColor", &[("Value", &color_value(run.color))]);
    }
    // Positions relative to the box in whole microns, so that the DeltaX add up exactly to
    // each glyph's position.
    let y = lengths(&[um(run.baseline) - top]);
    let mut start = 0;
    let mut text = String::new();
    let mut x = String::new();
    let mut deltas = String::new();
    while start < run.glyphs.len() {
        let end = run.glyphs[start + 1..]
            .iter()
            .position(|g| g.space_before)
            .map_or(run.glyphs.len(), |k| start + 1 + k);
        let piece = &run.glyphs[start..end];
        start = end;
        text.clear();
        for (k, g) in piece.iter().enumerate() {
            if !font.font.found_by_text(g.gid, g.ch) {
                // The cmap would not lead to this glyph: name it (CodePosition counts characters,
                // one per glyph here).
                let position = k.to_string();
                xml.open(
                    "ofd:CGTransform",
                    &[("CodePosition", &position), ("CodeCount", "1"), ("GlyphCount", "1")],
                );
                xml.leaf("ofd:Glyphs", &[], &font.font.new_gid(g.gid).to_string());
                xml.close("ofd:CGTransform");
            }
            text.push(g.ch);
        }
        let positions = piece.iter().map(|g| um(g.x) - left);
        x.clear();
        deltas.clear();
        delta_x(positions, &mut x, &mut deltas);
        let attrs: [(&str, &str); 3] = [("X", &x), ("Y", &y), ("DeltaX", &deltas)];
        let n = if deltas.is_empty() { 2 } else { 3 };
        xml.leaf("ofd:TextCode", &attrs[..n], &text);
    }
    xml.close("ofd:TextObject");
}

/// The first position into `x`, and `DeltaX` into `deltas`: from each position to the next, runs
/// of equal steps written `g COUNT STEP`.
fn delta_x(mut positions: impl Iterator<Item = i64>, x: &mut String, deltas: &mut String) {
    let Some(first) = positions.next() else { return };
    push_mm(x, first);
    let mut last = first;
    let mut step: Option<(i64, u64)> = None;
    let flush = |step: (i64, u64), out: &mut String| {
        if !out.is_empty() {
            out.push(' ');
        }
        if step.1 > 1 {
            out.push_str("g ");
            push_digits(out, step.1);
            out.push(' ');
        }
        push_mm(out, step.0);
    };
    for p in positions {
        let d = p - last;
        last = p;
        step = match step {
            Some((s, n)) if s == d => Some((s, n + 1)),
            Some(done) => {
                flush(done, deltas);
                Some((d, 1))
            }
            None => Some((d, 1)),
        };
    }
    if let Some(done) = step {
        flush(done, deltas);
    }
}

/// A rule as a stroked path, in a box that holds the stroke's width.
fn path_object(xml: &mut Xml, rule: &Rule, ids: &mut Ids) {
    let half = rule.thickness / 2.0;
    let left = rule.from.0.min(rule.to.0) - half;
    let top = rule.from.1.min(rule.to.1) - half;
    let width = (rule.from.0 - rule.to.0).abs() + rule.thickness;
    let height = (rule.from.1 - rule.to.1).abs() + rule.thickness;
    let id = ids.take_str();
    let boundary = lengths(&[um(left), um(top), um(width), um(height)]);
    let line_width = lengths(&[um(rule.thickness)]);
    let at = |p: (f32, f32)| lengths(&[um(p.0) - um(left), um(p.1) - um(top)]);
    let data = format!("M {} L {}", at(rule.from), at(rule.to));
    xml.open(
        "ofd:PathObject",
        &[("ID", &id), ("Boundary", &boundary), ("LineWidth", &line_width)],
    );
    if rule.color != Color::BLACK {
        xml.empty("ofd:StrokeColor", &[("Value", &color_value(rule.color))]);
    }
    xml.leaf("ofd:AbbreviatedData", &[], &data);
    xml.close("ofd:PathObject");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deltas(positions: &[i64]) -> (String, String) {
        let (mut x, mut d) = (String::new(), String::new());
        delta_x(positions.iter().copied(), &mut x, &mut d);
        (x, d)
    }

    #[test]
    fn equal_steps_are_written_once_with_their_count() {
        assert_eq!(
            deltas(&[10, 5580, 11150, 16720, 20000]),
            ("0.01".into(), "g 3 5.57 3.28".into())
        );
        assert_eq!(deltas(&[1000]), ("1".into(), String::new()));
        assert_eq!(deltas(&[0, 2000, 3000]), ("0".into(), "2 1".into()));
    }
}
