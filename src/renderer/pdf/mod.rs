//! Markdown → PDF in GB/T 9704-2012 layout:
//! pulldown-cmark events → blocks ([`crate::renderer::blocks`]) → grid lines ([`compose`], with the line breaking
//! of [`crate::layout`]) → pages ([`crate::layout::page`]) → font subsets ([`embed`]) → PDF
//! objects ([`write`]).
//!
//! A batch lays out every document first, then subsets each font once for all of them
//! ([`embed::GlyphUsage::merge`]), then writes: the expensive part of a PDF, the font programs,
//! is done once per run instead of once per document.

pub mod compose;
pub mod embed;
pub mod write;

use crate::diagnostic::Diagnostic;
use crate::fonts::FontSet;
use crate::layout::measure::Missing;
use crate::layout::page::break_pages;
use crate::layout::{Geometry, Line, PT_PER_MM, Placed, Style};
use crate::renderer::blocks;
use embed::GlyphUsage;
use std::collections::BTreeMap;
use std::path::Path;
use write::{PageContent, Rule};

/// A document longer than this is refused rather than laid out: no 工作方案 comes close, and
/// the bound keeps a runaway input from exhausting memory.
pub const MAX_PAGES: usize = 500;

/// Lay out `markdown` and return the PDF bytes. `source` names the Markdown in messages.
pub fn render(markdown: &str, fonts: &FontSet, source: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let laid_out = layout(markdown, fonts, source)?;
    let embedded = GlyphUsage::of_pages(&laid_out.pages, fonts).embed();
    laid_out
        .write(fonts, &embedded)
        .map_err(|e| vec![Diagnostic::file(source, e)])
}

/// A document laid out and ready to write.
pub struct LaidOut {
    pub pages: Vec<PageContent>,
    pub title: String,
}

impl LaidOut {
    /// The PDF bytes, with fonts from `embedded`, which must cover this document's glyphs; or
    /// why one of its fonts could not be embedded.
    pub fn write(&self, fonts: &FontSet, embedded: &embed::Embedded) -> Result<Vec<u8>, String> {
        write::write(&self.pages, fonts, embedded, &Geometry::gbt9704(), &self.title)
    }
}

/// Everything but writing: the pages with their placed lines, and the document title.
pub fn layout(markdown: &str, fonts: &FontSet, source: &Path) -> Result<LaidOut, Vec<Diagnostic>> {
    let geo = Geometry::gbt9704();
    let blocks = blocks::parse(markdown);
    let title = blocks
        .iter()
        .find(|b| b.kind == blocks::Kind::Title)
        .map(|b| b.text())
        .unwrap_or_default();
    let composed = compose::compose(&blocks, fonts, &geo).map_err(|m| missing_diagnostics(&m, markdown, source))?;
    let pages = break_pages(composed.flow, geo.lines_per_page);
    if pages.len() > MAX_PAGES {
        return Err(vec![Diagnostic::file(
            source,
            format!(
                "文档有 {} 页，超过上限 {MAX_PAGES} 页（document too long）",
                pages.len()
            ),
        )]);
    }
    let pitch = geo.line_pitch();
    let mut contents: Vec<PageContent> = pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| PageContent {
            lines: page
                .lines
                .into_iter()
                .map(|(slot, line)| (geo.margin_top + slot as f32 * pitch, line))
                .collect(),
            rules: Vec::new(),
            folio: folio(i + 1, fonts, &geo),
            used: page.used,
        })
        .collect();
    place_copy_to(composed.copy_to, &mut contents, fonts, &geo);
    Ok(LaidOut { pages: contents, title })
}

/// "— N —" in 四号 Song, its top 7 mm below the type area; odd pages to the right and even pages
/// to the left, one character in from the edge of the type area.
fn folio(number: usize, fonts: &FontSet, geo: &Geometry) -> (f32, Line) {
    let style = Style::PageNumber;
    let size = style.size();
    let font = fonts.font(crate::fonts::Role::PageNumber);
    let gap = size / 4.0;
    let digits = number.to_string();
    let advance = |c: char| font.advance_em(c).unwrap_or(0.5) * size;
    let width = 2.0 * advance('—') + 2.0 * gap + digits.chars().map(advance).sum::<f32>();
    let mut x = if number % 2 == 1 {
        geo.area_width - size - width
    } else {
        size
    };
    let mut glyphs = Vec::new();
    for (i, ch) in std::iter::once('—')
        .chain(digits.chars())
        .chain(std::iter::once('—'))
        .enumerate()
    {
        glyphs.push(Placed {
            ch,
            gid: font.glyph(ch).map_or(0, |(gid, _)| gid),
            style,
            x,
            width: advance(ch),
            shift: 0.0,
        });
        x += advance(ch);
        if i == 0 || i == digits.len() {
            x += gap;
        }
    }
    let top = geo.margin_top + geo.area_height + 7.0 * PT_PER_MM;
    (
        top,
        Line {
            glyphs,
            justified: false,
        },
    )
}

/// The 版记: at the foot of the last page, between rules, the last rule on the type area's
/// bottom edge. It gets a page of its own when the last page has no room.
fn place_copy_to(lines: Vec<Line>, pages: &mut Vec<PageContent>, fonts: &FontSet, geo: &Geometry) {
    if lines.is_empty() {
        return;
    }
    let pitch = geo.line_pitch();
    let needed = lines.len() + 1;
    if pages.last().is_none_or(|p| p.used + needed > geo.lines_per_page) {
        pages.push(PageContent {
            folio: folio(pages.len() + 1, fonts, geo),
            ..Default::default()
        });
    }
    let Some(page) = pages.last_mut() else { return };
    let bottom = geo.margin_top + geo.area_height;
    let first_slot = geo.lines_per_page - lines.len();
    page.rules.push(Rule {
        y: geo.margin_top + first_slot as f32 * pitch - 0.25 * pitch,
        thickness: 0.35 * PT_PER_MM,
    });
    page.rules.push(Rule {
        y: bottom,
        thickness: 0.35 * PT_PER_MM,
    });
    for (k, line) in lines.into_iter().enumerate() {
        page.lines
            .push((geo.margin_top + (first_slot + k) as f32 * pitch, line));
    }
}

/// Characters the fonts cannot draw: one message per font role, naming each character and the
/// Markdown lines it occurs on.
fn missing_diagnostics(missing: &[Missing], markdown: &str, source: &Path) -> Vec<Diagnostic> {
    let mut by_role: BTreeMap<crate::fonts::Role, (String, BTreeMap<char, Vec<usize>>)> = BTreeMap::new();
    for m in missing {
        let entry = by_role
            .entry(m.role)
            .or_insert_with(|| (m.font.clone(), BTreeMap::new()));
        let lines = entry.1.entry(m.ch).or_default();
        if lines.last() != Some(&m.source_line) {
            lines.push(m.source_line);
        }
    }
    by_role
        .into_iter()
        .map(|(role, (font, chars))| {
            let list: Vec<String> = chars
                .iter()
                .map(|(c, lines)| {
                    let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
                    format!("「{c}」(U+{:04X}，第 {} 行)", *c as u32, lines.join("、"))
                })
                .collect();
            let first_line = chars.values().flatten().min().copied().unwrap_or(1);
            Diagnostic::file(
                source,
                format!(
                    "字体 {font} 没有这些字符，{}无法显示（characters missing from the font）：{}。请换用含这些字的字体（--font {}=文件），或改写这些字",
                    role.describe(),
                    list.join("、"),
                    role.key()
                ),
            )
            .at(markdown, first_line as u32, 1)
        })
        .collect()
}
