//! 版头 (GB/T 9704 7.2): 份号, 密级和保密期限 and 紧急程度 flush left on the first lines, in that
//! order; the 发文机关标志 in red 小标宋, its top edge 35 mm below the type area's top, as large as
//! fits the type area's width but no wider than 15 mm a character; several organs stacked, each
//! spread to the longest's width, with 文件 to their right, centred on them; the 发文字号 two
//! lines below the mark, centred, or for 上行文 flush left with one character free on the line of
//! the last 签发人, who stand right-aligned with one character free; the red rule 4 mm below
//! the number, as wide as the type area. The title follows two lines below the rule.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap
use super::measure::{Span, restyled};
use super::{EM_ASCENT, Geometry, Glyph, Line, PT_PER_MM, Style};
use crate::fonts::Role;
use crate::frame::{Color, PositionedGlyph, Rotation, Rule, TextRun};
use crate::renderer::blocks::{Block, Kind};

/// The widest a character of the mark may be (GB/T 9704: under 22 mm × 15 mm).
const MARK_MAX_CHAR: f32 = 15.0 * PT_PER_MM;
/// The tallest the stacked names may be, so that number, rule, title and some body still fit
/// the first page (two organs take 34 mm, three 53 mm).
pub const MARK_MAX_HEIGHT: f32 = 80.0 * PT_PER_MM;
/// The red rule's thickness: 2.25 pt, the usual 红头 line (the standard gives none).
pub const RED_RULE: f32 = 2.25;
/// Space between stacked organ names, and between the names and 文件, in ems of the mark.
const MARK_GAP: f32 = 0.25;

/// The 版头, placed: what page breaking must leave free and what is drawn there.
pub struct Masthead {
    /// Grid lines of the first page the 版头 takes, the two blank lines below the red rule
    /// included: the title starts on the next.
    pub lines: usize,
    /// Lines in the body's styles, with the top of each one's em box (points from the paper's
    /// top); x from the type area's left edge.
    pub text: Vec<(f32, Line)>,
    /// The mark, in red, in paper coordinates.
    pub mark: Vec<TextRun>,
    pub rules: Vec<Rule>,
}

/// The indices of a 版头's blocks at the start of a document, if it has one: those before the
/// first title, when an issuer mark is among them.
pub fn blocks(blocks: &[Block]) -> Option<Vec<usize>> {
    let head: Vec<usize> = blocks
        .iter()
        .enumerate()
        .take_while(|(_, b)| b.kind != Kind::Title)
        .filter(|(_, b)| {
            matches!(
                b.kind,
                Kind::CopyNumber | Kind::Secrecy | Kind::Urgency | Kind::IssuerMark | Kind::Signers | Kind::DocNumber
            )
        })
        .map(|(i, _)| i)
        .collect();
    head.iter()
        .any(|&i| blocks.get(i).is_some_and(|b| b.kind == Kind::IssuerMark))
        .then_some(head)
}

/// Set the 版头 of `head` (from [`blocks`]). `measured` measures spans (the mark at 二号, then
/// scaled: the title font's advances are proportional to its size).
pub fn set(head: &[&Block], geo: &Geometry, measured: &mut dyn FnMut(&[Span]) -> Vec<Glyph>) -> Masthead {
    let pitch = geo.line_pitch();
    let slot_top = |slot: usize| geo.margin_top + slot as f32 * pitch;
    let mut text = Vec::new();
    // 份号, 密级和保密期限, 紧急程度: one a line from the top, in that order.
    let mut slot = 0usize;
    for kind in [Kind::CopyNumber, Kind::Secrecy, Kind::Urgency] {
        for block in head.iter().filter(|b| b.kind == kind) {
            let style = if kind == Kind::CopyNumber {
                Style::Body
            } else {
                Style::Heading1
            };
            for segment in &block.segments {
                text.push((slot_top(slot), Line::natural(&measured(&restyled(segment, style)), 0.0)));
                slot = slot.saturating_add(1);
            }
        }
    }
    let (mark, mark_bottom) = mark(head, geo, measured);
    // The number two blank lines below the mark.
    let below_mark = ((mark_bottom - geo.margin_top) / pitch).ceil().max(0.0) as usize;
    let first = below_mark.saturating_add(2).max(slot);
    let number = head.iter().find(|b| b.kind == Kind::DocNumber);
    let signers = head.iter().find(|b| b.kind == Kind::Signers);
    let mut last = first;
    match signers {
        Some(signers) => {
            let lines = signer_lines(signers, geo, measured);
            for (k, line) in lines.into_iter().enumerate() {
                last = first.saturating_add(k);
                text.push((slot_top(last), line));
            }
            // 上行文: the number flush left, one character free, on the last signer's line.
            if let Some(number) = number {
                let glyphs: Vec<Glyph> = number.segments.iter().flat_map(|s| measured(s)).collect();
                text.push((slot_top(last), Line::natural(&glyphs, geo.char_pitch())));
            }
        }
        None => {
            if let Some(number) = number {
                for (k, segment) in number.segments.iter().enumerate() {
                    last = first.saturating_add(k);
                    text.push((slot_top(last), Line::centred(&measured(segment), geo.area_width)));
                }
            }
        }
    }
    // The red rule 4 mm below the number's em box, as wide as the type area.
    let rule_y = slot_top(last) + Style::Body.size() + 4.0 * PT_PER_MM;
    let rules = vec![Rule {
        from: (geo.margin_left, rule_y),
        to: (geo.margin_left + geo.area_width, rule_y),
        thickness: RED_RULE,
        color: Color::RED,
    }];
    // The title two blank lines below the rule.
    let below_rule = ((rule_y + RED_RULE / 2.0 - geo.margin_top) / pitch).ceil().max(0.0) as usize;
    Masthead {
        lines: below_rule.saturating_add(2),
        text,
        mark,
        rules,
    }
}

/// 签发人：names, two a line, the names in 楷体, right-aligned with one character free; a
/// second line's names start under the first line's.
fn signer_lines(block: &Block, geo: &Geometry, measured: &mut dyn FnMut(&[Span]) -> Vec<Glyph>) -> Vec<Line> {
    let label = "签发人：";
    let lines: Vec<(Vec<Glyph>, Vec<Glyph>)> = block
        .segments
        .iter()
        .enumerate()
        .map(|(k, segment)| {
            let text: String = segment.iter().map(|s| s.text.as_str()).collect();
            let line = segment.first().map_or(block.line, |s| s.source_line);
            let names = if k == 0 {
                text.strip_prefix(label).unwrap_or(&text)
            } else {
                text.as_str()
            };
            let names = names.trim_start_matches('\u{3000}');
            let span = |text: &str, style| Span {
                text: text.to_string(),
                style,
                source_line: line,
            };
            let head = if k == 0 && text.starts_with(label) {
                measured(&[span(label, Style::Body)])
            } else {
                Vec::new()
            };
            (head, measured(&[span(names, Style::Heading2)]))
        })
        .collect();
    let widest = lines
        .iter()
        .map(|(_, names)| names.iter().map(|g| g.width).sum::<f32>())
        .fold(0.0, f32::max);
    let names_x = (geo.area_width - geo.char_pitch() - widest).max(0.0);
    lines
        .into_iter()
        .map(|(head, names)| {
            let head_width: f32 = head.iter().map(|g| g.width).sum();
            let mut line = Line::natural(&head, (names_x - head_width).max(0.0));
            line.glyphs.extend(Line::natural(&names, names_x).glyphs);
            line
        })
        .collect()
}

/// The mark's runs and the y of its bottom edge.
fn mark(head: &[&Block], geo: &Geometry, measured: &mut dyn FnMut(&[Span]) -> Vec<Glyph>) -> (Vec<TextRun>, f32) {
    let top = geo.margin_top + 35.0 * PT_PER_MM;
    let Some(block) = head.iter().find(|b| b.kind == Kind::IssuerMark) else {
        return (Vec::new(), top);
    };
    let mut lines: Vec<Vec<Glyph>> = block
        .segments
        .iter()
        .map(|s| measured(&restyled(s, Style::Title)))
        .filter(|g| !g.is_empty())
        .collect();
    let is_file = |g: &Vec<Glyph>| g.iter().map(|g| g.ch).eq("文件".chars());
    let file = if lines.len() > 1 && lines.last().is_some_and(is_file) {
        lines.pop()
    } else {
        None
    };
    let natural = Style::Title.size();
    let width = |g: &[Glyph]| g.iter().map(|g| g.width).sum::<f32>() / natural;
    // Widths in ems: one organ runs on into 文件; several are stacked with 文件 beside them.
    let names_em = lines.iter().map(|l| width(l)).fold(0.0, f32::max);
    let one_line = lines.len() == 1;
    // Beside stacked names, 文件 is larger, spanning them (0.8 of their height, at most twice
    // their size): as red-head documents set it.
    let file_scale = if one_line {
        1.0
    } else {
        (0.8 * (lines.len() as f32 + lines.len().saturating_sub(1) as f32 * MARK_GAP)).min(2.0)
    };
    let file_em = file.as_ref().map_or(0.0, |f| width(f)) * file_scale;
    let total_em = if one_line {
        names_em + file_em
    } else if file.is_some() {
        names_em + MARK_GAP + file_em
    } else {
        names_em
    };
    // A Hanzi of the title font is an em wide: an em of at most 15 mm (文件 beside stacked names
    // is larger: the rule holds for the names).
    let stacked_ems = lines.len() as f32 + lines.len().saturating_sub(1) as f32 * MARK_GAP;
    let size = if total_em > 0.0 {
        (geo.area_width / total_em).min(MARK_MAX_CHAR)
    } else {
        MARK_MAX_CHAR
    }
    .min(MARK_MAX_HEIGHT / stacked_ems.max(1.0));
    let scale = size / natural;
    let left = geo.margin_left + (geo.area_width - total_em * size) / 2.0;
    let mut runs = Vec::new();
    let n = lines.len();
    let height = n as f32 * size + n.saturating_sub(1) as f32 * MARK_GAP * size;
    for (k, glyphs) in lines.iter().enumerate() {
        let y = top + k as f32 * (1.0 + MARK_GAP) * size;
        // Stacked names are spread to the longest one's width.
        let own = width(glyphs) * size;
        let gaps = glyphs.len().saturating_sub(1).max(1) as f32;
        let spread = if one_line { 0.0 } else { (names_em * size - own) / gaps };
        let mut x = left;
        let mut run = Vec::new();
        for g in glyphs {
            run.push(glyph(g, x, scale));
            x += g.width * scale + spread;
        }
        if one_line && let Some(file) = &file {
            for g in file {
                run.push(glyph(g, x, scale));
                x += g.width * scale;
            }
        }
        runs.push(red_run(run, size, y));
    }
    if !one_line && let Some(file) = &file {
        // 文件 to the right of the names, centred on them.
        let file_size = size * file_scale;
        let mut x = left + (names_em + MARK_GAP) * size;
        let y = top + (height - file_size) / 2.0;
        let run = file
            .iter()
            .map(|g| {
                let p = glyph(g, x, scale * file_scale);
                x += g.width * scale * file_scale;
                p
            })
            .collect();
        runs.push(red_run(run, file_size, y));
    }
    (runs, top + height)
}

fn glyph(g: &Glyph, x: f32, scale: f32) -> PositionedGlyph {
    PositionedGlyph {
        gid: g.gid,
        ch: g.ch,
        x,
        advance: g.width * scale,
        space_before: false,
    }
}

/// A run of the mark whose em box's top is at `top`.
fn red_run(glyphs: Vec<PositionedGlyph>, size: f32, top: f32) -> TextRun {
    TextRun {
        role: Role::Title,
        size,
        color: Color::RED,
        baseline: top + EM_ASCENT * size,
        letter_spacing: 0.0,
        rotation: Rotation::Upright,
        glyphs: glyphs.into_iter().filter(|g| g.gid != 0).collect(),
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::layout::test_glyphs;
    use crate::renderer::blocks;

    fn texts(lines: &[(f32, Line)]) -> Vec<String> {
        lines.iter().map(|(_, l)| l.text()).collect()
    }

    fn set_md(md: &str) -> Masthead {
        let parsed = blocks::parse(md);
        let head: Vec<&Block> = super::blocks(&parsed)
            .expect("a masthead")
            .into_iter()
            .map(|i| &parsed[i])
            .collect();
        set(&head, &Geometry::gbt9704(), &mut |spans: &[Span]| {
            spans.iter().flat_map(|s| test_glyphs(&s.text, s.style)).collect()
        })
    }

    #[test]
    fn the_mark_is_red_35_mm_down_and_within_the_type_area() {
        let geo = Geometry::gbt9704();
        for md in [
            "<!-- gongwen:issuer-mark -->\nXX镇人民政府\\\n文件\n\n<!-- gongwen:doc-number -->\n镇政发〔2021〕5号\n\n# 标题\n",
            "<!-- gongwen:issuer-mark -->\n中共XX镇委员会\\\nXX镇人民政府\\\n文件\n\n<!-- gongwen:doc-number -->\n镇委发〔2021〕5号\n\n# 标题\n",
        ] {
            let m = set_md(md);
            let top = m
                .mark
                .iter()
                .map(|r| r.baseline - EM_ASCENT * r.size)
                .fold(f32::MAX, f32::min);
            assert!((top - (geo.margin_top + 35.0 * PT_PER_MM)).abs() < 0.01);
            for run in &m.mark {
                assert_eq!(run.color, Color::RED);
                for g in &run.glyphs {
                    assert!(
                        g.x >= geo.margin_left - 0.01 && g.x + g.advance <= geo.margin_left + geo.area_width + 0.01
                    );
                }
            }
            // The names no larger than 15 mm a character.
            assert!(m.mark.iter().map(|r| r.size).fold(f32::MAX, f32::min) <= MARK_MAX_CHAR + 0.01);
            assert_eq!(m.rules[0].color, Color::RED);
            assert!(m.lines > 8 && m.lines < 15, "{}", m.lines);
            assert!(texts(&m.text).iter().any(|t| t.contains("〔2021〕")));
        }
    }

    #[test]
    fn many_organs_stay_within_the_mark_height() {
        let organs: Vec<String> = (0..12).map(|i| format!("第{i}机关")).collect();
        let md = format!(
            "<!-- gongwen:issuer-mark -->\n{}\\\n文件\n\n<!-- gongwen:doc-number -->\n镇发〔2021〕1号\n\n# 标题\n",
            organs.join("\\\n")
        );
        let m = set_md(&md);
        let top = m
            .mark
            .iter()
            .map(|r| r.baseline - EM_ASCENT * r.size)
            .fold(f32::MAX, f32::min);
        let bottom = m
            .mark
            .iter()
            .map(|r| r.baseline - EM_ASCENT * r.size + r.size)
            .fold(0.0, f32::max);
        assert!(bottom - top <= MARK_MAX_HEIGHT + 0.01, "{}", bottom - top);
        assert!(m.lines < Geometry::gbt9704().lines_per_page, "{}", m.lines);
    }

    #[test]
    fn an_upward_document_puts_the_number_left_and_the_signers_right_on_one_line() {
        let geo = Geometry::gbt9704();
        let m = set_md(
            "<!-- gongwen:issuer-mark -->\nXX镇人民政府\\\n文件\n\n<!-- gongwen:signer -->\n签发人：张三　李四\n\n<!-- gongwen:doc-number -->\n镇政发〔2021〕5号\n\n# 请示\n",
        );
        let (number_top, number) = m.text.iter().find(|(_, l)| l.text().contains("〔")).unwrap();
        let (signer_top, signer) = m.text.iter().find(|(_, l)| l.text().contains("签发人")).unwrap();
        assert_eq!(number_top, signer_top);
        assert!((number.glyphs[0].x - geo.char_pitch()).abs() < 0.01);
        assert!((signer.right() - (geo.area_width - geo.char_pitch())).abs() < 0.01);
        // The names in 楷体, the label in 仿宋.
        assert_eq!(signer.glyphs[0].style, Style::Body);
        assert_eq!(signer.glyphs.last().unwrap().style, Style::Heading2);
    }
}
