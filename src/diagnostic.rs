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
    /// The source line, for the caret display.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.display().to_string(),
            line: None,
            col: None,
            path: None,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn at(mut self, source: &str, line: u32, col: u32) -> Self {
        self.line = Some(line);
        self.col = Some(col);
        self.source_line = source.lines().nth(line.saturating_sub(1) as usize).map(str::to_string);
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

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let (Some(line), Some(col)) = (self.line, self.col) {
            write!(f, ":{line}:{col}")?;
        }
        if let Some(path) = &self.path {
            write!(f, ": {path}")?;
        }
        write!(f, ": {}", self.message)?;
        if let (Some(src), Some(col)) = (&self.source_line, self.col) {
            // A very long line (minified YAML, a 30 MB scalar) is shown as a window around
            // the column, not whole.
            let chars: Vec<char> = src.trim_end().chars().collect();
            let at = (col as usize).saturating_sub(1).min(chars.len());
            let start = at.saturating_sub(40);
            let end = (at + 40).min(chars.len());
            let (lead, tail) = (
                if start > 0 { "…" } else { "" },
                if end < chars.len() { "…" } else { "" },
            );
            let shown: String = chars[start..end].iter().collect();
            // Hanzi take two columns in a terminal: pad with the width of what precedes.
            let width: usize = lead.chars().count()
                + chars[start..at]
                    .iter()
                    .map(|c| {
                        if c.is_ascii() || !crate::plan::text::is_cjk(*c) {
                            1
                        } else {
                            2
                        }
                    })
                    .sum::<usize>();
            write!(f, "\n    | {lead}{shown}{tail}\n    | {}^", " ".repeat(width))?;
        }
        Ok(())
    }
}
