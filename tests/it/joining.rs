//! Several reports of one matter: a report joins the open case of the same matter (at intake
//! or later), the case counts its reports and keeps its countdown, a join is undone exactly,
//! telling covers every reporter, and the figures count problems once beside the reports.
//! On both engines, from the command line, the dashboard's model and a real terminal.

use std::time::Duration as Wait;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use crate::common::cases::{self, model, morning, now, reported};
use crate::common::pg;
use crate::common::tmux::Tmux;
use dutydesk::app::{Effect, Model, Msg, update};
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::{Action, ArrivalHow, Channel, Report, State, Tier, Verdict};
use dutydesk::i18n::Lang;

fn streetlight(at: DateTime<Utc>, channel: Channel, reporter: &str) -> Report {
    Report {
        grid: 3,
        category: "facility.streetlight".into(),
        channel,
        place: "新联街 5号".into(),
        summary: "路灯不亮".into(),
        reporter: Some(reporter.into()),
        phone: None,
        tier: Tier::Small,
        on_scene: None,
        at,
    }
}

/// A streetlight reported `minutes` before `now`.
async fn reported_ago(
    desk: &Desk,
    now: DateTime<Utc>,
    minutes: i64,
    channel: Channel,
    reporter: &str,
) -> dutydesk::domain::Case {
    desk.report(
        &streetlight(now - Duration::minutes(minutes), channel, reporter),
        now,
    )
    .await
    .expect("a report")
}

/// The same story on either engine: three reports of one streetlight, one joined at intake,
/// one joined later with a report of its own; an undo; telling; the figures.
async fn joins(desk: &Desk) {
    let now = Utc::now();
    let first = reported_ago(desk, now, 20, Channel::Hotline, "王一").await;
    let second = reported_ago(desk, now, 15, Channel::WechatGroup, "李二").await;
    let n = |c: &dutydesk::domain::Case| c.number.clone();
    desk.act(
        &n(&second),
        &Action::Dispatch {
            responder: "张丽".into(),
            note: None,
        },
        now - Duration::minutes(14),
        now,
    )
    .await
    .expect("dispatch the second");
    // A third report of the second's matter, taken in at intake.
    let third = desk
        .report_into(
            &streetlight(now - Duration::minutes(10), Channel::WalkIn, "赵三"),
            &n(&second),
            now,
        )
        .await
        .expect("report into the second");
    assert_eq!(third.report.after.state, State::Joined);
    assert_eq!(third.problem.after.reports, 2);
    let third_n = n(&third.report.after);
    let first_before = desk.case(&n(&first)).await.expect("first");
    let second_before = desk.case(&n(&second)).await.expect("second");

    // The second (with its third) joins the first: the first counts all three, keeps its clock.
    let join = desk.join(&n(&second), &n(&first), now).await.expect("join");
    assert_eq!(join.moved, vec![third_n.clone()], "the third comes along");
    let first_now = desk.case(&n(&first)).await.expect("first");
    assert_eq!(first_now.reports, 3);
    assert_eq!(
        first_now.reported_at, first_before.reported_at,
        "countdown unchanged"
    );
    assert_eq!(first_now.state, State::Reported);
    let third_now = desk.case(&third_n).await.expect("third");
    assert_eq!(
        third_now.joined.as_ref().map(|j| j.into.clone()),
        Some(n(&first)),
        "joins stay flat"
    );
    let (_, third_timeline) = desk.case_with_timeline(&third_n).await.expect("timeline");
    let joins: Vec<String> = third_timeline
        .iter()
        .filter(|e| e.kind == dutydesk::domain::EventKind::Joined)
        .map(|e| e.details["into"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        joins,
        [n(&second), n(&first)],
        "the report's own timeline says where it moved"
    );
    // Refused: a case into itself, into a joined report, a closed case.
    assert!(desk.join(&n(&first), &n(&first), now).await.is_err());
    assert!(desk.join(&n(&first), &third_n, now).await.is_err());
    let open = desk
        .cases(&dutydesk::store::CaseFilter {
            open_only: true,
            ..Default::default()
        })
        .await
        .expect("open");
    assert_eq!(
        open.iter().map(|c| c.number.clone()).collect::<Vec<_>>(),
        vec![n(&first)],
        "one open problem, one countdown"
    );
    let timeline = desk.case_with_timeline(&n(&first)).await.expect("timeline");
    let again = timeline
        .1
        .iter()
        .filter(|e| e.kind == dutydesk::domain::EventKind::ReportedAgain)
        .count();
    assert_eq!(again, 1, "one join recorded on the first");

    // The undo: split with what came along, both cases exactly as before.
    desk.split(&n(&second), &join.moved, now)
        .await
        .expect("undo the join");
    assert_eq!(desk.case(&n(&first)).await.expect("first"), first_before);
    assert_eq!(desk.case(&n(&second)).await.expect("second"), second_before);
    assert_eq!(
        desk.case(&third_n)
            .await
            .expect("third")
            .joined
            .map(|j| j.into),
        Some(n(&second))
    );
    // Joined again, and a split of one report: the third alone, a case with its own clock.
    desk.join(&n(&second), &n(&first), now)
        .await
        .expect("join again");
    let split = desk.split(&third_n, &[], now).await.expect("split");
    assert_eq!(split.report.after.state, State::Reported);
    assert_eq!(
        split.report.after.reported_at, third.report.after.reported_at,
        "its own report's clock"
    );
    assert_eq!(split.problem.after.reports, 2);
    desk.join(&third_n, &n(&first), now)
        .await
        .expect("join the third back");

    // Dealt with and told: every reporter is told; each one's verdict is kept.
    let at = |m| now - Duration::minutes(m);
    let first_n = n(&first);
    for (action, m) in [
        (
            Action::Dispatch {
                responder: "张丽".into(),
                note: None,
            },
            9,
        ),
        (
            Action::Arrive {
                how: ArrivalHow::Callback,
            },
            8,
        ),
        (
            Action::Resolve {
                note: "换了灯泡".into(),
                told: false,
            },
            2,
        ),
        (
            Action::Tell {
                verdict: Some(Verdict {
                    satisfied: true,
                    note: None,
                }),
            },
            1,
        ),
    ] {
        let change = desk
            .act(&first_n, &action, at(m), now)
            .await
            .expect("the first's lifecycle");
        if let Action::Tell { .. } = action {
            // Taken back (the dashboard's z) and told again: every reporter follows.
            assert!(desk.case(&n(&second)).await.expect("second").reporter_told);
            let undo = Action::Undo {
                undone: dutydesk::domain::EventKind::Told,
                expected: Box::new(change.after),
                restore: Box::new(change.before),
            };
            desk.act(&first_n, &undo, now, now).await.expect("undo");
            assert!(!desk.case(&n(&second)).await.expect("second").reporter_told);
            desk.act(&first_n, &action, at(m), now)
                .await
                .expect("told again");
        }
    }
    let told = desk.case(&n(&second)).await.expect("second");
    assert!(told.reporter_told, "telling covers every reporter");
    assert_eq!(told.verdict, None);
    desk.act(
        &n(&second),
        &Action::Tell {
            verdict: Some(Verdict {
                satisfied: false,
                note: Some("太慢".into()),
            }),
        },
        now,
        now,
    )
    .await
    .expect("the second reporter's own verdict");
    let day = desk.local_day(now);
    let figures = desk.figures(day, day).await.expect("figures");
    assert_eq!(figures.collected, 1, "{figures:?}");
    assert_eq!(figures.reports, 3, "{figures:?}");
    assert_eq!(figures.resolved, 1);
    assert_eq!(
        figures.arrived, 1,
        "the joined second's dispatch is not an arrival"
    );
    assert_eq!(figures.reporter_told, 3);
    assert_eq!((figures.satisfied, figures.unsatisfied), (1, 1));
}

async fn roster(desk: &Desk) {
    desk.add_responder(&dutydesk::catalog::Responder {
        name: "张丽".into(),
        role: dutydesk::domain::Role::GridWorker,
        grid: Some(3),
        phone: None,
        on_duty: true,
    })
    .await
    .ok();
}

#[tokio::test]
async fn joining_on_a_sqlite_file() {
    let dir = tempfile::tempdir().expect("dir");
    let desk = Desk::open(&dir.path().join("desk.db"), Config::default())
        .await
        .expect("open");
    roster(&desk).await;
    joins(&desk).await;
    desk.close().await;
}

#[tokio::test]
async fn joining_on_the_shared_database() {
    let Some(db) = pg::SharedDb::new("joining") else {
        return;
    };
    let role = db.community("xinlian").await;
    let desk = db.desk(&role, "xinlian").await;
    roster(&desk).await;
    joins(&desk).await;
    desk.close().await;
}

#[test]
fn the_command_line_joins_at_intake_and_later_and_counts_problems_and_reports() {
    let desk = crate::common::Desk::new();
    let report = |channel: &str, extra: &[&str]| {
        let mut args = vec![
            "report",
            "--grid",
            "3",
            "--category",
            "facility.streetlight",
            "--channel",
            channel,
            "--place",
            "新联街 5号",
        ];
        args.extend_from_slice(extra);
        args.push("路灯不亮");
        desk.output(&args)
    };
    let first = report("hotline", &[]);
    let first = String::from_utf8_lossy(&first.stdout).trim().to_string();
    let second = report("walk_in", &["--same-as", &first, "--reporter", "李四明"]);
    assert!(second.status.success());
    let second_n = String::from_utf8_lossy(&second.stdout).trim().to_string();
    assert_eq!(
        String::from_utf8_lossy(&second.stdout).lines().count(),
        1,
        "the number alone on stdout"
    );
    let said = String::from_utf8_lossy(&second.stderr);
    assert!(
        said.contains(&format!("{second_n} counted with {first}: 2 reports")),
        "{said}"
    );
    let third = report("wechat_group", &[]);
    let third = String::from_utf8_lossy(&third.stdout).trim().to_string();
    let said = desk.ok(&["join", &third, "--into", &first]);
    assert!(said.contains("3 reports of one matter"), "{said}");
    let shown = desk.ok(&["show", &first]);
    assert!(shown.contains("Reports   3"), "{shown}");
    assert!(shown.contains("reported again"), "{shown}");
    // Every report listed, its own first, the reporter masked as everywhere.
    assert!(shown.contains("Reports (3)"), "{shown}");
    assert!(
        shown
            .lines()
            .any(|l| l.contains(&second_n) && l.contains("walk-in · 李**")),
        "{shown}"
    );
    assert!(!shown.contains("李四明"), "{shown}");
    let listed = desk.ok(&["list"]);
    assert!(listed.contains(&format!("{first} ×3")), "{listed}");
    assert!(
        !listed.contains(&third),
        "a joined report has no line of its own"
    );
    let stats = desk.ok(&["stats"]);
    assert!(
        stats
            .lines()
            .any(|l| l.starts_with("Collected") && l.ends_with(" 1")),
        "{stats}"
    );
    assert!(
        stats
            .lines()
            .any(|l| l.starts_with("Reports") && l.ends_with(" 3")),
        "{stats}"
    );
    // Acting on a joined report names the case to act on.
    let refused = desk.fails(2, &["dispatch", &third, "--to", "张丽"]);
    assert!(
        refused.contains(&format!("joined into {first}")),
        "{refused}"
    );
    let split = desk.ok(&["split", &third]);
    assert!(split.contains("2 reports"), "{split}");
    assert_eq!(desk.case(&third)["state"], "reported");
    // What is posted counts problems: the case with its count, the joined report inside it.
    let day = first[..8].to_string();
    let day = format!("{}-{}-{}", &day[..4], &day[4..6], &day[6..]);
    let posted = desk.ok(&[
        "export", "--from", &day, "--to", &day, "--public", "--format", "md",
    ]);
    assert!(posted.contains(&format!("{first} ×2")), "{posted}");
    assert!(!posted.contains(&second_n), "{posted}");
    let kept = desk.ok(&["export", "--from", &day, "--to", &day, "--format", "md"]);
    assert!(kept.contains(&format!("→ {first}")), "{kept}");
    // A same-as that names no open case is refused, and nothing is left half-written.
    let before = desk.all_cases().len();
    let bad = report("hotline", &["--same-as", "20991231-001"]);
    assert!(!bad.status.success());
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("20991231-001"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    assert_eq!(desk.all_cases().len(), before, "no case opened");
}

fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now()).effects
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        press(m, KeyCode::Char(c));
    }
}

#[test]
fn f6_on_the_report_form_adds_the_report_to_the_first_case_it_may_be() {
    let mut m = model(Lang::En, morning());
    press(&mut m, KeyCode::Char('n'));
    typed(&mut m, "3");
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "environment.garbage");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "新联街12号门口");
    // The summary is still empty: F6 shows what is missing, writes nothing.
    let effects = press(&mut m, KeyCode::F(6));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Write(_))),
        "{effects:?}"
    );
    let form = m.form().expect("still the form");
    assert_eq!(form.same_as[0].number, "20261128-003");
    let text = cases::screen(&m, 160, 45);
    assert!(
        text.contains("F6 adds this report to 20261128-003"),
        "{text}"
    );
    // The summary has the focus: what is missing is typed in place.
    typed(&mut m, "垃圾又满了");
    let effects = press(&mut m, KeyCode::F(6));
    assert!(m.in_flight.is_some(), "{:?}", m.form());
    let write = effects.iter().find_map(|e| match e {
        Effect::Write(dutydesk::app::command::Command::ReportInto { report, into }) => {
            Some((report.summary.clone(), into.clone()))
        }
        _ => None,
    });
    assert_eq!(
        write,
        Some(("垃圾又满了".to_string(), "20261128-003".to_string()))
    );
}

/// The morning's board with grid 3's garbage reported three times in 20 minutes.
fn reported_thrice(lang: Lang) -> Model {
    let mut open = morning();
    let mut joined = Vec::new();
    for (i, minutes) in [(4, 1), (5, 0)] {
        let mut r = reported(
            &format!("20261128-0{i:02}"),
            3,
            "environment.garbage",
            "新联街 12号",
            minutes,
        );
        r.state = State::Joined;
        r.joined = Some(dutydesk::domain::Joined {
            into: "20261128-003".into(),
            at: now(),
            from: State::Reported,
        });
        joined.push(r);
    }
    for c in open.iter_mut().filter(|c| c.number == "20261128-003") {
        c.reports = 3;
    }
    let mut m = model(lang, open.clone());
    let mut snapshot = m.snapshot.clone();
    snapshot.recent = open.iter().cloned().chain(joined).collect();
    snapshot.big_matters = dutydesk::domain::joining::big_matters(&snapshot.open, &snapshot.recent);
    dutydesk::app::board::load(&mut m, snapshot);
    m
}

#[test]
fn the_board_shows_how_many_reports_a_case_has_and_suggests_a_big_matter() {
    for (lang, tag, mark) in [(Lang::En, "en", "big?"), (Lang::Zh, "zh", "大事?")] {
        let m = reported_thrice(lang);
        assert_eq!(m.snapshot.big_matters, ["20261128-003"]);
        for (w, h) in [(80, 24), (160, 45)] {
            let text = cases::screen(&m, w, h);
            let row = text
                .lines()
                .find(|l| l.contains("20261128-003"))
                .unwrap_or_else(|| panic!("the case's row: {text}"));
            assert!(row.contains("×3"), "{row}");
            if w == 160 {
                assert!(row.contains(mark), "{row}");
            }
            insta::assert_snapshot!(format!("board_reports_{tag}_{w}x{h}"), text);
        }
    }
}

#[test]
fn a_second_report_of_the_streetlight_is_joined_by_one_key_in_a_real_terminal() {
    let desk = crate::common::Desk::new();
    let first = desk
        .ok(&[
            "report",
            "--grid",
            "3",
            "--category",
            "facility.streetlight",
            "--channel",
            "hotline",
            "--place",
            "新联街 5号",
            "路灯不亮",
        ])
        .trim()
        .to_string();
    let board = Tmux::dashboard(&desk, "en_US.UTF-8", (160, 45), &[], &[]);
    board.wait_for("the case", Wait::from_secs(10), |s| s.contains(&first));
    board.send("n");
    board.wait_for("the form", Wait::from_secs(5), |s| s.contains("New report"));
    board.type_text("3");
    board.send("Tab");
    board.type_text("facility.streetlight");
    board.send("Tab");
    board.send("Tab");
    board.type_text("新联街5号路灯");
    board.send("Tab");
    board.type_text("又不亮了");
    board.wait_for("the offer to join", Wait::from_secs(5), |s| {
        s.contains(&format!("F6 adds this report to {first}"))
    });
    board.send("F6");
    board.wait_for("the board's ×2", Wait::from_secs(10), |s| {
        s.contains(&format!("counted with {first}: 2 reports")) && s.contains("×2 新联街 5号")
    });
    board.wait_for("today's problems and reports", Wait::from_secs(5), |s| {
        s.contains("reported 1 (2 reports)")
    });
    assert_eq!(desk.case(&first)["reports"], 2);
    assert_eq!(desk.all_cases().len(), 2, "the report is kept, joined");
}

#[test]
fn plus_with_no_other_open_case_says_so_and_opens_no_form() {
    let one: Vec<_> = morning().into_iter().take(1).collect();
    let mut m = model(Lang::En, one);
    press(&mut m, KeyCode::Char('+'));
    assert!(m.form().is_none());
    let text = cases::screen(&m, 160, 45);
    assert!(
        text.contains("No other open case to join it into"),
        "{text}"
    );
}

#[test]
fn plus_joins_the_selected_case_and_z_splits_it_back_with_what_came_along() {
    use dutydesk::app::command::{Command, Written};
    let mut open = morning();
    // Another report of grid 3's rubbish, opened as a case of its own.
    open.push(reported(
        "20261128-006",
        3,
        "environment.garbage",
        "新联街 12号门口",
        1,
    ));
    let mut m = model(Lang::En, open.clone());
    // Select the newer rubbish case: the board lists it after 20261128-003.
    for _ in 0..10 {
        if dutydesk::app::board::selected(&m, now()).is_some_and(|c| c.number == "20261128-006") {
            break;
        }
        press(&mut m, KeyCode::Down);
    }
    press(&mut m, KeyCode::Char('+'));
    let form = m.form().expect("the join form");
    assert_eq!(form.kind, dutydesk::app::form::FormKind::Join);
    let text = cases::screen(&m, 160, 45);
    assert!(text.contains("20261128-003"), "{text}");
    let effects = press(&mut m, KeyCode::Enter);
    let asked = effects.iter().find_map(|e| match e {
        Effect::Write(Command::Join { number, into }) => Some((number.clone(), into.clone())),
        _ => None,
    });
    assert_eq!(
        asked,
        Some(("20261128-006".to_string(), "20261128-003".to_string())),
        "the case of its grid and category is offered first"
    );
    // As the store answers: the report joined, one more report of its own came along.
    let case = |n: &str| {
        open.iter()
            .find(|c| c.number == n)
            .cloned()
            .expect("a case")
    };
    let (report, problem) = (case("20261128-006"), case("20261128-003"));
    let joined = dutydesk::domain::joining::join(&report, &problem, now(), now()).expect("join");
    let change = dutydesk::store::JoinChange {
        report: dutydesk::store::Change {
            before: report,
            after: joined.report,
        },
        problem: dutydesk::store::Change {
            before: problem,
            after: joined.problem,
        },
        moved: vec!["20261128-007".into()],
    };
    update(
        &mut m,
        Msg::Written(Ok(Written::Joined {
            change: Box::new(change),
            opened: false,
        })),
        now(),
    );
    let effects = press(&mut m, KeyCode::Char('z'));
    let undo = effects.iter().find_map(|e| match e {
        Effect::Write(Command::Split {
            number,
            back,
            cancel,
        }) => Some((number.clone(), back.clone(), cancel.clone())),
        _ => None,
    });
    assert_eq!(
        undo,
        Some((
            "20261128-006".to_string(),
            vec!["20261128-007".to_string()],
            None
        ))
    );
}

/// A joined report has no clock: the alert claims it had are forgotten like a closed case's,
/// so a desk that runs for weeks keeps none for it.
#[tokio::test]
async fn a_joined_reports_alert_claims_are_pruned_like_a_closed_cases() {
    use dutydesk::domain::AlertRules;
    use dutydesk::store::Store;
    let dir = tempfile::tempdir().expect("dir");
    let desk = Desk::open(&dir.path().join("desk.db"), Config::default())
        .await
        .expect("open");
    let now = Utc::now();
    let first = reported_ago(&desk, now, 25, Channel::Hotline, "王一").await;
    let again = reported_ago(&desk, now, 20, Channel::WalkIn, "李二").await;
    let alert = dutydesk::domain::alerts::latest_due(
        &again,
        &desk.targets(),
        &AlertRules::default(),
        false,
        now,
    )
    .expect("overdue");
    let claimed = desk
        .store
        .claim_alerts(&[alert], "desk", now)
        .await
        .expect("claim");
    assert_eq!(claimed.len(), 1);
    desk.join(&again.number, &first.number, now)
        .await
        .expect("join");
    let gone = desk
        .store
        .prune_alerts(now + Duration::days(2))
        .await
        .expect("prune");
    assert_eq!(gone, 1, "the joined report's claim");
    desk.close().await;
}

/// Two desks of one community join the same two cases crosswise at the same moment: the rows
/// are locked in one order, so one join wins and the other is refused by the rules, naming the
/// case to join into; the database never has to break a deadlock.
#[tokio::test]
async fn crosswise_joins_on_the_shared_database_never_deadlock() {
    let Some(db) = pg::SharedDb::new("crosswise_joins") else {
        return;
    };
    let role = db.community("xinlian").await;
    let one = db.desk(&role, "xinlian").await;
    let two = db.desk(&role, "xinlian").await;
    for round in 0..10 {
        let now = Utc::now();
        let a = reported_ago(&one, now, 5, Channel::Hotline, "王一")
            .await
            .number;
        let b = reported_ago(&one, now, 4, Channel::WalkIn, "李二")
            .await
            .number;
        let (x, y) = tokio::join!(one.join(&a, &b, now), two.join(&b, &a, now));
        let refused = |r: &Result<_, dutydesk::desk::DeskError>| {
            r.as_ref().err().map(|e| (e.is_bad_input(), e.to_string()))
        };
        match (refused(&x), refused(&y)) {
            (None, Some((true, why))) => assert!(why.contains(&b), "round {round}: {why}"),
            (Some((true, why)), None) => assert!(why.contains(&a), "round {round}: {why}"),
            other => panic!("round {round}: one join wins, the other is refused: {other:?}"),
        }
    }
    one.close().await;
    two.close().await;
}

#[test]
fn minus_splits_a_joined_report_out_from_the_closed_list_and_refuses_any_other_case() {
    use dutydesk::app::command::Command;
    let mut m = reported_thrice(Lang::En);
    // An open case was never joined: nothing to split, and the line says why.
    press(&mut m, KeyCode::Char('-'));
    assert!(m.form().is_none());
    let text = cases::screen(&m, 160, 45);
    assert!(text.contains("never joined into another case"), "{text}");
    // The closed list holds the joined reports.
    press(&mut m, KeyCode::Tab);
    let selected = dutydesk::app::board::selected(&m, now())
        .map(|c| (c.number.clone(), c.state))
        .expect("a closed case selected");
    assert_eq!(selected.1, State::Joined, "{selected:?}");
    press(&mut m, KeyCode::Char('-'));
    let form = m.form().expect("the split form");
    assert_eq!(form.kind, dutydesk::app::form::FormKind::Split);
    let text = cases::screen(&m, 160, 45);
    assert!(
        text.contains(&format!(
            "Enter makes {} a case of its own again",
            selected.0
        )),
        "{text}"
    );
    let effects = press(&mut m, KeyCode::Enter);
    let asked = effects.iter().find_map(|e| match e {
        Effect::Write(Command::Split {
            number,
            back,
            cancel,
        }) => Some((number.clone(), back.len(), cancel.clone())),
        _ => None,
    });
    assert_eq!(asked, Some((selected.0, 0, None)));
}
