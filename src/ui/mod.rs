//! Drawing the dashboard. Render reads the model and `now`, draws, and keeps no state.
//!
//! Small windows collapse in a fixed order: first the grid map becomes one line of counts,
//! then the big most-urgent clock becomes one line; the board always stays.

mod board;
mod header;
mod help;
mod map;
mod theme;
mod today;
mod urgent;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::{Model, board::rows};
pub use theme::Theme;

/// The side panel (big clock and map) needs this much room.
const WIDE: u16 = 120;
const TALL: u16 = 30;

pub fn render(frame: &mut Frame, model: &Model, now: DateTime<Utc>, theme: Theme) {
    let area = frame.area();
    // Ordered once a frame; the map counts every grid, the board shows the filtered ones.
    let all_rows = rows(&model.snapshot.open, &model.targets, now, None);
    let rows: Vec<_> = all_rows
        .iter()
        .filter(|r| model.grid.is_none_or(|g| r.case.grid == g))
        .cloned()
        .collect();
    let [top, trouble, figures, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(model.trouble.is_some() || model.lost.is_some())),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::header(frame, top, model, now, theme);
    if let Some(why) = model.lost.as_ref().or(model.trouble.as_ref()) {
        let ui = &crate::i18n::texts(model.lang).ui;
        frame.render_widget(
            Paragraph::new(Line::from(format!(" !! {}: {why}", ui.store_trouble)))
                .style(theme.trouble()),
            trouble,
        );
    }
    today::today(frame, figures, model, theme);
    header::hints(frame, bottom, model, theme);
    let top_row = rows.first();
    if area.width >= WIDE && area.height >= TALL {
        let [left, side] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length((area.width * 2 / 5).clamp(56, 90)),
        ])
        .areas(body);
        let [big, plan] =
            Layout::vertical([Constraint::Length(8), Constraint::Fill(1)]).areas(side);
        board::board(frame, left, model, &rows, theme);
        urgent::urgent(frame, big, model, top_row, theme);
        map::map(frame, plan, model, &all_rows, theme, now);
    } else {
        let [line, grids, list] = Layout::vertical([
            Constraint::Length(u16::from(top_row.is_some())),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        urgent::urgent_line(frame, line, model, top_row, theme);
        map::map_line(frame, grids, model, &all_rows, theme);
        board::board(frame, list, model, &rows, theme);
    }
    if model.help {
        help::help(frame, area, model, theme);
    }
}
