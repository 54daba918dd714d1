//! One argument per form field keeps the plain-HTML forms working without JavaScript.
#![allow(
    clippy::too_many_arguments,
    reason = "server functions take one argument per form field"
)]

use std::collections::HashMap;

use leptos::prelude::*;

use question_bank::exam::lifecycle::SittingState;

use super::{
    IncidentView, IssuedTicket, RosterReport, RulesView, SittingDetail, SittingSummary, SlipSheet,
};
use crate::error::AppError;

/// The session key of the last issued ticket, so a plain-HTML form post (no JavaScript)
/// can show the one-time access code on the page it returns to.
#[cfg(feature = "ssr")]
const ISSUED_KEY: &str = "issued_ticket";

/// Sittings in the caller's jurisdiction and below.
#[server(prefix = "/api", endpoint = "sittings/list")]
pub async fn list_sittings() -> Result<Vec<SittingSummary>, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ViewSittings, async |user, state| {
        Ok(state
            .store
            .sittings_in_scope(&user.jurisdiction_path)
            .await?)
    })
    .await
}

/// Creates a draft sitting in the caller's jurisdiction and opens its page. With
/// `paper_mode` "drawn" (each candidate's own paper) or "ab" (papers A and B, one chosen by
/// lot at the opening), papers are drawn from the blueprint in the `row_*[<n>]` fields
/// (rows without a count are left out), which must total `expected_total`; with "fixed",
/// the paper is the questions ticked in `question_ids[<id>]`, `points_each` each. Fields
/// left empty take the jurisdiction's rules.
#[server(prefix = "/api", endpoint = "sittings/create")]
pub async fn create_sitting(
    title: String,
    #[server(default)] venue: String,
    opens_at: String,
    closes_at: String,
    duration_minutes: i64,
    pass_mark: i64,
    #[server(default)] late_entry_minutes: String,
    #[server(default)] retakes_allowed: String,
    #[server(default)] review_policy: String,
    #[server(default)] multi_choice_policy: String,
    #[server(default)] marking_plan: String,
    #[server(default)] points_each: i64,
    #[server(default)] question_ids: HashMap<String, i64>,
    #[server(default)] paper_mode: String,
    #[server(default)] expected_total: String,
    #[server(default)] row_kind: HashMap<String, String>,
    #[server(default)] row_bank: HashMap<String, String>,
    #[server(default)] row_law: HashMap<String, String>,
    #[server(default)] row_min: HashMap<String, String>,
    #[server(default)] row_max: HashMap<String, String>,
    #[server(default)] row_count: HashMap<String, String>,
    #[server(default)] row_points: HashMap<String, String>,
) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::exam::sitting::{SittingDraft, SittingPlan};
    as_staff(Permission::ManageSittings, async |user, state| {
        let (rules, _) = state.store.rules_for(user.jurisdiction_id).await?;
        let mut question_ids: Vec<i64> = question_ids.into_values().collect();
        question_ids.sort_unstable();
        let paper_mode = ssr::choice(
            "paper_mode",
            ("组卷方式", "paper mode"),
            &paper_mode,
            rules.paper_mode,
        )?;
        let review = ssr::choice(
            "review_policy",
            ("查阅范围", "review policy"),
            &review_policy,
            rules.review,
        )?;
        let multi_choice = ssr::choice(
            "multi_choice_policy",
            ("多选题计分方式", "multiple-choice marking"),
            &multi_choice_policy,
            question_bank::exam::scoring::MultiChoicePolicy::default(),
        )?;
        let marking = ssr::choice(
            "marking_plan",
            ("简答题阅卷方式", "short-answer marking"),
            &marking_plan,
            question_bank::results::marking::MarkingPlan::default(),
        )?;
        let retakes_allowed = match retakes_allowed.trim() {
            "" => rules.retakes_allowed,
            n => AppError::whole_number(
                "retakes_allowed",
                n,
                &(0..=question_bank::exam::rules::MAX_RETAKES),
            )?,
        };
        let blueprint = if paper_mode.uses_blueprint() {
            let rows = ssr::BlueprintForm {
                kind: row_kind,
                bank: row_bank,
                law: row_law,
                min: row_min,
                max: row_max,
                count: row_count,
                points: row_points,
            };
            Some(rows.parse(&expected_total)?)
        } else {
            None
        };
        let late_entry_minutes = ssr::optional_minutes(&late_entry_minutes)?;
        let draft = SittingDraft {
            title,
            venue,
            opens_at,
            closes_at,
            duration_minutes,
            pass_mark,
            late_entry_minutes,
            retakes_allowed,
            review,
            multi_choice,
            marking,
            paper_mode,
            points_each,
            question_ids,
            blueprint,
        };
        let plan = SittingPlan::parse(draft).map_err(|e| AppError::field(e.field(), &e))?;
        // The seed of papers A and B, when the sitting uses them (stored with it).
        let seed = rand::Rng::random::<u64>(&mut rand::rng());
        let id = state
            .store
            .create_sitting(
                &user.actor(),
                user.jurisdiction_id,
                &user.jurisdiction_path,
                &plan,
                seed,
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
    use crate::auth::guard::{as_staff, session};
    use crate::auth::Permission;
    as_staff(Permission::ViewSittings, async |user, state| {
        let record = state
            .store
            .sitting_detail(&user.jurisdiction_path, sitting_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let session = session().await?;
        let issued = take_once(&session, ISSUED_KEY, |t: &IssuedTicket| {
            t.sitting_id == sitting_id
        })
        .await;
        let slips_waiting = queued_slips(&session)
            .await
            .iter()
            .filter(|t| t.sitting_id == sitting_id)
            .count();
        let candidates = super::feed::candidate_rows(
            record.candidates,
            record.summary.state,
            crate::state::now_ms(),
            user.role.may(Permission::ReadScores),
        );
        let marking = match state
            .store
            .marking_items(&user.jurisdiction_path, sitting_id)
            .await?
        {
            Some((summary, items)) if !items.is_empty() => Some(crate::marking::MarkingWait::new(
                summary.marking,
                &items,
                state.store.markers_for(sitting_id).await?,
            )),
            _ => None,
        };
        let drawn = record
            .drawn
            .as_ref()
            .map(|d| ssr::drawn_view(d, &record.summary));
        Ok(SittingDetail {
            summary: record.summary,
            questions: record.questions,
            drawn,
            candidates,
            issued,
            slips_waiting,
            marking,
        })
    })
    .await
}

/// The admission slips issued in the caller's session for this sitting and not printed
/// yet, once: opening this print view marks each slip printed (audited); the access codes
/// are not kept anywhere, so a reload shows none.
#[server(prefix = "/api", endpoint = "sittings/slips")]
pub async fn take_slips(sitting_id: i64) -> Result<Option<SlipSheet>, AppError> {
    use crate::auth::guard::{as_staff, session};
    use crate::auth::Permission;
    as_staff(Permission::ConductSittings, async |user, state| {
        let session = session().await?;
        let (tickets, others): (Vec<_>, Vec<_>) = queued_slips(&session)
            .await
            .into_iter()
            .partition(|t| t.sitting_id == sitting_id);
        if tickets.is_empty() {
            return Ok(None);
        }
        let numbers: Vec<String> = tickets.iter().map(|t| t.ticket_number.clone()).collect();
        state
            .store
            .record_slips_printed(&user.actor(), &user.jurisdiction_path, sitting_id, &numbers)
            .await?;
        session
            .insert(super::SLIPS_KEY, &others)
            .await
            .map_err(|e| crate::state::StoreError::backend(format!("session: {e}")))?;
        Ok(Some(SlipSheet {
            sitting_id,
            tickets,
        }))
    })
    .await
}

/// Why the caller's last roster upload for this sitting enrolled no one, once.
#[server(prefix = "/api", endpoint = "sittings/roster-report")]
pub async fn take_roster_report(sitting_id: i64) -> Result<Option<RosterReport>, AppError> {
    use crate::auth::guard::{as_staff, session};
    use crate::auth::Permission;
    as_staff(Permission::ManageSittings, async |_user, _state| {
        let session = session().await?;
        Ok(take_once(&session, super::ROSTER_KEY, |r: &RosterReport| {
            r.sitting_id == sitting_id
        })
        .await)
    })
    .await
}

/// A value the session holds for one page view, if it is for this page; removed when read.
#[cfg(feature = "ssr")]
async fn take_once<T: serde::de::DeserializeOwned>(
    session: &tower_sessions::Session,
    key: &str,
    for_this_page: impl Fn(&T) -> bool,
) -> Option<T> {
    let value = session.get::<T>(key).await.ok().flatten()?;
    if !for_this_page(&value) {
        return None;
    }
    let _ = session.remove_value(key).await;
    Some(value)
}

/// Draws a candidate's paper again from its stored seed and says whether it is exactly the
/// paper they were given (for an audit or an appeal).
#[server(prefix = "/api", endpoint = "sittings/verify-paper")]
pub async fn verify_paper(candidate_id: i64) -> Result<bool, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ViewSittings, async |user, state| {
        state
            .store
            .redraw_matches(&user.jurisdiction_path, candidate_id)
            .await?
            .ok_or(AppError::NotFound)
    })
    .await
}

/// Moves a sitting to its next state (发布, 开考, 结束考试, 归档, or back to draft with a
/// reason) if its state and the clock allow it; returns the new state.
#[server(prefix = "/api", endpoint = "sittings/change-state")]
pub async fn change_sitting_state(
    sitting_id: i64,
    transition: String,
    #[server(default)] reason: String,
    #[server(default)] confirm: String,
) -> Result<SittingState, AppError> {
    use super::repo::StateChange;
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    use crate::state::now_ms;
    use question_bank::exam::lifecycle::Transition;
    respond(async {
        let transition = Transition::parse(&transition).ok_or_else(|| {
            AppError::invalid(Some("transition"), "未知的操作。", "Unknown action.")
        })?;
        // Opening and closing happen in the exam room; the rest is the office's.
        let permission = match transition {
            Transition::Open | Transition::Close => Permission::ConductSittings,
            _ => Permission::ManageSittings,
        };
        let (user, state) = require_staff(permission).await?;
        if let Some(consequence) = transition.consequence() {
            AppError::unless_confirmed(&confirm, &consequence)?;
        }
        let change = StateChange {
            sitting_id,
            transition,
            reason: &reason,
            now: now_ms(),
            grace_ms: state.settings.answer_grace_ms,
            lot: rand::Rng::random::<u64>(&mut rand::rng()),
        };
        Ok(state
            .store
            .change_state(&user.actor(), &user.jurisdiction_path, change)
            .await?)
    })
    .await
}

/// A proctor's action on one candidate (延长时间 `extend` with `minutes`, 强制交卷
/// `force_submit`, 作废 `void`, 记为缺考 `mark_absent`, 准许迟到入场 `admit_late`), with the
/// reason, audited.
#[server(prefix = "/api", endpoint = "sittings/proctor")]
pub async fn proctor_candidate(
    candidate_id: i64,
    action: String,
    #[server(default)] minutes: String,
    #[server(default)] reason: String,
    #[server(default)] confirm: String,
) -> Result<(), AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::exam::proctoring::ProctorAction;
    as_staff(Permission::ConductSittings, async |user, state| {
        let minutes = ssr::minutes(&minutes)?;
        let action = ProctorAction::parse(&action, minutes).ok_or_else(|| {
            AppError::invalid(
                Some("action"),
                "未知的监考操作。",
                "Unknown proctor action.",
            )
        })?;
        if let Some(consequence) = action.consequence() {
            AppError::unless_confirmed(&confirm, &consequence)?;
        }
        Ok(state
            .store
            .proctor(
                &user.actor(),
                &user.jurisdiction_path,
                candidate_id,
                action,
                &reason,
            )
            .await?)
    })
    .await
}

/// The sitting's incident log (考场记录): its state changes and every action on its
/// candidates, oldest first.
#[server(prefix = "/api", endpoint = "sittings/incidents")]
pub async fn get_incidents(sitting_id: i64) -> Result<Vec<IncidentView>, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ViewSittings, async |user, state| {
        Ok(state
            .store
            .incidents(&user.jurisdiction_path, sitting_id)
            .await?
            .into_iter()
            .map(IncidentView::from)
            .collect())
    })
    .await
}

/// Extends every paper of an open sitting still being written (a power cut, a fire drill);
/// returns how many.
#[server(prefix = "/api", endpoint = "sittings/extend-all")]
pub async fn extend_all(
    sitting_id: i64,
    minutes: String,
    #[server(default)] reason: String,
) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ConductSittings, async |user, state| {
        let minutes = ssr::minutes(&minutes)?;
        Ok(state
            .store
            .extend_everyone(
                &user.actor(),
                &user.jurisdiction_path,
                sitting_id,
                minutes,
                &reason,
            )
            .await
            .map(crate::count)?)
    })
    .await
}

/// The exam rules in force in the caller's jurisdiction, and who set them.
#[server(prefix = "/api", endpoint = "sittings/rules")]
pub async fn get_rules() -> Result<RulesView, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ViewSittings, async |user, state| {
        let (rules, set_by) = state.store.rules_for(user.jurisdiction_id).await?;
        Ok(RulesView {
            rules,
            set_by,
            jurisdiction_name: user.jurisdiction_name.clone(),
            editable: user.role.may(Permission::ManageRules),
        })
    })
    .await
}

/// Sets the caller's jurisdiction's own exam rules (its districts follow them unless they
/// set their own), audited.
#[server(prefix = "/api", endpoint = "sittings/set-rules")]
pub async fn set_rules(
    duration_minutes: i64,
    pass_mark: i64,
    #[server(default)] late_entry_minutes: String,
    retakes_allowed: i64,
    review_policy: String,
    paper_mode: String,
    #[server(default)] term_ends_on: String,
    #[server(default)] failure_policy: String,
    #[server(default)] oath_working_days: String,
    #[server(default)] committee_members: String,
    #[server(default)] chair_name: String,
    #[server(default)] dissatisfied_over: String,
    #[server(default)] satisfied_over: String,
    #[server(default)] satisfaction_base: String,
    #[server(default)] holidays: String,
    #[server(default)] make_up_workdays: String,
    #[server(default)] local_regulations: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::appointments::appointment::{
        parse_dates, AppointmentRules, SatisfactionBase, SatisfactionRule,
    };
    use question_bank::exam::rules::{ExamRules, PaperMode, ReviewPolicy};
    as_staff(Permission::ManageRules, async |user, state| {
        let bad = |field: &'static str| {
            AppError::invalid(Some(field), "请从列表中选择。", "Choose from the list.")
        };
        let defaults = AppointmentRules::default();
        // A whole number in `range`, the default when left empty.
        let number = |text: &str,
                      field: &str,
                      range: std::ops::RangeInclusive<i64>,
                      default: i64| match text.trim() {
            "" => Ok(default),
            n => AppError::whole_number(field, n, &range),
        };
        let dates = |text: &str, field: &str| {
            parse_dates(text).map_err(|bad| {
                AppError::invalid(
                    Some(field),
                    format!("“{bad}”不是日期，请写成 2026-10-01，每行一个。"),
                    format!("\"{bad}\" is not a date: write 2026-10-01, one a line."),
                )
            })
        };
        let appointment = AppointmentRules {
            failure_policy: ssr::choice(
                "failure_policy",
                ("未通过考试的处理方式", "failure policy"),
                &failure_policy,
                defaults.failure_policy,
            )?,
            oath_working_days: u32::try_from(number(
                &oath_working_days,
                "oath_working_days",
                0..=60,
                15,
            )?)
            .unwrap_or(15),
            satisfaction: SatisfactionRule {
                base: match satisfaction_base.as_str() {
                    "cast" => SatisfactionBase::VotesCast,
                    _ => SatisfactionBase::AllMembers,
                },
                dissatisfied_over_percent: number(
                    &dissatisfied_over,
                    "dissatisfied_over",
                    question_bank::bounds::PERCENT,
                    50,
                )?,
                satisfied_over_percent: number(
                    &satisfied_over,
                    "satisfied_over",
                    question_bank::bounds::PERCENT,
                    50,
                )?,
            },
            chair_name: chair_name.trim().to_owned(),
            committee_members: number(
                &committee_members,
                "committee_members",
                question_bank::bounds::COUNT,
                0,
            )?,
            holidays: dates(&holidays, "holidays")?,
            make_up_workdays: dates(&make_up_workdays, "make_up_workdays")?,
        };
        let rules = ExamRules {
            appointment,
            duration_minutes,
            pass_mark,
            late_entry_minutes: ssr::optional_minutes(&late_entry_minutes)?,
            retakes_allowed,
            review: ReviewPolicy::parse(&review_policy).ok_or_else(|| bad("review_policy"))?,
            paper_mode: PaperMode::parse(&paper_mode).ok_or_else(|| bad("paper_mode"))?,
            term_ends_at: match term_ends_on.trim() {
                "" => None,
                day => Some(
                    question_bank::exam::clock::parse_cst(&format!("{day}T23:59")).ok_or_else(
                        || {
                            AppError::invalid(
                                Some("term_ends_on"),
                                "届满日期格式应为 2027-12-31。",
                                "Give the term's end as 2027-12-31.",
                            )
                        },
                    )?,
                ),
            },
            local_regulations: match local_regulations.as_str() {
                "" => None,
                r => Some(
                    question_bank::bank::region::Region::parse(r)
                        .ok_or_else(|| bad("local_regulations"))?,
                ),
            },
        }
        .check()
        .map_err(|e| AppError::field(e.field(), &e))?;
        state
            .store
            .set_rules(&user.actor(), user.jurisdiction_id, &rules, &reason)
            .await?;
        Ok(())
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
    use crate::auth::guard::as_staff;
    use crate::auth::{password, Permission};
    use question_bank::appointments::identity::IdCardNumber;
    as_staff(Permission::ManageSittings, async |user, state| {
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
            details: Default::default(),
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

/// Issues a new access code for a candidate (a lost slip, or continuing on another PC: the
/// proctor's unlock; the login with it ends the candidate's older session).
#[server(prefix = "/api", endpoint = "sittings/reissue-code")]
pub async fn reissue_access_code(
    candidate_id: i64,
    reason: String,
    #[server(default)] confirm: String,
) -> Result<IssuedTicket, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::{password, Permission};
    as_staff(Permission::ConductSittings, async |user, state| {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::invalid(
                Some("reason"),
                "请填写重新发放访问码的原因。",
                "Give the reason for issuing a new code.",
            ));
        }
        AppError::unless_confirmed(&confirm, &question_bank::consequence::NEW_ACCESS_CODE)?;
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

/// Shows a just-issued ticket once on the sitting page and queues its slip for printing.
#[cfg(feature = "ssr")]
async fn hand_over(ticket: IssuedTicket) -> Result<IssuedTicket, AppError> {
    let session = crate::auth::guard::session().await?;
    session
        .insert(ISSUED_KEY, &ticket)
        .await
        .map_err(|e| crate::state::StoreError::backend(format!("session: {e}")))?;
    queue_slips(&session, vec![ticket.clone()]).await?;
    Ok(ticket)
}

/// Keeps issued tickets in the issuer's session until their slips are printed: every way a
/// code is issued (enrolment by hand, a roster, a new code) ends on the slips page, one or a
/// batch. The codes are never stored in clear anywhere else, and only this session (the
/// staff member who issued them) can print them. A newer code for a ticket replaces the
/// queued one, whose slip would no longer let the candidate in.
#[cfg(feature = "ssr")]
pub async fn queue_slips(
    session: &tower_sessions::Session,
    tickets: Vec<IssuedTicket>,
) -> Result<(), crate::state::StoreError> {
    let mut queued = queued_slips(session).await;
    queued.retain(|q| {
        !tickets
            .iter()
            .any(|t| t.sitting_id == q.sitting_id && t.ticket_number == q.ticket_number)
    });
    queued.extend(tickets);
    session
        .insert(super::SLIPS_KEY, &queued)
        .await
        .map_err(|e| crate::state::StoreError::backend(format!("session: {e}")))
}

/// The tickets queued in this session whose slips are not printed yet.
#[cfg(feature = "ssr")]
async fn queued_slips(session: &tower_sessions::Session) -> Vec<IssuedTicket> {
    session
        .get::<Vec<IssuedTicket>>(super::SLIPS_KEY)
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

#[cfg(feature = "ssr")]
mod ssr {
    use std::collections::{HashMap, HashSet};

    use question_bank::bank::question::QuestionKind;
    use question_bank::bank::Bank;
    use question_bank::exam::blueprint::{Blueprint, BlueprintRow, DifficultyRange};
    use question_bank::exam::paper::{self, Spread};
    use question_bank::exam::rules::PaperMode;
    use question_bank::named::{FormChoice, UnknownChoice};
    use question_bank::Bilingual;

    use super::super::repo::DrawnSitting;
    use super::super::{BlueprintSectionView, DrawnView, PairView, SittingSummary, SpreadView};
    use crate::error::AppError;

    /// A choice from a form: empty takes `default`; a value the form does not offer is
    /// refused with a message naming `what` is chosen and listing the choices.
    pub fn choice<T: FormChoice>(
        field: &str,
        what: (&'static str, &'static str),
        text: &str,
        default: T,
    ) -> Result<T, AppError> {
        if text.is_empty() {
            return Ok(default);
        }
        T::from_form(text).ok_or_else(|| AppError::field(field, &UnknownChoice::of::<T>(what)))
    }

    /// An extension as typed: whole minutes (0 when empty, for actions without one). Out of
    /// range, the proctoring rule's own message says why.
    pub fn minutes(text: &str) -> Result<i64, AppError> {
        use question_bank::bounds::{whole, NumberError, EXTENSION_MINUTES};
        match text.trim() {
            "" => Ok(0),
            m => whole(m, &EXTENSION_MINUTES).map_err(|e| match (e, m.parse::<i64>()) {
                (NumberError::OutOfRange { .. }, Ok(n)) => AppError::field(
                    "minutes",
                    &question_bank::exam::proctoring::ProctorError::Minutes(n),
                ),
                (e, _) => AppError::field("minutes", &e),
            }),
        }
    }

    /// A late-entry limit as typed: whole minutes, or empty for no limit.
    pub fn optional_minutes(text: &str) -> Result<Option<i64>, AppError> {
        match text.trim() {
            "" => Ok(None),
            m => AppError::whole_number(
                "late_entry_minutes",
                m,
                &question_bank::bounds::LATE_ENTRY_MINUTES,
            )
            .map(Some),
        }
    }

    /// The blueprint table of the sitting form: one map per column, keyed by row number.
    pub struct BlueprintForm {
        pub kind: HashMap<String, String>,
        pub bank: HashMap<String, String>,
        pub law: HashMap<String, String>,
        pub min: HashMap<String, String>,
        pub max: HashMap<String, String>,
        pub count: HashMap<String, String>,
        pub points: HashMap<String, String>,
    }

    impl BlueprintForm {
        /// The rows with a count, in row order, as a blueprint totalling `expected_total`.
        pub fn parse(self, expected_total: &str) -> Result<Blueprint, AppError> {
            let mut numbers: Vec<usize> =
                self.count.keys().filter_map(|k| k.parse().ok()).collect();
            numbers.sort_unstable();
            let mut rows = Vec::new();
            for n in numbers {
                let cell = |map: &HashMap<String, String>| {
                    map.get(&n.to_string()).map_or("", |v| v.trim()).to_owned()
                };
                let count = cell(&self.count);
                if count.is_empty() || count == "0" {
                    continue;
                }
                let line = n + 1;
                let bad = |zh: &str, en: &str| {
                    AppError::invalid(
                        Some("blueprint"),
                        format!("组卷规则第{line}行：{zh}"),
                        format!("Blueprint row {line}: {en}"),
                    )
                };
                let number =
                    |text: String, zh: &str, en: &str| text.parse::<u32>().map_err(|_| bad(zh, en));
                let kind = QuestionKind::parse(&cell(&self.kind)).ok_or_else(|| {
                    bad(
                        "请选择单选、多选、判断或简答题",
                        "choose single, multiple, true/false or short answer",
                    )
                })?;
                let bank = match cell(&self.bank).as_str() {
                    "" => None,
                    b => Some(Bank::parse(b).ok_or_else(|| bad("未知题库", "unknown bank"))?),
                };
                let law = Some(cell(&self.law)).filter(|l| !l.is_empty());
                let min = number(
                    cell(&self.min),
                    "难度下限应为1至5",
                    "the lowest difficulty must be 1 to 5",
                )?;
                let max = number(
                    cell(&self.max),
                    "难度上限应为1至5",
                    "the highest difficulty must be 1 to 5",
                )?;
                let difficulty = DifficultyRange::new(
                    u8::try_from(min).unwrap_or(0),
                    u8::try_from(max).unwrap_or(0),
                )
                .map_err(|e| bad(&e.zh(), &e.en()))?;
                rows.push(BlueprintRow {
                    kind,
                    bank,
                    law,
                    difficulty,
                    count: number(count, "题数应为整数", "the count must be a whole number")?,
                    points_each: number(
                        cell(&self.points),
                        "每题分值应为整数",
                        "points must be a whole number",
                    )?,
                });
            }
            let blueprint =
                Blueprint::from_rows(rows).map_err(|e| AppError::field("blueprint", &e))?;
            let expected = match expected_total.trim() {
                "" => 100,
                t => t.parse::<u32>().map_err(|_| {
                    AppError::invalid(
                        Some("expected_total"),
                        "试卷总分应为整数",
                        "The paper's total must be a whole number",
                    )
                })?,
            };
            blueprint
                .check_total(expected)
                .map_err(|e| AppError::field("blueprint", &e))?;
            Ok(blueprint)
        }
    }

    fn spread_view(s: Spread) -> SpreadView {
        SpreadView {
            papers: s.papers as i64,
            mean: format!("{:.2}", s.mean),
            min: format!("{:.2}", s.min),
            max: format!("{:.2}", s.max),
            std_dev: format!("{:.3}", s.std_dev),
        }
    }

    /// How many papers the sitting page simulates to show the spread before anyone starts.
    const SIMULATED_PAPERS: u64 = 200;

    /// The blueprint's parts with their pool sizes, and the papers' spread (for A/B papers,
    /// the two side by side).
    pub fn drawn_view(d: &DrawnSitting, summary: &SittingSummary) -> DrawnView {
        let sections = d
            .blueprint
            .sections()
            .iter()
            .map(|s| BlueprintSectionView {
                kind: s.kind,
                laws: s
                    .laws
                    .iter()
                    .map(|id| {
                        question_bank::bank::laws::find(id)
                            .map_or(id.clone(), |l| l.name.to_owned())
                    })
                    .collect(),
                banks_zh: s.banks.iter().map(|b| b.label_zh().to_owned()).collect(),
                banks_en: s.banks.iter().map(|b| b.label_en().to_owned()).collect(),
                strata: s
                    .strata
                    .iter()
                    .map(|st| {
                        (
                            st.difficulty.label_zh(),
                            st.difficulty.label_en(),
                            i64::from(st.count),
                        )
                    })
                    .collect(),
                points_each: i64::from(s.points_each),
                pool: d.pool.iter().filter(|q| q.fits_section(s)).count() as i64,
            })
            .collect();
        let simulated: Vec<_> = (0..SIMULATED_PAPERS)
            .filter_map(|seed| {
                paper::assemble(&d.blueprint, &d.pool, seed, &Default::default()).ok()
            })
            .collect();
        let pair = match (summary.paper_mode, d.papers.as_slice()) {
            (PaperMode::AbByLot, [a, b]) => {
                let in_a: HashSet<i64> = a.items.iter().map(|i| i.question_id).collect();
                Some(PairView {
                    mean_a: format!("{:.2}", a.mean_difficulty(&d.pool)),
                    mean_b: format!("{:.2}", b.mean_difficulty(&d.pool)),
                    shared: b
                        .items
                        .iter()
                        .filter(|i| in_a.contains(&i.question_id))
                        .count() as i64,
                    lot: summary.paper_lot.clone(),
                })
            }
            _ => None,
        };
        DrawnView {
            sections,
            drawn: paper::spread(&d.papers, &d.pool).map(spread_view),
            simulated: paper::spread(&simulated, &d.pool).map(spread_view),
            pair,
        }
    }
}
