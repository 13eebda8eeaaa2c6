//! The wall screen end to end in a real terminal (tmux): a search that matches nothing while a
//! case is overdue, the mouse, a write that waits on a database another process holds, and the
//! Chinese screen with nobody named on duty.

use crate::common;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::Desk;
use common::tmux::Tmux;

#[test]
fn a_search_with_no_match_still_shows_what_is_overdue_and_the_urgent_clock() {
    let desk = Desk::new();
    let late = desk.report(&["--ago", "20m"]);
    desk.report(&["--ago", "1m"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (80, 24), &[], &[]);
    tmux.wait_for("the board", Duration::from_secs(10), |s| s.contains(&late));
    tmux.send("/");
    tmux.type_text("zzz");
    tmux.send("Enter");
    let (screen, _) = tmux.wait_for("the empty search", Duration::from_secs(3), |s| {
        s.contains("No open case matches")
    });
    assert!(screen.contains("2 open, 1 overdue not shown"), "{screen}");
    assert!(!screen.contains("All calm"), "{screen}");
    let urgent = screen
        .lines()
        .find(|l| l.contains("Most urgent"))
        .unwrap_or_else(|| panic!("the urgent line:\n{screen}"));
    assert!(
        urgent.contains(&late) && urgent.contains("!! +0"),
        "{urgent}"
    );
    tmux.send("Escape");
    tmux.wait_for("the filter cleared", Duration::from_secs(3), |s| {
        !s.contains("No open case matches") && s.contains(&late)
    });
}

#[test]
fn a_click_selects_a_row_and_a_second_click_opens_it() {
    let desk = Desk::new();
    let first = desk.report(&["--ago", "5m"]);
    let second = desk.report(&["--ago", "1m"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (120, 32), &[], &[]);
    let (screen, _) = tmux.wait_for("both cases", Duration::from_secs(10), |s| {
        s.contains(&first) && s.contains(&second)
    });
    let row = |screen: &str, number: &str| {
        screen
            .lines()
            .position(|l| l.starts_with('│') && l.contains(number))
            .unwrap_or_else(|| panic!("{number} on:\n{screen}"))
    };
    assert!(
        screen
            .lines()
            .nth(row(&screen, &first))
            .is_some_and(|l| l.contains('▶'))
    );
    tmux.click(30, row(&screen, &second));
    let (screen, _) = tmux.wait_for("the second row selected", Duration::from_secs(3), |s| {
        s.lines()
            .any(|l| l.contains(&second) && l.starts_with("│▶"))
    });
    assert!(
        !screen
            .lines()
            .nth(row(&screen, &first))
            .is_some_and(|l| l.contains('▶'))
    );
    tmux.click(30, row(&screen, &second));
    tmux.wait_for("its detail", Duration::from_secs(3), |s| {
        s.contains("Timeline") && s.contains("reported")
    });
}

/// Holds the database's write lock from another process for `secs` seconds.
fn hold_the_lock(desk: &Desk, secs: u64) -> std::process::Child {
    let script = format!(
        "import sqlite3, sys, time\n\
         c = sqlite3.connect(sys.argv[1], isolation_level=None)\n\
         c.execute('BEGIN IMMEDIATE')\n\
         print('locked', flush=True)\n\
         time.sleep({secs})\n\
         c.execute('ROLLBACK')\n"
    );
    let mut child = Command::new("python3")
        .args(["-c", &script, &desk.db.display().to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs (it is on every machine this runs on)");
    let mut line = String::new();
    let out = child.stdout.as_mut().expect("piped");
    std::io::BufRead::read_line(&mut std::io::BufReader::new(out), &mut line).expect("read");
    assert_eq!(line.trim(), "locked");
    child
}

fn seconds_of_header(screen: &str) -> Option<String> {
    // `… 2026-11-29 11:12:34  Asia/Shanghai`: the last colon is before the seconds.
    let top = screen.lines().next()?;
    let at = top.rfind(':')?;
    top.get(at - 5..at + 3).map(str::to_string)
}

#[test]
fn the_clock_keeps_moving_while_a_write_waits_for_another_process() {
    let desk = Desk::new();
    let number = desk.report(&["--ago", "2m"]);
    let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (120, 32), &[], &[]);
    tmux.wait_for("the case", Duration::from_secs(10), |s| s.contains(&number));
    let mut holder = hold_the_lock(&desk, 4);
    let held = Instant::now();
    tmux.send("d");
    tmux.wait_for("the dispatch form", Duration::from_secs(3), |s| {
        s.contains("Dispatch")
    });
    tmux.send("Enter");
    let mut clocks = Vec::new();
    let mut saving = false;
    let mut screen = String::new();
    while held.elapsed() < Duration::from_millis(3600) {
        screen = tmux.screen();
        saving |= screen.contains("saving…");
        if let Some(clock) = seconds_of_header(&screen)
            && clocks.last() != Some(&clock)
        {
            clocks.push(clock);
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(saving, "the screen says it is saving:\n{screen}");
    assert!(
        clocks.len() >= 3,
        "the header clock moved every second while the write waited: {clocks:?}"
    );
    assert_eq!(desk.case(&number)["state"], "reported", "not yet written");
    holder.wait().expect("the holder ends");
    tmux.wait_for("the dispatch saved", Duration::from_secs(5), |s| {
        s.contains("Saved")
    });
    assert_eq!(desk.case(&number)["state"], "dispatched");
}

#[test]
fn the_chinese_screen_names_nobody_in_english_and_counts_hours_in_chinese() {
    let desk = Desk::new();
    let number = desk.report(&["--ago", "3h"]);
    // The terminal runs with an empty environment: no $USER.
    let tmux = Tmux::dashboard(&desk, "zh_CN.UTF-8", (120, 32), &[], &[]);
    let (screen, _) = tmux.wait_for("the case", Duration::from_secs(10), |s| s.contains(&number));
    assert!(screen.contains("值班员: 值班台"), "{screen}");
    assert!(!screen.contains("duty desk"), "{screen}");
    let row = screen
        .lines()
        .find(|l| l.contains(&number))
        .expect("the row");
    assert!(row.contains("时") && row.contains("分"), "{row}");
}
