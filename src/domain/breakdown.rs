//! The figures broken down: by grid, category, channel, tier and responder; the bodies called
//! up; arrival minutes as a histogram; each day's share within target; the slowest arrivals.

use serde::Serialize;

/// One group's counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The grid's number, or a code (category, channel, tier, body), or a responder's name.
    pub key: String,
    pub collected: usize,
    pub arrived: usize,
    pub within_target: usize,
}

/// A day of the period: cases reached and reached within target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Day {
    /// `YYYYMMDD`, the local day.
    pub day: String,
    pub arrived: usize,
    pub within_target: usize,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Breakdown {
    pub by_grid: Vec<Group>,
    pub by_category: Vec<Group>,
    pub by_channel: Vec<Group>,
    pub by_tier: Vec<Group>,
    pub by_responder: Vec<Group>,
    /// Bodies called up to, with how many cases each.
    pub called_up_to: Vec<Group>,
    /// Arrivals by whole minutes taken (60 stands for an hour or more).
    pub arrival_minutes: Vec<(u32, usize)>,
    pub days: Vec<Day>,
    /// The slowest arrivals: case number and seconds taken.
    pub slowest: Vec<(String, i64)>,
}

impl Day {
    /// The share reached within target, if anyone was reached.
    pub fn share(&self) -> Option<f64> {
        (self.arrived > 0).then(|| self.within_target as f64 / self.arrived as f64)
    }
}
