//! Personal data never leaves masked: the full phone numbers and names of a seeded data set
//! are searched for on every output surface (text and JSON views, stats, the roster, errors,
//! the log, alerts, the dashboard and its detail). Only `--reveal` shows them, and only where
//! asked for. Every file the desk writes is its owner's alone.

use crate::common;
use crate::common::cases;

use common::Desk;

const PHONES: [&str; 3] = ["13812345678", "13990017890", "02887170701"];
const NAMES: [&str; 3] = ["张三丰", "李秀梅", "Wang Xiaoming"];
const ROSTER_PHONE: &str = "13700001111";

fn assert_private(what: &str, text: &str) {
    for secret in PHONES.iter().chain(&[ROSTER_PHONE]).chain(NAMES.iter()) {
        assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
    }
}

#[test]
fn no_surface_shows_a_full_phone_or_name_unless_revealed() {
    let desk = Desk::new();
    let mut numbers = Vec::new();
    for (phone, name) in PHONES.iter().zip(NAMES) {
        numbers.push(desk.report(&["--ago", "20m"]));
        let n = desk
            .ok(&[
                "report",
                "--grid",
                "3",
                "--category",
                "environment.garbage",
                "--channel",
                "hotline",
                "--place",
                "新联街",
                "--reporter",
                name,
                "--phone",
                phone,
                "--ago",
                "18m",
                "垃圾堆积",
            ])
            .trim()
            .to_string();
        numbers.push(n);
    }
    desk.ok(&[
        "roster",
        "add",
        "赵六",
        "--role",
        "cadre",
        "--phone",
        ROSTER_PHONE,
    ]);
    let mut surfaces: Vec<Vec<String>> = vec![
        vec!["list".into(), "--all".into()],
        vec!["list".into(), "--json".into()],
        vec!["stats".into()],
        vec!["stats".into(), "--json".into()],
        vec!["roster".into(), "list".into()],
        vec!["roster".into(), "list".into(), "--json".into()],
    ];
    for n in &numbers {
        surfaces.push(vec!["show".into(), n.clone()]);
        surfaces.push(vec!["show".into(), n.clone(), "--json".into()]);
    }
    for args in &surfaces {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = desk.output(&args);
        assert!(out.status.success(), "{args:?}");
        assert_private(&format!("{args:?}"), &String::from_utf8_lossy(&out.stdout));
        assert_private(
            &format!("{args:?} errors"),
            &String::from_utf8_lossy(&out.stderr),
        );
    }
    // Errors that quote a phone quote it masked.
    let err = desk.fails(
        2,
        &[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            "p",
            "--phone",
            "13812345678x",
            "s",
        ],
    );
    assert_private("a phone error", &err);
    // Only --reveal shows them, where asked.
    let revealed = desk.ok(&["show", &numbers[1], "--reveal"]);
    assert!(
        revealed.contains(PHONES[0]) && revealed.contains(NAMES[0]),
        "{revealed}"
    );
    let roster = desk.ok(&["roster", "list", "--reveal"]);
    assert!(roster.contains(ROSTER_PHONE), "{roster}");
}

#[test]
fn the_dashboard_its_detail_and_its_alerts_mask_them() {
    use dutydesk::app::{Detail, Effect, Msg, View, update};
    use dutydesk::i18n::Lang;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut all = cases::morning();
    for (case, (phone, name)) in all.iter_mut().zip(PHONES.iter().zip(NAMES)) {
        case.phone = Some(phone.to_string());
        case.reporter = Some(name.to_string());
    }
    for lang in [Lang::En, Lang::Zh] {
        let mut m = cases::model(lang, all.clone());
        let draw = |m: &dutydesk::app::Model| {
            let mut t = Terminal::new(TestBackend::new(200, 50)).expect("terminal");
            t.draw(|f| {
                dutydesk::ui::render(
                    f,
                    m,
                    cases::now(),
                    dutydesk::ui::Theme {
                        color: false,
                        console: false,
                    },
                )
            })
            .expect("draw");
            t.backend()
                .buffer()
                .content()
                .iter()
                .map(|c| c.symbol())
                .collect::<String>()
        };
        assert_private("the board", &draw(&m));
        m.detail = Some(Detail {
            number: all[0].number.clone(),
            case: Some(all[0].clone()),
            events: Vec::new(),
            shifts: Vec::new(),
            reports: Vec::new(),
            scroll: 0,
            reveal: false,
        });
        m.view = View::Detail;
        assert_private("the detail", &draw(&m));
        let tick = update(&mut m, Msg::Tick, cases::now());
        let claims: Vec<_> = tick
            .effects
            .iter()
            .filter_map(|e| match e {
                Effect::Claim(a) => Some(a.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        let out = update(&mut m, Msg::Claimed(Ok(claims)), cases::now());
        for e in &out.effects {
            if let Effect::Notify { notice, .. } = e {
                assert_private(
                    "an alert",
                    &format!("{} {} {}", notice.summary, notice.body, notice.place),
                );
            }
        }
        // `m` shows them in the detail, on purpose.
        if let Some(d) = m.detail.as_mut() {
            d.reveal = true;
        }
        m.view = View::Detail;
        assert!(draw(&m).contains(PHONES[0]), "revealed on request");
    }
}

#[cfg(unix)]
#[test]
fn the_log_holds_no_phone_and_every_file_is_the_owners() {
    use std::os::unix::fs::PermissionsExt;
    let desk = Desk::new();
    desk.report(&["--ago", "20m"]);
    // The dashboard logs as it runs: start it, let it alert, stop it.
    let tmux = common::tmux::Tmux::dashboard(&desk, "en_US.UTF-8", (120, 32), &[], &[]);
    tmux.wait_for("the alert", std::time::Duration::from_secs(10), |s| {
        s.contains("overdue")
    });
    tmux.send("q");
    tmux.send("y");
    tmux.exit_code();
    // Logs go where logs go: the XDG state folder.
    let data = desk.dir.path().join(".local/state/dutydesk");
    let log = std::fs::read_to_string(data.join("dutydesk.log")).expect("a log");
    assert!(!log.is_empty());
    assert!(
        !log.contains("13812345678"),
        "the log shows a phone:\n{log}"
    );
    let mode =
        |p: &std::path::Path| std::fs::metadata(p).expect("there").permissions().mode() & 0o777;
    assert_eq!(mode(&desk.db), 0o600, "the database");
    assert_eq!(mode(&data.join("dutydesk.log")), 0o600, "the log");
    assert_eq!(mode(&data) & 0o077, 0, "the log's folder");
}
