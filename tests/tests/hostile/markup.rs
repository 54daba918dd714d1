//! Hostile: nothing a user writes is ever markup in someone else's page (issue 15 §2).
//!
//! A payload that closes every raw-text element the app writes (`<title>`, `<textarea>`,
//! `<script>`) and then opens an element of its own goes into every field a user can write;
//! every page that shows those fields is rendered as the server sends it, and no page may
//! contain the payload's element as markup. The browser suite (`end2end/tests/hostile.spec.ts`)
//! checks the same in Chromium's DOM. Every response also carries a Content-Security-Policy
//! with its own script nonce, and no dynamic response may be cached.

use app::auth::Role;
use reqwest::header::{HeaderMap, ACCEPT};
use serde_json::json;
use tests::{fixture, Client, TestApp};

/// Closes `<title>`, `<textarea>` and `<script>`, then opens an element: markup only if some
/// page writes user text unescaped. 42 characters, so it fits a name field (50).
const PAYLOAD: &str = "\"></title></textarea></script><b data-xss>";
/// The payload's element as it would stand in the page were it markup.
const ELEMENT: &str = "<b data-xss>";

/// The page's HTML with every `<script>…</script>` element taken out (hydration data holds the
/// payload as JSON, which is inert unless it closes its script: then the rest of the payload
/// stands outside and is caught).
fn outside_scripts(html: &str) -> String {
    let mut rest = html;
    let mut out = String::new();
    while let Some(start) = rest.find("<script") {
        out.push_str(&rest[..start]);
        match rest[start..].find("</script>") {
            Some(end) => rest = &rest[start + end + "</script>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// GETs `path` as a browser would and asserts the payload is shown, and only as text.
async fn assert_inert(client: &Client, path: &str) {
    let page = client.get(path).await;
    assert_eq!(page.status, 200, "{path}: {}", page.body);
    let html = outside_scripts(&page.body);
    assert!(
        !html.contains(ELEMENT),
        "{path}: the payload became markup:\n{}",
        &html[html.find(ELEMENT).unwrap_or(0).saturating_sub(300)..]
    );
    assert!(
        html.contains("data-xss"),
        "{path}: the page does not show the payload at all, so it proves nothing"
    );
}

/// The nonce a response's policy admits.
fn policy_nonce(headers: &HeaderMap) -> String {
    let policy = headers
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .expect("a Content-Security-Policy header")
        .to_owned();
    let script_src = policy
        .split(';')
        .map(str::trim)
        .find(|d| d.starts_with("script-src"))
        .unwrap_or_else(|| panic!("no script-src in {policy}"));
    assert!(
        !script_src.contains("'unsafe-inline'") && !script_src.contains("'unsafe-eval'"),
        "inline script allowed: {policy}"
    );
    for directive in [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ] {
        assert!(policy.contains(directive), "{directive} missing: {policy}");
    }
    script_src
        .split_whitespace()
        .find_map(|s| s.strip_prefix("'nonce-")?.strip_suffix('\''))
        .unwrap_or_else(|| panic!("no nonce in {policy}"))
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_admits_only_its_own_scripts_and_nothing_dynamic_is_cached() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Admin).await;
    let mut nonces = Vec::new();
    for (who, path) in [
        (None, "/"),
        (None, "/login"),
        (None, "/exam/login"),
        (None, "/no-such-page"),
        (Some(&staff), "/staff/sittings"),
        (Some(&staff), "/staff/questions"),
        (Some(&staff), "/staff/audit"),
    ] {
        let http = who.map_or_else(|| app.client(), Clone::clone);
        let response = http
            .http()
            .get(format!("{}{path}", app.base))
            .header(ACCEPT, "text/html")
            .send()
            .await
            .expect("page");
        let headers = response.headers().clone();
        let html = response.text().await.expect("body");
        let nonce = policy_nonce(&headers);
        assert_eq!(
            headers.get("cache-control").and_then(|v| v.to_str().ok()),
            Some("no-store"),
            "{path}"
        );
        // Every script the page carries is one the policy admits: it has the nonce.
        let scripts: Vec<&str> = html
            .match_indices("<script")
            .map(|(i, _)| &html[i..])
            .collect();
        assert!(!scripts.is_empty(), "{path}: no hydration script");
        for script in scripts {
            let tag = &script[..script.find('>').unwrap_or(script.len())];
            assert!(
                tag.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: a script the policy would block: {tag}"
            );
        }
        // No inline event handlers (the policy would block them; they must not be needed).
        let inline_handler = html
            .match_indices(" on")
            .map(|(i, _)| &html[i + 3..])
            .find(|rest| {
                let name: String = rest.chars().take_while(char::is_ascii_lowercase).collect();
                !name.is_empty() && rest[name.len()..].starts_with("=\"")
            });
        assert!(
            inline_handler.is_none(),
            "{path}: inline handler at {:?}",
            inline_handler.map(|r| &r[..r.len().min(60)])
        );
        nonces.push(nonce);
    }
    // Each response has its own nonce.
    let mut distinct = nonces.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), nonces.len(), "{nonces:?}");
    assert!(nonces.iter().all(|n| n.len() >= 16), "{nonces:?}");

    // Server functions and file downloads are not cached either.
    let reply = staff
        .http()
        .post(format!("{}/api/auth/whoami", app.base))
        .send()
        .await
        .expect("whoami");
    assert_eq!(
        reply
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("no-store")
    );
}

/// The person a candidate is.
async fn person_of(app: &TestApp, candidate: i64) -> i64 {
    app.sql_i64(&format!(
        "SELECT person_id FROM candidates WHERE id = {candidate}"
    ))
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_payload_in_every_field_a_user_writes_stays_text_on_every_page() {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;

    // A question whose every text field carries the payload.
    let question = admin
        .form(
            "/api/bank/add",
            &[
                ("bank", "common"),
                ("kind", "single_choice"),
                ("stem", &format!("题干{PAYLOAD}")),
                (
                    "options",
                    &format!("人民{PAYLOAD}\n国务院\n全国人民代表大会"),
                ),
                ("key", "A"),
                ("explanation", &format!("解析{PAYLOAD}")),
                ("difficulty", "2"),
                ("law", "constitution"),
                ("article", "2"),
                // Tags are at most 20 characters: the element alone.
                ("tags", ELEMENT),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("question id");
    let mut questions = fixture::questions(&admin).await;
    questions.push(question);

    // A sitting whose title and venue carry it; a candidate whose name does.
    let sitting = fixture::sitting_with(
        &admin,
        &questions,
        &[
            ("title", &format!("场次{PAYLOAD}")),
            ("venue", &format!("考场{PAYLOAD}")),
        ],
    )
    .await;
    let (ticket, code) = fixture::enrol(
        &admin,
        sitting,
        &format!("张{PAYLOAD}"),
        &fixture::id_card(7),
    )
    .await;
    let (candidate, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    fixture::save(&candidate, attempt, question, json!({ "choices": [0] }), 1)
        .await
        .ok();
    let candidate_id = fixture::sitting_detail(&admin, sitting).await["candidates"][0]["id"]
        .as_i64()
        .expect("candidate id");
    // A proctor's reason (console log, audit log).
    admin
        .form(
            "/api/sittings/proctor",
            &[
                ("candidate_id", &candidate_id.to_string()),
                ("action", "extend"),
                ("minutes", "5"),
                ("reason", &format!("原因{PAYLOAD}")),
            ],
        )
        .await
        .ok();

    // The candidate's pages.
    assert_inert(&candidate, "/exam").await;

    // An imported file: its name and its cells come back in the roster's refusal.
    let upload = admin
        .upload_to(
            &format!("/staff/sittings/{sitting}/roster"),
            &format!("名单{PAYLOAD}.csv"),
            format!("姓名,身份证号码,工作单位,拟任职务,提请机关,题库\n李{PAYLOAD},1101,{PAYLOAD},{PAYLOAD},,\n")
                .into_bytes(),
        )
        .await;
    assert_eq!(upload.status().as_u16(), 303);
    assert_inert(&admin, &format!("/staff/sittings/{sitting}/roster")).await;

    // A nomination whose name, posts and document number carry it.
    let nomination = admin
        .form(
            "/api/appointments/create",
            &[
                ("name", &format!("王{PAYLOAD}")),
                ("id_card", &fixture::id_card(8)),
                ("current_post", &format!("现任{PAYLOAD}")),
                ("post", &format!("拟任{PAYLOAD}")),
                ("body", "government"),
                ("document_number", &format!("文号{PAYLOAD}")),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("nomination id");

    // The staff pages that show them, while the sitting is open.
    for path in [
        "/staff/sittings".to_owned(),
        format!("/staff/sittings/{sitting}"),
        format!("/staff/sittings/{sitting}/console"),
        format!("/staff/sittings/{sitting}/sign-in"),
        "/staff/questions".to_owned(),
        format!("/staff/questions/{question}/edit"),
        format!("/staff/questions/{question}/preview"),
        "/staff/audit".to_owned(),
        "/staff/nominations".to_owned(),
        format!("/staff/nominations/{nomination}"),
    ] {
        assert_inert(&admin, &path).await;
    }

    // Hand in, close and publish with a note that carries it: the report, the notices and the
    // paper check; the candidate's result page.
    fixture::submit(&candidate, attempt).await.ok();
    fixture::change_state(&admin, sitting, "close").await.ok();
    fixture::publish(&admin, sitting, &format!("发布{PAYLOAD}"))
        .await
        .ok();
    for path in [
        format!("/staff/sittings/{sitting}/report"),
        format!("/staff/sittings/{sitting}/notices"),
        format!("/staff/candidates/{candidate_id}/paper"),
        format!("/staff/people/{}", person_of(&app, candidate_id).await),
    ] {
        assert_inert(&admin, &path).await;
    }
    let results = app.client();
    results
        .ticket_login("/api/auth/results-login", &ticket, &code)
        .await;
    assert_inert(&results, "/results").await;
}
