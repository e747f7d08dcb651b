//! Personnel changes and town variants: shared rosters, extends, placeholders, batch, diff.

mod common;
use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Two town plans on the sample, sharing one roster.
fn two_towns_one_roster(dir: &Path) {
    write(dir, "plans/sample.yaml", &sample_yaml());
    let roster = std::fs::read_to_string(repo().join("plans/roster/xinhe.yaml")).unwrap();
    write(dir, "plans/roster/shared.yaml", &roster);
    for (file, town) in [("east.yaml", "东坡镇"), ("west.yaml", "西岭镇")] {
        write(
            dir,
            &format!("plans/towns/{file}"),
            &format!(
                "extends: ../sample.yaml\nroster: ../roster/shared.yaml\ndocument:\n  town: {town}\n  county: 河西县\n  province: 河西\n"
            ),
        );
    }
}

#[test]
fn one_post_changed_in_a_shared_roster_changes_both_documents_there_and_only_there() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    two_towns_one_roster(d);
    let render = |out: &str| {
        let o = gongwen(d, &["render", "plans/towns", "-o", out, "--format", "md"]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    };
    render("before");
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "plans"]);

    // 人武部长 is no longer a nominee for 副镇长: one edit in the shared roster.
    let roster_path = d.join("plans/roster/shared.yaml");
    let roster = std::fs::read_to_string(&roster_path).unwrap();
    let line = roster
        .lines()
        .find(|l| l.starts_with("  人武部长:"))
        .unwrap()
        .to_string();
    let name = roster_name(&roster, "人武部长");
    let edited = line.replace("{ title: 副镇长, nominee: true }", "副镇长");
    assert_ne!(line, edited);
    std::fs::write(&roster_path, roster.replace(&line, &edited)).unwrap();
    render("after");

    for town in ["east", "west"] {
        let before = std::fs::read_to_string(d.join(format!("before/{town}.md"))).unwrap();
        let after = std::fs::read_to_string(d.join(format!("after/{town}.md"))).unwrap();
        let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
        assert_eq!(before.lines().count(), after.lines().count());
        assert_eq!(changed.len(), 1, "{town}: {changed:?}");
        let (old, new) = changed[0];
        assert!(
            old.contains(&name) && old.ends_with("党委委员、人武部长、副镇长提名人选\\"),
            "{old}"
        );
        assert_eq!(new, old.replace("副镇长提名人选", "副镇长"));

        // And `gongwen diff` against the last commit says exactly that.
        let out = gongwen(d, &["diff", &format!("plans/towns/{town}.yaml"), "--color", "never"]);
        assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
        let expected = format!(
            "@@ 三、主要工作内容 › （一）组建创建工作机构 › 副组长\n~ 　　　　{name}　党委委员、人武部长、副镇长[-提名人选-]\n共 1 处变化（1 change(s)）：HEAD:plans/towns/{town}.yaml → plans/towns/{town}.yaml\n"
        );
        assert_eq!(stdout(&out), expected);
    }
}

#[test]
fn diff_between_two_plan_files_and_with_no_change() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    two_towns_one_roster(d);
    let out = gongwen(
        d,
        &[
            "diff",
            "plans/towns/east.yaml",
            "plans/towns/west.yaml",
            "--color",
            "never",
        ],
    );
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(text.contains("立足[-东坡-]{+西岭+}镇得天独厚"), "{text}");
    assert!(text.contains("@@ 落款\n~ 中共[-东坡-]{+西岭+}镇委员会\n"), "{text}");
    assert!(text.contains("中共[-东坡-]{+西岭+}镇委员会"), "{text}");
    let out = gongwen(d, &["diff", "plans/towns/east.yaml", "plans/towns/east.yaml"]);
    assert!(stdout(&out).contains("没有变化"));
}

#[test]
fn the_shipped_variants_fill_their_own_town_and_leak_nothing_from_the_base() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen(
        &repo(),
        &[
            "render",
            "plans/towns",
            "-o",
            dir.path().to_str().unwrap(),
            "--format",
            "md",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "xinhe",
            "新河镇",
            "河西县",
            &[
                "（五）坚持绿色发展的原则",
                "新河村柑橘产业园",
                "美丽河西·宜居乡村",
                "2022年3月10日",
                "2022年乡村振兴",
            ],
        ),
        (
            "qinghe",
            "青禾镇",
            "临江县",
            &[
                "稻渔综合种养面积达3000亩以上",
                "不低于15%",
                "为1.86万元",
                "参保率达95%以上",
            ],
        ),
        (
            "baishi",
            "白石镇",
            "云岭县",
            &[
                "收入的65%以上",
                "高标准农田达60%以上",
                "占98%以上",
                "大于25%",
                "白委发〔2023〕3号",
            ],
        ),
    ];
    for (file, town, county, figures) in cases {
        let md = std::fs::read_to_string(dir.path().join(format!("{file}.md"))).unwrap();
        assert!(
            md.contains(&format!("立足{town}得天独厚")) && md.contains(&format!("中共{town}委员会")),
            "{file}"
        );
        assert!(md.contains(&format!("根据{county}“1+3+N”")), "{file}");
        for figure in figures {
            assert!(md.contains(figure), "{file}: {figure} missing");
        }
        // Nothing of the base shows through: no placeholder, no XX town, no unnamed person.
        assert!(!md.contains("{{") && !md.contains("}}"), "{file}: a placeholder leaked");
        assert!(!md.contains("XX"), "{file}: the base's XX leaked");
        // Every person comes from the town's roster.
        let roster = std::fs::read_to_string(repo().join(format!("plans/roster/{file}.yaml"))).unwrap();
        let name = roster_name(&roster, "书记");
        assert!(
            md.contains(&format!("组　长：{}", gongwen::renderer::markdown::pad_name(&name))),
            "{file}: {name}"
        );
    }
}

#[test]
fn mistakes_in_variants_are_reported_in_the_file_that_has_them() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    two_towns_one_roster(d);
    let cases: [(&str, &str, &str, &str); 6] = [
        ("loop_a.yaml", "extends: loop_b.yaml\n", "extends", "循环继承"),
        (
            "typo.yaml",
            "extends: ../sample.yaml\ndocument:\n  town: 某镇\n  title: \"{{ tonw }}工作方案\"\n",
            "document.title",
            "未知的占位符",
        ),
        (
            "patch.yaml",
            "extends: ../sample.yaml\nprinciples:\n  9: { title: 新原则 }\n",
            "principles.9",
            "没有第 10 项",
        ),
        (
            "append.yaml",
            "extends: ../sample.yaml\ndocument+: [x]\n",
            "document+",
            "不是列表",
        ),
        (
            "noroster.yaml",
            "extends: ../sample.yaml\nroster: ../roster/none.yaml\n",
            "",
            "不存在",
        ),
        (
            "unknown.yaml",
            "extends: ../sample.yaml\norganization:\n  leading_group:\n    leaders: [书记, 县长]\n",
            "organization.leading_group.leaders[1]",
            "找不到人员 `县长`",
        ),
    ];
    write(d, "plans/towns/loop_b.yaml", "extends: loop_a.yaml\n");
    for (file, text, path, says) in cases {
        write(d, &format!("plans/towns/{file}"), text);
        let out = gongwen(d, &["check", &format!("plans/towns/{file}")]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{file}: {err}");
        assert!(err.contains(says), "{file}: expected {says:?} in\n{err}");
        if !path.is_empty() {
            // file:line:col of the variant itself, then the field path.
            let needle = format!(": {path}: ");
            let line = err
                .lines()
                .find(|l| l.contains(&needle))
                .unwrap_or_else(|| panic!("{file}: no {needle} in\n{err}"));
            // (A loop may be reported in either of its files.)
            let in_loop = file.starts_with("loop_") && line.contains("loop_");
            assert!(line.contains(&format!("{file}:")) || in_loop, "{file}: {line}");
        }
    }
    // A problem in the base is reported in the base, even when checking the variant.
    write(
        d,
        "plans/sample.yaml",
        &sample_yaml().replace("staff_count: 4", "staff_count: 四"),
    );
    let out = gongwen(d, &["check", "plans/towns/east.yaml"]);
    let (line, col) = position_of(&std::fs::read_to_string(d.join("plans/sample.yaml")).unwrap(), "四\n");
    assert!(
        stderr(&out).contains(&format!("sample.yaml:{line}:{col}: organization.office.staff_count: ")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_batch_renders_every_plan_and_reports_the_failures_at_the_end() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    two_towns_one_roster(d);
    write(
        d,
        "plans/towns/broken.yaml",
        "extends: ../sample.yaml\ndocument:\n  date: 2022-02-30\n",
    );
    let out = gongwen(d, &["render", "plans/towns", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    for f in ["east.md", "east.pdf", "west.md", "west.pdf"] {
        assert!(d.join("out").join(f).is_file(), "{f}");
    }
    assert!(!d.join("out/broken.md").exists());
    let summary = stdout(&out);
    assert!(summary.contains("共 3 个：成功 2 个，失败 1 个"), "{summary}");
    assert!(summary.contains("失败 plans/towns/broken.yaml"), "{summary}");
    // Not a terminal: one plain progress line per plan, then the problems.
    let err = stderr(&out);
    assert_eq!(
        err.lines().filter(|l| l.starts_with('[') && l.contains("/3] ")).count(),
        3,
        "{err}"
    );
    assert!(err.contains("broken.yaml:3:9: document.date: "), "{err}");
}
