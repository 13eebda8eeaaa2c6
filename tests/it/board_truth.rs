//! The wall screen tells the truth: a filter never makes it look calm, the most-urgent panel
//! counts every open case, hidden rows are said, popups keep their edges over Chinese text,
//! and the selection stays on its case whatever another desk does meanwhile.

use crate::common::cases;

use cases::{model, morning, now, reported};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutydesk::app::{List, Model, Msg, Target, View, board, update};
use dutydesk::i18n::Lang;
use dutydesk::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use unicode_width::UnicodeWidthStr;

const COLOR: Theme = Theme {
    color: true,
    console: false,
};
/// The sizes a wall screen, a laptop and a small terminal give.
const SIZES: [(u16, u16); 4] = [(80, 24), (120, 32), (160, 45), (250, 60)];

fn draw(model: &Model, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| render(frame, model, now(), COLOR))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// The screen as a terminal shows it.
fn text(buffer: &Buffer) -> String {
    cases::screen_text(buffer)
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
    let rows = board::listed(&m, now());
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
    let rows = board::listed(&m, now());
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
    let rows = board::listed(&m, now());
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
                    shifts: Vec::new(),
                    reports: Vec::new(),
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
    if m.alarm().is_some_and(|a| a.case.is_some()) {
        let hints = after.lines().last().expect("hint bar");
        assert!(hints.starts_with(" ! acknowledge"), "{hints}");
    }
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

/// A case taken through every kind of event, with its timeline as the store gives it.
fn every_event() -> (dutydesk::domain::Case, Vec<dutydesk::store::EventRecord>) {
    use dutydesk::domain::lifecycle::{apply, open};
    use dutydesk::domain::{Action, ArrivalHow, ClockKind, EventKind, Tier};
    let report = dutydesk::domain::Report {
        grid: 3,
        category: "fire.fire_exit_blocked".into(),
        channel: dutydesk::domain::Channel::Hotline,
        place: "新联街 农贸市场后门".into(),
        summary: "消防通道被杂物堵住".into(),
        reporter: Some("李女士".into()),
        phone: Some("13812345678".into()),
        tier: Tier::Small,
        on_scene: None,
        at: now() - chrono::Duration::minutes(60),
    };
    let (mut case, first) =
        open("20261128-007".into(), &report, &cases::rules(), now()).expect("report");
    let mut events: Vec<dutydesk::store::EventRecord> = Vec::new();
    let mut record = |e: dutydesk::domain::Event| {
        events.push(dutydesk::store::EventRecord {
            at: e.at,
            recorded_at: e.at,
            actor: "王主任".into(),
            kind: e.kind,
            details: e.details,
        });
    };
    first.into_iter().for_each(&mut record);
    let steps = [
        (
            Action::Acknowledge {
                clock: ClockKind::Arrival,
            },
            58,
        ),
        (
            Action::Dispatch {
                responder: "张丽".into(),
                note: None,
            },
            57,
        ),
        (
            Action::Dispatch {
                responder: "胡军".into(),
                note: Some("张丽在开会".into()),
            },
            55,
        ),
        (
            Action::Arrive {
                how: ArrivalHow::Photo,
            },
            40,
        ),
        (Action::SetTier { tier: Tier::Medium }, 39),
        (
            Action::Note {
                text: "已联系市场管理方".into(),
                public: true,
            },
            35,
        ),
        (
            Action::Escalate {
                body: "subdistrict_office".into(),
                note: None,
            },
            30,
        ),
        (
            Action::Receive {
                note: Some("城管科已接手".into()),
            },
            25,
        ),
        (
            Action::Resolve {
                note: "杂物已清走".into(),
                told: false,
            },
            20,
        ),
        (Action::Tell { verdict: None }, 19),
        (
            Action::Reopen {
                reason: "又被堵上".into(),
            },
            10,
        ),
    ];
    for (action, ago) in steps {
        let at = now() - chrono::Duration::minutes(ago);
        let (next, event) = apply(&case, &action, at, now(), &cases::rules()).expect("allowed");
        record(event);
        case = next;
    }
    let before = case.clone();
    let (next, event) = apply(
        &case,
        &Action::Note {
            text: "误记".into(),
            public: false,
        },
        now() - chrono::Duration::minutes(5),
        now(),
        &cases::rules(),
    )
    .expect("note");
    record(event);
    let (next, event) = apply(
        &next,
        &Action::Undo {
            undone: EventKind::Noted,
            expected: Box::new(next.clone()),
            restore: Box::new(before),
        },
        now() - chrono::Duration::minutes(4),
        now(),
        &cases::rules(),
    )
    .expect("undo");
    record(event);
    // A second report of the blocked exit joined into this case, then split out again.
    let (again, _) = open(
        "20261128-008".into(),
        &dutydesk::domain::Report {
            reporter: Some("赵先生".into()),
            ..report.clone()
        },
        &cases::rules(),
        now(),
    )
    .expect("another report");
    let at = now() - chrono::Duration::minutes(3);
    let joined = dutydesk::domain::joining::join(&again, &next, at, now()).expect("join");
    record(joined.on_problem.clone());
    record(joined.on_report.clone());
    let split = dutydesk::domain::joining::split(&joined.report, &joined.problem, 0, at, now())
        .expect("split");
    record(split.on_problem);
    record(split.on_report);
    let (last, event) = apply(
        &next,
        &Action::Cancel {
            reason: "重复报告".into(),
        },
        now() - chrono::Duration::minutes(2),
        now(),
        &cases::rules(),
    )
    .expect("cancel");
    record(event);
    (last, events)
}

#[test]
fn the_detail_speaks_in_words_with_every_event_kind() {
    let (case, events) = every_event();
    let kinds: std::collections::BTreeSet<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds.len(),
        dutydesk::domain::EventKind::ALL.len(),
        "every kind"
    );
    for lang in [Lang::En, Lang::Zh] {
        let mut m = model(lang, morning());
        // The day shift handed over between the reopening and the note.
        let shift = dutydesk::store::Shift {
            at: now() - chrono::Duration::minutes(7),
            from: "王值班".into(),
            to: "李值班".into(),
        };
        m.detail = Some(dutydesk::app::Detail {
            number: case.number.clone(),
            case: Some(case.clone()),
            events: events.clone(),
            shifts: vec![shift],
            reports: Vec::new(),
            scroll: 0,
            reveal: false,
        });
        m.view = View::Detail;
        let screen = text(&draw(&m, 160, 45));
        let line_of = |needle: &str| {
            screen
                .lines()
                .position(|l| l.contains(needle))
                .unwrap_or_else(|| panic!("{lang:?}: no {needle} in\n{screen}"))
        };
        let handed = line_of("王值班 → 李值班");
        assert!(
            line_of("又被堵上") < handed && handed < line_of("误记"),
            "{lang:?}: the shift sits among the events by time:\n{screen}"
        );
        for code in [
            "category=",
            "channel=",
            "clock=",
            "tier=",
            "{",
            "fire.fire_exit_blocked ",
            "subdistrict_office",
        ] {
            assert!(!screen.contains(code), "{lang:?}: {code} in\n{screen}");
        }
        assert!(!screen.contains("13812345678"), "{screen}");
        insta::assert_snapshot!(format!("detail_every_event_{lang:?}_160x45"), screen);
        assert_no_cell_under_a_wide_character(&draw(&m, 81, 30), "detail at 81x30");
    }
    // An open case: the deadline and how late.
    let mut m = model(Lang::En, morning());
    let open = m.snapshot.open[0].clone();
    m.detail = Some(dutydesk::app::Detail {
        number: open.number.clone(),
        case: Some(open),
        events: Vec::new(),
        shifts: Vec::new(),
        reports: Vec::new(),
        scroll: 0,
        reveal: false,
    });
    m.view = View::Detail;
    let screen = text(&draw(&m, 120, 32));
    assert!(
        screen.contains("!! +02:00 · past the arrival target · due 11-28 09:58"),
        "{screen}"
    );
}

/// Rows of the most-urgent panel's first big clock: from the line under its title to the
/// first line without a block glyph.
fn digit_rows(screen: &str) -> usize {
    let lines: Vec<&str> = screen.lines().collect();
    let title = lines
        .iter()
        .position(|l| l.contains("Most urgent"))
        .expect("the panel");
    let glyph = |l: &str| {
        let side: String = l.chars().skip(l.chars().count() / 2).collect();
        side.chars().any(|c| "█▀▄▌▐▖▗▘▙▚▛▜▝▞▟".contains(c))
    };
    lines[title + 1..]
        .iter()
        .skip_while(|l| !glyph(l))
        .take_while(|l| glyph(l))
        .count()
}

#[test]
fn the_big_clock_grows_with_the_wall_screen() {
    let m = model(Lang::En, morning());
    let medium = text(&draw(&m, 160, 45));
    let large = text(&draw(&m, 250, 60));
    assert!(digit_rows(&medium) >= 3, "{medium}");
    assert!(
        digit_rows(&large) >= 2 * digit_rows(&medium) - 1,
        "{} rows at 250x60 against {} at 160x45:\n{large}",
        digit_rows(&large),
        digit_rows(&medium)
    );
    // The next cases get big clocks of their own on the large screen.
    let panel = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .map(|l| l.chars().skip(l.chars().count() * 3 / 5).collect())
            .collect()
    };
    let large_panel = panel(&large).join("\n");
    assert!(large_panel.contains("20261128-002"), "{large}");
    assert!(large_panel.contains("20261128-003"), "{large}");
    insta::assert_snapshot!("wall_screen_250x60_english", large);
}

/// The screens a newcomer trips on, at every size in both languages: a search that matches
/// nothing while a case is overdue, and a crowded board scrolled to its end (rows hidden above,
/// text cut with `…`).
#[test]
fn screens_at_every_size_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in SIZES {
            let mut m = model(lang, morning());
            search(&mut m, "zzz");
            insta::assert_snapshot!(format!("no_match_{lang:?}_{w}x{h}"), text(&draw(&m, w, h)));
            let mut m = crowded();
            m.lang = lang;
            board::select_by(&mut m, now(), |_, len| len);
            let screen = text(&draw(&m, w, h));
            if h < 60 {
                assert!(screen.contains('↑'), "{lang:?} {w}x{h}:\n{screen}");
            }
            if w == 80 {
                assert!(screen.contains('…'), "{lang:?} {w}x{h}:\n{screen}");
            }
            insta::assert_snapshot!(format!("crowded_end_{lang:?}_{w}x{h}"), screen);
        }
    }
}

#[test]
fn an_alert_about_one_case_names_its_acknowledge_key_in_the_banner_and_the_hint_bar() {
    let mut cases = morning();
    cases.truncate(1);
    let mut m = model(Lang::En, cases);
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
    assert!(m.alarm().is_some_and(|a| a.case.is_some()));
    let screen = text(&draw(&m, 120, 32));
    let banner = screen.lines().nth(1).expect("banner");
    assert!(banner.contains("!: acknowledge"), "{banner}");
    let hints = screen.lines().last().expect("hint bar");
    assert!(hints.starts_with(" ! acknowledge"), "{hints}");
    // j and k move; ! writes the acknowledgement.
    for key in ['j', 'k'] {
        let out = update(
            &mut m,
            Msg::Key(KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE)),
            now(),
        );
        assert!(out.effects.is_empty(), "{key}: {out:?}");
    }
    let out = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::SHIFT)),
        now(),
    );
    assert!(
        matches!(out.effects.as_slice(), [dutydesk::app::Effect::Write(_)]),
        "{out:?}"
    );
}
