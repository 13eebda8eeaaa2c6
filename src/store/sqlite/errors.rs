//! SQLite's failures in the words they need: a damaged file and a disk that refuses are told
//! apart from the rest, because their fixes differ (and a damaged file must not be written).

use super::super::{DiskTrouble, StoreError};

/// Adds what was being done to a database error.
pub(crate) trait Context<T> {
    fn context(self, what: &str) -> Result<T, StoreError>;
}

impl<T> Context<T> for Result<T, sqlx::Error> {
    fn context(self, what: &str) -> Result<T, StoreError> {
        self.map_err(|source| classify(source, what))
    }
}

/// A database error in the words it needs: a damaged file and a disk that refuses are told
/// apart from the rest, because their fixes differ (and a damaged file must not be written).
pub(crate) fn classify(source: sqlx::Error, what: &str) -> StoreError {
    let context = what.to_string();
    let code = source
        .as_database_error()
        .and_then(|e| e.code())
        .and_then(|c| c.parse::<i64>().ok())
        .map(|c| c & 0xff);
    // SQLite's primary result codes.
    const CORRUPT: i64 = 11;
    const FULL: i64 = 13;
    const READONLY: i64 = 8;
    const IOERR: i64 = 10;
    const NOTADB: i64 = 26;
    match code {
        Some(CORRUPT | NOTADB) => StoreError::Damaged {
            context,
            why: source.to_string(),
        },
        Some(FULL) => StoreError::Disk {
            context,
            trouble: DiskTrouble::Full,
        },
        Some(READONLY) => StoreError::Disk {
            context,
            trouble: DiskTrouble::ReadOnly,
        },
        Some(IOERR) => StoreError::Disk {
            context,
            trouble: DiskTrouble::Failing,
        },
        _ => StoreError::Db { context, source },
    }
}
