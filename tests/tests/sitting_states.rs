//! A sitting's life over HTTP: draft → scheduled → open → closed → archived, each change
//! allowed only from the right state, by the right role, and audited; what candidates and
//! staff may do in each state; retakes under the sitting's rule; a jurisdiction's rules.

use app::auth::Role;
use serde_json::{json, Value};
use tests::fixture::{self, change_state};
use tests::{cst_in, Client, TestApp};

/// A draft sitting with fixed questions, opened five minutes ago.
async fn draft(staff: &Client, questions: &[i64], pass_mark: &str) -> i64 {
    fixture::draft_sitting_with(staff, questions, &[("pass_mark", pass_mark)]).await
}

async fn login(app: &TestApp, ticket: &str, code: &str) -> (Client, tests::Reply) {
    let candidate = app.client();
    let reply = candidate.candidate_login(ticket, code).await;
    (candidate, reply)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sitting_moves_through_its_states_in_order_by_the_right_roles_and_is_audited() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let questions = fixture::questions(&staff).await;
    let sitting = draft(&staff, &questions, "20").await;
    assert_eq!(
        fixture::sitting_detail(&staff, sitting).await["summary"]["state"],
        json!("Draft")
    );

    // A draft: enrolment is open, but candidates cannot log in and it cannot be opened.
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let (absent_ticket, _) = fixture::enrol(&staff, sitting, "李秀兰", "110105194912310046").await;
    let (_, refused) = login(&app, &ticket, &code).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("尚未发布"), "{}", refused.body);
    let too_soon = change_state(&staff, sitting, "open").await;
    assert_eq!(too_soon.status, 409, "{}", too_soon.body);
    assert!(
        too_soon.body.contains("当前为“草稿”，不能开考"),
        "{}",
        too_soon.body
    );

    // A proctor opens and closes sittings but does not schedule them.
    assert_eq!(
        change_state(&proctor, sitting, "schedule").await.status,
        403
    );
    assert_eq!(
        change_state(&staff, sitting, "schedule").await.ok(),
        json!("Scheduled")
    );
    let (candidate, logged_in) = login(&app, &ticket, &code).await;
    assert_eq!(logged_in.status, 200, "{}", logged_in.body);
    let waiting = candidate.form("/api/exam/state", &[]).await.ok();
    assert_eq!(waiting["phase"], json!("Waiting"));
    let not_yet = candidate.form("/api/exam/start", &[]).await;
    assert_eq!(not_yet.status, 409, "{}", not_yet.body);
    assert!(
        not_yet.body.contains("等待监考人员宣布开考"),
        "{}",
        not_yet.body
    );

    assert_eq!(
        change_state(&proctor, sitting, "open").await.ok(),
        json!("Open")
    );
    let started = candidate.form("/api/exam/start", &[]).await.ok();
    let attempt = started["phase"]["InProgress"]["attempt_id"]
        .as_i64()
        .expect("started");

    // Closing waits for the one still writing, then counts the other absent.
    let writing = change_state(&proctor, sitting, "close").await;
    assert_eq!(writing.status, 409, "{}", writing.body);
    assert!(
        writing.body.contains("还有1名考生正在答题"),
        "{}",
        writing.body
    );
    candidate
        .json("/api/exam/submit", &json!({ "attempt_id": attempt }))
        .await
        .ok();
    assert_eq!(
        change_state(&proctor, sitting, "close").await.ok(),
        json!("Closed")
    );
    let closed = fixture::sitting_detail(&staff, sitting).await;
    let status_of = |ticket: &str| {
        closed["candidates"]
            .as_array()
            .expect("candidates")
            .iter()
            .find(|c| c["ticket_number"] == json!(ticket))
            .map(|c| c["status"].clone())
    };
    assert_eq!(status_of(&absent_ticket), Some(json!("Absent")));
    assert_eq!(status_of(&ticket), Some(json!("Submitted")));

    // Closed: no more enrolments or new codes.
    let late = staff
        .form(
            "/api/sittings/enrol",
            &[
                ("sitting_id", &sitting.to_string()),
                ("name", "张伟"),
                ("id_card", "11010519491231002X"),
            ],
        )
        .await;
    assert_eq!(late.status, 409, "{}", late.body);
    let candidate_id = closed["candidates"][0]["id"].as_i64().expect("id");
    let code_again = fixture::reissue_code(&staff, candidate_id, "遗失").await;
    assert_eq!(code_again.status, 409, "{}", code_again.body);

    assert_eq!(
        change_state(&staff, sitting, "archive").await.ok(),
        json!("Archived")
    );
    for transition in ["schedule", "open", "close", "archive", "unschedule"] {
        assert_eq!(
            change_state(&staff, sitting, transition).await.status,
            409,
            "{transition} from archived"
        );
    }
    let unknown = change_state(&staff, sitting, "reopen").await;
    assert_eq!(unknown.status, 422, "{}", unknown.body);

    let audited = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE entity = 'sitting' AND entity_id = '{sitting}' \
             AND action IN ('sitting.schedule', 'sitting.open', 'sitting.close', 'sitting.archive')"
        ))
        .await;
    assert_eq!(audited, 4, "one audit row per change, refusals none");
    let proctor_opened = app
        .sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_events a JOIN users u ON u.id = a.actor_user_id \
             WHERE a.action = 'sitting.open' AND a.entity_id = '{sitting}' AND u.role = 'proctor'"
        ))
        .await;
    assert_eq!(proctor_opened, 1, "the audit names who opened it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn going_back_to_draft_needs_a_reason_and_closing_finishes_papers_out_of_time() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let sitting = draft(&staff, &q, "20").await;
    change_state(&staff, sitting, "schedule").await.ok();
    let no_reason = staff
        .form(
            "/api/sittings/change-state",
            &[
                ("sitting_id", &sitting.to_string()),
                ("transition", "unschedule"),
            ],
        )
        .await;
    assert_eq!(no_reason.status, 409, "{}", no_reason.body);
    assert!(
        no_reason.body.contains("请填写撤回为草稿的原因"),
        "{}",
        no_reason.body
    );
    assert_eq!(
        change_state(&staff, sitting, "unschedule").await.ok(),
        json!("Draft")
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'sitting.unschedule' AND entity_id = '{sitting}' AND reason = '测试'"
        ))
        .await,
        1
    );

    fixture::open(&staff, sitting).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "王建国", "11010519491231002X").await;
    let (candidate, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    fixture::save(&candidate, attempt, q[0], json!({ "choices": [0] }), 1)
        .await
        .ok();
    // Once someone has begun, the sitting cannot go back to draft.
    let begun = change_state(&staff, sitting, "unschedule").await;
    assert_eq!(begun.status, 409, "{}", begun.body);
    // Their time ran out two minutes ago (past the grace) and no sweeper has come by yet.
    app.sql(&format!(
        "UPDATE attempts SET deadline_at = deadline_at - 7200000 WHERE id = {attempt}"
    ))
    .await
    .expect("time up");
    assert_eq!(
        change_state(&staff, sitting, "close").await.ok(),
        json!("Closed")
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM attempts WHERE id = {attempt} AND finish_reason = 'deadline' AND finished_at = deadline_at AND score IS NOT NULL"
        ))
        .await,
        1,
        "finished at its deadline and marked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_who_failed_may_retake_as_often_as_the_sittings_rule_allows() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let person = ("王建国", "11010519491231002X");
    // Handing in a blank paper against a pass mark of 20 fails.
    let fail_once = |sitting: i64| {
        let (staff, app) = (&staff, &app);
        async move {
            let (ticket, code) = fixture::enrol(staff, sitting, person.0, person.1).await;
            let (candidate, attempt) = fixture::candidate_started(app, &ticket, &code).await;
            candidate
                .json("/api/exam/submit", &json!({ "attempt_id": attempt }))
                .await
                .ok();
        }
    };
    let first = fixture::sitting(&staff, &questions).await;
    fail_once(first).await;
    let second = fixture::sitting(&staff, &questions).await;
    fail_once(second).await;
    let second_detail = fixture::sitting_detail(&staff, second).await;
    assert_eq!(second_detail["candidates"][0]["retake"], json!(1));

    // The default rule allows one retake: a third sitting is refused, with the reason.
    let third = fixture::sitting(&staff, &questions).await;
    let refused = staff
        .form(
            "/api/sittings/enrol",
            &[
                ("sitting_id", &third.to_string()),
                ("name", person.0),
                ("id_card", person.1),
            ],
        )
        .await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused
            .body
            .contains("已2次考试不合格，按本地规则最多补考1次"),
        "{}",
        refused.body
    );
    // A sitting whose rule allows two retakes takes them as the second retake.
    let lenient = fixture::sitting_with(&staff, &questions, &[("retakes_allowed", "2")]).await;
    fixture::enrol(&staff, lenient, person.0, person.1).await;
    assert_eq!(
        fixture::sitting_detail(&staff, lenient).await["candidates"][0]["retake"],
        json!(2)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rules_are_set_per_jurisdiction_and_districts_follow_the_nearest_one_above() {
    let app = TestApp::spawn().await;
    let east = app.district("TC-E", "东区人大常委会").await;
    let city_admin = app.staff(app.city(), Role::Admin).await;
    let city_staff = app.staff(app.city(), Role::Staff).await;
    let east_staff = app.staff(east, Role::Staff).await;

    let published = east_staff.form("/api/sittings/rules", &[]).await.ok();
    assert_eq!(published["set_by"], Value::Null);
    assert_eq!(published["rules"]["duration_minutes"], json!(90));
    assert_eq!(published["rules"]["retakes_allowed"], json!(1));

    let rules = |duration: &'static str, late: &'static str| {
        vec![
            ("duration_minutes", duration),
            ("pass_mark", "70"),
            ("late_entry_minutes", late),
            ("retakes_allowed", "0"),
            ("review_policy", "score"),
            ("paper_mode", "fixed"),
            ("reason", "常委会主任会议决定"),
        ]
    };
    assert_eq!(
        city_staff
            .form("/api/sittings/set-rules", &rules("120", "10"))
            .await
            .status,
        403,
        "only administrators set rules"
    );
    let bad = city_admin
        .form("/api/sittings/set-rules", &rules("120", "120"))
        .await;
    assert_eq!(bad.json()["Invalid"]["field"], json!("late_entry_minutes"));
    city_admin
        .form("/api/sittings/set-rules", &rules("120", ""))
        .await
        .ok();

    let followed = east_staff.form("/api/sittings/rules", &[]).await.ok();
    assert!(followed["set_by"]
        .as_str()
        .is_some_and(|name| name != "东区人大常委会"));
    assert_eq!(followed["rules"]["duration_minutes"], json!(120));
    assert_eq!(followed["rules"]["late_entry_minutes"], Value::Null);

    // A sitting created without those fields takes the rules in force.
    let questions = fixture::questions(&city_staff).await;
    let created = east_staff
        .form(
            "/api/sittings/create",
            &[
                ("title", "按规则默认"),
                ("opens_at", &cst_in(60)),
                ("closes_at", &cst_in(240)),
                ("duration_minutes", "120"),
                ("pass_mark", "5"),
                ("points_each", "10"),
                (
                    &format!("question_ids[{}]", questions[0]),
                    &questions[0].to_string(),
                ),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("id");
    let summary = fixture::sitting_detail(&east_staff, created).await["summary"].clone();
    assert_eq!(summary["paper_mode"], json!("Fixed"));
    assert_eq!(summary["retakes_allowed"], json!(0));
    assert_eq!(summary["review"], json!("ScoreOnly"));
    assert_eq!(
        app.sql_i64(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'rules.update' AND reason = '常委会主任会议决定'"
        )
        .await,
        1
    );
}
