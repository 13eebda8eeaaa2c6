//! Open311 end to end, with a client written from the specification (tests/open311/client.py,
//! Python's own HTTP and XML): on a desk's own file beside its wall screen (a POST is on the
//! dashboard within a second), and on the shared PostgreSQL with two communities (the
//! sub-district's server takes each community's reports under its `jurisdiction_id`; a key of
//! one community can neither create in the other nor is it known at the other's server).

use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::tmux::Tmux;
use crate::common::{Desk, Server};

/// Runs the specification's client; gives what it printed.
fn client(base: &str, key: &str, jurisdiction: &str, what: &[&str]) -> Value {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/open311/client.py");
    let out = Command::new("python3")
        .arg(script)
        .args([base, key, jurisdiction])
        .args(what)
        .output()
        .unwrap_or_else(|e| {
            panic!("the Open311 client needs python3 (apt-get install python3; .ci/run installs it): {e}")
        });
    assert!(
        out.status.success(),
        "client {what:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "client {what:?}: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

fn wait_listening(port: u16) {
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "serve never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn serve(desk: &Desk, args: &[&str]) -> Server {
    Server(
        Command::new(assert_cmd::cargo::cargo_bin("dutydesk"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", desk.dir.path())
            .env("LANG", "en_US.UTF-8")
            .args(args)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    )
}

/// Prints the servers' log (under the desk's home) when the test fails: a 503 says only
/// "try again", the log says why.
struct LogOnFailure(std::path::PathBuf);

impl Drop for LogOnFailure {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let log = self.0.join(".local/state/dutydesk/dutydesk.log");
            eprintln!(
                "{}:\n{}",
                log.display(),
                std::fs::read_to_string(&log).unwrap_or_default()
            );
        }
    }
}

fn key_of(printed: &str) -> String {
    printed
        .split_whitespace()
        .last()
        .expect("the key, last on its line")
        .to_string()
}

/// What the scenario must have seen on any desk: every answer a client reads, both formats.
fn assert_scenario(seen: &Value, prefix: &str) {
    assert_eq!(
        seen["specification"],
        "http://wiki.open311.org/GeoReport_v2"
    );
    assert_eq!(seen["services"], 43, "the catalog's 43 kinds");
    assert_eq!(seen["with_metadata"], 43);
    assert_eq!(
        seen["grid_values"],
        serde_json::json!(["1", "2", "3", "4", "5", "6", "7"])
    );
    let made = seen["made"].as_array().expect("made");
    assert_eq!(made.len(), 2);
    let ids: Vec<&str> = made
        .iter()
        .map(|m| {
            assert_eq!(m["status"], 200, "{m}");
            m["id"].as_str().expect("an id")
        })
        .collect();
    for id in &ids {
        assert!(id.starts_with(prefix), "{id}");
        assert!(!id.contains('/'), "{id}");
    }
    let listed = seen["listed_xml"].as_array().expect("listed");
    assert_eq!(listed.len(), 2, "{seen}");
    for r in listed {
        assert_eq!(r["status"], "open");
        assert_eq!(r["service_code"], "facility.streetlight");
        assert_eq!(r["lat"], "30.990300");
        let fields: Vec<&str> = r["fields"]
            .as_array()
            .expect("fields")
            .iter()
            .filter_map(Value::as_str)
            .collect();
        for private in ["first_name", "last_name", "phone", "email"] {
            assert!(!fields.contains(&private), "{private} in {fields:?}");
        }
    }
    assert_eq!(seen["listed_json"].as_array().map(Vec::len), Some(2));
    for id in &ids {
        assert_eq!(seen["one"][id]["service_request_id"], *id);
        assert_eq!(seen["one"][id]["status"], "open");
    }
    for m in made {
        let token = m["token"].as_str().expect("token");
        assert_eq!(seen["tokens"][token], m["id"]);
    }
    let text = seen.to_string();
    for private in ["张", "13800001234", "zhangli"] {
        assert!(!text.contains(private), "{private} shown: {text}");
    }
}

#[test]
fn a_spec_client_creates_lists_and_reads_and_the_wall_shows_its_report_within_a_second() {
    let desk = Desk::new();
    let _log = LogOnFailure(desk.dir.path().to_path_buf());
    let port = crate::common::free_port();
    let config = desk.dir.path().join("open311.toml");
    std::fs::write(
        &config,
        format!("[alerts]\ndesktop = false\n[serve]\nlisten = \"127.0.0.1:{port}\"\n"),
    )
    .expect("config");
    let c = config.display().to_string();
    let key = key_of(&desk.ok(&[
        "--config",
        &c,
        "api-key",
        "add",
        "city-12345",
        "--channel",
        "hotline_12345",
    ]));
    let listed = desk.ok(&["api-key", "list"]);
    assert!(
        listed.contains("city-12345") && listed.contains("hotline_12345"),
        "{listed}"
    );
    assert!(!listed.contains(&key), "a key is shown only once: {listed}");
    let db = desk.db.display().to_string();
    let _server = serve(&desk, &["--config", &c, "--db", &db]);
    let board = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[], &["--config", &c]);
    board.wait_for("the board", Duration::from_secs(10), |s| s.contains("Grid"));
    wait_listening(port);
    let base = format!("http://127.0.0.1:{port}");
    let made = client(&base, &key, "", &["create", "路灯不亮，新联街8号"]);
    assert_eq!(made["status"], 200, "{made}");
    let id = made["id"].as_str().expect("id").to_string();
    let (_, took) = board.wait_for("the posted report", Duration::from_secs(1), |s| {
        s.contains(&id)
    });
    eprintln!("Open311 POST to the wall screen: {took:?}");
    let case = desk.case(&id);
    assert_eq!(case["channel"], "hotline_12345");
    assert_eq!(
        case["grid"], 3,
        "the address names 新联街, grid 3's landmark"
    );
    assert_eq!(case["state"], "reported");
    // The keyboard takes it from there, as any report.
    board.send("d");
    board.wait_for("the dispatch form", Duration::from_secs(3), |s| {
        s.contains("Dispatch")
    });
    board.send("Enter");
    let start = Instant::now();
    while desk.case(&id)["state"] != "dispatched" {
        assert!(start.elapsed() < Duration::from_secs(5), "never dispatched");
        std::thread::sleep(Duration::from_millis(50));
    }
    let seen = client(&base, &key, "", &["scenario"]);
    assert_scenario(&seen, "2");
    // A revoked key is refused from its next request on.
    desk.ok(&["api-key", "revoke", "city-12345"]);
    let refused = client(&base, &key, "", &["create", "又一盏路灯"]);
    assert_eq!(refused["status"], 403, "{refused}");
    assert!(
        refused["error"]
            .as_str()
            .is_some_and(|e| e.contains("revoked"))
    );
    let err = desk.fails(2, &["api-key", "revoke", "city-12345"]);
    assert!(err.contains("name"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_shared_database_each_key_writes_only_its_own_community() {
    use crate::common::pg::SharedDb;
    let Some(db) = SharedDb::new("e2e_open311_shared") else {
        return;
    };
    let xinlian = db.community("xinlian").await;
    let yongfeng = db.community("yongfeng").await;
    let desk = Desk::new();
    let _log = LogOnFailure(desk.dir.path().to_path_buf());
    let write = |name: &str, text: String| {
        let path = desk.dir.path().join(name);
        std::fs::write(&path, text).expect("config");
        path.display().to_string()
    };
    let street_port = crate::common::free_port();
    let own_port = crate::common::free_port();
    let street = write(
        "street.toml",
        format!(
            "[community]\nsub_district = true\n[serve]\nlisten = \"127.0.0.1:{street_port}\"\n"
        ),
    );
    let mine = write(
        "xinlian.toml",
        format!(
            "[community]\ncode = \"xinlian\"\nname_en = \"Xinlian\"\n[serve]\nlisten = \"127.0.0.1:{own_port}\"\n"
        ),
    );
    let owner = db.owner();
    let x_url = db.url(&xinlian);
    let y_url = db.url(&yongfeng);
    let theirs = write(
        "yongfeng.toml",
        "[community]\ncode = \"yongfeng\"\nname_en = \"Yongfeng\"\n".into(),
    );
    // The sub-district names the community of each key it makes; a community's desk makes
    // its own.
    let add_key = |config: &str, db: &str, name: &str, channel: &str, more: &[&str]| {
        let args = [
            &[
                "--config",
                config,
                "--db",
                db,
                "api-key",
                "add",
                name,
                "--channel",
                channel,
            ][..],
            more,
        ]
        .concat();
        desk.output_bare(&args)
    };
    let refused = add_key(&street, &owner, "city", "hotline_12345", &[]);
    assert_eq!(refused.status.code(), Some(2));
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("community"), "{err}");
    let made = |out: std::process::Output| {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        key_of(&String::from_utf8_lossy(&out.stdout))
    };
    let city_x = made(add_key(
        &street,
        &owner,
        "city",
        "hotline_12345",
        &["--community", "xinlian"],
    ));
    let app_y = made(add_key(&theirs, &y_url, "app", "mini_program", &[]));
    let listed = desk.ok_bare(&["--config", &mine, "--db", &x_url, "api-key", "list"]);
    assert!(
        listed.contains("city") && !listed.contains("app"),
        "{listed}"
    );
    let _street = serve(&desk, &["--config", &street, "--db", &owner]);
    let _own = serve(&desk, &["--config", &mine, "--db", &x_url]);
    wait_listening(street_port);
    wait_listening(own_port);
    let at_street = format!("http://127.0.0.1:{street_port}");
    let at_own = format!("http://127.0.0.1:{own_port}");
    // The sub-district's server: the community is named, and must be the key's.
    let seen = client(&at_street, &city_x, "xinlian", &["scenario"]);
    assert_scenario(&seen, "xinlian-");
    let across = client(&at_street, &city_x, "yongfeng", &["create", "跨社区"]);
    assert_eq!(across["status"], 403, "{across}");
    let unnamed = client(&at_street, &city_x, "", &["create", "没说社区"]);
    assert_eq!(unnamed["status"], 400, "{unnamed}");
    assert!(
        unnamed["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("jurisdiction_id:"))
    );
    let theirs_made = client(&at_street, &app_y, "yongfeng", &["create", "永丰的路灯"]);
    assert_eq!(theirs_made["status"], 200, "{theirs_made}");
    let their_id = theirs_made["id"].as_str().expect("id").to_string();
    assert!(their_id.starts_with("yongfeng-"), "{their_id}");
    // Xinlian's own server: Yongfeng's key is no key here, and Yongfeng's cases are not found.
    let foreign = client(&at_own, &app_y, "", &["create", "外来的"]);
    assert_eq!(foreign["status"], 403, "{foreign}");
    let seen = client(&at_own, &city_x, "", &["scenario"]);
    assert_scenario(&seen, "xinlian-");
    let open = seen["all_open"].as_array().expect("open");
    assert_eq!(
        open.len(),
        4,
        "Xinlian's four, none of Yongfeng's: {open:?}"
    );
    assert!(open.iter().all(|r| {
        r["service_request_id"]
            .as_str()
            .is_some_and(|i| i.starts_with("xinlian-"))
    }));
    // A report another desk makes is in the server's list within a second (a list is kept
    // between reads on the shared database's notifications).
    let number = desk
        .ok_bare(
            &[
                &["--config", mine.as_str(), "--db", x_url.as_str()][..],
                crate::common::REPORT,
            ]
            .concat(),
        )
        .trim()
        .to_string();
    let start = Instant::now();
    loop {
        let seen = client(&at_own, &city_x, "", &["list"]);
        if seen.to_string().contains(&format!("xinlian-{number}")) {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(1),
            "not listed: {seen}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Each community's desk has its reports, with the key's channel.
    let cases = desk.ok_bare(&["--config", &theirs, "--db", &y_url, "list", "--json"]);
    let cases: Value = serde_json::from_str(&cases).expect("json");
    assert_eq!(cases.as_array().map(Vec::len), Some(1), "{cases}");
    assert_eq!(cases[0]["channel"], "mini_program");
}
