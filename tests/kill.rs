//! A batch killed at any moment leaves every output complete (the old one or the new one, never
//! half of either) and, after SIGTERM, no temporary file; after SIGKILL the next run removes them.

mod common;
use common::*;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};

const PLANS: usize = 12;

fn batch(dir: &Path) {
    let towns = ["xinhe", "qinghe", "baishi"];
    for i in 0..PLANS {
        let base = repo().join(format!("plans/towns/{}.yaml", towns[i % 3]));
        let text = format!("extends: {}\ndocument:\n  town: 第{i}镇\n", base.display());
        std::fs::create_dir_all(dir.join("plans")).unwrap();
        std::fs::write(dir.join(format!("plans/t{i:02}.yaml")), text).unwrap();
    }
}

/// Every output complete, no temporary files.
fn check_outputs(out: &Path, expect_no_temporaries: bool) -> usize {
    let mut pdfs = 0;
    for entry in std::fs::read_dir(out).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with(".gongwen-") {
            assert!(!expect_no_temporaries, "temporary file left: {name}");
            continue;
        }
        if name.ends_with(".pdf") {
            let info = Command::new("pdfinfo")
                .arg(&path)
                .output()
                .expect("pdfinfo (poppler-utils)");
            assert!(
                info.status.success(),
                "{name} is not a complete PDF: {}",
                String::from_utf8_lossy(&info.stderr)
            );
            pdfs += 1;
        } else {
            let md = std::fs::read_to_string(&path).unwrap();
            assert!(
                md.contains("# 创建乡村振兴先进镇工作方案\n")
                    && md.ends_with('\n')
                    && md.contains("<!-- gongwen:signature -->"),
                "{name} incomplete"
            );
        }
    }
    pdfs
}

/// Start a batch, kill it with `signal` after `after` plans are done, wait for it to end.
fn render_and_kill(dir: &Path, after: usize, signal: &str) -> Option<i32> {
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["render", "plans", "-o", "out"])
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stderr = child.stderr.take().unwrap();
    let mut done = 0;
    for line in BufReader::new(stderr).lines() {
        let Ok(line) = line else { break };
        if line.starts_with('[') {
            done += 1;
        }
        if done == after {
            // The shell's own `kill`: /bin/kill (procps) is not on every machine.
            Command::new("sh")
                .args(["-c", &format!("kill {signal} {}", child.id())])
                .status()
                .unwrap();
            break;
        }
    }
    child.wait().unwrap().code()
}

#[test]
fn killing_a_batch_never_leaves_a_broken_or_half_written_output() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    batch(d);
    // Earlier, complete outputs that a killed run must not damage.
    let first = gongwen(d, &["render", "plans", "-o", "out"]);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert_eq!(check_outputs(&d.join("out"), true), PLANS);

    // Kill points spread over the batch, and one that differs from run to run.
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos() as usize;
    for after in [1, 4, 8, 11, 1 + seed % (PLANS - 1)] {
        let code = render_and_kill(d, after, "-TERM");
        // 130: stopped by the signal; 0: it finished first.
        assert!(matches!(code, Some(130) | Some(0)), "kill after {after}: exit {code:?}");
        assert_eq!(
            check_outputs(&d.join("out"), true),
            PLANS,
            "after SIGTERM at {after} (seed {seed})"
        );
    }

    // SIGKILL cannot be caught: outputs are still whole; the next run sweeps the temporaries.
    render_and_kill(d, 5, "-KILL");
    assert_eq!(check_outputs(&d.join("out"), false), PLANS);
    let again = gongwen(d, &["render", "plans", "-o", "out"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(check_outputs(&d.join("out"), true), PLANS);
}
