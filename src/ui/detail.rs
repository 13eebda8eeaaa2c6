//! The case detail over the board: every field and the timeline, worded as `dutydesk show`
//! words them. Name and phone stay masked unless the officer reveals them with `m`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::theme::Theme;
use crate::app::Model;
use crate::domain::{Case, Clock};
use crate::i18n::texts;
use crate::keymap;
use crate::present::View;
use crate::text::countdown;
use chrono::{DateTime, Utc};

/// The case's clock now: which target, when it falls, and how much is left or how late.
fn deadline(model: &Model, case: &Case, now: DateTime<Utc>, theme: Theme) -> Option<Line<'static>> {
    let row = crate::app::board::row(case, &model.targets, now);
    let at = row.clock.deadline()?;
    let left = row.left?;
    let ui = &texts(model.lang).ui;
    let past = usize::from(left < 0);
    let what = match row.clock {
        Clock::Arrival { .. } => ui.arrival_clock[past],
        Clock::Resolution { .. } => ui.resolution_clock[past],
        Clock::Tracking | Clock::Unrecorded | Clock::Stopped => return None,
    };
    let local = at.with_timezone(&model.targets.zone).format("%m-%d %H:%M");
    let text = format!(
        " {} {} · {what} · {} {local}",
        Theme::marker(row.stage).trim(),
        countdown(left, model.lang),
        ui.due_at,
    );
    Some(Line::styled(text, theme.stage(row.stage)))
}

pub fn detail(frame: &mut Frame, area: Rect, model: &Model, now: DateTime<Utc>, theme: Theme) {
    let Some(detail) = &model.detail else {
        return;
    };
    let f = &texts(model.lang).form;
    let popup = area.centered(
        Constraint::Length(area.width.saturating_sub(4).min(120)),
        Constraint::Length(area.height.saturating_sub(2)),
    );
    let mut lines: Vec<Line> = Vec::new();
    // A dispatch's link (`dutydesk serve`): its address, and its code to the right when the
    // window has room beside 60 columns of text (else the address alone; `y` copies it).
    // The latest is drawn as a code (and is what `y` copies); every one is listed.
    let links = model.links.get(&detail.number);
    let code = links
        .and_then(|l| l.last())
        .and_then(|(_, url)| super::qr::lines(url));
    let code_size = code.as_deref().map(super::qr::size);
    let beside = code_size.filter(|&(w, h)| {
        popup.width.saturating_sub(2) > 60 + w && popup.height.saturating_sub(2) >= h
    });
    for (role, url) in links.into_iter().flatten().rev() {
        lines.push(Line::styled(
            format!(" {}", f.link_title[*role as usize]),
            theme.title(),
        ));
        lines.push(Line::from(format!(" {url}")));
    }
    let text = match &detail.case {
        Some(case) => {
            if let Some(line) = deadline(model, case, now, theme) {
                lines.push(line);
            }
            if model.snapshot.big_matters.contains(&case.number) {
                let hint = texts(model.lang)
                    .joins
                    .big_matter
                    .replace("{n}", &case.reports.to_string());
                lines.push(Line::styled(format!(" !! {hint}"), theme.trouble()));
            }
            View::new(model.lang, &model.catalog, model.targets, detail.reveal).show(
                case,
                &detail.events,
                &detail.shifts,
                &detail.reports,
            )
        }
        None => f.loading.to_string(),
    };
    // Wrapped here, not by the paragraph: a long timeline entry continues under its words.
    let code_width = beside.map_or(0, |(w, _)| w + 1);
    let inner = usize::from(popup.width.saturating_sub(2 + code_width));
    lines.extend(
        text.lines()
            .flat_map(|l| crate::text::wrap_hanging(&format!(" {l}"), inner))
            .map(Line::from),
    );
    let body = Paragraph::new(lines)
        .wrap(Wrap { trim: false })
        .scroll((detail.scroll, 0));
    let hint = match model.board {
        crate::app::Board::Community => format!(
            "{} {} · {}",
            keymap::case_keys(),
            f.case_keys,
            keymap::hint_line(keymap::DETAIL, |a| f.detail_hints[a as usize])
        ),
        crate::app::Board::SubDistrict(_) => {
            let words = &texts(model.lang).sub_district.detail_hints;
            keymap::hint_line(keymap::CALL_UPS, |a| words[a as usize])
        }
    };
    let inside = super::popup::popup(frame, popup, &detail.number, &hint, body, theme);
    if let (Some((w, h)), Some(code)) = (beside, &code) {
        let at = Rect {
            x: inside.right().saturating_sub(w),
            y: inside.y,
            width: w,
            height: h,
        };
        super::qr::draw(frame.buffer_mut(), at, code);
    }
}
