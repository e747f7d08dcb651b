//! One module per output format. Markdown is the hub: the PDF is laid out from it.

pub mod markdown;
pub mod pdf;
pub mod templates;
