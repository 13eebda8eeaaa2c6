//! The screen between frames. Anything but the clock changing draws a whole frame through
//! ratatui. A plain tick draws only the clocks (header, most urgent, the board's clock column)
//! into small buffers and writes the cells that changed straight to the terminal: a whole-frame
//! pass touches every cell of three screen-sized buffers and every open case, and on a wall
//! screen that sleeps between seconds that memory is cold each time, which made it most of the
//! idle cost. A tick reads only what it draws.
//!
//! A tick can take the short way until the next instant any open case changes stage (the
//! board's order follows the deadlines, so it does not move with time). ratatui keeps its own
//! copy of the terminal (the last whole frame); cells written around it are put back before
//! the next whole frame, so its diff stays true.

use chrono::{DateTime, Utc};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::Rect;

use super::{Theme, board, header, paint, urgent};
use crate::app::board::{Listing, row, shown_from};
use crate::app::{List, Model, Target, View};
use crate::domain::Stage;

#[derive(Default)]
pub struct Screen {
    last: Option<Shown>,
    /// Ticks that wrote only the clocks, for tests and benchmarks to see the short way ran.
    repaints: u64,
    /// What the last whole frame drew where, for the mouse.
    hits: Vec<(Rect, Target)>,
}

/// What the terminal shows since the last whole frame, and what a tick needs to redraw.
struct Shown {
    /// The terminal's size then.
    area: Rect,
    at: DateTime<Utc>,
    /// The first instant an open case changes stage; `None` when none ever will.
    until: Option<DateTime<Utc>>,
    header: Rect,
    banner: Rect,
    /// The most-urgent panel, whether big, and its cases (indexes into the open cases).
    urgent: (Rect, bool, Vec<usize>),
    clocks: Vec<ClockCell>,
    /// The regions ticks rewrite (see `areas`), as the whole frame drew them: what ratatui
    /// remembers there.
    painted: Vec<Buffer>,
    /// The same regions as ticks since rewrote them; `None` while they are as painted.
    rewritten: Option<Vec<Buffer>>,
}

/// One board row's clock cell and its deadline (none: tracked, or no arrival recorded).
struct ClockCell {
    cell: board::ClockCell,
    deadline: Option<DateTime<Utc>>,
    unrecorded: bool,
}

impl Screen {
    pub fn new() -> Screen {
        Screen::default()
    }

    pub fn repaints(&self) -> u64 {
        self.repaints
    }

    /// What the last frame drew at column `x`, row `y`.
    pub fn hit(&self, x: u16, y: u16) -> Option<Target> {
        let at = ratatui::layout::Position { x, y };
        self.hits
            .iter()
            .find(|(area, _)| area.contains(at))
            .map(|(_, target)| target.clone())
    }

    /// Draws `model` at `now`. `clocks_only` says nothing but time moved since the last call.
    pub fn draw<B: Backend>(
        &mut self,
        terminal: &mut Terminal<B>,
        model: &Model,
        now: DateTime<Utc>,
        theme: Theme,
        clocks_only: bool,
    ) -> Result<(), B::Error> {
        let area = terminal.get_frame().area();
        if clocks_only
            && let Some(last) = &mut self.last
            && last.area == area
            && now >= last.at
            && last.until.is_none_or(|until| now < until)
        {
            rewrite_clocks(terminal, model, now, theme, last)?;
            self.repaints += 1;
            return Ok(());
        }
        if let Some(last) = self.last.take() {
            put_back(terminal, &last)?;
        }
        let open = Listing::open(model, now);
        let shown = shown_from(model, &open);
        let mut painted = None;
        let completed = terminal.draw(|f| {
            painted = Some(paint(f, model, now, theme, &open, &shown));
        })?;
        // Only the plain board is kept: overlays, the search line and a cursor sit over it.
        let plain = model.view == View::Board
            && model.board == crate::app::Board::Community
            && model.detail.is_none()
            && model.list == List::Open
            && !model.searching;
        let Some(mut clocks) = painted else {
            return Ok(());
        };
        self.hits = std::mem::take(&mut clocks.hits);
        if !plain {
            return Ok(());
        }
        let frame = completed.buffer;
        // The panel shows the first open cases, which are the model's first.
        let tops: Vec<usize> = (0..clocks.urgent_cases.min(open.len())).collect();
        // A case turning to warning changes only its own clock cell; one turning overdue
        // changes its row, the titles and the map: those need a whole frame.
        let overdue = open.next_overdue();
        // The panel's captions change with their cases' stages: a whole frame then too.
        let warnings = open.rows(0, clocks.urgent_cases).filter_map(|r| {
            let deadline = r.clock.deadline()?;
            model.targets.next_stage_change(deadline, now)
        });
        let until = overdue.into_iter().chain(warnings).min();
        let cells = clocks
            .board
            .iter()
            .filter_map(|&cell| {
                let row = shown.row(cell.row)?;
                Some(ClockCell {
                    cell,
                    deadline: row.clock.deadline(),
                    unrecorded: row.clock == crate::domain::Clock::Unrecorded,
                })
            })
            .collect();
        let mut shown = Shown {
            area,
            at: now,
            until,
            header: clocks.header,
            banner: clocks.banner,
            urgent: (clocks.urgent.0, clocks.urgent.1, tops),
            clocks: cells,
            painted: Vec::new(),
            rewritten: None,
        };
        // Only the regions are kept, not the whole frame: a copy of it would cost a full pass.
        shown.painted = shown.areas().map(|a| region(frame, a)).collect();
        self.last = Some(shown);
        Ok(())
    }
}

impl Shown {
    /// The areas a tick rewrites: header, banner, most urgent, each clock cell of the board.
    fn areas(&self) -> impl Iterator<Item = Rect> + '_ {
        [self.header, self.banner, self.urgent.0]
            .into_iter()
            .chain(self.clocks.iter().map(|c| c.cell.area))
    }
}

/// A copy of `area` of `buffer`.
fn region(buffer: &Buffer, area: Rect) -> Buffer {
    let mut out = Buffer::empty(area);
    for y in area.top()..area.bottom() {
        for x in area.left()..area.right() {
            out[(x, y)] = buffer[(x, y)].clone();
        }
    }
    out
}

fn rewrite_clocks<B: Backend>(
    terminal: &mut Terminal<B>,
    model: &Model,
    now: DateTime<Utc>,
    theme: Theme,
    last: &mut Shown,
) -> Result<(), B::Error> {
    let mut fresh = Vec::with_capacity(2 + last.clocks.len());
    let mut top = Buffer::empty(last.header);
    header::clock(&mut top, last.header, model, now, theme);
    fresh.push(top);
    let mut banner = Buffer::empty(last.banner);
    super::banner_line(&mut banner, last.banner, model, now, theme);
    fresh.push(banner);
    let (area, big, cases) = &last.urgent;
    let tops: Vec<_> = (cases.iter())
        .filter_map(|&i| model.snapshot.open.get(i))
        .map(|c| row(c, &model.targets, now))
        .collect();
    let mut panel = Buffer::empty(*area);
    if *big {
        let _ = urgent::panel(&mut panel, *area, model, &tops, theme);
    } else {
        urgent::urgent_line(&mut panel, *area, model, tops.first(), theme);
    }
    fresh.push(panel);
    for cell in &last.clocks {
        let left = cell.deadline.map(|d| (d - now).num_seconds());
        let stage = cell
            .deadline
            .map_or(Stage::Calm, |d| model.targets.stage(d, now));
        let mut clock = Buffer::empty(cell.cell.area);
        let text = board::clock_label(stage, left, cell.unrecorded, model.lang);
        board::repaint_clock(&mut clock, &cell.cell, stage, &text, theme);
        fresh.push(clock);
    }
    if theme.console {
        fresh.iter_mut().for_each(super::console::fit);
    }
    let before = last.rewritten.as_ref().unwrap_or(&last.painted);
    write_changes(terminal, before, &fresh)?;
    terminal.backend_mut().flush()?;
    last.rewritten = Some(fresh);
    Ok(())
}

/// Puts the rewritten clock cells back as ratatui remembers them, so its next diff is true.
fn put_back<B: Backend>(terminal: &mut Terminal<B>, last: &Shown) -> Result<(), B::Error> {
    let Some(rewritten) = &last.rewritten else {
        return Ok(());
    };
    write_changes(terminal, rewritten, &last.painted)
}

/// Writes the cells where `to` differs from `from`, region by region, as one write in screen
/// order: each write ends by resetting the colours, and a cell right after the last one needs
/// no cursor move.
fn write_changes<B: Backend>(
    terminal: &mut Terminal<B>,
    from: &[Buffer],
    to: &[Buffer],
) -> Result<(), B::Error> {
    let mut changed: Vec<(u16, u16, &Cell)> = from
        .iter()
        .zip(to)
        .flat_map(|(old, new)| old.diff(new))
        .collect();
    if changed.is_empty() {
        return Ok(());
    }
    changed.sort_by_key(|&(x, y, _)| (y, x));
    terminal.backend_mut().draw(changed.into_iter())
}
