//! Crash safety: writers (the command line, and the library in a process of its own) killed
//! with SIGKILL at random moments. Every write a writer acknowledged (printed) is there
//! afterwards, the file passes SQLite's integrity check, and every case keeps the lifecycle's
//! rules. The normal run kills 40 writers; `CRASH_KILLS=500 cargo test --test crash -- --ignored`
//! kills 500.

use crate::common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Desk;

/// A small, seeded random source: the same run each time.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

fn cli(desk: &Desk, args: &[&str]) -> Child {
    desk.std_cmd()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("dutydesk runs")
}

/// This test binary again, as a library writer (see `library_writer_child`).
fn library_writer(desk: &Desk) -> Child {
    Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "--exact",
            "library_writer_child",
            "--ignored",
            "--nocapture",
            "--quiet",
        ])
        .env("CRASH_CHILD_DB", &desk.db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the test binary runs")
}

/// Reports through the library, printing `ACK <number>` after each commit, until killed.
#[test]
#[ignore = "a child process of the crash tests"]
fn library_writer_child() {
    let Some(db) = std::env::var_os("CRASH_CHILD_DB") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async move {
        let desk = dutydesk::desk::Desk::open(std::path::Path::new(&db), Default::default())
            .await
            .expect("desk");
        for i in 0.. {
            let report = dutydesk::domain::Report {
                grid: 1 + (i % 7) as u8,
                category: "facility.streetlight".into(),
                channel: dutydesk::domain::Channel::Hotline,
                place: format!("library {i}"),
                summary: "路灯不亮".into(),
                reporter: None,
                phone: None,
                tier: dutydesk::domain::Tier::Small,
                on_scene: None,
                at: chrono::Utc::now(),
            };
            let case = desk
                .report(&report, chrono::Utc::now())
                .await
                .expect("report");
            println!("ACK {}", case.number);
            let note = dutydesk::domain::Action::Note {
                text: format!("note {i}"),
                public: false,
            };
            desk.act(&case.number, &note, chrono::Utc::now(), chrono::Utc::now())
                .await
                .expect("note");
            println!("NOTE {}", case.number);
        }
    });
}

/// Kills `kills` writers at random moments; gives the acknowledged case numbers.
fn kill_writers(desk: &Desk, kills: u64, rng: &mut Rng) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut acked = BTreeSet::new();
    let mut noted = BTreeSet::new();
    let mut open: Vec<String> = Vec::new();
    for k in 0..kills {
        let mut child = match k % 4 {
            0 => library_writer(desk),
            1 if !open.is_empty() => {
                let n = open[rng.below(open.len() as u64) as usize].clone();
                cli(desk, &["note", &n, &format!("cli note {k}")])
            }
            _ => cli(
                desk,
                &[
                    "report",
                    "--grid",
                    "2",
                    "--category",
                    "facility.fitness_equipment",
                    "--channel",
                    "hotline",
                    "--place",
                    &format!("crash {k}"),
                    "s",
                ],
            ),
        };
        std::thread::sleep(Duration::from_micros(rng.below(60_000)));
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let mut out = String::new();
        if let Some(mut stdout) = child.stdout.take() {
            let _ = stdout.read_to_string(&mut out);
        }
        for line in BufReader::new(out.as_bytes()).lines().map_while(Result::ok) {
            let line = line.trim().to_string();
            if let Some(n) = line.strip_prefix("ACK ") {
                acked.insert(n.to_string());
                open.push(n.to_string());
            } else if let Some(n) = line.strip_prefix("NOTE ") {
                noted.insert(n.to_string());
            } else if line.len() == 12 && line.as_bytes()[8] == b'-' {
                acked.insert(line.clone());
                open.push(line);
            }
        }
    }
    (acked, noted)
}

fn check_after(desk: &Desk, acked: &BTreeSet<String>, noted: &BTreeSet<String>) {
    let integrity = Command::new("sqlite3")
        .arg(&desk.db)
        .arg("PRAGMA integrity_check")
        .output()
        .unwrap_or_else(|e| panic!("this test needs sqlite3 (apt-get install sqlite3): {e}"));
    assert_eq!(String::from_utf8_lossy(&integrity.stdout).trim(), "ok");
    let cases = desk.all_cases();
    let stored: BTreeSet<String> = cases
        .iter()
        .filter_map(|c| c["number"].as_str().map(str::to_string))
        .collect();
    let lost: Vec<_> = acked.difference(&stored).collect();
    assert!(lost.is_empty(), "acknowledged and lost: {lost:?}");
    // Numbers are gapless per day: a killed transaction takes its number back with it.
    let mut by_day: std::collections::BTreeMap<&str, Vec<u32>> = Default::default();
    for n in &stored {
        let (day, seq) = n.split_once('-').expect("YYYYMMDD-NNN");
        by_day
            .entry(day)
            .or_default()
            .push(seq.parse().expect("seq"));
    }
    for (day, mut seqs) in by_day {
        seqs.sort_unstable();
        let expected: Vec<u32> = (1..=seqs.len() as u32).collect();
        assert_eq!(seqs, expected, "gapless on {day}");
    }
    for number in noted {
        let shown = desk.json(&["show", number]);
        let kinds: Vec<&str> = shown["timeline"]
            .as_array()
            .expect("timeline")
            .iter()
            .filter_map(|e| e["kind"].as_str())
            .collect();
        assert!(
            kinds.contains(&"noted"),
            "{number}: its acknowledged note is there"
        );
    }
    // The lifecycle's rules hold for every case: the timeline opens with its report, and the
    // state follows from its events.
    for c in &cases {
        let number = c["number"].as_str().expect("number");
        let shown = desk.json(&["show", number]);
        let timeline = shown["timeline"].as_array().expect("timeline");
        assert_eq!(
            timeline.first().and_then(|e| e["kind"].as_str()),
            Some("reported"),
            "{number}"
        );
        assert_eq!(
            c["state"], "reported",
            "{number}: only reports and notes were made"
        );
    }
}

fn run(kills: u64) {
    let desk = Desk::new();
    desk.ok(&["check"]);
    let started = Instant::now();
    let mut rng = Rng(0x2545_F491_4F6C_DD1D);
    let (acked, noted) = kill_writers(&desk, kills, &mut rng);
    println!(
        "{kills} writers killed in {:?}: {} acknowledged cases, {} acknowledged notes, nothing lost",
        started.elapsed(),
        acked.len(),
        noted.len()
    );
    assert!(
        !acked.is_empty(),
        "some writes were acknowledged before their kill"
    );
    check_after(&desk, &acked, &noted);
}

#[test]
fn writers_killed_at_random_lose_nothing_they_acknowledged() {
    run(40);
}

#[test]
#[ignore = "long: CRASH_KILLS=500 cargo test --test crash -- --ignored writers_killed_500"]
fn writers_killed_500_times_lose_nothing() {
    let kills = std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|k| k.parse().ok())
        .unwrap_or(500);
    run(kills);
}
