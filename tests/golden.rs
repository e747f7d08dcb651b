//! The sample's Markdown against a reviewed expected file.
//!
//! When the output changes on purpose: render, read the diff, and only then copy
//! `output/sample.md` over `tests/golden/sample.md` in the same commit as the change.

mod common;
use common::*;
use gongwen::pipeline::plan_to_markdown;
use gongwen::renderer::markdown::MarkdownRenderer;

#[test]
fn sample_markdown_matches_the_reviewed_golden_file() {
    let renderer = MarkdownRenderer::new(None).unwrap();
    let got = plan_to_markdown(&sample_path(), &renderer).unwrap_or_else(|d| panic!("{d:?}"));
    let want = std::fs::read_to_string(repo().join("tests/golden/sample.md")).unwrap();
    if got != want {
        let diff: Vec<String> = got
            .lines()
            .zip(want.lines())
            .enumerate()
            .filter(|(_, (g, w))| g != w)
            .take(5)
            .map(|(i, (g, w))| format!("line {}:\n  got:  {g}\n  want: {w}", i + 1))
            .collect();
        panic!(
            "output differs from tests/golden/sample.md ({} vs {} lines)\n{}",
            got.lines().count(),
            want.lines().count(),
            diff.join("\n")
        );
    }
}
