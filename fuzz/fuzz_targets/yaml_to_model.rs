//! Any bytes as a plan file: parse, merge, resolve people, validate, render the Markdown.
//! Every outcome must be a value (a plan or diagnostics), never a panic.
#![no_main]

use gongwen::plan::load::{Memory, decode};
use gongwen::renderer::markdown::MarkdownRenderer;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static RENDERER: OnceLock<MarkdownRenderer> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let path = Path::new("fuzz.yaml");
    let Ok(text) = decode(path, data.to_vec()) else { return };
    let renderer = RENDERER.get_or_init(|| MarkdownRenderer::new(None).expect("built-in templates"));
    let _ = gongwen::pipeline::plan_to_markdown_from(path, &Memory(text), renderer);
});
