//! What the shell completes from the desk itself: open case numbers, the roster's names and
//! the category codes (clap_complete's dynamic completion: the shell asks the binary).

use std::ffi::{OsStr, OsString};
use std::path::PathBuf;

use clap_complete::CompletionCandidate;

use crate::catalog::Catalog;
use crate::config::{Config, paths};
use crate::desk::Desk;
use crate::store::{CaseFilter, Location};

/// The value of `flag` on the command line being completed (after the `--`), if given.
fn given(flag: &str) -> Option<PathBuf> {
    let args: Vec<OsString> = std::env::args_os().collect();
    let line = args
        .iter()
        .position(|a| a == "--")
        .map_or(&args[..], |i| &args[i + 1..]);
    line.windows(2)
        .find(|w| w[0] == flag)
        .map(|w| PathBuf::from(&w[1]))
}

fn config() -> Config {
    let (path, named) = paths::config(given("--config").as_deref());
    Config::load(&path, named).unwrap_or_default()
}

/// Reads the desk without creating anything: a database that is not there completes nothing.
fn with_desk<T: Default>(read: impl AsyncFnOnce(&Desk) -> T) -> T {
    let config = config();
    let location = paths::database(given("--db").as_deref(), &config);
    if let Location::File(file) = &location
        && !file.exists()
    {
        return T::default();
    }
    let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    else {
        return T::default();
    };
    runtime.block_on(async {
        let Ok(desk) = Desk::open_at(&location, config).await else {
            return T::default();
        };
        let found = read(&desk).await;
        desk.close().await;
        found
    })
}

fn matching(current: &OsStr, values: Vec<(String, String)>) -> Vec<CompletionCandidate> {
    let typed = current.to_string_lossy();
    values
        .into_iter()
        .filter(|(v, _)| v.starts_with(typed.as_ref()))
        .map(|(v, help)| CompletionCandidate::new(v).help(Some(help.into())))
        .collect()
}

/// The open cases' numbers, each with its place.
pub fn open_cases(current: &OsStr) -> Vec<CompletionCandidate> {
    let cases = with_desk(async |desk: &Desk| {
        let open = CaseFilter {
            open_only: true,
            ..CaseFilter::default()
        };
        desk.cases(&open).await.unwrap_or_default()
    });
    matching(
        current,
        cases
            .into_iter()
            .map(|c| (c.number, crate::text::visible(&c.place).into_owned()))
            .collect(),
    )
}

/// The reports joined into another case (what `split` takes), each with the case it is in.
pub fn joined_reports(current: &OsStr) -> Vec<CompletionCandidate> {
    let cases = with_desk(async |desk: &Desk| {
        let joined = CaseFilter {
            state: Some(crate::domain::State::Joined),
            ..CaseFilter::default()
        };
        desk.cases(&joined).await.unwrap_or_default()
    });
    matching(
        current,
        cases
            .into_iter()
            .filter_map(|c| {
                let into = c.joined?.into;
                Some((c.number, format!("→ {into}")))
            })
            .collect(),
    )
}

/// The roster's names, on duty first.
pub fn responders(current: &OsStr) -> Vec<CompletionCandidate> {
    let mut roster = with_desk(async |desk: &Desk| desk.roster().await.unwrap_or_default());
    roster.sort_by_key(|r| !r.on_duty);
    matching(
        current,
        roster
            .into_iter()
            .map(|r| {
                let grid = r.grid.map(|g| format!("grid {g}")).unwrap_or_default();
                (r.name, grid)
            })
            .collect(),
    )
}

/// The category codes, with their Chinese names.
pub fn categories(current: &OsStr) -> Vec<CompletionCandidate> {
    let Ok(catalog) = Catalog::load(&config().assets) else {
        return Vec::new();
    };
    matching(
        current,
        catalog
            .kinds()
            .map(|k| (k.code.clone(), k.names.zh.clone()))
            .collect(),
    )
}
