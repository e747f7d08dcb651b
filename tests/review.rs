//! What a clerk writing plans from the README alone tripped over (a review of the open outline,
//! the task breakdown and the issued document): each case as it was met.

mod common;
use common::*;
use std::path::Path;

/// A variant of `plans/renju.yaml` (the open outline) in a folder of its own, with `extra`
/// appended.
fn renju_variant(dir: &Path, name: &str, body: &str) {
    let yaml = format!("extends: {}\n{body}", repo().join("plans/renju.yaml").display());
    std::fs::write(dir.join(name), yaml).unwrap();
}

#[test]
fn the_leading_groups_table_lists_the_group_the_open_outline_sets_up() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    renju_variant(
        d,
        "group.yaml",
        "document:\n  attachments:\n    - title: 领导小组成员名单\n      content:\n        - table: leading_group\n",
    );
    let out = gongwen(d, &["render", "group.yaml", "-o", ".", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("group.md")).unwrap();
    let (body, table) = md.split_once("# 领导小组成员名单").unwrap();
    // The names the body's 组长/副组长/成员 lines print (三、组织领导), in order.
    let names: Vec<String> = body
        .lines()
        .filter(|l| {
            l.starts_with("组　长：")
                || l.starts_with("副组长：")
                || l.starts_with("成　员：")
                || l.starts_with("　　　　")
        })
        .filter_map(|l| {
            let l = l.trim_end_matches('\\');
            let rest = l.split_once('：').map_or(l, |(_, r)| r).trim_start_matches('\u{3000}');
            rest.split('\u{3000}').next().map(str::to_string)
        })
        .filter(|n| !n.is_empty())
        .collect();
    let rows = body_rows(table);
    assert!(names.len() >= 10, "{names:?}");
    let table_names: Vec<&str> = rows.iter().map(|r| r[1]).collect();
    assert_eq!(table_names, names, "the table's names are the body's");
    assert_eq!(rows[0][3], "组长");
}

#[test]
fn a_leading_groups_table_without_a_group_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let yaml = "document:\n  title: 方案\n  town: 青山镇\n  attachments:\n    - title: 名单\n      content:\n        - table: leading_group\nsections:\n  - title: 工作目标\n    body: 全面完成。\n";
    std::fs::write(d.join("none.yaml"), yaml).unwrap();
    let out = gongwen(d, &["check", "none.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("none.yaml:7:18: document.attachments[0].content[0].table: 领导小组名单没有人员"),
        "{err}"
    );
}

/// YAML reads 2025.10 as the number 2025.1: the month is gone before gongwen sees it, and it
/// printed as 1月底前. It is refused at its place, saying how to write it.
#[test]
fn a_date_written_with_a_dot_is_refused_not_read_as_january() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    renju_variant(
        d,
        "dot.yaml",
        "sections:\n  steps:\n    stages:\n      0:\n        start: 2024.10\n",
    );
    let out = gongwen(d, &["check", "dot.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("dot.yaml:6:16: sections[4]"), "{err}");
    assert!(err.contains("].stages[0].start: 日期被当成了数字 2024.1"), "{err}");
    assert!(err.contains("请写成 2025-10"), "{err}");
    // Quoted, or with a dash, it is a month.
    renju_variant(
        d,
        "dash.yaml",
        "sections:\n  steps:\n    stages:\n      0:\n        start: 2024-03\n",
    );
    let out = gongwen(d, &["check", "dash.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

/// A seal that is not there is said at the plan's line, with the other problems, before any
/// page is laid out.
#[test]
fn a_missing_seal_is_said_where_the_plan_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for file in ["sample.yaml", "notice.yaml"] {
        std::fs::copy(repo().join("plans").join(file), d.join(file)).unwrap();
    }
    // No seals/ folder: both seals are missing, and a second problem stands beside them.
    let notice = std::fs::read_to_string(d.join("notice.yaml")).unwrap();
    std::fs::write(
        d.join("notice.yaml"),
        notice.replacen(
            "  number: 镇委发〔2021〕5号\n",
            "  number: 镇委发〔2021〕5号\n  year: 1900\n",
            1,
        ),
    )
    .unwrap();
    let out = gongwen(d, &["check", "notice.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let (line, col) = nth_position(
        &std::fs::read_to_string(d.join("notice.yaml")).unwrap(),
        "seals/party.png",
        0,
    );
    assert!(
        err.contains(&format!("notice.yaml:{line}:{col}: document.seals[0]: 印章图片 "))
            && err.contains("party.png：文件不存在"),
        "{err}"
    );
    assert!(err.contains("document.seals[1]"), "{err}");
    assert!(err.contains("document.year"), "{err}");
}
