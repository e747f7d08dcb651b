//! Blocks → a flow of grid lines, each element set as GB/T 9704 places it.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap (issue 10.7)
use crate::fonts::FontSet;
use crate::layout::linebreak::{Measure, break_lines};
use crate::layout::masthead::Masthead;
use crate::layout::measure::{Missing, Span, measure, restyled};
use crate::layout::page::{FlowItem, Orientation, Slot};
use crate::layout::seal::{self, Attached};
use crate::layout::table::{MeasuredTable, SetTable, measure_table};
use crate::layout::title::break_title;
use crate::layout::{Geometry, Glyph, Line, Style};
use crate::renderer::blocks::{Block, Kind, attachment_prefix_len, signature_starts};

/// What the page stage needs: the flow, the 版记 lines that go to the foot of the last page,
/// and the document's tables (for their rules and repeated header rows).
pub struct Composed {
    pub flow: Vec<FlowItem>,
    pub copy_to: Vec<Line>,
    pub tables: Vec<SetTable>,
    /// The Markdown line of the copy-to block, for messages.
    pub copy_to_line: usize,
    /// The 版记's last line: the printing office and the date it printed the document.
    pub printed_by: Option<Line>,
    /// The 版头, drawn on the first page over the lines the flow leaves free for it.
    pub masthead: Option<Masthead>,
}

/// Reads an image a document names (a seal), by the path as written.
pub type ImageLoader<'a> = &'a dyn Fn(&str) -> Result<std::sync::Arc<crate::image::Image>, String>;

/// Why blocks could not be composed.
pub enum ComposeError {
    /// Characters the fonts cannot draw.
    Missing(Vec<Missing>),
    /// More lines than `max_lines`: the document is too long, found before breaking pages.
    TooLong { line: usize },
    /// An image that cannot be read, at its Markdown line.
    Image { line: usize, message: String },
}

/// Compose `blocks`, giving up as soon as the flow holds more than `max_lines` lines (a page
/// holds at most `lines_per_page`, so the document would be over its page limit): the rest of
/// an oversized input is never laid out.
pub fn compose(
    blocks: &[Block],
    fonts: &FontSet,
    geo: &Geometry,
    max_lines: usize,
    images: ImageLoader,
) -> Result<Composed, ComposeError> {
    let mut missing = Vec::new();
    let mut measured = |spans: &[Span]| measure(spans, fonts, geo, &mut missing);
    let pitch = geo.char_pitch();
    // A landscape page's type area is the portrait one turned: 225 mm wide.
    let landscape_width = geo.area_height;
    let measured_tables: Vec<Option<MeasuredTable>> = blocks
        .iter()
        .map(|b| b.table.as_ref().map(|t| measure_table(t, &mut measured)))
        .collect();
    let mut width = geo.area_width;
    let mut flow: Vec<FlowItem> = Vec::new();
    let mut copy_to = Vec::new();
    let mut tables: Vec<SetTable> = Vec::new();
    let mut copy_to_line = 1;
    let name_columns = super::name_list::columns(blocks, pitch, &mut measured);
    // Inside an attachment set on landscape pages (it holds a table too wide for portrait).
    let mut landscape_attachment = false;
    let mut printed_by = None;
    // The 版头 takes the first lines of the first page; its blocks are set by it.
    let head = crate::layout::masthead::blocks(blocks).unwrap_or_default();
    let masthead = (!head.is_empty()).then(|| {
        let parts: Vec<&Block> = head.iter().filter_map(|&k| blocks.get(k)).collect();
        crate::layout::masthead::set(&parts, geo, &mut measured)
    });
    if let Some(m) = &masthead {
        flow.extend((0..m.lines).map(|_| FlowItem::new(Slot::Reserved, true)));
    }

    for (i, block) in blocks.iter().enumerate() {
        if head.contains(&i) {
            continue;
        }
        let body = Measure {
            first_indent: 2.0 * pitch,
            rest_indent: 0.0,
            width,
            justify: true,
        };
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
                    let spans: Vec<Span> = restyled(segment, Style::Small);
                    let glyphs = measured(&spans);
                    // Wrapped lines align after 抄送：, at most half the measure.
                    let label: f32 = (glyphs.iter().take_while(|g| g.ch != '：').map(|g| g.width).sum::<f32>()
                        + glyphs.iter().find(|g| g.ch == '：').map_or(0.0, |g| g.width))
                    .min(width / 2.0);
                    // One character free on the left and on the right.
                    let m = Measure {
                        first_indent: size,
                        rest_indent: size + label,
                        width: geo.area_width - size,
                        justify: true,
                    };
                    copy_to.extend(break_lines(&glyphs, &m));
                }
            }
            Kind::PageBreak => flow.push(FlowItem::new(Slot::PageBreak(None), false)),
            Kind::SealedSignature => {
                keep_last_line_with_next(&mut flow);
                // The seal's top comes right under the body: two blank lines, then the names.
                for _ in 0..seal::BLANK_LINES {
                    flow.push(FlowItem::new(Slot::Blank, true));
                }
                let lines: Vec<Vec<Glyph>> = block.segments.iter().map(|s| measured(s)).collect();
                let Some((date, organs)) = lines.split_last() else {
                    continue;
                };
                let sealed = seal::place(organs, date, geo);
                let mut names = FlowItem::new(Slot::Text(sealed.names), true);
                for (k, centre) in sealed.seal_centres.iter().enumerate() {
                    let Some(image) = block.images.iter().find(|im| im.segment == k) else {
                        continue;
                    };
                    let loaded = images(&image.path).map_err(|message| ComposeError::Image {
                        line: block.line,
                        message: format!("印章图片 {}：{message}", image.path),
                    })?;
                    let (x, dy) = seal::seal_box(*centre, geo);
                    names.attached.push(Attached {
                        x,
                        dy,
                        width: seal::SEAL,
                        height: seal::SEAL,
                        image: loaded,
                        description: image.alt.clone(),
                    });
                }
                flow.push(names);
                let followed_by_note = blocks.get(i.saturating_add(1)).is_some_and(|b| b.kind == Kind::Note);
                flow.push(FlowItem::new(Slot::Text(sealed.date), followed_by_note));
            }
            Kind::Note => {
                // 附注 on the line below the date, in （）, indented two characters.
                for segment in &block.segments {
                    flow.extend(break_lines(&measured(segment), &body).into_iter().map(FlowItem::text));
                }
            }
            Kind::PrintedBy => {
                // The office one character from the left, the date one character from the right.
                let size = Style::Small.size();
                let mut segments: Vec<Vec<Glyph>> = block
                    .segments
                    .iter()
                    .map(|s| measured(&restyled(s, Style::Small)))
                    .collect();
                if segments.len() == 1
                    && let Some(one) = segments.pop()
                {
                    // Written on one line: the date is what follows the last wide space.
                    let at = one.iter().rposition(|g| g.ch == '\u{3000}').unwrap_or(one.len());
                    let (office, date) = one.split_at(at);
                    segments = vec![office.to_vec(), date.iter().skip(1).cloned().collect()];
                }
                let mut line = Line::default();
                if let Some(office) = segments.first() {
                    line.glyphs.extend(Line::natural(office, size).glyphs);
                }
                if let Some(date) = segments.get(1) {
                    let w: f32 = date.iter().map(|g| g.width).sum();
                    line.glyphs
                        .extend(Line::natural(date, (geo.area_width - size - w).max(0.0)).glyphs);
                }
                printed_by = Some(line);
            }
            Kind::CopyNumber | Kind::Secrecy | Kind::Urgency | Kind::IssuerMark | Kind::Signers => {
                // Outside a 版头 (no mark before the title): plain lines, flush left.
                let flush = Measure {
                    first_indent: 0.0,
                    ..body
                };
                for segment in &block.segments {
                    flow.extend(break_lines(&measured(segment), &flush).into_iter().map(FlowItem::text));
                }
            }
            Kind::AttachmentLabel => {
                // 附件1 in 黑体 flush left on the first line of a new page; its title, the next
                // block, centred on the third (GB/T 9704 8.1). The attachment's pages are
                // landscape when it holds a table too wide for portrait.
                landscape_attachment =
                    attachment_is_landscape(blocks, &measured_tables, i.saturating_add(1), geo.area_width);
                width = if landscape_attachment {
                    landscape_width
                } else {
                    geo.area_width
                };
                let orientation = if landscape_attachment {
                    Orientation::Landscape
                } else {
                    Orientation::Portrait
                };
                flow.push(FlowItem::new(Slot::PageBreak(Some(orientation)), false));
                for segment in &block.segments {
                    let spans: Vec<Span> = restyled(segment, Style::Heading1);
                    flow.push(FlowItem::kept(Line::natural(&measured(&spans), 0.0)));
                }
                flow.push(FlowItem::new(Slot::Blank, true));
            }
            Kind::Table => {
                let Some(table) = measured_tables.get(i).and_then(Option::as_ref) else {
                    continue;
                };
                let turned = table_is_turned(table, landscape_attachment, geo.area_width);
                if turned {
                    flow.push(FlowItem::new(Slot::PageBreak(Some(Orientation::Landscape)), false));
                }
                let landscape = turned || landscape_attachment;
                let table_width = if landscape { landscape_width } else { geo.area_width };
                let (lines, set) = table.set(tables.len(), table_width, landscape);
                flow.extend(lines);
                tables.push(set);
                if turned {
                    flow.push(FlowItem::new(Slot::PageBreak(Some(Orientation::Portrait)), false));
                } else if i.saturating_add(1) < blocks.len() {
                    // The text below a table keeps a line's distance from its bottom rule.
                    flow.push(FlowItem::blank());
                }
            }
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
            tables,
            printed_by,
            masthead,
        })
    } else {
        Err(ComposeError::Missing(missing))
    }
}

/// Whether the attachment whose blocks start at `from` holds a table that does not fit `width`
/// (the portrait type area's): its pages are then landscape from its label on. The DOCX asks
/// the same of its own measurements.
pub(crate) fn attachment_is_landscape(
    blocks: &[Block],
    tables: &[Option<MeasuredTable>],
    from: usize,
    width: f32,
) -> bool {
    blocks
        .iter()
        .enumerate()
        .skip(from)
        .take_while(|(_, b)| !matches!(b.kind, Kind::AttachmentLabel | Kind::CopyTo))
        .any(|(k, _)| tables.get(k).and_then(Option::as_ref).is_some_and(|t| !t.fits(width)))
}

/// Whether a table goes on landscape pages of its own, the text before and after it staying
/// portrait: its minimum widths do not fit `portrait_width`, and it is not in an attachment
/// already set landscape. The DOCX asks the same of its own measurements.
pub(crate) fn table_is_turned(table: &MeasuredTable, in_landscape_attachment: bool, portrait_width: f32) -> bool {
    !in_landscape_attachment && !table.fits(portrait_width)
}

/// Keep the last text line of `flow` on the page of whatever comes next.
fn keep_last_line_with_next(flow: &mut [FlowItem]) {
    if let Some(last) = flow
        .iter_mut()
        .rev()
        .find(|f| matches!(f.slot, Slot::Text(_) | Slot::TableLine(_)))
    {
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
    use crate::layout::{Class, classify};
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
    // A table takes at least a line a row.
    (lines as usize).saturating_add(block.table.as_ref().map_or(0, |t| t.rows.len().saturating_add(1)))
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
