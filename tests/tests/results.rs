//! Results over HTTP: nothing reaches a candidate before publication; publication is for a
//! closed sitting, once, with a note, by those allowed, audited, and makes pass records;
//! the report's statistics and item analysis match a hand-computed sitting.

use app::auth::Role;
use serde_json::{json, Value};
use tests::fixture::{self, EXPLANATION_MARKER};
use tests::{Client, TestApp};

/// Logs a candidate in to 成绩查询 with their ticket and code.
async fn results_client(app: &TestApp, ticket: &str, code: &str) -> Client {
    fixture::logged_in(app, "/api/auth/results-login", ticket, code).await
}

/// The questions of a sitting's papers, by id, from its item analysis.
async fn question_ids(staff: &Client, sitting: i64) -> Vec<i64> {
    fixture::report(staff, sitting).await["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["question_id"].as_i64().expect("id"))
        .collect()
}

/// Logs a candidate in, answers the fixture paper (`null` leaves a question blank) and
/// hands it in.
async fn hand_in(app: &TestApp, ticket: &str, code: &str, q: &[i64], answers: &[Value]) {
    let (candidate, attempt) = fixture::candidate_started(app, ticket, code).await;
    for (i, answer) in answers.iter().enumerate().filter(|(_, a)| !a.is_null()) {
        fixture::save(&candidate, attempt, q[i], answer.clone(), i as i64 + 1)
            .await
            .ok();
    }
    fixture::submit(&candidate, attempt).await.ok();
}

/// The fixture paper's keys: A; AB; 错误.
fn full_marks() -> [Value; 3] {
    [
        json!({ "choices": [0] }),
        json!({ "choices": [0, 1] }),
        json!({ "judgement": false }),
    ]
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-3
}

/// The fixture paper (10 points each, pass mark 20) answered by three candidates — 30, 20
/// and 0 points — and a fourth who never began. Returns (staff, sitting, (ticket, code) of
/// the top candidate and of the one who scored 0).
async fn sat_sitting(app: &TestApp) -> (Client, i64, (String, String), (String, String)) {
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &q).await;
    // Keys: q0 A, q1 AB, q2 错误.
    let papers: [(&str, [Value; 3]); 3] = [
        ("王建国", full_marks()),
        (
            "李秀兰",
            [
                json!({ "choices": [0] }),
                json!({ "choices": [0] }),
                json!({ "judgement": false }),
            ],
        ),
        (
            "张伟",
            [
                json!({ "choices": [1] }),
                Value::Null,
                json!({ "judgement": true }),
            ],
        ),
    ];
    let mut logins = Vec::new();
    for (n, (name, answers)) in papers.into_iter().enumerate() {
        let (ticket, code) =
            fixture::enrol(&staff, sitting, name, &fixture::id_card(n as u32)).await;
        hand_in(app, &ticket, &code, &q, &answers).await;
        logins.push((ticket, code));
    }
    fixture::enrol(&staff, sitting, "赵强", &fixture::id_card(9)).await;
    let zero = logins.pop().expect("third");
    let top = logins.remove(0);
    (staff, sitting, top, zero)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_stay_hidden_until_a_closed_sitting_is_published_once_with_a_note() {
    let app = TestApp::spawn().await;
    let (staff, sitting, (ticket, code), (zero_ticket, zero_code)) = sat_sitting(&app).await;
    let candidate = results_client(&app, &ticket, &code).await;
    let before = candidate.form("/api/results/mine", &[]).await;
    assert_eq!(
        before.ok()["outcome"],
        json!("NotPublished"),
        "{}",
        before.body
    );
    for secret in ["score", "key", EXPLANATION_MARKER, "passed"] {
        assert!(
            !before.body.contains(secret),
            "{secret} before publication: {}",
            before.body
        );
    }
    // The page itself (with its hydration data) says no more.
    let page = candidate.get("/results").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("成绩尚未发布"), "{}", page.body);
    assert!(!page.body.contains(EXPLANATION_MARKER));

    let open = fixture::publish(&staff, sitting, "经审核无误").await;
    assert_eq!(open.status, 409, "an open sitting: {}", open.body);
    assert!(
        open.body.contains("结束考试后才能发布成绩"),
        "{}",
        open.body
    );
    fixture::change_state(&staff, sitting, "close").await.ok();
    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(
        fixture::publish(&proctor, sitting, "经审核无误")
            .await
            .status,
        403
    );
    let outsider = app
        .staff(app.district("TD", "测试区人大常委会").await, Role::Staff)
        .await;
    assert_eq!(
        fixture::publish(&outsider, sitting, "经审核无误")
            .await
            .status,
        404
    );
    let blank = fixture::publish(&staff, sitting, "  ").await;
    assert_eq!(blank.status, 409, "{}", blank.body);
    assert!(candidate
        .form("/api/results/mine", &[])
        .await
        .body
        .contains("NotPublished"));

    // Markers do not publish (they would need the report, which lists every name); a reviewer does.
    let grader = app.staff(app.city(), Role::Grader).await;
    assert_eq!(
        fixture::publish(&grader, sitting, "经审核无误")
            .await
            .status,
        403
    );
    let reviewer = app.staff(app.city(), Role::Reviewer).await;
    assert_eq!(
        fixture::publish(&reviewer, sitting, "经审核无误")
            .await
            .ok(),
        json!(2),
        "two passes"
    );
    let again = fixture::publish(&staff, sitting, "再次发布").await;
    assert_eq!(again.status, 409);
    assert!(again.body.contains("已经发布"), "{}", again.body);

    let mine = candidate.form("/api/results/mine", &[]).await.ok();
    let published = &mine["outcome"]["Published"];
    assert_eq!(published["score"], json!(30), "{mine}");
    assert_eq!(published["passed"], json!(true));
    let items = published["items"].as_array().expect("review items");
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(|i| i["correct"] == json!(true)));
    assert_eq!(items[1]["key"], json!("AB"));
    assert!(items[0]["explanation"]
        .as_str()
        .expect("explanation")
        .contains(EXPLANATION_MARKER));
    assert!(!items[0]["article"].as_array().expect("article").is_empty());

    let failed = results_client(&app, &zero_ticket, &zero_code).await;
    let theirs = failed.form("/api/results/mine", &[]).await.ok();
    assert_eq!(theirs["outcome"]["Published"]["score"], json!(0));
    assert_eq!(theirs["outcome"]["Published"]["passed"], json!(false));
    assert_eq!(
        theirs["outcome"]["Published"]["items"][2]["given"],
        json!("正确")
    );

    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM pass_records WHERE sitting_id = {sitting}"
        ))
        .await,
        2
    );
    // No term end set: a pass counts for one term from the pass.
    assert_eq!(
        app.sql_i64(&format!("SELECT COUNT(*) FROM pass_records WHERE sitting_id = {sitting} AND valid_until = passed_at + {}", question_bank::results::TERM_MS)).await,
        2
    );
    let log = fixture::incidents(&staff, sitting).await;
    let event = log
        .as_array()
        .expect("incidents")
        .iter()
        .find(|i| i["action"] == json!("sitting.publish_results"))
        .cloned()
        .expect("publication audited");
    assert_eq!(event["reason"], json!("经审核无误"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_matches_the_hand_computed_statistics_and_exports_to_excel() {
    let app = TestApp::spawn().await;
    let (staff, sitting, _, _) = sat_sitting(&app).await;
    let report = fixture::report(&staff, sitting).await;
    assert_eq!(report["enrolled"], json!(4));
    assert_eq!(report["sat"], json!(3));
    assert_eq!(report["absent"], json!(1));
    assert_eq!(report["passed"], json!(2));
    // Scores 30, 20, 0: mean 50/3, median 20, population SD sqrt(1400/9) = 12.472.
    let stats = &report["stats"];
    assert!(
        close(stats["mean"].as_f64().expect("mean"), 50.0 / 3.0),
        "{stats}"
    );
    assert!(close(stats["median"].as_f64().expect("median"), 20.0));
    assert!(close(
        stats["std_dev"].as_f64().expect("sd"),
        (1400.0f64 / 9.0).sqrt()
    ));
    let bars: Vec<i64> = report["histogram"]
        .as_array()
        .expect("bars")
        .iter()
        .map(|b| b["count"].as_i64().expect("count"))
        .collect();
    assert_eq!(bars, [1, 0, 2], "0-9, 10-19, 20-30");
    // Number right 3, 2, 0: variance 14/9; Σpq = 3 · 2/9; KR-20 = 3/2 · (1 - (2/3)/(14/9)) = 6/7.
    assert!(
        close(report["kr20"].as_f64().expect("kr20"), 6.0 / 7.0),
        "{}",
        report["kr20"]
    );
    let facility: Vec<f64> = report["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["stats"]["facility"].as_f64().expect("facility"))
        .collect();
    assert!(
        close(facility[0], 2.0 / 3.0)
            && close(facility[1], 1.0 / 3.0)
            && close(facility[2], 2.0 / 3.0),
        "{facility:?}"
    );
    let by_kind = report["by_kind"].as_array().expect("by kind");
    let multi = by_kind
        .iter()
        .find(|g| g["label_zh"] == json!("多选题"))
        .expect("multiple choice row");
    assert_eq!(
        (
            multi["responses"].clone(),
            multi["correct"].clone(),
            multi["earned"].clone()
        ),
        (json!(3), json!(1), json!(10))
    );
    let law = &report["by_law"][0];
    assert_eq!(
        (
            law["label_zh"].clone(),
            law["earned"].clone(),
            law["possible"].clone()
        ),
        (json!("宪法"), json!(50), json!(90))
    );

    let (status, bytes) = staff
        .download(&format!("/staff/sittings/{sitting}/report.xlsx"))
        .await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"), "an xlsx is a zip");
    let (status, _) = app
        .client()
        .download(&format!("/staff/sittings/{sitting}/report.xlsx"))
        .await;
    assert_ne!(status, 200, "nobody logged in gets no workbook");
}

/// Corrects a fixture question's key in the bank (a new version); returns nothing.
async fn correct_key(
    staff: &Client,
    id: i64,
    kind: &str,
    stem: &str,
    options: &str,
    key: &str,
    article: &str,
) {
    let id = id.to_string();
    staff
        .form(
            "/api/bank/revise",
            &[
                ("id", id.as_str()),
                ("bank", "common"),
                ("kind", kind),
                ("stem", stem),
                ("options", options),
                ("key", key),
                ("explanation", "答案更正"),
                ("difficulty", "2"),
                ("law", "constitution"),
                ("article", article),
                ("reason", "答案录入有误，更正"),
            ],
        )
        .await
        .ok();
}

/// Corrects the first fixture question's key from A to B.
async fn correct_first_key(staff: &Client, id: i64) {
    correct_key(
        staff,
        id,
        "single_choice",
        "中华人民共和国的一切权力属于（ ）。",
        "人民\n国务院\n全国人民代表大会",
        "B",
        "2",
    )
    .await;
}

/// Asks for a regrade of the sitting (`mode` "dry" or "apply"); returns the reply.
async fn regrade(client: &Client, sitting: i64, mode: &str, reason: &str) -> tests::Reply {
    client
        .form(
            "/api/results/regrade",
            &[
                ("sitting_id", &sitting.to_string()),
                ("mode", mode),
                ("reason", reason),
            ],
        )
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_regrade_dry_run_lists_exactly_what_applying_it_changes_and_pass_records_follow() {
    let app = TestApp::spawn().await;
    let (staff, sitting, _, _) = sat_sitting(&app).await;
    fixture::close_and_publish(&staff, sitting).await;
    let passes_sql = format!("SELECT COUNT(*) FROM pass_records WHERE sitting_id = {sitting}");
    let count_passes = || app.sql_i64(&passes_sql);
    assert_eq!(count_passes().await, 2);
    let q: Vec<i64> = question_ids(&staff, sitting).await;
    // Keys A → B and 错误 → 正确: 王建国 30 → 10 and 李秀兰 20 → 0 fail; 张伟 0 → 20 passes.
    correct_first_key(&staff, q[0]).await;
    correct_key(
        &staff,
        q[2],
        "true_false",
        "地方各级人民代表大会每届任期三年。",
        "",
        "正确",
        "98",
    )
    .await;

    let run = |mode: &'static str, reason: &'static str| regrade(&staff, sitting, mode, reason);
    let dry = run("dry", "").await.ok();
    assert_eq!(dry["corrected_questions"], json!(2), "{dry}");
    assert_eq!(dry["papers"], json!(3));
    let changes = |plan: &Value| -> Vec<(String, i64, i64, bool)> {
        plan["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|c| {
                (
                    c["name"].as_str().expect("name").to_owned(),
                    c["old_score"].as_i64().expect("old"),
                    c["new_score"].as_i64().expect("new"),
                    c["new_passed"].as_bool().expect("passed"),
                )
            })
            .collect()
    };
    assert_eq!(
        changes(&dry),
        [
            ("王建国".to_owned(), 30, 10, false),
            ("李秀兰".to_owned(), 20, 0, false),
            ("张伟".to_owned(), 0, 20, true)
        ]
    );
    // A dry run changes nothing.
    assert_eq!(count_passes().await, 2);
    assert_eq!(run("dry", "").await.ok()["changes"], dry["changes"]);

    assert_eq!(
        run("apply", " ").await.status,
        422,
        "a regrade needs a reason"
    );
    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(regrade(&proctor, sitting, "apply", "x").await.status, 403);
    let applied = run("apply", "第1、2题答案更正").await.ok();
    assert_eq!(
        changes(&applied),
        changes(&dry),
        "applying does what the dry run said"
    );
    assert_eq!(count_passes().await, 1, "two pass records go, one comes");
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT score FROM pass_records WHERE sitting_id = {sitting}"
        ))
        .await,
        20
    );
    let report = fixture::report(&staff, sitting).await;
    let scores: Vec<i64> = report["candidates"]
        .as_array()
        .expect("rows")
        .iter()
        .filter_map(|c| c["score"].as_i64())
        .collect();
    assert_eq!(scores, [10, 0, 20]);
    assert!(report["incidents"]
        .as_array()
        .expect("log")
        .iter()
        .any(
            |i| i["action"] == json!("sitting.regrade") && i["reason"] == json!("第1、2题答案更正")
        ));
    // Marked again, nothing changes.
    assert!(run("dry", "").await.ok()["changes"]
        .as_array()
        .expect("changes")
        .is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_appeal_is_filed_after_publication_and_decided_upheld_or_corrected_by_the_score() {
    let app = TestApp::spawn().await;
    let (staff, sitting, _, (ticket, code)) = sat_sitting(&app).await;
    let candidate = results_client(&app, &ticket, &code).await;
    let appeal = |reason: &str| {
        let (candidate, reason) = (candidate.clone(), reason.to_owned());
        async move {
            candidate
                .form("/api/results/appeal", &[("reason", &reason)])
                .await
        }
    };
    let early = appeal("我认为第3题判错了").await;
    assert_eq!(early.status, 409, "{}", early.body);
    assert!(early.body.contains("成绩发布后方可申请复核"));
    fixture::close_and_publish(&staff, sitting).await;
    assert_eq!(appeal(" ").await.status, 409, "a reason is needed");
    appeal("我认为第3题判错了").await.ok();
    let twice = appeal("再次申请").await;
    assert_eq!(twice.status, 409);
    assert!(twice.body.contains("正在办理"), "{}", twice.body);

    let appeals = fixture::report(&staff, sitting).await["appeals"].clone();
    let first = appeals[0]["id"].as_i64().expect("appeal id");
    let candidate_id = appeals[0]["candidate_id"].as_i64().expect("candidate");
    assert_eq!(appeals[0]["score_at_filing"], json!(0));

    // The reviewer checks the paper: every answer with its key.
    let paper = staff
        .form_id("/api/results/paper", "candidate_id", candidate_id)
        .await
        .ok();
    assert_eq!(paper["items"].as_array().expect("items").len(), 3);
    assert_eq!(paper["items"][2]["key"], json!("错误"));
    assert_eq!(
        candidate
            .form_id("/api/results/paper", "candidate_id", candidate_id)
            .await
            .status,
        401
    );

    let decide = |client: &Client, id: i64, response: &str| {
        let (client, response) = (client.clone(), response.to_owned());
        async move {
            client
                .form(
                    "/api/results/decide-appeal",
                    &[("appeal_id", &id.to_string()), ("response", &response)],
                )
                .await
        }
    };
    // Appeals are decided by reviewers (复核), not by staff, proctors or those who mark
    // (issue 15 §4: this test had staff decide them).
    for role in [Role::Proctor, Role::Staff, Role::Grader] {
        let other = app.staff(app.city(), role).await;
        assert_eq!(decide(&other, first, "x").await.status, 403, "{role:?}");
    }
    let reviewer = app.staff(app.city(), Role::Reviewer).await;
    let outsider = app
        .staff(app.district("TD", "测试区人大常委会").await, Role::Reviewer)
        .await;
    assert_eq!(decide(&outsider, first, "x").await.status, 404);
    assert_eq!(
        decide(&reviewer, first, "经复核，评分无误").await.ok(),
        json!("Upheld")
    );
    assert_eq!(
        decide(&reviewer, first, "again").await.status,
        409,
        "decided once"
    );
    let mine = candidate.form("/api/results/mine", &[]).await.ok();
    let shown = &mine["outcome"]["Published"]["appeals"][0];
    assert_eq!(
        (shown["outcome"].clone(), shown["response"].clone()),
        (json!("Upheld"), json!("经复核，评分无误"))
    );

    // A second appeal after which the key is corrected and the sitting regraded: corrected.
    appeal("第1题的答案应为B").await.ok();
    let q = fixture::report(&staff, sitting).await["items"][0]["question_id"]
        .as_i64()
        .expect("q1");
    correct_first_key(&staff, q).await;
    regrade(&staff, sitting, "apply", "第1题答案更正")
        .await
        .ok();
    let second = fixture::report(&staff, sitting).await["appeals"][0]["id"]
        .as_i64()
        .expect("second appeal");
    assert_eq!(
        decide(&reviewer, second, "答案已更正，成绩重新评定")
            .await
            .ok(),
        json!("Corrected")
    );
    let mine = candidate.form("/api/results/mine", &[]).await.ok();
    let shown = &mine["outcome"]["Published"]["appeals"][0];
    assert_eq!(
        (shown["score_at_filing"].clone(), shown["score_now"].clone()),
        (json!(0), json!(10))
    );
    let actions: Vec<String> = fixture::report(&staff, sitting).await["incidents"]
        .as_array()
        .expect("log")
        .iter()
        .filter_map(|i| i["action"].as_str().map(str::to_owned))
        .filter(|a| a.starts_with("appeal."))
        .collect();
    assert_eq!(
        actions,
        [
            "appeal.file",
            "appeal.decide",
            "appeal.file",
            "appeal.decide"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_persons_history_shows_the_failed_sitting_the_passed_retake_and_the_pass_record() {
    let app = TestApp::spawn().await;
    let (staff, first, _, (ticket, _)) = sat_sitting(&app).await;
    fixture::close_and_publish(&staff, first).await;
    let detail = fixture::sitting_detail(&staff, first).await;
    let person = detail["candidates"]
        .as_array()
        .expect("rows")
        .iter()
        .find(|c| c["ticket_number"] == json!(ticket))
        .expect("张伟")["person_id"]
        .as_i64()
        .expect("person");
    // 张伟 failed (0 points); he retakes (the same questions) and passes.
    let q: Vec<i64> = question_ids(&staff, first).await;
    let retake = fixture::sitting(&staff, &q).await;
    let (t2, c2) = fixture::enrol(&staff, retake, "张伟", &fixture::id_card(2)).await;
    hand_in(&app, &t2, &c2, &q, &full_marks()).await;
    fixture::close_and_publish(&staff, retake).await;

    let history = |client: &Client| {
        let client = client.clone();
        async move {
            client
                .form_id("/api/results/person", "person_id", person)
                .await
        }
    };
    let h = history(&staff).await.ok();
    assert_eq!(h["name"], json!("张伟"));
    let rows: Vec<(i64, i64, bool)> = h["sittings"]
        .as_array()
        .expect("sittings")
        .iter()
        .map(|r| {
            (
                r["retake"].as_i64().expect("retake"),
                r["score"].as_i64().expect("score"),
                r["passed"].as_bool().expect("passed"),
            )
        })
        .collect();
    assert_eq!(rows, [(0, 0, false), (1, 30, true)]);
    let passes = h["passes"].as_array().expect("passes");
    assert_eq!(passes.len(), 1);
    assert_eq!(
        (passes[0]["score"].clone(), passes[0]["valid"].clone()),
        (json!(30), json!(true))
    );
    // A pass from an ended term no longer counts.
    app.sql(&format!(
        "UPDATE pass_records SET valid_until = 1 WHERE person_id = {person}"
    ))
    .await
    .expect("expire");
    assert_eq!(
        history(&staff).await.ok()["passes"][0]["valid"],
        json!(false)
    );
    let outsider = app
        .staff(app.district("TD", "测试区人大常委会").await, Role::Staff)
        .await;
    assert_eq!(history(&outsider).await.status, 404);
    let page = staff.get(&format!("/staff/people/{person}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("第1次补考") && page.body.contains("已过期"),
        "{}",
        page.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitting_with_partial_credit_pays_half_for_right_but_incomplete_multiple_choice() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting_with(&staff, &q, &[("multi_choice_policy", "partial:50")]).await;
    let detail = fixture::sitting_detail(&staff, sitting).await;
    assert_eq!(
        detail["summary"]["multi_choice"],
        json!({ "PartialCredit": { "percent": 50 } })
    );
    // Keys: A; AB; 错误. Only A of AB earns half; A and C (a wrong option) earns nothing.
    for (n, multi) in [json!({ "choices": [0] }), json!({ "choices": [0, 2] })]
        .into_iter()
        .enumerate()
    {
        let (candidate, attempt) = fixture::nth_started(&app, &staff, sitting, n).await;
        fixture::save(&candidate, attempt, q[0], json!({ "choices": [0] }), 1)
            .await
            .ok();
        fixture::save(&candidate, attempt, q[1], multi, 2)
            .await
            .ok();
        fixture::submit(&candidate, attempt).await.ok();
    }
    let report = fixture::report(&staff, sitting).await;
    let totals: Vec<i64> = report["candidates"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|c| c["score"].as_i64().expect("score"))
        .collect();
    assert_eq!(totals, [15, 10]);
    let multi = report["by_kind"]
        .as_array()
        .expect("kinds")
        .iter()
        .find(|g| g["label_zh"] == json!("多选题"))
        .cloned()
        .expect("multiple choice");
    assert_eq!(
        (multi["earned"].clone(), multi["correct"].clone()),
        (json!(5), json!(0))
    );
    // Marking again changes nothing: the regrade uses the same policy.
    let dry = staff
        .form(
            "/api/results/regrade",
            &[("sitting_id", &sitting.to_string()), ("mode", "dry")],
        )
        .await
        .ok();
    assert!(
        dry["changes"].as_array().expect("changes").is_empty(),
        "{dry}"
    );
    let bad = staff
        .form(
            "/api/sittings/create",
            &[
                ("title", "x"),
                ("opens_at", &tests::cst_in(10)),
                ("closes_at", &tests::cst_in(200)),
                ("duration_minutes", "60"),
                ("pass_mark", "10"),
                ("multi_choice_policy", "partial:0"),
            ],
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("multi_choice_policy"), "{}", bad.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn item_analysis_across_sittings_counts_every_closed_sitting_in_reach() {
    let app = TestApp::spawn().await;
    let (staff, first, _, _) = sat_sitting(&app).await;
    let q = question_ids(&staff, first).await;
    // A second sitting of the same questions: one candidate, all right.
    let second = fixture::sitting(&staff, &q).await;
    let (ticket, code) = fixture::enrol(&staff, second, "刘洋", &fixture::id_card(7)).await;
    hand_in(&app, &ticket, &code, &q, &full_marks()).await;
    let analysis = || staff.form("/api/results/analysis", &[]);
    // Open sittings are not counted yet.
    assert_eq!(analysis().await.ok()["sittings"], json!(0));
    for sitting in [first, second] {
        fixture::change_state(&staff, sitting, "close").await.ok();
    }
    let a = analysis().await.ok();
    assert_eq!(
        (a["sittings"].clone(), a["papers"].clone()),
        (json!(2), json!(4))
    );
    // q1 (AB): right on 2 of 4 papers.
    let q1 = a["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["question_id"] == json!(q[1]))
        .cloned()
        .expect("q1");
    assert_eq!(
        (
            q1["stats"]["answered_by"].clone(),
            q1["stats"]["correct"].clone()
        ),
        (json!(4), json!(2))
    );
    let outsider = app
        .staff(app.district("TD", "测试区人大常委会").await, Role::Staff)
        .await;
    assert_eq!(
        outsider.form("/api/results/analysis", &[]).await.ok()["sittings"],
        json!(0)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pass_counts_until_the_term_end_the_jurisdiction_set() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let set = |term: &str| {
        let (admin, term) = (admin.clone(), term.to_owned());
        async move {
            fixture::set_rules(
                &admin,
                &[
                    ("paper_mode", "fixed"),
                    ("term_ends_on", &term),
                    ("reason", "本届任期届满日期"),
                ],
            )
            .await
        }
    };
    let bad = set("明年年底").await;
    assert_eq!(
        bad.json()["Invalid"]["field"],
        json!("term_ends_on"),
        "{}",
        bad.body
    );
    set("2099-12-31").await.ok();
    let shown = admin.form("/api/sittings/rules", &[]).await.ok();
    let end = question_bank::exam::clock::parse_cst("2099-12-31T23:59").expect("time");
    assert_eq!(shown["rules"]["term_ends_at"], json!(end));

    let (staff, sitting, _, _) = sat_sitting(&app).await;
    fixture::close_and_publish(&staff, sitting).await;
    assert_eq!(
        app.sql_i64(&format!("SELECT COUNT(*) FROM pass_records WHERE sitting_id = {sitting} AND valid_until = {end}")).await,
        2
    );
}
