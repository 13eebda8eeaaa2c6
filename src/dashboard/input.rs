//! The terminal's input and the clock's beat, on a thread of its own, handed to the loop
//! through a channel and a bell.
//!
//! crossterm's `EventStream` parks a helper thread inside its reader lock and, each time the
//! loop looks for input, spins on that lock (seven `sched_yield`s a look) before giving up: on
//! a wall screen that wakes a few times a second, that spinning was a good part of its idle
//! cost. A thread waiting for input costs nothing until a key comes. The same wait times the
//! beat: tokio's timer wheel wakes a second-long sleep two or three times on its way down to
//! the millisecond, where one wait for input with a timeout wakes once.

use std::sync::Arc;
use std::time::Duration;

use crossterm::event::Event;
use tokio::sync::{Notify, mpsc};

use super::tick::wake_in;
use crate::timebase::Timebase;

/// What the input thread reads; `None` when the terminal is gone (end of input or an error).
pub struct Input {
    events: mpsc::UnboundedReceiver<std::io::Result<Event>>,
    beat: Arc<Notify>,
}

impl Input {
    /// Starts reading, and beating just after each boundary of `every` on `time`. The thread
    /// ends with the first error, or when the loop stops listening; a process that exits does
    /// not wait for it.
    pub fn start(time: Timebase, every: Duration) -> std::io::Result<Input> {
        let (tx, events) = mpsc::unbounded_channel();
        let beat = Arc::new(Notify::new());
        let ring = beat.clone();
        std::thread::Builder::new()
            .name("dutydesk-input".into())
            .spawn(move || {
                loop {
                    match crossterm::event::poll(wake_in(&time, every)) {
                        Ok(true) => {}
                        Ok(false) if tx.is_closed() => return,
                        Ok(false) => {
                            ring.notify_one();
                            continue;
                        }
                        Err(e) => {
                            let _ = tx.send(Err(e));
                            return;
                        }
                    }
                    let event = crossterm::event::read();
                    let failed = event.is_err();
                    if tx.send(event).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(Input { events, beat })
    }

    /// The next event; `None` or an error once the terminal is gone.
    pub async fn next(&mut self) -> Option<std::io::Result<Event>> {
        self.events.recv().await
    }

    /// Rung at each beat (one rung while the loop was busy waits for it: beats do not pile
    /// up, and the loop's ticker counts wall-clock seconds itself).
    pub fn beat(&self) -> Arc<Notify> {
        self.beat.clone()
    }
}
