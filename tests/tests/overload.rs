//! Under overload the server sheds load at once with 503 and Retry-After rather than
//! queueing, and candidates' saves keep a pool of their own that staff pages cannot take.
//! Entering the exam (login and start) has a pool of its own too, where a room that clicks
//! at once waits its turn instead of being sent away.

use serde_json::json;
use tests::{fixture, Client, Reply, TestApp};

/// The candidate's save of option `choice` to `question`, sent to the server as it is now.
async fn save(
    app: &TestApp,
    candidate: &Client,
    attempt: i64,
    question: i64,
    choice: i64,
    seq: i64,
) -> Reply {
    candidate
        .json_at(
            &app.base,
            "/api/exam/save",
            &json!({ "attempt_id": attempt, "question_id": question, "answer": { "choices": [choice] }, "seq": seq }),
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn when_staff_pages_have_no_room_saves_still_go_through_and_the_rest_is_told_to_retry() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let attempt = exam.attempt;
    // A server whose staff pool is full (none free), with a short wait.
    let app = app
        .restart_with(|c| {
            c.max_other_requests = 0;
            c.admission_wait_ms = 20;
        })
        .await;

    let shed = exam
        .staff
        .http()
        .post(format!("{}/api/sittings/detail", app.base))
        .form(&[("sitting_id", exam.sitting.to_string())])
        .send()
        .await
        .expect("sent");
    assert_eq!(shed.status().as_u16(), 503);
    assert_eq!(
        shed.headers()
            .get("retry-after")
            .and_then(|v| v.to_str().ok()),
        Some("2")
    );
    let body: serde_json::Value = shed.json().await.expect("json");
    assert_eq!(body, json!({ "Busy": { "retry_after_secs": 2 } }));

    // The candidate's save has its own pool and is taken.
    let saved = save(&app, &exam.candidate, attempt, exam.questions[0], 0, 1)
        .await
        .ok();
    assert_eq!(saved["applied"], json!(true));
    // The health check is never shed.
    let health = app
        .client()
        .http()
        .get(format!("{}/healthz", app.base))
        .send()
        .await
        .expect("sent");
    assert_eq!(health.status().as_u16(), 200);

    // With no room for exam requests either, a save is refused at once, and nothing is written.
    let app = app
        .restart_with(|c| {
            c.max_exam_requests = 0;
            c.admission_wait_ms = 20;
        })
        .await;
    let busy = save(&app, &exam.candidate, attempt, exam.questions[0], 1, 2).await;
    assert_eq!(busy.status, 503, "{}", busy.body);
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT seq FROM answers WHERE attempt_id = {attempt} AND question_id = {}",
            exam.questions[0]
        ))
        .await,
        1,
        "the shed save wrote nothing; the page will send it again"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_room_that_logs_in_and_starts_at_once_waits_its_turn_and_never_takes_the_answering_ones_turn(
) {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let sitting = fixture::sitting(&exam.staff, &exam.questions).await;
    let mut room = Vec::new();
    for k in 0..6 {
        room.push(
            fixture::enrol(
                &exam.staff,
                sitting,
                &format!("考生{k}"),
                &fixture::id_card(600 + k),
            )
            .await,
        );
    }
    let (ticket, code) =
        fixture::enrol(&exam.staff, sitting, "迟到考生", &fixture::id_card(666)).await;

    // One login or start at a time: the whole room is served in turn, nobody is sent away.
    let app = app.restart_with(|c| c.max_entry_requests = 1).await;
    let entering: Vec<_> = room
        .iter()
        .map(|(ticket, code)| {
            let (client, ticket, code) = (app.client(), ticket.clone(), code.clone());
            tokio::spawn(async move {
                let login = client.candidate_login(ticket.as_str(), code.as_str()).await;
                let start = client.form("/api/exam/start", &[]).await;
                (login.status, start.status)
            })
        })
        .collect();
    for entered in entering {
        assert_eq!(entered.await.expect("task"), (200, 200));
    }

    // No room at all to enter, and a short wait: a login is told to come back, while a
    // candidate already answering saves as before (a pool of their own).
    let app = app
        .restart_with(|c| (c.max_entry_requests, c.entry_wait_ms) = (0, 20))
        .await;
    let turned_away = app
        .client()
        .candidate_login(ticket.as_str(), code.as_str())
        .await;
    assert_eq!(turned_away.status, 503, "{}", turned_away.body);
    let saved = save(&app, &exam.candidate, exam.attempt, exam.questions[0], 0, 1)
        .await
        .ok();
    assert_eq!(saved["applied"], json!(true));
    assert_eq!(
        app.sql_i64(&format!("SELECT COUNT(*) FROM candidates WHERE ticket_number = '{ticket}' AND code_used_at IS NOT NULL")).await,
        0,
        "the login turned away used nothing up"
    );
}
