//! Stored values in words: aligned tables for people (by display width, so Chinese
//! columns line up), and stable JSON for scripts (documented in the README). Shared by the
//! command line and the dashboard's case detail.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use crate::text::{countdown, pad, truncate, visible};

use crate::catalog::{Catalog, Responder};
use crate::domain::{ArrivalHow, Case, Channel, Clock, ClockKind, EventKind, Targets, Tier};
use crate::i18n::{Lang, Texts, texts};
use crate::privacy::{mask_name, mask_phone};
use crate::store::{EventRecord, Shift};

/// Everything needed to turn stored values into words.
pub struct View<'a> {
    pub lang: Lang,
    pub t: &'static Texts,
    pub catalog: &'a Catalog,
    pub targets: Targets,
    pub reveal: bool,
}

impl<'a> View<'a> {
    pub fn new(lang: Lang, catalog: &'a Catalog, targets: Targets, reveal: bool) -> Self {
        View {
            lang,
            t: texts(lang),
            catalog,
            targets,
            reveal,
        }
    }

    fn zone(&self) -> Tz {
        self.targets.zone
    }

    pub fn time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone())
            .format("%Y-%m-%d %H:%M:%S")
            .to_string()
    }

    pub fn short_time(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone())
            .format("%m-%d %H:%M")
            .to_string()
    }

    fn rfc3339(&self, at: DateTime<Utc>) -> String {
        at.with_timezone(&self.zone())
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }

    pub fn category(&self, code: &str) -> String {
        self.catalog
            .kind(code)
            .map(|k| self.lang.name(&k.names).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn grid(&self, number: u8) -> String {
        self.catalog
            .grid(number)
            .map(|g| self.lang.name(&g.names).to_string())
            .unwrap_or_else(|| number.to_string())
    }

    pub fn body(&self, code: &str) -> String {
        self.catalog
            .body(code)
            .map(|b| self.lang.name(&b.names).to_string())
            .unwrap_or_else(|| code.to_string())
    }

    pub fn phone(&self, phone: &str) -> String {
        if self.reveal {
            phone.to_string()
        } else {
            mask_phone(phone)
        }
    }

    fn reporter(&self, name: &str) -> String {
        if self.reveal {
            name.to_string()
        } else {
            mask_name(name)
        }
    }

    fn minutes(&self, secs: i64) -> String {
        format!("{:.1} {}", secs as f64 / 60.0, self.t.show.minutes)
    }

    /// Arrival column: the frozen verdict, or the live countdown to the target.
    fn arrival_cell(&self, case: &Case, now: DateTime<Utc>) -> String {
        if let Some(a) = &case.arrival {
            let verdict = if a.met { self.t.met } else { self.t.missed };
            return format!("{} {verdict}", self.minutes(a.taken_secs));
        }
        match self.targets.clock(case) {
            Clock::Arrival { deadline } => countdown((deadline - now).num_seconds(), self.lang),
            _ => "-".into(),
        }
    }

    pub fn list(&self, cases: &[Case], now: DateTime<Utc>) -> String {
        if cases.is_empty() {
            return format!("{}\n", self.t.no_cases);
        }
        let rows = cases
            .iter()
            .map(|c| {
                vec![
                    times_reported(&c.number, c.reports),
                    self.t.state[c.state as usize].to_string(),
                    c.grid.to_string(),
                    self.category(&c.category),
                    c.place.clone(),
                    c.responder.clone().unwrap_or_else(|| "-".into()),
                    self.t.tier[c.tier as usize].to_string(),
                    self.short_time(c.reported_at),
                    self.arrival_cell(c, now),
                ]
            })
            .collect();
        table(&self.t.list_headers, rows)
    }

    /// Every field, then the timeline with the shift handovers while the case was open
    /// placed among its events, so it reads which shift held the case at each step.
    pub fn show(
        &self,
        case: &Case,
        timeline: &[EventRecord],
        shifts: &[Shift],
        reports: &[Case],
    ) -> String {
        let s = &self.t.show;
        let mut fields: Vec<(&str, String)> = vec![
            (s.number, case.number.clone()),
            (s.state, self.t.state[case.state as usize].to_string()),
            (s.grid, self.grid(case.grid)),
            (
                s.category,
                format!("{} ({})", self.category(&case.category), case.category),
            ),
            (
                s.channel,
                format!(
                    "{}{}",
                    self.t.channel[case.channel as usize],
                    if case.resident_reported() {
                        format!(" · {}", s.resident_reported)
                    } else {
                        String::new()
                    }
                ),
            ),
            (s.place, case.place.clone()),
            (s.summary, case.summary.clone()),
        ];
        let reporter = [
            case.reporter.as_deref().map(|n| self.reporter(n)),
            case.phone.as_deref().map(|p| self.phone(p)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>();
        if !reporter.is_empty() {
            fields.push((s.reporter, reporter.join(" ")));
        }
        fields.push((s.tier, self.t.tier[case.tier as usize].to_string()));
        fields.push((s.reported, self.time(case.reported_at)));
        if case.reports > 1 {
            fields.push((s.reports, case.reports.to_string()));
        }
        if let Some(j) = &case.joined {
            fields.push((s.joined_into, format!("{} · {}", j.into, self.time(j.at))));
        }
        if let Some(r) = &case.responder {
            fields.push((s.responder, r.clone()));
        }
        if let Some(a) = &case.arrival {
            let verdict = if a.met { self.t.met } else { self.t.missed };
            fields.push((
                s.arrival,
                format!(
                    "{} · {} · {verdict} ({} {} {}) · {}",
                    self.time(a.at),
                    self.minutes(a.taken_secs),
                    self.minutes(a.taken_secs),
                    if a.met { "≤" } else { ">" },
                    self.minutes(a.target_secs),
                    self.t.how[a.how as usize]
                ),
            ));
        }
        if let Some(c) = &case.call_up {
            fields.push((
                s.called_up,
                match c.received_at {
                    Some(taken) => format!(
                        "{} · {} · {} {}",
                        self.body(&c.body),
                        self.time(c.at),
                        self.t.sub_district.received,
                        self.time(taken)
                    ),
                    None => format!("{} · {}", self.body(&c.body), self.time(c.at)),
                },
            ));
        }
        if let Some(r) = &case.resolution {
            fields.push((s.resolved, format!("{} · {}", self.time(r.at), r.note)));
            let told = match (case.reporter_told, &case.verdict) {
                (false, _) => self.t.no.to_string(),
                (true, None) => self.t.yes.to_string(),
                (true, Some(v)) => self.verdict_words(v.satisfied, v.note.as_deref()),
            };
            fields.push((s.reporter_told, told));
        }
        if let Some(c) = &case.cancellation {
            fields.push((s.cancelled, format!("{} · {}", self.time(c.at), c.reason)));
        }
        let label_width = fields.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
        let mut out = String::new();
        for (label, value) in &fields {
            let value = visible(value);
            out.push_str(&format!("{}  {value}\n", pad(label, label_width)));
        }
        if !reports.is_empty() {
            out.push_str(&self.reports(case, reports));
        }
        out.push_str(&format!("\n{}\n", s.timeline));
        let kind_width = self.t.event.iter().map(|k| k.width()).max().unwrap_or(0);
        let mut shifts = shifts.iter().peekable();
        let mut shift_lines = |before: Option<DateTime<Utc>>, out: &mut String| {
            while let Some(shift) = shifts.next_if(|s| before.is_none_or(|b| s.at < b)) {
                let words = self
                    .t
                    .handover
                    .handed
                    .replace("{from}", &shift.from)
                    .replace("{to}", &shift.to);
                out.push_str(&format!("  {}  {}\n", self.time(shift.at), visible(&words)));
            }
        };
        for e in timeline {
            shift_lines(Some(e.at), &mut out);
            out.push_str(&format!(
                "  {}  {}  {}  {}\n",
                self.time(e.at),
                pad(self.t.event[e.kind as usize], kind_width),
                visible(&e.actor),
                visible(&self.event_words(e))
            ));
        }
        shift_lines(None, &mut out);
        out
    }

    /// Every report of a problem, its own first: when, number, channel, who (masked), what
    /// they said, and each one's verdict once told.
    fn reports(&self, case: &Case, joined: &[Case]) -> String {
        let mut all: Vec<&Case> = std::iter::once(case).chain(joined).collect();
        all.sort_by_key(|c| (c.reported_at, c.number.clone()));
        let mut out = format!("\n{} ({})\n", self.t.show.reports, all.len());
        for c in all {
            let who = c.reporter.as_deref().map(|n| self.reporter(n));
            let verdict = c
                .verdict
                .as_ref()
                .map(|v| format!(" · {}", self.verdict_words(v.satisfied, v.note.as_deref())));
            out.push_str(&format!(
                "  {}  {}  {}{}: {}{}\n",
                self.time(c.reported_at),
                c.number,
                self.t.channel[c.channel as usize],
                who.map(|w| format!(" · {w}")).unwrap_or_default(),
                visible(&c.summary),
                verdict.unwrap_or_default()
            ));
        }
        out
    }

    /// What an event did, in words of the UI language (the meaning, not the stored JSON).
    pub fn event_words(&self, e: &EventRecord) -> String {
        let w = &self.t.timeline;
        let d = &e.details;
        let text = |key: &str| d.get(key).and_then(|v| v.as_str()).unwrap_or_default();
        let note = |key: &str| {
            let n = text(key);
            if n.is_empty() {
                String::new()
            } else {
                format!(" · {n}")
            }
        };
        let tier = |key: &str| {
            Tier::from_code(text(key)).map_or_else(
                || text(key).to_string(),
                |t| self.t.tier[t as usize].to_string(),
            )
        };
        let secs = |key: &str| d.get(key).and_then(serde_json::Value::as_i64).unwrap_or(0);
        match e.kind {
            EventKind::Reported => {
                let channel = Channel::from_code(text("channel"))
                    .map_or(text("channel"), |c| self.t.channel[c as usize]);
                let grid = d
                    .get("grid")
                    .and_then(serde_json::Value::as_u64)
                    .unwrap_or(0);
                format!(
                    "{} · {channel} · {} · {} · {}: {}",
                    self.category(text("category")),
                    tier("tier"),
                    self.grid(u8::try_from(grid).unwrap_or(0)),
                    text("place"),
                    text("summary")
                )
            }
            EventKind::Dispatched => {
                let mut out = format!("→ {}", text("responder"));
                if !text("previous").is_empty() {
                    out.push_str(&format!(" ({} {})", w.instead_of, text("previous")));
                }
                out + &note("note")
            }
            EventKind::Arrived => {
                let how = ArrivalHow::from_code(text("how"))
                    .map_or(text("how"), |h| self.t.how[h as usize]);
                let met = d.get("met").and_then(serde_json::Value::as_bool);
                let verdict = if met == Some(true) {
                    self.t.met
                } else {
                    self.t.missed
                };
                format!(
                    "{} · {verdict} ({} {}) · {how}",
                    self.minutes(secs("taken_secs")),
                    w.target,
                    self.minutes(secs("target_secs")),
                )
            }
            EventKind::CalledUp => format!("→ {}", self.body(text("body"))) + &note("note"),
            EventKind::TierSet => format!("{} → {}", tier("before"), tier("tier")),
            EventKind::Noted => {
                let public = d.get("public").and_then(serde_json::Value::as_bool);
                let mark = if public == Some(true) {
                    format!(" · {}", w.public)
                } else {
                    String::new()
                };
                format!("{}{mark}", text("text"))
            }
            EventKind::Resolved => {
                let told = d.get("told").and_then(serde_json::Value::as_bool);
                let told = if told == Some(true) {
                    format!(" · {}", w.reporter_told)
                } else {
                    String::new()
                };
                format!("{}{told}", text("note"))
            }
            EventKind::Told => match d.get("satisfied").and_then(serde_json::Value::as_bool) {
                Some(satisfied) => {
                    self.verdict_words(satisfied, d.get("note").and_then(|n| n.as_str()))
                }
                None => String::new(),
            },
            EventKind::Cancelled | EventKind::Reopened => text("reason").to_string(),
            EventKind::Acknowledged => match ClockKind::from_code(text("clock")) {
                Some(ClockKind::Arrival) => w.arrival_alerts.to_string(),
                Some(ClockKind::Resolution) => w.resolution_alerts.to_string(),
                None => text("clock").to_string(),
            },
            EventKind::Received => {
                let waited = d.get("waited_secs").and_then(serde_json::Value::as_i64);
                let waited = waited.map(|s| format!(" · {}", self.minutes(s)));
                format!("{} ✓", self.body(text("body")))
                    + &waited.unwrap_or_default()
                    + &note("note")
            }
            EventKind::Undone => {
                let undone = EventKind::from_code(text("undone"))
                    .map_or(text("undone"), |k| self.t.event[k as usize]);
                w.undone.replace("{what}", undone)
            }
            EventKind::ReportedAgain => {
                let channel = Channel::from_code(text("channel"))
                    .map_or(text("channel"), |c| self.t.channel[c as usize]);
                let who = match text("reporter") {
                    "" => String::new(),
                    name => format!(" · {}", crate::privacy::mask_name(name)),
                };
                let counted = w
                    .reported_again
                    .replace("{report}", text("report"))
                    .replace("{reports}", &secs("reports").to_string());
                format!("{counted} · {channel}{who}: {}", text("summary"))
            }
            EventKind::Joined => w.joined_into.replace("{case}", text("into")),
            EventKind::Split => w.split_from.replace("{case}", text("from")),
            EventKind::SplitOff => w
                .split_off
                .replace("{report}", text("report"))
                .replace("{reports}", &secs("reports").to_string()),
        }
    }

    /// "satisfied · 说修得很快", in the UI language.
    fn verdict_words(&self, satisfied: bool, note: Option<&str>) -> String {
        let s = &self.t.stats;
        let word = if satisfied {
            s.satisfied
        } else {
            s.unsatisfied
        };
        match note {
            Some(n) => format!("{word} · {n}"),
            None => word.to_string(),
        }
    }

    pub fn case_json(&self, case: &Case) -> CaseJson {
        let a = case.arrival.as_ref();
        CaseJson {
            number: case.number.clone(),
            state: case.state.code(),
            grid: case.grid,
            category: case.category.clone(),
            channel: case.channel.code(),
            resident_reported: case.resident_reported(),
            tier: case.tier.code(),
            place: case.place.clone(),
            summary: case.summary.clone(),
            reporter: case.reporter.as_deref().map(|n| self.reporter(n)),
            phone: case.phone.as_deref().map(|p| self.phone(p)),
            reported_at: self.rfc3339(case.reported_at),
            dispatched_at: case.dispatched_at.map(|t| self.rfc3339(t)),
            responder: case.responder.clone(),
            arrived_at: a.map(|a| self.rfc3339(a.at)),
            arrival_how: a.map(|a| a.how.code()),
            arrival_minutes: a.map(|a| a.minutes()),
            arrival_target_minutes: a.map(|a| a.target_secs as f64 / 60.0),
            arrival_met: a.map(|a| a.met),
            arrival_not_recorded: case.arrival_not_recorded(),
            arrival_deadline: self.rfc3339(self.targets.arrival_deadline(case)),
            resolution_deadline: self
                .targets
                .resolution_deadline(case)
                .map(|t| self.rfc3339(t)),
            called_up: case.called_up(),
            called_up_to: case.call_up.as_ref().map(|c| c.body.clone()),
            called_up_at: case.call_up.as_ref().map(|c| self.rfc3339(c.at)),
            resolved_at: case.resolution.as_ref().map(|r| self.rfc3339(r.at)),
            resolution_note: case.resolution.as_ref().map(|r| r.note.clone()),
            reporter_told: case.reporter_told,
            reporter_satisfied: case.verdict.as_ref().map(|v| v.satisfied),
            verdict_note: case.verdict.as_ref().and_then(|v| v.note.clone()),
            cancelled_at: case.cancellation.as_ref().map(|c| self.rfc3339(c.at)),
            cancel_reason: case.cancellation.as_ref().map(|c| c.reason.clone()),
            reports: case.reports,
            joined_into: case.joined.as_ref().map(|j| j.into.clone()),
        }
    }

    pub fn shift_json(&self, s: &Shift) -> ShiftJson {
        ShiftJson {
            at: self.rfc3339(s.at),
            from: s.from.clone(),
            to: s.to.clone(),
        }
    }

    pub fn event_json(&self, e: &EventRecord) -> EventJson {
        EventJson {
            at: self.rfc3339(e.at),
            recorded_at: self.rfc3339(e.recorded_at),
            actor: e.actor.clone(),
            kind: e.kind.code(),
            details: e.details.clone(),
        }
    }

    pub fn roster(&self, roster: &[Responder]) -> String {
        let rows = roster
            .iter()
            .map(|r| {
                vec![
                    r.name.clone(),
                    self.t.role[r.role as usize].to_string(),
                    r.grid.map(|g| g.to_string()).unwrap_or_else(|| "-".into()),
                    r.phone
                        .as_deref()
                        .map(|p| self.phone(p))
                        .unwrap_or_else(|| "-".into()),
                    (if r.on_duty {
                        self.t.on_duty
                    } else {
                        self.t.off_duty
                    })
                    .to_string(),
                ]
            })
            .collect();
        table(&self.t.roster_headers, rows)
    }
}

/// A case as `--json` gives it. Field names are a contract: add, never rename.
#[derive(Debug, Serialize)]
pub struct CaseJson {
    pub number: String,
    pub state: &'static str,
    pub grid: u8,
    pub category: String,
    pub channel: &'static str,
    pub resident_reported: bool,
    pub tier: &'static str,
    pub place: String,
    pub summary: String,
    pub reporter: Option<String>,
    pub phone: Option<String>,
    pub reported_at: String,
    pub dispatched_at: Option<String>,
    pub responder: Option<String>,
    pub arrived_at: Option<String>,
    pub arrival_how: Option<&'static str>,
    pub arrival_minutes: Option<f64>,
    pub arrival_target_minutes: Option<f64>,
    pub arrival_met: Option<bool>,
    /// Imported history whose arrival was never recorded (neither on time nor late).
    pub arrival_not_recorded: bool,
    pub arrival_deadline: String,
    pub resolution_deadline: Option<String>,
    pub called_up: bool,
    pub called_up_to: Option<String>,
    pub called_up_at: Option<String>,
    pub resolved_at: Option<String>,
    pub resolution_note: Option<String>,
    pub reporter_told: bool,
    /// What the reporter said when told: null when not asked.
    pub reporter_satisfied: Option<bool>,
    pub verdict_note: Option<String>,
    pub cancelled_at: Option<String>,
    pub cancel_reason: Option<String>,
    /// How many reports the problem stands on (1 for most).
    pub reports: u32,
    /// The case this report was joined into (the same matter), if it was.
    pub joined_into: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct EventJson {
    pub at: String,
    pub recorded_at: String,
    pub actor: String,
    pub kind: &'static str,
    pub details: serde_json::Value,
}

/// A shift handover while a case was open, in `show --json`'s `shifts`.
#[derive(Debug, Serialize)]
pub struct ShiftJson {
    pub at: String,
    pub from: String,
    pub to: String,
}

const MAX_CELL: usize = 28;

/// An aligned table with a header row. The first column is the one a reader types back (a
/// code, a case number) and is never cut; the others are cut at `MAX_CELL` with `…`.
pub fn table(headers: &[&str], rows: Vec<Vec<String>>) -> String {
    let rows: Vec<Vec<String>> = rows
        .into_iter()
        .map(|r| {
            r.into_iter()
                .enumerate()
                .map(|(i, c)| match i {
                    0 => visible(&c).into_owned(),
                    _ => truncate(&visible(&c), MAX_CELL),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = (0..headers.len())
        .map(|i| {
            rows.iter()
                .map(|r| r.get(i).map_or(0, |c| c.width()))
                .chain(std::iter::once(headers[i].width()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |cells: Vec<&str>| {
        let padded: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
        format!("{}\n", padded.join("  ").trim_end())
    };
    let mut out = line(headers.to_vec());
    for row in &rows {
        out.push_str(&line(row.iter().map(String::as_str).collect()));
    }
    out
}

/// A case's number with how many reports it has, when more than one: `20261207-003 ×5`.
pub fn times_reported(number: &str, reports: u32) -> String {
    if reports > 1 {
        format!("{number} ×{reports}")
    } else {
        number.to_string()
    }
}

/// A place after how many reports its matter has, when more than one: `×5 新联街 12号`.
pub fn place_reported(place: &str, reports: i64) -> std::borrow::Cow<'_, str> {
    if reports > 1 {
        std::borrow::Cow::Owned(format!("×{reports} {place}"))
    } else {
        std::borrow::Cow::Borrowed(place)
    }
}

/// "004 counted with 003: 3 reports of one matter", said once a report joined a case.
pub fn joined_words(lang: crate::i18n::Lang, report: &str, problem: &Case) -> String {
    crate::i18n::texts(lang)
        .joins
        .joined
        .replace("{report}", report)
        .replace("{case}", &problem.number)
        .replace("{reports}", &problem.reports.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_columns_align_by_display_width() {
        let out = table(
            &["名称", "x"],
            vec![
                vec!["健身器材损坏".into(), "1".into()],
                vec!["ab".into(), "2".into()],
            ],
        );
        let lines: Vec<&str> = out.lines().collect();
        let col = |l: &str| l[..l.rfind(' ').expect("two columns") + 1].width();
        assert_eq!(col(lines[1]), col(lines[2]));
        assert_eq!(col(lines[0]), col(lines[2]));
    }
}
