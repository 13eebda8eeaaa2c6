//! The sub-district's board: a header with the clock, the banner, each community's row, and
//! every open call-up (selectable), with the keys at the bottom. As on a community's board,
//! the columns one acts on (the case number, whether it was taken) are never cut: a narrow
//! screen drops the others first. Whatever a resident or a community typed is shown visibly.

use chrono::{DateTime, Utc};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::app::CallUps;
use crate::app::Model;
use crate::domain::Stage;
use crate::i18n::texts;
use crate::keymap;
use crate::present::View;
use crate::subdistrict::{call_up_cells, community_cells};
use crate::text::{truncate, visible};

/// The widest an optional cell may grow (a long place gives way first).
const CELL_MAX: usize = 30;
/// The narrowest a place is squeezed to before columns are dropped.
const PLACE_MIN: usize = 8;
const GAP: usize = 2;

/// Draws the board (the dashboard draws what is over it: help, a case, a form, the question).
pub fn board(frame: &mut Frame, model: &Model, board: &CallUps, now: DateTime<Utc>, theme: Theme) {
    let view = View::new(model.lang, &model.catalog, model.targets, false);
    let s = &view.t.sub_district;
    let area = frame.area();
    let communities = u16::try_from(board.overview.communities.len())
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
    super::banner_line(frame.buffer_mut(), banner, model, now, theme);
    communities_table(frame, upper, model, board, &view, now, theme);
    call_ups_table(frame, lower, model, board, &view, now, theme);
    hints(frame, bottom, model, theme);
}

/// The bottom line: what was just said, else the keys from the keymap that have a short word.
fn hints(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    if let Some(status) = &model.status {
        let style = if status.bad {
            theme.stage(Stage::Warning)
        } else {
            theme.title()
        };
        let text = truncate(
            &format!(" {}", visible(&status.text)),
            usize::from(area.width),
        );
        frame.render_widget(Paragraph::new(Line::styled(text, style)), area);
        return;
    }
    let words = &texts(model.lang).sub_district.hints;
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    for b in keymap::CALL_UPS {
        let word = words[b.does as usize];
        if word.is_empty() {
            continue;
        }
        let key = b.label();
        let what = format!(" {word}  ");
        used += key.width() + what.width();
        if used > usize::from(area.width) {
            break;
        }
        spans.push(Span::styled(key, theme.title()));
        spans.push(Span::styled(what, theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// `?`: every key of the board, from the keymap, then what the columns say.
pub fn help(frame: &mut Frame, area: Rect, model: &Model, board: &CallUps, theme: Theme) {
    let s = &texts(model.lang).sub_district;
    let minutes = board.receive_within.num_minutes().to_string();
    let mut lines: Vec<Line> = keymap::CALL_UPS
        .iter()
        .map(|b| super::help::item(b.label(), s.keys[b.does as usize], theme))
        .collect();
    lines.push(Line::from(""));
    lines.extend(
        s.help
            .iter()
            .map(|l| Line::from(format!("  {}", l.replace("{minutes}", &minutes)))),
    );
    lines.extend(super::help::other_views(model.lang, theme, true));
    let height = u16::try_from(lines.len() + 2)
        .unwrap_or(u16::MAX)
        .min(area.height);
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(100)),
        Constraint::Length(height),
    );
    let body = Paragraph::new(lines)
        .wrap(ratatui::widgets::Wrap { trim: false })
        .scroll((model.scroll, 0));
    let k = &texts(model.lang).keys;
    let hint = keymap::hint_line(keymap::HELP, |a| k.sheet[a as usize]);
    super::popup::popup(frame, popup, s.help_title, &hint, body, theme);
}

/// Which columns fit `width`, and how wide: the `keep` columns whole whatever their width,
/// the `place` column squeezed down to `PLACE_MIN`, then the others dropped in `drop` order.
fn fit(
    headers: &[&str],
    rows: &[Vec<String>],
    width: usize,
    keep: &[usize],
    place: Option<usize>,
    drop: &[usize],
) -> Vec<Option<usize>> {
    let mut widths: Vec<Option<usize>> = (0..headers.len())
        .map(|i| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| visible(c).width())
                .chain([headers[i].width()])
                .max()
                .unwrap_or(1);
            Some(if keep.contains(&i) {
                widest
            } else {
                widest.min(CELL_MAX)
            })
        })
        .collect();
    let total = |w: &[Option<usize>]| {
        let kept: Vec<usize> = w.iter().flatten().copied().collect();
        kept.iter().sum::<usize>() + GAP * kept.len().saturating_sub(1)
    };
    if let Some(p) = place
        && let Some(w) = widths[p]
        && total(&widths) > width
    {
        let over = total(&widths) - width;
        widths[p] = Some(w.saturating_sub(over).max(PLACE_MIN.min(w)));
    }
    for &i in drop {
        if total(&widths) <= width {
            break;
        }
        widths[i] = None;
    }
    widths
}

/// A table of the columns `fit` kept, each cell cut to its column (the kept ones never are).
fn table<'a>(
    headers: &[&'a str],
    rows: Vec<(Vec<String>, Style)>,
    widths: &[Option<usize>],
    header_style: Style,
) -> Table<'a> {
    let kept = |cells: Vec<String>| -> Vec<String> {
        cells
            .into_iter()
            .zip(widths)
            .filter_map(|(c, w)| w.map(|w| truncate(&visible(&c), w)))
            .collect()
    };
    let header: Vec<String> = kept(headers.iter().map(|h| h.to_string()).collect());
    let constraints: Vec<Constraint> = widths
        .iter()
        .flatten()
        .map(|w| Constraint::Length(u16::try_from(*w).unwrap_or(u16::MAX)))
        .collect();
    let body: Vec<Row> = rows
        .into_iter()
        .map(|(cells, style)| Row::new(kept(cells)).style(style))
        .collect();
    Table::new(body, constraints)
        .header(Row::new(header).style(header_style))
        .column_spacing(GAP as u16)
}

fn communities_table(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    board: &CallUps,
    view: &View<'_>,
    now: DateTime<Utc>,
    theme: Theme,
) {
    let s = &view.t.sub_district;
    let block = Block::bordered().title(format!(" {} ", s.communities));
    if board.overview.communities.is_empty() {
        let text = if model.loaded {
            s.no_communities
        } else {
            "…"
        };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let rows: Vec<Vec<String>> = (board.overview.communities.iter())
        .map(|r| community_cells(view, r, now))
        .collect();
    // The community and what is overdue there stay; the last event goes first.
    let inner = usize::from(block.inner(area).width);
    let widths = fit(
        &s.community_headers,
        &rows,
        inner,
        &[0, 2],
        None,
        &[5, 3, 4, 1],
    );
    let styled = rows
        .into_iter()
        .zip(&board.overview.communities)
        .map(|(r, c)| {
            let style = if c.overdue > 0 {
                theme.stage(Stage::Overdue)
            } else {
                Style::new()
            };
            (r, style)
        })
        .collect();
    let table = table(&s.community_headers, styled, &widths, theme.title()).block(block);
    frame.render_widget(table, area);
}

fn call_ups_table(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    board: &CallUps,
    view: &View<'_>,
    now: DateTime<Utc>,
    theme: Theme,
) {
    let s = &view.t.sub_district;
    let count = board.overview.call_ups.len();
    let block = Block::bordered().title(format!(" {} ({count}) ", s.call_ups));
    if count == 0 {
        let text = if model.loaded { s.no_call_ups } else { "…" };
        frame.render_widget(Paragraph::new(text).block(block), area);
        return;
    }
    let selected = board.selected_index();
    let mut headers = vec![" "];
    headers.extend(s.call_up_headers);
    let rows: Vec<Vec<String>> = board
        .overview
        .call_ups
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let mark = if Some(i) == selected { "▶" } else { " " };
            std::iter::once(mark.to_string())
                .chain(call_up_cells(view, r, now))
                .collect()
        })
        .collect();
    // Columns (after the mark): case, category, place, body, called, taken, state, responder,
    // arrival. The case and whether it was taken are never cut; the place gives way first,
    // then the arrival verdict, the responder, when it was called, the category, the state,
    // the body.
    let inner = usize::from(block.inner(area).width);
    let widths = fit(
        &headers,
        &rows,
        inner,
        &[0, 1, 6],
        Some(3),
        &[9, 8, 5, 2, 7, 4],
    );
    // The selected row kept in view: rows above it scroll off first.
    let room = usize::from(area.height.saturating_sub(3));
    let skip = selected.map_or(0, |i| (i + 1).saturating_sub(room));
    let styled = rows
        .into_iter()
        .zip(&board.overview.call_ups)
        .enumerate()
        .skip(skip)
        .map(|(i, (r, c))| {
            let waiting = c.received_ms.is_none()
                && c.called_up_at()
                    .is_some_and(|at| now - at >= board.receive_within);
            let base = if waiting {
                theme.stage(Stage::Overdue)
            } else if c.received_ms.is_none() {
                theme.stage(Stage::Warning)
            } else {
                Style::new()
            };
            let style = if Some(i) == selected {
                theme.selected_row(base)
            } else {
                base
            };
            (r, style)
        })
        .collect();
    let table = table(&headers, styled, &widths, theme.title()).block(block);
    frame.render_widget(table, area);
}
