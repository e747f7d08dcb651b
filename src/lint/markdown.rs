//! The rules checked on a document's Markdown: a hand-edited `output/*.md`, or the text a plan
//! generates. On top of the running-text rules of [`super::text_rules`] and placeholders: the
//! heading numbers (一、 → （一） → 1. → （1）, each level counting up from one under its parent),
//! the items 一是、二是… counting up under their heading, attachment names, and the copy-to
//! line ending with 。.

use super::attachments::Attachments;
use super::{Finding, Sink, TRAILING, leftover, occurrence, text_rules, trailing_mark};
use crate::layout::Style;
use crate::plan::load::LineIndex;
use crate::plan::source_map::Position;
use crate::renderer::blocks::{self, Block, Kind};

/// A finding at a line and column (1-based, in characters) of the Markdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkdownFinding {
    pub line: usize,
    pub col: usize,
    /// Byte offset of the snippet, where it was found (for `--fix`).
    pub offset: Option<usize>,
    pub finding: Finding,
}

/// Every rule: the document's structure and its running text.
pub fn lint(md: &str) -> Vec<MarkdownFinding> {
    check(md, true)
}

/// The structure only (heading numbers, attachment names, copy-to): for the text a plan
/// generates, whose running text was checked on the plan itself, where a fix belongs.
pub fn lint_structure(md: &str) -> Vec<MarkdownFinding> {
    check(md, false)
}

fn check(md: &str, running_text: bool) -> Vec<MarkdownFinding> {
    let mut out = Vec::new();
    let mut numbers = Numbering::default();
    let mut attachments = Attachments::default();
    let mut previous = None;
    let mut items = Items::default();
    let names_withheld = leftover::names_withheld(md);
    let lines = LineIndex::new(md);
    let blocks = blocks::parse(md);
    for (k, block) in blocks.iter().enumerate() {
        let text = block.text();
        let mut findings = Vec::new();
        attachments.read(block, previous);
        previous = Some(block.kind);
        match block.kind {
            Kind::Heading(level) => {
                items = Items::default();
                numbers.check(Some(level), &text, &mut findings);
            }
            Kind::Paragraph => {
                let level = run_in_level(block);
                if level.is_some() {
                    items = Items::default();
                }
                numbers.check(level, &text, &mut findings);
            }
            Kind::Attachments => attachment_names(block, &mut findings),
            Kind::CopyTo => copy_to(&text, &mut findings),
            // An attachment numbers its headings afresh.
            Kind::AttachmentLabel => numbers = Numbering::default(),
            _ => {}
        }
        // The rules that may find many things in one text, bounded per text.
        let mut sink = Sink::new("", &text);
        if block.kind == Kind::Paragraph {
            items.check(&mut sink);
        }
        match &block.table {
            // Cell by cell: two neighbouring cells saying 党建办 are not a doubled phrase.
            Some(table) if running_text => {
                for cell in table.all_rows().flatten() {
                    let cell = blocks::cell_text(cell);
                    let mut cell_sink = Sink::new("", &cell);
                    text_rules(&mut cell_sink);
                    leftover::placeholders(&mut cell_sink, &[], names_withheld);
                    cell_sink.finish(&mut findings);
                }
            }
            None if running_text && block.kind != Kind::PageBreak => {
                text_rules(&mut sink);
                leftover::placeholders(&mut sink, &[], names_withheld);
            }
            _ => {}
        }
        sink.finish(&mut findings);
        // A block's text lies between its first line and the next block's.
        let next = blocks.get(k + 1).map_or(usize::MAX, |b| b.line);
        out.extend(findings.into_iter().map(|f| place(md, &lines, block.line..next, f)));
    }
    out.extend(
        attachments
            .findings()
            .into_iter()
            .map(|(line, f)| place(md, &lines, line..usize::MAX, f)),
    );
    // A snippet written several times is placed at its first occurrence: report it once.
    out.dedup();
    out
}

/// A finding placed at its snippet, looked for in the Markdown's `lines`.
fn place(md: &str, lines: &LineIndex, within: std::ops::Range<usize>, f: Finding) -> MarkdownFinding {
    let (line, col, offset) = locate(md, lines, within, &f.snippet, f.occurrence);
    MarkdownFinding {
        line,
        col,
        offset,
        finding: f,
    }
}

/// Line, column and byte offset where the `occurrence`-th `snippet` (0 for the first) stands in
/// lines `within` (1-based); else the first line and no offset.
fn locate(
    md: &str,
    lines: &LineIndex,
    within: std::ops::Range<usize>,
    snippet: &str,
    occurrence: usize,
) -> (usize, usize, Option<usize>) {
    let from = within.start;
    let pos = |line: usize| Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: 1,
    };
    let start = lines.offset(md, pos(from)).unwrap_or(md.len());
    let end = lines.offset(md, pos(within.end)).unwrap_or(md.len()).max(start);
    let Some(at) = md
        .get(start..end)
        .filter(|_| !snippet.is_empty())
        .and_then(|block| block.match_indices(snippet).nth(occurrence))
        .map(|(at, _)| at)
    else {
        return (from, 1, None);
    };
    let found = lines.position(md, start + at);
    (found.line as usize, found.col as usize, Some(start + at))
}

/// The level a paragraph's opening number gives it: a run-in heading in 黑体 or 楷体 (levels 1
/// and 2), or a paragraph opening with 1. or （1） (levels 3 and 4).
fn run_in_level(block: &Block) -> Option<u8> {
    let first = block.segments.first()?.first()?;
    match first.style {
        Style::Heading1 => Some(1),
        Style::Heading2 => Some(2),
        _ => number_of(&block.text()).map(|(level, _, _)| level),
    }
}

const NUMERALS: &str = "一二三四五六七八九十";

/// The value of a Chinese numeral from 一 to 九十九.
fn chinese_value(s: &str) -> Option<u32> {
    let digit = |c: char| NUMERALS.chars().position(|n| n == c).map(|i| i as u32 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        [c] => digit(*c),
        ['十', u] => Some(10 + digit(*u).filter(|d| *d < 10)?),
        [t, '十'] => Some(10 * digit(*t).filter(|d| *d < 10)?),
        [t, '十', u] => Some(10 * digit(*t).filter(|d| *d < 10)? + digit(*u).filter(|d| *d < 10)?),
        _ => None,
    }
}

/// The level, value and marker of a heading number at the start of `text`: 一、 (1), （一） (2),
/// 1. (3), （1） (4).
pub(crate) fn number_of(text: &str) -> Option<(u8, u32, String)> {
    let t = text.trim_start_matches([' ', '　']);
    if let Some(inner) = t.strip_prefix('（') {
        let close = inner.find('）')?;
        let n = &inner[..close];
        let marker = format!("（{n}）");
        if let Some(v) = chinese_value(n) {
            return Some((2, v, marker));
        }
        return n
            .parse()
            .ok()
            .filter(|_| n.bytes().all(|b| b.is_ascii_digit()))
            .map(|v| (4, v, marker));
    }
    let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let mut rest = t[digits.len()..].chars();
        let after = rest.next()?;
        // 1.54万元 is a number, not a heading.
        let decimal = rest.next().is_some_and(|c| c.is_ascii_digit());
        return (matches!(after, '.' | '．') && !decimal)
            .then(|| Some((3, digits.parse().ok()?, format!("{digits}{after}"))))
            .flatten();
    }
    let numeral: String = t.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    if !numeral.is_empty() && t[numeral.len()..].starts_with('、') {
        return Some((1, chinese_value(&numeral)?, format!("{numeral}、")));
    }
    None
}

/// The marker a level uses for the number `n`.
fn marker(level: u8, n: u32) -> String {
    let chinese = crate::renderer::markdown::chinese_number(i64::from(n));
    match level {
        1 => format!("{chinese}、"),
        2 => format!("（{chinese}）"),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// The last number seen at each level, reset below a level when it counts on.
#[derive(Default)]
struct Numbering {
    last: [u32; 4],
}

impl Numbering {
    /// Check a heading (`level` from its Markdown or its run-in style) numbered at the start of
    /// `text`. A paragraph with no heading level is not a heading and is left alone.
    fn check(&mut self, level: Option<u8>, text: &str, out: &mut Vec<Finding>) {
        let Some(level) = level.filter(|l| (1..=4).contains(l)) else {
            return;
        };
        // An unnumbered heading (附则, a hand-written aside) is not counted.
        let Some((form, n, written)) = number_of(text) else {
            return;
        };
        if form != level {
            out.push(finding(
                written.clone(),
                format!(
                    "第{}层标题应当用「{}」式序号，这里用了「{written}」（GB/T 9704：一、（一）1.（1）依次）",
                    level,
                    marker(level, 1)
                ),
                None,
            ));
            return;
        }
        let i = usize::from(level - 1);
        let expected = self.last[i] + 1;
        if n != expected {
            out.push(finding(
                written.clone(),
                format!(
                    "序号不连续：这里应为「{}」，写的是「{written}」（heading numbers out of sequence）",
                    marker(level, expected)
                ),
                Some(marker(level, expected)),
            ));
        }
        self.last[i] = n;
        for lower in &mut self.last[i + 1..] {
            *lower = 0;
        }
    }
}

fn finding(snippet: String, message: String, fix: Option<String>) -> Finding {
    Finding {
        path: String::new(),
        rule: "heading-sequence",
        message,
        snippet,
        fix,
        safe: false,
        occurrence: 0,
    }
}

/// The items 一是、二是… that a paragraph opens with or that follow a 。；： within it, counted
/// from one under their heading (a heading, or a run-in heading, starts them anew). A list that
/// starts again at 一是 under the same heading is a new list; any other number must follow the
/// last one: 一是、二是、四是 lost its 三是.
#[derive(Default)]
struct Items {
    last: u32,
}

impl Items {
    fn check(&mut self, sink: &mut Sink) {
        for (at, n, marker) in item_markers(sink.text()) {
            if n != 1 && n != self.last + 1 {
                let expected = format!(
                    "{}是",
                    crate::renderer::markdown::chinese_number(i64::from(self.last + 1))
                );
                let message = format!(
                    "分项序号不连续：{}之后应为「{expected}」，写的是「{marker}」（items out of sequence）",
                    if self.last == 0 {
                        "本节开头".to_string()
                    } else {
                        format!(
                            "「{}是」",
                            crate::renderer::markdown::chinese_number(i64::from(self.last))
                        )
                    }
                );
                sink.add(at, "item-sequence", message, marker, Some(expected), false);
            }
            self.last = n;
        }
    }
}

/// Every 一是, 二是… in `text` that opens it or follows a 。；：！？: its byte offset, its value
/// and its marker. 统一是… has no mark before 一是, so it is not an item.
pub(crate) fn item_markers(text: &str) -> Vec<(usize, u32, String)> {
    let mut out = Vec::new();
    let mut starts = vec![0];
    starts.extend(
        text.match_indices(['。', '；', '：', '！', '？'])
            .map(|(at, m)| at + m.len()),
    );
    for start in starts {
        if let Some((len, n)) = item_marker(&text[start..]) {
            out.push((start, n, text[start..start + len].to_string()));
        }
    }
    out
}

/// The byte length and value of the 一是…九十九是 that `text` opens with.
pub(crate) fn item_marker(text: &str) -> Option<(usize, u32)> {
    let numeral: String = text.chars().take_while(|c| NUMERALS.contains(*c)).take(3).collect();
    let n = chinese_value(&numeral)?;
    text[numeral.len()..]
        .starts_with('是')
        .then_some((numeral.len() + '是'.len_utf8(), n))
}

/// 附件：1. 名称 — no punctuation after a name.
fn attachment_names(block: &Block, out: &mut Vec<Finding>) {
    for segment in &block.segments {
        let line: String = segment.iter().map(|s| s.text.as_str()).collect();
        let name = line.trim().trim_start_matches("附件：").trim_start();
        let name = name.trim_start_matches(|c: char| c.is_ascii_digit());
        let name = name.trim_start_matches(['.', '．', ' ']);
        out.extend(trailing_mark(
            String::new(),
            name,
            "attachment-name",
            "附件名称",
            "（no punctuation after an attachment name）",
        ));
    }
}

/// 抄送：A，B，C。 — the line ends with a full stop, and only one.
fn copy_to(text: &str, out: &mut Vec<Finding>) {
    let body = text.trim_end();
    if body.ends_with('。') && !body.trim_end_matches('。').ends_with(|c| TRAILING.contains(c)) {
        return;
    }
    let last: String = body
        .chars()
        .rev()
        .take(6)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let fixed = format!("{}。", last.trim_end_matches(|c| TRAILING.contains(c)));
    out.push(Finding {
        path: String::new(),
        rule: "copy-to",
        message: "抄送行以句号结尾（the copy-to line ends with 。）".to_string(),
        occurrence: occurrence(body, body.len().saturating_sub(last.len()), &last),
        snippet: last,
        fix: Some(fixed),
        safe: true,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(md: &str) -> Vec<(usize, &'static str, String)> {
        lint(md)
            .into_iter()
            .map(|f| (f.line, f.finding.rule, f.finding.snippet))
            .collect()
    }

    #[test]
    fn heading_numbers_count_up_under_their_parent() {
        let good = "# 标题\n\n## 一、甲\n\n### （一）子\n\n正文。\n\n### （二）子\n\n1.细目\n\n2.细目\n\n## 二、乙\n\n**（一）另起**。正文。\n";
        assert_eq!(rules(good), []);
        let skipped = "# 标题\n\n## 一、甲\n\n## 三、丙\n";
        assert_eq!(rules(skipped), [(5, "heading-sequence", "三、".to_string())]);
        let wrong_form = "# 标题\n\n## （一）甲\n";
        assert_eq!(rules(wrong_form), [(3, "heading-sequence", "（一）".to_string())]);
        let no_restart = "# 标题\n\n## 一、甲\n\n### （一）子\n\n## 二、乙\n\n### （二）子\n";
        assert_eq!(rules(no_restart), [(9, "heading-sequence", "（二）".to_string())]);
    }

    #[test]
    fn copy_to_ends_with_a_full_stop_and_names_have_none() {
        let md = "正文。\n\n<!-- gongwen:copy-to -->\n抄送：县委办公室，县政府办公室\n";
        let found = lint(md);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].line, found[0].finding.rule), (4, "copy-to"));
        assert_eq!(found[0].finding.fix.as_deref(), Some("县政府办公室。"));
        assert!(lint("<!-- gongwen:copy-to -->\n抄送：县委办公室。\n").is_empty());
        let md = "<!-- gongwen:attachments -->\n附件：1. 任务分解表。\n";
        assert_eq!(rules(md), [(2, "attachment-name", "任务分解表。".to_string())]);
    }

    #[test]
    fn attachment_pages_match_the_note() {
        let note = "<!-- gongwen:attachments -->\n附件：1. 甲表\\\n　　　2. 乙表\n\n";
        let page =
            |label: &str, title: &str| format!("<!-- gongwen:attachment -->\n{label}\n\n# {title}\n\n正文。\n\n");
        let good = format!("{note}{}{}", page("附件1", "甲表"), page("附件2", "乙表"));
        assert_eq!(rules(&good), []);
        // A title that differs from the note, and numbering that restarts in an attachment.
        let md = format!(
            "{note}{}## 一、甲\n\n{}## 一、乙\n",
            page("附件1", "甲表"),
            page("附件2", "丙表")
        );
        assert_eq!(rules(&md), [(17, "attachment-match", "丙表".to_string())]);
        // A label without its number, and one the note does not have.
        let md = format!("{note}{}{}", page("附件", "甲表"), page("附件3", "丙表"));
        let found = rules(&md);
        assert_eq!(
            found,
            [
                (6, "attachment-match", "附件".to_string()),
                (13, "attachment-match", "附件3".to_string())
            ]
        );
        // A notice lists the plan it issues; the plan, after it, lists its own attachments.
        let issued = format!(
            "<!-- gongwen:attachments -->\n附件：方案\n\n{}{note}{}{}",
            page("附件", "方案"),
            page("附件1", "甲表"),
            page("附件2", "乙表")
        );
        assert_eq!(rules(&issued), []);
        // One attachment: 附件 alone.
        let one = "<!-- gongwen:attachments -->\n附件：甲表\n\n";
        assert_eq!(rules(&format!("{one}{}", page("附件", "甲表"))), []);
        assert_eq!(
            rules(&format!("{one}{}", page("附件1", "甲表"))),
            [(5, "attachment-match", "附件1".to_string())]
        );
    }

    #[test]
    fn table_cells_are_checked_one_by_one() {
        let md = "| 牵头单位 | 责任单位 |\n| --- | --- |\n| 党建办 | 党建办 |\n| 前县 | 布署 |\n";
        let found = rules(md);
        assert!(found.iter().all(|f| f.1 != "doubled-phrase"), "{found:?}");
        assert_eq!(found.iter().filter(|f| f.1 == "typo").count(), 2, "{found:?}");
    }

    #[test]
    fn running_text_rules_apply_with_their_place() {
        let found = lint("# 标题\n\n正文有同志同志两字。\n");
        assert_eq!(
            (found[0].line, found[0].col, found[0].finding.rule),
            (3, 4, "doubled-phrase")
        );
    }

    #[test]
    fn items_count_up_under_their_heading() {
        let good =
            "## 一、甲\n\n一是甲。\n\n二是乙；三是丙。\n\n续段。\n\n四是丁。\n\n## 二、乙\n\n一是另起。统一是前提。\n";
        assert_eq!(rules(good), []);
        let gap = "## 一、甲\n\n一是甲。\n\n二是乙。\n\n四是丁。\n";
        assert_eq!(rules(gap), [(7, "item-sequence", "四是".to_string())]);
        let inline = "## 一、甲\n\n做到：一是甲；三是丙。\n";
        assert_eq!(rules(inline), [(3, "item-sequence", "三是".to_string())]);
        // A run-in heading starts its items anew.
        let run_in = "## 一、甲\n\n**（一）子**。一是甲；二是乙。\n\n**（二）子**。一是甲。\n";
        assert_eq!(rules(run_in), []);
    }

    #[test]
    fn placeholders_in_a_document_unless_it_withholds_names() {
        let md = "# 标题\n\n由XX同志负责【在此填写】。\n";
        let found: Vec<_> = rules(md).into_iter().map(|(line, rule, _)| (line, rule)).collect();
        assert_eq!(found, [(3, "placeholder"), (3, "placeholder")]);
        let withheld = format!("<!-- gongwen-lint: names-withheld -->\n{md}");
        assert_eq!(rules(&withheld), [(4, "placeholder", "【在此填写】".to_string())]);
    }

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese_value("一"), Some(1));
        assert_eq!(chinese_value("十"), Some(10));
        assert_eq!(chinese_value("十二"), Some(12));
        assert_eq!(chinese_value("二十"), Some(20));
        assert_eq!(chinese_value("二十三"), Some(23));
        assert_eq!(chinese_value("十十"), None);
    }
}
