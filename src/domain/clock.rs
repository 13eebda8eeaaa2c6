//! The two clocks of a case: arrival (target 15 minutes) and resolution (same day for small
//! matters, some days for medium ones; big ones are tracked against the body called up).
//! Everything is computed from stored instants and a `now` passed in: never from a wall clock.

use chrono::{DateTime, Days, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

use super::case::Case;
use super::codes::Tier;

/// The targets in force (from config).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Targets {
    pub arrival: Duration,
    /// How long before a deadline a case turns to "warning".
    pub warning: Duration,
    /// Days after the report day by whose end a medium case should be resolved.
    pub medium_days: u32,
    pub zone: Tz,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            arrival: Duration::minutes(15),
            warning: Duration::minutes(5),
            medium_days: 3,
            zone: chrono_tz::Asia::Shanghai,
        }
    }
}

/// How close a case is to missing its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Stage {
    Calm,
    Warning,
    Overdue,
}

/// Which clock a case is running against now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Clock {
    /// Nobody on the scene yet.
    Arrival { deadline: DateTime<Utc> },
    /// On the scene; resolve by the deadline.
    Resolution { deadline: DateTime<Utc> },
    /// A big matter: followed up with the body it was called up to, no community deadline.
    Tracking,
    /// Imported history whose arrival was never recorded: no live clock, no alerts.
    Unrecorded,
    /// Resolved or cancelled.
    Stopped,
}

impl Clock {
    pub fn deadline(&self) -> Option<DateTime<Utc>> {
        match self {
            Clock::Arrival { deadline } | Clock::Resolution { deadline } => Some(*deadline),
            Clock::Tracking | Clock::Unrecorded | Clock::Stopped => None,
        }
    }
}

impl Targets {
    pub fn arrival_deadline(&self, case: &Case) -> DateTime<Utc> {
        case.reported_at + self.arrival
    }

    /// The local day of an instant.
    pub fn zone_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.zone).date_naive()
    }

    /// The first instant of a local day.
    pub fn start_of_local_day(&self, day: NaiveDate) -> DateTime<Utc> {
        let midnight = day.and_time(NaiveTime::MIN);
        self.zone
            .from_local_datetime(&midnight)
            .earliest()
            // A zone that skips midnight (rare DST rules): an hour later exists.
            .or_else(|| {
                self.zone
                    .from_local_datetime(&(midnight + Duration::hours(1)))
                    .earliest()
            })
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or(midnight.and_utc())
    }

    /// The end of the local day `days` after the day of `at`.
    pub fn end_of_local_day(&self, at: DateTime<Utc>, days: u32) -> DateTime<Utc> {
        let day = at.with_timezone(&self.zone).date_naive() + Days::new(u64::from(days) + 1);
        self.start_of_local_day(day)
    }

    pub fn resolution_deadline(&self, case: &Case) -> Option<DateTime<Utc>> {
        match case.tier {
            Tier::Small => Some(self.end_of_local_day(case.reported_at, 0)),
            Tier::Medium => Some(self.end_of_local_day(case.reported_at, self.medium_days)),
            Tier::Big => None,
        }
    }

    pub fn clock(&self, case: &Case) -> Clock {
        if !case.is_open() {
            return Clock::Stopped;
        }
        if case.arrival_not_recorded() {
            return Clock::Unrecorded;
        }
        if case.arrival.is_none() {
            return Clock::Arrival {
                deadline: self.arrival_deadline(case),
            };
        }
        match self.resolution_deadline(case) {
            Some(deadline) => Clock::Resolution { deadline },
            None => Clock::Tracking,
        }
    }

    /// Stage of a deadline at `now`: overdue from the deadline itself, warning from `warning` before.
    /// When the stage of a clock with this deadline next changes after `now` (into warning,
    /// then overdue); `None` once it is overdue.
    pub fn next_stage_change(
        &self,
        deadline: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Option<DateTime<Utc>> {
        let warning = deadline - self.warning;
        if now < warning {
            Some(warning)
        } else if now < deadline {
            Some(deadline)
        } else {
            None
        }
    }

    pub fn stage(&self, deadline: DateTime<Utc>, now: DateTime<Utc>) -> Stage {
        if now >= deadline {
            Stage::Overdue
        } else if deadline - now <= self.warning {
            Stage::Warning
        } else {
            Stage::Calm
        }
    }

    /// Whether a resolved case was finished on the local day it was reported (当日处理完毕).
    pub fn resolved_same_day(&self, case: &Case) -> bool {
        case.resolution.as_ref().is_some_and(|r| {
            r.at.with_timezone(&self.zone).date_naive()
                == case.reported_at.with_timezone(&self.zone).date_naive()
        })
    }
}
