//! The YAML slips a clerk makes with a Chinese input method, found on the text of the file: a
//! full-width colon after a field name, no space after the colon, full-width spaces as
//! indentation, a value starting with `{{` left unquoted, a field indented differently from its
//! siblings, a list item without its `- `.
//!
//! The parser notices such a slip only where the text stops making sense, often on a later line
//! and in its own words ("simple key expected ':'"). When it reports an error, the slip nearest
//! above it is what the clerk is told about, at its own line, with what to type instead.

/// A slip at a 1-based line and character column, and what to write instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slip {
    pub line: u32,
    pub col: u32,
    pub message: String,
}

/// A field name as plans write them: Latin letters, digits, `_`, `-`, `+` (for `key+:`).
fn is_key(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "_-+".contains(c))
}

/// The line without a trailing comment (a `#` after a space, outside quotes).
fn without_comment(line: &str) -> &str {
    let mut quote = None;
    let mut prev = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if prev == ' ' || i == 0 => return &line[..i],
            _ => {}
        }
        prev = c;
    }
    line
}

/// A line cut up as the scanner needs it: its indentation (spaces), how many `- ` open it, and
/// the text after them.
struct Cut<'a> {
    indent: usize,
    dashes: usize,
    rest: &'a str,
}

fn cut(line: &str) -> Cut<'_> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    let mut dashes = 0;
    while let Some(after) = rest.strip_prefix("- ").or_else(|| (rest == "-").then_some("")) {
        rest = after.trim_start_matches(' ');
        dashes += 1;
    }
    Cut { indent, dashes, rest }
}

/// `key: value` → (key, text after the colon), for a field written correctly.
fn key_of(rest: &str) -> Option<(&str, &str)> {
    let (key, after) = rest.split_once(':')?;
    let key = key.trim_end().trim_matches(['"', '\'']);
    (is_key(key) && (after.is_empty() || after.starts_with(' '))).then_some((key, after.trim()))
}

fn chars_before(line: &str, byte: usize) -> u32 {
    u32::try_from(line[..byte].chars().count()).unwrap_or(u32::MAX)
}

/// Every slip in `source`, top to bottom. Linear in the text.
pub fn find(source: &str) -> Vec<Slip> {
    let mut slips = Vec::new();
    // Open mappings, innermost last: the indentation of their fields, and their first field
    // (line, key) while it is the only one seen. A field at an indentation no open mapping has
    // is out of line.
    let mut levels: Vec<(usize, Option<(u32, String)>)> = Vec::new();
    // While inside a block scalar (>- or |) or a flow collection spanning lines, the lines are
    // text, not structure.
    let mut block_scalar_above: Option<usize> = None;
    let mut open_brackets: i32 = 0;
    let lines: Vec<&str> = source.lines().collect();
    for (n, raw) in lines.iter().enumerate() {
        let line_no = u32::try_from(n + 1).unwrap_or(u32::MAX);
        let line = without_comment(raw.trim_end_matches('\r'));
        if line.trim().is_empty() {
            continue;
        }
        // Full-width spaces as indentation.
        let lead: &str = &line[..line.len() - line.trim_start_matches([' ', '\u{3000}']).len()];
        if let Some(at) = lead.find('\u{3000}') {
            slips.push(Slip {
                line: line_no,
                col: chars_before(line, at) + 1,
                message: "行首用了全角空格（　）缩进：YAML 只认半角空格，请把它们换成半角空格".to_string(),
            });
            continue;
        }
        let c = cut(line);
        if let Some(above) = block_scalar_above {
            if c.indent > above {
                continue;
            }
            block_scalar_above = None;
        }
        if open_brackets > 0 {
            open_brackets += brackets(line);
            continue;
        }
        let at_rest = line.len() - c.rest.len();
        // A field name followed by a full-width colon, or by a colon without a space.
        if let Some((key, value)) = c.rest.split_once('：')
            && is_key(key.trim_end())
        {
            slips.push(Slip {
                line: line_no,
                col: chars_before(line, at_rest + key.len()) + 1,
                message: format!(
                    "「{}」后面的冒号是全角的「：」：YAML 要用半角冒号加一个空格，写成 `{}: {}`",
                    key.trim_end(),
                    key.trim_end(),
                    value.trim()
                ),
            });
            continue;
        }
        if let Some((key, value)) = c.rest.split_once(':')
            && is_key(key)
            && !value.is_empty()
            && !value.starts_with([' ', '/', ':'])
        {
            slips.push(Slip {
                line: line_no,
                col: chars_before(line, at_rest + key.len() + 1) + 1,
                message: format!("冒号后面要有一个空格：写成 `{key}: {value}`"),
            });
            continue;
        }
        // A value starting with {{ reads as a mapping unless it is quoted.
        let value = key_of(c.rest).map_or(c.rest, |(_, v)| v);
        if value.starts_with("{{") {
            let at = line.len() - line.trim_start_matches(|ch| ch != '{').len();
            slips.push(Slip {
                line: line_no,
                col: chars_before(line, at) + 1,
                message: format!(
                    "以 {{{{ 开头的文字要加引号（否则 YAML 把 {{ 当作“字段: 内容”的开始）：写成 \"{}\"",
                    value
                ),
            });
            continue;
        }
        // A list item without its `- `: a line among items that have one, at their indentation.
        if c.dashes == 0 && key_of(c.rest).is_none() {
            let item_at = |k: usize| {
                let other = cut(without_comment(lines[k]));
                !lines[k].trim().is_empty() && other.indent == c.indent && other.dashes > 0
            };
            let previous = (0..n).rev().find(|&k| !without_comment(lines[k]).trim().is_empty());
            let next = (n + 1..lines.len()).find(|&k| !without_comment(lines[k]).trim().is_empty());
            if previous.is_some_and(item_at) || next.is_some_and(item_at) {
                slips.push(Slip {
                    line: line_no,
                    col: u32::try_from(c.indent + 1).unwrap_or(u32::MAX),
                    message: "列表的每一项前面要写「- 」（短横线加一个空格），和上下的项对齐".to_string(),
                });
                continue;
            }
        }
        // Field indentation: the fields of one mapping stand at one indentation.
        if let Some((key, value)) = key_of(c.rest) {
            let indent = c.indent + 2 * c.dashes;
            let mut popped = None;
            while levels.last().is_some_and(|(l, _)| *l > indent) {
                popped = levels.pop().map(|(l, _)| l);
            }
            let misaligned = |line: u32, col: usize, key: &str, expected: usize, found: usize| Slip {
                line,
                col: u32::try_from(col + 1).unwrap_or(u32::MAX),
                message: format!(
                    "「{key}」的缩进和同一层的字段对不齐：这一层的字段缩进 {expected} 个空格，这一行是 {found} 个"
                ),
            };
            let top = levels.last().map(|(l, _)| *l);
            match (top, popped) {
                (Some(l), _) if l == indent => {
                    if let Some(level) = levels.last_mut() {
                        level.1 = None;
                    }
                }
                // Between the fields above and their parent: a space too few or too many.
                (_, Some(siblings)) if siblings > indent => {
                    slips.push(misaligned(line_no, c.indent, key, siblings, indent));
                    levels.push((siblings, None));
                }
                // Deeper than every open mapping, where nothing opens one: out of line, unless
                // it is the first field above that stands out (then that one is).
                (Some(l), None) if !(c.dashes > 0 || opens_block(&lines, n, c.indent)) => {
                    // Which of the two is out of line: the one not two spaces in from its
                    // parent, as every plan indents.
                    let parent = levels.len().checked_sub(2).map_or(0, |i| levels[i].0);
                    let first_is_usual = l.checked_sub(parent) == Some(2) || levels.len() == 1;
                    match levels.last_mut() {
                        Some((level, first @ Some(_))) if !first_is_usual => {
                            if let Some((first_line, first_key)) = first.take() {
                                slips.push(misaligned(first_line, l, &first_key, indent, l));
                            }
                            *level = indent;
                        }
                        _ => slips.push(misaligned(line_no, c.indent, key, l, indent)),
                    }
                }
                _ => levels.push((indent, Some((line_no, key.to_string())))),
            }
            if value.starts_with(['>', '|']) {
                block_scalar_above = Some(indent);
            }
            open_brackets += brackets(value);
        } else {
            open_brackets += brackets(c.rest);
        }
    }
    slips
}

/// Whether line `n` (a field) is the first of a mapping opened by the line above: the nearest
/// line above with less indentation is a field with nothing after its colon, or a list item.
fn opens_block(lines: &[&str], n: usize, indent: usize) -> bool {
    let above = (0..n)
        .rev()
        .map(|k| without_comment(lines[k]))
        .find(|l| !l.trim().is_empty());
    above.is_some_and(|l| {
        let c = cut(l);
        c.indent < indent && (c.rest.trim_end().ends_with(':') || c.dashes > 0 && c.rest.is_empty())
    })
}

/// Brackets a line opens minus those it closes, outside quotes.
fn brackets(text: &str) -> i32 {
    let mut depth = 0;
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth
}

/// The slip a parser error at `line` is most likely about: the nearest one at or above it,
/// within a few lines.
pub fn near(source: &str, line: u32) -> Option<Slip> {
    find(source)
        .into_iter()
        .filter(|s| s.line <= line && s.line + 3 >= line)
        .max_by_key(|s| s.line)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "document:\n  title: 方案\n  county: 县\n  issuers:\n    - 中共镇委员会\n    - 镇人民政府\norganization:\n  intro: >-\n    正文 county:说明\n  office:\n    location: 中心\n    staff: [甲,\n      乙]\n    duties: 负责\n";

    #[test]
    fn correct_plans_have_no_slips() {
        assert_eq!(find(PLAN), Vec::new());
        // Every shipped plan, roster and the starter.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = vec![root.join("src/cmd/starter.yaml")];
        for dir in ["plans", "plans/towns", "plans/roster"] {
            for entry in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    files.push(path);
                }
            }
        }
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            assert_eq!(find(&text), Vec::new(), "{}", file.display());
        }
    }

    fn slip(from: &str, to: &str) -> (u32, u32) {
        let text = PLAN.replacen(from, to, 1);
        assert_ne!(text, PLAN);
        let s = find(&text);
        assert_eq!(s.len(), 1, "{to:?}: {s:?}");
        (s[0].line, s[0].col)
    }

    #[test]
    fn each_slip_is_found_at_its_line() {
        assert_eq!(slip("  county: 县", "  county：县"), (3, 9));
        assert_eq!(slip("  county: 县", "  county:县"), (3, 10));
        assert_eq!(slip("  county: 县", "\u{3000}\u{3000}county: 县"), (3, 1));
        assert_eq!(slip("    - 镇人民政府", "    - {{ town }}人民政府"), (6, 7));
        assert_eq!(slip("  county: 县", " county: 县"), (3, 2));
        assert_eq!(slip("    location: 中心", "   location: 中心"), (11, 4));
        assert_eq!(slip("    - 镇人民政府", "    镇人民政府"), (6, 5));
        assert_eq!(slip("    - 中共镇委员会", "    中共镇委员会"), (5, 5));
    }
}
