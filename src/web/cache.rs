//! The server's one watch on the store, and what is kept while it has not changed: the links
//! opened recently and the public answers (Open311's lists). The public board's live refresh
//! follows the same watch.
//!
//! A responder's page is read far more often than anything changes (a phone refreshes, a page
//! polls, a crowd follows a link), and each read was two queries on the store's worker
//! threads. Before every use the watcher is asked whether anything was committed since (on a
//! file, a 48-byte read of SQLite's index, which every commit writes before it returns; on the
//! shared database, one read of the change counts its commits move); a change empties the
//! cache. The server's own writes empty it at once, so the page a tap redirects to is never
//! the one from before the tap.
//!
//! Requests that come while the store is being asked wait for the next look, which answers
//! for all of them: however many phones are on the page, the store is asked one at a time,
//! and never on a look begun before the request came.

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::watch;

use crate::desk::links::{Opened, hash};
use crate::desk::{Desk, DeskError};
use crate::domain::links::usable;
use crate::store::{DbWatcher, Watch};

/// At most this many links are kept; a full cache starts again empty.
const KEPT: usize = 4096;

/// The server's one watch on the store: the links it keeps, and the count of commits seen
/// that the public board's live refresh follows.
pub struct Cache {
    /// `None` until first asked; `Some(None)` when no watcher could be had.
    watcher: tokio::sync::Mutex<Option<Option<DbWatcher>>>,
    /// Looks at the store begun so far.
    looks: AtomicU64,
    kept: Mutex<Kept>,
    seen: watch::Sender<u64>,
    /// Held while a public answer is made: one at a time.
    making: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct Kept {
    /// Moves on every change seen: a read begun before it is not kept.
    generation: u64,
    links: HashMap<String, Opened>,
    /// Public answers (Open311's GETs) by what was asked, with when they were made.
    answers: HashMap<String, (std::time::Instant, Answer)>,
}

/// A public answer kept whole: its status, content type and body.
#[derive(Clone)]
pub struct Answer {
    pub status: axum::http::StatusCode,
    pub kind: &'static str,
    pub body: axum::body::Bytes,
}

impl axum::response::IntoResponse for Answer {
    fn into_response(self) -> axum::response::Response {
        (
            self.status,
            [(axum::http::header::CONTENT_TYPE, self.kind)],
            self.body,
        )
            .into_response()
    }
}

/// How long a public answer is kept at most, however quiet the store: what it shows also
/// moves with the clock (the 90 days a query covers end now).
const ANSWER_LIFE: Duration = Duration::from_secs(2);

impl Default for Cache {
    fn default() -> Cache {
        Cache {
            watcher: tokio::sync::Mutex::new(None),
            looks: AtomicU64::new(0),
            kept: Mutex::new(Kept::default()),
            seen: watch::Sender::new(0),
            making: tokio::sync::Mutex::new(()),
        }
    }
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
        // The store's read is boxed: its future is large (the engines' queries), and unboxed it
        // would make every request's future as large, kept page or not, on every connection.
        let Some(generation) = self.fresh(desk).await else {
            return Box::pin(desk.open_link(token, now)).await;
        };
        if let Some(opened) = self.kept().links.get(&hash).cloned() {
            return Ok(usable(&opened.case, desk.link_days(), now).then_some(opened));
        }
        let opened = Box::pin(desk.open_link(token, now)).await?;
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

    /// Forgets every link and answer kept: this server just wrote.
    pub fn forget(&self) {
        let mut kept = self.kept();
        kept.generation += 1;
        kept.links.clear();
        kept.answers.clear();
    }

    /// The answer to `asked` from the cache while nothing changed, else made by `make` and
    /// kept. One answer is made at a time: those asking meanwhile wait for it, or, when what
    /// is kept is only older than `ANSWER_LIFE` (nothing was committed since), get that.
    ///
    pub async fn answer<F>(&self, desk: &Desk, asked: String, make: F) -> Answer
    where
        F: std::future::Future<Output = Answer>,
    {
        let Some(generation) = self.fresh(desk).await else {
            return make.await;
        };
        let kept = self.kept().answers.get(&asked).cloned();
        if let Some((made, answer)) = &kept
            && made.elapsed() < ANSWER_LIFE
        {
            return answer.clone();
        }
        let _turn = match (self.making.try_lock(), kept) {
            (Ok(turn), _) => turn,
            (Err(_), Some((_, answer))) => return answer,
            (Err(_), None) => {
                let turn = self.making.lock().await;
                if let Some((made, answer)) = self.kept().answers.get(&asked)
                    && made.elapsed() < ANSWER_LIFE
                {
                    return answer.clone();
                }
                turn
            }
        };
        let started = std::time::Instant::now();
        let answer = make.await;
        if answer.status.is_success() {
            let mut kept = self.kept();
            if kept.generation == generation {
                if kept.answers.len() >= KEPT {
                    kept.answers.clear();
                }
                kept.answers.insert(asked, (started, answer.clone()));
            }
        }
        answer
    }

    /// Commits seen, moved on each: for the public board's listeners.
    pub fn commits(&self) -> watch::Receiver<u64> {
        self.seen.subscribe()
    }

    /// Looks for commits until nobody listens for them any more: at once when the store's
    /// waker rings (a file's writes, the shared database's notifications), else every second.
    pub async fn follow(&self, desk: &Desk) {
        self.fresh(desk).await;
        let waker = match self.watcher.lock().await.as_ref() {
            Some(Some(w)) => w.waker(),
            _ => {
                tracing::warn!(
                    "the public board cannot watch the store; it refreshes by the minute"
                );
                return;
            }
        };
        while !self.seen.is_closed() {
            match &waker {
                Some(w) => {
                    let _ = tokio::time::timeout(Duration::from_secs(1), w.notified()).await;
                }
                None => tokio::time::sleep(Duration::from_secs(1)).await,
            }
            self.fresh(desk).await;
        }
    }

    /// Takes in any change the store reports (what is kept is forgotten, the commit count
    /// moves); gives the generation now, `None` with no watcher.
    async fn fresh(&self, desk: &Desk) -> Option<u64> {
        let came = self.looks.load(Ordering::Acquire);
        let mut watching = self.watcher.lock().await;
        if watching.is_none() {
            let opened = Box::pin(desk.watcher()).await;
            if let Err(e) = &opened {
                tracing::warn!(error = %e, "links are read from the store each time");
            }
            *watching = Some(opened.ok());
        }
        let watcher = watching.as_mut()?.as_mut()?;
        // A look begun while this request waited for its turn answers for it too; one begun
        // before it came does not.
        if self.looks.load(Ordering::Acquire) == came {
            self.looks.fetch_add(1, Ordering::AcqRel);
            if !matches!(Box::pin(watcher.committed()).await, Ok(false)) {
                self.forget();
                self.seen.send_modify(|n| *n += 1);
            }
        }
        Some(self.kept().generation)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Kept> {
        // A panic while holding it left plain data behind: still usable.
        self.kept.lock().unwrap_or_else(|e| e.into_inner())
    }
}
