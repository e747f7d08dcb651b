//! 发文机关署名 and 成文日期 with seals (加盖印章, GB/T 9704 7.3.5.1): the date right-aligned
//! with four characters free; one organ's name centred over the date; joint issuers' names side
//! by side in their order, the last one over the date, each seal centred on its name and the
//! seals neither touching nor leaving the type area. The seal presses on the name and the date,
//! which sit a little below its centre; its top comes right under the last line of the body
//! (within one line of it, as the standard asks), two blank lines above the name.

#![deny(clippy::arithmetic_side_effects)] // placement: no length arithmetic that can wrap
use super::{Geometry, Glyph, Line, PT_PER_MM};
use std::sync::Arc;

/// A seal's diameter: 42 mm, the size of a township's official seal.
pub const SEAL: f32 = 42.0 * PT_PER_MM;
/// Seals of joint issuers keep at least this far apart.
const SEAL_GAP: f32 = 4.0 * PT_PER_MM;
/// Blank lines between the body and the signature: the seal's top lies on the first of them.
pub const BLANK_LINES: usize = 2;

/// An image drawn relative to a line of the flow: x from the type area's left edge, `dy` from
/// the top of the line's grid slot (negative above it).
#[derive(Clone, Debug, PartialEq)]
pub struct Attached {
    pub x: f32,
    pub dy: f32,
    pub width: f32,
    pub height: f32,
    pub image: Arc<crate::image::Image>,
    pub description: String,
}

/// The signature's two lines (the names, then the date) and where each organ's seal goes
/// (centre x from the type area's left edge), in the organs' order.
pub struct Sealed {
    pub names: Line,
    pub date: Line,
    pub seal_centres: Vec<f32>,
}

/// Place `organs` and `date` (measured lines) as a signature with seals.
pub fn place(organs: &[Vec<Glyph>], date: &[Glyph], geo: &Geometry) -> Sealed {
    let width = |g: &[Glyph]| g.iter().map(|g| g.width).sum::<f32>();
    let date_width = width(date);
    let date_x = (geo.area_width - 4.0 * geo.char_pitch() - date_width).max(0.0);
    let last_centre = date_x + date_width / 2.0;
    // From the last organ leftwards, centres one seal and a gap apart (or the names' own widths
    // apart, if they are wider), then moved right as a whole if the first seal would stick out.
    let mut centres = vec![last_centre; organs.len()];
    for k in (0..organs.len().saturating_sub(1)).rev() {
        let next = k.saturating_add(1);
        let apart = (SEAL + SEAL_GAP).max((width(&organs[k]) + width(&organs[next])) / 2.0 + geo.char_pitch());
        centres[k] = centres[next] - apart;
    }
    let overhang = centres
        .first()
        .zip(organs.first())
        .map_or(0.0, |(c, o)| (SEAL / 2.0).max(width(o) / 2.0) - c);
    if overhang > 0.0 {
        // Squeeze towards the right; the last seal stays over the date.
        let span = last_centre - centres.first().copied().unwrap_or(last_centre);
        let room = span - overhang;
        for c in centres.iter_mut() {
            let from_last = last_centre - *c;
            *c = last_centre
                - if span > 0.0 {
                    from_last * (room.max(0.0) / span)
                } else {
                    0.0
                };
        }
    }
    let mut names = Line::default();
    for (organ, centre) in organs.iter().zip(&centres) {
        let start = (centre - width(organ) / 2.0).max(0.0);
        names.glyphs.extend(Line::natural(organ, start).glyphs);
    }
    Sealed {
        names,
        date: Line::natural(date, date_x),
        seal_centres: centres,
    }
}

/// Where a seal centred at `centre` goes, relative to the names' line: its top two lines up
/// (right under the body), so that name and date sit a little below its centre.
pub fn seal_box(centre: f32, geo: &Geometry) -> (f32, f32) {
    let up = BLANK_LINES as f32 * geo.line_pitch();
    (centre - SEAL / 2.0, -up)
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;
    use crate::layout::{Style, test_glyphs};

    #[test]
    fn one_organ_is_centred_over_the_date_four_characters_from_the_right() {
        let geo = Geometry::gbt9704();
        let s = place(
            &[test_glyphs("XX镇人民政府", Style::Body)],
            &test_glyphs("2021年3月15日", Style::Body),
            &geo,
        );
        assert!((s.date.right() - (geo.area_width - 4.0 * geo.char_pitch())).abs() < 0.01);
        let date_centre = (s.date.glyphs[0].x + s.date.right()) / 2.0;
        let name_centre = (s.names.glyphs[0].x + s.names.right()) / 2.0;
        assert!((date_centre - name_centre).abs() < 0.01);
        assert!((s.seal_centres[0] - date_centre).abs() < 0.01);
    }

    #[test]
    fn joint_seals_stand_side_by_side_apart_and_inside() {
        let geo = Geometry::gbt9704();
        for n in 2..=3 {
            let organs: Vec<Vec<Glyph>> = (0..n).map(|_| test_glyphs("中共XX镇委员会", Style::Body)).collect();
            let s = place(&organs, &test_glyphs("2021年3月15日", Style::Body), &geo);
            for w in s.seal_centres.windows(2) {
                assert!(w[1] - w[0] >= SEAL + SEAL_GAP - 0.01, "{:?}", s.seal_centres);
            }
            assert!(s.seal_centres[0] - SEAL / 2.0 >= -0.01);
            assert!(s.seal_centres[n - 1] + SEAL / 2.0 <= geo.area_width + 0.01);
        }
    }
}
