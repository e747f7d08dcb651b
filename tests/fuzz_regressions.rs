//! Inputs the fuzzers (fuzz/) once broke gongwen with, kept so that it stays fixed: each must
//! now end in a document or in messages, never a panic or a hang.

mod common;
use common::*;

#[test]
fn every_input_that_once_broke_gongwen_now_ends_in_a_document_or_messages() {
    let root = repo().join("tests/fuzz_regressions");
    let mut checked = 0;
    for (target, command, name) in [
        ("markdown_to_layout", "render", "input.md"),
        ("yaml_to_model", "check", "input.yaml"),
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(target)) else {
            continue;
        };
        for file in entries.map(|e| e.unwrap().path()) {
            let dir = tempfile::tempdir().unwrap();
            std::fs::copy(&file, dir.path().join(name)).unwrap();
            let args: Vec<&str> = if command == "render" {
                vec!["render", name, "--format", "pdf"]
            } else {
                vec!["check", name]
            };
            let out = gongwen(dir.path(), &args);
            let err = stderr(&out);
            assert!(matches!(out.status.code(), Some(0 | 1)), "{}: {err}", file.display());
            assert!(!err.contains("panicked"), "{}: {err}", file.display());
            checked += 1;
        }
    }
    assert!(checked > 0, "no regression inputs found");
}
