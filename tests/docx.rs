//! The DOCX read back. Its XML says what WPS and Word will do: page, grid, fonts by role, heading
//! styles, odd and even footers. Where LibreOffice is installed, it sets the DOCX as a PDF and
//! that PDF is measured as the PDF tests measure ours.

mod common;
use common::pdf::*;
use common::*;
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The text parts of a DOCX, by name.
struct Docx(HashMap<String, String>);

impl Docx {
    fn read(path: &Path) -> Docx {
        let file = std::fs::File::open(path).unwrap();
        let mut zip = zip::ZipArchive::new(file).unwrap();
        let mut parts = HashMap::new();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            let mut bytes = Vec::new();
            if entry.is_file() {
                entry.read_to_end(&mut bytes).unwrap();
                // The XML parts; not the pictures (the seals).
                if let Ok(text) = String::from_utf8(bytes) {
                    parts.insert(entry.name().to_string(), text);
                }
            }
        }
        Docx(parts)
    }

    fn part(&self, name: &str) -> &str {
        self.0.get(name).unwrap_or_else(|| panic!("no {name} in the DOCX"))
    }

    /// A style's XML, by id.
    fn style(&self, id: &str) -> &str {
        element_with(self.part("word/styles.xml"), "w:style", &format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("no style {id}"))
    }

    fn paragraphs(&self) -> Vec<Para<'_>> {
        elements(self.part("word/document.xml"), "w:p")
            .into_iter()
            .map(Para::new)
            .collect()
    }
}

/// Every `<tag …>…</tag>` or `<tag …/>` in `xml`, in order (not nested in one another).
fn elements<'a>(xml: &'a str, tag: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = xml;
    while let Some(at) = rest.find(&format!("<{tag}")) {
        let after = &rest[at + tag.len() + 1..];
        // `<w:p` must not match `<w:pPr`.
        if !after.starts_with([' ', '>', '/']) {
            rest = &rest[at + tag.len() + 1..];
            continue;
        }
        let open_end = at + rest[at..].find('>').unwrap() + 1;
        let end = if rest[..open_end].ends_with("/>") {
            open_end
        } else {
            let close = format!("</{tag}>");
            open_end + rest[open_end..].find(&close).unwrap() + close.len()
        };
        out.push(&rest[at..end]);
        rest = &rest[end..];
    }
    out
}

fn element_with<'a>(xml: &'a str, tag: &str, needle: &str) -> Option<&'a str> {
    elements(xml, tag).into_iter().find(|e| e.contains(needle))
}

/// An attribute of the first `<tag …>` in `xml`.
fn attr<'a>(xml: &'a str, tag: &str, name: &str) -> Option<&'a str> {
    let element = elements(xml, tag).into_iter().next()?;
    let head = &element[..element.find('>')?];
    let key = format!(" {name}=\"");
    let start = head.find(&key)? + key.len();
    Some(&head[start..start + head[start..].find('"')?])
}

fn num(xml: &str, tag: &str, name: &str) -> f64 {
    attr(xml, tag, name)
        .unwrap_or_else(|| panic!("{tag} {name} in {xml}"))
        .parse()
        .unwrap()
}

struct Para<'a> {
    xml: &'a str,
    style: String,
    text: String,
}

impl<'a> Para<'a> {
    fn new(xml: &'a str) -> Para<'a> {
        let style = attr(xml, "w:pStyle", "w:val").unwrap_or_default().to_string();
        let text = elements(xml, "w:t")
            .into_iter()
            .map(|t| unescape(&t[t.find('>').unwrap() + 1..t.rfind("</w:t>").unwrap_or(t.len())]))
            .collect();
        Para { xml, style, text }
    }

    /// East Asian font of each run with text.
    fn fonts(&self) -> Vec<&'a str> {
        elements(self.xml, "w:r")
            .into_iter()
            .filter(|r| !elements(r, "w:t").is_empty())
            .map(|r| attr(r, "w:rFonts", "w:eastAsia").unwrap_or("(none)"))
            .collect()
    }
}

const TWIPS_PER_MM: f64 = 1440.0 / 25.4;

fn render(input: &Path, formats: &str) -> PathBuf {
    render_to_temp(input, formats)
}

/// The sample as Markdown, DOCX and PDF, rendered once per test binary.
fn sample() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| render(&sample_path(), "md,docx,pdf"))
}

fn sample_docx() -> Docx {
    Docx::read(&sample().join("sample.docx"))
}

#[test]
fn the_page_is_a4_with_the_standard_margins_and_a_22_by_28_grid() {
    let docx = sample_docx();
    let section = elements(docx.part("word/document.xml"), "w:sectPr")[0];
    assert_eq!(
        (num(section, "w:pgSz", "w:w"), num(section, "w:pgSz", "w:h")),
        (11906.0, 16838.0)
    );
    let mm = |name: &str| num(section, "w:pgMar", name) / TWIPS_PER_MM;
    for (side, want) in [("w:top", 37.0), ("w:left", 28.0), ("w:right", 26.0), ("w:bottom", 35.0)] {
        assert!((mm(side) - want).abs() < 0.05, "{side}: {:.2} mm", mm(side));
    }
    // The grid: lines and characters, 22 lines of the 225 mm type area, 28 characters of 156 mm.
    assert_eq!(attr(section, "w:docGrid", "w:type"), Some("linesAndChars"));
    let pitch = num(section, "w:docGrid", "w:linePitch");
    let area = 225.0 * TWIPS_PER_MM;
    assert!(22.0 * pitch <= area && 23.0 * pitch > area, "line pitch {pitch}");
    assert!((pitch - area / 22.0).abs() < 1.0);
    // charSpace is the pitch's difference from the Normal font size, in 1/4096 pt.
    let normal_size = num(docx.style("Normal"), "w:sz", "w:val") / 2.0;
    assert_eq!(normal_size, 16.0, "Normal is 三号");
    let char_pitch = normal_size + num(section, "w:docGrid", "w:charSpace") / 4096.0;
    assert!((char_pitch - CHAR_PITCH).abs() < 0.01, "character pitch {char_pitch}");
}

#[test]
fn each_role_has_the_font_offices_name_and_the_headings_are_styles() {
    let docx = sample_docx();
    let style_font = |id: &str| attr(docx.style(id), "w:rFonts", "w:eastAsia").unwrap_or("(none)");
    let style_size = |id: &str| num(docx.style(id), "w:sz", "w:val") / 2.0;
    assert_eq!((style_font("Normal"), style_size("Normal")), ("仿宋_GB2312", 16.0));
    assert_eq!(
        (style_font("GongwenTitle"), style_size("GongwenTitle")),
        ("方正小标宋简体", 22.0)
    );
    assert_eq!(attr(docx.style("GongwenTitle"), "w:jc", "w:val"), Some("center"));
    for (level, font) in [(1, "黑体"), (2, "楷体_GB2312"), (3, "仿宋_GB2312"), (4, "仿宋_GB2312")] {
        let id = format!("Heading{level}");
        assert_eq!((style_font(&id), style_size(&id)), (font, 16.0), "{id}");
        assert_eq!(
            attr(docx.style(&id), "w:name", "w:val"),
            Some(format!("heading {level}").as_str())
        );
        assert_eq!(num(docx.style(&id), "w:outlineLvl", "w:val"), f64::from(level - 1));
    }
    // The font table says what each office font is and what Windows has in its place.
    let table = docx.part("word/fontTable.xml");
    for (name, alt) in [
        ("仿宋_GB2312", "仿宋"),
        ("楷体_GB2312", "楷体"),
        ("方正小标宋简体", "宋体"),
    ] {
        let font = element_with(table, "w:font", &format!("w:name=\"{name}\"")).unwrap_or_else(|| panic!("{name}"));
        assert_eq!(attr(font, "w:altName", "w:val"), Some(alt));
        assert_eq!(attr(font, "w:charset", "w:val"), Some("86"));
    }
    // The body and the headings are indented two characters of the grid.
    for id in ["GongwenBody", "Heading1", "Heading2"] {
        let indent = num(docx.style(id), "w:ind", "w:firstLine");
        assert!((indent - 2.0 * CHAR_PITCH * 20.0).abs() < 1.0, "{id}: {indent}");
    }

    let paragraphs = docx.paragraphs();
    let find = |text: &str| {
        paragraphs
            .iter()
            .find(|p| p.text.starts_with(text))
            .unwrap_or_else(|| panic!("no paragraph {text}"))
    };
    let title = find("创建乡村振兴先进镇工作方案");
    assert_eq!(
        (title.style.as_str(), title.fonts()),
        ("GongwenTitle", vec!["方正小标宋简体"])
    );
    let heading = find("一、指导思想");
    assert_eq!((heading.style.as_str(), heading.fonts()), ("Heading1", vec!["黑体"]));
    // A run-in heading: 楷体 for （一）… then 仿宋 for the text after it.
    let run_in = find("（一）坚持党管农村工作的原则");
    assert_eq!(run_in.fonts(), vec!["楷体_GB2312", "仿宋_GB2312"]);
    // Every run with text names one of the office fonts.
    let known = ["方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312"];
    for p in &paragraphs {
        for font in p.fonts() {
            assert!(known.contains(&font), "{font} in {:?}", p.text);
        }
    }
}

#[test]
fn page_numbers_stand_right_on_odd_pages_and_left_on_even_ones() {
    let docx = sample_docx();
    assert!(docx.part("word/settings.xml").contains("<w:evenAndOddHeaders"));
    let rels = docx.part("word/_rels/document.xml.rels");
    let section = elements(docx.part("word/document.xml"), "w:sectPr")[0];
    for (kind, align) in [("default", "right"), ("even", "left")] {
        let reference = element_with(section, "w:footerReference", &format!("w:type=\"{kind}\""))
            .unwrap_or_else(|| panic!("no {kind} footer"));
        let id = attr(reference, "w:footerReference", "r:id").unwrap();
        let relation = element_with(rels, "Relationship", &format!("Id=\"{id}\"")).unwrap();
        let target = attr(relation, "Relationship", "Target").unwrap();
        let footer = docx.part(&format!("word/{target}"));
        let p = Para::new(elements(footer, "w:p")[0]);
        assert_eq!(attr(p.xml, "w:jc", "w:val"), Some(align), "{kind}");
        // One character (四号, 280 twips) in from the edge, on the outer side.
        let side = if align == "right" { "w:right" } else { "w:left" };
        assert_eq!(attr(p.xml, "w:ind", side), Some("280"), "{kind}");
        assert_eq!(p.text, "— 1 —", "{kind}: the field's placeholder between the dashes");
        assert!(p.xml.contains("<w:instrText>PAGE</w:instrText>"), "{kind}");
        for r in elements(p.xml, "w:r") {
            assert_eq!(attr(r, "w:rFonts", "w:eastAsia"), Some("宋体"));
            assert_eq!(attr(r, "w:sz", "w:val"), Some("28"));
        }
    }
}

#[test]
fn the_text_is_the_documents_and_the_signature_is_placed_as_the_standard_says() {
    let docx = sample_docx();
    let paragraphs = docx.paragraphs();
    let text: String = paragraphs.iter().map(|p| without_whitespace(&p.text)).collect();
    let md = std::fs::read_to_string(sample().join("sample.md")).unwrap();
    assert_eq!(text, without_whitespace(&markdown_text(&md)));

    // Signature lines right-aligned, two characters free; the date's first character two
    // characters right of the signature's: both measured in grid characters.
    let signature: Vec<&Para> = paragraphs.iter().filter(|p| p.style == "GongwenSignature").collect();
    assert_eq!(signature.len(), 3);
    let char_twips = CHAR_PITCH * 20.0;
    let cells = |s: &str| -> f64 { s.chars().map(|c| if c.is_ascii() { 0.5 } else { 1.0 }).sum() };
    let start = |p: &Para| 28.0 - cells(&p.text) - num(p.xml, "w:ind", "w:right") / char_twips;
    for p in &signature {
        assert_eq!(attr(p.xml, "w:jc", "w:val"), Some("right"));
    }
    let issuers = &signature[..2];
    assert!(
        issuers
            .iter()
            .any(|p| (num(p.xml, "w:ind", "w:right") / char_twips - 2.0).abs() < 0.01)
    );
    let signature_start = issuers.iter().map(|p| start(p)).fold(f64::MAX, f64::min);
    assert!((start(signature[2]) - (signature_start + 2.0)).abs() < 0.01);
    assert_eq!(signature[2].text, "2021年3月15日");
    // Nothing between the body and the signature can fall onto its own page.
    let at = paragraphs.iter().position(|p| p.style == "GongwenSignature").unwrap();
    assert!(paragraphs[at - 2].xml.contains("<w:keepNext"));
}

#[test]
fn attachments_and_copy_to_from_hand_written_markdown() {
    let dir = render(&repo().join("tests/fixtures/stress.md"), "docx");
    let docx = Docx::read(&dir.join("stress.docx"));
    let paragraphs = docx.paragraphs();
    // The 版记, the copy-to alone here: one row of the 版记's table, between the 0.35 mm rules;
    // its wrapped lines hang after 抄送：.
    let rows = imprint_rows(&docx);
    assert_eq!(rows.len(), 1);
    assert!(rows[0].text.starts_with("抄送："));
    let size = 14.0 * 20.0;
    assert_eq!(num(rows[0].xml, "w:ind", "w:left"), 4.0 * size);
    assert_eq!(num(rows[0].xml, "w:ind", "w:hanging"), 3.0 * size);
    assert_eq!(num(rows[0].xml, "w:ind", "w:right"), size);
    // Attachments: wrapped lines hang after 附件：1. (the first line starts two characters in).
    let attachment = paragraphs.iter().find(|p| p.text.starts_with("附件：")).unwrap();
    let left = num(attachment.xml, "w:ind", "w:left");
    let hanging = num(attachment.xml, "w:ind", "w:hanging");
    assert!(((left - hanging) / (CHAR_PITCH * 20.0) - 2.0).abs() < 0.01);
    assert!(hanging > 0.0);
    let text: String = paragraphs.iter().map(|p| without_whitespace(&p.text)).collect();
    let md = std::fs::read_to_string(repo().join("tests/fixtures/stress.md")).unwrap();
    assert_eq!(text, without_whitespace(&markdown_text(&md)));
}

/// The 版记's table in a DOCX, checked for what every 版记 has (GB/T 9704 7.4: it ends the last
/// page, between rules as wide as the type area, the first and the last 0.35 mm, those between
/// 0.25 mm), and the paragraphs of its rows.
fn imprint_rows(docx: &Docx) -> Vec<Para<'_>> {
    let document = docx.part("word/document.xml");
    let tables: Vec<&str> = elements(document, "w:tbl")
        .into_iter()
        .filter(|t| t.contains("<w:tblpPr"))
        .collect();
    assert_eq!(tables.len(), 1, "one floating table, the 版记's");
    let table = tables[0];
    // Floating: its foot on the type area's bottom edge (the margin's bottom), its left edge on
    // the left margin (28 mm from the page's edge), as wide as the type area. The position first
    // in the table's properties, where the schema puts it.
    let properties = elements(table, "w:tblPr")[0];
    assert!(properties.starts_with("<w:tblPr><w:tblpPr "), "{properties}");
    assert_eq!(attr(table, "w:tblpPr", "w:vertAnchor"), Some("margin"));
    assert_eq!(attr(table, "w:tblpPr", "w:tblpYSpec"), Some("bottom"));
    assert_eq!(attr(table, "w:tblpPr", "w:tblpY"), None);
    assert_eq!(attr(table, "w:tblpPr", "w:horzAnchor"), Some("page"));
    assert!((num(table, "w:tblpPr", "w:tblpX") / TWIPS_PER_MM - 28.0).abs() < 0.05);
    assert!((num(table, "w:tblW", "w:w") / TWIPS_PER_MM - 156.0).abs() < 0.05);
    assert_eq!(attr(table, "w:tblW", "w:type"), Some("dxa"));
    // No side margins in the cells: the lines' indents place the text.
    let margins = elements(table, "w:tblCellMar")[0];
    assert_eq!(num(margins, "w:left", "w:w"), 0.0);
    assert_eq!(num(margins, "w:right", "w:w"), 0.0);
    // Rules in eighths of a point: 8 (1 pt, 0.353 mm) above and below, 6 (0.75 pt, 0.265 mm)
    // between the rows; no sides.
    let borders = elements(table, "w:tblBorders")[0];
    for (side, size) in [("w:top", 8.0), ("w:bottom", 8.0), ("w:insideH", 6.0)] {
        assert_eq!(attr(borders, side, "w:val"), Some("single"), "{side}");
        assert_eq!(num(borders, side, "w:sz"), size, "{side}");
    }
    for side in ["w:left", "w:right", "w:insideV"] {
        assert_eq!(attr(borders, side, "w:val"), Some("nil"), "{side}");
    }
    // A paragraph after it, empty, which it stands by.
    let after = &document[document.find(table).unwrap() + table.len()..];
    assert!(after.starts_with("<w:p "), "{}", &after[..after.len().min(200)]);
    assert!(Para::new(elements(after, "w:p")[0]).text.is_empty());
    let rows: Vec<Para> = elements(table, "w:tr")
        .into_iter()
        .map(|row| {
            let paragraphs = elements(row, "w:p");
            assert_eq!(paragraphs.len(), 1, "{row}");
            Para::new(paragraphs[0])
        })
        .collect();
    for row in &rows {
        assert_eq!(row.style, "GongwenCopyTo");
        assert!(row.fonts().iter().all(|f| *f == "仿宋_GB2312"), "{:?}", row.fonts());
    }
    rows
}

/// The notice's 版记: the copy-to and the printed-by line, a row each, the 0.25 mm rule between
/// them; the office one character from the left, the date at a right tab one character from
/// the right.
#[test]
fn the_imprint_is_a_floating_table_at_the_foot_of_the_type_area_with_a_thin_rule_between_its_lines() {
    let dir = render(&repo().join("plans/notice.yaml"), "docx");
    let docx = Docx::read(&dir.join("notice.docx"));
    let rows = imprint_rows(&docx);
    let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        texts,
        ["抄送：县委农办，县农业农村局。", "XX镇党政办公室2021年3月18日印发"]
    );
    let size = 14.0 * 20.0;
    let printed = &rows[1];
    assert_eq!(num(printed.xml, "w:ind", "w:left"), size);
    assert_eq!(num(printed.xml, "w:ind", "w:right"), size);
    assert!((num(printed.xml, "w:tab", "w:pos") - (156.0 * TWIPS_PER_MM - size)).abs() <= 1.0);
    assert_eq!(attr(printed.xml, "w:tab", "w:val"), Some("right"));
    assert!(printed.xml.contains("<w:tab />"), "the date after a tab");
    // The copy-to hangs after 抄送： (three characters).
    assert_eq!(num(rows[0].xml, "w:ind", "w:hanging"), 3.0 * size);
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let again = render(&sample_path(), "docx");
    assert_eq!(
        std::fs::read(sample().join("sample.docx")).unwrap(),
        std::fs::read(again.join("sample.docx")).unwrap()
    );
}

/// LibreOffice, where installed (`.ci/run` installs it), sets the DOCX; its PDF is measured on
/// the same grid as ours. The fonts are substitutes (no 仿宋_GB2312 here), so positions get
/// a millimetre of slack; the grid itself (22 lines, 28 characters) must hold exactly.
/// The DOCX set as a PDF by LibreOffice, in a folder of its own; None where it is not installed.
fn libreoffice_pdf(docx: &Path) -> Option<(tempfile::TempDir, PathBuf)> {
    let soffice = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(soffice) = soffice else {
        eprintln!("skipped: LibreOffice is not installed (scripts/setup.sh tests installs it)");
        return None;
    };
    let work = tempfile::tempdir().unwrap();
    // A profile of its own, so that a LibreOffice already running cannot take the job.
    let profile = format!("-env:UserInstallation=file://{}", work.path().join("profile").display());
    let out = std::process::Command::new(soffice)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(work.path())
        .arg(docx)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = work.path().join(docx.with_extension("pdf").file_name().unwrap());
    Some((work, pdf))
}

#[test]
fn libreoffice_sets_the_docx_on_the_same_grid_as_the_pdf() {
    let dir = sample();
    let Some((_work, converted)) = libreoffice_pdf(&dir.join("sample.docx")) else {
        return;
    };
    let pages = read_pdf(&converted);
    let ours = read_pdf(&dir.join("sample.pdf"));
    assert_eq!(pages.len(), ours.len(), "pages: LibreOffice against our PDF");

    let slack = 1.0 * MM;
    let mut full_lines = 0;
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        assert!(
            near(page.width, PAGE_W, TOLERANCE) && near(page.height, PAGE_H, TOLERANCE),
            "page {n}"
        );
        let body: Vec<&PdfLine> = page.area_lines().collect();
        assert!(body.len() <= 22, "page {n}: {} lines", body.len());
        // Body-size lines one grid pitch apart (or whole multiples, across a blank line). The
        // substitute font's boxes are taller than an em, so "body size" is the usual height.
        let usual = body[body.len() / 2].height();
        let body_size: Vec<&PdfLine> = body
            .iter()
            .copied()
            .filter(|l| (l.height() - usual).abs() < 0.5)
            .collect();
        for w in body_size.windows(2) {
            let gap = w[1].y_max - w[0].y_max;
            let k = (gap / LINE_PITCH).round();
            assert!(
                k >= 1.0 && (gap - k * LINE_PITCH).abs() <= TOLERANCE,
                "page {n}: gap {gap:.2}"
            );
        }
        // The first line in the first grid slot, below the 37 mm top margin.
        let top = body[0].y_min;
        assert!(
            top >= TOP - slack && top < TOP + LINE_PITCH,
            "page {n}: top {:.2} mm",
            top / MM
        );
        if body.len() >= 10 {
            let left = body.iter().map(|l| l.x_min).fold(f64::MAX, f64::min);
            assert!(near(left, LEFT, slack), "page {n}: left {:.2} mm", left / MM);
        }
        // 28 characters a line, where a line is all Hanzi and full-width marks; a closing mark
        // may hang past the edge (LibreOffice's and Word's default), never a 29th Hanzi.
        for line in &body {
            let text = without_whitespace(&line.text);
            if text.chars().all(|c| !c.is_ascii()) {
                let hanzi = text.chars().filter(|c| !"，。、；：！？”’）》".contains(*c)).count();
                assert!(text.chars().count() <= 29 && hanzi <= 28, "page {n}: {text}");
                if text.chars().count() >= 28 {
                    full_lines += 1;
                }
            }
        }
        let number = page.page_number_line().unwrap_or_else(|| panic!("page {n}: no number"));
        assert_eq!(without_whitespace(&number.text), format!("—{n}—"));
        assert!(
            near(number.y_min, TOP + AREA_H + 7.0 * MM, 1.5 * MM),
            "page {n}: number at {:.2} mm",
            number.y_min / MM
        );
        if n % 2 == 1 {
            assert!(
                near(number.x_max, LEFT + AREA_W - 14.0, slack),
                "page {n}: number right"
            );
        } else {
            assert!(near(number.x_min, LEFT + 14.0, slack), "page {n}: number left");
        }
    }
    assert!(full_lines > 50, "only {full_lines} full lines");

    // All the text, in order.
    let extracted: String = raw_text(&converted)
        .lines()
        .map(without_whitespace)
        .filter(|l| !(l.starts_with('—') && l.ends_with('—') && l.chars().count() > 2))
        .collect();
    let md = std::fs::read_to_string(dir.join("sample.md")).unwrap();
    assert_eq!(extracted, without_whitespace(&markdown_text(&md)));
}

fn near(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// The stress document in LibreOffice: as many pages as our PDF, and the 版记 at the foot of the
/// last one.
#[test]
fn libreoffice_puts_the_copy_to_at_the_foot_of_the_last_page() {
    let dir = render(&repo().join("tests/fixtures/stress.md"), "docx,pdf");
    let Some((_work, converted)) = libreoffice_pdf(&dir.join("stress.docx")) else {
        return;
    };
    let pages = read_pdf(&converted);
    assert_eq!(pages.len(), read_pdf(&dir.join("stress.pdf")).len());
    let last = pages.last().unwrap();
    let lines: Vec<&PdfLine> = last.area_lines().collect();
    let texts: Vec<&String> = lines.iter().map(|l| &l.text).collect();
    let copy_to = lines
        .iter()
        .position(|l| l.text.starts_with("抄送"))
        .expect("copy-to on the last page");
    // Its two lines are the last of the type area, the second in its last grid slot.
    assert_eq!(copy_to + 2, lines.len(), "{texts:?}");
    let bottom = lines[lines.len() - 1].y_max;
    assert!(
        bottom > TOP + AREA_H - LINE_PITCH && bottom <= TOP + AREA_H,
        "{:.2} mm",
        bottom / MM
    );
}

/// The title is broken where the PDF breaks it (between words), not left to the word processor.
#[test]
fn the_title_breaks_where_the_pdf_breaks_it() {
    let dir = render(&repo().join("tests/fixtures/stress.md"), "docx,pdf");
    let docx = Docx::read(&dir.join("stress.docx"));
    let paragraphs = docx.paragraphs();
    let title = paragraphs.iter().find(|p| p.style == "GongwenTitle").unwrap();
    // Runs between the breaks, as lines.
    let mut lines = vec![String::new()];
    for run in elements(title.xml, "w:r") {
        if run.contains("<w:br") {
            lines.push(String::new());
        }
        for t in elements(run, "w:t") {
            lines
                .last_mut()
                .unwrap()
                .push_str(&unescape(&t[t.find('>').unwrap() + 1..t.rfind("</w:t>").unwrap()]));
        }
    }
    let pdf_title: Vec<String> = read_pdf(&dir.join("stress.pdf"))[0]
        .lines
        .iter()
        .filter(|l| l.height() > 20.0)
        .map(|l| without_whitespace(&l.text))
        .collect();
    assert!(pdf_title.len() >= 2, "{pdf_title:?}");
    assert_eq!(lines, pdf_title);
}

/// The sample with its two attachments (the leading group's table and a task breakdown).
fn attachments() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| render(&repo().join("plans/sample_attachments.yaml"), "md,docx,pdf"))
}

/// The Markdown's table rows, each as its cells' text (header rows included).
fn markdown_rows(md: &str) -> Vec<Vec<String>> {
    md.lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| unescape(c.trim()).replace("\\", ""))
                .collect()
        })
        .collect()
}

#[test]
fn tables_carry_their_width_grid_borders_and_repeated_header_row() {
    let docx = Docx::read(&attachments().join("sample_attachments.docx"));
    let document = docx.part("word/document.xml");
    // The attachments' tables; the 版记's (floating) is not one of them.
    let tables: Vec<&str> = elements(document, "w:tbl")
        .into_iter()
        .filter(|t| !t.contains("<w:tblpPr"))
        .collect();
    assert_eq!(tables.len(), 2);
    let md = std::fs::read_to_string(attachments().join("sample_attachments.md")).unwrap();
    let mut want = markdown_rows(&md).into_iter();
    // The type area's width, 156 mm, in twips.
    let area = 156.0 * TWIPS_PER_MM;
    for table in tables {
        let width = num(table, "w:tblW", "w:w");
        assert_eq!(attr(table, "w:tblW", "w:type"), Some("dxa"));
        assert!((width - area).abs() <= 1.0, "tblW {width}");
        let grid: Vec<f64> = elements(table, "w:gridCol")
            .iter()
            .map(|c| num(c, "w:gridCol", "w:w"))
            .collect();
        assert_eq!(grid.iter().sum::<f64>(), width, "the grid sums to the table's width");
        let borders = elements(table, "w:tblBorders")[0];
        for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
            assert_eq!(attr(borders, side, "w:val"), Some("single"), "{side}");
        }
        let rows = elements(table, "w:tr");
        for (r, row) in rows.iter().enumerate() {
            // The header row repeats on each page; no other row does.
            assert_eq!(row.contains("<w:tblHeader"), r == 0, "row {r}");
            let cells = elements(row, "w:tc");
            let widths: Vec<f64> = cells.iter().map(|c| num(c, "w:tcW", "w:w")).collect();
            assert_eq!(widths, grid, "row {r}: cell widths");
            let texts: Vec<String> = cells
                .iter()
                .map(|c| elements(c, "w:p").into_iter().map(|p| Para::new(p).text).collect())
                .collect();
            assert_eq!(texts, want.next().unwrap(), "row {r}");
            // 黑体 in the header row, 仿宋 in the others; 四号 throughout.
            let fonts: Vec<&str> = cells
                .iter()
                .flat_map(|c| elements(c, "w:p"))
                .flat_map(|p| Para::new(p).fonts())
                .collect();
            let font = if r == 0 { "黑体" } else { "仿宋_GB2312" };
            assert!(fonts.iter().all(|f| *f == font), "row {r}: {fonts:?}");
            assert!(!row.contains("<w:sz w:val=\"32\""), "row {r} is 四号");
        }
    }
    assert!(want.next().is_none(), "every Markdown row is in the DOCX");
}

#[test]
fn attachments_start_a_page_with_their_label_and_title() {
    let docx = Docx::read(&attachments().join("sample_attachments.docx"));
    let paragraphs = docx.paragraphs();
    for (n, title) in [
        (1, "创建乡村振兴先进镇工作领导小组成员名单"),
        (2, "创建乡村振兴先进镇工作任务分解表"),
    ] {
        let at = paragraphs
            .iter()
            .position(|p| p.text == format!("附件{n}"))
            .unwrap_or_else(|| panic!("附件{n}"));
        let label = &paragraphs[at];
        assert!(label.xml.contains("<w:pageBreakBefore"), "{}", label.xml);
        assert_eq!(label.fonts(), ["黑体"]);
        // A blank line, then the title on the third line, set as the document's title.
        assert!(paragraphs[at + 1].text.is_empty());
        assert_eq!(paragraphs[at + 2].style, "GongwenTitle");
        assert_eq!(paragraphs[at + 2].text, title);
    }
}

/// LibreOffice sets the tables: every row, in order, and the header row again at the top of
/// each page a table continues on.
#[test]
fn libreoffice_sets_the_tables_with_their_header_on_every_page() {
    let dir = attachments();
    let Some((_work, converted)) = libreoffice_pdf(&dir.join("sample_attachments.docx")) else {
        return;
    };
    let md = std::fs::read_to_string(dir.join("sample_attachments.md")).unwrap();
    let rows = markdown_rows(&md);
    let text = without_whitespace(&raw_text(&converted));
    // Each row's cells, in order, somewhere after the previous row.
    let mut from = 0;
    for row in rows.iter().filter(|r| r[0] != "序号") {
        let cells: String = row.concat();
        let at = text[from..]
            .find(&without_whitespace(&cells))
            .unwrap_or_else(|| panic!("row {cells} not in order in LibreOffice's PDF"));
        from += at + cells.len();
    }
    for header in ["序号姓名职务组内职务", "序号工作任务牵头单位责任单位完成时限"] {
        let pages: Vec<usize> = read_pdf(&converted)
            .iter()
            .enumerate()
            .filter(|(_, p)| p.area_lines().any(|l| without_whitespace(&l.text) == header))
            .map(|(i, _)| i)
            .collect();
        assert!(pages.len() >= 2, "{header} on pages {pages:?}");
        // On a continued page the header is the page's first line.
        for &i in &pages[1..] {
            let page = &read_pdf(&converted)[i];
            assert_eq!(without_whitespace(&page.area_lines().next().unwrap().text), header);
        }
    }
}

#[test]
fn the_second_plan_and_its_variant_give_a_docx_with_their_text_and_heading_styles() {
    for plan in ["plans/renju.yaml", "plans/towns/xinhe_renju.yaml"] {
        let path = repo().join(plan);
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        let dir = render(&path, "md,docx,pdf");
        let docx = Docx::read(&dir.join(format!("{stem}.docx")));
        let paragraphs = docx.paragraphs();
        let text: String = paragraphs.iter().map(|p| without_whitespace(&p.text)).collect();
        let md = std::fs::read_to_string(dir.join(format!("{stem}.md"))).unwrap();
        assert_eq!(text, without_whitespace(&markdown_text(&md)), "{plan}");
        // 一、 headings and （一） headings are Word's heading styles, the stages' run-in
        // headings body paragraphs, the signature the signature style.
        let with_style = |style: &str| paragraphs.iter().filter(|p| p.style == style).count();
        assert_eq!(
            with_style("Heading1"),
            md.lines().filter(|l| l.starts_with("## ")).count(),
            "{plan}"
        );
        assert_eq!(
            with_style("Heading2"),
            md.lines().filter(|l| l.starts_with("### ")).count(),
            "{plan}"
        );
        assert_eq!(with_style("GongwenSignature"), 3, "{plan}");
        assert!(dir.join(format!("{stem}.pdf")).is_file());
    }
}

/// Word and WPS put a quarter em between Hanzi and digits or Latin unless told not to
/// ("2024 年 3 月 18 日"); the PDF puts none. Off in the defaults and in every paragraph style.
#[test]
fn no_extra_space_between_hanzi_and_digits() {
    let docx = sample_docx();
    let styles = docx.part("word/styles.xml");
    let defaults = element_with(styles, "w:pPrDefault", "").expect("paragraph defaults");
    for xml in std::iter::once(defaults).chain(
        elements(styles, "w:style")
            .into_iter()
            .filter(|s| s.contains("w:type=\"paragraph\"")),
    ) {
        assert!(
            xml.contains("<w:autoSpaceDE w:val=\"0\" />") && xml.contains("<w:autoSpaceDN w:val=\"0\" />"),
            "{xml}"
        );
    }
}

/// `tests/fixtures/tables.md` (its second attachment holds a table too wide for portrait) as
/// DOCX, rendered once per test binary.
fn wide_table() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| render(&repo().join("tests/fixtures/tables.md"), "docx"))
}

/// A4 turned (297 × 210 mm), in twips as Word writes it.
const LANDSCAPE: (f64, f64) = (16838.0, 11906.0);
const PORTRAIT: (f64, f64) = (11906.0, 16838.0);

/// The document's sections: each `sectPr` with the body XML it closes (from the end of the
/// section before).
fn sections(document: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = document[from..].find("<w:sectPr").map(|k| k + from) {
        let end = at + document[at..].find("</w:sectPr>").unwrap() + "</w:sectPr>".len();
        out.push((&document[from..at], &document[at..end]));
        from = end;
    }
    out
}

fn page_size(section: &str) -> (f64, f64) {
    (num(section, "w:pgSz", "w:w"), num(section, "w:pgSz", "w:h"))
}

/// The wide table gets a section of its own on landscape pages, with its attachment's label and
/// title as in the PDF: the page turned, its margins the portrait ones turned (GB/T 9704 §8:
/// the sheet's left margin becomes the top one, its bottom margin the left one), the table as
/// wide as the turned type area (225 mm). Every section has the odd and even page-number
/// footers and none restarts the numbers.
#[test]
fn a_table_too_wide_for_portrait_gets_a_landscape_section() {
    let path = wide_table().join("tables.docx");
    let docx = Docx::read(&path);
    let document = docx.part("word/document.xml");
    let sections = sections(document);
    let sizes: Vec<(f64, f64)> = sections.iter().map(|(_, s)| page_size(s)).collect();
    assert_eq!(sizes, [PORTRAIT, LANDSCAPE, PORTRAIT], "the sections' pages");
    let (body, landscape) = sections[1];
    assert_eq!(attr(landscape, "w:pgSz", "w:orient"), Some("landscape"));
    for (_, portrait) in [sections[0], sections[2]] {
        assert_ne!(attr(portrait, "w:pgSz", "w:orient"), Some("landscape"));
    }

    // The landscape section holds the wide table and only it, after its attachment's label and
    // title; the section break starts the page (no page break of the label's own as well).
    let tables = elements(body, "w:tbl");
    assert_eq!(tables.len(), 1, "one table on landscape pages");
    let table = tables[0];
    let md = std::fs::read_to_string(repo().join("tests/fixtures/tables.md")).unwrap();
    let wide: Vec<Vec<String>> = markdown_rows(&md).into_iter().filter(|r| r.len() == 14).collect();
    let rows: Vec<Vec<String>> = elements(table, "w:tr")
        .iter()
        .map(|row| {
            elements(row, "w:tc")
                .iter()
                .map(|c| elements(c, "w:p").into_iter().map(|p| Para::new(p).text).collect())
                .collect()
        })
        .collect();
    assert_eq!(rows, wide, "the wide table's rows");
    for (_, other) in [sections[0], sections[2]] {
        assert!(
            !elements(other, "w:tblGrid")
                .iter()
                .any(|g| elements(g, "w:gridCol").len() == 14)
        );
    }
    let paragraphs: Vec<Para> = elements(&body[..body.find("<w:tbl>").unwrap()], "w:p")
        .into_iter()
        .map(Para::new)
        .collect();
    let texts: Vec<&str> = paragraphs.iter().map(|p| p.text.as_str()).collect();
    assert_eq!(
        texts,
        ["附件2", "", "资金安排表", ""],
        "before the table on the landscape pages"
    );
    assert!(
        !paragraphs[0].xml.contains("<w:pageBreakBefore"),
        "{}",
        paragraphs[0].xml
    );
    // After it, portrait again: the 版记, after an empty paragraph that starts the section
    // (LibreOffice loses the page style of a section that starts with a floating table).
    let portrait: Vec<Para> = elements(sections[2].0, "w:p").into_iter().map(Para::new).collect();
    assert!(portrait[0].text.is_empty() && !portrait[0].xml.contains("<w:tbl"));
    assert!(portrait[1].text.starts_with("抄送："));
    assert!(sections[2].0.contains("<w:tblpPr "));

    // The margins turned: top 28 mm, left 35 mm, right 37 mm, bottom 26 mm; the type area
    // 225 × 156 mm.
    let mm = |name: &str| num(landscape, "w:pgMar", name) / TWIPS_PER_MM;
    for (side, want) in [("w:top", 28.0), ("w:left", 35.0), ("w:right", 37.0), ("w:bottom", 26.0)] {
        assert!((mm(side) - want).abs() < 0.05, "{side}: {:.2} mm", mm(side));
    }
    // The same grid as the portrait pages (15 lines of the 156 mm type area).
    for name in ["w:linePitch", "w:charSpace"] {
        assert_eq!(
            num(landscape, "w:docGrid", name),
            num(sections[0].1, "w:docGrid", name),
            "{name}"
        );
    }
    // The table as wide as the turned type area, its grid summing to it.
    let area = 225.0 * TWIPS_PER_MM;
    let width = num(table, "w:tblW", "w:w");
    assert!((width - area).abs() <= 1.0, "tblW {width}, the type area {area:.1}");
    let grid: f64 = elements(table, "w:gridCol")
        .iter()
        .map(|c| num(c, "w:gridCol", "w:w"))
        .sum();
    assert_eq!(grid, width, "the grid sums to the table's width");

    // Every section: odd and even footers with the page number, which runs on.
    let rels = docx.part("word/_rels/document.xml.rels");
    let mut parts = Vec::new();
    for (n, (_, section)) in sections.iter().enumerate() {
        assert!(
            !section.contains("w:pgNumType"),
            "section {n} restarts the numbers: {section}"
        );
        for (kind, align) in [("default", "right"), ("even", "left")] {
            let reference = element_with(section, "w:footerReference", &format!("w:type=\"{kind}\""))
                .unwrap_or_else(|| panic!("section {n}: no {kind} footer"));
            let id = attr(reference, "w:footerReference", "r:id").unwrap();
            let relation = element_with(rels, "Relationship", &format!("Id=\"{id}\"")).unwrap();
            let target = attr(relation, "Relationship", "Target").unwrap();
            let footer = docx.part(&format!("word/{target}"));
            assert!(
                docx.part("[Content_Types].xml").contains(&format!("/word/{target}")),
                "{target}"
            );
            let p = Para::new(elements(footer, "w:p")[0]);
            assert_eq!(attr(p.xml, "w:jc", "w:val"), Some(align), "section {n}, {kind}");
            assert!(p.xml.contains("<w:instrText>PAGE</w:instrText>"), "section {n}, {kind}");
            parts.push(target.to_string());
        }
    }
    parts.sort();
    parts.dedup();
    assert_eq!(parts.len(), 2 * sections.len(), "a footer part per section and kind");

    let again = render(&repo().join("tests/fixtures/tables.md"), "docx");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        std::fs::read(again.join("tables.docx")).unwrap(),
        "the same input gives the same bytes"
    );
}

/// LibreOffice sets the wide table's pages landscape and the pages before and after portrait,
/// the page numbers running on through them, each below its page's type area on the outer side.
#[test]
fn libreoffice_sets_the_wide_table_on_landscape_pages_between_portrait_ones() {
    let Some((_work, converted)) = libreoffice_pdf(&wide_table().join("tables.docx")) else {
        return;
    };
    let pages = read_pdf(&converted);
    let has = |page: &PdfPage, text: &str| page.lines.iter().any(|l| without_whitespace(&l.text).contains(text));
    let landscape: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].width > pages[i].height).collect();
    // The wide table's pages: from its attachment's label to the last with its header row.
    let first = pages.iter().position(|p| has(p, "附件2")).expect("附件2");
    let last = pages
        .iter()
        .rposition(|p| has(p, "11月12月合计"))
        .expect("the wide table");
    assert!(last >= first);
    assert_eq!(landscape, (first..=last).collect::<Vec<_>>(), "the landscape pages");
    assert!(first > 0 && last + 1 < pages.len(), "portrait pages before and after");
    for i in [first - 1, last + 1] {
        assert!(pages[i].height > pages[i].width, "page {} is portrait", i + 1);
    }
    // 28 mm from the turned page's top, 156 mm tall; 35 mm from its left, 225 mm wide.
    let (l_top, l_area_h, l_left, l_area_w) = (28.0 * MM, 156.0 * MM, 35.0 * MM, 225.0 * MM);
    for (i, page) in pages.iter().enumerate() {
        let n = i + 1;
        let turned = page.width > page.height;
        let (top, height, left, width) = if turned {
            (l_top, l_area_h, l_left, l_area_w)
        } else {
            (TOP, AREA_H, LEFT, AREA_W)
        };
        let numbers: Vec<&PdfLine> = page
            .lines
            .iter()
            .filter(|l| {
                let t = without_whitespace(&l.text);
                t.starts_with('—') && t.ends_with('—') && t.chars().count() > 2
            })
            .collect();
        assert_eq!(numbers.len(), 1, "page {n}: {numbers:?}");
        let number = numbers[0];
        assert_eq!(without_whitespace(&number.text), format!("—{n}—"), "page {n}");
        assert!(
            near(number.y_min, top + height + 7.0 * MM, 1.5 * MM),
            "page {n}: number at {:.2} mm",
            number.y_min / MM
        );
        if n % 2 == 1 {
            assert!(near(number.x_max, left + width - 14.0, MM), "page {n}: number right");
        } else {
            assert!(near(number.x_min, left + 14.0, MM), "page {n}: number left");
        }
        // The text within the page's type area (the 版记's frame included).
        for line in page.lines.iter().filter(|l| !std::ptr::eq(*l, number)) {
            assert!(
                line.x_min >= left - MM && line.x_max <= left + width + MM && line.y_max <= top + height + MM,
                "page {n}: {line:?} outside the type area"
            );
        }
    }
}
