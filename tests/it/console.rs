//! On the Linux console (`TERM=linux`) the board draws only with the glyphs the console font
//! has: every cell is ASCII or one of its line and block characters (text a resident typed in
//! Chinese aside: the console cannot show Chinese at all; use `language = "en"` or fbterm).

use crate::common::cases;

use cases::{model, morning, now};
use dutydesk::app::View;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Screen, Theme, console};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn cjk(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF))
}

/// The first few cells the console cannot draw.
fn undrawable(terminal: &Terminal<TestBackend>) -> Vec<String> {
    let buffer = terminal.backend().buffer();
    let mut bad = Vec::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            if !console::drawable(symbol) && !cjk(symbol) && bad.len() < 12 {
                bad.push(format!("{symbol:?} at {x},{y}"));
            }
        }
    }
    bad
}

#[test]
fn the_board_on_the_linux_console_uses_only_its_glyphs() {
    let theme = Theme {
        color: true,
        console: true,
    };
    for (w, h) in [(80, 24), (160, 45), (250, 60)] {
        let mut m = model(Lang::En, morning());
        m.size = (w, h);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        let mut screen = Screen::new();
        screen
            .draw(&mut terminal, &m, now(), theme, false)
            .expect("draw");
        let bad = undrawable(&terminal);
        assert!(bad.is_empty(), "{w}x{h}: {}", bad.join(", "));
        // A second later, only the clocks are rewritten: in the console's glyphs too.
        screen
            .draw(
                &mut terminal,
                &m,
                now() + chrono::Duration::seconds(1),
                theme,
                true,
            )
            .expect("draw");
        let bad = undrawable(&terminal);
        assert!(bad.is_empty(), "{w}x{h} clocks: {}", bad.join(", "));
        // The help and the detail.
        m.view = View::Help;
        screen
            .draw(&mut terminal, &m, now(), theme, false)
            .expect("draw");
        let bad = undrawable(&terminal);
        assert!(bad.is_empty(), "{w}x{h} help: {}", bad.join(", "));
    }
    // Without the console the board keeps its own glyphs.
    let m = model(Lang::En, morning());
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
    Screen::new()
        .draw(
            &mut terminal,
            &m,
            now(),
            Theme {
                color: true,
                console: false,
            },
            false,
        )
        .expect("draw");
    assert!(
        !undrawable(&terminal).is_empty(),
        "the full glyph set elsewhere"
    );
}
