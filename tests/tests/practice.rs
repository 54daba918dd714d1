//! Practice and mock exams over HTTP: a practising candidate never sees a question reserved
//! for real sittings, learns the key and the cited article after each answer, has a mock
//! paper marked by the server, does not use up the access code, and cannot practise while
//! the sitting is open or from an exam session.

use std::collections::HashSet;

use serde_json::{json, Value};
use tests::fixture::{self, change_state};
use tests::{Client, TestApp};

/// "AC" → the choices, "正确"/"错误" → the judgement: an answer from a key as shown.
fn answer_from_key(key: &str) -> Value {
    match key {
        "正确" => json!({ "judgement": true }),
        "错误" => json!({ "judgement": false }),
        letters => json!({ "choices": letters.bytes().map(|b| b - b'A').collect::<Vec<_>>() }),
    }
}

async fn practise(app: &TestApp, ticket: &str, code: &str) -> Client {
    fixture::logged_in(app, "/api/auth/practice-login", ticket, code).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn practice_shows_no_reserved_question_teaches_the_article_and_marks_a_mock_on_the_server() {
    let app = TestApp::spawn().await;
    let staff = fixture::seed_bank(&app).await;
    let first_constitution = app
        .sql_i64("SELECT MIN(id) FROM questions WHERE law_id = 'constitution' AND kind = 'single_choice'")
        .await;
    // Five Constitution questions are kept for real sittings.
    let reserved: Vec<i64> = (0..5).map(|n| first_constitution + n).collect();
    let mut bulk: Vec<(String, String)> = vec![("action".into(), "reserve".into())];
    bulk.extend(
        reserved
            .iter()
            .map(|id| (format!("ids[{id}]"), id.to_string())),
    );
    let fields: Vec<(&str, &str)> = bulk.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(staff.form("/api/bank/bulk", &fields).await.ok(), json!(5));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'question.reserve'")
            .await,
        1
    );

    let sitting =
        fixture::draft_sitting_with(&staff, &[first_constitution + 10], &[("pass_mark", "6")])
            .await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let refused = app
        .client()
        .ticket_login("/api/auth/practice-login", &ticket, &code)
        .await;
    assert_eq!(
        refused.status, 409,
        "a draft admits no one: {}",
        refused.body
    );
    change_state(&staff, sitting, "schedule").await.ok();
    let practice = practise(&app, &ticket, &code).await;
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM candidates WHERE sitting_id = {sitting} AND code_used_at IS NULL"
        ))
        .await,
        1,
        "practice does not use the access code up"
    );

    let home = practice.form("/api/practice/home", &[]).await.ok();
    let constitution_count = app
        .sql_i64("SELECT COUNT(*) FROM questions WHERE law_id = 'constitution' AND status = 'active' AND kind <> 'short_answer'")
        .await;
    let listed = home["laws"]
        .as_array()
        .expect("laws")
        .iter()
        .find(|l| l[0] == json!("constitution"))
        .map(|l| l[2].clone());
    // Neither the five reserved questions nor the candidate's own sitting's question, which
    // is live while that sitting is scheduled (issue 15 §3): its stem is not shown ahead.
    let own_question = first_constitution + 10;
    assert_eq!(listed, Some(json!(constitution_count - 6)));

    // Every practice question of the law, one after another: never a reserved or live one,
    // never a key.
    let mut seen: Vec<i64> = Vec::new();
    for _ in 0..(constitution_count - 6) {
        let reply = practice
            .json(
                "/api/practice/next",
                &json!({ "law": "constitution", "exclude": seen }),
            )
            .await;
        let question = reply.ok();
        assert!(
            !reply.body.contains("explanation") && !reply.body.contains("key"),
            "{}",
            reply.body
        );
        let id = question["question_id"].as_i64().expect("a question");
        assert!(!reserved.contains(&id), "reserved question {id} shown");
        assert_ne!(
            id, own_question,
            "the live question of the candidate's own sitting shown"
        );
        assert!(!seen.contains(&id), "{id} again while others remain");
        seen.push(id);
    }

    // The feedback: right or wrong, the key, and the article's own text.
    let id = seen[0];
    let stored = staff.form_id("/api/bank/get", "id", id).await.ok();
    let key = stored["key"].as_str().expect("key");
    let right = practice
        .json(
            "/api/practice/check",
            &json!({ "question_id": id, "answer": answer_from_key(key) }),
        )
        .await
        .ok();
    assert_eq!(right["correct"], json!(true));
    assert_eq!(right["key"], json!(key));
    let article = right["article"][0].as_str().expect("the article's text");
    assert!(
        article.starts_with('第') && article.contains('条'),
        "{article}"
    );
    assert_eq!(right["citation"], stored["citation"]);
    let wrong_key = if key == "A" { "B" } else { "A" };
    if stored["kind"] == json!("single_choice") {
        let wrong = practice
            .json(
                "/api/practice/check",
                &json!({ "question_id": id, "answer": answer_from_key(wrong_key) }),
            )
            .await
            .ok();
        assert_eq!(wrong["correct"], json!(false));
    }
    let hidden = practice
        .json(
            "/api/practice/check",
            &json!({ "question_id": reserved[0], "answer": { "choices": [0] } }),
        )
        .await;
    assert_eq!(
        hidden.status, 404,
        "a reserved question's key is never told"
    );

    // A mock paper by the published pattern, marked by the server from its seed.
    let mock = practice.json("/api/practice/mock", &json!({})).await.ok();
    let questions = mock["questions"].as_array().expect("paper");
    assert_eq!(questions.len(), 50);
    assert_eq!(mock["total_points"], json!(100));
    let ids: HashSet<i64> = questions
        .iter()
        .filter_map(|q| q["question"]["question_id"].as_i64())
        .collect();
    assert_eq!(ids.len(), 50);
    assert!(ids.iter().all(|id| !reserved.contains(id)));
    let seed = mock["seed"].clone();
    let blank = practice
        .json(
            "/api/practice/mock/hand-in",
            &json!({ "seed": seed, "answers": [] }),
        )
        .await
        .ok();
    assert_eq!(
        (blank["earned"].clone(), blank["passed"].clone()),
        (json!(0), json!(false))
    );
    // Answering every question with the key it was shown gets full marks; no question the
    // scheduled sitting uses (its own) is on a mock paper, so none is withheld (issue 15 §3).
    let items = blank["items"].as_array().expect("items");
    let withheld: Vec<i64> = items
        .iter()
        .filter(|f| f["withheld"] == json!("Live"))
        .filter_map(|f| f["question_id"].as_i64())
        .collect();
    assert!(withheld.is_empty(), "{withheld:?}");
    assert!(!ids.contains(&own_question));
    assert_eq!(blank["unmarked"], json!(withheld.len()));
    let withheld_points: i64 = questions
        .iter()
        .filter(|q| withheld.contains(&q["question"]["question_id"].as_i64().unwrap_or(0)))
        .filter_map(|q| q["points"].as_i64())
        .sum();
    let answers: Vec<Value> = items
        .iter()
        .filter(|f| f["withheld"].is_null())
        .map(|f| json!({ "question_id": f["question_id"], "answer": answer_from_key(f["key"].as_str().expect("key")) }))
        .collect();
    let full = practice
        .json(
            "/api/practice/mock/hand-in",
            &json!({ "seed": seed, "answers": answers }),
        )
        .await
        .ok();
    assert_eq!(full["earned"], json!(100 - withheld_points));
    assert_eq!(full["possible"], json!(100 - withheld_points));
    assert_eq!(full["passed"], json!(true));

    // While the sitting is open, practice pauses; an exam session never practises.
    change_state(&staff, sitting, "open").await.ok();
    let paused = practice.form("/api/practice/home", &[]).await;
    assert_eq!(paused.status, 409, "{}", paused.body);
    assert!(paused.body.contains("考试正在进行"), "{}", paused.body);
    let (candidate, _) = fixture::candidate_started(&app, &ticket, &code).await;
    assert_eq!(
        candidate.form("/api/practice/home", &[]).await.status,
        401,
        "the exam session is not a practice session"
    );
    assert_eq!(
        practice.form("/api/exam/state", &[]).await.status,
        401,
        "the practice session is not an exam session"
    );
}
