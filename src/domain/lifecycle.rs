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

use super::case::{Arrival, CallUp, Cancellation, Case, Resolution, Verdict};
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
    /// The reporter was told (通报), with their verdict if they gave one.
    Tell {
        verdict: Option<Verdict>,
    },
    Cancel {
        reason: String,
    },
    Reopen {
        reason: String,
    },
    /// The body a case was called up to has taken it (the sub-district's desk says so).
    Receive {
        note: Option<String>,
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
            Action::Tell { .. } => EventKind::Told,
            Action::Cancel { .. } => EventKind::Cancelled,
            Action::Reopen { .. } => EventKind::Reopened,
            Action::Undo { .. } => EventKind::Undone,
            Action::Acknowledge { .. } => EventKind::Acknowledged,
            Action::Receive { .. } => EventKind::Received,
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
        problem: Problem,
    },
    /// The case's state does not allow this change (`action` names the change by the event
    /// it would record).
    #[error("cannot {} case {number}: {why}", verb(*action))]
    NotAllowed {
        number: String,
        action: EventKind,
        why: Refusal,
    },
}

/// What is wrong with a field. Shown in English by `Display` (the command line, the log); the
/// dashboard words it in its own language.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("must not be empty")]
    Empty,
    #[error(
        "{} is in the future; give a time up to now (--at) or how long ago (--ago)",
        seconds(.0)
    )]
    InFuture(DateTime<Utc>),
    #[error("{} is before 2000; give a time the desk's records could hold", seconds(.0))]
    TooEarly(DateTime<Utc>),
    #[error(
        "{} is before {what} ({}); events must follow each other",
        seconds(at),
        seconds(earlier)
    )]
    Before {
        at: DateTime<Utc>,
        what: Milestone,
        earlier: DateTime<Utc>,
    },
    #[error("too long: at most {max} characters")]
    TooLong { max: usize },
    /// Said with the number masked, as every surface shows it.
    #[error(
        "`{}` is not a phone number; give 5 to 15 digits (+, - and spaces allowed)",
        crate::privacy::mask_phone(.0)
    )]
    NotAPhone(String),
    #[error(
        "unknown body `{0}`; `dutydesk codes bodies` lists the codes (e.g. subdistrict_office)"
    )]
    UnknownBody(String),
    #[error(
        "unknown category `{typed}`{}; `dutydesk codes categories` lists the codes (e.g. facility.fitness_equipment)",
        did_you_mean(nearest)
    )]
    UnknownCategory { typed: String, nearest: Vec<String> },
    #[error(
        "`{typed}` matches several categories: {}; give one of these codes",
        matches.join(", ")
    )]
    SeveralCategories { typed: String, matches: Vec<String> },
    #[error("there is no grid {grid}; allowed: {}", list(allowed))]
    NoSuchGrid { grid: u8, allowed: Vec<u8> },
    #[error(
        "`{0}` is not on the roster; `dutydesk roster list` shows who is, `dutydesk roster add` adds someone"
    )]
    NotOnRoster(String),
    #[error("not on the roster; `dutydesk roster list` shows who is")]
    NotOnRosterAnymore,
    #[error("{0} is already on the roster")]
    AlreadyOnRoster(String),
    #[error("grid {grid}'s {slot} patrol on {day} is already recorded")]
    PatrolRecorded {
        grid: u8,
        slot: super::PatrolSlot,
        day: chrono::NaiveDate,
    },
    /// A file is to be written into a folder that does not exist (never made on a guess: a
    /// typo in a cron line would write files nobody checks).
    #[error(
        "the folder {} does not exist; create it first (mkdir -p {}) or give a path in a folder that does",
        .0.display(),
        .0.display()
    )]
    NoFolder(std::path::PathBuf),
    /// A problem with a command line's own arguments (never seen on the dashboard), worded
    /// for the command line.
    #[error("{0}")]
    Argument(String),
    #[error("{to} is before {from}; give --from no later than --to")]
    ToBeforeFrom {
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    },
}

fn did_you_mean(nearest: &[String]) -> String {
    if nearest.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", nearest.join(" or "))
    }
}

fn list(numbers: &[u8]) -> String {
    let numbers: Vec<String> = numbers.iter().map(u8::to_string).collect();
    numbers.join(", ")
}

/// An earlier step a change must not come before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Milestone {
    Report,
    Dispatch,
    Arrival,
    Resolution,
    CallUp,
}

impl std::fmt::Display for Milestone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Milestone::Report => "the report",
            Milestone::Dispatch => "the dispatch",
            Milestone::Arrival => "the arrival",
            Milestone::Resolution => "the resolution",
            Milestone::CallUp => "the call-up",
        })
    }
}

/// Why the lifecycle refuses a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("it is resolved; reopen it first")]
    Resolved,
    #[error("it is cancelled")]
    Cancelled,
    #[error("it was joined into {0} (the same matter); act on {0}, or split it out first")]
    Joined(String),
    #[error("a case cannot be joined into itself")]
    JoinSelf,
    #[error("{0} is not open; only open cases are joined")]
    NotOpenToJoin(String),
    #[error("{case} was itself joined into {into}; join into {into}")]
    JoinIntoJoined { case: String, into: String },
    #[error("it is not one of the reports of {0}; nothing to split")]
    NotJoinedInto(String),
    #[error("it was never joined into another case; nothing to split")]
    NotJoined,
    #[error("the time given is in the future")]
    InFuture,
    #[error("someone is already on the scene; note progress instead")]
    OnScene,
    #[error("{0} is already dispatched to it")]
    AlreadyDispatched(String),
    #[error("nobody has been dispatched yet; dispatch first")]
    NotDispatched,
    #[error("arrival is already recorded")]
    AlreadyArrived,
    #[error("it is already called up to {0}")]
    AlreadyCalledUp(String),
    #[error("it is already {0}")]
    AlreadyTier(Tier),
    #[error("nobody has reached the scene yet; record the arrival first")]
    NotArrived,
    #[error("it is not resolved; the reporter is told once it is dealt with")]
    NotResolved,
    #[error("the reporter was already told")]
    AlreadyTold,
    #[error("it is resolved; only open cases can be cancelled")]
    ResolvedNotCancellable,
    #[error("only a resolved case can be reopened; it is not resolved")]
    NotReopenable,
    #[error("it has changed since; undo only takes back the last change, made here")]
    ChangedSince,
    #[error("it was never called up; call it up first")]
    NotCalledUp,
    #[error("{0} has already taken it")]
    AlreadyReceived(String),
}

/// An instant to the second, as a message shows it (the command line names local times itself).
fn seconds(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S UTC").to_string()
}

/// The verb of English messages ("cannot resolve case ..."), by the event a change records.
pub fn verb(action: EventKind) -> &'static str {
    match action {
        EventKind::Dispatched => "dispatch",
        EventKind::Arrived => "record arrival for",
        EventKind::CalledUp => "call up",
        EventKind::TierSet => "set the tier of",
        EventKind::Noted => "note progress on",
        EventKind::Resolved => "resolve",
        EventKind::Told => "record telling the reporter of",
        EventKind::Cancelled => "cancel",
        EventKind::Reopened => "reopen",
        EventKind::Undone => "undo the last change to",
        EventKind::Acknowledged => "acknowledge the alerts of",
        EventKind::Received => "record the call-up as received for",
        EventKind::Reported => "report",
        EventKind::ReportedAgain => "report again",
        EventKind::Joined => "join",
        EventKind::Split => "split",
        EventKind::SplitOff => "split a report from",
    }
}

fn invalid(field: &'static str, problem: Problem) -> DomainError {
    DomainError::Invalid { field, problem }
}

fn required(field: &'static str, value: &str) -> Result<String, DomainError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(invalid(field, Problem::Empty));
    }
    not_too_long(field, trimmed)?;
    Ok(trimmed.to_string())
}

/// The most characters a field takes: room for what a desk writes, not for a pasted file.
pub fn longest(field: &str) -> usize {
    match field {
        "place" | "reporter" | "responder" | "name" | "body" | "category" => 200,
        _ => 2000,
    }
}

fn not_too_long(field: &'static str, value: &str) -> Result<(), DomainError> {
    let max = longest(field);
    if value.chars().count() > max {
        return Err(invalid(field, Problem::TooLong { max }));
    }
    Ok(())
}

/// An optional field, trimmed, checked for length.
fn optional_checked(
    field: &'static str,
    value: &Option<String>,
) -> Result<Option<String>, DomainError> {
    let value = optional(value);
    if let Some(v) = &value {
        not_too_long(field, v)?;
    }
    Ok(value)
}

/// No desk kept records before this: an earlier time is a mistake (or an overflow).
pub const EARLIEST: DateTime<Utc> = DateTime::from_timestamp_nanos(946_684_800_000_000_000);

fn not_in_future(at: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), DomainError> {
    if at > now {
        return Err(invalid("time", Problem::InFuture(at)));
    }
    if at < EARLIEST {
        return Err(invalid("time", Problem::TooEarly(at)));
    }
    Ok(())
}

fn not_before(
    at: DateTime<Utc>,
    earlier: DateTime<Utc>,
    what: Milestone,
) -> Result<(), DomainError> {
    if at < earlier {
        return Err(invalid("time", Problem::Before { at, what, earlier }));
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
        return Err(invalid("phone", Problem::NotAPhone(phone.to_string())));
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
    let reporter = optional_checked("reporter", &report.reporter)?;
    let mut case = Case {
        number,
        grid: report.grid,
        category,
        channel: report.channel,
        place,
        summary,
        reporter,
        phone: optional(&report.phone),
        tier: report.tier,
        state: State::Reported,
        reported_at: report.at,
        dispatched_at: None,
        responder: None,
        arrival: None,
        arrival_unrecorded: false,
        call_up: None,
        resolution: None,
        reporter_told: false,
        verdict: None,
        cancellation: None,
        joined: None,
        reports: 1,
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

/// A report from another record (an imported row), opened with what was done about it then,
/// each step at its own time and by the same rules as at the desk. One whose arrival target
/// had passed by `now` with no arrival given is history, not an emergency: its arrival is
/// "not recorded" (see `Case::arrival_unrecorded`).
pub fn open_imported(
    number: String,
    report: &Report,
    steps: &[(Action, DateTime<Utc>)],
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<(Case, Vec<Event>), DomainError> {
    let (mut case, mut events) = open(number, report, rules, now)?;
    let arrives = steps
        .iter()
        .any(|(a, _)| matches!(a, Action::Arrive { .. }));
    case.arrival_unrecorded = !arrives && report.at + rules.arrival_target <= now;
    for (action, at) in steps {
        let (next, event) = apply(&case, action, *at, now, rules)?;
        case = next;
        events.push(event);
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
    not_before(at, case.reported_at, Milestone::Report)?;
    let refuse = |why: Refusal| DomainError::NotAllowed {
        number: case.number.clone(),
        action: action.kind(),
        why,
    };
    let closed_why = || match (&case.state, &case.joined) {
        (State::Cancelled, _) => Refusal::Cancelled,
        (State::Joined, Some(joined)) => Refusal::Joined(joined.into.clone()),
        _ => Refusal::Resolved,
    };
    let mut next = case.clone();
    let (kind, details) = match action {
        Action::Dispatch { responder, note } => {
            let responder = required("responder", responder)?;
            let note = optional_checked("note", note)?;
            match case.state {
                State::Reported | State::Dispatched => {}
                State::OnScene => {
                    return Err(refuse(Refusal::OnScene));
                }
                _ => return Err(refuse(closed_why())),
            }
            if case.responder.as_deref() == Some(responder.as_str()) {
                return Err(refuse(Refusal::AlreadyDispatched(responder)));
            }
            next.state = State::Dispatched;
            next.dispatched_at.get_or_insert(at);
            let previous = next.responder.replace(responder.clone());
            (
                EventKind::Dispatched,
                json!({ "responder": responder, "previous": previous, "note": note }),
            )
        }
        Action::Arrive { how } => {
            match case.state {
                State::Dispatched => {}
                State::Reported => {
                    return Err(refuse(Refusal::NotDispatched));
                }
                State::OnScene => return Err(refuse(Refusal::AlreadyArrived)),
                _ => return Err(refuse(closed_why())),
            }
            if let Some(dispatched) = case.dispatched_at {
                not_before(at, dispatched, Milestone::Dispatch)?;
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
            let note = optional_checked("note", note)?;
            if !case.is_open() {
                return Err(refuse(closed_why()));
            }
            if case.call_up.as_ref().is_some_and(|c| c.body == body) {
                return Err(refuse(Refusal::AlreadyCalledUp(body)));
            }
            next.call_up = Some(CallUp {
                body: body.clone(),
                at,
                received_at: None,
            });
            // A call-up makes it a big matter (大事: 呼叫办) by the community's own rule.
            next.tier = Tier::Big;
            (
                EventKind::CalledUp,
                json!({ "body": body, "note": note, "tier_before": case.tier }),
            )
        }
        Action::SetTier { tier } => {
            if !case.is_open() {
                return Err(refuse(closed_why()));
            }
            if case.tier == *tier {
                return Err(refuse(Refusal::AlreadyTier(*tier)));
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
                // History whose arrival nobody recorded may still have been resolved.
                State::Reported | State::Dispatched if case.arrival_not_recorded() => {}
                State::Reported | State::Dispatched => {
                    return Err(refuse(Refusal::NotArrived));
                }
                _ => return Err(refuse(closed_why())),
            }
            if let Some(arrival) = &case.arrival {
                not_before(at, arrival.at, Milestone::Arrival)?;
            }
            next.state = State::Resolved;
            next.resolution = Some(Resolution {
                at,
                note: note.clone(),
            });
            next.reporter_told = *told;
            (EventKind::Resolved, json!({ "note": note, "told": told }))
        }
        Action::Tell { verdict } => {
            // A joined report's reporter is told with its case, and may give their own
            // verdict after (each reporter's is kept).
            let joined = case.state == State::Joined;
            if case.state != State::Resolved && !joined {
                return Err(refuse(Refusal::NotResolved));
            }
            let verdict_after = joined && verdict.is_some() && case.verdict.is_none();
            if case.reporter_told && !verdict_after {
                return Err(refuse(Refusal::AlreadyTold));
            }
            let verdict = match verdict {
                Some(v) => Some(Verdict {
                    satisfied: v.satisfied,
                    note: optional_checked("note", &v.note)?,
                }),
                None => None,
            };
            next.reporter_told = true;
            next.verdict = verdict.clone();
            let details = match &verdict {
                Some(v) => json!({ "satisfied": v.satisfied, "note": v.note }),
                None => json!({}),
            };
            (EventKind::Told, details)
        }
        Action::Cancel { reason } => {
            let reason = required("reason", reason)?;
            if !case.is_open() {
                return Err(refuse(match case.state {
                    State::Resolved => Refusal::ResolvedNotCancellable,
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
                return Err(refuse(Refusal::NotReopenable));
            };
            if case.state != State::Resolved {
                return Err(refuse(closed_why()));
            }
            not_before(at, resolution.at, Milestone::Resolution)?;
            next.state = State::OnScene;
            next.resolution = None;
            next.reporter_told = false;
            next.verdict = None;
            (
                EventKind::Reopened,
                json!({ "reason": reason, "resolved_at": resolution.at, "resolution_note": resolution.note }),
            )
        }
        Action::Receive { note } => {
            let note = optional_checked("note", note)?;
            let Some(call_up) = &case.call_up else {
                return Err(refuse(Refusal::NotCalledUp));
            };
            if !case.is_open() {
                return Err(refuse(closed_why()));
            }
            if call_up.received_at.is_some() {
                return Err(refuse(Refusal::AlreadyReceived(call_up.body.clone())));
            }
            not_before(at, call_up.at, Milestone::CallUp)?;
            if let Some(c) = next.call_up.as_mut() {
                c.received_at = Some(at);
            }
            (
                EventKind::Received,
                json!({ "body": call_up.body, "note": note,
                        "waited_secs": (at - call_up.at).num_seconds() }),
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
                return Err(refuse(Refusal::ChangedSince));
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
