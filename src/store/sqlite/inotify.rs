//! Wakes the watcher the moment the database or its WAL is written, by any process (Linux
//! inotify on the folder, filtered to those two names). It says only "something touched the
//! file": SQLite's `data_version` still decides whether another process committed. Where it
//! cannot be had (another OS, a network file system that sends no events) the slower poll
//! carries on alone.

use std::ffi::{CString, OsString};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::ffi::{OsStrExt, OsStringExt};
use std::path::Path;

use tokio::io::unix::AsyncFd;

pub struct FileWatch {
    fd: AsyncFd<OwnedFd>,
    /// The database's file name and its WAL's.
    names: [OsString; 2],
}

impl FileWatch {
    /// Watches the folder of `db`; `None` where inotify cannot be used.
    pub fn new(db: &Path) -> Option<FileWatch> {
        let dir = match db.parent() {
            Some(d) if !d.as_os_str().is_empty() => d,
            _ => Path::new("."),
        };
        let name = db.file_name()?.to_os_string();
        let mut wal = name.clone();
        wal.push("-wal");
        // SAFETY: plain system calls; the descriptor is owned from here on.
        let raw = unsafe { libc::inotify_init1(libc::IN_NONBLOCK | libc::IN_CLOEXEC) };
        if raw < 0 {
            return None;
        }
        let fd = unsafe { OwnedFd::from_raw_fd(raw) };
        let path = CString::new(dir.as_os_str().as_bytes()).ok()?;
        let mask = libc::IN_MODIFY
            | libc::IN_CLOSE_WRITE
            | libc::IN_CREATE
            | libc::IN_MOVED_TO
            | libc::IN_DELETE;
        // SAFETY: a valid descriptor and a NUL-terminated path.
        if unsafe { libc::inotify_add_watch(fd.as_raw_fd(), path.as_ptr(), mask) } < 0 {
            return None;
        }
        // SAFETY: the descriptor is owned (OwnedFd), stays open while registered and is only
        // closed when the AsyncFd that owns it is dropped.
        let fd = unsafe { AsyncFd::register(fd) }.ok()?;
        Some(FileWatch {
            fd,
            names: [name, wal],
        })
    }

    /// Waits until the database or its WAL is touched. Other files in the folder (the log)
    /// are read past.
    pub async fn touched(&mut self) {
        loop {
            let Ok(mut ready) = self.fd.readable().await else {
                // The descriptor failed: wait for ever rather than spin; the poll carries on.
                std::future::pending::<()>().await;
                return;
            };
            let mut buf = [0u8; 4096];
            // SAFETY: reads into a buffer of the given size.
            let n = unsafe { libc::read(self.fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
            if n <= 0 {
                ready.clear_ready();
                continue;
            }
            if self.names_in(&buf[..n as usize]) {
                return;
            }
        }
    }

    /// Whether any event in `events` names the database or its WAL.
    fn names_in(&self, mut events: &[u8]) -> bool {
        let header = std::mem::size_of::<libc::inotify_event>();
        let mut found = false;
        while events.len() >= header {
            // `len` is the last field of the header: the length of the name after it.
            let len = u32::from_ne_bytes(
                events[header - 4..header]
                    .try_into()
                    .expect("four bytes of the header"),
            ) as usize;
            let end = (header + len).min(events.len());
            let name: Vec<u8> = events[header..end]
                .iter()
                .copied()
                .take_while(|&b| b != 0)
                .collect();
            found |= self.names.contains(&OsString::from_vec(name));
            events = &events[end..];
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_write_to_the_database_wakes_it_and_the_log_does_not() {
        let dir = tempfile::tempdir().expect("dir");
        let db = dir.path().join("desk.db");
        std::fs::write(&db, b"x").expect("db");
        let mut watch = FileWatch::new(&db).expect("inotify on Linux");
        std::fs::write(dir.path().join("dutydesk.log"), b"a line").expect("log");
        let quiet = tokio::time::timeout(std::time::Duration::from_millis(150), watch.touched());
        assert!(quiet.await.is_err(), "the log does not wake it");
        std::fs::write(dir.path().join("desk.db-wal"), b"commit").expect("wal");
        let woken = tokio::time::timeout(std::time::Duration::from_secs(2), watch.touched());
        assert!(woken.await.is_ok(), "the WAL does");
    }
}
