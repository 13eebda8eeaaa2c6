//! The store's contract on both engines (one test body, a real SQLite file and a real
//! PostgreSQL database), and what only the shared database does: many communities at once,
//! row-level security, call-ups received by the sub-district, moving a desk in.

use crate::common::pg;

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, TimeZone, Utc};
use dutydesk::config::Config;
use dutydesk::desk::{Desk, DeskError};
use dutydesk::domain::lifecycle::Refusal;
use dutydesk::domain::{
    Action, Alert, AlertKind, ArrivalHow, Channel, DomainError, EventKind, PatrolSlot, Report,
    State, Tier,
};
use dutydesk::store::{CaseFilter, Store, StoreError};
use pg::SharedDb;

/// 2026-11-28 09:00 in Shanghai.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0)
        .single()
        .expect("time")
}

fn pothole(at: DateTime<Utc>) -> Report {
    Report {
        grid: 3,
        category: "road.pothole".into(),
        channel: Channel::Hotline,
        place: "绿道".into(),
        summary: "台阶破损".into(),
        reporter: Some("张三".into()),
        phone: Some("13800001111".into()),
        tier: Tier::Medium,
        on_scene: None,
        at,
    }
}

fn refusal(e: DeskError) -> Refusal {
    match e {
        DeskError::Store(StoreError::Domain(DomainError::NotAllowed { why, .. })) => why,
        other => panic!("expected a refusal, got {other}"),
    }
}

/// Whether the watcher hears of a change within a second (woken, then told so).
async fn hears(watcher: &mut dutydesk::store::DbWatcher) -> bool {
    use dutydesk::store::Watch;
    let waker = watcher
        .waker()
        .expect("the shared database wakes its desks");
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(1);
    while tokio::time::timeout_at(deadline, waker.notified())
        .await
        .is_ok()
    {
        if watcher.changed().await.expect("poll") {
            return true;
        }
    }
    false
}

/// What every store must do, whichever engine keeps it.
async fn contract(desk: &Desk) {
    let at = t0();
    let case = desk.report(&pothole(at), at).await.expect("report");
    assert_eq!(case.number, "20261128-001");
    let second = desk
        .report(
            &pothole(at + Duration::minutes(1)),
            at + Duration::minutes(1),
        )
        .await
        .expect("report");
    assert_eq!(
        second.number, "20261128-002",
        "numbered in order within the day"
    );

    let n = &case.number;
    let step = |m| at + Duration::minutes(m);
    let dispatch = Action::Dispatch {
        responder: "张丽".into(),
        note: None,
    };
    desk.act(n, &dispatch, step(2), step(2))
        .await
        .expect("dispatch");
    let again = desk.act(n, &dispatch, step(3), step(3)).await.unwrap_err();
    assert_eq!(refusal(again), Refusal::AlreadyDispatched("张丽".into()));
    let receive = Action::Receive { note: None };
    let early = desk.act(n, &receive, step(3), step(3)).await.unwrap_err();
    assert_eq!(refusal(early), Refusal::NotCalledUp);
    desk.act(
        n,
        &Action::Arrive {
            how: ArrivalHow::Callback,
        },
        step(12),
        step(12),
    )
    .await
    .expect("arrive");
    let escalate = Action::Escalate {
        body: "subdistrict_office".into(),
        note: Some("台阶断裂，需街道协调".into()),
    };
    desk.act(n, &escalate, step(13), step(13))
        .await
        .expect("call up");
    let received = desk
        .act(
            n,
            &Action::Receive {
                note: Some("城管科已接".into()),
            },
            step(20),
            step(20),
        )
        .await
        .expect("received");
    assert_eq!(
        received.after.call_up.as_ref().and_then(|c| c.received_at),
        Some(step(20))
    );
    let twice = desk.act(n, &receive, step(21), step(21)).await.unwrap_err();
    assert_eq!(
        refusal(twice),
        Refusal::AlreadyReceived("subdistrict_office".into())
    );
    desk.act(
        n,
        &Action::Resolve {
            note: "已修复".into(),
            told: false,
        },
        step(90),
        step(90),
    )
    .await
    .expect("resolve");
    desk.act(n, &Action::Tell { verdict: None }, step(91), step(91))
        .await
        .expect("tell");
    desk.act(
        &second.number,
        &Action::Cancel {
            reason: "重复".into(),
        },
        step(5),
        step(5),
    )
    .await
    .expect("cancel");

    let (stored, timeline) = desk.case_with_timeline(n).await.expect("timeline");
    assert_eq!(stored.state, State::Resolved);
    assert_eq!(stored.tier, Tier::Big, "a call-up makes it a big matter");
    assert_eq!(stored.reporter.as_deref(), Some("张三"));
    let kinds: Vec<EventKind> = timeline.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Reported,
            EventKind::Dispatched,
            EventKind::Arrived,
            EventKind::CalledUp,
            EventKind::Received,
            EventKind::Resolved,
            EventKind::Told
        ]
    );
    assert_eq!(timeline[4].details["note"], "城管科已接");
    assert_eq!(timeline[4].details["waited_secs"], 7 * 60);

    let all = desk.cases(&CaseFilter::default()).await.expect("list");
    assert_eq!(all.len(), 2);
    let open = desk
        .cases(&CaseFilter {
            open_only: true,
            ..CaseFilter::default()
        })
        .await
        .expect("list");
    assert!(open.is_empty());

    let figures = desk
        .figures(desk.local_day(at), desk.local_day(at))
        .await
        .expect("figures");
    assert_eq!(figures.collected, 1);
    assert_eq!(figures.cancelled, 1);
    assert_eq!(figures.called_up, 1);
    assert_eq!(figures.handled_by_community, 0);
    assert_eq!(figures.resolved_same_day, 1);
    assert_eq!(figures.arrived_within_target, 1);
    assert_eq!(figures.median_arrival_minutes, Some(12.0));

    let snapshot = desk.snapshot(step(95)).await.expect("board");
    assert_eq!(snapshot.recent.len(), 2);
    assert!(snapshot.roster.iter().any(|r| r.name == "张丽"));

    desk.patrol(3, PatrolSlot::Morning, 1, step(30), step(30))
        .await
        .expect("patrol");
    let twice = desk
        .patrol(3, PatrolSlot::Morning, 0, step(31), step(31))
        .await;
    assert!(twice.is_err(), "one morning patrol a grid and day");

    let alert = Alert {
        number: second.number.clone(),
        kind: AlertKind::ArrivalOverdue,
        seq: 0,
        due: step(15),
        deadline: step(15),
    };
    let won = desk
        .store
        .claim_alerts(std::slice::from_ref(&alert), "desk-1", step(16))
        .await
        .expect("claim");
    assert_eq!(won, [alert.key()]);
    let lost = desk
        .store
        .claim_alerts(std::slice::from_ref(&alert), "desk-2", step(16))
        .await
        .expect("claim");
    assert!(lost.is_empty(), "an alert is claimed once");
    // A later reminder supersedes it; the earlier one, asked again by a lagging desk, is not
    // sent, and the case holds one claim.
    let reminder = |seq| Alert {
        seq,
        due: step(15 + 5 * i64::from(seq)),
        ..alert.clone()
    };
    assert_eq!(
        desk.store
            .claim_alerts(&[reminder(2)], "desk-1", step(26))
            .await
            .expect("claim")
            .len(),
        1
    );
    for seq in [0, 1] {
        assert!(
            desk.store
                .claim_alerts(&[reminder(seq)], "desk-2", step(26))
                .await
                .expect("claim")
                .is_empty(),
            "reminder {seq} after reminder 2"
        );
    }
    // The cancelled case's claim goes once it is a day closed.
    let gone = desk
        .store
        .prune_alerts(step(60 * 24 * 2))
        .await
        .expect("prune");
    assert_eq!(gone, 1);
    assert!(
        desk.set_on_duty("无此人", false).await.is_err(),
        "someone not on the roster"
    );
}

#[tokio::test]
async fn the_contract_holds_on_a_sqlite_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Desk::open(&dir.path().join("desk.db"), Config::default())
        .await
        .expect("open");
    contract(&desk).await;
    desk.close().await;
}

#[tokio::test]
async fn the_contract_holds_on_the_shared_database() {
    let Some(db) = SharedDb::new("the_contract_holds_on_the_shared_database") else {
        return;
    };
    let role = db.community("xinlian").await;
    let desk = db.desk(&role, "xinlian").await;
    contract(&desk).await;
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn ten_communities_with_four_writers_each_number_their_cases_without_a_gap() {
    let Some(db) = SharedDb::new("ten_communities_four_writers") else {
        return;
    };
    const REPORTS: usize = 10;
    let mut writers = Vec::new();
    for c in 0..10 {
        let code = format!("c{c}");
        let role = db.community(&code).await;
        for _ in 0..4 {
            let desk = db.desk(&role, &code).await;
            writers.push(tokio::spawn(async move {
                let mut numbers = Vec::new();
                for i in 0..REPORTS {
                    let at = t0() + Duration::seconds(i as i64);
                    let case = desk.report(&pothole(at), at).await.expect("report");
                    numbers.push(case.number);
                }
                desk.close().await;
                numbers
            }));
        }
    }
    let mut all = Vec::new();
    for w in writers {
        all.extend(w.await.expect("writer"));
    }
    assert_eq!(all.len(), 10 * 4 * REPORTS, "nothing lost");
    // Per community: 1..=40, each once (the writers of one community share its numbers).
    let admin = db.admin().await;
    let cases = admin.cases(&CaseFilter::default()).await.expect("list");
    for c in 0..10 {
        let numbers: BTreeSet<String> = cases
            .iter()
            .filter_map(|k| k.number.strip_prefix(&format!("c{c}/")).map(String::from))
            .collect();
        let expected: BTreeSet<String> = (1..=4 * REPORTS)
            .map(|s| format!("20261128-{s:03}"))
            .collect();
        assert_eq!(
            numbers, expected,
            "community c{c}: gapless, each number once"
        );
    }
    admin.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 8)]
async fn of_eight_desks_claiming_one_alert_exactly_one_sends_it() {
    let Some(db) = SharedDb::new("eight_desks_one_alert") else {
        return;
    };
    let role = db.community("xinlian").await;
    let first = db.desk(&role, "xinlian").await;
    let case = first.report(&pothole(t0()), t0()).await.expect("report");
    let alert = Alert {
        number: case.number.clone(),
        kind: AlertKind::ArrivalOverdue,
        seq: 0,
        due: t0() + Duration::minutes(15),
        deadline: t0() + Duration::minutes(15),
    };
    let barrier = std::sync::Arc::new(tokio::sync::Barrier::new(8));
    let mut desks = Vec::new();
    for i in 0..8 {
        let desk = db.desk(&role, "xinlian").await;
        let (alert, barrier) = (alert.clone(), barrier.clone());
        desks.push(tokio::spawn(async move {
            barrier.wait().await;
            let won = desk
                .store
                .claim_alerts(&[alert], &format!("desk-{i}"), t0() + Duration::minutes(16))
                .await
                .expect("claim");
            desk.close().await;
            won.len()
        }));
    }
    let mut sent = 0;
    for d in desks {
        sent += d.await.expect("desk");
    }
    assert_eq!(sent, 1, "one desk of eight sends it");
    // The sub-district is another audience: its own claim of the same key is its own.
    let admin = db.admin().await;
    let mut qualified = alert.clone();
    qualified.number = format!("xinlian/{}", case.number);
    let won = admin
        .store
        .claim_alerts(&[qualified], "street", t0() + Duration::minutes(16))
        .await
        .expect("claim");
    assert_eq!(won.len(), 1);
    admin.close().await;
    first.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_desks_dispatching_one_case_at_once_get_one_success_and_one_refusal() {
    let Some(db) = SharedDb::new("two_desks_one_dispatch") else {
        return;
    };
    let role = db.community("xinlian").await;
    let first = db.desk(&role, "xinlian").await;
    let second = db.desk(&role, "xinlian").await;
    for round in 0..10 {
        let at = t0() + Duration::minutes(round);
        let case = first.report(&pothole(at), at).await.expect("report");
        let dispatch = Action::Dispatch {
            responder: "张丽".into(),
            note: None,
        };
        let now = at + Duration::minutes(1);
        let (a, b) = tokio::join!(
            first.act(&case.number, &dispatch, now, now),
            second.act(&case.number, &dispatch, now, now)
        );
        let outcomes = [a.is_ok(), b.is_ok()];
        assert_eq!(
            outcomes.iter().filter(|ok| **ok).count(),
            1,
            "round {round}: one success"
        );
        let refused = a.err().or(b.err()).expect("one refusal");
        assert_eq!(refusal(refused), Refusal::AlreadyDispatched("张丽".into()));
        let (_, timeline) = first.case_with_timeline(&case.number).await.expect("read");
        let dispatches = timeline
            .iter()
            .filter(|e| e.kind == EventKind::Dispatched)
            .count();
        assert_eq!(dispatches, 1, "round {round}: one dispatch recorded");
    }
    first.close().await;
    second.close().await;
}

#[tokio::test]
async fn a_community_desk_can_neither_read_nor_change_another_communitys_cases() {
    let Some(db) = SharedDb::new("row_level_security") else {
        return;
    };
    let xinlian = db.community("xinlian").await;
    let other = db.community("other").await;
    let desk = db.desk(&xinlian, "xinlian").await;
    // PostgreSQL lets any role LISTEN anywhere: the other community's role listening on this
    // community's channel and the shared one learns that something changed, never what.
    let mut eavesdropper = sqlx::postgres::PgListener::connect(&db.url(&other))
        .await
        .expect("connect as the other community");
    eavesdropper
        .listen_all(["dutydesk_xinlian", "dutydesk"])
        .await
        .expect("listen");
    let case = desk.report(&pothole(t0()), t0()).await.expect("report");
    desk.close().await;
    for _ in 0..2 {
        let heard = tokio::time::timeout(std::time::Duration::from_secs(5), eavesdropper.recv())
            .await
            .expect("a notification")
            .expect("heard");
        assert_eq!(
            heard.payload(),
            "cases",
            "on {}: no number, no community",
            heard.channel()
        );
    }

    // The other community's role, straight at the database (not through dutydesk).
    let seen = db
        .psql(&other, "SELECT count(*) FROM cases")
        .expect("a read is allowed");
    assert_eq!(seen, "0", "another community's cases are invisible");
    let events = db
        .psql(&other, "SELECT count(*) FROM events")
        .expect("read");
    assert_eq!(events, "0");
    let changed = db
        .psql(&other, "UPDATE cases SET state = 'cancelled' RETURNING id")
        .expect("an update that matches nothing");
    assert_eq!(changed, "", "no row of another community can be changed");
    let forged = db.psql(
        &other,
        "INSERT INTO cases (community, number, day, seq, grid, category, channel, place, summary, tier, state, reported_at, updated_at)
         VALUES ('xinlian', '20261128-999', '20261128', 999, 1, 'road.pothole', 'hotline', 'x', 'x', 'small', 'reported', 0, 0)",
    );
    let refused = forged.expect_err("the database refuses a row for another community");
    assert!(refused.contains("row-level security"), "{refused}");
    let event = db.psql(
        &other,
        &format!(
            "INSERT INTO events (community, case_id, at, recorded_at, actor, kind, details)
             SELECT community, id, 0, 0, 'x', 'noted', '{{}}' FROM cases WHERE number = '{}'",
            case.number
        ),
    );
    assert_eq!(event.expect("matches nothing"), "");
    // Nor can it pretend to be the other community through dutydesk.
    let pretend = Desk::open_shared(&db.url(&other), pg::config(Some("xinlian"))).await;
    let Err(e) = pretend else {
        panic!("a desk role opened another community");
    };
    assert!(e.to_string().contains("desk of `other`"), "{e}");
    // Its own desk still sees it whole, and the sub-district sees it qualified.
    let admin = db.admin().await;
    let all = admin.cases(&CaseFilter::default()).await.expect("list");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].number, format!("xinlian/{}", case.number));
    admin.close().await;
}

#[tokio::test]
async fn a_call_up_reaches_the_sub_district_and_its_receipt_reaches_the_community() {
    let Some(db) = SharedDb::new("call_up_loop") else {
        return;
    };
    let role = db.community("xinlian").await;
    let other_role = db.community("other").await;
    let desk = db.desk(&role, "xinlian").await;
    let admin = db.admin().await;
    let mut watcher = desk.watcher().await.expect("watcher");
    let mut street = admin.watcher().await.expect("sub-district watcher");
    use dutydesk::store::Watch;
    assert!(!watcher.changed().await.expect("poll"));

    let at = Utc::now() - Duration::minutes(20);
    let case = desk.report(&pothole(at), at).await.expect("report");
    let now = Utc::now();
    desk.act(
        &case.number,
        &Action::Escalate {
            body: "subdistrict_office".into(),
            note: None,
        },
        now,
        now,
    )
    .await
    .expect("call up");
    // Heard by the sub-district's listener.
    assert!(
        hears(&mut street).await,
        "the sub-district hears of it within a second"
    );
    let overview = admin.overview(Utc::now()).await.expect("overview");
    assert_eq!(overview.call_ups.len(), 1);
    let row = &overview.call_ups[0];
    assert_eq!(row.qualified(), format!("xinlian/{}", case.number));
    assert_eq!(row.body, "subdistrict_office");
    assert!(row.received_ms.is_none());
    let xinlian = overview
        .communities
        .iter()
        .find(|c| c.code == "xinlian")
        .expect("row");
    assert_eq!(
        (xinlian.open, xinlian.overdue, xinlian.open_call_ups),
        (1, 1, 1)
    );
    let other = overview
        .communities
        .iter()
        .find(|c| c.code == "other")
        .expect("row");
    assert_eq!((other.open, other.last_event_ms), (0, None));

    // Received by the sub-district: on the community's timeline, heard by its desk.
    let _ = watcher.changed().await;
    admin
        .act(
            &row.qualified(),
            &Action::Receive {
                note: Some("已派城管".into()),
            },
            Utc::now(),
            Utc::now(),
        )
        .await
        .expect("receive");
    assert!(
        hears(&mut watcher).await,
        "the community hears of it within a second"
    );
    let (stored, timeline) = desk.case_with_timeline(&case.number).await.expect("read");
    assert!(stored.call_up.expect("called up").received_at.is_some());
    let last = timeline.last().expect("events");
    assert_eq!(last.kind, EventKind::Received);
    // Progress noted by the sub-district is on the community's timeline too.
    admin
        .act(
            &row.qualified(),
            &Action::Note {
                text: "街道已安排施工队".into(),
                public: true,
            },
            Utc::now(),
            Utc::now(),
        )
        .await
        .expect("note");
    assert!(hears(&mut watcher).await, "the note is heard downstairs");
    let (_, timeline) = desk.case_with_timeline(&case.number).await.expect("read");
    assert_eq!(
        timeline.last().expect("events").details["text"],
        "街道已安排施工队"
    );
    // The sub-district reading the case sees the shifts of its community, not every one's.
    desk.hand_over("新联夜班", Utc::now())
        .await
        .expect("hand over");
    let other_desk = db.desk(&other_role, "other").await;
    other_desk
        .hand_over("别的社区夜班", Utc::now())
        .await
        .expect("hand over");
    let history = admin
        .case_history(&row.qualified(), Utc::now())
        .await
        .expect("read");
    let to: Vec<&str> = history.shifts.iter().map(|s| s.to.as_str()).collect();
    assert_eq!(to, ["新联夜班"]);
    other_desk.close().await;
    drop((watcher, street));
    // A bare number means nothing on the sub-district's desk.
    let bare = admin.case(&case.number).await;
    assert!(matches!(
        bare,
        Err(DeskError::Store(StoreError::Invalid { field: "case", .. }))
    ));
    desk.close().await;
    admin.close().await;
}

#[tokio::test]
async fn a_listener_cut_off_by_the_server_comes_back_and_asks_for_a_full_reload() {
    let Some(db) = SharedDb::new("listener_cut_off") else {
        return;
    };
    use dutydesk::store::Watch;
    let role = db.community("xinlian").await;
    let desk = db.desk(&role, "xinlian").await;
    let mut watcher = desk.watcher().await.expect("watcher");
    let waker = watcher.waker().expect("waker");
    db.psql(
        "dutydesk",
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity
         WHERE query LIKE 'LISTEN%' AND datname = current_database()",
    )
    .expect("terminate the listener");
    // Down, then back (a new connection listens), asking for a reload.
    let mut saw_down = false;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        assert!(std::time::Instant::now() < deadline, "never came back");
        let _ = tokio::time::timeout(std::time::Duration::from_millis(500), waker.notified()).await;
        match watcher.changed().await {
            Err(StoreError::Unreachable { .. }) => saw_down = true,
            Ok(true) => break,
            Ok(false) => {}
            Err(e) => panic!("{e}"),
        }
    }
    assert!(saw_down, "the desk was told its feed was down");
    // And it hears changes again.
    let _ = watcher.changed().await;
    desk.report(&pothole(t0()), t0()).await.expect("report");
    assert!(hears(&mut watcher).await, "heard after the reconnect");
    drop(watcher);
    desk.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_demo_sized_desk_moves_in_once_with_the_same_figures() {
    let Some(db) = SharedDb::new("move_to") else {
        return;
    };
    let role = db.community("xinlian").await;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("desk.db");
    let start = Utc::now() - Duration::hours(1);
    let mut demo = dutydesk::demo::prepare(&file, Config::default(), false, Some(7), start)
        .await
        .expect("demo prepared");
    if let Some(history) = demo.history.take() {
        history.write(&demo.simulator_desk).await.expect("history");
    }
    demo.desk.close().await;
    demo.simulator_desk.close().await;

    let bin = assert_cmd::cargo::cargo_bin("dutydesk");
    let run = |args: &[&str]| {
        std::process::Command::new(&bin)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", dir.path())
            .env("LANG", "en_US.UTF-8")
            .args(args)
            .output()
            .expect("dutydesk runs")
    };
    let file_arg = file.display().to_string();
    // A shift handed over while cases are open: their timelines show it, on both sides.
    let handed = run(&["--db", &file_arg, "handover", "--to", "李四"]);
    assert!(
        handed.status.success(),
        "{}",
        String::from_utf8_lossy(&handed.stderr)
    );
    // A link given to a reporter before the move (kept only as its hash) opens after it.
    let listed = run(&["--db", &file_arg, "list", "--open"]);
    let open_case = String::from_utf8_lossy(&listed.stdout)
        .lines()
        .nth(1)
        .and_then(|l| l.split_whitespace().next())
        .expect("an open case")
        .to_string();
    let linked = run(&["--db", &file_arg, "link", &open_case, "--for", "reporter"]);
    assert!(
        linked.status.success(),
        "{}",
        String::from_utf8_lossy(&linked.stderr)
    );
    let url = String::from_utf8_lossy(&linked.stdout).trim().to_string();
    let token = url.rsplit('/').next().expect("a token").to_string();
    // A system's Open311 key and a report it handed in move too: the key still works, and
    // the report's token still finds its case.
    let keyed = run(&[
        "--db",
        &file_arg,
        "api-key",
        "add",
        "city",
        "--channel",
        "hotline_12345",
    ]);
    assert!(
        keyed.status.success(),
        "{}",
        String::from_utf8_lossy(&keyed.stderr)
    );
    let api_key = String::from_utf8_lossy(&keyed.stdout)
        .split_whitespace()
        .last()
        .expect("the key")
        .to_string();
    let handed = {
        let own = dutydesk::desk::Desk::open(&file, dutydesk::config::Config::default())
            .await
            .expect("open the file");
        let now = Utc::now();
        let report = crate::common::cases::streetlight(now);
        let intake = dutydesk::store::Intake {
            client: "city".into(),
            idempotency_key: Some("moved-1".into()),
            fingerprint: "f".into(),
            since: now,
            token: "moved-token".into(),
            lat: Some(30.99),
            long: Some(103.6),
            email: None,
            media_url: None,
        };
        let taken = own
            .hand_in(None, &report, &intake, now)
            .await
            .expect("handed in");
        own.store.close().await;
        taken.case.number
    };
    let owner = db.owner();
    let moved = run(&[
        "--db",
        &file_arg,
        "move-to",
        &owner,
        "--community",
        "xinlian",
    ]);
    assert!(
        moved.status.success(),
        "{}",
        String::from_utf8_lossy(&moved.stderr)
    );
    let said = String::from_utf8_lossy(&moved.stdout).to_string();
    let count: usize = said
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("a count in: {said}"));
    assert!(count > 200, "a demo-sized desk: {said}");

    let again = run(&[
        "--db",
        &file_arg,
        "move-to",
        &owner,
        "--community",
        "xinlian",
    ]);
    assert_eq!(again.status.code(), Some(1), "a second move is refused");
    let shared = db.desk(&role, "xinlian").await;
    let opened = shared
        .open_link(&token, Utc::now())
        .await
        .expect("read the link")
        .expect("the moved link opens");
    assert_eq!(opened.case.number, open_case);
    let key = shared
        .api_key(&api_key)
        .await
        .expect("read")
        .expect("the moved key");
    assert_eq!(key.channel, dutydesk::domain::Channel::Hotline12345);
    assert_eq!(
        shared
            .store
            .intake_token("moved-token")
            .await
            .expect("read"),
        Some((Some("xinlian".to_string()), handed))
    );
    shared.close().await;
    let why = String::from_utf8_lossy(&again.stderr);
    assert!(
        why.contains("moved in already") && why.contains("nothing was copied"),
        "{why}"
    );

    // The old file still reads, and refuses every write with the address to use instead
    // (its password left out): a script not yet switched cannot split the records.
    let listed = run(&["--db", &file_arg, "list", "--open"]);
    assert!(listed.status.success(), "reads still work");
    let stale = run(&[
        "--db",
        &file_arg,
        "report",
        "--grid",
        "1",
        "--category",
        "facility.streetlight",
        "--channel",
        "hotline",
        "--place",
        "p",
        "s",
    ]);
    assert_eq!(
        stale.status.code(),
        Some(2),
        "a write to the moved file is refused"
    );
    let why = String::from_utf8_lossy(&stale.stderr);
    assert!(
        why.contains("moved to postgres://") && why.contains("--db"),
        "{why}"
    );

    // The same figures, cases and timelines on both sides.
    let config = dir.path().join("shared.toml");
    std::fs::write(&config, "[community]\ncode = \"xinlian\"\n").expect("config");
    let config_arg = config.display().to_string();
    let from = (Utc::now() - Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let to = Utc::now().format("%Y-%m-%d").to_string();
    let both = |args: &[&str]| {
        let local = run(&[&["--db", &file_arg], args].concat());
        let shared = run(&[&["--config", &config_arg, "--db", &owner], args].concat());
        assert!(local.status.success() && shared.status.success());
        (
            String::from_utf8_lossy(&local.stdout).to_string(),
            String::from_utf8_lossy(&shared.stdout).to_string(),
        )
    };
    let (local, shared) = both(&["stats", "--from", &from, "--to", &to, "--json"]);
    assert_eq!(local, shared, "figures identical");
    let figures: serde_json::Value = serde_json::from_str(&local).expect("json");
    assert_eq!(
        figures["collected"].as_u64().map(|c| c as usize > 200),
        Some(true)
    );
    let (local, shared) = both(&["list", "--all", "--json"]);
    assert_eq!(local, shared, "every case identical");
    let cases: serde_json::Value = serde_json::from_str(&local).expect("json");
    let number = cases[0]["number"].as_str().expect("a number").to_string();
    let (local, shared) = both(&["show", &number, "--json"]);
    assert_eq!(local, shared, "the timeline identical");
    let (open, _) = both(&["list", "--open", "--json"]);
    let open: serde_json::Value = serde_json::from_str(&open).expect("json");
    let held = open[0]["number"]
        .as_str()
        .expect("an open case")
        .to_string();
    let (local, shared) = both(&["show", &held, "--json"]);
    assert_eq!(local, shared, "the timeline with its shifts identical");
    let shown: serde_json::Value = serde_json::from_str(&shared).expect("json");
    assert_eq!(
        shown["shifts"][0]["to"], "李四",
        "the shift moved in: {shown}"
    );
    // The next report continues the day's numbering.
    let next = run(&[
        "--config",
        &config_arg,
        "--db",
        &owner,
        "report",
        "--grid",
        "1",
        "--category",
        "facility.streetlight",
        "--channel",
        "hotline",
        "--place",
        "p",
        "s",
    ]);
    assert!(
        next.status.success(),
        "{}",
        String::from_utf8_lossy(&next.stderr)
    );
    let local_today = run(&["--db", &file_arg, "list", "--all", "--json"]);
    let today = Utc::now()
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y%m%d")
        .to_string();
    let listed: serde_json::Value = serde_json::from_slice(&local_today.stdout).expect("json");
    let highest = listed
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|c| c["number"].as_str())
        .filter(|n| n.starts_with(&today))
        .max()
        .map(String::from);
    let expected = match highest {
        Some(n) => {
            let seq: u32 = n[9..].parse().expect("seq");
            format!("{today}-{:03}", seq + 1)
        }
        None => format!("{today}-001"),
    };
    assert_eq!(String::from_utf8_lossy(&next.stdout).trim(), expected);
}

/// The sub-district desk's claims are pruned as a community's are: a call-up's claims go once
/// its case has been closed a day, on the desk that holds them, and no other desk's go with
/// them (the one loop prunes for both boards; this is the store side of it).
#[tokio::test]
async fn the_sub_districts_claims_are_pruned_like_a_communitys() {
    let Some(db) = SharedDb::new("sub_district_claims_pruned") else {
        return;
    };
    let role = db.community("xinlian").await;
    let desk = db.desk(&role, "xinlian").await;
    let street = db.admin().await;
    let case = desk.report(&pothole(t0()), t0()).await.expect("report");
    let escalate = Action::Escalate {
        body: "subdistrict_urban".into(),
        note: None,
    };
    desk.act(&case.number, &escalate, t0(), t0())
        .await
        .expect("call up");
    let qualified = format!("xinlian/{}", case.number);
    let call_up = dutydesk::domain::alerts::call_ups_due(
        [(qualified.clone(), t0(), false)],
        Duration::minutes(30),
        t0() + Duration::minutes(40),
    );
    assert_eq!(call_up.len(), 2, "new, and waiting");
    let claimed = street
        .store
        .claim_alerts(&call_up, "street", t0() + Duration::minutes(40))
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 2);
    // The community's own claim on the same case, which the street's pruning must not touch.
    let own = dutydesk::domain::alerts::latest_due(
        &case,
        &desk.targets(),
        &dutydesk::domain::AlertRules::default(),
        false,
        t0() + Duration::minutes(16),
    )
    .expect("overdue");
    assert_eq!(
        desk.store
            .claim_alerts(&[own], "desk", t0() + Duration::minutes(16))
            .await
            .expect("claim")
            .len(),
        1
    );
    // Open: nothing goes.
    let later = t0() + Duration::days(3);
    assert_eq!(street.store.prune_alerts(later).await.expect("prune"), 0);
    let cancel = Action::Cancel {
        reason: "the body took it over by phone".into(),
    };
    let closed = t0() + Duration::hours(2);
    desk.act(&case.number, &cancel, closed, closed)
        .await
        .expect("cancel");
    // A day after it closed, the street's two claims go, and only those.
    assert_eq!(street.store.prune_alerts(later).await.expect("prune"), 2);
    assert_eq!(street.store.prune_alerts(later).await.expect("prune"), 0);
    assert_eq!(desk.store.prune_alerts(later).await.expect("prune"), 1);
    desk.close().await;
    street.close().await;
}
