//! The figures the seed article reports, computed from cases exactly as it counts them.

use serde::Serialize;

use super::case::Case;
use super::clock::Targets;

/// Figures for a set of cases (a day, or a period). Cancelled cases (duplicates, not a
/// problem) are not "collected" problems; they are counted apart.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Figures {
    pub collected: usize,
    pub resident_reported: usize,
    pub handled_by_community: usize,
    pub called_up: usize,
    pub open: usize,
    pub resolved: usize,
    pub resolved_same_day: usize,
    pub arrived: usize,
    pub arrived_within_target: usize,
    pub median_arrival_minutes: Option<f64>,
    pub cancelled: usize,
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
            if let Some(arrival) = &case.arrival {
                f.arrived += 1;
                f.arrived_within_target += usize::from(arrival.met);
                arrival_secs.push(arrival.taken_secs);
            }
        }
        f.median_arrival_minutes = median(&mut arrival_secs).map(|s| (s / 6.0).round() / 10.0);
        f
    }
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
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&mut []), None);
        assert_eq!(median(&mut [300, 60, 120]), Some(120.0));
        assert_eq!(median(&mut [60, 120, 300, 600]), Some(210.0));
    }
}
