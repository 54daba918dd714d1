//! The exam loop over HTTP, on whichever backend the run selects.

use app::auth::Role;
use serde_json::{json, Value};
use tests::fixture::{self, EXPLANATION_MARKER};
use tests::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_set_up_a_sitting_and_a_candidate_answers_resumes_and_hands_in_and_staff_see_the_score(
) {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &q).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    assert_eq!(ticket.len(), 12);

    let candidate = app.client();
    candidate
        .candidate_login(&ticket, &code.to_lowercase())
        .await
        .ok();
    assert_eq!(
        candidate.form("/api/exam/state", &[]).await.ok()["phase"],
        json!("Ready")
    );
    let started = candidate.form("/api/exam/start", &[]).await.ok();
    let paper = &started["phase"]["InProgress"];
    let attempt = paper["attempt_id"].as_i64().expect("attempt");
    let remaining = paper["remaining_ms"].as_i64().expect("remaining");
    assert!(
        (59 * 60_000..=60 * 60_000).contains(&remaining),
        "60-minute exam, {remaining} ms left"
    );
    assert_eq!(paper["questions"].as_array().map(Vec::len), Some(3));

    // Right, right, wrong: 20 of 30 points, pass mark 20.
    fixture::save(&candidate, attempt, q[0], json!({ "choices": [0] }), 1)
        .await
        .ok();
    fixture::save(&candidate, attempt, q[1], json!({ "choices": [0] }), 2)
        .await
        .ok();
    fixture::save(&candidate, attempt, q[1], json!({ "choices": [0, 1] }), 3)
        .await
        .ok();
    fixture::save(&candidate, attempt, q[2], json!({ "judgement": true }), 4)
        .await
        .ok();

    // Starting again (another tab, a reload) resumes the same attempt with every answer.
    let resumed = candidate.form("/api/exam/start", &[]).await.ok();
    let resumed = &resumed["phase"]["InProgress"];
    assert_eq!(resumed["attempt_id"].as_i64(), Some(attempt));
    assert_eq!(resumed["last_seq"].as_i64(), Some(4));
    let answers: Vec<(i64, Value)> = resumed["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| (a["question_id"].as_i64().unwrap_or(0), a["answer"].clone()))
        .collect();
    assert!(
        answers.contains(&(q[1], json!({ "choices": [0, 1] }))),
        "{answers:?}"
    );
    assert_eq!(answers.len(), 3);

    let handed_in = candidate
        .json("/api/exam/submit", &json!({ "attempt_id": attempt }))
        .await
        .ok();
    assert_eq!(handed_in["phase"]["Finished"]["timed_out"], json!(false));

    let detail = fixture::sitting_detail(&staff, sitting).await;
    let row = &detail["candidates"][0];
    assert_eq!(row["status"], json!("Submitted"));
    assert_eq!(row["score"], json!(20));
    assert_eq!(row["passed"], json!(true));
    assert_eq!(row["answered"], json!(3));
}

/// Every key in a JSON document, recursively.
fn keys(value: &Value, into: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                into.push(k.clone());
                keys(v, into);
            }
        }
        Value::Array(items) => items.iter().for_each(|v| keys(v, into)),
        _ => {}
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_answer_key_explanation_or_score_reaches_the_candidate_in_any_response() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let mut bodies = vec![
        exam.candidate.form("/api/exam/state", &[]).await,
        exam.candidate.form("/api/exam/start", &[]).await,
        exam.save(0, json!({ "choices": [1] }), 1).await,
        exam.candidate
            .json("/api/exam/clock", &json!({ "attempt_id": exam.attempt }))
            .await,
        exam.candidate.form("/api/auth/whoami", &[]).await,
        exam.submit().await,
        exam.candidate.form("/api/exam/state", &[]).await,
    ];
    // The server-rendered page, with its hydration data, before and after handing in.
    bodies.push(exam.candidate.get("/exam").await);
    for reply in &bodies {
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert!(
            !reply.body.contains(EXPLANATION_MARKER),
            "explanation leaked: {}",
            reply.body
        );
        assert!(
            !reply.body.contains("answer_key"),
            "key leaked: {}",
            reply.body
        );
        if let Ok(json) = serde_json::from_str::<Value>(&reply.body) {
            let mut found = Vec::new();
            keys(&json, &mut found);
            for forbidden in [
                "key",
                "explanation",
                "score",
                "passed",
                "possible",
                "citation",
            ] {
                assert!(
                    !found.iter().any(|k| k == forbidden),
                    "field {forbidden} in {}",
                    reply.body
                );
            }
        }
    }
    // Staff, by contrast, do see the key.
    let staff = app.staff(app.city(), Role::Staff).await;
    assert!(staff
        .form("/api/bank/list", &[])
        .await
        .ok()
        .to_string()
        .contains(EXPLANATION_MARKER));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_late_or_duplicated_save_never_overwrites_a_newer_answer() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let newer = exam.save(0, json!({ "choices": [2] }), 7).await.ok();
    assert_eq!(newer["applied"], json!(true));
    let older = exam.save(0, json!({ "choices": [0] }), 5).await.ok();
    assert_eq!(older["applied"], json!(false));
    let replay = exam.save(0, json!({ "choices": [0] }), 7).await.ok();
    assert_eq!(replay["applied"], json!(false));
    let state = exam.candidate.form("/api/exam/state", &[]).await.ok();
    assert_eq!(
        state["phase"]["InProgress"]["answers"][0]["answer"],
        json!({ "choices": [2] })
    );
    assert_eq!(state["phase"]["InProgress"]["last_seq"], json!(7));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_that_does_not_fit_its_question_is_refused() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    assert_eq!(
        exam.save(0, json!({ "choices": [0, 1] }), 1).await.status,
        422,
        "two choices on a single-choice question"
    );
    assert_eq!(
        exam.save(2, json!({ "choices": [0] }), 2).await.status,
        422,
        "a choice on a true/false question"
    );
    assert_eq!(
        exam.save(1, json!({ "choices": [9] }), 3).await.status,
        422,
        "an option that does not exist"
    );
    assert_eq!(
        fixture::save(
            &exam.candidate,
            exam.attempt,
            999_999,
            json!({ "choices": [0] }),
            4
        )
        .await
        .status,
        404,
        "a question not on the paper"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_answer_sent_after_handing_in_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let attempt = exam.attempt;
    exam.save(0, json!({ "choices": [0] }), 1).await.ok();
    exam.submit().await.ok();
    let late = exam.save(0, json!({ "choices": [1] }), 2).await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("答卷已提交"), "{}", late.body);
    let detail = fixture::sitting_detail(&exam.staff, exam.sitting).await;
    assert_eq!(detail["candidates"][0]["score"], json!(10));
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM answers WHERE attempt_id = {attempt} AND seq = 2"
        ))
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_submits_and_saves_from_two_tabs_finalize_exactly_once() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let attempt = exam.attempt;
    let mut tasks = Vec::new();
    for i in 0..10 {
        let c = exam.candidate.clone();
        tasks.push(tokio::spawn(async move {
            (
                None,
                c.json("/api/exam/submit", &json!({ "attempt_id": attempt }))
                    .await,
            )
        }));
        let c = exam.candidate.clone();
        let question = exam.questions[i % 3];
        let answer = [
            json!({ "choices": [0] }),
            json!({ "choices": [0, 1] }),
            json!({ "judgement": false }),
        ][i % 3]
            .clone();
        tasks.push(tokio::spawn(async move {
            (
                Some(i),
                fixture::save(&c, attempt, question, answer, i as i64 + 1).await,
            )
        }));
    }
    let mut finished_at = Vec::new();
    for task in tasks {
        let (save, reply) = task.await.expect("task");
        match save {
            None => finished_at.push(
                reply.ok()["phase"]["Finished"]["finished_at"]
                    .as_i64()
                    .expect("finished"),
            ),
            Some(_) => assert!(
                reply.status == 200 || reply.status == 409,
                "save: {} {}",
                reply.status,
                reply.body
            ),
        }
    }
    finished_at.dedup();
    assert_eq!(
        finished_at.len(),
        1,
        "one finalization, seen identically by every submit"
    );
    // The stored score is the mark of exactly the answers stored: nothing was written after.
    let stored_correct = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM answers WHERE attempt_id = {attempt}"
        ))
        .await;
    let score = app
        .sql_i64(&format!("SELECT score FROM attempts WHERE id = {attempt}"))
        .await;
    assert_eq!(
        score,
        stored_correct * 10,
        "every save here is a right answer, so a save after marking would show"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_may_not_begin_after_the_late_entry_limit_but_one_who_began_resumes() {
    use tests::cst_in;
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let opened_20_minutes_ago = cst_in(-20);
    let sitting = |late: &'static str| {
        let overrides = [
            ("opens_at", opened_20_minutes_ago.as_str()),
            ("late_entry_minutes", late),
        ];
        let (staff, questions) = (&staff, &questions);
        async move { fixture::sitting_with(staff, questions, &overrides).await }
    };
    // Opened on time 20 minutes ago, entry closed after 15.
    let strict = sitting("15").await;
    app.sql(&format!(
        "UPDATE sittings SET opened_at = opens_at WHERE id = {strict}"
    ))
    .await
    .expect("opened on time");
    let (ticket, code) = fixture::enrol(&staff, strict, "王建国", "11010519491231002X").await;
    let candidate = app.client();
    candidate
        .candidate_login(ticket.as_str(), code.as_str())
        .await
        .ok();
    let refused = candidate.form("/api/exam/start", &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("开考15分钟后不得入场"),
        "{}",
        refused.body
    );
    assert_eq!(
        fixture::sitting_detail(&staff, strict).await["summary"]["late_entry_minutes"],
        json!(15)
    );

    // Within a 30-minute limit the same lateness may begin.
    let lenient = sitting("30").await;
    let (ticket, code) = fixture::enrol(&staff, lenient, "王建国", "11010519491231002X").await;
    let (started, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    // Later the limit has passed for them too (tightened here): a reload or another start
    // resumes the attempt they began in time.
    app.sql(&format!(
        "UPDATE sittings SET late_entry_minutes = 1 WHERE id = {lenient}"
    ))
    .await
    .expect("tighten");
    let resumed = started.form("/api/exam/start", &[]).await.ok();
    assert_eq!(resumed["phase"]["InProgress"]["attempt_id"], json!(attempt));

    let bad = staff
        .form(
            "/api/sittings/create",
            &[
                ("title", "x"),
                ("opens_at", &cst_in(0)),
                ("closes_at", &cst_in(60)),
                ("duration_minutes", "30"),
                ("pass_mark", "0"),
                ("paper_mode", "fixed"),
                ("points_each", "1"),
                ("late_entry_minutes", "-5"),
                (
                    &format!("question_ids[{}]", questions[0]),
                    &questions[0].to_string(),
                ),
            ],
        )
        .await;
    assert_eq!(bad.json()["Invalid"]["field"], json!("late_entry_minutes"));
}

/// A blank saved answer (every tick taken back, or a short answer of spaces only) is
/// unanswered on the proctor's console, as on the candidate's own page (which counts the
/// answers that are not `Answer::is_blank`); a real answer counts on both.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_blank_saved_answer_is_unanswered_on_the_console_as_on_the_exam_page() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let mut q = fixture::questions(&staff).await;
    let short = fixture::short_answer(&staff).await;
    q.push(short);
    let sitting = fixture::sitting(&staff, &q).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let (candidate, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    let saves = [
        (q[0], json!({ "choices": [0] })),
        (q[1], json!({ "choices": [1] })),
        (q[1], json!({ "choices": [] })),
        (short, json!({ "text": "  \n　 " })),
    ];
    for (seq, (question, answer)) in (1..).zip(saves) {
        fixture::save(&candidate, attempt, question, answer, seq)
            .await
            .ok();
    }
    let console = |detail: Value| detail["candidates"][0]["answered"].clone();
    let detail = fixture::sitting_detail(&staff, sitting).await;
    assert_eq!(console(detail), json!(1));

    // The page's own count, from what it is given back on a reload.
    let resumed = candidate.form("/api/exam/start", &[]).await.ok();
    let answers = resumed["phase"]["InProgress"]["answers"]
        .as_array()
        .expect("answers")
        .clone();
    assert_eq!(answers.len(), 3, "{answers:?}");
    let blank = |a: &Value| {
        a["answer"]["choices"].as_array().is_some_and(Vec::is_empty)
            || a["answer"]["text"]
                .as_str()
                .is_some_and(|t| t.trim().is_empty())
    };
    assert_eq!(
        answers.iter().filter(|a| !blank(a)).count(),
        1,
        "{answers:?}"
    );

    // Writing something real into the short answer counts on the console too.
    fixture::save(
        &candidate,
        attempt,
        short,
        json!({ "text": "依法行使职权" }),
        5,
    )
    .await
    .ok();
    let detail = fixture::sitting_detail(&staff, sitting).await;
    assert_eq!(console(detail), json!(2));
}
