//! The SQLite store: one file, WAL, `synchronous = FULL`, a busy timeout, foreign keys, and
//! every change in one `BEGIN IMMEDIATE` transaction so several processes can write safely.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::migrate::Migrator;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, Row, SqliteConnection, Transaction};

use super::rows::{CaseRow, EventRow, bind_changes, bind_new, millis};
use super::{
    Board, CaseFilter, Change, DiskTrouble, EventRecord, Imported, JoinChange, Shift, Store,
    StoreError,
};
use crate::catalog::Responder;
use crate::domain::lifecycle::Problem;
use crate::domain::{
    Action, Alert, Case, ClockKind, Event, Patrol, Report, Rules, joining, lifecycle,
};
pub(crate) use errors::{Context, classify};

mod backup;
mod errors;
pub(crate) mod export;
mod files;
mod import;
mod inotify;
mod joins;
mod links;
mod open311;
mod reads;
mod wal_index;
mod watch;

pub use files::known_version;
use files::{create_private, disk_full, inspect, must_be_a_file};
use import::import_attached;
pub use watch::Watcher;
use watch::claim;

static MIGRATOR: Migrator = sqlx::migrate!("src/store/sqlite/migrations");

/// Written into the file header by the first migration (`PRAGMA application_id`), so a
/// dutydesk database is known as one.
const APPLICATION_ID: i64 = 0x4444_534B; // "DDSK"
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, Clone)]
pub struct SqliteStore {
    pool: SqlitePool,
    path: PathBuf,
    /// Whether this process has checked the file before its first write (see `begin`).
    checked: Arc<AtomicBool>,
}

/// Files up to this size are checked (`PRAGMA quick_check`) before a process's first write:
/// milliseconds for a desk's file. A larger one relies on SQLite's own detection and the mark.
const QUICK_CHECK_UP_TO: u64 = 64 << 20;

/// How hard a commit waits for the disk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Durability {
    /// Every commit is on disk before it returns: the desk's records.
    Full,
    /// Commits do not wait for the disk: only for writing a demo's weeks of made-up history,
    /// which a crash would cost nothing but `dutydesk demo --fresh`.
    Bulk,
}

/// A freshly opened store, and whether the file was new (so the caller can seed it).
pub struct Opened {
    pub store: SqliteStore,
    pub created: bool,
}

/// What `SqliteStore::peek` found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Peek {
    pub cases: i64,
    pub setting: Option<String>,
}

/// What a file on disk is, found without writing to it.
enum Found {
    Empty,
    Dutydesk { version: i64 },
}

/// The settings that say where the file's records went, and when.
const MOVED_TO: &str = "moved_to";
const MOVED_AT: &str = "moved_at";

/// Where the file's records were moved, if they were.
async fn moved<'e, E: sqlx::SqliteExecutor<'e>>(
    conn: E,
) -> Result<Option<crate::store::Moved>, StoreError> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT t.value, (SELECT value FROM settings WHERE key = ?2)
         FROM settings t WHERE t.key = ?1",
    )
    .bind(MOVED_TO)
    .bind(MOVED_AT)
    .fetch_optional(conn)
    .await
    .context("cannot read the settings")?;
    Ok(row.map(|(to, at)| crate::store::Moved {
        to,
        at: at
            .and_then(|at| DateTime::parse_from_rfc3339(&at).ok())
            .map_or(DateTime::<Utc>::UNIX_EPOCH, |at| at.with_timezone(&Utc)),
    }))
}

impl SqliteStore {
    /// Opens (creating if missing, with mode 0600) the database at `path` and brings its schema
    /// up to date. A file that is not a dutydesk database, or one from a newer dutydesk, is
    /// refused and left byte-for-byte untouched.
    pub async fn open(path: &Path) -> Result<Opened, StoreError> {
        SqliteStore::open_with(path, Durability::Full).await
    }

    /// As `open`, choosing how hard each commit waits for the disk.
    pub async fn open_with(path: &Path, durability: Durability) -> Result<Opened, StoreError> {
        must_be_a_file(path)?;
        create_private(path)?;
        let found = inspect(path).await?;
        let synchronous = match durability {
            Durability::Full => SqliteSynchronous::Full,
            Durability::Bulk => SqliteSynchronous::Off,
        };
        let options = SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(synchronous)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true)
            // Memory held for weeks on a wall screen: a page cache of 1 MB and the queries the
            // desk makes (a few dozen) are enough; SQLite's and sqlx's defaults hold more.
            .pragma("cache_size", "-1024")
            .statement_cache_capacity(48);
        // The dashboard's store work runs one job at a time; two connections leave room for a
        // read beside a write, and each more is memory held for nothing.
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .connect_with(options)
            .await
            .context(&format!("cannot open {}", path.display()))?;
        let store = SqliteStore {
            pool,
            path: path.to_path_buf(),
            checked: Arc::new(AtomicBool::new(false)),
        };
        let behind = match found {
            Found::Empty => true,
            Found::Dutydesk { version } => version < known_version(),
        };
        if behind {
            store.migrate().await?;
        }
        Ok(Opened {
            store,
            created: matches!(found, Found::Empty),
        })
    }

    /// How many cases a file holds and the setting `key`, read without writing to it (no
    /// schema upgrade, nothing created): for deciding whether a file may be used, or
    /// removed, as something else's. A missing or empty file holds nothing.
    pub async fn peek(path: &Path, key: &str) -> Result<Peek, StoreError> {
        must_be_a_file(path)?;
        if !path.exists() {
            return Ok(Peek::default());
        }
        let version = match inspect(path).await? {
            Found::Empty => return Ok(Peek::default()),
            Found::Dutydesk { version } => version,
        };
        let options = SqliteConnectOptions::new().filename(path).read_only(true);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .context(&format!("cannot read {}", path.display()))?;
        let result = async {
            // Version 0: another process is creating the schema this moment; nothing in it yet.
            if version == 0 {
                return Ok(Peek::default());
            }
            let cases = sqlx::query_scalar("SELECT COUNT(*) FROM cases")
                .fetch_one(&mut conn)
                .await
                .context("cannot count the cases")?;
            let has_settings: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'settings'",
            )
            .fetch_one(&mut conn)
            .await
            .context("cannot read the schema")?;
            let setting = if has_settings == 0 {
                None
            } else {
                sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
                    .bind(key)
                    .fetch_optional(&mut conn)
                    .await
                    .context("cannot read the settings")?
            };
            Ok(Peek { cases, setting })
        }
        .await;
        let _ = conn.close().await;
        result
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        // Two processes opening a new file at once can race on the first migration; the loser
        // finds it applied on the second try.
        if MIGRATOR.run(&self.pool).await.is_err() {
            tokio::time::sleep(Duration::from_millis(50)).await;
            MIGRATOR.run(&self.pool).await.map_err(|e| StoreError::Db {
                context: format!("cannot prepare {}", self.path.display()),
                source: e.into(),
            })?;
        }
        Ok(())
    }

    /// Closes every connection; the last one checkpoints the WAL into the file and removes it,
    /// so the database file alone holds everything (a plain copy is then a full backup).
    pub async fn close(&self) {
        self.pool.close().await;
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The pool itself: for the reads written once for both engines (`store::history`), and
    /// the store's own tests of its query plans.
    pub(crate) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    /// The schema version the file is at.
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success")
            .fetch_one(&self.pool)
            .await
            .context("cannot read the schema version")
    }

    /// A fact about the file (see migration 0004), if recorded.
    pub async fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(key)
            .fetch_optional(&self.pool)
            .await
            .context("cannot read the settings")
    }

    pub async fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO settings (key, value) VALUES (?, ?)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        )
        .bind(key)
        .bind(value)
        .execute(&self.pool)
        .await
        .context("cannot record the settings")?;
        Ok(())
    }

    /// When the latest recorded event happened (a patrol counts too), if any.
    pub async fn latest_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        let ms: Option<i64> = sqlx::query_scalar(
            "SELECT MAX(at) FROM (SELECT MAX(at) AS at FROM events
                                  UNION ALL SELECT MAX(at) FROM patrols)",
        )
        .fetch_one(&self.pool)
        .await
        .context("cannot read the latest event")?;
        ms.map(super::rows::instant).transpose()
    }

    /// Copies every case, event, patrol and setting of another dutydesk database (the demo's history,
    /// written aside) into this one in a single transaction, so a screen watching this file
    /// sees them all at once, never half-written. Case numbers must not collide.
    pub async fn import(&self, other: &Path) -> Result<u64, StoreError> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot open a connection to import")?;
        sqlx::query("ATTACH DATABASE ? AS other")
            .bind(other.to_string_lossy().into_owned())
            .execute(&mut *conn)
            .await
            .context(&format!("cannot read {}", other.display()))?;
        let result = import_attached(&mut conn).await;
        let _ = sqlx::query("DETACH DATABASE other")
            .execute(&mut *conn)
            .await;
        result
    }

    /// SQLite's own integrity check: `ok`, or what is wrong.
    pub async fn integrity(&self) -> Result<String, StoreError> {
        let lines: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_all(&self.pool)
            .await
            .context("cannot check the database")?;
        Ok(lines.join("; "))
    }

    async fn begin(&self) -> Result<Transaction<'static, sqlx::Sqlite>, StoreError> {
        self.refuse_if_damaged().await?;
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .context("cannot start a change (is another program holding the database?)")
            .map_err(|e| disk_full(&self.path, e))?;
        // Read inside the write lock: a move that finished a moment ago is seen.
        if let Some(moved) = moved(&mut *tx).await? {
            return Err(StoreError::Moved(moved));
        }
        Ok(tx)
    }

    /// Marks the file moved to `to` at `at` (after `move-to`): reads go on, writes refuse.
    pub async fn mark_moved(&self, to: &str, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.set_setting(MOVED_TO, to).await?;
        self.set_setting(MOVED_AT, &at.to_rfc3339()).await
    }

    /// Beside the database, once it is found damaged: every later write refuses, in this
    /// process or another, until `dutydesk check` finds it whole again.
    fn damage_mark(&self) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push("-damaged");
        PathBuf::from(name)
    }

    /// Records that the file was found damaged (why, for the next one to read).
    pub fn mark_damaged(&self, why: &str) {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create(true).truncate(true);
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        if let Ok(mut file) = options.open(self.damage_mark()) {
            let _ = std::io::Write::write_all(&mut file, why.as_bytes());
        }
        tracing::error!(db = %self.path.display(), %why, "the database is damaged");
    }

    /// Clears the mark once the file is found whole (by `dutydesk check`).
    pub fn clear_damage_mark(&self) {
        let _ = std::fs::remove_file(self.damage_mark());
    }

    /// A write must not proceed on a file known or found to be damaged: the mark says it was;
    /// before this process's first write a small file is checked whole.
    async fn refuse_if_damaged(&self) -> Result<(), StoreError> {
        let damaged = |why: String| StoreError::Damaged {
            context: "starting a change".into(),
            why,
        };
        if let Ok(why) = std::fs::read_to_string(self.damage_mark()) {
            return Err(damaged(why));
        }
        let small = std::fs::metadata(&self.path).is_ok_and(|m| m.len() <= QUICK_CHECK_UP_TO);
        if small && !self.checked.swap(true, Ordering::Relaxed) {
            let found: Result<Vec<String>, StoreError> = sqlx::query_scalar("PRAGMA quick_check")
                .fetch_all(&self.pool)
                .await
                .context("checking the database");
            let why = match found {
                Ok(lines) if lines == ["ok"] => return Ok(()),
                Ok(lines) => lines.join("; "),
                Err(StoreError::Damaged { why, .. }) => why,
                Err(other) => return Err(other),
            };
            self.mark_damaged(&why);
            return Err(damaged(why));
        }
        Ok(())
    }

    async fn load(tx: &mut SqliteConnection, number: &str) -> Result<(i64, Case), StoreError> {
        let row: CaseRow = sqlx::query_as("SELECT * FROM cases WHERE number = ?")
            .bind(number)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot read the case")?
            .ok_or_else(|| StoreError::NoSuchCase(number.to_string()))?;
        let id = row.id;
        Ok((id, row.into_case()?))
    }

    async fn write_changes(
        tx: &mut SqliteConnection,
        id: i64,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let update = sqlx::query(
            "UPDATE cases SET tier = ?, state = ?, dispatched_at = ?, responder = ?,
                arrived_at = ?, arrival_how = ?, arrival_secs = ?, arrival_target_secs = ?,
                arrival_met = ?, called_up_to = ?, called_up_at = ?, call_up_received_at = ?,
                resolved_at = ?, resolution_note = ?, reporter_told = ?, reporter_satisfied = ?,
                verdict_note = ?, cancelled_at = ?, cancel_reason = ?, arrival_unrecorded = ?,
                joined_into = ?, joined_at = ?, joined_from = ?, report_count = ?, updated_at = ?
             WHERE id = ?",
        );
        bind_changes(update, case, now)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(foreign_key_hint)?;
        Ok(())
    }

    /// Opens a case numbered within `day`, inside the caller's transaction; gives its row id
    /// and the case.
    async fn insert_report(
        tx: &mut SqliteConnection,
        day: NaiveDate,
        report: &Report,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
        imported: Option<&Imported>,
    ) -> Result<(i64, Case), StoreError> {
        let day_code = day.format("%Y%m%d").to_string();
        let seq: i64 =
            sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE day = ?")
                .bind(&day_code)
                .fetch_one(&mut *tx)
                .await
                .context("cannot number the case")?;
        let number = format!("{day_code}-{seq:03}");
        let (case, events) = match imported {
            Some(item) => lifecycle::open_imported(number, report, &item.steps, rules, now)?,
            None => lifecycle::open(number, report, rules, now)?,
        };
        let import_key = imported.map(|item| item.key.as_str());
        let insert = sqlx::query(
            "INSERT INTO cases (number, day, seq, grid, category, channel, place, summary,
                reporter, phone, tier, state, reported_at, updated_at, import_key)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        );
        let id: i64 = bind_new(insert, &case, &day_code, seq, now, import_key)
            .fetch_one(&mut *tx)
            .await
            .context("cannot save the case")?
            .get(0);
        Self::write_changes(tx, id, &case, now).await?;
        for event in &events {
            Self::append(tx, id, event, actor, now).await?;
        }
        Ok((id, case))
    }

    async fn append(
        tx: &mut SqliteConnection,
        id: i64,
        event: &Event,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO events (case_id, at, recorded_at, actor, kind, details)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(millis(event.at))
        .bind(millis(now))
        .bind(actor)
        .bind(event.kind.code())
        .bind(event.details.to_string())
        .execute(&mut *tx)
        .await
        .context("cannot record the event")?;
        Ok(())
    }
}

/// A responder name the roster does not hold fails the foreign key: say it in those words.
fn foreign_key_hint(source: sqlx::Error) -> StoreError {
    let is_fk = source
        .as_database_error()
        .is_some_and(|e| e.message().contains("FOREIGN KEY"));
    if is_fk {
        StoreError::Invalid {
            field: "responder",
            problem: Problem::NotOnRosterAnymore,
        }
    } else {
        StoreError::Db {
            context: "cannot save the case".into(),
            source,
        }
    }
}

impl Store for SqliteStore {
    type Watcher = Watcher;

    async fn watcher(&self) -> Result<Watcher, StoreError> {
        Watcher::open(&self.path).await
    }

    fn found_damaged(&self, why: &str) {
        self.mark_damaged(why);
    }

    async fn report(
        &self,
        day: NaiveDate,
        report: &Report,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Case, StoreError> {
        let mut tx = self.begin().await?;
        let (_, case) = Self::insert_report(&mut tx, day, report, actor, now, rules, None).await?;
        tx.commit().await.context("cannot save the case")?;
        Ok(case)
    }

    async fn import_reports(
        &self,
        reports: &[Imported],
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Vec<Case>, StoreError> {
        let mut tx = self.begin().await?;
        let mut added = Vec::new();
        for item in reports {
            let known: bool =
                sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM cases WHERE import_key = ?)")
                    .bind(&item.key)
                    .fetch_one(&mut *tx)
                    .await
                    .context("cannot read the imported cases")?;
            if known {
                continue;
            }
            let (_, case) = Self::insert_report(
                &mut tx,
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
        tx.commit().await.context("cannot save the import")?;
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
        let mut tx = self.begin().await?;
        let (id, before) = Self::load(&mut tx, number).await?;
        let (next, event) = lifecycle::apply(&before, action, at, now, rules)?;
        Self::write_changes(&mut tx, id, &next, now).await?;
        Self::append(&mut tx, id, &event, actor, now).await?;
        if let Some(told) = joining::every_reporter_told(&before, &next) {
            sqlx::query(
                "UPDATE cases SET reporter_told = ?, updated_at = ?
                 WHERE joined_into = ? AND reporter_told <> ? AND reporter_satisfied IS NULL",
            )
            .bind(told)
            .bind(millis(now))
            .bind(number)
            .bind(told)
            .execute(&mut *tx)
            .await
            .context("cannot record telling every reporter")?;
        }
        // Read back as stored (times to the millisecond), so an undo can compare exactly.
        let (_, after) = Self::load(&mut tx, number).await?;
        tx.commit().await.context("cannot save the change")?;
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
        let mut tx = self.begin().await?;
        let change = Self::join_in(&mut tx, number, into, at, actor, now).await?;
        tx.commit().await.context("cannot save the join")?;
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
        let mut tx = self.begin().await?;
        let change = Self::split_in(&mut tx, number, back, at, actor, now).await?;
        tx.commit().await.context("cannot save the split")?;
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
        let mut tx = self.begin().await?;
        let change = Self::report_into_in(&mut tx, (day, report, into), actor, now, rules).await?;
        tx.commit().await.context("cannot save the report")?;
        Ok(change)
    }

    async fn case(&self, number: &str) -> Result<Case, StoreError> {
        let mut conn = self.pool.acquire().await.context("cannot read the case")?;
        Ok(Self::load(&mut conn, number).await?.1)
    }

    async fn timeline(&self, number: &str) -> Result<Vec<EventRecord>, StoreError> {
        let rows: Vec<EventRow> = sqlx::query_as(
            "SELECT e.at, e.recorded_at, e.actor, e.kind, e.details
             FROM events e JOIN cases c ON c.id = e.case_id
             WHERE c.number = ? ORDER BY e.id",
        )
        .bind(number)
        .fetch_all(&self.pool)
        .await
        .context("cannot read the timeline")?;
        rows.into_iter().map(EventRow::into_record).collect()
    }

    async fn cases(&self, filter: &CaseFilter) -> Result<Vec<Case>, StoreError> {
        let mut conn = self.pool.acquire().await.context("cannot list cases")?;
        reads::cases(&mut conn, filter).await
    }

    async fn responders(&self) -> Result<Vec<Responder>, StoreError> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot read the roster")?;
        reads::responders(&mut conn).await
    }

    async fn board(
        &self,
        today: NaiveDate,
        recent_from: DateTime<Utc>,
    ) -> Result<Board, StoreError> {
        // One read transaction: what the board shows is one moment of the file.
        let mut tx = self.pool.begin().await.context("cannot read the board")?;
        let open = CaseFilter {
            open_only: true,
            ..CaseFilter::default()
        };
        let recent = CaseFilter {
            from: Some(recent_from),
            ..CaseFilter::default()
        };
        let board = Board {
            open: reads::cases(&mut tx, &open).await?,
            links: links::open_links(&mut tx).await?,
            recent: reads::cases(&mut tx, &recent).await?,
            roster: reads::responders(&mut tx).await?,
            patrols: reads::patrols_on(&mut tx, today).await?,
            acknowledged: reads::acknowledged(&mut tx).await?,
        };
        tx.commit().await.context("cannot read the board")?;
        Ok(board)
    }

    async fn prune_alerts(&self, before: DateTime<Utc>) -> Result<u64, StoreError> {
        let mut tx = self.begin().await?;
        let closed = sqlx::query(
            // Driven from the claims (few), never from the closed cases (nearly all of them):
            // CROSS JOIN keeps that order whatever SQLite's statistics say.
            "DELETE FROM alerts WHERE rowid IN (
                 SELECT a.rowid FROM alerts a CROSS JOIN cases c ON c.number = a.case_number
                 WHERE c.state IN ('resolved', 'cancelled', 'joined') AND c.updated_at < ?)",
        )
        .bind(millis(before))
        .execute(&mut *tx)
        .await
        .context("cannot prune the alert claims")?
        .rows_affected();
        let superseded = sqlx::query(
            // Only the latest reminder of a case and kind is ever due again (`latest_due`);
            // a claim removes the earlier ones itself, this catches what a race left.
            "DELETE FROM alerts WHERE EXISTS (
                 SELECT 1 FROM alerts later
                 WHERE later.case_number = alerts.case_number AND later.kind = alerts.kind
                   AND later.seq > alerts.seq)",
        )
        .execute(&mut *tx)
        .await
        .context("cannot prune the alert claims")?
        .rows_affected();
        tx.commit().await.context("cannot prune the alert claims")?;
        Ok(closed + superseded)
    }

    async fn figures(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        day_ends: &[(String, i64)],
    ) -> Result<crate::domain::Figures, StoreError> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot count the figures")?;
        reads::figures(&mut conn, millis(from), millis(to), day_ends).await
    }

    async fn breakdown(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<crate::domain::breakdown::Breakdown, StoreError> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot count the figures")?;
        let scope = super::breakdown::scope(millis(from), millis(to), None);
        super::breakdown::read_breakdown!(conn, scope, |e| classify(e, "cannot count the figures"))
    }

    async fn record_handover(&self, shift: &Shift) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("INSERT INTO handovers (at, from_officer, to_officer) VALUES (?, ?, ?)")
            .bind(millis(shift.at))
            .bind(&shift.from)
            .bind(&shift.to)
            .execute(&mut *tx)
            .await
            .context("cannot record the handover")?;
        tx.commit().await.context("cannot record the handover")
    }

    async fn moved(&self) -> Result<Option<crate::store::Moved>, StoreError> {
        moved(&self.pool).await
    }

    async fn last_handover(&self) -> Result<Option<Shift>, StoreError> {
        let row: Option<(i64, String, String)> = sqlx::query_as(
            "SELECT at, from_officer, to_officer FROM handovers ORDER BY at DESC, id DESC LIMIT 1",
        )
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the last handover")?;
        row.map(|(at, from, to)| {
            Ok(Shift {
                at: super::rows::instant(at)?,
                from,
                to,
            })
        })
        .transpose()
    }

    async fn handovers(
        &self,
        _number: &str,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Shift>, StoreError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT at, from_officer, to_officer FROM handovers WHERE at >= ? AND at < ?
             ORDER BY at, id",
        )
        .bind(millis(from))
        .bind(millis(to))
        .fetch_all(&self.pool)
        .await
        .context("cannot read the handovers")?;
        rows.into_iter()
            .map(|(at, from, to)| {
                Ok(Shift {
                    at: super::rows::instant(at)?,
                    from,
                    to,
                })
            })
            .collect()
    }

    async fn add_responder(&self, r: &Responder) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let exists: bool =
            sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM responders WHERE name = ?)")
                .bind(&r.name)
                .fetch_one(&mut *tx)
                .await
                .context("cannot read the roster")?;
        if exists {
            return Err(StoreError::Invalid {
                field: "name",
                problem: Problem::AlreadyOnRoster(r.name.clone()),
            });
        }
        sqlx::query(
            "INSERT INTO responders (name, role, grid, phone, on_duty) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(&r.name)
        .bind(r.role.code())
        .bind(r.grid.map(i64::from))
        .bind(r.phone.as_deref())
        .bind(r.on_duty)
        .execute(&mut *tx)
        .await
        .context("cannot add to the roster")?;
        tx.commit().await.context("cannot add to the roster")
    }

    async fn record_patrol(&self, patrol: &Patrol, actor: &str) -> Result<(), StoreError> {
        let done = sqlx::query(
            "INSERT INTO patrols (grid, day, slot, at, findings, actor) VALUES (?, ?, ?, ?, ?, ?)
             ON CONFLICT (grid, day, slot) DO NOTHING",
        )
        .bind(i64::from(patrol.grid))
        .bind(patrol.day.to_string())
        .bind(patrol.slot.code())
        .bind(millis(patrol.at))
        .bind(i64::from(patrol.findings))
        .bind(actor)
        .execute(&self.pool)
        .await
        .context("cannot record the patrol")?
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

    async fn claim_alerts(
        &self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = self.pool.acquire().await.context("cannot record alerts")?;
        claim(&mut conn, alerts, by, now).await
    }

    async fn acknowledged(&self) -> Result<Vec<(String, ClockKind)>, StoreError> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot read the acknowledgements")?;
        reads::acknowledged(&mut conn).await
    }

    async fn patrols_on(&self, day: NaiveDate) -> Result<Vec<Patrol>, StoreError> {
        let mut conn = self
            .pool
            .acquire()
            .await
            .context("cannot read the patrols")?;
        reads::patrols_on(&mut conn, day).await
    }

    async fn set_on_duty(&self, name: &str, on_duty: bool) -> Result<(), StoreError> {
        let changed = sqlx::query("UPDATE responders SET on_duty = ? WHERE name = ?")
            .bind(on_duty)
            .bind(name)
            .execute(&self.pool)
            .await
            .context("cannot change the roster")?
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
