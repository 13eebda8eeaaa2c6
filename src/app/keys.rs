//! What each key does, by what is on screen: a form, the detail, the roster, help, the
//! quit question, the search line, or the board.

use chrono::{DateTime, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::board;
use super::command::Command;
use super::form::{FormKey, FormKind};
use super::forms;
use super::model::{Detail, Effect, InFlight, List, Model, Outcome, View};
use super::update::{UNDO_FOR, acknowledge, back, clamp_selection, issue, say};
use crate::domain::{Action, ArrivalHow, Case, DomainError, Tier, lifecycle};
use crate::i18n::texts;

pub fn key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    // Windows terminals report releases too; act on presses (and repeats) only.
    if key.kind == KeyEventKind::Release {
        return;
    }
    out.redraw = true;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => {
            model.quit = true;
            return;
        }
        KeyCode::Char('l') if ctrl => {
            out.effects.push(Effect::Clear);
            return;
        }
        KeyCode::Esc if model.failed.is_some() => {
            model.failed = None;
            return;
        }
        _ => {}
    }
    match model.view {
        View::Form(_) => form_key(model, key, now, out),
        View::ConfirmQuit => match key.code {
            KeyCode::Char('y' | 'Y' | 'q') => model.quit = true,
            _ => model.view = back(model),
        },
        View::Help => match key.code {
            KeyCode::Char('q') => model.view = View::ConfirmQuit,
            KeyCode::Esc | KeyCode::Char('?') => model.view = View::Board,
            _ => out.redraw = false,
        },
        View::Roster { selected } => roster_key(model, key, selected, now, out),
        View::Detail => detail_key(model, key, now, out),
        View::Board if model.searching => search_key(model, key, now),
        View::Board => board_key(model, key, now, out),
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
        FormKey::Edited => forms::follow_category(&mut form, model),
        FormKey::Ignored => out.redraw = false,
        FormKey::Submit => {
            form.tried = true;
            if let Some(first) = form.first_problem() {
                form.focus = first;
            } else if let Some(command) = forms::command(&form, now) {
                model.view = View::Form(form);
                issue(
                    model,
                    InFlight {
                        command,
                        undo: false,
                    },
                    now,
                    out,
                );
                return;
            }
        }
    }
    model.view = View::Form(form);
}

fn search_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>) {
    match key.code {
        KeyCode::Enter => model.searching = false,
        KeyCode::Esc => {
            model.search.clear();
            model.searching = false;
        }
        _ => {
            model.search.handle(key);
        }
    }
    model.selected = 0;
    clamp_selection(model, now);
}

fn roster_key(
    model: &mut Model,
    key: KeyEvent,
    selected: usize,
    now: DateTime<Utc>,
    out: &mut Outcome,
) {
    let last = model.snapshot.roster.len().saturating_sub(1);
    match key.code {
        KeyCode::Esc | KeyCode::Char('r') => model.view = View::Board,
        KeyCode::Down | KeyCode::Char('j') => {
            model.view = View::Roster {
                selected: (selected + 1).min(last),
            }
        }
        KeyCode::Up | KeyCode::Char('k') => {
            model.view = View::Roster {
                selected: selected.saturating_sub(1),
            }
        }
        KeyCode::Char(' ') | KeyCode::Enter => {
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
        KeyCode::Char('q') => model.view = View::ConfirmQuit,
        _ => out.redraw = false,
    }
}

fn detail_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    let Some(detail) = model.detail.as_mut() else {
        model.view = View::Board;
        return;
    };
    match key.code {
        KeyCode::Esc | KeyCode::Enter => {
            model.detail = None;
            model.view = View::Board;
        }
        KeyCode::Down | KeyCode::Char('j') => detail.scroll = detail.scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => detail.scroll = detail.scroll.saturating_sub(1),
        KeyCode::Char('m') => detail.reveal = !detail.reveal,
        KeyCode::Char('q') => model.view = View::ConfirmQuit,
        KeyCode::Char('z') => undo(model, now, out),
        KeyCode::Char(c) => {
            let case = detail.case.clone();
            match (action_form(c), case) {
                (Some(kind), Some(case)) => open_form(model, kind, &case, now),
                (Some(_), None) => say(model, texts(model.lang).form.loading, true, now),
                (None, _) => out.redraw = false,
            }
        }
        _ => out.redraw = false,
    }
}

fn board_key(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, out: &mut Outcome) {
    let f = &texts(model.lang).form;
    match key.code {
        KeyCode::Char('q') => model.view = View::ConfirmQuit,
        KeyCode::Char('?') => model.view = View::Help,
        KeyCode::Esc => {
            model.search.clear();
            model.selected = 0;
        }
        KeyCode::Enter if model.failed.is_some() => {
            if let Some(failed) = model.failed.take() {
                issue(model, failed.flight, now, out);
            }
        }
        KeyCode::Char(c @ '0'..='9') => {
            let n = c as u8 - b'0';
            if n == 0 {
                model.grid = None;
            } else if model.catalog.grid(n).is_some() {
                model.grid = Some(n);
            }
            model.selected = 0;
        }
        KeyCode::Down | KeyCode::Char('j') => {
            model.selected = model.selected.saturating_add(1);
            clamp_selection(model, now);
        }
        // While an alert about one case is up, k acknowledges it (the banner says so);
        // otherwise k moves up, as the arrow does.
        KeyCode::Char('k') if model.alarm().is_some_and(|a| a.case.is_some()) => {
            if let Some((number, clock)) = model.alarm().and_then(|a| a.case.clone()) {
                acknowledge(model, number, clock, now, out);
            }
        }
        KeyCode::Up | KeyCode::Char('k') => {
            model.selected = model.selected.saturating_sub(1);
        }
        KeyCode::Home | KeyCode::Char('g') => model.selected = 0,
        KeyCode::End | KeyCode::Char('G') => {
            model.selected = usize::MAX;
            clamp_selection(model, now);
        }
        KeyCode::Tab => {
            model.list = match model.list {
                List::Open => List::Closed,
                List::Closed => List::Open,
            };
            model.selected = 0;
        }
        KeyCode::Char('/') => model.searching = true,
        KeyCode::Char('n') => model.view = View::Form(Box::new(forms::report(model))),
        KeyCode::Char('r') => model.view = View::Roster { selected: 0 },
        KeyCode::Char('p') => {
            let grid = board::selected(model, now)
                .map(|c| c.grid)
                .or(model.grid)
                .unwrap_or(1);
            model.view = View::Form(Box::new(forms::patrol(model, grid, now)));
        }
        KeyCode::Char('z') => undo(model, now, out),
        KeyCode::Enter => match board::selected(model, now) {
            Some(case) => {
                let number = case.number.clone();
                model.detail = Some(Detail {
                    number: number.clone(),
                    case: Some(case.clone()),
                    events: Vec::new(),
                    scroll: 0,
                    reveal: false,
                });
                model.view = View::Detail;
                out.effects.push(Effect::LoadDetail(number));
            }
            None => say(model, f.no_case, true, now),
        },
        KeyCode::Char(c) if action_form(c).is_some() => {
            let kind = action_form(c).expect("checked just above");
            match board::selected(model, now).cloned() {
                Some(case) => open_form(model, kind, &case, now),
                None => say(model, f.no_case, true, now),
            }
        }
        _ => out.redraw = false,
    }
}

/// The form a case key opens.
fn action_form(c: char) -> Option<FormKind> {
    Some(match c {
        'd' => FormKind::Dispatch,
        'a' => FormKind::Arrive,
        'e' => FormKind::CallUp,
        't' => FormKind::Tier,
        'u' => FormKind::Note,
        'c' => FormKind::Resolve,
        'x' => FormKind::Cancel,
        'o' => FormKind::Reopen,
        _ => return None,
    })
}

/// Opens the form, unless the lifecycle already says no: then the status line says why.
fn open_form(model: &mut Model, kind: FormKind, case: &Case, now: DateTime<Utc>) {
    if let Some(why) = refusal(model, kind, case, now) {
        say(model, why, true, now);
        return;
    }
    model.view = View::Form(Box::new(forms::for_case(kind, model, case)));
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
        FormKind::Report | FormKind::Patrol => return None,
    };
    match lifecycle::apply(case, &probe, now, now, &model.rules) {
        Err(e @ DomainError::NotAllowed { .. }) => Some(e.to_string()),
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
