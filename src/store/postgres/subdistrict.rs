//! The sub-district's reads over every community: one row per community, and every open
//! call-up. Each is served from an index per community (a lateral join over the few
//! communities), never a scan of every case ever kept.

use chrono::{DateTime, Utc};

use super::{PgStore, pg};
use crate::store::StoreError;
use crate::store::rows::{instant, millis};

/// One community as the sub-district sees it.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CommunityRow {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub open: i64,
    /// Open cases nobody has reached, past the arrival target.
    pub overdue: i64,
    /// Cases reported today that someone reached, and of those within the target.
    pub arrived_today: i64,
    pub on_time_today: i64,
    pub open_call_ups: i64,
    /// When that community's desks last recorded anything (a quiet desk may be down).
    pub last_event_ms: Option<i64>,
}

impl CommunityRow {
    pub fn last_event(&self) -> Option<DateTime<Utc>> {
        self.last_event_ms.and_then(|ms| instant(ms).ok())
    }
}

/// An open case called up to a body above the community.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct CallUpRow {
    pub community: String,
    pub number: String,
    pub grid: i64,
    pub category: String,
    pub place: String,
    pub summary: String,
    pub tier: String,
    pub state: String,
    pub body: String,
    pub called_up_ms: i64,
    pub received_ms: Option<i64>,
    pub responder: Option<String>,
    pub reported_ms: i64,
    pub arrival_met: Option<bool>,
}

impl CallUpRow {
    /// The case as the sub-district's desk names it.
    pub fn qualified(&self) -> String {
        format!("{}/{}", self.community, self.number)
    }

    pub fn called_up_at(&self) -> Option<DateTime<Utc>> {
        instant(self.called_up_ms).ok()
    }

    pub fn received_at(&self) -> Option<DateTime<Utc>> {
        self.received_ms.and_then(|ms| instant(ms).ok())
    }
}

/// What the sub-district's board shows, read at one moment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Overview {
    pub communities: Vec<CommunityRow>,
    pub call_ups: Vec<CallUpRow>,
}

impl PgStore {
    /// Every community's row and every open call-up, in one snapshot. `day_start`: the start
    /// of today in the desk's zone; `target_secs`: the arrival target.
    pub async fn overview(
        &self,
        day_start: DateTime<Utc>,
        now: DateTime<Utc>,
        target_secs: i64,
    ) -> Result<Overview, StoreError> {
        let mut tx = self.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot read the sub-district's board"))?;
        let communities: Vec<CommunityRow> = sqlx::query_as(
            "SELECT m.code, m.name_zh, m.name_en,
                    o.open, o.overdue, t.arrived_today, t.on_time_today, o.open_call_ups,
                    (SELECT MAX(e.recorded_at) FROM events e WHERE e.community = m.code)
                        AS last_event_ms
             FROM communities m
             CROSS JOIN LATERAL (
                 SELECT COUNT(*) AS open,
                        COUNT(*) FILTER (WHERE arrived_at IS NULL AND reported_at < $2)
                            AS overdue,
                        COUNT(*) FILTER (WHERE called_up_to IS NOT NULL) AS open_call_ups
                 FROM cases c
                 WHERE c.community = m.code
                   AND c.state IN ('reported', 'dispatched', 'on_scene')) o
             CROSS JOIN LATERAL (
                 SELECT COUNT(*) FILTER (WHERE arrived_at IS NOT NULL) AS arrived_today,
                        COUNT(*) FILTER (WHERE arrival_met) AS on_time_today
                 FROM cases c
                 WHERE c.community = m.code AND c.reported_at >= $1
                   AND c.cancelled_at IS NULL) t
             ORDER BY m.code",
        )
        .bind(millis(day_start))
        .bind(millis(now) - target_secs * 1000)
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| pg(e, "cannot read the communities"))?;
        let call_ups: Vec<CallUpRow> = sqlx::query_as(
            "SELECT community, number, grid, category, place, summary, tier, state,
                    called_up_to AS body, called_up_at AS called_up_ms,
                    call_up_received_at AS received_ms, responder,
                    reported_at AS reported_ms, arrival_met
             FROM cases
             WHERE called_up_to IS NOT NULL AND state IN ('reported', 'dispatched', 'on_scene')
             ORDER BY called_up_at, community, number",
        )
        .fetch_all(&mut *tx)
        .await
        .map_err(|e| pg(e, "cannot read the call-ups"))?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot read the sub-district's board"))?;
        Ok(Overview {
            communities,
            call_ups,
        })
    }
}
