//! Hostile: audit. Guessing is counted per person (or account) and decided atomically
//! (issue 15 §5); the audit log holds security events, is found again behind any amount of
//! noise, exports only for admins, and is a hash chain the verifier checks (§7).

use app::audit::repo::AuditRepo;
use app::audit::Actor;
use app::auth::Role;
use tests::{fixture, Client, TestApp};

const WRONG: &str = "ZZZZ-ZZZZ";

/// Sends `n` candidate logins at once; returns their statuses.
async fn concurrent_logins(app: &TestApp, n: usize, login: &str, code: &str) -> Vec<u16> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let client = app.client();
        let (login, code) = (login.to_owned(), code.to_owned());
        tasks.push(tokio::spawn(async move {
            client.candidate_login(&login, &code).await.status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    statuses
}

async fn candidate_status(app: &TestApp, login: &str, code: &str) -> u16 {
    app.client().candidate_login(login, code).await.status
}

/// Failed attempts the database recorded (each one a code or password actually evaluated).
async fn failures(app: &TestApp, subject_like: &str) -> i64 {
    app.sql_i64(&format!(
        "SELECT COUNT(*) FROM login_attempts WHERE succeeded = 0 AND subject LIKE '{subject_like}'"
    ))
    .await
}

async fn events(app: &TestApp, action: &str) -> i64 {
    app.sql_i64(&format!(
        "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn forty_concurrent_wrong_codes_are_evaluated_at_most_five_times_and_lock_the_person() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let other_sitting = fixture::sitting(&staff, &questions).await;
    let id_a = fixture::id_card(1);
    let (ticket_a, code_a) = fixture::enrol(&staff, sitting, "甲", &id_a).await;

    // 40 at once for one ticket: exactly five evaluated (422), the rest refused unevaluated.
    let statuses = concurrent_logins(&app, 40, &ticket_a, WRONG).await;
    let evaluated = statuses.iter().filter(|s| **s == 422).count();
    let refused = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((evaluated, refused), (5, 35), "statuses: {statuses:?}");
    assert_eq!(
        failures(&app, "person:%").await,
        5,
        "five recorded failures"
    );
    assert_eq!(events(&app, "login.failed").await, 5);
    assert_eq!(
        events(&app, "login.locked").await,
        1,
        "the lockout is logged once"
    );

    // The same person by every other name is locked too, even with the right code.
    let lower_id = format!(" {} ", id_a.to_lowercase());
    let spaced_ticket = format!(" {} ", ticket_a.to_lowercase());
    for login in [ticket_a.as_str(), &id_a, &lower_id, &spaced_ticket] {
        assert_eq!(
            candidate_status(&app, login, &code_a).await,
            429,
            "{login:?}"
        );
    }
    assert_eq!(
        failures(&app, "person:%").await,
        5,
        "nothing more evaluated"
    );

    // A person enrolled in two sittings: guesses by one ticket lock the other ticket and the
    // ID number; another person in the room (same address) is not affected.
    let id_b = fixture::id_card(2);
    let (ticket_b1, _) = fixture::enrol(&staff, sitting, "乙", &id_b).await;
    let (ticket_b2, _) = fixture::enrol(&staff, other_sitting, "乙", &id_b).await;
    for _ in 0..5 {
        assert_eq!(
            candidate_status(&app, &id_b.to_lowercase(), WRONG).await,
            422
        );
    }
    assert_eq!(candidate_status(&app, &ticket_b1, WRONG).await, 429);
    assert_eq!(candidate_status(&app, &ticket_b2, WRONG).await, 429);
    let (ticket_c, code_c) = fixture::enrol(&staff, sitting, "丙", &fixture::id_card(3)).await;
    assert_eq!(candidate_status(&app, &ticket_c, &code_c).await, 200);

    // A text that names no one counts as itself, however it is spaced or cased.
    for _ in 0..5 {
        assert_eq!(candidate_status(&app, "nobody-1", WRONG).await, 422);
    }
    assert_eq!(candidate_status(&app, " NOBODY-1 ", WRONG).await, 429);
    assert_eq!(candidate_status(&app, "nobody-2", WRONG).await, 422);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn staff_username_variants_are_one_account_and_concurrent_guesses_stop_at_five() {
    let app = TestApp::spawn().await;
    let (username, secret) = app.account(Role::Admin).await;
    let variants = [
        username.clone(),
        username.to_uppercase(),
        format!("  {username}\t"),
        format!(" {} ", username.to_uppercase()),
    ];
    let mut tasks = Vec::new();
    for i in 0..24 {
        let client = app.client();
        let name = variants[i % variants.len()].clone();
        tasks.push(tokio::spawn(async move {
            client.login(&name, "wrong-password").await.status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 422).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(failures(&app, "staff:%").await, 5);
    let right = app.client().login(&username, &secret).await;
    assert_eq!(
        right.status, 429,
        "the right password is refused while locked"
    );
    // Another account from the same address still logs in.
    let (other, other_secret) = app.account(Role::Staff).await;
    let ok = app.client().login(&other, &other_secret).await;
    assert_eq!(ok.status, 200, "{}", ok.body);
}

async fn list(admin: &Client, fields: &[(&str, &str)]) -> Vec<serde_json::Value> {
    admin
        .form("/api/audit/list", fields)
        .await
        .ok()
        .as_array()
        .expect("events")
        .clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn security_events_reach_the_log_with_who_and_where_and_admins_find_them() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let (username, _) = app.account(Role::Staff).await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let (ticket, code) = fixture::enrol(&staff, sitting, "丁", &fixture::id_card(4)).await;

    for _ in 0..5 {
        app.client().login(&username, "nope-nope-nope").await;
    }
    assert_eq!(candidate_status(&app, &ticket, WRONG).await, 422);
    assert_eq!(candidate_status(&app, "NO-SUCH-TICKET", WRONG).await, 422);
    // A second login with a used code is refused or ends the first session: either way logged.
    let _first = fixture::candidate_login(&app, &ticket, &code).await;
    candidate_status(&app, &ticket, &code).await;

    let failed = list(&admin, &[("action", "login.failed")]).await;
    let staff_failure = failed
        .iter()
        .find(|e| e["entity_id"] == format!("staff:{}", username.to_lowercase()))
        .expect("the staff failure is logged");
    assert_eq!(staff_failure["actor"], username.as_str());
    assert!(staff_failure["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("\"ip\":\"127.0.0.1\""));
    assert!(
        failed.iter().any(|e| e["actor"] == ticket.as_str()
            && e["entity_id"]
                .as_str()
                .unwrap_or_default()
                .starts_with("person:")),
        "the candidate's failure, against the person: {failed:?}"
    );
    assert!(
        failed.iter().any(|e| e["actor"] == "NO-SUCH-TICKET"),
        "a name that matches no one is shown to the city's admins"
    );
    assert_eq!(list(&admin, &[("action", "login.locked")]).await.len(), 1);
    let logins = list(&admin, &[("action", "candidate.")]).await;
    assert!(
        logins
            .iter()
            .any(|e| e["action"] == "candidate.login_refused"
                || e["action"] == "candidate.login_evicted"),
        "{logins:?}"
    );
    // A staff member's refused request is logged with who and what.
    let proctor = app.staff(app.city(), Role::Proctor).await;
    assert_eq!(proctor.form("/api/audit/list", &[]).await.status, 403);
    let forbidden = list(&admin, &[("action", "access.forbidden")]).await;
    assert_eq!(forbidden.len(), 1, "{forbidden:?}");
    assert!(forbidden[0]["actor"]
        .as_str()
        .unwrap_or_default()
        .contains("proctor-"));
    assert!(forbidden[0]["detail"]
        .as_str()
        .unwrap_or_default()
        .contains("ViewAudit"));
    // The prefix filter takes LIKE's wildcards literally.
    assert!(list(&admin, &[("action", "%.")]).await.is_empty());
    assert!(list(&admin, &[("actor", "%")]).await.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_old_event_is_found_behind_300_newer_ones_by_paging_and_filters() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let noise = Actor {
        user_id: None,
        label: "noise".into(),
        jurisdiction_id: Some(app.city()),
    };
    for i in 0..300 {
        app.db
            .record_event(
                &noise,
                question_bank::audit_action::AuditAction::LoginFailed,
                "noise",
                &i.to_string(),
                serde_json::json!({}),
            )
            .await
            .expect("noise");
    }
    let record = sitting.to_string();
    let is_ours = |e: &serde_json::Value| {
        e["action"] == "sitting.create" && e["entity_id"] == record.as_str()
    };
    let newest = list(&admin, &[]).await;
    assert_eq!(newest.len(), 100, "a page");
    assert!(!newest.iter().any(is_ours), "pushed off the first page");

    // Paging with `before` reaches it.
    let mut before = String::new();
    let mut found = false;
    for _ in 0..10 {
        let page = list(&admin, &[("before", &before)]).await;
        if page.iter().any(is_ours) {
            found = true;
            break;
        }
        let Some(last) = page.last() else { break };
        before = last["id"].as_i64().expect("id").to_string();
    }
    assert!(found, "paging reaches the old event");

    // Each filter finds it at once.
    for fields in [
        vec![("action", "sitting.create")],
        vec![("action", "sitting.")],
        vec![("entity", "sitting"), ("entity_id", record.as_str())],
        vec![("actor", "测试人员")],
    ] {
        let page = list(&admin, &fields).await;
        assert!(page.iter().any(is_ours), "{fields:?}");
        assert!(
            !page.iter().any(|e| e["action"] == "login.failed"),
            "{fields:?} filters the noise out"
        );
    }
    let (from, to, later) = (tests::cst_in(-5), tests::cst_in(5), tests::cst_in(10));
    assert!(list(
        &admin,
        &[("action", "sitting.create"), ("from", &from), ("to", &to)]
    )
    .await
    .iter()
    .any(is_ours));
    assert!(
        list(&admin, &[("action", "sitting.create"), ("from", &later)])
            .await
            .is_empty()
    );
    let bad = admin
        .form("/api/audit/list", &[("from", "99999-01-01T00:00")])
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("from"), "names the field: {}", bad.body);

    // The page itself (a GET form, no JavaScript) shows it, the older link and the head.
    let html = admin
        .get(&format!("/staff/audit?entity=sitting&entity_id={sitting}"))
        .await;
    assert_eq!(html.status, 200);
    assert!(html.body.contains("data-testid=\"audit-head\""));
    assert!(html.body.contains("sitting.create"), "{}", html.body);
    let first = admin.get("/staff/audit").await;
    assert!(first.body.contains("data-testid=\"audit-older\""));
    assert!(first.body.contains("before="));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audit_export_is_an_xlsx_for_admins_only_and_is_itself_audited() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let (status, bytes) = admin.download("/staff/audit.xlsx?action=user.").await;
    assert_eq!(status, 200);
    assert!(bytes.starts_with(b"PK"), "a workbook");
    assert_eq!(events(&app, "audit.export").await, 1);
    for role in [Role::Staff, Role::Proctor, Role::Grader] {
        let other = app.staff(app.city(), role).await;
        let (status, bytes) = other.download("/staff/audit.xlsx").await;
        assert_eq!(status, 403, "{role:?}");
        assert!(!bytes.starts_with(b"PK"));
    }
    let (status, _) = app.client().download("/staff/audit.xlsx").await;
    assert_ne!(status, 200, "anonymous");
    let (status, _) = admin.download("/staff/audit.xlsx?from=yesterday").await;
    assert_eq!(status, 422);
    assert_eq!(
        events(&app, "audit.export").await,
        1,
        "refusals export nothing"
    );
}

/// Lets the test change the log as someone with direct database access would.
async fn disable_guards(app: &TestApp) {
    if tests::backend() == "postgres" {
        app.sql("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change")
            .await
            .expect("disable");
    } else {
        app.sql("DROP TRIGGER audit_events_no_update")
            .await
            .expect("drop");
        app.sql("DROP TRIGGER audit_events_no_delete")
            .await
            .expect("drop");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_verifier_names_the_first_changed_removed_or_reordered_event() {
    // (tampering SQL, the event id it must name, a word of the reason)
    let cases: [(&str, i64, &str); 7] = [
        ("UPDATE audit_events SET actor = 'someone else' WHERE id = 3", 3, "content"),
        ("UPDATE audit_events SET detail = '{}' WHERE id = 4", 4, "content"),
        ("UPDATE audit_events SET at = at + 1 WHERE id = 2", 2, "content"),
        ("DELETE FROM audit_events WHERE id = 3", 4, "prev_hash"),
        ("DELETE FROM audit_events WHERE id = (SELECT MAX(id) FROM audit_events)", 0, "head"),
        (
            "UPDATE audit_events SET id = CASE id WHEN 2 THEN 1000002 WHEN 4 THEN 1000004 END WHERE id IN (2, 4)",
            0,
            "",
        ),
        (
            "INSERT INTO audit_events (id, at, actor, action, entity, entity_id, detail, prev_hash, hash) \
             SELECT 1000000, at, actor, action, entity, entity_id, detail, prev_hash, hash FROM audit_events WHERE id = 5",
            1_000_000,
            "prev_hash",
        ),
    ];
    for (tamper, expect_id, what) in cases {
        let app = TestApp::spawn().await;
        let staff = app.staff(app.city(), Role::Staff).await;
        fixture::questions(&staff).await;
        for i in 0..6 {
            noise(&app.db, i).await;
        }
        let head = app.db.verify_audit_chain().await.expect("read");
        let (head, checked) = head.expect("an untouched log verifies");
        assert!(checked >= 6, "{checked}");
        assert_eq!(head.id, checked as i64);
        disable_guards(&app).await;
        if tamper.starts_with("UPDATE audit_events SET id = CASE") {
            // Reorder: events 2 and 4 swap places (through free ids).
            app.sql(tamper).await.expect("tamper");
            app.sql("UPDATE audit_events SET id = 4 WHERE id = 1000002")
                .await
                .expect("swap");
            app.sql("UPDATE audit_events SET id = 2 WHERE id = 1000004")
                .await
                .expect("swap");
            let broken = app
                .db
                .verify_audit_chain()
                .await
                .expect("read")
                .expect_err("reordered");
            assert_eq!(broken.id, 2, "{broken}");
            continue;
        }
        app.sql(tamper).await.expect("tamper");
        let broken = app
            .db
            .verify_audit_chain()
            .await
            .expect("read")
            .expect_err(tamper);
        let expect_id = if expect_id == 0 { head.id } else { expect_id };
        assert_eq!(broken.id, expect_id, "{tamper}: {broken}");
        assert!(broken.what.contains(what), "{tamper}: {broken}");
    }
}

/// Appends the `i`-th noise event (a failed login) to the audit log, as the system would.
async fn noise(db: &server::db::Db, i: i32) {
    db.record_event(
        &Actor::system("test"),
        question_bank::audit_action::AuditAction::LoginFailed,
        "noise",
        &i.to_string(),
        serde_json::json!({ "i": i }),
    )
    .await
    .expect("appended");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_appends_keep_one_unbroken_chain() {
    let app = TestApp::spawn().await;
    let mut tasks = Vec::new();
    for i in 0..40 {
        let db = app.db.clone();
        tasks.push(tokio::spawn(async move { noise(&db, i).await }));
    }
    for t in tasks {
        t.await.expect("task");
    }
    let (head, checked) = app
        .db
        .verify_audit_chain()
        .await
        .expect("read")
        .expect("intact");
    assert_eq!(
        checked as i64,
        app.sql_i64("SELECT COUNT(*) FROM audit_events").await
    );
    assert_eq!(
        head.id,
        app.sql_i64("SELECT MAX(id) FROM audit_events").await
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_written_before_the_chain_are_chained_when_migrating() {
    let app = TestApp::spawn().await;
    app.staff(app.city(), Role::Staff).await;
    // As a row from before the chain existed: no hashes.
    app.sql(
        "INSERT INTO audit_events (id, at, actor, action, entity, entity_id, detail) \
         VALUES (500, 1, 'old', 'sitting.create', 'sitting', '1', '{}')",
    )
    .await
    .expect("insert");
    let unchained = app.db.verify_audit_chain().await.expect("read");
    assert_eq!(unchained.expect_err("no hash").id, 500);
    app.db.migrate().await.expect("migrate chains it");
    let (head, _) = app
        .db
        .verify_audit_chain()
        .await
        .expect("read")
        .expect("chained");
    assert_eq!(head.id, 500);
    // Once chained, its content can no longer be changed, nor its hashes set again.
    assert!(app
        .sql("UPDATE audit_events SET hash = 'x' WHERE id = 500")
        .await
        .is_err());
    assert!(app
        .sql("UPDATE audit_events SET actor = 'x' WHERE id = 500")
        .await
        .is_err());
    // New events follow it.
    app.staff(app.city(), Role::Staff).await;
    assert!(app.db.verify_audit_chain().await.expect("read").is_ok());
}

/// Every event the administrator can see, newest first, read page by page as the audit
/// page's "older" link does.
async fn every_event(admin: &Client) -> Vec<serde_json::Value> {
    let mut all: Vec<serde_json::Value> = Vec::new();
    loop {
        let before = all
            .last()
            .map(|e| e["id"].as_i64().expect("id").to_string())
            .unwrap_or_default();
        let page = admin
            .form("/api/audit/list", &[("before", &before)])
            .await
            .ok();
        let page = page.as_array().expect("a list").clone();
        if page.is_empty() {
            return all;
        }
        all.extend(page);
    }
}

/// Issue 19 item 5: the audit log in words. After the demo's whole journey (a bank, sittings
/// open, held, marked twice, published, appealed; nominations to the oath and a report) and
/// an administrator's own actions, every event shows its action, its record and its detail
/// in words, in both languages: no raw code, no "#id", no JSON, and every record named.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_audit_event_of_a_journey_reads_in_words_in_both_languages() {
    let app = TestApp::spawn_demo().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    // The administrator's own actions, and security events, on top of the demo's.
    let (username, _) = app.account(Role::Staff).await;
    let user_id = app
        .sql_i64(&format!(
            "SELECT id FROM users WHERE username = '{username}'"
        ))
        .await;
    admin
        .form(
            "/api/admin/reset-password",
            &[("user_id", &user_id.to_string()), ("reason", "忘记密码")],
        )
        .await
        .ok();
    let failed = app.client().login("admin", "not-the-password").await;
    assert!(failed.status >= 400, "{}", failed.body);
    let staff = app.staff(app.city(), Role::Staff).await;
    assert_eq!(staff.form("/api/audit/list", &[]).await.status, 403);
    assert_eq!(admin.download("/staff/audit.xlsx").await.0, 200);

    let mut english = false;
    for lang in ["zh", "en"] {
        admin
            .http()
            .get(format!("{}/lang/{lang}", app.base))
            .send()
            .await
            .expect("language chosen");
        let events = every_event(&admin).await;
        let mut actions: Vec<&str> = events
            .iter()
            .map(|e| e["action"].as_str().expect("action"))
            .collect();
        actions.sort_unstable();
        actions.dedup();
        for wanted in [
            "sitting.create",
            "candidate.enrol",
            "sitting.publish_results",
            "nomination.vote",
            "nomination.certificate",
            "rules.update",
            "user.reset_password",
            "login.failed",
            "access.forbidden",
            "audit.export",
        ] {
            assert!(actions.contains(&wanted), "{wanted} in {actions:?}");
        }
        assert!(
            actions.len() >= 20,
            "a journey of many kinds of action: {actions:?}"
        );
        for action in &actions {
            let label = app::audit::action_label(action, app::i18n::Lang::parse(lang));
            assert_ne!(&label, action, "{action} has a label");
        }
        let numbered = shown_raw(&events);
        assert!(
            numbered.is_empty(),
            "{lang}: numbered or raw: {numbered:#?}"
        );
        // Every shortcoming at once, each with its event.
        let mut untranslated = Vec::new();
        for e in &events {
            let record = e["record"].as_str().expect("record");
            assert!(
                !record.contains("无法显示名称") && !record.contains("not available"),
                "{lang}: {e}"
            );
            for field in e["fields"].as_array().expect("fields") {
                let (label, value) = (
                    field[0].as_str().expect("label"),
                    field[1].as_str().expect("value"),
                );
                // A translated key: Chinese words, or English starting with a capital.
                let translated = if english {
                    label.starts_with(|c: char| c.is_ascii_uppercase())
                } else {
                    !label.is_ascii()
                };
                if !translated {
                    untranslated.push(format!("{label} in {}", e["action"]));
                }
                assert!(
                    !value.starts_with(['{', '[']) && !value.contains("\":"),
                    "{lang}: JSON in {e}"
                );
            }
        }
        untranslated.sort();
        untranslated.dedup();
        assert!(
            untranslated.is_empty(),
            "{lang}: untranslated keys {untranslated:#?}"
        );
        // The page itself (server-rendered) shows the words.
        let html = admin.get("/staff/audit").await;
        assert_eq!(html.status, 200);
        assert!(html
            .body
            .contains(if english { "Sitting" } else { "考试场次 " }));
        english = true;
    }
}

/// The events whose record or detail still shows a number as "#12" or a raw JSON text.
fn shown_raw(events: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    let numbered = |text: &str| {
        text.char_indices()
            .any(|(i, c)| c == '#' && text[i + 1..].starts_with(|d: char| d.is_ascii_digit()))
    };
    events
        .iter()
        .filter(|e| {
            let record = e["record"].as_str().unwrap_or("{");
            let fields = e["fields"].to_string();
            numbered(record) || record.starts_with('{') || numbered(&fields)
        })
        .collect()
}
