//! A form drawn over the board: one line per field, the focused list opened below its field,
//! each problem beside its field, and the terminal cursor where typing goes (so an input
//! method's candidate window appears in the right place).

use ratatui::Frame;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::app::Model;
use crate::app::form::{Form, Problem, Value};
use crate::i18n::texts;
use crate::text::{pad, truncate};

/// Options shown under a focused list.
const LIST_ROWS: usize = 8;
const LABEL: usize = 14;

pub fn form(
    frame: &mut Frame,
    area: Rect,
    model: &Model,
    form: &Form,
    now: chrono::DateTime<chrono::Utc>,
    theme: Theme,
) {
    let t = texts(model.lang);
    let f = &t.form;
    let width = area.width.min(100);
    let inner_width = usize::from(width.saturating_sub(2));
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor: Option<(usize, usize)> = None;
    if let Some(intro) = &form.intro {
        for line in crate::text::wrap_hanging(&format!(" {intro}"), inner_width) {
            lines.push(Line::from(line));
        }
    }
    for (i, field) in form.fields.iter().enumerate() {
        let focused = i == form.focus;
        let label_style = if focused {
            theme.title().patch(theme.selected())
        } else {
            theme.title()
        };
        let mut spans = vec![Span::styled(
            format!(" {} ", pad(f.fields[field.key as usize], LABEL)),
            label_style,
        )];
        let value_at = LABEL + 2;
        match &field.value {
            Value::Text(input) => {
                spans.push(Span::raw(input.text().to_string()));
                if focused {
                    cursor = Some((lines.len(), value_at + input.cursor_column()));
                }
            }
            Value::Toggle(on) => {
                spans.push(Span::raw(format!(
                    "[{}] {}",
                    if *on { "x" } else { " " },
                    if *on { t.yes } else { t.no }
                )));
            }
            Value::Pick(picker) => {
                let label = match picker.chosen() {
                    Some(c) => c.label.as_str(),
                    None if picker.blank => f.choose,
                    None => "",
                };
                let chosen = format!("‹ {label} ›");
                let chosen_width = chosen.width();
                spans.push(Span::raw(chosen));
                if !picker.filter.text().is_empty() || focused {
                    let filter = format!("   / {}", picker.filter.text());
                    if focused {
                        let at = value_at + chosen_width + filter.width();
                        cursor = Some((lines.len(), at));
                    }
                    spans.push(Span::styled(filter, theme.dim()));
                }
            }
        }
        if let Some(problem) = field.problem().filter(|_| form.shows_problem(i)) {
            spans.push(Span::styled(
                format!("  ← {}", problem_text(model, problem)),
                theme.trouble(),
            ));
        }
        lines.push(Line::from(spans));
        if let (true, Value::Pick(picker)) = (focused, &field.value) {
            let visible = picker.visible();
            let at = visible
                .iter()
                .position(|&o| o == picker.selected)
                .unwrap_or(0);
            let start = at.saturating_sub(LIST_ROWS / 2);
            for &o in visible.iter().skip(start).take(LIST_ROWS) {
                let option = &picker.options[o];
                let text = truncate(
                    &format!(
                        "{}{}  {}",
                        " ".repeat(value_at),
                        pad(&option.label, 18),
                        option.detail
                    ),
                    inner_width,
                );
                let style = if o == picker.selected {
                    theme.selected().patch(theme.title())
                } else {
                    theme.dim()
                };
                lines.push(Line::styled(text, style));
            }
            // Says what the list holds: how many more below, and how many the filter kept.
            let below = visible.len().saturating_sub(start + LIST_ROWS);
            let filtered = visible.len() < picker.options.len();
            if below > 0 || filtered {
                let mut parts = Vec::new();
                if below > 0 {
                    parts.push(f.list_below.replace("{n}", &below.to_string()));
                }
                if filtered {
                    parts.push(
                        f.list_filtered
                            .replace("{n}", &visible.len().to_string())
                            .replace("{total}", &picker.options.len().to_string()),
                    );
                }
                lines.push(Line::styled(
                    format!("{}{}", " ".repeat(value_at), parts.join(" · ")),
                    theme.dim(),
                ));
            }
        }
    }
    let k = &crate::i18n::texts(model.lang).keys;
    if !form.fields.is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::styled(format!(" {}", k.fields), theme.dim()));
    }
    if !form.same_as.is_empty() {
        let w = &t.suggest;
        lines.push(Line::styled(format!(" {}", w.same_as), theme.title()));
        for c in &form.same_as {
            let ago = (now - c.reported_at).num_minutes().max(0);
            let line = format!(
                "   {} · {} · {}",
                c.number,
                crate::text::visible(&c.place),
                w.minutes_ago.replace("{n}", &ago.to_string())
            );
            lines.push(Line::styled(truncate(&line, inner_width), theme.dim()));
        }
        if let Some(first) = form.same_as.first() {
            let key = t.joins.join_key.replace("{case}", &first.number);
            lines.push(Line::styled(format!(" {key}"), theme.title()));
        }
    }
    if let Some(advice) = &form.advice {
        // Said whole, on as many lines as it takes: it is the one line that must be read.
        for line in crate::text::wrap_hanging(&format!(" !! {advice}"), inner_width) {
            lines.push(Line::styled(line, theme.trouble()));
        }
    }
    if let Some(refused) = &form.refused {
        lines.push(Line::styled(format!(" {refused}"), theme.trouble()));
    }
    if model.in_flight.is_some() {
        lines.push(Line::styled(format!(" {}", f.saving), theme.title()));
    }
    let height = (lines.len() as u16 + 2).min(area.height);
    let popup = area.centered(Constraint::Length(width), Constraint::Length(height));
    let mut title = f.titles[form.kind as usize].to_string();
    if let Some(number) = &form.case {
        title.push_str(&format!(" · {number}"));
    }
    let body = Paragraph::new(lines);
    let hint = crate::keymap::hint_line(crate::keymap::FORM, |a| {
        if a.hinted() { k.form[a as usize] } else { "" }
    });
    let inner = super::popup::popup(frame, popup, &title, &hint, body, theme);
    if let Some((row, col)) = cursor {
        let (row, col) = (row as u16, col as u16);
        if row < inner.height && col < inner.width {
            frame.set_cursor_position(Position::new(inner.x + col, inner.y + row));
        }
    }
}

fn problem_text(model: &Model, problem: Problem) -> String {
    let f = &texts(model.lang).form;
    match problem {
        Problem::Required => f.required.to_string(),
        Problem::Phone => f.phone.to_string(),
        Problem::NoMatch => f.no_match.to_string(),
        Problem::Number(lo, hi) => f
            .number
            .replace("{lo}", &lo.to_string())
            .replace("{hi}", &hi.to_string()),
    }
}
