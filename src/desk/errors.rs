//! Why a desk command did not happen: bad input (the field and the fix) or the store's failure.

use crate::domain::lifecycle::Problem;
use crate::store::StoreError;
use crate::tomlfile::FileError;

#[derive(Debug, thiserror::Error)]
pub enum DeskError {
    #[error("{field}: {problem}")]
    BadInput {
        field: &'static str,
        problem: Problem,
    },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    File(#[from] FileError),
    /// A file to import with bad rows: every one, so all can be mended at once.
    #[error(
        "{} bad {} in the file; nothing was imported. Mend {} and import again:\n{}",
        .0.len(),
        if .0.len() == 1 { "row" } else { "rows" },
        if .0.len() == 1 { "it" } else { "them" },
        .0.iter().map(|b| format!("  {b}")).collect::<Vec<_>>().join("\n")
    )]
    BadRows(Vec<crate::desk::import::BadRow>),
}

impl DeskError {
    /// Bad input (exit 2) as opposed to a failure of the machine or the files (exit 1).
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            // A config's asset file that cannot be used is the config's problem.
            DeskError::BadInput { .. }
                | DeskError::File(_)
                | DeskError::BadRows(_)
                | DeskError::Store(
                    StoreError::Domain(_)
                        | StoreError::NoSuchCase(_)
                        | StoreError::Invalid { .. }
                        | StoreError::NotAFile { .. }
                        | StoreError::Moved(_)
                )
        )
    }
}

pub(super) fn bad(field: &'static str, problem: Problem) -> DeskError {
    DeskError::BadInput { field, problem }
}
