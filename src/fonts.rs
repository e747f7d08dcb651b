//! Fonts by role: which file serves the title, the body, each heading level and the page numbers,
//! and why.
//!
//! Government offices use 方正小标宋简体, 仿宋_GB2312, 黑体 and 楷体_GB2312; where the user has
//! them they win, found by the family names in their name tables (fontdb reads them), in the
//! platform's font folders, whatever the files are called. Otherwise the open fonts from
//! Debian packages stand in: Fandol from texlive-lang-chinese, and Noto Serif CJK SC Bold from
//! fonts-noto-cjk for the title. A setting per role (plan or command line) overrides both.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    Title,
    Body,
    Heading1,
    Heading2,
    PageNumber,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Title,
        Role::Body,
        Role::Heading1,
        Role::Heading2,
        Role::PageNumber,
    ];

    /// The key used in plans and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Heading1 => "heading1",
            Role::Heading2 => "heading2",
            Role::PageNumber => "page_number",
        }
    }

    pub fn describe(self) -> &'static str {
        match self {
            Role::Title => "标题（小标宋）",
            Role::Body => "正文（仿宋）",
            Role::Heading1 => "一级标题（黑体）",
            Role::Heading2 => "二级标题（楷体）",
            Role::PageNumber => "页码（宋体）",
        }
    }

    pub fn from_key(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// The families offices use for this role, best first, each by the names its name table
    /// gives it (Chinese and English; compared ignoring case, spaces, `_` and `-`). Windows ships
    /// 仿宋, 黑体, 楷体 and 宋体 (the same designs under plainer names); WPS and font packs add
    /// the `_GB2312` ones and 方正小标宋简体.
    fn office_families(self) -> &'static [&'static [&'static str]] {
        match self {
            Role::Title => &[
                &["方正小标宋简体", "FZXiaoBiaoSong-B05S"],
                &["方正小标宋_GBK", "FZXiaoBiaoSong-B05"],
                &["方正小标宋", "FZXiaoBiaoSong"],
                &["小标宋", "XiaoBiaoSong"],
            ],
            Role::Body => &[
                &["仿宋_GB2312", "FangSong_GB2312"],
                &["仿宋", "FangSong"],
                &["方正仿宋_GBK", "FZFangSong-Z02"],
                &["华文仿宋", "STFangsong"],
            ],
            Role::Heading1 => &[
                &["黑体", "SimHei"],
                &["方正黑体_GBK", "FZHei-B01"],
                &["华文黑体", "STHeiti"],
            ],
            Role::Heading2 => &[
                &["楷体_GB2312", "KaiTi_GB2312"],
                &["楷体", "KaiTi"],
                &["方正楷体_GBK", "FZKai-Z03"],
                &["华文楷体", "STKaiti"],
            ],
            Role::PageNumber => &[
                &["宋体", "SimSun"],
                &["方正书宋_GBK", "FZShuSong-Z01"],
                &["华文宋体", "STSong"],
            ],
        }
    }

    /// A family to fall back on after the open font, for a machine that has neither the office
    /// font nor the Debian package: Windows ships 宋体 but no 小标宋, and the DOCX names 宋体 as
    /// 方正小标宋简体's substitute too.
    fn near_relative(self) -> Option<&'static [&'static str]> {
        match self {
            Role::Title => Some(&["宋体", "SimSun"]),
            _ => None,
        }
    }

    /// The office family names, for messages: `仿宋_GB2312、仿宋 …`.
    fn office_names(self) -> Vec<&'static str> {
        self.office_families().iter().map(|names| names[0]).collect()
    }

    /// The open font installed from a Debian package (`scripts/setup.sh`).
    fn fallback(self) -> FontFile {
        const FANDOL: &str = "/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/";
        let fandol = |name: &str| FontFile {
            path: PathBuf::from(format!("{FANDOL}{name}")),
            index: 0,
        };
        match self {
            Role::Title => FontFile {
                path: PathBuf::from("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc"),
                index: 2,
            },
            Role::Body => fandol("FandolFang-Regular.otf"),
            Role::Heading1 => fandol("FandolHei-Regular.otf"),
            Role::Heading2 => fandol("FandolKai-Regular.otf"),
            Role::PageNumber => fandol("FandolSong-Regular.otf"),
        }
    }

    fn fallback_package(self) -> &'static str {
        match self {
            Role::Title => "fonts-noto-cjk",
            _ => "texlive-lang-chinese",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A font file and the face inside it (`.ttc` collections hold several).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FontFile {
    pub path: PathBuf,
    pub index: usize,
}

impl FontFile {
    /// `path` or `path#index`.
    pub fn parse(spec: &str) -> FontFile {
        if let Some((path, index)) = spec.rsplit_once('#')
            && let Ok(index) = index.parse()
        {
            return FontFile {
                path: PathBuf::from(path),
                index,
            };
        }
        FontFile {
            path: PathBuf::from(spec),
            index: 0,
        }
    }
}

impl fmt::Display for FontFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if self.index != 0 {
            write!(f, "#{}", self.index)?;
        }
        Ok(())
    }
}

/// Which file serves a role, and why.
#[derive(Clone, Debug)]
pub struct Choice {
    pub role: Role,
    pub file: FontFile,
    pub reason: String,
}

/// Per-role overrides, from the plan or the command line (`--font body=/path/x.ttf`).
pub type Overrides = BTreeMap<Role, FontFile>;

/// Parse `ROLE=PATH[#INDEX]`.
pub fn parse_override(s: &str) -> Result<(Role, FontFile), String> {
    let (key, spec) = s
        .split_once('=')
        .ok_or_else(|| format!("expected ROLE=PATH, got {s:?}"))?;
    let role = Role::from_key(key.trim())
        .ok_or_else(|| format!("unknown role {key:?}; roles: {}", Role::ALL.map(Role::key).join(", ")))?;
    Ok((role, FontFile::parse(spec.trim())))
}

/// Folders searched for office fonts: `$GONGWEN_FONT_DIRS` first (a list separated as `PATH`
/// is: `:` on Linux and macOS, `;` on Windows), then the platform's system and user folders.
pub fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("GONGWEN_FONT_DIRS")
        .map(|v| {
            std::env::split_paths(&v)
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        })
        .unwrap_or_default();
    dirs.extend(platform_font_dirs(std::env::consts::OS, &|key| std::env::var_os(key)));
    dirs
}

/// Where the system `os` (as in `std::env::consts::OS`) keeps fonts, with the environment read
/// through `env` (so that tests can give every platform's).
fn platform_font_dirs(os: &str, env: &dyn Fn(&str) -> Option<std::ffi::OsString>) -> Vec<PathBuf> {
    let mut dirs = Vec::new();
    if os == "windows" {
        // Fonts installed for everyone, then those a user installed without administrator
        // rights (Windows 10 1809 and later put them under the user's local application data).
        let windows = env("WINDIR")
            .or_else(|| env("SystemRoot"))
            .map_or_else(|| PathBuf::from(r"C:\Windows"), PathBuf::from);
        dirs.push(windows.join("Fonts"));
        if let Some(local) = env("LOCALAPPDATA") {
            dirs.push(PathBuf::from(local).join(r"Microsoft\Windows\Fonts"));
        }
    } else if os == "macos" {
        dirs.push(PathBuf::from("/Library/Fonts"));
        if let Some(home) = env("HOME") {
            dirs.push(PathBuf::from(home).join("Library/Fonts"));
        }
        dirs.push(PathBuf::from("/System/Library/Fonts"));
    } else {
        dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
        if let Some(home) = env("HOME") {
            let home = PathBuf::from(home);
            dirs.push(home.join(".fonts"));
            dirs.push(home.join(".local/share/fonts"));
        }
    }
    dirs
}

/// Every font file (`.ttf`, `.otf`, `.ttc`, `.otc`, any case) under `dirs`, in folder order,
/// each once. Only regular files (or links to them) count; folders are followed six deep.
fn index_font_files(dirs: &[PathBuf]) -> Vec<PathBuf> {
    fn walk(dir: &Path, depth: usize, seen: &mut std::collections::HashSet<PathBuf>, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        // Name order, so that which of two same-named faces wins does not depend on the disk.
        paths.sort();
        for path in paths {
            let Ok(meta) = std::fs::metadata(&path) else { continue };
            if meta.is_dir() {
                if depth < 6 {
                    walk(&path, depth + 1, seen, out);
                }
            } else if meta.is_file()
                && path
                    .extension()
                    .and_then(|e| e.to_str())
                    .is_some_and(|e| ["ttf", "otf", "ttc", "otc"].iter().any(|x| e.eq_ignore_ascii_case(x)))
                && seen.insert(path.clone())
            {
                out.push(path);
            }
        }
    }
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for dir in dirs {
        walk(dir, 0, &mut seen, &mut out);
    }
    out
}

/// One face of an installed font file, with the names its name table gives it.
#[derive(Clone, Debug)]
pub struct InstalledFace {
    pub file: FontFile,
    /// Family names in every language the name table has (typographic family, else family),
    /// then the PostScript name.
    pub names: Vec<String>,
    weight: u16,
    italic: bool,
}

/// The installed fonts, by the names in their name tables, in the order they were found.
pub struct Installed(Vec<InstalledFace>);

impl Installed {
    /// Read the name table of every font in the font folders (see [`font_dirs`]).
    pub fn scan() -> Installed {
        Installed::in_dirs(&font_dirs())
    }

    /// Read the name table of every font under `dirs`. fontdb maps each file and parses only
    /// its name, OS/2 and post tables; a file it cannot parse is skipped.
    pub fn in_dirs(dirs: &[PathBuf]) -> Installed {
        let mut db = fontdb::Database::new();
        for path in index_font_files(dirs) {
            // An unreadable file is simply not an installed font.
            let _ = db.load_font_file(&path);
        }
        Installed(
            db.faces()
                .filter_map(|face| {
                    let fontdb::Source::File(path) = &face.source else {
                        return None;
                    };
                    let mut names: Vec<String> = Vec::new();
                    for name in face
                        .families
                        .iter()
                        .map(|(name, _)| name)
                        .chain([&face.post_script_name])
                    {
                        if !names.contains(name) {
                            names.push(name.clone());
                        }
                    }
                    Some(InstalledFace {
                        file: FontFile {
                            path: path.clone(),
                            index: face.index as usize,
                        },
                        names,
                        weight: face.weight.0,
                        italic: face.style != fontdb::Style::Normal,
                    })
                })
                .collect(),
        )
    }

    /// The faces found.
    pub fn faces(&self) -> &[InstalledFace] {
        &self.0
    }

    /// The best face of the family called any of `wanted`, with the name that matched: the
    /// upright face nearest regular weight, the first found among equals.
    fn find(&self, wanted: &[&str]) -> Option<(&InstalledFace, &str)> {
        let wanted: Vec<String> = wanted.iter().map(|n| name_key(n)).collect();
        self.0
            .iter()
            .filter_map(|face| {
                let name = face.names.iter().find(|n| wanted.contains(&name_key(n)))?;
                Some((face, name.as_str()))
            })
            .min_by_key(|(face, _)| (face.italic, face.weight.abs_diff(400)))
    }
}

/// A family name as compared: case, spaces, `_` and `-` ignored (`FangSong_GB2312`,
/// `Fangsong GB2312`).
fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Choose a file for every role. A role with no usable file is an error naming what was tried.
/// The font folders are scanned (through `installed`, which the caller makes lazy and
/// once-only) only if some role is not set by the plan or the command line.
pub fn resolve<'a>(overrides: &Overrides, installed: impl Fn() -> &'a Installed) -> Vec<Result<Choice, String>> {
    Role::ALL
        .into_iter()
        .map(|role| {
            if let Some(file) = overrides.get(&role) {
                return match crate::input::check_regular(&file.path) {
                    Ok(()) => Ok(Choice {
                        role,
                        file: file.clone(),
                        reason: "set by the plan or --font".into(),
                    }),
                    Err(e) => Err(format!(
                        "{}: 指定的字体文件 {} 不能用：{e}",
                        role.describe(),
                        file.path.display()
                    )),
                };
            }
            resolve_installed(role, installed())
        })
        .collect()
}

/// An office font by name, else the open fallback, else a near relative.
fn resolve_installed(role: Role, installed: &Installed) -> Result<Choice, String> {
    for names in role.office_families() {
        if let Some((face, matched)) = installed.find(names) {
            return Ok(Choice {
                role,
                file: face.file.clone(),
                reason: format!("office font {}, matched by its name \"{matched}\"", names[0]),
            });
        }
    }
    let office = role.office_names().join("、");
    let fallback = role.fallback();
    if fallback.path.is_file() {
        return Ok(Choice {
            role,
            file: fallback,
            reason: format!(
                "open fallback from Debian package {}: no font named {office} installed",
                role.fallback_package()
            ),
        });
    }
    if let Some(names) = role.near_relative()
        && let Some((face, matched)) = installed.find(names)
    {
        return Ok(Choice {
            role,
            file: face.file.clone(),
            reason: format!(
                "near relative {}, matched by its name \"{matched}\": no font named {office} installed",
                names[0]
            ),
        });
    }
    Err(format!(
        "{}: 找不到字体（no font found）：没有安装名为 {office} 的字体，也没有 {}（请安装办公字体，或运行 scripts/setup.sh 安装 {}，或用 --font {}=文件 指定）",
        role.describe(),
        fallback.path.display(),
        role.fallback_package(),
        role.key()
    ))
}

/// Font bytes: a memory map of the file, or bytes already in memory.
pub use rust_fontconfig::FontBytes;

/// Font files larger than any real font (CJK collections run to a few tens of megabytes).
pub const MAX_FONT_BYTES: u64 = 256 * 1024 * 1024;

self_cell::self_cell!(
    /// A face parsed by ttf-parser, borrowing the mapped file it lives in.
    struct Face {
        owner: Arc<rust_fontconfig::FontBytes>,
        #[covariant]
        dependent: ParsedFace,
    }
);

type ParsedFace<'a> = ttf_parser::Face<'a>;

/// A loaded face, ready for measuring and embedding.
///
/// Font files come from anywhere, so everything is read through ttf-parser, which checks every
/// offset it follows: the face is parsed at load (a file that is not a font, or whose tables are
/// cut short, is refused there), and measurement asks it. printpdf's own parser, which the
/// subsetter needs, is built only when the font is embedded, inside [`guard`].
pub struct Font {
    face: Face,
    pub file: FontFile,
    units_per_em: f32,
    /// char → (glyph id, advance in em), or None for a character the font lacks.
    glyphs: Mutex<HashMap<char, Option<(u16, f32)>>>,
    /// printpdf's parse of the font, for subsetting; made on first use.
    for_pdf: std::sync::OnceLock<Result<Arc<printpdf::ParsedFont>, String>>,
}

impl Font {
    pub fn load(file: &FontFile) -> Result<Font, String> {
        let shown = file.path.display();
        let (handle, _) =
            crate::input::open_regular(&file.path, MAX_FONT_BYTES).map_err(|e| format!("{shown}: {e}"))?;
        // SAFETY: the mapping is read-only and font files are not rewritten while a render runs.
        // Mapping instead of reading spares copying tens of megabytes of CJK outlines per run;
        // only the pages for the glyphs used are ever touched.
        let map = unsafe { mmapio::Mmap::map(&handle) }.map_err(|e| format!("{shown}: {e}"))?;
        Font::from_bytes(Arc::new(rust_fontconfig::FontBytes::Mmapped(map)), file.clone())
    }

    /// A font from bytes already in memory (the fuzzer's way in); `file` names it in messages.
    pub fn from_bytes(bytes: Arc<rust_fontconfig::FontBytes>, file: FontFile) -> Result<Font, String> {
        let shown = file.path.display().to_string();
        let faces = ttf_parser::fonts_in_collection(&bytes).unwrap_or(1) as usize;
        if file.index >= faces {
            return Err(format!(
                "{shown}: 不是可用的字体文件：只有 {faces} 个字体，没有第 {} 个（face {} of {faces}）",
                file.index + 1,
                file.index
            ));
        }
        let index = u32::try_from(file.index).unwrap_or(u32::MAX);
        let face = Face::try_new(bytes, |b| ttf_parser::Face::parse(b, index))
            .map_err(|e| format!("{shown}: 不是可用的字体文件，或文件已损坏（not a usable font: {e}）"))?;
        let units_per_em = f32::from(face.borrow_dependent().units_per_em().max(1));
        Ok(Font {
            face,
            file,
            units_per_em,
            glyphs: Mutex::new(HashMap::new()),
            for_pdf: std::sync::OnceLock::new(),
        })
    }

    fn face(&self) -> &ttf_parser::Face<'_> {
        self.face.borrow_dependent()
    }

    /// Glyph id and advance width in em of `c`, or None when the font lacks the character.
    pub fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let mut cache = self.glyphs.lock().unwrap_or_else(|e| e.into_inner());
        *cache.entry(c).or_insert_with(|| {
            let gid = self.face().glyph_index(c).filter(|g| g.0 != 0)?;
            Some((gid.0, self.advance_of(gid.0)))
        })
    }

    /// Advance width of glyph `gid` in em.
    pub fn advance_of(&self, gid: u16) -> f32 {
        let units = self.face().glyph_hor_advance(ttf_parser::GlyphId(gid)).unwrap_or(0);
        f32::from(units) / self.units_per_em
    }

    /// Advance width of `c` in em, or None when the font lacks the character.
    pub fn advance_em(&self, c: char) -> Option<f32> {
        self.glyph(c).map(|(_, advance)| advance)
    }

    /// Whether ttf-parser can read glyph `gid`'s outline: the check a glyph passes before the
    /// subsetter, which trusts the font's offsets, copies it.
    pub fn outline_readable(&self, gid: u16) -> bool {
        struct Sink;
        impl ttf_parser::OutlineBuilder for Sink {
            fn move_to(&mut self, _: f32, _: f32) {}
            fn line_to(&mut self, _: f32, _: f32) {}
            fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
            fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
            fn close(&mut self) {}
        }
        self.face().outline_glyph(ttf_parser::GlyphId(gid), &mut Sink).is_some()
    }

    /// printpdf's parse of this font, for subsetting (made once, guarded).
    pub fn for_pdf(&self) -> Result<Arc<printpdf::ParsedFont>, String> {
        self.for_pdf
            .get_or_init(|| {
                let bytes = self.face.borrow_owner().clone();
                let index = self.file.index;
                guard(&self.name(), move || {
                    let mut warnings = Vec::new();
                    azul_layout::font::parsed::ParsedFont::from_bytes_shared(bytes, index, &mut warnings)
                        .map(|p| Arc::new(printpdf::ParsedFont::from_azul(p)))
                        .ok_or_else(|| "不是可用的字体文件（not a usable font）".to_string())
                })
            })
            .clone()
    }

    pub fn name(&self) -> String {
        self.file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
}

/// Run `work`, which hands font bytes from anywhere to code that trusts them (printpdf's parser
/// and allsorts' subsetter), turning a panic into an error value naming the font.
///
/// This is the last line of defence, not the first: fonts are checked by ttf-parser at load and
/// every glyph's outline before it is subset, so a damaged font is normally refused with a
/// message before this is reached. The panic hook stays quiet for panics caught here.
pub fn guard<T>(font: &str, work: impl FnOnce() -> Result<T, String>) -> Result<T, String> {
    use std::panic::{AssertUnwindSafe, catch_unwind};
    quiet_panics_in_guard();
    GUARDED.with(|g| g.set(true));
    let result = catch_unwind(AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(false));
    match result {
        Ok(result) => result,
        Err(_) => Err(format!(
            "{font}: 字体文件已损坏，无法嵌入（the font is damaged: its data is inconsistent）"
        )),
    }
}

thread_local! {
    static GUARDED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Install, once, a panic hook that says nothing for panics [`guard`] catches and behaves as
/// the default hook for every other.
fn quiet_panics_in_guard() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !GUARDED.with(|g| g.get()) {
                default(info);
            }
        }));
    });
}

/// The fonts for every role, loaded once per process and shared by every document.
pub struct FontSet {
    pub fonts: BTreeMap<Role, Arc<Font>>,
}

impl FontSet {
    pub fn font(&self, role: Role) -> &Font {
        // Every role is present: `FontCache::get` fails unless all resolve.
        &self.fonts[&role]
    }
}

/// Loads each font file once, whatever mix of overrides the plans of one run ask for, and
/// walks the font folders once (in a batch, walking them per plan was 12% of the time).
#[derive(Default)]
pub struct FontCache {
    installed: std::sync::OnceLock<Installed>,
    loaded: Mutex<HashMap<FontFile, Arc<Font>>>,
}

impl FontCache {
    pub fn get(&self, overrides: &Overrides) -> Result<FontSet, Vec<String>> {
        let mut fonts = BTreeMap::new();
        let mut errors = Vec::new();
        for choice in resolve(overrides, || self.installed.get_or_init(Installed::scan)) {
            let choice = match choice {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e);
                    continue;
                }
            };
            let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(font) = loaded.get(&choice.file) {
                fonts.insert(choice.role, font.clone());
                continue;
            }
            match Font::load(&choice.file) {
                Ok(font) => {
                    let font = Arc::new(font);
                    loaded.insert(choice.file.clone(), font.clone());
                    fonts.insert(choice.role, font);
                }
                Err(e) => errors.push(format!("{}: {e}", choice.role.describe())),
            }
        }
        if errors.is_empty() {
            Ok(FontSet { fonts })
        } else {
            Err(errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Per-role tables index by `role as usize` (the PDF's glyph usage): the discriminants must
    /// follow `Role::ALL`.
    #[test]
    fn roles_are_numbered_in_the_order_of_all() {
        for (i, role) in Role::ALL.into_iter().enumerate() {
            assert_eq!(role as usize, i, "{role}");
        }
    }

    #[test]
    fn font_folders_per_platform() {
        let env = |key: &str| {
            let value = match key {
                "WINDIR" => r"D:\Win",
                "LOCALAPPDATA" => r"C:\Users\张三\AppData\Local",
                "HOME" => "/home/zhang",
                _ => return None,
            };
            Some(std::ffi::OsString::from(value))
        };
        let windows = platform_font_dirs("windows", &env);
        assert_eq!(
            windows,
            [
                PathBuf::from(r"D:\Win").join("Fonts"),
                PathBuf::from(r"C:\Users\张三\AppData\Local").join(r"Microsoft\Windows\Fonts")
            ]
        );
        let bare = platform_font_dirs("windows", &|_| None);
        assert_eq!(bare, [PathBuf::from(r"C:\Windows").join("Fonts")]);
        assert_eq!(
            platform_font_dirs("macos", &env),
            ["/Library/Fonts", "/home/zhang/Library/Fonts", "/System/Library/Fonts"].map(PathBuf::from)
        );
        assert_eq!(
            platform_font_dirs("linux", &env),
            [
                "/usr/share/fonts",
                "/usr/local/share/fonts",
                "/home/zhang/.fonts",
                "/home/zhang/.local/share/fonts"
            ]
            .map(PathBuf::from)
        );
    }

    #[test]
    fn family_names_compare_without_case_spaces_or_underscores() {
        assert_eq!(name_key("FangSong_GB2312"), name_key("fangsong gb2312"));
        assert_eq!(name_key("FZXiaoBiaoSong-B05S"), name_key("FZXiaoBiaoSongB05S"));
        assert_ne!(name_key("仿宋_GB2312"), name_key("仿宋"));
    }
}
