//! Joining a report into the case of the same matter, and splitting it out again: both cases
//! and the reports that move with them, in one transaction.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::SqliteConnection;

use super::SqliteStore;
use super::errors::Context;
use crate::domain::joining::{self, Joining};
use crate::domain::{Report, Rules};
use crate::store::rows::millis;
use crate::store::{Change, JoinChange, StoreError};

impl SqliteStore {
    pub(super) async fn join_in(
        tx: &mut SqliteConnection,
        number: &str,
        into: &str,
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, StoreError> {
        let (report_id, report) = Self::load(tx, number).await?;
        let (problem_id, problem) = Self::load(tx, into).await?;
        let joining = joining::join(&report, &problem, at, now)?;
        // Joins stay flat: what was joined into the report is now the problem's.
        let moved: Vec<(i64, String)> = sqlx::query_as(
            "UPDATE cases SET joined_into = ?, updated_at = ? WHERE joined_into = ?
             RETURNING id, number",
        )
        .bind(into)
        .bind(millis(now))
        .bind(number)
        .fetch_all(&mut *tx)
        .await
        .context("cannot move the joined reports")?;
        for (id, _) in &moved {
            Self::append(tx, *id, &joining::moved(number, into, at), actor, now).await?;
        }
        let moved = moved.into_iter().map(|(_, n)| n).collect();
        Self::write_joining(tx, (report_id, problem_id), &joining, actor, now).await?;
        Self::read_back(tx, (report, problem), moved).await
    }

    pub(super) async fn split_in(
        tx: &mut SqliteConnection,
        number: &str,
        back: &[String],
        at: DateTime<Utc>,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<JoinChange, StoreError> {
        let (report_id, report) = Self::load(tx, number).await?;
        let into = joining::joined_into(&report)?.to_string();
        let (problem_id, problem) = Self::load(tx, &into).await?;
        let count = u32::try_from(back.len()).unwrap_or(u32::MAX);
        let joining = joining::split(&report, &problem, count, at, now)?;
        for other in back {
            let moved: Option<i64> = sqlx::query_scalar(
                "UPDATE cases SET joined_into = ?, updated_at = ? WHERE number = ? AND joined_into = ?
                 RETURNING id",
            )
            .bind(number)
            .bind(millis(now))
            .bind(other)
            .bind(&into)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot move the joined reports back")?;
            let Some(id) = moved else {
                return Err(StoreError::Domain(crate::domain::DomainError::NotAllowed {
                    number: number.to_string(),
                    action: crate::domain::EventKind::Split,
                    why: crate::domain::lifecycle::Refusal::ChangedSince,
                }));
            };
            Self::append(tx, id, &joining::moved(&into, number, at), actor, now).await?;
        }
        Self::write_joining(tx, (report_id, problem_id), &joining, actor, now).await?;
        Self::read_back(tx, (report, problem), back.to_vec()).await
    }

    async fn write_joining(
        tx: &mut SqliteConnection,
        (report_id, problem_id): (i64, i64),
        joining: &Joining,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Self::write_changes(tx, report_id, &joining.report, now).await?;
        Self::write_changes(tx, problem_id, &joining.problem, now).await?;
        Self::append(tx, report_id, &joining.on_report, actor, now).await?;
        Self::append(tx, problem_id, &joining.on_problem, actor, now).await
    }

    /// Both cases as stored (times to the millisecond), so an undo compares exactly.
    async fn read_back(
        tx: &mut SqliteConnection,
        (report, problem): (crate::domain::Case, crate::domain::Case),
        moved: Vec<String>,
    ) -> Result<JoinChange, StoreError> {
        let (_, report_after) = Self::load(tx, &report.number).await?;
        let (_, problem_after) = Self::load(tx, &problem.number).await?;
        Ok(JoinChange {
            report: Change {
                before: report,
                after: report_after,
            },
            problem: Change {
                before: problem,
                after: problem_after,
            },
            moved,
        })
    }

    pub(super) async fn report_into_in(
        tx: &mut SqliteConnection,
        (day, report, into): (NaiveDate, &Report, &str),
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<JoinChange, StoreError> {
        let (_, case) = Self::insert_report(tx, day, report, actor, now, rules, None).await?;
        // Joined when the desk takes it in; the report keeps its own time.
        Self::join_in(tx, &case.number, into, now, actor, now).await
    }
}
