//! `dutydesk backup` while four writers report: every case acknowledged before the backup
//! started is in the copy, and the copy passes `check`.

use crate::common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Desk, REPORT};

#[test]
fn a_backup_taken_while_four_writers_report_holds_every_acknowledged_case() {
    let desk = Desk::new();
    desk.report(&[]);
    let stop = Arc::new(AtomicBool::new(false));
    // (number, when its writer had it back)
    let acknowledged = Arc::new(Mutex::new(Vec::<(String, Instant)>::new()));
    let writers: Vec<_> = (0..4)
        .map(|_| {
            let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
            let mut cmd = desk.std_cmd();
            cmd.args(REPORT);
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    let out = cmd.output().expect("report runs");
                    assert!(
                        out.status.success(),
                        "{}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let number = String::from_utf8_lossy(&out.stdout).trim().to_string();
                    acknowledged
                        .lock()
                        .expect("lock")
                        .push((number, Instant::now()));
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(700));
    let copy = desk.dir.path().join("backup-2026-11-29.db");
    let started = Instant::now();
    let said = desk.ok(&["backup", copy.to_str().expect("utf-8 path")]);
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    for w in writers {
        w.join().expect("writer");
    }
    assert!(said.contains("integrity ok"), "{said}");
    let before: Vec<String> = acknowledged
        .lock()
        .expect("lock")
        .iter()
        .filter(|(_, at)| *at < started)
        .map(|(n, _)| n.clone())
        .collect();
    assert!(
        before.len() >= 4,
        "the writers were writing: {}",
        before.len()
    );
    let total = acknowledged.lock().expect("lock").len();
    assert!(total > before.len(), "and kept writing during the backup");

    let copied = Desk {
        dir: tempfile::tempdir().expect("dir"),
        db: copy.clone(),
    };
    let listed = copied.json(&["list", "--all"]);
    let numbers: Vec<&str> = listed
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|c| c["number"].as_str())
        .collect();
    for n in &before {
        assert!(numbers.contains(&n.as_str()), "{n} is in the copy");
    }
    let checked = copied.ok(&["check"]);
    assert!(checked.contains("Integrity: ok"), "{checked}");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&copy).expect("copy").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "owner-only, like the database");

    // Never over an existing file; nothing made where there is no database.
    let again = desk.fails(2, &["backup", copy.to_str().expect("utf-8")]);
    assert!(again.contains("already exists"), "{again}");
    let nowhere = Desk::new();
    let none = nowhere.fails(2, &["backup", "/tmp/never-made.db"]);
    assert!(none.contains("nothing to back up"), "{none}");
    assert!(!nowhere.db.exists());
}
