//! Several reports of one matter. A report found to be the same matter as an open case joins
//! it: the report keeps its own row (who, channel, when, what they said, their verdict) in
//! state `joined`, the case counts it, and the case's clocks stay the first report's.
//! Joins are flat: a case joined into another brings the reports joined into it along, so a
//! report always points at the one case that carries the matter.

use chrono::{DateTime, Duration, Utc};
use serde_json::json;

use super::case::{Case, Joined};
use super::codes::{EventKind, State, Tier};
use super::lifecycle::{DomainError, Event, Refusal};

/// What a join or a split writes: both cases as they become, and an event for each.
#[derive(Debug, Clone, PartialEq)]
pub struct Joining {
    pub report: Case,
    pub problem: Case,
    pub on_report: Event,
    pub on_problem: Event,
}

fn refuse(number: &str, action: EventKind, why: Refusal) -> DomainError {
    DomainError::NotAllowed {
        number: number.to_string(),
        action,
        why,
    }
}

/// Joins `report` (an open case, or a report just taken) into `problem`, the open case of the
/// same matter. `report.reports - 1` reports joined into `report` come along (the store moves
/// them); the problem counts them all.
pub fn join(
    report: &Case,
    problem: &Case,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Joining, DomainError> {
    let no = |why| refuse(&report.number, EventKind::Joined, why);
    if at > now {
        return Err(no(Refusal::InFuture));
    }
    if report.number == problem.number {
        return Err(no(Refusal::JoinSelf));
    }
    if let Some(joined) = &report.joined {
        return Err(no(Refusal::Joined(joined.into.clone())));
    }
    if !report.is_open() {
        return Err(no(Refusal::NotOpenToJoin(report.number.clone())));
    }
    if let Some(joined) = &problem.joined {
        return Err(no(Refusal::JoinIntoJoined {
            case: problem.number.clone(),
            into: joined.into.clone(),
        }));
    }
    if !problem.is_open() {
        return Err(no(Refusal::NotOpenToJoin(problem.number.clone())));
    }
    let mut joined = report.clone();
    joined.state = State::Joined;
    joined.joined = Some(Joined {
        into: problem.number.clone(),
        at,
        from: report.state,
    });
    joined.reports = 1;
    let mut into = problem.clone();
    into.reports = problem.reports + report.reports;
    Ok(Joining {
        on_report: Event {
            kind: EventKind::Joined,
            at,
            details: json!({ "into": problem.number, "reports": report.reports }),
        },
        on_problem: Event {
            kind: EventKind::ReportedAgain,
            at,
            details: json!({
                "report": report.number, "channel": report.channel,
                "reporter": report.reporter, "summary": report.summary,
                "reported_at": report.reported_at.timestamp_millis(),
                "reports": into.reports, "with": report.reports - 1,
            }),
        },
        report: joined,
        problem: into,
    })
}

/// The event on a report that moved along with `with` (the case it had joined) into `into`:
/// its own timeline says where it is counted now.
pub fn moved(with: &str, into: &str, at: DateTime<Utc>) -> Event {
    Event {
        kind: EventKind::Joined,
        at,
        details: json!({ "into": into, "with": with }),
    }
}

/// The case a report was joined into, which a split takes it out of.
pub fn joined_into(report: &Case) -> Result<&str, DomainError> {
    report
        .joined
        .as_ref()
        .map(|j| j.into.as_str())
        .ok_or_else(|| refuse(&report.number, EventKind::Split, Refusal::NotJoined))
}

/// Splits `report` out of `problem` again: it becomes the case it was, with its own clocks,
/// and `back` of the reports now counted by `problem` that came with it when it was joined
/// (an undo of that join gives them back; an officer's split takes the one report).
pub fn split(
    report: &Case,
    problem: &Case,
    back: u32,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<Joining, DomainError> {
    let no = |why| refuse(&report.number, EventKind::Split, why);
    if at > now {
        return Err(no(Refusal::InFuture));
    }
    let Some(joined) = report.joined.as_ref().filter(|j| j.into == problem.number) else {
        return Err(no(Refusal::NotJoinedInto(problem.number.clone())));
    };
    if problem.reports < 1 + back + 1 {
        return Err(no(Refusal::ChangedSince));
    }
    let mut alone = report.clone();
    alone.state = joined.from;
    alone.joined = None;
    alone.reports = 1 + back;
    let mut rest = problem.clone();
    rest.reports = problem.reports - alone.reports;
    Ok(Joining {
        on_report: Event {
            kind: EventKind::Split,
            at,
            details: json!({ "from": problem.number, "state": joined.from, "with": back }),
        },
        on_problem: Event {
            kind: EventKind::SplitOff,
            at,
            details: json!({ "report": report.number, "reports": rest.reports }),
        },
        report: alone,
        problem: rest,
    })
}

/// What this change means for the other reporters of a case with several reports: telling
/// (通报, or resolving with "reporter told") covers every reporter, the desk calls them all
/// (`Some(true)`); taking it back (an undo) takes it back for those who gave no verdict of
/// their own (`Some(false)`). A joined report keeps its own reporter's verdict.
pub fn every_reporter_told(before: &Case, after: &Case) -> Option<bool> {
    (after.reports > 1 && after.reporter_told != before.reporter_told)
        .then_some(after.reporter_told)
}

/// How close together reports of one matter must come to suggest it is a big one.
pub const BIG_MATTER_REPORTS: usize = 3;
pub const BIG_MATTER_WINDOW_MINUTES: i64 = 30;

/// Whether the board should suggest making `problem` a big matter (大事): three or more of its
/// reports (its own first report and `joined_at`, the times of the reports joined into it)
/// came within 30 minutes, and it is not big already. Only a hint: the officer sets the tier.
pub fn suggests_big_matter(problem: &Case, joined_at: &[DateTime<Utc>]) -> bool {
    if problem.tier == Tier::Big || !problem.is_open() {
        return false;
    }
    let mut times: Vec<DateTime<Utc>> = joined_at.to_vec();
    times.push(problem.reported_at);
    times.sort_unstable();
    let window = Duration::minutes(BIG_MATTER_WINDOW_MINUTES);
    times
        .windows(BIG_MATTER_REPORTS)
        .any(|w| w[BIG_MATTER_REPORTS - 1] - w[0] <= window)
}

/// The open cases among `open` the board should suggest making big matters, from the reports
/// joined into them among `recent` (a burst is recent by nature).
pub fn big_matters(open: &[Case], recent: &[Case]) -> Vec<String> {
    open.iter()
        .filter(|c| c.reports as usize >= BIG_MATTER_REPORTS)
        .filter(|c| {
            let joined_at: Vec<DateTime<Utc>> = recent
                .iter()
                .filter(|r| r.joined.as_ref().is_some_and(|j| j.into == c.number))
                .map(|r| r.reported_at)
                .collect();
            suggests_big_matter(c, &joined_at)
        })
        .map(|c| c.number.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::domain::fixtures;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 7, h, m, 0)
            .single()
            .expect("time")
    }

    fn case(number: &str, minute: u32) -> Case {
        fixtures::streetlight(number, 3, at(2, minute))
    }

    #[test]
    fn a_joined_report_is_counted_by_its_case_and_split_gives_both_back_exactly() {
        let first = case("20261207-001", 0);
        let mut again = case("20261207-002", 5);
        again.state = State::Dispatched;
        again.dispatched_at = Some(at(2, 6));
        again.responder = Some("张丽".into());
        let j = join(&again, &first, at(2, 10), at(2, 10)).expect("joins");
        assert_eq!(j.report.state, State::Joined);
        assert_eq!(j.problem.reports, 2);
        assert_eq!(j.problem.reported_at, first.reported_at, "clock unchanged");
        assert!(
            !j.report.is_open(),
            "a joined report has no clock of its own"
        );
        let s = split(&j.report, &j.problem, 0, at(2, 11), at(2, 11)).expect("splits");
        assert_eq!(s.report, again);
        assert_eq!(s.problem, first);
    }

    #[test]
    fn joins_are_refused_where_they_would_lose_a_matter() {
        let first = case("20261207-001", 0);
        let second = case("20261207-002", 1);
        let now = at(3, 0);
        let err = |r: Result<Joining, DomainError>| match r {
            Err(DomainError::NotAllowed { why, .. }) => why,
            other => panic!("expected a refusal, got {other:?}"),
        };
        assert_eq!(
            err(join(&first, &first, now, now)),
            Refusal::JoinSelf,
            "into itself"
        );
        let mut closed = case("20261207-009", 3);
        closed.state = State::Resolved;
        assert_eq!(
            err(join(&second, &closed, now, now)),
            Refusal::NotOpenToJoin(closed.number.clone())
        );
        let joined = join(&second, &first, now, now).expect("joins").report;
        let third = case("20261207-003", 2);
        assert_eq!(
            err(join(&third, &joined, now, now)),
            Refusal::JoinIntoJoined {
                case: joined.number.clone(),
                into: first.number.clone()
            }
        );
        assert_eq!(
            err(split(&third, &first, 0, now, now)),
            Refusal::NotJoinedInto(first.number.clone())
        );
    }

    #[test]
    fn a_case_with_reports_brings_them_along_and_an_undo_takes_them_back() {
        let first = case("20261207-001", 0);
        let mut second = case("20261207-002", 1);
        second.reports = 3;
        let j = join(&second, &first, at(2, 30), at(2, 30)).expect("joins");
        assert_eq!(j.problem.reports, 4);
        let undo = split(&j.report, &j.problem, 2, at(2, 31), at(2, 31)).expect("splits");
        assert_eq!((undo.report.reports, undo.problem.reports), (3, 1));
        let one = split(&j.report, &j.problem, 0, at(2, 31), at(2, 31)).expect("splits");
        assert_eq!((one.report.reports, one.problem.reports), (1, 3));
    }

    #[test]
    fn three_reports_within_half_an_hour_suggest_a_big_matter() {
        let first = case("20261207-001", 0);
        assert!(!suggests_big_matter(&first, &[at(2, 10)]), "two reports");
        assert!(suggests_big_matter(&first, &[at(2, 10), at(2, 30)]));
        assert!(
            !suggests_big_matter(&first, &[at(2, 20), at(2, 51)]),
            "three, but over 51 minutes"
        );
        assert!(suggests_big_matter(
            &first,
            &[at(3, 40), at(3, 10), at(3, 20)]
        ));
        let mut big = first.clone();
        big.tier = Tier::Big;
        assert!(
            !suggests_big_matter(&big, &[at(2, 10), at(2, 30)]),
            "already big"
        );
    }
}
