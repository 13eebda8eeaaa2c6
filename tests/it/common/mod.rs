//! Running the real binary on a temporary database, with nothing from the user's home.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

pub mod cases;
pub mod pg;
pub mod tmux;

/// A valid report's arguments: grid 2, fitness equipment, by hotline, place `p`, summary `s`.
pub const REPORT: &[&str] = &[
    "report",
    "--grid",
    "2",
    "--category",
    "facility.fitness_equipment",
    "--channel",
    "hotline",
    "--place",
    "p",
    "s",
];

/// Runs the `sqlite3` shell on `db` (another process touching the file) and gives its output.
pub fn sqlite3(db: &std::path::Path, sql: &str) -> String {
    let out = std::process::Command::new("sqlite3")
        .arg(db)
        .arg(sql)
        .output()
        .unwrap_or_else(|e| panic!("this test needs sqlite3 (apt-get install sqlite3): {e}"));
    assert!(
        out.status.success(),
        "sqlite3 {sql}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// A server a test started (`dutydesk serve`), stopped and waited for when dropped, the test's
/// failure included.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A loopback port free a moment ago, for a server a test starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// libfaketime's settings, passed on to every program a test starts (which otherwise runs from
/// an empty environment) so `.ci/times-of-day` can run the suite at any hour; empty normally.
pub fn faked_clock() -> Vec<(String, String)> {
    std::env::vars()
        .filter(|(k, _)| {
            k == "LD_PRELOAD" || k == "FAKETIME" || k == "FAKETIME_DONT_FAKE_MONOTONIC"
        })
        .collect()
}

pub struct Desk {
    pub dir: TempDir,
    pub db: PathBuf,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().expect("temporary folder");
        let db = dir.path().join("desk.db");
        Desk { dir, db }
    }

    /// The binary in English, with this desk's empty home and no database chosen.
    pub fn bare(&self) -> Command {
        let mut cmd = Command::cargo_bin("dutydesk").expect("the dutydesk binary is built");
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("LANG", "en_US.UTF-8")
            .env("USER", "tester")
            .envs(faked_clock());
        cmd
    }

    /// The binary on this desk's database as a plain `std::process::Command` (for its pipes
    /// and descriptors), from an empty environment but for `PATH`, `HOME` and `LANG`.
    pub fn std_cmd(&self) -> std::process::Command {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("dutydesk"));
        cmd.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("LANG", "en_US.UTF-8")
            .envs(faked_clock())
            .arg("--db")
            .arg(&self.db);
        cmd
    }

    /// The binary, pointed at this desk's database.
    pub fn cmd(&self) -> Command {
        let mut cmd = self.bare();
        cmd.arg("--db").arg(&self.db);
        cmd
    }

    /// As `output`, on the database the arguments name.
    pub fn output_bare(&self, args: &[&str]) -> Output {
        self.bare().args(args).output().expect("dutydesk runs")
    }

    pub fn output(&self, args: &[&str]) -> Output {
        self.cmd().args(args).output().expect("dutydesk runs")
    }

    /// Runs a command that must succeed and gives its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        succeeded(args, self.output(args))
    }

    /// As `ok`, on the database the arguments name (`--db`, e.g. a shared one) rather than
    /// this desk's file.
    pub fn ok_bare(&self, args: &[&str]) -> String {
        succeeded(args, self.output_bare(args))
    }

    /// Runs a command that must fail with `code` and gives its stderr.
    pub fn fails(&self, code: i32, args: &[&str]) -> String {
        failed(code, args, self.output(args))
    }

    /// As `fails`, on the database the arguments name.
    pub fn fails_bare(&self, code: i32, args: &[&str]) -> String {
        failed(code, args, self.output_bare(args))
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let mut args = args.to_vec();
        args.push("--json");
        serde_json::from_str(&self.ok(&args)).expect("valid JSON")
    }

    /// Logs a fitness-equipment report (with `extra` options) and gives its case number.
    pub fn report(&self, extra: &[&str]) -> String {
        let mut args = vec![
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            "山水天成 3栋旁",
            "--reporter",
            "张三",
            "--phone",
            "13812345678",
        ];
        args.extend_from_slice(extra);
        args.push("健身器材断裂");
        self.ok(&args).trim().to_string()
    }

    pub fn case(&self, number: &str) -> Value {
        self.json(&["show", number])["case"].clone()
    }

    pub fn all_cases(&self) -> Vec<Value> {
        self.json(&["list", "--all"])
            .as_array()
            .expect("a list")
            .clone()
    }
}

fn succeeded(args: &[&str], out: Output) -> String {
    assert!(
        out.status.success(),
        "dutydesk {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

fn failed(code: i32, args: &[&str], out: Output) -> String {
    assert_eq!(
        out.status.code(),
        Some(code),
        "dutydesk {args:?}: stdout {} stderr {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stderr).expect("utf-8 output")
}
