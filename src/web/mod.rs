//! The web side (`dutydesk serve`): the people the promise is about reach the desk from their
//! phones. A responder's link confirms on-my-way, arrival and done; a reporter's link follows
//! the case and gives the verdict. Every change goes through `Desk` as the desk's own keys
//! do, so the dashboard shows it live; pages are plain forms that scripts only enhance.

mod board;
mod guard;
mod pages;
mod routes;

use std::io::Write;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::http::HeaderMap;

use crate::desk::{Desk, DeskError};
use crate::i18n::Lang;

/// What every request handler shares.
#[derive(Clone)]
pub struct Web {
    pub desk: Arc<Desk>,
    /// Failed token look-ups per address.
    limiter: Arc<guard::Limiter>,
    /// The language of the notes written on the desk's timeline (the desk's own).
    desk_lang: Lang,
    /// Commits seen, for the public board's live refresh (when it is on).
    changes: Option<tokio::sync::watch::Receiver<u64>>,
}

impl Web {
    /// Needs a tokio runtime: with the public board on, it starts watching the store.
    pub fn new(desk: Arc<Desk>, desk_lang: Lang) -> Web {
        let changes = desk
            .config
            .serve
            .public
            .then(|| board::changes(desk.clone()));
        Web {
            desk,
            limiter: Arc::new(guard::Limiter::default()),
            desk_lang,
            changes,
        }
    }
}

/// Every route, with the limits and headers every answer carries.
pub fn router(web: Web) -> Router {
    guard::guarded(routes::routes().with_state(web))
}

/// Serves until the process is stopped (SIGINT or SIGTERM: answers in flight are finished).
pub async fn serve(desk: Arc<Desk>, listen: SocketAddr, lang: Lang) -> Result<(), DeskError> {
    let listener = tokio::net::TcpListener::bind(listen).await.map_err(|e| {
        DeskError::Store(crate::store::StoreError::Shared(format!(
            "cannot listen on {listen} ({e}); give another address with --listen or serve.listen in the config"
        )))
    })?;
    let base = desk.config.serve.base_url();
    tracing::info!(%listen, %base, "serving");
    // A closed stderr is no reason not to serve.
    let _ = writeln!(
        std::io::stderr(),
        "dutydesk serve: listening on {listen}; links say {base}"
    );
    let app = router(Web::new(desk, lang)).into_make_service_with_connect_info::<SocketAddr>();
    axum::serve(listener, app)
        .with_graceful_shutdown(stopped())
        .await
        .map_err(|e| {
            DeskError::Store(crate::store::StoreError::Shared(format!(
                "the web server stopped: {e}"
            )))
        })
}

async fn stopped() {
    use tokio::signal::unix::{SignalKind, signal};
    let (Ok(mut term), Ok(mut int)) = (
        signal(SignalKind::terminate()),
        signal(SignalKind::interrupt()),
    ) else {
        return std::future::pending().await;
    };
    tokio::select! {
        _ = term.recv() => {}
        _ = int.recv() => {}
    }
}

/// The page's language: English when the phone asks for English first, else Chinese.
pub fn lang_of(headers: &HeaderMap) -> Lang {
    let first = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(',').next())
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if first.starts_with("en") {
        Lang::En
    } else {
        Lang::Zh
    }
}
