//! A system's `GET requests`: the specification's query read into the desk's, and how a case
//! number is written as a `service_request_id` (on a shared database, with its community:
//! `xinlian-20261207-003`, no `/`, since the id goes in a URL path).

use chrono::{DateTime, Duration, Utc};

use super::intake::{Jurisdiction, Refusal, bad, field, not_served, unknown_service};
use crate::catalog::Catalog;
use crate::store::RequestQuery;

/// The longest period one query may cover, and the most requests one answer holds.
pub const MOST_DAYS: i64 = 90;
pub const MOST_RESULTS: u32 = 1000;

/// A case's `service_request_id`.
pub fn request_id(community: Option<&str>, number: &str) -> String {
    // The sub-district's desk names a case `community/number`.
    let number = number.rsplit('/').next().unwrap_or(number);
    match community {
        Some(code) => format!("{code}-{number}"),
        None => number.to_string(),
    }
}

/// A `service_request_id` read back: `(community, number)`; `None` when it cannot be one.
pub fn parse_id(id: &str, shared: bool) -> Option<(Option<String>, String)> {
    let (rest, seq) = id.rsplit_once('-')?;
    let (community, day) = match rest.rsplit_once('-') {
        Some((c, d)) => (Some(c), d),
        None => (None, rest),
    };
    let digits = |s: &str, n: std::ops::RangeInclusive<usize>| {
        n.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !digits(day, 8..=8) || !digits(seq, 3..=6) || shared != community.is_some() {
        return None;
    }
    if community.is_some_and(|c| c.is_empty() || c.contains('/')) {
        return None;
    }
    Some((community.map(str::to_string), format!("{day}-{seq}")))
}

/// The query for one request, by its `(community, number)`.
pub fn one(number: (Option<String>, String)) -> RequestQuery {
    RequestQuery {
        numbers: vec![number],
        category: None,
        open: None,
        from: DateTime::<Utc>::MIN_UTC,
        to: DateTime::<Utc>::MAX_UTC,
        community: None,
        limit: 1,
    }
}

fn date(field: &str, text: &str) -> Result<DateTime<Utc>, Refusal> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| {
            bad(
                field,
                format!("`{text}` is not a date and time with its zone, such as 2026-12-07T08:15:30+08:00"),
            )
        })
}

/// Reads the query of `GET requests`.
pub fn read(
    params: &[(String, String)],
    jurisdiction: &Jurisdiction,
    shared: bool,
    catalog: &Catalog,
    now: DateTime<Utc>,
) -> Result<RequestQuery, Refusal> {
    let get = |name: &str| field(params, name);
    let community = match (jurisdiction, get("jurisdiction_id")) {
        (_, None) => None,
        (Jurisdiction::Many, Some(code)) => Some(code.to_string()),
        (Jurisdiction::One(Some(own)), Some(g)) if g == own => None,
        (Jurisdiction::One(own), Some(g)) => return Err(not_served(g, own.as_deref())),
    };
    let limit = match get("limit") {
        None => MOST_RESULTS,
        Some(text) => text
            .parse::<u32>()
            .ok()
            .filter(|n| (1..=MOST_RESULTS).contains(n))
            .ok_or_else(|| bad("limit", format!("`{text}`: give a number from 1 to {MOST_RESULTS}; ask for earlier requests with end_date")))?,
    };
    let mut query = RequestQuery {
        numbers: Vec::new(),
        category: None,
        open: None,
        from: now - Duration::days(MOST_DAYS),
        to: now,
        community,
        limit,
    };
    // The specification: a list of ids overrides every other argument.
    if let Some(list) = get("service_request_id") {
        let ids: Vec<&str> = list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        if ids.len() > MOST_RESULTS as usize {
            return Err(bad(
                "service_request_id",
                format!("{} ids; at most {MOST_RESULTS} in one request", ids.len()),
            ));
        }
        // An id that cannot be one is simply not found, as an unknown one is.
        query.numbers = ids.iter().filter_map(|id| parse_id(id, shared)).collect();
        return Ok(query);
    }
    if let Some(code) = get("service_code") {
        if catalog.kind(code).is_none() {
            return Err(unknown_service(code));
        }
        query.category = Some(code.to_string());
    }
    query.open = match get("status").map(str::to_ascii_lowercase).as_deref() {
        None => None,
        Some("open") => Some(true),
        Some("closed") => Some(false),
        Some("open,closed" | "closed,open") => None,
        Some(other) => return Err(bad("status", format!("`{other}`: give open or closed"))),
    };
    let end = get("end_date").map(|t| date("end_date", t)).transpose()?;
    let start = get("start_date")
        .map(|t| date("start_date", t))
        .transpose()?;
    query.to = end.unwrap_or(now);
    query.from = start.unwrap_or(query.to - Duration::days(MOST_DAYS));
    if query.from >= query.to {
        return Err(bad("start_date", "must be before end_date"));
    }
    if query.to - query.from > Duration::days(MOST_DAYS) {
        return Err(bad(
            "start_date",
            format!(
                "the period may span at most {MOST_DAYS} days; give an end_date within {MOST_DAYS} days of it"
            ),
        ));
    }
    Ok(query)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip_on_both_kinds_of_desk() {
        assert_eq!(request_id(None, "20261207-003"), "20261207-003");
        assert_eq!(
            request_id(Some("xinlian"), "xinlian/20261207-003"),
            "xinlian-20261207-003"
        );
        assert_eq!(
            parse_id("xinlian-20261207-003", true),
            Some((Some("xinlian".into()), "20261207-003".into()))
        );
        assert_eq!(
            parse_id("20261207-003", false),
            Some((None, "20261207-003".into()))
        );
        for bad in [
            "20261207-003",
            "x-2026127-003",
            "x-20261207-3",
            "../etc",
            "",
            "-20261207-003",
        ] {
            assert_eq!(parse_id(bad, true), None, "{bad}");
        }
        assert_eq!(parse_id("xinlian-20261207-003", false), None);
    }
}
