//! Markdown → DOCX for WPS and Word, with the GB/T 9704 page set-up: A4, the standard margins, a
//! document grid of 22 lines × 28 characters, fonts per role by the names offices have, heading
//! styles, "— N —" page numbers in odd and even footers, signature and date placed as in the PDF.
//!
//! The DOCX is made from the same blocks as the PDF ([`super::blocks`]) but is not laid out
//! here: WPS or Word breaks the lines. The section declares the 22 × 28 grid, and the paragraphs
//! keep to it by explicit metrics (see [`body_tracking`]). Fonts are named, not embedded, so the
//! office's own 仿宋_GB2312 and the rest are used where installed.
//!
//! A table too wide for portrait goes on landscape pages, by the PDF's rule: a section of its
//! own (or its attachment's), with the text before and after it in portrait sections; every
//! section has the page-number footers, and the numbers run on.

mod imprint;
mod issued;
mod page;
mod table;

use imprint::{copy_to, imprint, imprint_anchor, position_tables_first, printed_by};
use page::{add_elements, close_section, page_number_footers, page_setup, register_footer, section_property};

use super::blocks::{Block, Kind, attachment_prefix_len, signature_starts};
use super::name_list;
use crate::layout::compose::{attachment_is_landscape, table_is_turned};
use crate::layout::document::Problem;
use crate::layout::measure::{Span, restyled};
use crate::layout::page::Orientation;
use crate::layout::table::MeasuredTable;
use crate::layout::title::break_title;
use crate::layout::{Class, Geometry, Glyph, Style, classify};
use docx_rs::{
    AlignmentType, BreakType, BuildXML, Docx, Footer, LineSpacing, LineSpacingType, Paragraph, Run, RunFonts,
    SpecialIndentType, Style as DocxStyle, StyleType,
};

/// The font names offices have, per role (the same roles as the PDF's fonts).
pub const TITLE_FONT: &str = "方正小标宋简体";
pub const BODY_FONT: &str = "仿宋_GB2312";
pub const HEADING1_FONT: &str = "黑体";
pub const HEADING2_FONT: &str = "楷体_GB2312";
pub const PAGE_NUMBER_FONT: &str = "宋体";

/// Paragraph styles; the headings use Word's built-in names, so that the navigation pane and
/// outline view know them.
const STYLE_TITLE: &str = "GongwenTitle";
const STYLE_BODY: &str = "GongwenBody";
const STYLE_SIGNATURE: &str = "GongwenSignature";
const STYLE_COPY_TO: &str = "GongwenCopyTo";
const STYLE_TABLE: &str = "GongwenTable";
const STYLE_FOOTER: &str = "GongwenPageNumber";

fn heading_style(level: u8) -> String {
    format!("Heading{level}")
}

/// The grid's line pitch in twips, rounded down so that 22 lines always fit the type area.
fn line_pitch_twips(geo: &Geometry) -> i32 {
    (geo.area_height / geo.lines_per_page as f32 * 20.0).floor() as i32
}

/// Lines exactly one grid line apart, for paragraphs kept off the grid (all of them).
fn exact_lines(geo: &Geometry) -> LineSpacing {
    LineSpacing::new()
        .line(line_pitch_twips(geo))
        .line_rule(LineSpacingType::Exact)
}

/// The body's first-line indent: two characters of the grid.
fn two_chars(geo: &Geometry) -> SpecialIndentType {
    SpecialIndentType::FirstLine(twips(2.0 * geo.char_pitch()))
}

/// Twentieths of a point, the unit of most DOCX lengths.
fn twips(pt: f32) -> i32 {
    (pt * 20.0).round() as i32
}

/// Half-points, the unit of font sizes.
fn half_points(pt: f32) -> usize {
    (pt * 2.0).round() as usize
}

fn font_name(style: Style) -> &'static str {
    match style {
        Style::Title => TITLE_FONT,
        Style::Body | Style::Small => BODY_FONT,
        Style::Heading1 | Style::TableHead => HEADING1_FONT,
        Style::Heading2 => HEADING2_FONT,
        Style::PageNumber => PAGE_NUMBER_FONT,
    }
}

/// All four slots set, so that digits and Latin letters take the same face as the Hanzi
/// around them (as in the PDF), and the hint tells Word the text is East Asian.
fn run_fonts(name: &str) -> RunFonts {
    RunFonts::new()
        .ascii(name)
        .hi_ansi(name)
        .east_asia(name)
        .cs(name)
        .hint("eastAsia")
}

/// Width of text in grid characters, for placing the signature and breaking the title: by the
/// layout's own classification, Latin letters, digits and word spaces take half a cell, every
/// other character (Hanzi, marks, dashes) a whole one.
fn cells(text: &str) -> f32 {
    text.chars()
        .map(|c| match classify(c) {
            Class::Latin | Class::Space => 0.5,
            _ => 1.0,
        })
        .sum()
}

/// The DOCX of `markdown`, or every reason it cannot be made (constructs that would be lost,
/// an empty document, an internal failure of the writer).
pub fn render(markdown: &str) -> Result<Vec<u8>, Vec<Problem>> {
    let blocks = crate::layout::document::printable_blocks(markdown)?;
    write(&blocks).map_err(|e| vec![Problem::new(None, e.to_string())])
}

fn write(blocks: &[Block]) -> Result<Vec<u8>, &'static str> {
    let geo = Geometry::gbt9704();
    let mut docx = styles(Docx::new(), &geo);
    // Every footer part, in the order of their ids (see below).
    let mut footers: Vec<Footer> = Vec::new();
    // The elements in sections: a section closes where the orientation changes and content
    // follows (a turn with nothing after it changes nothing); the last is the document's own.
    let mut section: Vec<Element> = Vec::new();
    let mut orientation = Orientation::Portrait;
    let mut next = Orientation::Portrait;
    for element in elements(blocks, &geo) {
        if let Element::Turn(to) = element {
            next = to;
            continue;
        }
        if next != orientation {
            if !section.is_empty() {
                let (odd, even) = page_number_footers();
                let (with_odd, odd_id) = register_footer(docx);
                let (with_even, even_id) = register_footer(with_odd);
                docx = with_even;
                let property = section_property(orientation, &geo)
                    .footer(odd.clone(), &odd_id)
                    .even_footer(even.clone(), &even_id);
                footers.extend([odd, even]);
                docx = add_elements(docx, close_section(std::mem::take(&mut section), property));
            }
            orientation = next;
        }
        section.push(element);
    }
    docx = add_elements(docx, section);
    let (odd, even) = page_number_footers();
    footers.extend([odd.clone(), even.clone()]);
    docx = page_setup(docx, orientation, &geo).footer(odd).even_footer(even);
    if docx.document_rels.footer_count != footers.len() {
        return Err("无法生成 DOCX：页脚数目不符（docx-rs counted other footers）");
    }
    let mut xml = docx.build();
    // docx-rs writes the parts of the last section's footers only, and would put them in the
    // order of their ids sorted as strings (rIdFooter10 before rIdFooter2): the parts are
    // written here, every section's, in the order of their ids (footer1.xml is rIdFooter1).
    xml.footers = footers.iter().map(BuildXML::build).collect();
    xml.document = position_tables_first(&table::mark_header_rows(&xml.document));
    // docx-rs always writes an empty Normal style. The grid's character pitch is declared
    // relative to the Normal style's font size, and LibreOffice reads that size from the style
    // itself (not from the document defaults), so Normal must say 三号 itself.
    let empty_normal = DocxStyle::new("Normal", StyleType::Paragraph).name("Normal").build();
    let normal = body_style(DocxStyle::new("Normal", StyleType::Paragraph).name("Normal"), &geo).build();
    xml.styles = replace_once(&xml.styles, &empty_normal, &normal)
        .ok_or("无法生成 DOCX：未找到 Normal 样式（docx-rs wrote no Normal style）")?;
    // Word and WPS put about a quarter em between Hanzi and Latin letters or digits unless told
    // not to ("2024 年 3 月 18 日"); the PDF sets none, and GB/T 9704 text has none.
    // In the defaults and in every paragraph style (before the style's run properties, as the
    // schema orders them). LibreOffice (7.4) ignores both on import and keeps its own
    // Asian–Latin spacing; Word and WPS honour them.
    xml.styles = replace_all(
        &xml.styles,
        b"<w:pPr><w:rPr />",
        b"<w:pPr><w:autoSpaceDE w:val=\"0\" /><w:autoSpaceDN w:val=\"0\" /><w:rPr />",
    )
    .ok_or("无法生成 DOCX：样式中没有段落格式（docx-rs wrote no paragraph properties）")?;
    xml.font_table = replace_once(&xml.font_table, b"</w:fonts>", &font_table_entries())
        .ok_or("无法生成 DOCX：字体表不完整（docx-rs wrote no font table）")?;
    let mut out = std::io::Cursor::new(Vec::new());
    xml.pack(&mut out)
        .map_err(|_| "无法生成 DOCX（cannot write the DOCX）")?;
    Ok(out.into_inner())
}

/// The office fonts in the font table, each with the font Windows ships under a plainer name
/// (`altName`): a machine without 仿宋_GB2312 then shows 仿宋, not whatever the word processor
/// picks. GB2312 character set (86), fixed pitch, as the fonts themselves declare. Ends the
/// table (replacing its closing tag).
fn font_table_entries() -> Vec<u8> {
    let fonts = [
        (BODY_FONT, "仿宋", "modern"),
        (HEADING2_FONT, "楷体", "modern"),
        (HEADING1_FONT, "SimHei", "modern"),
        (TITLE_FONT, "宋体", "roman"),
        (PAGE_NUMBER_FONT, "SimSun", "roman"),
    ];
    let mut out = String::new();
    for (name, alt, family) in fonts {
        out.push_str(&format!(
            "<w:font w:name=\"{name}\"><w:altName w:val=\"{alt}\" /><w:charset w:val=\"86\" /><w:family w:val=\"{family}\" /><w:pitch w:val=\"fixed\" /></w:font>"
        ));
    }
    out.push_str("</w:fonts>");
    out.into_bytes()
}

/// `haystack` with every `needle` replaced, or None when there is none.
fn replace_all(haystack: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut rest = haystack;
    let mut found = false;
    while let Some(at) = rest.windows(needle.len()).position(|w| w == needle) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(with);
        rest = &rest[at + needle.len()..];
        found = true;
    }
    out.extend_from_slice(rest);
    found.then_some(out)
}

/// `haystack` with the first `needle` replaced, or None when there is none.
fn replace_once(haystack: &[u8], needle: &[u8], with: &[u8]) -> Option<Vec<u8>> {
    let at = haystack.windows(needle.len()).position(|w| w == needle)?;
    Some([&haystack[..at], with, &haystack[at + needle.len()..]].concat())
}

/// 三号仿宋, set on the grid by explicit metrics (see [`body_tracking`]).
fn body_style(style: DocxStyle, geo: &Geometry) -> DocxStyle {
    let mut style = style
        .fonts(run_fonts(BODY_FONT))
        .size(half_points(geo.body_size))
        .snap_to_grid(false)
        .line_spacing(exact_lines(geo));
    style.run_property = std::mem::take(&mut style.run_property).character_spacing(body_tracking(geo));
    style
}

/// Spacing added to each 三号 character, in twips, so that 28 fit the measure: the grid's
/// pitch (15.79 pt) is narrower than the font (16 pt).
///
/// Why not leave it to the grid: Word and WPS add the grid's difference to every character,
/// but LibreOffice (7.4) gives a character wider than a cell two cells, and sets 14 characters
/// a line. So the section declares the 28 × 22 grid (what an office checks in 页面设置), and
/// the paragraphs reproduce it by explicit metrics that every program honours: off the grid,
/// lines exactly one grid line apart, characters 0.3 pt tighter.
fn body_tracking(geo: &Geometry) -> i32 {
    // One twip more than the difference: LibreOffice measures in whole twips and, with only
    // the difference taken off, set 27 characters (measured). 28 × 15.7 pt fits the 442 pt
    // measure and 29 do not, in every program.
    ((geo.char_pitch() - geo.body_size) * 20.0).floor() as i32 - 1
}

/// The document defaults (the body: 三号仿宋) and one paragraph style per element.
fn styles(docx: Docx, geo: &Geometry) -> Docx {
    let body = half_points(geo.body_size);
    let paragraph = |id: &str, name: &str, font: &str, size: usize| {
        DocxStyle::new(id, StyleType::Paragraph)
            .name(name)
            .fonts(run_fonts(font))
            .size(size)
    };
    let body_paragraph = |id: &str, name: &str| body_style(DocxStyle::new(id, StyleType::Paragraph).name(name), geo);
    let mut docx = docx
        .default_fonts(run_fonts(BODY_FONT))
        .default_size(body)
        .add_style(
            paragraph(STYLE_TITLE, "公文标题", TITLE_FONT, half_points(Style::Title.size()))
                .align(AlignmentType::Center)
                .snap_to_grid(false)
                .line_spacing(exact_lines(geo)),
        )
        .add_style(
            body_paragraph(STYLE_BODY, "公文正文")
                .align(AlignmentType::Both)
                .indent(None, Some(two_chars(geo)), None, None),
        )
        .add_style(body_paragraph(STYLE_SIGNATURE, "公文署名").align(AlignmentType::Left))
        .add_style(
            paragraph(STYLE_COPY_TO, "公文版记", BODY_FONT, half_points(Style::Small.size()))
                .align(AlignmentType::Both)
                .snap_to_grid(false)
                .line_spacing(exact_lines(geo)),
        )
        .add_style(
            // Table cells: 四号, one grid line per line of text, as in the PDF.
            paragraph(STYLE_TABLE, "公文表格", BODY_FONT, half_points(Style::Small.size()))
                .snap_to_grid(false)
                .line_spacing(exact_lines(geo)),
        )
        .add_style(
            paragraph(
                STYLE_FOOTER,
                "公文页码",
                PAGE_NUMBER_FONT,
                half_points(Style::PageNumber.size()),
            )
            .snap_to_grid(false),
        );
    // 一、黑体 · （一）楷体 · 1. and （1） 仿宋, all 三号 and indented like the body.
    for (level, font) in [(1, HEADING1_FONT), (2, HEADING2_FONT), (3, BODY_FONT), (4, BODY_FONT)] {
        docx = docx.add_style(
            body_paragraph(&heading_style(level), &format!("heading {level}"))
                .fonts(run_fonts(font))
                .based_on(STYLE_BODY)
                .next(STYLE_BODY)
                .align(AlignmentType::Both)
                .indent(None, Some(two_chars(geo)), None, None)
                .outline_lvl(usize::from(level) - 1),
        );
    }
    docx
}

/// The runs of one line of a block, each span in its own font and size.
fn runs(paragraph: Paragraph, spans: &[Span]) -> Paragraph {
    spans.iter().filter(|s| !s.text.is_empty()).fold(paragraph, |p, span| {
        p.add_run(
            Run::new()
                .fonts(run_fonts(font_name(span.style)))
                .size(half_points(span.style.size()))
                .add_text(span.text.as_str()),
        )
    })
}

/// 发文机关署名 and 成文日期, placed by the standard's rule ([`signature_starts`]), measured in
/// grid characters. The lines are right-aligned with the right indent that placement gives: where
/// a substitute font sets a line wider than estimated, it grows to the left instead of wrapping.
fn signature(block: &Block, geo: &Geometry) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let texts: Vec<String> = block
        .segments
        .iter()
        .map(|s| s.iter().map(|span| span.text.as_str()).collect())
        .collect();
    let widths: Vec<f32> = texts.iter().map(|t| cells(t)).collect();
    let area = geo.chars_per_line as f32;
    let starts = signature_starts(&widths, area, 1.0);
    let n = block.segments.len();
    for (k, ((segment, start), width)) in block.segments.iter().zip(starts).zip(widths).enumerate() {
        let right = (area - start - width).max(0.0);
        out.push(runs(
            Paragraph::new()
                .style(STYLE_SIGNATURE)
                .align(AlignmentType::Right)
                .indent(None, None, Some(twips(right * geo.char_pitch())), None)
                .keep_next(k + 1 < n),
            segment,
        ));
    }
    out
}

/// The title's lines: each line of the Markdown title broken by [`break_title`], with widths
/// from the title font's shape (a Hanzi one em of 22 pt, Latin and digits half of one; office
/// title fonts are set that way), since the DOCX is made without the fonts at hand.
fn title_lines(block: &Block, geo: &Geometry) -> Vec<Span> {
    let mut out = Vec::new();
    for segment in &block.segments {
        let spans: Vec<Span> = restyled(segment, Style::Title);
        let glyphs = estimated_glyphs(&spans);
        let line_of = segment.first().map_or(block.line, |s| s.source_line);
        out.extend(break_title(&glyphs, geo.area_width).into_iter().map(|line| Span {
            text: line.text(),
            style: Style::Title,
            source_line: line_of,
        }));
    }
    out
}

/// The width of the names column of the document's name lists, in grid characters: the widest
/// name, at least three (a padded two-character name), as in the PDF.
fn name_column(blocks: &[Block]) -> f32 {
    let mut widest: f32 = 3.0;
    for block in blocks {
        for (segment, line) in block.segments.iter().zip(name_list::parse(block).unwrap_or_default()) {
            let name: String = name_list::slice(segment, line.prefix, line.prefix + line.name)
                .iter()
                .map(|s| s.text.as_str())
                .collect();
            widest = widest.max(cells(&name));
        }
    }
    widest.ceil()
}

/// One line of a name list: label (or its room) and name padded to the names column, then the
/// posts; wrapped posts hang under the posts column, as in the PDF.
fn name_line(segment: &[Span], line: &name_list::NameLine, names: f32, geo: &Geometry) -> Paragraph {
    let text = |from, to| -> String {
        name_list::slice(segment, from, to)
            .iter()
            .map(|s| s.text.as_str())
            .collect()
    };
    let label = cells(&text(0, line.prefix));
    let name = cells(&text(line.prefix, line.prefix + line.name));
    let padding = "\u{3000}".repeat((names - name).max(0.0).ceil() as usize + 1);
    let posts_column = 2.0 + label + names + 1.0;
    let pitch = geo.char_pitch();
    let mut spans = name_list::slice(segment, 0, line.prefix + line.name);
    if let Some(last) = spans.last() {
        spans.push(Span {
            text: padding,
            ..last.clone()
        });
    }
    spans.extend(name_list::slice(segment, line.posts, usize::MAX));
    runs(
        Paragraph::new().style(STYLE_BODY).indent(
            Some(twips(posts_column * pitch)),
            Some(SpecialIndentType::Hanging(twips((posts_column - 2.0) * pitch))),
            None,
            None,
        ),
        &spans,
    )
}

/// Glyphs with the widths office fonts give them (a Hanzi one em, Latin and digits half of
/// one), for breaking and sizing where the fonts are not at hand.
fn estimated_glyphs(spans: &[Span]) -> Vec<Glyph> {
    spans
        .iter()
        .flat_map(|span| span.text.chars().map(move |ch| (ch, span)))
        .map(|(ch, span)| Glyph {
            ch,
            gid: 0,
            style: span.style,
            class: classify(ch),
            width: span.style.size() * cells(&ch.to_string()),
            source_line: span.source_line,
        })
        .collect()
}

/// Keep the last paragraph so far on the page of the next.
fn keep_with_next(out: &mut [Paragraph]) {
    if let Some(last) = out.last_mut() {
        last.property = std::mem::take(&mut last.property).keep_next(true);
    }
}

fn blank() -> Paragraph {
    Paragraph::new().style(STYLE_BODY)
}

/// What the document body holds, in order.
enum Element {
    Paragraph(Box<Paragraph>),
    Table(Box<docx_rs::Table>),
    /// The pages from here on stand this way (a new section).
    Turn(Orientation),
}

/// Record a turn to `to` before paragraph `at` if the pages do not already stand that way;
/// whether there was one.
fn turn(inserts: &mut Vec<(usize, Element)>, orientation: &mut Orientation, at: usize, to: Orientation) -> bool {
    let turned = *orientation != to;
    if turned {
        inserts.push((at, Element::Turn(to)));
        *orientation = to;
    }
    turned
}

/// The blocks as paragraphs and tables, with the turns between portrait and landscape pages.
fn elements(blocks: &[Block], geo: &Geometry) -> Vec<Element> {
    let mut out: Vec<Paragraph> = Vec::new();
    let names = name_column(blocks);
    // Tables and turns, each before the paragraph it was recorded at, in document order.
    let mut inserts: Vec<(usize, Element)> = Vec::new();
    // Which tables go on landscape pages is the PDF's rule ([`table_is_turned`],
    // [`attachment_is_landscape`]) applied to the DOCX's own measure of the tables (grid
    // characters, [`table::measure`]): the PDF's measure needs the fonts, which the DOCX is
    // made without, and this is the measure the DOCX's column widths come from.
    let measured: Vec<Option<MeasuredTable>> = blocks
        .iter()
        .map(|b| b.table.as_ref().map(|t| table::measure(t)))
        .collect();
    let mut orientation = Orientation::Portrait;
    let mut landscape_attachment = false;
    // A landscape page's type area is the portrait one turned: 225 mm wide.
    let landscape_width = geo.area_height;
    let head = crate::layout::masthead::blocks(blocks).unwrap_or_default();
    for (i, block) in blocks.iter().enumerate() {
        if head.contains(&i) {
            if head.first() == Some(&i) {
                // The 版头, set as a whole at its first block.
                let parts: Vec<&Block> = head.iter().filter_map(|&k| blocks.get(k)).collect();
                let mut lines_before = 0;
                for part in parts
                    .iter()
                    .filter(|b| matches!(b.kind, Kind::CopyNumber | Kind::Secrecy | Kind::Urgency))
                {
                    let lines = issued::head_line(part);
                    lines_before += lines.len();
                    out.extend(lines);
                }
                if let Some(mark) = parts.iter().find(|b| b.kind == Kind::IssuerMark) {
                    let (paragraphs, table) = issued::mark(mark, lines_before, geo);
                    out.extend(paragraphs);
                    if let Some(t) = table {
                        inserts.push((out.len(), Element::Table(Box::new(t))));
                    }
                }
                let signers = parts.iter().find(|b| b.kind == Kind::Signers).copied();
                if let Some(number) = parts.iter().find(|b| b.kind == Kind::DocNumber) {
                    out.extend(issued::number(number, signers, geo));
                }
            }
            continue;
        }
        match block.kind {
            Kind::Title => {
                // One paragraph, broken where the PDF breaks it: between words, as GB/T 9704
                // asks, rather than wherever the word processor runs out of room.
                let mut p = Paragraph::new().style(STYLE_TITLE).keep_next(true);
                for (k, line) in title_lines(block, geo).into_iter().enumerate() {
                    if k > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = runs(p, &[line]);
                }
                out.push(p);
                if i + 1 < blocks.len() {
                    out.push(blank());
                }
            }
            Kind::DocNumber => {
                for segment in &block.segments {
                    out.push(runs(
                        Paragraph::new().style(STYLE_BODY).align(AlignmentType::Center).indent(
                            None,
                            Some(SpecialIndentType::FirstLine(0)),
                            None,
                            None,
                        ),
                        segment,
                    ));
                }
                out.push(blank());
            }
            Kind::Addressee => {
                for segment in &block.segments {
                    out.push(runs(
                        Paragraph::new().style(STYLE_BODY).indent(
                            None,
                            Some(SpecialIndentType::FirstLine(0)),
                            None,
                            None,
                        ),
                        segment,
                    ));
                }
            }
            Kind::Heading(level) => {
                for segment in &block.segments {
                    out.push(runs(
                        Paragraph::new()
                            .style(&heading_style(level.clamp(1, 4)))
                            .keep_next(true),
                        segment,
                    ));
                }
            }
            Kind::Paragraph => match name_list::parse(block) {
                Some(lines) => {
                    for (segment, line) in block.segments.iter().zip(&lines) {
                        out.push(name_line(segment, line, names, geo));
                    }
                }
                None => {
                    for segment in &block.segments {
                        out.push(runs(Paragraph::new().style(STYLE_BODY), segment));
                    }
                }
            },
            Kind::Attachments => {
                // The 附件说明 belongs to the signature block, which never stands alone on a
                // page: the body's last line, the note and the signature keep together.
                keep_with_next(&mut out);
                out.push(blank().keep_next(true));
                // Wrapped lines align with the attachment's name, after 附件： and any "1. "
                // (at most half the measure, as in the PDF).
                let hang = block.segments.first().map_or(0.0, |s| {
                    let text: String = s.iter().map(|span| span.text.as_str()).collect();
                    cells(&text.chars().take(attachment_prefix_len(&text)).collect::<String>())
                        .min(geo.chars_per_line as f32 / 2.0 - 2.0)
                });
                let pitch = geo.char_pitch();
                for segment in &block.segments {
                    out.push(runs(
                        Paragraph::new()
                            .style(STYLE_BODY)
                            .indent(
                                Some(twips((2.0 + hang) * pitch)),
                                Some(SpecialIndentType::Hanging(twips(hang * pitch))),
                                None,
                                None,
                            )
                            .keep_next(true),
                        segment,
                    ));
                }
            }
            Kind::Signature => {
                // The signature never stands alone on a page: the body's last line goes with it.
                keep_with_next(&mut out);
                out.push(blank().keep_next(true));
                out.extend(signature(block, geo));
            }
            Kind::CopyTo | Kind::PrintedBy => {
                // A copy-to followed by the printed-by line goes in the latter's table.
                if block.kind == Kind::CopyTo && blocks.get(i + 1).is_some_and(|b| b.kind == Kind::PrintedBy) {
                    continue;
                }
                let lines = if block.kind == Kind::CopyTo {
                    vec![copy_to(block, geo)]
                } else {
                    let copy = i
                        .checked_sub(1)
                        .and_then(|k| blocks.get(k))
                        .filter(|b| b.kind == Kind::CopyTo);
                    copy.map(|c| copy_to(c, geo))
                        .into_iter()
                        .chain([printed_by(block, geo)])
                        .collect()
                };
                // The 版记 is on a portrait page, after a landscape attachment too. A section
                // that starts with a floating table loses its page style in LibreOffice (the
                // 版记 stood on a landscape page): an empty paragraph starts it.
                landscape_attachment = false;
                if turn(&mut inserts, &mut orientation, out.len(), Orientation::Portrait) {
                    out.push(imprint_anchor());
                }
                inserts.push((out.len(), Element::Table(Box::new(imprint(lines, geo)))));
                out.push(imprint_anchor());
            }
            Kind::SealedSignature => {
                // Never alone on a page; the seal's top right under the body: two blank lines.
                keep_with_next(&mut out);
                out.push(blank().keep_next(true));
                out.push(blank().keep_next(true));
                out.extend(issued::sealed_signature(block, geo));
            }
            Kind::Note | Kind::CopyNumber | Kind::Secrecy | Kind::Urgency | Kind::IssuerMark | Kind::Signers => {
                // 附注 indented like the body; the 版头's parts outside a 版头, as written.
                for segment in &block.segments {
                    out.push(runs(Paragraph::new().style(STYLE_BODY), segment));
                }
            }
            Kind::PageBreak => out.push(Paragraph::new().add_run(Run::new().add_break(BreakType::Page))),
            Kind::AttachmentLabel => {
                // 附件1 in 黑体, flush left on the first line of a new page; a blank line, then
                // the title (the next block) on the third. The attachment is on landscape pages
                // when it holds a table too wide for portrait, as in the PDF; a new section
                // starts the new page by itself.
                landscape_attachment = attachment_is_landscape(blocks, &measured, i.saturating_add(1), geo.area_width);
                let to = if landscape_attachment {
                    Orientation::Landscape
                } else {
                    Orientation::Portrait
                };
                let turned = turn(&mut inserts, &mut orientation, out.len(), to);
                for (k, segment) in block.segments.iter().enumerate() {
                    let spans: Vec<Span> = restyled(segment, Style::Heading1);
                    out.push(runs(
                        Paragraph::new()
                            .style(STYLE_BODY)
                            .page_break_before(k == 0 && !turned)
                            .keep_next(true)
                            .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None),
                        &spans,
                    ));
                }
                out.push(blank().keep_next(true));
            }
            Kind::Table => {
                if let (Some(t), Some(m)) = (&block.table, measured.get(i).and_then(Option::as_ref)) {
                    // On landscape pages of its own when too wide for portrait (the text before
                    // and after it on portrait pages), or in its landscape attachment.
                    let turned = table_is_turned(m, landscape_attachment, geo.area_width);
                    let width = if turned || landscape_attachment {
                        landscape_width
                    } else {
                        geo.area_width
                    };
                    if turned {
                        turn(&mut inserts, &mut orientation, out.len(), Orientation::Landscape);
                    }
                    inserts.push((out.len(), Element::Table(Box::new(table::table(t, m, width)))));
                    if turned {
                        turn(&mut inserts, &mut orientation, out.len(), Orientation::Portrait);
                    } else {
                        // The text below keeps a line's distance from the table, as in the PDF.
                        out.push(blank());
                    }
                }
            }
        }
    }
    // Each table and turn stands before the paragraph it was recorded at; those recorded at the
    // end, after the last.
    let mut inserts = inserts.into_iter().peekable();
    let mut elements = Vec::with_capacity(out.len() + inserts.len());
    for (k, p) in out.into_iter().enumerate() {
        while let Some((_, e)) = inserts.next_if(|(at, _)| *at == k) {
            elements.push(e);
        }
        elements.push(Element::Paragraph(Box::new(p)));
    }
    elements.extend(inserts.map(|(_, e)| e));
    elements
}
