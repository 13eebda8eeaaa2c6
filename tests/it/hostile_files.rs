//! Files that are not what they should be: each is refused with a true message (what it is,
//! what to do), and none is modified. A damaged database is never written to: not by the
//! command that first finds it damaged, nor by any after it.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::{Desk, REPORT};

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

/// A desk of sixty cases: a file of many pages, closed cleanly (no WAL beside it).
fn desk_of_many_pages() -> Desk {
    let desk = Desk::new();
    for i in 0..60 {
        desk.ok(&[
            "report",
            "--grid",
            "3",
            "--category",
            "environment.garbage",
            "--channel",
            "hotline",
            "--place",
            &format!("新联街 {i} 号 农贸市场后门旁边"),
            &format!("垃圾堆积 {i}，气味很大，请尽快清理"),
        ]);
    }
    desk
}

#[test]
fn a_damaged_database_is_never_written_to() {
    let desk = desk_of_many_pages();
    let mut damaged = bytes(&desk.db);
    let pages = damaged.len() / 4096;
    assert!(pages > 8, "{pages} pages");
    // Random bytes over a page in the middle (seeded, so the test is the same each run).
    let page = pages / 2;
    let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
    for b in &mut damaged[page * 4096..(page + 1) * 4096] {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        *b = x as u8;
    }
    std::fs::write(&desk.db, &damaged).expect("write");
    // The first command after the damage is a write: it checks the file first.
    let err = desk.fails(1, REPORT);
    assert!(err.contains("the database is damaged"), "{err}");
    assert!(err.contains("Restore it from the backup"), "{err}");
    assert_eq!(bytes(&desk.db), damaged, "not one byte written");
    // check says so too, and every later write is refused by the mark it leaves.
    let out = desk.output(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("damaged"));
    for _ in 0..3 {
        desk.fails(1, REPORT);
    }
    assert_eq!(bytes(&desk.db), damaged);
}

#[test]
fn a_truncated_database_is_refused_and_untouched() {
    let desk = desk_of_many_pages();
    let whole = bytes(&desk.db);
    let half = &whole[..whole.len() / 2];
    std::fs::write(&desk.db, half).expect("truncate");
    let out = desk.output(REPORT);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("damaged"), "{err}");
    assert_eq!(bytes(&desk.db), half);
}

#[test]
fn files_that_are_not_databases_are_refused_before_sqlite_sees_them() {
    let desk = Desk::new();
    let dir = desk.dir.path();
    // A named pipe: SQLite would wait on it for ever.
    let fifo = dir.join("pipe.db");
    assert!(
        Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .expect("mkfifo")
            .success()
    );
    let folder = dir.join("folder.db");
    std::fs::create_dir(&folder).expect("folder");
    for (path, what) in [
        (fifo.as_path(), "named pipe"),
        (folder.as_path(), "directory"),
        (Path::new("/dev/null"), "device"),
    ] {
        for args in [&["list"][..], REPORT] {
            let start = std::time::Instant::now();
            let out = desk
                .bare()
                .arg("--db")
                .arg(path)
                .args(args)
                .timeout(std::time::Duration::from_secs(10))
                .output()
                .expect("runs");
            assert!(start.elapsed().as_secs() < 5, "{what}: no waiting");
            assert_eq!(out.status.code(), Some(2), "{what} {args:?}");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                err.contains(what) && err.contains("not a database file"),
                "{err}"
            );
        }
    }
    assert!(!Path::new("/dev/null-journal").exists());
    assert!(!Path::new("/dev/null-wal").exists());
    assert!(
        std::fs::read_dir(&folder).expect("folder").next().is_none(),
        "nothing made in it"
    );
}

/// Root's tools for a small file system of its own: a full disk and a read-only one. Where
/// they cannot be had, the test says so, and fails under CI.
fn tmpfs(dir: &Path, size: &str) -> Option<Mount> {
    std::fs::create_dir_all(dir).expect("mount point");
    let ok = Command::new("mount")
        .args([
            "-t",
            "tmpfs",
            "-o",
            &format!("size={size},mode=0700"),
            "tmpfs",
        ])
        .arg(dir)
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let why = "mounting a tmpfs needs root (and mount); CI runs as root";
        assert!(std::env::var("CI").is_err(), "{why}");
        eprintln!("skipped: {why}");
        return None;
    }
    Some(Mount(dir.to_path_buf()))
}

struct Mount(std::path::PathBuf);

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg("-l").arg(&self.0).status();
    }
}

/// A desk on the mount at `dir`, with one report in it; gives its file and a report's arguments.
fn report_on(desk: &Desk, dir: &Path) -> (std::path::PathBuf, Vec<String>) {
    let db = dir.join("desk.db");
    let mut args = vec!["--db".to_string(), db.display().to_string()];
    args.extend(REPORT.iter().map(|a| a.to_string()));
    desk.bare().args(&args).assert().success();
    (db, args)
}

#[test]
fn a_full_disk_says_so_and_leaves_the_database_as_it_was() {
    let desk = Desk::new();
    let mount_at = desk.dir.path().join("small");
    let Some(_mount) = tmpfs(&mount_at, "1m") else {
        return;
    };
    let (db, args) = report_on(&desk, &mount_at);
    // Fill what is left.
    let filler = mount_at.join("filler");
    let mut file = std::fs::File::create(&filler).expect("filler");
    while std::io::Write::write_all(&mut file, &[0u8; 1024]).is_ok() {}
    drop(file);
    let before = bytes(&db);
    let out = desk.bare().args(&args).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the disk is full") && err.contains("the database is as it was"),
        "{err}"
    );
    assert!(!err.contains("not a dutydesk database"), "{err}");
    assert_eq!(bytes(&db), before, "the database is intact");
}

#[test]
fn a_read_only_file_system_says_so_and_changes_nothing() {
    let desk = Desk::new();
    let mount_at = desk.dir.path().join("ro");
    let Some(_mount) = tmpfs(&mount_at, "4m") else {
        return;
    };
    let (db, args) = report_on(&desk, &mount_at);
    let before = bytes(&db);
    let ok = Command::new("mount")
        .args(["-o", "remount,ro"])
        .arg(&mount_at)
        .status()
        .is_ok_and(|s| s.success());
    assert!(ok, "remount read-only");
    let out = desk.bare().args(&args).output().expect("runs");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("read-only"), "{err}");
    assert!(!err.contains("not a dutydesk database"), "{err}");
    assert_eq!(bytes(&db), before);
}

#[test]
fn eight_processes_creating_one_new_database_all_succeed() {
    for _round in 0..3 {
        let desk = Desk::new();
        let handles: Vec<_> = (0..8)
            .map(|k| {
                let db = desk.db.clone();
                let home = desk.dir.path().to_path_buf();
                std::thread::spawn(move || {
                    let mut args = REPORT.to_vec();
                    let summary = format!("race {k}");
                    *args.last_mut().expect("summary") = &summary;
                    std::process::Command::new(assert_cmd::cargo::cargo_bin("dutydesk"))
                        .env_clear()
                        .env("HOME", home)
                        .arg("--db")
                        .arg(db)
                        .args(&args)
                        .output()
                        .expect("runs")
                })
            })
            .collect();
        for h in handles {
            let out = h.join().expect("thread");
            assert!(
                out.status.success(),
                "{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let roster = desk.json(&["roster", "list"]);
        let catalog = dutydesk::catalog::Catalog::embedded();
        assert_eq!(
            roster.as_array().map(Vec::len),
            Some(catalog.roster.len()),
            "one roster"
        );
        let leftovers: Vec<_> = std::fs::read_dir(desk.dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.contains(".new-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

#[test]
fn a_refused_command_creates_nothing() {
    let desk = Desk::new();
    let refused: &[&[&str]] = &[
        &[
            "report",
            "--grid",
            "99",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            "p",
            "s",
        ],
        &[
            "report",
            "--grid",
            "2",
            "--category",
            "no.such",
            "--channel",
            "hotline",
            "--place",
            "p",
            "s",
        ],
        &[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            " ",
            "s",
        ],
        &[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            "p",
            "--phone",
            "12",
            "s",
        ],
        &[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            "p",
            "--on-scene",
            "Nobody",
            "s",
        ],
        &[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            "p",
            "--ago",
            "99999d",
            "s",
        ],
        &["patrol", "--grid", "9", "morning"],
        &["roster", "add", "X", "--role", "cadre", "--phone", "abc"],
        &["roster", "add", " ", "--role", "cadre"],
        &["roster", "duty", "Nobody", "off"],
        &["dispatch", "20261129-001", "--to", "王建华"],
        &["show", "20261129-001"],
    ];
    for args in refused {
        desk.fails(2, args);
        let made: Vec<_> = std::fs::read_dir(desk.dir.path())
            .expect("dir")
            .filter_map(Result::ok)
            .map(|e| e.file_name())
            .collect();
        assert!(made.is_empty(), "{args:?} made {made:?}");
    }
}

#[test]
fn a_read_only_file_says_so_and_changes_nothing() {
    // Root may write any file whatever its mode: the desk runs as `nobody` here.
    let is_root = Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let runuser = Command::new("runuser").arg("--help").output().is_ok();
    if !is_root || !runuser {
        let why = "a read-only file needs root and runuser to run the desk as another user";
        assert!(std::env::var("CI").is_err(), "{why}");
        eprintln!("skipped: {why}");
        return;
    }
    let desk = Desk::new();
    desk.ok(REPORT);
    let dir = desk.dir.path();
    let chown = Command::new("chown")
        .arg("-R")
        .arg("nobody")
        .arg(dir)
        .status();
    assert!(chown.is_ok_and(|s| s.success()), "chown");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&desk.db, std::fs::Permissions::from_mode(0o400)).expect("chmod");
    let before = bytes(&desk.db);
    let out = Command::new("runuser")
        .args(["-u", "nobody", "--", "env", "-i"])
        .arg(format!("HOME={}", dir.display()))
        .arg(assert_cmd::cargo::cargo_bin("dutydesk"))
        .arg("--db")
        .arg(&desk.db)
        .args(REPORT)
        .output()
        .expect("runuser");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("read-only") && err.contains("as it was"),
        "{err}"
    );
    assert_eq!(bytes(&desk.db), before);
}
