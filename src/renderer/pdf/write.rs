//! Placed lines → PDF through printpdf: fonts embedded as subsets with Unicode maps.
//!
//! Each run of one style on a line is one text object positioned absolutely (`Tm`), with the
//! grid tracking as character spacing (`Tc`); where layout moved a glyph from where the font's
//! advance would put it (justification, compressed punctuation), the difference goes into the
//! `TJ` array as an offset. Spaces are positions, never drawn, so text extracts exactly.

use crate::fonts::{FontSet, Role};
use crate::layout::{Class, Geometry, Line, Style, classify};
use printpdf::{
    Codepoint, FontId, Line as PdfLine, LinePoint, Mm, Op, PdfDocument, PdfFont, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Pt, TextItem, TextMatrix,
};
use std::collections::BTreeMap;

/// Part of the CJK em box above the baseline: the em box's top is what sits on a grid line.
const EM_ASCENT: f32 = 0.88;

/// A page ready to draw: lines with the y of their em box's top (from the paper's top, pt),
/// horizontal rules, and the page number.
#[derive(Default)]
pub struct PageContent {
    pub lines: Vec<(f32, Line)>,
    pub rules: Vec<Rule>,
    pub number: usize,
    /// Grid slots taken, blank lines included.
    pub used: usize,
}

/// A horizontal rule across the type area: y from the paper's top, thickness, both in pt.
pub struct Rule {
    pub y: f32,
    pub thickness: f32,
}

/// Subset tags: six capital letters, fixed per role so that output is reproducible.
fn font_tag(role: Role) -> &'static str {
    match role {
        Role::Title => "GWTITL",
        Role::Body => "GWBODY",
        Role::Heading1 => "GWHEIA",
        Role::Heading2 => "GWKAIA",
        Role::PageNumber => "GWPAGE",
    }
}

pub fn write(pages: &[PageContent], fonts: &FontSet, geo: &Geometry, title: &str) -> Vec<u8> {
    let mut doc = PdfDocument::new(title);
    let mut ids: BTreeMap<Role, FontId> = BTreeMap::new();
    let used: std::collections::BTreeSet<Role> = pages
        .iter()
        .flat_map(|p| {
            p.lines
                .iter()
                .flat_map(|(_, l)| l.glyphs.iter().map(|g| g.style.role()))
        })
        .chain(std::iter::once(Role::PageNumber))
        .collect();
    for role in used {
        let id = FontId(font_tag(role).to_string());
        doc.resources
            .fonts
            .map
            .insert(id.clone(), PdfFont::new(fonts.font(role).parsed.clone()));
        ids.insert(role, id);
    }
    let pdf_pages: Vec<PdfPage> = pages
        .iter()
        .map(|page| {
            let mut ops = Vec::new();
            for (top, line) in &page.lines {
                line_ops(line, *top, fonts, &ids, geo, &mut ops);
            }
            for rule in &page.rules {
                rule_ops(rule, geo, &mut ops);
            }
            page_number_ops(page.number, fonts, &ids, geo, &mut ops);
            PdfPage::new(Mm(210.0), Mm(297.0), ops)
        })
        .collect();
    let options = PdfSaveOptions {
        subset_fonts: true,
        ..Default::default()
    };
    let mut warnings = Vec::new();
    doc.with_pages(pdf_pages).save(&options, &mut warnings)
}

fn tracking(style: Style, geo: &Geometry) -> f32 {
    if (style.size() - geo.body_size).abs() < 0.01 {
        geo.tracking()
    } else {
        0.0
    }
}

/// Draw one line: a text object per run of one style.
fn line_ops(line: &Line, top: f32, fonts: &FontSet, ids: &BTreeMap<Role, FontId>, geo: &Geometry, ops: &mut Vec<Op>) {
    let mut i = 0;
    while i < line.glyphs.len() {
        let style = line.glyphs[i].style;
        let mut j = i;
        while j < line.glyphs.len() && line.glyphs[j].style == style {
            j += 1;
        }
        let run: Vec<(char, f32)> = line.glyphs[i..j]
            .iter()
            .filter(|g| !matches!(classify(g.ch), Class::Space | Class::FullSpace))
            .map(|g| (g.ch, geo.margin_left + g.x - g.shift))
            .collect();
        text_run(&run, style, top, fonts, ids, geo, ops);
        i = j;
    }
}

/// One text object: `run` holds each character with the x of its origin on the paper.
fn text_run(
    run: &[(char, f32)],
    style: Style,
    top: f32,
    fonts: &FontSet,
    ids: &BTreeMap<Role, FontId>,
    geo: &Geometry,
    ops: &mut Vec<Op>,
) {
    let Some(&(_, x0)) = run.first() else { return };
    let font = fonts.font(style.role());
    let size = style.size();
    let tc = tracking(style, geo);
    let baseline = geo.page_height - (top + EM_ASCENT * size);
    // Glyph ids go in directly, each with its text for the ToUnicode map, so that printpdf
    // never searches the font's cmap again. The offset after each glyph moves the pen from
    // where the font's advance leaves it to where layout put the next one.
    let mut codepoints: Vec<Codepoint> = Vec::with_capacity(run.len());
    for (k, &(ch, x)) in run.iter().enumerate() {
        let (gid, advance) = font.glyph(ch).unwrap_or((0, 1.0));
        let offset = match run.get(k + 1) {
            Some(&(_, next)) => {
                let diff = next - (x + advance * size + tc);
                // TJ offsets are in thousandths of an em; a negative one moves right.
                if diff.abs() > 0.001 { -diff * 1000.0 / size } else { 0.0 }
            }
            None => 0.0,
        };
        codepoints.push(Codepoint {
            gid,
            offset,
            cid: Some(ch.to_string()),
        });
    }
    ops.extend([
        Op::StartTextSection,
        Op::SetFont {
            font: PdfFontHandle::External(ids[&style.role()].clone()),
            size: Pt(size),
        },
        Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(x0), Pt(baseline)),
        },
        Op::SetCharacterSpacing { multiplier: tc },
        Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        },
        Op::EndTextSection,
    ]);
}

fn rule_ops(rule: &Rule, geo: &Geometry, ops: &mut Vec<Op>) {
    let y = Pt(geo.page_height - rule.y);
    let point = |x: f32| LinePoint {
        p: Point { x: Pt(x), y },
        bezier: false,
    };
    ops.push(Op::SetOutlineThickness { pt: Pt(rule.thickness) });
    ops.push(Op::DrawLine {
        line: PdfLine {
            points: vec![point(geo.margin_left), point(geo.margin_left + geo.area_width)],
            is_closed: false,
        },
    });
}

/// "— N —" in 四号 Song, its top 7 mm below the type area; odd pages to the right and even pages
/// to the left, one character in from the edge of the type area.
fn page_number_ops(number: usize, fonts: &FontSet, ids: &BTreeMap<Role, FontId>, geo: &Geometry, ops: &mut Vec<Op>) {
    let style = Style::PageNumber;
    let size = style.size();
    let font = fonts.font(Role::PageNumber);
    let gap = size / 4.0;
    let digits = number.to_string();
    let advance = |c: char| font.advance_em(c).unwrap_or(0.5) * size;
    let width = 2.0 * advance('—') + 2.0 * gap + digits.chars().map(advance).sum::<f32>();
    let left = if number % 2 == 1 {
        geo.margin_left + geo.area_width - size - width
    } else {
        geo.margin_left + size
    };
    let mut run = Vec::new();
    let mut x = left;
    for (i, c) in std::iter::once('—')
        .chain(digits.chars())
        .chain(std::iter::once('—'))
        .enumerate()
    {
        run.push((c, x));
        x += advance(c);
        if i == 0 || i == digits.len() {
            x += gap;
        }
    }
    let top = geo.margin_top + geo.area_height + 7.0 * crate::layout::PT_PER_MM;
    text_run(&run, style, top, fonts, ids, geo, ops);
}
