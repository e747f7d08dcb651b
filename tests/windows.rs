//! The Windows build (`scripts/build-windows.sh`, x86_64-pc-windows-gnu with mingw-w64) run
//! under Wine as a Chinese Windows (code page 936, GBK, not UTF-8): it renders the sample from
//! a folder with a Chinese name, given with backslashes, from a plan with CRLF line ends, and
//! the PDF is byte for byte the Linux build's, so it passes the same checks (tests/pdf.rs).
//!
//! Debian 12's Wine (8.0) lacks bcryptprimitives.dll, where Rust's standard library gets its
//! random numbers on Windows 10 and later; the test's Wine prefix gets a stand-in built from
//! tests/fixtures/wine/bcryptprimitives.c (see there). Nothing else is changed for Wine.

mod common;
use common::pdf::*;
use common::*;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// gongwen.exe, built by the script (a no-op when it is up to date; `.ci/run` builds it first).
fn windows_exe() -> Result<PathBuf, String> {
    let out = Command::new(repo().join("scripts/build-windows.sh"))
        .output()
        .map_err(|e| format!("scripts/build-windows.sh: {e}"))?;
    let exe = PathBuf::from(stdout(&out).trim());
    if out.status.success() && exe.is_file() {
        Ok(exe)
    } else {
        Err(stderr(&out))
    }
}

/// The test's Wine prefix, kept under target/ (made once, about 15 s), with the stand-in for
/// bcryptprimitives.dll that Wine 8 lacks.
fn wine_prefix() -> PathBuf {
    let locales = Command::new("locale").arg("-a").output().unwrap();
    assert!(
        stdout(&locales).lines().any(|l| l.eq_ignore_ascii_case("zh_CN.utf8")),
        "the zh_CN.UTF-8 locale is missing (scripts/setup.sh tests makes it)"
    );
    static PREFIX: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    PREFIX
        .get_or_init(|| {
            let prefix = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wine-prefix");
            let system32 = prefix.join("drive_c/windows/system32");
            if !system32.is_dir() {
                let out = wine_command("wine", &prefix)
                    .args(["wineboot", "--init"])
                    .output()
                    .unwrap();
                assert!(system32.is_dir(), "wineboot: {}", stderr(&out));
            }
            let dll = system32.join("bcryptprimitives.dll");
            if !dll.exists() {
                let out = Command::new("x86_64-w64-mingw32-gcc")
                    .args(["-O2", "-shared", "-o"])
                    .arg(&dll)
                    .arg(repo().join("tests/fixtures/wine/bcryptprimitives.c"))
                    .arg("-ladvapi32")
                    .output()
                    .unwrap();
                assert!(out.status.success(), "mingw-w64: {}", stderr(&out));
            }
            prefix
        })
        .clone()
}

/// `program` under Wine's settings for these tests: its own messages silenced, its Mono and
/// Gecko installers skipped, no display, and a Chinese Windows: LC_ALL=zh_CN.UTF-8 makes Wine's
/// ANSI and console code page 936 (GBK) while Linux file names stay UTF-8.
fn wine_command(program: &str, prefix: &Path) -> Command {
    let mut cmd = Command::new(program);
    cmd.env("WINEPREFIX", prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
        .env("LC_ALL", "zh_CN.UTF-8")
        .env_remove("DISPLAY");
    cmd
}

/// `wine gongwen.exe ARGS` in `dir`.
fn wine(exe: &Path, dir: &Path, args: &[&str]) -> Output {
    wine_command("wine", &wine_prefix())
        .arg(exe)
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// A Linux path as Wine's Z: drive shows it: `Z:\tmp\…`, backslashes throughout.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

#[test]
fn the_windows_build_renders_the_sample_under_wine_like_the_linux_build() {
    if Command::new("wine").arg("--version").output().is_err() {
        eprintln!("skipped: Wine is not installed (scripts/setup.sh tests installs it)");
        return;
    }
    let exe = match windows_exe() {
        Ok(exe) => exe,
        Err(why) => {
            // Only where the Windows standard library could not be had (rustup had no network):
            // `.ci/run` builds the .exe first and fails there instead.
            if !Command::new("rustup")
                .args(["target", "list", "--installed"])
                .output()
                .is_ok_and(|o| stdout(&o).lines().any(|l| l == "x86_64-pc-windows-gnu"))
            {
                eprintln!("skipped: the x86_64-pc-windows-gnu target is not installed: {why}");
                return;
            }
            panic!("the Windows build failed: {why}");
        }
    };
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("乡镇 方案");
    std::fs::create_dir(&folder).unwrap();
    let plan = folder.join("示例方案.yaml");
    std::fs::write(&plan, sample_yaml().replace('\n', "\r\n")).unwrap();
    let out_dir = work.path().join("输出");

    let out = wine(
        &exe,
        work.path(),
        &[
            "render",
            &windows_path(&plan),
            "-o",
            &windows_path(&out_dir),
            "--format",
            "md,pdf,docx",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let pdf = out_dir.join("示例方案.pdf");
    assert!(pdf.is_file() && out_dir.join("示例方案.docx").is_file());

    // The same Markdown, and the same PDF to the byte, as the Linux build.
    let linux = tempfile::tempdir().unwrap();
    let native = gongwen(
        linux.path(),
        &["render", plan.to_str().unwrap(), "-o", linux.path().to_str().unwrap()],
    );
    assert_eq!(native.status.code(), Some(0), "{}", stderr(&native));
    let linux_pdf = linux.path().join("示例方案.pdf");
    assert_eq!(
        std::fs::read_to_string(out_dir.join("示例方案.md")).unwrap(),
        std::fs::read_to_string(linux.path().join("示例方案.md")).unwrap()
    );
    assert!(
        std::fs::read(&pdf).unwrap() == std::fs::read(&linux_pdf).unwrap(),
        "the PDFs differ"
    );
    assert!(read_pdf(&pdf).len() > 1);
    assert!(without_whitespace(&raw_text(&pdf)).contains("创建乡村振兴先进镇工作方案"));
    // Every font embedded as a subset with a Unicode map.
    let fonts = fonts(&pdf);
    assert!(fonts.len() >= 4, "{fonts:?}");
    for (name, emb, sub, uni) in &fonts {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
    }
}

#[test]
fn windows_messages_name_the_file_and_line_in_any_console() {
    if Command::new("wine").arg("--version").output().is_err() {
        eprintln!("skipped: Wine is not installed (scripts/setup.sh tests installs it)");
        return;
    }
    let Ok(exe) = windows_exe() else {
        eprintln!(
            "skipped: no Windows build (see the_windows_build_renders_the_sample_under_wine_like_the_linux_build)"
        );
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let folder = work.path().join("错误方案");
    std::fs::create_dir(&folder).unwrap();
    let bad = sample_yaml().replacen("year: 2021", "year: 二〇二一", 1);
    let (line, col) = position_of(&bad, "二〇二一");
    std::fs::write(folder.join("坏方案.yaml"), bad.replace('\n', "\r\n")).unwrap();
    let out = wine(
        &exe,
        work.path(),
        &[
            "render",
            &windows_path(&folder),
            "-o",
            &windows_path(&work.path().join("out")),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    // gongwen's messages are UTF-8 whatever the code page…
    let message = String::from_utf8(out.stderr.clone()).expect("UTF-8 messages");
    assert!(message.contains(&format!("坏方案.yaml:{line}:{col}")), "{message}");
    assert!(message.contains("document.year"), "{message}");
    // …and the code page really is not: Wine's own cmd answers in GBK, which is not UTF-8.
    let chcp = wine_command("wine", &wine_prefix())
        .args(["cmd", "/c", "chcp"])
        .output()
        .unwrap();
    assert!(!chcp.stdout.is_ascii() && String::from_utf8(chcp.stdout).is_err());
}
