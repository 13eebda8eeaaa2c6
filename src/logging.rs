//! The log goes to a file in the data directory, never to the terminal the dashboard draws on.

use std::path::Path;
use std::sync::Mutex;

/// Sends `tracing` output to `DIR/dutydesk.log` (appending). Without a writable file the
/// dashboard runs unlogged rather than not at all; the returned path says where it went.
pub fn to_file(dir: &Path) -> Option<std::path::PathBuf> {
    std::fs::create_dir_all(dir).ok()?;
    let path = dir.join("dutydesk.log");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let subscriber = tracing_subscriber::fmt()
        .with_writer(Mutex::new(file))
        .with_ansi(false)
        .with_max_level(tracing::Level::INFO)
        .finish();
    tracing::subscriber::set_global_default(subscriber).ok()?;
    Some(path)
}
