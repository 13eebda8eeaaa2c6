//! Seeing other processes' commits, and claiming alerts, on one connection of its own.

use super::inotify::FileWatch;
use super::wal_index::WalIndex;
use super::*;
use tokio::sync::Notify;

/// Notices other connections' commits through `PRAGMA data_version`, which changes for them
/// (not for this connection's own). It must stay one connection: pooled ones each have their own.
///
/// A poll asks SQLite whenever the WAL index's header moved since the last poll (and every
/// `ASK_ANYWAY` polls regardless). It once skipped the question while the database file and
/// its WAL had not moved, and that lost commits: a commit's pages land in the WAL before SQLite
/// publishes the commit in the index (after the fsync, which sends no file event), so a poll
/// made between the two saw the files moved and nothing committed, and every poll after saw
/// the files still and asked nothing more. The index's header is where the commit is
/// published, so reading it before asking misses nothing.
pub struct Watcher {
    conn: SqliteConnection,
    last: i64,
    index: WalIndex,
    /// The index's header as read before the last question to SQLite.
    header: Option<[u8; 48]>,
    /// Polls answered from the header alone since SQLite was last asked.
    quiet: u32,
    /// Rings when the file or its WAL is written (inotify, on a task of its own that ends
    /// with the watcher); `None` where inotify cannot be had (polling alone).
    waker: Option<(Arc<Notify>, tokio::task::JoinHandle<()>)>,
    /// Device and inode of the file we opened: open connections keep reading that file even
    /// after it is deleted or replaced, so the screen would silently show a dead database.
    identity: Option<(u64, u64)>,
    path: PathBuf,
}

/// However still the index looks, SQLite is asked every this many polls (about half a minute
/// idle): a safety net under a file system that does strange things to shared memory.
const ASK_ANYWAY: u32 = 30;

pub(super) fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

impl Watcher {
    /// A connection of its own on the file at `path`, and what it sees now.
    pub(super) async fn open(path: &Path) -> Result<Watcher, StoreError> {
        let options = SqliteConnectOptions::new()
            .filename(path)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(BUSY_TIMEOUT)
            .foreign_keys(true)
            .pragma("cache_size", "-256")
            .statement_cache_capacity(8);
        let mut conn = SqliteConnection::connect_with(&options)
            .await
            .context("cannot watch the database")?;
        let mut index = WalIndex::new(path);
        let header = index.header();
        let last = data_version(&mut conn).await?;
        let waker = FileWatch::new(path).map(|mut files| {
            let rung = Arc::new(Notify::new());
            let ring = rung.clone();
            let task = tokio::spawn(async move {
                loop {
                    files.touched().await;
                    ring.notify_one();
                }
            });
            (rung, task)
        });
        Ok(Watcher {
            conn,
            last,
            index,
            header,
            quiet: 0,
            waker,
            identity: identity(path),
            path: path.to_path_buf(),
        })
    }
}

impl Drop for Watcher {
    fn drop(&mut self) {
        if let Some((_, task)) = &self.waker {
            task.abort();
        }
    }
}

impl super::super::Watch for Watcher {
    fn waker(&self) -> Option<Arc<Notify>> {
        self.waker.as_ref().map(|(rung, _)| rung.clone())
    }

    /// Claims alerts on the watcher's own connection: SQLite's change counter moves only for
    /// other connections' commits, so the dashboard does not reload for its own alert records
    /// (they change nothing it shows) and still sees every other process's change.
    async fn claim_alerts(
        &mut self,
        alerts: &[Alert],
        by: &str,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, StoreError> {
        claim(&mut self.conn, alerts, by, now).await
    }

    /// True when something was committed since the last call; an error when the file was
    /// removed or replaced under the desk.
    async fn changed(&mut self) -> Result<bool, StoreError> {
        let what = match identity(&self.path) {
            None => Some("was removed"),
            Some(now) if Some(now) != self.identity => Some("was replaced by another file"),
            Some(_) => None,
        };
        if let Some(what) = what {
            return Err(StoreError::Gone {
                path: self.path.clone(),
                what,
            });
        }
        // Read before asking: a commit published after this read moves the header again.
        let header = self.index.header();
        if header.is_some() && header == self.header && self.quiet < ASK_ANYWAY {
            self.quiet += 1;
            return Ok(false);
        }
        self.quiet = 0;
        self.header = header;
        let now = data_version(&mut self.conn).await?;
        let changed = now != self.last;
        self.last = now;
        Ok(changed)
    }
}

/// Claims alert keys in one change; gives the keys this call claimed. A claim supersedes the
/// earlier ones of its case and kind (only the latest is ever due again), and loses to a later
/// one already made: a desk whose clock lags never sends a stale reminder, and the claims
/// stay at one a case and kind however fast reminders come.
pub(super) async fn claim(
    conn: &mut SqliteConnection,
    alerts: &[Alert],
    by: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    if alerts.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = conn
        .begin_with("BEGIN IMMEDIATE")
        .await
        .context("cannot start recording alerts (is another program holding the database?)")?;
    let mut claimed = Vec::new();
    for alert in alerts {
        let key = alert.key();
        let seq = i64::from(alert.seq);
        let done = sqlx::query(
            "INSERT INTO alerts (key, case_number, kind, seq, due_at, claimed_at, claimed_by)
             SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7
             WHERE NOT EXISTS (SELECT 1 FROM alerts
                               WHERE case_number = ?2 AND kind = ?3 AND seq >= ?4)
             ON CONFLICT (key) DO NOTHING",
        )
        .bind(&key)
        .bind(&alert.number)
        .bind(alert.kind.code())
        .bind(seq)
        .bind(millis(alert.due))
        .bind(millis(now))
        .bind(by)
        .execute(&mut *tx)
        .await
        .context("cannot record the alert")?
        .rows_affected();
        if done == 1 {
            sqlx::query("DELETE FROM alerts WHERE case_number = ? AND kind = ? AND seq < ?")
                .bind(&alert.number)
                .bind(alert.kind.code())
                .bind(seq)
                .execute(&mut *tx)
                .await
                .context("cannot record the alert")?;
            claimed.push(key);
        }
    }
    tx.commit().await.context("cannot record the alerts")?;
    Ok(claimed)
}

pub(super) async fn data_version(conn: &mut SqliteConnection) -> Result<i64, StoreError> {
    sqlx::query_scalar("PRAGMA data_version")
        .fetch_one(conn)
        .await
        .context("cannot read the database's change counter")
}
