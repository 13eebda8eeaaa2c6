//! The web side's routes on a real SQLite file, through the router as `dutydesk serve` runs
//! it (tower's `oneshot`, no socket): GET never changes a case, each POST moves it exactly as
//! the desk's key does and a second one changes nothing, tokens open their own case and role
//! only, hostile text is escaped, limits hold, and every answer carries the strict headers.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use chrono::{Duration, Utc};
use tower::ServiceExt;

use crate::common::cases;
use dutydesk::config::Config;
use dutydesk::desk::Desk;
use dutydesk::domain::{Action, ArrivalHow, LinkRole, State};
use dutydesk::i18n::Lang;
use dutydesk::store::Store;
use dutydesk::web::{Web, router};

struct Site {
    _dir: tempfile::TempDir,
    desk: Arc<Desk>,
    app: axum::Router,
}

async fn site() -> Site {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = Arc::new(
        Desk::open(&dir.path().join("desk.db"), Config::default())
            .await
            .expect("open"),
    );
    let app = router(Web::new(desk.clone(), Lang::En));
    Site {
        _dir: dir,
        desk,
        app,
    }
}

/// A case reported a minute ago and sent to 张丽 (grid 1's worker is 李秀英; any will do).
async fn dispatched(desk: &Desk, summary: &str) -> String {
    let now = Utc::now();
    let mut report = cases::streetlight(now - Duration::minutes(1));
    report.summary = summary.into();
    report.reporter = Some("李四".into());
    report.phone = Some("13800001234".into());
    let case = desk.report(&report, now).await.expect("report");
    let dispatch = Action::Dispatch {
        responder: "张丽".into(),
        note: None,
    };
    desk.act(&case.number, &dispatch, now, now)
        .await
        .expect("dispatch");
    case.number
}

/// A case sent to 张丽 and the token of her link to it.
async fn sent_with_link(desk: &Desk, summary: &str) -> (String, String) {
    let number = dispatched(desk, summary).await;
    let t = token(
        &desk
            .make_link(&number, LinkRole::Responder, Utc::now())
            .await
            .expect("link"),
    );
    (number, t)
}

/// Someone reached the case and resolved it (`told`: the reporter was told at once).
async fn reached_and_resolved(desk: &Desk, number: &str, told: bool) {
    let now = Utc::now();
    for action in [
        Action::Arrive {
            how: ArrivalHow::Seen,
        },
        Action::Resolve {
            note: "换了灯泡".into(),
            told,
        },
    ] {
        desk.act(number, &action, now, now).await.expect("step");
    }
}

/// The officer records an arrival on another desk (another connection, as another process).
async fn arrived_elsewhere(desk: &Desk, number: &str) {
    let now = Utc::now();
    let seen = Action::Arrive {
        how: ArrivalHow::Seen,
    };
    desk.act(number, &seen, now, now).await.expect("arrival");
}

/// The responder's page offers Done, no longer On my way.
fn assert_next_step_is_done(page: &str, round: usize) {
    assert!(
        page.contains("Done") && !page.contains("On my way"),
        "round {round}: {page}"
    );
}

pub struct Answer {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: String,
}

pub async fn send(app: &axum::Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.expect("an answer");
    let status = res.status();
    let headers = res.headers().clone();
    let bytes = axum::body::to_bytes(res.into_body(), 16 << 20)
        .await
        .expect("a body");
    Answer {
        status,
        headers,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

pub fn from(ip: [u8; 4], req: Request<Body>) -> Request<Body> {
    let mut req = req;
    req.extensions_mut()
        .insert(ConnectInfo(SocketAddr::from((ip, 40000))));
    req
}

/// A GET from a phone set to English (Chinese is the default: see the first test).
fn get(path: &str) -> Request<Body> {
    from(
        [10, 0, 0, 1],
        Request::get(path)
            .header(header::ACCEPT_LANGUAGE, "en-GB,en;q=0.9,zh;q=0.5")
            .body(Body::empty())
            .expect("request"),
    )
}

fn post(path: &str, form: &str) -> Request<Body> {
    from(
        [10, 0, 0, 1],
        Request::post(path)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form.to_string()))
            .expect("request"),
    )
}

fn token(desk_url: &str) -> String {
    desk_url.rsplit('/').next().expect("a token").to_string()
}

/// The headers every answer must carry, whatever it is.
fn assert_strict(what: &str, a: &Answer) {
    for (name, want) in [
        ("referrer-policy", "no-referrer"),
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
    ] {
        assert_eq!(
            a.headers.get(name).and_then(|v| v.to_str().ok()),
            Some(want),
            "{what}: {name}"
        );
    }
    let csp = a
        .headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
}

fn said(a: &Answer) -> String {
    assert_eq!(a.status, StatusCode::SEE_OTHER, "{}", a.body);
    let to = a
        .headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .expect("a redirect");
    to.rsplit("said=").next().expect("said").to_string()
}

#[tokio::test]
async fn a_responder_walks_the_case_by_post_and_get_never_changes_it() {
    let s = site().await;
    let (number, t) = sent_with_link(&s.desk, "路灯不亮").await;
    // A chat app's preview fetches the page, maybe many times: nothing moves.
    for _ in 0..3 {
        let page = send(&s.app, get(&format!("/r/{t}"))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert_strict("responder page", &page);
        assert!(page.body.contains(&number), "{}", page.body);
        assert!(page.body.contains("On my way"), "{}", page.body);
    }
    let case = s.desk.case(&number).await.expect("case");
    assert_eq!(case.state, State::Dispatched);
    assert!(case.arrival.is_none());
    // A phone that asks for no language gets Chinese.
    let plain = Request::get(format!("/r/{t}"))
        .body(Body::empty())
        .expect("request");
    let page = send(&s.app, from([10, 0, 0, 1], plain)).await;
    assert!(page.body.contains("lang=\"zh-CN\"") && page.body.contains("出发"));
    // The reporter's name and phone are on no page.
    let page = send(&s.app, get(&format!("/r/{t}"))).await;
    for private in ["李四", "13800001234", "1234"] {
        assert!(!page.body.contains(private), "{private} shown");
    }

    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/go"), "")).await),
        "recorded"
    );
    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/go"), "")).await),
        "already"
    );
    // The board reads the answer (the desk's "nobody answered" alert needs it).
    let board = s.desk.snapshot(Utc::now()).await.expect("board");
    assert_eq!(board.links.len(), 1);
    assert!(board.links[0].departed_at.is_some());
    assert_eq!(board.links[0].person.as_deref(), Some("张丽"));
    // Needing the sub-district is marked once, for the desk's alert.
    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/help"), "")).await),
        "recorded"
    );
    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/help"), "")).await),
        "already"
    );
    let board = s.desk.snapshot(Utc::now()).await.expect("board");
    assert!(board.links[0].help_at.is_some());
    let page = send(&s.app, get(&format!("/r/{t}?said=recorded"))).await;
    assert!(page.body.contains("Arrived"), "{}", page.body);
    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/arrived"), "")).await),
        "recorded"
    );
    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/arrived"), "")).await),
        "already"
    );
    let case = s.desk.case(&number).await.expect("case");
    assert_eq!(case.state, State::OnScene);
    assert_eq!(
        case.arrival.as_ref().map(|a| a.how),
        Some(ArrivalHow::Phone)
    );
    let timeline = s.desk.store.timeline(&number).await.expect("timeline");
    let actors: Vec<&str> = timeline.iter().map(|e| e.actor.as_str()).collect();
    assert!(actors.contains(&"张丽 (phone)"), "{actors:?}");

    let done = send(&s.app, post(&format!("/r/{t}/done"), "note=换了灯泡")).await;
    assert_eq!(said(&done), "recorded");
    let case = s.desk.case(&number).await.expect("case");
    assert_eq!(case.state, State::Resolved);
    assert_eq!(
        case.resolution.map(|r| r.note),
        Some("换了灯泡".to_string())
    );
    assert_eq!(
        said(&send(&s.app, post(&format!("/r/{t}/done"), "")).await),
        "already"
    );
    let page = send(&s.app, get(&format!("/r/{t}"))).await;
    assert!(page.body.contains("closed"), "{}", page.body);
}

/// Pages are kept between reads while nothing changes, never after: what another process (the
/// desk's own keys, the command line) wrote is on the very next page.
#[tokio::test]
async fn another_process_s_change_is_on_the_next_page() {
    let s = site().await;
    let (number, t) = sent_with_link(&s.desk, "路灯不亮").await;
    for _ in 0..3 {
        let page = send(&s.app, get(&format!("/r/{t}"))).await;
        assert!(page.body.contains("On my way"), "{}", page.body);
    }
    // The officer keys the arrival on the wall screen: another connection, as another process.
    let other = Desk::open(&s._dir.path().join("desk.db"), Config::default())
        .await
        .expect("open");
    arrived_elsewhere(&other, &number).await;
    let page = send(&s.app, get(&format!("/r/{t}"))).await;
    assert_next_step_is_done(&page.body, 0);
    let now = Utc::now();
    // And cancelled there: the link closes with the case at once.
    other
        .act(
            &number,
            &Action::Cancel {
                reason: "重复".into(),
            },
            now,
            now,
        )
        .await
        .expect("cancel");
    let page = send(&s.app, get(&format!("/r/{t}"))).await;
    assert!(page.body.contains("closed"), "{}", page.body);
}

#[tokio::test]
async fn the_reporter_follows_the_case_and_gives_one_verdict() {
    let s = site().await;
    let number = dispatched(&s.desk, "路灯不亮").await;
    let c = token(
        &s.desk
            .make_link(&number, LinkRole::Reporter, Utc::now())
            .await
            .expect("link"),
    );
    let now = Utc::now();
    let note = Action::Note {
        text: "明早更换灯泡".into(),
        public: true,
    };
    s.desk.act(&number, &note, now, now).await.expect("note");
    let private = Action::Note {
        text: "李四 is the landlord's cousin".into(),
        public: false,
    };
    s.desk.act(&number, &private, now, now).await.expect("note");
    let page = send(&s.app, get(&format!("/c/{c}"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_strict("reporter page", &page);
    assert!(page.body.contains("Someone is on the way"), "{}", page.body);
    assert!(page.body.contains("明早更换灯泡"), "the public note");
    assert!(!page.body.contains("cousin"), "a private note shown");
    assert!(!page.body.contains("李四") && !page.body.contains("13800001234"));
    // No verdict before the resolution.
    let early = send(
        &s.app,
        post(&format!("/c/{c}/verdict"), "verdict=satisfied"),
    )
    .await;
    assert_eq!(said(&early), "refused");
    reached_and_resolved(&s.desk, &number, false).await;
    let page = send(&s.app, get(&format!("/c/{c}"))).await;
    assert!(page.body.contains("Resolved at"), "{}", page.body);
    assert!(page.body.contains("Not satisfied"), "{}", page.body);
    let bad = send(&s.app, post(&format!("/c/{c}/verdict"), "verdict=meh")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert!(
        bad.body
            .contains("verdict: give satisfied or not_satisfied")
    );
    let given = send(
        &s.app,
        post(
            &format!("/c/{c}/verdict"),
            "verdict=not_satisfied&comment=%E8%BF%98%E6%98%AF%E6%9A%97",
        ),
    )
    .await;
    assert_eq!(said(&given), "recorded");
    let again = send(
        &s.app,
        post(&format!("/c/{c}/verdict"), "verdict=satisfied"),
    )
    .await;
    assert_eq!(said(&again), "already");
    let case = s.desk.case(&number).await.expect("case");
    let verdict = case.verdict.expect("a verdict");
    assert!(!verdict.satisfied);
    assert_eq!(verdict.note.as_deref(), Some("还是暗"));
    assert!(case.reporter_told);
}

/// A report joined into the case of the same matter: its reporter's link follows that case
/// (its progress, its public notes) and records a verdict of their own once it is resolved.
#[tokio::test]
async fn a_joined_reports_reporter_follows_the_case_it_joined() {
    let s = site().await;
    let problem = dispatched(&s.desk, "路灯不亮").await;
    let now = Utc::now();
    let mut again = cases::streetlight(now);
    again.summary = "路灯还是不亮".into();
    let joined = s
        .desk
        .report_into(&again, &problem, now)
        .await
        .expect("report into the case")
        .report
        .after
        .number;
    let c = token(
        &s.desk
            .make_link(&joined, LinkRole::Reporter, now)
            .await
            .expect("a link for the joined report"),
    );
    let note = Action::Note {
        text: "电工已出发".into(),
        public: true,
    };
    s.desk.act(&problem, &note, now, now).await.expect("note");
    let page = send(&s.app, get(&format!("/c/{c}"))).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("Someone is on the way"), "{}", page.body);
    assert!(page.body.contains("电工已出发"), "the case's public note");
    assert!(page.body.contains("路灯还是不亮"), "their own report");
    let early = send(
        &s.app,
        post(&format!("/c/{c}/verdict"), "verdict=satisfied"),
    )
    .await;
    assert_eq!(said(&early), "refused");
    reached_and_resolved(&s.desk, &problem, true).await;
    let page = send(&s.app, get(&format!("/c/{c}"))).await;
    assert!(page.body.contains("Resolved at"), "{}", page.body);
    let given = send(
        &s.app,
        post(&format!("/c/{c}/verdict"), "verdict=not_satisfied"),
    )
    .await;
    assert_eq!(said(&given), "recorded");
    let report = s.desk.case(&joined).await.expect("the report");
    assert_eq!(report.verdict.map(|v| v.satisfied), Some(false));
    assert!(report.reporter_told);
    let case = s.desk.case(&problem).await.expect("the case");
    assert_eq!(
        case.verdict, None,
        "the first reporter's verdict is their own"
    );
}

#[tokio::test]
async fn a_token_opens_its_own_case_and_role_only_and_every_miss_looks_the_same() {
    let s = site().await;
    let mine = dispatched(&s.desk, "路灯不亮").await;
    let theirs = dispatched(&s.desk, "井盖缺失").await;
    let now = Utc::now();
    let r = token(
        &s.desk
            .make_link(&mine, LinkRole::Responder, now)
            .await
            .expect("link"),
    );
    let c = token(
        &s.desk
            .make_link(&mine, LinkRole::Reporter, now)
            .await
            .expect("link"),
    );
    let page = send(&s.app, get(&format!("/r/{r}"))).await;
    assert!(page.body.contains(&mine) && !page.body.contains(&theirs));
    // A near miss: the same token with its last character changed.
    let mut near = r.clone();
    let last = near.pop().expect("a character");
    near.push(if last == 'A' { 'B' } else { 'A' });
    let missing = send(&s.app, get("/r/AAAAAAAAAAAAAAAAAAAAAA")).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_strict("404", &missing);
    for path in [
        format!("/r/{near}"),
        "/r/not-a-token".to_string(),
        "/r/%00%1b%5b2J".to_string(),
        format!("/r/{c}"),
        format!("/c/{r}"),
        "/nowhere".to_string(),
    ] {
        let a = send(&s.app, get(&path)).await;
        assert_eq!(a.status, StatusCode::NOT_FOUND, "{path}");
        assert_eq!(a.body, missing.body, "{path} answers differently");
    }
    // The reporter's token cannot tap for the responder.
    let a = send(&s.app, post(&format!("/r/{c}/arrived"), "")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(s.desk.case(&mine).await.expect("case").arrival.is_none());
    // GET on an action is not an action.
    let a = send(&s.app, get(&format!("/r/{r}/arrived"))).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_strict("405", &a);
    assert!(s.desk.case(&mine).await.expect("case").arrival.is_none());
}

#[tokio::test]
async fn a_link_stops_working_once_its_case_has_been_closed_for_link_days() {
    let s = site().await;
    let now = Utc::now();
    let long_ago = now - Duration::days(8);
    let case = s
        .desk
        .report(&cases::streetlight(long_ago), long_ago)
        .await
        .expect("report");
    let c = token(
        &s.desk
            .make_link(&case.number, LinkRole::Reporter, long_ago)
            .await
            .expect("link"),
    );
    assert_eq!(
        send(&s.app, get(&format!("/c/{c}"))).await.status,
        StatusCode::OK
    );
    let cancel = Action::Cancel {
        reason: "duplicate".into(),
    };
    s.desk
        .act(&case.number, &cancel, long_ago, long_ago)
        .await
        .expect("cancel");
    let a = send(&s.app, get(&format!("/c/{c}"))).await;
    assert_eq!(
        a.status,
        StatusCode::NOT_FOUND,
        "closed 8 days ago, link_days 7"
    );
    let recent = dispatched(&s.desk, "路灯不亮").await;
    let r = token(
        &s.desk
            .make_link(&recent, LinkRole::Reporter, now)
            .await
            .expect("link"),
    );
    s.desk
        .act(&recent, &cancel, now, now)
        .await
        .expect("cancel");
    assert_eq!(
        send(&s.app, get(&format!("/c/{r}"))).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn hostile_case_text_is_escaped_and_made_visible_on_every_page() {
    let s = site().await;
    let hostile =
        "<script>alert(1)</script>\u{1b}]0;pwned\u{7}\u{202e}x\"'&<img src=x onerror=alert(2)>";
    let number = dispatched(&s.desk, hostile).await;
    let now = Utc::now();
    let r = token(
        &s.desk
            .make_link(&number, LinkRole::Responder, now)
            .await
            .expect("link"),
    );
    let c = token(
        &s.desk
            .make_link(&number, LinkRole::Reporter, now)
            .await
            .expect("link"),
    );
    let note = Action::Note {
        text: hostile.into(),
        public: true,
    };
    s.desk.act(&number, &note, now, now).await.expect("note");
    for path in [format!("/r/{r}"), format!("/c/{c}")] {
        let page = send(&s.app, get(&path)).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(!page.body.contains("<script>alert"), "{path}: raw script");
        assert!(!page.body.contains("<img"), "{path}: raw img");
        assert!(page.body.contains("&lt;script&gt;"), "{path}: escaped");
        let raw = page
            .body
            .chars()
            .find(|&c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c));
        assert_eq!(raw, None, "{path}: a control character reaches the page");
        assert!(page.body.contains('␛'), "{path}: shown visibly");
    }
}

#[tokio::test]
async fn guessing_tokens_finds_nothing_and_is_slowed_and_limits_hold() {
    let s = site().await;
    let (number, r) = sent_with_link(&s.desk, "路灯不亮").await;
    let mut found = 0;
    let mut limited = 0;
    for i in 0..10_000u32 {
        let guess = format!("{:0>22}", format!("{:x}", i.wrapping_mul(2_654_435_761)));
        let a = send(
            &s.app,
            from(
                [192, 0, 2, 9],
                Request::get(format!("/r/{guess}"))
                    .body(Body::empty())
                    .expect("request"),
            ),
        )
        .await;
        match a.status {
            StatusCode::OK => found += 1,
            StatusCode::TOO_MANY_REQUESTS => limited += 1,
            _ => {}
        }
    }
    assert_eq!(found, 0);
    assert!(
        limited >= 9_900,
        "only {limited} of 10,000 guesses were stopped"
    );
    // Another address is not held up by the guesser, and the real link still works.
    assert_eq!(
        send(&s.app, get(&format!("/r/{r}"))).await.status,
        StatusCode::OK
    );
    // Too large a body is refused before anything is read into the case.
    let big = format!("note={}", "a".repeat(20_000));
    let a = send(&s.app, post(&format!("/r/{r}/go"), &big)).await;
    assert_eq!(a.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_strict("413", &a);
    // A note over its limit is named, with the fix.
    send(&s.app, post(&format!("/r/{r}/arrived"), "")).await;
    let long = format!("note={}", "很".repeat(501));
    let a = send(&s.app, post(&format!("/r/{r}/done"), &long)).await;
    assert_eq!(a.status, StatusCode::BAD_REQUEST);
    assert!(
        a.body.contains("note: 501 characters; at most 500"),
        "{}",
        a.body
    );
    assert_eq!(
        s.desk.case(&number).await.expect("case").state,
        State::OnScene
    );
    // The assets carry the same headers and are the desk's own; a page with both is under
    // 30 KB on the wire.
    let mut weight = send(&s.app, get(&format!("/r/{r}"))).await.body.len();
    for path in ["/assets/app.css", "/assets/app.js"] {
        let a = send(&s.app, get(path)).await;
        assert_eq!(a.status, StatusCode::OK, "{path}");
        assert_strict(path, &a);
        assert!(
            !a.body.contains("http://") && !a.body.contains("https://"),
            "{path}"
        );
        weight += a.body.len();
    }
    assert!(
        weight <= 30 * 1024,
        "the responder's page weighs {weight} bytes"
    );
}

/// On the shared database a community's server opens its own community's links only: row
/// security hides the other's, and the answer is the same 404 as for any unknown token.
#[tokio::test]
async fn on_the_shared_database_a_communitys_token_never_reaches_another_community() {
    use crate::common::pg::SharedDb;
    let Some(db) = SharedDb::new("web_two_communities") else {
        return;
    };
    let xinlian = db.community("xinlian").await;
    let yongfeng = db.community("yongfeng").await;
    let ours = Arc::new(db.desk(&xinlian, "xinlian").await);
    let theirs = db.desk(&yongfeng, "yongfeng").await;
    let (mine, r) = sent_with_link(&ours, "路灯不亮").await;
    let (other, foreign) = sent_with_link(&theirs, "井盖缺失").await;
    let app = router(Web::new(ours.clone(), Lang::En));
    assert_eq!(
        send(&app, get(&format!("/r/{r}"))).await.status,
        StatusCode::OK
    );
    let a = send(&app, get(&format!("/r/{foreign}"))).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    let a = send(&app, post(&format!("/r/{foreign}/arrived"), "")).await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(theirs.case(&other).await.expect("case").arrival.is_none());
    assert_eq!(
        said(&send(&app, post(&format!("/r/{r}/arrived"), "")).await),
        "recorded"
    );
    let case = ours.case(&mine).await.expect("case");
    assert_eq!(case.arrival.map(|a| a.how), Some(ArrivalHow::Phone));
    // Each community's board reads its own links only.
    let board = ours.snapshot(Utc::now()).await.expect("board");
    assert_eq!(
        board
            .links
            .iter()
            .map(|l| l.case.as_str())
            .collect::<Vec<_>>(),
        [mine.as_str()]
    );
    // Another desk of the same community moves a case or notes it: the next page says so,
    // however soon, though pages are kept while nothing changes.
    let same = db.desk(&xinlian, "xinlian").await;
    for round in 0..20 {
        let (number, t) = sent_with_link(&ours, "路灯不亮").await;
        let reporter = ours
            .make_link(&number, LinkRole::Reporter, Utc::now())
            .await
            .expect("reporter's link");
        for _ in 0..2 {
            let page = send(&app, get(&format!("/r/{t}"))).await;
            assert!(page.body.contains("On my way"), "{}", page.body);
            let page = send(&app, get(&format!("/c/{reporter}"))).await;
            assert!(!page.body.contains("换了灯泡"), "{}", page.body);
        }
        arrived_elsewhere(&same, &number).await;
        let page = send(&app, get(&format!("/r/{t}"))).await;
        assert_next_step_is_done(&page.body, round);
        let note = Action::Note {
            text: format!("换了灯泡 {round}"),
            public: true,
        };
        let now = Utc::now();
        same.act(&number, &note, now, now).await.expect("note");
        let page = send(&app, get(&format!("/c/{reporter}"))).await;
        assert!(
            page.body.contains(&format!("换了灯泡 {round}")),
            "round {round}: {}",
            page.body
        );
    }
    same.close().await;
    theirs.close().await;
}

/// The public board (serve.public): open medium and big matters with their public notes and
/// today's figures, never a name, phone or private note or a small matter; off: the same 404.
/// Its event stream says "change" when any desk commits.
#[tokio::test]
async fn the_public_board_shows_what_the_bulletin_may_and_says_when_it_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("desk.db");
    let off = Arc::new(Desk::open(&db, Config::default()).await.expect("open"));
    let app = router(Web::new(off.clone(), Lang::En));
    assert_eq!(send(&app, get("/")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(
        send(&app, get("/events")).await.status,
        StatusCode::NOT_FOUND
    );

    let config =
        Config::parse(std::path::Path::new("t.toml"), "[serve]\npublic = true\n").expect("config");
    let desk = Arc::new(Desk::open(&db, config).await.expect("open"));
    let app = router(Web::new(desk.clone(), Lang::En));
    let now = Utc::now();
    let mut medium = cases::streetlight(now - Duration::minutes(30));
    medium.tier = dutydesk::domain::Tier::Medium;
    medium.summary = "路灯整排不亮".into();
    medium.reporter = Some("李四".into());
    medium.phone = Some("13800001234".into());
    let medium = desk.report(&medium, now).await.expect("report");
    let small = dispatched(&desk, "井盖松动").await;
    for (text, public) in [
        ("明早施工更换线路", true),
        ("李四的邻居说是电缆被偷", false),
    ] {
        let note = Action::Note {
            text: text.into(),
            public,
        };
        desk.act(&medium.number, &note, now, now)
            .await
            .expect("note");
    }
    let page = send(&app, get("/")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_strict("board", &page);
    assert!(page.body.contains(&medium.number) && page.body.contains("明早施工更换线路"));
    assert!(!page.body.contains(&small), "a small matter on the board");
    for private in ["李四", "13800001234", "电缆被偷"] {
        assert!(
            !page.body.contains(private),
            "{private} on the public board"
        );
    }
    assert!(page.body.contains("reported 2"), "{}", page.body);
    let big = send(&app, get("/?big=1")).await;
    assert!(big.body.contains("board big"));
    assert!(
        big.body.contains("http-equiv=\"refresh\""),
        "refreshes without scripts"
    );
    // The event stream: another desk's commit is a "change".
    let res = app
        .clone()
        .oneshot(get("/events"))
        .await
        .expect("an answer");
    assert_eq!(
        res.headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok()),
        Some("text/event-stream")
    );
    let mut body = res.into_body().into_data_stream();
    let other = Desk::open(&db, Config::default())
        .await
        .expect("another desk");
    let wait = tokio::spawn(async move {
        use futures::StreamExt;
        let mut seen = String::new();
        while let Some(Ok(chunk)) = body.next().await {
            seen.push_str(&String::from_utf8_lossy(&chunk));
            if seen.contains("event: change") {
                return seen;
            }
        }
        seen
    });
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    other
        .act(
            &medium.number,
            &Action::Note {
                text: "x".into(),
                public: true,
            },
            now,
            now,
        )
        .await
        .expect("another desk's note");
    let seen = tokio::time::timeout(std::time::Duration::from_secs(5), wait)
        .await
        .expect("a change within 5 s")
        .expect("the stream");
    assert!(seen.contains("event: change"), "{seen}");
}

/// The command line gives the links: `report --link` the reporter's after the number, and on
/// a desk that gives links (`serve.public_url`) `dispatch` the responder's; `link` a new one
/// each time, refused with the fix before anyone is sent.
#[test]
fn the_command_line_prints_the_links() {
    let desk = crate::common::Desk::new();
    let config = desk.dir.path().join("links.toml");
    std::fs::write(
        &config,
        "[serve]\npublic_url = \"https://desk.xinlian.example/\"\n",
    )
    .expect("config");
    let c = config.display().to_string();
    let out = desk.ok(&[
        "--config",
        &c,
        "report",
        "--grid",
        "1",
        "--category",
        "facility.streetlight",
        "--channel",
        "hotline",
        "--place",
        "新联街",
        "--link",
        "路灯不亮",
    ]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    let number = lines[0];
    assert!(
        lines[1].starts_with("https://desk.xinlian.example/c/"),
        "{out}"
    );
    let refused = desk.fails(2, &["--config", &c, "link", number]);
    assert!(refused.contains("dispatch someone first"), "{refused}");
    let out = desk.ok(&["--config", &c, "dispatch", number, "--to", "张丽"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[1].starts_with("https://desk.xinlian.example/r/"),
        "{out}"
    );
    let again = desk.ok(&["--config", &c, "link", number]);
    assert!(again.trim().starts_with("https://desk.xinlian.example/r/"));
    assert_ne!(again.trim(), lines[1], "a new link each time");
    // A desk without public_url dispatches as before: the state, no link.
    let plain = desk.report(&[]);
    let out = desk.ok(&["dispatch", &plain, "--to", "王建华"]);
    assert_eq!(out.trim(), format!("{plain} dispatched"));
}

/// TLS without a proxy (`serve.tls_cert`, `serve.tls_key`): the real server answers over
/// rustls, verified against the certificate's own authority; plain HTTP gets no page; a
/// key without its certificate is refused by name before anything listens.
#[test]
fn the_server_speaks_tls_when_given_a_certificate() {
    let desk = crate::common::Desk::new();
    let dir = desk.dir.path();
    let made = std::process::Command::new("openssl")
        .args([
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=localhost",
        ])
        .args(["-addext", "subjectAltName=IP:127.0.0.1"])
        .arg("-keyout")
        .arg(dir.join("key.pem"))
        .arg("-out")
        .arg(dir.join("cert.pem"))
        .output()
        .expect("openssl (apt-get install openssl; .ci/with-postgres installs it)");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let port = crate::common::free_port();
    let config = dir.join("tls.toml");
    std::fs::write(
        &config,
        format!(
            "[serve]\nlisten = \"127.0.0.1:{port}\"\ntls_cert = \"{}\"\ntls_key = \"{}\"\n",
            dir.join("cert.pem").display(),
            dir.join("key.pem").display()
        ),
    )
    .expect("config");
    let c = config.display().to_string();
    let mut server = desk
        .std_cmd()
        .args(["--config", &c, "serve"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("serve");
    let fetch = |scheme: &str| {
        std::process::Command::new("python3")
            .arg("-c")
            .arg(format!(
                "import ssl,urllib.request\nctx=ssl.create_default_context(cafile='{}')\ntry:\n  print(urllib.request.urlopen('{scheme}://127.0.0.1:{port}/assets/app.css', context=ctx, timeout=5).status)\nexcept Exception as e:\n  print('failed', type(e).__name__)",
                dir.join("cert.pem").display()
            ))
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let mut answer = String::new();
    for _ in 0..100 {
        answer = fetch("https");
        if answer == "200" {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let plain = fetch("http");
    let _ = server.kill();
    let _ = server.wait();
    assert_eq!(answer, "200", "over TLS");
    assert!(
        plain.starts_with("failed"),
        "plain HTTP on the TLS port: {plain}"
    );
    let links = desk.ok(&[
        "--config",
        &c,
        "link",
        &desk.report(&["--on-scene", "张丽"]),
    ]);
    assert!(
        links.starts_with(&format!("https://127.0.0.1:{port}/r/")),
        "{links}"
    );
    std::fs::write(&config, "[serve]\ntls_key = \"/nowhere/key.pem\"\n").expect("config");
    let refused = desk.fails(2, &["--config", &c, "serve"]);
    assert!(
        refused.contains("serve.tls_key: serve.tls_cert and serve.tls_key go together"),
        "{refused}"
    );
}
