//! The sub-district's desk as a model: every community's row and every open call-up across
//! the shared database, and a pure `update` (its loop is `crate::dashboard::subdistrict`).

mod update;

pub use update::{Detail, Effect, Model, Msg, due, update};
