//! From a pass record to appointment and oath, over HTTP: the exam gate (a valid pass, an
//! exemption with its ground and approver, a failed retake, an expired pass), the statement
//! before the vote, the certificate, the oath deadline, reports and the yearly statistics.

use app::auth::Role;
use question_bank::exam::clock::{format_cst, MINUTE_MS};
use serde_json::{json, Value};
use tests::fixture;
use tests::{Client, Reply, TestApp};

const DAY_MS: i64 = 24 * 60 * MINUTE_MS;

/// "2026-12-03": the China Standard Time date `days` from now.
fn date_in(days: i64) -> String {
    format_cst(app::state::now_ms() + days * DAY_MS)[..10].to_owned()
}

async fn meeting(staff: &Client, title: &str) -> i64 {
    staff
        .form(
            "/api/appointments/create-meeting",
            &[("title", title), ("held_on", &date_in(0))],
        )
        .await
        .ok()
        .as_i64()
        .expect("meeting id")
}

async fn nominate(staff: &Client, name: &str, id_card: &str, post: &str, body: &str) -> i64 {
    staff
        .form(
            "/api/appointments/create",
            &[
                ("name", name),
                ("id_card", id_card),
                ("current_post", "市政府办公室副主任"),
                ("post", post),
                ("body", body),
                ("document_number", "江府文〔2026〕12号"),
            ],
        )
        .await
        .ok()
        .as_i64()
        .expect("nomination id")
}

async fn step(staff: &Client, nomination: i64, step: &str, fields: &[(&str, &str)]) -> Reply {
    let id = nomination.to_string();
    let mut all = vec![("nomination_id", id.as_str()), ("step", step)];
    all.extend_from_slice(fields);
    staff.form("/api/appointments/step", &all).await
}

async fn detail(staff: &Client, nomination: i64) -> Value {
    staff
        .form_id("/api/appointments/nomination", "nomination_id", nomination)
        .await
        .ok()
}

/// Has a person sit the fixture paper in a sitting of its own, all right (30 of 30) or all
/// wrong (0), and publishes the result.
async fn sit(
    app: &TestApp,
    staff: &Client,
    questions: &[i64],
    name: &str,
    id_card: &str,
    pass: bool,
) {
    let sitting = fixture::sitting(staff, questions).await;
    let (ticket, code) = fixture::enrol(staff, sitting, name, id_card).await;
    let (candidate, attempt) = fixture::candidate_started(app, &ticket, &code).await;
    let answers = if pass {
        [
            json!({ "choices": [0] }),
            json!({ "choices": [0, 1] }),
            json!({ "judgement": false }),
        ]
    } else {
        [
            json!({ "choices": [1] }),
            json!({ "choices": [2] }),
            json!({ "judgement": true }),
        ]
    };
    for (i, answer) in answers.into_iter().enumerate() {
        fixture::save(&candidate, attempt, questions[i], answer, i as i64 + 1)
            .await
            .ok();
    }
    fixture::submit(&candidate, attempt).await.ok();
    fixture::change_state(staff, sitting, "close").await.ok();
    fixture::publish(staff, sitting, "经审核无误").await.ok();
}

fn refusal(reply: &Reply) -> String {
    assert_eq!(reply.status, 409, "expected a refusal: {}", reply.body);
    reply.json()["Refused"]["zh"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_nomination_reaches_the_agenda_only_with_a_valid_pass_then_the_vote_follows_the_statement(
) {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let meeting = meeting(&staff, "第十六届人大常委会第二十三次会议").await;
    let id_card = fixture::id_card(1);
    let nomination = nominate(&staff, "王建国", &id_card, "江城市财政局局长", "government").await;

    let early = step(
        &staff,
        nomination,
        "agenda",
        &[("meeting_id", &meeting.to_string())],
    )
    .await;
    assert!(
        refusal(&early).contains("没有有效的任前法律知识考试合格记录"),
        "{}",
        early.body
    );
    let shown = detail(&staff, nomination).await;
    assert!(
        shown["row"]["gate"]["Closed"]["zh"]
            .as_str()
            .is_some_and(|z| z.contains("合格记录")),
        "{shown}"
    );

    // A district's staff cannot see or touch the city's nomination.
    let district = app.district("500101", "万州区").await;
    let outsider = app.staff(district, Role::Staff).await;
    assert_eq!(
        step(&outsider, nomination, "statement", &[("statement", "made")])
            .await
            .status,
        404
    );
    // Graders and proctors have nothing to do with appointments.
    let grader = app.staff(app.city(), Role::Grader).await;
    assert_eq!(
        grader
            .form("/api/appointments/nominations", &[])
            .await
            .status,
        403
    );

    sit(&app, &staff, &questions, "王建国", &id_card, true).await;
    step(
        &staff,
        nomination,
        "agenda",
        &[("meeting_id", &meeting.to_string())],
    )
    .await
    .ok();
    let on_agenda = detail(&staff, nomination).await;
    assert_eq!(on_agenda["row"]["status"], json!("OnAgenda"));
    assert!(on_agenda["row"]["gate"]["Open"]["Passed"]["valid_until"]
        .as_i64()
        .is_some());

    // The vote comes after the statement; the majority is of all members.
    let vote = |for_: &'static str| {
        let staff = staff.clone();
        async move {
            step(
                &staff,
                nomination,
                "vote",
                &[
                    ("votes_for", for_),
                    ("votes_against", "3"),
                    ("votes_abstain", "2"),
                    ("members", "50"),
                    ("appointed_on", &date_in(0)),
                ],
            )
            .await
        }
    };
    assert!(refusal(&vote("30").await).contains("请先记录表态发言"));
    step(&staff, nomination, "statement", &[("statement", "made")])
        .await
        .ok();
    let too_many = step(
        &staff,
        nomination,
        "vote",
        &[
            ("votes_for", "48"),
            ("votes_against", "3"),
            ("votes_abstain", "2"),
            ("members", "50"),
            ("appointed_on", &date_in(0)),
        ],
    )
    .await;
    assert_eq!(
        too_many.json()["Invalid"]["field"],
        json!("members"),
        "{}",
        too_many.body
    );
    vote("30").await.ok();
    let appointed = detail(&staff, nomination).await;
    assert_eq!(appointed["row"]["status"], json!("Appointed"));
    assert!(
        appointed["row"]["oath"][0]["Pending"].is_object(),
        "{appointed}"
    );

    step(
        &staff,
        nomination,
        "certificate",
        &[("number", "江人常任〔2026〕12号"), ("signer", "李明华")],
    )
    .await
    .ok();
    // A second appointee cannot reuse the number; 25 of 50 is no majority.
    let second_card = fixture::id_card(2);
    let second = nominate(
        &staff,
        "李秀兰",
        &second_card,
        "江城市教育局局长",
        "government",
    )
    .await;
    sit(&app, &staff, &questions, "李秀兰", &second_card, true).await;
    step(
        &staff,
        second,
        "agenda",
        &[("meeting_id", &meeting.to_string())],
    )
    .await
    .ok();
    step(
        &staff,
        second,
        "statement",
        &[("statement", "not_required")],
    )
    .await
    .ok();
    step(
        &staff,
        second,
        "vote",
        &[
            ("votes_for", "25"),
            ("votes_against", "20"),
            ("votes_abstain", "5"),
            ("members", "50"),
            ("appointed_on", &date_in(0)),
        ],
    )
    .await
    .ok();
    assert_eq!(
        detail(&staff, second).await["row"]["status"],
        json!("NotAppointed")
    );
    assert!(refusal(
        &step(
            &staff,
            second,
            "certificate",
            &[("number", "江人常任〔2026〕12号"), ("signer", "李明华")]
        )
        .await
    )
    .contains("未获通过"));

    let board = staff
        .form_id("/api/appointments/board", "meeting_id", meeting)
        .await
        .ok();
    assert_eq!(board["nominations"].as_array().map(Vec::len), Some(2));
    for action in [
        "nomination.create",
        "nomination.agenda",
        "nomination.statement",
        "nomination.vote",
        "nomination.certificate",
    ] {
        assert!(
            app.sql_i64(&format!(
                "SELECT COUNT(*) FROM audit_events WHERE action = '{action}'"
            ))
            .await
                >= 1,
            "{action} is audited"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_retake_blocks_the_nomination_by_the_jurisdictions_rule_and_an_expired_pass_no_longer_counts(
) {
    let app = TestApp::spawn().await;
    let admin = app.staff(app.city(), Role::Admin).await;
    let questions = fixture::questions(&admin).await;
    let meeting = meeting(&admin, "第二十四次会议").await;
    let id_card = fixture::id_card(3);
    let nomination = nominate(&admin, "张伟", &id_card, "江城市审计局局长", "government").await;
    let meeting_id = meeting.to_string();
    let agenda = || {
        let (admin, meeting_id) = (admin.clone(), meeting_id.clone());
        async move {
            step(
                &admin,
                nomination,
                "agenda",
                &[("meeting_id", meeting_id.as_str())],
            )
            .await
        }
    };

    sit(&app, &admin, &questions, "张伟", &id_card, false).await;
    assert!(refusal(&agenda().await).contains("尚可补考1次"));
    sit(&app, &admin, &questions, "张伟", &id_card, false).await;
    let blocked = refusal(&agenda().await);
    assert!(
        blocked.contains("已无补考机会") && blocked.contains("不得提请人大常委会会议审议"),
        "{blocked}"
    );

    // The jurisdiction's rule decides the consequence.
    admin
        .form(
            "/api/sittings/set-rules",
            &[
                ("duration_minutes", "90"),
                ("pass_mark", "60"),
                ("late_entry_minutes", "15"),
                ("retakes_allowed", "1"),
                ("review_policy", "full"),
                ("paper_mode", "fixed"),
                ("failure_policy", "withdraw"),
                ("oath_working_days", "15"),
                ("reason", "本地规定"),
            ],
        )
        .await
        .ok();
    assert!(refusal(&agenda().await).contains("应撤回提请任命"));
    step(
        &admin,
        nomination,
        "withdraw",
        &[("reason", "补考仍不及格，依规撤回")],
    )
    .await
    .ok();
    assert_eq!(
        detail(&admin, nomination).await["row"]["status"],
        json!("Withdrawn")
    );

    // A pass of the last term lapses: the nominee must sit again.
    let card = fixture::id_card(4);
    let renominated = nominate(&admin, "赵敏", &card, "江城市统计局局长", "government").await;
    sit(&app, &admin, &questions, "赵敏", &card, true).await;
    app.sql(&format!(
        "UPDATE pass_records SET valid_until = {} WHERE person_id = (SELECT id FROM people WHERE id_card_number = '{card}')",
        app::state::now_ms() - DAY_MS
    ))
    .await
    .expect("a new term");
    let lapsed = refusal(
        &step(
            &admin,
            renominated,
            "agenda",
            &[("meeting_id", &meeting.to_string())],
        )
        .await,
    );
    assert!(lapsed.contains("失效"), "{lapsed}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_exemption_needs_its_ground_and_approver_and_is_audited() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let meeting = meeting(&staff, "第二十五次会议").await;
    let transfer = nominate(
        &staff,
        "钱丽华",
        &fixture::id_card(5),
        "江城市民政局局长",
        "government",
    )
    .await;

    let incomplete = step(
        &staff,
        transfer,
        "exemption",
        &[
            ("ground", "internal_transfer"),
            ("basis", "市委组织部函〔2026〕3号"),
        ],
    )
    .await;
    assert_eq!(
        incomplete.json()["Invalid"]["field"],
        json!("approver"),
        "{}",
        incomplete.body
    );
    // The legal qualification ground is for judges and procurators only.
    let wrong_body = step(
        &staff,
        transfer,
        "exemption",
        &[
            ("ground", "legal_qualification"),
            ("basis", "法律职业资格证书"),
            ("approver", "王主任"),
        ],
    )
    .await;
    assert_eq!(
        wrong_body.json()["Invalid"]["field"],
        json!("ground"),
        "{}",
        wrong_body.body
    );
    step(
        &staff,
        transfer,
        "exemption",
        &[
            ("ground", "internal_transfer"),
            ("basis", "市委组织部函〔2026〕3号"),
            ("approver", "主任会议 王主任"),
        ],
    )
    .await
    .ok();
    step(
        &staff,
        transfer,
        "agenda",
        &[("meeting_id", &meeting.to_string())],
    )
    .await
    .ok();
    assert_eq!(
        detail(&staff, transfer).await["row"]["gate"]["Open"]["Exempted"]["ground"],
        json!("InternalTransfer")
    );
    let audited = app
        .sql_i64("SELECT COUNT(*) FROM audit_events WHERE action = 'nomination.exemption' AND detail LIKE '%王主任%'")
        .await;
    assert_eq!(audited, 1);

    // A judge exempt from the specialist part still needs a pass of the general part.
    let judge = nominate(
        &staff,
        "孙志强",
        &fixture::id_card(6),
        "江城市中级人民法院审判员",
        "court",
    )
    .await;
    step(
        &staff,
        judge,
        "exemption",
        &[
            ("ground", "legal_qualification"),
            ("basis", "法律职业资格证书A2026"),
            ("approver", "王主任"),
        ],
    )
    .await
    .ok();
    let still = refusal(
        &step(
            &staff,
            judge,
            "agenda",
            &[("meeting_id", &meeting.to_string())],
        )
        .await,
    );
    assert!(still.contains("合格记录"), "{still}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn oath_deadlines_warn_and_the_yearly_statistics_add_up_to_the_city_total() {
    let app = TestApp::spawn().await;
    let staff = app.staff(app.city(), Role::Staff).await;
    let questions = fixture::questions(&staff).await;
    let city_meeting = meeting(&staff, "第二十六次会议").await;
    // Two appointees: one 40 days ago (overdue by now), one today.
    let mut appointed = Vec::new();
    for (n, (name, days)) in [("周文", -40), ("吴海燕", 0)].into_iter().enumerate() {
        let card = fixture::id_card(10 + n as u32);
        let id = nominate(
            &staff,
            name,
            &card,
            &format!("{name}拟任职务"),
            "government",
        )
        .await;
        sit(&app, &staff, &questions, name, &card, true).await;
        step(
            &staff,
            id,
            "agenda",
            &[("meeting_id", &city_meeting.to_string())],
        )
        .await
        .ok();
        step(
            &staff,
            id,
            "statement",
            &[("statement", if n == 0 { "written" } else { "made" })],
        )
        .await
        .ok();
        step(
            &staff,
            id,
            "vote",
            &[
                ("votes_for", "40"),
                ("votes_against", "0"),
                ("votes_abstain", "1"),
                ("members", "45"),
                ("appointed_on", &date_in(days)),
            ],
        )
        .await
        .ok();
        appointed.push(id);
    }
    let (_, waiting) = {
        let reply = staff.form("/api/appointments/oaths", &[]).await.ok();
        (reply[0].clone(), reply[1].clone())
    };
    let status_of = |id: i64| {
        waiting
            .as_array()
            .and_then(|rows| rows.iter().find(|r| r["id"] == json!(id)))
            .map(|r| r["oath"][0].clone())
            .expect("waiting to swear")
    };
    assert!(status_of(appointed[0])["Overdue"]["days_late"]
        .as_i64()
        .is_some_and(|d| d > 0));
    assert!(status_of(appointed[1])["Pending"]["days_left"]
        .as_i64()
        .is_some_and(|d| d > 0));

    // An individual oath has one taker; a collective one needs its leader.
    let ids: Vec<(String, String)> = appointed
        .iter()
        .map(|id| (format!("ids[{id}]"), id.to_string()))
        .collect();
    let mut oath: Vec<(&str, &str)> = vec![
        ("form", "individual"),
        ("place", "市人大常委会会议厅"),
        ("held_at", "2026-12-03T15:00"),
    ];
    oath.extend(ids.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let two_alone = staff.form("/api/appointments/oath", &oath).await;
    assert_eq!(
        two_alone.json()["Invalid"]["field"],
        json!("ids"),
        "{}",
        two_alone.body
    );
    oath[0] = ("form", "collective");
    let no_leader = staff.form("/api/appointments/oath", &oath).await;
    assert_eq!(no_leader.json()["Invalid"]["field"], json!("leader"));
    oath.push(("leader", "周文"));
    staff.form("/api/appointments/oath", &oath).await.ok();
    let sworn = detail(&staff, appointed[1]).await;
    assert!(sworn["row"]["oath"][0]["Sworn"].is_object(), "{sworn}");
    assert_eq!(sworn["oath"]["leader"], json!("周文"));

    // A 不满意 evaluation needs its follow-up.
    let report = |follow_up: &'static str, satisfied: &'static str, dissatisfied: &'static str| {
        let staff = staff.clone();
        let id = appointed[1].to_string();
        async move {
            staff
                .form(
                    "/api/appointments/report",
                    &[
                        ("nomination_id", id.as_str()),
                        ("form", "oral"),
                        ("reported_on", &date_in(0)),
                        ("meeting", "第二十七次会议"),
                        ("satisfied", satisfied),
                        ("basically_satisfied", "5"),
                        ("dissatisfied", dissatisfied),
                        ("members", "45"),
                        ("follow_up", follow_up),
                    ],
                )
                .await
        }
    };
    assert_eq!(
        report("", "10", "30").await.json()["Invalid"]["field"],
        json!("follow_up")
    );
    report("主任会议约谈，限期三个月整改", "10", "30")
        .await
        .ok();
    report("", "35", "2").await.ok();

    // A district appoints one more; the city sees both and their sum.
    let district = app.district("500102", "涪陵区").await;
    let district_staff = app.staff(district, Role::Staff).await;
    let district_meeting = meeting(&district_staff, "区人大常委会第九次会议").await;
    let card = fixture::id_card(20);
    let local = nominate(
        &district_staff,
        "冯建华",
        &card,
        "涪陵区财政局局长",
        "government",
    )
    .await;
    step(
        &district_staff,
        local,
        "exemption",
        &[
            ("ground", "internal_transfer"),
            ("basis", "区委组织部函"),
            ("approver", "区主任会议"),
        ],
    )
    .await
    .ok();
    step(
        &district_staff,
        local,
        "agenda",
        &[("meeting_id", &district_meeting.to_string())],
    )
    .await
    .ok();
    step(
        &district_staff,
        local,
        "statement",
        &[("statement", "made")],
    )
    .await
    .ok();
    step(
        &district_staff,
        local,
        "vote",
        &[
            ("votes_for", "20"),
            ("votes_against", "1"),
            ("votes_abstain", "0"),
            ("members", "29"),
            ("appointed_on", &date_in(0)),
        ],
    )
    .await
    .ok();

    let year = date_in(0)[..4].to_owned();
    let stats = staff
        .form("/api/appointments/stats", &[("year", &year)])
        .await
        .ok();
    let rows = stats["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2, "{stats}");
    let city = &rows[0]["stats"];
    // Counted only when they fall in this year: the appointment 40 days ago may not.
    let early_in_year = date_in(-40)[..4] != year;
    let city_appointed = if early_in_year { 1 } else { 2 };
    assert_eq!(city["sittings_held"], json!(2));
    assert_eq!(city["nominees_sat"], json!(2));
    assert_eq!(city["nominees_passed"], json!(2));
    assert_eq!(city["appointments"], json!(city_appointed));
    assert_eq!(city["statements"], json!(city_appointed));
    assert_eq!(city["oaths"], json!(2));
    assert_eq!(city["reports"], json!(2));
    assert_eq!(
        (city["satisfied"].clone(), city["dissatisfied"].clone()),
        (json!(1), json!(1))
    );
    let local_stats = &rows[1]["stats"];
    assert_eq!(
        (
            local_stats["appointments"].clone(),
            local_stats["sittings_held"].clone()
        ),
        (json!(1), json!(0))
    );
    assert_eq!(stats["total"]["appointments"], json!(city_appointed + 1));
    assert_eq!(stats["total"]["reports"], json!(2));
    // The district sees only its own row.
    let own = district_staff
        .form("/api/appointments/stats", &[("year", &year)])
        .await
        .ok();
    assert_eq!(own["rows"].as_array().map(Vec::len), Some(1));

    // The person's timeline runs from nomination to the reports.
    let person = app
        .sql_i64("SELECT person_id FROM nominations WHERE post = '吴海燕拟任职务'")
        .await;
    let timeline = staff
        .form_id("/api/appointments/timeline", "person_id", person)
        .await
        .ok();
    let said: Vec<String> = timeline
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["zh"].as_str().unwrap_or_default().to_owned())
        .collect();
    for expected in [
        "人民政府提请任命",
        "成绩30分，合格",
        "合格记录",
        "列入",
        "表态发言",
        "表决通过",
        "集体宣誓",
        "满意度测评：不满意",
    ] {
        assert!(
            said.iter().any(|s| s.contains(expected)),
            "{expected} in {said:?}"
        );
    }
}
