//! Which alerts fall due on a tick, and what they say: pure, so the thresholds are tested with
//! a fixed clock. Sending them is the loop's job (`crate::notice`).

use chrono::{DateTime, Utc};

use super::model::Model;
use crate::domain::Stage;
use crate::domain::alerts::{clock_kind, latest_due, link_alerts, link_seq, next_due};
use crate::domain::{Alert, AlertKind, ClockKind};
use crate::i18n::texts;
pub use crate::notice::Notice;
use crate::text::{countdown, visible};

/// The alerts due now that this desk has not yet claimed or seen claimed, and the next
/// instant any alert falls due (until then a tick need not look).
pub fn due_now(model: &Model, now: DateTime<Utc>) -> (Vec<Alert>, Option<DateTime<Utc>>) {
    let targets = &model.targets;
    let mut next: Option<DateTime<Utc>> = None;
    let mut due: Vec<Alert> = model
        .snapshot
        .open
        .iter()
        .filter_map(|case| {
            let clock = clock_kind(&targets.clock(case))?;
            let acknowledged = model
                .snapshot
                .acknowledged
                .iter()
                .any(|(n, c)| *n == case.number && *c == clock);
            let rules = &model.alert_rules;
            if let Some(at) = next_due(case, targets, rules, acknowledged, now) {
                next = Some(next.map_or(at, |n| n.min(at)));
            }
            latest_due(case, targets, rules, acknowledged, now)
        })
        .collect();
    due.extend(link_alerts_now(model, now, &mut next));
    due.retain(|alert| !model.alerted.contains(&alert.key()));
    (due, next)
}

/// What the responders' links call for (`dutydesk serve`): nobody answered, help asked. A
/// desk without links has none.
fn link_alerts_now(
    model: &Model,
    now: DateTime<Utc>,
    next: &mut Option<DateTime<Utc>>,
) -> Vec<Alert> {
    let mut due = Vec::new();
    for link in &model.snapshot.links {
        let Some(case) = model.snapshot.open.iter().find(|c| c.number == link.case) else {
            continue;
        };
        let (alerts, at) = link_alerts(case, link, &model.alert_rules, now);
        if let Some(at) = at {
            *next = Some(next.map_or(at, |n| n.min(at)));
        }
        due.extend(alerts);
    }
    due
}

fn minutes(alert: &Alert, now: DateTime<Utc>) -> i64 {
    whole_minutes(alert.late(now).num_seconds())
}

/// Seconds late (negative: left) as whole minutes, rounded away from zero before the target:
/// "1 min left" until it passes.
fn whole_minutes(late: i64) -> i64 {
    if late >= 0 {
        late / 60
    } else {
        -((-late + 59) / 60)
    }
}

/// Seconds from the banner's case's target on the clock it warned about (negative: time
/// left, as the board's row counts it); `None` for a notice about several cases.
pub fn live_seconds(model: &Model, notice: &Notice, now: DateTime<Utc>) -> Option<i64> {
    let (number, clock) = notice.case.as_ref()?;
    let case = model.snapshot.open.iter().find(|c| &c.number == number)?;
    let deadline = match clock {
        ClockKind::Arrival => Some(model.targets.arrival_deadline(case)),
        ClockKind::Resolution => model.targets.resolution_deadline(case),
    }?;
    Some((now - deadline).num_seconds())
}

/// The banner's stage now: a warning is `!`, overdue `!!`, as on the case's row. A notice
/// about several cases is as urgent as it said when it came.
pub fn banner_stage(model: &Model, notice: &Notice, now: DateTime<Utc>) -> Stage {
    match live_seconds(model, notice, now) {
        Some(late) if late >= 0 => Stage::Overdue,
        Some(_) => Stage::Warning,
        None if notice.critical => Stage::Overdue,
        None => Stage::Warning,
    }
}

/// The banner's words for `notice` now, its clock counted live as the case's row counts it
/// (`02:59` left, `+00:42` overdue): "overdue by 0 min" never stays on the wall while the
/// case runs later, and the banner and the row never disagree.
pub fn banner_summary(model: &Model, notice: &Notice, now: DateTime<Utc>) -> String {
    match (&notice.case, live_seconds(model, notice, now)) {
        (Some((number, clock)), Some(late)) => {
            let a = &texts(model.lang).alert;
            let words = match (clock, late >= 0) {
                (ClockKind::Arrival, false) => a.live[0],
                (ClockKind::Arrival, true) => a.live[1],
                (ClockKind::Resolution, false) => a.live[2],
                (ClockKind::Resolution, true) => a.live[3],
            };
            words
                .replace("{case}", number)
                .replace("{clock}", &countdown(-late, model.lang))
        }
        _ => notice.summary.clone(),
    }
}

/// What to say for alerts claimed together: one notice each, or one for the lot when there
/// are several (the ones that fell due while no dashboard ran), never a flood.
pub fn notices(model: &Model, alerts: &[Alert], now: DateTime<Utc>) -> Vec<Notice> {
    let t = texts(model.lang);
    let a = &t.alert;
    let describe = |alert: &Alert| {
        let case = model
            .snapshot
            .open
            .iter()
            .find(|c| c.number == alert.number);
        let place = case
            .map(|c| visible(&c.place).into_owned())
            .unwrap_or_default();
        let grid = case.map(|c| c.grid);
        let category = case
            .and_then(|c| model.catalog.kind(&c.category))
            .map(|k| model.lang.name(&k.names).to_string())
            .unwrap_or_default();
        let body = match case {
            Some(c) => format!("{} {} · {place} · {category}", t.ui.grid_filter, c.grid),
            None => String::new(),
        };
        (grid, place, body)
    };
    if let [alert] = alerts {
        let late = minutes(alert, now);
        let (grid, place, body) = describe(alert);
        return vec![Notice {
            key: alert.key(),
            kind: alert.kind,
            case: Some((alert.number.clone(), clock_of(alert))),
            about: vec![(alert.number.clone(), clock_of(alert))],
            grid,
            place,
            late_minutes: late,
            summary: a.summaries[alert.kind as usize]
                .replace("{case}", &alert.number)
                .replace("{name}", &responder_of(model, alert))
                .replace("{minutes}", &late.abs().to_string()),
            body,
            critical: alert.overdue(),
        }];
    }
    let Some(worst) = alerts.iter().max_by_key(|a| a.late(now)) else {
        return Vec::new();
    };
    let overdue = alerts.iter().filter(|a| a.overdue()).count();
    let numbers: Vec<&str> = alerts.iter().map(|a| a.number.as_str()).collect();
    vec![Notice {
        key: alerts.iter().map(Alert::key).collect::<Vec<_>>().join(","),
        kind: worst.kind,
        case: None,
        about: alerts
            .iter()
            .map(|a| (a.number.clone(), clock_of(a)))
            .collect(),
        grid: None,
        place: String::new(),
        late_minutes: minutes(worst, now),
        summary: a
            .group
            .replace("{count}", &alerts.len().to_string())
            .replace("{overdue}", &overdue.to_string()),
        body: numbers.join(" "),
        critical: overdue > 0,
    }]
}

/// The responder an alert from a link is about (made visible: a name is typed at the desk).
fn responder_of(model: &Model, alert: &Alert) -> String {
    let person = model
        .snapshot
        .links
        .iter()
        .find(|l| l.case == alert.number && link_seq(l) == alert.seq)
        .and_then(|l| l.person.as_deref())
        .unwrap_or_default();
    visible(person).into_owned()
}

fn clock_of(alert: &Alert) -> ClockKind {
    match alert.kind {
        AlertKind::ArrivalWarning
        | AlertKind::ArrivalOverdue
        | AlertKind::CallUpNew
        | AlertKind::CallUpWaiting
        | AlertKind::NoAnswer
        | AlertKind::CallUpAsked => ClockKind::Arrival,
        AlertKind::ResolutionWarning | AlertKind::ResolutionOverdue => ClockKind::Resolution,
    }
}

/// How many alerts the banner remembers.
const REMEMBERED: usize = 20;

/// A new alert for the banner; it replaces older ones about the same cases.
pub fn raise(model: &mut Model, notice: Notice) {
    model
        .alarms
        .retain(|old| !old.about.iter().any(|a| notice.about.contains(a)));
    model.alarms.push(notice);
    if model.alarms.len() > REMEMBERED {
        model.alarms.remove(0);
    }
}

/// After a reload: alerts that no longer hold leave the banner, which falls back to the
/// newest one that still does.
pub fn settle(model: &mut Model) {
    let mut alarms = std::mem::take(&mut model.alarms);
    alarms.retain(|notice| still_holds(model, notice));
    model.alarms = alarms;
}

/// Someone acknowledged `number`'s alerts: they leave the banner.
pub fn acknowledged(model: &mut Model, number: &str) {
    model
        .alarms
        .retain(|n| n.case.as_ref().is_none_or(|(c, _)| c != number));
}

/// Whether an alert still holds: one of its cases is open and the clock it warned about is
/// still the one running (a case reached since is no longer "left to reach the scene").
fn still_holds(model: &Model, notice: &Notice) -> bool {
    // From a link: holds while the link still calls for it (answered, or called up, it goes).
    if matches!(notice.kind, AlertKind::NoAnswer | AlertKind::CallUpAsked) {
        let keys: Vec<&str> = notice.key.split(',').collect();
        return model.snapshot.links.iter().any(|link| {
            let Some(case) = model.snapshot.open.iter().find(|c| c.number == link.case) else {
                return false;
            };
            let (alerts, _) = link_alerts(case, link, &model.alert_rules, DateTime::<Utc>::MAX_UTC);
            alerts.iter().any(|a| keys.contains(&a.key().as_str()))
        });
    }
    notice.about.iter().any(|(number, clock)| {
        model
            .snapshot
            .open
            .iter()
            .find(|c| &c.number == number)
            .and_then(|c| clock_kind(&model.targets.clock(c)))
            .is_some_and(|running| running == *clock)
    })
}
