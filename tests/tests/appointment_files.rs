//! Nomination lists and the yearly statistics over plain HTTP: the template imports back as
//! one nomination, one bad row records nothing and the report names its row and column,
//! and the statistics workbook is for those who manage appointments.

use app::auth::Role;
use serde_json::{json, Value};
use tests::{fixture, Client, TestApp};

const HEADER: &str = "姓名,身份证号码,现工作单位及职务,拟任职务,提请机关,提请文号,备注\n";

/// Uploads a nomination list and returns where the server sent the browser.
async fn upload(staff: &Client, name: &str, bytes: Vec<u8>) -> String {
    staff
        .upload_redirect("/staff/nominations/import", name, bytes)
        .await
}

/// The last upload's report (once).
async fn report(staff: &Client) -> Value {
    staff
        .form("/api/appointments/import-report", &[])
        .await
        .ok()
}

/// Every nomination in reach.
async fn nominations(staff: &Client) -> Vec<Value> {
    staff
        .form("/api/appointments/nominations", &[("all", "true")])
        .await
        .ok()
        .as_array()
        .cloned()
        .expect("nominations")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_template_imports_back_as_one_nomination() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let (status, template) = staff.download("/staff/nominations/template.xlsx").await;
    assert_eq!(status, 200);
    assert!(template.starts_with(b"PK"), "an xlsx file");

    let to = upload(&staff, "提请任命名单.xlsx", template.clone()).await;
    assert_eq!(to, "/staff/nominations");
    assert_eq!(report(&staff).await, json!({ "recorded": 1, "errors": [] }));
    assert_eq!(report(&staff).await, json!(null), "handed over once");
    let listed = nominations(&staff).await;
    assert_eq!(listed.len(), 1, "{listed:?}");
    assert_eq!(
        (
            listed[0]["name"].clone(),
            listed[0]["post"].clone(),
            listed[0]["document_number"].clone()
        ),
        (
            json!("王建国"),
            json!("江城市财政局局长"),
            json!("江府文〔2026〕12号")
        )
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'nomination.create'")
            .await,
        1
    );

    // The same list again: the store refuses the open nomination, names the row, and
    // records nothing.
    upload(&staff, "提请任命名单.xlsx", template).await;
    let again = report(&staff).await;
    assert_eq!(again["recorded"], json!(0));
    let errors = again["errors"].as_array().expect("errors");
    assert_eq!(errors.len(), 1, "{again}");
    let reason = errors[0][0].as_str().expect("zh");
    assert!(reason.starts_with("第2行："), "{reason}");
    assert_eq!(nominations(&staff).await.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_bad_row_records_nothing_and_the_report_names_its_row_and_column() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let list = format!(
        "{HEADER}李秀兰,110105195003070027,江城市司法局副局长,江城市司法局局长,市人民政府,江府文〔2026〕3号,\n\
         张卫东,510104197210100012,江城区人民法院审判员,江城区人民法院副院长,区人民法院,江中法〔2026〕4号,\n"
    );
    let to = upload(&staff, "有误.csv", list.into_bytes()).await;
    assert_eq!(to, "/staff/nominations");
    assert!(
        nominations(&staff).await.is_empty(),
        "nothing half-recorded"
    );
    let report = report(&staff).await;
    assert_eq!(report["recorded"], json!(0));
    let errors = fixture::import_errors(&report);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("第3行 B列："), "{errors:?}");
    assert!(
        report["errors"][0][1]
            .as_str()
            .is_some_and(|en| en.starts_with("Row 3, column B: ")),
        "{report}"
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'nomination.create'")
            .await,
        0
    );

    // A file that is not a list at all is refused whole, with one reason.
    upload(&staff, "名单.pdf", b"%PDF-1.4".to_vec()).await;
    let refused = self::report(&staff).await;
    assert_eq!(refused["errors"].as_array().map(Vec::len), Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_statistics_workbook_is_for_those_who_manage_appointments() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let (status, bytes) = staff
        .download("/staff/appointment-stats.xlsx?year=2026")
        .await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"), "an xlsx file");
    let reply = staff
        .http()
        .get(format!(
            "{}/staff/appointment-stats.xlsx?year=2026",
            app.base
        ))
        .send()
        .await
        .expect("sent");
    let disposition = tests::header(&reply, "content-disposition");
    assert!(
        disposition.contains("renqian-appointment-stats-2026.xlsx"),
        "{disposition}"
    );
    // Without a year: this year's.
    let (status, bytes) = staff.download("/staff/appointment-stats.xlsx").await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"));

    let grader = app.staff(app.city(), Role::Grader).await;
    let (status, _) = grader
        .download("/staff/appointment-stats.xlsx?year=2026")
        .await;
    assert_eq!(status, 403);
    let (status, _) = grader.download("/staff/nominations/template.xlsx").await;
    assert_eq!(status, 403);
    let refused = grader
        .upload_to(
            "/staff/nominations/import",
            "名单.csv",
            format!("{HEADER}李秀兰,110105195003070027,,局长,市政府,文1,\n").into_bytes(),
        )
        .await;
    assert_eq!(refused.status().as_u16(), 403);
    assert_eq!(
        grader
            .form("/api/appointments/import-report", &[])
            .await
            .status,
        403
    );
    assert!(nominations(&staff).await.is_empty());
}
