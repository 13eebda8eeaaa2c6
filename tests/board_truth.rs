//! The wall screen tells the truth: a filter never makes it look calm, the most-urgent panel
//! counts every open case, hidden rows are said, popups keep their edges over Chinese text,
//! and the selection stays on its case whatever another desk does meanwhile.

#[path = "common/cases.rs"]
mod cases;

use cases::{model, morning, now, reported};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutydesk::app::{List, Model, Msg, Target, View, board, update};
use dutydesk::i18n::Lang;
use dutydesk::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

const COLOR: Theme = Theme { color: true };
/// The sizes a wall screen, a laptop and a small terminal give.
const SIZES: [(u16, u16); 4] = [(80, 24), (120, 32), (160, 45), (250, 60)];

fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| render(frame, model, now(), COLOR))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The screen as a terminal shows it: a wide character covers the cell after it.
fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += u16::try_from(symbol.width().max(1)).expect("width");
        }
        out.push('\n');
    }
    out
}

fn press(m: &mut Model, c: char) {
    update(
        m,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        now(),
    );
}

fn search(m: &mut Model, needle: &str) {
    press(m, '/');
    for c in needle.chars() {
        press(m, c);
    }
    update(
        m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        now(),
    );
}

#[test]
fn a_search_that_matches_nothing_says_what_it_hides_and_never_all_calm() {
    for lang in [Lang::En, Lang::Zh] {
        let ui = &dutydesk::i18n::texts(lang).ui;
        let mut m = model(lang, morning());
        search(&mut m, "zzz");
        for (w, h) in SIZES {
            let screen = text(&draw(&m, w, h));
            assert!(!screen.contains(ui.empty_title), "{w}x{h}:\n{screen}");
            assert!(!screen.contains(&ui.empty_lines[0][..9]), "{screen}");
            assert!(screen.contains("zzz"), "the filter is named:\n{screen}");
            let hidden = ui
                .hidden_open
                .replace("{open}", "5")
                .replace("{overdue}", "1");
            assert!(screen.contains(&hidden), "{w}x{h}:\n{screen}");
            // The most urgent of all open cases is still shown, clock and all.
            assert!(screen.contains("20261128-001"), "{w}x{h}:\n{screen}");
            assert!(!screen.contains("--:--"), "{w}x{h}:\n{screen}");
        }
        insta::assert_snapshot!(
            format!("search_no_match_{lang:?}_80x24"),
            text(&draw(&m, 80, 24))
        );
        insta::assert_snapshot!(
            format!("search_no_match_{lang:?}_160x45"),
            text(&draw(&m, 160, 45))
        );
    }
}

#[test]
fn a_grid_without_cases_says_so_and_what_is_overdue_elsewhere() {
    let mut m = model(Lang::En, morning());
    press(&mut m, '7');
    let screen = text(&draw(&m, 120, 32));
    assert!(screen.contains("No open case in grid 7"), "{screen}");
    assert!(screen.contains("5 open, 1 overdue not shown"), "{screen}");
    assert!(!screen.contains("All calm"), "{screen}");
}

#[test]
fn all_calm_only_when_nothing_is_open() {
    let m = model(Lang::En, Vec::new());
    assert!(text(&draw(&m, 120, 32)).contains("All calm"));
    let mut m = model(Lang::En, morning());
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
        now(),
    );
    assert_eq!(m.list, List::Closed);
    assert!(!text(&draw(&m, 120, 32)).contains("All calm"));
}

#[test]
fn search_finds_the_category_words_on_the_row() {
    for (lang, needle) in [(Lang::En, "fire"), (Lang::Zh, "消防"), (Lang::En, "消防")] {
        let mut m = model(lang, morning());
        search(&mut m, needle);
        let rows = board::shown(&m, now());
        let numbers: Vec<&str> = rows.iter().map(|r| r.case.number.as_str()).collect();
        assert_eq!(numbers, ["20261128-004"], "{needle}");
    }
}

#[test]
fn the_closed_list_never_shows_a_closed_case_as_most_urgent() {
    let resolved = cases::then(
        cases::arrived(
            cases::dispatched(
                reported(
                    "20261128-009",
                    6,
                    "environment.garbage",
                    "六网格 已办结处",
                    30,
                ),
                "x",
                29,
            ),
            20,
        ),
        dutydesk::domain::Action::Resolve {
            note: "done".into(),
            told: true,
        },
        5,
    );
    let mut open = morning();
    open.truncate(1);
    let mut m = model(Lang::En, open.clone());
    m.snapshot.recent.push(resolved);
    m.list = List::Closed;
    for (w, h) in SIZES {
        let screen = text(&draw(&m, w, h));
        let urgent = screen
            .lines()
            .find(|l| l.contains("Most urgent"))
            .unwrap_or_else(|| panic!("{w}x{h}:\n{screen}"));
        assert!(!urgent.contains("20261128-009"), "{urgent}");
        assert!(screen.contains("20261128-001"), "{w}x{h}:\n{screen}");
    }
}

/// 30 cases, the last six overdue at the top of the order; the selection at the bottom.
fn crowded() -> Model {
    let cases = (1..=30)
        .map(|i| {
            reported(
                &format!("20261128-{i:03}"),
                u8::try_from(i % 7 + 1).expect("grid"),
                "environment.garbage",
                "柏条河绿道新修台阶旁边的长椅",
                if i > 24 { 20 + i } else { i % 14 },
            )
        })
        .collect();
    model(Lang::En, cases)
}

#[test]
fn rows_out_of_sight_are_counted_with_their_overdue_cases() {
    let mut m = crowded();
    board::select_by(&mut m, now(), |_, len| len);
    let screen = text(&draw(&m, 80, 24));
    let top = screen
        .lines()
        .find(|l| l.contains('↑'))
        .expect("a marker above");
    assert!(top.contains("more, 6 overdue"), "{screen}");
    insta::assert_snapshot!("rows_hidden_above_80x24", screen);
    board::select_by(&mut m, now(), |_, _| 0);
    let screen = text(&draw(&m, 80, 24));
    let bottom = screen
        .lines()
        .find(|l| l.contains('↓'))
        .expect("a marker below");
    assert!(bottom.contains("more"), "{screen}");
    assert!(!screen.contains('↑'), "{screen}");
    // PgDn moves a page, not a row.
    m.size = (80, 24);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::PageDown, KeyModifiers::NONE)),
        now(),
    );
    let rows = board::shown(&m, now());
    assert_eq!(board::selected_index(&m, &rows), Some(m.page_rows()));
}

#[test]
fn the_selection_stays_on_its_case_when_another_desk_adds_one_above() {
    let mut m = model(Lang::En, morning());
    board::select_by(&mut m, now(), |_, _| 2);
    let chosen = board::selected(&m, now()).expect("a case").number.clone();
    // Another desk reports an overdue case: it goes to the top, every row moves down one.
    let mut snapshot = m.snapshot.clone();
    snapshot.open.push(reported(
        "20261128-010",
        6,
        "environment.garbage",
        "六网格",
        40,
    ));
    update(&mut m, Msg::Loaded(Box::new(snapshot)), now());
    press(&mut m, 'd');
    let form = m.form().expect("the dispatch form");
    assert_eq!(form.case.as_deref(), Some(chosen.as_str()));
    // The case left the board (resolved elsewhere): the selection stays on the row it was on
    // (one lower since the new case came), now the next case's.
    let mut snapshot = m.snapshot.clone();
    snapshot.open.retain(|c| c.number != chosen);
    update(&mut m, Msg::Loaded(Box::new(snapshot)), now());
    let rows = board::shown(&m, now());
    assert_eq!(board::selected_index(&m, &rows), Some(3));
}

#[test]
fn a_click_selects_then_opens_and_a_grid_click_filters() {
    let mut m = model(Lang::En, morning());
    update(
        &mut m,
        Msg::Click(Target::Case("20261128-003".into())),
        now(),
    );
    assert_eq!(m.selected.as_deref(), Some("20261128-003"));
    assert_eq!(m.view, View::Board);
    update(
        &mut m,
        Msg::Click(Target::Case("20261128-003".into())),
        now(),
    );
    assert_eq!(m.view, View::Detail);
    let mut m = model(Lang::En, morning());
    update(&mut m, Msg::Click(Target::Grid(5)), now());
    assert_eq!(m.grid, Some(5));
    update(&mut m, Msg::Click(Target::Grid(5)), now());
    assert_eq!(m.grid, None);
    update(&mut m, Msg::Scroll(3), now());
    let rows = board::shown(&m, now());
    assert_eq!(board::selected_index(&m, &rows), Some(3));
}

/// No cell is drawn under the right half of a wide character: a terminal shows the character
/// there and loses what the cell held (a popup's edge).
fn assert_no_cell_under_a_wide_character(buffer: &Buffer, what: &str) {
    let area = buffer.area;
    for y in 0..area.height {
        for x in 1..area.width {
            let left = buffer[(x - 1, y)].symbol();
            let here = buffer[(x, y)].symbol();
            assert!(
                left.width() < 2 || here == " " || here.is_empty(),
                "{what}: {here:?} at {x},{y} is under the right half of {left:?}:\n{}",
                text(buffer)
            );
        }
    }
}

#[test]
fn popups_keep_every_edge_over_chinese_text() {
    let mut m = crowded();
    m.lang = Lang::Zh;
    for c in &mut m.snapshot.open {
        c.summary = "一二三四五六七八九十".repeat(8);
    }
    let case = m.snapshot.open[0].clone();
    type Opener = Box<dyn Fn(&mut Model)>;
    let views: Vec<(&str, Opener)> = vec![
        ("help", Box::new(|m: &mut Model| m.view = View::Help)),
        ("quit", Box::new(|m: &mut Model| m.view = View::ConfirmQuit)),
        (
            "detail",
            Box::new(move |m: &mut Model| {
                m.detail = Some(dutydesk::app::Detail {
                    number: case.number.clone(),
                    case: Some(case.clone()),
                    events: Vec::new(),
                    scroll: 0,
                    reveal: false,
                });
                m.view = View::Detail;
            }),
        ),
        (
            "report form",
            Box::new(|m: &mut Model| {
                m.view = View::Form(Box::new(dutydesk::app::forms::report(m)));
            }),
        ),
        (
            "roster",
            Box::new(|m: &mut Model| m.view = View::Roster { selected: 0 }),
        ),
    ];
    for (name, open) in &views {
        let mut m = crowded();
        m.lang = Lang::Zh;
        for c in &mut m.snapshot.open {
            c.place = "柏条河绿道新修台阶旁边的长椅柏条河绿道".into();
        }
        open(&mut m);
        // Odd and even widths put the popup's edges on both halves of the characters.
        for (w, h) in [
            (80, 24),
            (81, 24),
            (120, 32),
            (121, 33),
            (160, 45),
            (250, 60),
        ] {
            let buffer = draw(&m, w, h);
            assert_no_cell_under_a_wide_character(&buffer, &format!("{name} at {w}x{h}"));
        }
    }
    m.view = View::Help;
    insta::assert_snapshot!("help_over_chinese_81x24", text(&draw(&m, 81, 24)));
}

#[test]
fn the_board_keeps_its_essential_columns_at_every_size() {
    for lang in [Lang::En, Lang::Zh] {
        let mut m = model(lang, morning());
        let tier = dutydesk::i18n::texts(lang).state[2]; // "on scene"
        for w in (80..=250).step_by(10) {
            for h in [24, 32, 45, 60] {
                let screen = text(&draw(&m, w, h));
                for number in ["20261128-001", "20261128-004"] {
                    assert!(screen.contains(number), "{lang:?} {w}x{h}:\n{screen}");
                }
                let row = screen
                    .lines()
                    .find(|l| l.contains("20261128-004") && l.contains(tier))
                    .unwrap_or_else(|| panic!("{lang:?} {w}x{h} state:\n{screen}"));
                assert!(row.contains('✓'), "the verdict stays: {row}");
            }
        }
        m.selected = None;
    }
}

#[test]
fn the_layout_does_not_jump_when_an_alert_comes() {
    let mut m = model(Lang::En, morning());
    let before = text(&draw(&m, 120, 32));
    let tick = update(&mut m, Msg::Tick, now());
    let alerts = tick
        .effects
        .iter()
        .find_map(|e| match e {
            dutydesk::app::Effect::Claim(alerts) => Some(alerts.clone()),
            _ => None,
        })
        .expect("the overdue case's alert is claimed");
    update(&mut m, Msg::Claimed(Ok(alerts)), now());
    assert!(m.alarm().is_some());
    let after = text(&draw(&m, 120, 32));
    assert!(
        after.lines().nth(1).is_some_and(|l| l.contains("!!")),
        "{after}"
    );
    let row = |screen: &str| {
        screen
            .lines()
            .position(|l| l.starts_with("│") && l.contains("20261128-002"))
            .expect("row")
    };
    assert_eq!(row(&before), row(&after), "{before}\n{after}");
}

#[test]
fn a_list_says_what_its_counter_means() {
    let mut m = model(Lang::En, morning());
    press(&mut m, 'n');
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)),
        now(),
    );
    let screen = text(&draw(&m, 120, 40));
    assert!(screen.contains("choose: ↓ or type"), "{screen}");
    assert!(screen.contains("more below"), "{screen}");
    for c in "fi".chars() {
        press(&mut m, c);
    }
    let screen = text(&draw(&m, 120, 40));
    let kinds = m.catalog.kinds().count();
    assert!(screen.contains(&format!(" of {kinds} match")), "{screen}");
}
