//! User-facing words, one file per language. Code asks for `texts(lang)` and indexes the
//! vocabularies by the enum (`t.tier[tier as usize]`).

mod en;
mod zh;

use serde::Deserialize;

use crate::catalog::Names;
use crate::domain::{AlertKind, ArrivalHow, Channel, EventKind, Role, State, Tier};
use crate::keymap::{
    Always, Does, InDetail, OnCallUps, OnFailed, OnFigures, OnForm, OnQuestion, OnRoster, OnSearch,
    OnSheet,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    /// zh_* in LC_ALL, LC_MESSAGES or LANG (the first one set) gives Chinese; anything else English.
    pub fn from_locale() -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|v| std::env::var(v).ok())
            .find(|v| !v.is_empty())
            .unwrap_or_default();
        if locale.starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The other language: choices are searchable in both.
    pub fn other(self) -> Lang {
        match self {
            Lang::Zh => Lang::En,
            Lang::En => Lang::Zh,
        }
    }

    pub fn name(self, names: &Names) -> &str {
        match self {
            Lang::Zh => &names.zh,
            Lang::En => &names.en,
        }
    }

    /// A category's name in this language; its code where the catalog has no such category
    /// (a case from an older catalog still says what it was).
    pub fn category<'a>(self, catalog: &'a crate::catalog::Catalog, code: &'a str) -> &'a str {
        catalog.kind(code).map_or(code, |k| self.name(&k.names))
    }
}

/// Every word a person reads, in one language.
pub struct Texts {
    pub community: &'static str,
    pub tier: [&'static str; Tier::ALL.len()],
    pub state: [&'static str; State::ALL.len()],
    pub channel: [&'static str; Channel::ALL.len()],
    pub role: [&'static str; Role::ALL.len()],
    pub how: [&'static str; ArrivalHow::ALL.len()],
    pub event: [&'static str; EventKind::ALL.len()],
    pub yes: &'static str,
    pub no: &'static str,
    pub met: &'static str,
    pub missed: &'static str,
    pub on_duty: &'static str,
    pub off_duty: &'static str,
    pub no_cases: &'static str,
    /// Column headers of `list`.
    pub list_headers: [&'static str; 9],
    /// Column headers of `roster list`.
    pub roster_headers: [&'static str; 5],
    /// Labels of `show`.
    pub show: ShowLabels,
    /// Labels of `stats`, in the order of the figures.
    pub stats: StatsLabels,
    pub timeline: TimelineWords,
    pub check: CheckLabels,
    pub ui: UiLabels,
    pub form: FormLabels,
    pub alert: AlertLabels,
    pub sub_district: SubDistrictLabels,
    pub export: ExportLabels,
    pub handover: HandoverLabels,
    pub import: ImportLabels,
    pub keys: KeyWords,
    pub web: WebTexts,
    pub suggest: SuggestWords,
    pub joins: JoinWords,
}

/// Several reports of one matter. `{report}`, `{case}`, `{reports}`, `{n}` are filled in.
pub struct JoinWords {
    pub joined: &'static str,
    pub split: &'static str,
    /// After the list of cases a report may be the same matter as (the command line).
    pub same_as_hint: &'static str,
    pub big_matter: &'static str,
    /// The board row's mark for it.
    pub big_mark: &'static str,
    /// The form's line offering to join the first listed case.
    pub join_key: &'static str,
    /// After today's problems when some were reported more than once: `{n}` reports.
    pub today_reports: &'static str,
    /// The split form: what Enter does to `{report}`, joined into `{case}`.
    pub split_intro: &'static str,
    /// `+` with no other open case on the board.
    pub nothing_to_join: &'static str,
    /// Open311's `service_notice` of a problem reported several times.
    pub open311_reports: &'static str,
    /// Open311's `status_notes` of a request joined into another.
    pub open311_joined: &'static str,
}

/// The suggestion of whom to send: each candidate's reasons, and the shortfall. `{n}`,
/// `{minutes}`, `{case}`, `{time}` are filled in.
pub struct SuggestWords {
    pub title: &'static str,
    pub headers: [&'static str; 3],
    pub expected: &'static str,
    pub same_grid: &'static str,
    pub grid_away: &'static str,
    pub grids_away: &'static str,
    pub roving: &'static str,
    pub more: &'static str,
    pub median_here: &'static str,
    pub median_anywhere: &'static str,
    pub grid_median: &'static str,
    pub assumed: &'static str,
    pub free: &'static str,
    pub busy: &'static str,
    pub last_sent: &'static str,
    pub sent_today: &'static str,
    pub shortfall: &'static str,
    pub no_time_left: &'static str,
    pub none_on_duty: &'static str,
    /// A report being entered: the open cases it may be the same matter as.
    pub same_as: &'static str,
    pub minutes_ago: &'static str,
}

/// The web pages' words (`dutydesk serve`): `{name}`, `{time}`, `{minutes}` are filled in.
pub struct WebTexts {
    pub lang_tag: &'static str,
    pub responder_title: &'static str,
    pub reporter_title: &'static str,
    pub grid: &'static str,
    pub arrival_left: &'static str,
    pub arrival_past: &'static str,
    pub on_scene_since: &'static str,
    pub on_my_way: &'static str,
    pub arrived: &'static str,
    pub done: &'static str,
    pub done_note: &'static str,
    pub need_call_up: &'static str,
    pub recorded: &'static str,
    pub already: &'static str,
    pub refused: &'static str,
    pub replaced: &'static str,
    pub finished: &'static str,
    pub waiting: &'static str,
    pub on_the_way_note: &'static str,
    pub call_up_note: &'static str,
    pub reporter_actor: &'static str,
    pub by_phone: &'static str,
    pub done_default: &'static str,
    pub reported: &'static str,
    pub on_the_way: &'static str,
    pub on_scene: &'static str,
    pub resolved: &'static str,
    pub called_up: &'static str,
    pub cancelled: &'static str,
    pub progress: &'static str,
    pub verdict_question: &'static str,
    pub satisfied: &'static str,
    pub not_satisfied: &'static str,
    pub comment: &'static str,
    pub verdict_given: &'static str,
    pub not_found_title: &'static str,
    pub not_found: &'static str,
    pub too_many: &'static str,
    pub board_title: &'static str,
    pub board_open: &'static str,
    pub board_none: &'static str,
    pub board_today: &'static str,
    pub board_reported: &'static str,
    pub board_resolved: &'static str,
    pub board_on_time: &'static str,
    pub board_month: &'static str,
    pub board_no_note: &'static str,
    pub board_updated: &'static str,
    /// Open311: what a system tells the reporter when the desk took the report.
    pub open311_notice: &'static str,
    /// Open311: a service's one attribute, the grid, and when it is needed.
    pub open311_grid: &'static str,
    pub open311_grid_needed: &'static str,
}

/// What each key of the smaller views does (`crate::keymap`'s tables), by action: their help
/// and hint lines are made from these and the tables, so a key cannot work unlisted.
pub struct KeyWords {
    pub always: [&'static str; Always::COUNT],
    pub sheet: [&'static str; OnSheet::COUNT],
    pub figures: [&'static str; OnFigures::COUNT],
    pub roster: [&'static str; OnRoster::COUNT],
    pub question: [&'static str; OnQuestion::COUNT],
    pub search: [&'static str; OnSearch::COUNT],
    pub failed: [&'static str; OnFailed::COUNT],
    pub form: [&'static str; OnForm::COUNT],
    /// The help's headings for these views, in the order: every view, the help, the
    /// handover, the figures, the roster, the quit question, the search line, a failed
    /// write, a form.
    pub views: [&'static str; 9],
    /// What a form's fields take besides: typing, a list filtered by typing, a toggle.
    pub fields: &'static str,
}

/// What `dutydesk import` says when done.
pub struct ImportLabels {
    /// `{count}` cases from `{file}`.
    pub imported: &'static str,
    /// Appended when `{count}` of them are history with no arrival recorded.
    pub unrecorded: &'static str,
}

/// The words of the shift handover.
pub struct HandoverLabels {
    pub title: &'static str,
    pub open: &'static str,
    pub waiting_on_body: &'static str,
    pub not_told: &'static str,
    pub no_public_note: &'static str,
    pub unacknowledged: &'static str,
    pub patrols_due: &'static str,
    pub none: &'static str,
    pub tracking: &'static str,
    pub taken: &'static str,
    pub not_taken: &'static str,
    pub never: &'static str,
    /// `{from}` handed over to `{to}`: on a case's timeline.
    pub handed: &'static str,
    pub recorded: &'static str,
    /// Lines below the screen: `{count}`.
    pub more: &'static str,
}

/// The words of `dutydesk export` and the public bulletin (公示).
pub struct ExportLabels {
    /// Columns: 9 about the case, reporter and phone (never in `--public`), 9 about its course.
    pub headers: [&'static str; 20],
    pub title: &'static str,
    pub bulletin_title: &'static str,
    pub per_grid: &'static str,
    pub medium_heading: &'static str,
    pub resolved_heading: &'static str,
    pub no_public_note: &'static str,
    pub none: &'static str,
    pub generated: &'static str,
    /// "The period covered: {from} to {to}".
    pub period: &'static str,
    /// The recently resolved table's columns: grid, place, problem, reported, resolved, done.
    pub resolved_headers: [&'static str; 6],
    /// A one-day period's share within target, in place of a line of days: `{day}`,
    /// `{within}`, `{arrived}`, `{share}`.
    pub one_day_share: &'static str,
}

/// The words of the sub-district's desk (its board and `dutydesk calls`). `{case}`,
/// `{community}`, `{body}`, `{minutes}` and `{count}` are replaced.
pub struct SubDistrictLabels {
    pub title: &'static str,
    pub communities: &'static str,
    pub call_ups: &'static str,
    pub community_headers: [&'static str; 6],
    pub call_up_headers: [&'static str; 9],
    pub received: &'static str,
    pub waiting: &'static str,
    pub no_call_ups: &'static str,
    pub no_communities: &'static str,
    pub never: &'static str,
    /// What each key of the board does, by `keymap::OnCallUps`, for `?`.
    pub keys: [&'static str; OnCallUps::COUNT],
    /// The hint bar's short word for a key, by `keymap::OnCallUps`; empty: not in the bar.
    pub hints: [&'static str; OnCallUps::COUNT],
    pub received_done: &'static str,
    pub nothing_selected: &'static str,
    /// A call-up's alerts: `{community}` and `{body}` by name, `{case}`, `{waited}` as a
    /// clock counts (`14:03`, `26h03m`).
    pub new_call_up: &'static str,
    pub not_received: &'static str,
    pub ago: &'static str,
    pub moved: &'static str,
    pub help_title: &'static str,
    /// The help's lines after the keys: the columns explained; `{minutes}` is the receive limit.
    pub help: [&'static str; 4],
    /// The detail's hint words, by `keymap::OnCallUps`; empty: not in the hint.
    pub detail_hints: [&'static str; OnCallUps::COUNT],
}

/// The words of alerts. `{case}`, `{minutes}`, `{count}`, `{overdue}` and `{why}` are replaced.
pub struct AlertLabels {
    /// By `AlertKind`, in its order.
    pub summaries: [&'static str; AlertKind::ALL.len()],
    /// The banner's words, counted live as the row counts (`{clock}` is the row's clock):
    /// arrival with time left, arrival overdue, resolution with time left, resolution overdue.
    pub live: [&'static str; 4],
    pub group: &'static str,
    pub acknowledge: &'static str,
    pub unavailable: &'static str,
    pub banner_hint: &'static str,
    pub app_name: &'static str,
}

/// The words of the dashboard's forms, views and status line.
pub struct FormLabels {
    /// By `FormKind`, in its order.
    pub titles: [&'static str; 14],
    /// By `FieldKey`, in its order.
    pub fields: [&'static str; 22],
    pub required: &'static str,
    pub phone: &'static str,
    /// `{lo}` and `{hi}` are replaced.
    pub number: &'static str,
    /// A list with nothing chosen yet.
    pub choose: &'static str,
    /// Under a list: options below the ones shown; `{n}` is replaced.
    pub list_below: &'static str,
    /// Under a filtered list; `{n}` and `{total}` are replaced.
    pub list_filtered: &'static str,
    pub no_match: &'static str,
    pub saving: &'static str,
    pub nobody: &'static str,
    pub free: &'static str,
    pub en_route: &'static str,
    pub on_scene_at: &'static str,
    pub off_duty: &'static str,
    pub saved: &'static str,
    /// A link was made, by `LinkRole` (responder's, reporter's); `{case}` is replaced.
    pub link_made: [&'static str; 2],
    pub link_copied: &'static str,
    /// No link kept at this desk for the case.
    pub no_link: &'static str,
    /// Above each link in the detail, by `LinkRole`.
    pub link_title: [&'static str; 2],
    pub undone: &'static str,
    pub nothing_to_undo: &'static str,
    pub nothing_to_acknowledge: &'static str,
    pub cannot_undo: &'static str,
    /// The reason recorded when a new report is taken back with `z`.
    pub undo_reason: &'static str,
    pub write_failed: &'static str,
    pub confirm_quit: &'static str,
    pub search: &'static str,
    pub open_list: &'static str,
    pub closed_list: &'static str,
    pub no_case: &'static str,
    /// No case selected for an action on closed cases (reopen, tell): where they are.
    pub no_case_closed: &'static str,
    pub busy: &'static str,
    /// The detail's hint words, by `keymap::InDetail`; empty: not in the hint.
    pub detail_hints: [&'static str; InDetail::COUNT],
    /// What the case keys (`keymap::Does::on_case`) do in the detail.
    pub case_keys: &'static str,
    pub roster_title: &'static str,
    pub loading: &'static str,
}

/// The dashboard's words.
pub struct UiLabels {
    pub desk: &'static str,
    /// Marks a demo database in the header; `{speed}` is ` ×N` when its clock runs N times
    /// faster (nothing at real speed).
    pub demo: &'static str,
    /// The same, on a narrow screen.
    pub demo_short: &'static str,
    /// The status line when a demo opens: what to try.
    pub demo_hint: &'static str,
    pub officer: &'static str,
    /// The officer's name when neither the config nor the login gives one.
    pub desk_officer: &'static str,
    pub board: &'static str,
    pub all_grids: &'static str,
    pub grid_filter: &'static str,
    pub board_headers: [&'static str; 8],
    pub most_urgent: &'static str,
    /// Beside "most urgent" while the board is filtered: the panel still counts every case.
    pub of_all_open: &'static str,
    pub tracking: &'static str,
    /// Imported history with no arrival recorded: in place of a clock.
    pub unrecorded: &'static str,
    /// The same in the board's clock column (at most ten cells).
    pub unrecorded_short: &'static str,
    /// Before a deadline's time in the case detail.
    pub due_at: &'static str,
    /// Under the big clock: time left to, and time past, the arrival target.
    pub arrival_clock: [&'static str; 2],
    /// The same for the resolution target.
    pub resolution_clock: [&'static str; 2],
    pub map: &'static str,
    pub open: &'static str,
    pub overdue: &'static str,
    pub duty: &'static str,
    pub patrols: &'static str,
    pub morning: &'static str,
    pub afternoon: &'static str,
    pub today: &'static str,
    pub today_labels: [&'static str; 8],
    pub empty_title: &'static str,
    pub empty_lines: [&'static str; 3],
    /// An empty board under a grid filter; `{grid}` is replaced.
    pub nothing_in_grid: &'static str,
    /// An empty board under a search; `{search}` is replaced.
    pub no_match: &'static str,
    /// What a filter hides; `{open}` and `{overdue}` are replaced.
    pub hidden_open: &'static str,
    /// Overdue cases a filter hides; `{n}` is replaced.
    pub overdue_not_shown: &'static str,
    pub esc_clears: &'static str,
    pub none_closed: &'static str,
    pub not_told: &'static str,
    /// Beside "resolved" on the board: the reporter is still to be told.
    pub not_told_short: &'static str,
    pub stats_title: &'static str,
    pub stats_today: &'static str,
    pub stats_month: &'static str,
    /// Figures a small screen leaves out: `{count}`.
    pub stats_more: &'static str,
    /// The verdict choices when telling: not asked, satisfied, not satisfied.
    pub verdicts: [&'static str; 3],
    pub store_trouble: &'static str,
    pub unreachable: &'static str,
    pub help_title: &'static str,
    /// What each board key does, by `keymap::Does`, for `?`.
    pub key_help: [&'static str; Does::COUNT],
    /// The hint bar's short word for a key, by `keymap::Does`; empty: not in the hint bar.
    pub key_hint: [&'static str; Does::COUNT],
    /// The hint bar's first word while the banner shows an alert about a case.
    pub key_hint_acknowledge: &'static str,
    /// What each key of the case detail does, by `keymap::InDetail`.
    pub detail_help: [&'static str; InDetail::COUNT],
    pub mouse_help: &'static str,
    /// The heading of the detail's keys in the help.
    pub detail_keys: &'static str,
    pub collapse_note: &'static str,
    /// Rows out of sight above or below; `{n}` is replaced.
    pub more_rows: &'static str,
    /// After `more_rows`, how many of them are overdue; `{n}` is replaced.
    pub more_overdue: &'static str,
    /// After a number of minutes, in tight columns: "8m" / "8分".
    pub minute_short: &'static str,
    /// After a number of hours in a countdown: "5h" / "5时".
    pub hour_short: &'static str,
}

pub struct ShowLabels {
    pub number: &'static str,
    /// How many reports a problem stands on; the case a joined report counts with.
    pub reports: &'static str,
    pub joined_into: &'static str,
    pub state: &'static str,
    pub grid: &'static str,
    pub category: &'static str,
    pub channel: &'static str,
    pub place: &'static str,
    pub summary: &'static str,
    pub reporter: &'static str,
    pub tier: &'static str,
    pub reported: &'static str,
    pub responder: &'static str,
    pub arrival: &'static str,
    pub called_up: &'static str,
    pub resolved: &'static str,
    pub reporter_told: &'static str,
    pub cancelled: &'static str,
    pub timeline: &'static str,
    pub minutes: &'static str,
    pub resident_reported: &'static str,
}

pub struct StatsLabels {
    pub period: &'static str,
    pub collected: &'static str,
    /// Every report, those of a matter already reported too.
    pub reports: &'static str,
    pub resident_reported: &'static str,
    pub handled_by_community: &'static str,
    pub called_up: &'static str,
    pub open: &'static str,
    pub resolved: &'static str,
    pub resolved_same_day: &'static str,
    pub arrived: &'static str,
    pub arrived_within_target: &'static str,
    /// Imported history with no arrival recorded: neither on time nor late.
    pub arrival_not_recorded: &'static str,
    pub median_arrival: &'static str,
    pub p90_arrival: &'static str,
    pub cancelled: &'static str,
    pub reporter_told: &'static str,
    pub satisfied: &'static str,
    pub unsatisfied: &'static str,
    /// Titles of the breakdowns: grid, category, channel, tier, responder, body called up.
    pub by: [&'static str; 6],
    /// Columns of a breakdown: what, collected, arrived, within target, share.
    pub group_headers: [&'static str; 5],
    pub arrival_minutes: &'static str,
    pub days: &'static str,
    pub slowest: &'static str,
}

/// The words of a case's timeline. `{what}` is replaced.
pub struct TimelineWords {
    pub instead_of: &'static str,
    pub target: &'static str,
    pub public: &'static str,
    pub reporter_told: &'static str,
    pub arrival_alerts: &'static str,
    pub resolution_alerts: &'static str,
    pub undone: &'static str,
    /// `{report}` reported again; `{reports}` how many the case now has.
    pub reported_again: &'static str,
    pub joined_into: &'static str,
    pub split_from: &'static str,
    pub split_off: &'static str,
}

pub struct CheckLabels {
    pub site_config: &'static str,
    pub log: &'static str,
    pub on_alert: &'static str,
    pub on_alert_none: &'static str,
    pub config: &'static str,
    pub database: &'static str,
    pub schema: &'static str,
    pub integrity: &'static str,
    pub assets: &'static str,
    /// The demo's scenario; `{cases}` is how many scripted cases it has.
    pub demo: &'static str,
    pub ok: &'static str,
    pub defaults: &'static str,
    pub desktop: &'static str,
    pub desktop_off: &'static str,
    /// After why desktop alerts do not work: what happens instead and what to install.
    pub desktop_fix: &'static str,
    /// How the shared database is reached; `{version}` is the TLS version.
    pub link: &'static str,
    pub link_tls: &'static str,
    pub link_socket: &'static str,
    pub link_plain: &'static str,
}

pub fn texts(lang: Lang) -> &'static Texts {
    match lang {
        Lang::Zh => &zh::TEXTS,
        Lang::En => &en::TEXTS,
    }
}
