//! The loop: terminal events, a 1-second tick, store changes and signals go into `update`;
//! its effects run here; the screen is drawn only when something changed. The terminal is
//! restored on every way out, a panic in any task included.

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use chrono::Utc;
use crossterm::event::{Event, EventStream};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use futures::StreamExt;
use ratatui::DefaultTerminal;
use tokio::signal::unix::{SignalKind, signal};
use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;

use super::model::{Effect, Model, Msg};
use super::update::update;
use crate::desk::{Desk, DeskError};
use crate::i18n::{Lang, texts};
use crate::ui::{self, Theme};

/// How often the database is asked whether another process committed.
const WATCH_EVERY: Duration = Duration::from_millis(400);
/// A wall clock that moved this much more (or less) than monotonic time jumped.
const JUMP: chrono::Duration = chrono::Duration::seconds(2);

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(
        "the dashboard needs a terminal, and standard output is not one; from a script use the subcommands (`dutydesk --help`)"
    )]
    NoTerminal,
    #[error("the terminal failed: {0}")]
    Terminal(#[from] std::io::Error),
    #[error(transparent)]
    Desk(#[from] DeskError),
}

/// Runs the dashboard until the officer quits or the process is told to stop.
pub async fn run(desk: &Desk, lang: Lang) -> Result<(), RunError> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let watcher = desk.store.watcher().await.map_err(DeskError::from)?;
    let mut terminal = ratatui::try_init()?;
    restore_on_panic();
    tracing::info!(db = %desk.store.path().display(), "dashboard started");
    let result = event_loop(&mut terminal, desk, lang, watcher).await;
    ratatui::restore();
    tracing::info!(ok = result.is_ok(), "dashboard stopped");
    result
}

/// A panic anywhere (a spawned task too) restores the terminal, then prints, then exits:
/// never a process left drawing over the shell.
fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        ratatui::restore();
        previous(info);
        std::process::exit(101);
    }));
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    desk: &Desk,
    lang: Lang,
    mut watcher: crate::store::Watcher,
) -> Result<(), RunError> {
    let config = &desk.config;
    let mut model = Model::new(
        lang,
        config
            .community
            .clone()
            .unwrap_or_else(|| texts(lang).community.to_string()),
        config.actor(),
        desk.targets(),
        desk.catalog.clone(),
    );
    let theme = Theme::from_env();
    let (tx, mut inbox) = mpsc::unbounded_channel::<Msg>();
    let watch = tokio::spawn(async move {
        let mut every = tokio::time::interval(WATCH_EVERY);
        every.set_missed_tick_behavior(MissedTickBehavior::Skip);
        loop {
            every.tick().await;
            let msg = match watcher.changed().await {
                Ok(false) => continue,
                Ok(true) => Msg::StoreChanged,
                Err(e) => Msg::LoadFailed(e.to_string()),
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(MissedTickBehavior::Skip);
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut last = (Utc::now(), Instant::now());
    let mut pending = vec![Effect::Reload];
    let result = loop {
        let now = Utc::now();
        let mut redraw = false;
        for effect in std::mem::take(&mut pending) {
            match effect {
                Effect::Reload => {
                    let msg = match desk.snapshot(now).await {
                        Ok(snapshot) => Msg::Loaded(Box::new(snapshot)),
                        Err(e) => {
                            tracing::warn!(error = %e, "cannot read the database");
                            Msg::LoadFailed(e.to_string())
                        }
                    };
                    redraw |= update(&mut model, msg, now).redraw;
                }
                Effect::Clear => {
                    terminal.clear()?;
                    redraw = true;
                }
            }
        }
        if redraw {
            draw(terminal, &model, theme)?;
        }
        if model.quit {
            break Ok(());
        }
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => Msg::Key(key),
                Some(Ok(Event::Resize(..))) => Msg::Resized,
                Some(Ok(_)) => continue,
                // The terminal is gone: stop, never spin.
                Some(Err(_)) | None => Msg::Shutdown,
            },
            _ = tick.tick() => {
                let (wall, mono) = (Utc::now(), Instant::now());
                let wall_moved = wall - last.0;
                let mono_moved = chrono::Duration::from_std(mono - last.1).unwrap_or(wall_moved);
                last = (wall, mono);
                if (wall_moved - mono_moved).abs() > JUMP {
                    tracing::info!(by = %(wall_moved - mono_moved), "the wall clock jumped");
                    Msg::ClockJumped
                } else {
                    Msg::Tick
                }
            }
            Some(msg) = inbox.recv() => msg,
            _ = term.recv() => Msg::Shutdown,
            _ = hangup.recv() => Msg::Shutdown,
            _ = interrupt.recv() => Msg::Shutdown,
        };
        let outcome = update(&mut model, msg, Utc::now());
        pending = outcome.effects;
        if outcome.redraw && !pending.contains(&Effect::Reload) {
            draw(terminal, &model, theme)?;
        }
    };
    watch.abort();
    result
}

/// One whole frame, as a synchronized update so large screens never show half of it.
fn draw(terminal: &mut DefaultTerminal, model: &Model, theme: Theme) -> std::io::Result<()> {
    let now = Utc::now();
    crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
    terminal.draw(|frame| ui::render(frame, model, now, theme))?;
    crossterm::queue!(std::io::stdout(), EndSynchronizedUpdate)?;
    std::io::stdout().flush()
}
