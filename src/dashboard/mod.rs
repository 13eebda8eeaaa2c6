//! The dashboard's loop, above `app` (the model and its pure `update`) and `ui` (the screen):
//! terminal events, a 1-second tick, store changes and signals go into `update`; its effects
//! run here; the screen is drawn only when something changed. The terminal is restored on
//! every way out, a panic in any task included.

mod input;
mod tick;

use std::collections::VecDeque;
use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use chrono::{DateTime, Utc};
use crossterm::event::{Event, MouseButton, MouseEvent, MouseEventKind};
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::DefaultTerminal;
use tokio::signal::unix::{SignalKind, signal};

use crate::app::CallUps;
use crate::app::alarm::Notice;
use crate::app::command::{Command, WriteError, Written};
use crate::app::{Board, Effect, Model, Msg, Outcome, update};
use crate::desk::said as errors;
use crate::desk::said::Voice;
use crate::desk::{Desk, DeskError};
use crate::domain::Alert;
use crate::i18n::{Lang, texts};
use crate::notice;
use crate::store::{DbWatcher, Store, StoreError, Watch};
use crate::timebase::Timebase;
use crate::ui::{Screen, Theme};
use tick::Ticker;
use tokio::sync::mpsc;

/// How often the loop wakes: the store is checked each time, the clock ticks each second.
const WAKE_EVERY: Duration = Duration::from_millis(500);
/// After a file event, when to ask the store again: a commit's last write comes before SQLite
/// makes it visible (after its fsync, a millisecond or several on a disk), and that moment
/// sends no event. Each is one read of SQLite's shared index.
const RECHECKS: [Duration; 7] = [
    Duration::from_millis(2),
    Duration::from_millis(5),
    Duration::from_millis(10),
    Duration::from_millis(20),
    Duration::from_millis(50),
    Duration::from_millis(150),
    Duration::from_millis(400),
];
/// File events this soon after the loop sent its own alert claims are taken as the claims'
/// writes: looked at once, not again (the claim has returned once its commit shows). Another
/// process's commit made in that moment is then seen at the next second's look at the latest.
const OWN_CLAIM: Duration = Duration::from_millis(100);
/// How often old alert claims are pruned, on the desk's clock.
const PRUNE_EVERY: chrono::Duration = chrono::Duration::hours(1);
/// How long a frame waits for the store's answer to what it asked (see the loop).
const COALESCE: Duration = Duration::from_millis(25);
/// At most this many answers in a row are waited for before drawing.
const COALESCE_ROUNDS: usize = 3;

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

/// How the dashboard runs: on which clock, whether it shows a demo, whether alerts leave the
/// screen (desktop, `on_alert`, bell).
#[derive(Debug, Clone, Copy)]
pub struct Session {
    pub time: Timebase,
    pub demo: bool,
    pub alerts_out: bool,
}

impl Session {
    /// The real desk: the wall clock, every alert sent.
    pub fn desk() -> Session {
        Session {
            time: Timebase::wall(),
            demo: false,
            alerts_out: true,
        }
    }
}

/// Runs the dashboard until the officer quits or the process is told to stop.
pub async fn run(desk: &Desk, lang: Lang, session: Session) -> Result<(), RunError> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(RunError::NoTerminal);
    }
    let watcher = desk.watcher().await?;
    let mut terminal = ratatui::try_init()?;
    // Pasted text arrives whole, not as keys that could trigger actions.
    crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste)?;
    if desk.config.mouse.unwrap_or(true) {
        crossterm::execute!(std::io::stdout(), crossterm::event::EnableMouseCapture)?;
    }
    restore_on_panic();
    inject_fault();
    tracing::info!(db = %desk.shown(), "dashboard started");
    let result = event_loop(&mut terminal, desk, lang, watcher, session).await;
    restore_terminal();
    tracing::info!(ok = result.is_ok(), "dashboard stopped");
    result
}

/// Gives the terminal back as it was: main screen, cooked mode, cursor shown. Safe to call
/// twice; errors are ignored because there is nothing left to tell them to.
pub(super) fn restore_terminal() {
    let _ = crossterm::execute!(
        std::io::stdout(),
        crossterm::event::DisableBracketedPaste,
        crossterm::event::DisableMouseCapture,
        crossterm::cursor::Show
    );
    ratatui::restore();
}

/// A panic anywhere (a spawned task too) restores the terminal, then prints, then exits:
/// never a process left drawing over the shell.
pub(super) fn restore_on_panic() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous(info);
        std::process::exit(101);
    }));
}

/// `DUTYDESK_FAULT=panic-in-task` makes a spawned task panic shortly after start, so the
/// end-to-end tests can show the terminal comes back from a panic off the main task.
fn inject_fault() {
    if std::env::var_os("DUTYDESK_FAULT").is_some_and(|v| v == "panic-in-task") {
        tokio::spawn(async {
            tokio::time::sleep(Duration::from_millis(300)).await;
            panic!("injected fault: a panic inside a spawned task (DUTYDESK_FAULT)");
        });
    }
}

/// The store's side of the dashboard: reads, writes, alert claims and the change watch, one
/// at a time and in the order asked, beside the screen's loop rather than inside it, so a write
/// waiting on a busy database never stops the clocks. Every result comes back as a `Msg`.
#[derive(Debug)]
enum Job {
    Effect(Effect),
    /// Has another process committed? (asked twice a second, with the screen's wake-up)
    Poll,
}

async fn store_worker(
    desk: &Desk,
    mut watcher: DbWatcher,
    time: Timebase,
    lang: Lang,
    mut jobs: mpsc::UnboundedReceiver<Job>,
    back: mpsc::UnboundedSender<Msg>,
    polls: Polls,
) {
    let voice = Voice::new(lang, desk.config.time_zone.0);
    let sub_district = desk.config.scope() == Some(crate::location::Scope::SubDistrict);
    let watched = |changed| watched(changed, voice);
    let mut pruned: Option<DateTime<Utc>> = None;
    while let Some(job) = jobs.recv().await {
        let now = time.now();
        // Once at the start and hourly after, on the desk's clock (a demo's runs faster):
        // claims nobody will ask about again go.
        if pruned.is_none_or(|t| now - t >= PRUNE_EVERY) {
            pruned = Some(now);
            match desk
                .store
                .prune_alerts(now - chrono::Duration::days(1))
                .await
            {
                Ok(gone) if gone > 0 => tracing::info!(gone, "alert claims pruned"),
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "cannot prune the alert claims"),
            }
        }
        let msg = match job {
            Job::Poll => {
                polls.queued.store(false, Ordering::Release);
                watched(watcher.changed().await)
            }
            Job::Effect(Effect::Reload) if sub_district => Some(match desk.overview(now).await {
                Ok(overview) => Msg::OverviewLoaded(Box::new(overview)),
                Err(DeskError::Store(StoreError::Unreachable { .. })) => Msg::Unreachable,
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the sub-district's board");
                    Msg::LoadFailed(errors::desk(voice, &e))
                }
            }),
            Job::Effect(Effect::Reload) => Some(match desk.snapshot(now).await {
                Ok(snapshot) => Msg::Loaded(Box::new(snapshot)),
                Err(e) => {
                    tracing::warn!(error = %e, "cannot read the database");
                    damaged(&e, voice).unwrap_or_else(|| Msg::LoadFailed(errors::desk(voice, &e)))
                }
            }),
            Job::Effect(Effect::Write(command)) => {
                let dispatched = match &command {
                    Command::Act {
                        number,
                        action: crate::domain::Action::Dispatch { .. },
                        ..
                    } => Some(number.clone()),
                    _ => None,
                };
                let written = write(desk, command, now, voice, &back).await;
                let link = dispatched.filter(|_| written.is_ok());
                let reported = match &written {
                    Ok(Written::Opened(case)) if desk.config.serve.gives_links() => {
                        Some(case.number.clone())
                    }
                    _ => None,
                };
                // Our own commit moves data_version as any other would; take it in now so the
                // watcher does not reload again. Only a saved write reloads after it: a refused
                // one passes on what another process committed meanwhile.
                if let Some(msg) = watched(watcher.changed().await)
                    .filter(|m| written.is_err() || !matches!(m, Msg::StoreChanged))
                {
                    let _ = back.send(msg);
                }
                let _ = back.send(Msg::Written(written));
                // After the write's answer: the form has closed when the link comes.
                if let Some(number) = link {
                    link_dispatch(desk, &number, now, &back).await;
                }
                // At intake, the reporter's link, for the officer to give them.
                if let Some(number) = reported {
                    let role = crate::domain::LinkRole::Reporter;
                    match desk.make_link(&number, role, now).await {
                        Ok(token) => {
                            let url = desk.link_url(role, &token);
                            let _ = back.send(Msg::Linked { number, role, url });
                        }
                        Err(e) => tracing::warn!(error = %e, "the reporter's link was not made"),
                    }
                }
                None
            }
            Job::Effect(Effect::Claim(alerts)) => Some(
                match watcher.claim_alerts(&alerts, &desk.actor(), now).await {
                    Ok(keys) => Msg::Claimed(Ok(alerts
                        .into_iter()
                        .filter(|a| keys.contains(&a.key()))
                        .collect())),
                    Err(e) => {
                        tracing::warn!(error = %e, "cannot record alerts; trying again");
                        Msg::Claimed(Err(alerts.iter().map(Alert::key).collect()))
                    }
                },
            ),
            Job::Effect(Effect::LoadStats) => Some(Msg::StatsLoaded(
                desk.stats(now)
                    .await
                    .map(Box::new)
                    .map_err(|e| errors::desk(voice, &e)),
            )),
            Job::Effect(Effect::LoadHandover) => Some(Msg::HandoverLoaded(
                desk.handover(now)
                    .await
                    .map(Box::new)
                    .map_err(|e| errors::desk(voice, &e)),
            )),
            Job::Effect(Effect::Suggest(number)) => {
                let result = desk.suggest(&number, now).await.map(Box::new).map_err(|e| {
                    tracing::warn!(error = %e, case = %number, "no suggestion of whom to send");
                    errors::desk(voice, &e)
                });
                Some(Msg::Suggested { number, result })
            }
            Job::Effect(Effect::LoadDetail(number)) => {
                let result = desk
                    .case_history(&number, now)
                    .await
                    .map(Box::new)
                    .map_err(|e| errors::desk(voice, &e));
                Some(Msg::DetailLoaded { number, result })
            }
            Job::Effect(other) => {
                tracing::error!(?other, "not a store job");
                None
            }
        };
        if let Some(msg) = msg
            && back.send(msg).is_err()
        {
            return;
        }
    }
}

async fn event_loop(
    terminal: &mut DefaultTerminal,
    desk: &Desk,
    lang: Lang,
    watcher: DbWatcher,
    session: Session,
) -> Result<(), RunError> {
    let time = session.time;
    let heard = watcher.waker();
    // Replies from the store worker and from alerts on their own tasks.
    let (outbox, replies) = mpsc::unbounded_channel::<Msg>();
    let (jobs, queue) = mpsc::unbounded_channel::<Job>();
    let polls = Polls {
        queued: Arc::new(AtomicBool::new(false)),
        jobs: jobs.clone(),
    };
    let worker = store_worker(
        desk,
        watcher,
        time,
        lang,
        queue,
        outbox.clone(),
        polls.clone(),
    );
    let pipes = Pipes {
        heard,
        jobs,
        polls,
        outbox,
        replies,
    };
    let screen = screen_loop(terminal, desk, lang, session, pipes);
    tokio::select! {
        result = screen => result,
        () = worker => Ok(()),
    }
}

/// What joins the screen's loop to the rest: the store worker's queue and its answers, and
/// the shared database's wake-up when another desk changed something.
struct Pipes {
    heard: Option<std::sync::Arc<tokio::sync::Notify>>,
    jobs: mpsc::UnboundedSender<Job>,
    polls: Polls,
    outbox: mpsc::UnboundedSender<Msg>,
    replies: mpsc::UnboundedReceiver<Msg>,
}

/// Asks the store worker whether another process committed, once however often it is asked
/// before the worker gets to it: a commit writes many pages, each a file event, and a burst of
/// questions answered back to back in a fraction of a millisecond tells nothing more than one.
#[derive(Clone)]
struct Polls {
    queued: Arc<AtomicBool>,
    jobs: mpsc::UnboundedSender<Job>,
}

impl Polls {
    fn ask(&self) {
        if !self.queued.swap(true, Ordering::AcqRel) {
            let _ = self.jobs.send(Job::Poll);
        }
    }
}

/// Until the shared database's listener says another desk changed something; never, on a
/// file (its own watch wakes the loop).
pub(super) async fn woken(heard: Option<&tokio::sync::Notify>) {
    match heard {
        Some(heard) => heard.notified().await,
        None => std::future::pending().await,
    }
}

async fn screen_loop(
    terminal: &mut DefaultTerminal,
    desk: &Desk,
    lang: Lang,
    session: Session,
    pipes: Pipes,
) -> Result<(), RunError> {
    let Pipes {
        heard,
        jobs,
        polls,
        outbox,
        mut replies,
    } = pipes;
    let time = session.time;
    let config = &desk.config;
    let mut model = Model::new(
        lang,
        config
            .community_name(lang)
            .unwrap_or_else(|| texts(lang).community.to_string()),
        config
            .officer()
            .unwrap_or_else(|| texts(lang).ui.desk_officer.to_string()),
        desk.targets(),
        desk.catalog.clone(),
    );
    model.alert_rules = config.alert_rules();
    model.demo = session.demo.then(|| time.speed());
    // The sub-district's desk is the same dashboard over every community's call-ups.
    if config.scope() == Some(crate::location::Scope::SubDistrict) {
        let within = chrono::Duration::minutes(config.alerts.call_up_receive_minutes.0);
        model.board = Board::SubDistrict(Box::new(CallUps::new(within)));
    }
    if let Ok(size) = terminal.size() {
        model.size = (size.width, size.height);
    }
    let theme = Theme::from_env();
    let mut term = signal(SignalKind::terminate())?;
    let mut hangup = signal(SignalKind::hangup())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut ticker = Ticker::new(time.now(), time.elapsed());
    let mut inbox: Vec<Msg> = Vec::new();
    let mut screen = Screen::new();
    let mut rechecks: Vec<tokio::time::Instant> = Vec::new();
    let mut claimed_at: Option<tokio::time::Instant> = None;
    // A store that wakes the loop itself (a file's writes seen by inotify, the shared
    // database's notifications) need only be polled with the once-a-second tick.
    let wake_every = if heard.is_some() {
        WAKE_EVERY * 2
    } else {
        WAKE_EVERY
    };
    let mut events = input::Input::start(time, wake_every)?;
    let beat = events.beat();
    let store = |effect: Effect| jobs.send(Job::Effect(effect)).is_ok();
    store(Effect::Reload);
    loop {
        let mut redraw = Redraw::default();
        // What the store answers within a moment is drawn in the same frame as what asked for
        // it (a tick and the alert it claimed), as it was when the store ran inline; a write
        // kept waiting by a busy database is not waited for: the frame says "saving…".
        for round in 0.. {
            let mut pending = VecDeque::new();
            for msg in inbox.drain(..) {
                let outcome = update(&mut model, msg, time.now());
                redraw.add(&outcome);
                pending.extend(outcome.effects);
            }
            let mut asked = false;
            while let Some(effect) = pending.pop_front() {
                match effect {
                    Effect::Clear => {
                        terminal.clear()?;
                        redraw = Redraw::ALL;
                    }
                    Effect::Notify { notice, desktop } if session.alerts_out => {
                        send(desk, lang, notice, desktop, &outbox);
                    }
                    Effect::Notify { .. } => {}
                    Effect::Bell if !session.alerts_out => {}
                    Effect::Bell => {
                        let mut out = std::io::stdout();
                        out.write_all(b"\x07")?;
                        out.flush()?;
                    }
                    // OSC 52: the terminal (and tmux with set-clipboard on) takes it to the
                    // clipboard; a URL of our own making, so nothing in it acts on the terminal.
                    Effect::Copy(text) => {
                        use base64::Engine;
                        let encoded = base64::engine::general_purpose::STANDARD.encode(text);
                        let mut out = std::io::stdout();
                        out.write_all(format!("\x1b]52;c;{encoded}\x07").as_bytes())?;
                        out.flush()?;
                    }
                    effect => {
                        if matches!(effect, Effect::Claim(_)) {
                            claimed_at = Some(tokio::time::Instant::now());
                        }
                        if !store(effect) {
                            return Ok(());
                        }
                        asked = true;
                    }
                }
            }
            if !asked || round >= COALESCE_ROUNDS {
                break;
            }
            match tokio::time::timeout(COALESCE, replies.recv()).await {
                Ok(Some(msg)) => {
                    inbox.push(msg);
                    while let Ok(msg) = replies.try_recv() {
                        inbox.push(msg);
                    }
                }
                _ => break,
            }
        }
        if redraw.any {
            draw(
                terminal,
                &mut screen,
                &model,
                theme,
                redraw.clocks_only,
                time.now(),
            )?;
        }
        if model.quit {
            return Ok(());
        }
        // Armed only for an instant still to come: one already past is the next tick's.
        let alert_in = model
            .alerts_quiet_until
            .filter(|at| model.loaded && *at > time.now())
            .map(|at| real_time_until(&time, at));
        tokio::select! {
            () = tokio::time::sleep(alert_in.unwrap_or_default()), if alert_in.is_some() => {
                inbox.push(Msg::AlertsDue);
            }
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) => inbox.push(Msg::Key(key)),
                Some(Ok(Event::Resize(w, h))) => inbox.push(Msg::Resized(w, h)),
                Some(Ok(Event::Paste(text))) => inbox.push(Msg::Paste(text)),
                Some(Ok(Event::Mouse(mouse))) => inbox.extend(pointer(&screen, mouse)),
                Some(Ok(_)) => continue,
                // The terminal is gone: stop, never spin.
                Some(Err(_)) | None => inbox.push(Msg::Shutdown),
            },
            () = woken(heard.as_deref()) => {
                polls.ask();
                // A file's last write comes before its commit shows (SQLite makes it visible
                // in its shared memory, which sends no event): look again shortly, unless the
                // writes were our own claims' (an alert every few seconds on a busy board).
                if claimed_at.is_none_or(|at| at.elapsed() >= OWN_CLAIM) {
                    let now = tokio::time::Instant::now();
                    rechecks = RECHECKS.iter().map(|d| now + *d).collect();
                }
            }
            () = tokio::time::sleep_until(rechecks.first().copied().unwrap_or_else(tokio::time::Instant::now)),
                if !rechecks.is_empty() => {
                rechecks.remove(0);
                polls.ask();
            }
            // One beat for both jobs (timed by the input thread): at each the store is asked
            // for changes (twice a second without file events, else once), at each whole
            // second the clock ticks.
            () = beat.notified() => {
                polls.ask();
                if let Some(msg) = ticker.wake(time.now(), time.elapsed()) {
                    inbox.push(msg);
                }
            }
            Some(msg) = replies.recv() => inbox.push(msg),
            _ = term.recv() => inbox.push(Msg::Shutdown),
            _ = hangup.recv() => inbox.push(Msg::Shutdown),
            _ = interrupt.recv() => inbox.push(Msg::Shutdown),
        }
    }
}

/// Real time until `at` on the desk's clock (which a demo runs faster).
fn real_time_until(time: &Timebase, at: DateTime<Utc>) -> Duration {
    let left = (at - time.now()).to_std().unwrap_or_default();
    left / time.speed()
}

/// What a mouse event means on the screen as last drawn: a click on a row or a grid, or the
/// wheel.
fn pointer(screen: &Screen, mouse: MouseEvent) -> Option<Msg> {
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => {
            screen.hit(mouse.column, mouse.row).map(Msg::Click)
        }
        MouseEventKind::ScrollDown => Some(Msg::Scroll(WHEEL_ROWS)),
        MouseEventKind::ScrollUp => Some(Msg::Scroll(-WHEEL_ROWS)),
        _ => None,
    }
}

/// Rows one notch of the wheel moves the selection.
const WHEEL_ROWS: i8 = 3;

/// Sends one alert out on its own tasks, never on the dashboard's path.
fn send(
    desk: &Desk,
    lang: Lang,
    notice: Notice,
    desktop: bool,
    outbox: &mpsc::UnboundedSender<Msg>,
) {
    let alerts = desk.config.alerts.clone();
    if !alerts.on_alert.is_empty() {
        let notice = notice.clone();
        let alerts = alerts.clone();
        tokio::spawn(async move {
            if let Err(why) = notice::run_hook(&alerts, &notice).await {
                tracing::warn!(%why, "on_alert");
            }
        });
    }
    if !(alerts.desktop && desktop) {
        return;
    }
    let outbox = outbox.clone();
    tokio::spawn(async move {
        let ack = outbox.clone();
        let case = notice.case.clone();
        let on_ack = move || {
            if let Some((number, clock)) = case {
                let _ = ack.send(Msg::AcknowledgeFromDesktop { number, clock });
            }
        };
        let result = notice::desktop(&notice, lang, on_ack).await;
        if let Err(why) = &result {
            tracing::warn!(%why, "desktop notification");
        }
        let _ = outbox.send(Msg::Desktop(result));
    });
}

/// What the watcher's answer means to the dashboard.
fn watched(changed: Result<bool, StoreError>, voice: Voice) -> Option<Msg> {
    match changed {
        Ok(false) => None,
        Ok(true) => Some(Msg::StoreChanged),
        Err(e @ StoreError::Gone { .. }) => Some(Msg::StoreLost(errors::store(voice, &e))),
        Err(e @ StoreError::Damaged { .. }) => Some(Msg::StoreLost(errors::store(voice, &e))),
        Err(StoreError::Unreachable { .. }) => Some(Msg::Unreachable),
        Err(e) => Some(Msg::LoadFailed(errors::store(voice, &e))),
    }
}

/// After a dispatch on a desk that gives links: the responder's link to the screen, and to
/// `on_dispatch` beside the loop (a slow SMS gateway holds up nothing).
async fn link_dispatch(
    desk: &Desk,
    number: &str,
    now: DateTime<Utc>,
    back: &mpsc::UnboundedSender<Msg>,
) {
    match desk.link_dispatch(number, now).await {
        Ok(Some(link)) => {
            let _ = back.send(Msg::Linked {
                number: number.to_string(),
                role: crate::domain::LinkRole::Responder,
                url: link.url.clone(),
            });
            tokio::spawn(async move {
                if let Err(why) = link.tell().await {
                    tracing::warn!(%why, "on_dispatch");
                }
            });
        }
        Ok(None) => {}
        Err(e) => tracing::warn!(error = %e, "the dispatch's link was not made"),
    }
}

/// Runs one write through the desk, as the command line would.
async fn write(
    desk: &Desk,
    command: Command,
    now: DateTime<Utc>,
    voice: Voice,
    back: &mpsc::UnboundedSender<Msg>,
) -> Result<Written, WriteError> {
    let result = match command {
        Command::Report(report) => desk
            .report(&report, now)
            .await
            .map(|case| Written::Opened(Box::new(case))),
        Command::Act { number, action, at } => desk
            .act(&number, &action, at.unwrap_or(now), now)
            .await
            .map(|change| Written::Changed {
                change: Box::new(change),
                kind: action.kind(),
            }),
        Command::Patrol {
            grid,
            slot,
            findings,
        } => desk
            .patrol(grid, slot, findings, now, now)
            .await
            .map(|_| Written::Patrol),
        Command::Duty { name, on_duty } => desk
            .set_on_duty(&name, on_duty)
            .await
            .map(|()| Written::Duty { name, on_duty }),
        Command::Handover { to } => desk.hand_over(&to, now).await.map(|_| Written::Handover),
        Command::ReportInto { report, into } => {
            desk.report_into(&report, &into, now)
                .await
                .map(|change| Written::Joined {
                    change: Box::new(change),
                    opened: true,
                })
        }
        Command::Join { number, into } => {
            desk.join(&number, &into, now)
                .await
                .map(|change| Written::Joined {
                    change: Box::new(change),
                    opened: false,
                })
        }
        Command::Split {
            number,
            back,
            cancel,
        } => split(desk, &number, &back, cancel, now).await,
    };
    result.map_err(|e| {
        tracing::warn!(error = %e, "a change was not saved");
        if let Some(msg) = damaged(&e, voice) {
            let _ = back.send(msg);
        }
        WriteError {
            refused: e.is_bad_input(),
            message: errors::desk(voice, &e),
        }
    })
}

/// Splits a report out (an undo of its join), then cancels it when it came in as a report of
/// that case: two writes, so a failure between leaves an open case, never a lost report.
async fn split(
    desk: &Desk,
    number: &str,
    back: &[String],
    cancel: Option<String>,
    now: DateTime<Utc>,
) -> Result<Written, DeskError> {
    let change = desk.split(number, back, now).await?;
    if let Some(reason) = cancel {
        desk.act(number, &crate::domain::Action::Cancel { reason }, now, now)
            .await?;
    }
    Ok(Written::Split(Box::new(change)))
}

/// A damaged file is not a passing trouble to retry: the screen says so, and writes nothing
/// more to it.
fn damaged(e: &DeskError, voice: Voice) -> Option<Msg> {
    matches!(e, DeskError::Store(StoreError::Damaged { .. }))
        .then(|| Msg::StoreLost(errors::desk(voice, e)))
}

/// Whether to draw, and whether only time moved since the last frame.
#[derive(Debug, Clone, Copy)]
struct Redraw {
    any: bool,
    clocks_only: bool,
}

impl Default for Redraw {
    fn default() -> Redraw {
        Redraw {
            any: false,
            clocks_only: true,
        }
    }
}

impl Redraw {
    const ALL: Redraw = Redraw {
        any: true,
        clocks_only: false,
    };

    fn add(&mut self, outcome: &Outcome) {
        self.any |= outcome.redraw;
        self.clocks_only &= !outcome.redraw || outcome.clocks_only;
    }
}

/// One frame, as a synchronized update so large screens never show half of it.
fn draw(
    terminal: &mut DefaultTerminal,
    screen: &mut Screen,
    model: &Model,
    theme: Theme,
    clocks_only: bool,
    now: DateTime<Utc>,
) -> std::io::Result<()> {
    crossterm::queue!(std::io::stdout(), BeginSynchronizedUpdate)?;
    screen.draw(terminal, model, now, theme, clocks_only)?;
    crossterm::queue!(std::io::stdout(), EndSynchronizedUpdate)?;
    std::io::stdout().flush()
}
