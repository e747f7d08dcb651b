//! `render --watch`: a change to the plan's roster renders again; a mistake is reported and the
//! watch goes on; fixing it renders again. Synchronised on the program's own output lines.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// Lines from the child's stdout and stderr. The two streams are read by two threads, so a
/// line waited for may arrive after one waited for later: lines not yet asked for are kept.
struct Output {
    rx: mpsc::Receiver<(bool, String)>,
    pending: std::cell::RefCell<Vec<(bool, String)>>,
}

impl Output {
    /// Wait for a line containing `text` (on stderr if `err`); the deadline only stops a broken
    /// test from hanging.
    fn wait_for(&self, err: bool, text: &str) -> String {
        let matches = |(is_err, line): &(bool, String)| *is_err == err && line.contains(text);
        let mut pending = self.pending.borrow_mut();
        if let Some(i) = pending.iter().position(matches) {
            return pending.remove(i).1;
        }
        loop {
            match self.rx.recv_timeout(Duration::from_secs(120)) {
                Ok(line) if matches(&line) => return line.1,
                Ok(line) => pending.push(line),
                Err(e) => panic!("no line with {text:?}: {e}; seen {pending:?}"),
            }
        }
    }
}

/// `gongwen render PLAN --watch` in `dir`, writing Markdown to `out/`, and its output lines.
fn watch(dir: &std::path::Path, plan: &str) -> (std::process::Child, Output) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", plan, "--watch", "--format", "md", "-o", "out"])
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    for (is_err, stream) in [
        (
            false,
            Box::new(child.stdout.take().unwrap()) as Box<dyn std::io::Read + Send>,
        ),
        (true, Box::new(child.stderr.take().unwrap())),
    ] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                let _ = tx.send((is_err, line));
            }
        });
    }
    let out = Output {
        rx,
        pending: Default::default(),
    };
    (child, out)
}

#[test]
fn watch_renders_again_on_every_change_and_survives_mistakes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("sample.yaml"), sample_yaml()).unwrap();
    let roster = std::fs::read_to_string(repo().join("plans/roster/xinhe.yaml")).unwrap();
    std::fs::write(d.join("roster.yaml"), &roster).unwrap();
    std::fs::write(
        d.join("plan.yaml"),
        "extends: sample.yaml\nroster: roster.yaml\ndocument:\n  town: 东坡镇\n",
    )
    .unwrap();

    let (mut child, out) = watch(d, "plan.yaml");
    out.wait_for(false, "已生成 out/plan.md");
    out.wait_for(true, "正在监视 3 个文件");

    // A personnel change in the roster: the document follows.
    let old_name = roster_name(&roster, "书记");
    std::fs::write(
        d.join("roster.yaml"),
        roster.replace(&format!("name: {old_name},"), "name: 李新民,"),
    )
    .unwrap();
    out.wait_for(false, "已生成 out/plan.md");
    let md = std::fs::read_to_string(d.join("out/plan.md")).unwrap();
    assert!(
        md.contains("组　长：李新民　党委书记") && !md.contains(&old_name),
        "{md}"
    );

    // A mistake is reported, the earlier output stays, and the watch goes on.
    std::fs::write(
        d.join("plan.yaml"),
        "extends: sample.yaml\nroster: roster.yaml\ndocument:\n  town: 东坡镇\n  date: 2021-02-30\n",
    )
    .unwrap();
    out.wait_for(true, "plan.yaml:5:9: document.date: ");
    assert!(child.try_wait().unwrap().is_none(), "the watch ended on a mistake");
    assert_eq!(std::fs::read_to_string(d.join("out/plan.md")).unwrap(), md);

    // Fixed: rendered again.
    std::fs::write(
        d.join("plan.yaml"),
        "extends: sample.yaml\nroster: roster.yaml\ndocument:\n  town: 西岭镇\n",
    )
    .unwrap();
    out.wait_for(false, "已生成 out/plan.md");
    assert!(
        std::fs::read_to_string(d.join("out/plan.md"))
            .unwrap()
            .contains("中共西岭镇委员会")
    );

    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn watch_renders_again_when_the_plans_own_template_changes() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let closing = std::fs::read_to_string(repo().join("templates/closing.md")).unwrap();
    std::fs::create_dir(d.join("mine")).unwrap();
    std::fs::write(d.join("mine/closing.md"), &closing).unwrap();
    std::fs::write(d.join("plan.yaml"), sample_yaml() + "templates: mine\n").unwrap();
    let (mut child, out) = watch(d, "plan.yaml");
    out.wait_for(false, "已生成 out/plan.md");
    // The plan and its template folder's one file.
    out.wait_for(true, "正在监视 2 个文件");
    std::fs::write(d.join("mine/closing.md"), format!("{closing}\n（此件公开发布）\n")).unwrap();
    out.wait_for(false, "已生成 out/plan.md");
    let md = std::fs::read_to_string(d.join("out/plan.md")).unwrap();
    assert!(md.ends_with("（此件公开发布）\n"), "{md}");
    child.kill().unwrap();
    child.wait().unwrap();
}
