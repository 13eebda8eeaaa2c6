//! One keymap for every view: in both languages, every key a view handles is on its help page
//! with its words, the view's hint line is the one made from its table, and no key is bound
//! twice in one view. A key added to a table without its words, or a view drawing a
//! hand-written hint, fails here.

use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutydesk::app::command::Command;
use dutydesk::app::form::FormKind;
use dutydesk::app::{Board, CallUps, Detail, Failed, InFlight, Model, View, forms};
use dutydesk::i18n::{Lang, texts};
use dutydesk::keymap::{self, Binding, Key, hint_line};

use crate::common::cases::{self, now};

const LANGS: [Lang; 2] = [Lang::En, Lang::Zh];

fn community(lang: Lang) -> Model {
    cases::model(lang, cases::morning())
}

fn sub_district(lang: Lang) -> Model {
    let mut m = community(lang);
    m.board = Board::SubDistrict(Box::new(CallUps::new(Duration::minutes(30))));
    m
}

fn detail(number: &str) -> Detail {
    Detail {
        number: number.into(),
        case: None,
        events: Vec::new(),
        shifts: Vec::new(),
        reports: Vec::new(),
        scroll: 0,
        reveal: false,
    }
}

/// Every binding of `table` has a line on `help` reading its keys, then the start of its
/// words (the words may wrap in the box).
fn listed<A: Copy + std::fmt::Debug>(
    help: &str,
    table: &[Binding<A>],
    word: impl Fn(A) -> &'static str,
    view: &str,
) {
    for b in table {
        let what = word(b.does);
        assert!(!what.trim().is_empty(), "{view}: {:?} has no words", b.does);
        let start: String = what.chars().take(8).collect();
        let on_help = help
            .lines()
            .any(|l| l.contains(&format!("  {}", b.label())) && l.contains(&start));
        assert!(
            on_help,
            "{view}: {} ({what}) is not on the help:\n{help}",
            b.label()
        );
    }
}

/// The view shows the hint line made from its table, and that line names every key that has a
/// short word.
fn hinted<A: Copy>(
    shown: &str,
    table: &[Binding<A>],
    word: impl Fn(A) -> &'static str,
    view: &str,
) {
    let line = hint_line(table, &word);
    assert!(!line.is_empty(), "{view}: no hint");
    assert!(
        shown.contains(&line),
        "{view}: hint `{line}` not shown:\n{shown}"
    );
    for b in table.iter().filter(|b| !word(b.does).is_empty()) {
        assert!(
            line.contains(&*b.label()),
            "{view}: {} not in its hint",
            b.label()
        );
    }
}

fn twice<A>(table: &[Binding<A>]) -> Option<Key> {
    let keys: Vec<Key> = table.iter().flat_map(|b| b.keys.iter().copied()).collect();
    keys.iter()
        .enumerate()
        .find(|(i, k)| keys[i + 1..].contains(k))
        .map(|(_, k)| *k)
}

#[test]
fn no_view_binds_a_key_twice_nor_shadows_the_keys_of_every_view() {
    let always: Vec<Key> = keymap::ALWAYS
        .iter()
        .flat_map(|b| b.keys.iter().copied())
        .collect();
    let mut views: Vec<(&str, Vec<Key>, Option<Key>)> = Vec::new();
    macro_rules! view {
        ($name:expr, $table:expr) => {
            views.push((
                $name,
                $table.iter().flat_map(|b| b.keys.iter().copied()).collect(),
                twice($table),
            ))
        };
    }
    view!("board", keymap::BOARD);
    view!("detail", keymap::DETAIL);
    view!("call-ups", keymap::CALL_UPS);
    view!("always", keymap::ALWAYS);
    view!("help", keymap::HELP);
    view!("handover", keymap::HANDOVER);
    view!("figures", keymap::FIGURES);
    view!("roster", keymap::ROSTER);
    view!("question", keymap::QUESTION);
    view!("search", keymap::SEARCH);
    view!("failed", keymap::FAILED);
    view!("form", keymap::FORM);
    for (name, keys, twice) in views {
        assert_eq!(twice, None, "{name} binds a key twice");
        if name != "always" {
            for k in &always {
                assert!(
                    !keys.contains(k),
                    "{name} takes {k:?}, which every view keeps"
                );
            }
        }
    }
}

#[test]
fn the_detail_takes_the_case_keys_that_open_a_form() {
    for b in keymap::BOARD {
        assert_eq!(
            FormKind::of(b.does).is_some(),
            b.does.on_case(),
            "{:?}: a case key opens a form, and only they do",
            b.does
        );
    }
}

#[test]
fn the_community_help_lists_every_key_of_every_view_in_both_languages() {
    for lang in LANGS {
        let t = texts(lang);
        let k = &t.keys;
        let mut m = community(lang);
        m.view = View::Help;
        let help = cases::screen(&m, 120, 200);
        listed(&help, keymap::BOARD, |a| t.ui.key_help[a as usize], "board");
        listed(
            &help,
            keymap::DETAIL,
            |a| t.ui.detail_help[a as usize],
            "detail",
        );
        assert!(
            help.contains(&keymap::case_keys()),
            "the detail's case keys"
        );
        listed(&help, keymap::ALWAYS, |a| k.always[a as usize], "always");
        listed(&help, keymap::HELP, |a| k.sheet[a as usize], "help");
        listed(&help, keymap::HANDOVER, |a| k.sheet[a as usize], "handover");
        listed(&help, keymap::FIGURES, |a| k.figures[a as usize], "figures");
        listed(&help, keymap::ROSTER, |a| k.roster[a as usize], "roster");
        listed(
            &help,
            keymap::QUESTION,
            |a| k.question[a as usize],
            "question",
        );
        listed(&help, keymap::SEARCH, |a| k.search[a as usize], "search");
        listed(&help, keymap::FAILED, |a| k.failed[a as usize], "failed");
        listed(&help, keymap::FORM, |a| k.form[a as usize], "form");
        hinted(&help, keymap::HELP, |a| k.sheet[a as usize], "help");
    }
}

#[test]
fn the_sub_district_help_lists_its_keys_and_those_of_the_views_it_opens() {
    for lang in LANGS {
        let t = texts(lang);
        let k = &t.keys;
        let mut m = sub_district(lang);
        m.view = View::Help;
        let help = cases::screen(&m, 120, 200);
        listed(
            &help,
            keymap::CALL_UPS,
            |a| t.sub_district.keys[a as usize],
            "call-ups",
        );
        listed(&help, keymap::ALWAYS, |a| k.always[a as usize], "always");
        listed(&help, keymap::HELP, |a| k.sheet[a as usize], "help");
        listed(
            &help,
            keymap::QUESTION,
            |a| k.question[a as usize],
            "question",
        );
        listed(&help, keymap::FAILED, |a| k.failed[a as usize], "failed");
        listed(&help, keymap::FORM, |a| k.form[a as usize], "form");
        hinted(&help, keymap::HELP, |a| k.sheet[a as usize], "help");
        // Its forms are those it opens: note and resolve, from the same table.
        for key in ['u', 'c'] {
            let mut m = sub_district(lang);
            if let Board::SubDistrict(c) = &mut m.board {
                c.overview.call_ups.push(call_up());
                c.selected = Some("yongfeng/20261129-003".into());
            }
            let press = KeyEvent::new(KeyCode::Char(key), KeyModifiers::NONE);
            dutydesk::app::update(&mut m, dutydesk::app::Msg::Key(press), now());
            assert!(matches!(m.view, View::Form(_)), "{key} opens a form");
        }
    }
}

fn call_up() -> dutydesk::store::CallUpRow {
    dutydesk::store::CallUpRow {
        community: "yongfeng".into(),
        number: "20261129-003".into(),
        grid: 3,
        category: "facility.guard_rail".into(),
        place: "绿道".into(),
        summary: "台阶临河无护栏".into(),
        tier: "big".into(),
        state: "on_scene".into(),
        body: "subdistrict_urban".into(),
        called_up_ms: now().timestamp_millis(),
        received_ms: None,
        responder: None,
        reported_ms: now().timestamp_millis(),
        arrival_met: None,
        reports: 1,
    }
}

#[test]
fn every_view_shows_the_hint_made_from_its_table_in_both_languages() {
    for lang in LANGS {
        let t = texts(lang);
        let k = &t.keys;
        let at = |view: View| {
            let mut m = community(lang);
            m.view = view;
            cases::screen(&m, 250, 60)
        };
        hinted(
            &at(View::Handover),
            keymap::HANDOVER,
            |a| k.sheet[a as usize],
            "handover",
        );
        hinted(
            &at(View::Stats),
            keymap::FIGURES,
            |a| k.figures[a as usize],
            "figures",
        );
        hinted(
            &at(View::Roster { selected: 0 }),
            keymap::ROSTER,
            |a| k.roster[a as usize],
            "roster",
        );
        hinted(
            &at(View::ConfirmQuit),
            keymap::QUESTION,
            |a| k.question[a as usize],
            "question",
        );
        let mut m = community(lang);
        m.view = View::Form(Box::new(forms::report(&m)));
        let form = cases::screen(&m, 250, 60);
        hinted(
            &form,
            keymap::FORM,
            |a| if a.hinted() { k.form[a as usize] } else { "" },
            "form",
        );
        assert!(
            form.contains(k.fields),
            "the form says what its fields take"
        );

        let mut m = community(lang);
        m.searching = true;
        hinted(
            &cases::screen(&m, 250, 60),
            keymap::SEARCH,
            |a| k.search[a as usize],
            "search",
        );

        let mut m = community(lang);
        m.failed = Some(Failed {
            flight: InFlight {
                command: Command::Duty {
                    name: "张丽".into(),
                    on_duty: true,
                },
                undo: false,
            },
            why: "database is locked".into(),
        });
        hinted(
            &cases::screen(&m, 250, 60),
            keymap::FAILED,
            |a| k.failed[a as usize],
            "failed",
        );

        let mut m = community(lang);
        m.detail = Some(detail("20261128-001"));
        m.view = View::Detail;
        let shown = cases::screen(&m, 250, 60);
        hinted(
            &shown,
            keymap::DETAIL,
            |a| t.form.detail_hints[a as usize],
            "detail",
        );
        assert!(
            shown.contains(&keymap::case_keys()),
            "the detail's case keys:\n{shown}"
        );

        let mut m = sub_district(lang);
        m.detail = Some(detail("yongfeng/20261129-003"));
        m.view = View::Detail;
        let words = |a| t.sub_district.detail_hints[a as usize];
        hinted(
            &cases::screen(&m, 250, 60),
            keymap::CALL_UPS,
            words,
            "call-up detail",
        );

        // The boards' own bars: every key with a short word, in the table's order.
        let board = cases::screen(&community(lang), 250, 60);
        let bottom = board
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        for b in keymap::BOARD {
            let word = t.ui.key_hint[b.does as usize];
            if !word.is_empty() {
                let key = b.keys[0].label();
                assert!(
                    bottom.contains(&format!("{key} {word}")),
                    "board bar: {key} {word}"
                );
            }
        }
        let board = cases::screen(&sub_district(lang), 250, 60);
        let bottom = board
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        for b in keymap::CALL_UPS {
            let word = t.sub_district.hints[b.does as usize];
            if !word.is_empty() {
                let key = b.label();
                assert!(
                    bottom.contains(&format!("{key} {word}")),
                    "call-ups bar: {key} {word}"
                );
            }
        }
    }
}
