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
            "plans/sample.yaml",
            "-o",
            dir.path().to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
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
