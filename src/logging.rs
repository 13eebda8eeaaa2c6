//! The log goes to a file in the data directory, never to the terminal the dashboard draws on.

use std::path::Path;
use std::sync::Mutex;

/// Sends `tracing` output to `DIR/dutydesk.log` (appending, readable by its owner only). Without a writable file the
/// dashboard runs unlogged rather than not at all; the returned path says where it went.
pub fn to_file(dir: &Path) -> Option<std::path::PathBuf> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
    // Owner-only, as the database: the log names places, responders and officers.
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .ok()?;
    let path = dir.join("dutydesk.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(&path)
        .ok()?;
    // A log made by an older build may be wider open.
    let _ = file.set_permissions(std::fs::Permissions::from_mode(0o600));
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}
