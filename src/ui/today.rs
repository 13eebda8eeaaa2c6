//! Today's figures, in one line: the numbers the community reports.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

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
    let items = [
        (l[0], f.collected.to_string()),
        (l[1], f.resident_reported.to_string()),
        (l[2], format!("{}/{}", f.arrived_within_target, f.arrived)),
        (l[3], median),
        (l[4], f.handled_by_community.to_string()),
        (l[5], f.called_up.to_string()),
        (l[6], f.resolved.to_string()),
        (l[7], f.resolved_same_day.to_string()),
    ];
    // Each figure is its label and its number together, set apart by a bar; a narrow screen
    // drops the last ones whole, never half a pair.
    let mut spans = vec![Span::styled(format!(" {}", ui.today), theme.title())];
    let mut used = spans[0].width();
    let last = items.len() - 1;
    for (i, (label, value)) in items.into_iter().enumerate() {
        let width = 3 + label.width() + 1 + value.width();
        // Room for the `…` that says some were dropped, unless this is the last.
        let after = if i == last { 0 } else { 2 };
        if used + width + after > usize::from(area.width) {
            spans.push(Span::styled(" …", theme.dim()));
            break;
        }
        used += width;
        spans.push(Span::styled(" │ ", theme.dim()));
        spans.push(Span::raw(format!("{label} ")));
        spans.push(Span::styled(value, theme.title()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
