//! Cases, tiers, clocks and the lifecycle rules. Pure: no IO, and `now` is always a parameter.

pub mod case;
pub mod clock;
pub mod codes;
pub mod figures;
pub mod lifecycle;

pub use case::{Arrival, CallUp, Cancellation, Case, Resolution};
pub use clock::{Clock, Stage, Targets};
pub use codes::{ArrivalHow, Channel, EventKind, Role, State, Tier, UnknownCode};
pub use figures::Figures;
pub use lifecycle::{Action, DomainError, Event, Report, Rules};

#[cfg(test)]
mod tests;
