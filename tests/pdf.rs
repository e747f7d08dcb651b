//! The PDF measured against GB/T 9704 and clreq, on the PDF itself.

mod common;
use common::pdf::*;
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Render once per test binary; the folder lives as long as the process.
fn rendered(input: &Path) -> PathBuf {
    let dir = tempfile::tempdir().unwrap().keep();
    let out = gongwen(
        &repo(),
        &["render", input.to_str().unwrap(), "-o", dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    dir.join(format!("{}.pdf", input.file_stem().unwrap().to_str().unwrap()))
}

fn sample_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| rendered(&sample_path()))
}

fn stress_md() -> PathBuf {
    repo().join("tests/fixtures/stress.md")
}

fn stress_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| rendered(&stress_md()))
}

fn sample_markdown() -> String {
    let pdf = sample_pdf();
    std::fs::read_to_string(pdf.with_extension("md")).unwrap()
}

/// The second plan, in the open outline, and its variant for 新河镇.
fn renju_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| rendered(&repo().join("plans/renju.yaml")))
}

fn xinhe_renju_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| rendered(&repo().join("plans/towns/xinhe_renju.yaml")))
}

/// The Markdown rendered beside a plan's PDF.
fn markdown_beside(pdf: &Path) -> String {
    std::fs::read_to_string(pdf.with_extension("md")).unwrap()
}

/// Every document measured: the plans' PDFs and the stress file, each with its Markdown.
fn documents() -> Vec<(&'static Path, String, &'static str)> {
    vec![
        (sample_pdf(), sample_markdown(), "sample"),
        (renju_pdf(), markdown_beside(renju_pdf()), "renju"),
        (xinhe_renju_pdf(), markdown_beside(xinhe_renju_pdf()), "xinhe_renju"),
        (stress_pdf(), std::fs::read_to_string(stress_md()).unwrap(), "stress"),
    ]
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE
}

/// Grid slot of a body line, if it sits on one.
fn slot(line: &PdfLine) -> Option<usize> {
    let k = (line.y_min - TOP) / LINE_PITCH;
    let r = k.round();
    ((k - r).abs() * LINE_PITCH <= TOLERANCE && (0.0..22.0).contains(&r)).then_some(r as usize)
}

/// clreq.md, written out here rather than taken from the code under test.
const NO_START: &str = "、，。．：；！？‼⁇”’」』）》〉】〗〕］｝～—·・‧/／…";
const NO_END: &str = "“‘「『（《〈【〖〔［｛/／";

#[test]
fn pages_are_a4_with_the_standard_margins() {
    for (pdf, _, name) in documents() {
        let pages = read_pdf(pdf);
        assert!(pages.len() > 1, "{name}");
        for (i, page) in pages.iter().enumerate() {
            assert!(
                near(page.width, PAGE_W) && near(page.height, PAGE_H),
                "{name} page {}: size",
                i + 1
            );
            let body: Vec<&PdfLine> = page.area_lines().filter(|l| l.is_body_size()).collect();
            let left = body.iter().map(|l| l.x_min).fold(f64::MAX, f64::min);
            assert!(
                left >= LEFT - TOLERANCE,
                "{name} page {}: a line starts left of the margin",
                i + 1
            );
            // Every page with some body text has flush-left lines at exactly 28 mm.
            if body.len() >= 10 {
                assert!(
                    near(left, LEFT),
                    "{name} page {}: left margin {:.2} mm",
                    i + 1,
                    left / MM
                );
            }
            if i > 0 {
                let top = page.area_lines().map(|l| l.y_min).fold(f64::MAX, f64::min);
                assert!(near(top, TOP), "{name} page {}: top margin {:.2} mm", i + 1, top / MM);
            }
        }
    }
}

#[test]
fn lines_sit_on_the_22_line_grid_and_full_pages_use_all_22() {
    let md: String = documents().into_iter().map(|(_, md, _)| md).collect();
    // A page may end early only to keep a heading with its text or the signature with the body.
    let headings: Vec<String> = md
        .lines()
        .filter(|l| l.starts_with("##"))
        .map(|l| without_whitespace(l.trim_start_matches('#')))
        .collect();
    for (pdf, _, name) in documents() {
        let pages = read_pdf(pdf);
        for (i, page) in pages.iter().enumerate() {
            let mut slots = Vec::new();
            for line in page.area_lines().filter(|l| l.is_body_size()) {
                let s = slot(line).unwrap_or_else(|| {
                    panic!(
                        "{name} page {}: {:?} is off the grid ({:.2} mm)",
                        i + 1,
                        line.text,
                        line.y_min / MM
                    )
                });
                assert!(!slots.contains(&s), "{name} page {}: two lines on slot {s}", i + 1);
                slots.push(s);
            }
            // Consecutive lines are one pitch apart: 225 mm / 22.
            let tops: Vec<f64> = page
                .area_lines()
                .filter(|l| l.is_body_size())
                .map(|l| l.y_min)
                .collect();
            for w in tops.windows(2) {
                let gap = w[1] - w[0];
                let lines = (gap / LINE_PITCH).round();
                assert!(
                    (gap - lines * LINE_PITCH).abs() <= TOLERANCE,
                    "{name} page {}: pitch {gap}",
                    i + 1
                );
            }
            if i + 1 == pages.len() {
                continue;
            }
            let last = slots.iter().max().copied().unwrap_or(0);
            if last < 21 {
                // Allowed only to keep a heading with its text, or the signature with the body.
                let next: Vec<String> = pages[i + 1]
                    .lines
                    .iter()
                    .take(5)
                    .map(|l| without_whitespace(&l.text))
                    .collect();
                let heading = headings
                    .iter()
                    .any(|h| next[0].starts_with(h.as_str()) || h.starts_with(&next[0]));
                let signature = next.iter().any(|l| l.starts_with("中共") && l.ends_with("委员会"));
                assert!(
                    heading || signature,
                    "{name} page {} ends at line {} but page {} starts with {next:?}",
                    i + 1,
                    last + 1,
                    i + 2
                );
            }
        }
    }
}

#[test]
fn full_lines_of_hanzi_hold_28_characters_and_end_at_the_right_edge() {
    let right = LEFT + AREA_W;
    let mut justified = 0;
    let mut hanzi_lines = 0;
    for (pdf, md, _) in documents() {
        // Each Markdown paragraph, heading or hard-broken line: the PDF line that ends one is
        // a last line, set as it falls. Every other line must be justified to the edge.
        let ends: Vec<String> = markdown_text(&md)
            .lines()
            .map(without_whitespace)
            .filter(|l| !l.is_empty())
            .collect();
        for page in read_pdf(pdf) {
            let lines: Vec<&PdfLine> = page.area_lines().filter(|l| l.is_body_size()).collect();
            for (k, line) in lines.iter().enumerate() {
                let text = without_whitespace(&line.text);
                if ends.iter().any(|e| e.ends_with(&text)) {
                    continue;
                }
                // A closing mark at the line end is set half-width, and its box in the PDF is
                // that half: every justified line's last box ends at the edge.
                assert!(
                    (line.x_max - right).abs() <= TOLERANCE,
                    "{text:?} ends {:.2} mm from the edge",
                    (line.x_max - right) / MM
                );
                justified += 1;
                if text.chars().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
                    let indent = ((line.x_min - LEFT) / CHAR_PITCH).round() as usize;
                    // One fewer only when a Hanzi was pushed down to keep a mark that may not
                    // start a line company (先挤进，后推出), as the next line shows.
                    let next: Vec<char> = lines
                        .get(k + 1)
                        .map(|l| without_whitespace(&l.text).chars().collect())
                        .unwrap_or_default();
                    let count = text.chars().count() + indent;
                    // The chain of marks after the pushed Hanzi; it would not have fit on this line.
                    let chain = next.iter().skip(1).take_while(|c| NO_START.contains(**c)).count();
                    let pushed = chain > 0 && count + 1 + chain > 28;
                    // Or the next line opens with a number or Latin word (never split) wider than
                    // the cells left here; such characters are at least 0.45 of a cell wide.
                    let latin = next.iter().take_while(|c| c.is_ascii_graphic()).count();
                    let wide_unit = count < 28 && latin as f64 * 0.45 > (28 - count) as f64;
                    assert!(
                        count == 28 || ((pushed || wide_unit) && count + 2 >= 28),
                        "{text:?}: {count} cells, next {next:?}"
                    );
                    hanzi_lines += 1;
                }
            }
        }
    }
    assert!(
        justified > 200 && hanzi_lines > 5,
        "only {justified} justified and {hanzi_lines} all-Hanzi lines"
    );
}

#[test]
fn no_line_starts_or_ends_with_a_prohibited_character() {
    for (pdf, _, _) in documents() {
        for (i, page) in read_pdf(pdf).iter().enumerate() {
            for line in page.area_lines() {
                let text = without_whitespace(&line.text);
                let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
                    continue;
                };
                assert!(
                    !NO_START.contains(first),
                    "page {}: line starts with {first}: {text}",
                    i + 1
                );
                assert!(!NO_END.contains(last), "page {}: line ends with {last}: {text}", i + 1);
            }
        }
    }
}

#[test]
fn numbers_words_dashes_and_ellipses_are_never_split() {
    let pages = read_pdf(stress_pdf());
    let lines: Vec<String> = pages
        .iter()
        .flat_map(|p| p.area_lines().map(|l| without_whitespace(&l.text)).collect::<Vec<_>>())
        .collect();
    for w in lines.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        let (end, start) = (a.chars().last().unwrap(), b.chars().next().unwrap());
        let pair = format!("{a} | {b}");
        assert!(
            !(end.is_ascii_digit() && (start.is_ascii_digit() || ".%".contains(start))),
            "{pair}"
        );
        assert!(!(end == '—' && start == '—' || end == '…' && start == '…'), "{pair}");
        if end.is_ascii_alphanumeric() && start.is_ascii_alphanumeric() {
            panic!("a Latin word split: {pair}");
        }
    }
    let all = lines.concat();
    for whole in ["1.54", "123456789012", "9.8%", "95%", "Word", "WPS"] {
        assert!(lines.iter().any(|l| l.contains(whole)), "{whole} not kept on one line");
        assert!(all.contains(whole));
    }
}

#[test]
fn text_extracts_exactly_as_written() {
    for (pdf, md, _) in documents() {
        let raw = raw_text(pdf);
        // Page numbers ("— 3 —") are furniture, not text of the document.
        let extracted: String = raw
            .lines()
            .map(without_whitespace)
            .filter(|l| {
                !(l.starts_with('—')
                    && l.ends_with('—')
                    && l.trim_matches('—').chars().all(|c| c.is_ascii_digit())
                    && !l.trim_matches('—').is_empty())
            })
            .collect();
        let want = without_whitespace(&markdown_text(&md));
        assert_same_text(&extracted, &want, &pdf.display().to_string());
    }
}

#[test]
fn every_font_is_an_embedded_subset_with_a_unicode_map() {
    let fonts = fonts(sample_pdf());
    // Five fonts; the body's is listed twice, the second time as the variant with half-width
    // advances from which marks set half-width are drawn (same subset, same name).
    let mut names: Vec<&str> = fonts.iter().map(|f| f.0.as_str()).collect();
    names.dedup();
    assert_eq!(names.len(), 5, "{fonts:?}");
    assert_eq!(fonts.len(), 6, "{fonts:?}");
    for (name, emb, sub, uni) in fonts {
        assert_eq!(
            (emb.as_str(), sub.as_str(), uni.as_str()),
            ("yes", "yes", "yes"),
            "{name}"
        );
        assert_eq!(name.find('+'), Some(6), "subset tag: {name}");
    }
}

#[test]
fn page_numbers_alternate_sides_below_the_type_area() {
    for pdf in [sample_pdf(), renju_pdf()] {
        let pages = read_pdf(pdf);
        assert!(pages.len() > 2, "{}", pdf.display());
        for (i, page) in pages.iter().enumerate() {
            let n = i + 1;
            let number = page
                .page_number_line()
                .unwrap_or_else(|| panic!("page {n} has no number"));
            assert_eq!(without_whitespace(&number.text), format!("—{n}—"));
            assert!(
                near(number.y_min, TOP + AREA_H + 7.0 * MM),
                "page {n}: {:.2} mm",
                number.y_min / MM
            );
            // One character (四号, 14 pt) in from the edge of the type area.
            if n % 2 == 1 {
                assert!(
                    near(number.x_max, LEFT + AREA_W - 14.0),
                    "page {n} right: {:.2} mm",
                    number.x_max / MM
                );
            } else {
                assert!(
                    near(number.x_min, LEFT + 14.0),
                    "page {n} left: {:.2} mm",
                    number.x_min / MM
                );
            }
        }
    }
}

#[test]
fn the_title_is_centred_and_broken_at_word_boundaries() {
    let pages = read_pdf(stress_pdf());
    let title: Vec<&PdfLine> = pages[0].lines.iter().filter(|l| l.height() > 20.0).collect();
    let texts: Vec<String> = title.iter().map(|l| without_whitespace(&l.text)).collect();
    assert_eq!(texts.concat().chars().count(), 40, "{texts:?}");
    assert!(texts.len() >= 2, "{texts:?}");
    for line in &title {
        assert!(
            near((line.x_min + line.x_max) / 2.0, LEFT + AREA_W / 2.0),
            "{:?} not centred",
            line.text
        );
    }
    // Never inside a word: each word of this title stands whole on one line.
    for word in [
        "关于",
        "进一步",
        "加强",
        "改进",
        "百村示范",
        "乡村振兴",
        "建设项目",
        "专项资金",
        "管理工作",
        "实施意见",
    ] {
        assert!(texts.iter().any(|t| t.contains(word)), "{word} split in {texts:?}");
    }
    // A trapezoid (no line longer than the one above) or a diamond (longest in the middle).
    let widths: Vec<f64> = title.iter().map(|l| l.x_max - l.x_min).collect();
    let peak = widths.iter().enumerate().max_by(|a, b| a.1.total_cmp(b.1)).unwrap().0;
    let rising = widths[..=peak].windows(2).all(|w| w[0] <= w[1] + 0.5);
    let falling = widths[peak..].windows(2).all(|w| w[0] + 0.5 >= w[1]);
    assert!(
        rising && falling && (peak == 0 || widths.len() >= 3),
        "{texts:?} {widths:?}"
    );
    // The first body line is one blank line below the title.
    let first_body = pages[0].lines.iter().find(|l| l.is_body_size()).unwrap();
    assert_eq!(slot(first_body), Some(texts.len() + 1));
}

#[test]
fn no_paragraph_ends_on_a_single_hanzi() {
    for (pdf, md, _) in documents() {
        let paragraphs: Vec<String> = markdown_text(&md)
            .lines()
            .map(without_whitespace)
            .filter(|l| l.chars().count() > 28)
            .collect();
        for page in read_pdf(pdf) {
            for line in page.area_lines() {
                let text = without_whitespace(&line.text);
                let hanzi = text.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).count();
                let ends_a_paragraph = paragraphs.iter().any(|p| p.ends_with(&text) && p.len() > text.len());
                assert!(
                    !(ends_a_paragraph && hanzi == 1 && text.chars().all(|c| !c.is_ascii())),
                    "孤字: {text:?}"
                );
            }
        }
    }
}

#[test]
fn signature_and_date_follow_the_standard_and_stay_with_the_body() {
    for (pdf, issuers, date) in [
        (sample_pdf(), ["中共XX镇委员会", "XX镇人民政府"], "2021年3月15日"),
        (renju_pdf(), ["中共XX镇委员会", "XX镇人民政府"], "2024年3月8日"),
        (
            xinhe_renju_pdf(),
            ["中共新河镇委员会", "新河镇人民政府"],
            "2024年3月12日",
        ),
    ] {
        let pages = read_pdf(pdf);
        let last = pages.last().unwrap();
        let lines: Vec<&PdfLine> = last.area_lines().collect();
        let find = |t: &str| {
            lines
                .iter()
                .position(|l| without_whitespace(&l.text) == t)
                .unwrap_or_else(|| panic!("{t} on the last page"))
        };
        let (org, gov, date) = (find(issuers[0]), find(issuers[1]), find(date));
        assert!(org > 0, "the signature is not alone on its page");
        // One blank line between the body and the signature.
        assert_eq!(slot(lines[org]).unwrap(), slot(lines[org - 1]).unwrap() + 2);
        assert_eq!((gov, date), (org + 1, org + 2));
        // Right-aligned with two characters free; the date two characters right of the signature.
        let right = LEFT + AREA_W - 2.0 * CHAR_PITCH;
        assert!(
            near(lines[org].x_max, right) && near(lines[gov].x_max, right),
            "{:?}",
            lines[org]
        );
        assert!(near(
            lines[date].x_min,
            lines[org].x_min.min(lines[gov].x_min) + 2.0 * CHAR_PITCH
        ));
    }
}

#[test]
fn characters_missing_from_the_font_are_an_error_that_names_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("doc.md"),
        "# 标题\n\n正文有一个罕见字𠀀。\n\n再一段有😀表情。\n",
    )
    .unwrap();
    let out = gongwen(dir.path(), &["render", "doc.md"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("doc.md:3:"), "{err}");
    assert!(
        err.contains("「𠀀」") && err.contains("「😀」") && err.contains("第 5 行"),
        "{err}"
    );
    assert!(err.contains("正文（仿宋）") && err.contains("FandolFang"), "{err}");
    assert!(!dir.path().join("output/doc.pdf").exists());
}

#[test]
fn hand_edited_markdown_prints_as_pdf() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("tests/golden/sample.md"), dir.path().join("edited.md")).unwrap();
    let out = gongwen(dir.path(), &["render", "edited.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(dir.path().join("output/edited.pdf").is_file());
    assert!(
        !dir.path().join("output/edited.md").exists(),
        "the Markdown input is not copied"
    );
    let text = without_whitespace(&raw_text(&dir.path().join("output/edited.pdf")));
    assert!(text.contains("创建乡村振兴先进镇工作方案"));
}

#[test]
fn fonts_are_resolved_by_role_and_can_be_overridden() {
    let dir = tempfile::tempdir().unwrap();
    let out = gongwen(dir.path(), &["fonts"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let listing = stdout(&out);
    for (role, file) in [
        ("title", "NotoSerifCJK-Bold.ttc#2"),
        ("body", "FandolFang"),
        ("heading1", "FandolHei"),
        ("heading2", "FandolKai"),
        ("page_number", "FandolSong"),
    ] {
        assert!(
            listing.lines().any(|l| l.starts_with(role) && l.contains(file)),
            "{role}: {listing}"
        );
    }
    // Office fonts are found by the names in their name tables (tests/font_names.rs), not by
    // file name: FandolHei saved as simhei.ttf is still FandolHei, and the fallback stays.
    let fandol = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/";
    let office = dir.path().join("office");
    std::fs::create_dir(&office).unwrap();
    std::fs::copy(format!("{fandol}FandolHei-Regular.otf"), office.join("simhei.ttf")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("fonts")
        .env("GONGWEN_FONT_DIRS", &office)
        .output()
        .unwrap();
    let listing = stdout(&out);
    assert!(
        listing
            .lines()
            .any(|l| l.starts_with("heading1") && l.contains("FandolHei-Regular.otf")),
        "{listing}"
    );
    assert!(!listing.contains("simhei.ttf"), "{listing}");

    // A file that does not exist is an error naming it.
    let out = gongwen(dir.path(), &["fonts", "--font", "body=/no/such/font.otf"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("/no/such/font.otf"));

    // --font on render picks the file: 楷体 for level-1 headings here.
    std::fs::write(dir.path().join("doc.md"), "# 标题\n\n## 一、标题\n\n正文。\n").unwrap();
    let out = gongwen(
        dir.path(),
        &[
            "render",
            "doc.md",
            "--font",
            &format!("heading1={fandol}FandolKai-Regular.otf"),
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let names: Vec<String> = fonts(&dir.path().join("output/doc.pdf"))
        .into_iter()
        .map(|f| f.0)
        .collect();
    // 楷体 serves the level-1 heading, and 黑体 (the default for it) is not embedded at all.
    assert!(names.iter().any(|n| n.ends_with("+FandolKai-Regular")), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("FandolHei")), "{names:?}");
}

#[test]
fn a_plan_can_set_fonts_and_a_wrong_setting_is_reported_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let yaml = sample_yaml() + "fonts:\n  boddy: x.otf\n  title: missing.otf\n";
    std::fs::write(dir.path().join("plan.yaml"), &yaml).unwrap();
    let out = gongwen(dir.path(), &["check", "plan.yaml"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(1));
    let (line, col) = position_of(&yaml, "x.otf");
    assert!(err.contains(&format!("plan.yaml:{line}:{col}: fonts.boddy: ")), "{err}");
    assert!(err.contains(": fonts.title: ") && err.contains("missing.otf"), "{err}");
}

/// A batch subsets each font once for all its documents: the PDFs carry the same subsets, each
/// still extracts to exactly its own text, and the bytes do not depend on thread timing.
#[test]
fn a_batch_shares_font_subsets_and_each_pdf_keeps_its_own_text() {
    let dir = tempfile::tempdir().unwrap();
    let plans = repo().join("plans/towns");
    let render = |out: &str, inputs: &[&str]| {
        let mut args = vec!["render", "-o", out, "--format", "pdf"];
        args.extend(inputs);
        let result = gongwen(&plans, &args);
        assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    };
    let batch = dir.path().join("batch");
    let again = dir.path().join("again");
    render(batch.to_str().unwrap(), &["."]);
    render(again.to_str().unwrap(), &["."]);
    let alone = dir.path().join("alone");
    for town in ["xinhe", "qinghe", "baishi"] {
        render(alone.to_str().unwrap(), &[&format!("{town}.yaml")]);
    }

    let names = |path: &Path| -> Vec<String> { fonts(path).into_iter().map(|f| f.0).collect() };
    let batch_fonts = names(&batch.join("xinhe.pdf"));
    assert_eq!(
        batch_fonts.len(),
        6,
        "five fonts and the body's half-width variant: {batch_fonts:?}"
    );
    for town in ["xinhe", "qinghe", "baishi"] {
        let pdf = batch.join(format!("{town}.pdf"));
        assert_eq!(
            names(&pdf),
            batch_fonts,
            "{town}: the batch's documents share their subsets"
        );
        // Alone, a document embeds only its own glyphs: a different body subset.
        assert_ne!(names(&alone.join(format!("{town}.pdf")))[1], batch_fonts[1], "{town}");
        // The text is the same either way, and the document's own.
        let text = without_whitespace(&raw_text(&pdf));
        assert_eq!(
            text,
            without_whitespace(&raw_text(&alone.join(format!("{town}.pdf")))),
            "{town}"
        );
        assert_eq!(
            std::fs::read(&pdf).unwrap(),
            std::fs::read(again.join(format!("{town}.pdf"))).unwrap(),
            "{town}: same inputs, same bytes"
        );
    }
    assert!(without_whitespace(&raw_text(&batch.join("qinghe.pdf"))).contains("中共青禾镇委员会"));
    assert!(!without_whitespace(&raw_text(&batch.join("qinghe.pdf"))).contains("白石镇"));
}

/// Copy and paste (`pdftotext -raw`, as screen readers and search read a PDF) gives one line per
/// printed line: a mark set half-width takes half a box, so it no longer overlaps the
/// character after it and breaks the copied line there.
#[test]
fn copied_text_has_one_line_per_printed_line() {
    for pdf in [sample_pdf(), stress_pdf()] {
        let printed: Vec<String> = read_pdf(pdf)
            .iter()
            .flat_map(|p| p.lines.iter().map(|l| without_whitespace(&l.text)))
            .collect();
        let copied: Vec<String> = raw_text(pdf)
            .lines()
            .map(without_whitespace)
            .filter(|l| !l.is_empty())
            .collect();
        if let Some(k) = (0..copied.len().max(printed.len())).find(|&k| copied.get(k) != printed.get(k)) {
            panic!(
                "{}: copied line {k} is {:?}, printed {:?}",
                pdf.display(),
                copied.get(k),
                printed.get(k)
            );
        }
    }
}
