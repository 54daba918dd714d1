//! Candidates' save latency with and without a backup running (issue 21 §2; a benchmark, not
//! part of the suite). Against a separate `renqian` process on a fresh database (the suite's
//! backend): N candidates each save an answer every `think` seconds for T seconds; then the
//! same again while the city administrator downloads fresh backups back to back (the
//! server's own backup path, the one the daily job takes). Prints a table of p50/p95/p99.
//!
//!     scripts/bench-backup.sh [candidates] [seconds] [think] [sqlite|postgres]
//!
//! The database holds the seed bank (651 questions) and the candidates' answers: a small
//! database (an archive of about 0.2 MB), so this measures the cost of a backup's snapshot and
//! copy, not of a large file. `RENQIAN_BIN` names another binary (default: the debug
//! build; `RENQIAN_BIN=$CARGO_TARGET_DIR/release/renqian` after `scripts/build.sh --release`).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tests::tools::{self, paced_saves, Killed, Phase};
use tests::{fixture, free_port, wait_healthy, Client};

/// Backups taken meanwhile: how many, their durations (ms), the last one's size.
#[derive(Default)]
struct Backups {
    ms: Vec<f64>,
    bytes: usize,
    failed: usize,
}

/// Downloads backups back to back until `stop`.
async fn backups_in_a_loop(admin: Client, base: String, stop: Arc<AtomicBool>) -> Backups {
    let mut done = Backups::default();
    while !stop.load(Ordering::Relaxed) {
        let began = Instant::now();
        let reply = admin
            .http()
            .post(format!("{base}{}", app::admin::backups::DOWNLOAD_PATH))
            .form(&[("reason", "备份压测 benchmark")])
            .send()
            .await;
        match reply {
            Ok(r) if r.status().is_success() => match r.bytes().await {
                Ok(body) => {
                    done.ms.push(began.elapsed().as_secs_f64() * 1000.0);
                    done.bytes = body.len();
                }
                Err(_) => done.failed += 1,
            },
            _ => done.failed += 1,
        }
    }
    done
}

fn row(name: &str, mut phase: Phase, wall: Duration) -> String {
    let (p50, p95, p99, max) = phase.quantiles();
    format!(
        "| {name:<24} | {:>6} | {:>6} | {:>7.0} | {p50:>8.1} | {p95:>8.1} | {p99:>8.1} | {max:>8.1} |",
        phase.ms.len(),
        phase.failed,
        phase.ms.len() as f64 / wall.as_secs_f64()
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let nums: Vec<f64> = tools::numbers();
    let candidates = nums.first().copied().unwrap_or(100.0) as usize;
    let seconds = nums.get(1).copied().unwrap_or(20.0) as u64;
    let think = nums.get(2).copied().unwrap_or(1.0);
    let bin = tools::binary("debug");

    let url = tests::fresh_database_url().await;
    let secret = "bench-backup-password-1";
    tools::account(&bin, &url, "bench-admin", "admin", "BK", secret);
    let seeded = std::process::Command::new(&bin)
        .args(["seed-bank", "--jurisdiction-code", "BK"])
        .env("DATABASE_URL", &url)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("seed-bank");
    assert!(seeded.success(), "seed-bank");
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let _server = Killed(tools::serve(&bin, &url, port).spawn().expect("serve"));
    wait_healthy(&base).await;

    let admin = Client::at(&base);
    let login = admin.login("bench-admin", secret).await;
    assert_eq!(login.status, 200, "login: {}", login.body);
    let questions = fixture::questions(&admin).await;
    let sitting = fixture::sitting_with(&admin, &questions, &[("duration_minutes", "120")]).await;
    let tickets = tools::enrol_roster(&admin, sitting, candidates).await;
    let mut sheets = Vec::new();
    for (ticket, code) in &tickets {
        sheets.push(tools::start_exam(&base, ticket, code).await);
    }
    let save_url = format!("{base}/api/exam/save");
    // Warm up (connections, caches), not measured.
    paced_saves(&sheets, |_| save_url.clone(), &questions, 3, think).await;

    let (quiet, quiet_wall) =
        paced_saves(&sheets, |_| save_url.clone(), &questions, seconds, think).await;
    let stop = Arc::new(AtomicBool::new(false));
    let looping = tokio::spawn(backups_in_a_loop(admin.clone(), base.clone(), stop.clone()));
    let (busy, busy_wall) =
        paced_saves(&sheets, |_| save_url.clone(), &questions, seconds, think).await;
    stop.store(true, Ordering::Relaxed);
    let backups = looping.await.expect("backup loop");

    println!(
        "\nbackend {}, {candidates} candidates each saving every {think} s, {seconds} s a phase, binary {bin}",
        tests::backend()
    );
    println!("| phase                    |  saves | failed | saves/s | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |");
    println!("|--------------------------|--------|--------|---------|----------|----------|----------|----------|");
    println!("{}", row("no backup", quiet, quiet_wall));
    println!("{}", row("backups back to back", busy, busy_wall));
    let mean = backups.ms.iter().sum::<f64>() / backups.ms.len().max(1) as f64;
    println!(
        "\n{} backups taken during the second phase ({} failed), {mean:.0} ms each on average, {:.1} MB each",
        backups.ms.len(),
        backups.failed,
        backups.bytes as f64 / 1_048_576.0
    );
}
