//! Drawing the dashboard. Render reads the model and `now`, draws, and keeps no state.
//!
//! Smaller windows give way in a fixed order: the grid map and the big most-urgent clock become
//! a line each before the board loses any column it cannot do without; larger ones give the
//! big clock more room.

mod board;
mod cells;
pub mod console;
mod detail;
mod form;
mod handover;
mod header;
mod help;
mod map;
mod panel;
mod popup;
pub mod qr;
mod roster;
mod screen;
mod stats;
pub mod subdistrict;
mod theme;
mod today;
mod urgent;

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;

use crate::app::board::{Listing, Row, shown_from};
use crate::app::{Board, Model, Target, View};
use crate::domain::Stage;
pub use screen::Screen;
pub use theme::Theme;

/// The side panel (big clock and map) is drawn only when the board beside it keeps every
/// column; below that the board takes the whole width and the panel shrinks to two lines.
const BOARD_FULL: u16 = 100;
/// The narrowest the big clock and the map are worth drawing.
const SIDE_MIN: u16 = 54;
const TALL: u16 = 30;
/// From this many rows of body, the most-urgent panel grows (bigger digits, the next cases).
const GROW: u16 = 50;

/// Draws a whole frame (the loop goes through [`Screen`], which may redraw only the clocks).
pub fn render(frame: &mut Frame, model: &Model, now: DateTime<Utc>, theme: Theme) {
    let open = Listing::open(model, now);
    let shown = shown_from(model, &open);
    paint(frame, model, now, theme, &open, &shown);
}

/// Where the parts that move with the clock were drawn in a full frame, and what a mouse click
/// lands on.
pub(crate) struct Clocks {
    /// The header's clock.
    pub header: Rect,
    /// The most-urgent panel (whole), or its line on small screens; `true` for the panel.
    pub urgent: (Rect, bool),
    /// How many of the most urgent cases it showed.
    pub urgent_cases: usize,
    /// The banner's line: an alert's clock counts there too.
    pub banner: Rect,
    /// Each visible board row's clock cell.
    pub board: Vec<board::ClockCell>,
    pub hits: Vec<(Rect, Target)>,
}

/// The side panel's width for a screen `width` wide, if it fits beside a whole board.
fn side_width(width: u16) -> Option<u16> {
    let side = (width * 2 / 5)
        .clamp(SIDE_MIN, 90)
        .min(width.saturating_sub(BOARD_FULL));
    (side >= SIDE_MIN).then_some(side)
}

/// Draws the whole frame and says where the clocks went.
/// The map and the most-urgent panel count every open case (`open`); the board shows the
/// list, grid and search chosen (`rows`).
fn paint(
    frame: &mut Frame,
    model: &Model,
    now: DateTime<Utc>,
    theme: Theme,
    open: &Listing,
    rows: &Listing,
) -> Clocks {
    let area = frame.area();
    if let Board::SubDistrict(board) = &model.board {
        subdistrict::board(frame, model, board, now, theme);
        overlays(frame, area, model, now, theme);
        return Clocks {
            header: Rect::default(),
            urgent: (Rect::default(), false),
            urgent_cases: 0,
            banner: Rect::default(),
            board: Vec::new(),
            hits: Vec::new(),
        };
    }
    // The banner's line is always there, so the layout never jumps when an alert comes or goes.
    let [top, trouble, figures, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
        Constraint::Length(1),
    ])
    .areas(area);
    let header_clock = header::header(frame.buffer_mut(), top, model, now, theme);
    banner_line(frame.buffer_mut(), trouble, model, now, theme);
    today::today(frame, figures, model, theme);
    header::hints(frame, bottom, model, theme);
    let tops: Vec<Row> = open.rows(0, urgent::MOST).collect();
    let by_grid = open.by_grid();
    let mut hits = Vec::new();
    let (list, urgent_at, urgent_cases) = match side_width(area.width)
        .filter(|_| area.height >= TALL)
    {
        Some(side_w) => {
            let [left, side] =
                Layout::horizontal([Constraint::Fill(1), Constraint::Length(side_w)]).areas(body);
            let big_h = if body.height >= GROW {
                body.height - body.height * 2 / 5
            } else {
                8
            };
            let [big, plan] =
                Layout::vertical([Constraint::Length(big_h), Constraint::Fill(1)]).areas(side);
            let shown = urgent::panel(frame.buffer_mut(), big, model, &tops, theme);
            hits.extend(map::map(frame, plan, model, &by_grid, theme));
            (left, (big, true), shown)
        }
        None => {
            let [line, grids, list] = Layout::vertical([
                Constraint::Length(u16::from(!open.is_empty())),
                Constraint::Length(1),
                Constraint::Fill(1),
            ])
            .areas(body);
            urgent::urgent_line(frame.buffer_mut(), line, model, tops.first(), theme);
            hits.extend(map::map_line(frame, grids, model, &by_grid, theme));
            (list, (line, false), usize::from(!tops.is_empty()))
        }
    };
    let board = board::board(frame, list, model, rows, open, theme);
    hits.extend(board.iter().filter_map(|cell| {
        let case = rows.case(cell.row)?;
        let line = Rect {
            y: cell.area.y,
            height: 1,
            ..list
        };
        Some((line, Target::Case(case.number.clone())))
    }));
    overlays(frame, area, model, now, theme);
    Clocks {
        header: header_clock,
        banner: trouble,
        urgent: urgent_at,
        urgent_cases,
        board,
        hits,
    }
}

/// What is drawn over either board, lowest first: a form opened from the detail is drawn
/// over it.
fn overlays(frame: &mut Frame, area: Rect, model: &Model, now: DateTime<Utc>, theme: Theme) {
    if model.detail.is_some() && matches!(model.view, View::Detail | View::Form(_)) {
        detail::detail(frame, area, model, now, theme);
    }
    match (&model.view, &model.board) {
        (View::Board | View::Detail, _) => {}
        (View::Help, Board::SubDistrict(board)) => {
            subdistrict::help(frame, area, model, board, theme);
        }
        (View::Help, Board::Community) => help::help(frame, area, model, theme),
        (View::Roster { .. }, _) => roster::roster(frame, area, model, theme),
        (View::Stats, _) => stats::stats(frame, area, model, theme),
        (View::Handover, _) => handover::handover(frame, area, model, theme),
        (View::ConfirmQuit, _) => help::confirm_quit(frame, area, model, theme),
        (View::Form(f), _) => form::form(frame, area, model, f, now, theme),
    }
    if theme.console {
        console::fit(frame.buffer_mut());
    }
}

/// The one banner line: the database gone, a write that failed, reads failing, or the latest
/// alert (`!` a warning, `!!` overdue, as on the case's row, counted as the row counts: a
/// tick redraws this line with the clocks).
pub(crate) fn banner_line(
    buf: &mut Buffer,
    area: Rect,
    model: &Model,
    now: DateTime<Utc>,
    theme: Theme,
) {
    let t = crate::i18n::texts(model.lang);
    let (stage, text) = if let Some(lost) = &model.lost {
        (Stage::Overdue, format!(" !! {lost}"))
    } else if model.unreachable {
        (Stage::Overdue, format!(" !! {}", t.ui.unreachable))
    } else if let Some(failed) = &model.failed {
        let hint = crate::keymap::hint_line(crate::keymap::FAILED, |a| t.keys.failed[a as usize]);
        let why = format!(" !! {}: {} · {hint}", t.form.write_failed, failed.why);
        (Stage::Overdue, why)
    } else if let Some(why) = &model.trouble {
        (Stage::Overdue, format!(" !! {}: {why}", t.ui.store_trouble))
    } else if let Some(alarm) = model.alarm() {
        let hint = if alarm.case.is_some() {
            format!(" · {}", t.alert.banner_hint)
        } else {
            String::new()
        };
        let summary = crate::app::alarm::banner_summary(model, alarm, now);
        let stage = crate::app::alarm::banner_stage(model, alarm, now);
        let marker = Theme::marker(stage).trim();
        (stage, format!(" {marker} {summary} · {}{hint}", alarm.body))
    } else {
        return;
    };
    let text = crate::text::truncate(&text, usize::from(area.width));
    cells::line(buf, area, &Line::from(text), theme.stage(stage));
}
