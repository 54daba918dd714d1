//! 管理员 (issue 21 §1): districts and staff accounts in the browser's server functions.
//! A new account logs in with the password shown once; a reset stops the old password;
//! disabling and signing out everywhere end live sessions at once; a district's
//! administrator reaches only their district; every change is audited with who and why;
//! refusals are 4xx with a translated message naming the field, and change nothing.

use app::auth::Role;
use serde_json::{json, Value};
use tests::{Client, Reply, TestApp};

/// Logs in on a fresh client; returns it and the login's status.
async fn login(app: &TestApp, username: &str, password: &str) -> (Client, u16) {
    let client = app.client();
    let status = client.login(username, password).await.status;
    (client, status)
}

/// A login is refused (as a wrong password is: the same 4xx, so an outsider learns nothing
/// about the account).
fn assert_login_refused(status: u16) {
    assert!((400..500).contains(&status), "login not refused: {status}");
}

/// A staff request every role may make: 200 while the session lives, 401 once it ended.
async fn still_signed_in(client: &Client) -> u16 {
    client.form("/api/bank/list", &[]).await.status
}

async fn create_account(admin: &Client, jurisdiction: i64, username: &str, role: &str) -> Reply {
    admin
        .form(
            "/api/admin/create-account",
            &[
                ("jurisdiction_id", &jurisdiction.to_string()),
                ("username", username),
                ("display_name", "李文"),
                ("role", role),
            ],
        )
        .await
}

/// Creates an account; returns (id, password shown once).
async fn new_account(
    admin: &Client,
    jurisdiction: i64,
    username: &str,
    role: &str,
) -> (i64, String) {
    let issued = create_account(admin, jurisdiction, username, role)
        .await
        .ok();
    assert_eq!(issued["username"], json!(username));
    (
        issued["user_id"].as_i64().expect("id"),
        issued["password"].as_str().expect("password").to_owned(),
    )
}

/// A refusal: 4xx, the field named, a Chinese and an English message.
fn assert_refused(reply: &Reply, field: &str) {
    assert!(
        (400..500).contains(&reply.status),
        "expected a refusal, got {}: {}",
        reply.status,
        reply.body
    );
    let error = reply.json();
    assert_eq!(error["Invalid"]["field"], json!(field), "{}", reply.body);
    assert!(error["Invalid"]["zh"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
    assert!(error["Invalid"]["en"]
        .as_str()
        .is_some_and(|m| !m.is_empty()));
}

async fn audit(admin: &Client) -> Vec<Value> {
    admin
        .form("/api/audit/list", &[])
        .await
        .ok()
        .as_array()
        .cloned()
        .expect("events")
}

fn event<'a>(events: &'a [Value], action: &str, entity_id: i64) -> &'a Value {
    events
        .iter()
        .find(|e| e["action"] == action && e["entity_id"] == json!(entity_id.to_string()))
        .unwrap_or_else(|| panic!("no {action} event for #{entity_id}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_city_admin_creates_a_district_and_its_staff_who_log_in_with_the_shown_password() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let district = admin
        .form(
            "/api/admin/create-district",
            &[("code", "YZ"), ("name", "渝中区人大常委会")],
        )
        .await
        .ok()
        .as_i64()
        .expect("district id");
    let (staff_id, password) = new_account(&admin, district, "liwen", "staff").await;
    let (grader_id, _) = new_account(&admin, district, "zhaomin", "reviewer").await;
    let (client, status) = login(&app, "liwen", &password).await;
    assert_eq!(status, 200);
    assert_eq!(still_signed_in(&client).await, 200);
    // The list shows both accounts with their district, role and last login.
    let overview = admin.form("/api/admin/overview", &[]).await.ok();
    let row = |id: i64| {
        overview["staff"]
            .as_array()
            .and_then(|s| s.iter().find(|r| r["id"] == json!(id)))
            .cloned()
            .expect("listed")
    };
    assert_eq!(
        row(staff_id)["jurisdiction_name"],
        json!("渝中区人大常委会")
    );
    assert_eq!(row(staff_id)["role"], json!("staff"));
    assert!(row(staff_id)["last_login_at"].as_i64().is_some());
    assert_eq!(row(grader_id)["role"], json!("reviewer"));
    assert_eq!(row(grader_id)["last_login_at"], Value::Null);
    // Rename, audited.
    admin
        .form(
            "/api/admin/rename-district",
            &[
                ("jurisdiction_id", &district.to_string()),
                ("name", "渝中区"),
            ],
        )
        .await
        .ok();
    let overview = admin.form("/api/admin/overview", &[]).await.ok();
    assert!(overview["jurisdictions"]
        .as_array()
        .expect("list")
        .iter()
        .any(|j| j["id"] == json!(district) && j["name"] == json!("渝中区")));
    let events = audit(&admin).await;
    event(&events, "jurisdiction.create", district);
    event(&events, "jurisdiction.rename", district);
    let created = event(&events, "user.create", staff_id);
    assert!(created["actor"]
        .as_str()
        .is_some_and(|a| a.contains("admin-")));
    // A taken code and a taken login are refused by field, and nothing is written.
    let again = admin
        .form(
            "/api/admin/create-district",
            &[("code", "YZ"), ("name", "又一个")],
        )
        .await;
    assert_refused(&again, "code");
    assert_refused(
        &create_account(&admin, district, "liwen", "staff").await,
        "username",
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM users WHERE username = 'liwen'")
            .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reset_stops_the_old_password_and_disabling_or_signing_out_ends_live_sessions() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let (id, first) = new_account(&admin, app.city(), "wangfang", "proctor").await;
    let (laptop, _) = login(&app, "wangfang", &first).await;
    let (phone, _) = login(&app, "wangfang", &first).await;
    assert_eq!(still_signed_in(&laptop).await, 200);

    // Every change that removes access needs a reason.
    for (path, extra) in [
        ("/api/admin/reset-password", None),
        ("/api/admin/sign-out", None),
        ("/api/admin/account-active", Some(("active", "false"))),
    ] {
        let mut fields = vec![("user_id", id.to_string()), ("reason", "  ".to_owned())];
        if let Some((k, v)) = extra {
            fields.push((k, v.to_owned()));
        }
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_refused(&admin.form(path, &fields).await, "reason");
    }
    assert_eq!(
        still_signed_in(&laptop).await,
        200,
        "a refusal changes nothing"
    );

    // Reset: the new password works, the old one stops.
    let reset = admin
        .form(
            "/api/admin/reset-password",
            &[("user_id", &id.to_string()), ("reason", "忘记密码")],
        )
        .await
        .ok();
    let second = reset["password"].as_str().expect("new password").to_owned();
    assert_ne!(second, first);
    assert_login_refused(login(&app, "wangfang", &first).await.1);
    let (desk, status) = login(&app, "wangfang", &second).await;
    assert_eq!(status, 200);

    // Sign out everywhere: every session ends at once, the account stays usable.
    admin
        .form(
            "/api/admin/sign-out",
            &[("user_id", &id.to_string()), ("reason", "电脑遗失")],
        )
        .await
        .ok();
    for client in [&laptop, &phone, &desk] {
        assert_eq!(still_signed_in(client).await, 401);
    }
    let (again, status) = login(&app, "wangfang", &second).await;
    assert_eq!(status, 200);
    assert_eq!(still_signed_in(&again).await, 200);

    // Disable: the live session's next request is refused, and login too.
    admin
        .form(
            "/api/admin/account-active",
            &[
                ("user_id", &id.to_string()),
                ("active", "false"),
                ("reason", "调离"),
            ],
        )
        .await
        .ok();
    assert_eq!(still_signed_in(&again).await, 401);
    assert_login_refused(login(&app, "wangfang", &second).await.1);
    // Enable again (no reason needed): the password works once more.
    admin
        .form(
            "/api/admin/account-active",
            &[("user_id", &id.to_string()), ("active", "true")],
        )
        .await
        .ok();
    assert_eq!(login(&app, "wangfang", &second).await.1, 200);

    let events = audit(&admin).await;
    assert_eq!(
        event(&events, "user.reset_password", id)["reason"],
        json!("忘记密码")
    );
    assert_eq!(
        event(&events, "user.sign_out_everywhere", id)["reason"],
        json!("电脑遗失")
    );
    assert_eq!(event(&events, "user.disable", id)["reason"], json!("调离"));
    event(&events, "user.enable", id);
    // No secret ever reaches the log.
    assert!(!events.iter().any(|e| e.to_string().contains(&second)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_district_admin_reaches_only_their_district_and_no_admin_locks_the_city_out() {
    let app = TestApp::spawn().await;
    let city_admin = app.staff(app.city(), Role::Admin).await;
    let district = app.district("TC-A", "甲区").await;
    let other = app.district("TC-B", "乙区").await;
    let district_admin = app.staff(district, Role::Admin).await;
    let (city_staff, _) = new_account(&city_admin, app.city(), "citystaff", "staff").await;
    let (other_staff, _) = new_account(&city_admin, other, "otherstaff", "staff").await;

    // Sees only itself.
    let overview = district_admin.form("/api/admin/overview", &[]).await.ok();
    let ids = |key: &str| -> Vec<i64> {
        overview[key]
            .as_array()
            .expect("list")
            .iter()
            .filter_map(|r| r["id"].as_i64())
            .collect()
    };
    assert_eq!(ids("jurisdictions"), vec![district]);
    assert!(!ids("staff").contains(&city_staff));
    assert!(!ids("staff").contains(&other_staff));

    // Touches nothing above or beside it, however asked.
    for target in [city_staff, other_staff] {
        let t = target.to_string();
        for (path, fields) in [
            (
                "/api/admin/reset-password",
                vec![("user_id", t.as_str()), ("reason", "x")],
            ),
            (
                "/api/admin/sign-out",
                vec![("user_id", t.as_str()), ("reason", "x")],
            ),
            (
                "/api/admin/account-active",
                vec![
                    ("user_id", t.as_str()),
                    ("active", "false"),
                    ("reason", "x"),
                ],
            ),
        ] {
            assert_refused(&district_admin.form(path, &fields).await, "user_id");
        }
    }
    // No account above or beside its reach, no admin in the city, no new district.
    for (jurisdiction, role) in [
        (app.city(), "staff"),
        (app.city(), "admin"),
        (other, "admin"),
    ] {
        assert_refused(
            &create_account(&district_admin, jurisdiction, "intruder", role).await,
            "jurisdiction_id",
        );
    }
    assert_refused(
        &district_admin
            .form(
                "/api/admin/create-district",
                &[("code", "X1"), ("name", "自设区")],
            )
            .await,
        "code",
    );
    for (path, fields) in [
        ("/api/admin/rename-district", vec![("name", "改名")]),
        (
            "/api/admin/district-active",
            vec![("active", "false"), ("reason", "x")],
        ),
    ] {
        for target in [app.city(), other, district] {
            let t = target.to_string();
            let mut f = fields.clone();
            f.push(("jurisdiction_id", t.as_str()));
            assert_refused(&district_admin.form(path, &f).await, "jurisdiction_id");
        }
    }
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM users WHERE username = 'intruder'")
            .await,
        0
    );
    // Staff without the permission get 403; within its reach the district admin works.
    let staff = app.staff(district, Role::Staff).await;
    assert_eq!(staff.form("/api/admin/overview", &[]).await.status, 403);
    new_account(&district_admin, district, "districtproctor", "proctor").await;

    // Bad input is refused by field.
    assert_refused(
        &create_account(&city_admin, district, "ab", "staff").await,
        "username",
    );
    assert_refused(
        &create_account(&city_admin, district, "okname", "king").await,
        "role",
    );
    assert_refused(
        &create_account(&city_admin, 999_999, "okname", "staff").await,
        "jurisdiction_id",
    );

    // No one disables themself; the city's last active admin cannot be disabled.
    let me = city_admin.form("/api/admin/overview", &[]).await.ok()["me"]
        .as_i64()
        .expect("me");
    assert_refused(
        &city_admin
            .form(
                "/api/admin/account-active",
                &[
                    ("user_id", &me.to_string()),
                    ("active", "false"),
                    ("reason", "离职"),
                ],
            )
            .await,
        "user_id",
    );
    let (second_admin, password) =
        new_account(&city_admin, app.city(), "cityadmin2", "admin").await;
    let (second, _) = login(&app, "cityadmin2", &password).await;
    // The second admin may disable the first; then the first may not be lost again.
    second
        .form(
            "/api/admin/account-active",
            &[
                ("user_id", &me.to_string()),
                ("active", "false"),
                ("reason", "离职"),
            ],
        )
        .await
        .ok();
    assert_eq!(still_signed_in(&city_admin).await, 401);
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT active FROM users WHERE id = {second_admin}"
        ))
        .await,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deactivating_a_district_keeps_its_records_and_stops_its_staff() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let district = app.district("TC-Q", "丙区").await;
    let (_, password) = new_account(&admin, district, "bingstaff", "staff").await;
    let (client, _) = login(&app, "bingstaff", &password).await;
    assert_eq!(still_signed_in(&client).await, 200);
    let fields = |reason: &'static str| {
        vec![
            ("jurisdiction_id", district.to_string()),
            ("active", "false".to_owned()),
            ("reason", reason.to_owned()),
        ]
    };
    let as_refs = |f: &[(&'static str, String)]| -> Vec<(&'static str, String)> { f.to_vec() };
    let empty = as_refs(&fields(""));
    let empty: Vec<(&str, &str)> = empty.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_refused(
        &admin.form("/api/admin/district-active", &empty).await,
        "reason",
    );
    let merged = fields("区划调整");
    let merged: Vec<(&str, &str)> = merged.iter().map(|(k, v)| (*k, v.as_str())).collect();
    admin.form("/api/admin/district-active", &merged).await.ok();
    assert_eq!(still_signed_in(&client).await, 401);
    assert_login_refused(login(&app, "bingstaff", &password).await.1);
    assert_refused(
        &create_account(&admin, district, "newbing", "staff").await,
        "jurisdiction_id",
    );
    // The records stay.
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM users WHERE jurisdiction_id = {district}"
        ))
        .await,
        1
    );
    let events = audit(&admin).await;
    assert_eq!(
        event(&events, "jurisdiction.deactivate", district)["reason"],
        json!("区划调整")
    );
}
