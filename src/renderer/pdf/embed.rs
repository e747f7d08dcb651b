//! Font programs for the PDF: each font subset to the glyphs used, compressed, and described
//! (widths, Unicode map, descriptor) once — for one document, or once for a whole batch whose
//! documents then all carry the same bytes.
//!
//! Subsetting goes through printpdf's helpers (allsorts underneath). What printpdf's own save
//! does per document (subset, decode every glyph again for `/W`, deflate at level 9) was 91% of
//! a batch's time; here widths come from the advances layout already looked up, and a font
//! program is compressed once however many documents embed it.

use crate::fonts::{Font, FontFile, FontSet, Role};
use crate::frame::Document;
use lopdf::{Dictionary, Object, ObjectId, Stream};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The glyphs a set of documents draws, per font file: glyph id → the character it stands for.
#[derive(Default)]
pub struct GlyphUsage {
    pub fonts: BTreeMap<FontFile, (Arc<Font>, BTreeMap<u16, char>)>,
}

impl GlyphUsage {
    /// Every glyph `document` draws, page numbers included.
    pub fn of_document(document: &Document, fonts: &FontSet) -> GlyphUsage {
        // Indexed by the role's discriminant, which follows the order of `Role::ALL`.
        let mut by_role: [BTreeMap<u16, char>; Role::ALL.len()] = Default::default();
        for run in document.runs() {
            let glyphs = &mut by_role[run.role as usize];
            for g in &run.glyphs {
                glyphs.entry(g.gid).or_insert(g.ch);
            }
        }
        let mut usage = GlyphUsage::default();
        for (role, glyphs) in Role::ALL.into_iter().zip(by_role).filter(|(_, g)| !g.is_empty()) {
            let font = &fonts.fonts[&role];
            let (_, mine) = usage
                .fonts
                .entry(font.file.clone())
                .or_insert_with(|| (font.clone(), BTreeMap::new()));
            for (gid, ch) in glyphs {
                mine.entry(gid).or_insert(ch);
            }
        }
        usage
    }

    /// Add `other`'s glyphs; where both map a glyph to a character, `self`'s stays (so merging
    /// in document order keeps the first one seen).
    pub fn merge(mut self, other: GlyphUsage) -> GlyphUsage {
        for (file, (font, glyphs)) in other.fonts {
            let (_, mine) = self.fonts.entry(file).or_insert_with(|| (font, BTreeMap::new()));
            for (gid, ch) in glyphs {
                mine.entry(gid).or_insert(ch);
            }
        }
        self
    }

    /// Subset and compress every font, in parallel. A font that cannot be subset fails only
    /// the documents that use it.
    pub fn embed(&self) -> Embedded {
        use rayon::prelude::*;
        let subsets = self
            .fonts
            .par_iter()
            .map(|(file, (font, glyphs))| (file.clone(), Subset::new(font, glyphs).map(Arc::new)))
            .collect();
        Embedded { subsets }
    }
}

/// The subsets for a run, by font file, or why a font could not be subset.
pub struct Embedded {
    pub subsets: HashMap<FontFile, Result<Arc<Subset>, String>>,
}

/// One font subset, ready to be added to any number of PDFs.
pub struct Subset {
    /// `ABCDEF+Name`: the tag is a hash of the glyph set, so equal subsets have equal names.
    base_font: String,
    /// Original glyph id → the two-byte code the content stream uses for it.
    codes: HashMap<u16, u16>,
    /// `CIDFontType0` (CFF outlines) or `CIDFontType2` (TrueType outlines).
    cid_font_type: &'static str,
    /// `FontFile3` (CFF) or `FontFile2` (TrueType).
    program_key: &'static str,
    /// The stream dictionary of the font program, `/Filter` and `/Length1` included.
    program_dict: Dictionary,
    program: Vec<u8>,
    to_unicode: Vec<u8>,
    widths: Vec<Object>,
    /// `/W` of the half-width variant: every glyph half an em narrower, as layout sets a
    /// punctuation mark that lost its blank half (see [`Subset::add_to`]).
    half_widths: Vec<Object>,
    descriptor: Vec<(&'static str, Object)>,
}

/// The font dictionaries of one subset in a PDF.
pub struct FontIds {
    pub full: ObjectId,
    /// The same glyphs with half-em-narrower advances, when asked for.
    pub half: Option<ObjectId>,
}

impl Subset {
    fn new(font: &Font, glyphs: &BTreeMap<u16, char>) -> Result<Subset, String> {
        let shown = font.file.to_string();
        // The subsetter trusts the font's offsets: every glyph it will copy is first read by
        // ttf-parser, which checks them.
        let damaged: Vec<String> = glyphs
            .iter()
            .filter(|(gid, _)| !font.outline_readable(**gid))
            .map(|(_, ch)| format!("「{ch}」"))
            .collect();
        if !damaged.is_empty() {
            return Err(format!(
                "{shown}: 字体文件已损坏，这些字的字形读不出来（damaged glyphs）：{}",
                damaged.join("")
            ));
        }
        let parsed = font.for_pdf().map_err(|e| format!("{shown}: {e}"))?;
        let texts: BTreeMap<u16, String> = glyphs.iter().map(|(gid, ch)| (*gid, ch.to_string())).collect();
        let (subset, cff) = crate::fonts::guard(&shown, || {
            let subset = printpdf::subset_font(&parsed, &texts)
                .map_err(|e| format!("无法嵌入字体（cannot subset the font）：{e}"))?;
            let cff = printpdf::extract_cid_keyed_cff(&subset.bytes, 0);
            Ok((subset, cff))
        })?;
        // A CID-keyed CFF keeps the original font's CIDs, and viewers find glyphs through its
        // charset: the codes must be those CIDs (printpdf #280). Other outlines: the new gids.
        let gid_to_cid = crate::fonts::guard(&shown, || Ok(printpdf::cff_charset_gid_to_cid_map(&subset.bytes, 0)))?;
        let code_of = |new_gid: u16| {
            gid_to_cid
                .as_ref()
                .and_then(|m| m.get(&new_gid).copied())
                .unwrap_or(new_gid)
        };
        let mut codes = HashMap::new();
        let mut by_code: BTreeMap<u16, (u16, String)> = BTreeMap::new();
        for (&old, (new, text)) in &subset.glyph_mapping {
            let code = code_of(*new);
            codes.insert(old, code);
            by_code.insert(code, (old, text.clone()));
        }

        let (cid_font_type, program_key, subtype, program) = if let Some(cff) = cff {
            ("CIDFontType0", "FontFile3", Some("CIDFontType0C"), cff)
        } else if subset.bytes.starts_with(b"OTTO") {
            ("CIDFontType0", "FontFile3", Some("OpenType"), subset.bytes)
        } else {
            ("CIDFontType2", "FontFile2", None, subset.bytes)
        };
        let mut program_dict = Dictionary::new();
        if let Some(subtype) = subtype {
            program_dict.set("Subtype", Object::Name(subtype.into()));
        } else {
            program_dict.set("Length1", Object::Integer(program.len() as i64));
        }
        program_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));

        let tag = subset_tag(&font.file, glyphs);
        let name = parsed.font_name.clone().unwrap_or_else(|| font.name());
        // A PDF name of printable ASCII without delimiters; a font named only in Chinese gets a
        // neutral one.
        let mut name: String = name
            .chars()
            .filter(|c| c.is_ascii_graphic() && !"()<>[]{}/%#".contains(*c))
            .collect();
        if name.is_empty() {
            name.push_str("Font");
        }
        let base_font = format!("{tag}+{name}");

        let mappings = by_code
            .iter()
            .map(|(code, (_, text))| (u32::from(*code), text.chars().map(u32::from).collect()))
            .collect();
        let cmap = printpdf::ToUnicodeCMap { mappings }.to_cmap_string(&tag);

        Ok(Subset {
            codes,
            cid_font_type,
            program_key,
            program_dict,
            program: deflate(&program),
            to_unicode: deflate(cmap.as_bytes()),
            widths: widths(font, &by_code, 0),
            half_widths: widths(font, &by_code, HALF_EM),
            descriptor: descriptor(&parsed, &base_font),
            base_font,
        })
    }

    /// The content-stream code for an original glyph id (0, drawn as .notdef, if not in the subset).
    pub fn code(&self, gid: u16) -> u16 {
        self.codes.get(&gid).copied().unwrap_or(0)
    }

    /// Add the font's objects to `doc`; returns the Type0 font dictionaries' ids.
    ///
    /// With `half`, also a variant whose glyphs are half an em narrower, sharing the font
    /// program, descriptor and Unicode map: a mark set half-width (a closing mark at a line's
    /// end, one of two adjacent marks) is drawn from it, so that its box in the PDF is the room
    /// it takes. Drawn with the full width, its box reached past the type area or over the next
    /// character, and copied text broke lines there.
    pub fn add_to(&self, doc: &mut lopdf::Document, half: bool) -> FontIds {
        let program =
            doc.add_object(Stream::new(self.program_dict.clone(), self.program.clone()).with_compression(false));
        let mut descriptor = Dictionary::from_iter(self.descriptor.iter().cloned());
        descriptor.set(self.program_key, Object::Reference(program));
        let descriptor = doc.add_object(descriptor);
        let mut unicode_dict = Dictionary::new();
        unicode_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let to_unicode = doc.add_object(Stream::new(unicode_dict, self.to_unicode.clone()).with_compression(false));
        let mut type0 = |widths: &[Object]| {
            let name = || Object::Name(self.base_font.clone().into_bytes());
            let mut cid_font = Dictionary::from_iter([
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(self.cid_font_type.into())),
                ("BaseFont", name()),
                (
                    "CIDSystemInfo",
                    Object::Dictionary(Dictionary::from_iter([
                        ("Registry", Object::string_literal("Adobe")),
                        ("Ordering", Object::string_literal("Identity")),
                        ("Supplement", Object::Integer(0)),
                    ])),
                ),
                ("FontDescriptor", Object::Reference(descriptor)),
                ("DW", Object::Integer(1000)),
                ("W", Object::Array(widths.to_vec())),
            ]);
            if self.cid_font_type == "CIDFontType2" {
                cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
            }
            let cid_font = doc.add_object(cid_font);
            doc.add_object(Dictionary::from_iter([
                ("Type", Object::Name(b"Font".to_vec())),
                ("Subtype", Object::Name(b"Type0".to_vec())),
                ("BaseFont", name()),
                ("Encoding", Object::Name(b"Identity-H".to_vec())),
                ("DescendantFonts", Object::Array(vec![Object::Reference(cid_font)])),
                ("ToUnicode", Object::Reference(to_unicode)),
            ]))
        };
        let full = type0(&self.widths);
        let half = half.then(|| type0(&self.half_widths));
        FontIds { full, half }
    }
}

/// Half an em, in the thousandths `/W` counts in.
const HALF_EM: i64 = 500;

/// Six capital letters from a hash of the font and its glyph set (ISO 32000-1, 9.6.4): the
/// same subset gets the same tag on every run.
fn subset_tag(file: &FontFile, glyphs: &BTreeMap<u16, char>) -> String {
    // FNV-1a: stable across Rust versions, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |bytes: &[u8]| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    };
    feed(file.path.as_os_str().as_encoded_bytes());
    feed(&file.index.to_le_bytes());
    for gid in glyphs.keys() {
        feed(&gid.to_le_bytes());
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

/// `/W`: widths in thousandths of an em, each `narrower` less, in runs of consecutive codes.
fn widths(font: &Font, by_code: &BTreeMap<u16, (u16, String)>, narrower: i64) -> Vec<Object> {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut first = 0u16;
    let mut last: Option<u16> = None;
    for (&code, (gid, _)) in by_code {
        if last.is_some_and(|l| l.checked_add(1) != Some(code)) {
            out.push(Object::Integer(i64::from(first)));
            out.push(Object::Array(std::mem::take(&mut run)));
        }
        if run.is_empty() {
            first = code;
        }
        let width = (font.advance_of(*gid) * 1000.0).round() as i64;
        run.push(Object::Integer((width - narrower).max(0)));
        last = Some(code);
    }
    if !run.is_empty() {
        out.push(Object::Integer(i64::from(first)));
        out.push(Object::Array(run));
    }
    out
}

/// The font descriptor's metrics, in thousandths of an em. The same derivations as printpdf's
/// own writer: italic angle from the caret slope, stem width estimated from the weight class.
fn descriptor(font: &printpdf::ParsedFont, base_font: &str) -> Vec<(&'static str, Object)> {
    let m = &font.pdf_font_metrics;
    let scale = 1000.0 / f32::from(m.units_per_em.max(1));
    let em = |v: f32| Object::Integer((v * scale).round() as i64);
    let italic_angle = if m.caret_slope_rise == 0 {
        0
    } else {
        (-f32::from(m.caret_slope_run)
            .atan2(f32::from(m.caret_slope_rise))
            .to_degrees())
        .round() as i64
    };
    // Nonsymbolic (uses standard characters), italic when slanted.
    let flags = (1 << 5) | if italic_angle != 0 { 1 << 6 } else { 0 };
    let stem_v = if m.us_weight_class == 0 {
        80
    } else {
        50 + (f32::from(m.us_weight_class) / 65.0).powi(2).round() as i64
    };
    let ascent = font.font_metrics.ascent;
    vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(base_font.as_bytes().to_vec())),
        ("Flags", Object::Integer(flags)),
        (
            "FontBBox",
            Object::Array(vec![
                em(f32::from(m.x_min)),
                em(f32::from(m.y_min)),
                em(f32::from(m.x_max)),
                em(f32::from(m.y_max)),
            ]),
        ),
        ("ItalicAngle", Object::Integer(italic_angle)),
        ("Ascent", em(ascent)),
        ("Descent", em(font.font_metrics.descent)),
        ("CapHeight", em(font.font_metrics.cap_height.unwrap_or(ascent))),
        ("StemV", Object::Integer(stem_v)),
    ]
}

/// zlib at the default level: a font program is compressed once per run, so the few percent
/// that level 9 would add is not worth its time.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        // One compressor per thread, reset between streams: setting one up allocates and
        // clears a few hundred kilobytes, which for the short page streams of a batch cost
        // more than compressing them (measured: 15% of a batch in memset and page faults).
        static COMPRESS: std::cell::RefCell<Compress> = std::cell::RefCell::new(Compress::new(Compression::default(), true));
    }
    COMPRESS.with(|c| {
        let mut c = c.borrow_mut();
        c.reset();
        // zlib's bound for incompressible input, so that one call finishes the stream.
        let mut out = Vec::with_capacity(bytes.len() + bytes.len() / 1000 + 64);
        let start = c.total_in();
        loop {
            let consumed = (c.total_in() - start) as usize;
            match c.compress_vec(&bytes[consumed..], &mut out, FlushCompress::Finish) {
                Ok(Status::StreamEnd) => return out,
                Ok(_) => out.reserve(out.capacity().max(64)),
                // Not reachable with valid parameters; should it happen, a fresh encoder.
                Err(_) => return deflate_fresh(bytes),
            }
        }
    })
}

fn deflate_fresh(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    // Writing into a Vec cannot fail.
    let _ = encoder.write_all(bytes);
    encoder.finish().unwrap_or_default()
}
