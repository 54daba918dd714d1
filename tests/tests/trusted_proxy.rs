//! Client addresses behind a reverse proxy: `X-Forwarded-For` counts only when the request
//! comes from a configured proxy (`RENQIAN_TRUSTED_PROXIES`), and then its rightmost hop that
//! is not a proxy is the client, for the login throttle and the audit log alike.

use std::sync::atomic::{AtomicUsize, Ordering};

use server::web::client_addr::TrustedProxies;
use tests::TestApp;

/// A failed staff login sent with `X-Forwarded-For: forwarded`: its HTTP status. Each under
/// another name, so only the per-address limit can refuse it (5 failures lock a name).
async fn failed_login(app: &TestApp, forwarded: Option<&str>) -> u16 {
    static N: AtomicUsize = AtomicUsize::new(0);
    let username = format!("nobody{}", N.fetch_add(1, Ordering::Relaxed));
    let client = app.client();
    let mut request = client
        .http()
        .post(format!("{}/api/auth/login", app.base))
        .form(&[
            ("username", username.as_str()),
            ("password", "wrong-password"),
        ]);
    if let Some(value) = forwarded {
        request = request.header("x-forwarded-for", value);
    }
    request.send().await.expect("sent").status().as_u16()
}

/// How many login attempts were counted against `ip`, and how many failures the audit log
/// shows from it.
async fn seen_from(app: &TestApp, ip: &str) -> (i64, i64) {
    (
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM login_attempts WHERE ip = '{ip}'"
        ))
        .await,
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM audit_events WHERE action = 'login.failed' AND detail LIKE '%\"ip\":\"{ip}\"%'"
        ))
        .await,
    )
}

/// Fills the throttle's per-address allowance for `ip` (300 failures in the window).
async fn exhaust(app: &TestApp, ip: &str) {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_millis();
    app.sql(&format!(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) \
         INSERT INTO login_attempts (at, login, ip, succeeded, subject) \
         SELECT {now}, 'someone', '{ip}', 0, 'staff:someone' || i FROM n"
    ))
    .await
    .expect("fill the throttle");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_forwarded_for_from_an_untrusted_peer_is_ignored() {
    // No proxy configured.
    let app = TestApp::spawn().await;
    assert_eq!(failed_login(&app, Some("203.0.113.9")).await, 422);
    assert_eq!(seen_from(&app, "203.0.113.9").await, (0, 0));
    assert_eq!(seen_from(&app, "127.0.0.1").await, (1, 1));
    // The address's allowance used up: a made-up address does not get round it.
    exhaust(&app, "127.0.0.1").await;
    for spoofed in ["203.0.113.10", "10.0.0.1, 203.0.113.11", "2001:db8::1"] {
        assert_eq!(failed_login(&app, Some(spoofed)).await, 429, "{spoofed}");
    }
    // Proxies configured, but the peer (127.0.0.1) is none of them.
    let app = app
        .restart_with(|c| c.trusted_proxies = proxies("10.0.0.0/8, fd00::/8"))
        .await;
    assert_eq!(failed_login(&app, Some("203.0.113.12")).await, 429);
    assert_eq!(seen_from(&app, "203.0.113.12").await, (0, 0));
}

fn proxies(list: &str) -> TrustedProxies {
    TrustedProxies::parse(list).expect("proxy list")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_trusted_proxy_the_rightmost_untrusted_hop_is_the_client() {
    let app = TestApp::spawn()
        .await
        .restart_with(|c| c.trusted_proxies = proxies("127.0.0.1, 10.0.0.0/8, fd00::/8"))
        .await;
    // Two proxies (10.1.2.3, then the peer); the client's own claim (198.51.100.1) is left
    // of what the first proxy saw, and is not believed.
    assert_eq!(
        failed_login(&app, Some("198.51.100.1, 203.0.113.9, 10.1.2.3")).await,
        422
    );
    assert_eq!(seen_from(&app, "203.0.113.9").await, (1, 1));
    assert_eq!(seen_from(&app, "198.51.100.1").await, (0, 0));
    // IPv6, with a port, through a proxy in an IPv6 range.
    assert_eq!(
        failed_login(&app, Some("[2001:db8::7]:5100, fd00::1")).await,
        422
    );
    assert_eq!(seen_from(&app, "2001:db8::7").await, (1, 1));
    // Garbage stops at the last address a proxy vouched for: here the peer itself.
    for garbage in ["unknown", "", "999.1.1.1", "203.0.113.9 203.0.113.10"] {
        assert_eq!(failed_login(&app, Some(garbage)).await, 422, "{garbage:?}");
    }
    assert_eq!(seen_from(&app, "127.0.0.1").await, (4, 4));
    // No header from the proxy: the proxy's own address.
    assert_eq!(failed_login(&app, None).await, 422);
    assert_eq!(seen_from(&app, "127.0.0.1").await, (5, 5));

    // The throttle counts each client behind the proxy apart.
    exhaust(&app, "203.0.113.9").await;
    assert_eq!(failed_login(&app, Some("203.0.113.9, 10.1.2.3")).await, 429);
    assert_eq!(
        failed_login(&app, Some("203.0.113.9, 203.0.113.20")).await,
        422,
        "another client behind the same proxies"
    );

    // An over-long header is refused, in both languages, before anything is counted.
    let long = vec!["203.0.113.30"; 120].join(", ");
    let refused = app
        .client()
        .http()
        .post(format!("{}/api/auth/login", app.base))
        .header("x-forwarded-for", long)
        .form(&[("username", "nobody"), ("password", "wrong-password")])
        .send()
        .await
        .expect("sent");
    assert_eq!(refused.status().as_u16(), 400);
    let text = refused.text().await.unwrap_or_default();
    assert!(
        text.contains("请求头过长") && text.contains("too long"),
        "{text}"
    );
    assert_eq!(seen_from(&app, "203.0.113.30").await, (0, 0));
}
