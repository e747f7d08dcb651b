//! The rules checked on a document's Markdown: a hand-edited `output/*.md`, or the text a plan
//! generates. On top of the running-text rules of [`super::text_rules`]: the heading numbers
//! (一、 → （一） → 1. → （1）, each level counting up from one under its parent), attachment
//! names, and the copy-to line ending with 。.

use super::{Finding, TRAILING, text_rules, trailing_mark};
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
    let lines = LineIndex::new(md);
    let blocks = blocks::parse(md);
    for (k, block) in blocks.iter().enumerate() {
        let text = block.text();
        let mut findings = Vec::new();
        match block.kind {
            Kind::Heading(level) => numbers.check(Some(level), &text, &mut findings),
            Kind::Paragraph => numbers.check(run_in_level(block), &text, &mut findings),
            Kind::Attachments => attachment_names(block, &mut findings),
            Kind::CopyTo => copy_to(&text, &mut findings),
            _ => {}
        }
        if running_text && block.kind != Kind::PageBreak {
            text_rules("", &text, &mut findings);
        }
        // A block's text lies between its first line and the next block's.
        let next = blocks.get(k + 1).map_or(usize::MAX, |b| b.line);
        out.extend(findings.into_iter().map(|f| {
            let (line, col, offset) = locate(md, &lines, block.line..next, &f.snippet);
            MarkdownFinding {
                line,
                col,
                offset,
                finding: f,
            }
        }));
    }
    // A snippet written several times is placed at its first occurrence: report it once.
    out.dedup();
    out
}

/// Line, column and byte offset where `snippet` first occurs in lines `within` (1-based); else
/// the first line and no offset.
fn locate(md: &str, lines: &LineIndex, within: std::ops::Range<usize>, snippet: &str) -> (usize, usize, Option<usize>) {
    let from = within.start;
    let pos = |line: usize| Position {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        col: 1,
    };
    let start = lines.offset(md, pos(from)).unwrap_or(md.len());
    let end = lines.offset(md, pos(within.end)).unwrap_or(md.len()).max(start);
    let Some(at) = md
        .get(start..end)
        .and_then(|rest| rest.find(snippet))
        .filter(|_| !snippet.is_empty())
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
    }
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
    fn running_text_rules_apply_with_their_place() {
        let found = lint("# 标题\n\n正文有同志同志两字。\n");
        assert_eq!(
            (found[0].line, found[0].col, found[0].finding.rule),
            (3, 4, "doubled-phrase")
        );
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
