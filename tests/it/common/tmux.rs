//! A real terminal for end-to-end runs: a private tmux server per test, killed when dropped.

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::Desk;

pub struct Tmux {
    socket: String,
    /// Where the dashboard's shell wrote its process id.
    pid_file: PathBuf,
}

/// Fails (never skips) when tmux is missing: CI must have it, and a developer is told how.
fn require_tmux() {
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
}

impl Tmux {
    /// Starts `dutydesk --db <desk db> <args>` in a `width`x`height` terminal with `LANG=lang`
    /// and `env`, from an empty environment. When it exits the pane shows `EXITED <code>`.
    pub fn dashboard(
        desk: &Desk,
        lang: &str,
        size: (u16, u16),
        env: &[(&str, &str)],
        args: &[&str],
    ) -> Tmux {
        let db = desk.db.display().to_string();
        let mut all = vec!["--db", db.as_str()];
        all.extend_from_slice(args);
        Tmux::launch(desk, lang, size, env, &all)
    }

    /// As `dashboard`, with `args` as given (no `--db`): the desk's folder is the home, so
    /// the data directory is `<desk dir>/.local/share/dutydesk`.
    pub fn launch(
        desk: &Desk,
        lang: &str,
        (width, height): (u16, u16),
        env: &[(&str, &str)],
        args: &[&str],
    ) -> Tmux {
        require_tmux();
        static SESSIONS: AtomicUsize = AtomicUsize::new(0);
        let socket = format!(
            "dutydesk-test-{}-{}",
            std::process::id(),
            SESSIONS.fetch_add(1, Ordering::Relaxed)
        );
        let pid_file = desk.dir.path().join(format!("{socket}.pid"));
        let bin = assert_cmd::cargo::cargo_bin("dutydesk");
        let faked = super::faked_clock();
        let extra: String = env
            .iter()
            .map(|(k, v)| (*k, *v))
            .chain(faked.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .map(|(k, v)| format!(" {k}=\"{}\"", v.replace('$', "\\$")))
            .collect();
        let command = format!(
            "sh -c 'echo $$ > {pid}; exec env -i PATH=\"$PATH\" HOME={home} LANG={lang} TERM=xterm-256color{extra} {bin} {args}'; echo EXITED $?; sleep 60",
            pid = pid_file.display(),
            home = desk.dir.path().display(),
            bin = bin.display(),
            args = args.join(" "),
        );
        let tmux = Tmux { socket, pid_file };
        let ok = tmux
            .cmd(&[
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                &command,
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

    pub fn screen(&self) -> String {
        let out = self
            .cmd(&["capture-pane", "-p", "-t", "0"])
            .output()
            .expect("capture");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    /// Keys by tmux name (`Enter`, `Escape`, `C-c`, `q`).
    pub fn send(&self, keys: &str) {
        self.cmd(&["send-keys", "-t", "0", keys])
            .status()
            .expect("send-keys");
    }

    /// Text typed literally, Chinese included.
    pub fn type_text(&self, text: &str) {
        self.cmd(&["send-keys", "-t", "0", "-l", text])
            .status()
            .expect("send-keys -l");
    }

    /// A left click at column `x`, row `y` (from 0), as a terminal with SGR mouse reporting
    /// sends it: press and release.
    pub fn click(&self, x: usize, y: usize) {
        let (x, y) = (x + 1, y + 1);
        let events = format!("\x1b[<0;{x};{y}M\x1b[<0;{x};{y}m");
        let bytes: Vec<String> = events.bytes().map(|b| format!("{b:02x}")).collect();
        let mut args = vec!["send-keys", "-t", "0", "-H"];
        args.extend(bytes.iter().map(String::as_str));
        self.cmd(&args).status().expect("send-keys -H");
    }

    /// Runs a tmux command on this server (`set -g set-clipboard on`, `show-buffer`); its output.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self.cmd(args).output().expect("tmux runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    pub fn query(&self, format: &str) -> String {
        let out = self
            .cmd(&["display-message", "-p", "-t", "0", format])
            .output()
            .expect("display");
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    /// The dashboard's process id.
    pub fn pid(&self) -> String {
        std::fs::read_to_string(&self.pid_file)
            .expect("the dashboard's pid file")
            .trim()
            .to_string()
    }

    /// Sends a signal (`TERM`, `HUP`, ...) to the dashboard process.
    pub fn signal(&self, name: &str) {
        let pid = std::fs::read_to_string(&self.pid_file).expect("the dashboard's pid file");
        let ok = Command::new("kill")
            .args([&format!("-{name}"), pid.trim()])
            .status()
            .expect("kill runs")
            .success();
        assert!(ok, "kill -{name} {pid}");
    }

    /// Waits until the screen satisfies `check`, or fails after `limit` showing the screen.
    pub fn wait_for(
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

    /// Waits for the dashboard to exit and gives its exit code and the screen.
    pub fn exit_code(&self) -> (i32, String) {
        let (screen, _) = self.wait_for("the dashboard to exit", Duration::from_secs(5), |s| {
            s.contains("EXITED ")
        });
        let code = screen
            .split("EXITED ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|c| c.parse().ok())
            .expect("an exit code after EXITED");
        (code, screen)
    }

    /// After the dashboard exits: the normal screen is back and the cursor is visible.
    pub fn assert_terminal_restored(&self) {
        assert_eq!(
            self.query("#{alternate_on}"),
            "0",
            "back on the normal screen"
        );
        assert_eq!(
            self.query("#{cursor_flag}"),
            "1",
            "the cursor is visible again"
        );
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]).status();
    }
}
