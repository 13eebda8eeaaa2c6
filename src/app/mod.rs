//! The dashboard's mind: a model, a pure `update` from key, tick and store messages to a new
//! model and effects as data. The loop that feeds it and runs its effects is
//! `crate::dashboard`; what it looks like is `crate::ui`.

mod act;
pub mod alarm;
pub mod board;
pub mod call_ups;
pub mod command;
pub mod duty;
pub mod form;
pub mod forms;
pub mod input;
mod keys;
mod model;
mod update;

pub use model::{
    Board, CallUps, Detail, Done, Effect, Failed, InFlight, List, Model, Msg, Outcome, Status,
    Target, View,
};
pub use update::update;
