//! What a person holding a link may see and do, decided from the case alone. The web side
//! offers the desk's own actions to people away from the desk, so the lifecycle stays the one
//! judge: a tap becomes the same `Action` a key at the desk makes.

use chrono::{DateTime, Duration, Utc};

use super::{Action, ArrivalHow, Case, LinkRole, State, Verdict};

/// A link as the store keeps it. The token itself is never kept, only its hash.
#[derive(Debug, Clone, PartialEq)]
pub struct Link {
    /// The case's number.
    pub case: String,
    pub role: LinkRole,
    /// The responder it was made for; `None` for the reporter's.
    pub person: Option<String>,
    pub made_at: DateTime<Utc>,
    /// When the responder tapped On my way.
    pub departed_at: Option<DateTime<Utc>>,
    /// When the responder asked for the sub-district.
    pub help_at: Option<DateTime<Utc>>,
}

/// Whether a link to `case` still works at `now`: while the case is open, and for `days` after
/// it closed (a reporter gives a verdict after the resolution; nobody needs it a month on).
pub fn usable(case: &Case, days: i64, now: DateTime<Utc>) -> bool {
    case.closed_at()
        .is_none_or(|at| now < at + Duration::days(days))
}

/// The one thing a responder's page offers next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    OnMyWay,
    Arrived,
    Done,
    /// The case is closed: nothing left to do.
    Finished,
    /// The desk sent someone else since: this person's link only shows the case.
    Replaced,
}

pub fn next_step(case: &Case, link: &Link) -> Step {
    if !case.is_open() {
        return Step::Finished;
    }
    if case.responder.is_none() || case.responder != link.person {
        return Step::Replaced;
    }
    match case.state {
        State::Reported | State::Dispatched if link.departed_at.is_none() => Step::OnMyWay,
        State::Reported | State::Dispatched => Step::Arrived,
        State::OnScene => Step::Done,
        State::Resolved | State::Cancelled | State::Joined => Step::Finished,
    }
}

/// What a responder's tap asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tap {
    OnMyWay,
    Arrived,
    /// Done, with what was done (the page gives a default when the note is left empty).
    Done {
        note: String,
    },
    /// Needs the sub-district: the desk is told; the officer decides the call-up.
    NeedCallUp,
}

/// What a tap comes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Record that the responder is on the way.
    Depart,
    /// Record this action, as the desk's key would.
    Act(Action),
    /// Tell the desk that the sub-district is needed.
    AskCallUp,
    /// Done before: a second tap changes nothing, and says so.
    Already,
    /// Not now (the case moved on without this person, or a step was skipped).
    Refused,
}

pub fn tap(case: &Case, link: &Link, tap: Tap) -> Outcome {
    let step = next_step(case, link);
    match (tap, step) {
        (_, Step::Replaced) => Outcome::Refused,
        (Tap::OnMyWay, Step::OnMyWay) => Outcome::Depart,
        (Tap::OnMyWay, _) => Outcome::Already,
        // Arriving without having said "on my way" counts: the arrival is what matters.
        (Tap::Arrived, Step::OnMyWay | Step::Arrived) => Outcome::Act(Action::Arrive {
            how: ArrivalHow::Phone,
        }),
        (Tap::Arrived, _) => Outcome::Already,
        (Tap::Done { note }, Step::Done) => Outcome::Act(Action::Resolve { note, told: false }),
        (Tap::Done { .. }, Step::Finished) => Outcome::Already,
        (Tap::Done { .. }, _) => Outcome::Refused,
        (Tap::NeedCallUp, Step::Finished) => Outcome::Refused,
        (Tap::NeedCallUp, _) => Outcome::AskCallUp,
    }
}

/// The reporter's verdict: once the case they follow is resolved (their own, or the case
/// their report was joined into), and once.
pub fn verdict(case: &Case, followed: &Case, satisfied: bool, note: Option<String>) -> Outcome {
    if followed.state != State::Resolved {
        return Outcome::Refused;
    }
    if case.verdict.is_some() {
        return Outcome::Already;
    }
    Outcome::Act(Action::Tell {
        verdict: Some(Verdict { satisfied, note }),
    })
}

/// Where a case stands, in the plain words a reporter reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Reported,
    OnTheWay,
    /// Someone reached the scene, this many whole minutes after the report.
    OnScene {
        at: DateTime<Utc>,
        minutes: i64,
    },
    Resolved {
        at: DateTime<Utc>,
    },
    CalledUp,
    Cancelled,
}

pub fn progress(case: &Case) -> Progress {
    if let Some(r) = &case.resolution {
        return Progress::Resolved { at: r.at };
    }
    if case.cancellation.is_some() {
        return Progress::Cancelled;
    }
    if let Some(a) = &case.arrival {
        return Progress::OnScene {
            at: a.at,
            minutes: a.taken_secs / 60,
        };
    }
    if case.call_up.is_some() {
        return Progress::CalledUp;
    }
    if case.responder.is_some() {
        return Progress::OnTheWay;
    }
    Progress::Reported
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{rules, streetlight, t0};
    use crate::domain::lifecycle::apply;

    fn link(person: &str) -> Link {
        Link {
            case: "20261128-001".into(),
            role: LinkRole::Responder,
            person: Some(person.into()),
            made_at: t0(),
            departed_at: None,
            help_at: None,
        }
    }

    fn step(case: &Case, action: Action) -> Case {
        apply(case, &action, t0(), t0(), &rules())
            .expect("allowed")
            .0
    }

    fn dispatched(to: &str) -> Case {
        let case = streetlight("20261128-001", 3, t0());
        step(
            &case,
            Action::Dispatch {
                responder: to.into(),
                note: None,
            },
        )
    }

    #[test]
    fn the_steps_go_on_my_way_arrived_done_and_a_second_tap_is_already_done() {
        let case = dispatched("张丽");
        let mut l = link("张丽");
        assert_eq!(next_step(&case, &l), Step::OnMyWay);
        assert_eq!(tap(&case, &l, Tap::OnMyWay), Outcome::Depart);
        l.departed_at = Some(t0());
        assert_eq!(next_step(&case, &l), Step::Arrived);
        assert_eq!(tap(&case, &l, Tap::OnMyWay), Outcome::Already);
        let Outcome::Act(arrive) = tap(&case, &l, Tap::Arrived) else {
            panic!("an arrival");
        };
        let case = step(&case, arrive);
        assert_eq!(
            case.arrival.as_ref().map(|a| a.how),
            Some(ArrivalHow::Phone)
        );
        assert_eq!(tap(&case, &l, Tap::Arrived), Outcome::Already);
        let done = Tap::Done {
            note: "换了灯泡".into(),
        };
        let Outcome::Act(resolve) = tap(&case, &l, done.clone()) else {
            panic!("a resolution");
        };
        let case = step(&case, resolve);
        assert_eq!(next_step(&case, &l), Step::Finished);
        assert_eq!(tap(&case, &l, done), Outcome::Already);
        assert_eq!(tap(&case, &l, Tap::NeedCallUp), Outcome::Refused);
    }

    #[test]
    fn someone_sent_instead_cannot_act_and_done_needs_an_arrival() {
        let case = dispatched("胡队员");
        assert_eq!(next_step(&case, &link("张丽")), Step::Replaced);
        assert_eq!(tap(&case, &link("张丽"), Tap::Arrived), Outcome::Refused);
        let done = Tap::Done { note: "x".into() };
        assert_eq!(tap(&case, &link("胡队员"), done), Outcome::Refused);
    }

    #[test]
    fn a_verdict_only_after_the_resolution_and_only_once() {
        let case = dispatched("张丽");
        assert_eq!(verdict(&case, &case, true, None), Outcome::Refused);
        let case = step(
            &case,
            Action::Arrive {
                how: ArrivalHow::Phone,
            },
        );
        let case = step(
            &case,
            Action::Resolve {
                note: "ok".into(),
                told: false,
            },
        );
        let Outcome::Act(tell) = verdict(&case, &case, false, Some("还是暗".into())) else {
            panic!("a verdict");
        };
        let case = step(&case, tell);
        assert_eq!(verdict(&case, &case, true, None), Outcome::Already);
        assert!(usable(&case, 7, t0() + Duration::days(6)));
        assert!(!usable(&case, 7, t0() + Duration::days(7)));
    }

    #[test]
    fn a_joined_reports_reporter_follows_its_case_and_keeps_a_verdict_of_their_own() {
        let problem = dispatched("张丽");
        let again = streetlight("20261128-002", 3, t0());
        let joined = crate::domain::joining::join(&again, &problem, t0(), t0())
            .expect("joins")
            .report;
        assert_eq!(progress(&problem), Progress::OnTheWay);
        assert_eq!(verdict(&joined, &problem, true, None), Outcome::Refused);
        let resolved = step(
            &step(
                &problem,
                Action::Arrive {
                    how: ArrivalHow::Phone,
                },
            ),
            Action::Resolve {
                note: "ok".into(),
                told: true,
            },
        );
        let Outcome::Act(tell) = verdict(&joined, &resolved, true, None) else {
            panic!("a verdict on the joined report");
        };
        let told = step(&joined, tell);
        assert_eq!(told.verdict.map(|v| v.satisfied), Some(true));
        assert!(
            resolved.verdict.is_none(),
            "the case's own reporter said nothing yet"
        );
    }
}
