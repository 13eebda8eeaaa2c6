//! What the sub-district's desk shows, in words: one row per community and one per open
//! call-up, for its board and for `dutydesk calls`. No reporter's name or phone is ever
//! read for it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::domain::State;
use crate::i18n::Lang;
use crate::present::View;
use crate::store::{CallUpRow, CommunityRow, Overview};

fn minutes_since(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Option<i64> {
    at.map(|t| (now - t).num_minutes().max(0))
}

/// The community's name in the UI language.
pub fn name(row: &CommunityRow, lang: Lang) -> &str {
    match lang {
        Lang::Zh => &row.name_zh,
        Lang::En => &row.name_en,
    }
}

pub fn community_cells(view: &View<'_>, row: &CommunityRow, now: DateTime<Utc>) -> Vec<String> {
    let s = &view.t.sub_district;
    let last = match minutes_since(row.last_event(), now) {
        Some(m) => s.ago.replace("{minutes}", &m.to_string()),
        None => s.never.to_string(),
    };
    vec![
        format!("{} ({})", name(row, view.lang), row.code),
        row.open.to_string(),
        row.overdue.to_string(),
        format!("{} / {}", row.on_time_today, row.arrived_today),
        row.open_call_ups.to_string(),
        last,
    ]
}

/// Whether the body has taken it, or how long it has waited.
pub fn taken(view: &View<'_>, row: &CallUpRow, now: DateTime<Utc>) -> String {
    let s = &view.t.sub_district;
    match row.received_at() {
        Some(at) => format!("{} {}", s.received, view.short_time(at)),
        None => {
            let waited = row.called_up_at().map_or(0, |at| (now - at).num_seconds());
            format!("{} {}", s.waiting, crate::text::elapsed(waited, view.lang))
        }
    }
}

pub fn call_up_cells(view: &View<'_>, row: &CallUpRow, now: DateTime<Utc>) -> Vec<String> {
    let s = &view.t.sub_district;
    let called = match (row.called_up_at(), minutes_since(row.called_up_at(), now)) {
        (Some(at), Some(m)) => format!(
            "{} · {}",
            view.short_time(at),
            s.ago.replace("{minutes}", &m.to_string())
        ),
        _ => "-".into(),
    };
    let state = row
        .state
        .parse::<State>()
        .map_or_else(|_| row.state.clone(), |st| view.t.state[st as usize].into());
    let arrival = match row.arrival_met {
        Some(true) => view.t.met,
        Some(false) => view.t.missed,
        None => "-",
    };
    vec![
        row.qualified(),
        view.category(&row.category),
        crate::present::place_reported(&row.place, row.reports).into_owned(),
        view.body(&row.body),
        called,
        taken(view, row, now),
        state,
        row.responder.clone().unwrap_or_else(|| "-".into()),
        arrival.to_string(),
    ]
}

/// `dutydesk calls`: both tables.
pub fn text(view: &View<'_>, overview: &Overview, now: DateTime<Utc>) -> String {
    let s = &view.t.sub_district;
    let mut out = format!("{}\n", s.communities);
    if overview.communities.is_empty() {
        out.push_str(s.no_communities);
        out.push('\n');
    } else {
        let rows = overview
            .communities
            .iter()
            .map(|r| community_cells(view, r, now))
            .collect();
        out.push_str(&crate::present::table(&s.community_headers, rows));
    }
    out.push_str(&format!("\n{}\n", s.call_ups));
    if overview.call_ups.is_empty() {
        out.push_str(s.no_call_ups);
        out.push('\n');
    } else {
        let rows = overview
            .call_ups
            .iter()
            .map(|r| call_up_cells(view, r, now))
            .collect();
        out.push_str(&crate::present::table(&s.call_up_headers, rows));
    }
    out
}

#[derive(Serialize)]
pub struct CommunityJson<'a> {
    pub code: &'a str,
    pub name: &'a str,
    pub open: i64,
    pub overdue: i64,
    pub arrived_today: i64,
    pub on_time_today: i64,
    pub open_call_ups: i64,
    pub last_event_at: Option<DateTime<Utc>>,
}

#[derive(Serialize)]
pub struct CallUpJson<'a> {
    pub community: &'a str,
    pub number: &'a str,
    pub case: String,
    pub grid: i64,
    pub category: &'a str,
    pub place: &'a str,
    pub tier: &'a str,
    pub state: &'a str,
    pub body: &'a str,
    pub called_up_at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub responder: Option<&'a str>,
    pub arrival_met: Option<bool>,
}

#[derive(Serialize)]
pub struct OverviewJson<'a> {
    pub communities: Vec<CommunityJson<'a>>,
    pub call_ups: Vec<CallUpJson<'a>>,
}

pub fn json(overview: &Overview, lang: Lang) -> OverviewJson<'_> {
    OverviewJson {
        communities: overview
            .communities
            .iter()
            .map(|r| CommunityJson {
                code: &r.code,
                name: name(r, lang),
                open: r.open,
                overdue: r.overdue,
                arrived_today: r.arrived_today,
                on_time_today: r.on_time_today,
                open_call_ups: r.open_call_ups,
                last_event_at: r.last_event(),
            })
            .collect(),
        call_ups: overview
            .call_ups
            .iter()
            .map(|r| CallUpJson {
                community: &r.community,
                number: &r.number,
                case: r.qualified(),
                grid: r.grid,
                category: &r.category,
                place: &r.place,
                tier: &r.tier,
                state: &r.state,
                body: &r.body,
                called_up_at: r.called_up_at(),
                received_at: r.received_at(),
                responder: r.responder.as_deref(),
                arrival_met: r.arrival_met,
            })
            .collect(),
    }
}
