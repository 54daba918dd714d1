//! Hand marking of short answers over HTTP: papers with short answers have no score until
//! marked; markers see a sealed code and never who wrote the answer; double marking takes
//! the mean of close marks and sends far ones to a third marker; a paper's score, and then
//! publication, follow the last final mark.

use app::auth::Role;
use serde_json::{json, Value};
use tests::fixture;
use tests::{Client, TestApp};

/// A sitting of the three fixture questions and a short answer (10 points each, pass mark
/// 20) with `plan` marking, and its candidates' papers handed in: each candidate answers the
/// objective questions with `answers` and writes `text`. Returns (staff, sitting, short
/// answer id, each candidate's (name, ticket)).
pub(crate) async fn marked_sitting(
    app: &TestApp,
    plan: &str,
    papers: &[(&str, [Value; 3], &str)],
) -> (Client, i64, i64, Vec<(String, String)>) {
    let staff = app.staff(app.city(), Role::Staff).await;
    let mut q = fixture::questions(&staff).await;
    let short = fixture::short_answer(&staff).await;
    q.push(short);
    let sitting = fixture::sitting_with(&staff, &q, &[("marking_plan", plan)]).await;
    let mut who = Vec::new();
    for (n, (name, answers, text)) in papers.iter().enumerate() {
        let (ticket, code) =
            fixture::enrol(&staff, sitting, name, &fixture::id_card(n as u32)).await;
        let (candidate, attempt) = fixture::candidate_started(app, &ticket, &code).await;
        for (i, answer) in answers.iter().enumerate().filter(|(_, a)| !a.is_null()) {
            fixture::save(&candidate, attempt, q[i], answer.clone(), i as i64 + 1)
                .await
                .ok();
        }
        fixture::save(&candidate, attempt, short, json!({ "text": text }), 4)
            .await
            .ok();
        fixture::submit(&candidate, attempt).await.ok();
        who.push((name.to_string(), ticket));
    }
    (staff, sitting, short, who)
}

pub(crate) fn right() -> [Value; 3] {
    [
        json!({ "choices": [0] }),
        json!({ "choices": [0, 1] }),
        json!({ "judgement": false }),
    ]
}

fn one_right() -> [Value; 3] {
    [
        json!({ "choices": [0] }),
        Value::Null,
        json!({ "judgement": true }),
    ]
}

pub(crate) async fn desk(marker: &Client, sitting: i64) -> tests::Reply {
    marker
        .form_id("/api/marking/desk", "sitting_id", sitting)
        .await
}

pub(crate) async fn mark(
    marker: &Client,
    sitting: i64,
    script: &Value,
    points: i64,
) -> tests::Reply {
    let stage = match script["stage"].as_str() {
        Some("First") => "1",
        Some("Second") => "2",
        _ => "3",
    };
    marker
        .form(
            "/api/marking/mark",
            &[
                ("sitting_id", &sitting.to_string()),
                ("code", script["code"].as_str().expect("code")),
                ("question_id", &script["question_id"].to_string()),
                ("stage", stage),
                ("points", &points.to_string()),
                ("comment", "要点基本齐全"),
            ],
        )
        .await
}

/// The scores of a sitting's handed-in papers, by candidate name.
async fn scores(app: &TestApp, sitting: i64) -> Vec<(String, Option<i64>)> {
    let pool = tests::one_connection(&app.url).await;
    sqlx::query_as(&format!(
        "SELECT p.name, a.score FROM attempts a JOIN candidates c ON c.id = a.candidate_id JOIN people p ON p.id = c.person_id \
         WHERE c.sitting_id = {sitting} ORDER BY p.name"
    ))
    .fetch_all(&pool)
    .await
    .expect("scores")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markers_see_sealed_scripts_only_and_the_score_waits_for_the_last_mark() {
    let app = TestApp::spawn().await;
    let (staff, sitting, short, who) = marked_sitting(
        &app,
        "single",
        &[
            (
                "王建国",
                right(),
                "实行民主集中制原则，人大由民主选举产生，对人民负责。",
            ),
            ("李秀兰", one_right(), "不清楚"),
        ],
    )
    .await;
    // Handed in, but no score until the short answers are marked; publication must wait.
    assert_eq!(
        scores(&app, sitting).await,
        vec![("李秀兰".to_owned(), None), ("王建国".to_owned(), None)]
    );
    fixture::change_state(&staff, sitting, "close").await.ok();
    let early = fixture::publish(&staff, sitting, "核对无误").await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.body.contains("2份答卷有待人工阅卷"), "{}", early.body);

    // Only markers mark: staff and proctors are refused, a district's grader sees nothing.
    for role in [Role::Staff, Role::Proctor] {
        let other = app.staff(app.city(), role).await;
        assert_eq!(desk(&other, sitting).await.status, 403);
    }
    let district = app.district("500101", "万州区").await;
    let outsider = app.staff(district, Role::Grader).await;
    assert_eq!(desk(&outsider, sitting).await.status, 404);
    assert_eq!(
        app.client()
            .form_id("/api/marking/desk", "sitting_id", sitting)
            .await
            .status,
        401
    );

    let grader = app.staff(app.city(), Role::Grader).await;
    let mut given = Vec::new();
    loop {
        let reply = desk(&grader, sitting).await;
        let body = reply.ok();
        // Blind: no name, ticket or attempt reaches the marker.
        for (name, ticket) in &who {
            assert!(
                !reply.body.contains(name.as_str()),
                "{name} in {}",
                reply.body
            );
            assert!(
                !reply.body.contains(ticket.as_str()),
                "{ticket} in {}",
                reply.body
            );
        }
        assert!(!reply.body.contains("attempt"), "{}", reply.body);
        let script = body["next"].clone();
        if script.is_null() {
            break;
        }
        assert_eq!(script["question_id"], json!(short));
        assert_eq!(script["max_points"], json!(10));
        assert!(script["reference"]
            .as_str()
            .unwrap_or("")
            .contains("民主集中制"));
        assert!(
            script["code"].as_str().is_some_and(|c| c.len() == 9),
            "{script}"
        );
        // Marked by what was written: the full answer 8, the empty one 1.
        let response = script["response"].as_str().expect("response").to_owned();
        let points = if response.contains("民主集中制") {
            8
        } else {
            1
        };
        let out_of_range = mark(&grader, sitting, &script, 11).await;
        assert_eq!(
            out_of_range.json()["Invalid"]["field"],
            json!("points"),
            "{}",
            out_of_range.body
        );
        mark(&grader, sitting, &script, points).await.ok();
        given.push(response);
        // Once marked, the same script's mark cannot be given again.
        let again = mark(&grader, sitting, &script, points).await;
        assert_eq!(again.status, 409, "{}", again.body);
        assert!(given.len() <= 2, "the desk keeps offering marked scripts");
    }
    assert_eq!(given.len(), 2);
    // 30 + 8 and 10 + 1: each paper's score follows its last mark.
    assert_eq!(
        scores(&app, sitting).await,
        vec![
            ("李秀兰".to_owned(), Some(11)),
            ("王建国".to_owned(), Some(38))
        ]
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'script.mark'")
            .await,
        2
    );
    // The report counts the short answer with its mark.
    let report = fixture::report(&staff, sitting).await;
    let by_kind = report["by_kind"].as_array().expect("by kind");
    let written = by_kind
        .iter()
        .find(|g| g["label_zh"] == json!("简答题"))
        .expect("a short-answer row");
    assert_eq!(
        (written["earned"].clone(), written["possible"].clone()),
        (json!(9), json!(20))
    );

    fixture::publish(&staff, sitting, "核对无误").await.ok();
    // After publication marks are final.
    let late = grader
        .form(
            "/api/marking/mark",
            &[
                ("sitting_id", &sitting.to_string()),
                ("code", "AAAA-AAAA"),
                ("question_id", &short.to_string()),
                ("stage", "1"),
                ("points", "5"),
            ],
        )
        .await;
    assert_eq!(
        late.status, 404,
        "an unknown code is no script: {}",
        late.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn double_marking_takes_the_mean_of_close_marks_and_a_third_settles_far_ones() {
    let app = TestApp::spawn().await;
    let (_staff, sitting, _short, _) = marked_sitting(
        &app,
        "double:2",
        &[
            ("王建国", right(), "民主集中制。"),
            ("李秀兰", one_right(), "民主集中制，对人民负责。"),
        ],
    )
    .await;
    let first = app.staff(app.city(), Role::Grader).await;
    let second = app.staff(app.city(), Role::Grader).await;
    let third = app.staff(app.city(), Role::Grader).await;

    // First marks: 王建国's short answer 6, 李秀兰's 6.
    for _ in 0..2 {
        let script = desk(&first, sitting).await.ok()["next"].clone();
        assert_eq!(script["stage"], json!("First"));
        mark(&first, sitting, &script, 6).await.ok();
    }
    // The first marker may not give the second mark.
    assert!(desk(&first, sitting).await.ok()["next"].is_null());
    assert_eq!(
        scores(&app, sitting).await,
        vec![("李秀兰".to_owned(), None), ("王建国".to_owned(), None)],
        "one mark of two is not final"
    );
    // Second marks: 9 for the short "民主集中制。" (3 apart: beyond the margin of 2), 7 for
    // the other (1 apart: the mean, 6.5, rounds up to 7).
    for _ in 0..2 {
        let script = desk(&second, sitting).await.ok()["next"].clone();
        assert_eq!(script["stage"], json!("Second"));
        assert!(
            script["earlier"].as_array().is_some_and(Vec::is_empty),
            "the first mark is not shown: {script}"
        );
        let points = if script["response"] == json!("民主集中制。") {
            9
        } else {
            7
        };
        mark(&second, sitting, &script, points).await.ok();
    }
    // 李秀兰: 10 + 7; 王建国 waits for a third marker.
    assert_eq!(
        scores(&app, sitting).await,
        vec![("李秀兰".to_owned(), Some(17)), ("王建国".to_owned(), None)]
    );
    for earlier in [&first, &second] {
        assert!(
            desk(earlier, sitting).await.ok()["next"].is_null(),
            "a marker never settles their own difference"
        );
    }
    let script = desk(&third, sitting).await.ok()["next"].clone();
    assert_eq!(script["stage"], json!("Reconciliation"));
    assert_eq!(script["earlier"], json!([6, 9]));
    mark(&third, sitting, &script, 8).await.ok();
    assert_eq!(
        scores(&app, sitting).await,
        vec![
            ("李秀兰".to_owned(), Some(17)),
            ("王建国".to_owned(), Some(38))
        ]
    );
    let progress = desk(&third, sitting).await.ok()["questions"][0].clone();
    assert_eq!(
        (progress["scripts"].clone(), progress["finished"].clone()),
        (json!(2), json!(2))
    );
}
