//! `dutydesk stats` as text: the article's figures, then the breakdowns, a histogram of
//! arrival minutes with the target marked, each day's share within target, the slowest.

use chrono::NaiveDate;
use unicode_width::UnicodeWidthStr;

use crate::domain::Figures;
use crate::domain::breakdown::{Breakdown, Group};
use crate::present::{View, table};

pub fn figures(view: &View, from: NaiveDate, to: NaiveDate, f: &Figures) -> String {
    let s = &view.t.stats;
    let minutes = |m: Option<f64>| m.map_or_else(|| "-".into(), |m| format!("{m:.1}"));
    let period = if from == to {
        from.to_string()
    } else {
        format!("{from} – {to}")
    };
    let rows: Vec<(&str, String)> = vec![
        (s.period, period),
        (s.collected, f.collected.to_string()),
        (s.reports, f.reports.to_string()),
        (s.resident_reported, f.resident_reported.to_string()),
        (s.handled_by_community, f.handled_by_community.to_string()),
        (s.called_up, f.called_up.to_string()),
        (s.open, f.open.to_string()),
        (s.resolved, f.resolved.to_string()),
        (s.resolved_same_day, f.resolved_same_day.to_string()),
        (s.arrived, f.arrived.to_string()),
        (
            s.arrived_within_target,
            format!(
                "{} ({})",
                f.arrived_within_target,
                share(f.arrived_within_target, f.arrived)
            ),
        ),
        (s.arrival_not_recorded, f.arrival_not_recorded.to_string()),
        (s.median_arrival, minutes(f.median_arrival_minutes)),
        (s.p90_arrival, minutes(f.p90_arrival_minutes)),
        (s.cancelled, f.cancelled.to_string()),
        (s.reporter_told, f.reporter_told.to_string()),
        (s.satisfied, f.satisfied.to_string()),
        (s.unsatisfied, f.unsatisfied.to_string()),
    ];
    let width = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0);
    rows.iter()
        .map(|(l, v)| format!("{}  {v}\n", crate::text::pad(l, width)))
        .collect()
}

fn share(within: usize, of: usize) -> String {
    if of == 0 {
        "-".into()
    } else {
        format!("{:.0}%", within as f64 * 100.0 / of as f64)
    }
}

/// A group's key in words: a grid's name, a category's, a channel's, a tier's, a body's.
fn named(view: &View, which: usize, key: &str) -> String {
    let t = view.t;
    match which {
        0 => key
            .parse()
            .map_or_else(|_| key.to_string(), |g| view.grid(g)),
        1 => view.category(key),
        2 => key
            .parse::<crate::domain::Channel>()
            .map_or_else(|_| key.to_string(), |c| t.channel[c as usize].to_string()),
        3 => key
            .parse::<crate::domain::Tier>()
            .map_or_else(|_| key.to_string(), |c| t.tier[c as usize].to_string()),
        5 => view.body(key),
        _ => key.to_string(),
    }
}

fn group_table(view: &View, which: usize, groups: &[Group]) -> String {
    let s = &view.t.stats;
    let mut headers = s.group_headers;
    headers[0] = s.by[which];
    let rows = groups
        .iter()
        .map(|g| {
            vec![
                named(view, which, &g.key),
                g.collected.to_string(),
                g.arrived.to_string(),
                g.within_target.to_string(),
                share(g.within_target, g.arrived),
            ]
        })
        .collect();
    table(&headers, rows)
}

/// A bar of `n` of `most`, `width` cells at most.
fn bar(n: usize, most: usize, width: usize) -> String {
    let cells = if most == 0 {
        0
    } else {
        (n * width).div_ceil(most)
    };
    "█".repeat(cells)
}

pub fn breakdown(view: &View, b: &Breakdown) -> String {
    let s = &view.t.stats;
    let mut out = String::new();
    let groups = [
        &b.by_grid,
        &b.by_category,
        &b.by_channel,
        &b.by_tier,
        &b.by_responder,
        &b.called_up_to,
    ];
    for (which, groups) in groups.iter().enumerate() {
        if groups.is_empty() {
            continue;
        }
        out.push('\n');
        out.push_str(&group_table(view, which, groups));
    }
    if !b.arrival_minutes.is_empty() {
        let target = u32::try_from(view.targets.arrival.num_minutes()).unwrap_or(15);
        let most = b.arrival_minutes.iter().map(|m| m.1).max().unwrap_or(0);
        out.push_str(&format!(
            "\n{}\n",
            s.arrival_minutes.replace("{target}", &target.to_string())
        ));
        for (minute, n) in &b.arrival_minutes {
            let mark = if *minute < target { ' ' } else { '|' };
            let label = if *minute >= 60 {
                "60+".to_string()
            } else {
                minute.to_string()
            };
            out.push_str(&format!("{label:>4} {mark} {} {n}\n", bar(*n, most, 40)));
        }
    }
    if !b.days.is_empty() {
        out.push_str(&format!("\n{}\n", s.days));
        for d in &b.days {
            let pct = d.share().map_or(0, |x| (x * 100.0).round() as usize);
            out.push_str(&format!(
                "{} {:>5} {}\n",
                d.day,
                share(d.within_target, d.arrived),
                bar(pct, 100, 20)
            ));
        }
    }
    if !b.slowest.is_empty() {
        out.push_str(&format!("\n{}\n", s.slowest));
        for (number, secs) in &b.slowest {
            out.push_str(&format!("{number}  {:.1}\n", *secs as f64 / 60.0));
        }
    }
    out
}
