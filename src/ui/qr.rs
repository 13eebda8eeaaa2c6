//! A link as a QR code in the terminal: two modules a row in half blocks (`▀▄█`), dark on
//! white with the standard quiet zone, which a phone's camera reads off a wall screen.

use qrcode::QrCode;
use qrcode::render::unicode::Dense1x2;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};

/// The code's lines, or `None` for a text too long to encode.
pub fn lines(text: &str) -> Option<Vec<String>> {
    let code = QrCode::new(text.as_bytes()).ok()?;
    let image = code
        .render::<Dense1x2>()
        .dark_color(Dense1x2::Dark)
        .light_color(Dense1x2::Light)
        .quiet_zone(true)
        .build();
    Some(image.lines().map(str::to_string).collect())
}

/// Its size in cells.
pub fn size(lines: &[String]) -> (u16, u16) {
    let width = lines.iter().map(|l| l.chars().count()).max().unwrap_or(0);
    (
        u16::try_from(width).unwrap_or(u16::MAX),
        u16::try_from(lines.len()).unwrap_or(u16::MAX),
    )
}

/// Draws the code at `area`'s top-left; black on white whatever the theme, or it cannot be
/// scanned.
pub fn draw(buf: &mut Buffer, area: Rect, lines: &[String]) {
    let style = Style::new().fg(Color::Black).bg(Color::White);
    for (y, line) in (area.y..area.bottom()).zip(lines) {
        buf.set_stringn(area.x, y, line, usize::from(area.width), style);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_is_a_square_of_half_blocks_with_its_quiet_zone() {
        let lines = lines("https://desk.xinlian.example/r/-poHjX84SJckNYja-JdVKQ").expect("fits");
        let (w, h) = size(&lines);
        // Version 3 or 4 (29 or 33 modules) and 4 modules of quiet zone each side.
        assert!((37..=41).contains(&w), "{w}");
        assert_eq!(h, w.div_ceil(2));
        assert!(lines[0].chars().all(|c| c == ' '), "quiet zone");
        assert!(
            lines
                .iter()
                .flat_map(|l| l.chars())
                .all(|c| " ▀▄█".contains(c))
        );
    }
}
