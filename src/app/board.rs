//! The board's order: overdue first (longest overdue on top), then least time left; cases
//! tracked against a called-up body (no community deadline) after, and imported history with
//! no arrival recorded last.

use chrono::{DateTime, Utc};

use super::model::{List, Model};
use crate::domain::{Case, Clock, Stage, Targets};

/// One board line: a case and where its clock stands at `now`.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    pub case: &'a Case,
    pub clock: Clock,
    pub stage: Stage,
    /// Seconds to the deadline (negative when overdue); `None` when tracking.
    pub left: Option<i64>,
}

/// Every open case's row (of `grid`, if given), in board order.
pub fn rows<'a>(
    cases: &'a [Case],
    targets: &Targets,
    now: DateTime<Utc>,
    grid: Option<u8>,
) -> Vec<Row<'a>> {
    let mut rows: Vec<Row> = cases
        .iter()
        .filter(|c| c.is_open() && grid.is_none_or(|g| c.grid == g))
        .map(|case| row(case, targets, now))
        .collect();
    rows.sort_by(|a, b| before(a.case, &a.clock, b.case, &b.clock));
    rows
}

/// Takes a snapshot into the model, its open cases put in board order once, as they arrive,
/// so that a frame reads them in place ([`Listing`]).
pub fn load(model: &mut Model, snapshot: crate::desk::Snapshot) {
    model.snapshot = snapshot;
    order(&mut model.snapshot.open, &model.targets);
}

/// Puts cases in board order.
pub fn order(cases: &mut [Case], targets: &Targets) {
    cases.sort_by_cached_key(|c| (key(c, &targets.clock(c)), c.number.clone()));
}

/// The board's order. By the deadline itself, not the seconds left: the order then never
/// changes as time passes, only when the cases do. Cases with no community deadline follow:
/// those tracked above the community, then imported history with no arrival recorded.
fn before(a: &Case, a_clock: &Clock, b: &Case, b_clock: &Clock) -> std::cmp::Ordering {
    key(a, a_clock)
        .cmp(&key(b, b_clock))
        .then_with(|| a.number.cmp(&b.number))
}

type Key = (u8, Option<DateTime<Utc>>, DateTime<Utc>);

fn key(case: &Case, clock: &Clock) -> Key {
    let rank = match clock {
        Clock::Unrecorded => 2,
        _ if clock.deadline().is_none() => 1,
        _ => 0,
    };
    (rank, clock.deadline(), case.reported_at)
}

/// Where one case's clock stands at `now`.
pub fn row<'a>(case: &'a Case, targets: &Targets, now: DateTime<Utc>) -> Row<'a> {
    let clock = targets.clock(case);
    let deadline = clock.deadline();
    Row {
        case,
        stage: deadline.map_or(Stage::Calm, |d| targets.stage(d, now)),
        left: deadline.map(|d| (d - now).num_seconds()),
        clock,
    }
}

/// The cases a board lists at one instant, in board order. A case's row (its clock at `now`)
/// is made only when it is read, so a frame costs the rows it draws, not every open case.
/// Overdue cases lead the order (deadlines ascend within it), so they are counted by a
/// binary search, and any part of the list counts its own overdue by where it starts.
#[derive(Debug, Clone)]
pub struct Listing<'a> {
    cases: Cases<'a>,
    targets: &'a Targets,
    now: DateTime<Utc>,
    overdue: usize,
}

#[derive(Debug, Clone)]
enum Cases<'a> {
    /// The model's open cases as they are (kept in board order by [`order`]).
    All(&'a [Case]),
    /// A choice of them (grid, search) in the same order, or the closed list.
    Chosen(Vec<&'a Case>),
}

impl<'a> Listing<'a> {
    /// Every open case of the model.
    pub fn open(model: &'a Model, now: DateTime<Utc>) -> Listing<'a> {
        let cases = &model.snapshot.open;
        debug_assert!(
            cases.is_sorted_by(|a, b| before(
                a,
                &model.targets.clock(a),
                b,
                &model.targets.clock(b)
            )
            .is_le()),
            "open cases are kept in board order (board::order on every snapshot)"
        );
        Listing::new(Cases::All(cases), &model.targets, now)
    }

    fn new(cases: Cases<'a>, targets: &'a Targets, now: DateTime<Utc>) -> Listing<'a> {
        let late = |c: &Case| {
            let clock = targets.clock(c);
            key(c, &clock).0 == 0 && clock.deadline().is_some_and(|d| now >= d)
        };
        let overdue = match &cases {
            Cases::All(all) => all.partition_point(late),
            Cases::Chosen(some) => some.partition_point(|c| late(c)),
        };
        Listing {
            cases,
            targets,
            now,
            overdue,
        }
    }

    pub fn len(&self) -> usize {
        match &self.cases {
            Cases::All(all) => all.len(),
            Cases::Chosen(some) => some.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn case(&self, i: usize) -> Option<&'a Case> {
        match &self.cases {
            Cases::All(all) => all.get(i),
            Cases::Chosen(some) => some.get(i).copied(),
        }
    }

    pub fn row(&self, i: usize) -> Option<Row<'a>> {
        self.case(i).map(|c| row(c, self.targets, self.now))
    }

    /// The rows from `from` up to (not including) `to`.
    pub fn rows(&self, from: usize, to: usize) -> impl Iterator<Item = Row<'a>> + '_ {
        (from..to.min(self.len())).filter_map(|i| self.row(i))
    }

    /// How many are overdue.
    pub fn overdue(&self) -> usize {
        self.overdue
    }

    /// How many of the rows from `from` up to `to` are overdue.
    pub fn overdue_within(&self, from: usize, to: usize) -> usize {
        self.overdue.min(to).saturating_sub(from)
    }

    /// Where the case numbered `number` is.
    pub fn position(&self, number: &str) -> Option<usize> {
        (0..self.len()).find(|&i| self.case(i).is_some_and(|c| c.number == number))
    }

    /// The first instant after `now` a case turns overdue: the first deadline not yet passed.
    pub fn next_overdue(&self) -> Option<DateTime<Utc>> {
        self.row(self.overdue).and_then(|r| r.clock.deadline())
    }

    /// Open and overdue cases of each grid, indexed by grid number.
    pub fn by_grid(&self) -> Vec<(usize, usize)> {
        let mut counts = Vec::new();
        for i in 0..self.len() {
            let Some(case) = self.case(i) else { continue };
            let grid = usize::from(case.grid);
            if counts.len() <= grid {
                counts.resize(grid + 1, (0, 0));
            }
            counts[grid].0 += 1;
            counts[grid].1 += usize::from(i < self.overdue);
        }
        counts
    }

    /// Every row, made now: for the keys, which walk the list, not for a frame.
    pub fn all(&self) -> Vec<Row<'a>> {
        self.rows(0, self.len()).collect()
    }
}

/// The rows the board shows now: the list chosen (open, or closed in the last day), the grid
/// filter and the search applied. Closed cases are most recently closed first.
pub fn shown<'a>(model: &'a Model, now: DateTime<Utc>) -> Vec<Row<'a>> {
    listed(model, now).all()
}

/// `shown`, its rows made only when read.
pub fn listed(model: &Model, now: DateTime<Utc>) -> Listing<'_> {
    shown_from(model, &Listing::open(model, now))
}

/// `shown`, given every open case (render reads them once a frame for the map and the board).
pub fn shown_from<'a>(model: &'a Model, open: &Listing<'a>) -> Listing<'a> {
    let needle = model.search.text().trim().to_lowercase();
    // Nothing chosen away: the open cases as they are, not a copy of them.
    if model.list == List::Open && model.grid.is_none() && needle.is_empty() {
        return open.clone();
    }
    // The words on the row (its category in either language) as well as the case's own text.
    let found = |c: &Case| {
        let names = model.catalog.kind(&c.category).map(|k| &k.names);
        needle.is_empty()
            || [
                Some(c.number.as_str()),
                Some(c.place.as_str()),
                Some(c.summary.as_str()),
                c.responder.as_deref(),
                Some(c.category.as_str()),
                names.map(|n| n.en.as_str()),
                names.map(|n| n.zh.as_str()),
            ]
            .into_iter()
            .flatten()
            .any(|text| text.to_lowercase().contains(&needle))
    };
    let chosen = |c: &Case| model.grid.is_none_or(|g| c.grid == g) && found(c);
    let cases = match model.list {
        List::Open => (0..open.len())
            .filter_map(|i| open.case(i))
            .filter(|c| chosen(c))
            .collect(),
        List::Closed => {
            let mut closed: Vec<&Case> = model
                .snapshot
                .recent
                .iter()
                .filter(|c| !c.is_open() && chosen(c))
                .collect();
            closed.sort_by_key(|c| std::cmp::Reverse(c.closed_at()));
            closed
        }
    };
    Listing::new(Cases::Chosen(cases), &model.targets, open.now)
}

/// Where the selection is among `rows`: its case if still shown, else the row where it was
/// (its case left the board), kept within the rows.
pub fn selected_index(model: &Model, rows: &Listing) -> Option<usize> {
    if rows.is_empty() {
        return None;
    }
    let by_number = model.selected.as_deref().and_then(|n| rows.position(n));
    Some(by_number.unwrap_or(model.selected_row.min(rows.len() - 1)))
}

/// The case under the board's selection.
pub fn selected(model: &Model, now: DateTime<Utc>) -> Option<&Case> {
    let rows = listed(model, now);
    selected_index(model, &rows).and_then(|i| rows.case(i))
}

/// Moves the selection: `to(current, count)` gives the new row, kept within the rows.
pub fn select_by(model: &mut Model, now: DateTime<Utc>, to: impl FnOnce(usize, usize) -> usize) {
    let rows = listed(model, now);
    let Some(current) = selected_index(model, &rows) else {
        return;
    };
    let i = to(current, rows.len()).min(rows.len() - 1);
    let Some(number) = rows.case(i).map(|c| c.number.clone()) else {
        return;
    };
    model.selected = Some(number);
    model.selected_row = i;
}

/// Selects the top row: a new filter or list starts there.
pub fn select_top(model: &mut Model, now: DateTime<Utc>) {
    model.selected = None;
    model.selected_row = 0;
    settle_selection(model, now);
}

/// After the cases changed: the selection stays on its case, or where it was if its case
/// left the board.
pub fn settle_selection(model: &mut Model, now: DateTime<Utc>) {
    select_by(model, now, |i, _| i);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::fixtures::{rules, streetlight, t0};
    use crate::domain::{Action, ArrivalHow, Tier, lifecycle};
    use chrono::Duration;

    fn case(n: &str, grid: u8, minutes_ago: i64, now: DateTime<Utc>) -> Case {
        streetlight(n, grid, now - Duration::minutes(minutes_ago))
    }

    #[test]
    fn overdue_first_by_how_long_then_least_time_left_then_tracked() {
        let now = t0();
        let mut big = case("big", 1, 60, now);
        for action in [
            Action::Dispatch {
                responder: "x".into(),
                note: None,
            },
            Action::Arrive {
                how: ArrivalHow::Seen,
            },
            Action::SetTier { tier: Tier::Big },
        ] {
            big = lifecycle::apply(&big, &action, now, now, &rules())
                .expect("step")
                .0;
        }
        let cases = vec![
            case("fresh", 1, 1, now),
            big,
            case("late20", 2, 20, now),
            case("late40", 3, 40, now),
            case("warn", 4, 12, now),
        ];
        let order: Vec<&str> = rows(&cases, &Targets::default(), now, None)
            .iter()
            .map(|r| r.case.number.as_str())
            .collect();
        assert_eq!(order, ["late40", "late20", "warn", "fresh", "big"]);
        let stages: Vec<Stage> = rows(&cases, &Targets::default(), now, None)
            .iter()
            .map(|r| r.stage)
            .collect();
        assert_eq!(
            stages,
            [
                Stage::Overdue,
                Stage::Overdue,
                Stage::Warning,
                Stage::Calm,
                Stage::Calm
            ]
        );
    }

    #[test]
    fn a_grid_filter_keeps_that_grid_only() {
        let now = t0();
        let cases = vec![
            case("a", 1, 1, now),
            case("b", 2, 2, now),
            case("c", 2, 3, now),
        ];
        let shown: Vec<&str> = rows(&cases, &Targets::default(), now, Some(2))
            .iter()
            .map(|r| r.case.number.as_str())
            .collect();
        assert_eq!(shown, ["c", "b"]);
    }
}
