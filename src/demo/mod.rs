//! `dutydesk demo`: the dashboard on a demo database of its own, seeded from the scenario
//! (weeks of history, the article's cases, a few cases minutes old), with a simulator filing
//! new reports and following them up through the same desk calls as the command line.

pub mod proving;
mod random;
mod scenario;
mod simulator;

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};

pub use scenario::Scenario;
pub use simulator::{Simulator, Tally};

use crate::config::Config;
use crate::desk::{Desk, DeskError};
use crate::store::{Durability, SqliteStore};
use crate::timebase::Timebase;

/// The setting that marks a demo database, holding the seed it was made with.
pub const MARK: &str = "demo_seed";
/// The setting that says whether the history is in: the instant it runs up to while it is
/// still to be written, `written` once it is (a demo quit within a second gets it next time).
pub const HISTORY: &str = "demo_history";
const WRITTEN: &str = "written";
/// Who the simulator's events are recorded as.
pub const ACTOR: &str = "demo";

/// The demo's own database in the data directory, beside (never instead of) the real one.
pub fn default_path(data_dir: &Path) -> PathBuf {
    data_dir.join("demo.db")
}

fn bad(field: &'static str, problem: String) -> DeskError {
    DeskError::BadInput {
        field,
        problem: crate::domain::lifecycle::Problem::Argument(problem),
    }
}

/// A demo ready to run: the dashboard's desk, the simulator's (its own connections, so the
/// dashboard sees its changes as it would another process's), and where the clock starts.
pub struct Demo {
    pub desk: Desk,
    pub simulator_desk: Desk,
    pub simulator: Simulator,
    pub start: DateTime<Utc>,
    /// The database was seeded just now (rather than carried on).
    pub seeded: bool,
    /// The weeks before yesterday, still to write on a newly seeded database: the board is
    /// up while they go in.
    pub history: Option<History>,
}

/// The history still to write, and the instant it runs up to.
pub struct History {
    simulator: Simulator,
    until: DateTime<Utc>,
}

/// Opens the demo database at `db` (made and seeded if new or `fresh`), seeded with `seed`
/// (default: the scenario's). A file holding a real desk's records is refused, never touched.
pub async fn prepare(
    db: &Path,
    config: Config,
    fresh: bool,
    seed: Option<u64>,
    now: DateTime<Utc>,
) -> Result<Demo, DeskError> {
    // Looked at before anything is opened for writing: a real desk's file is not even
    // brought up to the current schema.
    let found = SqliteStore::peek(db, MARK).await?;
    if found.setting.is_none() && found.cases > 0 {
        return Err(refusal(db));
    }
    if fresh {
        remove_files(db)?;
    }
    // What the look found, unless --fresh just removed it.
    let marked = if fresh { None } else { found.setting };
    let desk = Desk::open(db, config.clone()).await?;
    let scenario = Scenario::load(desk.config.assets.demo.as_deref(), &desk.catalog)?;
    let marked_seed = marked.and_then(|s| s.parse::<u64>().ok());
    let (simulator, start, history) = match marked_seed {
        Some(made_with) if seed.is_some_and(|s| s != made_with) => {
            desk.close().await;
            return Err(bad(
                "--seed",
                format!(
                    "{} was made with seed {made_with}; add --fresh to start it over with another",
                    db.display()
                ),
            ));
        }
        Some(seed) => {
            // Carry on where the last run left off, never before it (times only go forward).
            let start = desk.latest_at().await?.map_or(now, |t| t.max(now));
            let pending = desk.setting(HISTORY).await?;
            let history = pending
                .and_then(|p| DateTime::parse_from_rfc3339(&p).ok())
                .map(|until| History::new(&scenario, &desk, seed, until.into()));
            let sim = Simulator::resume(scenario, &desk, seed, start);
            (sim, start, history)
        }
        None => {
            let seed = seed.unwrap_or(scenario.seed);
            desk.set_setting(MARK, &seed.to_string()).await?;
            desk.set_setting(HISTORY, &now.to_rfc3339()).await?;
            let history = History::new(&scenario, &desk, seed, now);
            let mut recent = Simulator::fresh(scenario, &desk, seed, now);
            fill(db, &config, &mut recent, now).await?;
            (recent, now, Some(history))
        }
    };
    let seeded = marked_seed.is_none();
    let simulator_desk = Desk::open(db, config).await?.with_actor(ACTOR);
    Ok(Demo {
        desk,
        simulator_desk,
        simulator,
        start,
        seeded,
        history,
    })
}

impl History {
    fn new(scenario: &Scenario, desk: &Desk, seed: u64, until: DateTime<Utc>) -> History {
        History {
            simulator: Simulator::history(scenario.clone(), desk, seed, until),
            until,
        }
    }

    /// Writes the weeks of history beside the demo database, then copies them in at once,
    /// with the setting that says so: a screen on the demo never sees weeks-old cases half-way
    /// through (and alerting), and a history is never copied in twice.
    pub async fn write(mut self, desk: &Desk) -> Result<(), DeskError> {
        let mut aside = desk.own_file("the demo")?.as_os_str().to_owned();
        aside.push(".history");
        let aside = PathBuf::from(aside);
        remove_files(&aside)?;
        let copied = match fill(&aside, &desk.config, &mut self.simulator, self.until).await {
            Ok(()) => mark_written(&aside).await,
            Err(e) => Err(e),
        };
        let copied = match copied {
            Ok(()) => desk.import(&aside).await,
            Err(e) => Err(e),
        };
        remove_files(&aside)?;
        copied.map(|_| ())
    }
}

async fn mark_written(aside: &Path) -> Result<(), DeskError> {
    let opened = SqliteStore::open(aside).await?;
    let marked = opened.store.set_setting(HISTORY, WRITTEN).await;
    opened.store.close().await;
    Ok(marked?)
}

/// Carries out a simulator's work up to `until` on connections that do not wait for the disk:
/// made-up seeding, which a crash would cost only `--fresh`. Its queue keeps what falls later.
pub async fn fill(
    db: &Path,
    config: &Config,
    simulator: &mut Simulator,
    until: DateTime<Utc>,
) -> Result<(), DeskError> {
    let started = std::time::Instant::now();
    let before = simulator.tally.reports;
    let desk = Desk::open_with(db, config.clone(), Durability::Bulk)
        .await?
        .with_actor(ACTOR);
    let result = simulator.run_until(&desk, until).await;
    desk.close().await;
    result?;
    tracing::info!(
        cases = simulator.tally.reports - before,
        ms = started.elapsed().as_millis(),
        "demo cases written"
    );
    Ok(())
}

fn refusal(db: &Path) -> DeskError {
    bad(
        "--db",
        format!(
            "{} holds a desk's own records, not a demo; the demo never writes into them. \
             Leave out --db (the demo keeps its own database), or give a new file",
            db.display()
        ),
    )
}

/// Removes a database file and its WAL companions, if there.
fn remove_files(db: &Path) -> Result<(), DeskError> {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = db.as_os_str().to_owned();
        name.push(suffix);
        let path = PathBuf::from(name);
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                return Err(bad(
                    "file",
                    format!("cannot remove {}: {e}", path.display()),
                ));
            }
        }
    }
    Ok(())
}

/// The simulator at work on its own task beside the dashboard: first the history (if any),
/// then the live demo on `time`.
pub struct Running {
    stop: tokio::sync::oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Running {
    pub fn start(
        mut simulator: Simulator,
        desk: Desk,
        history: Option<History>,
        time: Timebase,
    ) -> Running {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let work = async {
                if let Some(history) = history
                    && let Err(e) = history.write(&desk).await
                {
                    tracing::warn!(error = %e, "demo history not written");
                }
                drive(&mut simulator, &desk, time, None).await;
            };
            tokio::select! {
                () = work => {}
                _ = stopped => {}
            }
            desk.close().await;
        });
        Running { stop, task }
    }

    /// Stops the simulator (a write in progress is rolled back) and closes its connections.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }
}

/// Runs the simulator on `time` until `until` (for ever with `None`): whatever falls due is
/// carried out, then it sleeps until the next thing. A store failure (the database busy) is
/// logged and tried again a second later.
pub async fn drive(
    simulator: &mut Simulator,
    desk: &Desk,
    time: Timebase,
    until: Option<DateTime<Utc>>,
) {
    loop {
        let now = time.now();
        let upto = until.map_or(now, |u| now.min(u));
        let wait = match simulator.run_until(desk, upto).await {
            Ok(()) => {
                if until.is_some_and(|u| upto >= u) {
                    return;
                }
                let next = match (simulator.next_at(), until) {
                    (Some(next), Some(u)) => next.min(u),
                    (Some(next), None) => next,
                    (None, Some(u)) => u,
                    (None, None) => return,
                };
                time.real_wait_until(next)
            }
            Err(e) => {
                tracing::warn!(error = %e, "demo simulator: trying again in a second");
                Duration::from_secs(1)
            }
        };
        tokio::time::sleep(wait.max(Duration::from_millis(1))).await;
    }
}
