//! The OFD read back by readers that are not gongwen, and measured against the PDF of the same
//! run: ofdkit for the text and where each line starts, Python's XML parser and fontTools for
//! the package's structure and fonts, ofd-cli for its own conformance check and for rendering
//! pages, compared with poppler's pdftoppm render of the PDF.

mod common;
use common::ofd::*;
use common::pdf::*;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `input` rendered as PDF and OFD in one run; the folder lives as long as the process.
fn rendered(input: &Path) -> (PathBuf, PathBuf) {
    let dir = render_to_temp(input, "md,pdf,ofd");
    let stem = input.file_stem().unwrap().to_str().unwrap();
    (dir.join(format!("{stem}.pdf")), dir.join(format!("{stem}.ofd")))
}

fn sample() -> &'static (PathBuf, PathBuf) {
    static OUT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    OUT.get_or_init(|| rendered(&sample_path()))
}

fn stress() -> &'static (PathBuf, PathBuf) {
    static OUT: OnceLock<(PathBuf, PathBuf)> = OnceLock::new();
    OUT.get_or_init(|| rendered(&repo().join("tests/fixtures/stress.md")))
}

fn both() -> [(&'static str, &'static (PathBuf, PathBuf)); 2] {
    [("sample", sample()), ("stress", stress())]
}

#[test]
fn render_writes_output_sample_ofd() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(sample_path(), dir.path().join("sample.yaml")).unwrap();
    let out = gongwen(dir.path(), &["render", "sample.yaml", "--format", "ofd"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stdout(&out).contains("output/sample.ofd"), "{}", stdout(&out));
    let bytes = std::fs::read(dir.path().join("output/sample.ofd")).unwrap();
    assert_eq!(&bytes[..4], b"PK\x03\x04", "a zip package");
    assert!(
        !dir.path().join("output/sample.pdf").exists(),
        "only what was asked for"
    );
    // The same input gives the same bytes.
    let again = gongwen(dir.path(), &["render", "sample.yaml", "--format", "ofd", "-o", "again"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(bytes, std::fs::read(dir.path().join("again/sample.ofd")).unwrap());
}

#[test]
fn every_part_is_well_formed_and_has_what_the_standard_requires() {
    for (name, (_, ofd)) in both() {
        let report = structure(ofd);
        let problems = report["problems"].as_array().unwrap();
        assert!(problems.is_empty(), "{name}: {problems:#?}");
        let parts: Vec<&str> = report["parts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        for part in [
            "OFD.xml",
            "Doc_0/Document.xml",
            "Doc_0/PublicRes.xml",
            "Doc_0/Pages/Page_0/Content.xml",
        ] {
            assert!(parts.contains(&part), "{name}: {part} in {parts:?}");
        }
        // A4 portrait, in millimetres (GB/T 9704 5.1).
        assert_eq!(
            report["page_box"],
            serde_json::json!([0.0, 0.0, 210.0, 297.0]),
            "{name}"
        );
        // Every font embedded, as OpenType with CFF outlines (the Fandol and Noto fonts).
        let fonts = report["fonts"].as_object().unwrap();
        assert_eq!(fonts.len(), 5, "{name}: one font per role: {fonts:?}");
        for font in fonts.values() {
            assert_eq!(font["outlines"], "CFF", "{name}: {font}");
            assert!(
                font["tables"].as_array().unwrap().contains(&"cmap".into()),
                "{name}: {font}"
            );
        }
        // A second, independent parser: libxml2.
        let dir = tempfile::tempdir().unwrap();
        let archive = std::fs::read(ofd).unwrap();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(archive)).unwrap();
        for i in 0..zip.len() {
            let mut entry = zip.by_index(i).unwrap();
            if !entry.name().ends_with(".xml") {
                continue;
            }
            let file = dir.path().join(entry.name().replace('/', "_"));
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
            std::fs::write(&file, &bytes).unwrap();
            let out = std::process::Command::new("xmllint")
                .args(["--noout", file.to_str().unwrap()])
                .output()
                .expect("xmllint (libxml2-utils, installed by scripts/setup.sh tests)");
            assert!(
                out.status.success(),
                "{name}: {}: {}",
                entry.name(),
                String::from_utf8_lossy(&out.stderr)
            );
            // The standard's own schema, where a copy is at hand (its licence does not let us
            // ship one): GONGWEN_OFD_XSD names a folder with OFD.xsd, Document.xsd, Res.xsd and
            // Page.xsd.
            if let Some(xsd) = std::env::var_os("GONGWEN_OFD_XSD") {
                let schema = match entry.name() {
                    "OFD.xml" => "OFD.xsd",
                    n if n.ends_with("Document.xml") => "Document.xsd",
                    n if n.ends_with("Res.xml") => "Res.xsd",
                    _ => "Page.xsd",
                };
                let out = std::process::Command::new("xmllint")
                    .args(["--noout", "--schema"])
                    .arg(Path::new(&xsd).join(schema))
                    .arg(&file)
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{name}: {}: {}",
                    entry.name(),
                    String::from_utf8_lossy(&out.stderr)
                );
            }
        }
        let (ok, said) = cli_check(ofd);
        assert!(ok && said.contains("符合规范"), "{name}: ofd-cli check: {said}");
    }
}

#[test]
fn document_information_names_the_title_the_issuers_and_the_date() {
    let read = ofdkit(&sample().1);
    let info = &read["info"];
    assert_eq!(info["title"], "创建乡村振兴先进镇工作方案");
    assert_eq!(info["author"], "中共XX镇委员会、XX镇人民政府");
    assert_eq!(info["creation_date"], "2021-03-15");
    assert_eq!(info["creator"], "gongwen");
    assert!(read["warnings"].as_array().unwrap().is_empty(), "{}", read["warnings"]);
}

/// `pdftotext -raw` of each page, without whitespace.
fn pdf_page_texts(pdf: &Path) -> Vec<String> {
    let raw = raw_text(pdf);
    let mut pages: Vec<String> = raw.split('\u{c}').map(without_whitespace).collect();
    if pages.last().is_some_and(|p| p.is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn text_is_the_pdfs_exactly_and_in_order_page_by_page() {
    for (name, (pdf, ofd)) in both() {
        let read = ofdkit(ofd);
        let pages = read["pages"].as_array().unwrap();
        let want = pdf_page_texts(pdf);
        assert_eq!(pages.len(), want.len(), "{name}: page count");
        assert_eq!(pages.len(), read_pdf(pdf).len(), "{name}: page count (bbox)");
        for (k, (page, want)) in pages.iter().zip(&want).enumerate() {
            let got = without_whitespace(page["text"].as_str().unwrap());
            assert_eq!(&got, want, "{name} page {}", k + 1);
        }
    }
}

#[test]
fn words_stay_apart_where_a_space_stood() {
    // Spaces are positions, not glyphs; a reader finds words by the gaps between pieces of text.
    let dir = tempfile::tempdir().unwrap();
    let md = dir.path().join("latin.md");
    std::fs::write(
        &md,
        "# 关于采用版式文档格式的通知\n\n电子公文采用 Open Fixed-layout Document 格式存档，按 GB/T 33190 执行。\n",
    )
    .unwrap();
    let (_, ofd) = rendered(&md);
    let text: String = ofdkit(&ofd)["pages"][0]["text"].as_str().unwrap().to_string();
    for phrase in ["Open Fixed-layout Document", "GB/T 33190"] {
        assert!(text.contains(phrase), "{phrase:?} in {text:?}");
    }
}

/// A line of ofdkit's runs: the runs sharing a baseline, in x order.
struct OfdLine {
    x: f64,
    y: f64,
    size: f64,
    text: String,
}

fn ofd_lines(page: &serde_json::Value) -> Vec<OfdLine> {
    let mut runs: Vec<(f64, f64, f64, String)> = page["runs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["x"].as_f64().unwrap(),
                r["y"].as_f64().unwrap(),
                r["size"].as_f64().unwrap(),
                r["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    runs.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.total_cmp(&b.0)));
    let mut lines: Vec<OfdLine> = Vec::new();
    for (x, y, size, text) in runs {
        match lines.last_mut() {
            Some(l) if (l.y - y).abs() < 0.5 => l.text.push_str(&text),
            _ => lines.push(OfdLine { x, y, size, text }),
        }
    }
    lines
}

#[test]
fn each_line_starts_where_the_pdf_starts_it() {
    const LIMIT_MM: f64 = 0.2;
    for (name, (pdf, ofd)) in both() {
        let read = ofdkit(ofd);
        let pdf_pages = read_pdf(pdf);
        for (k, (page, pdf_page)) in read["pages"].as_array().unwrap().iter().zip(&pdf_pages).enumerate() {
            let lines = ofd_lines(page);
            assert_eq!(lines.len(), pdf_page.lines.len(), "{name} page {}: lines", k + 1);
            // pdftotext gives a line's box: its left edge is the first glyph's origin, its top
            // the baseline less the font's ascent. So x is compared as it is, and y by the
            // distance from the box's top to the baseline, which is one per font and size: the
            // type area's fonts (Fandol) share their ascent; the page number's font is apart.
            // Where the page is, absolutely, the rendered pages show (below).
            let mut rise: std::collections::BTreeMap<(i64, bool), Vec<f64>> = Default::default();
            for (line, pdf_line) in lines.iter().zip(&pdf_page.lines) {
                assert_eq!(
                    without_whitespace(&line.text),
                    without_whitespace(&pdf_line.text),
                    "{name} page {}",
                    k + 1
                );
                let dx = line.x - pdf_line.x_min / MM;
                assert!(
                    dx.abs() <= LIMIT_MM,
                    "{name} page {}: {:?} starts {dx:.3} mm from the PDF's",
                    k + 1,
                    line.text
                );
                let folio = pdf_line.y_min >= TOP + AREA_H;
                rise.entry(((line.size * 100.0).round() as i64, folio))
                    .or_default()
                    .push(line.y - pdf_line.y_min / MM);
            }
            for ((size, _), rises) in rise {
                let (lo, hi) = rises
                    .iter()
                    .fold((f64::MAX, f64::MIN), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
                assert!(
                    hi - lo <= LIMIT_MM,
                    "{name} page {}: baselines of {} mm text off the PDF's lines by {lo:.3}–{hi:.3} mm",
                    k + 1,
                    size as f64 / 100.0
                );
            }
        }
    }
}

/// Pages rendered at this resolution, blurred by this radius (both in pixels): half a
/// millimetre, so that a glyph a rasteriser smooths differently does not count, and one drawn
/// elsewhere does.
const DPI: u32 = 100;
const BLUR: usize = 2;
/// A pixel differs when its grey values (0–255) after the blur differ by more than this…
const GREY_STEP: u8 = 32;
/// …and a page matches when fewer than this share of its pixels differ. Measured (ofd-cli
/// 0.0.2's renderer against poppler 22): 0.02% or less on most pages; at most 0.13%, on the
/// stress document's last page, where poppler sets the 0.35 mm rule of the 版记 as two solid
/// pixel rows and ofd-cli spreads it over two grey ones (the same place, drawn differently).
/// One line of text left out of a page: 0.64%.
const MAX_DIFFERING: f64 = 0.002;

#[test]
fn pages_render_as_the_pdfs_pages() {
    for (name, (pdf, ofd)) in both() {
        let dir = tempfile::tempdir().unwrap();
        let ofd_pages: Vec<Gray> = render_ofd(ofd, DPI, dir.path()).iter().map(|p| blur(p, BLUR)).collect();
        let pdf_pages: Vec<Gray> = render_pdf(pdf, DPI, dir.path()).iter().map(|p| blur(p, BLUR)).collect();
        assert_eq!(ofd_pages.len(), pdf_pages.len(), "{name}: pages rendered");
        for (k, (o, p)) in ofd_pages.iter().zip(&pdf_pages).enumerate() {
            assert!(
                o.width.abs_diff(p.width) <= 1 && o.height.abs_diff(p.height) <= 1,
                "{name} page {}: size",
                k + 1
            );
            let share = differing(o, p, GREY_STEP);
            eprintln!("{name} page {}: {:.4}% of pixels differ", k + 1, share * 100.0);
            assert!(
                share < MAX_DIFFERING,
                "{name} page {}: {:.3}% of pixels differ",
                k + 1,
                share * 100.0
            );
        }
        // The measure tells pages apart: each page against the next one is far off.
        for k in 1..ofd_pages.len() {
            let share = differing(&ofd_pages[k - 1], &pdf_pages[k], GREY_STEP);
            assert!(share > 5.0 * MAX_DIFFERING, "{name} page {} vs {}: {share}", k, k + 1);
        }
    }
}

#[test]
fn a_line_left_out_of_the_ofd_is_seen_in_its_render() {
    // The render comparison must catch a small fault: the sample's OFD with one body line's
    // text object taken out of page 1.
    let (pdf, ofd) = sample();
    let dir = tempfile::tempdir().unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(ofd).unwrap())).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut removed = false;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut bytes).unwrap();
        if name == "Doc_0/Pages/Page_0/Content.xml" {
            let text = String::from_utf8(bytes).unwrap();
            let start = text.find("<ofd:TextObject").unwrap();
            let third = text[start..]
                .match_indices("<ofd:TextObject")
                .nth(2)
                .map(|(i, _)| start + i)
                .unwrap();
            let end = third + text[third..].find("</ofd:TextObject>").unwrap() + "</ofd:TextObject>".len();
            bytes = format!("{}{}", &text[..third], &text[end..]).into_bytes();
            removed = true;
        }
        out.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut out, &bytes).unwrap();
    }
    assert!(removed);
    let broken = dir.path().join("broken.ofd");
    std::fs::write(&broken, out.finish().unwrap().into_inner()).unwrap();
    let o = blur(&render_ofd(&broken, DPI, dir.path())[0], BLUR);
    let p = blur(&render_pdf(pdf, DPI, dir.path())[0], BLUR);
    let share = differing(&o, &p, GREY_STEP);
    eprintln!("one line left out: {:.3}% of pixels differ", share * 100.0);
    assert!(share > 2.0 * MAX_DIFFERING, "a missing line shows: {share}");
}

#[test]
fn the_outline_lists_the_headings_and_goes_to_their_pages() {
    let (_, ofd) = sample();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(std::fs::read(ofd).unwrap())).unwrap();
    let mut document = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("Doc_0/Document.xml").unwrap(), &mut document).unwrap();
    let md = std::fs::read_to_string(sample().0.with_extension("md")).unwrap();
    // Every ## and ### heading of the Markdown, in order, as an outline entry's title.
    let headings: Vec<String> = md
        .lines()
        .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
        .map(|h| h.trim().to_string())
        .collect();
    assert!(headings.len() >= 5, "{headings:?}");
    let titles: Vec<String> = document
        .split("<ofd:OutlineElem Title=\"")
        .skip(1)
        .map(|s| unescape(&s[..s.find('"').unwrap()]))
        .collect();
    for h in &headings {
        assert!(titles.contains(h), "{h} in the outline {titles:?}");
    }
    // Level 2 entries sit inside level 1 entries: the first 一、 holds no （一）, the second
    // （二、基本原则）does not either, the third (三、) holds （一）.
    let third = document.find("Title=\"三、").unwrap();
    let inner = &document[third..];
    let close = inner.find("</ofd:OutlineElem>").unwrap();
    assert!(
        inner[..close].contains("Title=\"（一）"),
        "{}",
        &inner[..close.min(600)]
    );
    // Each goes to a page of the document, at the heading's height on it.
    let read = ofdkit(ofd);
    let pages = read["pages"].as_array().unwrap();
    let page_ids: Vec<String> = document
        .split("<ofd:Page ID=\"")
        .skip(1)
        .map(|s| s[..s.find('"').unwrap()].to_string())
        .collect();
    assert_eq!(page_ids.len(), pages.len());
    for dest in document.split("<ofd:Dest ").skip(1) {
        let attr = |n: &str| {
            let k = dest.find(&format!("{n}=\"")).unwrap() + n.len() + 2;
            dest[k..k + dest[k..].find('"').unwrap()].to_string()
        };
        let page = page_ids
            .iter()
            .position(|p| *p == attr("PageID"))
            .expect("a page of the document");
        let top: f64 = attr("Top").parse().unwrap();
        let lines = ofd_lines(&pages[page]);
        assert!(
            lines.iter().any(|l| l.y > top && l.y - top < l.size),
            "a line just below {top} mm on page {}",
            page + 1
        );
    }
}
