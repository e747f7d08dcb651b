//! Official-document rules that can be checked on the plan's text (`gongwen lint`).
//!
//! Each finding names the field, the rule, the offending text and, where one is certain, the fix.
//! Fixes marked safe change nothing but the form (a half-width comma, a zero in a date); the
//! others (a doubled phrase, a likely typo) are suggestions for a person to decide.

mod attachments;
pub mod leftover;
pub mod markdown;
mod text;

pub(crate) use text::text_rules;
use text::zero_padded_dates;

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

/// Findings on one text beyond this many are summed up in one: no real paragraph has so many.
pub(crate) const MAX_PER_TEXT: usize = 50;

/// Which occurrence of `snippet` in `text` starts at byte `at`: the number of non-overlapping
/// matches before it, as a search of the file from the field's start counts them.
pub(crate) fn occurrence(text: &str, at: usize, snippet: &str) -> usize {
    match text.get(..at) {
        Some(before) if !snippet.is_empty() => before.matches(snippet).count(),
        _ => 0,
    }
}

/// The findings on one text (field `path`), as the rules report them: each placed by its
/// occurrence in the text, at most [`MAX_PER_TEXT`] kept and the rest only counted, so that a
/// hostile text of a million slips costs neither memory nor a search of the text per slip.
pub(crate) struct Sink<'t> {
    path: &'t str,
    text: &'t str,
    found: Vec<Finding>,
    more: usize,
}

impl<'t> Sink<'t> {
    pub(crate) fn new(path: &'t str, text: &'t str) -> Self {
        Sink {
            path,
            text,
            found: Vec::new(),
            more: 0,
        }
    }

    pub(crate) fn text(&self) -> &'t str {
        self.text
    }

    /// A finding whose `snippet` starts at byte `at` of the text.
    pub(crate) fn add(
        &mut self,
        at: usize,
        rule: &'static str,
        message: String,
        snippet: String,
        fix: Option<String>,
        safe: bool,
    ) {
        if self.found.len() >= MAX_PER_TEXT {
            self.more += 1;
            return;
        }
        self.found.push(Finding {
            path: self.path.to_string(),
            rule,
            message,
            occurrence: occurrence(self.text, at, &snippet),
            snippet,
            fix,
            safe,
        });
    }

    /// The findings kept, and one more saying how many were left out.
    pub(crate) fn finish(self, out: &mut Vec<Finding>) {
        out.extend(self.found);
        let more = self.more;
        if more > 0 {
            out.push(Finding {
                path: self.path.to_string(),
                rule: "too-many",
                message: format!("这段文字还有 {more} 处问题未列出，请先修改上面的（{more} more findings not shown）"),
                snippet: String::new(),
                fix: None,
                safe: false,
                occurrence: 0,
            });
        }
    }
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
    for (i, a) in d.attachments.iter().enumerate() {
        use crate::plan::attachment::Content;
        let at = format!("document.attachments[{i}]");
        push(
            if a.mapping { format!("{at}.title") } else { at.clone() },
            a.title.as_str(),
        );
        for (k, content) in a.content.iter().enumerate() {
            match content {
                Content::Paragraph(t) => push(format!("{at}.content[{k}]"), t.as_str()),
                Content::Table(t) if t.from.is_none() => {
                    for (c, column) in t.columns.iter().enumerate() {
                        push(format!("{at}.content[{k}].table.columns[{c}]"), column.as_str());
                    }
                    for (r, row) in t.rows.iter().enumerate() {
                        for (c, cell) in row.iter().enumerate() {
                            push(format!("{at}.content[{k}].table.rows[{r}][{c}]"), cell.as_str());
                        }
                    }
                }
                // Derived tables hold the plan's own texts; a Markdown file is linted as such.
                _ => {}
            }
        }
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
        let mut sink = Sink::new(path, value.as_str());
        leftover::placeholders(&mut sink, &[], setting.names_withheld);
        sink.finish(&mut findings);
        if findings.len() > before {
            filled.push(value.as_str());
        }
    }
    let own = leftover::own_names(plan);
    for (path, text) in texts(plan) {
        let mut sink = Sink::new(&path, &text);
        text_rules(&mut sink);
        leftover::placeholders(&mut sink, &filled, setting.names_withheld);
        leftover::base_towns(&mut sink, d.town.as_str(), &own, &setting.base_towns);
        sink.finish(&mut findings);
    }
    for (path, name) in names(plan) {
        let mut sink = Sink::new(&path, name);
        leftover::placeholders(&mut sink, &[], setting.names_withheld);
        sink.finish(&mut findings);
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
    let mut sink = Sink::new("document.date", plan.document.date.raw.as_str());
    zero_padded_dates(&mut sink);
    sink.finish(&mut findings);
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
    for (i, attachment) in plan.document.attachments.iter().enumerate() {
        let path = if attachment.mapping {
            format!("document.attachments[{i}].title")
        } else {
            format!("document.attachments[{i}]")
        };
        findings.extend(trailing_mark(
            path,
            attachment.title.as_str(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_findings_in_one_text_is_summed_up() {
        let text = "中,".repeat(MAX_PER_TEXT + 7);
        let mut sink = Sink::new("p", &text);
        text_rules(&mut sink);
        let mut out = Vec::new();
        sink.finish(&mut out);
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
