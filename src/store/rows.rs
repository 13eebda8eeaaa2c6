//! Rows as both engines hold them, and their conversion to and from domain values.

use chrono::{DateTime, Utc};

use super::{CaseFilter, StoreError};
use crate::catalog::Responder;
use crate::domain::{Arrival, CallUp, Cancellation, Case, Channel, Resolution};

pub(super) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
}

/// The values of a query, in the order it lists its columns; one list for both engines.
type Bound<'q, DB> = sqlx::query::Query<'q, DB, <DB as sqlx::Database>::Arguments>;

/// A new case's columns, in the order both engines' `INSERT` lists them (after the community,
/// on the shared database): number, day, seq, grid, category, channel, place, summary,
/// reporter, phone, tier, state, reported_at, updated_at, import_key.
pub(super) fn bind_new<'q, 'a, DB: sqlx::Database>(
    query: Bound<'q, DB>,
    case: &'a Case,
    day: &'a str,
    seq: i64,
    now: DateTime<Utc>,
    import_key: Option<&'a str>,
) -> Bound<'q, DB>
where
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<&'a str>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    query
        .bind(case.number.as_str())
        .bind(day)
        .bind(seq)
        .bind(i64::from(case.grid))
        .bind(case.category.as_str())
        .bind(case.channel.code())
        .bind(case.place.as_str())
        .bind(case.summary.as_str())
        .bind(case.reporter.as_deref())
        .bind(case.phone.as_deref())
        .bind(case.tier.code())
        .bind(case.state.code())
        .bind(millis(case.reported_at))
        .bind(millis(now))
        .bind(import_key)
}

/// What a change may alter of a case, in the order both engines' `UPDATE` lists it: tier,
/// state, dispatched_at, responder, arrived_at, arrival_how, arrival_secs,
/// arrival_target_secs, arrival_met, called_up_to, called_up_at, call_up_received_at,
/// resolved_at, resolution_note, reporter_told, reporter_satisfied, verdict_note,
/// cancelled_at, cancel_reason, arrival_unrecorded, joined_into, joined_at, joined_from,
/// report_count, updated_at.
pub(super) fn bind_changes<'q, 'a, DB: sqlx::Database>(
    query: Bound<'q, DB>,
    case: &'a Case,
    now: DateTime<Utc>,
) -> Bound<'q, DB>
where
    &'a str: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<&'a str>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    i64: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<i64>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    bool: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    Option<bool>: sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let arrival = case.arrival.as_ref();
    let call_up = case.call_up.as_ref();
    query
        .bind(case.tier.code())
        .bind(case.state.code())
        .bind(case.dispatched_at.map(millis))
        .bind(case.responder.as_deref())
        .bind(arrival.map(|a| millis(a.at)))
        .bind(arrival.map(|a| a.how.code()))
        .bind(arrival.map(|a| a.taken_secs))
        .bind(arrival.map(|a| a.target_secs))
        .bind(arrival.map(|a| a.met))
        .bind(call_up.map(|c| c.body.as_str()))
        .bind(call_up.map(|c| millis(c.at)))
        .bind(call_up.and_then(|c| c.received_at).map(millis))
        .bind(case.resolution.as_ref().map(|r| millis(r.at)))
        .bind(case.resolution.as_ref().map(|r| r.note.as_str()))
        .bind(case.reporter_told)
        .bind(case.verdict.as_ref().map(|v| v.satisfied))
        .bind(case.verdict.as_ref().and_then(|v| v.note.as_deref()))
        .bind(case.cancellation.as_ref().map(|c| millis(c.at)))
        .bind(case.cancellation.as_ref().map(|c| c.reason.as_str()))
        .bind(case.arrival_unrecorded)
        .bind(case.joined.as_ref().map(|j| j.into.as_str()))
        .bind(case.joined.as_ref().map(|j| millis(j.at)))
        .bind(case.joined.as_ref().map(|j| j.from.code()))
        .bind(i64::from(case.reports))
        .bind(millis(now))
}

/// The figures from the counts a store's query gives, in this order: cancelled, collected,
/// resident-reported, called up, open, resolved, resolved the same day, arrived, arrived
/// within target, reporter told, satisfied, not satisfied, arrival not recorded, reports (every
/// report not cancelled, joined ones too); with the median and 90th percentile arrival in
/// seconds. All but the reporters' counts are of problems: reports joined into another are not.
pub(super) fn figures(
    counts: [i64; 14],
    median_secs: Option<f64>,
    p90_secs: Option<i64>,
) -> crate::domain::Figures {
    use crate::domain::figures::minutes;
    let [
        cancelled,
        collected,
        resident,
        called_up,
        open,
        resolved,
        same_day,
        arrived,
        met,
        told,
        satisfied,
        unsatisfied,
        unrecorded,
        reports,
    ] = counts;
    let n = |v: i64| usize::try_from(v).unwrap_or(0);
    crate::domain::Figures {
        collected: n(collected),
        resident_reported: n(resident),
        handled_by_community: n(collected - called_up),
        called_up: n(called_up),
        open: n(open),
        resolved: n(resolved),
        resolved_same_day: n(same_day),
        arrived: n(arrived),
        arrived_within_target: n(met),
        arrival_not_recorded: n(unrecorded),
        median_arrival_minutes: median_secs.map(minutes),
        p90_arrival_minutes: p90_secs.map(|s| minutes(s as f64)),
        cancelled: n(cancelled),
        reporter_told: n(told),
        satisfied: n(satisfied),
        unsatisfied: n(unsatisfied),
        reports: n(reports),
    }
}

/// The codes of the channels the community's own staff report through (patrols, the desk):
/// "from residents" in the figures is every other channel.
pub(super) fn staff_channels() -> Vec<&'static str> {
    Channel::ALL
        .iter()
        .filter(|c| !c.resident_reported())
        .map(|c| c.code())
        .collect()
}

/// A value bound to a built query, in order.
pub(super) enum Bind<'a> {
    Text(&'a str),
    Int(i64),
}

/// The SQL of `cases` for one filter (and, on the shared database, one community), and what
/// to bind, with the engine's numbered placeholders: `mark` is `?` for SQLite, `$` for
/// PostgreSQL. Built for the filter given, with no catch-all `(? IS NULL OR …)` predicates,
/// so either engine serves it from an index whatever share of all cases it reads.
pub(super) fn cases_sql<'a>(
    community: Option<&'a str>,
    filter: &'a CaseFilter,
    mark: char,
) -> (String, Vec<Bind<'a>>) {
    let mut clauses = Vec::new();
    let mut binds = Vec::new();
    let mut next = |bind: Bind<'a>| {
        binds.push(bind);
        format!("{mark}{}", binds.len())
    };
    if let Some(code) = community {
        clauses.push(format!("community = {}", next(Bind::Text(code))));
    }
    if let Some(number) = &filter.joined_into {
        // On the sub-district's desk a case is named with its community.
        let (code, bare) = match number.split_once('/') {
            Some((code, bare)) => (Some(code), bare),
            None => (None, number.as_str()),
        };
        if let (Some(code), None) = (code, community) {
            clauses.push(format!("community = {}", next(Bind::Text(code))));
        }
        clauses.push(format!("joined_into = {}", next(Bind::Text(bare))));
    }
    if filter.open_only {
        clauses.push("state IN ('reported', 'dispatched', 'on_scene')".to_string());
    }
    if let Some(state) = filter.state {
        // A code from the domain's own list: written in, served by the (state, time) index.
        clauses.push(format!("state = '{}'", state.code()));
    }
    if let Some(grid) = filter.grid {
        clauses.push(format!("grid = {}", next(Bind::Int(i64::from(grid)))));
    }
    if let Some(from) = filter.from {
        clauses.push(format!("reported_at >= {}", next(Bind::Int(millis(from)))));
    }
    if let Some(to) = filter.to {
        clauses.push(format!("reported_at < {}", next(Bind::Int(millis(to)))));
    }
    let mut sql = String::from("SELECT * FROM cases");
    if !clauses.is_empty() {
        sql.push_str(" WHERE ");
        sql.push_str(&clauses.join(" AND "));
    }
    sql.push_str(" ORDER BY reported_at, id");
    (sql, binds)
}

pub(super) fn instant(ms: i64) -> Result<DateTime<Utc>, StoreError> {
    DateTime::from_timestamp_millis(ms)
        .ok_or_else(|| StoreError::Unreadable(format!("instant {ms} out of range")))
}

fn instant_opt(ms: Option<i64>) -> Result<Option<DateTime<Utc>>, StoreError> {
    ms.map(instant).transpose()
}

fn code<T: std::str::FromStr<Err = crate::domain::UnknownCode>>(s: &str) -> Result<T, StoreError> {
    s.parse()
        .map_err(|e: crate::domain::UnknownCode| StoreError::Unreadable(e.to_string()))
}

fn both<A, B>(a: Option<A>, b: Option<B>) -> Option<(A, B)> {
    a.zip(b)
}

#[derive(sqlx::FromRow)]
pub(super) struct CaseRow {
    pub id: i64,
    /// Only in the shared (PostgreSQL) database.
    #[sqlx(default)]
    pub community: Option<String>,
    pub number: String,
    pub grid: i64,
    pub category: String,
    pub channel: String,
    pub place: String,
    pub summary: String,
    pub reporter: Option<String>,
    pub phone: Option<String>,
    pub tier: String,
    pub state: String,
    pub reported_at: i64,
    pub dispatched_at: Option<i64>,
    pub responder: Option<String>,
    pub arrived_at: Option<i64>,
    pub arrival_how: Option<String>,
    pub arrival_secs: Option<i64>,
    pub arrival_target_secs: Option<i64>,
    pub arrival_met: Option<bool>,
    pub called_up_to: Option<String>,
    pub called_up_at: Option<i64>,
    pub call_up_received_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub resolution_note: Option<String>,
    pub reporter_told: bool,
    #[sqlx(default)]
    pub reporter_satisfied: Option<bool>,
    #[sqlx(default)]
    pub verdict_note: Option<String>,
    pub cancelled_at: Option<i64>,
    pub cancel_reason: Option<String>,
    #[sqlx(default)]
    pub arrival_unrecorded: bool,
    #[sqlx(default)]
    pub joined_into: Option<String>,
    #[sqlx(default)]
    pub joined_at: Option<i64>,
    #[sqlx(default)]
    pub joined_from: Option<String>,
    pub report_count: i64,
}

impl CaseRow {
    pub fn into_case(self) -> Result<Case, StoreError> {
        let arrival = match (self.arrived_at, self.arrival_how) {
            (Some(at), Some(how)) => Some(Arrival {
                at: instant(at)?,
                how: code(&how)?,
                taken_secs: self.arrival_secs.unwrap_or_default(),
                target_secs: self.arrival_target_secs.unwrap_or_default(),
                met: self.arrival_met.unwrap_or_default(),
            }),
            _ => None,
        };
        let call_up = match both(self.called_up_to, self.called_up_at) {
            Some((body, at)) => Some(CallUp {
                body,
                at: instant(at)?,
                received_at: instant_opt(self.call_up_received_at)?,
            }),
            None => None,
        };
        let resolution = match both(self.resolved_at, self.resolution_note) {
            Some((at, note)) => Some(Resolution {
                at: instant(at)?,
                note,
            }),
            None => None,
        };
        let cancellation = match both(self.cancelled_at, self.cancel_reason) {
            Some((at, reason)) => Some(Cancellation {
                at: instant(at)?,
                reason,
            }),
            None => None,
        };
        Ok(Case {
            number: self.number,
            grid: u8::try_from(self.grid)
                .map_err(|_| StoreError::Unreadable(format!("grid {}", self.grid)))?,
            category: self.category,
            channel: code(&self.channel)?,
            place: self.place,
            summary: self.summary,
            reporter: self.reporter,
            phone: self.phone,
            tier: code(&self.tier)?,
            state: code(&self.state)?,
            reported_at: instant(self.reported_at)?,
            dispatched_at: instant_opt(self.dispatched_at)?,
            responder: self.responder,
            arrival,
            arrival_unrecorded: self.arrival_unrecorded,
            call_up,
            resolution,
            reporter_told: self.reporter_told,
            verdict: self
                .reporter_satisfied
                .map(|satisfied| crate::domain::Verdict {
                    satisfied,
                    note: self.verdict_note,
                }),
            cancellation,
            joined: match (self.joined_into, self.joined_at, self.joined_from) {
                (Some(into), Some(at), Some(from)) => Some(crate::domain::Joined {
                    into,
                    at: instant(at)?,
                    from: code(&from)?,
                }),
                _ => None,
            },
            reports: u32::try_from(self.report_count).unwrap_or(1),
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ResponderRow {
    pub name: String,
    pub role: String,
    pub grid: Option<i64>,
    pub phone: Option<String>,
    pub on_duty: bool,
}

impl ResponderRow {
    pub fn into_responder(self) -> Result<Responder, StoreError> {
        Ok(Responder {
            name: self.name,
            role: code(&self.role)?,
            grid: self.grid.and_then(|g| u8::try_from(g).ok()),
            phone: self.phone,
            on_duty: self.on_duty,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct EventRow {
    pub at: i64,
    pub recorded_at: i64,
    pub actor: String,
    pub kind: String,
    pub details: String,
}

impl EventRow {
    pub fn into_record(self) -> Result<super::EventRecord, StoreError> {
        Ok(super::EventRecord {
            at: instant(self.at)?,
            recorded_at: instant(self.recorded_at)?,
            actor: self.actor,
            kind: code(&self.kind)?,
            details: serde_json::from_str(&self.details)
                .map_err(|e| StoreError::Unreadable(format!("event details: {e}")))?,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct PatrolRow {
    pub grid: i64,
    pub day: String,
    pub slot: String,
    pub at: i64,
    pub findings: i64,
}

impl PatrolRow {
    pub fn into_patrol(self) -> Result<crate::domain::Patrol, StoreError> {
        Ok(crate::domain::Patrol {
            grid: u8::try_from(self.grid)
                .map_err(|_| StoreError::Unreadable(format!("grid {}", self.grid)))?,
            day: chrono::NaiveDate::parse_from_str(&self.day, "%Y-%m-%d")
                .map_err(|e| StoreError::Unreadable(format!("patrol day: {e}")))?,
            slot: code(&self.slot)?,
            at: instant(self.at)?,
            findings: u32::try_from(self.findings).unwrap_or(0),
        })
    }
}

/// A link as both engines keep it: number, role, person, made, departed, asked for help.
pub(super) type LinkRow = (
    String,
    String,
    Option<String>,
    i64,
    Option<i64>,
    Option<i64>,
);

pub(super) fn link(row: LinkRow) -> Result<crate::domain::links::Link, StoreError> {
    let (case, role, person, made_at, departed_at, help_at) = row;
    Ok(crate::domain::links::Link {
        case,
        role: code(&role)?,
        person,
        made_at: instant(made_at)?,
        departed_at: instant_opt(departed_at)?,
        help_at: instant_opt(help_at)?,
    })
}
