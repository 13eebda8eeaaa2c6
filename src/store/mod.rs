//! Keeping cases: the only code that speaks SQL. [`Store`] is the narrow interface the rest
//! of the crate uses; [`SqliteStore`] (all of it in `sqlite/`) is one community's own file,
//! [`PgStore`] (all of it in `postgres/`) a whole sub-district's shared database; [`Db`] is
//! whichever of the two the desk was pointed at, chosen once when it opens.

/// The same call on whichever store it is (`Db`'s relays, in the modules below).
macro_rules! either {
    ($value:expr, $s:ident => $call:expr) => {
        match $value {
            Db::Sqlite($s) => $call,
            Db::Postgres($s) => $call,
        }
    };
}

mod breakdown;
mod engine;
mod history;
mod open311;
mod overview;
pub mod postgres;
mod rows;
mod sqlite;

use std::future::Future;
use std::path::PathBuf;

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use crate::catalog::Responder;
use crate::domain::{
    Action, Alert, Case, ClockKind, DomainError, EventKind, Patrol, Report, Rules,
};

pub use crate::location::{Location, Scope};
pub use engine::{Db, DbWatcher};
pub use open311::{ApiKey, Intake, Request, RequestQuery, Taken};
pub use overview::{CallUpRow, CommunityRow, Overview};
pub use postgres::PgStore;
pub use sqlite::{Durability, Opened, Peek, SqliteStore, Watcher, known_version};

/// One entry of a case's timeline as stored.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRecord {
    pub at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub actor: String,
    pub kind: EventKind,
    pub details: serde_json::Value,
}

/// A report read from a file, with the key of its row (the same row is never imported twice).
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The local day it was reported on (its number's day).
    pub day: NaiveDate,
    pub report: Report,
    /// What was already done about it (dispatch, arrival, resolution), each at its time.
    pub steps: Vec<(crate::domain::Action, DateTime<Utc>)>,
    pub key: String,
}

/// Where a file's records went (`move-to`), and when: the address without its password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    pub to: String,
    pub at: DateTime<Utc>,
}

/// One shift handing over to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Shift {
    pub at: DateTime<Utc>,
    pub from: String,
    pub to: String,
}

/// A case before and after one change, both as stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub before: Case,
    pub after: Case,
}

/// A join or a split as stored: the report and the case it joined (or left), each before and
/// after, and the reports that moved with the report.
#[derive(Debug, Clone, PartialEq)]
pub struct JoinChange {
    pub report: Change,
    pub problem: Change,
    pub moved: Vec<String>,
}

/// Which cases to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub open_only: bool,
    /// Only cases in this state.
    pub state: Option<crate::domain::State>,
    pub grid: Option<u8>,
    /// Reported at or after.
    pub from: Option<DateTime<Utc>>,
    /// Reported before.
    pub to: Option<DateTime<Utc>>,
    /// Only the reports joined into this case (its number as the desk names it).
    pub joined_into: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("no case numbered `{0}`; `dutydesk list --all` shows the case numbers")]
    NoSuchCase(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("{field}: {problem}")]
    Invalid {
        field: &'static str,
        problem: crate::domain::lifecycle::Problem,
    },
    #[error(
        "{}: not a dutydesk database ({why}); it was left untouched. Point --db or DUTYDESK_DB at a dutydesk database, or at a new file",
        .path.display()
    )]
    NotDutydesk { path: PathBuf, why: String },
    #[error(
        "{}: written by a newer dutydesk (schema version {found}; this one knows up to {known}); it was left untouched. Upgrade dutydesk to open it",
        .path.display()
    )]
    NewerSchema {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    #[error(
        "{}: the database file {what} while dutydesk had it open; nothing more is written to it. Restart dutydesk, or point --db at the right file",
        .path.display()
    )]
    Gone { path: PathBuf, what: &'static str },
    /// `move-to` copied this file's records into a shared database: the file is kept for
    /// reading, and a write to it would split the records.
    #[error(
        "this desk's records moved to {} on {}; nothing more is written here. Use --db {} (or database.url in the config)",
        .0.to,
        .0.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        .0.to
    )]
    Moved(Moved),
    #[error("the database holds a value this version cannot read ({0}); run `dutydesk check`")]
    Unreadable(String),
    #[error(
        "{}: {what}, not a database file; it was left alone. Point --db or DUTYDESK_DB at a database file, or at a new one",
        .path.display()
    )]
    NotAFile { path: PathBuf, what: &'static str },
    #[error(
        "the database is damaged ({why}) while {context}; nothing was written to it. Restore it from the backup (the README's Backup section), or keep it for repair and point --db at a new file"
    )]
    Damaged { context: String, why: String },
    #[error(
        "{trouble} ({context}); nothing was written and the database is as it was. {}",
        trouble.fix()
    )]
    Disk {
        context: String,
        trouble: DiskTrouble,
    },
    #[error(
        "the shared database cannot be reached ({context}: {why}); the desk keeps trying. Check the network and that the server runs"
    )]
    Unreachable { context: String, why: String },
    /// The shared database's own rules or set-up refused (the message says what and the fix).
    #[error("{0}")]
    Shared(String),
    #[error("{context}: {source}")]
    Db {
        context: String,
        #[source]
        source: sqlx::Error,
    },
    #[error("{context}: {source}")]
    Io {
        context: String,
        #[source]
        source: std::io::Error,
    },
}

/// The board's reads, from one moment.
#[derive(Debug, Clone, Default)]
pub struct Board {
    pub open: Vec<Case>,
    /// The responders' links of open cases (answered or not, help asked or not).
    pub links: Vec<crate::domain::links::Link>,
    /// Cases reported since `recent_from`, open or not.
    pub recent: Vec<Case>,
    pub roster: Vec<crate::catalog::Responder>,
    pub patrols: Vec<crate::domain::Patrol>,
    pub acknowledged: Vec<(String, ClockKind)>,
}

/// What a responder's tap marks on their link.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkMark {
    /// On my way.
    Departed,
    /// Needs the sub-district.
    Help,
}

/// Why the disk refused, told apart because each has its own fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskTrouble {
    Full,
    ReadOnly,
    Failing,
}

impl std::fmt::Display for DiskTrouble {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DiskTrouble::Full => "the disk is full",
            DiskTrouble::ReadOnly => "the file system (or the file) is read-only",
            DiskTrouble::Failing => "the disk could not be read or written",
        })
    }
}

impl DiskTrouble {
    pub fn fix(self) -> &'static str {
        match self {
            DiskTrouble::Full => "Free some space (old logs, downloads) and try again",
            DiskTrouble::ReadOnly => {
                "Make it writable (check the mount and the file's permissions) and try again"
            }
            DiskTrouble::Failing => "Check the disk (dmesg) and try again; keep the backup at hand",
        }
    }
}

/// What the desk needs from wherever cases are kept. Every change is atomic: it appends its
/// events and updates the case, or does nothing.
/// Sees other desks' and processes' commits, and claims alerts, on a connection of its own:
/// its own alert records are no change to the board, everyone else's commits are.
pub trait Watch: Send {
    /// True when something was committed elsewhere since the last call.
    fn changed(&mut self) -> impl Future<Output = Result<bool, StoreError>> + Send;

    /// Claims these alerts (each key once, across every desk); gives the keys this call won.
    fn claim_alerts(
        &mut self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// Woken when a change may have been made elsewhere (the shared database's
    /// notifications, a file's writes seen by inotify), so the loop asks `changed` at once
    /// rather than at its next wake-up; `None` where nothing can tell (polling alone).
    fn waker(&self) -> Option<std::sync::Arc<tokio::sync::Notify>> {
        None
    }

    /// True when anything was committed since the last call, asked of the store itself, so
    /// that nothing kept on its word is older than a commit already made when it was asked:
    /// a file's index is written before its commit returns (`changed` reads it first); the
    /// shared database's notifications come a moment after a commit, so there the change
    /// counts its commits move are read instead.
    fn committed(&mut self) -> impl Future<Output = Result<bool, StoreError>> + Send {
        self.changed()
    }
}

pub trait Store: Send + Sync {
    /// What watches this store for the dashboard.
    type Watcher: Watch;

    /// A watcher for commits made by any other connection or process.
    fn watcher(&self) -> impl Future<Output = Result<Self::Watcher, StoreError>> + Send;

    /// The store was found damaged (by a read that hit it): remember it, so no write follows.
    fn found_damaged(&self, _why: &str) {}

    /// What the board shows, read in one read transaction: one consistent moment, never
    /// straddling another desk's commit.
    fn board(
        &self,
        today: NaiveDate,
        recent_from: DateTime<Utc>,
    ) -> impl Future<Output = Result<Board, StoreError>> + Send;

    /// The seed's figures for cases reported in `[from, to)`, counted by the database.
    /// `day_ends`: each local day of the period (`YYYYMMDD`, as a case's day) and the instant (epoch ms) it ends.
    fn figures(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        day_ends: &[(String, i64)],
    ) -> impl Future<Output = Result<crate::domain::Figures, StoreError>> + Send;

    /// The figures of `[from, to)` broken down (grid, category, channel, tier, responder,
    /// body, arrival minutes, days, slowest), counted by the database.
    fn breakdown(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Future<Output = Result<crate::domain::breakdown::Breakdown, StoreError>> + Send;

    /// Records that the shift of `from` handed over to `to` at `at`.
    fn record_handover(&self, shift: &Shift)
    -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Where this file's records were moved (`move-to`), if they were; never, on the shared
    /// database.
    fn moved(&self) -> impl Future<Output = Result<Option<Moved>, StoreError>> + Send;

    /// The last handover recorded at this desk (its community's, on the shared database; none
    /// on the sub-district's): whoever it named is the officer on duty now.
    fn last_handover(&self) -> impl Future<Output = Result<Option<Shift>, StoreError>> + Send;

    /// The handovers of case `number`'s community in `[from, to)`, in time order (on the
    /// sub-district's desk, of the community the number names, never every community's).
    fn handovers(
        &self,
        number: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<Shift>, StoreError>> + Send;

    /// Forgets alert claims no desk will ask about again: those of cases closed before
    /// `before`, and reminders a later one of the same case and kind superseded. Gives
    /// how many went. Keeps the claims bounded however long a desk runs.
    fn prune_alerts(
        &self,
        before: DateTime<Utc>,
    ) -> impl Future<Output = Result<u64, StoreError>> + Send;

    /// Opens a case numbered within `day` (the local day of the report).
    fn report(
        &self,
        day: NaiveDate,
        report: &Report,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> impl Future<Output = Result<Case, StoreError>> + Send;

    /// Opens every report not imported before, all in one change (all or nothing); gives the
    /// cases opened (rows already imported are left out).
    fn import_reports(
        &self,
        reports: &[Imported],
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> impl Future<Output = Result<Vec<Case>, StoreError>> + Send;

    /// Applies a lifecycle action to a case, checked by the domain against its stored state.
    fn act(
        &self,
        number: &str,
        action: &Action,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> impl Future<Output = Result<Change, StoreError>> + Send;

    /// Joins case `number` into `into`, the open case of the same matter (the domain's
    /// `joining` rules), with the reports already joined into `number`.
    fn join(
        &self,
        number: &str,
        into: &str,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<JoinChange, StoreError>> + Send;

    /// Splits the joined report `number` out of its case again, with `back` (reports that
    /// came with it when it was joined, given back by an undo).
    fn split(
        &self,
        number: &str,
        back: &[String],
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<JoinChange, StoreError>> + Send;

    /// Takes a report of a matter already open: opened and joined into `into` at once.
    fn report_into(
        &self,
        day: NaiveDate,
        report: &Report,
        into: &str,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> impl Future<Output = Result<JoinChange, StoreError>> + Send;

    fn case(&self, number: &str) -> impl Future<Output = Result<Case, StoreError>> + Send;

    fn timeline(
        &self,
        number: &str,
    ) -> impl Future<Output = Result<Vec<EventRecord>, StoreError>> + Send;

    /// Cases matching `filter`, in the order they were reported.
    fn cases(
        &self,
        filter: &CaseFilter,
    ) -> impl Future<Output = Result<Vec<Case>, StoreError>> + Send;

    fn responders(&self) -> impl Future<Output = Result<Vec<Responder>, StoreError>> + Send;

    fn add_responder(
        &self,
        responder: &Responder,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Records a grid's patrol; a slot already recorded for that day is refused.
    fn record_patrol(
        &self,
        patrol: &Patrol,
        actor: &str,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    fn patrols_on(
        &self,
        day: NaiveDate,
    ) -> impl Future<Output = Result<Vec<Patrol>, StoreError>> + Send;

    /// Claims the alerts not claimed before, in one change; gives the keys this call claimed
    /// (the ones to send).
    fn claim_alerts(
        &self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send;

    /// The clocks acknowledged on cases still open.
    fn acknowledged(
        &self,
    ) -> impl Future<Output = Result<Vec<(String, ClockKind)>, StoreError>> + Send;

    fn set_on_duty(
        &self,
        name: &str,
        on_duty: bool,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// Keeps a link to a case under the hash of its token.
    fn add_link(
        &self,
        hash: &str,
        link: &crate::domain::links::Link,
    ) -> impl Future<Output = Result<(), StoreError>> + Send;

    /// The link whose token hashes to `hash`, if this desk may see it.
    fn link_by_hash(
        &self,
        hash: &str,
    ) -> impl Future<Output = Result<Option<crate::domain::links::Link>, StoreError>> + Send;

    /// Records a responder's tap on their link (on the way, or asking for the sub-district);
    /// gives whether this was the first such tap (a second changes nothing).
    fn mark_link(
        &self,
        hash: &str,
        mark: LinkMark,
        at: DateTime<Utc>,
    ) -> impl Future<Output = Result<bool, StoreError>> + Send;
}
