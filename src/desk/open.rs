//! Opening a desk: its own file (made in one race-free step when new) or the shared database
//! as the config's community or the sub-district; a new desk starts with the catalog's roster.

use std::path::Path;

use crate::catalog::Catalog;
use crate::config::Config;
use crate::location::Location;
use crate::store::{Db, Durability, PgStore, SqliteStore, Store, StoreError};

use super::{Desk, DeskError};

impl Desk {
    /// Opens the database file at `db` (created if missing; a new one gets the catalog's roster).
    pub async fn open(db: &Path, config: Config) -> Result<Self, DeskError> {
        Desk::open_with(db, config, Durability::Full).await
    }

    /// Opens wherever `location` says: a file, or the shared database as the config's
    /// community (or the sub-district).
    pub async fn open_at(location: &Location, config: Config) -> Result<Self, DeskError> {
        match location {
            Location::File(path) => Desk::open(path, config).await,
            Location::Postgres(url) => Desk::open_shared(url, config).await,
        }
    }

    /// The shared database, as the desk the config names; a community new to it starts
    /// with the catalog's roster.
    pub async fn open_shared(url: &str, config: Config) -> Result<Self, DeskError> {
        let catalog = Catalog::load(&config.assets)?;
        let scope = config.scope().ok_or_else(|| {
            DeskError::Store(StoreError::Shared(
                "a shared database needs to know whose desk this is: set `code = \"…\"` (the community's code) or `sub_district = true` under `[community]` in the config".into(),
            ))
        })?;
        let store = PgStore::open(url, scope.clone()).await?;
        if let crate::location::Scope::Community(_) = scope
            && store.roster_size().await? == 0
        {
            for responder in &catalog.roster {
                // Another desk of the community seeding at the same moment: either is right.
                match store.add_responder(responder).await {
                    Ok(()) | Err(StoreError::Invalid { .. }) => {}
                    Err(e) => return Err(e.into()),
                }
            }
        }
        let desk = Desk::new(Db::Postgres(Box::new(store)), catalog, config);
        desk.settle_officer().await?;
        Ok(desk)
    }

    /// As `open`, choosing how hard commits wait for the disk (see `Durability`).
    pub async fn open_with(
        db: &Path,
        config: Config,
        durability: Durability,
    ) -> Result<Self, DeskError> {
        let catalog = Catalog::load(&config.assets)?;
        if !db.exists() {
            create(db, &catalog).await?;
        }
        let opened = SqliteStore::open_with(db, durability).await?;
        let desk = Desk::new(Db::Sqlite(opened.store), catalog, config);
        if opened.created {
            // An empty file found in place (made by hand, or by an older dutydesk).
            for responder in &desk.catalog.roster {
                desk.store.add_responder(responder).await?;
            }
        }
        desk.settle_officer().await?;
        Ok(desk)
    }
}

/// Makes a new database in one race-free step: built whole (schema, the catalog's roster)
/// under a name of its own beside `db`, closed, then linked into place. Of several processes
/// creating the same database at once, one link wins; the others find it whole and use it.
async fn create(db: &Path, catalog: &Catalog) -> Result<(), DeskError> {
    static MADE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let mut name = db.as_os_str().to_owned();
    name.push(format!(
        ".new-{}-{}",
        std::process::id(),
        MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    let building = std::path::PathBuf::from(name);
    let result = async {
        let opened = SqliteStore::open_with(&building, Durability::Full).await?;
        for responder in &catalog.roster {
            opened.store.add_responder(responder).await?;
        }
        // Closing checkpoints the WAL into the file: what is linked is the whole database.
        opened.store.close().await;
        match std::fs::hard_link(&building, db) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
            Err(e) => Err(DeskError::Store(StoreError::Io {
                context: format!("cannot create {}", db.display()),
                source: e,
            })),
        }
    }
    .await;
    for suffix in ["", "-wal", "-shm"] {
        let mut leftover = building.as_os_str().to_owned();
        leftover.push(suffix);
        let _ = std::fs::remove_file(std::path::PathBuf::from(leftover));
    }
    result
}
