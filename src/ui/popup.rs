//! The boxes drawn over the board (help, case detail, forms, roster): one frame for all of
//! them, titled at the top with what it is and at the bottom with the keys that close it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::{Block, Clear, Paragraph};

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
    let block = Block::bordered()
        .title(Span::styled(format!(" {title} "), theme.title()))
        .title_bottom(format!(" {hint} "));
    let inner = block.inner(area);
    frame.render_widget(Clear, area);
    frame.render_widget(body.block(block), area);
    inner
}
