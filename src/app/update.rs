//! `update`: the one place the dashboard's state changes. Pure: no IO, `now` passed in.

use chrono::{DateTime, Duration, Utc};
use crossterm::event::{KeyCode, KeyEventKind, KeyModifiers};

use super::board;
use super::model::{Effect, Model, Msg, Outcome};

/// How often a failed read is retried.
const RETRY: i64 = 5;

pub fn update(model: &mut Model, msg: Msg, now: DateTime<Utc>) -> Outcome {
    let mut out = Outcome::default();
    match msg {
        Msg::Tick => {
            out.redraw = true;
            let retry_due = model
                .last_reload
                .is_none_or(|t| now - t >= Duration::seconds(RETRY));
            // A new local day starts a new "today".
            let new_day = model.loaded && model.targets.zone_day(now) != model.snapshot.day;
            if (model.trouble.is_some() && retry_due) || new_day {
                model.last_reload = Some(now);
                out.effects.push(Effect::Reload);
            }
        }
        Msg::StoreChanged => {
            model.last_reload = Some(now);
            out.effects.push(Effect::Reload);
        }
        Msg::ClockJumped => {
            model.last_reload = Some(now);
            out.effects.extend([Effect::Reload, Effect::Clear]);
            out.redraw = true;
        }
        Msg::Loaded(snapshot) => {
            model.snapshot = *snapshot;
            model.loaded = true;
            model.trouble = None;
            clamp_selection(model, now);
            out.redraw = true;
        }
        Msg::LoadFailed(why) => {
            model.trouble = Some(why);
            out.redraw = true;
        }
        Msg::StoreLost(why) => {
            out.redraw = model.lost.as_ref() != Some(&why);
            model.lost = Some(why);
        }
        Msg::Resized => {
            out.effects.push(Effect::Clear);
            out.redraw = true;
        }
        Msg::Shutdown => model.quit = true,
        Msg::Key(key) => {
            // Windows terminals report releases too; act on presses (and repeats) only.
            if key.kind == KeyEventKind::Release {
                return out;
            }
            out.redraw = true;
            let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
            match key.code {
                KeyCode::Char('c') if ctrl => model.quit = true,
                KeyCode::Char('l') if ctrl => out.effects.push(Effect::Clear),
                KeyCode::Char('q') => model.quit = true,
                KeyCode::Char('?') => model.help = !model.help,
                KeyCode::Esc => model.help = false,
                KeyCode::Char(c @ '0'..='9') => {
                    let n = c as u8 - b'0';
                    if n == 0 {
                        model.grid = None;
                    } else if model.catalog.grid(n).is_some() {
                        model.grid = Some(n);
                    }
                    model.selected = 0;
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    model.selected = model.selected.saturating_add(1);
                    clamp_selection(model, now);
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    model.selected = model.selected.saturating_sub(1);
                }
                KeyCode::Home | KeyCode::Char('g') => model.selected = 0,
                KeyCode::End | KeyCode::Char('G') => {
                    model.selected = usize::MAX;
                    clamp_selection(model, now);
                }
                _ => out.redraw = false,
            }
        }
    }
    out
}

fn clamp_selection(model: &mut Model, now: DateTime<Utc>) {
    let shown = board::rows(&model.snapshot.open, &model.targets, now, model.grid).len();
    model.selected = model.selected.min(shown.saturating_sub(1));
}
