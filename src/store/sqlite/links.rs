//! The links table in a desk's file: kept by hash, never by token.

use chrono::{DateTime, Utc};

use super::{Context, SqliteStore};
use crate::domain::links::Link;
use crate::store::StoreError;
use crate::store::rows::{self, millis};

impl SqliteStore {
    pub(super) async fn put_link(&self, hash: &str, link: &Link) -> Result<(), StoreError> {
        let mut tx = self.begin().await?;
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM cases WHERE number = ?")
            .bind(&link.case)
            .fetch_optional(&mut *tx)
            .await
            .context("cannot make the link")?;
        if found.is_none() {
            return Err(StoreError::NoSuchCase(link.case.clone()));
        }
        sqlx::query(
            "INSERT INTO links (hash, number, role, person, made_at) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(hash)
        .bind(&link.case)
        .bind(link.role.code())
        .bind(&link.person)
        .bind(millis(link.made_at))
        .execute(&mut *tx)
        .await
        .context("cannot make the link")?;
        tx.commit().await.context("cannot make the link")
    }

    pub(super) async fn find_link(&self, hash: &str) -> Result<Option<Link>, StoreError> {
        let row: Option<rows::LinkRow> = sqlx::query_as(
            "SELECT number, role, person, made_at, departed_at FROM links WHERE hash = ?",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
        .context("cannot read the link")?;
        row.map(rows::link).transpose()
    }

    pub(super) async fn mark_departed(
        &self,
        hash: &str,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin().await?;
        let changed =
            sqlx::query("UPDATE links SET departed_at = ? WHERE hash = ? AND departed_at IS NULL")
                .bind(millis(at))
                .bind(hash)
                .execute(&mut *tx)
                .await
                .context("cannot record the departure")?
                .rows_affected();
        tx.commit().await.context("cannot record the departure")?;
        Ok(changed > 0)
    }
}
