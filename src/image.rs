//! Seal images (印章): read through the input cap, checked when read, decoded when a writer
//! draws them. Only PNG, decoded by the `png` crate; an image that is not one is refused with
//! what it is.

use std::path::Path;
use std::sync::Arc;

/// Larger than a scanned seal needs by far (a 1200 dpi scan of a 42 mm seal is about 2000 pixels
/// square, a few hundred KB as PNG).
pub const MAX_IMAGE_BYTES: u64 = 8 * 1024 * 1024;

/// Pixels the decoder may allocate for: 4096 × 4096 RGBA, 16 bits a channel.
const MAX_DECODED_BYTES: usize = 4096 * 4096 * 8;

/// An image as read: its file's bytes and its size in pixels.
#[derive(Debug, PartialEq, Eq)]
pub struct Image {
    /// The file it was read from, for messages.
    pub path: String,
    /// The PNG file as it is (an OFD writer can embed it unchanged).
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// The pixels: 8-bit RGB, and the alpha channel (8-bit) when the image has one.
pub struct Pixels {
    pub rgb: Vec<u8>,
    pub alpha: Option<Vec<u8>>,
}

/// Read and check the image at `path`.
pub fn load(path: &Path) -> Result<Arc<Image>, String> {
    let bytes = crate::input::read_capped(path, MAX_IMAGE_BYTES).map_err(|e| e.to_string())?;
    if !bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        let what = if bytes.starts_with(b"\xFF\xD8") {
            "JPEG"
        } else if bytes.trim_ascii_start().starts_with(b"<") {
            "SVG 或 XML"
        } else {
            "未知格式"
        };
        return Err(format!(
            "不是 PNG 图片（not a PNG image: {what}）：印章请用带透明背景的 PNG"
        ));
    }
    let reader = decoder(&bytes)
        .read_info()
        .map_err(|e| format!("PNG 图片已损坏（damaged PNG）：{e}"))?;
    let (width, height) = reader.info().size();
    if width == 0 || height == 0 {
        return Err("PNG 图片没有像素（empty image）".into());
    }
    Ok(Arc::new(Image {
        path: path.display().to_string(),
        png: bytes,
        width,
        height,
    }))
}

fn decoder(bytes: &[u8]) -> png::Decoder<std::io::Cursor<&[u8]>> {
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_limits(png::Limits {
        bytes: MAX_DECODED_BYTES,
    });
    // Palette and low bit depths to 8 bits, 16 bits to 8.
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    decoder
}

impl Image {
    /// The image's pixels as RGB with its alpha apart, as PDF wants them.
    pub fn pixels(&self) -> Result<Pixels, String> {
        let damaged = |e: png::DecodingError| format!("印章图片 {} 无法解码（cannot decode）：{e}", self.path);
        let mut reader = decoder(&self.png).read_info().map_err(damaged)?;
        let size = reader
            .output_buffer_size()
            .ok_or_else(|| format!("印章图片 {} 过大（image too large）", self.path))?;
        let mut buf = vec![0; size];
        let frame = reader.next_frame(&mut buf).map_err(damaged)?;
        buf.truncate(frame.buffer_size());
        let channels = match frame.color_type {
            png::ColorType::Grayscale => 1,
            png::ColorType::GrayscaleAlpha => 2,
            png::ColorType::Rgb => 3,
            png::ColorType::Rgba => 4,
            png::ColorType::Indexed => {
                return Err(format!(
                    "印章图片 {} 的调色板无法展开（palette not expanded）",
                    self.path
                ));
            }
        };
        let pixels = buf.chunks_exact(channels);
        let rgb: Vec<u8> = pixels
            .clone()
            .flat_map(|p| match channels {
                1 | 2 => [p[0], p[0], p[0]],
                _ => [p[0], p[1], p[2]],
            })
            .collect();
        let alpha = match channels {
            2 => Some(pixels.map(|p| p[1]).collect()),
            4 => Some(pixels.map(|p| p[3]).collect()),
            _ => None,
        };
        Ok(Pixels { rgb, alpha })
    }
}
