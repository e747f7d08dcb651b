//! The two comparisons under a document diff: which old line is which new one within a run of
//! changed lines, and which characters of a changed line changed.

use similar::{Algorithm, ChangeTag, DiffOp, capture_diff_slices_deadline};
use std::time::Instant;

/// A run of characters within a changed line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub tag: ChangeTag,
    pub text: String,
}

/// The units a changed line is compared in: a number (3000, 1.54) or a Latin word (OFD, Wi) is
/// one unit, any other character is one. So a figure changes as a whole, `达[-3000-]{+1500+}亩`,
/// never as `达[-30-]{+15+}00亩`; Chinese, which marks no words, is compared by character.
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(first) = rest.chars().next() {
        let len = if first.is_ascii_digit() {
            number_len(rest)
        } else if first.is_ascii_alphabetic() {
            rest.find(|c: char| !c.is_ascii_alphabetic()).unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        out.push(&rest[..len]);
        rest = &rest[len..];
    }
    out
}

/// Bytes of the number `text` starts with: digits, with a decimal point between digits.
fn number_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        let b = bytes[end];
        let point = b == b'.' && end > 0 && bytes.get(end + 1).is_some_and(u8::is_ascii_digit);
        if !(b.is_ascii_digit() || point) {
            break;
        }
        end += 1;
    }
    end
}

/// The pieces of a changed line: equal, removed and added runs, compared by [`tokens`]. Past
/// `deadline` the comparison settles for a coarser result rather than run on (see [`super::diff`]).
pub fn pieces(old: &str, new: &str, deadline: Instant) -> Vec<Piece> {
    let (old_tokens, new_tokens) = (tokens(old), tokens(new));
    let mut pieces: Vec<Piece> = Vec::new();
    let mut push = |tag: ChangeTag, text: &[&str]| {
        let text = text.concat();
        match pieces.last_mut() {
            Some(last) if last.tag == tag => last.text.push_str(&text),
            _ if text.is_empty() => {}
            _ => pieces.push(Piece { tag, text }),
        }
    };
    for op in capture_diff_slices_deadline(Algorithm::Myers, &old_tokens, &new_tokens, Some(deadline)) {
        match op {
            DiffOp::Equal { old_index, len, .. } => push(ChangeTag::Equal, &old_tokens[old_index..old_index + len]),
            DiffOp::Delete { old_index, old_len, .. } => {
                push(ChangeTag::Delete, &old_tokens[old_index..old_index + old_len])
            }
            DiffOp::Insert { new_index, new_len, .. } => {
                push(ChangeTag::Insert, &new_tokens[new_index..new_index + new_len])
            }
            DiffOp::Replace {
                old_index,
                old_len,
                new_index,
                new_len,
            } => {
                push(ChangeTag::Delete, &old_tokens[old_index..old_index + old_len]);
                push(ChangeTag::Insert, &new_tokens[new_index..new_index + new_len]);
            }
        }
    }
    pieces
}

/// Lines at least this similar (by [`similarity`]) may be one line edited; less similar ones
/// are one line removed and another added.
const SAME_LINE: f64 = 0.5;

/// The largest run of changed lines (old × new) aligned by similarity; a longer run (a section
/// rewritten) is paired by position, so that the work stays linear in the document.
const MAX_CELLS: usize = 64 * 64;

/// Pairs (old, new) of positions in `old` and `new` that are the same line edited, in order;
/// lines not in a pair were removed or added. Each line is (group, text): only lines of one
/// group (the role in a list of people) pair. Within a run of changed lines the pairing that
/// keeps the order and pairs the most similar lines wins, so that a person or item removed next
/// to one edited does not pair every following line with its neighbour. One line replaced by
/// one line of its group is that line edited, however much it changed.
pub fn pair(old: &[(&str, &str)], new: &[(&str, &str)]) -> Vec<(usize, usize)> {
    if let ([(a, _)], [(b, _)]) = (old, new) {
        return if a == b { vec![(0, 0)] } else { Vec::new() };
    }
    if old.len().saturating_mul(new.len()) > MAX_CELLS {
        return (0..old.len().min(new.len()))
            .filter(|&k| old[k].0 == new[k].0)
            .map(|k| (k, k))
            .collect();
    }
    let old_grams: Vec<Vec<(char, char)>> = old.iter().map(|(_, t)| bigrams(t)).collect();
    let new_grams: Vec<Vec<(char, char)>> = new.iter().map(|(_, t)| bigrams(t)).collect();
    let (n, m) = (old.len(), new.len());
    // best[i][j]: the best total similarity pairing old[..i] with new[..j].
    let mut best = vec![vec![0.0f64; m + 1]; n + 1];
    let mut paired = vec![vec![false; m + 1]; n + 1];
    for i in 1..=n {
        for j in 1..=m {
            let skip = best[i - 1][j].max(best[i][j - 1]);
            let s = if old[i - 1].0 == new[j - 1].0 {
                similarity(&old_grams[i - 1], &new_grams[j - 1])
            } else {
                0.0
            };
            let take = best[i - 1][j - 1] + s;
            if s >= SAME_LINE && take > skip {
                best[i][j] = take;
                paired[i][j] = true;
            } else {
                best[i][j] = skip;
            }
        }
    }
    let mut out = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 && j > 0 {
        if paired[i][j] {
            out.push((i - 1, j - 1));
            i -= 1;
            j -= 1;
        } else if best[i - 1][j] >= best[i][j - 1] {
            i -= 1;
        } else {
            j -= 1;
        }
    }
    out.reverse();
    out
}

/// The pairs of neighbouring characters of `text`, sorted (a one-character text is its own pair).
fn bigrams(text: &str) -> Vec<(char, char)> {
    let chars: Vec<char> = text.chars().collect();
    let mut grams: Vec<(char, char)> = match chars.as_slice() {
        [c] => vec![(*c, *c)],
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    };
    grams.sort_unstable();
    grams
}

/// How alike two lines are, from 0 to 1: the share of the shorter line's character pairs that
/// the other has too (so that words added to a line keep it alike: 李四　镇长 and 李四　党委副书记、
/// 镇长), counting only lines that share at least two pairs.
fn similarity(a: &[(char, char)], b: &[(char, char)]) -> f64 {
    let shorter = a.len().min(b.len());
    if shorter == 0 {
        return 0.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    if common < 2.min(shorter) {
        return 0.0;
    }
    common as f64 / shorter as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marked(old: &str, new: &str) -> String {
        pieces(old, new, Instant::now() + std::time::Duration::from_secs(60))
            .into_iter()
            .map(|p| match p.tag {
                ChangeTag::Equal => p.text,
                ChangeTag::Delete => format!("[-{}-]", p.text),
                ChangeTag::Insert => format!("{{+{}+}}", p.text),
            })
            .collect()
    }

    #[test]
    fn numbers_and_latin_words_change_as_a_whole() {
        assert_eq!(
            tokens("达3000亩，1.54万元，OFD文件。"),
            [
                "达", "3000", "亩", "，", "1.54", "万", "元", "，", "OFD", "文", "件", "。"
            ]
        );
        assert_eq!(tokens("第3.条"), ["第", "3", ".", "条"]);
        assert_eq!(
            marked("建成高标准农田达3000亩", "建成高标准农田达1500亩"),
            "建成高标准农田达[-3000-]{+1500+}亩"
        );
        assert_eq!(marked("为1.54万元", "为1.60万元"), "为[-1.54-]{+1.60+}万元");
        assert_eq!(marked("镇长提名人选", "镇长"), "镇长[-提名人选-]");
    }

    #[test]
    fn a_removed_line_beside_an_edited_one_is_not_paired_with_it() {
        // 李四 leaves, 王五's post changes: 王五 is paired with 王五, not with 李四.
        let old = [
            ("副组长", "李四　党委委员、纪委书记"),
            ("副组长", "王五　党委委员、副镇长"),
        ];
        let new = [("副组长", "王五　党委委员、常务副镇长")];
        assert_eq!(pair(&old, &new), [(1, 0)]);
        // Nothing alike: nothing paired; one for one in a role: that line edited.
        assert_eq!(pair(&[("", "甲乙丙丁"), ("", "子丑")], &[("", "戊己庚辛")]), []);
        assert_eq!(pair(&[("组长", "甲乙")], &[("组长", "丙丁")]), [(0, 0)]);
        // Never across roles.
        assert_eq!(pair(&[("组长", "李四　镇长")], &[("副组长", "李四　镇长")]), []);
    }
}
