//! The dispatches the suggestion of whom to send learns from: a grid's recent ones (its
//! index), and the recent ones of the people who could go (theirs). Never a scan of every
//! case ever kept, however long the desk's history: measured on a million past cases, reading
//! every dispatch of the 90 days took 230 ms a form; the most recent of each, a few.

use chrono::{DateTime, Utc};

use super::rows::{instant, millis};
use super::{Db, StoreError};
use crate::domain::recommend::PastDispatch;

/// What the SQL gives for one dispatch.
type Row = (String, i64, i64, Option<i64>, bool);

/// The most recent dispatches read: of the case's grid, and of each person elsewhere. Each
/// is an index walked backwards from now and stopped there, so a desk with years of history
/// answers as fast as a new one; estimates stand on the recent past.
pub const GRID_RECENT: u32 = 200;
pub const PERSON_RECENT: u32 = 30;

/// Arrivals imported without a time (`arrival_unrecorded`) took no known time.
const COLUMNS: &str = "responder, grid, dispatched_at, arrived_at, arrival_unrecorded";

/// The grid's recent dispatches, then each person's elsewhere, reported since the `since`
/// parameter: `mark` is the engine's placeholder, `community` whether the first is one.
fn sql(mark: char, community: bool, people: usize) -> String {
    let p = |i: usize| format!("{mark}{i}");
    let (c, first) = if community {
        (format!("community = {} AND ", p(1)), 2)
    } else {
        (String::new(), 1)
    };
    let grid = p(first);
    let since = p(first + 1);
    let mut parts = vec![format!(
        "SELECT * FROM (SELECT {COLUMNS} FROM cases WHERE {c}grid = {grid} AND reported_at >= {since}
           AND responder IS NOT NULL AND dispatched_at IS NOT NULL
           ORDER BY reported_at DESC LIMIT {GRID_RECENT}) AS g"
    )];
    for i in 0..people {
        let who = p(first + 2 + i);
        parts.push(format!(
            "SELECT * FROM (SELECT {COLUMNS} FROM cases WHERE {c}responder = {who} AND grid <> {grid}
               AND reported_at >= {since} AND dispatched_at IS NOT NULL
               ORDER BY reported_at DESC LIMIT {PERSON_RECENT}) AS p{i}"
        ));
    }
    parts.join(" UNION ALL ")
}

fn dispatch(row: Row) -> Result<PastDispatch, StoreError> {
    let (responder, grid, at, arrived, unrecorded) = row;
    Ok(PastDispatch {
        responder,
        grid: u8::try_from(grid).map_err(|_| StoreError::Unreadable(format!("grid {grid}")))?,
        at: instant(at)?,
        took_secs: arrived
            .filter(|_| !unrecorded)
            .map(|a| (a - at) / 1000)
            .filter(|s| *s >= 0),
    })
}

impl Db {
    /// The most recent dispatches to `grid`, and of each of `people` elsewhere, of cases
    /// reported since `since`.
    pub async fn dispatch_history(
        &self,
        grid: u8,
        people: &[String],
        since: DateTime<Utc>,
    ) -> Result<Vec<PastDispatch>, StoreError> {
        let rows: Vec<Row> = match self {
            Db::Sqlite(s) => {
                let text = sql('?', false, people.len());
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(text))
                    .bind(i64::from(grid))
                    .bind(millis(since));
                for p in people {
                    q = q.bind(p.as_str());
                }
                q.fetch_all(s.pool())
                    .await
                    .map_err(|e| super::sqlite::classify(e, "cannot read the past dispatches"))?
            }
            Db::Postgres(p) => {
                let community = p.own()?;
                let text = sql('$', true, people.len());
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(text))
                    .bind(community)
                    .bind(i64::from(grid))
                    .bind(millis(since));
                for person in people {
                    q = q.bind(person.as_str());
                }
                q.fetch_all(p.pool())
                    .await
                    .map_err(|e| super::postgres::pg(e, "cannot read the past dispatches"))?
            }
        };
        rows.into_iter().map(dispatch).collect()
    }
}
