//! Official-document rules that can be checked on the plan's text (`gongwen lint`).
//!
//! Each finding names the field, the rule, the offending text and, where one is certain, the fix.
//! Fixes marked safe change nothing but the form (a half-width comma, a zero in a date); the
//! others (a doubled phrase, a likely typo) are suggestions for a person to decide.

pub mod markdown;

use crate::plan::Plan;
use crate::plan::model::PersonRef;
use crate::plan::prose::{Clause, Prose};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// Field path, as in validation messages.
    pub path: String,
    /// Rule id, stable for scripts: `half-width-punctuation`, `doubled-phrase`, …
    pub rule: &'static str,
    pub message: String,
    /// The offending text, as written.
    pub snippet: String,
    /// What to write instead, when known.
    pub fix: Option<String>,
    /// The fix changes form only and may be applied without asking (`--fix`).
    pub safe: bool,
}

/// Every text of the plan with its field path.
fn texts(plan: &Plan) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |path: String, text: &str| {
        if !text.is_empty() {
            out.push((path, text.to_string()));
        }
    };
    let d = &plan.document;
    push("document.title".into(), d.title.as_str());
    push("document.addressee".into(), d.addressee.as_str());
    for (i, t) in d.issuers.iter().enumerate() {
        push(format!("document.issuers[{i}]"), t.as_str());
    }
    for (i, t) in d.copy_to.iter().enumerate() {
        push(format!("document.copy_to[{i}]"), t.as_str());
    }
    for (i, t) in plan.guiding_ideology.iter().enumerate() {
        push(format!("guiding_ideology[{i}]"), t.as_str());
    }
    fn prose(path: &str, p: &Prose, push: &mut dyn FnMut(String, &str)) {
        for (i, clause) in p.clauses.iter().enumerate() {
            match clause {
                Clause::Text(t) if p.clauses.len() == 1 => push(path.to_string(), t.as_str()),
                Clause::Text(t) => push(format!("{path}[{i}]"), t.as_str()),
                Clause::Target(t) => {
                    push(format!("{path}[{i}].indicator"), t.indicator.as_str());
                    push(format!("{path}[{i}].reference"), t.reference.as_str());
                }
            }
        }
    }
    for (section, items) in [
        ("principles", &plan.principles),
        ("creation.items", &plan.creation.items),
        ("safeguards", &plan.safeguards),
    ] {
        for (i, item) in items.iter().enumerate() {
            push(format!("{section}[{i}].title"), item.title.as_str());
            prose(&format!("{section}[{i}].body"), &item.body, &mut push);
        }
    }
    push("creation.intro".into(), plan.creation.intro.as_str());
    push("organization.intro".into(), plan.organization.intro.as_str());
    push(
        "organization.office.duties".into(),
        plan.organization.office.duties.as_str(),
    );
    for (i, p) in plan.priorities.iter().enumerate() {
        push(format!("priorities[{i}].lead"), p.lead.as_str());
        prose(&format!("priorities[{i}].body"), &p.body, &mut push);
    }
    for (i, p) in plan.preamble.iter().enumerate() {
        prose(&format!("preamble[{i}]"), p, &mut push);
    }
    crate::plan::outline::texts(&plan.sections, &mut |path, text| push(path, text.as_str()));
    for (id, person) in &plan.people {
        for (i, post) in person.posts.iter().enumerate() {
            push(format!("people.{id}.posts[{i}]"), post.title.as_str());
        }
    }
    for (field, _, people) in plan.organization.leading_group.roles() {
        for (i, r) in people.iter().enumerate() {
            if let PersonRef::Inline(p) = r {
                for (k, post) in p.posts.iter().enumerate() {
                    push(
                        format!("organization.leading_group.{field}[{i}].posts[{k}]"),
                        post.title.as_str(),
                    );
                }
            }
        }
    }
    out
}

/// Punctuation that must not end a name in a list (an attachment, an organ copied to).
const TRAILING: &str = "。，；：、.,;:！？";

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The rules on running text: punctuation width, doubled phrases, dates, pairs, typos.
pub fn text_rules(path: &str, text: &str, out: &mut Vec<Finding>) {
    half_width_punctuation(path, text, out);
    doubled_phrase(path, text, out);
    zero_padded_dates(path, text, out);
    unbalanced(path, text, out);
    typos(path, text, out);
}

pub fn lint(plan: &Plan) -> Vec<Finding> {
    let mut findings = Vec::new();
    for (path, text) in texts(plan) {
        text_rules(&path, &text, &mut findings);
    }
    // The template writes "由…同志兼任" and lists names bare: a name carrying 同志 doubles it.
    for (id, person) in &plan.people {
        name_with_title(&format!("people.{id}.name"), person.name.as_str(), &mut findings);
    }
    for (field, _, people) in plan.organization.leading_group.roles() {
        for (i, r) in people.iter().enumerate() {
            if let PersonRef::Inline(p) = r {
                name_with_title(
                    &format!("organization.leading_group.{field}[{i}].name"),
                    p.name.as_str(),
                    &mut findings,
                );
            }
        }
    }
    let date = plan.document.date.raw.as_str();
    zero_padded_dates("document.date", date, &mut findings);
    document_number(plan.document.number.as_str(), &mut findings);
    // The template ends the copy-to line with 。 itself.
    for (i, organ) in plan.document.copy_to.iter().enumerate() {
        findings.extend(trailing_mark(
            format!("document.copy_to[{i}]"),
            organ.as_str(),
            "copy-to",
            "抄送机关名称",
            "，抄送行末的句号由模板加上（the template ends the line with 。）",
        ));
    }
    for (i, name) in plan.document.attachments.iter().enumerate() {
        findings.extend(trailing_mark(
            format!("document.attachments[{i}]"),
            name.as_str(),
            "attachment-name",
            "附件名称",
            "（no punctuation after an attachment name）",
        ));
    }
    findings
}

/// A name in a list (an attachment, an organ copied to) ending in punctuation: the finding, with
/// the bare name as its fix.
pub(crate) fn trailing_mark(path: String, name: &str, rule: &'static str, what: &str, why: &str) -> Option<Finding> {
    let last = name.chars().next_back().filter(|c| TRAILING.contains(*c))?;
    Some(Finding {
        path,
        rule,
        message: format!("{what}末尾不加标点（「{last}」）{why}"),
        snippet: name.to_string(),
        fix: Some(name.trim_end_matches(|c| TRAILING.contains(c)).to_string()),
        safe: true,
    })
}

fn name_with_title(path: &str, name: &str, out: &mut Vec<Finding>) {
    for title in ["同志", "先生", "女士"] {
        if let Some(bare) = name.strip_suffix(title).filter(|b| !b.is_empty()) {
            out.push(Finding {
                path: path.to_string(),
                rule: "name-title",
                message: format!("姓名后不要加「{title}」：文中会写“由{bare}同志兼任”，否则成了“{title}同志”（a title after a name doubles the template's）"),
                snippet: name.to_string(),
                fix: Some(bare.to_string()),
                safe: false,
            });
        }
    }
}

/// `,` `:` `;` `?` `!` `(` `)` next to Chinese text are the web's, not an official document's.
fn half_width_punctuation(path: &str, text: &str, out: &mut Vec<Finding>) {
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let full = match c {
            ',' => '，',
            ':' => '：',
            ';' => '；',
            '?' => '？',
            '!' => '！',
            '(' => '（',
            ')' => '）',
            _ => continue,
        };
        let prev = i.checked_sub(1).and_then(|k| chars.get(k)).copied();
        let next = chars.get(i + 1).copied();
        if !(prev.is_some_and(is_han) || next.is_some_and(is_han)) {
            continue; // Latin text keeps its own punctuation
        }
        // The mark with a neighbour, so that it can be found again in the file.
        let (snippet, fix) = match prev {
            Some(p) => (format!("{p}{c}"), format!("{p}{full}")),
            None => (
                format!("{c}{}", next.unwrap_or(' ')),
                format!("{full}{}", next.unwrap_or(' ')),
            ),
        };
        out.push(Finding {
            path: path.to_string(),
            rule: "half-width-punctuation",
            message: format!("中文里用了半角「{c}」，应为全角「{full}」（half-width punctuation in Chinese text）"),
            snippet,
            fix: Some(fix),
            safe: true,
        });
    }
}

/// A phrase written twice in a row: 同志同志, 建有农村电商服务站建有农村电商服务站. A single
/// doubled character (常常, 人人) is ordinary Chinese and is not reported.
fn doubled_phrase(path: &str, text: &str, out: &mut Vec<Finding>) {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let longest = (2..=20).rev().find(|&len| {
            i + 2 * len <= chars.len()
                && chars[i..i + len].iter().all(|c| is_han(*c))
                && chars[i..i + len] == chars[i + len..i + 2 * len]
        });
        if let Some(len) = longest {
            let phrase: String = chars[i..i + len].iter().collect();
            out.push(Finding {
                path: path.to_string(),
                rule: "doubled-phrase",
                message: format!("「{phrase}」连写了两遍（a phrase written twice）"),
                snippet: phrase.repeat(2),
                fix: Some(phrase),
                safe: false,
            });
            i += 2 * len;
        } else {
            i += 1;
        }
    }
}

/// 2021年03月05日 → 2021年3月5日: Arabic numerals, no zero padding (GB/T 9704 7.3.5.1).
fn zero_padded_dates(path: &str, text: &str, out: &mut Vec<Finding>) {
    let chars: Vec<char> = text.chars().collect();
    for i in 0..chars.len() {
        if chars[i] != '年' || i < 4 || !chars[i - 4..i].iter().all(char::is_ascii_digit) {
            continue;
        }
        let rest: String = chars[i + 1..].iter().take(6).collect();
        let Some((month, after)) = rest.split_once('月') else {
            continue;
        };
        let day: String = after.chars().take_while(char::is_ascii_digit).collect();
        if month.is_empty() || !month.chars().all(|c| c.is_ascii_digit()) || !after[day.len()..].starts_with('日') {
            continue;
        }
        if month.starts_with('0') || day.starts_with('0') {
            let year: String = chars[i - 4..i].iter().collect();
            let unpad = |s: &str| s.trim_start_matches('0').to_string();
            out.push(Finding {
                path: path.to_string(),
                rule: "date-format",
                message: "日期的月、日不补零（no zero padding in dates: 2021年3月5日）".to_string(),
                snippet: format!("{year}年{month}月{day}日"),
                fix: Some(format!("{year}年{}月{}日", unpad(month), unpad(&day))),
                safe: true,
            });
        }
    }
}

/// 镇委发〔2021〕5号: year in 〔〕, no 第, no zero padding, ending in 号.
fn document_number(number: &str, out: &mut Vec<Finding>) {
    if number.is_empty() {
        return;
    }
    let mut fixed: String = number
        .chars()
        .map(|c| match c {
            '[' | '(' | '（' | '【' | '［' => '〔',
            ']' | ')' | '）' | '】' | '］' => '〕',
            c => c,
        })
        .collect();
    if let Some((head, tail)) = fixed.split_once('〕') {
        let tail = tail.trim_start_matches('第');
        let digits: String = tail.chars().take_while(char::is_ascii_digit).collect();
        let rest = &tail[digits.len()..];
        let digits = match digits.trim_start_matches('0') {
            "" if !digits.is_empty() => "0".to_string(),
            d => d.to_string(),
        };
        let rest = if rest.is_empty() { "号" } else { rest };
        fixed = format!("{head}〕{digits}{rest}");
    }
    if fixed != number {
        out.push(Finding {
            path: "document.number".to_string(),
            rule: "document-number",
            message: format!("发文字号应写作「{fixed}」：年份用〔〕，序号不加“第”、不补零（document number format）"),
            snippet: number.to_string(),
            fix: Some(fixed),
            safe: true,
        });
    }
}

/// Brackets and quotes that open and never close, or close without opening.
fn unbalanced(path: &str, text: &str, out: &mut Vec<Finding>) {
    const PAIRS: &[(char, char)] = &[
        ('（', '）'),
        ('《', '》'),
        ('“', '”'),
        ('‘', '’'),
        ('【', '】'),
        ('〔', '〕'),
        ('「', '」'),
    ];
    for &(open, close) in PAIRS {
        let mut depth: i32 = 0;
        let mut bad = None;
        for c in text.chars() {
            if c == open {
                depth += 1;
            } else if c == close {
                depth -= 1;
                if depth < 0 {
                    bad = Some(close);
                    break;
                }
            }
        }
        if bad.is_none() && depth > 0 {
            bad = Some(open);
        }
        if let Some(mark) = bad {
            out.push(Finding {
                path: path.to_string(),
                rule: "unbalanced",
                message: format!("「{open}{close}」没有成对（unbalanced {open}{close}）"),
                snippet: mark.to_string(),
                fix: None,
                safe: false,
            });
        }
    }
}

/// Slips common in documents copied from the web; each is a suggestion, not a certainty.
const TYPOS: &[(&str, &str)] = &[
    ("前县", "全县"),
    ("布署", "部署"),
    ("既使", "即使"),
    ("迫不急待", "迫不及待"),
    ("一愁莫展", "一筹莫展"),
    ("再接再励", "再接再厉"),
    ("按步就班", "按部就班"),
    ("座落", "坐落"),
    ("渡假", "度假"),
    ("签定", "签订"),
];

fn typos(path: &str, text: &str, out: &mut Vec<Finding>) {
    for (wrong, right) in TYPOS {
        if text.contains(wrong) {
            out.push(Finding {
                path: path.to_string(),
                rule: "typo",
                message: format!("「{wrong}」疑为「{right}」之误（likely typo）"),
                snippet: wrong.to_string(),
                fix: Some(right.to_string()),
                safe: false,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&'static str, String, Option<String>)> {
        let mut out = Vec::new();
        half_width_punctuation("p", text, &mut out);
        doubled_phrase("p", text, &mut out);
        zero_padded_dates("p", text, &mut out);
        unbalanced("p", text, &mut out);
        typos("p", text, &mut out);
        out.into_iter().map(|f| (f.rule, f.snippet, f.fix)).collect()
    }

    #[test]
    fn each_rule_finds_its_slip_and_leaves_good_text_alone() {
        assert_eq!(
            found("由XX同志同志兼任"),
            [("doubled-phrase", "同志同志".into(), Some("同志".into()))]
        );
        assert_eq!(found("处于前县前列"), [("typo", "前县".into(), Some("全县".into()))]);
        assert_eq!(
            found("机关各办(中心)负责人"),
            [
                ("half-width-punctuation", "办(".into(), Some("办（".into())),
                ("half-width-punctuation", "心)".into(), Some("心）".into())),
            ]
        );
        assert_eq!(
            found("于2021年03月05日印发"),
            [("date-format", "2021年03月05日".into(), Some("2021年3月5日".into()))]
        );
        assert_eq!(found("《方案（试行）"), [("unbalanced", "《".into(), None)]);
        // Good text: doubled single characters, Latin punctuation, balanced marks, real dates.
        assert!(found("人人参与，常常检查，Wi-Fi, 5G (beta)，2021年3月15日，《方案（试行）》").is_empty());
    }

    #[test]
    fn document_numbers() {
        let mut out = Vec::new();
        document_number("镇委发[2021]第05号", &mut out);
        assert_eq!(out[0].fix.as_deref(), Some("镇委发〔2021〕5号"));
        let mut out = Vec::new();
        document_number("镇委发〔2021〕5号", &mut out);
        assert!(out.is_empty());
    }
}
