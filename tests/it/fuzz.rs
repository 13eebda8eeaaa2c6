//! Fuzzing with proptest on what reads outside text: the config file, the time and duration
//! parsers, and the text functions every screen uses. None may panic, and each keeps its
//! promise (a parsed time is within bounds; shown text holds nothing a terminal obeys; a cut
//! never exceeds its width). Runs in the normal test run; `PROPTEST_CASES=100000 cargo test
//! --test fuzz` goes further.

use std::path::Path;

use chrono::TimeZone;
use dutydesk::config::Config;
use dutydesk::text::{hostile, truncate, visible};
use dutydesk::when::{MAX_AGO_DAYS, parse_ago, parse_at, parse_day};
use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(4000)
}

/// Text that looks like a config: keys of the real config, sections, values of every type,
/// and noise.
fn config_text() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "language",
        "time_zone",
        "community",
        "duty_officer",
        "mouse",
        "arrival_minutes",
        "warning_minutes",
        "medium_days",
        "reminder_minutes",
        "resolution_lead_minutes",
        "desktop",
        "on_alert",
        "on_alert_timeout_seconds",
        "categories",
        "grids",
        "x",
    ]);
    let value = prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        any::<f64>().prop_map(|n| format!("{n:?}")),
        "\"[^\"\\\\]{0,12}\"",
        Just("true".to_string()),
        Just("[]".to_string()),
        Just("[\"a\", 1]".to_string()),
        Just("{}".to_string()),
        ".{0,8}",
    ];
    let section = prop::sample::select(vec!["", "[targets]", "[alerts]", "[assets]", "[x]", "["]);
    prop::collection::vec((section, key, value), 0..8).prop_map(|lines| {
        lines
            .into_iter()
            .map(|(s, k, v)| format!("{s}\n{k} = {v}\n"))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn config_parsing_never_panics(text in prop_oneof![config_text(), ".{0,200}"]) {
        if let Ok(config) = Config::parse(Path::new("fuzz.toml"), &text) {
            // What parses is within its documented ranges.
            let t = config.targets();
            prop_assert!(t.arrival.num_minutes() >= 1 && t.arrival.num_minutes() <= 240);
            prop_assert!(t.warning < t.arrival);
        }
    }

    #[test]
    fn durations_never_panic_and_stay_within_bounds(text in prop_oneof![
        "[0-9]{0,25}[dhms]?([0-9]{0,20}[dhmsx ]){0,4}",
        ".{0,40}",
    ]) {
        if let Ok(d) = parse_ago(&text) {
            prop_assert!(d >= chrono::Duration::zero());
            prop_assert!(d <= chrono::Duration::days(MAX_AGO_DAYS));
        }
    }

    #[test]
    fn times_and_days_never_panic(text in prop_oneof![
        "[0-9]{1,6}-[0-9]{1,3}-[0-9]{1,3}[ T][0-9]{1,3}:[0-9]{1,3}(:[0-9]{1,3})?([+-][0-9]{2}:[0-9]{2}|Z)?",
        ".{0,40}",
    ]) {
        let _ = parse_at(&text, chrono_tz::Asia::Shanghai);
        let _ = parse_day(&text);
    }

    #[test]
    fn shown_text_holds_nothing_a_terminal_obeys(text in "\\PC{0,30}|[\\x00-\\x20\\x7f-\\u{a0}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}a-z]{0,30}") {
        let shown = visible(&text);
        prop_assert!(!shown.chars().any(hostile), "{:?}", shown);
        if !text.chars().any(hostile) {
            prop_assert_eq!(shown.as_ref(), text.as_str());
        }
    }

    #[test]
    fn a_cut_never_exceeds_its_width(text in "\\PC{0,40}", width in 0usize..30) {
        let cut = truncate(&text, width);
        prop_assert!(cut.width() <= width, "{:?} is {} wide, not {}", cut, cut.width(), width);
    }
}

#[test]
fn the_bounds_hold_at_their_edges() {
    assert!(parse_ago(&format!("{MAX_AGO_DAYS}d")).is_ok());
    assert!(parse_ago(&format!("{}d", MAX_AGO_DAYS + 1)).is_err());
    assert!(parse_ago("99999999999999999999999d").is_err());
    let zone = chrono_tz::Asia::Shanghai;
    assert_eq!(
        parse_at("2026-11-28 09:30", zone),
        Ok(zone
            .with_ymd_and_hms(2026, 11, 28, 9, 30, 0)
            .single()
            .expect("time")
            .to_utc())
    );
}
