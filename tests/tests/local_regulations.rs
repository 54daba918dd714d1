//! Questions resting on one region's local regulations (Chongqing's) stay local: a
//! jurisdiction whose rules apply no local regulations leaves them out of a drawn sitting's
//! pool, its blueprint check, a fixed paper and practice; one whose rules apply Chongqing's
//! draws them, and its districts follow it unless they set rules of their own.

use app::auth::Role;
use question_bank::bank::question::QuestionKind;
use serde_json::{json, Value};
use tests::fixture::{self, change_state};
use tests::{cst_in, Client, TestApp};

const APPOINTMENT: &str = "chongqing-appointment-regulation";

/// Sets which region's local regulations apply at `admin`'s jurisdiction ("" for none).
async fn set_local_regulations(admin: &Client, region: &str) -> tests::Reply {
    fixture::set_rules(admin, &[("local_regulations", region)]).await
}

/// Creates a draft sitting whose paper is made as `paper` says; returns the reply.
async fn create_sitting(staff: &Client, paper: Vec<(String, String)>) -> tests::Reply {
    let (opens, closes) = (cst_in(60), cst_in(240));
    let mut fields: Vec<(&str, &str)> = vec![
        ("title", "地方性法规场次"),
        ("opens_at", &opens),
        ("closes_at", &closes),
        ("duration_minutes", "90"),
        ("pass_mark", "60"),
    ];
    fields.extend(paper.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    staff.form("/api/sittings/create", &fields).await
}

/// A draft drawn sitting of 50 questions, 2 points each: the published pattern with `local`
/// single choices on Chongqing's appointment regulation in place of as many Constitution
/// ones.
async fn drawn_sitting(staff: &Client, local: u32) -> tests::Reply {
    let rows = [
        ("single_choice", "constitution", 20 - local),
        ("single_choice", APPOINTMENT, local),
        ("multiple_choice", "constitution", 10),
        ("true_false", "", 20),
    ];
    let mut paper = vec![
        ("paper_mode".to_owned(), "drawn".to_owned()),
        ("expected_total".to_owned(), "100".to_owned()),
    ];
    for (n, (kind, law, count)) in rows.into_iter().filter(|r| r.2 > 0).enumerate() {
        for (field, value) in [
            ("kind", kind.to_owned()),
            ("law", law.to_owned()),
            ("min", "1".to_owned()),
            ("max", "5".to_owned()),
            ("count", count.to_string()),
            ("points", "2".to_owned()),
        ] {
            paper.push((format!("row_{field}[{n}]"), value));
        }
    }
    create_sitting(staff, paper).await
}

/// A draft fixed paper of the question `id` alone, 100 points.
async fn fixed_sitting(staff: &Client, id: i64) -> tests::Reply {
    let paper = vec![
        ("paper_mode".to_owned(), "fixed".to_owned()),
        ("points_each".to_owned(), "100".to_owned()),
        (format!("question_ids[{id}]"), id.to_string()),
    ];
    create_sitting(staff, paper).await
}

/// How many questions of a sitting's frozen pool rest on a Chongqing regulation, and how many
/// there are in all.
async fn local_in_pool(app: &TestApp, sitting: i64) -> (i64, i64) {
    let count = |local: &str| {
        format!(
            "SELECT COUNT(*) FROM sitting_pool sp JOIN questions q ON q.id = sp.question_id \
             WHERE sp.sitting_id = {sitting}{local}"
        )
    };
    (
        app.sql_i64(&count(" AND q.law_id LIKE 'chongqing-%'"))
            .await,
        app.sql_i64(&count("")).await,
    )
}

/// The laws practice lists for the `n`th candidate of a scheduled sitting at `staff`'s
/// jurisdiction (a Constitution question on its paper), and what practice serves on
/// Chongqing's appointment regulation.
async fn practice_laws(app: &TestApp, staff: &Client, n: u32) -> (Vec<String>, Value) {
    let national = app
        .sql_i64("SELECT MIN(id) FROM questions WHERE law_id = 'constitution'")
        .await;
    let sitting = fixed_sitting(staff, national)
        .await
        .ok()
        .as_i64()
        .expect("id");
    let (ticket, code) = fixture::enrol(staff, sitting, "练习考生", &fixture::id_card(n)).await;
    change_state(staff, sitting, "schedule").await.ok();
    let practice = fixture::logged_in(app, "/api/auth/practice-login", &ticket, &code).await;
    let home = practice.form("/api/practice/home", &[]).await.ok();
    let laws = home["laws"]
        .as_array()
        .expect("laws")
        .iter()
        .filter_map(|l| l[0].as_str().map(str::to_owned))
        .collect();
    let served = practice
        .json(
            "/api/practice/next",
            &json!({ "law": APPOINTMENT, "exclude": [] }),
        )
        .await
        .ok();
    (laws, served)
}

/// The seed's single choices on Chongqing's appointment regulation (what a blueprint row on
/// it can draw), and one Chongqing question's id in the database.
async fn seeded_local(app: &TestApp) -> (u32, i64) {
    let seed = question_bank::bank::seed::questions().expect("seed");
    let single = seed
        .iter()
        .filter(|q| q.kind() == QuestionKind::SingleChoice && q.citation().law() == APPOINTMENT)
        .count();
    assert!(single >= 2, "the seed has Chongqing appointment questions");
    let id = app
        .sql_i64(&format!(
            "SELECT MIN(id) FROM questions WHERE law_id = '{APPOINTMENT}' AND kind = 'single_choice'"
        ))
        .await;
    (u32::try_from(single).expect("count"), id)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_local_regulations_chongqing_questions_stay_out_of_pools_blueprints_fixed_papers_and_practice(
) {
    let app = TestApp::spawn().await;
    let staff = fixture::seed_bank(&app).await;
    let (single, local_question) = seeded_local(&app).await;
    let rules = staff.form("/api/sittings/rules", &[]).await.ok();
    assert_eq!(
        rules["rules"]["local_regulations"],
        Value::Null,
        "none by default"
    );

    // The published pattern draws true/false from every law: the frozen pool has none of
    // Chongqing's, though the bank does.
    let drawn = drawn_sitting(&staff, 0).await.ok().as_i64().expect("id");
    let (local, all) = local_in_pool(&app, drawn).await;
    assert_eq!(local, 0, "no Chongqing question in a pool of {all}");
    assert!(all > 50);

    // A blueprint that asks for them is refused, naming its part and the regulation.
    let refused = drawn_sitting(&staff, single).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    assert_eq!(refused.json()["Invalid"]["field"], json!("blueprint"));
    assert!(
        refused.json()["Invalid"]["zh"]
            .as_str()
            .is_some_and(|m| m.contains("第2部分") && m.contains("重庆市人事任免工作条例")),
        "{}",
        refused.body
    );

    // Chosen by hand, one is refused, naming the question and its region.
    let fixed = fixed_sitting(&staff, local_question).await;
    assert_eq!(fixed.status, 422, "{}", fixed.body);
    let invalid = &fixed.json()["Invalid"];
    assert_eq!(invalid["field"], json!("question_ids"));
    assert!(invalid["zh"]
        .as_str()
        .is_some_and(|m| m.contains(&format!("#{local_question}")) && m.contains("重庆市")));
    assert!(invalid["en"]
        .as_str()
        .is_some_and(|m| m.contains("Chongqing")));

    // Practice lists and serves none.
    let (laws, served) = practice_laws(&app, &staff, 1).await;
    assert!(laws.iter().any(|l| l == "constitution"));
    assert!(
        !laws.iter().any(|l| l.starts_with("chongqing-")),
        "{laws:?}"
    );
    assert_eq!(served, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn where_chongqing_regulations_apply_they_are_drawn_and_districts_follow_unless_they_opt_out()
{
    let app = TestApp::spawn().await;
    let staff = fixture::seed_bank(&app).await;
    let (single, local_question) = seeded_local(&app).await;
    let admin = app.staff(app.city(), Role::Admin).await;

    let unknown = set_local_regulations(&admin, "shanghai").await;
    assert_eq!(unknown.status, 422);
    assert_eq!(
        unknown.json()["Invalid"]["field"],
        json!("local_regulations")
    );
    set_local_regulations(&admin, "chongqing").await.ok();
    assert_eq!(
        app.sql_i64(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'rules.update' AND detail LIKE '%Chongqing%'"
        )
        .await,
        1
    );

    let drawn = drawn_sitting(&staff, single)
        .await
        .ok()
        .as_i64()
        .expect("id");
    let (local, _) = local_in_pool(&app, drawn).await;
    let local_true_false = app
        .sql_i64("SELECT COUNT(*) FROM questions WHERE law_id LIKE 'chongqing-%' AND kind = 'true_false'")
        .await;
    assert_eq!(local, i64::from(single) + local_true_false);
    fixed_sitting(&staff, local_question).await.ok();
    let (laws, served) = practice_laws(&app, &staff, 2).await;
    assert!(laws.iter().any(|l| l == APPOINTMENT), "{laws:?}");
    assert!(served["question_id"].as_i64().is_some(), "{served}");

    // A district without rules of its own follows the city's.
    let east = app.district("TC-E", "东区人大常委会").await;
    let east_staff = app.staff(east, Role::Staff).await;
    let followed = east_staff.form("/api/sittings/rules", &[]).await.ok();
    assert_eq!(followed["rules"]["local_regulations"], json!("Chongqing"));
    drawn_sitting(&east_staff, single).await.ok();
    fixed_sitting(&east_staff, local_question).await.ok();

    // Its own rules without local regulations leave them out again.
    let east_admin = app.staff(east, Role::Admin).await;
    set_local_regulations(&east_admin, "").await.ok();
    assert_eq!(drawn_sitting(&east_staff, single).await.status, 422);
    assert_eq!(fixed_sitting(&east_staff, local_question).await.status, 422);
    // … and the city's stay as they were.
    drawn_sitting(&staff, single).await.ok();
}
