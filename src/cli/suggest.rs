//! `dutydesk suggest CASE`: whom to send, as the dispatch form lists them.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::failure::Failure;
use super::out;
use crate::desk::Desk;
use crate::desk::suggest::Suggestion;
use crate::domain::recommend::Basis;
use crate::i18n::{Lang, texts};
use crate::reasons::{expected, reasons, shortfall};
use crate::text::{pad, visible};

/// Free people listed before the rest are left to `--all`.
const FIRST: usize = 5;

pub(super) fn print(
    desk: &Desk,
    s: &Suggestion,
    (json, all): (bool, bool),
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let zone = desk.config.time_zone.0;
    let r = &s.recommendation;
    let left = (s.deadline - now).num_seconds().max(0) / 60;
    if json {
        let candidates: Vec<_> = r
            .candidates
            .iter()
            .map(|c| {
                let (basis, arrivals) = match c.basis {
                    Basis::OwnHere { arrivals, .. } => ("own_here", Some(arrivals)),
                    Basis::OwnAnywhere { arrivals, .. } => ("own_anywhere", Some(arrivals)),
                    Basis::Grid { arrivals, .. } => ("grid", Some(arrivals)),
                    Basis::Assumed { .. } => ("assumed", None),
                };
                let hops = c.basis.hops();
                json!({
                    "name": c.name,
                    "expected_minutes": (c.minutes() * 10.0).round() / 10.0,
                    "basis": basis,
                    "arrivals": arrivals,
                    "grids_away": hops,
                    "free": c.free(),
                    "busy_with": c.busy_with,
                    "same_grid": c.same_grid,
                    "last_sent": c.last_sent,
                    "sent_today": c.sent_today,
                    "reasons": reasons(c, lang, zone, now),
                })
            })
            .collect();
        return out::json(
            &json!({
                "case": s.case.number,
                "grid": s.case.grid,
                "deadline": s.deadline,
                "minutes_left": left,
                "candidates": candidates,
                "shortfall": r.shortfall.map(|m| shortfall(m, lang)),
            }),
            zone,
        );
    }
    let w = &texts(lang).suggest;
    let mut text = w
        .title
        .replace("{case}", &s.case.number)
        .replace("{minutes}", &left.to_string());
    text.push('\n');
    if r.candidates.is_empty() {
        text.push_str(w.none_on_duty);
        text.push('\n');
    } else {
        let width = r
            .candidates
            .iter()
            .map(|c| unicode_width::UnicodeWidthStr::width(&*visible(&c.name)))
            .max()
            .unwrap_or(0)
            .max(unicode_width::UnicodeWidthStr::width(w.headers[0]));
        text.push_str(&format!(
            "{}  {}  {}\n",
            pad(w.headers[0], width),
            pad(w.headers[1], 9),
            w.headers[2]
        ));
        // The first five free, then everyone busy (marked), unless all are asked for.
        let mut free_shown = 0;
        let mut hidden = 0;
        for c in &r.candidates {
            if c.free() && !all {
                free_shown += 1;
                if free_shown > FIRST {
                    hidden += 1;
                    continue;
                }
            }
            text.push_str(&format!(
                "{}  {}  {}\n",
                pad(&visible(&c.name), width),
                pad(&expected(c, lang), 9),
                reasons(c, lang, zone, now)
            ));
        }
        if hidden > 0 {
            text.push_str(&w.more.replace("{n}", &hidden.to_string()));
            text.push('\n');
        }
    }
    if let Some(m) = r.shortfall {
        text.push_str(&format!("!! {}\n", shortfall(m, lang)));
    }
    Ok(out::print(&text)?)
}
