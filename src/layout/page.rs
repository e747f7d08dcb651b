//! Page breaking on the 22-line grid.
//!
//! Every line, blank ones included, takes one grid slot. Pages fill in order; a line marked
//! `keep_with_next` (heading lines, the lines of a signature block and the body line above it)
//! is moved to the next page together with what follows rather than be left at a page's foot.
//! A blank line never starts a page. A table continued on a new page gets its header row again
//! at the top.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap (issue 10.7)
use super::Line;
use super::table::{SetTable, TableLine};

/// How a page stands: portrait, or landscape for a table too wide for portrait (横排表格).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Orientation {
    #[default]
    Portrait,
    Landscape,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Text(Line),
    Blank,
    /// Start a new page here (an attachment, an explicit break); with an orientation, the
    /// pages from here on take it.
    PageBreak(Option<Orientation>),
    /// One grid line of a table row.
    TableLine(TableLine),
    /// A grid line kept free for what is drawn there apart from the flow (the 版头): it starts
    /// a page like any line and holds nothing.
    Reserved,
}

#[derive(Clone, Debug, PartialEq)]
pub struct FlowItem {
    pub slot: Slot,
    pub keep_with_next: bool,
    /// The first line of a heading: its level and whole text, for the document's outline.
    pub heading: Option<(u8, String)>,
    /// Images drawn relative to this line (the seals of a signature).
    pub attached: Vec<super::seal::Attached>,
}

impl FlowItem {
    pub fn text(line: Line) -> Self {
        FlowItem::new(Slot::Text(line), false)
    }
    /// A line that goes to the next page with what follows rather than end a page.
    pub fn kept(line: Line) -> Self {
        FlowItem::new(Slot::Text(line), true)
    }
    pub fn blank() -> Self {
        FlowItem::new(Slot::Blank, false)
    }
    pub fn new(slot: Slot, keep_with_next: bool) -> Self {
        FlowItem {
            slot,
            keep_with_next,
            heading: None,
            attached: Vec::new(),
        }
    }
}

/// A page: (grid slot, line) for each line on it, slots counted from 0 at the top.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub lines: Vec<(usize, Line)>,
    /// (grid slot, table line) for each line of a table row on it.
    pub table_lines: Vec<(usize, TableLine)>,
    /// Slots used, blank lines included.
    pub used: usize,
    /// Headings that start on this page: (slot, level, text).
    pub headings: Vec<(usize, u8, String)>,
    pub orientation: Orientation,
    /// Images drawn relative to a line: (its slot, the image).
    pub attached: Vec<(usize, super::seal::Attached)>,
}

/// An item placed on a page: one of the flow, or a line of a table's repeated header row.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Ref {
    Flow(usize),
    Header { table: usize, line: usize },
}

/// Break `flow` into pages of at most `capacity(orientation)` grid lines. `tables` are the
/// document's tables, whose header rows are repeated where a table continues on a new page.
pub fn break_pages(flow: Vec<FlowItem>, tables: &[SetTable], capacity: impl Fn(Orientation) -> usize) -> Vec<Page> {
    let item = |r: Ref| -> Option<&FlowItem> {
        match r {
            Ref::Flow(i) => flow.get(i),
            Ref::Header { table, line } => tables.get(table)?.header.get(line),
        }
    };
    let kept = |r: Ref| item(r).is_some_and(|f| f.keep_with_next);
    // The header lines to put at the top of a page that `first` starts: those of its table when
    // it continues a table, and only when they take at most half the page (so that a page
    // always moves the flow on).
    let header_for = |first: &FlowItem, lines: usize| -> Vec<Ref> {
        let Slot::TableLine(line) = &first.slot else {
            return Vec::new();
        };
        let header = tables.get(line.table).map_or(0, |t| t.header.len());
        if line.is_header() || header == 0 || header.saturating_mul(2) > lines {
            return Vec::new();
        }
        (0..header)
            .map(|k| Ref::Header {
                table: line.table,
                line: k,
            })
            .collect()
    };
    let mut pages: Vec<(Orientation, Vec<Ref>)> = Vec::new();
    let mut orientation = Orientation::Portrait;
    let mut current: Vec<Ref> = Vec::new();
    let mut i = 0;
    while i < flow.len() {
        match flow[i].slot {
            Slot::PageBreak(turn) => {
                if !current.is_empty() {
                    pages.push((orientation, std::mem::take(&mut current)));
                }
                if let Some(o) = turn {
                    orientation = o;
                }
                i = i.saturating_add(1);
                continue;
            }
            Slot::Blank if current.is_empty() => {
                i = i.saturating_add(1);
                continue;
            }
            _ => {}
        }
        let lines = capacity(orientation).max(1);
        if current.is_empty() {
            current = header_for(&flow[i], lines);
        }
        if current.len() < lines {
            current.push(Ref::Flow(i));
            i = i.saturating_add(1);
            continue;
        }
        // Full: the trailing keep-with-next chain goes to the next page, unless it is the
        // whole page (a row taller than a page is then split between its lines).
        let split = current
            .iter()
            .rposition(|r| !kept(*r))
            .map_or(0, |p| p.saturating_add(1));
        if split > 0
            && let Some(Ref::Flow(first)) = current.get(split).copied()
        {
            current.truncate(split);
            // Placed again from the top of the next page (behind a repeated header if it
            // continues a table).
            i = first;
        }
        pages.push((orientation, std::mem::take(&mut current)));
    }
    pages.push((orientation, current));
    let mut flow: Vec<Option<FlowItem>> = flow.into_iter().map(Some).collect();
    pages
        .into_iter()
        .filter(|(_, p)| !p.is_empty())
        .map(|(orientation, items)| {
            let used = items.len();
            let mut page = Page {
                used,
                orientation,
                ..Page::default()
            };
            for (slot, r) in items.into_iter().enumerate() {
                let item = match r {
                    Ref::Flow(k) => flow.get_mut(k).and_then(Option::take),
                    Ref::Header { table, line } => tables.get(table).and_then(|t| t.header.get(line)).cloned(),
                };
                let Some(item) = item else { continue };
                if let Some((level, text)) = item.heading {
                    page.headings.push((slot, level, text));
                }
                page.attached.extend(item.attached.into_iter().map(|a| (slot, a)));
                match item.slot {
                    Slot::Text(line) => page.lines.push((slot, line)),
                    Slot::TableLine(line) => page.table_lines.push((slot, line)),
                    Slot::Blank | Slot::PageBreak(_) | Slot::Reserved => {}
                }
            }
            page
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Placed;

    fn line(text: &str) -> Line {
        Line {
            glyphs: text
                .chars()
                .map(|ch| Placed {
                    ch,
                    gid: 0,
                    style: crate::layout::Style::Body,
                    x: 0.0,
                    width: 1.0,
                    shift: 0.0,
                })
                .collect(),
            justified: false,
        }
    }

    fn texts(pages: &[Page]) -> Vec<Vec<String>> {
        pages
            .iter()
            .map(|p| p.lines.iter().map(|(_, l)| l.text()).collect())
            .collect()
    }

    #[test]
    fn fills_pages_and_keeps_headings_with_what_follows() {
        let mut flow: Vec<FlowItem> = (0..3).map(|i| FlowItem::text(line(&i.to_string()))).collect();
        flow.push(FlowItem::kept(line("H")));
        flow.push(FlowItem::text(line("4")));
        let pages = break_pages(flow, &[], |_| 4);
        assert_eq!(texts(&pages), [vec!["0", "1", "2"], vec!["H", "4"]]);
        assert_eq!(pages[1].lines[0].0, 0);
    }

    /// A table's lines: the header row (one line), then rows of the given heights.
    fn table(rows: &[usize]) -> (Vec<FlowItem>, SetTable) {
        let line = |row: usize, k: usize| TableLine {
            table: 0,
            row,
            first: k == 0,
            pieces: Vec::new(),
        };
        let header = vec![FlowItem::new(Slot::TableLine(line(0, 0)), true)];
        let mut flow = header.clone();
        for (r, height) in rows.iter().enumerate() {
            for k in 0..*height {
                flow.push(FlowItem::new(
                    Slot::TableLine(line(r.saturating_add(1), k)),
                    k.saturating_add(1) < *height,
                ));
            }
        }
        let set = SetTable {
            columns: vec![0.0, 1.0],
            landscape: false,
            header,
        };
        (flow, set)
    }

    fn rows_of(page: &Page) -> Vec<(usize, usize)> {
        page.table_lines.iter().map(|(slot, l)| (*slot, l.row)).collect()
    }

    #[test]
    fn a_continued_table_repeats_its_header_and_rows_move_whole() {
        // Rows of 2 lines on pages of 6: header + 2 rows, then header + 2 rows again.
        let (flow, set) = table(&[2, 2, 2, 2]);
        let pages = break_pages(flow, &[set], |_| 6);
        assert_eq!(pages.len(), 2);
        assert_eq!(rows_of(&pages[0]), [(0, 0), (1, 1), (2, 1), (3, 2), (4, 2)]);
        assert_eq!(rows_of(&pages[1]), [(0, 0), (1, 3), (2, 3), (3, 4), (4, 4)]);
    }

    #[test]
    fn a_row_taller_than_a_page_is_split_between_its_lines() {
        let (flow, set) = table(&[1, 9]);
        let pages = break_pages(flow, &[set], |_| 4);
        // Every line of the tall row is placed once, each page under the header.
        let lines: usize = pages
            .iter()
            .map(|p| p.table_lines.iter().filter(|(_, l)| l.row == 2).count())
            .sum();
        assert_eq!(lines, 9);
        for page in &pages {
            assert_eq!(page.table_lines[0].1.row, 0, "{:?}", rows_of(page));
            assert!(page.used <= 4);
        }
        // A header taller than half the page is not repeated (the page must move the flow on).
        let tall_header = SetTable {
            header: vec![FlowItem::new(Slot::Blank, true); 3],
            ..table(&[]).1
        };
        let (flow, _) = table(&[1, 9]);
        let pages = break_pages(flow, &[tall_header], |_| 4);
        assert!(pages.iter().skip(1).all(|p| p.table_lines[0].1.row != 0));
    }

    #[test]
    fn a_page_break_can_turn_the_pages_that_follow() {
        let flow = vec![
            FlowItem::text(line("a")),
            FlowItem::new(Slot::PageBreak(Some(Orientation::Landscape)), false),
            FlowItem::text(line("b")),
            FlowItem::text(line("c")),
            FlowItem::new(Slot::PageBreak(None), false),
            FlowItem::text(line("d")),
            FlowItem::new(Slot::PageBreak(Some(Orientation::Portrait)), false),
            FlowItem::text(line("e")),
        ];
        let pages = break_pages(flow, &[], |o| if o == Orientation::Landscape { 1 } else { 5 });
        let shapes: Vec<(Orientation, Vec<String>)> = pages
            .iter()
            .map(|p| (p.orientation, p.lines.iter().map(|(_, l)| l.text()).collect()))
            .collect();
        use Orientation::*;
        assert_eq!(
            shapes,
            [
                (Portrait, vec!["a".to_string()]),
                (Landscape, vec!["b".to_string()]),
                (Landscape, vec!["c".to_string()]),
                (Landscape, vec!["d".to_string()]),
                (Portrait, vec!["e".to_string()])
            ]
        );
    }

    #[test]
    fn blank_lines_never_start_a_page() {
        let flow = vec![
            FlowItem::text(line("a")),
            FlowItem::text(line("b")),
            FlowItem::blank(),
            FlowItem::text(line("c")),
        ];
        let pages = break_pages(flow, &[], |_| 2);
        assert_eq!(texts(&pages), [vec!["a", "b"], vec!["c"]]);
        assert_eq!(pages[1].lines[0].0, 0);
    }
}
