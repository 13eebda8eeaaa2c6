//! The dashboard's forms: which fields each has, filled in from what the desk knows, and the
//! command each builds once valid.

use chrono::{DateTime, Duration, Timelike, Utc};

use super::command::Command;
use super::duty::doing;
use super::form::{Check, Choice, Field, FieldKey as K, Form, FormKind};
use super::model::Model;
use crate::domain::{Action, ArrivalHow, Case, Channel, PatrolSlot, Report, Tier};
use crate::i18n::texts;

fn choice(code: &str, label: &str, detail: &str, also: &str) -> Choice {
    Choice {
        code: code.to_string(),
        label: label.to_string(),
        detail: detail.to_string(),
        search: format!("{code} {label} {detail} {also}").to_lowercase(),
    }
}

fn tiers(model: &Model) -> Vec<Choice> {
    let t = texts(model.lang);
    let other = texts(model.lang.other());
    Tier::ALL
        .iter()
        .map(|&tier| {
            let i = tier as usize;
            choice(tier.code(), t.tier[i], "", other.tier[i])
        })
        .collect()
}

fn grids(model: &Model) -> Vec<Choice> {
    model
        .catalog
        .grids
        .iter()
        .map(|g| {
            choice(
                &g.number.to_string(),
                model.lang.name(&g.names),
                "",
                model.lang.other().name(&g.names),
            )
        })
        .collect()
}

/// Responders for a case in `grid`: on duty there first, then on duty elsewhere, then off
/// duty; each with what they are doing now. `first` is a leading "nobody" choice, if any.
fn responders(model: &Model, grid: u8, except: Option<&str>, first: Option<Choice>) -> Vec<Choice> {
    let t = texts(model.lang);
    let f = &t.form;
    let mut roster: Vec<_> = model
        .snapshot
        .roster
        .iter()
        .filter(|r| Some(r.name.as_str()) != except)
        .collect();
    roster.sort_by_key(|r| (!r.on_duty, r.grid != Some(grid)));
    first
        .into_iter()
        .chain(roster.into_iter().map(|r| {
            let now = doing(&model.snapshot.open, &r.name).describe(f);
            let place = r.grid.map_or(String::new(), |g| format!("{g} · "));
            let duty = if r.on_duty { "" } else { f.off_duty };
            choice(
                &r.name,
                &r.name,
                &format!("{place}{}{duty} · {now}", t.role[r.role as usize]),
                "",
            )
        }))
        .collect()
}

/// Who to send first: the first free responder on duty in the case's grid, else the first
/// free one on duty anywhere; `None` (the officer picks) when everyone on duty is busy.
fn first_free(model: &Model, grid: u8, choices: &[Choice]) -> Option<String> {
    let free_on_duty = |in_grid: bool| {
        choices.iter().find(|c| {
            model.snapshot.roster.iter().any(|r| {
                r.name == c.code
                    && r.on_duty
                    && (!in_grid || r.grid == Some(grid))
                    && doing(&model.snapshot.open, &r.name) == super::duty::Doing::Free
            })
        })
    };
    free_on_duty(true)
        .or_else(|| free_on_duty(false))
        .map(|c| c.code.clone())
}

/// Puts the desk's suggestion into its dispatch form: the people in its order, each with the
/// minutes expected and why, the rest (off duty) after; the first free one picked unless the
/// officer has picked already; the shortfall said beside the fields. Nothing is sent.
pub fn take_suggestion(
    form: &mut Form,
    model: &Model,
    suggestion: &crate::desk::suggest::Suggestion,
    now: DateTime<Utc>,
) {
    use crate::reasons::{expected, reasons, shortfall};
    let r = &suggestion.recommendation;
    let Some(field) = form.field_mut(K::Responder) else {
        return;
    };
    let touched = field.touched;
    let super::form::Value::Pick(picker) = &mut field.value else {
        return;
    };
    let chosen = (!picker.blank)
        .then(|| picker.options.get(picker.selected).map(|c| c.code.clone()))
        .flatten();
    let mut ranked = Vec::with_capacity(picker.options.len());
    for c in &r.candidates {
        if let Some(i) = picker.options.iter().position(|o| o.code == c.name) {
            let mut option = picker.options.remove(i);
            option.detail = format!(
                "{} · {}",
                expected(c, model.lang),
                reasons(c, model.lang, model.targets.zone, now)
            );
            ranked.push(option);
        }
    }
    ranked.append(&mut picker.options);
    picker.options = ranked;
    let first_free = r
        .candidates
        .iter()
        .find(|c| c.free())
        .map(|c| c.name.clone());
    let pick = if touched {
        chosen
    } else {
        first_free.or(chosen)
    };
    match pick.and_then(|code| picker.options.iter().position(|o| o.code == code)) {
        Some(i) => {
            picker.selected = i;
            picker.blank = false;
        }
        None => picker.selected = 0,
    }
    form.advice = r.shortfall.map(|m| shortfall(m, model.lang));
}

/// A new report, with the category's suggested tier filled in when a category is picked.
pub fn report(model: &Model) -> Form {
    let t = texts(model.lang);
    let other = texts(model.lang.other());
    let kinds = model
        .catalog
        .kinds()
        .map(|k| {
            choice(
                &k.code,
                model.lang.name(&k.names),
                &k.code,
                model.lang.other().name(&k.names),
            )
        })
        .collect();
    let channels = Channel::ALL
        .iter()
        .map(|&c| {
            choice(
                c.code(),
                t.channel[c as usize],
                "",
                other.channel[c as usize],
            )
        })
        .collect();
    let grid = model.grid.unwrap_or(1);
    let nobody = choice("", t.form.nobody, "", "");
    // Where the case goes (grid, category, and the tier the category suggests) is never
    // guessed: a report saved in a hurry must not be filed under the first of a list.
    let fields = vec![
        Field::pick_blank(K::Grid, grids(model)),
        Field::pick_blank(K::Category, kinds),
        Field::pick(K::Channel, channels, Channel::Hotline.code()),
        Field::text(K::Place, Check::Required, ""),
        Field::text(K::Summary, Check::Required, ""),
        Field::text(K::Reporter, Check::None, ""),
        Field::text(K::Phone, Check::Phone, ""),
        Field::pick_blank(K::Tier, tiers(model)),
        Field::text(K::MinutesAgo, Check::Number(0, 24 * 60), ""),
        Field::pick(K::OnScene, responders(model, grid, None, Some(nobody)), ""),
    ];
    Form::new(FormKind::Report, None, fields)
}

/// Lists the open cases a report being entered may be the same matter as, once its grid,
/// category and place say enough (`domain::same_matter`): from the open cases the board
/// holds, as the officer types.
pub fn follow_place(form: &mut Form, model: &Model, now: DateTime<Utc>) {
    if form.kind != FormKind::Report {
        return;
    }
    let (Ok(grid), category, place) = (
        form.code(K::Grid).parse::<u8>(),
        form.code(K::Category),
        form.text(K::Place),
    ) else {
        form.same_as.clear();
        return;
    };
    form.same_as = if category.is_empty() {
        Vec::new()
    } else {
        crate::domain::same_matter::candidates(grid, category, place, &model.snapshot.open, now)
            .into_iter()
            .map(|c| super::form::SameAs {
                number: c.number,
                place: c.place,
                reported_at: c.reported_at,
            })
            .collect()
    };
}

/// The open cases `case` may be joined into: of its grid and category first, then of its
/// grid, then the rest, each oldest first (the first report of a matter is the oldest).
fn same_matter_first(model: &Model, case: &Case) -> Vec<Choice> {
    let mut others: Vec<&Case> = model
        .snapshot
        .open
        .iter()
        .filter(|c| c.number != case.number)
        .collect();
    others.sort_by_key(|c| {
        let near = match (c.grid == case.grid, c.category == case.category) {
            (true, true) => 0,
            (true, false) => 1,
            _ => 2,
        };
        (near, c.reported_at)
    });
    others
        .into_iter()
        .map(|c| {
            let label = crate::present::times_reported(&c.number, c.reports);
            let detail = format!(
                "{} · {}",
                model.lang.category(&model.catalog, &c.category),
                c.place
            );
            choice(&c.number, &label, &detail, "")
        })
        .collect()
}

/// Keeps the tier in step with the category until the officer picks a tier themselves.
pub fn follow_category(form: &mut Form, model: &Model) {
    if form.kind != FormKind::Report || form.field(K::Tier).is_some_and(|f| f.touched) {
        return;
    }
    let suggested = model.catalog.kind(form.code(K::Category)).map(|k| k.tier);
    if let (Some(tier), Some(field)) = (suggested, form.field_mut(K::Tier))
        && let super::form::Value::Pick(picker) = &mut field.value
        && let Some(i) = picker.options.iter().position(|c| c.code == tier.code())
    {
        picker.selected = i;
        picker.blank = false;
    }
}

pub fn for_case(kind: FormKind, model: &Model, case: &Case) -> Form {
    let t = texts(model.lang);
    let other = texts(model.lang.other());
    let fields = match kind {
        FormKind::Dispatch => {
            let choices = responders(model, case.grid, case.responder.as_deref(), None);
            let responder = match first_free(model, case.grid, &choices) {
                Some(name) => Field::pick(K::Responder, choices, &name),
                None => Field::pick_blank(K::Responder, choices),
            };
            vec![
                responder,
                Field::text(K::Note, Check::None, ""),
                Field::text(K::MinutesAgo, Check::Number(0, 24 * 60), ""),
            ]
        }
        FormKind::Arrive => {
            let how = ArrivalHow::KEYED
                .iter()
                .map(|&h| choice(h.code(), t.how[h as usize], "", other.how[h as usize]))
                .collect();
            vec![
                Field::pick(K::How, how, ArrivalHow::Callback.code()),
                Field::text(K::MinutesAgo, Check::Number(0, 24 * 60), ""),
            ]
        }
        FormKind::CallUp => {
            let bodies = model
                .catalog
                .bodies
                .iter()
                .map(|b| {
                    choice(
                        &b.code,
                        model.lang.name(&b.names),
                        "",
                        model.lang.other().name(&b.names),
                    )
                })
                .collect();
            vec![
                Field::pick(K::Body, bodies, "subdistrict_office"),
                Field::text(K::Note, Check::None, ""),
            ]
        }
        FormKind::Tier => vec![Field::pick(K::Tier, tiers(model), case.tier.code())],
        // Nothing to ask: the form says what Enter does.
        FormKind::Split => {
            let mut form = Form::new(kind, Some(case.number.clone()), Vec::new());
            let into = case.joined.as_ref().map_or("", |j| j.into.as_str());
            form.intro = Some(
                t.joins
                    .split_intro
                    .replace("{report}", &case.number)
                    .replace("{case}", into),
            );
            return form;
        }
        FormKind::Join => {
            let into = same_matter_first(model, case);
            let first = into.first().map(|c| c.code.clone()).unwrap_or_default();
            vec![Field::pick(K::Into, into, &first)]
        }
        other => return for_number(other, model, &case.number),
    };
    Form::new(kind, Some(case.number.clone()), fields)
}

/// A form that needs only the case's number (a note, a resolution, a cancellation, a
/// reopening, telling the reporter): the sub-district's board opens these on a call-up it
/// has not read whole.
pub fn for_number(kind: FormKind, model: &Model, number: &str) -> Form {
    let fields = match kind {
        FormKind::Note => vec![
            Field::text(K::Note, Check::Required, ""),
            Field::toggle(K::Public, false),
        ],
        FormKind::Resolve => vec![
            Field::text(K::Note, Check::Required, ""),
            Field::toggle(K::Told, false),
        ],
        FormKind::Cancel | FormKind::Reopen => vec![Field::text(K::Reason, Check::Required, "")],
        FormKind::Tell => {
            let v = &texts(model.lang).ui.verdicts;
            let verdicts = vec![
                choice("", v[0], "", ""),
                choice("satisfied", v[1], "", ""),
                choice("unsatisfied", v[2], "", ""),
            ];
            vec![
                Field::pick(K::Verdict, verdicts, ""),
                Field::text(K::Note, Check::None, ""),
            ]
        }
        // Not forms of a number alone: `report`, `patrol` and the handover open those, and
        // the case forms above need the case.
        FormKind::Report
        | FormKind::Patrol
        | FormKind::Handover
        | FormKind::Dispatch
        | FormKind::Arrive
        | FormKind::CallUp
        | FormKind::Join
        | FormKind::Split
        | FormKind::Tier => Vec::new(),
    };
    Form::new(kind, Some(number.to_string()), fields)
}

/// A grid's patrol: the selected case's grid or the filtered grid; morning before noon.
pub fn patrol(model: &Model, grid: u8, now: DateTime<Utc>) -> Form {
    let ui = &texts(model.lang).ui;
    let slots = vec![
        choice(PatrolSlot::Morning.code(), ui.morning, "", ""),
        choice(PatrolSlot::Afternoon.code(), ui.afternoon, "", ""),
    ];
    let local_hour = now.with_timezone(&model.targets.zone).hour();
    let slot = if local_hour < 12 {
        PatrolSlot::Morning
    } else {
        PatrolSlot::Afternoon
    };
    let fields = vec![
        Field::pick(K::Grid, grids(model), &grid.to_string()),
        Field::pick(K::Slot, slots, slot.code()),
        Field::text(K::Findings, Check::Number(0, 999), "0"),
    ];
    Form::new(FormKind::Patrol, None, fields)
}

/// Handing the desk over to the next shift: who takes over.
pub fn handover() -> Form {
    Form::new(
        FormKind::Handover,
        None,
        vec![Field::text(K::Officer, Check::Required, "")],
    )
}

/// What a valid form sends: its command, or with `same_matter` (F6 on a new report) the
/// report taken into the first case it may be the same matter as. Call only when
/// `first_problem()` is `None`.
pub fn submitted(form: &Form, same_matter: bool, now: DateTime<Utc>) -> Option<Command> {
    let command = command(form, now)?;
    if !same_matter {
        return Some(command);
    }
    match (command, form.same_as.first()) {
        (Command::Report(report), Some(first)) => Some(Command::ReportInto {
            report,
            into: first.number.clone(),
        }),
        _ => None,
    }
}

/// The command a valid form gives. Call only when `first_problem()` is `None`.
fn command(form: &Form, now: DateTime<Utc>) -> Option<Command> {
    let text = |k| form.text(k).to_string();
    let optional = |k| Some(form.text(k).to_string()).filter(|s| !s.is_empty());
    let number = form.case.clone().unwrap_or_default();
    // Dispatch and arrival can be keyed in after the fact ("arrived 8 minutes ago").
    let at = match form
        .field(K::MinutesAgo)
        .map(|_| form.number(K::MinutesAgo))
    {
        Some(minutes) if minutes > 0 => Some(now - Duration::minutes(i64::from(minutes))),
        _ => None,
    };
    let act = |action| Command::Act {
        number: number.clone(),
        action,
        at,
    };
    Some(match form.kind {
        FormKind::Report => Command::Report(Report {
            grid: form.code(K::Grid).parse().ok()?,
            category: form.code(K::Category).to_string(),
            channel: Channel::from_code(form.code(K::Channel))?,
            place: text(K::Place),
            summary: text(K::Summary),
            reporter: optional(K::Reporter),
            phone: optional(K::Phone),
            tier: Tier::from_code(form.code(K::Tier))?,
            on_scene: Some(form.code(K::OnScene).to_string()).filter(|s| !s.is_empty()),
            at: now - Duration::minutes(i64::from(form.number(K::MinutesAgo))),
        }),
        FormKind::Dispatch => act(Action::Dispatch {
            responder: form.code(K::Responder).to_string(),
            note: optional(K::Note),
        }),
        FormKind::Arrive => act(Action::Arrive {
            how: ArrivalHow::from_code(form.code(K::How))?,
        }),
        FormKind::CallUp => act(Action::Escalate {
            body: form.code(K::Body).to_string(),
            note: optional(K::Note),
        }),
        FormKind::Tier => act(Action::SetTier {
            tier: Tier::from_code(form.code(K::Tier))?,
        }),
        FormKind::Note => act(Action::Note {
            text: text(K::Note),
            public: form.ticked(K::Public),
        }),
        FormKind::Resolve => act(Action::Resolve {
            note: text(K::Note),
            told: form.ticked(K::Told),
        }),
        FormKind::Cancel => act(Action::Cancel {
            reason: text(K::Reason),
        }),
        FormKind::Reopen => act(Action::Reopen {
            reason: text(K::Reason),
        }),
        FormKind::Tell => act(Action::Tell {
            verdict: match form.code(K::Verdict) {
                "" => None,
                code => Some(crate::domain::Verdict {
                    satisfied: code == "satisfied",
                    note: Some(text(K::Note)).filter(|n| !n.trim().is_empty()),
                }),
            },
        }),
        FormKind::Join => Command::Join {
            number,
            into: form.code(K::Into).to_string(),
        },
        FormKind::Split => Command::Split {
            number,
            back: Vec::new(),
            cancel: None,
        },
        FormKind::Handover => Command::Handover {
            to: text(K::Officer).trim().to_string(),
        },
        FormKind::Patrol => Command::Patrol {
            grid: form.code(K::Grid).parse().ok()?,
            slot: PatrolSlot::from_code(form.code(K::Slot))?,
            findings: form.number(K::Findings),
        },
    })
}
