//! A case's rows written inside a change: loading it (locked), opening one, updating it,
//! appending its events.

use super::*;
use crate::store::rows::{bind_changes, bind_new};
use sqlx::Row;

impl PgStore {
    pub(super) async fn load(
        conn: &mut PgConnection,
        community: &str,
        number: &str,
        lock: bool,
    ) -> Result<(i64, CaseRow), StoreError> {
        let sql = if lock {
            "SELECT * FROM cases WHERE community = $1 AND number = $2 FOR UPDATE"
        } else {
            "SELECT * FROM cases WHERE community = $1 AND number = $2"
        };
        let row: CaseRow = sqlx::query_as(sql)
            .bind(community)
            .bind(number)
            .fetch_optional(&mut *conn)
            .await
            .map_err(|e| pg(e, "cannot read the case"))?
            .ok_or_else(|| StoreError::NoSuchCase(number.to_string()))?;
        Ok((row.id, row))
    }

    pub(super) async fn write_changes(
        conn: &mut PgConnection,
        id: i64,
        case: &Case,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let update = sqlx::query(
            "UPDATE cases SET tier = $1, state = $2, dispatched_at = $3, responder = $4,
                arrived_at = $5, arrival_how = $6, arrival_secs = $7, arrival_target_secs = $8,
                arrival_met = $9, called_up_to = $10, called_up_at = $11,
                call_up_received_at = $12, resolved_at = $13, resolution_note = $14,
                reporter_told = $15, reporter_satisfied = $16, verdict_note = $17,
                cancelled_at = $18, cancel_reason = $19, arrival_unrecorded = $20,
                joined_into = $21, joined_at = $22, joined_from = $23, report_count = $24,
                updated_at = $25
             WHERE id = $26",
        );
        bind_changes(update, case, now)
            .bind(id)
            .execute(&mut *conn)
            .await
            .map_err(|e| {
                if code_of(&e).as_deref() == Some(FOREIGN_KEY) {
                    StoreError::Invalid {
                        field: "responder",
                        problem: Problem::NotOnRosterAnymore,
                    }
                } else {
                    pg(e, "cannot save the case")
                }
            })?;
        Ok(())
    }

    /// Opens a case numbered within `day` from the community's counter, inside the caller's
    /// transaction.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn insert_report(
        conn: &mut PgConnection,
        community: &str,
        day: NaiveDate,
        report: &Report,
        actor: &str,
        now: DateTime<Utc>,
        rules: &Rules,
        imported: Option<&Imported>,
    ) -> Result<(i64, Case), StoreError> {
        let day_code = day.format("%Y%m%d").to_string();
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO case_counters (community, day, last_seq) VALUES ($1, $2, 1)
             ON CONFLICT (community, day) DO UPDATE SET last_seq = case_counters.last_seq + 1
             RETURNING last_seq",
        )
        .bind(community)
        .bind(&day_code)
        .fetch_one(&mut *conn)
        .await
        .map_err(|e| pg(e, "cannot number the case"))?;
        let number = format!("{day_code}-{seq:03}");
        let (case, events) = match imported {
            Some(item) => lifecycle::open_imported(number, report, &item.steps, rules, now)?,
            None => lifecycle::open(number, report, rules, now)?,
        };
        let import_key = imported.map(|item| item.key.as_str());
        let insert = sqlx::query(
            "INSERT INTO cases (community, number, day, seq, grid, category, channel, place,
                summary, reporter, phone, tier, state, reported_at, updated_at, import_key)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
             RETURNING id",
        )
        .bind(community);
        let id: i64 = bind_new(insert, &case, &day_code, seq, now, import_key)
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| pg(e, "cannot save the case"))?
            .get(0);
        Self::write_changes(conn, id, &case, now).await?;
        for event in &events {
            Self::append(conn, community, id, event, actor, now).await?;
        }
        Ok((id, case))
    }

    pub(super) async fn append(
        conn: &mut PgConnection,
        community: &str,
        id: i64,
        event: &Event,
        actor: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO events (community, case_id, at, recorded_at, actor, kind, details)
             VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
        )
        .bind(community)
        .bind(id)
        .bind(millis(event.at))
        .bind(millis(now))
        .bind(actor)
        .bind(event.kind.code())
        .bind(event.details.to_string())
        .execute(&mut *conn)
        .await
        .map_err(|e| pg(e, "cannot record the event"))?;
        Ok(())
    }
}
