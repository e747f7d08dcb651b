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
        // Read as gongwen reads it (GFM tables on): a table's | and --- are markup, its cells text.
        let mut text: Vec<char> = Vec::new();
        for event in pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
            match event {
                pulldown_cmark::Event::Text(t) | pulldown_cmark::Event::Code(t) => {
                    text.extend(t.chars().filter(|c| !c.is_whitespace()));
                }
                _ => {}
            }
        }
        // Every character is printed, as many times as it is written (a repeated header row
        // prints some more often).
        let mut counts: std::collections::HashMap<char, i64> = std::collections::HashMap::new();
        for c in &printed {
            *counts.entry(*c).or_default() += 1;
        }
        for c in &text {
            let n = counts.entry(*c).or_default();
            *n -= 1;
            assert!(*n >= 0, "{c:?} was dropped");
        }
        // And in order, block by block as gongwen read them, but for what the layout moves on
        // purpose: the 版记 (copy-to, printed-by line) goes to the foot of the last page
        // wherever it was written, and a table's cells are set side by side, so a wrapped
        // cell's second line is drawn after its neighbour's first (the reading order of tables
        // is tested on the PDF with pdftotext).
        use gongwen::renderer::blocks::Kind;
        let mut rest = printed.iter();
        for block in gongwen::renderer::blocks::parse(markdown) {
            if block.table.is_some() || matches!(block.kind, Kind::CopyTo | Kind::PrintedBy) {
                continue;
            }
            for c in block.text().chars().filter(|c| !c.is_whitespace()) {
                assert!(rest.any(|p| *p == c), "{c:?} was printed out of order");
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
