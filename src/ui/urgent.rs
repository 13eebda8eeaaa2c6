//! The most urgent case, its countdown in digits big enough to read across the room.

use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Widget};
use tui_big_text::{BigText, PixelSize};

use super::board::clock_text;
use super::theme::Theme;
use crate::app::Model;
use crate::app::board::Row;
use crate::domain::{Clock, Stage};
use crate::i18n::texts;
use crate::text::countdown;

/// "left to the arrival target", "past the resolution target"…
fn what_clock(row: &Row, model: &Model) -> &'static str {
    let ui = &texts(model.lang).ui;
    let past = usize::from(row.left.is_some_and(|l| l < 0));
    match row.clock {
        Clock::Arrival { .. } => ui.arrival_clock[past],
        Clock::Resolution { .. } => ui.resolution_clock[past],
        Clock::Tracking | Clock::Stopped => ui.tracking,
    }
}

fn describe(row: &Row, model: &Model) -> String {
    let case = row.case;
    let category = model
        .catalog
        .kind(&case.category)
        .map(|k| model.lang.name(&k.names).to_string())
        .unwrap_or_else(|| case.category.clone());
    format!(
        "{} · {} · {category} · {}",
        case.number, case.grid, case.place
    )
}

/// The big panel: title, big digits, what the case is. Gives the digits' area, which a tick
/// redraws on its own.
pub fn urgent(
    buf: &mut Buffer,
    area: Rect,
    model: &Model,
    top: Option<&Row>,
    theme: Theme,
) -> Rect {
    let ui = &texts(model.lang).ui;
    let block =
        Block::bordered().title(Span::styled(format!(" {} ", ui.most_urgent), theme.title()));
    let inner = block.inner(area);
    (&block).render(area, buf);
    let [digits, label, what] = Layout::vertical([
        Constraint::Length(4),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    big_digits(buf, digits, top, theme);
    if let Some(row) = top {
        let when = format!(
            "{} {}",
            Theme::marker(row.stage).trim(),
            what_clock(row, model)
        );
        Paragraph::new(Line::styled(when, theme.stage(row.stage)))
            .centered()
            .render(label, buf);
        Paragraph::new(describe(row, model))
            .centered()
            .render(what, buf);
    }
    digits
}

/// The countdown of the most urgent case in big digits.
pub fn big_digits(buf: &mut Buffer, area: Rect, top: Option<&Row>, theme: Theme) {
    let (text, style) = match top {
        Some(row) => (
            row.left.map(countdown).unwrap_or_else(|| "--:--".into()),
            theme.stage(row.stage),
        ),
        None => ("--:--".to_string(), theme.dim()),
    };
    BigText::builder()
        .pixel_size(PixelSize::Quadrant)
        .style(style)
        .lines(vec![Line::from(text)])
        .centered()
        .build()
        .render(area, buf);
}

/// One line for small screens: the most urgent case and its countdown.
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
    let line = Line::from(vec![
        Span::styled(format!(" {} ", ui.most_urgent), theme.title()),
        Span::styled(format!("{} ", clock_text(row, ui.tracking)), style),
        Span::raw(format!(" {}", describe(row, model))),
    ]);
    Paragraph::new(line).render(area, buf);
}
