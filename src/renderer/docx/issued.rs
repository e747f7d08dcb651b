//! The issued document in the DOCX: the 版头 (份号…, the red 发文机关标志, the number with the
//! red rule under it, 签发人), the signature with seals, and the 版记's printed-by line. Sizes
//! and places follow the PDF's rules, measured in grid characters since the fonts are not at
//! hand.

use super::{STYLE_BODY, TITLE_FONT, estimated_glyphs, half_points, run_fonts, runs, twips};
use crate::layout::masthead::RED_RULE;
use crate::layout::measure::{Span, restyled};
use crate::layout::seal::{self, SEAL};
use crate::layout::{Geometry, PT_PER_MM, Style};
use crate::renderer::blocks::{Block, Kind};
use docx_rs::{
    AlignmentType, BorderType, LineSpacing, LineSpacingType, Paragraph, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, Pic, RelativeFromHType, RelativeFromVType, Run, SpecialIndentType, Tab, TabValueType, Table,
    TableAlignmentType, TableCell, TableRow, VAlignType, WidthType,
};

/// The red of the 版头, as the PDF draws it (#FF0000).
const RED: &str = "FF0000";
/// One point in EMU, the unit of drawing positions.
const EMU_PER_PT: f32 = 12700.0;

/// A paragraph flush left, with no first-line indent.
fn flush_left() -> Paragraph {
    Paragraph::new()
        .style(STYLE_BODY)
        .indent(None, Some(SpecialIndentType::FirstLine(0)), None, None)
}

/// 份号, 密级和保密期限 (黑体), 紧急程度 (黑体): flush left, one a line.
pub fn head_line(block: &Block) -> Vec<Paragraph> {
    let style = if block.kind == Kind::CopyNumber {
        Style::Body
    } else {
        Style::Heading1
    };
    block
        .segments
        .iter()
        .map(|s| runs(flush_left().keep_next(true), &restyled(s, style)))
        .collect()
}

/// The 发文机关标志: red 小标宋, its top 35 mm below the type area's top (after `lines_before`
/// lines of 份号 and the rest), as large as fits the width but no more than 15 mm a character.
/// One organ runs on into 文件 in one paragraph; several are stacked in a borderless table with
/// 文件 beside them, larger, centred on them.
pub fn mark(block: &Block, lines_before: usize, geo: &Geometry) -> (Vec<Paragraph>, Option<Table>) {
    let mut names: Vec<String> = block
        .segments
        .iter()
        .map(|s| s.iter().map(|span| span.text.as_str()).collect::<String>())
        .filter(|t| !t.is_empty())
        .collect();
    let file = (names.len() > 1 && names.last().is_some_and(|t| t == "文件")).then(|| names.pop());
    let em = |text: &str| {
        let spans = [Span {
            text: text.to_string(),
            style: Style::Title,
            source_line: block.line,
        }];
        estimated_glyphs(&spans).iter().map(|g| g.width).sum::<f32>() / Style::Title.size()
    };
    let names_em = names.iter().map(|n| em(n)).fold(0.0, f32::max);
    let one_line = names.len() == 1;
    let file_scale = if one_line {
        1.0
    } else {
        (0.8 * (names.len() as f32 * 1.25 - 0.25)).min(2.0)
    };
    let file_em = if file.is_some() { 2.0 * file_scale } else { 0.0 };
    let total_em = names_em + file_em + if one_line || file.is_none() { 0.0 } else { 0.25 };
    // The table is made 12% wider than the estimate (below): the size leaves room for that.
    let stacked_ems = names.len() as f32 * 1.25 - 0.25;
    let size = (geo.area_width / (total_em.max(1.0) * 1.12))
        .min(15.0 * PT_PER_MM)
        .min(crate::layout::masthead::MARK_MAX_HEIGHT / stacked_ems.max(1.0));
    let before = (35.0 * PT_PER_MM - lines_before as f32 * geo.line_pitch()).max(0.0);
    let red_run = |text: &str, size: f32| {
        Run::new()
            .fonts(run_fonts(TITLE_FONT))
            .size(half_points(size))
            .color(RED)
            .add_text(text)
    };
    let line = |size: f32| {
        LineSpacing::new()
            .line(twips(size * 1.25))
            .line_rule(LineSpacingType::Exact)
    };
    if one_line || file.is_none() {
        let paragraphs = names
            .iter()
            .enumerate()
            .map(|(k, name)| {
                let mut text = name.clone();
                if k + 1 == names.len()
                    && let Some(Some(file)) = &file
                {
                    text.push_str(file);
                }
                let mut spacing = line(size);
                if k == 0 {
                    spacing = spacing.before(twips(before).max(0) as u32);
                }
                flush_left()
                    .align(if one_line {
                        AlignmentType::Center
                    } else {
                        AlignmentType::Distribute
                    })
                    .line_spacing(spacing)
                    .keep_next(true)
                    .add_run(red_run(&text, size))
            })
            .collect();
        return (paragraphs, None);
    }
    // Stacked names in the left cell, spread to one width; 文件 in the right cell. Cells without
    // margins, 12% wider than estimated (a substitute font may set wider than an em).
    let names_width = twips(names_em * size * 1.12).max(0) as usize;
    let file_width = twips((file_em + 0.25) * size * 1.12).max(0) as usize;
    let mut left = TableCell::new()
        .width(names_width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .clear_all_border();
    for name in &names {
        left = left.add_paragraph(
            flush_left()
                .align(AlignmentType::Distribute)
                .line_spacing(line(size))
                .add_run(red_run(name, size)),
        );
    }
    let right = TableCell::new()
        .width(file_width, WidthType::Dxa)
        .vertical_align(VAlignType::Center)
        .clear_all_border()
        .add_paragraph(
            flush_left()
                .align(AlignmentType::Right)
                .line_spacing(line(size * file_scale))
                .add_run(red_run("文件", size * file_scale)),
        );
    let table = Table::without_borders(vec![TableRow::new(vec![left, right])])
        .set_grid(vec![names_width, file_width])
        .width(names_width + file_width, WidthType::Dxa)
        .align(TableAlignmentType::Center)
        .layout(docx_rs::TableLayoutType::Fixed)
        .margins(docx_rs::TableCellMargins::new().margin(0, 0, 0, 0));
    // The table stands after an empty paragraph that takes the room above the mark.
    let space = flush_left().line_spacing(
        LineSpacing::new()
            .line(twips(before).max(1))
            .line_rule(LineSpacingType::Exact),
    );
    (vec![space], Some(table))
}

/// The 发文字号 under the mark: two blank lines, then the number centred (or, for 上行文, flush
/// left with one character free and the last 签发人 line right-aligned on the same line), the
/// red rule 4 mm below it as the paragraph's bottom border, and two blank lines before the title.
pub fn number(number: &Block, signers: Option<&Block>, geo: &Geometry) -> Vec<Paragraph> {
    let blank = || Paragraph::new().style(STYLE_BODY);
    let mut out = vec![blank(), blank()];
    let rule = ParagraphBorder::new(ParagraphBorderPosition::Bottom)
        .val(BorderType::Single)
        .size((RED_RULE * 8.0).round() as usize)
        .space((4.0 * PT_PER_MM).round() as usize)
        .color(RED);
    let segment: Vec<Span> = number.segments.iter().flatten().cloned().collect();
    let mut p = match signers {
        None => runs(flush_left().align(AlignmentType::Center), &segment),
        Some(signers) => {
            // Earlier 签发人 lines right-aligned above; the last one on the number's line.
            let lines: Vec<Vec<Span>> = signers.segments.iter().map(|s| signer_spans(s)).collect();
            let (last, earlier) = lines
                .split_last()
                .map_or((Vec::new(), &[][..]), |(l, e)| (l.clone(), e));
            for line in earlier {
                out.push(runs(
                    flush_left()
                        .align(AlignmentType::Right)
                        .indent(None, None, Some(twips(geo.char_pitch())), None),
                    line,
                ));
            }
            let mut p = runs(
                flush_left()
                    .indent(
                        Some(twips(geo.char_pitch())),
                        Some(SpecialIndentType::FirstLine(0)),
                        None,
                        None,
                    )
                    .add_tab(
                        Tab::new()
                            .val(TabValueType::Right)
                            .pos(twips(geo.area_width - geo.char_pitch()).max(0) as usize),
                    ),
                &segment,
            );
            p = p.add_run(Run::new().add_tab());
            runs(p, &last)
        }
    };
    p.property = std::mem::take(&mut p.property).set_borders(ParagraphBorders::with_empty().set(rule));
    out.push(p);
    out.push(blank());
    out.push(blank());
    out
}

/// 签发人：names — the label in 仿宋, the names in 楷体.
fn signer_spans(segment: &[Span]) -> Vec<Span> {
    let text: String = segment.iter().map(|s| s.text.as_str()).collect();
    let line = segment.first().map_or(1, |s| s.source_line);
    let (label, names) = match text.strip_prefix("签发人：") {
        Some(names) => ("签发人：", names),
        None => ("", text.as_str()),
    };
    [(label, Style::Body), (names, Style::Heading2)]
        .into_iter()
        .filter(|(t, _)| !t.is_empty())
        .map(|(t, style)| Span {
            text: t.to_string(),
            style,
            source_line: line,
        })
        .collect()
}

/// The signature with seals: the names where the PDF puts them (tab stops), the date
/// right-aligned with four characters free, and each organ's seal floating over its name, its top
/// two lines up (right under the body), in front of the text.
pub fn sealed_signature(block: &Block, geo: &Geometry) -> Vec<Paragraph> {
    let glyphs: Vec<Vec<crate::layout::Glyph>> = block.segments.iter().map(|s| estimated_glyphs(s)).collect();
    let Some((date, organs)) = glyphs.split_last() else {
        return Vec::new();
    };
    let placed = seal::place(organs, date, geo);
    let mut names = flush_left().keep_next(true);
    let mut starts = Vec::new();
    for (organ, centre) in organs.iter().zip(&placed.seal_centres) {
        let w: f32 = organ.iter().map(|g| g.width).sum();
        starts.push((centre - w / 2.0).max(0.0));
    }
    for x in &starts {
        names = names.add_tab(Tab::new().val(TabValueType::Left).pos(twips(*x).max(0) as usize));
    }
    for (k, segment) in block.segments.iter().take(organs.len()).enumerate() {
        names = names.add_run(Run::new().add_tab());
        names = runs(names, segment);
        if let (Some(image), Some(centre)) = (
            block.images.iter().find(|im| im.segment == k),
            placed.seal_centres.get(k),
        ) && let Ok(loaded) = crate::image::load(std::path::Path::new(&image.path))
        {
            let (x, dy) = seal::seal_box(*centre, geo);
            let emu = |pt: f32| (pt * EMU_PER_PT).round() as i32;
            let pic = Pic::new_with_dimensions(loaded.png.clone(), loaded.width, loaded.height)
                .size(emu(SEAL).max(0) as u32, emu(SEAL).max(0) as u32)
                .floating()
                .overlapping()
                .relative_from_h(RelativeFromHType::Margin)
                .relative_from_v(RelativeFromVType::Paragraph)
                .offset_x(emu(x))
                .offset_y(emu(dy));
            names = names.add_run(Run::new().add_image(pic));
        }
    }
    let date_spans: Vec<Span> = block.segments.last().cloned().unwrap_or_default();
    let date = runs(
        flush_left()
            .align(AlignmentType::Right)
            .indent(None, None, Some(twips(4.0 * geo.char_pitch())), None),
        &date_spans,
    );
    vec![names, date]
}
