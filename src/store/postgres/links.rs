//! The links table on the shared database: kept by hash, never by token, per community (a
//! community's desk sees its own links only, by row security as for cases).

use chrono::{DateTime, Utc};
use sqlx::PgConnection;

use super::{PgStore, pg};
use crate::domain::links::Link;
use crate::store::rows::{self, millis};
use crate::store::{LinkMark, StoreError};

#[derive(sqlx::FromRow)]
struct LinkRecord {
    community: String,
    number: String,
    role: String,
    person: Option<String>,
    made_at: i64,
    departed_at: Option<i64>,
    help_at: Option<i64>,
}

impl LinkRecord {
    /// The link, its case named as this desk names cases (with its community on the
    /// sub-district's desk).
    fn named(self, community: Option<&str>) -> Result<Link, StoreError> {
        let number = match community {
            Some(_) => self.number,
            None => format!("{}/{}", self.community, self.number),
        };
        rows::link((
            number,
            self.role,
            self.person,
            self.made_at,
            self.departed_at,
            self.help_at,
        ))
    }
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

    pub(super) async fn find_link(&self, hash: &str) -> Result<Option<Link>, StoreError> {
        let row: Option<LinkRecord> = sqlx::query_as(
            "SELECT community, number, role, person, made_at, departed_at, help_at
             FROM links WHERE hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the link"))?;
        row.map(|r| r.named(self.reading())).transpose()
    }

    pub(super) async fn mark_link(
        &self,
        hash: &str,
        column: LinkMark,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let sql = match column {
            LinkMark::Departed => {
                "UPDATE links SET departed_at = $1 WHERE hash = $2 AND departed_at IS NULL"
            }
            LinkMark::Help => "UPDATE links SET help_at = $1 WHERE hash = $2 AND help_at IS NULL",
        };
        let changed = sqlx::query(sql)
            .bind(millis(at))
            .bind(hash)
            .execute(&self.pool)
            .await
            .map_err(|e| pg(e, "cannot record the tap"))?
            .rows_affected();
        Ok(changed > 0)
    }
}

/// The responders' links of open cases (of `community`, or every community's).
pub(super) async fn open_links(
    conn: &mut PgConnection,
    community: Option<&str>,
) -> Result<Vec<Link>, StoreError> {
    let rows: Vec<LinkRecord> = sqlx::query_as(
        "SELECT l.community, l.number, l.role, l.person, l.made_at, l.departed_at, l.help_at
         FROM links l JOIN cases c ON c.community = l.community AND c.number = l.number
         WHERE l.role = 'responder' AND c.state IN ('reported', 'dispatched', 'on_scene')
           AND ($1::text IS NULL OR l.community = $1)
         ORDER BY l.made_at",
    )
    .bind(community)
    .fetch_all(&mut *conn)
    .await
    .map_err(|e| pg(e, "cannot read the links"))?;
    rows.into_iter().map(|r| r.named(community)).collect()
}
