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
    // By the deadline itself, not the seconds left: the order then never changes as time
    // passes, only when the cases do. Cases with no community deadline follow: those tracked
    // above the community, then imported history with no arrival recorded.
    rows.sort_by(|a, b| {
        let key = |r: &Row| {
            let rank = match r.clock {
                Clock::Unrecorded => 2,
                _ if r.clock.deadline().is_none() => 1,
                _ => 0,
            };
            (rank, r.clock.deadline(), r.case.reported_at)
        };
        key(a)
            .cmp(&key(b))
            .then_with(|| a.case.number.cmp(&b.case.number))
    });
    rows
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

/// The rows the board shows now: the list chosen (open, or closed in the last day), the grid
/// filter and the search applied. Closed cases are most recently closed first.
pub fn shown<'a>(model: &'a Model, now: DateTime<Utc>) -> Vec<Row<'a>> {
    let open = match model.list {
        List::Open => rows(&model.snapshot.open, &model.targets, now, None),
        List::Closed => Vec::new(),
    };
    shown_from(model, &open)
}

/// `shown`, given every open case's row already ordered (render orders them once a frame
/// for the map and the board both).
pub fn shown_from<'a>(model: &'a Model, open: &[Row<'a>]) -> Vec<Row<'a>> {
    let needle = model.search.text().trim().to_lowercase();
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
    match model.list {
        List::Open => open
            .iter()
            .filter(|r| model.grid.is_none_or(|g| r.case.grid == g) && found(r.case))
            .cloned()
            .collect(),
        List::Closed => {
            let mut closed: Vec<&Case> = model
                .snapshot
                .recent
                .iter()
                .filter(|c| !c.is_open() && model.grid.is_none_or(|g| c.grid == g) && found(c))
                .collect();
            closed.sort_by_key(|c| std::cmp::Reverse(closed_at(c)));
            closed
                .into_iter()
                .map(|case| Row {
                    case,
                    clock: Clock::Stopped,
                    stage: Stage::Calm,
                    left: None,
                })
                .collect()
        }
    }
}

/// When a closed case was closed.
pub fn closed_at(case: &Case) -> Option<DateTime<Utc>> {
    case.resolution
        .as_ref()
        .map(|r| r.at)
        .or(case.cancellation.as_ref().map(|c| c.at))
}

/// Where the selection is among `rows`: its case if still shown, else the row where it was
/// (its case left the board), kept within the rows.
pub fn selected_index(model: &Model, rows: &[Row]) -> Option<usize> {
    if rows.is_empty() {
        return None;
    }
    let by_number = model
        .selected
        .as_deref()
        .and_then(|n| rows.iter().position(|r| r.case.number == n));
    Some(by_number.unwrap_or(model.selected_row.min(rows.len() - 1)))
}

/// The case under the board's selection.
pub fn selected(model: &Model, now: DateTime<Utc>) -> Option<&Case> {
    let rows = shown(model, now);
    selected_index(model, &rows).map(|i| rows[i].case)
}

/// Moves the selection: `to(current, count)` gives the new row, kept within the rows.
pub fn select_by(model: &mut Model, now: DateTime<Utc>, to: impl FnOnce(usize, usize) -> usize) {
    let rows = shown(model, now);
    let Some(current) = selected_index(model, &rows) else {
        return;
    };
    let i = to(current, rows.len()).min(rows.len() - 1);
    let number = rows[i].case.number.clone();
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
