//! The issued document measured on the PDF (poppler's text boxes and pixels) against GB/T 9704
//! as written out in ../shared/spec/gbt9704.md: the red 版头, the signature with seals, the 版记
//! on an even last page; and the DOCX as LibreOffice sets it.

mod common;
use common::pdf::*;
use common::raster::Raster;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

fn near(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance
}

/// `plans/notice.yaml` (two organs, seals, 附注, 版记 with the printed-by line) as md, pdf, docx.
fn notice() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| render_to_temp(&repo().join("plans/notice.yaml"), "md,pdf,docx"))
}

/// A variant of the notice plan written into a temporary copy of plans/, rendered to PDF.
fn variant(name: &str, yaml: &str) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let plans = dir.join("plans");
    std::fs::create_dir_all(plans.join("seals")).unwrap();
    for file in ["sample.yaml", "notice.yaml", "seals/party.png", "seals/government.png"] {
        std::fs::copy(repo().join("plans").join(file), plans.join(file)).unwrap();
    }
    std::fs::write(plans.join(format!("{name}.yaml")), yaml).unwrap();
    let out = gongwen(
        &plans,
        &[
            "render",
            &format!("{name}.yaml"),
            "-o",
            "out",
            "--format",
            "md,pdf,docx",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    plans.join(format!("out/{name}.pdf"))
}

/// One organ (镇政府 alone), without seals.
fn one_organ() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| {
        variant(
            "one_organ",
            "extends: notice.yaml\ndocument:\n  issuers: [\"{{ town }}人民政府\"]\n  number: 镇政发〔2021〕8号\n  seals: []\n",
        )
    })
}

/// An upward document (请示) with 签发人, 份号, 密级 and 紧急程度.
fn upward() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| {
        variant(
            "upward",
            "extends: notice.yaml\ndocument:\n  masthead:\n    copy_number: \"000012\"\n    secrecy: 秘密★1年\n    urgency: 特急\n    signers: [张三, 李四]\n",
        )
    })
}

/// The bounding box (x0, y0, x1, y1, in points) of the red pixels of a page within `band` (y
/// from, y to), and the longest horizontal red run (y, x from, x to).
type Bbox = (f64, f64, f64, f64);

fn red(pdf: &Path, page: usize, band: (f64, f64)) -> (Option<Bbox>, Option<(f64, f64, f64)>) {
    let raster = Raster::render(pdf, page);
    let s = raster.scale;
    let is_red = |x: usize, y: usize| {
        let (r, g, b) = raster.rgb(x, y);
        r > 180 && g < 90 && b < 90
    };
    let mut bbox: Option<(f64, f64, f64, f64)> = None;
    let mut longest: Option<(f64, f64, f64)> = None;
    for y in ((band.0 * s) as usize)..((band.1 * s) as usize).min(raster.height) {
        let mut run_start = None;
        for x in 0..=raster.width {
            let red_here = x < raster.width && is_red(x, y);
            if red_here {
                let (px, py) = (x as f64 / s, y as f64 / s);
                bbox = Some(bbox.map_or((px, py, px, py), |(a, b, c, d)| {
                    (a.min(px), b.min(py), c.max(px), d.max(py))
                }));
                run_start.get_or_insert(x);
            } else if let Some(start) = run_start.take() {
                let len = (x - start) as f64 / s;
                if longest.is_none_or(|(_, a, b)| b - a < len) {
                    longest = Some((y as f64 / s, start as f64 / s, x as f64 / s));
                }
            }
        }
    }
    (bbox, longest)
}

/// The line of a page whose text (whitespace removed) is `text`.
fn line<'a>(page: &'a PdfPage, text: &str) -> &'a PdfLine {
    page.lines
        .iter()
        .find(|l| without_whitespace(&l.text) == text)
        .unwrap_or_else(|| {
            panic!(
                "{text:?} not in {:?}",
                page.lines.iter().map(|l| &l.text).collect::<Vec<_>>()
            )
        })
}

#[test]
fn the_mark_is_red_centred_35_mm_down_and_within_the_type_area() {
    let two = notice().join("notice.pdf");
    for (pdf, organs) in [(two.as_path(), 2), (one_organ(), 1)] {
        // The mark: red, above the document number.
        let first = &read_pdf(pdf)[0];
        let number = first
            .lines
            .iter()
            .find(|l| l.text.contains("〔2021〕"))
            .unwrap_or_else(|| panic!("{}: no number", pdf.display()));
        let (mark, _) = red(pdf, 1, (0.0, number.y_min));
        let (x0, y0, x1, y1) = mark.expect("red ink above the number");
        // Its top edge 35 mm below the type area's top (the ink of a glyph starts a little
        // below its em box: at most a twentieth of the 15 mm em).
        assert!(
            (TOP + 35.0 * MM - TOLERANCE..=TOP + 35.0 * MM + 1.5 * MM).contains(&y0),
            "{organs}: top {:.1} mm",
            (y0 - TOP) / MM
        );
        // Within the type area's width, centred on it.
        assert!(
            x0 >= LEFT - TOLERANCE && x1 <= LEFT + AREA_W + TOLERANCE,
            "{organs}: {x0:.1}–{x1:.1}"
        );
        assert!(
            near((x0 + x1) / 2.0, LEFT + AREA_W / 2.0, 1.5 * MM),
            "{organs}: centre {:.1} mm",
            ((x0 + x1) / 2.0 - LEFT) / MM
        );
        // Two organs are stacked: twice as tall as one.
        let height = y1 - y0;
        if organs == 2 {
            assert!(height > 25.0 * MM, "{height}");
        } else {
            assert!(height < 16.0 * MM, "{height}");
        }
        // The number two lines below the mark, centred, on the grid, 三号.
        assert!(
            number.y_min - y1 >= 2.0 * LINE_PITCH - TOLERANCE,
            "{:.1}",
            (number.y_min - y1) / MM
        );
        assert!(near(
            (number.x_min + number.x_max) / 2.0,
            LEFT + AREA_W / 2.0,
            TOLERANCE
        ));
        let k = (number.y_min - TOP) / LINE_PITCH;
        assert!((k - k.round()).abs() * LINE_PITCH < TOLERANCE);
        // The red rule 4 mm below the number (its em box's bottom), as wide as the type area.
        let (_, rule) = red(pdf, 1, (number.y_max, number.y_max + 10.0 * MM));
        let (y, from, to) = rule.expect("a red rule under the number");
        let em_bottom = number.y_min + BODY_SIZE;
        assert!(
            near(y, em_bottom + 4.0 * MM, TOLERANCE),
            "rule {:.1} mm under the number",
            (y - em_bottom) / MM
        );
        assert!(
            near(from, LEFT, TOLERANCE) && near(to, LEFT + AREA_W, TOLERANCE),
            "{from:.1}–{to:.1}"
        );
        // The title two blank lines below the rule.
        let title = first.lines.iter().find(|l| l.height() > 20.0 && l.y_min > y).unwrap();
        let title_slot = ((title.y_max - TOP) / LINE_PITCH).floor();
        let rule_slot = ((y - TOP) / LINE_PITCH).ceil();
        assert!(
            title_slot >= rule_slot + 2.0,
            "title on line {title_slot}, rule before line {rule_slot}"
        );
    }
}

#[test]
fn an_upward_document_has_its_number_left_and_the_signers_right_on_one_line() {
    let pages = read_pdf(upward());
    let first = &pages[0];
    let number = first.lines.iter().find(|l| l.text.contains("〔2021〕")).unwrap();
    // The number flush left with one character free; 签发人 right-aligned, one character free,
    // on the same line (pdftotext joins them: the number comes first).
    assert!(near(number.x_min, LEFT + CHAR_PITCH, TOLERANCE), "{number:?}");
    assert!(near(number.x_max, LEFT + AREA_W - CHAR_PITCH, TOLERANCE), "{number:?}");
    assert!(
        without_whitespace(&number.text).ends_with("签发人：张三　李四".replace('　', "").as_str()),
        "{number:?}"
    );
    // 份号, 密级和保密期限, 紧急程度 flush left on the first three lines, in that order.
    for (k, text) in ["000012", "秘密★1年", "特急"].into_iter().enumerate() {
        let l = line(first, text);
        assert!(
            near(l.x_min, LEFT, TOLERANCE) && near(l.y_min, TOP + k as f64 * LINE_PITCH, TOLERANCE),
            "{text}: {l:?}"
        );
    }
    // 签发人's names in 楷体: the PDF embeds the 楷体 font for them.
    assert!(
        fonts(upward()).iter().any(|f| f.0.contains("Kai")),
        "{:?}",
        fonts(upward())
    );
}

#[test]
fn the_signature_with_seals_stands_as_the_standard_places_it() {
    let pdf = notice().join("notice.pdf");
    let pages = read_pdf(&pdf);
    let (i, page) = pages
        .iter()
        .enumerate()
        .find(|(_, p)| p.lines.iter().any(|l| without_whitespace(&l.text) == "2021年3月15日"))
        .expect("the date");
    let date = line(page, "2021年3月15日");
    // The date right-aligned with four characters free.
    assert!(
        near(date.x_max, LEFT + AREA_W - 4.0 * CHAR_PITCH, TOLERANCE),
        "{date:?}"
    );
    // The names side by side on the line above; the last one centred over the date.
    let names = page
        .lines
        .iter()
        .find(|l| l.text.contains("委员会") && l.text.contains("人民政府"))
        .expect("the names on one line");
    assert!(near(names.y_max, date.y_min - (LINE_PITCH - BODY_SIZE), TOLERANCE));
    let words: Vec<Word> = words(&pdf)[i]
        .1
        .iter()
        .filter(|w| (w.y_min - names.y_min).abs() < 1.0)
        .cloned()
        .collect();
    let government = words.iter().find(|w| w.text.contains("人民政府")).unwrap();
    let party = words.iter().find(|w| w.text.contains("委员会")).unwrap();
    let centre = |w: &Word| (w.x_min + w.x_max) / 2.0;
    assert!(
        near(centre(government), (date.x_min + date.x_max) / 2.0, TOLERANCE),
        "{government:?} {date:?}"
    );
    // The seals: two red discs of 42 mm, each centred on its organ's name, apart, inside the
    // type area, pressing on the names (which sit a little below the centre); the top within
    // one line of the body line above.
    let raster = Raster::render(&pdf, i + 1);
    let s = raster.scale;
    let red_columns = |x0: f64, x1: f64| -> Option<(f64, f64, f64, f64)> {
        let mut bbox: Option<(f64, f64, f64, f64)> = None;
        for y in 0..raster.height {
            for x in ((x0 * s) as usize)..((x1 * s) as usize).min(raster.width) {
                let (r, g, b) = raster.rgb(x, y);
                if r > 180 && g < 90 && b < 90 {
                    let (px, py) = (x as f64 / s, y as f64 / s);
                    bbox = Some(bbox.map_or((px, py, px, py), |(a, b, c, d)| {
                        (a.min(px), b.min(py), c.max(px), d.max(py))
                    }));
                }
            }
        }
        bbox
    };
    let split = (centre(party) + centre(government)) / 2.0;
    let body_above = page
        .area_lines()
        .filter(|l| l.y_max < names.y_min - LINE_PITCH)
        .map(|l| l.y_max)
        .fold(0.0, f64::max);
    let mut seals = Vec::new();
    for (name, (x0, x1)) in [(party, (LEFT, split)), (government, (split, LEFT + AREA_W))] {
        let (a, b, c, d) = red_columns(x0, x1).unwrap_or_else(|| panic!("no seal over {}", name.text));
        let (w, h) = (c - a, d - b);
        assert!(
            near(w, 42.0 * MM, 2.0 * MM) && near(h, 42.0 * MM, 2.0 * MM),
            "{}: {w:.1} × {h:.1}",
            name.text
        );
        assert!(
            near((a + c) / 2.0, centre(name), 1.5 * MM),
            "{}: seal centre {:.1}",
            name.text,
            (a + c) / 2.0
        );
        let seal_centre = (b + d) / 2.0;
        assert!(
            names.y_min > seal_centre - LINE_PITCH && names.y_min < seal_centre + 0.5 * LINE_PITCH,
            "{}",
            name.text
        );
        assert!(
            b - body_above <= LINE_PITCH,
            "{}: seal top {:.1} mm under the body",
            name.text,
            (b - body_above) / MM
        );
        assert!(a >= LEFT - TOLERANCE && c <= LEFT + AREA_W + TOLERANCE);
        seals.push((a, c));
    }
    assert!(seals[0].1 < seals[1].0, "the seals touch: {seals:?}");
    // 附注 on the line below the date, in （）, indented two characters.
    let note = line(page, "（此件公开发布）");
    assert!(
        near(note.y_min, date.y_min + LINE_PITCH, TOLERANCE) && near(note.x_min, LEFT + 2.0 * CHAR_PITCH, TOLERANCE)
    );
    // The images are in the PDF, each with its transparency as a soft mask.
    let list = std::process::Command::new("pdfimages")
        .arg("-list")
        .arg(&pdf)
        .output()
        .unwrap();
    let list = String::from_utf8_lossy(&list.stdout);
    let kinds: Vec<&str> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    assert_eq!(kinds, ["image", "smask", "image", "smask"], "{list}");
}

/// The 版记's rules on a page: horizontal black rules at least half the type area long.
fn imprint_rules(pdf: &Path, page: usize) -> Vec<common::raster::Segment> {
    let mut rules = Raster::render(pdf, page).horizontal_rules(AREA_W / 2.0);
    rules.sort_by(|a, b| a.at.total_cmp(&b.at));
    rules
}

#[test]
fn the_imprint_ends_the_last_page_which_is_even() {
    let pdf = notice().join("notice.pdf");
    let pages = read_pdf(&pdf);
    let n = pages.len();
    assert_eq!(n % 2, 0, "{n} pages");
    let last = &pages[n - 1];
    let lines: Vec<&PdfLine> = last.area_lines().collect();
    let texts: Vec<String> = lines.iter().map(|l| without_whitespace(&l.text)).collect();
    assert_eq!(texts[texts.len() - 2], "抄送：县委农办，县农业农村局。", "{texts:?}");
    assert_eq!(texts[texts.len() - 1], "XX镇党政办公室2021年3月18日印发", "{texts:?}");
    // The office one character from the left, the date one character from the right.
    let printed = lines[lines.len() - 1];
    assert!(
        near(printed.x_min, LEFT + 14.0, TOLERANCE) && near(printed.x_max, LEFT + AREA_W - 14.0, TOLERANCE),
        "{printed:?}"
    );
    // Three rules: 0.35 mm above, 0.25 mm between, 0.35 mm on the type area's bottom edge.
    let rules = imprint_rules(&pdf, n);
    assert_eq!(rules.len(), 3, "{rules:?}");
    let bottom = rules[2];
    assert!(
        near(bottom.at, TOP + AREA_H, TOLERANCE),
        "last rule {:.1} mm",
        bottom.at / MM
    );
    for r in &rules {
        assert!(
            near(r.from, LEFT, TOLERANCE) && near(r.to, LEFT + AREA_W, TOLERANCE),
            "{r:?}"
        );
    }
    assert!(
        rules[0].at < lines[lines.len() - 2].y_min
            && rules[1].at < printed.y_min
            && rules[1].at > lines[lines.len() - 2].y_max
    );
    // Numbered, since no blank page stands before it.
    assert!(last.page_number_line().is_some());
}

#[test]
fn a_blank_page_before_the_imprint_page_and_the_imprint_page_carry_no_number() {
    // Body that fills two pages to the last line but one: the 版记 (three lines with its rule)
    // does not fit on page 2, page 3 would be odd: a blank page 3, the 版记 on page 4.
    let dir = tempfile::tempdir().unwrap();
    let line: String = "一二三四五六七八九十".repeat(3).chars().take(26).collect();
    let mut md = String::from("# 标题\n\n");
    for _ in 0..41 {
        md.push_str(&line);
        md.push_str("。\n\n".trim_start_matches('。'));
    }
    md.push_str("<!-- gongwen:copy-to -->\n抄送：县委农办。\n\n<!-- gongwen:printed-by -->\nXX镇党政办公室\\\n2021年3月18日印发\n");
    std::fs::write(dir.path().join("blank.md"), &md).unwrap();
    let out = gongwen(dir.path(), &["render", "blank.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pdf = dir.path().join("output/blank.pdf");
    let pages = read_pdf(&pdf);
    assert_eq!(pages.len(), 4);
    assert_eq!(pages[1].area_lines().count(), 21, "page 2 is full but one line");
    assert!(pages[2].lines.is_empty(), "page 3 is blank: {:?}", pages[2].lines);
    assert!(pages[3].page_number_line().is_none(), "no number on the 版记 page");
    assert!(pages[0].page_number_line().is_some() && pages[1].page_number_line().is_some());
    assert!(near(imprint_rules(&pdf, 4)[2].at, TOP + AREA_H, TOLERANCE));
    // A body ending on an odd page with room to spare: the 版记 goes on the even page after it,
    // which is numbered (no blank page before it).
    let short = "# 标题\n\n正文。\n\n<!-- gongwen:copy-to -->\n抄送：县委农办。\n\n<!-- gongwen:printed-by -->\nXX镇党政办公室\\\n2021年3月18日印发\n";
    std::fs::write(dir.path().join("short.md"), short).unwrap();
    let out = gongwen(dir.path(), &["render", "short.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let pages = read_pdf(&dir.path().join("output/short.pdf"));
    assert_eq!(pages.len(), 2);
    assert!(pages[1].page_number_line().is_some());
    assert!(pages[1].area_lines().any(|l| l.text.starts_with("抄送")));
}

#[test]
fn the_issued_document_extracts_exactly() {
    for pdf in [
        notice().join("notice.pdf"),
        upward().to_path_buf(),
        one_organ().to_path_buf(),
    ] {
        let md = std::fs::read_to_string(pdf.with_extension("md")).unwrap();
        let got: String = raw_text(&pdf)
            .lines()
            .map(without_whitespace)
            .filter(|l| {
                let digits = l.trim_matches('—');
                !(l.starts_with('—')
                    && l.ends_with('—')
                    && !digits.is_empty()
                    && digits.chars().all(|c| c.is_ascii_digit()))
            })
            .collect();
        // The seals' descriptions (their Markdown alt text) are not printed.
        assert_same_text(
            &got,
            &without_whitespace(&markdown_text(&md)),
            &pdf.display().to_string(),
        );
    }
}

/// LibreOffice sets the DOCX's 版头 (red mark, number, red rule) and its 版记 (copy-to and
/// printed-by line in the last lines of the last page, between three rules: 0.35 mm, 0.25 mm,
/// 0.35 mm, the last on the type area's bottom edge).
#[test]
fn libreoffice_sets_the_masthead_and_the_imprint() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| {
        std::process::Command::new(p)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    }) else {
        eprintln!("skipped: LibreOffice is not installed (scripts/setup.sh tests installs it)");
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let profile = format!("-env:UserInstallation=file://{}", work.path().join("profile").display());
    let out = std::process::Command::new(soffice)
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(work.path())
        .arg(notice().join("notice.docx"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = work.path().join("notice.pdf");
    let pages = read_pdf(&pdf);
    let first = &pages[0];
    let number = first
        .lines
        .iter()
        .find(|l| l.text.contains("〔2021〕"))
        .expect("the number");
    assert!(
        near((number.x_min + number.x_max) / 2.0, LEFT + AREA_W / 2.0, 2.0 * MM),
        "{number:?}"
    );
    let (mark, _) = red(&pdf, 1, (0.0, number.y_min));
    let (x0, y0, x1, _) = mark.expect("a red mark");
    assert!(
        near(y0, TOP + 35.0 * MM, 3.0 * MM),
        "mark top {:.1} mm",
        (y0 - TOP) / MM
    );
    assert!(
        x0 >= LEFT - TOLERANCE && x1 <= LEFT + AREA_W + TOLERANCE,
        "{x0:.1}–{x1:.1}"
    );
    let (_, rule) = red(&pdf, 1, (number.y_max, number.y_max + 12.0 * MM));
    let (y, from, to) = rule.expect("a red rule");
    assert!(
        near(y, number.y_max + 4.0 * MM, 2.0 * MM),
        "rule {:.1} mm below",
        (y - number.y_max) / MM
    );
    assert!(to - from > AREA_W - 2.0 * MM, "{from:.1}–{to:.1}");
    let last = pages.last().unwrap();
    let lines: Vec<&PdfLine> = last.area_lines().collect();
    let texts: Vec<String> = lines.iter().map(|l| without_whitespace(&l.text)).collect();
    let n = texts.len();
    assert!(
        texts[n - 2].starts_with("抄送：") && texts[n - 1] == "XX镇党政办公室2021年3月18日印发",
        "{texts:?}"
    );
    assert!(
        lines[n - 1].y_max > TOP + AREA_H - LINE_PITCH,
        "{:.1} mm",
        lines[n - 1].y_max / MM
    );
    // The 版记's rules, found in the pixels at 600 dpi, where 0.35 mm is 8.3 pixels and 0.25 mm
    // 5.9 (the DOCX's 1 pt and 0.75 pt: 8.3 and 6.25): three rules across the type area.
    const DPI: u32 = 600;
    let px_per_mm = f64::from(DPI) / 25.4;
    let mut rules = Raster::render_at(&pdf, pages.len(), DPI).horizontal_rules(AREA_W / 2.0);
    rules.sort_by(|a, b| a.at.total_cmp(&b.at));
    assert_eq!(rules.len(), 3, "{rules:?}");
    for r in &rules {
        assert!(
            near(r.from, LEFT, 1.0 * MM) && near(r.to, LEFT + AREA_W, 1.0 * MM),
            "{r:?}"
        );
    }
    // The first and the last 0.35 mm, the middle one 0.25 mm, within 1.5 pixels; the outer ones
    // thicker than the middle one.
    let thickness = |r: &common::raster::Segment| r.pixels as f64;
    for (r, mm) in rules.iter().zip([0.35, 0.25, 0.35]) {
        assert!(
            near(thickness(r), mm * px_per_mm, 1.5),
            "{mm} mm rule {} pixels at {DPI} dpi: {rules:?}",
            r.pixels
        );
    }
    assert!(
        rules[0].pixels > rules[1].pixels && rules[2].pixels > rules[1].pixels,
        "{rules:?}"
    );
    // The last on the type area's bottom edge; 抄送 between the first and the second, the
    // printed-by line between the second and the third.
    assert!(
        near(rules[2].at, TOP + AREA_H, 1.0 * MM),
        "last rule {:.2} mm",
        rules[2].at / MM
    );
    let (copy_to, printed) = (lines[n - 2], lines[n - 1]);
    assert!(
        rules[0].at < copy_to.y_min && copy_to.y_max < rules[1].at,
        "{rules:?} {copy_to:?}"
    );
    assert!(
        rules[1].at < printed.y_min && printed.y_max < rules[2].at,
        "{rules:?} {printed:?}"
    );
}
