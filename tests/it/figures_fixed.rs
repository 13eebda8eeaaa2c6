//! The figures over a small fixed data set that spans midnight, against values computed by
//! hand, on both engines: arrivals (median, 90th percentile), same-day resolution, reporters
//! told and their verdicts.

use crate::common::pg;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::{Action, ArrivalHow, Channel, Report, Tier, Verdict};

/// Shanghai local time on 2026-11-27 (day 0) or the 28th (day 1).
fn local(day: u32, h: u32, m: u32) -> DateTime<Utc> {
    chrono_tz::Asia::Shanghai
        .with_ymd_and_hms(2026, 11, 27 + day, h, m, 0)
        .single()
        .expect("time")
        .with_timezone(&Utc)
}

fn report(at: DateTime<Utc>, channel: Channel) -> Report {
    Report {
        grid: 2,
        category: "facility.streetlight".into(),
        channel,
        place: "新联街".into(),
        summary: "路灯不亮".into(),
        reporter: None,
        phone: None,
        tier: Tier::Small,
        on_scene: None,
        at,
    }
}

/// Reported, reached after `arrive` minutes, resolved after `resolve` more (if any), told
/// with a verdict (if any).
struct Plan {
    at: DateTime<Utc>,
    arrive: Option<i64>,
    resolve: Option<i64>,
    verdict: Option<Option<bool>>,
    channel: Channel,
}

async fn record(desk: &Desk) {
    let plans = [
        // Day 0, late evening: reached in 5 and 12 minutes; one resolved before midnight,
        // one after (not the same day).
        Plan {
            at: local(0, 23, 10),
            arrive: Some(5),
            resolve: Some(20),
            verdict: Some(Some(true)),
            channel: Channel::Hotline,
        },
        Plan {
            at: local(0, 23, 40),
            arrive: Some(12),
            resolve: Some(30),
            verdict: Some(Some(false)),
            channel: Channel::Patrol,
        },
        // Day 0: reached late (20 min), resolved the same day, told without a verdict.
        Plan {
            at: local(0, 9, 0),
            arrive: Some(20),
            resolve: Some(60),
            verdict: Some(None),
            channel: Channel::WechatGroup,
        },
        // Day 1, just after midnight: reached in 9, resolved, not told.
        Plan {
            at: local(1, 0, 10),
            arrive: Some(9),
            resolve: Some(15),
            verdict: None,
            channel: Channel::Hotline,
        },
        // Day 1: reached in 30 (late), still open.
        Plan {
            at: local(1, 8, 0),
            arrive: Some(30),
            resolve: None,
            verdict: None,
            channel: Channel::Hotline,
        },
        // Day 1: nobody yet.
        Plan {
            at: local(1, 9, 0),
            arrive: None,
            resolve: None,
            verdict: None,
            channel: Channel::HomeVisit,
        },
    ];
    let now = local(1, 23, 0);
    for p in plans {
        let case = desk
            .report(&report(p.at, p.channel), now)
            .await
            .expect("report");
        let n = &case.number;
        let Some(arrive) = p.arrive else { continue };
        let dispatch = Action::Dispatch {
            responder: "王建华".into(),
            note: None,
        };
        desk.act(n, &dispatch, p.at + Duration::minutes(1), now)
            .await
            .expect("dispatch");
        let reached = p.at + Duration::minutes(arrive);
        desk.act(
            n,
            &Action::Arrive {
                how: ArrivalHow::Callback,
            },
            reached,
            now,
        )
        .await
        .expect("arrive");
        let Some(resolve) = p.resolve else { continue };
        let done = reached + Duration::minutes(resolve);
        desk.act(
            n,
            &Action::Resolve {
                note: "已修复".into(),
                told: false,
            },
            done,
            now,
        )
        .await
        .expect("resolve");
        let Some(verdict) = p.verdict else { continue };
        let verdict = verdict.map(|satisfied| Verdict {
            satisfied,
            note: Some("回访".into()),
        });
        desk.act(
            n,
            &Action::Tell { verdict },
            done + Duration::minutes(5),
            now,
        )
        .await
        .expect("tell");
    }
}

async fn check(desk: &Desk) {
    record(desk).await;
    let day0 = NaiveDate::from_ymd_opt(2026, 11, 27).expect("day");
    let day1 = NaiveDate::from_ymd_opt(2026, 11, 28).expect("day");
    let both = desk.figures(day0, day1).await.expect("figures");
    // By hand: arrivals 5, 12, 20, 9, 30 minutes -> sorted 5 9 12 20 30.
    assert_eq!(both.collected, 6);
    assert_eq!(
        both.resident_reported, 4,
        "patrol and home visit are staff's"
    );
    assert_eq!(both.arrived, 5);
    assert_eq!(both.arrived_within_target, 3, "5, 12 and 9 are within 15");
    assert_eq!(both.median_arrival_minutes, Some(12.0));
    assert_eq!(
        both.p90_arrival_minutes,
        Some(30.0),
        "nearest rank: the 5th of 5"
    );
    assert_eq!(both.resolved, 4);
    // 23:10+5+20 = 23:35 (same day); 23:40+12+30 = 00:22 (next day); 09:00+20+60 (same);
    // 00:10+9+15 (same).
    assert_eq!(both.resolved_same_day, 3);
    assert_eq!(both.reporter_told, 3);
    assert_eq!((both.satisfied, both.unsatisfied), (1, 1));
    assert_eq!(both.open, 2);
    let first = desk.figures(day0, day0).await.expect("figures");
    // Day 0: arrivals 5, 12, 20: median 12, p90 20.
    assert_eq!(first.collected, 3);
    assert_eq!(first.median_arrival_minutes, Some(12.0));
    assert_eq!(first.p90_arrival_minutes, Some(20.0));
    assert_eq!(first.resolved_same_day, 2);
    let second = desk.figures(day1, day1).await.expect("figures");
    // Day 1: arrivals 9 and 30: median 19.5, p90 30.
    assert_eq!(second.median_arrival_minutes, Some(19.5));
    assert_eq!(second.p90_arrival_minutes, Some(30.0));
    assert_eq!(second.reporter_told, 0);
}

#[tokio::test]
async fn fixed_figures_on_a_sqlite_file() {
    let dir = tempfile::tempdir().expect("dir");
    let desk = Desk::open(&dir.path().join("desk.db"), Config::default())
        .await
        .expect("open");
    check(&desk).await;
    desk.close().await;
}

#[tokio::test]
async fn fixed_figures_on_the_shared_database() {
    let Some(db) = pg::SharedDb::new("fixed_figures") else {
        return;
    };
    let role = db.community("xinlian").await;
    let desk = db.desk(&role, "xinlian").await;
    check(&desk).await;
    desk.close().await;
}
