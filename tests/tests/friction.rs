//! Domain-level friction (issue 19, items 6, 9 and 13): a fixed paper reads in one part per
//! type in the published order whatever order its questions were ticked in; item analysis
//! takes a part-marked short answer for what it earned and the report's attendance adds up
//! while a script waits for arbitration; the demo's appointments follow the exam in time.

use app::auth::Role;
use question_bank::appointments::appointment::CivilDate;
use serde_json::{json, Value};
use tests::fixture;
use tests::{Client, TestApp};

/// Adds a question of `kind` to the city's bank; returns its id. `n` keeps stems distinct.
async fn add(staff: &Client, kind: &str, n: usize) -> i64 {
    let stem = format!("第{n}题：依照宪法，下列说法是否正确（{kind}）？");
    let (options, key) = match kind {
        "single_choice" => ("正确说法\n错误说法\n无关说法", "A"),
        "multiple_choice" => ("正确说法甲\n正确说法乙\n错误说法", "AB"),
        "true_false" => ("", "正确"),
        _ => ("", "民主集中制。"),
    };
    let mut fields = vec![
        ("bank", "common"),
        ("kind", kind),
        ("stem", stem.as_str()),
        ("options", options),
        ("key", key),
        ("difficulty", "2"),
        ("law", "constitution"),
        ("article", "3"),
    ];
    if kind == "short_answer" {
        fields.push(("marking_points", "民主集中制"));
    }
    staff
        .form("/api/bank/add", &fields)
        .await
        .ok()
        .as_i64()
        .expect("question id")
}

/// The kinds of a started paper's questions, in paper order.
async fn paper_kinds(app: &TestApp, staff: &Client, sitting: i64, n: u32) -> Vec<(i64, String)> {
    let (ticket, code) = fixture::enrol(staff, sitting, "王建国", &fixture::id_card(n)).await;
    let candidate = fixture::candidate_login(app, &ticket, &code).await;
    let state = candidate.form("/api/exam/start", &[]).await.ok();
    let questions = state["phase"]["InProgress"]["questions"]
        .as_array()
        .expect("a paper")
        .clone();
    questions
        .iter()
        .map(|q| {
            (
                q["question_id"].as_i64().expect("id"),
                q["kind"].as_str().expect("kind").to_owned(),
            )
        })
        .collect()
}

/// Questions ticked with their types alternating (the ids, which are the ticking order the
/// form keeps, alternate: 判断, 单选, 多选, 判断, 单选, 简答, 多选, 单选), in several mixes: the
/// candidate's paper has one run per type, in the order 单选, 多选, 判断, 简答, each keeping
/// its questions' ticked order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fixed_paper_has_one_part_per_type_in_the_published_order() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let kinds = [
        "true_false",
        "single_choice",
        "multiple_choice",
        "true_false",
        "single_choice",
        "short_answer",
        "multiple_choice",
        "single_choice",
    ];
    let mut ids = Vec::new();
    for (n, kind) in kinds.iter().enumerate() {
        ids.push((add(&staff, kind, n).await, *kind));
    }
    let published = [
        "single_choice",
        "multiple_choice",
        "true_false",
        "short_answer",
    ];
    // Every question; only the objective ones in reverse; a mix of two types.
    let mixes: Vec<Vec<(i64, &str)>> = vec![
        ids.clone(),
        ids.iter()
            .rev()
            .filter(|q| q.1 != "short_answer")
            .copied()
            .collect(),
        ids.iter()
            .filter(|q| q.1 == "true_false" || q.1 == "multiple_choice")
            .copied()
            .collect(),
    ];
    for (m, mix) in mixes.iter().enumerate() {
        let ticked: Vec<i64> = mix.iter().map(|q| q.0).collect();
        let sitting = fixture::sitting_with(&staff, &ticked, &[("pass_mark", "0")]).await;
        let paper = paper_kinds(&app, &staff, sitting, m as u32).await;
        // The form keeps ticked questions in id order.
        let mut in_id_order = mix.clone();
        in_id_order.sort_by_key(|q| q.0);
        let expected: Vec<(i64, String)> = published
            .iter()
            .flat_map(|kind| {
                in_id_order
                    .iter()
                    .filter(move |q| q.1 == *kind)
                    .map(|q| (q.0, q.1.to_owned()))
            })
            .collect();
        assert_eq!(paper, expected, "mix {m}");
        let mut parts: Vec<&str> = paper.iter().map(|q| q.1.as_str()).collect();
        parts.dedup();
        let wanted: Vec<&str> = published
            .iter()
            .copied()
            .filter(|k| mix.iter().any(|q| q.1 == *k))
            .collect();
        assert_eq!(parts, wanted, "one part per type, mix {m}");
        // Staff's view of the sitting lists the same order.
        let detail = fixture::sitting_detail(&staff, sitting).await;
        let listed: Vec<i64> = detail["questions"]
            .as_array()
            .map(|qs| {
                qs.iter()
                    .filter_map(|q| q["question_id"].as_i64())
                    .collect()
            })
            .unwrap_or_default();
        if !listed.is_empty() {
            let on_paper: Vec<i64> = paper.iter().map(|q| q.0).collect();
            assert_eq!(listed, on_paper, "mix {m}: the sitting page");
        }
    }
}

/// Marks a script taken from `marker`'s desk with `points`.
async fn mark_next(marker: &Client, sitting: i64, points: impl Fn(&Value) -> i64) -> Value {
    let script = crate::marking::desk(marker, sitting).await.ok()["next"].clone();
    assert!(!script.is_null(), "a script to mark");
    crate::marking::mark(marker, sitting, &script, points(&script))
        .await
        .ok();
    script
}

/// The attendance buckets must partition the enrolled candidates.
fn assert_attendance(r: &Value, sat: i64, awaiting: i64, writing: i64, absent: i64) {
    let n = |k: &str| r[k].as_i64().unwrap_or_else(|| panic!("{k} in {r}"));
    assert_eq!(
        (
            n("sat"),
            n("awaiting_marking"),
            n("in_progress"),
            n("absent"),
            n("voided")
        ),
        (sat, awaiting, writing, absent, 0)
    );
    assert_eq!(
        n("sat") + n("awaiting_marking") + n("in_progress") + n("absent") + n("voided"),
        n("enrolled"),
        "the attendance adds up: {r}"
    );
}

/// The short answer's row of the report's item analysis.
fn item(r: &Value, question_id: i64) -> Value {
    r["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["question_id"] == json!(question_id))
        .unwrap_or_else(|| panic!("item {question_id} in {}", r["items"]))["stats"]
        .clone()
}

/// Double marking, a short answer of 10 points: two papers handed in, one candidate still
/// writing, one who never began. Both papers' short answers end at 7 of 10 (the second
/// only after a third marker settles 6 against 9): while that waits, the report counts it
/// as awaiting marking, and the counts add up to the enrolled; the item's facility is 0.7,
/// not 0, and it is not flagged as nobody right.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_part_marked_short_answer_has_its_facility_and_the_attendance_adds_up() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let mut q = fixture::questions(&staff).await;
    let short = fixture::short_answer(&staff).await;
    q.push(short);
    let sitting = fixture::sitting_with(&staff, &q, &[("marking_plan", "double:2")]).await;
    let texts = ["民主集中制，对人民负责。", "民主集中制。"];
    for (n, text) in texts.iter().enumerate() {
        let (candidate, attempt) = fixture::nth_started(&app, &staff, sitting, n).await;
        fixture::save(&candidate, attempt, q[0], json!({ "choices": [0] }), 1)
            .await
            .ok();
        fixture::save(&candidate, attempt, short, json!({ "text": text }), 2)
            .await
            .ok();
        fixture::submit(&candidate, attempt).await.ok();
    }
    let (ticket, code) = fixture::enrol(&staff, sitting, "答题中", &fixture::id_card(7)).await;
    fixture::candidate_started(&app, &ticket, &code).await;
    fixture::enrol(&staff, sitting, "未开考", &fixture::id_card(8)).await;

    let first = app.staff(app.city(), Role::Grader).await;
    let second = app.staff(app.city(), Role::Grader).await;
    let third = app.staff(app.city(), Role::Grader).await;
    // Nothing marked yet: both papers wait.
    assert_attendance(&fixture::report(&staff, sitting).await, 0, 2, 1, 1);
    for _ in 0..2 {
        mark_next(&first, sitting, |_| 6).await;
    }
    // 6 and 8 (mean 7) for the first; 6 and 9 for the second, beyond the margin.
    for _ in 0..2 {
        mark_next(&second, sitting, |s| {
            if s["response"] == json!(texts[1]) {
                9
            } else {
                8
            }
        })
        .await;
    }
    let waiting = fixture::report(&staff, sitting).await;
    assert_attendance(&waiting, 1, 1, 1, 1);
    let stats = item(&waiting, short);
    assert_eq!(stats["facility"], json!(0.7), "{stats}");
    assert_eq!(stats["correct"], json!(0));
    assert!(
        !stats["flags"].to_string().contains("NobodyCorrect"),
        "{stats}"
    );

    let settled = mark_next(&third, sitting, |_| 7).await;
    assert_eq!(settled["stage"], json!("Reconciliation"));
    let marked = fixture::report(&staff, sitting).await;
    assert_attendance(&marked, 2, 0, 1, 1);
    let stats = item(&marked, short);
    assert_eq!(stats["facility"], json!(0.7), "{stats}");
    assert_eq!(stats["flags"], json!([]), "{stats}");
    // The single choice both got right is still 1.0 and flagged as everybody right.
    let right = item(&marked, q[0]);
    assert_eq!(right["facility"], json!(1.0));
    assert_eq!(right["flags"], json!(["EverybodyCorrect"]));
    // The multiple choice nobody answered earned nothing: nobody right.
    let none = item(&marked, q[1]);
    assert_eq!(none["facility"], json!(0.0));
    assert_eq!(none["flags"], json!(["NobodyCorrect"]));
}

/// A row of the demo's appointment chain, as instants (ms) where recorded.
#[derive(Debug)]
struct Chain {
    name: String,
    exam_finished: Option<i64>,
    published: Option<i64>,
    agenda: Option<i64>,
    meeting: Option<i64>,
    vote: Option<i64>,
    certificate: Option<i64>,
}

/// The demo seeds its appointment chain in time order: for every nomination whose person
/// passed the exam, its results were published, then the nomination went on an agenda of a meeting
/// held after that, was voted on no earlier, its certificate recorded after the vote; the
/// appointment falls on a later day than the exam. Whoever has not passed is not on an agenda.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_appoints_people_after_their_exam_in_chain_order() {
    // Seeded as `serve --demo` does: into an empty database, before the server (and its
    // deadline sweeper) starts.
    let (url, db) = tests::migrated_database().await;
    assert!(db.is_empty().await.expect("empty"));
    server::demo::seed(&db).await.expect("demo seeded");
    let pool = tests::one_connection(&url).await;
    type Row = (
        String,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
        Option<i64>,
    );
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.name AS name, \
           (SELECT MAX(a.finished_at) FROM pass_records r JOIN attempts a ON a.id = r.attempt_id WHERE r.person_id = n.person_id) AS exam_finished, \
           (SELECT MAX(r.published_at) FROM pass_records r WHERE r.person_id = n.person_id) AS published, \
           n.agenda_at AS agenda, m.held_on AS meeting, n.appointed_on AS vote, \
           (SELECT MAX(e.at) FROM audit_events e WHERE e.action = 'nomination.certificate' AND e.entity_id = CAST(n.id AS TEXT)) AS certificate \
         FROM nominations n JOIN people p ON p.id = n.person_id LEFT JOIN meetings m ON m.id = n.meeting_id ORDER BY n.id",
    )
    .fetch_all(&pool)
    .await
    .expect("chain");
    pool.close().await;
    let rows: Vec<Chain> = rows
        .into_iter()
        .map(
            |(name, exam_finished, published, agenda, meeting, vote, certificate)| Chain {
                name,
                exam_finished,
                published,
                agenda,
                meeting,
                vote,
                certificate,
            },
        )
        .collect();
    assert_eq!(rows.len(), 4, "{rows:?}");
    assert!(
        rows.iter()
            .any(|r| r.name == "赵明" && r.certificate.is_some()),
        "赵明 is appointed with a certificate: {rows:?}"
    );
    let day = |ms: i64| CivilDate::of_instant(ms);
    for r in &rows {
        let Some(exam) = r.exam_finished else {
            // Who has not passed waits at the gate: no agenda, no vote.
            assert_eq!(
                (r.agenda, r.vote, r.certificate),
                (None, None, None),
                "{r:?}"
            );
            continue;
        };
        let published = r.published.expect("a pass is published");
        assert!(exam < published, "{r:?}");
        assert!(
            day(exam) < day(published),
            "published on a later day: {r:?}"
        );
        // Each later step, where recorded, follows the one before.
        let steps = [r.agenda, r.meeting, r.vote, r.certificate];
        let mut before = published;
        for (i, step) in steps.iter().enumerate() {
            if let Some(at) = *step {
                assert!(
                    day(before) <= day(at),
                    "step {i} of {} before the one ahead of it: {r:?}",
                    r.name
                );
                before = at;
            }
        }
        if let Some(vote) = r.vote {
            assert!(day(exam) < day(vote), "appointed after the exam day: {r:?}");
            assert!(r.agenda.is_some() && r.meeting.is_some(), "{r:?}");
        }
    }
}
