//! What each subcommand does.

use chrono::{DateTime, Utc};
use serde_json::json;

use super::failure::{Failure, bad_input, failed, unreadable};
use super::out;
use super::{Cli, CodeKind, Command, DemoArgs, OnOff, ReportArgs, RosterCommand, When};
use crate::catalog::{Catalog, Responder};
use crate::config::{Config, paths};
use crate::dashboard::Session;
use crate::desk::said::Voice;
use crate::desk::{Desk, DeskError};
use crate::domain::lifecycle::Problem;
use crate::domain::{Action, Channel, Report, Role};
use crate::i18n::Lang;
use crate::location::Location;
use crate::present::View;
use crate::store::CaseFilter;
use crate::timebase::Timebase;
use crate::when::{parse_ago, parse_at, parse_day};

fn print_json(value: &impl serde::Serialize, zone: chrono_tz::Tz) -> Result<(), Failure> {
    out::json(value, zone)
}

/// Resolves `--at` / `--ago` against `now`. A time in the future or before 2000 is refused
/// by the flag that gave it, said in the desk's zone to the second.
fn when(w: &When, config: &Config, now: DateTime<Utc>) -> Result<DateTime<Utc>, Failure> {
    let zone = config.time_zone.0;
    let (flag, at) = match (&w.at, &w.ago) {
        (Some(at), _) => (
            "--at",
            parse_at(at, zone).map_err(|e| unreadable("--at", e))?,
        ),
        (None, Some(ago)) => (
            "--ago",
            now - parse_ago(ago).map_err(|e| unreadable("--ago", e))?,
        ),
        (None, None) => return Ok(now),
    };
    let problem = if at > now {
        Problem::InFuture(at)
    } else if at < crate::domain::lifecycle::EARLIEST {
        Problem::TooEarly(at)
    } else {
        return Ok(at);
    };
    Err(DeskError::BadInput {
        field: flag,
        problem,
    }
    .into())
}

/// Runs the command line; a failure comes back as its exit code and its reason in words of
/// the officer's language (the config's or the locale's, as every other output).
pub async fn run(cli: Cli) -> Result<(), (u8, String)> {
    let (config_path, named) = paths::config(cli.config.as_deref());
    let config = match Config::load(&config_path, named) {
        Ok(config) => config,
        Err(e) => {
            let lang = cli.lang.unwrap_or_else(Lang::from_locale);
            let voice = Voice::new(lang, Config::default().time_zone.0);
            return Err((2, bad_input("config", e).said(voice)));
        }
    };
    let voice = Voice::new(config.lang(cli.lang), config.time_zone.0);
    let code_of = |f: Failure| (f.code, f.said(voice));
    command(cli, config, config_path, named)
        .await
        .map_err(code_of)
}

async fn command(
    cli: Cli,
    config: Config,
    config_path: std::path::PathBuf,
    named: bool,
) -> Result<(), Failure> {
    let lang = config.lang(cli.lang);
    let now = Utc::now();
    if let Some(Command::Demo(args)) = &cli.command {
        let db = cli
            .db
            .clone()
            .unwrap_or_else(|| crate::demo::default_path(&paths::data_dir()));
        if let Location::Postgres(_) = Location::parse(&db) {
            return Err(bad_input(
                "--db",
                "the demo runs on a SQLite file of its own, never on a shared database; give a file path or leave --db out",
            ));
        }
        return demo(&db, config, lang, args, now).await;
    }
    let db = paths::database(cli.db.as_deref(), &config);
    let Some(command) = cli.command else {
        return dashboard(&db, config, lang).await;
    };
    match command {
        Command::Codes { kind, json } => {
            let catalog = Catalog::load(&config.assets).map_err(|e| bad_input("assets", e))?;
            return codes(&catalog, kind, json);
        }
        Command::Check => return check(&config_path, named, &config, lang, &db).await,
        Command::Completions { shell, binary } => {
            return super::shell::completions(shell, binary);
        }
        Command::Man => return super::shell::man(),
        Command::MoveTo { to, community } => {
            return super::shared::move_to(&db, &to, &community, config).await;
        }
        _ => {}
    }
    if let Location::File(file) = &db
        && !file.exists()
    {
        precheck(&command, file, &config, now)?;
    }
    let desk = Desk::open_at(&db, config).await?;
    if let Command::Serve { listen } = command {
        let listen = listen.unwrap_or(desk.config.serve.listen);
        let _log = crate::logging::to_file(&paths::state_dir());
        let desk = std::sync::Arc::new(desk);
        let served = crate::web::serve(desk.clone(), listen, lang).await;
        desk.close().await;
        return Ok(served?);
    }
    // The bulletin is posted for residents: Chinese unless asked otherwise.
    let lang = match (&command, cli.lang) {
        (Command::Export { public: true, .. }, None) => Lang::Zh,
        _ => lang,
    };
    let result = execute(command, &desk, lang, now).await;
    desk.close().await;
    result
}

async fn execute(
    command: Command,
    desk: &Desk,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let zone = desk.config.time_zone.0;
    let view = |reveal| View::new(lang, &desk.catalog, desk.targets(), reveal);
    let act = |number: String, action: Action, at: DateTime<Utc>| async move {
        let case = desk.act(&number, &action, at, now).await?.after;
        let state = view(false).t.state[case.state as usize];
        out::println(&format!("{} {state}", case.number))?;
        Ok::<_, Failure>(())
    };
    match command {
        Command::Report(args) => {
            let report = report_from(&args, desk, now)?;
            let open = desk
                .cases(&CaseFilter {
                    open_only: true,
                    ..CaseFilter::default()
                })
                .await?;
            let same = crate::domain::same_matter::candidates(
                report.grid,
                &report.category,
                &report.place,
                &open,
                now,
            );
            let (case, joined) = match &args.same_as {
                Some(into) => {
                    let change = desk.report_into(&report, into, now).await?;
                    (change.report.after, Some(change.problem.after))
                }
                None => (desk.report(&report, now).await?, None),
            };
            // Its one job is to give the number: a stdout that cannot take it is a failure
            // that still names the case (it is stored); a reader that left is not.
            if let Err(out::Unwritten::Failed(e)) = out::println(&case.number) {
                return Err(failed(format!(
                    "the case was stored as {}, but its number could not be printed: {e}",
                    case.number
                )));
            }
            // Beside the number, never on stdout: a script reads the number alone.
            if let Some(problem) = &joined {
                note(&crate::present::joined_words(lang, &case.number, problem));
            } else if !same.is_empty() {
                let w = &crate::i18n::texts(lang).suggest;
                let mut note = format!("{}\n", w.same_as);
                for c in &same {
                    let ago = (now - c.reported_at).num_minutes().max(0);
                    note.push_str(&format!(
                        "  {} · {} · {}\n",
                        c.number,
                        crate::text::visible(&c.place),
                        w.minutes_ago.replace("{n}", &ago.to_string())
                    ));
                }
                note.push_str(crate::i18n::texts(lang).joins.same_as_hint);
                note.push('\n');
                let _ = std::io::Write::write_all(&mut std::io::stderr(), note.as_bytes());
            }
            if args.link {
                let token = desk
                    .make_link(&case.number, crate::domain::LinkRole::Reporter, now)
                    .await?;
                out::println(&desk.link_url(crate::domain::LinkRole::Reporter, &token))?;
            }
        }
        Command::Dispatch {
            case,
            to,
            note,
            when: w,
        } => {
            let at = when(&w, &desk.config, now)?;
            act(
                case.clone(),
                Action::Dispatch {
                    responder: to,
                    note,
                },
                at,
            )
            .await?;
            // A desk that gives links: the responder's, for the officer to send on, and to
            // `on_dispatch`.
            if let Some(link) = desk.link_dispatch(&case, now).await? {
                out::println(&link.url)?;
                if let Err(why) = link.tell().await {
                    out::error(&why);
                }
            }
        }
        Command::Arrive { case, how, when: w } => {
            let at = when(&w, &desk.config, now)?;
            act(case, Action::Arrive { how }, at).await?;
        }
        Command::Escalate {
            case,
            to,
            note,
            when: w,
        } => {
            let at = when(&w, &desk.config, now)?;
            act(case, Action::Escalate { body: to, note }, at).await?;
        }
        Command::Tier { case, tier } => act(case, Action::SetTier { tier }, now).await?,
        Command::Note { case, text, public } => {
            act(case, Action::Note { text, public }, now).await?
        }
        Command::Resolve {
            case,
            note,
            told,
            when: w,
        } => {
            let at = when(&w, &desk.config, now)?;
            act(case, Action::Resolve { note, told }, at).await?;
        }
        Command::Tell {
            case,
            satisfied,
            unsatisfied,
            note,
        } => {
            let verdict =
                (satisfied || unsatisfied).then_some(crate::domain::Verdict { satisfied, note });
            act(case, Action::Tell { verdict }, now).await?
        }
        Command::Receive {
            case,
            note,
            when: w,
        } => {
            let at = when(&w, &desk.config, now)?;
            act(case, Action::Receive { note }, at).await?;
        }
        Command::Calls { json } => super::shared::calls(desk, lang, json).await?,
        Command::Export {
            from,
            to,
            format,
            public,
            output,
        } => {
            let args = super::reports::ExportArgs {
                from,
                to,
                format,
                public,
                output,
            };
            super::reports::export(desk, lang, args, now).await?;
        }
        Command::Import { file } => {
            let bytes = std::fs::read(&file)
                .map_err(|e| bad_input("FILE", format!("cannot read {}: {e}", file.display())))?;
            let spinner = super::progress::spinner(&format!("import {}", file.display()));
            let added = desk.import_csv(&bytes, now).await;
            spinner.finish_and_clear();
            let added = added?;
            for case in &added {
                out::println(&case.number)?;
            }
            let t = &crate::i18n::texts(lang).import;
            let history = added.iter().filter(|c| c.arrival_not_recorded()).count();
            let mut said = t
                .imported
                .replace("{count}", &added.len().to_string())
                .replace("{file}", &file.display().to_string());
            if history > 0 {
                said.push_str(&t.unrecorded.replace("{count}", &history.to_string()));
            }
            crate::cli::out::error(&said);
        }
        Command::Backup { file } => {
            let cases = desk.backup(&file).await?;
            out::println(&format!("{} ({cases} cases, integrity ok)", file.display()))?;
        }
        Command::Grant {
            role,
            community,
            name,
            name_en,
            sub_district: _,
        } => {
            super::shared::grant(
                desk,
                &role,
                community.as_deref(),
                name.as_deref(),
                name_en.as_deref(),
            )
            .await?
        }
        Command::Cancel { case, reason } => act(case, Action::Cancel { reason }, now).await?,
        Command::Reopen { case, reason } => act(case, Action::Reopen { reason }, now).await?,
        Command::List {
            open: _,
            all,
            state,
            grid,
            from,
            to,
            json,
            reveal,
        } => {
            let targets = desk.targets();
            let day = |flag: &str, text: Option<String>| {
                text.map(|t| parse_day(&t).map_err(|e| unreadable(flag, e)))
                    .transpose()
            };
            let from = day("--from", from)?.map(|d| targets.start_of_local_day(d));
            let to = day("--to", to)?.map(|d| targets.start_of_local_day(d + chrono::Days::new(1)));
            let filter = CaseFilter {
                open_only: !all && state.is_none() && from.is_none() && to.is_none(),
                state,
                grid,
                from,
                to,
                joined_into: None,
            };
            let cases = desk.cases(&filter).await?;
            let view = view(reveal);
            if json {
                let list: Vec<_> = cases.iter().map(|c| view.case_json(c)).collect();
                print_json(&list, zone)?;
            } else {
                out::print(&view.list(&cases, now))?;
            }
        }
        Command::Show { case, json, reveal } => {
            let history = desk.case_history(&case, now).await?;
            let view = view(reveal);
            if json {
                let events: Vec<_> = history.events.iter().map(|e| view.event_json(e)).collect();
                let shifts: Vec<_> = history.shifts.iter().map(|s| view.shift_json(s)).collect();
                print_json(
                    &json!({
                        "case": view.case_json(&history.case),
                        "timeline": events,
                        "shifts": shifts,
                    }),
                    zone,
                )?;
            } else {
                out::print(&view.show(
                    &history.case,
                    &history.events,
                    &history.shifts,
                    &history.reports,
                ))?;
            }
        }
        Command::Handover { to, json } => {
            let sheet = desk.handover(now).await?;
            let shift = match to {
                Some(to) => Some(desk.hand_over(&to, now).await?),
                None => None,
            };
            if json {
                print_json(&json!({ "handover": sheet, "recorded": shift }), zone)?;
            } else {
                let view = view(false);
                out::print(&crate::desk::handover::text(&view, &sheet))?;
                if let Some(shift) = shift {
                    out::println(&format!(
                        "\n{}",
                        view.t.handover.recorded.replace("{to}", &shift.to)
                    ))?;
                }
            }
        }
        Command::Patrol {
            grid,
            slot,
            findings,
            when: w,
        } => {
            let at = when(&w, &desk.config, now)?;
            let patrol = desk.patrol(grid, slot, findings, at, now).await?;
            out::println(&format!("{} {} {}", patrol.grid, patrol.day, patrol.slot))?;
        }
        Command::Roster { command } => roster(desk, command, &view(false)).await?,
        Command::Stats {
            day,
            from,
            to,
            json,
            breakdown,
        } => {
            let (from, to) = match (day, from, to) {
                (Some(day), _, _) => {
                    let d = parse_day(&day).map_err(|e| unreadable("--day", e))?;
                    (d, d)
                }
                (None, Some(from), Some(to)) => (
                    parse_day(&from).map_err(|e| unreadable("--from", e))?,
                    parse_day(&to).map_err(|e| unreadable("--to", e))?,
                ),
                _ => (desk.local_day(now), desk.local_day(now)),
            };
            let figures = desk.figures(from, to).await?;
            // The breakdown costs a pass per dimension: asked for, not always paid.
            let breakdown = match breakdown {
                true => Some(desk.breakdown(from, to).await?),
                false => None,
            };
            if json {
                let mut value = serde_json::to_value(&figures).map_err(failed)?;
                value["from"] = json!(from.to_string());
                value["to"] = json!(to.to_string());
                if let Some(b) = &breakdown {
                    value["breakdown"] = serde_json::to_value(b).map_err(failed)?;
                }
                print_json(&value, zone)?;
            } else {
                let view = view(false);
                let mut text = super::stats::figures(&view, from, to, &figures);
                if let Some(b) = &breakdown {
                    text.push_str(&super::stats::breakdown(&view, b));
                }
                out::print(&text)?;
            }
        }
        Command::Join { case, into } => {
            let change = desk.join(&case, &into, now).await?;
            out::println(&crate::present::joined_words(
                lang,
                &case,
                &change.problem.after,
            ))?;
        }
        Command::Split { case } => {
            let change = desk.split(&case, &[], now).await?;
            let problem = &change.problem.after;
            out::println(
                &crate::i18n::texts(lang)
                    .joins
                    .split
                    .replace("{report}", &case)
                    .replace("{case}", &problem.number)
                    .replace("{reports}", &problem.reports.to_string()),
            )?;
        }
        Command::Suggest { case, json, all } => {
            let suggestion = desk.suggest(&case, now).await?;
            super::suggest::print(desk, &suggestion, (json, all), lang, now)?;
        }
        Command::ApiKey { command } => super::api_keys::run(desk, command, now).await?,
        Command::Link { case, to } => {
            let token = desk.make_link(&case, to, now).await?;
            out::println(&desk.link_url(to, &token))?;
        }
        Command::Check
        | Command::Codes { .. }
        | Command::Serve { .. }
        | Command::Demo(_)
        | Command::MoveTo { .. }
        | Command::Completions { .. }
        | Command::Man => {}
    }
    Ok(())
}

async fn dashboard(db: &Location, config: Config, lang: Lang) -> Result<(), Failure> {
    let _log = crate::logging::to_file(&paths::state_dir());
    let desk = Desk::open_at(db, config).await?;
    let mut session = Session::desk();
    // A demo database says so on screen, whoever opens it.
    session.demo = desk
        .store
        .setting(crate::demo::MARK)
        .await
        .map_err(DeskError::from)?
        .is_some();
    let result = crate::dashboard::run(&desk, lang, session).await;
    desk.close().await;
    result.map_err(run_failure)
}

fn run_failure(e: crate::dashboard::RunError) -> Failure {
    match e {
        crate::dashboard::RunError::NoTerminal => bad_input("terminal", e),
        crate::dashboard::RunError::Desk(e) => e.into(),
        other => failed(other),
    }
}

/// The dashboard on the demo database, with the simulator running beside it in this process.
async fn demo(
    db: &std::path::Path,
    config: Config,
    lang: Lang,
    args: &DemoArgs,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    use std::io::IsTerminal;
    let _log = crate::logging::to_file(&paths::state_dir());
    // Said before seeding, which writes weeks of history.
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(run_failure(crate::dashboard::RunError::NoTerminal));
    }
    let demo = crate::demo::prepare(db, config, args.fresh, args.seed, now).await?;
    let time = Timebase::simulated(demo.start, args.speed);
    let session = Session {
        time,
        demo: true,
        alerts_out: args.alerts,
    };
    let running =
        crate::demo::Running::start(demo.simulator, demo.simulator_desk, demo.history, time);
    let result = crate::dashboard::run(&demo.desk, lang, session).await;
    running.stop().await;
    demo.desk.close().await;
    result.map_err(run_failure)
}

/// Before a database exists: only a command that adds to it may make it, and only once all
/// that can be checked without it holds. A refused command creates nothing.
fn precheck(
    command: &Command,
    db: &std::path::Path,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let catalog = Catalog::load(&config.assets).map_err(|e| bad_input("assets", e))?;
    match command {
        Command::Report(args) => {
            let report = report_of(args, &catalog, config, now)?;
            crate::domain::lifecycle::open(String::new(), &report, &config.rules(), now)
                .map_err(|e| DeskError::from(crate::store::StoreError::from(e)))?;
            if let Some(name) = &report.on_scene
                && !catalog.roster.iter().any(|r| &r.name == name)
            {
                return Err(bad_input(
                    "responder",
                    crate::domain::lifecycle::Problem::NotOnRoster(name.clone()),
                ));
            }
        }
        Command::Patrol { grid, when: w, .. } => {
            crate::desk::check_grid(&catalog, *grid)?;
            when(w, config, now)?;
        }
        Command::Roster {
            command:
                RosterCommand::Add {
                    name,
                    role,
                    grid,
                    phone,
                },
        } => crate::desk::check_new_responder(
            &Responder {
                name: name.trim().to_string(),
                role: *role,
                grid: *grid,
                phone: phone.clone(),
                on_duty: true,
            },
            &catalog,
        )?,
        Command::Roster {
            command: RosterCommand::Duty { name, .. },
        } if !catalog.roster.iter().any(|r| &r.name == name) => {
            return Err(bad_input(
                "name",
                crate::domain::lifecycle::Problem::NotOnRoster(name.clone()),
            ));
        }
        // Every command about a case: there is none yet.
        Command::Dispatch { case, .. }
        | Command::Arrive { case, .. }
        | Command::Link { case, .. }
        | Command::Escalate { case, .. }
        | Command::Tier { case, .. }
        | Command::Note { case, .. }
        | Command::Resolve { case, .. }
        | Command::Tell { case, .. }
        | Command::Receive { case, .. }
        | Command::Cancel { case, .. }
        | Command::Reopen { case, .. }
        | Command::Show { case, .. } => {
            return Err(bad_input(
                "case",
                format!(
                    "no case numbered `{case}`: there is no database at {} yet (the first report makes it)",
                    db.display()
                ),
            ));
        }
        Command::Backup { .. } => {
            return Err(bad_input(
                "--db",
                format!(
                    "there is no database at {}; nothing to back up",
                    db.display()
                ),
            ));
        }
        // Reading an empty desk is not refused: it is made, with the catalog's roster.
        _ => {}
    }
    Ok(())
}

fn report_from(args: &ReportArgs, desk: &Desk, now: DateTime<Utc>) -> Result<Report, Failure> {
    report_of(args, &desk.catalog, &desk.config, now)
}

fn report_of(
    args: &ReportArgs,
    catalog: &Catalog,
    config: &Config,
    now: DateTime<Utc>,
) -> Result<Report, Failure> {
    crate::desk::check_grid(catalog, args.grid)?;
    // As the form takes it: the code, either name, or a piece only one kind has.
    let kind = crate::desk::find_category(catalog, &args.category)?;
    let tier = args.tier.unwrap_or(kind.tier);
    Ok(Report {
        grid: args.grid,
        category: kind.code.clone(),
        channel: args.channel,
        place: args.place.clone(),
        summary: args.summary.clone(),
        reporter: args.reporter.clone(),
        phone: args.phone.clone(),
        tier,
        on_scene: args.on_scene.clone(),
        at: when(&args.when, config, now)?,
    })
}

async fn roster(desk: &Desk, command: RosterCommand, view: &View<'_>) -> Result<(), Failure> {
    match command {
        RosterCommand::List { json, reveal } => {
            let roster = desk.roster().await?;
            let view = View::new(view.lang, &desk.catalog, desk.targets(), reveal);
            if json {
                let list: Vec<_> = roster
                    .iter()
                    .map(|r| {
                        json!({
                            "name": r.name, "role": r.role, "grid": r.grid,
                            "phone": r.phone.as_deref().map(|p| view.phone(p)),
                            "on_duty": r.on_duty,
                        })
                    })
                    .collect();
                print_json(&list, desk.config.time_zone.0)?;
            } else {
                out::print(&view.roster(&roster))?;
            }
        }
        RosterCommand::Add {
            name,
            role,
            grid,
            phone,
        } => {
            desk.add_responder(&Responder {
                name: name.trim().to_string(),
                role,
                grid,
                phone,
                on_duty: true,
            })
            .await?;
            out::println(name.trim())?;
        }
        RosterCommand::Duty { name, duty } => {
            desk.set_on_duty(&name, duty == OnOff::On).await?;
            let t = view.t;
            let duty = if duty == OnOff::On {
                t.on_duty
            } else {
                t.off_duty
            };
            out::println(&format!("{name} {duty}"))?;
        }
    }
    Ok(())
}

fn codes(catalog: &Catalog, kind: Option<CodeKind>, json: bool) -> Result<(), Failure> {
    let en = crate::i18n::texts(Lang::En);
    let zh = crate::i18n::texts(Lang::Zh);
    let list = |kind: CodeKind| -> Vec<serde_json::Value> {
        match kind {
            CodeKind::Categories => catalog
                .groups
                .iter()
                .flat_map(|g| {
                    g.kinds.iter().map(move |k| {
                        json!({ "code": k.code, "zh": k.names.zh, "en": k.names.en,
                                "tier": k.tier, "group": g.code })
                    })
                })
                .collect(),
            CodeKind::Grids => catalog
                .grids
                .iter()
                .map(|g| json!({ "code": g.number.to_string(), "zh": g.names.zh, "en": g.names.en,
                                 "landmarks": g.landmarks }))
                .collect(),
            CodeKind::Channels => Channel::ALL
                .iter()
                .map(|c| json!({ "code": c.code(), "zh": zh.channel[*c as usize], "en": en.channel[*c as usize],
                                 "resident_reported": c.resident_reported() }))
                .collect(),
            CodeKind::Bodies => catalog
                .bodies
                .iter()
                .map(|b| json!({ "code": b.code, "zh": b.names.zh, "en": b.names.en }))
                .collect(),
            CodeKind::Roles => Role::ALL
                .iter()
                .map(|r| json!({ "code": r.code(), "zh": zh.role[*r as usize], "en": en.role[*r as usize] }))
                .collect(),
        }
    };
    let kinds = match kind {
        Some(k) => vec![k],
        None => vec![
            CodeKind::Categories,
            CodeKind::Grids,
            CodeKind::Channels,
            CodeKind::Bodies,
            CodeKind::Roles,
        ],
    };
    if json {
        return match kind {
            Some(k) => print_json(&list(k), chrono_tz::UTC),
            None => {
                let mut all = serde_json::Map::new();
                for k in kinds {
                    all.insert(code_kind_name(k).into(), serde_json::Value::Array(list(k)));
                }
                print_json(&all, chrono_tz::UTC)
            }
        };
    }
    for k in kinds {
        if kind.is_none() {
            out::println(&format!("[{}]", code_kind_name(k)))?;
        }
        let rows = list(k)
            .iter()
            .map(|v| {
                ["code", "zh", "en"]
                    .iter()
                    .map(|f| v[*f].as_str().unwrap_or_default().to_string())
                    .collect()
            })
            .collect();
        out::print(&crate::present::table(&["code", "中文", "English"], rows))?;
        if kind.is_none() {
            out::println("")?;
        }
    }
    Ok(())
}

fn code_kind_name(k: CodeKind) -> &'static str {
    match k {
        CodeKind::Categories => "categories",
        CodeKind::Grids => "grids",
        CodeKind::Channels => "channels",
        CodeKind::Bodies => "bodies",
        CodeKind::Roles => "roles",
    }
}

async fn check(
    config_path: &std::path::Path,
    named: bool,
    config: &Config,
    lang: Lang,
    db: &Location,
) -> Result<(), Failure> {
    let t = &crate::i18n::texts(lang).check;
    let config_state = if named || config_path.exists() {
        t.ok
    } else {
        t.defaults
    };
    out::println(&format!(
        "{}: {} ({})",
        t.config,
        config_state,
        config_path.display()
    ))?;
    if let Some(site) = (!named).then(paths::site_config).flatten() {
        out::println(&format!("{}: {} ({})", t.site_config, t.ok, site.display()))?;
    }
    let catalog = Catalog::load(&config.assets).map_err(|e| bad_input("assets", e))?;
    out::println(&format!(
        "{}: {} ({} / {} / {} / {})",
        t.assets,
        t.ok,
        catalog.kinds().count(),
        catalog.grids.len(),
        catalog.bodies.len(),
        catalog.roster.len()
    ))?;
    let scenario = crate::demo::Scenario::load(config.assets.demo.as_deref(), &catalog)
        .map_err(|e| bad_input("assets.demo", e))?;
    let demo = t.demo.replace("{cases}", &scenario.case.len().to_string());
    out::println(&format!("{demo}: {}", t.ok))?;
    let desk = Desk::open_at(db, config.clone()).await?;
    // Closed on every way out, so no WAL is left beside the file.
    let result = check_database(&desk, config, t, db).await;
    desk.close().await;
    result
}

async fn check_database(
    desk: &Desk,
    config: &Config,
    t: &crate::i18n::CheckLabels,
    db: &Location,
) -> Result<(), Failure> {
    out::println(&format!("{}: {}", t.database, db.shown()))?;
    out::println(&format!(
        "{}: {}",
        t.log,
        crate::logging::path(&paths::state_dir()).display()
    ))?;
    let spinner = super::progress::spinner(t.integrity);
    let checked = desk.check().await;
    spinner.finish_and_clear();
    let (version, integrity) = checked?;
    let known = match db {
        Location::File(_) => crate::store::known_version(),
        Location::Postgres(_) => crate::store::PgStore::known_version(),
    };
    out::println(&format!("{}: {version} / {known}", t.schema))?;
    out::println(&format!("{}: {integrity}", t.integrity))?;
    if let Some(link) = desk.link().await? {
        use crate::store::postgres::Link;
        let said = match link {
            Link::Tls(version) => t.link_tls.replace("{version}", &version),
            Link::Socket => t.link_socket.to_string(),
            Link::Plain => t.link_plain.to_string(),
        };
        out::println(&format!("{}: {said}", t.link))?;
    }
    let desktop = if !config.alerts.desktop {
        t.desktop_off.to_string()
    } else {
        match crate::notice::check_desktop().await {
            Ok(server) => format!("{} ({server})", t.ok),
            Err(why) => format!("{why}; {}", t.desktop_fix),
        }
    };
    out::println(&format!("{}: {desktop}", t.desktop))?;
    let hook = match config.alerts.on_alert.first() {
        None => Ok(t.on_alert_none.to_string()),
        Some(program) => {
            crate::notice::runnable(program).map(|found| format!("{} ({})", t.ok, found.display()))
        }
    };
    match &hook {
        Ok(line) => out::println(&format!("{}: {line}", t.on_alert))?,
        Err(why) => out::println(&format!("{}: {why}", t.on_alert))?,
    }
    if integrity != "ok" {
        return Err(failed(format!("the database is damaged: {integrity}")));
    }
    if let Err(why) = hook {
        return Err(bad_input("alerts.on_alert", why));
    }
    Ok(())
}

/// A line for the officer beside a command's output: on stderr, never in the way of a script.
fn note(line: &str) {
    let _ = std::io::Write::write_all(&mut std::io::stderr(), format!("{line}\n").as_bytes());
}
