//! The one keymap: each key, what it does, and (by that) the words of the help and the hint
//! bar. Key handling, `?` and the bottom line are all made from these tables, so a key cannot
//! work without being listed, nor be listed without working.

use std::borrow::Cow;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key as the officer presses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// Any digit: a grid's number, or 0 for every grid.
    Digits,
}

impl Key {
    pub fn matches(self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match (self, event.code) {
            (Key::Ctrl(c), KeyCode::Char(d)) => ctrl && c == d.to_ascii_lowercase(),
            (_, _) if ctrl => false,
            (Key::Char(c), KeyCode::Char(d)) => c == d,
            (Key::Code(code), code2) => code == code2,
            (Key::Digits, KeyCode::Char(d)) => d.is_ascii_digit(),
            _ => false,
        }
    }

    /// How the help and the hint bar write the key.
    pub fn label(self) -> Cow<'static, str> {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string().into(),
            Key::Ctrl(c) => format!("Ctrl-{}", c.to_ascii_uppercase()).into(),
            Key::Digits => "0-9".into(),
            Key::Code(code) => match code {
                KeyCode::Up => "↑",
                KeyCode::Down => "↓",
                KeyCode::PageUp => "PgUp",
                KeyCode::PageDown => "PgDn",
                KeyCode::Home => "Home",
                KeyCode::End => "End",
                KeyCode::Enter => "Enter",
                KeyCode::Tab => "Tab",
                KeyCode::Esc => "Esc",
                KeyCode::BackTab => "Shift-Tab",
                KeyCode::F(6) => "F6",
                _ => "?",
            }
            .into(),
        }
    }
}

/// What a board key does. The order is the order of the words in the language files
/// (`ui.key_help`, `ui.key_hint`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Does {
    Help,
    NewReport,
    Dispatch,
    Arrive,
    CallUp,
    Tier,
    Note,
    Resolve,
    Cancel,
    Reopen,
    Tell,
    /// Counts the selected case as one more report of another open case (the same matter).
    Join,
    /// Makes a joined report a case of its own again.
    Split,
    Detail,
    Acknowledge,
    SwitchList,
    Search,
    Roster,
    Patrol,
    Stats,
    Handover,
    Undo,
    Grid,
    Up,
    Down,
    PageUp,
    PageDown,
    First,
    Last,
    ClearFilter,
    Quit,
}

impl Does {
    pub const COUNT: usize = Does::Quit as usize + 1;

    /// Keys that open a form for the selected case (and for the case in the detail).
    pub fn on_case(self) -> bool {
        matches!(
            self,
            Does::Dispatch
                | Does::Arrive
                | Does::CallUp
                | Does::Tier
                | Does::Note
                | Does::Resolve
                | Does::Cancel
                | Does::Reopen
                | Does::Tell
                | Does::Join
                | Does::Split
        )
    }

    /// Keys that only move the selection or the view.
    pub fn moves(self) -> bool {
        matches!(
            self,
            Does::Up | Does::Down | Does::PageUp | Does::PageDown | Does::First | Does::Last
        )
    }
}

/// One row of a view's keymap: its keys and what they do there.
pub struct Binding<A: 'static> {
    pub keys: &'static [Key],
    pub does: A,
}

impl<A> Binding<A> {
    /// The keys as the help writes them: `j ↓`.
    pub fn label(&self) -> String {
        let labels: Vec<Cow<str>> = self.keys.iter().map(|k| k.label()).collect();
        labels.join(" ")
    }
}

const fn bind<A>(keys: &'static [Key], does: A) -> Binding<A> {
    Binding { keys, does }
}

/// What a key does in a view's table, if anything.
pub fn find<A: Copy>(table: &[Binding<A>], event: &KeyEvent) -> Option<A> {
    table
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.does)
}

use Key::{Char, Code, Ctrl};

/// The board's keys, in the order the help lists them. The hint bar shows those its language
/// gives a short word, in this order.
pub const BOARD: &[Binding<Does>] = &[
    bind(&[Char('?')], Does::Help),
    bind(&[Char('n')], Does::NewReport),
    bind(&[Char('d')], Does::Dispatch),
    bind(&[Char('a')], Does::Arrive),
    bind(&[Char('e')], Does::CallUp),
    bind(&[Char('t')], Does::Tier),
    bind(&[Char('u')], Does::Note),
    bind(&[Char('c')], Does::Resolve),
    bind(&[Char('x')], Does::Cancel),
    bind(&[Char('o')], Does::Reopen),
    bind(&[Char('v')], Does::Tell),
    bind(&[Char('+')], Does::Join),
    bind(&[Char('-')], Does::Split),
    bind(&[Code(KeyCode::Enter)], Does::Detail),
    // Shift-1 (and the full-width ！ a Chinese input method types): a key that is no
    // movement in any common terminal program, so moving never acknowledges by accident.
    bind(&[Char('!'), Char('！')], Does::Acknowledge),
    bind(&[Code(KeyCode::Tab)], Does::SwitchList),
    bind(&[Char('/')], Does::Search),
    bind(&[Char('r')], Does::Roster),
    bind(&[Char('p')], Does::Patrol),
    bind(&[Char('s')], Does::Stats),
    bind(&[Char('h')], Does::Handover),
    bind(&[Char('z')], Does::Undo),
    bind(&[Key::Digits], Does::Grid),
    bind(&[Char('k'), Code(KeyCode::Up)], Does::Up),
    bind(&[Char('j'), Code(KeyCode::Down)], Does::Down),
    bind(&[Code(KeyCode::PageUp)], Does::PageUp),
    bind(&[Code(KeyCode::PageDown)], Does::PageDown),
    bind(&[Char('g'), Code(KeyCode::Home)], Does::First),
    bind(&[Char('G'), Code(KeyCode::End)], Does::Last),
    bind(&[Code(KeyCode::Esc)], Does::ClearFilter),
    bind(&[Char('q')], Does::Quit),
];

/// What a key does on the board, if anything.
pub fn board(event: &KeyEvent) -> Option<Does> {
    find(BOARD, event)
}

/// What a key does on the sub-district's board (every open call-up across the communities),
/// and in a call-up's case opened from it. The order is the order of the words in the
/// language files (`sub_district.keys`, `sub_district.hints`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnCallUps {
    Up,
    Down,
    Detail,
    Receive,
    Note,
    Resolve,
    Help,
    /// Closes a window over the board, else asks to quit.
    Back,
    Quit,
}

impl OnCallUps {
    pub const COUNT: usize = OnCallUps::Quit as usize + 1;
}

/// The sub-district board's keys, in the order its help lists them.
pub const CALL_UPS: &[Binding<OnCallUps>] = &[
    bind(&[Code(KeyCode::Up), Char('k')], OnCallUps::Up),
    bind(&[Code(KeyCode::Down), Char('j')], OnCallUps::Down),
    bind(&[Code(KeyCode::Enter)], OnCallUps::Detail),
    bind(&[Char('r')], OnCallUps::Receive),
    bind(&[Char('u')], OnCallUps::Note),
    bind(&[Char('c')], OnCallUps::Resolve),
    bind(&[Char('?')], OnCallUps::Help),
    bind(&[Code(KeyCode::Esc)], OnCallUps::Back),
    bind(&[Char('q')], OnCallUps::Quit),
];

/// What a key does on the sub-district's board, if anything.
pub fn call_ups(event: &KeyEvent) -> Option<OnCallUps> {
    find(CALL_UPS, event)
}

/// What the case detail's keys do, beyond the case keys it shares with the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InDetail {
    Close,
    ScrollDown,
    ScrollUp,
    Reveal,
    /// Copies the responder's link (made at the dispatch, `dutydesk serve`) to the clipboard.
    CopyLink,
    Undo,
    Quit,
}

impl InDetail {
    pub const COUNT: usize = InDetail::Quit as usize + 1;
}

pub const DETAIL: &[Binding<InDetail>] = &[
    bind(&[Code(KeyCode::Esc), Code(KeyCode::Enter)], InDetail::Close),
    bind(&[Char('j'), Code(KeyCode::Down)], InDetail::ScrollDown),
    bind(&[Char('k'), Code(KeyCode::Up)], InDetail::ScrollUp),
    bind(&[Char('m')], InDetail::Reveal),
    bind(&[Char('y')], InDetail::CopyLink),
    bind(&[Char('z')], InDetail::Undo),
    bind(&[Char('q')], InDetail::Quit),
];

/// What a key does in the detail: its own keys first, then the board's (of which the detail
/// takes the case actions).
pub fn detail(event: &KeyEvent) -> Option<Result<InDetail, Does>> {
    find(DETAIL, event)
        .map(Ok)
        .or_else(|| board(event).map(Err))
}

/// Keys that mean the same in every view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Always {
    /// Ctrl-C: cancels a form, asks on the board, quits when pressed twice.
    Interrupt,
    Redraw,
}

impl Always {
    pub const COUNT: usize = Always::Redraw as usize + 1;
}

pub const ALWAYS: &[Binding<Always>] = &[
    bind(&[Ctrl('c')], Always::Interrupt),
    bind(&[Ctrl('l')], Always::Redraw),
];

/// The keys of a sheet read over the board: the help (`?`) and the shift handover (`h`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSheet {
    /// Records the handover (on the handover sheet only).
    HandOver,
    Down,
    Up,
    Close,
    Quit,
}

impl OnSheet {
    pub const COUNT: usize = OnSheet::Quit as usize + 1;
}

// The small views' tables put what the view is for and how to leave it first: their hint
// lines are cut from the right on a narrow screen.

pub const HELP: &[Binding<OnSheet>] = &[
    bind(&[Code(KeyCode::Esc), Char('?')], OnSheet::Close),
    bind(&[Char('j'), Code(KeyCode::Down)], OnSheet::Down),
    bind(&[Char('k'), Code(KeyCode::Up)], OnSheet::Up),
    bind(&[Char('q')], OnSheet::Quit),
];

pub const HANDOVER: &[Binding<OnSheet>] = &[
    bind(&[Code(KeyCode::Enter)], OnSheet::HandOver),
    bind(&[Code(KeyCode::Esc), Char('h')], OnSheet::Close),
    bind(&[Char('j'), Code(KeyCode::Down)], OnSheet::Down),
    bind(&[Char('k'), Code(KeyCode::Up)], OnSheet::Up),
    bind(&[Char('q')], OnSheet::Quit),
];

/// The figures screen's keys (`s`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFigures {
    Close,
    Quit,
}

impl OnFigures {
    pub const COUNT: usize = OnFigures::Quit as usize + 1;
}

pub const FIGURES: &[Binding<OnFigures>] = &[
    bind(&[Code(KeyCode::Esc), Char('s')], OnFigures::Close),
    bind(&[Char('q')], OnFigures::Quit),
];

/// The roster's keys (`r`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnRoster {
    Up,
    Down,
    Duty,
    Close,
    Quit,
}

impl OnRoster {
    pub const COUNT: usize = OnRoster::Quit as usize + 1;
}

pub const ROSTER: &[Binding<OnRoster>] = &[
    bind(&[Char(' '), Code(KeyCode::Enter)], OnRoster::Duty),
    bind(&[Code(KeyCode::Esc), Char('r')], OnRoster::Close),
    bind(&[Char('k'), Code(KeyCode::Up)], OnRoster::Up),
    bind(&[Char('j'), Code(KeyCode::Down)], OnRoster::Down),
    bind(&[Char('q')], OnRoster::Quit),
];

/// The quit question's keys; any other key stays too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnQuestion {
    Quit,
    Stay,
}

impl OnQuestion {
    pub const COUNT: usize = OnQuestion::Stay as usize + 1;
}

pub const QUESTION: &[Binding<OnQuestion>] = &[
    bind(&[Char('y'), Char('Y'), Char('q')], OnQuestion::Quit),
    bind(
        &[Char('n'), Char('N'), Code(KeyCode::Esc)],
        OnQuestion::Stay,
    ),
];

/// The search line's keys, beside the text typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnSearch {
    Done,
    Clear,
}

impl OnSearch {
    pub const COUNT: usize = OnSearch::Clear as usize + 1;
}

pub const SEARCH: &[Binding<OnSearch>] = &[
    bind(&[Code(KeyCode::Enter)], OnSearch::Done),
    bind(&[Code(KeyCode::Esc)], OnSearch::Clear),
];

/// A write the machine failed to make (the database busy, the disk full), on the banner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnFailed {
    Retry,
    Dismiss,
}

impl OnFailed {
    pub const COUNT: usize = OnFailed::Dismiss as usize + 1;
}

pub const FAILED: &[Binding<OnFailed>] = &[
    bind(&[Code(KeyCode::Enter)], OnFailed::Retry),
    bind(&[Code(KeyCode::Esc)], OnFailed::Dismiss),
];

/// A form's own keys, beside what its fields take (text, a choice from a list, a toggle).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnForm {
    Save,
    Next,
    Previous,
    Cancel,
    /// A new report's form: adds the report to the first case it may be the same matter as.
    SameMatter,
}

impl OnForm {
    pub const COUNT: usize = OnForm::SameMatter as usize + 1;

    /// Whether the form's hint line names it: F6 is offered on the report form itself, with
    /// the case it would join, when there is one (and listed in the help).
    pub fn hinted(self) -> bool {
        self != OnForm::SameMatter
    }
}

pub const FORM: &[Binding<OnForm>] = &[
    bind(&[Code(KeyCode::Enter)], OnForm::Save),
    bind(&[Code(KeyCode::Esc)], OnForm::Cancel),
    bind(&[Code(KeyCode::Tab)], OnForm::Next),
    bind(&[Code(KeyCode::BackTab)], OnForm::Previous),
    bind(&[Code(KeyCode::F(6))], OnForm::SameMatter),
];

/// A hint line made from a table: `key word · key word`, the words by action; actions with
/// no word are left out, and neighbours with the same word share it (`j ↓ k ↑ scroll`).
pub fn hint_line<A: Copy>(table: &[Binding<A>], word: impl Fn(A) -> &'static str) -> String {
    let mut parts: Vec<(String, &str)> = Vec::new();
    for b in table.iter().filter(|b| !word(b.does).is_empty()) {
        match parts.last_mut() {
            Some((keys, w)) if *w == word(b.does) => {
                keys.push(' ');
                keys.push_str(&b.label());
            }
            _ => parts.push((b.label(), word(b.does))),
        }
    }
    let parts: Vec<String> = parts.iter().map(|(k, w)| format!("{k} {w}")).collect();
    parts.join(" · ")
}

/// The labels of the board's keys that act on one case, which the detail takes too.
pub fn case_keys() -> String {
    let labels: Vec<String> = BOARD
        .iter()
        .filter(|b| b.does.on_case())
        .map(Binding::label)
        .collect();
    labels.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn no_key_is_bound_twice_on_the_board() {
        let all: Vec<Key> = BOARD.iter().flat_map(|b| b.keys.iter().copied()).collect();
        for (i, a) in all.iter().enumerate() {
            assert!(!all[i + 1..].contains(a), "{a:?} is bound twice");
        }
    }

    #[test]
    fn acknowledging_and_moving_share_no_key() {
        let ack = BOARD.iter().find(|b| b.does == Does::Acknowledge);
        let ack = ack.expect("acknowledge is bound");
        // Movement keys of vim, less, htop, emacs and the arrows.
        for c in [
            'h', 'j', 'k', 'l', 'g', 'G', 'b', 'f', 'w', 'y', 'e', 'd', 'u', ' ',
        ] {
            assert!(!ack.keys.contains(&Char(c)), "{c} moves in some program");
        }
        for b in BOARD.iter().filter(|b| b.does.moves()) {
            for k in b.keys {
                assert!(!ack.keys.contains(k));
            }
        }
        assert_eq!(board(&press(KeyCode::Char('k'))), Some(Does::Up));
        assert_eq!(board(&press(KeyCode::Char('!'))), Some(Does::Acknowledge));
    }

    #[test]
    fn ctrl_keys_are_not_their_letters() {
        let ctrl_l = KeyEvent::new(KeyCode::Char('l'), KeyModifiers::CONTROL);
        assert_eq!(find(ALWAYS, &ctrl_l), Some(Always::Redraw));
        assert_eq!(board(&ctrl_l), None, "Ctrl-L is not l");
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(board(&ctrl_d), None, "Ctrl-D is not d (dispatch)");
        assert_eq!(board(&press(KeyCode::Char('7'))), Some(Does::Grid));
    }
}
