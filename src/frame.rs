//! The laid-out document: pages of positioned glyph runs and rules, and nothing of any file
//! format. Layout ([`crate::layout::document`]) makes it; every writer (PDF today, OFD next)
//! draws it as it is, without measuring or breaking anything itself.
//!
//! Coordinates are points from the top-left corner of the paper, y growing downwards, as a
//! person measures a printed page with a ruler; a writer whose format counts from the bottom
//! flips them.

use crate::fonts::Role;

/// A whole document, ready to be written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// The document's title, for the file's metadata.
    pub title: String,
    /// The issuing organs as signed (发文机关署名), for the file's author.
    pub issuers: Vec<String>,
    /// The date as signed (成文日期), as an ISO 8601 date (`2021-03-15`), if it reads as one.
    pub date: Option<String>,
    pub pages: Vec<Frame>,
    /// Headings with where they stand, for bookmarks.
    pub outline: Vec<OutlineEntry>,
}

/// One page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    /// Drawn in order.
    pub items: Vec<Item>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rule(Rule),
}

/// Glyphs of one font at one size and colour on one baseline.
#[derive(Clone, Debug, PartialEq)]
pub struct TextRun {
    /// The font, by the role it serves; the run's [`crate::fonts::FontSet`] gives the file.
    pub role: Role,
    pub size: f32,
    pub color: Color,
    /// y of the baseline.
    pub baseline: f32,
    /// Space layout added after every glyph beyond the font's advance (the character grid's
    /// tracking). Writers may use it to write fewer offsets; the glyph positions are exact anyway.
    pub letter_spacing: f32,
    pub glyphs: Vec<PositionedGlyph>,
}

/// A glyph where layout put it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PositionedGlyph {
    /// Glyph id in the run's font (never 0: spaces are positions, not glyphs).
    pub gid: u16,
    /// The text it stands for, for extraction, search and screen readers.
    pub ch: char,
    /// x of the glyph's origin.
    pub x: f32,
    /// The room layout gave it: the font's advance, or less where a punctuation mark was set
    /// half-width. Letter spacing is not included.
    pub advance: f32,
    /// A space stood before it in the text: spaces are positions, not glyphs, and a writer whose
    /// readers find words by text (OFD) starts a new piece of text here.
    pub space_before: bool,
}

/// A straight line: a horizontal rule of the 版记, later a table's cell border.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rule {
    pub from: (f32, f32),
    pub to: (f32, f32),
    pub thickness: f32,
    pub color: Color,
}

/// An sRGB colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
}

impl Color {
    pub const BLACK: Color = Color { r: 0, g: 0, b: 0 };
}

/// A heading: its level (1 for 一、), its text, the page (from 0) and the y of its line's top.
#[derive(Clone, Debug, PartialEq)]
pub struct OutlineEntry {
    pub level: u8,
    pub title: String,
    pub page: usize,
    pub y: f32,
}

impl Document {
    /// Every text run, page by page.
    pub fn runs(&self) -> impl Iterator<Item = &TextRun> {
        self.pages
            .iter()
            .flat_map(|p| p.items.iter())
            .filter_map(|item| match item {
                Item::Text(run) => Some(run),
                Item::Rule(_) => None,
            })
    }
}
