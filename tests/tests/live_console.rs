//! The proctor console's live feed (server-sent events) and the second-login policy, over
//! HTTP: the stream follows a candidate without a reload and serves only staff who may see
//! the sitting; a second login with a used access code is refused or, by configuration,
//! ends the earlier session, and either way it is in the incident log.

use app::auth::Role;
use serde_json::{json, Value};
use server::config::SecondLoginPolicy;
use tests::fixture;
use tests::{Client, TestApp};

/// Reads the console's event stream until `wanted` holds for a snapshot (at most 15 s).
async fn until_event(
    staff: &Client,
    base: &str,
    sitting: i64,
    wanted: impl Fn(&Value) -> bool,
) -> Value {
    let mut response = staff
        .http()
        .get(format!("{base}/staff/sittings/{sitting}/console/events"))
        .header("accept", "text/event-stream")
        .send()
        .await
        .expect("stream opens");
    assert_eq!(response.status(), 200);
    assert_eq!(
        response.headers()["content-type"].to_str().expect("type"),
        "text/event-stream"
    );
    let mut buffer = String::new();
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(15);
    loop {
        let chunk = tokio::time::timeout_at(deadline, response.chunk())
            .await
            .expect("a matching event within 15 s")
            .expect("stream readable")
            .expect("stream still open");
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = buffer.find("\n\n") {
            let event: String = buffer.drain(..end + 2).collect();
            for data in event.lines().filter_map(|l| l.strip_prefix("data:")) {
                let snapshot: Value = serde_json::from_str(data.trim()).expect("JSON snapshot");
                if wanted(&snapshot) {
                    return snapshot;
                }
            }
        }
    }
}

fn row<'a>(snapshot: &'a Value, ticket: &str) -> &'a Value {
    snapshot["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["ticket_number"] == json!(ticket))
        .expect("the candidate's row")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_stream_follows_a_candidate_as_they_answer_and_hand_in() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &q).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;

    let first = until_event(&proctor, &app.base, sitting, |s| {
        row(s, &ticket)["status"] == json!("NotStarted")
    })
    .await;
    assert_eq!(row(&first, &ticket)["answered"], json!(0));

    let (candidate, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    fixture::save(&candidate, attempt, q[0], json!({ "choices": [0] }), 1)
        .await
        .ok();
    let answered = until_event(&proctor, &app.base, sitting, |s| {
        row(s, &ticket)["answered"] == json!(1)
    })
    .await;
    assert_eq!(row(&answered, &ticket)["status"], json!("InProgress"));
    assert!(
        row(&answered, &ticket)["remaining_ms"]
            .as_i64()
            .expect("time left")
            > 0
    );

    candidate
        .json("/api/exam/submit", &json!({ "attempt_id": attempt }))
        .await
        .ok();
    until_event(&proctor, &app.base, sitting, |s| {
        row(s, &ticket)["status"] == json!("Submitted")
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_staff_who_may_see_the_sitting_get_its_console_stream() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let district = app.district("TD", "测试区人大常委会").await;
    let outsider = app.staff(district, Role::Staff).await;
    let candidate = fixture::candidate_login(&app, &ticket, &code).await;
    let path = format!("/staff/sittings/{sitting}/console/events");
    for (who, client) in [
        ("a district's staff", &outsider),
        ("a candidate", &candidate),
        ("nobody", &app.client()),
    ] {
        let response = client
            .http()
            .get(format!("{}{path}", app.base))
            .send()
            .await
            .expect("answered");
        let status = response.status().as_u16();
        assert!(
            matches!(status, 303 | 403 | 404),
            "{who} got {status} for another's console stream"
        );
        assert_ne!(
            response
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok()),
            Some("text/event-stream"),
            "{who} got a stream"
        );
    }
}

/// The incident log's actions for the sitting.
async fn incident_actions(staff: &Client, sitting: i64) -> Vec<String> {
    fixture::incidents(staff, sitting)
        .await
        .as_array()
        .expect("incidents")
        .iter()
        .map(|i| {
            format!(
                "{} {}",
                i["action"].as_str().unwrap_or(""),
                i["reason"].as_str().unwrap_or("")
            )
        })
        .collect()
}

/// A sitting with one candidate logged in and started: (staff, sitting, ticket, code, their client).
async fn one_started(app: &TestApp) -> (Client, i64, String, String, Client) {
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let (first, _attempt) = fixture::candidate_started(app, &ticket, &code).await;
    (staff, sitting, ticket, code, first)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_login_with_a_used_code_is_refused_and_logged() {
    let app = TestApp::spawn().await;
    let (staff, sitting, ticket, code, first) = one_started(&app).await;
    let again = app.client().candidate_login(&ticket, &code).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(again.body.contains("已经使用过"), "{}", again.body);
    let log = incident_actions(&staff, sitting).await;
    assert!(
        log.iter()
            .any(|a| a.starts_with("candidate.login_refused IP 127.0.0.1")),
        "{log:?}"
    );
    // The first session goes on.
    first.form("/api/exam/state", &[]).await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn configured_to_evict_a_second_login_ends_the_first_session_and_is_logged() {
    let app = TestApp::spawn()
        .await
        .restart_with(|c| c.second_login = SecondLoginPolicy::Evict)
        .await;
    let (staff, sitting, ticket, code, first) = one_started(&app).await;
    let second = fixture::candidate_login(&app, &ticket, &code).await;
    // The attempt goes on in the new session; the old one is told it ended.
    let state = second.form("/api/exam/start", &[]).await.ok();
    assert!(
        state["phase"]["InProgress"]["attempt_id"]
            .as_i64()
            .is_some(),
        "{state}"
    );
    let ended = first.form("/api/exam/state", &[]).await;
    assert_eq!(ended.status, 409, "{}", ended.body);
    let log = incident_actions(&staff, sitting).await;
    assert!(
        log.iter()
            .any(|a| a.starts_with("candidate.login_evicted IP 127.0.0.1")),
        "{log:?}"
    );
    assert!(
        !log.iter().any(|a| a.starts_with("candidate.login_refused")),
        "{log:?}"
    );
}

/// Instances that share one PostgreSQL server tell each other which sittings changed
/// (LISTEN/NOTIFY), so a console served by one follows saves made through another; on
/// SQLite (one instance) the marks stay in the process. Marks of other sittings wake no
/// one, and a lost mark costs only time (the console reads every few seconds anyway).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_change_marked_on_one_instance_wakes_the_consoles_of_another() {
    let url = tests::fresh_database_url().await;
    let one = server::db::Db::connect(&url).await.expect("connect");
    one.migrate().await.expect("migrate");
    let one = one.told_across_instances();
    let other = server::db::Db::connect(&url)
        .await
        .expect("connect")
        .told_across_instances();
    let mut watching = other.changes().watch(7);
    let mut elsewhere = other.changes().watch(8);
    if tests::backend() != "postgres" {
        one.changes().mark(7);
        assert!(
            !watching.has_changed().expect("open"),
            "SQLite: one instance"
        );
        other.changes().mark(7);
        assert!(watching.has_changed().expect("open"));
        return;
    }
    // The listener connects in the background: mark until the other instance hears it.
    let heard = tokio::time::timeout(std::time::Duration::from_secs(20), async {
        loop {
            one.changes().mark(7);
            if tokio::time::timeout(std::time::Duration::from_millis(500), watching.changed())
                .await
                .is_ok()
            {
                return;
            }
        }
    })
    .await;
    assert!(heard.is_ok(), "the other instance heard the mark");
    assert!(
        !elsewhere.has_changed().expect("open"),
        "another sitting's console is not woken"
    );
    elsewhere.mark_unchanged();
}
