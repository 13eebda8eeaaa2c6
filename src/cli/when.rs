//! When something happened: `--at 2026-11-28T09:30:00+08:00` (or `2026-11-28 09:30` in the
//! configured zone), or `--ago 1h30m`.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The longest `--ago` taken: a report ten years late is a typing mistake.
pub const MAX_AGO_DAYS: i64 = 3650;

/// Parses `90s`, `5m`, `1h30m`, `2d`: whole numbers each followed by d, h, m or s.
pub fn parse_ago(text: &str) -> Result<Duration, String> {
    let hint = "write a duration such as 90s, 5m or 1h30m";
    let mut total = Duration::zero();
    let mut digits = String::new();
    for c in text.trim().chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            continue;
        }
        let n: i64 = digits
            .parse()
            .map_err(|_| format!("`{text}` is not a duration; {hint}"))?;
        digits.clear();
        let part = match c {
            'd' => Duration::try_days(n),
            'h' => Duration::try_hours(n),
            'm' => Duration::try_minutes(n),
            's' => Duration::try_seconds(n),
            _ => return Err(format!("`{text}`: unknown unit `{c}`; {hint}")),
        };
        total = part
            .and_then(|p| total.checked_add(&p))
            .filter(|t| *t <= Duration::days(MAX_AGO_DAYS))
            .ok_or_else(|| format!("`{text}` is too long ago; at most {MAX_AGO_DAYS} days"))?;
    }
    if !digits.is_empty() || text.trim().is_empty() {
        return Err(format!("`{text}` has a number without a unit; {hint}"));
    }
    Ok(total)
}

/// Parses an instant: RFC 3339 with an offset, or a local `YYYY-MM-DD HH:MM[:SS]` in `zone`.
pub fn parse_at(text: &str, zone: Tz) -> Result<DateTime<Utc>, String> {
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
                .ok_or_else(|| format!("`{text}` does not exist in {zone}"));
        }
    }
    Err(format!(
        "`{text}` is not a time; write 2026-11-28T09:30:00+08:00 or 2026-11-28 09:30 ({zone})"
    ))
}

/// Parses a local date `YYYY-MM-DD`.
pub fn parse_day(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as 2026-11-28"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations() {
        assert_eq!(parse_ago("90s"), Ok(Duration::seconds(90)));
        assert_eq!(parse_ago("5m"), Ok(Duration::minutes(5)));
        assert_eq!(parse_ago("1h30m"), Ok(Duration::minutes(90)));
        assert!(parse_ago("5").is_err());
        assert!(parse_ago("5x").is_err());
        assert!(parse_ago("").is_err());
        assert!(parse_ago("m").is_err());
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
