//! Editing makes a new version and retires the old; papers keep the version they drew;
//! retiring and re-tagging touch only the caller's own active questions; all audited.

use app::auth::Role;
use serde_json::{json, Value};
use tests::fixture;
use tests::TestApp;

fn revise_fields<'a>(id: &'a str, key: &'a str, reason: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("id", id),
        ("bank", "common"),
        ("kind", "single_choice"),
        ("stem", "中华人民共和国的一切权力属于（ ）。"),
        ("options", "人民\n国务院\n全国人民代表大会\n人民代表"),
        ("key", key),
        ("explanation", "宪法第二条"),
        ("difficulty", "1"),
        ("law", "constitution"),
        ("article", "2"),
        ("reason", reason),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_is_a_new_version_and_the_paper_keeps_the_version_it_drew() {
    let app = TestApp::spawn().await;
    let exam = fixture::started_exam(&app).await;
    let old = exam.questions[0].to_string();

    let missing_reason = exam
        .staff
        .form("/api/bank/revise", &revise_fields(&old, "A", ""))
        .await;
    assert_eq!(missing_reason.json()["Invalid"]["field"], json!("reason"));
    let new_id = exam
        .staff
        .form("/api/bank/revise", &revise_fields(&old, "A", "增加选项"))
        .await
        .ok()
        .as_i64()
        .expect("new id");
    assert_ne!(new_id, exam.questions[0]);

    let new = exam.staff.form_id("/api/bank/get", "id", new_id).await.ok();
    assert_eq!(
        (
            new["version"].clone(),
            new["status"].clone(),
            new["editable"].clone()
        ),
        (json!(2), json!("active"), json!(true))
    );
    let old_version = exam.staff.form("/api/bank/get", &[("id", &old)]).await.ok();
    assert_eq!(
        (
            old_version["status"].clone(),
            old_version["editable"].clone()
        ),
        (json!("retired"), json!(false))
    );
    assert_eq!(
        exam.staff
            .form("/api/bank/revise", &revise_fields(&old, "A", "再改"))
            .await
            .status,
        409,
        "a retired version is not edited"
    );

    // The running paper still holds the old version, and the candidate's answer to it counts.
    let paper = exam.candidate.form("/api/exam/state", &[]).await.ok();
    let ids: Vec<i64> = paper["phase"]["InProgress"]["questions"]
        .as_array()
        .expect("paper")
        .iter()
        .filter_map(|p| p["question_id"].as_i64())
        .collect();
    assert_eq!(ids, exam.questions);
    exam.save(0, json!({ "choices": [0] }), 1).await.ok();
    exam.submit().await.ok();
    let detail = fixture::sitting_detail(&exam.staff, exam.sitting).await;
    assert_eq!(detail["candidates"][0]["score"], json!(10));

    // The list shows the new version only.
    let listed = exam
        .staff
        .form("/api/bank/list", &[("text", "一切权力属于")])
        .await
        .ok();
    assert_eq!(
        listed["rows"].as_array().map(|r| r
            .iter()
            .filter_map(|q| q["id"].as_i64())
            .collect::<Vec<_>>()),
        Some(vec![new_id])
    );
    let admin = app.staff(app.city(), Role::Admin).await;
    let events = admin.form("/api/audit/list", &[]).await.ok();
    let revise = events
        .as_array()
        .and_then(|e| e.iter().find(|e| e["action"] == "question.revise"))
        .expect("audited")
        .clone();
    assert_eq!(revise["reason"], json!("增加选项"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bulk_retire_and_retag_touch_only_the_callers_own_active_questions() {
    let app = TestApp::spawn().await;
    let city_staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&city_staff).await;
    let district = app.district("TC-D", "区人大常委会").await;
    let district_staff = app.staff(district, Role::Staff).await;
    let ids = |list: &[i64]| {
        list.iter()
            .map(|id| (format!("ids[{id}]"), id.to_string()))
            .collect::<Vec<_>>()
    };
    let with = |mut fields: Vec<(&'static str, &'static str)>,
                ids: &Vec<(String, String)>|
     -> Vec<(String, String)> {
        fields
            .drain(..)
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .chain(ids.iter().cloned())
            .collect()
    };
    let post = |client: tests::Client, fields: Vec<(String, String)>| async move {
        let borrowed: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        client.form("/api/bank/bulk", &borrowed).await
    };

    // A district cannot change the city's questions it can see.
    let district_try = post(
        district_staff.clone(),
        with(vec![("action", "retire"), ("reason", "越权")], &ids(&q)),
    )
    .await
    .ok();
    assert_eq!(district_try, json!(0));

    let tagged = post(
        city_staff.clone(),
        with(
            vec![("action", "tag_add"), ("tag", "2026年更新")],
            &ids(&q[..2]),
        ),
    )
    .await
    .ok();
    assert_eq!(tagged, json!(2));
    let by_tag = city_staff
        .form("/api/bank/list", &[("text", "2026年更新")])
        .await
        .ok();
    assert_eq!(by_tag["matching"], json!(2));

    let no_reason = post(
        city_staff.clone(),
        with(vec![("action", "retire")], &ids(&q[..1])),
    )
    .await;
    assert_eq!(no_reason.status, 422);
    let retired = post(
        city_staff.clone(),
        with(
            vec![("action", "retire"), ("reason", "法律修订")],
            &ids(&q[..1]),
        ),
    )
    .await
    .ok();
    assert_eq!(retired, json!(1));
    let list: Value = city_staff.form("/api/bank/list", &[]).await.ok();
    assert_eq!(
        list["total"],
        json!(2),
        "a retired question leaves the bank list"
    );
    assert_eq!(
        city_staff
            .form("/api/bank/get", &[("id", &q[0].to_string())])
            .await
            .ok()["status"],
        json!("retired"),
        "but stays on record"
    );
    let untagged = post(
        city_staff.clone(),
        with(
            vec![("action", "tag_remove"), ("tag", "2026年更新")],
            &ids(&q[..2]),
        ),
    )
    .await
    .ok();
    assert_eq!(untagged, json!(1), "the retired one is left as it was");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_its_own_bank_reserves_a_question_and_its_new_version_stays_reserved() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let q = fixture::questions(&staff).await;
    let east = app.district("TC-E", "东区人大常委会").await;
    let east_staff = app.staff(east, Role::Staff).await;
    let old = q[0].to_string();
    let reserve = [
        ("action", "reserve"),
        (&format!("ids[{old}]") as &str, &old as &str),
    ];
    assert_eq!(
        east_staff.form("/api/bank/bulk", &reserve).await.ok(),
        json!(0),
        "not the district's question"
    );
    assert_eq!(staff.form("/api/bank/bulk", &reserve).await.ok(), json!(1));
    let new_id = staff
        .form("/api/bank/revise", &revise_fields(&old, "A", "更正解析"))
        .await
        .ok()
        .as_i64()
        .expect("new id");
    let new = staff.form_id("/api/bank/get", "id", new_id).await.ok();
    assert_eq!(
        new["reserved"],
        json!(true),
        "reserved as the old version was"
    );
}
