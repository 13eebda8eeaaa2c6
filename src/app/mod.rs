//! The dashboard: a model, a pure `update`, and the loop that feeds it and runs its effects.

pub mod board;
mod model;
mod run;
mod tick;
mod update;

pub use model::{Effect, Model, Msg, Outcome};
pub use run::{RunError, run};
pub use update::update;
