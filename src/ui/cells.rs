//! Text written into the frame's cells, as ratatui writes it, for less.
//!
//! ratatui's `set_stringn` cuts every string into graphemes and measures each, and its
//! `Paragraph` first styles every cell of its area: on a whole wall-screen frame those were a
//! third of the cost. The wall screen's text is ASCII and CJK, whose characters are each a
//! grapheme of their own, so it is written char by char; anything else (combining marks,
//! emoji sequences, flags, controls) goes ratatui's way, so what shows is always the same.

use ratatui::buffer::Buffer;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The columns `c` takes when it is a grapheme on its own whatever comes next to it (a
/// character of a block with no combining, joining or modifying characters), else `None`.
fn plain(c: char) -> Option<u16> {
    let alone = matches!(c,
        ' '..='~'
        | '\u{a0}'..='\u{2ff}'
        | '\u{2010}'..='\u{2bff}'
        | '\u{2e80}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7a3}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff01}'..='\u{ff9d}'
        | '\u{20000}'..='\u{3fffd}');
    if !alone {
        return None;
    }
    // The most common, known without a look-up.
    if c <= '~' {
        return Some(1);
    }
    if matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{ac00}'..='\u{d7a3}') {
        return Some(2);
    }
    match c.width() {
        Some(w @ (1 | 2)) => Some(w as u16),
        _ => None,
    }
}

/// Gives `style` to the cells of `area`, as `Buffer::set_style` does, a row at a time over the
/// buffer's own cells rather than looking each up by its position.
pub fn style_area(buf: &mut Buffer, area: Rect, style: Style) {
    let area = buf.area.intersection(area);
    if area.is_empty() {
        return;
    }
    for y in area.top()..area.bottom() {
        let start = buf.index_of(area.x, y);
        let row = start..start + usize::from(area.width);
        for cell in &mut buf.content[row] {
            cell.set_style(style);
        }
    }
}

/// The columns `text` takes, as ratatui counts them.
pub fn width(text: &str) -> usize {
    let mut sum = 0;
    for c in text.chars() {
        match plain(c) {
            Some(w) => sum += usize::from(w),
            None => return text.width(),
        }
    }
    sum
}

/// Writes `text` from column `x` of row `y` in at most `max_width` columns, as
/// `Buffer::set_stringn` does; gives the column after it.
pub fn put_str(
    buf: &mut Buffer,
    x: u16,
    y: u16,
    text: &str,
    max_width: usize,
    style: Style,
) -> u16 {
    if !text.chars().all(|c| plain(c).is_some()) {
        return buf.set_stringn(x, y, text, max_width, style).0;
    }
    let room = u16::try_from(max_width).unwrap_or(u16::MAX);
    write(buf, x, y, text, room, style, Way::String)
}

/// Writes `text`, made visible, into `width` columns from `x`, cut with `…` when longer: a
/// table's cell. Printable ASCII (case numbers, countdowns, grids) goes straight into the
/// cells without being looked at again.
pub fn fit(buf: &mut Buffer, x: u16, y: u16, text: &str, width: u16, style: Style) {
    let room = usize::from(width);
    if text.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        let fits = text.len() <= room;
        let take = if fits {
            text.len()
        } else {
            room.saturating_sub(1)
        };
        let mut at = x;
        for b in text.bytes().take(take) {
            if let Some(cell) = buf.cell_mut((at, y)) {
                cell.set_char(char::from(b)).set_style(style);
            }
            at += 1;
        }
        if !fits
            && room > 0
            && let Some(cell) = buf.cell_mut((at, y))
        {
            cell.set_symbol("…").set_style(style);
        }
        return;
    }
    let shown = crate::text::visible(text);
    if self::width(&shown) <= room {
        put_str(buf, x, y, &shown, room, style);
    } else {
        put_str(buf, x, y, &crate::text::truncate(&shown, room), room, style);
    }
}

/// Whose way plain text is written: `set_stringn`'s empties the column a wide character
/// covers and stops at the first that does not fit; a `Paragraph`'s leaves that column as the
/// area's style made it and passes over a character wider than the whole area.
#[derive(Clone, Copy, PartialEq)]
enum Way {
    String,
    Paragraph { area_width: u16 },
}

/// Writes text whose every character is [`plain`].
fn write(buf: &mut Buffer, x: u16, y: u16, text: &str, room: u16, style: Style, way: Way) -> u16 {
    let right = buf.area.right().min(x.saturating_add(room));
    let mut x = x;
    for c in text.chars() {
        let w = plain(c).unwrap_or(1);
        if let Way::Paragraph { area_width } = way
            && w > area_width
        {
            continue;
        }
        if x + w > right {
            break;
        }
        if let Some(cell) = buf.cell_mut((x, y)) {
            cell.set_char(c).set_style(style);
        }
        if w == 2
            && way == Way::String
            && let Some(cell) = buf.cell_mut((x + 1, y))
        {
            cell.reset();
        }
        x += w;
    }
    x
}

/// Draws `lines` from the top of `area`, one a row, each at its own alignment, cut at the
/// area's right edge, over `style`: what a `Paragraph` of unwrapped lines draws.
pub fn lines(buf: &mut Buffer, area: Rect, lines: &[Line], style: Style) {
    if area.is_empty() {
        return;
    }
    if style != Style::new() {
        style_area(buf, area, style);
    }
    for (y, line) in (area.top()..area.bottom()).zip(lines) {
        let plain_text = line
            .spans
            .iter()
            .all(|s| s.content.chars().all(|c| plain(c).is_some()));
        let line_width = line.spans.iter().map(|s| width(&s.content)).sum::<usize>();
        let line_width = u16::try_from(line_width).unwrap_or(u16::MAX);
        let alignment = line.alignment.unwrap_or(Alignment::Left);
        if !plain_text || (line_width > area.width && alignment != Alignment::Left) {
            // ratatui's own way: rare enough not to matter.
            let row = Rect {
                y,
                height: 1,
                ..area
            };
            ratatui::widgets::Widget::render(
                ratatui::widgets::Paragraph::new(line.clone()).style(style),
                row,
                buf,
            );
            continue;
        }
        let offset = match alignment {
            Alignment::Center => (area.width / 2).saturating_sub(line_width / 2),
            Alignment::Right => area.width.saturating_sub(line_width),
            Alignment::Left => 0,
        };
        let way = Way::Paragraph {
            area_width: area.width,
        };
        let mut x = area.x + offset;
        let end = area.right();
        for span in &line.spans {
            let style = style.patch(line.style).patch(span.style);
            x = write(buf, x, y, &span.content, end.saturating_sub(x), style, way);
        }
    }
}

/// One line: [`lines`] of one.
pub fn line(buf: &mut Buffer, area: Rect, line: &Line, style: Style) {
    lines(buf, area, std::slice::from_ref(line), style);
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::style::{Color, Stylize};
    use ratatui::text::Span;
    use ratatui::widgets::{Paragraph, Widget};

    const SAMPLES: [&str; 12] = [
        "plain ASCII text",
        "新联社区 · 网格 3 │ 路灯不亮",
        "Café déjà vu ½ ©",
        "e\u{301} combining after",
        "👍🏽 thumbs with a skin tone",
        "❤\u{fe0f} heart with VS16",
        "🇨🇳 a flag",
        "한국어 텍스트",
        "ｶﾞ halfwidth with a sound mark",
        "a\u{200d}b joined",
        "⚠ ✓ → ↑ … ━ ┄",
        "𠀀𠀁 beyond the basic plane",
    ];

    fn both(draw: impl Fn(&mut Buffer, bool)) {
        for width in [0u16, 1, 5, 9, 14, 40] {
            let area = Rect::new(0, 0, width, 2);
            let mut ours = Buffer::empty(area);
            let mut theirs = Buffer::empty(area);
            draw(&mut ours, true);
            draw(&mut theirs, false);
            assert_eq!(ours, theirs, "at width {width}");
        }
    }

    #[test]
    fn a_string_is_written_as_ratatui_writes_it() {
        for text in SAMPLES {
            for start in [0u16, 1, 3] {
                both(|buf, ours| {
                    let room = usize::from(buf.area.width);
                    let style = Style::new().fg(Color::Red);
                    if ours {
                        put_str(buf, start, 1, text, room, style);
                    } else {
                        buf.set_stringn(start, 1, text, room, style);
                    }
                });
            }
            assert_eq!(width(text), text.width(), "{text}");
        }
    }

    fn written(text: &str, width: u16) -> String {
        let mut buf = Buffer::empty(Rect::new(0, 0, 12, 1));
        fit(&mut buf, 1, 0, text, width, Style::new());
        // As a terminal shows it: a wide character covers the cell after it.
        let mut shown = String::new();
        let mut x = 0;
        while x < 12 {
            let symbol = buf[(x, 0)].symbol();
            shown.push_str(symbol);
            x += u16::try_from(symbol.width().max(1)).unwrap_or(1);
        }
        shown
    }

    #[test]
    fn a_cell_holds_what_fits_and_says_what_was_cut() {
        // ASCII whole, then cut with the ellipsis in the last cell given.
        assert_eq!(written("20261207-003", 12), " 20261207-00");
        assert_eq!(written("12:34", 5), " 12:34      ");
        assert_eq!(written("20261207-003", 6), " 20261…     ");
        // Wide characters are never split, and the cut is marked.
        assert_eq!(written("新联街十号", 10), " 新联街十号 ");
        assert_eq!(written("新联街十号", 5), " 新联…      ");
        // A resident's control character is shown, never sent to the terminal.
        assert_eq!(written("a\u{1b}[2Jb", 8), " a␛[2Jb     ");
    }

    #[test]
    fn an_area_is_styled_as_ratatui_styles_it() {
        let style = Style::new().fg(Color::Red).bold();
        for area in [
            Rect::new(1, 0, 3, 2),
            Rect::new(10, 1, 50, 5),
            Rect::new(0, 0, 0, 0),
        ] {
            both(|buf, ours| {
                buf.set_string(0, 0, "新联 abc", Style::new().bg(Color::Blue));
                if ours {
                    style_area(buf, area, style);
                } else {
                    buf.set_style(area, style);
                }
            });
        }
    }

    #[test]
    fn lines_are_drawn_as_a_paragraph_draws_them() {
        for text in SAMPLES {
            for alignment in [Alignment::Left, Alignment::Center, Alignment::Right] {
                let spans = || {
                    Line::from(vec![Span::raw("· "), Span::raw(text).bold()])
                        .alignment(alignment)
                        .style(Style::new().fg(Color::Yellow))
                };
                both(|buf, ours| {
                    let two = [spans(), Line::from(text)];
                    let style = Style::new().bg(Color::Blue);
                    if ours {
                        lines(buf, buf.area, &two, style);
                    } else {
                        Paragraph::new(two.to_vec())
                            .style(style)
                            .render(buf.area, buf);
                    }
                });
            }
        }
    }
}
