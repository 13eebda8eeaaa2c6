//! The systemd units (the wall screen's `assets/dutydesk.service`, the web side's
//! `assets/dutydesk-serve.service`) pass `systemd-analyze verify`
//! where systemd is installed (it is skipped, saying so, where it is not; under `CI=true` a
//! missing `systemd-analyze` fails it: `.ci/run` installs it).

use crate::common;

#[test]
fn the_user_unit_verifies() {
    let Ok(found) = std::process::Command::new("systemd-analyze")
        .arg("--version")
        .output()
    else {
        assert!(
            std::env::var_os("CI").is_none(),
            "systemd-analyze is missing, and CI must have it (.ci/run installs Debian's systemd)"
        );
        eprintln!("SKIPPED the_user_unit_verifies: systemd-analyze is not installed here");
        return;
    };
    assert!(found.status.success());
    let desk = common::Desk::new();
    let dir = desk.dir.path();
    // The man page the unit points at, where `man` finds it.
    let man = dir.join("man/man1");
    std::fs::create_dir_all(&man).expect("dir");
    std::fs::write(man.join("dutydesk.1"), desk.ok(&["man"])).expect("man page");
    // Each unit as shipped, with ExecStart pointing at this build (the kiosk's terminal is not
    // on a test machine); everything else verified as it is.
    for (name, unit) in [
        (
            "dutydesk.service",
            include_str!("../../assets/dutydesk.service"),
        ),
        (
            "dutydesk-serve.service",
            include_str!("../../assets/dutydesk-serve.service"),
        ),
    ] {
        verify(dir, name, unit);
    }
}

fn verify(dir: &std::path::Path, name: &str, unit: &str) {
    assert!(
        unit.contains("Restart=always"),
        "{name} restarts if it ends"
    );
    assert!(unit.contains("WantedBy="), "{name} can be enabled");
    let bin = assert_cmd::cargo::cargo_bin("dutydesk");
    let local: String = unit
        .lines()
        .map(|l| {
            if l.starts_with("ExecStart=") {
                format!("ExecStart={} check", bin.display())
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let path = dir.join(name);
    std::fs::write(&path, local).expect("unit");
    let out = std::process::Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .env("MANPATH", dir.join("man"))
        .output()
        .expect("systemd-analyze runs");
    assert!(
        out.status.success(),
        "systemd-analyze verify {name}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}
