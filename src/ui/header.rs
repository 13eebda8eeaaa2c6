//! The header (community, duty officer, clock) and the key-hint bar.

use chrono::{DateTime, Datelike, Timelike, Utc};
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{HorizontalAlignment, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::cells;
use super::theme::Theme;
use crate::app::Model;
use crate::i18n::texts;
use crate::keymap;
use unicode_width::UnicodeWidthStr;

/// Draws the header; gives the cells of its clock, which a tick redraws on its own.
pub fn header(
    buf: &mut Buffer,
    area: Rect,
    model: &Model,
    now: DateTime<Utc>,
    theme: Theme,
) -> Rect {
    let ui = &texts(model.lang).ui;
    let text = clock_text(model, now);
    let width = u16::try_from(text.width())
        .unwrap_or(u16::MAX)
        .min(area.width);
    let clock = Rect {
        x: area.right() - width,
        width,
        ..area
    };
    let mut left = Vec::new();
    if let Some(speed) = model.demo {
        let label = if area.width >= 120 {
            ui.demo
        } else {
            ui.demo_short
        };
        let speed = if speed > 1 {
            format!(" ×{speed}")
        } else {
            String::new()
        };
        let marker = label.replace("{speed}", &speed);
        left.push(Span::styled(format!(" {marker} "), theme.demo()));
    }
    left.push(Span::styled(
        format!(" {} · {}", model.community, ui.desk),
        theme.title(),
    ));
    buf.set_style(area, theme.title());
    // The left part stops short of the clock: a wide character is never cut in half by it.
    let room = Rect {
        width: area.width.saturating_sub(width + 1),
        ..area
    };
    // The officer whole, or without the label, or not at all: never a name cut to nothing.
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let free = usize::from(room.width).saturating_sub(used);
    let labelled = format!("   {}: {}", ui.officer, model.officer);
    let bare = format!("   {}", model.officer);
    if let Some(officer) = [labelled, bare].into_iter().find(|s| s.width() <= free) {
        left.push(Span::raw(officer));
    }
    cells::line(buf, room, &Line::from(left), Style::new());
    clock_into(buf, clock, &text, theme);
    clock
}

/// The header's clock, drawn into `area` (as `header` gave it).
pub fn clock(buf: &mut Buffer, area: Rect, model: &Model, now: DateTime<Utc>, theme: Theme) {
    clock_into(buf, area, &clock_text(model, now), theme);
}

fn clock_into(buf: &mut Buffer, area: Rect, text: &str, theme: Theme) {
    let text = Line::from(text).alignment(HorizontalAlignment::Right);
    cells::line(buf, area, &text, theme.title());
}

/// Written field by field: chrono's `format` parses its pattern on every call, every second.
fn clock_text(model: &Model, now: DateTime<Utc>) -> String {
    let local = now.with_timezone(&model.targets.zone);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}  {} ",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute(),
        local.second(),
        model.targets.zone
    )
}

/// The bottom line: the search being typed, else the status, else the key hints.
pub fn hints(frame: &mut Frame, area: Rect, model: &Model, theme: Theme) {
    let t = texts(model.lang);
    if model.searching {
        let prompt = format!(" {} / ", t.form.search);
        let x = prompt.width() + model.search.cursor_column();
        let typed = Line::from(vec![
            Span::styled(prompt, theme.title()),
            Span::raw(model.search.text()),
        ]);
        cells::line(frame.buffer_mut(), area, &typed, Style::new());
        let hint = keymap::hint_line(keymap::SEARCH, |a| t.keys.search[a as usize]);
        let hint = format!("{hint} ");
        if x + 2 + hint.width() <= usize::from(area.width) {
            let hint = Line::styled(hint, theme.dim()).right_aligned();
            cells::line(frame.buffer_mut(), area, &hint, Style::new());
        }
        if let Ok(x) = u16::try_from(x)
            && x < area.width
        {
            frame.set_cursor_position((area.x + x, area.y));
        }
        return;
    }
    if model.in_flight.is_some() && model.form().is_none() {
        let saving = Line::styled(format!(" {}", t.form.saving), theme.title());
        cells::line(frame.buffer_mut(), area, &saving, Style::new());
        return;
    }
    if let Some(status) = &model.status {
        let style = if status.bad {
            theme.stage(crate::domain::Stage::Warning)
        } else {
            theme.title()
        };
        let status = Line::styled(format!(" {}", status.text), style);
        cells::line(frame.buffer_mut(), area, &status, Style::new());
        return;
    }
    // Whole hints only: a narrow screen drops the last ones rather than cutting one in half.
    // While the banner shows an alert about a case, how to acknowledge it comes first.
    let mut spans = vec![Span::raw(" ")];
    let mut used = 1;
    let acknowledge = model
        .alarm()
        .filter(|a| a.case.is_some())
        .map(|_| ("!".to_string(), t.ui.key_hint_acknowledge));
    for (key, what) in acknowledge.into_iter().chain(hint_keys(model.lang)) {
        let what = format!(" {what}  ");
        used += key.width() + what.trim_end().width();
        if used > usize::from(area.width) {
            break;
        }
        used += 2;
        spans.push(Span::styled(key, theme.title()));
        spans.push(Span::styled(what, theme.dim()));
    }
    cells::line(frame.buffer_mut(), area, &Line::from(spans), Style::new());
}

/// The hint bar's keys and words, from the keymap: the keys its language gives a short word.
pub fn hint_keys(lang: crate::i18n::Lang) -> impl Iterator<Item = (String, &'static str)> {
    let words = &texts(lang).ui.key_hint;
    keymap::BOARD.iter().filter_map(|b| {
        let word = words[b.does as usize];
        let first = b.keys.first()?;
        (!word.is_empty()).then(|| (first.label().into_owned(), word))
    })
}
