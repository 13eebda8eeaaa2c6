//! Whom to send: a ranking of the people on duty for one case, learnt from the desk's own
//! arrivals. The officer decides; this only proposes, with its reasons.
//!
//! Each person's expected minutes to arrive, in order of what it stands on:
//! 1. their own median dispatch→arrival in this case's grid over the last 90 days;
//! 2. else their own median anywhere;
//! 3. else the grid's median (everyone's arrivals there), plus the walk from their own grid;
//! 4. else (no arrivals in this grid at all) `UNKNOWN_MINUTES` plus that walk.
//!
//! An estimate stands on at least `LEAST_ARRIVALS` arrivals, or falls to the next. The walk is
//! `HOP_MINUTES` per grid crossed on the map (adjacent grids in `assets/grids.toml`).
//! Ranked: free before busy; then expected minutes; then rest (the longest since last sent
//! first); then today's load (fewest first); then name, so ties are always the same.

use std::collections::{BTreeMap, HashMap, VecDeque};

use chrono::{DateTime, Duration, Utc};

/// How far back arrivals are learnt from.
pub const HISTORY_DAYS: i64 = 90;
/// The fewest arrivals an estimate stands on; fewer, and it falls to the next.
pub const LEAST_ARRIVALS: usize = 3;
/// Minutes per grid crossed between a person's own grid and the case's.
pub const HOP_MINUTES: f64 = 4.0;
/// Minutes assumed for someone of the case's own grid when nobody has arrived there yet.
pub const UNKNOWN_MINUTES: f64 = 10.0;
/// Hops assumed for someone with no grid of their own (a roving team).
const ROVING_HOPS: u32 = 1;

/// Someone who could be sent.
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub name: String,
    /// Their own grid; `None` for someone who covers the whole community.
    pub home: Option<u8>,
    pub on_duty: bool,
    /// The open case they are on, if any.
    pub busy_with: Option<String>,
}

/// A past dispatch: who, to which grid, when, and how long they took to arrive (if they did).
#[derive(Debug, Clone, PartialEq)]
pub struct PastDispatch {
    pub responder: String,
    pub grid: u8,
    pub at: DateTime<Utc>,
    pub took_secs: Option<i64>,
}

/// The grids beside each grid, as the community's map has them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Neighbours(pub BTreeMap<u8, Vec<u8>>);

impl Neighbours {
    /// Grids crossed from `from` to `to` (0 for the same grid), `None` if not connected.
    pub fn hops(&self, from: u8, to: u8) -> Option<u32> {
        if from == to {
            return Some(0);
        }
        let mut seen = HashMap::from([(from, 0u32)]);
        let mut queue = VecDeque::from([from]);
        while let Some(g) = queue.pop_front() {
            let d = seen[&g];
            for &n in self.0.get(&g).map_or(&[][..], |v| &v[..]) {
                if n == to {
                    return Some(d + 1);
                }
                if let std::collections::hash_map::Entry::Vacant(e) = seen.entry(n) {
                    e.insert(d + 1);
                    queue.push_back(n);
                }
            }
        }
        None
    }
}

/// What an estimate stands on: a median in minutes over some arrivals, and the grids
/// crossed to get there where the median is not of this grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Basis {
    /// Their own median in this grid.
    OwnHere { median: f64, arrivals: usize },
    /// Their own median anywhere.
    OwnAnywhere {
        median: f64,
        arrivals: usize,
        hops: u32,
    },
    /// The grid's median (everyone's arrivals there).
    Grid {
        median: f64,
        arrivals: usize,
        hops: u32,
    },
    /// Nothing learnt: `UNKNOWN_MINUTES`.
    Assumed { hops: u32 },
}

impl Basis {
    /// The minutes expected: the median (or the assumption) and the walk across the grids.
    pub fn minutes(&self) -> f64 {
        let walk = |hops: u32| f64::from(hops) * HOP_MINUTES;
        match *self {
            Basis::OwnHere { median, .. } => median,
            Basis::OwnAnywhere { median, hops, .. } | Basis::Grid { median, hops, .. } => {
                median + walk(hops)
            }
            Basis::Assumed { hops } => UNKNOWN_MINUTES + walk(hops),
        }
    }

    /// The grids crossed, where the estimate adds a walk.
    pub fn hops(&self) -> Option<u32> {
        match *self {
            Basis::OwnHere { .. } => None,
            Basis::OwnAnywhere { hops, .. }
            | Basis::Grid { hops, .. }
            | Basis::Assumed { hops } => Some(hops),
        }
    }
}

/// One person, ranked.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    pub name: String,
    pub basis: Basis,
    /// The open case they are on (listed after everyone free).
    pub busy_with: Option<String>,
    /// Their own grid; `None` for someone who covers the whole community.
    pub home: Option<u8>,
    pub same_grid: bool,
    pub last_sent: Option<DateTime<Utc>>,
    pub sent_today: u32,
}

impl Candidate {
    /// The minutes they are expected to take.
    pub fn minutes(&self) -> f64 {
        self.basis.minutes()
    }

    pub fn free(&self) -> bool {
        self.busy_with.is_none()
    }
}

/// The ranking, and the shortfall when nobody free is expected before the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    pub candidates: Vec<Candidate>,
    /// Whole minutes left to the arrival target, when nobody free is expected within them.
    pub shortfall: Option<i64>,
}

fn median(mut secs: Vec<i64>) -> Option<f64> {
    if secs.len() < LEAST_ARRIVALS {
        return None;
    }
    secs.sort_unstable();
    let n = secs.len();
    let mid = if n % 2 == 1 {
        secs[n / 2] as f64
    } else {
        (secs[n / 2 - 1] + secs[n / 2]) as f64 / 2.0
    };
    Some(mid / 60.0)
}

/// Ranks everyone on duty for a case in `grid` whose arrival target is `deadline`.
/// `history` holds the dispatches of the last `HISTORY_DAYS` (older ones are ignored);
/// `day_start` is when today began, for the load.
pub fn recommend(
    grid: u8,
    deadline: DateTime<Utc>,
    people: &[Person],
    history: &[PastDispatch],
    map: &Neighbours,
    day_start: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Recommendation {
    let since = now - Duration::days(HISTORY_DAYS);
    let recent: Vec<&PastDispatch> = history.iter().filter(|d| d.at >= since).collect();
    let took = |filter: &dyn Fn(&PastDispatch) -> bool| -> Vec<i64> {
        recent
            .iter()
            .filter(|d| filter(d))
            .filter_map(|d| d.took_secs)
            .collect()
    };
    let grid_secs = took(&|d| d.grid == grid);
    let grid_median = median(grid_secs.clone());
    let mut candidates: Vec<Candidate> = people
        .iter()
        .filter(|p| p.on_duty)
        .map(|p| {
            let hops = p
                .home
                .map_or(Some(ROVING_HOPS), |h| map.hops(h, grid))
                .unwrap_or(map.0.len() as u32);
            let here = took(&|d| d.responder == p.name && d.grid == grid);
            let anywhere = took(&|d| d.responder == p.name);
            let (here_n, anywhere_n) = (here.len(), anywhere.len());
            let basis = if let Some(median) = median(here) {
                Basis::OwnHere {
                    median,
                    arrivals: here_n,
                }
            } else if let Some(median) = median(anywhere) {
                Basis::OwnAnywhere {
                    median,
                    arrivals: anywhere_n,
                    hops,
                }
            } else if let Some(median) = grid_median {
                Basis::Grid {
                    median,
                    arrivals: grid_secs.len(),
                    hops,
                }
            } else {
                Basis::Assumed { hops }
            };
            let mine = recent.iter().filter(|d| d.responder == p.name);
            Candidate {
                name: p.name.clone(),
                basis,
                busy_with: p.busy_with.clone(),
                home: p.home,
                same_grid: p.home == Some(grid),
                last_sent: mine.clone().map(|d| d.at).max(),
                sent_today: mine.filter(|d| d.at >= day_start).count() as u32,
            }
        })
        .collect();
    candidates.sort_by(|a, b| {
        b.free()
            .cmp(&a.free())
            .then(a.minutes().total_cmp(&b.minutes()))
            // Rested longest first: never sent counts as longest.
            .then(a.last_sent.cmp(&b.last_sent))
            .then(a.sent_today.cmp(&b.sent_today))
            .then(a.name.cmp(&b.name))
    });
    let left = (deadline - now).num_seconds() as f64 / 60.0;
    let reachable = candidates.iter().any(|c| c.free() && c.minutes() <= left);
    Recommendation {
        shortfall: (!reachable).then(|| (left.max(0.0)).floor() as i64),
        candidates,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hops_follow_the_borders() {
        // 1 - 2 - 3, and 4 apart.
        let m = Neighbours(BTreeMap::from([
            (1, vec![2]),
            (2, vec![1, 3]),
            (3, vec![2]),
            (4, vec![]),
        ]));
        assert_eq!(m.hops(3, 3), Some(0));
        assert_eq!(m.hops(1, 2), Some(1));
        assert_eq!(m.hops(1, 3), Some(2));
        assert_eq!(m.hops(1, 4), None);
    }
}
