//! Hostile text on every output surface: whatever a resident, a script or a file puts in a case
//! (escape sequences that set the window title, clear or recolour the screen, C1 controls,
//! bidi overrides), not one byte of it acts on a terminal. Checked on the real binary's raw
//! output (text and JSON, errors too), the dashboard's screen and the alerts it sends.

use crate::common;
use crate::common::cases;

use common::Desk;

/// What an adversary would type, one trick each.
const HOSTILE: &[&str] = &[
    "P\u{1b}]0;pwned\u{7}X",
    "\u{1b}[2J\u{1b}[Hcleared",
    "\u{1b}[38;2;255;0;0mred",
    "over\rwrite",
    "back\u{8}\u{8}space",
    "\u{9b}2Jcsi",
    "\u{202e}desrever",
    "\u{2066}isolated\u{2069}",
    "del\u{7f}ete",
    "next\u{85}line",
    "\u{1b}",
];

/// A character that acts on a terminal, by the standards' own lists (independent of the
/// program's): C0 but the line break, DEL, C1, bidi embeddings, overrides and isolates.
fn acts_on_a_terminal(c: char) -> bool {
    let n = u32::from(c);
    (n < 0x20 && c != '\n')
        || n == 0x7f
        || (0x80..=0x9f).contains(&n)
        || (0x202a..=0x202e).contains(&n)
        || (0x2066..=0x2069).contains(&n)
        || matches!(n, 0x200e | 0x200f | 0x061c)
}

fn assert_clean(what: &str, bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    if let Some(c) = text.chars().find(|&c| acts_on_a_terminal(c)) {
        panic!(
            "{what}: U+{:04X} reaches the terminal in:\n{text:?}",
            u32::from(c)
        );
    }
}

#[test]
fn hostile_case_text_never_reaches_the_terminal_raw() {
    let desk = Desk::new();
    let mut numbers = Vec::new();
    for h in HOSTILE {
        let out = desk.output(&[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            h,
            "--reporter",
            h,
            h,
        ]);
        assert!(
            out.status.success(),
            "{h:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let number = String::from_utf8(out.stdout)
            .expect("utf-8")
            .trim()
            .to_string();
        desk.ok(&["note", &number, h]);
        desk.ok(&["dispatch", &number, "--to", "王建华", "--note", h]);
        numbers.push(number);
    }
    // A shift handed to a hostile name: on every case's timeline and on the sheet.
    for h in HOSTILE {
        let out = desk.output(&["handover", "--to", h]);
        assert!(out.status.success(), "{h:?}");
        assert_clean("handover --to", &out.stdout);
    }
    let out = desk.output(&["roster", "add", HOSTILE[0], "--role", "cadre"]);
    assert_clean("roster add", &out.stdout);
    assert_clean("roster add (errors)", &out.stderr);
    let mut surfaces: Vec<Vec<String>> = vec![
        vec!["list".into()],
        vec!["list".into(), "--all".into(), "--reveal".into()],
        vec!["list".into(), "--json".into()],
        vec!["list".into(), "--json".into(), "--reveal".into()],
        vec!["roster".into(), "list".into()],
        vec!["roster".into(), "list".into(), "--json".into()],
        vec!["stats".into()],
        vec!["handover".into()],
        vec!["handover".into(), "--json".into()],
    ];
    for n in &numbers {
        surfaces.push(vec!["show".into(), n.clone()]);
        surfaces.push(vec!["show".into(), n.clone(), "--reveal".into()]);
        surfaces.push(vec!["show".into(), n.clone(), "--json".into()]);
    }
    for args in &surfaces {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = desk.output(&args);
        assert!(out.status.success(), "{args:?}");
        assert_clean(&format!("{args:?}"), &out.stdout);
        assert_clean(&format!("{args:?} (errors)"), &out.stderr);
    }
    // Shown, not dropped: the officer sees that something odd was typed.
    let list = desk.ok(&["list", "--all", "--reveal"]);
    assert!(list.contains("P␛]0;pwned␇X"), "{list}");
    let show = desk.ok(&["show", &numbers[5]]);
    assert!(show.contains("\\u{9b}2Jcsi"), "{show}");
    // JSON keeps the very text, escaped: a script reads back what was typed.
    let json = desk.json(&["show", &numbers[6]]);
    assert_eq!(json["case"]["summary"], HOSTILE[6]);
    // Errors that quote the input quote it visibly.
    for h in HOSTILE {
        let out = desk.output(&[
            "report",
            "--grid",
            "2",
            "--category",
            h,
            "--channel",
            "hotline",
            "--place",
            "p",
            "s",
        ]);
        assert_eq!(out.status.code(), Some(2));
        assert_clean("an error quoting a category", &out.stderr);
    }
}

#[test]
fn the_dashboard_and_its_alerts_show_hostile_text_visibly() {
    use dutydesk::app::{Effect, Msg, update};
    use dutydesk::i18n::Lang;
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let mut cases = cases::morning();
    for (case, h) in cases.iter_mut().zip(HOSTILE) {
        case.place = (*h).to_string();
        case.summary = (*h).to_string();
    }
    let mut m = cases::model(Lang::En, cases);
    let mut terminal = Terminal::new(TestBackend::new(160, 45)).expect("terminal");
    terminal
        .draw(|f| {
            dutydesk::ui::render(
                f,
                &m,
                cases::now(),
                dutydesk::ui::Theme {
                    color: true,
                    console: false,
                },
            )
        })
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let mut screen = String::new();
    for cell in buffer.content() {
        screen.push_str(cell.symbol());
    }
    assert_clean("the board", screen.as_bytes());
    assert!(screen.contains("P␛]0;pwned␇X"), "shown, not dropped");
    // The alert the overdue case raises: banner, desktop notification and on_alert all take
    // their text from the notice.
    let tick = update(&mut m, Msg::Tick, cases::now());
    let alerts = tick
        .effects
        .iter()
        .find_map(|e| match e {
            Effect::Claim(a) => Some(a.clone()),
            _ => None,
        })
        .expect("an alert");
    let out = update(&mut m, Msg::Claimed(Ok(alerts)), cases::now());
    let notices: Vec<_> = out
        .effects
        .iter()
        .filter_map(|e| match e {
            Effect::Notify { notice, .. } => Some(notice.clone()),
            _ => None,
        })
        .collect();
    assert!(!notices.is_empty());
    for n in &notices {
        for text in [&n.summary, &n.body, &n.place] {
            assert_clean("an alert", text.as_bytes());
        }
    }
}
