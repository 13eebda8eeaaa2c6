//! Every subcommand through the real binary: the happy path, and bad input that names the
//! field, exits 2 and writes nothing.

use crate::common;

use common::Desk;

#[test]
fn report_prints_the_case_number_alone() {
    let desk = Desk::new();
    // Fixed times on one past day: numbering follows the local day of the report, and a
    // test run just after local midnight must not straddle two days.
    let number = desk.report(&["--at", "2026-11-20 10:00"]);
    assert_eq!(number, "20261120-001");
    let second = desk.report(&["--at", "2026-11-20 10:05"]);
    assert!(second.ends_with("-002"), "{second}");
    let case = desk.case(&number);
    assert_eq!(case["state"], "reported");
    assert_eq!(case["tier"], "small", "the category's suggested tier");
    assert_eq!(case["grid"], 2);
    assert_eq!(case["resident_reported"], true);
}

#[test]
fn the_whole_lifecycle_through_the_command_line() {
    let desk = Desk::new();
    let n = desk.report(&["--ago", "10m"]);
    desk.ok(&[
        "dispatch",
        &n,
        "--to",
        "王建华",
        "--ago",
        "9m",
        "--note",
        "电话已通知",
    ]);
    assert_eq!(desk.case(&n)["responder"], "王建华");
    desk.ok(&["dispatch", &n, "--to", "周志强", "--ago", "8m"]);
    desk.ok(&["arrive", &n, "--how", "photo", "--ago", "2m"]);
    let case = desk.case(&n);
    assert_eq!(case["state"], "on_scene");
    assert_eq!(case["responder"], "周志强");
    assert_eq!(case["arrival_met"], true);
    assert_eq!(case["arrival_minutes"], 8.0);
    desk.ok(&[
        "escalate",
        &n,
        "--to",
        "subdistrict_office",
        "--note",
        "需街道协调",
    ]);
    desk.ok(&["tier", &n, "medium"]);
    desk.ok(&["note", &n, "已拉警戒线", "--public"]);
    desk.ok(&["resolve", &n, "--note", "器材已更换"]);
    let case = desk.case(&n);
    assert_eq!(case["called_up"], true);
    assert_eq!(case["called_up_to"], "subdistrict_office");
    assert_eq!(case["tier"], "medium");
    assert_eq!(case["state"], "resolved");
    assert_eq!(case["reporter_told"], false);
    desk.ok(&["tell", &n]);
    assert_eq!(desk.case(&n)["reporter_told"], true);
    desk.ok(&["reopen", &n, "--reason", "又坏了"]);
    assert_eq!(desk.case(&n)["state"], "on_scene");

    let shown = desk.json(&["show", &n]);
    let kinds: Vec<&str> = shown["timeline"]
        .as_array()
        .expect("timeline")
        .iter()
        .map(|e| e["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(
        kinds,
        [
            "reported",
            "dispatched",
            "dispatched",
            "arrived",
            "called_up",
            "tier_set",
            "noted",
            "resolved",
            "told",
            "reopened"
        ]
    );
    assert_eq!(shown["timeline"][6]["details"]["public"], true);
    assert_eq!(shown["timeline"][0]["actor"], "tester");
}

#[test]
fn cancel_needs_a_reason_and_closes_the_case() {
    let desk = Desk::new();
    let n = desk.report(&[]);
    let err = desk.fails(2, &["cancel", &n]);
    assert!(err.contains("--reason"), "{err}");
    let err = desk.fails(2, &["cancel", &n, "--reason", "  "]);
    assert!(err.contains("reason: must not be empty"), "{err}");
    desk.ok(&["cancel", &n, "--reason", "重复报告"]);
    assert_eq!(desk.case(&n)["state"], "cancelled");
    let err = desk.fails(2, &["resolve", &n, "--note", "x"]);
    assert!(
        err.contains("cannot resolve case") && err.contains("cancelled"),
        "{err}"
    );
}

#[test]
fn a_patrol_finding_on_scene_is_arrived_at_once() {
    let desk = Desk::new();
    let n = desk.ok(&[
        "report",
        "--grid",
        "1",
        "--category",
        "facility.guard_rail",
        "--channel",
        "patrol",
        "--place",
        "柏条河绿道",
        "--on-scene",
        "红袖套巡逻队",
        "--ago",
        "1m",
        "新修台阶没有护栏",
    ]);
    let case = desk.case(n.trim());
    assert_eq!(case["state"], "on_scene");
    assert_eq!(case["arrival_minutes"], 0.0);
    assert_eq!(case["resident_reported"], false);
    assert_eq!(case["tier"], "big");
}

#[test]
fn bad_report_input_names_the_field_exits_2_and_writes_nothing() {
    let desk = Desk::new();
    let base = |grid: &str, category: &str, channel: &str| {
        vec![
            "report".to_string(),
            "--grid".into(),
            grid.into(),
            "--category".into(),
            category.into(),
            "--channel".into(),
            channel.into(),
            "--place".into(),
            "x".into(),
        ]
    };
    let run = |mut args: Vec<String>, extra: &[&str]| {
        args.extend(extra.iter().map(|s| s.to_string()));
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        desk.fails(2, &refs)
    };
    let cat = "facility.streetlight";
    let err = run(base("9", cat, "hotline"), &["s"]);
    assert!(
        err.contains("grid") && err.contains("allowed: 1, 2, 3, 4, 5, 6, 7"),
        "{err}"
    );
    let err = run(base("1", "facility.nope", "hotline"), &["s"]);
    assert!(
        err.contains("category") && err.contains("dutydesk codes categories"),
        "{err}"
    );
    let err = run(base("1", cat, "fax"), &["s"]);
    assert!(
        err.contains("channel") && err.contains("wechat_group"),
        "{err}"
    );
    let err = run(base("1", cat, "hotline"), &[" "]);
    assert!(err.contains("summary: must not be empty"), "{err}");
    let err = run(
        base("1", cat, "hotline"),
        &["--at", "2099-01-01T00:00:00+08:00", "s"],
    );
    assert!(err.contains("in the future"), "{err}");
    let err = run(base("1", cat, "hotline"), &["--ago", "5 parsecs", "s"]);
    assert!(err.contains("--ago") && err.contains("1h30m"), "{err}");
    let err = run(base("1", cat, "hotline"), &["--on-scene", "Nobody", "s"]);
    assert!(
        err.contains("responder") && err.contains("roster list"),
        "{err}"
    );
    let err = run(base("1", cat, "hotline"), &["--tier", "huge", "s"]);
    assert!(
        err.contains("tier") && err.contains("small, medium, big"),
        "{err}"
    );
    assert!(desk.all_cases().is_empty(), "nothing was written");
}

#[test]
fn bad_action_input_exits_2_and_leaves_the_case_as_it_was() {
    let desk = Desk::new();
    let n = desk.report(&[]);
    let before = desk.json(&["show", &n]);
    let err = desk.fails(2, &["dispatch", &n, "--to", "Nobody"]);
    assert!(
        err.contains("responder") && err.contains("not on the roster"),
        "{err}"
    );
    let err = desk.fails(2, &["dispatch", "20991231-999", "--to", "王建华"]);
    assert!(err.contains("no case numbered `20991231-999`"), "{err}");
    let err = desk.fails(2, &["arrive", &n]);
    assert!(err.contains("dispatch first"), "{err}");
    let err = desk.fails(2, &["escalate", &n, "--to", "mayor"]);
    assert!(
        err.contains("body") && err.contains("codes bodies"),
        "{err}"
    );
    let err = desk.fails(2, &["arrive", &n, "--how", "telepathy"]);
    assert!(err.contains("callback, photo, self_report, seen"), "{err}");
    let err = desk.fails(2, &["tier", &n, "small"]);
    assert!(err.contains("already small"), "{err}");
    let err = desk.fails(2, &["tell", &n]);
    assert!(err.contains("not resolved"), "{err}");
    let err = desk.fails(2, &["reopen", &n, "--reason", "x"]);
    assert!(err.contains("only a resolved case"), "{err}");
    let err = desk.fails(
        2,
        &["dispatch", &n, "--to", "王建华", "--at", "2000-01-01 08:00"],
    );
    assert!(err.contains("before the report"), "{err}");
    assert_eq!(
        desk.json(&["show", &n]),
        before,
        "a refused command writes nothing"
    );
}

#[test]
fn arriving_twice_is_refused() {
    let desk = Desk::new();
    let n = desk.report(&[]);
    desk.ok(&["dispatch", &n, "--to", "王建华"]);
    desk.ok(&["arrive", &n]);
    let err = desk.fails(2, &["arrive", &n]);
    assert!(err.contains("arrival is already recorded"), "{err}");
}

#[test]
fn list_filters_masks_and_reveals() {
    let desk = Desk::new();
    let a = desk.report(&[]);
    let b = desk.ok(&[
        "report",
        "--grid",
        "5",
        "--category",
        "water.sewer_blocked",
        "--channel",
        "wechat_group",
        "--place",
        "学府苑",
        "下水道堵塞",
    ]);
    let b = b.trim();
    desk.ok(&["cancel", b, "--reason", "重复"]);
    let open = desk.json(&["list"]);
    assert_eq!(open.as_array().expect("list").len(), 1);
    assert_eq!(open[0]["number"], a.as_str());
    assert_eq!(open[0]["phone"], "138****5678");
    assert_eq!(open[0]["reporter"], "张*");
    assert_eq!(
        desk.json(&["list", "--all"])
            .as_array()
            .expect("list")
            .len(),
        2
    );
    assert_eq!(desk.json(&["list", "--all", "--grid", "5"])[0]["number"], b);
    let revealed = desk.json(&["list", "--reveal"]);
    assert_eq!(revealed[0]["phone"], "13812345678");
    let text = desk.ok(&["list"]);
    assert!(
        text.contains(&a) && text.contains("Fitness equipment broken"),
        "{text}"
    );
    assert!(!text.contains("13812345678"));
    let err = desk.fails(2, &["list", "--grid", "8"]);
    assert!(err.contains("no grid 8"), "{err}");
}

#[test]
fn show_in_chinese_masks_personal_data_and_lays_out_the_timeline() {
    let desk = Desk::new();
    let n = desk.report(&["--ago", "5m"]);
    desk.ok(&["dispatch", &n, "--to", "王建华", "--ago", "4m"]);
    let text = desk.ok(&["--lang", "zh", "show", &n]);
    assert!(text.contains("健身器材损坏"), "{text}");
    assert!(text.contains("处置过程"), "{text}");
    assert!(
        text.contains("138****5678") && !text.contains("13812345678"),
        "{text}"
    );
    assert!(text.contains("张*") && !text.contains("张三"), "{text}");
    let revealed = desk.ok(&["show", &n, "--reveal"]);
    assert!(revealed.contains("13812345678"));
}

#[test]
fn roster_lists_adds_and_toggles_duty() {
    let desk = Desk::new();
    let roster = desk.json(&["roster", "list"]);
    let list = roster.as_array().expect("roster");
    assert!(
        list.len() >= 15,
        "a new database starts with the example roster"
    );
    assert_eq!(list[0]["name"], "李秀英");
    assert_eq!(list[0]["role"], "grid_worker");
    assert_eq!(list[0]["phone"], "138****0101");
    assert_eq!(list[0]["on_duty"], true);
    desk.ok(&[
        "roster",
        "add",
        "新队员",
        "--role",
        "party_volunteer",
        "--grid",
        "3",
        "--phone",
        "13900001111",
    ]);
    desk.ok(&["roster", "duty", "新队员", "off"]);
    let roster = desk.json(&["roster", "list"]);
    let added = roster
        .as_array()
        .expect("roster")
        .iter()
        .find(|r| r["name"] == "新队员")
        .expect("added")
        .clone();
    assert_eq!(
        (added["grid"].as_u64(), added["on_duty"].as_bool()),
        (Some(3), Some(false))
    );
    let err = desk.fails(2, &["roster", "add", "新队员", "--role", "cadre"]);
    assert!(err.contains("already on the roster"), "{err}");
    let err = desk.fails(2, &["roster", "add", "X", "--role", "mayor"]);
    assert!(err.contains("grid_worker"), "{err}");
    let err = desk.fails(2, &["roster", "duty", "Nobody", "on"]);
    assert!(err.contains("not on the roster"), "{err}");
    let n = desk.report(&[]);
    desk.ok(&["dispatch", &n, "--to", "新队员"]);
}

#[test]
fn stats_for_a_day_and_bad_dates() {
    let desk = Desk::new();
    let n = desk.report(&["--at", "2026-11-20 10:00"]);
    desk.ok(&["dispatch", &n, "--to", "王建华", "--at", "2026-11-20 10:01"]);
    desk.ok(&["arrive", &n, "--at", "2026-11-20 10:10"]);
    let stats = desk.json(&["stats", "--day", "2026-11-20"]);
    assert_eq!(stats["collected"], 1);
    assert_eq!(stats["arrived_within_target"], 1);
    assert_eq!(stats["median_arrival_minutes"], 10.0);
    let text = desk.ok(&["--lang", "zh", "stats", "--day", "2026-11-20"]);
    assert!(
        text.contains("收集问题") && text.contains("社区自行解决"),
        "{text}"
    );
    let err = desk.fails(2, &["stats", "--day", "28/11/2026"]);
    assert!(err.contains("--day") && err.contains("2026-11-28"), "{err}");
    let err = desk.fails(2, &["stats", "--from", "2026-11-28", "--to", "2026-11-01"]);
    assert!(err.contains("before"), "{err}");
}

#[test]
fn codes_list_what_the_other_commands_accept() {
    let desk = Desk::new();
    let categories = desk.json(&["codes", "categories"]);
    let categories = categories.as_array().expect("categories");
    assert_eq!(categories.len(), 43);
    assert!(
        categories
            .iter()
            .any(|c| c["code"] == "fire.hydrant_pipe_burst" && c["zh"] == "消防栓水管爆裂")
    );
    assert_eq!(
        desk.json(&["codes", "grids"])
            .as_array()
            .expect("grids")
            .len(),
        7
    );
    let channels = desk.json(&["codes", "channels"]);
    assert!(
        channels
            .as_array()
            .expect("channels")
            .iter()
            .any(|c| c["code"] == "meeting" && c["zh"] == "坝坝会")
    );
    assert!(desk.json(&["codes", "bodies"])[0]["code"].is_string());
    assert_eq!(
        desk.json(&["codes", "roles"])
            .as_array()
            .expect("roles")
            .len(),
        7
    );
    let all = desk.json(&["codes"]);
    assert!(all["categories"].is_array() && all["roles"].is_array());
    let text = desk.ok(&["codes", "channels"]);
    assert!(
        text.contains("wechat_group") && text.contains("微信应急群"),
        "{text}"
    );
}

#[test]
fn check_reports_config_schema_integrity_and_desktop_alerts() {
    let desk = Desk::new();
    let out = desk.ok(&["check"]);
    // With no session bus: says why, what happens instead, and what to install.
    let no_bus = desk
        .cmd()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .arg("check")
        .output()
        .expect("check");
    assert!(no_bus.status.success(), "informative, not a failure");
    let no_bus = String::from_utf8_lossy(&no_bus.stdout);
    assert!(
        no_bus.contains("Desktop alerts: ") && no_bus.contains("/nonexistent/bus"),
        "{no_bus}"
    );
    assert!(
        no_bus.contains("banner and the bell") && no_bus.contains("dunst"),
        "{no_bus}"
    );
    // A new file is at the newest schema: one version per migration the build carries.
    let migrations = std::fs::read_dir("src/store/sqlite/migrations")
        .expect("the migrations")
        .count();
    let schema = format!("Schema version: {migrations} / {migrations}");
    assert!(out.contains(&schema), "{schema} in {out}");
    assert!(
        out.contains("Demo scenario (11 scripted cases): ok"),
        "{out}"
    );
    assert!(out.contains("Integrity: ok"), "{out}");
    assert!(out.contains("defaults (no file)"), "{out}");
}

#[test]
fn a_bad_config_is_refused_with_its_file_line_and_key() {
    let desk = Desk::new();
    let config = desk.dir.path().join("config.toml");
    std::fs::write(
        &config,
        "language = \"en\"\n\n[targets]\narrival_minuts = 10\n",
    )
    .expect("write config");
    let path = config.to_str().expect("utf-8 path");
    let err = desk.fails(2, &["--config", path, "list"]);
    assert!(
        err.contains("config.toml line 4")
            && err.contains("arrival_minuts")
            && err.contains("arrival_minutes"),
        "{err}"
    );
    let err = desk.fails(2, &["--config", "/nonexistent/dutydesk.toml", "list"]);
    assert!(err.contains("cannot read"), "{err}");
    std::fs::write(&config, "[targets]\narrival_minutes = 10\n").expect("write config");
    let n = desk.report(&["--config", path, "--ago", "12m"]);
    desk.ok(&["--config", path, "dispatch", &n, "--to", "王建华"]);
    desk.ok(&["--config", path, "arrive", &n]);
    assert_eq!(
        desk.case(&n)["arrival_met"],
        false,
        "missed the 10-minute target from config"
    );
    assert_eq!(
        desk.case(&n)["arrival_target_minutes"],
        10.0,
        "frozen with the target of its time"
    );
}

#[test]
fn the_database_comes_from_dutydesk_db_when_no_flag_is_given() {
    let desk = Desk::new();
    let other = desk.dir.path().join("env.db");
    desk.bare()
        .env("DUTYDESK_DB", &other)
        .args([
            "report",
            "--grid",
            "1",
            "--category",
            "facility.streetlight",
            "--channel",
            "hotline",
            "--place",
            "x",
            "路灯不亮",
        ])
        .assert()
        .success();
    assert!(other.exists());
    assert!(!desk.db.exists());
}

#[test]
fn patrols_are_recorded_once_per_grid_and_slot() {
    let desk = Desk::new();
    let out = desk.ok(&["patrol", "--grid", "3", "morning", "--findings", "2"]);
    assert!(
        out.starts_with("3 ") && out.trim().ends_with("morning"),
        "{out}"
    );
    desk.ok(&["patrol", "--grid", "3", "afternoon"]);
    let err = desk.fails(2, &["patrol", "--grid", "3", "morning"]);
    assert!(err.contains("already recorded"), "{err}");
    let err = desk.fails(2, &["patrol", "--grid", "0", "morning"]);
    assert!(err.contains("no grid 0"), "{err}");
    let err = desk.fails(2, &["patrol", "--grid", "1", "evening"]);
    assert!(err.contains("morning, afternoon"), "{err}");
}
