//! The TOML config: every key optional with a sane default; unknown keys and bad values are
//! refused with the file, the line, the key and what is allowed.

use std::path::{Path, PathBuf};

use chrono::Duration;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::catalog::AssetPaths;
use crate::domain::{AlertRules, Rules, Targets};
use crate::i18n::Lang;
use crate::tomlfile::{self, FileError};

/// The settings in force. Build one with [`Config::load`] or `Config::default()`.
#[derive(Debug, Clone, PartialEq, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `zh` or `en`; absent: from the locale.
    #[serde(default)]
    pub language: Option<Lang>,
    #[serde(default)]
    pub time_zone: Zone,
    /// The community: a name for the header, or a table that also names it (`code`) in a
    /// shared database, or makes this the sub-district's desk. Absent: Xinlian.
    #[serde(default)]
    pub community: Option<CommunityConfig>,
    #[serde(default)]
    pub database: DatabaseConfig,
    /// Recorded as who made each change; absent: the login name.
    #[serde(default)]
    pub duty_officer: Option<String>,
    /// Clicks and the wheel on the board; absent: on.
    #[serde(default)]
    pub mouse: Option<bool>,
    #[serde(default)]
    pub targets: TargetsConfig,
    #[serde(default)]
    pub alerts: AlertsConfig,
    #[serde(default)]
    pub assets: AssetPaths,
    #[serde(default)]
    pub serve: ServeConfig,
}

/// The user's keys laid over the site's, table by table.
fn overlay(base: &mut toml::Table, over: toml::Table) {
    for (key, value) in over {
        match (base.get_mut(&key), value) {
            (Some(toml::Value::Table(b)), toml::Value::Table(o)) => overlay(b, o),
            (_, value) => {
                base.insert(key, value);
            }
        }
    }
}

/// A community's code as the shared database keeps it.
pub fn valid_code(code: &str) -> bool {
    let mut chars = code.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && code.len() <= 32
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// `community = "新联社区"`, or `[community]` with a code and names.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum CommunityConfig {
    Name(String),
    Desk(CommunityDesk),
}

#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CommunityDesk {
    /// The community's code in a shared database (`xinlian`): lower-case letters, digits, `_`.
    pub code: Option<String>,
    /// Its name in Chinese and in English, for headers.
    pub name: Option<String>,
    pub name_en: Option<String>,
    /// This is the sub-district's desk over every community of the shared database.
    #[serde(default)]
    pub sub_district: bool,
}

/// Where the records are when neither `--db` nor `DUTYDESK_DB` says.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseConfig {
    /// A file path, or a `postgres://` address of a sub-district's shared database.
    pub url: Option<String>,
}

/// How the desk is alerted.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AlertsConfig {
    /// Minutes between reminders while a case stays overdue and unacknowledged.
    pub reminder_minutes: Bounded<1, 120>,
    /// Minutes before a resolution target that its warning comes.
    pub resolution_lead_minutes: Bounded<0, 720>,
    /// Desktop notifications; off leaves the on-screen banner and the bell.
    pub desktop: bool,
    /// A program and its arguments (no shell) run for every alert, details in `DUTYDESK_ALERT_*`.
    pub on_alert: Vec<String>,
    /// Seconds `on_alert` may run before it is stopped.
    pub on_alert_timeout_seconds: Bounded<1, 120>,
    /// The sub-district's desk: minutes a call-up may wait for its body to take it.
    pub call_up_receive_minutes: Bounded<1, 1440>,
    /// Minutes a responder sent a link (`dutydesk serve`) may leave it without On my way
    /// before the desk is told.
    pub no_answer_minutes: Bounded<1, 60>,
}

impl Default for AlertsConfig {
    fn default() -> Self {
        AlertsConfig {
            reminder_minutes: Bounded(5),
            resolution_lead_minutes: Bounded(60),
            desktop: true,
            on_alert: Vec::new(),
            on_alert_timeout_seconds: Bounded(10),
            call_up_receive_minutes: Bounded(30),
            no_answer_minutes: Bounded(3),
        }
    }
}

/// The web side (`dutydesk serve`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ServeConfig {
    /// Address and port to listen on; loopback unless a proxy or the office network needs more.
    pub listen: std::net::SocketAddr,
    /// What links say, e.g. `https://desk.xinlian.example`; absent: `http://` + `listen`.
    pub public_url: Option<String>,
    /// Days after its case closed that a link keeps working.
    pub link_days: Bounded<1, 90>,
    /// The public progress board (公示) at `/`: what the public bulletin shows, live.
    pub public: bool,
    /// TLS without a proxy: the certificate chain and its private key, PEM files.
    pub tls_cert: Option<std::path::PathBuf>,
    pub tls_key: Option<std::path::PathBuf>,
    /// A program and its arguments (no shell) run for every dispatch's link, the link and the
    /// responder in `DUTYDESK_DISPATCH_*`: an SMS gateway, a WeChat Work bot.
    pub on_dispatch: Vec<String>,
}

impl Default for ServeConfig {
    fn default() -> Self {
        ServeConfig {
            listen: std::net::SocketAddr::from(([127, 0, 0, 1], 8080)),
            public_url: None,
            link_days: Bounded(7),
            public: false,
            tls_cert: None,
            tls_key: None,
            on_dispatch: Vec::new(),
        }
    }
}

impl ServeConfig {
    /// A desk that gives responders links: one whose links say where they point.
    pub fn gives_links(&self) -> bool {
        self.public_url.is_some()
    }

    /// Where links point, without a trailing `/`.
    pub fn base_url(&self) -> String {
        match &self.public_url {
            Some(url) => url.trim_end_matches('/').to_string(),
            None if self.tls_cert.is_some() => format!("https://{}", self.listen),
            None => format!("http://{}", self.listen),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TargetsConfig {
    pub arrival_minutes: Bounded<1, 240>,
    pub warning_minutes: Bounded<0, 239>,
    pub medium_days: Bounded<0, 60>,
}

impl Default for TargetsConfig {
    fn default() -> Self {
        TargetsConfig {
            arrival_minutes: Bounded(15),
            warning_minutes: Bounded(5),
            medium_days: Bounded(3),
        }
    }
}

/// A whole number within `MIN..=MAX`, refused with the range otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "i64")]
pub struct Bounded<const MIN: i64, const MAX: i64>(pub i64);

impl<const MIN: i64, const MAX: i64> TryFrom<i64> for Bounded<MIN, MAX> {
    type Error = String;
    fn try_from(v: i64) -> Result<Self, String> {
        if (MIN..=MAX).contains(&v) {
            Ok(Bounded(v))
        } else {
            Err(format!("{v} is out of range; allowed: {MIN} to {MAX}"))
        }
    }
}

/// An IANA time zone name such as `Asia/Shanghai`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(try_from = "String")]
pub struct Zone(pub Tz);

impl Default for Zone {
    fn default() -> Self {
        Zone(chrono_tz::Asia::Shanghai)
    }
}

impl TryFrom<String> for Zone {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse::<Tz>().map(Zone).map_err(|_| {
            format!(
                "unknown time zone `{s}`; use an IANA name such as Asia/Shanghai or Europe/London"
            )
        })
    }
}

impl Config {
    /// Reads the config at `path`. A missing file at the default place means the defaults;
    /// a missing file the user named is an error.
    /// Unless the user named one, a site-wide config (`$XDG_CONFIG_DIRS/dutydesk/config.toml`,
    /// by default `/etc/xdg/dutydesk/config.toml`) is read first and the user's laid over it,
    /// key by key: an office sets its zone and alert command once for every desk user.
    pub fn load(path: &Path, named_by_user: bool) -> Result<Config, FileError> {
        let site = (!named_by_user).then(paths::site_config).flatten();
        let user = named_by_user || path.exists();
        match (site, user) {
            (None, false) => Ok(Config::default()),
            (None, true) => Config::load_one(path),
            (Some(site), false) => Config::load_one(&site),
            (Some(site), true) => {
                // Each file checked on its own first, so an error names its file and line.
                Config::load_one(&site)?;
                Config::load_one(path)?;
                let read = |p: &Path| -> Result<toml::Table, FileError> {
                    let text = std::fs::read_to_string(p)
                        .map_err(|e| FileError::new(p, None, format!("cannot read it: {e}")))?;
                    tomlfile::parse(p, &text)
                };
                let mut merged = read(&site)?;
                overlay(&mut merged, read(path)?);
                let text = toml::to_string(&merged)
                    .map_err(|e| FileError::new(path, None, e.to_string()))?;
                let config: Config = tomlfile::parse(path, &text)?;
                config.check(path, &text)?;
                Ok(config)
            }
        }
    }

    fn load_one(path: &Path) -> Result<Config, FileError> {
        let (config, text): (Config, String) = tomlfile::load(path)?;
        config.check(path, &text)?;
        Ok(config)
    }

    /// Parses config text (for tests and `check`).
    pub fn parse(path: &Path, text: &str) -> Result<Config, FileError> {
        let config: Config = tomlfile::parse(path, text)?;
        config.check(path, text)?;
        Ok(config)
    }

    fn check(&self, path: &Path, text: &str) -> Result<(), FileError> {
        if let Some(CommunityConfig::Desk(CommunityDesk {
            code: Some(code), ..
        })) = &self.community
            && !valid_code(code)
        {
            return Err(FileError::at_key(
                path,
                text,
                "code",
                format!(
                    "key `community.code` (`{code}`) must start with a lower-case letter and hold only lower-case letters, digits and `_` (at most 32), such as `xinlian`"
                ),
            ));
        }
        let t = self.targets;
        if t.warning_minutes.0 >= t.arrival_minutes.0 {
            return Err(FileError::at_key(
                path,
                text,
                "warning_minutes",
                format!(
                    "key `targets.warning_minutes` ({}) must be less than `targets.arrival_minutes` ({})",
                    t.warning_minutes.0, t.arrival_minutes.0
                ),
            ));
        }
        Ok(())
    }

    /// The name the header shows, in `lang`.
    pub fn community_name(&self, lang: Lang) -> Option<String> {
        match &self.community {
            Some(CommunityConfig::Name(name)) => Some(name.clone()),
            Some(CommunityConfig::Desk(desk)) => match lang {
                Lang::En => desk.name_en.clone().or_else(|| desk.name.clone()),
                Lang::Zh => desk.name.clone().or_else(|| desk.name_en.clone()),
            },
            None => None,
        }
    }

    /// Whose desk this is in a shared database, if the config says.
    pub fn scope(&self) -> Option<crate::location::Scope> {
        match &self.community {
            Some(CommunityConfig::Desk(desk)) if desk.sub_district => {
                Some(crate::location::Scope::SubDistrict)
            }
            Some(CommunityConfig::Desk(CommunityDesk {
                code: Some(code), ..
            })) => Some(crate::location::Scope::Community(code.clone())),
            _ => None,
        }
    }

    pub fn targets(&self) -> Targets {
        Targets {
            arrival: Duration::minutes(self.targets.arrival_minutes.0),
            warning: Duration::minutes(self.targets.warning_minutes.0),
            medium_days: u32::try_from(self.targets.medium_days.0).unwrap_or(3),
            zone: self.time_zone.0,
        }
    }

    pub fn alert_rules(&self) -> AlertRules {
        AlertRules {
            reminder: Duration::minutes(self.alerts.reminder_minutes.0),
            resolution_lead: Duration::minutes(self.alerts.resolution_lead_minutes.0),
            no_answer: Duration::minutes(self.alerts.no_answer_minutes.0),
        }
    }

    pub fn rules(&self) -> Rules {
        Rules {
            arrival_target: Duration::minutes(self.targets.arrival_minutes.0),
        }
    }

    /// The UI language: `--lang`, then config, then the locale.
    pub fn lang(&self, flag: Option<Lang>) -> Lang {
        flag.or(self.language).unwrap_or_else(Lang::from_locale)
    }

    /// Who is recorded as making changes from this desk.
    pub fn actor(&self) -> String {
        self.officer().unwrap_or_else(|| "duty desk".to_string())
    }

    /// Who is on duty here, if the config or the login says; the screen words "nobody named"
    /// in its own language.
    pub fn officer(&self) -> Option<String> {
        self.duty_officer
            .clone()
            .or_else(|| std::env::var("USER").ok())
            .filter(|s| !s.trim().is_empty())
    }
}

/// Default locations (DESIGN.md "Paths").
pub mod paths {
    use super::*;

    fn home() -> PathBuf {
        std::env::var_os("HOME")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("."))
    }

    fn xdg(var: &str, fallback: &str) -> PathBuf {
        std::env::var_os(var)
            .map(PathBuf::from)
            .filter(|p| p.is_absolute())
            .unwrap_or_else(|| home().join(fallback))
    }

    /// `~/.local/share/dutydesk` (or `$XDG_DATA_HOME/dutydesk`): the database and the log.
    pub fn data_dir() -> PathBuf {
        xdg("XDG_DATA_HOME", ".local/share").join("dutydesk")
    }

    /// `~/.local/state/dutydesk` (or `$XDG_STATE_HOME/dutydesk`): the log.
    pub fn state_dir() -> PathBuf {
        xdg("XDG_STATE_HOME", ".local/state").join("dutydesk")
    }

    /// `--db`, else `DUTYDESK_DB`, else the config's `database.url`, else the data dir.
    pub fn database(flag: Option<&Path>, config: &Config) -> crate::location::Location {
        let given = flag
            .map(Path::to_path_buf)
            .or_else(|| std::env::var_os("DUTYDESK_DB").map(PathBuf::from))
            .or_else(|| config.database.url.as_ref().map(PathBuf::from))
            .unwrap_or_else(|| data_dir().join("dutydesk.db"));
        crate::location::Location::parse(&given)
    }

    /// The site-wide config: the first `dutydesk/config.toml` in `$XDG_CONFIG_DIRS` (by default
    /// `/etc/xdg`), if any.
    pub fn site_config() -> Option<PathBuf> {
        let dirs = std::env::var_os("XDG_CONFIG_DIRS")
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| "/etc/xdg".into());
        std::env::split_paths(&dirs)
            .filter(|d| d.is_absolute())
            .map(|d| d.join("dutydesk/config.toml"))
            .find(|p| p.is_file())
    }

    /// `--config`, else `~/.config/dutydesk/config.toml`; true when the user named it.
    pub fn config(flag: Option<&Path>) -> (PathBuf, bool) {
        match flag {
            Some(p) => (p.to_path_buf(), true),
            None => (
                xdg("XDG_CONFIG_HOME", ".config").join("dutydesk/config.toml"),
                false,
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, String> {
        Config::parse(Path::new("config.toml"), text).map_err(|e| e.to_string())
    }

    #[test]
    fn empty_config_is_all_defaults() {
        let c = parse("").expect("empty config");
        assert_eq!(c.targets().arrival, Duration::minutes(15));
        assert_eq!(c.targets().zone, chrono_tz::Asia::Shanghai);
    }

    #[test]
    fn unknown_key_names_file_line_and_allowed_keys() {
        let err = parse("language = \"en\"\n[targets]\narival_minutes = 10\n").unwrap_err();
        assert!(err.starts_with("config.toml line 3:"), "{err}");
        assert!(err.contains("arival_minutes"), "{err}");
        assert!(err.contains("arrival_minutes"), "{err}");
    }

    #[test]
    fn the_mouse_is_on_unless_the_config_says_false() {
        assert!(parse("").expect("empty").mouse.unwrap_or(true));
        assert_eq!(parse("mouse = false\n").expect("off").mouse, Some(false));
        let err = parse("mouse = \"no\"\n").unwrap_err();
        assert!(err.contains("line 1") && err.contains("mouse"), "{err}");
    }

    #[test]
    fn bad_values_say_what_is_allowed() {
        let err = parse("[targets]\narrival_minutes = 0\n").unwrap_err();
        assert!(err.contains("line 2") && err.contains("1 to 240"), "{err}");
        let err = parse("time_zone = \"Mars/Olympus\"\n").unwrap_err();
        assert!(
            err.contains("line 1") && err.contains("Asia/Shanghai"),
            "{err}"
        );
        let err = parse("language = \"fr\"\n").unwrap_err();
        assert!(err.contains("zh") && err.contains("en"), "{err}");
        let err = parse("[targets]\narrival_minutes = 10\nwarning_minutes = 10\n").unwrap_err();
        assert!(
            err.contains("line 3") && err.contains("warning_minutes"),
            "{err}"
        );
    }

    #[test]
    fn example_config_documents_every_key_and_parses() {
        let text = include_str!("../config.example.toml");
        let uncommented: String = text
            .lines()
            .map(|l| {
                l.strip_prefix("# ")
                    .filter(|r| r.contains(" = ") || r.starts_with('['))
                    .unwrap_or(l)
            })
            .collect::<Vec<_>>()
            .join("\n");
        // Copied unchanged, it changes nothing.
        let copied = parse(text).expect("the example config parses as it is");
        assert_eq!(
            copied,
            Config {
                // Written out as what an absent `mouse` means.
                mouse: Some(true),
                ..Config::default()
            },
            "the example's uncommented lines are the defaults"
        );
        assert_eq!(copied.lang(None), Config::default().lang(None));
        let c = parse(&uncommented).expect("example config, uncommented, parses");
        // The shared database's `[community]` table, in place of the plain name.
        let table: String = text
            .lines()
            .filter_map(|l| l.strip_prefix("## "))
            .collect::<Vec<_>>()
            .join("\n");
        let shared = parse(&table).expect("the example's [community] table parses");
        assert_eq!(
            shared.scope(),
            Some(crate::location::Scope::Community("xinlian".into()))
        );
        assert_eq!(c.language, Some(Lang::Zh));
        assert_eq!(c.mouse, Some(true));
        for key in [
            "mouse",
            "reminder_minutes",
            "resolution_lead_minutes",
            "desktop",
            "on_alert",
            "on_alert_timeout_seconds",
            "arrival_minutes",
            "warning_minutes",
            "medium_days",
            "time_zone",
            "duty_officer",
            "community",
            "categories",
            "grids",
            "roster",
            "bodies",
        ] {
            assert!(text.contains(key), "config.example.toml documents {key}");
        }
    }
}
