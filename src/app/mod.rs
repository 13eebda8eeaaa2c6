//! The dashboard: a model, a pure `update`, and the loop that feeds it and runs its effects.

pub mod alarm;
pub mod board;
pub mod command;
pub mod duty;
pub mod form;
pub mod forms;
pub mod input;
pub mod keymap;
mod keys;
mod model;
mod run;
pub mod subdistrict;
mod tick;
mod update;

pub use model::{
    Detail, Done, Effect, Failed, InFlight, List, Model, Msg, Outcome, Status, Target, View,
};
pub use run::{RunError, Session, run};
pub use update::update;
