//! The commands of a sub-district's shared database: its view of every call-up, making a
//! database role a desk, and moving a community's own file in.

use std::path::Path;

use chrono::Utc;

use super::failure::{Failure, bad_input};
use super::out;
use crate::config::Config;
use crate::desk::{Desk, DeskError};
use crate::i18n::Lang;
use crate::present::View;
use crate::store::{Location, PgStore, Scope, SqliteStore};

/// `dutydesk calls`: each community's row and every open call-up.
pub async fn calls(desk: &Desk, lang: Lang, json: bool) -> Result<(), Failure> {
    let now = Utc::now();
    let overview = desk.overview(now).await?;
    if json {
        return out::json(
            &crate::subdistrict::json(&overview, lang),
            desk.config.time_zone.0,
        );
    }
    let view = View::new(lang, &desk.catalog, desk.targets(), false);
    out::print(&crate::subdistrict::text(&view, &overview, now))?;
    Ok(())
}

/// `dutydesk grant ROLE (--community CODE [--name …] [--name-en …] | --sub-district)`.
pub async fn grant(
    desk: &Desk,
    role: &str,
    community: Option<&str>,
    name: Option<&str>,
    name_en: Option<&str>,
) -> Result<(), Failure> {
    let community = community.map(|code| {
        let zh = name.unwrap_or(code);
        (code, zh, name_en.unwrap_or(zh))
    });
    desk.grant(role, community).await?;
    let whose = community.map_or_else(
        || "the sub-district's desk".to_string(),
        |(code, _, _)| format!("a desk of community `{code}`"),
    );
    out::println(&format!("{role}: {whose}"))?;
    Ok(())
}

/// `dutydesk move-to postgres://… --community CODE`: this desk's whole file, copied once.
pub async fn move_to(
    from: &Location,
    to: &str,
    community: &str,
    config: Config,
) -> Result<(), Failure> {
    let Location::File(file) = from else {
        return Err(bad_input(
            "--db",
            "move-to copies a community's own database file; point --db at that file",
        ));
    };
    if !matches!(Location::parse(Path::new(to)), Location::Postgres(_)) {
        return Err(bad_input(
            "TO",
            format!("`{to}` is not a shared database address; give postgres://…"),
        ));
    }
    if !crate::config::valid_code(community) {
        return Err(bad_input(
            "--community",
            format!(
                "`{community}` is not a community code: lower-case letters, digits and `_`, starting with a letter, such as `xinlian`"
            ),
        ));
    }
    if !file.exists() {
        return Err(bad_input(
            "--db",
            format!(
                "there is no database at {}; nothing to move",
                file.display()
            ),
        ));
    }
    let lang = config.lang(None);
    let source = SqliteStore::open(file)
        .await
        .map_err(DeskError::from)?
        .store;
    let result = async {
        let shared = PgStore::open(to, Scope::Community(community.to_string()))
            .await
            .map_err(DeskError::from)?;
        let note = format!("{} at {}", file.display(), Utc::now().to_rfc3339());
        let bar = super::progress::counter("move-to", 0);
        let moved = shared
            .move_in(&source, &note, &|done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })
            .await;
        bar.finish_and_clear();
        shared.close().await;
        let moved = moved.map_err(DeskError::from)?;
        // The old file stays readable and refuses writes from now on, naming where they go:
        // a desk or a script not yet switched must not split the records.
        source
            .mark_moved(&crate::location::without_password(to), Utc::now())
            .await
            .map_err(DeskError::from)?;
        let t = crate::i18n::texts(lang);
        out::println(
            &t.sub_district
                .moved
                .replace("{count}", &moved.cases.to_string())
                .replace("{community}", community),
        )?;
        Ok::<_, Failure>(())
    }
    .await;
    source.close().await;
    result
}
