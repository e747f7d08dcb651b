//! The command line as a clerk uses it.

mod common;
use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(path, text).unwrap();
}

#[test]
fn render_writes_stem_md_into_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plans/镇甲.yaml", &sample_yaml());
    let out = gongwen(dir.path(), &["render", "plans/镇甲.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("output/镇甲.md")).unwrap();
    assert!(md.starts_with("# 创建乡村振兴先进镇工作方案\n"));
    let out = gongwen(
        dir.path(),
        &["render", "plans/镇甲.yaml", "-o", "elsewhere/deep", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(dir.path().join("elsewhere/deep/镇甲.md").is_file());
}

#[test]
fn init_writes_a_starter_that_checks_and_renders_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen(dir.path(), &["init", "new.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = gongwen(dir.path(), &["check", "new.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let out = gongwen(dir.path(), &["render", "new.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("output/new.md")).unwrap();
    assert!(md.contains("## 五、保障措施"));

    std::fs::write(dir.path().join("new.yaml"), "my edits").unwrap();
    let out = gongwen(dir.path(), &["init", "new.yaml"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("new.yaml")).unwrap(),
        "my edits"
    );
    let out = gongwen(dir.path(), &["init", "new.yaml", "--force"]);
    assert_eq!(out.status.code(), Some(0));
    assert_ne!(
        std::fs::read_to_string(dir.path().join("new.yaml")).unwrap(),
        "my edits"
    );
}

#[test]
fn a_users_template_overrides_the_built_in_one_by_name() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.yaml", &sample_yaml());
    write(
        dir.path(),
        "mine/safeguards.md",
        "## {{ section | cn_number }}、组织保障\n\n{% for item in safeguards %}{{ loop.index }}. {{ item.title }}\n\n{% endfor %}",
    );
    let out = gongwen(
        dir.path(),
        &["render", "plan.yaml", "--templates", "mine", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("output/plan.md")).unwrap();
    assert!(
        md.contains("## 五、组织保障\n\n1. 夯实法治保障，奠定乡村振兴的基石\n"),
        "{md}"
    );
    assert!(!md.contains("保障措施"));
    // The other sections still come from the built-ins.
    assert!(md.contains("## 一、指导思想"));
}

#[test]
fn template_errors_point_at_the_users_template_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.yaml", &sample_yaml());
    write(
        dir.path(),
        "bad/creation.md",
        "## 四、创建内容\n\n{{ creation.intro }}\n\n{{ creation.no_such_field }}\n",
    );
    let out = gongwen(
        dir.path(),
        &["render", "plan.yaml", "--templates", "bad", "--format", "md"],
    );
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains(&format!("{}:5:", Path::new("bad").join("creation.md").display())),
        "{err}"
    );
    assert!(err.contains("no_such_field"), "{err}");
    assert!(
        !dir.path().join("output/plan.md").exists(),
        "no output from a failed render"
    );

    write(
        dir.path(),
        "syntax/plan.md",
        "# {{ document.title }}\n{% if document.town %}\nunclosed\n",
    );
    let out = gongwen(dir.path(), &["check", "plan.yaml", "--templates", "syntax"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("plan.md"), "{}", stderr(&out));
}

#[test]
fn plan_text_is_data_never_markup() {
    let tricky = [
        "**张三**",
        "# 李四",
        "{{ }}{% if x %}",
        "<script>alert(1)</script>",
        "a_b_c",
        "[链接](x)",
        "1. 王五",
        "\\反斜杠",
    ];
    let mut yaml = sample_yaml();
    for (i, name) in tricky.iter().enumerate() {
        // Members of the leading group, as the roster (`people:`) defines them.
        let id = [
            "党建办",
            "社会事务办",
            "经济发展办",
            "治理应急办",
            "综合执法办",
            "纪委副书记",
            "财政所",
            "农民工中心",
        ][i];
        let from = format!("  {id}: {{ name: XX,");
        assert!(yaml.contains(&from), "{from}");
        yaml = yaml.replacen(&from, &from.replace("name: XX", &format!("name: '{name}'")), 1);
    }
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.yaml", &yaml);
    let out = gongwen(dir.path(), &["render", "plan.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("output/plan.md")).unwrap();
    let text = markdown_text(&md);
    for name in tricky {
        // Spaces next to Hanzi are dropped on load ("# 李四" → "#李四"); nothing else changes.
        let name = gongwen::plan::text::normalize(name);
        assert!(text.contains(&name), "{name:?} should read literally in\n{text}");
    }
    // Nothing became markup: the only headings are the document's own.
    let headings = md.lines().filter(|l| l.starts_with('#')).count();
    assert_eq!(headings, 1 + 5 + 2 + 3);
    assert!(!md.contains("<script>"));
}

#[test]
fn personnel_lines_keep_their_alignment_through_markdown() {
    let md = std::fs::read_to_string(repo().join("tests/golden/sample.md")).unwrap();
    let text = markdown_text(&md);
    assert!(
        text.contains("组　长：XX　党委书记\n　　　　XX　党委副书记、镇长提名人选\n"),
        "{text}"
    );
}

#[test]
fn formats_are_chosen_by_name_and_unknown_ones_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.yaml", &sample_yaml());
    let out = gongwen(dir.path(), &["render", "plan.yaml", "--format", "html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("html"), "{}", stderr(&out));
    assert!(!dir.path().join("output").exists());
    let out = gongwen(dir.path(), &["render", "plan.yaml", "--format", "md,docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let mut written: Vec<String> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["plan.docx", "plan.md"]);
    // A DOCX is a ZIP package.
    assert!(
        std::fs::read(dir.path().join("output/plan.docx"))
            .unwrap()
            .starts_with(b"PK")
    );
}

#[test]
fn a_failed_render_leaves_the_earlier_outputs_untouched() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "plan.yaml", &sample_yaml());
    assert_eq!(gongwen(dir.path(), &["render", "plan.yaml"]).status.code(), Some(0));
    let md = std::fs::read(dir.path().join("output/plan.md")).unwrap();
    let pdf = std::fs::read(dir.path().join("output/plan.pdf")).unwrap();
    write(
        dir.path(),
        "plan.yaml",
        &sample_yaml().replace("date: 2021-03-15", "date: 2021-02-30"),
    );
    assert_eq!(gongwen(dir.path(), &["render", "plan.yaml"]).status.code(), Some(1));
    assert_eq!(std::fs::read(dir.path().join("output/plan.md")).unwrap(), md);
    assert_eq!(std::fs::read(dir.path().join("output/plan.pdf")).unwrap(), pdf);
    let mut left: Vec<_> = std::fs::read_dir(dir.path().join("output"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    left.sort();
    assert_eq!(left, ["plan.md", "plan.pdf"], "no temporary files remain");
}

#[test]
fn one_bad_plan_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.yaml", &sample_yaml());
    write(dir.path(), "b.yaml", "document: [");
    write(dir.path(), "c.yaml", &sample_yaml());
    let out = gongwen(dir.path(), &["render", "a.yaml", "b.yaml", "c.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(dir.path().join("output/a.md").is_file() && dir.path().join("output/c.md").is_file());
    assert!(stderr(&out).contains("b.yaml:"));

    write(dir.path(), "x/a.yaml", &sample_yaml());
    let out = gongwen(dir.path(), &["render", "a.yaml", "x/a.yaml"]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "two plans named a.yaml would overwrite each other"
    );
}

#[test]
fn usage_errors_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(gongwen(dir.path(), &["render"]).status.code(), Some(2));
    assert_eq!(gongwen(dir.path(), &["frobnicate"]).status.code(), Some(2));
    assert_eq!(gongwen(dir.path(), &["--help"]).status.code(), Some(0));
}

#[test]
fn optional_document_fields_render_with_their_role_markers() {
    let yaml = sample_yaml()
        .replace("  # number: ", "  number: ")
        .replace("  # addressee: ", "  addressee: ")
        .replace(
            "  # attachments: [创建工作任务分解表]",
            "  attachments: [创建工作任务分解表, 考核细则]",
        )
        .replace("  # copy_to: ", "  copy_to: ");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "full.yaml", &yaml);
    let out = gongwen(dir.path(), &["render", "full.yaml", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(dir.path().join("output/full.md")).unwrap();
    assert!(
        md.starts_with("<!-- gongwen:doc-number -->\n镇委发〔2021〕5号\n\n# 创建乡村振兴先进镇工作方案\n"),
        "{md}"
    );
    assert!(md.contains("\n<!-- gongwen:addressee -->\n各村（社区）、镇属各部门：\n\n## 一、"));
    assert!(md.contains("\n<!-- gongwen:attachments -->\n附件：1. 创建工作任务分解表\\\n　　　2. 考核细则\n\n<!-- gongwen:signature -->\n"));
    assert!(md.ends_with("<!-- gongwen:copy-to -->\n抄送：县委农办，县农业农村局。\n"));
}

/// clap's messages are English: each usage slip is first said in Chinese, exit code 2.
#[test]
fn usage_slips_are_said_in_chinese_first() {
    for (args, says) in [
        (&["rendr"][..], "没有这个命令"),
        (&["render", "--formt", "pdf", "plans/sample.yaml"][..], "没有这个选项"),
        (&["render", "--format", "xls", "plans/sample.yaml"][..], "选项的值不对"),
    ] {
        let out = gongwen(&repo(), args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with(&format!("gongwen: {says}")), "{args:?}: {err}");
    }
}
