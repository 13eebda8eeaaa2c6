//! When standard output fails: a reader that leaves (`| head`) ends the command quietly with
//! exit 0; a full disk or a closed stdout is a failure (exit 1) that says so; a report whose
//! number cannot be printed still names the stored case. No panic, ever.

use crate::common;

use std::io::Read;
use std::process::{Command, Stdio};

use common::{Desk, REPORT};

/// A desk with enough cases that `list --all` and `list --json` print well over 64 KB.
fn big_desk() -> Desk {
    let desk = Desk::new();
    let db = desk.db.clone();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let d = dutydesk::desk::Desk::open(&db, dutydesk::config::Config::default())
            .await
            .expect("desk");
        let start = chrono::Utc::now() - chrono::Duration::hours(20);
        for i in 0..700 {
            let report = dutydesk::domain::Report {
                grid: (i % 7 + 1) as u8,
                category: "facility.streetlight".into(),
                channel: dutydesk::domain::Channel::Hotline,
                place: format!("新联街 {i} 号 路灯杆旁边的人行道"),
                summary: format!("路灯不亮 {i}，晚上很黑，老人出门不方便"),
                reporter: None,
                phone: None,
                tier: dutydesk::domain::Tier::Small,
                on_scene: None,
                at: start + chrono::Duration::minutes(i),
            };
            d.report(&report, chrono::Utc::now()).await.expect("report");
        }
        d.store.close().await;
    });
    desk
}

fn run_and_leave_after(desk: &Desk, args: &[&str], read: usize) -> std::process::Output {
    let mut child = desk
        .std_cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = vec![0; read];
    stdout.read_exact(&mut first).expect("the first bytes");
    drop(stdout); // the reader leaves, as `head` does
    child.wait_with_output().expect("wait")
}

#[test]
fn a_reader_that_leaves_ends_the_command_quietly() {
    let desk = big_desk();
    for args in [
        &["list", "--all"][..],
        &["list", "--all", "--json"],
        &["codes"],
        &["codes", "--json"],
    ] {
        let full = desk.output(args);
        assert!(
            full.stdout.len() > 65_536 || args[0] == "codes",
            "{args:?}: {} bytes",
            full.stdout.len()
        );
        let out = run_and_leave_after(&desk, args, 64);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.stderr.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

fn to_dev_full(desk: &Desk, args: &[&str]) -> std::process::Output {
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full is on every Linux");
    desk.std_cmd()
        .args(args)
        .stdout(full)
        .output()
        .expect("runs")
}

#[test]
fn a_full_disk_on_stdout_fails_and_says_so() {
    let desk = Desk::new();
    let number = desk.report(&[]);
    for args in [
        &["list", "--all"][..],
        &["list", "--json"],
        &["show", number.as_str()],
        &["show", number.as_str(), "--json"],
        &["stats"],
        &["roster", "list"],
        &["codes"],
        &["check"],
    ] {
        let out = to_dev_full(&desk, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("cannot write to standard output"),
            "{args:?}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
}

#[test]
fn a_report_whose_number_cannot_be_printed_fails_but_names_the_stored_case() {
    let desk = Desk::new();
    let bin = assert_cmd::cargo::cargo_bin("dutydesk");
    let report = format!(
        "{} --db {} report --grid 2 --category facility.fitness_equipment --channel hotline --place p s",
        bin.display(),
        desk.db.display()
    );
    // Standard output closed.
    let out = Command::new("sh")
        .args(["-c", &format!("{report} >&-")])
        .env("HOME", desk.dir.path())
        .output()
        .expect("sh");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let stored = desk.all_cases();
    assert_eq!(stored.len(), 1, "the case is stored");
    let number = stored[0]["number"].as_str().expect("number");
    assert!(err.contains(number), "the message names the case: {err}");
    // Into a pipe whose reader has gone: stored, and a quiet exit 0.
    let out = Command::new("bash")
        .args(["-c", &format!("set -o pipefail; {report} | true")])
        .env("HOME", desk.dir.path())
        .output()
        .expect("bash");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(desk.all_cases().len(), 2);
    // Onto a full disk: a failure naming the case.
    let out = to_dev_full(&desk, REPORT);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("was stored as"));
}

#[test]
fn output_thrown_away_on_dev_null_is_not_a_failure() {
    let desk = Desk::new();
    // Read-write, as Python's subprocess.DEVNULL and `1<>/dev/null` open it.
    let null = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open("/dev/null")
        .expect("/dev/null");
    let out = desk
        .std_cmd()
        .args(REPORT)
        .stdout(null)
        .output()
        .expect("runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(desk.all_cases().len(), 1);
}
