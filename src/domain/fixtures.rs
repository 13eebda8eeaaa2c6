//! Cases for the unit tests, on a fixed clock.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::lifecycle::open;
use super::{Case, Channel, Report, Rules, Tier};

/// 2026-11-28 09:00 in Shanghai.
pub fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 1, 0, 0)
        .single()
        .expect("valid time")
}

/// The 15-minute arrival target.
pub fn rules() -> Rules {
    Rules {
        arrival_target: Duration::minutes(15),
    }
}

/// A streetlight out in `grid`, reported by hotline at `at`, opened as case `number`.
pub fn streetlight(number: &str, grid: u8, at: DateTime<Utc>) -> Case {
    let report = Report {
        grid,
        category: "facility.streetlight".into(),
        channel: Channel::Hotline,
        place: "p".into(),
        summary: "s".into(),
        reporter: None,
        phone: None,
        tier: Tier::Small,
        on_scene: None,
        at,
    };
    open(number.into(), &report, &rules(), at)
        .expect("a valid report")
        .0
}
