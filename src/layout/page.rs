//! Page breaking on the 22-line grid.
//!
//! Every line, blank ones included, takes one grid slot. Pages fill in order; a line marked
//! `keep_with_next` (heading lines, the lines of a signature block and the body line above it)
//! is moved to the next page together with what follows rather than be left at a page's foot.
//! A blank line never starts a page. A table continued on a new page gets its header row again
//! at the top.

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
}

#[derive(Clone, Debug, PartialEq)]
pub struct FlowItem {
    pub slot: Slot,
    pub keep_with_next: bool,
    /// The first line of a heading: its level and whole text, for the document's outline.
    pub heading: Option<(u8, String)>,
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
        if line.is_header() || header == 0 || 2 * header > lines {
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
                i += 1;
                continue;
            }
            Slot::Blank if current.is_empty() => {
                i += 1;
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
            i += 1;
            continue;
        }
        // Full: the trailing keep-with-next chain goes to the next page, unless it is the
        // whole page (a row taller than a page is then split between its lines).
        let mut split = current.len();
        while split > 0 && kept(current[split - 1]) {
            split -= 1;
        }
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
                match item.slot {
                    Slot::Text(line) => page.lines.push((slot, line)),
                    Slot::TableLine(line) => page.table_lines.push((slot, line)),
                    Slot::Blank | Slot::PageBreak(_) => {}
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
