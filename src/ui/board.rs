//! The board: every open case, most urgent first, with its countdown.

use std::borrow::Cow;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::theme::Theme;
use crate::app::List;
use crate::app::Model;
use crate::app::board::{Row, closed_at};
use crate::domain::Stage;
use crate::i18n::texts;
use crate::text::countdown;

/// A grid number without an allocation for the usual single digit.
fn grid_label(grid: u8) -> Cow<'static, str> {
    const DIGITS: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    match DIGITS.get(usize::from(grid)) {
        Some(digit) => Cow::Borrowed(digit),
        None => Cow::Owned(grid.to_string()),
    }
}

/// The clock cell: marker and countdown, or "tracking" for a called-up big case.
pub fn clock_text(row: &Row, tracking: &str) -> String {
    clock_label(row.stage, row.left, tracking)
}

/// The clock cell's text from a stage and the seconds left.
pub fn clock_label(stage: Stage, left: Option<i64>, tracking: &str) -> String {
    match left {
        Some(left) => format!("{} {}", Theme::marker(stage), countdown(left)),
        None => format!("   {tracking}"),
    }
}

/// An open case's clock, or when a closed one was resolved (✓) or cancelled (✗).
fn clock_or_closed(model: &Model, row: &Row, tracking: &str) -> String {
    match closed_at(row.case) {
        Some(at) if !row.case.is_open() => {
            let mark = if row.case.resolution.is_some() {
                "✓"
            } else {
                "✗"
            };
            let local = at.with_timezone(&model.targets.zone);
            format!("{mark}  {}", local.format("%H:%M"))
        }
        _ => clock_text(row, tracking),
    }
}

/// Draws the board; gives where each visible row's clock went, the row's index and the row's
/// style (before the clock's stage colour), so a tick can repaint just those cells.
pub fn board(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    rows: &[Row],
    theme: Theme,
) -> Vec<(Rect, usize, Style)> {
    let t = texts(model.lang);
    let ui = &t.ui;
    let mut scope = match model.grid {
        Some(g) => format!("{} {g}", ui.grid_filter),
        None => ui.all_grids.to_string(),
    };
    if !model.search.text().is_empty() {
        scope.push_str(&format!(" · / {}", model.search.text()));
    }
    let list = match model.list {
        List::Open => ui.board,
        List::Closed => t.form.closed_list,
    };
    let overdue = rows.iter().filter(|r| r.stage == Stage::Overdue).count();
    let mut title = vec![
        ratatui::text::Span::styled(format!(" {list} {} ", rows.len()), theme.title()),
        ratatui::text::Span::raw(format!("· {scope} ")),
    ];
    if overdue > 0 {
        title.push(ratatui::text::Span::styled(
            format!(" !! {} {overdue} ", ui.overdue),
            theme.stage(Stage::Overdue),
        ));
    }
    let block = Block::bordered().title(Line::from(title));
    let inner = block.inner(area);
    if rows.is_empty() {
        let lines: Vec<Line> = if !model.loaded {
            vec![Line::from("…")]
        } else if model.grid.is_some() {
            vec![Line::from(ui.nothing_in_grid)]
        } else {
            let mut lines = vec![Line::styled(ui.empty_title, theme.title()), Line::from("")];
            lines.extend(ui.empty_lines.iter().map(|l| Line::from(*l)));
            lines
        };
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(block),
            area,
        );
        return Vec::new();
    }
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let offset = model.selected.saturating_sub(visible - 1);
    let hidden = rows.len().saturating_sub(offset + visible);
    let block = if hidden > 0 {
        block.title_bottom(format!(" +{hidden} {} ", ui.more_rows))
    } else {
        block
    };
    // Drawn straight into the buffer rather than through `Table`: this runs every second on
    // a wall screen, and building a widget tree per cell was most of an idle frame's cost.
    frame.render_widget(block, area);
    let columns: [Rect; 8] = Layout::horizontal(WIDTHS)
        .spacing(1)
        .areas(Rect { height: 1, ..inner });
    let buf = frame.buffer_mut();
    let line = |y: u16, buf: &mut Buffer, cells: [&str; 8], styles: [Style; 8]| {
        for ((col, text), style) in columns.iter().zip(cells).zip(styles) {
            let cell = Rect { y, ..*col };
            buf.set_style(cell, style);
            buf.set_stringn(cell.x, y, text, usize::from(cell.width), Style::new());
        }
    };
    buf.set_style(Rect { height: 1, ..inner }, theme.title());
    line(inner.y, buf, ui.board_headers, [Style::new(); 8]);
    let mut clocks = Vec::new();
    for (y, (i, row)) in (inner.y + 1..inner.bottom()).zip(rows.iter().enumerate().skip(offset)) {
        let case = row.case;
        let mut state = Cow::Borrowed(t.state[case.state as usize]);
        if let Some(a) = &case.arrival {
            let mark = if a.met { "✓" } else { "✗" };
            state = Cow::Owned(format!(
                "{state} {}{}{mark}",
                a.taken_secs / 60,
                ui.minute_short
            ));
        }
        if case.called_up() {
            state.to_mut().push_str(" ↑");
        }
        let category = model
            .catalog
            .kind(&case.category)
            .map_or(case.category.as_str(), |k| model.lang.name(&k.names));
        let mut style = if row.stage == Stage::Overdue {
            theme.stage(Stage::Overdue)
        } else {
            Style::new()
        };
        if i == model.selected {
            style = style.patch(theme.selected());
        }
        buf.set_style(
            Rect {
                y,
                height: 1,
                ..inner
            },
            style,
        );
        let mut styles = [Style::new(); 8];
        styles[0] = theme.stage(row.stage);
        line(
            y,
            buf,
            [
                &clock_or_closed(model, row, ui.tracking),
                &case.number,
                &grid_label(case.grid),
                category,
                &case.place,
                &state,
                case.responder.as_deref().unwrap_or("-"),
                t.tier[case.tier as usize],
            ],
            styles,
        );
        clocks.push((Rect { y, ..columns[0] }, i, style));
    }
    clocks
}

/// Rewrites one clock cell as a whole frame draws it: the row's style, the stage's colour, the
/// text.
pub fn repaint_clock(
    buf: &mut Buffer,
    cell: Rect,
    row_style: Style,
    stage: Stage,
    text: &str,
    theme: Theme,
) {
    buf.set_style(cell, row_style);
    buf.set_style(cell, theme.stage(stage));
    buf.set_stringn(cell.x, cell.y, text, usize::from(cell.width), Style::new());
}

const WIDTHS: [Constraint; 8] = [
    Constraint::Length(11),
    Constraint::Length(12),
    Constraint::Length(4),
    Constraint::Fill(2),
    Constraint::Fill(3),
    Constraint::Length(14),
    Constraint::Length(12),
    Constraint::Length(6),
];
