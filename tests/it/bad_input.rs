//! A catalogue of bad input across every subcommand, config key and form field: each is refused
//! with exit 2 and a message that names the field, the database is byte-for-byte unchanged,
//! and nothing panics.

use crate::common;
use crate::common::cases;

use std::path::Path;

use common::Desk;

fn bytes(path: &Path) -> Vec<u8> {
    std::fs::read(path).expect("read")
}

/// A report's arguments with `field` replaced (or added) by `value`.
fn report(field: &str, value: &str) -> Vec<String> {
    let mut args: Vec<(String, String)> = [
        ("--grid", "2"),
        ("--category", "facility.fitness_equipment"),
        ("--channel", "hotline"),
        ("--place", "山水天成 3栋旁"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    let mut summary = "健身器材断裂".to_string();
    if field == "summary" {
        summary = value.to_string();
    } else if let Some(pair) = args.iter_mut().find(|(k, _)| k == field) {
        pair.1 = value.to_string();
    } else {
        args.push((field.to_string(), value.to_string()));
    }
    let mut out = vec!["report".to_string()];
    for (k, v) in args {
        out.push(k);
        out.push(v);
    }
    out.push("--".into());
    out.push(summary);
    out
}

fn words(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Every bad command line, with what its message must name.
fn catalogue(open: &str, reported: &str) -> Vec<(Vec<String>, String)> {
    let long = |n: usize| "长".repeat(n);
    let mut all: Vec<(Vec<String>, String)> = Vec::new();
    let mut add = |args: Vec<String>, needle: &str| all.push((args, needle.to_string()));
    for g in ["0", "8", "99", "-1", "abc", "", "1.5", "256", "２", "1e1"] {
        add(report("--grid", g), "grid");
    }
    for c in [
        "",
        " ",
        "facility",
        "facility.streetlite",
        "a\u{1b}[2Jb",
        &long(300),
        "fire.",
    ] {
        add(report("--category", c), "category");
    }
    for c in ["", "phone", "HOTLINE", "hot line", "\u{1b}", "微信群"] {
        add(report("--channel", c), "channel");
    }
    for p in ["", " ", "\t", &long(201)] {
        add(report("--place", p), "place");
    }
    for s in ["", "   ", &long(2001)] {
        add(report("summary", s), "summary");
    }
    add(report("--reporter", &long(201)), "reporter");
    for p in [
        "abc",
        "1",
        "13812345678abc",
        "++",
        "1234",
        "1234567890123456",
        "１３８１２３４５６７８",
        "138-1234-5678-9999-0000",
    ] {
        add(report("--phone", p), "phone");
    }
    for t in ["huge", "", "Small", "大事"] {
        add(report("--tier", t), "tier");
    }
    for a in [
        "",
        "5",
        "5 parsecs",
        "-5m",
        "99999d",
        "11y",
        "m",
        "half an hour",
        "5m5",
        "９０s",
    ] {
        add(report("--ago", a), "--ago");
    }
    for a in [
        "yesterday",
        "2099-01-01 00:00",
        "1999-12-31 23:59",
        "2026-13-01 00:00",
        "2026-02-30 10:00",
        "",
        "0001-01-01T00:00:00+00:00",
    ] {
        add(report("--at", a), "time");
    }
    for r in ["Nobody", "王建华 "] {
        add(report("--on-scene", r), "responder");
    }
    // Commands about a case.
    for (args, needle) in [
        (vec!["dispatch", open, "--to", "Nobody"], "responder"),
        (vec!["dispatch", open, "--to", ""], "responder"),
        (
            vec!["dispatch", "20990101-001", "--to", "王建华"],
            "20990101-001",
        ),
        (vec!["dispatch", "nonsense", "--to", "王建华"], "nonsense"),
        (
            vec![
                "dispatch",
                open,
                "--to",
                "王建华",
                "--at",
                "2099-01-01 00:00",
            ],
            "time",
        ),
        (
            vec!["dispatch", open, "--to", "王建华", "--ago", "1x"],
            "--ago",
        ),
        (
            vec!["dispatch", open, "--to", "王建华", "--note", &long(2001)],
            "note",
        ),
        (vec!["arrive", open, "--how", "teleport"], "how"),
        (vec!["arrive", reported, "--how", "photo"], reported),
        (
            vec!["arrive", open, "--how", "photo", "--ago", "10d"],
            "time",
        ),
        (vec!["escalate", open, "--to", "nobody_body"], "body"),
        (vec!["escalate", open, "--to", ""], "body"),
        (
            vec!["escalate", "20990101-001", "--to", "subdistrict_office"],
            "20990101-001",
        ),
        (vec!["tier", open, "huge"], "tier"),
        (vec!["tier", open, "small"], open),
        (vec!["tier", "20990101-001", "big"], "20990101-001"),
        (vec!["note", open, ""], "note"),
        (vec!["note", open, "  "], "note"),
        (vec!["note", open, &long(2001)], "note"),
        (vec!["note", "20990101-001", "x"], "20990101-001"),
        (vec!["resolve", open, "--note", ""], "note"),
        (vec!["resolve", reported, "--note", "done"], reported),
        (
            vec!["resolve", open, "--note", "done", "--at", "yesterday"],
            "--at",
        ),
        (vec!["tell", open], open),
        (vec!["tell", "20990101-001"], "20990101-001"),
        (vec!["cancel", open, "--reason", ""], "reason"),
        (vec!["cancel", open, "--reason", &long(2001)], "reason"),
        (
            vec!["cancel", "20990101-001", "--reason", "dup"],
            "20990101-001",
        ),
        (vec!["reopen", open, "--reason", "again"], open),
        (vec!["reopen", open, "--reason", ""], "reason"),
        (vec!["show", "20990101-001"], "20990101-001"),
        (vec!["show", ""], "``"),
        (vec!["list", "--grid", "9"], "grid"),
        (vec!["list", "--grid", "abc"], "grid"),
        (vec!["stats", "--day", "2026-13-01"], "--day"),
        (vec!["stats", "--day", "tomorrow"], "--day"),
        (vec!["stats", "--from", "x", "--to", "2026-11-01"], "--from"),
        (vec!["stats", "--from", "2026-11-01", "--to", "y"], "--to"),
        (
            vec!["stats", "--from", "2026-11-30", "--to", "2026-11-01"],
            "to",
        ),
        (vec!["patrol", "--grid", "0", "morning"], "grid"),
        (vec!["patrol", "--grid", "2", "noon"], "slot"),
        (
            vec![
                "patrol",
                "--grid",
                "2",
                "morning",
                "--at",
                "2099-01-01 00:00",
            ],
            "time",
        ),
        (
            vec!["patrol", "--grid", "2", "morning", "--ago", "99999d"],
            "--ago",
        ),
        (
            vec!["patrol", "--grid", "2", "morning", "--findings", "-1"],
            "findings",
        ),
        (
            vec!["patrol", "--grid", "2", "morning", "--findings", "many"],
            "findings",
        ),
        (vec!["roster", "add", "", "--role", "cadre"], "name"),
        (vec!["roster", "add", "   ", "--role", "cadre"], "name"),
        (vec!["roster", "add", &long(201), "--role", "cadre"], "name"),
        (vec!["roster", "add", "X", "--role", "king"], "role"),
        (
            vec!["roster", "add", "X", "--role", "cadre", "--grid", "9"],
            "grid",
        ),
        (
            vec!["roster", "add", "X", "--role", "cadre", "--phone", "abc"],
            "phone",
        ),
        (
            vec!["roster", "add", "X", "--role", "cadre", "--phone", "1"],
            "phone",
        ),
        (vec!["roster", "add", "王建华", "--role", "cadre"], "name"),
        (vec!["roster", "duty", "Nobody", "on"], "Nobody"),
        (vec!["roster", "duty", "王建华", "maybe"], "duty"),
        (vec!["codes", "bogus"], "kind"),
        (vec!["--lang", "fr", "list"], "lang"),
        (vec!["report"], "--grid"),
        (vec!["dispatch", open], "--to"),
        (vec!["frobnicate"], "frobnicate"),
    ] {
        add(words(&args), needle);
    }
    all
}

/// Config files with one bad key each, and what the message must name.
fn bad_configs() -> Vec<(&'static str, &'static str)> {
    vec![
        ("language = \"fr\"\n", "language"),
        ("language = 1\n", "language"),
        ("time_zone = \"Mars/Olympus\"\n", "time_zone"),
        ("time_zone = \"\"\n", "time_zone"),
        ("community = 5\n", "community"),
        ("duty_officer = []\n", "duty_officer"),
        ("mouse = \"no\"\n", "mouse"),
        ("unknown_key = 1\n", "unknown_key"),
        ("[targets]\narrival_minutes = 0\n", "arrival_minutes"),
        ("[targets]\narrival_minutes = 999\n", "arrival_minutes"),
        ("[targets]\narrival_minutes = \"15\"\n", "arrival_minutes"),
        ("[targets]\narrival_minutes = 15.5\n", "arrival_minutes"),
        ("[targets]\nwarning_minutes = 20\n", "warning_minutes"),
        ("[targets]\nwarning_minutes = -1\n", "warning_minutes"),
        ("[targets]\nmedium_days = -1\n", "medium_days"),
        ("[targets]\nmedium_days = 61\n", "medium_days"),
        ("[targets]\narival_minutes = 10\n", "arival_minutes"),
        ("[alerts]\nreminder_minutes = 0\n", "reminder_minutes"),
        ("[alerts]\nreminder_minutes = 121\n", "reminder_minutes"),
        (
            "[alerts]\nresolution_lead_minutes = 721\n",
            "resolution_lead_minutes",
        ),
        ("[alerts]\ndesktop = \"yes\"\n", "desktop"),
        ("[alerts]\non_alert = \"siren\"\n", "on_alert"),
        ("[alerts]\non_alert = [1, 2]\n", "on_alert"),
        (
            "[alerts]\non_alert_timeout_seconds = 0\n",
            "on_alert_timeout_seconds",
        ),
        (
            "[alerts]\non_alert_timeout_seconds = 121\n",
            "on_alert_timeout_seconds",
        ),
        ("[alerts]\nsiren = true\n", "siren"),
        (
            "[assets]\ncategories = \"/nonexistent/categories.toml\"\n",
            "categories",
        ),
        ("[assets]\ngrids = 3\n", "grids"),
        ("[assets]\nmaps = \"x\"\n", "maps"),
        ("[targets\narrival_minutes = 15\n", "line 1"),
        ("language = \"en\"\nlanguage = \"zh\"\n", "language"),
        ("\u{feff}\u{0}", "config"),
    ]
}

#[test]
fn every_bad_input_is_refused_by_name_and_changes_nothing() {
    let desk = Desk::new();
    let open = desk.report(&["--ago", "30m"]);
    desk.ok(&["dispatch", &open, "--to", "王建华", "--ago", "29m"]);
    let reported = desk.report(&["--ago", "1m"]);
    let before = bytes(&desk.db);
    let mut tried = 0;
    for (args, needle) in catalogue(&open, &reported) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = desk.output(&args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(
            err.to_lowercase().contains(&needle.to_lowercase()),
            "{args:?}: the message names {needle}: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
        assert_eq!(bytes(&desk.db), before, "{args:?} changed the database");
        tried += 1;
    }
    // Arguments that are not UTF-8 at all.
    use std::os::unix::ffi::OsStrExt;
    for (flag, value) in [("--place", &b"\xff\xfe"[..]), ("--category", b"a\xc3")] {
        let out = desk
            .cmd()
            .args(["report", "--grid", "2", "--channel", "hotline"])
            .arg(flag)
            .arg(std::ffi::OsStr::from_bytes(value))
            .args([
                "--category",
                "facility.fitness_equipment",
                "--place",
                "p",
                "s",
            ])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains(flag));
        assert_eq!(bytes(&desk.db), before);
        tried += 1;
    }
    let config = desk.dir.path().join("bad.toml");
    for (text, needle) in bad_configs() {
        std::fs::write(&config, text).expect("config");
        let out = desk
            .cmd()
            .arg("--config")
            .arg(&config)
            .args(["list"])
            .output()
            .expect("runs");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{text:?}: {err}");
        assert!(
            err.contains(needle),
            "{text:?}: the message names {needle}: {err}"
        );
        assert_eq!(bytes(&desk.db), before, "{text:?}");
        tried += 1;
    }
    tried += form_fields();
    println!("{tried} bad inputs refused, each by name, nothing changed");
    assert!(tried >= 150, "{tried}");
}

/// The dashboard's forms: each bad field keeps the form open, names the problem beside the
/// field, and asks for no write.
fn form_fields() -> usize {
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    use dutydesk::app::form::FieldKey;
    use dutydesk::app::{Effect, Msg, update};
    use dutydesk::i18n::Lang;
    let key = |c: KeyCode| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
    let mut tried = 0;
    let bad: &[(FieldKey, &str)] = &[
        (FieldKey::Phone, "abc"),
        (FieldKey::Phone, "1"),
        (FieldKey::Phone, "13812345678abc"),
        (FieldKey::MinutesAgo, "9999"),
        (FieldKey::MinutesAgo, "-5"),
        (FieldKey::MinutesAgo, "ten"),
        (FieldKey::Grid, "9"),
        (FieldKey::Category, "zzzz"),
        (FieldKey::Channel, "zzzz"),
        (FieldKey::Tier, "zzzz"),
    ];
    for (field, text) in bad {
        let mut m = cases::model(Lang::En, cases::morning());
        update(&mut m, key(KeyCode::Char('n')), cases::now());
        // Fill the required fields well, then the bad one.
        let fill = |m: &mut dutydesk::app::Model, f: FieldKey, t: &str| {
            let Some(dutydesk::app::View::Form(form)) = Some(&mut m.view) else {
                return;
            };
            let i = form.fields.iter().position(|x| x.key == f).expect("field");
            form.focus = i;
            for c in t.chars() {
                update(m, key(KeyCode::Char(c)), cases::now());
            }
        };
        for (f, t) in [
            (FieldKey::Grid, "2"),
            (FieldKey::Category, "fitness"),
            (FieldKey::Place, "p"),
            (FieldKey::Summary, "s"),
        ] {
            if f != *field {
                fill(&mut m, f, t);
            }
        }
        fill(&mut m, *field, text);
        let out = update(&mut m, key(KeyCode::Enter), cases::now());
        assert!(
            !out.effects.iter().any(|e| matches!(e, Effect::Write(_))),
            "{field:?} = {text:?} asked for a write"
        );
        let form = m.form().expect("the form stays open");
        let problem = form.field(*field).and_then(|f| f.problem());
        assert!(problem.is_some(), "{field:?} = {text:?} is marked");
        tried += 1;
    }
    tried
}
