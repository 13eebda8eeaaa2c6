//! The writes the dashboard asks for, and what came back. The loop runs them through the
//! same `Desk` calls the command line uses.

use crate::domain::{Action, Case, EventKind, PatrolSlot, Report};
use crate::store::{Change, JoinChange};

#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Report(Report),
    Act {
        number: String,
        action: Action,
        /// When it happened, if earlier than the write ("arrived 8 minutes ago", phoned in).
        at: Option<chrono::DateTime<chrono::Utc>>,
    },
    Patrol {
        grid: u8,
        slot: PatrolSlot,
        findings: u32,
    },
    Duty {
        name: String,
        on_duty: bool,
    },
    /// This desk's shift hands over to `to` (recorded).
    Handover {
        to: String,
    },
    /// A new report of the matter of open case `into`: counted with it.
    ReportInto {
        report: Report,
        into: String,
    },
    /// Case `number` is one more report of open case `into`.
    Join {
        number: String,
        into: String,
    },
    /// The joined report `number` becomes a case of its own again, with `back` (the reports
    /// that came with it); `cancel` then cancels it (taking back a report taken into a case).
    Split {
        number: String,
        back: Vec<String>,
        cancel: Option<String>,
    },
}

/// What a write did, as stored.
#[derive(Debug, Clone, PartialEq)]
pub enum Written {
    Opened(Box<Case>),
    /// `kind` is the event the change recorded.
    Changed {
        change: Box<Change>,
        kind: EventKind,
    },
    Patrol,
    Duty {
        name: String,
        on_duty: bool,
    },
    Handover,
    /// A report joined a case (`opened`: it was a new report), or was split out of one.
    Joined {
        change: Box<JoinChange>,
        opened: bool,
    },
    Split(Box<JoinChange>),
}

/// A write that did not happen. `refused` when the rules or the input said no (the officer
/// can fix it); otherwise the machine failed (locked, disk full, file gone) and a retry may work.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WriteError {
    pub message: String,
    pub refused: bool,
}

impl Command {
    /// The command that takes this one back, given what it wrote; `None` when it cannot be.
    /// A new report is taken back by cancelling it: history is never deleted.
    pub fn undo(written: &Written, reason: &str) -> Option<Command> {
        match written {
            Written::Opened(case) => Some(Command::Act {
                number: case.number.clone(),
                action: Action::Cancel {
                    reason: reason.to_string(),
                },
                at: None,
            }),
            Written::Changed { change, kind } => Some(Command::Act {
                number: change.after.number.clone(),
                action: Action::Undo {
                    undone: *kind,
                    expected: Box::new(change.after.clone()),
                    restore: Box::new(change.before.clone()),
                },
                at: None,
            }),
            Written::Duty { name, on_duty } => Some(Command::Duty {
                name: name.clone(),
                on_duty: !on_duty,
            }),
            Written::Joined { change, opened } => Some(Command::Split {
                number: change.report.after.number.clone(),
                back: change.moved.clone(),
                cancel: opened.then(|| reason.to_string()),
            }),
            Written::Split(change) => Some(Command::Join {
                number: change.report.after.number.clone(),
                into: change.problem.after.number.clone(),
            }),
            Written::Patrol | Written::Handover => None,
        }
    }
}
