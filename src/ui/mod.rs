//! Drawing the dashboard. Render reads the model and `now`, draws, and keeps no state.
//!
//! Small windows collapse in a fixed order: first the grid map becomes one line of counts,
//! then the big most-urgent clock becomes one line; the board always stays.

mod board;
mod detail;
mod form;
mod header;
mod help;
mod map;
mod roster;
mod theme;
mod today;
mod urgent;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::board::{rows, shown_from};
use crate::app::{Model, View};
pub use theme::Theme;

/// The side panel (big clock and map) needs this much room.
const WIDE: u16 = 120;
const TALL: u16 = 30;

pub fn render(frame: &mut Frame, model: &Model, now: DateTime<Utc>, theme: Theme) {
    let area = frame.area();
    // The map counts every open case; the board shows the list, grid and search chosen.
    let all_rows = rows(&model.snapshot.open, &model.targets, now, None);
    let rows = shown_from(model, &all_rows);
    let [top, trouble, figures, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(
            model.trouble.is_some() || model.lost.is_some() || model.failed.is_some(),
        )),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    header::header(frame, top, model, now, theme);
    banner(frame, trouble, model, theme);
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
    // Overlays, lowest first: a form opened from the detail is drawn over it.
    if model.detail.is_some() && matches!(model.view, View::Detail | View::Form(_)) {
        detail::detail(frame, area, model, theme);
    }
    match &model.view {
        View::Board | View::Detail => {}
        View::Roster { .. } => roster::roster(frame, area, model, theme),
        View::Help => help::help(frame, area, model, theme),
        View::ConfirmQuit => help::confirm_quit(frame, area, model, theme),
        View::Form(f) => form::form(frame, area, model, f, theme),
    }
}

/// The one banner line: the database gone, a write that failed, or reads failing.
fn banner(frame: &mut Frame, area: ratatui::layout::Rect, model: &Model, theme: Theme) {
    let t = crate::i18n::texts(model.lang);
    let text = if let Some(lost) = &model.lost {
        format!(" !! {lost}")
    } else if let Some(failed) = &model.failed {
        format!(
            " !! {}: {} · {}",
            t.form.write_failed, failed.why, t.form.retry
        )
    } else if let Some(why) = &model.trouble {
        format!(" !! {}: {why}", t.ui.store_trouble)
    } else {
        return;
    };
    frame.render_widget(
        Paragraph::new(Line::from(text)).style(theme.trouble()),
        area,
    );
}
