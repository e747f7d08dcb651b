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
