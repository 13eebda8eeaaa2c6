//! The 7 grids drawn as the community's plan (from the grid asset), each with its open and
//! overdue cases, who is on duty there, and today's two patrols.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::BorderType;

use super::panel::Panel;
use super::theme::Theme;
use crate::app::{Model, Target};
use crate::catalog::Grid;
use crate::domain::{PatrolSlot, Stage};
use crate::i18n::texts;
use crate::text::{truncate, visible};
use unicode_width::UnicodeWidthStr;

/// Open and overdue counts of one grid, from every grid's ([`crate::app::board::Listing::by_grid`]).
fn counts(by_grid: &[(usize, usize)], grid: u8) -> (usize, usize) {
    by_grid.get(usize::from(grid)).copied().unwrap_or_default()
}

/// Draws the plan; gives each grid's cell, where a click filters the board to it.
pub fn map(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    by_grid: &[(usize, usize)],
    theme: Theme,
) -> Vec<(Rect, Target)> {
    let ui = &texts(model.lang).ui;
    let plan = &model.catalog.plan;
    let block = Panel::new().title(Span::styled(format!(" {} ", ui.map), theme.title()));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    let mut hits = Vec::new();
    if inner.height < 2 || plan.columns == 0 || plan.rows == 0 {
        return hits;
    }
    let north = Line::from(format!("↑ {}", model.lang.name(&plan.north))).centered();
    super::cells::line(
        frame.buffer_mut(),
        Rect { height: 1, ..inner },
        &north,
        theme.dim(),
    );
    let canvas = Rect {
        y: inner.y + 1,
        height: inner.height - 1,
        ..inner
    };
    let cell_w = canvas.width / plan.columns;
    let cell_h = canvas.height / plan.rows;
    for grid in &model.catalog.grids {
        let m = grid.map;
        let area = Rect {
            x: canvas.x + m.column * cell_w,
            y: canvas.y + m.row * cell_h,
            width: m.width * cell_w,
            height: m.height * cell_h,
        };
        grid_cell(frame, area, model, by_grid, grid, theme);
        hits.push((area, Target::Grid(grid.number)));
    }
    hits
}

fn grid_cell(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    by_grid: &[(usize, usize)],
    grid: &Grid,
    theme: Theme,
) {
    let ui = &texts(model.lang).ui;
    let (open, overdue) = counts(by_grid, grid.number);
    let room = usize::from(area.width.saturating_sub(2));
    let mut block = Panel::new().title(Span::styled(
        truncate(&visible(model.lang.name(&grid.names)), room),
        theme.title(),
    ));
    if overdue > 0 {
        block = block
            .border_type(BorderType::Thick)
            .border_style(theme.stage(Stage::Overdue));
    }
    if model.grid == Some(grid.number) {
        block = block
            .border_type(BorderType::Double)
            .title_style(theme.title().add_modifier(Modifier::REVERSED));
    }
    let on_duty: Vec<&str> = model
        .snapshot
        .roster
        .iter()
        .filter(|r| r.on_duty && r.grid == Some(grid.number))
        .map(|r| r.name.as_str())
        .collect();
    let patrol = |slot: PatrolSlot| {
        let done = model
            .snapshot
            .patrols
            .iter()
            .any(|p| p.grid == grid.number && p.slot == slot);
        if done { "✓" } else { "·" }
    };
    let mut counts = vec![Span::raw(format!("{} {open}", ui.open))];
    if overdue > 0 {
        counts.push(Span::raw("  "));
        counts.push(Span::styled(
            format!("!! {} {overdue}", ui.overdue),
            theme.stage(Stage::Overdue),
        ));
    }
    let lines = vec![
        Line::from(counts),
        Line::from(truncate(
            &visible(&format!("{} {}", ui.duty, on_duty.join(" "))),
            room,
        )),
        Line::from(format!(
            "{} {}{} {}{}",
            ui.patrols,
            ui.morning,
            patrol(PatrolSlot::Morning),
            ui.afternoon,
            patrol(PatrolSlot::Afternoon)
        )),
    ];
    block.render(area, frame.buffer_mut());
    super::cells::lines(frame.buffer_mut(), block.inner(area), &lines, Style::new());
}

/// One line for small screens: each grid's open count, `!` where one is overdue. Gives where
/// each grid's count is, for a click.
pub fn map_line(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    by_grid: &[(usize, usize)],
    theme: Theme,
) -> Vec<(Rect, Target)> {
    let ui = &texts(model.lang).ui;
    let head = format!(" {} ", ui.map);
    let mut x = area.x + u16::try_from(head.width()).unwrap_or(0);
    let mut hits = Vec::new();
    let mut spans = vec![Span::styled(head, theme.title())];
    for grid in &model.catalog.grids {
        let (open, overdue) = counts(by_grid, grid.number);
        let text = format!(
            " {}:{open}{} ",
            grid.number,
            if overdue > 0 { "!!" } else { "" }
        );
        let style = if overdue > 0 {
            theme.stage(Stage::Overdue)
        } else {
            theme.dim()
        };
        let width = u16::try_from(text.width()).unwrap_or(0);
        hits.push((
            Rect {
                x,
                width,
                height: 1,
                ..area
            },
            Target::Grid(grid.number),
        ));
        x = x.saturating_add(width);
        spans.push(Span::styled(text, style));
    }
    super::cells::line(frame.buffer_mut(), area, &Line::from(spans), Style::new());
    hits
}
