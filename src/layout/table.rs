//! Tables: cells measured, columns sized from their content, cells broken into lines with the
//! body's clreq rules, and rows set as grid lines for page breaking.
//!
//! Each line of a row takes one grid line (225 mm / 22), so a table keeps the body's rhythm and
//! page breaking stays a matter of counting lines: a row's lines go to the next page together
//! unless the row is taller than a page, and the header row is repeated at the top of every page
//! the table continues on ([`super::page`]). Text is 四号 (14 pt): 黑体 in the header row, 仿宋 in
//! the cells, centred vertically in its grid line, with the cell borders on the grid lines.
//!
//! Column widths follow automatic table layout: every column gets at least its minimum (its
//! widest word or number, and its header up to [`HEADER_KEPT`] characters) and at most what its
//! longest cell needs on one line, the space in between shared in proportion, so that the
//! columns always sum to the type area's width. A table whose minimums do not fit the portrait
//! type area is set on a landscape page (横排表格).

use super::linebreak::{Measure, break_lines, widest_unit};
use super::page::{FlowItem, Slot};
use super::{Glyph, Line, Style};
use crate::layout::measure::{Span, restyled};
use crate::renderer::blocks::{Align, Cell, Table};

/// Space between a cell's border and its text, on the left and on the right: Word's default
/// cell margin (0.19 cm), so that the PDF and the DOCX look alike.
pub const CELL_PADDING: f32 = 0.19 / 2.54 * 72.0;

/// A header of up to this many characters is never broken: 序号, 牵头单位, 完成时限.
const HEADER_KEPT: f32 = 6.0;

/// A measured table: glyphs per row (the header first), cell and line, and each column's
/// minimum and maximum content width.
pub struct MeasuredTable {
    rows: Vec<Vec<Vec<Vec<Glyph>>>>,
    align: Vec<Align>,
    min: Vec<f32>,
    max: Vec<f32>,
}

/// One grid line of a table row: the pieces of each cell that stand on it.
#[derive(Clone, Debug, PartialEq)]
pub struct TableLine {
    /// Which table of the document (an index into [`SetTable`]s, in document order).
    pub table: usize,
    /// The row, 0 for the header row.
    pub row: usize,
    /// The first grid line of its row: a rule runs above it.
    pub first: bool,
    pub pieces: Vec<CellPiece>,
}

impl TableLine {
    pub fn is_header(&self) -> bool {
        self.row == 0
    }
}

/// One line of a cell's text, placed: `line`'s x are from the type area's left edge; `dy` is how
/// far below the top of its grid line the text sits, in grid lines (0 ≤ dy < 1), so that a cell
/// shorter than its row is centred in it.
#[derive(Clone, Debug, PartialEq)]
pub struct CellPiece {
    /// Column, from 0.
    pub cell: usize,
    pub dy: f32,
    pub line: Line,
}

/// What page breaking and drawing need of a table besides its lines.
#[derive(Clone, Debug, PartialEq)]
pub struct SetTable {
    /// Column boundaries from the type area's left edge: 0, …, the type area's width.
    pub columns: Vec<f32>,
    pub landscape: bool,
    /// The header row's lines, repeated at the top of each page the table continues on.
    pub header: Vec<FlowItem>,
}

/// Measure every cell: the header row in 四号 黑体, the others in 四号 仿宋.
pub fn measure_table(table: &Table, measure: &mut dyn FnMut(&[Span]) -> Vec<Glyph>) -> MeasuredTable {
    let columns = table.header.len();
    let mut rows = Vec::with_capacity(table.rows.len() + 1);
    for (r, row) in table.all_rows().enumerate() {
        let style = if r == 0 { Style::TableHead } else { Style::Small };
        let cells: Vec<Vec<Vec<Glyph>>> = (0..columns)
            .map(|c| {
                row.get(c)
                    .map_or_else(Vec::new, |cell| measure_cell(cell, style, measure))
            })
            .collect();
        rows.push(cells);
    }
    let mut min = vec![0.0f32; columns];
    let mut max = vec![0.0f32; columns];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            for line in cell {
                let natural: f32 = line.iter().map(|g| g.width).sum();
                max[c] = max[c].max(natural);
                let floor = if r == 0 {
                    natural.min(HEADER_KEPT * Style::TableHead.size())
                } else {
                    widest_unit(line)
                };
                min[c] = min[c].max(floor).max(widest_unit(line));
            }
        }
    }
    let mut align = table.align.clone();
    align.resize(columns, Align::Auto);
    MeasuredTable { rows, align, min, max }
}

fn measure_cell(cell: &Cell, style: Style, measure: &mut dyn FnMut(&[Span]) -> Vec<Glyph>) -> Vec<Vec<Glyph>> {
    cell.iter()
        .map(|segment| measure(&restyled(segment, style)))
        .filter(|glyphs| !glyphs.is_empty())
        .collect()
}

impl MeasuredTable {
    pub fn columns(&self) -> usize {
        self.min.len()
    }

    /// Whether every column gets its minimum within `width`.
    pub fn fits(&self, width: f32) -> bool {
        self.min.iter().map(|m| m + 2.0 * CELL_PADDING).sum::<f32>() <= width + 0.01
    }

    /// Content widths (without padding) summing, with the padding, to `width`.
    ///
    /// Every column starts at its minimum. The space left then goes, step by step, to the
    /// column where it saves the most lines of table height for the width it costs (a line of
    /// a cell is estimated from its natural width, which is what a cell of Chinese text takes
    /// to within a character); what no step can use is shared among the columns whose cells
    /// still wrap, in proportion to what they lack, or else in proportion to the widths.
    fn widths(&self, width: f32) -> Vec<f32> {
        let n = self.columns();
        let avail = (width - 2.0 * CELL_PADDING * n as f32).max(0.0);
        let sum_min: f32 = self.min.iter().sum();
        if sum_min > avail {
            // Not even the minimums fit (already landscape): in proportion to them; words wider
            // than their column are then split, as the body splits a word wider than a line.
            return self.min.iter().map(|m| m * avail / sum_min).collect();
        }
        // Natural width of each line of each cell, per row.
        let naturals: Vec<Vec<Vec<f32>>> = self
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|cell| cell.iter().map(|line| line.iter().map(|g| g.width).sum()).collect())
                    .collect()
            })
            .collect();
        let lines = |natural: &[f32], w: f32| -> usize {
            natural
                .iter()
                .map(|n| {
                    if w <= 0.0 {
                        1
                    } else {
                        ((n / w) - 0.01).ceil().max(1.0) as usize
                    }
                })
                .sum::<usize>()
                .max(1)
        };
        let height = |widths: &[f32]| -> usize {
            naturals
                .iter()
                .map(|row| {
                    row.iter()
                        .zip(widths)
                        .map(|(cell, w)| lines(cell, *w))
                        .max()
                        .unwrap_or(1)
                })
                .sum()
        };
        let mut widths = self.min.clone();
        let mut left = avail - sum_min;
        let mut current = height(&widths);
        // Each step moves one column to the next width at which one of its cells loses a line;
        // the number of steps is bounded so that a huge table costs linear time.
        for _ in 0..(4 * n).max(64) {
            // Candidate widenings: one column to the next width at which one of its cells loses
            // a line; or, for a row, every cell of the row's height at once (a row of two long
            // cells gets shorter only when both widen). A bounded number of rows is tried.
            let mut candidates: Vec<Vec<f32>> = Vec::new();
            for c in 0..n {
                let next = naturals
                    .iter()
                    .flat_map(|row| &row[c])
                    .filter_map(|&natural| {
                        let k = lines(&[natural], widths[c]);
                        (k > 1).then(|| natural / (k - 1) as f32 + 0.01)
                    })
                    .filter(|w| *w > widths[c])
                    .fold(f32::INFINITY, f32::min);
                if next.is_finite() {
                    let mut trial = widths.clone();
                    trial[c] = next;
                    candidates.push(trial);
                }
            }
            for row in naturals.iter() {
                if candidates.len() >= n + 16 {
                    break;
                }
                let h = row
                    .iter()
                    .zip(&widths)
                    .map(|(cell, w)| lines(cell, *w))
                    .max()
                    .unwrap_or(1);
                if h <= 1 {
                    continue;
                }
                let mut trial = widths.clone();
                for (c, cell) in row.iter().enumerate() {
                    if lines(cell, widths[c]) == h {
                        let need = cell
                            .iter()
                            .map(|natural| natural / (h - 1) as f32 + 0.01)
                            .fold(0.0, f32::max);
                        trial[c] = trial[c].max(need);
                    }
                }
                if !candidates.contains(&trial) {
                    candidates.push(trial);
                }
            }
            let mut best: Option<(Vec<f32>, usize, f32)> = None; // (widths, height, score)
            for trial in candidates {
                let cost: f32 = trial.iter().zip(&widths).map(|(t, w)| t - w).sum();
                if cost <= 0.0 || cost > left {
                    continue;
                }
                let h = height(&trial);
                if h < current {
                    let score = (current - h) as f32 / cost;
                    if best.as_ref().is_none_or(|b| score > b.2) {
                        best = Some((trial, h, score));
                    }
                }
            }
            let Some((trial, h, _)) = best else { break };
            left -= trial.iter().zip(&widths).map(|(t, w)| t - w).sum::<f32>();
            widths = trial;
            current = h;
        }
        // What is left: to the columns that still wrap, in proportion to what they lack.
        let lack: Vec<f32> = (0..n).map(|c| (self.max[c] - widths[c]).max(0.0)).collect();
        let total_lack: f32 = lack.iter().sum();
        let total: f32 = widths.iter().sum();
        for c in 0..n {
            widths[c] += if total_lack > 0.01 {
                left * (lack[c] / total_lack).min(1.0)
            } else if total > 0.0 {
                left * widths[c] / total
            } else {
                left / n as f32
            };
        }
        // Whatever lack could not use (a column given more than it lacks) goes in proportion.
        let sum: f32 = widths.iter().sum();
        if sum > 0.0 && (sum - avail).abs() > 0.01 {
            for w in &mut widths {
                *w *= avail / sum;
            }
        }
        widths
    }

    /// The columns of a table `width` wide: each one's content width (without the padding) and
    /// whether its cells are centred.
    pub fn layout_columns(&self, width: f32) -> (Vec<f32>, Vec<bool>) {
        let widths = self.widths(width);
        // A column of cells that each fit on one line is centred (numbers, names, dates, short
        // words); one whose cells wrap is set flush left, ragged right.
        let centred: Vec<bool> = (0..self.columns())
            .map(|c| match self.align[c] {
                Align::Center => true,
                Align::Left | Align::Right => false,
                Align::Auto => self.rows.iter().skip(1).all(|row| {
                    row[c]
                        .iter()
                        .all(|line| line.iter().map(|g| g.width).sum::<f32>() <= widths[c] + 0.01)
                }),
            })
            .collect();
        (widths, centred)
    }

    /// Set the table `width` wide as table number `id` of the document: its flow of grid lines
    /// (header row first) and what drawing needs.
    pub fn set(&self, id: usize, width: f32, landscape: bool) -> (Vec<FlowItem>, SetTable) {
        let (widths, centred) = self.layout_columns(width);
        let mut columns = vec![0.0];
        for w in &widths {
            let last = columns.last().copied().unwrap_or(0.0);
            columns.push(last + w + 2.0 * CELL_PADDING);
        }
        let mut flow = Vec::new();
        let mut header = Vec::new();
        for (r, row) in self.rows.iter().enumerate() {
            let cells: Vec<Vec<Line>> = row
                .iter()
                .enumerate()
                .map(|(c, lines)| {
                    let align = if r == 0 || centred[c] {
                        Align::Center
                    } else if self.align[c] == Align::Right {
                        Align::Right
                    } else {
                        Align::Left
                    };
                    set_cell(lines, widths[c], columns[c] + CELL_PADDING, align)
                })
                .collect();
            let height = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
            let mut lines: Vec<TableLine> = (0..height)
                .map(|k| TableLine {
                    table: id,
                    row: r,
                    first: k == 0,
                    pieces: Vec::new(),
                })
                .collect();
            for (c, cell) in cells.into_iter().enumerate() {
                // Centred vertically: a cell of two lines in a row of three starts half a line down.
                let offset = (height - cell.len()) as f32 / 2.0;
                let (skip, dy) = (offset.floor() as usize, offset.fract());
                for (k, line) in cell.into_iter().enumerate() {
                    if let Some(slot) = lines.get_mut(skip + k) {
                        slot.pieces.push(CellPiece { cell: c, dy, line });
                    }
                }
            }
            let n = lines.len();
            for (k, line) in lines.into_iter().enumerate() {
                // A row moves to the next page whole, unless it is taller than a page; the
                // header row stays with the first row below it.
                let keep = r == 0 || k + 1 < n;
                let item = FlowItem::new(Slot::TableLine(line), keep);
                if r == 0 {
                    header.push(item.clone());
                }
                flow.push(item);
            }
        }
        (
            flow,
            SetTable {
                columns,
                landscape,
                header,
            },
        )
    }
}

/// A cell's lines, `width` wide, starting at `left`.
fn set_cell(lines: &[Vec<Glyph>], width: f32, left: f32, align: Align) -> Vec<Line> {
    let m = Measure {
        first_indent: 0.0,
        rest_indent: 0.0,
        width,
        // Ragged right: in a narrow cell, justification would open wide gaps.
        justify: false,
    };
    let mut out = Vec::new();
    for glyphs in lines {
        for mut line in break_lines(glyphs, &m) {
            let natural = line.right() - line.glyphs.first().map_or(0.0, |g| g.x);
            let shift = left
                + match align {
                    Align::Center => ((width - natural) / 2.0).max(0.0),
                    Align::Right => (width - natural).max(0.0),
                    _ => 0.0,
                };
            for g in &mut line.glyphs {
                g.x += shift;
            }
            out.push(line);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::measure::Span;
    use crate::layout::{Class, test_glyphs};

    fn cell(text: &str) -> Cell {
        vec![vec![Span {
            text: text.into(),
            style: Style::Body,
            source_line: 1,
        }]]
    }

    fn table(header: &[&str], rows: &[&[&str]]) -> Table {
        Table {
            align: vec![Align::Auto; header.len()],
            header: header.iter().map(|t| cell(t)).collect(),
            rows: rows.iter().map(|r| r.iter().map(|t| cell(t)).collect()).collect(),
        }
    }

    /// 14 pt test glyphs: Hanzi 14 pt, Latin 7 pt.
    fn measured(t: &Table) -> MeasuredTable {
        measure_table(t, &mut |spans: &[Span]| {
            let mut out = Vec::new();
            for s in spans {
                for mut g in test_glyphs(&s.text, s.style) {
                    g.width = if g.class == Class::Latin { 7.0 } else { 14.0 };
                    out.push(g);
                }
            }
            out
        })
    }

    #[test]
    fn columns_sum_to_the_width_and_short_columns_are_centred() {
        let t = table(
            &["序号", "工作任务", "牵头单位"],
            &[&["1", "完善农村基础设施建设，推进农村人居环境整治提升行动", "党建办"]],
        );
        let m = measured(&t);
        let (flow, set) = m.set(0, 442.0, false);
        assert!((set.columns.last().unwrap() - 442.0).abs() < 0.01, "{:?}", set.columns);
        // The long task wraps; the number is centred in its column.
        let lines: Vec<&TableLine> = flow
            .iter()
            .filter_map(|f| match &f.slot {
                Slot::TableLine(l) => Some(l),
                _ => None,
            })
            .collect();
        let body: Vec<&&TableLine> = lines.iter().filter(|l| l.row == 1).collect();
        assert!(body.len() >= 2, "the task wraps");
        let number = body.iter().flat_map(|l| &l.pieces).find(|p| p.cell == 0).unwrap();
        let g = &number.line.glyphs[0];
        let centre = (set.columns[0] + set.columns[1]) / 2.0;
        assert!((g.x + g.width / 2.0 - centre).abs() < 0.5, "{} vs {centre}", g.x);
        // Every glyph inside its column.
        for p in lines.iter().flat_map(|l| &l.pieces) {
            for g in &p.line.glyphs {
                assert!(g.x >= set.columns[p.cell] + CELL_PADDING - 0.01);
                assert!(g.x + g.width <= set.columns[p.cell + 1] - CELL_PADDING + 0.01);
            }
        }
        // The header row is kept with the first row; the last line of a row is not kept.
        assert!(flow[0].keep_with_next);
        assert!(!flow.last().unwrap().keep_with_next);
        assert_eq!(set.header.len(), 1);
    }

    #[test]
    fn a_table_too_wide_for_portrait_does_not_fit() {
        let header: Vec<String> = (1..=9).map(|m| format!("{m}月完成")).collect();
        let header: Vec<&str> = header.iter().map(String::as_str).collect();
        let t = table(&header, &[&["1234.56"; 9]]);
        let m = measured(&t);
        assert!(!m.fits(442.0));
        assert!(m.fits(637.0));
    }

    #[test]
    fn a_cell_shorter_than_its_row_is_centred_vertically() {
        let t = table(&["甲", "乙"], &[&["一二三四五六七八九十一二三四五六七八九十", "短"]]);
        let m = measured(&t);
        let (flow, _) = m.set(0, 120.0, false);
        let pieces: Vec<(usize, &CellPiece)> = flow
            .iter()
            .enumerate()
            .filter_map(|(i, f)| match &f.slot {
                Slot::TableLine(l) if l.row == 1 => Some(l.pieces.iter().map(move |p| (i, p))),
                _ => None,
            })
            .flatten()
            .collect();
        let rows = pieces.iter().filter(|(_, p)| p.cell == 0).count();
        let short: Vec<_> = pieces.iter().filter(|(_, p)| p.cell == 1).collect();
        assert_eq!(short.len(), 1);
        let offset = (short[0].0 - 1) as f32 + short[0].1.dy;
        assert!((offset - (rows - 1) as f32 / 2.0).abs() < 0.01, "{offset} of {rows}");
    }
}
