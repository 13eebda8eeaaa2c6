//! What the Open311 side keeps, on either engine: the keys of the systems that hand reports
//! in, and what each such report brought beside its case (who sent it, so that a retry finds
//! it; the token a client may poll; where it was; the reporter's e-mail, never shown).

use chrono::{DateTime, NaiveDate, Utc};

use super::rows::{Bind, CaseRow, millis};
use super::{Db, StoreError};
use crate::domain::{Case, Channel, Report, Rules};

/// A system's key, as listed (the key itself is never kept).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ApiKey {
    pub name: String,
    pub channel: Channel,
    /// Whose reports it may hand in, on a shared database.
    pub community: Option<String>,
    pub made_at: DateTime<Utc>,
    pub revoked_at: Option<DateTime<Utc>>,
}

/// A system's report, beside the report itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Intake {
    /// The key's name.
    pub client: String,
    /// The client's `Idempotency-Key`: the same one again finds the first case.
    pub idempotency_key: Option<String>,
    /// The request's fields, hashed: the same again within `since` finds the first case.
    pub fingerprint: String,
    pub since: DateTime<Utc>,
    /// What `tokens/{token}` answers to.
    pub token: String,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub email: Option<String>,
    /// Kept as a public note on the case, in the same change.
    pub media_url: Option<String>,
}

/// What a hand-in gives: the case, the token its first hand-in was given, and whether this
/// hand-in opened it (or found the one an earlier hand-in of the same request opened).
#[derive(Debug, Clone, PartialEq)]
pub struct Taken {
    pub case: Case,
    pub token: String,
    pub new: bool,
}

/// A case as Open311 shows it: the case, its community on a shared database, when its last
/// event happened, its latest public note, and what its intake brought.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub case: Case,
    pub community: Option<String>,
    pub updated: DateTime<Utc>,
    pub note: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

/// Which requests a GET asks for: given numbers (each `(community, number)`), or a period
/// with optional category and open/closed. Newest first, at most `limit`.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestQuery {
    pub numbers: Vec<(Option<String>, String)>,
    pub category: Option<String>,
    pub open: Option<bool>,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub community: Option<String>,
    pub limit: u32,
}

/// A row of the requests read: the case's columns and the extras.
#[derive(sqlx::FromRow)]
pub(super) struct RequestRow {
    #[sqlx(flatten)]
    pub case: CaseRow,
    pub last_at: Option<i64>,
    pub note: Option<String>,
    pub lat: Option<f64>,
    pub long: Option<f64>,
    pub media_url: Option<String>,
}

impl RequestRow {
    pub(super) fn into_request(self) -> Result<Request, StoreError> {
        let community = self.case.community.clone();
        let case = self.case.into_case()?;
        let updated = match self.last_at {
            Some(ms) => super::rows::instant(ms)?,
            None => case.reported_at,
        };
        Ok(Request {
            case,
            community,
            updated,
            note: self.note,
            lat: self.lat,
            long: self.long,
            media_url: self.media_url,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(super) struct ApiKeyRow {
    pub name: String,
    pub channel: String,
    #[sqlx(default)]
    pub community: Option<String>,
    pub made_at: i64,
    pub revoked_at: Option<i64>,
}

impl ApiKeyRow {
    pub(super) fn into_key(self) -> Result<ApiKey, StoreError> {
        Ok(ApiKey {
            channel: self
                .channel
                .parse()
                .map_err(|e: crate::domain::UnknownCode| StoreError::Unreadable(e.to_string()))?,
            name: self.name,
            community: self.community,
            made_at: super::rows::instant(self.made_at)?,
            revoked_at: self.revoked_at.map(super::rows::instant).transpose()?,
        })
    }
}

/// A key name in use; names of revoked keys stay taken, for the record.
pub(super) fn name_taken(name: &str) -> StoreError {
    StoreError::Invalid {
        field: "name",
        problem: crate::domain::lifecycle::Problem::Argument(format!(
            "a key named `{name}` exists already (`dutydesk api-key list`); choose another name (a revoked key's name stays taken, for the record)"
        )),
    }
}

/// How an engine reads an event's details: the note's text, and whether it is public.
pub(super) struct NoteSql {
    pub text: &'static str,
    pub public: &'static str,
}

/// The SQL of `requests` for one query and what it binds, with the engine's placeholders
/// (`?` or `$`), as `rows::cases_sql` builds a case list. `community` narrows the period's
/// cases to one community and names the community of ids given without one; `shared` says
/// ids are matched with their community (the shared database). `None`: no id can match.
pub(super) fn requests_sql<'a>(
    query: &'a RequestQuery,
    community: Option<&'a str>,
    shared: bool,
    mark: char,
    note: &NoteSql,
) -> Option<(String, Vec<Bind<'a>>)> {
    let mut binds = Vec::new();
    let mut next = |bind: Bind<'a>| {
        binds.push(bind);
        format!("{mark}{}", binds.len())
    };
    let mut sql = format!(
        "SELECT c.*,
            (SELECT MAX(e.at) FROM events e WHERE e.case_id = c.id) AS last_at,
            (SELECT {} FROM events e
             WHERE e.case_id = c.id AND e.kind = 'noted' AND {}
             ORDER BY e.id DESC LIMIT 1) AS note,
            i.lat, i.long, i.media_url
         FROM cases c LEFT JOIN intakes i ON i.case_id = c.id WHERE ",
        note.text, note.public
    );
    if query.numbers.is_empty() {
        let from = next(Bind::Int(millis(query.from)));
        let to = next(Bind::Int(millis(query.to)));
        // A period lists problems: a report joined into another case is in its count.
        sql.push_str(&format!(
            "c.reported_at >= {from} AND c.reported_at < {to} AND c.joined_into IS NULL"
        ));
        if let Some(code) = community {
            sql.push_str(&format!(" AND c.community = {}", next(Bind::Text(code))));
        }
        if let Some(category) = &query.category {
            sql.push_str(&format!(" AND c.category = {}", next(Bind::Text(category))));
        }
        sql.push_str(match query.open {
            Some(true) => " AND c.state IN ('reported', 'dispatched', 'on_scene')",
            Some(false) => " AND c.state IN ('resolved', 'cancelled')",
            None => "",
        });
    } else if shared {
        let mut any = Vec::new();
        for (code, number) in &query.numbers {
            let Some(code) = code.as_deref().or(community) else {
                continue;
            };
            let c = next(Bind::Text(code));
            let n = next(Bind::Text(number));
            any.push(format!("(c.community = {c} AND c.number = {n})"));
        }
        if any.is_empty() {
            return None;
        }
        sql.push_str(&format!("({})", any.join(" OR ")));
    } else {
        let marks: Vec<String> = query
            .numbers
            .iter()
            .map(|(_, number)| next(Bind::Text(number)))
            .collect();
        sql.push_str(&format!("c.number IN ({})", marks.join(", ")));
    }
    sql.push_str(&format!(
        " ORDER BY c.reported_at DESC, c.id DESC LIMIT {}",
        query.limit
    ));
    Some((sql, binds))
}

impl Db {
    /// Keeps a new key under `hash`; a name already used is refused, naming it.
    pub async fn add_api_key(&self, key: &ApiKey, hash: &str) -> Result<(), StoreError> {
        either!(self, s => s.add_api_key(key, hash).await)
    }

    pub async fn api_keys(&self) -> Result<Vec<ApiKey>, StoreError> {
        either!(self, s => s.api_keys().await)
    }

    /// Revokes the key `name` (of `community` on a shared database); whether there was one
    /// not yet revoked.
    pub async fn revoke_api_key(
        &self,
        name: &str,
        community: Option<&str>,
        at: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        either!(self, s => s.revoke_api_key(name, community, at).await)
    }

    /// The key kept under `hash`, revoked or not.
    pub async fn api_key(&self, hash: &str) -> Result<Option<ApiKey>, StoreError> {
        either!(self, s => s.api_key(hash).await)
    }

    /// Opens a case for a system's report, in `community` on a shared database, signed by
    /// the system's key name, unless the same request was handed in before: then the first
    /// case (`Taken::new` false).
    pub async fn intake(
        &self,
        community: Option<&str>,
        day: NaiveDate,
        report: &Report,
        intake: &Intake,
        now: DateTime<Utc>,
        rules: &Rules,
    ) -> Result<Taken, StoreError> {
        either!(self, s => s.intake(community, day, report, intake, now, rules).await)
    }

    pub async fn requests(&self, query: &RequestQuery) -> Result<Vec<Request>, StoreError> {
        either!(self, s => s.requests(query).await)
    }

    /// The case a client's token stands for: `(community, number)`.
    pub async fn intake_token(
        &self,
        token: &str,
    ) -> Result<Option<(Option<String>, String)>, StoreError> {
        either!(self, s => s.intake_token(token).await)
    }
}
