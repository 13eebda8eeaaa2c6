//! The same matter at intake: while a report is entered, the form lists the open cases of
//! the same grid and category from the last day that it may be (most alike place first),
//! from the cases the board holds, as the officer types. Snapshots in both languages at
//! 80x24 and 160x45.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::cases::{self, model, morning, now, reported};
use dutydesk::app::{Model, Msg, update};
use dutydesk::i18n::Lang;

fn press(m: &mut Model, code: KeyCode) {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now());
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        press(m, KeyCode::Char(c));
    }
}

/// A report of garbage in grid 3 at `place`, typed into the form.
fn entering(lang: Lang, place: &str) -> Model {
    let mut cases = morning();
    // Two more of grid 3's garbage: one at another door, one the day before yesterday.
    cases.push(reported(
        "20261128-007",
        3,
        "environment.garbage",
        "新联街 30号",
        20,
    ));
    cases.push(reported(
        "20261126-001",
        3,
        "environment.garbage",
        "新联街 12号",
        60 * 40,
    ));
    let mut m = model(lang, cases);
    press(&mut m, KeyCode::Char('n'));
    typed(&mut m, "3");
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "environment.garbage");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    typed(&mut m, place);
    m
}

fn listed(m: &Model) -> Vec<String> {
    m.form()
        .expect("the report form")
        .same_as
        .iter()
        .map(|c| c.number.clone())
        .collect()
}

#[test]
fn the_form_lists_the_open_cases_it_may_be_most_alike_first() {
    let m = entering(Lang::En, "新联街12号门口");
    // 20261128-003 is grid 3's garbage at 新联街 12号, 2 minutes ago: the same door first.
    assert_eq!(listed(&m), ["20261128-003", "20261128-007"]);
    // Another grid, or another category, lists nothing.
    let mut m = entering(Lang::En, "新联街12号门口");
    press(&mut m, KeyCode::BackTab);
    press(&mut m, KeyCode::BackTab);
    typed(&mut m, "road.pothole");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "x");
    assert!(listed(&m).is_empty(), "{:?}", listed(&m));
}

#[test]
fn the_report_form_with_may_be_the_same_as_in_both_languages() {
    for (lang, tag) in [(Lang::En, "en"), (Lang::Zh, "zh")] {
        let m = entering(lang, "新联街12号门口");
        for (w, h) in [(80, 24), (160, 45)] {
            let text = cases::screen(&m, w, h);
            assert!(text.contains("20261128-003 · 新联街 12号"), "{text}");
            insta::assert_snapshot!(format!("report_same_as_{tag}_{w}x{h}"), text);
        }
    }
}

#[test]
fn dutydesk_report_names_the_open_cases_it_may_be_on_stderr_and_only_the_number_on_stdout() {
    let desk = crate::common::Desk::new();
    let args = |place: &str, category: &str| -> Vec<String> {
        [
            "report",
            "--grid",
            "3",
            "--category",
            category,
            "--channel",
            "hotline",
            "--place",
            place,
            "路灯不亮",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let run = |a: Vec<String>| {
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        desk.output(&a)
    };
    let first = run(args("新联街 12号旁", "facility.streetlight"));
    let first_number = String::from_utf8_lossy(&first.stdout).trim().to_string();
    assert!(first.stderr.is_empty(), "nothing open to be the same as");
    let pothole = run(args("新联街 12号旁", "road.pothole"));
    assert!(
        pothole.stderr.is_empty(),
        "another category is another matter"
    );
    let again = run(args("新联街12号路灯", "facility.streetlight"));
    assert!(again.status.success());
    let stdout = String::from_utf8_lossy(&again.stdout);
    assert_eq!(stdout.lines().count(), 1, "the number alone: {stdout}");
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.starts_with("May be the same matter as"), "{stderr}");
    assert!(
        stderr.contains(&format!("{first_number} · 新联街 12号旁 · 0 min ago")),
        "{stderr}"
    );
}
