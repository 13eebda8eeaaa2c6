//! The shift handover: what the next shift must know, from live clocks. Built from what the
//! board reads (the snapshot) and the last public progress note of each open medium matter;
//! pure, so the CLI, the dashboard and the tests build the same sheet.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::desk::Snapshot;
use crate::domain::{AlertRules, Case, Clock, ClockKind, PatrolSlot, State, Targets, Tier};

/// An open case and its clock: seconds left to its target (negative: how late).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenCase {
    pub number: String,
    pub grid: u8,
    pub category: String,
    pub place: String,
    pub state: &'static str,
    /// Against the arrival or resolution target; `None` for a big matter tracked above.
    pub secs_left: Option<i64>,
    pub clock: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CalledUp {
    pub number: String,
    pub body: String,
    pub called_up_at: DateTime<Utc>,
    /// Whether the body has taken it, and when.
    pub received_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quiet {
    pub number: String,
    pub place: String,
    /// The last public progress note, if there was one.
    pub last_public_note: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Handover {
    pub at: DateTime<Utc>,
    /// Most urgent first.
    pub open: Vec<OpenCase>,
    pub waiting_on_body: Vec<CalledUp>,
    /// Resolved small matters whose reporter is still to be told.
    pub not_told: Vec<String>,
    /// Open medium matters with no public progress note in the last day.
    pub no_public_note: Vec<Quiet>,
    /// Cases whose overdue or warning alert nobody acknowledged.
    pub unacknowledged: Vec<String>,
    /// Grids and the patrols of today not yet recorded.
    pub patrols_due: Vec<(u8, &'static str)>,
}

/// How long a medium matter may go without a public note before the handover names it.
pub const PUBLIC_NOTE_EVERY: Duration = Duration::days(1);

pub fn build(
    snapshot: &Snapshot,
    last_public_note: &HashMap<String, DateTime<Utc>>,
    grids: &[u8],
    targets: &Targets,
    rules: &AlertRules,
    now: DateTime<Utc>,
) -> Handover {
    let mut open: Vec<OpenCase> = snapshot
        .open
        .iter()
        .map(|c| {
            let (secs_left, clock) = match targets.clock(c) {
                Clock::Arrival { deadline } => {
                    (Some((deadline - now).num_seconds()), Some("arrival"))
                }
                Clock::Resolution { deadline } => {
                    (Some((deadline - now).num_seconds()), Some("resolution"))
                }
                Clock::Unrecorded => (None, Some("unrecorded")),
                Clock::Tracking | Clock::Stopped => (None, None),
            };
            OpenCase {
                number: c.number.clone(),
                grid: c.grid,
                category: c.category.clone(),
                place: c.place.clone(),
                state: c.state.code(),
                secs_left,
                clock,
            }
        })
        .collect();
    open.sort_by_key(|c| (c.secs_left.is_none(), c.secs_left));
    let waiting_on_body = snapshot
        .open
        .iter()
        .filter_map(|c| {
            c.call_up.as_ref().map(|u| CalledUp {
                number: c.number.clone(),
                body: u.body.clone(),
                called_up_at: u.at,
                received_at: u.received_at,
            })
        })
        .collect();
    let not_told = snapshot
        .recent
        .iter()
        .filter(|c| c.state == State::Resolved && !c.reporter_told && c.tier == Tier::Small)
        .map(|c| c.number.clone())
        .collect();
    let no_public_note = snapshot
        .open
        .iter()
        .filter(|c| c.tier == Tier::Medium)
        .filter_map(|c| {
            let last = last_public_note.get(&c.number).copied();
            let quiet = last.is_none_or(|at| now - at >= PUBLIC_NOTE_EVERY)
                && now - c.reported_at >= PUBLIC_NOTE_EVERY;
            quiet.then(|| Quiet {
                number: c.number.clone(),
                place: c.place.clone(),
                last_public_note: last,
            })
        })
        .collect();
    let unacknowledged = snapshot
        .open
        .iter()
        .filter(|c| {
            let acknowledged = |clock: ClockKind| {
                snapshot
                    .acknowledged
                    .iter()
                    .any(|(n, k)| n == &c.number && *k == clock)
            };
            crate::domain::alerts::latest_due(c, targets, rules, false, now).is_some_and(|a| {
                let clock = match a.kind {
                    crate::domain::AlertKind::ResolutionWarning
                    | crate::domain::AlertKind::ResolutionOverdue => ClockKind::Resolution,
                    _ => ClockKind::Arrival,
                };
                !acknowledged(clock)
            })
        })
        .map(|c: &Case| c.number.clone())
        .collect();
    let patrols_due = grids
        .iter()
        .flat_map(|&g| PatrolSlot::ALL.iter().map(move |s| (g, *s)))
        .filter(|(g, s)| {
            !snapshot
                .patrols
                .iter()
                .any(|p| p.grid == *g && p.slot == *s)
        })
        .map(|(g, s)| (g, s.code()))
        .collect();
    Handover {
        at: now,
        open,
        waiting_on_body,
        not_told,
        no_public_note,
        unacknowledged,
        patrols_due,
    }
}

/// The sheet as text, for printing and for the dashboard.
pub fn text(view: &crate::present::View<'_>, h: &Handover) -> String {
    let w = &view.t.handover;
    let mut out = format!("{} · {}\n", w.title, view.time(h.at));
    let mut section = |title: &str, lines: Vec<String>| {
        out.push_str(&format!("\n{title} ({})\n", lines.len()));
        if lines.is_empty() {
            out.push_str(&format!("  {}\n", w.none));
        }
        for line in lines {
            out.push_str(&format!("  {line}\n"));
        }
    };
    section(
        w.open,
        h.open
            .iter()
            .map(|c| {
                let clock = match (c.secs_left, c.clock) {
                    (Some(s), _) => crate::text::countdown(s, view.lang),
                    (None, Some("unrecorded")) => view.t.ui.unrecorded.to_string(),
                    (None, _) => w.tracking.to_string(),
                };
                format!(
                    "{clock:>9}  {}  {}  {}  {}",
                    c.number,
                    c.grid,
                    view.category(&c.category),
                    c.place
                )
            })
            .collect(),
    );
    section(
        w.waiting_on_body,
        h.waiting_on_body
            .iter()
            .map(|c| {
                let taken = match c.received_at {
                    Some(at) => format!("{} {}", w.taken, view.short_time(at)),
                    None => format!(
                        "{} {}",
                        w.not_taken,
                        crate::text::elapsed((h.at - c.called_up_at).num_seconds(), view.lang)
                    ),
                };
                format!("{}  → {}  {taken}", c.number, view.body(&c.body))
            })
            .collect(),
    );
    section(w.not_told, h.not_told.clone());
    section(
        w.no_public_note,
        h.no_public_note
            .iter()
            .map(|q| {
                let last = q
                    .last_public_note
                    .map_or_else(|| w.never.to_string(), |at| view.short_time(at));
                format!("{}  {}  ({last})", q.number, q.place)
            })
            .collect(),
    );
    section(w.unacknowledged, h.unacknowledged.clone());
    section(
        w.patrols_due,
        h.patrols_due
            .iter()
            .map(|(g, slot)| {
                let slot = match *slot {
                    "morning" => view.t.ui.morning,
                    _ => view.t.ui.afternoon,
                };
                format!("{}  {slot}", view.grid(*g))
            })
            .collect(),
    );
    out
}
