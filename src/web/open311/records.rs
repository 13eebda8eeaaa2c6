//! The specification's records, fields in its order: discovery, a service, a service
//! definition, a request as GET shows it (what the public bulletin shows, never the reporter),
//! and the answer to a POST.

use chrono::{DateTime, SecondsFormat, Utc};

use super::format::{Record, Val, opt, text};
use super::query;
use crate::catalog::Catalog;
use crate::desk::Desk;
use crate::i18n::{Lang, texts};
use crate::store::{Request, Taken};
use crate::web::Web;

const SPECIFICATION: &str = "http://wiki.open311.org/GeoReport_v2";
/// When this interface last changed (the discovery's `changeset`).
const CHANGESET: &str = "2026-12-07T00:00:00Z";

fn time(at: DateTime<Utc>, desk: &Desk) -> String {
    at.with_timezone(&desk.config.time_zone.0)
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

pub fn discovery(desk: &Desk) -> Record {
    let url = format!("{}/open311/v2", desk.config.serve.base_url());
    let endpoint = vec![
        ("specification", text(SPECIFICATION)),
        ("url", text(url)),
        ("changeset", text(CHANGESET)),
        ("type", text("production")),
        (
            "formats",
            Val::Values(
                "format",
                vec!["text/xml".to_string(), "application/json".to_string()],
            ),
        ),
    ];
    vec![
        ("changeset", text(CHANGESET)),
        ("contact", text("the community's duty desk (社区值班台)")),
        (
            "key_service",
            text("ask the duty desk for a key: `dutydesk api-key add NAME --channel CHANNEL`"),
        ),
        ("endpoints", Val::List("endpoint", vec![endpoint])),
    ]
}

pub fn services(catalog: &Catalog, lang: Lang) -> Vec<Record> {
    let mut all = Vec::new();
    for group in &catalog.groups {
        for kind in &group.kinds {
            all.push(vec![
                ("service_code", text(kind.code.clone())),
                ("service_name", text(lang.name(&kind.names))),
                (
                    "description",
                    text(format!(
                        "{} · {}",
                        lang.name(&kind.names),
                        lang.other().name(&kind.names)
                    )),
                ),
                // Every definition has its one attribute, the grid.
                ("metadata", Val::Bare("true".into())),
                ("type", text("realtime")),
                (
                    "keywords",
                    text(format!("{}, {}", group.code, kind.tier.code())),
                ),
                ("group", text(lang.name(&group.names))),
            ]);
        }
    }
    all
}

pub fn definition(catalog: &Catalog, code: &str, lang: Lang) -> Record {
    let w = &texts(lang).web;
    let values = catalog
        .grids
        .iter()
        .map(|g| {
            vec![
                ("key", text(g.number.to_string())),
                ("name", text(lang.name(&g.names))),
            ]
        })
        .collect();
    let grid = vec![
        ("variable", Val::Bare("true".into())),
        ("code", text("grid")),
        ("datatype", text("singlevaluelist")),
        // Not always: an address that names a landmark of one grid says which.
        ("required", Val::Bare("false".into())),
        ("datatype_description", text(w.open311_grid_needed)),
        ("order", Val::Bare("1".into())),
        ("description", text(w.open311_grid)),
        ("values", Val::List("value", values)),
    ];
    vec![
        ("service_code", text(code)),
        ("attributes", Val::List("attribute", vec![grid])),
    ]
}

/// A request as GET shows it: what the public bulletin shows, never the reporter.
pub fn request(web: &Web, found: &Request, lang: Lang) -> Record {
    let desk = &web.desk;
    let case = &found.case;
    let community = web.community_of(found.community.as_deref());
    let id = query::request_id(community.as_deref(), &case.number);
    let agency = match &case.call_up {
        Some(up) => desk
            .catalog
            .body(&up.body)
            .map_or(up.body.clone(), |b| lang.name(&b.names).to_string()),
        None => community.clone().unwrap_or_else(|| {
            desk.config
                .community_name(lang)
                .unwrap_or_else(|| texts(lang).community.to_string())
        }),
    };
    // A closed case's clock is stopped: no deadline.
    let expected = desk.targets().clock(case).deadline();
    let joins = &texts(lang).joins;
    let notes = match &case.joined {
        Some(j) => Some(
            joins
                .open311_joined
                .replace("{id}", &query::request_id(community.as_deref(), &j.into)),
        ),
        None => found.note.clone(),
    };
    let notice = (case.reports > 1).then(|| {
        joins
            .open311_reports
            .replace("{n}", &case.reports.to_string())
    });
    let coordinate = |v: Option<f64>| v.map_or(Val::Null, |v| Val::Bare(format!("{v:.6}")));
    vec![
        ("service_request_id", text(id)),
        (
            "status",
            text(if case.is_open() { "open" } else { "closed" }),
        ),
        ("status_notes", opt(notes)),
        (
            "service_name",
            text(lang.category(&desk.catalog, &case.category)),
        ),
        ("service_code", text(case.category.clone())),
        ("description", text(case.summary.clone())),
        ("agency_responsible", text(agency)),
        ("service_notice", opt(notice)),
        ("requested_datetime", text(time(case.reported_at, desk))),
        ("updated_datetime", text(time(found.updated, desk))),
        ("expected_datetime", opt(expected.map(|t| time(t, desk)))),
        ("address", text(case.place.clone())),
        ("address_id", Val::Null),
        ("zipcode", Val::Null),
        ("lat", coordinate(found.lat)),
        ("long", coordinate(found.long)),
        ("media_url", opt(found.media_url.clone())),
    ]
}

/// The answer to a POST: the id at once (the desk numbers as it takes), the token for
/// clients that poll, and what the reporter may be told.
pub fn taken(web: &Web, id: &str, taken: &Taken) -> Record {
    let lang = web.desk_lang;
    let minutes = web.desk.targets().arrival.num_minutes();
    let notice = texts(lang)
        .web
        .open311_notice
        .replace("{minutes}", &minutes.to_string());
    vec![
        ("service_request_id", text(id)),
        ("token", text(taken.token.clone())),
        ("service_notice", text(notice)),
        ("account_id", Val::Null),
    ]
}
