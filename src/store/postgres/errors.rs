//! PostgreSQL's errors in the desk's words.

use super::StoreError;

pub(super) const FOREIGN_KEY: &str = "23503";
pub(super) const UNDEFINED_OBJECT: &str = "42704";
/// Row-level security refused the row, or the role lacks the right.
pub(super) const INSUFFICIENT_PRIVILEGE: &str = "42501";

pub(super) fn code_of(e: &sqlx::Error) -> Option<String> {
    e.as_database_error()
        .and_then(|d| d.code())
        .map(|c| c.into_owned())
}

/// The server could not be reached (or went away): a passing trouble, retried.
pub(super) fn unreachable(shown: &str, e: sqlx::Error) -> StoreError {
    StoreError::Unreachable {
        context: shown.to_string(),
        why: e.to_string(),
    }
}

/// A connection refused for how it was made, not for a passing trouble: the server takes
/// only TLS and the address asked for none, or the server's certificate is not one this
/// machine trusts. Retrying changes nothing; the address needs mending, and the message says how.
pub(super) fn refused_link(shown: &str, e: &sqlx::Error) -> Option<StoreError> {
    let said = e.to_string();
    let refused = e
        .as_database_error()
        .is_some_and(|d| d.message().contains("no encryption"));
    let untrusted = matches!(e, sqlx::Error::Tls(_))
        || (matches!(e, sqlx::Error::Io(_)) && said.contains("certificate"));
    if refused {
        Some(StoreError::Shared(format!(
            "{shown}: the server takes only encrypted connections; add sslmode=verify-full to the address (and sslrootcert=FILE naming the authority that signed the server's certificate, unless this machine already trusts it)"
        )))
    } else if untrusted {
        Some(StoreError::Shared(format!(
            "{shown}: the server's certificate is not trusted ({said}); name the authority that signed it with sslrootcert=FILE in the address, or add it to this machine's trusted certificates"
        )))
    } else {
        None
    }
}

/// A PostgreSQL error in the desk's words: the network apart from the rest, a refusal of the
/// database's own rules apart from a failure.
pub(crate) fn pg(e: sqlx::Error, what: &str) -> StoreError {
    match &e {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_) => StoreError::Unreachable {
            context: what.to_string(),
            why: e.to_string(),
        },
        _ if code_of(&e).as_deref() == Some(INSUFFICIENT_PRIVILEGE) => StoreError::Shared(format!(
            "{what}: the database refused ({}); this desk's role may only touch its own community's records",
            e.as_database_error()
                .map(|d| d.message().to_string())
                .unwrap_or_default()
        )),
        // The server closing our session (shut down, or an administrator ended it).
        _ if code_of(&e).is_some_and(|c| c.starts_with("57P") || c.starts_with("08")) => {
            StoreError::Unreachable {
                context: what.to_string(),
                why: e.to_string(),
            }
        }
        _ => StoreError::Db {
            context: what.to_string(),
            source: e,
        },
    }
}
