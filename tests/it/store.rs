//! The store on real SQLite files: several processes writing at once, files it must refuse
//! and leave untouched, private file mode, the append-only log.

use crate::common;

use std::path::Path;
use std::process::Command;

use common::Desk;
use dutydesk::store::{SqliteStore, StoreError};
use sqlx::Connection;

/// A plain connection, as another tool (or an older or newer dutydesk) would open the file.
async fn raw(path: &Path) -> sqlx::SqliteConnection {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("connect")
}

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read file")
}

fn sidecars_absent(path: &Path) -> bool {
    let name = path.to_str().expect("utf-8 path");
    !Path::new(&format!("{name}-wal")).exists() && !Path::new(&format!("{name}-shm")).exists()
}

#[test]
fn four_processes_writing_at_once_lose_nothing() {
    let desk = Desk::new();
    desk.ok(&["check"]); // create the file first, as a running desk would have
    let bin = assert_cmd::cargo::cargo_bin("dutydesk");
    let per_process = 15;
    let workers: Vec<_> = (0..4)
        .map(|w| {
            let bin = bin.clone();
            let db = desk.db.clone();
            let home = desk.dir.path().to_path_buf();
            std::thread::spawn(move || {
                let run = |args: &[&str]| {
                    let out = Command::new(&bin)
                        .env("HOME", &home)
                        .arg("--db")
                        .arg(&db)
                        .args(args)
                        .output()
                        .expect("dutydesk runs");
                    assert!(
                        out.status.success(),
                        "worker {w} {args:?}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    String::from_utf8(out.stdout)
                        .expect("utf-8")
                        .trim()
                        .to_string()
                };
                let mut numbers = Vec::new();
                for i in 0..per_process {
                    let summary = format!("worker {w} report {i}");
                    let n = run(&[
                        "report",
                        "--grid",
                        "3",
                        "--category",
                        "road.pothole",
                        "--channel",
                        "hotline",
                        "--place",
                        "新联街",
                        &summary,
                    ]);
                    // Read-then-write on the same case while the others write too.
                    run(&["dispatch", &n, "--to", "张丽"]);
                    run(&["note", &n, &summary]);
                    numbers.push(n);
                }
                numbers
            })
        })
        .collect();
    let mut numbers: Vec<String> = workers
        .into_iter()
        .flat_map(|w| w.join().expect("worker finished"))
        .collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(
        numbers.len(),
        4 * per_process,
        "every report got its own number"
    );
    let cases = desk.all_cases();
    assert_eq!(cases.len(), 4 * per_process);
    assert!(
        cases
            .iter()
            .all(|c| c["state"] == "dispatched" && c["responder"] == "张丽")
    );
    let timeline = desk.json(&["show", &numbers[0]])["timeline"].clone();
    assert_eq!(timeline.as_array().expect("timeline").len(), 3);
}

#[tokio::test]
async fn a_file_from_a_newer_dutydesk_is_refused_and_untouched() {
    let desk = Desk::new();
    desk.report(&[]);
    {
        let mut conn = raw(&desk.db).await;
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
             VALUES (9999, 'from the future', 1, x'00', 0)",
        )
        .execute(&mut conn)
        .await
        .expect("insert");
        conn.close().await.expect("close");
    }
    let before = bytes(&desk.db);
    let err = desk.fails(1, &["list"]);
    assert!(
        err.contains("newer dutydesk") && err.contains("schema version 9999"),
        "{err}"
    );
    assert_eq!(bytes(&desk.db), before, "left byte-for-byte untouched");
    match SqliteStore::open(&desk.db).await {
        Err(StoreError::NewerSchema { found: 9999, .. }) => {}
        Err(other) => panic!("expected NewerSchema, got {other}"),
        Ok(_) => panic!("expected NewerSchema, it opened"),
    }
}

#[test]
fn a_file_that_is_not_a_database_is_refused_and_untouched() {
    let desk = Desk::new();
    let text =
        "Minutes of the 坝坝会, 2019-05-01.\nThe greenway steps need guard rails.\n".repeat(50);
    std::fs::write(&desk.db, &text).expect("write");
    let err = desk.fails(1, &["list"]);
    assert!(
        err.contains("not a dutydesk database") && err.contains("not an SQLite file"),
        "{err}"
    );
    assert_eq!(bytes(&desk.db), text.as_bytes());
    assert!(sidecars_absent(&desk.db));
}

#[test]
fn another_programs_sqlite_database_is_refused_and_untouched() {
    let desk = Desk::new();
    let made = Command::new("sqlite3")
        .arg(&desk.db)
        .arg("CREATE TABLE photos (id INTEGER PRIMARY KEY, path TEXT); INSERT INTO photos (path) VALUES ('a.jpg');")
        .status();
    match made {
        Ok(s) if s.success() => {}
        other => panic!("this test needs the sqlite3 command (apt-get install sqlite3): {other:?}"),
    }
    let before = bytes(&desk.db);
    let err = desk.fails(
        1,
        &[
            "report",
            "--grid",
            "1",
            "--category",
            "facility.streetlight",
            "--channel",
            "hotline",
            "--place",
            "x",
            "s",
        ],
    );
    assert!(err.contains("another program's data"), "{err}");
    assert_eq!(bytes(&desk.db), before);
}

#[test]
fn a_corrupt_database_is_refused_and_untouched() {
    let desk = Desk::new();
    desk.report(&[]);
    assert!(
        sidecars_absent(&desk.db),
        "a command closes the database cleanly: no WAL left"
    );
    let mut damaged = bytes(&desk.db);
    assert!(damaged.len() > 8192, "a database of several pages");
    for b in &mut damaged[100..4096] {
        *b = 0xA5;
    }
    std::fs::write(&desk.db, &damaged).expect("write");
    let err = desk.fails(1, &["list"]);
    assert!(err.contains("the database is damaged"), "{err}");
    assert!(err.contains("Restore it from the backup"), "{err}");
    assert_eq!(bytes(&desk.db), damaged);
}

#[cfg(unix)]
#[test]
fn the_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    let nested = desk.dir.path().join("data/dutydesk/desk.db");
    desk.bare()
        .arg("--db")
        .arg(&nested)
        .arg("check")
        .assert()
        .success();
    let mode = std::fs::metadata(&nested)
        .expect("created")
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
    let dir_mode = std::fs::metadata(nested.parent().expect("dir"))
        .expect("dir")
        .permissions()
        .mode();
    assert_eq!(dir_mode & 0o077, 0, "its folder is private too");
}

#[tokio::test]
async fn the_event_log_cannot_be_rewritten() {
    let desk = Desk::new();
    desk.report(&[]);
    let mut conn = raw(&desk.db).await;
    for sql in [
        "UPDATE events SET actor = 'someone else'",
        "DELETE FROM events",
    ] {
        let err = sqlx::query(sql)
            .execute(&mut conn)
            .await
            .expect_err("refused");
        assert!(err.to_string().contains("append-only"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn the_log_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("dir");
    let logs = dir.path().join("state/dutydesk");
    // An older build's log, wide open: it is closed up too.
    std::fs::create_dir_all(&logs).expect("dir");
    std::fs::write(logs.join("dutydesk.log"), "old\n").expect("old log");
    std::fs::set_permissions(
        logs.join("dutydesk.log"),
        std::fs::Permissions::from_mode(0o644),
    )
    .expect("chmod");
    let path = dutydesk::logging::to_file(&logs).expect("a log");
    tracing::info!("a line");
    let mode = |p: &Path| std::fs::metadata(p).expect("there").permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    let fresh = dir.path().join("fresh/dutydesk");
    std::fs::create_dir_all(fresh.parent().expect("parent")).expect("parent");
    let _ = dutydesk::logging::to_file(&fresh); // the subscriber is already set; the file is made
    assert_eq!(mode(&fresh), 0o700, "its folder");
    assert_eq!(mode(&fresh.join("dutydesk.log")), 0o600);
}

/// The dashboard's watcher sees every commit another process makes, however the files look:
/// a commit's writes reach the WAL before SQLite makes the commit visible, so a poll between
/// the two sees the files moved and nothing committed, and the files then stay as that poll
/// saw them. Here the files are put back exactly as a poll saw them (the WAL restarted from
/// its start, so its size is unchanged, and both files' times set back): the watcher that
/// skipped SQLite while the files looked unchanged missed such a commit for good.
#[tokio::test]
async fn the_watcher_sees_a_commit_when_the_files_look_unchanged() {
    use dutydesk::store::Watch;
    let desk = Desk::new();
    desk.report(&[]);
    desk.report(&[]);
    let opened = dutydesk::desk::Desk::open(&desk.db, dutydesk::config::Config::default())
        .await
        .expect("open the desk");
    let mut watcher = opened.watcher().await.expect("a watcher");
    let mut writer = raw(&desk.db).await;
    for _ in 0..3 {
        sqlx::query("UPDATE cases SET summary = summary || '.'")
            .execute(&mut writer)
            .await
            .expect("a commit that grows the WAL");
    }
    // The next commit starts the WAL again from its beginning: its size will not change.
    sqlx::query("PRAGMA wal_checkpoint(RESTART)")
        .execute(&mut writer)
        .await
        .expect("checkpoint");
    for _ in 0..10 {
        watcher.changed().await.expect("a poll");
    }
    let wal = desk.db.with_file_name("desk.db-wal");
    let times = |path: &Path| {
        let meta = std::fs::metadata(path).expect("metadata");
        (meta.len(), meta.modified().expect("mtime"))
    };
    let (db_before, wal_before) = (times(&desk.db), times(&wal));
    sqlx::query("UPDATE cases SET summary = summary || '.' WHERE rowid = 1")
        .execute(&mut writer)
        .await
        .expect("a commit from another connection");
    for (path, (_, mtime)) in [(&desk.db, db_before), (&wal, wal_before)] {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .expect("open to set times");
        file.set_modified(mtime).expect("set the time back");
    }
    assert_eq!(
        (times(&desk.db), times(&wal)),
        (db_before, wal_before),
        "the files look as the last poll saw them"
    );
    assert!(
        watcher.changed().await.expect("a poll"),
        "the commit is seen all the same"
    );
    writer.close().await.expect("close");
}
