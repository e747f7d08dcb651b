//! Fonts by role: which file serves the title, the body, each heading level and the page numbers,
//! and why.
//!
//! Government offices use 方正小标宋简体, 仿宋_GB2312, 黑体 and 楷体_GB2312; where the user has
//! them (found by file name in the usual font folders) they win. Otherwise the open fonts from
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

    /// File names of the fonts offices use for this role, best first (compared ignoring case).
    fn office_files(self) -> &'static [&'static str] {
        match self {
            Role::Title => &[
                "方正小标宋简体.ttf",
                "方正小标宋_GBK.ttf",
                "FZXBSJW.TTF",
                "FZXBSJW--GB1-0.ttf",
                "FZXiaoBiaoSong-B05S.ttf",
            ],
            Role::Body => &[
                "仿宋_GB2312.ttf",
                "FangSong_GB2312.ttf",
                "FS_GB2312.ttf",
                "simfang.ttf",
                "STFANGSO.TTF",
                "STFangsong.ttf",
                "华文仿宋.ttf",
            ],
            Role::Heading1 => &["黑体.ttf", "simhei.ttf", "STHeiti.ttf", "华文黑体.ttf"],
            Role::Heading2 => &[
                "楷体_GB2312.ttf",
                "KaiTi_GB2312.ttf",
                "simkai.ttf",
                "STKAITI.TTF",
                "STKaiti.ttf",
                "华文楷体.ttf",
            ],
            Role::PageNumber => &["宋体.ttf", "simsun.ttc", "SimSun.ttf", "STSONG.TTF", "华文宋体.ttf"],
        }
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

/// Folders searched for office fonts: `$GONGWEN_FONT_DIRS` (colon-separated) first, then the
/// system and user font folders.
fn font_dirs() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = std::env::var_os("GONGWEN_FONT_DIRS")
        .map(|v| std::env::split_paths(&v).collect())
        .unwrap_or_default();
    dirs.extend(["/usr/share/fonts", "/usr/local/share/fonts"].map(PathBuf::from));
    if let Some(home) = std::env::var_os("HOME") {
        let home = PathBuf::from(home);
        dirs.push(home.join(".fonts"));
        dirs.push(home.join(".local/share/fonts"));
    }
    dirs
}

/// Every font file under `dirs`, by lower-cased file name (first found wins).
fn index_font_files(dirs: &[PathBuf]) -> HashMap<String, PathBuf> {
    fn walk(dir: &Path, depth: usize, out: &mut HashMap<String, PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else { return };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                if depth < 6 {
                    walk(&path, depth + 1, out);
                }
            } else if let Some(name) = path.file_name().and_then(|n| n.to_str()) {
                out.entry(name.to_lowercase()).or_insert(path);
            }
        }
    }
    let mut out = HashMap::new();
    for dir in dirs {
        walk(dir, 0, &mut out);
    }
    out
}

/// The installed font files, by lower-cased file name.
pub struct Installed(HashMap<String, PathBuf>);

impl Installed {
    /// Walk the font folders (see [`font_dirs`]).
    pub fn scan() -> Installed {
        Installed(index_font_files(&font_dirs()))
    }
}

/// Choose a file for every role. A role with no usable file is an error naming what was tried.
pub fn resolve(overrides: &Overrides, installed: &Installed) -> Vec<Result<Choice, String>> {
    let installed = &installed.0;
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
            for name in role.office_files() {
                if let Some(path) = installed.get(&name.to_lowercase()) {
                    return Ok(Choice {
                        role,
                        file: FontFile {
                            path: path.clone(),
                            index: 0,
                        },
                        reason: format!("office font {name} found"),
                    });
                }
            }
            let fallback = role.fallback();
            if fallback.path.is_file() {
                Ok(Choice {
                    role,
                    file: fallback,
                    reason: format!(
                        "fallback from Debian package {}: none of {} found",
                        role.fallback_package(),
                        role.office_files().join(", ")
                    ),
                })
            } else {
                Err(format!(
                    "{}: 找不到字体（no font found）：没有 {}，也没有 {}（请运行 scripts/setup.sh 安装 {}）",
                    role.describe(),
                    role.office_files().join("、"),
                    fallback.path.display(),
                    role.fallback_package()
                ))
            }
        })
        .collect()
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
        let installed = self.installed.get_or_init(Installed::scan);
        for choice in resolve(overrides, installed) {
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
}
