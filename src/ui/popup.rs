//! The boxes drawn over the board (help, case detail, forms, roster): one frame for all of
//! them, titled at the top with what it is and at the bottom with the keys that close it.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;

/// Draws `body` in a bordered box at `area`, clearing what is under it; gives the inside.
pub fn popup(
    frame: &mut Frame,
    area: Rect,
    title: &str,
    hint: &str,
    body: Paragraph,
    theme: Theme,
) -> Rect {
    let mut block = Block::bordered();
    if !title.is_empty() {
        block = block.title(Span::styled(format!(" {title} "), theme.title()));
    }
    if !hint.is_empty() {
        // Cut with `…` inside the corners: a hint that does not fit says so.
        let room = usize::from(area.width.saturating_sub(4));
        block = block.title_bottom(format!(" {} ", crate::text::truncate(hint, room)));
    }
    let inner = block.inner(area);
    fence(frame.buffer_mut(), area);
    frame.render_widget(Clear, area);
    frame.render_widget(body.block(block), area);
    inner
}

/// Makes room for a box's edges: a wide character (Chinese) under the board whose second
/// half would fall under the box's left edge is blanked, else the terminal draws it over the
/// edge and the border loses a cell. Inside the box, `Clear` empties every cell.
pub fn fence(buf: &mut Buffer, area: Rect) {
    let Some(left) = area.x.checked_sub(1) else {
        return;
    };
    for y in area.top()..area.bottom() {
        if let Some(cell) = buf.cell_mut((left, y))
            && cell.symbol().width() > 1
        {
            cell.set_symbol(" ");
        }
    }
}
