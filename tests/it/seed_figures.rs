//! The seed article's figures: 62 problems collected, 46 from residents, 51 handled by the
//! community itself, 11 called up to higher departments. Recorded through the real binary,
//! `stats --json` for that period must give exactly those numbers.

use crate::common;

use common::Desk;

const RESIDENT_CHANNELS: [&str; 7] = [
    "hotline",
    "wechat_group",
    "qq_group",
    "official_account",
    "suggestion_box",
    "meeting",
    "walk_in",
];
const CATEGORIES: [&str; 5] = [
    "facility.fitness_equipment",
    "fire.hydrant_pipe_burst",
    "environment.garbage",
    "water.sewer_blocked",
    "facility.streetlight",
];

#[test]
fn a_period_of_62_cases_gives_62_46_51_11() {
    let desk = Desk::new();
    let mut numbers = Vec::new();
    for i in 0..62usize {
        let resident = i < 46;
        let channel = if resident {
            RESIDENT_CHANNELS[i % 7]
        } else if i % 2 == 0 {
            "patrol"
        } else {
            "home_visit"
        };
        let at = format!(
            "2019-04-{:02} {:02}:{:02}",
            1 + i % 30,
            8 + i % 10,
            (i * 7) % 60
        );
        let summary = format!("问题 {i}");
        let grid = (1 + i % 7).to_string();
        let mut args = vec![
            "report",
            "--grid",
            &grid,
            "--category",
            CATEGORIES[i % 5],
            "--channel",
            channel,
            "--place",
            "新联社区",
            "--at",
            &at,
        ];
        if channel == "patrol" {
            args.extend(["--on-scene", "红袖套巡逻队"]);
        }
        args.push(&summary);
        numbers.push(desk.ok(&args).trim().to_string());
    }
    // 11 called up to the sub-district and its departments, resident reports and findings alike.
    for n in numbers.iter().step_by(6).take(11) {
        desk.ok(&["escalate", n, "--to", "subdistrict_office"]);
    }
    // Most of the rest were handled on the spot.
    for n in numbers.iter().skip(1).step_by(2).take(20) {
        let case = desk.case(n);
        if case["state"] == "reported" {
            desk.ok(&[
                "dispatch",
                n,
                "--to",
                "张丽",
                "--at",
                case["reported_at"].as_str().expect("time"),
            ]);
            desk.ok(&[
                "arrive",
                n,
                "--at",
                case["reported_at"].as_str().expect("time"),
            ]);
        }
        if desk.case(n)["state"] == "on_scene" {
            desk.ok(&["resolve", n, "--note", "已处理", "--told"]);
        }
    }
    // Neither a duplicate (cancelled) nor a report on the day after the period counts.
    let duplicate = desk.ok(&[
        "report",
        "--grid",
        "1",
        "--category",
        "facility.guard_rail",
        "--channel",
        "hotline",
        "--place",
        "柏条河绿道",
        "--at",
        "2019-04-20 10:00",
        "重复",
    ]);
    desk.ok(&["cancel", duplicate.trim(), "--reason", "重复报告"]);
    desk.ok(&[
        "report",
        "--grid",
        "1",
        "--category",
        "facility.guard_rail",
        "--channel",
        "hotline",
        "--place",
        "柏条河绿道",
        "--at",
        "2019-05-04 00:00",
        "期后",
    ]);

    let stats = desk.json(&["stats", "--from", "2019-04-01", "--to", "2019-05-03"]);
    assert_eq!(stats["collected"], 62, "{stats}");
    assert_eq!(stats["resident_reported"], 46, "{stats}");
    assert_eq!(stats["handled_by_community"], 51, "{stats}");
    assert_eq!(stats["called_up"], 11, "{stats}");
    assert_eq!(stats["cancelled"], 1, "{stats}");
    assert_eq!(stats["arrived"], stats["arrived_within_target"], "{stats}");
    let day = desk.json(&["stats", "--day", "2019-05-04"]);
    assert_eq!(day["collected"], 1);
}
