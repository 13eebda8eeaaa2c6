//! The suggestion of whom to send, in words: each candidate's reasons ("same grid · median
//! 5 min over 23 arrivals here · free") and the shortfall line. One place for the command
//! line and the dispatch form.

use chrono::{DateTime, Utc};

use crate::domain::recommend::{Basis, Candidate};
use crate::i18n::{Lang, texts};

fn minutes(m: f64) -> String {
    let rounded = (m * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0}")
    } else {
        format!("{rounded:.1}")
    }
}

/// Expected minutes, as the form and the command line show them.
pub fn expected(c: &Candidate, lang: Lang) -> String {
    texts(lang)
        .suggest
        .expected
        .replace("{minutes}", &minutes(c.minutes()))
}

/// The reasons of one candidate, joined by ` · `; times in `zone`.
pub fn reasons(c: &Candidate, lang: Lang, zone: chrono_tz::Tz, now: DateTime<Utc>) -> String {
    let w = &texts(lang).suggest;
    let mut parts = Vec::new();
    match (c.same_grid, c.home, c.basis.hops()) {
        (true, _, _) => parts.push(w.same_grid.to_string()),
        (false, None, _) => parts.push(w.roving.to_string()),
        (false, Some(_), Some(1)) => parts.push(w.grid_away.to_string()),
        (false, Some(_), Some(n)) if n > 1 => {
            parts.push(w.grids_away.replace("{n}", &n.to_string()));
        }
        _ => {}
    }
    let fill = |t: &str, m: f64, n: usize| {
        t.replace("{minutes}", &minutes(m))
            .replace("{n}", &n.to_string())
    };
    parts.push(match c.basis {
        Basis::OwnHere { median, arrivals } => fill(w.median_here, median, arrivals),
        Basis::OwnAnywhere {
            median, arrivals, ..
        } => fill(w.median_anywhere, median, arrivals),
        Basis::Grid {
            median, arrivals, ..
        } => fill(w.grid_median, median, arrivals),
        Basis::Assumed { .. } => w.assumed.to_string(),
    });
    parts.push(match &c.busy_with {
        None => w.free.to_string(),
        Some(case) => w.busy.replace("{case}", case),
    });
    if let Some(at) = c.last_sent {
        let local = at.with_timezone(&zone);
        let shown = if (now - at).num_hours() < 20 {
            local.format("%H:%M").to_string()
        } else {
            local.format("%m-%d %H:%M").to_string()
        };
        parts.push(w.last_sent.replace("{time}", &shown));
    }
    if c.sent_today > 0 {
        parts.push(w.sent_today.replace("{n}", &c.sent_today.to_string()));
    }
    parts.join(" · ")
}

/// The shortfall line: nobody free expected within the minutes left, or no time left at all
/// (under a minute, or past the target).
pub fn shortfall(minutes_left: i64, lang: Lang) -> String {
    let w = &texts(lang).suggest;
    if minutes_left < 1 {
        return w.no_time_left.to_string();
    }
    w.shortfall.replace("{minutes}", &minutes_left.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A median learnt elsewhere is said as it is, the walk on top as the grids crossed: the
    /// 7 expected minutes are 3 of his own and a grid's walk.
    #[test]
    fn each_reason_says_what_the_estimate_stands_on() {
        let now = chrono::Utc::now();
        let c = Candidate {
            name: "王建华".into(),
            basis: Basis::OwnAnywhere {
                median: 3.0,
                arrivals: 5,
                hops: 1,
            },
            busy_with: None,
            home: Some(4),
            same_grid: false,
            last_sent: None,
            sent_today: 0,
        };
        assert_eq!(expected(&c, Lang::En), "7 min");
        assert_eq!(
            reasons(&c, Lang::En, chrono_tz::Asia::Shanghai, now),
            "next grid · median 3 min over 5 arrivals elsewhere · free"
        );
        let roving = Candidate {
            home: None,
            basis: Basis::Grid {
                median: 6.5,
                arrivals: 12,
                hops: 1,
            },
            busy_with: Some("20261207-004".into()),
            ..c
        };
        assert_eq!(expected(&roving, Lang::En), "10.5 min");
        assert_eq!(
            shortfall(0, Lang::En),
            "no time left to the target: call up, or send the patrol team"
        );
        assert_eq!(
            reasons(&roving, Lang::En, chrono_tz::Asia::Shanghai, now),
            "covers every grid · the grid's median 6.5 min over 12 arrivals · busy: on 20261207-004"
        );
    }
}
