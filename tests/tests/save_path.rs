//! The candidate's writes under concurrency (saves; logins and starts): sent together while
//! the database's writes are held (SQLite's write lock, or every attempt's row lock on
//! PostgreSQL), then released at once. On SQLite they meet in the writer's queue and are
//! committed in one transaction; on PostgreSQL they race for the rows. The assertions hold
//! however the writes were grouped: holding them only makes it likely that they are
//! written together.

use std::time::Duration;

use serde_json::{json, Value};
use sqlx::{Any, AnyPool, Transaction};
use tests::fixture::{self, OpenSitting};
use tests::{backend, Client, Reply, TestApp};

/// The database's writes, held by a connection of the test's own.
struct Held {
    tx: Transaction<'static, Any>,
    pool: AnyPool,
}

impl Held {
    /// Takes SQLite's write lock, or locks every attempt's row on PostgreSQL.
    async fn take(app: &TestApp) -> Self {
        let pool = tests::one_connection(&app.url).await;
        let tx = if backend() == "postgres" {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query("SELECT id FROM attempts FOR UPDATE")
                .execute(&mut *tx)
                .await
                .expect("lock the attempts");
            tx
        } else {
            sqlx::query("PRAGMA busy_timeout = 10000")
                .execute(&pool)
                .await
                .expect("busy timeout");
            pool.begin_with("BEGIN IMMEDIATE")
                .await
                .expect("the write lock")
        };
        Self { tx, pool }
    }

    /// Lets the held writes go, once the requests sent meanwhile have had time to arrive
    /// (the wait only makes batching likely; no assertion depends on it).
    async fn release(self) {
        tokio::time::sleep(Duration::from_millis(500)).await;
        self.tx.commit().await.expect("release");
        self.pool.close().await;
    }
}

/// Sends a save on its own task; the handle gives its reply.
fn send_save(
    candidate: &Client,
    attempt: i64,
    question: i64,
    answer: Value,
    seq: i64,
) -> tokio::task::JoinHandle<Reply> {
    let candidate = candidate.clone();
    tokio::spawn(async move { fixture::save(&candidate, attempt, question, answer, seq).await })
}

async fn reply(handle: tokio::task::JoinHandle<Reply>) -> Reply {
    handle.await.expect("task")
}

/// `n` candidates of one sitting, each logged in and started: (client, attempt).
async fn started(app: &TestApp, setup: &OpenSitting, n: u32) -> Vec<(Client, i64)> {
    let mut sheets = Vec::new();
    for k in 0..n {
        let (ticket, code) = fixture::enrol(
            &setup.staff,
            setup.sitting,
            &format!("考生{k}"),
            &fixture::id_card(900 + k),
        )
        .await;
        sheets.push(fixture::candidate_started(app, &ticket, &code).await);
    }
    sheets
}

/// The candidate's saved answers and last sequence number, as the exam page loads them.
async fn sheet(candidate: &Client) -> (Vec<(i64, Value)>, i64) {
    let state = candidate.form("/api/exam/state", &[]).await.ok();
    let paper = &state["phase"]["InProgress"];
    let mut answers: Vec<(i64, Value)> = paper["answers"]
        .as_array()
        .expect("answers")
        .iter()
        .map(|a| (a["question_id"].as_i64().unwrap_or(0), a["answer"].clone()))
        .collect();
    answers.sort_by_key(|(q, _)| *q);
    (answers, paper["last_seq"].as_i64().expect("last_seq"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_saves_sent_together_from_different_candidates_all_land() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let sheets = started(&app, &setup, 8).await;
    let answers = [
        json!({ "choices": [0] }),
        json!({ "choices": [0, 1] }),
        json!({ "judgement": false }),
    ];

    let held = Held::take(&app).await;
    let mut sent = Vec::new();
    for (candidate, attempt) in &sheets {
        for (i, answer) in answers.iter().enumerate() {
            sent.push(send_save(
                candidate,
                *attempt,
                q[i],
                answer.clone(),
                i as i64 + 1,
            ));
        }
    }
    held.release().await;
    for handle in sent {
        let ack = reply(handle).await.ok();
        assert_eq!(ack["applied"], json!(true), "{ack}");
    }

    let mut expected: Vec<(i64, Value)> = q.iter().copied().zip(answers).collect();
    expected.sort_by_key(|(q, _)| *q);
    for (candidate, _) in &sheets {
        assert_eq!(sheet(candidate).await, (expected.clone(), 3));
    }
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM answers").await, 8 * 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_save_written_with_a_newer_one_is_refused_and_the_newer_is_kept() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let sheets = started(&app, &setup, 2).await;
    let ((a, a_attempt), (b, b_attempt)) = (&sheets[0], &sheets[1]);
    let first = fixture::save(a, *a_attempt, q[0], json!({ "choices": [1] }), 5)
        .await
        .ok();
    assert_eq!(first["applied"], json!(true));

    let held = Held::take(&app).await;
    let stale = send_save(a, *a_attempt, q[0], json!({ "choices": [2] }), 3);
    let newer = send_save(a, *a_attempt, q[0], json!({ "choices": [0] }), 7);
    let neighbour = send_save(b, *b_attempt, q[0], json!({ "choices": [2] }), 1);
    held.release().await;

    let stale = reply(stale).await.ok();
    assert_eq!(stale["applied"], json!(false), "{stale}");
    assert_eq!(stale["seq"], json!(3));
    assert_eq!(reply(newer).await.ok()["applied"], json!(true));
    assert_eq!(reply(neighbour).await.ok()["applied"], json!(true));
    assert_eq!(
        sheet(a).await,
        (vec![(q[0], json!({ "choices": [0] }))], 7),
        "the newer answer and sequence are kept"
    );
    assert_eq!(sheet(b).await, (vec![(q[0], json!({ "choices": [2] }))], 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_to_a_handed_in_paper_is_refused_while_the_saves_beside_it_land() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let sheets = started(&app, &setup, 3).await;
    let (done, done_attempt) = &sheets[0];
    fixture::submit(done, *done_attempt).await.ok();

    let held = Held::take(&app).await;
    let late = send_save(done, *done_attempt, q[0], json!({ "choices": [0] }), 1);
    let others: Vec<_> = sheets[1..]
        .iter()
        .map(|(c, a)| send_save(c, *a, q[0], json!({ "choices": [0] }), 1))
        .collect();
    held.release().await;

    let late = reply(late).await;
    assert_eq!(late.status, 409, "{}", late.body);
    assert!(late.body.contains("答卷已提交"), "{}", late.body);
    for handle in others {
        assert_eq!(reply(handle).await.ok()["applied"], json!(true));
    }
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM answers WHERE attempt_id = {done_attempt}"
        ))
        .await,
        0
    );
    for (candidate, _) in &sheets[1..] {
        assert_eq!(
            sheet(candidate).await.0,
            vec![(q[0], json!({ "choices": [0] }))]
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn saves_that_fail_do_not_fail_the_saves_written_with_them() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let sheets = started(&app, &setup, 2).await;
    let ((a, a_attempt), (b, b_attempt)) = (&sheets[0], &sheets[1]);

    let held = Held::take(&app).await;
    // Refused: two choices on a single-choice question, a question not on the paper,
    // another candidate's attempt.
    let misfit = send_save(a, *a_attempt, q[0], json!({ "choices": [0, 1] }), 1);
    let off_paper = send_save(a, *a_attempt, q[2] + 1000, json!({ "choices": [0] }), 2);
    let not_theirs = send_save(a, *b_attempt, q[1], json!({ "choices": [0] }), 3);
    // Good, beside them.
    let a_good = send_save(a, *a_attempt, q[2], json!({ "judgement": true }), 4);
    let b_good = send_save(b, *b_attempt, q[1], json!({ "choices": [1, 2] }), 1);
    held.release().await;

    assert_eq!(reply(misfit).await.status, 422);
    assert_eq!(reply(off_paper).await.status, 404);
    assert_eq!(reply(not_theirs).await.status, 404);
    assert_eq!(reply(a_good).await.ok()["applied"], json!(true));
    assert_eq!(reply(b_good).await.ok()["applied"], json!(true));
    assert_eq!(
        sheet(a).await,
        (vec![(q[2], json!({ "judgement": true }))], 4)
    );
    assert_eq!(
        sheet(b).await,
        (vec![(q[1], json!({ "choices": [1, 2] }))], 1),
        "nothing of the other candidate's refused save reached this paper"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_save_from_a_session_a_later_login_ended_is_refused_and_the_new_one_saves() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let (ticket, code) =
        fixture::enrol(&setup.staff, setup.sitting, "王建国", "11010519491231002X").await;
    let (first, attempt) = fixture::candidate_started(&app, &ticket, &code).await;
    // The proctor re-issues a code for another PC; logging in with it ends the first session.
    let detail = fixture::sitting_detail(&setup.staff, setup.sitting).await;
    let candidate_id = detail["candidates"][0]["id"].as_i64().expect("id");
    let reissued = fixture::reissue_code(&setup.staff, candidate_id, "换用备用电脑")
        .await
        .ok();
    let new_code = reissued["access_code"].as_str().expect("code");
    let second = fixture::candidate_login(&app, &ticket, new_code).await;

    let held = Held::take(&app).await;
    let old = send_save(&first, attempt, q[0], json!({ "choices": [1] }), 1);
    let new = send_save(&second, attempt, q[0], json!({ "choices": [0] }), 2);
    held.release().await;

    let old = reply(old).await;
    assert_eq!(old.status, 409, "{}", old.body);
    assert!(old.body.contains("另一台电脑"), "{}", old.body);
    assert_eq!(reply(new).await.ok()["applied"], json!(true));
    assert_eq!(
        sheet(&second).await,
        (vec![(q[0], json!({ "choices": [0] }))], 2)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_save_acknowledged_while_the_paper_is_handed_in_is_marked() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let sheets = started(&app, &setup, 1).await;
    let (candidate, attempt) = &sheets[0];
    // Every answer right: 10 points each.
    let right = [
        json!({ "choices": [0] }),
        json!({ "choices": [0, 1] }),
        json!({ "judgement": false }),
    ];

    let held = Held::take(&app).await;
    let saves: Vec<_> = right
        .iter()
        .enumerate()
        .map(|(i, answer)| send_save(candidate, *attempt, q[i], answer.clone(), i as i64 + 1))
        .collect();
    let hand_in = {
        let candidate = candidate.clone();
        let attempt = *attempt;
        tokio::spawn(async move { fixture::submit(&candidate, attempt).await })
    };
    held.release().await;

    let mut acknowledged = 0;
    for handle in saves {
        let r = reply(handle).await;
        match r.status {
            200 => {
                assert_eq!(r.json()["applied"], json!(true), "{}", r.body);
                acknowledged += 1;
            }
            409 => assert!(r.body.contains("答卷已提交"), "{}", r.body),
            other => panic!("save answered {other}: {}", r.body),
        }
    }
    hand_in.await.expect("task").ok();
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT COUNT(*) FROM answers WHERE attempt_id = {attempt}"
        ))
        .await,
        acknowledged,
        "every acknowledged save is stored, no refused one is"
    );
    assert_eq!(
        app.sql_i64(&format!(
            "SELECT score FROM attempts WHERE id = {attempt} AND finished_at IS NOT NULL"
        ))
        .await,
        10 * acknowledged,
        "every acknowledged save was marked"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logins_and_starts_sent_together_each_get_their_own_paper_and_a_wrong_code_fails_alone() {
    let app = TestApp::spawn().await;
    let setup = fixture::open_sitting(&app).await;
    let q = &setup.questions;
    let mut enrolled = Vec::new();
    for k in 0..10 {
        let id_card = fixture::id_card(700 + k);
        let (ticket, code) =
            fixture::enrol(&setup.staff, setup.sitting, &format!("考生{k}"), &id_card).await;
        enrolled.push((ticket, code));
    }

    // Every login sent while the writes are held (SQLite's write lock: the logins meet in
    // the writer's queue), each starting its paper as soon as it is let in; two of them with
    // a wrong code (the seventh by its ticket, the eighth by the right ticket's neighbour's
    // code), and one with its own code but typed in lower case with spaces.
    let held = Held::take(&app).await;
    let mut sent = Vec::new();
    for (k, (ticket, code)) in enrolled.iter().enumerate() {
        let typed = match k {
            6 => "WRONG-CODE".to_owned(),
            7 => enrolled[8].1.clone(),
            9 => format!(" {} ", code.to_lowercase()),
            _ => code.clone(),
        };
        let (client, ticket) = (app.client(), ticket.clone());
        sent.push(tokio::spawn(async move {
            let login = client
                .candidate_login(ticket.as_str(), typed.as_str())
                .await;
            if login.status != 200 {
                return (login.status, None);
            }
            let state = client.form("/api/exam/start", &[]).await.ok();
            let attempt = state["phase"]["InProgress"]["attempt_id"].as_i64();
            (login.status, attempt.map(|a| (client, a)))
        }));
    }
    held.release().await;
    let mut attempts = Vec::new();
    for (k, handle) in sent.into_iter().enumerate() {
        let (status, started) = handle.await.expect("task");
        if k == 6 || k == 7 {
            assert_eq!((status, started.is_none()), (422, true), "candidate {k}");
        } else {
            assert_eq!(status, 200, "candidate {k}");
            attempts.push(started.expect("a paper started"));
        }
    }

    // Eight papers, one each, every one answerable; two failures recorded, eight successes.
    let mut ids: Vec<i64> = attempts.iter().map(|(_, a)| *a).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 8);
    for (candidate, attempt) in &attempts {
        let ack = fixture::save(candidate, *attempt, q[0], json!({ "choices": [0] }), 1)
            .await
            .ok();
        assert_eq!(ack["applied"], json!(true), "{ack}");
    }
    assert_eq!(app.sql_i64("SELECT COUNT(*) FROM attempts").await, 8);
    assert_eq!(
        app.sql_i64(
            "SELECT COUNT(*) FROM login_attempts WHERE subject LIKE 'person:%' AND succeeded = 1"
        )
        .await,
        8
    );
    assert_eq!(
        app.sql_i64(
            "SELECT COUNT(*) FROM login_attempts WHERE subject LIKE 'person:%' AND succeeded = 0"
        )
        .await,
        2
    );
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM candidates WHERE code_used_at IS NOT NULL")
            .await,
        8
    );
}
