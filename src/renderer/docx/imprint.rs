//! The 版记 (GB/T 9704 7.4): the copy-to and the printed-by line at the foot of the last page,
//! between its rules, as a floating table.

use super::*;

/// 版记 rules (GB/T 9704 7.4.1) in eighths of a point, the unit of DOCX border widths: the first
/// and the last 0.35 mm (0.99 pt, 7.9 eighths, rounded to 8: 1 pt, 0.353 mm), the one between
/// 0.25 mm (0.71 pt, 5.7 eighths, rounded to 6: 0.75 pt, 0.265 mm).
const IMPRINT_OUTER_RULE: usize = 8;
const IMPRINT_INNER_RULE: usize = 6;

/// The copy-to's paragraph (for the 版记's table, [`imprint`]): 四号, one character free on each
/// side, wrapped lines aligned after 抄送：, the lines of the block joined by breaks.
pub(super) fn copy_to(block: &Block, geo: &Geometry) -> Paragraph {
    let mut p = imprint_paragraph(copy_to_label(block), geo);
    for (k, segment) in block.segments.iter().enumerate() {
        if k > 0 {
            p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
        }
        p = runs(p, &restyled(segment, Style::Small));
    }
    p
}

/// The printed-by line's paragraph: the office one character from the left, the date at a right
/// tab one character from the right.
pub(super) fn printed_by(block: &Block, geo: &Geometry) -> Paragraph {
    let mut p = imprint_paragraph(0.0, geo);
    for (k, segment) in block.segments.iter().enumerate() {
        if k > 0 {
            p = p.add_run(Run::new().add_tab());
        }
        p = runs(p, &restyled(segment, Style::Small));
    }
    p
}

/// Width of 抄送： in grid characters, for the hanging indent of the copy-to's wrapped lines.
pub(super) fn copy_to_label(block: &Block) -> f32 {
    let text = block.text();
    text.find('：').map_or(0.0, |at| cells(&text[..at]) + 1.0)
}

/// A line of the 版记: indented after a `label` cells wide 抄送：, one character free on each
/// side, with a right tab one character from the edge for the printed-by line's date.
pub(super) fn imprint_paragraph(label: f32, geo: &Geometry) -> Paragraph {
    let size = Style::Small.size();
    Paragraph::new()
        .style(STYLE_COPY_TO)
        .indent(
            Some(twips(size * (1.0 + label))),
            Some(SpecialIndentType::Hanging(twips(size * label))),
            Some(twips(size)),
            None,
        )
        .add_tab(
            docx_rs::Tab::new()
                .val(docx_rs::TabValueType::Right)
                .pos(twips(geo.area_width - size).max(0) as usize),
        )
}

/// The 版记 at the foot of the last page: a floating one-column table as wide as the type area,
/// its foot on the type area's bottom edge, a row a line (the copy-to, the printed-by line), with
/// rules and no sides: 0.35 mm above and below, 0.25 mm between the rows. Cells without side
/// margins, so the lines' indents place the text as the PDF does, and 1 pt above and below the
/// line (as far as the text stood from the rules when they were paragraph borders).
///
/// A table, since a frame (`framePr`) of several paragraphs, or a paragraph's between-border for
/// the rule between the lines, made LibreOffice (7.4) drop the frame. Anchored to the page
/// horizontally at the left margin, not centred on the margin: LibreOffice makes a floating table
/// a frame only where text could stand beside it; anchored to the margin, that is a table more
/// than 4.69 mm narrower than the type area (this one it set inline, after the body's last
/// line), anchored to the page, one narrower than the page less a margin (tested). Word and WPS
/// place it by the same `tblpPr`. The table is followed by its anchor paragraph
/// ([`imprint_anchor`]).
pub(super) fn imprint(lines: Vec<Paragraph>, geo: &Geometry) -> docx_rs::Table {
    use docx_rs::{TableBorder, TableBorderPosition, TableBorders, TableCell, TableCellMargins, TableRow, WidthType};
    let width = twips(geo.area_width).max(0) as usize;
    let rule = |position, eighths| {
        TableBorder::new(position)
            .border_type(docx_rs::BorderType::Single)
            .size(eighths)
            .color("000000")
    };
    let borders = TableBorders::with_empty()
        .set(rule(TableBorderPosition::Top, IMPRINT_OUTER_RULE))
        .set(rule(TableBorderPosition::InsideH, IMPRINT_INNER_RULE))
        .set(rule(TableBorderPosition::Bottom, IMPRINT_OUTER_RULE))
        .clear(TableBorderPosition::Left)
        .clear(TableBorderPosition::Right)
        .clear(TableBorderPosition::InsideV);
    let rows = lines
        .into_iter()
        .map(|p| TableRow::new(vec![TableCell::new().width(width, WidthType::Dxa).add_paragraph(p)]))
        .collect();
    docx_rs::Table::new(rows)
        .set_borders(borders)
        .set_grid(vec![width])
        .width(width, WidthType::Dxa)
        .margins(TableCellMargins::new().margin(20, 0, 20, 0))
        .position(
            docx_rs::TablePositionProperty::new()
                .left_from_text(0)
                .right_from_text(0)
                .vertical_anchor("margin")
                .position_y_alignment("bottom")
                .horizontal_anchor("page")
                .position_x(twips(geo.margin_left)),
        )
}

/// The paragraph after the 版记's table, which a floating table stands by (LibreOffice drops a
/// table that ends the body; Word adds a paragraph after one), or before it to start its
/// section: empty, one point high.
pub(super) fn imprint_anchor() -> Paragraph {
    Paragraph::new()
        .style(STYLE_COPY_TO)
        .line_spacing(LineSpacing::new().line(20).line_rule(LineSpacingType::Exact))
}

/// The document with each floating table's position (`tblpPr`) first in its table's properties,
/// where the schema puts it (docx-rs writes it last; Word may ignore properties out of order).
pub(super) fn position_tables_first(document: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(text.len());
    let mut rest: &str = &text;
    while let Some(at) = rest.find("<w:tblpPr ") {
        let (Some(open), Some(len)) = (rest[..at].rfind("<w:tblPr>"), rest[at..].find("/>")) else {
            break;
        };
        let open = open + "<w:tblPr>".len();
        let end = at + len + 2;
        out.push_str(&rest[..open]);
        out.push_str(&rest[at..end]);
        out.push_str(&rest[open..at]);
        rest = &rest[end..];
    }
    out.push_str(rest);
    out.into_bytes()
}
