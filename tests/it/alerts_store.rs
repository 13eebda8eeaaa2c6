//! Alert keys in a real SQLite file: each is claimed once, whoever asks and however often.

use crate::common::cases;

use chrono::{Duration, TimeZone, Utc};
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::AlertRules;
use dutydesk::domain::alerts::{Alert, latest_due};
use dutydesk::domain::{Action, AlertKind, ClockKind};
use dutydesk::store::{Store, Watch};

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

/// Claims stay bounded however long a desk runs and however fast reminders come: a case
/// overdue for days holds only its latest reminder's claim at every moment, a stale reminder
/// (a desk whose clock lags) is refused, and a case closed long ago keeps none.
#[tokio::test]
async fn old_claims_are_pruned_and_the_latest_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.db");
    let desk = Desk::open(&db, Config::default()).await.expect("open");
    let t0 = Utc
        .with_ymd_and_hms(2026, 11, 20, 1, 0, 0)
        .single()
        .expect("time");
    let overdue = desk
        .report(&cases::streetlight(t0), t0)
        .await
        .expect("report");
    let closed = desk
        .report(&cases::streetlight(t0), t0)
        .await
        .expect("report");
    let cancel = Action::Cancel {
        reason: "dup".into(),
    };
    desk.act(
        &closed.number,
        &cancel,
        t0 + Duration::minutes(1),
        t0 + Duration::minutes(1),
    )
    .await
    .expect("cancel");
    // Three days of reminders every 5 minutes for the overdue case, and one for the other.
    let rules = AlertRules::default();
    let mut claimed = 0;
    let mut last = t0;
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&db);
            let mut conn = <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options)
                .await
                .expect("connect");
            let n: i64 = sqlx::query_scalar(sql)
                .fetch_one(&mut conn)
                .await
                .expect("count");
            n
        }
    };
    let mut previous: Option<Alert> = None;
    for minutes in (16..3 * 24 * 60).step_by(5) {
        let now = t0 + Duration::minutes(minutes);
        last = now;
        let alert = latest_due(&overdue, &desk.targets(), &rules, false, now).expect("due");
        claimed += desk
            .store
            .claim_alerts(std::slice::from_ref(&alert), "desk", now)
            .await
            .expect("claim")
            .len();
        if minutes % 600 == 1 {
            assert_eq!(
                count("SELECT count(*) FROM alerts").await,
                1,
                "one claim for the overdue case at {minutes} min, with no prune run"
            );
            let stale = previous.clone().expect("an earlier reminder");
            assert!(
                desk.store
                    .claim_alerts(&[stale], "lagging desk", now)
                    .await
                    .expect("claim")
                    .is_empty(),
                "an earlier reminder than one claimed is not sent"
            );
        }
        previous = Some(alert);
    }
    let early = latest_due(
        &closed,
        &desk.targets(),
        &rules,
        false,
        t0 + Duration::minutes(11),
    )
    .expect("a warning");
    desk.store
        .claim_alerts(&[early], "desk", t0 + Duration::minutes(11))
        .await
        .expect("claim");
    assert!(claimed > 800, "{claimed} reminders claimed");
    let now = t0 + Duration::days(3);
    let gone = desk
        .store
        .prune_alerts(now - Duration::days(1))
        .await
        .expect("prune");
    assert_eq!(gone, 1, "the closed case's warning");
    assert_eq!(count("SELECT count(*) FROM alerts").await, 1);
    assert_eq!(
        count("SELECT count(*) FROM alerts WHERE case_number IN (SELECT number FROM cases WHERE state = 'cancelled')").await,
        0,
        "the closed case's claims went"
    );
    // The latest reminder is still claimed: a restart does not send it again.
    let latest = latest_due(&overdue, &desk.targets(), &rules, false, last).expect("due");
    let again = desk
        .store
        .claim_alerts(&[latest], "desk", last)
        .await
        .expect("claim");
    assert!(again.is_empty(), "the latest claim was kept");
}
