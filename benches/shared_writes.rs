//! Reports per second that 10 community desks sustain writing at once to one shared
//! PostgreSQL database, and the longest any report waited. Needs the server that
//! `.ci/with-postgres` starts:
//!
//!     .ci/with-postgres cargo bench --bench shared_writes [-- SECONDS]

use std::time::{Duration, Instant};

use chrono::Utc;
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::{Channel, Report, Tier};

const DESKS: usize = 10;

fn psql(host: &str, db: &str, sql: &str) {
    let ok = std::process::Command::new("psql")
        .args(["-X", "-q", "-v", "ON_ERROR_STOP=1"])
        .arg(format!("postgres:///{db}?host={host}&user=dutydesk"))
        .arg("-c")
        .arg(sql)
        .status()
        .expect("psql");
    assert!(ok.success(), "{sql}");
}

fn config(code: &str) -> Config {
    Config::parse(
        std::path::Path::new("bench.toml"),
        &format!("[community]\ncode = \"{code}\"\n"),
    )
    .expect("config")
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let Ok(host) = std::env::var("DUTYDESK_TEST_PG_DIR") else {
        eprintln!("no PostgreSQL server: run under .ci/with-postgres");
        return;
    };
    let seconds: u64 = std::env::args()
        .filter_map(|a| a.parse().ok())
        .next()
        .unwrap_or(10);
    let name = format!("bench_writes_{}", std::process::id());
    psql(&host, "postgres", &format!("CREATE DATABASE {name}"));
    let url = |role: &str| format!("postgres:///{name}?host={host}&user={role}");
    let owner = Desk::open_shared(
        &url("dutydesk"),
        Config::parse(
            std::path::Path::new("bench.toml"),
            "[community]\nsub_district = true\n",
        )
        .expect("config"),
    )
    .await
    .expect("owner");
    let mut roles = Vec::new();
    for c in 0..DESKS {
        let role = format!("{name}_c{c}");
        psql(&host, "postgres", &format!("CREATE ROLE {role} LOGIN"));
        owner
            .grant(&role, Some((&format!("c{c}"), "社区", "Community")))
            .await
            .expect("grant");
        roles.push(role);
    }
    let mut desks = Vec::new();
    for (c, role) in roles.iter().enumerate() {
        desks.push(
            Desk::open_shared(&url(role), config(&format!("c{c}")))
                .await
                .expect("desk"),
        );
    }
    let until = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for desk in desks {
        tasks.push(tokio::spawn(async move {
            let mut waits = Vec::new();
            while Instant::now() < until {
                let now = Utc::now();
                let report = Report {
                    grid: 3,
                    category: "road.pothole".into(),
                    channel: Channel::Hotline,
                    place: "绿道".into(),
                    summary: "台阶破损".into(),
                    reporter: None,
                    phone: None,
                    tier: Tier::Small,
                    on_scene: None,
                    at: now,
                };
                let start = Instant::now();
                desk.report(&report, now).await.expect("report");
                waits.push(start.elapsed());
            }
            desk.close().await;
            waits
        }));
    }
    let mut waits = Vec::new();
    for t in tasks {
        waits.extend(t.await.expect("desk"));
    }
    waits.sort();
    let at = |q: f64| waits[((waits.len() as f64 * q) as usize).min(waits.len() - 1)];
    println!(
        "{DESKS} desks writing for {seconds} s: {} reports, {:.0} reports/s; wait p50 {:.1} ms, p95 {:.1} ms, longest {:.1} ms",
        waits.len(),
        waits.len() as f64 / seconds as f64,
        at(0.5).as_secs_f64() * 1000.0,
        at(0.95).as_secs_f64() * 1000.0,
        waits.last().copied().unwrap_or_default().as_secs_f64() * 1000.0,
    );
    owner.close().await;
}
