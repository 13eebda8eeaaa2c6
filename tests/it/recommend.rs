//! Whom to send (`domain::recommend`): a fixed history ranked exactly, and properties over
//! any history: free before busy, nobody off duty, the estimate's fallbacks in the documented
//! order, the shortfall exactly when nobody free is expected in time.

use chrono::{DateTime, Duration, TimeZone, Utc};
use proptest::prelude::*;

use dutydesk::domain::recommend::{
    Basis, HOP_MINUTES, LEAST_ARRIVALS, Neighbours, PastDispatch, Person, UNKNOWN_MINUTES,
    recommend,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, 2, 0, 0)
        .single()
        .expect("a time")
}

/// The community's own map (assets/grids.toml): grid 7 is two grids from grid 3 (7-4-3).
fn map() -> Neighbours {
    dutydesk::catalog::Catalog::embedded().neighbours()
}

fn person(name: &str, home: Option<u8>) -> Person {
    Person {
        name: name.into(),
        home,
        on_duty: true,
        busy_with: None,
    }
}

/// `n` arrivals of `who` in `grid`, each taking `minutes`, days apart.
fn arrivals(who: &str, grid: u8, minutes: i64, n: usize) -> Vec<PastDispatch> {
    (0..n)
        .map(|i| PastDispatch {
            responder: who.into(),
            grid,
            at: now() - Duration::days(2 + i as i64),
            took_secs: Some(minutes * 60),
        })
        .collect()
}

#[test]
fn a_fixed_history_is_ranked_exactly() {
    // Grid 3's case with 6 minutes left.
    let deadline = now() + Duration::minutes(6);
    let mut people = vec![
        person("胡队员", Some(3)),
        person("张丽", Some(3)),
        person("王建华", Some(4)),
        person("赵敏", Some(7)),
        person("李秀英", Some(3)),
        person("周明", Some(3)),
        person("休息的", Some(3)),
    ];
    people[4].busy_with = Some("20261207-001".into());
    people[6].on_duty = false;
    let mut history = Vec::new();
    history.extend(arrivals("张丽", 3, 5, 23));
    history.extend(arrivals("胡队员", 3, 14, 9));
    // 王建华 has never been to grid 3, but is quick at home: his own median plus one hop.
    history.extend(arrivals("王建华", 4, 3, 5));
    // 李秀英 is the fastest of all, and busy: never first.
    history.extend(arrivals("李秀英", 3, 2, 10));
    // Too old to count.
    history.extend(arrivals("周明", 3, 1, 5).into_iter().map(|mut d| {
        d.at -= Duration::days(120);
        d
    }));
    let r = recommend(
        3,
        deadline,
        &people,
        &history,
        &map(),
        now() - Duration::hours(2),
        now(),
    );
    let order: Vec<(&str, f64)> = r
        .candidates
        .iter()
        .map(|c| (c.name.as_str(), c.minutes()))
        .collect();
    // Grid 3's median over 23+9+10 arrivals: 5 min (the 21st and 22nd of 42 are 5). 周明,
    // with nothing of his own in 90 days, is expected as quickly as 张丽 and has rested
    // longer; 赵敏 is two grids away (7-4-3).
    assert_eq!(
        order,
        vec![
            ("周明", 5.0),
            ("张丽", 5.0),
            ("王建华", 3.0 + HOP_MINUTES),
            ("赵敏", 5.0 + 2.0 * HOP_MINUTES),
            ("胡队员", 14.0),
            ("李秀英", 2.0),
        ],
        "{r:#?}"
    );
    let basis: Vec<Basis> = r.candidates.iter().map(|c| c.basis).collect();
    assert_eq!(
        basis,
        vec![
            Basis::Grid {
                median: 5.0,
                arrivals: 42,
                hops: 0
            },
            Basis::OwnHere {
                median: 5.0,
                arrivals: 23
            },
            // His own median (of grid 4), and the one grid he crosses.
            Basis::OwnAnywhere {
                median: 3.0,
                arrivals: 5,
                hops: 1
            },
            Basis::Grid {
                median: 5.0,
                arrivals: 42,
                hops: 2
            },
            Basis::OwnHere {
                median: 14.0,
                arrivals: 9
            },
            Basis::OwnHere {
                median: 2.0,
                arrivals: 10
            },
        ]
    );
    assert_eq!(r.shortfall, None, "张丽 is expected within the 6 minutes");
    assert!(!r.candidates[5].free());
    assert!(r.candidates.iter().all(|c| c.name != "休息的"), "off duty");
}

#[test]
fn rest_then_load_then_name_break_ties() {
    let deadline = now() + Duration::minutes(15);
    let people = vec![
        person("丙", Some(3)),
        person("甲", Some(3)),
        person("乙", Some(3)),
    ];
    let mut history = arrivals("甲", 3, 6, 3);
    history.extend(arrivals("乙", 3, 6, 3));
    history.extend(arrivals("丙", 3, 6, 3));
    // 甲 was sent an hour ago; 乙 twice today but earlier; 丙 not today.
    let sent = |who: &str, ago: i64| PastDispatch {
        responder: who.into(),
        grid: 5,
        at: now() - Duration::minutes(ago),
        took_secs: None,
    };
    history.extend([sent("甲", 60), sent("乙", 200), sent("乙", 190)]);
    let r = recommend(
        3,
        deadline,
        &people,
        &history,
        &map(),
        now() - Duration::hours(8),
        now(),
    );
    let names: Vec<&str> = r.candidates.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, vec!["丙", "乙", "甲"], "{r:#?}");
    assert_eq!(r.candidates[1].sent_today, 2);
    // With nothing to tell them apart, the name decides, the same every time.
    let r = recommend(3, deadline, &people, &[], &map(), now(), now());
    let names: Vec<&str> = r.candidates.iter().map(|c| c.name.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted);
    assert!(r.candidates.iter().all(|c| c.minutes() == UNKNOWN_MINUTES));
}

#[test]
fn the_shortfall_names_the_minutes_left_when_nobody_is_in_time() {
    let deadline = now() + Duration::minutes(6) + Duration::seconds(30);
    let people = vec![person("胡队员", Some(3))];
    let history = arrivals("胡队员", 3, 13, 9);
    let r = recommend(3, deadline, &people, &history, &map(), now(), now());
    assert_eq!(r.shortfall, Some(6));
    // Nobody free at all is a shortfall too.
    let mut busy = people.clone();
    busy[0].busy_with = Some("x".into());
    let r = recommend(
        3,
        deadline,
        &busy,
        &arrivals("胡队员", 3, 1, 9),
        &map(),
        now(),
        now(),
    );
    assert_eq!(r.shortfall, Some(6));
}

fn arb_history() -> impl Strategy<Value = Vec<PastDispatch>> {
    let names = prop::sample::select(vec!["甲", "乙", "丙", "丁", "戊"]);
    prop::collection::vec(
        (names, 1u8..=7, 0i64..200, prop::option::of(30i64..3600)),
        0..60,
    )
    .prop_map(|rows| {
        rows.into_iter()
            .map(|(who, grid, days, took)| PastDispatch {
                responder: who.into(),
                grid,
                at: now() - Duration::days(days) - Duration::minutes(1),
                took_secs: took,
            })
            .collect()
    })
}

fn arb_people() -> impl Strategy<Value = Vec<Person>> {
    prop::collection::vec(
        (
            prop::option::of(1u8..=7),
            prop::bool::weighted(0.8),
            prop::bool::weighted(0.3),
        ),
        5,
    )
    .prop_map(|rows| {
        ["甲", "乙", "丙", "丁", "戊"]
            .iter()
            .zip(rows)
            .map(|(name, (home, on_duty, busy))| Person {
                name: name.to_string(),
                home,
                on_duty,
                busy_with: busy.then(|| "20261207-009".to_string()),
            })
            .collect()
    })
}

proptest! {
    #[test]
    fn free_before_busy_off_duty_never_and_shortfall_exactly_when_nobody_is_in_time(
        grid in 1u8..=7,
        left in -5i64..40,
        people in arb_people(),
        history in arb_history(),
    ) {
        let deadline = now() + Duration::minutes(left);
        let r = recommend(grid, deadline, &people, &history, &map(), now() - Duration::hours(3), now());
        let on_duty = people.iter().filter(|p| p.on_duty).count();
        prop_assert_eq!(r.candidates.len(), on_duty);
        let first_busy = r.candidates.iter().position(|c| !c.free()).unwrap_or(r.candidates.len());
        prop_assert!(r.candidates[first_busy..].iter().all(|c| !c.free()));
        let in_time = r.candidates.iter().any(|c| c.free() && c.minutes() <= left as f64);
        prop_assert_eq!(r.shortfall.is_none(), in_time);
        for c in &r.candidates {
            let since = now() - Duration::days(90);
            let took = |f: &dyn Fn(&PastDispatch) -> bool| history.iter()
                .filter(|d| d.at >= since && f(d) && d.took_secs.is_some()).count();
            let here = took(&|d| d.responder == c.name && d.grid == grid);
            let anywhere = took(&|d| d.responder == c.name);
            let in_grid = took(&|d| d.grid == grid);
            // The documented order: own here, own anywhere, the grid's, assumed.
            match c.basis {
                Basis::OwnHere { arrivals, .. } => {
                    prop_assert!(arrivals >= LEAST_ARRIVALS);
                    prop_assert_eq!(arrivals, here);
                }
                Basis::OwnAnywhere { arrivals, .. } => {
                    prop_assert!(here < LEAST_ARRIVALS && arrivals >= LEAST_ARRIVALS);
                    prop_assert_eq!(arrivals, anywhere);
                }
                Basis::Grid { arrivals, .. } => {
                    prop_assert!(here < LEAST_ARRIVALS && anywhere < LEAST_ARRIVALS);
                    prop_assert!(arrivals >= LEAST_ARRIVALS);
                    prop_assert_eq!(arrivals, in_grid);
                }
                Basis::Assumed { .. } => {
                    prop_assert!(here < LEAST_ARRIVALS && anywhere < LEAST_ARRIVALS && in_grid < LEAST_ARRIVALS);
                }
            }
        }
        // The same input, the same order.
        let again = recommend(grid, deadline, &people, &history, &map(), now() - Duration::hours(3), now());
        prop_assert_eq!(again, r);
    }
}
