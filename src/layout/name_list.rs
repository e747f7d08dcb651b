//! Setting a name list (组成人员, see [`crate::renderer::name_list`]): labels at the paragraph
//! indent, the names in one column as wide as the longest name (at least three characters, as
//! a padded two-character name takes), the posts from one column after it, and posts too long
//! for their line hanging under that column.

use super::linebreak::{Measure, break_lines};
use super::measure::Span;
use super::{Glyph, Line};
use crate::renderer::blocks::Block;
use crate::renderer::name_list::{self, NameLine};

/// Where a document's name lists put their names and posts, from the type area's left edge.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Columns {
    pub names: f32,
    pub posts: f32,
}

/// The columns of every name list in `blocks` (one set for the whole document, so that the
/// lists of 组长, 副组长 and 成员 line up with each other), or None if there is none.
pub fn columns(blocks: &[Block], pitch: f32, measured: &mut dyn FnMut(&[Span]) -> Vec<Glyph>) -> Option<Columns> {
    let mut label: f32 = 0.0;
    let mut name: f32 = 3.0 * pitch;
    let mut any = false;
    for block in blocks {
        let Some(lines) = name_list::parse(block) else { continue };
        any = true;
        for (segment, line) in block.segments.iter().zip(&lines) {
            let mut width = |from, to| -> f32 {
                measured(&name_list::slice(segment, from, to))
                    .iter()
                    .map(|g| g.width)
                    .sum()
            };
            label = label.max(width(0, line.prefix));
            name = name.max(width(line.prefix, line.prefix + line.name));
        }
    }
    let names = 2.0 * pitch + label;
    any.then_some(Columns {
        names,
        posts: names + name + pitch,
    })
}

/// The lines of one line of a name list: its label and name on the first, the posts from the
/// posts column, wrapped under it.
pub fn set(
    segment: &[Span],
    line: &NameLine,
    columns: Columns,
    width: f32,
    measured: &mut dyn FnMut(&[Span]) -> Vec<Glyph>,
) -> Vec<Line> {
    let label = measured(&name_list::slice(segment, 0, line.prefix));
    let name = measured(&name_list::slice(segment, line.prefix, line.prefix + line.name));
    let posts = measured(&name_list::slice(segment, line.posts, usize::MAX));
    let hang = Measure {
        first_indent: columns.posts,
        rest_indent: columns.posts,
        width,
        justify: true,
    };
    let mut lines = break_lines(&posts, &hang);
    let mut head = Line::natural(&label, columns.names - label.iter().map(|g| g.width).sum::<f32>()).glyphs;
    head.extend(Line::natural(&name, columns.names).glyphs);
    match lines.first_mut() {
        Some(first) => {
            head.append(&mut first.glyphs);
            first.glyphs = head;
        }
        None => lines.push(Line {
            glyphs: head,
            justified: false,
        }),
    }
    lines
}
