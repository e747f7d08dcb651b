//! Checks beyond the parser: what a plan needs to make a correct document.
//!
//! A plain function over the model. Each finding names a field path; the caller turns the path
//! into a file position with the source map. Every problem is reported, not just the first.

use super::model::{Item, PersonRef, Plan};
use super::prose::Prose;
use super::text::Text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub path: String,
    pub message: String,
}

/// Titles are followed by "。" or stand alone as headings, so they carry no end punctuation.
const TITLE_END_PUNCTUATION: &[char] = &['。', '，', '；', '：', '、', '.', ',', ';', ':'];

pub fn validate(plan: &Plan) -> Vec<Finding> {
    let mut v = Validator::default();
    let d = &plan.document;
    v.text("document.title", &d.title, "文件标题（document title）");
    v.text("document.town", &d.town, "镇名（town name, e.g. XX镇）");
    v.text("document.county", &d.county, "县名（county name, e.g. XX县）");
    match d.year {
        None => v.push("document.year", "缺少年份（required: year, e.g. 2021）"),
        Some(y) if !(1949..=2200).contains(&y) => v.push(
            "document.year",
            format!("年份 {y} 不合理（expected a year such as 2021）"),
        ),
        Some(_) => {}
    }
    v.list(
        "document.issuers",
        &d.issuers,
        "发文机关（issuing organ, for the signature）",
    );
    v.distinct("document.issuers", &d.issuers, "发文机关");
    if d.date.raw.is_empty() {
        v.push(
            "document.date",
            "缺少成文日期（required: date, e.g. 2021-03-15 或 2021年3月15日）",
        );
    } else if let Some((year, _, _)) = d.date.parse().filter(|(y, _, _)| !(1949..=2200).contains(y)) {
        v.push(
            "document.date",
            format!("成文日期的年份 {year} 不合理（expected a year such as 2021）"),
        );
    } else if d.date.parse().is_none() && d.date.lacks_year() {
        v.push(
            "document.date",
            format!(
                "成文日期「{}」没有写年份：请写全年月日，例如 {}年{}（the year is missing）",
                d.date.raw,
                d.year.unwrap_or(2021),
                d.date.raw
            ),
        );
    } else if d.date.parse().is_none() {
        v.push(
            "document.date",
            format!(
                "「{}」不是一个真实的日期（expected a real date such as 2021-03-15 或 2021年3月15日）",
                d.date.raw
            ),
        );
    }
    for (i, a) in d.attachments.iter().enumerate() {
        v.text(&format!("document.attachments[{i}]"), a, "附件名称（attachment name）");
    }
    for (i, a) in d.copy_to.iter().enumerate() {
        v.text(&format!("document.copy_to[{i}]"), a, "抄送机关（copy-to organ）");
    }

    let h = &plan.headings;
    for (field, text) in [
        ("guiding_ideology", &h.guiding_ideology),
        ("principles", &h.principles),
        ("main_work", &h.main_work),
        ("organization", &h.organization),
        ("priorities", &h.priorities),
        ("creation", &h.creation),
        ("safeguards", &h.safeguards),
    ] {
        v.title(&format!("headings.{field}"), text, "标题（heading）");
    }

    v.list("guiding_ideology", &plan.guiding_ideology, "指导思想段落（paragraph）");
    v.items("principles", &plan.principles, "基本原则");

    let org = &plan.organization;
    v.text(
        "organization.intro",
        &org.intro,
        "工作机构的引言段落（introduction paragraph）",
    );
    if org.leading_group.leaders.is_empty() {
        v.push(
            "organization.leading_group.leaders",
            "领导小组没有组长：至少要有一位组长（a leading group needs at least one 组长）",
        );
    }
    // Each person is checked where defined, by `people::resolve`; here, the group as a whole.
    for (field, role, people) in org.leading_group.roles() {
        v.distinct_people(&format!("organization.leading_group.{field}"), people, role);
    }
    let office = &org.office;
    v.text(
        "organization.office.location",
        &office.location,
        "办公室设在哪里（office location）",
    );
    if office.director.person().is_some_and(|p| p.name.is_empty()) {
        v.push(
            "organization.office.director",
            "不能为空：请填写办公室主任（required: office director）",
        );
    }
    v.text(
        "organization.office.duties",
        &office.duties,
        "办公室工作人员的职责（duties）",
    );
    v.distinct_people("organization.office.staff", &office.staff, "办公室工作人员");
    match office.staff_count {
        None => v.push(
            "organization.office.staff_count",
            "缺少工作人员人数（required: staff_count, a whole number）",
        ),
        Some(n) if (n as usize) < office.staff.len() => v.push(
            "organization.office.staff_count",
            format!(
                "工作人员人数为 {n}，却列出了 {} 人（staff_count is smaller than the staff listed）",
                office.staff.len()
            ),
        ),
        Some(_) => {}
    }

    if plan.priorities.is_empty() {
        v.push("priorities", "缺少工作重点（required: at least one priority）");
    }
    for (i, p) in plan.priorities.iter().enumerate() {
        let base = format!("priorities[{i}]");
        v.title(&format!("{base}.lead"), &p.lead, "工作重点的主题句（lead sentence）");
        v.prose(&format!("{base}.body"), &p.body, "工作重点的内容（body）");
    }

    v.text("creation.intro", &plan.creation.intro, "创建内容的引言（introduction）");
    v.items("creation.items", &plan.creation.items, "创建内容");
    v.items("safeguards", &plan.safeguards, "保障措施");
    v.findings
}

#[derive(Default)]
struct Validator {
    findings: Vec<Finding>,
}

impl Validator {
    fn push(&mut self, path: &str, message: impl Into<String>) {
        self.findings.push(Finding {
            path: path.to_string(),
            message: message.into(),
        });
    }

    fn text(&mut self, path: &str, text: &Text, what: &str) {
        if text.is_empty() {
            self.push(path, format!("不能为空：请填写{what}（required, must not be empty）"));
        }
    }

    fn title(&mut self, path: &str, text: &Text, what: &str) {
        self.text(path, text, what);
        if let Some(last) = text.as_str().chars().next_back()
            && TITLE_END_PUNCTUATION.contains(&last)
        {
            self.push(
                path,
                format!("{what}末尾不要加「{last}」：标点由模板统一添加（no punctuation at the end of a title）"),
            );
        }
    }

    fn list(&mut self, path: &str, items: &[Text], what: &str) {
        if items.is_empty() {
            self.push(path, format!("不能为空：至少要有一项{what}（required: at least one）"));
        }
        for (i, t) in items.iter().enumerate() {
            self.text(&format!("{path}[{i}]"), t, what);
        }
    }

    fn items(&mut self, path: &str, items: &[Item], section: &str) {
        if items.is_empty() {
            self.push(
                path,
                format!("{section}不能为空：至少要有一项（required: at least one item）"),
            );
        }
        for (i, item) in items.iter().enumerate() {
            self.title(&format!("{path}[{i}].title"), &item.title, &format!("{section}的标题"));
            self.prose(&format!("{path}[{i}].body"), &item.body, &format!("{section}的内容"));
        }
    }

    fn prose(&mut self, path: &str, prose: &Prose, what: &str) {
        if prose.is_empty() {
            self.push(path, format!("不能为空：请填写{what}（required, must not be empty）"));
        }
        for (i, t) in prose.targets() {
            let base = format!("{path}[{i}]");
            self.text(&format!("{base}.indicator"), &t.indicator, "指标名称（indicator）");
            match (t.value, t.reference.is_empty()) {
                (None, true) => self.push(
                    &base,
                    "指标缺少数值：请写 value（如 95），或写 reference（如 全县平均水平）（a target needs a value or a reference）",
                ),
                (Some(_), false) => self.push(
                    &base,
                    "value 和 reference 只能写一个（a target has either a value or a reference, not both）",
                ),
                (Some(x), true) if !x.is_finite() => {
                    self.push(&format!("{base}.value"), "数值无效（value must be a finite number）")
                }
                (Some(x), true) if matches!(t.unit.as_str(), "%" | "％") && !(0.0..=100.0).contains(&x) => self.push(
                    &format!("{base}.value"),
                    format!("百分比 {x}% 超出 0–100 的范围（a percentage must be between 0 and 100）"),
                ),
                _ => {}
            }
        }
    }

    /// The same person listed twice in one role: the same real name, or the same entry word for
    /// word. Placeholder names (XX) stand for different people until they are filled in.
    fn distinct_people(&mut self, path: &str, people: &[PersonRef], role: &str) {
        // The first entry with each real name, and with each placeholder name and posts: one
        // look-up per person (comparing with every earlier one was quadratic in the group).
        let mut first: std::collections::HashMap<(&str, Option<&[super::model::Post]>), usize> =
            std::collections::HashMap::new();
        let mut listed = 0;
        for (i, p) in people.iter().enumerate() {
            let Some(p) = p.person() else { continue };
            let key = if is_placeholder_name(&p.name) {
                // XX stands for different people, unless the whole entry repeats.
                if p.posts.is_empty() {
                    listed += 1;
                    continue;
                }
                (p.name.as_str(), Some(p.posts.as_slice()))
            } else {
                (p.name.as_str(), None)
            };
            match first.get(&key) {
                Some(&j) if !p.name.is_empty() => self.push(
                    &format!("{path}[{i}].name"),
                    format!(
                        "{}在{role}中出现了两次（与第 {} 位相同）（the same person twice in one role）",
                        p.name,
                        j + 1
                    ),
                ),
                Some(_) => {}
                None => {
                    first.insert(key, listed);
                }
            }
            listed += 1;
        }
    }

    fn distinct(&mut self, path: &str, names: &[Text], what: &str) {
        let mut seen = std::collections::HashSet::new();
        for (i, n) in names.iter().enumerate() {
            if !n.is_empty() && !is_placeholder_name(n) && !seen.insert(n.as_str()) {
                self.push(
                    &format!("{path}[{i}]"),
                    format!("{n}在{what}中出现了两次（listed twice）"),
                );
            }
        }
    }
}

/// "XX", "××", "某某", "○○": a name not yet filled in.
pub fn is_placeholder_name(name: &Text) -> bool {
    let s = name.as_str();
    !s.is_empty()
        && s.chars()
            .all(|c| matches!(c, 'X' | 'x' | '×' | '○' | '〇' | '*' | '＊' | '某' | 'Ｘ'))
}
