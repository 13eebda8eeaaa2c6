//! The board: every open case, most urgent first, with its countdown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Cell, Paragraph, Row as TableRow, Table, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::app::board::Row;
use crate::domain::Stage;
use crate::i18n::texts;
use crate::text::countdown;

/// The clock cell: marker and countdown, or "tracking" for a called-up big case.
pub fn clock_text(row: &Row, tracking: &str) -> String {
    match row.left {
        Some(left) => format!("{} {}", Theme::marker(row.stage), countdown(left)),
        None => format!("   {tracking}"),
    }
}

pub fn board(frame: &mut Frame, area: Rect, model: &Model, rows: &[Row], theme: Theme) {
    let t = texts(model.lang);
    let ui = &t.ui;
    let scope = match model.grid {
        Some(g) => format!("{} {g}", ui.grid_filter),
        None => ui.all_grids.to_string(),
    };
    let overdue = rows.iter().filter(|r| r.stage == Stage::Overdue).count();
    let mut title = vec![
        ratatui::text::Span::styled(format!(" {} {} ", ui.board, rows.len()), theme.title()),
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
        return;
    }
    let visible = usize::from(inner.height.saturating_sub(1)).max(1);
    let offset = model.selected.saturating_sub(visible - 1);
    let hidden = rows.len().saturating_sub(offset + visible);
    let block = if hidden > 0 {
        block.title_bottom(format!(" +{hidden} {} ", ui.more_rows))
    } else {
        block
    };
    let table_rows = rows
        .iter()
        .enumerate()
        .skip(offset)
        .take(visible)
        .map(|(i, row)| {
            let case = row.case;
            let mut state = t.state[case.state as usize].to_string();
            if let Some(a) = &case.arrival {
                let mark = if a.met { "✓" } else { "✗" };
                state = format!("{state} {}{}{mark}", a.taken_secs / 60, ui.minute_short);
            }
            if case.called_up() {
                state.push_str(" ↑");
            }
            let clock = Cell::from(clock_text(row, ui.tracking)).style(theme.stage(row.stage));
            let category = model
                .catalog
                .kind(&case.category)
                .map(|k| model.lang.name(&k.names).to_string())
                .unwrap_or_else(|| case.category.clone());
            let mut style = if row.stage == Stage::Overdue {
                theme.stage(Stage::Overdue)
            } else {
                ratatui::style::Style::new()
            };
            if i == model.selected {
                style = style.patch(theme.selected());
            }
            TableRow::new(vec![
                clock,
                Cell::from(case.number.clone()),
                Cell::from(case.grid.to_string()),
                Cell::from(category),
                Cell::from(case.place.clone()),
                Cell::from(state),
                Cell::from(case.responder.clone().unwrap_or_else(|| "-".into())),
                Cell::from(t.tier[case.tier as usize]),
            ])
            .style(style)
        });
    let widths = [
        Constraint::Length(11),
        Constraint::Length(12),
        Constraint::Length(4),
        Constraint::Fill(2),
        Constraint::Fill(3),
        Constraint::Length(14),
        Constraint::Length(12),
        Constraint::Length(6),
    ];
    let header =
        TableRow::new(ui.board_headers.iter().map(|h| Cell::from(*h))).style(theme.title());
    let table = Table::new(table_rows, widths)
        .header(header)
        .column_spacing(1)
        .block(block);
    frame.render_widget(table, area);
}
