//! The duty officer's whole round from the keyboard, in a real terminal (tmux) on a temporary
//! database, checking the database through `dutydesk show --json` after every step.

use crate::common;

use std::time::{Duration, Instant};

use common::Desk;
use common::tmux::Tmux;
use serde_json::Value;

/// Polls `show --json` until `check` holds: the screen says "Saved" once it is stored.
fn wait_case(desk: &Desk, number: &str, what: &str, check: impl Fn(&Value) -> bool) -> Value {
    let start = Instant::now();
    loop {
        let case = desk.case(number);
        if check(&case) {
            return case;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "waited 5 s for {what}: {case:#}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn saved(tmux: &Tmux, what: &str) {
    tmux.wait_for(what, Duration::from_secs(5), |s| {
        s.contains("Saved") || s.contains("Undone")
    });
}

#[test]
fn log_dispatch_arrive_undo_call_up_and_resolve_from_the_keyboard() {
    let desk = Desk::new();
    desk.ok(&["check"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[], &[]);
    tmux.wait_for("the empty board", Duration::from_secs(10), |s| {
        s.contains("No open cases")
    });

    // n: a new report. Nothing is chosen for the officer: the grid is picked by typing its
    // number, the category list is filtered by typing.
    tmux.send("n");
    tmux.wait_for("the report form", Duration::from_secs(2), |s| {
        s.contains("New report") && s.contains("choose: ↓ or type")
    });
    tmux.type_text("1");
    tmux.send("Tab");
    tmux.type_text("fitness");
    tmux.send("Tab");
    tmux.send("Tab");
    tmux.type_text("山水天成 3 栋");
    tmux.send("Tab");
    tmux.type_text("健身器材断裂，有人受伤风险");
    // Submitting with a bad phone is refused inline and writes nothing.
    tmux.send("Tab");
    tmux.send("Tab");
    tmux.type_text("13812345678x");
    tmux.send("Enter");
    tmux.wait_for("the phone marked", Duration::from_secs(2), |s| {
        s.contains("5 to 15 digits")
    });
    assert!(desk.all_cases().is_empty(), "nothing written while invalid");
    tmux.send("BSpace");
    tmux.send("Enter");
    saved(&tmux, "the report saved");
    let cases = desk.all_cases();
    assert_eq!(cases.len(), 1, "{cases:#?}");
    let number = cases[0]["number"].as_str().expect("number").to_string();
    let case = desk.case(&number);
    assert_eq!(case["grid"], 1);
    assert_eq!(case["category"], "facility.fitness_equipment");
    assert_eq!(case["summary"], "健身器材断裂，有人受伤风险");
    assert_eq!(case["place"], "山水天成 3 栋");
    assert_eq!(case["tier"], "small", "the category's suggested tier");
    assert_eq!(case["state"], "reported");
    let screen = tmux.screen();
    assert!(!screen.contains("13812345678"), "the phone is masked");

    // a before anyone is dispatched: the status line says why, nothing changes.
    tmux.send("a");
    tmux.wait_for("the refusal", Duration::from_secs(2), |s| {
        s.contains("nobody has been dispatched yet")
    });

    // d: the first responder offered (on duty in grid 1) is dispatched.
    tmux.send("d");
    tmux.wait_for("the dispatch form", Duration::from_secs(2), |s| {
        s.contains("Dispatch")
    });
    tmux.send("Enter");
    let case = wait_case(&desk, &number, "dispatched", |c| c["state"] == "dispatched");
    assert!(case["responder"].is_string());

    // a: arrived, confirmed by call-back (the default).
    tmux.send("a");
    tmux.wait_for("the arrival form", Duration::from_secs(2), |s| {
        s.contains("Confirmed by")
    });
    tmux.send("Enter");
    let case = wait_case(&desk, &number, "on scene", |c| c["state"] == "on_scene");
    assert_eq!(case["arrival_how"], "callback");
    assert_eq!(case["arrival_met"], true);

    // z: the arrival is taken back, recorded as an event, never deleted.
    tmux.send("z");
    wait_case(&desk, &number, "undone", |c| c["state"] == "dispatched");
    let shown = desk.json(&["show", &number]);
    let kinds: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["reported", "dispatched", "arrived", "undone"],
        "{shown:#}"
    );

    // Arrive again, then e: call up to the sub-district office (the default body).
    tmux.send("a");
    tmux.wait_for("the arrival form", Duration::from_secs(2), |s| {
        s.contains("Confirmed by")
    });
    tmux.send("Enter");
    wait_case(&desk, &number, "on scene again", |c| {
        c["state"] == "on_scene"
    });
    tmux.send("e");
    tmux.wait_for("the call-up form", Duration::from_secs(2), |s| {
        s.contains("Call up to")
    });
    tmux.send("Tab");
    tmux.type_text("护栏需街道统一安装");
    tmux.send("Enter");
    let case = wait_case(&desk, &number, "called up", |c| c["called_up"] == true);
    assert_eq!(case["called_up_to"], "subdistrict_office");
    assert_eq!(case["tier"], "big", "a call-up makes it a big matter");

    // c: resolving needs a note; an empty one is marked and nothing is written.
    tmux.send("c");
    tmux.wait_for("the resolve form", Duration::from_secs(2), |s| {
        s.contains("Resolve")
    });
    tmux.send("Enter");
    tmux.wait_for("the note marked required", Duration::from_secs(2), |s| {
        s.contains("← required")
    });
    assert_eq!(desk.case(&number)["state"], "on_scene");
    tmux.type_text("已更换器材，回访居民满意");
    tmux.send("Tab");
    tmux.send("Space");
    tmux.send("Enter");
    let case = wait_case(&desk, &number, "resolved", |c| c["state"] == "resolved");
    assert_eq!(case["resolution_note"], "已更换器材，回访居民满意");
    assert_eq!(case["reporter_told"], true);

    tmux.send("q");
    tmux.send("y");
    let (code, _) = tmux.exit_code();
    assert_eq!(code, 0);
    tmux.assert_terminal_restored();
}
