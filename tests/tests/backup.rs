//! Backup and restore while a sitting runs (issue 21 §2), on the suite's backend: the same
//! functions `renqian backup` and `renqian restore` call, against the real server and database.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use app::audit::Actor;
use app::auth::Role;
use serde_json::json;
use server::backup::{self, BackupError, Manifest};
use server::db::Db;
use tests::{fixture, fresh_database_url, TestApp};

fn archive_path() -> PathBuf {
    std::env::temp_dir().join(format!(
        "rq-backup-{}-{}.zip",
        std::process::id(),
        rand::random::<u32>()
    ))
}

/// Every table's row count in the database at `url`, read directly.
async fn count(url: &str, table: &str) -> i64 {
    let db = sqlx::AnyPool::connect(url).await.expect("connect");
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM \"{table}\""))
        .fetch_one(&db)
        .await
        .expect("count");
    db.close().await;
    n
}

/// A sitting with `n` candidates who have started; returns their (client, attempt) and the
/// question ids.
async fn running_sitting(app: &TestApp, n: u32) -> (Vec<(tests::Client, i64)>, Vec<i64>) {
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let sitting = fixture::sitting(&staff, &questions).await;
    let mut candidates = Vec::new();
    for i in 0..n {
        let (ticket, code) =
            fixture::enrol(&staff, sitting, &format!("考生{i}"), &fixture::id_card(i)).await;
        candidates.push(fixture::candidate_started(app, &ticket, &code).await);
    }
    (candidates, questions)
}

/// A server whose sitting has one candidate with one answer saved.
async fn one_answer_saved() -> TestApp {
    let app = TestApp::spawn().await;
    let (candidates, questions) = running_sitting(&app, 1).await;
    let (client, attempt) = &candidates[0];
    fixture::save(client, *attempt, questions[0], json!({ "choices": [1] }), 1)
        .await
        .ok();
    app
}

/// One acknowledged save: which attempt, which sequence number, when the reply came.
type Ack = (i64, i64, Instant);

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_candidates_save_restores_whole_and_verified() {
    let app = TestApp::spawn().await;
    let (candidates, questions) = running_sitting(&app, 4).await;
    let stop = Arc::new(AtomicBool::new(false));
    let acks: Arc<Mutex<Vec<Ack>>> = Arc::default();
    let mut savers = Vec::new();
    for (client, attempt) in candidates {
        let (stop, acks, questions) = (stop.clone(), acks.clone(), questions.clone());
        savers.push(tokio::spawn(async move {
            let mut seq = 0;
            while !stop.load(Ordering::Relaxed) {
                seq += 1;
                let q = questions[(seq as usize) % 2];
                let answer = json!({ "choices": [seq % 3] });
                let reply = fixture::save(&client, attempt, q, answer, seq).await;
                assert_eq!(reply.status, 200, "save: {}", reply.body);
                acks.lock().unwrap().push((attempt, seq, Instant::now()));
            }
        }));
    }
    // Saves are flowing before, during and after the backup.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let path = archive_path();
    let began = Instant::now();
    let manifest = backup::backup(&app.db, &app.url, &path, &Actor::system("test"))
        .await
        .expect("backup while candidates save");
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    for s in savers {
        s.await.expect("saver");
    }
    let acks = acks.lock().unwrap().clone();
    let before: Vec<&Ack> = acks.iter().filter(|(_, _, at)| *at < began).collect();
    let after = acks.iter().filter(|(_, _, at)| *at > began).count();
    assert!(
        !before.is_empty() && after > 0,
        "saves ran on both sides of the backup"
    );
    assert!(manifest.contents.tables["answers"] > 0);
    assert!(manifest.contents.schema_version > 0);
    let head = manifest.contents.audit_head.clone().expect("audit head");
    assert!(head.id > 0);

    let target = fresh_database_url().await;
    let restored = backup::restore(&target, &path, &Actor::system("test"))
        .await
        .expect("restore verifies");
    assert_eq!(restored.manifest, manifest);
    assert!(restored.audit_events_checked > 0);

    // The backup is audited, and the copy holds that record of its own making.
    let audited = sqlx::AnyPool::connect(&target).await.expect("connect");
    let (backups, by): (i64, String) = sqlx::query_as(
        "SELECT COUNT(*), MAX(actor) FROM audit_events WHERE action = 'backup.create' AND entity = 'backup'",
    )
    .fetch_one(&audited)
    .await
    .expect("backup events");
    audited.close().await;
    assert_eq!((backups, by.as_str()), (1, "test"));

    // Independently of the restore's own checks: every table's count is the manifest's, and
    // the audit log has one event more, the restore's own (see below).
    for (table, rows) in &manifest.contents.tables {
        let restore_event = i64::from(table == "audit_events");
        assert_eq!(
            count(&target, table).await,
            rows + restore_event,
            "rows of {table}"
        );
    }
    // Every answer acknowledged before the backup began is there (its seq or a later one).
    let pool = sqlx::AnyPool::connect(&target).await.expect("connect");
    for (attempt, seq, _) in &before {
        let q = questions[(*seq as usize) % 2];
        let (kept,): (i64,) =
            sqlx::query_as("SELECT seq FROM answers WHERE attempt_id = $1 AND question_id = $2")
                .bind(attempt)
                .bind(q)
                .fetch_one(&pool)
                .await
                .expect("the acknowledged answer was restored");
        assert!(
            kept >= *seq,
            "attempt {attempt}: restored seq {kept} < acknowledged {seq}"
        );
    }
    pool.close().await;
    // The restore is audited once it verified: the first event after the backup's head,
    // naming the archive and when its copy was taken, and the chain still verifies.
    let db = Db::connect(&target).await.expect("connect");
    let (verified_head, _) = db
        .verify_audit_chain()
        .await
        .expect("read")
        .expect("the restored audit chain verifies");
    assert_eq!(verified_head.id, head.id + 1);
    let pool = sqlx::AnyPool::connect(&target).await.expect("connect");
    let (action, actor, entity_id, detail): (String, String, String, String) =
        sqlx::query_as("SELECT action, actor, entity_id, detail FROM audit_events WHERE id = $1")
            .bind(verified_head.id)
            .fetch_one(&pool)
            .await
            .expect("the restore's event");
    pool.close().await;
    assert_eq!(
        (action.as_str(), actor.as_str()),
        ("backup.restore", "test")
    );
    let file = path.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(entity_id, file);
    let detail: serde_json::Value = serde_json::from_str(&detail).expect("detail");
    assert_eq!(detail["backup_taken_at"], json!(manifest.created_at));
    assert_eq!(detail["from"], json!(path.display().to_string()));
    // The restored database serves: the server migrates it (nothing to do) and starts.
    db.migrate().await.expect("restored schema is current");
    db.close().await;

    // Restoring again into the now non-empty database is refused, and leaves it as it was.
    match backup::restore(&target, &path, &Actor::system("test")).await {
        Err(BackupError::NotEmpty(message)) => assert!(message.contains("empty"), "{message}"),
        other => panic!("restore into a non-empty database: {other:?}"),
    }
    assert_eq!(
        count(&target, "answers").await,
        manifest.contents.tables["answers"]
    );
    // So is restoring over the live database itself.
    assert!(matches!(
        backup::restore(&app.url, &path, &Actor::system("test")).await,
        Err(BackupError::NotEmpty(_))
    ));
    let _ = std::fs::remove_file(&path);
}

/// Rewrites the archive at `from` into `to` with `manifest` and `copy` changed by the caller.
fn rewrite(from: &Path, to: &Path, edit: impl FnOnce(&mut Manifest, &mut Vec<u8>)) {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::fs::File::open(from).expect("rewrite the archive"))
        .expect("rewrite the archive");
    let mut manifest: Manifest = {
        let mut text = String::new();
        zip.by_name("manifest.json")
            .expect("rewrite the archive")
            .read_to_string(&mut text)
            .expect("rewrite the archive");
        serde_json::from_str(&text).expect("rewrite the archive")
    };
    let mut copy = Vec::new();
    zip.by_name(&manifest.database_file)
        .expect("rewrite the archive")
        .read_to_end(&mut copy)
        .expect("rewrite the archive");
    edit(&mut manifest, &mut copy);
    let mut out = zip::ZipWriter::new(std::fs::File::create(to).expect("rewrite the archive"));
    let options = zip::write::SimpleFileOptions::default();
    out.start_file("manifest.json", options)
        .expect("rewrite the archive");
    out.write_all(&serde_json::to_vec(&manifest).expect("rewrite the archive"))
        .expect("rewrite the archive");
    out.start_file(manifest.database_file.as_str(), options)
        .expect("rewrite the archive");
    out.write_all(&copy).expect("rewrite the archive");
    out.finish().expect("rewrite the archive");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_damaged_or_edited_archive_is_refused_and_nothing_is_restored() {
    let app = one_answer_saved().await;
    let path = archive_path();
    let manifest = backup::backup(&app.db, &app.url, &path, &Actor::system("test"))
        .await
        .expect("backup");
    let bad = archive_path();

    // Each tampering, restored into its own fresh database.
    type Edit = Box<dyn FnOnce(&mut Manifest, &mut Vec<u8>)>;
    let middle = |c: &mut Vec<u8>| {
        let i = c.len() / 2;
        c[i] ^= 0x01;
    };
    let edits: Vec<(&str, Edit, bool)> = vec![
        (
            "a byte of the copy changed",
            Box::new(move |_, c| middle(c)),
            true,
        ),
        (
            "a row count edited",
            Box::new(|m, _| *m.contents.tables.get_mut("answers").unwrap() += 1),
            false,
        ),
        (
            "the audit head edited",
            Box::new(|m, _| {
                m.contents.audit_head.as_mut().unwrap().id += 1;
            }),
            false,
        ),
        (
            "the schema version edited",
            Box::new(|m, _| m.contents.schema_version -= 1),
            false,
        ),
        (
            "the hash edited",
            Box::new(|m, _| m.database_sha256 = "0".repeat(64)),
            true,
        ),
        (
            "the backend edited",
            Box::new(|m, _| {
                m.backend = if m.backend == "sqlite" {
                    "postgres"
                } else {
                    "sqlite"
                }
                .into()
            }),
            true,
        ),
    ];
    for (what, edit, archive_level) in edits {
        rewrite(&path, &bad, edit);
        let target = fresh_database_url().await;
        let result = backup::restore(&target, &bad, &Actor::system("test")).await;
        match (&result, archive_level) {
            (Err(BackupError::BadArchive(_)), true) | (Err(BackupError::Mismatch(_)), false) => {}
            _ => panic!("{what}: {result:?}"),
        }
        // Nothing is left behind: the target is still empty.
        assert!(
            no_tables(&target).await,
            "{what}: the target was written to"
        );
    }

    // A byte flipped in the archive file itself (the zip's own check or the hash catches it).
    let mut bytes = std::fs::read(&path).unwrap();
    let at = bytes.len() / 2;
    bytes[at] ^= 0x40;
    std::fs::write(&bad, &bytes).unwrap();
    let target = fresh_database_url().await;
    assert!(
        matches!(
            backup::restore(&target, &bad, &Actor::system("test")).await,
            Err(BackupError::BadArchive(_))
        ),
        "flipped byte"
    );
    // Not an archive at all.
    std::fs::write(&bad, b"not a zip").unwrap();
    assert!(matches!(
        backup::restore(&target, &bad, &Actor::system("test")).await,
        Err(BackupError::BadArchive(_))
    ));
    assert!(no_tables(&target).await);
    // The untouched archive still restores.
    let restored = backup::restore(&target, &path, &Actor::system("test"))
        .await
        .expect("restore");
    assert_eq!(restored.manifest, manifest);
    let _ = std::fs::remove_file(&path);
    let _ = std::fs::remove_file(&bad);
}

/// Whether the database at `url` has no tables (a missing SQLite file counts as empty).
async fn no_tables(url: &str) -> bool {
    if let Some(path) = url.strip_prefix("sqlite://") {
        if !Path::new(path).exists() {
            return true;
        }
    }
    let pool = sqlx::AnyPool::connect(url).await.expect("connect");
    let query = if url.starts_with("sqlite") {
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table'"
    } else {
        "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()"
    };
    let (n,): (i64,) = sqlx::query_as(query).fetch_one(&pool).await.expect("count");
    pool.close().await;
    n == 0
}

/// POSTs the admin page's download form; returns the status, the Content-Type and the body.
async fn download(client: &tests::Client, base: &str, reason: &str) -> (u16, String, Vec<u8>) {
    let response = client
        .http()
        .post(format!("{base}{}", app::admin::backups::DOWNLOAD_PATH))
        .form(&[("reason", reason)])
        .send()
        .await
        .expect("request sent");
    let status = response.status().as_u16();
    let kind = tests::header(&response, "content-type");
    let body = response.bytes().await.expect("body").to_vec();
    (status, kind, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_city_administrator_downloads_a_backup_which_restores_with_its_record() {
    let app = one_answer_saved().await;
    let district = app.district("TC-D1", "测试区人大常委会").await;
    let city_admin = app.staff(app.city(), Role::Admin).await;
    let district_admin = app.staff(district, Role::Admin).await;

    // Nobody but the city's administrator: not staff, not a proctor, not a district's
    // administrator (whose reach is not the whole database); not a stranger.
    for (who, refused) in [
        ("staff", app.staff(app.city(), Role::Staff).await),
        ("proctor", app.staff(app.city(), Role::Proctor).await),
        ("district admin", district_admin.clone()),
    ] {
        let (status, _, body) = download(&refused, &app.base, "带回家").await;
        assert_eq!(status, 403, "{who}: {}", String::from_utf8_lossy(&body));
    }
    let (status, _, _) = download(&app.client(), &app.base, "带回家").await;
    assert_eq!(status, 303, "a stranger is sent to log in");
    // The panel is on the city administrator's page only.
    let overview = |c: tests::Client| async move {
        c.form("/api/admin/overview", &[]).await.ok()["backups"].clone()
    };
    assert!(overview(district_admin.clone()).await.is_null());
    let panel = overview(city_admin.clone()).await;
    assert_eq!(
        (panel["at"].as_str(), panel["keep"].as_i64()),
        (Some("02:30"), Some(14))
    );
    // A reason is required.
    let (status, _, body) = download(&city_admin, &app.base, "  ").await;
    assert_eq!(status, 422, "{}", String::from_utf8_lossy(&body));
    let refusals = app
        .sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'access.forbidden' AND detail LIKE '%WholeDatabaseBackup%'")
        .await;
    assert_eq!(refusals, 1, "the district administrator's try is audited");
    assert_eq!(
        app.sql_i64("SELECT COUNT(*) FROM audit_events WHERE action LIKE 'backup.%'")
            .await,
        0,
        "no refused request made a backup"
    );

    let (status, kind, bytes) = download(&city_admin, &app.base, "年度归档").await;
    assert_eq!((status, kind.as_str()), (200, "application/zip"));
    let path = archive_path();
    std::fs::write(&path, &bytes).unwrap();
    let target = fresh_database_url().await;
    let restored = backup::restore(&target, &path, &Actor::system("test"))
        .await
        .expect("the downloaded archive restores and verifies");
    assert!(restored.manifest.contents.tables["answers"] >= 1);
    // The copy holds the record of its own download: who and why.
    let pool = sqlx::AnyPool::connect(&target).await.expect("connect");
    let (actor, reason): (String, String) =
        sqlx::query_as("SELECT actor, reason FROM audit_events WHERE action = 'backup.download'")
            .fetch_one(&pool)
            .await
            .expect("the download's event is in the copy");
    pool.close().await;
    assert!(actor.contains("admin-"), "{actor}");
    assert_eq!(reason, "年度归档");
    // Nothing is left behind on the server.
    let leftovers = std::fs::read_dir(std::env::temp_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .contains("renqian-download-")
        })
        .count();
    assert_eq!(leftovers, 0);
    let _ = std::fs::remove_file(&path);
}
