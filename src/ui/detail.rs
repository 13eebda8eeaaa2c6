//! The case detail over the board: every field and the timeline, worded as `dutydesk show`
//! words them. Name and phone stay masked unless the officer reveals them with `m`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;
use crate::present::View;

pub fn detail(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let Some(detail) = &model.detail else {
        return;
    };
    let f = &texts(model.lang).form;
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(120)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    let text = match &detail.case {
        Some(case) => View::new(model.lang, &model.catalog, model.targets, detail.reveal)
            .show(case, &detail.events),
        None => f.loading.to_string(),
    };
    let lines: Vec<Line> = text.lines().map(|l| Line::from(format!(" {l}"))).collect();
    let body = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((detail.scroll, 0));
    super::popup::popup(frame, popup, &detail.number, f.detail_hint, body, theme);
}
