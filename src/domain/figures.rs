//! The figures the seed article reports, computed from cases exactly as it counts them.

use serde::Serialize;

use super::case::Case;
use super::clock::Targets;

/// Figures for a set of cases (a day, or a period). Cancelled cases (not a problem) are not
/// "collected" problems; they are counted apart. A report joined into another case is a
/// report, not a problem of its own; its reporter's verdict counts.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    /// Problems: a matter reported several times counts once.
    pub collected: usize,
    /// Reports: every report not cancelled, those joined into another case's too.
    pub reports: usize,
    pub resident_reported: usize,
    pub handled_by_community: usize,
    pub called_up: usize,
    pub open: usize,
    pub resolved: usize,
    pub resolved_same_day: usize,
    pub arrived: usize,
    pub arrived_within_target: usize,
    /// Imported history whose arrival was never recorded: neither on time nor late.
    pub arrival_not_recorded: usize,
    pub median_arrival_minutes: Option<f64>,
    /// The arrival time nine in ten arrivals were within (nearest rank).
    pub p90_arrival_minutes: Option<f64>,
    pub cancelled: usize,
    /// Resolved cases whose reporter was told (通报), and what those asked said.
    pub reporter_told: usize,
    pub satisfied: usize,
    pub unsatisfied: usize,
}

impl Figures {
    pub fn of(cases: &[Case], targets: &Targets) -> Figures {
        let mut f = Figures::default();
        let mut arrival_secs = Vec::new();
        for case in cases {
            if case.cancellation.is_some() {
                f.cancelled += 1;
                continue;
            }
            f.reports += 1;
            // Each reporter told, and what each said, joined reports' too.
            if case.reporter_told {
                f.reporter_told += 1;
                match case.verdict.as_ref().map(|v| v.satisfied) {
                    Some(true) => f.satisfied += 1,
                    Some(false) => f.unsatisfied += 1,
                    None => {}
                }
            }
            if case.joined.is_some() {
                continue;
            }
            f.collected += 1;
            f.resident_reported += usize::from(case.resident_reported());
            if case.called_up() {
                f.called_up += 1;
            } else {
                f.handled_by_community += 1;
            }
            f.open += usize::from(case.is_open());
            if case.resolution.is_some() {
                f.resolved += 1;
                f.resolved_same_day += usize::from(targets.resolved_same_day(case));
            }
            f.arrival_not_recorded += usize::from(case.arrival_not_recorded());
            if let Some(arrival) = &case.arrival {
                f.arrived += 1;
                f.arrived_within_target += usize::from(arrival.met);
                arrival_secs.push(arrival.taken_secs);
            }
        }
        f.median_arrival_minutes = median(&mut arrival_secs).map(minutes);
        f.p90_arrival_minutes = nearest_rank(&arrival_secs, 0.9).map(|s| minutes(s as f64));
        f
    }
}

/// Seconds as minutes to one decimal.
pub fn minutes(secs: f64) -> f64 {
    (secs / 6.0).round() / 10.0
}

/// The value at the nearest rank for `share` of sorted `values` (the smallest value at least
/// that share of them are within).
pub fn nearest_rank(sorted: &[i64], share: f64) -> Option<i64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (share * sorted.len() as f64).ceil() as usize;
    sorted.get(rank.clamp(1, sorted.len()) - 1).copied()
}

fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let mid = values.len() / 2;
    Some(if values.len().is_multiple_of(2) {
        (values[mid - 1] + values[mid]) as f64 / 2.0
    } else {
        values[mid] as f64
    })
}

#[cfg(test)]
mod tests {
    use super::median;

    #[test]
    fn ninetieth_percentile_by_nearest_rank() {
        use super::nearest_rank;
        assert_eq!(nearest_rank(&[], 0.9), None);
        assert_eq!(nearest_rank(&[5], 0.9), Some(5));
        let ten: Vec<i64> = (1..=10).collect();
        assert_eq!(nearest_rank(&ten, 0.9), Some(9));
        let eleven: Vec<i64> = (1..=11).collect();
        assert_eq!(nearest_rank(&eleven, 0.9), Some(10));
    }

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [300, 60, 120]), Some(120.0));
        assert_eq!(median(&mut [60, 120, 300, 600]), Some(210.0));
    }
}
