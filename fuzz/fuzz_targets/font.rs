//! Any bytes as a font file, serving every role: load it (ttf-parser), measure and lay out a
//! short document with it, subset it and write the PDF and the OFD. Every outcome must be a PDF or an error
//! value, never a panic or a hang. Seeded by fuzz/run.sh with small subsets of a CFF (OpenType)
//! and a TrueType CJK font.
#![no_main]

use gongwen::fonts::{Font, FontFile, FontSet, Role};
use gongwen::renderer::subset::GlyphUsage;
use libfuzzer_sys::fuzz_target;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const DOCUMENT: &str = "# 创建乡村振兴先进镇工作方案\n\n## 一、指导思想\n\n全面贯彻党的十九大精神，高标准农田达50%以上，“三农”工作（试行）。\n\n### （一）工作机构\n\n<!-- gongwen:signature -->\n中共XX镇委员会\\\n2021年3月15日\n";

fuzz_target!(|data: &[u8]| {
    let bytes = Arc::new(gongwen::fonts::FontBytes::Owned(data.into()));
    let file = FontFile { path: PathBuf::from("fuzz.otf"), index: 0 };
    let Ok(font) = Font::from_bytes(bytes, file) else { return };
    let font = Arc::new(font);
    let fonts = FontSet { fonts: Role::ALL.into_iter().map(|r| (r, font.clone())).collect() };
    // Characters the font lacks end in an error value; so does a damaged font.
    if let Ok(document) = gongwen::layout::document::lay_out(DOCUMENT, &fonts) {
        let subsets = GlyphUsage::of_document(&document, &fonts).subset();
        let pdf_fonts = gongwen::renderer::pdf::embed::Embedded::new(&subsets);
        let _ = gongwen::renderer::pdf::write(&document, &fonts, &pdf_fonts);
        let ofd_fonts = gongwen::renderer::ofd::Embedded::new(&subsets);
        let _ = gongwen::renderer::ofd::write(&document, &fonts, &ofd_fonts);
    }
});
