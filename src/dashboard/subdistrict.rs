//! The sub-district's desk on the screen: every community's row and every open call-up across
//! the shared database, live. Its loop is the dashboard's in small: keys, a 1-second tick and
//! what the shared database tells go into `update`; store work runs beside the screen, so a
//! slow server never stops the clock; alerts go out on their own tasks.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::{Notify, mpsc};

use super::RunError;
use crate::app::alarm::Notice;
use crate::app::subdistrict::{Effect, Model, Msg, update};
use crate::desk::Desk;
use crate::desk::said as errors;
use crate::domain::{Action, Alert};
use crate::i18n::Lang;
use crate::store::{DbWatcher, StoreError, Watch};
use crate::ui::Theme;

/// What the store worker is asked.
enum Job {
    Effect(Effect),
    /// Has another desk changed something?
    Poll,
}

pub async fn run(desk: &Desk, lang: Lang) -> Result<(), RunError> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let watcher = desk.watcher().await?;
    let heard = watcher.waker();
    let mut terminal = ratatui::try_init()?;
    super::restore_on_panic();
    tracing::info!(db = %desk.shown(), "sub-district desk started");
    let (outbox, replies) = mpsc::unbounded_channel::<Msg>();
    let (jobs, queue) = mpsc::unbounded_channel::<Job>();
    let worker = worker(desk, watcher, lang, queue, outbox.clone());
    let screen = screen(&mut terminal, desk, lang, heard, jobs, replies);
    let result = tokio::select! {
        result = screen => result,
        () = worker => Ok(()),
    };
    super::restore_terminal();
    tracing::info!(ok = result.is_ok(), "sub-district desk stopped");
    result
}

async fn worker(
    desk: &Desk,
    mut watcher: DbWatcher,
    lang: Lang,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    back: mpsc::UnboundedSender<Msg>,
) {
    let actor = desk.config.actor();
    let voice = crate::desk::said::Voice::new(lang, desk.config.time_zone.0);
    while let Some(job) = jobs.recv().await {
        let now = Utc::now();
        let msg = match job {
            Job::Poll => match watcher.changed().await {
                Ok(false) => None,
                Ok(true) => Some(Msg::Changed),
                Err(StoreError::Unreachable { .. }) => Some(Msg::Unreachable),
                Err(e) => Some(Msg::LoadFailed(errors::store(voice, &e))),
            },
            Job::Effect(Effect::Reload) => Some(match desk.overview(now).await {
                Ok(overview) => Msg::Loaded(overview),
                Err(crate::desk::DeskError::Store(StoreError::Unreachable { .. })) => {
                    Msg::Unreachable
                }
                Err(e) => Msg::LoadFailed(errors::desk(voice, &e)),
            }),
            Job::Effect(Effect::Receive(case)) => {
                let action = Action::Receive { note: None };
                Some(Msg::Received(
                    desk.act(&case, &action, now, now)
                        .await
                        .map(|_| case)
                        .map_err(|e| errors::desk(voice, &e)),
                ))
            }
            Job::Effect(Effect::LoadDetail(number)) => Some(Msg::DetailLoaded {
                result: desk
                    .case_history(&number, now)
                    .await
                    .map(Box::new)
                    .map_err(|e| errors::desk(voice, &e)),
                number,
            }),
            Job::Effect(Effect::Claim(alerts)) => {
                match watcher.claim_alerts(&alerts, &actor, now).await {
                    Ok(keys) => Some(Msg::Claimed(
                        alerts
                            .into_iter()
                            .filter(|a| keys.contains(&a.key()))
                            .collect(),
                    )),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot claim the sub-district's alerts");
                        None
                    }
                }
            }
            Job::Effect(Effect::Notify { .. }) => None,
        };
        if let Some(msg) = msg
            && back.send(msg).is_err()
        {
            return;
        }
    }
}

async fn screen(
    terminal: &mut ratatui::DefaultTerminal,
    desk: &Desk,
    lang: Lang,
    heard: Option<Arc<Notify>>,
    jobs: mpsc::UnboundedSender<Job>,
    mut replies: mpsc::UnboundedReceiver<Msg>,
) -> Result<(), RunError> {
    let receive_within = chrono::Duration::minutes(desk.config.alerts.call_up_receive_minutes.0);
    let mut model = Model::new(lang, receive_within);
    let theme = Theme::from_env();
    let view = crate::present::View::new(lang, &desk.catalog, desk.targets(), false);
    let mut events = EventStream::new();
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut inbox = vec![Msg::Changed];
    loop {
        let now = Utc::now();
        for msg in inbox.drain(..) {
            for effect in update(&mut model, msg, now) {
                match effect {
                    Effect::Notify { alert, text } => send(desk, lang, &alert, text, &model),
                    effect => {
                        if jobs.send(Job::Effect(effect)).is_err() {
                            return Ok(());
                        }
                    }
                }
            }
        }
        if model.quit {
            return Ok(());
        }
        draw(terminal, &model, &view, theme)?;
        let tick = Duration::from_millis(1000 - u64::from(Utc::now().timestamp_subsec_millis()));
        tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => inbox.push(Msg::Key(key)),
                Some(Ok(_)) => {}
                Some(Err(_)) | None => inbox.push(Msg::Shutdown),
            },
            () = super::woken(heard.as_deref()) => {
                let _ = jobs.send(Job::Poll);
            }
            () = tokio::time::sleep(tick) => {
                let _ = jobs.send(Job::Poll);
                inbox.push(Msg::Tick);
            }
            Some(msg) = replies.recv() => inbox.push(msg),
            _ = term.recv() => inbox.push(Msg::Shutdown),
            _ = hangup.recv() => inbox.push(Msg::Shutdown),
        }
    }
}

fn draw(
    terminal: &mut ratatui::DefaultTerminal,
    model: &Model,
    view: &crate::present::View<'_>,
    theme: Theme,
) -> std::io::Result<()> {
    use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
    crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| crate::ui::subdistrict::draw(frame, model, view, Utc::now(), theme))?;
    crossterm::queue!(std::io::stdout(), EndSynchronizedUpdate)?;
    std::io::stdout().flush()
}

/// Sends one alert out on its own tasks: the desktop, `on_alert`, the bell.
fn send(desk: &Desk, lang: Lang, alert: &Alert, text: String, model: &Model) {
    let row = model
        .overview
        .call_ups
        .iter()
        .find(|r| r.qualified() == alert.number);
    let notice = Notice {
        key: alert.key(),
        kind: alert.kind,
        case: None,
        about: Vec::new(),
        grid: row.and_then(|r| u8::try_from(r.grid).ok()),
        place: row.map(|r| r.place.clone()).unwrap_or_default(),
        late_minutes: (Utc::now() - alert.deadline).num_minutes(),
        summary: text.clone(),
        body: row
            .map(|r| format!("{} · {}", r.place, r.summary))
            .unwrap_or_default(),
        critical: alert.overdue(),
    };
    let config = desk.config.alerts.clone();
    if !config.on_alert.is_empty() {
        let (config, notice) = (config.clone(), notice.clone());
        tokio::spawn(async move {
            if let Err(why) = crate::notice::run_hook(&config, &notice).await {
                tracing::warn!(%why, "on_alert");
            }
        });
    }
    if config.desktop {
        tokio::spawn(async move {
            if let Err(why) = crate::notice::desktop(&notice, lang, || {}).await {
                tracing::warn!(%why, "desktop notification");
            }
        });
    }
    let mut out = std::io::stdout();
    let _ = out.write_all(b"\x07").and_then(|()| out.flush());
}
