//! Hostile: keys and blind marking (issue 15 §3, §4). A key, its explanation and its article
//! stay secret while a scheduled or open sitting may still use the question — from a
//! candidate practising for another sitting, from a published sitting's review, from proctors
//! and graders; and nothing a grader may read links a sealed script to a person while
//! scripts remain to be marked. Appeals are decided by reviewers.

use std::collections::HashSet;
use std::time::Duration;

use app::auth::Role;
use serde_json::{json, Value};
use tests::fixture::{self, change_state, EXPLANATION_MARKER};
use tests::{Client, TestApp};

/// "AC" → the choices, "正确"/"错误" → the judgement: an answer from a key as shown.
fn answer_from_key(key: &str) -> Value {
    match key {
        "正确" => json!({ "judgement": true }),
        "错误" => json!({ "judgement": false }),
        letters => json!({ "choices": letters.bytes().map(|b| b - b'A').collect::<Vec<_>>() }),
    }
}

/// A client logged in with `endpoint` ("practice-login", "results-login").
async fn logged_in(app: &TestApp, endpoint: &str, ticket: &str, code: &str) -> Client {
    fixture::logged_in(app, &format!("/api/auth/{endpoint}"), ticket, code).await
}

/// The stored key of question `id` as the bank shows it to staff ("A", "AB", "错误").
async fn key_of(staff: &Client, id: i64) -> String {
    staff.form_id("/api/bank/get", "id", id).await.ok()["key"]
        .as_str()
        .expect("key")
        .to_owned()
}

/// Feedback that tells nothing: no verdict, no key, explanation, citation or article, and
/// the reason why.
fn assert_withheld(feedback: &Value, what: &str) {
    assert_eq!(feedback["withheld"], json!("Live"), "{what}: {feedback}");
    assert_eq!(feedback["correct"], Value::Null, "{what}: {feedback}");
    for field in ["key", "explanation", "citation"] {
        assert_eq!(feedback[field], json!(""), "{what}: {field} in {feedback}");
    }
    assert_eq!(feedback["article"], json!([]), "{what}: {feedback}");
}

/// Revises question `id` (same key) and returns the new version's id.
async fn revise(staff: &Client, id: i64) -> i64 {
    let q = staff.form_id("/api/bank/get", "id", id).await.ok();
    let article = q["article"].to_string();
    staff
        .form(
            "/api/bank/revise",
            &[
                ("id", &id.to_string()),
                ("bank", q["bank"].as_str().expect("bank")),
                ("kind", q["kind"].as_str().expect("kind")),
                (
                    "stem",
                    &format!("{}（修订）", q["stem"].as_str().expect("stem")),
                ),
                (
                    "options",
                    &q["options"]
                        .as_array()
                        .expect("options")
                        .iter()
                        .filter_map(Value::as_str)
                        .collect::<Vec<_>>()
                        .join("\n"),
                ),
                ("key", q["key"].as_str().expect("key")),
                ("explanation", q["explanation"].as_str().unwrap_or("")),
                ("difficulty", &q["difficulty"].to_string()),
                ("law", q["law_id"].as_str().expect("law")),
                ("article", &article),
                ("reason", "措辞修订"),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("new version")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_practising_for_another_sitting_learns_no_key_of_a_live_paper() {
    let app = TestApp::spawn().await;
    let staff = fixture::seed_bank(&app).await;
    let mut single = Vec::new();
    for n in 0..21 {
        single.push(
            app.sql_i64(&format!(
                "SELECT id FROM questions WHERE law_id = 'constitution' AND kind = 'single_choice' ORDER BY id LIMIT 1 OFFSET {n}"
            ))
            .await,
        );
    }
    // Sitting A is open with ten Constitution questions on its fixed paper.
    let paper_a: Vec<i64> = single[..10].to_vec();
    let sitting_a = fixture::sitting(&staff, &paper_a).await;
    // Sitting B, next week, has one other question; its candidate practises now.
    let own = single[20];
    let sitting_b = fixture::draft_sitting_with(&staff, &[own], &[("pass_mark", "6")]).await;
    change_state(&staff, sitting_b, "schedule").await.ok();
    let (ticket, code) = fixture::enrol(&staff, sitting_b, "王建国", &fixture::id_card(1)).await;
    let practice = logged_in(&app, "practice-login", &ticket, &code).await;

    // 1. The ids of A's live paper, never served to this session, with every answer: refused,
    //    and no key or explanation in the raw response.
    let explanations: Vec<String> = {
        let mut e = Vec::new();
        for id in &paper_a {
            let q = staff.form_id("/api/bank/get", "id", *id).await.ok();
            e.push(q["explanation"].as_str().unwrap_or("").to_owned());
        }
        e
    };
    for id in &paper_a {
        for answer in [
            json!({ "choices": [0] }),
            json!({ "choices": [1] }),
            json!({ "choices": [2] }),
            json!({ "choices": [3] }),
        ] {
            let reply = practice
                .json(
                    "/api/practice/check",
                    &json!({ "question_id": id, "answer": answer }),
                )
                .await;
            assert_eq!(reply.status, 404, "unserved {id}: {}", reply.body);
            assert!(
                !reply.body.contains("\"key\"") && !reply.body.contains("explanation"),
                "{}",
                reply.body
            );
            for e in explanations.iter().filter(|e| e.len() > 4) {
                assert!(!reply.body.contains(e.as_str()), "{}", reply.body);
            }
        }
    }

    // 2. A live question revised meanwhile: its new version is live too (the same lineage).
    let revised = revise(&staff, paper_a[0]).await;

    // 3. Practice never serves a live question (its stem alone, ahead of the exam, would let
    //    one look the answer up): walking every question of the law meets none of A's
    //    paper, B's own question or the revision; what it serves it answers with the key.
    let live: HashSet<i64> = paper_a.iter().copied().chain([own, revised]).collect();
    let seen = walk_practice(&practice).await;
    assert!(
        seen.len() > 50,
        "practice serves the rest of the law: {}",
        seen.len()
    );
    let served_live: Vec<&i64> = seen.iter().filter(|id| live.contains(id)).collect();
    assert!(
        served_live.is_empty(),
        "live questions served: {served_live:?}"
    );
    let mut shown = seen[0];
    for id in &seen {
        let kind = app
            .sql_i64(&format!(
                "SELECT COUNT(*) FROM questions WHERE id = {id} AND kind = 'single_choice'"
            ))
            .await;
        if kind == 1 {
            shown = *id;
            break;
        }
    }
    let key = key_of(&staff, shown).await;
    let told = practice
        .json(
            "/api/practice/check",
            &json!({ "question_id": shown, "answer": answer_from_key(&key) }),
        )
        .await
        .ok();
    assert_eq!(
        (told["correct"].clone(), told["key"].clone()),
        (json!(true), json!(key))
    );
    assert_eq!(told["withheld"], Value::Null);

    // 3b. A question served while free that a sitting then schedules is live from then on:
    //     the check withholds its key, verdict and article, whatever is asked.
    let later = fixture::draft_sitting_with(&staff, &[shown], &[("pass_mark", "6")]).await;
    change_state(&staff, later, "schedule").await.ok();
    for option in 0..2u8 {
        let reply = practice
            .json(
                "/api/practice/check",
                &json!({ "question_id": shown, "answer": { "choices": [option] } }),
            )
            .await;
        assert_withheld(
            &reply.ok(),
            &format!("scheduled since served, option {option}"),
        );
        assert!(!reply.body.contains(EXPLANATION_MARKER));
    }

    // 4. A mock paper: a seed this session was not given is refused; its own papers hold no
    //    live question, and every item is marked and explained.
    let forged = practice
        .json(
            "/api/practice/mock/hand-in",
            &json!({ "seed": "12345", "answers": [] }),
        )
        .await;
    assert_eq!(forged.status, 422, "{}", forged.body);
    assert!(!forged.body.contains("\"key\""), "{}", forged.body);
    for _ in 0..4 {
        let mock = practice.json("/api/practice/mock", &json!({})).await.ok();
        let result = practice
            .json(
                "/api/practice/mock/hand-in",
                &json!({ "seed": mock["seed"], "answers": [] }),
            )
            .await
            .ok();
        for item in result["items"].as_array().expect("items") {
            let id = item["question_id"].as_i64().expect("id");
            assert!(
                !live.contains(&id) && id != shown,
                "a live question in a mock: {item}"
            );
            assert_ne!(item["key"], json!(""), "{item}");
        }
        assert_eq!(result["unmarked"], json!(0), "{result}");
    }

    // 5. Once A is over, its questions are served again with their keys; B's own question,
    //    still scheduled, is not.
    change_state(&staff, sitting_a, "close").await.ok();
    let seen = walk_practice(&practice).await;
    assert!(seen.contains(&paper_a[1]), "A's questions are free again");
    assert!(!seen.contains(&own), "B's own question stays unserved");
    let after = practice
        .json(
            "/api/practice/check",
            &json!({ "question_id": paper_a[1], "answer": { "choices": [0] } }),
        )
        .await
        .ok();
    assert_eq!(after["withheld"], Value::Null, "{after}");
    assert_ne!(after["key"], json!(""));
}

/// Every Constitution question practice serves this session, asking for the next until it
/// repeats.
async fn walk_practice(practice: &Client) -> Vec<i64> {
    let mut seen: Vec<i64> = Vec::new();
    loop {
        let reply = practice
            .json(
                "/api/practice/next",
                &json!({ "law": "constitution", "exclude": seen }),
            )
            .await
            .ok();
        let Some(id) = reply["question_id"].as_i64() else {
            break;
        };
        if seen.contains(&id) {
            break;
        }
        seen.push(id);
    }
    seen
}

/// A sitting of the three fixture questions with full review, its candidate's paper handed
/// in and its results published; returns (staff, questions, results client).
async fn published_with_full_review(app: &TestApp) -> (Client, Vec<i64>, Client) {
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting_with(&staff, &q, &[("review_policy", "full")]).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", &fixture::id_card(1)).await;
    let (candidate, attempt) = fixture::candidate_started(app, &ticket, &code).await;
    for (n, (id, key)) in q.iter().zip(["A", "AB", "错误"]).enumerate() {
        fixture::save(&candidate, attempt, *id, answer_from_key(key), n as i64 + 1)
            .await
            .ok();
    }
    fixture::submit(&candidate, attempt).await.ok();
    fixture::close_and_publish(&staff, sitting).await;
    let results = logged_in(app, "results-login", &ticket, &code).await;
    (staff, q, results)
}

/// The review's items of `/api/results/mine`, by question number.
async fn review(results: &Client) -> (Vec<Value>, String) {
    let reply = results.form("/api/results/mine", &[]).await;
    let items = reply.ok()["outcome"]["Published"]["items"]
        .as_array()
        .expect("review items")
        .clone();
    (items, reply.body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_published_review_withholds_the_keys_of_questions_another_sitting_still_uses() {
    let app = TestApp::spawn().await;
    let (staff, q, results) = published_with_full_review(&app).await;
    let (items, body) = review(&results).await;
    assert_eq!(
        items[0]["key"],
        json!("A"),
        "before: every key is told: {body}"
    );
    assert!(body.contains(EXPLANATION_MARKER));

    // Another sitting puts question 1 on its paper and is scheduled; a third puts a new
    // version of question 2 on its paper and is open.
    let other = fixture::draft_sitting_with(&staff, &[q[0]], &[("pass_mark", "6")]).await;
    change_state(&staff, other, "schedule").await.ok();
    let revised = revise(&staff, q[1]).await;
    let third = fixture::sitting_with(&staff, &[revised], &[("pass_mark", "6")]).await;
    let (items, body) = review(&results).await;
    for (n, item) in items.iter().enumerate().take(2) {
        assert_eq!(
            item["withheld"],
            json!("Live"),
            "question {}: {item}",
            n + 1
        );
        for field in ["key", "explanation", "citation"] {
            assert_eq!(
                item[field],
                Value::Null,
                "question {} {field}: {item}",
                n + 1
            );
        }
        assert_eq!(item["article"], json!([]));
    }
    assert_eq!(
        items[2]["key"],
        json!("错误"),
        "question 3 is used by no sitting"
    );
    // The fixture's explanations name their article: 2, 33 and 98.
    let page = results.get("/results").await;
    for text in [&body, &page.body] {
        assert!(
            !text.contains("见宪法第2条") && !text.contains("见宪法第33条"),
            "{text}"
        );
        assert!(text.contains("见宪法第98条"), "{text}");
    }
    // The page says why.
    assert!(
        page.body.contains("答案、解析和法条暂不公布"),
        "{}",
        page.body
    );

    // Once the others are over (or back to draft, which holds nothing yet), the keys are told.
    change_state(&staff, third, "close").await.ok();
    change_state(&staff, other, "unschedule").await.ok();
    let (items, body) = review(&results).await;
    assert_eq!(items[0]["key"], json!("A"), "{}", items[0]);
    assert_eq!(items[1]["key"], json!("AB"), "{}", items[1]);
    assert_eq!(body.matches(EXPLANATION_MARKER).count(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn proctors_graders_and_reviewers_read_no_key_in_the_bank() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let admin = app.staff(app.city(), Role::Admin).await;
    for (who, client) in [("staff", &staff), ("admin", &admin)] {
        let got = client
            .form("/api/bank/get", &[("id", &q[0].to_string())])
            .await
            .ok();
        assert_eq!(got["key"], json!("A"), "{who} manages the bank");
    }
    for role in [Role::Proctor, Role::Grader, Role::Reviewer] {
        let reader = app.staff(app.city(), role).await;
        let list = reader.form("/api/bank/list", &[]).await;
        let rows = list.ok()["rows"].as_array().expect("rows").clone();
        assert_eq!(rows.len(), 3, "{role:?} reads the bank");
        for row in &rows {
            assert_eq!(row["key"], json!(""), "{role:?}: {row}");
            assert_eq!(row["withheld"], json!("Role"), "{role:?}: {row}");
        }
        assert!(!list.body.contains(EXPLANATION_MARKER), "{role:?}");
        for id in &q {
            let one = reader.form_id("/api/bank/get", "id", *id).await;
            assert_eq!(one.ok()["key"], json!(""), "{role:?}");
            assert!(!one.body.contains(EXPLANATION_MARKER), "{role:?}");
            for page in [
                format!("/staff/questions/{id}/preview"),
                format!("/staff/questions/{id}/edit"),
            ] {
                let html = reader.get(&page).await;
                assert!(
                    !html.body.contains(EXPLANATION_MARKER),
                    "{role:?} {page}: {}",
                    html.body
                );
            }
        }
        let html = reader.get("/staff/questions").await;
        assert!(
            !html.body.contains(EXPLANATION_MARKER),
            "{role:?} bank page"
        );
        for export in ["xlsx", "json", "gift"] {
            let (status, bytes) = reader
                .download(&format!("/staff/questions/export.{export}"))
                .await;
            assert_eq!(status, 403, "{role:?} export.{export}");
            assert!(!String::from_utf8_lossy(&bytes).contains(EXPLANATION_MARKER));
        }
    }
    // A proctor reads no key anywhere: not through a candidate's paper either.
    let sitting = fixture::sitting(&staff, &q).await;
    fixture::enrol(&staff, sitting, "王建国", &fixture::id_card(1)).await;
    let candidate = app
        .sql_i64(&format!(
            "SELECT MIN(id) FROM candidates WHERE sitting_id = {sitting}"
        ))
        .await;
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let paper = proctor
        .form_id("/api/results/paper", "candidate_id", candidate)
        .await;
    assert_eq!(paper.status, 403, "{}", paper.body);
    let page = proctor
        .get(&format!("/staff/candidates/{candidate}/paper"))
        .await;
    assert!(!page.body.contains(EXPLANATION_MARKER));
}

/// Every server function's endpoint (`#[server(... endpoint = "...")]` in app/src).
const ENDPOINTS: &[&str] = &[
    "appointments/board",
    "appointments/create",
    "appointments/create-meeting",
    "appointments/enrol",
    "appointments/import-report",
    "appointments/meetings",
    "appointments/nomination",
    "appointments/nominations",
    "appointments/oath",
    "appointments/oaths",
    "appointments/report",
    "appointments/stats",
    "appointments/step",
    "appointments/timeline",
    "audit/list",
    "auth/whoami",
    "bank/add",
    "bank/bulk",
    "bank/get",
    "bank/import",
    "bank/import/commit",
    "bank/list",
    "bank/revise",
    "exam/clock",
    "exam/focus-lost",
    "exam/save",
    "exam/start",
    "exam/state",
    "exam/submit",
    "marking/desk",
    "marking/sittings",
    "practice/check",
    "practice/home",
    "practice/mock",
    "practice/mock/hand-in",
    "practice/next",
    "results/analysis",
    "results/appeal",
    "results/decide-appeal",
    "results/mine",
    "results/paper",
    "results/person",
    "results/publish",
    "results/regrade",
    "results/report",
    "sittings/change-state",
    "sittings/create",
    "sittings/detail",
    "sittings/enrol",
    "sittings/extend-all",
    "sittings/incidents",
    "sittings/list",
    "sittings/proctor",
    "sittings/reissue-code",
    "sittings/roster-report",
    "sittings/rules",
    "sittings/set-rules",
    "sittings/slips",
    "sittings/verify-paper",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_a_grader_reads_links_a_sealed_script_to_a_person_and_reviewers_decide_appeals() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let mut q = fixture::questions(&staff).await;
    let short = fixture::short_answer(&staff).await;
    q.push(short);
    let sitting = fixture::sitting_with(&staff, &q, &[("marking_plan", "single")]).await;
    let people = [
        ("欧阳明月", fixture::id_card(11), "实行民主集中制原则。"),
        ("司马青云", fixture::id_card(12), "不清楚"),
    ];
    let mut secrets: Vec<String> = Vec::new();
    let mut logins = Vec::new();
    for (name, id_card, text) in &people {
        let (ticket, code) = fixture::enrol(&staff, sitting, name, id_card).await;
        let (candidate, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
        fixture::save(&candidate, attempt, short, json!({ "text": text }), 1)
            .await
            .ok();
        fixture::submit(&candidate, attempt).await.ok();
        secrets.extend([name.to_string(), ticket.clone(), id_card.clone()]);
        // The masked form (110105********1234) shown in histories.
        secrets.push(format!("{}********{}", &id_card[..6], &id_card[14..]));
        logins.push((ticket, code));
    }
    let candidates: Vec<i64> = vec![
        app.sql_i64(&format!(
            "SELECT MIN(id) FROM candidates WHERE sitting_id = {sitting}"
        ))
        .await,
        app.sql_i64(&format!(
            "SELECT MAX(id) FROM candidates WHERE sitting_id = {sitting}"
        ))
        .await,
    ];
    let persons: Vec<i64> = vec![
        app.sql_i64(&format!(
            "SELECT person_id FROM candidates WHERE id = {}",
            candidates[0]
        ))
        .await,
        app.sql_i64(&format!(
            "SELECT person_id FROM candidates WHERE id = {}",
            candidates[1]
        ))
        .await,
    ];
    let grader = app.staff(app.city(), Role::Grader).await;
    let check = |what: &str, status: u16, body: &str| {
        for secret in &secrets {
            assert!(
                !body.contains(secret.as_str()),
                "{what} ({status}) shows {secret} to a grader: {body}"
            );
        }
    };

    // Before and after the sitting closes: scripts still unmarked throughout.
    for phase in ["open", "closed"] {
        if phase == "closed" {
            change_state(&staff, sitting, "close").await.ok();
        }
        // The grader's own work still works: a sealed script is waiting.
        let desk = grader
            .form_id("/api/marking/desk", "sitting_id", sitting)
            .await;
        assert!(desk.ok()["next"]["code"].is_string(), "{}", desk.body);
        check("marking/desk", 200, &desk.body);

        // Every server function, with the ids of this sitting, each candidate and person.
        for (candidate, person) in candidates.iter().zip(&persons) {
            let (s, c, p, qid) = (
                sitting.to_string(),
                candidate.to_string(),
                person.to_string(),
                short.to_string(),
            );
            let fields: Vec<(&str, &str)> = vec![
                ("sitting_id", &s),
                ("candidate_id", &c),
                ("person_id", &p),
                ("id", &qid),
                ("appeal_id", "1"),
                ("mode", "dry"),
                ("reason", "核对"),
                ("note", "核对"),
                ("response", "核对"),
            ];
            for endpoint in ENDPOINTS {
                let path = format!("/api/{endpoint}");
                let reply = grader.form(&path, &fields).await;
                check(&path, reply.status, &reply.body);
                let reply = grader
                    .json(
                        &path,
                        &json!({ "sitting_id": sitting, "candidate_id": candidate, "person_id": person }),
                    )
                    .await;
                check(&path, reply.status, &reply.body);
            }
            for endpoint in [
                "sittings/detail",
                "sittings/list",
                "sittings/incidents",
                "sittings/roster-report",
                "sittings/slips",
                "results/report",
                "results/paper",
                "results/person",
                "results/analysis",
                "results/regrade",
            ] {
                let reply = grader.form(&format!("/api/{endpoint}"), &fields).await;
                assert_eq!(reply.status, 403, "{endpoint}: {}", reply.body);
            }
            // Every page (its server-rendered HTML and hydration data).
            for page in [
                "/".to_owned(),
                "/staff/sittings".to_owned(),
                format!("/staff/sittings/{sitting}"),
                format!("/staff/sittings/{sitting}/roster"),
                format!("/staff/sittings/{sitting}/slips"),
                format!("/staff/sittings/{sitting}/console"),
                format!("/staff/sittings/{sitting}/report"),
                format!("/staff/sittings/{sitting}/notices"),
                format!("/staff/sittings/{sitting}/sign-in"),
                format!("/staff/candidates/{candidate}/paper"),
                "/staff/marking".to_owned(),
                format!("/staff/marking/{sitting}"),
                "/staff/nominations".to_owned(),
                "/staff/meetings".to_owned(),
                "/staff/oaths".to_owned(),
                "/staff/appointment-stats".to_owned(),
                "/staff/analysis".to_owned(),
                format!("/staff/people/{person}"),
                "/staff/questions".to_owned(),
                format!("/staff/questions/{short}/preview"),
                format!("/staff/questions/{short}/edit"),
                "/staff/audit".to_owned(),
                "/staff/rules".to_owned(),
                "/results".to_owned(),
                "/exam".to_owned(),
                "/practice".to_owned(),
            ] {
                let reply = grader.get(&page).await;
                check(&page, reply.status, &reply.body);
            }
            // Every file route. Spreadsheets are compressed, so a download must be refused
            // outright rather than searched.
            for file in [
                format!("/staff/sittings/{sitting}/report.xlsx"),
                "/staff/sittings/roster-template.xlsx".to_owned(),
                "/staff/appointment-stats.xlsx".to_owned(),
                "/staff/nominations/template.xlsx".to_owned(),
                "/staff/questions/export.xlsx".to_owned(),
                "/staff/questions/export.json".to_owned(),
                "/staff/questions/export.gift".to_owned(),
            ] {
                let (status, bytes) = grader.download(&file).await;
                assert_ne!(status, 200, "{file} downloaded by a grader");
                check(&file, status, &String::from_utf8_lossy(&bytes));
            }
            // The console's live feed: refused at once, not a stream of names.
            let events = tokio::time::timeout(
                Duration::from_secs(10),
                grader.download(&format!("/staff/sittings/{sitting}/console/events")),
            )
            .await
            .expect("the feed answers a grader at once");
            assert_eq!(events.0, 403);
            check(
                "console/events",
                events.0,
                &String::from_utf8_lossy(&events.1),
            );
        }
    }

    // The grader marks every script; the sitting is published; a candidate appeals.
    loop {
        let desk = grader
            .form_id("/api/marking/desk", "sitting_id", sitting)
            .await
            .ok();
        let script = desk["next"].clone();
        if script.is_null() {
            break;
        }
        grader
            .form(
                "/api/marking/mark",
                &[
                    ("sitting_id", &sitting.to_string()),
                    ("code", script["code"].as_str().expect("code")),
                    ("question_id", &short.to_string()),
                    ("stage", "1"),
                    ("points", "5"),
                ],
            )
            .await
            .ok();
    }
    let reviewer = app.staff(app.city(), Role::Reviewer).await;
    fixture::publish(&reviewer, sitting, "经审核无误")
        .await
        .ok();
    let (ticket, code) = &logins[0];
    let results = logged_in(&app, "results-login", ticket, code).await;
    results
        .form("/api/results/appeal", &[("reason", "我认为简答题判分偏低")])
        .await
        .ok();
    let appeal = app.sql_i64("SELECT MAX(id) FROM appeals").await.to_string();
    let decide = |client: &Client| {
        let (client, appeal) = (client.clone(), appeal.clone());
        async move {
            client
                .form(
                    "/api/results/decide-appeal",
                    &[("appeal_id", &appeal), ("response", "经复核，评分无误")],
                )
                .await
        }
    };
    // Those who marked (graders) and staff do not decide appeals; a reviewer does.
    for role in [Role::Grader, Role::Staff, Role::Proctor] {
        let client = app.staff(app.city(), role).await;
        assert_eq!(decide(&client).await.status, 403, "{role:?}");
    }
    assert_eq!(
        decide(&grader).await.status,
        403,
        "the grader who marked it"
    );
    // The reviewer re-checks the paper, named and with its keys, then decides.
    let paper = reviewer
        .form(
            "/api/results/paper",
            &[("candidate_id", &candidates[0].to_string())],
        )
        .await
        .ok();
    assert_eq!(paper["name"], json!("欧阳明月"));
    assert_eq!(decide(&reviewer).await.ok(), json!("Upheld"));
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'appeal.%'")
            .await,
        2,
        "filed and decided, both audited"
    );
}

/// Scores are withheld like keys from those whose work does not need them: a proctor runs
/// the room and reads no score, before publication or after; staff do.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_proctor_reads_no_score_anywhere() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let sitting = exam.sitting;
    exam.save(0, json!({ "choices": [0] }), 1).await.ok();
    exam.submit().await.ok();
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let candidate_id = fixture::sitting_detail(&exam.staff, sitting).await["candidates"][0]["id"]
        .as_i64()
        .expect("candidate");
    let person = app
        .sql_i64(&format!(
            "SELECT person_id FROM candidates WHERE id = {candidate_id}"
        ))
        .await;
    for published in [false, true] {
        if published {
            fixture::close_and_publish(&exam.staff, sitting).await;
        }
        // Staff read the score (so the proctor's blanks below are a rule, not missing data).
        let theirs = fixture::sitting_detail(&exam.staff, sitting).await;
        assert_eq!(theirs["candidates"][0]["score"], json!(10), "{theirs}");
        let mine = fixture::sitting_detail(&proctor, sitting).await;
        assert_eq!(mine["candidates"][0]["score"], Value::Null, "{mine}");
        assert_eq!(mine["candidates"][0]["passed"], Value::Null, "{mine}");
        let page = proctor.get(&format!("/staff/sittings/{sitting}")).await;
        assert!(!page.body.contains("\"score\":10"), "published {published}");
        for (path, field, value) in [
            ("/api/results/report", "sitting_id", sitting),
            ("/api/results/person", "person_id", person),
        ] {
            let reply = proctor.form(path, &[(field, &value.to_string())]).await;
            assert_eq!(reply.status, 403, "{path}: {}", reply.body);
        }
        assert_eq!(proctor.form("/api/results/analysis", &[]).await.status, 403);
        let (status, _) = proctor
            .download(&format!("/staff/sittings/{sitting}/report.xlsx"))
            .await;
        assert_eq!(status, 403);
    }
}
