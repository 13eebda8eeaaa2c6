//! The sub-district's reads over every community: one row per community, and every open
//! call-up. Each is served from an index per community (a lateral join over the few
//! communities), never a scan of every case ever kept.

use chrono::{DateTime, Utc};

use super::{PgStore, pg};
use crate::store::StoreError;
use crate::store::rows::millis;
use crate::store::{CallUpRow, CommunityRow, Overview};

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
                   AND c.cancelled_at IS NULL AND c.joined_into IS NULL) t
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
                    reported_at AS reported_ms, arrival_met, report_count AS reports
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
