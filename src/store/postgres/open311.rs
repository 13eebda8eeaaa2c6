//! Open311's tables on the shared database, per community (row security as for cases): the
//! systems' keys (kept by hash) and what their reports brought beside the case.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{AssertSqlSafe, PgConnection};

use super::{PgStore, Scope, pg};
use crate::domain::lifecycle::Problem;
use crate::domain::{Action, Report, Rules, lifecycle};
use crate::store::StoreError;
use crate::store::open311::{
    ApiKey, ApiKeyRow, Intake, NoteSql, Request, RequestQuery, RequestRow, Taken, name_taken,
    requests_sql,
};
use crate::store::rows::{Bind, millis};

impl PgStore {
    /// The community a key or a report is for: this community's desk writes its own; the
    /// sub-district's names one.
    fn community_for<'a>(&'a self, given: Option<&'a str>) -> Result<&'a str, StoreError> {
        let bad = |why: String| StoreError::Invalid {
            field: "community",
            problem: Problem::Argument(why),
        };
        match (&self.scope, given) {
            (Scope::Community(own), None) => Ok(own),
            (Scope::Community(own), Some(code)) if code == own => Ok(own),
            (Scope::Community(own), Some(code)) => Err(bad(format!(
                "`{code}` is not this desk's community ({own}); its own desk or the sub-district's makes its keys and takes its reports"
            ))),
            (Scope::SubDistrict, Some(code)) => Ok(code),
            (Scope::SubDistrict, None) => Err(bad(
                "the sub-district's desk serves many communities: name one (--community CODE)"
                    .into(),
            )),
        }
    }

    pub(crate) async fn add_api_key(&self, key: &ApiKey, hash: &str) -> Result<(), StoreError> {
        let community = self.community_for(key.community.as_deref())?;
        let known: bool =
            sqlx::query_scalar("SELECT EXISTS(SELECT 1 FROM communities WHERE code = $1)")
                .bind(community)
                .fetch_one(&self.pool)
                .await
                .map_err(|e| pg(e, "cannot read the communities"))?;
        if !known {
            return Err(StoreError::Invalid {
                field: "community",
                problem: Problem::Argument(format!(
                    "no community `{community}` on this database (`dutydesk communities` lists them)"
                )),
            });
        }
        let added = sqlx::query(
            "INSERT INTO api_keys (community, name, hash, channel, made_at)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (community, name) DO NOTHING",
        )
        .bind(community)
        .bind(&key.name)
        .bind(hash)
        .bind(key.channel.code())
        .bind(millis(key.made_at))
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot keep the key"))?
        .rows_affected();
        if added == 0 {
            return Err(name_taken(&key.name));
        }
        Ok(())
    }

    pub(crate) async fn api_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        let rows: Vec<ApiKeyRow> = sqlx::query_as(
            "SELECT community, name, channel, made_at, revoked_at FROM api_keys
             ORDER BY made_at, community, name",
        )
        .fetch_all(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the keys"))?;
        rows.into_iter().map(ApiKeyRow::into_key).collect()
    }

    pub(crate) async fn revoke_api_key(
        &self,
        name: &str,
        community: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let community = self.community_for(community)?;
        let changed = sqlx::query(
            "UPDATE api_keys SET revoked_at = $1
             WHERE community = $2 AND name = $3 AND revoked_at IS NULL",
        )
        .bind(millis(at))
        .bind(community)
        .bind(name)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot revoke the key"))?
        .rows_affected();
        Ok(changed > 0)
    }

    pub(crate) async fn api_key(&self, hash: &str) -> Result<Option<ApiKey>, StoreError> {
        let row: Option<ApiKeyRow> = sqlx::query_as(
            "SELECT community, name, channel, made_at, revoked_at FROM api_keys WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the key"))?;
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
        let community = self.community_for(community)?;
        let mut tx = self.begin().await?;
        // Two identical requests at once (READ COMMITTED): the second waits here, then finds
        // the first.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))")
            .bind(format!("{community} {}", intake.client))
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot take the request"))?;
        if let Some((number, token)) = handed_in_before(&mut tx, community, intake).await? {
            let (_, row) = Self::load(&mut tx, community, &number, false).await?;
            tx.commit()
                .await
                .map_err(|e| pg(e, "cannot read the case"))?;
            return Ok(Taken {
                case: row.into_case()?,
                token,
                new: false,
            });
        }
        let actor = &intake.client;
        let (id, mut case) =
            Self::insert_report(&mut tx, community, day, report, actor, now, rules, None).await?;
        if let Some(url) = &intake.media_url {
            let note = Action::Note {
                text: url.clone(),
                public: true,
            };
            let (next, event) = lifecycle::apply(&case, &note, report.at, now, rules)?;
            Self::write_changes(&mut tx, id, &next, now).await?;
            Self::append(&mut tx, community, id, &event, actor, now).await?;
            case = next;
        }
        sqlx::query(
            "INSERT INTO intakes (case_id, community, client, idempotency_key, fingerprint, token,
                lat, long, email, media_url, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        )
        .bind(id)
        .bind(community)
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
        .map_err(|e| pg(e, "cannot keep the request"))?;
        tx.commit()
            .await
            .map_err(|e| pg(e, "cannot save the case"))?;
        Ok(Taken {
            case,
            token: intake.token.clone(),
            new: true,
        })
    }

    pub(crate) async fn requests(&self, query: &RequestQuery) -> Result<Vec<Request>, StoreError> {
        let note = NoteSql {
            text: "e.details->>'text'",
            public: "e.details->>'public' = 'true'",
        };
        let community = query.community.as_deref().or(self.reading());
        let Some((sql, binds)) = requests_sql(query, community, true, '$', &note) else {
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
            .map_err(|e| pg(e, "cannot read the requests"))?;
        rows.into_iter().map(RequestRow::into_request).collect()
    }

    pub(crate) async fn intake_token(
        &self,
        token: &str,
    ) -> Result<Option<(Option<String>, String)>, StoreError> {
        let found: Option<(String, String)> = sqlx::query_as(
            "SELECT c.community, c.number FROM intakes i JOIN cases c ON c.id = i.case_id
             WHERE i.token = $1",
        )
        .bind(token)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the token"))?;
        Ok(found.map(|(c, n)| (Some(c), n)))
    }
}

/// The case an earlier hand-in of the same request opened: by its idempotency key, else by
/// the same fields since `intake.since`.
async fn handed_in_before(
    conn: &mut PgConnection,
    community: &str,
    intake: &Intake,
) -> Result<Option<(String, String)>, StoreError> {
    let found = match &intake.idempotency_key {
        Some(key) => {
            sqlx::query_as(
                "SELECT c.number, i.token FROM intakes i JOIN cases c ON c.id = i.case_id
                 WHERE i.community = $1 AND i.client = $2 AND i.idempotency_key = $3",
            )
            .bind(community)
            .bind(&intake.client)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await
        }
        None => {
            sqlx::query_as(
                "SELECT c.number, i.token FROM intakes i JOIN cases c ON c.id = i.case_id
                 WHERE i.community = $1 AND i.client = $2 AND i.fingerprint = $3 AND i.at >= $4
                 ORDER BY i.at LIMIT 1",
            )
            .bind(community)
            .bind(&intake.client)
            .bind(&intake.fingerprint)
            .bind(millis(intake.since))
            .fetch_optional(&mut *conn)
            .await
        }
    };
    found.map_err(|e| pg(e, "cannot read the requests handed in"))
}
