//! The store the desk was pointed at, chosen at run time: a community's own SQLite file, or
//! a sub-district's shared PostgreSQL. One enum, so the dashboard and the command line are
//! compiled once, for both.

use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};

use super::postgres::PgWatcher;
use super::{
    Board, CaseFilter, Change, EventRecord, Imported, JoinChange, PgStore, Shift, SqliteStore,
    Store, StoreError, Watch, Watcher,
};
use crate::catalog::Responder;
use crate::domain::{Action, Alert, Case, ClockKind, Patrol, Report, Rules};

pub enum Db {
    Sqlite(SqliteStore),
    /// Boxed: far larger than a file's store, and there is one per desk.
    Postgres(Box<PgStore>),
}

pub enum DbWatcher {
    Sqlite(Watcher),
    Postgres(Box<PgWatcher>),
}

impl Db {
    /// The database file, for a SQLite desk.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Db::Sqlite(s) => Some(s.path()),
            Db::Postgres(_) => None,
        }
    }

    /// Where the records are, as it may be shown.
    pub fn shown(&self) -> String {
        match self {
            Db::Sqlite(s) => s.path().display().to_string(),
            Db::Postgres(p) => p.shown().to_string(),
        }
    }

    pub async fn close(&self) {
        either!(self, s => s.close().await)
    }

    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        either!(self, s => s.setting(key).await)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        either!(self, s => s.set_setting(key, value).await)
    }

    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        either!(self, s => s.schema_version().await)
    }

    pub fn sqlite(&self) -> Option<&SqliteStore> {
        match self {
            Db::Sqlite(s) => Some(s),
            Db::Postgres(_) => None,
        }
    }

    pub fn postgres(&self) -> Option<&PgStore> {
        match self {
            Db::Sqlite(_) => None,
            Db::Postgres(p) => Some(p),
        }
    }
}

impl Watch for DbWatcher {
    async fn changed(&mut self) -> Result<bool, StoreError> {
        match self {
            DbWatcher::Sqlite(w) => w.changed().await,
            DbWatcher::Postgres(w) => w.changed().await,
        }
    }

    async fn claim_alerts(
        &mut self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        match self {
            DbWatcher::Sqlite(w) => w.claim_alerts(alerts, by, now).await,
            DbWatcher::Postgres(w) => w.claim_alerts(alerts, by, now).await,
        }
    }

    fn waker(&self) -> Option<Arc<tokio::sync::Notify>> {
        match self {
            DbWatcher::Sqlite(w) => w.waker(),
            DbWatcher::Postgres(w) => w.waker(),
        }
    }

    async fn committed(&mut self) -> Result<bool, StoreError> {
        match self {
            DbWatcher::Sqlite(w) => w.committed().await,
            DbWatcher::Postgres(w) => w.committed().await,
        }
    }
}

impl Store for Db {
    type Watcher = DbWatcher;

    async fn watcher(&self) -> Result<DbWatcher, StoreError> {
        Ok(match self {
            Db::Sqlite(s) => DbWatcher::Sqlite(s.watcher().await?),
            Db::Postgres(p) => DbWatcher::Postgres(Box::new(p.watcher().await?)),
        })
    }

    fn found_damaged(&self, why: &str) {
        either!(self, s => s.found_damaged(why))
    }

    async fn board(
        &self,
        today: NaiveDate,
        recent_from: DateTime<Utc>,
    ) -> Result<Board, StoreError> {
        either!(self, s => s.board(today, recent_from).await)
    }

    async fn figures(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        day_ends: &[(String, i64)],
    ) -> Result<crate::domain::Figures, StoreError> {
        either!(self, s => s.figures(from, to, day_ends).await)
    }

    async fn breakdown(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<crate::domain::breakdown::Breakdown, StoreError> {
        either!(self, s => s.breakdown(from, to).await)
    }

    async fn record_handover(&self, shift: &Shift) -> Result<(), StoreError> {
        either!(self, s => s.record_handover(shift).await)
    }

    async fn moved(&self) -> Result<Option<crate::store::Moved>, StoreError> {
        either!(self, s => s.moved().await)
    }

    async fn last_handover(&self) -> Result<Option<Shift>, StoreError> {
        either!(self, s => s.last_handover().await)
    }

    async fn handovers(
        &self,
        number: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Shift>, StoreError> {
        either!(self, s => s.handovers(number, from, to).await)
    }

    async fn prune_alerts(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        either!(self, s => s.prune_alerts(before).await)
    }

    async fn report(
        &self,
        day: NaiveDate,
        report: &Report,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Case, StoreError> {
        either!(self, s => s.report(day, report, actor, now, rules).await)
    }

    async fn import_reports(
        &self,
        reports: &[Imported],
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Vec<Case>, StoreError> {
        either!(self, s => s.import_reports(reports, actor, now, rules).await)
    }

    async fn act(
        &self,
        number: &str,
        action: &Action,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Change, StoreError> {
        either!(self, s => s.act(number, action, at, actor, now, rules).await)
    }

    async fn join(
        &self,
        number: &str,
        into: &str,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, StoreError> {
        either!(self, s => s.join(number, into, at, actor, now).await)
    }

    async fn split(
        &self,
        number: &str,
        back: &[String],
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, StoreError> {
        either!(self, s => s.split(number, back, at, actor, now).await)
    }

    async fn report_into(
        &self,
        day: NaiveDate,
        report: &Report,
        into: &str,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<JoinChange, StoreError> {
        either!(self, s => s.report_into(day, report, into, actor, now, rules).await)
    }

    async fn case(&self, number: &str) -> Result<Case, StoreError> {
        either!(self, s => s.case(number).await)
    }

    async fn timeline(&self, number: &str) -> Result<Vec<EventRecord>, StoreError> {
        either!(self, s => s.timeline(number).await)
    }

    async fn cases(&self, filter: &CaseFilter) -> Result<Vec<Case>, StoreError> {
        either!(self, s => s.cases(filter).await)
    }

    async fn responders(&self) -> Result<Vec<Responder>, StoreError> {
        either!(self, s => s.responders().await)
    }

    async fn add_responder(&self, responder: &Responder) -> Result<(), StoreError> {
        either!(self, s => s.add_responder(responder).await)
    }

    async fn record_patrol(&self, patrol: &Patrol, actor: &str) -> Result<(), StoreError> {
        either!(self, s => s.record_patrol(patrol, actor).await)
    }

    async fn patrols_on(&self, day: NaiveDate) -> Result<Vec<Patrol>, StoreError> {
        either!(self, s => s.patrols_on(day).await)
    }

    async fn claim_alerts(
        &self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        either!(self, s => s.claim_alerts(alerts, by, now).await)
    }

    async fn acknowledged(&self) -> Result<Vec<(String, ClockKind)>, StoreError> {
        either!(self, s => s.acknowledged().await)
    }

    async fn set_on_duty(&self, name: &str, on_duty: bool) -> Result<(), StoreError> {
        either!(self, s => s.set_on_duty(name, on_duty).await)
    }

    async fn add_link(
        &self,
        hash: &str,
        link: &crate::domain::links::Link,
    ) -> Result<(), StoreError> {
        either!(self, s => s.add_link(hash, link).await)
    }

    async fn link_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<crate::domain::links::Link>, StoreError> {
        either!(self, s => s.link_by_hash(hash).await)
    }

    async fn mark_link(
        &self,
        hash: &str,
        mark: crate::store::LinkMark,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        either!(self, s => s.mark_link(hash, mark, at).await)
    }
}
