//! The shared database over a network: a desk reaches it only over TLS whose certificate the
//! machine trusts, works there as on a socket (reports, lists, the live feed), and `check` says
//! how it is connected. Against the second server `.ci/with-postgres` starts: TLS only, on a
//! loopback port, with a certificate from a throwaway authority.

use crate::common;
use crate::common::pg;

use std::time::{Duration, Instant};

use dutydesk::desk::Desk;
use dutydesk::store::Watch;

/// The TLS server's address and its authority's certificate, or `None` (skipped, saying so;
/// under `CI=true` a missing server fails).
fn tls_server(test: &str) -> Option<(String, String)> {
    match (
        std::env::var("DUTYDESK_TEST_PG_TLS"),
        std::env::var("DUTYDESK_TEST_PG_TLS_CA"),
    ) {
        (Ok(url), Ok(ca)) if !url.is_empty() => Some((url, ca)),
        _ => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "{test}: no TLS PostgreSQL server for the tests (DUTYDESK_TEST_PG_TLS unset); CI runs them under .ci/with-postgres"
            );
            eprintln!(
                "SKIPPED {test}: no TLS PostgreSQL server; run `.ci/with-postgres cargo test` to include it"
            );
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_network_the_shared_database_is_reached_only_over_verified_tls() {
    let Some((server, ca)) = tls_server("over_the_network") else {
        return;
    };
    let home = &common::Desk::new();
    let name = format!("tls_{}", std::process::id());
    let verified = |user: &str, db: &str| {
        let base = server.replacen("dutydesk@", &format!("{user}@"), 1);
        let base = base.rsplit_once('/').expect("a path").0.to_string();
        format!("{base}/{db}?sslmode=verify-full&sslrootcert={ca}")
    };
    pg::psql_at(
        &verified("dutydesk", "postgres"),
        &format!("CREATE DATABASE {name}"),
    )
    .expect("psql over TLS");
    pg::psql_at(
        &verified("dutydesk", "postgres"),
        &format!("CREATE ROLE {name}_xinlian LOGIN"),
    )
    .expect("psql over TLS");
    let street = home.dir.path().join("street.toml");
    std::fs::write(&street, "[community]\nsub_district = true\n").expect("config");
    let xinlian = home.dir.path().join("xinlian.toml");
    std::fs::write(
        &xinlian,
        "[community]\ncode = \"xinlian\"\nname_en = \"Xinlian\"\n",
    )
    .expect("config");
    let street = street.display().to_string();
    let xinlian = xinlian.display().to_string();
    let owner = verified("dutydesk", &name);
    let desk = verified(&format!("{name}_xinlian"), &name);

    // The owner sets the database up and grants a community's desk, all over TLS.
    let checked = home.ok_bare(&["--config", &street, "--db", &owner, "check"]);
    assert!(
        checked.contains("Connection: encrypted (TLSv1."),
        "{checked}"
    );
    let role = format!("{name}_xinlian");
    home.ok_bare(&[
        "--config",
        &street,
        "--db",
        &owner,
        "grant",
        &role,
        "--community",
        "xinlian",
        "--name",
        "新联社区",
    ]);
    // The community's desk works there as anywhere: it reports and lists.
    let checked = home.ok_bare(&["--config", &xinlian, "--db", &desk, "check"]);
    assert!(checked.contains("Connection: encrypted"), "{checked}");
    let report = [
        "--config",
        &xinlian,
        "--db",
        &desk,
        "report",
        "--grid",
        "2",
        "--category",
        "road.pothole",
        "--channel",
        "hotline",
        "--place",
        "绿道台阶",
        "--phone",
        "13800001111",
        "台阶断裂",
    ];
    let number = home.ok_bare(&report).trim().to_string();
    let listed = home.ok_bare(&[
        "--config", &xinlian, "--db", &desk, "list", "--open", "--json",
    ]);
    assert!(listed.contains(&number), "{listed}");

    // The live feed (LISTEN on its own connection) runs over TLS too: a report from another
    // process is heard.
    let config = dutydesk::config::Config::parse(
        std::path::Path::new(&xinlian),
        "[community]\ncode = \"xinlian\"\n",
    )
    .expect("config");
    let board = Desk::open_shared(&desk, config)
        .await
        .expect("open over TLS");
    let mut watcher = board.watcher().await.expect("watcher");
    let waker = watcher
        .waker()
        .expect("a shared database wakes its watcher");
    let _ = watcher.changed().await;
    let second = home.ok_bare(&report).trim().to_string();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        assert!(Instant::now() < deadline, "{second} never heard over TLS");
        let _ = tokio::time::timeout(Duration::from_millis(500), waker.notified()).await;
        if watcher.changed().await.expect("the feed") {
            break;
        }
    }
    drop(watcher);
    board.close().await;

    // Refused: no TLS at all (the server lets nobody in without it), and TLS whose certificate
    // this machine's authorities do not vouch for. Each says why, and writes nothing.
    let bare = desk.split_once('?').expect("query").0;
    let plain = format!("{bare}?sslmode=disable");
    let why = home.fails_bare(1, &["--config", &xinlian, "--db", &plain, "list"]);
    assert!(!why.contains("panicked"), "{why}");
    assert!(
        why.contains("takes only encrypted connections") && why.contains("sslmode=verify-full"),
        "{why}"
    );
    let untrusted = format!("{bare}?sslmode=verify-full");
    let why = home.fails_bare(1, &["--config", &xinlian, "--db", &untrusted, "list"]);
    assert!(!why.contains("panicked"), "{why}");
    assert!(
        why.contains("certificate is not trusted") && why.contains("sslrootcert="),
        "{why}"
    );
    let listed = home.ok_bare(&[
        "--config", &xinlian, "--db", &desk, "list", "--open", "--json",
    ]);
    let count = serde_json::from_str::<serde_json::Value>(&listed).expect("json");
    assert_eq!(count.as_array().map(Vec::len), Some(2), "{listed}");
}

#[tokio::test]
async fn check_says_a_socket_on_the_same_machine_crosses_no_network() {
    let Some(db) = pg::SharedDb::new("check_says_a_socket") else {
        return;
    };
    let home = common::Desk::new();
    let street = home.dir.path().join("street.toml");
    std::fs::write(&street, "[community]\nsub_district = true\n").expect("config");
    let checked = home.ok_bare(&[
        "--config",
        &street.display().to_string(),
        "--db",
        &db.owner(),
        "check",
    ]);
    assert!(checked.contains("Connection: local socket"), "{checked}");
}
