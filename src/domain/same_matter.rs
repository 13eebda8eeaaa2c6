//! Which open cases a new report may be the same matter as: five residents calling about one
//! streetlight are one problem. Offered at intake, never joined by itself: the officer
//! decides.
//!
//! Candidates are open cases of the same grid and category reported in the last 24 hours,
//! ranked by how alike the places are (the same building or door number counts most, then the
//! pairs of characters the two places share), then the most recent first; at most five.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::Case;

/// How far back an open case may be the same matter.
pub const WITHIN_HOURS: i64 = 24;
/// The most candidates offered.
pub const MOST: usize = 5;

/// An open case the report may be, and how alike the places are (0 to 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub number: String,
    pub place: String,
    pub reported_at: DateTime<Utc>,
    pub likeness: f64,
}

/// The numbers in a place that name a building, a door or a box ("3栋", "12号", "B2").
fn numbers(place: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut digits = String::new();
    for c in place.chars().chain([' ']) {
        if c.is_ascii_digit() || ('０'..='９').contains(&c) {
            let d = if c.is_ascii_digit() {
                c
            } else {
                char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c)
            };
            digits.push(d);
        } else if !digits.is_empty() {
            found.insert(std::mem::take(&mut digits));
        }
    }
    found
}

/// Pairs of neighbouring characters, spaces and punctuation left out, letters lower-cased.
fn pairs(place: &str) -> BTreeSet<(char, char)> {
    let kept: Vec<char> = place
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    kept.windows(2).map(|w| (w[0], w[1])).collect()
}

/// How alike two places are: 0 (nothing shared) to 1.
pub fn likeness(a: &str, b: &str) -> f64 {
    let (pa, pb) = (pairs(a), pairs(b));
    let shared = pa.intersection(&pb).count() as f64;
    let all = pa.union(&pb).count() as f64;
    let text = if all == 0.0 { 0.0 } else { shared / all };
    let (na, nb) = (numbers(a), numbers(b));
    let number = match (na.is_empty(), nb.is_empty()) {
        (false, false) if !na.is_disjoint(&nb) => 1.0,
        // Both name a number, and not the same one: another building.
        (false, false) => -0.5,
        _ => 0.0,
    };
    ((text + number) / 2.0).clamp(0.0, 1.0)
}

/// The open cases a report in `grid` of `category` at `place` may be the same matter as.
pub fn candidates(
    grid: u8,
    category: &str,
    place: &str,
    open: &[Case],
    now: DateTime<Utc>,
) -> Vec<Candidate> {
    let since = now - Duration::hours(WITHIN_HOURS);
    let mut found: Vec<Candidate> = open
        .iter()
        .filter(|c| c.is_open() && c.grid == grid && c.category == category)
        .filter(|c| c.reported_at >= since && c.reported_at <= now)
        .map(|c| Candidate {
            number: c.number.clone(),
            place: c.place.clone(),
            reported_at: c.reported_at,
            likeness: likeness(place, &c.place),
        })
        .collect();
    found.sort_by(|a, b| {
        b.likeness
            .total_cmp(&a.likeness)
            .then(b.reported_at.cmp(&a.reported_at))
            .then(a.number.cmp(&b.number))
    });
    found.truncate(MOST);
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{streetlight, t0};

    #[test]
    fn the_same_building_counts_most_then_shared_characters() {
        assert!(
            likeness("新联街 12号旁", "新联街12号路灯下")
                > likeness("新联街 12号旁", "新联街 14号旁")
        );
        assert!(
            likeness("山水天成 3栋", "山水天成小区3栋东") > likeness("山水天成 3栋", "学府苑 3栋")
        );
        assert_eq!(likeness("", ""), 0.0);
        assert_eq!(
            numbers("３栋 B12"),
            BTreeSet::from(["3".to_string(), "12".to_string()])
        );
    }

    #[test]
    fn only_open_cases_of_the_grid_and_category_of_the_last_day_at_most_five() {
        let now = t0() + Duration::hours(30);
        let mut open: Vec<Case> = (0..8)
            .map(|i| {
                let mut c = streetlight(&format!("n{i}"), 3, now - Duration::minutes(10 * i));
                c.place = format!("新联街 {}号", 10 + i);
                c
            })
            .collect();
        open.push(streetlight("other-grid", 4, now - Duration::minutes(5)));
        let mut old = streetlight("old", 3, now - Duration::hours(25));
        old.place = "新联街 12号".into();
        open.push(old);
        let mut closed = streetlight("closed", 3, now - Duration::minutes(5));
        closed.state = crate::domain::State::Resolved;
        closed.place = "新联街 12号".into();
        open.push(closed);
        let mut other_kind = streetlight("pothole", 3, now - Duration::minutes(5));
        other_kind.category = "road.pothole".into();
        other_kind.place = "新联街 12号".into();
        open.push(other_kind);
        let found = candidates(3, "facility.streetlight", "新联街12号旁", &open, now);
        let numbers: Vec<&str> = found.iter().map(|c| c.number.as_str()).collect();
        assert_eq!(numbers.len(), MOST);
        assert_eq!(numbers[0], "n2", "the same door number first: {found:?}");
        for never in ["other-grid", "old", "closed", "pothole"] {
            assert!(!numbers.contains(&never), "{never}");
        }
        // The rest by likeness, then the most recent first: deterministic.
        assert_eq!(
            found,
            candidates(3, "facility.streetlight", "新联街12号旁", &open, now)
        );
    }
}
