//! Rows as SQLite holds them, and their conversion to and from domain values.

use chrono::{DateTime, Utc};

use super::StoreError;
use crate::catalog::Responder;
use crate::domain::{Arrival, CallUp, Cancellation, Case, Resolution};

pub(super) fn millis(t: DateTime<Utc>) -> i64 {
    t.timestamp_millis()
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
