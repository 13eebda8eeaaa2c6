//! The whole screen at 80x24 and 200x50, in Chinese and English, with a fixed clock;
//! colours and markers where they carry meaning.

use crate::common::cases;

use cases::{model, morning, now};
use dutydesk::app::Model;
use dutydesk::i18n::Lang;
use dutydesk::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};

fn draw(model: &Model, width: u16, height: u16, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| render(frame, model, now(), theme))
        .expect("draw");
    terminal
}

fn text(buffer: &Buffer) -> Vec<String> {
    let area = buffer.area;
    (0..area.height)
        .map(|y| {
            let mut line = String::new();
            let mut x = 0;
            while x < area.width {
                let cell = &buffer[(x, y)];
                line.push_str(cell.symbol());
                x += u16::try_from(unicode_width::UnicodeWidthStr::width(cell.symbol()).max(1))
                    .expect("width");
            }
            line
        })
        .collect()
}

const COLOR: Theme = Theme {
    color: true,
    console: false,
};

#[test]
fn wall_screen_200x50_english() {
    let t = draw(&model(Lang::En, morning()), 200, 50, COLOR);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn wall_screen_200x50_chinese() {
    let t = draw(&model(Lang::Zh, morning()), 200, 50, COLOR);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn small_screen_80x24_english() {
    let t = draw(&model(Lang::En, morning()), 80, 24, COLOR);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn small_screen_80x24_chinese() {
    let t = draw(&model(Lang::Zh, morning()), 80, 24, COLOR);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn first_run_shows_a_calm_board_that_says_how_to_log_a_report() {
    let t = draw(&model(Lang::En, Vec::new()), 120, 30, COLOR);
    let lines = text(t.backend().buffer()).join("\n");
    assert!(lines.contains("No open cases"), "{lines}");
    assert!(lines.contains("Press n to log a report"), "{lines}");
    assert!(lines.contains("Tab shows the cases closed"), "{lines}");
    // At 120 columns the promise's figures stay; the least telling pair is the one dropped.
    let today = lines.lines().find(|l| l.contains("Today")).expect("today");
    assert!(
        today.contains("same day") && today.contains("on time"),
        "{today}"
    );
    assert!(!today.contains("by community"), "{today}");
    insta::assert_snapshot!(t.backend());
}

/// The help is made from the keymap: every bound key and what it does is on it, in both
/// languages, and a small screen scrolls to the end of it.
#[test]
fn help_lists_every_bound_key() {
    use dutydesk::keymap::{BOARD, DETAIL};
    for lang in [Lang::En, Lang::Zh] {
        let ui = &dutydesk::i18n::texts(lang).ui;
        let mut m = model(lang, morning());
        m.view = dutydesk::app::View::Help;
        let t = draw(&m, 160, 60, COLOR);
        let lines = text(t.backend().buffer()).join("\n");
        for b in BOARD {
            let what = ui.key_help[b.does as usize];
            let labels = b.label();
            assert!(
                lines
                    .lines()
                    .any(|l| l.contains(what) && l.contains(&format!("  {labels} "))),
                "help lists {labels} {what}:\n{lines}"
            );
        }
        for b in DETAIL {
            let what = ui.detail_help[b.does as usize];
            assert!(lines.contains(what) && lines.contains(&b.label()), "{what}");
        }
        // At 80x24 it does not fit; scrolled down, its last line shows.
        let mut small = Vec::new();
        for _ in 0..150 {
            let t = draw(&m, 80, 24, COLOR);
            small = text(t.backend().buffer());
            if small.join("\n").contains(&ui.collapse_note[..12]) {
                break;
            }
            m.scroll += 1;
        }
        assert!(
            small.join("\n").contains(&ui.collapse_note[..12]),
            "{}",
            small.join("\n")
        );
    }
}

fn row_of(buffer: &Buffer, needle: &str) -> u16 {
    text(buffer)
        .iter()
        .position(|l| l.contains(needle))
        .and_then(|y| u16::try_from(y).ok())
        .unwrap_or_else(|| panic!("{needle} is on screen"))
}

#[test]
fn overdue_rows_are_red_with_a_marker_warning_yellow_calm_green() {
    let t = draw(&model(Lang::En, morning()), 200, 50, COLOR);
    let buffer = t.backend().buffer();
    let overdue = row_of(buffer, "20261128-001");
    let line = &text(buffer)[usize::from(overdue)];
    assert!(line.contains("!! +02:00"), "{line}");
    // The whole overdue row, not just its clock.
    for x in [3, 15, 40] {
        assert_eq!(
            buffer[(x, overdue)].bg,
            Color::Red,
            "cell {x} of the overdue row"
        );
    }
    let warning = row_of(buffer, "20261128-002");
    assert!(text(buffer)[usize::from(warning)].contains("!  03:00"));
    assert_eq!(buffer[(3, warning)].fg, Color::Yellow);
    let calm = row_of(buffer, "20261128-003");
    assert_eq!(buffer[(3, calm)].fg, Color::Green);
    assert_ne!(buffer[(15, calm)].bg, Color::Red);
}

#[test]
fn without_colour_overdue_still_stands_out() {
    let mut m = model(Lang::En, morning());
    let t = draw(
        &m,
        200,
        50,
        Theme {
            color: false,
            console: false,
        },
    );
    let buffer = t.backend().buffer();
    // The top row is selected: marked, and set apart from the overdue style it has.
    let selected = row_of(buffer, "20261128-001");
    assert!(text(buffer)[usize::from(selected)].starts_with("│▶"));
    let cell = &buffer[(15, selected)];
    assert!(
        cell.modifier
            .contains(Modifier::UNDERLINED | Modifier::BOLD)
    );
    dutydesk::app::board::select_by(&mut m, now(), |_, _| 3);
    let t = draw(
        &m,
        200,
        50,
        Theme {
            color: false,
            console: false,
        },
    );
    let buffer = t.backend().buffer();
    let overdue = row_of(buffer, "20261128-001");
    assert!(buffer[(15, overdue)].modifier.contains(Modifier::REVERSED));
    assert_eq!(buffer[(15, overdue)].bg, Color::Reset);
    assert!(!text(buffer)[usize::from(overdue)].contains('▶'));
    let calm = row_of(buffer, "20261128-003");
    assert!(!buffer[(15, calm)].modifier.contains(Modifier::REVERSED));
    let chosen = (0..50u16)
        .find(|&y| text(buffer)[usize::from(y)].starts_with("│▶"))
        .expect("a selected row");
    assert!(
        buffer[(15, chosen)]
            .modifier
            .contains(Modifier::REVERSED | Modifier::BOLD)
    );
}

#[test]
fn chinese_columns_line_up_and_nothing_overflows() {
    let t = draw(&model(Lang::Zh, morning()), 200, 50, COLOR);
    let lines = text(t.backend().buffer());
    let column_of = |needle: &str| {
        let line = lines
            .iter()
            .find(|l| l.contains(needle))
            .expect("on screen");
        let byte = line.find(needle).expect("found");
        unicode_width::UnicodeWidthStr::width(&line[..byte])
    };
    // The number column starts at the same cell on every row, whatever the Chinese before it.
    let first = column_of("20261128-001");
    for n in [
        "20261128-002",
        "20261128-003",
        "20261128-004",
        "20261128-005",
    ] {
        assert_eq!(column_of(n), first, "{n}");
    }
    for line in &lines {
        assert!(
            unicode_width::UnicodeWidthStr::width(line.as_str()) <= 200,
            "{line}"
        );
    }
}

/// A plain tick writes only the clock cells that changed straight to the terminal; what the
/// terminal then shows must be exactly what a full draw gives at that instant, through
/// warnings, overdue (which fall back to whole frames) and both layouts.
#[test]
fn a_tick_that_rewrites_only_the_clocks_gives_the_same_screen_as_a_full_draw() {
    use dutydesk::ui::Screen;
    for (lang, (width, height)) in [(Lang::Zh, (200, 50)), (Lang::En, (80, 24))] {
        let mut m = model(lang, morning());
        dutydesk::app::board::select_by(&mut m, now(), |_, _| 1);
        let mut screen = Screen::new();
        let mut fast = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut full = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut first = true;
        // 40 minutes in 7-second steps: the warning and overdue instants of the morning's
        // cases fall in between, so some ticks must fall back to a full frame.
        for step in 0..343 {
            let at = now() + chrono::Duration::seconds(step * 7);
            screen.draw(&mut fast, &m, at, COLOR, !first).expect("draw");
            full.draw(|f| render(f, &m, at, COLOR)).expect("draw");
            assert_eq!(
                fast.backend().buffer(),
                full.backend().buffer(),
                "{lang:?} {width}x{height} at +{}s",
                step * 7
            );
            first = false;
        }
        let repaints = screen.repaints();
        assert!(
            (300..342).contains(&repaints),
            "most ticks took the short way, and a change of stage the long one: {repaints}"
        );
    }
}

#[test]
fn a_demo_says_so_in_the_header_in_both_languages_and_without_colour() {
    for (lang, wide, narrow) in [
        (Lang::En, "DEMO · simulated reports ×10", "DEMO ×10"),
        (Lang::Zh, "演示 DEMO · 模拟案件 ×10", "演示 DEMO ×10"),
    ] {
        let mut m = model(lang, morning());
        m.demo = Some(10);
        let t = draw(&m, 200, 50, COLOR);
        let header = &text(t.backend().buffer())[0];
        assert!(header.starts_with(&format!(" {wide} ")), "{header}");
        assert!(header.contains("2026-11-28"), "the clock stays: {header}");
        let t = draw(
            &m,
            80,
            24,
            Theme {
                color: false,
                console: false,
            },
        );
        let buffer = t.backend().buffer();
        let header = &text(buffer)[0];
        assert!(header.starts_with(&format!(" {narrow} ")), "{header}");
        assert!(
            header.contains("Asia/Shanghai"),
            "the clock stays: {header}"
        );
        assert!(
            buffer[(1, 0)].modifier.contains(Modifier::REVERSED),
            "the marker stands out without colour"
        );
    }
    // At real speed (a demo database under plain `dutydesk --db`): no speed.
    let mut m = model(Lang::En, morning());
    m.demo = Some(1);
    let t = draw(&m, 200, 50, COLOR);
    assert!(text(t.backend().buffer())[0].starts_with(" DEMO · simulated reports  "));
    // Not a demo: no marker.
    let t = draw(&model(Lang::En, morning()), 200, 50, COLOR);
    assert!(!text(t.backend().buffer())[0].contains("DEMO"));
}

/// The banner marks a warning `!` and an overdue case `!!`, as their rows do, and counts as
/// the row counts.
#[test]
fn the_banner_marks_a_warning_with_one_bang_and_overdue_with_two() {
    for lang in [Lang::En, Lang::Zh] {
        for (number, marker, clock) in [
            ("20261128-002", " ! ", "03:00"),
            ("20261128-001", " !! ", "+02:00"),
        ] {
            let mut m = model(lang, morning());
            let case = m
                .snapshot
                .open
                .iter()
                .find(|c| c.number == number)
                .expect("the case");
            let alert = dutydesk::domain::alerts::latest_due(
                case,
                &m.targets,
                &m.alert_rules,
                false,
                now(),
            )
            .expect("an alert due");
            for notice in dutydesk::app::alarm::notices(&m, &[alert], now()) {
                dutydesk::app::alarm::raise(&mut m, notice);
            }
            let t = draw(&m, 120, 32, COLOR);
            let lines = text(t.backend().buffer());
            let banner = &lines[1];
            assert!(
                banner.starts_with(&format!("{marker}{number}")) && banner.contains(clock),
                "{lang:?} {number}: {banner:?}"
            );
        }
    }
}

/// At 80 columns the officer is shown whole, or without the label, or not at all: never a
/// name cut to nothing after "On duty:".
#[test]
fn the_header_never_cuts_the_officers_name() {
    for (officer, whole) in [("王主任", true), ("Officer of the day Zhang Wei", false)] {
        let mut m = model(Lang::En, morning());
        m.officer = officer.to_string();
        let t = draw(&m, 80, 24, COLOR);
        let header = &text(t.backend().buffer())[0];
        if whole {
            assert!(
                header.contains(&format!("On duty: {officer}")),
                "{header:?}"
            );
        } else {
            assert!(!header.contains("On duty"), "{header:?}");
        }
        assert!(
            !header.contains("On duty: O") || header.contains(officer),
            "{header:?}"
        );
    }
}
