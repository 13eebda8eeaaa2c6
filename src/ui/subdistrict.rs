//! The sub-district's board: a header with the clock, the banner, each community's row, and
//! every open call-up (selectable), with the keys at the bottom. Whatever a resident or a
//! community typed is shown visibly (control characters never reach the terminal raw).

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::app::subdistrict::{Detail, Model};
use crate::domain::Stage;
use crate::present::View;
use crate::subdistrict::{call_up_cells, community_cells};
use crate::text::{truncate, visible};

/// The widest a cell may grow (a long place gives way first).
const CELL_MAX: usize = 30;

pub fn draw(frame: &mut Frame, model: &Model, view: &View<'_>, now: DateTime<Utc>, theme: Theme) {
    let s = &view.t.sub_district;
    let area = frame.area();
    let communities = u16::try_from(model.overview.communities.len())
        .unwrap_or(u16::MAX)
        .max(1)
        .saturating_add(3)
        .min(area.height / 2);
    let [top, banner, upper, lower, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(communities),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(area);
    let clock = view.time(now);
    let title = format!(" {} ", s.title);
    let gap = usize::from(top.width).saturating_sub(title.width() + clock.width() + 1);
    frame.render_widget(
        Paragraph::new(Line::from(format!("{title}{}{clock} ", " ".repeat(gap))))
            .style(theme.title()),
        top,
    );
    let banner_text = if model.unreachable {
        Some(format!(" !! {}", view.t.ui.unreachable))
    } else if let Some(why) = &model.trouble {
        Some(format!(" !! {}: {why}", view.t.ui.store_trouble))
    } else {
        model.banner.as_ref().map(|(_, text)| format!(" !! {text}"))
    };
    if let Some(text) = banner_text {
        frame.render_widget(
            Paragraph::new(truncate(&visible(&text), usize::from(banner.width)))
                .style(theme.trouble()),
            banner,
        );
    }
    communities_table(frame, upper, model, view, now, theme);
    call_ups_table(frame, lower, model, view, now, theme);
    let hint = match &model.status {
        Some((text, _)) => format!(" {text}"),
        None => format!(" {}", s.key_hint),
    };
    frame.render_widget(
        Paragraph::new(truncate(&visible(&hint), usize::from(bottom.width))).style(theme.dim()),
        bottom,
    );
    if model.help {
        help(frame, area, model, view, theme);
    } else if let Some(detail) = &model.detail {
        case_detail(frame, area, detail, view, theme);
    }
    if theme.console {
        super::console::fit(frame.buffer_mut());
    }
}

fn help(frame: &mut Frame, area: Rect, model: &Model, view: &View<'_>, theme: Theme) {
    let s = &view.t.sub_district;
    let minutes = model.receive_within.num_minutes().to_string();
    let lines: Vec<Line> = s
        .help
        .iter()
        .map(|l| Line::from(format!(" {}", l.replace("{minutes}", &minutes))))
        .collect();
    let height = u16::try_from(lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(2);
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(100)),
        Constraint::Length(height.min(area.height)),
    );
    let body = Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false });
    super::popup::popup(frame, popup, s.help_title, s.help_hint, body, theme);
}

/// The call-up's case as `dutydesk show COMMUNITY/NUMBER` words it, masked as on the board.
fn case_detail(frame: &mut Frame, area: Rect, detail: &Detail, view: &View<'_>, theme: Theme) {
    let text = match &detail.history {
        Some(h) => view.show(&h.case, &h.events, &h.shifts),
        None => view.t.form.loading.to_string(),
    };
    let lines: Vec<Line> = text.lines().map(|l| Line::from(format!(" {l}"))).collect();
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(120)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    let body = Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .scroll((detail.scroll, 0));
    let s = &view.t.sub_district;
    super::popup::popup(
        frame,
        popup,
        &visible(&detail.number),
        s.detail_hint,
        body,
        theme,
    );
}

fn cells(row: Vec<String>) -> Vec<String> {
    row.into_iter()
        .map(|c| truncate(&visible(&c), CELL_MAX))
        .collect()
}

/// Column widths that fit each column's widest cell (header included).
fn widths(headers: &[&str], rows: &[Vec<String>]) -> Vec<Constraint> {
    (0..headers.len())
        .map(|i| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.width())
                .chain([headers[i].width()])
                .max()
                .unwrap_or(1);
            Constraint::Length(u16::try_from(widest).unwrap_or(u16::MAX))
        })
        .collect()
}

fn communities_table(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    view: &View<'_>,
    now: DateTime<Utc>,
    theme: Theme,
) {
    let s = &view.t.sub_district;
    let block = Block::bordered().title(format!(" {} ", s.communities));
    if model.overview.communities.is_empty() {
        let text = if model.loaded {
            s.no_communities
        } else {
            "…"
        };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let rows: Vec<Vec<String>> = model
        .overview
        .communities
        .iter()
        .map(|r| cells(community_cells(view, r, now)))
        .collect();
    let widths = widths(&s.community_headers, &rows);
    let styled = rows
        .into_iter()
        .zip(&model.overview.communities)
        .map(|(r, c)| {
            let style = if c.overdue > 0 {
                theme.stage(Stage::Overdue)
            } else {
                ratatui::style::Style::new()
            };
            Row::new(r).style(style)
        });
    let table = Table::new(styled, widths)
        .header(Row::new(s.community_headers.to_vec()).style(theme.title()))
        .column_spacing(2)
        .block(block);
    frame.render_widget(table, area);
}

fn call_ups_table(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    view: &View<'_>,
    now: DateTime<Utc>,
    theme: Theme,
) {
    let s = &view.t.sub_district;
    let count = model.overview.call_ups.len();
    let block = Block::bordered().title(format!(" {} ({count}) ", s.call_ups));
    if count == 0 {
        let text = if model.loaded { s.no_call_ups } else { "…" };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let selected = model.selected_index();
    let rows: Vec<Vec<String>> = model
        .overview
        .call_ups
        .iter()
        .map(|r| cells(call_up_cells(view, r, now)))
        .collect();
    let mut headers = vec![" "];
    headers.extend(s.call_up_headers);
    let marked: Vec<Vec<String>> = rows
        .into_iter()
        .enumerate()
        .map(|(i, r)| {
            let mark = if Some(i) == selected { "▶" } else { " " };
            std::iter::once(mark.to_string()).chain(r).collect()
        })
        .collect();
    let widths = widths(&headers, &marked);
    // The selected row kept in view: rows above it scroll off first.
    let room = usize::from(area.height.saturating_sub(3));
    let skip = selected.map_or(0, |i| (i + 1).saturating_sub(room));
    let styled = marked
        .into_iter()
        .zip(&model.overview.call_ups)
        .enumerate()
        .skip(skip)
        .map(|(i, (r, c))| {
            let waiting = c.received_ms.is_none()
                && c.called_up_at()
                    .is_some_and(|at| now - at >= model.receive_within);
            let base = if waiting {
                theme.stage(Stage::Overdue)
            } else if c.received_ms.is_none() {
                theme.stage(Stage::Warning)
            } else {
                ratatui::style::Style::new()
            };
            let style = if Some(i) == selected {
                theme.selected_row(base)
            } else {
                base
            };
            Row::new(r).style(style)
        });
    let table = Table::new(styled, widths)
        .header(Row::new(headers).style(theme.title()))
        .column_spacing(2)
        .block(block);
    frame.render_widget(table, area);
}
