//! `dutydesk handover`: the sheet from live clocks, recorded with --to, and the case's
//! timeline then shows which shift held it.

use crate::common;

use common::Desk;

#[test]
fn a_recorded_handover_is_on_the_sheet_and_on_the_timeline_of_the_cases_it_held() {
    let desk = Desk::new();
    let number = desk.report(&["--ago", "20m"]);
    let sheet = desk.json(&["handover"]);
    assert!(
        sheet["recorded"].is_null(),
        "without --to nothing is recorded"
    );
    let open = sheet["handover"]["open"].as_array().expect("open cases");
    assert_eq!(open[0]["number"], number.as_str());
    assert!(
        open[0]["secs_left"].as_i64().expect("a clock") < 0,
        "20 minutes in: late"
    );
    assert_eq!(sheet["handover"]["unacknowledged"][0], number.as_str());
    let recorded = desk.json(&["handover", "--to", "李四"]);
    assert_eq!(recorded["recorded"]["to"], "李四");
    assert_eq!(recorded["recorded"]["from"], "tester");
    let shown = desk.ok(&["show", &number]);
    let line_of = |needle: &str| {
        shown
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no {needle} in\n{shown}"))
    };
    assert!(
        line_of("reported") < line_of("shift: tester → 李四"),
        "the shift on the timeline after the report: {shown}"
    );
    let json = desk.json(&["show", &number]);
    let shifts = json["shifts"].as_array().expect("shifts");
    assert_eq!(shifts.len(), 1, "{json}");
    assert_eq!(shifts[0]["from"], "tester");
    assert_eq!(shifts[0]["to"], "李四");
    assert!(
        chrono::DateTime::parse_from_rfc3339(shifts[0]["at"].as_str().expect("at")).is_ok(),
        "{json}"
    );
    let text = desk.ok(&["handover"]);
    assert!(
        text.contains("Shift handover") && text.contains(&number),
        "{text}"
    );
    let nobody = desk.fails(2, &["handover", "--to", "  "]);
    assert!(nobody.contains("to"), "{nobody}");
}
