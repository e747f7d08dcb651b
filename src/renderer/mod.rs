//! One module per output format. Markdown is the hub: the PDF and the DOCX are made from it,
//! through the same document blocks ([`blocks`]); the preview's SVG pages from the PDF's
//! laid-out pages.

pub mod blocks;
pub mod docx;
pub mod markdown;
pub mod pdf;
pub mod svg;
pub mod templates;
