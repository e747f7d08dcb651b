//! Which sections and items a change inserts or removes, named as such: a variant that adds
//! 六、示范创建 should read "新增 六、示范创建", not as forty added lines and every later heading
//! renumbered. Sections are matched by their headings without the numbers (which move when
//! anything before them is inserted or removed), under their parents' headings.

/// A heading of the document: its level (1 for 一、) and its text, with and without the number.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Heading {
    level: usize,
    numbered: String,
    /// The headings above it and its own, without numbers: its identity.
    key: Vec<String>,
}

/// The headings of a generated document: `##`–`#####` lines, and run-in headings (a paragraph
/// opening with `**（一）…**`).
fn headings(markdown: &str) -> Vec<Heading> {
    let mut out: Vec<Heading> = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    for line in markdown.lines() {
        let (level, text) = if let Some(rest) = line.strip_prefix("##") {
            let hashes = rest.chars().take_while(|c| *c == '#').count();
            (hashes + 1, rest[hashes..].trim().to_string())
        } else if let Some(rest) = line.strip_prefix("**") {
            let Some(end) = rest.find("**") else { continue };
            let text = rest[..end].to_string();
            match number_level(&text) {
                Some(level) => (level, text),
                None => continue,
            }
        } else {
            continue;
        };
        if !(1..=4).contains(&level) {
            continue;
        }
        stack.truncate(level - 1);
        while stack.len() < level - 1 {
            stack.push(String::new());
        }
        stack.push(identity(&text).to_string());
        out.push(Heading {
            level,
            numbered: text,
            key: stack.clone(),
        });
    }
    out
}

/// The level a heading's number gives it: 一、 1, （一） 2, 1. 3, （1） 4.
fn number_level(text: &str) -> Option<usize> {
    crate::lint::markdown::number_of(text).map(|(level, _, _)| usize::from(level))
}

/// What names a heading whatever its number and dates: 宣传发动阶段 for
/// （一）宣传发动阶段（2024年3月—4月）, whose period may change without it becoming another stage.
fn identity(text: &str) -> &str {
    let text = without_number(text);
    match text.strip_suffix('）').and_then(|t| t.rfind('（').map(|i| (t, i))) {
        Some((t, i)) if t[i..].contains(['年', '月']) => &text[..i],
        _ => text,
    }
}

/// 三、组织领导 → 组织领导; （二）… → …; 1.… → ….
fn without_number(text: &str) -> &str {
    match crate::lint::markdown::number_of(text) {
        Some((_, _, marker)) => text.trim_start_matches([' ', '　']).get(marker.len()..).unwrap_or(text),
        None => text,
    }
}

/// Lines saying which sections the new document adds and which it drops, outermost only (a
/// section added with its items is one line): `新增 六、示范创建`,
/// `删去 四、主要任务 › （一）扎实推进农村厕所革命 › 1.规范新改户厕建设`.
pub fn section_changes(old_markdown: &str, new_markdown: &str) -> Vec<String> {
    let old = headings(old_markdown);
    let new = headings(new_markdown);
    let mut out = Vec::new();
    for (word, these, others) in [("删去", &old, &new), ("新增", &new, &old)] {
        let known: std::collections::HashSet<&Vec<String>> = others.iter().map(|h| &h.key).collect();
        // The numbered headings above the current one, and the level of a section just
        // reported, whose own items are not reported again.
        let mut above: Vec<&str> = Vec::new();
        let mut inside: Option<usize> = None;
        for h in these {
            above.truncate(h.level - 1);
            while above.len() < h.level - 1 {
                above.push("");
            }
            above.push(&h.numbered);
            if inside.is_some_and(|level| h.level > level) {
                continue;
            }
            inside = None;
            if known.contains(&h.key) {
                continue;
            }
            inside = Some(h.level);
            let path: Vec<&str> = above.iter().copied().filter(|s| !s.is_empty()).collect();
            out.push(format!("{word} {}", path.join(" › ")));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const OLD: &str = "# 方案\n\n## 一、工作目标\n\n正文。\n\n## 二、主要任务\n\n### （一）厕所革命\n\n**1.户厕改造**。正文。\n\n**2.公厕管护**。正文。\n\n## 三、工作要求\n\n正文。\n";

    #[test]
    fn inserted_and_removed_sections_are_named_once_whatever_the_renumbering() {
        let new = OLD
            .replace("**1.户厕改造**。正文。\n\n**2.公厕管护**", "**1.公厕管护**")
            .replace(
                "## 三、工作要求",
                "## 三、示范创建\n\n### （一）示范村\n\n正文。\n\n## 四、工作要求",
            );
        assert_eq!(
            section_changes(OLD, &new),
            ["删去 二、主要任务 › （一）厕所革命 › 1.户厕改造", "新增 三、示范创建"]
        );
        assert!(section_changes(OLD, OLD).is_empty());
    }

    #[test]
    fn numbers_are_recognised_by_level() {
        assert_eq!(number_level("十二、标题"), Some(1));
        assert_eq!(number_level("（三）标题"), Some(2));
        assert_eq!(number_level("12.标题"), Some(3));
        assert_eq!(number_level("（12）标题"), Some(4));
        assert_eq!(number_level("强化组织保障"), None);
        assert_eq!(
            without_number("（一）宣传发动阶段（2024年3月—4月）"),
            "宣传发动阶段（2024年3月—4月）"
        );
        assert_eq!(without_number("1.户厕改造"), "户厕改造");
        assert_eq!(identity("（一）宣传发动阶段（2024年3月—4月）"), "宣传发动阶段");
    }
}
