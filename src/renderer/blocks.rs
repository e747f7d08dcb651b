//! Markdown → document blocks, by the conventions in the README: `#` title, `##`–`#####`
//! heading levels, `**…**` at a paragraph start as a run-in heading, `\` hard breaks kept as
//! lines, `<!-- gongwen:ROLE -->` giving the next paragraph a role, GFM pipe tables.

use crate::layout::Style;
use crate::layout::measure::Span;
use crate::plan::text::is_cjk;
use pulldown_cmark::{Alignment, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Title,
    /// Heading level 1 (一、) to 4 (（1）).
    Heading(u8),
    Paragraph,
    DocNumber,
    Addressee,
    Attachments,
    Signature,
    CopyTo,
    PageBreak,
    /// A table; the block's `table` holds it.
    Table,
    /// 附件1 (or 附件): the first line of an attachment, which starts a new page; the
    /// attachment's title follows as a `#` title.
    AttachmentLabel,
    /// 版头: 份号, 密级和保密期限, 紧急程度 (flush left on the first lines).
    CopyNumber,
    Secrecy,
    Urgency,
    /// 发文机关标志: one line per organ, then 文件 on a line of its own when it follows them.
    IssuerMark,
    /// 签发人 (上行文): 签发人：names, the 发文字号 then flush left on the last line.
    Signers,
    /// 发文机关署名 and 成文日期 with seals (加盖印章): organs (each line may carry its seal as
    /// a Markdown image), then the date.
    SealedSignature,
    /// 附注: in （）, the line below the date.
    Note,
    /// The 版记's last line: the printing office, then (second line) the date and 印发.
    PrintedBy,
}

/// An image in a block: the line it stands on, where the file is and what it shows.
#[derive(Clone, Debug, PartialEq)]
pub struct BlockImage {
    pub segment: usize,
    pub path: String,
    pub alt: String,
}

/// How a column's cells are aligned: as the GFM delimiter row says (`:--`, `:-:`, `--:`), or,
/// for `---`, chosen by layout (numbers and short cells centred).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    Auto,
    Left,
    Center,
    Right,
}

/// A cell: its lines (split at `<br>`), each a list of spans.
pub type Cell = Vec<Vec<Span>>;

/// A table as written: the header row and the body rows, every row as wide as the header
/// (GFM drops extra cells and pads short rows with empty ones).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    pub align: Vec<Align>,
    pub header: Vec<Cell>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// Header and body rows, in reading order.
    pub fn all_rows(&self) -> impl Iterator<Item = &Vec<Cell>> {
        std::iter::once(&self.header).chain(&self.rows)
    }
}

/// The text of a cell, its lines joined.
pub fn cell_text(cell: &Cell) -> String {
    cell.iter().flatten().map(|s| s.text.as_str()).collect()
}

/// A block of the document: its lines as written (split at hard breaks), each a list of spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    pub kind: Kind,
    pub segments: Vec<Vec<Span>>,
    /// 1-based line in the Markdown where the block starts.
    pub line: usize,
    /// The table, for a [`Kind::Table`] block (whose `segments` are empty).
    pub table: Option<Box<Table>>,
    /// Seals in a [`Kind::SealedSignature`] block.
    pub images: Vec<BlockImage>,
}

impl Block {
    /// The block's text; a table's cells in reading order.
    pub fn text(&self) -> String {
        match &self.table {
            Some(table) => table.all_rows().flatten().map(cell_text).collect(),
            None => self.segments.iter().flatten().map(|s| s.text.as_str()).collect(),
        }
    }
}

fn marker_kind(html: &str) -> Option<Kind> {
    let inner = html.trim().strip_prefix("<!--")?.strip_suffix("-->")?.trim();
    match inner.strip_prefix("gongwen:")?.trim() {
        "doc-number" => Some(Kind::DocNumber),
        "addressee" => Some(Kind::Addressee),
        "attachments" => Some(Kind::Attachments),
        "signature" => Some(Kind::Signature),
        "copy-to" => Some(Kind::CopyTo),
        "page-break" => Some(Kind::PageBreak),
        "attachment" => Some(Kind::AttachmentLabel),
        "copy-number" => Some(Kind::CopyNumber),
        "secrecy" => Some(Kind::Secrecy),
        "urgency" => Some(Kind::Urgency),
        "issuer-mark" => Some(Kind::IssuerMark),
        "signer" => Some(Kind::Signers),
        "sealed-signature" => Some(Kind::SealedSignature),
        "note" => Some(Kind::Note),
        "printed-by" => Some(Kind::PrintedBy),
        _ => None,
    }
}

/// The font a run-in heading takes from its number: （一） → 楷体, 一、 → 黑体, 1. and （1） → 仿宋.
fn run_in_style(text: &str) -> Style {
    const NUMERALS: &str = "一二三四五六七八九十";
    let t = text.trim_start();
    let mut chars = t.chars();
    let first = chars.next();
    if matches!(first, Some('（' | '(')) {
        let numeral: String = chars.clone().take_while(|c| NUMERALS.contains(*c)).collect();
        if !numeral.is_empty() && matches!(chars.nth(numeral.chars().count()), Some('）' | ')')) {
            return Style::Heading2;
        }
    } else if first.is_some_and(|c| NUMERALS.contains(c)) {
        let numeral: String = t.chars().take_while(|c| NUMERALS.contains(*c)).collect();
        if t[numeral.len()..].starts_with('、') {
            return Style::Heading1;
        }
    }
    Style::Body
}

struct Builder {
    kind: Kind,
    line: usize,
    base: Style,
    segments: Vec<Vec<(char, Style, usize)>>,
    run_in: RunIn,
    soft_break: bool,
    images: Vec<BlockImage>,
    /// Inside an image: its alt text is read here, not as text of the line.
    image_alt: Option<String>,
}

#[derive(PartialEq)]
enum RunIn {
    /// Nothing read yet: a `**` now starts a run-in heading.
    Possible,
    /// Inside the bold span at the paragraph start, from this char index of segment 0.
    Reading(usize),
    /// Just closed: one punctuation mark right after it still belongs to the heading.
    Closed(Style),
    No,
}

impl Builder {
    fn new(kind: Kind, line: usize, base: Style) -> Self {
        let run_in = if kind == Kind::Paragraph {
            RunIn::Possible
        } else {
            RunIn::No
        };
        Builder {
            kind,
            line,
            base,
            segments: vec![Vec::new()],
            run_in,
            soft_break: false,
            images: Vec::new(),
            image_alt: None,
        }
    }

    fn push_text(&mut self, text: &str, line: usize) {
        let style = match self.run_in {
            RunIn::Closed(style) => {
                let mut chars = text.chars();
                if let Some(c) = chars.next().filter(|c| "。．.：:".contains(*c)) {
                    self.run_in = RunIn::No;
                    self.push_chars(&c.to_string(), style, line);
                    self.push_text(chars.as_str(), line);
                    return;
                }
                self.run_in = RunIn::No;
                self.base
            }
            RunIn::Possible => {
                if !text.trim().is_empty() {
                    self.run_in = RunIn::No;
                }
                self.base
            }
            _ => self.base,
        };
        self.push_chars(text, style, line);
    }

    fn push_chars(&mut self, text: &str, style: Style, line: usize) {
        if self.segments.is_empty() {
            self.segments.push(Vec::new());
        }
        let Some(segment) = self.segments.last_mut() else {
            return;
        };
        if self.soft_break {
            self.soft_break = false;
            // A line break in the source joins Chinese directly and Latin with a space.
            let before = segment.last().map(|c| c.0);
            let after = text.chars().next();
            if let (Some(b), Some(a)) = (before, after)
                && !is_cjk(b)
                && !is_cjk(a)
            {
                segment.push((' ', style, line));
            }
        }
        segment.extend(text.chars().map(|c| (c, style, line)));
    }

    fn finish(mut self) -> Block {
        while self.segments.len() > 1 && self.segments.last().is_some_and(Vec::is_empty) {
            self.segments.pop();
        }
        let segments = self.segments.into_iter().map(spans).collect();
        Block {
            kind: self.kind,
            segments,
            line: self.line,
            table: None,
            images: self.images,
        }
    }
}

/// A table being read: the table so far and the row being filled.
struct TableBuilder {
    table: Table,
    row: Vec<Cell>,
    line: usize,
}

/// `<br>`, `<br/>` or `<br />`: a line break inside a table cell, as GFM writes one.
fn is_br(html: &str) -> bool {
    let t = html.trim().to_ascii_lowercase();
    let inner = t.strip_prefix('<').and_then(|t| t.strip_suffix('>')).unwrap_or("");
    inner.trim_end_matches('/').trim() == "br"
}

/// Group characters into spans, dropping spaces next to Chinese text or at the line edges (an
/// official document puts none there) and folding runs of spaces. U+3000 stays: it aligns.
fn spans(chars: Vec<(char, Style, usize)>) -> Vec<Span> {
    let is_space = |c: char| c == ' ' || c == '\t' || c == '\n';
    // The first character after each position that is not a space, found in one pass from the
    // end (looking ahead from every space would be quadratic on a long run of spaces).
    let mut next_solid: Vec<Option<char>> = vec![None; chars.len() + 1];
    for i in (0..chars.len()).rev() {
        next_solid[i] = if is_space(chars[i].0) {
            next_solid[i + 1]
        } else {
            Some(chars[i].0)
        };
    }
    let mut kept: Vec<(char, Style, usize)> = Vec::with_capacity(chars.len());
    for (i, &(c, style, line)) in chars.iter().enumerate() {
        if !is_space(c) {
            kept.push((c, style, line));
            continue;
        }
        let prev = kept.last().map(|k| k.0);
        let next = next_solid[i + 1];
        let keep = matches!((prev, next), (Some(p), Some(n)) if p != ' ' && !is_cjk(p) && !is_cjk(n));
        if keep {
            kept.push((' ', style, line));
        }
    }
    let mut out: Vec<Span> = Vec::new();
    for (c, style, line) in kept {
        match out.last_mut() {
            Some(span) if span.style == style => span.text.push(c),
            _ => out.push(Span {
                text: c.to_string(),
                style,
                source_line: line,
            }),
        }
    }
    out
}

/// A construct in hand-written Markdown that gongwen cannot print, and would otherwise drop
/// without a word: its line and what to do about it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub message: String,
}

/// The document's blocks, leniently: whatever cannot be printed is left out (for lint and diff,
/// which only read the text).
pub fn parse(md: &str) -> Vec<Block> {
    read(md).0
}

/// The document's blocks, or every construct in it that cannot be printed, each at its line:
/// every character of text reaches the document or is refused, never dropped without a word.
/// A document with no text at all is refused too (a PDF needs a page).
pub fn parse_printable(md: &str) -> Result<Vec<Block>, Vec<Refusal>> {
    let (blocks, mut refused) = read(md);
    if refused.is_empty()
        && !blocks
            .iter()
            .any(|b| b.table.is_some() || b.segments.iter().any(|s| !s.is_empty()))
    {
        refused.push(Refusal {
            line: 1,
            message: "文档没有任何文字（the document has no text）：至少要有标题或正文".to_string(),
        });
    }
    if refused.is_empty() { Ok(blocks) } else { Err(refused) }
}

/// Markers a hand-written document may use, for messages.
const MARKERS: &str = "doc-number、addressee、attachments、signature、sealed-signature、note、copy-to、printed-by、page-break、attachment、copy-number、secrecy、urgency、issuer-mark、signer";

fn read(md: &str) -> (Vec<Block>, Vec<Refusal>) {
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(md.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let line_of = |offset: usize| line_starts.partition_point(|&s| s <= offset);
    let mut blocks = Vec::new();
    let mut refused = Vec::new();
    let mut pending_role: Option<Kind> = None;
    let mut current: Option<Builder> = None;
    let mut lists: Vec<Option<u64>> = Vec::new();
    let mut table: Option<TableBuilder> = None;
    let mut html_block: Option<(usize, String)> = None;
    // A block that starts inside another (a nested list inside an item, a heading in a list)
    // ends the one before it, which keeps its text.
    let flush = |current: &mut Option<Builder>, blocks: &mut Vec<Block>| {
        if let Some(b) = current.take() {
            let block = b.finish();
            if block.segments.iter().any(|s| !s.is_empty()) {
                blocks.push(block);
            }
        }
    };

    let mut events = Parser::new_ext(md, Options::ENABLE_TABLES).into_offset_iter();
    for (event, range) in events.by_ref() {
        let line = line_of(range.start);
        match event {
            Event::Start(Tag::Table(alignments)) => {
                pending_role = None;
                table = Some(TableBuilder {
                    table: Table {
                        align: alignments
                            .iter()
                            .map(|a| match a {
                                Alignment::None => Align::Auto,
                                Alignment::Left => Align::Left,
                                Alignment::Center => Align::Center,
                                Alignment::Right => Align::Right,
                            })
                            .collect(),
                        ..Table::default()
                    },
                    row: Vec::new(),
                    line,
                });
            }
            Event::Start(Tag::TableCell) => {
                let mut b = Builder::new(Kind::Paragraph, line, Style::Body);
                b.run_in = RunIn::No;
                current = Some(b);
            }
            Event::End(TagEnd::TableCell) => {
                let cell = current.take().map(|b| b.finish().segments).unwrap_or_default();
                if let Some(t) = table.as_mut() {
                    t.row.push(cell);
                }
            }
            Event::End(TagEnd::TableHead) => {
                if let Some(t) = table.as_mut() {
                    t.table.header = std::mem::take(&mut t.row);
                }
            }
            Event::End(TagEnd::TableRow) => {
                if let Some(t) = table.as_mut() {
                    let row = std::mem::take(&mut t.row);
                    t.table.rows.push(row);
                }
            }
            Event::End(TagEnd::Table) => {
                if let Some(t) = table.take() {
                    blocks.push(Block {
                        kind: Kind::Table,
                        segments: Vec::new(),
                        line: t.line,
                        table: Some(Box::new(t.table)),
                        images: Vec::new(),
                    });
                }
            }
            Event::InlineHtml(html) if table.is_some() && is_br(&html) => {
                if let Some(b) = current.as_mut() {
                    b.segments.push(Vec::new());
                }
            }
            Event::Start(Tag::Heading { level, .. }) => {
                let (kind, style) = match level {
                    HeadingLevel::H1 => (Kind::Title, Style::Title),
                    HeadingLevel::H2 => (Kind::Heading(1), Style::Heading1),
                    HeadingLevel::H3 => (Kind::Heading(2), Style::Heading2),
                    HeadingLevel::H4 => (Kind::Heading(3), Style::Body),
                    _ => (Kind::Heading(4), Style::Body),
                };
                pending_role = None;
                flush(&mut current, &mut blocks);
                current = Some(Builder::new(kind, line, style));
            }
            Event::Start(Tag::Paragraph) | Event::Start(Tag::CodeBlock(_)) if current.is_none() => {
                let kind = pending_role.take().unwrap_or(Kind::Paragraph);
                current = Some(Builder::new(kind, line, Style::Body));
            }
            Event::Start(Tag::List(start)) => {
                flush(&mut current, &mut blocks);
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                flush(&mut current, &mut blocks);
                let mut b = Builder::new(Kind::Paragraph, line, Style::Body);
                b.run_in = RunIn::No;
                if let Some(Some(n)) = lists.last_mut() {
                    b.push_chars(&format!("{n}. "), Style::Body, line);
                    *n = n.saturating_add(1);
                }
                current = Some(b);
            }
            // A seal on its organ's line of a sealed signature; nowhere else.
            Event::Start(Tag::Image { dest_url, .. })
                if current.as_ref().is_some_and(|b| b.kind == Kind::SealedSignature) =>
            {
                if let Some(b) = current.as_mut() {
                    b.images.push(BlockImage {
                        segment: b.segments.len().saturating_sub(1),
                        path: dest_url.to_string(),
                        alt: String::new(),
                    });
                    b.image_alt = Some(String::new());
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some(b) = current.as_mut()
                    && let Some(alt) = b.image_alt.take()
                    && let Some(image) = b.images.last_mut()
                {
                    image.alt = alt;
                }
            }
            Event::Text(text) if current.as_ref().is_some_and(|b| b.image_alt.is_some()) => {
                if let Some(alt) = current.as_mut().and_then(|b| b.image_alt.as_mut()) {
                    alt.push_str(&text);
                }
            }
            Event::Start(Tag::Image { .. }) => refused.push(Refusal {
                line,
                message: "公文中不能插入图片（images are not supported）：只有加盖印章的落款（<!-- gongwen:sealed-signature -->）可以在机关名称后放印章图片 ![…](…)".to_string(),
            }),
            Event::Start(Tag::Link {
                link_type, dest_url, ..
            }) if !matches!(link_type, LinkType::Autolink | LinkType::Email) => {
                refused.push(Refusal {
                    line,
                    message: format!(
                        "公文中不用链接写法 [文字](地址)：打印时地址「{dest_url}」会丢失（links are not supported）：请直接写出网址或文字"
                    ),
                });
            }
            Event::Start(Tag::Strong) => {
                if let Some(b) = current.as_mut()
                    && b.run_in == RunIn::Possible
                {
                    b.run_in = RunIn::Reading(b.segments[0].len());
                }
            }
            Event::End(TagEnd::Strong) => {
                if let Some(b) = current.as_mut()
                    && let RunIn::Reading(from) = b.run_in
                {
                    let text: String = b.segments[0][from..].iter().map(|c| c.0).collect();
                    let style = run_in_style(&text);
                    for c in &mut b.segments[0][from..] {
                        c.1 = style;
                    }
                    b.run_in = RunIn::Closed(style);
                }
            }
            Event::Text(text) | Event::Code(text) => {
                let b = current.get_or_insert_with(|| Builder::new(Kind::Paragraph, line, Style::Body));
                // Only code blocks carry newlines in their text: each line stays a line.
                let mut parts = text.split('\n');
                if let Some(first) = parts.next() {
                    b.push_text(first, line);
                }
                for part in parts {
                    b.segments.push(Vec::new());
                    b.push_text(part, line);
                }
            }
            Event::SoftBreak => {
                if let Some(b) = current.as_mut() {
                    b.soft_break = true;
                }
            }
            Event::HardBreak => {
                if let Some(b) = current.as_mut() {
                    b.segments.push(Vec::new());
                }
            }
            // An HTML block comes line by line: judge it whole, at its first line.
            Event::Start(Tag::HtmlBlock) => html_block = Some((line, String::new())),
            Event::Html(html) if html_block.is_some() => {
                if let Some((_, text)) = html_block.as_mut() {
                    text.push_str(&html);
                }
            }
            Event::End(TagEnd::HtmlBlock) => {
                if let Some((line, html)) = html_block.take() {
                    html_event(&html, line, &mut blocks, &mut pending_role, &mut refused);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                html_event(&html, line, &mut blocks, &mut pending_role, &mut refused);
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::Item | TagEnd::CodeBlock) => {
                flush(&mut current, &mut blocks);
            }
            _ => {}
        }
    }
    // Link reference definitions ([x]: http://…, and footnote definitions [^1]: …, which
    // CommonMark reads the same way) are consumed by the parser and never shown.
    let mut definitions: Vec<usize> = events
        .reference_definitions()
        .iter()
        .map(|(_, def)| line_of(def.span.start))
        .collect();
    definitions.sort_unstable();
    refused.extend(definitions.into_iter().map(|line| Refusal {
        line,
        message: "这一行会被当作链接或脚注的定义（[标记]: …），不会被打印（reference definitions are not supported）：请改写成正文".to_string(),
    }));
    refused.sort_by_key(|r| r.line);
    (blocks, refused)
}

/// A piece of HTML: a role for the next paragraph, a page break, a comment, or a refusal.
fn html_event(html: &str, line: usize, blocks: &mut Vec<Block>, role: &mut Option<Kind>, refused: &mut Vec<Refusal>) {
    match html_role(html) {
        Html::Role(Kind::PageBreak) => blocks.push(Block {
            kind: Kind::PageBreak,
            segments: Vec::new(),
            line,
            table: None,
            images: Vec::new(),
        }),
        Html::Role(kind) => *role = Some(kind),
        Html::Comment => {}
        Html::UnknownMarker(name) => refused.push(Refusal {
            line,
            message: format!("没有这个标记 gongwen:{name}（unknown marker）；可用：{MARKERS}"),
        }),
        Html::Other(shown) => refused.push(Refusal {
            line,
            message: format!(
                "公文中不能用 HTML（HTML is not supported）：「{shown}」不会被打印。请删去标签；标记 <!-- gongwen:… --> 之后的文字请另起一行"
            ),
        }),
    }
}

/// What a piece of HTML in the Markdown is.
enum Html {
    /// `<!-- gongwen:ROLE -->`: the next paragraph's role.
    Role(Kind),
    /// `<!-- gongwen:… -->` with a name that is not a role.
    UnknownMarker(String),
    /// Any other comment: not text, not printed, by the author's choice.
    Comment,
    /// Tags, or text after a comment on its line: would be dropped. A short part of it.
    Other(String),
}

fn html_role(html: &str) -> Html {
    let trimmed = html.trim();
    if let Some(inner) = trimmed.strip_prefix("<!--").and_then(|r| r.strip_suffix("-->"))
        && !inner.contains("-->")
    {
        return match inner.trim().strip_prefix("gongwen:") {
            Some(name) => match marker_kind(trimmed) {
                Some(kind) => Html::Role(kind),
                None => Html::UnknownMarker(name.trim().to_string()),
            },
            None => Html::Comment,
        };
    }
    Html::Other(trimmed.chars().take(30).collect())
}

/// Characters of "附件：" and of a following "1. " or "1．".
pub fn attachment_prefix_len(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.iter().position(|c| *c == '：').map_or(0, |i| i + 1);
    let digits = chars[n..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits > 0 && matches!(chars.get(n + digits), Some('.' | '．')) {
        n += digits + 1;
        while chars.get(n) == Some(&' ') {
            n += 1;
        }
    }
    n
}

/// Where 发文机关署名 and 成文日期 start without a seal (GB/T 9704 7.3.5.2), given the width of
/// each line (signature lines, then the date) in any unit, the type area's width and one
/// character's pitch: the signature right-aligned with two characters free; the date on the next
/// line, its first character two characters right of the signature's first. If the date would
/// then run past the right edge, it is right-aligned with two characters free and the signature
/// moves left to keep the offset.
pub fn signature_starts(widths: &[f32], area_width: f32, pitch: f32) -> Vec<f32> {
    let two = 2.0 * pitch;
    let right = area_width - two;
    let Some((date_width, issuer_widths)) = widths.split_last() else {
        return Vec::new();
    };
    let mut starts: Vec<f32> = issuer_widths.iter().map(|w| right - w).collect();
    let signature_start = starts.iter().copied().fold(f32::INFINITY, f32::min);
    let mut date_start = if signature_start.is_finite() {
        signature_start + two
    } else {
        right - date_width
    };
    if date_start + date_width > area_width {
        date_start = right - date_width;
        let shift = signature_start - (date_start - two);
        for s in &mut starts {
            *s -= shift;
        }
    }
    starts.push(date_start);
    starts.into_iter().map(|x| x.max(0.0)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_align_after_the_number() {
        assert_eq!(attachment_prefix_len("附件：1. 名称"), 6);
        assert_eq!(attachment_prefix_len("附件：名称"), 3);
    }

    #[test]
    fn reads_the_conventions() {
        let md = "# 标题\n\n## 一、指导思想\n\n正文第一段，\n继续。\n\n**（一）原则**。正文。\n\n组　长：XX　书记\\\n　　　　XX　镇长\n\n<!-- gongwen:signature -->\n中共XX镇委员会\\\n2021年3月15日\n";
        let blocks = parse(md);
        let kinds: Vec<Kind> = blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Title,
                Kind::Heading(1),
                Kind::Paragraph,
                Kind::Paragraph,
                Kind::Paragraph,
                Kind::Signature
            ]
        );
        assert_eq!(blocks[2].text(), "正文第一段，继续。");
        let run_in = &blocks[3].segments[0];
        assert_eq!(
            run_in[0],
            Span {
                text: "（一）原则。".into(),
                style: Style::Heading2,
                source_line: 8
            }
        );
        assert_eq!(run_in[1].text, "正文。");
        assert_eq!(blocks[4].segments.len(), 2);
        assert_eq!(blocks[4].segments[1][0].text, "　　　　XX　镇长");
        assert_eq!(blocks[5].segments.len(), 2);
        assert_eq!(blocks[5].line, 14);
    }

    #[test]
    fn spaces_next_to_chinese_go_and_latin_word_spaces_stay() {
        let blocks = parse("使用 PDF 格式和 Wi  Fi 网络\n");
        assert_eq!(blocks[0].text(), "使用PDF格式和Wi Fi网络");
    }

    /// A tiny deterministic generator (xorshift), so the property test needs no dependency
    /// and gives the same documents on every run.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }
    }

    /// Text as a reader sees it: what pulldown-cmark reports as text or code, comments left out.
    fn reader_text(md: &str) -> String {
        Parser::new_ext(md, Options::ENABLE_TABLES)
            .filter_map(|e| match e {
                Event::Text(t) | Event::Code(t) => Some(t.to_string()),
                _ => None,
            })
            .collect::<String>()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    }

    #[test]
    fn every_character_of_text_reaches_a_block_or_is_refused() {
        // Generated documents: headings, paragraphs, emphasis, nested lists (bulleted and
        // numbered), block quotes, code, comments, markers, links, HTML, definitions.
        let words = [
            "乡村振兴",
            "Wi-Fi",
            "95%",
            "（试行）",
            "“三农”",
            "1.54万元",
            "a*b",
            "——",
            "、",
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..2_000 {
            let mut md = String::new();
            for _ in 0..1 + rng.next(8) {
                let mut text = String::new();
                for _ in 0..1 + rng.next(5) {
                    text.push_str(words[rng.next(words.len())]);
                }
                let piece = match rng.next(14) {
                    0 => format!("# {text}\n"),
                    1 => format!("## {text}\n"),
                    2 => format!("**{text}**。{text}\n"),
                    3 => format!("- {text}\n  - {text}\n    - {text}\n- {text}\n"),
                    4 => format!("1. {text}\n   1. {text}\n2. {text}\n"),
                    5 => format!("> {text}\n> {text}\n"),
                    6 => format!("```\n{text}\n{text}\n```\n"),
                    7 => format!("<!-- 注 {text} -->\n"),
                    8 => format!("<!-- gongwen:signature -->\n{text}\\\n{text}\n"),
                    9 => format!("[{text}](http://x.cn)\n"),
                    10 => format!("<div>{text}</div>\n"),
                    11 => format!("[^1]: {text}\n"),
                    12 => format!("{text} `{text}` *{text}*\n"),
                    _ => format!("{text}\n{text}\n"),
                };
                md.push_str(&piece);
                md.push('\n');
            }
            let (blocks, refused) = read(&md);
            if !refused.is_empty() {
                continue; // refused at a line: nothing is silently lost
            }
            let printed: String = blocks
                .iter()
                .map(Block::text)
                .collect::<String>()
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            // Blocks add list numbers ("1. "); every character the reader sees is there, in order.
            let mut rest = printed.chars();
            for c in reader_text(&md).chars() {
                assert!(rest.any(|p| p == c), "{c:?} lost from\n{md}\nprinted: {printed}");
            }
        }
    }

    #[test]
    fn run_in_styles_follow_the_numbering() {
        assert_eq!(run_in_style("（三）标题"), Style::Heading2);
        assert_eq!(run_in_style("二、标题"), Style::Heading1);
        assert_eq!(run_in_style("1. 标题"), Style::Body);
        assert_eq!(run_in_style("（1）标题"), Style::Body);
    }
}
