//! The simulator: files reports and carries out what follows them through the desk, exactly
//! as `dutydesk report`/`dispatch`/`arrive` would, so every change is an ordinary event in the
//! store. It keeps a queue of what is due when; `run_until` carries out everything due up to
//! an instant, which the seeding (weeks in one go), the live demo (as its clock reaches them)
//! and the tests (a simulated hour without waiting) all use.

use std::cmp::{Ordering, Reverse};
use std::collections::{BinaryHeap, HashSet};

use chrono::{DateTime, Days, Duration, NaiveDate, Timelike, Utc};
use chrono_tz::Tz;

use super::random::Rng;
use super::scenario::{Scenario, Scripted, Step};
use crate::catalog::{Catalog, Responder};
use crate::desk::{Desk, DeskError};
use crate::domain::{Action, ArrivalHow, Channel, PatrolSlot, Report, Role, Tier};

/// Who the call-ups go to when the scenario does not say.
const DEFAULT_BODY: &str = "subdistrict_office";
/// How often, beside each report drawn in the live demo, another resident reports a matter
/// already open.
const REPEAT_SHARE: f64 = 0.1;

/// What the simulator did, for the log and the tests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub reports: u32,
    pub dispatches: u32,
    pub arrivals: u32,
    pub call_ups: u32,
    pub resolved: u32,
    pub cancelled: u32,
    pub patrols: u32,
    /// Left on the board for the person at the keyboard.
    pub left_for_you: u32,
    /// Of those, taken by a colleague after a while because nobody at the keyboard did.
    pub taken_over: u32,
    /// Steps not taken because the case had moved on (someone at the keyboard got there first).
    pub skipped: u32,
    /// Reports of a matter already open, taken into its case (of `reports`).
    pub joined: u32,
}

#[derive(Debug)]
enum What {
    /// The next random report may come in (thinned to the hour's rate).
    NextReport,
    /// A new local day: plan its patrols.
    Day(NaiveDate),
    Patrol {
        grid: u8,
        slot: PatrolSlot,
    },
    Scripted(Box<Scripted>),
    Step {
        number: String,
        grid: u8,
        step: Step,
    },
}

#[derive(Debug)]
struct Planned {
    at: DateTime<Utc>,
    seq: u64,
    what: What,
}

impl PartialEq for Planned {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}
impl Eq for Planned {}
impl PartialOrd for Planned {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Planned {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.at, self.seq).cmp(&(other.at, other.seq))
    }
}

/// A scripted case's steps, and whether it is meant to run late.
type Script = (Vec<(DateTime<Utc>, Step)>, bool);

pub struct Simulator {
    scenario: Scenario,
    zone: Tz,
    /// The arrival target in force: a case not marked to go late is reached within it.
    target: Duration,
    /// How far the late arrivals lag the scenario's share of them (see `fate`).
    late_owed: f64,
    rng: Rng,
    /// Its own stream for the repeated reports, so they add to a demo without changing the
    /// rest of it (the same seed gives the same cases and fates with or without them).
    repeats: Rng,
    queue: BinaryHeap<Reverse<Planned>>,
    seq: u64,
    /// Nothing is planned before this (a resumed demo does not redo the past).
    from: DateTime<Utc>,
    /// From here on it is the live demo: some reports are left for the keyboard.
    live_from: DateTime<Utc>,
    /// No report nor patrol from here on (the history stops where the recent days start).
    reports_until: Option<DateTime<Utc>>,
    /// Cases whose remaining steps were dropped.
    dropped: HashSet<String>,
    /// The roster as read at the start of a `run_until`, for choosing who goes.
    roster: Vec<Responder>,
    pub tally: Tally,
}

impl Simulator {
    /// A new demo starting at `start`: yesterday and today up to `start` (with the scripted
    /// cases), then the live simulation. The weeks before come from `history`.
    pub fn fresh(scenario: Scenario, desk: &Desk, seed: u64, start: DateTime<Utc>) -> Simulator {
        let zone = desk.config.time_zone.0;
        let first_day = start.with_timezone(&zone).date_naive() - Days::new(1);
        let from = desk.targets().start_of_local_day(first_day);
        let scripted = scenario.scripted(&desk.catalog, start, zone);
        let mut sim = Simulator::new(scenario, zone, Rng::new(seed), from, start);
        sim.target = desk.config.rules().arrival_target;
        sim.plan(from, What::Day(first_day));
        for case in scripted {
            sim.plan(case.report.at.max(from), What::Scripted(Box::new(case)));
        }
        sim.plan_next_report(from);
        sim
    }

    /// The scenario's `history_days` before yesterday, every case handled as the desk would.
    /// Its reports fall on days `fresh` leaves alone, so the two can be written in any order.
    pub fn history(scenario: Scenario, desk: &Desk, seed: u64, start: DateTime<Utc>) -> Simulator {
        let zone = desk.config.time_zone.0;
        let today = start.with_timezone(&zone).date_naive();
        let first_day = today - Days::new(u64::from(scenario.history_days).max(1));
        let from = desk.targets().start_of_local_day(first_day);
        let until = desk.targets().start_of_local_day(today - Days::new(1));
        // Its own stream of numbers, so the recent days do not depend on the history's length.
        let rng = Rng::new(seed.rotate_left(17) ^ 0x5EED);
        let mut sim = Simulator::new(scenario, zone, rng, from, start);
        sim.target = desk.config.rules().arrival_target;
        sim.reports_until = Some(until);
        sim.plan(from, What::Day(first_day));
        sim.plan_next_report(from);
        sim
    }

    /// Carries on a demo database from `start`, with no history and no scripted cases.
    pub fn resume(scenario: Scenario, desk: &Desk, seed: u64, start: DateTime<Utc>) -> Simulator {
        let zone = desk.config.time_zone.0;
        // Another stream of numbers each time, or every restart would replay the same reports.
        let rng = Rng::new(seed ^ start.timestamp_millis().unsigned_abs());
        let mut sim = Simulator::new(scenario, zone, rng, start, start);
        sim.target = desk.config.rules().arrival_target;
        sim.plan(start, What::Day(start.with_timezone(&zone).date_naive()));
        sim.plan_next_report(start);
        sim
    }

    fn new(
        scenario: Scenario,
        zone: Tz,
        rng: Rng,
        from: DateTime<Utc>,
        live_from: DateTime<Utc>,
    ) -> Simulator {
        Simulator {
            scenario,
            zone,
            target: Duration::minutes(15),
            late_owed: 0.5,
            repeats: Rng::new(rng.clone().next_u64() ^ 0x5A4E_4D41),
            rng,
            queue: BinaryHeap::new(),
            seq: 0,
            from,
            live_from,
            reports_until: None,
            dropped: HashSet::new(),
            roster: Vec::new(),
            tally: Tally::default(),
        }
    }

    /// When the next thing is due.
    pub fn next_at(&self) -> Option<DateTime<Utc>> {
        self.queue.peek().map(|Reverse(p)| p.at)
    }

    /// Carries out everything due up to `until`, in order. A refusal (the case moved on) drops
    /// that case's remaining steps; a failure of the store puts the step back and stops here,
    /// so the next call tries it again.
    pub async fn run_until(&mut self, desk: &Desk, until: DateTime<Utc>) -> Result<(), DeskError> {
        if self.next_at().is_some_and(|at| at <= until) {
            self.roster = desk.roster().await?;
        }
        while self.next_at().is_some_and(|at| at <= until) {
            let Some(Reverse(planned)) = self.queue.pop() else {
                break;
            };
            let at = planned.at;
            let seq = planned.seq;
            if let Err((what, e)) = self.carry_out(desk, at, planned.what).await {
                if let Some(what) = what {
                    self.queue.push(Reverse(Planned { at, seq, what }));
                }
                return Err(e);
            }
        }
        Ok(())
    }

    fn plan(&mut self, at: DateTime<Utc>, what: What) {
        self.seq += 1;
        self.queue.push(Reverse(Planned {
            at,
            seq: self.seq,
            what,
        }));
    }

    /// Reports arrive as a Poisson process at the busiest hour's rate; each candidate is kept
    /// with its hour's share of that rate, which gives the day its shape.
    fn plan_next_report(&mut self, after: DateTime<Utc>) {
        if self.reports_until.is_some_and(|until| after >= until) {
            return;
        }
        let mean_hours = 1.0 / self.scenario.peak_per_hour();
        let gap = self.rng.exponential(mean_hours * 3600.0).round() as i64;
        self.plan(after + Duration::seconds(gap.max(1)), What::NextReport);
    }

    async fn carry_out(
        &mut self,
        desk: &Desk,
        at: DateTime<Utc>,
        what: What,
    ) -> Result<(), (Option<What>, DeskError)> {
        match what {
            What::NextReport if self.reports_until.is_some_and(|until| at >= until) => {}
            What::NextReport => {
                let hour = at.with_timezone(&self.zone).hour() as usize;
                if self.rng.chance(self.scenario.hour_share(hour)) {
                    let report = self.random_report(&desk.catalog, at, None);
                    if let Err(e) = self.file(desk, report, None).await {
                        return Err((Some(What::NextReport), e));
                    }
                }
                if at >= self.live_from
                    && self.repeats.chance(REPEAT_SHARE)
                    && let Err(e) = self.repeat(desk, at).await
                {
                    return Err((Some(What::NextReport), e));
                }
                self.plan_next_report(at);
            }
            What::Day(day) => self.plan_day(desk, day),
            What::Patrol { grid, slot } => {
                if let Err(e) = self.patrol(desk, grid, slot, at).await {
                    return Err((Some(What::Patrol { grid, slot }), e));
                }
            }
            What::Scripted(case) => {
                let steps = (case.steps.clone(), case.late);
                if let Err(e) = self.file(desk, case.report.clone(), Some(steps)).await {
                    return Err((Some(What::Scripted(case)), e));
                }
            }
            What::Step { number, grid, step } => {
                if self.dropped.contains(&number) {
                    return Ok(());
                }
                let mut action = self.action(grid, &step);
                if step == Step::TakeOver {
                    match desk.case(&number).await {
                        Ok(case) if case.state == crate::domain::State::Reported => {
                            let waited = (at - case.reported_at).num_minutes();
                            let note = (self.scenario.words.colleague_note)
                                .replace("{minutes}", &waited.to_string());
                            if let Action::Dispatch { note: n, .. } = &mut action {
                                *n = Some(note);
                            }
                        }
                        // Someone at the keyboard got there first: leave it to them.
                        Ok(_) => {
                            self.tally.skipped += 1;
                            self.dropped.insert(number);
                            return Ok(());
                        }
                        Err(e) => {
                            return Err((Some(What::Step { number, grid, step }), e));
                        }
                    }
                }
                // A live colleague sends whom the desk suggests (history is written faster,
                // by the old rule: the suggestion learns from it).
                if matches!(step, Step::Dispatch(None) | Step::TakeOver)
                    && at >= self.live_from
                    && let Ok(s) = desk.suggest(&number, at).await
                    && let Some(first) = s.recommendation.candidates.iter().find(|c| c.free())
                    && let Action::Dispatch { responder, .. } = &mut action
                {
                    *responder = first.name.clone();
                }
                match desk.act(&number, &action, at, at).await {
                    Ok(_) => self.count(&step),
                    Err(e) if e.is_bad_input() => {
                        tracing::debug!(%number, error = %e, "simulator: the case moved on");
                        self.tally.skipped += 1;
                        self.dropped.insert(number);
                    }
                    Err(e) => return Err((Some(What::Step { number, grid, step }), e)),
                }
            }
        }
        Ok(())
    }

    /// Another resident reports a matter already open (the streetlight several people see):
    /// the colleague at the desk takes it into that case, as the report form's F6 does. Only
    /// of a resident's report from the last half hour still open; none, no repeat.
    async fn repeat(&mut self, desk: &Desk, at: DateTime<Utc>) -> Result<(), DeskError> {
        let open = desk
            .cases(&crate::store::CaseFilter {
                open_only: true,
                ..Default::default()
            })
            .await?;
        let recent: Vec<&crate::domain::Case> = open
            .iter()
            .filter(|c| at - c.reported_at <= Duration::minutes(30))
            .filter(|c| c.resident_reported())
            .collect();
        let Some(first) = self.repeats.pick(&recent).copied() else {
            return Ok(());
        };
        let channels = [Channel::Hotline, Channel::WechatGroup, Channel::WalkIn];
        let report = Report {
            grid: first.grid,
            category: first.category.clone(),
            channel: self
                .repeats
                .pick(&channels)
                .copied()
                .unwrap_or(Channel::Hotline),
            place: first.place.clone(),
            summary: first.summary.clone(),
            reporter: None,
            phone: None,
            tier: first.tier,
            on_scene: None,
            at,
        };
        match desk.report_into(&report, &first.number, at).await {
            Ok(_) => {
                self.tally.reports += 1;
                self.tally.joined += 1;
                Ok(())
            }
            // Someone at the keyboard closed it meanwhile: that resident's call is not news.
            Err(e) if e.is_bad_input() => {
                self.tally.skipped += 1;
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// Files a report and plans what follows it: the scripted steps, or a fate drawn at random.
    async fn file(
        &mut self,
        desk: &Desk,
        report: Report,
        steps: Option<Script>,
    ) -> Result<(), DeskError> {
        let case = desk.report(&report, report.at).await?;
        self.tally.reports += 1;
        if report.on_scene.is_some() {
            self.tally.dispatches += 1;
            self.tally.arrivals += 1;
        }
        let steps = match steps {
            Some((mut steps, late)) => {
                // A scripted case left for the keyboard is taken by a colleague later too:
                // within its target, unless the scenario marks it to run late.
                let handled = steps
                    .iter()
                    .any(|(_, s)| matches!(s, Step::Dispatch(_) | Step::Cancel(_)));
                if report.on_scene.is_none() && !handled {
                    let delays = self.scenario.delays;
                    let wait = if late {
                        delays.colleague_late
                    } else {
                        delays.colleague
                    };
                    let taken = report.at + self.rng.minutes(wait);
                    let travel = self.rng.minutes(delays.travel);
                    let arrived = match late {
                        true => taken + travel,
                        false => (taken + travel)
                            .min(report.at + self.target - Duration::seconds(30))
                            .max(taken + Duration::seconds(60)),
                    };
                    steps.push((taken, Step::TakeOver));
                    steps.push((arrived, Step::Arrive(ArrivalHow::Callback)));
                }
                // A scripted story that stops on the scene goes on as its tier's cases do:
                // a demo left running resolves its small matters the same day.
                let ends = steps
                    .iter()
                    .any(|(_, s)| matches!(s, Step::Resolve { .. } | Step::Cancel(_)));
                let arrived = steps
                    .iter()
                    .any(|(_, s)| matches!(s, Step::Arrive(_)))
                    .then(|| steps.iter().map(|(at, _)| *at).max())
                    .flatten();
                if let (false, Some(last)) = (ends, arrived) {
                    let mut course = Vec::new();
                    self.after_arrival(&report, last, &mut course);
                    steps.extend(
                        course
                            .into_iter()
                            .filter(|(_, s)| matches!(s, Step::Resolve { .. })),
                    );
                }
                steps
            }
            None => self.fate(&report),
        };
        for (at, step) in steps {
            self.plan(
                at,
                What::Step {
                    number: case.number.clone(),
                    grid: report.grid,
                    step,
                },
            );
        }
        Ok(())
    }

    fn count(&mut self, step: &Step) {
        let t = &mut self.tally;
        match step {
            Step::Dispatch(_) => t.dispatches += 1,
            Step::TakeOver => {
                t.dispatches += 1;
                t.taken_over += 1;
            }
            Step::Arrive(_) => t.arrivals += 1,
            Step::Escalate { .. } => t.call_ups += 1,
            Step::Progress { .. } => {}
            Step::Resolve { .. } => t.resolved += 1,
            Step::Cancel(_) => t.cancelled += 1,
        }
    }

    /// A report drawn from the scenario's kinds, channels, grids and places; a patrol finding
    /// (`found_by` someone in a grid) is that grid's.
    fn random_report(
        &mut self,
        catalog: &Catalog,
        at: DateTime<Utc>,
        found_by: Option<(String, u8)>,
    ) -> Report {
        let s = &self.scenario;
        let weights: Vec<f64> = s.kind.iter().map(|k| k.weight).collect();
        let kind = &s.kind[self.rng.weighted(&weights)];
        let summary = self.rng.pick(&kind.summaries).cloned().unwrap_or_default();
        let category = kind.code.clone();
        let channel = if found_by.is_some() {
            Channel::Patrol
        } else {
            let channels: Vec<Channel> = s.channels.keys().copied().collect();
            let weights: Vec<f64> = s.channels.values().copied().collect();
            channels[self.rng.weighted(&weights)]
        };
        let grid = match &found_by {
            Some((_, grid)) => *grid,
            None => catalog.grids[self.rng.below(catalog.grids.len())].number,
        };
        let landmark = catalog
            .grid(grid)
            .and_then(|g| self.rng.pick(&g.landmarks).cloned())
            .unwrap_or_default();
        let tier = catalog.kind(&category).map_or(Tier::Small, |k| k.tier);
        let (reporter, phone) =
            if found_by.is_some() || (channel == Channel::SuggestionBox && self.rng.chance(0.5)) {
                (None, None)
            } else {
                let name = format!(
                    "{}{}",
                    self.rng
                        .pick(&s.words.surnames)
                        .cloned()
                        .unwrap_or_default(),
                    self.rng.pick(&s.words.titles).cloned().unwrap_or_default()
                );
                let prefix = ["135", "136", "137", "138", "139", "158", "188"];
                let phone = format!(
                    "{}{:08}",
                    self.rng.pick(&prefix).copied().unwrap_or("138"),
                    self.rng.next_u64() % 100_000_000
                );
                (Some(name), Some(phone))
            };
        let detail = self
            .rng
            .pick(&s.words.place_details)
            .cloned()
            .unwrap_or_default();
        Report {
            grid,
            category,
            channel,
            place: format!("{landmark}{detail}"),
            summary,
            reporter,
            phone,
            tier,
            on_scene: found_by.map(|(who, _)| who),
            at,
        }
    }

    /// What happens to a report: cancelled, left for the keyboard, or dispatched, reached (on
    /// time or late) and carried through its tier's course.
    fn fate(&mut self, report: &Report) -> Vec<(DateTime<Utc>, Step)> {
        let s = &self.scenario;
        let (rate, delays) = (&s.rate, &s.delays);
        let mut steps = Vec::new();
        if report.on_scene.is_some() {
            self.after_arrival(report, report.at, &mut steps);
            return steps;
        }
        if self.rng.chance(rate.cancelled) {
            let reason = self
                .rng
                .pick(&s.words.cancel_reasons)
                .cloned()
                .unwrap_or_default();
            steps.push((
                report.at + self.rng.minutes(delays.cancel),
                Step::Cancel(reason),
            ));
            return steps;
        }
        let live = report.at >= self.live_from;
        let (dispatch_delay, dispatch) = match (self.rng.chance(rate.left_for_you), live) {
            // Left for the keyboard: a colleague takes it later if nobody has.
            (true, true) => {
                self.tally.left_for_you += 1;
                (delays.colleague, Step::TakeOver)
            }
            (true, false) => (delays.officer_dispatch, Step::Dispatch(None)),
            (false, _) => (delays.dispatch, Step::Dispatch(None)),
        };
        let dispatched = report.at + self.rng.minutes(dispatch_delay);
        // The scenario's share of late arrivals, spread evenly (every tenth at 0.1) rather than
        // drawn: a day of twenty arrivals shows the community's usual nine in ten on time,
        // not a lucky 100 % or an unlucky 70 %.
        self.late_owed += rate.late;
        let late = self.late_owed >= 1.0;
        if late {
            self.late_owed -= 1.0;
        }
        let travel = if late {
            delays.travel_late
        } else {
            delays.travel
        };
        let arrived = dispatched + self.rng.minutes(travel);
        // Whoever takes a case not marked to go late (a colleague too, after it waited on the
        // board) reaches it within its target, as the community mostly does: the demo left
        // running shows warnings and the odd late case, never a wall of red.
        let arrived = match late {
            true => arrived,
            false => arrived
                .min(report.at + self.target - Duration::seconds(30))
                .max(dispatched + Duration::seconds(60)),
        };
        let hows: Vec<ArrivalHow> = s.arrival_how.keys().copied().collect();
        let weights: Vec<f64> = s.arrival_how.values().copied().collect();
        let how = hows[self.rng.weighted(&weights)];
        steps.push((dispatched, dispatch));
        steps.push((arrived, Step::Arrive(how)));
        self.after_arrival(report, arrived, &mut steps);
        steps
    }

    /// The tier's course once someone is there: a call-up, a progress note, the resolution.
    fn after_arrival(
        &mut self,
        report: &Report,
        arrived: DateTime<Utc>,
        steps: &mut Vec<(DateTime<Utc>, Step)>,
    ) {
        let s = &self.scenario;
        let fate = s.tier.of(report.tier);
        let words = &s.words;
        let body = s
            .kind
            .iter()
            .find(|k| k.code == report.category)
            .and_then(|k| k.body.clone())
            .unwrap_or_else(|| DEFAULT_BODY.to_string());
        let mut last = arrived;
        if self.rng.chance(fate.call_up) {
            last += self.rng.minutes([2.0, 15.0]);
            steps.push((
                last,
                Step::Escalate {
                    body,
                    note: words.call_up_note.clone(),
                },
            ));
        }
        if let Some(range) = fate.progress_after {
            last = last.max(arrived + self.rng.minutes(range)) + Duration::seconds(30);
            let text = self
                .rng
                .pick(words.progress.of(report.tier))
                .cloned()
                .unwrap_or_default();
            steps.push((
                last,
                Step::Progress {
                    text,
                    public: report.tier == Tier::Medium,
                },
            ));
        }
        let resolve =
            (arrived + self.rng.minutes(fate.resolve_after)).max(last + Duration::minutes(1));
        let note = self
            .rng
            .pick(words.resolved.of(report.tier))
            .cloned()
            .unwrap_or_default();
        let told = report.reporter.is_some() && self.rng.chance(fate.told);
        steps.push((resolve, Step::Resolve { note, told }));
    }

    /// Plans each grid's two patrols of `day`, and the next day.
    fn plan_day(&mut self, desk: &Desk, day: NaiveDate) {
        let start = desk.targets().start_of_local_day(day);
        if self.reports_until.is_some_and(|until| start >= until) {
            return;
        }
        let delays = self.scenario.delays;
        for grid in desk.catalog.grids.iter().map(|g| g.number) {
            for (slot, range) in [
                (PatrolSlot::Morning, delays.morning_patrol),
                (PatrolSlot::Afternoon, delays.afternoon_patrol),
            ] {
                let at = start + self.rng.minutes(range);
                if at >= self.from {
                    self.plan(at, What::Patrol { grid, slot });
                }
            }
        }
        let next = day + Days::new(1);
        self.plan(desk.targets().start_of_local_day(next), What::Day(next));
    }

    /// A grid's patrol; now and then it finds something, reported as a patrol finding.
    async fn patrol(
        &mut self,
        desk: &Desk,
        grid: u8,
        slot: PatrolSlot,
        at: DateTime<Utc>,
    ) -> Result<(), DeskError> {
        let found = self.rng.chance(self.scenario.rate.patrol_finding);
        let who = self.patroller(grid);
        match desk.patrol(grid, slot, u32::from(found), at, at).await {
            Ok(_) => self.tally.patrols += 1,
            // Already recorded (a resumed demo, or someone at the keyboard).
            Err(e) if e.is_bad_input() => return Ok(()),
            Err(e) => return Err(e),
        }
        if found {
            let report = self.random_report(&desk.catalog, at, Some((who, grid)));
            self.file(desk, report, None).await?;
        }
        Ok(())
    }

    /// The grid's own worker on duty, else the red-armband patrol, else anyone on duty.
    fn patroller(&self, grid: u8) -> String {
        let roster = &self.roster;
        let on_duty: Vec<_> = roster.iter().filter(|r| r.on_duty).collect();
        let pick = on_duty
            .iter()
            .find(|r| r.grid == Some(grid) && r.role == Role::GridWorker)
            .or_else(|| on_duty.iter().find(|r| r.role == Role::RedArmband))
            .or_else(|| on_duty.first())
            .copied()
            .or_else(|| roster.first());
        pick.map(|r| r.name.clone()).unwrap_or_default()
    }

    /// The action a step stands for; a dispatch to "whoever is nearest" picks someone on duty
    /// in the case's grid, else anyone on duty.
    fn action(&mut self, grid: u8, step: &Step) -> Action {
        match step {
            Step::TakeOver => self.action(grid, &Step::Dispatch(None)),
            Step::Dispatch(who) => {
                let responder = match who {
                    Some(name) => name.clone(),
                    None => self.nearest(grid),
                };
                Action::Dispatch {
                    responder,
                    note: None,
                }
            }
            Step::Arrive(how) => Action::Arrive { how: *how },
            Step::Escalate { body, note } => Action::Escalate {
                body: body.clone(),
                note: Some(note.clone()).filter(|n| !n.is_empty()),
            },
            Step::Progress { text, public } => Action::Note {
                text: text.clone(),
                public: *public,
            },
            Step::Resolve { note, told } => Action::Resolve {
                note: note.clone(),
                told: *told,
            },
            Step::Cancel(reason) => Action::Cancel {
                reason: reason.clone(),
            },
        }
    }

    fn nearest(&mut self, grid: u8) -> String {
        let roster = &self.roster;
        let here: Vec<_> = roster
            .iter()
            .filter(|r| r.on_duty && r.grid == Some(grid))
            .collect();
        let anyone: Vec<_> = roster.iter().filter(|r| r.on_duty).collect();
        let pool = if here.is_empty() { anyone } else { here };
        self.rng
            .pick(&pool)
            .map(|r| r.name.clone())
            .or_else(|| roster.first().map(|r| r.name.clone()))
            .unwrap_or_default()
    }
}
