//! Hearing other desks' changes on the shared database: `LISTEN` on the desk's channel (the
//! community's, or the sub-district's over all), on a connection of its own held by a task.
//! Notifications sent while the connection was down are lost, so every reconnect asks for a
//! full reload; a slow poll reloads anyway, as a safety net.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use sqlx::postgres::{PgListener, PgPool};
use tokio::sync::Notify;

use super::{PgStore, Scope};
use crate::domain::Alert;
use crate::store::{StoreError, Watch};

/// A full reload at least this often, whatever was heard.
const SAFETY_POLL: Duration = Duration::from_secs(30);
/// Between attempts to reach a server that is down.
const RETRY_EVERY: Duration = Duration::from_secs(1);

/// What the listening task has heard, for the watcher to hand on.
#[derive(Default)]
struct Heard {
    changed: bool,
    /// Why the listening connection is down, while it is.
    down: Option<String>,
}

pub struct PgWatcher {
    store: PgStore,
    heard: Arc<Mutex<Heard>>,
    wake: Arc<Notify>,
    task: tokio::task::JoinHandle<()>,
    last_reload: Instant,
    /// The change counts' sum when `committed` last read it.
    counted: Option<i64>,
}

impl Drop for PgWatcher {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl PgWatcher {
    pub(super) async fn start(store: PgStore) -> Result<PgWatcher, StoreError> {
        let channel = match store.scope() {
            Scope::Community(code) => format!("dutydesk_{code}"),
            Scope::SubDistrict => "dutydesk".to_string(),
        };
        let own = store.own_connection();
        let listener = listen(&own, &channel).await?;
        let heard = Arc::new(Mutex::new(Heard::default()));
        let wake = Arc::new(Notify::new());
        let task = tokio::spawn(hear(own, channel, listener, heard.clone(), wake.clone()));
        Ok(PgWatcher {
            store,
            heard,
            wake,
            task,
            last_reload: Instant::now(),
            counted: None,
        })
    }
}

async fn listen(own: &PgPool, channel: &str) -> Result<PgListener, StoreError> {
    let mut listener = PgListener::connect_with(own)
        .await
        .map_err(|e| super::pg(e, "cannot listen for other desks' changes"))?;
    // A lost connection is ours to see (and reload after), not sqlx's to hide.
    listener.ignore_pool_close_event(true);
    listener
        .listen(channel)
        .await
        .map_err(|e| super::pg(e, "cannot listen for other desks' changes"))?;
    Ok(listener)
}

/// The listening task: each notification marks a change and wakes the desk; a lost
/// connection marks the desk down until a new one listens, which then asks for a full reload.
async fn hear(
    own: PgPool,
    channel: String,
    mut listener: PgListener,
    heard: Arc<Mutex<Heard>>,
    wake: Arc<Notify>,
) {
    let mark = |f: &dyn Fn(&mut Heard)| {
        if let Ok(mut h) = heard.lock() {
            f(&mut h);
        }
        wake.notify_one();
    };
    loop {
        let lost = match listener.try_recv().await {
            Ok(Some(_)) => {
                mark(&|h| h.changed = true);
                continue;
            }
            Ok(None) => "the connection was closed".to_string(),
            Err(e) => e.to_string(),
        };
        tracing::warn!(%lost, "the shared database's change feed is down; reconnecting");
        mark(&|h| h.down = Some(lost.clone()));
        drop(listener);
        listener = loop {
            tokio::time::sleep(RETRY_EVERY).await;
            match listen(&own, &channel).await {
                Ok(l) => break l,
                Err(e) => mark(&|h| h.down = Some(e.to_string())),
            }
        };
        tracing::info!("the shared database's change feed is back; reloading");
        mark(&|h| {
            h.down = None;
            h.changed = true;
        });
    }
}

impl Watch for PgWatcher {
    async fn changed(&mut self) -> Result<bool, StoreError> {
        let (changed, down) = match self.heard.lock() {
            Ok(mut h) => (std::mem::take(&mut h.changed), h.down.clone()),
            Err(_) => (true, None),
        };
        if let Some(why) = down {
            return Err(StoreError::Unreachable {
                context: self.store.shown().to_string(),
                why,
            });
        }
        if changed || self.last_reload.elapsed() >= SAFETY_POLL {
            self.last_reload = Instant::now();
            return Ok(true);
        }
        Ok(false)
    }

    async fn claim_alerts(
        &mut self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        let mut conn = self.store.conn().await?;
        self.store.claim(&mut conn, alerts, by, now).await
    }

    fn waker(&self) -> Option<Arc<Notify>> {
        Some(self.wake.clone())
    }

    /// Every commit that changes a case, its events or its links moves its community's count
    /// in the same transaction (migration 0010); the sum over what this desk may see moves
    /// with any of them, and a read sees every commit finished before it began.
    async fn committed(&mut self) -> Result<bool, StoreError> {
        let mut conn = self.store.conn().await?;
        let n: i64 = sqlx::query_scalar("SELECT coalesce(sum(n), 0)::bigint FROM change_counts")
            .fetch_one(&mut *conn)
            .await
            .map_err(|e| super::pg(e, "cannot read the change counts"))?;
        let moved = self.counted != Some(n);
        self.counted = Some(n);
        Ok(moved)
    }
}
