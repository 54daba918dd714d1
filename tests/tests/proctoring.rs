//! Proctor actions over HTTP: extend one candidate or everyone, hand a paper in for them,
//! void it, mark a candidate absent or admit them late; each with a reason, allowed only
//! where it makes sense, by proctors and staff, and audited.

use app::auth::Role;
use serde_json::json;
use tests::fixture;
use tests::{Client, TestApp};

async fn act(
    proctor: &Client,
    candidate: i64,
    action: &str,
    minutes: &str,
    reason: &str,
) -> tests::Reply {
    proctor
        .form(
            "/api/sittings/proctor",
            &[
                ("candidate_id", &candidate.to_string()),
                ("action", action),
                ("minutes", minutes),
                ("reason", reason),
                ("confirm", "1"),
            ],
        )
        .await
}

/// The sitting page's rows: (candidate id, status, extended minutes) by ticket.
async fn row(staff: &Client, sitting: i64, ticket: &str) -> (i64, String, i64) {
    let detail = fixture::sitting_detail(staff, sitting).await;
    let c = detail["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["ticket_number"] == json!(ticket))
        .cloned()
        .expect("row");
    (
        c["id"].as_i64().expect("id"),
        c["status"].as_str().expect("status").to_owned(),
        c["extended_minutes"].as_i64().expect("extended"),
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proctor_extends_hands_in_and_voids_papers_with_reasons_all_audited() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let grader = app.staff(app.city(), Role::Grader).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let (t1, c1) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let (t2, c2) = fixture::enrol(&staff, sitting, "李秀兰", "110105194912310046").await;
    let (first, attempt) = fixture::candidate_started(&app, &t1, &c1).await;
    let (second, second_attempt) = fixture::candidate_started(&app, &t2, &c2).await;
    let (id1, _, _) = row(&staff, sitting, &t1).await;
    let (id2, _, _) = row(&staff, sitting, &t2).await;

    let clock = |client: &Client, attempt: i64| {
        let client = client.clone();
        async move {
            client
                .json("/api/exam/clock", &json!({ "attempt_id": attempt }))
                .await
                .ok()["remaining_ms"]
                .as_i64()
                .expect("remaining")
        }
    };
    let before = clock(&first, attempt).await;
    assert_eq!(act(&grader, id1, "extend", "10", "停电").await.status, 403);
    let no_reason = act(&proctor, id1, "extend", "10", " ").await;
    assert_eq!(no_reason.status, 409, "{}", no_reason.body);
    assert!(
        no_reason.body.contains("请填写延长时间的原因"),
        "{}",
        no_reason.body
    );
    let too_long = act(&proctor, id1, "extend", "90", "停电").await;
    assert!(too_long.body.contains("1至60分钟"), "{}", too_long.body);
    act(&proctor, id1, "extend", "10", "考场停电十分钟")
        .await
        .ok();
    let after = clock(&first, attempt).await;
    assert!(
        after - before > 9 * 60_000,
        "the candidate's clock gains ten minutes: {before} → {after}"
    );
    assert_eq!(row(&staff, sitting, &t1).await.2, 10);

    // Everyone still writing gains five more.
    let everyone = staff
        .form(
            "/api/sittings/extend-all",
            &[
                ("sitting_id", &sitting.to_string()),
                ("minutes", "5"),
                ("reason", "消防演练"),
            ],
        )
        .await
        .ok();
    assert_eq!(everyone, json!(2));
    assert_eq!(row(&staff, sitting, &t1).await.2, 15);
    assert_eq!(row(&staff, sitting, &t2).await.2, 5);

    // Handed in for them: no later answer is taken.
    act(&proctor, id1, "force_submit", "", "考生身体不适，提前离场")
        .await
        .ok();
    assert_eq!(row(&staff, sitting, &t1).await.1, "Submitted");
    let late = fixture::save(&first, attempt, questions[0], json!({ "choices": [0] }), 1).await;
    assert_eq!(late.status, 409, "{}", late.body);
    let again = act(&proctor, id1, "force_submit", "", "重复").await;
    assert!(again.body.contains("已交卷"), "{}", again.body);

    // Voided: it no longer counts, and the candidate is told.
    act(&proctor, id2, "void", "", "发现替考").await.ok();
    assert_eq!(row(&staff, sitting, &t2).await.1, "Voided");
    let told = second.form("/api/exam/state", &[]).await.ok();
    assert_eq!(told["phase"], json!("Voided"));
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM attempts WHERE id = {second_attempt} AND voided_at IS NOT NULL AND finished_at IS NOT NULL"
        ))
        .await,
        1
    );
    let twice = act(&proctor, id2, "void", "", "再次").await;
    assert!(twice.body.contains("已作废"), "{}", twice.body);

    let audited = app
        .sql_i64(
            "SELECT COUNT(*) FROM audit_events WHERE action IN ('attempt.extend', 'sitting.extend_all', 'attempt.force_submit', 'attempt.void') AND reason IS NOT NULL",
        )
        .await;
    assert_eq!(audited, 4, "one audit row per action, with its reason");

    // The incident log lists them with the candidate and the reason, for this sitting only.
    let log = fixture::incidents(&proctor, sitting).await;
    let entries = log.as_array().expect("log");
    let extend = entries
        .iter()
        .find(|e| e["action"] == json!("attempt.extend"))
        .expect("the extension is logged");
    assert_eq!(extend["candidate"], json!("王建国"));
    assert_eq!(extend["reason"], json!("考场停电十分钟"));
    assert!(entries.iter().any(|e| e["action"] == json!("sitting.open")));
    let east = app.district("TC-E", "东区人大常委会").await;
    let outsider = app.staff(east, Role::Staff).await;
    assert_eq!(
        fixture::incidents(&outsider, sitting).await,
        json!([]),
        "another jurisdiction's staff see nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_proctor_sees_each_time_the_exam_page_lost_focus_and_where_the_login_came_from() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam {
        staff,
        sitting,
        candidate,
        attempt,
        ..
    } = fixture::started_exam(&app).await;
    for _ in 0..2 {
        candidate
            .json("/api/exam/focus-lost", &json!({ "attempt_id": attempt }))
            .await
            .ok();
    }
    let detail = fixture::sitting_detail(&staff, sitting).await;
    let c = &detail["candidates"][0];
    assert_eq!(c["focus_losses"], json!(2));
    assert_eq!(c["last_ip"], json!("127.0.0.1"));
    assert!(c["contact_ago_secs"].as_i64().is_some_and(|s| s < 60));
    assert!(c["remaining_ms"].as_i64().is_some_and(|ms| ms > 0));
    // Another candidate's attempt id counts nothing.
    let stranger = app.client();
    assert_eq!(
        stranger
            .json("/api/exam/focus-lost", &json!({ "attempt_id": attempt }))
            .await
            .status,
        401
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_latecomer_is_admitted_by_a_proctor_and_an_absentee_cannot_begin() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting_with(
        &staff,
        &questions,
        &[
            ("opens_at", &tests::cst_in(-30)),
            ("late_entry_minutes", "15"),
        ],
    )
    .await;
    app.sql(&format!(
        "UPDATE sittings SET opened_at = opens_at WHERE id = {sitting}"
    ))
    .await
    .expect("opened on time");
    let (late_ticket, late_code) =
        fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let (absent_ticket, absent_code) =
        fixture::enrol(&staff, sitting, "李秀兰", "110105194912310046").await;
    let (late_id, _, _) = row(&staff, sitting, &late_ticket).await;
    let (absent_id, _, _) = row(&staff, sitting, &absent_ticket).await;

    // Thirty minutes late, past the 15-minute limit: refused until a proctor admits them.
    let latecomer = fixture::candidate_login(&app, &late_ticket, &late_code).await;
    assert_eq!(latecomer.form("/api/exam/start", &[]).await.status, 409);
    act(&proctor, late_id, "admit_late", "", "交通管制，已核实")
        .await
        .ok();
    let started = latecomer.form("/api/exam/start", &[]).await.ok();
    assert!(started["phase"]["InProgress"]["attempt_id"].is_i64());
    let begun = act(&proctor, late_id, "mark_absent", "", "未到").await;
    assert!(begun.body.contains("已开始答题"), "{}", begun.body);

    act(&proctor, absent_id, "mark_absent", "", "开考30分钟未到")
        .await
        .ok();
    assert_eq!(row(&staff, sitting, &absent_ticket).await.1, "Absent");
    let absentee = fixture::candidate_login(&app, &absent_ticket, &absent_code).await;
    let refused = absentee.form("/api/exam/start", &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("记为缺考"), "{}", refused.body);

    // Only in an open sitting: after the close, only voiding is left.
    app.sql(&format!(
        "UPDATE attempts SET deadline_at = deadline_at - 7200000 WHERE candidate_id = {late_id}"
    ))
    .await
    .expect("time up");
    fixture::change_state(&staff, sitting, "close").await.ok();
    let closed = act(&proctor, late_id, "extend", "5", "补时").await;
    assert!(
        closed.body.contains("只有考试中的场次才能延长时间"),
        "{}",
        closed.body
    );
    act(&proctor, late_id, "void", "", "事后查实替考")
        .await
        .ok();
    assert_eq!(row(&staff, sitting, &late_ticket).await.1, "Voided");
}
