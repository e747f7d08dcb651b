//! What a template or a base plan leaves behind: placeholders never filled in (【在此填写…】, XX
//! where a name or a figure belongs), and, in a variant, the name of the town it was copied from.

use super::Sink;
use crate::plan::Plan;

/// Characters that, two or more in a row, stand for a name or a figure left out: XX, ××, ＸＸ.
fn is_cross(c: char) -> bool {
    matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ' | '×')
}

/// Words inside 【】 that make it an instruction to the person filling in, not text.
const INSTRUCTIONS: &[&str] = &["填写", "填入", "在此", "此处", "待定", "待补", "待填"];

/// The line by which a plan or a document says that its XX are names withheld on purpose, as
/// in a reference document published without names: `# gongwen-lint: names-withheld` in YAML,
/// `<!-- gongwen-lint: names-withheld -->` in Markdown.
pub fn names_withheld(source: &str) -> bool {
    source.lines().any(|line| {
        let line = line.trim();
        let inner = line
            .strip_prefix('#')
            .or_else(|| line.strip_prefix("<!--").map(|l| l.trim_end_matches("-->")));
        inner
            .and_then(|l| l.trim_start().strip_prefix("gongwen-lint:"))
            .map(|l| l.trim_start())
            .is_some_and(|l| {
                let word = l.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-')).next();
                word == Some("names-withheld")
            })
    })
}

/// Placeholders in the text: 【…】 holding an instruction (or nothing), and XX not part of a
/// Latin word (unless the plan withholds names on purpose). Occurrences of the values in
/// `filled` are skipped: they are reported where those values are written (the town, filled in
/// everywhere by {{ town }}, is reported once, at `document.town`).
pub(crate) fn placeholders(sink: &mut Sink, filled: &[&str], names_withheld: bool) {
    let text = sink.text();
    let skipped = covered(text, filled.iter().copied());
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while let Some(&(at, c)) = chars.get(i) {
        if c == '【' {
            // The bracket's text, up to its close (an unclosed one is the `unbalanced` rule's).
            let close = chars[i + 1..]
                .iter()
                .take(200)
                .position(|&(_, c)| c == '】' || c == '【');
            if let Some(len) = close.filter(|&len| chars.get(i + 1 + len).is_some_and(|&(_, c)| c == '】')) {
                let end = chars.get(i + 2 + len).map_or(text.len(), |&(e, _)| e);
                let inner = &text[at + '【'.len_utf8()..end - '】'.len_utf8()];
                if inner.trim().is_empty() || INSTRUCTIONS.iter().any(|w| inner.contains(w)) {
                    if !skipped[at] {
                        let snippet = text[at..end].to_string();
                        let message =
                            format!("「{snippet}」是待填写的说明，请换成正文（a placeholder left in the plan）");
                        sink.add(at, "placeholder", message, snippet, None, false);
                    }
                    // The instruction as a whole: an XX in it is part of it.
                    i += len + 2;
                    continue;
                }
            }
        }
        if !names_withheld && is_cross(c) {
            let run = chars[i..].iter().take_while(|&&(_, c)| is_cross(c)).count();
            let end = chars.get(i + run).map_or(text.len(), |&(e, _)| e);
            let latin = |c: Option<&(usize, char)>| c.is_some_and(|&(_, c)| c.is_ascii_alphanumeric());
            let in_word = latin(i.checked_sub(1).and_then(|k| chars.get(k))) || latin(chars.get(i + run));
            if run >= 2 && !in_word && !skipped[at] {
                let snippet = text[at..end].to_string();
                // A few characters after it say what it stands for: XX镇, XX同志, XX万元.
                let shown: String = text[at..].chars().take(run + 3).collect();
                let place = if shown == snippet {
                    String::new()
                } else {
                    format!("「{shown}」中的")
                };
                let message =
                    format!("{place}「{snippet}」是占位符：请填写实际的名称或数字（a placeholder left in the plan）");
                sink.add(at, "placeholder", message, snippet, None, false);
            }
            i += run;
            continue;
        }
        i += 1;
    }
}

/// For each byte of `text`, whether it lies within an occurrence of one of `names`.
fn covered<'a>(text: &str, names: impl Iterator<Item = &'a str>) -> Vec<bool> {
    let mut mask = vec![false; text.len() + 1];
    for name in names.filter(|n| !n.is_empty()) {
        for (at, found) in text.match_indices(name) {
            mask[at..at + found.len()].fill(true);
        }
    }
    mask
}

/// 青山镇 → 青山: a town's name without 镇, 乡, 街道 and the like, as running text shortens it
/// (贡献青山力量).
pub fn short_town(town: &str) -> &str {
    const KINDS: &[&str] = &["街道办事处", "民族乡", "街道", "苏木", "镇", "乡"];
    KINDS
        .iter()
        .find_map(|k| town.strip_suffix(k))
        .filter(|s| !s.is_empty())
        .unwrap_or(town)
}

/// 南江县 → 南江, for the county and its kin.
fn short_county(county: &str) -> &str {
    ["自治县", "县", "市", "区", "旗"]
        .iter()
        .find_map(|k| county.strip_suffix(k))
        .filter(|s| !s.is_empty())
        .unwrap_or(county)
}

/// The plan's own place names, in full and short: its town, county and province. Text naming
/// them is its own, even where a base town's name is part of them.
pub fn own_names(plan: &Plan) -> Vec<String> {
    let d = &plan.document;
    let (town, county, province) = (d.town.as_str(), d.county.as_str(), d.province.as_str());
    [town, short_town(town), county, short_county(county), province]
        .into_iter()
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .collect()
}

/// A variant's text that still names the town of a plan it extends: a 白马镇 plan saying
/// 贡献青山力量 because its base is 青山镇's. The short name is what is looked for (青山镇
/// contains it); a base town that is a placeholder (XX镇) or shorter than two characters is
/// not, nor one the plan's own names contain (a county named like the base's town).
pub(crate) fn base_towns(sink: &mut Sink, own_town: &str, own: &[String], bases: &[String]) {
    let text = sink.text();
    if own_town.is_empty() || bases.is_empty() {
        return;
    }
    let ours = covered(text, own.iter().map(String::as_str));
    for base in bases {
        let short = short_town(base);
        if short.chars().count() < 2
            || short.chars().any(|c| is_cross(c) || c == '{')
            || own.iter().any(|n| n.contains(short))
        {
            continue;
        }
        for (at, found) in text.match_indices(short) {
            if ours[at..at + found.len()].iter().all(|&b| b) {
                continue;
            }
            let message = format!(
                "「{short}」是基础方案的镇名（{base}），本方案是{own_town}的（the town of the base plan, in this plan's text）"
            );
            sink.add(
                at,
                "base-town",
                message,
                found.to_string(),
                Some(short_town(own_town).to_string()),
                false,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders_in(text: &str, withheld: bool) -> Vec<String> {
        let mut sink = Sink::new("p", text);
        placeholders(&mut sink, &[], withheld);
        let mut out = Vec::new();
        sink.finish(&mut out);
        out.into_iter().map(|f| f.snippet).collect()
    }

    fn base_towns_in(text: &str, own: &[&str], bases: &[&str]) -> Vec<crate::lint::Finding> {
        let own: Vec<String> = own.iter().map(|s| s.to_string()).collect();
        let bases: Vec<String> = bases.iter().map(|s| s.to_string()).collect();
        let mut sink = Sink::new("p", text);
        base_towns(&mut sink, &own[0], &own, &bases);
        let mut out = Vec::new();
        sink.finish(&mut out);
        out
    }

    #[test]
    fn placeholders_are_instructions_in_brackets_and_crosses_outside_latin_words() {
        assert_eq!(
            placeholders_in("以【在此填写指导思想】为指导", false),
            ["【在此填写指导思想】"]
        );
        assert_eq!(placeholders_in("由XX同志兼任，投入××万元", false), ["XX", "××"]);
        // Latin words, a single ×, and brackets that are text are not placeholders.
        assert!(placeholders_in("XXL号，3×5米，【重要】通知", false).is_empty());
        // Names withheld on purpose: XX is allowed, an instruction is not.
        assert_eq!(placeholders_in("XX镇【待定】", true), ["【待定】"]);
        assert_eq!(placeholders_in("【XX镇】", false), ["XX"]);
        // A value reported where it is written is not reported again where it was filled in.
        let mut sink = Sink::new("p", "XX镇党委，XX村");
        placeholders(&mut sink, &["XX镇"], false);
        let mut out = Vec::new();
        sink.finish(&mut out);
        assert_eq!(out.len(), 1);
        assert_eq!((out[0].snippet.as_str(), out[0].occurrence), ("XX", 1));
    }

    #[test]
    fn the_marker_for_names_withheld() {
        assert!(names_withheld(
            "# 注释\n# gongwen-lint: names-withheld（人名以XX代替）\ndocument:\n"
        ));
        assert!(names_withheld("<!-- gongwen-lint: names-withheld -->\n# 标题\n"));
        assert!(!names_withheld("# gongwen-lint: names-withheldx\n"));
        assert!(!names_withheld("title: gongwen-lint: names-withheld\n"));
    }

    #[test]
    fn a_base_town_is_found_by_its_short_name_but_not_in_the_plans_own_names() {
        assert_eq!(short_town("青山镇"), "青山");
        assert_eq!(short_town("红旗街道"), "红旗");
        assert_eq!(short_town("镇"), "镇");
        let out = base_towns_in(
            "为白马镇贡献青山力量",
            &["白马镇", "白马", "青山县", "青山"],
            &["青山镇"],
        );
        assert!(out.is_empty(), "the county shares the name: {out:?}");
        let out = base_towns_in(
            "立足白马镇，贡献青山力量，青山镇",
            &["白马镇", "白马", "南江县", "南江"],
            &["青山镇", "XX镇"],
        );
        let found: Vec<_> = out
            .iter()
            .map(|f| (f.snippet.as_str(), f.occurrence, f.fix.as_deref()))
            .collect();
        assert_eq!(found, [("青山", 0, Some("白马")), ("青山", 1, Some("白马"))]);
    }
}
