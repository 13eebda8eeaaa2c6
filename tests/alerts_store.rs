//! Alert keys in a real SQLite file: each is claimed once, whoever asks and however often.

#[path = "common/cases.rs"]
mod cases;

use chrono::{Duration, TimeZone, Utc};
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::AlertRules;
use dutydesk::domain::{Action, AlertKind, ClockKind, alerts::latest_due};
use dutydesk::store::Store;

#[tokio::test]
async fn an_alert_key_is_claimed_once_across_two_desks_and_acknowledgements_are_read_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.db");
    let first = Desk::open(&db, Config::default()).await.expect("open");
    let second = Desk::open(&db, Config::default())
        .await
        .expect("open again");
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 28, 1, 0, 0)
        .single()
        .expect("time");
    let report = cases::streetlight(t0);
    let now = t0 + Duration::minutes(16);
    let case = first.report(&report, now).await.expect("report");
    let alert =
        latest_due(&case, &first.targets(), &AlertRules::default(), false, now).expect("overdue");
    assert_eq!(alert.kind, AlertKind::ArrivalOverdue);
    let mine = first
        .store
        .claim_alerts(std::slice::from_ref(&alert), "desk-1", now)
        .await
        .expect("claim");
    let theirs = second
        .store
        .claim_alerts(std::slice::from_ref(&alert), "desk-2", now)
        .await
        .expect("claim");
    assert_eq!(mine, [alert.key()]);
    assert!(theirs.is_empty(), "the second desk must not send it again");
    let again = first
        .store
        .claim_alerts(&[alert], "desk-1", now)
        .await
        .expect("claim");
    assert!(again.is_empty(), "nor the first after a restart");

    first
        .act(
            &case.number,
            &Action::Acknowledge {
                clock: ClockKind::Arrival,
            },
            now,
            now,
        )
        .await
        .expect("acknowledge");
    let acked = second.store.acknowledged().await.expect("read");
    assert_eq!(acked, [(case.number.clone(), ClockKind::Arrival)]);
}

#[tokio::test]
async fn the_dashboard_claiming_alerts_does_not_count_as_a_change_but_anyone_else_does() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.db");
    let desk = Desk::open(&db, Config::default()).await.expect("open");
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 28, 1, 0, 0)
        .single()
        .expect("time");
    let report = cases::streetlight(t0);
    let now = t0 + Duration::minutes(16);
    let case = desk.report(&report, now).await.expect("report");
    let mut watcher = desk.store.watcher().await.expect("watcher");
    let alert =
        latest_due(&case, &desk.targets(), &AlertRules::default(), false, now).expect("overdue");
    let claimed = watcher
        .claim_alerts(std::slice::from_ref(&alert), "desk", now)
        .await
        .expect("claim");
    assert_eq!(claimed, [alert.key()]);
    assert!(
        !watcher.changed().await.expect("watch"),
        "its own alert record is no reason to reload"
    );
    desk.act(
        &case.number,
        &Action::Note {
            text: "物业已到".into(),
            public: false,
        },
        now,
        now,
    )
    .await
    .expect("note");
    assert!(watcher.changed().await.expect("watch"), "a change is seen");
}
