//! What a key and a message both do: start a write (unless one is on its way or the file is
//! gone), acknowledge an alert, say something on the status line, and go back a view.

use chrono::{DateTime, Utc};

use super::command::Command;
use super::model::{Effect, InFlight, Model, Outcome, Status, View};
use crate::domain::{Action, ClockKind};
use crate::i18n::texts;

/// How long the last action can be taken back with `z`.
pub const UNDO_FOR: i64 = 30;

/// Records that someone saw the alerts of the case's `clock`: the reminders stop.
pub fn acknowledge(
    model: &mut Model,
    number: String,
    clock: ClockKind,
    now: DateTime<Utc>,
    out: &mut Outcome,
) {
    let command = Command::Act {
        number,
        action: Action::Acknowledge { clock },
        at: None,
    };
    let flight = InFlight {
        command,
        undo: false,
    };
    issue(model, flight, now, out);
}

pub fn say(model: &mut Model, text: impl Into<String>, bad: bool, now: DateTime<Utc>) {
    model.status = Some(Status {
        text: text.into(),
        at: now,
        bad,
    });
}

/// Starts a write, unless one is already on its way or the database is gone.
pub fn issue(model: &mut Model, flight: InFlight, now: DateTime<Utc>, out: &mut Outcome) {
    out.redraw = true;
    if let Some(lost) = &model.lost {
        let lost = lost.clone();
        say(model, lost, true, now);
        return;
    }
    if model.in_flight.is_some() {
        say(model, texts(model.lang).form.busy, true, now);
        return;
    }
    model.failed = None;
    out.effects.push(Effect::Write(flight.command.clone()));
    model.in_flight = Some(flight);
}

/// Where closing a form returns: the detail it was opened from, or the board.
pub fn back(model: &Model) -> View {
    if model.detail.is_some() {
        View::Detail
    } else {
        View::Board
    }
}
