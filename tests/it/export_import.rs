//! Export (CSV read back by Python's `csv` module, Markdown, HTML), the public bulletin (no
//! reporter name or phone anywhere), and import (a good file, GB18030, bad rows, twice).

use crate::common;

use common::Desk;

/// Reports with awkward summaries and personal data, one with a public and a private note.
fn awkward(desk: &Desk) -> Vec<String> {
    let mut numbers = Vec::new();
    for (place, summary, reporter, phone) in [
        (
            "山水天成, 3栋",
            "外墙\"装饰\"脱落，有人受伤？",
            "张三",
            "13800001111",
        ),
        (
            "绿道\n东段",
            "line one\nline two, with a comma",
            "Li Si",
            "13900002222",
        ),
        ("新联街", "路灯不亮", "王五", "13700003333"),
    ] {
        let number = desk.ok(&[
            "report",
            "--grid",
            "2",
            "--category",
            "facility.fitness_equipment",
            "--channel",
            "hotline",
            "--place",
            place,
            "--reporter",
            reporter,
            "--phone",
            phone,
            "--tier",
            "medium",
            "--ago",
            "30m",
            "--",
            summary,
        ]);
        numbers.push(number.trim().to_string());
    }
    desk.ok(&["note", &numbers[0], "已设置警戒线，请绕行", "--public"]);
    desk.ok(&["note", &numbers[0], "内部：物业经理电话 13811112222"]);
    numbers
}

fn today(desk: &Desk) -> String {
    let listed = desk.json(&["list", "--all"]);
    listed[0]["reported_at"].as_str().expect("time")[..10].to_string()
}

#[test]
fn a_csv_export_reads_back_in_python_with_every_awkward_cell_intact() {
    let desk = Desk::new();
    awkward(&desk);
    let day = today(&desk);
    let file = desk.dir.path().join("cases.csv");
    desk.ok(&[
        "export",
        "--from",
        &day,
        "--to",
        &day,
        "-o",
        file.to_str().expect("utf-8"),
    ]);
    let bytes = std::fs::read(&file).expect("the export");
    assert!(
        bytes.starts_with(b"\xEF\xBB\xBF"),
        "a BOM for spreadsheet programs"
    );
    let script = r#"
import csv, json, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    print(json.dumps(list(csv.reader(f)), ensure_ascii=False))
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&file)
        .output()
        .expect("python3 (the tests need it)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows: Vec<Vec<String>> = serde_json::from_slice(&out.stdout).expect("rows");
    assert_eq!(rows.len(), 4, "a header and three cases");
    let header = &rows[0];
    let col = |name: &str| header.iter().position(|h| h == name).expect(name);
    let by_summary = |s: &str| rows.iter().find(|r| r[col("Summary")] == s).expect(s);
    let first = by_summary("外墙\"装饰\"脱落，有人受伤？");
    assert_eq!(first[col("Place")], "山水天成, 3栋");
    assert_eq!(first[col("Reporter")], "张三");
    assert_eq!(first[col("Phone")], "13800001111");
    assert!(first[col("Progress")].contains("已设置警戒线，请绕行"));
    let second = by_summary("line one\nline two, with a comma");
    assert_eq!(second[col("Place")], "绿道\n东段");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&file).expect("file").permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "personal data: owner-only");
    // Markdown and HTML carry the same cases.
    let md = desk.ok(&["export", "--from", &day, "--to", &day, "--format", "md"]);
    assert!(
        md.contains("外墙\"装饰\"脱落") && md.contains("line one<br>line two"),
        "{md}"
    );
    let html = desk.ok(&["export", "--from", &day, "--to", &day, "--format", "html"]);
    assert!(
        html.contains("<svg") && html.contains("外墙&quot;装饰&quot;脱落"),
        "{html}"
    );
    assert!(!html.contains("<script"), "no JavaScript");
    assert!(
        html.contains("stroke-dasharray"),
        "the arrival histogram with its target line"
    );
    // One day's share is a figure in words, not a line with one point; each case a block of
    // its fields, on A4 landscape, not a twenty-column table.
    assert!(html.contains("arrivals within target ("), "{html}");
    assert!(!html.contains("<polyline"), "no line of one point");
    assert!(html.contains("<dl class=\"case\">") && !html.contains("<table>"));
    assert!(html.contains("size: A4 landscape"));
    assert!(
        html.contains(&format!("Period covered: {day} to {day}")),
        "the period stated"
    );
    let yesterday = (chrono::NaiveDate::parse_from_str(&day, "%Y-%m-%d").expect("day")
        - chrono::Days::new(1))
    .to_string();
    let noon = |minutes: u32| format!("{yesterday} 12:{minutes:02}");
    let earlier = desk.report(&["--at", &noon(0)]);
    desk.ok(&["dispatch", &earlier, "--to", "张丽", "--at", &noon(2)]);
    desk.ok(&["arrive", &earlier, "--at", &noon(10)]);
    let two_days = desk.ok(&[
        "export", "--from", &yesterday, "--to", &day, "--format", "html",
    ]);
    assert!(
        two_days.contains("<polyline"),
        "the day-by-day share over days"
    );
}

#[test]
fn the_public_export_and_bulletin_hold_no_name_no_phone_and_no_private_note() {
    let desk = Desk::new();
    awkward(&desk);
    // Resolved today whatever the hour (the suite runs around midnight too).
    let day = today(&desk);
    let midnight = format!("{day} 00:00");
    let fixed = desk.report(&["--at", &midnight]);
    desk.ok(&["dispatch", &fixed, "--to", "张丽", "--at", &midnight]);
    desk.ok(&["arrive", &fixed, "--at", &midnight]);
    desk.ok(&["resolve", &fixed, "--note", "已更换器材"]);
    let bulletin = desk.ok(&[
        "export", "--from", &day, "--to", &day, "--format", "html", "--public",
    ]);
    let csv = desk.ok(&["export", "--from", &day, "--to", &day, "--public"]);
    let md = desk.ok(&[
        "export", "--from", &day, "--to", &day, "--public", "--format", "md",
    ]);
    for (what, text) in [("bulletin", &bulletin), ("csv", &csv), ("md", &md)] {
        for secret in [
            "张三",
            "Li Si",
            "王五",
            "13800001111",
            "13900002222",
            "13700003333",
            "13811112222",
            "内部",
            "138****",
        ] {
            assert!(!text.contains(secret), "{what} shows {secret}:\n{text}");
        }
    }
    assert!(
        bulletin.contains("已设置警戒线，请绕行"),
        "the public note is posted"
    );
    assert!(bulletin.contains("@page { size: A4"), "printable on A4");
    assert!(
        bulletin.contains("lang=\"zh-CN\"") && bulletin.contains("需要协商处理的问题"),
        "Chinese by default, in a resident's words"
    );
    assert!(!bulletin.contains("中事"), "no office jargon");
    // The resolved table says which time is which, and the period covered is stated.
    for heading in [
        "<th>反映时间</th>",
        "<th>办结时间</th>",
        "<th>处理结果</th>",
    ] {
        assert!(bulletin.contains(heading), "{heading}:\n{bulletin}");
    }
    assert!(
        bulletin.contains(&format!("公示时段：{day} 至 {day}")),
        "{bulletin}"
    );
    // Nothing smaller than 14 pt; a CJK font on Linux, Windows and macOS.
    let sizes: Vec<u32> = bulletin
        .split("font-size: ")
        .skip(1)
        .filter_map(|rest| rest.split("pt").next()?.parse().ok())
        .collect();
    assert!(
        !sizes.is_empty() && sizes.iter().all(|s| *s >= 14),
        "{sizes:?}"
    );
    for font in [
        "Noto Sans CJK SC",
        "WenQuanYi Micro Hei",
        "Microsoft YaHei",
        "PingFang SC",
    ] {
        assert!(bulletin.contains(font), "{font}");
    }
    let english = desk.ok(&[
        "--lang", "en", "export", "--from", &day, "--to", &day, "--format", "html", "--public",
    ]);
    assert!(english.contains("Matters being worked out"));
}

#[test]
fn import_takes_a_good_file_once_a_gb18030_file_and_refuses_a_file_with_bad_rows_whole() {
    let desk = Desk::new();
    desk.report(&[]);
    let dir = desk.dir.path();
    let good = dir.join("hotline.csv");
    std::fs::write(
        &good,
        "reported_at,grid,category,channel,place,summary,reporter,phone\n\
         2026-11-28 09:30,3,road.pothole,hotline,\"绿道, 东段\",\"台阶\"\"破损\"\"\",李四,13900001111\n\
         2026-11-28 10:00,2,facility.streetlight,suggestion_box,山水天成,路灯不亮,,\n",
    )
    .expect("file");
    let path = |p: &std::path::Path| p.to_str().expect("utf-8").to_string();
    let added = desk.ok(&["import", &path(&good)]);
    assert_eq!(added.lines().count(), 2, "{added}");
    let shown = desk.json(&["show", added.lines().next().expect("a number"), "--reveal"]);
    assert_eq!(shown["case"]["place"], "绿道, 东段");
    assert_eq!(shown["case"]["summary"], "台阶\"破损\"");
    assert_eq!(shown["case"]["phone"], "13900001111");
    assert_eq!(
        shown["case"]["tier"], "medium",
        "the category suggests the tier"
    );
    let again = desk.output(&["import", &path(&good)]);
    assert_eq!(
        String::from_utf8_lossy(&again.stdout),
        "",
        "the same file again adds nothing"
    );
    let said = String::from_utf8_lossy(&again.stderr);
    assert_eq!(
        said.trim(),
        format!("dutydesk: 0 imported from {}", good.display()),
        "piped: no progress drawn"
    );
    assert_eq!(
        desk.json(&["list", "--all"]).as_array().map(Vec::len),
        Some(3)
    );

    let gb = dir.join("box.csv");
    let (text, _, _) = encoding_rs::GB18030
        .encode("报告时间,网格,类别,渠道,地点,内容,报告人\n2026-11-27 08:00,1,facility.streetlight,hotline,柏条河,路灯不亮,赵六\n");
    std::fs::write(&gb, &text).expect("file");
    let added = desk.ok(&["import", &path(&gb)]);
    let number = added.trim();
    let shown = desk.json(&["show", number, "--reveal"]);
    assert_eq!(shown["case"]["place"], "柏条河", "GB18030 read as Chinese");
    assert_eq!(shown["case"]["reporter"], "赵六");

    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "reported_at,grid,category,channel,place,summary\n\
         2026-11-28 11:00,2,facility.streetlight,hotline,p,a good row\n\
         2026-11-28 09:30,9,road.pothole,fax,x,y\n\
         yesterday,3,nope,hotline,x,z\n\
         2099-01-01 00:00,3,road.pothole,hotline,x,from the future\n",
    )
    .expect("file");
    let before = std::fs::read(&desk.db).expect("db");
    let why = desk.fails(2, &["import", &path(&bad)]);
    assert!(why.contains("nothing was imported"), "{why}");
    for expected in [
        "line 3, column grid",
        "line 3, column channel",
        "line 4, column reported_at",
        "line 4, column category",
        "line 5, column reported_at",
    ] {
        assert!(why.contains(expected), "{expected} in:\n{why}");
    }
    assert_eq!(
        desk.json(&["list", "--all"]).as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(std::fs::read(&desk.db).expect("db").len(), before.len());
    let unknown = dir.join("columns.csv");
    std::fs::write(&unknown, "when,where\n1,2\n").expect("file");
    let why = desk.fails(2, &["import", &path(&unknown)]);
    assert!(
        why.contains("missing column `summary`") && why.contains("unknown column"),
        "{why}"
    );
}
