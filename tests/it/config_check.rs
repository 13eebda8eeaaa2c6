//! `dutydesk check` tells whether `on_alert` can run, and the example config copied unchanged
//! gives the same check as no config at all.

use crate::common;

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
    let example = include_str!("../../config.example.toml");
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

#[test]
fn a_site_wide_config_is_read_under_the_users() {
    let desk = Desk::new();
    let site = desk.dir.path().join("xdg/dutydesk");
    std::fs::create_dir_all(&site).expect("dir");
    std::fs::write(
        site.join("config.toml"),
        "language = \"zh\"\n[alerts]\non_alert = [\"true\"]\nreminder_minutes = 9\n",
    )
    .expect("site config");
    let user = desk.dir.path().join(".config/dutydesk");
    std::fs::create_dir_all(&user).expect("dir");
    std::fs::write(
        user.join("config.toml"),
        "[alerts]\non_alert = [\"/nonexistent/siren\"]\n",
    )
    .expect("user config");
    let out = desk
        .cmd()
        .arg("check")
        .env("XDG_CONFIG_DIRS", desk.dir.path().join("xdg"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
        .output()
        .expect("check runs");
    let said = String::from_utf8_lossy(&out.stdout);
    // The site's language, the user's on_alert over the site's.
    assert!(said.contains("全站配置"), "{said}");
    assert!(said.contains("/nonexistent/siren"), "{said}");
    assert_eq!(out.status.code(), Some(2), "{said}");
    // A bad key in the site's file is named with that file and line.
    std::fs::write(site.join("config.toml"), "languag = \"zh\"\n").expect("bad site config");
    let out = desk
        .cmd()
        .arg("check")
        .env("XDG_CONFIG_DIRS", desk.dir.path().join("xdg"))
        .output()
        .expect("check runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("xdg/dutydesk/config.toml") && err.contains("line 1"),
        "{err}"
    );
}
