//! The demo: a city with two districts, one staff account per role, questions cited from
//! the Constitution, a sitting open now with three candidates, a published sitting, a closed
//! one whose short answers wait for the markers, and a district sitting.
//! Every password and access code is random and printed once; none is fixed anywhere.

use app::audit::Actor;
use app::auth::repo::AccountRepo;
use app::auth::{password, Role};
use app::bank::repo::QuestionRepo;
use app::exam::repo::{AnswerSave, AttemptRepo};
use app::results::repo::ResultsRepo;
use app::sittings::repo::{Enrolment, SittingRepo, StateChange};
use app::state::{now_ms, StoreError};
use question_bank::appointments::identity::IdCardNumber;
use question_bank::bank::question::{Answer, Question, QuestionDraft, QuestionStatus};
use question_bank::exam::blueprint::Blueprint;
use question_bank::exam::clock::{format_cst, to_cst_input, MINUTE_MS};
use question_bank::exam::lifecycle::Transition;
use question_bank::exam::rules::{PaperMode, ReviewPolicy};
use question_bank::exam::scoring::MultiChoicePolicy;
use question_bank::exam::sitting::{SittingDraft, SittingPlan};

use crate::db::Db;

/// The logins the demo created, to print once.
pub struct DemoLogins {
    seeded: usize,
    staff: Vec<(String, String, String)>,
    candidates: Vec<(String, String, String)>,
    practising: (String, String, String),
    result: (String, String, String),
    sitting: String,
}

/// The address a person types for a server listening on `addr` ("0.0.0.0" is every
/// interface: this machine's own is 127.0.0.1).
pub fn browsable(addr: std::net::SocketAddr) -> String {
    let host = if addr.ip().is_unspecified() {
        std::net::IpAddr::from([127, 0, 0, 1])
    } else {
        addr.ip()
    };
    format!("http://{}", std::net::SocketAddr::new(host, addr.port()))
}

impl DemoLogins {
    /// Prints the logins to standard output, with links to the server at `base`.
    pub fn print(&self, base: &str) {
        println!("\n==== 演示数据已创建 Demo data created (shown once) ====");
        println!("{}", self.sitting);
        println!(
            "题库 Question bank: {} 道引用法条的试题 cited questions",
            self.seeded + QUESTIONS.len() + 1 // and the short answer
        );
        println!("\n工作人员 Staff  →  {base}/login");
        for (role, username, secret) in &self.staff {
            println!("  {role:<24} 用户名 {username:<12} 密码 {secret}");
        }
        println!("\n考生 Candidates  →  {base}/exam/login");
        for (name, ticket, code) in &self.candidates {
            println!("  {name:<6} 准考证号 {ticket}  访问码 {code}");
        }
        let (name, ticket, code) = &self.practising;
        println!("\n考前练习 Practice (东湖区，下周考试)  →  {base}/practice/login");
        println!("  {name:<6} 准考证号 {ticket}  访问码 {code}");
        let (name, ticket, code) = &self.result;
        println!("\n成绩查询 Results (已发布的考试)  →  {base}/results/login");
        println!("  {name:<6} 准考证号 {ticket}  访问码 {code}");
        println!("======================================================\n");
    }
}

/// One demo question.
struct DemoQuestion {
    kind: &'static str,
    stem: &'static str,
    options: &'static [&'static str],
    key: &'static str,
    explanation: &'static str,
    difficulty: i64,
    article: i64,
}

impl DemoQuestion {
    fn draft(&self) -> QuestionDraft {
        QuestionDraft {
            bank: "common".into(),
            kind: self.kind.into(),
            stem: self.stem.into(),
            options: self.options.iter().map(|o| (*o).to_owned()).collect(),
            key: self.key.into(),
            marking_points: Vec::new(),
            explanation: self.explanation.into(),
            difficulty: self.difficulty,
            law: "constitution".into(),
            article: self.article,
            paragraph: None,
            tags: vec!["演示".into()],
        }
    }
}

/// Each checked against the text of the Constitution in shared/laws/constitution.md, and
/// meeting the bank's quality rules (question_bank::bank::quality) like the seed.
const QUESTIONS: &[DemoQuestion] = &[
    DemoQuestion { kind: "single_choice", stem: "根据宪法，中华人民共和国的一切权力属于（ ）。", options: &["人民", "全国人民代表大会", "全国人民代表大会常务委员会", "中华人民共和国主席"], key: "A", explanation: "宪法第二条第一款：“中华人民共和国的一切权力属于人民。”", difficulty: 1, article: 2 },
    DemoQuestion { kind: "single_choice", stem: "根据宪法，人民行使国家权力的机关是（ ）。", options: &["全国人民代表大会和地方各级人民代表大会", "国务院和地方各级人民政府", "全国人民代表大会常务委员会和地方各级人民代表大会常务委员会", "中国人民政治协商会议"], key: "A", explanation: "宪法第二条第二款：“人民行使国家权力的机关是全国人民代表大会和地方各级人民代表大会。”", difficulty: 2, article: 2 },
    DemoQuestion { kind: "single_choice", stem: "根据宪法，中华人民共和国实行（ ），建设社会主义法治国家。", options: &["依法治国", "民主集中制", "人民代表大会制度", "多党合作和政治协商制度"], key: "A", explanation: "宪法第五条第一款：“中华人民共和国实行依法治国，建设社会主义法治国家。”", difficulty: 1, article: 5 },
    DemoQuestion { kind: "true_false", stem: "国家工作人员就职时应当依照法律规定公开进行宪法宣誓。", options: &[], key: "正确", explanation: "宪法第二十七条第三款：“国家工作人员就职时应当依照法律规定公开进行宪法宣誓。”", difficulty: 1, article: 27 },
    DemoQuestion { kind: "true_false", stem: "地方各级人民代表大会每届任期三年。", options: &[], key: "错误", explanation: "宪法第九十八条：“地方各级人民代表大会每届任期五年。”", difficulty: 2, article: 98 },
    DemoQuestion { kind: "multiple_choice", stem: "根据宪法，县级以上的地方各级人民代表大会常务委员会监督本级（ ）的工作。", options: &["人民政府", "监察委员会", "中国人民政治协商会议委员会", "上一级人民代表大会常务委员会", "人民法院和人民检察院"], key: "ABE", explanation: "宪法第一百零四条：“监督本级人民政府、监察委员会、人民法院和人民检察院的工作”。", difficulty: 3, article: 104 },
    DemoQuestion { kind: "multiple_choice", stem: "根据宪法第三十三条，下列说法正确的有（ ）。", options: &["中华人民共和国公民在法律面前一律平等", "国家尊重和保障人权", "公民享有宪法和法律规定的权利，可以不履行义务", "凡在中华人民共和国境内居住的人都是中华人民共和国公民"], key: "AB", explanation: "宪法第三十三条：“凡具有中华人民共和国国籍的人都是中华人民共和国公民。”“中华人民共和国公民在法律面前一律平等。”“国家尊重和保障人权。”“任何公民享有宪法和法律规定的权利，同时必须履行宪法和法律规定的义务。”", difficulty: 2, article: 33 },
    DemoQuestion { kind: "true_false", stem: "县级以上的地方各级人民代表大会常务委员会依照法律规定的权限决定国家机关工作人员的任免。", options: &[], key: "正确", explanation: "宪法第一百零四条：“依照法律规定的权限决定国家机关工作人员的任免”。", difficulty: 2, article: 104 },
    DemoQuestion { kind: "single_choice", stem: "根据宪法，中华人民共和国的国家机构实行（ ）的原则。", options: &["民主集中制", "三权分立", "联邦分权", "地方自治"], key: "A", explanation: "宪法第三条第一款：“中华人民共和国的国家机构实行民主集中制的原则。”", difficulty: 2, article: 3 },
    DemoQuestion { kind: "true_false", stem: "一切法律、行政法规和地方性法规都不得同全国人民代表大会常务委员会的决定相抵触。", options: &[], key: "错误", explanation: "宪法第五条第三款：“一切法律、行政法规和地方性法规都不得同宪法相抵触。”", difficulty: 2, article: 5 },
];

/// Demo candidates: (name, ID-card number with a valid check character).
/// Enrolled in the district's sitting next week, to show practice and mock exams.
const PRACTISING: (&str, &str) = ("陈晓明", "42010619750315003X");

const CANDIDATES: &[(&str, &str)] = &[
    ("王建国", "11010519491231002X"),
    ("李秀兰", "110101198001010010"),
    ("张卫东", "510104197210100011"),
];

/// The people who sat the demo's published sitting.
const SAT: &[&str] = &[
    "赵明",
    "钱丽华",
    "孙志强",
    "周文",
    "吴海燕",
    "郑国栋",
    "冯建华",
    "褚晓静",
];

/// The people whose papers, with a short answer, wait for the markers; and what they wrote.
const WRITING: &[(&str, &str)] = &[
    ("何志远", "国家机构实行民主集中制的原则。人民代表大会由民主选举产生，对人民负责，受人民监督；行政、监察、审判、检察机关由人大产生，对它负责，受它监督。"),
    ("林雅琴", "实行民主集中制。各级人大由选举产生，对人民负责。"),
    ("高德明", "少数服从多数。"),
];

/// The demo's short answer (20 points), cited from the Constitution, Art. 3.
fn short_answer_draft() -> QuestionDraft {
    QuestionDraft {
        bank: "common".into(),
        kind: "short_answer".into(),
        stem: "简述我国国家机构实行的组织和活动原则，以及人民代表大会与其他国家机关的关系。".into(),
        options: Vec::new(),
        key: "中华人民共和国的国家机构实行民主集中制的原则。全国人民代表大会和地方各级人民代表大会都由民主选举产生，对人民负责，受人民监督。国家行政机关、监察机关、审判机关、检察机关都由人民代表大会产生，对它负责，受它监督。".into(),
        marking_points: vec![
            "国家机构实行民主集中制的原则（8分）".into(),
            "人民代表大会由民主选举产生，对人民负责，受人民监督（6分）".into(),
            "行政、监察、审判、检察机关由人民代表大会产生，对它负责，受它监督（6分）".into(),
        ],
        explanation: "宪法第三条：“中华人民共和国的国家机构实行民主集中制的原则。”“全国人民代表大会和地方各级人民代表大会都由民主选举产生，对人民负责，受人民监督。”“国家行政机关、监察机关、审判机关、检察机关都由人民代表大会产生，对它负责，受它监督。”".into(),
        difficulty: 2,
        law: "constitution".into(),
        article: 3,
        paragraph: None,
        tags: vec!["演示".into()],
    }
}

/// A valid ID-card number for the `n`th demo person (born 1965-03-01).
fn demo_id_card(n: usize) -> String {
    IdCardNumber::complete(&format!("42010219650301{:03}", 100 + n))
        .map(|id| id.as_str().to_owned())
        .unwrap_or_default()
}

/// A wrong answer to a question with this key.
fn wrong(key: &Answer) -> Answer {
    match key {
        Answer::Judgement(b) => Answer::Judgement(!b),
        Answer::Choices(set) if set.contains(&0) => Answer::Choices([1].into()),
        Answer::Choices(_) | Answer::Text(_) => Answer::Choices([0].into()),
    }
}

/// Enrols a demo candidate, as at `at`; returns (candidate id, ticket number, access code).
async fn enrol(
    db: &Db,
    actor: &Actor,
    (scope_path, sitting_id): (&str, i64),
    name: &str,
    id_card: &str,
    at: i64,
) -> Result<(i64, String, String), StoreError> {
    let id_card = IdCardNumber::parse(id_card)
        .map_err(|e| StoreError::backend(format!("demo ID invalid: {e}")))?;
    let (code, hash) = password::new_access_code();
    let enrolment = Enrolment {
        sitting_id,
        id_card: &id_card,
        name,
        access_code_hash: &hash,
        details: Default::default(),
    };
    let (id, ticket) = db
        .enrol_candidate_at(actor, scope_path, enrolment, at)
        .await?;
    Ok((id, ticket, code))
}

/// Seeds the demo into an empty database.
pub async fn seed(db: &Db) -> Result<DemoLogins, StoreError> {
    let city = db
        .ensure_jurisdiction("JC", "江城市人大常委会", None)
        .await?;
    let east = db
        .ensure_jurisdiction("JC-DH", "东湖区人大常委会", Some("JC"))
        .await?;
    db.ensure_jurisdiction("JC-XS", "西山区人大常委会", Some("JC"))
        .await?;
    let seed_actor = Actor {
        jurisdiction_id: Some(city),
        ..Actor::system("demo seed")
    };

    let mut staff = Vec::new();
    for (jurisdiction, username, name, role) in [
        (city, "admin", "市级管理员", Role::Admin),
        (city, "staff", "市人事代表工委 陈静", Role::Staff),
        (city, "proctor", "监考 刘洋", Role::Proctor),
        (city, "grader", "阅卷 赵敏", Role::Grader),
        (city, "grader2", "阅卷 钱伟", Role::Grader),
        // 双评 needs a third marker for a difference beyond the margin (仲裁).
        (city, "grader3", "阅卷 孙立（仲裁）", Role::Grader),
        (city, "reviewer", "复核 周平", Role::Reviewer),
        (east, "dh-staff", "东湖区 工作人员 孙丽", Role::Staff),
    ] {
        let secret = password::generate();
        db.create_staff(
            &seed_actor,
            jurisdiction,
            username,
            name,
            role,
            &password::hash(&secret),
        )
        .await?;
        staff.push((
            format!("{} {}", role.label(app::i18n::Lang::Zh), name),
            username.to_owned(),
            secret,
        ));
    }

    let mut question_ids = Vec::new();
    let mut keys = Vec::new();
    for q in QUESTIONS {
        let question = Question::parse(q.draft())
            .map_err(|e| StoreError::backend(format!("demo question invalid: {e}")))?;
        keys.push(question.key().clone());
        question_ids.push(
            db.create_question(&seed_actor, city, &question, QuestionStatus::Active)
                .await?,
        );
    }

    let seed = question_bank::bank::seed::questions().map_err(StoreError::backend)?;
    let seeded = db
        .import_questions(&seed_actor, city, &seed, "seed bank")
        .await?;

    let now = now_ms();
    let opens = now - 10 * MINUTE_MS;
    let plan = |title: &str, opens_at: i64, hours: i64, mode: PaperMode| {
        let blueprint = mode.uses_blueprint().then(Blueprint::published);
        SittingPlan::parse(SittingDraft {
            title: title.into(),
            venue: "市人大机关三楼考场".into(),
            opens_at: to_cst_input(opens_at),
            closes_at: to_cst_input(opens_at + hours * 60 * MINUTE_MS),
            duration_minutes: 90,
            pass_mark: 60,
            late_entry_minutes: None,
            retakes_allowed: 1,
            review: ReviewPolicy::Full,
            multi_choice: MultiChoicePolicy::PartialCredit { percent: 50 },
            marking: question_bank::results::marking::MarkingPlan::Double { margin: 2 },
            paper_mode: mode,
            points_each: 100 / question_ids.len() as i64,
            question_ids: if blueprint.is_some() {
                Vec::new()
            } else {
                question_ids.clone()
            },
            blueprint,
        })
        .map_err(|e| StoreError::backend(format!("demo sitting invalid: {e}")))
    };
    let open_plan = plan(
        "2026年第四次任前法律知识考试（演示）",
        opens,
        4,
        PaperMode::Fixed,
    )?;
    let (city_path, east_path) = (format!("/{city}/"), format!("/{city}/{east}/"));
    // Any seed will do for the demo; it is stored with the sitting.
    let seed = now as u64;
    let sitting = db
        .create_sitting(&seed_actor, city, &city_path, &open_plan, seed)
        .await?;
    let mut candidates = Vec::new();
    for (name, id_card) in CANDIDATES {
        let (_, ticket, code) =
            enrol(db, &seed_actor, (&city_path, sitting), name, id_card, now).await?;
        candidates.push(((*name).to_owned(), ticket, code));
    }
    // A state change made by the seed, at `at`.
    let step_at = |sitting_id, transition, at| StateChange {
        sitting_id,
        transition,
        reason: "",
        now: at,
        grace_ms: 0,
        lot: 0,
    };
    // … and at `now`.
    let step = |sitting_id, transition| step_at(sitting_id, transition, now);
    for transition in [Transition::Schedule, Transition::Open] {
        db.change_state(&seed_actor, &city_path, step(sitting, transition))
            .await?;
    }
    // Ten days ago another sitting was held, and two days later its results were published:
    // its report, the item analysis and a result to look up. The appointments below follow
    // from it, so it comes first in time too (exam, publication, agenda, vote, certificate,
    // oath).
    let held_opens = now - HELD_DAYS_AGO * DAY_MS;
    let held_closes = held_opens + 4 * 60 * MINUTE_MS;
    let held = db
        .create_sitting(
            &seed_actor,
            city,
            &city_path,
            &plan(
                "2026年第三次任前法律知识考试（演示，成绩已发布）",
                held_opens,
                4,
                PaperMode::Fixed,
            )?,
            seed,
        )
        .await?;
    for transition in [Transition::Schedule, Transition::Open] {
        db.change_state(
            &seed_actor,
            &city_path,
            step_at(held, transition, held_opens),
        )
        .await?;
    }
    let mut result_login = None;
    for (k, name) in SAT.iter().enumerate() {
        let (candidate, ticket, code) = enrol(
            db,
            &seed_actor,
            (&city_path, held),
            name,
            &demo_id_card(k),
            held_opens - DAY_MS,
        )
        .await?;
        let began = held_opens + (5 + k as i64) * MINUTE_MS;
        let attempt = db.start_attempt(candidate, began, seed).await?;
        // Seeded saves come from no session: the candidate's current generation.
        let generation = db.session_generation(candidate).await?.unwrap_or_default();
        for (i, (question_id, key)) in question_ids.iter().zip(&keys).enumerate() {
            // Candidate k misses a few questions, more the further down the list.
            let answer = if (i * 3 + k * 7) % 10 < 9 - k {
                key.clone()
            } else {
                wrong(key)
            };
            let save = AnswerSave {
                candidate_id: candidate,
                generation,
                attempt_id: attempt.id,
                question_id: *question_id,
                answer: &answer,
                seq: i as i64 + 1,
            };
            // A question every 30 seconds, well inside the 90 minutes.
            db.save_answer(save, began + (i as i64 + 1) * MINUTE_MS / 2, 0)
                .await?;
        }
        db.finish_attempt(candidate, attempt.id, began + 60 * MINUTE_MS)
            .await?;
        result_login.get_or_insert(((*name).to_owned(), ticket, code));
    }
    db.change_state(
        &seed_actor,
        &city_path,
        step_at(held, Transition::Close, held_closes),
    )
    .await?;
    db.publish_results(
        &seed_actor,
        &city_path,
        held,
        "演示：经审核无误",
        // The demo's few candidates are no measure of difficulty.
        &[],
        held_opens + PUBLISHED_DAYS_AFTER * DAY_MS,
    )
    .await?;
    // This morning's sitting had a short answer: handed in and closed, its scripts wait for
    // the markers (double marking), so its results cannot be published yet.
    let short = Question::parse(short_answer_draft())
        .map_err(|e| StoreError::backend(format!("demo question invalid: {e}")))?;
    let short_id = db
        .create_question(&seed_actor, city, &short, QuestionStatus::Active)
        .await?;
    let mut marking_plan = plan(
        "2026年第三次任前法律知识考试（演示，简答题阅卷中）",
        opens,
        4,
        PaperMode::Fixed,
    )?;
    let objective = &question_ids[..8];
    marking_plan.paper = question_bank::exam::sitting::PaperPlan::Fixed(
        objective
            .iter()
            .map(|&q| (q, 10))
            .chain([(short_id, 20)])
            .collect(),
    );
    let marking = db
        .create_sitting(&seed_actor, city, &city_path, &marking_plan, seed)
        .await?;
    for transition in [Transition::Schedule, Transition::Open] {
        db.change_state(&seed_actor, &city_path, step(marking, transition))
            .await?;
    }
    for (k, (name, text)) in WRITING.iter().enumerate() {
        let (candidate, _, _) = enrol(
            db,
            &seed_actor,
            (&city_path, marking),
            name,
            &demo_id_card(SAT.len() + k),
            now,
        )
        .await?;
        let attempt = db.start_attempt(candidate, now, seed).await?;
        let generation = db.session_generation(candidate).await?.unwrap_or_default();
        let written = Answer::Text((*text).to_owned());
        let answers = objective
            .iter()
            .zip(&keys)
            .map(|(q, key)| (*q, key.clone()))
            .chain([(short_id, written)]);
        for (i, (question_id, answer)) in answers.enumerate() {
            let save = AnswerSave {
                candidate_id: candidate,
                generation,
                attempt_id: attempt.id,
                question_id,
                answer: &answer,
                seq: i as i64 + 1,
            };
            db.save_answer(save, now, 0).await?;
        }
        db.finish_attempt(candidate, attempt.id, now).await?;
    }
    db.change_state(&seed_actor, &city_path, step(marking, Transition::Close))
        .await?;
    // The district draws a paper for every candidate, in the published pattern.
    let later = plan(
        "东湖区2026年第二次任前法律知识考试（演示）",
        now + 7 * 24 * 60 * MINUTE_MS,
        2,
        PaperMode::Drawn,
    )?;
    let east_actor = Actor {
        jurisdiction_id: Some(east),
        ..Actor::system("demo seed")
    };
    let east_sitting = db
        .create_sitting(&east_actor, east, &east_path, &later, seed)
        .await?;
    db.change_state(
        &east_actor,
        &east_path,
        step(east_sitting, Transition::Schedule),
    )
    .await?;
    // Enrolled next week: practises now.
    let (name, id_card) = PRACTISING;
    let (_, ticket, code) = enrol(
        db,
        &east_actor,
        (&east_path, east_sitting),
        name,
        id_card,
        now,
    )
    .await?;
    let practising = (name.to_owned(), ticket, code);
    // Next month the city uses papers A and B, one drawn by lot at the opening: a draft.
    let ab = plan(
        "2027年第一次任前法律知识考试（A/B卷，演示）",
        now + 30 * 24 * 60 * MINUTE_MS,
        2,
        PaperMode::AbByLot,
    )?;
    db.create_sitting(&seed_actor, city, &city_path, &ab, seed ^ 0xA_B)
        .await?;
    appointments(db, &seed_actor, city, &city_path, now).await?;
    Ok(DemoLogins {
        seeded,
        staff,
        candidates,
        practising,
        result: result_login.unwrap_or_default(),
        sitting: format!(
            "考试场次 Sitting: {}，{} 至 {}",
            open_plan.title,
            format_cst(open_plan.opens_at),
            format_cst(open_plan.closes_at)
        ),
    })
}

/// A day, in milliseconds.
const DAY_MS: i64 = 24 * 60 * MINUTE_MS;
/// The published sitting was held this many days before the seeding…
const HELD_DAYS_AGO: i64 = 10;
/// … and its results published this many days after it was held.
const PUBLISHED_DAYS_AFTER: i64 = 2;

/// The appointment chain: the city's rules (signer, committee size), a meeting next week,
/// and nominations of people who sat the published sitting: one appointed with its
/// certificate (its oath still due), one on the agenda, one waiting, one exempt.
async fn appointments(
    db: &Db,
    actor: &Actor,
    city: i64,
    city_path: &str,
    now: i64,
) -> Result<(), StoreError> {
    use app::appointments::repo::{AppointmentRepo, NewNomination, StepRecord};
    use question_bank::appointments::appointment::{
        Exemption, ExemptionGround, NominatingBody, Statement, VoteTally,
    };
    let (mut rules, _) = db.rules_for(city).await?;
    rules.appointment.chair_name = "李明华".into();
    rules.appointment.committee_members = 45;
    db.set_rules(actor, city, &rules, "演示：任命书署名与组成人员数")
        .await?;
    let day = DAY_MS;
    // Today's meeting, held after the exam (ten days ago) and its publication (eight).
    let meeting = db
        .create_meeting(actor, city, "江城市第十六届人大常委会第二十三次会议", now)
        .await?;
    let next = db
        .create_meeting(
            actor,
            city,
            "江城市第十六届人大常委会第二十四次会议",
            now + 7 * day,
        )
        .await?;
    let posts = [
        (
            "江城市财政局局长",
            NominatingBody::Government,
            "江府文〔2026〕31号",
        ),
        (
            "江城市教育局局长",
            NominatingBody::Government,
            "江府文〔2026〕32号",
        ),
        (
            "江城市中级人民法院审判员",
            NominatingBody::Court,
            "江中法〔2026〕8号",
        ),
        (
            "江城市民政局局长",
            NominatingBody::Government,
            "江府文〔2026〕33号",
        ),
    ];
    let people: Vec<(String, IdCardNumber)> = [0, 1, SAT.len() - 1, 2]
        .into_iter()
        .map(|k| {
            IdCardNumber::parse(&demo_id_card(k))
                .map(|card| (SAT[k].to_owned(), card))
                .map_err(|e| StoreError::backend(format!("demo ID invalid: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let rows: Vec<NewNomination<'_>> = people
        .iter()
        .zip(posts)
        .map(|((name, card), (post, body, document))| NewNomination {
            row: 0,
            name,
            id_card: card,
            current_post: "",
            post,
            body,
            document_number: document,
            meeting_id: Some(next),
            note: "",
        })
        .collect();
    let ids = db
        .create_nominations(actor, city, city_path, "演示", &rows)
        .await?;
    // The first was appointed at today's meeting, with its certificate; the oath is still
    // due.
    let steps = [
        StepRecord::Agenda {
            meeting_id: meeting,
        },
        StepRecord::Statement(Statement::Made),
        StepRecord::Vote {
            tally: VoteTally {
                for_: 41,
                against: 0,
                abstain: 2,
                members: 45,
            },
            on: now,
        },
        StepRecord::Certificate {
            number: "江人常任〔2026〕23号",
            signer: "李明华",
        },
    ];
    for step in steps {
        db.record_step(actor, city_path, ids[0], step, now).await?;
    }
    // The second is on next week's agenda; the third waits (its gate says why); the fourth
    // moved within the government and is exempt.
    db.record_step(
        actor,
        city_path,
        ids[1],
        StepRecord::Agenda { meeting_id: next },
        now,
    )
    .await
    .ok();
    let exemption = Exemption {
        ground: ExemptionGround::InternalTransfer,
        basis: "江组函〔2026〕15号".into(),
        approver: "主任会议".into(),
    };
    db.record_step(
        actor,
        city_path,
        ids[3],
        StepRecord::Exemption(exemption),
        now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use question_bank::bank::question::Question;

    #[test]
    fn the_demo_questions_meet_the_quality_rules() {
        let drafts = super::QUESTIONS
            .iter()
            .map(super::DemoQuestion::draft)
            .chain([super::short_answer_draft()]);
        for draft in drafts {
            let stem = draft.stem.clone();
            let question = Question::parse(draft).expect("a valid demo question");
            let shortfalls = question_bank::bank::quality::shortfalls(&question);
            assert!(shortfalls.is_empty(), "{stem}: {shortfalls:?}");
        }
    }

    #[test]
    fn the_printed_address_is_the_one_listened_on_and_browsable() {
        assert_eq!(
            super::browsable(([127, 0, 0, 1], 3456).into()),
            "http://127.0.0.1:3456"
        );
        assert_eq!(
            super::browsable(([0, 0, 0, 0], 8080).into()),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            super::browsable(([10, 1, 2, 3], 80).into()),
            "http://10.1.2.3:80"
        );
    }
}
