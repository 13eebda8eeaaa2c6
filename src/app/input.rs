//! One line of text being typed. The cursor counts characters, never bytes, so Chinese typed
//! through an input method or pasted moves and deletes a whole character at a time.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    /// In characters from the start.
    cursor: usize,
}

impl LineInput {
    pub fn new(text: &str) -> LineInput {
        LineInput {
            text: text.to_string(),
            cursor: text.chars().count(),
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// Display columns before the cursor, where the terminal's cursor goes.
    pub fn cursor_column(&self) -> usize {
        self.text[..self.byte(self.cursor)].width()
    }

    fn byte(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts typed or pasted text; line breaks and tabs become spaces, other control
    /// characters are dropped, so a paste can never smuggle in a second line.
    pub fn insert(&mut self, text: &str) {
        for c in text.chars() {
            let c = match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => continue,
                c => c,
            };
            let at = self.byte(self.cursor);
            self.text.insert(at, c);
            self.cursor += 1;
        }
    }

    pub fn clear(&mut self) {
        *self = LineInput::default();
    }

    /// Editing keys; false when the key is not one of them.
    pub fn handle(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let len = self.text.chars().count();
        match key.code {
            KeyCode::Char('u') if ctrl => self.clear(),
            KeyCode::Char('a') if ctrl => self.cursor = 0,
            KeyCode::Char('e') if ctrl => self.cursor = len,
            KeyCode::Char(_) if ctrl => return false,
            KeyCode::Char(c) => self.insert(c.encode_utf8(&mut [0; 4])),
            KeyCode::Backspace if self.cursor > 0 => {
                let at = self.byte(self.cursor - 1);
                self.text.remove(at);
                self.cursor -= 1;
            }
            KeyCode::Delete if self.cursor < len => {
                let at = self.byte(self.cursor);
                self.text.remove(at);
            }
            KeyCode::Backspace | KeyCode::Delete => {}
            KeyCode::Left => self.cursor = self.cursor.saturating_sub(1),
            KeyCode::Right => self.cursor = (self.cursor + 1).min(len),
            KeyCode::Home => self.cursor = 0,
            KeyCode::End => self.cursor = len,
            _ => return false,
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn chinese_moves_and_deletes_by_character() {
        let mut input = LineInput::default();
        input.insert("路灯不亮");
        assert_eq!(input.cursor_column(), 8, "four wide characters");
        input.handle(key(KeyCode::Left));
        input.handle(key(KeyCode::Backspace));
        assert_eq!(input.text(), "路灯亮");
        input.handle(key(KeyCode::Home));
        input.handle(key(KeyCode::Delete));
        assert_eq!(input.text(), "灯亮");
        input.handle(key(KeyCode::End));
        input.handle(key(KeyCode::Char('了')));
        assert_eq!(input.text(), "灯亮了");
        assert_eq!(input.cursor_column(), 6);
    }

    #[test]
    fn a_paste_stays_on_one_line() {
        let mut input = LineInput::new("a");
        input.insert("b\nc\td\u{7}");
        assert_eq!(input.text(), "ab c d");
    }

    #[test]
    fn editing_at_the_ends_does_nothing_rather_than_panic() {
        let mut input = LineInput::default();
        assert!(input.handle(key(KeyCode::Backspace)));
        assert!(input.handle(key(KeyCode::Delete)));
        assert!(input.handle(key(KeyCode::Left)));
        assert_eq!(input.text(), "");
        assert!(!input.handle(key(KeyCode::Enter)));
    }
}
