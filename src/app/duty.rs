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
    let mine = || open.iter().filter(|c| c.responder.as_deref() == Some(name));
    if let Some(c) = mine().find(|c| c.state == State::OnScene) {
        return Doing::OnScene(&c.number);
    }
    if let Some(c) = mine().find(|c| c.state == State::Dispatched) {
        return Doing::EnRoute(&c.number);
    }
    Doing::Free
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
