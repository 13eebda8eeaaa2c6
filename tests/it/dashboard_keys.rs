//! Every keyboard path of the dispatching desk through `update` with a fixed clock: forms
//! that check as they are typed, refusals, writes that succeed, are refused or fail, undo.

use crate::common::cases;

use cases::{model, morning, now};
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use dutydesk::app::command::{Command, WriteError, Written};
use dutydesk::app::form::{FieldKey, FormKind, Problem};
use dutydesk::app::{Effect, Model, Msg, View, board, update};
use dutydesk::domain::{Action, ArrivalHow, EventKind, State};
use dutydesk::i18n::Lang;
use dutydesk::store::Change;

fn press(m: &mut Model, code: KeyCode) -> Vec<Effect> {
    update(m, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now()).effects
}

fn typed(m: &mut Model, text: &str) {
    for c in text.chars() {
        press(m, KeyCode::Char(c));
    }
}

fn form_kind(m: &Model) -> Option<FormKind> {
    m.form().map(|f| f.kind)
}

/// Selects the case numbered `number` on the board.
fn select(m: &mut Model, number: &str) {
    let rows = board::shown(m, now());
    assert!(rows.iter().any(|r| r.case.number == number), "on the board");
    m.selected = Some(number.to_string());
}

fn the_write(effects: &[Effect]) -> Command {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Write(c) => Some(c.clone()),
            _ => None,
        })
        .expect("a write was asked for")
}

#[test]
fn a_new_report_is_checked_as_typed_and_written_only_when_valid() {
    let mut m = model(Lang::En, morning());
    press(&mut m, KeyCode::Char('n'));
    assert_eq!(form_kind(&m), Some(FormKind::Report));
    // Nothing is guessed: grid, category and tier start empty and are required. Submitting
    // empty writes nothing; the first invalid field (the grid) gets the focus.
    let form = m.form().expect("form");
    for key in [FieldKey::Grid, FieldKey::Category, FieldKey::Tier] {
        assert_eq!(form.code(key), "", "{key:?} starts empty");
    }
    assert!(press(&mut m, KeyCode::Enter).is_empty());
    let form = m.form().expect("form still open");
    assert!(form.tried);
    assert_eq!(form.fields[form.focus].key, FieldKey::Grid);
    for key in [FieldKey::Grid, FieldKey::Category, FieldKey::Place] {
        let field = form.field(key).expect("field");
        assert_eq!(field.problem(), Some(Problem::Required), "{key:?}");
    }
    assert!(m.in_flight.is_none());
    // The grid is picked by typing its number.
    typed(&mut m, "4");
    assert_eq!(m.form().expect("form").code(FieldKey::Grid), "4");
    // Category: typing filters the 43 kinds (by Chinese here); the tier follows its suggestion.
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "消防栓");
    assert_eq!(
        m.form().expect("form").code(FieldKey::Category),
        "fire.hydrant_pipe_burst"
    );
    assert_eq!(m.form().expect("form").code(FieldKey::Tier), "small");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    update(&mut m, Msg::Paste("永丰广场\n东侧".into()), now());
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "消防栓爆管");
    press(&mut m, KeyCode::Backspace);
    typed(&mut m, "管，水漫路面");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "12");
    let phone = m.form().expect("form");
    assert!(
        phone.fields[phone.focus].problem().is_some(),
        "a 2-digit phone is marked while typing"
    );
    typed(&mut m, "3456789");
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "20");
    let command = the_write(&press(&mut m, KeyCode::Enter));
    let Command::Report(report) = command else {
        panic!("a report: {command:?}");
    };
    assert_eq!(report.category, "fire.hydrant_pipe_burst");
    assert_eq!(report.grid, 4);
    assert_eq!(
        report.place, "永丰广场 东侧",
        "a pasted line break is a space"
    );
    assert_eq!(report.summary, "消防栓爆管，水漫路面");
    assert_eq!(report.phone.as_deref(), Some("123456789"));
    assert_eq!(
        report.at,
        now() - Duration::minutes(20),
        "reported 20 min ago"
    );
    assert!(m.in_flight.is_some());
    assert_eq!(form_kind(&m), Some(FormKind::Report), "open until stored");
}

#[test]
fn a_stored_change_closes_the_form_says_so_and_can_be_undone_for_30_seconds() {
    let mut m = model(Lang::En, morning());
    select(&mut m, "20261128-002");
    press(&mut m, KeyCode::Char('a'));
    assert_eq!(form_kind(&m), Some(FormKind::Arrive));
    let command = the_write(&press(&mut m, KeyCode::Enter));
    let Command::Act { number, action, at } = &command else {
        panic!("{command:?}");
    };
    assert_eq!(number, "20261128-002");
    assert_eq!(at, &None, "no minutes ago given: the arrival is now");
    assert_eq!(
        action,
        &Action::Arrive {
            how: ArrivalHow::Callback
        }
    );
    let before = m.snapshot.open[1].clone();
    let mut after = before.clone();
    after.state = State::OnScene;
    let written = Written::Changed {
        change: Box::new(Change {
            before: before.clone(),
            after: after.clone(),
        }),
        kind: EventKind::Arrived,
    };
    let out = update(&mut m, Msg::Written(Ok(written)), now());
    assert_eq!(m.view, View::Board);
    assert!(out.effects.contains(&Effect::Reload));
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("Saved")));
    // z within 30 s: the undo restores the case as it was, if it is still as we left it.
    let undo = the_write(
        &update(
            &mut m,
            Msg::Key(KeyEvent::new(KeyCode::Char('z'), KeyModifiers::NONE)),
            now() + Duration::seconds(30),
        )
        .effects,
    );
    let Command::Act {
        action:
            Action::Undo {
                undone,
                expected,
                restore,
            },
        ..
    } = undo
    else {
        panic!("an undo: {undo:?}");
    };
    assert_eq!(undone, EventKind::Arrived);
    assert_eq!(*expected, after);
    assert_eq!(*restore, before);
}

#[test]
fn undo_after_30_seconds_or_with_nothing_done_says_so() {
    let mut m = model(Lang::En, morning());
    assert!(press(&mut m, KeyCode::Char('z')).is_empty());
    assert!(m.status.as_ref().is_some_and(|s| s.bad));
    m.last = Some(dutydesk::app::Done {
        at: now() - Duration::seconds(31),
        undo: None,
    });
    assert!(press(&mut m, KeyCode::Char('z')).is_empty());
    assert!(m.status.as_ref().is_some_and(|s| s.text.contains("30 s")));
}

#[test]
fn a_failed_write_keeps_the_form_and_what_was_typed_and_enter_retries() {
    let mut m = model(Lang::En, morning());
    select(&mut m, "20261128-004");
    press(&mut m, KeyCode::Char('u'));
    typed(&mut m, "物业已到场");
    let first = the_write(&press(&mut m, KeyCode::Enter));
    let failure = WriteError {
        message: "database is locked".into(),
        refused: false,
    };
    update(&mut m, Msg::Written(Err(failure)), now());
    assert!(m.failed.is_some(), "the banner is up");
    assert!(m.in_flight.is_none());
    let form = m.form().expect("the form stays");
    assert_eq!(form.text(FieldKey::Note), "物业已到场");
    // Enter tries again with the same change.
    assert_eq!(the_write(&press(&mut m, KeyCode::Enter)), first);
    assert!(m.failed.is_none());
}

#[test]
fn a_refused_write_shows_the_reason_in_the_form() {
    let mut m = model(Lang::En, morning());
    select(&mut m, "20261128-001");
    press(&mut m, KeyCode::Char('x'));
    typed(&mut m, "重复报告");
    press(&mut m, KeyCode::Enter);
    let refusal = WriteError {
        message: "cannot cancel case 20261128-001: it is cancelled".into(),
        refused: true,
    };
    update(&mut m, Msg::Written(Err(refusal)), now());
    assert!(m.failed.is_none(), "not a machine failure");
    let form = m.form().expect("the form stays");
    assert!(
        form.refused
            .as_deref()
            .is_some_and(|r| r.contains("cancelled"))
    );
}

#[test]
fn keys_that_do_not_apply_say_why_instead_of_doing_nothing() {
    let mut m = model(Lang::En, morning());
    select(&mut m, "20261128-001"); // reported, nobody dispatched
    press(&mut m, KeyCode::Char('a'));
    assert_eq!(m.view, View::Board, "no form");
    let said = m.status.clone().expect("a reason");
    assert!(said.bad && said.text.contains("dispatch first"), "{said:?}");
    press(&mut m, KeyCode::Char('c'));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("record the arrival first"))
    );
    press(&mut m, KeyCode::Char('o'));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("only a resolved case"))
    );
    // With nothing selected (an empty grid), a case key says so.
    press(&mut m, KeyCode::Char('6'));
    press(&mut m, KeyCode::Char('d'));
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("No case selected"))
    );
}

#[test]
fn dispatch_offers_the_case_grid_on_duty_first_with_what_each_is_doing() {
    let mut m = model(Lang::En, morning());
    select(&mut m, "20261128-002"); // grid 5, 陈静 en route
    press(&mut m, KeyCode::Char('d'));
    let form = m.form().expect("dispatch form");
    let dutydesk::app::form::Value::Pick(picker) = &form.fields[0].value else {
        panic!("a picker");
    };
    let names: Vec<&str> = picker.options.iter().map(|c| c.code.as_str()).collect();
    assert!(!names.contains(&"陈静"), "already dispatched to it");
    let grid5: Vec<_> = m
        .snapshot
        .roster
        .iter()
        .filter(|r| r.on_duty && r.grid == Some(5) && r.name != "陈静")
        .map(|r| r.name.as_str())
        .collect();
    assert!(!grid5.is_empty());
    assert_eq!(&names[..grid5.len()], grid5.as_slice(), "grid 5 first");
    let liu = picker
        .options
        .iter()
        .find(|c| c.code == "刘洋")
        .expect("刘洋");
    assert!(liu.detail.contains("on scene at 20261128-004"), "{liu:?}");
}

#[test]
fn dispatch_preselects_the_first_free_responder_of_the_case_grid_never_a_busy_one() {
    let mut cases = morning();
    cases.push(cases::reported(
        "20261128-006",
        4,
        "environment.garbage",
        "永丰广场北",
        3,
    ));
    let mut m = model(Lang::En, cases);
    select(&mut m, "20261128-006");
    press(&mut m, KeyCode::Char('d'));
    let form = m.form().expect("dispatch form");
    let chosen = form.code(FieldKey::Responder).to_string();
    let first_in_grid = m
        .snapshot
        .roster
        .iter()
        .find(|r| r.on_duty && r.grid == Some(4))
        .expect("someone on duty in grid 4");
    assert_eq!(first_in_grid.name, "刘洋", "the roster's first in grid 4");
    assert_ne!(chosen, "刘洋", "on scene at 20261128-004: busy");
    let r = m.snapshot.roster.iter().find(|r| r.name == chosen);
    assert!(
        r.is_some_and(|r| r.on_duty && r.grid == Some(4)),
        "a free responder of grid 4: {chosen}"
    );
}

#[test]
fn search_filters_the_board_and_tab_shows_closed_cases() {
    let mut m = model(Lang::En, morning());
    press(&mut m, KeyCode::Char('/'));
    typed(&mut m, "永丰");
    let shown: Vec<String> = board::shown(&m, now())
        .iter()
        .map(|r| r.case.number.clone())
        .collect();
    assert_eq!(shown, ["20261128-004"]);
    press(&mut m, KeyCode::Enter);
    assert!(!m.searching);
    press(&mut m, KeyCode::Esc);
    assert_eq!(board::shown(&m, now()).len(), 5);
    press(&mut m, KeyCode::Tab);
    assert!(board::shown(&m, now()).is_empty(), "nothing closed yet");
}

#[test]
fn escape_closes_a_form_and_nothing_is_written() {
    let mut m = model(Lang::En, morning());
    press(&mut m, KeyCode::Char('n'));
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.view, View::Board);
    assert!(m.in_flight.is_none());
}

#[test]
fn tier_call_up_patrol_roster_and_detail_keys() {
    let mut m = model(Lang::En, morning());
    select(&mut m, "20261128-003");
    // t: the tier picker starts at the case's tier; → picks the next.
    press(&mut m, KeyCode::Char('t'));
    press(&mut m, KeyCode::Right);
    let Command::Act { action, .. } = the_write(&press(&mut m, KeyCode::Enter)) else {
        panic!("an act");
    };
    assert_eq!(
        action,
        Action::SetTier {
            tier: dutydesk::domain::Tier::Medium
        }
    );
    m.in_flight = None;
    m.view = View::Board;
    // e: call up, to the sub-district office unless another body is picked.
    press(&mut m, KeyCode::Char('e'));
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "需街道协调");
    let Command::Act { action, .. } = the_write(&press(&mut m, KeyCode::Enter)) else {
        panic!("an act");
    };
    assert_eq!(
        action,
        Action::Escalate {
            body: "subdistrict_office".into(),
            note: Some("需街道协调".into())
        }
    );
    m.in_flight = None;
    m.view = View::Board;
    // p: the selected case's grid, and a number of findings checked as a number.
    press(&mut m, KeyCode::Char('p'));
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Tab);
    press(&mut m, KeyCode::Backspace);
    typed(&mut m, "x");
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "x is not a number"
    );
    press(&mut m, KeyCode::Backspace);
    typed(&mut m, "2");
    let Command::Patrol { grid, findings, .. } = the_write(&press(&mut m, KeyCode::Enter)) else {
        panic!("a patrol");
    };
    assert_eq!((grid, findings), (3, 2));
    m.in_flight = None;
    m.view = View::Board;
    // r: the roster; Space toggles the selected person's duty.
    press(&mut m, KeyCode::Char('r'));
    let first = m.snapshot.roster[0].clone();
    let command = the_write(&press(&mut m, KeyCode::Char(' ')));
    assert_eq!(
        command,
        Command::Duty {
            name: first.name,
            on_duty: !first.on_duty
        }
    );
    m.in_flight = None;
    press(&mut m, KeyCode::Esc);
    // Enter: the detail loads the timeline; action keys act on that case; Esc closes.
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!(m.view, View::Detail);
    assert!(effects.contains(&Effect::LoadDetail("20261128-003".into())));
    press(&mut m, KeyCode::Char('u'));
    assert_eq!(form_kind(&m), Some(FormKind::Note));
    press(&mut m, KeyCode::Esc);
    assert_eq!(
        m.view,
        View::Detail,
        "a form opened from the detail returns to it"
    );
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.view, View::Board);
    assert!(m.detail.is_none());
}

#[test]
fn in_a_faster_demo_the_undo_window_and_the_status_line_keep_to_real_seconds() {
    let mut m = model(Lang::En, morning());
    m.demo = Some(60);
    // A demo opens saying what to try.
    m.loaded = false;
    let snapshot = Box::new(m.snapshot.clone());
    update(&mut m, Msg::Loaded(snapshot), now());
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("press d"))
    );
    let undo = Command::Act {
        number: "20261128-002".into(),
        action: Action::Tell { verdict: None },
        at: None,
    };
    // 20 simulated minutes at 60 times are 20 real seconds: still within the 30 s.
    m.last = Some(dutydesk::app::Done {
        at: now() - Duration::minutes(20),
        undo: Some(undo.clone()),
    });
    assert_eq!(the_write(&press(&mut m, KeyCode::Char('z'))), undo);
    m.in_flight = None;
    m.last = Some(dutydesk::app::Done {
        at: now() - Duration::minutes(31),
        undo: Some(undo),
    });
    assert!(
        press(&mut m, KeyCode::Char('z')).is_empty(),
        "31 real seconds: too late"
    );
    // The status line stays its 10 real seconds: 10 simulated minutes.
    m.status = Some(dutydesk::app::Status {
        text: "Saved".into(),
        at: now(),
        bad: false,
    });
    update(&mut m, Msg::Tick, now() + Duration::minutes(9));
    assert!(m.status.is_some(), "still there after 9 real seconds");
    update(&mut m, Msg::Tick, now() + Duration::minutes(11));
    assert!(m.status.is_none(), "gone after 11");
}

#[test]
fn v_tells_the_reporter_with_their_verdict_and_the_closed_list_marks_who_is_not_told() {
    use cases::{arrived, dispatched, reported, then};
    let done = then(
        arrived(
            dispatched(
                reported("20261128-009", 2, "facility.streetlight", "新联街", 50),
                "王建华",
                48,
            ),
            40,
        ),
        Action::Resolve {
            note: "已修复".into(),
            told: false,
        },
        20,
    );
    let mut m = model(Lang::En, morning());
    m.snapshot.recent.push(done.clone());
    press(&mut m, KeyCode::Tab);
    let shown = board::shown(&m, now());
    assert_eq!(shown.len(), 1, "the resolved case on the closed list");
    let screen = {
        let backend = ratatui::backend::TestBackend::new(160, 40);
        let mut terminal = ratatui::Terminal::new(backend).expect("terminal");
        let mut screen = dutydesk::ui::Screen::new();
        screen
            .draw(
                &mut terminal,
                &m,
                now(),
                dutydesk::ui::Theme {
                    color: false,
                    console: false,
                },
                false,
            )
            .expect("draw");
        format!("{:?}", terminal.backend().buffer())
    };
    assert!(
        screen.contains("tell?"),
        "the small matter's reporter is to be told:\n{screen}"
    );
    select(&mut m, "20261128-009");
    press(&mut m, KeyCode::Char('v'));
    assert_eq!(form_kind(&m), Some(FormKind::Tell));
    typed(&mut m, "satisfied");
    press(&mut m, KeyCode::Tab);
    typed(&mut m, "说修得很快");
    let effects = press(&mut m, KeyCode::Enter);
    match the_write(&effects) {
        Command::Act {
            number,
            action: Action::Tell { verdict: Some(v) },
            ..
        } => {
            assert_eq!(number, "20261128-009");
            assert!(v.satisfied);
            assert_eq!(v.note.as_deref(), Some("说修得很快"));
        }
        other => panic!("not a tell: {other:?}"),
    }
    // An open case cannot be told yet: the status line says why, no form opens.
    let mut m = model(Lang::En, morning());
    let first = board::shown(&m, now())[0].case.number.clone();
    select(&mut m, &first);
    press(&mut m, KeyCode::Char('v'));
    assert_eq!(form_kind(&m), None);
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("not resolved"))
    );
}

#[test]
fn s_reads_the_figures_and_h_the_handover_which_enter_records() {
    let mut m = model(Lang::En, morning());
    let effects = press(&mut m, KeyCode::Char('s'));
    assert_eq!(m.view, View::Stats);
    assert!(effects.contains(&Effect::LoadStats));
    press(&mut m, KeyCode::Esc);
    assert_eq!(m.view, View::Board);
    let effects = press(&mut m, KeyCode::Char('h'));
    assert_eq!(m.view, View::Handover);
    assert!(effects.contains(&Effect::LoadHandover));
    press(&mut m, KeyCode::Enter);
    assert_eq!(form_kind(&m), Some(FormKind::Handover));
    assert!(
        press(&mut m, KeyCode::Enter).is_empty(),
        "nobody named: nothing written"
    );
    typed(&mut m, "李四");
    let effects = press(&mut m, KeyCode::Enter);
    assert_eq!(
        the_write(&effects),
        Command::Handover {
            to: "李四".into()
        }
    );
}

/// Links made at this desk (`dutydesk serve`): the dispatch's opens the case's detail with it;
/// the reporter's made at intake joins it; `y` copies the latest (the one drawn as a code), and
/// a case with none says how to make one.
#[test]
fn a_link_made_here_opens_the_detail_and_y_copies_the_latest() {
    use dutydesk::domain::LinkRole;
    let mut m = model(Lang::En, morning());
    let number = "20261128-002".to_string();
    let responder = "http://desk.example/r/AAAAAAAAAAAAAAAAAAAAAA".to_string();
    let reporter = "http://desk.example/c/BBBBBBBBBBBBBBBBBBBBBB".to_string();
    update(
        &mut m,
        Msg::Linked {
            number: number.clone(),
            role: LinkRole::Responder,
            url: responder.clone(),
        },
        now(),
    );
    assert_eq!(m.view, View::Detail);
    assert_eq!(
        m.detail.as_ref().map(|d| d.number.as_str()),
        Some("20261128-002")
    );
    let copy = |m: &mut Model| -> Vec<String> {
        press(m, KeyCode::Char('y'))
            .into_iter()
            .filter_map(|e| match e {
                Effect::Copy(text) => Some(text),
                _ => None,
            })
            .collect()
    };
    assert_eq!(copy(&mut m), [responder]);
    update(
        &mut m,
        Msg::Linked {
            number: number.clone(),
            role: LinkRole::Reporter,
            url: reporter.clone(),
        },
        now(),
    );
    assert_eq!(copy(&mut m), [reporter]);
    assert_eq!(m.links[&number].len(), 2, "both kept");
    // Another case, with no link made here: nothing copied, the status line says how.
    press(&mut m, KeyCode::Esc);
    m.selected = Some("20261128-001".into());
    press(&mut m, KeyCode::Enter);
    assert_eq!(
        m.detail.as_ref().map(|d| d.number.as_str()),
        Some("20261128-001")
    );
    assert!(copy(&mut m).is_empty());
    assert!(
        m.status
            .as_ref()
            .is_some_and(|s| s.text.contains("dutydesk link")),
        "{:?}",
        m.status
    );
    // Once the case is closed (off the board), its links go from the screen.
    let mut snapshot = m.snapshot.clone();
    snapshot.open.retain(|c| c.number != number);
    update(&mut m, Msg::Loaded(Box::new(snapshot)), now());
    assert!(!m.links.contains_key(&number));
}
