//! Every long-running mode holds the database for as long as it runs: an outside `sqlite3`
//! read and an online backup taken meanwhile leave its WAL in place, and what it writes
//! afterwards is seen by a fresh connection. (A descriptor of the file opened and closed
//! outside SQLite drops every POSIX lock of the process: the outside reader then takes the file
//! for unused and deletes the live WAL, and everything written after is lost.)

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::tmux::Tmux;
use common::{Desk, sqlite3};

fn wal(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push("-wal");
    PathBuf::from(name)
}

/// Reads and backs up the file from outside, then checks the running program still holds it.
fn touch_from_outside(db: &Path, backup: &Path) {
    assert!(wal(db).exists(), "the running desk has its WAL");
    let count: u64 = sqlite3(db, "SELECT count(*) FROM cases")
        .parse()
        .expect("a count");
    assert!(count > 0);
    sqlite3(db, &format!(".backup '{}'", backup.display()));
    assert!(
        sqlite3(backup, "PRAGMA integrity_check") == "ok",
        "the backup is whole"
    );
    assert!(
        wal(db).exists(),
        "the WAL is still in place after an outside reader and a backup: the desk holds its lock"
    );
}

fn count(db: &Path) -> u64 {
    sqlite3(db, "SELECT count(*) FROM cases")
        .parse()
        .expect("count")
}

#[test]
fn the_demo_holds_its_database_after_writing_its_history() {
    let desk = Desk::new();
    let tmux = Tmux::launch(
        &desk,
        "en_US.UTF-8",
        (160, 45),
        &[],
        &["demo", "--speed", "60"],
    );
    tmux.wait_for("the demo", Duration::from_secs(5), |s| s.contains("DEMO"));
    let db = desk.dir.path().join(".local/share/dutydesk/demo.db");
    // The history is written behind the board; give it time to land.
    let start = Instant::now();
    let mut before = 0;
    while start.elapsed() < Duration::from_secs(8) {
        before = count(&db);
        if before > 300 {
            break;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(before > 300, "the history is written: {before}");
    touch_from_outside(&db, &desk.dir.path().join("backup.db"));
    // The simulator goes on writing; a fresh connection sees it, from the file on disk.
    let start = Instant::now();
    while count(&db) <= before {
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "new cases reach the file"
        );
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(wal(&db).exists());
    drop(tmux);
}

#[test]
fn the_dashboard_holds_its_database_and_its_writes_reach_the_file() {
    for demo_file in [false, true] {
        let desk = Desk::new();
        if demo_file {
            // The dashboard opened on a demo database (it says DEMO, and runs no simulator).
            let made = Tmux::launch(&desk, "en_US.UTF-8", (160, 45), &[], &["demo"]);
            made.wait_for("the demo", Duration::from_secs(5), |s| s.contains("DEMO"));
            made.send("q");
            made.send("y");
            made.exit_code();
            std::fs::copy(
                desk.dir.path().join(".local/share/dutydesk/demo.db"),
                &desk.db,
            )
            .expect("copy");
        }
        let number = desk.report(&["--ago", "1m"]);
        let tmux = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[], &[]);
        tmux.wait_for("the case", Duration::from_secs(10), |s| s.contains(&number));
        std::thread::sleep(Duration::from_millis(600));
        touch_from_outside(&desk.db, &desk.dir.path().join("backup.db"));
        // A write from the keyboard: dispatch the selected case.
        tmux.send("/");
        tmux.type_text(&number);
        tmux.send("Enter");
        tmux.send("d");
        tmux.wait_for("the dispatch form", Duration::from_secs(3), |s| {
            s.contains("Dispatch")
        });
        tmux.send("Enter");
        tmux.wait_for("saved", Duration::from_secs(5), |s| s.contains("Saved"));
        let state = sqlite3(
            &desk.db,
            &format!("SELECT state FROM cases WHERE number = '{number}'"),
        );
        assert_eq!(
            state, "dispatched",
            "the write reached the file (demo file: {demo_file})"
        );
        assert!(wal(&desk.db).exists());
    }
}
