//! Fault test (a tool, not part of the suite): candidates save answers as fast as they can
//! while the server, a separate `renqian` process, is killed with SIGKILL every few seconds
//! and started again; afterwards every save the server acknowledged must be in the
//! database (a ledger of acknowledged saves is compared with it).
//!
//!     cargo build -p server --bin renqian
//!     RENQIAN_TEST_BACKEND=sqlite cargo run -p tests --example fault -- [candidates] [seconds] [kill-every-seconds]
//!
//! (`RENQIAN_TEST_BACKEND=postgres` with `RENQIAN_TEST_POSTGRES_URL` for PostgreSQL;
//! `RENQIAN_BIN` names another binary.) Exits non-zero if any acknowledged save is missing.

use std::process::Child;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::auth::Role;
use rand::Rng;
use serde_json::{json, Value};
use tests::{fixture, free_port, tools, wait_healthy, TestApp};

type Ledger = Arc<Mutex<tools::Ledger>>;

fn spawn_server(bin: &str, url: &str, port: u16) -> Child {
    tools::serve(bin, url, port)
        .env("RENQIAN_SWEEP_SECONDS", "1")
        .spawn()
        .expect("start the renqian binary (cargo build -p server --bin renqian)")
}

fn random_answer(kind: &str, rng: &mut impl Rng) -> Value {
    match kind {
        "true_false" => json!({ "judgement": rng.random_bool(0.5) }),
        "multiple_choice" => {
            let mut set: Vec<u8> = (0..3).filter(|_| rng.random_bool(0.5)).collect();
            if set.is_empty() {
                set.push(0);
            }
            json!({ "choices": set })
        }
        _ => json!({ "choices": [rng.random_range(0..3u8)] }),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<u64> = tools::numbers();
    let (candidates, seconds, kill_every) = (
        args.first().copied().unwrap_or(40),
        args.get(1).copied().unwrap_or(30),
        args.get(2).copied().unwrap_or(5),
    );
    let bin = tools::binary("debug");

    // Set up with the embedded server: a sitting, candidates logged in and started.
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let kinds = ["single_choice", "multiple_choice", "true_false"];
    let sitting = fixture::sitting_with(&staff, &questions, &[("duration_minutes", "120")]).await;
    let mut sheets = Vec::new();
    for n in 0..candidates {
        sheets.push(fixture::nth_started(&app, &staff, sitting, n as usize).await);
    }
    let url = app.shut_down().await;

    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let child = Arc::new(Mutex::new(spawn_server(&bin, &url, port)));
    wait_healthy(&base).await;

    let ledger: Ledger = Arc::default();
    let stats = Arc::new(Mutex::new((0u64, 0u64))); // (acknowledged, failed)
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (candidate, attempt) in sheets {
        let (ledger, stats) = (ledger.clone(), stats.clone());
        let (base, questions) = (base.clone(), questions.clone());
        tasks.push(tokio::spawn(async move {
            let mut seq = 0;
            while Instant::now() < deadline {
                let (question, answer) = {
                    let mut rng = rand::rng();
                    let i = rng.random_range(0..questions.len());
                    (questions[i], random_answer(kinds[i], &mut rng))
                };
                seq += 1;
                // While the server is down the request fails: not acknowledged, not counted.
                let reply = candidate
                    .http()
                    .post(format!("{base}/api/exam/save"))
                    .header("origin", &base)
                    .json(&json!({ "attempt_id": attempt, "question_id": question, "answer": answer, "seq": seq }))
                    .timeout(Duration::from_secs(5))
                    .send()
                    .await;
                if reply.is_ok_and(|r| r.status().is_success()) {
                    stats.lock().expect("stats").0 += 1;
                    ledger.lock().expect("ledger").insert((attempt, question), (seq, answer));
                } else {
                    stats.lock().expect("stats").1 += 1;
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
            }
        }));
    }

    // The killer: SIGKILL, restart on the same port, again and again.
    let mut kills = 0;
    while Instant::now() + Duration::from_secs(kill_every) < deadline {
        tokio::time::sleep(Duration::from_secs(kill_every)).await;
        {
            let mut running = child.lock().expect("child");
            running.kill().expect("SIGKILL");
            let _ = running.wait();
            *running = spawn_server(&bin, &url, port);
        }
        kills += 1;
        wait_healthy(&base).await;
    }
    for task in tasks {
        let _ = task.await;
    }
    {
        let mut running = child.lock().expect("child");
        let _ = running.kill();
        let _ = running.wait();
    }

    // Every acknowledged save must be there: the same answer at the acknowledged sequence,
    // or a later one.
    let ledger = ledger.lock().expect("ledger").clone();
    let missing = ledger.len() - tools::kept_saves(&url, &ledger).await;
    let (acknowledged, failed) = *stats.lock().expect("stats");
    println!(
        "backend {}: {candidates} candidates, {seconds} s, {kills} SIGKILLs; {acknowledged} saves acknowledged, {failed} refused or unanswered (while down); {} latest acknowledged answers checked, {missing} missing",
        tests::backend(),
        ledger.len()
    );
    if missing > 0 || kills == 0 {
        std::process::exit(1);
    }
}
