//! Sending alerts out: a desktop notification (notify-rust over D-Bus) and the `on_alert`
//! command. Both run off the dashboard's path, each under a timeout: a bus that is missing,
//! a notification server that is absent or never answers, a command that hangs, none of them
//! may hold up the screen. Failures come back as text for the status line.

use std::time::Duration;

use notify_rust::{Notification, NotificationResponse, Timeout, Urgency};
use tokio::process::Command;

use crate::config::AlertsConfig;
use crate::domain::{AlertKind, ClockKind};
use crate::i18n::{Lang, texts};

/// One alert as the officer reads it, on the desktop, in the banner and in `on_alert`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub key: String,
    pub kind: AlertKind,
    /// The case to acknowledge, when it is about one case.
    pub case: Option<(String, ClockKind)>,
    /// Every case and clock it is about (one, or the group's).
    pub about: Vec<(String, ClockKind)>,
    pub grid: Option<u8>,
    pub place: String,
    /// Minutes past the target (negative: left).
    pub late_minutes: i64,
    pub summary: String,
    pub body: String,
    /// Overdue: critical urgency, and no expiry.
    pub critical: bool,
}

/// How long a notification server has to take a notification.
pub const DESKTOP_TIMEOUT: Duration = Duration::from_secs(3);
const ACK: &str = "acknowledge";

/// Shows `notice` on the desktop. With a case to acknowledge, also waits (as long as the
/// notification stays up) for its Acknowledge button and calls `on_ack`.
pub async fn desktop(
    notice: &Notice,
    lang: Lang,
    on_ack: impl FnOnce() + Send + 'static,
) -> Result<(), String> {
    let a = &texts(lang).alert;
    let mut n = Notification::new();
    // Servers that take markup in the body would read `<b>` in a place as markup.
    let body = notice
        .body
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    n.appname(a.app_name).summary(&notice.summary).body(&body);
    if notice.critical {
        n.urgency(Urgency::Critical).timeout(Timeout::Never);
    } else {
        n.urgency(Urgency::Normal);
    }
    if notice.case.is_some() {
        n.action(ACK, a.acknowledge);
    }
    let handle = tokio::time::timeout(DESKTOP_TIMEOUT, n.show_async())
        .await
        .map_err(|_| "the notification server did not answer within 3 s".to_string())?
        .map_err(|e| e.to_string())?;
    if notice.case.is_some() {
        tokio::spawn(async move {
            let mut pressed = false;
            handle
                .wait_for_action_async(|response| {
                    pressed = matches!(response, NotificationResponse::Action(key) if key == ACK);
                })
                .await;
            if pressed {
                on_ack();
            }
        });
    }
    Ok(())
}

/// Where `program` (a path, or a name looked up in `PATH`) is, if it exists and may be run:
/// an `on_alert` that cannot run would fail silently at the worst moment.
pub fn runnable(program: &str) -> Result<std::path::PathBuf, String> {
    use std::os::unix::fs::PermissionsExt;
    let executable = |p: &std::path::Path| {
        std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
    };
    let path = std::path::Path::new(program);
    if program.contains('/') {
        return if executable(path) {
            Ok(path.to_path_buf())
        } else if path.exists() {
            Err(format!(
                "`{program}` may not be run (not an executable file); chmod +x it or name another program"
            ))
        } else {
            Err(format!(
                "`{program}` does not exist; fix `alerts.on_alert` in the config"
            ))
        };
    }
    std::env::var_os("PATH")
        .into_iter()
        .flat_map(|dirs| std::env::split_paths(&dirs).collect::<Vec<_>>())
        .map(|dir| dir.join(program))
        .find(|p| executable(p))
        .ok_or_else(|| {
            format!("`{program}` is not found in PATH; give its full path in `alerts.on_alert`")
        })
}

/// Runs the configured `on_alert` program (no shell) with the details in its environment,
/// stopping it after the configured timeout.
pub async fn run_hook(config: &AlertsConfig, notice: &Notice) -> Result<(), String> {
    let (case, clock) = notice
        .case
        .as_ref()
        .map_or((String::new(), ""), |(n, c)| (n.clone(), c.code()));
    let env = vec![
        ("DUTYDESK_ALERT_KEY", notice.key.clone()),
        ("DUTYDESK_ALERT_KIND", notice.kind.code().to_string()),
        ("DUTYDESK_ALERT_CASE", case),
        ("DUTYDESK_ALERT_CLOCK", clock.to_string()),
        (
            "DUTYDESK_ALERT_GRID",
            notice.grid.map(|g| g.to_string()).unwrap_or_default(),
        ),
        ("DUTYDESK_ALERT_PLACE", notice.place.clone()),
        (
            "DUTYDESK_ALERT_LATE_MINUTES",
            notice.late_minutes.to_string(),
        ),
        ("DUTYDESK_ALERT_SUMMARY", notice.summary.clone()),
        ("DUTYDESK_ALERT_BODY", notice.body.clone()),
    ];
    let limit = Duration::from_secs(config.on_alert_timeout_seconds.0.unsigned_abs());
    run_program(&config.on_alert, &env, limit, "on_alert").await
}

/// Runs a configured program (`on_alert`, `on_dispatch`; no shell) with `env`, stopping it
/// after `limit`. Nothing configured is nothing to do.
pub async fn run_program(
    command: &[String],
    env: &[(&str, String)],
    limit: Duration,
    what: &str,
) -> Result<(), String> {
    let Some((program, args)) = command.split_first() else {
        return Ok(());
    };
    let mut child = Command::new(program)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| format!("{what} `{program}` did not start: {e}"))?;
    match tokio::time::timeout(limit, child.wait()).await {
        Ok(Ok(status)) if status.success() => Ok(()),
        Ok(Ok(status)) => Err(format!("{what} `{program}` failed: {status}")),
        Ok(Err(e)) => Err(format!("{what} `{program}`: {e}")),
        Err(_) => {
            let _ = child.kill().await;
            Err(format!(
                "{what} `{program}` was stopped after {} s",
                limit.as_secs()
            ))
        }
    }
}

/// Whether desktop notifications work here: the server's name, or why not.
pub async fn check_desktop() -> Result<String, String> {
    let probe = tokio::task::spawn_blocking(notify_rust::get_server_information);
    match tokio::time::timeout(DESKTOP_TIMEOUT, probe).await {
        Err(_) => Err("the notification server did not answer within 3 s".into()),
        Ok(Err(e)) => Err(e.to_string()),
        Ok(Ok(Err(e))) => Err(e.to_string()),
        Ok(Ok(Ok(info))) => Ok(format!("{} {}", info.name, info.version)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Bounded;
    use crate::domain::AlertKind;

    fn notice() -> Notice {
        Notice {
            key: "20261128-001:arrival_overdue:0".into(),
            kind: AlertKind::ArrivalOverdue,
            case: None,
            about: Vec::new(),
            grid: Some(2),
            place: "山水天成".into(),
            late_minutes: 1,
            summary: "s".into(),
            body: "b".into(),
            critical: true,
        }
    }

    #[tokio::test]
    async fn an_on_alert_command_that_hangs_is_stopped_at_its_timeout() {
        let config = AlertsConfig {
            on_alert: vec!["sleep".into(), "30".into()],
            on_alert_timeout_seconds: Bounded(1),
            ..AlertsConfig::default()
        };
        let started = std::time::Instant::now();
        let err = run_hook(&config, &notice()).await.expect_err("stopped");
        assert!(err.contains("stopped after 1 s"), "{err}");
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn an_on_alert_program_that_is_missing_or_fails_says_so() {
        let missing = AlertsConfig {
            on_alert: vec!["/nonexistent/siren".into()],
            ..AlertsConfig::default()
        };
        let err = run_hook(&missing, &notice()).await.expect_err("missing");
        assert!(err.contains("did not start"), "{err}");
        let failing = AlertsConfig {
            on_alert: vec!["false".into()],
            ..AlertsConfig::default()
        };
        let err = run_hook(&failing, &notice()).await.expect_err("fails");
        assert!(err.contains("failed"), "{err}");
    }
}
