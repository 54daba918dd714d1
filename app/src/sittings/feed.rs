//! The proctor console's feed: a sitting's candidates and incident log as the console shows
//! them. The console's first view comes with the page; then the server pushes a new
//! snapshot as server-sent events whenever something changes (and every few seconds for
//! the clocks), from `events_path`.

use serde::{Deserialize, Serialize};

use super::{CandidateRow, IncidentView};

/// What the console shows at one moment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConsoleSnapshot {
    pub candidates: Vec<CandidateRow>,
    pub incidents: Vec<IncidentView>,
}

/// Where a sitting's console events stream from (`text/event-stream`).
pub fn events_path(sitting_id: i64) -> String {
    format!("/staff/sittings/{sitting_id}/console/events")
}

#[cfg(feature = "ssr")]
pub use ssr::*;

#[cfg(feature = "ssr")]
mod ssr {
    use question_bank::appointments::identity::IdCardNumber;
    use question_bank::exam::attempt::FinishReason;
    use question_bank::exam::lifecycle::SittingState;

    use super::ConsoleSnapshot;
    use crate::auth::guard::StaffUser;
    use crate::auth::Permission;
    use crate::error::AppError;
    use crate::sittings::repo::{CandidateRecord, IncidentRecord};
    use crate::sittings::{CandidateRow, CandidateStatus, IncidentView};
    use crate::state::AppState;

    /// The console's rows: each candidate's status worked out from their attempt, and the
    /// clocks read at `now`.
    pub fn candidate_rows(
        candidates: Vec<CandidateRecord>,
        state: SittingState,
        now: i64,
        scores: bool,
    ) -> Vec<CandidateRow> {
        let ended = matches!(state, SittingState::Closed | SittingState::Archived);
        candidates
            .into_iter()
            .map(|c| CandidateRow {
                status: match (c.started, c.finish_reason) {
                    _ if c.voided => CandidateStatus::Voided,
                    (false, _) if ended || c.absent => CandidateStatus::Absent,
                    (false, _) => CandidateStatus::NotStarted,
                    (true, None) => CandidateStatus::InProgress,
                    (true, Some(FinishReason::Deadline)) => CandidateStatus::TimedOut,
                    (true, Some(_)) => CandidateStatus::Submitted,
                },
                id_card_masked: IdCardNumber::parse(&c.id_card_number)
                    .map_or_else(|_| "—".to_owned(), |n| n.masked()),
                id: c.id,
                person_id: c.person_id,
                retake: c.retake,
                extended_minutes: c.extended_minutes,
                remaining_ms: c
                    .deadline_at
                    .filter(|_| c.started && c.finish_reason.is_none())
                    .map(|d| question_bank::exam::clock::remaining_ms(now, d)),
                contact_ago_secs: c.last_contact_at.map(|t| (now - t).max(0) / 1000),
                focus_losses: c.focus_losses,
                last_ip: c.last_ip.unwrap_or_default(),
                name: c.name,
                employer: c.employer,
                proposed_post: c.proposed_post,
                ticket_number: c.ticket_number,
                answered: c.answered,
                // A reader whose work needs no score (a proctor) gets none.
                score: c.score.filter(|_| scores),
                passed: c.passed.filter(|_| scores),
                slip_printed: c.slip_printed,
            })
            .collect()
    }

    impl From<IncidentRecord> for IncidentView {
        fn from(i: IncidentRecord) -> Self {
            Self {
                at: i.at,
                actor: i.actor,
                action: i.action,
                candidate: i.candidate,
                reason: i.reason,
            }
        }
    }

    /// The console of a sitting in the user's reach, now.
    pub async fn snapshot(
        state: &AppState,
        user: &StaffUser,
        sitting_id: i64,
    ) -> Result<ConsoleSnapshot, AppError> {
        let (sitting_state, candidates) = state
            .store
            .sitting_candidates(&user.jurisdiction_path, sitting_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let incidents = state
            .store
            .incidents(&user.jurisdiction_path, sitting_id)
            .await?;
        Ok(ConsoleSnapshot {
            candidates: candidate_rows(
                candidates,
                sitting_state,
                crate::state::now_ms(),
                user.role.may(Permission::ReadScores),
            ),
            incidents: incidents.into_iter().map(IncidentView::from).collect(),
        })
    }

    impl ConsoleSnapshot {
        /// Everything but the running clocks: a change here is worth pushing at once.
        pub fn fingerprint(&self) -> String {
            let still = ConsoleSnapshot {
                candidates: self
                    .candidates
                    .iter()
                    .map(|c| CandidateRow {
                        remaining_ms: None,
                        contact_ago_secs: None,
                        ..c.clone()
                    })
                    .collect(),
                incidents: self.incidents.clone(),
            };
            serde_json::to_string(&still).unwrap_or_default()
        }
    }
}
