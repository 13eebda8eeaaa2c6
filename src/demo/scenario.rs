//! The demo's scenario (`assets/demo.toml`, or the config's `assets.demo`), read and checked
//! against the catalog before anything is written: a bad scenario names its file, the entry
//! and the fix, and leaves the demo database untouched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Days, Duration, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::catalog::Catalog;
use crate::domain::{ArrivalHow, Channel, Report, Tier};
use crate::tomlfile::{self, FileError};
use crate::when::parse_ago;

const EMBEDDED: &str = include_str!("../../assets/demo.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    pub seed: u64,
    pub history_days: u32,
    pub rate: Rate,
    pub delays: Delays,
    pub channels: BTreeMap<Channel, f64>,
    pub arrival_how: BTreeMap<ArrivalHow, f64>,
    pub tier: ByTier<Fate>,
    pub words: Words,
    pub kind: Vec<KindSpec>,
    #[serde(default)]
    pub case: Vec<CaseSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rate {
    pub reports_per_day: f64,
    pub by_hour: Vec<f64>,
    pub left_for_you: f64,
    pub cancelled: f64,
    pub late: f64,
    pub patrol_finding: f64,
}

/// Minutes, as [shortest, longest].
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Delays {
    pub dispatch: [f64; 2],
    pub officer_dispatch: [f64; 2],
    pub travel: [f64; 2],
    pub travel_late: [f64; 2],
    pub cancel: [f64; 2],
    pub morning_patrol: [f64; 2],
    pub afternoon_patrol: [f64; 2],
    /// How long a case left for the keyboard waits before a colleague takes it.
    #[serde(default = "colleague_delay")]
    pub colleague: [f64; 2],
    /// The same for a scripted case the scenario marks to run late.
    #[serde(default = "colleague_late_delay")]
    pub colleague_late: [f64; 2],
}

fn colleague_late_delay() -> [f64; 2] {
    [25.0, 45.0]
}

fn colleague_delay() -> [f64; 2] {
    [6.0, 10.0]
}

/// What follows arrival for one tier.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fate {
    pub call_up: f64,
    #[serde(default)]
    pub progress_after: Option<[f64; 2]>,
    pub resolve_after: [f64; 2],
    pub told: f64,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ByTier<T> {
    pub small: T,
    pub medium: T,
    pub big: T,
}

impl<T> ByTier<T> {
    pub fn of(&self, tier: Tier) -> &T {
        match tier {
            Tier::Small => &self.small,
            Tier::Medium => &self.medium,
            Tier::Big => &self.big,
        }
    }
}

fn colleague_note() -> String {
    "a colleague took it: it waited {minutes} min on the board".into()
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    pub call_up_note: String,
    /// The timeline's note when a colleague takes a case left on the board; `{minutes}` is
    /// how long it waited.
    #[serde(default = "colleague_note")]
    pub colleague_note: String,
    pub cancel_reasons: Vec<String>,
    pub progress: ByTier<Vec<String>>,
    pub resolved: ByTier<Vec<String>>,
    pub place_details: Vec<String>,
    pub surnames: Vec<String>,
    pub titles: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindSpec {
    pub code: String,
    pub weight: f64,
    /// Who a call-up goes to; default the sub-district office.
    #[serde(default)]
    pub body: Option<String>,
    pub summaries: Vec<String>,
}

/// One scripted case: the article's, or one of those that set the board moving.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseSpec {
    pub at: String,
    pub grid: u8,
    pub category: String,
    pub channel: Channel,
    pub place: String,
    pub summary: String,
    #[serde(default)]
    pub reporter: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub tier: Option<Tier>,
    #[serde(default)]
    pub on_scene: Option<String>,
    #[serde(default)]
    pub steps: Vec<StepSpec>,
    /// Left for the keyboard and meant to run late: a colleague takes it only after
    /// `colleague_late`, so the board shows what an overdue case looks like.
    #[serde(default)]
    pub late: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    #[serde(default)]
    pub after: Option<String>,
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub dispatch: Option<String>,
    #[serde(default)]
    pub arrive: Option<ArrivalHow>,
    #[serde(default)]
    pub escalate: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
    #[serde(default)]
    pub progress: Option<String>,
    #[serde(default)]
    pub public: bool,
    #[serde(default)]
    pub resolve: Option<String>,
    #[serde(default)]
    pub told: bool,
    #[serde(default)]
    pub cancel: Option<String>,
}

/// Something the simulator does to a case it reported.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    /// To this responder, or (`None`) to whoever is on duty nearest.
    Dispatch(Option<String>),
    /// A colleague dispatches whoever is nearest to a case left on the board, if it is still
    /// waiting for someone (the person at the keyboard may have got there first).
    TakeOver,
    Arrive(ArrivalHow),
    Escalate {
        body: String,
        note: String,
    },
    Progress {
        text: String,
        public: bool,
    },
    Resolve {
        note: String,
        told: bool,
    },
    Cancel(String),
}

/// A scripted case with its times worked out for a demo starting at a given instant.
#[derive(Debug, Clone)]
pub struct Scripted {
    pub report: Report,
    pub steps: Vec<(DateTime<Utc>, Step)>,
    /// Meant to run late (see `CaseSpec::late`).
    pub late: bool,
}

/// A time in the scenario: an offset from the start, or a clock time yesterday or today.
#[derive(Debug, Clone, Copy)]
enum When {
    Offset(Duration),
    Local { days_back: u64, time: NaiveTime },
}

fn when(text: &str) -> Result<When, String> {
    let text = text.trim();
    for (word, days_back) in [("yesterday", 1), ("today", 0)] {
        if let Some(rest) = text.strip_prefix(word) {
            let time = NaiveTime::parse_from_str(rest.trim(), "%H:%M").map_err(|_| {
                format!("`{text}`: write the time as {word} HH:MM, e.g. {word} 16:20")
            })?;
            return Ok(When::Local { days_back, time });
        }
    }
    let (sign, rest) = match text.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, text.strip_prefix('+').unwrap_or(text)),
    };
    let hint = "write an offset from the start (-50m, +6m) or yesterday/today HH:MM";
    let offset = parse_ago(rest).map_err(|e| format!("{e}; {hint}"))?;
    Ok(When::Offset(offset * sign))
}

impl When {
    fn resolve(self, start: DateTime<Utc>, zone: Tz) -> DateTime<Utc> {
        match self {
            When::Offset(offset) => start + offset,
            When::Local { days_back, time } => {
                let day = start.with_timezone(&zone).date_naive() - Days::new(days_back);
                zone.from_local_datetime(&day.and_time(time))
                    .earliest()
                    .map_or(start, |t| t.with_timezone(&Utc))
            }
        }
    }
}

impl Scenario {
    /// The scenario at `path`, or the built-in one; checked against `catalog`.
    pub fn load(path: Option<&Path>, catalog: &Catalog) -> Result<Scenario, FileError> {
        let (scenario, file, text): (Scenario, PathBuf, String) = match path {
            Some(p) => {
                let (s, text) = tomlfile::load(p)?;
                (s, p.to_path_buf(), text)
            }
            None => {
                let file = PathBuf::from("(built-in) assets/demo.toml");
                (
                    tomlfile::parse(&file, EMBEDDED)?,
                    file,
                    EMBEDDED.to_string(),
                )
            }
        };
        scenario
            .check(catalog)
            .map_err(|(key, message)| FileError::at_key(&file, &text, key, message))?;
        Ok(scenario)
    }

    /// Every code, name, weight and time; gives the key to point at and what is wrong.
    fn check(&self, catalog: &Catalog) -> Result<(), (&'static str, String)> {
        let r = &self.rate;
        if r.by_hour.len() != 24 || r.by_hour.iter().any(|w| *w < 0.0) {
            return Err((
                "by_hour",
                "give 24 weights (hours 0 to 23), none negative".into(),
            ));
        }
        if r.reports_per_day <= 0.0 || r.by_hour.iter().all(|w| *w == 0.0) {
            return Err((
                "reports_per_day",
                "must be above 0, with at least one hour weighted".into(),
            ));
        }
        for (key, p) in [
            ("left_for_you", r.left_for_you),
            ("cancelled", r.cancelled),
            ("late", r.late),
            ("patrol_finding", r.patrol_finding),
        ] {
            if !(0.0..=1.0).contains(&p) {
                return Err((key, format!("{p} is not a share; give 0 to 1")));
            }
        }
        let d = &self.delays;
        for (key, [low, high]) in [
            ("dispatch", d.dispatch),
            ("officer_dispatch", d.officer_dispatch),
            ("travel", d.travel),
            ("travel_late", d.travel_late),
            ("cancel", d.cancel),
            ("morning_patrol", d.morning_patrol),
            ("afternoon_patrol", d.afternoon_patrol),
        ] {
            if low < 0.0 || high < low {
                return Err((
                    key,
                    format!("[{low}, {high}]: give [shortest, longest] minutes"),
                ));
            }
        }
        if self.channels.values().any(|w| *w < 0.0) || self.channels.values().all(|w| *w == 0.0) {
            return Err((
                "hotline",
                "[channels]: weights must be 0 or more, one above 0".into(),
            ));
        }
        if self.arrival_how.values().all(|w| *w <= 0.0) {
            return Err(("callback", "[arrival_how]: give one weight above 0".into()));
        }
        let w = &self.words;
        for (key, list) in [
            ("cancel_reasons", &w.cancel_reasons),
            ("place_details", &w.place_details),
            ("surnames", &w.surnames),
            ("titles", &w.titles),
        ] {
            if list.is_empty() {
                return Err((key, "must list at least one".into()));
            }
        }
        for tier in Tier::ALL {
            if w.progress.of(*tier).is_empty() || w.resolved.of(*tier).is_empty() {
                return Err(("progress", format!("give words for the {tier} tier")));
            }
        }
        if self.kind.iter().all(|k| k.weight <= 0.0) {
            return Err((
                "weight",
                "[[kind]]: at least one kind needs a weight above 0".into(),
            ));
        }
        for kind in &self.kind {
            if catalog.kind(&kind.code).is_none() {
                return Err((
                    "code",
                    format!(
                        "kind `{}` is not a category; `dutydesk codes categories` lists them",
                        kind.code
                    ),
                ));
            }
            if kind.summaries.is_empty() || kind.weight < 0.0 {
                return Err((
                    "summaries",
                    format!(
                        "kind `{}`: give a weight of 0 or more and a summary",
                        kind.code
                    ),
                ));
            }
            check_body(catalog, kind.body.as_deref())?;
        }
        for case in &self.case {
            self.check_case(case, catalog)?;
        }
        Ok(())
    }

    fn check_case(&self, case: &CaseSpec, catalog: &Catalog) -> Result<(), (&'static str, String)> {
        let name = &case.summary;
        when(&case.at).map_err(|e| ("at", format!("case `{name}`: {e}")))?;
        if catalog.grid(case.grid).is_none() {
            return Err((
                "grid",
                format!("case `{name}`: there is no grid {}", case.grid),
            ));
        }
        if catalog.kind(&case.category).is_none() {
            return Err((
                "category",
                format!("case `{name}`: unknown category `{}`", case.category),
            ));
        }
        if let Some(who) = &case.on_scene {
            check_responder(catalog, who, name)?;
        }
        for step in &case.steps {
            step_of(step).map_err(|e| ("steps", format!("case `{name}`: {e}")))?;
            match (&step.after, &step.at) {
                (Some(after), None) => {
                    parse_ago(after).map_err(|e| ("steps", format!("case `{name}`: {e}")))?;
                }
                (None, Some(at)) => {
                    when(at).map_err(|e| ("steps", format!("case `{name}`: {e}")))?;
                }
                _ => {
                    return Err((
                        "steps",
                        format!("case `{name}`: give each step `after` or `at`, not both"),
                    ));
                }
            }
            if let Some(who) = &step.dispatch {
                check_responder(catalog, who, name)?;
            }
            check_body(catalog, step.escalate.as_deref())?;
        }
        Ok(())
    }

    /// The scripted cases, timed for a demo that starts at `start`; steps in order.
    pub fn scripted(&self, catalog: &Catalog, start: DateTime<Utc>, zone: Tz) -> Vec<Scripted> {
        self.case
            .iter()
            .filter_map(|spec| {
                let at = when(&spec.at).ok()?.resolve(start, zone);
                let tier = spec
                    .tier
                    .or_else(|| catalog.kind(&spec.category).map(|k| k.tier))?;
                let mut steps: Vec<(DateTime<Utc>, Step)> = spec
                    .steps
                    .iter()
                    .filter_map(|s| {
                        let time = match (&s.after, &s.at) {
                            (Some(after), _) => at + parse_ago(after).ok()?,
                            (None, Some(when_)) => when(when_).ok()?.resolve(start, zone),
                            (None, None) => return None,
                        };
                        Some((time, step_of(s).ok()?))
                    })
                    .collect();
                steps.sort_by_key(|(t, _)| *t);
                Some(Scripted {
                    report: Report {
                        grid: spec.grid,
                        category: spec.category.clone(),
                        channel: spec.channel,
                        place: spec.place.clone(),
                        summary: spec.summary.clone(),
                        reporter: spec.reporter.clone(),
                        phone: spec.phone.clone(),
                        tier,
                        on_scene: spec.on_scene.clone(),
                        at,
                    },
                    steps,
                    late: spec.late,
                })
            })
            .collect()
    }

    /// A report's chance of coming in during one local hour, against the busiest hour's.
    pub fn hour_share(&self, hour: usize) -> f64 {
        let max = self.rate.by_hour.iter().copied().fold(0.0, f64::max);
        self.rate.by_hour.get(hour).copied().unwrap_or(0.0) / max
    }

    /// Reports an hour in the busiest hour.
    pub fn peak_per_hour(&self) -> f64 {
        let total: f64 = self.rate.by_hour.iter().sum();
        let max = self.rate.by_hour.iter().copied().fold(0.0, f64::max);
        self.rate.reports_per_day * max / total
    }
}

fn check_body(catalog: &Catalog, body: Option<&str>) -> Result<(), (&'static str, String)> {
    match body {
        Some(code) if catalog.body(code).is_none() => Err((
            "body",
            format!("`{code}` is not a body; `dutydesk codes bodies` lists them"),
        )),
        _ => Ok(()),
    }
}

fn check_responder(catalog: &Catalog, who: &str, case: &str) -> Result<(), (&'static str, String)> {
    if catalog.roster.iter().any(|r| r.name == who) {
        return Ok(());
    }
    Err((
        "steps",
        format!("case `{case}`: `{who}` is not on the roster (assets/roster.toml)"),
    ))
}

/// The one action a step names.
fn step_of(s: &StepSpec) -> Result<Step, String> {
    let mut steps = Vec::new();
    if let Some(who) = &s.dispatch {
        steps.push(Step::Dispatch(Some(who.clone())));
    }
    if let Some(how) = s.arrive {
        steps.push(Step::Arrive(how));
    }
    if let Some(body) = &s.escalate {
        steps.push(Step::Escalate {
            body: body.clone(),
            note: s.note.clone().unwrap_or_default(),
        });
    }
    if let Some(text) = &s.progress {
        steps.push(Step::Progress {
            text: text.clone(),
            public: s.public,
        });
    }
    if let Some(note) = &s.resolve {
        steps.push(Step::Resolve {
            note: note.clone(),
            told: s.told,
        });
    }
    if let Some(reason) = &s.cancel {
        steps.push(Step::Cancel(reason.clone()));
    }
    match steps.len() {
        1 => Ok(steps.remove(0)),
        _ => Err(
            "give each step exactly one of dispatch, arrive, escalate, progress, resolve, cancel"
                .into(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_scenario_is_valid_and_has_the_articles_cases() {
        let catalog = Catalog::embedded();
        let scenario = Scenario::load(None, &catalog).expect("built-in scenario");
        let start = Utc
            .with_ymd_and_hms(2026, 11, 28, 2, 0, 0)
            .single()
            .expect("time");
        let scripted = scenario.scripted(&catalog, start, chrono_tz::Asia::Shanghai);
        assert_eq!(scripted.len(), scenario.case.len());
        let trim = scripted
            .iter()
            .find(|s| s.report.category == "building.wall_trim_falling")
            .expect("the wall trim case");
        // "yesterday 16:20" in Shanghai, the demo starting at 10:00 local.
        assert_eq!(trim.report.at.to_rfc3339(), "2026-11-27T08:20:00+00:00");
        assert!(trim.steps.windows(2).all(|w| w[0].0 <= w[1].0));
    }

    #[test]
    fn a_bad_scenario_names_the_entry_and_the_fix() {
        let catalog = Catalog::embedded();
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("demo.toml");
        let text = EMBEDDED.replace("\"facility.streetlight\"", "\"facility.streetlamp\"");
        std::fs::write(&path, text).expect("write");
        let e = Scenario::load(Some(&path), &catalog).expect_err("unknown kind");
        let message = e.to_string();
        assert!(message.contains("facility.streetlamp"), "{message}");
        assert!(message.contains("dutydesk codes categories"), "{message}");
        let text = EMBEDDED.replace("dispatch = \"李秀英\"", "dispatch = \"Nobody\"");
        std::fs::write(&path, text).expect("write");
        let message = Scenario::load(Some(&path), &catalog)
            .expect_err("not on the roster")
            .to_string();
        assert!(
            message.contains("Nobody") && message.contains("roster"),
            "{message}"
        );
    }
}
