//! Test harness: the real server on 127.0.0.1:0 over a fresh database, driven over HTTP.
//!
//! The backend is chosen by `RENQIAN_TEST_BACKEND` (`sqlite`, the default, or `postgres`);
//! PostgreSQL tests create a database `rq_test_<random>` on `RENQIAN_TEST_POSTGRES_URL`
//! (default `postgres://postgres@127.0.0.1:5432/test`). The same tests run on both.

use std::sync::atomic::{AtomicU64, Ordering};

use app::audit::Actor;
use app::auth::{password, Role};
use question_bank::exam::clock::{to_cst_input, MINUTE_MS};
use reqwest::header::{HeaderMap, HeaderValue, ACCEPT, ORIGIN};
use serde_json::{json, Value};
use server::config::ServeConfig;
use server::db::Db;
use sqlx::any::AnyPoolOptions;
use sqlx::Executor;

/// A running server with its own database.
pub struct TestApp {
    /// "http://127.0.0.1:PORT".
    pub base: String,
    /// The server's database.
    pub db: Db,
    /// The database URL, for direct SQL in tests.
    pub url: String,
    running: server::Running,
    city: i64,
}

static SEQ: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    format!(
        "rq_test_{}_{}_{}",
        std::process::id(),
        SEQ.fetch_add(1, Ordering::Relaxed),
        rand::random::<u32>()
    )
}

/// Which database the suite runs on.
pub fn backend() -> String {
    std::env::var("RENQIAN_TEST_BACKEND").unwrap_or_else(|_| "sqlite".into())
}

/// A port nothing listens on now, for a server run as a separate process.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port()
}

/// Waits (up to 20 s) until the server at `base` answers its health check.
pub async fn wait_healthy(base: &str) {
    let http = reqwest::Client::new();
    for _ in 0..400 {
        if http
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no server at {base}");
}

/// A new, empty database for one test (SQLite file, or a PostgreSQL database of its own).
pub async fn fresh_database_url() -> String {
    let name = unique_name();
    if backend() == "postgres" {
        let admin_url = std::env::var("RENQIAN_TEST_POSTGRES_URL")
            .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/test".into());
        sqlx::any::install_default_drivers();
        let admin = AnyPoolOptions::new()
            .max_connections(1)
            .connect(&admin_url)
            .await
            .expect("PostgreSQL for tests is reachable");
        admin
            .execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .expect("create test database");
        admin.close().await;
        let (base, _) = admin_url.rsplit_once('/').expect("URL has a database name");
        format!("{base}/{name}")
    } else {
        format!("sqlite://{}/{name}.db", std::env::temp_dir().display())
    }
}

/// A new database, migrated: its URL and the server's handle on it.
pub async fn migrated_database() -> (String, Db) {
    let url = fresh_database_url().await;
    let db = Db::connect(&url).await.expect("connect");
    db.migrate().await.expect("migrate");
    (url, db)
}

/// A pool of one connection to the database at `url`, for direct SQL in a test.
pub async fn one_connection(url: &str) -> sqlx::AnyPool {
    AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("connect")
}

impl TestApp {
    /// Starts a server over a fresh database with one city jurisdiction.
    pub async fn spawn() -> Self {
        let (url, db) = migrated_database().await;
        let city = db
            .ensure_jurisdiction("TC", "测试市人大常委会", None)
            .await
            .expect("city");
        Self::start(url, db, city, test_config()).await
    }

    /// Starts a server over a fresh database seeded with the demo, seeded as `serve --demo`
    /// does (before the server and its deadline sweeper start); `city()` is the demo's city.
    pub async fn spawn_demo() -> Self {
        let (url, db) = migrated_database().await;
        server::demo::seed(&db).await.expect("demo seeded");
        let city = db
            .ensure_jurisdiction("JC", "江城市人大常委会", None)
            .await
            .expect("the demo's city");
        Self::start(url, db, city, test_config()).await
    }

    async fn start(url: String, db: Db, city: i64, config: ServeConfig) -> Self {
        let running = server::start(&config, db.clone())
            .await
            .expect("server starts");
        Self {
            base: format!("http://{}", running.addr),
            db,
            url,
            running,
            city,
        }
    }

    /// Stops this server as a crash would (no graceful shutdown), runs `while_down` against
    /// the database, and starts a new server on it, as after a restart.
    pub async fn restart_after(self, while_down: &str) -> Self {
        self.restart_configured(while_down, test_config()).await
    }

    /// Stops the embedded server (as a crash would) and hands back its database URL, for a
    /// server run as a separate process on the same database.
    pub async fn shut_down(self) -> String {
        self.running.server.abort();
        self.running.sweeper.abort();
        let _ = self.running.sweeper.await;
        self.db.close().await;
        self.url
    }

    /// Restarts the server (as `restart_after`) with a changed configuration.
    pub async fn restart_with(self, configure: impl FnOnce(&mut ServeConfig)) -> Self {
        let mut config = test_config();
        configure(&mut config);
        self.restart_configured("", config).await
    }

    async fn restart_configured(self, while_down: &str, config: ServeConfig) -> Self {
        let Self {
            running,
            db,
            url,
            city,
            ..
        } = self;
        running.server.abort();
        running.sweeper.abort();
        let _ = running.sweeper.await;
        db.close().await;
        if !while_down.is_empty() {
            run_sql(&url, while_down)
                .await
                .expect("SQL while the server is down");
        }
        let db = Db::connect(&url).await.expect("reconnect");
        Self::start(url, db, city, config).await
    }

    /// The city jurisdiction's id.
    pub fn city(&self) -> i64 {
        self.city
    }

    /// A district under the test city (created once); returns its id.
    pub async fn district(&self, code: &str, name: &str) -> i64 {
        self.db
            .ensure_jurisdiction(code, name, Some("TC"))
            .await
            .expect("district")
    }

    /// Creates a staff account (random password) in a jurisdiction; returns a logged-in client.
    pub async fn staff(&self, jurisdiction: i64, role: Role) -> Client {
        let (username, secret) = self.account_in(jurisdiction, role).await;
        let client = self.client();
        client.login(&username, &secret).await.ok();
        client
    }

    /// Creates an account in the city without logging in; returns (username, password).
    pub async fn account(&self, role: Role) -> (String, String) {
        self.account_in(self.city, role).await
    }

    /// Creates an account (random password) in a jurisdiction; returns (username, password).
    async fn account_in(&self, jurisdiction: i64, role: Role) -> (String, String) {
        let username = format!("{}-{}", role.as_str(), SEQ.fetch_add(1, Ordering::Relaxed));
        let secret = password::generate();
        self.db
            .create_staff(
                &Actor::system("test"),
                jurisdiction,
                &username,
                "测试人员",
                role,
                &password::hash(&secret),
            )
            .await
            .expect("create staff");
        (username, secret)
    }

    /// A fresh browser-like client (own cookie jar, same-origin `Origin` header).
    pub fn client(&self) -> Client {
        Client::at(&self.base)
    }

    /// Runs SQL directly against the server's database (to move a clock hand, or to check).
    pub async fn sql(&self, statement: &str) -> Result<u64, sqlx::Error> {
        run_sql(&self.url, statement).await
    }

    /// A single integer from SQL.
    pub async fn sql_i64(&self, query: &str) -> i64 {
        let pool = one_connection(&self.url).await;
        let (n,): (i64,) = sqlx::query_as(query).fetch_one(&pool).await.expect("query");
        pool.close().await;
        n
    }
}

/// The embedded server's configuration in tests: a fast sweeper.
fn test_config() -> ServeConfig {
    ServeConfig {
        sweep_seconds: 1,
        ..ServeConfig::local("target/site")
    }
}

async fn run_sql(url: &str, statement: &str) -> Result<u64, sqlx::Error> {
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await?;
    let done = sqlx::query(statement).execute(&pool).await;
    pool.close().await;
    Ok(done?.rows_affected())
}

/// A response: status and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    /// The body as JSON, asserting success first.
    pub fn ok(&self) -> Value {
        assert_eq!(
            self.status, 200,
            "expected success, got {}: {}",
            self.status, self.body
        );
        self.json()
    }
}

/// A browser-like HTTP client.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: String,
}

impl Client {
    /// A fresh browser-like client of the server at `base` (own cookie jar, same-origin
    /// `Origin` header).
    pub fn at(base: &str) -> Client {
        let mut headers = HeaderMap::new();
        headers.insert(ORIGIN, HeaderValue::from_str(base).expect("origin"));
        headers.insert(ACCEPT, HeaderValue::from_static("application/json"));
        let http = reqwest::Client::builder()
            .cookie_store(true)
            .default_headers(headers)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Client {
            http,
            base: base.to_owned(),
        }
    }

    /// Sends a request built on this client; returns its status and body.
    async fn send(request: reqwest::RequestBuilder) -> Reply {
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        Reply {
            status,
            body: response.text().await.unwrap_or_default(),
        }
    }

    fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http.post(format!("{}{path}", self.base))
    }

    /// POSTs a URL-encoded form, as an HTML form or `ActionForm` does.
    pub async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        Self::send(self.post(path).form(fields)).await
    }

    /// POSTs a form of one id field (`"sitting_id"`, `"candidate_id"`, …), as most of the
    /// staff pages' reads do.
    pub async fn form_id(&self, path: &str, field: &str, id: i64) -> Reply {
        self.form(path, &[(field, &id.to_string())]).await
    }

    /// Logs in with a staff username and password; returns the reply.
    pub async fn login(&self, username: &str, password: &str) -> Reply {
        self.form(
            "/api/auth/login",
            &[("username", username), ("password", password)],
        )
        .await
    }

    /// Logs in to the exam with a ticket (or ID-card) number and an access code; returns the
    /// reply.
    pub async fn candidate_login(&self, login: &str, code: &str) -> Reply {
        self.ticket_login("/api/auth/candidate-login", login, code)
            .await
    }

    /// Logs in with a ticket (or ID-card) number and an access code at `path` (the exam's,
    /// practice's or results' login); returns the reply.
    pub async fn ticket_login(&self, path: &str, login: &str, code: &str) -> Reply {
        self.form(path, &[("login", login), ("access_code", code)])
            .await
    }

    /// POSTs JSON, as the exam page's server-function calls do.
    pub async fn json(&self, path: &str, body: &Value) -> Reply {
        Self::send(self.post(path).json(body)).await
    }

    /// POSTs JSON to another server (the same browser after a restart on a new port).
    pub async fn json_at(&self, base: &str, path: &str, body: &Value) -> Reply {
        Self::send(
            self.http
                .post(format!("{base}{path}"))
                .header(ORIGIN, base)
                .json(body),
        )
        .await
    }

    /// Uploads a file as the bank's import form does (multipart), without following the
    /// redirect.
    pub async fn upload(&self, file_name: &str, bytes: Vec<u8>) -> reqwest::Response {
        self.upload_to("/staff/questions/upload", file_name, bytes)
            .await
    }

    /// Uploads a file as a form with a `file` field posts it to `path`, without following the
    /// redirect.
    pub async fn upload_to(
        &self,
        path: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> reqwest::Response {
        self.upload_form(path, file_name, bytes, &[]).await
    }

    /// Uploads a file as `upload_to` does, asserts that the server redirects, and returns
    /// where it sends the browser.
    pub async fn upload_redirect(&self, path: &str, file_name: &str, bytes: Vec<u8>) -> String {
        let reply = self.upload_to(path, file_name, bytes).await;
        assert_eq!(reply.status().as_u16(), 303, "the upload redirects");
        header(&reply, "location")
    }

    /// Uploads a file with other form fields (multipart), without following the redirect.
    pub async fn upload_form(
        &self,
        path: &str,
        file_name: &str,
        bytes: Vec<u8>,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let part = reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_owned());
        let form = fields
            .iter()
            .fold(reqwest::multipart::Form::new(), |form, (k, v)| {
                form.text(k.to_string(), v.to_string())
            })
            .part("file", part);
        self.http
            .post(format!("{}{path}", self.base))
            .multipart(form)
            .send()
            .await
            .expect("upload sent")
    }

    /// GETs a file download: status and bytes.
    pub async fn download(&self, path: &str) -> (u16, Vec<u8>) {
        let response = self
            .http
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("request sent");
        (
            response.status().as_u16(),
            response
                .bytes()
                .await
                .map(|b| b.to_vec())
                .unwrap_or_default(),
        )
    }

    /// GETs a page.
    pub async fn get(&self, path: &str) -> Reply {
        Self::send(
            self.http
                .get(format!("{}{path}", self.base))
                .header(ACCEPT, "text/html"),
        )
        .await
    }

    /// The underlying client, for hand-made requests.
    pub fn http(&self) -> &reqwest::Client {
        &self.http
    }
}

/// A response header as text; empty when it is absent.
pub fn header(response: &reqwest::Response, name: &str) -> String {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}

/// "2026-11-22T14:00" (China Standard Time), `minutes` from now.
pub fn cst_in(minutes: i64) -> String {
    to_cst_input(app::state::now_ms() + minutes * MINUTE_MS)
}

/// Everyday fixtures built through the real endpoints.
pub mod fixture {
    use super::*;

    /// A marker placed in every explanation, to prove it never reaches a candidate.
    pub const EXPLANATION_MARKER: &str = "EXPLANATION-MARKER-7f3a";

    /// The seed bank (about 2,000 questions), in the city's bank; returns a city staff client.
    pub async fn seed_bank(app: &TestApp) -> Client {
        use app::bank::repo::QuestionRepo;
        let seed = question_bank::bank::seed::questions().expect("seed bank");
        app.db
            .import_questions(&Actor::system("test"), app.city(), &seed, "seed bank")
            .await
            .expect("seeded");
        app.staff(app.city(), Role::Staff).await
    }

    /// An 18-digit ID-card number with its GB 11643 check character, different for each `n`.
    pub fn id_card(n: u32) -> String {
        question_bank::appointments::identity::IdCardNumber::complete(&format!(
            "110105196{:08}",
            10_101_000 + n
        ))
        .expect("17 digits")
        .as_str()
        .to_owned()
    }

    /// Adds the three standard questions (keys: A; AB; 错误) and returns their ids.
    pub async fn questions(staff: &Client) -> Vec<i64> {
        let mut ids = Vec::new();
        for (kind, stem, options, key, article) in [
            (
                "single_choice",
                "中华人民共和国的一切权力属于（ ）。",
                "人民\n国务院\n全国人民代表大会",
                "A",
                "2",
            ),
            (
                "multiple_choice",
                "根据宪法第三十三条，下列说法正确的有（ ）。",
                "公民在法律面前一律平等\n国家尊重和保障人权\n公民只享有权利",
                "AB",
                "33",
            ),
            (
                "true_false",
                "地方各级人民代表大会每届任期三年。",
                "",
                "错误",
                "98",
            ),
        ] {
            let explanation = format!("{EXPLANATION_MARKER} 见宪法第{article}条");
            let reply = staff
                .form(
                    "/api/bank/add",
                    &[
                        ("bank", "common"),
                        ("kind", kind),
                        ("stem", stem),
                        ("options", options),
                        ("key", key),
                        ("explanation", &explanation),
                        ("difficulty", "2"),
                        ("law", "constitution"),
                        ("article", article),
                    ],
                )
                .await;
            ids.push(reply.ok().as_i64().expect("question id"));
        }
        ids
    }

    /// A short answer (10 points) in the city's bank; returns its id.
    pub async fn short_answer(staff: &Client) -> i64 {
        staff
            .form(
                "/api/bank/add",
                &[
                    ("bank", "common"),
                    ("kind", "short_answer"),
                    ("stem", "简述我国国家机构实行的组织原则。"),
                    ("key", "中华人民共和国的国家机构实行民主集中制的原则。"),
                    (
                        "marking_points",
                        "民主集中制\n人民代表大会由民主选举产生，对人民负责，受人民监督",
                    ),
                    ("difficulty", "2"),
                    ("law", "constitution"),
                    ("article", "3"),
                ],
            )
            .await
            .ok()
            .as_i64()
            .expect("short answer id")
    }

    /// Creates a sitting open from 5 minutes ago for two hours, 60-minute exam, 10 points a
    /// question, pass mark 20; returns its id.
    pub async fn sitting(staff: &Client, question_ids: &[i64]) -> i64 {
        sitting_with(staff, question_ids, &[]).await
    }

    /// The same sitting with some fields replaced or added (`("late_entry_minutes", "15")`).
    pub async fn sitting_with(
        staff: &Client,
        question_ids: &[i64],
        overrides: &[(&str, &str)],
    ) -> i64 {
        let id = draft_sitting_with(staff, question_ids, overrides).await;
        open(staff, id).await;
        id
    }

    /// The fixture sitting as a draft, not yet scheduled or opened.
    pub async fn draft_sitting_with(
        staff: &Client,
        question_ids: &[i64],
        overrides: &[(&str, &str)],
    ) -> i64 {
        let keys: Vec<(String, String)> = question_ids
            .iter()
            .map(|id| (format!("question_ids[{id}]"), id.to_string()))
            .collect();
        let (opens, closes) = (cst_in(-5), cst_in(120));
        let mut fields: Vec<(&str, &str)> = vec![
            ("title", "集成测试场次"),
            ("venue", "三楼考场"),
            ("opens_at", &opens),
            ("closes_at", &closes),
            ("duration_minutes", "60"),
            ("pass_mark", "20"),
            ("paper_mode", "fixed"),
            ("points_each", "10"),
        ];
        fields.retain(|(k, _)| overrides.iter().all(|(o, _)| o != k));
        fields.extend(overrides);
        fields.extend(keys.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        staff
            .form("/api/sittings/create", &fields)
            .await
            .ok()
            .as_i64()
            .expect("sitting id")
    }

    /// Asks for a state change (`"schedule"`, `"open"`, `"close"`, …), confirmed as the
    /// page's confirm step does for the irreversible ones; returns the reply.
    pub async fn change_state(staff: &Client, sitting_id: i64, transition: &str) -> Reply {
        staff
            .form(
                "/api/sittings/change-state",
                &[
                    ("sitting_id", &sitting_id.to_string()),
                    ("transition", transition),
                    ("reason", "测试"),
                    ("confirm", "1"),
                ],
            )
            .await
    }

    /// Schedules a draft sitting and opens it, as staff do on the day.
    pub async fn open(staff: &Client, sitting_id: i64) {
        for transition in ["schedule", "open"] {
            change_state(staff, sitting_id, transition).await.ok();
        }
    }

    /// Enrols a person; returns (ticket number, access code).
    pub async fn enrol(
        staff: &Client,
        sitting_id: i64,
        name: &str,
        id_card: &str,
    ) -> (String, String) {
        let issued = staff
            .form(
                "/api/sittings/enrol",
                &[
                    ("sitting_id", &sitting_id.to_string()),
                    ("name", name),
                    ("id_card", id_card),
                ],
            )
            .await
            .ok();
        (
            issued["ticket_number"].as_str().expect("ticket").to_owned(),
            issued["access_code"].as_str().expect("code").to_owned(),
        )
    }

    /// The sitting's admission slips (tickets with their access codes), as staff print them.
    pub async fn slips(staff: &Client, sitting_id: i64) -> Value {
        staff
            .form_id("/api/sittings/slips", "sitting_id", sitting_id)
            .await
            .ok()
    }

    /// Logs a candidate in to the exam on a fresh client.
    pub async fn candidate_login(app: &TestApp, ticket: &str, code: &str) -> Client {
        let candidate = app.client();
        let login = candidate.candidate_login(ticket, code).await;
        assert_eq!(login.status, 200, "candidate login: {}", login.body);
        candidate
    }

    /// A fresh client logged in at `path` (`"/api/auth/practice-login"`, `…/results-login`)
    /// with a ticket and access code.
    pub async fn logged_in(app: &TestApp, path: &str, ticket: &str, code: &str) -> Client {
        let client = app.client();
        client.ticket_login(path, ticket, code).await.ok();
        client
    }

    /// Starts (or resumes) the logged-in candidate's exam; returns the attempt id.
    pub async fn start(candidate: &Client) -> i64 {
        let state = candidate.form("/api/exam/start", &[]).await.ok();
        state["phase"]["InProgress"]["attempt_id"]
            .as_i64()
            .expect("attempt started")
    }

    /// The sitting page's data, as staff see it.
    pub async fn sitting_detail(staff: &Client, sitting_id: i64) -> Value {
        staff
            .form_id("/api/sittings/detail", "sitting_id", sitting_id)
            .await
            .ok()
    }

    /// The sitting's results report (scores, statistics, item analysis, appeals, log).
    pub async fn report(staff: &Client, sitting_id: i64) -> Value {
        staff
            .form_id("/api/results/report", "sitting_id", sitting_id)
            .await
            .ok()
    }

    /// The sitting's incident log, as staff see it.
    pub async fn incidents(staff: &Client, sitting_id: i64) -> Value {
        staff
            .form_id("/api/sittings/incidents", "sitting_id", sitting_id)
            .await
            .ok()
    }

    /// Logs a candidate in on a fresh client and starts the exam; returns the client and attempt id.
    pub async fn candidate_started(app: &TestApp, ticket: &str, code: &str) -> (Client, i64) {
        let candidate = candidate_login(app, ticket, code).await;
        let attempt = start(&candidate).await;
        (candidate, attempt)
    }

    /// The Chinese reasons of an import report's refused rows ("第3行 B列：…").
    pub fn import_errors(report: &Value) -> Vec<String> {
        report["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .filter_map(|e| e[0].as_str().map(str::to_owned))
            .collect()
    }

    /// Enrols the `n`-th numbered candidate ("考生{n}", `id_card(n)`); returns (ticket
    /// number, access code).
    pub async fn enrol_nth(staff: &Client, sitting_id: i64, n: usize) -> (String, String) {
        enrol(staff, sitting_id, &format!("考生{n}"), &id_card(n as u32)).await
    }

    /// Enrols the `n`-th numbered candidate, logs them in and starts their exam; returns
    /// the client and attempt id.
    pub async fn nth_started(
        app: &TestApp,
        staff: &Client,
        sitting_id: i64,
        n: usize,
    ) -> (Client, i64) {
        let (ticket, code) = enrol_nth(staff, sitting_id, n).await;
        candidate_started(app, &ticket, &code).await
    }

    /// Issues a candidate a new access code (the old one stops working), confirmed as the
    /// page does; returns the reply.
    pub async fn reissue_code(staff: &Client, candidate_id: i64, reason: &str) -> Reply {
        staff
            .form(
                "/api/sittings/reissue-code",
                &[
                    ("candidate_id", &candidate_id.to_string()),
                    ("reason", reason),
                    ("confirm", "1"),
                ],
            )
            .await
    }

    /// Hands a paper in; returns the reply.
    pub async fn submit(candidate: &Client, attempt_id: i64) -> Reply {
        candidate
            .json("/api/exam/submit", &json!({ "attempt_id": attempt_id }))
            .await
    }

    /// Publishes a closed sitting's results with `note`; returns the reply.
    pub async fn publish(staff: &Client, sitting_id: i64, note: &str) -> Reply {
        staff
            .form(
                "/api/results/publish",
                &[("sitting_id", &sitting_id.to_string()), ("note", note)],
            )
            .await
    }

    /// Closes a sitting and publishes its results ("经审核无误"), as staff do after a sitting.
    pub async fn close_and_publish(staff: &Client, sitting_id: i64) {
        change_state(staff, sitting_id, "close").await.ok();
        publish(staff, sitting_id, "经审核无误").await.ok();
    }

    /// Sets the exam rules of `admin`'s jurisdiction: the published rules with `overrides`
    /// (`("local_regulations", "chongqing")`); returns the reply.
    pub async fn set_rules(admin: &Client, overrides: &[(&str, &str)]) -> Reply {
        let mut fields: Vec<(&str, &str)> = vec![
            ("duration_minutes", "90"),
            ("pass_mark", "60"),
            ("late_entry_minutes", "15"),
            ("retakes_allowed", "1"),
            ("review_policy", "full"),
            ("paper_mode", "drawn"),
            ("reason", "本地规定"),
        ];
        fields.retain(|(k, _)| overrides.iter().all(|(o, _)| o != k));
        fields.extend(overrides);
        admin.form("/api/sittings/set-rules", &fields).await
    }

    /// Saves an answer; returns the reply.
    pub async fn save(
        candidate: &Client,
        attempt_id: i64,
        question_id: i64,
        answer: Value,
        seq: i64,
    ) -> Reply {
        candidate.json("/api/exam/save", &json!({ "attempt_id": attempt_id, "question_id": question_id, "answer": answer, "seq": seq })).await
    }

    /// The city's staff with the three standard questions in an open fixture sitting.
    pub struct OpenSitting {
        pub staff: Client,
        /// The three standard questions (keys: A; AB; 错误).
        pub questions: Vec<i64>,
        pub sitting: i64,
    }

    /// A city staff account, the three standard questions and the fixture sitting of them,
    /// open.
    pub async fn open_sitting(app: &TestApp) -> OpenSitting {
        let staff = app.staff(app.city(), Role::Staff).await;
        let questions = questions(&staff).await;
        let sitting = sitting(&staff, &questions).await;
        OpenSitting {
            staff,
            questions,
            sitting,
        }
    }

    /// A whole sitting with one enrolled candidate (王建国) who has started.
    pub struct StartedExam {
        /// The city staff who set the sitting up.
        pub staff: Client,
        /// The three standard questions (keys: A; AB; 错误).
        pub questions: Vec<i64>,
        pub sitting: i64,
        /// The candidate's logged-in client.
        pub candidate: Client,
        pub attempt: i64,
    }

    impl StartedExam {
        /// Saves `answer` to the `question`-th fixture question at `seq`; returns the reply.
        pub async fn save(&self, question: usize, answer: Value, seq: i64) -> Reply {
            save(
                &self.candidate,
                self.attempt,
                self.questions[question],
                answer,
                seq,
            )
            .await
        }

        /// Hands the paper in; returns the reply.
        pub async fn submit(&self) -> Reply {
            submit(&self.candidate, self.attempt).await
        }
    }

    /// The fixture sitting with 王建国 enrolled, logged in and started.
    pub async fn started_exam(app: &TestApp) -> StartedExam {
        let OpenSitting {
            staff,
            questions,
            sitting,
        } = open_sitting(app).await;
        let (ticket, code) = enrol(&staff, sitting, "王建国", "11010519491231002X").await;
        let (candidate, attempt) = candidate_started(app, &ticket, &code).await;
        StartedExam {
            staff,
            questions,
            sitting,
            candidate,
            attempt,
        }
    }
}

/// What the tools in `examples/` share (load, fault, several instances, backup benchmark):
/// the real `renqian` binary as separate processes, and latency figures.
pub mod tools {
    use std::process::{Child, Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    use rand::Rng;
    use serde_json::json;

    use super::{fixture, Client};

    /// The tool's command-line arguments that read as numbers, in order.
    pub fn numbers<T: std::str::FromStr>() -> Vec<T> {
        std::env::args()
            .skip(1)
            .filter_map(|a| a.parse().ok())
            .collect()
    }

    /// The `renqian` binary: `RENQIAN_BIN`, else `$CARGO_TARGET_DIR/<profile>/renqian`.
    pub fn binary(profile: &str) -> String {
        std::env::var("RENQIAN_BIN").unwrap_or_else(|_| {
            format!(
                "{}/{profile}/renqian",
                std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into())
            )
        })
    }

    /// `renqian serve` on 127.0.0.1:`port` over `url`, output discarded; the caller adds
    /// settings and spawns it.
    pub fn serve(bin: &str, url: &str, port: u16) -> Command {
        let mut command = Command::new(bin);
        command
            .args([
                "serve",
                "--addr",
                &format!("127.0.0.1:{port}"),
                "--site-root",
                "target/site",
            ])
            .env("DATABASE_URL", url)
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    /// Migrates the database at `url` and creates an account (`role`: admin, staff, proctor…)
    /// in the jurisdiction `code`, with `secret` as its password.
    pub fn account(bin: &str, url: &str, username: &str, role: &str, code: &str, secret: &str) {
        let migrate = Command::new(bin)
            .arg("migrate")
            .env("DATABASE_URL", url)
            .stdout(Stdio::null())
            .status()
            .expect("renqian migrate");
        assert!(migrate.success(), "renqian migrate");
        let mut create = Command::new(bin)
            .args([
                "create-admin",
                "--username",
                username,
                "--role",
                role,
                "--name",
                "测试人员",
                "--jurisdiction-code",
                code,
                "--jurisdiction-name",
                "测试市人大常委会",
                "--password-stdin",
            ])
            .env("DATABASE_URL", url)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("renqian create-admin");
        std::io::Write::write_all(
            &mut create.stdin.take().expect("stdin"),
            format!("{secret}\n").as_bytes(),
        )
        .expect("password");
        assert!(create.wait().expect("create-admin").success());
    }

    /// (attempt, question) → the highest acknowledged (seq, answer).
    pub type Ledger = std::collections::HashMap<(i64, i64), (i64, serde_json::Value)>;

    /// How many of the ledger's acknowledged saves the database at `url` keeps: the same
    /// answer at the acknowledged sequence, or a later one. Each one lost is printed.
    pub async fn kept_saves(url: &str, ledger: &Ledger) -> usize {
        let pool = super::one_connection(url).await;
        let mut kept = 0;
        for ((attempt, question), (seq, answer)) in ledger {
            let row: Option<(i64, String)> = sqlx::query_as(
                "SELECT seq, response FROM answers WHERE attempt_id = $1 AND question_id = $2",
            )
            .bind(attempt)
            .bind(question)
            .fetch_optional(&pool)
            .await
            .expect("query");
            let ok = match row {
                Some((stored, _)) if stored > *seq => true,
                Some((stored, response)) => {
                    stored == *seq
                        && serde_json::from_str::<serde_json::Value>(&response)
                            .ok()
                            .as_ref()
                            == Some(answer)
                }
                None => false,
            };
            if ok {
                kept += 1;
            } else {
                eprintln!("lost: attempt {attempt}, question {question}, seq {seq}");
            }
        }
        pool.close().await;
        kept
    }

    /// A child process killed (SIGKILL) and reaped when dropped.
    pub struct Killed(pub Child);

    impl Drop for Killed {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }

    /// The value at quantile `p` of ascending `sorted` (NaN when empty).
    pub fn percentile(sorted: &[f64], p: f64) -> f64 {
        if sorted.is_empty() {
            return f64::NAN;
        }
        sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
    }

    /// Latencies (ms) and failures of one phase.
    #[derive(Default)]
    pub struct Phase {
        pub ms: Vec<f64>,
        pub failed: usize,
    }

    impl Phase {
        /// Sorts the latencies; returns (p50, p95, p99, max).
        pub fn quantiles(&mut self) -> (f64, f64, f64, f64) {
            self.ms.sort_by(f64::total_cmp);
            (
                percentile(&self.ms, 0.5),
                percentile(&self.ms, 0.95),
                percentile(&self.ms, 0.99),
                self.ms.last().copied().unwrap_or(f64::NAN),
            )
        }

        /// Prints the phase as a line; returns its p99.
        pub fn report(mut self, name: &str, wall: Duration) -> f64 {
            let (p50, p95, p99, max) = self.quantiles();
            println!(
                "{name:<28} n={:<6} failed={:<5} p50={p50:>7.1} ms  p95={p95:>7.1} ms  p99={p99:>7.1} ms  max={max:>7.1} ms  wall={:>6.2} s  rate={:>7.0}/s",
                self.ms.len(),
                self.failed,
                wall.as_secs_f64(),
                self.ms.len() as f64 / wall.as_secs_f64()
            );
            p99
        }
    }

    /// Enrols `n` candidates into `sitting` from one roster upload; returns their (ticket
    /// number, access code).
    pub async fn enrol_roster(staff: &Client, sitting: i64, n: usize) -> Vec<(String, String)> {
        let mut roster = String::from("姓名,身份证号码\n");
        for i in 0..n {
            roster.push_str(&format!("考生{i},{}\n", fixture::id_card(i as u32)));
        }
        let upload = staff
            .upload_to(
                &format!("/staff/sittings/{sitting}/roster"),
                "roster.csv",
                roster.into_bytes(),
            )
            .await;
        assert_eq!(upload.status().as_u16(), 303, "roster");
        fixture::slips(staff, sitting).await["tickets"]
            .as_array()
            .expect("slips")
            .iter()
            .map(|t| {
                (
                    t["ticket_number"].as_str().unwrap_or_default().to_owned(),
                    t["access_code"].as_str().unwrap_or_default().to_owned(),
                )
            })
            .collect()
    }

    /// Logs a candidate in at `base` and starts their exam; returns the client and attempt.
    pub async fn start_exam(base: &str, ticket: &str, code: &str) -> (Client, i64) {
        let client = Client::at(base);
        let login = client.candidate_login(ticket, code).await;
        assert_eq!(login.status, 200, "candidate login: {}", login.body);
        let attempt = fixture::start(&client).await;
        (client, attempt)
    }

    /// The `seq`-th answer to the fixture's questions (single choice, multiple choice,
    /// true/false): which question and what answer.
    pub fn fixture_answer(questions: &[i64], seq: i64) -> (i64, serde_json::Value) {
        let i = seq as usize % questions.len();
        let answer = match i {
            0 => json!({ "choices": [seq % 3] }),
            1 => json!({ "choices": [0, 1 + seq % 2] }),
            _ => json!({ "judgement": seq % 2 == 0 }),
        };
        (questions[i], answer)
    }

    static NEXT_SEQ: std::sync::atomic::AtomicI64 = std::sync::atomic::AtomicI64::new(1_000_000);

    /// Saves with a think time: (candidate client, attempt) pairs, each saving every `think`
    /// seconds at `url_of(client)`, for `seconds`.
    pub async fn paced_saves(
        sheets: &[(Client, i64)],
        url_of: impl Fn(&Client) -> String,
        questions: &[i64],
        seconds: u64,
        think: f64,
    ) -> (Phase, Duration) {
        let phase = Arc::new(Mutex::new(Phase::default()));
        let start = Instant::now();
        let end = start + Duration::from_secs(seconds);
        let mut tasks = Vec::new();
        for (client, attempt) in sheets {
            let (http, url, phase, questions, attempt) = (
                client.http().clone(),
                url_of(client),
                phase.clone(),
                questions.to_vec(),
                *attempt,
            );
            let origin = url.split("/api").next().unwrap_or_default().to_owned();
            tasks.push(tokio::spawn(async move {
                // Candidates do not all begin in the same millisecond.
                let jitter = rand::rng().random_range(0.0..think.max(0.001));
                tokio::time::sleep(Duration::from_secs_f64(jitter)).await;
                while Instant::now() < end {
                    // Increasing across phases, so a later phase's saves are never stale.
                    let seq = NEXT_SEQ.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let (question, answer) = fixture_answer(&questions, seq);
                    let body = json!({ "attempt_id": attempt, "question_id": question, "answer": answer, "seq": seq });
                    let sent = Instant::now();
                    let ok = http
                        .post(&url)
                        .header("origin", &origin)
                        .json(&body)
                        .send()
                        .await
                        .is_ok_and(|r| r.status().is_success());
                    let ms = sent.elapsed().as_secs_f64() * 1000.0;
                    {
                        let mut p = phase.lock().expect("phase");
                        if ok {
                            p.ms.push(ms)
                        } else {
                            p.failed += 1
                        }
                    }
                    if think > 0.0 {
                        tokio::time::sleep(Duration::from_secs_f64(think)).await;
                    }
                }
            }));
        }
        for t in tasks {
            let _ = t.await;
        }
        let wall = start.elapsed();
        let phase = Arc::try_unwrap(phase)
            .ok()
            .expect("phase")
            .into_inner()
            .expect("phase");
        (phase, wall)
    }
}
