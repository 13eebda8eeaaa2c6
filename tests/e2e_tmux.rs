//! End to end in a real terminal: the dashboard in tmux on a temporary database, a report
//! added from outside with the CLI, its countdown advancing, and the terminal given back.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

use common::Desk;

/// A private tmux server for one test, killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str, width: u16, height: u16) -> Tmux {
        let found = Command::new("tmux").arg("-V").output();
        if !found.is_ok_and(|o| o.status.success()) {
            panic!(
                "this end-to-end test needs tmux (apt-get install tmux){}",
                if std::env::var("CI").is_ok() {
                    " and CI must have it"
                } else {
                    ""
                }
            );
        }
        let socket = format!("dutydesk-test-{}-{}", std::process::id(), width);
        let tmux = Tmux { socket };
        let ok = tmux
            .cmd(&[
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                command,
            ])
            .status()
            .expect("tmux runs")
            .success();
        assert!(ok, "tmux new-session");
        tmux
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::new("tmux");
        c.args(["-L", &self.socket, "-f", "/dev/null"]).args(args);
        c
    }

    fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "0"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn send(&self, keys: &str) {
        self.cmd(&["send-keys", "-t", "0", keys])
            .status()
            .expect("send-keys");
    }

    fn query(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", "-t", "0", format])
            .output()
            .expect("display");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// Waits until the screen satisfies `check`, or fails after `limit`.
    fn wait_for(
        &self,
        what: &str,
        limit: Duration,
        check: impl Fn(&str) -> bool,
    ) -> (String, Duration) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return (screen, start.elapsed());
            }
            assert!(
                start.elapsed() < limit,
                "waited {limit:?} for {what}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}

fn countdown_of(screen: &str, number: &str) -> String {
    screen
        .lines()
        .find(|l| l.contains(number) && l.contains(':'))
        .and_then(|l| {
            l.split_whitespace()
                .find(|w| w.len() >= 5 && w.as_bytes()[2] == b':')
        })
        .unwrap_or_default()
        .to_string()
}

#[test]
fn a_report_from_another_terminal_shows_within_a_second_and_quit_restores_the_terminal() {
    let desk = Desk::new();
    desk.ok(&["check"]);
    let bin = assert_cmd::cargo::cargo_bin("dutydesk");
    let command = format!(
        "env -i PATH=\"$PATH\" HOME={home} LANG=en_US.UTF-8 TERM=xterm-256color {bin} --db {db}; echo EXITED $?; sleep 30",
        home = desk.dir.path().display(),
        bin = bin.display(),
        db = desk.db.display(),
    );
    let tmux = Tmux::start(&command, 200, 50);
    tmux.wait_for("the empty board", Duration::from_secs(10), |s| {
        s.contains("No open cases")
    });
    assert_eq!(
        tmux.query("#{alternate_on}"),
        "1",
        "the dashboard draws on the alternate screen"
    );

    let number = desk.report(&["--ago", "1m"]);
    let (screen, took) = tmux.wait_for("the new case", Duration::from_secs(3), |s| {
        s.contains(&number)
    });
    assert!(
        took < Duration::from_millis(1200),
        "it appeared after {took:?}"
    );
    assert!(screen.contains("Fitness equipment broken"), "{screen}");
    let first = countdown_of(&screen, &number);
    assert!(
        first.starts_with("13:") || first.starts_with("14:"),
        "countdown {first:?} in:\n{screen}"
    );
    let (screen, _) = tmux.wait_for("the countdown to advance", Duration::from_secs(4), |s| {
        let now = countdown_of(s, &number);
        !now.is_empty() && now != first
    });
    assert!(countdown_of(&screen, &number) < first, "counting down");
    assert!(
        !screen.contains("13812345678"),
        "phones never reach the wall screen"
    );

    tmux.send("q");
    let (screen, _) = tmux.wait_for("the dashboard to exit", Duration::from_secs(5), |s| {
        s.contains("EXITED")
    });
    assert!(screen.contains("EXITED 0"), "{screen}");
    assert_eq!(
        tmux.query("#{alternate_on}"),
        "0",
        "back on the normal screen"
    );
    assert_eq!(
        tmux.query("#{cursor_flag}"),
        "1",
        "the cursor is visible again"
    );
}

#[test]
fn sigterm_restores_the_terminal_too() {
    let desk = Desk::new();
    let bin = assert_cmd::cargo::cargo_bin("dutydesk");
    let command = format!(
        "sh -c 'echo $$ > {pid}; exec env -i PATH=\"$PATH\" HOME={home} LANG=zh_CN.UTF-8 TERM=xterm-256color {bin} --db {db}'; echo EXITED $?; sleep 30",
        home = desk.dir.path().display(),
        bin = bin.display(),
        db = desk.db.display(),
        pid = desk.dir.path().join("pid").display(),
    );
    let tmux = Tmux::start(&command, 100, 30);
    tmux.wait_for("the board in Chinese", Duration::from_secs(10), |s| {
        s.contains("暂无待处置案件")
    });
    let pid = std::fs::read_to_string(desk.dir.path().join("pid")).expect("pid");
    Command::new("kill")
        .args(["-TERM", pid.trim()])
        .status()
        .expect("kill");
    let (screen, _) = tmux.wait_for("the dashboard to exit", Duration::from_secs(5), |s| {
        s.contains("EXITED")
    });
    assert!(
        screen.contains("EXITED 0"),
        "a stop asked for is a clean exit: {screen}"
    );
    assert_eq!(tmux.query("#{alternate_on}"), "0");
}

#[test]
fn without_a_terminal_it_says_so_and_exits_2() {
    let desk = Desk::new();
    let err = desk.fails(2, &[]);
    assert!(err.contains("needs a terminal"), "{err}");
}
