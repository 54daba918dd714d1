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
    let location = tests::header(&reply, "location");
    location
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or_else(|| panic!("preview location {location}"))
}

async fn preview(staff: &Client, batch: i64) -> Value {
    staff
        .form_id("/api/bank/import", "batch_id", batch)
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
        commit(&staff, batch).await.ok(),
        json!([2, 0]),
        "two added, none revised"
    );
    assert_eq!(bank_size(&staff).await, 2);
    let listed = staff
        .form("/api/bank/list", &[("bank", "court")])
        .await
        .ok();
    assert_eq!(listed["matching"], json!(1));
    assert_eq!(listed["rows"][0]["citation"], json!("法官法第25条"));
    assert_eq!(listed["rows"][0]["tags"], json!(["员额"]));

    let again = commit(&staff, batch).await;
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
        .form_id("/api/bank/import/commit", "batch_id", batch)
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

/// One question of each type, the short answer with its marking points.
const FOUR_TYPES: &str = "题库,题型,题干,选项A,选项B,选项C,答案,解析,难度,法律,条,款,标签,评分要点\n\
    通用,单选题,中华人民共和国的一切权力属于（ ）。,人民,国务院,法院,A,依据《宪法》第二条,1,宪法,2,,总纲,\n\
    通用,多选题,根据宪法第三十三条，下列说法正确的有（ ）。,公民在法律面前一律平等,国家尊重和保障人权,公民只享有权利,AB,,2,宪法,33,,公民权利,\n\
    人大,判断题,地方各级人民代表大会每届任期五年。,,,,正确,,1,宪法,98,,任期,\n\
    通用,简答题,国家机构实行什么原则？请简述。,,,,国家机构实行民主集中制的原则。,,3,宪法,3,,国家机构,\"民主集中制\n对人民负责，受人民监督\"\n";

/// Issue 19 item 10: the template's example rows never import as real questions (the
/// template says so, and a file of nothing else is refused saying why); a commit returns to
/// the bank, which says what was imported, by bank and type.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_template_examples_never_import_and_the_bank_says_what_a_commit_imported() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let (status, template) = staff.download("/staff/questions/template.xlsx").await;
    assert_eq!(status, 200);
    let examples = stage(&staff, "template.xlsx", template).await;
    let p = preview(&staff, examples).await;
    assert!(
        p["file_error"][0]
            .as_str()
            .is_some_and(|e| e.contains("示例不会导入")),
        "{p}"
    );
    let refused = commit(&staff, examples).await;
    assert!(refused.status >= 400, "{}", refused.body);
    assert_eq!(bank_size(&staff).await, 0, "no example became a question");

    let batch = stage(&staff, "四种题型.csv", FOUR_TYPES.as_bytes().to_vec()).await;
    assert_eq!(commit(&staff, batch).await.ok(), json!([4, 0]));
    let page = staff
        .get(&format!("/staff/questions?imported={batch}"))
        .await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("已导入“四种题型.csv”：新增4道、修改0道试题（通用单选题1道、通用多选题1道、通用简答题1道、人大判断题1道），重复的0道已跳过。"),
        "{}",
        page.body
    );
    // Another person's batch number says nothing.
    let other = app.staff(app.city(), Role::Staff).await;
    let theirs = other
        .get(&format!("/staff/questions?imported={batch}"))
        .await;
    assert!(!theirs.body.contains("已导入"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_imports_back_to_the_same_questions() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let batch = stage(&staff, "四种题型.csv", FOUR_TYPES.as_bytes().to_vec()).await;
    assert_eq!(
        commit(&staff, batch).await.ok(),
        json!([4, 0]),
        "one question of each type, the short answer included"
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
    assert_eq!(from_xlsx.len(), 4);
    let (status, gift_export) = staff.download("/staff/questions/export.gift").await;
    assert_eq!(status, 200);
    let from_gift: Vec<_> = formats::read(Format::Gift, &gift_export)
        .expect("gift")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();
    assert_eq!(from_gift, from_json);
    assert_eq!(from_xlsx, from_json);

    // Into another city's empty bank, the export gives back the same four questions.
    let back = into_another_city(&app, "export.xlsx", exported).await;
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
            .form_id("/api/bank/import", "batch_id", batch)
            .await
            .status,
        404
    );
    assert_eq!(
        colleague
            .form_id("/api/bank/import/commit", "batch_id", batch)
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

/// Commits a staged batch and returns the server's reply.
/// Imports four questions' file into another city's empty bank and exports them back as JSON:
/// what a file carries from one office to another.
async fn into_another_city(
    app: &TestApp,
    name: &str,
    bytes: Vec<u8>,
) -> Vec<question_bank::bank::question::Question> {
    let other = app
        .db
        .ensure_jurisdiction("OC", "另一市", None)
        .await
        .expect("other city");
    let other_staff = app.staff(other, Role::Staff).await;
    let batch = stage(&other_staff, name, bytes).await;
    assert_eq!(commit(&other_staff, batch).await.ok(), json!([4, 0]));
    let (_, round_trip) = other_staff.download("/staff/questions/export.json").await;
    formats::read(Format::Json, &round_trip)
        .expect("json")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect()
}

async fn commit(staff: &Client, batch: i64) -> tests::Reply {
    staff
        .form_id("/api/bank/import/commit", "batch_id", batch)
        .await
}

/// A staff account whose bank holds `GOOD`'s two questions, imported and committed.
async fn staff_with_good_bank(app: &TestApp) -> Client {
    let staff = app.staff(app.city(), Role::Staff).await;
    let batch = stage(&staff, "题库.csv", GOOD.as_bytes().to_vec()).await;
    assert_eq!(commit(&staff, batch).await.ok(), json!([2, 0]));
    staff
}

/// The id of the first question in the common bank.
async fn common_question(staff: &Client) -> i64 {
    staff
        .form("/api/bank/list", &[("bank", "common")])
        .await
        .ok()["rows"][0]["id"]
        .as_i64()
        .expect("id")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exported_file_edited_and_imported_back_revises_its_questions_as_new_versions() {
    let app = TestApp::spawn().await;
    let staff = staff_with_good_bank(&app).await;
    let old_id = common_question(&staff).await;

    // Staff export, correct one question's difficulty and explanation, add a new one.
    let (_, exported) = staff.download("/staff/questions/export.json").await;
    let mut items: Vec<Value> = serde_json::from_slice(&exported).expect("json");
    let common = items
        .iter_mut()
        .find(|q| q["bank"] == json!("common"))
        .expect("the common question");
    common["difficulty"] = json!(3);
    common["explanation"] = json!("依据《宪法》第二条第一款：“中华人民共和国的一切权力属于人民。”");
    let mut added = common.clone();
    added["stem"] = json!("全国人民代表大会和地方各级人民代表大会是人民行使国家权力的（ ）。");
    added["options"] = json!(["机关", "组织", "团体"]);
    items.push(added);
    let edited = serde_json::to_vec(&items).expect("json");

    let batch = stage(&staff, "edited.json", edited.clone()).await;
    let p = preview(&staff, batch).await;
    assert_eq!(p["added"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        p["duplicates"].as_array().map(Vec::len),
        Some(1),
        "the untouched question"
    );
    assert_eq!(p["changed"][0]["question_id"], json!(old_id));
    assert_eq!(
        p["changed"][0]["fields"],
        json!(["explanation", "difficulty"])
    );
    assert_eq!(commit(&staff, batch).await.ok(), json!([1, 1]));

    assert_eq!(bank_size(&staff).await, 3, "two kept, one added");
    let old = staff.form_id("/api/bank/get", "id", old_id).await.ok();
    assert_eq!(old["status"], json!("retired"));
    let revised = staff
        .form(
            "/api/bank/list",
            &[("bank", "common"), ("text", "一切权力属于")],
        )
        .await
        .ok();
    assert_eq!(revised["matching"], json!(1));
    assert_eq!(
        (
            revised["rows"][0]["version"].clone(),
            revised["rows"][0]["difficulty"].clone()
        ),
        (json!(2), json!(3))
    );
    let audited = app
        .sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'question.revise' AND reason = '导入文件 edited.json'")
        .await;
    assert_eq!(
        audited, 1,
        "the revision is audited with the file it came from"
    );

    // Imported once more, the same file changes nothing.
    let p = preview(&staff, stage(&staff, "edited.json", edited).await).await;
    assert_eq!(
        (
            p["added"].as_array().map(Vec::len),
            p["changed"].as_array().map(Vec::len)
        ),
        (Some(0), Some(0))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_changed_after_the_preview_refuses_the_whole_commit() {
    let app = TestApp::spawn().await;
    let staff = staff_with_good_bank(&app).await;
    let id = common_question(&staff).await;
    let file = "题库,题型,题干,选项A,选项B,选项C,答案,解析,难度,法律,条,标签\n\
        通用,单选题,中华人民共和国的一切权力属于（ ）。,人民,国务院,法院,A,依据《宪法》第二条,4,宪法,2,总纲\n\
        通用,判断题,中华人民共和国的国家机构实行民主集中制的原则。,,,,正确,,1,宪法,3,\n";
    let batch = stage(&staff, "改难度.csv", file.as_bytes().to_vec()).await;
    let p = preview(&staff, batch).await;
    assert_eq!(p["changed"][0]["fields"], json!(["difficulty"]));

    // A colleague retires the question before the commit.
    staff
        .form(
            "/api/bank/bulk",
            &[
                ("action", "retire"),
                ("reason", "过时"),
                (&format!("ids[{id}]"), &id.to_string()),
            ],
        )
        .await
        .ok();
    let before = bank_size(&staff).await;
    let refused = commit(&staff, batch).await;
    assert_eq!(refused.status, 409, "{}", refused.body);
    assert!(
        refused.body.contains("第2行要修改的试题"),
        "the refusal names the row: {}",
        refused.body
    );
    assert_eq!(
        bank_size(&staff).await,
        before,
        "the new question in the same file was not added either"
    );
    assert_eq!(
        preview(&staff, batch).await["committed"],
        json!(false),
        "the batch is not marked committed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_of_corrections_alone_commits_them_as_new_versions() {
    let app = TestApp::spawn().await;
    let staff = staff_with_good_bank(&app).await;
    let corrected = GOOD.replace(
        ",正确,,2,judges-law,25,,员额",
        ",正确,,3,judges-law,25,,员额",
    );
    let batch = stage(&staff, "更正.csv", corrected.into_bytes()).await;
    let p = preview(&staff, batch).await;
    assert_eq!(
        (
            p["added"].as_array().map(Vec::len),
            p["changed"].as_array().map(Vec::len)
        ),
        (Some(0), Some(1))
    );
    assert_eq!(commit(&staff, batch).await.ok(), json!([0, 1]));
    let court = staff
        .form("/api/bank/list", &[("bank", "court")])
        .await
        .ok();
    assert_eq!(
        (
            court["rows"][0]["difficulty"].clone(),
            court["rows"][0]["version"].clone()
        ),
        (json!(3), json!(2))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drafts_stay_out_of_papers_until_activated_and_short_answers_go_in() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let add = |kind: &'static str,
               stem: &'static str,
               key: &'static str,
               points: &'static str,
               draft: &'static str| {
        let staff = &staff;
        async move {
            staff
                .form(
                    "/api/bank/add",
                    &[
                        ("bank", "common"),
                        ("kind", kind),
                        ("stem", stem),
                        ("key", key),
                        ("marking_points", points),
                        ("difficulty", "2"),
                        ("law", "constitution"),
                        ("article", "3"),
                        ("draft", draft),
                    ],
                )
                .await
        }
    };
    let draft = add(
        "true_false",
        "中华人民共和国的国家机构实行民主集中制的原则。",
        "正确",
        "",
        "1",
    )
    .await
    .ok()
    .as_i64()
    .expect("draft id");
    let short = add(
        "short_answer",
        "国家机构实行什么原则？",
        "国家机构实行民主集中制的原则。",
        "民主集中制\n由人民代表大会产生，对它负责，受它监督",
        "",
    )
    .await
    .ok()
    .as_i64()
    .expect("short answer id");
    let again = add(
        "true_false",
        "中华人民共和国的国家机构实行民主集中制的原则。",
        "错误",
        "",
        "",
    )
    .await;
    assert_eq!(
        again.json()["Invalid"]["field"],
        json!("stem"),
        "the same question twice is refused: {}",
        again.body
    );
    let no_points = add("short_answer", "没有要点？", "答案。", "", "").await;
    assert_eq!(
        no_points.json()["Invalid"]["field"],
        json!("marking_points")
    );

    let listed = staff
        .form("/api/bank/list", &[("status", "draft")])
        .await
        .ok();
    assert_eq!(listed["matching"], json!(1));
    assert_eq!(listed["rows"][0]["status"], json!("draft"));
    assert_eq!(
        staff.form("/api/bank/list", &[]).await.ok()["total"],
        json!(1),
        "counts are of active questions only"
    );
    let got = staff.form_id("/api/bank/get", "id", short).await.ok();
    assert_eq!(
        got["marking_points"],
        json!(["民主集中制", "由人民代表大会产生，对它负责，受它监督"])
    );

    let sitting = |id: i64| {
        let staff = &staff;
        async move {
            staff
                .form(
                    "/api/sittings/create",
                    &[
                        ("title", "草稿测试"),
                        ("opens_at", &tests::cst_in(60)),
                        ("closes_at", &tests::cst_in(180)),
                        ("duration_minutes", "90"),
                        ("pass_mark", "1"),
                        ("paper_mode", "fixed"),
                        ("points_each", "10"),
                        (&format!("question_ids[{id}]"), &id.to_string()),
                    ],
                )
                .await
        }
    };
    let refused = sitting(draft).await;
    assert_eq!(
        refused.json()["Invalid"]["field"],
        json!("question_ids"),
        "{}",
        refused.body
    );
    assert!(
        sitting(short).await.ok().as_i64().is_some(),
        "an active short answer goes in: its papers are marked by hand"
    );
    assert_eq!(
        staff
            .form(
                "/api/bank/bulk",
                &[
                    ("action", "activate"),
                    (&format!("ids[{draft}]"), &draft.to_string())
                ],
            )
            .await
            .ok(),
        json!(1)
    );
    assert!(
        sitting(draft).await.ok().as_i64().is_some(),
        "an activated question may go in"
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'question.activate'")
            .await,
        1
    );
}

/// Issue 19 item 10: the bank lists 50 questions a page; a page number is bounded (past the
/// end shows the last page, nonsense the first), and the page links keep the filters.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bank_lists_fifty_a_page_with_links_that_keep_the_filters() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let mut csv = String::from("题库,题型,题干,选项A,选项B,选项C,答案,难度,法律,条\n");
    for n in 1..=120 {
        csv.push_str(&format!(
            "通用,单选题,分页测试第{n}题：中华人民共和国的一切权力属于（ ）。,人民,国务院,法院,A,1,宪法,2\n"
        ));
    }
    let batch = stage(&staff, "分页.csv", csv.into_bytes()).await;
    commit(&staff, batch).await.ok();
    let page = |page: &'static str| {
        let staff = &staff;
        async move {
            staff
                .form("/api/bank/list", &[("bank", "common"), ("page", page)])
                .await
                .ok()
        }
    };
    let first = page("1").await;
    assert_eq!(
        (
            first["matching"].clone(),
            first["pages"].clone(),
            first["rows"].as_array().map(Vec::len)
        ),
        (json!(120), json!(3), Some(50))
    );
    let last = page("3").await;
    assert_eq!(last["rows"].as_array().map(Vec::len), Some(20));
    assert_ne!(first["rows"][0]["id"], last["rows"][0]["id"]);
    assert_eq!(page("99").await["page"], json!(3));
    assert_eq!(page("abc").await["page"], json!(1));
    assert_eq!(page("-1").await["page"], json!(1));

    // The page itself, as a browser without JavaScript gets it: links to the other pages,
    // the filter kept in each.
    let html = staff
        .get("/staff/questions?bank=common&text=%E5%88%86%E9%A1%B5&page=2")
        .await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("第 2/3 页"), "{}", html.body);
    for p in [1, 3] {
        let href = format!(
            "href=\"/staff/questions?bank=common&amp;text=%E5%88%86%E9%A1%B5&amp;page={p}\""
        );
        assert!(html.body.contains(&href), "{href} in {}", html.body);
    }
}

// The Word builder lives with the hostile files (hostile/uploads.rs includes them too).
#[allow(clippy::duplicate_mod)]
#[path = "../../question-bank/tests/support/hostile_files.rs"]
mod hostile_files;

/// A Word bank in the common layout: typed numbers for the questions, Word's automatic
/// letters for the second question's options, and question 4 keyed only when `key_table`.
fn word_bank(key_table: bool) -> Vec<u8> {
    use hostile_files::{numbered, numbering, para, word_document};
    let mut body: String = [
        "【题库】通用【难度】2",
        "一、单选题",
        "1. 中华人民共和国的一切权力属于（A）。",
        "A.人民 B.国务院 C.法院",
        "【出处】《宪法》第二条",
        "2. 全国人民代表大会每届任期（ ）年。",
    ]
    .map(para)
    .concat();
    for o in ["三", "五", "四"] {
        body += &numbered(1, o);
    }
    body += &[
        "答案：B",
        "【出处】《宪法》第六十条",
        "二、判断题",
        "3. 地方各级人民代表大会每届任期五年。（√）",
        "【出处】《宪法》第九十八条",
        "4. 地方各级人民代表大会每届任期三年。",
        "【出处】《宪法》第九十八条",
    ]
    .map(para)
    .concat();
    if key_table {
        body += &["参考答案", "4.×"].map(para).concat();
    }
    word_document(&body, Some(&numbering(&[(1, "upperLetter", "%1.")])))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_word_bank_previews_with_paragraph_named_refusals_and_commits_once_keyed() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let batch = stage(&staff, "题库.docx", word_bank(false)).await;
    let p = preview(&staff, batch).await;
    assert_eq!(p["added"].as_array().map(Vec::len), Some(3), "{p}");
    assert_eq!(
        p["rejected"],
        json!([{ "message_zh": "第15段：第4题 找不到答案：请在题后加一行“答案：B”，或在题干括号中写明，或在文末答案表中列出", "message_en": "Paragraph 15: question 4: no key: add a line \"答案：B\" after the question, put it in the stem's brackets, or list it in the key table at the end" }])
    );
    assert_eq!(
        commit(&staff, batch).await.status,
        409,
        "not with a refused row"
    );
    assert_eq!(bank_size(&staff).await, 0);

    let batch = stage(&staff, "题库.docx", word_bank(true)).await;
    assert_eq!(commit(&staff, batch).await.ok(), json!([4, 0]));
    let listed = staff
        .form("/api/bank/list", &[("kind", "single_choice")])
        .await
        .ok();
    assert_eq!(listed["matching"], json!(2), "{listed}");
}

/// Exports as QTI 3.0 and Aiken: the right content types, and each imports back (into another
/// city's bank) to the same questions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qti_and_aiken_exports_download_and_import_back_to_the_same_questions() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let batch = stage(&staff, "四种题型.csv", FOUR_TYPES.as_bytes().to_vec()).await;
    assert_eq!(commit(&staff, batch).await.ok(), json!([4, 0]));
    let (_, json_export) = staff.download("/staff/questions/export.json").await;
    let all: Vec<_> = formats::read(Format::Json, &json_export)
        .expect("json")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();

    let fetch = |path: &'static str| {
        let http = staff.http().clone();
        let url = format!("{}{path}", app.base);
        async move {
            let reply = http.get(url).send().await.expect("sent");
            let kind = reply.headers()["content-type"]
                .to_str()
                .expect("type")
                .to_owned();
            (
                reply.status().as_u16(),
                kind,
                reply.bytes().await.expect("body").to_vec(),
            )
        }
    };
    let (status, kind, package) = fetch("/staff/questions/export.qti.zip").await;
    assert_eq!((status, kind.as_str()), (200, "application/zip"));
    let (status, kind, aiken) = fetch("/staff/questions/export.aiken.txt").await;
    assert_eq!((status, kind.as_str()), (200, "text/plain; charset=utf-8"));
    let singles: Vec<_> = all
        .iter()
        .filter(|q| q.kind() == question_bank::bank::question::QuestionKind::SingleChoice)
        .cloned()
        .collect();
    let from_aiken: Vec<_> = formats::read(Format::MoodleText, &aiken)
        .expect("aiken")
        .into_iter()
        .map(|r| r.result.expect("valid"))
        .collect();
    assert_eq!(from_aiken, singles);

    let back = into_another_city(&app, "renqian-questions.qti.zip", package).await;
    assert_eq!(back, all);

    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(
        proctor.download("/staff/questions/export.qti.zip").await.0,
        403
    );
    assert_eq!(
        proctor
            .download("/staff/questions/export.aiken.txt")
            .await
            .0,
        403
    );
}
