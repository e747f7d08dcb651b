//! GB/T 9704 page layout, in the order Typst's layout code taught: measurement first
//! ([`measure`]), then line breaking ([`linebreak`], [`title`]) of each block as its element is
//! set ([`compose`]), then page breaking ([`page`]), and finally the laid-out document
//! ([`document`], the format-free [`crate::frame`] that every writer draws). Each stage is a
//! plain function over plain data; fonts are consulted only by `measure`.

pub mod compose;
pub mod document;
pub mod linebreak;
pub mod measure;
pub mod name_list;
pub mod page;
pub mod title;

/// 1 mm in PDF points.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// The page and its grid, in points, origin at the top left of the paper.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub page_width: f32,
    pub page_height: f32,
    pub margin_top: f32,
    pub margin_left: f32,
    pub area_width: f32,
    pub area_height: f32,
    pub lines_per_page: usize,
    pub chars_per_line: usize,
    /// Body text size (三号).
    pub body_size: f32,
}

impl Geometry {
    /// A4; top margin 37 mm; left 28 mm; type area 156 × 225 mm; 22 lines × 28 characters of 16 pt.
    pub fn gbt9704() -> Geometry {
        Geometry {
            page_width: 210.0 * PT_PER_MM,
            page_height: 297.0 * PT_PER_MM,
            margin_top: 37.0 * PT_PER_MM,
            margin_left: 28.0 * PT_PER_MM,
            area_width: 156.0 * PT_PER_MM,
            area_height: 225.0 * PT_PER_MM,
            lines_per_page: 22,
            chars_per_line: 28,
            body_size: 16.0,
        }
    }

    /// 225 mm / 22: the lines fill the type area exactly.
    pub fn line_pitch(&self) -> f32 {
        self.area_height / self.lines_per_page as f32
    }

    /// 156 mm / 28: one grid character.
    pub fn char_pitch(&self) -> f32 {
        self.area_width / self.chars_per_line as f32
    }

    /// Space added after every body glyph so that 28 Hanzi of 16 pt fill the line (about −0.21 pt).
    pub fn tracking(&self) -> f32 {
        self.char_pitch() - self.body_size
    }

    /// The tracking for text of `size`: body-size text sits on the character grid; other sizes
    /// are set solid. Measurement and the PDF writer must agree on it to the hundredth.
    pub fn tracking_for(&self, size: f32) -> f32 {
        if (size - self.body_size).abs() < 0.01 {
            self.tracking()
        } else {
            0.0
        }
    }
}

/// How a run of text is set: which font role, at which size.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    /// 二号 小标宋.
    Title,
    /// 三号 仿宋.
    Body,
    /// 三号 黑体: level-1 headings (一、).
    Heading1,
    /// 三号 楷体: level-2 headings (（一）).
    Heading2,
    /// 四号 宋体: page numbers.
    PageNumber,
    /// 四号 仿宋: the copy-to line of the 版记.
    Small,
}

impl Style {
    pub fn role(self) -> crate::fonts::Role {
        use crate::fonts::Role;
        match self {
            Style::Title => Role::Title,
            Style::Body | Style::Small => Role::Body,
            Style::Heading1 => Role::Heading1,
            Style::Heading2 => Role::Heading2,
            Style::PageNumber => Role::PageNumber,
        }
    }

    pub fn size(self) -> f32 {
        match self {
            Style::Title => 22.0,
            Style::Body | Style::Heading1 | Style::Heading2 => 16.0,
            Style::PageNumber | Style::Small => 14.0,
        }
    }
}

/// What a character is, for line breaking and punctuation width.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Class {
    /// Hanzi and other full-width characters without blank halves.
    Han,
    /// Opening brackets and quotes: ink in the right half, blank in the left.
    Open,
    /// Closing brackets and quotes, pause and stop marks: ink in the left half, blank in the right.
    Close,
    /// Interpunct, solidus, connectors, dashes, ellipsis: fixed width, never adjusted.
    Fixed,
    /// Latin letters, digits and ASCII signs: proportional.
    Latin,
    /// A word space between Latin words: a break opportunity, dropped at line edges.
    Space,
    /// A full-width space (U+3000) used for alignment: takes a cell, draws nothing.
    FullSpace,
}

pub fn classify(c: char) -> Class {
    match c {
        ' ' => Class::Space,
        '\u{3000}' => Class::FullSpace,
        '（' | '《' | '〈' | '【' | '〖' | '〔' | '［' | '｛' | '“' | '‘' | '「' | '『' => Class::Open,
        '、' | '，' | '。' | '．' | '：' | '；' | '！' | '？' | '）' | '》' | '〉' | '】' | '〗' | '〕' | '］'
        | '｝' | '”' | '’' | '」' | '』' => Class::Close,
        '·' | '・' | '‧' | '／' | '～' | '—' | '…' | '⋯' | '–' => Class::Fixed,
        c if c.is_ascii() => Class::Latin,
        '％' | '‰' | '℃' | '°' => Class::Latin,
        _ => Class::Han,
    }
}

/// clreq: characters that may not start a line.
pub fn no_line_start(c: char) -> bool {
    matches!(
        c,
        '、' | '，'
            | '。'
            | '．'
            | '：'
            | '；'
            | '！'
            | '？'
            | '‼'
            | '⁇'
            | '”'
            | '’'
            | '」'
            | '』'
            | '）'
            | '》'
            | '〉'
            | '】'
            | '〗'
            | '〕'
            | '］'
            | '｝'
            | '～'
            | '—'
            | '–'
            | '·'
            | '・'
            | '‧'
            | '/'
            | '／'
            | '…'
            | '⋯'
            | '%'
            | '％'
            | '‰'
            | ','
            | '.'
            | ':'
            | ';'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
    )
}

/// clreq: characters that may not end a line.
pub fn no_line_end(c: char) -> bool {
    matches!(
        c,
        '“' | '‘'
            | '「'
            | '『'
            | '（'
            | '《'
            | '〈'
            | '【'
            | '〖'
            | '〔'
            | '［'
            | '｛'
            | '/'
            | '／'
            | '('
            | '['
            | '{'
    )
}

/// One measured character.
#[derive(Clone, Debug, PartialEq)]
pub struct Glyph {
    pub ch: char,
    /// Glyph id in the style's font (0 for spaces, which are never drawn, and missing glyphs).
    pub gid: u16,
    pub style: Style,
    pub class: Class,
    /// Natural advance in points, tracking included.
    pub width: f32,
    /// Where it came from, for messages (line in the Markdown).
    pub source_line: usize,
}

impl Glyph {
    /// The blank half of a punctuation mark, which compression may remove.
    pub fn half(&self) -> f32 {
        self.style.size() / 2.0
    }
}

/// A character placed on a line.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub ch: char,
    pub gid: u16,
    pub style: Style,
    /// Left edge of its cell, from the left edge of the type area.
    pub x: f32,
    /// The width the cell finally takes.
    pub width: f32,
    /// How far the glyph is drawn left of `x` (an opening mark that lost its blank left half).
    pub shift: f32,
}

/// A finished line: placed characters, and whether it was stretched to the full measure.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Line {
    pub glyphs: Vec<Placed>,
    pub justified: bool,
}

impl Line {
    /// Glyphs side by side at their natural widths, the first at `x`: a line that is not
    /// justified (a title line, a signature, a centred number).
    pub fn natural(glyphs: &[Glyph], mut x: f32) -> Line {
        let placed = glyphs
            .iter()
            .map(|g| {
                let p = Placed {
                    ch: g.ch,
                    gid: g.gid,
                    style: g.style,
                    x,
                    width: g.width,
                    shift: 0.0,
                };
                x += g.width;
                p
            })
            .collect();
        Line {
            glyphs: placed,
            justified: false,
        }
    }

    /// Glyphs at their natural widths, centred in a measure of `width` (flush left if wider).
    pub fn centred(glyphs: &[Glyph], width: f32) -> Line {
        let natural: f32 = glyphs.iter().map(|g| g.width).sum();
        Line::natural(glyphs, ((width - natural) / 2.0).max(0.0))
    }

    /// The same line moved so that it stands centred in a measure of `width` (flush left if
    /// wider).
    pub fn centred_in(mut self, width: f32) -> Line {
        let left = self.glyphs.first().map_or(0.0, |g| g.x);
        let shift = ((width - (self.right() - left)) / 2.0).max(0.0) - left;
        for g in &mut self.glyphs {
            g.x += shift;
        }
        self
    }

    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }
    /// Right edge of the last cell.
    pub fn right(&self) -> f32 {
        self.glyphs.last().map_or(0.0, |g| g.x + g.width)
    }
}

/// Glyphs for tests: Hanzi and marks on the 15.79 pt grid, Latin and digits 8 pt, spaces 4 pt.
#[cfg(test)]
pub(crate) fn test_glyphs(text: &str, style: Style) -> Vec<Glyph> {
    text.chars()
        .map(|ch| {
            let class = classify(ch);
            let width = match class {
                Class::Latin => 8.0,
                Class::Space => 4.0,
                _ if style == Style::Title => 22.0,
                _ => 15.793,
            };
            Glyph {
                ch,
                gid: 0,
                style,
                class,
                width,
                source_line: 1,
            }
        })
        .collect()
}
