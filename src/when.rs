//! Times as people write them, for the command line, imported files and the demo's scenario:
//! an instant (`2026-11-28T09:30:00+08:00`, or `2026-11-28 09:30` in the configured zone), a
//! day (`2026-11-28`), or how long ago (`1h30m`); each refusal in both languages.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// A time, date or duration that could not be read: what is wrong and the fix, in English
/// (its `Display`) and in Chinese.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unparsed {
    pub en: String,
    pub zh: String,
}

impl std::fmt::Display for Unparsed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.en)
    }
}

fn unparsed(en: String, zh: String) -> Unparsed {
    Unparsed { en, zh }
}

/// The longest `--ago` taken: a report ten years late is a typing mistake.
pub const MAX_AGO_DAYS: i64 = 3650;

/// Parses a duration as people type it: `90s`, `10min`, `1h30m`, `1h 30m`, `2d` (humantime),
/// at most ten years.
pub fn parse_ago(text: &str) -> Result<Duration, Unparsed> {
    let hint = "write a duration such as 90s, 10min, 1h30m or 1h 30m";
    let hint_zh = "请写成 90s、10min、1h30m 或 1h 30m 这样的时长";
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(unparsed(
            format!("an empty duration; {hint}"),
            format!("时长为空；{hint_zh}"),
        ));
    }
    let parsed = humantime::parse_duration(trimmed).map_err(|e| {
        let why = match e {
            humantime::DurationError::NumberExpected(_) => "a number is missing".to_string(),
            humantime::DurationError::UnknownUnit { unit, .. } if unit.is_empty() => {
                "a number without a unit".to_string()
            }
            humantime::DurationError::UnknownUnit { unit, .. } => format!("unknown unit `{unit}`"),
            humantime::DurationError::NumberOverflow => "too large".to_string(),
            humantime::DurationError::Empty => "a number without a unit".to_string(),
            humantime::DurationError::InvalidCharacter(_) => "an unexpected character".to_string(),
        };
        unparsed(
            format!("`{text}` is not a duration ({why}); {hint}"),
            format!("`{text}` 不是时长；{hint_zh}"),
        )
    })?;
    Duration::from_std(parsed)
        .ok()
        .filter(|d| *d <= Duration::days(MAX_AGO_DAYS))
        .ok_or_else(|| {
            unparsed(
                format!("`{text}` is too long ago; at most {MAX_AGO_DAYS} days"),
                format!("`{text}` 太久以前；最多 {MAX_AGO_DAYS} 天"),
            )
        })
}

/// Parses an instant: RFC 3339 with an offset, or a local `YYYY-MM-DD HH:MM[:SS]` in `zone`.
pub fn parse_at(text: &str, zone: Tz) -> Result<DateTime<Utc>, Unparsed> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for format in [
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
    ] {
        if let Ok(naive) = NaiveDateTime::parse_from_str(text, format) {
            return zone
                .from_local_datetime(&naive)
                .earliest()
                .map(|t| t.with_timezone(&Utc))
                .ok_or_else(|| {
                    unparsed(
                        format!("`{text}` does not exist in {zone}"),
                        format!("`{text}` 在 {zone} 时区不存在"),
                    )
                });
        }
    }
    Err(unparsed(
        format!(
            "`{text}` is not a time; write 2026-11-28T09:30:00+08:00 or 2026-11-28 09:30 ({zone})"
        ),
        format!("`{text}` 不是时间；请写成 2026-11-28 09:30（{zone}）或 2026-11-28T09:30:00+08:00"),
    ))
}

/// Parses a local date `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<NaiveDate, Unparsed> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        unparsed(
            format!("`{text}` is not a date; write it as 2026-11-28"),
            format!("`{text}` 不是日期；请写成 2026-11-28"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_as_people_type_them() {
        for (typed, minutes) in [
            ("90s", 1.5),
            ("5m", 5.0),
            ("10min", 10.0),
            ("1h30m", 90.0),
            ("1h 30m", 90.0),
            ("2h", 120.0),
            ("1d", 1440.0),
            (" 45min ", 45.0),
        ] {
            let got = parse_ago(typed).unwrap_or_else(|e| panic!("{typed}: {e}"));
            assert_eq!(got.num_seconds() as f64 / 60.0, minutes, "{typed}");
        }
        for (typed, says) in [
            ("5", "without a unit"),
            ("5x", "unknown unit `x`"),
            ("", "empty"),
            ("m", "number is missing"),
            ("-5m", "not a duration"),
            ("4000d", "at most 3650 days"),
        ] {
            let e = parse_ago(typed).expect_err(typed);
            assert!(e.en.contains(says), "{typed}: {e}");
        }
    }

    #[test]
    fn instants_in_utc_and_local() {
        let zone = chrono_tz::Asia::Shanghai;
        let a = parse_at("2026-11-28T09:30:00+08:00", zone).expect("rfc3339");
        let b = parse_at("2026-11-28 09:30", zone).expect("local");
        assert_eq!(a, b);
        assert_eq!(a.to_rfc3339(), "2026-11-28T01:30:00+00:00");
        assert!(parse_at("yesterday", zone).is_err());
    }
}
