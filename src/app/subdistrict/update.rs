//! The sub-district's board as a model: what it read last, which call-up is selected, what
//! it has said. `update` is pure (no IO, `now` passed in); what it asks for comes back as
//! effects for the loop to run.

use std::collections::HashSet;

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use crate::desk::CaseHistory;
use crate::domain::{Alert, AlertKind};
use crate::i18n::{Lang, texts};
use crate::store::postgres::{CallUpRow, Overview};

pub struct Model {
    pub lang: Lang,
    pub overview: Overview,
    pub loaded: bool,
    /// The selected call-up, by its qualified case number.
    pub selected: Option<String>,
    /// A passing message, and when it was said.
    pub status: Option<(String, DateTime<Utc>)>,
    /// The newest alert said, kept on the banner until the call-up is taken or closed.
    pub banner: Option<(String, String)>,
    pub trouble: Option<String>,
    pub unreachable: bool,
    pub quit: bool,
    /// How long a call-up may wait to be taken.
    pub receive_within: Duration,
    /// Alert keys already asked for (claimed or lost to another desk), never asked again.
    asked: HashSet<String>,
    pub last_reload: Option<DateTime<Utc>>,
    /// The keys and the columns explained, over the board (`?`).
    pub help: bool,
    /// A call-up's case whole (Enter): what the community recorded, kept live.
    pub detail: Option<Detail>,
}

pub struct Detail {
    /// The qualified number, `community/number`.
    pub number: String,
    /// `None` until read.
    pub history: Option<Box<CaseHistory>>,
    pub scroll: u16,
}

pub enum Msg {
    Key(KeyEvent),
    Tick,
    Loaded(Overview),
    LoadFailed(String),
    Unreachable,
    Changed,
    Received(Result<String, String>),
    DetailLoaded {
        number: String,
        result: Result<Box<CaseHistory>, String>,
    },
    /// Alerts this desk won the claim for (to send), or lost.
    Claimed(Vec<Alert>),
    Shutdown,
}

#[derive(Debug, PartialEq)]
pub enum Effect {
    Reload,
    Receive(String),
    /// Read a case, its timeline and shifts for the detail.
    LoadDetail(String),
    Claim(Vec<Alert>),
    /// Send this alert: its words, and whether it is the critical kind.
    Notify {
        alert: Alert,
        text: String,
    },
}

/// Seconds a status line stays.
const STATUS_FOR: i64 = 8;
/// Seconds between reloads while reads fail.
const RETRY: i64 = 5;

impl Model {
    pub fn new(lang: Lang, receive_within: Duration) -> Model {
        Model {
            lang,
            overview: Overview::default(),
            loaded: false,
            selected: None,
            status: None,
            banner: None,
            trouble: None,
            unreachable: false,
            quit: false,
            receive_within,
            asked: HashSet::new(),
            last_reload: None,
            help: false,
            detail: None,
        }
    }

    pub fn selected_index(&self) -> Option<usize> {
        let selected = self.selected.as_ref()?;
        self.overview
            .call_ups
            .iter()
            .position(|c| &c.qualified() == selected)
    }

    fn say(&mut self, text: String, now: DateTime<Utc>) {
        self.status = Some((text, now));
    }
}

/// The alerts the call-ups call for at `now`: each new one once, and each one left waiting
/// past the limit once.
pub fn due(model: &Model, now: DateTime<Utc>) -> Vec<Alert> {
    let mut alerts = Vec::new();
    for row in &model.overview.call_ups {
        let Some(at) = row.called_up_at() else {
            continue;
        };
        let alert = |kind, due| Alert {
            number: row.qualified(),
            kind,
            seq: 0,
            due,
            deadline: at + model.receive_within,
        };
        alerts.push(alert(AlertKind::CallUpNew, at));
        let late = at + model.receive_within;
        if row.received_ms.is_none() && now >= late {
            alerts.push(alert(AlertKind::CallUpWaiting, late));
        }
    }
    alerts.retain(|a| !model.asked.contains(&a.key()));
    alerts
}

fn words(model: &Model, alert: &Alert, row: Option<&CallUpRow>, now: DateTime<Utc>) -> String {
    let s = &texts(model.lang).sub_district;
    let template = match alert.kind {
        AlertKind::CallUpWaiting => s.not_received,
        _ => s.new_call_up,
    };
    let minutes = row
        .and_then(CallUpRow::called_up_at)
        .map_or(0, |at| (now - at).num_minutes().max(0));
    let body = row.map_or("", |r| r.body.as_str());
    let community = row.map_or("", |r| r.community.as_str());
    template
        .replace("{community}", community)
        .replace("{case}", &alert.number)
        .replace("{body}", body)
        .replace("{minutes}", &minutes.to_string())
}

pub fn update(model: &mut Model, msg: Msg, now: DateTime<Utc>) -> Vec<Effect> {
    let mut effects = Vec::new();
    match msg {
        Msg::Tick => {
            if model
                .status
                .as_ref()
                .is_some_and(|(_, at)| now - *at >= Duration::seconds(STATUS_FOR))
            {
                model.status = None;
            }
            let retry = model
                .last_reload
                .is_none_or(|t| now - t >= Duration::seconds(RETRY));
            if (model.trouble.is_some() || model.unreachable) && retry {
                model.last_reload = Some(now);
                effects.push(Effect::Reload);
            }
            claim(model, now, &mut effects);
        }
        Msg::Changed => {
            model.last_reload = Some(now);
            effects.push(Effect::Reload);
            if let Some(detail) = &model.detail {
                effects.push(Effect::LoadDetail(detail.number.clone()));
            }
        }
        Msg::DetailLoaded { number, result } => match (model.detail.as_mut(), result) {
            (Some(detail), Ok(history)) if detail.number == number => {
                detail.history = Some(history);
            }
            (Some(detail), Err(why)) if detail.number == number => model.say(why, now),
            _ => {}
        },
        Msg::Loaded(overview) => {
            model.overview = overview;
            model.loaded = true;
            model.trouble = None;
            model.unreachable = false;
            settle(model);
            claim(model, now, &mut effects);
        }
        Msg::LoadFailed(why) => model.trouble = Some(why),
        Msg::Unreachable => model.unreachable = true,
        Msg::Received(Ok(case)) => {
            let s = &texts(model.lang).sub_district;
            model.say(s.received_done.replace("{case}", &case), now);
            effects.push(Effect::Reload);
            if model.detail.as_ref().is_some_and(|d| d.number == case) {
                effects.push(Effect::LoadDetail(case));
            }
        }
        Msg::Received(Err(why)) => model.say(why, now),
        Msg::Claimed(won) => {
            for alert in won {
                let row = model
                    .overview
                    .call_ups
                    .iter()
                    .find(|r| r.qualified() == alert.number);
                let text = words(model, &alert, row, now);
                model.banner = Some((alert.number.clone(), text.clone()));
                effects.push(Effect::Notify { alert, text });
            }
        }
        Msg::Key(key) => keys(model, key, now, &mut effects),
        Msg::Shutdown => model.quit = true,
    }
    effects
}

fn claim(model: &mut Model, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    if !model.loaded {
        return;
    }
    let due = due(model, now);
    if due.is_empty() {
        return;
    }
    model.asked.extend(due.iter().map(Alert::key));
    effects.push(Effect::Claim(due));
}

/// After a reload: the selection stays on its case if still there, else the first; the
/// banner goes once its call-up is taken or closed.
fn settle(model: &mut Model) {
    if model.selected_index().is_none() {
        model.selected = model.overview.call_ups.first().map(CallUpRow::qualified);
    }
    let still_waiting = |number: &str| {
        model
            .overview
            .call_ups
            .iter()
            .any(|r| r.qualified() == number && r.received_ms.is_none())
    };
    if model
        .banner
        .as_ref()
        .is_some_and(|(number, _)| !still_waiting(number))
    {
        model.banner = None;
    }
}

fn keys(model: &mut Model, key: KeyEvent, now: DateTime<Utc>, effects: &mut Vec<Effect>) {
    if key.kind == KeyEventKind::Release {
        return;
    }
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        model.quit = true;
        return;
    }
    if model.help {
        if matches!(key.code, KeyCode::Char('?' | 'q') | KeyCode::Esc) {
            model.help = false;
        }
        return;
    }
    if let Some(detail) = model.detail.as_mut() {
        match key.code {
            KeyCode::Esc | KeyCode::Enter | KeyCode::Char('q') => model.detail = None,
            KeyCode::Down | KeyCode::Char('j') => detail.scroll = detail.scroll.saturating_add(1),
            KeyCode::Up | KeyCode::Char('k') => detail.scroll = detail.scroll.saturating_sub(1),
            KeyCode::Char('r') => effects.push(Effect::Receive(detail.number.clone())),
            _ => {}
        }
        return;
    }
    let count = model.overview.call_ups.len();
    let index = model.selected_index();
    let select = |model: &mut Model, i: usize| {
        model.selected = model.overview.call_ups.get(i).map(CallUpRow::qualified);
    };
    match key.code {
        KeyCode::Char('q') | KeyCode::Esc => model.quit = true,
        KeyCode::Char('?') => model.help = true,
        KeyCode::Enter => match &model.selected {
            Some(case) if index.is_some() => {
                model.detail = Some(Detail {
                    number: case.clone(),
                    history: None,
                    scroll: 0,
                });
                effects.push(Effect::LoadDetail(case.clone()));
            }
            _ => {
                let s = &texts(model.lang).sub_district;
                model.say(s.nothing_selected.to_string(), now);
            }
        },
        KeyCode::Down | KeyCode::Char('j') if count > 0 => {
            select(model, index.map_or(0, |i| (i + 1).min(count - 1)));
        }
        KeyCode::Up | KeyCode::Char('k') if count > 0 => {
            select(model, index.map_or(0, |i| i.saturating_sub(1)));
        }
        KeyCode::Char('r') => match &model.selected {
            Some(case) if index.is_some() => effects.push(Effect::Receive(case.clone())),
            _ => {
                let s = &texts(model.lang).sub_district;
                model.say(s.nothing_selected.to_string(), now);
            }
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn call_up(number: &str, called_ms: i64, received: Option<i64>) -> CallUpRow {
        CallUpRow {
            community: "xinlian".into(),
            number: number.into(),
            grid: 3,
            category: "road".into(),
            place: "greenway".into(),
            summary: "steps".into(),
            tier: "big".into(),
            state: "on_scene".into(),
            body: "subdistrict_office".into(),
            called_up_ms: called_ms,
            received_ms: received,
            responder: None,
            reported_ms: called_ms - 60_000,
            arrival_met: None,
        }
    }

    fn at(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 29, 8, 0, 0)
            .single()
            .expect("time")
            + Duration::minutes(min)
    }

    #[test]
    fn a_new_call_up_is_claimed_once_and_a_waiting_one_after_the_limit() {
        let mut model = Model::new(Lang::En, Duration::minutes(30));
        let overview = Overview {
            communities: vec![],
            call_ups: vec![call_up("20261129-001", at(0).timestamp_millis(), None)],
        };
        let effects = update(&mut model, Msg::Loaded(overview.clone()), at(1));
        let Some(Effect::Claim(asked)) = effects.first() else {
            panic!("no claim: {effects:?}");
        };
        assert_eq!(asked.len(), 1);
        assert_eq!(asked[0].kind, AlertKind::CallUpNew);
        // Asked once: a reload or a tick does not ask again.
        assert!(update(&mut model, Msg::Loaded(overview.clone()), at(2)).is_empty());
        assert!(update(&mut model, Msg::Tick, at(29)).is_empty());
        let effects = update(&mut model, Msg::Tick, at(30));
        let Some(Effect::Claim(asked)) = effects.first() else {
            panic!("no waiting claim: {effects:?}");
        };
        assert_eq!(asked[0].kind, AlertKind::CallUpWaiting);
        assert_eq!(asked[0].key(), "xinlian/20261129-001:call_up_waiting:0");
        // Won: said on the banner and sent.
        let effects = update(&mut model, Msg::Claimed(asked.clone()), at(30));
        assert!(matches!(&effects[..], [Effect::Notify { text, .. }] if text.contains("30 min")));
        assert!(model.banner.is_some());
        // Taken: the banner goes.
        let taken = Overview {
            communities: vec![],
            call_ups: vec![call_up(
                "20261129-001",
                at(0).timestamp_millis(),
                Some(at(31).timestamp_millis()),
            )],
        };
        update(&mut model, Msg::Loaded(taken), at(31));
        assert!(model.banner.is_none());
    }

    #[test]
    fn r_receives_the_selected_call_up() {
        let mut model = Model::new(Lang::En, Duration::minutes(30));
        let overview = Overview {
            communities: vec![],
            call_ups: vec![
                call_up("20261129-001", at(0).timestamp_millis(), None),
                call_up("20261129-002", at(1).timestamp_millis(), None),
            ],
        };
        update(&mut model, Msg::Loaded(overview), at(2));
        let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
        update(&mut model, key(KeyCode::Down), at(2));
        let effects = update(&mut model, key(KeyCode::Char('r')), at(2));
        assert_eq!(
            effects,
            vec![Effect::Receive("xinlian/20261129-002".into())]
        );
    }

    #[test]
    fn enter_opens_the_case_live_and_help_and_esc_step_back_without_quitting() {
        let mut model = Model::new(Lang::En, Duration::minutes(30));
        let overview = Overview {
            communities: vec![],
            call_ups: vec![call_up("20261129-001", at(0).timestamp_millis(), None)],
        };
        update(&mut model, Msg::Loaded(overview), at(1));
        let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
        let number = "xinlian/20261129-001".to_string();
        let effects = update(&mut model, key(KeyCode::Enter), at(1));
        assert_eq!(effects, vec![Effect::LoadDetail(number.clone())]);
        assert!(model.detail.as_ref().is_some_and(|d| d.history.is_none()));
        // Another desk changes something: the board and the open case are read again.
        let effects = update(&mut model, Msg::Changed, at(2));
        assert_eq!(
            effects,
            vec![Effect::Reload, Effect::LoadDetail(number.clone())]
        );
        // r in the detail receives its case; the detail is read again once it is done.
        let effects = update(&mut model, key(KeyCode::Char('r')), at(2));
        assert_eq!(effects, vec![Effect::Receive(number.clone())]);
        let effects = update(&mut model, Msg::Received(Ok(number.clone())), at(2));
        assert_eq!(effects, vec![Effect::Reload, Effect::LoadDetail(number)]);
        // Esc leaves the detail, not the desk; ? opens help, which Esc closes; q then quits.
        update(&mut model, key(KeyCode::Esc), at(3));
        assert!(model.detail.is_none() && !model.quit);
        update(&mut model, key(KeyCode::Char('?')), at(3));
        assert!(model.help);
        update(&mut model, key(KeyCode::Char('r')), at(3));
        assert!(model.help, "keys other than ?, Esc and q leave help up");
        update(&mut model, key(KeyCode::Esc), at(3));
        assert!(!model.help && !model.quit);
        update(&mut model, key(KeyCode::Char('q')), at(3));
        assert!(model.quit);
    }
}
