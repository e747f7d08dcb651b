//! Files made to break gongwen: damaged fonts, files that are not files, control characters.
//! Each must end in a clear message naming the file (and the place), never a panic or a hang,
//! and without stopping the other plans of a batch.

mod common;
use common::*;
use std::path::{Path, PathBuf};

const FANDOL_FANG: &str = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf";

/// Offset of table `tag` in an OpenType file, from its table directory.
fn table_offset(font: &[u8], tag: &[u8; 4]) -> usize {
    let tables = u16::from_be_bytes([font[4], font[5]]) as usize;
    (0..tables)
        .map(|i| &font[12 + 16 * i..28 + 16 * i])
        .find(|record| &record[..4] == tag)
        .map(|record| u32::from_be_bytes([record[8], record[9], record[10], record[11]]) as usize)
        .expect("table in the font")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&path, bytes).unwrap();
    path
}

fn mkfifo(path: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap()
        .success();
    assert!(ok, "mkfifo {}", path.display());
}

#[test]
fn a_damaged_font_is_an_error_naming_the_file_and_its_role_and_the_other_plans_are_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // One byte of FandolFang's CFF changed: an offset in its glyph index now points past the
    // table, which made the subsetter panic (exit 101) and took the whole batch down with it.
    let mut font = std::fs::read(FANDOL_FANG).unwrap();
    let cff = table_offset(&font, b"CFF ");
    font[cff + 12006] = 130;
    write(d, "bad.otf", &font);
    write(d, "sample.yaml", sample_yaml().as_bytes());
    write(d, "damaged.yaml", b"extends: sample.yaml\nfonts:\n  body: bad.otf\n");
    let out = gongwen(
        d,
        &["render", "damaged.yaml", "sample.yaml", "--format", "pdf", "-o", "out"],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        err.contains("bad.otf") && err.contains("正文（仿宋）") && err.contains("损坏"),
        "{err}"
    );
    assert!(d.join("out/sample.pdf").is_file(), "the other plan is written");
    assert!(!d.join("out/damaged.pdf").exists());

    // The same font from the command line, and a font file that is not a font at all.
    write(d, "not-a-font.otf", b"OTTO this is not a font");
    for spec in ["body=bad.otf", "heading1=not-a-font.otf"] {
        let out = gongwen(d, &["render", "sample.yaml", "--font", spec, "-o", "out2"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{spec}: {err}");
        let file = spec.split('=').nth(1).unwrap();
        assert!(err.contains(file) && !err.contains("panicked"), "{spec}: {err}");
    }
}

#[test]
fn files_that_are_not_regular_files_are_refused_by_kind_without_waiting_or_reading() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sample.yaml", sample_yaml().as_bytes());
    // A FIFO as plan, as roster, as Markdown and as a template: a read would wait forever.
    mkfifo(&d.join("fifo.yaml"));
    mkfifo(&d.join("fifo.md"));
    std::fs::create_dir(d.join("templates")).unwrap();
    mkfifo(&d.join("templates/closing.md"));
    write(d, "fifo-roster.yaml", b"extends: sample.yaml\nroster: fifo.yaml\n");
    // A device as roster: it reports a length of 0 and never ends.
    write(d, "zero-roster.yaml", b"extends: sample.yaml\nroster: /dev/zero\n");
    let cases: &[(&[&str], &str, &str)] = &[
        (&["check", "fifo.yaml"], "fifo.yaml: ", "管道"),
        // Said at the plan's roster: line, naming the file.
        (
            &["check", "fifo-roster.yaml"],
            "fifo-roster.yaml:2:9: roster: 人员名单文件 fifo.yaml：",
            "管道",
        ),
        (
            &["check", "zero-roster.yaml"],
            "zero-roster.yaml:2:9: roster: 人员名单文件 /dev/zero：",
            "设备文件",
        ),
        (&["render", "fifo.md", "-o", "out"], "fifo.md: ", "管道"),
        (
            &["check", "sample.yaml", "--templates", "templates"],
            "closing.md: ",
            "管道",
        ),
        (
            &["render", "sample.yaml", "--font", "body=/dev/zero", "-o", "out"],
            "/dev/zero",
            "设备文件",
        ),
    ];
    for (args, place, says) in cases {
        let out = gongwen(d, args);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(place) && err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn control_characters_are_refused_at_their_place_in_files_and_in_yaml_escapes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = sample_yaml();
    // BEL, ESC, BS and NUL written into the file, and BEL spelt as a YAML escape.
    for (name, from, to, needle, code) in [
        ("bel.yaml", "  county: XX县", "  county: XX\u{7}县", "\u{7}", "U+0007"),
        (
            "esc.yaml",
            "  county: XX县",
            "  county: XX\u{1b}[2J县",
            "\u{1b}",
            "U+001B",
        ),
        ("bs.yaml", "  county: XX县", "  county: XX\u{8}县", "\u{8}", "U+0008"),
        ("nul.yaml", "  county: XX县", "  county: XX\u{0}县", "\u{0}", "U+0000"),
        (
            "escape.yaml",
            "  county: XX县",
            "  county: \"XX\\a县\"",
            "\"XX",
            "U+0007",
        ),
    ] {
        let text = sample.replacen(from, to, 1);
        write(d, name, text.as_bytes());
        let (line, col) = position_of(&text, needle);
        let out = gongwen(d, &["check", name]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(&format!("{name}:{line}:{col}: ")), "{name}: {err}");
        assert!(err.contains(code) && err.contains("控制字符"), "{name}: {err}");
        // The message shows the character escaped, never raw (ESC[2J would clear a terminal).
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{name}: {err:?}");
    }
    // In a Markdown document too.
    write(d, "bel.md", "# 标题\n\n正文\u{7}一段。\n".as_bytes());
    let out = gongwen(d, &["render", "bel.md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("bel.md:3:3: "), "{}", stderr(&out));
}

#[test]
fn long_titles_runs_of_spaces_and_runs_of_marks_are_laid_out_in_linear_time() {
    // Each of these took minutes to hours before (quadratic: the title breaker built the text
    // before and after every boundary, spaces looked ahead to the end of their run, a chain of
    // marks that may not start a line was searched to its end for every line). Now each is a
    // fraction of a second; the benchmark `cargo bench --bench linear` shows the time per
    // character staying flat from 1,000 to 1,000,000 characters.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let title = "统筹推进农村经济建设、".repeat(10_000);
    write(d, "title.md", format!("# {title}\n\n正文。\n").as_bytes());
    write(
        d,
        "spaces.md",
        format!("# 标题\n\n甲{}乙。\n", " ".repeat(200_000)).as_bytes(),
    );
    write(
        d,
        "marks.md",
        format!("# 标题\n\n甲{}\n", "。".repeat(60_000)).as_bytes(),
    );
    let out = gongwen(
        d,
        &[
            "render",
            "title.md",
            "spaces.md",
            "marks.md",
            "--format",
            "pdf",
            "-o",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // The page numbers (— 1 —) left out: none of these texts has a digit or a dash.
    let text = |name: &str| -> String {
        let raw = common::pdf::raw_text(&d.join(format!("out/{name}.pdf")));
        without_whitespace(&raw)
            .chars()
            .filter(|c| !c.is_ascii_digit() && *c != '—')
            .collect()
    };
    assert!(text("title").starts_with(&title), "the whole title, in order");
    assert!(text("spaces").starts_with("标题甲乙。"));
    assert_eq!(text("marks").matches('。').count(), 60_000);

    // Far over the page limit, layout stops before the expensive work and says why.
    write(
        d,
        "huge.md",
        format!("# 标题\n\n{}\n", "统筹推进农村经济建设。".repeat(100_000)).as_bytes(),
    );
    let out = gongwen(d, &["render", "huge.md", "--format", "pdf", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("超过上限 500 页"), "{}", stderr(&out));
}

#[test]
fn a_template_folder_with_links_back_to_itself_is_walked_once() {
    // Two links to `.` made the walk exponential in its depth.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sample.yaml", sample_yaml().as_bytes());
    write(d, "templates/closing.md", b"{{ document.date }}\n");
    std::os::unix::fs::symlink(".", d.join("templates/a")).unwrap();
    std::os::unix::fs::symlink(".", d.join("templates/b")).unwrap();
    std::os::unix::fs::symlink("..", d.join("templates/up")).unwrap();
    let out = gongwen(
        d,
        &[
            "render",
            "sample.yaml",
            "--templates",
            "templates",
            "--format",
            "md",
            "-o",
            "out",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("out/sample.md")).unwrap();
    assert!(
        md.trim_end().ends_with("2021年3月15日"),
        "the user's closing.md is used: {md}"
    );
}

/// Rewrite the town of a copy of the sample, so that two runs are told apart by their text.
fn sample_in(town: &str) -> String {
    sample_yaml().replacen("  town: XX镇", &format!("  town: {town}"), 1)
}

#[test]
fn a_folder_in_the_way_of_the_pdf_leaves_the_old_markdown_too() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sample.yaml", sample_in("旧镇").as_bytes());
    let out = gongwen(d, &["render", "sample.yaml", "--format", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0));
    std::fs::create_dir(d.join("out/sample.pdf")).unwrap();
    write(d, "sample.yaml", sample_in("新镇").as_bytes());
    let out = gongwen(d, &["render", "sample.yaml", "-o", "out"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(3), "{err}");
    assert!(err.contains("sample.pdf") && err.contains("挡住"), "{err}");
    let md = std::fs::read_to_string(d.join("out/sample.md")).unwrap();
    assert!(
        md.contains("旧镇") && !md.contains("新镇"),
        "the Markdown was replaced without its PDF"
    );
    let left: Vec<_> = std::fs::read_dir(d.join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".gongwen-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn on_a_full_disk_every_plan_keeps_its_old_outputs_or_gets_all_new_ones() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let plans = ["a", "b", "c", "d", "e", "f"];
    let render = |version: &str, into: &str| {
        for p in plans {
            write(
                d,
                &format!("plans/{p}.yaml"),
                sample_in(&format!("{version}{p}镇")).as_bytes(),
            );
        }
        gongwen(d, &["render", "plans", "-o", into])
    };
    // How much the outputs take, so that the small disk holds one run's outputs with room for
    // only part of one more plan.
    assert_eq!(render("旧", "sizes").status.code(), Some(0));
    let total: u64 = std::fs::read_dir(d.join("sizes"))
        .unwrap()
        .map(|e| e.unwrap().metadata().unwrap().len().div_ceil(4096) * 4096)
        .sum();
    let out = d.join("out");
    std::fs::create_dir(&out).unwrap();
    // A small file system of its own (needs the right to mount: root, as in CI).
    let mounted = std::process::Command::new("mount")
        .args(["-t", "tmpfs", "-o"])
        .arg(format!("size={}k", (total + total / 24) / 1024))
        .arg("tmpfs")
        .arg(&out)
        .status()
        .is_ok_and(|s| s.success());
    if !mounted {
        eprintln!("skipped: cannot mount a tmpfs here (not root?)");
        return;
    }
    struct Unmount<'a>(&'a Path);
    impl Drop for Unmount<'_> {
        fn drop(&mut self) {
            let _ = std::process::Command::new("umount").arg(self.0).status();
        }
    }
    let _unmount = Unmount(&out);
    // The first run fits; the second needs room for each plan's new files while its old ones
    // are still there, and runs out.
    let first = render("旧", "out");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let second = render("新", "out");
    assert_eq!(
        second.status.code(),
        Some(3),
        "the disk should have filled: {}",
        stderr(&second)
    );
    let mut replaced = 0;
    for p in plans {
        let md = std::fs::read_to_string(out.join(format!("{p}.md"))).unwrap();
        let pdf = without_whitespace(&common::pdf::raw_text(&out.join(format!("{p}.pdf"))));
        let md_new = md.contains(&format!("新{p}镇"));
        let pdf_new = pdf.contains(&format!("新{p}镇"));
        assert_eq!(md_new, pdf_new, "{p}: Markdown and PDF from different runs");
        assert!(md_new || md.contains(&format!("旧{p}镇")));
        replaced += usize::from(md_new);
    }
    assert!(replaced < plans.len(), "nothing failed: the test did not fill the disk");
    let left: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with(".gongwen-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn a_closed_terminal_or_pipe_does_not_stop_a_batch() {
    // `gongwen render plans | head -1`: standard output and error closed before gongwen is
    // done with them. println! would panic at the next line; the batch must be written.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for town in ["a", "b", "c"] {
        write(
            d,
            &format!("plans/{town}.yaml"),
            sample_in(&format!("{town}镇")).as_bytes(),
        );
    }
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", "plans", "--format", "md", "-o", "out"])
        .current_dir(d)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(0));
    for town in ["a", "b", "c"] {
        assert!(d.join(format!("out/{town}.md")).is_file());
    }
}

#[test]
fn blocks_that_outgrow_a_line_or_a_page_wrap_or_are_refused_never_run_off_the_paper() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sample.yaml", sample_yaml().as_bytes());
    // An issuer of 40 characters, a document number of 60, a hand-written attachment note whose
    // ： stands far along its line: each wraps inside the type area (the test helper checks
    // every glyph of every PDF it renders).
    let long_issuer = "中共XX县XX镇XX村XX组XX合作社XX联合会XX委员会XX工作领导小组办公室XX分部";
    write(
        d,
        "long.yaml",
        format!(
            "extends: sample.yaml\ndocument:\n  issuers: [{long_issuer}, XX镇人民政府]\n  number: {}\n",
            "镇委发〔2021〕5号".repeat(5)
        )
        .as_bytes(),
    );
    let note = format!("附件{}：1. 名称", "很长的说明".repeat(12));
    write(
        d,
        "note.md",
        format!("# 标题\n\n正文。\n\n<!-- gongwen:attachments -->\n{note}\n").as_bytes(),
    );
    let out = gongwen(d, &["render", "long.yaml", "note.md", "--format", "pdf", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = without_whitespace(&common::pdf::raw_text(&d.join("out/long.pdf")));
    assert!(text.contains(long_issuer), "the whole issuer is printed");

    // 400 organs copied to: the 版记 cannot fit on one page (its lines were placed about
    // 10^20 pt off the page). Refused, at the copy-to line.
    let organs: Vec<String> = (0..400).map(|i| format!("第{i}单位")).collect();
    write(
        d,
        "copy.yaml",
        format!("extends: sample.yaml\ndocument:\n  copy_to: [{}]\n", organs.join(", ")).as_bytes(),
    );
    let out = gongwen(d, &["render", "copy.yaml", "--format", "pdf", "-o", "out"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("抄送机关太多"), "{}", stderr(&out));
}

#[test]
fn every_character_of_a_hand_written_document_is_printed_or_refused_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // Outer items of a nested list were lost; comments are an author's notes, not text.
    write(
        d,
        "lists.md",
        "# 标题\n\n<!-- 编者注：下面的列表待定 -->\n\n- 外层一\n  - 内层甲\n  - 内层乙\n- 外层二\n\n1. 第一项\n   1. 子项\n2. 第二项\n\n网址见<http://www.example.gov.cn>。\n".as_bytes(),
    );
    let out = gongwen(d, &["render", "lists.md", "--format", "pdf", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = without_whitespace(&common::pdf::raw_text(&d.join("out/lists.pdf")));
    for part in [
        "外层一",
        "内层甲",
        "内层乙",
        "外层二",
        "第一项",
        "子项",
        "第二项",
        "http://www.example.gov.cn",
    ] {
        assert!(text.contains(part), "{part} is lost: {text}");
    }
    assert!(!text.contains("编者注"));

    // What cannot be printed is refused, each at its line, and nothing is written.
    let cases: &[(&str, &str, usize, &str)] = &[
        ("html.md", "# 标题\n\n正文。\n\n<div>一段HTML</div>\n", 5, "HTML"),
        ("inline.md", "# 标题\n\n这是<b>加粗</b>的字。\n", 3, "HTML"),
        ("footnote.md", "# 标题\n\n正文[^1]。\n\n[^1]: 脚注的文字\n", 5, "脚注"),
        (
            "link.md",
            "# 标题\n\n详见[县政府网站](http://www.example.gov.cn)。\n",
            3,
            "链接",
        ),
        ("image.md", "# 标题\n\n![印章](seal.png)\n", 3, "图片"),
        (
            "same-line.md",
            "# 标题\n\n<!-- gongwen:signature --> 中共XX镇委员会\n",
            3,
            "另起一行",
        ),
        (
            "marker.md",
            "# 标题\n\n<!-- gongwen:signatures -->\n中共XX镇委员会\n",
            3,
            "gongwen:signatures",
        ),
        ("empty.md", "", 1, "没有任何文字"),
        ("blank.md", "\n\n<!-- 只有注释 -->\n", 1, "没有任何文字"),
    ];
    for (name, md, line, says) in cases {
        write(d, name, md.as_bytes());
        for format in ["pdf", "docx"] {
            let out = gongwen(d, &["render", name, "--format", format, "-o", "refused"]);
            let err = stderr(&out);
            assert_eq!(out.status.code(), Some(1), "{name} ({format}): {err}");
            assert!(
                err.contains(&format!("{name}:{line}:")) && err.contains(says),
                "{name} ({format}): {err}"
            );
        }
    }
    assert!(!d.join("refused").exists() || std::fs::read_dir(d.join("refused")).unwrap().next().is_none());
}

#[test]
fn check_says_ok_only_where_render_succeeds() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sample.yaml", sample_yaml().as_bytes());
    // A character no font has, written in the plan: check used to say ok, render refused it
    // and pointed at an output/….md that was never written. Both now point at the plan's line.
    let emoji = sample_yaml().replacen("  county: XX县", "  county: XX县😀", 1);
    write(d, "emoji.yaml", emoji.as_bytes());
    let (line, col) = position_of(&emoji, "😀");
    // A group of 20,000 people: over the page limit.
    let people: Vec<String> = (0..20_000)
        .map(|i| format!("{{ name: 成员{i}, posts: [干部] }}"))
        .collect();
    write(
        d,
        "huge.yaml",
        format!(
            "extends: sample.yaml\norganization:\n  leading_group:\n    members: [{}]\n",
            people.join(", ")
        )
        .as_bytes(),
    );
    for command in ["check", "render"] {
        let out = gongwen(d, &[command, "emoji.yaml"]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1), "{command}: {err}");
        assert!(
            err.contains(&format!("emoji.yaml:{line}:{col}: ")) && err.contains("U+1F600"),
            "{command}: {err}"
        );
        assert!(!err.contains("output/emoji.md"), "{command}: {err}");
        let out = gongwen(d, &[command, "huge.yaml"]);
        assert_eq!(out.status.code(), Some(1), "{command}: {}", stderr(&out));
        assert!(
            stderr(&out).contains("huge.yaml: ") && stderr(&out).contains("500 页"),
            "{}",
            stderr(&out)
        );
    }
    assert!(!d.join("output/emoji.pdf").exists() && !d.join("output/huge.pdf").exists());
}

#[test]
fn every_error_names_the_file_and_line_that_gave_the_value() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "plans/sample.yaml", sample_yaml().as_bytes());
    // An empty name in a variant's roster: reported in the roster (it was put at the base
    // plan's line, which defines the same person).
    let roster = std::fs::read_to_string(repo().join("plans/roster/xinhe.yaml"))
        .unwrap()
        .replacen("{ name: 王建华,", "{ name: '',", 1);
    write(d, "plans/roster/r.yaml", roster.as_bytes());
    write(
        d,
        "plans/towns/a.yaml",
        b"extends: ../sample.yaml\nroster: ../roster/r.yaml\n",
    );
    let (line, col) = position_of(&roster, "''");
    let out = gongwen(d, &["check", "plans/towns/a.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("plans/roster/r.yaml:{line}:{col}: people.书记.name: ")),
        "{}",
        stderr(&out)
    );
    // A value from a variant's list patch: reported at the patch (it was put at the base's
    // item), and lint --fix mends a finding in a patch where it stands.
    let variant = "extends: ../sample.yaml\ncreation:\n  items:\n    0:\n      body:\n        2: { value: -5 }\n    1:\n      title: 乡镇宜居,美丽\n";
    write(d, "plans/towns/b.yaml", variant.as_bytes());
    let (line, col) = position_of(variant, "-5");
    let out = gongwen(d, &["check", "plans/towns/b.yaml"]);
    assert!(
        stderr(&out).contains(&format!(
            "plans/towns/b.yaml:{line}:{col}: creation.items[0].body[2].value: "
        )),
        "{}",
        stderr(&out)
    );
    let out = gongwen(d, &["lint", "--fix", "plans/towns/b.yaml"]);
    assert!(
        stdout(&out).contains("plans/towns/b.yaml"),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    let fixed = std::fs::read_to_string(d.join("plans/towns/b.yaml")).unwrap();
    assert!(fixed.contains("title: 乡镇宜居，美丽"), "{fixed}");
    assert_eq!(
        std::fs::read_to_string(d.join("plans/sample.yaml")).unwrap(),
        sample_yaml()
    );
}

#[test]
fn a_revision_for_diff_never_becomes_a_git_option() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q"]);
    write(d, "plans/sample.yaml", sample_yaml().as_bytes());
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "plan"]);
    // git show took `--output=FILE` as an option and wrote FILE.
    let out = gongwen(
        d,
        &[
            "diff",
            "--",
            "--output=written.txt:plans/sample.yaml",
            "plans/sample.yaml",
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("不是这个 git 仓库中的版本"), "{}", stderr(&out));
    assert!(!d.join("written.txt").exists() && !d.join("plans/written.txt").exists());
    // A real revision still works.
    let out = gongwen(d, &["diff", "HEAD:plans/sample.yaml", "plans/sample.yaml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
}

#[test]
fn a_file_that_is_not_a_plan_is_named_not_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(d, "sample.yaml", sample_yaml().as_bytes());
    // A password file as a base, an environment dump as a roster: their lines are not shown.
    write(
        d,
        "passwd",
        b"root:x:0:0:root:/root:/bin/bash\nsecret:x:1000:1000::/home/secret:/bin/sh\n",
    );
    write(
        d,
        "env.txt",
        b"PATH=/usr/bin\nAPI_TOKEN=hunter2: do not print\nHOME=/root\n",
    );
    write(d, "a.yaml", b"extends: passwd\n");
    write(d, "b.yaml", b"extends: sample.yaml\nroster: env.txt\n");
    // Each said at the line that names it.
    for (plan, file) in [
        ("a.yaml", "a.yaml:1:10: extends: 基础方案 passwd："),
        ("b.yaml", "b.yaml:2:9: roster: 人员名单文件 env.txt："),
    ] {
        let out = gongwen(d, &["check", plan]);
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(1));
        assert!(err.contains(file) && err.contains("这不是方案文件"), "{err}");
        assert!(
            !err.contains("secret") && !err.contains("hunter2") && !err.contains("root:x"),
            "{err}"
        );
    }
}

#[test]
fn smaller_slips_are_caught_or_kept_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sample = sample_yaml();
    write(d, "sample.yaml", sample.as_bytes());
    let check = |name: &str, text: &str| {
        write(d, name, text.as_bytes());
        gongwen(d, &["check", name])
    };
    // A full-width ％ is a percentage too.
    let out = check(
        "pct.yaml",
        &sample.replacen("value: 50, unit: \"%\"", "value: 500, unit: ％", 1),
    );
    assert!(stderr(&out).contains("500% 超出 0–100"), "{}", stderr(&out));
    // Years 0 and 9999 are not dates of a plan.
    for date in ["0000-01-01", "9999-12-31"] {
        let out = check(
            "date.yaml",
            &sample.replacen("date: 2021-03-15", &format!("date: {date}"), 1),
        );
        assert!(stderr(&out).contains("成文日期的年份"), "{date}: {}", stderr(&out));
    }
    // `no` is a name, not "false".
    let text = sample.replacen("  书记: { name: XX,", "  书记: { name: no,", 1);
    write(d, "no.yaml", text.as_bytes());
    let out = gongwen(d, &["render", "no.yaml", "--format", "md", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = std::fs::read_to_string(d.join("out/no.md")).unwrap();
    assert!(md.contains("组　长：no") && !md.contains("false"), "{md}");
    // An unclosed " is reported where it opened, not where the parser gave up.
    let text = sample.replacen("  county: XX县", "  county: \"XX县", 1);
    let (line, col) = position_of(&text, "\"XX县");
    let out = check("quote.yaml", &text);
    assert!(
        stderr(&out).contains(&format!("quote.yaml:{line}:{col}: ")),
        "{}",
        stderr(&out)
    );
    // A heading ending in ## keeps it (Markdown read " ##" at a heading's end as closing it).
    let text = sample.replacen(
        "title: 创建乡村振兴先进镇工作方案",
        "title: \"创建乡村振兴先进镇工作方案 A ##\"",
        1,
    );
    write(d, "hash.yaml", text.as_bytes());
    let out = gongwen(d, &["render", "hash.yaml", "--format", "pdf", "-o", "out"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = without_whitespace(&common::pdf::raw_text(&d.join("out/hash.pdf")));
    assert!(pdf.starts_with("创建乡村振兴先进镇工作方案A##"), "{pdf}");
    // 260,000 plain list items are a long list, not an alias bomb.
    let organs = vec!["单位"; 260_000].join(", ");
    let out = check(
        "many.yaml",
        &format!("extends: sample.yaml\ndocument:\n  copy_to: [{organs}]\n"),
    );
    assert!(
        !stderr(&out).contains("十亿笑声") && stderr(&out).contains("抄送机关太多"),
        "{}",
        stderr(&out)
    );
    // lint --fix on a plan reached through a link mends the file and keeps the link.
    let slip = sample.replacen("坚持和加强党对农村工作的领导，", "坚持和加强党对农村工作的领导,", 1);
    assert_ne!(slip, sample);
    write(d, "real/plan.yaml", slip.as_bytes());
    std::os::unix::fs::symlink("real/plan.yaml", d.join("linked.yaml")).unwrap();
    let out = gongwen(d, &["lint", "--fix", "linked.yaml"]);
    assert!(stdout(&out).contains("已修正"), "{}{}", stdout(&out), stderr(&out));
    assert!(
        std::fs::symlink_metadata(d.join("linked.yaml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(d.join("real/plan.yaml")).unwrap(), sample);
}
