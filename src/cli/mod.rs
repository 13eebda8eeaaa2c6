//! The command line: the same actions as the dashboard, for intake from another terminal or a
//! script. Exit 0 on success, 2 for bad input (naming the field and what is allowed), 1 for
//! other failures. A failed command writes nothing.

mod api_keys;
mod commands;
mod complete;
mod failure;
pub mod out;
mod progress;
mod reports;
mod shared;
mod shell;
mod stats;
mod suggest;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};

use clap_complete::ArgValueCompleter;

use crate::domain::{ArrivalHow, Channel, LinkRole, PatrolSlot, Role, State, Tier};

/// A code list's parser: its codes shown in `--help` and in the refusal of any other.
macro_rules! codes {
    ($t:ty) => {
        codes!($t, <$t>::ALL)
    };
    ($t:ty, $list:expr) => {
        clap::builder::TypedValueParser::map(
            clap::builder::PossibleValuesParser::new($list.iter().map(|c| c.code())),
            |s| s.parse::<$t>().expect("a code from the list just given"),
        )
    };
}
use crate::i18n::Lang;

#[derive(Debug, Parser)]
#[command(
    name = "dutydesk",
    version,
    about = "The community duty desk: someone on the scene within 15 minutes"
)]
pub struct Cli {
    /// Database file, or a sub-district's shared postgres://… address [default: $DUTYDESK_DB,
    /// else the config's database.url, else ~/.local/share/dutydesk/dutydesk.db; for `demo`,
    /// ~/.local/share/dutydesk/demo.db]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Config file [default: ~/.config/dutydesk/config.toml]
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of labels [default: config, else from LANG/LC_ALL]
    #[arg(long, global = true, value_enum)]
    pub lang: Option<Lang>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// When it happened; default now.
#[derive(Debug, Clone, Default, Args)]
pub struct When {
    /// When it happened: 2026-11-28T09:30:00+08:00, or 2026-11-28 09:30 in the configured zone
    #[arg(
        long,
        allow_hyphen_values = true,
        value_name = "TIME",
        conflicts_with = "ago"
    )]
    pub at: Option<String>,
    /// How long ago it happened: 90s, 5m, 1h30m
    #[arg(long, allow_hyphen_values = true, value_name = "DURATION")]
    pub ago: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Log a new report; prints the case number alone
    #[command(
        after_help = "Examples:\n  n=$(dutydesk report --grid 2 --category facility.fitness_equipment --channel hotline --place \"山水天成 3栋旁\" --reporter 张三 --phone 13812345678 --ago 3m \"健身器材断裂\")\n  dutydesk report --grid 5 --category building.wall_trim_falling --channel patrol --place 学府 --on-scene 红袖套巡逻队 \"外墙装饰松动\""
    )]
    Report(ReportArgs),
    /// Send a responder to a case (again, to re-dispatch before arrival)
    #[command(
        after_help = "Examples:\n  dutydesk dispatch 20261128-003 --to 王建华\n  dutydesk dispatch 20261128-003 --to 胡军 --note \"张丽在开会\" --ago 2m"
    )]
    Dispatch {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Last local day of the period (included), e.g. 2026-11-30
        #[arg(long, allow_hyphen_values = true, value_name = "RESPONDER", add = ArgValueCompleter::new(complete::responders))]
        to: String,
        /// A note for the case's timeline
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Record that someone is on the scene
    #[command(
        after_help = "Examples:\n  dutydesk arrive 20261128-003 --how photo\n  dutydesk arrive 20261128-003 --at \"2026-11-28 09:41\""
    )]
    Arrive {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// How the arrival was confirmed
        #[arg(long, allow_hyphen_values = true, default_value = "self_report", value_parser = codes!(ArrivalHow, ArrivalHow::KEYED))]
        how: ArrivalHow,
        #[command(flatten)]
        when: When,
    },
    /// Call up (呼叫) a body outside the community
    #[command(
        after_help = "Examples:\n  dutydesk escalate 20261128-003 --to subdistrict_office --note \"护栏需街道统一安装\""
    )]
    Escalate {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Body code (`dutydesk codes bodies`)
        #[arg(long, allow_hyphen_values = true, value_name = "BODY")]
        to: String,
        /// A note for the case's timeline
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Record that the body a case was called up to has taken it (the sub-district's desk)
    #[command(
        after_help = "Examples:\n  dutydesk receive xinlian/20261128-003 --note \"城管科已接，明早施工\""
    )]
    Receive {
        /// The case: COMMUNITY/NUMBER on the sub-district's desk
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// What the body said (who took it, what happens next)
        #[arg(long, allow_hyphen_values = true)]
        note: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// The sub-district's view of a shared database: each community, and every open call-up
    #[command(after_help = "Examples:\n  dutydesk calls\n  dutydesk calls --json")]
    Calls {
        /// Print JSON instead of tables
        #[arg(long)]
        json: bool,
    },
    /// Make a database role a desk of the shared database (run as the database's owner)
    #[command(
        after_help = "Examples:\n  dutydesk --db postgres://street@db/dutydesk grant desk_xinlian --community xinlian --name 新联社区 --name-en Xinlian\n  dutydesk --db postgres://street@db/dutydesk grant street_desk --sub-district"
    )]
    Grant {
        /// The PostgreSQL role (made beforehand with CREATE ROLE … LOGIN)
        role: String,
        /// The community the role's desks keep (added if new), e.g. xinlian
        #[arg(
            long,
            allow_hyphen_values = true,
            required_unless_present = "sub_district"
        )]
        community: Option<String>,
        /// The community's name in Chinese, e.g. 新联社区
        #[arg(long, allow_hyphen_values = true, requires = "community")]
        name: Option<String>,
        /// The community's name in English, e.g. Xinlian
        #[arg(long, allow_hyphen_values = true, requires = "community")]
        name_en: Option<String>,
        /// The role is the sub-district's desk: it sees every community
        #[arg(long, conflicts_with = "community")]
        sub_district: bool,
    },
    /// Cases of a period as CSV, Markdown or HTML; `--public` makes the bulletin (公示)
    #[command(
        after_help = "Examples:\n  dutydesk export --from 2026-11-01 --to 2026-11-30 -o november.csv\n  dutydesk export --from 2026-11-01 --to 2026-11-30 --format html --public -o 公示.html"
    )]
    Export {
        /// First local day, e.g. 2026-11-01
        #[arg(long, allow_hyphen_values = true)]
        from: String,
        /// Last local day (included), e.g. 2026-11-30
        #[arg(long, allow_hyphen_values = true)]
        to: String,
        /// csv (UTF-8 with BOM, for spreadsheets), md, or html (printable, with a chart)
        /// [default: from the output file's extension (.csv, .md, .html), else csv]
        #[arg(long, value_enum)]
        format: Option<crate::export::Format>,
        /// The public bulletin: no reporter name or phone, only public progress notes; in
        /// Chinese unless --lang says otherwise
        #[arg(long)]
        public: bool,
        /// Write to this file instead of standard output
        #[arg(short = 'o', long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Open a case for every row of a CSV file (UTF-8 or GB18030), all or nothing; a row
    /// imported before is not imported again. Columns: reported_at, grid, category, channel,
    /// place, summary [, reporter, phone, tier] (or 报告时间, 网格, 类别, 渠道, 地点, 内容,
    /// 报告人, 电话, 分级)
    #[command(after_help = "Examples:\n  dutydesk import hotline-2026-11.csv")]
    Import {
        /// The CSV file, e.g. hotline-2026-11.csv
        file: PathBuf,
    },
    /// The shift handover from live clocks; with --to, recorded (who handed over to whom)
    #[command(after_help = "Examples:\n  dutydesk handover\n  dutydesk handover --to 李四")]
    Handover {
        /// The officer taking over: records the handover
        #[arg(long, allow_hyphen_values = true, value_name = "NAME")]
        to: Option<String>,
        /// Print JSON instead of the sheet
        #[arg(long)]
        json: bool,
    },
    /// A consistent copy of the database while desks write, checked whole (for cron)
    #[command(after_help = "Examples:\n  dutydesk backup /backup/dutydesk-2026-11-29.db")]
    Backup {
        /// The new file (never overwritten), e.g. /backup/dutydesk-2026-11-29.db
        file: PathBuf,
    },
    /// Copy this community's whole SQLite history into a shared PostgreSQL database, once
    #[command(
        after_help = "Examples:\n  dutydesk --db ~/.local/share/dutydesk/dutydesk.db move-to postgres://desk_xinlian@db/dutydesk --community xinlian"
    )]
    MoveTo {
        /// The shared database: postgres://…
        #[arg(allow_hyphen_values = true)]
        to: String,
        /// The community's code there (see `dutydesk grant`)
        #[arg(long, allow_hyphen_values = true)]
        community: String,
    },
    /// Set the tier: small (小事), medium (中事), big (大事)
    #[command(after_help = "Examples:\n  dutydesk tier 20261128-003 medium")]
    Tier {
        /// The case, e.g. 20261128-003
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// small (小事), medium (中事) or big (大事)
        #[arg(value_parser = codes!(Tier))]
        tier: Tier,
    },
    /// Note progress
    #[command(
        after_help = "Examples:\n  dutydesk note 20261128-003 \"已设置警戒线，请绕行\" --public"
    )]
    Note {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// What happened or was done (progress, for the timeline)
        text: String,
        /// For the public progress bulletin (公示)
        #[arg(long)]
        public: bool,
    },
    /// Resolve a case that someone is on the scene of
    #[command(
        after_help = "Examples:\n  dutydesk resolve 20261128-003 --note \"器材已更换\" --told"
    )]
    Resolve {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// A note for the case's timeline
        #[arg(long, allow_hyphen_values = true)]
        note: String,
        /// The reporter has been told (通报)
        #[arg(long)]
        told: bool,
        #[command(flatten)]
        when: When,
    },
    /// Record that the reporter was told (通报), after resolving, and what they said of it
    #[command(group(clap::ArgGroup::new("verdict").args(["satisfied", "unsatisfied"])))]
    #[command(
        after_help = "Examples:\n  dutydesk tell 20261128-003\n  dutydesk tell 20261128-003 --satisfied --note \"说修得很快\""
    )]
    Tell {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// The reporter is satisfied with how it was dealt with
        #[arg(long, conflicts_with = "unsatisfied")]
        satisfied: bool,
        /// The reporter is not satisfied
        #[arg(long)]
        unsatisfied: bool,
        /// What the reporter said (with --satisfied or --unsatisfied)
        #[arg(long, allow_hyphen_values = true, requires = "verdict")]
        note: Option<String>,
    },
    /// Cancel an open case (duplicate, not a problem)
    #[command(
        after_help = "Examples:\n  dutydesk cancel 20261128-004 --reason \"与 20261128-003 重复\""
    )]
    Cancel {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Why: it goes on the case's timeline
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// Reopen a resolved case
    #[command(after_help = "Examples:\n  dutydesk reopen 20261128-003 --reason \"又坏了\"")]
    Reopen {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Why: it goes on the case's timeline
        #[arg(long, allow_hyphen_values = true)]
        reason: String,
    },
    /// List cases (open ones by default)
    #[command(
        after_help = "Examples:\n  dutydesk list\n  dutydesk list --all --grid 2 --from 2026-11-01 --to 2026-11-30 --json"
    )]
    List {
        /// Open cases only (the default)
        #[arg(long, conflicts_with_all = ["all", "state"])]
        open: bool,
        /// Every case, closed ones too
        #[arg(long)]
        all: bool,
        /// Only cases in this state
        #[arg(long, value_parser = codes!(State))]
        state: Option<State>,
        /// Only this grid's cases (1-7)
        #[arg(long, allow_hyphen_values = true)]
        grid: Option<u8>,
        /// Reported on or after this local day, e.g. 2026-11-01
        #[arg(long, allow_hyphen_values = true)]
        from: Option<String>,
        /// Reported on or before this local day
        #[arg(long, allow_hyphen_values = true)]
        to: Option<String>,
        /// Print JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Show reporter names and phones unmasked
        #[arg(long)]
        reveal: bool,
    },
    /// A case and its whole timeline
    #[command(
        after_help = "Examples:\n  dutydesk show 20261128-003\n  dutydesk show 20261128-003 --json --reveal"
    )]
    Show {
        /// The case number, e.g. 20261128-003 (COMMUNITY/NUMBER on the sub-district's desk)
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Show the reporter's name and phone unmasked
        #[arg(long)]
        reveal: bool,
    },
    /// Record a grid's patrol (一日双巡): morning or afternoon
    #[command(
        after_help = "Examples:\n  dutydesk patrol --grid 2 morning\n  dutydesk patrol --grid 2 afternoon --findings 1 --ago 10m"
    )]
    Patrol {
        /// The grid's number, 1-7 (`dutydesk codes grids`)
        #[arg(long, allow_hyphen_values = true)]
        grid: u8,
        /// morning or afternoon (一日双巡)
        slot: PatrolSlot,
        /// How many problems it found (report each with `report --channel patrol`)
        #[arg(long, allow_hyphen_values = true, default_value_t = 0)]
        findings: u32,
        #[command(flatten)]
        when: When,
    },
    /// Who can be dispatched
    Roster {
        #[command(subcommand)]
        command: RosterCommand,
    },
    /// The figures for a day (default today) or a period
    #[command(
        after_help = "Examples:\n  dutydesk stats\n  dutydesk stats --from 2026-11-01 --to 2026-11-30 --breakdown"
    )]
    Stats {
        /// One local day, e.g. 2026-11-28 [default: today]
        #[arg(long, allow_hyphen_values = true, conflicts_with_all = ["from", "to"])]
        day: Option<String>,
        /// First local day of the period, e.g. 2026-11-01
        #[arg(long, allow_hyphen_values = true, requires = "to")]
        from: Option<String>,
        /// Last local day of the period (included), e.g. 2026-11-30
        #[arg(long, allow_hyphen_values = true, requires = "from")]
        to: Option<String>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Also break the figures down (grid, category, channel, tier, responder, body),
        /// with arrival minutes, day by day and the slowest arrivals
        #[arg(long, short = 'b')]
        breakdown: bool,
    },
    /// Print a link to a case for its responder (on-my-way, arrival, done from a phone) or its
    /// reporter (progress and verdict); each call makes a new link, shown only this once
    #[command(
        after_help = "Examples:\n  dutydesk link 20261128-003\n  dutydesk link 20261128-003 --for reporter"
    )]
    Link {
        /// The case number, e.g. 20261128-003
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Whom the link is for
        #[arg(long = "for", default_value = "responder", value_parser = codes!(LinkRole))]
        to: LinkRole,
    },
    /// Count an open case as one more report of another open case, the same matter (its
    /// reports come along; the dashboard's z takes a join back, `dutydesk split` splits)
    #[command(after_help = "Example:\n  dutydesk join 20261207-004 --into 20261207-003")]
    Join {
        /// The case that is one more report, e.g. 20261207-004
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// The case of the matter, which keeps its countdown
        #[arg(long, allow_hyphen_values = true, add = ArgValueCompleter::new(complete::open_cases))]
        into: String,
    },
    /// Make a joined report a case of its own again, with its own countdown from its report
    #[command(after_help = "Example:\n  dutydesk split 20261207-004")]
    Split {
        /// The joined report, e.g. 20261207-004 (`dutydesk show` of its case lists them)
        #[arg(add = ArgValueCompleter::new(complete::joined_reports))]
        case: String,
    },
    /// Whom to send: everyone on duty ranked by the minutes they are expected to take, from the
    /// desk's own arrivals of the last 90 days, with the reasons (the officer decides)
    #[command(
        after_help = "Examples:\n  dutydesk suggest 20261207-003\n  dutydesk suggest 20261207-003 --json"
    )]
    Suggest {
        /// The case number, e.g. 20261207-003
        #[arg(add = ArgValueCompleter::new(complete::open_cases))]
        case: String,
        /// Print JSON instead of text (everyone on duty)
        #[arg(long)]
        json: bool,
        /// List everyone on duty, not only the first five free and those busy
        #[arg(long)]
        all: bool,
    },
    /// Keys of the systems that hand reports in through Open311 (the city's 12345 platform,
    /// a mini-program): each key's reports carry its channel
    #[command(name = "api-key")]
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
    /// Serve the web side: responders' and reporters' links ([serve] in the config)
    #[command(after_help = "Examples:\n  dutydesk serve\n  dutydesk serve --listen 0.0.0.0:8080")]
    Serve {
        /// Address and port to listen on [default: the config's serve.listen, 127.0.0.1:8080]
        #[arg(long, value_name = "ADDR:PORT")]
        listen: Option<std::net::SocketAddr>,
    },
    /// Watch a live duty desk: the dashboard on a demo database with simulated reports
    #[command(after_help = "Examples:\n  dutydesk demo\n  dutydesk demo --speed 10 --fresh")]
    Demo(DemoArgs),
    /// The shell's completion script (it asks dutydesk for open cases, names and codes)
    #[command(
        after_help = "Examples:\n  echo 'source <(dutydesk completions bash)' >> ~/.bashrc\n  dutydesk completions fish > ~/.config/fish/completions/dutydesk.fish"
    )]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: Shell,
        /// The binary the shell asks (a package gives /usr/bin/dutydesk) [default: this one]
        #[arg(long = "binary", value_name = "PATH")]
        binary: Option<PathBuf>,
    },
    /// The manual page, in roff (man -l to read it; packages install it)
    #[command(
        after_help = "Examples:\n  dutydesk man | man -l -\n  dutydesk man > /usr/local/share/man/man1/dutydesk.1"
    )]
    Man,
    /// Check the config, the assets and the database
    #[command(after_help = "Examples:\n  dutydesk check")]
    Check,
    /// The codes the other commands accept, with Chinese and English names
    #[command(
        after_help = "Examples:\n  dutydesk codes categories\n  dutydesk codes bodies --json"
    )]
    Codes {
        /// Which list [default: all of them]
        kind: Option<CodeKind>,
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The grid's number, 1-7 (`dutydesk codes grids`)
    #[arg(long, allow_hyphen_values = true)]
    pub grid: u8,
    /// Category code (`dutydesk codes categories`), e.g. facility.fitness_equipment
    #[arg(long, allow_hyphen_values = true, add = ArgValueCompleter::new(complete::categories))]
    pub category: String,
    /// How it came in
    #[arg(long, allow_hyphen_values = true, value_parser = codes!(Channel))]
    pub channel: Channel,
    /// Where: a building, a path, a landmark
    #[arg(long, allow_hyphen_values = true)]
    pub place: String,
    /// Who reported it (masked everywhere but `--reveal`)
    #[arg(long, allow_hyphen_values = true)]
    pub reporter: Option<String>,
    /// The reporter's phone, for a call-back (masked likewise)
    #[arg(long, allow_hyphen_values = true)]
    pub phone: Option<String>,
    /// small (小事), medium (中事) or big (大事) [default: the category's suggestion]
    #[arg(long, allow_hyphen_values = true, value_parser = codes!(Tier))]
    pub tier: Option<Tier>,
    /// Found by someone already there (a patrol): dispatch and arrival are recorded at once
    #[arg(long, allow_hyphen_values = true, value_name = "RESPONDER", add = ArgValueCompleter::new(complete::responders))]
    pub on_scene: Option<String>,
    /// Also print a link for the reporter to follow the case and give a verdict
    /// (`dutydesk serve`), on the line after the number
    #[arg(long)]
    pub link: bool,
    /// The open case this report is the same matter as: kept as one of its reports (its
    /// countdown stays the first report's) instead of opening a case
    #[arg(long, allow_hyphen_values = true, value_name = "CASE", add = ArgValueCompleter::new(complete::open_cases))]
    pub same_as: Option<String>,
    #[command(flatten)]
    pub when: When,
    /// What the problem is
    pub summary: String,
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Start the demo database over (only a demo database is ever removed)
    #[arg(long)]
    pub fresh: bool,
    /// Run the clock this many times faster: with 10, a 15-minute target passes in 90 s
    #[arg(long, allow_hyphen_values = true, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub speed: u32,
    /// Seed of a new demo database (the same seed gives the same demo) [default: the scenario's]
    #[arg(long, allow_hyphen_values = true)]
    pub seed: Option<u64>,
    /// Send desktop notifications, run `on_alert` and ring the bell for the demo's alerts
    #[arg(long)]
    pub alerts: bool,
}

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// Everyone on the roster
    #[command(
        after_help = "Examples:\n  dutydesk roster list\n  dutydesk roster list --json --reveal"
    )]
    List {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
        /// Show phones unmasked
        #[arg(long)]
        reveal: bool,
    },
    /// Add someone
    #[command(
        after_help = "Examples:\n  dutydesk roster add 周明 --role grid_worker --grid 3 --phone 13900001234"
    )]
    Add {
        /// The person's name as the roster gives it
        name: String,
        /// Their role in the community's organisation
        #[arg(long, allow_hyphen_values = true, value_parser = codes!(Role))]
        role: Role,
        /// The grid's number, 1-7 (`dutydesk codes grids`)
        #[arg(long, allow_hyphen_values = true)]
        grid: Option<u8>,
        /// The reporter's phone, for a call-back (masked likewise)
        #[arg(long, allow_hyphen_values = true)]
        phone: Option<String>,
    },
    /// Put someone on or off duty
    #[command(after_help = "Examples:\n  dutydesk roster duty 王建华 off")]
    Duty {
        /// The person's name as the roster gives it
        name: String,
        /// on or off duty
        duty: OnOff,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Make a key for a system; the key is printed once, last on its line, and kept only as a hash
    #[command(
        after_help = "Examples:\n  dutydesk api-key add city-12345 --channel hotline_12345\n  dutydesk api-key add xinlian-app --channel mini_program --community xinlian"
    )]
    Add {
        /// The system's name, e.g. city-12345
        name: String,
        /// How its reports came in, for the figures by channel
        #[arg(long, allow_hyphen_values = true, value_parser = codes!(Channel))]
        channel: Channel,
        /// The community it hands reports to (on a shared database) [default: this desk's]
        #[arg(long, allow_hyphen_values = true)]
        community: Option<String>,
    },
    /// Every key made, with its channel and whether it is revoked
    #[command(after_help = "Examples:\n  dutydesk api-key list\n  dutydesk api-key list --json")]
    List {
        /// Print JSON instead of text
        #[arg(long)]
        json: bool,
    },
    /// Revoke a key: its system's next request is refused
    #[command(after_help = "Examples:\n  dutydesk api-key revoke city-12345")]
    Revoke {
        /// The system's name as `api-key list` gives it
        name: String,
        /// Its community (on the sub-district's desk)
        #[arg(long, allow_hyphen_values = true)]
        community: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OnOff {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CodeKind {
    Categories,
    Grids,
    Channels,
    Bodies,
    Roles,
}

/// The first argument that is not UTF-8 text, named by its flag: clap's own message does not
/// say which one it was.
fn not_text_argument() -> Option<String> {
    let args: Vec<std::ffi::OsString> = std::env::args_os().skip(1).collect();
    let at = args.iter().position(|a| a.to_str().is_none())?;
    let flag = |a: &std::ffi::OsString| {
        let text = a.to_string_lossy();
        text.starts_with("--")
            .then(|| text.split('=').next().unwrap_or_default().to_string())
    };
    let own = flag(&args[at]).filter(|_| args[at].to_string_lossy().contains('='));
    let before = at.checked_sub(1).and_then(|i| flag(&args[i]));
    Some(
        own.or(before)
            .unwrap_or_else(|| format!("argument {}", at + 1)),
    )
}

/// Runs the command line and gives the exit code.
pub fn main() -> ExitCode {
    if let Some(field) = not_text_argument() {
        out::error(&format!(
            "{field}: is not valid UTF-8 text; give it as text (a terminal or script set to UTF-8)"
        ));
        return ExitCode::from(2);
    }
    // The shell asking what to complete (`COMPLETE=bash dutydesk -- …`): answered, then out.
    clap_complete::CompleteEnv::with_factory(<Cli as clap::CommandFactory>::command).complete();
    let cli = Cli::parse();
    // One thread: the dashboard's loop, its watcher and the CLI's single command never need
    // more, and an idle wall screen then wakes no other runtime threads. The web server takes
    // two, so one slow page never holds up another's answer.
    let runtime = match cli.command {
        Some(Command::Serve { .. }) => tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build(),
        _ => tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build(),
    };
    let runtime = match runtime {
        Ok(rt) => rt,
        Err(e) => {
            out::error(&format!("cannot start: {e}"));
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(()) | Err((0, _)) => ExitCode::SUCCESS,
        Err((code, message)) => {
            out::error(&message);
            ExitCode::from(code)
        }
    }
}
