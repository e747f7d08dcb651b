//! Any bytes as a Markdown document: read the blocks, measure, break lines and pages, subset the
//! fonts and write the PDF; and write the DOCX. Every outcome must be a document or
//! diagnostics, never a panic or a hang.
#![no_main]

use gongwen::fonts::{FontCache, FontSet};
use gongwen::renderer::pdf::embed::GlyphUsage;
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static FONTS: OnceLock<FontSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else { return };
    let fonts = FONTS.get_or_init(|| FontCache::default().get(&Default::default()).expect("fonts installed by scripts/setup.sh"));
    if let Ok(document) = gongwen::layout::document::lay_out(markdown, fonts, Path::new("fuzz.md")) {
        let embedded = GlyphUsage::of_document(&document, fonts).embed();
        let _ = gongwen::renderer::pdf::write(&document, fonts, &embedded);
    }
    let _ = gongwen::renderer::docx::render(markdown);
});
