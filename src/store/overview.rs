//! What the sub-district's board reads, whichever engine holds it: one row per community and
//! every open call-up across them (the shared database is the one engine with several
//! communities, but the board, the command line and the alerts only see these types).

use chrono::{DateTime, Utc};

use super::rows::instant;

/// One community as the sub-district sees it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CommunityRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub open: i64,
    /// Open cases nobody has reached, past the arrival target.
    pub overdue: i64,
    /// Cases reported today that someone reached, and of those within the target.
    pub arrived_today: i64,
    pub on_time_today: i64,
    pub open_call_ups: i64,
    /// When that community's desks last recorded anything (a quiet desk may be down).
    pub last_event_ms: Option<i64>,
}

impl CommunityRow {
    pub fn last_event(&self) -> Option<DateTime<Utc>> {
        self.last_event_ms.and_then(|ms| instant(ms).ok())
    }
}

/// An open case called up to a body above the community.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CallUpRow {
    pub community: String,
    pub number: String,
    pub grid: i64,
    pub category: String,
    pub place: String,
    pub summary: String,
    pub tier: String,
    pub state: String,
    pub body: String,
    pub called_up_ms: i64,
    pub received_ms: Option<i64>,
    pub responder: Option<String>,
    pub reported_ms: i64,
    pub arrival_met: Option<bool>,
    /// How many reports the matter has (the community joined the others into it).
    pub reports: i64,
}

impl CallUpRow {
    /// The case as the sub-district's desk names it.
    pub fn qualified(&self) -> String {
        format!("{}/{}", self.community, self.number)
    }

    pub fn called_up_at(&self) -> Option<DateTime<Utc>> {
        instant(self.called_up_ms).ok()
    }

    pub fn received_at(&self) -> Option<DateTime<Utc>> {
        self.received_ms.and_then(|ms| instant(ms).ok())
    }
}

/// What the sub-district's board shows, read at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    pub communities: Vec<CommunityRow>,
    pub call_ups: Vec<CallUpRow>,
}
