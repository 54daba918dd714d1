//! Appointments: nominations and each step recorded on them (the exam gate is checked in
//! the same transaction as the agenda step), meetings, oath ceremonies, performance reports
//! and the yearly statistics.

use question_bank::audit_action::AuditAction;
use std::collections::hash_map::Entry;
use std::collections::HashMap;

use app::appointments::repo::{
    AppointmentRepo, NewNomination, NewOath, NewReport, NominationFilter, NominationRecord,
    StepRecord,
};
use app::appointments::{AttemptLine, MeetingView, OathView, ReportView};
use app::audit::Actor;
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::appointments::appointment::AppointmentRefusal;
use question_bank::appointments::appointment::{
    appointed, CivilDate, Exemption, ExemptionError, ExemptionGround, NominatingBody, OathForm,
    OathTextVersion, ReportForm, Satisfaction, SatisfactionCounts, Statement, VoteTally, YearStats,
};
use question_bank::appointments::nomination::{after, check_step, NominationStatus};
use question_bank::exam::rules::ExamRules;
use question_bank::refusal::Refusal;
use question_bank::Bilingual;
use serde_json::json;
use sqlx::AnyConnection;

use crate::db::sittings::person_for;
use crate::db::{backend_error, AuditRecord, Db};

fn unknown(what: &str, value: &str) -> StoreError {
    StoreError::backend(format!("unknown {what} {value}"))
}

fn refused(e: impl Bilingual + Send + Sync + 'static) -> StoreError {
    StoreError::refused(Refusal::state(e))
}

fn invalid(field: &'static str, e: impl Bilingual + Send + Sync + 'static) -> StoreError {
    StoreError::refused(Refusal::field(field, e))
}

const NOMINATION_SELECT: &str = "SELECT n.id, n.jurisdiction_id, j.name AS jurisdiction_name, n.person_id, p.name, p.id_card_number, \
        n.current_post, n.post, n.body, n.document_number, n.note, n.meeting_id, m.title AS meeting_title, m.held_on AS meeting_held_on, \
        mj.name AS meeting_jurisdiction, n.status, n.created_at, n.agenda_at, n.exemption_ground, n.exemption_basis, n.exemption_approver, \
        n.statement, n.votes_for, n.votes_against, n.votes_abstain, n.members, n.appointed_on, n.certificate_number, n.certificate_signer, \
        (SELECT oc.held_at FROM oath_takers ot JOIN oath_ceremonies oc ON oc.id = ot.ceremony_id WHERE ot.nomination_id = n.id) AS sworn_at \
     FROM nominations n JOIN jurisdictions j ON j.id = n.jurisdiction_id JOIN people p ON p.id = n.person_id \
     LEFT JOIN meetings m ON m.id = n.meeting_id LEFT JOIN jurisdictions mj ON mj.id = m.jurisdiction_id";

/// A nominee's attempt: sitting id and title, finished at, score, passed, published at.
type AttemptRow = (i64, String, i64, Option<i64>, Option<i64>, Option<i64>);

#[derive(sqlx::FromRow)]
struct NominationRow {
    id: i64,
    jurisdiction_id: i64,
    jurisdiction_name: String,
    person_id: i64,
    name: String,
    id_card_number: String,
    current_post: String,
    post: String,
    body: String,
    document_number: String,
    note: String,
    meeting_id: Option<i64>,
    meeting_title: Option<String>,
    meeting_held_on: Option<i64>,
    meeting_jurisdiction: Option<String>,
    status: String,
    created_at: i64,
    agenda_at: Option<i64>,
    exemption_ground: Option<String>,
    exemption_basis: Option<String>,
    exemption_approver: Option<String>,
    statement: Option<String>,
    votes_for: Option<i64>,
    votes_against: Option<i64>,
    votes_abstain: Option<i64>,
    members: Option<i64>,
    appointed_on: Option<i64>,
    certificate_number: Option<String>,
    certificate_signer: Option<String>,
    sworn_at: Option<i64>,
}

impl Db {
    /// Nominations matching `filter` in reach, each with its nominee's exam record and its
    /// jurisdiction's rules; `lock` locks the rows (one nomination, in a write transaction).
    async fn load_nominations(
        &self,
        conn: &mut AnyConnection,
        scope_path: &str,
        filter: NominationFilter,
        lock: bool,
    ) -> Result<Vec<NominationRecord>, StoreError> {
        let sql = format!(
            "{NOMINATION_SELECT} WHERE j.path LIKE $1 || '%' AND ($2 = 0 OR n.status IN ('nominated', 'on_agenda')) \
             AND ($3 = 0 OR n.id = $3) AND ($4 = 0 OR n.person_id = $4) AND ($5 = 0 OR n.meeting_id = $5) \
             AND ($6 = 0 OR n.status = 'appointed') ORDER BY n.created_at DESC, n.id DESC{}",
            if lock { self.lock_rows("n") } else { String::new() }
        );
        let rows: Vec<NominationRow> = sqlx::query_as(&sql)
            .bind(scope_path)
            .bind(i64::from(filter.open_only))
            .bind(filter.id.unwrap_or(0))
            .bind(filter.person_id.unwrap_or(0))
            .bind(filter.meeting_id.unwrap_or(0))
            .bind(i64::from(filter.appointed_only))
            .fetch_all(&mut *conn)
            .await
            .map_err(backend_error)?;
        let mut rules: HashMap<i64, ExamRules> = HashMap::new();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            if let Entry::Vacant(slot) = rules.entry(r.jurisdiction_id) {
                slot.insert(self.rules_in_force(r.jurisdiction_id).await?.0);
            }
            let attempts: Vec<AttemptRow> = sqlx::query_as(
                "SELECT s.id, s.title, a.finished_at, a.score, a.passed, s.results_published_at \
                 FROM attempts a JOIN candidates c ON c.id = a.candidate_id JOIN sittings s ON s.id = c.sitting_id \
                 WHERE c.person_id = $1 AND a.finished_at IS NOT NULL AND a.voided_at IS NULL ORDER BY a.finished_at, a.id",
            )
            .bind(r.person_id)
            .fetch_all(&mut *conn)
            .await
            .map_err(backend_error)?;
            let passes: Vec<(i64,)> =
                sqlx::query_as("SELECT valid_until FROM pass_records WHERE person_id = $1")
                    .bind(r.person_id)
                    .fetch_all(&mut *conn)
                    .await
                    .map_err(backend_error)?;
            out.push(record(
                r,
                attempts,
                passes.into_iter().map(|(v,)| v).collect(),
                &rules,
            )?);
        }
        Ok(out)
    }

    async fn one_nomination(
        &self,
        conn: &mut AnyConnection,
        scope_path: &str,
        id: i64,
    ) -> Result<NominationRecord, StoreError> {
        let filter = NominationFilter {
            id: Some(id),
            ..Default::default()
        };
        self.load_nominations(conn, scope_path, filter, true)
            .await?
            .into_iter()
            .next()
            .ok_or(StoreError::NotFound)
    }

    /// A meeting in reach, or a refusal naming the field.
    async fn meeting_in_reach(
        conn: &mut AnyConnection,
        scope_path: &str,
        meeting_id: i64,
    ) -> Result<(), StoreError> {
        let found: Option<(i64,)> = sqlx::query_as(
            "SELECT m.id FROM meetings m JOIN jurisdictions j ON j.id = m.jurisdiction_id WHERE m.id = $1 AND j.path LIKE $2 || '%'",
        )
        .bind(meeting_id)
        .bind(scope_path)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend_error)?;
        found
            .map(|_| ())
            .ok_or_else(|| StoreError::refused(AppointmentRefusal::NoSuchMeeting))
    }
}

#[allow(
    clippy::type_complexity,
    reason = "the attempt rows of the query above"
)]
fn record(
    r: NominationRow,
    attempts: Vec<(i64, String, i64, Option<i64>, Option<i64>, Option<i64>)>,
    passes: Vec<i64>,
    rules: &HashMap<i64, ExamRules>,
) -> Result<NominationRecord, StoreError> {
    let exemption = match (r.exemption_ground, r.exemption_basis, r.exemption_approver) {
        (Some(ground), Some(basis), Some(approver)) => Some(Exemption {
            ground: ExemptionGround::parse(&ground).ok_or_else(|| unknown("ground", &ground))?,
            basis,
            approver,
        }),
        _ => None,
    };
    let vote = match (r.votes_for, r.votes_against, r.votes_abstain, r.members) {
        (Some(for_), Some(against), Some(abstain), Some(members)) => Some(VoteTally {
            for_,
            against,
            abstain,
            members,
        }),
        _ => None,
    };
    let meeting = match (r.meeting_id, r.meeting_title, r.meeting_held_on) {
        (Some(id), Some(title), Some(held_on)) => Some(MeetingView {
            id,
            title,
            held_on,
            jurisdiction_name: r.meeting_jurisdiction.unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(NominationRecord {
        id: r.id,
        jurisdiction_id: r.jurisdiction_id,
        jurisdiction_name: r.jurisdiction_name,
        person_id: r.person_id,
        name: r.name,
        id_card_number: r.id_card_number,
        current_post: r.current_post,
        post: r.post,
        body: NominatingBody::parse(&r.body).ok_or_else(|| unknown("body", &r.body))?,
        document_number: r.document_number,
        note: r.note,
        meeting,
        status: NominationStatus::parse(&r.status).ok_or_else(|| unknown("status", &r.status))?,
        created_at: r.created_at,
        agenda_at: r.agenda_at,
        exemption,
        statement: r
            .statement
            .map(|s| Statement::parse(&s).ok_or_else(|| unknown("statement", &s)))
            .transpose()?,
        vote,
        appointed_on: r.appointed_on,
        certificate_number: r.certificate_number,
        certificate_signer: r.certificate_signer,
        sworn_at: r.sworn_at,
        attempts: attempts
            .into_iter()
            .map(
                |(sitting_id, sitting_title, finished_at, score, passed, published)| AttemptLine {
                    sitting_id,
                    sitting_title,
                    finished_at,
                    score: score.filter(|_| published.is_some()),
                    passed: passed.filter(|_| published.is_some()).map(|p| p != 0),
                    published: published.is_some(),
                },
            )
            .collect(),
        passes,
        rules: rules.get(&r.jurisdiction_id).cloned().unwrap_or_default(),
    })
}

/// The instants a year (China Standard Time) starts and ends.
fn year_bounds(year: i32) -> (i64, i64) {
    let start = |y: i32| CivilDate::new(y, 1, 1).map_or(0, CivilDate::start_ms);
    (start(year), start(year.saturating_add(1)))
}

#[async_trait]
impl AppointmentRepo for Db {
    async fn create_nominations(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        source: &str,
        rows: &[NewNomination<'_>],
    ) -> Result<Vec<i64>, StoreError> {
        let now = app::state::now_ms();
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(rows.len());
        for r in rows {
            // A refusal of any row writes none; a list's names its row.
            let at_row = |e: StoreError| match r.row {
                0 => e,
                row => e.map_refusal(|why| why.at_row(row as u64)),
            };
            if let Some(meeting_id) = r.meeting_id {
                Self::meeting_in_reach(&mut tx, scope_path, meeting_id)
                    .await
                    .map_err(at_row)?;
            }
            let person_id = person_for(&mut tx, r.id_card, r.name, now)
                .await
                .map_err(at_row)?;
            let open: Option<(i64,)> = sqlx::query_as(
                "SELECT id FROM nominations WHERE person_id = $1 AND post = $2 AND status IN ('nominated', 'on_agenda')",
            )
            .bind(person_id)
            .bind(r.post)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend_error)?;
            if let Some((existing,)) = open {
                return Err(at_row(StoreError::Conflict(
                    AppointmentRefusal::AlreadyNominated {
                        name: r.name.to_string(),
                        post: r.post.to_string(),
                        existing,
                    }
                    .into(),
                )));
            }
            let (id,): (i64,) = sqlx::query_as(
                "INSERT INTO nominations (jurisdiction_id, person_id, current_post, post, body, document_number, note, meeting_id, status, created_by, created_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'nominated', $9, $10) RETURNING id",
            )
            .bind(jurisdiction_id)
            .bind(person_id)
            .bind(r.current_post)
            .bind(r.post)
            .bind(r.body.as_str())
            .bind(r.document_number)
            .bind(r.note)
            .bind(r.meeting_id)
            .bind(actor.user_id)
            .bind(now)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            AuditRecord::new(AuditAction::NominationCreate, "nomination", id)
                .jurisdiction(Some(jurisdiction_id))
                .detail(json!({ "source": source, "row": r.row, "name": r.name, "post": r.post, "body": r.body.as_str(), "document": r.document_number }))
                .append(&mut tx, actor, now)
                .await?;
            ids.push(id);
        }
        tx.commit().await.map_err(backend_error)?;
        Ok(ids)
    }

    async fn nominations(
        &self,
        scope_path: &str,
        filter: NominationFilter,
    ) -> Result<Vec<NominationRecord>, StoreError> {
        let mut conn = self.pool().acquire().await.map_err(backend_error)?;
        self.load_nominations(&mut conn, scope_path, filter, false)
            .await
    }

    async fn record_step(
        &self,
        actor: &Actor,
        scope_path: &str,
        nomination_id: i64,
        step: StepRecord<'_>,
        now: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        let n = self
            .one_nomination(&mut tx, scope_path, nomination_id)
            .await?;
        let reason = match &step {
            StepRecord::Defer { reason } | StepRecord::Withdraw { reason } => *reason,
            _ => "",
        };
        check_step(n.status, step.step(), n.statement.is_some(), reason).map_err(refused)?;
        let mut carried = false;
        let detail = match &step {
            StepRecord::Agenda { meeting_id } => {
                Self::meeting_in_reach(&mut tx, scope_path, *meeting_id).await?;
                // The exam gate, at this moment, with the jurisdiction's rules.
                let gate = n.gate(now).map_err(refused)?;
                sqlx::query("UPDATE nominations SET meeting_id = $1, agenda_at = $2 WHERE id = $3")
                    .bind(meeting_id)
                    .bind(now)
                    .bind(n.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                json!({ "meeting": meeting_id, "gate": gate })
            }
            StepRecord::Exemption(e) => {
                e.validate().map_err(|err| {
                    let field = match err {
                        ExemptionError::MissingApprover => "approver",
                        _ => "basis",
                    };
                    invalid(field, err)
                })?;
                if !e.ground.allowed_for(n.body) {
                    return Err(StoreError::refused(
                        AppointmentRefusal::QualificationGroundCourtsOnly,
                    ));
                }
                sqlx::query("UPDATE nominations SET exemption_ground = $1, exemption_basis = $2, exemption_approver = $3, exemption_at = $4 WHERE id = $5")
                    .bind(e.ground.as_str())
                    .bind(&e.basis)
                    .bind(&e.approver)
                    .bind(now)
                    .bind(n.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                json!({ "ground": e.ground.as_str(), "basis": e.basis, "approver": e.approver })
            }
            StepRecord::Statement(s) => {
                sqlx::query("UPDATE nominations SET statement = $1 WHERE id = $2")
                    .bind(s.as_str())
                    .bind(n.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                json!({ "statement": s.as_str() })
            }
            StepRecord::Vote { tally, on } => {
                tally.validate().map_err(|e| invalid("members", e))?;
                carried = appointed(tally);
                sqlx::query("UPDATE nominations SET votes_for = $1, votes_against = $2, votes_abstain = $3, members = $4, appointed_on = $5 WHERE id = $6")
                    .bind(tally.for_)
                    .bind(tally.against)
                    .bind(tally.abstain)
                    .bind(tally.members)
                    .bind(on)
                    .bind(n.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                json!({ "tally": tally, "carried": carried, "on": CivilDate::of_instant(*on).to_string() })
            }
            StepRecord::Certificate { number, signer } => {
                if number.is_empty() || signer.is_empty() {
                    return Err(StoreError::refused(
                        AppointmentRefusal::CertificateDetailsMissing,
                    ));
                }
                let taken: Option<(i64,)> = sqlx::query_as(
                    "SELECT id FROM nominations WHERE jurisdiction_id = $1 AND certificate_number = $2 AND id <> $3",
                )
                .bind(n.jurisdiction_id)
                .bind(number)
                .bind(n.id)
                .fetch_optional(&mut *tx)
                .await
                .map_err(backend_error)?;
                if taken.is_some() {
                    return Err(StoreError::Conflict(
                        AppointmentRefusal::CertificateNumberUsed {
                            number: number.to_string(),
                        }
                        .into(),
                    ));
                }
                sqlx::query("UPDATE nominations SET certificate_number = $1, certificate_signer = $2 WHERE id = $3")
                    .bind(number)
                    .bind(signer)
                    .bind(n.id)
                    .execute(&mut *tx)
                    .await
                    .map_err(backend_error)?;
                json!({ "number": number, "signer": signer })
            }
            StepRecord::Defer { .. } | StepRecord::Withdraw { .. } => json!({}),
        };
        let status = after(n.status, step.step(), carried);
        sqlx::query("UPDATE nominations SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(n.id)
            .execute(&mut *tx)
            .await
            .map_err(backend_error)?;
        AuditRecord::new(AuditAction::Nomination(step.step()), "nomination", n.id)
            .jurisdiction(Some(n.jurisdiction_id))
            .reason(Some(reason).filter(|r| !r.is_empty()))
            .detail(json!({ "name": n.name, "post": n.post, "from": n.status.as_str(), "to": status.as_str(), "step": detail }))
            .commit(tx, actor, now)
            .await
    }

    async fn create_meeting(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        title: &str,
        held_on: i64,
    ) -> Result<i64, StoreError> {
        let now = app::state::now_ms();
        let mut tx = self.begin_write().await?;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO meetings (jurisdiction_id, title, held_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
        )
        .bind(jurisdiction_id)
        .bind(title)
        .bind(held_on)
        .bind(actor.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord::new(AuditAction::MeetingCreate, "meeting", id)
            .jurisdiction(Some(jurisdiction_id))
            .detail(
                json!({ "title": title, "held_on": CivilDate::of_instant(held_on).to_string() }),
            )
            .commit(tx, actor, now)
            .await?;
        Ok(id)
    }

    async fn meetings(&self, scope_path: &str) -> Result<Vec<MeetingView>, StoreError> {
        let rows: Vec<(i64, String, i64, String)> = sqlx::query_as(
            "SELECT m.id, m.title, m.held_on, j.name FROM meetings m JOIN jurisdictions j ON j.id = m.jurisdiction_id \
             WHERE j.path LIKE $1 || '%' ORDER BY m.held_on DESC, m.id DESC",
        )
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|(id, title, held_on, jurisdiction_name)| MeetingView {
                id,
                title,
                held_on,
                jurisdiction_name,
            })
            .collect())
    }

    async fn record_oath(
        &self,
        actor: &Actor,
        jurisdiction_id: i64,
        scope_path: &str,
        oath: NewOath<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        if oath.form == OathForm::Individual && oath.nomination_ids.len() > 1 {
            return Err(StoreError::refused(
                AppointmentRefusal::IndividualOathOneTaker,
            ));
        }
        let mut tx = self.begin_write().await?;
        let mut takers = Vec::new();
        for &id in oath.nomination_ids {
            let n = self.one_nomination(&mut tx, scope_path, id).await?;
            if n.status != NominationStatus::Appointed || n.sworn_at.is_some() {
                return Err(StoreError::refused(
                    AppointmentRefusal::NotAppointedOrSworn {
                        name: n.name.to_string(),
                    },
                ));
            }
            takers.push(n.name);
        }
        let (ceremony,): (i64,) = sqlx::query_as(
            "INSERT INTO oath_ceremonies (jurisdiction_id, form, leader, place, held_at, text_version, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(jurisdiction_id)
        .bind(oath.form.as_str())
        .bind(oath.leader)
        .bind(oath.place)
        .bind(oath.held_at)
        .bind(oath.version.as_str())
        .bind(actor.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        for &id in oath.nomination_ids {
            sqlx::query("INSERT INTO oath_takers (ceremony_id, nomination_id) VALUES ($1, $2)")
                .bind(ceremony)
                .bind(id)
                .execute(&mut *tx)
                .await
                .map_err(backend_error)?;
        }
        AuditRecord::new(AuditAction::OathRecord, "oath", ceremony)
            .jurisdiction(Some(jurisdiction_id))
            .detail(json!({ "form": oath.form.as_str(), "leader": oath.leader, "place": oath.place, "text": oath.version.as_str(), "takers": takers, "nominations": oath.nomination_ids }))
            .commit(tx, actor, now)
            .await?;
        Ok(ceremony)
    }

    async fn oaths(&self, scope_path: &str) -> Result<Vec<OathView>, StoreError> {
        let ceremonies: Vec<(i64, String, String, String, i64, String)> = sqlx::query_as(
            "SELECT oc.id, oc.form, oc.leader, oc.place, oc.held_at, oc.text_version FROM oath_ceremonies oc \
             JOIN jurisdictions j ON j.id = oc.jurisdiction_id WHERE j.path LIKE $1 || '%' ORDER BY oc.held_at DESC, oc.id DESC",
        )
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        let takers: Vec<(i64, i64, String, String)> = sqlx::query_as(
            "SELECT ot.ceremony_id, n.id, p.name, n.post FROM oath_takers ot JOIN nominations n ON n.id = ot.nomination_id \
             JOIN people p ON p.id = n.person_id JOIN oath_ceremonies oc ON oc.id = ot.ceremony_id \
             JOIN jurisdictions j ON j.id = oc.jurisdiction_id WHERE j.path LIKE $1 || '%' ORDER BY n.id",
        )
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        ceremonies
            .into_iter()
            .map(|(id, form, leader, place, held_at, version)| {
                Ok(OathView {
                    id,
                    form: OathForm::parse(&form).ok_or_else(|| unknown("oath form", &form))?,
                    leader,
                    place,
                    held_at,
                    version: OathTextVersion::parse(&version)
                        .ok_or_else(|| unknown("oath text", &version))?,
                    takers: takers
                        .iter()
                        .filter(|t| t.0 == id)
                        .map(|(_, n, name, post)| (*n, name.clone(), post.clone()))
                        .collect(),
                })
            })
            .collect()
    }

    async fn record_report(
        &self,
        actor: &Actor,
        scope_path: &str,
        report: NewReport<'_>,
        now: i64,
    ) -> Result<i64, StoreError> {
        let mut tx = self.begin_write().await?;
        let n = self
            .one_nomination(&mut tx, scope_path, report.nomination_id)
            .await?;
        if n.status != NominationStatus::Appointed {
            return Err(StoreError::refused(
                AppointmentRefusal::OnlyAppointeeReports,
            ));
        }
        let result = report
            .counts
            .evaluate(&n.rules.appointment.satisfaction)
            .map_err(|e| invalid("members", e))?;
        if result.needs_follow_up() && report.follow_up.is_empty() {
            return Err(StoreError::refused(AppointmentRefusal::FollowUpNeeded));
        }
        let c = report.counts;
        let (id,): (i64,) = sqlx::query_as(
            "INSERT INTO performance_reports (nomination_id, form, reported_on, meeting, satisfied, basically_satisfied, dissatisfied, members, result, follow_up, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(n.id)
        .bind(report.form.as_str())
        .bind(report.reported_on)
        .bind(report.meeting)
        .bind(c.satisfied)
        .bind(c.basically_satisfied)
        .bind(c.dissatisfied)
        .bind(c.members)
        .bind(result.as_str())
        .bind(report.follow_up)
        .bind(actor.user_id)
        .bind(now)
        .fetch_one(&mut *tx)
        .await
        .map_err(backend_error)?;
        AuditRecord::new(AuditAction::ReportRecord, "nomination", n.id)
            .jurisdiction(Some(n.jurisdiction_id))
            .reason(Some(report.follow_up).filter(|f| !f.is_empty()))
            .detail(json!({ "report": id, "form": report.form.as_str(), "counts": c, "result": result.as_str() }))
            .commit(tx, actor, now)
            .await?;
        Ok(id)
    }

    async fn reports(&self, nomination_id: i64) -> Result<Vec<ReportView>, StoreError> {
        #[allow(clippy::type_complexity, reason = "one row of the query below")]
        let rows: Vec<(i64, String, i64, String, i64, i64, i64, i64, String, String)> = sqlx::query_as(
            "SELECT id, form, reported_on, meeting, satisfied, basically_satisfied, dissatisfied, members, result, follow_up \
             FROM performance_reports WHERE nomination_id = $1 ORDER BY reported_on, id",
        )
        .bind(nomination_id)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        rows.into_iter()
            .map(
                |(id, form, reported_on, meeting, s, b, d, members, result, follow_up)| {
                    Ok(ReportView {
                        id,
                        form: ReportForm::parse(&form)
                            .ok_or_else(|| unknown("report form", &form))?,
                        reported_on,
                        meeting,
                        counts: SatisfactionCounts {
                            satisfied: s,
                            basically_satisfied: b,
                            dissatisfied: d,
                            members,
                        },
                        result: Satisfaction::parse(&result)
                            .ok_or_else(|| unknown("result", &result))?,
                        follow_up,
                    })
                },
            )
            .collect()
    }

    async fn year_stats(
        &self,
        scope_path: &str,
        year: i32,
    ) -> Result<Vec<(String, YearStats)>, StoreError> {
        let (from, to) = year_bounds(year);
        let jurisdictions: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, name FROM jurisdictions WHERE path LIKE $1 || '%' ORDER BY path",
        )
        .bind(scope_path)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        let mut out = Vec::with_capacity(jurisdictions.len());
        for (id, name) in jurisdictions {
            let count = |sql: &'static str| {
                let pool = self.pool().clone();
                async move {
                    sqlx::query_as::<_, (i64,)>(sql)
                        .bind(id)
                        .bind(from)
                        .bind(to)
                        .fetch_one(&pool)
                        .await
                        .map(|(n,)| n)
                        .map_err(backend_error)
                }
            };
            let mut stats = YearStats {
                sittings_held: count(
                    "SELECT COUNT(*) FROM sittings WHERE jurisdiction_id = $1 AND opens_at >= $2 AND opens_at < $3 AND state IN ('closed', 'archived')",
                )
                .await?,
                nominees_sat: count(
                    "SELECT COUNT(DISTINCT c.person_id) FROM candidates c JOIN sittings s ON s.id = c.sitting_id JOIN attempts a ON a.candidate_id = c.id \
                     WHERE s.jurisdiction_id = $1 AND s.opens_at >= $2 AND s.opens_at < $3 AND a.finished_at IS NOT NULL AND a.voided_at IS NULL",
                )
                .await?,
                nominees_passed: count(
                    "SELECT COUNT(DISTINCT pr.person_id) FROM pass_records pr JOIN sittings s ON s.id = pr.sitting_id \
                     WHERE s.jurisdiction_id = $1 AND s.opens_at >= $2 AND s.opens_at < $3",
                )
                .await?,
                appointments: count(
                    "SELECT COUNT(*) FROM nominations WHERE jurisdiction_id = $1 AND appointed_on >= $2 AND appointed_on < $3 AND status = 'appointed'",
                )
                .await?,
                statements: count(
                    "SELECT COUNT(*) FROM nominations WHERE jurisdiction_id = $1 AND appointed_on >= $2 AND appointed_on < $3 AND statement IN ('made', 'written')",
                )
                .await?,
                oaths: count(
                    "SELECT COUNT(*) FROM oath_takers ot JOIN oath_ceremonies oc ON oc.id = ot.ceremony_id \
                     WHERE oc.jurisdiction_id = $1 AND oc.held_at >= $2 AND oc.held_at < $3",
                )
                .await?,
                reports: count(
                    "SELECT COUNT(*) FROM performance_reports pr JOIN nominations n ON n.id = pr.nomination_id \
                     WHERE n.jurisdiction_id = $1 AND pr.reported_on >= $2 AND pr.reported_on < $3",
                )
                .await?,
                ..YearStats::default()
            };
            let results: Vec<(String,)> = sqlx::query_as(
                "SELECT pr.result FROM performance_reports pr JOIN nominations n ON n.id = pr.nomination_id \
                 WHERE n.jurisdiction_id = $1 AND pr.reported_on >= $2 AND pr.reported_on < $3",
            )
            .bind(id)
            .bind(from)
            .bind(to)
            .fetch_all(self.pool())
            .await
            .map_err(backend_error)?;
            for (result,) in results {
                stats.count_result(
                    Satisfaction::parse(&result).ok_or_else(|| unknown("result", &result))?,
                );
            }
            out.push((name, stats));
        }
        Ok(out)
    }
}
