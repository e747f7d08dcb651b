//! The laid-out document ([`crate::frame`]) → PDF: font programs ([`embed`], from the subsets of
//! [`crate::renderer::subset`]) and the objects ([`write`], with lopdf). Nothing here measures or
//! breaks anything.
//!
//! A batch lays out every document first, then subsets each font once for all of them
//! ([`GlyphUsage::merge`]), then writes: the expensive part of a PDF, the font programs,
//! is done once per run instead of once per document.

pub mod embed;
pub mod write;

pub use write::write;

use crate::diagnostic::Diagnostic;
use crate::fonts::FontSet;
use crate::renderer::subset::GlyphUsage;
use embed::Embedded;
use std::path::Path;

/// Lay out `markdown` and return the PDF bytes. `source` names the Markdown in messages.
pub fn render(markdown: &str, fonts: &FontSet, source: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let document = crate::renderer::lay_out(markdown, fonts, source)?;
    let embedded = Embedded::new(&GlyphUsage::of_document(&document, fonts).subset());
    write(&document, fonts, &embedded).map_err(|e| vec![Diagnostic::file(source, e)])
}
