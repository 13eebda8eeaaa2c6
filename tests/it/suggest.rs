//! `dutydesk suggest`: on a history kept by the desk itself (reports, dispatches and arrivals
//! keyed in with their times), the faster responder of the grid comes first with the
//! arrivals her estimate stands on, someone busy is listed after everyone free and marked,
//! and the shortfall line appears once nobody free can make the target. On a desk's own file
//! and on the shared database.

use serde_json::Value;

use crate::common::Desk;

/// Runs the desk's command line with `db` (a file's or a shared database's arguments).
struct Cli<'a> {
    desk: &'a Desk,
    db: Vec<String>,
}

impl Cli<'_> {
    fn ok(&self, args: &[&str]) -> String {
        let mut all: Vec<&str> = self.db.iter().map(String::as_str).collect();
        all.extend_from_slice(args);
        self.desk.ok_bare(&all).trim().to_string()
    }

    /// A report of a broken streetlight in `grid` at `place`, `ago` minutes ago; its number.
    fn report(&self, grid: &str, place: &str, ago: i64, summary: &str) -> String {
        self.ok(&[
            "report",
            "--grid",
            grid,
            "--category",
            "facility.streetlight",
            "--channel",
            "hotline",
            "--place",
            place,
            "--ago",
            &format!("{ago}m"),
            summary,
        ])
    }

    /// A grid-3 report `ago` minutes ago, sent to `who` a minute later, reached after `took`
    /// minutes, and resolved.
    fn past(&self, who: &str, ago: i64, took: i64) {
        let number = self.report("3", "新联街", ago, "路灯");
        self.ok(&[
            "dispatch",
            &number,
            "--to",
            who,
            "--ago",
            &format!("{}m", ago - 1),
        ]);
        self.ok(&[
            "arrive",
            &number,
            "--how",
            "callback",
            "--ago",
            &format!("{}m", ago - 1 - took),
        ]);
        self.ok(&["resolve", &number, "--note", "修好了"]);
    }
}

fn scenario(cli: &Cli) {
    for i in 0..3 {
        cli.past("胡队员", 600 + i * 60, 10);
        cli.past("张丽", 900 + i * 60, 4);
    }
    // 李秀英 (grid 1, the next grid) is on another case: listed, marked, never first.
    let elsewhere = cli.report("1", "柏条河绿道", 0, "灯");
    cli.ok(&["dispatch", &elsewhere, "--to", "李秀英"]);
    let number = cli.report("3", "新联街 8号", 3, "路灯不亮");
    let text = cli.ok(&["suggest", &number]);
    let lines: Vec<&str> = text.lines().collect();
    // Reported 3 minutes ago: 11 or 12 whole minutes left, by the second it runs.
    assert!(
        lines[0].contains(&number)
            && (lines[0].contains("(11 min left)") || lines[0].contains("(12 min left)")),
        "{text}"
    );
    assert!(
        lines[2].starts_with("张丽") && lines[2].contains("4 min"),
        "{text}"
    );
    assert!(
        lines[2].contains("median 4 min over 3 arrivals here"),
        "{text}"
    );
    // The grid's median over six arrivals is 7 minutes; from the next grid, 11.
    assert!(
        lines[3].starts_with("胡队员") && lines[3].contains("10 min"),
        "{text}"
    );
    assert!(
        lines[4].contains("11 min") && lines[4].contains("next grid"),
        "{text}"
    );
    let busy = lines
        .iter()
        .position(|l| l.starts_with("李秀英"))
        .expect("listed");
    assert!(
        lines[busy].contains(&format!("busy: on {elsewhere}")),
        "{text}"
    );
    assert!(
        lines[2..busy].iter().all(|l| l.contains("· free")),
        "everyone before the busy is free: {text}"
    );
    assert!(!text.contains("nobody expected"), "{text}");
    let json: Value = serde_json::from_str(&cli.ok(&["suggest", &number, "--json"])).expect("json");
    assert_eq!(json["candidates"][0]["name"], "张丽");
    assert_eq!(json["candidates"][0]["basis"], "own_here");
    assert_eq!(json["candidates"][0]["arrivals"], 3);
    assert_eq!(json["candidates"][0]["expected_minutes"], 4.0);
    assert!(json["shortfall"].is_null());
    // Ten minutes on, with 张丽 sent elsewhere, nobody free is expected in time.
    let other = cli.report("3", "新联街 1号", 0, "灯");
    cli.ok(&["dispatch", &other, "--to", "张丽"]);
    let late = cli.report("3", "新联街 9号", 10, "路灯又坏");
    let text = cli.ok(&["suggest", &late]);
    assert!(
        text.contains(
            "nobody expected within the 4 minutes left: call up, or send the patrol team"
        ),
        "{text}"
    );
    let zh = cli.ok(&["--lang", "zh", "suggest", &late]);
    assert!(zh.contains("剩余 4 分钟内无人能到"), "{zh}");
}

#[test]
fn the_faster_responder_of_the_grid_comes_first_on_a_desks_file() {
    let desk = Desk::new();
    let db = vec!["--db".to_string(), desk.db.display().to_string()];
    scenario(&Cli { desk: &desk, db });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_faster_responder_of_the_grid_comes_first_on_the_shared_database() {
    use crate::common::pg::SharedDb;
    let Some(db) = SharedDb::new("suggest_shared") else {
        return;
    };
    let role = db.community("xinlian").await;
    let desk = Desk::new();
    let config = desk.dir.path().join("xinlian.toml");
    std::fs::write(
        &config,
        "[community]\ncode = \"xinlian\"\nname_en = \"Xinlian\"\n",
    )
    .expect("config");
    let args = vec![
        "--config".to_string(),
        config.display().to_string(),
        "--db".to_string(),
        db.url(&role),
    ];
    scenario(&Cli {
        desk: &desk,
        db: args,
    });
}
