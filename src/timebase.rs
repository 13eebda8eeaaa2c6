//! The time the desk runs on: the wall clock, or the demo's clock, which starts at a given
//! instant and runs `speed` times faster. Everything that reads "now" reads it here, so a demo
//! at ten times speed moves countdowns, alerts and the simulator alike.

use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};

#[derive(Debug, Clone, Copy)]
pub struct Timebase {
    started: Instant,
    /// `None`: the wall clock. Otherwise what the clock showed at `started`.
    origin: Option<DateTime<Utc>>,
    speed: u32,
}

impl Timebase {
    pub fn wall() -> Timebase {
        Timebase {
            started: Instant::now(),
            origin: None,
            speed: 1,
        }
    }

    /// A clock showing `origin` now and running `speed` times faster than real time.
    pub fn simulated(origin: DateTime<Utc>, speed: u32) -> Timebase {
        Timebase {
            started: Instant::now(),
            origin: Some(origin),
            speed: speed.max(1),
        }
    }

    pub fn speed(&self) -> u32 {
        self.speed
    }

    pub fn is_simulated(&self) -> bool {
        self.origin.is_some()
    }

    pub fn now(&self) -> DateTime<Utc> {
        match self.origin {
            None => Utc::now(),
            Some(origin) => origin + self.elapsed_chrono(),
        }
    }

    /// Time gone by on this clock's own scale since it started, counted on the monotonic
    /// clock: what the wall clock should have moved, so a jump of it can be told apart.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed().saturating_mul(self.speed)
    }

    /// How long to really wait until this clock shows `at` (zero if it already has).
    pub fn real_wait_until(&self, at: DateTime<Utc>) -> Duration {
        let left = (at - self.now()).to_std().unwrap_or(Duration::ZERO);
        left / self.speed
    }

    fn elapsed_chrono(&self) -> chrono::Duration {
        chrono::Duration::from_std(self.elapsed()).unwrap_or(chrono::Duration::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_simulated_clock_runs_speed_times_faster_from_its_origin() {
        let origin = DateTime::parse_from_rfc3339("2026-11-28T09:00:00+08:00")
            .expect("time")
            .with_timezone(&Utc);
        let clock = Timebase::simulated(origin, 60);
        std::thread::sleep(Duration::from_millis(50));
        let moved = clock.now() - origin;
        // 50 ms real is 3 s simulated; allow for a slow machine, not for running at speed 1.
        assert!(moved >= chrono::Duration::seconds(3), "{moved}");
        assert!(moved < chrono::Duration::seconds(60), "{moved}");
        // A minute ahead on the simulated clock is a second of real waiting, or a little less.
        let wait = clock.real_wait_until(clock.now() + chrono::Duration::minutes(1));
        assert!(
            wait <= Duration::from_secs(1) && wait > Duration::from_millis(900),
            "{wait:?}"
        );
        assert_eq!(clock.real_wait_until(origin), Duration::ZERO);
    }

    #[test]
    fn the_wall_clock_is_the_wall_clock() {
        let clock = Timebase::wall();
        let gap = (clock.now() - Utc::now()).num_milliseconds().abs();
        assert!(gap < 1000);
        assert!(!clock.is_simulated());
    }
}
