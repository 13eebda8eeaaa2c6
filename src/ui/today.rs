//! Today's figures, in one line: the numbers the community reports.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;
use unicode_width::UnicodeWidthStr;

pub fn today(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let f = &model.snapshot.today;
    let l = &ui.today_labels;
    let median = f
        .median_arrival_minutes
        .map(|m| format!("{m:.1}"))
        .unwrap_or_else(|| "-".into());
    // Problems, and the reports behind them when a matter was reported more than once.
    let collected = if f.reports > f.collected {
        let reports = texts(model.lang).joins.today_reports;
        format!(
            "{}{}",
            f.collected,
            reports.replace("{n}", &f.reports.to_string())
        )
    } else {
        f.collected.to_string()
    };
    let items = [
        (l[0], collected),
        (l[1], f.resident_reported.to_string()),
        (l[2], format!("{}/{}", f.arrived_within_target, f.arrived)),
        (l[3], median),
        (l[4], f.handled_by_community.to_string()),
        (l[5], f.called_up.to_string()),
        (l[6], f.resolved.to_string()),
        (l[7], f.resolved_same_day.to_string()),
    ];
    // Each figure is its label and its number together, set apart by a bar. A narrow screen
    // drops whole pairs, the least telling first, so the promise's two figures (on time,
    // resolved the same day) stay longest; a `…` says some were dropped.
    let head = Span::styled(format!(" {}", ui.today), theme.title());
    let width = |(label, value): &(&str, String)| 3 + label.width() + 1 + value.width();
    let mut shown = [true; 8];
    let total = |shown: &[bool; 8]| {
        let dropped = shown.contains(&false);
        head.width()
            + items
                .iter()
                .zip(shown)
                .filter(|(_, s)| **s)
                .map(|(item, _)| width(item))
                .sum::<usize>()
            + if dropped { 2 } else { 0 }
    };
    for i in DROP_FIRST {
        if total(&shown) <= usize::from(area.width) {
            break;
        }
        shown[i] = false;
    }
    let dropped = shown.contains(&false);
    let mut spans = vec![head];
    for ((label, value), _) in items.into_iter().zip(shown).filter(|(_, s)| *s) {
        spans.push(Span::styled(" │ ", theme.dim()));
        spans.push(Span::raw(format!("{label} ")));
        spans.push(Span::styled(value, theme.title()));
    }
    if dropped {
        spans.push(Span::styled(" …", theme.dim()));
    }
    super::cells::line(
        frame.buffer_mut(),
        area,
        &Line::from(spans),
        ratatui::style::Style::new(),
    );
}

/// The order figures are dropped in when the line is too narrow (indexes of the labels):
/// by community, called up, by residents, median, resolved, reported, same day, on time.
const DROP_FIRST: [usize; 8] = [4, 5, 1, 3, 6, 0, 7, 2];
