//! The figures screen (`s`): today and the last 30 days side by side, then pictures: arrival
//! minutes as a histogram with the target marked (bars at or past it in the overdue style),
//! cases per grid as bars, and each day's share within target as a sparkline.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Clear, Paragraph, Sparkline};

use super::theme::Theme;
use crate::app::Model;
use crate::domain::{Figures, Stage};
use crate::i18n::texts;
use crate::text::{pad, truncate};

/// Rows of figures a narrow screen shows (the most telling first).
const NARROW_ROWS: u16 = 8;

/// Minutes the histogram shows one bar each for; the rest share the last bar.
const HISTOGRAM_MINUTES: u32 = 30;

pub fn stats(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let t = texts(model.lang);
    let s = &t.stats;
    frame.render_widget(Clear, area);
    let hint = crate::keymap::hint_line(crate::keymap::FIGURES, |a| t.keys.figures[a as usize]);
    let Some(stats) = model.stats.as_deref() else {
        let title = format!(" {} · {hint} ", t.ui.stats_title);
        let block =
            Block::bordered().title(truncate(&title, usize::from(area.width.saturating_sub(2))));
        frame.render_widget(Paragraph::new(" …").block(block), area);
        return;
    };
    let title = format!(
        " {} · {} – {} · {hint} ",
        t.ui.stats_title, stats.from, stats.to
    );
    let outer =
        Block::bordered().title(truncate(&title, usize::from(area.width.saturating_sub(2))));
    let inner = outer.inner(area);
    frame.render_widget(outer, area);
    let wide = inner.width >= 100;
    let [figures, charts] = if wide {
        Layout::horizontal([Constraint::Length(50), Constraint::Min(20)]).areas(inner)
    } else {
        Layout::vertical([Constraint::Length(NARROW_ROWS + 1), Constraint::Min(6)]).areas(inner)
    };
    let rows = figure_rows(s, &stats.today, &stats.month);
    let label_w = rows
        .iter()
        .map(|r| unicode_width::UnicodeWidthStr::width(r.0))
        .max()
        .unwrap_or(0);
    let mut lines = vec![Line::styled(
        format!(
            "{} {:>8} {:>8}",
            pad("", label_w),
            t.ui.stats_today,
            t.ui.stats_month
        ),
        theme.title(),
    )];
    lines.extend(
        rows.iter()
            .map(|(l, a, b)| Line::from(format!("{} {a:>8} {b:>8}", pad(l, label_w)))),
    );
    let room = usize::from(figures.height);
    if lines.len() > room {
        // A small screen: the first figures, and how many more a larger one shows.
        let more = lines.len() + 1 - room;
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::styled(
            t.ui.stats_more.replace("{count}", &more.to_string()),
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), figures);
    let [histogram, grids, days] = Layout::new(
        Direction::Vertical,
        [
            Constraint::Percentage(40),
            Constraint::Percentage(40),
            Constraint::Min(3),
        ],
    )
    .areas(charts);
    let target = u32::try_from(model.targets.arrival.num_minutes()).unwrap_or(15);
    let mut counts = vec![0u64; HISTOGRAM_MINUTES as usize + 1];
    for (minute, n) in &stats.breakdown.arrival_minutes {
        let i = (*minute).min(HISTOGRAM_MINUTES) as usize;
        counts[i] += *n as u64;
    }
    let bars: Vec<Bar> = counts
        .iter()
        .enumerate()
        .map(|(m, n)| {
            let m = m as u32;
            let style = if m >= target {
                theme.stage(Stage::Overdue)
            } else {
                theme.stage(Stage::Calm)
            };
            let label = if m == target {
                m.to_string()
            } else if m == HISTOGRAM_MINUTES {
                format!("{m}+")
            } else if m.is_multiple_of(5) {
                m.to_string()
            } else {
                String::new()
            };
            Bar::default()
                .value(*n)
                .text_value(String::new())
                .label(Line::from(label))
                .style(style)
        })
        .collect();
    let width = histogram.width.saturating_sub(2);
    let bar_width = (width / (HISTOGRAM_MINUTES as u16 + 1)).clamp(1, 3);
    frame.render_widget(
        BarChart::default()
            .block(Block::bordered().title(format!(
                " {} ",
                s.arrival_minutes.replace("{target}", &target.to_string())
            )))
            .data(BarGroup::default().bars(&bars))
            .bar_width(bar_width)
            .bar_gap(0),
        histogram,
    );
    let grid_bars: Vec<Bar> = stats
        .breakdown
        .by_grid
        .iter()
        .map(|g| {
            // Wide: each grid's name beside its bar; narrow: its number under it.
            let name = g
                .key
                .parse::<u8>()
                .ok()
                .and_then(|n| model.catalog.grid(n))
                .map_or_else(
                    || g.key.clone(),
                    |grid| model.lang.name(&grid.names).to_string(),
                );
            let label = if wide {
                truncate(&name, 18)
            } else {
                g.key.clone()
            };
            Bar::default()
                .value(g.collected as u64)
                .label(Line::from(label))
                .style(Style::new())
        })
        .collect();
    let chart = BarChart::default()
        .block(Block::bordered().title(format!(" {} ", s.by[0])))
        .data(BarGroup::default().bars(&grid_bars));
    let chart = if wide {
        chart
            .direction(Direction::Horizontal)
            .bar_width(1)
            .bar_gap(0)
    } else {
        chart.bar_width(3).bar_gap(1)
    };
    frame.render_widget(chart, grids);
    let shares: Vec<u64> = stats
        .breakdown
        .days
        .iter()
        .map(|d| d.share().map_or(0, |x| (x * 100.0).round() as u64))
        .collect();
    frame.render_widget(
        Sparkline::default()
            .block(Block::bordered().title(format!(" {} ", s.days)))
            .data(&shares)
            .max(100)
            .style(theme.stage(Stage::Calm)),
        days,
    );
}

fn figure_rows<'a>(
    s: &'a crate::i18n::StatsLabels,
    today: &Figures,
    month: &Figures,
) -> Vec<(&'a str, String, String)> {
    let minutes = |m: Option<f64>| m.map_or_else(|| "-".into(), |m| format!("{m:.1}"));
    let both =
        |l: &'a str, f: fn(&Figures) -> usize| (l, f(today).to_string(), f(month).to_string());
    let mut rows = vec![
        both(s.collected, |f| f.collected),
        both(s.resident_reported, |f| f.resident_reported),
        both(s.handled_by_community, |f| f.handled_by_community),
        both(s.called_up, |f| f.called_up),
        both(s.arrived_within_target, |f| f.arrived_within_target),
        (
            s.median_arrival,
            minutes(today.median_arrival_minutes),
            minutes(month.median_arrival_minutes),
        ),
        (
            s.p90_arrival,
            minutes(today.p90_arrival_minutes),
            minutes(month.p90_arrival_minutes),
        ),
        both(s.arrived, |f| f.arrived),
        both(s.resolved, |f| f.resolved),
        both(s.resolved_same_day, |f| f.resolved_same_day),
        both(s.reporter_told, |f| f.reporter_told),
        both(s.satisfied, |f| f.satisfied),
        both(s.unsatisfied, |f| f.unsatisfied),
    ];
    // Imported history with no arrival recorded, said apart when there is any.
    if today.arrival_not_recorded + month.arrival_not_recorded > 0 {
        rows.insert(8, both(s.arrival_not_recorded, |f| f.arrival_not_recorded));
    }
    rows
}
