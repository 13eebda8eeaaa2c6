//! The sub-district's board as a mode of the one dashboard: its keys from the keymap, its
//! alerts from the domain's rules said with names (never codes), quitting that asks as on a
//! community's board, and case numbers never cut at any width.

use chrono::{DateTime, Duration, TimeZone, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutydesk::app::CallUps;
use dutydesk::app::command::Command;
use dutydesk::app::{Board, Effect, Model, Msg, View, update};
use dutydesk::catalog::Catalog;
use dutydesk::domain::{Action, AlertKind, Targets};
use dutydesk::i18n::Lang;
use dutydesk::store::{CallUpRow, CommunityRow, Overview};
use dutydesk::ui::{Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use crate::common::cases::screen_text;

fn at(min: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 29, 8, 0, 0)
        .single()
        .expect("time")
        + Duration::minutes(min)
}

fn call_up(community: &str, number: &str, called: DateTime<Utc>, received: bool) -> CallUpRow {
    CallUpRow {
        community: community.into(),
        number: number.into(),
        grid: 3,
        category: "facility.guard_rail".into(),
        place: "绿道 滨河步道 东段临河台阶".into(),
        summary: "台阶临河无护栏".into(),
        tier: "big".into(),
        state: "on_scene".into(),
        body: "subdistrict_urban".into(),
        called_up_ms: called.timestamp_millis(),
        received_ms: received.then(|| (called + Duration::minutes(5)).timestamp_millis()),
        responder: Some("李秀英".into()),
        reported_ms: called.timestamp_millis() - 60_000,
        arrival_met: Some(true),
        reports: 1,
    }
}

fn community(code: &str, zh: &str, en: &str) -> CommunityRow {
    CommunityRow {
        code: code.into(),
        name_zh: zh.into(),
        name_en: en.into(),
        open: 12,
        overdue: 1,
        arrived_today: 9,
        on_time_today: 8,
        open_call_ups: 2,
        last_event_ms: Some(at(0).timestamp_millis()),
    }
}

fn overview(call_ups: Vec<CallUpRow>) -> Overview {
    Overview {
        communities: vec![
            community("xinlian", "新联社区", "Xinlian"),
            community("yongfeng", "永丰社区", "Yongfeng"),
        ],
        call_ups,
    }
}

fn model(lang: Lang) -> Model {
    let mut m = Model::new(
        lang,
        "街道".into(),
        "值班".into(),
        Targets::default(),
        Catalog::embedded(),
    );
    m.board = Board::SubDistrict(Box::new(CallUps::new(Duration::minutes(30))));
    m
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn claims(effects: &[Effect]) -> Vec<(String, AlertKind)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Claim(alerts) => Some(alerts.clone()),
            _ => None,
        })
        .flatten()
        .map(|a| (a.number, a.kind))
        .collect()
}

#[test]
fn a_new_call_up_alerts_once_and_a_waiting_one_after_the_limit_with_names_not_codes() {
    let mut m = model(Lang::Zh);
    let rows = vec![call_up("yongfeng", "20261129-003", at(0), false)];
    let out = update(
        &mut m,
        Msg::OverviewLoaded(Box::new(overview(rows.clone()))),
        at(1),
    );
    assert_eq!(
        claims(&out.effects),
        [("yongfeng/20261129-003".to_string(), AlertKind::CallUpNew)]
    );
    // Asked once: a reload or a tick does not ask again, until the limit passes.
    let again = update(
        &mut m,
        Msg::OverviewLoaded(Box::new(overview(rows.clone()))),
        at(2),
    );
    assert!(claims(&again.effects).is_empty());
    assert!(claims(&update(&mut m, Msg::Tick, at(29)).effects).is_empty());
    let out = update(&mut m, Msg::Tick, at(30));
    let due = match out.effects.as_slice() {
        [Effect::Claim(due)] => due.clone(),
        other => panic!("a waiting claim: {other:?}"),
    };
    assert_eq!(due[0].kind, AlertKind::CallUpWaiting);
    // Won: on the banner and sent, in names: the community's, the body's, the wait as a clock.
    let out = update(&mut m, Msg::Claimed(Ok(due)), at(30));
    let notice = out
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::Notify { notice, .. } => Some(notice.clone()),
            _ => None,
        })
        .expect("a notice");
    for name in ["永丰社区", "街道城市管理科", "30:00"] {
        assert!(notice.summary.contains(name), "{name}: {}", notice.summary);
    }
    assert!(
        !notice.summary.contains("subdistrict_urban"),
        "{}",
        notice.summary
    );
    assert!(notice.critical);
    assert!(out.effects.contains(&Effect::Bell));
    assert!(m.alarm().is_some());
    // Taken: the banner goes.
    let taken = vec![call_up("yongfeng", "20261129-003", at(0), true)];
    update(
        &mut m,
        Msg::OverviewLoaded(Box::new(overview(taken))),
        at(31),
    );
    assert!(m.alarm().is_none());
}

#[test]
fn r_receives_and_u_and_c_note_and_resolve_the_selected_call_up() {
    let mut m = model(Lang::En);
    let rows = vec![
        call_up("xinlian", "20261129-001", at(0), false),
        call_up("xinlian", "20261129-002", at(1), false),
    ];
    update(&mut m, Msg::OverviewLoaded(Box::new(overview(rows))), at(2));
    update(&mut m, key(KeyCode::Down), at(2));
    let out = update(&mut m, key(KeyCode::Char('r')), at(2));
    assert_eq!(
        out.effects,
        vec![Effect::Write(Command::Act {
            number: "xinlian/20261129-002".into(),
            action: Action::Receive { note: None },
            at: None,
        })]
    );
    // The write comes back; then a note from the keyboard (the help once sent the officer to
    // the command line for it).
    m.in_flight = None;
    update(&mut m, key(KeyCode::Char('u')), at(3));
    assert!(matches!(&m.view, View::Form(f) if f.case.as_deref() == Some("xinlian/20261129-002")));
    for c in "施工队已进场".chars() {
        update(&mut m, key(KeyCode::Char(c)), at(3));
    }
    let out = update(&mut m, key(KeyCode::Enter), at(3));
    assert!(
        out.effects.iter().any(|e| matches!(e,
            Effect::Write(Command::Act { number, action: Action::Note { text, .. }, .. })
                if number == "xinlian/20261129-002" && text == "施工队已进场")),
        "{:?}",
        out.effects
    );
    m.in_flight = None;
    m.view = View::Board;
    update(&mut m, key(KeyCode::Char('c')), at(4));
    assert!(matches!(&m.view, View::Form(f) if f.kind == dutydesk::app::form::FormKind::Resolve));
}

#[test]
fn esc_and_q_ask_before_the_wall_screen_quits_and_the_detail_steps_back() {
    let mut m = model(Lang::En);
    let rows = vec![call_up("xinlian", "20261129-001", at(0), false)];
    update(&mut m, Msg::OverviewLoaded(Box::new(overview(rows))), at(1));
    let number = "xinlian/20261129-001".to_string();
    let out = update(&mut m, key(KeyCode::Enter), at(1));
    assert_eq!(out.effects, vec![Effect::LoadDetail(number.clone())]);
    assert_eq!(m.view, View::Detail);
    // Another desk changes something: the board and the open case are read again.
    let out = update(&mut m, Msg::StoreChanged, at(2));
    assert_eq!(
        out.effects,
        vec![Effect::Reload, Effect::LoadDetail(number)]
    );
    // Esc leaves the detail, not the desk; Esc on the board asks.
    update(&mut m, key(KeyCode::Esc), at(3));
    assert!(m.detail.is_none() && m.view == View::Board);
    update(&mut m, key(KeyCode::Esc), at(3));
    assert_eq!(
        m.view,
        View::ConfirmQuit,
        "a stray Esc never ends the wall screen"
    );
    assert!(!m.quit);
    update(&mut m, key(KeyCode::Char('n')), at(3));
    assert_eq!(m.view, View::Board);
    update(&mut m, key(KeyCode::Char('?')), at(3));
    assert_eq!(m.view, View::Help);
    update(&mut m, key(KeyCode::Esc), at(3));
    update(&mut m, key(KeyCode::Char('q')), at(3));
    assert_eq!(m.view, View::ConfirmQuit);
    update(&mut m, key(KeyCode::Char('y')), at(3));
    assert!(m.quit);
}

#[test]
fn no_case_number_or_receipt_is_ever_cut_at_any_width() {
    let rows = vec![
        call_up("xinlian", "20261207-001", at(0), true),
        call_up("yongfeng", "20261207-003", at(2), false),
    ];
    for lang in [Lang::En, Lang::Zh] {
        for (width, height) in [
            (80, 24),
            (100, 30),
            (120, 32),
            (160, 45),
            (200, 50),
            (250, 60),
        ] {
            let mut m = model(lang);
            update(
                &mut m,
                Msg::OverviewLoaded(Box::new(overview(rows.clone()))),
                at(3),
            );
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("a terminal");
            let theme = Theme {
                color: false,
                console: false,
            };
            terminal
                .draw(|f| render(f, &m, at(3), theme))
                .expect("draw");
            let screen = screen_text(terminal.backend().buffer());
            for number in ["xinlian/20261207-001", "yongfeng/20261207-003"] {
                assert!(
                    screen.contains(number),
                    "{lang:?} {width}: {number}\n{screen}"
                );
            }
            let received = match lang {
                Lang::En => "received 11-29",
                Lang::Zh => "已接收 11-29",
            };
            assert!(
                screen.lines().any(|l| l.contains(received)
                    && l.split(received).nth(1).is_some_and(|r| r.starts_with(' '))),
                "{lang:?} {width}: the receipt whole\n{screen}"
            );
        }
    }
}

#[test]
fn a_call_up_reported_several_times_shows_how_many_reports_it_has() {
    let mut many = call_up("xinlian", "20261207-001", at(0), false);
    many.reports = 4;
    let rows = vec![many, call_up("yongfeng", "20261207-003", at(2), false)];
    for lang in [Lang::En, Lang::Zh] {
        let mut m = model(lang);
        update(
            &mut m,
            Msg::OverviewLoaded(Box::new(overview(rows.clone()))),
            at(3),
        );
        let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("a terminal");
        let theme = Theme {
            color: false,
            console: false,
        };
        terminal
            .draw(|f| render(f, &m, at(3), theme))
            .expect("draw");
        let screen = screen_text(terminal.backend().buffer());
        let row = |number: &str| {
            screen
                .lines()
                .find(|l| l.contains(number))
                .unwrap_or_else(|| panic!("{lang:?}: {number}\n{screen}"))
                .to_string()
        };
        assert!(row("xinlian/20261207-001").contains("×4 绿道"), "{screen}");
        assert!(!row("yongfeng/20261207-003").contains('×'), "{screen}");
    }
}
