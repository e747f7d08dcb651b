//! The Windows build (`scripts/build-windows.sh`, x86_64-pc-windows-gnu with mingw-w64) run
//! under Wine: it renders the sample from a folder with a Chinese name, given with backslashes,
//! from a plan with CRLF line ends, with a console that is not UTF-8; the PDF is the Linux
//! build's, page for page and line for line, so it passes the same checks (tests/pdf.rs).

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

/// `wine gongwen.exe ARGS` in `dir`, in a Wine prefix kept under target/ (made once, about
/// 15 s), with Wine's own messages silenced and its Mono and Gecko installers skipped.
fn wine(exe: &Path, dir: &Path, args: &[&str], locale: &str) -> Output {
    let prefix = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("wine-prefix");
    Command::new("wine")
        .arg(exe)
        .args(args)
        .current_dir(dir)
        .env("WINEPREFIX", &prefix)
        .env("WINEDEBUG", "-all")
        .env("WINEDLLOVERRIDES", "mscoree,mshtml=")
        .env("LC_ALL", locale)
        .env_remove("DISPLAY")
        .output()
        .unwrap()
}

/// A Linux path as Wine's Z: drive shows it: `Z:\tmp\…`, backslashes throughout.
fn windows_path(path: &Path) -> String {
    format!("Z:{}", path.display()).replace('/', "\\")
}

/// Every page's lines with their positions, as poppler reads them.
fn layout_of(pdf: &Path) -> Vec<(f64, f64, Vec<(String, i64, i64, i64, i64)>)> {
    read_pdf(pdf)
        .into_iter()
        .map(|page| {
            let lines = page
                .lines
                .iter()
                .map(|l| {
                    let mm = |v: f64| (v * 100.0).round() as i64;
                    (l.text.clone(), mm(l.x_min), mm(l.y_min), mm(l.x_max), mm(l.y_max))
                })
                .collect();
            (page.width, page.height, lines)
        })
        .collect()
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

    // C: a console whose code page is not UTF-8; the paths still arrive whole.
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
        "C.UTF-8",
    );
    assert_eq!(out.status.code(), Some(0), "{}{}", stdout(&out), stderr(&out));
    let pdf = out_dir.join("示例方案.pdf");
    assert!(pdf.is_file() && out_dir.join("示例方案.docx").is_file());

    // The same Markdown and the same pages, line for line, as the Linux build.
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
    assert_eq!(layout_of(&pdf), layout_of(&linux_pdf));
    assert_eq!(raw_text(&pdf), raw_text(&linux_pdf));
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
    let folder = work.path().join("plans");
    std::fs::create_dir(&folder).unwrap();
    let bad = sample_yaml().replacen("year: 2021", "year: 二〇二一", 1);
    let (line, col) = position_of(&bad, "二〇二一");
    std::fs::write(folder.join("坏方案.yaml"), bad.replace('\n', "\r\n")).unwrap();
    for locale in ["C.UTF-8", "C"] {
        // The folder is given without Chinese so that a non-UTF-8 locale can pass it; the file
        // inside is found and named by Windows's own (UTF-16) calls.
        let out_dir = windows_path(&work.path().join("out"));
        let out = wine(
            &exe,
            work.path(),
            &["render", &windows_path(&folder), "-o", &out_dir],
            locale,
        );
        assert_eq!(out.status.code(), Some(1), "{locale}: {}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains(&format!("坏方案.yaml:{line}:{col}")),
            "{locale}: {message}"
        );
        assert!(message.contains("document.year"), "{locale}: {message}");
    }
}
