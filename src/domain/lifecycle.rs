//! The lifecycle rules: the one place that decides whether a change to a case is allowed.
//!
//! ```text
//! reported ──dispatch──▶ dispatched ──arrive──▶ on_scene ──resolve──▶ resolved
//! call-up in any open state (clocks keep running); cancel from any open state;
//! resolved ──reopen──▶ on_scene
//! ```

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::{Value, json};

use super::case::{Arrival, CallUp, Cancellation, Case, Resolution};
use super::codes::{ArrivalHow, Channel, ClockKind, EventKind, State, Tier};

/// A new report, as the desk takes it in.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub grid: u8,
    pub category: String,
    pub channel: Channel,
    pub place: String,
    pub summary: String,
    pub reporter: Option<String>,
    pub phone: Option<String>,
    pub tier: Tier,
    /// A patrol finding: who is already there. Dispatch and arrival are recorded at `at`.
    pub on_scene: Option<String>,
    pub at: DateTime<Utc>,
}

/// A change to an existing case.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Dispatch {
        responder: String,
        note: Option<String>,
    },
    Arrive {
        how: ArrivalHow,
    },
    Escalate {
        body: String,
        note: Option<String>,
    },
    SetTier {
        tier: Tier,
    },
    Note {
        text: String,
        public: bool,
    },
    Resolve {
        note: String,
        told: bool,
    },
    Tell,
    Cancel {
        reason: String,
    },
    Reopen {
        reason: String,
    },
    /// Someone saw the alerts of the case's `clock`: its reminders stop.
    Acknowledge {
        clock: ClockKind,
    },
    /// Takes back the last change made at the desk: the case returns to `restore`, but only
    /// if it is still exactly `expected` (nobody changed it since). Recorded as its own event.
    Undo {
        undone: EventKind,
        expected: Box<Case>,
        restore: Box<Case>,
    },
}

impl Action {
    /// The event this action records.
    pub fn kind(&self) -> EventKind {
        match self {
            Action::Dispatch { .. } => EventKind::Dispatched,
            Action::Arrive { .. } => EventKind::Arrived,
            Action::Escalate { .. } => EventKind::CalledUp,
            Action::SetTier { .. } => EventKind::TierSet,
            Action::Note { .. } => EventKind::Noted,
            Action::Resolve { .. } => EventKind::Resolved,
            Action::Tell => EventKind::Told,
            Action::Cancel { .. } => EventKind::Cancelled,
            Action::Reopen { .. } => EventKind::Reopened,
            Action::Undo { .. } => EventKind::Undone,
            Action::Acknowledge { .. } => EventKind::Acknowledged,
        }
    }

    /// The verb used in messages ("cannot resolve case ...").
    pub fn verb(&self) -> &'static str {
        match self {
            Action::Dispatch { .. } => "dispatch",
            Action::Arrive { .. } => "record arrival for",
            Action::Escalate { .. } => "call up",
            Action::SetTier { .. } => "set the tier of",
            Action::Note { .. } => "note progress on",
            Action::Resolve { .. } => "resolve",
            Action::Tell => "record telling the reporter of",
            Action::Cancel { .. } => "cancel",
            Action::Reopen { .. } => "reopen",
            Action::Undo { .. } => "undo the last change to",
            Action::Acknowledge { .. } => "acknowledge the alerts of",
        }
    }
}

/// The rules in force when a change is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rules {
    pub arrival_target: Duration,
}

/// One entry of a case's timeline, as the domain describes it; the store adds who and when written.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub kind: EventKind,
    pub at: DateTime<Utc>,
    pub details: Value,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// A field of the request is unusable; `problem` says what is allowed.
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: String,
    },
    /// The case's state does not allow this change.
    #[error("cannot {verb} case {number}: {why}")]
    NotAllowed {
        number: String,
        verb: &'static str,
        why: String,
    },
}

fn invalid(field: &'static str, problem: impl Into<String>) -> DomainError {
    DomainError::Invalid {
        field,
        problem: problem.into(),
    }
}

fn required(field: &'static str, value: &str) -> Result<String, DomainError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, "must not be empty"));
    }
    Ok(trimmed.to_string())
}

fn not_in_future(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), DomainError> {
    if at > now {
        return Err(invalid(
            "time",
            format!(
                "{} is in the future; give a time up to now (--at) or how long ago (--ago)",
                at.to_rfc3339()
            ),
        ));
    }
    Ok(())
}

fn not_before(at: DateTime<Utc>, earlier: DateTime<Utc>, what: &str) -> Result<(), DomainError> {
    if at < earlier {
        return Err(invalid(
            "time",
            format!(
                "{} is before {what} ({}); events must follow each other",
                at.to_rfc3339(),
                earlier.to_rfc3339()
            ),
        ));
    }
    Ok(())
}

fn optional(value: &Option<String>) -> Option<String> {
    value
        .as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

/// A phone number as people write them: digits, with `+`, `-` and spaces allowed.
pub fn check_phone(phone: &str) -> Result<(), DomainError> {
    let digits = phone.chars().filter(char::is_ascii_digit).count();
    let tidy = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '));
    if !tidy || !(5..=15).contains(&digits) {
        return Err(invalid(
            "phone",
            format!(
                "`{phone}` is not a phone number; give 5 to 15 digits (+, - and spaces allowed)"
            ),
        ));
    }
    Ok(())
}

/// Opens a case for a new report and gives the events that record it.
pub fn open(
    number: String,
    report: &Report,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<(Case, Vec<Event>), DomainError> {
    not_in_future(report.at, now)?;
    let summary = required("summary", &report.summary)?;
    let place = required("place", &report.place)?;
    let category = required("category", &report.category)?;
    if let Some(phone) = optional(&report.phone) {
        check_phone(&phone)?;
    }
    let mut case = Case {
        number,
        grid: report.grid,
        category,
        channel: report.channel,
        place,
        summary,
        reporter: optional(&report.reporter),
        phone: optional(&report.phone),
        tier: report.tier,
        state: State::Reported,
        reported_at: report.at,
        dispatched_at: None,
        responder: None,
        arrival: None,
        call_up: None,
        resolution: None,
        reporter_told: false,
        cancellation: None,
    };
    let mut events = vec![Event {
        kind: EventKind::Reported,
        at: report.at,
        details: json!({
            "grid": case.grid, "category": case.category, "channel": case.channel,
            "place": case.place, "summary": case.summary, "tier": case.tier,
        }),
    }];
    if let Some(responder) = &report.on_scene {
        for action in [
            Action::Dispatch {
                responder: responder.clone(),
                note: Some("already on the scene when reported".into()),
            },
            Action::Arrive {
                how: ArrivalHow::Seen,
            },
        ] {
            let (next, event) = apply(&case, &action, report.at, now, rules)?;
            case = next;
            events.push(event);
        }
    }
    Ok((case, events))
}

/// Applies one change to a case at time `at`, or says why it is not allowed.
pub fn apply(
    case: &Case,
    action: &Action,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    rules: &Rules,
) -> Result<(Case, Event), DomainError> {
    not_in_future(at, now)?;
    not_before(at, case.reported_at, "the report")?;
    let refuse = |why: String| DomainError::NotAllowed {
        number: case.number.clone(),
        verb: action.verb(),
        why,
    };
    let closed_why = || match case.state {
        State::Resolved => "it is resolved; reopen it first".to_string(),
        State::Cancelled => "it is cancelled".to_string(),
        _ => String::new(),
    };
    let mut next = case.clone();
    let (kind, details) = match action {
        Action::Dispatch { responder, note } => {
            let responder = required("responder", responder)?;
            match case.state {
                State::Reported | State::Dispatched => {}
                State::OnScene => {
                    return Err(refuse(
                        "someone is already on the scene; note progress instead".into(),
                    ));
                }
                _ => return Err(refuse(closed_why())),
            }
            if case.responder.as_deref() == Some(responder.as_str()) {
                return Err(refuse(format!("{responder} is already dispatched to it")));
            }
            next.state = State::Dispatched;
            next.dispatched_at.get_or_insert(at);
            let previous = next.responder.replace(responder.clone());
            (
                EventKind::Dispatched,
                json!({ "responder": responder, "previous": previous, "note": optional(note) }),
            )
        }
        Action::Arrive { how } => {
            match case.state {
                State::Dispatched => {}
                State::Reported => {
                    return Err(refuse(
                        "nobody has been dispatched yet; dispatch first".into(),
                    ));
                }
                State::OnScene => return Err(refuse("arrival is already recorded".into())),
                _ => return Err(refuse(closed_why())),
            }
            if let Some(dispatched) = case.dispatched_at {
                not_before(at, dispatched, "the dispatch")?;
            }
            let taken_secs = (at - case.reported_at).num_seconds();
            let target_secs = rules.arrival_target.num_seconds();
            let arrival = Arrival {
                at,
                how: *how,
                taken_secs,
                target_secs,
                met: taken_secs <= target_secs,
            };
            next.state = State::OnScene;
            let details = json!({
                "how": how, "responder": case.responder, "taken_secs": taken_secs,
                "target_secs": target_secs, "met": arrival.met,
            });
            next.arrival = Some(arrival);
            (EventKind::Arrived, details)
        }
        Action::Escalate { body, note } => {
            let body = required("body", body)?;
            if !case.is_open() {
                return Err(refuse(closed_why()));
            }
            if case.call_up.as_ref().is_some_and(|c| c.body == body) {
                return Err(refuse(format!("it is already called up to {body}")));
            }
            next.call_up = Some(CallUp {
                body: body.clone(),
                at,
            });
            // A call-up makes it a big matter (大事: 呼叫办) by the community's own rule.
            next.tier = Tier::Big;
            (
                EventKind::CalledUp,
                json!({ "body": body, "note": optional(note), "tier_before": case.tier }),
            )
        }
        Action::SetTier { tier } => {
            if !case.is_open() {
                return Err(refuse(closed_why()));
            }
            if case.tier == *tier {
                return Err(refuse(format!("it is already {tier}")));
            }
            next.tier = *tier;
            (
                EventKind::TierSet,
                json!({ "tier": tier, "before": case.tier }),
            )
        }
        Action::Note { text, public } => {
            let text = required("note", text)?;
            if case.state == State::Cancelled {
                return Err(refuse(closed_why()));
            }
            (EventKind::Noted, json!({ "text": text, "public": public }))
        }
        Action::Resolve { note, told } => {
            let note = required("note", note)?;
            match case.state {
                State::OnScene => {}
                State::Reported | State::Dispatched => {
                    return Err(refuse(
                        "nobody has reached the scene yet; record the arrival first".into(),
                    ));
                }
                _ => return Err(refuse(closed_why())),
            }
            if let Some(arrival) = &case.arrival {
                not_before(at, arrival.at, "the arrival")?;
            }
            next.state = State::Resolved;
            next.resolution = Some(Resolution {
                at,
                note: note.clone(),
            });
            next.reporter_told = *told;
            (EventKind::Resolved, json!({ "note": note, "told": told }))
        }
        Action::Tell => {
            if case.state != State::Resolved {
                return Err(refuse(
                    "it is not resolved; the reporter is told once it is dealt with".into(),
                ));
            }
            if case.reporter_told {
                return Err(refuse("the reporter was already told".into()));
            }
            next.reporter_told = true;
            (EventKind::Told, json!({}))
        }
        Action::Cancel { reason } => {
            let reason = required("reason", reason)?;
            if !case.is_open() {
                return Err(refuse(match case.state {
                    State::Resolved => "it is resolved; only open cases can be cancelled".into(),
                    _ => closed_why(),
                }));
            }
            next.state = State::Cancelled;
            next.cancellation = Some(Cancellation {
                at,
                reason: reason.clone(),
            });
            (
                EventKind::Cancelled,
                json!({ "reason": reason, "state_before": case.state }),
            )
        }
        Action::Reopen { reason } => {
            let reason = required("reason", reason)?;
            let Some(resolution) = &case.resolution else {
                return Err(refuse(
                    "only a resolved case can be reopened; it is not resolved".into(),
                ));
            };
            if case.state != State::Resolved {
                return Err(refuse(closed_why()));
            }
            not_before(at, resolution.at, "the resolution")?;
            next.state = State::OnScene;
            next.resolution = None;
            next.reporter_told = false;
            (
                EventKind::Reopened,
                json!({ "reason": reason, "resolved_at": resolution.at, "resolution_note": resolution.note }),
            )
        }
        Action::Acknowledge { clock } => {
            if !case.is_open() {
                return Err(refuse(closed_why()));
            }
            (EventKind::Acknowledged, json!({ "clock": clock }))
        }
        Action::Undo {
            undone,
            expected,
            restore,
        } => {
            if **expected != *case || restore.number != case.number {
                return Err(refuse(
                    "it has changed since; undo only takes back the last change, made here".into(),
                ));
            }
            next = (**restore).clone();
            (
                EventKind::Undone,
                json!({ "undone": undone, "state_before": case.state, "state_after": restore.state }),
            )
        }
    };
    Ok((next, Event { kind, at, details }))
}
