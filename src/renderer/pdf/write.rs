//! The laid-out document → PDF: content streams written here, objects assembled with lopdf
//! (printpdf's own PDF layer), fonts from [`super::embed`].
//!
//! Each text run is one text object positioned absolutely (`Tm`), with its letter spacing as
//! character spacing (`Tc`); where layout put a glyph elsewhere than the font's advance would
//! (justification, compressed punctuation), the difference goes into the `TJ` array as an offset.
//! Spaces are positions, never drawn, so text extracts exactly.

use super::embed::{Embedded, Subset, deflate};
use crate::fonts::{FontSet, Role};
use crate::frame::{Color, Document, Item, Rule, TextRun};
use lopdf::{Dictionary, Object, Stream};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The PDF of `document`, with the fonts of `embedded` (which must cover every glyph drawn), or
/// why one of its fonts could not be embedded.
pub fn write(document: &Document, fonts: &FontSet, embedded: &Embedded) -> Result<Vec<u8>, String> {
    let mut doc = lopdf::Document::with_version("1.7");
    // Roles whose fonts draw a mark set half-width somewhere: those get the half-width variant.
    let mut halved: Vec<Role> = Vec::new();
    for run in document.runs() {
        if !halved.contains(&run.role) && (0..run.glyphs.len()).any(|k| is_half(fonts.font(run.role), run, k)) {
            halved.push(run.role);
        }
    }
    // One resource name per font file (and one for its half-width variant), in role order so
    // that names are stable.
    let mut names: BTreeMap<Role, Resource> = BTreeMap::new();
    let mut font_dict = Dictionary::new();
    let mut by_file: BTreeMap<_, (String, Option<String>)> = BTreeMap::new();
    let mut files = 0;
    for (role, font) in &fonts.fonts {
        // A font no glyph of the run uses has no subset, and is not needed here either.
        let subset = match embedded.subsets.get(&font.file) {
            None => continue,
            Some(Err(e)) => return Err(format!("{}：{e}", role.describe())),
            Some(Ok(subset)) => subset,
        };
        let needs_half = fonts
            .fonts
            .iter()
            .any(|(r, f)| f.file == font.file && halved.contains(r));
        let (full, half) = by_file
            .entry(font.file.clone())
            .or_insert_with(|| {
                let ids = subset.add_to(&mut doc, needs_half);
                files += 1;
                let name = format!("F{files}");
                font_dict.set(name.clone(), Object::Reference(ids.full));
                let half = ids.half.map(|id| {
                    let half = format!("{name}h");
                    font_dict.set(half.clone(), Object::Reference(id));
                    half
                });
                (name, half)
            })
            .clone();
        names.insert(
            *role,
            Resource {
                full,
                half,
                subset: subset.as_ref(),
            },
        );
    }
    let resources = doc.add_object(Dictionary::from_iter([("Font", Object::Dictionary(font_dict))]));
    let pages_id = doc.new_object_id();
    let kids: Vec<Object> = document
        .pages
        .iter()
        .map(|page| {
            let mut ops = String::new();
            for item in &page.items {
                match item {
                    Item::Text(run) => {
                        if let Some(resource) = names.get(&run.role) {
                            text_run(run, page.height, fonts, resource, &mut ops);
                        }
                    }
                    Item::Rule(rule) => rule_ops(rule, page.height, &mut ops),
                }
            }
            let mut content_dict = Dictionary::new();
            content_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
            let content = doc.add_object(Stream::new(content_dict, deflate(ops.as_bytes())).with_compression(false));
            Object::Reference(doc.add_object(Dictionary::from_iter([
                ("Type", Object::Name(b"Page".to_vec())),
                ("Parent", Object::Reference(pages_id)),
                (
                    "MediaBox",
                    Object::Array(vec![0.into(), 0.into(), page.width.into(), page.height.into()]),
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
        ("Title", utf16_text(&document.title)),
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

/// A font as the page's resources name it: the subset, and its half-width variant if any.
struct Resource<'a> {
    full: String,
    half: Option<String>,
    subset: &'a Subset,
}

/// Whether glyph `k` of `run` is drawn from the half-width variant of its font: whenever its
/// box, drawn with the font's full advance, would reach over the next glyph by a tenth of an em
/// or more. That is a punctuation mark that lost its blank half (a closing mark, or one of two
/// adjacent marks), and the glyph just before an opening mark that lost its left half (drawn
/// half an em further left: the half is taken from this glyph's box, so that no box overlaps
/// the next). The ink stays exactly where layout put it; only the boxes change. The last glyph
/// of a run is judged by the room layout gave it.
fn is_half(font: &crate::fonts::Font, run: &TextRun, k: usize) -> bool {
    let g = &run.glyphs[k];
    let natural = font.advance_of(g.gid) * run.size;
    let slack = 0.1 * run.size;
    match run.glyphs.get(k + 1) {
        Some(next) => g.x + natural + run.letter_spacing - next.x > slack,
        None => g.advance < natural - slack,
    }
}

/// One text object, the glyphs placed where layout put them.
fn text_run(run: &TextRun, page_height: f32, fonts: &FontSet, resource: &Resource, ops: &mut String) {
    let Some(first) = run.glyphs.first() else { return };
    let font = fonts.font(run.role);
    let size = run.size;
    let tc = run.letter_spacing;
    ops.push_str("BT\n");
    if run.color != Color::BLACK {
        color_ops(run.color, "rg", ops);
    }
    ops.push_str("1 0 0 1 ");
    num(ops, first.x);
    ops.push(' ');
    num(ops, page_height - run.baseline);
    ops.push_str(" Tm\n");
    num(ops, tc);
    ops.push_str(" Tc\n");
    // After each glyph, an offset moves the pen from where the font's advance leaves it to
    // where layout put the next one. A mark set half-width is drawn from the half-width
    // variant of the font, whose advance is the room layout gave it.
    let mut current: Option<&str> = None;
    for (k, g) in run.glyphs.iter().enumerate() {
        let (name, advance) = match &resource.half {
            Some(half) if is_half(font, run, k) => (half.as_str(), font.advance_of(g.gid) - 0.5),
            _ => (resource.full.as_str(), font.advance_of(g.gid)),
        };
        if current != Some(name) {
            if current.is_some() {
                ops.push_str(">] TJ\n");
            }
            let _ = write!(ops, "/{name} ");
            num(ops, size);
            ops.push_str(" Tf\n[<");
            current = Some(name);
        }
        let _ = write!(ops, "{:04X}", resource.subset.code(g.gid));
        if let Some(next) = run.glyphs.get(k + 1) {
            let diff = next.x - (g.x + advance * size + tc);
            if diff.abs() > 0.001 {
                // TJ offsets are in thousandths of an em; a negative one moves right.
                ops.push_str("> ");
                num(ops, -diff * 1000.0 / size);
                ops.push_str(" <");
            }
        }
    }
    ops.push_str(">] TJ\n");
    if run.color != Color::BLACK {
        ops.push_str("0 g\n");
    }
    ops.push_str("ET\n");
}

fn rule_ops(rule: &Rule, page_height: f32, ops: &mut String) {
    if rule.color != Color::BLACK {
        color_ops(rule.color, "RG", ops);
    }
    num(ops, rule.thickness);
    ops.push_str(" w\n");
    num(ops, rule.from.0);
    ops.push(' ');
    num(ops, page_height - rule.from.1);
    ops.push_str(" m\n");
    num(ops, rule.to.0);
    ops.push(' ');
    num(ops, page_height - rule.to.1);
    ops.push_str(" l\nS\n");
    if rule.color != Color::BLACK {
        ops.push_str("0 G\n");
    }
}

/// Set the fill (`rg`) or stroke (`RG`) colour. Text objects and rules that change it set it
/// back to black after themselves, so that every other item can assume black.
fn color_ops(c: Color, operator: &str, ops: &mut String) {
    for v in [c.r, c.g, c.b] {
        num(ops, f32::from(v) / 255.0);
        ops.push(' ');
    }
    ops.push_str(operator);
    ops.push('\n');
}
