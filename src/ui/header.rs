//! The header (community, duty officer, clock) and the key-hint bar.

use chrono::{DateTime, Datelike, Timelike, Utc};
use ratatui::Frame;
use ratatui::layout::{HorizontalAlignment, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;

pub fn header(frame: &mut Frame, area: Rect, model: &Model, now: DateTime<Utc>, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let local = now.with_timezone(&model.targets.zone);
    let left = Line::from(vec![
        Span::styled(format!(" {} · {}", model.community, ui.desk), theme.title()),
        Span::raw(format!("   {}: {}", ui.officer, model.officer)),
    ]);
    // Written field by field: chrono's `format` parses its pattern on every call, every second.
    let right = Line::from(format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}  {} ",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        model.targets.zone
    ))
    .alignment(HorizontalAlignment::Right);
    frame.render_widget(Paragraph::new(left), area);
    frame.render_widget(Paragraph::new(right).style(theme.title()), area);
}

pub fn hints(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let mut spans = vec![Span::raw(" ")];
    for (key, what) in ui.keys.iter().take(5) {
        spans.push(Span::styled(key.to_string(), theme.title()));
        spans.push(Span::styled(format!(" {what}   "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
