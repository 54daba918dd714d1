//! Who may do what: candidates, staff, jurisdictions, sessions, CSRF, throttling, audit.

use app::auth::Role;
use serde_json::json;
use tests::fixture;
use tests::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_cannot_read_or_write_another_candidates_attempt() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam {
        staff,
        questions: q,
        sitting,
        candidate: alice,
        attempt: alice_attempt,
    } = fixture::started_exam(&app).await;
    fixture::save(&alice, alice_attempt, q[0], json!({ "choices": [0] }), 1)
        .await
        .ok();
    let (ticket, code) = fixture::enrol(&staff, sitting, "李秀兰", "110101198001010010").await;
    let (bob, bob_attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    assert_ne!(alice_attempt, bob_attempt);

    assert_eq!(
        fixture::save(&bob, alice_attempt, q[0], json!({ "choices": [1] }), 9)
            .await
            .status,
        404
    );
    assert_eq!(
        bob.json("/api/exam/clock", &json!({ "attempt_id": alice_attempt }))
            .await
            .status,
        404
    );
    assert_eq!(
        bob.json("/api/exam/submit", &json!({ "attempt_id": alice_attempt }))
            .await
            .status,
        404
    );
    // Alice's attempt is untouched and Bob's state shows only Bob's paper.
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT seq FROM answers WHERE attempt_id = {alice_attempt}"
        ))
        .await,
        1
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM attempts WHERE id = {alice_attempt} AND finished_at IS NULL"
        ))
        .await,
        1
    );
    let bobs = bob.form("/api/exam/state", &[]).await.ok();
    assert_eq!(
        bobs["phase"]["InProgress"]["attempt_id"],
        json!(bob_attempt)
    );
    assert_eq!(bobs["phase"]["InProgress"]["answers"], json!([]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_or_reused_access_code_is_refused() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &q).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;

    let wrong = app.client().candidate_login(&ticket, "AAAA-AAAA").await;
    assert_eq!(wrong.status, 422, "{}", wrong.body);
    assert!(wrong.body.contains("不匹配"), "{}", wrong.body);

    // The ID-card number works as well as the ticket number.
    let first = app.client();
    first
        .candidate_login("11010519491231002x", &code)
        .await
        .ok();
    let reused = app.client().candidate_login(&ticket, &code).await;
    assert_eq!(reused.status, 409, "{}", reused.body);
    assert!(reused.body.contains("已经使用过"), "{}", reused.body);

    // A proctor's re-issued code works once; the old one stays dead.
    let candidate_id = fixture::sitting_detail(&staff, sitting).await["candidates"][0]["id"]
        .as_i64()
        .expect("id");
    let reissued = fixture::reissue_code(&staff, candidate_id, "换用备用电脑")
        .await
        .ok();
    let new_code = reissued["access_code"].as_str().expect("code").to_owned();
    assert_eq!(
        app.client().candidate_login(&ticket, &code).await.status,
        422
    );
    let started = first.form("/api/exam/start", &[]).await.ok();
    let attempt = started["phase"]["InProgress"]["attempt_id"].clone();
    let second = app.client();
    second.candidate_login(&ticket, &new_code).await.ok();
    // One active session: the other PC's login ends the first one, and the attempt goes on.
    let ended = first.form("/api/exam/state", &[]).await;
    assert_eq!(ended.status, 409, "{}", ended.body);
    assert!(ended.body.contains("另一台电脑"), "{}", ended.body);
    let resumed = second.form("/api/exam/state", &[]).await.ok();
    assert_eq!(resumed["phase"]["InProgress"]["attempt_id"], attempt);
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM candidates WHERE id = {candidate_id} AND session_generation = 2 AND last_ip = '127.0.0.1'"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_site_form_post_is_refused() {
    let app = TestApp::spawn().await;
    let (username, secret) = app.account(Role::Staff).await;
    let url = format!("{}/api/auth/login", app.base);
    let form = [
        ("username", username.as_str()),
        ("password", secret.as_str()),
    ];
    let plain = reqwest::Client::new();
    for origin in [Some("http://evil.example"), Some("null"), None] {
        let mut request = plain.post(&url).form(&form);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        let reply = request.send().await.expect("sent");
        assert_eq!(reply.status().as_u16(), 403, "origin {origin:?}");
    }
    let spoofed_referer = plain
        .post(&url)
        .form(&form)
        .header("referer", "http://evil.example/page")
        .send()
        .await
        .expect("sent");
    assert_eq!(spoofed_referer.status().as_u16(), 403);
    let fetch_cross_site = plain
        .post(&url)
        .form(&form)
        .header("origin", app.base.as_str())
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .expect("sent");
    assert_eq!(fetch_cross_site.status().as_u16(), 403);
    // The same form from this site's own page goes through.
    assert_eq!(
        app.client().form("/api/auth/login", &form).await.status,
        200
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_session_id_changes_at_login_and_the_old_one_stops_working() {
    let app = TestApp::spawn().await;
    let (username, secret) = app.account(Role::Admin).await;
    let url = format!("{}/api/auth/login", app.base);
    let login = |cookie: Option<String>| {
        let mut request = reqwest::Client::new()
            .post(&url)
            .header("origin", app.base.as_str())
            .form(&[
                ("username", username.as_str()),
                ("password", secret.as_str()),
            ]);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        request.send()
    };
    let session_cookie = |reply: &reqwest::Response| {
        reply
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|c| c.starts_with("renqian_session="))
            .map(|c| c.split(';').next().unwrap_or_default().to_owned())
    };
    let first = login(None).await.expect("sent");
    let first_cookie = session_cookie(&first).expect("a session cookie");
    let set_cookie = first
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    assert!(
        set_cookie.contains("httponly") && set_cookie.contains("samesite=lax"),
        "{set_cookie}"
    );
    let second = login(Some(first_cookie.clone())).await.expect("sent");
    let second_cookie = session_cookie(&second).expect("a new session cookie");
    assert_ne!(first_cookie, second_cookie, "the id is cycled at login");
    let whoami = |cookie: String| {
        reqwest::Client::new()
            .post(format!("{}/api/auth/whoami", app.base))
            .header("origin", app.base.as_str())
            .header("cookie", cookie)
            .send()
    };
    assert_eq!(
        whoami(first_cookie)
            .await
            .expect("sent")
            .text()
            .await
            .unwrap_or_default(),
        "null",
        "the old id is gone"
    );
    assert!(whoami(second_cookie)
        .await
        .expect("sent")
        .text()
        .await
        .unwrap_or_default()
        .contains("Staff"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_passwords_lock_the_login_for_fifteen_minutes() {
    let app = TestApp::spawn().await;
    let (username, secret) = app.account(Role::Staff).await;
    let client = app.client();
    for _ in 0..5 {
        assert_eq!(client.login(&username, "wrong-password").await.status, 422);
    }
    let locked = client
        .http()
        .post(format!("{}/api/auth/login", app.base))
        .form(&[("username", &username), ("password", &secret)])
        .send()
        .await
        .expect("sent");
    assert_eq!(locked.status().as_u16(), 429);
    assert_eq!(
        locked
            .headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("900")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_only_their_own_jurisdiction_and_below_and_roles_limit_actions() {
    let app = TestApp::spawn().await;
    let east = app.district("TC-E", "东区人大常委会").await;
    let west = app.district("TC-W", "西区人大常委会").await;
    let city_staff = app.staff(app.city(), Role::Staff).await;
    let city_questions = fixture::questions(&city_staff).await;
    // A district uses the city's bank.
    let east_staff = app.staff(east, Role::Staff).await;
    let east_sitting = fixture::sitting(&east_staff, &city_questions).await;
    let detail = [("sitting_id", east_sitting.to_string())];
    let detail: Vec<(&str, &str)> = detail.iter().map(|(k, v)| (*k, v.as_str())).collect();

    let west_staff = app.staff(west, Role::Staff).await;
    assert_eq!(
        west_staff
            .form("/api/sittings/detail", &detail)
            .await
            .status,
        404,
        "another district's sitting is invisible"
    );
    assert_eq!(
        west_staff
            .form(
                "/api/sittings/enrol",
                &[
                    ("sitting_id", &east_sitting.to_string()),
                    ("name", "甲"),
                    ("id_card", "11010519491231002X")
                ]
            )
            .await
            .status,
        404
    );
    assert!(west_staff
        .form("/api/sittings/list", &[])
        .await
        .ok()
        .as_array()
        .is_some_and(Vec::is_empty));
    city_staff.form("/api/sittings/detail", &detail).await.ok();

    // A district's own questions are not the city's to use.
    let east_question = east_staff
        .form(
            "/api/bank/add",
            &[
                ("bank", "common"),
                ("kind", "true_false"),
                ("stem", "东区自有试题"),
                ("key", "正确"),
                ("difficulty", "1"),
                ("law", "constitution"),
                ("article", "1"),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("id");
    let city_sitting_with_east_question = city_staff
        .form(
            "/api/sittings/create",
            &[
                ("title", "t"),
                ("opens_at", &tests::cst_in(0)),
                ("closes_at", &tests::cst_in(120)),
                ("duration_minutes", "60"),
                ("pass_mark", "0"),
                ("paper_mode", "fixed"),
                ("points_each", "10"),
                (
                    &format!("question_ids[{east_question}]"),
                    &east_question.to_string(),
                ),
            ],
        )
        .await;
    assert_eq!(
        city_sitting_with_east_question.status, 422,
        "{}",
        city_sitting_with_east_question.body
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM sittings WHERE title = 't'")
            .await,
        0,
        "nothing half-written"
    );

    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(
        proctor
            .form(
                "/api/bank/add",
                &[
                    ("bank", "common"),
                    ("kind", "true_false"),
                    ("stem", "x"),
                    ("key", "正确"),
                    ("difficulty", "1"),
                    ("law", "constitution"),
                    ("article", "1")
                ]
            )
            .await
            .status,
        403
    );
    assert_eq!(proctor.form("/api/audit/list", &[]).await.status, 403);
    proctor.form("/api/sittings/detail", &detail).await.ok();
    let grader = app.staff(app.city(), Role::Grader).await;
    let unlock = |client: &tests::Client| {
        let client = client.clone();
        async move {
            client
                .form(
                    "/api/sittings/reissue-code",
                    &[("candidate_id", "1"), ("reason", "换机")],
                )
                .await
                .status
        }
    };
    assert_eq!(unlock(&grader).await, 403, "a grader does not unlock a PC");
    assert_ne!(unlock(&proctor).await, 403, "a proctor may");
    assert_eq!(
        app.client().form("/api/sittings/list", &[]).await.status,
        401
    );
    // A candidate is not staff.
    let (ticket, code) =
        fixture::enrol(&city_staff, east_sitting, "王建国", "11010519491231002X").await;
    let (candidate, _) = fixture::candidate_started(&app, &ticket, &code).await;
    assert_eq!(candidate.form("/api/sittings/list", &[]).await.status, 401);
    assert_eq!(candidate.form("/api/bank/list", &[]).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_action_is_audited_and_the_audit_log_cannot_be_rewritten() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam { staff, sitting, .. } = fixture::started_exam(&app).await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let events = admin.form("/api/audit/list", &[]).await.ok();
    let actions: Vec<&str> = events
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in [
        "question.create",
        "sitting.create",
        "candidate.enrol",
        "user.create",
    ] {
        assert!(
            actions.contains(&action),
            "{action} missing from {actions:?}"
        );
    }
    let enrol = events
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["action"] == "candidate.enrol")
        .expect("enrol event");
    assert!(enrol["detail"]
        .as_str()
        .unwrap_or_default()
        .contains(&format!("\"sitting_id\":{sitting}")));
    assert!(
        enrol["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("1101**********002X"),
        "ID numbers are masked in the log"
    );
    drop(staff);
    assert!(
        app.sql("UPDATE audit_events SET actor = 'someone else'")
            .await
            .is_err(),
        "no update"
    );
    assert!(
        app.sql("DELETE FROM audit_events").await.is_err(),
        "no delete"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_gets_a_translated_message_naming_the_field() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let reply = staff
        .form(
            "/api/bank/add",
            &[
                ("bank", "common"),
                ("kind", "single_choice"),
                ("stem", "题干"),
                ("options", "甲\n乙\n丙"),
                ("key", "AB"),
                ("difficulty", "2"),
                ("law", "constitution"),
                ("article", "2"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422);
    let error = reply.json();
    assert_eq!(error["Invalid"]["field"], json!("key"));
    assert_eq!(
        error["Invalid"]["zh"],
        json!("单选题必须恰好有一个正确答案，当前为2个")
    );
    assert_eq!(
        error["Invalid"]["en"],
        json!("a single-choice question needs exactly one key; it has 2")
    );
    let id = staff
        .form(
            "/api/sittings/enrol",
            &[
                ("sitting_id", "1"),
                ("name", "王建国"),
                ("id_card", "110105194912310021"),
            ],
        )
        .await;
    assert_eq!(id.json()["Invalid"]["field"], json!("id_card"));
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM questions").await, 0);
}
