//! The dashboard's state. Only `update` changes it; render only reads it.

use chrono::{DateTime, Utc};
use crossterm::event::KeyEvent;

use crate::catalog::Catalog;
use crate::desk::Snapshot;
use crate::domain::Targets;
use crate::i18n::Lang;

pub struct Model {
    pub lang: Lang,
    pub community: String,
    pub officer: String,
    pub targets: Targets,
    pub catalog: Catalog,
    pub snapshot: Snapshot,
    /// False until the first load: the board says "loading" rather than "no cases".
    pub loaded: bool,
    pub grid: Option<u8>,
    /// Index into the board's rows as shown.
    pub selected: usize,
    pub help: bool,
    /// The last failure to read the store, shown as a banner until a read succeeds.
    pub trouble: Option<String>,
    /// The database file was removed or replaced under us: shown until restart, and no
    /// change is written (it would go to a file nobody can see).
    pub lost: Option<String>,
    pub last_reload: Option<DateTime<Utc>>,
    pub quit: bool,
}

/// Everything that can happen to the dashboard.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// The 1-second tick.
    Tick,
    /// Another process committed to the database.
    StoreChanged,
    /// Wall time and monotonic time disagree: the clock was set, or the machine slept.
    ClockJumped,
    Loaded(Box<Snapshot>),
    LoadFailed(String),
    /// The database file is gone or replaced; see [`Model::lost`].
    StoreLost(String),
    Resized,
    /// SIGTERM, SIGHUP or the terminal going away.
    Shutdown,
}

/// What `update` asks the loop to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Effect {
    Reload,
    /// Repaint everything (after a resize, Ctrl-L, or a clock jump).
    Clear,
}

/// The result of one `update`: effects to run and whether the screen must be drawn.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub redraw: bool,
}

impl Model {
    pub fn new(
        lang: Lang,
        community: String,
        officer: String,
        targets: Targets,
        catalog: Catalog,
    ) -> Model {
        Model {
            lang,
            community,
            officer,
            targets,
            catalog,
            snapshot: Snapshot::default(),
            loaded: false,
            grid: None,
            selected: 0,
            help: false,
            trouble: None,
            lost: None,
            last_reload: None,
            quit: false,
        }
    }
}
