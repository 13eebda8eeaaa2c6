//! A desk with years of records (benches/bigdb.sh: a million past cases by default) through the
//! real binary: the open list, the day's figures and a write answer as they do on an empty
//! desk, and the figures of a year are the cases' own. Long: `cargo test --release --test big
//! -- --ignored` (BIG_CASES=N for another size).

use crate::common;

use std::process::Command;
use std::time::Instant;

use common::Desk;

#[test]
#[ignore = "long: builds a desk of a million cases (cargo test --release --test big -- --ignored)"]
fn a_million_past_cases_answer_as_fast_as_none() {
    let cases: u64 = std::env::var("BIG_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(1_000_000);
    let desk = Desk::new();
    let made = Command::new("bash")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/benches/bigdb.sh"))
        .arg(&desk.db)
        .arg(cases.to_string())
        .env("DUTYDESK_BIN", assert_cmd::cargo::cargo_bin("dutydesk"))
        .status()
        .expect("bash runs bigdb.sh");
    assert!(made.success(), "bigdb.sh");
    let timed = |args: &[&str]| {
        let start = Instant::now();
        let out = desk.ok(args);
        (start.elapsed(), out)
    };
    let (open, listed) = timed(&["list", "--open"]);
    assert!(
        listed.contains("No cases") || listed.lines().count() < 100,
        "{listed}"
    );
    let today = chrono::Local::now().date_naive();
    let year_ago = today - chrono::Days::new(365);
    let (year, stats) = timed(&[
        "stats",
        "--from",
        &year_ago.to_string(),
        "--to",
        &today.to_string(),
        "--json",
    ]);
    let figures: serde_json::Value = serde_json::from_str(&stats).expect("json");
    let collected = figures["collected"].as_u64().expect("collected");
    let in_year: u64 = {
        let from = (chrono::Utc::now() - chrono::Duration::days(366)).timestamp_millis();
        let out = Command::new("sqlite3")
            .arg(&desk.db)
            .arg(format!(
                "SELECT count(*) FROM cases WHERE cancelled_at IS NULL AND reported_at >= {from}"
            ))
            .output()
            .expect("sqlite3");
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .parse()
            .expect("count")
    };
    // The period's edges are local midnights: within a day's cases of the raw count.
    let per_day = cases / 1800 + 1;
    assert!(
        collected.abs_diff(in_year) <= 2 * per_day,
        "{collected} vs {in_year}"
    );
    let (report, number) = timed(common::REPORT);
    println!(
        "{cases} cases: list --open {open:?}, stats a year {year:?} ({collected} collected), report {report:?} ({})",
        number.trim()
    );
    assert!(open.as_millis() < 500, "list --open took {open:?}");
    assert!(year.as_millis() < 3000, "stats for a year took {year:?}");
}
