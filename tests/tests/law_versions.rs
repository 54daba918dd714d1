//! Measured difficulty and law versions (issue 17 §3) over HTTP: publication stores each
//! question's measure, shown only to those who read keys and scores; a newer text of a law
//! holds the questions citing a changed article out of papers until someone confirms or
//! revises them, each decision audited; only those who manage the bank may act.

use app::auth::Role;
use serde_json::{json, Value};
use tests::{fixture, Client, TestApp};

/// The shipped Constitution with the wording of articles 2 and 33 changed.
fn amended_constitution() -> String {
    let shipped = question_bank::bank::statutes::text("constitution").expect("shipped");
    shipped
        .lines()
        .map(|line| {
            if line.starts_with("第二条 ") || line.starts_with("第三十三条 ") {
                format!("{line}（测试修正）")
            } else {
                line.to_owned()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Chinese article numeral, as statute texts write them (1 to 9999: `二千零一`).
fn numeral(n: usize) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (k, h, t, u) = (n / 1000, n / 100 % 10, n / 10 % 10, n % 10);
    let mut s = String::new();
    if k > 0 {
        s += D[k];
        s += "千";
    }
    if h > 0 {
        s += D[h];
        s += "百";
    } else if k > 0 && (t > 0 || u > 0) {
        s += "零";
    }
    if t > 0 {
        if n >= 20 || k > 0 || h > 0 {
            s += D[t];
        }
        s += "十";
    } else if (k > 0 || h > 0) && u > 0 && !s.ends_with('零') {
        s += "零";
    }
    s += D[u];
    s
}

/// Posts the load form as the browser does; returns (status, redirect or message).
async fn load(
    client: &Client,
    law: &str,
    version: &str,
    text: impl Into<Vec<u8>>,
) -> (u16, String) {
    let response = client
        .upload_form(
            "/staff/questions/statute",
            "constitution.md",
            text.into(),
            &[("law", law), ("version", version)],
        )
        .await;
    let status = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|l| l.to_str().ok())
        .map(str::to_owned);
    let body = response.text().await.unwrap_or_default();
    (status, location.unwrap_or(body))
}

/// The bank list, filtered by `status` ("" for everything in use).
async fn bank(client: &Client, status: &str) -> Vec<Value> {
    client
        .form("/api/bank/list", &[("status", status)])
        .await
        .ok()["rows"]
        .as_array()
        .expect("rows")
        .clone()
}

fn ids(rows: &[Value]) -> Vec<i64> {
    let mut ids: Vec<i64> = rows.iter().filter_map(|r| r["id"].as_i64()).collect();
    ids.sort_unstable();
    ids
}

/// A drawn sitting of one single choice and one true/false Constitution question.
async fn create_drawn(staff: &Client) -> tests::Reply {
    let (opens, closes) = (tests::cst_in(60), tests::cst_in(180));
    let mut fields: Vec<(String, String)> = vec![
        ("title".into(), "抽题场次".into()),
        ("opens_at".into(), opens),
        ("closes_at".into(), closes),
        ("duration_minutes".into(), "60".into()),
        ("pass_mark".into(), "60".into()),
        ("paper_mode".into(), "drawn".into()),
        ("expected_total".into(), "100".into()),
    ];
    for (n, kind) in ["single_choice", "true_false"].into_iter().enumerate() {
        for (k, v) in [
            ("row_kind", kind),
            ("row_bank", ""),
            ("row_law", "constitution"),
            ("row_min", "1"),
            ("row_max", "5"),
            ("row_count", "1"),
            ("row_points", "50"),
        ] {
            fields.push((format!("{k}[{n}]"), v.to_owned()));
        }
    }
    let borrowed: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    staff.form("/api/sittings/create", &borrowed).await
}

async fn audited(app: &TestApp, action: &str) -> i64 {
    app.sql_i64(&format!(
        "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_law_text_holds_questions_out_of_papers_until_confirmed_or_revised() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    // Constitution articles 2 (single choice), 33 (multiple choice) and 98 (true/false).
    let q = fixture::questions(&staff).await;
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM questions WHERE id = {} AND law_version = '2018-03-11'",
            q[0]
        ))
        .await,
        1,
        "a new question is written against the text in force"
    );
    assert_eq!(create_drawn(&staff).await.status, 200, "the pool suffices");

    // Those who do not manage the bank cannot load a text.
    for role in [Role::Proctor, Role::Grader, Role::Reviewer] {
        let other = app.staff(app.city(), role).await;
        let (status, _) = load(&other, "constitution", "2026-01-01", amended_constitution()).await;
        assert_eq!(status, 403, "{role:?} loads a law text");
    }
    // Nor can a district's bank manager: the city's and every other district's banks cite the
    // same law. The refusal is audited and nothing is stored.
    let district = app.district("D1", "测试区").await;
    let district_staff = app.staff(district, Role::Staff).await;
    let forbidden_before = audited(&app, "access.forbidden").await;
    let (status, _) = load(
        &district_staff,
        "constitution",
        "2026-01-01",
        amended_constitution(),
    )
    .await;
    assert_eq!(
        status, 403,
        "a district loads a law text for the whole city"
    );
    assert_eq!(
        audited(&app, "access.forbidden").await,
        forbidden_before + 1
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM statute_versions").await,
        0
    );
    // Refused whole: an unknown law, a version not later than the one in force, a bad date.
    for (law, version) in [
        ("tax-law", "2026-01-01"),
        ("constitution", "2018-03-11"),
        ("constitution", "2026-02-30"),
    ] {
        let (status, message) = load(&staff, law, version, amended_constitution()).await;
        assert_eq!(status, 422, "{law} {version}: {message}");
    }
    // Refused whole, and bounded before any comparison: a file that is not UTF-8, one over
    // the size limit, one over the article limit, and one with no article at all.
    let many_articles: String = (1..=2_001)
        .map(|n| format!("第{}条 条文。\n", numeral(n)))
        .collect();
    assert_eq!(
        question_bank::bank::law_versions::check_new_text(
            "constitution",
            "2018-03-11",
            "",
            "2026-01-01",
            &many_articles
        )
        .err(),
        Some(question_bank::bank::law_versions::StatuteError::TooLarge),
        "numbered right, refused for the article limit alone"
    );
    for (what, bytes) in [
        ("not UTF-8", vec![0xff, 0xfe, 0x00, 0x81]),
        (
            "over 2 MB",
            vec![b'a'; question_bank::bank::law_versions::MAX_TEXT_BYTES + 1],
        ),
        ("2,001 articles", many_articles.into_bytes()),
        ("no article", "只有标题，没有条文。".as_bytes().to_vec()),
    ] {
        let (status, message) = load(&staff, "constitution", "2026-01-01", bytes).await;
        assert_eq!(status, 422, "{what}: {message}");
    }
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM statute_versions").await,
        0
    );
    assert_eq!(audited(&app, "statute.load").await, 0);

    let (status, location) =
        load(&staff, "constitution", "2026-01-01", amended_constitution()).await;
    assert_eq!(
        (status, location.as_str()),
        (
            303,
            "/staff/questions/review?law=constitution&version=2026-01-01&flagged=2"
        )
    );
    assert_eq!(audited(&app, "statute.load").await, 1);
    let held = bank(&staff, "review").await;
    assert_eq!(ids(&held), vec![q[0], q[1]]);
    assert!(held.iter().all(|r| r["needs_review"] == json!(true)));
    // The unchanged article's question moved to the new text.
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM questions WHERE id = {} AND law_version = '2026-01-01' AND needs_review = 0",
            q[2]
        ))
        .await,
        1
    );
    // The review list shows the article before and after.
    let reviews = staff.form("/api/bank/reviews", &[]).await.ok();
    let first = &reviews["items"][0];
    assert_eq!(first["question"]["id"], json!(q[0]));
    assert_eq!(
        (
            first["written_version"].clone(),
            first["current_version"].clone()
        ),
        (json!("2018-03-11"), json!("2026-01-01"))
    );
    let old = first["old_text"].as_str().expect("old text");
    let new = first["new_text"].as_str().expect("new text");
    assert!(
        old.starts_with("第二条 ") && !old.contains("测试修正"),
        "{old}"
    );
    assert!(
        new.starts_with("第二条 ") && new.contains("测试修正"),
        "{new}"
    );

    // Out of papers: a fixed paper refuses it, and the blueprint falls short.
    let fixed = staff
        .form(
            "/api/sittings/create",
            &[
                ("title", "固定试卷"),
                ("venue", "三楼考场"),
                ("opens_at", &tests::cst_in(60)),
                ("closes_at", &tests::cst_in(180)),
                ("duration_minutes", "60"),
                ("pass_mark", "20"),
                ("paper_mode", "fixed"),
                ("points_each", "10"),
                (&format!("question_ids[{}]", q[0]), &q[0].to_string()),
            ],
        )
        .await;
    assert_eq!(fixed.status, 422, "{}", fixed.body);
    let drawn = create_drawn(&staff).await;
    assert_eq!(
        drawn.json()["Invalid"]["field"],
        json!("blueprint"),
        "{}",
        drawn.body
    );

    // Proctors, graders and reviewers cannot decide a review.
    for role in [Role::Proctor, Role::Grader, Role::Reviewer] {
        let other = app.staff(app.city(), role).await;
        let reply = other
            .form(
                "/api/bank/review-confirm",
                &[("id", &q[0].to_string()), ("reason", "看过")],
            )
            .await;
        assert_eq!(reply.status, 403, "{role:?} confirms");
    }
    // A confirmation needs a reason.
    let reply = staff
        .form(
            "/api/bank/review-confirm",
            &[("id", &q[0].to_string()), ("reason", " ")],
        )
        .await;
    assert_eq!(reply.json()["Invalid"]["field"], json!("reason"));

    // Confirmed: back in papers.
    staff
        .form(
            "/api/bank/review-confirm",
            &[
                ("id", &q[0].to_string()),
                ("reason", "第二条修改不影响本题"),
            ],
        )
        .await
        .ok();
    assert_eq!(
        create_drawn(&staff).await.status,
        200,
        "confirmed, it is drawn again"
    );
    let again = staff
        .form(
            "/api/bank/review-confirm",
            &[("id", &q[0].to_string()), ("reason", "再次")],
        )
        .await;
    assert_eq!(again.status, 409, "nothing left to confirm: {}", again.body);

    // Revised: the new version is written against the new text and is in use.
    let revised = staff
        .form(
            "/api/bank/revise",
            &[
                ("id", &q[1].to_string()),
                ("bank", "common"),
                ("kind", "multiple_choice"),
                (
                    "stem",
                    "根据宪法第三十三条（修正后），下列说法正确的有（ ）。",
                ),
                (
                    "options",
                    "公民在法律面前一律平等\n国家尊重和保障人权\n公民只享有权利",
                ),
                ("key", "AB"),
                ("difficulty", "2"),
                ("law", "constitution"),
                ("article", "33"),
                ("reason", "按新文本修改"),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("new version");
    assert!(bank(&staff, "review").await.is_empty());
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM questions WHERE id = {revised} AND law_version = '2026-01-01' AND needs_review = 0"
        ))
        .await,
        1
    );
    assert_eq!(
        (
            audited(&app, "question.review_confirm").await,
            audited(&app, "question.review_revise").await,
            audited(&app, "question.revise").await
        ),
        (1, 1, 0)
    );
    // The text in force survives a restart: an older date is still refused.
    let app = app.restart_after("SELECT 1").await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let (status, message) =
        load(&staff, "constitution", "2025-12-31", amended_constitution()).await;
    assert_eq!(status, 422, "{message}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn publication_stores_each_questions_measure_for_those_who_read_keys_and_scores() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &q).await;
    // Two candidates: both right on q0, one right on q1, none on q2 (key 错误).
    let answers = [
        [
            json!({ "choices": [0] }),
            json!({ "choices": [0, 1] }),
            json!({ "judgement": true }),
        ],
        [
            json!({ "choices": [0] }),
            json!({ "choices": [2] }),
            json!({ "judgement": true }),
        ],
    ];
    for (n, paper) in answers.iter().enumerate() {
        let (ticket, code) =
            fixture::enrol(&staff, sitting, "考生", &fixture::id_card(n as u32)).await;
        let (candidate, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
        for (i, answer) in paper.iter().enumerate() {
            fixture::save(&candidate, attempt, q[i], answer.clone(), i as i64 + 1)
                .await
                .ok();
        }
        fixture::submit(&candidate, attempt).await.ok();
    }
    fixture::change_state(&staff, sitting, "close").await.ok();
    let measured = |rows: &[Value]| -> Vec<Value> {
        let mut rows = rows.to_vec();
        rows.sort_by_key(|r| r["id"].as_i64());
        rows.iter().map(|r| r["measured"].clone()).collect()
    };
    assert!(
        measured(&bank(&staff, "").await).iter().all(Value::is_null),
        "not before publication"
    );

    fixture::publish(&staff, sitting, "核对无误").await.ok();
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM question_measures WHERE sitting_id = {sitting}"
        ))
        .await,
        3
    );
    assert_eq!(
        measured(&bank(&staff, "").await),
        vec![
            json!({ "facility_permille": 1000, "candidates": 2 }),
            json!({ "facility_permille": 500, "candidates": 2 }),
            json!({ "facility_permille": 0, "candidates": 2 }),
        ]
    );
    // Scores stay secret: those who do not read both keys and scores see no measure.
    for role in [Role::Proctor, Role::Grader, Role::Reviewer] {
        let other = app.staff(app.city(), role).await;
        assert!(
            measured(&bank(&other, "").await).iter().all(Value::is_null),
            "{role:?} sees a measure"
        );
    }
}

/// A release that ships a newer text of a law: at start, the questions written against the
/// older text that cite a changed article are held for review, the rest move to the new text;
/// once only; and without the older text every question written against it is held.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_release_with_a_newer_law_text_holds_the_questions_it_touches_at_start() {
    use server::db::ShippedText;
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    // Constitution articles 2, 33 and 98.
    let q = fixture::questions(&staff).await;
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM statute_versions").await,
        0,
        "a database meeting the shipped texts first stores nothing"
    );
    let shipped = question_bank::bank::statutes::text("constitution").expect("shipped");
    let amended = amended_constitution();
    let release = [ShippedText {
        law_id: "constitution",
        version: "2030-01-01",
        text: &amended,
    }];
    let earlier = [ShippedText {
        law_id: "constitution",
        version: "2018-03-11",
        text: shipped,
    }];
    let held = app
        .db
        .adopt_shipped_statutes(&release, &earlier)
        .await
        .expect("adopted");
    assert_eq!(held, 2, "articles 2 and 33 changed");
    let review = ids(&bank(&staff, "review").await);
    assert_eq!(review, {
        let mut two = vec![q[0], q[1]];
        two.sort_unstable();
        two
    });
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM questions WHERE id = {} AND law_version = '2030-01-01' AND needs_review = 0",
            q[2]
        ))
        .await,
        1,
        "the question on an unchanged article is written against the new text"
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'statute.load' AND actor = 'statute library'").await,
        1
    );
    // A second start (or a second instance) finds it done.
    let again = app
        .db
        .adopt_shipped_statutes(&release, &earlier)
        .await
        .expect("adopted");
    assert_eq!(again, 0);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM statute_versions").await,
        1
    );

    // A question written against a text neither stored nor kept: what changed is unknown, so it
    // is held whatever it cites.
    app.sql(&format!(
        "UPDATE questions SET law_version = '2025-05-05' WHERE id = {}",
        q[2]
    ))
    .await
    .expect("moved");
    let next = [ShippedText {
        law_id: "constitution",
        version: "2031-01-01",
        text: &amended,
    }];
    assert_eq!(
        app.db
            .adopt_shipped_statutes(&next, &[])
            .await
            .expect("adopted"),
        1
    );
    assert!(ids(&bank(&staff, "review").await).contains(&q[2]));
}
