//! Enrolment from a roster over HTTP: every row or none, row-precise refusals, slips with
//! access codes handed over once, and who may do it.

use app::auth::Role;
use serde_json::json;
use tests::fixture;
use tests::{Client, TestApp};

const HEADER: &str = "姓名,身份证号码,工作单位,拟任职务,提请机关,题库\n";

/// Uploads a roster and returns where the server sent the browser.
async fn upload(staff: &Client, sitting: i64, name: &str, body: String) -> String {
    staff
        .upload_redirect(
            &format!("/staff/sittings/{sitting}/roster"),
            name,
            body.into_bytes(),
        )
        .await
}

async fn candidates(staff: &Client, sitting: i64) -> usize {
    fixture::sitting_detail(staff, sitting).await["candidates"]
        .as_array()
        .map_or(0, Vec::len)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_roster_enrols_everyone_and_hands_the_slips_over_once() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam { staff, sitting, .. } = fixture::started_exam(&app).await;
    let roster = format!(
        "{HEADER}李秀兰,110105195003070027,江城市司法局,局长,市人民政府,政府\n张卫东,510104197210100011,江城区人民法院,副院长,区人民法院,法院\n"
    );
    let to = upload(&staff, sitting, "名单.csv", roster).await;
    assert_eq!(to, format!("/staff/sittings/{sitting}/slips"));
    assert_eq!(
        candidates(&staff, sitting).await,
        3,
        "the one already there and two more"
    );

    let slips = fixture::slips(&staff, sitting).await;
    let tickets = slips["tickets"].as_array().expect("slips");
    // The slip of the one enrolled by hand is still waiting to be printed: it comes first.
    assert_eq!(tickets.len(), 3);
    assert_eq!(tickets[0]["name"], json!("王建国"));
    assert_eq!(tickets[1]["name"], json!("李秀兰"));
    let (ticket, code) = (
        tickets[2]["ticket_number"]
            .as_str()
            .expect("ticket")
            .to_owned(),
        tickets[2]["access_code"].as_str().expect("code").to_owned(),
    );
    assert_eq!(
        fixture::slips(&staff, sitting).await,
        json!(null),
        "the codes are handed over once"
    );
    // The code on the slip lets the candidate in.
    let (_, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    assert!(attempt > 0);

    let detail = fixture::sitting_detail(&staff, sitting).await;
    let row = detail["candidates"]
        .as_array()
        .expect("candidates")
        .iter()
        .find(|c| c["name"] == json!("张卫东"))
        .cloned()
        .expect("enrolled");
    assert_eq!(
        (row["employer"].clone(), row["proposed_post"].clone()),
        (json!("江城区人民法院"), json!("副院长"))
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'candidate.import'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bad_row_enrols_no_one_and_the_reasons_name_their_rows() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam { staff, sitting, .. } = fixture::started_exam(&app).await;
    let before = candidates(&staff, sitting).await;
    let roster = format!(
        "{HEADER}李秀兰,110105195003070027,,,,\n张卫东,510104197210100012,,,,\n李秀兰,110105195003070027,,,,\n"
    );
    let to = upload(&staff, sitting, "有误.csv", roster).await;
    assert_eq!(to, format!("/staff/sittings/{sitting}/roster"));
    assert_eq!(
        candidates(&staff, sitting).await,
        before,
        "nothing half-enrolled"
    );
    let report = staff
        .form_id("/api/sittings/roster-report", "sitting_id", sitting)
        .await
        .ok();
    let errors = fixture::import_errors(&report);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert!(errors[0].starts_with("第3行 B列："), "{errors:?}");
    assert_eq!(errors[1], "第4行 B列：身份证号码与第2行重复");

    // A row the database refuses (already enrolled) also enrols no one, and names its row.
    let roster = format!("{HEADER}李秀兰,110105195003070027,,,,\n王建国,11010519491231002X,,,,\n");
    upload(&staff, sitting, "重复报名.csv", roster).await;
    assert_eq!(candidates(&staff, sitting).await, before);
    let report = staff
        .form_id("/api/sittings/roster-report", "sitting_id", sitting)
        .await
        .ok();
    assert_eq!(
        report["errors"][0][0],
        json!("第3行：该考生已报名本场考试。")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_sitting_staff_upload_rosters_or_read_the_slips() {
    let app = TestApp::spawn().await;
    let fixture::StartedExam { staff, sitting, .. } = fixture::started_exam(&app).await;
    let proctor = app.staff(app.city(), Role::Proctor).await;
    let reply = proctor
        .upload_to(
            &format!("/staff/sittings/{sitting}/roster"),
            "名单.csv",
            format!("{HEADER}李秀兰,110105195003070027,,,,\n").into_bytes(),
        )
        .await;
    assert_eq!(reply.status().as_u16(), 403);
    // A proctor prints only the slips of codes they issued themselves (换机): the staff
    // member's slips stay in their own session.
    assert_eq!(
        fixture::slips(&proctor, sitting).await,
        serde_json::Value::Null
    );
    // Another city's staff cannot enrol into this sitting.
    let other = app
        .db
        .ensure_jurisdiction("OC", "另一市", None)
        .await
        .expect("other city");
    let stranger = app.staff(other, Role::Staff).await;
    let refused = stranger
        .upload_to(
            &format!("/staff/sittings/{sitting}/roster"),
            "名单.csv",
            format!("{HEADER}李秀兰,110105195003070027,,,,\n").into_bytes(),
        )
        .await;
    assert_eq!(
        refused.status().as_u16(),
        404,
        "another city's sitting is not found"
    );
    assert_eq!(candidates(&staff, sitting).await, 1);
    let (status, template) = staff.download("/staff/sittings/roster-template.xlsx").await;
    assert_eq!(status, 200);
    assert!(template.starts_with(b"PK"), "an xlsx file");
}
