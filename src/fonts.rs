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
                return if file.path.is_file() {
                    Ok(Choice {
                        role,
                        file: file.clone(),
                        reason: "set by the plan or --font".into(),
                    })
                } else {
                    Err(format!(
                        "{}: 指定的字体文件不存在（font file not found）：{}",
                        role.describe(),
                        file.path.display()
                    ))
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

/// A loaded face, ready for measuring and embedding.
pub struct Font {
    pub parsed: printpdf::ParsedFont,
    pub file: FontFile,
    units_per_em: f32,
    /// char → (glyph id, advance in em). The parser's cmap lookup is a linear search; measured
    /// at 47% of a whole render before this cache.
    glyphs: Mutex<HashMap<char, Option<(u16, f32)>>>,
}

impl Font {
    pub fn load(file: &FontFile) -> Result<Font, String> {
        let handle = std::fs::File::open(&file.path).map_err(|e| format!("{}: {e}", file.path.display()))?;
        // SAFETY: the mapping is read-only and font files are not rewritten while a render runs.
        // Mapping instead of reading spares copying tens of megabytes of CJK outlines per run;
        // only the pages for the glyphs used are ever touched.
        let map = unsafe { mmapio::Mmap::map(&handle) }.map_err(|e| format!("{}: {e}", file.path.display()))?;
        // A collection (`ttcf`) says how many faces it holds; any other font file has one.
        let faces = match map.get(..12) {
            Some([b't', b't', b'c', b'f', _, _, _, _, n @ ..]) => u32::from_be_bytes([n[0], n[1], n[2], n[3]]) as usize,
            _ => 1,
        };
        if file.index >= faces {
            return Err(format!(
                "{}: 不是可用的字体文件：只有 {faces} 个字体，没有第 {} 个（face {} of {faces}）",
                file.path.display(),
                file.index + 1,
                file.index
            ));
        }
        let bytes = Arc::new(rust_fontconfig::FontBytes::Mmapped(map));
        let mut warnings = Vec::new();
        let parsed = azul_layout::font::parsed::ParsedFont::from_bytes_shared(bytes, file.index, &mut warnings)
            .ok_or_else(|| {
                format!(
                    "{}: 不是可用的字体文件（not a usable font, face {}）",
                    file.path.display(),
                    file.index
                )
            })?;
        let units_per_em = f32::from(parsed.font_metrics.units_per_em.max(1));
        Ok(Font {
            parsed: printpdf::ParsedFont::from_azul(parsed),
            file: file.clone(),
            units_per_em,
            glyphs: Mutex::new(HashMap::new()),
        })
    }

    /// Glyph id and advance width in em of `c`, or None when the font lacks the character.
    pub fn glyph(&self, c: char) -> Option<(u16, f32)> {
        let mut cache = self.glyphs.lock().unwrap_or_else(|e| e.into_inner());
        *cache.entry(c).or_insert_with(|| {
            let gid = self.parsed.lookup_glyph_index(c as u32).filter(|g| *g != 0)?;
            Some((gid, self.advance_of(gid)))
        })
    }

    /// Advance width of glyph `gid` in em.
    pub fn advance_of(&self, gid: u16) -> f32 {
        f32::from(self.parsed.get_horizontal_advance(gid)) / self.units_per_em
    }

    /// Advance width of `c` in em, or None when the font lacks the character.
    pub fn advance_em(&self, c: char) -> Option<f32> {
        self.glyph(c).map(|(_, advance)| advance)
    }

    pub fn name(&self) -> String {
        self.file
            .path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    }
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
