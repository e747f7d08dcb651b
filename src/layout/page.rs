//! Page breaking on the 22-line grid.
//!
//! Every line, blank ones included, takes one grid slot. Pages fill in order; a line marked
//! `keep_with_next` (heading lines, the lines of a signature block and the body line above it)
//! is moved to the next page together with what follows rather than be left at a page's foot.
//! A blank line never starts a page.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap (issue 10.7)
use super::Line;

#[derive(Clone, Debug, PartialEq)]
pub enum Slot {
    Text(Line),
    Blank,
    /// Start a new page here (an attachment, an explicit break).
    PageBreak,
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
    /// Slots used, blank lines included.
    pub used: usize,
    /// Headings that start on this page: (slot, level, text).
    pub headings: Vec<(usize, u8, String)>,
}

pub fn break_pages(flow: Vec<FlowItem>, lines_per_page: usize) -> Vec<Page> {
    // Indices of the flow items on each page; blanks are kept as items until the end.
    let mut pages: Vec<Vec<usize>> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    for (i, item) in flow.iter().enumerate() {
        if item.slot == Slot::PageBreak {
            if !current.is_empty() {
                pages.push(std::mem::take(&mut current));
            }
            continue;
        }
        if current.len() >= lines_per_page {
            // Full: carry the trailing keep-with-next chain over, unless it is the whole page.
            let split = current
                .iter()
                .rposition(|&k| !flow[k].keep_with_next)
                .map_or(0, |p| p.saturating_add(1));
            let carried: Vec<usize> = if split > 0 {
                current.split_off(split)
            } else {
                Vec::new()
            };
            pages.push(std::mem::take(&mut current));
            current = carried
                .into_iter()
                .skip_while(|&k| flow[k].slot == Slot::Blank)
                .collect();
        }
        if item.slot == Slot::Blank && current.is_empty() {
            continue;
        }
        current.push(i);
    }
    pages.push(current);
    let mut flow: Vec<Option<FlowItem>> = flow.into_iter().map(Some).collect();
    pages
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|items| {
            let used = items.len();
            let mut headings = Vec::new();
            let mut lines = Vec::with_capacity(used);
            for (slot, k) in items.into_iter().enumerate() {
                let Some(item) = flow[k].take() else { continue };
                if let Some((level, text)) = item.heading {
                    headings.push((slot, level, text));
                }
                if let Slot::Text(line) = item.slot {
                    lines.push((slot, line));
                }
            }
            Page { lines, used, headings }
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
        let pages = break_pages(flow, 4);
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
        let pages = break_pages(flow, 2);
        assert_eq!(texts(&pages), [vec!["a", "b"], vec!["c"]]);
        assert_eq!(pages[1].lines[0].0, 0);
    }
}
