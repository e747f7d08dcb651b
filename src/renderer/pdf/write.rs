//! Placed lines → PDF: content streams written here, objects assembled with lopdf (printpdf's
//! own PDF layer), fonts from [`super::embed`].
//!
//! Each run of one style on a line is one text object positioned absolutely (`Tm`), with the
//! grid tracking as character spacing (`Tc`); where layout moved a glyph from where the font's
//! advance would put it (justification, compressed punctuation), the difference goes into the
//! `TJ` array as an offset. Spaces are positions, never drawn, so text extracts exactly.

use super::embed::{Embedded, Subset, deflate};
use crate::fonts::{FontSet, Role};
use crate::layout::{Class, Geometry, Line, Style, classify};
use lopdf::{Dictionary, Object, Stream};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Part of the CJK em box above the baseline: the em box's top is what sits on a grid line.
pub const EM_ASCENT: f32 = 0.88;

/// A page ready to draw: lines with the y of their em box's top (from the paper's top, pt),
/// horizontal rules, and the page number's line.
#[derive(Default)]
pub struct PageContent {
    pub lines: Vec<(f32, Line)>,
    pub rules: Vec<Rule>,
    /// The page number line, "— N —", placed like the other lines.
    pub folio: (f32, Line),
    /// Grid slots taken, blank lines included.
    pub used: usize,
}

/// A horizontal rule across the type area: y from the paper's top, thickness, both in pt.
pub struct Rule {
    pub y: f32,
    pub thickness: f32,
}

/// The PDF of `pages`, with the fonts of `embedded` (which must cover every glyph drawn), or why
/// one of its fonts could not be embedded.
pub fn write(
    pages: &[PageContent],
    fonts: &FontSet,
    embedded: &Embedded,
    geo: &Geometry,
    title: &str,
) -> Result<Vec<u8>, String> {
    let mut doc = lopdf::Document::with_version("1.7");
    // One resource name per font file, in role order so that names are stable.
    let mut names: BTreeMap<Role, (String, &Subset)> = BTreeMap::new();
    let mut font_dict = Dictionary::new();
    let mut by_file = BTreeMap::new();
    for (role, font) in &fonts.fonts {
        // A font no glyph of the run uses has no subset, and is not needed here either.
        let subset = match embedded.subsets.get(&font.file) {
            None => continue,
            Some(Err(e)) => return Err(e.clone()),
            Some(Ok(subset)) => subset,
        };
        let name = by_file
            .entry(font.file.clone())
            .or_insert_with(|| {
                let name = format!("F{}", font_dict.len() + 1);
                font_dict.set(name.clone(), Object::Reference(subset.add_to(&mut doc)));
                name
            })
            .clone();
        names.insert(*role, (name, subset.as_ref()));
    }
    let resources = doc.add_object(Dictionary::from_iter([("Font", Object::Dictionary(font_dict))]));
    let pages_id = doc.new_object_id();
    let kids: Vec<Object> = pages
        .iter()
        .map(|page| {
            let mut ops = String::new();
            for (top, line) in page.lines.iter().chain(std::iter::once(&page.folio)) {
                line_ops(line, *top, fonts, &names, geo, &mut ops);
            }
            for rule in &page.rules {
                rule_ops(rule, geo, &mut ops);
            }
            let mut content_dict = Dictionary::new();
            content_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            let content = doc.add_object(Stream::new(content_dict, deflate(ops.as_bytes())).with_compression(false));
            Object::Reference(doc.add_object(Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages_id)),
                (
                    "MediaBox",
                    Object::Array(vec![0.into(), 0.into(), geo.page_width.into(), geo.page_height.into()]),
                ),
                ("Resources", Object::Reference(resources)),
                ("Contents", Object::Reference(content)),
            ])))
        })
        .collect();
    doc.objects.insert(
        pages_id,
        Object::Dictionary(Dictionary::from_iter([
            ("Type", Object::Name(b"Pages".to_vec())),
            ("Count", Object::Integer(kids.len() as i64)),
            ("Kids", Object::Array(kids)),
        ])),
    );
    let catalog = doc.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"Catalog".to_vec())),
        ("Pages", Object::Reference(pages_id)),
    ]));
    let info = doc.add_object(Dictionary::from_iter([
        ("Title", utf16_text(title)),
        (
            "Producer",
            Object::string_literal(concat!("gongwen ", env!("CARGO_PKG_VERSION"))),
        ),
    ]));
    doc.trailer.set("Root", Object::Reference(catalog));
    doc.trailer.set("Info", Object::Reference(info));
    let mut out = Vec::new();
    doc.save_to(&mut out)
        .map_err(|e| format!("无法生成 PDF（cannot write the PDF）：{e}"))?;
    Ok(out)
}

/// A text string for the document information: UTF-16BE with its byte-order mark.
fn utf16_text(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// A number for a content stream: at most three decimals, no trailing zeros.
fn num(out: &mut String, v: f32) {
    let rounded = (v * 1000.0).round() / 1000.0;
    let _ = write!(out, "{}", if rounded == 0.0 { 0.0 } else { rounded });
}

/// Draw one line: a text object per run of one style.
fn line_ops(
    line: &Line,
    top: f32,
    fonts: &FontSet,
    names: &BTreeMap<Role, (String, &Subset)>,
    geo: &Geometry,
    ops: &mut String,
) {
    let mut i = 0;
    while i < line.glyphs.len() {
        let style = line.glyphs[i].style;
        let mut j = i;
        while j < line.glyphs.len() && line.glyphs[j].style == style {
            j += 1;
        }
        let run: Vec<(u16, f32)> = line.glyphs[i..j]
            .iter()
            .filter(|g| !matches!(classify(g.ch), Class::Space | Class::FullSpace))
            .map(|g| (g.gid, geo.margin_left + g.x - g.shift))
            .collect();
        if let Some((name, subset)) = names.get(&style.role()) {
            text_run(&run, style, top, fonts, name, subset, geo, ops);
        }
        i = j;
    }
}

/// One text object: `run` holds each glyph id with the x of its origin on the paper.
#[allow(clippy::too_many_arguments)]
fn text_run(
    run: &[(u16, f32)],
    style: Style,
    top: f32,
    fonts: &FontSet,
    name: &str,
    subset: &Subset,
    geo: &Geometry,
    ops: &mut String,
) {
    let Some(&(_, x0)) = run.first() else { return };
    let font = fonts.font(style.role());
    let size = style.size();
    let tc = geo.tracking_for(style.size());
    let baseline = geo.page_height - (top + EM_ASCENT * size);
    let _ = write!(ops, "BT\n/{name} ");
    num(ops, size);
    ops.push_str(" Tf\n1 0 0 1 ");
    num(ops, x0);
    ops.push(' ');
    num(ops, baseline);
    ops.push_str(" Tm\n");
    num(ops, tc);
    ops.push_str(" Tc\n[<");
    // After each glyph, an offset moves the pen from where the font's advance leaves it to
    // where layout put the next one.
    for (k, &(gid, x)) in run.iter().enumerate() {
        let advance = font.advance_of(gid);
        let _ = write!(ops, "{:04X}", subset.code(gid));
        if let Some(&(_, next)) = run.get(k + 1) {
            let diff = next - (x + advance * size + tc);
            if diff.abs() > 0.001 {
                // TJ offsets are in thousandths of an em; a negative one moves right.
                ops.push_str("> ");
                num(ops, -diff * 1000.0 / size);
                ops.push_str(" <");
            }
        }
    }
    ops.push_str(">] TJ\nET\n");
}

fn rule_ops(rule: &Rule, geo: &Geometry, ops: &mut String) {
    let y = geo.page_height - rule.y;
    num(ops, rule.thickness);
    ops.push_str(" w\n");
    num(ops, geo.margin_left);
    ops.push(' ');
    num(ops, y);
    ops.push_str(" m\n");
    num(ops, geo.margin_left + geo.area_width);
    ops.push(' ');
    num(ops, y);
    ops.push_str(" l\nS\n");
}
