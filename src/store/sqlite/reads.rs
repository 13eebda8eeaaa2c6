//! The SQLite store's reads, on one connection so several can share one read transaction (the
//! board's snapshot is one consistent read). Each is built for the filter it is given, so SQLite
//! serves it from an index: no catch-all `(? IS NULL OR …)` predicates, which force a scan of
//! every case ever kept.

use chrono::NaiveDate;
use sqlx::{AssertSqlSafe, SqliteConnection};

use super::{CaseFilter, Context, StoreError};
use crate::catalog::Responder;
use crate::domain::{Case, ClockKind, Patrol};
use crate::store::rows::{Bind, CaseRow, PatrolRow, ResponderRow, cases_sql, staff_channels};

pub(crate) async fn cases(
    conn: &mut SqliteConnection,
    filter: &CaseFilter,
) -> Result<Vec<Case>, StoreError> {
    let (sql, binds) = cases_sql(None, filter, '?');
    let mut query = sqlx::query_as::<_, CaseRow>(AssertSqlSafe(sql));
    for bind in binds {
        query = match bind {
            Bind::Text(t) => query.bind(t),
            Bind::Int(i) => query.bind(i),
        };
    }
    let rows = query
        .fetch_all(&mut *conn)
        .await
        .context("cannot list cases")?;
    rows.into_iter().map(CaseRow::into_case).collect()
}

pub(crate) async fn responders(conn: &mut SqliteConnection) -> Result<Vec<Responder>, StoreError> {
    let rows: Vec<ResponderRow> =
        sqlx::query_as("SELECT name, role, grid, phone, on_duty FROM responders ORDER BY id")
            .fetch_all(&mut *conn)
            .await
            .context("cannot read the roster")?;
    rows.into_iter().map(ResponderRow::into_responder).collect()
}

pub(crate) async fn patrols_on(
    conn: &mut SqliteConnection,
    day: NaiveDate,
) -> Result<Vec<Patrol>, StoreError> {
    let rows: Vec<PatrolRow> = sqlx::query_as(
        "SELECT grid, day, slot, at, findings FROM patrols WHERE day = ? ORDER BY grid, slot",
    )
    .bind(day.to_string())
    .fetch_all(&mut *conn)
    .await
    .context("cannot read the patrols")?;
    rows.into_iter().map(PatrolRow::into_patrol).collect()
}

/// Acknowledgements of open cases: read from the open cases (an index), then each one's
/// events (another), never by scanning every event for its kind.
pub(crate) const ACKNOWLEDGED: &str = "SELECT c.number, json_extract(e.details, '$.clock')
     FROM cases c JOIN events e ON e.case_id = c.id
     WHERE c.state IN ('reported', 'dispatched', 'on_scene') AND e.kind = 'acknowledged'";

pub(crate) async fn acknowledged(
    conn: &mut SqliteConnection,
) -> Result<Vec<(String, ClockKind)>, StoreError> {
    let rows: Vec<(String, Option<String>)> = sqlx::query_as(ACKNOWLEDGED)
        .fetch_all(&mut *conn)
        .await
        .context("cannot read the acknowledgements")?;
    rows.into_iter()
        .map(|(number, clock)| {
            let clock = clock.unwrap_or_default();
            ClockKind::from_code(&clock)
                .map(|c| (number, c))
                .ok_or_else(|| StoreError::Unreadable(format!("acknowledged clock `{clock}`")))
        })
        .collect()
}

/// The seed's figures over cases reported in `[from, to)`, counted by SQLite: nothing of the
/// period is loaded into memory. Driven day by day (each local day of the period, then its
/// cases by their day), so "resolved the same day" compares with the day's end at hand
/// rather than looking it up for every case: a year of a million cases in about 0.2 s. `day_ends` gives each local day of the period the instant it
/// ends (in the desk's zone), for "resolved the same day".
pub(crate) async fn figures(
    conn: &mut SqliteConnection,
    from: i64,
    to: i64,
    day_ends: &[(String, i64)],
) -> Result<crate::domain::Figures, StoreError> {
    let staff = staff_channels();
    sqlx::query(
        "CREATE TEMP TABLE IF NOT EXISTS day_ends (day TEXT PRIMARY KEY, end_ms INTEGER NOT NULL)",
    )
    .execute(&mut *conn)
    .await
    .context("cannot count the figures")?;
    sqlx::query("DELETE FROM temp.day_ends")
        .execute(&mut *conn)
        .await
        .context("cannot count the figures")?;
    let ends =
        serde_json::to_string(day_ends).map_err(|e| StoreError::Unreadable(e.to_string()))?;
    sqlx::query(
        "INSERT INTO temp.day_ends SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]')
         FROM json_each(?)",
    )
    .bind(ends)
    .execute(&mut *conn)
    .await
    .context("cannot count the figures")?;
    let staff = serde_json::to_string(&staff).map_err(|e| StoreError::Unreadable(e.to_string()))?;
    let row = sqlx::query(FIGURES)
        .bind(staff)
        .bind(from)
        .bind(to)
        .fetch_one(&mut *conn)
        .await
        .context("cannot count the figures")?;
    let mut counts = [0i64; 14];
    for (i, count) in counts.iter_mut().enumerate() {
        *count = sqlx::Row::try_get(&row, i).context("cannot count the figures")?;
    }
    let (median, p90) = arrival_ranks(conn, from, to, counts[7]).await?;
    Ok(crate::store::rows::figures(counts, median, p90))
}

pub(crate) const FIGURES: &str = "SELECT
       COALESCE(SUM(c.cancelled_at IS NOT NULL), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.channel NOT IN (SELECT value FROM json_each(?1))), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.called_up_to IS NOT NULL), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.state IN ('reported', 'dispatched', 'on_scene')), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.resolved_at IS NOT NULL), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.resolved_at IS NOT NULL
                    AND c.resolved_at < d.end_ms), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.arrived_at IS NOT NULL), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.arrived_at IS NOT NULL AND c.arrival_met = 1), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.reporter_told = 1), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.reporter_told = 1 AND c.reporter_satisfied = 1), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.reporter_told = 1 AND c.reporter_satisfied = 0), 0),
       COALESCE(SUM(c.cancelled_at IS NULL AND c.joined_into IS NULL AND c.arrived_at IS NULL AND c.arrival_unrecorded = 1), 0),
       COALESCE(SUM(c.cancelled_at IS NULL), 0)
     FROM temp.day_ends d CROSS JOIN cases c ON c.day = d.day
     WHERE c.reported_at >= ?2 AND c.reported_at < ?3";

/// Arrival times of the period as (seconds, how many): a few hundred distinct values, counted
/// by SQLite, rather than every case's time sorted.
pub(crate) const ARRIVALS: &str = "SELECT arrival_secs, count(*) FROM cases
     WHERE reported_at >= ? AND reported_at < ? AND cancelled_at IS NULL AND joined_into IS NULL
       AND arrived_at IS NOT NULL
     GROUP BY arrival_secs ORDER BY arrival_secs";

/// The middle arrival time (seconds), exact (the one or two middle values), and the 90th
/// percentile by nearest rank, found by walking the counts.
async fn arrival_ranks(
    conn: &mut SqliteConnection,
    from: i64,
    to: i64,
    arrived: i64,
) -> Result<(Option<f64>, Option<i64>), StoreError> {
    if arrived == 0 {
        return Ok((None, None));
    }
    let counts: Vec<(i64, i64)> = sqlx::query_as(ARRIVALS)
        .bind(from)
        .bind(to)
        .fetch_all(&mut *conn)
        .await
        .context("cannot count the figures")?;
    // The values at 0-based ranks lo and hi (equal when the count is odd).
    let (lo, hi) = ((arrived - 1) / 2, arrived / 2);
    let at_rank = |rank: i64| {
        let mut seen = 0;
        counts.iter().find_map(|&(secs, n)| {
            seen += n;
            (rank < seen).then_some(secs)
        })
    };
    let median = match (at_rank(lo), at_rank(hi)) {
        (Some(a), Some(b)) => Some((a + b) as f64 / 2.0),
        _ => None,
    };
    // Nearest rank: the ceil(0.9 n)-th value, 1-based.
    let p90 = at_rank(((arrived * 9 + 9) / 10).max(1) - 1);
    Ok((median, p90))
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};

    use super::*;
    use crate::config::Config;
    use crate::desk::Desk;
    use crate::domain::{Report, Tier};

    /// Every query the board, the alerts and the command line make, with values to bind.
    fn queries() -> Vec<(String, String, Vec<i64>)> {
        let at = Utc
            .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .expect("time");
        let mut all = Vec::new();
        for (what, filter) in [
            (
                "open cases",
                CaseFilter {
                    open_only: true,
                    ..CaseFilter::default()
                },
            ),
            (
                "open cases of a grid",
                CaseFilter {
                    open_only: true,
                    grid: Some(3),
                    ..CaseFilter::default()
                },
            ),
            (
                "a grid's cases",
                CaseFilter {
                    grid: Some(3),
                    ..CaseFilter::default()
                },
            ),
            (
                "recent cases",
                CaseFilter {
                    from: Some(at),
                    ..CaseFilter::default()
                },
            ),
            (
                "a period",
                CaseFilter {
                    from: Some(at),
                    to: Some(at + Duration::days(30)),
                    ..CaseFilter::default()
                },
            ),
            (
                "a grid over a period",
                CaseFilter {
                    grid: Some(2),
                    from: Some(at),
                    to: Some(at + Duration::days(30)),
                    ..CaseFilter::default()
                },
            ),
            (
                "open cases over a period",
                CaseFilter {
                    open_only: true,
                    from: Some(at),
                    ..CaseFilter::default()
                },
            ),
        ] {
            let (sql, binds) = cases_sql(None, &filter, '?');
            let binds = binds
                .into_iter()
                .map(|b| match b {
                    Bind::Int(i) => i,
                    Bind::Text(_) => unreachable!("a file holds one community"),
                })
                .collect();
            all.push((what.to_string(), sql, binds));
        }
        let t = crate::store::rows::millis(at);
        for (what, sql, binds) in [
            ("acknowledgements", ACKNOWLEDGED, vec![]),
            ("figures", FIGURES, vec![0, t, t + 86_400_000]),
            ("the arrival times", ARRIVALS, vec![t, t + 86_400_000]),
            ("a case", "SELECT * FROM cases WHERE number = ?", vec![1]),
            (
                "the next number",
                "SELECT COALESCE(MAX(seq), 0) + 1 FROM cases WHERE day = ?",
                vec![1],
            ),
            (
                "a timeline",
                "SELECT e.at, e.recorded_at, e.actor, e.kind, e.details
                 FROM events e JOIN cases c ON c.id = e.case_id
                 WHERE c.number = ? ORDER BY e.id",
                vec![1],
            ),
            (
                "the day's patrols",
                "SELECT grid, day, slot, at, findings FROM patrols WHERE day = ? ORDER BY grid, slot",
                vec![1],
            ),
        ] {
            all.push((what.to_string(), sql.to_string(), binds));
        }
        all
    }

    /// `EXPLAIN QUERY PLAN` of every query on a seeded database: none reads every case or
    /// every event (a scan), with and without SQLite's statistics.
    #[tokio::test]
    async fn every_query_is_served_from_an_index() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("plans.db");
        let desk = Desk::open(&db, Config::default()).await.expect("desk");
        let now = Utc::now();
        for i in 0..300 {
            let report = Report {
                grid: 1 + (i % 7) as u8,
                category: "facility.streetlight".into(),
                channel: crate::domain::Channel::Hotline,
                place: format!("p{i}"),
                summary: "s".into(),
                reporter: None,
                phone: None,
                tier: Tier::Small,
                on_scene: None,
                at: now - Duration::minutes(i64::from(i) * 97),
            };
            let case = desk.report(&report, now).await.expect("report");
            // As at a real desk, most cases of the past are closed.
            if i % 10 != 0 {
                let cancel = crate::domain::Action::Cancel {
                    reason: "done".into(),
                };
                desk.act(&case.number, &cancel, now, now)
                    .await
                    .expect("cancel");
            }
        }
        let mut conn = desk
            .store
            .sqlite()
            .expect("a file")
            .pool()
            .acquire()
            .await
            .expect("conn");
        sqlx::query("CREATE TEMP TABLE IF NOT EXISTS day_ends (day TEXT PRIMARY KEY, end_ms INTEGER NOT NULL)")
            .execute(&mut *conn)
            .await
            .expect("temp");
        for analysed in [false, true] {
            if analysed {
                sqlx::query("ANALYZE")
                    .execute(&mut *conn)
                    .await
                    .expect("analyze");
            }
            for (what, sql, binds) in queries() {
                let explain = format!("EXPLAIN QUERY PLAN {sql}");
                let mut q = sqlx::query_as::<_, (i64, i64, i64, String)>(AssertSqlSafe(explain));
                for b in &binds {
                    q = q.bind(b);
                }
                let plan = q.fetch_all(&mut *conn).await.expect("plan");
                let details: Vec<&str> = plan.iter().map(|r| r.3.as_str()).collect();
                for d in &details {
                    let scans = d.starts_with("SCAN")
                        && (d.contains("cases")
                            || d.contains("events")
                            || *d == "SCAN c"
                            || *d == "SCAN e");
                    assert!(
                        !scans,
                        "{what} (analysed: {analysed}) scans: {details:?}\n{sql}"
                    );
                }
            }
        }
    }
}
