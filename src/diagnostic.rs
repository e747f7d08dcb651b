//! A problem found in the user's input, said the way a clerk can act on it:
//! `plans/town.yaml:12:9: organization.leading_group.leaders[0].name: 姓名不能为空`
//! followed by the line itself with a caret under the spot.

use std::fmt;
use std::path::Path;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user named it.
    pub file: String,
    /// 1-based line and column, when the problem has a place in the file.
    pub line: Option<u32>,
    pub col: Option<u32>,
    /// Field path such as `organization.office.director`, when known.
    pub path: Option<String>,
    pub message: String,
    /// The part of the source line around the column, ready to show, and the terminal columns
    /// before the caret.
    pub snippet: Option<(String, usize)>,
}

/// Characters of the source line shown either side of the column: a very long line (minified
/// YAML, a 30 MB scalar) is shown as a window, not whole.
const WINDOW: usize = 40;

impl Diagnostic {
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.display().to_string(),
            line: None,
            col: None,
            path: None,
            message: message.into(),
            snippet: None,
        }
    }

    pub fn at(mut self, source: &str, line: u32, col: u32) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self.snippet = source
            .lines()
            .nth(line.saturating_sub(1) as usize)
            .map(|src| snippet(src, col as usize));
        self
    }

    /// The place without the line itself: for a file that is not a plan, whose lines may be
    /// anything (a password file, an environment dump) and are not to be echoed.
    pub fn without_snippet(mut self) -> Self {
        self.snippet = None;
        self
    }

    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        let path = path.into();
        if !path.is_empty() {
            self.path = Some(path);
        }
        self
    }
}

/// `text` with control characters shown by their code: a file name or a value quoted in a
/// message can hold them too.
pub fn escaped(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(crate::plan::text::is_forbidden) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if crate::plan::text::is_forbidden(c) {
                format!("[U+{:04X}]", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

/// The window of `line` around 1-based character column `col`, and the terminal columns before
/// the caret. Control characters are shown by their code, never sent to the terminal raw (an
/// ESC would start a terminal command); Hanzi take two columns.
fn snippet(line: &str, col: usize) -> (String, usize) {
    let line = line.trim_end();
    let at = col.saturating_sub(1);
    let start = at.saturating_sub(WINDOW);
    let mut chars = line.chars().skip(start);
    let before: Vec<char> = chars.by_ref().take(at - start).collect();
    let after: Vec<char> = chars.by_ref().take(WINDOW).collect();
    let cut_right = chars.next().is_some();
    let show = |c: char| -> String {
        if c == '\t' {
            "[U+0009]".to_string()
        } else {
            escaped(&c.to_string()).into_owned()
        }
    };
    let width = |c: char| match show(c) {
        s if s.chars().count() > 1 => s.chars().count(),
        _ if c.is_ascii() || !crate::plan::text::is_cjk(c) => 1,
        _ => 2,
    };
    let lead = if start > 0 { "…" } else { "" };
    let mut text = String::from(lead);
    text.extend(before.iter().chain(&after).map(|c| show(*c)));
    if cut_right {
        text.push('…');
    }
    let caret = lead.chars().count() + before.iter().map(|c| width(*c)).sum::<usize>();
    (text, caret)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", escaped(&self.file))?;
        if let (Some(line), Some(col)) = (self.line, self.col) {
            write!(f, ":{line}:{col}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": {}", escaped(path))?;
        }
        write!(f, ": {}", escaped(&self.message))?;
        if let Some((text, caret)) = &self.snippet {
            write!(f, "\n    | {text}\n    | {}^", " ".repeat(*caret))?;
        }
        Ok(())
    }
}
