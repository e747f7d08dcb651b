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

/// `check` on the sample with `from` replaced by `to`: its exit code and messages.
fn check_with(dir: &Path, from: &str, to: &str) -> (String, String) {
    let sample = sample_yaml();
    assert!(sample.contains(from), "{from:?}");
    let text = sample.replacen(from, to, 1);
    write(dir, "plan.yaml", text.as_bytes());
    let out = gongwen(dir, &["check", "plan.yaml"]);
    assert_eq!(out.status.code(), Some(1), "{to:?}: {}", stderr(&out));
    (text, stderr(&out))
}

#[test]
fn yaml_slips_of_an_input_method_are_said_in_a_clerks_words_at_their_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // (from, to, where the message must point, what it must say)
    let cases: &[(&str, &str, &str, &str)] = &[
        ("  county: XX县", "  county：南江县", "：", "全角"),
        ("  county: XX县", "  county:南江县", "南", "冒号后面要有一个空格"),
        ("  county: XX县", "\u{3000}\u{3000}county: XX县", "\u{3000}", "全角空格"),
        (
            "    - \"{{ town }}人民政府\"",
            "    - {{ town }}人民政府",
            "{{ town }}人民政府",
            "要加引号",
        ),
        ("  county: XX县", " county: XX县", "county: XX县", "缩进"),
        (
            "    location: 乡村振兴服务中心",
            "   location: 乡村振兴服务中心",
            "location",
            "缩进",
        ),
        (
            "    - \"{{ town }}人民政府\"",
            "    \"{{ town }}人民政府\"",
            "\"{{ town }}人民政府",
            "「- 」",
        ),
        (
            "    - 中共{{ town }}委员会",
            "    中共{{ town }}委员会",
            "中共{{ town }}委员会",
            "「- 」",
        ),
    ];
    for (from, to, place, says) in cases {
        let (text, err) = check_with(d, from, to);
        let at = text.find(to).unwrap() + to.find(place).unwrap();
        let (line, col) = line_col(&text, at);
        assert!(
            err.contains(&format!("plan.yaml:{line}:{col}: ")),
            "{to:?} at {line}:{col}: {err}"
        );
        assert!(err.contains(says), "{to:?}: {err}");
    }
}

#[test]
fn every_problem_is_reported_at_once_with_suggestions() {
    // A misspelt key, a 120% target, 2024-02-30 and no 组长: all four in one run (the key hid
    // the other three).
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let text = sample_yaml()
        .replacen("  county: XX县", "  conty: XX县", 1)
        .replacen("value: 50, unit: \"%\"", "value: 120, unit: \"%\"", 1)
        .replacen("date: 2021-03-15", "date: 2024-02-30", 1)
        .replacen("    leaders: [书记, 镇长]", "    leaders: []", 1)
        .replacen(
            "  - lead: 突出现代农业园区示范引领作用",
            "  - leed: 突出现代农业园区示范引领作用",
            1,
        )
        + "extend: x\n";
    write(d, "plan.yaml", text.as_bytes());
    let out = gongwen(d, &["check", "plan.yaml"]);
    let err = stderr(&out);
    for (needle, says) in [
        ("conty:", "是不是要写 `county`？"),
        ("leed:", "是不是要写 `lead`？"),
        ("extend: x", "是不是要写 `extends`？"),
        ("value: 120", "120% 超出"),
        ("2024-02-30", "不是一个真实的日期"),
        ("leaders: []", "没有组长"),
    ] {
        let (line, _) = position_of(&text, needle);
        assert!(
            err.lines()
                .any(|l| l.starts_with(&format!("plan.yaml:{line}:")) && l.contains(says)),
            "{needle}: {err}"
        );
    }
    // The fields a key may be written as are listed plainly (not "`lead` or `body`").
    assert!(err.contains("这里可以写的字段：id、lead、body"), "{err}");
    assert!(!err.contains("` or `"), "{err}");
    // The misspelt county is not reported again as missing.
    assert!(!err.contains("请填写县名"), "{err}");
}

#[test]
fn the_comparators_plans_use_are_understood() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let forms = [
        ("不少于…", "不少于50%"),
        ("不低于…", "不低于50%"),
        ("不超过…", "不超过50%"),
        ("不高于…", "不高于50%"),
        ("控制在…以内", "控制在50%以内"),
        ("稳定在…以上", "稳定在50%以上"),
        ("提高到…", "提高到50%"),
        ("降至…以下", "降至50%以下"),
        ("…左右", "50%左右"),
        ("达…及以上", "达50%及以上"),
    ];
    for (comparator, reads) in forms {
        let text = sample_yaml().replacen(
            "comparator: 达…以上, value: 50",
            &format!("comparator: {comparator}, value: 50"),
            1,
        );
        write(d, "plan.yaml", text.as_bytes());
        let out = gongwen(d, &["render", "plan.yaml", "--format", "md", "-o", "out"]);
        assert_eq!(out.status.code(), Some(0), "{comparator}: {}", stderr(&out));
        let md = std::fs::read_to_string(d.join("out/plan.md")).unwrap();
        assert!(md.contains(&format!("高标准农田{reads}")), "{comparator}");
    }
}

#[test]
fn dates_say_what_is_wrong_and_the_schema_takes_what_gongwen_takes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let (_, err) = check_with(d, "date: 2021-03-15", "date: 3月18日");
    assert!(err.contains("没有写年份"), "{err}");
    // 2024/3/18 and 2024.3.18 are accepted by gongwen, so the schema must accept them too.
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("plans/gongwen.schema.json")).unwrap()).unwrap();
    let pattern = schema["$defs"]["PlanDate"]["pattern"].as_str().expect("a date pattern");
    for date in ["2024-03-18", "2024/3/18", "2024.3.18", "2024年3月18日"] {
        let text = sample_yaml().replacen("date: 2021-03-15", &format!("date: {date}"), 1);
        write(d, "plan.yaml", text.as_bytes());
        let out = gongwen(d, &["check", "plan.yaml"]);
        assert_eq!(out.status.code(), Some(0), "{date}: {}", stderr(&out));
        assert!(matches_date_pattern(pattern, date), "{date} against {pattern}");
    }
}

/// The schema's date pattern, checked by hand for the four forms (no regex crate in the tests):
/// each alternative of the pattern is compared with the date's shape.
fn matches_date_pattern(pattern: &str, date: &str) -> bool {
    let shape: String = date.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect();
    let separator = shape.chars().find(|c| *c != '9').unwrap();
    match separator {
        '-' => pattern.contains("(-[0-9]{1,2}-[0-9]{1,2}"),
        '/' => pattern.contains("|/[0-9]{1,2}/[0-9]{1,2}"),
        '.' => pattern.contains("|\\.[0-9]{1,2}\\.[0-9]{1,2}"),
        '年' => pattern.contains("|年[0-9]{1,2}月[0-9]{1,2}日"),
        _ => false,
    }
}

#[test]
fn the_leading_group_list_keeps_names_in_one_column_and_hangs_long_posts_under_the_posts() {
    // A four-character name pushed its posts out of the column; a long post wrapped back to the
    // left margin.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let long_post = "乡村振兴工作领导小组常务副组长兼领导小组办公室主任";
    let text = sample_yaml()
        .replacen(
            "  书记: { name: XX, posts: [党委书记] }",
            "  书记: { name: 欧阳晓东, posts: [党委书记] }",
            1,
        )
        .replacen(
            "  镇长: { name: XX, posts: [党委副书记, { title: 镇长, nominee: true }] }",
            &format!("  镇长: {{ name: 王建, posts: [党委副书记, {long_post}] }}"),
            1,
        )
        .replacen(
            "  人大主席: { name: XX, posts: [党委委员, 人大主席] }",
            "  人大主席: { name: 李明华, posts: [党委委员, 人大主席] }",
            1,
        );
    write(d, "plan.yaml", text.as_bytes());
    let out = gongwen(d, &["render", "plan.yaml", "--format", "pdf,docx", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = std::process::Command::new("pdftotext")
        .args(["-bbox", d.join("out/plan.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let xml = String::from_utf8(xml.stdout).unwrap();
    // Each word's (text, xMin), in reading order.
    let words: Vec<(String, f64)> = xml
        .split("<word ")
        .skip(1)
        .map(|w| {
            let x = w
                .split("xMin=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .parse()
                .unwrap();
            let text = w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()].to_string();
            (text, x)
        })
        .collect();
    let x_of = |start: &str| -> f64 {
        words
            .iter()
            .find(|(t, _)| t.starts_with(start))
            .unwrap_or_else(|| panic!("{start} in {words:?}"))
            .1
    };
    // The posts of 欧阳晓东 (4 characters), 王建 (2, padded) and 李明华 (3) start at one column,
    // and so does the wrapped rest of the long post.
    let posts = x_of("党委书记");
    let rest_of_long: String = long_post
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let wrapped = words
        .iter()
        .find(|(t, _)| t.ends_with(&rest_of_long) && !t.starts_with("党委副书记"))
        .expect("the long post wraps")
        .1;
    for (what, x) in [
        ("王建's posts", x_of("党委副书记、乡村")),
        ("李明华's posts", x_of("党委委员、人大主席")),
        ("the wrapped post", wrapped),
    ] {
        assert!(
            (x - posts).abs() < 0.5 * MM,
            "{what} at {:.1} mm, posts column at {:.1} mm",
            x / MM,
            posts / MM
        );
    }
    // The names stand in one column (王 of a padded two-character name, the placeholder XX),
    // wide enough for the four-character name and the space after it.
    let names = x_of("王");
    let placeholder = words.iter().find(|(t, _)| t == "XX").expect("a name XX on its own").1;
    assert!((placeholder - names).abs() < 0.5 * MM);
    assert!(
        posts - names >= 5.0 * CHAR_PITCH - 0.5 * MM,
        "{:.1} mm",
        (posts - names) / MM
    );

    // The DOCX hangs the posts the same way: each line of the list a paragraph indented to the
    // posts column with its first line hanging back to the paragraph indent.
    let mut zip = zip::ZipArchive::new(std::fs::File::open(d.join("out/plan.docx")).unwrap()).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("word/document.xml").unwrap(), &mut document).unwrap();
    let paragraph = document
        .split("<w:p>")
        .find(|p| p.contains("王\u{3000}建"))
        .expect("王建's line");
    let twips = |name: &str| -> f64 {
        paragraph
            .split(&format!("{name}=\""))
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap()
    };
    let (left, hanging) = (twips("w:left"), twips("w:hanging"));
    let pitch = CHAR_PITCH * 20.0;
    assert!(
        ((left - hanging) / pitch - 2.0).abs() < 0.05,
        "first line at two characters"
    );
    assert!(
        (left / pitch - ((posts - LEFT) / CHAR_PITCH)).abs() < 0.1,
        "posts column as in the PDF"
    );
}
