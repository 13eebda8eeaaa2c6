//! Links opened recently, kept while the store has not changed.
//!
//! A responder's page is read far more often than anything changes (a phone refreshes, a page
//! polls, a crowd follows a link), and each read was two queries on the store's worker
//! threads. Before every use the watcher is asked whether anything was committed since (on a
//! file, a 48-byte read of SQLite's index, which every commit writes before it returns); a
//! change empties the cache. The server's own writes empty it at once, so the page a tap
//! redirects to is never the one from before the tap. On the shared database, whose
//! notifications arrive a moment after the commit, nothing is kept: every page is read anew.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Utc};

use crate::desk::links::{Opened, hash};
use crate::desk::{Desk, DeskError};
use crate::domain::links::usable;
use crate::store::{DbWatcher, Watch};

/// At most this many links are kept; a full cache starts again empty.
const KEPT: usize = 4096;

#[derive(Default)]
pub struct Cache {
    /// `None` until first asked; `Some(None)` when no watcher could be had (nothing is kept).
    watcher: tokio::sync::Mutex<Option<Option<DbWatcher>>>,
    kept: Mutex<Kept>,
}

#[derive(Default)]
struct Kept {
    /// Moves on every change seen: a read begun before it is not kept.
    generation: u64,
    links: HashMap<String, Opened>,
}

impl Cache {
    /// The link `token` opens, as `Desk::open_link` gives it, from the cache while nothing
    /// changed.
    pub async fn open(
        &self,
        desk: &Desk,
        token: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Opened>, DeskError> {
        let Some(hash) = hash(token) else {
            return Ok(None);
        };
        let Some(generation) = self.fresh(desk).await else {
            return desk.open_link(token, now).await;
        };
        if let Some(opened) = self.kept().links.get(&hash).cloned() {
            return Ok(usable(&opened.case, desk.link_days(), now).then_some(opened));
        }
        let opened = desk.open_link(token, now).await?;
        if let Some(opened) = &opened {
            let mut kept = self.kept();
            if kept.generation == generation {
                if kept.links.len() >= KEPT {
                    kept.links.clear();
                }
                kept.links.insert(hash, opened.clone());
            }
        }
        Ok(opened)
    }

    /// Forgets everything: this server just wrote.
    pub fn forget(&self) {
        let mut kept = self.kept();
        kept.generation += 1;
        kept.links.clear();
    }

    /// Empties the cache if the store changed; gives the generation now, or `None` when the
    /// store cannot be watched (then nothing is kept).
    async fn fresh(&self, desk: &Desk) -> Option<u64> {
        let mut watcher = self.watcher.lock().await;
        if watcher.is_none() {
            let opened = desk.watcher().await;
            if let Err(e) = &opened {
                tracing::warn!(error = %e, "links are read from the store each time");
            }
            // Notifications come a moment after the commit: on their word a page could be
            // the one from before it, so where they are all there is, nothing is kept.
            *watcher = Some(opened.ok().filter(Watch::sees_commits_at_once));
        }
        let watcher = watcher.as_mut()?.as_mut()?;
        if !matches!(watcher.changed().await, Ok(false)) {
            self.forget();
        }
        Some(self.kept().generation)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while holding it left plain data behind: still usable.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
