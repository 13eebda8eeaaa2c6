//! Text laid out by display width (a Chinese character takes two cells), and clock readouts.
//! Shared by the command line and the dashboard.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

use crate::i18n::{Lang, texts};

/// Text from a resident or a file, safe for a terminal: every control character (C0, DEL, C1)
/// and every bidi override or isolate is shown as a visible stand-in instead of acting on the
/// terminal. C0 controls become their Unicode control pictures (ESC as `␛`, BEL as `␇`, a line
/// break as `␊`), DEL `␡`, the rest `\u{9b}`-style escapes. The one function every surface
/// uses, so anyone who can file a report cannot write to the officer's terminal.
pub fn visible(text: &str) -> Cow<'_, str> {
    if !text.chars().any(hostile) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\u{0}'..='\u{1f}' => {
                out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{fffd}'));
            }
            '\u{7f}' => out.push('\u{2421}'),
            c if hostile(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// As [`visible`], keeping line breaks: for whole outputs whose lines are the program's own.
pub fn visible_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && hostile(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<str>> = text.split('\n').map(visible).collect();
    Cow::Owned(lines.join("\n"))
}

/// Characters that act on a terminal rather than show: controls and bidi overrides/isolates.
pub fn hostile(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        )
}

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
    // Measured as a whole string each step, not char by char: a variation selector makes the
    // character before it wide (`0\u{fe0f}` is 2 cells, its chars 1 and 0).
    let mut out = String::new();
    for c in text.chars() {
        out.push(c);
        if out.width() + 1 > width {
            out.pop();
            break;
        }
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

/// How long something has waited, counted as the board counts a clock (`14:03`, `26h11m`,
/// `26时11分`): one way of writing a span of time on every sheet.
pub fn elapsed(secs: i64, lang: Lang) -> String {
    countdown(secs.max(0), lang)
}

/// Lines of at most `width` cells, each wrapped line continuing under its text: the column
/// after the line's first gap of two spaces (a field's value after its label, a timeline
/// entry's words after its time) when that leaves room, else the line's own indent. Breaks
/// at a space where one is near, anywhere in Chinese.
pub fn wrap_hanging(line: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    if line.width() <= width || width < 8 {
        return vec![line.to_string()];
    }
    let lead = line.len() - line.trim_start().len();
    let indent = line[lead..]
        .find("  ")
        .map(|gap| {
            let after = &line[lead + gap..];
            lead + gap + (after.len() - after.trim_start().len())
        })
        .map(|at| line[..at].width())
        .filter(|&w| w <= width / 2)
        .unwrap_or_else(|| line[..lead].width());
    let mut out = Vec::new();
    let mut current = String::new();
    let mut used = 0;
    // The byte in `current` after its last space past the indent, and the width up to it.
    let mut space: Option<(usize, usize)> = None;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > indent {
            let rest = match space {
                Some((at, _)) if at < current.len() => current.split_off(at),
                _ => String::new(),
            };
            out.push(current.trim_end().to_string());
            current = format!("{}{}", " ".repeat(indent), rest.trim_start());
            used = current.width();
            space = None;
        }
        current.push(c);
        used += w;
        if c == ' ' && used > indent + 1 {
            space = Some((current.len(), used));
        }
    }
    out.push(current);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_continue_under_their_text() {
        let line = "  12-07 10:04  dispatched  张丽 · a note that goes on well past the edge";
        let lines = wrap_hanging(line, 40);
        assert!(lines.len() > 1, "{lines:?}");
        let under = "  12-07 10:04  ".width();
        for l in &lines {
            assert!(l.width() <= 40, "{l:?}");
        }
        for l in &lines[1..] {
            assert_eq!(l.len() - l.trim_start().len(), under, "{l:?}");
        }
        let chinese = "内容      健身器材断裂，有人受伤，需要尽快处理，请物业和网格员一起到场查看";
        let lines = wrap_hanging(chinese, 30);
        assert!(lines.iter().all(|l| l.width() <= 30), "{lines:?}");
        assert!(lines[1].starts_with("          "), "{lines:?}");
        assert_eq!(wrap_hanging("short", 40), ["short"]);
    }

    #[test]
    fn truncation_never_cuts_a_wide_character() {
        assert_eq!(truncate("柏条河绿道新修台阶", 7), "柏条河…");
        assert!(truncate("柏条河绿道新修台阶", 8).width() <= 8);
        assert_eq!(truncate("short", 7), "short");
        assert_eq!(truncate("abc", 0), "");
        // Found by the fuzz test: a variation selector widens the character before it.
        let cut = truncate("0\u{fe0f}𓑠    A🌀aa00aਅAꓐA𑻠𝚨", 10);
        assert!(cut.width() <= 10, "{cut:?} is {} wide", cut.width());
    }

    #[test]
    fn hostile_text_is_shown_not_obeyed() {
        assert_eq!(visible("新联街 3号"), "新联街 3号");
        assert_eq!(visible("P\u{1b}]0;pwned\u{7}X"), "P␛]0;pwned␇X");
        assert_eq!(visible("a\rb\u{8}c\nd\u{7f}"), "a␍b␈c␊d␡");
        assert_eq!(visible("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(
            visible("abc\u{202e}fed\u{2066}"),
            "abc\\u{202e}fed\\u{2066}"
        );
        assert_eq!(visible_lines("a\u{1b}\nb"), "a␛\nb");
        for out in [
            visible("\u{1b}\u{9b}\u{202e}\u{85}"),
            visible_lines("x\u{1b}\n"),
        ] {
            assert!(!out.chars().any(|c| c != '\n' && hostile(c)), "{out:?}");
        }
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
