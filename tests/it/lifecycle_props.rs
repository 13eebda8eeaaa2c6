//! Any sequence of actions, allowed or not, at any times, keeps the lifecycle's invariants.

use chrono::{DateTime, Duration, TimeZone, Utc};
use dutydesk::domain::lifecycle::{apply, open};
use dutydesk::domain::{Action, ArrivalHow, Case, Channel, Report, Rules, State, Tier};
use proptest::prelude::*;

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0)
        .single()
        .expect("valid time")
}

fn action() -> impl Strategy<Value = Action> {
    let text = prop_oneof![
        Just(String::new()),
        Just(" ".to_string()),
        Just("处理中".to_string())
    ];
    let name = prop_oneof![Just("王建华".to_string()), Just("周志强".to_string())];
    let tier = prop_oneof![Just(Tier::Small), Just(Tier::Medium), Just(Tier::Big)];
    let how = prop_oneof![Just(ArrivalHow::Photo), Just(ArrivalHow::Seen)];
    prop_oneof![
        (name, proptest::option::of(text.clone()))
            .prop_map(|(responder, note)| Action::Dispatch { responder, note }),
        how.prop_map(|how| Action::Arrive { how }),
        prop_oneof![Just("subdistrict_office"), Just("housing_bureau")].prop_map(|b| {
            Action::Escalate {
                body: b.into(),
                note: None,
            }
        }),
        tier.prop_map(|tier| Action::SetTier { tier }),
        (text.clone(), any::<bool>()).prop_map(|(text, public)| Action::Note { text, public }),
        (text.clone(), any::<bool>()).prop_map(|(note, told)| Action::Resolve { note, told }),
        Just(Action::Tell { verdict: None }),
        text.clone().prop_map(|reason| Action::Cancel { reason }),
        text.prop_map(|reason| Action::Reopen { reason }),
    ]
}

fn check_invariants(c: &Case) -> Result<(), TestCaseError> {
    if let Some(d) = c.dispatched_at {
        prop_assert!(d >= c.reported_at, "dispatch before report");
    }
    if let Some(a) = &c.arrival {
        prop_assert!(a.at >= c.dispatched_at.expect("arrival implies dispatch"));
        prop_assert_eq!(a.taken_secs, (a.at - c.reported_at).num_seconds());
        prop_assert_eq!(a.met, a.taken_secs <= a.target_secs);
    }
    if let Some(r) = &c.resolution {
        prop_assert!(!r.note.trim().is_empty(), "a resolved case has a note");
        prop_assert!(r.at >= c.arrival.as_ref().expect("resolution implies arrival").at);
    }
    if let Some(x) = &c.cancellation {
        prop_assert!(x.at >= c.reported_at);
        prop_assert!(!x.reason.trim().is_empty());
    }
    match c.state {
        State::Reported => prop_assert!(c.responder.is_none() && c.arrival.is_none()),
        State::Dispatched => prop_assert!(c.responder.is_some() && c.arrival.is_none()),
        State::OnScene => prop_assert!(c.arrival.is_some() && c.resolution.is_none()),
        State::Resolved => prop_assert!(c.resolution.is_some()),
        State::Cancelled => prop_assert!(c.cancellation.is_some() && c.resolution.is_none()),
        State::Joined => prop_assert!(c.joined.is_some() && c.resolution.is_none()),
    }
    if c.reporter_told {
        prop_assert_eq!(c.state, State::Resolved);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_sequence_keeps_the_invariants(
        steps in proptest::collection::vec((action(), -5i64..40, 1i64..30), 1..25),
    ) {
        let report = Report {
            grid: 1, category: "facility.guard_rail".into(), channel: Channel::Hotline,
            place: "柏条河绿道".into(), summary: "台阶没有护栏".into(), reporter: None,
            phone: None, tier: Tier::Small, on_scene: None, at: t0(),
        };
        let (mut case, _) = open("20261128-001".into(), &report, &Rules { arrival_target: Duration::minutes(15) }, t0())
            .expect("valid report");
        let mut now = t0();
        let mut frozen = None;
        for (action, offset_min, target_min) in steps {
            now += Duration::minutes(1);
            // Targets change between steps, as a config edit would.
            let rules = Rules { arrival_target: Duration::minutes(target_min) };
            let at = now - Duration::minutes(offset_min.max(0)) + Duration::minutes(offset_min.min(0).abs() / 3);
            // A refused action leaves the case as it was.
            if let Ok((next, event)) = apply(&case, &action, at, now, &rules) {
                prop_assert_eq!(event.at, at);
                case = next;
            }
            check_invariants(&case)?;
            if let Some(a) = &case.arrival {
                let verdict = (a.at, a.taken_secs, a.target_secs, a.met);
                if let Some(before) = frozen {
                    prop_assert_eq!(before, verdict, "a frozen verdict never changes");
                }
                frozen = Some(verdict);
            }
        }
    }
}
