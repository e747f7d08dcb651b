//! The name lists of a working body (组成人员): a paragraph whose lines read
//! `组　长：王建华　党委书记` and then `　　　　赵思远　党委副书记、镇长`, a label or its width in
//! full-width spaces, a name, a full-width space, the posts.
//!
//! Recognised on the document's lines, so that a hand-edited Markdown prints the same way: the
//! layout (and the DOCX) then keep the names in one column however long (two to four
//! characters), start every line's posts at one column, and hang wrapped posts under it,
//! instead of wrapping them back to the left margin.

use super::blocks::{Block, Kind};
use crate::layout::measure::Span;

/// One line of a name list, as character counts of the line's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NameLine {
    /// The label with its colon (组　长：) or the full-width spaces standing for it.
    pub prefix: usize,
    /// The name, two-character names with their padding (张　三).
    pub name: usize,
    /// Where the posts begin (after the name and one full-width space).
    pub posts: usize,
}

const SPACE: char = '\u{3000}';

/// The name list lines of a paragraph, or None when it is not one (every line must read as one).
pub fn parse(block: &Block) -> Option<Vec<NameLine>> {
    if block.kind != Kind::Paragraph || block.segments.is_empty() {
        return None;
    }
    let lines: Option<Vec<NameLine>> = block
        .segments
        .iter()
        .enumerate()
        .map(|(k, segment)| {
            let text: Vec<char> = segment.iter().flat_map(|s| s.text.chars()).collect();
            line(&text, k == 0)
        })
        .collect();
    lines.filter(|l| !l.is_empty())
}

/// A name list line: the first of a list starts with its label (up to four characters and a
/// full-width colon), the others with full-width spaces as wide as a label.
fn line(text: &[char], first: bool) -> Option<NameLine> {
    let prefix = if first {
        let colon = text.iter().position(|c| *c == '：')?;
        let label = &text[..colon];
        let letters = label.iter().filter(|c| **c != SPACE).count();
        if !(1..=4).contains(&letters) || label.iter().any(|c| !is_name_char(*c) && *c != SPACE) {
            return None;
        }
        colon + 1
    } else {
        let spaces = text.iter().take_while(|c| **c == SPACE).count();
        if !(2..=6).contains(&spaces) {
            return None;
        }
        spaces
    };
    let rest = &text[prefix..];
    // The name: one token, or a one-character token and the next (a two-character name padded
    // to three: 张　三), then a full-width space, then the posts.
    let first_token = rest.iter().take_while(|c| **c != SPACE).count();
    let name = if first_token == 1 && rest.get(1) == Some(&SPACE) {
        let second = rest[2..].iter().take_while(|c| **c != SPACE).count();
        if second != 1 {
            return None;
        }
        3
    } else {
        first_token
    };
    let name_text = &rest[..name];
    let letters = name_text.iter().filter(|c| **c != SPACE).count();
    if !(1..=4).contains(&letters) || name_text.iter().any(|c| !is_name_char(*c) && *c != SPACE) {
        return None;
    }
    if rest.get(name) != Some(&SPACE) || rest.len() <= name + 1 {
        return None;
    }
    Some(NameLine {
        prefix,
        name,
        posts: prefix + name + 1,
    })
}

/// A character a name or label may hold: Hanzi, Latin letters (XX as a placeholder), ·.
fn is_name_char(c: char) -> bool {
    c.is_alphabetic() || c == '·' || c == '×' || c == '○'
}

/// The characters `from..to` of a line's spans, as spans of their own.
pub fn slice(segment: &[Span], from: usize, to: usize) -> Vec<Span> {
    let mut out = Vec::new();
    let mut at = 0;
    for span in segment {
        let len = span.text.chars().count();
        let (start, end) = (from.max(at), to.min(at + len));
        if start < end {
            out.push(Span {
                text: span.text.chars().skip(start - at).take(end - start).collect(),
                ..span.clone()
            });
        }
        at += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(md: &str) -> Option<Vec<NameLine>> {
        let blocks = crate::renderer::blocks::parse(md);
        parse(&blocks[0])
    }

    #[test]
    fn name_lists_are_recognised_with_names_of_two_to_four_characters() {
        let list = lines("组　长：王建华　党委书记\\\n　　　　张　三　党委副书记、镇长提名人选\\\n　　　　欧阳晓东　副镇长\\\n　　　　XX　人大主席\n").unwrap();
        assert_eq!(
            list[0],
            NameLine {
                prefix: 4,
                name: 3,
                posts: 8
            }
        );
        assert_eq!(
            list[1],
            NameLine {
                prefix: 4,
                name: 3,
                posts: 8
            }
        );
        assert_eq!(
            list[2],
            NameLine {
                prefix: 4,
                name: 4,
                posts: 9
            }
        );
        assert_eq!(
            list[3],
            NameLine {
                prefix: 4,
                name: 2,
                posts: 7
            }
        );
        // Ordinary paragraphs are not name lists.
        assert_eq!(
            lines("坚持和加强党对农村工作的领导，健全党管农村工作领导体制机制。\n"),
            None
        );
        assert_eq!(lines("附件：创建工作任务分解表\n"), None);
        assert_eq!(lines("一是突出现代农业园区示范引领作用。根据XX县的规划。\n"), None);
    }
}
