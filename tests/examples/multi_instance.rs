//! Several instances on one PostgreSQL, proven (issue 21 §4); run by `scripts/test.sh` through
//! `scripts/multi-instance.sh`. Two `renqian serve` processes share one fresh PostgreSQL
//! database behind HAProxy (round robin, health checks), which this check starts itself in
//! the foreground on a free port with a generated configuration. Staff set up a sitting
//! and candidates start through the balancer; candidates save answers through it while one
//! instance is killed with SIGKILL and later started again. It then asserts:
//! - both instances served saves before the kill, and candidates carried on through the
//!   other: every save the balancer acknowledged is in the database;
//! - with both instances up, each expired attempt is finalized by the deadline sweepers
//!   exactly once (one `attempt.finalize` audit event each; the instances' logs add up);
//! - the proctor console's event stream kept following: a stream served by the killed
//!   instance reconnects through the balancer and shows the sweepers' result, and each
//!   instance serves the proctor's session directly.
//!
//!     scripts/multi-instance.sh [candidates] [seconds]
//!
//! Needs `RENQIAN_TEST_BACKEND=postgres`, `RENQIAN_TEST_POSTGRES_URL`, `haproxy` on the PATH and
//! the debug `renqian` binary (`RENQIAN_BIN` names another). Exits non-zero on any failure,
//! printing the instances' and the balancer's logs.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use sqlx::any::AnyPoolOptions;
use tests::tools::{self, Killed};
use tests::{fixture, free_port, wait_healthy, Client};

/// The staff's and the proctor's password.
const SECRET: &str = "multi-instance-password-1";

/// The processes of the run and where their output goes.
struct Cluster {
    bin: String,
    url: String,
    logs: PathBuf,
    ports: [u16; 2],
    instances: [Option<Killed>; 2],
}

impl Cluster {
    fn log(&self, name: &str) -> std::fs::File {
        std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(self.logs.join(name))
            .expect("log file")
    }

    /// Starts instance `i` (0 = a, 1 = b) with a one-second sweeper and a one-second grace.
    fn start(&mut self, i: usize) {
        let log = self.log(&format!("instance-{}.log", ["a", "b"][i]));
        let child = tools::serve(&self.bin, &self.url, self.ports[i])
            .env("RENQIAN_SWEEP_SECONDS", "1")
            .env("RENQIAN_ANSWER_GRACE_SECONDS", "1")
            .env("RUST_LOG", "info,sqlx=warn")
            .env("NO_COLOR", "1")
            .stdout(log.try_clone().expect("log"))
            .stderr(log)
            .spawn()
            .expect("start renqian serve");
        self.instances[i] = Some(Killed(child));
    }

    fn base(&self, i: usize) -> String {
        format!("http://127.0.0.1:{}", self.ports[i])
    }

    /// Prints every log (on failure).
    fn dump_logs(&self) {
        let Ok(entries) = std::fs::read_dir(&self.logs) else {
            return;
        };
        for entry in entries.flatten() {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            let tail: Vec<&str> = text.lines().rev().take(60).collect();
            eprintln!(
                "----- {} (last {} lines)",
                entry.path().display(),
                tail.len()
            );
            for line in tail.iter().rev() {
                eprintln!("{line}");
            }
        }
    }
}

/// HAProxy in front of both instances: round robin, a health check every 300 ms, and a
/// connection refused by a dead instance tried again on the other (`redispatch`). Requests
/// in flight on a killed instance fail; the candidate's page tries them again, as here.
fn haproxy_config(listen: u16, stats: u16, a: u16, b: u16) -> String {
    format!(
        "global\n\
         \tmaxconn 2048\n\
         defaults\n\
         \tmode http\n\
         \ttimeout connect 1s\n\
         \ttimeout client 60s\n\
         \ttimeout server 60s\n\
         \toption redispatch\n\
         \tretries 2\n\
         frontend exam\n\
         \tbind 127.0.0.1:{listen}\n\
         \tdefault_backend renqian\n\
         backend renqian\n\
         \tbalance roundrobin\n\
         \toption httpchk GET /healthz\n\
         \tdefault-server inter 300ms fall 2 rise 2\n\
         \tserver a 127.0.0.1:{a} check\n\
         \tserver b 127.0.0.1:{b} check\n\
         frontend stats\n\
         \tbind 127.0.0.1:{stats}\n\
         \tstats enable\n\
         \tstats uri /stats\n"
    )
}

/// 2xx responses each instance has given through the balancer (HAProxy's CSV statistics).
async fn served(stats: u16) -> [u64; 2] {
    let csv = reqwest::get(format!("http://127.0.0.1:{stats}/stats;csv"))
        .await
        .expect("HAProxy statistics")
        .text()
        .await
        .expect("HAProxy statistics");
    let mut lines = csv.lines();
    let header: Vec<&str> = lines
        .next()
        .unwrap_or_default()
        .trim_start_matches("# ")
        .split(',')
        .collect();
    let column = |name: &str| header.iter().position(|h| *h == name).expect("column");
    let (px, sv, ok) = (column("pxname"), column("svname"), column("hrsp_2xx"));
    let mut out = [0; 2];
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f.get(px) == Some(&"renqian") {
            let n = f.get(ok).and_then(|v| v.parse().ok()).unwrap_or(0);
            match f.get(sv) {
                Some(&"a") => out[0] = n,
                Some(&"b") => out[1] = n,
                _ => {}
            }
        }
    }
    out
}

/// What a proctor's console stream showed, and when.
#[derive(Default)]
struct Following {
    /// (when, candidates answering or done, candidates finalized at the deadline)
    snapshots: Vec<(Instant, i64, usize)>,
    /// Snapshots the first stream (before any reconnect) delivered.
    first_stream: usize,
    /// Streams that ended or broke and were opened again.
    reconnects: u32,
}

/// The console snapshots complete in `buffer` (server-sent events), taken out of it.
fn snapshots(buffer: &mut String) -> Vec<Value> {
    let mut out = Vec::new();
    while let Some(end) = buffer.find("\n\n") {
        let event: String = buffer.drain(..end + 2).collect();
        out.extend(
            event
                .lines()
                .filter_map(|l| l.strip_prefix("data:"))
                .filter_map(|data| serde_json::from_str(data.trim()).ok()),
        );
    }
    out
}

/// Candidates a snapshot shows as handed in at the deadline (到时自动交卷).
fn timed_out(snapshot: &Value) -> usize {
    snapshot["candidates"].as_array().map_or(0, |rows| {
        rows.iter().filter(|r| r["status"] == "TimedOut").count()
    })
}

/// Follows the console's event stream like the browser's EventSource: first at `first`, and
/// after any break or end at `again` (the balancer).
fn follow(
    proctor: Client,
    first: String,
    again: String,
    path: String,
    stop: Arc<AtomicBool>,
    seen: Arc<Mutex<Following>>,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut base = first;
        while !stop.load(Ordering::Relaxed) {
            let response = proctor
                .http()
                .get(format!("{base}{path}"))
                .header("accept", "text/event-stream")
                .send()
                .await;
            if let Ok(mut response) = response.and_then(|r| r.error_for_status()) {
                let mut buffer = String::new();
                while let Ok(Some(chunk)) = response.chunk().await {
                    buffer.push_str(&String::from_utf8_lossy(&chunk));
                    for snapshot in snapshots(&mut buffer) {
                        let rows = snapshot["candidates"]
                            .as_array()
                            .cloned()
                            .unwrap_or_default();
                        let answered = rows
                            .iter()
                            .map(|r| r["answered"].as_i64().unwrap_or(0))
                            .sum();
                        let mut seen = seen.lock().expect("seen");
                        seen.snapshots
                            .push((Instant::now(), answered, timed_out(&snapshot)));
                        if seen.reconnects == 0 {
                            seen.first_stream += 1;
                        }
                    }
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                }
            }
            seen.lock().expect("seen").reconnects += 1;
            base = again.clone();
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
}

/// The first console snapshot an instance serves to the proctor's session, directly.
async fn console_at(proctor: &Client, base: &str, path: &str) -> Value {
    let mut response = proctor
        .http()
        .get(format!("{base}{path}"))
        .header("accept", "text/event-stream")
        .send()
        .await
        .and_then(|r| r.error_for_status())
        .expect("the console stream opens");
    let mut buffer = String::new();
    while let Ok(Some(chunk)) = response.chunk().await {
        buffer.push_str(&String::from_utf8_lossy(&chunk));
        if let Some(snapshot) = snapshots(&mut buffer).pop() {
            return snapshot;
        }
    }
    panic!("the console stream at {base} ended without a snapshot");
}

/// `text` without terminal colour codes.
fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// How many attempts each instance's sweeper says it finalized (from its log).
fn finalized_in(log: &Path) -> i64 {
    let text = plain(&std::fs::read_to_string(log).unwrap_or_default());
    text.lines()
        .filter(|l| l.contains("deadline sweeper finalized"))
        .filter_map(|l| {
            let at = l.find("finalized=")? + "finalized=".len();
            let digits: String = l[at..].chars().take_while(char::is_ascii_digit).collect();
            digits.parse::<i64>().ok()
        })
        .sum()
}

fn check(ok: bool, what: &str, failures: &mut Vec<String>) {
    println!("  [{}] {what}", if ok { "ok" } else { "FAILED" });
    if !ok {
        failures.push(what.to_owned());
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<u64> = tools::numbers();
    let (candidates, seconds) = (
        args.first().copied().unwrap_or(24) as usize,
        args.get(1).copied().unwrap_or(12).max(6),
    );
    assert_eq!(
        tests::backend(),
        "postgres",
        "set RENQIAN_TEST_BACKEND=postgres"
    );
    let began = Instant::now();
    let logs = std::env::temp_dir().join(format!("rq-multi-{}", std::process::id()));
    std::fs::create_dir_all(&logs).expect("log folder");
    let default_hook = std::panic::take_hook();
    let kept = logs.clone();
    std::panic::set_hook(Box::new(move |info| {
        default_hook(info);
        eprintln!("several instances: logs kept in {}", kept.display());
    }));

    // One fresh database, its accounts made with the CLI as an operator would.
    let url = tests::fresh_database_url().await;
    let bin = tools::binary("debug");
    tools::account(&bin, &url, "mi-staff", "staff", "MI", SECRET);
    tools::account(&bin, &url, "mi-proctor", "proctor", "MI", SECRET);

    let mut cluster = Cluster {
        bin,
        url: url.clone(),
        logs: logs.clone(),
        ports: [free_port(), free_port()],
        instances: [None, None],
    };
    cluster.start(0);
    cluster.start(1);
    let (listen, stats) = (free_port(), free_port());
    let config = logs.join("haproxy.cfg");
    std::fs::write(
        &config,
        haproxy_config(listen, stats, cluster.ports[0], cluster.ports[1]),
    )
    .expect("HAProxy configuration");
    let haproxy_log = cluster.log("haproxy.log");
    let balancer = Killed(
        Command::new("haproxy")
            .args(["-db", "-f"])
            .arg(&config)
            .stdin(Stdio::null())
            .stdout(haproxy_log.try_clone().expect("log"))
            .stderr(haproxy_log)
            .spawn()
            .expect("start haproxy (scripts/setup.sh installs it)"),
    );
    let lb = format!("http://127.0.0.1:{listen}");
    wait_healthy(&cluster.base(0)).await;
    wait_healthy(&cluster.base(1)).await;
    wait_healthy(&lb).await;

    let outcome = run(&mut cluster, &lb, stats, candidates, seconds).await;
    let failures = match outcome {
        Ok(failures) => failures,
        Err(panic) => vec![format!("the check stopped: {panic}")],
    };
    println!("time: {:.1} s", began.elapsed().as_secs_f64());
    if !failures.is_empty() {
        cluster.dump_logs();
    }
    drop(cluster);
    drop(balancer);
    drop_database(&url).await;
    let _ = std::fs::remove_dir_all(&logs);
    if !failures.is_empty() {
        eprintln!("several instances: FAILED: {}", failures.join("; "));
        std::process::exit(1);
    }
    println!("several instances: all checks passed");
}

/// The run proper. A request that must not fail panics (the logs then stay in their folder,
/// named by the panic hook); the checks' failures are returned.
async fn run(
    cluster: &mut Cluster,
    lb: &str,
    stats: u16,
    candidates: usize,
    seconds: u64,
) -> Result<Vec<String>, String> {
    let mut failures = Vec::new();
    // Setting up through the balancer: each request may land on either instance.
    let staff = Client::at(lb);
    let login = staff.login("mi-staff", SECRET).await;
    if login.status != 200 {
        return Err(format!("staff login: {} {}", login.status, login.body));
    }
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting_with(&staff, &questions, &[("duration_minutes", "120")]).await;
    let tickets = tools::enrol_roster(&staff, sitting, candidates).await;
    let mut sheets = Vec::new();
    for (ticket, code) in &tickets {
        sheets.push(tools::start_exam(lb, ticket, code).await);
    }
    let proctor = Client::at(lb);
    let login = proctor.login("mi-proctor", SECRET).await;
    if login.status != 200 {
        return Err(format!("proctor login: {} {}", login.status, login.body));
    }
    println!(
        "several instances on one PostgreSQL behind HAProxy: instances on :{} and :{}, balancer on {lb}",
        cluster.ports[0], cluster.ports[1]
    );
    println!(
        "{candidates} candidates started through the balancer; saving for {seconds} s, instance a killed (SIGKILL) at {} s",
        seconds / 3
    );

    // The proctor's console: one stream served by instance a (the one to be killed), one
    // through the balancer; both reconnect through the balancer.
    let path = app::sittings::feed::events_path(sitting);
    let stop_following = Arc::new(AtomicBool::new(false));
    let on_a = Arc::new(Mutex::new(Following::default()));
    let via_lb = Arc::new(Mutex::new(Following::default()));
    let followers = [
        follow(
            proctor.clone(),
            cluster.base(0),
            lb.to_owned(),
            path.clone(),
            stop_following.clone(),
            on_a.clone(),
        ),
        follow(
            proctor.clone(),
            lb.to_owned(),
            lb.to_owned(),
            path.clone(),
            stop_following.clone(),
            via_lb.clone(),
        ),
    ];

    // Candidates save through the balancer; a failed save is tried again (the exam page
    // keeps unsaved answers and sends them again), and only a 200 counts as acknowledged.
    let ledger: Arc<Mutex<tools::Ledger>> = Arc::default();
    let failed_at: Arc<Mutex<Vec<Instant>>> = Arc::default();
    let acknowledged = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let mut savers = Vec::new();
    for (n, (client, attempt)) in sheets.iter().enumerate() {
        let (client, attempt, questions, lb) =
            (client.clone(), *attempt, questions.clone(), lb.to_owned());
        let (ledger, failed_at, acknowledged, stop) = (
            ledger.clone(),
            failed_at.clone(),
            acknowledged.clone(),
            stop.clone(),
        );
        savers.push(tokio::spawn(async move {
            let mut seq = n as i64; // spreads the questions over the candidates
            while !stop.load(Ordering::Relaxed) {
                seq += 1;
                let (question, answer) = tools::fixture_answer(&questions, seq);
                loop {
                    let body = json!({ "attempt_id": attempt, "question_id": question, "answer": answer, "seq": seq });
                    let reply = client
                        .http()
                        .post(format!("{lb}/api/exam/save"))
                        .json(&body)
                        .timeout(Duration::from_secs(5))
                        .send()
                        .await;
                    if reply.is_ok_and(|r| r.status().is_success()) {
                        acknowledged.fetch_add(1, Ordering::Relaxed);
                        ledger
                            .lock()
                            .expect("ledger")
                            .insert((attempt, question), (seq, answer.clone()));
                        break;
                    }
                    failed_at.lock().expect("failures").push(Instant::now());
                    if stop.load(Ordering::Relaxed) {
                        return;
                    }
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }));
    }

    let saving = Instant::now();
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    let killed_at = Instant::now();
    if let Some(mut a) = cluster.instances[0].take() {
        a.0.kill().map_err(|e| format!("SIGKILL: {e}"))?;
        let _ = a.0.wait();
    }
    // A dead instance answers nothing more: what it served is all it served before the kill.
    let before_kill = served(stats).await;
    let acked_before_kill = acknowledged.load(Ordering::Relaxed);
    tokio::time::sleep(Duration::from_secs(seconds / 3)).await;
    let after_kill = served(stats).await;
    let acked_while_down = acknowledged.load(Ordering::Relaxed) - acked_before_kill;
    // Instance a comes back (as systemd would restart it) and takes its share again.
    cluster.start(0);
    wait_healthy(&cluster.base(0)).await;
    tokio::time::sleep(Duration::from_secs(seconds - 2 * (seconds / 3))).await;
    stop.store(true, Ordering::Relaxed);
    for s in savers {
        let _ = s.await;
    }
    let saved_for = saving.elapsed();
    let after_restart = served(stats).await;
    let failures_seen = failed_at.lock().expect("failures").clone();
    let gap = failures_seen
        .iter()
        .filter(|t| **t >= killed_at)
        .max()
        .map_or(Duration::ZERO, |last| *last - killed_at);

    // Every acknowledged save is in the database: that answer at that sequence, or a later one.
    let ledger = ledger.lock().expect("ledger").clone();
    let kept = tools::kept_saves(&cluster.url, &ledger).await;
    let pool = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&cluster.url)
        .await
        .map_err(|e| e.to_string())?;
    let acknowledged = acknowledged.load(Ordering::Relaxed);
    println!(
        "saves: {acknowledged} acknowledged in {:.1} s ({acked_while_down} while instance a was down), {} failed and tried again; latest acknowledged answers: {} checked, {kept} kept",
        saved_for.as_secs_f64(),
        failures_seen.len(),
        ledger.len()
    );
    println!(
        "responses through the balancer (a, b): before the kill {before_kill:?}, while a was down {:?}, after a restarted {:?}",
        [after_kill[0] - before_kill[0], after_kill[1] - before_kill[1]],
        [after_restart[0] - after_kill[0], after_restart[1] - after_kill[1]],
    );
    println!(
        "failover gap: {} ms from the SIGKILL to the last failed save",
        gap.as_millis()
    );
    check(
        before_kill[0] > 0 && before_kill[1] > 0,
        "both instances served through the balancer before the kill",
        &mut failures,
    );
    check(
        acked_while_down > 0 && after_kill[0] == before_kill[0],
        "candidates carried on through instance b alone while a was down",
        &mut failures,
    );
    check(
        after_restart[0] > after_kill[0],
        "the restarted instance a took its share again",
        &mut failures,
    );
    check(
        kept == ledger.len() && !ledger.is_empty(),
        "every acknowledged answer is in the database",
        &mut failures,
    );

    // Every attempt's time runs out at once (the clock hand moved in the database), with
    // both instances' sweepers running: each attempt is finalized exactly once.
    let expired_at = app::state::now_ms() - 5_000;
    sqlx::query("UPDATE attempts SET deadline_at = $1 WHERE finished_at IS NULL")
        .bind(expired_at)
        .execute(&pool)
        .await
        .map_err(|e| e.to_string())?;
    let sweep_began = Instant::now();
    let mut open = i64::MAX;
    while open > 0 && sweep_began.elapsed() < Duration::from_secs(20) {
        tokio::time::sleep(Duration::from_millis(250)).await;
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM attempts WHERE finished_at IS NULL")
                .fetch_one(&pool)
                .await
                .map_err(|e| e.to_string())?;
        open = n;
    }
    let per_attempt: Vec<(String, i64)> = sqlx::query_as(
        "SELECT entity_id, COUNT(*) FROM audit_events WHERE action = 'attempt.finalize' GROUP BY entity_id",
    )
    .fetch_all(&pool)
    .await
    .map_err(|e| e.to_string())?;
    let (deadline_finishes,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM attempts WHERE finish_reason = 'deadline'")
            .fetch_one(&pool)
            .await
            .map_err(|e| e.to_string())?;
    pool.close().await;
    let by_a = finalized_in(&cluster.logs.join("instance-a.log"));
    let by_b = finalized_in(&cluster.logs.join("instance-b.log"));
    println!(
        "deadline: {} attempts finalized in {:.1} s (instance a's sweeper {by_a}, b's {by_b}); audit events per attempt: {:?}",
        deadline_finishes,
        sweep_began.elapsed().as_secs_f64(),
        {
            let mut counts: Vec<i64> = per_attempt.iter().map(|(_, n)| *n).collect();
            counts.sort();
            counts.dedup();
            counts
        }
    );
    check(
        open == 0 && deadline_finishes == candidates as i64,
        "every expired attempt was finalized at its deadline",
        &mut failures,
    );
    check(
        per_attempt.len() == candidates && per_attempt.iter().all(|(_, n)| *n == 1),
        "each attempt was finalized exactly once (one attempt.finalize event each)",
        &mut failures,
    );
    check(
        by_a + by_b == candidates as i64,
        "the two sweepers' logged finalizations add up to the attempts, none twice",
        &mut failures,
    );

    // The proctor's console followed it all: the stream on instance a broke at the kill and
    // carried on through the balancer; both streams show every attempt finalized.
    let wait_for_console = Instant::now();
    let everyone_out = |seen: &Arc<Mutex<Following>>| {
        seen.lock()
            .expect("seen")
            .snapshots
            .last()
            .is_some_and(|(_, _, out)| *out == candidates)
    };
    while !(everyone_out(&on_a) && everyone_out(&via_lb))
        && wait_for_console.elapsed() < Duration::from_secs(15)
    {
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    stop_following.store(true, Ordering::Relaxed);
    for f in followers {
        f.abort();
    }
    let (a_first, a_reconnects, a_after_kill, a_max_answered) = {
        let seen = on_a.lock().expect("seen");
        (
            seen.first_stream,
            seen.reconnects,
            seen.snapshots
                .iter()
                .filter(|(t, _, _)| *t > killed_at)
                .count(),
            seen.snapshots.iter().map(|(_, n, _)| *n).max().unwrap_or(0),
        )
    };
    let lb_snapshots = via_lb.lock().expect("seen").snapshots.len();
    println!(
        "proctor console: the stream on instance a delivered {a_first} snapshots, reconnected {a_reconnects} times and received {a_after_kill} snapshots after the kill (answers shown up to {a_max_answered}); the stream through the balancer received {lb_snapshots}"
    );
    check(
        a_first > 0 && a_reconnects >= 1 && a_after_kill > 0,
        "the console stream served by the killed instance carried on through the balancer",
        &mut failures,
    );
    check(
        everyone_out(&on_a) && everyone_out(&via_lb),
        "both console streams show every attempt finalized",
        &mut failures,
    );
    let mut each = Vec::new();
    for i in 0..2 {
        each.push(timed_out(
            &console_at(&proctor, &cluster.base(i), &path).await,
        ));
    }
    check(
        each == [candidates, candidates],
        "each instance serves the proctor's session the same console",
        &mut failures,
    );
    println!(
        "figures: {candidates} candidates, {acknowledged} saves acknowledged, {kept} of {} latest answers kept, failover gap {} ms",
        ledger.len(),
        gap.as_millis()
    );
    Ok(failures)
}

/// Drops the run's database (every connection to it is closed by now).
async fn drop_database(url: &str) {
    let Some((admin, name)) = url.rsplit_once('/') else {
        return;
    };
    let admin_url =
        std::env::var("RENQIAN_TEST_POSTGRES_URL").unwrap_or_else(|_| format!("{admin}/postgres"));
    if let Ok(pool) = AnyPoolOptions::new()
        .max_connections(1)
        .connect(&admin_url)
        .await
    {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS \"{name}\""))
            .execute(&pool)
            .await;
        pool.close().await;
    }
}
