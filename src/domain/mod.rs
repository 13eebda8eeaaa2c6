//! Cases, tiers, clocks and the lifecycle rules. Pure: no IO, and `now` is always a parameter.

pub mod alerts;
pub mod breakdown;
pub mod case;
pub mod clock;
pub mod codes;
pub mod figures;
pub mod joining;
pub mod lifecycle;
pub mod links;
pub mod recommend;
pub mod same_matter;

pub use alerts::{Alert, AlertRules};
pub use case::{Arrival, CallUp, Cancellation, Case, Joined, Resolution, Verdict};
pub use clock::{Clock, Stage, Targets};
pub use codes::{
    AlertKind, ArrivalHow, Channel, ClockKind, EventKind, LinkRole, PatrolSlot, Role, State, Tier,
    UnknownCode,
};
pub use figures::Figures;
pub use lifecycle::{Action, DomainError, Event, Report, Rules};

/// A grid's patrol, done on a local day.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Patrol {
    pub grid: u8,
    pub day: chrono::NaiveDate,
    pub slot: PatrolSlot,
    pub at: chrono::DateTime<chrono::Utc>,
    pub findings: u32,
}

#[cfg(test)]
pub(crate) mod fixtures;
#[cfg(test)]
mod tests;
