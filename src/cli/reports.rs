//! What the desk reports out: exports and the public bulletin.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use super::failure::{Failure, bad_input, failed, unreadable};
use super::out;
use crate::desk::Desk;
use crate::export::{self, Entry, Format};
use crate::i18n::Lang;
use crate::present::View;
use crate::when::parse_day;

pub struct ExportArgs {
    pub from: String,
    pub to: String,
    /// As asked; `None` follows the output file's extension.
    pub format: Option<Format>,
    pub public: bool,
    pub output: Option<PathBuf>,
}

/// The format an export is written in: as `--format` says, else as the output file's name
/// says, else CSV. A `--format` the file's name contradicts is refused: `notice.html` full of
/// CSV is a file nobody can open.
fn export_format(
    asked: Option<Format>,
    output: Option<&std::path::Path>,
) -> Result<Format, Failure> {
    let by_name = output.and_then(Format::from_path);
    match (asked, by_name) {
        (Some(asked), Some(named)) if asked != named => {
            let file = output.map(|p| p.display().to_string()).unwrap_or_default();
            let (asked, named) = (asked.extension(), named.extension());
            Err(bad_input(
                "--format",
                format!(
                    "{asked} contradicts the file name {file} ({named}); leave --format out, or name the file .{asked}"
                ),
            )
            .zh(format!(
                "{asked} 与文件名 {file}（{named}）不符；请去掉 --format，或把文件命名为 .{asked}"
            )))
        }
        (Some(asked), _) => Ok(asked),
        (None, Some(named)) => Ok(named),
        (None, None) => Ok(Format::Csv),
    }
}

pub async fn export(
    desk: &Desk,
    lang: Lang,
    args: ExportArgs,
    now: DateTime<Utc>,
) -> Result<(), Failure> {
    let format = export_format(args.format, args.output.as_deref())?;
    let from = parse_day(&args.from).map_err(|e| unreadable("--from", e))?;
    let to = parse_day(&args.to).map_err(|e| unreadable("--to", e))?;
    let cases = desk.cases_between(from, to).await?;
    let mut entries = Vec::with_capacity(cases.len());
    // What is posted counts problems: a report joined into another case is in its count.
    let cases = cases
        .into_iter()
        .filter(|c| !(args.public && c.joined.is_some()));
    for case in cases {
        let (case, timeline) = desk.case_with_timeline(&case.number).await?;
        entries.push(Entry::new(case, &timeline, args.public));
    }
    let view = View::new(lang, &desk.catalog, desk.targets(), false);
    let e = &view.t.export;
    let community = desk
        .config
        .community_name(lang)
        .unwrap_or_else(|| view.t.community.to_string());
    let title = if args.public && format == Format::Html {
        e.bulletin_title.replace("{community}", &community)
    } else {
        format!(
            "{community} · {}",
            e.title
                .replace("{from}", &from.to_string())
                .replace("{to}", &to.to_string())
        )
    };
    let bytes = match (format, args.public) {
        (Format::Csv, public) => export::csv(&view, &entries, public).map_err(failed)?,
        (Format::Md, public) => export::markdown(&view, &title, &entries, public).into_bytes(),
        (Format::Html, false) => {
            let breakdown = desk.breakdown(from, to).await?;
            export::html(&view, &title, (from, to), &entries, false, Some(&breakdown)).into_bytes()
        }
        (Format::Html, true) => {
            export::bulletin(&view, &title, (from, to), &entries, now).into_bytes()
        }
    };
    match args.output {
        Some(path) => write_file(&path, &bytes, args.public),
        None => Ok(out::document(&bytes)?),
    }
}

/// A whole file or nothing: written beside, then renamed into place. An export with
/// personal data is owner-only; the public bulletin is for posting.
fn write_file(path: &std::path::Path, bytes: &[u8], public: bool) -> Result<(), Failure> {
    use std::io::Write;
    let mut aside = path.as_os_str().to_owned();
    aside.push(".part");
    let aside = PathBuf::from(aside);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, if public { 0o644 } else { 0o600 });
    let written = options
        .open(&aside)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&aside, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&aside);
        failed(format!(
            "cannot write {}: {e}; nothing was written there",
            path.display()
        ))
    })
}
