//! Any bytes as a Markdown document: read the blocks, measure, break lines and pages, subset the
//! fonts and write the PDF and the OFD; and write the DOCX. Every outcome must be a document or
//! diagnostics, never a panic or a hang; and a document that is laid out shows every character
//! of its text, in order (nothing silently dropped).
#![no_main]

use gongwen::fonts::{FontCache, FontSet};
use gongwen::renderer::subset::GlyphUsage;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

static FONTS: OnceLock<FontSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else { return };
    let fonts = FONTS.get_or_init(|| FontCache::default().get(&Default::default()).expect("fonts installed by scripts/setup.sh"));
    if let Ok(document) = gongwen::layout::document::lay_out(markdown, fonts) {
        let printed: Vec<char> = document.runs().flat_map(|r| r.glyphs.iter().map(|g| g.ch)).collect();
        let mut rest = printed.iter();
        // Read as gongwen reads it (GFM tables on): a table's | and --- are markup, its cells text.
        for event in pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
            if let pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) = event {
                for c in t.chars().filter(|c| !c.is_whitespace()) {
                    assert!(rest.any(|p| *p == c), "{c:?} was dropped");
                }
            }
        }
        let subsets = GlyphUsage::of_document(&document, fonts).subset();
        let pdf_fonts = gongwen::renderer::pdf::embed::Embedded::new(&subsets);
        let _ = gongwen::renderer::pdf::write(&document, fonts, &pdf_fonts);
        let ofd_fonts = gongwen::renderer::ofd::Embedded::new(&subsets);
        let _ = gongwen::renderer::ofd::write(&document, fonts, &ofd_fonts);
    }
    let _ = gongwen::renderer::docx::render(markdown);
});
