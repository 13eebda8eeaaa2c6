//! The terminal's input, read on a thread of its own and handed to the loop through a channel.
//!
//! crossterm's `EventStream` parks a helper thread inside its reader lock and, each time the
//! loop looks for input, spins on that lock (seven `sched_yield`s a look) before giving up: on
//! a wall screen that wakes a few times a second, that spinning was a good part of its idle
//! cost. A thread blocked in `read` costs nothing until a key comes.

use crossterm::event::Event;
use tokio::sync::mpsc;

/// What the input thread reads; `None` when the terminal is gone (end of input or an error).
pub struct Input {
    events: mpsc::UnboundedReceiver<std::io::Result<Event>>,
}

impl Input {
    /// Starts reading. The thread ends with the first error, or when the loop stops listening
    /// and the next event comes; a process that exits does not wait for it.
    pub fn start() -> std::io::Result<Input> {
        let (tx, events) = mpsc::unbounded_channel();
        std::thread::Builder::new()
            .name("dutydesk-input".into())
            .spawn(move || {
                loop {
                    let event = crossterm::event::read();
                    let failed = event.is_err();
                    if tx.send(event).is_err() || failed {
                        return;
                    }
                }
            })?;
        Ok(Input { events })
    }

    /// The next event; `None` or an error once the terminal is gone.
    pub async fn next(&mut self) -> Option<std::io::Result<Event>> {
        self.events.recv().await
    }
}
