//! The routes: a responder's link (`/r/TOKEN`), a reporter's (`/c/TOKEN`), the two assets.
//! GET never changes anything (a chat app's link preview must not mark an arrival); each POST
//! answers with a redirect to its page, saying what happened (recorded, already, refused).

use std::net::{IpAddr, SocketAddr};
use std::time::Instant;

use axum::Form;
use axum::extract::{ConnectInfo, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use chrono::Utc;
use serde::Deserialize;

use super::pages::{self, ReporterPage, ResponderPage, Said};
use super::{Web, lang_of};
use crate::desk::DeskError;
use crate::desk::links::Opened;
use crate::domain::links::{Outcome, Tap, next_step, progress, tap, verdict};
use crate::domain::{Action, LinkRole};
use crate::i18n::{Lang, texts};
use crate::store::{LinkMark, Store, StoreError};

/// The longest note or comment a phone may send.
const NOTE_CHARS: usize = 500;

pub fn routes() -> axum::Router<Web> {
    axum::Router::new()
        .route("/r/{token}", get(responder_page))
        .route("/r/{token}/{tap}", post(responder_tap))
        .route("/c/{token}", get(reporter_page))
        .route("/c/{token}/verdict", post(reporter_verdict))
        .route("/", get(super::board::page))
        .route("/events", get(super::board::events))
        .route("/assets/app.css", get(css))
        .route("/assets/app.js", get(js))
        .fallback(nothing)
}

/// The address a request came from (unspecified when served without a socket, as in tests).
pub struct Peer(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::from([0, 0, 0, 0]), |c| c.0.ip());
        Ok(Peer(ip))
    }
}

#[derive(Deserialize)]
pub struct SaidQuery {
    said: Option<String>,
}

#[derive(Deserialize)]
pub struct NoteForm {
    note: Option<String>,
}

#[derive(Deserialize)]
pub struct VerdictForm {
    verdict: String,
    comment: Option<String>,
}

/// Why a request got no page of its own.
enum Turned {
    Limited,
    NotFound,
    Bad(String),
    Failed(DeskError),
}

impl Turned {
    fn answer(self, lang: Lang) -> Response {
        match self {
            Turned::Limited => (
                StatusCode::TOO_MANY_REQUESTS,
                [(header::RETRY_AFTER, "60")],
                Html(pages::too_many(lang)),
            )
                .into_response(),
            Turned::NotFound => {
                (StatusCode::NOT_FOUND, Html(pages::not_found(lang))).into_response()
            }
            Turned::Bad(why) => {
                (StatusCode::BAD_REQUEST, Html(pages::bad_input(lang, &why))).into_response()
            }
            Turned::Failed(e) => {
                tracing::error!(error = %e, "a web request failed");
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Html(pages::bad_input(lang, &e.to_string())),
                )
                    .into_response()
            }
        }
    }
}

/// The link a token opens for `role`, counting a miss against the address.
async fn open(web: &Web, peer: IpAddr, token: &str, role: LinkRole) -> Result<Opened, Turned> {
    let now = Instant::now();
    if !web.limiter.allows(peer, now) {
        return Err(Turned::Limited);
    }
    match web.cache.open(&web.desk, token, Utc::now()).await {
        Ok(Some(opened)) if opened.link.role == role => Ok(opened),
        Ok(_) => {
            web.limiter.failed(peer, now);
            Err(Turned::NotFound)
        }
        Err(e) => Err(Turned::Failed(e)),
    }
}

async fn responder_page(
    State(web): State<Web>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<SaidQuery>,
) -> Response {
    let lang = lang_of(&headers);
    let opened = match open(&web, peer, &token, LinkRole::Responder).await {
        Ok(o) => o,
        Err(t) => return t.answer(lang),
    };
    let page = ResponderPage {
        case: &opened.case,
        step: next_step(&opened.case, &opened.link),
        token: &token,
        said: q.said.as_deref().and_then(Said::parse),
        now: Utc::now(),
    };
    let desk = &web.desk;
    Html(pages::responder(
        &page,
        &desk.catalog,
        &desk.targets(),
        lang,
    ))
    .into_response()
}

async fn responder_tap(
    State(web): State<Web>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path((token, which)): Path<(String, String)>,
    Form(form): Form<NoteForm>,
) -> Response {
    let lang = lang_of(&headers);
    match record_tap(&web, peer, &token, &which, form.note).await {
        Ok(said) => Redirect::to(&format!("/r/{token}?said={}", said.code())).into_response(),
        Err(t) => t.answer(lang),
    }
}

async fn record_tap(
    web: &Web,
    peer: IpAddr,
    token: &str,
    which: &str,
    note: Option<String>,
) -> Result<Said, Turned> {
    let opened = open(web, peer, token, LinkRole::Responder).await?;
    let w = &texts(web.desk_lang).web;
    let person = opened.link.person.clone().unwrap_or_default();
    let note = checked_note(note, "note")?;
    let asked = match which {
        "go" => Tap::OnMyWay,
        "arrived" => Tap::Arrived,
        "done" => Tap::Done {
            note: note.unwrap_or_else(|| w.done_default.to_string()),
        },
        "help" => Tap::NeedCallUp,
        _ => return Err(Turned::NotFound),
    };
    let desk = &web.desk;
    let now = Utc::now();
    let by = w.by_phone.replace("{name}", &person);
    let number = &opened.case.number;
    let said_note = |text: &str| Action::Note {
        text: text.replace("{name}", &person),
        public: false,
    };
    let result = match tap(&opened.case, &opened.link, asked) {
        Outcome::Depart => match desk.mark_link(&opened.hash, LinkMark::Departed, now).await {
            Ok(true) => desk
                .act_as(&by, number, &said_note(w.on_the_way_note), now)
                .await
                .map(|_| Said::Recorded),
            Ok(false) => Ok(Said::Already),
            Err(e) => Err(e),
        },
        Outcome::Act(action) => desk
            .act_as(&by, number, &action, now)
            .await
            .map(|_| Said::Recorded),
        // The desk is alerted from the mark; the note keeps it on the case's timeline.
        Outcome::AskCallUp => match desk.mark_link(&opened.hash, LinkMark::Help, now).await {
            Ok(true) => desk
                .act_as(&by, number, &said_note(w.call_up_note), now)
                .await
                .map(|_| Said::Recorded),
            Ok(false) => Ok(Said::Already),
            Err(e) => Err(e),
        },
        Outcome::Already => Ok(Said::Already),
        Outcome::Refused => Ok(Said::Refused),
    };
    // Whatever was written, the next page is read anew.
    web.cache.forget();
    let said = settled(result)?;
    tracing::info!(case = %number, by = %by, tap = which, said = said.code(), "responder link");
    Ok(said)
}

/// A change the lifecycle refused (another desk moved first) is said, not failed.
fn settled(result: Result<Said, DeskError>) -> Result<Said, Turned> {
    match result {
        Ok(said) => Ok(said),
        Err(DeskError::Store(StoreError::Domain(_))) => Ok(Said::Refused),
        Err(e) => Err(Turned::Failed(e)),
    }
}

/// A note within its limit, or the field named with the fix; empty is none.
fn checked_note(note: Option<String>, field: &str) -> Result<Option<String>, Turned> {
    let note = note.map(|n| n.trim().to_string()).filter(|n| !n.is_empty());
    match note {
        Some(n) if n.chars().count() > NOTE_CHARS => Err(Turned::Bad(format!(
            "{field}: {} characters; at most {NOTE_CHARS}: shorten it",
            n.chars().count()
        ))),
        n => Ok(n),
    }
}

async fn reporter_page(
    State(web): State<Web>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(token): Path<String>,
    Query(q): Query<SaidQuery>,
) -> Response {
    let lang = lang_of(&headers);
    let opened = match open(&web, peer, &token, LinkRole::Reporter).await {
        Ok(o) => o,
        Err(t) => return t.answer(lang),
    };
    let desk = &web.desk;
    let followed = opened.followed();
    let timeline = match desk.store.timeline(&followed.number).await {
        Ok(t) => t,
        Err(e) => return Turned::Failed(e.into()).answer(lang),
    };
    // Only what the desk marked public, as the public bulletin takes them: a private note may
    // name people.
    let notes = crate::export::Entry::new(followed.clone(), &timeline, true).notes;
    let page = ReporterPage {
        case: &opened.case,
        progress: progress(followed),
        notes,
        token: &token,
        said: q.said.as_deref().and_then(Said::parse),
    };
    Html(pages::reporter(&page, &desk.catalog, &desk.targets(), lang)).into_response()
}

async fn reporter_verdict(
    State(web): State<Web>,
    Peer(peer): Peer,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<VerdictForm>,
) -> Response {
    let lang = lang_of(&headers);
    let result = async {
        let opened = open(&web, peer, &token, LinkRole::Reporter).await?;
        let satisfied = match form.verdict.as_str() {
            "satisfied" => true,
            "not_satisfied" => false,
            _ => {
                return Err(Turned::Bad(
                    "verdict: give satisfied or not_satisfied".to_string(),
                ));
            }
        };
        let comment = checked_note(form.comment, "comment")?;
        let by = texts(web.desk_lang).web.reporter_actor;
        let number = &opened.case.number;
        let result = match verdict(&opened.case, opened.followed(), satisfied, comment) {
            Outcome::Act(action) => web
                .desk
                .act_as(by, number, &action, Utc::now())
                .await
                .map(|_| Said::Recorded),
            Outcome::Already => Ok(Said::Already),
            _ => Ok(Said::Refused),
        };
        web.cache.forget();
        let said = settled(result)?;
        tracing::info!(case = %number, said = said.code(), "reporter verdict");
        Ok(said)
    }
    .await;
    match result {
        Ok(said) => Redirect::to(&format!("/c/{token}?said={}", said.code())).into_response(),
        Err(t) => t.answer(lang),
    }
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../assets/web/app.css"),
    )
        .into_response()
}

async fn js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../assets/web/app.js"),
    )
        .into_response()
}

async fn nothing(headers: HeaderMap) -> Response {
    Turned::NotFound.answer(lang_of(&headers))
}

/// The one 404.
pub(super) fn not_found(lang: Lang) -> Response {
    Turned::NotFound.answer(lang)
}

/// A read or write that failed (logged; the page says the desk's words).
pub(super) fn failed(e: DeskError, lang: Lang) -> Response {
    Turned::Failed(e).answer(lang)
}
