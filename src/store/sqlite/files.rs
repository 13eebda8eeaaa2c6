//! The database file itself: what may be one, how it is made private, what is in it before
//! anything opens it for writing, and what a full or read-only disk is called.

use super::*;

pub(super) fn io(context: String) -> impl FnOnce(std::io::Error) -> StoreError {
    move |source| {
        let trouble = match source.kind() {
            std::io::ErrorKind::StorageFull => Some(DiskTrouble::Full),
            std::io::ErrorKind::ReadOnlyFilesystem => Some(DiskTrouble::ReadOnly),
            _ => None,
        };
        match trouble {
            Some(trouble) => StoreError::Disk { context, trouble },
            None => StoreError::Io { context, source },
        }
    }
}

/// SQLite says only "I/O error" when it cannot grow the WAL's shared-memory file: on a file
/// system with next to no space left, that is a full disk.
pub(super) fn disk_full(path: &Path, e: StoreError) -> StoreError {
    match e {
        StoreError::Disk {
            context,
            trouble: DiskTrouble::Failing,
        } if free_bytes(path).is_some_and(|free| free < 256 * 1024) => StoreError::Disk {
            context,
            trouble: DiskTrouble::Full,
        },
        other => other,
    }
}

pub(super) fn free_bytes(path: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    // SAFETY: statvfs fills the zeroed struct it is given and reads the NUL-terminated name.
    let mut info: libc::statvfs = unsafe { std::mem::zeroed() };
    (unsafe { libc::statvfs(name.as_ptr(), &mut info) } == 0)
        .then(|| info.f_bavail.saturating_mul(info.f_frsize))
}

/// Whether the file system holding `path` is mounted read-only.
pub(super) fn on_read_only_mount(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(name) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: statvfs fills the zeroed struct it is given and reads the NUL-terminated name.
    let mut info: libc::statvfs = unsafe { std::mem::zeroed() };
    let found = unsafe { libc::statvfs(name.as_ptr(), &mut info) } == 0;
    found && info.f_flag & libc::ST_RDONLY != 0
}

/// What is at `path`, if anything: only a regular file (or nothing, to be created) may be a
/// database. A FIFO would hang SQLite; `/dev/null` would leave `/dev/null-journal` behind.
pub(super) fn must_be_a_file(path: &Path) -> Result<(), StoreError> {
    use std::os::unix::fs::FileTypeExt;
    let Ok(metadata) = std::fs::metadata(path) else {
        return Ok(());
    };
    let kind = metadata.file_type();
    let what = if kind.is_file() {
        return Ok(());
    } else if kind.is_dir() {
        "a directory"
    } else if kind.is_fifo() {
        "a named pipe (FIFO)"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_char_device() || kind.is_block_device() {
        "a device"
    } else {
        "not a regular file"
    };
    Err(StoreError::NotAFile {
        path: path.to_path_buf(),
        what,
    })
}

/// The newest schema version this build knows.
pub fn known_version() -> i64 {
    MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0)
}

/// Creates the file (and its folders) readable by its owner only, if it does not exist yet.
pub(super) fn create_private(path: &Path) -> Result<(), StoreError> {
    if let Some(dir) = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty() && !d.exists())
    {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder
            .create(dir)
            .map_err(io(format!("cannot create the folder {}", dir.display())))?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(format!("cannot create {}", path.display()))(e)),
    }
}

/// Looks at an existing file without writing to it: its header, then (read-only) its marks.
pub(super) async fn inspect(path: &Path) -> Result<Found, StoreError> {
    let refuse = |why: String| StoreError::NotDutydesk {
        path: path.to_path_buf(),
        why,
    };
    // Only SQLite opens the file. A descriptor of it opened and closed outside SQLite would
    // drop every POSIX lock this process holds on it (a desk already open on the same file):
    // another process would then take the database for unused and remove its live WAL.
    let metadata =
        std::fs::metadata(path).map_err(io(format!("cannot read {}", path.display())))?;
    if metadata.len() == 0 {
        return Ok(Found::Empty);
    }
    let options = SqliteConnectOptions::new().filename(path).read_only(true);
    let reading = format!("reading {}", path.display());
    let unusable = |e: sqlx::Error| match classify(e, &reading) {
        StoreError::Damaged { why, .. } if why.contains("not a database") => {
            refuse("it is not an SQLite file".into())
        }
        // SQLite cannot make the WAL's companions beside a file on a read-only mount.
        StoreError::Db { context, .. } if on_read_only_mount(path) => StoreError::Disk {
            context,
            trouble: DiskTrouble::ReadOnly,
        },
        other => disk_full(path, other),
    };
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(unusable)?;
    let result = async {
        let app_id: i64 = sqlx::query_scalar("PRAGMA application_id")
            .fetch_one(&mut conn)
            .await?;
        // `_sqlx_migrations` alone: another process is creating the schema right now.
        let tables: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM sqlite_master WHERE name <> '_sqlx_migrations'",
        )
        .fetch_one(&mut conn)
        .await?;
        let version: Option<i64> = if app_id == APPLICATION_ID {
            sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations")
                .fetch_one(&mut conn)
                .await?
        } else {
            None
        };
        Ok::<_, sqlx::Error>((app_id, tables, version))
    }
    .await;
    let _ = conn.close().await;
    let (app_id, tables, version) = result.map_err(unusable)?;
    match (app_id, tables) {
        (0, 0) => Ok(Found::Empty),
        (APPLICATION_ID, _) => {
            let version = version.unwrap_or(0);
            if version > known_version() {
                Err(StoreError::NewerSchema {
                    path: path.to_path_buf(),
                    found: version,
                    known: known_version(),
                })
            } else {
                Ok(Found::Dutydesk { version })
            }
        }
        _ => Err(refuse("it holds another program's data".into())),
    }
}
