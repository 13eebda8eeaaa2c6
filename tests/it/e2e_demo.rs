//! `dutydesk demo` in a real terminal (tmux), from a fresh home: a live desk within 2 s that
//! keeps moving, written to the demo database and nowhere else.

use crate::common;

use std::time::Duration;

use chrono::NaiveDateTime;
use common::Desk;
use common::tmux::Tmux;
use serde_json::Value;

/// The header clock's date and time (a run may cross midnight).
fn clock(screen: &str) -> NaiveDateTime {
    let header = screen.lines().next().unwrap_or_default();
    let words: Vec<&str> = header.split_whitespace().collect();
    words
        .windows(2)
        .find_map(|w| {
            NaiveDateTime::parse_from_str(&format!("{} {}", w[0], w[1]), "%Y-%m-%d %H:%M:%S").ok()
        })
        .unwrap_or_else(|| panic!("no clock in the header: {header}"))
}

fn row<'a>(screen: &'a str, place: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(place))
        .unwrap_or_else(|| panic!("no row for {place}:\n{screen}"))
}

#[test]
fn the_demo_at_sixty_times_shows_a_live_desk_within_two_seconds_and_keeps_moving() {
    let desk = Desk::new();
    let tmux = Tmux::launch(
        &desk,
        "en_US.UTF-8",
        (200, 50),
        &[],
        &["demo", "--speed", "60"],
    );
    // The whole first frame: a capture can fall while the terminal is still taking it in.
    let (first, took) = tmux.wait_for("DEMO, cases and the map", Duration::from_secs(2), |s| {
        s.contains("DEMO")
            && s.contains("新联街 农贸市场后门")
            && s.contains("Grids")
            && s.contains("Shanshui Tiancheng")
            && s.contains("press d to send someone")
    });
    println!("the demo was on screen {took:?} after launch");
    assert!(first.contains("DEMO · simulated reports ×60"), "{first}");
    assert!(
        first.contains("press d to send someone"),
        "what to try: {first}"
    );
    // The scenario files this one six simulated minutes in: six seconds at 60 times.
    assert!(!first.contains("永丰安置小区 北门"), "{first}");
    let (later, _) = tmux.wait_for(
        "the report filed six minutes in",
        Duration::from_secs(12),
        |s| s.contains("永丰安置小区 北门"),
    );
    let moved = clock(&later) - clock(&first);
    assert!(
        moved >= chrono::Duration::minutes(5),
        "the clock moved {moved}"
    );
    // The simulator sent someone to the fallen elderly resident (reported 2 minutes before).
    assert!(row(&later, "沿街商铺 楼上住户").contains("赵敏"), "{later}");
    // The blocked fire exit was left for the keyboard and is overdue now.
    assert!(row(&later, "新联街 农贸市场后门").contains("!!"), "{later}");

    // The person at the keyboard takes it, found by its number (near midnight the day's small
    // matters past their same-day target stand above it; a screen read mid-frame may show a
    // row half redrawn, so the number comes from the file).
    let fire_exit = common::sqlite3(
        &desk.dir.path().join(".local/share/dutydesk/demo.db"),
        "SELECT number FROM cases WHERE place = '新联街 农贸市场后门' AND state = 'reported'",
    );
    assert_eq!(fire_exit.len(), 12, "one open fire exit case: {fire_exit}");
    tmux.send("/");
    tmux.type_text(&fire_exit);
    tmux.send("Enter");
    tmux.send("d");
    tmux.wait_for("the dispatch form", Duration::from_secs(2), |s| {
        s.contains("Dispatch")
    });
    tmux.send("Enter");
    tmux.wait_for("the fire exit dispatched", Duration::from_secs(3), |s| {
        s.lines()
            .any(|l| l.contains("新联街 农贸市场后门") && l.contains("dispatched"))
    });

    tmux.send("q");
    tmux.send("y");
    let (code, _) = tmux.exit_code();
    assert_eq!(code, 0);
    tmux.assert_terminal_restored();

    // All of it is in the demo database in the data directory; the real one was never made.
    let data = desk.dir.path().join(".local/share/dutydesk");
    let demo_db = data.join("demo.db");
    assert!(demo_db.exists());
    assert!(
        !data.join("dutydesk.db").exists(),
        "the real database untouched"
    );
    let out = desk
        .bare()
        .arg("--db")
        .arg(&demo_db)
        .args(["list", "--all", "--json"])
        .output()
        .expect("list");
    assert!(out.status.success());
    let cases: Value = serde_json::from_slice(&out.stdout).expect("json");
    let cases = cases.as_array().expect("an array");
    assert!(cases.len() > 300, "weeks of history: {}", cases.len());
    let parked = cases
        .iter()
        .find(|c| c["place"] == "永丰安置小区 北门")
        .expect("the report the simulator filed");
    assert_eq!(parked["state"], "reported", "left for the keyboard");
    assert_eq!(parked["reporter"], "郭**", "masked in lists");
    let taken = cases
        .iter()
        .find(|c| c["place"] == "新联街 农贸市场后门")
        .expect("the fire exit");
    assert_eq!(taken["state"], "dispatched");
    let number = taken["number"].as_str().expect("number");
    let out = desk
        .bare()
        .arg("--db")
        .arg(&demo_db)
        .args(["show", number, "--json"])
        .output()
        .expect("show");
    let shown: Value = serde_json::from_slice(&out.stdout).expect("json");
    let actors: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["actor"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(actors.first(), Some(&"demo"), "reported by the simulator");
    assert_ne!(
        actors.last(),
        Some(&"demo"),
        "dispatched from the keyboard: {actors:?}"
    );
}

#[test]
fn a_restarted_demo_carries_on_and_fresh_starts_it_over() {
    let desk = Desk::new();
    let shown = |tmux: &Tmux| {
        tmux.wait_for("the demo", Duration::from_secs(3), |s| {
            // The place may be cut on an 80-column screen (wide state cells): its start is enough.
            s.contains("演示 DEMO") && s.contains("新联街 农贸")
        })
        .0
    };
    let quit = |tmux: Tmux| {
        tmux.send("q");
        tmux.send("y");
        assert_eq!(tmux.exit_code().0, 0);
    };
    let list = || {
        let out = desk
            .bare()
            .arg("--db")
            .arg(desk.dir.path().join(".local/share/dutydesk/demo.db"))
            .args(["list", "--all", "--json"])
            .output()
            .expect("list");
        let cases: Value = serde_json::from_slice(&out.stdout).expect("json");
        cases.as_array().expect("array").len()
    };
    let run = |args: &[&str]| Tmux::launch(&desk, "zh_CN.UTF-8", (80, 24), &[], args);
    // The weeks of history are written while the board is up (a few seconds, longer on a
    // loaded machine) and copied in at once: wait until they are in before quitting.
    let history_in = || {
        let start = std::time::Instant::now();
        while list() < 300 {
            assert!(
                start.elapsed() < Duration::from_secs(60),
                "the history never came in"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    };
    let tmux = run(&["demo"]);
    shown(&tmux);
    history_in();
    quit(tmux);
    let seeded = list();
    // Again: the same database, carried on (nothing seeded twice).
    let tmux = run(&["demo"]);
    shown(&tmux);
    quit(tmux);
    let again = list();
    assert!(
        again >= seeded && again < seeded + 5,
        "{seeded} then {again}"
    );
    // --fresh: started over from the same seed, so the same size again.
    let tmux = run(&["demo", "--fresh"]);
    shown(&tmux);
    history_in();
    quit(tmux);
    let over = list();
    assert!(over.abs_diff(seeded) < 5, "{seeded} then {over}");
}

#[test]
fn without_a_terminal_the_demo_says_so_and_writes_nothing() {
    let desk = Desk::new();
    let out = desk.bare().arg("demo").output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("needs a terminal"), "{err}");
    assert!(
        !desk
            .dir
            .path()
            .join(".local/share/dutydesk/demo.db")
            .exists(),
        "no demo database made"
    );
    // Bad options name the field and what is allowed.
    let out = desk
        .bare()
        .args(["demo", "--speed", "0"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("--speed") && err.contains("1..=3600"), "{err}");
}
