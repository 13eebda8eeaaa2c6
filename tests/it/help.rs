//! Help that answers: every option and argument of every subcommand is described, options with
//! a fixed set of values list them, and every subcommand ends its help with real examples.

use clap::CommandFactory;
use dutydesk::cli::Cli;

fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
    for arg in cmd.get_arguments() {
        let id = arg.get_id().as_str();
        if id == "help" || id == "version" {
            continue;
        }
        if arg
            .get_help()
            .is_none_or(|h| h.to_string().trim().is_empty())
        {
            missing.push(format!("{path} {id}: no description"));
        }
    }
    for sub in cmd.get_subcommands() {
        if sub.get_name() == "help" {
            continue;
        }
        let here = format!("{path} {}", sub.get_name());
        if sub.get_about().is_none() {
            missing.push(format!("{here}: no about"));
        }
        let examples = sub
            .get_after_help()
            .map(|h| h.to_string())
            .unwrap_or_default();
        if sub.get_subcommands().next().is_none() && !examples.contains("dutydesk ") {
            missing.push(format!("{here}: no example"));
        }
        walk(sub, &here, missing);
    }
}

#[test]
fn every_option_of_every_subcommand_is_described_with_examples() {
    let mut missing = Vec::new();
    walk(&Cli::command(), "dutydesk", &mut missing);
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn fixed_value_options_list_their_values_in_help() {
    let cmd = Cli::command();
    let find = |sub: &str, arg: &str| {
        let sub = cmd.find_subcommand(sub).expect(sub);
        sub.get_arguments()
            .find(|a| a.get_id().as_str() == arg)
            .map(|a| a.get_possible_values().len())
            .unwrap_or(0)
    };
    for (sub, arg, at_least) in [
        ("report", "channel", 9),
        ("report", "tier", 3),
        ("arrive", "how", 4),
        ("tier", "tier", 3),
        ("list", "state", 5),
        ("export", "format", 3),
    ] {
        assert!(find(sub, arg) >= at_least, "{sub} --{arg} lists its values");
    }
    let roster = cmd.find_subcommand("roster").expect("roster");
    let add = roster.find_subcommand("add").expect("add");
    let role = add
        .get_arguments()
        .find(|a| a.get_id().as_str() == "role")
        .expect("role");
    assert_eq!(role.get_possible_values().len(), 7);
}
