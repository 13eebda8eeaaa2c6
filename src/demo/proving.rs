//! Is the suggestion of whom to send better than the old rule (the first free of the case's
//! grid, in roster order)? A community's days played twice on the same seed, once with each
//! rule, counting the arrivals within the target. Pure: no store, no clock.
//!
//! The world: everyone on the roster is on duty; each has a speed of their own (some quick,
//! some slow) and knows some grids better than others; reaching a grid takes longer the more
//! grids lie between it and their own. A report is dispatched a minute after it comes in, to
//! someone free (or, with nobody free, to whoever is free first); once there they are busy
//! for the handling. Four weeks are played with the old rule first, so the suggestion has the
//! history a desk in use would have; then the days measured.

use chrono::{DateTime, Duration, TimeZone, Utc};

use super::random::Rng;
use crate::catalog::Catalog;
use crate::domain::recommend::{Neighbours, PastDispatch, Person, recommend};

/// Whom a rule sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// The first free person of the case's grid in roster order, else the first free anyone.
    FirstFreeOfGrid,
    /// The first free candidate of `domain::recommend`.
    Suggestion,
}

/// Arrivals counted over the measured days.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    pub arrivals: u32,
    pub on_time: u32,
}

impl Tally {
    pub fn share(&self) -> f64 {
        f64::from(self.on_time) / f64::from(self.arrivals.max(1))
    }
}

/// The days of warm-up (history) before the measured ones.
pub const WARM_UP_DAYS: i64 = 28;
const REPORTS_A_DAY: f64 = 48.0;
const TARGET_MINUTES: f64 = 15.0;
const DISPATCH_MINUTES: f64 = 1.0;

/// One seed's world: who is how quick where.
struct World {
    names: Vec<String>,
    homes: Vec<Option<u8>>,
    /// Minutes person `p` needs to reach grid `g` (index g - 1), before the day's noise.
    minutes: Vec<[f64; 7]>,
    map: Neighbours,
}

impl World {
    fn new(catalog: &Catalog, seed: u64) -> World {
        let mut rng = Rng::new(seed ^ 0x5eed_5eed);
        let map = catalog.neighbours();
        let names: Vec<String> = catalog.roster.iter().map(|r| r.name.clone()).collect();
        let homes: Vec<Option<u8>> = catalog.roster.iter().map(|r| r.grid).collect();
        let minutes = homes
            .iter()
            .map(|home| {
                // Some people are three times as quick as others; everyone knows some grids better.
                let speed = 0.6 + rng.unit() * 1.3;
                let mut row = [0.0; 7];
                for (i, m) in row.iter_mut().enumerate() {
                    let grid = i as u8 + 1;
                    let hops = home.map_or(1, |h| map.hops(h, grid).unwrap_or(3));
                    let knows = 0.8 + rng.unit() * 0.5;
                    *m = (6.0 + 4.0 * f64::from(hops)) * speed * knows;
                }
                row
            })
            .collect();
        World {
            names,
            homes,
            minutes,
            map,
        }
    }
}

/// A report of the played days: when, where, and its draws (the same whatever the rule).
struct Call {
    at: DateTime<Utc>,
    grid: u8,
    /// The day's noise on the way there, per person.
    noise: Vec<f64>,
    handling_minutes: f64,
}

fn calls(world: &World, seed: u64, start: DateTime<Utc>, days: i64) -> Vec<Call> {
    let mut rng = Rng::new(seed);
    let mut calls = Vec::new();
    let mut at = start;
    let end = start + Duration::days(days);
    // Reports from 07:00 to 22:00, at random, about REPORTS_A_DAY a day.
    let mean_gap = 15.0 * 60.0 / REPORTS_A_DAY;
    while at < end {
        at += Duration::seconds((rng.exponential(mean_gap) * 60.0).max(1.0) as i64);
        let minute_of_day = (at - start).num_minutes() % (24 * 60);
        if !(7 * 60..22 * 60).contains(&minute_of_day) {
            continue;
        }
        calls.push(Call {
            at,
            grid: rng.below(7) as u8 + 1,
            noise: (0..world.names.len())
                .map(|_| 0.75 + rng.unit() * 0.6)
                .collect(),
            handling_minutes: 20.0 + rng.unit() * 55.0,
        });
    }
    calls
}

/// Plays `days` measured days after the warm-up with `rule`; the same seed gives the same
/// reports and draws for either rule.
pub fn play(catalog: &Catalog, seed: u64, days: i64, rule: Rule) -> Tally {
    let world = World::new(catalog, seed);
    let start = Utc
        .with_ymd_and_hms(2026, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC);
    let measured_from = start + Duration::days(WARM_UP_DAYS);
    let all = calls(&world, seed, start, WARM_UP_DAYS + days);
    let mut free_at: Vec<DateTime<Utc>> = vec![start; world.names.len()];
    let mut history: Vec<PastDispatch> = Vec::new();
    let mut tally = Tally::default();
    for call in &all {
        let now = call.at + Duration::seconds((DISPATCH_MINUTES * 60.0) as i64);
        let warm = call.at < measured_from;
        let rule = if warm { Rule::FirstFreeOfGrid } else { rule };
        let free = |p: usize| free_at[p] <= now;
        let chosen = match rule {
            Rule::FirstFreeOfGrid => (0..world.names.len())
                .find(|&p| free(p) && world.homes[p] == Some(call.grid))
                .or_else(|| (0..world.names.len()).find(|&p| free(p))),
            Rule::Suggestion => {
                let people: Vec<Person> = (0..world.names.len())
                    .map(|p| Person {
                        name: world.names[p].clone(),
                        home: world.homes[p],
                        on_duty: true,
                        busy_with: (!free(p)).then(|| "busy".to_string()),
                    })
                    .collect();
                let deadline = call.at + Duration::minutes(TARGET_MINUTES as i64);
                let day_start = now - Duration::hours(12);
                let r = recommend(
                    call.grid, deadline, &people, &history, &world.map, day_start, now,
                );
                r.candidates
                    .iter()
                    .find(|c| c.free())
                    .and_then(|c| world.names.iter().position(|n| *n == c.name))
            }
        };
        // Nobody free: whoever is free first goes then.
        let p = chosen.unwrap_or_else(|| {
            (0..world.names.len())
                .min_by_key(|&p| free_at[p])
                .unwrap_or(0)
        });
        let leaves = now.max(free_at[p]);
        let travel = world.minutes[p][usize::from(call.grid - 1)] * call.noise[p];
        let arrives = leaves + Duration::seconds((travel * 60.0) as i64);
        free_at[p] = arrives + Duration::seconds((call.handling_minutes * 60.0) as i64);
        history.push(PastDispatch {
            responder: world.names[p].clone(),
            grid: call.grid,
            at: leaves,
            took_secs: Some((arrives - leaves).num_seconds()),
        });
        if !warm {
            tally.arrivals += 1;
            if (arrives - call.at).num_seconds() as f64 <= TARGET_MINUTES * 60.0 {
                tally.on_time += 1;
            }
        }
    }
    tally
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same seed plays the same reports whatever the rule; the suggestion, learning from
    /// the history, is never worse here than the first free of the grid.
    #[test]
    fn the_same_seed_gives_the_same_calls_and_the_suggestion_does_not_lose() {
        let catalog = Catalog::embedded();
        for seed in [11, 12] {
            let old = play(&catalog, seed, 7, Rule::FirstFreeOfGrid);
            let new = play(&catalog, seed, 7, Rule::Suggestion);
            assert_eq!(old.arrivals, new.arrivals, "seed {seed}: the same reports");
            assert!(old.arrivals > 200, "seed {seed}: {old:?}");
            assert!(new.on_time >= old.on_time, "seed {seed}: {old:?} {new:?}");
            assert_eq!(
                play(&catalog, seed, 7, Rule::Suggestion),
                new,
                "deterministic"
            );
        }
    }
}
