//! The shared store's reads. A case list is built for its filter (no catch-all predicates,
//! which would keep PostgreSQL from its indexes once it switches to a generic plan). The
//! community itself is the one catch-all left (`$n::text IS NULL OR community = $n`, in the
//! patrols, acknowledgements and figures): it takes two values only, this desk's community or
//! every one on the sub-district's, and each reads a day's or a period's rows by its time
//! index either way. `community` is the one community read, or `None` for the sub-district's
//! desk (row-level security still limits every role to what it may see).

use chrono::NaiveDate;
use sqlx::AssertSqlSafe;
use sqlx::postgres::PgConnection;

use super::pg;
use crate::catalog::Responder;
use crate::domain::{ClockKind, Patrol};
use crate::store::rows::{Bind, CaseRow, PatrolRow, ResponderRow, cases_sql, staff_channels};
use crate::store::{CaseFilter, StoreError};

pub(super) async fn cases(
    conn: &mut PgConnection,
    community: Option<&str>,
    filter: &CaseFilter,
) -> Result<Vec<CaseRow>, StoreError> {
    let (sql, binds) = cases_sql(community, filter, '$');
    let mut query = sqlx::query_as::<_, CaseRow>(AssertSqlSafe(sql));
    for bind in binds {
        query = match bind {
            Bind::Text(t) => query.bind(t),
            Bind::Int(i) => query.bind(i),
        };
    }
    query
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| pg(e, "cannot list cases"))
}

pub(super) async fn responders(
    conn: &mut PgConnection,
    community: Option<&str>,
) -> Result<Vec<Responder>, StoreError> {
    let query = match community {
        Some(code) => sqlx::query_as::<_, ResponderRow>(
            "SELECT name, role, grid, phone, on_duty FROM responders WHERE community = $1
             ORDER BY id",
        )
        .bind(code),
        None => sqlx::query_as(
            "SELECT name, role, grid, phone, on_duty FROM responders ORDER BY community, id",
        ),
    };
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .map_err(|e| pg(e, "cannot read the roster"))?;
    rows.into_iter().map(ResponderRow::into_responder).collect()
}

pub(super) async fn patrols_on(
    conn: &mut PgConnection,
    community: Option<&str>,
    day: NaiveDate,
) -> Result<Vec<Patrol>, StoreError> {
    let rows: Vec<PatrolRow> = sqlx::query_as(
        "SELECT grid, day, slot, at, findings FROM patrols
         WHERE day = $1 AND ($2::text IS NULL OR community = $2) ORDER BY grid, slot",
    )
    .bind(day.to_string())
    .bind(community)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| pg(e, "cannot read the patrols"))?;
    rows.into_iter().map(PatrolRow::into_patrol).collect()
}

/// Acknowledgements on open cases, from the open cases (an index) and then their events.
pub(super) async fn acknowledged(
    conn: &mut PgConnection,
    community: Option<&str>,
) -> Result<Vec<(String, ClockKind)>, StoreError> {
    let rows: Vec<(String, String, Option<String>)> = sqlx::query_as(
        "SELECT c.community, c.number, e.details->>'clock'
         FROM cases c JOIN events e ON e.case_id = c.id
         WHERE c.state IN ('reported', 'dispatched', 'on_scene') AND e.kind = 'acknowledged'
           AND ($1::text IS NULL OR c.community = $1)",
    )
    .bind(community)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| pg(e, "cannot read the acknowledgements"))?;
    rows.into_iter()
        .map(|(code, number, clock)| {
            let clock = clock.unwrap_or_default();
            let number = match community {
                Some(_) => number,
                None => format!("{code}/{number}"),
            };
            ClockKind::from_code(&clock)
                .map(|c| (number, c))
                .ok_or_else(|| StoreError::Unreadable(format!("acknowledged clock `{clock}`")))
        })
        .collect()
}

/// The figures' row: the counts in `rows::figures`' order, and the arrival ranks.
struct Row {
    counts: [i64; 14],
    median: Option<f64>,
    p90: Option<i64>,
}

impl<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> for Row {
    fn from_row(row: &'r sqlx::postgres::PgRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row as _;
        let mut counts = [0; 14];
        // Columns 0-8 and 11-15 are counts; 9 and 10 the median and the 90th percentile.
        for (count, column) in counts.iter_mut().zip((0..9).chain(11..16)) {
            *count = row.try_get(column)?;
        }
        Ok(Row {
            counts,
            median: row.try_get(9)?,
            p90: row.try_get(10)?,
        })
    }
}

/// The seed's figures over cases reported in `[from, to)`, counted by PostgreSQL, with the
/// exact median arrival (the mean of the two middle values for an even count, as SQLite's).
pub(super) async fn figures(
    conn: &mut PgConnection,
    community: Option<&str>,
    from: i64,
    to: i64,
    day_ends: &[(String, i64)],
) -> Result<crate::domain::Figures, StoreError> {
    let staff = staff_channels();
    let (days, ends): (Vec<&str>, Vec<i64>) =
        day_ends.iter().map(|(d, e)| (d.as_str(), *e)).unzip();
    let row: Row = sqlx::query_as(
        "WITH day_ends AS (SELECT * FROM unnest($4::text[], $5::bigint[]) AS d (day, end_ms)),
              period AS (SELECT * FROM cases c
                         WHERE c.reported_at >= $2 AND c.reported_at < $3
                           AND ($6::text IS NULL OR c.community = $6))
         SELECT
           COUNT(*) FILTER (WHERE cancelled_at IS NOT NULL),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND channel <> ALL ($1::text[])),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND called_up_to IS NOT NULL),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL
                              AND state IN ('reported', 'dispatched', 'on_scene')),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND resolved_at IS NOT NULL),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND resolved_at IS NOT NULL
                              AND resolved_at < (SELECT end_ms FROM day_ends d
                                                 WHERE d.day = period.day)),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND arrived_at IS NOT NULL),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND arrived_at IS NOT NULL
                              AND arrival_met),
           percentile_cont(0.5) WITHIN GROUP (ORDER BY arrival_secs)
               FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND arrived_at IS NOT NULL),
           percentile_disc(0.9) WITHIN GROUP (ORDER BY arrival_secs)
               FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND arrived_at IS NOT NULL),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND reporter_told),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND reporter_told AND reporter_satisfied),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND reporter_told
                              AND NOT reporter_satisfied),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL AND joined_into IS NULL AND arrived_at IS NULL
                              AND arrival_unrecorded),
           COUNT(*) FILTER (WHERE cancelled_at IS NULL)
         FROM period",
    )
    .bind(staff)
    .bind(from)
    .bind(to)
    .bind(days)
    .bind(ends)
    .bind(community)
    .fetch_one(&mut *conn)
    .await
    .map_err(|e| pg(e, "cannot count the figures"))?;
    Ok(crate::store::rows::figures(row.counts, row.median, row.p90))
}
