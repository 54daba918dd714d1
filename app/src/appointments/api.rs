//! 任免's server functions, for staff who manage appointments (staff and administrators),
//! always within their reach. Every change is a step on a nomination, a meeting, an oath or
//! a report, checked by the domain and audited by the store. One argument per form field
//! keeps the plain-HTML forms working without JavaScript.
#![allow(
    clippy::too_many_arguments,
    reason = "server functions take one argument per form field"
)]

use std::collections::HashMap;

use leptos::prelude::*;

use super::{
    MeetingBoard, MeetingView, NominationDetail, NominationRow, OathView, TimelineEvent, YearReport,
};
use crate::error::AppError;

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use question_bank::appointments::appointment::CivilDate;
    use question_bank::Bilingual;

    use super::super::repo::NominationRecord;
    use super::super::{GateView, NominationRow};
    use crate::error::AppError;

    /// A nomination as lists show it: with the gate and the oath worked out at `now`.
    pub fn row(r: &NominationRecord, now: i64) -> NominationRow {
        NominationRow {
            id: r.id,
            person_id: r.person_id,
            name: r.name.clone(),
            current_post: r.current_post.clone(),
            post: r.post.clone(),
            body: r.body,
            document_number: r.document_number.clone(),
            meeting: r.meeting.clone(),
            status: r.status,
            gate: match r.gate(now) {
                Ok(ok) => GateView::Open(ok),
                Err(refusal) => GateView::Closed {
                    zh: refusal.zh(),
                    en: refusal.en(),
                },
            },
            statement: r.statement,
            appointed_on: r.appointed_on,
            certificate_number: r.certificate_number.clone(),
            oath: r.oath(now).map(|(status, due)| (status, due.to_string())),
        }
    }

    /// A head count or a number of votes from a form field, or a message naming the field.
    pub fn count(text: &str, field: &str, zh: &str, en: &str) -> Result<i64, AppError> {
        question_bank::bounds::whole(text, &question_bank::bounds::COUNT).map_err(|e| {
            AppError::invalid(
                Some(field),
                format!("{zh}{}", e.zh()),
                format!("{en}: {}", e.en()),
            )
        })
    }

    /// A day from a date field ("2026-12-03"), as the instant it starts (China Standard Time).
    pub fn day(text: &str, field: &str) -> Result<i64, AppError> {
        CivilDate::parse(text.trim())
            .map(CivilDate::start_ms)
            .ok_or_else(|| {
                AppError::invalid(
                    Some(field),
                    "请填写日期（年-月-日）。",
                    "Enter a date (year-month-day).",
                )
            })
    }
}

/// 提请任命 in reach: the open ones, or all.
#[server(prefix = "/api", endpoint = "appointments/nominations")]
pub async fn list_nominations(
    #[server(default)] all: bool,
) -> Result<Vec<NominationRow>, AppError> {
    use super::repo::NominationFilter;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        let now = crate::state::now_ms();
        let filter = NominationFilter {
            open_only: !all,
            ..Default::default()
        };
        let records = state
            .store
            .nominations(&user.jurisdiction_path, filter)
            .await?;
        Ok(records.iter().map(|r| ssr::row(r, now)).collect())
    })
    .await
}

/// One nomination with everything recorded on it and the choices its forms offer.
#[server(prefix = "/api", endpoint = "appointments/nomination")]
pub async fn get_nomination(nomination_id: i64) -> Result<NominationDetail, AppError> {
    use super::repo::NominationFilter;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        let now = crate::state::now_ms();
        let filter = NominationFilter {
            id: Some(nomination_id),
            ..Default::default()
        };
        let record = state
            .store
            .nominations(&user.jurisdiction_path, filter)
            .await?
            .into_iter()
            .next()
            .ok_or(AppError::NotFound)?;
        let oath = if record.sworn_at.is_some() {
            state
                .store
                .oaths(&user.jurisdiction_path)
                .await?
                .into_iter()
                .find(|o| o.takers.iter().any(|(id, _, _)| *id == record.id))
        } else {
            None
        };
        Ok(NominationDetail {
            row: ssr::row(&record, now),
            standing: record.standing(now),
            reports: state.store.reports(record.id).await?,
            meetings: state.store.meetings(&user.jurisdiction_path).await?,
            committee_members: record.rules.appointment.committee_members,
            chair_name: record.rules.appointment.chair_name.clone(),
            jurisdiction_name: record.jurisdiction_name,
            note: record.note,
            attempts: record.attempts,
            exemption: record.exemption,
            vote: record.vote,
            certificate_signer: record.certificate_signer,
            oath,
        })
    })
    .await
}

/// Records a nomination by form: the nominee (matched to a person by ID-card number), the
/// proposed post, the nominating body, the document number and, optionally, the meeting.
#[server(prefix = "/api", endpoint = "appointments/create")]
pub async fn create_nomination(
    name: String,
    id_card: String,
    #[server(default)] current_post: String,
    post: String,
    body: String,
    document_number: String,
    #[server(default)] meeting_id: String,
    #[server(default)] note: String,
) -> Result<i64, AppError> {
    use super::repo::NewNomination;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::appointments::appointment::NominatingBody;
    use question_bank::appointments::identity::IdCardNumber;
    as_staff(Permission::ManageAppointments, async |user, state| {
        let id_card = IdCardNumber::parse(&id_card).map_err(|e| AppError::field("id_card", &e))?;
        let required = |value: &str, field: &str, zh: &str, en: &str| {
            if value.trim().is_empty() {
                Err(AppError::invalid(
                    Some(field),
                    format!("请填写{zh}。"),
                    format!("Enter the {en}."),
                ))
            } else {
                Ok(())
            }
        };
        required(&name, "name", "姓名", "name")?;
        required(&post, "post", "拟任职务", "proposed post")?;
        required(
            &document_number,
            "document_number",
            "提请文号",
            "document number",
        )?;
        let body = NominatingBody::parse(&body).ok_or_else(|| {
            AppError::invalid(
                Some("body"),
                "请选择提请机关。",
                "Choose the nominating body.",
            )
        })?;
        let meeting_id = match meeting_id.trim() {
            "" => None,
            m => Some(m.parse::<i64>().map_err(|_| {
                AppError::invalid(Some("meeting_id"), "未知的会议。", "Unknown meeting.")
            })?),
        };
        let row = NewNomination {
            row: 0,
            name: name.trim(),
            id_card: &id_card,
            current_post: current_post.trim(),
            post: post.trim(),
            body,
            document_number: document_number.trim(),
            meeting_id,
            note: note.trim(),
        };
        let ids = state
            .store
            .create_nominations(
                &user.actor(),
                user.jurisdiction_id,
                &user.jurisdiction_path,
                "form",
                &[row],
            )
            .await?;
        let id = ids.into_iter().next().ok_or(AppError::NotFound)?;
        leptos_axum::redirect(&format!("/staff/nominations/{id}"));
        Ok(id)
    })
    .await
}

/// Records a step on a nomination. `step` is agenda (with `meeting_id`), exemption
/// (`ground`, `basis`, `approver`), statement (`statement`), vote (`votes_for`,
/// `votes_against`, `votes_abstain`, `members`, `appointed_on`), certificate (`number`,
/// `signer`), defer or withdraw (`reason`).
#[server(prefix = "/api", endpoint = "appointments/step")]
pub async fn nomination_step(
    nomination_id: i64,
    step: String,
    #[server(default)] meeting_id: String,
    #[server(default)] ground: String,
    #[server(default)] basis: String,
    #[server(default)] approver: String,
    #[server(default)] statement: String,
    #[server(default)] votes_for: String,
    #[server(default)] votes_against: String,
    #[server(default)] votes_abstain: String,
    #[server(default)] members: String,
    #[server(default)] appointed_on: String,
    #[server(default)] number: String,
    #[server(default)] signer: String,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use super::repo::StepRecord;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::appointments::appointment::{
        Exemption, ExemptionGround, Statement, VoteTally,
    };
    as_staff(Permission::ManageAppointments, async |user, state| {
        let record = match step.as_str() {
            "agenda" => StepRecord::Agenda {
                meeting_id: meeting_id.trim().parse::<i64>().map_err(|_| {
                    AppError::invalid(Some("meeting_id"), "请选择会议。", "Choose the meeting.")
                })?,
            },
            "exemption" => StepRecord::Exemption(Exemption {
                ground: ExemptionGround::parse(&ground).ok_or_else(|| {
                    AppError::invalid(Some("ground"), "请选择免考情形。", "Choose the ground.")
                })?,
                basis: basis.trim().to_owned(),
                approver: approver.trim().to_owned(),
            }),
            "statement" => {
                StepRecord::Statement(Statement::parse(&statement).ok_or_else(|| {
                    AppError::invalid(
                        Some("statement"),
                        "请选择表态发言情况。",
                        "Choose the statement.",
                    )
                })?)
            }
            "vote" => StepRecord::Vote {
                tally: VoteTally {
                    for_: ssr::count(&votes_for, "votes_for", "赞成票", "For")?,
                    against: ssr::count(&votes_against, "votes_against", "反对票", "Against")?,
                    abstain: ssr::count(&votes_abstain, "votes_abstain", "弃权票", "Abstain")?,
                    members: ssr::count(&members, "members", "组成人员数", "Members")?,
                },
                on: ssr::day(&appointed_on, "appointed_on")?,
            },
            "certificate" => StepRecord::Certificate {
                number: number.trim(),
                signer: signer.trim(),
            },
            "defer" => StepRecord::Defer {
                reason: reason.trim(),
            },
            "withdraw" => StepRecord::Withdraw {
                reason: reason.trim(),
            },
            _ => {
                return Err(AppError::invalid(
                    Some("step"),
                    "未知的操作。",
                    "Unknown step.",
                ))
            }
        };
        state
            .store
            .record_step(
                &user.actor(),
                &user.jurisdiction_path,
                nomination_id,
                record,
                crate::state::now_ms(),
            )
            .await?;
        Ok(())
    })
    .await
}

/// 报名参加考试: enrols the ticked nominees in a sitting in reach (all or none) and keeps
/// their admission slips, with the access codes, for the slips page; returns its address.
#[server(prefix = "/api", endpoint = "appointments/enrol")]
pub async fn enrol_nominees(
    sitting_id: i64,
    #[server(default)] ids: HashMap<String, i64>,
) -> Result<String, AppError> {
    use super::repo::NominationFilter;
    use crate::auth::guard::{as_staff, session};
    use crate::auth::{password, Permission};
    use crate::sittings::api::queue_slips;
    use crate::sittings::repo::{Enrolment, EnrolmentDetails, RosterEnrolment};
    use crate::sittings::IssuedTicket;
    use question_bank::appointments::identity::IdCardNumber;
    as_staff(Permission::ManageAppointments, async |user, state| {
        if !user.role.may(Permission::ManageSittings) {
            return Err(AppError::Forbidden);
        }
        let mut chosen = Vec::new();
        for id in ids.into_values() {
            let filter = NominationFilter {
                id: Some(id),
                ..Default::default()
            };
            let record = state
                .store
                .nominations(&user.jurisdiction_path, filter)
                .await?
                .into_iter()
                .next()
                .ok_or(AppError::NotFound)?;
            chosen.push(record);
        }
        if chosen.is_empty() {
            return Err(AppError::invalid(
                Some("ids"),
                "请勾选要报名的拟任命人员。",
                "Tick the nominees to enrol.",
            ));
        }
        chosen.sort_by_key(|r| r.id);
        let cards = chosen
            .iter()
            .map(|r| IdCardNumber::parse(&r.id_card_number).map_err(|e| AppError::field("ids", &e)))
            .collect::<Result<Vec<_>, AppError>>()?;
        let codes: Vec<(String, String)> =
            chosen.iter().map(|_| password::new_access_code()).collect();
        let rows: Vec<RosterEnrolment<'_>> = chosen
            .iter()
            .zip(&cards)
            .zip(&codes)
            .enumerate()
            .map(|(n, ((r, card), (_, hash)))| RosterEnrolment {
                row: n + 1,
                enrolment: Enrolment {
                    sitting_id,
                    id_card: card,
                    name: &r.name,
                    access_code_hash: hash,
                    details: EnrolmentDetails {
                        employer: &r.current_post,
                        proposed_post: &r.post,
                        nominating_body: r.body.label_zh(),
                        bank: None,
                    },
                },
            })
            .collect();
        let enrolled = state
            .store
            .enrol_roster(
                &user.actor(),
                &user.jurisdiction_path,
                sitting_id,
                "提请任命名单",
                &rows,
            )
            .await?;
        let tickets = chosen
            .iter()
            .zip(codes)
            .zip(enrolled)
            .map(|((r, (access_code, _)), (_, ticket_number))| IssuedTicket {
                sitting_id,
                name: r.name.clone(),
                ticket_number,
                access_code,
            })
            .collect();
        queue_slips(&session().await?, tickets).await?;
        let slips = format!("/staff/sittings/{sitting_id}/slips");
        leptos_axum::redirect(&slips);
        Ok(slips)
    })
    .await
}

/// 常委会会议 in reach.
#[server(prefix = "/api", endpoint = "appointments/meetings")]
pub async fn list_meetings() -> Result<Vec<MeetingView>, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        Ok(state.store.meetings(&user.jurisdiction_path).await?)
    })
    .await
}

/// Records a meeting of the caller's standing committee.
#[server(prefix = "/api", endpoint = "appointments/create-meeting")]
pub async fn create_meeting(title: String, held_on: String) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        if title.trim().is_empty() {
            return Err(AppError::invalid(
                Some("title"),
                "请填写会议名称。",
                "Enter the meeting's name.",
            ));
        }
        let held_on = ssr::day(&held_on, "held_on")?;
        let id = state
            .store
            .create_meeting(&user.actor(), user.jurisdiction_id, title.trim(), held_on)
            .await?;
        Ok(id)
    })
    .await
}

/// The meeting board: every nomination meant for the meeting, and what each still lacks.
#[server(prefix = "/api", endpoint = "appointments/board")]
pub async fn get_board(meeting_id: i64) -> Result<MeetingBoard, AppError> {
    use super::repo::NominationFilter;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        let meeting = state
            .store
            .meetings(&user.jurisdiction_path)
            .await?
            .into_iter()
            .find(|m| m.id == meeting_id)
            .ok_or(AppError::NotFound)?;
        let now = crate::state::now_ms();
        let filter = NominationFilter {
            meeting_id: Some(meeting_id),
            ..Default::default()
        };
        let records = state
            .store
            .nominations(&user.jurisdiction_path, filter)
            .await?;
        Ok(MeetingBoard {
            meeting,
            nominations: records.iter().map(|r| ssr::row(r, now)).collect(),
        })
    })
    .await
}

/// The oath ceremonies in reach, and the appointees still to swear (with the deadline).
#[server(prefix = "/api", endpoint = "appointments/oaths")]
pub async fn list_oaths() -> Result<(Vec<OathView>, Vec<NominationRow>), AppError> {
    use super::repo::NominationFilter;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        let now = crate::state::now_ms();
        let filter = NominationFilter {
            appointed_only: true,
            ..Default::default()
        };
        let waiting = state
            .store
            .nominations(&user.jurisdiction_path, filter)
            .await?
            .iter()
            .filter(|r| r.sworn_at.is_none())
            .map(|r| ssr::row(r, now))
            .collect();
        Ok((state.store.oaths(&user.jurisdiction_path).await?, waiting))
    })
    .await
}

/// Records an oath ceremony and who swore at it.
#[server(prefix = "/api", endpoint = "appointments/oath")]
pub async fn record_oath(
    form: String,
    #[server(default)] leader: String,
    place: String,
    held_at: String,
    #[server(default)] version: String,
    #[server(default)] ids: HashMap<String, i64>,
) -> Result<i64, AppError> {
    use super::repo::NewOath;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::appointments::appointment::{OathForm, OathTextVersion};
    as_staff(Permission::ManageAppointments, async |user, state| {
        let form = OathForm::parse(&form).ok_or_else(|| {
            AppError::invalid(
                Some("form"),
                "请选择宣誓形式。",
                "Choose individual or collective.",
            )
        })?;
        if form.needs_leader() && leader.trim().is_empty() {
            return Err(AppError::invalid(
                Some("leader"),
                "集体宣誓须填写领誓人。",
                "A collective oath needs its leader.",
            ));
        }
        if place.trim().is_empty() {
            return Err(AppError::invalid(
                Some("place"),
                "请填写宣誓地点。",
                "Enter the place.",
            ));
        }
        let held_at = question_bank::exam::clock::parse_cst(&held_at).ok_or_else(|| {
            AppError::invalid(
                Some("held_at"),
                "请填写宣誓时间。",
                "Enter the date and time.",
            )
        })?;
        let version = match version.as_str() {
            "" => OathTextVersion::default(),
            v => OathTextVersion::parse(v).ok_or_else(|| {
                AppError::invalid(Some("version"), "未知的誓词版本。", "Unknown oath text.")
            })?,
        };
        let mut ids: Vec<i64> = ids.into_values().collect();
        ids.sort_unstable();
        if ids.is_empty() {
            return Err(AppError::invalid(
                Some("ids"),
                "请勾选宣誓人员。",
                "Tick who swore.",
            ));
        }
        let oath = NewOath {
            form,
            leader: leader.trim(),
            place: place.trim(),
            held_at,
            version,
            nomination_ids: &ids,
        };
        Ok(state
            .store
            .record_oath(
                &user.actor(),
                user.jurisdiction_id,
                &user.jurisdiction_path,
                oath,
                crate::state::now_ms(),
            )
            .await?)
    })
    .await
}

/// Records a performance report (履职报告) and its satisfaction evaluation.
#[server(prefix = "/api", endpoint = "appointments/report")]
pub async fn add_report(
    nomination_id: i64,
    form: String,
    reported_on: String,
    #[server(default)] meeting: String,
    satisfied: String,
    basically_satisfied: String,
    dissatisfied: String,
    members: String,
    #[server(default)] follow_up: String,
) -> Result<i64, AppError> {
    use super::repo::NewReport;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::appointments::appointment::{ReportForm, SatisfactionCounts};
    as_staff(Permission::ManageAppointments, async |user, state| {
        let form = ReportForm::parse(&form).ok_or_else(|| {
            AppError::invalid(Some("form"), "请选择报告形式。", "Choose oral or written.")
        })?;
        let report = NewReport {
            nomination_id,
            form,
            reported_on: ssr::day(&reported_on, "reported_on")?,
            meeting: meeting.trim(),
            counts: SatisfactionCounts {
                satisfied: ssr::count(&satisfied, "satisfied", "满意票", "Satisfied")?,
                basically_satisfied: ssr::count(
                    &basically_satisfied,
                    "basically_satisfied",
                    "基本满意票",
                    "Basically satisfied",
                )?,
                dissatisfied: ssr::count(
                    &dissatisfied,
                    "dissatisfied",
                    "不满意票",
                    "Dissatisfied",
                )?,
                members: ssr::count(&members, "members", "组成人员数", "Members")?,
            },
            follow_up: follow_up.trim(),
        };
        Ok(state
            .store
            .record_report(
                &user.actor(),
                &user.jurisdiction_path,
                report,
                crate::state::now_ms(),
            )
            .await?)
    })
    .await
}

/// The yearly statistics of every jurisdiction in reach, and their total.
#[server(prefix = "/api", endpoint = "appointments/stats")]
pub async fn get_year_report(#[server(default)] year: i32) -> Result<YearReport, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        let year = match year {
            0 => question_bank::exam::clock::cst_year(crate::state::now_ms()),
            y => AppError::in_range("year", i64::from(y), &question_bank::bounds::YEARS)?,
        };
        let year = i32::try_from(year).map_err(|_| AppError::NotFound)?;
        Ok(super::report::year_report(&*state.store, &user.jurisdiction_path, year).await?)
    })
    .await
}

/// A person's timeline: nominations, sittings, pass records, and each step to the oath and
/// the reports, with its date and document.
#[server(prefix = "/api", endpoint = "appointments/timeline")]
pub async fn get_timeline(person_id: i64) -> Result<Vec<TimelineEvent>, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageAppointments, async |user, state| {
        Ok(super::report::timeline(
            &*state.store,
            &user.jurisdiction_path,
            person_id,
            crate::state::now_ms(),
        )
        .await?)
    })
    .await
}
