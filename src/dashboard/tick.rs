//! The 1-second tick, kept on the wall clock, and the detection of wall-clock jumps (the time
//! was set, or the machine slept): pure functions of the two clocks, so tests can drive them.

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::app::Msg;
use crate::timebase::Timebase;

/// A wall clock that moved this much more (or less) than monotonic time jumped.
const JUMP: chrono::Duration = chrono::Duration::seconds(2);

/// How long until just after the next wall-clock boundary of `every`, so every countdown on
/// screen changes together and none of them skips or stalls a second.
pub fn until_next(now: DateTime<Utc>, every: Duration) -> Duration {
    let step = every.as_nanos().max(1);
    let into = u128::from(now.timestamp_subsec_nanos()) % step;
    let left = u64::try_from(step - into).unwrap_or(u64::MAX);
    Duration::from_nanos(left) + Duration::from_millis(2)
}

/// How long to really sleep until just after the next boundary of `every` (real time) on the
/// desk's clock: a demo at ten times speed still wakes twice a second, at its own whole seconds.
pub fn wake_in(time: &Timebase, every: Duration) -> Duration {
    let speed = time.speed();
    let slack = Duration::from_millis(2);
    until_next(time.now(), every * speed).saturating_sub(slack) / speed + slack
}

/// Remembers both clocks at the last tick.
#[derive(Debug, Clone, Copy)]
pub struct Ticker {
    wall: DateTime<Utc>,
    /// Monotonic time gone by on the desk's clock's scale (`Timebase::elapsed`).
    mono: Duration,
}

impl Ticker {
    pub fn new(wall: DateTime<Utc>, mono: Duration) -> Ticker {
        Ticker { wall, mono }
    }

    /// At a wake-up: `Tick` when a new wall-clock second has begun, `ClockJumped` when the
    /// wall clock moved differently from monotonic time, nothing within the same second.
    pub fn wake(&mut self, wall: DateTime<Utc>, mono: Duration) -> Option<Msg> {
        if wall.timestamp() == self.wall.timestamp() {
            return None;
        }
        let wall_moved = wall - self.wall;
        let mono_moved = chrono::Duration::from_std(mono.saturating_sub(self.mono)).ok()?;
        *self = Ticker { wall, mono };
        let off = wall_moved - mono_moved;
        if off.abs() > JUMP {
            tracing::info!(by = %off, "the wall clock jumped");
            Some(Msg::ClockJumped)
        } else {
            Some(Msg::Tick)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(secs: i64, millis: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0)
            .single()
            .expect("time")
            + chrono::Duration::seconds(secs)
            + chrono::Duration::milliseconds(millis)
    }

    #[test]
    fn wakes_just_after_the_next_boundary() {
        let second = Duration::from_secs(1);
        let half = Duration::from_millis(500);
        assert_eq!(until_next(at(0, 300), second), Duration::from_millis(702));
        assert_eq!(until_next(at(0, 300), half), Duration::from_millis(202));
        assert_eq!(until_next(at(0, 700), half), Duration::from_millis(302));
        assert_eq!(until_next(at(0, 0), second), Duration::from_millis(1002));
    }

    #[test]
    fn ticks_once_per_wall_second() {
        let mono = Duration::from_secs(100);
        let mut ticker = Ticker::new(at(0, 2), mono);
        assert!(ticker.wake(at(0, 502), mono + half()).is_none());
        assert!(matches!(
            ticker.wake(at(1, 2), mono + Duration::from_secs(1)),
            Some(Msg::Tick)
        ));
        assert!(
            ticker
                .wake(at(1, 502), mono + Duration::from_millis(1500))
                .is_none()
        );
    }

    #[test]
    fn a_clock_set_forward_or_back_or_a_suspend_is_a_jump() {
        let mono = Duration::from_secs(100);
        // Set forward an hour between two ticks.
        let mut ticker = Ticker::new(at(0, 2), mono);
        let jumped = ticker.wake(at(3601, 2), mono + Duration::from_secs(1));
        assert!(matches!(jumped, Some(Msg::ClockJumped)));
        // And the next ordinary second is a tick again.
        let next = ticker.wake(at(3602, 2), mono + Duration::from_secs(2));
        assert!(matches!(next, Some(Msg::Tick)));
        // Set back a minute.
        let mut ticker = Ticker::new(at(60, 2), mono);
        let back = ticker.wake(at(1, 2), mono + Duration::from_secs(1));
        assert!(matches!(back, Some(Msg::ClockJumped)));
        // Resumed from suspend: monotonic time stood still while the wall clock ran 10 min.
        let mut ticker = Ticker::new(at(0, 2), mono);
        let resumed = ticker.wake(at(600, 2), mono + Duration::from_secs(1));
        assert!(matches!(resumed, Some(Msg::ClockJumped)));
        // A late wake-up (busy machine) moves both clocks alike: not a jump.
        let mut ticker = Ticker::new(at(0, 2), mono);
        let late = ticker.wake(at(3, 2), mono + Duration::from_secs(3));
        assert!(matches!(late, Some(Msg::Tick)));
    }

    fn half() -> Duration {
        Duration::from_millis(500)
    }
}
