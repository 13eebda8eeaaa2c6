//! A case: one reported problem and everything the desk has recorded about it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::codes::{ArrivalHow, Channel, State, Tier};

/// One reported problem. Only `lifecycle` changes it; the store keeps it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Case {
    /// Human-readable and unique, `YYYYMMDD-NNN` by the local day of the report.
    pub number: String,
    pub grid: u8,
    /// Category code, e.g. `facility.fitness_equipment`.
    pub category: String,
    pub channel: Channel,
    pub place: String,
    pub summary: String,
    pub reporter: Option<String>,
    pub phone: Option<String>,
    pub tier: Tier,
    pub state: State,
    pub reported_at: DateTime<Utc>,
    /// The first dispatch: a re-dispatch changes the responder, not when help was first sent.
    pub dispatched_at: Option<DateTime<Utc>>,
    /// Who is going or went (the latest dispatch).
    pub responder: Option<String>,
    pub arrival: Option<Arrival>,
    /// Imported history whose arrival target had passed with no arrival given: it has no
    /// arrival verdict (counted apart from on time and late), no live clock, and no alerts.
    pub arrival_unrecorded: bool,
    pub call_up: Option<CallUp>,
    pub resolution: Option<Resolution>,
    /// Whether the reporter was told the matter was dealt with (通报).
    pub reporter_told: bool,
    /// What the reporter said of it when told, if asked.
    pub verdict: Option<Verdict>,
    pub cancellation: Option<Cancellation>,
    /// Set on a report joined into the case of the same matter (state `joined`).
    pub joined: Option<Joined>,
    /// How many reports this problem stands on: its own and every one joined into it.
    pub reports: u32,
}

/// A report found to be the same matter as an open case, and counted with it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Joined {
    /// The number of the case it was joined into.
    pub into: String,
    pub at: DateTime<Utc>,
    /// The state it had, given back if it is split out again.
    pub from: super::codes::State,
}

/// The reporter's verdict on how the matter was dealt with (as FixMyStreet asks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    pub satisfied: bool,
    pub note: Option<String>,
}

/// The arrival clock's verdict, frozen when someone reached the scene. It keeps the target
/// in force at that moment so a later config change never rewrites history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Arrival {
    pub at: DateTime<Utc>,
    pub how: ArrivalHow,
    pub taken_secs: i64,
    pub target_secs: i64,
    pub met: bool,
}

impl Arrival {
    pub fn minutes(&self) -> f64 {
        (self.taken_secs as f64 / 6.0).round() / 10.0
    }
}

/// An escalation (呼叫) to a body outside the community.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallUp {
    /// Body code from the bodies asset.
    pub body: String,
    pub at: DateTime<Utc>,
    /// When the body said it has taken the case (`received`), if it has.
    pub received_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Resolution {
    pub at: DateTime<Utc>,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cancellation {
    pub at: DateTime<Utc>,
    pub reason: String,
}

impl Case {
    /// Counted as in the seed's figures: reported by a resident rather than found by staff.
    pub fn resident_reported(&self) -> bool {
        self.channel.resident_reported()
    }

    /// The seed splits collected problems into "called higher departments" and the rest,
    /// which the community handled itself.
    pub fn called_up(&self) -> bool {
        self.call_up.is_some()
    }

    pub fn is_open(&self) -> bool {
        self.state.is_open()
    }

    /// When it was resolved or cancelled; `None` while it has been neither.
    pub fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.resolution
            .as_ref()
            .map(|r| r.at)
            .or(self.cancellation.as_ref().map(|c| c.at))
            .or(self.joined.as_ref().map(|j| j.at))
    }

    /// History with no arrival recorded, and none since (see `arrival_unrecorded`).
    pub fn arrival_not_recorded(&self) -> bool {
        self.arrival_unrecorded && self.arrival.is_none()
    }
}

/// The open case `name` is on now, among `open`: one where they are on the scene before one
/// they are on their way to.
pub fn job_of<'a>(open: &'a [Case], name: &str) -> Option<&'a Case> {
    let mine = || open.iter().filter(|c| c.responder.as_deref() == Some(name));
    mine()
        .find(|c| c.state == State::OnScene)
        .or_else(|| mine().find(|c| c.state == State::Dispatched))
}
