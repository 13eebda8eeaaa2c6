//! `update`: the one place the dashboard's state changes. Pure: no IO, `now` passed in.
//! Keys are read in `keys`; this file handles everything else that happens.

use chrono::{DateTime, Utc};

use super::act::{acknowledge, back, say};
use super::command::{Command, Written};
use super::form::FormKind;
use super::keys;
use super::model::Board;
use super::model::{Done, Effect, Failed, Model, Msg, Outcome, Target, View};
use super::{alarm, board, call_ups};
use crate::domain::{Alert, EventKind};
use crate::i18n::texts;

/// How often a failed read is retried.
const RETRY: i64 = 5;
/// While desktop notifications fail, they are tried again at most this often (seconds).
const DESKTOP_RETRY: i64 = 60;
/// How long a status line stays.
const STATUS_FOR: i64 = 10;

pub fn update(model: &mut Model, msg: Msg, now: DateTime<Utc>) -> Outcome {
    let mut out = Outcome::default();
    match msg {
        // The sub-district's board: its call-ups' alerts, and the line that says things.
        Msg::Tick if matches!(model.board, Board::SubDistrict(_)) => {
            out.redraw = true;
            expire_status(model, now, &mut out);
            let retry_due = model
                .last_reload
                .is_none_or(|t| now - t >= model.seconds(RETRY));
            if (model.trouble.is_some() || model.unreachable) && retry_due {
                model.last_reload = Some(now);
                out.effects.push(Effect::Reload);
            }
            call_ups::tick(model, now, &mut out);
        }
        Msg::OverviewLoaded(overview) => call_ups::loaded(model, *overview, now, &mut out),
        Msg::Tick => {
            out.redraw = true;
            out.clocks_only = true;
            let retry_due = model
                .last_reload
                .is_none_or(|t| now - t >= model.seconds(RETRY));
            // A new local day starts a new "today".
            let new_day = model.loaded && model.targets.zone_day(now) != model.snapshot.day;
            if (model.trouble.is_some() && retry_due) || new_day {
                model.last_reload = Some(now);
                out.effects.push(Effect::Reload);
            }
            expire_status(model, now, &mut out);
            check_alerts(model, now, &mut out);
        }
        // The next alert's instant came between two ticks: it leaves now, not at the next second.
        Msg::AlertsDue => check_alerts(model, now, &mut out),
        Msg::Claimed(Ok(alerts)) => {
            let notices = match model.board {
                Board::SubDistrict(_) => call_ups::notices(model, &alerts, now),
                Board::Community => alarm::notices(model, &alerts, now),
            };
            if !notices.is_empty() {
                for notice in &notices {
                    alarm::raise(model, notice.clone());
                }
                out.effects.push(Effect::Bell);
                let desktop = model.desktop_retry_at.is_none_or(|t| now >= t);
                if desktop && model.desktop_down.is_some() {
                    model.desktop_retry_at = Some(now + model.seconds(DESKTOP_RETRY));
                }
                out.effects.extend(
                    notices
                        .into_iter()
                        .map(|notice| Effect::Notify { notice, desktop }),
                );
                out.redraw = true;
            }
        }
        // The claim did not happen (the database was busy): ask again on the next tick.
        Msg::Claimed(Err(keys)) => {
            model.alerts_quiet_until = None;
            for key in keys {
                model.alerted.remove(&key);
            }
        }
        Msg::Desktop(Ok(())) => {
            model.desktop_down = None;
            model.desktop_retry_at = None;
        }
        Msg::Desktop(Err(why)) => {
            if model.desktop_down.is_none() {
                let text = texts(model.lang).alert.unavailable.replace("{why}", &why);
                say(model, text, true, now);
                out.redraw = true;
            }
            model.desktop_down = Some(why);
            model.desktop_retry_at = Some(now + model.seconds(DESKTOP_RETRY));
        }
        Msg::AcknowledgeFromDesktop { number, clock } => {
            acknowledge(model, number, clock, now, &mut out);
        }
        Msg::StoreChanged => {
            model.last_reload = Some(now);
            reload(model, &mut out);
        }
        Msg::ClockJumped => {
            model.last_reload = Some(now);
            reload(model, &mut out);
            out.effects.push(Effect::Clear);
            out.redraw = true;
        }
        Msg::Loaded(snapshot) => {
            super::board::load(model, *snapshot);
            // Links of closed cases are no use on this screen any more.
            let open = &model.snapshot.open;
            model
                .links
                .retain(|number, _| open.iter().any(|c| &c.number == number));
            // Whoever the last handover named signs now, here and on every desk of the file.
            if let Some(officer) = &model.snapshot.officer {
                model.officer.clone_from(officer);
            }
            // The records moved to the shared database: said on the wall, nothing written here.
            if let Some(moved) = &model.snapshot.moved {
                let voice = crate::desk::said::Voice::new(model.lang, model.targets.zone);
                let why = crate::store::StoreError::Moved(moved.clone());
                model.lost = Some(crate::desk::said::store(voice, &why));
            }
            if !model.loaded && model.demo.is_some() {
                say(model, texts(model.lang).ui.demo_hint, false, now);
            }
            alarm::settle(model);
            // New cases, acknowledgements: look again at the next tick.
            model.alerts_quiet_until = None;
            model.loaded = true;
            model.trouble = None;
            model.unreachable = false;
            board::settle_selection(model, now);
            out.redraw = true;
        }
        Msg::LoadFailed(why) => {
            model.trouble = Some(why);
            out.redraw = true;
        }
        Msg::Unreachable => {
            out.redraw = !model.unreachable;
            model.unreachable = true;
        }
        Msg::StoreLost(why) => {
            out.redraw = model.lost.as_ref() != Some(&why);
            model.lost = Some(why);
        }
        Msg::Written(result) => written(model, result, now, &mut out),
        Msg::StatsLoaded(result) => {
            match result {
                Ok(stats) => model.stats = Some(stats),
                Err(why) => say(model, why, true, now),
            }
            out.redraw = true;
        }
        Msg::HandoverLoaded(result) => {
            match result {
                Ok(sheet) => model.handover = Some(sheet),
                Err(why) => say(model, why, true, now),
            }
            out.redraw = true;
        }
        // Without a suggestion (the read failed, and was logged) the officer picks as before.
        Msg::Suggested {
            number,
            result: Ok(suggestion),
        } => {
            let for_it = matches!(&model.view, View::Form(form)
                if form.kind == super::form::FormKind::Dispatch
                    && form.case.as_deref() == Some(number.as_str()));
            if for_it && let View::Form(mut form) = std::mem::replace(&mut model.view, View::Board)
            {
                super::forms::take_suggestion(&mut form, model, &suggestion, now);
                model.view = View::Form(form);
                out.redraw = true;
            }
        }
        Msg::Suggested { result: Err(_), .. } => {}
        Msg::DetailLoaded { number, result } => {
            if let Some(detail) = model.detail.as_mut().filter(|d| d.number == number) {
                match result {
                    Ok(loaded) => {
                        let history = *loaded;
                        detail.case = Some(history.case);
                        detail.events = history.events;
                        detail.shifts = history.shifts;
                        detail.reports = history.reports;
                    }
                    Err(why) => say(model, why, true, now),
                }
                out.redraw = true;
            }
        }
        Msg::Linked { number, role, url } => {
            let kept = model.links.entry(number.clone()).or_default();
            kept.retain(|(r, _)| *r != role);
            kept.push((role, url));
            let f = &texts(model.lang).form;
            say(
                model,
                f.link_made[role as usize].replace("{case}", &number),
                false,
                now,
            );
            // The dispatch's confirmation: its case, with the link and its code, unless the
            // officer has moved on to something else.
            let case = model
                .snapshot
                .open
                .iter()
                .find(|c| c.number == number)
                .cloned();
            if let Some(case) = case
                && matches!(model.view, View::Board | View::Detail)
                && model.detail.as_ref().is_none_or(|d| d.number == number)
            {
                keys::open_detail(model, case, &mut out);
            }
            out.redraw = true;
        }
        Msg::Resized(w, h) => {
            model.size = (w, h);
            out.effects.push(Effect::Clear);
            out.redraw = true;
        }
        Msg::Shutdown => model.quit = true,
        Msg::Click(target) => click(model, target, now, &mut out),
        Msg::Scroll(rows) => {
            if model.view == View::Board && !model.searching {
                let rows = isize::from(rows);
                board::select_by(model, now, |i, _| i.saturating_add_signed(rows));
                out.redraw = true;
            }
        }
        Msg::Key(key) => keys::key(model, key, now, &mut out),
        Msg::Paste(text) => {
            if let View::Form(form) = &mut model.view {
                form.paste(&text);
                out.redraw = true;
            } else if model.searching {
                model.search.insert(&text);
                board::select_top(model, now);
                out.redraw = true;
            }
        }
    }
    out
}

/// A click on the board: a row selects its case (a second click opens its detail), a grid
/// shows that grid only (a second click shows every grid). Ignored under a form or view.
fn click(model: &mut Model, target: Target, now: DateTime<Utc>, out: &mut Outcome) {
    if model.view != View::Board || model.searching {
        return;
    }
    out.redraw = true;
    match target {
        Target::Case(number) => {
            let rows = board::listed(model, now);
            let Some((i, case)) = rows
                .position(&number)
                .and_then(|i| Some((i, rows.case(i)?)))
            else {
                return;
            };
            if model.selected.as_deref() == Some(number.as_str()) {
                let case = case.clone();
                keys::open_detail(model, case, out);
            } else {
                model.selected = Some(number);
                model.selected_row = i;
            }
        }
        Target::Grid(grid) => {
            model.grid = (model.grid != Some(grid)).then_some(grid);
            board::select_top(model, now);
        }
    }
}

/// Claims the alerts due now, unless none can be (see `alerts_quiet_until`).
fn check_alerts(model: &mut Model, now: DateTime<Utc>, out: &mut Outcome) {
    if model.loaded && model.alerts_quiet_until.is_none_or(|t| now >= t) {
        let (due, next) = alarm::due_now(model, now);
        model.alerts_quiet_until = next;
        if !due.is_empty() {
            model.alerted.extend(due.iter().map(Alert::key));
            out.effects.push(Effect::Claim(due));
        }
    }
}

/// Reloads the board, and the open detail with it.
/// The status line goes after its time.
fn expire_status(model: &mut Model, now: DateTime<Utc>, out: &mut Outcome) {
    if model
        .status
        .as_ref()
        .is_some_and(|s| now - s.at >= model.seconds(STATUS_FOR))
    {
        model.status = None;
        out.clocks_only = false;
    }
}

fn reload(model: &Model, out: &mut Outcome) {
    out.effects.push(Effect::Reload);
    if let Some(detail) = &model.detail {
        out.effects.push(Effect::LoadDetail(detail.number.clone()));
    }
}

fn written(
    model: &mut Model,
    result: Result<Written, super::command::WriteError>,
    now: DateTime<Utc>,
    out: &mut Outcome,
) {
    out.redraw = true;
    let Some(flight) = model.in_flight.take() else {
        return;
    };
    let f = &texts(model.lang).form;
    match result {
        Ok(written) => {
            model.failed = None;
            let (title, number) = describe(model, &flight.command, &written);
            if flight.undo {
                model.last = None;
                say(
                    model,
                    format!("{} · {title} {number}", f.undone),
                    false,
                    now,
                );
            } else {
                model.last = Some(Done {
                    at: now,
                    undo: Command::undo(&written, f.undo_reason),
                });
                let said = match &written {
                    Written::Joined { change, .. } => crate::present::joined_words(
                        model.lang,
                        &change.report.after.number,
                        &change.problem.after,
                    ),
                    _ => format!("{title} {number}"),
                };
                say(model, format!("{} · {said}", f.saved), false, now);
            }
            if matches!(model.view, View::Form(_)) {
                model.view = back(model);
            }
            if let Written::Changed {
                kind: EventKind::Acknowledged,
                change,
            } = &written
            {
                alarm::acknowledged(model, &change.after.number);
            }
            reload(model, out);
        }
        Err(e) if e.refused => match &mut model.view {
            View::Form(form) => form.refused = Some(e.message),
            _ => say(model, e.message, true, now),
        },
        Err(e) => {
            model.failed = Some(Failed {
                flight,
                why: e.message,
            });
        }
    }
}

/// A form title and case number for the status line.
fn describe(model: &Model, command: &Command, written: &Written) -> (&'static str, String) {
    let t = texts(model.lang);
    let title = |kind: FormKind| t.form.titles[kind as usize];
    match command {
        Command::Report(_) => {
            let number = match written {
                Written::Opened(case) => case.number.clone(),
                _ => String::new(),
            };
            (title(FormKind::Report), number)
        }
        Command::Act { number, action, .. } => (t.event[action.kind() as usize], number.clone()),
        Command::Patrol { grid, .. } => (title(FormKind::Patrol), grid.to_string()),
        Command::Duty { name, on_duty } => {
            (if *on_duty { t.on_duty } else { t.off_duty }, name.clone())
        }
        Command::Handover { to } => (title(FormKind::Handover), to.clone()),
        Command::ReportInto { .. } => (title(FormKind::Report), reported_number(written)),
        Command::Join { number, .. } => (t.event[EventKind::Joined as usize], number.clone()),
        Command::Split { number, .. } => (t.event[EventKind::Split as usize], number.clone()),
    }
}

/// The number of the report a write took in.
fn reported_number(written: &Written) -> String {
    match written {
        Written::Joined { change, .. } => change.report.after.number.clone(),
        _ => String::new(),
    }
}
