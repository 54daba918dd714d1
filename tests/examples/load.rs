//! Load benchmark (a tool, not part of the suite). Against a separate `renqian` process on a
//! fresh database: N candidates log in and start at once (the start storm), save answers
//! with a think time between saves (the exam), and hand in when their time is up (the
//! deadline storm: every browser hands in at its deadline, retrying a shed hand-in each
//! second as the exam page does, except one in ten that never comes back; the database is
//! then checked: every attempt finalized exactly once, by its deadline plus grace).
//! The same save pattern is then run against a bare axum + sqlx server doing one upsert per
//! request (the ceiling), and both are driven flat out to compare throughput.
//!
//!     cargo build --release -p server --bin renqian   # the site is not needed
//!     RENQIAN_TEST_BACKEND=sqlite cargo run --release -p tests --example load -- 2000 30 2
//!
//! Arguments: candidates, seconds of saving, think seconds between a candidate's saves.
//! `RENQIAN_BIN` names the binary (default target/release/renqian). The last line, `RESULT
//! …`, has the figures `scripts/bench.sh` tabulates.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tests::fixture;
use tests::tools::{self, paced_saves, Killed, Phase};
use tests::{free_port, wait_healthy, Client};

/// The ceiling: one upsert per request, with the same durability settings as the app.
async fn bare_server(url: String, port: u16) {
    use axum::routing::post;
    sqlx::any::install_default_drivers();
    let sqlite = url.starts_with("sqlite:");
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(if sqlite { 8 } else { 16 })
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    sqlx::Executor::execute(&mut *conn, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 10000;").await?;
                }
                Ok(())
            })
        })
        .connect(&url)
        .await
        .expect("bare pool");
    sqlx::query("CREATE TABLE IF NOT EXISTS bare_answers (attempt_id BIGINT NOT NULL, question_id BIGINT NOT NULL, response TEXT NOT NULL, seq BIGINT NOT NULL, PRIMARY KEY (attempt_id, question_id))")
        .execute(&pool)
        .await
        .expect("table");
    let app = axum::Router::new().route(
        "/save",
        post(move |axum::Json(body): axum::Json<Value>| {
            let pool = pool.clone();
            async move {
                let begin = if sqlite { "BEGIN IMMEDIATE" } else { "BEGIN" };
                let mut tx = pool.begin_with(begin).await.map_err(|_| axum::http::StatusCode::SERVICE_UNAVAILABLE)?;
                sqlx::query("INSERT INTO bare_answers (attempt_id, question_id, response, seq) VALUES ($1, $2, $3, $4) ON CONFLICT (attempt_id, question_id) DO UPDATE SET response = excluded.response, seq = excluded.seq WHERE bare_answers.seq < excluded.seq")
                    .bind(body["attempt_id"].as_i64().unwrap_or(0))
                    .bind(body["question_id"].as_i64().unwrap_or(0))
                    .bind(body["answer"].to_string())
                    .bind(body["seq"].as_i64().unwrap_or(0))
                    .execute(&mut *tx)
                    .await
                    .map_err(|_| axum::http::StatusCode::SERVICE_UNAVAILABLE)?;
                tx.commit().await.map_err(|_| axum::http::StatusCode::SERVICE_UNAVAILABLE)?;
                Ok::<_, axum::http::StatusCode>("ok")
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
        .await
        .expect("bind");
    axum::serve(listener, app).await.expect("serve");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--bare-server") {
        return bare_server(args[1].clone(), args[2].parse().expect("port")).await;
    }
    let nums: Vec<f64> = args.iter().filter_map(|a| a.parse().ok()).collect();
    let candidates = nums.first().copied().unwrap_or(500.0) as usize;
    let seconds = nums.get(1).copied().unwrap_or(30.0) as u64;
    let think = nums.get(2).copied().unwrap_or(2.0);
    let bin = tools::binary("release");

    // A fresh database, an administrator, and the real server as its own process.
    let url = tests::fresh_database_url().await;
    let secret = "load-test-password-1";
    tools::account(&bin, &url, "load-admin", "admin", "LT", secret);
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Killed(
        tools::serve(&bin, &url, port)
            .env(
                "RENQIAN_MAX_EXAM_REQUESTS",
                std::env::var("RENQIAN_MAX_EXAM_REQUESTS").unwrap_or_else(|_| "256".into()),
            )
            .spawn()
            .expect("serve"),
    );
    wait_healthy(&base).await;

    // A sitting of three questions and the candidates, enrolled from one roster.
    let staff = Client::at(&base);
    staff.login("load-admin", secret).await;
    let questions = fixture::questions(&staff).await;
    // Time for the storm, the saves and the flat-out run before the deadlines come.
    let minutes = (seconds + 10 + 60).div_ceil(60).to_string();
    let sitting =
        fixture::sitting_with(&staff, &questions, &[("duration_minutes", &minutes)]).await;
    let enrolled = Instant::now();
    let tickets = tools::enrol_roster(&staff, sitting, candidates).await;
    println!("backend {}: {candidates} candidates enrolled from one roster in {:.1} s (an access-code hash each)", tests::backend(), enrolled.elapsed().as_secs_f64());

    // The start storm: everyone logs in and starts at once.
    let start = Instant::now();
    let storm: Vec<_> = tickets
        .into_iter()
        .map(|(ticket, code)| {
            let base = base.clone();
            tokio::spawn(async move {
                let client = Client::at(&base);
                let sent = Instant::now();
                // A shed request (503) is tried again after its Retry-After, as the pages do.
                loop {
                    let login = client
                        .http()
                        .post(format!("{base}/api/auth/candidate-login"))
                        .form(&[("login", ticket.as_str()), ("access_code", code.as_str())])
                        .send()
                        .await
                        .map_err(|_| ())?;
                    match login.status().as_u16() {
                        200..=299 => break,
                        503 => tokio::time::sleep(Duration::from_secs(2)).await,
                        status => {
                            eprintln!("login refused: {status}");
                            return Err(());
                        }
                    }
                }
                let logged_in = sent.elapsed().as_secs_f64() * 1000.0;
                let state: Value = loop {
                    let started = client
                        .http()
                        .post(format!("{base}/api/exam/start"))
                        .send()
                        .await
                        .map_err(|_| ())?;
                    if started.status().as_u16() == 503 {
                        tokio::time::sleep(Duration::from_secs(2)).await;
                        continue;
                    }
                    break started.json().await.map_err(|_| ())?;
                };
                let attempt = state["phase"]["InProgress"]["attempt_id"]
                    .as_i64()
                    .ok_or(())?;
                let left = state["phase"]["InProgress"]["remaining_ms"]
                    .as_u64()
                    .ok_or(())?;
                let deadline = Instant::now() + Duration::from_millis(left);
                let ms = sent.elapsed().as_secs_f64() * 1000.0;
                Ok((client, attempt, deadline, (logged_in, ms)))
            })
        })
        .collect();
    let mut sheets = Vec::new();
    let mut deadlines = Vec::new();
    let mut phase = Phase::default();
    // Where the time goes: the login (hash, throttle, code claim, session) and the start.
    let (mut logins, mut begins) = (Phase::default(), Phase::default());
    for t in storm {
        match t.await.expect("task") {
            Ok((client, attempt, deadline, (login_ms, ms))) => {
                phase.ms.push(ms);
                logins.ms.push(login_ms);
                begins.ms.push(ms - login_ms);
                sheets.push((client, attempt));
                deadlines.push(deadline);
            }
            Err(()) => phase.failed += 1,
        }
    }
    let started = sheets.len();
    let start_p99 = phase.report("start storm (503s retried)", start.elapsed());
    let login_p99 = logins.report("  of which the login", start.elapsed());
    let begin_p99 = begins.report("  of which the start", start.elapsed());

    // The exam: a save every `think` seconds per candidate.
    let save_url = format!("{base}/api/exam/save");
    let (phase, wall) =
        paced_saves(&sheets, |_| save_url.clone(), &questions, seconds, think).await;
    let saves_shed = phase.failed;
    let app_p99 = phase.report(&format!("saves, think {think} s"), wall);

    // Flat out: 64 candidates saving back to back for 10 s.
    let flat: Vec<(Client, i64)> = sheets
        .iter()
        .take(64)
        .map(|(c, a)| (c.clone(), *a))
        .collect();
    let (app_flat, app_wall) = paced_saves(&flat, |_| save_url.clone(), &questions, 10, 0.0).await;

    // The deadline storm: each page hands in when its time is up, trying again each second
    // while shed (its one-second tick); one in ten browsers is gone and never hands in.
    let start = Instant::now();
    let storm: Vec<_> = sheets
        .iter()
        .zip(&deadlines)
        .enumerate()
        .filter(|(n, _)| n % 10 != 9)
        .map(|(_, ((client, attempt), deadline))| {
            let (http, base, attempt, deadline) =
                (client.http().clone(), base.clone(), *attempt, *deadline);
            tokio::spawn(async move {
                tokio::time::sleep_until(deadline.into()).await;
                let sent = Instant::now();
                loop {
                    let reply = http
                        .post(format!("{base}/api/exam/submit"))
                        .header("origin", &base)
                        .json(&json!({ "attempt_id": attempt }))
                        .send()
                        .await;
                    match reply.map(|r| r.status().as_u16()) {
                        Ok(200..=299) => return Some(sent.elapsed().as_secs_f64() * 1000.0),
                        Ok(503) | Err(_) => tokio::time::sleep(Duration::from_secs(1)).await,
                        Ok(status) => {
                            eprintln!("hand-in refused: {status}");
                            return None;
                        }
                    }
                }
            })
        })
        .collect();
    let mut phase = Phase::default();
    for t in storm {
        match t.await.expect("task") {
            Some(ms) => phase.ms.push(ms),
            None => phase.failed += 1,
        }
    }
    let acknowledged = phase.ms.len();
    let handin_p99 = phase.report("deadline storm (hand in)", start.elapsed());
    let last_deadline = deadlines.iter().max().copied().unwrap_or_else(Instant::now);

    // The ceiling, on the same database: the same pattern, then both flat out.
    let bare_port = free_port();
    let _bare = Killed(
        Command::new(std::env::current_exe().expect("exe"))
            .args(["--bare-server", &url, &bare_port.to_string()])
            .stdout(Stdio::null())
            .spawn()
            .expect("bare server"),
    );
    let bare_url = format!("http://127.0.0.1:{bare_port}/save");
    let bare_base = format!("http://127.0.0.1:{bare_port}");
    for _ in 0..200 {
        if reqwest::Client::new()
            .post(&bare_url)
            .json(&json!({}))
            .send()
            .await
            .is_ok()
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let bare_sheets: Vec<(Client, i64)> = sheets
        .iter()
        .map(|(_, a)| (Client::at(&bare_base), *a))
        .collect();
    let (phase, wall) = paced_saves(
        &bare_sheets,
        |_| bare_url.clone(),
        &questions,
        seconds,
        think,
    )
    .await;
    let bare_p99 = phase.report(&format!("bare upsert, think {think} s"), wall);

    let flat_bare: Vec<(Client, i64)> = flat
        .iter()
        .map(|(_, a)| (Client::at(&bare_base), *a))
        .collect();
    let (bare_flat, bare_wall) =
        paced_saves(&flat_bare, |_| bare_url.clone(), &questions, 10, 0.0).await;
    let app_rate = app_flat.ms.len() as f64 / app_wall.as_secs_f64();
    let bare_rate = bare_flat.ms.len() as f64 / bare_wall.as_secs_f64();
    app_flat.report("app save path, flat out", app_wall);
    bare_flat.report("bare upsert, flat out", bare_wall);
    let ratio = app_rate / bare_rate;
    println!("ratio app/bare throughput: {ratio:.2}");

    // Every attempt finalized exactly once by its deadline plus grace: the sweeper (every
    // 5 s) has had its turn for the browsers that never handed in.
    let grace = Duration::from_secs(60);
    tokio::time::sleep_until((last_deadline + grace + Duration::from_secs(12)).into()).await;
    let (finalized, once) = finalized_once(&url, sitting).await;
    println!(
        "deadline storm: {acknowledged} hand-ins acknowledged of {}; {finalized} of {started} attempts finalized, {once} exactly once",
        started - started / 10
    );
    println!(
        "RESULT backend={} candidates={candidates} started={started} start_p99_ms={start_p99:.1} login_p99_ms={login_p99:.1} begin_p99_ms={begin_p99:.1} saves_p99_ms={app_p99:.1} saves_shed={saves_shed} bare_p99_ms={bare_p99:.1} finalized={finalized} finalized_once={once} acknowledged={acknowledged} handin_p99_ms={handin_p99:.1} ratio={ratio:.2}",
        tests::backend()
    );
}

/// Of the sitting's attempts: how many are finalized, and how many of those exactly once:
/// finished at or before their deadline, marked, and finalized by the sweeper at most once
/// (its audit event; a hand-in leaves none, and a second finalization would leave another).
async fn finalized_once(url: &str, sitting: i64) -> (i64, i64) {
    sqlx::any::install_default_drivers();
    let pool = sqlx::any::AnyPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .expect("database");
    let count = |sql: String| {
        let pool = pool.clone();
        async move {
            let (n,): (i64,) = sqlx::query_as(&sql).fetch_one(&pool).await.expect("query");
            n
        }
    };
    let of_sitting =
        format!("a.candidate_id IN (SELECT id FROM candidates WHERE sitting_id = {sitting})");
    let finalized = count(format!(
        "SELECT COUNT(*) FROM attempts a WHERE {of_sitting} AND a.finished_at IS NOT NULL"
    ))
    .await;
    let once = count(format!(
        "SELECT COUNT(*) FROM attempts a WHERE {of_sitting} AND a.finished_at IS NOT NULL \
         AND a.finished_at <= a.deadline_at AND a.possible IS NOT NULL \
         AND (SELECT COUNT(*) FROM audit_events e WHERE e.action = 'attempt.finalize' \
              AND e.entity_id = CAST(a.id AS TEXT)) <= 1"
    ))
    .await;
    pool.close().await;
    (finalized, once)
}
