//! Office fonts are found by the family names in their name tables, whatever their files are
//! called: fonts made here from the open Fandol fonts, with their name tables rewritten by
//! fontTools (tests/fixtures/rename_font.py) and saved under arbitrary file names.

mod common;
use common::pdf::fonts;
use common::*;
use std::path::{Path, PathBuf};
use std::process::Command;

const FANDOL: &str = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/";

/// A Python that has fontTools: Debian's (`python3-fonttools`, installed by
/// `scripts/setup.sh tests`) or whichever `python3` comes first on the PATH.
fn python_with_fonttools() -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import fontTools"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// Copy Fandol font `source` to `dest` with its names replaced: PostScript name and
/// `(Windows language id, family name)` pairs.
fn renamed(python: &str, source: &str, dest: &Path, postscript: &str, families: &[(u16, &str)]) {
    let mut cmd = Command::new(python);
    cmd.arg(repo().join("tests/fixtures/rename_font.py"))
        .arg(format!("{FANDOL}{source}"))
        .arg(dest)
        .arg(postscript);
    for (lang, family) in families {
        cmd.arg(format!("{lang:#x}={family}"));
    }
    let out = cmd.output().unwrap();
    assert!(out.status.success(), "rename_font.py: {}", stderr(&out));
}

/// A folder of office fonts as a clerk's machine may have them: names in the name table only
/// in Chinese, only in English, or both, and files called anything.
fn office_fonts(python: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("下载的字体").join("deep");
    std::fs::create_dir_all(&sub).unwrap();
    renamed(
        python,
        "FandolFang-Regular.otf",
        &dir.path().join("字体 (副本) 7.TTF"),
        "FangSong_GB2312",
        &[(0x804, "仿宋_GB2312"), (0x409, "FangSong_GB2312")],
    );
    renamed(
        python,
        "FandolHei-Regular.otf",
        &sub.join("a1.otf"),
        "SimHei",
        &[(0x409, "SimHei")],
    );
    renamed(
        python,
        "FandolKai-Regular.otf",
        &dir.path().join("kt.ttf"),
        "GongwenTestKai",
        &[(0x804, "楷体_GB2312")],
    );
    renamed(
        python,
        "FandolSong-Regular.otf",
        &dir.path().join("FZ.OTF"),
        "FZXBSJW--GB1-0",
        &[(0x804, "方正小标宋简体"), (0x409, "FZXiaoBiaoSong-B05S")],
    );
    // Named like Windows's 宋体 file, but its name table says FandolSong: not an office font.
    std::fs::copy(format!("{FANDOL}FandolSong-Regular.otf"), dir.path().join("simsun.ttc")).unwrap();
    dir
}

fn with_font_dirs(dir: &Path, args: &[&str], cwd: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .current_dir(cwd)
        .env("GONGWEN_FONT_DIRS", dir)
        .output()
        .unwrap()
}

/// The `gongwen fonts` entry for `role`: its file and its reason.
fn entry(listing: &str, role: &str) -> (PathBuf, String) {
    let mut lines = listing.lines();
    while let Some(line) = lines.next() {
        if let Some(rest) = line.strip_prefix(role)
            && rest.starts_with(' ')
        {
            let file = rest.trim().split_once(char::is_whitespace).unwrap().1.trim();
            let reason = lines.next().unwrap().trim().to_string();
            return (PathBuf::from(file), reason);
        }
    }
    panic!("no {role} in {listing}");
}

#[test]
fn office_fonts_are_found_by_their_names_whatever_the_file_is_called() {
    let Some(python) = python_with_fonttools() else {
        eprintln!("skipped: fontTools is not installed (scripts/setup.sh tests installs python3-fonttools)");
        return;
    };
    let office = office_fonts(python);
    let dir = office.path();
    let out = with_font_dirs(dir, &["fonts"], dir);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing = stdout(&out);
    for (role, file, matched) in [
        ("title", dir.join("FZ.OTF"), "FZXiaoBiaoSong-B05S"),
        ("body", dir.join("字体 (副本) 7.TTF"), "FangSong_GB2312"),
        ("heading1", dir.join("下载的字体/deep/a1.otf"), "SimHei"),
        ("heading2", dir.join("kt.ttf"), "楷体_GB2312"),
    ] {
        let (found, reason) = entry(&listing, role);
        assert_eq!(found, file, "{role}: {listing}");
        assert!(
            reason.contains(&format!("\"{matched}\"")),
            "{role} says which name matched: {reason}"
        );
        assert!(reason.contains("office font"), "{reason}");
    }
    // simsun.ttc is FandolSong inside: the page numbers keep the open fallback.
    let (found, reason) = entry(&listing, "page_number");
    assert!(found.ends_with("FandolSong-Regular.otf"), "{listing}");
    assert!(reason.contains("宋体"), "{reason}");

    // `--all` lists what was found, by name.
    let out = with_font_dirs(dir, &["fonts", "--all"], dir);
    let listing = stdout(&out);
    assert!(listing.contains("FangSong_GB2312 / 仿宋_GB2312"), "{listing}");
    assert!(listing.contains(&dir.display().to_string()), "{listing}");
}

#[test]
fn a_render_embeds_the_renamed_office_fonts() {
    let Some(python) = python_with_fonttools() else {
        eprintln!("skipped: fontTools is not installed (scripts/setup.sh tests installs python3-fonttools)");
        return;
    };
    let office = office_fonts(python);
    let work = tempfile::tempdir().unwrap();
    let out = with_font_dirs(
        office.path(),
        &["render", sample_path().to_str().unwrap(), "-o", "out"],
        work.path(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // pdffonts names each embedded font after the PostScript name of the renamed file.
    let embedded: Vec<String> = fonts(&work.path().join("out/sample.pdf"))
        .into_iter()
        .map(|(name, ..)| name)
        .collect();
    for postscript in ["FangSong_GB2312", "SimHei", "FZXBSJW--GB1-0"] {
        assert!(
            embedded.iter().any(|name| name.ends_with(&format!("+{postscript}"))),
            "{postscript} in {embedded:?}"
        );
    }
    assert!(
        embedded.iter().any(|name| name.contains("FandolSong")),
        "page numbers in the fallback: {embedded:?}"
    );
}

#[test]
fn an_unreadable_or_fake_font_file_is_skipped() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("仿宋_GB2312.ttf"), b"not a font").unwrap();
    std::fs::write(dir.path().join("empty.otf"), b"").unwrap();
    std::fs::create_dir(dir.path().join("folder.ttf")).unwrap();
    let out = with_font_dirs(dir.path(), &["fonts"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let (found, _) = entry(&stdout(&out), "body");
    assert!(found.ends_with("FandolFang-Regular.otf"), "{}", stdout(&out));
}
