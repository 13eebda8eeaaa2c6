//! The breakdown's SQL, one text for both engines: every value is a number or a checked
//! community code written into it (no binds, so no placeholder dialects), and every construct
//! is one both SQLite and PostgreSQL know (`COUNT(*) FILTER`, `CAST`, `CASE`).

use crate::domain::breakdown::{Breakdown, Day, Group};

/// The period's problems (not cancelled, not joined into another), for one community or all.
pub(crate) fn scope(from: i64, to: i64, community: Option<&str>) -> String {
    let mut clause = format!(
        "reported_at >= {from} AND reported_at < {to} AND cancelled_at IS NULL AND joined_into IS NULL"
    );
    if let Some(code) = community {
        // Only a checked code (`[a-z][a-z0-9_]*`) reaches here; still, quotes doubled.
        clause.push_str(&format!(" AND community = '{}'", code.replace('\'', "''")));
    }
    clause
}

/// Counts grouped by `key` (an SQL expression giving text).
pub(crate) fn groups(key: &str, scope: &str) -> String {
    format!(
        "SELECT {key} AS k, COUNT(*) AS collected,
                COUNT(*) FILTER (WHERE arrived_at IS NOT NULL) AS arrived,
                COUNT(*) FILTER (WHERE arrived_at IS NOT NULL AND arrival_met) AS within_target
         FROM cases WHERE {scope} GROUP BY {key} ORDER BY collected DESC, k"
    )
}

/// The grouping keys, in the order of `Breakdown`'s groups.
pub(crate) const KEYS: [&str; 6] = [
    "CAST(grid AS TEXT)",
    "category",
    "channel",
    "tier",
    "COALESCE(responder, '')",
    "COALESCE(called_up_to, '')",
];

pub(crate) fn histogram(scope: &str) -> String {
    format!(
        "SELECT CAST(CASE WHEN arrival_secs >= 3600 THEN 60 ELSE arrival_secs / 60 END AS BIGINT) AS m,
                COUNT(*) FROM cases
         WHERE {scope} AND arrived_at IS NOT NULL GROUP BY 1 ORDER BY 1"
    )
}

pub(crate) fn days(scope: &str) -> String {
    format!(
        "SELECT day, COUNT(*) FILTER (WHERE arrived_at IS NOT NULL),
                COUNT(*) FILTER (WHERE arrived_at IS NOT NULL AND arrival_met)
         FROM cases WHERE {scope} GROUP BY day ORDER BY day"
    )
}

pub(crate) fn slowest(scope: &str) -> String {
    format!(
        "SELECT number, arrival_secs FROM cases WHERE {scope} AND arrived_at IS NOT NULL
         ORDER BY arrival_secs DESC, number LIMIT 5"
    )
}

fn n(v: i64) -> usize {
    usize::try_from(v).unwrap_or(0)
}

/// Rows as read (key, collected, arrived, within) into groups; the empty key (no responder,
/// not called up) left out.
pub(crate) fn to_groups(rows: Vec<(String, i64, i64, i64)>) -> Vec<Group> {
    rows.into_iter()
        .filter(|r| !r.0.is_empty())
        .map(|(key, c, a, w)| Group {
            key,
            collected: n(c),
            arrived: n(a),
            within_target: n(w),
        })
        .collect()
}

/// Assembles what the queries read.
pub(crate) fn assemble(
    mut groups: Vec<Vec<Group>>,
    histogram: Vec<(i64, i64)>,
    days: Vec<(String, i64, i64)>,
    slowest: Vec<(String, i64)>,
) -> Breakdown {
    let mut take = || {
        if groups.is_empty() {
            Vec::new()
        } else {
            groups.remove(0)
        }
    };
    let mut by_grid = take();
    by_grid.sort_by_key(|g| g.key.parse::<u32>().unwrap_or(u32::MAX));
    Breakdown {
        by_grid,
        by_category: take(),
        by_channel: take(),
        by_tier: take(),
        by_responder: take(),
        called_up_to: take(),
        arrival_minutes: histogram
            .into_iter()
            .map(|(m, c)| (u32::try_from(m).unwrap_or(0), n(c)))
            .collect(),
        days: days
            .into_iter()
            .map(|(day, a, w)| Day {
                day,
                arrived: n(a),
                within_target: n(w),
            })
            .collect(),
        slowest,
    }
}

/// Runs the breakdown's queries on a connection of either engine.
macro_rules! read_breakdown {
    ($conn:expr, $scope:expr, $err:expr) => {{
        let scope = $scope;
        let mut groups = Vec::new();
        for key in $crate::store::breakdown::KEYS {
            let rows: Vec<(String, i64, i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(
                $crate::store::breakdown::groups(key, &scope),
            ))
            .fetch_all(&mut *$conn)
            .await
            .map_err($err)?;
            groups.push($crate::store::breakdown::to_groups(rows));
        }
        let histogram: Vec<(i64, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(
            $crate::store::breakdown::histogram(&scope),
        ))
        .fetch_all(&mut *$conn)
        .await
        .map_err($err)?;
        let days: Vec<(String, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe($crate::store::breakdown::days(&scope)))
                .fetch_all(&mut *$conn)
                .await
                .map_err($err)?;
        let slowest: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(
            $crate::store::breakdown::slowest(&scope),
        ))
        .fetch_all(&mut *$conn)
        .await
        .map_err($err)?;
        Ok::<_, StoreError>($crate::store::breakdown::assemble(
            groups, histogram, days, slowest,
        ))
    }};
}
pub(crate) use read_breakdown;
