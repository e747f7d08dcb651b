//! Blocks → a flow of grid lines, each element set as GB/T 9704 places it.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap (issue 10.7)
use crate::fonts::FontSet;
use crate::layout::linebreak::{Measure, break_lines};
use crate::layout::measure::{Missing, Span, measure};
use crate::layout::page::{FlowItem, Slot};
use crate::layout::title::break_title;
use crate::layout::{Geometry, Glyph, Line};
use crate::renderer::blocks::{Block, Kind, attachment_prefix_len, signature_starts};

/// What the page stage needs: the flow, and the 版记 lines that go to the foot of the last page.
pub struct Composed {
    pub flow: Vec<FlowItem>,
    pub copy_to: Vec<Line>,
    /// The Markdown line of the copy-to block, for messages.
    pub copy_to_line: usize,
}

/// Why blocks could not be composed.
pub enum ComposeError {
    /// Characters the fonts cannot draw.
    Missing(Vec<Missing>),
    /// More lines than `max_lines`: the document is too long, found before breaking pages.
    TooLong { line: usize },
}

/// Compose `blocks`, giving up as soon as the flow holds more than `max_lines` lines (a page
/// holds at most `lines_per_page`, so the document would be over its page limit): the rest of
/// an oversized input is never laid out.
pub fn compose(blocks: &[Block], fonts: &FontSet, geo: &Geometry, max_lines: usize) -> Result<Composed, ComposeError> {
    let mut missing = Vec::new();
    let mut measured = |spans: &[Span]| measure(spans, fonts, geo, &mut missing);
    let pitch = geo.char_pitch();
    let width = geo.area_width;
    let body = Measure {
        first_indent: 2.0 * pitch,
        rest_indent: 0.0,
        width,
        justify: true,
    };
    let mut flow: Vec<FlowItem> = Vec::new();
    let mut copy_to = Vec::new();
    let mut copy_to_line = 1;
    let name_columns = super::name_list::columns(blocks, pitch, &mut measured);

    for (i, block) in blocks.iter().enumerate() {
        // (The 版记's lines do not flow: too many of them are refused once measured.)
        if block.kind != Kind::CopyTo && flow.len().saturating_add(fewest_lines(block, width)) > max_lines {
            return Err(ComposeError::TooLong { line: block.line });
        }
        match block.kind {
            Kind::Title => {
                for segment in &block.segments {
                    flow.extend(break_title(&measured(segment), width).into_iter().map(FlowItem::kept));
                }
                // One blank body line between the title and what follows.
                if i.saturating_add(1) < blocks.len() {
                    flow.push(FlowItem::blank());
                }
            }
            Kind::DocNumber => {
                // Centred; a number too long for one line (hand-written Markdown) wraps, each
                // line centred, rather than running off the page.
                let wrap = Measure {
                    first_indent: 0.0,
                    rest_indent: 0.0,
                    width,
                    justify: false,
                };
                for segment in &block.segments {
                    let lines = break_lines(&measured(segment), &wrap);
                    flow.extend(lines.into_iter().map(|l| FlowItem::text(l.centred_in(width))));
                }
                flow.push(FlowItem::blank());
            }
            Kind::Addressee => {
                let flush = Measure {
                    first_indent: 0.0,
                    ..body
                };
                for segment in &block.segments {
                    flow.extend(break_lines(&measured(segment), &flush).into_iter().map(FlowItem::text));
                }
            }
            Kind::Heading(level) => {
                let first = flow.len();
                for segment in &block.segments {
                    flow.extend(break_lines(&measured(segment), &body).into_iter().map(FlowItem::kept));
                }
                if let Some(item) = flow.get_mut(first) {
                    item.heading = Some((level, block.text()));
                }
            }
            Kind::Paragraph => match (crate::renderer::name_list::parse(block), name_columns) {
                (Some(lines), Some(columns)) => {
                    for (segment, line) in block.segments.iter().zip(&lines) {
                        let set = super::name_list::set(segment, line, columns, width, &mut measured);
                        flow.extend(set.into_iter().map(FlowItem::text));
                    }
                }
                _ => {
                    for segment in &block.segments {
                        flow.extend(break_lines(&measured(segment), &body).into_iter().map(FlowItem::text));
                    }
                }
            },
            Kind::Attachments => {
                // The 附件说明 belongs to the signature block, which never stands alone on a
                // page: it keeps with the body's last line above it and with what follows.
                keep_last_line_with_next(&mut flow);
                flow.push(FlowItem::new(Slot::Blank, true));
                // Wrapped lines align with the attachment's name, after 附件： and any "1. "
                // (at most half the measure, whatever a hand-written note puts before its ：).
                let hang = block.segments.first().map_or(0.0, |s| {
                    let glyphs = measured(s);
                    let text: String = glyphs.iter().map(|g| g.ch).collect();
                    let prefix = attachment_prefix_len(&text);
                    glyphs[..prefix].iter().map(|g| g.width).sum::<f32>()
                });
                let m = Measure {
                    rest_indent: (2.0 * pitch + hang).min(width / 2.0),
                    ..body
                };
                for segment in &block.segments {
                    flow.extend(break_lines(&measured(segment), &m).into_iter().map(FlowItem::kept));
                }
            }
            Kind::Signature => {
                // The signature never stands alone on a page: the line above goes with it.
                keep_last_line_with_next(&mut flow);
                flow.push(FlowItem::new(Slot::Blank, true));
                // A name too long for the room right of two free characters (a long organ
                // name, a hand-written line) wraps instead of running off the page.
                let wrap = Measure {
                    first_indent: 0.0,
                    rest_indent: 0.0,
                    width: width - 2.0 * pitch,
                    justify: false,
                };
                let lines: Vec<Vec<Glyph>> = block
                    .segments
                    .iter()
                    .flat_map(|s| {
                        let glyphs = measured(s);
                        if glyphs.iter().map(|g| g.width).sum::<f32>() <= wrap.width {
                            vec![glyphs]
                        } else {
                            rewrap(&glyphs, &break_lines(&glyphs, &wrap))
                        }
                    })
                    .collect();
                let placed = place_signature(&lines, geo);
                let n = placed.len();
                for (k, line) in placed.into_iter().enumerate() {
                    flow.push(FlowItem::new(Slot::Text(line), k.saturating_add(1) < n));
                }
            }
            Kind::CopyTo => {
                copy_to_line = block.line;
                let size = crate::layout::Style::Small.size();
                for segment in &block.segments {
                    let spans: Vec<Span> = segment
                        .iter()
                        .map(|s| Span {
                            style: crate::layout::Style::Small,
                            ..s.clone()
                        })
                        .collect();
                    let glyphs = measured(&spans);
                    // Wrapped lines align after 抄送：, at most half the measure.
                    let label: f32 = (glyphs.iter().take_while(|g| g.ch != '：').map(|g| g.width).sum::<f32>()
                        + glyphs.iter().find(|g| g.ch == '：').map_or(0.0, |g| g.width))
                    .min(width / 2.0);
                    // One character free on the left and on the right.
                    let m = Measure {
                        first_indent: size,
                        rest_indent: size + label,
                        width: width - size,
                        justify: true,
                    };
                    copy_to.extend(break_lines(&glyphs, &m));
                }
            }
            Kind::PageBreak => flow.push(FlowItem::new(Slot::PageBreak, false)),
        }
    }
    if flow.len() > max_lines {
        Err(ComposeError::TooLong {
            line: blocks.last().map_or(1, |b| b.line),
        })
    } else if missing.is_empty() {
        Ok(Composed {
            flow,
            copy_to,
            copy_to_line,
        })
    } else {
        Err(ComposeError::Missing(missing))
    }
}

/// Keep the last text line of `flow` on the page of whatever comes next.
fn keep_last_line_with_next(flow: &mut [FlowItem]) {
    if let Some(last) = flow.iter_mut().rev().find(|f| matches!(f.slot, Slot::Text(_))) {
        last.keep_with_next = true;
    }
}

/// The glyphs of each of `lines` (broken from `glyphs`), to be placed again by another rule.
fn rewrap(glyphs: &[Glyph], lines: &[Line]) -> Vec<Vec<Glyph>> {
    let mut rest = glyphs;
    let mut out = Vec::new();
    for line in lines {
        // Word spaces at a break were dropped from the lines: skip them here too.
        while rest.first().is_some_and(|g| g.class == crate::layout::Class::Space) {
            rest = &rest[1..];
        }
        let n = line.glyphs.len().min(rest.len());
        out.push(rest[..n].to_vec());
        rest = &rest[n..];
    }
    out
}

/// The fewest lines `block` can take, from its characters alone and without measuring: each of
/// its lines at least one, every character counted at less than the narrowest it can be set
/// (half an em for Hanzi and marks, a sixth of one for Latin, nothing for spaces). A block whose fewest lines would already
/// overrun the page limit is refused before any of it is measured.
fn fewest_lines(block: &Block, width: f32) -> usize {
    use crate::layout::{Class, Style, classify};
    // No text is set smaller than the 版记's 四号.
    let smallest = f64::from(Style::Small.size());
    let lines: f64 = block
        .segments
        .iter()
        .map(|segment| {
            let ems: f64 = segment
                .iter()
                .flat_map(|span| span.text.chars())
                .map(|c| match classify(c) {
                    Class::Space => 0.0,
                    Class::Latin => 1.0 / 6.0,
                    _ => 0.5,
                })
                .sum();
            // Every line of a block takes a line of the page, and as many more as its
            // narrowest width needs.
            (ems * smallest / f64::from(width)).ceil().max(1.0)
        })
        .sum();
    lines as usize
}

/// 发文机关署名 and 成文日期 without a seal (GB/T 9704 7.3.5.2): the signature right-aligned
/// with two characters free; the date on the next line, its first character two characters
/// right of the signature's first. If the date would then run past the right edge, the date is
/// right-aligned with two characters free and the signature moves left to keep the offset.
pub fn place_signature(lines: &[Vec<Glyph>], geo: &Geometry) -> Vec<Line> {
    let widths: Vec<f32> = lines.iter().map(|l| l.iter().map(|g| g.width).sum()).collect();
    let starts = signature_starts(&widths, geo.area_width, geo.char_pitch());
    lines
        .iter()
        .zip(starts)
        .map(|(glyphs, x)| Line::natural(glyphs, x))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Style;

    fn glyphs(text: &str) -> Vec<Glyph> {
        crate::layout::test_glyphs(text, Style::Body)
    }

    #[test]
    fn signature_and_date_follow_the_standard() {
        let geo = Geometry::gbt9704();
        let two = 2.0 * geo.char_pitch();
        let lines = place_signature(&[glyphs("中共XX镇委员会"), glyphs("2021年3月15日")], &geo);
        // Signature right-aligned with two characters free.
        assert!((lines[0].right() - (geo.area_width - two)).abs() < 0.01);
        // Date starts two characters right of the signature.
        assert!((lines[1].glyphs[0].x - (lines[0].glyphs[0].x + two)).abs() < 0.01);

        // A short signature would push the date past the edge: date right-aligned, signature moved.
        let lines = place_signature(&[glyphs("XX镇"), glyphs("2021年12月31日")], &geo);
        assert!((lines[1].right() - (geo.area_width - two)).abs() < 0.01);
        assert!((lines[1].glyphs[0].x - (lines[0].glyphs[0].x + two)).abs() < 0.01);
    }
}
