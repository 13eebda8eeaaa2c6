//! What each responder is doing now, read from the open cases.

use crate::domain::{Case, State};
use crate::i18n::FormLabels;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Doing<'a> {
    Free,
    EnRoute(&'a str),
    OnScene(&'a str),
}

/// The responder's current job: on scene wins over en route when there are several.
pub fn doing<'a>(open: &'a [Case], name: &str) -> Doing<'a> {
    match crate::domain::case::job_of(open, name) {
        Some(c) if c.state == State::OnScene => Doing::OnScene(&c.number),
        Some(c) => Doing::EnRoute(&c.number),
        None => Doing::Free,
    }
}

impl Doing<'_> {
    /// "free", "en route to 20261128-003", "on scene at ...".
    pub fn describe(&self, f: &FormLabels) -> String {
        match self {
            Doing::Free => f.free.to_string(),
            Doing::EnRoute(n) => format!("{} {n}", f.en_route),
            Doing::OnScene(n) => format!("{} {n}", f.on_scene_at),
        }
    }
}
