//! The log goes to a file in the state directory (`$XDG_STATE_HOME/dutydesk`, by default
//! `~/.local/state/dutydesk`), never to the terminal the dashboard draws on. It is owner-only
//! and bounded: past its size the file is rotated (`dutydesk.log.1` … `.4`), so weeks on a
//! wall screen never fill the disk.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// Bytes a log file holds before it is rotated (`DUTYDESK_LOG_BYTES` may lower it, for tests).
const LIMIT: u64 = 1 << 20;
/// Rotated files kept: at most `LIMIT * (KEEP + 1)` bytes of log in all.
const KEEP: usize = 4;

/// A log file that rotates itself once it holds `limit` bytes.
pub struct Rotating {
    path: PathBuf,
    file: File,
    written: u64,
    limit: u64,
    keep: usize,
}

fn open_private(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    // A log made by an older build may be wider open.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    Ok(file)
}

impl Rotating {
    pub fn open(path: &Path, limit: u64, keep: usize) -> std::io::Result<Rotating> {
        let file = open_private(path)?;
        let written = file.metadata()?.len();
        Ok(Rotating {
            path: path.to_path_buf(),
            file,
            written,
            limit: limit.max(1),
            keep,
        })
    }

    fn numbered(&self, n: usize) -> PathBuf {
        let mut name = self.path.as_os_str().to_owned();
        name.push(format!(".{n}"));
        PathBuf::from(name)
    }

    /// `.log` becomes `.log.1`, `.1` becomes `.2`, …; the oldest goes.
    fn rotate(&mut self) -> std::io::Result<()> {
        let _ = std::fs::remove_file(self.numbered(self.keep));
        for n in (1..self.keep).rev() {
            let _ = std::fs::rename(self.numbered(n), self.numbered(n + 1));
        }
        if self.keep > 0 {
            std::fs::rename(&self.path, self.numbered(1))?;
        } else {
            std::fs::remove_file(&self.path)?;
        }
        self.file = open_private(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

impl Write for Rotating {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written > 0 && self.written + buf.len() as u64 > self.limit {
            self.rotate()?;
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

/// Where the log is written.
pub fn path(dir: &Path) -> PathBuf {
    dir.join("dutydesk.log")
}

/// Sends `tracing` output to `DIR/dutydesk.log`. Without a writable file the dashboard runs
/// unlogged rather than not at all; the returned path says where it went.
pub fn to_file(dir: &Path) -> Option<PathBuf> {
    use std::os::unix::fs::DirBuilderExt;
    // Owner-only, as the database: the log names places, responders and officers.
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .ok()?;
    let path = path(dir);
    let limit = std::env::var("DUTYDESK_LOG_BYTES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(LIMIT);
    let file = Rotating::open(&path, limit, KEEP).ok()?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_log_rotates_at_its_bound_keeps_a_few_and_stays_owner_only() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("dutydesk.log");
        let mut log = Rotating::open(&path, 1000, 3).expect("open");
        let line = [b'x'; 99];
        for _ in 0..200 {
            log.write_all(&line).expect("write");
            log.write_all(b"\n").expect("write");
        }
        let mut files: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").path())
            .collect();
        files.sort();
        assert_eq!(files.len(), 4, "the log and 3 rotated: {files:?}");
        let mut total = 0;
        for f in &files {
            let meta = std::fs::metadata(f).expect("file");
            assert!(meta.len() <= 1000, "{f:?} within its bound");
            assert_eq!(meta.permissions().mode() & 0o777, 0o600, "{f:?} owner-only");
            total += meta.len();
        }
        assert!(total <= 4000, "bounded in all: {total}");
    }
}
