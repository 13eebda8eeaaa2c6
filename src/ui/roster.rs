//! The roster over the board: who is on duty, in which grid, doing what.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::duty::doing;
use crate::app::{Model, View};
use crate::i18n::texts;
use crate::text::pad;

pub fn roster(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let View::Roster { selected } = model.view else {
        return;
    };
    let t = texts(model.lang);
    let f = &t.form;
    let roster = &model.snapshot.roster;
    let height = (roster.len() as u16 + 2).min(area.height.saturating_sub(2));
    let popup = area.centered(
        Constraint::Length(area.width.min(90)),
        Constraint::Length(height),
    );
    let visible = usize::from(height.saturating_sub(2)).max(1);
    let offset = selected.saturating_sub(visible - 1);
    let lines: Vec<Line> = roster
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, r)| {
            let now = doing(&model.snapshot.open, &r.name).describe(f);
            let duty = if r.on_duty { t.on_duty } else { t.off_duty };
            let grid = r.grid.map_or("-".to_string(), |g| g.to_string());
            let text = format!(
                " {} {} {} {} {now}",
                pad(&r.name, 16),
                pad(t.role[r.role as usize], 12),
                pad(&grid, 3),
                pad(duty, 8),
            );
            let mut style = if r.on_duty {
                ratatui::style::Style::new()
            } else {
                theme.dim()
            };
            if i == selected {
                style = style.patch(theme.selected()).patch(theme.title());
            }
            Line::styled(text, style)
        })
        .collect();
    let body = Paragraph::new(lines);
    let k = &crate::i18n::texts(model.lang).keys;
    let hint = crate::keymap::hint_line(crate::keymap::ROSTER, |a| k.roster[a as usize]);
    super::popup::popup(frame, popup, f.roster_title, &hint, body, theme);
}
