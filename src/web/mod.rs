//! The web side (`dutydesk serve`): the people the promise is about reach the desk from their
//! phones. A responder's link confirms on-my-way, arrival and done; a reporter's link follows
//! the case and gives the verdict. Every change goes through `Desk` as the desk's own keys
//! do, so the dashboard shows it live; pages are plain forms that scripts only enhance.

mod board;
mod cache;
mod guard;
pub mod open311;
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
    /// Links opened recently, while the store has not changed.
    cache: Arc<cache::Cache>,
    /// The language of the notes written on the desk's timeline (the desk's own).
    desk_lang: Lang,
    /// Commits seen, for the public board's live refresh (when it is on).
    changes: Option<tokio::sync::watch::Receiver<u64>>,
}

impl Web {
    /// Needs a tokio runtime: with the public board on, it starts following the store's
    /// commits for the board's live refresh.
    pub fn new(desk: Arc<Desk>, desk_lang: Lang) -> Web {
        let cache = Arc::new(cache::Cache::default());
        let changes = desk.config.serve.public.then(|| {
            let (follower, desk) = (cache.clone(), desk.clone());
            tokio::spawn(async move { follower.follow(&desk).await });
            cache.commits()
        });
        Web {
            desk,
            limiter: Arc::new(guard::Limiter::default()),
            cache,
            desk_lang,
            changes,
        }
    }
}

/// Every route, with the limits and headers every answer carries.
pub fn router(web: Web) -> Router {
    use tower_http::limit::RequestBodyLimitLayer;
    // The pages take a note at most; a system's report may carry a long description.
    let pages = routes::routes().layer(RequestBodyLimitLayer::new(guard::BODY_LIMIT));
    let open311 = open311::routes().layer(RequestBodyLimitLayer::new(open311::BODY_LIMIT));
    guard::guarded(pages.merge(open311).with_state(web))
}

/// Serves until the process is stopped (SIGINT or SIGTERM: answers in flight are finished).
pub async fn serve(desk: Arc<Desk>, listen: SocketAddr, lang: Lang) -> Result<(), DeskError> {
    let trouble = |what: String| DeskError::Store(crate::store::StoreError::Shared(what));
    let tls = match (&desk.config.serve.tls_cert, &desk.config.serve.tls_key) {
        (Some(cert), Some(key)) => {
            // One TLS stack for the database and the web: rustls with ring.
            let _ = rustls::crypto::ring::default_provider().install_default();
            let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
                .await
                .map_err(|e| {
                    bad_config(
                        "serve.tls_cert",
                        format!(
                            "cannot use {} with the key {} ({e}); give a PEM certificate chain and its PEM private key",
                            cert.display(),
                            key.display()
                        ),
                    )
                })?;
            Some(config)
        }
        (None, None) => None,
        _ => {
            return Err(bad_config(
                "serve.tls_key",
                "serve.tls_cert and serve.tls_key go together: give both, or neither (a proxy in front)".into(),
            ));
        }
    };
    let listener = std::net::TcpListener::bind(listen)
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .map_err(|e| {
            trouble(format!(
                "cannot listen on {listen} ({e}); give another address with --listen or serve.listen in the config"
            ))
        })?;
    let base = desk.config.serve.base_url();
    tracing::info!(%listen, %base, tls = tls.is_some(), "serving");
    // A closed stderr is no reason not to serve.
    let _ = writeln!(
        std::io::stderr(),
        "dutydesk serve: listening on {listen}{}; links say {base}",
        if tls.is_some() { " (TLS)" } else { "" }
    );
    let app = router(Web::new(desk, lang)).into_make_service_with_connect_info::<SocketAddr>();
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        stopped().await;
        // Answers in flight are finished; new connections are refused.
        stopping.graceful_shutdown(Some(std::time::Duration::from_secs(10)));
    });
    let served = match tls {
        Some(config) => {
            axum_server::from_tcp_rustls(listener, config)
                .map_err(|e| trouble(format!("cannot listen on {listen} ({e})")))?
                .handle(handle)
                .serve(app)
                .await
        }
        None => {
            axum_server::from_tcp(listener)
                .map_err(|e| trouble(format!("cannot listen on {listen} ({e})")))?
                .handle(handle)
                .serve(app)
                .await
        }
    };
    served.map_err(|e| trouble(format!("the web server stopped: {e}")))
}

/// A setting of `[serve]` that cannot be used: bad input, named with its fix.
fn bad_config(field: &'static str, why: String) -> DeskError {
    DeskError::BadInput {
        field,
        problem: crate::domain::lifecycle::Problem::Argument(why),
    }
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
