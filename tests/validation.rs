//! Bad plans: every case asserts the exit code, the file:line:column, the field path and the
//! gist of the message. Positions are found in the fixture text itself, so each assertion says
//! "the tool points at the line the mistake is on".

mod common;
use common::*;

struct Case {
    yaml: String,
    /// Text whose first character the message must point at, and which occurrence of it.
    at: (&'static str, usize),
    path: &'static str,
    says: &'static str,
}

fn replace_once(s: &str, from: &str, to: &str) -> String {
    assert!(s.contains(from), "sample lacks {from:?}");
    s.replacen(from, to, 1)
}

fn check_case(name: &str, case: Case) {
    let dir = tempfile::tempdir().unwrap();
    let file = format!("{name}.yaml");
    std::fs::write(dir.path().join(&file), &case.yaml).unwrap();
    let out = gongwen(dir.path(), &["check", &file]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{name}: exit code\n{err}");
    let (line, col) = nth_position(&case.yaml, case.at.0, case.at.1);
    let place = format!("{file}:{line}:{col}: {}: ", case.path);
    assert!(err.contains(&place), "{name}: expected {place:?} in\n{err}");
    assert!(err.contains(case.says), "{name}: expected {:?} in\n{err}", case.says);
}

#[test]
fn a_missing_required_field_is_reported_at_its_parent() {
    let s = sample_yaml();
    check_case(
        "missing_title",
        Case {
            yaml: replace_once(&s, "  title: 创建乡村振兴先进镇工作方案\n", ""),
            at: ("town: XX镇", 0),
            path: "document.title",
            says: "不能为空",
        },
    );
}

#[test]
fn an_empty_string_is_reported_where_it_stands() {
    let s = sample_yaml();
    check_case(
        "empty_town",
        Case {
            yaml: replace_once(&s, "  town: XX镇", "  town: \"  \""),
            at: ("\"  \"", 0),
            path: "document.town",
            says: "不能为空",
        },
    );
    check_case(
        "empty_name",
        Case {
            yaml: replace_once(
                &s,
                "  纪委副书记: { name: XX, posts: [纪委副书记] }",
                "  纪委副书记: { name: , posts: [纪委副书记] }",
            ),
            at: (": , posts: [纪委副书记]", 0),
            path: "people.纪委副书记.name",
            says: "姓名",
        },
    );
}

#[test]
fn a_leading_group_needs_a_leader() {
    let s = sample_yaml();
    let a = s.find("    leaders:").unwrap();
    let b = s.find("    deputy_leaders:").unwrap();
    check_case(
        "no_leader",
        Case {
            yaml: format!("{}    leaders: []\n{}", &s[..a], &s[b..]),
            at: ("[]", 0),
            path: "organization.leading_group.leaders",
            says: "没有组长",
        },
    );
}

#[test]
fn a_percentage_must_lie_between_0_and_100() {
    let s = sample_yaml();
    check_case(
        "percent",
        Case {
            yaml: replace_once(
                &s,
                "comparator: 达…以上, value: 50,",
                "comparator: 达…以上, value: 150,",
            ),
            at: ("150", 0),
            path: "creation.items[0].body[2].value",
            says: "0–100",
        },
    );
    check_case(
        "negative_percent",
        Case {
            yaml: replace_once(&s, "comparator: 大于…, value: 20,", "comparator: 大于…, value: -20,"),
            at: ("-20", 0),
            path: "creation.items[1].body[5].value",
            says: "0–100",
        },
    );
}

#[test]
fn the_same_person_twice_in_one_role() {
    // Deputy leaders [1] and [3] (人大副主席, 纪委书记) turn out to be the same real person.
    let s = sample_yaml();
    let s = replace_once(&s, "  人大副主席: { name: XX,", "  人大副主席: { name: 张三,");
    let s = replace_once(&s, "  纪委书记: { name: XX,", "  纪委书记: { name: 张三,");
    check_case(
        "same_person",
        Case {
            yaml: s,
            // Reported where the group lists the second of them.
            at: ("纪委书记, 组宣统委员", 0),
            path: "organization.leading_group.deputy_leaders[3].name",
            says: "出现了两次",
        },
    );
}

#[test]
fn a_reference_to_an_unknown_person_is_an_error() {
    let s = sample_yaml();
    check_case(
        "unknown_person",
        Case {
            yaml: replace_once(&s, "leaders: [书记, 镇长]", "leaders: [书记, 县长]"),
            at: ("县长]", 0),
            path: "organization.leading_group.leaders[1]",
            says: "找不到人员 `县长`",
        },
    );
    check_case(
        "unknown_director",
        Case {
            yaml: replace_once(&s, "director: 办公室主任", "director: 主任"),
            at: ("主任\n", 0),
            path: "organization.office.director",
            says: "找不到人员 `主任`",
        },
    );
}

#[test]
fn a_date_must_be_a_real_date() {
    let s = sample_yaml();
    check_case(
        "feb_30",
        Case {
            yaml: replace_once(&s, "date: 2021-03-15", "date: 2021-02-30"),
            at: ("2021-02-30", 0),
            path: "document.date",
            says: "不是一个真实的日期",
        },
    );
    check_case(
        "chinese_date",
        Case {
            yaml: replace_once(&s, "date: 2021-03-15", "date: 2021年4月31日"),
            at: ("2021年4月31日", 0),
            path: "document.date",
            says: "不是一个真实的日期",
        },
    );
}

#[test]
fn wrong_types_unknown_fields_and_yaml_mistakes() {
    let s = sample_yaml();
    check_case(
        "wrong_type",
        Case {
            yaml: replace_once(&s, "staff_count: 4", "staff_count: 四名"),
            at: ("四名", 0),
            path: "organization.office.staff_count",
            says: "整数",
        },
    );
    check_case(
        "misspelt_field",
        Case {
            yaml: replace_once(&s, "  county: XX县", "  countty: XX县"),
            at: ("countty", 0),
            path: "document.countty",
            says: "是不是要写 `county`",
        },
    );
    check_case(
        "duplicate_key",
        Case {
            yaml: replace_once(&s, "  county: XX县", "  county: XX县\n  county: YY县"),
            at: ("county: YY县", 0),
            path: "document.county",
            says: "写了两次",
        },
    );
    check_case(
        "unknown_comparator",
        Case {
            yaml: replace_once(&s, "comparator: 大于…", "comparator: 约…"),
            at: ("约…", 0),
            path: "creation.items[1].body[5].comparator",
            says: "无法识别",
        },
    );
    check_case(
        "value_and_reference",
        Case {
            yaml: replace_once(
                &s,
                "comparator: 低于…, reference: 全县平均水平",
                "comparator: 低于…, value: 3, reference: 全县平均水平",
            ),
            at: ("{ indicator: 违法犯罪发生率", 0),
            path: "creation.items[3].body[1]",
            says: "只能写一个",
        },
    );
    check_case(
        "title_punctuation",
        Case {
            yaml: replace_once(
                &s,
                "  - title: 坚持农民主体地位的原则",
                "  - title: 坚持农民主体地位的原则。",
            ),
            at: ("坚持农民主体地位的原则。", 0),
            path: "principles[2].title",
            says: "不要加「。」",
        },
    );
    check_case(
        "staff_overflow",
        Case {
            yaml: replace_once(&s, "staff_count: 4", "staff_count: 2"),
            at: ("2\n    staff:", 0),
            path: "organization.office.staff_count",
            says: "列出了 3 人",
        },
    );
}

#[test]
fn yaml_syntax_errors_point_at_the_mistake() {
    let s = sample_yaml();
    let tab = replace_once(&s, "  county: XX县", "\tcounty: XX县");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("tab.yaml"), &tab).unwrap();
    let out = gongwen(dir.path(), &["check", "tab.yaml"]);
    let (line, _) = position_of(&tab, "\tcounty");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("tab.yaml:{line}:1: ")),
        "{}",
        stderr(&out)
    );
    assert!(stderr(&out).contains("Tab"));

    let unclosed = replace_once(&s, "  county: XX县", "  county: 'XX县");
    std::fs::write(dir.path().join("quote.yaml"), &unclosed).unwrap();
    let out = gongwen(dir.path(), &["check", "quote.yaml"]);
    let (line, col) = position_of(&unclosed, "'XX县");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("quote.yaml:{line}:{col}: ")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn check_reports_every_problem_not_just_the_first() {
    let s = sample_yaml();
    let s = replace_once(&s, "date: 2021-03-15", "date: 2021-02-30");
    let s = replace_once(
        &s,
        "comparator: 达…以上, value: 50,",
        "comparator: 达…以上, value: 150,",
    );
    let s = replace_once(&s, "  town: XX镇", "  town: \"\"");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("many.yaml"), &s).unwrap();
    let out = gongwen(dir.path(), &["check", "many.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    for path in ["document.town", "document.date", "creation.items[0].body[2].value"] {
        assert!(err.contains(&format!(": {path}: ")), "missing {path} in\n{err}");
    }
    assert!(err.contains("发现 3 个问题"), "{err}");
}

#[test]
fn files_that_cannot_be_read_as_plans() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], &str); 3] = [
        ("empty.yaml", b"", "文件是空的"),
        ("latin1.yaml", b"document:\n  title: caf\xe9\n", "UTF-8"),
        ("list.yaml", b"- a\n- b\n", "这不是方案文件（内容是一个列表）"),
    ];
    for (name, bytes, says) in cases {
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let out = gongwen(dir.path(), &["check", name]);
        assert_eq!(out.status.code(), Some(1), "{name}");
        assert!(
            stderr(&out).contains(name) && stderr(&out).contains(says),
            "{name}: {}",
            stderr(&out)
        );
    }
    let out = gongwen(dir.path(), &["check", "latin1.yaml"]);
    assert!(stderr(&out).contains("latin1.yaml:2:13: "), "{}", stderr(&out));

    let out = gongwen(dir.path(), &["check", "nonexistent.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("nonexistent.yaml: ") && stderr(&out).contains("不存在"));
    std::fs::create_dir(dir.path().join("folder.yaml")).unwrap();
    let out = gongwen(dir.path(), &["check", "folder.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("文件夹"));
}

#[test]
fn a_bom_and_crlf_line_ends_simply_work() {
    let s = sample_yaml();
    let windows = format!("\u{FEFF}{}", s.replace('\n', "\r\n"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("sample.yaml"), windows).unwrap();
    std::fs::create_dir(dir.path().join("unix")).unwrap();
    std::fs::write(dir.path().join("unix/sample.yaml"), &s).unwrap();
    let out = gongwen(
        dir.path(),
        &["render", "sample.yaml", "-o", "win-out", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = gongwen(
        dir.path(),
        &["render", "unix/sample.yaml", "-o", "unix-out", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let win = std::fs::read_to_string(dir.path().join("win-out/sample.md")).unwrap();
    let unix = std::fs::read_to_string(dir.path().join("unix-out/sample.md")).unwrap();
    assert_eq!(win, unix);
}

/// A plan with attachments, written after the sample's document fields.
fn with_attachments(attachments: &str) -> String {
    replace_once(
        &sample_yaml(),
        "  date: 2021-03-15",
        &format!("  date: 2021-03-15\n  attachments:\n{attachments}"),
    )
}

#[test]
fn attachment_tables_and_files_are_checked_where_they_are_written() {
    check_case(
        "row_too_short",
        Case {
            yaml: with_attachments(
                "    - title: 任务分解表\n      content:\n        - table:\n            columns: [工作任务, 牵头单位, 完成时限]\n            rows:\n              - [甲, 乙, 丙]\n              - [丁, 戊]\n",
            ),
            at: ("[丁, 戊]", 0),
            path: "document.attachments[0].content[0].table.rows[1]",
            says: "这一行有 2 格，表头有 3 列",
        },
    );
    check_case(
        "unknown_derived_table",
        Case {
            yaml: with_attachments("    - title: 名单\n      content:\n        - table: leading_groop\n"),
            at: ("leading_groop", 0),
            path: "document.attachments[0].content[0].table.from",
            says: "没有这种表格「leading_groop」",
        },
    );
    check_case(
        "missing_markdown_file",
        Case {
            yaml: with_attachments("    - title: 细则\n      content:\n        - markdown: 附件/细则.md\n"),
            at: ("附件/细则.md", 0),
            path: "document.attachments[0].content[0].markdown",
            says: "附件的 Markdown 文件 附件/细则.md：文件不存在",
        },
    );
    check_case(
        "empty_attachment_title",
        Case {
            yaml: with_attachments("    - title: \"\"\n      content: [一段说明。]\n"),
            at: ("\"\"", 0),
            path: "document.attachments[0].title",
            says: "请填写附件名称",
        },
    );
    check_case(
        "unknown_content_kind",
        Case {
            yaml: with_attachments("    - title: 表\n      content:\n        - tabel: leading_group\n"),
            at: ("tabel", 0),
            path: "document.attachments[0].content[0].tabel",
            says: "是不是要写 `table`？这里可以写的字段：table、markdown",
        },
    );
}

#[test]
fn an_attachment_can_hold_a_markdown_file_next_to_the_plan() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("附件")).unwrap();
    std::fs::write(
        dir.path().join("附件/细则.md"),
        "一、总则\n\n本细则所称“示范户”，是指……\n\n| 等级 | 分数 |\n| --- | --- |\n| 优秀 | 90以上 |\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("plan.yaml"),
        with_attachments("    - title: 美丽庭院示范户评选细则\n      content:\n        - markdown: 附件/细则.md\n"),
    )
    .unwrap();
    let out = gongwen(dir.path(), &["render", "plan.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("output/plan.md")).unwrap();
    assert!(
        md.contains("<!-- gongwen:attachment -->\n附件\n\n# 美丽庭院示范户评选细则"),
        "{md}"
    );
    // The file's Markdown as written: its table stays a table.
    assert!(md.contains("| 优秀 | 90以上 |"), "{md}");
    // A directory or a device is not read as a Markdown file.
    std::fs::write(
        dir.path().join("dir.yaml"),
        with_attachments("    - title: 细则\n      content:\n        - markdown: 附件\n"),
    )
    .unwrap();
    let out = gongwen(dir.path(), &["check", "dir.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("dir.yaml:"), "{}", stderr(&out));
}

/// A folder with the sample, the notice plan and its seals, the government's seal an SVG.
fn notice_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for file in ["sample.yaml", "notice.yaml"] {
        std::fs::copy(repo().join("plans").join(file), dir.path().join(file)).unwrap();
    }
    std::fs::create_dir(dir.path().join("seals")).unwrap();
    std::fs::copy(repo().join("plans/seals/party.png"), dir.path().join("seals/party.png")).unwrap();
    std::fs::write(
        dir.path().join("seals/government.png"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    dir
}

/// The notice plan's settings changed, in a copy of plans/ with its seals.
fn issued_case(name: &str, replace: (&str, &str), at: (&'static str, usize), path: &'static str, says: &'static str) {
    let notice = std::fs::read_to_string(repo().join("plans/notice.yaml")).unwrap();
    let yaml = replace_once(&notice, replace.0, replace.1);
    let dir = notice_folder();
    let file = format!("{name}.yaml");
    std::fs::write(dir.path().join(&file), &yaml).unwrap();
    let out = gongwen(dir.path(), &["render", &file, "--format", "pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{name}: exit code\n{err}");
    let (line, col) = nth_position(&yaml, at.0, at.1);
    let place = format!("{file}:{line}:{col}: {path}");
    assert!(err.contains(&place), "{name}: expected {place:?} in\n{err}");
    assert!(err.contains(says), "{name}: expected {says:?} in\n{err}");
}

#[test]
fn the_issued_documents_settings_are_checked_where_they_are_written() {
    issued_case(
        "bad_copy_number",
        ("masthead: {}", "masthead: { copy_number: 12 }"),
        ("12 }", 0),
        "document.masthead.copy_number",
        "份号应为6位阿拉伯数字",
    );
    issued_case(
        "seal_count",
        (
            "seals: [seals/party.png, seals/government.png]",
            "seals: [seals/party.png]",
        ),
        ("[seals/party.png]", 0),
        "document.seals",
        "印章有 1 个，发文机关有 2 个",
    );
    issued_case(
        "no_number",
        ("  number: 镇委发〔2021〕5号\n", "  number: ~\n"),
        ("~", 0),
        "document.number",
        "有版头的公文要有发文字号",
    );
    issued_case(
        "bad_printed_by_date",
        ("date: 2021-03-18", "date: 2021-02-30"),
        ("2021-02-30", 0),
        "document.printed_by.date",
        "不是一个真实的日期",
    );
}

#[test]
fn a_seal_that_is_not_a_png_is_refused_with_what_it_is() {
    let dir = notice_folder();
    let out = gongwen(dir.path(), &["render", "notice.yaml", "--format", "pdf"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("government.png") && err.contains("不是 PNG 图片") && err.contains("SVG"),
        "{err}"
    );
    assert!(!dir.path().join("output/notice.pdf").exists());
    // A missing one is named too.
    std::fs::remove_file(dir.path().join("seals/government.png")).unwrap();
    let out = gongwen(dir.path(), &["render", "notice.yaml", "--format", "pdf"]);
    assert!(
        stderr(&out).contains("government.png") && stderr(&out).contains("文件不存在"),
        "{}",
        stderr(&out)
    );
}
