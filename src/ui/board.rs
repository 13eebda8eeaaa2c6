//! The board: every open case, most urgent first, with its countdown.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::cells;
use super::panel::Panel;
use super::theme::Theme;
use crate::app::List;
use crate::app::Model;
use crate::app::board::{Listing, Row};
use crate::domain::Stage;
use crate::i18n::{Lang, texts};
use crate::text::{countdown, truncate};

/// A grid number without an allocation for the usual single digit.
fn grid_label(grid: u8) -> Cow<'static, str> {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    match DIGITS.get(usize::from(grid)) {
        Some(digit) => Cow::Borrowed(digit),
        None => Cow::Owned(grid.to_string()),
    }
}

/// The clock cell: marker and countdown, or "tracking" for a called-up big case.
pub fn clock_text(row: &Row, lang: Lang) -> String {
    clock_label(
        row.stage,
        row.left,
        row.clock == crate::domain::Clock::Unrecorded,
        lang,
    )
}

/// The clock cell's text from a stage and the seconds left; with no deadline, whether the
/// case is tracked above the community or history with no arrival recorded.
pub fn clock_label(stage: Stage, left: Option<i64>, unrecorded: bool, lang: Lang) -> String {
    match left {
        Some(left) => format!("{} {}", Theme::marker(stage), countdown(left, lang)),
        None if unrecorded => format!("  {}", texts(lang).ui.unrecorded_short),
        None => format!("   {}", texts(lang).ui.tracking),
    }
}

/// An open case's clock, or when a closed one was resolved (✓) or cancelled (✗).
fn clock_or_closed(model: &Model, row: &Row) -> String {
    match row.case.closed_at() {
        Some(at) if !row.case.is_open() => {
            // Resolved, joined into another case (→), or cancelled.
            let mark = if row.case.resolution.is_some() {
                "✓"
            } else if row.case.joined.is_some() {
                "→"
            } else {
                "✗"
            };
            let local = at.with_timezone(&model.targets.zone);
            format!("{mark}  {}", local.format("%H:%M"))
        }
        _ => clock_text(row, model.lang),
    }
}

/// Draws the board; gives where each visible row's clock went, the row's index and the row's
/// style (before the clock's stage colour), so a tick can repaint just those cells. `rows` are
/// the rows shown (list, grid and search applied); `open` every open case, so what a filter
/// hides is said, never silently dropped.
pub fn board(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    rows: &Listing,
    open: &Listing,
    theme: Theme,
) -> Vec<ClockCell> {
    let t = texts(model.lang);
    let ui = &t.ui;
    let filtered = model.grid.is_some() || !model.search.text().trim().is_empty();
    let overdue_all = open.overdue();
    let mut block = Panel::new().title(Line::from(title(model, rows, open, theme)));
    let inner = block.inner(area);
    if rows.is_empty() {
        let lines = empty_lines(model, open, theme);
        let lines: Vec<Line> = lines
            .into_iter()
            .map(|l| Line::from(l.spans).style(l.style))
            .collect();
        block.render(area, frame.buffer_mut());
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
        return Vec::new();
    }
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let selected = crate::app::board::selected_index(model, rows).unwrap_or(0);
    let offset = selected.saturating_sub(visible - 1);
    let end = (offset + visible).min(rows.len());
    // What is out of sight, above and below, and how much of it is overdue.
    let hidden = |from: usize, to: usize| (to - from, rows.overdue_within(from, to));
    for (arrow, (count, overdue), top) in [
        ("↑", hidden(0, offset), true),
        ("↓", hidden(end, rows.len()), false),
    ] {
        if count == 0 {
            continue;
        }
        let mut text = format!(
            " {arrow} {}",
            ui.more_rows.replace("{n}", &count.to_string())
        );
        let mut style = theme.title();
        if overdue > 0 {
            text.push_str(&ui.more_overdue.replace("{n}", &overdue.to_string()));
            style = theme.stage(Stage::Overdue);
        }
        text.push(' ');
        let line = Line::styled(text, style).right_aligned();
        block = if top {
            block.title(line)
        } else {
            block.title_bottom(line)
        };
    }
    if filtered && model.list == List::Open {
        let shown_overdue = rows.overdue();
        let not_shown = overdue_all - shown_overdue;
        if not_shown > 0 {
            block = block.title_bottom(Line::styled(
                format!(
                    " !! {} · {} ",
                    ui.overdue_not_shown.replace("{n}", &not_shown.to_string()),
                    ui.esc_clears
                ),
                theme.stage(Stage::Overdue),
            ));
        }
    }
    // Drawn straight into the buffer rather than through `Table`: this runs every second on
    // a wall screen, and building a widget tree per cell was most of an idle frame's cost.
    block.render(area, frame.buffer_mut());
    // Only the rows in sight are made: a frame costs what it shows, not what is open.
    let visible: Vec<Row> = rows.rows(offset, end).collect();
    let cells: Vec<Cells> = visible.iter().map(|row| cells(model, row)).collect();
    let state_width = cells
        .iter()
        .map(|c| c.state.width())
        .chain([ui.board_headers[5].width()])
        .max()
        .unwrap_or(0)
        .clamp(8, 20);
    let columns = columns(inner, state_width);
    let buf = frame.buffer_mut();
    let line = |y: u16, buf: &mut Buffer, texts: [&str; 9], styles: [Style; 9]| {
        for ((col, text), style) in columns.iter().zip(texts).zip(styles) {
            let Some(col) = col else { continue };
            let cell = Rect { y, ..*col };
            if style != Style::new() {
                cells::style_area(buf, cell, style);
            }
            cells::fit(buf, cell.x, y, text, cell.width, Style::new());
        }
    };
    cells::style_area(buf, Rect { height: 1, ..inner }, theme.title());
    let h = ui.board_headers;
    line(
        inner.y,
        buf,
        ["", h[0], h[1], h[2], h[3], h[4], h[5], h[6], h[7]],
        [Style::new(); 9],
    );
    let mut clocks = Vec::new();
    for (y, ((i, row), cell)) in
        (inner.y + 1..inner.bottom()).zip((offset..).zip(&visible).zip(&cells))
    {
        let mut style = if row.stage == Stage::Overdue {
            theme.stage(Stage::Overdue)
        } else {
            Style::new()
        };
        let chosen = i == selected;
        if chosen {
            style = theme.selected_row(style);
        }
        if style != Style::new() {
            let line = Rect {
                y,
                height: 1,
                ..inner
            };
            cells::style_area(buf, line, style);
        }
        let mut styles = [Style::new(); 9];
        styles[1] = clock_style(theme, row.stage, chosen);
        line(
            y,
            buf,
            [
                if chosen { "▶" } else { "" },
                &clock_or_closed(model, row),
                &row.case.number,
                &grid_label(row.case.grid),
                &cell.category,
                &cell.place,
                &cell.state,
                row.case.responder.as_deref().unwrap_or("-"),
                t.tier[row.case.tier as usize],
            ],
            styles,
        );
        if let Some(clock) = columns[1] {
            clocks.push(ClockCell {
                area: Rect { y, ..clock },
                row: i,
                row_style: style,
                chosen,
            });
        }
    }
    clocks
}

/// The words of one row that take some work to make.
struct Cells<'a> {
    category: String,
    state: String,
    /// The place, after how many reports the matter has when more than one (`×3 新联街`).
    place: std::borrow::Cow<'a, str>,
}

fn cells<'a>(model: &Model, row: &Row<'a>) -> Cells<'a> {
    let t = texts(model.lang);
    let case = row.case;
    let mut state = t.state[case.state as usize].to_string();
    if let Some(a) = &case.arrival {
        let mark = if a.met { "✓" } else { "✗" };
        state.push_str(&format!(
            " {}{}{mark}",
            a.taken_secs / 60,
            t.ui.minute_short
        ));
    }
    // A small matter dealt with, its reporter still to be told (通报).
    if case.state == crate::domain::State::Resolved
        && !case.reporter_told
        && case.tier == crate::domain::Tier::Small
    {
        state.push_str(&format!(" {}", t.ui.not_told_short));
    }
    // ↑ called up; ↑✓ the body above has taken it.
    match &case.call_up {
        Some(c) if c.received_at.is_some() => state.push_str(" ↑✓"),
        Some(_) => state.push_str(" ↑"),
        None => {}
    }
    if model.snapshot.big_matters.contains(&case.number) {
        state.push_str(&format!(" {}", t.joins.big_mark));
    }
    let category = model
        .lang
        .category(&model.catalog, &case.category)
        .to_string();
    let place = crate::present::place_reported(&case.place, i64::from(case.reports));
    Cells {
        category,
        state,
        place,
    }
}

/// The title: which list, how many of how many, the filter on, and every overdue case.
fn title<'a>(model: &Model, rows: &Listing, open: &Listing, theme: Theme) -> Vec<Span<'a>> {
    let t = texts(model.lang);
    let ui = &t.ui;
    let list = match model.list {
        List::Open => ui.board,
        List::Closed => t.form.closed_list,
    };
    let count = match model.list {
        List::Open if rows.len() != open.len() => format!("{}/{}", rows.len(), open.len()),
        _ => rows.len().to_string(),
    };
    let mut scope = match model.grid {
        Some(g) => format!("{} {g}", ui.grid_filter),
        None => ui.all_grids.to_string(),
    };
    let needle = model.search.text().trim();
    if !needle.is_empty() {
        scope.push_str(&format!(" · / {}", truncate(needle, 24)));
    }
    let mut title = vec![
        Span::styled(format!(" {list} {count} "), theme.title()),
        Span::raw(format!("· {scope} ")),
    ];
    let overdue = open.overdue();
    if overdue > 0 {
        title.push(Span::styled(
            format!(" !! {} {overdue} ", ui.overdue),
            theme.stage(Stage::Overdue),
        ));
    }
    title
}

/// What an empty board says: loading, all calm (only when nothing is open at all), or what
/// the filter hides.
fn empty_lines<'a>(model: &Model, open: &Listing, theme: Theme) -> Vec<Line<'a>> {
    let t = texts(model.lang);
    let ui = &t.ui;
    if !model.loaded {
        return vec![Line::from("…")];
    }
    if model.list == List::Closed {
        return vec![Line::from(ui.none_closed)];
    }
    if open.is_empty() {
        let mut lines = vec![Line::styled(ui.empty_title, theme.title()), Line::from("")];
        lines.extend(ui.empty_lines.iter().map(|l| Line::from(*l)));
        return lines;
    }
    let needle = model.search.text().trim();
    let what = if needle.is_empty() {
        ui.nothing_in_grid.replace(
            "{grid}",
            &model.grid.map(|g| g.to_string()).unwrap_or_default(),
        )
    } else {
        ui.no_match.replace("{search}", &truncate(needle, 40))
    };
    let overdue = open.overdue();
    let hidden = ui
        .hidden_open
        .replace("{open}", &open.len().to_string())
        .replace("{overdue}", &overdue.to_string());
    let style = if overdue > 0 {
        theme.stage(Stage::Overdue)
    } else {
        theme.title()
    };
    vec![
        Line::styled(what, theme.title()),
        Line::styled(format!("{hidden} · {}", ui.esc_clears), style),
    ]
}

/// The columns: a selection marker, then clock, number, grid, place and state, which are never
/// cut; category, responder and tier only while they fit, dropped in reverse order.
fn columns(inner: Rect, state: usize) -> [Option<Rect>; 9] {
    let state = u16::try_from(state).unwrap_or(20);
    // marker, clock, number, grid, (category), place, state, (responder), (tier)
    let essential = 1 + CLOCK + 12 + 4 + PLACE_MIN + state + 5;
    let mut want = [false; 3];
    let mut used = essential;
    for (i, w) in [CATEGORY_MIN, RESPONDER, TIER].iter().enumerate() {
        if used + w < inner.width {
            want[i] = true;
            used += w + 1;
        }
    }
    let mut constraints = vec![
        Constraint::Length(1),
        Constraint::Length(CLOCK),
        Constraint::Length(12),
        Constraint::Length(4),
    ];
    if want[0] {
        constraints.push(Constraint::Fill(2));
    }
    constraints.push(Constraint::Fill(3));
    constraints.push(Constraint::Length(state));
    if want[1] {
        constraints.push(Constraint::Length(RESPONDER));
    }
    if want[2] {
        constraints.push(Constraint::Length(TIER));
    }
    let areas = Layout::horizontal(constraints)
        .spacing(1)
        .split(Rect { height: 1, ..inner });
    let mut it = areas.iter().copied();
    let mut next = |on: bool| if on { it.next() } else { None };
    [
        next(true),
        next(true),
        next(true),
        next(true),
        next(want[0]),
        next(true),
        next(true),
        next(want[1]),
        next(want[2]),
    ]
}

/// `!! +13时28分`: the widest a countdown gets before a day has passed.
const CLOCK: u16 = 12;
const PLACE_MIN: u16 = 12;
const CATEGORY_MIN: u16 = 10;
const RESPONDER: u16 = 12;
const TIER: u16 = 6;

/// Where a board row's clock was drawn, so a tick can repaint just that cell.
#[derive(Debug, Clone, Copy)]
pub struct ClockCell {
    pub area: Rect,
    /// The row's index among the rows shown.
    pub row: usize,
    /// The row's style, under the clock's own.
    pub row_style: Style,
    /// The selected row.
    pub chosen: bool,
}

/// The clock's colour by its stage, shown selected on the selected row.
fn clock_style(theme: Theme, stage: Stage, chosen: bool) -> Style {
    let style = theme.stage(stage);
    if chosen {
        theme.selected_row(style)
    } else {
        style
    }
}

/// Rewrites one clock cell as a whole frame draws it: the row's style, the stage's colour, the
/// text.
pub fn repaint_clock(buf: &mut Buffer, cell: &ClockCell, stage: Stage, text: &str, theme: Theme) {
    let area = cell.area;
    cells::style_area(buf, area, cell.row_style);
    cells::style_area(buf, area, clock_style(theme, stage, cell.chosen));
    cells::fit(buf, area.x, area.y, text, area.width, Style::new());
}
