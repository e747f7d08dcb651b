//! Reading a PDF back the way a checker with a ruler would: poppler's pdftotext gives every
//! line's box in points. Nothing here asks gongwen's own code for numbers.

use std::path::Path;

pub const MM: f64 = 72.0 / 25.4;
/// From ../shared/spec/gbt9704.md.
pub const PAGE_W: f64 = 210.0 * MM;
pub const PAGE_H: f64 = 297.0 * MM;
pub const TOP: f64 = 37.0 * MM;
pub const LEFT: f64 = 28.0 * MM;
pub const AREA_W: f64 = 156.0 * MM;
pub const AREA_H: f64 = 225.0 * MM;
pub const LINE_PITCH: f64 = AREA_H / 22.0;
pub const CHAR_PITCH: f64 = AREA_W / 28.0;
pub const TOLERANCE: f64 = 0.5 * MM;
/// Body text is 三号 (16 pt); its fonts' boxes are exactly one em tall.
pub const BODY_SIZE: f64 = 16.0;

/// A visual line: pdftotext's lines that share a baseline, joined left to right.
#[derive(Clone, Debug)]
pub struct PdfLine {
    pub x_min: f64,
    pub y_min: f64,
    pub x_max: f64,
    pub y_max: f64,
    pub text: String,
}

impl PdfLine {
    pub fn height(&self) -> f64 {
        self.y_max - self.y_min
    }
    /// A line of body-size text (not the title, not a 14 pt page number).
    pub fn is_body_size(&self) -> bool {
        (self.height() - BODY_SIZE).abs() < 0.5
    }
}

#[derive(Clone, Debug)]
pub struct PdfPage {
    pub width: f64,
    pub height: f64,
    pub lines: Vec<PdfLine>,
}

impl PdfPage {
    /// Lines inside the type area (the page number stands below it).
    pub fn area_lines(&self) -> impl Iterator<Item = &PdfLine> {
        self.lines.iter().filter(|l| l.y_min < TOP + AREA_H)
    }
    pub fn page_number_line(&self) -> Option<&PdfLine> {
        self.lines.iter().find(|l| l.y_min >= TOP + AREA_H)
    }
}

fn tool(name: &str, args: &[&str]) -> String {
    super::run_tool(name, args, "poppler-utils is installed by scripts/setup.sh")
}

fn attr(tag: &str, name: &str) -> f64 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).unwrap_or_else(|| panic!("{name} in {tag}")) + key.len();
    let end = start + tag[start..].find('"').unwrap();
    tag[start..end].parse().unwrap()
}

/// XML's five entities, as pdftotext and DOCX parts write them.
pub fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

pub fn read_pdf(path: &Path) -> Vec<PdfPage> {
    let xml = tool("pdftotext", &["-bbox-layout", path.to_str().unwrap(), "-"]);
    let mut pages = Vec::new();
    for page_xml in xml.split("<page ").skip(1) {
        let head = &page_xml[..page_xml.find('>').unwrap()];
        let mut raw: Vec<PdfLine> = Vec::new();
        for line_xml in page_xml.split("<line ").skip(1) {
            let tag = &line_xml[..line_xml.find('>').unwrap()];
            let body = &line_xml[..line_xml.find("</line>").unwrap()];
            let text: String = body
                .split("<word ")
                .skip(1)
                .map(|w| unescape(&w[w.find('>').unwrap() + 1..w.find("</word>").unwrap()]))
                .collect::<Vec<_>>()
                .join(" ");
            raw.push(PdfLine {
                x_min: attr(tag, "xMin"),
                y_min: attr(tag, "yMin"),
                x_max: attr(tag, "xMax"),
                y_max: attr(tag, "yMax"),
                text,
            });
        }
        // pdftotext may cut one visual line where a compressed mark overlaps its neighbour:
        // join fragments on the same baseline.
        raw.sort_by(|a, b| a.y_max.total_cmp(&b.y_max).then(a.x_min.total_cmp(&b.x_min)));
        let mut lines: Vec<PdfLine> = Vec::new();
        for l in raw {
            match lines.last_mut() {
                Some(prev) if (prev.y_max - l.y_max).abs() < 0.5 => {
                    prev.x_min = prev.x_min.min(l.x_min);
                    prev.x_max = prev.x_max.max(l.x_max);
                    prev.y_min = prev.y_min.min(l.y_min);
                    prev.text.push_str(&l.text);
                }
                _ => lines.push(l),
            }
        }
        pages.push(PdfPage {
            width: attr(head, "width"),
            height: attr(head, "height"),
            lines,
        });
    }
    pages
}

/// `pdftotext -raw`: the text in content order, as copy-paste and screen readers get it.
pub fn raw_text(path: &Path) -> String {
    tool("pdftotext", &["-raw", path.to_str().unwrap(), "-"])
}

/// `pdffonts` rows: (name, emb, sub, uni).
pub fn fonts(path: &Path) -> Vec<(String, String, String, String)> {
    tool("pdffonts", &[path.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|row| {
            let cols: Vec<&str> = row.split_whitespace().collect();
            let n = cols.len();
            (
                cols[0].to_string(),
                cols[n - 5].to_string(),
                cols[n - 4].to_string(),
                cols[n - 3].to_string(),
            )
        })
        .collect()
}

/// Every glyph box of `path` (pdftotext's word boxes, which are the union of their glyphs')
/// lies inside the type area, or in the page-number band 7 mm below it: nothing is ever
/// placed off the page or outside the area the standard gives it.
pub fn assert_on_the_page(path: &Path) {
    let xml = tool("pdftotext", &["-bbox", path.to_str().unwrap(), "-"]);
    let band_top = TOP + AREA_H + 7.0 * MM;
    for (page, page_xml) in xml.split("<page ").skip(1).enumerate() {
        for word in page_xml.split("<word ").skip(1) {
            let tag = &word[..word.find('>').unwrap()];
            let text = unescape(&word[word.find('>').unwrap() + 1..word.find("</word>").unwrap()]);
            let (x0, y0, x1, y1) = (
                attr(tag, "xMin"),
                attr(tag, "yMin"),
                attr(tag, "xMax"),
                attr(tag, "yMax"),
            );
            // A box is as tall as its font's declared ascent and descent, which for some CJK
            // fonts (Noto: 1.16 + 0.29 em) reaches above the em box whose top sits on the grid
            // line: the top may stand out by up to a fifth of the box's height.
            let top = y0 + 0.2 * (y1 - y0);
            let inside_x = x0 >= LEFT - TOLERANCE && x1 <= LEFT + AREA_W + TOLERANCE;
            let in_area = top >= TOP - TOLERANCE && y1 <= TOP + AREA_H + TOLERANCE;
            let in_band = top >= band_top - TOLERANCE && y1 <= band_top + 14.0 + TOLERANCE;
            assert!(
                inside_x && (in_area || in_band),
                "{} page {}: {text:?} at x {:.1}–{:.1} mm, y {:.1}–{:.1} mm is outside the type area",
                path.display(),
                page + 1,
                x0 / MM,
                x1 / MM,
                y0 / MM,
                y1 / MM
            );
        }
    }
}
