//! What the shell and `man` read: the completion script and the manual page, both made from
//! the same clap definitions as `--help`.

use clap::CommandFactory;
use clap_complete::env::EnvCompleter;

use super::failure::{Failure, failed};
use super::{Cli, Shell};

/// The registration script: the shell then asks this binary (`COMPLETE=<shell>`) what to
/// complete, so open case numbers, names and codes come from the desk itself.
pub fn completions(shell: Shell, binary: Option<std::path::PathBuf>) -> Result<(), Failure> {
    let completer: &dyn EnvCompleter = match shell {
        Shell::Bash => &clap_complete::env::Bash,
        Shell::Zsh => &clap_complete::env::Zsh,
        Shell::Fish => &clap_complete::env::Fish,
    };
    let binary = binary
        .or_else(|| std::env::current_exe().ok())
        .map_or_else(|| "dutydesk".into(), |p| p.to_string_lossy().into_owned());
    let mut script = Vec::new();
    completer
        .write_registration("COMPLETE", "dutydesk", "dutydesk", &binary, &mut script)
        .map_err(failed)?;
    Ok(super::out::document(&script)?)
}

pub fn man() -> Result<(), Failure> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut page)
        .map_err(failed)?;
    Ok(super::out::document(&page)?)
}
