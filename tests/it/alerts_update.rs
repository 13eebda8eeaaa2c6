//! Alerts through `update` with a fixed clock: each fires once at its instant, reminders
//! follow every 5 minutes and stop on acknowledge, several at once are grouped, and a
//! desktop that fails is said once.

use crate::common::cases;

use cases::{model, morning, now};
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutydesk::app::command::Command;
use dutydesk::app::{Effect, Model, Msg, update};
use dutydesk::domain::{Action, Alert, ClockKind};
use dutydesk::i18n::Lang;

fn claims(effects: &[Effect]) -> Vec<String> {
    effects
        .iter()
        .flat_map(|e| match e {
            Effect::Claim(alerts) => alerts.iter().map(Alert::key).collect(),
            _ => Vec::new(),
        })
        .collect()
}

fn tick(m: &mut Model, seconds: i64) -> Vec<Effect> {
    update(m, Msg::Tick, now() + Duration::seconds(seconds)).effects
}

fn claimed(m: &mut Model, effects: &[Effect], seconds: i64) -> Vec<Effect> {
    let alerts: Vec<Alert> = effects
        .iter()
        .flat_map(|e| match e {
            Effect::Claim(alerts) => alerts.clone(),
            _ => Vec::new(),
        })
        .collect();
    update(
        m,
        Msg::Claimed(Ok(alerts)),
        now() + Duration::seconds(seconds),
    )
    .effects
}

#[test]
fn each_alert_fires_once_at_its_instant_and_reminders_stop_on_acknowledge() {
    let mut m = model(Lang::En, morning());
    // At start: 001 is 2 min overdue, 002 has 3 min left (warning).
    let first = tick(&mut m, 0);
    assert_eq!(
        claims(&first),
        [
            "20261128-001:arrival_overdue:0",
            "20261128-002:arrival_warning:0"
        ]
    );
    assert!(
        claims(&tick(&mut m, 1)).is_empty(),
        "once, not every second"
    );
    // 3 min on, 002 (reported 12 min before now()) reaches its target, and 001 (17 min)
    // is due its first reminder, 5 min after its target.
    assert!(claims(&tick(&mut m, 179)).is_empty());
    assert_eq!(
        claims(&tick(&mut m, 180)),
        [
            "20261128-001:arrival_overdue:1",
            "20261128-002:arrival_overdue:0"
        ]
    );
    // Acknowledged: no more reminders for 001; 002's go on.
    m.snapshot
        .acknowledged
        .push(("20261128-001".into(), ClockKind::Arrival));
    // (003, reported 2 min before now(), reaches its warning at the same instant.)
    assert_eq!(
        claims(&tick(&mut m, 480)),
        [
            "20261128-002:arrival_overdue:1",
            "20261128-003:arrival_warning:0"
        ]
    );
    assert!(
        claims(&tick(&mut m, 900))
            .iter()
            .all(|k| !k.starts_with("20261128-001"))
    );
}

#[test]
fn several_alerts_at_once_are_one_grouped_notice_with_the_bell() {
    let mut m = model(Lang::En, morning());
    let effects = tick(&mut m, 0);
    let out = claimed(&mut m, &effects, 0);
    let notices: Vec<_> = out
        .iter()
        .filter_map(|e| match e {
            Effect::Notify { notice, .. } => Some(notice),
            _ => None,
        })
        .collect();
    assert_eq!(notices.len(), 1, "grouped, not a flood");
    assert_eq!(notices[0].summary, "2 cases need attention, 1 overdue");
    assert!(notices[0].critical);
    assert!(out.contains(&Effect::Bell));
    assert!(m.alarm().is_some(), "the banner shows it");
}

#[test]
fn one_alert_names_the_case_in_the_ui_language_and_k_acknowledges_it() {
    let mut m = model(Lang::Zh, morning());
    let effects = tick(&mut m, 0);
    // Only 001 was claimed here (another desk took 002).
    let mine: Vec<Alert> = match &effects[..] {
        [Effect::Claim(alerts)] => alerts
            .iter()
            .filter(|a| a.number.ends_with("001"))
            .cloned()
            .collect(),
        other => panic!("{other:?}"),
    };
    let out = update(&mut m, Msg::Claimed(Ok(mine)), now()).effects;
    let Some(Effect::Notify { notice, .. }) =
        out.iter().find(|e| matches!(e, Effect::Notify { .. }))
    else {
        panic!("{out:?}");
    };
    assert_eq!(notice.summary, "20261128-001：到场已超时 2 分钟");
    assert!(notice.body.contains("山水天成 3栋旁"), "{notice:?}");
    assert_eq!(notice.late_minutes, 2);
    let k = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE)),
        now(),
    );
    assert!(
        !k.effects.iter().any(|e| matches!(e, Effect::Write(_))),
        "k only moves, even with an alert up: {k:?}"
    );
    let ack = update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('!'), KeyModifiers::SHIFT)),
        now(),
    );
    assert!(ack.effects.contains(&Effect::Write(Command::Act {
        number: "20261128-001".into(),
        action: Action::Acknowledge {
            clock: ClockKind::Arrival
        },
        at: None,
    })));
}

#[test]
fn k_moves_up_with_or_without_an_alert() {
    let mut m = model(Lang::En, morning());
    dutydesk::app::board::select_by(&mut m, now(), |_, _| 2);
    update(
        &mut m,
        Msg::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE)),
        now(),
    );
    let rows = dutydesk::app::board::listed(&m, now());
    assert_eq!(dutydesk::app::board::selected_index(&m, &rows), Some(1));
}

#[test]
fn a_failed_claim_is_asked_again_and_a_failing_desktop_is_said_once() {
    let mut m = model(Lang::En, morning());
    let effects = tick(&mut m, 0);
    let keys = claims(&effects);
    update(&mut m, Msg::Claimed(Err(keys.clone())), now());
    assert_eq!(
        claims(&tick(&mut m, 1)),
        keys,
        "asked again on the next tick"
    );

    update(&mut m, Msg::Desktop(Err("ServiceUnknown".into())), now());
    let said = m.status.clone().expect("said");
    assert!(
        said.text
            .contains("Desktop alerts unavailable (ServiceUnknown)")
    );
    m.status = None;
    update(&mut m, Msg::Desktop(Err("ServiceUnknown".into())), now());
    assert!(m.status.is_none(), "once, not for every alert");
    update(&mut m, Msg::Desktop(Ok(())), now());
    assert!(m.desktop_down.is_none());
}

#[test]
fn a_failing_desktop_is_tried_again_once_a_minute_not_with_every_alert() {
    let mut m = model(Lang::En, morning());
    let desktop = |effects: &[Effect]| {
        effects
            .iter()
            .filter_map(|e| match e {
                Effect::Notify { desktop, .. } => Some(*desktop),
                _ => None,
            })
            .collect::<Vec<bool>>()
    };
    let first = tick(&mut m, 0);
    assert_eq!(desktop(&claimed(&mut m, &first, 0)), [true]);
    update(&mut m, Msg::Desktop(Err("ServiceUnknown".into())), now());
    // More alerts within the minute get the banner and the bell, not the desktop again...
    let later = tick(&mut m, 180);
    assert!(!claims(&later).is_empty());
    let alerts: Vec<Alert> = later
        .iter()
        .flat_map(|e| match e {
            Effect::Claim(a) => a.clone(),
            _ => Vec::new(),
        })
        .collect();
    let within = update(
        &mut m,
        Msg::Claimed(Ok(alerts.clone())),
        now() + Duration::seconds(30),
    );
    assert_eq!(desktop(&within.effects), [false]);
    assert!(within.effects.contains(&Effect::Bell));
    // ...and after a minute it is tried again.
    let after = update(
        &mut m,
        Msg::Claimed(Ok(alerts)),
        now() + Duration::seconds(61),
    );
    assert_eq!(desktop(&after.effects), [true]);
}

#[test]
fn a_banner_about_reaching_a_case_goes_once_someone_is_there_and_falls_back_to_the_last_that_holds()
{
    let mut m = model(Lang::En, morning());
    let loaded = m.snapshot.clone();
    // 001 is overdue, then 002 (3 min left) warns: the banner shows the newest, 002.
    for alert in [due(&m, "20261128-001"), due(&m, "20261128-002")] {
        for notice in dutydesk::app::alarm::notices(&m, &[alert], now()) {
            dutydesk::app::alarm::raise(&mut m, notice);
        }
    }
    let shown = |m: &Model| m.alarm().and_then(|a| a.case.clone()).map(|(n, _)| n);
    assert_eq!(shown(&m).as_deref(), Some("20261128-002"));
    // Reloaded with 002 still on its way: the banner stays.
    update(&mut m, Msg::Loaded(Box::new(loaded.clone())), now());
    assert_eq!(
        shown(&m).as_deref(),
        Some("20261128-002"),
        "still to be reached"
    );
    // Reloaded with 002 on the scene: its warning goes, and 001's overdue alert is back.
    let mut reached = loaded;
    let case = reached
        .open
        .iter_mut()
        .find(|c| c.number == "20261128-002")
        .expect("002");
    *case = cases::arrived(case.clone(), 1);
    update(&mut m, Msg::Loaded(Box::new(reached)), now());
    assert_eq!(
        shown(&m).as_deref(),
        Some("20261128-001"),
        "the one that holds"
    );
    // Acknowledged: nothing left to show.
    dutydesk::app::alarm::acknowledged(&mut m, "20261128-001");
    assert!(m.alarm().is_none());
}

fn due(m: &Model, number: &str) -> Alert {
    let case = m
        .snapshot
        .open
        .iter()
        .find(|c| c.number == number)
        .expect("case");
    dutydesk::domain::alerts::latest_due(case, &m.targets, &m.alert_rules, false, now())
        .expect("an alert due")
}

#[test]
fn the_banner_counts_as_the_row_does_and_a_tick_repaints_it_with_the_clocks() {
    let mut m = model(Lang::En, morning());
    // 001: 2 min overdue when the alert went out.
    for notice in dutydesk::app::alarm::notices(&m, &[due(&m, "20261128-001")], now()) {
        dutydesk::app::alarm::raise(&mut m, notice);
    }
    let notice = m.alarm().expect("banner").clone();
    assert!(
        notice.summary.contains("overdue by 2 min"),
        "{}",
        notice.summary
    );
    // 42 seconds on: the banner says what the row's clock says, to the second.
    let at = now() + Duration::minutes(3) + Duration::seconds(42);
    let later = dutydesk::app::alarm::banner_summary(&m, &notice, at);
    assert!(later.contains("arrival overdue +05:42"), "{later}");
    let case = m.snapshot.open.iter().find(|c| c.number == "20261128-001");
    let row = dutydesk::app::board::row(case.expect("001"), &m.targets, at);
    assert_eq!(
        dutydesk::text::countdown(row.left.expect("a clock"), Lang::En),
        "+05:42",
        "the row's clock"
    );
    // A tick stays a clocks-only repaint, and the banner's clock is among the clocks: drawn
    // whole once, then a second later by the short way, it reads as the row does.
    m.alerts_quiet_until = Some(now() + Duration::hours(1));
    update(&mut m, Msg::Tick, now());
    let next = update(&mut m, Msg::Tick, now() + Duration::seconds(1));
    assert!(next.clocks_only, "a tick repaints the clocks only");
    let theme = dutydesk::ui::Theme {
        color: false,
        console: false,
    };
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(120, 32)).expect("a terminal");
    let mut screen = dutydesk::ui::Screen::new();
    screen
        .draw(&mut terminal, &m, now(), theme, false)
        .expect("a whole frame");
    screen
        .draw(&mut terminal, &m, now() + Duration::seconds(1), theme, true)
        .expect("a tick");
    assert_eq!(screen.repaints(), 1, "the short way ran");
    let banner: String = (0..120)
        .map(|x| terminal.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    assert!(banner.contains("arrival overdue +02:01"), "{banner:?}");
}

/// With `dutydesk serve`: a responder who has not tapped On my way within
/// `no_answer_minutes` of getting their link alerts the desk once, naming them; their tap
/// takes the alert off the banner. A desk whose responders have no links gets no such alert.
#[test]
fn a_link_nobody_answered_alerts_once_by_name_and_the_answer_clears_it() {
    use dutydesk::domain::LinkRole;
    use dutydesk::domain::links::Link;
    let mut m = model(Lang::En, morning());
    // 002 was sent to 陈静 10 minutes ago; her link went 2 minutes ago.
    let no_links = tick(&mut m, 0);
    assert!(!claims(&no_links).iter().any(|k| k.contains("no_answer")));
    let link = Link {
        case: "20261128-002".into(),
        role: LinkRole::Responder,
        person: Some("陈静".into()),
        made_at: now() - Duration::minutes(2),
        departed_at: None,
        help_at: None,
    };
    let mut snapshot = m.snapshot.clone();
    snapshot.links = vec![link.clone()];
    update(&mut m, Msg::Loaded(Box::new(snapshot.clone())), now());
    assert!(
        !claims(&tick(&mut m, 59))
            .iter()
            .any(|k| k.contains("no_answer"))
    );
    let effects = tick(&mut m, 60);
    let keys = claims(&effects);
    let no_answer: Vec<&String> = keys.iter().filter(|k| k.contains("no_answer")).collect();
    assert_eq!(no_answer.len(), 1, "{keys:?}");
    let alerts: Vec<Alert> = effects
        .iter()
        .flat_map(|e| match e {
            Effect::Claim(alerts) => alerts.clone(),
            _ => Vec::new(),
        })
        .filter(|a| a.key().contains("no_answer"))
        .collect();
    let out = update(
        &mut m,
        Msg::Claimed(Ok(alerts)),
        now() + Duration::seconds(60),
    )
    .effects;
    let Some(Effect::Notify { notice, .. }) =
        out.iter().find(|e| matches!(e, Effect::Notify { .. }))
    else {
        panic!("{out:?}");
    };
    assert_eq!(
        notice.summary,
        "陈静 has not answered 20261128-002 · send someone else?"
    );
    assert_eq!(
        m.alarm().map(|a| a.summary.as_str()),
        Some(notice.summary.as_str())
    );
    // Claimed once: later ticks do not ask again.
    assert!(
        !claims(&tick(&mut m, 120))
            .iter()
            .any(|k| k.contains("no_answer"))
    );
    // She taps On my way: the alert leaves the banner.
    snapshot.links[0].departed_at = Some(now() + Duration::seconds(90));
    update(
        &mut m,
        Msg::Loaded(Box::new(snapshot)),
        now() + Duration::seconds(91),
    );
    assert!(
        m.alarm()
            .is_none_or(|a| !a.summary.contains("has not answered")),
        "{:?}",
        m.alarm()
    );
}
