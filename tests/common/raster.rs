//! Reading a PDF page as a person sees it: poppler's pdftoppm renders it (no anti-aliasing),
//! and the rules and coloured marks are found in the pixels. Nothing here asks gongwen.

use std::path::Path;
use std::process::Command;

/// One rendered page, in RGB.
pub struct Raster {
    pub width: usize,
    pub height: usize,
    /// Pixels per point.
    pub scale: f64,
    pixels: Vec<u8>,
}

/// A straight rule found on the page, in points from the top-left corner.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Segment {
    /// For a horizontal rule its y; for a vertical one its x.
    pub at: f64,
    pub from: f64,
    pub to: f64,
    /// How many pixel rows (for a horizontal rule; columns for a vertical one) it is thick.
    pub pixels: usize,
}

impl Raster {
    /// Page `page` (from 1) of `pdf`, at 144 dpi.
    pub fn render(pdf: &Path, page: usize) -> Raster {
        Self::render_at(pdf, page, 144)
    }

    /// Page `page` (from 1) of `pdf`, at `dpi`.
    pub fn render_at(pdf: &Path, page: usize, dpi: u32) -> Raster {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("page");
        let n = page.to_string();
        let dpi = dpi.to_string();
        let status = Command::new("pdftoppm")
            .args([
                "-r",
                &dpi,
                "-aa",
                "no",
                "-aaVector",
                "no",
                "-singlefile",
                "-f",
                &n,
                "-l",
                &n,
            ])
            .arg(pdf)
            .arg(&out)
            .status()
            .expect("pdftoppm (poppler-utils, installed by scripts/setup.sh)");
        assert!(status.success(), "pdftoppm failed on page {page}");
        let bytes = std::fs::read(out.with_extension("ppm")).unwrap();
        // P6 <width> <height> 255, then RGB bytes.
        let mut fields = Vec::new();
        let mut at = 0;
        while fields.len() < 4 {
            while bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while !bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            fields.push(String::from_utf8_lossy(&bytes[start..at]).to_string());
        }
        assert_eq!(fields[0], "P6");
        let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
        Raster {
            width,
            height,
            scale: dpi.parse::<f64>().unwrap() / 72.0,
            pixels: bytes[at + 1..].to_vec(),
        }
    }

    /// Whether anything is printed at this pixel.
    pub fn is_ink(&self, x: usize, y: usize) -> bool {
        let (r, g, b) = self.rgb(x, y);
        r < 200 || g < 200 || b < 200
    }

    /// Every printed pixel, as the point (x, y) of its centre.
    pub fn ink(&self) -> impl Iterator<Item = (f64, f64)> + '_ {
        (0..self.height).flat_map(move |y| {
            (0..self.width)
                .filter(move |&x| self.is_ink(x, y))
                .map(move |x| ((x as f64 + 0.5) / self.scale, (y as f64 + 0.5) / self.scale))
        })
    }

    pub fn rgb(&self, x: usize, y: usize) -> (u8, u8, u8) {
        let i = 3 * (y * self.width + x);
        (self.pixels[i], self.pixels[i + 1], self.pixels[i + 2])
    }

    /// Black or grey ink (not white, not a colour).
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        let (r, g, b) = self.rgb(x, y);
        r < 128 && g < 128 && b < 128
    }

    /// Horizontal runs of dark pixels at least `min_pt` long, merged over adjacent pixel rows.
    pub fn horizontal_rules(&self, min_pt: f64) -> Vec<Segment> {
        self.rules(min_pt, self.height, self.width, |line, k| self.is_dark(k, line))
    }

    /// Vertical runs of dark pixels at least `min_pt` long, merged over adjacent pixel columns.
    pub fn vertical_rules(&self, min_pt: f64) -> Vec<Segment> {
        self.rules(min_pt, self.width, self.height, |line, k| self.is_dark(line, k))
    }

    /// Runs along `lines` lines of `length` pixels, `dark(line, k)` telling the k-th pixel.
    fn rules(&self, min_pt: f64, lines: usize, length: usize, dark: impl Fn(usize, usize) -> bool) -> Vec<Segment> {
        let min = (min_pt * self.scale) as usize;
        let mut runs = Vec::new();
        for line in 0..lines {
            let mut k = 0;
            while k < length {
                if !dark(line, k) {
                    k += 1;
                    continue;
                }
                let start = k;
                while k < length && dark(line, k) {
                    k += 1;
                }
                if k - start >= min {
                    runs.push((line, start, k));
                }
            }
        }
        merge(runs, self.scale)
    }
}

/// Runs (line, from, to) in pixels → segments in points, runs on neighbouring lines with
/// overlapping extents taken as one rule of some thickness.
fn merge(mut runs: Vec<(usize, usize, usize)>, scale: f64) -> Vec<Segment> {
    runs.sort();
    let mut out: Vec<(usize, usize, usize, usize)> = Vec::new(); // first line, last line, from, to
    for (line, from, to) in runs {
        match out
            .iter_mut()
            .find(|s| (line == s.1 || line == s.1 + 1) && from < s.3 && to > s.2)
        {
            Some(s) => {
                s.1 = line;
                s.2 = s.2.min(from);
                s.3 = s.3.max(to);
            }
            None => out.push((line, line, from, to)),
        }
    }
    out.into_iter()
        .map(|(a, b, from, to)| Segment {
            at: (a + b + 1) as f64 / 2.0 / scale,
            from: from as f64 / scale,
            to: to as f64 / scale,
            pixels: b - a + 1,
        })
        .collect()
}
