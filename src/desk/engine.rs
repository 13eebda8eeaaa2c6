//! The one seam where a desk does what only one engine can: a file's backup, integrity check
//! and demo history; the shared database's sub-district view, grants and connection.

use std::path::Path;

use chrono::{DateTime, Utc};

use crate::domain::lifecycle::Problem;
use crate::store::{PgStore, SqliteStore, StoreError};

use super::errors::bad;
use super::{Desk, DeskError};

impl Desk {
    /// The database file, on a community's own SQLite desk.
    pub fn file(&self) -> Option<&Path> {
        self.store.file()
    }

    /// Where the desk's records are, as it may be shown (a password hidden).
    pub fn shown(&self) -> String {
        self.store.shown()
    }

    /// The SQLite file, for what only a file can do (the demo, import of a file).
    fn sqlite(&self, what: &str) -> Result<&SqliteStore, DeskError> {
        self.store.sqlite().ok_or_else(|| {
            DeskError::Store(StoreError::Shared(format!(
                "{what} works on a community's own database file, not on the shared database"
            )))
        })
    }

    /// The database file, for `what` only a file can do; refused on the shared database.
    pub fn own_file(&self, what: &str) -> Result<&Path, DeskError> {
        Ok(self.sqlite(what)?.path())
    }

    /// Closes the database cleanly: a file's WAL folded in, nothing left beside it.
    pub async fn close(&self) {
        self.store.close().await;
    }

    /// A fact about the records themselves (that they are a demo's, and its seed).
    pub async fn setting(&self, key: &str) -> Result<Option<String>, DeskError> {
        Ok(self.store.setting(key).await?)
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), DeskError> {
        Ok(self.store.set_setting(key, value).await?)
    }

    /// The latest instant anything was recorded (a demo carries on from there).
    pub async fn latest_at(&self) -> Result<Option<DateTime<Utc>>, DeskError> {
        Ok(self.sqlite("the demo")?.latest_at().await?)
    }

    /// A consistent copy of the database file at `to`, taken while desks write; gives the
    /// number of cases it holds (checked whole).
    pub async fn backup(&self, to: &Path) -> Result<i64, DeskError> {
        let store = self.store.sqlite().ok_or_else(|| {
            DeskError::Store(StoreError::Shared(
                "the shared database is backed up with PostgreSQL's own tools (pg_dump, or the server's base backups), not by a desk".into(),
            ))
        })?;
        Ok(store.backup(to).await?)
    }

    /// Copies a whole history in from the desk file at `other`, in one transaction.
    pub async fn import(&self, other: &Path) -> Result<u64, DeskError> {
        Ok(self.sqlite("importing a desk file")?.import(other).await?)
    }

    /// The schema version and the integrity check (`ok`, or what is wrong). A damaged file
    /// is marked so that nothing writes to it; a whole one loses an old mark. The shared
    /// database keeps its own integrity (PostgreSQL's): reaching it is the check.
    pub async fn check(&self) -> Result<(i64, String), DeskError> {
        let version = self.store.schema_version().await?;
        let Some(store) = self.store.sqlite() else {
            return Ok((version, "ok".into()));
        };
        let integrity = match store.integrity().await {
            Ok(found) => found,
            Err(StoreError::Damaged { why, .. }) => why,
            Err(e) => return Err(e.into()),
        };
        if integrity == "ok" {
            store.clear_damage_mark();
        } else {
            store.mark_damaged(&integrity);
        }
        Ok((version, integrity))
    }

    /// How the shared database is reached (`None` for a file).
    pub async fn link(&self) -> Result<Option<crate::store::postgres::Link>, DeskError> {
        match self.store.postgres() {
            Some(store) => Ok(Some(store.link().await?)),
            None => Ok(None),
        }
    }

    /// The shared database, for what only it can do.
    fn shared(&self, what: &str) -> Result<&PgStore, DeskError> {
        self.store.postgres().ok_or_else(|| {
            DeskError::Store(StoreError::Shared(format!(
                "{what} needs a sub-district's shared database (--db postgres://…); this desk keeps its own file"
            )))
        })
    }

    /// The sub-district's board: every community and every open call-up, now.
    pub async fn overview(&self, now: DateTime<Utc>) -> Result<crate::store::Overview, DeskError> {
        let store = self.shared("the sub-district's view")?;
        let targets = self.targets();
        let day = targets.zone_day(now);
        let day_start = targets.start_of_local_day(day);
        let target = self.config.rules().arrival_target.num_seconds();
        Ok(store.overview(day_start, now, target).await?)
    }

    /// Makes `role` a desk of the shared database (see `PgStore::grant`).
    pub async fn grant(
        &self,
        role: &str,
        community: Option<(&str, &str, &str)>,
    ) -> Result<(), DeskError> {
        if let Some((code, _, _)) = community
            && !crate::config::valid_code(code)
        {
            return Err(bad(
                "community",
                Problem::Argument(format!(
                    "`{code}` is not a community code: lower-case letters, digits and `_`, starting with a letter (at most 32), such as `xinlian`"
                )),
            ));
        }
        Ok(self
            .shared("granting a desk role")?
            .grant(role, community)
            .await?)
    }
}
