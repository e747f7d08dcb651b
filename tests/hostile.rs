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
        (&["check", "fifo-roster.yaml"], "fifo.yaml: ", "管道"),
        (&["check", "zero-roster.yaml"], "/dev/zero: ", "设备文件"),
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
