//! What each responder is doing now, read from the open cases.

use crate::domain::{Case, State};

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
