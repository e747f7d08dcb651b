//! The laid-out document ([`crate::frame`]) → OFD (GB/T 33190-2016), the fixed-layout format in
//! which Chinese government systems exchange and archive documents: a zip package of XML parts
//! ([`package`], [`page`]) with the same font subsets as the PDF embedded as font files
//! ([`fonts`]). Nothing here measures or breaks anything: the pages are the PDF's pages.

pub mod fonts;
pub mod package;
pub mod page;
pub mod xml;

pub use fonts::Embedded;
pub use package::write;

use crate::diagnostic::Diagnostic;
use crate::fonts::FontSet;
use crate::renderer::subset::GlyphUsage;
use std::path::Path;

/// Lay out `markdown` and return the OFD bytes. `source` names the Markdown in messages.
pub fn render(markdown: &str, fonts: &FontSet, source: &Path) -> Result<Vec<u8>, Vec<Diagnostic>> {
    let document = crate::renderer::lay_out(markdown, fonts, source)?;
    let embedded = Embedded::new(&GlyphUsage::of_document(&document, fonts).subset());
    write(&document, fonts, &embedded).map_err(|e| vec![Diagnostic::file(source, e)])
}
