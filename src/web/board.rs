//! The public progress board (公示) at `/`, when `serve.public` is on: what the public
//! bulletin shows, live. Open medium and big matters with their public notes, today's figures
//! and the 30 days' on-time share; never a name, a phone or a private note. It refreshes by
//! server-sent events when the store changes (any desk's commit), and by a plain refresh
//! every minute where scripts are off.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use chrono::{Days, Utc};
use futures::Stream;
use serde::Deserialize;
use tokio::sync::watch;

use super::pages::{self, BoardPage};
use super::{Web, lang_of};
use crate::desk::Desk;
use crate::domain::{Tier, links};
use crate::export::Entry;
use crate::store::{CaseFilter, Store};

#[derive(Deserialize)]
pub struct BoardQuery {
    big: Option<String>,
}

pub async fn page(
    State(web): State<Web>,
    headers: HeaderMap,
    Query(q): Query<BoardQuery>,
) -> Response {
    let lang = lang_of(&headers);
    if !web.desk.config.serve.public {
        return super::routes::not_found(lang);
    }
    match read(&web.desk).await {
        Ok(mut board) => {
            board.big = q.big.is_some();
            Html(pages::public_board(&board, &web.desk, lang)).into_response()
        }
        Err(e) => super::routes::failed(e, lang),
    }
}

async fn read(desk: &Desk) -> Result<BoardPage, crate::desk::DeskError> {
    let now = Utc::now();
    let today = desk.local_day(now);
    let open = desk
        .cases(&CaseFilter {
            open_only: true,
            ..CaseFilter::default()
        })
        .await?;
    let mut matters = Vec::new();
    for case in open.into_iter().filter(|c| c.tier != Tier::Small) {
        let timeline = desk.store.timeline(&case.number).await?;
        let progress = links::progress(&case);
        matters.push((Entry::new(case, &timeline, true), progress));
    }
    Ok(BoardPage {
        today: desk.figures(today, today).await?,
        month: desk.figures(today - Days::new(29), today).await?,
        matters,
        at: now,
        big: false,
    })
}

/// Server-sent events: `change` after each commit, and a comment every 15 s so proxies keep
/// the stream open.
pub async fn events(State(web): State<Web>) -> Response {
    if !web.desk.config.serve.public {
        return super::routes::not_found(crate::i18n::Lang::Zh);
    }
    let Some(rx) = web.changes.clone() else {
        return super::routes::not_found(crate::i18n::Lang::Zh);
    };
    Sse::new(stream(rx))
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

fn stream(rx: watch::Receiver<u64>) -> impl Stream<Item = Result<Event, Infallible>> {
    futures::stream::unfold(rx, |mut rx| async move {
        rx.changed().await.ok()?;
        Some((Ok(Event::default().event("change").data("1")), rx))
    })
}
