//! `update` driven directly with a fixed clock: keys, filters, reloads, failures.

use crate::common::cases;

use cases::{model, morning, now};
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use dutydesk::app::{Effect, Msg, View, board, update};
use dutydesk::domain::Stage;
use dutydesk::i18n::Lang;

fn key(c: char) -> Msg {
    Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

/// The effects that read or repaint, alerts aside (those are tests/alerts_update.rs): the
/// morning's cases have alerts falling due, which a tick claims.
fn reads(out: dutydesk::app::Outcome) -> Vec<Effect> {
    out.effects
        .into_iter()
        .filter(|e| !matches!(e, Effect::Claim(_)))
        .collect()
}

fn shown(m: &dutydesk::app::Model) -> Vec<String> {
    board::rows(&m.snapshot.open, &m.targets, now(), m.grid)
        .iter()
        .map(|r| r.case.number.clone())
        .collect()
}

#[test]
fn the_board_is_most_urgent_first() {
    let m = model(Lang::En, morning());
    assert_eq!(
        shown(&m),
        [
            "20261128-001",
            "20261128-002",
            "20261128-003",
            "20261128-004",
            "20261128-005"
        ]
    );
}

#[test]
fn grid_keys_filter_the_board_and_zero_shows_all() {
    let mut m = model(Lang::En, morning());
    let out = update(&mut m, key('5'), now());
    assert!(out.redraw);
    assert_eq!(shown(&m), ["20261128-002"]);
    update(&mut m, key('8'), now()); // no grid 8: the filter stays
    assert_eq!(m.grid, Some(5));
    update(&mut m, key('0'), now());
    assert_eq!(m.grid, None);
    assert_eq!(shown(&m).len(), 5);
}

#[test]
fn selection_moves_and_stays_on_the_board() {
    let mut m = model(Lang::En, morning());
    let row = |m: &dutydesk::app::Model| {
        let rows = dutydesk::app::board::listed(m, now());
        dutydesk::app::board::selected_index(m, &rows).expect("a row")
    };
    for _ in 0..10 {
        update(&mut m, key('j'), now());
    }
    assert_eq!(row(&m), 4);
    update(&mut m, key('k'), now());
    assert_eq!(row(&m), 3);
    update(&mut m, key('g'), now());
    assert_eq!(row(&m), 0);
    update(&mut m, key('G'), now());
    assert_eq!(row(&m), 4);
    update(&mut m, key('3'), now());
    assert_eq!(row(&m), 0, "a filter starts at its top");
}

#[test]
fn help_toggles_escape_closes_ctrl_c_asks_and_q_asks_first() {
    let ctrl_c = || Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL));
    let mut m = model(Lang::En, morning());
    update(&mut m, key('?'), now());
    assert_eq!(m.view, View::Help);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        now(),
    );
    assert_eq!(m.view, View::Board);
    // Ctrl-C on the board asks, as q does; a second one within 2 s quits.
    update(&mut m, ctrl_c(), now());
    assert!(!m.quit, "Ctrl-C asks first");
    assert_eq!(m.view, View::ConfirmQuit);
    update(&mut m, key('n'), now());
    assert_eq!(m.view, View::Board);
    update(&mut m, ctrl_c(), now() + Duration::seconds(10));
    assert!(!m.quit, "10 s later it asks again");
    update(&mut m, ctrl_c(), now() + Duration::seconds(11));
    assert!(m.quit, "twice within 2 s quits");
    // In a half-filled form, Ctrl-C cancels the form (as Esc) and nothing is written.
    let mut m = model(Lang::En, morning());
    update(&mut m, key('n'), now());
    assert!(matches!(m.view, View::Form(_)));
    update(&mut m, key('x'), now());
    let out = update(&mut m, ctrl_c(), now());
    assert_eq!(m.view, View::Board);
    assert!(!m.quit);
    assert!(!out.effects.iter().any(|e| matches!(e, Effect::Write(_))));
    let mut m = model(Lang::En, morning());
    update(&mut m, key('q'), now());
    assert!(!m.quit, "q asks first");
    assert_eq!(m.view, View::ConfirmQuit);
    update(&mut m, key('n'), now());
    assert!(!m.quit);
    assert_eq!(m.view, View::Board);
    update(&mut m, key('q'), now());
    update(&mut m, key('y'), now());
    assert!(m.quit);
}

#[test]
fn key_releases_and_unknown_keys_change_nothing() {
    let mut m = model(Lang::En, morning());
    let mut release = KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE);
    release.kind = KeyEventKind::Release;
    let out = update(&mut m, Msg::Key(release), now());
    assert!(!m.quit && !out.redraw);
    let out = update(&mut m, key('%'), now());
    assert!(!out.redraw && out.effects.is_empty());
}

#[test]
fn another_process_committing_reloads_and_a_clock_jump_repaints() {
    let mut m = model(Lang::En, morning());
    assert_eq!(
        update(&mut m, Msg::StoreChanged, now()).effects,
        [Effect::Reload]
    );
    assert_eq!(
        update(&mut m, Msg::ClockJumped, now()).effects,
        [Effect::Reload, Effect::Clear]
    );
    let out = update(&mut m, Msg::Tick, now());
    assert!(out.redraw, "a tick redraws the countdowns");
    assert!(reads(out).is_empty(), "and reads nothing");
}

#[test]
fn a_failed_read_shows_and_is_retried_every_5_seconds_until_it_works() {
    let mut m = model(Lang::En, morning());
    update(&mut m, Msg::StoreChanged, now());
    update(&mut m, Msg::LoadFailed("disk I/O error".into()), now());
    assert_eq!(m.trouble.as_deref(), Some("disk I/O error"));
    assert!(reads(update(&mut m, Msg::Tick, now() + Duration::seconds(4))).is_empty());
    assert_eq!(
        reads(update(&mut m, Msg::Tick, now() + Duration::seconds(5))),
        [Effect::Reload]
    );
    let snapshot = m.snapshot.clone();
    update(&mut m, Msg::Loaded(Box::new(snapshot)), now());
    assert_eq!(m.trouble, None);
    assert!(reads(update(&mut m, Msg::Tick, now() + Duration::seconds(20))).is_empty());
}

#[test]
fn a_database_file_gone_stays_said_even_when_reads_still_work() {
    let mut m = model(Lang::En, morning());
    let gone = "desk.db: the database file was removed".to_string();
    assert!(update(&mut m, Msg::StoreLost(gone.clone()), now()).redraw);
    assert!(
        !update(&mut m, Msg::StoreLost(gone.clone()), now()).redraw,
        "said once, not redrawn every half second"
    );
    // Open connections still read the unlinked file: a good read must not hide the warning.
    let snapshot = m.snapshot.clone();
    update(&mut m, Msg::Loaded(Box::new(snapshot)), now());
    assert_eq!(m.lost.as_deref(), Some(gone.as_str()));
}

#[test]
fn a_new_local_day_reloads_today() {
    let mut m = model(Lang::En, morning());
    // 16:00 UTC is midnight in Shanghai.
    let midnight = now()
        .date_naive()
        .and_hms_opt(16, 0, 0)
        .expect("time")
        .and_utc();
    assert!(reads(update(&mut m, Msg::Tick, midnight - Duration::seconds(1))).is_empty());
    assert_eq!(reads(update(&mut m, Msg::Tick, midnight)), [Effect::Reload]);
}

#[test]
fn stages_change_exactly_at_the_warning_and_target_instants() {
    let case = cases::reported("20261128-009", 1, "facility.streetlight", "x", 0);
    let m = model(Lang::En, vec![case]);
    let stage = |secs: i64| {
        board::rows(
            &m.snapshot.open,
            &m.targets,
            now() + Duration::seconds(secs),
            None,
        )[0]
        .stage
    };
    assert_eq!(stage(599), Stage::Calm);
    assert_eq!(stage(600), Stage::Warning);
    assert_eq!(stage(899), Stage::Warning);
    assert_eq!(stage(900), Stage::Overdue);
}

#[test]
fn a_plain_tick_moves_only_the_clocks_and_an_expiring_status_line_does_not() {
    let mut m = model(Lang::En, morning());
    let tick = update(&mut m, Msg::Tick, now());
    assert!(tick.redraw && tick.clocks_only);
    m.status = Some(dutydesk::app::Status {
        text: "Saved".into(),
        at: now(),
        bad: false,
    });
    let still = update(&mut m, Msg::Tick, now() + Duration::seconds(9));
    assert!(still.clocks_only, "the status line stays 10 s");
    let gone = update(&mut m, Msg::Tick, now() + Duration::seconds(10));
    assert!(m.status.is_none());
    assert!(
        gone.redraw && !gone.clocks_only,
        "the line went: a whole frame"
    );
    assert!(!update(&mut m, Msg::StoreChanged, now()).clocks_only);
}

#[test]
fn a_board_on_a_moved_file_says_where_the_records_went_and_writes_nothing() {
    let mut m = model(Lang::En, morning());
    let mut snapshot = m.snapshot.clone();
    snapshot.moved = Some(dutydesk::store::Moved {
        to: "postgres://desk_xinlian@db.example/dutydesk".into(),
        at: now(),
    });
    update(&mut m, Msg::Loaded(Box::new(snapshot)), now());
    let lost = m.lost.clone().expect("the banner says so");
    assert!(
        lost.contains("moved to postgres://desk_xinlian@db.example/dutydesk")
            && lost.contains("Asia/Shanghai"),
        "{lost}"
    );
    // A note keyed in now is not written to the old file.
    update(&mut m, key('u'), now());
    update(&mut m, key('x'), now());
    let out = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        now(),
    );
    assert!(!out.effects.iter().any(|e| matches!(e, Effect::Write(_))));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("moved to")),
        "{:?} {:?}",
        m.view,
        m.status
    );
}

#[test]
fn imported_history_stands_after_every_live_case_and_says_so() {
    let mut cases = morning();
    // The oldest report of all, imported with no arrival: it would be the most overdue.
    let mut history = cases[0].clone();
    history.number = "20261128-099".into();
    history.reported_at = now() - Duration::hours(10);
    history.arrival = None;
    history.arrival_unrecorded = true;
    cases.push(history);
    let targets = dutydesk::domain::Targets::default();
    let rows = board::rows(&cases, &targets, now(), None);
    let last = rows.last().expect("rows");
    assert_eq!(last.case.number, "20261128-099");
    assert_eq!(last.stage, Stage::Calm, "never overdue on the wall");
    assert_eq!(last.clock, dutydesk::domain::Clock::Unrecorded);
    assert_eq!(last.left, None, "no countdown");
    assert_eq!(
        rows[0].stage,
        Stage::Overdue,
        "the live overdue case on top"
    );
}

#[test]
fn a_verdict_with_nothing_selected_says_where_the_closed_cases_are() {
    let mut m = model(Lang::En, Vec::new());
    update(&mut m, key('v'), now());
    let said = m
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("Tab shows the cases closed"), "{said}");
    let mut m = model(Lang::Zh, Vec::new());
    update(&mut m, key('o'), now());
    let said = m
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("Tab"), "{said}");
}
