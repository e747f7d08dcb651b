//! Markdown → the laid-out document ([`crate::frame`]): blocks ([`crate::renderer::blocks`]) →
//! a flow of grid lines ([`super::compose`], with the line breaking of [`super::linebreak`] and
//! [`super::title`]) → pages ([`super::page`]) → frames of positioned glyph runs and rules, with
//! page numbers and the 版记 placed as GB/T 9704 places them.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap (issue 10.7)
use super::compose::{ComposeError, compose};
use super::measure::Missing;
use super::page::{Orientation, break_pages};
use super::table::{SetTable, TableLine};
use super::{EM_ASCENT, Geometry, Line, PT_PER_MM, Placed, Style};
use crate::diagnostic::Diagnostic;
use crate::fonts::{FontSet, Role};
use crate::frame::{Color, Document, Frame, Item, OutlineEntry, PlacedImage, PositionedGlyph, Rotation, Rule, TextRun};
use crate::layout::Class;
use crate::renderer::blocks;
use std::collections::BTreeMap;
use std::path::Path;

/// A document longer than this is refused rather than laid out: no 工作方案 comes close, and
/// the bound keeps a runaway input from exhausting memory.
pub const MAX_PAGES: usize = 500;

/// Why a document cannot be laid out, said for a clerk; where in the Markdown, and which
/// characters, so that the caller can point at the file that gave them (the Markdown itself, or
/// the plan the Markdown was made from).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// 1-based line in the Markdown, if the problem has one.
    pub line: Option<usize>,
    pub message: String,
    /// For characters the fonts cannot draw: which, with the role and font file, so that a
    /// plan's message can point at the place in the plan that has each.
    pub missing: Option<MissingChars>,
    /// The plan field the problem comes from, when it is one field's (the copy-to list).
    pub field: Option<&'static str>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct MissingChars {
    pub role: Role,
    pub font: String,
    pub chars: Vec<char>,
}

impl Problem {
    pub(crate) fn new(line: Option<usize>, message: String) -> Self {
        Problem {
            line,
            message,
            missing: None,
            field: None,
        }
    }

    /// As a diagnostic in the Markdown file `path` whose text is `markdown`.
    pub fn in_markdown(&self, markdown: &str, path: &Path) -> Diagnostic {
        let d = Diagnostic::file(path, self.message.clone());
        match self.line {
            Some(line) => d.at(markdown, u32::try_from(line).unwrap_or(u32::MAX), 1),
            None => d,
        }
    }
}

/// Lay out `markdown`: the document, or every reason it cannot be. Images it names (seals) by a
/// relative path are read from the working folder.
pub fn lay_out(markdown: &str, fonts: &FontSet) -> Result<Document, Vec<Problem>> {
    lay_out_in(markdown, fonts, Path::new(""))
}

/// The blocks of `markdown`, or a problem at the line of every construct that would be lost
/// (the same refusals for the PDF, the OFD and the DOCX).
pub fn printable_blocks(markdown: &str) -> Result<Vec<blocks::Block>, Vec<Problem>> {
    blocks::parse_printable(markdown).map_err(|refused| {
        refused
            .into_iter()
            .map(|r| Problem::new(Some(r.line), r.message))
            .collect()
    })
}

/// Lay out `markdown`, reading images it names by a relative path from `folder` (the Markdown
/// file's own).
pub fn lay_out_in(markdown: &str, fonts: &FontSet, folder: &Path) -> Result<Document, Vec<Problem>> {
    let geo = Geometry::gbt9704();
    let images = |path: &str| crate::image::load(&folder.join(path));
    let blocks = printable_blocks(markdown)?;
    let title = blocks
        .iter()
        .find(|b| b.kind == blocks::Kind::Title)
        .map(|b| b.text())
        .unwrap_or_default();
    let (issuers, date) = signed_by(&blocks);
    let too_long = |pages: String| {
        vec![Problem::new(
            None,
            format!("文档{pages}，超过上限 {MAX_PAGES} 页（document too long）：请删减内容或分成几份文件"),
        )]
    };
    let composed = compose(
        &blocks,
        fonts,
        &geo,
        MAX_PAGES.saturating_mul(geo.lines_per_page),
        &images,
    )
    .map_err(|e| match e {
        ComposeError::Missing(m) => missing_problems(&m),
        ComposeError::TooLong { .. } => too_long(format!("排到第 {MAX_PAGES} 页时还没有排完")),
        ComposeError::Image { line, message } => vec![Problem::new(Some(line), message)],
    })?;
    let tables = composed.tables;
    let pages = break_pages(composed.flow, &tables, |o| Area::of(&geo, o).lines);
    if pages.len() > MAX_PAGES {
        return Err(too_long(format!("有 {} 页", pages.len())));
    }
    let mut outline = Vec::new();
    let mut frames: Vec<PageBuilder> = pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            let mut frame = PageBuilder::with_orientation(&geo, page.used, page.orientation);
            outline.extend(page.headings.into_iter().map(|(slot, level, title)| OutlineEntry {
                level,
                title,
                page: i,
                y: frame.slot_top(slot, &geo),
            }));
            // In the order of the page's lines, so that text extracts in reading order: a
            // table's lines go together, row by row.
            let mut texts = page.lines.iter().peekable();
            let mut rows = page.table_lines.as_slice();
            loop {
                let text_slot = texts.peek().map(|(slot, _)| *slot);
                let table_slot = rows.first().map(|(slot, _)| *slot);
                match (text_slot, table_slot) {
                    (None, None) => break,
                    (Some(slot), table) if table.is_none_or(|t| slot < t) => {
                        if let Some((slot, line)) = texts.next() {
                            frame.line(line, frame.slot_top(*slot, &geo), &geo);
                        }
                    }
                    _ => {
                        let before = text_slot.unwrap_or(usize::MAX);
                        let n = rows.iter().take_while(|(slot, _)| *slot < before).count().max(1);
                        let (run, rest) = rows.split_at(n.min(rows.len()));
                        frame.table(run, &tables, &geo);
                        rows = rest;
                    }
                }
            }
            // Seals over the signature they press on, drawn after it.
            for (slot, a) in &page.attached {
                let top = frame.slot_top(*slot, &geo);
                frame.frame.items.push(Item::Image(PlacedImage {
                    x: frame.area.left + a.x,
                    y: top + a.dy,
                    width: a.width,
                    height: a.height,
                    image: a.image.clone(),
                    description: a.description.clone(),
                }));
            }
            frame
        })
        .collect();
    if let (Some(masthead), Some(first)) = (&composed.masthead, frames.first_mut()) {
        first.masthead(masthead, &geo);
    }
    // The 版记 takes its lines and the rule above them.
    let imprint = composed
        .copy_to
        .len()
        .saturating_add(usize::from(composed.printed_by.is_some()))
        .saturating_add(1);
    if imprint > geo.lines_per_page {
        return Err(vec![Problem {
            field: Some("document.copy_to"),
            ..Problem::new(
                Some(composed.copy_to_line),
                format!(
                    "抄送机关太多：版记要占 {imprint} 行，一页只有 {} 行（the copy-to line does not fit on one page）：请精简抄送范围，或改用“各有关单位”等统称",
                    geo.lines_per_page
                ),
            )
        }]);
    }
    place_imprint(&composed.copy_to, composed.printed_by.as_ref(), &mut frames, &geo);
    let pages = frames
        .into_iter()
        .enumerate()
        .map(|(i, mut page)| {
            if !page.numbered {
                return page.frame;
            }
            // Where the number stands on the sheet: on a landscape page too (GB/T 9704 §8).
            let (top, line) = folio(i.saturating_add(1), fonts, &geo);
            if page.area.orientation == Orientation::Landscape {
                page.line_upright_on_sheet(&line, top, &geo);
            } else {
                page.line(&line, top, &geo);
            }
            page.frame
        })
        .collect();
    Ok(Document {
        title,
        issuers,
        date,
        pages,
        outline,
    })
}

/// The signature block's organs and its date (the block's last line, `2021年3月15日`), for the
/// file's metadata. Full-width spaces that align the lines are not part of a name.
fn signed_by(blocks: &[blocks::Block]) -> (Vec<String>, Option<String>) {
    let Some(signature) = blocks.iter().find(|b| b.kind == blocks::Kind::Signature) else {
        return (Vec::new(), None);
    };
    let mut lines: Vec<String> = signature
        .segments
        .iter()
        .map(|spans| {
            let line: String = spans.iter().map(|s| s.text.as_str()).collect();
            line.trim_matches(|c: char| c.is_whitespace()).to_string()
        })
        .filter(|l| !l.is_empty())
        .collect();
    let date = lines.last().and_then(|l| iso_date(l));
    if date.is_some() {
        lines.pop();
    }
    (lines, date)
}

/// `2021年3月15日` → `2021-03-15`; None for anything else.
fn iso_date(text: &str) -> Option<String> {
    let (year, rest) = text.split_once('年')?;
    let (month, rest) = rest.split_once('月')?;
    let day = rest.strip_suffix('日')?;
    let number = |s: &str, max: u32| {
        let s = s.trim();
        (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|n| (1..=max).contains(n))
    };
    let (year, month, day) = (number(year, 9999)?, number(month, 12)?, number(day, 31)?);
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

/// Rules of a table's cells: 0.5 pt, Word's single border.
const CELL_RULE: f32 = 0.5;

/// A page's paper and type area as the page is read, in points from its top-left corner. A
/// landscape page is the portrait sheet turned a quarter counterclockwise: the sheet's left
/// margin (28 mm) becomes its top one, the sheet's bottom margin (35 mm) its left one.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Area {
    orientation: Orientation,
    width: f32,
    height: f32,
    left: f32,
    top: f32,
    /// Grid lines of the body's pitch that fit the type area.
    lines: usize,
}

impl Area {
    fn of(geo: &Geometry, orientation: Orientation) -> Area {
        match orientation {
            Orientation::Portrait => Area {
                orientation,
                width: geo.page_width,
                height: geo.page_height,
                left: geo.margin_left,
                top: geo.margin_top,
                lines: geo.lines_per_page,
            },
            Orientation::Landscape => Area {
                orientation,
                width: geo.page_height,
                height: geo.page_width,
                left: geo.page_height - geo.margin_top - geo.area_height,
                top: geo.margin_left,
                lines: (geo.area_width / geo.line_pitch() + 0.001).floor() as usize,
            },
        }
    }
}

/// A page being filled: its frame, its area, the grid slots its body takes, and whether it
/// carries a page number.
struct PageBuilder {
    frame: Frame,
    area: Area,
    used: usize,
    numbered: bool,
}

impl PageBuilder {
    fn new(geo: &Geometry, used: usize) -> Self {
        Self::with_orientation(geo, used, Orientation::Portrait)
    }

    fn with_orientation(geo: &Geometry, used: usize, orientation: Orientation) -> Self {
        let area = Area::of(geo, orientation);
        PageBuilder {
            frame: Frame {
                width: area.width,
                height: area.height,
                items: Vec::new(),
            },
            area,
            used,
            numbered: true,
        }
    }

    /// The top of grid line `slot` (from 0).
    fn slot_top(&self, slot: usize, geo: &Geometry) -> f32 {
        self.area.top + slot as f32 * geo.line_pitch()
    }

    /// A table's lines on this page: the text row by row and, in a row, cell by cell (the
    /// order text is extracted in), then the cell borders on the grid lines.
    fn table(&mut self, lines: &[(usize, TableLine)], tables: &[SetTable], geo: &Geometry) {
        let pitch = geo.line_pitch();
        let mut rest = lines;
        while let Some((_, first)) = rest.first() {
            let n = rest
                .iter()
                .take_while(|(_, l)| l.table == first.table && l.row == first.row)
                .count();
            let (row, after) = rest.split_at(n);
            rest = after;
            let mut pieces: Vec<(usize, f32, &Line)> = row
                .iter()
                .flat_map(|(slot, l)| {
                    let top = self.slot_top(*slot, geo);
                    l.pieces.iter().map(move |p| {
                        let size = p.line.glyphs.first().map_or(0.0, |g| g.style.size());
                        (p.cell, top + p.dy * pitch + (pitch - size) / 2.0, &p.line)
                    })
                })
                .collect();
            pieces.sort_by_key(|p| p.0);
            for (_, top, line) in pieces {
                self.line(line, top, geo);
            }
        }
        // Borders, for each run of consecutive grid lines of one table.
        let mut rest = lines;
        while let Some((start, first)) = rest.first() {
            let n = rest
                .iter()
                .enumerate()
                .take_while(|(k, (slot, l))| l.table == first.table && *slot == start.saturating_add(*k))
                .count();
            let (run, after) = rest.split_at(n);
            rest = after;
            let Some(table) = tables.get(first.table) else { continue };
            let top = self.slot_top(*start, geo);
            let bottom = self.slot_top(start.saturating_add(n), geo);
            let (left, right) = (
                self.area.left + table.columns.first().copied().unwrap_or(0.0),
                self.area.left + table.columns.last().copied().unwrap_or(0.0),
            );
            let mut ys = vec![top];
            ys.extend(
                run.iter()
                    .skip(1)
                    .filter(|(_, l)| l.first)
                    .map(|(slot, _)| self.slot_top(*slot, geo)),
            );
            ys.push(bottom);
            for y in ys {
                self.cell_rule((left, y), (right, y));
            }
            for x in &table.columns {
                let x = self.area.left + x;
                self.cell_rule((x, top), (x, bottom));
            }
        }
    }

    fn cell_rule(&mut self, from: (f32, f32), to: (f32, f32)) {
        self.frame.items.push(Item::Rule(Rule {
            from,
            to,
            thickness: CELL_RULE,
            color: Color::BLACK,
        }));
    }

    /// A line placed for the portrait sheet (its em box's top at `top`), drawn on a landscape
    /// page so that it stands on the sheet where it would on any other page, upright when the
    /// sheet is: each run turned a quarter clockwise on the page.
    fn line_upright_on_sheet(&mut self, line: &Line, top: f32, geo: &Geometry) {
        let first = self.frame.items.len();
        self.line(line, top, geo);
        // Sheet (x, y) is page (sheet height − y, x): the sheet's baseline becomes a vertical
        // line on the page, read downwards.
        let left = self.area.left;
        for item in &mut self.frame.items[first..] {
            let Item::Text(run) = item else { continue };
            let Some(origin) = run.glyphs.first().map(|g| g.x - left + geo.margin_left) else {
                continue;
            };
            let pivot = (geo.page_height - run.baseline, origin);
            for g in &mut run.glyphs {
                g.x = pivot.0 + (g.x - left + geo.margin_left - origin);
            }
            run.baseline = pivot.1;
            run.rotation = Rotation::Clockwise;
        }
    }

    /// The 版头, over the lines the flow left free for it on the first page.
    /// Drawn first, so that its text reads before the page's.
    fn masthead(&mut self, masthead: &super::masthead::Masthead, geo: &Geometry) {
        let body = std::mem::take(&mut self.frame.items);
        // In reading order: 份号 and the rest, the mark, the number (and 签发人), the rule.
        type Placed<'a> = Vec<&'a (f32, Line)>;
        let (before, after): (Placed, Placed) = masthead
            .text
            .iter()
            .partition(|(top, _)| masthead.mark.iter().all(|r| *top < r.baseline));
        for (top, line) in before {
            self.line(line, *top, geo);
        }
        self.frame.items.extend(masthead.mark.iter().cloned().map(Item::Text));
        for (top, line) in after {
            self.line(line, *top, geo);
        }
        self.frame.items.extend(masthead.rules.iter().copied().map(Item::Rule));
        self.frame.items.extend(body);
    }

    /// A placed line whose em box's top is at `top`: one run per style.
    fn line(&mut self, line: &Line, top: f32, geo: &Geometry) {
        let mut rest = line.glyphs.as_slice();
        while let Some(first) = rest.first() {
            let n = rest.iter().take_while(|g| g.style == first.style).count();
            let (run, after) = rest.split_at(n);
            rest = after;
            let style = first.style;
            let mut glyphs: Vec<PositionedGlyph> = Vec::with_capacity(run.len());
            let mut space_before = false;
            for g in run {
                if matches!(super::classify(g.ch), Class::Space | Class::FullSpace) {
                    space_before = !glyphs.is_empty();
                } else if g.gid != 0 {
                    glyphs.push(glyph(g, self.area.left, geo, space_before));
                    space_before = false;
                }
            }
            if glyphs.is_empty() {
                continue;
            }
            self.frame.items.push(Item::Text(TextRun {
                role: style.role(),
                size: style.size(),
                color: Color::BLACK,
                baseline: top + EM_ASCENT * style.size(),
                letter_spacing: geo.tracking_for(style.size()),
                rotation: Rotation::Upright,
                glyphs,
            }));
        }
    }

    fn rule(&mut self, y: f32, thickness: f32, geo: &Geometry) {
        self.frame.items.push(Item::Rule(Rule {
            from: (geo.margin_left, y),
            to: (geo.margin_left + geo.area_width, y),
            thickness,
            color: Color::BLACK,
        }));
    }
}

/// A placed character as the frame holds it: its origin on the paper (the type area's left edge
/// at `left`), and the room it was given without the tracking.
fn glyph(g: &Placed, left: f32, geo: &Geometry, space_before: bool) -> PositionedGlyph {
    PositionedGlyph {
        gid: g.gid,
        ch: g.ch,
        x: left + g.x - g.shift,
        advance: g.width + g.shift - geo.tracking_for(g.style.size()),
        space_before,
    }
}

/// "— N —" in 四号 Song, its top 7 mm below the type area; odd pages to the right and even pages
/// to the left, one character in from the edge of the type area. The line's x are from the type
/// area's left edge, as every placed line's.
fn folio(number: usize, fonts: &FontSet, geo: &Geometry) -> (f32, Line) {
    let style = Style::PageNumber;
    let size = style.size();
    let font = fonts.font(Role::PageNumber);
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

/// The 版记 (GB/T 9704 7.4): at the foot of the last page, the last rule on the type area's
/// bottom edge, the copy-to above the printed-by line, 0.35 mm rules first and last and a
/// 0.25 mm one between. It gets a page of its own when the last page has no room. With a
/// printed-by line (an issued document) the 版记 page is an even page: the 版记 moves to the
/// next page when the last one is odd, and when that next page would be odd too a blank page
/// comes first; then neither the blank page nor the 版记 page carries a page number.
fn place_imprint(copy_to: &[Line], printed_by: Option<&Line>, pages: &mut Vec<PageBuilder>, geo: &Geometry) {
    let lines = copy_to.len().saturating_add(usize::from(printed_by.is_some()));
    if lines == 0 {
        return;
    }
    let needed = lines.saturating_add(1);
    let fits = pages.last().is_some_and(|p| {
        p.area.orientation == Orientation::Portrait && p.used.saturating_add(needed) <= geo.lines_per_page
    });
    let last_is_even = pages.len().is_multiple_of(2);
    if printed_by.is_some() {
        if !(fits && last_is_even) {
            if last_is_even {
                // The next page is odd: a blank page, then the 版记 on the even one after it.
                let mut blank = PageBuilder::new(geo, 0);
                blank.numbered = false;
                pages.push(blank);
                let mut page = PageBuilder::new(geo, 0);
                page.numbered = false;
                pages.push(page);
            } else {
                pages.push(PageBuilder::new(geo, 0));
            }
        }
    } else if !fits {
        pages.push(PageBuilder::new(geo, 0));
    }
    let Some(page) = pages.last_mut() else { return };
    let pitch = geo.line_pitch();
    let slot_top = |slot: usize| geo.margin_top + slot as f32 * pitch;
    // The caller made sure the 版记 fits on a page, rules included.
    let first_slot = geo.lines_per_page.saturating_sub(lines);
    let mut slot = first_slot;
    if !copy_to.is_empty() {
        page.rule(slot_top(slot) - 0.25 * pitch, 0.35 * PT_PER_MM, geo);
        for line in copy_to {
            page.line(line, slot_top(slot), geo);
            slot = slot.saturating_add(1);
        }
    }
    if let Some(line) = printed_by {
        let thickness = if copy_to.is_empty() { 0.35 } else { 0.25 };
        page.rule(slot_top(slot) - 0.25 * pitch, thickness * PT_PER_MM, geo);
        page.line(line, slot_top(slot), geo);
    }
    page.rule(geo.margin_top + geo.area_height, 0.35 * PT_PER_MM, geo);
}

/// Characters the fonts cannot draw: one problem per font role, naming each character and the
/// Markdown lines it occurs on.
fn missing_problems(missing: &[Missing]) -> Vec<Problem> {
    let mut by_role: BTreeMap<Role, (String, BTreeMap<char, Vec<usize>>)> = BTreeMap::new();
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
            Problem {
                line: chars.values().flatten().min().copied(),
                message: format!(
                    "字体 {font} 没有这些字符，{}无法显示（characters missing from the font）：{}。请换用含这些字的字体（--font {}=文件），或改写这些字",
                    role.describe(),
                    list.join("、"),
                    role.key()
                ),
                missing: Some(MissingChars {
                    role,
                    font,
                    chars: chars.keys().copied().collect(),
                }),
                field: None,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_signature_gives_the_issuers_and_an_iso_date() {
        let blocks = blocks::parse(
            "# 标题\n\n正文。\n\n<!-- gongwen:signature -->\n中共XX镇委员会\\\n　　XX镇人民政府\\\n2021年3月5日\n",
        );
        let (issuers, date) = signed_by(&blocks);
        assert_eq!(issuers, ["中共XX镇委员会", "XX镇人民政府"]);
        assert_eq!(date.as_deref(), Some("2021-03-05"));
    }

    #[test]
    fn only_a_real_looking_date_is_taken_as_the_date() {
        assert_eq!(iso_date("2021年12月31日").as_deref(), Some("2021-12-31"));
        for text in [
            "2021年13月1日",
            "二〇二一年三月五日",
            "2021年3月",
            "年月日",
            "2021年0月5日",
            "12345年1月1日",
        ] {
            assert_eq!(iso_date(text), None, "{text}");
        }
        // A last line that is no date stays an issuer.
        let blocks = blocks::parse("<!-- gongwen:signature -->\n中共XX镇委员会\n");
        assert_eq!(signed_by(&blocks), (vec!["中共XX镇委员会".to_string()], None));
    }
}
