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

/// One page. A frame wider than it is tall is a landscape page (横排表格, GB/T 9704 §8): it is
/// printed on the same portrait sheet as the others, turned a quarter counterclockwise, so that
/// its top edge lies along the sheet's left edge (the binding edge on odd pages, the cutting
/// edge on even ones). Its page number is a run turned back to stand upright on the sheet
/// ([`Rotation::Clockwise`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Frame {
    pub width: f32,
    pub height: f32,
    /// Drawn in order.
    pub items: Vec<Item>,
}

impl Frame {
    pub fn is_landscape(&self) -> bool {
        self.width > self.height
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Item {
    Text(TextRun),
    Rule(Rule),
    Image(PlacedImage),
}

/// An image (a seal) in a box: drawn over whatever comes before it, its transparent parts
/// letting the text show.
#[derive(Clone, Debug, PartialEq)]
pub struct PlacedImage {
    /// Top-left corner of the box.
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
    /// The image file as read (PNG), with its size in pixels.
    pub image: std::sync::Arc<crate::image::Image>,
    /// What the image is, for readers that show one instead (the organ whose seal it is).
    pub description: String,
}

/// How a run stands on the frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Rotation {
    /// Glyphs left to right on a horizontal baseline.
    #[default]
    Upright,
    /// The run as laid out (glyph x along a baseline at y), then turned a quarter clockwise
    /// about the origin of its first glyph: it reads downwards, its tops facing the frame's
    /// right edge. The page number of a landscape page, upright on the sheet.
    Clockwise,
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
    pub rotation: Rotation,
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

/// A straight line: a rule of the 版记, a table's cell border.
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
    /// The 版头's red (发文机关标志, the rule under the number): sRGB #FF0000, the red of WPS's
    /// and Word's standard colours, CMYK 0/100/100/0 as most printers separate it.
    pub const RED: Color = Color { r: 255, g: 0, b: 0 };
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
                Item::Rule(_) | Item::Image(_) => None,
            })
    }
}
