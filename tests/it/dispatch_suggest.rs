//! The dispatch form with the desk's suggestion: `d` asks for it (an effect: the form opens at
//! once and never waits), its answer orders the people with their expected minutes and
//! reasons and picks the first free one unless the officer has picked, and the shortfall is
//! said in the form. Snapshots in both languages at 80x24 and 160x45; end to end in tmux, the
//! faster responder of a fixed history is the one sent by Enter.

use std::time::Duration as Wait;

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::Desk;
use crate::common::cases::{self, model, morning, now};
use crate::common::tmux::Tmux;
use dutydesk::app::form::{FieldKey, Value};
use dutydesk::app::{Effect, Model, Msg, update};
use dutydesk::desk::suggest::{Suggestion, people};
use dutydesk::domain::recommend::{PastDispatch, recommend};
use dutydesk::i18n::Lang;

const CASE: &str = "20261128-003"; // grid 3, reported 2 minutes ago

fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now()).effects
}

/// `n` arrivals of `who` in grid 3 taking `minutes`, on the days before.
fn arrivals(who: &str, minutes: i64, n: i64) -> Vec<PastDispatch> {
    (1..=n)
        .map(|d| PastDispatch {
            responder: who.into(),
            grid: 3,
            at: now() - Duration::days(d),
            took_secs: Some(minutes * 60),
        })
        .collect()
}

/// The desk's suggestion for the case, from a history where 胡队员 is quicker than 张丽,
/// `left` minutes before its target.
fn suggestion(m: &Model, left: i64) -> Suggestion {
    let case = m
        .snapshot
        .open
        .iter()
        .find(|c| c.number == CASE)
        .expect("the case")
        .clone();
    let mut history = arrivals("胡队员", 4, 6);
    history.extend(arrivals("张丽", 11, 6));
    let deadline = now() + Duration::minutes(left);
    let recommendation = recommend(
        3,
        deadline,
        &people(&m.snapshot.roster, &m.snapshot.open, CASE),
        &history,
        &m.catalog.neighbours(),
        now() - Duration::hours(2),
        now(),
    );
    Suggestion {
        case,
        deadline,
        recommendation,
    }
}

fn opened(lang: Lang) -> Model {
    let mut m = model(lang, morning());
    m.selected = Some(CASE.to_string());
    let effects = press(&mut m, KeyCode::Char('d'));
    assert!(
        effects.contains(&Effect::Suggest(CASE.to_string())),
        "{effects:?}"
    );
    m
}

fn suggested(m: &mut Model, left: i64) {
    let s = suggestion(m, left);
    let msg = Msg::Suggested {
        number: CASE.to_string(),
        result: Ok(Box::new(s)),
    };
    update(m, msg, now());
}

fn options(m: &Model) -> (Vec<String>, Vec<String>, String) {
    let form = m.form().expect("the dispatch form");
    let Value::Pick(picker) = &form.fields[0].value else {
        panic!("a picker");
    };
    (
        picker.options.iter().map(|c| c.code.clone()).collect(),
        picker.options.iter().map(|c| c.detail.clone()).collect(),
        form.code(FieldKey::Responder).to_string(),
    )
}

#[test]
fn the_suggestion_orders_the_form_and_picks_the_first_free_one() {
    let mut m = opened(Lang::En);
    let (_, _, before) = options(&m);
    assert_eq!(
        before, "张丽",
        "the roster's first free in grid 3, before the answer"
    );
    suggested(&mut m, 13);
    let (names, details, chosen) = options(&m);
    assert_eq!(&names[..2], ["胡队员", "张丽"]);
    assert_eq!(chosen, "胡队员");
    assert!(
        details[0].starts_with("4 min · same grid · median 4 min over 6 arrivals here · free"),
        "{}",
        details[0]
    );
    // 刘洋 is on the scene of 20261128-004: after everyone free, marked.
    let liu = names.iter().position(|n| n == "刘洋").expect("刘洋");
    assert!(
        details[liu].contains("busy: on 20261128-004"),
        "{}",
        details[liu]
    );
    assert!(details[..liu].iter().all(|d| d.contains("· free")));
    assert!(m.form().expect("form").advice.is_none());
    // The officer's own pick stands when the answer comes after it.
    let mut m = opened(Lang::En);
    press(&mut m, KeyCode::Down);
    let (_, _, picked) = options(&m);
    suggested(&mut m, 13);
    let (_, _, chosen) = options(&m);
    assert_eq!(chosen, picked);
    // An answer for a form no longer open changes nothing.
    let mut m = opened(Lang::En);
    press(&mut m, KeyCode::Esc);
    let before = format!("{:?}", m.view);
    suggested(&mut m, 13);
    assert_eq!(format!("{:?}", m.view), before);
    // Nor does one that arrives while the case's detail is open instead.
    press(&mut m, KeyCode::Enter);
    assert_eq!(m.view, dutydesk::app::View::Detail);
    suggested(&mut m, 13);
    assert_eq!(m.view, dutydesk::app::View::Detail);
}

#[test]
fn the_shortfall_is_said_in_the_form_when_nobody_free_is_in_time() {
    let mut m = opened(Lang::En);
    suggested(&mut m, 3);
    let advice = m.form().expect("form").advice.clone().expect("a shortfall");
    assert_eq!(
        advice,
        "nobody expected within the 3 minutes left: call up, or send the patrol team"
    );
    let (_, _, chosen) = options(&m);
    assert_eq!(
        chosen, "胡队员",
        "still the best there is, for the officer to decide"
    );
}

#[test]
fn the_dispatch_form_with_candidates_and_the_shortfall_in_both_languages() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let mut m = opened(lang);
        suggested(&mut m, 3);
        for (w, h) in [(80, 24), (160, 45)] {
            let text = cases::screen(&m, w, h);
            assert!(text.contains("胡队员"), "{text}");
            insta::assert_snapshot!(format!("dispatch_suggested_{tag}_{w}x{h}"), text);
        }
    }
}

#[test]
fn in_tmux_dispatch_sends_the_faster_responder_of_a_fixed_history() {
    let desk = Desk::new();
    // 胡队员 reaches grid 3 in 4 minutes, 张丽 (first of the grid on the roster) in 11.
    for (who, took, i) in [
        ("胡队员", 4, 0),
        ("张丽", 11, 1),
        ("胡队员", 4, 2),
        ("张丽", 11, 3),
        ("胡队员", 4, 4),
        ("张丽", 11, 5),
    ] {
        let ago = 600 + i * 60;
        let n = desk
            .ok(&[
                "report",
                "--grid",
                "3",
                "--category",
                "facility.streetlight",
                "--channel",
                "hotline",
                "--place",
                "新联街",
                "--ago",
                &format!("{ago}m"),
                "灯",
            ])
            .trim()
            .to_string();
        desk.ok(&[
            "dispatch",
            &n,
            "--to",
            who,
            "--ago",
            &format!("{}m", ago - 1),
        ]);
        desk.ok(&[
            "arrive",
            &n,
            "--how",
            "callback",
            "--ago",
            &format!("{}m", ago - 1 - took),
        ]);
        desk.ok(&["resolve", &n, "--note", "好了"]);
    }
    let number = desk.report(&[]).trim().to_string();
    let number = {
        // A grid-3 case instead of the helper's grid 2.
        desk.ok(&["cancel", &number, "--reason", "test"]);
        desk.ok(&[
            "report",
            "--grid",
            "3",
            "--category",
            "facility.streetlight",
            "--channel",
            "hotline",
            "--place",
            "新联街 8号",
            "路灯不亮",
        ])
        .trim()
        .to_string()
    };
    let board = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[], &[]);
    board.wait_for("the case", Wait::from_secs(10), |s| s.contains(&number));
    board.send("d");
    board.wait_for("the suggestion in the form", Wait::from_secs(5), |s| {
        s.contains("median 4 min over 3 arrivals here")
    });
    board.send("Enter");
    let start = std::time::Instant::now();
    while desk.case(&number)["responder"] != "胡队员" {
        assert!(
            start.elapsed() < Wait::from_secs(5),
            "sent to {}",
            desk.case(&number)["responder"]
        );
        std::thread::sleep(Wait::from_millis(50));
    }
}
