//! The figures screen (`s`) and the shift handover (`h`) in both languages at 80x24 and
//! 200x50, as snapshots; and the handover's sheet from a fixed clock with one case of each
//! kind it lists.

use crate::common::cases;

use std::collections::HashMap;

use cases::{arrived, dispatched, model, now, reported, then};
use chrono::Duration;
use dutydesk::app::{Model, View};
use dutydesk::desk::Stats;
use dutydesk::domain::breakdown::{Breakdown, Day, Group};
use dutydesk::domain::{Action, AlertRules, Figures, Targets, Tier};
use dutydesk::i18n::Lang;

/// One case of each kind the handover lists, on a fixed clock (10:00 in Shanghai).
fn kinds() -> Vec<dutydesk::domain::Case> {
    // Nobody there yet, 20 minutes in: overdue, alert not acknowledged.
    let late = reported("20261128-001", 2, "facility.streetlight", "新联街", 20);
    // Called up, the body has not taken it.
    let called = then(
        arrived(
            dispatched(
                reported("20261128-002", 3, "road.pothole", "绿道", 90),
                "张丽",
                88,
            ),
            80,
        ),
        Action::Escalate {
            body: "subdistrict_office".into(),
            note: None,
        },
        60,
    );
    // A medium matter reported two days ago, no public note since.
    let mut medium = arrived(
        dispatched(
            reported(
                "20261126-004",
                5,
                "building.wall_trim_falling",
                "山水天成",
                60 * 48,
            ),
            "陈静",
            60 * 48 - 3,
        ),
        60 * 48 - 12,
    );
    medium.tier = Tier::Medium;
    // A small matter resolved, reporter not told.
    let done = then(
        arrived(
            dispatched(
                reported("20261128-003", 1, "facility.streetlight", "柏条河", 70),
                "李秀英",
                68,
            ),
            60,
        ),
        Action::Resolve {
            note: "已修复".into(),
            told: false,
        },
        30,
    );
    vec![late, called, medium, done]
}

fn handover_model(lang: Lang) -> Model {
    let cases = kinds();
    let open: Vec<_> = cases.iter().filter(|c| c.is_open()).cloned().collect();
    let mut m = model(lang, open);
    m.snapshot.recent = cases;
    let sheet = dutydesk::desk::handover::build(
        &m.snapshot,
        &HashMap::new(),
        &[1, 2],
        &Targets::default(),
        &AlertRules::default(),
        now(),
    );
    m.handover = Some(Box::new(sheet));
    m.view = View::Handover;
    m
}

#[test]
fn the_handover_lists_one_case_of_each_kind_from_live_clocks() {
    let m = handover_model(Lang::En);
    let sheet = m.handover.as_deref().expect("sheet");
    let numbers = |v: Vec<&str>| v.into_iter().map(String::from).collect::<Vec<_>>();
    assert_eq!(
        sheet.open.first().map(|c| c.number.as_str()),
        Some("20261128-001"),
        "most urgent first"
    );
    assert_eq!(sheet.open[0].secs_left, Some(-5 * 60), "5 minutes late");
    assert_eq!(
        sheet
            .waiting_on_body
            .iter()
            .map(|c| c.number.as_str())
            .collect::<Vec<_>>(),
        ["20261128-002"]
    );
    assert!(sheet.waiting_on_body[0].received_at.is_none());
    assert_eq!(sheet.not_told, numbers(vec!["20261128-003"]));
    assert_eq!(
        sheet
            .no_public_note
            .iter()
            .map(|q| q.number.as_str())
            .collect::<Vec<_>>(),
        ["20261126-004"]
    );
    assert!(sheet.unacknowledged.contains(&"20261128-001".to_string()));
    assert_eq!(
        sheet.patrols_due,
        [
            (1, "morning"),
            (1, "afternoon"),
            (2, "morning"),
            (2, "afternoon")
        ]
    );
}

fn stats_model(lang: Lang) -> Model {
    let mut m = model(lang, cases::morning());
    let today = m.snapshot.today.clone();
    let month = Figures {
        collected: 62,
        resident_reported: 46,
        handled_by_community: 51,
        called_up: 11,
        resolved: 58,
        resolved_same_day: 49,
        arrived: 60,
        arrived_within_target: 54,
        median_arrival_minutes: Some(9.5),
        p90_arrival_minutes: Some(16.0),
        reporter_told: 40,
        satisfied: 31,
        unsatisfied: 2,
        ..Figures::default()
    };
    let group = |key: &str, collected| Group {
        key: key.into(),
        collected,
        arrived: collected,
        within_target: collected.saturating_sub(1),
    };
    let breakdown = Breakdown {
        by_grid: (1..=7).map(|g| group(&g.to_string(), 3 + g * 2)).collect(),
        arrival_minutes: vec![
            (3, 4),
            (5, 8),
            (8, 12),
            (10, 9),
            (12, 8),
            (14, 6),
            (15, 3),
            (18, 2),
            (25, 1),
            (60, 1),
        ],
        days: (1..=30)
            .map(|d| Day {
                day: format!("202611{d:02}"),
                arrived: 2,
                within_target: if d % 7 == 0 { 1 } else { 2 },
            })
            .collect(),
        ..Breakdown::default()
    };
    let to = Targets::default().zone_day(now());
    m.stats = Some(Box::new(Stats {
        today,
        month,
        breakdown,
        from: to - Duration::days(29),
        to,
    }));
    m.view = View::Stats;
    m
}

#[test]
fn the_figures_screen_and_the_handover_in_both_languages() {
    for lang in [Lang::En, Lang::Zh] {
        for (w, h) in [(80, 24), (200, 50)] {
            let stats = cases::screen(&stats_model(lang), w, h);
            insta::assert_snapshot!(format!("stats_{lang:?}_{w}x{h}"), stats);
            assert!(
                stats.contains("62"),
                "the month's collected count:\n{stats}"
            );
            let handover = cases::screen(&handover_model(lang), w, h);
            insta::assert_snapshot!(format!("handover_{lang:?}_{w}x{h}"), handover);
            assert!(handover.contains("20261128-002"), "{handover}");
        }
    }
}
