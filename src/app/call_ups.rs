//! The sub-district's board, one of the dashboard's two: every community's row and every open
//! call-up across the shared database. What it holds, what its keys and messages do, and the
//! alerts its call-ups call for. Everything else (quitting, help, a case's detail, forms, the
//! status line, sending alerts) is the one dashboard's, shared with a community's board.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use super::act::{issue, say};
use super::command::Command;
use super::form::FormKind;
use super::forms;
use super::model::{Board, CallUps, Detail, Effect, InFlight, Model, Outcome, View};
use crate::domain::{Action, Alert};
use crate::i18n::texts;
use crate::keymap::{self, OnCallUps};
use crate::notice::Notice;
use crate::store::{CallUpRow, Overview};
use crate::text::{elapsed, visible};

fn board(model: &Model) -> Option<&CallUps> {
    match &model.board {
        Board::SubDistrict(c) => Some(c),
        Board::Community => None,
    }
}

fn board_mut(model: &mut Model) -> Option<&mut CallUps> {
    match &mut model.board {
        Board::SubDistrict(c) => Some(c),
        Board::Community => None,
    }
}

/// A new read of every community and call-up: the selection stays on its call-up if it is
/// still open, else the first; a call-up's alert leaves the banner once it is taken or closed.
pub fn loaded(model: &mut Model, overview: Overview, now: DateTime<Utc>, out: &mut Outcome) {
    let Some(c) = board_mut(model) else { return };
    c.overview = overview;
    if c.selected_index().is_none() {
        c.selected = c.overview.call_ups.first().map(CallUpRow::qualified);
    }
    let waiting: Vec<String> = (c.overview.call_ups.iter())
        .filter(|r| r.received_ms.is_none())
        .map(CallUpRow::qualified)
        .collect();
    model
        .alarms
        .retain(|n| n.about.iter().any(|(number, _)| waiting.contains(number)));
    model.loaded = true;
    model.trouble = None;
    model.unreachable = false;
    out.redraw = true;
    claim(model, now, out);
}

/// Each second: the alerts that fell due.
pub fn tick(model: &mut Model, now: DateTime<Utc>, out: &mut Outcome) {
    claim(model, now, out);
}

/// Asks the store for the call-up alerts due now that this desk has not asked for before.
fn claim(model: &mut Model, now: DateTime<Utc>, out: &mut Outcome) {
    let Some(c) = board(model).filter(|_| model.loaded) else {
        return;
    };
    let due: Vec<Alert> = crate::domain::alerts::call_ups_due(
        c.overview
            .call_ups
            .iter()
            .filter_map(|r| Some((r.qualified(), r.called_up_at()?, r.received_ms.is_some()))),
        c.receive_within,
        now,
    )
    .into_iter()
    .filter(|a| !model.alerted.contains(&a.key()))
    .collect();
    if due.is_empty() {
        return;
    }
    model.alerted.extend(due.iter().map(Alert::key));
    out.effects.push(Effect::Claim(due));
}

/// What to say of call-up alerts this desk won: each in the officer's words, with the
/// community's and the body's names (never their codes) and how long it has waited.
pub fn notices(model: &Model, alerts: &[Alert], now: DateTime<Utc>) -> Vec<Notice> {
    let Some(c) = board(model) else {
        return Vec::new();
    };
    let s = &texts(model.lang).sub_district;
    alerts
        .iter()
        .map(|alert| {
            let row = c.row(&alert.number);
            let community = row
                .and_then(|r| (c.overview.communities.iter()).find(|x| x.code == r.community))
                .map_or_else(
                    || row.map(|r| r.community.clone()).unwrap_or_default(),
                    |x| crate::subdistrict::name(x, model.lang).to_string(),
                );
            let body = row
                .map(|r| {
                    model
                        .catalog
                        .body(&r.body)
                        .map_or_else(|| r.body.clone(), |b| model.lang.name(&b.names).to_string())
                })
                .unwrap_or_default();
            let waited = row
                .and_then(CallUpRow::called_up_at)
                .map_or(0, |at| (now - at).num_seconds());
            let template = match alert.kind {
                crate::domain::AlertKind::CallUpWaiting => s.not_received,
                _ => s.new_call_up,
            };
            let summary = template
                .replace("{community}", &community)
                .replace("{case}", &alert.number)
                .replace("{body}", &body)
                .replace("{waited}", &elapsed(waited, model.lang));
            Notice {
                key: alert.key(),
                kind: alert.kind,
                case: None,
                about: vec![(alert.number.clone(), crate::domain::ClockKind::Arrival)],
                grid: row.and_then(|r| u8::try_from(r.grid).ok()),
                place: row
                    .map(|r| visible(&r.place).into_owned())
                    .unwrap_or_default(),
                late_minutes: (now - alert.deadline).num_minutes(),
                summary,
                body: row
                    .map(|r| format!("{} · {}", visible(&r.place), visible(&r.summary)))
                    .unwrap_or_default(),
                critical: alert.overdue(),
            }
        })
        .collect()
}

/// A key on the sub-district's board, or in a call-up's case opened from it.
pub fn key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    let Some(does) = keymap::call_ups(&key) else {
        out.redraw = false;
        return;
    };
    let in_detail = model.view == View::Detail;
    let s = &texts(model.lang).sub_district;
    // The call-up acted on: the case open in the detail, else the selected one.
    let chosen = match (in_detail, &model.detail, board(model)) {
        (true, Some(detail), _) => Some(detail.number.clone()),
        (false, _, Some(c)) => c.selected_index().and(c.selected.clone()),
        _ => None,
    };
    match does {
        OnCallUps::Up | OnCallUps::Down if in_detail => {
            if let Some(detail) = model.detail.as_mut() {
                detail.scroll = match does {
                    OnCallUps::Up => detail.scroll.saturating_sub(1),
                    _ => detail.scroll.saturating_add(1),
                };
            }
        }
        OnCallUps::Up | OnCallUps::Down => {
            if let Some(c) = board_mut(model) {
                let count = c.overview.call_ups.len();
                if count > 0 {
                    let at = c.selected_index();
                    let next = match does {
                        OnCallUps::Up => at.map_or(0, |i| i.saturating_sub(1)),
                        _ => at.map_or(0, |i| (i + 1).min(count - 1)),
                    };
                    c.selected = c.overview.call_ups.get(next).map(CallUpRow::qualified);
                }
            }
        }
        OnCallUps::Detail if in_detail => close_detail(model),
        OnCallUps::Detail => match chosen {
            Some(number) => {
                model.detail = Some(Detail {
                    number: number.clone(),
                    case: None,
                    events: Vec::new(),
                    shifts: Vec::new(),
                    reports: Vec::new(),
                    scroll: 0,
                    reveal: false,
                });
                model.view = View::Detail;
                out.effects.push(Effect::LoadDetail(number));
            }
            None => say(model, s.nothing_selected, true, now),
        },
        OnCallUps::Receive => match chosen {
            Some(number) => {
                let command = Command::Act {
                    number,
                    action: Action::Receive { note: None },
                    at: None,
                };
                let flight = InFlight {
                    command,
                    undo: false,
                };
                issue(model, flight, now, out);
            }
            None => say(model, s.nothing_selected, true, now),
        },
        OnCallUps::Note | OnCallUps::Resolve => match chosen {
            Some(number) => {
                let kind = match does {
                    OnCallUps::Note => FormKind::Note,
                    _ => FormKind::Resolve,
                };
                model.view = View::Form(Box::new(forms::for_number(kind, model, &number)));
            }
            None => say(model, s.nothing_selected, true, now),
        },
        OnCallUps::Help => model.view = View::Help,
        OnCallUps::Back if in_detail => close_detail(model),
        OnCallUps::Back | OnCallUps::Quit => model.view = View::ConfirmQuit,
    }
}

fn close_detail(model: &mut Model) {
    model.detail = None;
    model.view = View::Board;
}
