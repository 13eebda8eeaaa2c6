//! The shared store: one PostgreSQL database holding a whole sub-district's communities.
//! A community's desk reads and writes its own community only (row-level security, keyed on
//! the database role, makes the database itself refuse the rest); the sub-district's desk
//! reads every community, and names a case `community/number`.
//!
//! Every change is one transaction at READ COMMITTED: a case number comes from a counter row
//! per community and day (gapless however many desks report at once), a lifecycle change
//! locks its case row (`FOR UPDATE`), so of two desks acting at once the second sees the
//! first's change and the domain refuses it if it no longer applies.

mod errors;
mod joins;
mod links;
mod listen;
mod moving;
mod open311;
mod reads;
mod setup;
mod subdistrict;
mod writes;

pub(crate) use errors::pg;
use errors::{FOREIGN_KEY, UNDEFINED_OBJECT, code_of, unreachable};

use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::Connection;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgConnectOptions, PgConnection, PgPool, PgPoolOptions};

use super::rows::{CaseRow, EventRow, millis};
use super::{
    Board, CaseFilter, Change, EventRecord, Imported, JoinChange, Shift, Store, StoreError,
};
use crate::catalog::Responder;
use crate::domain::lifecycle::Problem;
use crate::domain::{
    Action, Alert, Case, ClockKind, Event, Patrol, Report, Rules, joining, lifecycle,
};

pub use listen::PgWatcher;

/// How a desk's connection reaches the shared database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Link {
    /// Encrypted; the protocol version, e.g. `TLSv1.3`.
    Tls(String),
    /// A Unix socket on the same machine: nothing crosses a network.
    Socket,
    /// Over the network unencrypted.
    Plain,
}
pub use moving::{MOVED_FROM, Moved};

static MIGRATOR: Migrator = sqlx::migrate!("src/store/postgres/migrations");

pub use crate::location::Scope;

/// The audience of the sub-district's alerts (a community's audience is its code).
pub const SUB_DISTRICT: &str = "sub-district";

/// How long a desk waits for a connection before it says the database cannot be reached.
const CONNECT_WAIT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// For connections of their own (the change listener), outside the desk's pool.
    options: PgConnectOptions,
    scope: Scope,
    /// The address without its password, for messages and the log.
    shown: String,
}

use crate::location::shown;

impl PgStore {
    /// Connects, brings the schema up to date (when this role may), and checks that the
    /// database role is a desk of `scope`.
    pub async fn open(url: &str, scope: Scope) -> Result<PgStore, StoreError> {
        let shown = shown(url);
        let options: PgConnectOptions = url.parse().map_err(|e: sqlx::Error| StoreError::Db {
            context: format!("{shown} is not a PostgreSQL address"),
            source: e,
        })?;
        let options = options
            .application_name("dutydesk")
            .statement_cache_capacity(64);
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .min_connections(0)
            .acquire_timeout(CONNECT_WAIT)
            .connect_with(options.clone())
            .await
            .map_err(|e| {
                errors::refused_link(&shown, &e).unwrap_or_else(|| unreachable(&shown, e))
            })?;
        let store = PgStore {
            pool,
            options,
            scope,
            shown,
        };
        store.migrate().await?;
        store.check_role().await?;
        Ok(store)
    }

    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// The address, without its password.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The audience this desk's alerts are claimed for.
    pub fn audience(&self) -> &str {
        match &self.scope {
            Scope::Community(code) => code,
            Scope::SubDistrict => SUB_DISTRICT,
        }
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }

    /// The community a case belongs to and its number there, from what the desk was given:
    /// a community's desk takes its own numbers (bare or qualified), the sub-district's
    /// takes `community/number`.
    fn locate<'a>(&'a self, number: &'a str) -> Result<(&'a str, &'a str), StoreError> {
        match (&self.scope, number.split_once('/')) {
            (Scope::Community(own), None) => Ok((own, number)),
            (Scope::Community(own), Some((code, n))) if code == own => Ok((own, n)),
            (Scope::Community(_), Some(_)) => Err(StoreError::NoSuchCase(number.to_string())),
            (Scope::SubDistrict, Some((code, n))) => Ok((code, n)),
            (Scope::SubDistrict, None) => Err(StoreError::Invalid {
                field: "case",
                problem: Problem::Argument(format!(
                    "the sub-district's desk names a case with its community: COMMUNITY/{number} (`dutydesk calls` lists them)"
                )),
            }),
        }
    }

    /// The community this desk writes for; the sub-district's desk reports nothing itself.
    pub(crate) fn own(&self) -> Result<&str, StoreError> {
        match &self.scope {
            Scope::Community(code) => Ok(code),
            Scope::SubDistrict => Err(StoreError::Shared(
                "the sub-district's desk takes no reports and keeps no roster or patrols of its own; a community's desk does".into(),
            )),
        }
    }

    /// For the reads written once for both engines (`store::history`).
    pub(crate) fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// The community rows are read for: one, or (the sub-district) all.
    fn reading(&self) -> Option<&str> {
        match &self.scope {
            Scope::Community(code) => Some(code),
            Scope::SubDistrict => None,
        }
    }

    /// A case as this desk names it (qualified on the sub-district's desk).
    fn named(&self, row: CaseRow) -> Result<Case, StoreError> {
        let community = row.community.clone();
        let case = row.into_case()?;
        Ok(match community {
            Some(code) => self.qualified(&code, case),
            None => case,
        })
    }

    /// A case of `community` named as this desk names cases: with its community on the
    /// sub-district's desk (and the case it was joined into, too).
    fn qualified(&self, community: &str, mut case: Case) -> Case {
        case.number = self.qualify(community, case.number);
        if let Some(joined) = case.joined.as_mut() {
            joined.into = self.qualify(community, std::mem::take(&mut joined.into));
        }
        case
    }

    fn qualify(&self, community: &str, number: String) -> String {
        if self.scope == Scope::SubDistrict {
            format!("{community}/{number}")
        } else {
            number
        }
    }

    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, StoreError> {
        self.pool
            .begin()
            .await
            .map_err(|e| pg(e, "cannot start a change"))
    }
}

impl Store for PgStore {
    type Watcher = PgWatcher;

    async fn watcher(&self) -> Result<PgWatcher, StoreError> {
        PgWatcher::start(self.clone()).await
    }

    async fn board(
        &self,
        today: NaiveDate,
        recent_from: DateTime<Utc>,
    ) -> Result<Board, StoreError> {
        // One snapshot: what the board shows is one moment of the database.
        let mut tx = self.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot read the board"))?;
        let open = CaseFilter {
            open_only: true,
            ..CaseFilter::default()
        };
        let recent = CaseFilter {
            from: Some(recent_from),
            ..CaseFilter::default()
        };
        let community = self.reading();
        let open = reads::cases(&mut tx, community, &open).await?;
        let recent = reads::cases(&mut tx, community, &recent).await?;
        let board = Board {
            links: links::open_links(&mut tx, community).await?,
            open: open
                .into_iter()
                .map(|r| self.named(r))
                .collect::<Result<_, _>>()?,
            recent: recent
                .into_iter()
                .map(|r| self.named(r))
                .collect::<Result<_, _>>()?,
            roster: reads::responders(&mut tx, community).await?,
            patrols: reads::patrols_on(&mut tx, community, today).await?,
            acknowledged: reads::acknowledged(&mut tx, community).await?,
        };
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot read the board"))?;
        Ok(board)
    }

    async fn figures(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        day_ends: &[(String, i64)],
    ) -> Result<crate::domain::Figures, StoreError> {
        let mut conn = self.conn().await?;
        reads::figures(
            &mut conn,
            self.reading(),
            millis(from),
            millis(to),
            day_ends,
        )
        .await
    }

    async fn breakdown(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<crate::domain::breakdown::Breakdown, StoreError> {
        let mut conn = self.conn().await?;
        let scope = crate::store::breakdown::scope(millis(from), millis(to), self.reading());
        crate::store::breakdown::read_breakdown!(conn, scope, |e| pg(e, "cannot count the figures"))
    }

    async fn record_handover(&self, shift: &Shift) -> Result<(), StoreError> {
        let community = self.own()?;
        sqlx::query(
            "INSERT INTO handovers (community, at, from_officer, to_officer) VALUES ($1, $2, $3, $4)",
        )
        .bind(community)
        .bind(millis(shift.at))
        .bind(&shift.from)
        .bind(&shift.to)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot record the handover"))?;
        Ok(())
    }

    async fn moved(&self) -> Result<Option<crate::store::Moved>, StoreError> {
        Ok(None)
    }

    async fn last_handover(&self) -> Result<Option<Shift>, StoreError> {
        let Scope::Community(community) = &self.scope else {
            return Ok(None);
        };
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT at, from_officer, to_officer FROM handovers
             WHERE community = $1 ORDER BY at DESC, id DESC LIMIT 1",
        )
        .bind(community)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the last handover"))?;
        row.map(|(at, from, to)| {
            Ok(Shift {
                at: crate::store::rows::instant(at)?,
                from,
                to,
            })
        })
        .transpose()
    }

    async fn handovers(
        &self,
        number: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Shift>, StoreError> {
        let (community, _) = self.locate(number)?;
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, from_officer, to_officer FROM handovers
             WHERE community = $3 AND at >= $1 AND at < $2
             ORDER BY at, id",
        )
        .bind(millis(from))
        .bind(millis(to))
        .bind(community)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the handovers"))?;
        rows.into_iter()
            .map(|(at, from, to)| {
                Ok(Shift {
                    at: crate::store::rows::instant(at)?,
                    from,
                    to,
                })
            })
            .collect()
    }

    async fn prune_alerts(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let audience = self.audience();
        let closed = sqlx::query(
            "DELETE FROM alerts a USING cases c
             WHERE a.audience = $1 AND c.community = a.community AND c.number = a.case_number
               AND c.state IN ('resolved', 'cancelled', 'joined') AND c.updated_at < $2",
        )
        .bind(audience)
        .bind(millis(before))
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot prune the alert claims"))?
        .rows_affected();
        let superseded = sqlx::query(
            "DELETE FROM alerts a WHERE a.audience = $1 AND EXISTS (
                 SELECT 1 FROM alerts later
                 WHERE later.audience = a.audience AND later.community = a.community
                   AND later.case_number = a.case_number AND later.kind = a.kind
                   AND later.seq > a.seq)",
        )
        .bind(audience)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot prune the alert claims"))?
        .rows_affected();
        Ok(closed + superseded)
    }

    async fn report(
        &self,
        day: NaiveDate,
        report: &Report,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Case, StoreError> {
        let community = self.own()?;
        let mut tx = self.begin().await?;
        let (_, case) =
            Self::insert_report(&mut tx, community, day, report, actor, now, rules, None).await?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the case"))?;
        Ok(case)
    }

    async fn import_reports(
        &self,
        reports: &[Imported],
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Vec<Case>, StoreError> {
        let community = self.own()?;
        let mut tx = self.begin().await?;
        let mut added = Vec::new();
        for item in reports {
            let known: bool = sqlx::query_scalar(
                "SELECT EXISTS(SELECT 1 FROM cases WHERE community = $1 AND import_key = $2)",
            )
            .bind(community)
            .bind(&item.key)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot read the imported cases"))?;
            if known {
                continue;
            }
            let (_, case) = Self::insert_report(
                &mut tx,
                community,
                item.day,
                &item.report,
                actor,
                now,
                rules,
                Some(item),
            )
            .await?;
            added.push(case);
        }
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the import"))?;
        Ok(added)
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
        let (community, bare) = self.locate(number)?;
        let mut tx = self.begin().await?;
        // Locked until commit: a second desk acting on this case waits, then sees this change.
        let (id, row) = Self::load(&mut tx, community, bare, true).await?;
        let before = self.named(row)?;
        let (next, event) = lifecycle::apply(&before, action, at, now, rules)?;
        Self::write_changes(&mut tx, id, &next, now).await?;
        Self::append(&mut tx, community, id, &event, actor, now).await?;
        if let Some(told) = joining::every_reporter_told(&before, &next) {
            sqlx::query(
                "UPDATE cases SET reporter_told = $1, updated_at = $2
                 WHERE community = $3 AND joined_into = $4 AND reporter_told <> $1
                   AND reporter_satisfied IS NULL",
            )
            .bind(told)
            .bind(millis(now))
            .bind(community)
            .bind(bare)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot record telling every reporter"))?;
        }
        let (_, row) = Self::load(&mut tx, community, bare, false).await?;
        let after = self.named(row)?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the change"))?;
        Ok(Change { before, after })
    }

    async fn join(
        &self,
        number: &str,
        into: &str,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, StoreError> {
        let (community, number, into) = self.pair(number, into)?;
        let mut tx = self.begin().await?;
        let change = self
            .join_in(&mut tx, community, (number, into), (at, actor, now))
            .await?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the join"))?;
        Ok(change)
    }

    async fn split(
        &self,
        number: &str,
        back: &[String],
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, StoreError> {
        let (community, number) = self.locate(number)?;
        let back: Vec<String> = back
            .iter()
            .map(|n| n.rsplit('/').next().unwrap_or(n).to_string())
            .collect();
        let mut tx = self.begin().await?;
        let change = self
            .split_in(&mut tx, community, (number, &back), (at, actor, now))
            .await?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the split"))?;
        Ok(change)
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
        let community = self.own()?;
        let (_, into) = self.locate(into)?;
        let mut tx = self.begin().await?;
        let (_, case) =
            Self::insert_report(&mut tx, community, day, report, actor, now, rules, None).await?;
        // Joined when the desk takes it in; the report keeps its own time.
        let change = self
            .join_in(&mut tx, community, (&case.number, into), (now, actor, now))
            .await?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the report"))?;
        Ok(change)
    }

    async fn case(&self, number: &str) -> Result<Case, StoreError> {
        let (community, bare) = self.locate(number)?;
        let mut conn = self.conn().await?;
        let (_, row) = Self::load(&mut conn, community, bare, false).await?;
        self.named(row)
    }

    async fn timeline(&self, number: &str) -> Result<Vec<EventRecord>, StoreError> {
        let (community, bare) = self.locate(number)?;
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT e.at, e.recorded_at, e.actor, e.kind, e.details::text AS details
             FROM events e JOIN cases c ON c.id = e.case_id
             WHERE c.community = $1 AND c.number = $2 ORDER BY e.id",
        )
        .bind(community)
        .bind(bare)
        .fetch_all(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the timeline"))?;
        rows.into_iter().map(EventRow::into_record).collect()
    }

    async fn cases(&self, filter: &CaseFilter) -> Result<Vec<Case>, StoreError> {
        let mut conn = self.conn().await?;
        reads::cases(&mut conn, self.reading(), filter)
            .await?
            .into_iter()
            .map(|r| self.named(r))
            .collect()
    }

    async fn responders(&self) -> Result<Vec<Responder>, StoreError> {
        let mut conn = self.conn().await?;
        reads::responders(&mut conn, self.reading()).await
    }

    async fn add_responder(&self, r: &Responder) -> Result<(), StoreError> {
        let community = self.own()?;
        let done = sqlx::query(
            "INSERT INTO responders (community, name, role, grid, phone, on_duty)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (community, name) DO NOTHING",
        )
        .bind(community)
        .bind(&r.name)
        .bind(r.role.code())
        .bind(r.grid.map(i64::from))
        .bind(r.phone.as_deref())
        .bind(r.on_duty)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot add to the roster"))?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Invalid {
                field: "name",
                problem: Problem::AlreadyOnRoster(r.name.clone()),
            });
        }
        Ok(())
    }

    async fn record_patrol(&self, patrol: &Patrol, actor: &str) -> Result<(), StoreError> {
        let community = self.own()?;
        let done = sqlx::query(
            "INSERT INTO patrols (community, grid, day, slot, at, findings, actor)
             VALUES ($1, $2, $3, $4, $5, $6, $7)
             ON CONFLICT (community, grid, day, slot) DO NOTHING",
        )
        .bind(community)
        .bind(i64::from(patrol.grid))
        .bind(patrol.day.to_string())
        .bind(patrol.slot.code())
        .bind(millis(patrol.at))
        .bind(i64::from(patrol.findings))
        .bind(actor)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot record the patrol"))?
        .rows_affected();
        if done == 0 {
            return Err(StoreError::Invalid {
                field: "patrol",
                problem: Problem::PatrolRecorded {
                    grid: patrol.grid,
                    slot: patrol.slot,
                    day: patrol.day,
                },
            });
        }
        Ok(())
    }

    async fn patrols_on(&self, day: NaiveDate) -> Result<Vec<Patrol>, StoreError> {
        let mut conn = self.conn().await?;
        reads::patrols_on(&mut conn, self.reading(), day).await
    }

    async fn claim_alerts(
        &self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = self.conn().await?;
        self.claim(&mut conn, alerts, by, now).await
    }

    async fn acknowledged(&self) -> Result<Vec<(String, ClockKind)>, StoreError> {
        let mut conn = self.conn().await?;
        reads::acknowledged(&mut conn, self.reading()).await
    }

    async fn set_on_duty(&self, name: &str, on_duty: bool) -> Result<(), StoreError> {
        let community = self.own()?;
        let changed =
            sqlx::query("UPDATE responders SET on_duty = $1 WHERE community = $2 AND name = $3")
                .bind(on_duty)
                .bind(community)
                .bind(name)
                .execute(&self.pool)
                .await
                .map_err(|e| pg(e, "cannot change the roster"))?
                .rows_affected();
        if changed == 0 {
            return Err(StoreError::Invalid {
                field: "name",
                problem: Problem::NotOnRoster(name.to_string()),
            });
        }
        Ok(())
    }

    async fn add_link(
        &self,
        hash: &str,
        link: &crate::domain::links::Link,
    ) -> Result<(), StoreError> {
        self.put_link(hash, link).await
    }

    async fn link_by_hash(
        &self,
        hash: &str,
    ) -> Result<Option<crate::domain::links::Link>, StoreError> {
        self.find_link(hash).await
    }

    async fn mark_link(
        &self,
        hash: &str,
        mark: crate::store::LinkMark,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        self.mark_link(hash, mark, at).await
    }
}

impl PgStore {
    async fn conn(&self) -> Result<sqlx::pool::PoolConnection<sqlx::Postgres>, StoreError> {
        self.pool
            .acquire()
            .await
            .map_err(|e| unreachable(&self.shown, e))
    }

    /// Claims alert keys for this desk's audience, in one change; gives the keys won.
    pub(crate) async fn claim(
        &self,
        conn: &mut PgConnection,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        if alerts.is_empty() {
            return Ok(Vec::new());
        }
        let mut tx = conn
            .begin()
            .await
            .map_err(|e| pg(e, "cannot start recording alerts"))?;
        let mut claimed = Vec::new();
        for alert in alerts {
            let key = alert.key();
            let (community, bare) = self.locate(&alert.number)?;
            let seq = i64::from(alert.seq);
            // As on SQLite: a later claim of the case and kind wins, an earlier one goes.
            let done = sqlx::query(
                "INSERT INTO alerts (audience, key, community, case_number, kind, seq, due_at,
                                     claimed_at, claimed_by)
                 SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
                 WHERE NOT EXISTS (SELECT 1 FROM alerts
                                   WHERE audience = $1 AND community = $3 AND case_number = $4
                                     AND kind = $5 AND seq >= $6)
                 ON CONFLICT DO NOTHING",
            )
            .bind(self.audience())
            .bind(&key)
            .bind(community)
            .bind(bare)
            .bind(alert.kind.code())
            .bind(seq)
            .bind(millis(alert.due))
            .bind(millis(now))
            .bind(by)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot record the alert"))?
            .rows_affected();
            if done == 1 {
                sqlx::query(
                    "DELETE FROM alerts WHERE audience = $1 AND community = $2
                       AND case_number = $3 AND kind = $4 AND seq < $5",
                )
                .bind(self.audience())
                .bind(community)
                .bind(bare)
                .bind(alert.kind.code())
                .bind(seq)
                .execute(&mut *tx)
                .await
                .map_err(|e| pg(e, "cannot record the alert"))?;
                claimed.push(key);
            }
        }
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot record the alerts"))?;
        Ok(claimed)
    }

    /// How this desk reaches the server: over TLS (which version), through a local socket,
    /// or over the network in the clear (which `check` warns about).
    pub async fn link(&self) -> Result<Link, StoreError> {
        let (local, version): (bool, Option<String>) = sqlx::query_as(
            "SELECT inet_client_addr() IS NULL,
                    (SELECT version FROM pg_stat_ssl WHERE pid = pg_backend_pid() AND ssl)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read how the desk is connected"))?;
        Ok(match (version, local) {
            (Some(version), _) => Link::Tls(version),
            (None, true) => Link::Socket,
            (None, false) => Link::Plain,
        })
    }

    /// A fact about this community's records (see the SQLite store's settings).
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        let Some(community) = self.reading() else {
            return Ok(None);
        };
        sqlx::query_scalar("SELECT value FROM settings WHERE community = $1 AND key = $2")
            .bind(community)
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| pg(e, "cannot read the settings"))
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        let community = self.own()?;
        sqlx::query(
            "INSERT INTO settings (community, key, value) VALUES ($1, $2, $3)
             ON CONFLICT (community, key) DO UPDATE SET value = excluded.value",
        )
        .bind(community)
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot record the settings"))?;
        Ok(())
    }

    /// How many responders this community has (a new one starts with the catalog's roster).
    pub async fn roster_size(&self) -> Result<i64, StoreError> {
        let community = self.own()?;
        sqlx::query_scalar("SELECT COUNT(*) FROM responders WHERE community = $1")
            .bind(community)
            .fetch_one(&self.pool)
            .await
            .map_err(|e| pg(e, "cannot read the roster"))
    }

    /// A pool of one connection of its own, kept apart from the desk's reads and writes (a
    /// listener holds its connection for as long as the desk runs).
    pub(crate) fn own_connection(&self) -> PgPool {
        PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(CONNECT_WAIT)
            .connect_lazy_with(self.options.clone())
    }
}
