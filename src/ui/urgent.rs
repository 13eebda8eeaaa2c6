//! The most urgent case, its countdown in digits big enough to read across the room.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;
use tui_big_text::{BigText, PixelSize};

use super::board::clock_text;
use super::cells;
use super::panel::Panel;
use super::theme::Theme;
use crate::app::Model;
use crate::app::board::Row;
use crate::domain::{Clock, Stage};
use crate::i18n::texts;
use crate::text::{countdown, truncate, visible};
use unicode_width::UnicodeWidthStr;

/// "left to the arrival target", "past the resolution target"…
fn what_clock(row: &Row, model: &Model) -> &'static str {
    let ui = &texts(model.lang).ui;
    let past = usize::from(row.left.is_some_and(|l| l < 0));
    match row.clock {
        Clock::Arrival { .. } => ui.arrival_clock[past],
        Clock::Resolution { .. } => ui.resolution_clock[past],
        Clock::Unrecorded => ui.unrecorded,
        Clock::Tracking | Clock::Stopped => ui.tracking,
    }
}

fn describe(row: &Row, model: &Model) -> String {
    let case = row.case;
    let category = model.lang.category(&model.catalog, &case.category);
    format!(
        "{} · {} · {category} · {}",
        case.number,
        case.grid,
        visible(&case.place)
    )
}

/// The big panel: title, big digits, what the case is; on a tall screen, the next few cases
/// with clocks of their own. `tops` are the most urgent open cases, first first: never the
/// board's filtered or closed list, so the panel always tells the truth about the desk.
/// Drawn whole by every tick (it is small), so the digits can grow with the screen. Gives how
/// many cases it showed.
pub fn panel(buf: &mut Buffer, area: Rect, model: &Model, tops: &[Row], theme: Theme) -> usize {
    let ui = &texts(model.lang).ui;
    let mut title = vec![Span::styled(format!(" {} ", ui.most_urgent), theme.title())];
    if model.grid.is_some() || !model.search.text().trim().is_empty() {
        title.push(Span::styled(format!("· {} ", ui.of_all_open), theme.dim()));
    }
    let block = Panel::new().title(Line::from(title));
    let inner = block.inner(area);
    block.render(area, buf);
    let Some(first) = tops.first() else {
        big_digits(buf, inner, None, theme, PixelSize::Quadrant);
        return 0;
    };
    let text = digits_text(Some(first));
    let cells = u16::try_from(text.chars().count()).unwrap_or(u16::MAX);
    let size = if inner.height >= 8 + 2 && inner.width >= cells * 8 + 2 {
        PixelSize::Full
    } else {
        PixelSize::Quadrant
    };
    let rows_tall = if size == PixelSize::Full { 8 } else { 4 };
    let [digits, label, what, rest] = Layout::vertical([
        Constraint::Length(rows_tall),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ])
    .areas(inner);
    big_digits(buf, digits, Some(first), theme, size);
    caption(buf, label, what, model, first, theme);
    // Then as many of the next cases as fit, each with smaller big digits.
    let mut next = rest;
    let mut shown = 1;
    for row in tops.iter().skip(1) {
        if next.height < 7 {
            break;
        }
        shown += 1;
        let [gap, digits, label, what, after] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(4),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ])
        .areas(next);
        buf.set_string(
            gap.x,
            gap.y,
            "┄".repeat(usize::from(gap.width)),
            theme.dim(),
        );
        big_digits(buf, digits, Some(row), theme, PixelSize::Quadrant);
        caption(buf, label, what, model, row, theme);
        next = after;
    }
    shown
}

/// How many cases the panel could show at most (the tick keeps them to redraw).
pub const MOST: usize = 6;

fn caption(buf: &mut Buffer, label: Rect, what: Rect, model: &Model, row: &Row, theme: Theme) {
    let when = format!(
        "{} {}",
        Theme::marker(row.stage).trim(),
        what_clock(row, model)
    );
    let when = Line::styled(when, theme.stage(row.stage)).centered();
    cells::line(buf, label, &when, Style::new());
    let described = truncate(&describe(row, model), usize::from(what.width));
    cells::line(buf, what, &Line::from(described).centered(), Style::new());
}

fn digits_text(top: Option<&Row>) -> String {
    // Latin units: the big font has no Chinese glyphs (the caption below says what it is).
    top.and_then(|row| row.left)
        .map(|left| countdown(left, crate::i18n::Lang::En))
        .unwrap_or_else(|| "--:--".into())
}

/// A countdown in big digits.
fn big_digits(buf: &mut Buffer, area: Rect, top: Option<&Row>, theme: Theme, size: PixelSize) {
    let style = top.map_or(theme.dim(), |row| theme.stage(row.stage));
    BigText::builder()
        .pixel_size(size)
        .style(style)
        .lines(vec![Line::from(digits_text(top))])
        .centered()
        .build()
        .render(area, buf);
}

/// One line for small screens: the most urgent open case and its countdown.
pub fn urgent_line(buf: &mut Buffer, area: Rect, model: &Model, top: Option<&Row>, theme: Theme) {
    let ui = &texts(model.lang).ui;
    let Some(row) = top else {
        return;
    };
    let style = if row.stage == Stage::Calm {
        theme.title()
    } else {
        theme.stage(row.stage)
    };
    let head = format!(" {} ", ui.most_urgent);
    let clock = format!("{} ", clock_text(row, model.lang));
    let room = usize::from(area.width).saturating_sub(head.width() + clock.width() + 1);
    let line = Line::from(vec![
        Span::styled(head, theme.title()),
        Span::styled(clock, style),
        Span::raw(format!(" {}", truncate(&describe(row, model), room))),
    ]);
    cells::line(buf, area, &line, Style::new());
}
