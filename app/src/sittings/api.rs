//! One argument per form field keeps the plain-HTML forms working without JavaScript.
#![allow(
    clippy::too_many_arguments,
    reason = "server functions take one argument per form field"
)]

use std::collections::HashMap;

use leptos::prelude::*;

use super::{IssuedTicket, SittingDetail, SittingSummary};
use crate::error::AppError;

/// The session key of the last issued ticket, so a plain-HTML form post (no JavaScript)
/// can show the one-time access code on the page it returns to.
#[cfg(feature = "ssr")]
const ISSUED_KEY: &str = "issued_ticket";

/// Sittings in the caller's jurisdiction and below.
#[server(prefix = "/api", endpoint = "sittings/list")]
pub async fn list_sittings() -> Result<Vec<SittingSummary>, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    respond(async {
        let (user, state) = require_staff(Permission::ViewSittings).await?;
        Ok(state
            .store
            .sittings_in_scope(&user.jurisdiction_path)
            .await?)
    })
    .await
}

/// Creates a sitting in the caller's jurisdiction and opens its page.
/// `question_ids` comes from checkboxes named `question_ids[<id>]`.
#[server(prefix = "/api", endpoint = "sittings/create")]
pub async fn create_sitting(
    title: String,
    #[server(default)] venue: String,
    opens_at: String,
    closes_at: String,
    duration_minutes: i64,
    pass_mark: i64,
    points_each: i64,
    #[server(default)] question_ids: HashMap<String, i64>,
) -> Result<i64, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    use question_bank::sitting::{SittingDraft, SittingPlan};
    respond(async {
        let (user, state) = require_staff(Permission::ManageSittings).await?;
        let mut question_ids: Vec<i64> = question_ids.into_values().collect();
        question_ids.sort_unstable();
        let draft = SittingDraft {
            title,
            venue,
            opens_at,
            closes_at,
            duration_minutes,
            pass_mark,
            points_each,
            question_ids,
        };
        let plan = SittingPlan::parse(draft).map_err(|e| AppError::field(e.field(), &e))?;
        let id = state
            .store
            .create_sitting(
                &user.actor(),
                user.jurisdiction_id,
                &user.jurisdiction_path,
                &plan,
            )
            .await?;
        leptos_axum::redirect(&format!("/staff/sittings/{id}"));
        Ok(id)
    })
    .await
}

/// One sitting with its questions and candidates; also hands over (once) a just-issued ticket.
#[server(prefix = "/api", endpoint = "sittings/detail")]
pub async fn get_sitting(sitting_id: i64) -> Result<SittingDetail, AppError> {
    use super::{CandidateRow, CandidateStatus};
    use crate::auth::guard::{require_staff, respond, session};
    use crate::auth::Permission;
    use question_bank::identity::IdCardNumber;
    respond(async {
        let (user, state) = require_staff(Permission::ViewSittings).await?;
        let record = state
            .store
            .sitting_detail(&user.jurisdiction_path, sitting_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let session = session().await?;
        let issued = match session.get::<IssuedTicket>(ISSUED_KEY).await.ok().flatten() {
            Some(ticket) if ticket.sitting_id == sitting_id => {
                let _ = session.remove::<IssuedTicket>(ISSUED_KEY).await;
                Some(ticket)
            }
            _ => None,
        };
        let candidates = record
            .candidates
            .into_iter()
            .map(|c| CandidateRow {
                status: match (c.started, c.finish_reason.as_deref()) {
                    (false, _) => CandidateStatus::NotStarted,
                    (true, None) => CandidateStatus::InProgress,
                    (true, Some("deadline")) => CandidateStatus::TimedOut,
                    (true, Some(_)) => CandidateStatus::Submitted,
                },
                id_card_masked: IdCardNumber::parse(&c.id_card_number)
                    .map_or_else(|_| "—".to_owned(), |n| n.masked()),
                id: c.id,
                name: c.name,
                ticket_number: c.ticket_number,
                answered: c.answered,
                score: c.score,
                passed: c.passed,
            })
            .collect();
        Ok(SittingDetail {
            summary: record.summary,
            questions: record.questions,
            candidates,
            issued,
        })
    })
    .await
}

/// Enrols a nominee by name and ID-card number and issues an admission ticket with a
/// one-time access code.
#[server(prefix = "/api", endpoint = "sittings/enrol")]
pub async fn enrol_candidate(
    sitting_id: i64,
    name: String,
    id_card: String,
) -> Result<IssuedTicket, AppError> {
    use super::repo::Enrolment;
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::{password, Permission};
    use question_bank::identity::IdCardNumber;
    respond(async {
        let (user, state) = require_staff(Permission::ManageSittings).await?;
        let name = name.trim().to_owned();
        if name.is_empty() {
            return Err(AppError::invalid(
                Some("name"),
                "请填写考生姓名。",
                "Enter the candidate's name.",
            ));
        }
        let id_card = IdCardNumber::parse(&id_card).map_err(|e| AppError::field("id_card", &e))?;
        let (access_code, hash) = password::new_access_code();
        let enrolment = Enrolment {
            sitting_id,
            id_card: &id_card,
            name: &name,
            access_code_hash: &hash,
        };
        let (_, ticket_number) = state
            .store
            .enrol_candidate(&user.actor(), &user.jurisdiction_path, enrolment)
            .await?;
        hand_over(IssuedTicket {
            sitting_id,
            name,
            ticket_number,
            access_code,
        })
        .await
    })
    .await
}

/// Issues a new access code for a candidate (a lost slip, or continuing on another PC).
#[server(prefix = "/api", endpoint = "sittings/reissue-code")]
pub async fn reissue_access_code(
    candidate_id: i64,
    reason: String,
) -> Result<IssuedTicket, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::{password, Permission};
    respond(async {
        let (user, state) = require_staff(Permission::ManageSittings).await?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                Some("reason"),
                "请填写重新发放访问码的原因。",
                "Give the reason for issuing a new code.",
            ));
        }
        let (access_code, hash) = password::new_access_code();
        let (sitting_id, name, ticket_number) = state
            .store
            .reissue_access_code(
                &user.actor(),
                &user.jurisdiction_path,
                candidate_id,
                &hash,
                reason,
            )
            .await?;
        hand_over(IssuedTicket {
            sitting_id,
            name,
            ticket_number,
            access_code,
        })
        .await
    })
    .await
}

#[cfg(feature = "ssr")]
async fn hand_over(ticket: IssuedTicket) -> Result<IssuedTicket, AppError> {
    let session = crate::auth::guard::session().await?;
    session
        .insert(ISSUED_KEY, &ticket)
        .await
        .map_err(|e| crate::state::StoreError::Backend(format!("session: {e}")))?;
    Ok(ticket)
}
