//! Pages keep rendering while other servers start in the same process. Starting a server
//! lists the app's routes, which switches resource loading off process-wide for a moment
//! (leptos-rs/leptos#4773); a page whose data was first asked for in that moment waited
//! forever. The routes are now listed once per process.

use std::time::Duration;

use app::auth::Role;
use tests::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_servers_start() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let pages = tokio::spawn(async move {
        for n in 0..60 {
            // The sittings page loads its list through a resource, awaited by a Suspense.
            let reply = tokio::time::timeout(Duration::from_secs(20), staff.get("/staff/sittings"))
                .await
                .unwrap_or_else(|_| panic!("page {n} never finished rendering"));
            assert_eq!(reply.status, 200, "{}", reply.body);
        }
    });
    let mut others = Vec::new();
    while !pages.is_finished() && others.len() < 12 {
        others.push(TestApp::spawn().await);
    }
    pages.await.expect("every page rendered");
}
