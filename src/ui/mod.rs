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
mod popup;
mod roster;
mod screen;
mod theme;
mod today;
mod urgent;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::app::board::{Row, rows, shown_from};
use crate::app::{Model, View};
pub use screen::Screen;
pub use theme::Theme;

/// The side panel (big clock and map) needs this much room.
const WIDE: u16 = 120;
const TALL: u16 = 30;

/// Draws a whole frame (the loop goes through [`Screen`], which may redraw only the clocks).
pub fn render(frame: &mut Frame, model: &Model, now: DateTime<Utc>, theme: Theme) {
    let all_rows = rows(&model.snapshot.open, &model.targets, now, None);
    let shown = shown_from(model, &all_rows);
    paint(frame, model, now, theme, &all_rows, &shown);
}

/// Where the parts that move with the clock were drawn in a full frame.
pub(crate) struct Clocks {
    /// The header's clock.
    pub header: Rect,
    /// The most-urgent countdown: the big digits' area, or the whole line on small screens.
    pub urgent: (Rect, bool),
    /// Each visible board row's clock cell, the row's index and the row's style.
    pub board: Vec<(Rect, usize, ratatui::style::Style)>,
}

/// Draws the whole frame and says where the clocks went.
/// The map counts every open case (`all_rows`); the board shows the list, grid and search
/// chosen (`rows`).
fn paint(
    frame: &mut Frame,
    model: &Model,
    now: DateTime<Utc>,
    theme: Theme,
    all_rows: &[Row],
    rows: &[Row],
) -> Clocks {
    let area = frame.area();
    let [top, trouble, figures, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(
            model.trouble.is_some()
                || model.lost.is_some()
                || model.failed.is_some()
                || model.alarm().is_some(),
        )),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let header_clock = header::header(frame.buffer_mut(), top, model, now, theme);
    banner(frame, trouble, model, now, theme);
    today::today(frame, figures, model, theme);
    header::hints(frame, bottom, model, theme);
    let top_row = rows.first();
    let clocks = if area.width >= WIDE && area.height >= TALL {
        let [left, side] = Layout::horizontal([
            Constraint::Fill(1),
            Constraint::Length((area.width * 2 / 5).clamp(56, 90)),
        ])
        .areas(body);
        let [big, plan] =
            Layout::vertical([Constraint::Length(8), Constraint::Fill(1)]).areas(side);
        let board = board::board(frame, left, model, rows, theme);
        let digits = urgent::urgent(frame.buffer_mut(), big, model, top_row, theme);
        map::map(frame, plan, model, all_rows, theme);
        Clocks {
            header: header_clock,
            urgent: (digits, true),
            board,
        }
    } else {
        let [line, grids, list] = Layout::vertical([
            Constraint::Length(u16::from(top_row.is_some())),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(body);
        urgent::urgent_line(frame.buffer_mut(), line, model, top_row, theme);
        map::map_line(frame, grids, model, all_rows, theme);
        let board = board::board(frame, list, model, rows, theme);
        Clocks {
            header: header_clock,
            urgent: (line, false),
            board,
        }
    };
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
    clocks
}

/// The one banner line: the database gone, a write that failed, or reads failing.
fn banner(frame: &mut Frame, area: Rect, model: &Model, now: DateTime<Utc>, theme: Theme) {
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
    } else if let Some(alarm) = model.alarm() {
        let hint = if alarm.case.is_some() {
            format!(" · {}", t.alert.banner_hint)
        } else {
            String::new()
        };
        let summary = crate::app::alarm::banner_summary(model, alarm, now);
        format!(" !! {summary} · {}{hint}", alarm.body)
    } else {
        return;
    };
    frame.render_widget(
        Paragraph::new(Line::from(text)).style(theme.trouble()),
        area,
    );
}
