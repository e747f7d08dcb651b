//! The catalogue of bad inputs: every way a clerk (or a stray file) can get it wrong, each with
//! the exit code, the place the message must name, and what it must say. Inputs that merely look
//! odd (a BOM, CRLF, an enormous word) must simply work.

mod common;
use common::*;
use std::path::Path;

struct Case {
    name: &'static str,
    /// Files to create: (relative path, contents).
    files: Vec<(&'static str, Vec<u8>)>,
    args: Vec<String>,
    exit: i32,
    /// Text the message must contain that names the place (file:line:col, template:line, file).
    place: String,
    says: &'static str,
}

fn sample_with(from: &str, to: &str) -> Vec<u8> {
    let s = sample_yaml();
    assert!(s.contains(from), "sample lacks {from:?}");
    s.replacen(from, to, 1).into_bytes()
}

/// "plan.yaml:L:C" where `needle` (the first occurrence, after `from` → `to`) stands.
fn at(from: &str, to: &str, needle: &str) -> String {
    let text = String::from_utf8(sample_with(from, to)).unwrap();
    let (line, col) = position_of(&text, needle);
    format!("plan.yaml:{line}:{col}: ")
}

fn args(a: &[&str]) -> Vec<String> {
    a.iter().map(|s| s.to_string()).collect()
}

fn check(plan: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    vec![("plan.yaml", plan.to_vec())]
}

fn cases() -> Vec<Case> {
    let check_plan = || args(&["check", "plan.yaml"]);
    let md_pdf = |file: &str| args(&["render", file, "--format", "pdf"]);
    let fandol = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/";
    let town = |text: &str| format!("extends: sample.yaml\n{text}").into_bytes();
    vec![
        // — YAML syntax —
        Case { name: "tab indentation", files: check(&sample_with("  county: XX县", "\tcounty: XX县")), args: check_plan(), exit: 1,
            place: at("  county: XX县", "\tcounty: XX县", "\tcounty"), says: "Tab" },
        Case { name: "unclosed quote", files: check(&sample_with("  county: XX县", "  county: 'XX县")), args: check_plan(), exit: 1,
            place: at("  county: XX县", "  county: 'XX县", "'XX县"), says: "引号没有成对闭合" },
        Case { name: "bad indentation", files: check(b"document:\n  title: a\n    town: b\n"), args: check_plan(), exit: 1,
            place: "plan.yaml:3:".into(), says: "缩进" },
        Case { name: "duplicate key", files: check(&sample_with("  county: XX县", "  county: XX县\n  county: YY县")), args: check_plan(), exit: 1,
            place: at("  county: XX县", "  county: XX县\n  county: YY县", "county: YY县"), says: "写了两次" },
        Case { name: "alias bomb", files: check(b"a: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"),
            args: check_plan(), exit: 1, place: "plan.yaml:".into(), says: "展开超过上限" },
        Case { name: "very deep nesting", files: check(format!("document: {}{}\n", "[".repeat(50_000), "]".repeat(50_000)).as_bytes()),
            args: check_plan(), exit: 1, place: "plan.yaml:1:".into(), says: "嵌套层数过多" },
        Case { name: "30 MB scalar", files: check(format!("document:\n  title: {}\n", "a".repeat(30 << 20)).as_bytes()),
            args: check_plan(), exit: 1, place: "plan.yaml: ".into(), says: "文件过大" },
        // A file that is not a plan is named with its kind, its lines not echoed (issue 10.13).
        Case { name: "a list instead of a plan", files: check(b"- a\n- b\n"), args: check_plan(), exit: 1,
            place: "plan.yaml: 这不是方案文件（内容是一个列表）".into(), says: "方案文件应是一组" },
        // — types and fields —
        Case { name: "text where a number goes", files: check(&sample_with("staff_count: 4", "staff_count: 四名")), args: check_plan(), exit: 1,
            place: at("staff_count: 4", "staff_count: 四名", "四名"), says: "整数" },
        Case { name: "text where a list goes", files: check(&sample_with("guiding_ideology:   # 一、指导思想（每一项是一段）\n  - >-", "guiding_ideology: 一段话\nx:\n  - >-")),
            args: check_plan(), exit: 1, place: "guiding_ideology: ".into(), says: "列表" },
        Case { name: "unknown field", files: check(&sample_with("  county: XX县", "  county: XX县\n  mayor: 张三")), args: check_plan(), exit: 1,
            place: at("  county: XX县", "  county: XX县\n  mayor: 张三", "mayor"), says: "没有这个字段 `mayor`" },
        Case { name: "misspelt field", files: check(&sample_with("    leaders: [书记, 镇长]", "    leader: [书记, 镇长]")), args: check_plan(), exit: 1,
            place: at("    leaders: [书记, 镇长]", "    leader: [书记, 镇长]", "leader:"), says: "是不是要写 `leaders`" },
        Case { name: "empty required text", files: check(&sample_with("  title: 创建乡村振兴先进镇工作方案", "  title: \"\"")), args: check_plan(), exit: 1,
            place: at("  title: 创建乡村振兴先进镇工作方案", "  title: \"\"", "\"\""), says: "不能为空" },
        Case { name: "key with no value", files: check(&sample_with("  title: 创建乡村振兴先进镇工作方案", "  title:")), args: check_plan(), exit: 1,
            place: "document.title: ".into(), says: "不能为空" },
        Case { name: "missing section", files: check(&sample_with("safeguards:   # 五、保障措施", "unused_safeguards:   # 五、保障措施")), args: check_plan(), exit: 1,
            place: "unused_safeguards".into(), says: "没有这个字段" },
        Case { name: "percentage over 100", files: check(&sample_with("value: 50,", "value: 150,")), args: check_plan(), exit: 1,
            place: at("value: 50,", "value: 150,", "150"), says: "0–100" },
        Case { name: "not a real date", files: check(&sample_with("date: 2021-03-15", "date: 2021-02-29")), args: check_plan(), exit: 1,
            place: at("date: 2021-03-15", "date: 2021-02-29", "2021-02-29"), says: "真实的日期" },
        Case { name: "leading group without 组长", files: check(&sample_with("    leaders: [书记, 镇长]", "    leaders: []")), args: check_plan(), exit: 1,
            place: at("    leaders: [书记, 镇长]", "    leaders: []", "[]"), says: "没有组长" },
        Case { name: "same person twice in a role", files: check(&sample_with("    leaders: [书记, 镇长]", "    leaders: [书记, 书记]")), args: check_plan(), exit: 1,
            place: "organization.leading_group.leaders[1].name: ".into(), says: "出现了两次" },
        Case { name: "unknown comparator", files: check(&sample_with("comparator: 大于…", "comparator: 约…")), args: check_plan(), exit: 1,
            place: at("comparator: 大于…", "comparator: 约…", "约…"), says: "无法识别" },
        Case { name: "target without a figure", files: check(&sample_with("comparator: 低于…, reference: 全县平均水平", "comparator: 低于…")), args: check_plan(), exit: 1,
            place: "creation.items[3].body[1]: ".into(), says: "缺少数值" },
        Case { name: "title ending in a stop", files: check(&sample_with("  - title: 坚持农民主体地位的原则", "  - title: 坚持农民主体地位的原则。")), args: check_plan(), exit: 1,
            place: "principles[2].title: ".into(), says: "不要加「。」" },
        Case { name: "unknown font role", files: check(&[sample_yaml().as_bytes(), b"fonts:\n  bodyy: x.otf\n"].concat()), args: check_plan(), exit: 1,
            place: "fonts.bodyy: ".into(), says: "没有这个字体角色" },
        // — encoding and files —
        Case { name: "invalid UTF-8", files: check(b"document:\n  title: caf\xe9\n"), args: check_plan(), exit: 1,
            place: "plan.yaml:2:13: ".into(), says: "UTF-8" },
        Case { name: "empty file", files: check(b""), args: check_plan(), exit: 1, place: "plan.yaml: ".into(), says: "文件是空的" },
        Case { name: "whitespace only", files: check(b"\n  \n\t\n"), args: check_plan(), exit: 1, place: "plan.yaml: ".into(), says: "文件是空的" },
        Case { name: "plan path is a directory", files: vec![("plan.yaml/x", b"".to_vec())], args: check_plan(), exit: 1,
            place: "plan.yaml: ".into(), says: "文件夹" },
        Case { name: "plan does not exist", files: vec![], args: check_plan(), exit: 1, place: "plan.yaml: ".into(), says: "不存在" },
        // — people, variants, rosters —
        Case { name: "unknown person", files: check(&sample_with("    leaders: [书记, 镇长]", "    leaders: [书记, 县长]")), args: check_plan(), exit: 1,
            place: at("    leaders: [书记, 镇长]", "    leaders: [书记, 县长]", "县长]"), says: "找不到人员 `县长`" },
        Case { name: "circular extends", files: vec![("plan.yaml", b"extends: other.yaml\n".to_vec()), ("other.yaml", b"extends: plan.yaml\n".to_vec())],
            args: check_plan(), exit: 1, place: "other.yaml:1:10: extends: ".into(), says: "循环继承" },
        Case { name: "extends a missing base", files: check(b"extends: nowhere.yaml\n"), args: check_plan(), exit: 1,
            place: "plan.yaml:1:10: extends: 基础方案 nowhere.yaml：".into(), says: "不存在" },
        Case { name: "unknown placeholder", files: vec![("sample.yaml", sample_yaml().into_bytes()), ("plan.yaml", town("document:\n  title: \"{{ tonw }}方案\"\n"))],
            args: check_plan(), exit: 1, place: "plan.yaml:3:10: document.title: ".into(), says: "未知的占位符" },
        Case { name: "patch past the end of a list", files: vec![("sample.yaml", sample_yaml().into_bytes()), ("plan.yaml", town("principles:\n  7: { title: 新 }\n"))],
            args: check_plan(), exit: 1, place: "principles.7: ".into(), says: "没有第 8 项" },
        Case { name: "append to a non-list", files: vec![("sample.yaml", sample_yaml().into_bytes()), ("plan.yaml", town("document+: [x]\n"))],
            args: check_plan(), exit: 1, place: "document+: ".into(), says: "不是列表" },
        Case { name: "roster with other fields", files: vec![("sample.yaml", sample_yaml().into_bytes()), ("r.yaml", b"people: {}\ntown: x\n".to_vec()), ("plan.yaml", town("roster: r.yaml\n"))],
            args: check_plan(), exit: 1, place: "r.yaml:2:".into(), says: "只能有 people" },
        Case { name: "missing roster", files: vec![("sample.yaml", sample_yaml().into_bytes()), ("plan.yaml", town("roster: gone.yaml\n"))],
            args: check_plan(), exit: 1, place: ": roster: 人员名单文件 gone.yaml：".into(), says: "不存在" },
        // — templates —
        Case { name: "template with an undefined variable", files: vec![("plan.yaml", sample_yaml().into_bytes()), ("t/creation.md", b"## x\n\n{{ creation.nope }}\n".to_vec())],
            args: args(&["check", "plan.yaml", "--templates", "t"]), exit: 1, place: "creation.md:3:".into(), says: "nope" },
        Case { name: "template syntax error", files: vec![("plan.yaml", sample_yaml().into_bytes()), ("t/plan.md", b"# {{ document.title }}\n{% if x %}\n".to_vec())],
            args: args(&["check", "plan.yaml", "--templates", "t"]), exit: 1, place: "plan.md".into(), says: "模板错误" },
        Case { name: "template folder missing", files: check(sample_yaml().as_bytes()), args: args(&["check", "plan.yaml", "--templates", "none"]), exit: 1,
            place: "none: ".into(), says: "模板文件夹不存在" },
        // — Markdown and fonts —
        Case { name: "Markdown not in UTF-8", files: vec![("doc.md", b"# \xb1\xea\xcc\xe2\n".to_vec())], args: md_pdf("doc.md"), exit: 1,
            place: "doc.md:1:3: ".into(), says: "UTF-8" },
        Case { name: "characters missing from the font", files: vec![("doc.md", "# 标题\n\n罕见字𠀀。\n".as_bytes().to_vec())], args: md_pdf("doc.md"), exit: 1,
            place: "doc.md:3:".into(), says: "「𠀀」" },
        Case { name: "missing font file", files: vec![("doc.md", b"# t\n".to_vec())], args: args(&["render", "doc.md", "--font", "body=/no/such.otf"]), exit: 1,
            place: "doc.md: ".into(), says: "/no/such.otf" },
        Case { name: "corrupt font file", files: vec![("doc.md", "# 标题\n\n正文。\n".as_bytes().to_vec()), ("bad.otf", vec![0x4f, 0x54, 0x54, 0x4f, 1, 2, 3, 4, 5, 6, 7, 8])],
            args: args(&["render", "doc.md", "--font", "body=bad.otf"]), exit: 1, place: "doc.md: ".into(), says: "不是可用的字体文件" },
        Case { name: "face index past a collection", files: vec![("doc.md", "# 标题\n\n正文。\n".as_bytes().to_vec())],
            args: args(&["render", "doc.md", "--font", &format!("body={fandol}FandolFang-Regular.otf#7")]), exit: 1, place: "doc.md: ".into(), says: "不是可用的字体文件" },
        Case { name: "document over 500 pages", files: vec![("doc.md", {
                let paragraphs: Vec<String> = (0..12_000).map(|i| format!("第{i}段。")).collect();
                format!("# 标题\n\n{}\n", paragraphs.join("\n\n")).into_bytes()
            })],
            args: md_pdf("doc.md"), exit: 1, place: "doc.md: ".into(), says: "超过上限 500 页" },
        // — outputs and usage —
        Case { name: "output folder cannot be made", files: vec![("plan.yaml", sample_yaml().into_bytes()), ("blocker", b"a file".to_vec())],
            args: args(&["render", "plan.yaml", "-o", "blocker/out", "--format", "md"]), exit: 3, place: "blocker/out/plan.md: ".into(), says: "无法写入" },
        Case { name: "unknown format", files: check(sample_yaml().as_bytes()), args: args(&["render", "plan.yaml", "--format", "html"]), exit: 2,
            place: "html".into(), says: "invalid value" },
        Case { name: "init onto an existing file", files: check(b"mine"), args: args(&["init", "plan.yaml"]), exit: 2,
            place: "plan.yaml: ".into(), says: "文件已存在" },
        Case { name: "malformed --font", files: vec![], args: args(&["fonts", "--font", "body"]), exit: 2, place: "--font".into(), says: "ROLE=PATH" },
    ]
}

#[test]
fn every_bad_input_gets_its_exit_code_place_and_reason() {
    let cases = cases();
    assert!(cases.len() >= 40, "the catalogue has {} cases", cases.len());
    for case in cases {
        let dir = tempfile::tempdir().unwrap();
        for (path, bytes) in &case.files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, bytes).unwrap();
        }
        let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
        let out = gongwen(dir.path(), &args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(case.exit), "{}: exit code\n{err}", case.name);
        assert!(
            err.contains(&case.place),
            "{}: expected the place {:?} in\n{err}",
            case.name,
            case.place
        );
        assert!(
            err.contains(case.says),
            "{}: expected {:?} in\n{err}",
            case.name,
            case.says
        );
        assert!(!err.contains("panicked"), "{}: panicked", case.name);
    }
}

#[test]
fn odd_but_valid_inputs_simply_work() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let write = |name: &str, bytes: &[u8]| std::fs::write(d.join(name), bytes).unwrap();
    // A byte-order mark and CRLF line ends, as Windows editors save.
    write(
        "windows.yaml",
        format!("\u{FEFF}{}", sample_yaml().replace('\n', "\r\n")).as_bytes(),
    );
    // A 5,000-character Latin word, a paragraph of nothing but punctuation, 10,000 paragraphs.
    write("word.md", format!("# 标题\n\n{}\n", "a".repeat(5000)).as_bytes());
    write(
        "marks.md",
        format!("# 标题\n\n{}\n", "。，“”（）！？、".repeat(60)).as_bytes(),
    );
    let many: Vec<String> = (0..10_000).map(|i| format!("第{i}段。")).collect();
    write("many.md", format!("# 标题\n\n{}\n", many.join("\n\n")).as_bytes());
    // A town whose name would escape the output folder if names were taken from the town.
    write("sample.yaml", sample_yaml().as_bytes());
    write("escape.yaml", b"extends: sample.yaml\ndocument:\n  town: ../../etc\n");
    // Text from the plan that looks like markup.
    let markup = sample_yaml().replace("  书记: { name: XX,", "  书记: { name: '**<b>{{ }}</b>**',");
    write("markup.yaml", markup.as_bytes());

    let out = gongwen(
        d,
        &[
            "render",
            "windows.yaml",
            "word.md",
            "marks.md",
            "many.md",
            "escape.yaml",
            "markup.yaml",
            "-o",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for pdf in ["windows", "word", "marks", "many", "escape", "markup"] {
        assert!(d.join(format!("out/{pdf}.pdf")).is_file(), "{pdf}.pdf");
    }
    // The town's name is text, not a path: everything stayed inside the output folder.
    let mut written: Vec<String> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    written.sort();
    assert_eq!(written.len(), 9, "{written:?}");
    assert!(!Path::new("/etc/escape.md").exists() && !d.join("../etc").exists());
    let escape = std::fs::read_to_string(d.join("out/escape.md")).unwrap();
    assert!(escape.contains("立足../../etc得天独厚"));
    // Markup-like names come out literally in the PDF's text too.
    let pdf_text = common::pdf::raw_text(&d.join("out/markup.pdf"));
    assert!(without_whitespace(&pdf_text).contains("**<b>{{}}</b>**"), "{pdf_text}");
}
