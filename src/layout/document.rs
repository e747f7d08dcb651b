//! Markdown → the laid-out document ([`crate::frame`]): blocks ([`crate::renderer::blocks`]) →
//! a flow of grid lines ([`super::compose`], with the line breaking of [`super::linebreak`] and
//! [`super::title`]) → pages ([`super::page`]) → frames of positioned glyph runs and rules, with
//! page numbers and the 版记 placed as GB/T 9704 places them.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap (issue 10.7)
use super::compose::{ComposeError, compose};
use super::measure::Missing;
use super::page::break_pages;
use super::{Geometry, Line, PT_PER_MM, Placed, Style};
use crate::diagnostic::Diagnostic;
use crate::fonts::{FontSet, Role};
use crate::frame::{Color, Document, Frame, Item, OutlineEntry, PositionedGlyph, Rule, TextRun};
use crate::layout::Class;
use crate::renderer::blocks;
use std::collections::BTreeMap;
use std::path::Path;

/// A document longer than this is refused rather than laid out: no 工作方案 comes close, and
/// the bound keeps a runaway input from exhausting memory.
pub const MAX_PAGES: usize = 500;

/// Part of the CJK em box above the baseline: the em box's top is what sits on a grid line.
const EM_ASCENT: f32 = 0.88;

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

/// Lay out `markdown`: the document, or every reason it cannot be.
pub fn lay_out(markdown: &str, fonts: &FontSet) -> Result<Document, Vec<Problem>> {
    let geo = Geometry::gbt9704();
    let blocks = blocks::parse_printable(markdown).map_err(|refused| {
        refused
            .into_iter()
            .map(|r| Problem::new(Some(r.line), r.message))
            .collect::<Vec<_>>()
    })?;
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
    let composed =
        compose(&blocks, fonts, &geo, MAX_PAGES.saturating_mul(geo.lines_per_page)).map_err(|e| match e {
            ComposeError::Missing(m) => missing_problems(&m),
            ComposeError::TooLong { .. } => too_long(format!("排到第 {MAX_PAGES} 页时还没有排完")),
        })?;
    let pages = break_pages(composed.flow, geo.lines_per_page);
    if pages.len() > MAX_PAGES {
        return Err(too_long(format!("有 {} 页", pages.len())));
    }
    let pitch = geo.line_pitch();
    let slot_top = |slot: usize| geo.margin_top + slot as f32 * pitch;
    let mut outline = Vec::new();
    let mut frames: Vec<PageBuilder> = pages
        .into_iter()
        .enumerate()
        .map(|(i, page)| {
            outline.extend(page.headings.into_iter().map(|(slot, level, title)| OutlineEntry {
                level,
                title,
                page: i,
                y: slot_top(slot),
            }));
            let mut frame = PageBuilder::new(&geo, page.used);
            for (slot, line) in &page.lines {
                frame.line(line, slot_top(*slot), &geo);
            }
            frame
        })
        .collect();
    // The 版记 takes its lines and the rule above them.
    let imprint = composed.copy_to.len().saturating_add(1);
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
    place_copy_to(&composed.copy_to, &mut frames, &geo);
    let pages = frames
        .into_iter()
        .enumerate()
        .map(|(i, mut page)| {
            let (top, line) = folio(i.saturating_add(1), fonts, &geo);
            page.line(&line, top, &geo);
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

/// A page being filled: its frame, and the grid slots its body takes.
struct PageBuilder {
    frame: Frame,
    used: usize,
}

impl PageBuilder {
    fn new(geo: &Geometry, used: usize) -> Self {
        PageBuilder {
            frame: Frame {
                width: geo.page_width,
                height: geo.page_height,
                items: Vec::new(),
            },
            used,
        }
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
                    glyphs.push(glyph(g, geo, space_before));
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

/// A placed character as the frame holds it: its origin on the paper, and the room it was given
/// without the tracking.
fn glyph(g: &Placed, geo: &Geometry, space_before: bool) -> PositionedGlyph {
    PositionedGlyph {
        gid: g.gid,
        ch: g.ch,
        x: geo.margin_left + g.x - g.shift,
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

/// The 版记: at the foot of the last page, between rules, the last rule on the type area's
/// bottom edge. It gets a page of its own when the last page has no room.
fn place_copy_to(lines: &[Line], pages: &mut Vec<PageBuilder>, geo: &Geometry) {
    if lines.is_empty() {
        return;
    }
    let pitch = geo.line_pitch();
    let needed = lines.len().saturating_add(1);
    if pages
        .last()
        .is_none_or(|p| p.used.saturating_add(needed) > geo.lines_per_page)
    {
        pages.push(PageBuilder::new(geo, 0));
    }
    let Some(page) = pages.last_mut() else { return };
    let bottom = geo.margin_top + geo.area_height;
    // The caller made sure the 版记 fits on a page, rules included.
    let first_slot = geo.lines_per_page.saturating_sub(lines.len());
    page.rule(
        geo.margin_top + first_slot as f32 * pitch - 0.25 * pitch,
        0.35 * PT_PER_MM,
        geo,
    );
    page.rule(bottom, 0.35 * PT_PER_MM, geo);
    for (k, line) in lines.iter().enumerate() {
        page.line(line, geo.margin_top + first_slot.saturating_add(k) as f32 * pitch, geo);
    }
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
