//! The whole file read out, for a move into the shared database (`postgres/moving.rs` writes
//! it there): one read-only connection in one read transaction (one moment of the file), the
//! cases and events in batches (a big desk is never held whole in memory).

use sqlx::{Connection, SqliteConnection};

use super::{Context, SqliteStore};
use crate::store::StoreError;

#[derive(sqlx::FromRow)]
pub(crate) struct CaseRecord {
    pub(crate) id: i64,
    pub(crate) number: String,
    pub(crate) day: String,
    pub(crate) seq: i64,
    pub(crate) grid: i64,
    pub(crate) category: String,
    pub(crate) channel: String,
    pub(crate) place: String,
    pub(crate) summary: String,
    pub(crate) reporter: Option<String>,
    pub(crate) phone: Option<String>,
    pub(crate) tier: String,
    pub(crate) state: String,
    pub(crate) reported_at: i64,
    pub(crate) dispatched_at: Option<i64>,
    pub(crate) responder: Option<String>,
    pub(crate) arrived_at: Option<i64>,
    pub(crate) arrival_how: Option<String>,
    pub(crate) arrival_secs: Option<i64>,
    pub(crate) arrival_target_secs: Option<i64>,
    pub(crate) arrival_met: Option<bool>,
    pub(crate) called_up_to: Option<String>,
    pub(crate) called_up_at: Option<i64>,
    pub(crate) call_up_received_at: Option<i64>,
    pub(crate) resolved_at: Option<i64>,
    pub(crate) resolution_note: Option<String>,
    pub(crate) reporter_told: bool,
    pub(crate) cancelled_at: Option<i64>,
    pub(crate) cancel_reason: Option<String>,
    pub(crate) updated_at: i64,
    pub(crate) import_key: Option<String>,
    pub(crate) reporter_satisfied: Option<bool>,
    pub(crate) verdict_note: Option<String>,
    pub(crate) arrival_unrecorded: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct EventRecord {
    pub(crate) id: i64,
    pub(crate) case_id: i64,
    pub(crate) at: i64,
    pub(crate) recorded_at: i64,
    pub(crate) actor: String,
    pub(crate) kind: String,
    pub(crate) details: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct ResponderRecord {
    pub(crate) name: String,
    pub(crate) role: String,
    pub(crate) grid: Option<i64>,
    pub(crate) phone: Option<String>,
    pub(crate) on_duty: bool,
}

#[derive(sqlx::FromRow)]
pub(crate) struct PatrolRecord {
    pub(crate) grid: i64,
    pub(crate) day: String,
    pub(crate) slot: String,
    pub(crate) at: i64,
    pub(crate) findings: i64,
    pub(crate) actor: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct HandoverRecord {
    pub(crate) at: i64,
    pub(crate) from_officer: String,
    pub(crate) to_officer: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct AlertRecord {
    pub(crate) key: String,
    pub(crate) case_number: String,
    pub(crate) kind: String,
    pub(crate) seq: i64,
    pub(crate) due_at: i64,
    pub(crate) claimed_at: i64,
    pub(crate) claimed_by: String,
}

#[derive(sqlx::FromRow)]
pub(crate) struct LinkRecord {
    pub(crate) hash: String,
    pub(crate) number: String,
    pub(crate) role: String,
    pub(crate) person: Option<String>,
    pub(crate) made_at: i64,
    pub(crate) departed_at: Option<i64>,
    pub(crate) help_at: Option<i64>,
}

/// A system's Open311 key, kept by hash.
#[derive(sqlx::FromRow)]
pub(crate) struct ApiKeyRecord {
    pub(crate) name: String,
    pub(crate) hash: String,
    pub(crate) channel: String,
    pub(crate) made_at: i64,
    pub(crate) revoked_at: Option<i64>,
}

/// What a system's report brought beside its case.
#[derive(sqlx::FromRow)]
pub(crate) struct IntakeRecord {
    pub(crate) case_id: i64,
    pub(crate) client: String,
    pub(crate) idempotency_key: Option<String>,
    pub(crate) fingerprint: String,
    pub(crate) token: String,
    pub(crate) lat: Option<f64>,
    pub(crate) long: Option<f64>,
    pub(crate) email: Option<String>,
    pub(crate) media_url: Option<String>,
    pub(crate) at: i64,
}

/// A read of the whole file, open until `close`.
pub(crate) struct Export {
    conn: SqliteConnection,
}

impl SqliteStore {
    /// Opens the file for reading out, read-only, at one moment.
    pub(crate) async fn export(&self) -> Result<Export, StoreError> {
        let what = format!("cannot read {}", self.path().display());
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(self.path())
            .read_only(true);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .context(&what)?;
        // Held until `close`: every read below sees the same moment of the file.
        sqlx::query("BEGIN")
            .execute(&mut conn)
            .await
            .context(&what)?;
        Ok(Export { conn })
    }
}

impl Export {
    /// Cases and events, for the progress.
    pub(crate) async fn counts(&mut self) -> Result<(i64, i64), StoreError> {
        sqlx::query_as("SELECT (SELECT COUNT(*) FROM cases), (SELECT COUNT(*) FROM events)")
            .fetch_one(&mut self.conn)
            .await
            .context("cannot count what to move")
    }

    pub(crate) async fn responders(&mut self) -> Result<Vec<ResponderRecord>, StoreError> {
        sqlx::query_as("SELECT name, role, grid, phone, on_duty FROM responders ORDER BY id")
            .fetch_all(&mut self.conn)
            .await
            .context("cannot read the roster")
    }

    /// Up to `limit` cases after id `after`, in id order.
    pub(crate) async fn cases_after(
        &mut self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<CaseRecord>, StoreError> {
        sqlx::query_as("SELECT * FROM cases WHERE id > ? ORDER BY id LIMIT ?")
            .bind(after)
            .bind(limit)
            .fetch_all(&mut self.conn)
            .await
            .context("cannot read the cases")
    }

    /// Up to `limit` events after id `after`, in id order.
    pub(crate) async fn events_after(
        &mut self,
        after: i64,
        limit: i64,
    ) -> Result<Vec<EventRecord>, StoreError> {
        sqlx::query_as("SELECT * FROM events WHERE id > ? ORDER BY id LIMIT ?")
            .bind(after)
            .bind(limit)
            .fetch_all(&mut self.conn)
            .await
            .context("cannot read the events")
    }

    pub(crate) async fn patrols(&mut self) -> Result<Vec<PatrolRecord>, StoreError> {
        sqlx::query_as("SELECT grid, day, slot, at, findings, actor FROM patrols ORDER BY id")
            .fetch_all(&mut self.conn)
            .await
            .context("cannot read the patrols")
    }

    pub(crate) async fn handovers(&mut self) -> Result<Vec<HandoverRecord>, StoreError> {
        sqlx::query_as("SELECT at, from_officer, to_officer FROM handovers ORDER BY id")
            .fetch_all(&mut self.conn)
            .await
            .context("cannot read the handovers")
    }

    pub(crate) async fn alerts(&mut self) -> Result<Vec<AlertRecord>, StoreError> {
        sqlx::query_as(
            "SELECT key, case_number, kind, seq, due_at, claimed_at, claimed_by FROM alerts",
        )
        .fetch_all(&mut self.conn)
        .await
        .context("cannot read the alert claims")
    }

    /// The links given out (by hash): they keep working after the move.
    pub(crate) async fn links(&mut self) -> Result<Vec<LinkRecord>, StoreError> {
        sqlx::query_as(
            "SELECT hash, number, role, person, made_at, departed_at, help_at FROM links ORDER BY made_at",
        )
        .fetch_all(&mut self.conn)
        .await
        .context("cannot read the links")
    }

    pub(crate) async fn api_keys(&mut self) -> Result<Vec<ApiKeyRecord>, StoreError> {
        sqlx::query_as(
            "SELECT name, hash, channel, made_at, revoked_at FROM api_keys ORDER BY made_at",
        )
        .fetch_all(&mut self.conn)
        .await
        .context("cannot read the Open311 keys")
    }

    pub(crate) async fn intakes(&mut self) -> Result<Vec<IntakeRecord>, StoreError> {
        sqlx::query_as(
            "SELECT case_id, client, idempotency_key, fingerprint, token, lat, long, email,
                    media_url, at FROM intakes ORDER BY case_id",
        )
        .fetch_all(&mut self.conn)
        .await
        .context("cannot read the Open311 requests")
    }

    pub(crate) async fn close(mut self) {
        let _ = sqlx::query("ROLLBACK").execute(&mut self.conn).await;
        let _ = self.conn.close().await;
    }
}
