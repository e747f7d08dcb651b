//! Official-document rules that can be checked on the plan's text (`gongwen lint`).
//!
//! Each finding names the field, the rule, the offending text and, where one is certain, the fix.
//! Fixes marked safe change nothing but the form (a half-width comma, a zero in a date); the
//! others (a doubled phrase, a likely typo) are suggestions for a person to decide.

pub mod leftover;
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
    /// Which occurrence of `snippet` in its text this is (0 for the first), so that the place
    /// found in the file is this one and not an earlier, innocent one (当前县域 before 处于前县).
    pub occurrence: usize,
}

/// What the rules need to know beyond the plan's own text.
#[derive(Clone, Debug, Default)]
pub struct Setting {
    /// The plan's XX stand for names withheld on purpose, as in a published reference document
    /// (plans/sample.yaml says so with `# gongwen-lint: names-withheld`); 【在此填写…】 is still
    /// reported.
    pub names_withheld: bool,
    /// `document.town` of each plan this one extends, nearest first.
    pub base_towns: Vec<String>,
}

/// Findings on one text beyond this many are summed up in one: no real paragraph has so many,
/// and placing each costs a search of its text.
pub(crate) const MAX_PER_TEXT: usize = 50;

/// Which occurrence of `snippet` in `text` starts at byte `at`: the number of non-overlapping
/// matches before it, as a search of the file from the field's start counts them.
pub(crate) fn occurrence(text: &str, at: usize, snippet: &str) -> usize {
    match text.get(..at) {
        Some(before) if !snippet.is_empty() => before.matches(snippet).count(),
        _ => 0,
    }
}

/// Keep at most [`MAX_PER_TEXT`] of the findings from `start` on, and say how many more there were.
pub(crate) fn limit(path: &str, start: usize, out: &mut Vec<Finding>) {
    let found = out.len().saturating_sub(start);
    if found <= MAX_PER_TEXT {
        return;
    }
    out.truncate(start + MAX_PER_TEXT);
    let more = found - MAX_PER_TEXT;
    out.push(Finding {
        path: path.to_string(),
        rule: "too-many",
        message: format!("这段文字还有 {more} 处问题未列出，请先修改上面的（{more} more findings not shown）"),
        snippet: String::new(),
        fix: None,
        safe: false,
        occurrence: 0,
    });
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

/// Every name the plan writes, with its field path: in the roster, in the leading group when
/// written out in place, and in the office (where, without a roster, an entry is the name).
fn names(plan: &Plan) -> Vec<(String, &str)> {
    let mut out: Vec<(String, &str)> = Vec::new();
    for (id, person) in &plan.people {
        out.push((format!("people.{id}.name"), person.name.as_str()));
    }
    for (field, _, people) in plan.organization.leading_group.roles() {
        for (i, r) in people.iter().enumerate() {
            if let PersonRef::Inline(p) = r {
                out.push((format!("organization.leading_group.{field}[{i}].name"), p.name.as_str()));
            }
        }
    }
    let office = &plan.organization.office;
    let staff = office
        .staff
        .iter()
        .enumerate()
        .map(|(i, r)| (format!("organization.office.staff[{i}]"), r));
    for (path, r) in std::iter::once(("organization.office.director".to_string(), &office.director)).chain(staff) {
        match r {
            PersonRef::Inline(p) => out.push((format!("{path}.name"), p.name.as_str())),
            PersonRef::Id(name) if plan.people.is_empty() => out.push((path, name.as_str())),
            PersonRef::Id(_) => {}
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

/// Every rule on a plan as written: its texts with their field paths, and the names and
/// document fields the rules on placeholders and towns need. Ids in the leading group and the
/// office are not resolved yet, so that a person is checked once, where the roster defines them.
pub fn lint(plan: &Plan, setting: &Setting) -> Vec<Finding> {
    let mut findings = Vec::new();
    let d = &plan.document;
    // A placeholder in the town, county or province is reported there, once, and not again in
    // every text that {{ town }} filled with it.
    let mut filled: Vec<&str> = Vec::new();
    for (path, value) in [
        ("document.town", &d.town),
        ("document.county", &d.county),
        ("document.province", &d.province),
    ] {
        let before = findings.len();
        leftover::placeholders(path, value.as_str(), &[], setting.names_withheld, &mut findings);
        if findings.len() > before {
            filled.push(value.as_str());
        }
    }
    let own = leftover::own_names(plan);
    for (path, text) in texts(plan) {
        let start = findings.len();
        text_rules(&path, &text, &mut findings);
        leftover::placeholders(&path, &text, &filled, setting.names_withheld, &mut findings);
        leftover::base_towns(&path, &text, d.town.as_str(), &own, &setting.base_towns, &mut findings);
        limit(&path, start, &mut findings);
    }
    for (path, name) in names(plan) {
        leftover::placeholders(&path, name, &[], setting.names_withheld, &mut findings);
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
        occurrence: 0,
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
                occurrence: 0,
            });
        }
    }
}

/// `,` `:` `;` `?` `!` `(` `)` next to Chinese text are the web's, not an official document's.
fn half_width_punctuation(path: &str, text: &str, out: &mut Vec<Finding>) {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    for (i, &(at, c)) in chars.iter().enumerate() {
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
        let next = chars.get(i + 1).map(|&(_, n)| n);
        if !(prev.is_some_and(|(_, p)| is_han(p)) || next.is_some_and(is_han)) {
            continue; // Latin text keeps its own punctuation
        }
        // The mark with a neighbour, so that it can be found again in the file.
        let (start, snippet, fix) = match prev {
            Some((p_at, p)) => (p_at, format!("{p}{c}"), format!("{p}{full}")),
            None => (
                at,
                format!("{c}{}", next.unwrap_or(' ')),
                format!("{full}{}", next.unwrap_or(' ')),
            ),
        };
        out.push(Finding {
            path: path.to_string(),
            rule: "half-width-punctuation",
            message: format!("中文里用了半角「{c}」，应为全角「{full}」（half-width punctuation in Chinese text）"),
            occurrence: occurrence(text, start, &snippet),
            snippet,
            fix: Some(fix),
            safe: true,
        });
    }
}

/// A phrase written twice in a row: 同志同志, 建有农村电商服务站建有农村电商服务站. A single
/// doubled character (常常, 人人) is ordinary Chinese and is not reported. Neither is rhetoric
/// that says the phrase a third time after 再, 又, 还 or 更 (学习学习再学习, 研究研究，再研究):
/// the doubling is the point there. (看一看, 想一想 are not doublings to begin with.)
fn doubled_phrase(path: &str, text: &str, out: &mut Vec<Finding>) {
    let indexed: Vec<(usize, char)> = text.char_indices().collect();
    let chars: Vec<char> = indexed.iter().map(|&(_, c)| c).collect();
    let mut i = 0;
    while i < chars.len() {
        let longest = (2..=20).rev().find(|&len| {
            i + 2 * len <= chars.len()
                && chars[i..i + len].iter().all(|c| is_han(*c))
                && chars[i..i + len] == chars[i + len..i + 2 * len]
        });
        let Some(len) = longest else {
            i += 1;
            continue;
        };
        if said_again(&chars[i + 2 * len..], &chars[i..i + len]) {
            i += 2 * len;
            continue;
        }
        let phrase: String = chars[i..i + len].iter().collect();
        let snippet = phrase.repeat(2);
        out.push(Finding {
            path: path.to_string(),
            rule: "doubled-phrase",
            message: format!("「{phrase}」连写了两遍（a phrase written twice）"),
            occurrence: occurrence(text, indexed[i].0, &snippet),
            snippet,
            fix: Some(phrase),
            safe: false,
        });
        i += 2 * len;
    }
}

/// Whether `rest` says `phrase` once more after a word of insistence: 再学习, ，又研究.
fn said_again(rest: &[char], phrase: &[char]) -> bool {
    let rest = match rest.first() {
        Some('，' | '、') => &rest[1..],
        _ => rest,
    };
    matches!(rest.first(), Some('再' | '又' | '还' | '更')) && rest[1..].starts_with(phrase)
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
            let snippet = format!("{year}年{month}月{day}日");
            let at = text.char_indices().nth(i - 4).map_or(0, |(at, _)| at);
            out.push(Finding {
                path: path.to_string(),
                rule: "date-format",
                message: "日期的月、日不补零（no zero padding in dates: 2021年3月5日）".to_string(),
                occurrence: occurrence(text, at, &snippet),
                snippet,
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
            occurrence: 0,
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
        // Byte offsets of the marks still open; the first one that never closes, or the first
        // close without an open, is the one reported.
        let mut open_at: Vec<usize> = Vec::new();
        let mut bad = None;
        for (at, c) in text.char_indices() {
            if c == open {
                open_at.push(at);
            } else if c == close && open_at.pop().is_none() {
                bad = Some((close, at));
                break;
            }
        }
        if bad.is_none()
            && let Some(&at) = open_at.first()
        {
            bad = Some((open, at));
        }
        if let Some((mark, at)) = bad {
            let snippet = mark.to_string();
            out.push(Finding {
                path: path.to_string(),
                rule: "unbalanced",
                message: format!("「{open}{close}」没有成对（unbalanced {open}{close}）"),
                occurrence: occurrence(text, at, &snippet),
                snippet,
                fix: None,
                safe: false,
            });
        }
    }
}

/// A slip common in documents copied from the web; each is a suggestion, not a certainty.
///
/// Two characters are a slip only where they stand as one word. Chinese marks no word
/// boundaries, so the same two characters also occur as the end of one word and the start of
/// the next: 当前|县域 (the present county economy), 前|县长 (the former county head), 既|使用
/// (both uses … and …). `claims` lists the words that can take one of the slip's characters
/// across such a boundary: where one of them stands in the text overlapping the match and
/// reaching beyond it, the boundary falls inside the match and it is no slip. That is word
/// segmentation cut down to what each entry needs, which a whole dictionary would decide no
/// better for these few pairs.
struct Typo {
    wrong: &'static str,
    right: &'static str,
    claims: &'static [&'static str],
}

const TYPOS: &[Typo] = &[
    Typo {
        wrong: "前县",
        right: "全县",
        claims: &[
            // …前 ending a word before a county word: 当前县域, 目前县级, 此前县里.
            "当前",
            "目前",
            "此前",
            "之前",
            "以前",
            "提前",
            "事前",
            "先前",
            "空前",
            "眼前",
            "面前",
            "日前",
            "年前",
            "会前",
            "节前",
            "向前",
            "超前",
            "生前",
            "前前",
            // 前 "former" before an office: 前县长, 前县委书记.
            "县长",
            "县委",
            "县政府",
            "县人大",
            "县政协",
        ],
    },
    Typo {
        wrong: "布署",
        right: "部署",
        claims: &[
            "公布", "宣布", "发布", "颁布", "分布", "遍布", "散布", "密布", "摆布", "署名", "署长",
        ],
    },
    Typo {
        wrong: "既使",
        right: "即使",
        // 既使用…又…, 既使得…又…
        claims: &["使用", "使得", "使之", "使其"],
    },
    Typo {
        wrong: "迫不急待",
        right: "迫不及待",
        claims: &[],
    },
    Typo {
        wrong: "一愁莫展",
        right: "一筹莫展",
        claims: &[],
    },
    Typo {
        wrong: "再接再励",
        right: "再接再厉",
        claims: &[],
    },
    Typo {
        wrong: "按步就班",
        right: "按部就班",
        claims: &[],
    },
    Typo {
        wrong: "座落",
        right: "坐落",
        // 讲座落实, 宝座落下
        claims: &["讲座", "宝座", "星座", "底座", "基座", "落实", "落地", "落户"],
    },
    Typo {
        wrong: "渡假",
        right: "度假",
        // 过渡假期
        claims: &["过渡", "摆渡", "引渡"],
    },
    Typo {
        wrong: "签定",
        right: "签订",
        // 签定期合同, 签定向培养协议
        claims: &["定期", "定向", "定点", "定额"],
    },
];

fn typos(path: &str, text: &str, out: &mut Vec<Finding>) {
    for typo in TYPOS {
        for (k, (at, wrong)) in text.match_indices(typo.wrong).enumerate() {
            if claimed(text, at..at + wrong.len(), typo.claims) {
                continue;
            }
            out.push(Finding {
                path: path.to_string(),
                rule: "typo",
                message: format!("「{wrong}」疑为「{}」之误（likely typo）", typo.right),
                snippet: wrong.to_string(),
                fix: Some(typo.right.to_string()),
                safe: false,
                occurrence: k,
            });
        }
    }
}

/// Whether one of `words` stands in `text` overlapping the byte range `hit` and reaching beyond it.
fn claimed(text: &str, hit: std::ops::Range<usize>, words: &[&str]) -> bool {
    words.iter().any(|word| {
        // Only where the word could overlap the match: from a word's length before it to a
        // word's length after it.
        let mut from = hit.start.saturating_sub(word.len());
        while !text.is_char_boundary(from) {
            from -= 1;
        }
        let mut to = hit.end.saturating_add(word.len()).min(text.len());
        while !text.is_char_boundary(to) {
            to += 1;
        }
        text[from..to].match_indices(word).any(|(at, w)| {
            let (start, end) = (from + at, from + at + w.len());
            start < hit.end && end > hit.start && (start < hit.start || end > hit.end)
        })
    })
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
    fn a_typo_is_not_found_across_the_boundary_of_a_longer_word() {
        assert!(found("当前县域经济发展较快，目前县级财政紧张").is_empty());
        assert!(found("前县长、前县委书记").is_empty());
        assert!(found("既使用传统方法，又公布署名文章").is_empty());
        let mut out = Vec::new();
        typos("p", "当前县域经济处于前县前列", &mut out);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].snippet.as_str(), out[0].occurrence), ("前县", 1));
    }

    #[test]
    fn rhetorical_doubling_is_not_a_doubled_phrase() {
        assert!(found("学习学习再学习，研究研究，再研究，看一看，想一想").is_empty());
        assert_eq!(
            found("研究研究后再定"),
            [("doubled-phrase", "研究研究".into(), Some("研究".into()))]
        );
    }

    #[test]
    fn each_finding_knows_which_occurrence_of_its_snippet_it_is() {
        let mut out = Vec::new();
        half_width_punctuation("p", "中心(甲)、中心(乙)", &mut out);
        let places: Vec<_> = out.iter().map(|f| (f.snippet.as_str(), f.occurrence)).collect();
        assert_eq!(places, [("心(", 0), ("甲)", 0), ("心(", 1), ("乙)", 0)]);
        let mut out = Vec::new();
        unbalanced("p", "（甲）（乙）乙）", &mut out);
        assert_eq!((out[0].snippet.as_str(), out[0].occurrence), ("）", 2));
    }

    #[test]
    fn a_flood_of_findings_in_one_text_is_summed_up() {
        let text = "中,".repeat(MAX_PER_TEXT + 7);
        let mut out = Vec::new();
        text_rules("p", &text, &mut out);
        limit("p", 0, &mut out);
        assert_eq!(out.len(), MAX_PER_TEXT + 1);
        assert_eq!(out[MAX_PER_TEXT].rule, "too-many");
        assert!(out[MAX_PER_TEXT].message.contains("还有 7 处"));
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
