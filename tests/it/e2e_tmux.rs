//! End to end in a real terminal: the dashboard in tmux on a temporary database, a report
//! added from outside with the CLI, its countdown advancing, and the terminal given back on
//! every way out (q, SIGTERM, SIGHUP, a panic in a spawned task).

use crate::common;

use std::time::Duration;

use common::Desk;
use common::tmux::Tmux;

fn countdown_of(screen: &str, number: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(number) && l.contains(':'))
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.len() >= 5 && w.as_bytes()[2] == b':')
        })
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_report_from_another_terminal_shows_live_and_quit_restores_the_terminal() {
    let desk = Desk::new();
    desk.ok(&["check"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (200, 50), &[], &[]);
    tmux.wait_for("the empty board", Duration::from_secs(10), |s| {
        s.contains("No open cases")
    });
    assert_eq!(
        tmux.query("#{alternate_on}"),
        "1",
        "the dashboard draws on the alternate screen"
    );

    // Live, without a key pressed; how fast is `benches/latency.py`'s figure (p95 under a
    // second), not a timed test's, which would fail on a loaded machine.
    let number = desk.report(&["--ago", "1m"]);
    // A capture may fall between the bytes of one frame: wait for the row whole.
    let (screen, took) = tmux.wait_for("the new case", Duration::from_secs(5), |s| {
        s.contains(&number) && s.contains("Fitness equipment broken")
    });
    println!("the report was on the wall screen {took:?} after it was filed");
    assert!(screen.contains("Fitness equipment broken"), "{screen}");
    let first = countdown_of(&screen, &number);
    assert!(
        first.starts_with("13:") || first.starts_with("14:"),
        "countdown {first:?} in:\n{screen}"
    );
    let (screen, _) = tmux.wait_for("the countdown to advance", Duration::from_secs(4), |s| {
        let now = countdown_of(s, &number);
        !now.is_empty() && now != first
    });
    assert!(countdown_of(&screen, &number) < first, "counting down");
    assert!(
        !screen.contains("13812345678"),
        "phones never reach the wall screen"
    );

    tmux.send("q");
    tmux.wait_for("the quit question", Duration::from_secs(2), |s| {
        s.contains("Quit the duty desk?")
    });
    tmux.send("y");
    let (code, screen) = tmux.exit_code();
    assert_eq!(code, 0, "{screen}");
    tmux.assert_terminal_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal_and_exit_cleanly() {
    for signal in ["TERM", "HUP"] {
        let desk = Desk::new();
        let tmux = Tmux::dashboard(&desk, "zh_CN.UTF-8", (100, 30), &[], &[]);
        tmux.wait_for("the board in Chinese", Duration::from_secs(10), |s| {
            s.contains("暂无待处置案件")
        });
        tmux.signal(signal);
        let (code, screen) = tmux.exit_code();
        assert_eq!(code, 0, "SIG{signal} is a stop asked for: {screen}");
        tmux.assert_terminal_restored();
    }
}

#[test]
fn a_panic_inside_a_spawned_task_restores_the_terminal_then_reports_it() {
    let desk = Desk::new();
    let tmux = Tmux::dashboard(
        &desk,
        "en_US.UTF-8",
        (120, 30),
        &[("DUTYDESK_FAULT", "panic-in-task")],
        &[],
    );
    let (code, screen) = tmux.exit_code();
    assert_eq!(code, 101, "a panic is a failure: {screen}");
    tmux.assert_terminal_restored();
    assert!(
        screen.contains("injected fault"),
        "the panic message is printed after the terminal is back, where it can be read:\n{screen}"
    );
}

#[test]
fn a_database_file_removed_under_the_dashboard_is_said_plainly_and_keys_still_work() {
    let desk = Desk::new();
    let number = desk.report(&[]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (200, 50), &[], &[]);
    tmux.wait_for("the case", Duration::from_secs(10), |s| s.contains(&number));
    std::fs::rename(&desk.db, desk.dir.path().join("moved.db")).expect("move the database");
    let (screen, took) = tmux.wait_for("the banner", Duration::from_secs(5), |s| {
        s.contains("was removed")
    });
    println!("the banner was up {took:?} after the file went");
    assert!(screen.contains("Restart dutydesk"), "{screen}");
    tmux.send("?");
    tmux.wait_for(
        "help, so keys are still taken",
        Duration::from_secs(2),
        |s| s.contains("Keys"),
    );
    tmux.send("q");
    tmux.send("y");
    let (code, _) = tmux.exit_code();
    assert_eq!(code, 0);
    tmux.assert_terminal_restored();
}

#[test]
fn without_a_terminal_it_says_so_and_exits_2() {
    let desk = Desk::new();
    let err = desk.fails(2, &[]);
    assert!(err.contains("needs a terminal"), "{err}");
}
