//! Moving a community's own SQLite desk into the shared database: every case, event, patrol,
//! responder, alert claim, link, Open311 key and request, and setting, in one transaction (all or nothing), once. The
//! file is read by `store/sqlite/export.rs`; this side only writes.

use super::{PgStore, pg};
use crate::store::StoreError;
use crate::store::sqlite::SqliteStore;
use crate::store::sqlite::export::{
    AlertRecord, CaseRecord, EventRecord, HandoverRecord, LinkRecord, PatrolRecord, ResponderRecord,
};

/// Rows copied per round trip to SQLite (a big desk is never held whole in memory).
const BATCH: i64 = 2000;

/// The setting that records a move, and refuses a second.
pub const MOVED_FROM: &str = "moved_from";

/// What a move copied.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Moved {
    pub cases: u64,
    pub events: u64,
    pub patrols: u64,
    pub responders: u64,
}

impl PgStore {
    /// Copies the whole of `from` into this desk's community, or nothing: refused when the
    /// community already holds cases or was moved in before.
    /// `progress` is told how many cases and events are copied so far, and of how many.
    pub async fn move_in(
        &self,
        from: &SqliteStore,
        note: &str,
        progress: &(dyn Fn(u64, u64) + Sync),
    ) -> Result<Moved, StoreError> {
        let community = self.own()?.to_string();
        // One read transaction: the copy is one moment of the file.
        let mut source = from.export().await?;
        let mut tx = self.begin().await?;
        // One move at a time per community, whichever desk starts it.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('dutydesk move ' || $1))")
            .bind(&community)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot start the move"))?;
        let (held, moved): (i64, Option<String>) = sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM cases WHERE community = $1),
                    (SELECT value FROM settings WHERE community = $1 AND key = $2)",
        )
        .bind(&community)
        .bind(MOVED_FROM)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| pg(e, "cannot read the community"))?;
        if let Some(before) = moved {
            return Err(StoreError::Shared(format!(
                "community `{community}` was moved in already ({before}); nothing was copied. Its desks use the shared database now"
            )));
        }
        if held > 0 {
            return Err(StoreError::Shared(format!(
                "community `{community}` already holds {held} cases in the shared database; nothing was copied. A desk's history moves in only into a community that holds none"
            )));
        }
        let mut moved = Moved::default();
        let counts = source.counts().await?;
        let total = u64::try_from(counts.0 + counts.1).unwrap_or(0);
        let responders: Vec<ResponderRecord> = source.responders().await?;
        for ResponderRecord {
            name,
            role,
            grid,
            phone,
            on_duty,
        } in responders
        {
            sqlx::query(
                "INSERT INTO responders (community, name, role, grid, phone, on_duty)
                 VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (community, name) DO UPDATE SET role = excluded.role,
                     grid = excluded.grid, phone = excluded.phone, on_duty = excluded.on_duty",
            )
            .bind(&community)
            .bind(name)
            .bind(role)
            .bind(grid)
            .bind(phone)
            .bind(on_duty)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the roster"))?;
            moved.responders += 1;
        }
        // The file's case ids, as the shared database numbered them.
        let mut ids = std::collections::HashMap::new();
        let mut after = 0;
        loop {
            let batch: Vec<CaseRecord> = source.cases_after(after, BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            for c in batch {
                let id: i64 = sqlx::query_scalar(
                    "INSERT INTO cases (community, number, day, seq, grid, category, channel,
                        place, summary, reporter, phone, tier, state, reported_at, dispatched_at,
                        responder, arrived_at, arrival_how, arrival_secs, arrival_target_secs,
                        arrival_met, called_up_to, called_up_at, call_up_received_at,
                        resolved_at, resolution_note, reporter_told, cancelled_at,
                        cancel_reason, updated_at, import_key, reporter_satisfied, verdict_note,
                        arrival_unrecorded)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15,
                        $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30,
                        $31, $32, $33, $34)
                     RETURNING id",
                )
                .bind(&community)
                .bind(&c.number)
                .bind(c.day)
                .bind(c.seq)
                .bind(c.grid)
                .bind(c.category)
                .bind(c.channel)
                .bind(c.place)
                .bind(c.summary)
                .bind(c.reporter)
                .bind(c.phone)
                .bind(c.tier)
                .bind(c.state)
                .bind(c.reported_at)
                .bind(c.dispatched_at)
                .bind(c.responder)
                .bind(c.arrived_at)
                .bind(c.arrival_how)
                .bind(c.arrival_secs)
                .bind(c.arrival_target_secs)
                .bind(c.arrival_met)
                .bind(c.called_up_to)
                .bind(c.called_up_at)
                .bind(c.call_up_received_at)
                .bind(c.resolved_at)
                .bind(c.resolution_note)
                .bind(c.reporter_told)
                .bind(c.cancelled_at)
                .bind(c.cancel_reason)
                .bind(c.updated_at)
                .bind(c.import_key)
                .bind(c.reporter_satisfied)
                .bind(c.verdict_note)
                .bind(c.arrival_unrecorded)
                .fetch_one(&mut *tx)
                .await
                .map_err(|e| pg(e, &format!("cannot copy case {}", c.number)))?;
                ids.insert(c.id, id);
                moved.cases += 1;
                if moved.cases % 500 == 0 {
                    progress(moved.cases + moved.events, total);
                }
            }
        }
        let mut after = 0;
        loop {
            let batch: Vec<EventRecord> = source.events_after(after, BATCH).await?;
            let Some(last) = batch.last() else { break };
            after = last.id;
            for e in batch {
                let case_id = ids.get(&e.case_id).copied().ok_or_else(|| {
                    StoreError::Unreadable(format!("event {} of a case that is not there", e.id))
                })?;
                sqlx::query(
                    "INSERT INTO events (community, case_id, at, recorded_at, actor, kind, details)
                     VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)",
                )
                .bind(&community)
                .bind(case_id)
                .bind(e.at)
                .bind(e.recorded_at)
                .bind(e.actor)
                .bind(e.kind)
                .bind(e.details)
                .execute(&mut *tx)
                .await
                .map_err(|e| pg(e, "cannot copy the events"))?;
                moved.events += 1;
                if moved.events % 2000 == 0 {
                    progress(moved.cases + moved.events, total);
                }
            }
        }
        let patrols: Vec<PatrolRecord> = source.patrols().await?;
        for PatrolRecord {
            grid,
            day,
            slot,
            at,
            findings,
            actor,
        } in patrols
        {
            sqlx::query(
                "INSERT INTO patrols (community, grid, day, slot, at, findings, actor)
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(&community)
            .bind(grid)
            .bind(day)
            .bind(slot)
            .bind(at)
            .bind(findings)
            .bind(actor)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the patrols"))?;
            moved.patrols += 1;
        }
        // The shifts, so each case's timeline still shows who held it.
        let handovers: Vec<HandoverRecord> = source.handovers().await?;
        for shift in handovers {
            sqlx::query(
                "INSERT INTO handovers (community, at, from_officer, to_officer)
                 VALUES ($1, $2, $3, $4)",
            )
            .bind(&community)
            .bind(shift.at)
            .bind(shift.from_officer)
            .bind(shift.to_officer)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the handovers"))?;
        }
        // Alerts already sent stay sent: the community's desks do not send them again.
        let alerts: Vec<AlertRecord> = source.alerts().await?;
        for AlertRecord {
            key,
            case_number: number,
            kind,
            seq,
            due_at: due,
            claimed_at: claimed,
            claimed_by: by,
        } in alerts
        {
            sqlx::query(
                "INSERT INTO alerts (audience, key, community, case_number, kind, seq, due_at,
                                     claimed_at, claimed_by)
                 VALUES ($1, $2, $1, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING",
            )
            .bind(&community)
            .bind(key)
            .bind(number)
            .bind(kind)
            .bind(seq)
            .bind(due)
            .bind(claimed)
            .bind(by)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the alert claims"))?;
        }
        // Links given out before the move keep opening their case after it.
        let links: Vec<LinkRecord> = source.links().await?;
        for link in links {
            sqlx::query(
                "INSERT INTO links (hash, community, number, role, person, made_at, departed_at,
                                    help_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(link.hash)
            .bind(&community)
            .bind(link.number)
            .bind(link.role)
            .bind(link.person)
            .bind(link.made_at)
            .bind(link.departed_at)
            .bind(link.help_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the links"))?;
        }
        // Systems keep their keys, and a retry still finds the case it opened.
        for key in source.api_keys().await? {
            sqlx::query(
                "INSERT INTO api_keys (community, name, hash, channel, made_at, revoked_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(&community)
            .bind(key.name)
            .bind(key.hash)
            .bind(key.channel)
            .bind(key.made_at)
            .bind(key.revoked_at)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the Open311 keys"))?;
        }
        for intake in source.intakes().await? {
            let case_id = ids.get(&intake.case_id).copied().ok_or_else(|| {
                StoreError::Unreadable(format!(
                    "an Open311 request of case {} that is not there",
                    intake.case_id
                ))
            })?;
            sqlx::query(
                "INSERT INTO intakes (case_id, community, client, idempotency_key, fingerprint,
                    token, lat, long, email, media_url, at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            )
            .bind(case_id)
            .bind(&community)
            .bind(intake.client)
            .bind(intake.idempotency_key)
            .bind(intake.fingerprint)
            .bind(intake.token)
            .bind(intake.lat)
            .bind(intake.long)
            .bind(intake.email)
            .bind(intake.media_url)
            .bind(intake.at)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot copy the Open311 requests"))?;
        }
        sqlx::query(
            "INSERT INTO case_counters (community, day, last_seq)
             SELECT community, day, MAX(seq) FROM cases WHERE community = $1 GROUP BY community, day
             ON CONFLICT (community, day) DO UPDATE
                 SET last_seq = GREATEST(case_counters.last_seq, excluded.last_seq)",
        )
        .bind(&community)
        .execute(&mut *tx)
        .await
        .map_err(|e| pg(e, "cannot number the moved cases"))?;
        sqlx::query("INSERT INTO settings (community, key, value) VALUES ($1, $2, $3)")
            .bind(&community)
            .bind(MOVED_FROM)
            .bind(note)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot record the move"))?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot finish the move"))?;
        source.close().await;
        Ok(moved)
    }
}
