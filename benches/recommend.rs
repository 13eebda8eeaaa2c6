//! Is the suggestion of whom to send better, and what does it cost?
//!
//! 1. The share of arrivals within 15 minutes with the old rule (the first free of the case's
//!    grid) and with the suggestion, on the same seeds: `src/demo/proving.rs` plays 30 days
//!    (after four weeks of history) for each of 5 seeds.
//! 2. With `DUTYDESK_BIG_DB=PATH` (a desk of a million past cases, `bash benches/bigdb.sh
//!    PATH`): what the dispatch form's suggestion costs, `Desk::suggest` end to end (the
//!    case, the roster, the open cases, the grid's and the people's recent dispatches, the
//!    ranking), median and p95 of 200.
//!
//! Run: `cargo bench --bench recommend`, or with the big desk:
//! `bash benches/bigdb.sh /tmp/big.db && DUTYDESK_BIG_DB=/tmp/big.db cargo bench --bench recommend`

use std::time::Instant;

use dutydesk::catalog::Catalog;
use dutydesk::demo::proving::{Rule, play};

const DAYS: i64 = 30;
const SEEDS: [u64; 5] = [1, 2, 3, 4, 5];

fn shares() {
    let catalog = Catalog::embedded();
    println!("On-time arrivals (within 15 min), {DAYS} days after 28 of history, per seed:");
    println!("| seed | arrivals | first free of the grid | suggestion |");
    println!("|---|---|---|---|");
    let (mut old_all, mut new_all) = (Default::default(), Default::default());
    for seed in SEEDS {
        let old = play(&catalog, seed, DAYS, Rule::FirstFreeOfGrid);
        let new = play(&catalog, seed, DAYS, Rule::Suggestion);
        println!(
            "| {seed} | {} | {:.1} % | {:.1} % |",
            old.arrivals,
            old.share() * 100.0,
            new.share() * 100.0
        );
        old_all = add(old_all, old);
        new_all = add(new_all, new);
    }
    println!(
        "| all | {} | {:.1} % | {:.1} % |",
        old_all.arrivals,
        old_all.share() * 100.0,
        new_all.share() * 100.0
    );
}

fn add(
    a: dutydesk::demo::proving::Tally,
    b: dutydesk::demo::proving::Tally,
) -> dutydesk::demo::proving::Tally {
    dutydesk::demo::proving::Tally {
        arrivals: a.arrivals + b.arrivals,
        on_time: a.on_time + b.on_time,
    }
}

fn cost(path: &str) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let desk = dutydesk::desk::Desk::open(std::path::Path::new(path), Default::default())
            .await
            .expect("the big desk");
        let now = chrono::Utc::now();
        // A fresh case in each grid: what a dispatch form is opened for.
        let mut numbers = Vec::new();
        for grid in 1..=7u8 {
            let report = dutydesk::domain::Report {
                grid,
                category: "facility.streetlight".into(),
                channel: dutydesk::domain::Channel::Hotline,
                place: "bench".into(),
                summary: "bench".into(),
                reporter: None,
                phone: None,
                tier: dutydesk::domain::Tier::Small,
                on_scene: None,
                at: now,
            };
            numbers.push(desk.report(&report, now).await.expect("report").number);
        }
        let mut took = Vec::new();
        for i in 0..200 {
            let number = &numbers[i % numbers.len()];
            let start = Instant::now();
            let s = desk.suggest(number, now).await.expect("suggest");
            took.push(start.elapsed().as_secs_f64() * 1000.0);
            assert!(!s.recommendation.candidates.is_empty());
        }
        for number in &numbers {
            let cancel = dutydesk::domain::Action::Cancel {
                reason: "bench".into(),
            };
            let _ = desk.act(number, &cancel, now, now).await;
        }
        took.sort_by(f64::total_cmp);
        println!(
            "\nDesk::suggest on {path}: median {:.2} ms, p95 {:.2} ms over 200 (7 grids)",
            took[took.len() / 2],
            took[took.len() * 95 / 100]
        );
    });
}

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing to run.
    if !std::env::args().any(|a| a == "--bench") {
        return;
    }
    shares();
    if let Ok(path) = std::env::var("DUTYDESK_BIG_DB") {
        cost(&path);
    }
}
