//! No input makes the tool panic: every prefix of the sample, and assorted garbage, goes
//! through the whole pipeline and comes back as a result, never a crash.

mod common;
use common::*;
use gongwen::pipeline::plan_to_markdown;
use gongwen::renderer::markdown::MarkdownRenderer;

#[test]
fn every_truncation_of_the_sample_is_an_error_or_a_document() {
    let renderer = MarkdownRenderer::new(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.yaml");
    let yaml = sample_yaml();
    let cuts: Vec<usize> = yaml.char_indices().map(|(i, _)| i).step_by(23).collect();
    let mut errors = 0;
    for cut in &cuts {
        std::fs::write(&path, &yaml[..*cut]).unwrap();
        if plan_to_markdown(&path, &renderer).is_err() {
            errors += 1;
        }
    }
    // Most prefixes lack required sections; the point is that none of them panicked.
    assert!(errors > cuts.len() / 2, "{errors} of {}", cuts.len());
}

#[test]
fn garbage_and_odd_yaml_is_an_error_not_a_crash() {
    let renderer = MarkdownRenderer::new(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("odd.yaml");
    let inputs: &[&[u8]] = &[
        b"\x00\x01\x02",
        b"{{{{",
        b"document: *nope",
        b"a: &a [*a]",
        b"document:\n  title: !!binary aGVsbG8=\n",
        b"document: {title: [1, {a: b}]}\n",
        b"? [complex, key]\n: value\n",
        b"principles:\n  - body: [{indicator: x, value: .nan, unit: '%'}]\n",
        b"creation: {items: [{body: [{value: 1e400, unit: '%'}]}]}\n",
        b"organization: {office: {staff_count: -1}}\n",
        b"organization: {office: {staff_count: 99999999999999999999}}\n",
        b"lol: &a [1,2,3,4,5,6,7,8,9]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n",
        "document: {date: '2021年02月29日'}".as_bytes(),
        "---\na: 1\n---\nb: 2\n".as_bytes(),
    ];
    for input in inputs {
        std::fs::write(&path, input).unwrap();
        let result = plan_to_markdown(&path, &renderer);
        let errors = result.expect_err(&format!("{:?} should be refused", String::from_utf8_lossy(input)));
        assert!(!errors.is_empty());
        assert!(errors.iter().all(|d| d.file.ends_with("odd.yaml")));
    }
}

#[test]
fn every_truncation_of_the_open_outline_plan_and_of_its_variant_is_an_error_or_a_document() {
    let renderer = MarkdownRenderer::new(None).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let renju = std::fs::read_to_string(repo().join("plans/renju.yaml")).unwrap();
    let variant = std::fs::read_to_string(repo().join("plans/towns/xinhe_renju.yaml"))
        .unwrap()
        .replace("extends: ../renju.yaml", "extends: renju.yaml")
        .replace("roster: ../roster/xinhe.yaml", "");
    std::fs::write(dir.path().join("renju.yaml"), &renju).unwrap();
    let mut outcomes = [0, 0];
    for (name, text) in [("cut.yaml", &renju), ("variant.yaml", &variant)] {
        let path = dir.path().join(name);
        for cut in text.char_indices().map(|(i, _)| i).step_by(29) {
            std::fs::write(&path, &text[..cut]).unwrap();
            outcomes[usize::from(plan_to_markdown(&path, &renderer).is_ok())] += 1;
        }
    }
    // Cut inside its edits, a variant is often still a document: both outcomes occur.
    assert!(outcomes[0] > 0 && outcomes[1] > 0, "{outcomes:?}");
}
