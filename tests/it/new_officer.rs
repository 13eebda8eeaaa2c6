//! What a new duty officer meets at the command line in the first week: the handover changes
//! who signs, times in the desk's zone, errors in the officer's language, categories as the
//! form takes them, exports in the format their file names, backups that never make folders,
//! codes never cut.

use crate::common;

use common::Desk;

#[test]
fn after_a_handover_the_new_officer_signs_every_command() {
    let desk = Desk::new();
    let number = desk.report(&[]);
    desk.ok(&["handover", "--to", "李值班"]);
    desk.ok(&["dispatch", &number, "--to", "张丽"]);
    let shown = desk.json(&["show", &number]);
    let timeline = shown["timeline"].as_array().expect("a timeline");
    let dispatched = timeline
        .iter()
        .find(|e| e["kind"] == "dispatched")
        .expect("the dispatch");
    assert_eq!(dispatched["actor"], "李值班", "{dispatched}");
    let reported = timeline
        .iter()
        .find(|e| e["kind"] == "reported")
        .expect("the report");
    assert_eq!(
        reported["actor"], "tester",
        "before the handover: the login"
    );
    // The next handover is from the officer who took over.
    let sheet = desk.json(&["handover", "--to", "王主任"]);
    assert_eq!(sheet["recorded"]["from"], "李值班", "{sheet}");
    assert_eq!(sheet["recorded"]["to"], "王主任", "{sheet}");
}

#[test]
fn every_instant_and_message_is_in_the_desks_zone() {
    let desk = Desk::new();
    let number = desk.report(&["--ago", "10m"]);
    let sheet = desk.json(&["handover", "--to", "李值班"]);
    for at in [&sheet["handover"]["at"], &sheet["recorded"]["at"]] {
        let at = at.as_str().expect("an instant");
        assert!(at.ends_with("+08:00"), "{at}");
    }
    let shown = desk.json(&["show", &number]);
    assert!(
        shown["case"]["reported_at"]
            .as_str()
            .is_some_and(|t| t.ends_with("+08:00"))
    );
    let err = desk.fails(2, &["dispatch", &number, "--to", "张丽", "--ago", "1h"]);
    assert!(
        err.contains("Asia/Shanghai") && !err.contains("UTC"),
        "{err}"
    );
    assert!(err.contains("before the report"), "{err}");
    let err = desk.fails(2, &["arrive", &number, "--at", "2099-01-01 10:00"]);
    assert!(
        err.contains("2099-01-01 10:00:00 Asia/Shanghai is in the future"),
        "{err}"
    );
}

#[test]
fn errors_follow_the_officers_language() {
    let desk = Desk::new();
    let number = desk.report(&[]);
    let zh = |args: &[&str]| {
        let out = desk
            .cmd()
            .env("LANG", "zh_CN.UTF-8")
            .args(args)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        String::from_utf8(out.stderr).expect("utf-8")
    };
    let err = zh(&[
        "report",
        "--grid",
        "2",
        "--category",
        "facility.streetlite",
        "--channel",
        "hotline",
        "--place",
        "p",
        "s",
    ]);
    assert!(err.contains("类别") && err.contains("是不是"), "{err}");
    assert!(err.contains("facility.streetlight"), "{err}");
    let err = zh(&["dispatch", &number, "--to", "张丽", "--ago", "1h"]);
    assert!(
        err.contains("时间") && err.contains("早于报告时间"),
        "{err}"
    );
    let err = zh(&["stats", "--day", "yesterday"]);
    assert!(err.contains("不是日期"), "{err}");
    // --lang zh says the same as LANG.
    let err = desk.fails(
        2,
        &["--lang", "zh", "dispatch", &number, "--to", "nobody-here"],
    );
    assert!(err.contains("不在值班表上"), "{err}");
}

#[test]
fn a_category_is_taken_as_the_form_takes_it_and_a_slip_gets_the_nearest_codes() {
    let desk = Desk::new();
    let file = |number: &str| desk.case(number)["category"].clone();
    for typed in [
        "facility.streetlight",
        "streetlight",
        "路灯不亮",
        "Streetlight out",
    ] {
        let number = desk.ok(&[
            "report",
            "--grid",
            "1",
            "--category",
            typed,
            "--channel",
            "hotline",
            "--place",
            "新联街",
            "灯不亮",
        ]);
        assert_eq!(file(number.trim()), "facility.streetlight", "{typed}");
    }
    let err = desk.fails(
        2,
        &[
            "report",
            "--grid",
            "1",
            "--category",
            "facility.streetlite",
            "--channel",
            "hotline",
            "--place",
            "p",
            "s",
        ],
    );
    assert!(err.contains("did you mean facility.streetlight"), "{err}");
    let err = desk.fails(
        2,
        &[
            "report",
            "--grid",
            "1",
            "--category",
            "facility",
            "--channel",
            "hotline",
            "--place",
            "p",
            "s",
        ],
    );
    assert!(err.contains("matches several categories"), "{err}");
    assert_eq!(desk.all_cases().len(), 4, "the refused ones wrote nothing");
}

#[test]
fn an_export_is_written_in_the_format_its_file_names() {
    let desk = Desk::new();
    desk.report(&[]);
    let day = desk.case(&desk.report(&[]))["reported_at"]
        .as_str()
        .expect("a time")[..10]
        .to_string();
    let dir = desk.dir.path();
    let export = |file: &str, extra: &[&str]| {
        let path = dir.join(file);
        let path_text = path.display().to_string();
        let mut args = vec![
            "export", "--from", &day, "--to", &day, "--public", "-o", &path_text,
        ];
        args.extend_from_slice(extra);
        desk.ok(&args);
        std::fs::read_to_string(&path).expect("the file")
    };
    let html = export("notice.html", &[]);
    assert!(
        html.trim_start().starts_with("<!DOCTYPE html"),
        "{html:.200}"
    );
    let md = export("notice.md", &[]);
    assert!(md.starts_with("# "), "{md:.200}");
    let csv = export("notice.csv", &[]);
    assert!(csv.starts_with('\u{feff}'), "CSV with its BOM");
    let path = dir.join("other.html").display().to_string();
    let err = desk.fails(
        2,
        &[
            "export", "--from", &day, "--to", &day, "--format", "csv", "-o", &path,
        ],
    );
    assert!(
        err.contains("--format") && err.contains("other.html"),
        "{err}"
    );
    assert!(!dir.join("other.html").exists(), "nothing written");
}

#[test]
fn a_backup_into_a_missing_folder_is_refused_by_name() {
    let desk = Desk::new();
    desk.report(&[]);
    let missing = desk.dir.path().join("nonexistent").join("dir");
    let target = missing.join("b.db");
    let err = desk.fails(2, &["backup", &target.display().to_string()]);
    assert!(
        err.contains(&missing.display().to_string()) && err.contains("mkdir -p"),
        "{err}"
    );
    assert!(!missing.exists(), "the folder was not made");
}

#[test]
fn codes_are_never_cut() {
    let desk = Desk::new();
    let out = desk.ok(&["codes", "categories"]);
    let longest = dutydesk::catalog::Catalog::embedded()
        .kinds()
        .map(|k| k.code.clone())
        .max_by_key(String::len)
        .expect("kinds");
    assert!(longest.len() > 28, "a code longer than a cell");
    assert!(
        out.lines()
            .any(|l| l.split_whitespace().next() == Some(&longest)),
        "{longest} whole in:\n{out}"
    );
}

/// A local time `minutes` ago in the desk's zone, as a hotline log writes it.
fn local_ago(minutes: i64) -> String {
    (chrono::Utc::now() - chrono::Duration::minutes(minutes))
        .with_timezone(&chrono_tz::Asia::Shanghai)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

#[test]
fn imported_history_is_not_an_emergency() {
    let desk = Desk::new();
    let file = desk.dir.path().join("hotline.csv");
    let mut csv = String::from("reported_at,grid,category,channel,place,summary\n");
    for (i, ago) in [600, 570, 540, 500].iter().enumerate() {
        csv.push_str(&format!(
            "{},{},facility.streetlight,hotline,新联街 {i}号,灯不亮\n",
            local_ago(*ago),
            i + 1
        ));
    }
    std::fs::write(&file, csv).expect("the log");
    let out = desk
        .cmd()
        .args(["import", &file.display().to_string()])
        .output()
        .expect("runs");
    assert!(out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("4 imported") && said.contains("4 of them with their arrival not recorded"),
        "{said}"
    );
    let fire = desk.ok(&[
        "report",
        "--grid",
        "3",
        "--category",
        "fire.fire_exit_blocked",
        "--channel",
        "walk_in",
        "--place",
        "农贸市场后门",
        "--ago",
        "15m",
        "消防通道堵塞",
    ]);
    // From the first imported day to today: at night in Shanghai they fall on yesterday.
    let (first, today) = (
        local_ago(600)[..10].to_string(),
        local_ago(0)[..10].to_string(),
    );
    let figures = desk.json(&["stats", "--from", &first, "--to", &today]);
    assert_eq!(figures["arrival_not_recorded"], 4, "{figures}");
    assert_eq!(figures["arrived"], 0, "none counted as arrived late");
    // The handover lists the live fire exit first and the history after, with no clock.
    let sheet = desk.json(&["handover"]);
    let open = sheet["handover"]["open"].as_array().expect("open cases");
    assert_eq!(open[0]["number"], fire.trim(), "{sheet}");
    assert!(
        open[1..]
            .iter()
            .all(|c| c["clock"] == "unrecorded" && c["secs_left"].is_null()),
        "{sheet}"
    );
    let text = desk.ok(&["handover"]);
    assert!(text.contains("no arrival recorded"), "{text}");
}

#[test]
fn imported_rows_carry_their_handling_and_chinese_values() {
    let desk = Desk::new();
    let file = desk.dir.path().join("台账.csv");
    let csv = format!(
        "报告时间,网格,类别,渠道,地点,内容,分级,派遣时间,处置人,到场时间,办结时间,办结情况\n\
         {},四网格,路面坑洼,上门反映,永丰安置小区 北门,路面塌陷,中事,{},张丽,{},{},已填补\n\
         {},第2网格,路灯不亮,公示电话,山水天成 5栋,路灯不亮,,{},李秀英,{},,\n",
        local_ago(300),
        local_ago(298),
        local_ago(290),
        local_ago(200),
        local_ago(120),
        local_ago(118),
        local_ago(100),
    );
    std::fs::write(&file, csv).expect("the log");
    let numbers = desk.ok(&["import", &file.display().to_string()]);
    let numbers: Vec<&str> = numbers.lines().collect();
    assert_eq!(numbers.len(), 2, "{numbers:?}");
    let first = desk.case(numbers[0]);
    assert_eq!(first["grid"], 4);
    assert_eq!(first["category"], "road.pothole", "{first}");
    assert_eq!(first["channel"], "walk_in");
    assert_eq!(first["tier"], "medium");
    assert_eq!(first["state"], "resolved");
    assert_eq!(first["responder"], "张丽");
    assert_eq!(first["arrival_met"], true, "8 minutes: {first}");
    let second = desk.case(numbers[1]);
    assert_eq!(second["state"], "on_scene");
    assert_eq!(second["arrival_met"], false, "18 minutes: {second}");
    // Imported again: nothing doubled.
    let again = desk.ok(&["import", &file.display().to_string()]);
    assert!(again.trim().is_empty(), "{again}");
    assert_eq!(desk.all_cases().len(), 2);
}
