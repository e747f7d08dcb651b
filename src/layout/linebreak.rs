//! Chinese line breaking on the grid (clreq, GB/T 15834).
//!
//! The paragraph is cut into *units* that never split: one Hanzi or mark, a Latin word or a
//! number with its signs (95%, 1.54, a URL), a —— or …… pair. Lines are filled greedily; when the
//! next unit may not start a line, punctuation is first squeezed to make room for it (先挤进),
//! and only then is a unit pushed to the next line (后推出). Lines are justified by spreading the
//! remaining space evenly over the boundaries between units, never inside one; the last line is
//! left as it is. A last line holding a single Hanzi (孤字) takes one more unit from the line above.

use super::{Class, Glyph, Line, Placed, no_line_end, no_line_start};
use std::ops::Range;

/// Where lines start and how wide they are, in points from the left of the type area.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Measure {
    pub first_indent: f32,
    pub rest_indent: f32,
    pub width: f32,
    pub justify: bool,
}

impl Measure {
    fn indent(&self, line_index: usize) -> f32 {
        if line_index == 0 {
            self.first_indent
        } else {
            self.rest_indent
        }
    }
    fn avail(&self, line_index: usize) -> f32 {
        self.width - self.indent(line_index)
    }
}

/// Tolerance for float sums of widths.
const EPS: f32 = 0.01;

/// Break one paragraph (no hard breaks inside) into placed lines.
///
/// Linear in the paragraph: widths come from prefix sums ([`Widths`]), a unit split because it
/// is wider than a line is split in place ([`Units`]), and the search for the end of a chain of
/// units that may not be parted stops once the chain cannot fit even fully squeezed.
pub fn break_lines(glyphs: &[Glyph], m: &Measure) -> Vec<Line> {
    if glyphs.is_empty() {
        return Vec::new();
    }
    let widths = Widths::new(glyphs);
    let mut units = Units::new(units(glyphs));
    let mut ranges: Vec<Range<usize>> = Vec::new(); // unit ranges, one per line
    loop {
        let mut s = units.done.len();
        while s < units.len() && is_space(glyphs, &units[s]) {
            s += 1;
        }
        units.commit(s);
        if s >= units.len() {
            break;
        }
        let avail = m.avail(ranges.len());
        if !widths.fits(&units, s..s + 1, avail) && units[s].len() > 1 {
            // A single unit wider than the whole line (a very long URL or word): it has to
            // break somewhere, so split it into characters. Nothing else is ever split.
            units.split_front();
            continue;
        }
        let mut e = s + 1;
        while e < units.len() && widths.fits(&units, s..e + 1, avail) {
            e += 1;
        }
        if e < units.len() && !legal_break(glyphs, &units, e) {
            // The units from `e` on may not start a line: take them onto this one if squeezing
            // its punctuation makes room (先挤进), else push back to a legal break (后推出).
            let mut chain_end = e;
            while chain_end < units.len()
                && !legal_break(glyphs, &units, chain_end)
                && widths.min_width(&units, s..chain_end + 1) <= avail + EPS
            {
                chain_end += 1;
            }
            let chain_is_whole = chain_end >= units.len() || legal_break(glyphs, &units, chain_end);
            if chain_is_whole && squeeze_trims(line_glyphs(glyphs, &units, s..chain_end), avail).is_some() {
                e = chain_end;
            } else if let Some(b) = (s + 1..e).rev().find(|&b| legal_break(glyphs, &units, b)) {
                e = b;
            }
            // Otherwise nowhere is legal (a run of marks longer than a line): break where the
            // line fills; a broken rule beats text running off the paper.
        }
        units.commit(e);
        ranges.push(s..e);
    }
    let units = units.done;
    avoid_single_last_character(glyphs, &widths, &units, &mut ranges, m);
    let last = ranges.len().saturating_sub(1);
    ranges
        .iter()
        .enumerate()
        .map(|(i, r)| place(glyphs, &units, r.clone(), i, m, i == last))
        .collect()
}

/// The units of a paragraph while it is broken: those already on lines (`done`), and the rest,
/// kept in reverse so that the one at the front of the next line can be split in place.
struct Units {
    done: Vec<Range<usize>>,
    rest: Vec<Range<usize>>,
}

impl Units {
    fn new(mut units: Vec<Range<usize>>) -> Self {
        units.reverse();
        Units {
            done: Vec::with_capacity(units.len()),
            rest: units,
        }
    }

    fn len(&self) -> usize {
        self.done.len() + self.rest.len()
    }

    /// Move the units before index `end` to `done`.
    fn commit(&mut self, end: usize) {
        while self.done.len() < end {
            match self.rest.pop() {
                Some(u) => self.done.push(u),
                None => break,
            }
        }
    }

    /// Split the first unit not yet on a line into single characters.
    fn split_front(&mut self) {
        if let Some(unit) = self.rest.pop() {
            self.rest.extend(unit.rev().map(|g| g..g + 1));
        }
    }
}

impl std::ops::Index<usize> for Units {
    type Output = Range<usize>;
    fn index(&self, k: usize) -> &Range<usize> {
        match k.checked_sub(self.done.len()) {
            None => &self.done[k],
            Some(ahead) => &self.rest[self.rest.len() - 1 - ahead],
        }
    }
}

/// Anything the units of a line can be read from: the units being broken, or the final list.
trait UnitList: std::ops::Index<usize, Output = Range<usize>> {
    fn count(&self) -> usize;
}

impl UnitList for Units {
    fn count(&self) -> usize {
        self.len()
    }
}

impl UnitList for [Range<usize>] {
    fn count(&self) -> usize {
        self.len()
    }
}

/// Prefix sums over a paragraph, so that the width of any run of glyphs (as `fits` sets it) is
/// found in constant time. In f64, so that a million glyphs sum as exactly as one line does.
struct Widths {
    /// Natural widths of glyphs before index i.
    natural: Vec<f64>,
    /// Blank halves taken from adjacent marks (。” ）、), for pairs (k-1, k) with k < i.
    pairs: Vec<f64>,
    /// Blank halves of every mark before index i: what the fullest squeeze could take.
    halves: Vec<f64>,
    /// First glyph at or after i that is not a word space.
    next_solid: Vec<usize>,
    /// One past the last glyph before i that is not a word space.
    solid_end: Vec<usize>,
    closes: Vec<bool>,
    half: Vec<f32>,
}

impl Widths {
    fn new(glyphs: &[Glyph]) -> Self {
        let n = glyphs.len();
        let punct = |g: &Glyph| matches!(g.class, Class::Open | Class::Close);
        let mut w = Widths {
            natural: Vec::with_capacity(n + 1),
            pairs: Vec::with_capacity(n + 1),
            halves: Vec::with_capacity(n + 1),
            next_solid: vec![n; n + 1],
            solid_end: vec![0; n + 1],
            closes: glyphs.iter().map(|g| g.class == Class::Close).collect(),
            half: glyphs.iter().map(Glyph::half).collect(),
        };
        let (mut natural, mut pairs, mut halves) = (0.0f64, 0.0f64, 0.0f64);
        for i in 0..=n {
            w.natural.push(natural);
            w.pairs.push(pairs);
            w.halves.push(halves);
            w.solid_end[i] = if i > 0 && glyphs[i - 1].class != Class::Space {
                i
            } else if i > 0 {
                w.solid_end[i - 1]
            } else {
                0
            };
            let Some(g) = glyphs.get(i) else { break };
            natural += f64::from(g.width);
            if punct(g) {
                halves += f64::from(g.half());
            }
            if let Some(next) = glyphs.get(i + 1)
                && punct(g)
                && punct(next)
            {
                if g.class == Class::Close {
                    pairs += f64::from(g.half());
                } else if next.class == Class::Open {
                    pairs += f64::from(next.half());
                }
            }
        }
        for i in (0..n).rev() {
            w.next_solid[i] = if glyphs[i].class != Class::Space {
                i
            } else {
                w.next_solid[i + 1]
            };
        }
        w
    }

    /// Where the line of units `r` starts and ends in the glyphs, edge spaces dropped.
    fn span(&self, units: &(impl UnitList + ?Sized), r: &Range<usize>) -> Range<usize> {
        if r.is_empty() {
            return 0..0;
        }
        let b = self.solid_end[units[r.end - 1].end];
        let a = self.next_solid[units[r.start].start].min(b);
        a..b.max(a)
    }

    /// The width of glyphs `g`, set as every line is: adjacent marks share a blank half, a
    /// closing mark at the end is set half-width.
    fn set_width(&self, g: &Range<usize>) -> f64 {
        if g.is_empty() {
            return 0.0;
        }
        let pairs = self.pairs[g.end - 1] - self.pairs[g.start];
        let last = if self.closes[g.end - 1] {
            f64::from(self.half[g.end - 1])
        } else {
            0.0
        };
        self.natural[g.end] - self.natural[g.start] - pairs - last
    }

    fn fits(&self, units: &(impl UnitList + ?Sized), r: Range<usize>, avail: f32) -> bool {
        self.set_width(&self.span(units, &r)) <= f64::from(avail + EPS)
    }

    /// The narrowest the line of units `r` could be, every mark squeezed to half.
    fn min_width(&self, units: &(impl UnitList + ?Sized), r: Range<usize>) -> f32 {
        let g = self.span(units, &r);
        (self.natural[g.end] - self.natural[g.start] - (self.halves[g.end] - self.halves[g.start])) as f32
    }
}
/// Cut into units that never split across lines.
fn units(glyphs: &[Glyph]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < glyphs.len() {
        let mut j = i + 1;
        let c = glyphs[i].ch;
        if glyphs[i].class == Class::Latin {
            while j < glyphs.len() && glyphs[j].class == Class::Latin {
                j += 1;
            }
            out.extend(url_pieces(glyphs, i..j));
            i = j;
            continue;
        } else if matches!(c, '—' | '…' | '⋯') && glyphs.get(j).is_some_and(|g| g.ch == c) {
            j += 1;
        }
        out.push(i..j);
        i = j;
    }
    out
}

/// A web or e-mail address may break after its delimiters, as addresses are broken in print;
/// any other Latin run is one word and stays whole.
fn url_pieces(glyphs: &[Glyph], run: Range<usize>) -> Vec<Range<usize>> {
    let text: String = glyphs[run.clone()].iter().map(|g| g.ch).collect();
    let is_address = text.contains("://") || text.starts_with("www.") || (text.contains('@') && text.contains('.'));
    if !is_address {
        return vec![run];
    }
    let mut pieces = Vec::new();
    let mut start = run.start;
    for k in run.clone() {
        // Never at a solidus: GB/T 15834 lets it neither end nor start a line.
        let delimiter = matches!(glyphs[k].ch, '.' | ':' | '@' | '?' | '&' | '=' | '-' | '_' | '#');
        let next_is_delimiter = glyphs.get(k + 1).is_some_and(|g| matches!(g.ch, '/' | '.' | ':'));
        if delimiter && !next_is_delimiter && k + 1 < run.end {
            pieces.push(start..k + 1);
            start = k + 1;
        }
    }
    pieces.push(start..run.end);
    pieces
}

fn is_space(glyphs: &[Glyph], unit: &Range<usize>) -> bool {
    glyphs[unit.clone()].iter().all(|g| g.class == Class::Space)
}

/// May a line end before unit `k`?
fn legal_break(glyphs: &[Glyph], units: &(impl UnitList + ?Sized), k: usize) -> bool {
    if k == 0 || k >= units.count() {
        return true;
    }
    let first = &glyphs[units[k].start];
    let last = &glyphs[units[k - 1].end - 1];
    // Two pieces of one address: the break was placed at a delimiter on purpose.
    if first.class == Class::Latin && last.class == Class::Latin {
        return true;
    }
    !no_line_start(first.ch) && !no_line_end(last.ch)
}

/// The glyphs a line of units `r` shows: word spaces at its edges are dropped.
fn line_glyphs<'a>(glyphs: &'a [Glyph], units: &(impl UnitList + ?Sized), r: Range<usize>) -> &'a [Glyph] {
    &glyphs[line_range(glyphs, units, r)]
}

/// Where in `glyphs` the line of units `r` starts and ends, edge spaces dropped.
fn line_range(glyphs: &[Glyph], units: &(impl UnitList + ?Sized), r: Range<usize>) -> Range<usize> {
    if r.is_empty() {
        return 0..0;
    }
    let mut a = units[r.start].start;
    let mut b = units[r.end - 1].end;
    while a < b && glyphs[a].class == Class::Space {
        a += 1;
    }
    while b > a && glyphs[b - 1].class == Class::Space {
        b -= 1;
    }
    a..b
}

/// Blank halves removed from each glyph: (left, right).
type Trims = Vec<(f32, f32)>;

/// Trims every line gets: of two adjacent marks one blank half goes (。” and ）、 take 1.5 em),
/// and a closing mark at the end of the line is set half-width.
fn base_trims(line: &[Glyph]) -> Trims {
    let mut trims = vec![(0.0, 0.0); line.len()];
    for i in 0..line.len().saturating_sub(1) {
        let (a, b) = (&line[i], &line[i + 1]);
        let punct = |g: &Glyph| matches!(g.class, Class::Open | Class::Close);
        if !(punct(a) && punct(b)) {
            continue;
        }
        if a.class == Class::Close && trims[i].1 == 0.0 {
            trims[i].1 = a.half();
        } else if b.class == Class::Open {
            trims[i + 1].0 = b.half();
        }
    }
    if let Some(last) = line.last()
        && last.class == Class::Close
    {
        let n = line.len() - 1;
        trims[n].1 = last.half();
    }
    trims
}

fn width_with(line: &[Glyph], trims: &Trims) -> f32 {
    line.iter().zip(trims).map(|(g, (l, r))| g.width - l - r).sum()
}

/// Trims that make the line fit by also setting marks inside it half-width, last ones first;
/// None when even that is not enough.
fn squeeze_trims(line: &[Glyph], avail: f32) -> Option<Trims> {
    let mut trims = base_trims(line);
    let mut width = width_with(line, &trims);
    for i in (0..line.len()).rev() {
        if width <= avail + EPS {
            break;
        }
        let g = &line[i];
        let untouched = trims[i] == (0.0, 0.0);
        match g.class {
            Class::Close if untouched => trims[i].1 = g.half(),
            Class::Open if untouched => trims[i].0 = g.half(),
            _ => continue,
        }
        width -= g.half();
    }
    (width <= avail + EPS).then_some(trims)
}

/// 孤字: a paragraph must not end on a line holding one Hanzi alone; pull a unit down.
fn avoid_single_last_character(
    glyphs: &[Glyph],
    widths: &Widths,
    units: &[Range<usize>],
    ranges: &mut [Range<usize>],
    m: &Measure,
) {
    let n = ranges.len();
    if n < 2 {
        return;
    }
    let last = line_glyphs(glyphs, units, ranges[n - 1].clone());
    let hanzi = last.iter().filter(|g| g.class == Class::Han).count();
    let only_marks_besides = last.iter().all(|g| matches!(g.class, Class::Han | Class::Close));
    if hanzi != 1 || !only_marks_besides {
        return;
    }
    let prev = ranges[n - 2].clone();
    let end = ranges[n - 1].end;
    for b in (prev.start + 1..prev.end).rev() {
        if legal_break(glyphs, units, b) && widths.fits(units, b..end, m.avail(n - 1)) {
            ranges[n - 2] = prev.start..b;
            ranges[n - 1] = b..end;
            return;
        }
    }
}

/// Position the glyphs of one line: compress, then justify unless it is the last line.
fn place(glyphs: &[Glyph], units: &[Range<usize>], r: Range<usize>, index: usize, m: &Measure, last: bool) -> Line {
    let avail = m.avail(index);
    let span = line_range(glyphs, units, r.clone());
    let line = &glyphs[span.clone()];
    let trims = squeeze_trims(line, avail).unwrap_or_else(|| base_trims(line));
    let natural = width_with(line, &trims);
    // Unit boundaries inside the line are where justification may add space.
    let boundaries: Vec<usize> = units[r]
        .iter()
        .map(|u| u.start)
        .filter(|&start| start > span.start && start < span.end)
        .map(|start| start - span.start)
        .collect();
    let stretch = if m.justify && !last && !boundaries.is_empty() && natural < avail {
        (avail - natural) / boundaries.len() as f32
    } else {
        0.0
    };
    let mut x = m.indent(index);
    let mut placed = Vec::with_capacity(line.len());
    let mut next_boundary = boundaries.iter().peekable();
    for (i, (g, (left, right))) in line.iter().zip(&trims).enumerate() {
        if next_boundary.peek().is_some_and(|&&b| b == i) {
            x += stretch;
            next_boundary.next();
        }
        let width = g.width - left - right;
        placed.push(Placed {
            ch: g.ch,
            gid: g.gid,
            style: g.style,
            x,
            width,
            shift: *left,
        });
        x += width;
    }
    Line {
        glyphs: placed,
        justified: stretch > 0.0 || (!last && (natural - avail).abs() <= EPS),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Style;

    /// Hanzi 16 pt on a 15.79 pt grid; Latin and digits half that.
    fn glyphs(text: &str) -> Vec<Glyph> {
        crate::layout::test_glyphs(text, Style::Body)
    }

    fn measure(chars: usize) -> Measure {
        Measure {
            first_indent: 0.0,
            rest_indent: 0.0,
            width: 15.793 * chars as f32,
            justify: true,
        }
    }

    fn texts(lines: &[Line]) -> Vec<String> {
        lines.iter().map(Line::text).collect()
    }

    #[test]
    fn fills_lines_and_justifies_all_but_the_last() {
        let lines = break_lines(&glyphs("一二三四五六七八九十一二三"), &measure(5));
        assert_eq!(texts(&lines), ["一二三四五", "六七八九十", "一二三"]);
        assert!(lines[0].justified && !lines[2].justified);
        assert!((lines[0].right() - 15.793 * 5.0).abs() < 0.01);
    }

    #[test]
    fn a_closing_mark_is_squeezed_onto_the_line_rather_than_starting_the_next() {
        // Five Hanzi fill the line; the comma cannot start the next one, and set half-width
        // at the line end it still does not fit, so the squeeze takes the comma's blank half
        // and the half of the mark before... none here: the last Hanzi is pushed instead.
        let lines = break_lines(&glyphs("一二三四五，六七"), &measure(5));
        assert_eq!(texts(&lines), ["一二三四", "五，六七"]);
        // With a mark inside the line, squeezing it makes room.
        let lines = break_lines(&glyphs("一，三四五，六七"), &measure(5));
        assert_eq!(texts(&lines), ["一，三四五，", "六七"]);
        assert!((lines[0].right() - 15.793 * 5.0).abs() < 0.01, "{}", lines[0].right());
    }

    #[test]
    fn an_opening_mark_never_ends_a_line() {
        let lines = break_lines(&glyphs("一二三四“五六”"), &measure(5));
        assert_eq!(texts(&lines), ["一二三四", "“五六”"]);
    }

    #[test]
    fn numbers_and_latin_words_stay_whole() {
        let lines = break_lines(&glyphs("一二三四1.54万元"), &measure(5));
        assert_eq!(texts(&lines), ["一二三四", "1.54万元"]);
        let lines = break_lines(&glyphs("一二三95%以上"), &measure(4));
        assert!(texts(&lines).iter().any(|l| l.contains("95%")), "{:?}", texts(&lines));
    }

    #[test]
    fn a_single_last_hanzi_pulls_one_down() {
        let lines = break_lines(&glyphs("一二三四五六"), &measure(5));
        assert_eq!(texts(&lines), ["一二三四", "五六"]);
    }

    #[test]
    fn dashes_and_ellipses_are_one_unbreakable_unit_that_does_not_start_a_line() {
        let lines = break_lines(&glyphs("一二三四——五六七八"), &measure(5));
        assert!(
            texts(&lines)
                .iter()
                .all(|l| !l.starts_with('—') && !l.ends_with("—") || l.contains("——"))
        );
        assert!(texts(&lines).iter().all(|l| !l.starts_with('—')), "{:?}", texts(&lines));
    }

    #[test]
    fn addresses_break_after_their_delimiters_and_words_never() {
        let url = "https://www.example.gov.cn/xxgk/2021/0315.html";
        let lines = break_lines(&glyphs(&format!("请访问{url}下载")), &measure(12));
        assert!(lines.len() > 1);
        for w in lines.windows(2) {
            let (a, b) = (w[0].text(), w[1].text());
            if a.ends_with(|c: char| c.is_ascii()) && b.starts_with(|c: char| c.is_ascii()) {
                assert!(a.ends_with(['.', ':', '-']) && !b.starts_with('/'), "{a} | {b}");
            }
        }
        assert_eq!(
            lines.iter().map(Line::text).collect::<String>(),
            format!("请访问{url}下载")
        );
        let lines = break_lines(&glyphs("一二三四五六七八九十extraordinary"), &measure(12));
        assert!(lines.iter().any(|l| l.text().contains("extraordinary")));
    }

    #[test]
    fn a_run_of_marks_longer_than_a_line_still_breaks() {
        let marks: String = std::iter::repeat_n('。', 40).collect();
        let lines = break_lines(&glyphs(&format!("一{marks}")), &measure(5));
        assert!(lines.len() > 1);
        assert!(
            lines.iter().all(|l| l.right() <= 15.793 * 5.0 + 0.01),
            "{:?}",
            lines.iter().map(Line::right).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_word_longer_than_the_line_is_split_as_a_last_resort() {
        let long: String = std::iter::repeat_n('a', 40).collect();
        let lines = break_lines(&glyphs(&long), &measure(5));
        assert!(lines.len() > 1);
        assert_eq!(texts(&lines).concat(), long);
    }
}
