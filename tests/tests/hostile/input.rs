//! Hostile: input (issue 15 §6). Every number is bounded where it enters, and nothing
//! malformed gets a 500: huge, negative and zero minutes, the ends of `i64`, floats, NaN and
//! "Infinity", far-future and far-past years, extreme statistics years, wrong types, deep
//! nesting, oversized and truncated bodies, unknown enum values. Each gets a 4xx naming the
//! field where one can be named, nothing is written, and the server keeps answering.

use app::auth::Role;
use serde_json::{json, Value};
use tests::{cst_in, fixture, Client, Reply, TestApp};

/// Numbers a hostile user types into a number field.
const NUMBERS: &[&str] = &[
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "99999999999999999999999999",
    "1e308",
    "-1e308",
    "NaN",
    "Infinity",
    "-Infinity",
    "-1",
    "1.5",
    "0x10",
    "１２",
];

/// Years a hostile user types into a date field.
const YEARS: &[&str] = &[
    "99999",
    "10000",
    "1899",
    "0",
    "-1",
    "9223372036854775807",
    "-9223372036854775808",
    "2147483648",
];

/// A form's fields, in order.
type Fields = Vec<(String, String)>;

/// One case of a table: who sends it, where, the form, and the field it is about.
type Case<'a, F> = (Who, &'a str, Fields, F);

/// Who sends a form, where, the form, and the fields of it that cases replace in turn.
type Numbered<'a> = (
    Who,
    &'static str,
    &'a [(&'a str, &'a str)],
    &'static [&'static str],
);

/// Who sends a case.
#[derive(Clone, Copy, Debug)]
enum Who {
    Staff,
    Admin,
}

/// The people of the test: staff with a sitting and a candidate writing in it.
struct World {
    app: TestApp,
    staff: Client,
    admin: Client,
    candidate: Client,
    questions: Vec<i64>,
    sitting: i64,
    candidate_id: i64,
    attempt: i64,
}

impl World {
    async fn new() -> Self {
        let app = TestApp::spawn().await;
        let exam = fixture::started_exam(&app).await;
        let admin = app.staff(app.city(), Role::Admin).await;
        let candidate_id = app
            .sql_i64(&format!(
                "SELECT id FROM candidates WHERE sitting_id = {}",
                exam.sitting
            ))
            .await;
        World {
            app,
            staff: exam.staff,
            admin,
            candidate: exam.candidate,
            questions: exam.questions,
            sitting: exam.sitting,
            candidate_id,
            attempt: exam.attempt,
        }
    }

    fn client(&self, who: Who) -> &Client {
        match who {
            Who::Staff => &self.staff,
            Who::Admin => &self.admin,
        }
    }

    /// What a write would change: the rows of every table a hostile form could reach, and
    /// the candidates' deadlines.
    async fn footprint(&self) -> Vec<(String, i64)> {
        let mut seen = Vec::new();
        for table in [
            "sittings",
            "candidates",
            "questions",
            "nominations",
            "meetings",
            "performance_reports",
            "oath_ceremonies",
            "answers",
            "marks",
            "appeals",
            "jurisdiction_rules",
        ] {
            let n = self
                .app
                .sql_i64(&format!("SELECT COUNT(*) FROM {table}"))
                .await;
            seen.push((table.to_owned(), n));
        }
        for column in ["deadline_at", "extended_minutes"] {
            let n = self
                .app
                .sql_i64(&format!(
                    "SELECT CAST(COALESCE(SUM({column}), 0) AS BIGINT) FROM attempts"
                ))
                .await;
            seen.push((format!("attempts.{column}"), n));
        }
        seen
    }

    /// The fixture sitting's form, with `field` set to `value`.
    fn sitting_form(&self, field: &str, value: &str) -> Vec<(String, String)> {
        let mut fields: Vec<(String, String)> = [
            ("title", "边界测试场次"),
            ("venue", "三楼考场"),
            ("duration_minutes", "60"),
            ("pass_mark", "20"),
            ("paper_mode", "fixed"),
            ("points_each", "10"),
        ]
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
        fields.push(("opens_at".into(), cst_in(60)));
        fields.push(("closes_at".into(), cst_in(240)));
        fields.extend(
            self.questions
                .iter()
                .map(|id| (format!("question_ids[{id}]"), id.to_string())),
        );
        fields.retain(|(k, _)| k != field);
        fields.push((field.to_owned(), value.to_owned()));
        fields
    }
}

/// The rules form, valid but for `field`.
fn rules_form(field: &str, value: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = [
        ("duration_minutes", "90"),
        ("pass_mark", "60"),
        ("late_entry_minutes", "15"),
        ("retakes_allowed", "1"),
        ("review_policy", "score"),
        ("paper_mode", "fixed"),
        ("reason", "边界测试"),
    ]
    .iter()
    .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
    .collect();
    fields.retain(|(k, _)| k != field);
    fields.push((field.to_owned(), value.to_owned()));
    fields
}

/// A form with its fields, `field` set to `value`.
fn form(base: &[(&str, &str)], field: &str, value: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = base
        .iter()
        .filter(|(k, _)| *k != field)
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    fields.push((field.to_owned(), value.to_owned()));
    fields
}

async fn post_form(client: &Client, path: &str, fields: &[(String, String)]) -> Reply {
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    client.form(path, &fields).await
}

/// Asserts a refusal: a 4xx (never a 5xx or a dropped connection) whose body is the app's
/// error, naming `field` when given; returns the error.
fn assert_refused(reply: &Reply, what: &str, field: Option<&str>) -> Value {
    assert!(
        (400..500).contains(&reply.status),
        "{what}: expected a 4xx, got {}: {}",
        reply.status,
        reply.body
    );
    let error: Value = serde_json::from_str(&reply.body)
        .unwrap_or_else(|e| panic!("{what}: not the app's error ({e}): {}", reply.body));
    let known = error.is_string()
        && ["TooLarge", "NotFound"].contains(&error.as_str().unwrap_or(""))
        || ["Invalid", "Refused", "RateLimited"]
            .iter()
            .any(|k| error.get(k).is_some())
        || ["NotFound", "Forbidden", "Unauthenticated"].contains(&error.as_str().unwrap_or(""));
    assert!(known, "{what}: unexpected error {error}");
    if let Some(field) = field {
        assert_eq!(
            error["Invalid"]["field"].as_str(),
            Some(field),
            "{what}: the field is not named: {error}"
        );
        let en = error["Invalid"]["en"].as_str().unwrap_or_default();
        let zh = error["Invalid"]["zh"].as_str().unwrap_or_default();
        assert!(
            !en.is_empty() && !zh.is_empty(),
            "{what}: untranslated: {error}"
        );
    }
    error
}

async fn still_answers(app: &TestApp) {
    let health = app.client().get("/healthz").await;
    assert_eq!(health.status, 200, "the server stopped answering");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_number_field_refuses_what_is_out_of_its_range_by_name() {
    let w = World::new().await;
    let before = w.footprint().await;
    let sitting = w.sitting.to_string();
    let candidate = w.candidate_id.to_string();
    // A work report and a vote on a nomination, each case below replacing one field.
    let report = [
        ("nomination_id", "1"),
        ("form", "oral"),
        ("reported_on", "2026-03-01"),
        ("satisfied", "30"),
        ("basically_satisfied", "5"),
        ("dissatisfied", "1"),
        ("members", "41"),
    ];
    let vote = [
        ("nomination_id", "1"),
        ("step", "vote"),
        ("votes_for", "30"),
        ("votes_against", "1"),
        ("votes_abstain", "1"),
        ("members", "41"),
        ("appointed_on", "2026-03-01"),
    ];

    // (who, path, form, the field a value that is a whole number is refused under)
    let mut cases: Vec<Case<&str>> = Vec::new();
    for n in NUMBERS {
        for field in [
            "late_entry_minutes",
            "retakes_allowed",
            "duration_minutes",
            "points_each",
            "pass_mark",
        ] {
            cases.push((
                Who::Staff,
                "/api/sittings/create",
                w.sitting_form(field, n),
                field,
            ));
        }
        let extend = [
            ("candidate_id", candidate.as_str()),
            ("action", "extend"),
            ("reason", "停电"),
        ];
        cases.push((
            Who::Staff,
            "/api/sittings/proctor",
            form(&extend, "minutes", n),
            "minutes",
        ));
        let extend_all = [("sitting_id", sitting.as_str()), ("reason", "停电")];
        cases.push((
            Who::Staff,
            "/api/sittings/extend-all",
            form(&extend_all, "minutes", n),
            "minutes",
        ));
        for field in [
            "duration_minutes",
            "late_entry_minutes",
            "retakes_allowed",
            "pass_mark",
            "oath_working_days",
            "committee_members",
            "dissatisfied_over",
            "satisfied_over",
        ] {
            cases.push((
                Who::Admin,
                "/api/sittings/set-rules",
                rules_form(field, n),
                field,
            ));
        }
        let question = [
            ("bank", "common"),
            ("kind", "single_choice"),
            ("stem", "中华人民共和国的一切权力属于（ ）。"),
            ("options", "人民\n国务院"),
            ("key", "A"),
            ("difficulty", "2"),
            ("law", "constitution"),
            ("article", "2"),
        ];
        let mark = [
            ("sitting_id", sitting.as_str()),
            ("code", "A1B2C3"),
            ("question_id", "1"),
            ("stage", "1"),
            ("points", "1"),
        ];
        let numbered: [Numbered; 4] = [
            (
                Who::Staff,
                "/api/appointments/report",
                &report,
                &[
                    "satisfied",
                    "basically_satisfied",
                    "dissatisfied",
                    "members",
                ],
            ),
            (
                Who::Staff,
                "/api/bank/add",
                &question,
                &["difficulty", "article"],
            ),
            (Who::Admin, "/api/marking/mark", &mark, &["points", "stage"]),
            (
                Who::Staff,
                "/api/appointments/step",
                &vote,
                &["votes_for", "votes_against", "votes_abstain", "members"],
            ),
        ];
        for (who, path, base, fields) in numbered {
            for &field in fields {
                cases.push((who, path, form(base, field, n), field));
            }
        }
    }

    // Zero where zero is no value.
    for field in ["duration_minutes", "points_each"] {
        cases.push((
            Who::Staff,
            "/api/sittings/create",
            w.sitting_form(field, "0"),
            field,
        ));
    }
    cases.push((
        Who::Staff,
        "/api/sittings/extend-all",
        form(
            &[("sitting_id", sitting.as_str()), ("reason", "停电")],
            "minutes",
            "0",
        ),
        "minutes",
    ));
    cases.push((
        Who::Admin,
        "/api/sittings/set-rules",
        rules_form("duration_minutes", "0"),
        "duration_minutes",
    ));

    for (who, path, fields, field) in &cases {
        let value = &fields.last().expect("the field under test").1;
        let what = format!("{path} {field}={value}");
        let reply = post_form(w.client(*who), path, fields).await;
        let error = assert_refused(&reply, &what, None);
        // A value that is a whole number the type can hold is checked by name; one the
        // decoder cannot read at all is named where the decoder names it.
        let in_type = value.parse::<i64>().is_ok();
        if in_type && error.get("Invalid").is_some() {
            assert_eq!(
                error["Invalid"]["field"].as_str(),
                Some(*field),
                "{what}: the field is not named: {error}"
            );
        }
    }

    // Far-future and far-past years in every date field.
    let mut dated: Vec<Case<&str>> = Vec::new();
    for year in YEARS {
        let at = format!("{year}-06-01T10:00");
        let day = format!("{year}-06-01");
        for field in ["opens_at", "closes_at"] {
            dated.push((
                Who::Staff,
                "/api/sittings/create",
                w.sitting_form(field, &at),
                field,
            ));
        }
        dated.push((
            Who::Admin,
            "/api/sittings/set-rules",
            rules_form("term_ends_on", &day),
            "term_ends_on",
        ));
        for field in ["holidays", "make_up_workdays"] {
            dated.push((
                Who::Admin,
                "/api/sittings/set-rules",
                rules_form(field, &day),
                field,
            ));
        }
        dated.push((
            Who::Staff,
            "/api/appointments/create-meeting",
            form(&[("title", "常委会第1次会议")], "held_on", &day),
            "held_on",
        ));
        dated.push((
            Who::Staff,
            "/api/appointments/oath",
            form(
                &[("form", "individual"), ("place", "会议厅"), ("ids[0]", "1")],
                "held_at",
                &at,
            ),
            "held_at",
        ));
        dated.push((
            Who::Staff,
            "/api/appointments/report",
            form(&report, "reported_on", &day),
            "reported_on",
        ));
        dated.push((
            Who::Staff,
            "/api/appointments/step",
            form(&vote, "appointed_on", &day),
            "appointed_on",
        ));
    }
    for (who, path, fields, field) in &dated {
        let value = &fields.last().expect("the field under test").1;
        let what = format!("{path} {field}={value}");
        let reply = post_form(w.client(*who), path, fields).await;
        assert_refused(&reply, &what, Some(field));
    }

    assert_eq!(
        w.footprint().await,
        before,
        "a refused request wrote something"
    );
    still_answers(&w.app).await;
    // And the same fields still take a sane value.
    let ok = w
        .staff
        .form(
            "/api/sittings/extend-all",
            &[
                ("sitting_id", &sitting),
                ("minutes", "5"),
                ("reason", "停电"),
            ],
        )
        .await;
    assert_eq!(ok.status, 200, "a sane extension: {}", ok.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extreme_statistics_years_are_refused_and_the_export_falls_back() {
    let w = World::new().await;
    for year in [
        "99999",
        "10000",
        "1899",
        "-1",
        "2147483647",
        "-2147483648",
        "2147483648",
        "99999999999999999999",
        "1e308",
        "NaN",
        "二〇二六",
    ] {
        let reply = w
            .staff
            .form("/api/appointments/stats", &[("year", year)])
            .await;
        let error = assert_refused(&reply, &format!("stats year={year}"), None);
        if year.parse::<i32>().is_ok() {
            assert_eq!(
                error["Invalid"]["field"].as_str(),
                Some("year"),
                "year={year}: {error}"
            );
        }
        // The spreadsheet takes the year from the address: an extreme one gives this year's.
        let (status, bytes) = w
            .staff
            .download(&format!("/staff/appointment-stats.xlsx?year={year}"))
            .await;
        assert_eq!(status, 200, "stats.xlsx?year={year}");
        assert!(
            bytes.starts_with(b"PK"),
            "stats.xlsx?year={year} is a workbook"
        );
    }
    let this_year = w
        .staff
        .form("/api/appointments/stats", &[("year", "2026")])
        .await;
    assert_eq!(this_year.ok()["year"], 2026);
    still_answers(&w.app).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn undecodable_arguments_get_a_4xx_never_a_500() {
    let w = World::new().await;
    let before = w.footprint().await;
    let q = w.questions[0];
    let attempt = w.attempt;
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_object = format!("{}{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));

    // Exam calls (JSON), each with a hostile body: (body, the field the decoder names).
    let json_cases: Vec<(&str, String, Option<&str>)> = vec![
        ("/api/exam/save", json!({ "attempt_id": "abc", "question_id": q, "answer": { "choices": [0] }, "seq": 1 }).to_string(), None),
        ("/api/exam/save", json!({ "attempt_id": attempt, "question_id": q, "answer": { "choices": [0] }, "seq": 1e308 }).to_string(), None),
        ("/api/exam/save", r#"{"attempt_id": NaN, "question_id": 1, "answer": {"choices": [0]}, "seq": 1}"#.to_owned(), None),
        ("/api/exam/save", format!(r#"{{"attempt_id": {attempt}, "question_id": {q}, "answer": {{"choices": [0]}}, "seq": "Infinity"}}"#), None),
        ("/api/exam/save", format!(r#"{{"attempt_id": {attempt}, "question_id": {q}, "answer": {{"choices": [0]}}, "seq": 99999999999999999999999}}"#), None),
        ("/api/exam/save", json!({ "attempt_id": attempt, "question_id": q, "answer": { "bogus": 1 }, "seq": 1 }).to_string(), None),
        ("/api/exam/save", json!({ "attempt_id": attempt, "question_id": q, "answer": [0, 1], "seq": 1 }).to_string(), None),
        ("/api/exam/save", json!({ "attempt_id": attempt, "question_id": q, "answer": { "choices": [-1] }, "seq": 1 }).to_string(), None),
        ("/api/exam/save", json!({ "attempt_id": attempt, "question_id": q, "answer": { "choices": [0] } }).to_string(), Some("seq")),
        ("/api/exam/save", json!([attempt, q]).to_string(), None),
        ("/api/exam/save", format!(r#"{{"attempt_id": {attempt}, "question_id": {q}, "answer": {deep}, "seq": 1}}"#), None),
        ("/api/exam/save", deep_object.clone(), None),
        ("/api/exam/save", format!(r#"{{"attempt_id": {attempt}, "question_id": {q}, "ans"#), None),
        ("/api/exam/save", String::new(), None),
        ("/api/exam/save", "\u{0}\u{1}\u{2}".to_owned(), None),
        ("/api/exam/clock", json!({ "attempt_id": [attempt] }).to_string(), None),
        ("/api/exam/clock", json!({ "attempt_id": { "id": attempt } }).to_string(), None),
        ("/api/exam/clock", json!({ "attempt_id": -1e308 }).to_string(), None),
        ("/api/exam/submit", json!({ "attempt_id": "Infinity" }).to_string(), None),
        ("/api/exam/submit", json!({}).to_string(), Some("attempt_id")),
        ("/api/exam/focus-lost", deep.clone(), None),
    ];
    for (path, body, field) in &json_cases {
        let what = format!("{path} {}", &body[..body.len().min(80)]);
        let reply = raw_post(
            &w.candidate,
            &w.app.base,
            path,
            "application/json",
            body.clone().into_bytes(),
        )
        .await;
        assert_refused(&reply, &what, *field);
    }

    // Staff forms (URL-encoded) with values of the wrong type, nested keys, and unknown
    // enum values.
    let sitting = w.sitting.to_string();
    // A single-choice question in the common bank: each case below replaces one field.
    let question: &[(&str, &str)] = &[
        ("bank", "common"),
        ("kind", "single_choice"),
        ("stem", "x"),
        ("key", "A"),
        ("law", "constitution"),
        ("difficulty", "2"),
        ("article", "1"),
    ];
    // A staff form of one field, whose value the field's type cannot hold.
    let alone = |path, field, value| (Who::Staff, path, form(&[], field, value), None);
    let form_cases: Vec<Case<Option<&str>>> = vec![
        alone("/api/sittings/detail", "sitting_id", "abc"),
        alone("/api/sittings/detail", "sitting_id", "1e308"),
        alone(
            "/api/sittings/detail",
            "sitting_id[a][b][c][d][e][f][g]",
            "1",
        ),
        (
            Who::Staff,
            "/api/sittings/detail",
            vec![],
            Some("sitting_id"),
        ),
        (
            Who::Staff,
            "/api/sittings/change-state",
            form(
                &[("sitting_id", &sitting), ("reason", "x")],
                "transition",
                "explode",
            ),
            Some("transition"),
        ),
        (
            Who::Staff,
            "/api/sittings/proctor",
            form(
                &[("candidate_id", "1"), ("reason", "x")],
                "action",
                "teleport",
            ),
            Some("action"),
        ),
        (
            Who::Staff,
            "/api/sittings/create",
            w.sitting_form("paper_mode", "random"),
            Some("paper_mode"),
        ),
        (
            Who::Staff,
            "/api/sittings/create",
            w.sitting_form("review_policy", "all_keys_now"),
            Some("review_policy"),
        ),
        (
            Who::Staff,
            "/api/sittings/create",
            w.sitting_form("question_ids[1]", "abc"),
            None,
        ),
        (
            Who::Admin,
            "/api/sittings/set-rules",
            rules_form("paper_mode", "nope"),
            Some("paper_mode"),
        ),
        alone("/api/appointments/stats", "year", "abc"),
        alone("/api/appointments/nominations", "all", "perhaps"),
        (
            Who::Staff,
            "/api/appointments/enrol",
            form(&[("sitting_id", &sitting)], "ids[0]", "Infinity"),
            None,
        ),
        (
            Who::Staff,
            "/api/bank/add",
            form(question, "difficulty", "9223372036854775808"),
            None,
        ),
        (
            Who::Staff,
            "/api/bank/add",
            form(question, "article", "-9223372036854775809"),
            None,
        ),
    ];
    for (who, path, fields, field) in &form_cases {
        let what = format!("{path} {fields:?}");
        let reply = post_form(w.client(*who), path, fields).await;
        assert_refused(&reply, &what, *field);
    }
    // JSON sent to a form endpoint, and a form to a JSON one.
    let reply = raw_post(
        &w.staff,
        &w.app.base,
        "/api/sittings/detail",
        "application/json",
        br#"{"sitting_id": 1}"#.to_vec(),
    )
    .await;
    assert_refused(&reply, "JSON to a form endpoint", None);
    let reply = raw_post(
        &w.candidate,
        &w.app.base,
        "/api/exam/clock",
        "application/x-www-form-urlencoded",
        b"attempt_id=1".to_vec(),
    )
    .await;
    assert_refused(&reply, "a form to a JSON endpoint", None);

    assert_eq!(
        w.footprint().await,
        before,
        "a refused request wrote something"
    );
    still_answers(&w.app).await;
    // The candidate's session still works.
    let saved = fixture::save(&w.candidate, attempt, q, json!({ "choices": [0] }), 1).await;
    assert_eq!(saved.status, 200, "a sane save: {}", saved.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oversized_bodies_get_413_and_nothing_is_read_past_the_limit() {
    let w = World::new().await;
    let before = w.footprint().await;
    let q = w.questions[0];
    // A declared length over the limit: refused before it is read.
    let huge_answer = "法".repeat(200_000);
    let reply = fixture::save(
        &w.candidate,
        w.attempt,
        q,
        json!({ "text": huge_answer }),
        1,
    )
    .await;
    assert_eq!(
        reply.status,
        413,
        "{}",
        &reply.body[..reply.body.len().min(200)]
    );
    assert_eq!(reply.json(), json!("TooLarge"));
    let reply = w
        .staff
        .form(
            "/api/sittings/detail",
            &[("sitting_id", &"1".repeat(70_000))],
        )
        .await;
    assert_eq!(reply.status, 413);
    // A declared length over the limit is answered before a byte of the body is sent.
    for (path, length) in [
        ("/api/sittings/create", 2_000_000),
        ("/api/bank/add", 1_100_000),
        ("/api/exam/save", 70_000),
        ("/api/auth/candidate-login", 10_000_000_000),
    ] {
        let reply = declared_post(&w.app.base, path, length).await;
        assert_eq!(
            reply.status, 413,
            "{path} declaring {length} bytes: {}",
            reply.body
        );
        assert_eq!(reply.json(), json!("TooLarge"), "{path}");
    }
    // No declared length (chunked): the limit stops the reading.
    for path in [
        "/api/exam/save",
        "/api/sittings/change-state",
        "/api/auth/login",
    ] {
        let reply = chunked_post(&w.app.base, path, 300_000).await;
        assert_eq!(reply.status, 413, "{path} chunked: {}", reply.body);
        assert_eq!(reply.json(), json!("TooLarge"), "{path}");
    }
    // A body just under a route's limit is read (and then judged on its content).
    let reply = fixture::save(
        &w.candidate,
        w.attempt,
        q,
        json!({ "text": "法".repeat(5_000) }),
        1,
    )
    .await;
    assert_ne!(
        reply.status, 413,
        "a long answer within the limit: {}",
        reply.body
    );
    assert!(reply.status < 500, "{}", reply.body);

    let mut after = w.footprint().await;
    // The one sane answer above may have been saved; nothing else.
    after.retain(|(t, _)| t != "answers");
    let mut before = before;
    before.retain(|(t, _)| t != "answers");
    assert_eq!(after, before, "an oversized request wrote something");
    still_answers(&w.app).await;
}

/// POSTs `body` as `content_type` with the client's cookies.
async fn raw_post(
    client: &Client,
    base: &str,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
) -> Reply {
    let response = client
        .http()
        .post(format!("{base}{path}"))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .unwrap_or_else(|e| panic!("{path}: the connection dropped: {e}"));
    let status = response.status().as_u16();
    Reply {
        status,
        body: response.text().await.unwrap_or_default(),
    }
}

/// POSTs `size` bytes of JSON without a declared length (chunked transfer encoding), over a
/// plain socket; returns the status and body.
async fn chunked_post(base: &str, path: &str, size: usize) -> Reply {
    let (base, path) = (base.to_owned(), path.to_owned());
    tokio::task::spawn_blocking(move || socket_post(&base, &path, size, None))
        .await
        .expect("the request ran")
}

/// Sends only the head of a POST declaring `length` bytes, and reads the answer.
async fn declared_post(base: &str, path: &str, length: u64) -> Reply {
    let (base, path) = (base.to_owned(), path.to_owned());
    tokio::task::spawn_blocking(move || socket_post(&base, &path, 0, Some(length)))
        .await
        .expect("the request ran")
}

/// A POST over a plain socket: with `declared`, a head with that `Content-Length` and no
/// body; otherwise `size` bytes in chunks.
fn socket_post(base: &str, path: &str, size: usize, declared: Option<u64>) -> Reply {
    use std::io::{Read, Write};
    let authority = base.trim_start_matches("http://");
    let mut stream = std::net::TcpStream::connect(authority).expect("connect");
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(30)))
        .expect("timeout");
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {authority}\r\nOrigin: {base}\r\nAccept: application/json\r\n\
         Content-Type: application/json\r\n{}Connection: close\r\n\r\n",
        declared.map_or("Transfer-Encoding: chunked\r\n".to_owned(), |n| format!(
            "Content-Length: {n}\r\n"
        ))
    );
    stream.write_all(head.as_bytes()).expect("head");
    if declared.is_some() {
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        return parse_reply(path, &raw);
    }
    let chunk = vec![b' '; 16 * 1024];
    let mut sent = 0;
    while sent < size {
        let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
        // The server may answer and stop reading once the limit is passed.
        if stream.write_all(&frame).is_err() {
            break;
        }
        sent += chunk.len();
    }
    let _ = stream.write_all(b"0\r\n\r\n");
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_reply(path, &raw)
}

/// The status and (JSON) body of a raw HTTP/1.1 answer.
fn parse_reply(path: &str, raw: &[u8]) -> Reply {
    let text = String::from_utf8_lossy(raw).into_owned();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{path}: no answer: {text}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    // The body may itself be chunked: keep the JSON part.
    let body = body
        .lines()
        .find(|l| l.starts_with('"') || l.starts_with('{'))
        .unwrap_or(&body)
        .to_owned();
    Reply { status, body }
}
