//! One module per output format. Markdown is the hub: the PDF, the OFD and the DOCX are made
//! from it, through the same document blocks ([`blocks`]); the PDF and the OFD draw the same
//! laid-out pages ([`crate::frame`]) with the same font subsets ([`subset`]).

pub mod blocks;
pub mod docx;
pub mod markdown;
pub mod ofd;
pub mod pdf;
pub mod subset;
pub mod templates;
