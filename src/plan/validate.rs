//! Checks beyond the parser: what a plan needs to make a correct document.
//!
//! A plain function over the model. Each finding names a field path; the caller turns the path
//! into a file position with the source map. Every problem is reported, not just the first.

use super::model::{Item, Office, Organization, PersonRef, Plan, Priority};
use super::outline::{DatePoint, Day, DeadlineKind, Entry, ItemForm, Part, Section, Stage};
use super::prose::Prose;
use super::text::Text;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// A field path of the merged plan, or with `file`, a path in that file.
    pub path: String,
    pub message: String,
    /// The file (index in `LoadedPlan::docs`) whose own field `path` names, for problems found
    /// while merging (a patch whose target is missing is in the variant, not in the plan).
    pub file: Option<usize>,
}

impl Finding {
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            path: path.into(),
            message: message.into(),
            file: None,
        }
    }

    pub fn in_file(file: usize, path: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            file: Some(file),
            ..Finding::new(path, message)
        }
    }
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
    super::attachment::validate(plan, &mut v.findings);
    super::issued::validate(plan, &mut v.findings);
    for (i, a) in d.copy_to.iter().enumerate() {
        v.text(&format!("document.copy_to[{i}]"), a, "抄送机关（copy-to organ）");
    }

    let parts: Vec<Part> = plan
        .sections
        .iter()
        .filter_map(|e| match e {
            Entry::Part(p) => Some(*p),
            Entry::Section(_) => None,
        })
        .collect();
    let h = &plan.headings;
    for (part, field, text) in [
        (Part::GuidingIdeology, "guiding_ideology", &h.guiding_ideology),
        (Part::Principles, "principles", &h.principles),
        (Part::MainWork, "main_work", &h.main_work),
        (Part::MainWork, "organization", &h.organization),
        (Part::MainWork, "priorities", &h.priorities),
        (Part::Creation, "creation", &h.creation),
        (Part::Safeguards, "safeguards", &h.safeguards),
    ] {
        if parts.contains(&part) {
            v.title(&format!("headings.{field}"), text, "标题（heading）");
        }
    }
    for part in Part::ALL {
        if parts.contains(&part) {
            v.part(plan, part);
        } else if let Some(field) = part.fields().iter().find(|f| has_content(plan, f)) {
            v.push(
                field,
                format!(
                    "写了 {field}，但正文各部分（sections）中没有 {}，这些内容不会印出来：请在 sections 中加上 {}，或删去这部分（{field}: ~）（content not in the outline）",
                    part.key(),
                    part.key()
                ),
            );
        }
    }
    for (i, p) in plan.preamble.iter().enumerate() {
        v.prose(&format!("preamble[{i}]"), p, "开头段落（paragraph）");
    }
    v.outline(plan);
    v.findings
}

/// Whether a top-level field of the sample's parts says anything.
fn has_content(plan: &Plan, field: &str) -> bool {
    match field {
        "guiding_ideology" => !plan.guiding_ideology.is_empty(),
        "principles" => !plan.principles.is_empty(),
        "organization" => {
            let o = &plan.organization;
            !o.intro.is_empty()
                || o.leading_group.roles().iter().any(|(_, _, p)| !p.is_empty())
                || office_given(&o.office)
        }
        "priorities" => !plan.priorities.is_empty(),
        "creation" => !plan.creation.intro.is_empty() || !plan.creation.items.is_empty(),
        "safeguards" => !plan.safeguards.is_empty(),
        _ => false,
    }
}

/// Whether an office is described at all (a section's organisation may have none).
fn office_given(office: &Office) -> bool {
    !office.location.is_empty()
        || office.staff_count.is_some()
        || !office.staff.is_empty()
        || !office.duties.is_empty()
        || office.director.person().is_none_or(|p| !p.name.is_empty())
}

impl Validator {
    /// One of the sample's parts, as its content requires.
    fn part(&mut self, plan: &Plan, part: Part) {
        match part {
            Part::GuidingIdeology => self.list("guiding_ideology", &plan.guiding_ideology, "指导思想段落（paragraph）"),
            Part::Principles => self.items("principles", &plan.principles, "基本原则"),
            Part::MainWork => {
                self.organization("organization", &plan.organization, true);
                if plan.priorities.is_empty() {
                    self.push("priorities", "缺少工作重点（required: at least one priority）");
                }
                self.points("priorities", &plan.priorities, "工作重点");
            }
            Part::Creation => {
                self.text("creation.intro", &plan.creation.intro, "创建内容的引言（introduction）");
                self.items("creation.items", &plan.creation.items, "创建内容");
            }
            Part::Safeguards => self.items("safeguards", &plan.safeguards, "保障措施"),
        }
    }

    /// A working organisation: the sample's (`whole`: every part required) or a section's
    /// (the section's own text may introduce it, and the office may be left out).
    fn organization(&mut self, base: &str, org: &Organization, whole: bool) {
        if whole {
            self.text(
                &format!("{base}.intro"),
                &org.intro,
                "工作机构的引言段落（introduction paragraph）",
            );
        }
        if org.leading_group.leaders.is_empty() {
            self.push(
                &format!("{base}.leading_group.leaders"),
                "领导小组没有组长：至少要有一位组长（a leading group needs at least one 组长）",
            );
        }
        // Each person is checked where defined, by `people::resolve`; here, the group as a whole.
        for (field, role, people) in org.leading_group.roles() {
            self.distinct_people(&format!("{base}.leading_group.{field}"), people, role);
        }
        let office = &org.office;
        if !whole && !office_given(office) {
            return;
        }
        self.text(
            &format!("{base}.office.location"),
            &office.location,
            "办公室设在哪里（office location）",
        );
        if office.director.person().is_some_and(|p| p.name.is_empty()) {
            self.push(
                &format!("{base}.office.director"),
                "不能为空：请填写办公室主任（required: office director）",
            );
        }
        self.text(
            &format!("{base}.office.duties"),
            &office.duties,
            "办公室工作人员的职责（duties）",
        );
        self.distinct_people(&format!("{base}.office.staff"), &office.staff, "办公室工作人员");
        match office.staff_count {
            None => self.push(
                &format!("{base}.office.staff_count"),
                "缺少工作人员人数（required: staff_count, a whole number）",
            ),
            Some(n) if (n as usize) < office.staff.len() => self.push(
                &format!("{base}.office.staff_count"),
                format!(
                    "工作人员人数为 {n}，却列出了 {} 人（staff_count is smaller than the staff listed）",
                    office.staff.len()
                ),
            ),
            Some(_) => {}
        }
    }

    /// 一是…二是…: a lead sentence and a body each.
    fn points(&mut self, path: &str, points: &[Priority], what: &str) {
        for (i, p) in points.iter().enumerate() {
            let base = format!("{path}[{i}]");
            self.title(
                &format!("{base}.lead"),
                &p.lead,
                &format!("{what}的主题句（lead sentence）"),
            );
            self.prose(&format!("{base}.body"), &p.body, &format!("{what}的内容（body）"));
        }
    }
}

#[derive(Default)]
struct Validator {
    findings: Vec<Finding>,
}

impl Validator {
    fn push(&mut self, path: &str, message: impl Into<String>) {
        self.findings.push(Finding::new(path, message));
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

/// The deepest level: 一、（一）1.（1）.
const MAX_LEVEL: usize = 4;

impl Validator {
    /// `sections:`: the outline as a whole, and each section written out.
    fn outline(&mut self, plan: &Plan) {
        if plan.sections.is_empty() {
            self.push(
                "sections",
                "正文没有任何部分：sections 至少要有一项（the outline is empty）",
            );
        }
        let mut seen: Vec<Part> = Vec::new();
        let mut ids = Vec::new();
        for (i, entry) in plan.sections.iter().enumerate() {
            let path = format!("sections[{i}]");
            match entry {
                Entry::Part(p) if seen.contains(p) => self.push(
                    &path,
                    format!("{} 在正文中出现了两次（a part can stand only once）", p.key()),
                ),
                Entry::Part(p) => seen.push(*p),
                Entry::Section(s) => {
                    ids.push((path.clone(), &s.id));
                    self.section(&path, 1, s, ItemForm::Headings, plan.document.year);
                }
            }
        }
        self.distinct_ids(&ids);
    }

    /// A section at `level` (1 for 一、), set as `form` by its parent.
    fn section(&mut self, path: &str, level: usize, s: &Section, form: ItemForm, year: Option<i64>) {
        if self.too_deep(path, level) {
            return;
        }
        let heading = level == 1 || form == ItemForm::Headings;
        if heading || !s.title.is_empty() {
            self.title(&format!("{path}.title"), &s.title, "标题（heading）");
        }
        let has_content = !s.body.is_empty()
            || !s.paragraphs.is_empty()
            || s.organization.is_some()
            || !s.points.is_empty()
            || !s.items.is_empty()
            || !s.stages.is_empty();
        if !has_content && (heading || s.title.is_empty()) {
            self.push(
                path,
                "这一部分没有内容：请写 body（正文）、paragraphs、items、points、stages 或 organization（a section needs content）",
            );
        }
        self.prose_if_given(&format!("{path}.body"), &s.body);
        for (i, p) in s.paragraphs.iter().enumerate() {
            self.prose(&format!("{path}.paragraphs[{i}]"), p, "段落（paragraph）");
        }
        self.points(&format!("{path}.points"), &s.points, "这一项");
        if let Some(org) = &s.organization {
            self.organization(&format!("{path}.organization"), org, false);
        }
        self.responsibility(path, s);
        let mut ids = Vec::new();
        for (i, item) in s.items.iter().enumerate() {
            let at = format!("{path}.items[{i}]");
            ids.push((at.clone(), &item.id));
            self.section(&at, level + 1, item, s.items_as, year);
        }
        for (i, stage) in s.stages.iter().enumerate() {
            let at = format!("{path}.stages[{i}]");
            ids.push((at.clone(), &stage.id));
            self.stage(&at, level + 1, stage, year);
        }
        self.distinct_ids(&ids);
    }

    fn stage(&mut self, path: &str, level: usize, stage: &Stage, year: Option<i64>) {
        if self.too_deep(path, level) {
            return;
        }
        self.title(&format!("{path}.title"), &stage.title, "阶段名称（stage name）");
        let start = self.date_point(&format!("{path}.start"), &stage.start, true);
        let end = self.date_point(&format!("{path}.end"), &stage.end, false);
        if let (Some(start), Some(end)) = (start, end)
            && start.is_after(end)
        {
            self.push(
                &format!("{path}.end"),
                format!(
                    "结束时间「{}」早于开始时间「{}」（the stage ends before it starts）",
                    stage.end.raw, stage.start.raw
                ),
            );
        }
        if stage.body.is_empty() && stage.paragraphs.is_empty() && stage.tasks.is_empty() {
            self.push(
                path,
                "这一阶段没有内容：请写 body（正文）或 tasks（工作任务）（a stage needs content）",
            );
        }
        self.prose_if_given(&format!("{path}.body"), &stage.body);
        for (i, p) in stage.paragraphs.iter().enumerate() {
            self.prose(&format!("{path}.paragraphs[{i}]"), p, "段落（paragraph）");
        }
        let mut ids = Vec::new();
        for (i, task) in stage.tasks.iter().enumerate() {
            let at = format!("{path}.tasks[{i}]");
            ids.push((at.clone(), &task.id));
            self.section(&at, level + 1, task, ItemForm::RunIn, year);
        }
        self.distinct_ids(&ids);
    }

    /// Beyond 一、（一）1.（1）: reported, and not looked into further.
    fn too_deep(&mut self, path: &str, level: usize) -> bool {
        if level > MAX_LEVEL {
            self.push(
                path,
                "层级过深：正文最多四级（一、（一）1.（1））（at most four levels）",
            );
        }
        level > MAX_LEVEL
    }

    /// A month or a day; `required` for a stage's start.
    fn date_point(&mut self, path: &str, date: &DatePoint, required: bool) -> Option<Day> {
        if date.raw.is_empty() {
            if required {
                self.push(
                    path,
                    "缺少开始时间：请写 2024-03（2024年3月）或 2024-03-01（required: start）",
                );
            }
            return None;
        }
        let day = date.parse();
        if day.is_none() {
            self.push(
                path,
                format!(
                    "「{}」不是一个真实的时间：请写 2024-03（2024年3月）或 2024-03-15（2024年3月15日）（expected a month or a day）",
                    date.raw
                ),
            );
        }
        day
    }

    /// 牵头单位, 责任单位, 完成时限.
    fn responsibility(&mut self, path: &str, s: &Section) {
        for (field, list) in [("lead_units", &s.lead_units), ("units", &s.units)] {
            for (i, unit) in list.iter().enumerate() {
                self.title(&format!("{path}.{field}[{i}]"), unit, "单位名称（unit）");
            }
        }
        if s.deadline.kind() == DeadlineKind::BadDate {
            let raw = s.deadline.raw.as_str();
            // The four digits it starts with, when they are a year out of range: say that.
            let year: Option<i32> = raw.get(..4).and_then(|y| y.parse().ok());
            let message = match year {
                Some(y) if !(1949..=2200).contains(&y) => format!(
                    "「{raw}」的年份 {y} 不在 1949–2200 之间：请写方案的年份，如 2024-06（6月底前）（the year is out of range）"
                ),
                _ => format!(
                    "「{raw}」不是一个真实的日期：请写 2024-06（6月底前）、2024-06-15（6月15日前），或写文字如 长期坚持（expected a real date）"
                ),
            };
            self.push(&format!("{path}.deadline"), message);
        }
    }

    /// A body that may be left out, checked when given.
    fn prose_if_given(&mut self, path: &str, prose: &Prose) {
        if !prose.clauses.is_empty() {
            self.prose(path, prose, "正文（body）");
        }
    }

    /// Ids name one item among its siblings, and must not be a word the variants' edits use.
    fn distinct_ids(&mut self, ids: &[(String, &Text)]) {
        let mut seen = std::collections::HashSet::new();
        for (path, id) in ids {
            if id.is_empty() {
                continue;
            }
            if crate::plan::merge::LIST_OPERATIONS.contains(&id.as_str()) {
                self.push(
                    &format!("{path}.id"),
                    format!("「{id}」是变体的操作名，不能用作 id（reserved word）"),
                );
            }
            if !seen.insert(id.as_str()) {
                self.push(
                    &format!("{path}.id"),
                    format!("id「{id}」在同一层中出现了两次（the same id twice）"),
                );
            }
        }
    }
}
