//! The QR code of a class's join link, for the teacher's screen: a phone or
//! a student's laptop camera reads the link instead of anyone typing it.
//!
//! Encoded here (the `qrcode` crate, no renderers) and handed to the UI as
//! one SVG path, so the webview draws it as plain `<svg>` elements: no
//! images, no inline HTML, nothing the content security policy forbids.

use qrcode::{Color, EcLevel, QrCode};
use serde::{Deserialize, Serialize};

/// Light modules around the code that readers need to find it (the QR
/// standard's quiet zone). Not part of [`JoinQr::path`]: the UI adds it.
pub const QUIET_ZONE: u32 = 4;

/// A QR code as the UI draws it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct JoinQr {
    /// What it encodes (the join link).
    pub text: String,
    /// Modules on a side (21 for version 1, 25 for version 2, …).
    pub size: u32,
    /// The dark modules as one SVG path in module units (`M x y h n v1 h -n z`
    /// for each horizontal run), to fill in a `viewBox` of `size` plus a
    /// [`QUIET_ZONE`] on every side.
    pub path: String,
}

impl JoinQr {
    /// The QR code of `text` with medium error correction (a code projected
    /// on a board still reads with some glare). `None` when the text is too
    /// long for any QR version (some 2 KB; a join link is about 30 bytes).
    pub fn new(text: &str) -> Option<Self> {
        let (size, rows) = modules(text)?;
        Some(Self { text: text.to_owned(), size, path: svg_path(&rows) })
    }
}

/// The code's modules, row by row (`true` = dark).
pub(crate) fn modules(text: &str) -> Option<(u32, Vec<Vec<bool>>)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let rows: Vec<Vec<bool>> =
        colors.chunks(width).map(|row| row.iter().map(|c| *c == Color::Dark).collect()).collect();
    Some((u32::try_from(width).ok()?, rows))
}

/// One `M x y h n v1 h -n z` rectangle per run of dark modules in a row.
fn svg_path(rows: &[Vec<bool>]) -> String {
    let mut path = String::new();
    for (y, row) in rows.iter().enumerate() {
        let mut x = 0;
        while x < row.len() {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < row.len() && row[x] {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!("M{start} {y}h{run}v1h-{run}z"));
        }
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a drawn path back into modules: each rectangle is one run.
    fn parse_path(path: &str, size: usize) -> Vec<Vec<bool>> {
        let mut rows = vec![vec![false; size]; size];
        for rect in path.split('z').filter(|r| !r.is_empty()) {
            let rest = rect.strip_prefix('M').expect("a move");
            let (x, rest) = rest.split_once(' ').expect("x");
            let (y, rest) = rest.split_once('h').expect("y");
            let (run, _) = rest.split_once('v').expect("run");
            let (x, y, run): (usize, usize, usize) =
                (x.parse().expect("x"), y.parse().expect("y"), run.parse().expect("run"));
            for cell in &mut rows[y][x..x + run] {
                *cell = true;
            }
        }
        rows
    }

    /// The path draws exactly the code's dark modules, and what is drawn
    /// reads back as the join link with an independent QR decoder (rqrr).
    #[test]
    fn the_drawn_code_reads_back_as_the_link() {
        let link = "ws://192.168.1.20:4455/ws";
        let qr = JoinQr::new(link).expect("a code");
        let (size, rows) = modules(link).expect("modules");
        assert_eq!(qr.size, size);
        assert_eq!(qr.text, link);
        assert_eq!(parse_path(&qr.path, size as usize), rows);

        // Rendered like the UI: 4 pixels a module with the quiet zone.
        let scale = 4;
        let side = (size + 2 * QUIET_ZONE) as usize * scale;
        let drawn = parse_path(&qr.path, size as usize);
        let mut image = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = (x / scale, y / scale);
            let q = QUIET_ZONE as usize;
            let dark = mx >= q && my >= q && drawn.get(my - q).and_then(|r| r.get(mx - q)) == Some(&true);
            if dark {
                0
            } else {
                255
            }
        });
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        let (_, content) = grids[0].decode().expect("it decodes");
        assert_eq!(content, link);
    }

    /// Non-ASCII and IPv6 links encode too; absurdly long text does not.
    #[test]
    fn links_of_every_shape_encode() {
        for link in ["ws://[fd00:c1a5:7::10]:4455/ws", "ws://aula-física.local:4455/ws"] {
            let qr = JoinQr::new(link).expect("a code");
            assert!(qr.size >= 21 && (qr.size - 17).is_multiple_of(4), "a QR size: {}", qr.size);
            assert!(qr.path.starts_with("M0 0h7v1h-7z"), "the finder pattern comes first");
        }
        assert_eq!(JoinQr::new(&"x".repeat(5000)), None);
    }
}
