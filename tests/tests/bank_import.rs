//! Importing and exporting the question bank over HTTP: preview, all-or-nothing commit,
//! row-precise rejections, duplicates, the template, exports, and who may do each.

use app::auth::Role;
use question_bank::formats::{self, Format};
use serde_json::{json, Value};
use tests::{Client, TestApp};

/// Uploads and returns the staged batch's id (from the redirect to its preview page).
async fn stage(staff: &Client, name: &str, bytes: Vec<u8>) -> i64 {
    let reply = staff.upload(name, bytes).await;
    assert_eq!(
        reply.status().as_u16(),
        303,
        "upload redirects to the preview"
    );
    let location = reply
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    location
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("preview location {location}"))
}

async fn preview(staff: &Client, batch: i64) -> Value {
    staff
        .form("/api/bank/import", &[("batch_id", &batch.to_string())])
        .await
        .ok()
}

async fn bank_size(staff: &Client) -> i64 {
    staff.form("/api/bank/list", &[]).await.ok()["total"]
        .as_i64()
        .expect("total")
}

const GOOD: &str = "题库,题型,题干,选项A,选项B,选项C,答案,解析,难度,法律,条,款,标签\n\
    通用,单选题,中华人民共和国的一切权力属于（ ）。,人民,国务院,法院,A,依据《宪法》第二条,1,宪法,2,,总纲\n\
    法院,判断题,法官的员额根据案件数量、经济社会发展情况、人口数量和人民法院审级等因素确定。,,,,正确,,2,judges-law,25,,员额\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_checked_file_is_previewed_then_committed_all_at_once_and_audited() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let batch = stage(&staff, "题库.csv", GOOD.as_bytes().to_vec()).await;
    let p = preview(&staff, batch).await;
    assert_eq!(p["added"].as_array().map(Vec::len), Some(2));
    assert_eq!(p["rejected"], json!([]));
    assert_eq!(
        bank_size(&staff).await,
        0,
        "nothing is written before the commit"
    );

    assert_eq!(
        staff
            .form(
                "/api/bank/import/commit",
                &[("batch_id", &batch.to_string())]
            )
            .await
            .ok(),
        json!(2)
    );
    assert_eq!(bank_size(&staff).await, 2);
    let listed = staff
        .form("/api/bank/list", &[("bank", "court")])
        .await
        .ok();
    assert_eq!(listed["matching"], json!(1));
    assert_eq!(listed["rows"][0]["citation"], json!("法官法第25条"));
    assert_eq!(listed["rows"][0]["tags"], json!(["员额"]));

    let again = staff
        .form(
            "/api/bank/import/commit",
            &[("batch_id", &batch.to_string())],
        )
        .await;
    assert_eq!(again.status, 409, "a batch commits once: {}", again.body);
    assert_eq!(bank_size(&staff).await, 2);

    // The same file again: everything is a duplicate, nothing new.
    let p = preview(
        &staff,
        stage(&staff, "题库.csv", GOOD.as_bytes().to_vec()).await,
    )
    .await;
    assert_eq!(
        (
            p["added"].as_array().map(Vec::len),
            p["duplicates"].as_array().map(Vec::len)
        ),
        (Some(0), Some(2))
    );

    let admin = app.staff(app.city(), Role::Admin).await;
    let events = admin.form("/api/audit/list", &[]).await.ok();
    let import = events
        .as_array()
        .and_then(|e| e.iter().find(|e| e["action"] == "question.import"))
        .expect("import audited");
    assert!(
        import["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("\"added\":2"),
        "{import}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_file_with_one_bad_row_names_it_and_cannot_be_committed() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let broken = format!("{GOOD}通用,单选题,有两个答案的单选题（ ）。,甲,乙,丙,AB,,2,宪法,2,,\n");
    let batch = stage(&staff, "broken.csv", broken.into_bytes()).await;
    let p = preview(&staff, batch).await;
    assert_eq!(
        p["rejected"],
        json!([{ "message_zh": "第4行 G列：单选题必须恰好有一个正确答案，当前为2个", "message_en": "Row 4, column G: a single-choice question needs exactly one key; it has 2" }])
    );
    let commit = staff
        .form(
            "/api/bank/import/commit",
            &[("batch_id", &batch.to_string())],
        )
        .await;
    assert_eq!(commit.status, 409, "{}", commit.body);
    assert_eq!(bank_size(&staff).await, 0, "nothing half-imported");

    // A file that is not what it claims is refused whole, with a reason.
    let p = preview(
        &staff,
        stage(&staff, "bank.xlsx", b"not really a workbook".to_vec()).await,
    )
    .await;
    assert!(
        p["file_error"][0]
            .as_str()
            .unwrap_or_default()
            .starts_with("无法读取文件"),
        "{p}"
    );
    let p = preview(&staff, stage(&staff, "bank.doc", b"x".to_vec()).await).await;
    assert!(
        p["file_error"][0]
            .as_str()
            .unwrap_or_default()
            .contains(".xlsx"),
        "{p}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_template_imports_as_is_and_an_export_imports_back_to_the_same_questions() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let (status, template) = staff.download("/staff/questions/template.xlsx").await;
    assert_eq!(status, 200);
    let batch = stage(&staff, "template.xlsx", template).await;
    assert_eq!(
        staff
            .form(
                "/api/bank/import/commit",
                &[("batch_id", &batch.to_string())]
            )
            .await
            .ok(),
        json!(3)
    );

    let (status, exported) = staff.download("/staff/questions/export.xlsx").await;
    assert_eq!(status, 200);
    let (_, json_export) = staff.download("/staff/questions/export.json").await;
    let from_xlsx: Vec<_> = formats::read(Format::Xlsx, &exported)
        .expect("xlsx")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();
    let from_json: Vec<_> = formats::read(Format::Json, &json_export)
        .expect("json")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();
    assert_eq!(from_xlsx.len(), 3);
    let (status, gift_export) = staff.download("/staff/questions/export.gift").await;
    assert_eq!(status, 200);
    let from_gift: Vec<_> = formats::read(Format::Gift, &gift_export)
        .expect("gift")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();
    assert_eq!(from_gift, from_json);
    assert_eq!(from_xlsx, from_json);

    // Into another city's empty bank, the export gives back the same three questions.
    let other = app
        .db
        .ensure_jurisdiction("OC", "另一市", None)
        .await
        .expect("other city");
    let other_staff = app.staff(other, Role::Staff).await;
    let batch = stage(&other_staff, "export.xlsx", exported).await;
    assert_eq!(
        other_staff
            .form(
                "/api/bank/import/commit",
                &[("batch_id", &batch.to_string())]
            )
            .await
            .ok(),
        json!(3)
    );
    let (_, round_trip) = other_staff.download("/staff/questions/export.json").await;
    let back: Vec<_> = formats::read(Format::Json, &round_trip)
        .expect("json")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();
    assert_eq!(back, from_json);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_bank_staff_import_or_export_and_a_batch_belongs_to_its_uploader() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let batch = stage(&staff, "q.csv", GOOD.as_bytes().to_vec()).await;

    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(
        proctor
            .upload("q.csv", GOOD.as_bytes().to_vec())
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        proctor.download("/staff/questions/export.json").await.0,
        403
    );
    let nobody = app.client();
    assert_eq!(
        nobody.download("/staff/questions/export.json").await.0,
        303,
        "to the login page"
    );
    let colleague = app.staff(app.city(), Role::Staff).await;
    assert_eq!(
        colleague
            .form("/api/bank/import", &[("batch_id", &batch.to_string())])
            .await
            .status,
        404
    );
    assert_eq!(
        colleague
            .form(
                "/api/bank/import/commit",
                &[("batch_id", &batch.to_string())]
            )
            .await
            .status,
        404
    );
    // A cross-site upload never reaches the handler.
    let evil = reqwest::Client::new()
        .post(format!("{}/staff/questions/upload", app.base))
        .header("origin", "http://evil.example")
        .multipart(reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(GOOD.as_bytes().to_vec()).file_name("q.csv"),
        ))
        .send()
        .await
        .expect("sent");
    assert_eq!(evil.status().as_u16(), 403);
    assert_eq!(bank_size(&staff).await, 0);
}
