//! The handover sheet (`h`): what the next shift must know, from live clocks; Enter records
//! the handover.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Clear, Paragraph};

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;

pub fn handover(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let t = texts(model.lang);
    frame.render_widget(Clear, area);
    let hint = crate::keymap::hint_line(crate::keymap::HANDOVER, |a| t.keys.sheet[a as usize]);
    let title = format!(" {} · {hint} ", t.handover.title);
    let block = Block::bordered().title(crate::text::truncate(
        &title,
        usize::from(area.width.saturating_sub(2)),
    ));
    let Some(sheet) = model.handover.as_deref() else {
        frame.render_widget(Paragraph::new(" …").block(block), area);
        return;
    };
    let view = crate::present::View::new(model.lang, &model.catalog, model.targets, false);
    let text = crate::desk::handover::text(&view, sheet);
    let lines: Vec<Line> = text
        .lines()
        .skip(1)
        .map(|l| {
            if l.starts_with("  ") || l.is_empty() {
                Line::from(format!(" {l}"))
            } else {
                Line::styled(format!(" {l}"), theme.title())
            }
        })
        .collect();
    // Scrolled with j/k; what does not fit is said, never silently cut.
    let room = usize::from(area.height.saturating_sub(2));
    let skip = usize::from(model.scroll).min(lines.len().saturating_sub(1));
    let mut shown: Vec<Line> = lines.iter().skip(skip).cloned().collect();
    if shown.len() > room {
        let more = shown.len() + 1 - room;
        shown.truncate(room.saturating_sub(1));
        shown.push(Line::styled(
            t.handover.more.replace("{count}", &more.to_string()),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(shown).block(block), area);
}
