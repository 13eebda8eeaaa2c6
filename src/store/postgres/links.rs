//! The links table on the shared database: kept by hash, never by token, per community (a
//! community's desk sees its own links only, by row security as for cases).

use chrono::{DateTime, Utc};

use super::{PgStore, pg};
use crate::domain::links::Link;
use crate::store::StoreError;
use crate::store::rows::{self, millis};

#[derive(sqlx::FromRow)]
struct LinkRecord {
    community: String,
    number: String,
    role: String,
    person: Option<String>,
    made_at: i64,
    departed_at: Option<i64>,
}

impl PgStore {
    pub(super) async fn put_link(&self, hash: &str, link: &Link) -> Result<(), StoreError> {
        let (community, number) = self.locate(&link.case)?;
        let found: Option<i64> =
            sqlx::query_scalar("SELECT id FROM cases WHERE community = $1 AND number = $2")
                .bind(community)
                .bind(number)
                .fetch_optional(&self.pool)
                .await
                .map_err(|e| pg(e, "cannot make the link"))?;
        if found.is_none() {
            return Err(StoreError::NoSuchCase(link.case.clone()));
        }
        sqlx::query(
            "INSERT INTO links (hash, community, number, role, person, made_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(hash)
        .bind(community)
        .bind(number)
        .bind(link.role.code())
        .bind(&link.person)
        .bind(millis(link.made_at))
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot make the link"))?;
        Ok(())
    }

    /// The link, its case named as this desk names cases (with its community on the
    /// sub-district's desk).
    pub(super) async fn find_link(&self, hash: &str) -> Result<Option<Link>, StoreError> {
        let row: Option<LinkRecord> = sqlx::query_as(
            "SELECT community, number, role, person, made_at, departed_at
                 FROM links WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the link"))?;
        let Some(r) = row else {
            return Ok(None);
        };
        let number = match self.reading() {
            Some(_) => r.number,
            None => format!("{}/{}", r.community, r.number),
        };
        rows::link((number, r.role, r.person, r.made_at, r.departed_at)).map(Some)
    }

    pub(super) async fn mark_departed(
        &self,
        hash: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let changed = sqlx::query(
            "UPDATE links SET departed_at = $1 WHERE hash = $2 AND departed_at IS NULL",
        )
        .bind(millis(at))
        .bind(hash)
        .execute(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot record the departure"))?
        .rows_affected();
        Ok(changed > 0)
    }
}
