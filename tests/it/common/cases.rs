//! Cases built in memory with a fixed clock, for the dashboard's pure parts.
#![allow(dead_code)]

use chrono::{DateTime, Duration, TimeZone, Utc};
use dutydesk::app::Model;
use dutydesk::catalog::Catalog;
use dutydesk::desk::Snapshot;
use dutydesk::domain::lifecycle::{apply, open};
use dutydesk::domain::{Action, ArrivalHow, Case, Channel, Report, Rules, Targets, Tier};
use dutydesk::i18n::Lang;

/// 2026-11-28 10:00 in Shanghai.
pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 2, 0, 0)
        .single()
        .expect("valid time")
}

pub fn rules() -> Rules {
    Rules {
        arrival_target: Duration::minutes(15),
    }
}

/// A streetlight out on 新联街 (grid 1) reported by hotline at `at`, nobody named.
pub fn streetlight(at: DateTime<Utc>) -> Report {
    Report {
        grid: 1,
        category: "facility.streetlight".into(),
        channel: Channel::Hotline,
        place: "新联街".into(),
        summary: "路灯不亮".into(),
        reporter: None,
        phone: None,
        tier: Tier::Small,
        on_scene: None,
        at,
    }
}

/// A case reported `minutes_ago` before `now()`, in `grid`.
pub fn reported(number: &str, grid: u8, category: &str, place: &str, minutes_ago: i64) -> Case {
    let report = Report {
        grid,
        category: category.into(),
        channel: Channel::Hotline,
        place: place.into(),
        summary: "问题".into(),
        reporter: Some("张三".into()),
        phone: Some("13812345678".into()),
        tier: Tier::Small,
        on_scene: None,
        at: now() - Duration::minutes(minutes_ago),
    };
    open(number.into(), &report, &rules(), now())
        .expect("valid report")
        .0
}

pub fn then(case: Case, action: Action, minutes_ago: i64) -> Case {
    let at = now() - Duration::minutes(minutes_ago);
    apply(&case, &action, at, now(), &rules())
        .expect("allowed")
        .0
}

pub fn dispatched(case: Case, to: &str, minutes_ago: i64) -> Case {
    then(
        case,
        Action::Dispatch {
            responder: to.into(),
            note: None,
        },
        minutes_ago,
    )
}

pub fn arrived(case: Case, minutes_ago: i64) -> Case {
    then(
        case,
        Action::Arrive {
            how: ArrivalHow::Photo,
        },
        minutes_ago,
    )
}

/// A small community morning: one overdue, one in warning, one calm, one on scene, one called up.
pub fn morning() -> Vec<Case> {
    vec![
        reported(
            "20261128-001",
            2,
            "facility.fitness_equipment",
            "山水天成 3栋旁",
            17,
        ),
        dispatched(
            reported("20261128-002", 5, "water.sewer_blocked", "学府苑 5栋", 12),
            "陈静",
            10,
        ),
        reported("20261128-003", 3, "environment.garbage", "新联街 12号", 2),
        arrived(
            dispatched(
                reported("20261128-004", 4, "fire.hydrant_pipe_burst", "永丰广场", 40),
                "刘洋",
                38,
            ),
            30,
        ),
        then(
            arrived(
                dispatched(
                    reported(
                        "20261128-005",
                        1,
                        "facility.guard_rail",
                        "柏条河绿道新修台阶",
                        50,
                    ),
                    "李秀英",
                    49,
                ),
                41,
            ),
            Action::Escalate {
                body: "subdistrict_office".into(),
                note: None,
            },
            40,
        ),
    ]
}

pub fn model(lang: Lang, cases: Vec<Case>) -> Model {
    let catalog = Catalog::embedded();
    let mut model = Model::new(
        lang,
        "新联社区".into(),
        "王主任".into(),
        Targets::default(),
        catalog.clone(),
    );
    let snapshot = Snapshot {
        day: Targets::default().zone_day(now()),
        roster: catalog.roster.clone(),
        today: dutydesk::domain::Figures::of(&cases, &Targets::default()),
        recent: cases.clone(),
        open: cases,
        links: Vec::new(),
        patrols: Vec::new(),
        acknowledged: Vec::new(),
        officer: Some("王主任".into()),
        moved: None,
        big_matters: Vec::new(),
    };
    dutydesk::app::board::load(&mut model, snapshot);
    model.loaded = true;
    model
}

/// The whole screen `model` draws at `width`x`height` at `now()`, without colour, as a
/// terminal shows it.
pub fn screen(model: &Model, width: u16, height: u16) -> String {
    let mut terminal = ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height))
        .expect("terminal");
    let theme = dutydesk::ui::Theme {
        color: false,
        console: false,
    };
    terminal
        .draw(|frame| dutydesk::ui::render(frame, model, now(), theme))
        .expect("draw");
    screen_text(terminal.backend().buffer())
}

/// The screen as a terminal shows it: a wide character covers the cell after it.
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    use unicode_width::UnicodeWidthStr;
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let mut x = 0;
        while x < area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += u16::try_from(symbol.width().max(1)).expect("width");
        }
        out.push('\n');
    }
    out
}
