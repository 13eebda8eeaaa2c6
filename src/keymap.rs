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
    Redraw,
    Quit,
}

impl Does {
    pub const COUNT: usize = Does::Quit as usize + 1;

    /// Keys that only move the selection or the view.
    pub fn moves(self) -> bool {
        matches!(
            self,
            Does::Up | Does::Down | Does::PageUp | Does::PageDown | Does::First | Does::Last
        )
    }
}

pub struct Binding {
    pub keys: &'static [Key],
    pub does: Does,
}

impl Binding {
    /// The keys as the help writes them: `j ↓`.
    pub fn label(&self) -> String {
        let labels: Vec<Cow<str>> = self.keys.iter().map(|k| k.label()).collect();
        labels.join(" ")
    }
}

const fn bind(keys: &'static [Key], does: Does) -> Binding {
    Binding { keys, does }
}

use Key::{Char, Code, Ctrl};

/// The board's keys, in the order the help lists them. The hint bar shows those its language
/// gives a short word, in this order.
pub const BOARD: &[Binding] = &[
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
    bind(&[Ctrl('l')], Does::Redraw),
    bind(&[Char('q')], Does::Quit),
];

/// What a key does on the board, if anything.
pub fn board(event: &KeyEvent) -> Option<Does> {
    BOARD
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.does)
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
    Redraw,
    /// Closes a window over the board, else asks to quit.
    Back,
    Quit,
}

impl OnCallUps {
    pub const COUNT: usize = OnCallUps::Quit as usize + 1;
}

pub struct CallUpBinding {
    pub keys: &'static [Key],
    pub does: OnCallUps,
}

impl CallUpBinding {
    pub fn label(&self) -> String {
        let labels: Vec<Cow<str>> = self.keys.iter().map(|k| k.label()).collect();
        labels.join(" ")
    }
}

/// The sub-district board's keys, in the order its help lists them.
pub const CALL_UPS: &[CallUpBinding] = &[
    CallUpBinding {
        keys: &[Code(KeyCode::Up), Char('k')],
        does: OnCallUps::Up,
    },
    CallUpBinding {
        keys: &[Code(KeyCode::Down), Char('j')],
        does: OnCallUps::Down,
    },
    CallUpBinding {
        keys: &[Code(KeyCode::Enter)],
        does: OnCallUps::Detail,
    },
    CallUpBinding {
        keys: &[Char('r')],
        does: OnCallUps::Receive,
    },
    CallUpBinding {
        keys: &[Char('u')],
        does: OnCallUps::Note,
    },
    CallUpBinding {
        keys: &[Char('c')],
        does: OnCallUps::Resolve,
    },
    CallUpBinding {
        keys: &[Char('?')],
        does: OnCallUps::Help,
    },
    CallUpBinding {
        keys: &[Ctrl('l')],
        does: OnCallUps::Redraw,
    },
    CallUpBinding {
        keys: &[Code(KeyCode::Esc)],
        does: OnCallUps::Back,
    },
    CallUpBinding {
        keys: &[Char('q')],
        does: OnCallUps::Quit,
    },
];

/// What a key does on the sub-district's board, if anything.
pub fn call_ups(event: &KeyEvent) -> Option<OnCallUps> {
    CALL_UPS
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
        .map(|b| b.does)
}

/// What the case detail's keys do, beyond the case keys it shares with the board.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InDetail {
    Close,
    ScrollDown,
    ScrollUp,
    Reveal,
    Undo,
    Quit,
}

impl InDetail {
    pub const COUNT: usize = InDetail::Quit as usize + 1;
}

pub struct DetailBinding {
    pub keys: &'static [Key],
    pub does: InDetail,
}

pub const DETAIL: &[DetailBinding] = &[
    DetailBinding {
        keys: &[Char('j'), Code(KeyCode::Down)],
        does: InDetail::ScrollDown,
    },
    DetailBinding {
        keys: &[Char('k'), Code(KeyCode::Up)],
        does: InDetail::ScrollUp,
    },
    DetailBinding {
        keys: &[Char('m')],
        does: InDetail::Reveal,
    },
    DetailBinding {
        keys: &[Char('z')],
        does: InDetail::Undo,
    },
    DetailBinding {
        keys: &[Code(KeyCode::Esc), Code(KeyCode::Enter)],
        does: InDetail::Close,
    },
    DetailBinding {
        keys: &[Char('q')],
        does: InDetail::Quit,
    },
];

impl DetailBinding {
    pub fn label(&self) -> String {
        let labels: Vec<Cow<str>> = self.keys.iter().map(|k| k.label()).collect();
        labels.join(" ")
    }
}

/// What a key does in the detail: its own keys first, then the board's (of which the detail
/// takes the case actions).
pub fn detail(event: &KeyEvent) -> Option<Result<InDetail, Does>> {
    if let Some(b) = DETAIL
        .iter()
        .find(|b| b.keys.iter().any(|k| k.matches(event)))
    {
        return Some(Ok(b.does));
    }
    board(event).map(Err)
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
        assert_eq!(board(&ctrl_l), Some(Does::Redraw));
        let ctrl_d = KeyEvent::new(KeyCode::Char('d'), KeyModifiers::CONTROL);
        assert_eq!(board(&ctrl_d), None, "Ctrl-D is not d (dispatch)");
        assert_eq!(board(&press(KeyCode::Char('7'))), Some(Does::Grid));
    }
}
