//! The links table in a desk's file: kept by hash, never by token.

use chrono::{DateTime, Utc};
use sqlx::SqliteConnection;

use super::{Context, SqliteStore};
use crate::domain::links::Link;
use crate::store::rows::{self, millis};
use crate::store::{LinkMark, StoreError};

const COLUMNS: &str = "number, role, person, made_at, departed_at, help_at";

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
        let sql = format!("SELECT {COLUMNS} FROM links WHERE hash = ?");
        let row: Option<rows::LinkRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(hash)
            .fetch_optional(&self.pool)
            .await
            .context("cannot read the link")?;
        row.map(rows::link).transpose()
    }

    /// Sets `column` (departed_at or help_at) the first time; gives whether this was it.
    pub(super) async fn mark_link(
        &self,
        hash: &str,
        column: LinkMark,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let sql = match column {
            LinkMark::Departed => {
                "UPDATE links SET departed_at = ? WHERE hash = ? AND departed_at IS NULL"
            }
            LinkMark::Help => "UPDATE links SET help_at = ? WHERE hash = ? AND help_at IS NULL",
        };
        let mut tx = self.begin().await?;
        let changed = sqlx::query(sql)
            .bind(millis(at))
            .bind(hash)
            .execute(&mut *tx)
            .await
            .context("cannot record the tap")?
            .rows_affected();
        tx.commit().await.context("cannot record the tap")?;
        Ok(changed > 0)
    }
}

/// The responders' links of open cases, for the board's alerts (nobody answered, help asked).
pub(super) async fn open_links(conn: &mut SqliteConnection) -> Result<Vec<Link>, StoreError> {
    let rows: Vec<rows::LinkRow> = sqlx::query_as(
        "SELECT l.number, l.role, l.person, l.made_at, l.departed_at, l.help_at
         FROM links l JOIN cases c ON c.number = l.number
         WHERE l.role = 'responder' AND c.state IN ('reported', 'dispatched', 'on_scene')
         ORDER BY l.made_at",
    )
    .fetch_all(&mut *conn)
    .await
    .context("cannot read the links")?;
    rows.into_iter().map(rows::link).collect()
}
