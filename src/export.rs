//! Cases taken out of the desk: one row per case as CSV (UTF-8 with a BOM, RFC 4180 quoting,
//! for spreadsheet programs with Chinese text), Markdown or a printable HTML page with a chart
//! drawn as SVG by the program itself (no network, no JavaScript). `public` makes the bulletin
//! (公示): no reporter name or phone anywhere, only progress notes marked public.

use chrono::{DateTime, NaiveDate, Utc};

use crate::domain::{Case, State, Tier};
use crate::present::View;
use crate::store::EventRecord;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Csv,
    Md,
    Html,
}

impl Format {
    /// The format a file's extension names: `.csv`, `.md`/`.markdown`, `.html`/`.htm`.
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(Format::Csv),
            "md" | "markdown" => Some(Format::Md),
            "html" | "htm" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Md => "md",
            Format::Html => "html",
        }
    }
}

/// A case with the progress notes an export may show (all, or only the public ones).
pub struct Entry {
    pub case: Case,
    pub notes: Vec<(DateTime<Utc>, String)>,
}

impl Entry {
    /// The case and its notes from its timeline; `public` keeps only notes marked public.
    pub fn new(case: Case, timeline: &[EventRecord], public: bool) -> Entry {
        let notes = timeline
            .iter()
            .filter(|e| e.kind == crate::domain::EventKind::Noted)
            .filter(|e| !public || e.details["public"].as_bool() == Some(true))
            .filter_map(|e| e.details["text"].as_str().map(|t| (e.at, t.to_string())))
            .collect();
        Entry { case, notes }
    }
}

fn opt_time(view: &View<'_>, at: Option<DateTime<Utc>>) -> String {
    at.map(|t| view.time(t)).unwrap_or_default()
}

/// The cells of one case, in the order of the headers.
fn cells(view: &View<'_>, entry: &Entry, public: bool) -> Vec<String> {
    let c = &entry.case;
    let t = view.t;
    let arrival = c.arrival.as_ref();
    // One problem with its report count (`×3`); a joined report names its case.
    let state = match &c.joined {
        Some(j) => format!("{} → {}", t.state[c.state as usize], j.into),
        None => t.state[c.state as usize].to_string(),
    };
    let mut row = vec![
        crate::present::times_reported(&c.number, c.reports),
        view.time(c.reported_at),
        view.grid(c.grid),
        view.category(&c.category),
        t.channel[c.channel as usize].to_string(),
        t.tier[c.tier as usize].to_string(),
        state,
        c.place.clone(),
        c.summary.clone(),
    ];
    if !public {
        // Exported whole for the desk's own records (`--public` never has them).
        row.push(c.reporter.clone().unwrap_or_default());
        row.push(c.phone.clone().unwrap_or_default());
    }
    row.extend([
        c.responder.clone().unwrap_or_default(),
        opt_time(view, arrival.map(|a| a.at)),
        arrival
            .map(|a| format!("{:.1}", a.taken_secs as f64 / 60.0))
            .unwrap_or_default(),
        arrival
            .map(|a| if a.met { t.met } else { t.missed }.to_string())
            .unwrap_or_default(),
        c.call_up
            .as_ref()
            .map(|u| view.body(&u.body))
            .unwrap_or_default(),
        opt_time(view, c.resolution.as_ref().map(|r| r.at)),
        c.resolution
            .as_ref()
            .map(|r| r.note.clone())
            .unwrap_or_default(),
        if c.reporter_told { t.yes } else { t.no }.to_string(),
        entry
            .notes
            .iter()
            .map(|(at, text)| format!("{} {text}", view.short_time(*at)))
            .collect::<Vec<_>>()
            .join("\n"),
    ]);
    row
}

fn headers(view: &View<'_>, public: bool) -> Vec<&'static str> {
    let h = &view.t.export.headers;
    let mut all: Vec<&'static str> = h[..9].to_vec();
    if !public {
        all.extend(&h[9..11]);
    }
    all.extend(&h[11..]);
    all
}

/// CSV as spreadsheet programs open it: a UTF-8 BOM, RFC 4180 quoting (commas, quotes and
/// newlines inside a cell survive).
pub fn csv(view: &View<'_>, entries: &[Entry], public: bool) -> Result<Vec<u8>, String> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        writer
            .write_record(headers(view, public))
            .map_err(|e| e.to_string())?;
        for entry in entries {
            writer
                .write_record(cells(view, entry, public))
                .map_err(|e| e.to_string())?;
        }
        writer.flush().map_err(|e| e.to_string())?;
    }
    Ok(out)
}

fn md_cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace("\r\n", "<br>")
        .replace('\n', "<br>")
}

pub fn markdown(view: &View<'_>, title: &str, entries: &[Entry], public: bool) -> String {
    let headers = headers(view, public);
    let mut out = format!("# {}\n\n", md_cell(title));
    out.push_str(&format!("| {} |\n", headers.join(" | ")));
    out.push_str(&format!("|{}\n", "---|".repeat(headers.len())));
    for entry in entries {
        let row: Vec<String> = cells(view, entry, public)
            .iter()
            .map(|c| md_cell(c))
            .collect();
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

/// Text for HTML: nothing in it is markup.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// A bar chart as SVG: one bar per label, its value beside it.
pub fn bars_svg(bars: &[(String, usize)], marker: Option<(usize, &str)>) -> String {
    let widest = bars.iter().map(|b| b.1).max().unwrap_or(0).max(1);
    let (row, label_w, bar_w) = (26, 190, 420);
    let height = bars.len() * row + 10;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" role=\"img\">",
        label_w + bar_w + 60
    );
    for (i, (label, value)) in bars.iter().enumerate() {
        let y = i * row + 5;
        let w = value * bar_w / widest;
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"15\">{}</text>\
             <rect x=\"{}\" y=\"{y}\" width=\"{w}\" height=\"{}\" fill=\"#2f6f9f\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"15\">{value}</text>",
            label_w - 8,
            y + 17,
            escape(label),
            label_w,
            row - 8,
            label_w + w + 6,
            y + 17,
        ));
    }
    if let Some((at, label)) = marker {
        let x = label_w + at * bar_w / widest;
        svg.push_str(&format!(
            "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{height}\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{}\" y=\"12\" font-size=\"12\" fill=\"#c0392b\">{}</text>",
            x + 4,
            escape(label)
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The page around every HTML export. Chinese needs a CJK font where it is printed: the stack
/// names the ones Linux (Noto CJK, WenQuanYi), Windows (Microsoft YaHei) and macOS (PingFang)
/// have. Every text is at least 14 pt: a notice board is read from a step away.
const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{title}</title><style>\
@page { size: A4 {orientation}; margin: 15mm; }\
body { font-family: \"Noto Sans CJK SC\", \"Noto Sans SC\", \"Source Han Sans SC\", \"WenQuanYi Micro Hei\", \"Microsoft YaHei\", \"PingFang SC\", \"Hiragino Sans GB\", sans-serif; font-size: 16pt; line-height: 1.5; margin: 0 auto; max-width: 60em; padding: 0 8px; }\
h1 { font-size: 24pt; } h2 { font-size: 19pt; border-bottom: 2px solid #333; }\
table { border-collapse: collapse; width: 100%; font-size: 16pt; }\
th { text-align: left; background: #eee; }\
th, td { border: 1px solid #777; padding: 4px 6px; vertical-align: top; white-space: pre-wrap; }\
.case { page-break-inside: avoid; break-inside: avoid; margin-bottom: 12pt; }\
.muted { color: #444; font-size: 14pt; }\
dl.case { display: grid; grid-template-columns: max-content 1fr max-content 1fr; gap: 2pt 10pt; border-top: 1px solid #777; padding-top: 6pt; font-size: 14pt; }\
dl.case dt { font-weight: bold; } dl.case dd { margin: 0; white-space: pre-wrap; }\
dl.case .head { grid-column: 1 / -1; font-size: 16pt; font-weight: bold; }\
@media (max-width: 640px) { table.rows, table.rows tr, table.rows td { display: block; width: auto; }\
 table.rows tr:first-child { display: none; } table.rows tr { border: 1px solid #777; margin-bottom: 8px; }\
 table.rows td { border: none; } table.rows td::before { content: attr(data-label) \"：\"; font-weight: bold; }\
 dl.case { grid-template-columns: max-content 1fr; } }\
</style></head><body>\n";

/// The page's head; `landscape` for the desk's own report, whose cases carry many fields.
fn page(view: &View<'_>, title: &str, landscape: bool) -> String {
    let lang = match view.lang {
        crate::i18n::Lang::Zh => "zh-CN",
        crate::i18n::Lang::En => "en",
    };
    PAGE.replace("{lang}", lang)
        .replace("{title}", &escape(title))
        .replace(
            "{orientation}",
            if landscape { "landscape" } else { "portrait" },
        )
}

/// "Period covered: from to to", in the page's words.
fn period(view: &View<'_>, from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "<p class=\"muted\">{}</p>\n",
        escape(
            &view
                .t
                .export
                .period
                .replace("{from}", &from.to_string())
                .replace("{to}", &to.to_string())
        )
    )
}

/// Cases per grid, for the chart.
fn per_grid(view: &View<'_>, entries: &[Entry]) -> Vec<(String, usize)> {
    view.catalog
        .grids
        .iter()
        .map(|g| {
            let n = entries.iter().filter(|e| e.case.grid == g.number).count();
            (view.grid(g.number), n)
        })
        .collect()
}

/// Arrival minutes as columns, the target as a dashed line: minutes past it are late.
pub fn histogram_svg(minutes: &[(u32, usize)], target: u32, label: &str) -> String {
    const LAST: u32 = 60;
    let mut counts = vec![0usize; LAST as usize + 1];
    for (m, n) in minutes {
        counts[(*m).min(LAST) as usize] += n;
    }
    let most = counts.iter().copied().max().unwrap_or(0).max(1);
    let (col, height, base) = (11usize, 160usize, 180usize);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"200\" role=\"img\">",
        col * counts.len() + 20
    );
    for (m, n) in counts.iter().enumerate() {
        let h = n * height / most;
        let late = m as u32 >= target;
        svg.push_str(&format!(
            "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{h}\" fill=\"{}\"/>",
            10 + m * col,
            base - h,
            col - 2,
            if late { "#c0392b" } else { "#2f6f9f" }
        ));
        if m % 5 == 0 {
            let text = if m == LAST as usize {
                "60+".to_string()
            } else {
                m.to_string()
            };
            svg.push_str(&format!(
                "<text x=\"{}\" y=\"196\" font-size=\"11\">{text}</text>",
                10 + m * col
            ));
        }
    }
    let x = 10 + target as usize * col - 1;
    svg.push_str(&format!(
        "<line x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{base}\" stroke=\"#c0392b\" stroke-dasharray=\"4 3\"/>\
         <text x=\"{}\" y=\"12\" font-size=\"12\" fill=\"#c0392b\">{}</text></svg>",
        x + 4,
        escape(label)
    ));
    svg
}

/// Each day's share within target as a line (0 to 100 %).
pub fn share_svg(days: &[crate::domain::breakdown::Day]) -> String {
    let (step, height) = (22usize, 120usize);
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" role=\"img\">\
         <line x1=\"30\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#999\"/>",
        days.len() * step + 40,
        height + 30,
        height + 10,
        days.len() * step + 30,
        height + 10
    );
    let points: Vec<String> = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| {
            d.share().map(|s| {
                format!(
                    "{},{}",
                    30 + i * step,
                    10 + height - (s * height as f64).round() as usize
                )
            })
        })
        .collect();
    svg.push_str(&format!(
        "<polyline fill=\"none\" stroke=\"#2f6f9f\" stroke-width=\"2\" points=\"{}\"/>\
         <text x=\"0\" y=\"14\" font-size=\"11\">100%</text>\
         <text x=\"0\" y=\"{}\" font-size=\"11\">0%</text>",
        points.join(" "),
        height + 14
    ));
    for (i, d) in days.iter().enumerate().filter(|(i, _)| i % 5 == 0) {
        svg.push_str(&format!(
            "<text x=\"{}\" y=\"{}\" font-size=\"10\">{}</text>",
            30 + i * step,
            height + 26,
            escape(d.day.get(4..).unwrap_or(&d.day))
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// The desk's own HTML report: charts (cases per grid; with the breakdown, arrival minutes
/// against the target and each day's share within target), then every case as a block of
/// its fields (twenty columns on A4 would wrap Chinese a character to a line).
pub fn html(
    view: &View<'_>,
    title: &str,
    (from, to): (NaiveDate, NaiveDate),
    entries: &[Entry],
    public: bool,
    breakdown: Option<&crate::domain::breakdown::Breakdown>,
) -> String {
    let e = &view.t.export;
    let s = &view.t.stats;
    let mut out = page(view, title, true);
    out.push_str(&format!("<h1>{}</h1>\n", escape(title)));
    out.push_str(&period(view, from, to));
    out.push_str(&format!("<h2>{}</h2>\n", escape(e.per_grid)));
    out.push_str(&bars_svg(&per_grid(view, entries), None));
    if let Some(b) = breakdown {
        let target = u32::try_from(view.targets.arrival.num_minutes()).unwrap_or(15);
        let title = s.arrival_minutes.replace("{target}", &target.to_string());
        out.push_str(&format!("<h2>{}</h2>\n", escape(&title)));
        out.push_str(&histogram_svg(
            &b.arrival_minutes,
            target,
            &target.to_string(),
        ));
        out.push_str(&format!("<h2>{}</h2>\n", escape(s.days)));
        match b.days.as_slice() {
            // One day is a figure, not a line.
            [day] => out.push_str(&format!("<p>{}</p>\n", escape(&one_day(view, day)))),
            days => out.push_str(&share_svg(days)),
        }
    }
    let headers = headers(view, public);
    for entry in entries {
        let cells = cells(view, entry, public);
        out.push_str("<dl class=\"case\">");
        out.push_str(&format!(
            "<div class=\"head\">{} · {} · {}</div>",
            escape(&cells[0]),
            escape(&cells[3]),
            escape(&cells[7])
        ));
        for (h, c) in headers.iter().zip(&cells).skip(1) {
            if !c.is_empty() {
                out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", escape(h), escape(c)));
            }
        }
        out.push_str("</dl>\n");
    }
    out.push_str("</body></html>\n");
    out
}

/// A single day's share within target, in words.
fn one_day(view: &View<'_>, day: &crate::domain::breakdown::Day) -> String {
    let share = day
        .share()
        .map_or_else(|| "-".to_string(), |s| format!("{:.0}%", s * 100.0));
    // Days are kept as YYYYMMDD; said as a date.
    let date = chrono::NaiveDate::parse_from_str(&day.day, "%Y%m%d")
        .map_or_else(|_| day.day.clone(), |d| d.to_string());
    view.t
        .export
        .one_day_share
        .replace("{day}", &date)
        .replace("{within}", &day.within_target.to_string())
        .replace("{arrived}", &day.arrived.to_string())
        .replace("{share}", &share)
}

/// The public bulletin (公示): medium matters still open with their public progress, and the
/// cases resolved in the last `recent_days`; large type, A4, nothing personal.
pub fn bulletin(
    view: &View<'_>,
    title: &str,
    (from, to): (NaiveDate, NaiveDate),
    entries: &[Entry],
    now: DateTime<Utc>,
) -> String {
    let e = &view.t.export;
    let mut out = page(view, title, false);
    out.push_str(&format!(
        "<h1>{}</h1>\n{}<p class=\"muted\">{} {}</p>\n",
        escape(title),
        period(view, from, to),
        escape(e.generated),
        escape(&view.time(now))
    ));
    let medium: Vec<&Entry> = entries
        .iter()
        .filter(|x| x.case.tier == Tier::Medium && x.case.is_open())
        .collect();
    out.push_str(&format!("<h2>{}</h2>\n", escape(e.medium_heading)));
    if medium.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(e.none)));
    }
    for x in medium {
        let c = &x.case;
        out.push_str(&format!(
            "<div class=\"case\"><b>{}</b> · {} · {}<br>{}<br>",
            escape(&crate::present::times_reported(&c.number, c.reports)),
            escape(&view.grid(c.grid)),
            escape(&c.place),
            escape(&c.summary)
        ));
        if x.notes.is_empty() {
            out.push_str(&format!(
                "<span class=\"muted\">{}</span>",
                escape(e.no_public_note)
            ));
        }
        for (at, text) in &x.notes {
            out.push_str(&format!(
                "{} {}<br>",
                escape(&view.short_time(*at)),
                escape(text)
            ));
        }
        out.push_str("</div>\n");
    }
    let since = view.targets.start_of_local_day(from);
    let resolved: Vec<&Entry> = entries
        .iter()
        .filter(|x| x.case.state == State::Resolved)
        .filter(|x| x.case.resolution.as_ref().is_some_and(|r| r.at >= since))
        .collect();
    out.push_str(&format!("<h2>{}</h2>\n", escape(e.resolved_heading)));
    if resolved.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(e.none)));
    } else {
        // On a phone each row stands as a card of labelled lines (the headings hidden).
        out.push_str("<table class=\"rows\"><tr>");
        for h in e.resolved_headers {
            out.push_str(&format!("<th>{}</th>", escape(h)));
        }
        out.push_str("</tr>\n");
        for x in resolved {
            let c = &x.case;
            let done = c.resolution.as_ref();
            let place = crate::present::place_reported(&c.place, i64::from(c.reports)).into_owned();
            let cells = [
                view.grid(c.grid),
                place,
                view.category(&c.category),
                view.short_time(c.reported_at),
                done.map(|r| view.short_time(r.at)).unwrap_or_default(),
                done.map(|r| r.note.clone()).unwrap_or_default(),
            ];
            out.push_str("<tr>");
            for (label, cell) in e.resolved_headers.iter().zip(cells) {
                out.push_str(&format!(
                    "<td data-label=\"{}\">{}</td>",
                    escape(label),
                    escape(&cell)
                ));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</table>\n");
    }
    out.push_str("</body></html>\n");
    out
}
