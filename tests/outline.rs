//! The open outline, through the binary: sections in any order and number, generic content,
//! stages, responsibilities, and variants that edit the outline by id or title.

mod common;
use common::*;

/// The headings of `plans/renju.yaml`, the open outline's sample (and of `init --outline open`).
const OPEN_OUTLINE: [&str; 7] = [
    "一、指导思想",
    "二、工作目标",
    "三、组织领导",
    "四、主要任务",
    "五、实施步骤",
    "六、保障措施",
    "七、工作要求",
];
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

fn renju_yaml() -> String {
    std::fs::read_to_string(repo().join("plans/renju.yaml")).unwrap()
}

/// The base plan (plans/renju.yaml) and a variant of it, in a fresh folder.
fn with_variant(variant: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "renju.yaml", &renju_yaml());
    write(dir.path(), "variant.yaml", &format!("extends: renju.yaml\n{variant}"));
    dir
}

/// Render `plan` in `dir` to Markdown; panics with the messages if it fails.
fn markdown(dir: &Path, plan: &str) -> String {
    let out = gongwen(dir, &["render", plan, "-o", "out", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let stem = Path::new(plan).file_stem().unwrap().to_str().unwrap();
    std::fs::read_to_string(dir.join("out").join(format!("{stem}.md"))).unwrap()
}

/// Headings of one level (`##` for 一、), in order.
fn headings(md: &str, hashes: &str) -> Vec<String> {
    let prefix = format!("{hashes} ");
    md.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .map(str::to_string)
        .collect()
}

/// `gongwen check` fails, pointing at the first `needle` of `file` in `dir`, with `path`, and
/// saying `says`.
fn check_fails_at(dir: &Path, file: &str, needle: &str, path: &str, says: &str) {
    let out = gongwen(dir, &["check", "variant.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let text = std::fs::read_to_string(dir.join(file)).unwrap();
    let (line, col) = position_of(&text, needle);
    let place = format!("{file}:{line}:{col}: {path}: ");
    assert!(err.contains(&place), "expected {place:?} in\n{err}");
    assert!(err.contains(says), "expected {says:?} in\n{err}");
}

#[test]
fn the_second_plan_has_its_own_outline_numbered_by_position() {
    let md = markdown(&repo(), "plans/renju.yaml");
    assert_eq!(headings(&md, "##"), OPEN_OUTLINE);
    // Targets anywhere, read out as the creation contents' are.
    assert!(md.contains("农村卫生厕所普及率达92%以上，"), "{md}");
    // The leading group and office from the roster.
    assert!(md.contains("组　长：XX　党委书记\\\n　　　　XX　党委副书记、镇长提名人选"));
    assert!(md.contains("领导小组下设办公室在乡村振兴服务中心，设主任1名，由XX同志兼任，工作人员3名，"));
    // Items as headings with run-in sub-items 1. 2., each a task with its responsibility line.
    assert!(md.contains("### （一）扎实推进农村厕所革命\n"));
    assert!(md.contains(
        "**2.开展问题厕所排查整改**。对2019年以来改建的户厕逐户开展“回头看”，建立问题清单和整改台账，做到发现一户、整改一户、销号一户。（牵头单位：乡村振兴服务中心；责任单位：各村（社区）；完成时限：6月底前）\n"
    ));
    // Stages: a range inside one year names the year once; tasks one level down, run in.
    assert!(md.contains("**（一）宣传发动阶段（2024年3月—4月）**。各村、各单位要迅速行动"));
    assert!(md.contains("**（二）集中整治阶段（2024年5月—10月）**。"));
    assert!(md.contains("\n1.制定镇、村两级实施方案，召开全镇动员部署会，明确目标任务和时间节点。（牵头单位：乡村振兴服务中心；责任单位：各村（社区）；完成时限：3月底前）\n"));
    assert!(md.contains("完成时限：12月15日前）"));
    // Words are a deadline too.
    assert!(md.contains("完成时限：常态化开展）"));
    // A body ending in a colon gets no full stop after it.
    assert!(md.contains("组成人员如下：\n"), "{md}");
}

#[test]
fn insert_before_and_after_by_id_or_title() {
    let dir = with_variant(
        "sections:\n  insert_before:\n    保障措施:\n      - { title: 示范创建, body: 打造示范村3个。 }\n  tasks:\n    items:\n      insert_after:\n        toilets: [{ title: 推进河塘整治, body: 清淤疏浚。 }]\n",
    );
    let md = markdown(dir.path(), "variant.yaml");
    let level1 = headings(&md, "##");
    assert_eq!(&level1[5..], ["六、示范创建", "七、保障措施", "八、工作要求"]);
    assert!(md.contains("## 六、示范创建\n\n打造示范村3个。\n"));
    let level2 = headings(&md, "###");
    assert_eq!(
        &level2[..3],
        [
            "（一）扎实推进农村厕所革命",
            "（二）推进河塘整治",
            "（三）全面推进农村生活垃圾治理"
        ]
    );
}

#[test]
fn remove_by_title_or_id_renumbers_what_follows() {
    let dir = with_variant(
        "sections:\n  remove: [工作目标]\n  tasks:\n    items:\n      toilets:\n        items:\n          remove: 规范新改户厕建设\n",
    );
    let md = markdown(dir.path(), "variant.yaml");
    assert_eq!(headings(&md, "##")[1], "二、组织领导");
    assert!(!headings(&md, "##").iter().any(|h| h.contains("工作目标")));
    assert!(!md.contains("规范新改户厕建设"));
    assert!(md.contains("**1.开展问题厕所排查整改**。"), "{md}");
}

#[test]
fn replace_puts_a_new_section_in_the_old_ones_place() {
    let dir =
        with_variant("sections:\n  replace:\n    requirements:\n      title: 纪律要求\n      body: 严禁弄虚作假。\n");
    let md = markdown(dir.path(), "variant.yaml");
    assert_eq!(headings(&md, "##").last().unwrap(), "七、纪律要求");
    assert!(md.contains("## 七、纪律要求\n\n严禁弄虚作假。\n"));
    assert!(!md.contains("提高思想认识"), "the replaced section's items are gone");
}

#[test]
fn order_moves_the_named_items_to_where_the_first_of_them_stands() {
    let dir =
        with_variant("sections:\n  order: [safeguards, steps]\n  tasks:\n    items:\n      order: [upkeep, toilets]\n");
    let md = markdown(dir.path(), "variant.yaml");
    assert_eq!(&headings(&md, "##")[4..6], ["五、保障措施", "六、实施步骤"]);
    assert_eq!(
        headings(&md, "###"),
        [
            "（一）健全长效管护机制",
            "（二）扎实推进农村厕所革命",
            "（三）全面推进农村生活垃圾治理",
            "（四）梯次推进农村生活污水治理",
            "（五）深入开展村庄清洁行动"
        ]
    );
}

#[test]
fn index_patches_still_work_inside_an_item_found_by_key() {
    let dir = with_variant("sections:\n  goals:\n    body:\n      1: { value: 96 }\n");
    let md = markdown(dir.path(), "variant.yaml");
    assert!(md.contains("农村卫生厕所普及率达96%以上"), "{md}");
}

#[test]
fn an_edit_whose_target_does_not_exist_is_an_error_at_the_variants_line() {
    let cases = [
        ("sections:\n  remove: [工作总结]\n", "工作总结", "sections.remove[0]"),
        (
            "sections:\n  insert_after:\n    工作总结: [{ title: 甲, body: 乙。 }]\n",
            "工作总结",
            "sections.insert_after.工作总结",
        ),
        (
            "sections:\n  replace:\n    工作总结: { title: 甲, body: 乙。 }\n",
            "工作总结",
            "sections.replace.工作总结",
        ),
        (
            "sections:\n  order: [steps, 工作总结]\n",
            "工作总结",
            "sections.order[1]",
        ),
        (
            "sections:\n  工作总结:\n    title: 甲\n",
            "工作总结",
            "sections.工作总结",
        ),
        (
            "sections:\n  tasks:\n    items:\n      toilets:\n        items:\n          remove: [新建公厕]\n",
            "新建公厕",
            "sections.tasks.items.toilets.items.remove[0]",
        ),
        (
            "sections:\n  tasks:\n    items:\n      9: { title: 甲 }\n",
            "9:",
            "sections.tasks.items.9",
        ),
    ];
    for (variant, needle, path) in cases {
        let dir = with_variant(variant);
        check_fails_at(dir.path(), "variant.yaml", needle, path, "没有");
    }
    // The message lists what there is to name.
    let dir = with_variant("sections:\n  remove: [工作总结]\n");
    let err = stderr(&gongwen(dir.path(), &["check", "variant.yaml"]));
    assert!(
        err.contains("这个列表中有：ideology、goals、leadership、tasks"),
        "{err}"
    );
}

#[test]
fn a_mistake_inside_an_inserted_or_moved_section_is_reported_where_it_is_written() {
    let dir = with_variant(
        "sections:\n  order: [requirements, ideology]\n  insert_after:\n    goals:\n      - title: 示范创建\n        body:\n          - { indicator: 示范村覆盖率, comparator: 达…, value: 150, unit: \"%\" }\n",
    );
    check_fails_at(dir.path(), "variant.yaml", "150", "sections[3].body[0].value", "0–100");
    // A mistake in the base, in a section the variant moved, is reported in the base.
    let base = renju_yaml().replace("title: 提高思想认识", "title: 提高思想认识。");
    write(dir.path(), "renju.yaml", &base);
    write(
        dir.path(),
        "variant.yaml",
        "extends: renju.yaml\nsections:\n  order: [requirements, ideology]\n",
    );
    check_fails_at(
        dir.path(),
        "renju.yaml",
        "提高思想认识。",
        "sections[0].items[0].title",
        "不要加「。」",
    );
}

#[test]
fn a_variant_of_the_sample_edits_the_samples_outline() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "sample.yaml", &sample_yaml());
    write(
        dir.path(),
        "variant.yaml",
        "extends: sample.yaml\nsections+:\n  - title: 工作要求\n    items:\n      - { title: 压实工作责任, body: 各村要明确专人负责。 }\n",
    );
    let md = markdown(dir.path(), "variant.yaml");
    assert_eq!(headings(&md, "##").last().unwrap(), "六、工作要求");
    assert!(md.contains("## 六、工作要求\n\n**（一）压实工作责任**。各村要明确专人负责。\n"));

    // Taking a part out removes its content too, and renumbers what follows.
    write(
        dir.path(),
        "variant.yaml",
        "extends: sample.yaml\nsections:\n  remove: [基本原则]\n  insert_before:\n    creation: [{ title: 工作目标, body: 创建成功。 }]\n",
    );
    let md = markdown(dir.path(), "variant.yaml");
    assert_eq!(
        headings(&md, "##"),
        [
            "一、指导思想",
            "二、主要工作内容",
            "三、工作目标",
            "四、创建内容",
            "五、保障措施"
        ]
    );
    assert!(!md.contains("坚持党管农村工作的原则"));
}

#[test]
fn content_that_no_section_prints_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = renju_yaml() + "principles:\n  - { title: 坚持农民主体, body: 正文。 }\n";
    write(dir.path(), "variant.yaml", &yaml);
    check_fails_at(
        dir.path(),
        "variant.yaml",
        "- { title: 坚持农民主体",
        "principles",
        "不会印出来",
    );
}

#[test]
fn dates_deadlines_levels_and_ids_are_checked_where_they_stand() {
    let cases = [
        (
            "start: 2024-05",
            "start: 2024-13",
            "2024-13",
            "sections[4].stages[1].start",
            "不是一个真实的时间",
        ),
        (
            "end: 2024-04",
            "end: 2023-12",
            "2023-12",
            "sections[4].stages[0].end",
            "早于开始时间",
        ),
        (
            "deadline: 2024-06",
            "deadline: 2024-02-30",
            "2024-02-30",
            "sections[3].items[0].items[1].deadline",
            "不是一个真实的日期",
        ),
        (
            "id: garbage",
            "id: toilets",
            "toilets\n        title: 全面",
            "sections[3].items[1].id",
            "出现了两次",
        ),
        (
            "id: sewage",
            "id: remove",
            "remove",
            "sections[3].items[2].id",
            "操作名",
        ),
        (
            "title: 工作要求",
            "title: 工作要求；",
            "工作要求；",
            "sections[6].title",
            "不要加「；」",
        ),
    ];
    for (from, to, needle, path, says) in cases {
        let dir = tempfile::tempdir().unwrap();
        let yaml = renju_yaml();
        assert!(yaml.contains(from), "{from}");
        write(dir.path(), "variant.yaml", &yaml.replacen(from, to, 1));
        check_fails_at(dir.path(), "variant.yaml", needle, path, says);
    }
    // Four levels at most: 一、（一）1.（1）.
    let deep = renju_yaml().replacen(
        "            deadline: 2024-10                # 完成时限：输出为“10月底前”\n",
        "            deadline: 2024-10\n            items:\n              - title: 第四级\n                items:\n                  - { title: 第五级, body: 太深。 }\n",
        1,
    );
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "variant.yaml", &deep);
    check_fails_at(
        dir.path(),
        "variant.yaml",
        "{ title: 第五级",
        "sections[3].items[0].items[0].items[0].items[0]",
        "最多四级",
    );
}

#[test]
fn each_plan_can_have_its_own_templates_and_variants_inherit_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let closing = std::fs::read_to_string(repo().join("templates/closing.md")).unwrap();
    write(d, "own/closing.md", &format!("{closing}\n（此件公开发布）\n"));
    write(d, "other/closing.md", &format!("{closing}\n（此件不公开）\n"));
    write(d, "plans/renju.yaml", &(renju_yaml() + "templates: ../own\n"));
    write(
        d,
        "plans/towns/a.yaml",
        "extends: ../renju.yaml\ndocument:\n  town: 甲镇\n",
    );
    write(
        d,
        "plans/towns/b.yaml",
        "extends: ../renju.yaml\ntemplates: ../../other\ndocument:\n  town: 乙镇\n",
    );
    write(
        d,
        "plans/towns/c.yaml",
        "extends: ../renju.yaml\ntemplates: ~\ndocument:\n  town: 丙镇\n",
    );
    write(d, "plans/sample.yaml", &sample_yaml());
    let out = gongwen(
        d,
        &[
            "render",
            "plans/towns",
            "plans/sample.yaml",
            "-o",
            "out",
            "--format",
            "md",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let read = |f: &str| std::fs::read_to_string(d.join("out").join(f)).unwrap();
    assert!(
        read("a.md").ends_with("（此件公开发布）\n"),
        "the base's templates, relative to the base"
    );
    assert!(read("b.md").ends_with("（此件不公开）\n"), "the variant's own");
    assert!(!read("c.md").contains("（此件"), "back to the built-ins");
    assert!(!read("sample.md").contains("（此件"), "other plans keep theirs");
    // --templates on the command line wins over the plans' own.
    let out = gongwen(
        d,
        &[
            "render",
            "plans/towns/a.yaml",
            "-o",
            "cli",
            "--format",
            "md",
            "--templates",
            "other",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        std::fs::read_to_string(d.join("cli/a.md"))
            .unwrap()
            .ends_with("（此件不公开）\n")
    );

    // check, lint and diff use them too: a broken template of the plan's is reported by each.
    write(d, "own/closing.md", "{{ document.no_such_field }}\n");
    for args in [
        vec!["check", "plans/towns/a.yaml"],
        vec!["diff", "plans/towns/a.yaml", "plans/towns/b.yaml"],
    ] {
        let out = gongwen(d, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", stderr(&out));
        assert!(stderr(&out).contains("closing.md:1:"), "{args:?}: {}", stderr(&out));
    }
    write(
        d,
        "own/closing.md",
        &format!("{closing}\n## 附则\n\n**（二）序号错**。正文。\n"),
    );
    let out = gongwen(d, &["lint", "plans/towns/a.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("生成的文档第"), "{}", stderr(&out));
    // A folder that does not exist is reported at the plan's line.
    write(d, "plans/towns/d.yaml", "extends: ../renju.yaml\ntemplates: nowhere\n");
    let out = gongwen(d, &["check", "plans/towns/d.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains("d.yaml:2:12: templates: 模板文件夹不存在"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_exported_templates_render_the_same_documents() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let out = gongwen(d, &["templates", "mine"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in ["plan.md", "section.md", "components.md", "closing.md", "principles.md"] {
        assert!(d.join("mine").join(name).is_file(), "{name}");
    }
    // Not over what is there, unless asked.
    let out = gongwen(d, &["templates", "mine"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("已存在"));
    assert_eq!(gongwen(d, &["templates", "mine", "--force"]).status.code(), Some(0));
    for plan in ["plans/sample.yaml", "plans/renju.yaml", "plans/towns/xinhe_renju.yaml"] {
        let path = repo().join(plan);
        let builtin = gongwen(d, &["render", path.to_str().unwrap(), "-o", "a", "--format", "md"]);
        let exported = gongwen(
            d,
            &[
                "render",
                path.to_str().unwrap(),
                "-o",
                "b",
                "--format",
                "md",
                "--templates",
                "mine",
            ],
        );
        assert_eq!(builtin.status.code(), Some(0), "{}", stderr(&builtin));
        assert_eq!(exported.status.code(), Some(0), "{}", stderr(&exported));
        let stem = path.file_stem().unwrap().to_str().unwrap();
        let a = std::fs::read_to_string(d.join(format!("a/{stem}.md"))).unwrap();
        let b = std::fs::read_to_string(d.join(format!("b/{stem}.md"))).unwrap();
        assert_eq!(a, b, "{plan}");
    }
}

#[test]
fn init_starts_from_either_outline() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (file, outline) in [("a.yaml", "sample"), ("b.yaml", "open")] {
        let out = gongwen(d, &["init", file, "--outline", outline]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let text = std::fs::read_to_string(d.join(file)).unwrap();
        assert!(
            text.contains("  province: XX"),
            "{outline}: the README's {{{{ province }}}} has a value"
        );
        // A fresh starter reports what is left to fill in (【在此填写…】, XX), and nothing else.
        let out = gongwen(d, &["lint", file]);
        assert_eq!(out.status.code(), Some(1), "{outline}: {}", stderr(&out));
        let findings: Vec<String> = stderr(&out)
            .lines()
            .filter(|l| !l.starts_with(' ') && l.contains(": ["))
            .map(String::from)
            .collect();
        assert!(!findings.is_empty(), "{outline}");
        for f in &findings {
            assert!(f.contains("[placeholder]"), "{outline}: {f}");
        }
    }
    let a = markdown(d, "a.yaml");
    let b = markdown(d, "b.yaml");
    assert_eq!(headings(&a, "##")[1], "二、基本原则");
    assert_eq!(headings(&b, "##"), OPEN_OUTLINE);
    assert!(b.contains("（2026年1月—2月）"));
}

#[test]
fn diff_names_the_sections_a_variant_inserts_and_removes() {
    let out = gongwen(
        &repo(),
        &[
            "diff",
            "plans/renju.yaml",
            "plans/towns/xinhe_renju.yaml",
            "--color",
            "never",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "删去 四、主要任务 › （一）扎实推进农村厕所革命 › 1.规范新改户厕建设\n",
        "删去 七、工作要求 › （四）严肃工作纪律\n",
        "新增 四、主要任务 › （二）开展河塘沟渠综合整治\n",
        "新增 六、示范创建\n",
    ] {
        assert!(text.contains(line), "{line:?} in\n{text}");
    }
    // Moved or renumbered, a section is neither inserted nor removed.
    assert!(!text.contains("新增 四、主要任务 › （一）"), "{text}");
    assert!(!text.contains("删去 六、保障措施"), "{text}");
}
