//! Sittings that draw a paper for every candidate: the blueprint is checked against the bank
//! with the exact shortfall, every candidate gets a different paper that fits it, shuffled
//! options still mark right, a paper can be drawn again from its seed, and a retake avoids
//! the questions already seen. Papers A and B: one drawn by lot, answered by everyone.

use std::collections::HashSet;

use serde_json::{json, Value};
use tests::fixture::{self, candidate_started, enrol, id_card, seed_bank as seeded};
use tests::{cst_in, Client, TestApp};

/// One blueprint row's fields, numbered `n`.
fn row(
    n: usize,
    kind: &str,
    law: &str,
    min: u8,
    max: u8,
    count: u32,
    points: u32,
) -> Vec<(String, String)> {
    [
        ("row_kind", kind.to_owned()),
        ("row_bank", String::new()),
        ("row_law", law.to_owned()),
        ("row_min", min.to_string()),
        ("row_max", max.to_string()),
        ("row_count", count.to_string()),
        ("row_points", points.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (format!("{k}[{n}]"), v))
    .collect()
}

/// Creates and opens a sitting that draws a paper for every candidate.
async fn create_drawn(
    staff: &Client,
    title: &str,
    rows: Vec<Vec<(String, String)>>,
) -> tests::Reply {
    let reply = create_draft(staff, title, "drawn", rows).await;
    if let Some(id) = (reply.status == 200)
        .then(|| reply.json().as_i64())
        .flatten()
    {
        tests::fixture::open(staff, id).await;
    }
    reply
}

/// Creates a draft sitting whose papers are made by `mode` ("drawn" or "ab") from `rows`.
async fn create_draft(
    staff: &Client,
    title: &str,
    mode: &str,
    rows: Vec<Vec<(String, String)>>,
) -> tests::Reply {
    let (opens, closes) = (cst_in(-5), cst_in(120));
    let mut fields: Vec<(String, String)> = vec![
        ("title".into(), title.into()),
        ("opens_at".into(), opens),
        ("closes_at".into(), closes),
        ("duration_minutes".into(), "60".into()),
        ("pass_mark".into(), "60".into()),
        ("paper_mode".into(), mode.into()),
        ("expected_total".into(), "100".into()),
    ];
    fields.extend(rows.into_iter().flatten());
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    staff.form("/api/sittings/create", &borrowed).await
}

/// 单选 10 easy + 10 hard, 多选 10, 判断 20: 50 Constitution questions, 2 points each.
fn published_rows() -> Vec<Vec<(String, String)>> {
    vec![
        row(0, "single_choice", "constitution", 1, 2, 10, 2),
        row(1, "single_choice", "constitution", 3, 5, 10, 2),
        row(2, "multiple_choice", "constitution", 1, 5, 10, 2),
        row(3, "true_false", "constitution", 1, 5, 20, 2),
    ]
}

fn paper_ids(state: &Value) -> Vec<i64> {
    state["phase"]["InProgress"]["questions"]
        .as_array()
        .expect("paper")
        .iter()
        .filter_map(|q| q["question_id"].as_i64())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_infeasible_blueprint_is_refused_with_the_exact_shortfall_and_a_wrong_total_too() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    let seed = question_bank::bank::seed::questions().expect("seed");
    let hard_multi = seed
        .iter()
        .filter(|q| {
            q.kind() == question_bank::bank::question::QuestionKind::MultipleChoice
                && q.citation().law() == "constitution"
                && q.difficulty().get() >= 3
        })
        .count();
    let refused = create_drawn(
        &staff,
        "缺题的场次",
        vec![
            row(0, "single_choice", "constitution", 1, 5, 10, 2),
            row(1, "multiple_choice", "constitution", 3, 5, 40, 2),
        ],
    )
    .await;
    assert_eq!(
        refused.json()["Invalid"]["field"],
        json!("blueprint"),
        "{}",
        refused.body
    );
    assert_eq!(
        refused.json()["Invalid"]["zh"],
        json!(format!(
            "第2部分需要40道宪法多选题（难度≥3），题库中仅有{hard_multi}道"
        ))
    );

    let wrong_total = create_drawn(
        &staff,
        "总分不对",
        vec![row(0, "true_false", "constitution", 1, 5, 20, 2)],
    )
    .await;
    assert_eq!(
        wrong_total.json()["Invalid"]["zh"],
        json!("试卷总分应为100分，当前各部分合计40分")
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM sittings").await,
        0,
        "nothing was created"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_candidate_gets_a_paper_of_their_own_that_marks_right_and_redraws_identically() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    let sitting = create_drawn(&staff, "随机组卷场次", published_rows())
        .await
        .ok()
        .as_i64()
        .expect("sitting id");
    let detail = fixture::sitting_detail(&staff, sitting).await;
    assert_eq!(detail["summary"]["question_count"], json!(50));
    assert_eq!(detail["summary"]["total_points"], json!(100));
    assert_eq!(
        detail["drawn"]["sections"].as_array().map(Vec::len),
        Some(3)
    );
    assert_eq!(detail["drawn"]["simulated"]["papers"], json!(200));

    let mut papers = Vec::new();
    for n in 0..2 {
        let (ticket, code) = enrol(&staff, sitting, &format!("考生{n}"), &id_card(n)).await;
        let (candidate, attempt) = candidate_started(&app, &ticket, &code).await;
        let state = candidate.form("/api/exam/state", &[]).await.ok();
        let ids = paper_ids(&state);
        assert_eq!(ids.len(), 50);
        assert_eq!(
            ids.iter().collect::<HashSet<_>>().len(),
            50,
            "no question twice"
        );
        papers.push((candidate, attempt, state, ids));
    }
    assert_ne!(papers[0].3, papers[1].3, "two candidates, two papers");

    // The first candidate answers every question right, by the option texts shown to them.
    let (candidate, attempt, state, _) = &papers[0];
    let mut seq = 0;
    for q in state["phase"]["InProgress"]["questions"]
        .as_array()
        .expect("paper")
    {
        let id = q["question_id"].as_i64().expect("id");
        let stored = staff.form_id("/api/bank/get", "id", id).await.ok();
        let answer = match q["kind"].as_str() {
            Some("true_false") => json!({ "judgement": stored["key"] == json!("正确") }),
            _ => {
                let written: Vec<String> =
                    serde_json::from_value(stored["options"].clone()).expect("options");
                let shown: Vec<String> =
                    serde_json::from_value(q["options"].clone()).expect("options");
                let key = stored["key"].as_str().expect("key");
                let right: Vec<usize> = key
                    .bytes()
                    .map(|letter| usize::from(letter - b'A'))
                    .map(|i| shown.iter().position(|s| *s == written[i]).expect("shown"))
                    .collect();
                json!({ "choices": right })
            }
        };
        seq += 1;
        let saved = tests::fixture::save(candidate, *attempt, id, answer, seq).await;
        assert_eq!(saved.status, 200, "{}", saved.body);
    }
    // The page gets its answers back as it showed them: as sent.
    let resumed = candidate.form("/api/exam/state", &[]).await.ok();
    assert_eq!(
        resumed["phase"]["InProgress"]["answers"]
            .as_array()
            .map(Vec::len),
        Some(50)
    );
    candidate
        .json("/api/exam/submit", &json!({ "attempt_id": attempt }))
        .await
        .ok();
    assert_eq!(
        app.sql_i64(&format!("SELECT score FROM attempts WHERE id = {attempt}"))
            .await,
        100,
        "shuffled options, every answer right: full marks"
    );

    let rows = fixture::sitting_detail(&staff, sitting).await;
    assert_eq!(rows["drawn"]["drawn"]["papers"], json!(2));
    for candidate_row in rows["candidates"].as_array().expect("candidates") {
        let id = candidate_row["id"].to_string();
        assert_eq!(
            staff
                .form("/api/sittings/verify-paper", &[("candidate_id", &id)])
                .await
                .ok(),
            json!(true),
            "drawn again from its seed, the paper is the same"
        );
    }
    // A tampered paper no longer matches its seed (points: a change that is always one; a
    // new option order could by chance be the one drawn).
    app.sql(&format!(
        "UPDATE paper_items SET points = points + 1 WHERE attempt_id = {} AND position = 1",
        papers[1].1
    ))
    .await
    .expect("tamper");
    let second = rows["candidates"][1]["id"].to_string();
    assert_eq!(
        staff
            .form("/api/sittings/verify-paper", &[("candidate_id", &second)])
            .await
            .ok(),
        json!(false)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retake_draws_questions_the_candidate_has_not_seen() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    // 51 Constitution single-choice and 28 true/false questions in the seed bank: room for
    // two papers of 20 and 10 without a repeat.
    let rows = || {
        vec![
            row(0, "single_choice", "constitution", 1, 5, 20, 3),
            row(1, "true_false", "constitution", 1, 5, 10, 4),
        ]
    };
    let first = create_drawn(&staff, "首次考试", rows())
        .await
        .ok()
        .as_i64()
        .expect("first");
    let retake = create_drawn(&staff, "补考", rows())
        .await
        .ok()
        .as_i64()
        .expect("retake");
    let person = id_card(7);
    let (t1, c1) = enrol(&staff, first, "李秀兰", &person).await;
    let (candidate, _) = candidate_started(&app, &t1, &c1).await;
    let seen: HashSet<i64> = paper_ids(&candidate.form("/api/exam/state", &[]).await.ok())
        .into_iter()
        .collect();
    let (t2, c2) = enrol(&staff, retake, "李秀兰", &person).await;
    let (again, _) = candidate_started(&app, &t2, &c2).await;
    let retake_ids = paper_ids(&again.form("/api/exam/state", &[]).await.ok());
    assert_eq!(retake_ids.len(), 30);
    assert!(
        retake_ids.iter().all(|id| !seen.contains(id)),
        "the bank has enough Constitution questions for a retake without repeats"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn papers_a_and_b_are_drawn_apart_and_the_lot_at_the_opening_gives_everyone_one() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    let rows = vec![
        row(0, "single_choice", "constitution", 1, 5, 20, 3),
        row(1, "true_false", "constitution", 1, 5, 10, 4),
    ];
    let sitting = create_draft(&staff, "A/B卷场次", "ab", rows)
        .await
        .ok()
        .as_i64()
        .expect("sitting id");
    let label_ids = |label: &'static str| {
        let app = &app;
        async move {
            let mut ids = Vec::new();
            for position in 1..=30 {
                ids.push(
                    app.sql_i64(&format!(
                        "SELECT question_id FROM sitting_papers WHERE sitting_id = {sitting} AND label = '{label}' AND position = {position}"
                    ))
                    .await,
                );
            }
            ids
        }
    };
    let (a, b) = (label_ids("A").await, label_ids("B").await);
    assert!(
        a.iter().all(|id| !b.contains(id)),
        "the bank has room for two papers without a shared question"
    );
    let before = tests::fixture::sitting_detail(&staff, sitting).await;
    assert_eq!(before["summary"]["paper_mode"], json!("AbByLot"));
    assert_eq!(before["drawn"]["pair"]["shared"], json!(0));
    assert_eq!(before["drawn"]["pair"]["lot"], Value::Null);

    tests::fixture::open(&staff, sitting).await;
    let after = tests::fixture::sitting_detail(&staff, sitting).await;
    let lot = after["summary"]["paper_lot"]
        .as_str()
        .expect("drawn by lot")
        .to_owned();
    assert_eq!(after["drawn"]["pair"]["lot"], json!(lot));
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'sitting.open' AND entity_id = '{sitting}' AND detail LIKE '%\"paper_lot\":\"{lot}\"%'"
        ))
        .await,
        1,
        "the lot is audited"
    );
    let chosen = if lot == "A" { &a } else { &b };
    let mut candidates = Vec::new();
    for n in 0..2 {
        let (ticket, code) = enrol(&staff, sitting, &format!("考生{n}"), &id_card(n)).await;
        let (candidate, _) = candidate_started(&app, &ticket, &code).await;
        let ids = paper_ids(&candidate.form("/api/exam/state", &[]).await.ok());
        assert_eq!(&ids, chosen, "everyone answers the paper the lot chose");
        candidates.push(candidate);
    }
    let listed = tests::fixture::sitting_detail(&staff, sitting).await;
    let first = listed["candidates"][0]["id"].to_string();
    assert_eq!(
        staff
            .form("/api/sittings/verify-paper", &[("candidate_id", &first)])
            .await
            .ok(),
        json!(true),
        "both papers drawn again from the sitting's seed: the lot's is the one answered"
    );
}

/// The question ids of a candidate's prepared paper, in order.
async fn prepared_ids(app: &TestApp, candidate_id: i64) -> Vec<i64> {
    let count = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM prepared_items WHERE candidate_id = {candidate_id}"
        ))
        .await;
    let mut ids = Vec::new();
    for position in 1..=count {
        ids.push(
            app.sql_i64(&format!(
                "SELECT question_id FROM prepared_items WHERE candidate_id = {candidate_id} AND position = {position}"
            ))
            .await,
        );
    }
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_opening_prepares_every_paper_the_start_hands_it_out_and_the_unstarted_stay_absent() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    let sitting = create_draft(&staff, "开考前组卷", "drawn", published_rows())
        .await
        .ok()
        .as_i64()
        .expect("sitting id");
    let mut slips = Vec::new();
    for n in 0..3 {
        slips.push(enrol(&staff, sitting, &format!("考生{n}"), &id_card(n)).await);
    }
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM prepared_papers").await,
        0,
        "nothing is drawn before the opening"
    );
    tests::fixture::open(&staff, sitting).await;
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM prepared_papers").await,
        3,
        "the opening drew every enrolled candidate's paper"
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM prepared_items").await,
        150
    );
    // Prepared is not begun: no attempt, and the console says so.
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM attempts").await, 0);
    let detail = tests::fixture::sitting_detail(&staff, sitting).await;
    let rows = detail["candidates"].as_array().expect("candidates").clone();
    assert!(
        rows.iter().all(|c| c["status"] == json!("NotStarted")),
        "{rows:?}"
    );

    // The start hands out the prepared paper, with its seed; the clock starts now.
    let first = rows[0]["id"].as_i64().expect("id");
    let ticket = rows[0]["ticket_number"].as_str().expect("ticket");
    let (_, code) = slips
        .iter()
        .find(|(t, _)| t == ticket)
        .expect("slip")
        .clone();
    let prepared = prepared_ids(&app, first).await;
    assert_eq!(prepared.len(), 50);
    let before_start = app::state::now_ms();
    let (candidate, attempt) = candidate_started(&app, ticket, &code).await;
    let state = candidate.form("/api/exam/state", &[]).await.ok();
    assert_eq!(
        paper_ids(&state),
        prepared,
        "the paper drawn at the opening"
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM attempts a JOIN prepared_papers p ON p.candidate_id = a.candidate_id \
             WHERE a.id = {attempt} AND a.paper_seed = p.paper_seed AND a.started_at >= {before_start}"
        ))
        .await,
        1,
        "the prepared seed, and a start time of the start"
    );
    assert_eq!(
        staff
            .form_id("/api/sittings/verify-paper", "candidate_id", first)
            .await
            .ok(),
        json!(true),
        "drawn again from its seed, the prepared paper is the same"
    );
    tests::fixture::submit(&candidate, attempt).await.ok();

    // The two who never began are absent once the sitting closes; their papers are gone.
    tests::fixture::change_state(&staff, sitting, "close")
        .await
        .ok();
    let report = fixture::report(&staff, sitting).await;
    assert_eq!(
        (&report["enrolled"], &report["sat"], &report["absent"]),
        (&json!(3), &json!(1), &json!(2)),
        "{report}"
    );
    let closed = tests::fixture::sitting_detail(&staff, sitting).await;
    let absent = closed["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .filter(|c| c["status"] == json!("Absent"))
        .count();
    assert_eq!(absent, 2);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM prepared_papers").await
            + app.sql_i64("SELECT COUNT(*) FROM prepared_items").await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_enrolled_after_the_opening_gets_a_paper_from_the_jobs_loop() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    let sitting = create_drawn(&staff, "迟到报名", published_rows())
        .await
        .ok()
        .as_i64()
        .expect("sitting id");
    let (ticket, code) = enrol(&staff, sitting, "迟到者", &id_card(3)).await;
    let candidate_id = app
        .sql_i64(&format!(
            "SELECT id FROM candidates WHERE ticket_number = '{ticket}'"
        ))
        .await;
    let mut prepared = Vec::new();
    for _ in 0..300 {
        prepared = prepared_ids(&app, candidate_id).await;
        if !prepared.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(prepared.len(), 50, "the sweeper prepared the late paper");
    let (candidate, _) = candidate_started(&app, &ticket, &code).await;
    let state = candidate.form("/api/exam/state", &[]).await.ok();
    assert_eq!(paper_ids(&state), prepared);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_starts_at_once_make_one_attempt_with_one_paper() {
    let app = TestApp::spawn().await;
    let staff = seeded(&app).await;
    let sitting = create_draft(&staff, "同时开始", "drawn", published_rows())
        .await
        .ok()
        .as_i64()
        .expect("sitting id");
    let (prepared_ticket, prepared_code) = enrol(&staff, sitting, "甲", &id_card(1)).await;
    tests::fixture::open(&staff, sitting).await;
    // One whose paper was prepared, and one enrolled just now (perhaps not yet prepared).
    let (late_ticket, late_code) = enrol(&staff, sitting, "乙", &id_card(2)).await;
    for (ticket, code) in [(prepared_ticket, prepared_code), (late_ticket, late_code)] {
        let candidate = tests::fixture::candidate_login(&app, &ticket, &code).await;
        let (a, b) = tokio::join!(
            candidate.form("/api/exam/start", &[]),
            candidate.form("/api/exam/start", &[])
        );
        let (a, b) = (a.ok(), b.ok());
        let id = a["phase"]["InProgress"]["attempt_id"].as_i64().expect("a");
        assert_eq!(b["phase"]["InProgress"]["attempt_id"].as_i64(), Some(id));
        assert_eq!(paper_ids(&a), paper_ids(&b));
        assert_eq!(
            app.sql_i64(&format!(
                "SELECT COUNT(*) FROM attempts a JOIN candidates c ON c.id = a.candidate_id WHERE c.ticket_number = '{ticket}'"
            ))
            .await,
            1
        );
        assert_eq!(
            app.sql_i64(&format!(
                "SELECT COUNT(*) FROM paper_items WHERE attempt_id = {id}"
            ))
            .await,
            50
        );
    }
}
