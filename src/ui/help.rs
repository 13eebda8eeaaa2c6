//! The `?` overlay: every key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;
use crate::text::pad;

pub fn help(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let height = (ui.keys.len() as u16 + 6).min(area.height);
    let popup = area.centered(
        Constraint::Length(64.min(area.width)),
        Constraint::Length(height),
    );
    let mut lines: Vec<Line> = ui
        .keys
        .iter()
        .map(|(key, what)| {
            Line::from(vec![
                Span::styled(format!("  {}", pad(key, 10)), theme.title()),
                Span::raw(*what),
            ])
        })
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(format!("  {}", ui.collapse_note), theme.dim()));
    let body = Paragraph::new(lines).wrap(Wrap { trim: false });
    super::popup::popup(frame, popup, ui.help_title, ui.help_close, body, theme);
}

/// "Quit the duty desk?": a wall screen is not closed by one stray key.
pub fn confirm_quit(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let f = &texts(model.lang).form;
    let popup = area.centered(
        Constraint::Length(56.min(area.width)),
        Constraint::Length(3.min(area.height)),
    );
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(Line::styled(format!(" {}", f.confirm_quit), theme.title()))
            .block(Block::bordered()),
        popup,
    );
}
