//! Where a desk's records are (its own file, or a sub-district's shared PostgreSQL) and whose
//! desk it is there (a community's, or the sub-district's). The config and the command line
//! choose them; the store opens what they name.

use std::path::{Path, PathBuf};

/// Where the desk's records are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    /// A `postgres://` or `postgresql://` address.
    Postgres(String),
}

impl Location {
    /// An address beginning `postgres://` or `postgresql://` is the shared database; anything
    /// else is a file path.
    pub fn parse(given: &Path) -> Location {
        match given.to_str() {
            Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
                Location::Postgres(url.to_string())
            }
            _ => Location::File(given.to_path_buf()),
        }
    }

    /// As it may be shown (a password hidden).
    pub fn shown(&self) -> String {
        match self {
            Location::File(path) => path.display().to_string(),
            Location::Postgres(url) => shown(url),
        }
    }
}

/// Whose desk this is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// One community's desk (its code).
    Community(String),
    /// The sub-district's desk over every community.
    SubDistrict,
}

/// An address's parts around its password: `scheme://user`, the password, `@host/…`.
fn around_password(url: &str) -> Option<(String, &str, &str)> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = &rest[..rest.find('/').unwrap_or(rest.len())];
    let (user, _) = authority.rsplit_once('@')?;
    let (name, password) = user.split_once(':')?;
    let after = &rest[user.len()..];
    Some((format!("{scheme}://{name}"), password, after))
}

/// The address as it may be shown: any password replaced by `***`.
pub fn shown(url: &str) -> String {
    match around_password(url) {
        Some((before, _, after)) => format!("{before}:***{after}"),
        None => url.to_string(),
    }
}

/// The address with its password left out, to be written where others read it and used
/// again (the password then comes from `~/.pgpass` or `PGPASSWORD`).
pub fn without_password(url: &str) -> String {
    match around_password(url) {
        Some((before, _, after)) => format!("{before}{after}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_shown_and_written_down_without_its_password() {
        let url = "postgres://desk_xinlian:s3cr:et@db.example:5432/dutydesk?sslmode=verify-full";
        assert_eq!(
            shown(url),
            "postgres://desk_xinlian:***@db.example:5432/dutydesk?sslmode=verify-full"
        );
        assert_eq!(
            without_password(url),
            "postgres://desk_xinlian@db.example:5432/dutydesk?sslmode=verify-full"
        );
        for plain in [
            "postgres://desk@db.example/dutydesk",
            "postgres:///dutydesk?host=/tmp",
        ] {
            assert_eq!(shown(plain), plain);
            assert_eq!(without_password(plain), plain);
        }
    }
}
