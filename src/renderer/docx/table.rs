//! Tables in the DOCX: `w:tbl` with its width (`tblW`) and column grid (`gridCol`) both given,
//! so that WPS and Word agree; every cell's width; single 0.5 pt borders; the header row
//! repeated on each page (`tblHeader`). Columns are sized and aligned by the PDF's own rule
//! ([`crate::layout::table`]), measured in grid characters since the fonts are not at hand.

use super::{STYLE_TABLE, estimated_glyphs, font_name, half_points, run_fonts, twips};
use crate::layout::Style;
use crate::layout::table::{CELL_PADDING, MeasuredTable, measure_table};
use crate::renderer::blocks::{Cell, Table as TableBlock};
use docx_rs::{
    AlignmentType, BorderType, HeightRule, Paragraph, Run, Table, TableBorder, TableBorderPosition, TableBorders,
    TableCell, TableCellMargins, TableLayoutType, TableRow, VAlignType, WidthType,
};

/// docx-rs writes no `tblHeader`: header rows are given a height no other row has (at least
/// one twip, which changes nothing), and [`mark_header_rows`] puts `tblHeader` in its place.
const HEADER_HEIGHT: f32 = 1.0;
const HEADER_MARK: &str = "<w:trHeight w:val=\"1\" w:hRule=\"atLeast\" />";

/// The table's cells measured in grid characters (a Hanzi one em, Latin and digits half of
/// one; see [`estimated_glyphs`]), since the DOCX is made without the fonts at hand: the
/// measure of its column widths and of whether it fits the portrait type area
/// ([`crate::layout::compose::table_is_turned`], the PDF's rule).
pub fn measure(t: &TableBlock) -> MeasuredTable {
    // Each character a little wider than its em: a header that exactly fits its column in the
    // PDF would wrap in a word processor that rounds widths up (LibreOffice did, measured).
    measure_table(t, &mut |spans| {
        let mut glyphs = estimated_glyphs(spans);
        for g in &mut glyphs {
            g.width *= 1.03;
        }
        glyphs
    })
}

/// The table, `width` wide (the type area's width: portrait, or landscape when turned).
pub fn table(t: &TableBlock, measured: &MeasuredTable, width: f32) -> Table {
    let (widths, centred) = measured.layout_columns(width);
    // Grid columns in whole twips that sum exactly to the type area's width.
    let total = twips(width);
    let mut grid: Vec<usize> = widths
        .iter()
        .map(|w| twips(w + 2.0 * CELL_PADDING).max(0) as usize)
        .collect();
    let sum: usize = grid.iter().sum();
    if let Some(last) = grid.last_mut() {
        *last = (*last + total.max(0) as usize).saturating_sub(sum);
    }
    let rows: Vec<TableRow> = t
        .all_rows()
        .enumerate()
        .map(|(r, row)| {
            let cells: Vec<TableCell> = grid
                .iter()
                .enumerate()
                .map(|(c, width)| {
                    let align = if r == 0 || centred.get(c).copied().unwrap_or(false) {
                        AlignmentType::Center
                    } else {
                        AlignmentType::Left
                    };
                    let style = if r == 0 { Style::TableHead } else { Style::Small };
                    cell(row.get(c), *width, align, style)
                })
                .collect();
            // A row moves to the next page whole, as in the PDF.
            let row = TableRow::new(cells).cant_split();
            if r == 0 {
                row.row_height(HEADER_HEIGHT).height_rule(HeightRule::AtLeast)
            } else {
                row
            }
        })
        .collect();
    let border = |position| {
        TableBorder::new(position)
            .border_type(BorderType::Single)
            .size(4)
            .color("000000")
    };
    let borders = [
        TableBorderPosition::Top,
        TableBorderPosition::Left,
        TableBorderPosition::Bottom,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |b, p| b.set(border(p)));
    let padding = twips(CELL_PADDING).max(0) as usize;
    Table::new(rows)
        .set_grid(grid)
        .width(total.max(0) as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
        .set_borders(borders)
        .margins(
            TableCellMargins::new()
                .margin_left(padding, WidthType::Dxa)
                .margin_right(padding, WidthType::Dxa),
        )
}

/// One cell: a paragraph per line of the Markdown cell, centred vertically.
fn cell(content: Option<&Cell>, width: usize, align: AlignmentType, style: Style) -> TableCell {
    let mut cell = TableCell::new()
        .width(width, WidthType::Dxa)
        .vertical_align(VAlignType::Center);
    let lines: Vec<&Vec<crate::layout::measure::Span>> = content.map(|c| c.iter().collect()).unwrap_or_default();
    if lines.is_empty() {
        return cell.add_paragraph(Paragraph::new().style(STYLE_TABLE).align(align));
    }
    for line in lines {
        let p = line.iter().filter(|s| !s.text.is_empty()).fold(
            Paragraph::new().style(STYLE_TABLE).align(align),
            |p, span| {
                p.add_run(
                    Run::new()
                        .fonts(run_fonts(font_name(style)))
                        .size(half_points(style.size()))
                        .add_text(span.text.as_str()),
                )
            },
        );
        cell = cell.add_paragraph(p);
    }
    cell
}

/// The document's XML with `tblHeader` on every header row.
pub fn mark_header_rows(document: &[u8]) -> Vec<u8> {
    let with = "<w:tblHeader />";
    let text = String::from_utf8_lossy(document);
    text.replace(HEADER_MARK, with).into_bytes()
}
