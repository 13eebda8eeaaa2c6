//! Completions and the man page, from the same definitions as `--help`: the bash script
//! parses, registers, and in a real bash completes a subcommand and an open case number (the
//! shell asks the binary); the man page is roff groff reads without a warning.

use crate::common;

use common::Desk;

fn bash_completes(desk: &Desk, script: &std::path::Path, words: &[&str]) -> Vec<String> {
    let bin_dir = assert_cmd::cargo::cargo_bin("dutydesk")
        .parent()
        .expect("the binary's folder")
        .to_path_buf();
    let words_array = words
        .iter()
        .map(|w| format!("'{w}'"))
        .collect::<Vec<_>>()
        .join(" ");
    let line = words.join(" ");
    let program = format!(
        "source '{script}'; complete -p dutydesk >/dev/null || exit 3; \
         COMP_WORDS=({words_array}); COMP_CWORD={cword}; COMP_LINE='{line}'; COMP_POINT=${{#COMP_LINE}}; \
         _clap_complete_dutydesk dutydesk '{last}' '{prev}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        script = script.display(),
        cword = words.len() - 1,
        last = words[words.len() - 1],
        prev = words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .env_clear()
        .env(
            "PATH",
            format!(
                "{}:{}",
                bin_dir.display(),
                std::env::var("PATH").unwrap_or_default()
            ),
        )
        .env("HOME", desk.dir.path())
        .env("DUTYDESK_DB", &desk.db)
        .output()
        .unwrap_or_else(|e| panic!("this test needs bash: {e}"));
    assert!(
        out.status.success(),
        "bash: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_subcommands_and_open_case_numbers_from_the_desk() {
    let desk = Desk::new();
    let open = desk.report(&[]);
    let closed = desk.report(&[]);
    desk.ok(&["cancel", &closed, "--reason", "重复"]);
    let script = desk.dir.path().join("dutydesk.bash");
    let text = desk.ok(&["completions", "bash"]);
    std::fs::write(&script, &text).expect("script");
    let parsed = std::process::Command::new("bash")
        .arg("-n")
        .arg(&script)
        .status()
        .expect("bash");
    assert!(parsed.success(), "the script parses");
    let subcommands = bash_completes(&desk, &script, &["dutydesk", "disp"]);
    assert_eq!(subcommands, ["dispatch"]);
    let cases = bash_completes(&desk, &script, &["dutydesk", "dispatch", "2026"]);
    let day = &open[..8];
    assert!(cases.iter().any(|c| c.starts_with(&open)), "{cases:?}");
    assert!(
        !cases.iter().any(|c| c.starts_with(&closed)),
        "only open cases: {cases:?}"
    );
    assert!(
        cases
            .iter()
            .all(|c| c.starts_with(day) || c.starts_with("2026"))
    );
    let names = bash_completes(
        &desk,
        &script,
        &["dutydesk", "dispatch", &open, "--to", "王"],
    );
    assert!(names.iter().any(|n| n.starts_with("王建华")), "{names:?}");
    // `split` completes the reports joined into another case, and only those.
    let again = desk.report(&[]);
    desk.ok(&["join", &again, "--into", &open]);
    let joined = bash_completes(&desk, &script, &["dutydesk", "split", "2026"]);
    assert_eq!(joined.len(), 1, "{joined:?}");
    assert!(joined[0].starts_with(&again), "{joined:?}");
    for shell in ["zsh", "fish"] {
        assert!(!desk.ok(&["completions", shell]).is_empty());
    }
}

#[test]
fn the_man_page_is_roff_groff_reads_without_a_warning() {
    let desk = Desk::new();
    let page = desk.ok(&["man"]);
    assert!(
        page.starts_with(".ie") || page.contains(".TH dutydesk 1"),
        "{page}"
    );
    let mut groff = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-ww", "-z"])
        .stdin(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("this test needs groff (apt-get install groff-base): {e}"));
    use std::io::Write;
    groff
        .stdin
        .take()
        .expect("stdin")
        .write_all(page.as_bytes())
        .expect("write");
    let out = groff.wait_with_output().expect("groff");
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stderr), "", "no warnings");
    assert!(page.contains("dispatch") && page.contains("handover"));
}
