//! Text laid out by display width (a Chinese character takes two cells), and clock readouts.
//! Shared by the command line and the dashboard.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::i18n::{Lang, texts};

/// Pads to a display width.
pub fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

/// Cuts to at most `width` cells, never through a character, marking the cut with `…`.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// Seconds to a deadline as `MM:SS` (`+MM:SS` once past it); from 100 minutes on, hours and
/// minutes in the language's units (`5h07m`, `5时07分`).
pub fn countdown(secs: i64, lang: Lang) -> String {
    let (sign, secs) = if secs < 0 { ("+", -secs) } else { ("", secs) };
    if secs >= 100 * 60 {
        let ui = &texts(lang).ui;
        format!(
            "{sign}{}{}{:02}{}",
            secs / 3600,
            ui.hour_short,
            secs % 3600 / 60,
            ui.minute_short
        )
    } else {
        format!("{sign}{:02}:{:02}", secs / 60, secs % 60)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_never_cuts_a_wide_character() {
        assert_eq!(truncate("柏条河绿道新修台阶", 7), "柏条河…");
        assert!(truncate("柏条河绿道新修台阶", 8).width() <= 8);
        assert_eq!(truncate("short", 7), "short");
        assert_eq!(truncate("abc", 0), "");
    }

    #[test]
    fn countdowns() {
        let en = Lang::En;
        assert_eq!(countdown(125, en), "02:05");
        assert_eq!(countdown(0, en), "00:00");
        assert_eq!(countdown(-61, en), "+01:01");
        assert_eq!(countdown(99 * 60 + 59, en), "99:59");
        assert_eq!(countdown(5 * 3600 + 7 * 60 + 30, en), "5h07m");
        assert_eq!(countdown(-(2 * 3600), en), "+2h00m");
        assert_eq!(countdown(13 * 3600 + 28 * 60, Lang::Zh), "13时28分");
    }
}
