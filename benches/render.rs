//! Rendering a whole 200x50 wall-screen frame with 1,000 and 10,000 open cases.
//! `cargo bench --bench render`; the target is under 1 ms a frame at 1,000.

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use dutydesk::app::Model;
use dutydesk::catalog::Catalog;
use dutydesk::desk::Snapshot;
use dutydesk::domain::lifecycle::{apply, open};
use dutydesk::domain::{Action, Case, Channel, Figures, Report, Rules, Targets, Tier};
use dutydesk::i18n::Lang;
use dutydesk::ui::{Screen, Theme, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn cases(n: usize, now: chrono::DateTime<Utc>, catalog: &Catalog) -> Vec<Case> {
    let rules = Rules {
        arrival_target: Duration::minutes(15),
    };
    let kinds: Vec<&str> = catalog.kinds().map(|k| k.code.as_str()).collect();
    (0..n)
        .map(|i| {
            let report = Report {
                grid: (i % 7 + 1) as u8,
                category: kinds[i % kinds.len()].to_string(),
                channel: Channel::Hotline,
                place: format!("山水天成 {} 栋", i % 40),
                summary: "问题".into(),
                reporter: None,
                phone: None,
                tier: Tier::Small,
                on_scene: None,
                at: now - Duration::seconds((i as i64 * 37) % 3600),
            };
            let case = open(format!("20261128-{i:03}"), &report, &rules, now)
                .expect("open")
                .0;
            if i % 3 == 0 {
                let dispatch = Action::Dispatch {
                    responder: "王建华".into(),
                    note: None,
                };
                apply(&case, &dispatch, now, now, &rules)
                    .expect("dispatch")
                    .0
            } else {
                case
            }
        })
        .collect()
}

fn model(n: usize, now: chrono::DateTime<Utc>, catalog: &Catalog) -> Model {
    let open = cases(n, now, catalog);
    let mut model = Model::new(
        Lang::Zh,
        "新联社区".into(),
        "王主任".into(),
        Targets::default(),
        catalog.clone(),
    );
    // As the dashboard takes a snapshot: its open cases put in board order once.
    let snapshot = Snapshot {
        today: Figures::of(&open, &Targets::default()),
        day: Targets::default().zone_day(now),
        roster: catalog.roster.clone(),
        recent: Vec::new(),
        open,
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

fn frame(c: &mut Criterion) {
    let now = Utc
        .with_ymd_and_hms(2026, 11, 28, 2, 0, 0)
        .single()
        .expect("time");
    let catalog = Catalog::embedded();
    let theme = Theme {
        color: true,
        console: false,
    };
    for n in [1_000, 10_000] {
        let model = model(n, now, &catalog);
        let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
        c.bench_function(&format!("frame 200x50, {n} open cases"), |b| {
            b.iter(|| {
                terminal
                    .draw(|f| render(f, &model, now, theme))
                    .expect("draw");
            })
        });
    }
    // What a wall screen does every second: the clock moves, the countdowns change.
    let model = model(200, now, &catalog);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    let mut second = 0;
    c.bench_function("one idle second 200x50, 200 open cases", |b| {
        b.iter(|| {
            second += 1;
            let at = now + Duration::seconds(second % 600);
            terminal
                .draw(|f| render(f, &model, at, theme))
                .expect("draw");
        })
    });
    // The same second as the dashboard draws it: only the clocks rewritten over the last frame.
    let mut screen = Screen::new();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
    screen
        .draw(&mut terminal, &model, now, theme, false)
        .expect("draw");
    let mut second = 0;
    c.bench_function("one idle second 200x50, 200 open cases, clocks only", |b| {
        b.iter(|| {
            // Within the first 4 minutes no case changes stage, as on most seconds.
            second = second % 240 + 1;
            let at = now + Duration::seconds(second);
            screen
                .draw(&mut terminal, &model, at, theme, true)
                .expect("draw");
        })
    });
    assert!(screen.repaints() > 0, "the clocks-only path ran");
}

criterion_group!(benches, frame);
criterion_main!(benches);
