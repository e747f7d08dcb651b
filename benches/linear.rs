//! Layout time per character over inputs from 1,000 to 1,000,000 characters: a title, a
//! paragraph, a run of spaces and a run of closing marks, each through the whole layout
//! (blocks, measurement, line and page breaking, frames). Linear work shows a flat time per
//! character (divan's throughput column); anything quadratic shows a time per character that
//! grows tenfold with each row. Above the page limit (500 pages) layout stops early and refuses,
//! so the largest inputs may cost less per character, never more.
//!
//! `cargo bench --bench linear`

use gongwen::fonts::{FontCache, FontSet};
use std::sync::OnceLock;

fn main() {
    divan::main();
}

const SIZES: &[usize] = &[1_000, 10_000, 100_000, 1_000_000];

fn fonts() -> &'static FontSet {
    static FONTS: OnceLock<FontSet> = OnceLock::new();
    FONTS.get_or_init(|| FontCache::default().get(&Default::default()).unwrap())
}

fn repeat(unit: &str, chars: usize) -> String {
    unit.chars().cycle().take(chars).collect()
}

fn lay_out(b: divan::Bencher, chars: usize, markdown: String) {
    let fonts = fonts();
    b.counter(divan::counter::ItemsCount::new(chars)).bench(|| {
        // Refused above the page limit: that is an outcome too.
        let _ = divan::black_box(gongwen::layout::document::lay_out(&markdown, fonts));
    });
}

#[divan::bench(args = SIZES)]
fn title(b: divan::Bencher, chars: usize) {
    lay_out(
        b,
        chars,
        format!("# {}\n\n正文。\n", repeat("统筹推进农村经济建设、", chars)),
    );
}

#[divan::bench(args = SIZES)]
fn paragraph(b: divan::Bencher, chars: usize) {
    lay_out(
        b,
        chars,
        format!(
            "# 标题\n\n{}\n",
            repeat("统筹推进农村经济建设，Wi-Fi覆盖率达95%以上。", chars)
        ),
    );
}

#[divan::bench(args = SIZES)]
fn spaces(b: divan::Bencher, chars: usize) {
    lay_out(b, chars, format!("# 标题\n\n甲{}乙。\n", " ".repeat(chars)));
}

#[divan::bench(args = SIZES)]
fn closing_marks(b: divan::Bencher, chars: usize) {
    lay_out(b, chars, format!("# 标题\n\n甲{}\n", "。".repeat(chars)));
}
