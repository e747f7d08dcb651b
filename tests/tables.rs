//! Tables and attachment pages, measured on the PDF with poppler: the text and word boxes from
//! pdftotext, the rules from pdftoppm's pixels. The numbers are the standard's, written out in
//! tests/common/pdf.rs, never asked of gongwen.

mod common;
use common::pdf::*;
use common::raster::{Raster, Segment};
use common::*;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Render `input` (plan or Markdown) as Markdown, PDF and DOCX; the PDF.
fn rendered(input: &Path) -> PathBuf {
    render_to_temp(input, "md,pdf,docx").join(format!("{}.pdf", input.file_stem().unwrap().to_str().unwrap()))
}

/// The sample with two attachments: the leading group's table and a task breakdown.
fn plan_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| rendered(&repo().join("plans/sample_attachments.yaml")))
}

fn fixture() -> PathBuf {
    repo().join("tests/fixtures/tables.md")
}

/// A hand-written Markdown document: a task table with a row taller than a page, explicit
/// alignments and line breaks in cells, and a table too wide for portrait.
fn fixture_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| rendered(&fixture()))
}

fn plan_markdown() -> String {
    std::fs::read_to_string(plan_pdf().with_extension("md")).unwrap()
}

fn near(a: f64, b: f64) -> bool {
    (a - b).abs() <= TOLERANCE
}

const TASK_HEADER: &str = "序号工作任务牵头单位责任单位完成时限";
const GROUP_HEADER: &str = "序号姓名职务组内职务";

/// The landscape type area, as the standard turns it (GB/T 9704 §8): the sheet's left margin
/// becomes the top one, its bottom margin (35 mm) the left one.
const L_LEFT: f64 = PAGE_H - TOP - AREA_H;
const L_TOP: f64 = LEFT;
const L_AREA_W: f64 = AREA_H;
const L_AREA_H: f64 = AREA_W;

/// (left, top, right, bottom) of the type area of a page `width` wide.
fn type_area(width: f64) -> (f64, f64, f64, f64) {
    if width > PAGE_W + 1.0 {
        (L_LEFT, L_TOP, L_LEFT + L_AREA_W, L_TOP + L_AREA_H)
    } else {
        (LEFT, TOP, LEFT + AREA_W, TOP + AREA_H)
    }
}

/// Rules long enough to be cell borders (a row is one grid line, 28.95 pt; text strokes are
/// shorter than a 22 pt em).
fn rules(pdf: &Path, page: usize) -> (Vec<Segment>, Vec<Segment>) {
    let raster = Raster::render(pdf, page);
    (raster.horizontal_rules(30.0), raster.vertical_rules(24.0))
}

/// Text of the lines of a page, whitespace removed.
fn line_texts(page: &PdfPage) -> Vec<String> {
    page.area_lines().map(|l| without_whitespace(&l.text)).collect()
}

#[test]
fn attachments_start_a_page_with_their_label_and_title_and_page_numbers_continue() {
    for (pdf, names) in [
        (
            plan_pdf(),
            [
                "创建乡村振兴先进镇工作领导小组成员名单",
                "创建乡村振兴先进镇工作任务分解表",
            ],
        ),
        (fixture_pdf(), ["重点任务分解表", "资金安排表"]),
    ] {
        let pages = read_pdf(pdf);
        let mut found = 0;
        for (i, page) in pages.iter().enumerate() {
            let (left, top, right, bottom) = type_area(page.width);
            let lines: Vec<&PdfLine> = page
                .lines
                .iter()
                .filter(|l| l.x_min >= left - TOLERANCE && l.y_max <= bottom + TOLERANCE)
                .collect();
            let Some(first) = lines.first() else { continue };
            let label = without_whitespace(&first.text);
            if !label.starts_with("附件") || label.chars().count() > 4 {
                continue;
            }
            found += 1;
            assert_eq!(label, format!("附件{found}"), "page {}", i + 1);
            // 三号, flush left on the first line.
            assert!(first.is_body_size(), "{label}: {:.1} pt", first.height());
            assert!(near(first.x_min, left) && near(first.y_min, top), "{label}: {first:?}");
            // The title on the third line, centred, set like the document title (二号).
            let title = lines[1];
            assert_eq!(without_whitespace(&title.text), names[found - 1]);
            // The title font's box is taller than its em: compare centres (22 pt em from the
            // third grid line down).
            let centre = (title.y_min + title.y_max) / 2.0;
            assert!((centre - (top + 2.0 * LINE_PITCH + 11.0)).abs() < 2.0, "{title:?}");
            assert!(title.height() > 20.0, "{title:?}");
            assert!(
                near((title.x_min + title.x_max) / 2.0, (left + right) / 2.0),
                "{title:?}"
            );
        }
        assert_eq!(found, 2, "{}", pdf.display());
        // The 附件说明 lists them by number, and every page carries its number.
        let text = without_whitespace(&raw_text(pdf));
        assert!(
            text.contains(&format!("附件：1.{}2.{}", names[0], names[1])),
            "{}",
            pdf.display()
        );
        for (i, ((width, _), words)) in words(pdf).iter().enumerate() {
            let folio = format!("—{}—", i + 1);
            let joined: String = words.iter().map(|w| w.text.as_str()).collect();
            assert!(joined.contains(&folio), "page {} ({width} wide) has no {folio}", i + 1);
        }
    }
}

#[test]
fn table_rules_stay_in_the_type_area_and_the_table_fills_its_width() {
    for pdf in [plan_pdf(), fixture_pdf()] {
        let mut tables = 0;
        for (i, ((width, _), _)) in words(pdf).iter().enumerate() {
            let (left, top, right, bottom) = type_area(*width);
            let (horizontal, vertical) = rules(pdf, i + 1);
            for r in &horizontal {
                assert!(
                    r.from >= left - TOLERANCE && r.to <= right + TOLERANCE,
                    "page {}: rule from {:.1} to {:.1}",
                    i + 1,
                    r.from,
                    r.to
                );
                assert!(
                    r.at >= top - TOLERANCE && r.at <= bottom + TOLERANCE,
                    "page {}: {r:?}",
                    i + 1
                );
            }
            for r in &vertical {
                assert!(
                    r.at >= left - TOLERANCE && r.at <= right + TOLERANCE,
                    "page {}: {r:?}",
                    i + 1
                );
                assert!(
                    r.from >= top - TOLERANCE && r.to <= bottom + TOLERANCE,
                    "page {}: {r:?}",
                    i + 1
                );
            }
            if !vertical.is_empty() {
                tables += 1;
                let table_top = vertical.iter().map(|r| r.from).fold(f64::MAX, f64::min);
                let table_bottom = vertical.iter().map(|r| r.to).fold(0.0, f64::max);
                // Columns sum to the type area's width: the outer borders on its edges.
                let xs: Vec<f64> = vertical.iter().map(|r| r.at).collect();
                let (min, max) = (
                    xs.iter().copied().fold(f64::MAX, f64::min),
                    xs.iter().copied().fold(0.0, f64::max),
                );
                assert!(near(min, left) && near(max, right), "page {}: {min:.1}–{max:.1}", i + 1);
                // Horizontal rules lie on the grid lines.
                for r in horizontal
                    .iter()
                    .filter(|r| r.to - r.from > 100.0 && r.at >= table_top - 1.0 && r.at <= table_bottom + 1.0)
                {
                    let k = (r.at - top) / LINE_PITCH;
                    assert!((k - k.round()).abs() * LINE_PITCH <= TOLERANCE, "page {}: {r:?}", i + 1);
                }
            }
        }
        assert!(tables >= 3, "{}: {tables} pages with tables", pdf.display());
    }
}

/// The cells of a page's table: column boundaries and row boundaries from its rules.
fn cells(horizontal: &[Segment], vertical: &[Segment]) -> Option<(Vec<f64>, Vec<f64>, f64, f64)> {
    let mut xs: Vec<f64> = vertical.iter().map(|r| r.at).collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    let top = vertical.iter().map(|r| r.from).fold(f64::MAX, f64::min);
    let bottom = vertical.iter().map(|r| r.to).fold(0.0, f64::max);
    let mut ys: Vec<f64> = horizontal
        .iter()
        .filter(|r| r.at >= top - 1.0 && r.at <= bottom + 1.0 && r.to - r.from > 100.0)
        .map(|r| r.at)
        .collect();
    ys.sort_by(f64::total_cmp);
    ys.dedup_by(|a, b| (*a - *b).abs() < 1.0);
    (xs.len() >= 2 && ys.len() >= 2).then_some((xs, ys, top, bottom))
}

#[test]
fn no_glyph_stands_outside_its_cell() {
    for pdf in [plan_pdf(), fixture_pdf()] {
        let mut checked = 0;
        for (i, (_, page_words)) in words(pdf).iter().enumerate() {
            let (horizontal, vertical) = rules(pdf, i + 1);
            let Some((xs, ys, top, bottom)) = cells(&horizontal, &vertical) else {
                continue;
            };
            for w in page_words.iter().filter(|w| w.y_min >= top && w.y_max <= bottom) {
                let right = w.x_max;
                let column = xs.windows(2).position(|c| w.x_min >= c[0] && right <= c[1]);
                let row = ys.windows(2).position(|r| w.y_min >= r[0] && w.y_max <= r[1]);
                assert!(
                    column.is_some() && row.is_some(),
                    "page {}: {:?} ({:.1}–{:.1}, {:.1}–{:.1}) crosses a cell border",
                    i + 1,
                    w.text,
                    w.x_min,
                    w.x_max,
                    w.y_min,
                    w.y_max
                );
                // And keeps clear of the borders: the cell's padding on each side.
                let c = column.unwrap();
                assert!(
                    w.x_min - xs[c] >= 4.0 && xs[c + 1] - right >= 4.0,
                    "page {}: {:?}",
                    i + 1,
                    w.text
                );
                checked += 1;
            }
        }
        assert!(checked > 100, "{}: only {checked} words in tables", pdf.display());
    }
}

#[test]
fn the_header_row_is_repeated_on_every_page_a_table_continues_on() {
    for (pdf, header, min_pages) in [
        (plan_pdf(), TASK_HEADER, 2),
        (plan_pdf(), GROUP_HEADER, 2),
        (fixture_pdf(), TASK_HEADER, 3),
    ] {
        let pages = read_pdf(pdf);
        let mut with_header = 0;
        for (i, page) in pages.iter().enumerate() {
            let texts = line_texts(page);
            let Some(at) = texts.iter().position(|t| t == header) else {
                continue;
            };
            with_header += 1;
            // The header is the table's first row: on a continued page, the page's first line.
            if with_header > 1 {
                assert_eq!(at, 0, "page {}: {texts:?}", i + 1);
            }
            // 黑体 四号 (14 pt), one grid line below the top rule.
            let line = page.area_lines().nth(at).unwrap();
            assert!((line.height() - 14.0).abs() < 0.5, "page {}: {line:?}", i + 1);
        }
        assert!(
            with_header >= min_pages,
            "{}: {header} on {with_header} pages",
            pdf.display()
        );
    }
}

#[test]
fn the_task_breakdown_has_at_least_twelve_rows_over_two_pages() {
    let md = plan_markdown();
    let rows = md.lines().filter(|l| l.starts_with("| ") && l.ends_with(" |")).count();
    // The leading group (21 people) and the task breakdown, each with its header row.
    assert!(rows >= 21 + 12 + 2, "{rows} table rows in the Markdown");
    let pages = read_pdf(plan_pdf());
    let task_pages = pages
        .iter()
        .filter(|p| line_texts(p).iter().any(|t| t == TASK_HEADER))
        .count();
    assert!(task_pages >= 2);
}

/// "— 3 —", without its spaces.
fn is_folio(line: &str) -> bool {
    let digits = line.trim_matches('—');
    line.starts_with('—') && line.ends_with('—') && !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
}

/// The PDF's text, page numbers and repeated header rows (furniture, like the page numbers)
/// left out: a page's first line that repeats a header row already seen.
fn extracted(pdf: &Path) -> String {
    let mut headers: Vec<String> = Vec::new();
    let mut out = String::new();
    for page in 1..=words(pdf).len() {
        let n = page.to_string();
        let raw = std::process::Command::new("pdftotext")
            .args(["-raw", "-f", &n, "-l", &n])
            .arg(pdf)
            .arg("-")
            .output()
            .unwrap();
        let text = String::from_utf8(raw.stdout).unwrap();
        let mut lines: Vec<String> = text
            .lines()
            .map(without_whitespace)
            .filter(|l| !l.is_empty() && !is_folio(l))
            .collect();
        // A landscape page's number, turned, comes out a character a line.
        if lines.len() >= 3 && lines[lines.len() - 3..] == ["—".to_string(), page.to_string(), "—".to_string()] {
            lines.truncate(lines.len() - 3);
        }
        for (k, line) in lines.iter().enumerate() {
            if k == 0 && headers.contains(line) {
                continue;
            }
            if line.starts_with("序号") {
                headers.push(line.clone());
            }
            out.push_str(line);
        }
    }
    out
}

#[test]
fn tables_extract_row_by_row_cell_by_cell_exactly() {
    let pdf = plan_pdf();
    {
        let got = extracted(pdf);
        let want = without_whitespace(&markdown_text(&plan_markdown()));
        assert_same_text(&got, &want, &pdf.display().to_string());
        // A row reads as its cells in order: number, task, lead, units, deadline.
        assert!(got.contains("2高标准农田达50%以上自然资源办经济发展办、各村（社区）2021年10月底前"));
    }
}

#[test]
fn a_row_taller_than_a_page_is_split_between_lines_and_nothing_is_lost() {
    let pdf = fixture_pdf();
    let got = extracted(pdf);
    let want = without_whitespace(&markdown_text(&std::fs::read_to_string(fixture()).unwrap()));
    // Every character, and everything up to the tall row in order.
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    assert_eq!(sorted(&got), sorted(&want));
    let row = "14（一）城乡居民医疗保险";
    let at = want.find(row).unwrap();
    assert_eq!(got.find(row), Some(at));
    // The row starts on one page and goes on, under the header again, on the next: its task
    // cell's last part opens the next page, below the header.
    let pages = read_pdf(pdf);
    let start = pages
        .iter()
        .position(|p| line_texts(p).iter().any(|t| t.starts_with("14")))
        .unwrap();
    let next = line_texts(&pages[start + 1]);
    assert_eq!(next[0], TASK_HEADER);
    assert!(want.contains(&next[1]) && !next[1].starts_with("15"), "{next:?}");
    // The cells after the split part of the task follow on the first page, in order.
    assert!(got.contains("社会事务办财政所、各村（社区）2021年12月底前"));
}

#[test]
fn a_hand_written_markdown_table_prints_as_the_plans() {
    // The plan's Markdown, edited by hand, is the same document.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("edited.md"), plan_markdown()).unwrap();
    let out = gongwen(dir.path(), &["render", "edited.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let boxes = |pdf: &Path| -> Vec<String> {
        words(pdf)
            .into_iter()
            .flat_map(|(_, ws)| ws)
            .map(|w| format!("{:.2} {:.2} {:.2} {:.2} {}", w.x_min, w.y_min, w.x_max, w.y_max, w.text))
            .collect()
    };
    assert_eq!(boxes(&dir.path().join("output/edited.pdf")), boxes(plan_pdf()));
    let count = words(plan_pdf()).len();
    for page in 1..=count {
        assert_eq!(
            rules(&dir.path().join("output/edited.pdf"), page),
            rules(plan_pdf(), page)
        );
    }
}

#[test]
fn a_table_too_wide_for_portrait_is_set_on_a_landscape_page() {
    let pdf = fixture_pdf();
    let all = words(pdf);
    let landscape: Vec<usize> = all
        .iter()
        .enumerate()
        .filter(|(_, ((w, h), _))| w > h)
        .map(|(i, _)| i)
        .collect();
    assert_eq!(landscape.len(), 1, "{:?}", all.iter().map(|p| p.0).collect::<Vec<_>>());
    let i = landscape[0];
    let ((width, height), page_words) = &all[i];
    assert!(near(*width, PAGE_H) && near(*height, PAGE_W));
    let texts: Vec<&str> = page_words.iter().map(|w| w.text.as_str()).collect();
    assert!(texts.contains(&"资金安排表") && texts.contains(&"12月"), "{texts:?}");
    // The page number stands where it stands on every sheet: its top 7 mm below the type area,
    // which on the turned page is 7 mm left of the type area's left edge; one character in from
    // the type area's edge on the side the page's parity gives (odd: the sheet's right, which
    // is the page's bottom; even: the sheet's left, the page's top).
    let n = i + 1;
    let folio = page_words
        .iter()
        .find(|w| w.text == format!("—{n}—"))
        .unwrap_or_else(|| panic!("{texts:?}"));
    assert!(near(folio.x_max, PAGE_H - (TOP + AREA_H + 7.0 * MM)), "{folio:?}");
    assert!((folio.x_max - folio.x_min - 14.0).abs() < 0.5, "turned: {folio:?}");
    if n % 2 == 1 {
        assert!(near(folio.y_max, LEFT + AREA_W - 14.0), "{folio:?}");
    } else {
        assert!(near(folio.y_min, LEFT + 14.0), "{folio:?}");
    }
    // The pages around it stay portrait.
    assert!(all[i - 1].0.0 < all[i - 1].0.1 && all[i + 1].0.0 < all[i + 1].0.1);
}

#[test]
fn every_glyph_is_inside_the_type_area_or_the_page_number_band() {
    // On the ink, as poppler prints it: a font's box may be taller than its em (the title's) or
    // reach past the edge where a closing mark was set half-width, its ink does not.
    let sample = rendered(&sample_path());
    let stress = rendered(&repo().join("tests/fixtures/stress.md"));
    for pdf in [plan_pdf(), fixture_pdf(), sample.as_path(), stress.as_path()] {
        for (i, ((width, _), _)) in words(pdf).iter().enumerate() {
            let (left, top, right, bottom) = type_area(*width);
            // The page number's band: 四号, its top 7 mm below the type area on the sheet,
            // which on a landscape page is 7 mm left of its type area.
            let band = TOP + AREA_H + 7.0 * MM;
            let raster = Raster::render_at(pdf, i + 1, 72);
            let tolerance = TOLERANCE + 1.0 / raster.scale;
            let stray: Vec<(f64, f64)> = raster
                .ink()
                .filter(|&(x, y)| {
                    let inside = x >= left - tolerance
                        && x <= right + tolerance
                        && y >= top - tolerance
                        && y <= bottom + tolerance;
                    let folio = if *width > PAGE_W + 1.0 {
                        x <= PAGE_H - band + tolerance && x >= PAGE_H - band - 14.0 - tolerance
                    } else {
                        y >= band - tolerance && y <= band + 14.0 + tolerance
                    };
                    !(inside || folio)
                })
                .collect();
            assert!(
                stray.is_empty(),
                "{} page {}: ink outside the type area at {:?}",
                pdf.display(),
                i + 1,
                &stray[..stray.len().min(5)]
            );
        }
    }
}

/// `table: tasks` lists every task of the outline that names a lead unit, units or a deadline,
/// in the document's order: the same task, units and deadline as the body's responsibility line
/// (（牵头单位：…；责任单位：…；完成时限：…）) that follows each of them, read back from the body
/// of the same document. Over two pages in the PDF, with its header on each.
#[test]
fn a_task_breakdown_derived_from_the_outline_matches_the_body() {
    let dir = tempfile::tempdir().unwrap().keep();
    let plan = dir.join("tasks.yaml");
    let base = repo().join("plans/renju.yaml");
    std::fs::write(
        &plan,
        format!(
            "extends: {}\ndocument:\n  attachments:\n    - title: 任务分解表\n      content:\n        - table: tasks\n",
            base.display()
        ),
    )
    .unwrap();
    let pdf = rendered(&plan);
    let md = std::fs::read_to_string(pdf.with_extension("md")).unwrap();
    let (body, table) = md.split_once("# 任务分解表").unwrap();
    // From the body: (lead units, units, deadline) of each task, in order.
    let mut lines: Vec<[String; 3]> = Vec::new();
    for (at, _) in body.match_indices("（牵头单位：") {
        // The line closes the task's paragraph: up to the line's end, its last bracket off.
        let line = &body[at + "（".len()..];
        let line = line[..line.find('\n').unwrap()].trim_end_matches('\\');
        let line = line.strip_suffix('）').unwrap();
        let mut parts = ["", "", ""].map(String::from);
        for part in line.split('；') {
            let (key, value) = part.split_once('：').unwrap();
            let k = ["牵头单位", "责任单位", "完成时限"]
                .iter()
                .position(|x| *x == key)
                .unwrap();
            parts[k] = value.to_string();
        }
        lines.push(parts);
    }
    let rows = body_rows(table);
    assert!(lines.len() >= 12, "{} tasks in the body", lines.len());
    assert_eq!(rows.len(), lines.len(), "one row per task of the body");
    for (k, (row, line)) in rows.iter().zip(&lines).enumerate() {
        assert_eq!(row[0], (k + 1).to_string(), "序号");
        assert_eq!(&row[2..5], &line[..], "row {}", k + 1);
        // The task's name stands in the body, before its responsibility line.
        assert!(body.contains(row[1]), "{}", row[1]);
    }
    let pages = read_pdf(&pdf);
    let with_header = pages
        .iter()
        .filter(|p| line_texts(p).iter().any(|t| t == TASK_HEADER))
        .count();
    assert!(with_header >= 2, "the header on {with_header} pages");
}

/// A task breakdown asked of a plan whose outline has no tasks is refused at the table, not
/// printed as a header over nothing.
#[test]
fn a_task_breakdown_without_tasks_is_refused_where_it_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("empty.yaml"),
        format!(
            "extends: {}\ndocument:\n  attachments:\n    - title: 任务分解表\n      content:\n        - table: tasks\n",
            repo().join("plans/sample.yaml").display()
        ),
    )
    .unwrap();
    let out = gongwen(dir.path(), &["check", "empty.yaml"]);
    assert_eq!(out.status.code(), Some(1));
    let err = stderr(&out);
    assert!(
        err.contains("empty.yaml:6:18: document.attachments[0].content[0].table: 任务分解表没有任务"),
        "{err}"
    );
}
