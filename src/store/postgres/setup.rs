//! Setting the shared database up: its schema (migrations, run by the role that owns it), the
//! check that a desk's role belongs to its scope, and granting a role a desk.

use super::*;

impl PgStore {
    pub async fn schema_version(&self) -> Result<i64, StoreError> {
        let found: Option<String> =
            sqlx::query_scalar("SELECT to_regclass('_sqlx_migrations')::text")
                .fetch_one(&self.pool)
                .await
                .map_err(|e| pg(e, "cannot read the schema version"))?;
        if found.is_none() {
            return Ok(0);
        }
        sqlx::query_scalar(
            "SELECT COALESCE(MAX(version), 0)::BIGINT FROM _sqlx_migrations WHERE success",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the schema version"))
    }

    /// The newest schema this dutydesk knows.
    pub fn known_version() -> i64 {
        MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
    }

    pub(super) async fn migrate(&self) -> Result<(), StoreError> {
        let found = self.schema_version().await?;
        let known = PgStore::known_version();
        if found > known {
            return Err(StoreError::Shared(format!(
                "{} was set up by a newer dutydesk (schema version {found}; this one knows up to {known}). Upgrade dutydesk to use it",
                self.shown
            )));
        }
        if found == known {
            return Ok(());
        }
        // Many desks starting at once are safe: the migrator holds an advisory lock.
        MIGRATOR.run(&self.pool).await.map_err(|e| {
            StoreError::Shared(format!(
                "cannot set up the shared database {} ({e}). The role that owns the database runs dutydesk first (`dutydesk --db URL check`); the desks' roles need not create anything",
                self.shown
            ))
        })
    }

    /// The role must be a desk of this database, and of this scope.
    pub(super) async fn check_role(&self) -> Result<(), StoreError> {
        let (name, mapped, listed): (String, Option<String>, bool) = sqlx::query_as(
            "SELECT current_user::text,
                    (SELECT community FROM desk_roles WHERE role = current_user),
                    EXISTS (SELECT 1 FROM desk_roles WHERE role = current_user)",
        )
        .fetch_one(&self.pool)
        .await
        .map_err(|e| pg(e, "cannot read the desk roles"))?;
        let fix = "the database's owner runs `dutydesk --db URL grant ROLE --community CODE` (or `--sub-district`)";
        if !listed {
            return Err(StoreError::Shared(format!(
                "the database role `{name}` is not a desk of {}; {fix}",
                self.shown
            )));
        }
        match (&self.scope, mapped) {
            (Scope::SubDistrict, Some(code)) => Err(StoreError::Shared(format!(
                "the database role `{name}` is the desk of community `{code}`, not the sub-district's; set `community.code = \"{code}\"` in the config, or use a sub-district role"
            ))),
            (Scope::Community(code), Some(own)) if *code != own => {
                Err(StoreError::Shared(format!(
                    "the config names community `{code}`, but the database role `{name}` is the desk of `{own}`; fix `community.code`, or connect as `{code}`'s role"
                )))
            }
            (Scope::Community(code), _) => {
                let known: bool =
                    sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM communities WHERE code = $1)")
                        .bind(code)
                        .fetch_one(&self.pool)
                        .await
                        .map_err(|e| pg(e, "cannot read the communities"))?;
                if known {
                    Ok(())
                } else {
                    Err(StoreError::Shared(format!(
                        "community `{code}` is not in {}; {fix}",
                        self.shown
                    )))
                }
            }
            (Scope::SubDistrict, None) => Ok(()),
        }
    }

    /// Makes `role` a desk: of `community` (added, or renamed, with its display names), or
    /// of the sub-district (`None`). Only the database's owner may.
    pub async fn grant(
        &self,
        role: &str,
        community: Option<(&str, &str, &str)>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await.map_err(|e| pg(e, "cannot start"))?;
        if let Some((code, zh, en)) = community {
            sqlx::query(
                "INSERT INTO communities (code, name_zh, name_en) VALUES ($1, $2, $3)
                 ON CONFLICT (code) DO UPDATE SET name_zh = excluded.name_zh,
                                                  name_en = excluded.name_en",
            )
            .bind(code)
            .bind(zh)
            .bind(en)
            .execute(&mut *tx)
            .await
            .map_err(|e| pg(e, "cannot record the community"))?;
        }
        sqlx::query(
            "INSERT INTO desk_roles (role, community) VALUES ($1, $2)
             ON CONFLICT (role) DO UPDATE SET community = excluded.community",
        )
        .bind(role)
        .bind(community.map(|c| c.0))
        .execute(&mut *tx)
        .await
        .map_err(|e| pg(e, "cannot record the desk role"))?;
        let quoted = quote_ident(role);
        for grant in [
            format!("GRANT SELECT ON communities, desk_roles, _sqlx_migrations TO {quoted}"),
            format!(
                "GRANT SELECT, INSERT, UPDATE ON responders, case_counters, cases, patrols, settings, handovers, links, api_keys, intakes, change_counts TO {quoted}"
            ),
            format!("GRANT SELECT, INSERT ON events TO {quoted}"),
            format!("GRANT SELECT, INSERT, DELETE ON alerts TO {quoted}"),
            format!("GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {quoted}"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(grant))
                .execute(&mut *tx)
                .await
                .map_err(|e| match code_of(&e).as_deref() {
                    Some(UNDEFINED_OBJECT) => StoreError::Shared(format!(
                        "there is no database role `{role}`; make it first (CREATE ROLE \"{role}\" LOGIN PASSWORD '…'), then grant again"
                    )),
                    _ => pg(e, &format!("cannot grant the desk's rights to `{role}`")),
                })?;
        }
        tx.commit().await.map_err(|e| pg(e, "cannot grant"))
    }
}

/// An identifier quoted for SQL (a role name is not a bind parameter in GRANT).
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}
