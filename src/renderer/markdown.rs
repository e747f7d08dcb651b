//! Plan → Markdown, through Tera templates.
//!
//! Plan text is data, never markup: every `{{ value }}` in a template goes through
//! [`escape_markdown`], so a name containing `**`, `#` or `<script>` comes out literally.

use super::templates::{ENTRY, Origin, TemplateSet};
use crate::diagnostic::Diagnostic;
use crate::plan::{LoadedPlan, Plan};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tera::{Context, ErrorKind, Kwargs, State, Tera};

pub struct MarkdownRenderer {
    tera: Tera,
    origins: HashMap<String, (String, Origin)>,
    /// The folder given on the command line (`--templates`), which wins over a plan's own.
    user_dir: Option<PathBuf>,
}

/// Where a plan's Markdown comes from: a template set that knows which templates apply to it.
pub trait Templates {
    /// The plan's Markdown, with its own templates (`templates:`) unless the command line named
    /// a folder for every plan.
    fn render_plan(&self, loaded: &LoadedPlan) -> Result<String, Vec<Diagnostic>>;
}

impl Templates for MarkdownRenderer {
    fn render_plan(&self, loaded: &LoadedPlan) -> Result<String, Vec<Diagnostic>> {
        match plan_templates(self, loaded)? {
            None => self.render(&loaded.plan).map_err(|d| vec![d]),
            Some(dir) => MarkdownRenderer::new(Some(&dir))
                .and_then(|r| r.render(&loaded.plan))
                .map_err(|d| vec![d]),
        }
    }
}

/// The folder of a plan's own templates, if it has one and the command line does not override
/// it; a folder that does not exist is reported at the plan's `templates:` line.
fn plan_templates(default: &MarkdownRenderer, loaded: &LoadedPlan) -> Result<Option<PathBuf>, Vec<Diagnostic>> {
    let dir = loaded.plan.templates.as_str();
    if default.user_dir.is_some() || dir.is_empty() {
        return Ok(None);
    }
    let dir = PathBuf::from(dir);
    if !dir.is_dir() {
        return Err(vec![loaded.diagnostic(
            "templates",
            format!("模板文件夹不存在（template folder not found）：{}", dir.display()),
        )]);
    }
    Ok(Some(dir))
}

/// The template sets of a run: the built-ins (or `--templates`), and each plan's own folder,
/// compiled once however many plans use it.
pub struct Renderers {
    default: MarkdownRenderer,
    by_folder: Mutex<HashMap<PathBuf, Arc<MarkdownRenderer>>>,
}

impl Renderers {
    /// The built-in templates, overridden by `cli_dir` for every plan when given.
    pub fn new(cli_dir: Option<&Path>) -> Result<Self, Diagnostic> {
        Ok(Renderers {
            default: MarkdownRenderer::new(cli_dir)?,
            by_folder: Mutex::new(HashMap::new()),
        })
    }

    /// The folder whose templates render this plan, if not the built-ins: for `--watch`.
    pub fn folder_for(&self, loaded: &LoadedPlan) -> Option<PathBuf> {
        self.default
            .user_dir
            .clone()
            .or_else(|| plan_templates(&self.default, loaded).ok().flatten())
    }
}

impl Templates for Renderers {
    fn render_plan(&self, loaded: &LoadedPlan) -> Result<String, Vec<Diagnostic>> {
        let Some(dir) = plan_templates(&self.default, loaded)? else {
            return self.default.render(&loaded.plan).map_err(|d| vec![d]);
        };
        let cached = self.lock().get(&dir).cloned();
        let renderer = match cached {
            Some(r) => r,
            None => {
                let r = Arc::new(MarkdownRenderer::new(Some(&dir)).map_err(|d| vec![d])?);
                self.lock().insert(dir, Arc::clone(&r));
                r
            }
        };
        renderer.render(&loaded.plan).map_err(|d| vec![d])
    }
}

impl Renderers {
    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<PathBuf, Arc<MarkdownRenderer>>> {
        // A panic while holding the lock cannot leave the map half-updated: keep using it.
        self.by_folder.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl MarkdownRenderer {
    /// Compile the built-in templates, overridden by those in `user_dir`.
    pub fn new(user_dir: Option<&Path>) -> Result<Self, Diagnostic> {
        let set = TemplateSet::load(user_dir)?;
        let mut tera = Tera::new();
        tera.set_escape_fn(escape_markdown);
        tera.autoescape_on([".md"]);
        tera.register_filter("cn_number", |n: i64, _: Kwargs, _: &State| chinese_number(n));
        tera.register_filter("pad_name", |s: &str, _: Kwargs, _: &State| pad_name(s));
        tera.register_filter("marker", |n: i64, kwargs: Kwargs, _: &State| {
            kwargs.must_get::<i64>("level").map(|level| marker(level, n))
        });
        tera.register_filter("hashes", |level: i64, _: Kwargs, _: &State| {
            "#".repeat(usize::try_from(level.clamp(0, 5)).unwrap_or(0) + 1)
        });
        let origins: HashMap<String, (String, Origin)> = set.sources.into_iter().collect();
        tera.add_raw_templates(origins.iter().map(|(name, (text, _))| (name.as_str(), text.as_str())))
            .map_err(|e| template_diagnostic(&e, &origins))?;
        if !tera.contains_template(ENTRY) {
            return Err(Diagnostic::file(
                Path::new(ENTRY),
                "缺少入口模板 plan.md（entry template missing）",
            ));
        }
        Ok(MarkdownRenderer {
            tera,
            origins,
            user_dir: user_dir.map(Path::to_path_buf),
        })
    }

    pub fn render(&self, plan: &Plan) -> Result<String, Diagnostic> {
        let mut context = Context::from_serialize(plan)
            .map_err(|e| Diagnostic::file(Path::new(ENTRY), format!("内部错误：无法准备模板数据（{e}）")))?;
        // The issued document's parts with their defaults filled in (the mark's organs, the
        // notice's title and body), or null.
        let d = &plan.document;
        context.insert("masthead", &d.masthead.as_ref().map(|m| m.view(&d.issuers)));
        context.insert("notice", &d.notice.as_ref().map(|n| n.view(plan)));
        let raw = self
            .tera
            .render(ENTRY, &context)
            .map_err(|e| template_diagnostic(&e, &self.origins))?;
        Ok(tidy(&raw))
    }
}

/// Templates need not fight whitespace: trailing spaces go, blank-line runs become one blank
/// line, and the file ends with exactly one newline.
fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.lines() {
        let line = line.trim_end_matches([' ', '\t']);
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() && blank_run > 0 {
            out.push('\n');
        }
        blank_run = 0;
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// Point at the template file and line, whether built in or the user's.
fn template_diagnostic(e: &tera::Error, origins: &HashMap<String, (String, Origin)>) -> Diagnostic {
    let report = match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => r,
        other => return Diagnostic::file(Path::new("templates"), format!("模板错误（template error）：{other}")),
    };
    let name = report.filename();
    let (file, source) = match origins.get(name) {
        Some((text, Origin::User(path))) => (path.display().to_string(), text.as_str()),
        Some((text, Origin::Builtin)) => (format!("<内置模板 built-in> {name}"), text.as_str()),
        None => (name.to_string(), ""),
    };
    let span = report.span();
    Diagnostic::file(
        Path::new(&file),
        format!("模板错误（template error）：{}", report.message()),
    )
    .at(source, span.start_line as u32, span.start_col as u32 + 1)
}

/// Escape what Markdown would read as markup. Inline markers are escaped everywhere; block
/// markers only at the start of a value, since a value may begin a line.
pub fn escape_markdown(input: &str, out: &mut dyn Write) -> std::io::Result<()> {
    let mut buf = String::with_capacity(input.len() + 8);
    let digits = input.bytes().take_while(u8::is_ascii_digit).count();
    let starts_list_number = digits > 0
        && matches!(input.as_bytes().get(digits), Some(b'.' | b')'))
        && input.as_bytes().get(digits + 1).is_none_or(|b| *b == b' ');
    for (i, c) in input.char_indices() {
        // `#` too: a value ending in `##` would otherwise close an ATX heading and be lost.
        let inline = matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '#'
        );
        let block = i == 0 && matches!(c, '-' | '+' | '=' | '>');
        let list_dot = starts_list_number && i == digits;
        if inline || block || list_dot {
            buf.push('\\');
        }
        buf.push(c);
    }
    out.write_all(buf.as_bytes())
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 99 → 九十九; larger numbers stay Arabic.
pub fn chinese_number(n: i64) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { DIGITS[(n % 10) as usize] }),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n % 10 == 0 { "" } else { DIGITS[(n % 10) as usize] }
        ),
        _ => n.to_string(),
    }
}

/// The number `n` in the form of heading level `level`: 一、 （一） 1. （1）.
pub fn marker(level: i64, n: i64) -> String {
    match level {
        1 => format!("{}、", chinese_number(n)),
        2 => format!("（{}）", chinese_number(n)),
        3 => format!("{n}."),
        _ => format!("（{n}）"),
    }
}

/// In name lists a two-character Chinese name is spaced to the width of three ("张　三"), so
/// that the posts after the names line up.
pub fn pad_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    if chars.len() == 2 && chars.iter().all(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)) {
        format!("{}\u{3000}{}", chars[0], chars[1])
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        let mut v = Vec::new();
        escape_markdown(s, &mut v).unwrap();
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn escapes_markup_but_leaves_chinese_and_figures_alone() {
        assert_eq!(esc("**张三**"), "\\*\\*张三\\*\\*");
        assert_eq!(esc("# 标题"), "\\# 标题");
        assert_eq!(esc("<script>"), "\\<script\\>");
        assert_eq!(esc("1. 名称"), "1\\. 名称");
        assert_eq!(esc("1.54万元"), "1.54万元");
        assert_eq!(esc("“美丽XX·宜居乡村”1+3+N"), "“美丽XX·宜居乡村”1+3+N");
    }

    #[test]
    fn numbers_and_names() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 21, 99, 100]
            .iter()
            .map(|n| chinese_number(*n))
            .collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十一", "九十九", "100"]);
        assert_eq!(pad_name("张三"), "张\u{3000}三");
        assert_eq!(pad_name("欧阳修"), "欧阳修");
        assert_eq!(pad_name("XX"), "XX");
        let markers: Vec<String> = (1..=4).map(|level| marker(level, 2)).collect();
        assert_eq!(markers, ["二、", "（二）", "2.", "（2）"]);
    }

    #[test]
    fn tidy_collapses_blank_runs() {
        assert_eq!(tidy("\n\na  \n\n\n\nb\n\n"), "a\n\nb\n");
    }
}
