//! Joining a report into the case of the same matter, and splitting it out again, on the
//! shared database: both rows locked (in number order, so two desks never deadlock), moved
//! together in one transaction, within one community.

use super::*;
use crate::domain::joining::{self, Joining};
use crate::domain::lifecycle::Refusal;

impl PgStore {
    /// Both cases' community and bare numbers; a join never crosses communities.
    pub(super) fn pair<'a>(
        &'a self,
        number: &'a str,
        into: &'a str,
    ) -> Result<(&'a str, &'a str, &'a str), StoreError> {
        let (community, bare) = self.locate(number)?;
        let (other, into) = match self.locate(into) {
            Ok(found) => found,
            // On the sub-district's desk the second case may be named without its community.
            Err(_) if !into.contains('/') => (community, into),
            Err(e) => return Err(e),
        };
        if other != community {
            return Err(StoreError::NoSuchCase(format!("{other}/{into}")));
        }
        Ok((community, bare, into))
    }

    /// Loads and locks both cases, the lower number first.
    async fn lock_pair(
        conn: &mut PgConnection,
        community: &str,
        (report, problem): (&str, &str),
    ) -> Result<((i64, Case), (i64, Case)), StoreError> {
        // Each row read as it is locked; the higher number second, whichever it is.
        let lower_first = report <= problem;
        let (first, second) = if lower_first {
            (report, problem)
        } else {
            (problem, report)
        };
        let (a_id, a) = Self::load(conn, community, first, true).await?;
        let (b_id, b) = Self::load(conn, community, second, true).await?;
        let (a, b) = ((a_id, a.into_case()?), (b_id, b.into_case()?));
        Ok(if lower_first { (a, b) } else { (b, a) })
    }

    pub(super) async fn join_in(
        &self,
        conn: &mut PgConnection,
        community: &str,
        (number, into): (&str, &str),
        (at, actor, now): (DateTime<Utc>, &str, DateTime<Utc>),
    ) -> Result<JoinChange, StoreError> {
        let ((report_id, report), (problem_id, problem)) =
            Self::lock_pair(conn, community, (number, into)).await?;
        let joining = joining::join(&report, &problem, at, now)?;
        // Joins stay flat: what was joined into the report is now the problem's.
        let moved: Vec<(i64, String)> = sqlx::query_as(
            "UPDATE cases SET joined_into = $1, updated_at = $2
             WHERE community = $3 AND joined_into = $4 RETURNING id, number",
        )
        .bind(into)
        .bind(millis(now))
        .bind(community)
        .bind(number)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| pg(e, "cannot move the joined reports"))?;
        for (id, _) in &moved {
            let event = joining::moved(number, into, at);
            Self::append(conn, community, *id, &event, actor, now).await?;
        }
        let moved = moved.into_iter().map(|(_, n)| n).collect();
        Self::write_joining(
            conn,
            community,
            (report_id, problem_id),
            &joining,
            actor,
            now,
        )
        .await?;
        self.read_back(conn, community, (report, problem), moved)
            .await
    }

    pub(super) async fn split_in(
        &self,
        conn: &mut PgConnection,
        community: &str,
        (number, back): (&str, &[String]),
        (at, actor, now): (DateTime<Utc>, &str, DateTime<Utc>),
    ) -> Result<JoinChange, StoreError> {
        let (_, row) = Self::load(conn, community, number, false).await?;
        let into = joining::joined_into(&row.into_case()?)?.to_string();
        let ((report_id, report), (problem_id, problem)) =
            Self::lock_pair(conn, community, (number, &into)).await?;
        let count = u32::try_from(back.len()).unwrap_or(u32::MAX);
        let joining = joining::split(&report, &problem, count, at, now)?;
        let moved: Vec<i64> = sqlx::query_scalar(
            "UPDATE cases SET joined_into = $1, updated_at = $2
             WHERE community = $3 AND joined_into = $4 AND number = ANY($5) RETURNING id",
        )
        .bind(number)
        .bind(millis(now))
        .bind(community)
        .bind(&into)
        .bind(back)
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| pg(e, "cannot move the joined reports back"))?;
        for id in &moved {
            let event = joining::moved(&into, number, at);
            Self::append(conn, community, *id, &event, actor, now).await?;
        }
        if moved.len() != back.len() {
            return Err(StoreError::Domain(crate::domain::DomainError::NotAllowed {
                number: number.to_string(),
                action: crate::domain::EventKind::Split,
                why: Refusal::ChangedSince,
            }));
        }
        Self::write_joining(
            conn,
            community,
            (report_id, problem_id),
            &joining,
            actor,
            now,
        )
        .await?;
        self.read_back(conn, community, (report, problem), back.to_vec())
            .await
    }

    async fn write_joining(
        conn: &mut PgConnection,
        community: &str,
        (report_id, problem_id): (i64, i64),
        joining: &Joining,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Self::write_changes(conn, report_id, &joining.report, now).await?;
        Self::write_changes(conn, problem_id, &joining.problem, now).await?;
        Self::append(conn, community, report_id, &joining.on_report, actor, now).await?;
        Self::append(conn, community, problem_id, &joining.on_problem, actor, now).await
    }

    /// Both cases as stored and as this desk names them.
    async fn read_back(
        &self,
        conn: &mut PgConnection,
        community: &str,
        (report, problem): (Case, Case),
        moved: Vec<String>,
    ) -> Result<JoinChange, StoreError> {
        let (_, report_after) = Self::load(conn, community, &report.number, false).await?;
        let (_, problem_after) = Self::load(conn, community, &problem.number, false).await?;
        let name = |case: Case| self.qualified(community, case);
        Ok(JoinChange {
            report: Change {
                before: name(report),
                after: self.named(report_after)?,
            },
            problem: Change {
                before: name(problem),
                after: self.named(problem_after)?,
            },
            moved: moved
                .into_iter()
                .map(|n| self.qualify(community, n))
                .collect(),
        })
    }
}
