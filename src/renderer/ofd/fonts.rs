//! Font files for the OFD: each subset of the run ([`crate::renderer::subset`]) embedded as the
//! font file it is — OpenType (CFF outlines) or TrueType, with the cmap that maps the characters
//! drawn to their glyphs, since an OFD reader finds a glyph from the text of a `TextCode`.
//!
//! A font file is compressed once per run, however many packages embed it: it is deflated into
//! a one-entry zip archive, whose entry each package then copies as it is (`raw_copy_file`).

use crate::fonts::FontFile;
use crate::renderer::subset::{FontSubset, Subsets};
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::sync::Arc;
use zip::write::SimpleFileOptions;

/// The OFD fonts for a run, by font file, or why a font could not be subset.
pub struct Embedded {
    pub fonts: HashMap<FontFile, Result<Arc<EmbeddedFont>, String>>,
}

impl Embedded {
    /// Compress every subset for the OFD, in parallel.
    pub fn new(subsets: &Subsets) -> Embedded {
        use rayon::prelude::*;
        let fonts = subsets
            .fonts
            .par_iter()
            .map(|(file, subset)| {
                let font = subset
                    .as_ref()
                    .map_err(Clone::clone)
                    .and_then(|s| EmbeddedFont::new(s.clone()).map(Arc::new));
                (file.clone(), font)
            })
            .collect();
        Embedded { fonts }
    }
}

/// One subset, compressed, ready to be copied into any number of packages.
pub struct EmbeddedFont {
    pub subset: Arc<FontSubset>,
    /// `otf` (CFF outlines) or `ttf`.
    pub extension: &'static str,
    /// A zip archive holding the font file alone, deflated.
    archive: Vec<u8>,
}

/// Every entry gets the same time (zip's earliest, 1980-01-01), so that the same input gives
/// the same bytes.
pub fn entry_options(method: zip::CompressionMethod) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(method)
        .last_modified_time(zip::DateTime::default())
}

impl EmbeddedFont {
    fn new(subset: Arc<FontSubset>) -> Result<EmbeddedFont, String> {
        let extension = if subset.program.starts_with(b"OTTO") {
            "otf"
        } else {
            "ttf"
        };
        let failed =
            |e: &dyn std::fmt::Display| format!("{}: 无法嵌入字体（cannot embed the font）：{e}", subset.font.name());
        let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
        zip.start_file("font", entry_options(zip::CompressionMethod::Deflated))
            .map_err(|e| failed(&e))?;
        zip.write_all(&subset.program).map_err(|e| failed(&e))?;
        let archive = zip.finish().map_err(|e| failed(&e))?.into_inner();
        Ok(EmbeddedFont {
            subset,
            extension,
            archive,
        })
    }

    /// Copy the compressed font file into `zip` under `name`.
    pub fn copy_into<W: Write + std::io::Seek>(
        &self,
        zip: &mut zip::ZipWriter<W>,
        name: &str,
    ) -> zip::result::ZipResult<()> {
        let mut archive = zip::ZipArchive::new(Cursor::new(self.archive.as_slice()))?;
        let entry = archive.by_index_raw(0)?;
        zip.raw_copy_file_rename(entry, name)
    }

    /// The glyph id in the subset that draws original glyph `gid` (0, .notdef, if none).
    pub fn new_gid(&self, gid: u16) -> u16 {
        self.subset.glyphs.get(&gid).map_or(0, |(new, _)| *new)
    }

    /// Whether a reader that looks `ch` up in the font's cmap finds glyph `gid`; where it does
    /// not, the text object says which glyph to draw (`CGTransform`).
    pub fn found_by_text(&self, gid: u16, ch: char) -> bool {
        match self.subset.by_cmap.get(&gid) {
            Some(c) if *c == ch => true,
            _ => self.subset.font.glyph(ch).is_some_and(|(g, _)| g == gid),
        }
    }
}
