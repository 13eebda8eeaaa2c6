//! A new duty officer at the keyboard, in a real terminal (tmux): the handover changes who
//! signs, Ctrl-C in a half-filled form cancels the form (never the wall screen), and an
//! arrival phoned in after the fact is keyed in with its minutes ago.

use crate::common;

use std::time::{Duration, Instant};

use common::Desk;
use common::tmux::Tmux;
use serde_json::Value;

fn saved(tmux: &Tmux, what: &str) {
    tmux.wait_for(what, Duration::from_secs(5), |s| s.contains("Saved"));
}

fn event<'a>(shown: &'a Value, kind: &str) -> &'a Value {
    shown["timeline"]
        .as_array()
        .and_then(|t| t.iter().rev().find(|e| e["kind"] == kind))
        .unwrap_or_else(|| panic!("a {kind} event: {shown:#}"))
}

#[test]
fn after_a_handover_on_the_board_the_new_officer_signs_and_the_header_says_so() {
    let desk = Desk::new();
    let number = desk.report(&["--ago", "2m"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[("USER", "王主任")], &[]);
    tmux.wait_for("the board", Duration::from_secs(10), |s| {
        s.contains(&number) && s.contains("On duty: 王主任")
    });
    tmux.send("h");
    tmux.wait_for("the handover sheet", Duration::from_secs(3), |s| {
        s.contains("Shift handover")
    });
    tmux.send("Enter");
    tmux.wait_for("who takes over", Duration::from_secs(3), |s| {
        s.contains("Hand over")
    });
    tmux.type_text("李值班");
    tmux.send("Enter");
    saved(&tmux, "the handover saved");
    tmux.wait_for(
        "the new officer in the header",
        Duration::from_secs(3),
        |s| s.contains("On duty: 李值班"),
    );
    // The next action from the keyboard is signed by the officer who took over.
    tmux.send("Escape");
    tmux.send("d");
    tmux.wait_for("the dispatch form", Duration::from_secs(3), |s| {
        s.contains("Dispatch")
    });
    tmux.send("Enter");
    saved(&tmux, "the dispatch saved");
    let shown = desk.json(&["show", &number]);
    assert_eq!(event(&shown, "dispatched")["actor"], "李值班", "{shown:#}");
    assert_eq!(event(&shown, "reported")["actor"], "tester");
    // And so is the command line on the same desk.
    desk.ok(&["note", &number, "电话已回访"]);
    let shown = desk.json(&["show", &number]);
    assert_eq!(event(&shown, "noted")["actor"], "李值班", "{shown:#}");
    let shifts = shown["shifts"].as_array().expect("shifts");
    assert_eq!(shifts[0]["from"], "王主任");
    assert_eq!(shifts[0]["to"], "李值班");
}

#[test]
fn ctrl_c_in_a_half_filled_form_cancels_the_form_and_twice_quits() {
    let desk = Desk::new();
    desk.ok(&["check"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (120, 32), &[], &[]);
    tmux.wait_for("the board", Duration::from_secs(10), |s| {
        s.contains("No open cases")
    });
    tmux.send("n");
    tmux.wait_for("the report form", Duration::from_secs(3), |s| {
        s.contains("New report")
    });
    tmux.type_text("1");
    tmux.send("C-c");
    let (screen, _) = tmux.wait_for("the form closed", Duration::from_secs(3), |s| {
        !s.contains("New report")
    });
    assert!(
        screen.contains("No open cases") && !screen.contains("EXITED"),
        "the board carries on:\n{screen}"
    );
    assert!(desk.all_cases().is_empty(), "nothing was written");
    // On the board Ctrl-C asks; a second one quits and gives the terminal back.
    std::thread::sleep(Duration::from_millis(2500));
    tmux.send("C-c");
    tmux.wait_for("the quit question", Duration::from_secs(3), |s| {
        s.contains("Quit the duty desk?")
    });
    tmux.send("C-c");
    let (code, _) = tmux.exit_code();
    assert_eq!(code, 0);
    tmux.assert_terminal_restored();
}

#[test]
fn an_arrival_phoned_in_late_is_keyed_in_with_its_minutes_ago() {
    let desk = Desk::new();
    let number = desk.report(&["--ago", "20m"]);
    desk.ok(&["dispatch", &number, "--to", "张丽", "--ago", "18m"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[], &[]);
    tmux.wait_for("the board", Duration::from_secs(10), |s| {
        s.contains(&number)
    });
    tmux.send("a");
    tmux.wait_for("the arrival form", Duration::from_secs(3), |s| {
        s.contains("minutes ago") || s.contains("Minutes ago")
    });
    tmux.send("Tab");
    tmux.type_text("8");
    let asked = Instant::now();
    tmux.send("Enter");
    // Read back from the file (the status line may give way to an alert near midnight).
    let start = Instant::now();
    let case = loop {
        let case = desk.case(&number);
        if !case["arrival_minutes"].is_null() {
            break case;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "the arrival saved: {case:#}"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    // Reported 20 minutes ago, on the scene 8 minutes ago: 12 minutes, within the target.
    let minutes = case["arrival_minutes"].as_f64().expect("arrival minutes");
    let slack = asked.elapsed().as_secs_f64() / 60.0 + 0.2;
    assert!((minutes - 12.0).abs() <= slack, "{case:#}");
    assert_eq!(case["arrival_met"], true);
}
