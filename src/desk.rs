//! The desk: every command the CLI and the dashboard give goes through here. It checks codes
//! against the catalog and the roster, then hands the change to the store (which asks the
//! domain whether the lifecycle allows it).

use std::path::Path;

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::catalog::{Catalog, Kind, KindMiss, Responder};
use crate::config::Config;
use crate::domain::lifecycle::Problem;
use crate::domain::{Action, Case, ClockKind, Figures, Patrol, PatrolSlot, Report, Targets};
use crate::store::{
    CaseFilter, Change, Db, Durability, EventRecord, Location, PgStore, Shift, SqliteStore, Store,
    StoreError,
};
use crate::tomlfile::FileError;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("{field}: {problem}")]
    BadInput {
        field: &'static str,
        problem: Problem,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] FileError),
    /// A file to import with bad rows: every one, so all can be mended at once.
    #[error(
        "{} bad {} in the file; nothing was imported. Mend {} and import again:\n{}",
        .0.len(),
        if .0.len() == 1 { "row" } else { "rows" },
        if .0.len() == 1 { "it" } else { "them" },
        .0.iter().map(|b| format!("  {b}")).collect::<Vec<_>>().join("\n")
    )]
    BadRows(Vec<crate::import::BadRow>),
}

impl DeskError {
    /// Bad input (exit 2) as opposed to a failure of the machine or the files (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            // A config's asset file that cannot be used is the config's problem.
            DeskError::BadInput { .. }
                | DeskError::File(_)
                | DeskError::BadRows(_)
                | DeskError::Store(
                    StoreError::Domain(_)
                        | StoreError::NoSuchCase(_)
                        | StoreError::Invalid { .. }
                        | StoreError::NotAFile { .. }
                        | StoreError::Moved(_)
                )
        )
    }
}

fn bad(field: &'static str, problem: Problem) -> DeskError {
    DeskError::BadInput { field, problem }
}

/// The figures screen: today's, and the last 30 days' with their breakdown.
#[derive(Debug, Clone, PartialEq)]
pub struct Stats {
    pub today: Figures,
    pub month: Figures,
    pub breakdown: crate::domain::breakdown::Breakdown,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// One case whole: its record, its timeline, and the shift handovers while it was open.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseHistory {
    pub case: Case,
    pub events: Vec<EventRecord>,
    pub shifts: Vec<Shift>,
}

/// What the dashboard shows, as read from the store at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub open: Vec<Case>,
    /// Cases reported since the start of yesterday, open or not: the closed ones are where
    /// the officer finds a case to reopen.
    pub recent: Vec<Case>,
    pub today: Figures,
    pub day: NaiveDate,
    pub roster: Vec<Responder>,
    pub patrols: Vec<Patrol>,
    /// Open cases whose alerts someone acknowledged, and for which clock.
    pub acknowledged: Vec<(String, ClockKind)>,
    /// The officer on duty (the last handover's), when anyone is named.
    pub officer: Option<String>,
    /// Where this file's records were moved, when they were: the board says so, writes refuse.
    pub moved: Option<crate::store::Moved>,
}

pub struct Desk<S = Db> {
    pub store: S,
    pub catalog: Catalog,
    pub config: Config,
    signer: std::sync::Mutex<Signer>,
}

/// Who signs this desk's records: the officer the last recorded handover named, else the
/// config's (or the login's). A handover changes who signs at once, on the dashboard and on
/// every command run after it: the audit trail never blames the shift that went home.
#[derive(Debug, Clone)]
struct Signer {
    officer: Option<String>,
    /// The demo's simulated colleagues sign as themselves, whatever was handed over.
    pinned: bool,
}

impl Desk<Db> {
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

    /// Opens the database file at `db` (created if missing; a new one gets the catalog's roster).
    pub async fn open(db: &Path, config: Config) -> Result<Self, DeskError> {
        Desk::open_with(db, config, Durability::Full).await
    }

    /// Opens wherever `location` says: a file, or the shared database as the config's
    /// community (or the sub-district).
    pub async fn open_at(location: &Location, config: Config) -> Result<Self, DeskError> {
        match location {
            Location::File(path) => Desk::open(path, config).await,
            Location::Postgres(url) => Desk::open_shared(url, config).await,
        }
    }

    /// The shared database, as the desk the config names; a community new to it starts
    /// with the catalog's roster.
    pub async fn open_shared(url: &str, config: Config) -> Result<Self, DeskError> {
        let catalog = Catalog::load(&config.assets)?;
        let scope = config.scope().ok_or_else(|| {
            DeskError::Store(StoreError::Shared(
                "a shared database needs to know whose desk this is: set `code = \"…\"` (the community's code) or `sub_district = true` under `[community]` in the config".into(),
            ))
        })?;
        let store = PgStore::open(url, scope.clone()).await?;
        if let crate::store::Scope::Community(_) = scope
            && store.roster_size().await? == 0
        {
            for responder in &catalog.roster {
                // Another desk of the community seeding at the same moment: either is right.
                match store.add_responder(responder).await {
                    Ok(()) | Err(StoreError::Invalid { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        let desk = Desk::new(Db::Postgres(Box::new(store)), catalog, config);
        desk.settle_officer().await?;
        Ok(desk)
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
    pub async fn overview(
        &self,
        now: DateTime<Utc>,
    ) -> Result<crate::store::postgres::Overview, DeskError> {
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

    /// As `open`, choosing how hard commits wait for the disk (see `Durability`).
    pub async fn open_with(
        db: &Path,
        config: Config,
        durability: Durability,
    ) -> Result<Self, DeskError> {
        let catalog = Catalog::load(&config.assets)?;
        if !db.exists() {
            create(db, &catalog).await?;
        }
        let opened = SqliteStore::open_with(db, durability).await?;
        let desk = Desk::new(Db::Sqlite(opened.store), catalog, config);
        if opened.created {
            // An empty file found in place (made by hand, or by an older dutydesk).
            for responder in &desk.catalog.roster {
                desk.store.add_responder(responder).await?;
            }
        }
        desk.settle_officer().await?;
        Ok(desk)
    }
}

/// The kind a category as typed names (code, either name, or a piece only it has); a typed
/// category that names none, or several, is bad input that names the fix.
pub fn find_category<'c>(catalog: &'c Catalog, typed: &str) -> Result<&'c Kind, DeskError> {
    catalog.find_kind(typed).map_err(|miss| {
        let typed = typed.to_string();
        let problem = match miss {
            KindMiss::Several(matches) => Problem::SeveralCategories { typed, matches },
            KindMiss::Unknown(nearest) => Problem::UnknownCategory { typed, nearest },
        };
        bad("category", problem)
    })
}

/// The tier a category suggests; an unknown category is bad input that names the fix.
pub fn suggested_tier(catalog: &Catalog, category: &str) -> Result<crate::domain::Tier, DeskError> {
    find_category(catalog, category).map(|k| k.tier)
}

pub fn check_grid(catalog: &Catalog, grid: u8) -> Result<(), DeskError> {
    if catalog.grid(grid).is_some() {
        return Ok(());
    }
    let allowed = catalog.grids.iter().map(|g| g.number).collect();
    Err(bad("grid", Problem::NoSuchGrid { grid, allowed }))
}

/// What can be known of a responder before the database exists: a new one starts with the
/// catalog's roster.
pub fn check_new_responder(responder: &Responder, catalog: &Catalog) -> Result<(), DeskError> {
    check_name(&responder.name)?;
    if let Some(grid) = responder.grid {
        check_grid(catalog, grid)?;
    }
    if let Some(phone) = &responder.phone {
        crate::domain::lifecycle::check_phone(phone).map_err(StoreError::from)?;
    }
    if catalog.roster.iter().any(|r| r.name == responder.name) {
        return Err(DeskError::Store(StoreError::Invalid {
            field: "name",
            problem: Problem::AlreadyOnRoster(responder.name.clone()),
        }));
    }
    Ok(())
}

fn check_name(name: &str) -> Result<(), DeskError> {
    let max = crate::domain::lifecycle::longest("name");
    if name.trim().is_empty() {
        Err(bad("name", Problem::Empty))
    } else if name.chars().count() > max {
        Err(bad("name", Problem::TooLong { max }))
    } else {
        Ok(())
    }
}

/// Makes a new database in one race-free step: built whole (schema, the catalog's roster)
/// under a name of its own beside `db`, closed, then linked into place. Of several processes
/// creating the same database at once, one link wins; the others find it whole and use it.
async fn create(db: &Path, catalog: &Catalog) -> Result<(), DeskError> {
    static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut name = db.as_os_str().to_owned();
    name.push(format!(
        ".new-{}-{}",
        std::process::id(),
        MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let building = std::path::PathBuf::from(name);
    let result = async {
        let opened = SqliteStore::open_with(&building, Durability::Full).await?;
        for responder in &catalog.roster {
            opened.store.add_responder(responder).await?;
        }
        // Closing checkpoints the WAL into the file: what is linked is the whole database.
        opened.store.close().await;
        match std::fs::hard_link(&building, db) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(DeskError::Store(StoreError::Io {
                context: format!("cannot create {}", db.display()),
                source: e,
            })),
        }
    }
    .await;
    for suffix in ["", "-wal", "-shm"] {
        let mut leftover = building.as_os_str().to_owned();
        leftover.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(leftover));
    }
    result
}

impl<S: Store> Desk<S> {
    /// A watcher of other processes' commits, for the dashboard.
    pub async fn watcher(&self) -> Result<S::Watcher, DeskError> {
        Ok(self.store.watcher().await?)
    }

    pub fn new(store: S, catalog: Catalog, config: Config) -> Self {
        let signer = Signer {
            officer: config.officer(),
            pinned: false,
        };
        Desk {
            store,
            catalog,
            config,
            signer: std::sync::Mutex::new(signer),
        }
    }

    fn signer(&self) -> Signer {
        self.signer
            .lock()
            .map(|s| s.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    fn sign_as(&self, officer: &str) {
        let mut signer = self
            .signer
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if !signer.pinned {
            signer.officer = Some(officer.to_string());
        }
    }

    /// The officer on duty, if anyone is named: the last handover's, else the config's.
    pub fn officer(&self) -> Option<String> {
        self.signer().officer
    }

    /// The name this desk's records are signed with now.
    pub fn actor(&self) -> String {
        self.officer().unwrap_or_else(|| "duty desk".to_string())
    }

    /// Takes in the last recorded handover (this desk's, or another desk's of the same
    /// community): whoever it named signs from now on. Gives the officer on duty.
    pub async fn settle_officer(&self) -> Result<Option<String>, DeskError> {
        if let Some(shift) = self.store.last_handover().await? {
            self.sign_as(&shift.to);
        }
        Ok(self.officer())
    }

    /// The same desk signing its events as `actor` (the demo's simulator signs "demo").
    pub fn with_actor(self, actor: &str) -> Self {
        if let Ok(mut signer) = self.signer.lock() {
            *signer = Signer {
                officer: Some(actor.to_string()),
                pinned: true,
            };
        }
        self
    }

    pub fn targets(&self) -> Targets {
        self.config.targets()
    }

    pub async fn report(&self, report: &Report, now: DateTime<Utc>) -> Result<Case, DeskError> {
        self.check_grid(report.grid)?;
        self.suggested_tier(&report.category)?;
        if let Some(name) = &report.on_scene {
            self.check_responder(name).await?;
        }
        let day = self.local_day(report.at);
        Ok(self
            .store
            .report(day, report, &self.actor(), now, &self.config.rules())
            .await?)
    }

    pub async fn act(
        &self,
        number: &str,
        action: &Action,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Change, DeskError> {
        match action {
            Action::Dispatch { responder, .. } => self.check_responder(responder).await?,
            Action::Escalate { body, .. } if self.catalog.body(body).is_none() => {
                return Err(bad("body", Problem::UnknownBody(body.clone())));
            }
            _ => {}
        }
        Ok(self
            .store
            .act(number, action, at, &self.actor(), now, &self.config.rules())
            .await?)
    }

    /// A case, its timeline and the shifts that held it, as `show` and the dashboard's
    /// detail give them.
    pub async fn case_history(
        &self,
        number: &str,
        now: DateTime<Utc>,
    ) -> Result<CaseHistory, DeskError> {
        let (case, events) = self.case_with_timeline(number).await?;
        let shifts = self.shifts_of(&case, now).await?;
        Ok(CaseHistory {
            case,
            events,
            shifts,
        })
    }

    /// A case and its timeline.
    pub async fn case_with_timeline(
        &self,
        number: &str,
    ) -> Result<(Case, Vec<EventRecord>), DeskError> {
        let read = async {
            let case = self.store.case(number).await?;
            let events = self.store.timeline(number).await?;
            Ok((case, events))
        };
        self.noted(read.await)
    }

    pub async fn cases(&self, filter: &CaseFilter) -> Result<Vec<Case>, DeskError> {
        if let Some(grid) = filter.grid {
            self.check_grid(grid)?;
        }
        self.noted(self.store.cases(filter).await.map_err(DeskError::from))
    }

    /// A read that found the file damaged tells the store, so that no write follows it.
    fn noted<T>(&self, result: Result<T, DeskError>) -> Result<T, DeskError> {
        if let Err(DeskError::Store(StoreError::Damaged { why, .. })) = &result {
            self.store.found_damaged(why);
        }
        result
    }

    /// The figures of the local days `from..=to` broken down.
    pub async fn breakdown(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<crate::domain::breakdown::Breakdown, DeskError> {
        if to < from {
            return Err(bad("to", Problem::ToBeforeFrom { from, to }));
        }
        let targets = self.targets();
        let start = targets.start_of_local_day(from);
        let end = targets.start_of_local_day(to + Days::new(1));
        self.noted(
            self.store
                .breakdown(start, end)
                .await
                .map_err(DeskError::from),
        )
    }

    /// The seed's figures for cases reported on the local days `from..=to`.
    pub async fn figures(&self, from: NaiveDate, to: NaiveDate) -> Result<Figures, DeskError> {
        if to < from {
            return Err(bad("to", Problem::ToBeforeFrom { from, to }));
        }
        let targets = self.targets();
        // Each local day of the period and the instant it ends, for "resolved the same day".
        let day_ends: Vec<(String, i64)> = from
            .iter_days()
            .take_while(|d| *d <= to)
            .map(|d| {
                let end = targets.start_of_local_day(d + Days::new(1));
                // As the store writes a case's day: `YYYYMMDD`, the first part of its number.
                (d.format("%Y%m%d").to_string(), end.timestamp_millis())
            })
            .collect();
        let start = targets.start_of_local_day(from);
        let end = targets.start_of_local_day(to + Days::new(1));
        self.noted(
            self.store
                .figures(start, end, &day_ends)
                .await
                .map_err(DeskError::from),
        )
    }

    /// Opens a case for every row of a CSV file not imported before, all or nothing; gives
    /// the cases opened.
    pub async fn import_csv(
        &self,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Vec<Case>, DeskError> {
        let text = crate::import::decode(bytes).map_err(|reason| {
            DeskError::BadRows(vec![crate::import::BadRow {
                line: 1,
                column: "-".into(),
                reason,
            }])
        })?;
        let rules = self.config.rules();
        let rows = crate::import::read(&text, &self.catalog, &self.targets(), &rules, now)
            .map_err(DeskError::BadRows)?;
        Ok(self
            .store
            .import_reports(&rows, &self.actor(), now, &rules)
            .await?)
    }

    /// The cases reported on the local days `from` to `to` (included).
    pub async fn cases_between(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<Vec<Case>, DeskError> {
        if to < from {
            return Err(bad("to", Problem::ToBeforeFrom { from, to }));
        }
        let targets = self.targets();
        self.cases(&CaseFilter {
            from: Some(targets.start_of_local_day(from)),
            to: Some(targets.start_of_local_day(to + Days::new(1))),
            ..CaseFilter::default()
        })
        .await
    }

    /// Records grid `grid`'s patrol in `slot` of the local day of `at`.
    pub async fn patrol(
        &self,
        grid: u8,
        slot: PatrolSlot,
        findings: u32,
        at: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Patrol, DeskError> {
        self.check_grid(grid)?;
        if at > now {
            return Err(bad("time", Problem::InFuture(at)));
        }
        if at < crate::domain::lifecycle::EARLIEST {
            return Err(bad("time", Problem::TooEarly(at)));
        }
        let patrol = Patrol {
            grid,
            day: self.local_day(at),
            slot,
            at,
            findings,
        };
        self.store.record_patrol(&patrol, &self.actor()).await?;
        Ok(patrol)
    }

    /// Everything the dashboard shows, read in one go.
    /// The figures screen at `now`: today, and the 30 days ending today.
    pub async fn stats(&self, now: DateTime<Utc>) -> Result<Stats, DeskError> {
        let to = self.local_day(now);
        let from = to - Days::new(29);
        Ok(Stats {
            today: self.figures(to, to).await?,
            month: self.figures(from, to).await?,
            breakdown: self.breakdown(from, to).await?,
            from,
            to,
        })
    }

    /// The handover sheet at `now`, from live clocks.
    pub async fn handover(
        &self,
        now: DateTime<Utc>,
    ) -> Result<crate::handover::Handover, DeskError> {
        let snapshot = self.snapshot(now).await?;
        let mut notes = std::collections::HashMap::new();
        for case in snapshot
            .open
            .iter()
            .filter(|c| c.tier == crate::domain::Tier::Medium)
        {
            let timeline = self.store.timeline(&case.number).await?;
            let last = timeline
                .iter()
                .filter(|e| e.kind == crate::domain::EventKind::Noted)
                .filter(|e| e.details["public"].as_bool() == Some(true))
                .map(|e| e.at)
                .max();
            if let Some(at) = last {
                notes.insert(case.number.clone(), at);
            }
        }
        let grids: Vec<u8> = self.catalog.grids.iter().map(|g| g.number).collect();
        Ok(crate::handover::build(
            &snapshot,
            &notes,
            &grids,
            &self.targets(),
            &self.config.alert_rules(),
            now,
        ))
    }

    /// Records that this desk's shift (its officer) handed over to `to` at `now`.
    pub async fn hand_over(&self, to: &str, now: DateTime<Utc>) -> Result<Shift, DeskError> {
        let to = to.trim();
        let max = crate::domain::lifecycle::longest("name");
        if to.is_empty() {
            return Err(bad("to", Problem::Empty));
        }
        if to.chars().count() > max {
            return Err(bad("to", Problem::TooLong { max }));
        }
        let shift = Shift {
            at: now,
            from: self.actor(),
            to: to.to_string(),
        };
        self.store.record_handover(&shift).await?;
        self.sign_as(&shift.to);
        Ok(shift)
    }

    /// The handovers while a case was open (from its report to its closing, or now).
    pub async fn shifts_of(
        &self,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Result<Vec<Shift>, DeskError> {
        let end = case
            .resolution
            .as_ref()
            .map(|r| r.at)
            .or(case.cancellation.as_ref().map(|c| c.at))
            .unwrap_or(now);
        Ok(self
            .store
            .handovers(
                &case.number,
                case.reported_at,
                end + chrono::Duration::milliseconds(1),
            )
            .await?)
    }

    pub async fn snapshot(&self, now: DateTime<Utc>) -> Result<Snapshot, DeskError> {
        let read = self.read_snapshot(now).await;
        self.noted(read)
    }

    async fn read_snapshot(&self, now: DateTime<Utc>) -> Result<Snapshot, DeskError> {
        let targets = self.targets();
        let today = self.local_day(now);
        let start_of_today = targets.start_of_local_day(today);
        let board = self
            .store
            .board(today, targets.start_of_local_day(today - Days::new(1)))
            .await?;
        let reported_today: Vec<Case> = board
            .recent
            .iter()
            .filter(|c| c.reported_at >= start_of_today)
            .cloned()
            .collect();
        Ok(Snapshot {
            open: board.open,
            recent: board.recent,
            today: Figures::of(&reported_today, &targets),
            day: today,
            roster: board.roster,
            patrols: board.patrols,
            acknowledged: board.acknowledged,
            officer: self.settle_officer().await?,
            moved: self.store.moved().await?,
        })
    }

    /// Who can be dispatched, as the roster holds them now.
    pub async fn roster(&self) -> Result<Vec<Responder>, DeskError> {
        Ok(self.store.responders().await?)
    }

    /// One case as stored.
    pub async fn case(&self, number: &str) -> Result<Case, DeskError> {
        Ok(self.store.case(number).await?)
    }

    /// Puts someone on or off duty.
    pub async fn set_on_duty(&self, name: &str, on_duty: bool) -> Result<(), DeskError> {
        Ok(self.store.set_on_duty(name, on_duty).await?)
    }

    pub async fn add_responder(&self, responder: &Responder) -> Result<(), DeskError> {
        check_name(&responder.name)?;
        if let Some(grid) = responder.grid {
            self.check_grid(grid)?;
        }
        // One rule for every phone: a responder's as a reporter's.
        if let Some(phone) = &responder.phone {
            crate::domain::lifecycle::check_phone(phone).map_err(StoreError::from)?;
        }
        Ok(self.store.add_responder(responder).await?)
    }

    /// The tier the category suggests; an unknown category is bad input that names the fix.
    pub fn suggested_tier(&self, category: &str) -> Result<crate::domain::Tier, DeskError> {
        suggested_tier(&self.catalog, category)
    }

    pub fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.config.time_zone.0).date_naive()
    }

    pub fn check_grid(&self, grid: u8) -> Result<(), DeskError> {
        check_grid(&self.catalog, grid)
    }

    async fn check_responder(&self, name: &str) -> Result<(), DeskError> {
        let roster = self.store.responders().await?;
        if roster.iter().any(|r| r.name == name) {
            return Ok(());
        }
        Err(bad("responder", Problem::NotOnRoster(name.to_string())))
    }
}
