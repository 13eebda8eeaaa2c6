//! A dispatch from the keyboard on a desk that gives links (`serve.public_url`), end to end:
//! the case's detail opens with the responder's link and its QR code, `y` puts the link on the
//! clipboard (OSC 52, read back from tmux's buffer), `on_dispatch` gets the link and the
//! responder, and a tap on that link at the running `dutydesk serve` is on the wall screen
//! within a second.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::Desk;
use crate::common::Server;
use crate::common::tmux::Tmux;

/// A POST as a phone's form sends it; the answer's status line.
fn tap(port: u16, path: &str) -> String {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    let request = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = String::new();
    stream.read_to_string(&mut answer).expect("answer");
    answer.lines().next().unwrap_or_default().to_string()
}

/// The responder's link as the detail shows it.
fn link_on(screen: &str, port: u16) -> String {
    screen
        .split_whitespace()
        .find(|w| w.starts_with(&format!("http://127.0.0.1:{port}/r/")))
        .expect("the link")
        .trim_end_matches('│')
        .to_string()
}

#[test]
fn a_dispatch_shows_the_responders_link_and_code_and_a_tap_on_it_reaches_the_wall() {
    let desk = Desk::new();
    let port = crate::common::free_port();
    let hook_out = desk.dir.path().join("dispatched.txt");
    let hook = desk.dir.path().join("hook.sh");
    std::fs::write(
        &hook,
        format!(
            "#!/bin/sh\necho \"$DUTYDESK_DISPATCH_CASE $DUTYDESK_DISPATCH_RESPONDER $DUTYDESK_DISPATCH_LINK\" > {}\n",
            hook_out.display()
        ),
    )
    .expect("hook");
    std::process::Command::new("chmod")
        .args(["+x", &hook.display().to_string()])
        .status()
        .expect("chmod");
    let config = desk.dir.path().join("links.toml");
    std::fs::write(
        &config,
        format!(
            "[serve]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"http://127.0.0.1:{port}\"\non_dispatch = [\"{}\"]\n",
            hook.display()
        ),
    )
    .expect("config");
    let config_arg = config.display().to_string();
    let number = desk.report(&[]);
    let _server = Server(
        desk.std_cmd()
            .args(["--config", &config_arg, "serve"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let board = Tmux::dashboard(
        &desk,
        "en_US.UTF-8",
        (160, 45),
        &[],
        &["--config", &config_arg],
    );
    board.run(&["set", "-g", "set-clipboard", "on"]);
    board.wait_for("the case", Duration::from_secs(10), |s| s.contains(&number));
    board.send("d");
    board.wait_for("the dispatch form", Duration::from_secs(3), |s| {
        s.contains("Dispatch")
    });
    board.send("Enter");
    // The link, and the QR code beside it: rows of half blocks. Both are waited for: on a
    // busy machine the terminal may be caught half-way through drawing the detail.
    let code_rows = |s: &str| {
        s.lines()
            .filter(|l| l.contains("▀▀▀") || l.contains("▄▄▄"))
            .count()
    };
    let (screen, _) = board.wait_for(
        "the link and its QR code in the detail",
        Duration::from_secs(5),
        |s| {
            s.contains("Responder's link")
                && s.contains(&format!("http://127.0.0.1:{port}/r/"))
                && code_rows(s) >= 10
        },
    );
    let url = link_on(&screen, port);
    // y: the link on the clipboard (tmux keeps what OSC 52 sent as a buffer).
    board.send("y");
    board.wait_for("copied", Duration::from_secs(3), |s| {
        s.contains("Link copied")
    });
    let start = Instant::now();
    while !board.run(&["show-buffer"]).contains(&url) {
        assert!(
            start.elapsed() < Duration::from_secs(3),
            "not on the clipboard: {url}"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // on_dispatch was told the case, the responder and the link.
    let start = Instant::now();
    let told = loop {
        if let Ok(text) = std::fs::read_to_string(&hook_out) {
            break text;
        }
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "on_dispatch never ran"
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    let responder = desk.case(&number)["responder"]
        .as_str()
        .expect("sent")
        .to_string();
    assert_eq!(told.trim(), format!("{number} {responder} {url}"));
    // The responder taps Arrived on that link: the wall screen shows the case on the scene.
    board.send("Escape");
    let path = url.trim_start_matches(&format!("http://127.0.0.1:{port}"));
    assert!(tap(port, &format!("{path}/arrived")).contains("303"));
    let (_, took) = board.wait_for("on the scene", Duration::from_secs(1), |s| {
        s.lines()
            .any(|l| l.contains(&number) && l.contains("on scene"))
    });
    eprintln!("tap to the wall screen: {took:?}");
    assert_eq!(desk.case(&number)["arrival_how"], "phone");
}

/// The same on the shared PostgreSQL with two communities: `serve` for Xinlian beside its
/// dashboard; a dispatch from the keyboard makes the link, a tap on it reaches the wall, and
/// Yongfeng's link (made by Yongfeng's desk) opens nothing at Xinlian's server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_the_shared_database_a_tap_reaches_its_own_communitys_wall_only() {
    use crate::common::pg::SharedDb;
    let Some(db) = SharedDb::new("e2e_links_shared") else {
        return;
    };
    let xinlian = db.community("xinlian").await;
    let yongfeng = db.community("yongfeng").await;
    let desk = Desk::new();
    let port = crate::common::free_port();
    let config = desk.dir.path().join("xinlian.toml");
    std::fs::write(
        &config,
        format!(
            "language = \"en\"\n[community]\ncode = \"xinlian\"\nname_en = \"Xinlian\"\n[alerts]\ndesktop = false\n[serve]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"http://127.0.0.1:{port}\"\n"
        ),
    )
    .expect("config");
    let theirs = desk.dir.path().join("yongfeng.toml");
    std::fs::write(
        &theirs,
        format!(
            "language = \"en\"\n[community]\ncode = \"yongfeng\"\nname_en = \"Yongfeng\"\n[serve]\npublic_url = \"http://127.0.0.1:{port}\"\n"
        ),
    )
    .expect("config");
    let c = config.display().to_string();
    let t = theirs.display().to_string();
    let mine = db.url(&xinlian);
    let other = db.url(&yongfeng);
    let report = |config: &str, url: &str| {
        let args = [
            &["--config", config, "--db", url][..],
            crate::common::REPORT,
        ]
        .concat();
        desk.ok_bare(&args).trim().to_string()
    };
    let number = report(&c, &mine);
    let foreign = report(&t, &other);
    let out = desk.ok_bare(&[
        "--config", &t, "--db", &other, "dispatch", &foreign, "--to", "刘洋",
    ]);
    let foreign_link = out.lines().last().expect("a link").to_string();
    let _server = Server(
        std::process::Command::new(assert_cmd::cargo::cargo_bin("dutydesk"))
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", desk.dir.path())
            .env("LANG", "en_US.UTF-8")
            .args(["--config", &c, "--db", &mine, "serve"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let quoted = format!("\"{mine}\"");
    let board = Tmux::launch(
        &desk,
        "en_US.UTF-8",
        (160, 45),
        &[],
        &["--config", &c, "--db", &quoted],
    );
    board.wait_for("the case", Duration::from_secs(10), |s| s.contains(&number));
    board.send("d");
    board.wait_for("the dispatch form", Duration::from_secs(3), |s| {
        s.contains("Dispatch")
    });
    board.send("Enter");
    let (screen, _) = board.wait_for("the link", Duration::from_secs(5), |s| {
        s.contains(&format!("http://127.0.0.1:{port}/r/"))
    });
    let url = link_on(&screen, port);
    let start = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "serve never listened"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    // Yongfeng's link at Xinlian's server: the same 404 as any unknown token.
    let foreign_path = foreign_link.trim_start_matches(&format!("http://127.0.0.1:{port}"));
    assert!(tap(port, &format!("{foreign_path}/arrived")).contains("404"));
    board.send("Escape");
    let path = url.trim_start_matches(&format!("http://127.0.0.1:{port}"));
    assert!(tap(port, &format!("{path}/arrived")).contains("303"));
    board.wait_for("on the scene", Duration::from_secs(1), |s| {
        s.lines()
            .any(|l| l.contains(&number) && l.contains("on scene"))
    });
    let theirs = desk.ok_bare(&["--config", &t, "--db", &other, "show", &foreign, "--json"]);
    assert!(theirs.contains("\"state\": \"dispatched\""), "{theirs}");
}
