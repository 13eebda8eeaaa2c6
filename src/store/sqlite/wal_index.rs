//! The WAL index's header, read without SQLite: the first 48 bytes of the `-shm` file, where
//! SQLite publishes every commit (its change counter and last frame move; the format is
//! sqlite.org/walformat.html, "the wal-index header"). Unchanged, nothing was committed since
//! it was last read, so an idle wall screen need not ask SQLite; changed, `data_version`
//! decides what happened. A commit becomes visible exactly when this header is written, so
//! reading it first and asking SQLite after misses nothing.

use std::fs::File;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

/// The header's size (the first of its two copies).
const HEADER: usize = 48;

pub struct WalIndex {
    path: PathBuf,
    /// The `-shm` file open, and its inode (a new file under the same name is opened anew).
    open: Option<(File, u64)>,
}

impl WalIndex {
    pub fn new(db: &Path) -> WalIndex {
        let mut path = db.as_os_str().to_owned();
        path.push("-shm");
        WalIndex {
            path: PathBuf::from(path),
            open: None,
        }
    }

    /// The header as it is now; `None` when there is no index to read (then ask SQLite).
    pub fn header(&mut self) -> Option<[u8; HEADER]> {
        let inode = std::fs::metadata(&self.path).ok()?.ino();
        if self.open.as_ref().is_none_or(|(_, ino)| *ino != inode) {
            self.open = File::open(&self.path).ok().map(|f| (f, inode));
        }
        let (file, _) = self.open.as_ref()?;
        let mut header = [0u8; HEADER];
        file.read_exact_at(&mut header, 0).ok()?;
        Some(header)
    }
}
