//! The `?` overlay: every key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;
use crate::keymap;
use crate::text::pad;

pub fn help(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let item = |keys: String, what: &'static str| {
        Line::from(vec![
            Span::styled(format!("  {}", pad(&keys, 14)), theme.title()),
            Span::raw(what),
        ])
    };
    let mut lines: Vec<Line> = keymap::BOARD
        .iter()
        .map(|b| item(b.label(), ui.key_help[b.does as usize]))
        .collect();
    lines.push(Line::from(""));
    lines.push(Line::styled(format!("  {}", ui.detail_keys), theme.title()));
    lines.extend(
        keymap::DETAIL
            .iter()
            .map(|b| item(b.label(), ui.detail_help[b.does as usize])),
    );
    lines.push(Line::from(""));
    lines.push(Line::styled(format!("  {}", ui.mouse_help), theme.dim()));
    lines.push(Line::styled(format!("  {}", ui.collapse_note), theme.dim()));
    let height = u16::try_from(lines.len() + 4)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = area.centered(
        Constraint::Length(80.min(area.width)),
        Constraint::Length(height),
    );
    let body = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((model.scroll, 0));
    super::popup::popup(frame, popup, ui.help_title, ui.help_close, body, theme);
}

/// "Quit the duty desk?": a wall screen is not closed by one stray key.
pub fn confirm_quit(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let f = &texts(model.lang).form;
    let popup = area.centered(
        Constraint::Length(56.min(area.width)),
        Constraint::Length(3.min(area.height)),
    );
    let body = Paragraph::new(Line::styled(format!(" {}", f.confirm_quit), theme.title()));
    super::popup::popup(frame, popup, "", "", body, theme);
}
