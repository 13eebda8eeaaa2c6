//! What the dashboard and the command line read: the board's snapshot, a case's history, the
//! figures and the handover sheet, each at one moment.

use chrono::{DateTime, Days, NaiveDate, Utc};

use crate::catalog::Responder;
use crate::domain::{Case, ClockKind, Figures, Patrol, Targets};
use crate::store::{CaseFilter, EventRecord, Shift, Store, StoreError};

use super::errors::bad;
use super::{Desk, DeskError};
use crate::domain::lifecycle::Problem;

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
    /// The reports joined into it (the same matter), oldest first.
    pub reports: Vec<Case>,
}

/// What the dashboard shows, as read from the store at one moment.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    pub open: Vec<Case>,
    /// The responders' links of open cases: who has not answered, who asked for help.
    pub links: Vec<crate::domain::links::Link>,
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
    /// Open cases whose reports came in a burst: the board suggests making them big matters.
    pub big_matters: Vec<String>,
}

impl Desk {
    /// A case, its timeline and the shifts that held it, as `show` and the dashboard's
    /// detail give them.
    pub async fn case_history(
        &self,
        number: &str,
        now: DateTime<Utc>,
    ) -> Result<CaseHistory, DeskError> {
        let (case, events) = self.case_with_timeline(number).await?;
        let shifts = self.shifts_of(&case, now).await?;
        let reports = if case.reports > 1 {
            self.cases(&CaseFilter {
                joined_into: Some(case.number.clone()),
                ..CaseFilter::default()
            })
            .await?
        } else {
            Vec::new()
        };
        Ok(CaseHistory {
            case,
            events,
            shifts,
            reports,
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
    ) -> Result<crate::desk::handover::Handover, DeskError> {
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
        Ok(crate::desk::handover::build(
            &snapshot,
            &notes,
            &grids,
            &self.targets(),
            &self.config.alert_rules(),
            now,
        ))
    }

    /// The handovers while a case was open (from its report to its closing, or now).
    pub async fn shifts_of(
        &self,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Result<Vec<Shift>, DeskError> {
        let end = case.closed_at().unwrap_or(now);
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
        let big_matters = crate::domain::joining::big_matters(&board.open, &board.recent);
        Ok(Snapshot {
            big_matters,
            open: board.open,
            links: board.links,
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

    pub fn local_day(&self, at: DateTime<Utc>) -> NaiveDate {
        at.with_timezone(&self.config.time_zone.0).date_naive()
    }

    pub fn targets(&self) -> Targets {
        self.config.targets()
    }
}
