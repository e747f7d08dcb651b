//! Rules on running text, the same in a plan's fields and in a Markdown document: punctuation
//! width, doubled phrases, dates, marks that pair, typos.

use super::Sink;

fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The rules on running text: punctuation width, doubled phrases, dates, pairs, typos.
pub(crate) fn text_rules(sink: &mut Sink) {
    half_width_punctuation(sink);
    doubled_phrase(sink);
    zero_padded_dates(sink);
    unbalanced(sink);
    typos(sink);
}

/// `,` `:` `;` `?` `!` `(` `)` next to Chinese text are the web's, not an official document's.
fn half_width_punctuation(sink: &mut Sink) {
    let text = sink.text();
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
        sink.add(
            start,
            "half-width-punctuation",
            format!("中文里用了半角「{c}」，应为全角「{full}」（half-width punctuation in Chinese text）"),
            snippet,
            Some(fix),
            true,
        );
    }
}

/// A phrase written twice in a row: 同志同志, 建有农村电商服务站建有农村电商服务站. A single
/// doubled character (常常, 人人) is ordinary Chinese and is not reported. Neither is rhetoric
/// that says the phrase a third time after 再, 又, 还 or 更 (学习学习再学习, 研究研究，再研究):
/// the doubling is the point there. (看一看, 想一想 are not doublings to begin with.)
fn doubled_phrase(sink: &mut Sink) {
    let text = sink.text();
    let indexed: Vec<(usize, char)> = text.char_indices().collect();
    let chars: Vec<char> = indexed.iter().map(|&(_, c)| c).collect();
    let mut i = 0;
    while i < chars.len() {
        // The cheap test first: a phrase of `len` can only repeat where its first character does.
        let longest = (2..=20).rev().find(|&len| {
            i + 2 * len <= chars.len()
                && chars[i] == chars[i + len]
                && chars[i..i + len] == chars[i + len..i + 2 * len]
                && chars[i..i + len].iter().all(|c| is_han(*c))
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
        sink.add(
            indexed[i].0,
            "doubled-phrase",
            format!("「{phrase}」连写了两遍（a phrase written twice）"),
            snippet,
            Some(phrase),
            false,
        );
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
pub(super) fn zero_padded_dates(sink: &mut Sink) {
    let text = sink.text();
    let indexed: Vec<(usize, char)> = text.char_indices().collect();
    let chars: Vec<char> = indexed.iter().map(|&(_, c)| c).collect();
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
            let at = indexed[i - 4].0;
            sink.add(
                at,
                "date-format",
                "日期的月、日不补零（no zero padding in dates: 2021年3月5日）".to_string(),
                snippet,
                Some(format!("{year}年{}月{}日", unpad(month), unpad(&day))),
                true,
            );
        }
    }
}

/// Brackets and quotes that open and never close, or close without opening.
fn unbalanced(sink: &mut Sink) {
    let text = sink.text();
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
            sink.add(
                at,
                "unbalanced",
                format!("「{open}{close}」没有成对（unbalanced {open}{close}）"),
                snippet,
                None,
                false,
            );
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

fn typos(sink: &mut Sink) {
    let text = sink.text();
    for typo in TYPOS {
        for (at, wrong) in text.match_indices(typo.wrong) {
            if claimed(text, at..at + wrong.len(), typo.claims) {
                continue;
            }
            sink.add(
                at,
                "typo",
                format!("「{wrong}」疑为「{}」之误（likely typo）", typo.right),
                wrong.to_string(),
                Some(typo.right.to_string()),
                false,
            );
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
    use crate::lint::Finding;

    fn found(text: &str) -> Vec<(&'static str, String, Option<String>)> {
        let mut sink = Sink::new("p", text);
        text_rules(&mut sink);
        let mut out = Vec::new();
        sink.finish(&mut out);
        out.into_iter().map(|f| (f.rule, f.snippet, f.fix)).collect()
    }

    /// What one rule finds in `text`.
    fn by(rule: fn(&mut Sink), text: &str) -> Vec<Finding> {
        let mut sink = Sink::new("p", text);
        rule(&mut sink);
        let mut out = Vec::new();
        sink.finish(&mut out);
        out
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
        let out = by(typos, "当前县域经济处于前县前列");
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
        let out = by(half_width_punctuation, "中心(甲)、中心(乙)");
        let places: Vec<_> = out.iter().map(|f| (f.snippet.as_str(), f.occurrence)).collect();
        assert_eq!(places, [("心(", 0), ("甲)", 0), ("心(", 1), ("乙)", 0)]);
        let out = by(unbalanced, "（甲）（乙）乙）");
        assert_eq!((out[0].snippet.as_str(), out[0].occurrence), ("）", 2));
    }
}
