//! What each key does, by what is on screen: a form, the detail, the roster, help, the
//! quit question, the search line, or the board.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

use super::act::{UNDO_FOR, acknowledge, back, issue, say};
use super::board;
use super::command::Command;
use super::form::{FormKey, FormKind};
use super::forms;
use super::model::{Board, Detail, Effect, InFlight, List, Model, Outcome, View};
use crate::desk::said as errors;
use crate::domain::{Action, ArrivalHow, Case, DomainError, Tier, lifecycle};
use crate::i18n::texts;
use crate::keymap::{
    self, Always, Does, InDetail, OnFailed, OnFigures, OnQuestion, OnRoster, OnSearch, OnSheet,
};

pub fn key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    // Windows terminals report releases too; act on presses (and repeats) only.
    if key.kind == KeyEventKind::Release {
        return;
    }
    out.redraw = true;
    match keymap::find(keymap::ALWAYS, &key) {
        Some(Always::Interrupt) => return interrupt(model, now),
        Some(Always::Redraw) => return out.effects.push(Effect::Clear),
        None => {}
    }
    // A write the machine failed: Esc dismisses it anywhere, Enter retries it on the board.
    if model.failed.is_some() {
        match keymap::find(keymap::FAILED, &key) {
            Some(OnFailed::Dismiss) => return model.failed = None,
            Some(OnFailed::Retry) if model.view == View::Board && !model.searching => {
                if let Some(failed) = model.failed.take() {
                    issue(model, failed.flight, now, out);
                }
                return;
            }
            _ => {}
        }
    }
    match model.view {
        View::Form(_) => form_key(model, key, now, out),
        View::ConfirmQuit => match keymap::find(keymap::QUESTION, &key) {
            Some(OnQuestion::Quit) => model.quit = true,
            Some(OnQuestion::Stay) | None => model.view = back(model),
        },
        View::Help => sheet_key(model, keymap::find(keymap::HELP, &key), out),
        View::Handover => sheet_key(model, keymap::find(keymap::HANDOVER, &key), out),
        View::Roster { selected } => roster_key(model, key, selected, now, out),
        View::Stats => match keymap::find(keymap::FIGURES, &key) {
            Some(OnFigures::Quit) => model.view = View::ConfirmQuit,
            Some(OnFigures::Close) => model.view = View::Board,
            None => out.redraw = false,
        },
        View::Board | View::Detail if matches!(model.board, Board::SubDistrict(_)) => {
            super::call_ups::key(model, key, now, out)
        }
        View::Detail => detail_key(model, key, now, out),
        View::Board if model.searching => search_key(model, key, now),
        View::Board => board_key(model, key, now, out),
    }
}

/// Ctrl-C, as terminal users press it without thinking: it cancels a form (as Esc), asks on
/// the board (as `q`), and quits when pressed again within `CTRL_C_TWICE` seconds or at the
/// question. A half-filled report is never lost to a reflex.
fn interrupt(model: &mut Model, now: DateTime<Utc>) {
    let again = model
        .interrupted_at
        .is_some_and(|at| now >= at && now - at <= model.seconds(CTRL_C_TWICE));
    model.interrupted_at = Some(now);
    match model.view {
        _ if again => model.quit = true,
        View::ConfirmQuit => model.quit = true,
        View::Form(_) => model.view = back(model),
        _ => model.view = View::ConfirmQuit,
    }
}

/// Seconds within which a second Ctrl-C quits.
const CTRL_C_TWICE: i64 = 2;

/// A sheet read over the board (help, the handover): scroll, close, ask to quit; the
/// handover's Enter records it.
fn sheet_key(model: &mut Model, does: Option<OnSheet>, out: &mut Outcome) {
    match does {
        Some(OnSheet::HandOver) => model.view = View::Form(Box::new(forms::handover())),
        Some(OnSheet::Quit) => model.view = View::ConfirmQuit,
        Some(OnSheet::Close) => model.view = View::Board,
        Some(OnSheet::Down) => model.scroll = model.scroll.saturating_add(1),
        Some(OnSheet::Up) => model.scroll = model.scroll.saturating_sub(1),
        None => out.redraw = false,
    }
    if model.view == View::Board {
        model.scroll = 0;
    }
}

fn form_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    let View::Form(mut form) = std::mem::replace(&mut model.view, View::Board) else {
        return;
    };
    match form.handle(key) {
        FormKey::Close => {
            model.view = back(model);
            return;
        }
        FormKey::Edited => {
            forms::follow_category(&mut form, model);
            forms::follow_place(&mut form, model, now);
        }
        FormKey::Ignored => out.redraw = false,
        done @ (FormKey::SameMatter | FormKey::Submit) => {
            form.tried = true;
            let same_matter = done == FormKey::SameMatter;
            if let Some(first) = form.first_problem() {
                form.focus = first;
            } else if let Some(command) = forms::submitted(&form, same_matter, now) {
                model.view = View::Form(form);
                let flight = InFlight {
                    command,
                    undo: false,
                };
                issue(model, flight, now, out);
                return;
            }
        }
    }
    model.view = View::Form(form);
}

fn search_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>) {
    match keymap::find(keymap::SEARCH, &key) {
        Some(OnSearch::Done) => model.searching = false,
        Some(OnSearch::Clear) => {
            model.search.clear();
            model.searching = false;
        }
        None => {
            model.search.handle(key);
        }
    }
    board::select_top(model, now);
}

fn roster_key(
    model: &mut Model,
    key: KeyEvent,
    selected: usize,
    now: DateTime<Utc>,
    out: &mut Outcome,
) {
    let last = model.snapshot.roster.len().saturating_sub(1);
    match keymap::find(keymap::ROSTER, &key) {
        Some(OnRoster::Close) => model.view = View::Board,
        Some(OnRoster::Down) => {
            model.view = View::Roster {
                selected: (selected + 1).min(last),
            }
        }
        Some(OnRoster::Up) => {
            model.view = View::Roster {
                selected: selected.saturating_sub(1),
            }
        }
        Some(OnRoster::Duty) => {
            if let Some(r) = model.snapshot.roster.get(selected) {
                let command = Command::Duty {
                    name: r.name.clone(),
                    on_duty: !r.on_duty,
                };
                let flight = InFlight {
                    command,
                    undo: false,
                };
                issue(model, flight, now, out);
            }
        }
        Some(OnRoster::Quit) => model.view = View::ConfirmQuit,
        None => out.redraw = false,
    }
}

fn detail_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    let Some(detail) = model.detail.as_mut() else {
        model.view = View::Board;
        return;
    };
    match keymap::detail(&key) {
        Some(Ok(InDetail::Close)) => {
            model.detail = None;
            model.view = View::Board;
        }
        Some(Ok(InDetail::ScrollDown)) => detail.scroll = detail.scroll.saturating_add(1),
        Some(Ok(InDetail::ScrollUp)) => detail.scroll = detail.scroll.saturating_sub(1),
        Some(Ok(InDetail::Reveal)) => detail.reveal = !detail.reveal,
        Some(Ok(InDetail::CopyLink)) => {
            let f = &texts(model.lang).form;
            match model.links.get(&detail.number).and_then(|l| l.last()) {
                Some((_, url)) => {
                    out.effects.push(Effect::Copy(url.clone()));
                    say(model, f.link_copied, false, now);
                }
                None => say(model, f.no_link, true, now),
            }
        }
        Some(Ok(InDetail::Quit)) => model.view = View::ConfirmQuit,
        Some(Ok(InDetail::Undo)) => undo(model, now, out),
        Some(Err(does)) => match (FormKind::of(does), detail.case.clone()) {
            (None, _) => out.redraw = false,
            (Some(kind), Some(case)) => open_form(model, kind, &case, now, out),
            (Some(_), None) => say(model, texts(model.lang).form.loading, true, now),
        },
        None => out.redraw = false,
    }
}

fn board_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    let f = &texts(model.lang).form;
    let Some(does) = keymap::board(&key) else {
        out.redraw = false;
        return;
    };
    let page = model.page_rows();
    match does {
        Does::Quit => model.view = View::ConfirmQuit,
        Does::Help => model.view = View::Help,
        Does::Stats => {
            model.view = View::Stats;
            model.stats = None;
            out.effects.push(Effect::LoadStats);
        }
        Does::Handover => {
            model.view = View::Handover;
            model.handover = None;
            out.effects.push(Effect::LoadHandover);
        }
        Does::ClearFilter => {
            model.search.clear();
            model.grid = None;
            board::select_top(model, now);
        }
        Does::Grid => {
            if let KeyCode::Char(c) = key.code {
                let n = c as u8 - b'0';
                if n == 0 {
                    model.grid = None;
                } else if model.catalog.grid(n).is_some() {
                    model.grid = Some(n);
                }
            }
            board::select_top(model, now);
        }
        Does::Down => board::select_by(model, now, |i, _| i + 1),
        Does::Up => board::select_by(model, now, |i, _| i.saturating_sub(1)),
        Does::PageDown => board::select_by(model, now, |i, _| i + page),
        Does::PageUp => board::select_by(model, now, |i, _| i.saturating_sub(page)),
        Does::First => board::select_by(model, now, |_, _| 0),
        Does::Last => board::select_by(model, now, |_, len| len),
        Does::Acknowledge => match model.alarm().and_then(|a| a.case.clone()) {
            Some((number, clock)) => acknowledge(model, number, clock, now, out),
            None => say(model, f.nothing_to_acknowledge, true, now),
        },
        Does::SwitchList => {
            model.list = match model.list {
                List::Open => List::Closed,
                List::Closed => List::Open,
            };
            board::select_top(model, now);
        }
        Does::Search => model.searching = true,
        Does::NewReport => model.view = View::Form(Box::new(forms::report(model))),
        Does::Roster => model.view = View::Roster { selected: 0 },
        Does::Patrol => {
            let grid = board::selected(model, now)
                .map(|c| c.grid)
                .or(model.grid)
                .unwrap_or(1);
            model.view = View::Form(Box::new(forms::patrol(model, grid, now)));
        }
        Does::Undo => undo(model, now, out),
        Does::Detail => match board::selected(model, now) {
            Some(case) => open_detail(model, case.clone(), out),
            None => say(model, f.no_case, true, now),
        },
        Does::Dispatch
        | Does::Arrive
        | Does::CallUp
        | Does::Tier
        | Does::Note
        | Does::Resolve
        | Does::Tell
        | Does::Join
        | Does::Split
        | Does::Cancel
        | Does::Reopen => {
            let kind = FormKind::of(does).expect("every case key opens a form");
            let on_closed = matches!(does, Does::Tell | Does::Reopen | Does::Split);
            match board::selected(model, now).cloned() {
                Some(case) => open_form(model, kind, &case, now, out),
                None if on_closed && model.list == List::Open => {
                    say(model, f.no_case_closed, true, now)
                }
                None => say(model, f.no_case, true, now),
            }
        }
    }
}

/// Opens the case's detail; its timeline is loaded behind it.
pub fn open_detail(model: &mut Model, case: Case, out: &mut Outcome) {
    let number = case.number.clone();
    model.detail = Some(Detail {
        number: number.clone(),
        case: Some(case),
        events: Vec::new(),
        shifts: Vec::new(),
        reports: Vec::new(),
        scroll: 0,
        reveal: false,
    });
    model.view = View::Detail;
    out.effects.push(Effect::LoadDetail(number));
}

/// Opens the form, unless the lifecycle already says no: then the status line says why.
/// A dispatch form asks the desk whom to suggest; the answer reorders it (`Msg::Suggested`).
fn open_form(
    model: &mut Model,
    kind: FormKind,
    case: &Case,
    now: DateTime<Utc>,
    out: &mut Outcome,
) {
    if let Some(why) = refusal(model, kind, case, now) {
        say(model, why, true, now);
        return;
    }
    model.view = View::Form(Box::new(forms::for_case(kind, model, case)));
    if kind == FormKind::Dispatch {
        out.effects.push(Effect::Suggest(case.number.clone()));
    }
}

/// Asks the domain whether this kind of change is allowed on the case now, with a stand-in
/// for what the form will ask (a responder, a body, a note).
fn refusal(model: &Model, kind: FormKind, case: &Case, now: DateTime<Utc>) -> Option<String> {
    const PROBE: &str = "\u{0}probe";
    let probe = match kind {
        FormKind::Dispatch => Action::Dispatch {
            responder: PROBE.into(),
            note: None,
        },
        FormKind::Arrive => Action::Arrive {
            how: ArrivalHow::Seen,
        },
        FormKind::CallUp => Action::Escalate {
            body: PROBE.into(),
            note: None,
        },
        FormKind::Tier => Action::SetTier {
            tier: if case.tier == Tier::Small {
                Tier::Medium
            } else {
                Tier::Small
            },
        },
        FormKind::Note => Action::Note {
            text: PROBE.into(),
            public: false,
        },
        FormKind::Resolve => Action::Resolve {
            note: PROBE.into(),
            told: false,
        },
        FormKind::Cancel => Action::Cancel {
            reason: PROBE.into(),
        },
        FormKind::Reopen => Action::Reopen {
            reason: PROBE.into(),
        },
        FormKind::Tell => Action::Tell { verdict: None },
        FormKind::Join => {
            // Into a stand-in open case: whether this one may join any (the store checks
            // the one chosen).
            let mut other = case.clone();
            other.number = PROBE.into();
            other.state = crate::domain::State::Reported;
            other.joined = None;
            let alone = !model.snapshot.open.iter().any(|c| c.number != case.number);
            return match crate::domain::joining::join(case, &other, now, now) {
                Err(e) => Some(errors::domain(
                    errors::Voice::new(model.lang, model.targets.zone),
                    &e,
                )),
                Ok(_) if alone => Some(texts(model.lang).joins.nothing_to_join.to_string()),
                Ok(_) => None,
            };
        }
        FormKind::Split => {
            return crate::domain::joining::joined_into(case)
                .err()
                .map(|e| errors::domain(errors::Voice::new(model.lang, model.targets.zone), &e));
        }
        FormKind::Report | FormKind::Patrol | FormKind::Handover => return None,
    };
    match lifecycle::apply(case, &probe, now, now, &model.rules) {
        Err(e @ DomainError::NotAllowed { .. }) => Some(errors::domain(
            errors::Voice::new(model.lang, model.targets.zone),
            &e,
        )),
        _ => None,
    }
}

fn undo(model: &mut Model, now: DateTime<Utc>, out: &mut Outcome) {
    let f = &texts(model.lang).form;
    let recent = model
        .last
        .as_ref()
        .filter(|d| now - d.at <= model.seconds(UNDO_FOR));
    match recent.map(|d| d.undo.clone()) {
        None => say(model, f.nothing_to_undo, true, now),
        Some(None) => say(model, f.cannot_undo, true, now),
        Some(Some(command)) => issue(
            model,
            InFlight {
                command,
                undo: true,
            },
            now,
            out,
        ),
    }
}
