//! Copying a whole history in (the demo's weeks of history, written beside the live file).

use super::*;

/// The copy behind `SqliteStore::import`, on the connection `other` is attached to.
pub(super) async fn import_attached(conn: &mut SqliteConnection) -> Result<u64, StoreError> {
    let mut tx = conn
        .begin_with("BEGIN IMMEDIATE")
        .await
        .context("cannot start the import (is another program holding the database?)")?;
    let offset: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) FROM main.cases")
        .fetch_one(&mut *tx)
        .await
        .context("cannot read the cases")?;
    let cases = sqlx::query(
        "INSERT INTO main.cases (id, number, day, seq, grid, category, channel, place, summary, reporter, phone, tier, state, reported_at, dispatched_at, responder, arrived_at, arrival_how, arrival_secs, arrival_target_secs, arrival_met, called_up_to, called_up_at, call_up_received_at, resolved_at, resolution_note, reporter_told, reporter_satisfied, verdict_note, cancelled_at, cancel_reason, arrival_unrecorded, updated_at)
         SELECT id + ?, number, day, seq, grid, category, channel, place, summary, reporter, phone, tier, state, reported_at, dispatched_at, responder, arrived_at, arrival_how, arrival_secs, arrival_target_secs, arrival_met, called_up_to, called_up_at, call_up_received_at, resolved_at, resolution_note, reporter_told, reporter_satisfied, verdict_note, cancelled_at, cancel_reason, arrival_unrecorded, updated_at FROM other.cases ORDER BY id",
    )
    .bind(offset)
    .execute(&mut *tx)
    .await
    .context("cannot copy the cases (do two cases have one number?)")?
    .rows_affected();
    sqlx::query(
        "INSERT INTO main.events (case_id, at, recorded_at, actor, kind, details)
         SELECT case_id + ?, at, recorded_at, actor, kind, details FROM other.events ORDER BY id",
    )
    .bind(offset)
    .execute(&mut *tx)
    .await
    .context("cannot copy the events")?;
    sqlx::query(
        "INSERT OR IGNORE INTO main.patrols (grid, day, slot, at, findings, actor)
         SELECT grid, day, slot, at, findings, actor FROM other.patrols",
    )
    .execute(&mut *tx)
    .await
    .context("cannot copy the patrols")?;
    sqlx::query(
        "INSERT OR REPLACE INTO main.settings (key, value) SELECT key, value FROM other.settings",
    )
    .execute(&mut *tx)
    .await
    .context("cannot copy the settings")?;
    tx.commit().await.context("cannot finish the import")?;
    Ok(cases)
}
