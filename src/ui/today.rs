//! Today's figures, in one line: the numbers the community reports.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;

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
    let mut spans = vec![Span::styled(format!(" {} ", ui.today), theme.title())];
    for (label, value) in items {
        spans.push(Span::styled(format!(" {label} "), theme.dim()));
        spans.push(Span::styled(value, theme.title()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
