//! Reading TOML files (config and assets) with errors that name the file, the line and the fix.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

/// A file that could not be used, with where and why.
#[derive(Debug, thiserror::Error)]
#[error("{}{}: {message}", .file.display(), .line.map(|l| format!(" line {l}")).unwrap_or_default())]
pub struct FileError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl FileError {
    pub fn new(file: &Path, line: Option<usize>, message: impl Into<String>) -> Self {
        FileError {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    /// An error about `key`, placed at the line where the key is written (if it is).
    pub fn at_key(file: &Path, text: &str, key: &str, message: impl Into<String>) -> Self {
        FileError::new(file, line_of_key(text, key), message)
    }
}

/// Parses `text` (read from `file`, or embedded under that name) into `T`.
pub fn parse<T: DeserializeOwned>(file: &Path, text: &str) -> Result<T, FileError> {
    toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_at(text, span.start));
        let mut message = e.message().trim().replace('\n', "; ");
        // Name the key whose value is wrong, when the line says it and the message does not.
        if let Some(key) = line.and_then(|l| key_on_line(text, l))
            && !message.contains(key)
        {
            message = format!("{key}: {message}");
        }
        FileError::new(file, line, message)
    })
}

/// Reads and parses a file from disk.
pub fn load<T: DeserializeOwned>(file: &Path) -> Result<(T, String), FileError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| FileError::new(file, None, format!("cannot read it: {e}")))?;
    Ok((parse(file, &text)?, text))
}

fn line_at(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The key of a `key = value` line.
fn key_on_line(text: &str, line: usize) -> Option<&str> {
    let (key, _) = text.lines().nth(line - 1)?.split_once('=')?;
    let key = key.trim();
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'));
    bare.then_some(key)
}

fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|line| {
            let line = line.trim_start();
            line.strip_prefix(key)
                .is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}
