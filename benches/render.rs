//! YAML → Markdown for the sample plan, stage by stage. Run with `cargo bench`; divan reports
//! the median among other statistics.

use gongwen::pipeline::{load_valid, plan_to_markdown};
use gongwen::renderer::markdown::MarkdownRenderer;
use std::path::Path;

const SAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/plans/sample.yaml");

fn main() {
    divan::main();
}

/// Whole pipeline as `render` runs it per plan: read, parse, validate, template.
#[divan::bench]
fn yaml_to_markdown(b: divan::Bencher) {
    let renderer = MarkdownRenderer::new(None).unwrap();
    b.bench(|| plan_to_markdown(Path::new(SAMPLE), &renderer).unwrap());
}

/// Read + parse + validate only.
#[divan::bench]
fn load_and_validate() {
    divan::black_box(load_valid(Path::new(SAMPLE)).unwrap());
}

/// Templates only, on an already loaded plan.
#[divan::bench]
fn templates_only(b: divan::Bencher) {
    let renderer = MarkdownRenderer::new(None).unwrap();
    let plan = load_valid(Path::new(SAMPLE)).unwrap().plan;
    b.bench(|| renderer.render(&plan).unwrap());
}

/// Start-up cost paid once per process: compiling the built-in templates.
#[divan::bench]
fn compile_templates() {
    divan::black_box(MarkdownRenderer::new(None).unwrap());
}

/// Markdown → PDF in-process, fonts loaded once as a batch run does.
#[divan::bench]
fn markdown_to_pdf(b: divan::Bencher) {
    let renderer = MarkdownRenderer::new(None).unwrap();
    let markdown = plan_to_markdown(Path::new(SAMPLE), &renderer).unwrap();
    let fonts = gongwen::fonts::FontCache::default().get(&Default::default()).unwrap();
    b.bench(|| gongwen::renderer::pdf::render(&markdown, &fonts, Path::new("sample.md")).unwrap());
}
