//! Open311 GeoReport v2 through the router as `dutydesk serve` runs it, on a real SQLite file:
//! every answer has the shape of the specification's own examples (tests/open311/spec), in
//! XML and JSON; the specification's example request is taken field by field; every error
//! path answers with the specification's error body naming the field, and changes nothing; a
//! retry finds the first case; GETs show only what the public bulletin shows.

use std::collections::BTreeSet;
use std::sync::Arc;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, Utc};
use serde_json::Value;

use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::{Action, Channel, State};
use dutydesk::i18n::Lang;
use dutydesk::store::{CaseFilter, Intake, Store};
use dutydesk::web::{Web, router};

pub struct Site {
    dir: tempfile::TempDir,
    pub desk: Arc<Desk>,
    pub app: axum::Router,
    pub key: String,
}

pub async fn site() -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Arc::new(
        Desk::open(&dir.path().join("desk.db"), Config::default())
            .await
            .expect("open"),
    );
    let key = desk
        .add_api_key("city-12345", Channel::Hotline12345, None, Utc::now())
        .await
        .expect("a key");
    let app = router(Web::new(desk.clone(), Lang::Zh));
    Site {
        dir,
        desk,
        app,
        key,
    }
}

pub use crate::web::Answer;

/// A request through the router, from a system at 10.0.0.9.
pub async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    crate::web::send(app, crate::web::from([10, 0, 0, 9], req)).await
}

pub async fn get(app: &axum::Router, path: &str) -> Answer {
    let req = Request::get(path)
        .header(header::ACCEPT_LANGUAGE, "en")
        .body(Body::empty())
        .expect("request");
    send(app, req).await
}

pub async fn post(app: &axum::Router, path: &str, form: &str) -> Answer {
    let req = Request::post(path)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form.to_string()))
        .expect("request");
    send(app, req).await
}

/// A form from pairs, percent-encoded.
pub fn form(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode(k), encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

fn encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// A good request for grid 3's streetlight, from the reporter 张丽.
fn streetlight(key: &str) -> Vec<(&'static str, String)> {
    vec![
        ("api_key", key.to_string()),
        ("service_code", "facility.streetlight".into()),
        ("address_string", "新联街 12号旁".into()),
        ("description", "路灯不亮，三天了".into()),
        ("first_name", "丽".into()),
        ("last_name", "张".into()),
        ("phone", "13800001234".into()),
        ("email", "zhangli@example.cn".into()),
    ]
}

fn pairs(fields: &[(&'static str, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    form(&borrowed)
}

fn spec(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/open311/spec")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The fields the specification defines beyond each example's, which an answer may carry.
const DEFINED: &[&str] = &["token"];

/// The example's shape is ours: same element names, every field of the example in its
/// order, nothing the specification does not define.
fn same_xml_shape(what: &str, example: roxmltree::Node, ours: roxmltree::Node) {
    assert_eq!(
        example.tag_name().name(),
        ours.tag_name().name(),
        "{what}: element"
    );
    let names = |n: roxmltree::Node| -> Vec<String> {
        n.children()
            .filter(|c| c.is_element())
            .map(|c| c.tag_name().name().to_string())
            .collect()
    };
    let theirs = names(example);
    let mine = names(ours);
    if theirs.is_empty() {
        return;
    }
    let distinct: BTreeSet<&String> = theirs.iter().collect();
    if distinct.len() == 1 {
        // A list: its items have the example's first item's shape.
        assert!(!mine.is_empty(), "{what}: an empty list");
        let first = example.children().find(|c| c.is_element()).expect("item");
        for item in ours.children().filter(|c| c.is_element()) {
            same_xml_shape(what, first, item);
        }
        return;
    }
    let kept: Vec<&String> = mine.iter().filter(|m| theirs.contains(m)).collect();
    let wanted: Vec<&String> = theirs.iter().collect();
    assert_eq!(kept, wanted, "{what}: fields of {}", ours.tag_name().name());
    for extra in mine.iter().filter(|m| !theirs.contains(m)) {
        assert!(DEFINED.contains(&extra.as_str()), "{what}: field {extra}");
    }
    for child in example.children().filter(|c| c.is_element()) {
        let mine = ours
            .children()
            .find(|c| c.tag_name().name() == child.tag_name().name())
            .expect("the field");
        same_xml_shape(what, child, mine);
    }
}

fn same_json_shape(what: &str, example: &Value, ours: &Value) {
    match (example, ours) {
        (Value::Array(e), Value::Array(o)) => {
            assert!(!o.is_empty(), "{what}: an empty list");
            for item in o {
                same_json_shape(what, &e[0], item);
            }
        }
        (Value::Object(e), Value::Object(o)) => {
            for (k, v) in e {
                let mine = o
                    .get(k)
                    .unwrap_or_else(|| panic!("{what}: no field {k} in {ours}"));
                same_json_shape(&format!("{what}.{k}"), v, mine);
            }
            for k in o.keys() {
                assert!(
                    e.contains_key(k) || DEFINED.contains(&k.as_str()),
                    "{what}: field {k}"
                );
            }
        }
        (Value::Bool(_), mine) => assert!(mine.is_boolean(), "{what}: {mine} not a boolean"),
        // A scalar (text, a number, or absent) is a scalar.
        (_, mine) => assert!(
            !mine.is_array() && !mine.is_object(),
            "{what}: {mine} not a value"
        ),
    }
}

fn assert_shape(name: &str, answer: &Answer) {
    let (example, kind) = if name.ends_with(".xml") {
        (spec(name), "text/xml; charset=utf-8")
    } else {
        (spec(name), "application/json; charset=utf-8")
    };
    assert_eq!(
        answer
            .headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some(kind),
        "{name}"
    );
    if name.ends_with(".xml") {
        assert!(
            answer
                .body
                .starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            "{name}: {}",
            answer.body
        );
        let e = roxmltree::Document::parse(&example).expect("the example parses");
        let o = roxmltree::Document::parse(&answer.body)
            .unwrap_or_else(|err| panic!("{name}: {err}: {}", answer.body));
        same_xml_shape(name, e.root_element(), o.root_element());
    } else {
        let e: Value = serde_json::from_str(&example).expect("the example parses");
        let o: Value = serde_json::from_str(&answer.body)
            .unwrap_or_else(|err| panic!("{name}: {err}: {}", answer.body));
        same_json_shape(name, &e, &o);
    }
}

/// The specification's example request, with this desk's key and one of its service codes
/// (its address names no landmark, so the grid is given as the definition says).
fn example_request(key: &str) -> String {
    let example = spec("post_request.txt");
    let fields: Vec<(String, String)> = serde_urlencoded::from_str(example.trim()).expect("form");
    let fields: Vec<(String, String)> = fields
        .into_iter()
        .map(|(k, v)| match k.as_str() {
            "api_key" => (k, key.to_string()),
            "service_code" => (k, "road.pothole".to_string()),
            _ => (k, v),
        })
        .chain([("attribute[grid]".to_string(), "4".to_string())])
        .collect();
    serde_urlencoded::to_string(&fields).expect("form")
}

#[tokio::test]
async fn every_answer_has_the_shape_of_the_specifications_examples_in_both_formats() {
    let s = site().await;
    for format in ["xml", "json"] {
        let taken = post(
            &s.app,
            &format!("/open311/v2/requests.{format}"),
            &example_request(&s.key),
        )
        .await;
        assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
        assert_shape(&format!("post_response.{format}"), &taken);
        for (path, example) in [
            ("discovery", "discovery"),
            ("services", "services"),
            ("services/road.pothole", "service_definition"),
            ("requests", "requests"),
        ] {
            let answer = get(&s.app, &format!("/open311/v2/{path}.{format}")).await;
            assert_eq!(answer.status, StatusCode::OK, "{path}: {}", answer.body);
            assert_shape(&format!("{example}.{format}"), &answer);
        }
        let token = match format {
            "json" => serde_json::from_str::<Value>(&taken.body).expect("json")[0]["token"]
                .as_str()
                .expect("a token")
                .to_string(),
            _ => {
                let doc = roxmltree::Document::parse(&taken.body).expect("xml");
                doc.descendants()
                    .find(|n| n.has_tag_name("token"))
                    .and_then(|n| n.text())
                    .expect("a token")
                    .to_string()
            }
        };
        let polled = get(&s.app, &format!("/open311/v2/tokens/{token}.{format}")).await;
        assert_eq!(polled.status, StatusCode::OK, "{}", polled.body);
        assert_shape(&format!("tokens.{format}"), &polled);
        let refused = post(
            &s.app,
            &format!("/open311/v2/requests.{format}"),
            "api_key=nope&service_code=road.pothole",
        )
        .await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", refused.body);
        assert_shape(&format!("errors.{format}"), &refused);
    }
}

#[tokio::test]
async fn the_specifications_example_request_is_taken_field_by_field() {
    let s = site().await;
    let taken = post(
        &s.app,
        "/open311/v2/requests.json",
        &example_request(&s.key),
    )
    .await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
    let answer: Value = serde_json::from_str(&taken.body).expect("json");
    let id = answer[0]["service_request_id"]
        .as_str()
        .expect("an id")
        .to_string();
    assert!(
        answer[0]["service_notice"]
            .as_str()
            .is_some_and(|n| n.contains("15"))
    );
    let case = s.desk.case(&id).await.expect("the case, by the id");
    assert_eq!(case.summary, "A large sinkhole is destroying the street");
    assert_eq!(case.place, "1234 5th street");
    assert_eq!(case.grid, 4);
    assert_eq!(case.category, "road.pothole");
    assert_eq!(case.channel, Channel::Hotline12345);
    assert_eq!(case.reporter.as_deref(), Some("john smith"));
    assert_eq!(case.phone.as_deref(), Some("111111111"));
    assert_eq!(case.state, State::Reported);
    let read = get(&s.app, &format!("/open311/v2/requests/{id}.json")).await;
    let read: Value = serde_json::from_str(&read.body).expect("json");
    let r = &read[0];
    assert_eq!(r["service_request_id"], id.as_str());
    assert_eq!(r["status"], "open");
    assert_eq!(r["service_code"], "road.pothole");
    assert_eq!(
        r["description"],
        "A large sinkhole is destroying the street"
    );
    assert_eq!(r["address"], "1234 5th street");
    assert_eq!(r["lat"].as_f64(), Some(37.765241));
    assert_eq!(r["long"].as_f64(), Some(-122.421204));
    let media = "http://city.gov.s3.amazonaws.com/requests/media/638344.jpg";
    assert_eq!(r["media_url"], media);
    // Kept as a public note: the latest public note is the status note.
    assert_eq!(r["status_notes"], media);
    let deadline =
        chrono::DateTime::parse_from_rfc3339(r["expected_datetime"].as_str().expect("expected"))
            .expect("a time");
    // To the second, in the desk's zone.
    assert_eq!(
        deadline.timestamp(),
        (case.reported_at + Duration::minutes(15)).timestamp()
    );
    assert!(
        r["expected_datetime"]
            .as_str()
            .is_some_and(|t| t.ends_with("+08:00"))
    );
    // Who reported it is on no answer.
    for private in ["john", "smith", "111111111", "smit222", "sfgov.edu"] {
        assert!(
            !serde_json::to_string(&read)
                .expect("text")
                .contains(private),
            "{private}"
        );
    }
}

/// One bad request: what it changes, the status, and the field its description names first.
struct Bad {
    change: Vec<(&'static str, Option<String>)>,
    status: u16,
    field: &'static str,
}

fn bad(change: &[(&'static str, Option<&str>)], status: u16, field: &'static str) -> Bad {
    Bad {
        change: change
            .iter()
            .map(|(k, v)| (*k, v.map(str::to_string)))
            .collect(),
        status,
        field,
    }
}

#[tokio::test]
async fn every_bad_request_gets_the_specs_error_body_naming_the_field_and_changes_nothing() {
    let s = site().await;
    let revoked = s
        .desk
        .add_api_key("old-app", Channel::MiniProgram, None, Utc::now())
        .await
        .expect("key");
    s.desk
        .revoke_api_key("old-app", None, Utc::now())
        .await
        .expect("revoke");
    let long = |n: usize| "长".repeat(n);
    let table = vec![
        bad(&[("service_code", None)], 400, "service_code"),
        bad(
            &[("service_code", Some("facility.unicorn"))],
            400,
            "service_code",
        ),
        bad(&[("api_key", None)], 403, "api_key"),
        bad(
            &[("api_key", Some("x".repeat(32).as_str()))],
            403,
            "api_key",
        ),
        bad(&[("api_key", Some(revoked.as_str()))], 403, "api_key"),
        bad(&[("address_string", Some("某处"))], 400, "attribute[grid]"),
        bad(&[("attribute[grid]", Some("9"))], 400, "attribute[grid]"),
        bad(&[("attribute[grid]", Some("三"))], 400, "attribute[grid]"),
        bad(
            &[("attribute[colour]", Some("red"))],
            400,
            "attribute[colour]",
        ),
        bad(
            &[("jurisdiction_id", Some("yongfeng"))],
            400,
            "jurisdiction_id",
        ),
        bad(
            &[("description", Some(long(2001).as_str()))],
            400,
            "description",
        ),
        bad(
            &[(
                "address_string",
                Some(format!("新联街{}", long(200)).as_str()),
            )],
            400,
            "address_string",
        ),
        bad(
            &[("first_name", Some(long(201).as_str()))],
            400,
            "first_name",
        ),
        bad(&[("phone", Some("call me"))], 400, "phone"),
        bad(&[("email", Some("not-an-address"))], 400, "email"),
        bad(
            &[("media_url", Some("javascript:alert(1)"))],
            400,
            "media_url",
        ),
        bad(&[("lat", Some("91")), ("long", Some("103.6"))], 400, "lat"),
        bad(&[("lat", Some("30.9"))], 400, "long"),
        bad(&[("lat", Some("NaN")), ("long", Some("103.6"))], 400, "lat"),
        bad(&[("description", Some("路灯\0坏了"))], 400, "description"),
        bad(&[("address_string", None)], 400, "address_string"),
    ];
    let before = s
        .desk
        .store
        .cases(&CaseFilter::default())
        .await
        .expect("cases")
        .len();
    for (i, row) in table.iter().enumerate() {
        let mut fields = streetlight(&s.key);
        for (k, v) in &row.change {
            fields.retain(|(name, _)| name != k);
            if let Some(v) = v {
                fields.push((k, v.clone()));
            }
        }
        for format in ["json", "xml"] {
            let a = post(
                &s.app,
                &format!("/open311/v2/requests.{format}"),
                &pairs(&fields),
            )
            .await;
            assert_eq!(
                a.status.as_u16(),
                row.status,
                "row {i} {format}: {}",
                a.body
            );
            let description = if format == "json" {
                let v: Value = serde_json::from_str(&a.body).expect("json");
                assert_eq!(
                    v[0]["code"].as_u64(),
                    Some(u64::from(row.status)),
                    "row {i}"
                );
                v[0]["description"]
                    .as_str()
                    .expect("description")
                    .to_string()
            } else {
                let doc = roxmltree::Document::parse(&a.body).expect("xml");
                assert_eq!(doc.root_element().tag_name().name(), "errors");
                doc.descendants()
                    .find(|n| n.has_tag_name("description"))
                    .and_then(|n| n.text())
                    .expect("description")
                    .to_string()
            };
            assert!(
                description.starts_with(&format!("{}:", row.field)),
                "row {i} {format}: `{description}` should name {}",
                row.field
            );
        }
    }
    let after = s
        .desk
        .store
        .cases(&CaseFilter::default())
        .await
        .expect("cases")
        .len();
    assert_eq!(before, after, "a refused request opened a case");
    // The reads refuse what they cannot answer, naming the parameter.
    let old = (Utc::now() - Duration::days(200)).to_rfc3339();
    let ids = vec!["20261207-001"; 1001].join(",");
    for (query, field) in [
        (format!("start_date={}", encode(&old)), "start_date"),
        ("start_date=yesterday".to_string(), "start_date"),
        ("end_date=2026-13-01T00:00:00Z".to_string(), "end_date"),
        ("status=pending".to_string(), "status"),
        ("service_code=nothing".to_string(), "service_code"),
        ("limit=1001".to_string(), "limit"),
        (format!("service_request_id={ids}"), "service_request_id"),
        ("jurisdiction_id=yongfeng".to_string(), "jurisdiction_id"),
    ] {
        let a = get(&s.app, &format!("/open311/v2/requests.json?{query}")).await;
        assert_eq!(a.status, StatusCode::BAD_REQUEST, "{query}: {}", a.body);
        let v: Value = serde_json::from_str(&a.body).expect("json");
        let d = v[0]["description"].as_str().expect("description");
        assert!(d.starts_with(&format!("{field}:")), "{query}: {d}");
    }
    for path in [
        "/open311/v2/requests/20991231-001.json",
        "/open311/v2/requests/..%2F..%2Fetc.xml",
        "/open311/v2/services/facility.unicorn.json",
        "/open311/v2/tokens/nothing-here.json",
        "/open311/v2/nothing.json",
    ] {
        let a = get(&s.app, path).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}: {}", a.body);
    }
    // A body past the limit is refused whole, in the specification's words.
    let mut fields = streetlight(&s.key);
    fields.push(("device_id", "x".repeat(40 * 1024)));
    let a = post(&s.app, "/open311/v2/requests.json", &pairs(&fields)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", a.body);
    // JSON bodies are not the specification's: said, not guessed at.
    let req = Request::post("/open311/v2/requests.json")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{}"))
        .expect("request");
    let a = send(&s.app, req).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST, "{}", a.body);
    assert!(a.body.contains("Content-Type"), "{}", a.body);
}

#[tokio::test]
async fn hostile_text_is_kept_and_shown_visibly_in_both_formats() {
    let s = site().await;
    let mut fields = streetlight(&s.key);
    fields.retain(|(k, _)| *k != "description");
    fields.push((
        "description",
        "灯\u{1b}[2J\u{202e}坏</description><x>&".into(),
    ));
    let taken = post(&s.app, "/open311/v2/requests.json", &pairs(&fields)).await;
    assert_eq!(taken.status, StatusCode::OK, "{}", taken.body);
    let xml = get(&s.app, "/open311/v2/requests.xml").await;
    let doc = roxmltree::Document::parse(&xml.body).expect("still well-formed XML");
    let d = doc
        .descendants()
        .find(|n| n.has_tag_name("description"))
        .and_then(|n| n.text())
        .expect("description");
    assert!(
        d.contains("␛[2J") && d.contains("</description><x>&"),
        "{d}"
    );
    assert!(!d.contains('\u{1b}') && !d.contains('\u{202e}'), "{d:?}");
    let json = get(&s.app, "/open311/v2/requests.json").await;
    assert!(
        !json.body.contains("\\u001b") && !json.body.contains('\u{202e}'),
        "{}",
        json.body
    );
}

#[tokio::test]
async fn the_same_request_again_finds_the_first_case() {
    let s = site().await;
    let fields = pairs(&streetlight(&s.key));
    let first = post(&s.app, "/open311/v2/requests.json", &fields).await;
    let again = post(&s.app, "/open311/v2/requests.json", &fields).await;
    let id = |a: &Answer| -> String {
        serde_json::from_str::<Value>(&a.body).expect("json")[0]["service_request_id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let token = |a: &Answer| -> String {
        serde_json::from_str::<Value>(&a.body).expect("json")[0]["token"]
            .as_str()
            .expect("token")
            .to_string()
    };
    assert_eq!(id(&first), id(&again));
    assert_eq!(token(&first), token(&again), "the first hand-in's token");
    assert_eq!(
        again
            .headers
            .get("idempotent-replayed")
            .and_then(|v| v.to_str().ok()),
        Some("true")
    );
    // The same Idempotency-Key is the same request, whatever else changed.
    let keyed = |description: &str| {
        let mut f = streetlight(&s.key);
        f.retain(|(k, _)| *k != "description");
        f.push(("description", description.to_string()));
        Request::post("/open311/v2/requests.json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header("Idempotency-Key", "12345-0001")
            .body(Body::from(pairs(&f)))
            .expect("request")
    };
    let k1 = send(&s.app, keyed("一")).await;
    let k2 = send(&s.app, keyed("二")).await;
    assert_ne!(id(&k1), id(&first));
    assert_eq!(id(&k1), id(&k2));
    // Another system sending the same fields reports it again.
    let other = s
        .desk
        .add_api_key("mini", Channel::MiniProgram, None, Utc::now())
        .await
        .expect("key");
    let theirs = post(
        &s.app,
        "/open311/v2/requests.json",
        &pairs(&streetlight(&other)),
    )
    .await;
    assert_ne!(id(&theirs), id(&first));
    let all = s
        .desk
        .store
        .cases(&CaseFilter::default())
        .await
        .expect("cases");
    assert_eq!(all.len(), 3, "{all:?}");
    assert_eq!(
        s.desk.case(&id(&theirs)).await.expect("case").channel,
        Channel::MiniProgram
    );
    // Ten minutes on, the same fields are a new report (the store's window, from `since`).
    let case = s.desk.case(&id(&first)).await.expect("case");
    let mut report = dutydesk::domain::Report {
        grid: case.grid,
        category: case.category.clone(),
        channel: case.channel,
        place: case.place.clone(),
        summary: case.summary.clone(),
        reporter: None,
        phone: None,
        tier: case.tier,
        on_scene: None,
        at: Utc::now(),
    };
    let fingerprint = |since| Intake {
        client: "city-12345".into(),
        idempotency_key: None,
        fingerprint: "same".into(),
        since,
        token: format!("t{}", since.timestamp_nanos_opt().unwrap_or(0)),
        lat: None,
        long: None,
        email: None,
        media_url: None,
    };
    let now = Utc::now();
    let later = now + Duration::minutes(11);
    let hand_in = |report: dutydesk::domain::Report, at: chrono::DateTime<Utc>| {
        let desk = s.desk.clone();
        let intake = fingerprint(at - Duration::minutes(10));
        async move { desk.hand_in(None, &report, &intake, at).await.expect("in") }
    };
    let a = hand_in(report.clone(), now).await;
    report.at = later;
    let b = hand_in(report.clone(), later).await;
    let c = hand_in(report.clone(), later).await;
    assert!(a.new && b.new && !c.new);
    assert_ne!(a.case.number, b.case.number);
    assert_eq!(b.case.number, c.case.number);
}

#[tokio::test]
async fn a_request_is_a_case_like_any_other_and_reads_show_only_the_bulletins_part() {
    let s = site().await;
    let taken = post(
        &s.app,
        "/open311/v2/requests.json",
        &pairs(&streetlight(&s.key)),
    )
    .await;
    let id = serde_json::from_str::<Value>(&taken.body).expect("json")[0]["service_request_id"]
        .as_str()
        .expect("id")
        .to_string();
    let now = Utc::now();
    let steps = [
        Action::Dispatch {
            responder: "张丽".into(),
            note: None,
        },
        Action::Note {
            text: "内部：报告人是老张的亲戚".into(),
            public: false,
        },
        Action::Note {
            text: "已联系电力公司".into(),
            public: true,
        },
        Action::Note {
            text: "私下：电话 13800001234".into(),
            public: false,
        },
    ];
    for step in &steps {
        s.desk.act(&id, step, now, now).await.expect("step");
    }
    let read = get(&s.app, &format!("/open311/v2/requests/{id}.json")).await;
    let r: Value = serde_json::from_str(&read.body).expect("json");
    assert_eq!(
        r[0]["status_notes"], "已联系电力公司",
        "the latest public note"
    );
    assert_eq!(r[0]["status"], "open");
    for private in ["内部", "私下", "张丽", "13800001234", "zhangli", "丽"] {
        assert!(!read.body.contains(private), "{private}: {}", read.body);
    }
    s.desk
        .act(
            &id,
            &Action::Escalate {
                body: "subdistrict_urban".into(),
                note: None,
            },
            now,
            now,
        )
        .await
        .expect("call up");
    let read = get(&s.app, &format!("/open311/v2/requests/{id}.json?locale=en")).await;
    let r: Value = serde_json::from_str(&read.body).expect("json");
    assert!(
        r[0]["agency_responsible"]
            .as_str()
            .is_some_and(|a| a.contains("ub-district")),
        "{}",
        read.body
    );
    s.desk
        .act(
            &id,
            &Action::Cancel {
                reason: "duplicate".into(),
            },
            now,
            now,
        )
        .await
        .expect("cancel");
    let closed = get(&s.app, "/open311/v2/requests.json?status=closed").await;
    let r: Value = serde_json::from_str(&closed.body).expect("json");
    assert_eq!(r.as_array().map(Vec::len), Some(1), "{}", closed.body);
    assert_eq!(r[0]["status"], "closed");
    assert!(r[0]["expected_datetime"].is_null());
    let open = get(&s.app, "/open311/v2/requests.json?status=open").await;
    assert_eq!(open.body.trim(), "[]");
    // The period asked for bounds what is shown.
    let past = (now - Duration::days(10)).to_rfc3339();
    let before = (now - Duration::days(5)).to_rfc3339();
    let none = get(
        &s.app,
        &format!(
            "/open311/v2/requests.json?start_date={}&end_date={}",
            encode(&past),
            encode(&before)
        ),
    )
    .await;
    assert_eq!(none.body.trim(), "[]", "{}", none.body);
}

#[tokio::test]
async fn a_list_kept_between_reads_never_hides_a_commit_made_elsewhere() {
    let s = site().await;
    let first = get(&s.app, "/open311/v2/requests.json").await;
    assert_eq!(first.body.trim(), "[]");
    // Another process's desk on the same file reports (a connection of its own).
    let other = Desk::open(&s.dir.path().join("desk.db"), Config::default())
        .await
        .expect("open");
    let now = Utc::now();
    let case = other
        .report(&crate::common::cases::streetlight(now), now)
        .await
        .expect("report");
    let next = get(&s.app, "/open311/v2/requests.json").await;
    assert!(next.body.contains(&case.number), "{}", next.body);
    // Its resolution too, however soon after.
    other
        .act(
            &case.number,
            &Action::Cancel {
                reason: "test".into(),
            },
            now,
            now,
        )
        .await
        .expect("cancel");
    let closed = get(&s.app, "/open311/v2/requests.json?status=closed").await;
    assert!(closed.body.contains(&case.number), "{}", closed.body);
    let open = get(&s.app, "/open311/v2/requests.json?status=open").await;
    assert_eq!(open.body.trim(), "[]");
}

#[tokio::test]
async fn a_request_joined_into_another_is_one_problem_with_its_report_count() {
    let s = site().await;
    let id = |a: &Answer| -> String {
        serde_json::from_str::<Value>(&a.body).expect("json")[0]["service_request_id"]
            .as_str()
            .expect("id")
            .to_string()
    };
    let first = post(
        &s.app,
        "/open311/v2/requests.json",
        &pairs(&streetlight(&s.key)),
    )
    .await;
    let mut again = streetlight(&s.key);
    again[3].1 = "新联街的路灯还是不亮".into();
    let second = post(&s.app, "/open311/v2/requests.json", &pairs(&again)).await;
    let (first, second) = (id(&first), id(&second));
    assert_ne!(first, second);
    s.desk
        .join(&second, &first, Utc::now())
        .await
        .expect("the desk joins them");
    let list = get(&s.app, "/open311/v2/requests.json").await;
    let list: Value = serde_json::from_str(&list.body).expect("json");
    let ids: Vec<&str> = list
        .as_array()
        .expect("a list")
        .iter()
        .filter_map(|r| r["service_request_id"].as_str())
        .collect();
    assert_eq!(ids, [first.as_str()], "one problem");
    assert_eq!(list[0]["service_notice"], "2 reports of this matter");
    let joined = get(&s.app, &format!("/open311/v2/requests/{second}.json")).await;
    let joined: Value = serde_json::from_str(&joined.body).expect("json");
    assert_eq!(joined[0]["status"], "closed");
    assert_eq!(
        joined[0]["status_notes"],
        format!("the same matter as request {first}: followed there")
    );
}
