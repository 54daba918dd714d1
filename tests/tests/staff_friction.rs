//! Staff friction, part A (issue 19 items 1, 3, 4, 11): every issued code waits for its
//! printed slip, a new code makes the old slip stale, and only the issuer's session can
//! print it; irreversible actions are refused until confirmed; a candidate leaving an open
//! paper is warned; the sitting says which scripts wait for whom and who may arbitrate;
//! those who may not change the rules get them to read.

use app::auth::Role;
use serde_json::{json, Value};
use tests::{fixture, Client, TestApp};

/// The candidates' (name, slip printed) on the sitting page, and the slips waiting there.
async fn slips(staff: &Client, sitting: i64) -> (Vec<(String, bool)>, i64) {
    let detail = fixture::sitting_detail(staff, sitting).await;
    let rows = detail["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .map(|c| {
            (
                c["name"].as_str().expect("name").to_owned(),
                c["slip_printed"].as_bool().expect("slip_printed"),
            )
        })
        .collect();
    (rows, detail["slips_waiting"].as_i64().expect("waiting"))
}

/// Opens the print view of the slips waiting in this client's session for the sitting.
async fn print(client: &Client, sitting: i64) -> tests::Reply {
    client
        .form_id("/api/sittings/slips", "sitting_id", sitting)
        .await
}

fn names(sheet: &Value) -> Vec<&str> {
    sheet["tickets"]
        .as_array()
        .expect("tickets")
        .iter()
        .map(|t| t["name"].as_str().expect("name"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_issued_code_ends_in_a_slip_printed_once_by_its_issuer_and_a_new_code_needs_a_new_slip(
) {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    fixture::enrol(&staff, sitting, "周建华", &fixture::id_card(1)).await;
    fixture::enrol(&staff, sitting, "吴晓梅", &fixture::id_card(2)).await;
    let (rows, waiting) = slips(&staff, sitting).await;
    assert_eq!(
        rows,
        [("周建华".into(), false), ("吴晓梅".into(), false)],
        "enrolled by hand: no slip yet"
    );
    assert_eq!(waiting, 2, "both slips wait in the issuer's session");

    // Another staff member, a proctor and a reviewer cannot print them: the codes are the
    // issuer's alone; the reviewer, who issues no codes, is refused outright.
    let colleague = app.staff(app.city(), Role::Staff).await;
    assert_eq!(print(&colleague, sitting).await.ok(), Value::Null);
    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(print(&proctor, sitting).await.ok(), Value::Null);
    let reviewer = app.staff(app.city(), Role::Reviewer).await;
    assert_eq!(print(&reviewer, sitting).await.status, 403);

    let sheet = print(&staff, sitting).await.ok();
    assert_eq!(names(&sheet), ["周建华", "吴晓梅"]);
    assert!(sheet["tickets"][0]["access_code"]
        .as_str()
        .is_some_and(|c| c.len() == 9));
    assert_eq!(print(&staff, sitting).await.ok(), Value::Null, "shown once");
    let (rows, waiting) = slips(&staff, sitting).await;
    assert!(rows.iter().all(|(_, printed)| *printed), "{rows:?}");
    assert_eq!(waiting, 0);
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'candidate.print_slips'")
            .await,
        1,
        "printing is audited"
    );

    // A new code (a lost slip, another PC) makes the printed slip stale until its own is
    // printed; refused without the confirm step.
    let detail = fixture::sitting_detail(&staff, sitting).await;
    let id = detail["candidates"][1]["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let unconfirmed = proctor
        .form(
            "/api/sittings/reissue-code",
            &[("candidate_id", &id), ("reason", "准考证遗失")],
        )
        .await;
    assert_eq!(unconfirmed.status, 409, "{}", unconfirmed.body);
    assert!(unconfirmed
        .body
        .contains("原访问码和已打印的准考证立即失效"));
    proctor
        .form(
            "/api/sittings/reissue-code",
            &[
                ("candidate_id", &id),
                ("reason", "准考证遗失"),
                ("confirm", "1"),
            ],
        )
        .await
        .ok();
    let (rows, _) = slips(&staff, sitting).await;
    assert_eq!(rows[1], ("吴晓梅".into(), false), "the old slip is stale");
    let (_, waiting) = slips(&proctor, sitting).await;
    assert_eq!(waiting, 1, "the proctor who issued it may print it");
    assert_eq!(names(&print(&proctor, sitting).await.ok()), ["吴晓梅"]);
    let (rows, _) = slips(&staff, sitting).await;
    assert!(rows.iter().all(|(_, printed)| *printed), "{rows:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn irreversible_actions_are_refused_until_confirmed_and_say_what_they_will_do() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam {
        staff,
        sitting,
        candidate: _candidate,
        ..
    } = fixture::started_exam(&app).await;
    let id = fixture::sitting_detail(&staff, sitting).await["candidates"][0]["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let act = |action: &'static str, confirm: &'static str| {
        let (staff, id) = (staff.clone(), id.clone());
        async move {
            staff
                .form(
                    "/api/sittings/proctor",
                    &[
                        ("candidate_id", &id),
                        ("action", action),
                        ("minutes", "5"),
                        ("reason", "测试"),
                        ("confirm", confirm),
                    ],
                )
                .await
        }
    };
    // An extension can be added to: no step.
    act("extend", "").await.ok();
    for (action, words) in [
        ("void", "作废后这份答卷不计成绩"),
        ("force_submit", "立即收卷"),
    ] {
        let refused = act(action, "").await;
        assert_eq!(refused.status, 409, "{action}: {}", refused.body);
        assert!(refused.body.contains(words), "{action}: {}", refused.body);
    }
    let status = || async {
        fixture::sitting_detail(&staff, sitting).await["candidates"][0]["status"].clone()
    };
    assert_eq!(status().await, json!("InProgress"), "nothing happened");
    act("void", "1").await.ok();
    assert_eq!(status().await, json!("Voided"));

    let close = |confirm: &'static str| {
        let staff = staff.clone();
        async move {
            staff
                .form(
                    "/api/sittings/change-state",
                    &[
                        ("sitting_id", &sitting.to_string()),
                        ("transition", "close"),
                        ("confirm", confirm),
                    ],
                )
                .await
        }
    };
    let refused = close("").await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("此操作不能撤销"), "{}", refused.body);
    assert_eq!(
        fixture::sitting_detail(&staff, sitting).await["summary"]["state"],
        json!("Open")
    );
    close("1").await.ok();
    assert_eq!(
        fixture::sitting_detail(&staff, sitting).await["summary"]["state"],
        json!("Closed")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_candidate_leaving_an_open_paper_is_warned_that_the_code_is_used_up() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam {
        candidate, attempt, ..
    } = fixture::started_exam(&app).await;
    let me = candidate.form("/api/auth/whoami", &[]).await.ok();
    assert_eq!(me["Candidate"]["paper_open"], json!(true), "{me}");
    let refused = candidate.form("/api/auth/logout", &[]).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(refused.body.contains("重新发放访问码"), "{}", refused.body);
    // Still logged in; once handed in, leaving needs no warning.
    fixture::submit(&candidate, attempt).await.ok();
    let me = candidate.form("/api/auth/whoami", &[]).await.ok();
    assert_eq!(me["Candidate"]["paper_open"], json!(false), "{me}");
    candidate.form("/api/auth/logout", &[]).await.ok();
    assert_eq!(
        candidate.form("/api/auth/whoami", &[]).await.ok(),
        Value::Null
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_sitting_says_which_scripts_wait_for_whom_and_warns_when_no_one_can_arbitrate() {
    use crate::marking::{desk, mark, marked_sitting, right};
    let app = TestApp::spawn().await;
    let papers = [
        ("考生甲", right(), "民主集中制，对人民负责。"),
        ("考生乙", right(), "不清楚"),
    ];
    let (staff, sitting, _, _) = marked_sitting(&app, "double:2", &papers).await;
    let first = app.staff(app.city(), Role::Grader).await;
    let second = app.staff(app.city(), Role::Grader).await;
    let wait = || async { fixture::sitting_detail(&staff, sitting).await["marking"].clone() };
    let before = wait().await;
    assert_eq!(before["waiting"], json!([2, 0, 0]), "{before}");
    assert_eq!(before["markers"].as_array().map(Vec::len), Some(2));

    // 1 against 9 on both scripts: both wait for a third marker, who does not exist yet.
    for (marker, points) in [(&first, 1), (&second, 9)] {
        for _ in 0..2 {
            let script = desk(marker, sitting).await.ok()["next"].clone();
            mark(marker, sitting, &script, points).await.ok();
        }
    }
    let stuck = wait().await;
    assert_eq!(stuck["waiting"], json!([0, 0, 2]), "{stuck}");
    let page = staff.get(&format!("/staff/sittings/{sitting}")).await;
    assert!(
        page.body.contains("待仲裁 2 份"),
        "the sitting page says so"
    );
    assert!(
        page.body.contains("阅卷人员不足"),
        "and that no one can arbitrate"
    );
    let first_desk = desk(&first, sitting).await.ok();
    assert_eq!(
        first_desk["next"],
        Value::Null,
        "a marker of the script cannot arbitrate it"
    );
    assert_eq!(
        first_desk["wait"]["markers"].as_array().map(Vec::len),
        Some(2)
    );

    let third = app.staff(app.city(), Role::Grader).await;
    let page = staff.get(&format!("/staff/sittings/{sitting}")).await;
    assert!(
        !page.body.contains("阅卷人员不足"),
        "a third marker now exists"
    );
    let third_desk = desk(&third, sitting).await.ok();
    assert_eq!(
        third_desk["next"]["stage"],
        json!("Reconciliation"),
        "{third_desk}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_who_may_not_change_the_rules_get_them_to_read() {
    let app = TestApp::spawn().await;
    let district = app.district("TC-A", "测试区").await;
    let staff = app.staff(district, Role::Staff).await;
    let rules = staff.form("/api/sittings/rules", &[]).await.ok();
    assert_eq!(rules["editable"], json!(false));
    let page = staff.get("/staff/rules").await;
    assert!(page.body.contains("只有管理员可以修改考试规则"));
    assert!(
        !page.body.contains("保存规则"),
        "no save button to be refused"
    );
    let admin = app.staff(app.city(), Role::Admin).await;
    assert_eq!(
        admin.form("/api/sittings/rules", &[]).await.ok()["editable"],
        json!(true)
    );
}

/// Seeded as `serve --demo` does: whoever may arbitrate exists by default, for every sitting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_has_a_third_marker_to_arbitrate_every_sitting() {
    use app::marking::repo::MarkingRepo;
    use question_bank::results::marking::MarkingPlan;
    let (url, db) = tests::migrated_database().await;
    server::demo::seed(&db).await.expect("demo seeded");
    let pool = tests::one_connection(&url).await;
    let sittings: Vec<(i64,)> = sqlx::query_as("SELECT id FROM sittings")
        .fetch_all(&pool)
        .await
        .expect("sittings");
    assert!(!sittings.is_empty());
    let needed = MarkingPlan::Double { margin: 0 }.markers_needed();
    for (id,) in sittings {
        let markers = db.markers_for(id).await.expect("markers");
        assert!(markers.len() >= needed, "sitting {id}: {markers:?}");
    }
}
