//! Any bytes as a Markdown document: read the blocks, measure, break lines and pages.
//! Every outcome must be pages or diagnostics, never a panic or a hang.
#![no_main]

use gongwen::fonts::{FontCache, FontSet};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;

static FONTS: OnceLock<FontSet> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else { return };
    let fonts = FONTS.get_or_init(|| FontCache::default().get(&Default::default()).expect("fonts installed by scripts/setup.sh"));
    let _ = gongwen::renderer::pdf::layout(markdown, fonts, Path::new("fuzz.md"));
});
