//! `gongwen lint`: the shipped plans are clean, and each slip of the seed's web copy,
//! reintroduced, is caught where it stands.

mod common;
use common::*;

fn lint(yaml: &str, extra: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.yaml"), yaml).unwrap();
    let mut args = vec!["lint", "plan.yaml"];
    args.extend_from_slice(extra);
    let out = gongwen(dir.path(), &args);
    let text = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    (out.status.code(), stderr(&out), text)
}

#[test]
fn every_shipped_plan_passes_lint() {
    for plan in [
        "plans/sample.yaml",
        "plans/sample_attachments.yaml",
        "plans/notice.yaml",
        "plans/towns/xinhe.yaml",
        "plans/towns/qinghe.yaml",
        "plans/towns/baishi.yaml",
        "plans/renju.yaml",
        "plans/towns/xinhe_renju.yaml",
    ] {
        let out = gongwen(&repo(), &["lint", plan]);
        assert_eq!(out.status.code(), Some(0), "{plan}: {}", stderr(&out));
        assert!(stdout(&out).contains("no findings"));
    }
}

#[test]
fn the_three_slips_of_the_web_copy_are_caught_where_they_stand() {
    let sample = sample_yaml();
    let slips = [
        (
            "建有农村电商服务站，",
            "建有农村电商服务站建有农村电商服务站，",
            "建有农村电商服务站建有农村电商服务站",
            "doubled-phrase",
        ),
        ("等处于全县前列", "等处于前县前列", "前县", "typo"),
        (
            "  办公室主任: { name: XX }",
            "  办公室主任: { name: XX同志 }",
            "XX同志",
            "name-title",
        ),
    ];
    for (good, slip, needle, rule) in slips {
        assert!(sample.contains(good), "{good}");
        let yaml = sample.replacen(good, slip, 1);
        let (code, err, _) = lint(&yaml, &[]);
        assert_eq!(code, Some(1), "{rule}: {err}");
        // Where the slip was put (the sample's comments mention the slips too).
        let slip_at = yaml.find(slip).unwrap();
        let (line, col) = line_col(&yaml, slip_at + yaml[slip_at..].find(needle).unwrap());
        assert!(
            err.contains(&format!("plan.yaml:{line}:{col}: ")),
            "{rule}: expected {line}:{col} in\n{err}"
        );
        assert!(err.contains(&format!("[{rule}]")), "{err}");
    }
}

#[test]
fn fix_applies_only_the_safe_fixes_and_says_what_is_left() {
    let yaml = sample_yaml()
        .replacen("机关各办（中心）负责人", "机关各办(中心)负责人", 1)
        .replacen("  # number: 镇委发〔2021〕5号", "  number: 镇委发[2021]第05号", 1)
        .replacen("等处于全县前列", "等处于前县前列", 1);
    let (code, err, fixed) = lint(&yaml, &["--fix"]);
    assert_eq!(
        code,
        Some(1),
        "the typo is only suggested, so one finding remains: {err}"
    );
    assert!(
        fixed.contains("机关各办（中心）负责人") && fixed.contains("number: 镇委发〔2021〕5号"),
        "{fixed}"
    );
    assert!(fixed.contains("前县"), "a suggestion is not applied");
    assert!(
        err.contains("[typo]") && !err.contains("[half-width-punctuation]"),
        "{err}"
    );
    // Nothing else changed.
    assert_eq!(fixed.lines().count(), yaml.lines().count());
}

#[test]
fn copy_to_names_carry_no_punctuation_the_template_adds_the_full_stop() {
    let yaml = sample_yaml().replace(
        "  # copy_to: [县委农办, 县农业农村局]    # 抄送",
        "  copy_to: [县委农办, 县农业农村局。]",
    );
    assert!(yaml.contains("县农业农村局。]"));
    let (code, err, _) = lint(&yaml, &[]);
    assert_eq!(code, Some(1), "{err}");
    let (line, col) = position_of(&yaml, "县农业农村局。");
    assert!(
        err.contains(&format!("plan.yaml:{line}:{col}: document.copy_to[1]: [copy-to]")),
        "{err}"
    );
    let (code, err, fixed) = lint(&yaml, &["--fix"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(fixed.contains("copy_to: [县委农办, 县农业农村局]"));
}

/// A hand-edited document: the heading numbers and the copy-to line are checked on the Markdown.
#[test]
fn hand_edited_markdown_is_checked_for_heading_numbers_and_the_copy_to_line() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen(
        &repo(),
        &[
            "render",
            "plans/towns/xinhe.yaml",
            "-o",
            dir.path().to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    std::fs::rename(dir.path().join("xinhe.md"), dir.path().join("sample.md")).unwrap();
    let md_path = dir.path().join("sample.md");
    // As generated: clean.
    let out = gongwen(dir.path(), &["lint", "sample.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));

    // A clerk deletes section 二 by hand (三 now follows 一) and adds a copy-to line without
    // its full stop.
    let md = std::fs::read_to_string(&md_path).unwrap();
    let two = md.find("## 二、").unwrap();
    let three = md.find("## 三、").unwrap();
    let edited = format!(
        "{}{}\n<!-- gongwen:copy-to -->\n抄送：县委农办，县农业农村局\n",
        &md[..two],
        &md[three..]
    );
    std::fs::write(&md_path, &edited).unwrap();
    let out = gongwen(dir.path(), &["lint", "sample.md"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    let (line, col) = position_of(&edited, "三、");
    assert!(
        err.contains(&format!("sample.md:{line}:{col}: [heading-sequence]")) && err.contains("「二、」"),
        "{err}"
    );
    assert!(err.contains("[copy-to]"), "{err}");

    // --fix adds the full stop (a change of form) but leaves the numbering to the clerk.
    let out = gongwen(dir.path(), &["lint", "sample.md", "--fix"]);
    assert_eq!(out.status.code(), Some(1));
    let fixed = std::fs::read_to_string(&md_path).unwrap();
    assert!(fixed.ends_with("抄送：县委农办，县农业农村局。\n"), "{fixed}");
    assert!(fixed.contains("## 三、") && !fixed.contains("## 二、"));
    assert!(!stderr(&out).contains("[copy-to]"));
}

/// The sample with one text replaced, for rules on running text.
fn sample_with(good: &str, text: &str) -> String {
    let sample = sample_yaml();
    assert!(sample.contains(good), "{good}");
    sample.replacen(good, text, 1)
}

#[test]
fn a_typo_pair_across_a_word_boundary_and_rhetorical_doubling_are_not_reported() {
    // 当前|县域 is not 前县 (全县), 学习学习再学习 is rhetoric, not a slip.
    let yaml = sample_with(
        "坚持稳中求进工作总基调，",
        "立足当前县域经济，坚持学习学习再学习、研究研究再研究，看一看、想一想，坚持稳中求进工作总基调，",
    );
    let (code, err, _) = lint(&yaml, &[]);
    assert_eq!(code, Some(0), "{err}");
    let (code, err, fixed) = lint(&yaml, &["--fix"]);
    assert_eq!((code, fixed.as_str()), (Some(0), yaml.as_str()), "{err}");
    // The slip itself, in the same text after the innocent pair, is caught at its own place.
    let yaml = sample_with(
        "坚持稳中求进工作总基调，",
        "立足当前县域经济，处于前县前列，坚持稳中求进工作总基调，",
    );
    let (code, err, _) = lint(&yaml, &[]);
    assert_eq!(code, Some(1), "{err}");
    let (line, col) = position_of(&yaml, "前县前列");
    assert!(
        err.contains(&format!("plan.yaml:{line}:{col}: guiding_ideology[0]: [typo]")),
        "{err}"
    );
    assert!(err.contains("1 处不合公文规范"), "{err}");
}

#[test]
fn after_fix_the_report_lists_only_what_is_left() {
    // A half-width ) that also unbalances （）, a comma beside it, and the same slip twice.
    let yaml = sample_with(
        "机关各办（中心）负责人",
        "机关各办（中心),负责人，党建办(甲)、财政所(乙)",
    );
    let (code, err, _) = lint(&yaml, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("[unbalanced]") && err.contains("7 处不合公文规范"),
        "{err}"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("plan.yaml"), &yaml).unwrap();
    let out = gongwen(dir.path(), &["lint", "plan.yaml", "--fix"]);
    let fixed = std::fs::read_to_string(dir.path().join("plan.yaml")).unwrap();
    assert!(
        fixed.contains("机关各办（中心），负责人，党建办（甲）、财政所（乙）"),
        "{fixed}"
    );
    // Everything was fixed: nothing is listed, and the summary says so.
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
    assert!(
        stdout(&out).contains("已修正 6 处") && stdout(&out).contains("no findings"),
        "{}",
        stdout(&out)
    );
    // With a suggestion left, the count is that one.
    let yaml = sample_with("机关各办（中心）负责人", "机关各办（中心)负责人，处于前县前列");
    let (code, err, fixed) = lint(&yaml, &["--fix"]);
    assert_eq!(code, Some(1));
    assert!(fixed.contains("机关各办（中心）负责人"), "{fixed}");
    assert!(
        !err.contains("[unbalanced]") && !err.contains("[half-width-punctuation]"),
        "{err}"
    );
    assert!(
        err.contains("[typo]") && err.contains("1 处不合公文规范（1 finding(s)）"),
        "{err}"
    );
}

#[test]
fn the_starter_from_init_does_not_lint_clean() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen(dir.path(), &["init", "new.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let starter = std::fs::read_to_string(dir.path().join("new.yaml")).unwrap();
    let out = gongwen(dir.path(), &["lint", "new.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    // The town once, where it is written, not in every text {{ town }} fills.
    let (line, col) = position_of(&starter, "XX镇");
    assert!(
        err.contains(&format!("new.yaml:{line}:{col}: document.town: [placeholder]")),
        "{err}"
    );
    assert_eq!(err.matches("[placeholder] 「XX镇」").count(), 1, "{err}");
    let (line, col) = position_of(&starter, "【在此填写指导思想】");
    assert!(
        err.contains(&format!("new.yaml:{line}:{col}: guiding_ideology[0]: [placeholder]")),
        "{err}"
    );
    assert!(err.contains("people.书记.name: [placeholder]"), "{err}");
    // Every 【在此填写…】 of the starter is found.
    let brackets = starter
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .map(|l| l.matches("【在此填写").count())
        .sum::<usize>();
    assert!(brackets >= 5);
    assert_eq!(err.matches("[placeholder] 「【在此填写").count(), brackets, "{err}");
}

#[test]
fn names_withheld_on_purpose_only_where_the_plan_says_so() {
    // The sample says so; a copy without that line is a plan with its names left out.
    let marker = "# gongwen-lint: names-withheld\n";
    let sample = sample_yaml();
    assert!(sample.contains(marker));
    let (code, err, _) = lint(&sample.replacen(marker, "", 1), &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("document.town: [placeholder]") && err.contains("people.镇长.name: [placeholder]"),
        "{err}"
    );
    // An instruction in brackets is reported even where names are withheld, and XX in a text
    // of its own (not filled in from the town) is reported in a variant that has its own names.
    let yaml = sample_with("加快补齐农业农村短板。", "加快补齐【待补充】农业农村短板。");
    let (code, err, _) = lint(&yaml, &[]);
    assert_eq!(code, Some(1));
    assert!(err.contains("[placeholder] 「【待补充】」"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let variant = format!(
        "extends: {}\nroster: {}\ndocument:\n  town: 白马镇\n  county: 南江县\n  province: 川\ncreation:\n  intro: 投入XX万元。\n",
        sample_path().display(),
        repo().join("plans/roster/xinhe.yaml").display()
    );
    std::fs::write(dir.path().join("baima.yaml"), &variant).unwrap();
    let out = gongwen(dir.path(), &["lint", "baima.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("baima.yaml:8:12: creation.intro: [placeholder] 「XX万元。」中的「XX」"),
        "{err}"
    );
    assert!(err.contains("1 处不合公文规范"), "{err}");
}

#[test]
fn a_variant_that_still_names_its_base_town_is_caught_in_the_file_that_says_it() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 青山镇's plan on the sample, with a phrase of its own, and 白马镇's variant of it.
    let qingshan = format!(
        "extends: {}\nroster: {}\ndocument:\n  town: 青山镇\n  county: 南江县\n  province: 川\npriorities:\n  1:\n    body: 整合各类项目资金，为乡村振兴贡献青山力量。\n",
        sample_path().display(),
        repo().join("plans/roster/xinhe.yaml").display()
    );
    std::fs::write(d.join("qingshan.yaml"), &qingshan).unwrap();
    let out = gongwen(d, &["lint", "qingshan.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "青山镇's own plan is clean: {}",
        stderr(&out)
    );
    std::fs::write(
        d.join("baima.yaml"),
        "extends: qingshan.yaml\ndocument:\n  town: 白马镇\n",
    )
    .unwrap();
    let out = gongwen(d, &["lint", "baima.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let (line, col) = position_of(&qingshan, "青山力量");
    assert!(
        err.contains(&format!(
            "qingshan.yaml:{line}:{col}: priorities[1].body: [base-town] 「青山」是基础方案的镇名（青山镇），本方案是白马镇的"
        )),
        "{err}"
    );
    assert!(
        err.contains("建议改为「白马」") && err.contains("1 处不合公文规范"),
        "{err}"
    );
    // Once the text says {{ town }}, each town's document names its own.
    std::fs::write(
        d.join("qingshan.yaml"),
        qingshan.replace("贡献青山力量", "贡献{{ town }}力量"),
    )
    .unwrap();
    let out = gongwen(d, &["lint", "baima.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_deleted_item_in_a_hand_edited_document_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // 新河镇's plan with a fourth priority: 一是 to 四是.
    let variant = format!(
        "extends: {}\npriorities+:\n  - lead: 抓好第四项工作\n    body: 具体内容。\n",
        repo().join("plans/towns/xinhe.yaml").display()
    );
    std::fs::write(d.join("four.yaml"), variant).unwrap();
    let out = gongwen(d, &["render", "four.yaml", "-o", ".", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("four.md")).unwrap();
    let out = gongwen(d, &["lint", "four.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The clerk deletes the paragraph 三是… by hand: 一是、二是、四是.
    let three = md.find("\n三是").unwrap() + 1;
    let four = md.find("\n四是").unwrap() + 1;
    let edited = format!("{}{}", &md[..three], &md[four..]);
    std::fs::write(d.join("four.md"), &edited).unwrap();
    let out = gongwen(d, &["lint", "four.md"]);
    assert_eq!(out.status.code(), Some(1));
    let (line, col) = position_of(&edited, "四是");
    assert!(
        stderr(&out).contains(&format!(
            "four.md:{line}:{col}: [item-sequence] 分项序号不连续：「二是」之后应为「三是」，写的是「四是」"
        )),
        "{}",
        stderr(&out)
    );
}
