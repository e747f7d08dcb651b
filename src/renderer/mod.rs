//! One module per output format. Markdown is the hub: the PDF, the OFD and the DOCX are made
//! from it, through the same document blocks ([`blocks`]); the PDF, the OFD and the preview's
//! SVG ([`svg`]) draw the same laid-out pages ([`crate::frame`]), the first two with the same
//! font subsets ([`subset`]).

pub mod blocks;
pub mod docx;
pub mod markdown;
pub mod name_list;
pub mod ofd;
pub mod pdf;
pub mod subset;
pub mod svg;
pub mod templates;

/// Lay out `markdown` for the PDF or the OFD, each problem placed in the Markdown `source`.
pub fn lay_out(
    markdown: &str,
    fonts: &crate::fonts::FontSet,
    source: &std::path::Path,
) -> Result<crate::frame::Document, Vec<crate::diagnostic::Diagnostic>> {
    crate::layout::document::lay_out(markdown, fonts)
        .map_err(|problems| problems.iter().map(|p| p.in_markdown(markdown, source)).collect())
}
