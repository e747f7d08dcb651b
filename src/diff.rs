//! What changes in the document between two versions of a plan: its lines (paragraphs, and
//! each line of a list of people or of the signature) aligned, and changed lines compared
//! character by character, which suits Chinese, where no spaces mark the words.

use crate::renderer::blocks::{self, Kind};
use similar::{Algorithm, ChangeTag, DiffOp, TextDiff, capture_diff_slices};

/// A line of the document, with the headings it stands under.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocLine {
    pub context: String,
    pub text: String,
}

/// The lines a reader sees, from the document's Markdown.
pub fn document_lines(markdown: &str) -> Vec<DocLine> {
    let mut out = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    for block in blocks::parse(markdown) {
        if let Kind::Heading(level) = block.kind {
            headings.truncate(level as usize - 1);
            headings.push(block.text());
        }
        // Parts outside the body are named by what they are, not by the last heading.
        let context = match block.kind {
            Kind::Title => "标题".to_string(),
            Kind::DocNumber => "发文字号".to_string(),
            Kind::Addressee => "主送机关".to_string(),
            Kind::Attachments => "附件".to_string(),
            Kind::Signature => "落款".to_string(),
            Kind::CopyTo => "抄送".to_string(),
            _ => headings.join(" › "),
        };
        for segment in &block.segments {
            let text: String = segment.iter().map(|s| s.text.as_str()).collect();
            if !text.trim().is_empty() {
                out.push(DocLine {
                    context: context.clone(),
                    text,
                });
            }
        }
    }
    out
}

/// A run of characters within a changed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub tag: ChangeTag,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Removed(DocLine),
    Added(DocLine),
    /// The same line, edited: old and new, and the character runs between them.
    Changed {
        old: DocLine,
        new: DocLine,
        pieces: Vec<Piece>,
    },
}

/// Compare two documents line by line, then changed lines character by character.
pub fn diff(old_markdown: &str, new_markdown: &str) -> Vec<Change> {
    let old = document_lines(old_markdown);
    let new = document_lines(new_markdown);
    let texts = |lines: &[DocLine]| lines.iter().map(|l| l.text.clone()).collect::<Vec<_>>();
    let (old_texts, new_texts) = (texts(&old), texts(&new));
    let mut changes = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &old_texts, &new_texts) {
        match op {
            DiffOp::Equal { .. } => {}
            DiffOp::Delete { old_index, old_len, .. } => {
                changes.extend(old[old_index..old_index + old_len].iter().cloned().map(Change::Removed));
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                changes.extend(new[new_index..new_index + new_len].iter().cloned().map(Change::Added));
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                let paired = old_len.min(new_len);
                for k in 0..paired {
                    let (o, n) = (&old[old_index + k], &new[new_index + k]);
                    changes.push(Change::Changed {
                        old: o.clone(),
                        new: n.clone(),
                        pieces: char_pieces(&o.text, &n.text),
                    });
                }
                changes.extend(
                    old[old_index + paired..old_index + old_len]
                        .iter()
                        .cloned()
                        .map(Change::Removed),
                );
                changes.extend(
                    new[new_index + paired..new_index + new_len]
                        .iter()
                        .cloned()
                        .map(Change::Added),
                );
            }
        }
    }
    changes
}

fn char_pieces(old: &str, new: &str) -> Vec<Piece> {
    let diff = TextDiff::from_chars(old, new);
    let mut pieces: Vec<Piece> = Vec::new();
    for change in diff.iter_all_changes() {
        let text = change.value();
        match pieces.last_mut() {
            Some(last) if last.tag == change.tag() => last.text.push_str(text),
            _ => pieces.push(Piece {
                tag: change.tag(),
                text: text.to_string(),
            }),
        }
    }
    pieces
}

/// Print changes for a person to read. With `color`, removed characters are red and added
/// ones green; without, they are marked [-删去-] and {+加上+}.
pub fn format(changes: &[Change], color: bool) -> String {
    let mut out = String::new();
    let mut context: Option<&str> = None;
    for change in changes {
        let line = match change {
            Change::Removed(l) | Change::Added(l) => l,
            Change::Changed { new, .. } => new,
        };
        if context != Some(line.context.as_str()) {
            context = Some(line.context.as_str());
            out.push_str(&paint(&format!("@@ {}", line.context), "1;36", color));
            out.push('\n');
        }
        match change {
            Change::Removed(l) => out.push_str(&paint(&format!("- {}", l.text), "31", color)),
            Change::Added(l) => out.push_str(&paint(&format!("+ {}", l.text), "32", color)),
            Change::Changed { pieces, .. } => {
                out.push_str("~ ");
                for piece in pieces {
                    out.push_str(&match (piece.tag, color) {
                        (ChangeTag::Equal, _) => piece.text.clone(),
                        (ChangeTag::Delete, true) => paint(&piece.text, "1;31;9", true),
                        (ChangeTag::Insert, true) => paint(&piece.text, "1;32", true),
                        (ChangeTag::Delete, false) => format!("[-{}-]", piece.text),
                        (ChangeTag::Insert, false) => format!("{{+{}+}}", piece.text),
                    });
                }
            }
        }
        out.push('\n');
    }
    out
}

fn paint(text: &str, code: &str, color: bool) -> String {
    if color {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "# 方案\n\n## 三、主要工作内容\n\n### （一）组建创建工作机构\n\n组　长：张三　党委书记\\\n　　　　李四　镇长\n\n正文不变。\n";

    #[test]
    fn a_changed_post_shows_as_one_changed_line_with_the_characters_marked() {
        let new = OLD.replace("李四　镇长", "李四　党委副书记、镇长");
        let changes = diff(OLD, &new);
        assert_eq!(changes.len(), 1, "{changes:?}");
        let text = format(&changes, false);
        assert_eq!(
            text,
            "@@ 三、主要工作内容 › （一）组建创建工作机构\n~ 　　　　李四　{+党委副书记、+}镇长\n"
        );
    }

    #[test]
    fn added_and_removed_lines() {
        let new = OLD
            .replace("正文不变。\n", "正文不变。\n\n新增一段。\n")
            .replace("组　长：张三　党委书记\\\n", "组　长：");
        let changes = diff(OLD, &new);
        assert!(
            changes
                .iter()
                .any(|c| matches!(c, Change::Added(l) if l.text == "新增一段。"))
        );
        assert!(!diff(OLD, OLD).iter().any(|_| true));
    }
}
