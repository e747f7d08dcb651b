//! What a new clerk tripped over in the first week (issue 11): each case as the clerk met it.

mod common;
use common::pdf::*;
use common::*;
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn the_attachment_note_and_signature_never_stand_alone_on_a_page() {
    // The body ends at every line of a page in turn, so that the 附件说明, the signature and
    // the date fall at every place, the foot of a page among them.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let mut names = Vec::new();
    for n in 14..36 {
        let body: String = (0..n).map(|i| format!("第{i}段正文。\n\n")).collect();
        let md = format!(
            "# 工作方案\n\n{body}<!-- gongwen:attachments -->\n附件：1. 创建工作任务分解表\\\n　　　2. 领导小组名单\n\n<!-- gongwen:signature -->\n中共XX镇委员会\\\n2021年3月15日\n"
        );
        let name = format!("body{n}.md");
        write(d, &name, md.as_bytes());
        names.push(name);
    }
    let mut args = vec!["render", "--format", "pdf", "-o", "out"];
    args.extend(names.iter().map(String::as_str));
    let out = gongwen(d, &args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for name in &names {
        let pdf = d.join("out").join(name.replace(".md", ".pdf"));
        let pages = read_pdf(&pdf);
        let page = pages
            .iter()
            .find(|p| p.lines.iter().any(|l| l.text.contains("附件")))
            .expect("the attachment note");
        let texts: Vec<String> = page.area_lines().map(|l| without_whitespace(&l.text)).collect();
        let note = texts.iter().position(|t| t.starts_with("附件")).unwrap();
        assert!(
            texts[..note]
                .iter()
                .any(|t| t.starts_with('第') && t.ends_with("段正文。")),
            "{name}: the note and signature stand alone on their page: {texts:?}"
        );
        // And they stay together on that page.
        for part in ["领导小组名单", "中共XX镇委员会", "2021年3月15日"] {
            assert!(
                texts.iter().any(|t| t.contains(part)),
                "{name}: {part} is not with the note"
            );
        }
    }
}

#[test]
fn a_plan_with_its_own_roster_names_only_its_own_towns_people() {
    // 白马镇 copies 青山镇's plan, with its own roster that lacks the office clerk: the
    // document must not print 青山镇's clerk (taken from the base plan's people) while check
    // says ok. The id is reported where it is used, saying which roster lacks it.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = sample_yaml().replacen("  办公室丙: { name: XX }", "  办公室丙: { name: 李青山 }", 1);
    assert!(sample.contains("李青山"));
    write(d, "plans/qingshan.yaml", sample.as_bytes());
    let roster = std::fs::read_to_string(repo().join("plans/roster/xinhe.yaml")).unwrap();
    let roster: String = roster
        .lines()
        .filter(|l| !l.contains("办公室丙:"))
        .map(|l| format!("{l}\n"))
        .collect();
    write(d, "plans/roster/baima.yaml", roster.as_bytes());
    write(
        d,
        "plans/baima.yaml",
        b"extends: qingshan.yaml\nroster: roster/baima.yaml\ndocument:\n  town: \xe7\x99\xbd\xe9\xa9\xac\xe9\x95\x87\n",
    );
    let out = gongwen(d, &["check", "plans/baima.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    let (line, col) = position_of(&sample, "办公室丙]");
    assert!(
        err.contains(&format!(
            "plans/qingshan.yaml:{line}:{col}: organization.office.staff[2]: "
        )),
        "{err}"
    );
    assert!(
        err.contains("找不到人员 `办公室丙`") && err.contains("roster/baima.yaml"),
        "{err}"
    );
    let out = gongwen(d, &["render", "plans/baima.yaml", "--format", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!d.join("out/baima.md").exists());
}
