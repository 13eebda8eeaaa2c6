//! The phone pages in a real browser: Debian's Chromium, headless at a phone's size (390x844),
//! driven by `tests/browser/phone.py` through chromedriver. A responder taps On my way, Arrived
//! and Done while the real dashboard runs in tmux and shows each change; the reporter's page
//! says "on the scene" and takes Satisfied. In both languages, with scripts on and off.
//! Screenshots of every page are kept in `target/browser-shots/` to be looked at.

use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::Server;
use crate::common::tmux::Tmux;
use crate::common::{Desk, free_port};

/// Fails (never skips) in CI when the browser is missing; elsewhere says so and skips.
fn browser_here(test: &str) -> bool {
    let found = ["chromium", "chromedriver", "python3"].iter().all(|t| {
        Command::new("sh")
            .args(["-c", &format!("command -v {t}")])
            .output()
            .is_ok_and(|o| o.status.success())
    });
    if found {
        return true;
    }
    assert!(
        std::env::var("CI").is_err(),
        "{test}: needs chromium, chromium-driver and python3 (apt-get install chromium chromium-driver fonts-noto-cjk); .ci/run installs them"
    );
    eprintln!(
        "SKIPPED {test}: no chromium/chromedriver (apt-get install chromium chromium-driver fonts-noto-cjk)"
    );
    false
}

/// `dutydesk serve` on the desk's file, its links pointing at it.
fn serve(desk: &Desk, port: u16) -> Server {
    let config = desk.dir.path().join("serve.toml");
    std::fs::write(
        &config,
        format!(
            "[serve]\nlisten = \"127.0.0.1:{port}\"\npublic_url = \"http://127.0.0.1:{port}\"\n"
        ),
    )
    .expect("config");
    // Killed and waited for when dropped, the test's failure included.
    let server = Server(
        desk.std_cmd()
            .arg("--config")
            .arg(&config)
            .arg("serve")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve starts"),
    );
    for _ in 0..100 {
        if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
            return server;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("dutydesk serve did not listen on {port}");
}

fn link(desk: &Desk, port: u16, number: &str, to: &str) -> String {
    let config = desk.dir.path().join("serve.toml");
    let out = desk
        .cmd()
        .arg("--config")
        .arg(&config)
        .args(["link", number, "--for", to])
        .output()
        .expect("link");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert!(
        url.starts_with(&format!("http://127.0.0.1:{port}/")),
        "{url}"
    );
    url
}

fn phone(responder: &str, reporter: &str, lang: &str, js: &str) -> Value {
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-shots");
    let out = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/browser/phone.py"
        ))
        .args([responder, reporter, &shots.display().to_string(), lang, js])
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the browser run failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the run's JSON")
}

fn text(seen: &Value, page: &str) -> String {
    seen["pages"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["name"] == page))
        .and_then(|p| p["text"].as_str())
        .unwrap_or_else(|| panic!("no page {page}"))
        .to_string()
}

#[test]
fn a_responder_taps_through_on_a_phone_and_the_wall_screen_shows_each_step() {
    if !browser_here("browser::a_responder_taps_through") {
        return;
    }
    for (lang, js) in [("zh", "on"), ("en", "on"), ("zh", "off"), ("en", "off")] {
        let desk = Desk::new();
        let number = desk.report(&[]);
        desk.ok(&["dispatch", &number, "--to", "张丽"]);
        let port = free_port();
        let _server = serve(&desk, port);
        let board = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 40), &[], &[]);
        board.wait_for("the case on the board", Duration::from_secs(10), |s| {
            s.contains(&number)
        });
        let responder = link(&desk, port, &number, "responder");
        let reporter = link(&desk, port, &number, "reporter");
        let seen = phone(&responder, &reporter, lang, js);
        let zh = lang == "zh";
        let words = |z: &str, e: &str| if zh { z.to_string() } else { e.to_string() };
        assert!(text(&seen, "responder-1").contains(&words("出发", "On my way")));
        assert!(text(&seen, "responder-2-on-my-way").contains(&words("到场", "Arrived")));
        assert!(
            text(&seen, "reporter-1-on-scene").contains(&words("到场，报事后", "On the scene at"))
        );
        assert!(text(&seen, "responder-4-done").contains(&words("已办结", "closed")));
        assert!(text(&seen, "reporter-3-verdict").contains(&words("感谢您的评价", "Thank you")));
        // The pages never show the reporter's name or phone.
        for page in seen["pages"].as_array().expect("pages") {
            let t = page["text"].as_str().unwrap_or("");
            assert!(!t.contains("张三") && !t.contains("13812345678"), "{t}");
        }
        // A phone's size: nothing wider than the screen, every button a thumb's target.
        for s in seen["sideways"].as_array().expect("widths") {
            assert!(s["html"].as_f64().unwrap_or(999.0) <= 390.0, "{s}");
        }
        for b in seen["buttons"].as_array().expect("buttons") {
            assert!(b["height"].as_f64().unwrap_or(0.0) >= 48.0, "{b}");
        }
        // The wall screen: the case was resolved from the phone.
        let case = desk.case(&number);
        assert_eq!(case["state"], "resolved", "{lang} js {js}: {case}");
        assert_eq!(case["arrival_how"], "phone");
        assert_eq!(case["reporter_satisfied"], true);
        board.wait_for("the case off the board", Duration::from_secs(5), |s| {
            !s.contains(&number)
        });
    }
}

/// No signal: the responder taps On my way while the server cannot be reached; the page keeps
/// the tap and says so, and sends it when the server is back, without a second tap.
#[test]
fn a_tap_without_signal_is_kept_on_the_phone_and_sent_when_the_server_is_back() {
    use std::io::{BufRead, BufReader, Write};
    if !browser_here("browser::a_tap_without_signal") {
        return;
    }
    let desk = Desk::new();
    let number = desk.report(&[]);
    desk.ok(&["dispatch", &number, "--to", "张丽"]);
    let port = free_port();
    let mut server = Some(serve(&desk, port));
    let responder = link(&desk, port, &number, "responder");
    let shots = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/browser-shots");
    let mut phone = Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/browser/phone.py"
        ))
        .args(["offline", &responder, &shots.display().to_string(), "en"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("python3 runs");
    let mut said = BufReader::new(phone.stdout.take().expect("stdout"));
    let mut to = phone.stdin.take().expect("stdin");
    let mut line = String::new();
    let mut next = |line: &mut String| {
        line.clear();
        said.read_line(line).expect("the phone says");
        line.trim().to_string()
    };
    assert_eq!(next(&mut line), "READY");
    drop(server.take()); // the signal is gone
    writeln!(to, "down").expect("tell");
    assert_eq!(next(&mut line), "WAITING");
    assert_eq!(desk.case(&number)["state"], "dispatched");
    let _back = serve(&desk, port);
    writeln!(to, "up").expect("tell");
    let result: Value = serde_json::from_str(&next(&mut line)).expect("the phone's JSON");
    let _ = phone.wait();
    assert!(
        result["kept"].as_str().unwrap_or("").contains("No signal"),
        "{result}"
    );
    assert!(
        result["sent"].as_str().unwrap_or("").contains("Recorded"),
        "{result}"
    );
    let timeline = desk.ok(&["show", &number]);
    assert!(timeline.contains("is on the way (phone)"), "{timeline}");
}
