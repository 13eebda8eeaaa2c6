//! When to alert the duty officer: a clock about to miss its target, the moment it does, and
//! a reminder every few minutes after until someone acknowledges it. Each alert has a key that
//! names it for good (case, kind, sequence), so it is sent once however many desks watch.

use chrono::{DateTime, Duration, Utc};

use super::case::Case;
use super::clock::{Clock, Targets};
use super::codes::{AlertKind, ClockKind, LinkRole};
use super::links::Link;

/// The alert settings in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AlertRules {
    /// Between reminders while a case stays overdue and unacknowledged.
    pub reminder: Duration,
    /// How long before a resolution target its warning comes (the arrival warning is the
    /// targets' `warning`).
    pub resolution_lead: Duration,
    /// How long a responder sent a link may leave it unanswered (no On my way) before the
    /// desk is told.
    pub no_answer: Duration,
}

impl Default for AlertRules {
    fn default() -> Self {
        AlertRules {
            reminder: Duration::minutes(5),
            resolution_lead: Duration::minutes(60),
            no_answer: Duration::minutes(3),
        }
    }
}

/// One alert: what, about which case, and when it fell due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alert {
    pub number: String,
    pub kind: AlertKind,
    /// 0 for the warning and for the moment of the target; 1, 2, ... for the reminders.
    pub seq: u32,
    pub due: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
}

impl Alert {
    /// Names this alert for good: `20261128-003:arrival_overdue:2`.
    pub fn key(&self) -> String {
        format!("{}:{}:{}", self.number, self.kind.code(), self.seq)
    }

    /// How far past the target at `now` (negative: time left).
    pub fn late(&self, now: DateTime<Utc>) -> Duration {
        now - self.deadline
    }

    pub fn overdue(&self) -> bool {
        matches!(
            self.kind,
            AlertKind::ArrivalOverdue
                | AlertKind::ResolutionOverdue
                | AlertKind::CallUpWaiting
                | AlertKind::NoAnswer
                | AlertKind::CallUpAsked
        )
    }
}

/// The clock a case runs on now, for alerts and acknowledgements.
pub fn clock_kind(clock: &Clock) -> Option<ClockKind> {
    match clock {
        Clock::Arrival { .. } => Some(ClockKind::Arrival),
        Clock::Resolution { .. } => Some(ClockKind::Resolution),
        Clock::Tracking | Clock::Unrecorded | Clock::Stopped => None,
    }
}

/// When the next alert for `case` falls due after `now`: the warning, the target, or the next
/// reminder; `None` when none will (tracked, closed, or overdue and acknowledged). Until then
/// nothing needs checking.
pub fn next_due(
    case: &Case,
    targets: &Targets,
    rules: &AlertRules,
    acknowledged: bool,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let clock = targets.clock(case);
    let deadline = clock.deadline()?;
    let lead = match clock_kind(&clock)? {
        ClockKind::Arrival => targets.warning,
        ClockKind::Resolution => rules.resolution_lead,
    };
    if now < deadline - lead {
        return Some(deadline - lead);
    }
    if now < deadline {
        return Some(deadline);
    }
    if acknowledged {
        return None;
    }
    let step = rules.reminder.num_seconds().max(1);
    let passed = (now - deadline).num_seconds() / step;
    Some(deadline + Duration::seconds(step * (passed + 1)))
}

/// The latest alert due for `case` at `now`, if any: earlier ones of the same clock are
/// superseded by it. `acknowledged` says whether someone acknowledged the case's current
/// clock; that stops the reminders (the overdue alert itself stands).
pub fn latest_due(
    case: &Case,
    targets: &Targets,
    rules: &AlertRules,
    acknowledged: bool,
    now: DateTime<Utc>,
) -> Option<Alert> {
    let clock = targets.clock(case);
    let deadline = clock.deadline()?;
    let (warning, overdue, lead) = match clock_kind(&clock)? {
        ClockKind::Arrival => (
            AlertKind::ArrivalWarning,
            AlertKind::ArrivalOverdue,
            targets.warning,
        ),
        ClockKind::Resolution => (
            AlertKind::ResolutionWarning,
            AlertKind::ResolutionOverdue,
            rules.resolution_lead,
        ),
    };
    let alert = |kind, seq, due| Alert {
        number: case.number.clone(),
        kind,
        seq,
        due,
        deadline,
    };
    if now < deadline - lead {
        return None;
    }
    if now < deadline {
        return Some(alert(warning, 0, deadline - lead));
    }
    let step = rules.reminder.num_seconds().max(1);
    let seq = if acknowledged {
        0
    } else {
        u32::try_from((now - deadline).num_seconds() / step).unwrap_or(u32::MAX)
    };
    let due = deadline + Duration::seconds(step * i64::from(seq));
    Some(alert(overdue, seq, due))
}

/// The alerts open call-ups call for at `now`, on the sub-district's desk: each new one once
/// (due when it was called up), and each one left waiting past `receive_within` once. The
/// call-ups as (qualified number, called up at, received yet).
pub fn call_ups_due(
    call_ups: impl IntoIterator<Item = (String, DateTime<Utc>, bool)>,
    receive_within: Duration,
    now: DateTime<Utc>,
) -> Vec<Alert> {
    let mut alerts = Vec::new();
    for (number, at, received) in call_ups {
        let deadline = at + receive_within;
        let alert = |kind, due| Alert {
            number: number.clone(),
            kind,
            seq: 0,
            due,
            deadline,
        };
        alerts.push(alert(AlertKind::CallUpNew, at));
        if !received && now >= deadline {
            alerts.push(alert(AlertKind::CallUpWaiting, deadline));
        }
    }
    alerts
}

/// The sequence that keys a link's alerts: the second the link was made.
pub fn link_seq(link: &Link) -> u32 {
    u32::try_from(link.made_at.timestamp()).unwrap_or(0)
}

/// The alerts a responder's link calls for at `now`: nobody answered the dispatch within
/// `no_answer` (while that person is still the one sent and nobody has arrived), and the
/// responder asked for the sub-district (while the case is open and not called up). Each is
/// keyed by the second its link was made, so a new dispatch alerts anew and an old one never
/// again. The second value is when the next one falls due.
pub fn link_alerts(
    case: &Case,
    link: &Link,
    rules: &AlertRules,
    now: DateTime<Utc>,
) -> (Vec<Alert>, Option<DateTime<Utc>>) {
    let mut alerts = Vec::new();
    let mut next = None;
    if !case.is_open() || link.role != LinkRole::Responder {
        return (alerts, next);
    }
    let seq = link_seq(link);
    let alert = |kind, at| Alert {
        number: case.number.clone(),
        kind,
        seq,
        due: at,
        deadline: at,
    };
    let waiting = case.responder == link.person
        && case.arrival.is_none()
        && link.departed_at.is_none()
        && case.call_up.is_none();
    let due = link.made_at + rules.no_answer;
    if waiting && now >= due {
        alerts.push(alert(AlertKind::NoAnswer, due));
    } else if waiting {
        next = Some(due);
    }
    if let Some(at) = link.help_at
        && case.call_up.is_none()
    {
        alerts.push(alert(AlertKind::CallUpAsked, at));
    }
    (alerts, next)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{rules, streetlight, t0};
    use crate::domain::lifecycle::apply;
    use crate::domain::{Action, ArrivalHow};

    fn case() -> Case {
        streetlight("20261128-001", 1, t0())
    }

    fn at(minutes: i64, seconds: i64) -> DateTime<Utc> {
        t0() + Duration::minutes(minutes) + Duration::seconds(seconds)
    }

    fn key(now: DateTime<Utc>, acknowledged: bool) -> Option<String> {
        let targets = Targets::default();
        latest_due(&case(), &targets, &AlertRules::default(), acknowledged, now).map(|a| a.key())
    }

    #[test]
    fn each_alert_falls_due_exactly_at_its_instant() {
        assert_eq!(key(at(9, 59), false), None);
        assert_eq!(
            key(at(10, 0), false).as_deref(),
            Some("20261128-001:arrival_warning:0")
        );
        assert_eq!(
            key(at(14, 59), false).as_deref(),
            Some("20261128-001:arrival_warning:0")
        );
        assert_eq!(
            key(at(15, 0), false).as_deref(),
            Some("20261128-001:arrival_overdue:0")
        );
        assert_eq!(
            key(at(19, 59), false).as_deref(),
            Some("20261128-001:arrival_overdue:0")
        );
        assert_eq!(
            key(at(20, 0), false).as_deref(),
            Some("20261128-001:arrival_overdue:1"),
            "a reminder every 5 minutes"
        );
        assert_eq!(
            key(at(35, 0), false).as_deref(),
            Some("20261128-001:arrival_overdue:4")
        );
    }

    #[test]
    fn the_next_alert_is_exactly_when_the_latest_one_changes() {
        let targets = Targets::default();
        let rules = AlertRules::default();
        let c = case();
        for acknowledged in [false, true] {
            let mut now = t0();
            let mut seen = 0;
            while let Some(next) = next_due(&c, &targets, &rules, acknowledged, now) {
                let before = latest_due(
                    &c,
                    &targets,
                    &rules,
                    acknowledged,
                    next - Duration::milliseconds(1),
                );
                let at = latest_due(&c, &targets, &rules, acknowledged, next);
                assert_ne!(before, at, "a new alert at {next}");
                now = next;
                seen += 1;
                if seen > 5 {
                    break;
                }
            }
            // Acknowledged: warning, then the target, then nothing more.
            assert_eq!(seen, if acknowledged { 2 } else { 6 });
        }
    }

    #[test]
    fn acknowledging_stops_the_reminders() {
        assert_eq!(
            key(at(35, 0), true).as_deref(),
            Some("20261128-001:arrival_overdue:0"),
            "the overdue alert stands; no new key after it"
        );
    }

    #[test]
    fn on_the_scene_the_resolution_clock_warns_at_its_lead_time() {
        let rules = rules();
        let arrived = [
            Action::Dispatch {
                responder: "x".into(),
                note: None,
            },
            Action::Arrive {
                how: ArrivalHow::Seen,
            },
        ]
        .iter()
        .fold(case(), |c, a| {
            apply(&c, a, at(5, 0), at(5, 0), &rules).expect("ok").0
        });
        let targets = Targets::default();
        let deadline = targets.clock(&arrived).deadline().expect("end of day");
        let alert_rules = AlertRules::default();
        let due = |now| latest_due(&arrived, &targets, &alert_rules, false, now);
        assert_eq!(due(deadline - Duration::minutes(61)), None);
        let warning = due(deadline - Duration::minutes(60)).expect("warning");
        assert_eq!(warning.kind, AlertKind::ResolutionWarning);
        let over = due(deadline).expect("overdue");
        assert_eq!(over.kind, AlertKind::ResolutionOverdue);
        assert!(over.overdue());
        assert_eq!(
            over.late(deadline + Duration::minutes(7)),
            Duration::minutes(7)
        );
    }

    fn responder_link(made: DateTime<Utc>) -> Link {
        Link {
            case: "20261128-001".into(),
            role: LinkRole::Responder,
            person: Some("张丽".into()),
            made_at: made,
            departed_at: None,
            help_at: None,
        }
    }

    fn sent_to(name: &str) -> Case {
        let dispatch = Action::Dispatch {
            responder: name.into(),
            note: None,
        };
        apply(&case(), &dispatch, t0(), t0(), &rules())
            .expect("dispatch")
            .0
    }

    #[test]
    fn nobody_answering_alerts_once_at_no_answer_and_an_answer_or_another_dispatch_ends_it() {
        let rules = AlertRules::default();
        let case = sent_to("张丽");
        let mut link = responder_link(at(0, 0));
        let kinds = |case: &Case, link: &Link, now| {
            let (alerts, next) = link_alerts(case, link, &rules, now);
            (alerts.iter().map(|a| a.kind).collect::<Vec<_>>(), next)
        };
        assert_eq!(kinds(&case, &link, at(2, 59)), (vec![], Some(at(3, 0))));
        assert_eq!(
            kinds(&case, &link, at(3, 0)),
            (vec![AlertKind::NoAnswer], None)
        );
        let (alerts, _) = link_alerts(&case, &link, &rules, at(9, 0));
        assert_eq!(alerts[0].due, at(3, 0), "due at its instant, whenever seen");
        let key = alerts[0].key();
        assert_eq!(link_alerts(&case, &link, &rules, at(20, 0)).0[0].key(), key);
        link.departed_at = Some(at(1, 0));
        assert_eq!(kinds(&case, &link, at(9, 0)), (vec![], None));
        link.departed_at = None;
        assert_eq!(kinds(&sent_to("胡队员"), &link, at(9, 0)), (vec![], None));
        // A new link (a new dispatch) alerts anew, under its own key.
        let again = responder_link(at(5, 0));
        let (alerts, _) = link_alerts(&case, &again, &rules, at(9, 0));
        assert_ne!(alerts[0].key(), key);
    }

    #[test]
    fn asking_for_the_sub_district_alerts_until_the_case_is_called_up() {
        let alert_rules = AlertRules::default();
        let mut link = responder_link(at(0, 0));
        link.departed_at = Some(at(1, 0));
        link.help_at = Some(at(6, 0));
        let case = sent_to("张丽");
        let (alerts, _) = link_alerts(&case, &link, &alert_rules, at(6, 0));
        assert_eq!(
            alerts.iter().map(|a| (a.kind, a.due)).collect::<Vec<_>>(),
            [(AlertKind::CallUpAsked, at(6, 0))]
        );
        let escalate = Action::Escalate {
            body: "subdistrict_urban".into(),
            note: None,
        };
        let called = apply(&case, &escalate, at(7, 0), at(7, 0), &rules())
            .expect("call up")
            .0;
        assert!(
            link_alerts(&called, &link, &alert_rules, at(8, 0))
                .0
                .is_empty()
        );
    }
}
