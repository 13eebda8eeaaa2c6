//! The dashboard's state. Only `update` changes it; render only reads it.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::KeyEvent;

use super::command::{Command, WriteError, Written};
use super::form::Form;
use super::input::LineInput;
use crate::catalog::Catalog;
use crate::desk::{CaseHistory, Snapshot};
use std::collections::HashSet;

use crate::domain::{Alert, AlertRules, Case, ClockKind, Rules, Targets};
use crate::i18n::Lang;
use crate::notice::Notice;
use crate::store::{CallUpRow, EventRecord, Overview, Shift};

pub struct Model {
    /// Which desk's board: a community's cases, or the sub-district's call-ups.
    pub board: Board,
    pub lang: Lang,
    pub community: String,
    pub officer: String,
    pub targets: Targets,
    pub rules: Rules,
    pub catalog: Catalog,
    pub snapshot: Snapshot,
    /// False until the first load: the board says "loading" rather than "no cases".
    pub loaded: bool,
    pub grid: Option<u8>,
    /// Open cases, or those closed in the last day (where a case can be reopened).
    pub list: List,
    /// Filters the board by number, place, summary and responder.
    pub search: LineInput,
    /// The search line has the keyboard.
    pub searching: bool,
    /// The selected case, by number: a reload from another desk between a key and its form
    /// never moves the action to a different case.
    pub selected: Option<String>,
    /// The row the selection was on, where it stays when its case leaves the board.
    pub selected_row: usize,
    /// The terminal's size, for the length of a page (PgUp/PgDn).
    pub size: (u16, u16),
    pub view: View,
    /// How far the help or the handover sheet is scrolled (longer than a small screen).
    pub scroll: u16,
    /// The case detail, while it is open (forms opened from it return to it).
    pub detail: Option<Detail>,
    /// One line for the officer: what was saved, or why a key did nothing.
    pub status: Option<Status>,
    /// The write being made; the screen says "saving" and takes no second one meanwhile.
    pub in_flight: Option<InFlight>,
    /// A write the machine failed to make (locked, disk full): shown until retried or dismissed.
    pub failed: Option<Failed>,
    /// The last action taken here, which `z` can take back for 30 s.
    pub last: Option<Done>,
    /// The last failure to read the store, shown as a banner until a read succeeds.
    pub trouble: Option<String>,
    /// The figures screen's data, once read (`None` while it loads).
    pub stats: Option<Box<crate::desk::Stats>>,
    /// The handover sheet, once read.
    pub handover: Option<Box<crate::desk::handover::Handover>>,
    /// The shared database cannot be reached: the board shows what it last read, and says so
    /// until a read succeeds.
    pub unreachable: bool,
    /// The database file was removed or replaced under us: shown until restart, and no
    /// change is written (it would go to a file nobody can see).
    pub lost: Option<String>,
    pub last_reload: Option<DateTime<Utc>>,
    pub alert_rules: AlertRules,
    /// Alert keys this desk claimed or found claimed: never asked for again.
    pub alerted: HashSet<String>,
    /// No alert falls due before this; ticks until then skip the check. `None`: check.
    pub alerts_quiet_until: Option<DateTime<Utc>>,
    /// Alerts not acknowledged that still hold, newest last: the banner shows the newest.
    pub alarms: Vec<Notice>,
    /// Links made at this desk (`dutydesk serve`): a responder's at each dispatch, the
    /// reporter's at intake; by case, the latest last. A token is only ever shown here and
    /// then, so the detail can show it and its QR code.
    pub links: std::collections::BTreeMap<String, Vec<(crate::domain::LinkRole, String)>>,
    /// Why desktop notifications failed, said once; cleared when one gets through.
    pub desktop_down: Option<String>,
    /// While desktop notifications fail, the next alert tries them again only after this.
    pub desktop_retry_at: Option<DateTime<Utc>>,
    /// The demo's clock speed when this is a demo database (`dutydesk demo`): the screen says
    /// DEMO, and the screen's own timings (status line, undo window) keep to real seconds.
    pub demo: Option<u32>,
    /// The last Ctrl-C: a second one soon after quits.
    pub interrupted_at: Option<DateTime<Utc>>,
    pub quit: bool,
}

/// The two boards of the one dashboard.
#[derive(Debug, Clone, PartialEq)]
pub enum Board {
    /// A community's desk: its open cases, grids, today's figures.
    Community,
    /// The sub-district's desk: every community and every open call-up across them.
    SubDistrict(Box<CallUps>),
}

/// What the sub-district's board holds beyond the dashboard's own.
#[derive(Debug, Clone, PartialEq)]
pub struct CallUps {
    pub overview: Overview,
    /// The selected call-up, by its qualified number (`community/number`).
    pub selected: Option<String>,
    /// How long a call-up may wait to be taken before it alerts.
    pub receive_within: Duration,
}

impl CallUps {
    pub fn new(receive_within: Duration) -> CallUps {
        CallUps {
            overview: Overview::default(),
            selected: None,
            receive_within,
        }
    }

    pub fn selected_index(&self) -> Option<usize> {
        let selected = self.selected.as_ref()?;
        self.overview
            .call_ups
            .iter()
            .position(|c| &c.qualified() == selected)
    }

    pub fn row(&self, number: &str) -> Option<&CallUpRow> {
        self.overview
            .call_ups
            .iter()
            .find(|r| r.qualified() == number)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    Open,
    Closed,
}

/// What is drawn over the board.
#[derive(Debug, Clone, PartialEq)]
pub enum View {
    Board,
    Help,
    ConfirmQuit,
    Form(Box<Form>),
    Detail,
    Roster {
        selected: usize,
    },
    /// The figures, with charts (`s`).
    Stats,
    /// The shift handover (`h`).
    Handover,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub number: String,
    /// `None` until loaded.
    pub case: Option<Case>,
    pub events: Vec<EventRecord>,
    /// The shift handovers while it was open, placed among the events.
    pub shifts: Vec<Shift>,
    /// The reports joined into it (the same matter).
    pub reports: Vec<Case>,
    pub scroll: u16,
    /// Reporter name and phone shown in full (masked otherwise, as everywhere on the wall).
    pub reveal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub at: DateTime<Utc>,
    /// A refusal or a problem, drawn to stand out.
    pub bad: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct InFlight {
    pub command: Command,
    pub undo: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Failed {
    pub flight: InFlight,
    pub why: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Done {
    pub at: DateTime<Utc>,
    /// `None` when the action cannot be taken back (a patrol record).
    pub undo: Option<Command>,
}

/// What a mouse click landed on, as the last frame drew it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Case(String),
    Grid(u8),
}

/// Everything that can happen to the dashboard.
#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), or a burst from an input method.
    Paste(String),
    /// A click (left button) on something the screen drew.
    Click(Target),
    /// The mouse wheel over the board: rows down (positive) or up.
    Scroll(i8),
    /// The 1-second tick.
    Tick,
    /// The instant the next alert falls due (`Model::alerts_quiet_until`), between ticks.
    AlertsDue,
    /// Another process committed to the database.
    StoreChanged,
    /// Wall time and monotonic time disagree: the clock was set, or the machine slept.
    ClockJumped,
    Loaded(Box<Snapshot>),
    /// The sub-district's board read: every community and every open call-up.
    OverviewLoaded(Box<crate::store::Overview>),
    LoadFailed(String),
    /// The database file is gone or replaced; see [`Model::lost`].
    StoreLost(String),
    /// The shared database cannot be reached; see [`Model::unreachable`].
    Unreachable,
    Written(Result<Written, WriteError>),
    DetailLoaded {
        number: String,
        result: Result<Box<CaseHistory>, String>,
    },
    /// Whom the desk suggests sending to this case.
    Suggested {
        number: String,
        result: Result<Box<crate::desk::suggest::Suggestion>, String>,
    },
    StatsLoaded(Result<Box<crate::desk::Stats>, String>),
    HandoverLoaded(Result<Box<crate::desk::handover::Handover>, String>),
    /// Alerts this desk claimed (the ones to send); `Err` gives back keys a failed claim held.
    Claimed(Result<Vec<Alert>, Vec<String>>),
    /// How a desktop notification went.
    Desktop(Result<(), String>),
    /// The notification's Acknowledge button was pressed.
    AcknowledgeFromDesktop {
        number: String,
        clock: ClockKind,
    },
    /// A dispatch's responder link was made (`dutydesk serve`): its case and address, and
    /// what `on_dispatch` said when it failed.
    Linked {
        number: String,
        role: crate::domain::LinkRole,
        url: String,
    },
    /// The terminal's new size, in columns and rows.
    Resized(u16, u16),
    /// SIGTERM, SIGHUP or the terminal going away.
    Shutdown,
}

/// What `update` asks the loop to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    Reload,
    /// Repaint everything (after a resize, Ctrl-L, or a clock jump).
    Clear,
    Write(Command),
    LoadDetail(String),
    /// Whom to send to this case: the desk's suggestion comes back as `Msg::Suggested`.
    Suggest(String),
    LoadStats,
    LoadHandover,
    /// Claim these alerts in the store; the claimed ones come back as `Msg::Claimed`.
    Claim(Vec<Alert>),
    /// Send out: `on_alert` always, and the desktop when `desktop` (it is not retried on every
    /// alert while it fails).
    Notify {
        notice: Notice,
        desktop: bool,
    },
    /// The terminal bell.
    Bell,
    /// Put this text on the clipboard through the terminal (OSC 52).
    Copy(String),
}

/// The result of one `update`: effects to run and whether the screen must be drawn.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    pub effects: Vec<Effect>,
    pub redraw: bool,
    /// Only time moved (a plain tick): the screen may rewrite just the clocks.
    pub clocks_only: bool,
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
            board: Board::Community,
            lang,
            community,
            officer,
            rules: Rules {
                arrival_target: targets.arrival,
            },
            targets,
            catalog,
            snapshot: Snapshot::default(),
            loaded: false,
            grid: None,
            list: List::Open,
            search: LineInput::default(),
            searching: false,
            selected: None,
            selected_row: 0,
            size: (80, 24),
            view: View::Board,
            scroll: 0,
            detail: None,
            status: None,
            in_flight: None,
            failed: None,
            last: None,
            trouble: None,
            stats: None,
            handover: None,
            unreachable: false,
            lost: None,
            last_reload: None,
            alert_rules: AlertRules::default(),
            alerted: HashSet::new(),
            alerts_quiet_until: None,
            alarms: Vec::new(),
            links: std::collections::BTreeMap::new(),
            desktop_down: None,
            desktop_retry_at: None,
            demo: None,
            interrupted_at: None,
            quit: false,
        }
    }

    /// The alert the banner shows: the newest not acknowledged that still holds.
    pub fn alarm(&self) -> Option<&Notice> {
        self.alarms.last()
    }

    /// `secs` real seconds on the desk's clock, which a demo runs faster.
    pub fn seconds(&self, secs: i64) -> chrono::Duration {
        chrono::Duration::seconds(secs * i64::from(self.demo.unwrap_or(1)))
    }

    /// About as many board rows as the screen shows: how far PgUp/PgDn move.
    pub fn page_rows(&self) -> usize {
        usize::from(self.size.1.saturating_sub(10)).max(1)
    }

    pub fn form(&self) -> Option<&Form> {
        match &self.view {
            View::Form(form) => Some(form),
            _ => None,
        }
    }
}
