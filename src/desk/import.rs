//! Reading reports collected elsewhere (the hotline log, a suggestion-box sheet, a city
//! platform's export) from a CSV file, UTF-8 or GB18030 (what spreadsheet programs on Chinese
//! systems save). Every row is checked before anything is written; a file with any bad row
//! gives every bad row (line, column, reason) and imports nothing.
//!
//! Columns, by header (English or Chinese), in any order:
//! `reported_at` 报告时间 (2026-11-28 09:30 in the desk's zone, or RFC 3339), `grid` 网格,
//! `category` 类别, `channel` 渠道, `place` 地点, `summary` 内容 (required); `reporter`
//! 报告人, `phone` 电话, `tier` 分级 (optional; the category suggests the tier); and what
//! was done about it, each at its time: `dispatched_at` 派遣时间 with `responder` 处置人,
//! `arrived_at` 到场时间, `resolved_at` 办结时间 with `resolution` 办结情况. Values are
//! codes or names in either language (`上门反映`, `中事`, `四网格`, `路面坑洼`).
//!
//! A row whose arrival target had passed before the import, with no arrival given, is
//! history: its arrival is "not recorded" (no alerts, counted apart, after the live cases).

use chrono::{DateTime, Utc};

use crate::catalog::Catalog;
use crate::domain::{Action, ArrivalHow, Channel, Report, Rules, Targets, Tier, lifecycle};
use crate::i18n::texts;
use crate::store::Imported;

/// The columns, each with its Chinese header.
const COLUMNS: [(&str, &str); 14] = [
    ("reported_at", "报告时间"),
    ("grid", "网格"),
    ("category", "类别"),
    ("channel", "渠道"),
    ("place", "地点"),
    ("summary", "内容"),
    ("reporter", "报告人"),
    ("phone", "电话"),
    ("tier", "分级"),
    ("dispatched_at", "派遣时间"),
    ("responder", "处置人"),
    ("arrived_at", "到场时间"),
    ("resolved_at", "办结时间"),
    ("resolution", "办结情况"),
];
const DISPATCHED_AT: usize = 9;
const RESPONDER: usize = 10;
const ARRIVED_AT: usize = 11;
const RESOLVED_AT: usize = 12;
const RESOLUTION: usize = 13;
const REQUIRED: usize = 6;

/// What is wrong with one cell (or row) of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadRow {
    pub line: u64,
    pub column: String,
    pub reason: String,
}

impl std::fmt::Display for BadRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.reason
        )
    }
}

/// The text of the file: UTF-8 (with or without a BOM), else GB18030.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(text.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|t| t.into_owned())
        .ok_or_else(|| {
            "the file is neither UTF-8 nor GB18030; save it as CSV UTF-8 from the spreadsheet program".into()
        })
}

/// A code, or its name in either language (`上门反映`, `中事`): what the file's writer typed.
fn code_or_name<T: Copy + std::str::FromStr>(
    cell: &str,
    all: &[T],
    names: impl Fn(crate::i18n::Lang) -> &'static [&'static str],
) -> Result<T, T::Err> {
    use crate::i18n::Lang;
    let named = [Lang::Zh, Lang::En].into_iter().find_map(|lang| {
        names(lang)
            .iter()
            .position(|n| n.eq_ignore_ascii_case(cell))
            .and_then(|i| all.get(i).copied())
    });
    named.map_or_else(|| cell.parse(), Ok)
}

/// A grid as people write it: `4`, `4网格`, `四网格`, `第四网格`, `网格4`, or its name.
fn grid_of(cell: &str, catalog: &Catalog) -> Option<u8> {
    let bare = cell
        .trim_start_matches('第')
        .trim_end_matches('号')
        .trim_end_matches("网格")
        .trim_start_matches("网格")
        .trim();
    const NUMERALS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let number = bare.parse::<u8>().ok().or_else(|| {
        let mut chars = bare.chars();
        let first = chars.next()?;
        let digit = NUMERALS.iter().position(|&n| n == first)?;
        chars
            .next()
            .is_none()
            .then(|| u8::try_from(digit + 1).ok())?
    });
    number.filter(|g| catalog.grid(*g).is_some()).or_else(|| {
        catalog
            .grids
            .iter()
            .find(|g| g.names.zh == cell || g.names.en.eq_ignore_ascii_case(cell))
            .map(|g| g.number)
    })
}

/// A stable key of a row's content (FNV-1a, 64 bits): the same report read twice is known.
fn key(fields: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for field in fields {
        for byte in field.bytes().chain([0x1f]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("csv:{hash:016x}")
}

/// Changes to apply to a new case, each with its own time.
type Steps = Vec<(Action, DateTime<Utc>)>;

/// What a row says was done about its report (dispatch, arrival, resolution), each at its own
/// time; or the column that is wrong and why.
fn steps<'a>(cell: &dyn Fn(usize) -> &'a str, targets: &Targets) -> Result<Steps, (usize, String)> {
    let time = |c: usize| match cell(c) {
        "" => Ok(None),
        text => crate::when::parse_at(text, targets.zone)
            .map(Some)
            .map_err(|e| (c, e.to_string())),
    };
    let mut steps = Vec::new();
    match (time(DISPATCHED_AT)?, cell(RESPONDER)) {
        (Some(at), responder) if !responder.is_empty() => steps.push((
            Action::Dispatch {
                responder: responder.to_string(),
                note: None,
            },
            at,
        )),
        (Some(_), _) => {
            return Err((
                RESPONDER,
                "who was sent? give the responder with dispatched_at".into(),
            ));
        }
        (None, responder) if !responder.is_empty() => {
            return Err((
                DISPATCHED_AT,
                format!("when was {responder} sent? give dispatched_at with the responder"),
            ));
        }
        (None, _) => {}
    }
    if let Some(at) = time(ARRIVED_AT)? {
        steps.push((
            Action::Arrive {
                how: ArrivalHow::SelfReport,
            },
            at,
        ));
    }
    match (time(RESOLVED_AT)?, cell(RESOLUTION)) {
        (Some(at), note) if !note.is_empty() => steps.push((
            Action::Resolve {
                note: note.to_string(),
                told: false,
            },
            at,
        )),
        (Some(_), _) => {
            return Err((
                RESOLUTION,
                "how was it resolved? give the resolution with resolved_at".into(),
            ));
        }
        (None, note) if !note.is_empty() => {
            return Err((
                RESOLVED_AT,
                "when was it resolved? give resolved_at with the resolution".into(),
            ));
        }
        (None, _) => {}
    }
    Ok(steps)
}

/// Every row of `text` as a report, or every bad row.
pub fn read(
    text: &str,
    catalog: &Catalog,
    targets: &Targets,
    rules: &Rules,
    now: DateTime<Utc>,
) -> Result<Vec<Imported>, Vec<BadRow>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let bad = |line: u64, column: &str, reason: String| BadRow {
        line,
        column: column.to_string(),
        reason,
    };
    let headers = match reader.headers() {
        Ok(h) => h.clone(),
        Err(e) => return Err(vec![bad(1, "-", e.to_string())]),
    };
    // Where each known column is.
    let mut at = [None; COLUMNS.len()];
    let mut problems = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let header = header.trim();
        match COLUMNS
            .iter()
            .position(|(en, zh)| header.eq_ignore_ascii_case(en) || header == *zh)
        {
            Some(c) => at[c] = Some(i),
            None => problems.push(bad(
                1,
                header,
                format!(
                    "unknown column; the columns are {}",
                    COLUMNS.map(|c| c.0).join(", ")
                ),
            )),
        }
    }
    for (c, (en, zh)) in COLUMNS.iter().enumerate().take(REQUIRED) {
        if at[c].is_none() {
            problems.push(bad(1, en, format!("missing column `{en}` ({zh})")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                problems.push(bad(line, "-", e.to_string()));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let cell = |c: usize| at[c].and_then(|i| record.get(i)).unwrap_or("").trim();
        let mut row_bad = |column: usize, reason: String| {
            problems.push(bad(line, COLUMNS[column].0, reason));
        };
        let reported = match crate::when::parse_at(cell(0), targets.zone) {
            Ok(t) => Some(t),
            Err(e) => {
                row_bad(0, e.to_string());
                None
            }
        };
        let grid = match grid_of(cell(1), catalog) {
            Some(g) => Some(g),
            None => {
                let allowed: Vec<String> =
                    catalog.grids.iter().map(|g| g.number.to_string()).collect();
                row_bad(
                    1,
                    format!(
                        "`{}` is not a grid; allowed: {}",
                        cell(1),
                        allowed.join(", ")
                    ),
                );
                None
            }
        };
        let kind = match crate::desk::find_category(catalog, cell(2)) {
            Ok(kind) => Some(kind),
            Err(e) => {
                row_bad(
                    2,
                    e.to_string().trim_start_matches("category: ").to_string(),
                );
                None
            }
        };
        let channel = match code_or_name(cell(3), Channel::ALL, |l| &texts(l).channel[..]) {
            Ok(c) => Some(c),
            Err(e) => {
                row_bad(3, e.to_string());
                None
            }
        };
        let tier = match cell(8) {
            "" => kind.map(|k| k.tier),
            t => match code_or_name(t, Tier::ALL, |l| &texts(l).tier[..]) {
                Ok(t) => Some(t),
                Err(e) => {
                    row_bad(8, e.to_string());
                    None
                }
            },
        };
        let optional = |c: usize| Some(cell(c).to_string()).filter(|s| !s.is_empty());
        let steps = match steps(&|c| cell(c), targets) {
            Ok(steps) => Some(steps),
            Err((column, reason)) => {
                row_bad(column, reason);
                None
            }
        };
        let (Some(reported), Some(grid), Some(kind), Some(channel), Some(tier), Some(steps)) =
            (reported, grid, kind, channel, tier, steps)
        else {
            continue;
        };
        let report = Report {
            grid,
            category: kind.code.clone(),
            channel,
            place: cell(4).to_string(),
            summary: cell(5).to_string(),
            reporter: optional(6),
            phone: optional(7),
            tier,
            on_scene: None,
            at: reported,
        };
        // The lifecycle's own checks (lengths, the phone, times in order and not in the
        // future), as a report and its handling typed at the desk get them.
        if let Err(e) = lifecycle::open_imported(String::new(), &report, &steps, rules, now) {
            let column = match &e {
                crate::domain::DomainError::Invalid { field, .. } => match *field {
                    "time" => "reported_at",
                    other => other,
                },
                _ => "-",
            };
            problems.push(bad(line, column, e.to_string()));
            continue;
        }
        // The report's nine columns, and the handling's only when given: a file imported
        // before the handling columns existed is known again by the same key.
        let handled = (DISPATCHED_AT..COLUMNS.len()).any(|c| !cell(c).is_empty());
        let used = if handled {
            COLUMNS.len()
        } else {
            DISPATCHED_AT
        };
        let fields: Vec<&str> = (0..used).map(cell).collect();
        let key = key(&fields);
        if rows.iter().any(|r: &Imported| r.key == key) {
            // The same row twice in one file is one report.
            continue;
        }
        rows.push(Imported {
            day: targets.zone_day(reported),
            report,
            steps,
            key,
        });
    }
    if problems.is_empty() {
        Ok(rows)
    } else {
        Err(problems)
    }
}
