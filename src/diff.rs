//! What changes in the document between two versions of a plan (or of a Markdown document):
//! its lines (paragraphs, and each line of a list of people or of the signature) aligned by
//! what they are rather than where they stand, and changed lines compared by character, with
//! numbers and Latin words kept whole, which suits Chinese, where no spaces mark the words.

mod align;

use crate::layout::Style;
use crate::renderer::blocks::{self, Block, Kind};
pub use align::Piece;
use similar::{Algorithm, ChangeTag, DiffOp, capture_diff_slices_deadline};
use std::time::{Duration, Instant};

/// A line of the document, with the place it stands in.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DocLine {
    /// Where the line stands: the headings above it, a run-in heading (（二）乡镇宜居), the role in a
    /// list of people (副组长), or a part outside the body (落款).
    pub context: String,
    pub text: String,
    /// Bytes at the start of `text` that say where the line stands rather than what it says:
    /// its number (三、, （二）, 一是), or in a list of people the role label (副组长：) or the
    /// indent under it.
    lead: usize,
    /// Whether that lead is a number, which a reader is told about when it changes; a role
    /// label or indent moves silently when the person above leaves.
    numbered: bool,
    /// The role a line of a list of people is listed under (副组长), or empty.
    role: String,
}

impl DocLine {
    /// What the line is, whatever its place: its role and its text without the lead. Lines are
    /// aligned by it.
    fn identity(&self) -> (&str, &str) {
        (&self.role, self.rest())
    }

    /// The text without its lead.
    fn rest(&self) -> &str {
        &self.text[self.lead..]
    }
    fn lead(&self) -> &str {
        &self.text[..self.lead]
    }
}

/// The lines a reader sees, from the document's Markdown.
pub fn document_lines(markdown: &str) -> Vec<DocLine> {
    let mut out = Vec::new();
    let mut headings: Vec<String> = Vec::new();
    // Within an attachment: its label and title (附件2 › 任务分解表), before its own headings.
    let mut attachment: Vec<String> = Vec::new();
    let mut titled = true;
    for block in blocks::parse(markdown) {
        match block.kind {
            Kind::Heading(level) => {
                headings.truncate(usize::from(level).saturating_sub(1));
                headings.push(block.text());
            }
            Kind::AttachmentLabel => {
                headings.clear();
                attachment = vec![block.text()];
                titled = false;
            }
            Kind::Title if !titled => {
                attachment.push(block.text());
                titled = true;
            }
            _ => {}
        }
        let headings: Vec<String> = attachment.iter().chain(&headings).cloned().collect();
        let role = (block.kind == Kind::Paragraph).then(|| role_label(&block)).flatten();
        // Parts outside the body are named by what they are, not by the last heading.
        let context = match block.kind {
            Kind::Title if !attachment.is_empty() => headings.join(" › "),
            Kind::Title => "标题".to_string(),
            Kind::DocNumber => "发文字号".to_string(),
            Kind::Addressee => "主送机关".to_string(),
            Kind::Attachments => "附件".to_string(),
            Kind::Signature => "落款".to_string(),
            Kind::CopyTo => "抄送".to_string(),
            Kind::CopyNumber | Kind::Secrecy | Kind::Urgency | Kind::IssuerMark | Kind::Signers => "版头".to_string(),
            Kind::SealedSignature => "落款".to_string(),
            Kind::Note => "附注".to_string(),
            Kind::PrintedBy => "版记".to_string(),
            Kind::AttachmentLabel => "附件".to_string(),
            _ => {
                let mut parts = headings.clone();
                parts.extend(run_in_heading(&block));
                parts.extend(role.as_ref().map(|(label, _)| label.clone()));
                parts.join(" › ")
            }
        };
        if let Some(table) = &block.table {
            table_lines(table, &context, &mut out);
            continue;
        }
        for (k, segment) in block.segments.iter().enumerate() {
            let text: String = segment.iter().map(|s| s.text.as_str()).collect();
            if text.trim().is_empty() {
                continue;
            }
            let (lead, numbered) = match &role {
                // 副组长：XX　… and the lines under it, indented to the names.
                Some((_, label_len)) if k == 0 => (*label_len, false),
                Some(_) => (text.len() - text.trim_start_matches('\u{3000}').len(), false),
                None => (number_len(&text), true),
            };
            out.push(DocLine {
                role: role.as_ref().map_or(String::new(), |(label, _)| label.clone()),
                context: context.clone(),
                text,
                lead,
                numbered,
            });
        }
    }
    out
}

/// A table's rows, one line each, its cells joined by ｜, under the table's header (表格 ›
/// 工作任务｜牵头单位…). A 序号 column is the row's number: a row removed renumbers the rest,
/// which are then told short, as renumbered items are.
fn table_lines(table: &blocks::Table, context: &str, out: &mut Vec<DocLine>) {
    let row_text = |row: &[blocks::Cell]| row.iter().map(blocks::cell_text).collect::<Vec<_>>().join("｜");
    let header = row_text(&table.header);
    let numbered = table.header.first().is_some_and(|c| blocks::cell_text(c) == "序号");
    let context = if context.is_empty() {
        format!("表格（{header}）")
    } else {
        format!("{context} › 表格（{header}）")
    };
    for row in &table.rows {
        let text = row_text(row);
        let lead = match (numbered, row.first()) {
            (true, Some(first)) => blocks::cell_text(first).len() + if row.len() > 1 { "｜".len() } else { 0 },
            _ => 0,
        };
        out.push(DocLine {
            role: String::new(),
            context: context.clone(),
            text,
            lead,
            numbered,
        });
    }
}

/// A list of people's role: 组　长：, 副组长：, 成　员： opening a paragraph whose lines give a
/// name and posts. The label as read (组长) and the length of the label as written.
fn role_label(block: &Block) -> Option<(String, usize)> {
    let first: String = block.segments.first()?.iter().map(|s| s.text.as_str()).collect();
    let colon = first.find('：')?;
    let label: String = first[..colon].chars().filter(|c| *c != '\u{3000}').collect();
    let count = label.chars().count();
    let names_follow = first[colon..].contains('\u{3000}');
    ((2..=5).contains(&count) && label.chars().all(crate::plan::text::is_cjk) && names_follow)
        .then(|| (label, colon + '：'.len_utf8()))
}

/// The run-in heading a paragraph opens with (（二）乡镇宜居), without the mark after it.
fn run_in_heading(block: &Block) -> Option<String> {
    let first = block.segments.first()?;
    let style = first.first()?.style;
    if block.kind != Kind::Paragraph || !matches!(style, Style::Heading1 | Style::Heading2) {
        return None;
    }
    let heading: String = first
        .iter()
        .take_while(|s| s.style == style)
        .map(|s| s.text.as_str())
        .collect();
    Some(heading.trim_end_matches(['。', '．', '.', '：', ' ']).to_string())
}

/// Bytes of the number a line opens with: 一、, （一）, 1., （1）, 一是.
fn number_len(text: &str) -> usize {
    if let Some((_, _, marker)) = crate::lint::markdown::number_of(text)
        && text.starts_with(&marker)
    {
        return marker.len();
    }
    crate::lint::markdown::item_marker(text).map_or(0, |(len, _)| len)
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Removed(DocLine),
    Added(DocLine),
    /// The same line, edited: old and new, and the runs between them.
    Changed {
        old: DocLine,
        new: DocLine,
        pieces: Vec<Piece>,
    },
    /// The same line under another number, because an item before it came or went.
    Renumbered {
        old: DocLine,
        new: DocLine,
    },
}

impl Change {
    /// A change of the text, as opposed to a renumbering that follows from one.
    pub fn is_edit(&self) -> bool {
        !matches!(self, Change::Renumbered { .. })
    }
}

/// How long the comparisons of one diff may take to find the smallest difference. Myers' diff
/// costs the documents' length times the size of the difference: nothing for a real edit, but
/// two unrelated documents of the largest size would take minutes. Past this, each comparison
/// settles for a coarser result (more lines shown as removed and added) instead.
const EFFORT: Duration = Duration::from_secs(2);

/// Compare two documents: lines aligned by what they are ([`DocLine`]'s identity), then the
/// lines of each run of changes paired by likeness, and paired lines compared by character.
pub fn diff(old_markdown: &str, new_markdown: &str) -> Vec<Change> {
    let deadline = Instant::now() + EFFORT;
    let old = document_lines(old_markdown);
    let new = document_lines(new_markdown);
    let old_ids: Vec<(&str, &str)> = old.iter().map(DocLine::identity).collect();
    let new_ids: Vec<(&str, &str)> = new.iter().map(DocLine::identity).collect();
    let mut changes = Vec::new();
    for op in capture_diff_slices_deadline(Algorithm::Myers, &old_ids, &new_ids, Some(deadline)) {
        match op {
            DiffOp::Equal {
                old_index,
                new_index,
                len,
            } => {
                for (o, n) in old[old_index..old_index + len]
                    .iter()
                    .zip(&new[new_index..new_index + len])
                {
                    // Same text but for the lead: a new number is told, a role label or indent
                    // that moved to the next person is not.
                    if o.lead() != n.lead() && o.numbered && n.numbered {
                        changes.push(Change::Renumbered {
                            old: o.clone(),
                            new: n.clone(),
                        });
                    }
                }
            }
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
                let (old_run, new_run) = (
                    &old[old_index..old_index + old_len],
                    &new[new_index..new_index + new_len],
                );
                replaced(old_run, new_run, deadline, &mut changes);
            }
        }
    }
    changes
}

/// A run of lines replaced by another: the pairs that are one line edited, in order, with the
/// lines between them removed or added.
fn replaced(old: &[DocLine], new: &[DocLine], deadline: Instant, changes: &mut Vec<Change>) {
    let old_ids: Vec<(&str, &str)> = old.iter().map(DocLine::identity).collect();
    let new_ids: Vec<(&str, &str)> = new.iter().map(DocLine::identity).collect();
    let pairs = align::pair(&old_ids, &new_ids);
    let (mut i, mut j) = (0, 0);
    for (pi, pj) in pairs.into_iter().chain(std::iter::once((old.len(), new.len()))) {
        changes.extend(old[i..pi].iter().cloned().map(Change::Removed));
        changes.extend(new[j..pj].iter().cloned().map(Change::Added));
        if let (Some(o), Some(n)) = (old.get(pi), new.get(pj)) {
            changes.push(Change::Changed {
                old: o.clone(),
                new: n.clone(),
                pieces: align::pieces(&o.text, &n.text, deadline),
            });
        }
        (i, j) = (pi + 1, pj + 1);
    }
}

/// How many characters of a renumbered line are shown after its new number.
const EXCERPT: usize = 20;

/// Print changes for a person to read, under `@@` lines naming where they stand. With `color`,
/// removed characters are red and added ones green; without, they are marked [-删去-] and
/// {+加上+}. A renumbered line is shown short: `= 三是→二是 推进“四大革命”…`.
pub fn format(changes: &[Change], color: bool) -> String {
    let mut out = String::new();
    let mut context: Option<&str> = None;
    for change in changes {
        let line = match change {
            Change::Removed(l) | Change::Added(l) => l,
            Change::Changed { new, .. } | Change::Renumbered { new, .. } => new,
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
                let last = pieces.len().saturating_sub(1);
                for (k, piece) in pieces.iter().enumerate() {
                    out.push_str(&match (piece.tag, color) {
                        (ChangeTag::Equal, _) => shortened(&piece.text, k == 0, k == last),
                        (ChangeTag::Delete, true) => paint(&piece.text, "1;31;9", true),
                        (ChangeTag::Insert, true) => paint(&piece.text, "1;32", true),
                        (ChangeTag::Delete, false) => format!("[-{}-]", piece.text),
                        (ChangeTag::Insert, false) => format!("{{+{}+}}", piece.text),
                    });
                }
            }
            Change::Renumbered { old, new } => {
                let rest = new.rest();
                let excerpt: String = rest.chars().take(EXCERPT).collect();
                let more = if excerpt.len() < rest.len() { "…" } else { "" };
                let text = format!("= {}→{} {excerpt}{more}", old.lead(), new.lead());
                out.push_str(&paint(&text, "2", color));
            }
        }
        out.push('\n');
    }
    out
}

/// Characters of unchanged text kept on each side of a change; a longer stretch between
/// changes is cut to "…", so that a figure changed in a long paragraph is read where it is.
const AROUND: usize = 16;

/// An unchanged run of a changed line as shown: whole when short, else its ends around "…" (the
/// line's first characters stay, which say which item it is).
fn shortened(text: &str, first: bool, last: bool) -> String {
    const OPENING: usize = 8;
    let chars: Vec<char> = text.chars().collect();
    let head = if first { OPENING } else { AROUND };
    let tail = if last { 0 } else { AROUND };
    // Cut only where that saves more than it costs.
    if chars.len() <= head + tail + 4 {
        return text.to_string();
    }
    let start: String = chars[..head].iter().collect();
    let end: String = chars[chars.len() - tail..].iter().collect();
    format!("{start}…{end}")
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
            "@@ 三、主要工作内容 › （一）组建创建工作机构 › 组长\n~ 　　　　李四　{+党委副书记、+}镇长\n"
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

    #[test]
    fn a_removed_item_is_removed_and_the_next_renumbered_not_paired_by_position() {
        let old = "## 一、甲\n\n一是抓产业。内容甲。\n\n二是抓环境。内容乙。\n\n三是抓治理。内容丙。\n";
        let new = "## 一、甲\n\n一是抓产业。内容甲。\n\n二是抓治理。内容丙有变。\n";
        let changes = diff(old, new);
        assert_eq!(
            format(&changes, false),
            "@@ 一、甲\n- 二是抓环境。内容乙。\n~ [-三-]{+二+}是抓治理。内容丙{+有变+}。\n"
        );
        let new = "## 一、甲\n\n一是抓产业。内容甲。\n\n二是抓治理。内容丙。\n";
        let changes = diff(old, new);
        assert_eq!(
            format(&changes, false),
            "@@ 一、甲\n- 二是抓环境。内容乙。\n= 三是→二是 抓治理。内容丙。\n"
        );
        assert_eq!(changes.iter().filter(|c| c.is_edit()).count(), 1);
    }

    #[test]
    fn the_first_person_of_a_role_leaving_moves_the_next_up_silently() {
        let new = OLD.replace("组　长：张三　党委书记\\\n　　　　李四　镇长", "组　长：李四　镇长");
        assert_ne!(new, OLD);
        let changes = diff(OLD, &new);
        assert_eq!(
            format(&changes, false),
            "@@ 三、主要工作内容 › （一）组建创建工作机构 › 组长\n- 组　长：张三　党委书记\n"
        );
        // Moving to another role is a change of that line: out of one role, into the other.
        let moved = "组　长：张三　党委书记\n\n副组长：李四　镇长\n";
        let changes = diff("组　长：张三　党委书记\\\n　　　　李四　镇长\n", moved);
        let text = format(&changes, false);
        assert!(
            text.contains("@@ 组长\n- 　　　　李四　镇长\n@@ 副组长\n+ 副组长：李四　镇长\n"),
            "{text}"
        );
    }
}
