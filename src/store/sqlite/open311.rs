//! Open311's tables in a desk's file: the systems' keys (kept by hash) and what their reports
//! brought beside the case.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, SqliteConnection};

use super::{Context, SqliteStore};
use crate::domain::lifecycle::Problem;
use crate::domain::{Action, Report, Rules, lifecycle};
use crate::store::StoreError;
use crate::store::open311::{
    ApiKey, ApiKeyRow, Intake, NoteSql, Request, RequestQuery, RequestRow, Taken, name_taken,
    requests_sql,
};
use crate::store::rows::{Bind, millis};

/// Only on a shared database is a key or a report some community's.
fn no_community(community: Option<&str>) -> Result<(), StoreError> {
    match community {
        None => Ok(()),
        Some(code) => Err(StoreError::Invalid {
            field: "community",
            problem: Problem::Argument(format!(
                "`{code}`: a desk's own file holds one community; --community is for a shared database"
            )),
        }),
    }
}

impl SqliteStore {
    pub(crate) async fn add_api_key(&self, key: &ApiKey, hash: &str) -> Result<(), StoreError> {
        no_community(key.community.as_deref())?;
        let mut tx = self.begin().await?;
        let taken: bool =
            sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM api_keys WHERE name = ?)")
                .bind(&key.name)
                .fetch_one(&mut *tx)
                .await
                .context("cannot read the keys")?;
        if taken {
            return Err(name_taken(&key.name));
        }
        sqlx::query("INSERT INTO api_keys (name, hash, channel, made_at) VALUES (?, ?, ?, ?)")
            .bind(&key.name)
            .bind(hash)
            .bind(key.channel.code())
            .bind(millis(key.made_at))
            .execute(&mut *tx)
            .await
            .context("cannot keep the key")?;
        tx.commit().await.context("cannot keep the key")
    }

    pub(crate) async fn api_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        let rows: Vec<ApiKeyRow> = sqlx::query_as(
            "SELECT name, channel, made_at, revoked_at FROM api_keys ORDER BY made_at, name",
        )
        .fetch_all(&self.pool)
        .await
        .context("cannot read the keys")?;
        rows.into_iter().map(ApiKeyRow::into_key).collect()
    }

    pub(crate) async fn revoke_api_key(
        &self,
        name: &str,
        community: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        no_community(community)?;
        let mut tx = self.begin().await?;
        let changed =
            sqlx::query("UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL")
                .bind(millis(at))
                .bind(name)
                .execute(&mut *tx)
                .await
                .context("cannot revoke the key")?
                .rows_affected();
        tx.commit().await.context("cannot revoke the key")?;
        Ok(changed > 0)
    }

    pub(crate) async fn api_key(&self, hash: &str) -> Result<Option<ApiKey>, StoreError> {
        let row: Option<ApiKeyRow> = sqlx::query_as(
            "SELECT name, channel, made_at, revoked_at FROM api_keys WHERE hash = ?",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the key")?;
        row.map(ApiKeyRow::into_key).transpose()
    }

    /// Opens the case and keeps the intake in one change; the system's key name signs it.
    pub(crate) async fn intake(
        &self,
        community: Option<&str>,
        day: NaiveDate,
        report: &Report,
        intake: &Intake,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Taken, StoreError> {
        no_community(community)?;
        // BEGIN IMMEDIATE: of two identical requests at once, the second finds the first.
        let mut tx = self.begin().await?;
        if let Some((number, token)) = handed_in_before(&mut tx, intake).await? {
            let (_, case) = Self::load(&mut tx, &number).await?;
            tx.commit().await.context("cannot read the case")?;
            return Ok(Taken {
                case,
                token,
                new: false,
            });
        }
        let actor = &intake.client;
        let (id, mut case) =
            Self::insert_report(&mut tx, day, report, actor, now, rules, None).await?;
        if let Some(url) = &intake.media_url {
            let note = Action::Note {
                text: url.clone(),
                public: true,
            };
            let (next, event) = lifecycle::apply(&case, &note, report.at, now, rules)?;
            Self::write_changes(&mut tx, id, &next, now).await?;
            Self::append(&mut tx, id, &event, actor, now).await?;
            case = next;
        }
        sqlx::query(
            "INSERT INTO intakes (case_id, client, idempotency_key, fingerprint, token, lat, long,
                email, media_url, at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&intake.client)
        .bind(&intake.idempotency_key)
        .bind(&intake.fingerprint)
        .bind(&intake.token)
        .bind(intake.lat)
        .bind(intake.long)
        .bind(&intake.email)
        .bind(&intake.media_url)
        .bind(millis(now))
        .execute(&mut *tx)
        .await
        .context("cannot keep the request")?;
        tx.commit().await.context("cannot save the case")?;
        Ok(Taken {
            case,
            token: intake.token.clone(),
            new: true,
        })
    }

    pub(crate) async fn requests(&self, query: &RequestQuery) -> Result<Vec<Request>, StoreError> {
        let note = NoteSql {
            text: "json_extract(e.details, '$.text')",
            public: "json_extract(e.details, '$.public') = 1",
        };
        let Some((sql, binds)) = requests_sql(query, None, false, '?', &note) else {
            return Ok(Vec::new());
        };
        let mut q = sqlx::query_as::<_, RequestRow>(AssertSqlSafe(sql));
        for bind in binds {
            q = match bind {
                Bind::Text(t) => q.bind(t),
                Bind::Int(i) => q.bind(i),
            };
        }
        let rows = q
            .fetch_all(&self.pool)
            .await
            .context("cannot read the requests")?;
        rows.into_iter().map(RequestRow::into_request).collect()
    }

    pub(crate) async fn intake_token(
        &self,
        token: &str,
    ) -> Result<Option<(Option<String>, String)>, StoreError> {
        let number: Option<String> = sqlx::query_scalar(
            "SELECT c.number FROM intakes i JOIN cases c ON c.id = i.case_id WHERE i.token = ?",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the token")?;
        Ok(number.map(|n| (None, n)))
    }
}

/// The case an earlier hand-in of the same request opened: by its idempotency key, else by
/// the same fields since `intake.since`.
async fn handed_in_before(
    conn: &mut SqliteConnection,
    intake: &Intake,
) -> Result<Option<(String, String)>, StoreError> {
    let found = match &intake.idempotency_key {
        Some(key) => {
            sqlx::query_as(
                "SELECT c.number, i.token FROM intakes i JOIN cases c ON c.id = i.case_id
             WHERE i.client = ? AND i.idempotency_key = ?",
            )
            .bind(&intake.client)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await
        }
        None => {
            sqlx::query_as(
                "SELECT c.number, i.token FROM intakes i JOIN cases c ON c.id = i.case_id
             WHERE i.client = ? AND i.fingerprint = ? AND i.at >= ?
             ORDER BY i.at LIMIT 1",
            )
            .bind(&intake.client)
            .bind(&intake.fingerprint)
            .bind(millis(intake.since))
            .fetch_optional(&mut *conn)
            .await
        }
    };
    found.context("cannot read the requests handed in")
}
