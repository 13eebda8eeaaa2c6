//! Every lifecycle transition, allowed and refused, with a fixed clock.

use chrono::{Duration, TimeZone, Utc};

use super::fixtures::{rules, t0};
use super::lifecycle::{apply, open};
use super::*;

fn report(channel: Channel) -> Report {
    Report {
        grid: 2,
        category: "facility.fitness_equipment".into(),
        channel,
        place: "山水天成 3栋".into(),
        summary: "健身器材断裂".into(),
        reporter: Some("张三".into()),
        phone: Some("13812345678".into()),
        tier: Tier::Small,
        on_scene: None,
        at: t0(),
    }
}

fn new_case() -> Case {
    open(
        "20261128-001".into(),
        &report(Channel::Hotline),
        &rules(),
        t0(),
    )
    .expect("valid report")
    .0
}

fn step(case: &Case, action: Action, minutes: i64) -> Result<Case, DomainError> {
    let at = t0() + Duration::minutes(minutes);
    apply(case, &action, at, at, &rules()).map(|(c, _)| c)
}

fn dispatch(name: &str) -> Action {
    Action::Dispatch {
        responder: name.into(),
        note: None,
    }
}

fn arrive() -> Action {
    Action::Arrive {
        how: ArrivalHow::Photo,
    }
}

fn resolve() -> Action {
    Action::Resolve {
        note: "修好了".into(),
        told: false,
    }
}

fn on_scene_at(minutes: i64) -> Case {
    let c = step(&new_case(), dispatch("王建华"), 1).expect("dispatch");
    step(&c, arrive(), minutes).expect("arrive")
}

fn refused(result: Result<Case, DomainError>) -> String {
    match result {
        Err(e @ DomainError::NotAllowed { .. }) => e.to_string(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_report_opens_a_reported_case_with_one_event() {
    let (case, events) = open(
        "20261128-001".into(),
        &report(Channel::Hotline),
        &rules(),
        t0(),
    )
    .expect("valid report");
    assert_eq!(case.state, State::Reported);
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, EventKind::Reported);
    assert!(case.resident_reported());
}

#[test]
fn a_report_needs_a_summary_and_a_place_and_no_future_time() {
    let mut r = report(Channel::Hotline);
    r.summary = "  ".into();
    let err = open("n".into(), &r, &rules(), t0()).unwrap_err();
    assert!(matches!(
        err,
        DomainError::Invalid {
            field: "summary",
            ..
        }
    ));
    let mut r = report(Channel::Hotline);
    r.place = String::new();
    assert!(matches!(
        open("n".into(), &r, &rules(), t0()),
        Err(DomainError::Invalid { field: "place", .. })
    ));
    let mut r = report(Channel::Hotline);
    r.at = t0() + Duration::seconds(1);
    let err = open("n".into(), &r, &rules(), t0()).unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");
}

#[test]
fn a_patrol_finding_on_scene_is_dispatched_and_arrived_at_report_time() {
    let mut r = report(Channel::Patrol);
    r.on_scene = Some("红袖套巡逻队".into());
    let (case, events) = open("n".into(), &r, &rules(), t0()).expect("patrol finding");
    assert_eq!(case.state, State::OnScene);
    assert_eq!(case.dispatched_at, Some(t0()));
    let arrival = case.arrival.clone().expect("arrival recorded");
    assert_eq!(
        (arrival.at, arrival.taken_secs, arrival.met),
        (t0(), 0, true)
    );
    let kinds: Vec<_> = events.iter().map(|e| e.kind).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Reported,
            EventKind::Dispatched,
            EventKind::Arrived
        ]
    );
    assert!(!case.resident_reported());
}

#[test]
fn dispatch_then_redispatch_before_arrival_keeps_the_first_dispatch_time() {
    let c = step(&new_case(), dispatch("王建华"), 1).expect("dispatch");
    assert_eq!(c.state, State::Dispatched);
    let c2 = step(&c, dispatch("周志强"), 4).expect("re-dispatch");
    assert_eq!(c2.responder.as_deref(), Some("周志强"));
    assert_eq!(c2.dispatched_at, c.dispatched_at);
    assert!(refused(step(&c2, dispatch("周志强"), 5)).contains("already dispatched"));
}

#[test]
fn arrival_needs_a_dispatch_and_freezes_its_verdict() {
    assert!(refused(step(&new_case(), arrive(), 3)).contains("dispatch first"));
    let c = on_scene_at(15);
    let a = c.arrival.clone().expect("arrived");
    assert_eq!((a.taken_secs, a.target_secs, a.met), (900, 900, true));
    assert_eq!(a.minutes(), 15.0);
    let late = on_scene_at(16);
    assert!(!late.arrival.expect("arrived").met);
    assert!(refused(step(&c, arrive(), 20)).contains("already recorded"));
    // A later target does not change a verdict that is already frozen.
    let stricter = Rules {
        arrival_target: Duration::minutes(5),
    };
    let (after, _) = apply(
        &c,
        &Action::Note {
            text: "x".into(),
            public: false,
        },
        t0() + Duration::minutes(30),
        t0() + Duration::minutes(30),
        &stricter,
    )
    .expect("note");
    assert!(after.arrival.expect("still arrived").met);
}

#[test]
fn dispatching_a_case_on_scene_or_closed_is_refused_with_the_reason() {
    assert!(refused(step(&on_scene_at(5), dispatch("周志强"), 6)).contains("already on the scene"));
    let resolved = step(&on_scene_at(5), resolve(), 30).expect("resolve");
    assert!(refused(step(&resolved, dispatch("周志强"), 31)).contains("it is resolved"));
}

#[test]
fn call_up_is_allowed_in_every_open_state_and_makes_it_big() {
    let up = Action::Escalate {
        body: "subdistrict_office".into(),
        note: None,
    };
    for case in [
        new_case(),
        step(&new_case(), dispatch("王建华"), 1).expect("d"),
        on_scene_at(5),
    ] {
        let c = step(&case, up.clone(), 6).expect("call-up");
        assert!(c.called_up());
        assert_eq!(c.tier, Tier::Big);
        assert_eq!(c.state, case.state, "a call-up does not stop a clock");
        assert!(refused(step(&c, up.clone(), 7)).contains("already called up"));
    }
    let cancelled = step(
        &new_case(),
        Action::Cancel {
            reason: "重复".into(),
        },
        1,
    )
    .expect("cancel");
    assert!(refused(step(&cancelled, up, 2)).contains("cancelled"));
}

#[test]
fn tier_changes_only_on_open_cases_and_only_to_another_tier() {
    let c = step(&new_case(), Action::SetTier { tier: Tier::Medium }, 1).expect("tier");
    assert_eq!(c.tier, Tier::Medium);
    assert!(
        refused(step(&c, Action::SetTier { tier: Tier::Medium }, 2)).contains("already medium")
    );
    let resolved = step(&on_scene_at(5), resolve(), 30).expect("resolve");
    assert!(refused(step(&resolved, Action::SetTier { tier: Tier::Big }, 31)).contains("resolved"));
}

#[test]
fn notes_need_text_and_are_refused_on_cancelled_cases() {
    let note = |t: &str| Action::Note {
        text: t.into(),
        public: true,
    };
    assert!(matches!(
        step(&new_case(), note(" "), 1),
        Err(DomainError::Invalid { field: "note", .. })
    ));
    assert!(step(&new_case(), note("封锁危险区域"), 1).is_ok());
    let cancelled = step(
        &new_case(),
        Action::Cancel {
            reason: "重复".into(),
        },
        1,
    )
    .expect("cancel");
    assert!(refused(step(&cancelled, note("x"), 2)).contains("cancelled"));
}

#[test]
fn resolve_needs_someone_on_scene_and_a_note() {
    assert!(refused(step(&new_case(), resolve(), 3)).contains("arrival first"));
    let empty = Action::Resolve {
        note: "".into(),
        told: true,
    };
    assert!(matches!(
        step(&on_scene_at(5), empty, 6),
        Err(DomainError::Invalid { field: "note", .. })
    ));
    let c = step(
        &on_scene_at(5),
        Action::Resolve {
            note: "修好".into(),
            told: true,
        },
        40,
    )
    .expect("resolve");
    assert_eq!(c.state, State::Resolved);
    assert!(c.reporter_told);
    assert!(refused(step(&c, resolve(), 41)).contains("resolved"));
}

#[test]
fn resolving_a_cancelled_case_is_refused() {
    let cancelled = step(
        &new_case(),
        Action::Cancel {
            reason: "不是问题".into(),
        },
        1,
    )
    .expect("cancel");
    assert!(refused(step(&cancelled, resolve(), 2)).contains("it is cancelled"));
}

#[test]
fn telling_the_reporter_follows_resolution_once() {
    assert!(
        refused(step(&on_scene_at(5), Action::Tell { verdict: None }, 6)).contains("not resolved")
    );
    let c = step(&on_scene_at(5), resolve(), 30).expect("resolve");
    assert!(!c.reporter_told);
    let told = step(&c, Action::Tell { verdict: None }, 31).expect("tell");
    assert!(told.reporter_told);
    assert!(refused(step(&told, Action::Tell { verdict: None }, 32)).contains("already told"));
}

#[test]
fn cancel_needs_a_reason_and_an_open_case() {
    let cancel = |r: &str| Action::Cancel { reason: r.into() };
    assert!(matches!(
        step(&new_case(), cancel(""), 1),
        Err(DomainError::Invalid {
            field: "reason",
            ..
        })
    ));
    let c = step(&new_case(), cancel("重复报告"), 1).expect("cancel");
    assert_eq!(c.state, State::Cancelled);
    assert!(refused(step(&c, cancel("again"), 2)).contains("cancelled"));
    let resolved = step(&on_scene_at(5), resolve(), 30).expect("resolve");
    assert!(refused(step(&resolved, cancel("x"), 31)).contains("only open cases"));
}

#[test]
fn reopen_returns_a_resolved_case_to_the_scene_and_keeps_the_arrival_verdict() {
    let reopen = |r: &str| Action::Reopen { reason: r.into() };
    assert!(refused(step(&on_scene_at(5), reopen("x"), 6)).contains("not resolved"));
    let resolved = step(&on_scene_at(20), resolve(), 30).expect("resolve");
    assert!(matches!(
        step(&resolved, reopen(" "), 31),
        Err(DomainError::Invalid {
            field: "reason",
            ..
        })
    ));
    let c = step(&resolved, reopen("又坏了"), 31).expect("reopen");
    assert_eq!(c.state, State::OnScene);
    assert_eq!(c.resolution, None);
    assert_eq!(c.arrival, resolved.arrival);
}

#[test]
fn times_must_not_be_in_the_future_or_before_what_they_follow() {
    let c = step(&new_case(), dispatch("王建华"), 10).expect("dispatch");
    let at = t0() + Duration::minutes(5);
    let err = apply(&c, &arrive(), at, t0() + Duration::minutes(20), &rules()).unwrap_err();
    assert!(err.to_string().contains("before the dispatch"), "{err}");
    let err = apply(
        &c,
        &arrive(),
        t0() + Duration::minutes(30),
        t0() + Duration::minutes(20),
        &rules(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("in the future"), "{err}");
    let err = apply(
        &new_case(),
        &dispatch("x"),
        t0() - Duration::minutes(1),
        t0(),
        &rules(),
    )
    .unwrap_err();
    assert!(err.to_string().contains("before the report"), "{err}");
}

#[test]
fn clocks_stage_at_exactly_the_warning_and_the_target_instants() {
    let targets = Targets::default();
    let case = new_case();
    let deadline = targets.clock(&case).deadline().expect("arrival clock");
    assert_eq!(deadline, t0() + Duration::minutes(15));
    let at = |m: i64, s: i64| t0() + Duration::minutes(m) + Duration::seconds(s);
    assert_eq!(targets.stage(deadline, at(9, 59)), Stage::Calm);
    assert_eq!(targets.stage(deadline, at(10, 0)), Stage::Warning);
    assert_eq!(targets.stage(deadline, at(14, 59)), Stage::Warning);
    assert_eq!(targets.stage(deadline, at(15, 0)), Stage::Overdue);
}

#[test]
fn resolution_clock_small_same_local_day_medium_days_later_big_tracked() {
    let targets = Targets::default();
    // 01:00 UTC is 09:00 in Shanghai: the local day ends at 16:00 UTC.
    let c = on_scene_at(5);
    assert_eq!(
        targets.clock(&c),
        Clock::Resolution {
            deadline: Utc
                .with_ymd_and_hms(2026, 11, 28, 16, 0, 0)
                .single()
                .expect("t")
        }
    );
    let medium = step(&c, Action::SetTier { tier: Tier::Medium }, 6).expect("medium");
    assert_eq!(
        targets.clock(&medium).deadline(),
        Utc.with_ymd_and_hms(2026, 12, 1, 16, 0, 0).single()
    );
    let big = step(&c, Action::SetTier { tier: Tier::Big }, 6).expect("big");
    assert_eq!(targets.clock(&big), Clock::Tracking);
    let resolved = step(&c, resolve(), 30).expect("resolve");
    assert_eq!(targets.clock(&resolved), Clock::Stopped);
    assert!(targets.resolved_same_day(&resolved));
}

#[test]
fn figures_count_as_the_seed_does() {
    let targets = Targets::default();
    let mut cases = Vec::new();
    for i in 0..10 {
        let channel = if i < 3 {
            Channel::Patrol
        } else {
            Channel::WechatGroup
        };
        let mut c = open(format!("n{i}"), &report(channel), &rules(), t0())
            .expect("open")
            .0;
        if i < 2 {
            c = step(
                &c,
                Action::Escalate {
                    body: "subdistrict_office".into(),
                    note: None,
                },
                1,
            )
            .expect("up");
        }
        cases.push(c);
    }
    cases.push(
        step(
            &new_case(),
            Action::Cancel {
                reason: "重复".into(),
            },
            1,
        )
        .expect("cancel"),
    );
    let f = Figures::of(&cases, &targets);
    assert_eq!(
        (
            f.collected,
            f.resident_reported,
            f.called_up,
            f.handled_by_community
        ),
        (10, 7, 2, 8)
    );
    assert_eq!(f.cancelled, 1);
}

#[test]
fn undo_restores_the_case_only_if_nobody_changed_it_since() {
    let case = new_case();
    let dispatch = Action::Dispatch {
        responder: "王建华".into(),
        note: None,
    };
    let at = t0() + Duration::minutes(1);
    let (dispatched, _) = apply(&case, &dispatch, at, at, &rules()).expect("dispatch");
    let undo = Action::Undo {
        undone: EventKind::Dispatched,
        expected: Box::new(dispatched.clone()),
        restore: Box::new(case.clone()),
    };
    let (back, event) = apply(&dispatched, &undo, at, at, &rules()).expect("undo");
    assert_eq!(back, case);
    assert_eq!(event.kind, EventKind::Undone);
    assert_eq!(event.details["undone"], "dispatched");
    // Someone else acted in between: the undo is refused rather than losing their change.
    let note = Action::Note {
        text: "物业已到".into(),
        public: false,
    };
    let (noted, _) = apply(&dispatched, &note, at, at, &rules()).expect("note");
    let mut changed = noted.clone();
    changed.tier = Tier::Medium;
    let refused = apply(&changed, &undo, at, at, &rules()).expect_err("changed since");
    assert!(
        matches!(refused, DomainError::NotAllowed { .. }),
        "{refused}"
    );
}

#[test]
fn a_phone_must_look_like_one() {
    let mut bad = report(Channel::Hotline);
    bad.phone = Some("13812x".into());
    let err = open("20261128-001".into(), &bad, &rules(), t0()).expect_err("not a phone");
    assert!(
        matches!(err, DomainError::Invalid { field: "phone", .. }),
        "{err}"
    );
    for ok in ["13812345678", "+86 138-1234-5678", "028 8712 3456"] {
        assert!(lifecycle::check_phone(ok).is_ok(), "{ok}");
    }
    assert!(lifecycle::check_phone("1234").is_err(), "too short");
}

#[test]
fn the_next_stage_change_is_the_warning_then_the_deadline_then_none() {
    let targets = Targets::default();
    let deadline = t0() + Duration::minutes(15);
    let warning = deadline - targets.warning;
    let next = |now| targets.next_stage_change(deadline, now);
    assert_eq!(next(t0()), Some(warning));
    assert_eq!(next(warning - Duration::milliseconds(1)), Some(warning));
    assert_eq!(next(warning), Some(deadline));
    assert_eq!(next(deadline - Duration::milliseconds(1)), Some(deadline));
    assert_eq!(next(deadline), None);
    // The stage indeed changes exactly at those instants, and not between them.
    let ms = Duration::milliseconds(1);
    assert_ne!(
        targets.stage(deadline, warning - ms),
        targets.stage(deadline, warning)
    );
    assert_ne!(
        targets.stage(deadline, deadline - ms),
        targets.stage(deadline, deadline)
    );
    assert_eq!(
        targets.stage(deadline, warning),
        targets.stage(deadline, deadline - ms)
    );
}

/// A report imported ten hours after it was made, with no arrival given: history, not an
/// emergency. No live clock, no alert now or later, counted apart; recording its arrival
/// later gives it a verdict like any other.
#[test]
fn imported_history_with_no_arrival_is_not_recorded_not_late() {
    let imported_at = t0() + Duration::hours(10);
    let (case, _) = super::lifecycle::open_imported(
        "20261128-001".into(),
        &report(Channel::Hotline),
        &[],
        &rules(),
        imported_at,
    )
    .expect("valid");
    assert!(case.arrival_not_recorded());
    let targets = Targets::default();
    assert_eq!(targets.clock(&case), Clock::Unrecorded);
    let alerts = AlertRules::default();
    assert_eq!(
        alerts::latest_due(&case, &targets, &alerts, false, imported_at),
        None
    );
    assert_eq!(
        alerts::next_due(&case, &targets, &alerts, false, imported_at),
        None
    );
    let figures = Figures::of(std::slice::from_ref(&case), &targets);
    assert_eq!(
        (figures.arrival_not_recorded, figures.arrived),
        (1, 0),
        "neither on time nor late"
    );
    // Resolved as it was, without an arrival.
    let resolve = Action::Resolve {
        note: "已修复".into(),
        told: false,
    };
    assert!(apply(&case, &resolve, imported_at, imported_at, &rules()).is_ok());
    // Imported within its target, it is live like any report.
    let (fresh, _) = super::lifecycle::open_imported(
        "20261128-002".into(),
        &report(Channel::Hotline),
        &[],
        &rules(),
        t0() + Duration::minutes(5),
    )
    .expect("valid");
    assert!(!fresh.arrival_not_recorded());
    assert!(matches!(targets.clock(&fresh), Clock::Arrival { .. }));
}
