//! The deadline: the sweeper finalizes expired attempts exactly once, also after a restart.

use serde_json::json;
use tests::fixture;
use tests::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_a_crash_the_sweeper_finalizes_an_expired_attempt_at_its_deadline() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let attempt = exam.attempt;
    exam.save(0, json!({ "choices": [0] }), 1).await.ok();
    // The server dies; while it is down the attempt's time (and grace) runs out.
    let deadline = app
        .sql_i64(&format!(
            "SELECT deadline_at FROM attempts WHERE id = {attempt}"
        ))
        .await
        - 3 * 60 * 60_000;
    let app = app
        .restart_after(&format!(
            "UPDATE attempts SET deadline_at = {deadline} WHERE id = {attempt}"
        ))
        .await;
    let mut finished = 0;
    for _ in 0..50 {
        finished = app.sql_i64(&format!("SELECT COUNT(*) FROM attempts WHERE id = {attempt} AND finished_at = {deadline} AND finish_reason = 'deadline'")).await;
        if finished == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(finished, 1, "finalized at the deadline by the sweeper");
    assert_eq!(
        app.sql_i64(&format!("SELECT score FROM attempts WHERE id = {attempt}"))
            .await,
        10,
        "the acknowledged answer was marked"
    );
    assert_eq!(app.sql_i64(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'attempt.finalize' AND entity_id = '{attempt}'")).await, 1);
    // Later sweeps leave it alone: still exactly one finalization.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(app.sql_i64(&format!("SELECT COUNT(*) FROM audit_events WHERE action = 'attempt.finalize' AND entity_id = '{attempt}'")).await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acknowledged_answers_and_sessions_survive_a_server_crash() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    exam.save(0, json!({ "choices": [0] }), 1).await.ok();
    exam.save(2, json!({ "judgement": false }), 2).await.ok();
    let old_base = app.base.clone();
    let app = app.restart_after("").await;
    // The same browser (same cookie jar) reaches the restarted server, still logged in.
    let state = exam
        .candidate
        .json_at(&app.base, "/api/exam/state", &json!({}))
        .await
        .ok();
    assert_ne!(old_base, app.base);
    let answers = &state["phase"]["InProgress"]["answers"];
    assert_eq!(answers.as_array().map(Vec::len), Some(2), "{state}");
    assert_eq!(state["phase"]["InProgress"]["last_seq"], json!(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_past_the_deadline_and_grace_are_refused_and_the_candidate_sees_it_handed_in() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let attempt = exam.attempt;
    // Within the grace period a save still counts.
    app.sql(&format!(
        "UPDATE attempts SET deadline_at = {} WHERE id = {attempt}",
        app::state::now_ms() - 30_000
    ))
    .await
    .expect("move deadline");
    exam.save(0, json!({ "choices": [0] }), 1).await.ok();
    // After it, nothing is written.
    app.sql(&format!(
        "UPDATE attempts SET deadline_at = {} WHERE id = {attempt}",
        app::state::now_ms() - 61_000
    ))
    .await
    .expect("move deadline");
    let late = exam.save(1, json!({ "choices": [0, 1] }), 2).await;
    assert_eq!(late.status, 409, "{}", late.body);
    let state = exam.candidate.form("/api/exam/state", &[]).await.ok();
    assert_eq!(state["phase"]["Finished"]["timed_out"], json!(true));
    assert_eq!(
        app.sql_i64(&format!("SELECT score FROM attempts WHERE id = {attempt}"))
            .await,
        10
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attempt_that_cannot_be_marked_does_not_keep_later_ones_from_their_deadline() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam {
        staff,
        questions: q,
        sitting,
        candidate: broken,
        attempt: broken_attempt,
    } = fixture::started_exam(&app).await;
    fixture::save(&broken, broken_attempt, q[0], json!({ "choices": [0] }), 1)
        .await
        .ok();
    let (ticket, code) = fixture::enrol(&staff, sitting, "李秀兰", &fixture::id_card(5)).await;
    let (_, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    // The first to expire has a stored answer marking cannot read; the second expires after.
    let now = app::state::now_ms();
    for statement in [
        format!("UPDATE answers SET response = 'not json' WHERE attempt_id = {broken_attempt}"),
        format!(
            "UPDATE attempts SET deadline_at = {} WHERE id = {broken_attempt}",
            now - 3 * 60_000
        ),
        format!(
            "UPDATE attempts SET deadline_at = {} WHERE id = {attempt}",
            now - 2 * 60_000
        ),
    ] {
        app.sql(&statement).await.expect("set up");
    }
    let finished = format!(
        "SELECT COUNT(*) FROM attempts WHERE id = {attempt} AND finish_reason = 'deadline'"
    );
    let mut done = 0;
    for _ in 0..100 {
        done = app.sql_i64(&finished).await;
        if done == 1 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(
        done, 1,
        "finalized although an earlier one fails every sweep"
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM attempts WHERE id = {broken_attempt} AND finished_at IS NULL"
        ))
        .await,
        1,
        "the broken one is left for staff, not finalized with a wrong score"
    );
}
