//! Font programs for the PDF: each font subset ([`crate::renderer::subset`]) compressed and
//! described (widths, Unicode map, descriptor) once — for one document, or once for a whole
//! batch whose documents then all carry the same bytes.
//!
//! What printpdf's own save
//! does per document (subset, decode every glyph again for `/W`, deflate at level 9) was 91% of
//! a batch's time; here widths come from the advances layout already looked up, and a font
//! program is compressed once however many documents embed it.

use crate::fonts::{Font, FontFile};
use crate::renderer::subset::{FontSubset, Subsets};
use lopdf::{Dictionary, Object, ObjectId, Stream};
use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

/// The PDF fonts for a run, by font file, or why a font could not be subset.
pub struct Embedded {
    pub subsets: HashMap<FontFile, Result<Arc<Subset>, String>>,
}

impl Embedded {
    /// Describe and compress every subset for the PDF, in parallel.
    pub fn new(subsets: &Subsets) -> Embedded {
        use rayon::prelude::*;
        let subsets = subsets
            .fonts
            .par_iter()
            .map(|(file, subset)| {
                let pdf = match subset {
                    Ok(subset) => Subset::new(subset).map(Arc::new),
                    Err(e) => Err(e.clone()),
                };
                (file.clone(), pdf)
            })
            .collect();
        Embedded { subsets }
    }
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
    fn new(subset: &FontSubset) -> Result<Subset, String> {
        let font = &subset.font;
        let shown = font.file.to_string();
        // A CID-keyed CFF keeps the original font's CIDs, and viewers find glyphs through its
        // charset: the codes must be those CIDs (printpdf #280). Other outlines: the new gids.
        let (gid_to_cid, cid_keyed_cff) = crate::fonts::guard(&shown, || {
            Ok((
                printpdf::cff_charset_gid_to_cid_map(&subset.program, 0),
                printpdf::extract_cid_keyed_cff(&subset.program, 0),
            ))
        })?;
        let code_of = |new_gid: u16| {
            gid_to_cid
                .as_ref()
                .and_then(|m| m.get(&new_gid).copied())
                .unwrap_or(new_gid)
        };
        let mut codes = HashMap::new();
        let mut by_code: BTreeMap<u16, (u16, String)> = BTreeMap::new();
        for (&old, (new, text)) in &subset.glyphs {
            let code = code_of(*new);
            codes.insert(old, code);
            by_code.insert(code, (old, text.clone()));
        }

        let (cid_font_type, program_key, subtype, program) = if let Some(cff) = &cid_keyed_cff {
            ("CIDFontType0", "FontFile3", Some("CIDFontType0C"), cff.as_slice())
        } else if subset.program.starts_with(b"OTTO") {
            ("CIDFontType0", "FontFile3", Some("OpenType"), subset.program.as_slice())
        } else {
            ("CIDFontType2", "FontFile2", None, subset.program.as_slice())
        };
        let mut program_dict = Dictionary::new();
        if let Some(subtype) = subtype {
            program_dict.set("Subtype", Object::Name(subtype.into()));
        } else {
            program_dict.set("Length1", Object::Integer(program.len() as i64));
        }
        program_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));

        let tag = &subset.tag;
        let name = subset.font_name();
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
        let cmap = printpdf::ToUnicodeCMap { mappings }.to_cmap_string(tag);

        Ok(Subset {
            codes,
            cid_font_type,
            program_key,
            program_dict,
            program: deflate(program),
            to_unicode: deflate(cmap.as_bytes()),
            widths: widths(font, &by_code, 0),
            half_widths: widths(font, &by_code, HALF_EM),
            descriptor: descriptor(&subset.parsed, &base_font),
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
