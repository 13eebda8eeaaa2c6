//! A system's `POST requests`: the specification's fields read into the desk's report, each
//! refusal naming the field as the specification names it. Pure: the key, the token and
//! `now` are given.

use axum::http::StatusCode;
use chrono::{DateTime, Duration, Utc};
use sha2::{Digest, Sha256};

use crate::catalog::Catalog;
use crate::domain::Report;
use crate::i18n::Lang;
use crate::store::{ApiKey, Intake};

/// How long the same request again is a retry, not a new report.
pub const RETRY_WINDOW: Duration = Duration::minutes(10);
/// The longest `media_url`, `email` and `Idempotency-Key` taken.
const URL_CHARS: usize = 2000;
const EMAIL_CHARS: usize = 200;
pub const IDEMPOTENCY_CHARS: usize = 200;

/// Why a request was not taken: its HTTP status and a description that names the field.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    pub status: StatusCode,
    pub description: String,
}

pub fn bad(field: &str, why: impl std::fmt::Display) -> Refusal {
    Refusal {
        status: StatusCode::BAD_REQUEST,
        description: format!("{field}: {why}"),
    }
}

/// A `jurisdiction_id` this server does not serve, with what to give instead.
pub fn not_served(given: &str, own: Option<&str>) -> Refusal {
    let fix = own.map_or_else(
        || "leave it out".to_string(),
        |o| format!("give `{o}` or leave it out"),
    );
    bad(
        "jurisdiction_id",
        format!("`{given}` is not served here; {fix}"),
    )
}

/// Whose reports this server takes.
#[derive(Debug, Clone, PartialEq)]
pub enum Jurisdiction {
    /// One community's desk (its code, when the config gives one): `jurisdiction_id` may be
    /// absent, empty or that code.
    One(Option<String>),
    /// The sub-district's server over many communities: `jurisdiction_id` names one.
    Many,
}

/// A report as the desk takes it, with what the request brought beside it.
#[derive(Debug, Clone, PartialEq)]
pub struct Handed {
    pub community: Option<String>,
    pub report: Report,
    pub intake: Intake,
}

/// The first value of a form's or a query's field `name`, trimmed; empty is none.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// A `service_code` the catalog does not have.
pub fn unknown_service(code: &str) -> Refusal {
    bad(
        "service_code",
        format!("unknown `{code}`; GET services.json lists the codes"),
    )
}

/// What a server takes reports for: its jurisdiction, its catalog, and the language of the
/// desk (a summary left out is the category's name in it).
pub struct Served<'a> {
    pub jurisdiction: &'a Jurisdiction,
    pub catalog: &'a Catalog,
    pub lang: Lang,
}

/// Reads a `POST requests` form for the key `key`.
pub fn read(
    fields: &[(String, String)],
    key: &ApiKey,
    served: &Served<'_>,
    idempotency_key: Option<String>,
    token: String,
    now: DateTime<Utc>,
) -> Result<Handed, Refusal> {
    let Served {
        jurisdiction,
        catalog,
        lang,
    } = *served;
    for (name, value) in fields {
        if value.contains('\0') {
            return Err(bad(name, "holds a NUL character; send text only"));
        }
    }
    let f = |name: &str| field(fields, name);
    let community = community(f("jurisdiction_id"), key, jurisdiction)?;
    let code = f("service_code").ok_or_else(|| {
        bad(
            "service_code",
            "required: give the code of what is reported (GET services.json lists them)",
        )
    })?;
    let kind = catalog.kind(code).ok_or_else(|| unknown_service(code))?;
    for (name, _) in fields {
        if let Some(attr) = name.strip_prefix("attribute[")
            && attr.trim_end_matches(']') != "grid"
        {
            return Err(bad(
                name,
                format!(
                    "not an attribute of `{code}`; its only attribute is grid (GET services/{code}.json)"
                ),
            ));
        }
    }
    let (lat, long) = position(f("lat"), f("long"))?;
    let place = match (f("address_string"), lat.zip(long)) {
        (Some(address), _) => address.to_string(),
        (None, Some((lat, long))) => format!("{lat:.6}, {long:.6}"),
        (None, None) => {
            return Err(bad(
                "address_string",
                "a location is required: give address_string, or lat and long",
            ));
        }
    };
    let grid = grid(f("attribute[grid]"), &place, catalog)?;
    let summary =
        f("description").map_or_else(|| lang.name(&kind.names).to_string(), str::to_string);
    let email = f("email").map(str::to_string);
    if let Some(e) = &email
        && (e.chars().count() > EMAIL_CHARS || !e.contains('@') || e.contains(char::is_whitespace))
    {
        return Err(bad(
            "email",
            format!("`{e}` is not an e-mail address (name@host, at most {EMAIL_CHARS} characters)"),
        ));
    }
    let media_url = f("media_url").map(str::to_string);
    if let Some(url) = &media_url {
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web || url.chars().count() > URL_CHARS || url.contains(char::is_whitespace) {
            return Err(bad(
                "media_url",
                format!(
                    "give an http:// or https:// address of at most {URL_CHARS} characters, with no spaces"
                ),
            ));
        }
    }
    let report = Report {
        grid,
        category: kind.code.clone(),
        channel: key.channel,
        place,
        summary,
        reporter: reporter(f("first_name"), f("last_name")),
        phone: f("phone").map(str::to_string),
        tier: kind.tier,
        on_scene: None,
        at: now,
    };
    Ok(Handed {
        intake: Intake {
            client: key.name.clone(),
            idempotency_key,
            fingerprint: fingerprint(fields),
            since: now - RETRY_WINDOW,
            token,
            lat,
            long,
            email,
            media_url,
        },
        community,
        report,
    })
}

/// The community a request is for, and whether the key may write there.
fn community(
    given: Option<&str>,
    key: &ApiKey,
    jurisdiction: &Jurisdiction,
) -> Result<Option<String>, Refusal> {
    let refused = |why: String| Refusal {
        status: StatusCode::FORBIDDEN,
        description: why,
    };
    match jurisdiction {
        Jurisdiction::One(own) => match (given, own) {
            (None, _) => Ok(None),
            (Some(g), Some(own)) if g == own => Ok(None),
            (Some(g), own) => Err(not_served(g, own.as_deref())),
        },
        Jurisdiction::Many => {
            let g = given.ok_or_else(|| {
                bad(
                    "jurisdiction_id",
                    "required on the sub-district's server: give the community's code",
                )
            })?;
            match &key.community {
                Some(k) if k != g => Err(refused(format!(
                    "api_key: this key hands reports to `{k}`, not to `{g}`"
                ))),
                _ => Ok(Some(g.to_string())),
            }
        }
    }
}

/// Both or neither, each in its range.
fn position(lat: Option<&str>, long: Option<&str>) -> Result<(Option<f64>, Option<f64>), Refusal> {
    let number = |field: &str, text: &str, limit: f64| -> Result<f64, Refusal> {
        text.parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && v.abs() <= limit)
            .ok_or_else(|| {
                bad(
                    field,
                    format!("`{text}` is not a number from -{limit} to {limit}"),
                )
            })
    };
    match (lat, long) {
        (None, None) => Ok((None, None)),
        (Some(a), Some(o)) => Ok((
            Some(number("lat", a, 90.0)?),
            Some(number("long", o, 180.0)?),
        )),
        (Some(_), None) => Err(bad("long", "required with lat: give both, or neither")),
        (None, Some(_)) => Err(bad("lat", "required with long: give both, or neither")),
    }
}

/// The grid the attribute names, or the one grid whose landmark the place names.
fn grid(given: Option<&str>, place: &str, catalog: &Catalog) -> Result<u8, Refusal> {
    let numbers = || {
        catalog
            .grids
            .iter()
            .map(|g| g.number.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(text) = given {
        return text
            .parse::<u8>()
            .ok()
            .filter(|n| catalog.grid(*n).is_some())
            .ok_or_else(|| {
                bad(
                    "attribute[grid]",
                    format!("`{text}` is not a grid; give one of {}", numbers()),
                )
            });
    }
    let mut named = catalog
        .grids
        .iter()
        .filter(|g| g.landmarks.iter().any(|l| place.contains(l.as_str())));
    match (named.next(), named.next()) {
        (Some(g), None) => Ok(g.number),
        _ => Err(bad(
            "attribute[grid]",
            format!(
                "required: the address names no one grid's landmark; give attribute[grid] = one of {} (GET services/CODE.json names them)",
                numbers()
            ),
        )),
    }
}

/// Family name first and no space for Chinese names; `first last` otherwise.
fn reporter(first: Option<&str>, last: Option<&str>) -> Option<String> {
    match (first, last) {
        (Some(f), Some(l)) if !f.is_ascii() && !l.is_ascii() => Some(format!("{l}{f}")),
        (Some(f), Some(l)) => Some(format!("{f} {l}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_string()),
        (None, None) => None,
    }
}

/// The request's fields (but the key), in a stable order, hashed.
fn fingerprint(fields: &[(String, String)]) -> String {
    let mut kept: Vec<(&str, &str)> = fields
        .iter()
        .filter(|(k, _)| k != "api_key")
        .map(|(k, v)| (k.as_str(), v.trim()))
        .collect();
    kept.sort_unstable();
    let mut hasher = Sha256::new();
    for (k, v) in kept {
        hasher.update(k.as_bytes());
        hasher.update([0]);
        hasher.update(v.as_bytes());
        hasher.update([0]);
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The desk's name of a field as the specification names it.
pub fn field_name(desk: &str) -> &str {
    match desk {
        "summary" => "description",
        "place" => "address_string",
        "reporter" => "first_name",
        "grid" => "attribute[grid]",
        "category" => "service_code",
        other => other,
    }
}
