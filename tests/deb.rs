//! The Debian package (`scripts/build-deb.sh`, cargo-deb): its control fields, and the package
//! installed with dpkg rendering the sample with the installed /usr/bin/gongwen, outside the
//! repository.

mod common;
use common::pdf::*;
use common::*;
use std::path::PathBuf;
use std::process::Command;

fn field(deb: &str, name: &str) -> String {
    let out = Command::new("dpkg-deb").args(["-f", deb, name]).output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    stdout(&out).trim().to_string()
}

#[test]
fn the_deb_installs_and_its_gongwen_renders_the_sample() {
    if Command::new("dpkg-deb").arg("--version").output().is_err() {
        eprintln!("skipped: not a Debian system (no dpkg-deb)");
        return;
    }
    // Root installs the package (as .ci/run does); anyone else can only check it was installed.
    let root = stdout(&Command::new("id").arg("-u").output().unwrap()).trim() == "0";
    let mut build = Command::new(repo().join("scripts/build-deb.sh"));
    if root {
        build.arg("--install");
    }
    let out = build.output().unwrap();
    assert!(out.status.success(), "scripts/build-deb.sh: {}", stderr(&out));
    let deb = stdout(&out).trim().to_string();
    assert!(deb.ends_with("_amd64.deb"), "{deb}");

    assert_eq!(field(&deb, "Package"), "gongwen");
    // cargo-deb's Debian revision 1 after the crate's version.
    let version = format!("{}-1", env!("CARGO_PKG_VERSION"));
    assert_eq!(field(&deb, "Version"), version);
    let depends = field(&deb, "Depends");
    for package in ["fonts-noto-cjk", "texlive-lang-chinese", "libc6"] {
        assert!(depends.contains(package), "{depends}");
    }
    let contents = stdout(&Command::new("dpkg-deb").args(["-c", &deb]).output().unwrap());
    assert!(contents.contains("./usr/bin/gongwen"), "{contents}");
    assert!(
        contents.contains("./usr/share/doc/gongwen/examples/sample.yaml"),
        "{contents}"
    );

    let status = Command::new("dpkg-query")
        .args(["-W", "-f", "${Status} ${Version}", "gongwen"])
        .output()
        .unwrap();
    if !root && !status.status.success() {
        eprintln!("skipped: installing needs root (dpkg -i {deb})");
        return;
    }
    assert_eq!(stdout(&status), format!("install ok installed {version}"));
    let installed = PathBuf::from("/usr/bin/gongwen");
    let owner = stdout(&Command::new("dpkg").args(["-S", "/usr/bin/gongwen"]).output().unwrap());
    assert!(owner.starts_with("gongwen:"), "{owner}");

    // The example the package ships, rendered in an empty folder by the installed binary.
    let work = tempfile::tempdir().unwrap();
    std::fs::copy(
        "/usr/share/doc/gongwen/examples/sample.yaml",
        work.path().join("sample.yaml"),
    )
    .unwrap();
    let out = Command::new(&installed)
        .args(["render", "sample.yaml"])
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = work.path().join("output/sample.pdf");
    let text = without_whitespace(&raw_text(&pdf));
    assert!(text.contains("创建乡村振兴先进镇工作方案"), "{text}");
    assert!(read_pdf(&pdf).len() > 1);
    for (name, emb, sub, uni) in fonts(&pdf) {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
    }
    // The same document as this build makes.
    let here = gongwen(work.path(), &["render", "sample.yaml", "-o", "here"]);
    assert_eq!(here.status.code(), Some(0), "{}", stderr(&here));
    assert_eq!(raw_text(&pdf), raw_text(&work.path().join("here/sample.pdf")));
}
