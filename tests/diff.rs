//! `gongwen diff` as a reviewer reads it: each change under the role or section it belongs to,
//! lines aligned by what they are when one is removed, figures never split, and Markdown
//! documents compared as well as plans.

mod common;
use common::*;
use std::path::Path;

/// 新河镇's plan and roster, copied into `dir` as `plans/…`, with the sample they extend.
fn xinhe(dir: &Path) {
    for file in ["sample.yaml", "towns/xinhe.yaml", "roster/xinhe.yaml"] {
        let to = dir.join("plans").join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(repo().join("plans").join(file), to).unwrap();
    }
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn diff(dir: &Path, args: &[&str]) -> String {
    let mut all = vec!["diff"];
    all.extend_from_slice(args);
    all.extend(["--color", "never"]);
    let out = gongwen(dir, &all);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// The name of roster id `id` in 新河镇's roster.
fn name_of(dir: &Path, id: &str) -> String {
    let roster = std::fs::read_to_string(dir.join("plans/roster/xinhe.yaml")).unwrap();
    let line = roster.lines().find(|l| l.starts_with(&format!("  {id}:"))).unwrap();
    line.split("name: ")
        .nth(1)
        .unwrap()
        .split(',')
        .next()
        .unwrap()
        .to_string()
}

#[test]
fn a_person_removed_and_another_edited_are_told_under_their_role_each_as_itself() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    xinhe(d);
    let (first, third) = (name_of(d, "人大主席"), name_of(d, "政法委员"));
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "plans"]);
    // The first 副组长 leaves (the next one moves up beside the label), and the third's post
    // changes. Aligned by position, the first would have been "changed" into the second.
    std::fs::write(
        d.join("plans/towns/xinhe.yaml"),
        std::fs::read_to_string(d.join("plans/towns/xinhe.yaml")).unwrap()
            + "organization:\n  leading_group:\n    deputy_leaders: [人大副主席, 政法委员, 纪委书记, 组宣统委员, 副镇长甲, 人武部长, 副镇长乙, 副镇长丙, 振兴中心主任]\n",
    )
    .unwrap();
    edit(
        &d.join("plans/roster/xinhe.yaml"),
        "[党委委员, 政法委员, 副镇长]",
        "[党委委员, 政法委员, 常务副镇长]",
    );
    let text = diff(d, &["plans/towns/xinhe.yaml"]);
    assert_eq!(
        text,
        format!(
            "@@ 三、主要工作内容 › （一）组建创建工作机构 › 副组长\n- 副组长：{first}　党委委员、人大主席\n~ 　　　　{third}　党委委员、政法委员、{{+常务+}}副镇长\n共 2 处变化（2 change(s)）：HEAD:plans/towns/xinhe.yaml → plans/towns/xinhe.yaml\n"
        )
    );
}

#[test]
fn a_figure_changes_as_a_whole_under_its_section() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    xinhe(d);
    let old = d.join("plans/towns/old.yaml");
    std::fs::copy(d.join("plans/towns/xinhe.yaml"), &old).unwrap();
    // 高标准农田达50%以上 → 达15%: the figure is one unit, not 5 kept between 1 added and 0 removed.
    std::fs::write(
        d.join("plans/towns/xinhe.yaml"),
        std::fs::read_to_string(&old).unwrap() + "creation:\n  items:\n    0:\n      body:\n        2: { value: 15 }\n",
    )
    .unwrap();
    let text = diff(d, &["plans/towns/old.yaml", "plans/towns/xinhe.yaml"]);
    assert!(text.starts_with("@@ 四、创建内容 › （一）特色主导产业\n~ "), "{text}");
    assert!(text.contains("高标准农田达[-50-]{+15+}%以上"), "{text}");
    // A long paragraph is shown around the change, its opening kept.
    let changed = text.lines().nth(1).unwrap();
    assert!(
        changed.starts_with("~ （一）特色主导产…") && changed.ends_with('…'),
        "{changed}"
    );
    assert!(changed.chars().count() < 80, "{changed}");
}

#[test]
fn markdown_documents_are_compared_as_written_and_a_removed_item_renumbers_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    xinhe(d);
    let out = gongwen(d, &["render", "plans/towns/xinhe.yaml", "-o", ".", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("xinhe.md")).unwrap();
    // By hand: 二是 deleted and 三是 renumbered, a figure in 四、（一） changed.
    let two = md.find("\n二是").unwrap();
    let three = md.find("\n三是").unwrap();
    let removed = md[two + 1..three].trim_end().to_string();
    let edited = format!("{}{}", &md[..two], md[three..].replacen("\n三是", "\n二是", 1)).replacen(
        "高标准农田达50%以上",
        "高标准农田达3000亩以上",
        1,
    );
    std::fs::write(d.join("edited.md"), &edited).unwrap();
    let text = diff(d, &["xinhe.md", "edited.md"]);
    let expected_start = format!(
        "@@ 三、主要工作内容 › （二）工作重点\n- {removed}\n= 三是→二是 推进“四大革命”，改善农村人居环境。建立…\n@@ 四、创建内容 › （一）特色主导产业\n~ "
    );
    assert!(text.starts_with(&expected_start), "{text}");
    assert!(text.contains("高标准农田达[-50%-]{+3000亩+}以上"), "{text}");
    assert!(
        text.ends_with("共 2 处变化（2 change(s)），另有 1 处序号顺延（1 renumbered）：xinhe.md → edited.md\n"),
        "{text}"
    );
    // A plan against a hand-edited document, and a document against its last commit.
    let text = diff(d, &["plans/towns/xinhe.yaml", "edited.md"]);
    assert!(
        text.contains("另有 1 处序号顺延") && text.contains("{+3000亩+}"),
        "{text}"
    );
    git(d, &["init", "-q"]);
    git(d, &["add", "edited.md"]);
    git(d, &["commit", "-qm", "doc"]);
    edit(&d.join("edited.md"), "达3000亩以上", "达1500亩以上");
    let text = diff(d, &["edited.md"]);
    assert!(text.contains("高标准农田达[-3000-]{+1500+}亩以上"), "{text}");
    assert!(
        text.ends_with("共 1 处变化（1 change(s)）：HEAD:edited.md → edited.md\n"),
        "{text}"
    );
    // A document that is not there is named.
    let out = gongwen(d, &["diff", "edited.md", "missing.md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("missing.md"), "{}", stderr(&out));
}

/// A table's rows are lines of the document too: a row removed, the rows after it renumbered
/// (told short), and a cell changed, each under the attachment and the table's header.
#[test]
fn a_tables_rows_are_compared_under_their_attachment_and_header() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = gongwen(
        &repo(),
        &[
            "render",
            "plans/sample_attachments.yaml",
            "-o",
            d.to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("sample_attachments.md")).unwrap();
    let row = |n: usize| {
        md.lines()
            .find(|l| l.starts_with(&format!("| {n} | ")) && l.contains("月底前"))
            .unwrap()
            .to_string()
    };
    // Row 2 of the task breakdown removed by hand, the rows after it renumbered, a deadline moved.
    let (two, three) = (row(2), row(3));
    let mut edited = md.replacen(&format!("{two}\n"), "", 1);
    let mut n = 3;
    while let Some(line) = edited
        .lines()
        .find(|l| l.starts_with(&format!("| {n} | ")) && l.contains("月底前"))
    {
        let renumbered = line.replacen(&format!("| {n} | "), &format!("| {} | ", n - 1), 1);
        edited = edited.replacen(line, &renumbered, 1);
        n += 1;
    }
    let moved = three.replacen("| 3 | ", "| 2 | ", 1);
    assert!(moved.contains("2021年10月底前"), "{moved}");
    edited = edited.replacen(&moved, &moved.replace("2021年10月底前", "2021年11月底前"), 1);
    std::fs::write(d.join("edited.md"), &edited).unwrap();
    let text = diff(d, &["sample_attachments.md", "edited.md"]);
    let context = "@@ 附件2 › 创建乡村振兴先进镇工作任务分解表 › 表格（序号｜工作任务｜牵头单位｜责任单位｜完成时限）";
    assert!(text.contains(context), "{text}");
    let removed: Vec<&str> = two.trim_matches('|').split(" | ").map(str::trim).collect();
    assert!(text.contains(&format!("- {}", removed.join("｜"))), "{text}");
    assert!(text.contains("2021年[-10-]{+11+}月底前"), "{text}");
    assert!(text.contains("共 2 处变化（2 change(s)），另有"), "{text}");
}
