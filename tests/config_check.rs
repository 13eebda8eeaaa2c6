//! `dutydesk check` tells whether `on_alert` can run, and the example config copied unchanged
//! gives the same check as no config at all.

mod common;

use common::Desk;

fn check_with(desk: &Desk, config: &str) -> std::process::Output {
    let path = desk.dir.path().join("config.toml");
    std::fs::write(&path, config).expect("config");
    desk.cmd()
        .args(["--config", path.to_str().expect("utf-8"), "check"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .expect("check runs")
}

#[test]
fn check_refuses_an_on_alert_that_cannot_run_and_names_one_that_can() {
    let desk = Desk::new();
    let missing = check_with(&desk, "[alerts]\non_alert = [\"/nonexistent/siren\"]\n");
    assert_eq!(missing.status.code(), Some(2));
    let said = String::from_utf8_lossy(&missing.stdout);
    assert!(
        said.contains("/nonexistent/siren` does not exist"),
        "{said}"
    );
    let plain = desk.dir.path().join("siren");
    std::fs::write(&plain, "#!/bin/sh\n").expect("file");
    let not_runnable = check_with(
        &desk,
        &format!("[alerts]\non_alert = [\"{}\"]\n", plain.display()),
    );
    assert_eq!(not_runnable.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&not_runnable.stdout).contains("may not be run"));
    let found = check_with(&desk, "[alerts]\non_alert = [\"true\", \"--flash\"]\n");
    let said = String::from_utf8_lossy(&found.stdout);
    assert!(said.contains("Alert command (on_alert): ok (/"), "{said}");
    assert!(said.contains("/true)"), "{said}");
}

#[test]
fn the_example_config_copied_unchanged_checks_as_no_config() {
    let desk = Desk::new();
    let example = include_str!("../config.example.toml");
    let copied = check_with(&desk, example);
    let none = desk
        .cmd()
        .args(["check"])
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .expect("check runs");
    let lines = |o: &std::process::Output| {
        String::from_utf8_lossy(&o.stdout)
            .lines()
            .filter(|l| !l.starts_with("Config:"))
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(copied.status.code(), none.status.code());
    assert_eq!(
        lines(&copied),
        lines(&none),
        "the same check, line for line"
    );
}
