//! Font subsets for the fixed-layout writers (PDF and OFD): which glyphs a run draws, and each
//! font cut down to them once — for one document, or once for a whole batch whose documents then
//! all carry the same bytes.
//!
//! Subsetting goes through printpdf's `subset_font` (allsorts underneath). What it returns is a
//! font file of its own: OpenType with the CFF outlines (`OTTO`) or TrueType, keeping the
//! original font's cmap for the characters kept and its metrics. The OFD embeds that file as it
//! is; the PDF takes the bare CFF out of it where the font is CID-keyed (see
//! [`super::pdf::embed`]).

use crate::fonts::{Font, FontFile, FontSet, Role};
use crate::frame::Document;
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The glyphs a set of documents draws, per font file: glyph id → the character it stands for.
#[derive(Default)]
pub struct GlyphUsage {
    pub fonts: BTreeMap<FontFile, (Arc<Font>, BTreeMap<u16, char>)>,
}

impl GlyphUsage {
    /// Every glyph `document` draws, page numbers included.
    pub fn of_document(document: &Document, fonts: &FontSet) -> GlyphUsage {
        // Indexed by the role's discriminant, which follows the order of `Role::ALL`.
        let mut by_role: [BTreeMap<u16, char>; Role::ALL.len()] = Default::default();
        for run in document.runs() {
            let glyphs = &mut by_role[run.role as usize];
            for g in &run.glyphs {
                glyphs.entry(g.gid).or_insert(g.ch);
            }
        }
        let mut usage = GlyphUsage::default();
        for (role, glyphs) in Role::ALL.into_iter().zip(by_role).filter(|(_, g)| !g.is_empty()) {
            let font = &fonts.fonts[&role];
            let (_, mine) = usage
                .fonts
                .entry(font.file.clone())
                .or_insert_with(|| (font.clone(), BTreeMap::new()));
            for (gid, ch) in glyphs {
                mine.entry(gid).or_insert(ch);
            }
        }
        usage
    }

    /// Add `other`'s glyphs; where both map a glyph to a character, `self`'s stays (so merging
    /// in document order keeps the first one seen).
    pub fn merge(mut self, other: GlyphUsage) -> GlyphUsage {
        for (file, (font, glyphs)) in other.fonts {
            let (_, mine) = self.fonts.entry(file).or_insert_with(|| (font, BTreeMap::new()));
            for (gid, ch) in glyphs {
                mine.entry(gid).or_insert(ch);
            }
        }
        self
    }

    /// Subset every font, in parallel. A font that cannot be subset fails only the documents
    /// that use it.
    pub fn subset(&self) -> Subsets {
        use rayon::prelude::*;
        let fonts = self
            .fonts
            .par_iter()
            .map(|(file, (font, glyphs))| (file.clone(), FontSubset::new(font, glyphs).map(Arc::new)))
            .collect();
        Subsets { fonts }
    }
}

/// The subsets for a run, by font file, or why a font could not be subset.
pub struct Subsets {
    pub fonts: HashMap<FontFile, Result<Arc<FontSubset>, String>>,
}

/// One font cut down to the glyphs a run draws.
pub struct FontSubset {
    pub font: Arc<Font>,
    /// The font as printpdf parsed it, for its name and metrics.
    pub parsed: Arc<printpdf::ParsedFont>,
    /// Six capital letters from a hash of the font and its glyph set: equal subsets, equal tags.
    pub tag: String,
    /// The subset as a font file: `OTTO` (CFF outlines) or TrueType, with a cmap.
    pub program: Vec<u8>,
    /// Original glyph id → (glyph id in the subset, the text it stands for).
    pub glyphs: BTreeMap<u16, (u16, String)>,
    /// Original glyph ids that the font's cmap gives for the character recorded with them, so
    /// that a reader that finds glyphs by text (OFD) finds this one.
    pub by_cmap: HashMap<u16, char>,
}

impl FontSubset {
    fn new(font: &Arc<Font>, glyphs: &BTreeMap<u16, char>) -> Result<FontSubset, String> {
        let shown = font.file.to_string();
        // The subsetter trusts the font's offsets: every glyph it will copy is first read by
        // ttf-parser, which checks them.
        let damaged: Vec<String> = glyphs
            .iter()
            .filter(|(gid, _)| !font.outline_readable(**gid))
            .map(|(_, ch)| format!("「{ch}」"))
            .collect();
        if !damaged.is_empty() {
            return Err(format!(
                "{shown}: 字体文件已损坏，这些字的字形读不出来（damaged glyphs）：{}",
                damaged.join("")
            ));
        }
        let parsed = font.for_pdf().map_err(|e| format!("{shown}: {e}"))?;
        let texts: BTreeMap<u16, String> = glyphs.iter().map(|(gid, ch)| (*gid, ch.to_string())).collect();
        let subset = crate::fonts::guard(&shown, || {
            printpdf::subset_font(&parsed, &texts).map_err(|e| format!("无法嵌入字体（cannot subset the font）：{e}"))
        })?;
        let by_cmap = glyphs
            .iter()
            .filter(|(gid, ch)| font.glyph(**ch).is_some_and(|(g, _)| g == **gid))
            .map(|(gid, ch)| (*gid, *ch))
            .collect();
        Ok(FontSubset {
            font: font.clone(),
            parsed,
            tag: subset_tag(&font.file, glyphs),
            program: subset.bytes,
            glyphs: subset.glyph_mapping,
            by_cmap,
        })
    }

    /// The font's PostScript-style name, for naming it in a file (the file name when the font
    /// gives none).
    pub fn font_name(&self) -> String {
        self.parsed.font_name.clone().unwrap_or_else(|| self.font.name())
    }
}

/// Six capital letters from a hash of the font and its glyph set (ISO 32000-1, 9.6.4): the
/// same subset gets the same tag on every run.
fn subset_tag(file: &FontFile, glyphs: &BTreeMap<u16, char>) -> String {
    // FNV-1a: stable across Rust versions, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    };
    feed(file.path.as_os_str().as_encoded_bytes());
    feed(&file.index.to_le_bytes());
    for gid in glyphs.keys() {
        feed(&gid.to_le_bytes());
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}
