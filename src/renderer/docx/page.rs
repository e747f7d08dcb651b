//! The DOCX's pages: A4 portrait or landscape (横排表格) with GB/T 9704's margins and grid, the
//! sections they are set in, and the "— N —" page numbers in odd and even footers.

use super::{Element, PAGE_NUMBER_FONT, STYLE_FOOTER, half_points, line_pitch_twips, run_fonts, twips};
use crate::layout::page::Orientation;
use crate::layout::{Geometry, Style};
use docx_rs::*;

/// The page's width and height and its margins, in twips. Portrait: A4 with the margins of
/// GB/T 9704. Landscape (横排表格): the portrait sheet turned a quarter counterclockwise, as the
/// PDF turns it ([`crate::layout::document`]'s `Area`): 297 × 210 mm, the sheet's left margin
/// (28 mm) the page's top one, its bottom margin (35 mm) the left one, its top margin (37 mm) the
/// right one and its right margin (26 mm) the bottom one, so that the type area is the portrait
/// one turned, 225 mm wide and 156 mm tall.
pub(super) fn page_of(orientation: Orientation, geo: &Geometry) -> (u32, u32, PageMargin) {
    let right = geo.page_width - geo.margin_left - geo.area_width;
    let bottom = geo.page_height - geo.margin_top - geo.area_height;
    let (width, height, top, right, bottom, left) = match orientation {
        Orientation::Portrait => (
            geo.page_width,
            geo.page_height,
            geo.margin_top,
            right,
            bottom,
            geo.margin_left,
        ),
        Orientation::Landscape => (
            geo.page_height,
            geo.page_width,
            geo.margin_left,
            geo.margin_top,
            right,
            bottom,
        ),
    };
    // The page number's top sits 7 mm below the type area: the footer's bottom is then one
    // 14 pt line further down.
    let footer = bottom - 7.0 * crate::layout::PT_PER_MM - Style::PageNumber.size();
    let margin = PageMargin::new()
        .top(twips(top))
        .left(twips(left))
        .right(twips(right))
        .bottom(twips(bottom))
        .header(twips(top / 2.0))
        .footer(twips(footer))
        .gutter(0);
    (twips(width) as u32, twips(height) as u32, margin)
}

/// The 22 × 28 grid (15 lines of 40 characters on a landscape page, the same pitches). Line
/// pitch rounded down, so that 22 lines always fit the type area. The character pitch is
/// declared as its difference from the default font size, in 1/4096 pt.
pub(super) fn doc_grid(geo: &Geometry) -> DocGrid {
    let line_pitch = line_pitch_twips(geo) as usize;
    let char_space = ((geo.char_pitch() - geo.body_size) * 4096.0).round() as isize;
    DocGrid::new()
        .grid_type(DocGridType::LinesAndChars)
        .line_pitch(line_pitch)
        .char_space(char_space)
}

/// The document's own (last) section: its page, margins and grid; the footers are given by the
/// caller.
pub(super) fn page_setup(docx: Docx, orientation: Orientation, geo: &Geometry) -> Docx {
    let (width, height, margin) = page_of(orientation, geo);
    let mut docx = docx.page_size(width, height).page_margin(margin);
    if orientation == Orientation::Landscape {
        docx = docx.page_orient(PageOrientationType::Landscape);
    }
    docx.document = docx.document.doc_grid(doc_grid(geo));
    docx
}

/// A section before the last: the same set-up as [`page_setup`]; the footers are given by the
/// caller. No page-number type, so the numbers run on from the section before.
pub(super) fn section_property(orientation: Orientation, geo: &Geometry) -> SectionProperty {
    let (width, height, margin) = page_of(orientation, geo);
    let mut size = PageSize::new().size(width, height);
    if orientation == Orientation::Landscape {
        size = size.orient(PageOrientationType::Landscape);
    }
    SectionProperty::new()
        .page_size(size)
        .page_margin(margin)
        .doc_grid(doc_grid(geo))
}

/// A footer part for a section before the last, registered as [`Docx::footer`] registers the
/// last section's (relationship `rIdFooterN` to `footerN.xml`, its content type); its id.
/// docx-rs's own `Section` keeps only one footer of a section (`add_section` drops the even
/// page's), so the sections are written as Word writes them: the `sectPr` in the pPr of the
/// section's last paragraph, each part's XML given to the package after building.
pub(super) fn register_footer(mut docx: Docx) -> (Docx, String) {
    let count = docx.document_rels.footer_count.saturating_add(1);
    docx.document_rels.footer_count = count;
    docx.content_type = docx.content_type.add_footer();
    (docx, docx_rs::create_footer_rid(count))
}

/// A section's elements with `property` in its last paragraph (after a table, in a paragraph
/// one point tall added for it, so that it never takes a line or a page of its own).
pub(super) fn close_section(mut section: Vec<Element>, property: SectionProperty) -> Vec<Element> {
    if !matches!(section.last(), Some(Element::Paragraph(_))) {
        let closing = Paragraph::new()
            .line_spacing(
                LineSpacing::new()
                    .before(0)
                    .after(0)
                    .line(20)
                    .line_rule(LineSpacingType::Exact),
            )
            .size(2);
        section.push(Element::Paragraph(Box::new(closing)));
    }
    if let Some(Element::Paragraph(p)) = section.last_mut() {
        p.property = std::mem::take(&mut p.property).section_property(property);
    }
    section
}

pub(super) fn add_elements(docx: Docx, elements: Vec<Element>) -> Docx {
    elements.into_iter().fold(docx, |docx, e| match e {
        Element::Paragraph(p) => docx.add_paragraph(*p),
        Element::Table(t) => docx.add_table(*t),
        Element::Turn(_) => docx,
    })
}

/// The odd and even pages' footers.
pub(super) fn page_number_footers() -> (Footer, Footer) {
    let size = Style::PageNumber.size();
    (
        page_number_footer(AlignmentType::Right, size),
        page_number_footer(AlignmentType::Left, size),
    )
}

/// "— N —" in 四号宋体, one character in from the edge of the type area: right on odd pages,
/// left on even ones.
pub(super) fn page_number_footer(align: AlignmentType, size: f32) -> Footer {
    let one = twips(size);
    let (left, right) = match align {
        AlignmentType::Left => (Some(one), None),
        _ => (None, Some(one)),
    };
    let run = |text: &str| number_run().add_text(text);
    let field = number_run()
        .add_field_char(FieldCharType::Begin, false)
        .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
        .add_field_char(FieldCharType::Separate, false)
        .add_text("1")
        .add_field_char(FieldCharType::End, false);
    Footer::new().add_paragraph(
        Paragraph::new()
            .style(STYLE_FOOTER)
            .align(align)
            .indent(left, None, right, None)
            .add_run(run("— "))
            .add_run(field)
            .add_run(run(" —")),
    )
}

pub(super) fn number_run() -> Run {
    Run::new()
        .fonts(run_fonts(PAGE_NUMBER_FONT))
        .size(half_points(Style::PageNumber.size()))
}
