//! The desk: every command the command line and the dashboard give goes through here. It
//! checks codes against the catalog and the roster (`checks`), then hands the change to the
//! store, which asks the domain whether the lifecycle allows it. Reads are in `reads`, opening
//! in `open`, who signs in `signer`, what only one engine can do in `engine`.

mod checks;
mod engine;
mod errors;
pub mod handover;
pub mod import;
pub mod links;
mod open;
pub mod open311;
mod reads;
pub mod said;
mod signer;
pub mod suggest;

use chrono::{DateTime, Utc};

use crate::catalog::{Catalog, Responder};
use crate::config::Config;
use crate::domain::lifecycle::Problem;
use crate::domain::{Action, Case, Patrol, PatrolSlot, Report};
use crate::store::{Change, Db, DbWatcher, JoinChange, Shift, Store, StoreError};

use checks::check_name;
pub use checks::{check_grid, check_new_responder, find_category, suggested_tier};
pub use errors::DeskError;
use errors::bad;
pub use reads::{CaseHistory, Snapshot, Stats};
use signer::Signer;

pub struct Desk {
    pub store: Db,
    pub catalog: Catalog,
    pub config: Config,
    signer: std::sync::Mutex<Signer>,
}

impl Desk {
    /// A watcher of other processes' commits, for the dashboard.
    pub async fn watcher(&self) -> Result<DbWatcher, DeskError> {
        Ok(self.store.watcher().await?)
    }

    pub fn new(store: Db, catalog: Catalog, config: Config) -> Self {
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

    pub async fn report(&self, report: &Report, now: DateTime<Utc>) -> Result<Case, DeskError> {
        let day = self.check_report(report).await?;
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

    /// Takes a report of a matter already open in case `into`: kept as one of its reports,
    /// with no countdown of its own.
    pub async fn report_into(
        &self,
        report: &Report,
        into: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, DeskError> {
        if report.on_scene.is_some() {
            return Err(bad(
                "same-as",
                Problem::Argument(
                    "a patrol finding with someone on the scene is a case of its own; drop --same-as or --on-scene".into(),
                ),
            ));
        }
        let day = self.check_report(report).await?;
        let rules = self.config.rules();
        Ok(self
            .store
            .report_into(day, report, into, &self.actor(), now, &rules)
            .await?)
    }

    /// A report's grid, category and responder on the scene checked against the catalog and
    /// the roster; gives the local day it is numbered in.
    pub(crate) async fn check_report(
        &self,
        report: &Report,
    ) -> Result<chrono::NaiveDate, DeskError> {
        self.check_grid(report.grid)?;
        self.suggested_tier(&report.category)?;
        if let Some(name) = &report.on_scene {
            self.check_responder(name).await?;
        }
        Ok(self.local_day(report.at))
    }

    /// Joins open case `number` into `into`, the case of the same matter.
    pub async fn join(
        &self,
        number: &str,
        into: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, DeskError> {
        Ok(self
            .store
            .join(number, into, now, &self.actor(), now)
            .await?)
    }

    /// Splits a joined report out of its case again, with `back` (an undo of its join).
    pub async fn split(
        &self,
        number: &str,
        back: &[String],
        now: DateTime<Utc>,
    ) -> Result<JoinChange, DeskError> {
        Ok(self
            .store
            .split(number, back, now, &self.actor(), now)
            .await?)
    }

    /// Opens a case for every row of a CSV file not imported before, all or nothing; gives
    /// the cases opened.
    pub async fn import_csv(
        &self,
        bytes: &[u8],
        now: DateTime<Utc>,
    ) -> Result<Vec<Case>, DeskError> {
        let text = crate::desk::import::decode(bytes).map_err(|reason| {
            DeskError::BadRows(vec![crate::desk::import::BadRow {
                line: 1,
                column: "-".into(),
                reason,
            }])
        })?;
        let rules = self.config.rules();
        let rows = crate::desk::import::read(&text, &self.catalog, &self.targets(), &rules, now)
            .map_err(DeskError::BadRows)?;
        Ok(self
            .store
            .import_reports(&rows, &self.actor(), now, &rules)
            .await?)
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
}
