//! The attachment pages of a Markdown document against its 附件说明 (rule `attachment-match`):
//! each page's label (附件1, or 附件 when there is only one) names an attachment the note lists,
//! in order, and its title is the name the note gives. A page answers to the last note before
//! it: a 通知 lists the plan it issues, and the plan, set after it, lists its own attachments.

use super::Finding;
use crate::renderer::blocks::{Block, Kind, attachment_prefix_len};

/// What the note lists and what the pages say, gathered block by block.
#[derive(Default)]
pub struct Attachments {
    /// Names in each 附件说明, in order.
    notes: Vec<Vec<String>>,
    pages: Vec<Page>,
}

struct Page {
    /// The note it answers to: the last one before it.
    note: Option<usize>,
    label: String,
    line: usize,
    /// The `#` title that follows the label, with its line.
    title: Option<(String, usize)>,
}

impl Attachments {
    /// Take note of `block` if it is an attachment note, label or title.
    pub fn read(&mut self, block: &Block, previous: Option<Kind>) {
        match block.kind {
            Kind::Attachments => {
                let mut listed = Vec::new();
                for segment in &block.segments {
                    let line: String = segment.iter().map(|s| s.text.as_str()).collect();
                    let line = line.trim_start_matches(['　', ' ']);
                    let start = if line.starts_with("附件：") {
                        attachment_prefix_len(line)
                    } else {
                        // A wrapped name list: "2. 名称" under "附件：1. 名称".
                        attachment_prefix_len(&format!("：{line}")) - 1
                    };
                    listed.push(line.chars().skip(start).collect::<String>().trim().to_string());
                }
                self.notes.push(listed);
            }
            Kind::AttachmentLabel => self.pages.push(Page {
                note: self.notes.len().checked_sub(1),
                label: block.text().trim().to_string(),
                line: block.line,
                title: None,
            }),
            Kind::Title if previous == Some(Kind::AttachmentLabel) => {
                if let Some(page) = self.pages.last_mut() {
                    page.title = Some((block.text(), block.line));
                }
            }
            _ => {}
        }
    }

    /// The findings, each with the Markdown line to look for its snippet from.
    pub fn findings(&self) -> Vec<(usize, Finding)> {
        let mut out = Vec::new();
        let mut last = 0;
        let mut note = None;
        for page in &self.pages {
            let listed: &[String] = page.note.and_then(|k| self.notes.get(k)).map_or(&[], Vec::as_slice);
            let n = listed.len();
            if page.note != note {
                note = page.note;
                last = 0;
            }
            let digits = page.label.trim_start_matches("附件");
            let number: Option<usize> = digits.parse().ok();
            let expected = match number {
                _ if n == 0 => {
                    out.push((
                        page.line,
                        finding(
                            &page.label,
                            "附件说明中没有列出附件（no 附件说明 lists this attachment）".into(),
                            None,
                        ),
                    ));
                    continue;
                }
                None if n > 1 || !digits.is_empty() => {
                    out.push((
                        page.line,
                        finding(
                            &page.label,
                            format!("附件说明列了 {n} 个附件，这里应写“附件”加序号（附件1、附件2……）"),
                            None,
                        ),
                    ));
                    continue;
                }
                None => 1,
                Some(k) if n == 1 => {
                    out.push((
                        page.line,
                        finding(
                            &page.label,
                            format!("只有一个附件时写“附件”，不加序号（写的是「附件{k}」）"),
                            Some("附件".into()),
                        ),
                    ));
                    k
                }
                Some(k) => k,
            };
            if expected == 0 || expected > n {
                out.push((
                    page.line,
                    finding(
                        &page.label,
                        format!(
                            "附件说明只列了 {n} 个附件，没有「{}」（no such attachment in the note）",
                            page.label
                        ),
                        None,
                    ),
                ));
                continue;
            }
            if expected <= last {
                out.push((
                    page.line,
                    finding(
                        &page.label,
                        format!(
                            "附件序号应依次排列：「{}」排在附件{last}之后（attachments out of order）",
                            page.label
                        ),
                        None,
                    ),
                ));
            }
            last = expected;
            let name = &listed[expected - 1];
            match &page.title {
                None => out.push((
                    page.line,
                    finding(
                        &page.label,
                        "附件页缺少标题：标签下一段应为“# 附件名称”（the attachment has no title）".into(),
                        None,
                    ),
                )),
                Some((title, line)) if title != name => out.push((
                    *line,
                    finding(
                        title,
                        format!(
                            "附件标题「{title}」与附件说明中的「{name}」不一致（the title differs from the 附件说明）"
                        ),
                        Some(name.clone()),
                    ),
                )),
                Some(_) => {}
            }
        }
        out
    }
}

fn finding(snippet: &str, message: String, fix: Option<String>) -> Finding {
    Finding {
        path: String::new(),
        rule: "attachment-match",
        message,
        snippet: snippet.to_string(),
        fix,
        safe: false,
        occurrence: 0,
    }
}
