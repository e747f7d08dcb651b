//! Breaking a title over several lines (GB/T 9704 7.3.3): centred, broken between words and
//! never inside one, shaped as a trapezoid (longer lines first) or a diamond (longest in the middle).
//!
//! Chinese has no spaces to find words by, so boundaries are scored: after a pause mark, around
//! function words (关于, 的, 和, 与…) and before the closing genre word (工作方案, 通知…) are
//! good places; a break between two other Hanzi may split a word and is used only when nothing
//! else fits. An explicit line break in the Markdown title is always honoured instead.

use super::{Class, Glyph, Line, no_line_end, no_line_start};

/// Genre words that end a title; the break before them is a natural one.
const GENRE: &[&str] = &[
    // An attachment's title names a list or a table: 「…工作 / 领导小组成员名单」.
    "领导小组成员名单",
    "成员名单",
    "名单",
    "任务分解表",
    "分解表",
    "一览表",
    "工作方案",
    "实施方案",
    "行动方案",
    "方案",
    "通知",
    "意见",
    "办法",
    "规定",
    "细则",
    "计划",
    "报告",
    "决定",
    "通报",
    "请示",
    "批复",
    "纪要",
    "要点",
    "规划",
    "总结",
];
/// Function words a title may break before or after.
const FUNCTION_WORDS: &[&str] = &["关于", "的", "和", "与", "及", "暨", "以及", "对"];
/// Verbs of transmission that end the first part of a title: 关于印发 | 《……》的通知.
const VERBS: &[&str] = &["印发", "转发", "批转", "做好", "加强", "开展", "推进", "进一步"];

/// Cost of breaking before glyph `i`; None where a break is not allowed at all.
fn boundary_cost(glyphs: &[Glyph], text: &[char], i: usize) -> Option<u32> {
    let (a, b) = (&glyphs[i - 1], &glyphs[i]);
    if no_line_start(b.ch) || no_line_end(a.ch) {
        return None;
    }
    if a.class == Class::Latin && b.class == Class::Latin {
        return None; // inside a Latin word or a number
    }
    if (a.ch == '—' && b.ch == '—') || (a.ch == '…' && b.ch == '…') {
        return None;
    }
    if matches!(a.class, Class::Close) || matches!(b.class, Class::Open) {
        return Some(0);
    }
    let (before, after) = text.split_at(i);
    if GENRE.iter().any(|w| after.iter().copied().eq(w.chars())) {
        return Some(1);
    }
    let function_word = FUNCTION_WORDS
        .iter()
        .any(|w| ends_with(before, w) || starts_with(after, w));
    if function_word || VERBS.iter().any(|w| ends_with(before, w)) {
        return Some(1);
    }
    if a.class == Class::Latin || b.class == Class::Latin {
        return Some(2);
    }
    Some(20)
}

/// Whether `text` ends with `word`, looking at no more characters than the word has (the title
/// may be a whole paragraph: building the text before and after every boundary was quadratic).
fn ends_with(text: &[char], word: &str) -> bool {
    let n = word.chars().count();
    n <= text.len() && text[text.len() - n..].iter().copied().eq(word.chars())
}

fn starts_with(text: &[char], word: &str) -> bool {
    let n = word.chars().count();
    n <= text.len() && text[..n].iter().copied().eq(word.chars())
}

/// Break `glyphs` into centred lines no wider than `width`.
pub fn break_title(glyphs: &[Glyph], width: f32) -> Vec<Line> {
    let total: f32 = glyphs.iter().map(|g| g.width).sum();
    if glyphs.is_empty() {
        return Vec::new();
    }
    let text: Vec<char> = glyphs.iter().map(|g| g.ch).collect();
    let candidates: Vec<(usize, u32)> = (1..glyphs.len())
        .filter_map(|i| boundary_cost(glyphs, &text, i).map(|c| (i, c)))
        .collect();
    let min_lines = ((total / width).ceil() as usize).max(1);
    // Real titles take one to three lines. The search below tries every combination of
    // boundaries, which grows exponentially with the lines; beyond four lines (a paragraph
    // written as a title) the greedy fill is the answer.
    if min_lines > MAX_SEARCHED_LINES {
        return place(glyphs, &greedy_breaks(glyphs, &candidates, width), width);
    }
    // A line more is better than a word split: compare the fewest lines with one or two more,
    // each extra line costing less than one weak break.
    let best = (min_lines..=min_lines + 2)
        .filter_map(|lines| {
            best_breaks(glyphs, &candidates, lines, width)
                .map(|(cost, b)| (cost + 40.0 * (lines - min_lines) as f32, b))
        })
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let breaks = match best {
        Some((_, breaks)) => breaks,
        None => greedy_breaks(glyphs, &candidates, width),
    };
    place(glyphs, &breaks, width)
}

const MAX_SEARCHED_LINES: usize = 4;
/// Combinations tried per line count before the search gives way to the greedy fill.
const SEARCH_BUDGET: u32 = 200_000;

/// Fill each line as far as it goes, ending it at the last good boundary that fits (else any
/// allowed one, else wherever it fills).
fn greedy_breaks(glyphs: &[Glyph], candidates: &[(usize, u32)], width: f32) -> Vec<usize> {
    let mut breaks = Vec::new();
    let mut start = 0;
    let mut used = 0.0;
    let mut good: Option<usize> = None;
    let mut any: Option<usize> = None;
    let mut next_candidate = candidates.iter().peekable();
    let mut i = 0;
    while i < glyphs.len() {
        while next_candidate.peek().is_some_and(|c| c.0 <= i) {
            if let Some(&&(pos, cost)) = next_candidate.peek()
                && pos == i
                && pos > start
            {
                any = Some(pos);
                if cost < 20 {
                    good = Some(pos);
                }
            }
            next_candidate.next();
        }
        if used + glyphs[i].width > width + 0.01 && i > start {
            let cut = good.or(any).unwrap_or(i);
            breaks.push(cut);
            start = cut;
            used = 0.0;
            good = None;
            any = None;
            i = cut;
            // Candidates are in order: resume after the cut instead of scanning from the start.
            next_candidate = candidates[candidates.partition_point(|c| c.0 <= cut)..]
                .iter()
                .peekable();
            continue;
        }
        used += glyphs[i].width;
        i += 1;
    }
    breaks
}

/// The cheapest choice of `lines - 1` boundaries under which every line fits.
fn best_breaks(glyphs: &[Glyph], candidates: &[(usize, u32)], lines: usize, width: f32) -> Option<(f32, Vec<usize>)> {
    let prefix: Vec<f32> = std::iter::once(0.0)
        .chain(glyphs.iter().scan(0.0, |acc, g| {
            *acc += g.width;
            Some(*acc)
        }))
        .collect();
    let mut search = Search {
        prefix,
        candidates,
        width,
        chosen: Vec::new(),
        best: None,
        budget: SEARCH_BUDGET,
    };
    search.run(0, lines - 1);
    search.best
}

/// Depth-first search over the choices of boundaries, keeping the cheapest.
struct Search<'a> {
    /// Width of the title up to each glyph.
    prefix: Vec<f32>,
    candidates: &'a [(usize, u32)],
    width: f32,
    chosen: Vec<(usize, u32)>,
    best: Option<(f32, Vec<usize>)>,
    /// Combinations left to try before giving up (the caller then fills greedily).
    budget: u32,
}

impl Search<'_> {
    fn run(&mut self, from: usize, remaining: usize) {
        if self.budget == 0 {
            return;
        }
        self.budget -= 1;
        let n = self.prefix.len() - 1;
        let start = self.chosen.last().map_or(0, |c| c.0);
        if remaining == 0 {
            let mut lens = Vec::with_capacity(self.chosen.len() + 1);
            let mut s = 0;
            for c in self.chosen.iter().map(|c| c.0).chain(std::iter::once(n)) {
                lens.push(self.prefix[c] - self.prefix[s]);
                s = c;
            }
            if lens.iter().any(|l| *l > self.width + 0.01) {
                return;
            }
            let cost = shape_cost(&lens, self.width) + self.chosen.iter().map(|c| c.1 as f32).sum::<f32>() * 10.0;
            if self.best.as_ref().is_none_or(|(b, _)| cost < *b) {
                self.best = Some((cost, self.chosen.iter().map(|c| c.0).collect()));
            }
            return;
        }
        for k in from..self.candidates.len() {
            let candidate = self.candidates[k];
            if self.prefix[candidate.0] - self.prefix[start] > self.width + 0.01 {
                break; // later candidates make this line only longer
            }
            self.chosen.push(candidate);
            self.run(k + 1, remaining - 1);
            self.chosen.pop();
        }
    }
}

/// Balanced lines in a trapezoid (each no longer than the one above) or a diamond (the middle
/// longest) cost least; an inverted shape costs a lot.
fn shape_cost(lens: &[f32], width: f32) -> f32 {
    let mean = lens.iter().sum::<f32>() / lens.len() as f32;
    let spread: f32 = lens.iter().map(|l| ((l - mean) / width).powi(2)).sum();
    let trapezoid = lens.windows(2).all(|w| w[0] + 0.01 >= w[1]);
    let peak = lens
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(0, |(i, _)| i);
    let diamond =
        lens[..=peak].windows(2).all(|w| w[0] <= w[1] + 0.01) && lens[peak..].windows(2).all(|w| w[0] + 0.01 >= w[1]);
    spread * 100.0
        + if trapezoid || (diamond && lens.len() >= 3) {
            0.0
        } else {
            50.0
        }
}

fn place(glyphs: &[Glyph], breaks: &[usize], width: f32) -> Vec<Line> {
    let mut out = Vec::new();
    let mut s = 0;
    for &e in breaks.iter().chain(std::iter::once(&glyphs.len())) {
        out.push(Line::centred(&glyphs[s..e], width));
        s = e;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Style;

    fn title(text: &str) -> Vec<Glyph> {
        crate::layout::test_glyphs(text, Style::Title)
    }

    #[test]
    fn short_titles_stay_on_one_centred_line() {
        let lines = break_title(&title("创建乡村振兴先进镇工作方案"), 442.2);
        assert_eq!(lines.len(), 1);
        assert!((lines[0].glyphs[0].x - (442.2 - 13.0 * 22.0) / 2.0).abs() < 0.01);
    }

    #[test]
    fn a_paragraph_written_as_a_title_is_filled_greedily_and_quickly() {
        let clause = "统筹推进农村经济建设、政治建设、文化建设、社会建设，";
        let long: String = clause.repeat(20);
        // A search over every combination of boundaries would not finish here.
        let lines = break_title(&title(&long), 442.2);
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), long);
        assert!(
            lines
                .iter()
                .all(|l| l.glyphs.iter().map(|g| g.width).sum::<f32>() <= 442.2 + 0.01)
        );
        assert!(
            lines[..lines.len() - 1]
                .iter()
                .all(|l| l.text().ends_with(['、', '，']) || l.text().ends_with("推进")),
            "{:?}",
            lines.iter().map(Line::text).collect::<Vec<_>>()
        );
    }

    #[test]
    fn an_attachments_list_title_breaks_before_what_it_lists() {
        let t = "青山镇农村人居环境整治提升工作领导小组成员名单";
        let lines = break_title(&title(t), 442.2);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["青山镇农村人居环境整治提升工作", "领导小组成员名单"]);
    }

    #[test]
    fn long_titles_break_at_words_into_a_trapezoid() {
        let t = "中共XX镇委员会XX镇人民政府关于印发创建乡村振兴先进镇工作方案的通知";
        let lines = break_title(&title(t), 442.2);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts.concat(), t);
        assert!(lines.len() >= 2);
        // Longer lines first.
        assert!(
            texts.windows(2).all(|w| w[0].chars().count() >= w[1].chars().count()),
            "{texts:?}"
        );
        // Broken at function words, not inside one.
        for l in &texts[..texts.len() - 1] {
            assert!(
                l.ends_with("关于") || l.ends_with("印发") || l.ends_with("的") || l.ends_with("政府"),
                "{texts:?}"
            );
        }
    }
}
