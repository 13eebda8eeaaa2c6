//! The pages, as HTML that works with scripts off: each action is a plain form posted to the
//! server. Everything a case or a person supplied is escaped (maud does) and its control and
//! bidi characters made visible first, as on the terminal. No names or phones of anyone.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use maud::{DOCTYPE, Markup, html};

use crate::catalog::Catalog;
use crate::domain::links::{Progress, Step};
use crate::domain::{Case, Targets};
use crate::i18n::{Lang, WebTexts, texts};
use crate::text::{countdown, visible};

/// What a form's answer said, carried to the page it redirects to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    Recorded,
    Already,
    Refused,
}

impl Said {
    pub fn code(self) -> &'static str {
        match self {
            Said::Recorded => "recorded",
            Said::Already => "already",
            Said::Refused => "refused",
        }
    }

    pub fn parse(code: &str) -> Option<Said> {
        [Said::Recorded, Said::Already, Said::Refused]
            .into_iter()
            .find(|s| s.code() == code)
    }

    fn words(self, w: &WebTexts) -> &'static str {
        match self {
            Said::Recorded => w.recorded,
            Said::Already => w.already,
            Said::Refused => w.refused,
        }
    }
}

fn page(lang: Lang, title: &str, body: Markup) -> String {
    page_refreshed(lang, title, body, None)
}

/// A whole page; `refresh` reloads it every so many seconds where scripts are off.
fn page_refreshed(lang: Lang, title: &str, body: Markup, refresh: Option<u32>) -> String {
    let w = &texts(lang).web;
    html! {
        (DOCTYPE)
        html lang=(w.lang_tag) {
            head {
                meta charset="utf-8";
                @if let Some(seconds) = refresh {
                    meta http-equiv="refresh" content=(seconds);
                }
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) }
                link rel="stylesheet" href="/assets/app.css";
                script src="/assets/app.js" defer {}
            }
            body { main { (body) } }
        }
    }
    .into_string()
}

/// The case as both pages show it: number, grid, category, place, what is wrong.
fn case_card(case: &Case, catalog: &Catalog, lang: Lang) -> Markup {
    let w = &texts(lang).web;
    let grid = catalog
        .grid(case.grid)
        .map(|g| lang.name(&g.names).to_string())
        .unwrap_or_else(|| format!("{} {}", w.grid, case.grid));
    let category = lang.category(catalog, &case.category);
    html! {
        p.number { (case.number) }
        p.where { (visible(&grid)) " · " (visible(category)) }
        p.place { (visible(&case.place)) }
        p.summary { (visible(&case.summary)) }
    }
}

fn said_line(said: Option<Said>, w: &WebTexts) -> Markup {
    html! {
        @if let Some(said) = said {
            p.said.(said.code()) role="status" { (said.words(w)) }
        }
        p.waiting hidden role="status" { (w.waiting) }
    }
}

pub struct ResponderPage<'a> {
    pub case: &'a Case,
    pub step: Step,
    pub token: &'a str,
    pub said: Option<Said>,
    pub now: DateTime<Utc>,
}

pub fn responder(p: &ResponderPage, catalog: &Catalog, targets: &Targets, lang: Lang) -> String {
    let w = &texts(lang).web;
    let case = p.case;
    let action = |tap: &str| format!("/r/{}/{tap}", p.token);
    let clock = html! {
        @if let Some(a) = &case.arrival {
            p.clock.calm { (w.on_scene_since.replace("{time}", &local(a.at, targets.zone))) }
        } @else if case.is_open() {
            @let deadline = targets.arrival_deadline(case);
            @let left = (deadline - p.now).num_seconds();
            div.clock.(if left < 0 { "late" } else { "calm" })
                data-deadline=(deadline.timestamp_millis()) data-now=(p.now.timestamp_millis()) {
                span.digits { (countdown(left, lang)) }
                span.what { (if left < 0 { w.arrival_past } else { w.arrival_left }) }
            }
        }
    };
    let body = html! {
        h1 { (w.responder_title) }
        (case_card(case, catalog, lang))
        (clock)
        (said_line(p.said, w))
        @match p.step {
            Step::OnMyWay => form method="post" action=(action("go")) {
                button.big type="submit" { (w.on_my_way) }
            },
            Step::Arrived => form method="post" action=(action("arrived")) {
                button.big type="submit" { (w.arrived) }
            },
            Step::Done => form method="post" action=(action("done")) {
                label for="note" { (w.done_note) }
                textarea id="note" name="note" maxlength="500" rows="3" {}
                button.big type="submit" { (w.done) }
            },
            Step::Finished => p.end { (w.finished) },
            Step::Replaced => p.end { (w.replaced) },
        }
        @if matches!(p.step, Step::OnMyWay | Step::Arrived | Step::Done) {
            form method="post" action=(action("help")) {
                button.second type="submit" { (w.need_call_up) }
            }
        }
    };
    page(lang, w.responder_title, body)
}

pub struct ReporterPage<'a> {
    pub case: &'a Case,
    pub progress: Progress,
    /// The public notes, oldest first.
    pub notes: Vec<(DateTime<Utc>, String)>,
    pub token: &'a str,
    pub said: Option<Said>,
}

pub fn reporter(p: &ReporterPage, catalog: &Catalog, targets: &Targets, lang: Lang) -> String {
    let w = &texts(lang).web;
    let state = progress_words(p.progress, targets, lang);
    let asks = matches!(p.progress, Progress::Resolved { .. }) && p.case.verdict.is_none();
    let body = html! {
        h1 { (w.reporter_title) }
        (case_card(p.case, catalog, lang))
        p.state { (state) }
        (said_line(p.said, w))
        @if !p.notes.is_empty() {
            h2 { (w.progress) }
            ul.notes {
                @for (at, text) in &p.notes {
                    li { time { (local(*at, targets.zone)) } " " (visible(text)) }
                }
            }
        }
        @if asks {
            form.verdict method="post" action=(format!("/c/{}/verdict", p.token)) {
                p { (w.verdict_question) }
                label for="comment" { (w.comment) }
                textarea id="comment" name="comment" maxlength="500" rows="3" {}
                button.big type="submit" name="verdict" value="satisfied" { (w.satisfied) }
                button.big.second type="submit" name="verdict" value="not_satisfied" { (w.not_satisfied) }
            }
        } @else if p.case.verdict.is_some() {
            p.end { (w.verdict_given) }
        }
    };
    page(lang, w.reporter_title, body)
}

/// What the public board shows.
pub struct BoardPage {
    pub today: crate::domain::Figures,
    /// The last 30 days.
    pub month: crate::domain::Figures,
    /// Open medium and big matters, with their public notes and where each stands.
    pub matters: Vec<(crate::export::Entry, Progress)>,
    pub at: DateTime<Utc>,
    /// Large type, for an estate's notice-board screen.
    pub big: bool,
}

pub fn public_board(b: &BoardPage, desk: &crate::desk::Desk, lang: Lang) -> String {
    let w = &texts(lang).web;
    let targets = desk.targets();
    let catalog = &desk.catalog;
    let share = |f: &crate::domain::Figures| format!("{}/{}", f.arrived_within_target, f.arrived);
    let community = desk
        .config
        .community_name(lang)
        .unwrap_or_else(|| texts(lang).community.to_string());
    let body = html! {
        div.board.(if b.big { "big" } else { "" }) {
            h1 { (visible(&community)) " · " (w.board_title) }
            div.figures {
                p { b { (w.board_today) } " · " (w.board_reported) " " (b.today.collected)
                    " · " (w.board_resolved) " " (b.today.resolved)
                    " · " (w.board_on_time) " " (share(&b.today)) }
                p { b { (w.board_month) } " " (share(&b.month)) }
            }
            h2 { (w.board_open) }
            @if b.matters.is_empty() {
                p { (w.board_none) }
            }
            @for (entry, progress) in &b.matters {
                div.matter {
                    (case_card(&entry.case, catalog, lang))
                    p.state { (progress_words(*progress, &targets, lang)) }
                    @if entry.notes.is_empty() {
                        p.muted { (w.board_no_note) }
                    }
                    ul.notes {
                        @for (at, text) in &entry.notes {
                            li { time { (local(*at, targets.zone)) } " " (visible(text)) }
                        }
                    }
                }
            }
            p.muted { (w.board_updated.replace("{time}", &local(b.at, targets.zone))) }
        }
    };
    // Without scripts (a notice-board screen's browser may have none): a plain refresh.
    page_refreshed(lang, w.board_title, body, Some(60))
}

/// Where a case stands, in the words the reporter's page and the board use.
fn progress_words(p: Progress, targets: &Targets, lang: Lang) -> String {
    let w = &texts(lang).web;
    match p {
        Progress::Reported => w.reported.to_string(),
        Progress::OnTheWay => w.on_the_way.to_string(),
        Progress::OnScene { at, minutes } => w
            .on_scene
            .replace("{time}", &local(at, targets.zone))
            .replace("{minutes}", &minutes.to_string()),
        Progress::Resolved { at } => w.resolved.replace("{time}", &local(at, targets.zone)),
        Progress::CalledUp => w.called_up.to_string(),
        Progress::Cancelled => w.cancelled.to_string(),
    }
}

/// The one answer for a token that opens nothing: unknown, malformed, expired alike.
pub fn not_found(lang: Lang) -> String {
    let w = &texts(lang).web;
    page(
        lang,
        w.not_found_title,
        html! { h1 { (w.not_found_title) } p { (w.not_found) } },
    )
}

pub fn too_many(lang: Lang) -> String {
    let w = &texts(lang).web;
    page(lang, w.too_many, html! { h1 { (w.too_many) } })
}

/// A bad form field, named with its fix.
pub fn bad_input(lang: Lang, why: &str) -> String {
    page(lang, why, html! { h1 { (why) } })
}

fn local(at: DateTime<Utc>, zone: Tz) -> String {
    at.with_timezone(&zone).format("%H:%M").to_string()
}
