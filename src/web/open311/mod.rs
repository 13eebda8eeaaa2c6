//! Open311 GeoReport v2 under `/open311/v2/`: systems (the city's 12345 platform, a
//! mini-program) hand reports in and read their progress in the specification's own terms.
//! Services are the catalog's categories, requests are cases. A POST needs a key made by
//! `dutydesk api-key add`; GETs are public and show only what the public bulletin shows.

mod format;
pub mod intake;
pub mod query;
mod records;

use std::net::IpAddr;
use std::time::Instant;

use axum::body::Body;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::Utc;

use super::cache::Answer;
use super::routes::Peer;
use super::{Web, lang_of};
use crate::desk::DeskError;
use crate::i18n::Lang;
use crate::store::StoreError;
use format::{Format, Record, Val, text};
use intake::{Jurisdiction, Refusal, bad};

/// The largest request body: a 2,000-character description, percent-encoded, and the rest.
pub const BODY_LIMIT: usize = 32 * 1024;

pub fn routes() -> axum::Router<Web> {
    axum::Router::new()
        .route("/open311/v2/{resource}", get(read_resource).post(hand_in))
        .route("/open311/v2/services/{code}", get(service))
        .route("/open311/v2/requests/{id}", get(request))
        .route("/open311/v2/tokens/{token}", get(token))
}

/// The spec's error body: a list of `{code, description}`.
fn errors(format: Format, refusal: &Refusal) -> Answer {
    let item = vec![
        ("code", Val::Bare(refusal.status.as_u16().to_string())),
        ("description", text(refusal.description.clone())),
    ];
    format.list(refusal.status, "errors", "error", &[item])
}

fn refused(format: Format, refusal: &Refusal) -> Response {
    errors(format, refusal).into_response()
}

fn not_found(format: Format, what: &str) -> Response {
    refused(
        format,
        &Refusal {
            status: StatusCode::NOT_FOUND,
            description: format!("{what}: not found"),
        },
    )
}

/// A failure of the desk's store, logged; the client is told to try again.
fn unavailable(format: Format, e: &DeskError) -> Answer {
    tracing::error!(error = %e, "an Open311 request failed");
    let refusal = Refusal {
        status: StatusCode::SERVICE_UNAVAILABLE,
        description: "the desk cannot answer just now; try again in a minute".into(),
    };
    errors(format, &refusal)
}

fn failed(format: Format, e: &DeskError) -> Response {
    unavailable(format, e).into_response()
}

/// Requests found, as the list answers them.
fn listed(web: &Web, found: &[crate::store::Request], lang: Lang, format: Format) -> Answer {
    let items: Vec<Record> = found
        .iter()
        .map(|r| records::request(web, r, lang))
        .collect();
    format.list(StatusCode::OK, "service_requests", "request", &items)
}

/// The language asked for: `locale` first, then `Accept-Language`.
fn lang(headers: &HeaderMap, params: &[(String, String)]) -> Lang {
    match intake::field(params, "locale").map(str::to_ascii_lowercase) {
        Some(v) if v.starts_with("en") => Lang::En,
        Some(v) if v.starts_with("zh") => Lang::Zh,
        _ => lang_of(headers),
    }
}

fn params(query: Option<&str>) -> Result<Vec<(String, String)>, Refusal> {
    serde_urlencoded::from_str(query.unwrap_or("")).map_err(|e| {
        bad(
            "query",
            format!("cannot be read ({e}); percent-encode it as UTF-8"),
        )
    })
}

impl Web {
    /// Whose reports this server takes, and whether its ids carry the community.
    fn jurisdiction(&self) -> (Jurisdiction, bool) {
        use crate::location::Scope;
        match self.desk.store.postgres().map(|p| p.scope().clone()) {
            Some(Scope::SubDistrict) => (Jurisdiction::Many, true),
            Some(Scope::Community(code)) => (Jurisdiction::One(Some(code)), true),
            None => match self.desk.config.scope() {
                Some(Scope::Community(code)) => (Jurisdiction::One(Some(code)), false),
                _ => (Jurisdiction::One(None), false),
            },
        }
    }

    /// The community a case of this server is in, for its id (on a shared database).
    fn community_of(&self, request_community: Option<&str>) -> Option<String> {
        match self.jurisdiction() {
            (_, false) => None,
            (Jurisdiction::One(own), true) => request_community.map(str::to_string).or(own),
            (Jurisdiction::Many, true) => request_community.map(str::to_string),
        }
    }
}

/// `discovery`, `services` and `requests` (GET).
async fn read_resource(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(resource): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (name, format) = Format::split(&resource);
    let params = match params(query.as_deref()) {
        Ok(p) => p,
        Err(r) => return refused(format, &r),
    };
    let lang = lang(&headers, &params);
    let asked = format!(
        "{lang:?}|{resource}?{}",
        query.as_deref().unwrap_or_default()
    );
    match name {
        "discovery" => format
            .one("discovery", &records::discovery(&web.desk))
            .into_response(),
        "services" => {
            let made = async {
                let services = records::services(&web.desk.catalog, lang);
                format.list(StatusCode::OK, "services", "service", &services)
            };
            web.cache
                .answer(&web.desk, asked, made)
                .await
                .into_response()
        }
        "requests" => {
            let (jurisdiction, shared) = web.jurisdiction();
            let now = Utc::now();
            let q = match query::read(&params, &jurisdiction, shared, &web.desk.catalog, now) {
                Ok(q) => q,
                Err(r) => return refused(format, &r),
            };
            let made = async {
                match web.desk.requests(&q).await {
                    Ok(found) => listed(&web, &found, lang, format),
                    Err(e) => unavailable(format, &e),
                }
            };
            web.cache
                .answer(&web.desk, asked, made)
                .await
                .into_response()
        }
        _ => not_found(format, &resource),
    }
}

/// `services/{code}`: the service definition, whose one attribute is the grid.
async fn service(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(code): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (code, format) = Format::split(&code);
    let params = params(query.as_deref()).unwrap_or_default();
    let lang = lang(&headers, &params);
    match web.desk.catalog.kind(code) {
        Some(kind) => format
            .one(
                "service_definition",
                &records::definition(&web.desk.catalog, &kind.code, lang),
            )
            .into_response(),
        None => not_found(format, &format!("service_code `{code}`")),
    }
}

/// `requests/{id}`: one request, as the list gives it.
async fn request(
    State(web): State<Web>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    let (id, format) = Format::split(&id);
    let params = params(query.as_deref()).unwrap_or_default();
    let lang = lang(&headers, &params);
    let (_, shared) = web.jurisdiction();
    let Some(number) = query::parse_id(id, shared) else {
        return not_found(format, &format!("service_request_id `{id}`"));
    };
    let q = query::one(number);
    match web.desk.requests(&q).await {
        Ok(found) if !found.is_empty() => listed(&web, &found, lang, format).into_response(),
        Ok(_) => not_found(format, &format!("service_request_id `{id}`")),
        Err(e) => failed(format, &e),
    }
}

/// `tokens/{token}`: the id the token stands for (given at once: the desk numbers as it takes).
async fn token(State(web): State<Web>, Path(token): Path<String>) -> Response {
    let (token, format) = Format::split(&token);
    if token.len() > 64
        || !token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return not_found(format, "token");
    }
    match web.desk.store.intake_token(token).await {
        Ok(Some((community, number))) => {
            let id = query::request_id(web.community_of(community.as_deref()).as_deref(), &number);
            let item = vec![("service_request_id", text(id)), ("token", text(token))];
            format
                .list(StatusCode::OK, "service_requests", "request", &[item])
                .into_response()
        }
        Ok(None) => not_found(format, "token"),
        Err(e) => failed(format, &DeskError::Store(e)),
    }
}

/// `requests` (POST): a system hands a report in.
async fn hand_in(
    State(web): State<Web>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(resource): Path<String>,
    body: Body,
) -> Response {
    let (name, format) = Format::split(&resource);
    if name != "requests" {
        return not_found(format, &resource);
    }
    match take(&web, peer, &headers, body).await {
        Ok((record, new)) => {
            let mut answer = format
                .list(StatusCode::OK, "service_requests", "request", &[record])
                .into_response();
            if !new {
                answer.headers_mut().insert(
                    header::HeaderName::from_static("idempotent-replayed"),
                    header::HeaderValue::from_static("true"),
                );
            }
            answer
        }
        Err(Taken::Refused(r)) => refused(format, &r),
        Err(Taken::Failed(e)) => failed(format, &e),
    }
}

enum Taken {
    Refused(Refusal),
    Failed(DeskError),
}

impl From<Refusal> for Taken {
    fn from(r: Refusal) -> Taken {
        Taken::Refused(r)
    }
}

async fn take(
    web: &Web,
    peer: IpAddr,
    headers: &HeaderMap,
    body: Body,
) -> Result<(Record, bool), Taken> {
    let forbidden = |description: String| Refusal {
        status: StatusCode::FORBIDDEN,
        description,
    };
    let kind = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !kind.is_empty() && !kind.starts_with("application/x-www-form-urlencoded") {
        return Err(bad(
            "Content-Type",
            format!("`{kind}`: send the fields as application/x-www-form-urlencoded"),
        )
        .into());
    }
    let bytes = axum::body::to_bytes(body, BODY_LIMIT)
        .await
        .map_err(|_| Refusal {
            status: StatusCode::PAYLOAD_TOO_LARGE,
            description: format!(
                "the request is larger than {} KB; shorten the description",
                BODY_LIMIT / 1024
            ),
        })?;
    let fields: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).map_err(|e| {
        bad(
            "body",
            format!("cannot be read ({e}); percent-encode the fields as UTF-8"),
        )
    })?;
    let now_instant = Instant::now();
    if !web.limiter.allows(peer, now_instant) {
        return Err(Refusal {
            status: StatusCode::TOO_MANY_REQUESTS,
            description: "api_key: too many wrong keys from this address; wait a minute".into(),
        }
        .into());
    }
    let Some(given) = intake::field(&fields, "api_key") else {
        return Err(forbidden(
            "api_key: required to create a request; ask the desk for one (`dutydesk api-key add`)"
                .into(),
        )
        .into());
    };
    let key = match web.desk.api_key(given).await {
        Ok(Some(key)) => key,
        Ok(None) => {
            web.limiter.failed(peer, now_instant);
            return Err(forbidden(
                "api_key: not a key of this desk; check it, or ask the desk for one".into(),
            )
            .into());
        }
        Err(e) => return Err(Taken::Failed(e)),
    };
    if let Some(at) = key.revoked_at {
        return Err(forbidden(format!(
            "api_key: `{}` was revoked on {}; ask the desk for a new key",
            key.name,
            at.format("%Y-%m-%d")
        ))
        .into());
    }
    let idempotency_key = match headers.get("idempotency-key").map(|v| v.to_str()) {
        None => None,
        Some(Ok(v)) if !v.is_empty() && v.len() <= intake::IDEMPOTENCY_CHARS => Some(v.to_string()),
        Some(_) => {
            return Err(bad(
                "Idempotency-Key",
                format!(
                    "give 1 to {} visible ASCII characters",
                    intake::IDEMPOTENCY_CHARS
                ),
            )
            .into());
        }
    };
    let (jurisdiction, _) = web.jurisdiction();
    let token = crate::desk::open311::random_text(16).map_err(Taken::Failed)?;
    let now = Utc::now();
    let served = intake::Served {
        jurisdiction: &jurisdiction,
        catalog: &web.desk.catalog,
        lang: web.desk_lang,
    };
    let handed = intake::read(&fields, &key, &served, idempotency_key, token, now)?;
    let taken = web
        .desk
        .hand_in(
            handed.community.as_deref(),
            &handed.report,
            &handed.intake,
            now,
        )
        .await;
    web.cache.forget();
    let taken = taken.map_err(|e| match &e {
        DeskError::BadInput { field, problem } => bad(intake::field_name(field), problem).into(),
        DeskError::Store(StoreError::Invalid { field, problem }) => {
            bad(intake::field_name(field), problem).into()
        }
        DeskError::Store(StoreError::Domain(crate::domain::DomainError::Invalid {
            field,
            problem,
        })) => bad(intake::field_name(field), problem).into(),
        _ => Taken::Failed(e),
    })?;
    let community = web.community_of(handed.community.as_deref());
    let id = query::request_id(community.as_deref(), &taken.case.number);
    if taken.new {
        tracing::info!(case = %taken.case.number, client = %key.name, "Open311 request taken");
    }
    Ok((records::taken(web, &id, &taken), taken.new))
}
