//! A throwaway database on the real PostgreSQL server `.ci/with-postgres` starts, with desk
//! roles. Without that server the tests say they were skipped; under `CI=true` a missing
//! server fails them, so they can never be skipped silently.
#![allow(dead_code)]

use std::sync::atomic::{AtomicU32, Ordering};

use dutydesk::config::Config;
use dutydesk::desk::Desk;

pub struct SharedDb {
    /// The server's socket folder.
    pub host: String,
    pub name: String,
    /// This test's share of the server (see `SERVER`).
    _share: Share,
}

/// Every test on the server holds it shared while it runs; a test that stops the server holds
/// it alone, so no other test finds the server shutting down under it.
static SERVER: std::sync::RwLock<()> = std::sync::RwLock::new(());

enum Share {
    Shared(std::sync::RwLockReadGuard<'static, ()>),
    Alone(std::sync::RwLockWriteGuard<'static, ()>),
}

/// The test server's socket folder, or `None` (the test is skipped, saying so).
pub fn server(test: &str) -> Option<String> {
    match std::env::var("DUTYDESK_TEST_PG_DIR") {
        Ok(dir) if !dir.is_empty() => Some(dir),
        _ => {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                panic!(
                    "{test}: no PostgreSQL server for the tests (DUTYDESK_TEST_PG_DIR unset); CI runs them under .ci/with-postgres"
                );
            }
            eprintln!(
                "SKIPPED {test}: no PostgreSQL server; run `.ci/with-postgres cargo test` to include it"
            );
            None
        }
    }
}

/// Runs `psql` as `role` on `db` and gives its output, or its error.
pub fn psql(host: &str, db: &str, role: &str, sql: &str) -> Result<String, String> {
    psql_at(&format!("postgres:///{db}?host={host}&user={role}"), sql)
}

/// Runs `psql` on the database at `url` and gives its output, or its error.
pub fn psql_at(url: &str, sql: &str) -> Result<String, String> {
    let out = std::process::Command::new("psql")
        .args(["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1"])
        .arg(url)
        .arg("-c")
        .arg(sql)
        .output()
        .unwrap_or_else(|e| {
            panic!("this test needs psql (apt-get install postgresql-client): {e}")
        });
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
    }
}

static MADE: AtomicU32 = AtomicU32::new(0);

/// The config of a community's desk, or (`None`) of the sub-district's.
pub fn config(community: Option<&str>) -> Config {
    let text = match community {
        Some(code) => format!("[community]\ncode = \"{code}\"\nname_en = \"{code}\"\n"),
        None => "[community]\nsub_district = true\n".to_string(),
    };
    Config::parse(std::path::Path::new("test.toml"), &text).expect("test config")
}

impl SharedDb {
    /// A new, empty database, its schema made by the server's owner role (the sub-district's).
    pub fn new(test: &str) -> Option<SharedDb> {
        let host = server(test)?;
        // A test that panicked while holding its share left nothing to mend.
        let share = Share::Shared(SERVER.read().unwrap_or_else(|e| e.into_inner()));
        Some(SharedDb::made(host, share))
    }

    /// As `new`, for a test that stops and starts the server: it runs when no other test is on
    /// the server, and none starts until it ends.
    pub fn alone(test: &str) -> Option<SharedDb> {
        let host = server(test)?;
        let share = Share::Alone(SERVER.write().unwrap_or_else(|e| e.into_inner()));
        Some(SharedDb::made(host, share))
    }

    fn made(host: String, share: Share) -> SharedDb {
        let name = format!(
            "t{}_{}",
            std::process::id(),
            MADE.fetch_add(1, Ordering::Relaxed)
        );
        psql(
            &host,
            "postgres",
            "dutydesk",
            &format!("CREATE DATABASE {name}"),
        )
        .expect("create the test database");
        SharedDb {
            host,
            name,
            _share: share,
        }
    }

    /// The address of this database as `role`.
    pub fn url(&self, role: &str) -> String {
        format!("postgres:///{}?host={}&user={role}", self.name, self.host)
    }

    /// The owner's address (the sub-district's desk: it sees every community).
    pub fn owner(&self) -> String {
        self.url("dutydesk")
    }

    /// A login role (not a superuser: row-level security applies) made a desk of `community`.
    pub async fn community(&self, community: &str) -> String {
        let role = format!("{}_{community}", self.name);
        psql(
            &self.host,
            "postgres",
            "dutydesk",
            &format!("CREATE ROLE {role} LOGIN"),
        )
        .expect("create the desk role");
        let admin = self.admin().await;
        admin
            .grant(&role, Some((community, community, community)))
            .await
            .expect("grant");
        admin.close().await;
        role
    }

    /// The sub-district's desk, as the owner.
    pub async fn admin(&self) -> Desk {
        Desk::open_shared(&self.owner(), config(None))
            .await
            .expect("open the shared database as its owner")
    }

    /// A community's desk, as its own role.
    pub async fn desk(&self, role: &str, community: &str) -> Desk {
        Desk::open_shared(&self.url(role), config(Some(community)))
            .await
            .expect("open the shared database as a community's desk")
    }

    pub fn psql(&self, role: &str, sql: &str) -> Result<String, String> {
        psql(&self.host, &self.name, role, sql)
    }
}
