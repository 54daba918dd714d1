//! Login and logout. Each login throttles by name and address, rotates the session id and
//! sets an absolute expiry: staff for a working day, candidates until their sitting ends
//! plus the grace period (never an inactivity timeout that could end an exam).

use leptos::prelude::*;

use super::WhoAmI;
use crate::error::AppError;

/// Staff login with username and password; on success goes to the sittings page.
#[server(prefix = "/api", endpoint = "auth/login")]
pub async fn staff_login(username: String, password: String) -> Result<(), AppError> {
    use super::guard::{app_state, client_ip, respond, session, Principal, PRINCIPAL_KEY};
    use super::{password as pw, throttle};
    use crate::state::now_ms;
    respond(async {
        let state = app_state()?;
        let (login, ip, now) = (
            throttle::staff_login(&username),
            client_ip().await,
            now_ms(),
        );
        let account = state.store.staff_by_username(&login).await?;
        let attempt = ssr::Attempt {
            subject: throttle::staff_subject(&login),
            login: &login,
            ip: &ip,
            now,
            kind: "staff",
            jurisdiction_id: account.as_ref().map(|a| a.jurisdiction_id),
        };
        let reservation = ssr::reserve(&state, &attempt).await?;
        let verified = match &account {
            Some(a) => pw::verify(&password, &a.password_hash) && a.active,
            None => {
                pw::verify_nothing(&password);
                false
            }
        };
        ssr::settle(&state, &attempt, reservation, verified).await?;
        let Some(account) = account.filter(|_| verified) else {
            return Err(AppError::invalid(
                None,
                "用户名或密码不正确。",
                "Wrong username or password.",
            ));
        };
        let session = session().await?;
        session.cycle_id().await.map_err(session_failed)?;
        session
            .insert(
                PRINCIPAL_KEY,
                Principal::Staff {
                    user_id: account.id,
                },
            )
            .await
            .map_err(session_failed)?;
        session.set_expiry(Some(expires_at(now + state.settings.staff_session_ms)));
        leptos_axum::redirect(account.role.home());
        Ok(())
    })
    .await
}

/// Candidate login with admission-ticket number (or ID-card number) and one-time access code.
#[server(prefix = "/api", endpoint = "auth/candidate-login")]
pub async fn candidate_login(login: String, access_code: String) -> Result<(), AppError> {
    use super::guard::{app_state, client_ip, respond, session, Principal, PRINCIPAL_KEY};
    use crate::state::{now_ms, SecondLogin};
    use question_bank::exam::clock::format_cst;
    respond(async {
        let state = app_state()?;
        let enrolment = ssr::verified_enrolment(&state, &login, &access_code, "candidate").await?;
        let (now, grace) = (now_ms(), state.settings.answer_grace_ms);
        if now < enrolment.opens_at - state.settings.candidate_early_login_ms {
            let opens = format_cst(enrolment.opens_at);
            return Err(AppError::refused(format!("考试尚未开始，请于 {opens} 前到场登录。"), format!("The exam has not begun; please log in shortly before {opens}.")));
        }
        if now > enrolment.closes_at + grace {
            return Err(AppError::refused("本场考试已经结束。", "This sitting has ended."));
        }
        let ip = client_ip().await;
        let claimed = match enrolment.code_used_at {
            Some(_) => {
                let evict = state.settings.second_login == SecondLogin::Evict;
                state.store.second_login(enrolment.candidate_id, now, &ip, evict).await?
            }
            None => state.store.claim_access_code(enrolment.candidate_id, now, &ip).await?,
        };
        let Some(generation) = claimed else {
            return Err(AppError::refused(
                "该访问码已经使用过。如需在其他电脑上继续考试，请联系监考人员重新发放访问码。",
                "This access code has already been used. To continue on another computer, ask the proctor for a new code.",
            ));
        };
        let session = session().await?;
        session.cycle_id().await.map_err(session_failed)?;
        session.insert(PRINCIPAL_KEY, Principal::Candidate { candidate_id: enrolment.candidate_id, generation }).await.map_err(session_failed)?;
        session.set_expiry(Some(expires_at(enrolment.closes_at + grace + 10 * 60_000)));
        leptos_axum::redirect("/exam");
        Ok(())
    })
    .await
}

/// Practice login (练习) with the same ticket (or ID-card number) and access code, which it
/// does not use up: for practice and mock exams before the sitting, never while it is open.
#[server(prefix = "/api", endpoint = "auth/practice-login")]
pub async fn practice_login(login: String, access_code: String) -> Result<(), AppError> {
    use super::guard::{app_state, respond, Principal};
    use crate::state::now_ms;
    respond(async {
        let state = app_state()?;
        let enrolment = ssr::verified_enrolment(&state, &login, &access_code, "practice").await?;
        let candidate_id = enrolment.candidate_id;
        let until = now_ms() + state.settings.staff_session_ms;
        ssr::enter(Principal::Practice { candidate_id }, until, "/practice").await
    })
    .await
}

/// 成绩查询 login with the same ticket (or ID-card number) and access code, at any time:
/// the result page says what is published and nothing before.
#[server(prefix = "/api", endpoint = "auth/results-login")]
pub async fn results_login(login: String, access_code: String) -> Result<(), AppError> {
    use super::guard::{app_state, respond, Principal};
    use crate::state::now_ms;
    respond(async {
        let state = app_state()?;
        let enrolment = ssr::verified_enrolment(&state, &login, &access_code, "results").await?;
        let candidate_id = enrolment.candidate_id;
        let until = now_ms() + state.settings.staff_session_ms;
        ssr::enter(Principal::Results { candidate_id }, until, "/results").await
    })
    .await
}

/// Ends the session (staff or candidate) and returns to the start page. A candidate whose
/// paper is still open is warned first: the login used up the one-time access code, so
/// coming back needs a new one from the proctor (`confirm` = "1" once warned). The code is
/// not kept usable instead: on a shared exam-room PC, a code that still worked after its
/// owner logged out would let the next person at that PC into the paper.
#[server(prefix = "/api", endpoint = "auth/logout")]
pub async fn logout(#[server(default)] confirm: String) -> Result<(), AppError> {
    use super::guard::{app_state, principal, respond, session, Principal};
    respond(async {
        let session = session().await?;
        if let Some(Principal::Candidate { candidate_id, .. }) = principal(&session).await {
            let open = app_state()?
                .store
                .candidate_overview(candidate_id)
                .await?
                .is_some_and(|c| c.paper_open());
            if open {
                AppError::unless_confirmed(
                    &confirm,
                    &question_bank::consequence::CANDIDATE_LOGOUT,
                )?;
            }
        }
        session.flush().await.map_err(session_failed)?;
        leptos_axum::redirect("/");
        Ok(())
    })
    .await
}

/// Who is logged in, for the page header.
#[server(prefix = "/api", endpoint = "auth/whoami")]
pub async fn current_user() -> Result<Option<WhoAmI>, AppError> {
    use super::guard::{app_state, principal, respond, session, Principal};
    respond(async {
        let state = app_state()?;
        let principal = principal(&session().await?).await;
        let exam = matches!(principal, Some(Principal::Candidate { .. }));
        Ok(match principal {
            Some(Principal::Staff { user_id }) => state
                .store
                .staff_by_id(user_id)
                .await?
                .filter(|a| a.active)
                .map(|a| WhoAmI::Staff {
                    display_name: a.display_name,
                    role: a.role,
                    jurisdiction_name: a.jurisdiction_name,
                }),
            Some(
                Principal::Candidate { candidate_id, .. }
                | Principal::Practice { candidate_id }
                | Principal::Results { candidate_id },
            ) => state
                .store
                .candidate_overview(candidate_id)
                .await?
                .map(|c| WhoAmI::Candidate {
                    paper_open: exam && c.paper_open(),
                    name: c.name,
                    ticket_number: c.ticket_number,
                }),
            None => None,
        })
    })
    .await
}

#[cfg(feature = "ssr")]
mod ssr {
    use super::super::repo::{CandidateLogin, LoginAttempt, Reservation};
    use super::super::{password as pw, throttle};
    use super::{expires_at, session_failed};
    use crate::audit::Actor;
    use crate::auth::guard::{client_ip, session, Principal, PRINCIPAL_KEY};
    use crate::error::AppError;
    use crate::state::{now_ms, AppState};
    use question_bank::exam::ticket::normalize_access_code;

    /// Starts a new session (a new id, against fixation) for `principal` until `until`, and
    /// sends the browser to `path`.
    pub async fn enter(principal: Principal, until: i64, path: &str) -> Result<(), AppError> {
        let session = session().await?;
        session.cycle_id().await.map_err(session_failed)?;
        session
            .insert(PRINCIPAL_KEY, principal)
            .await
            .map_err(session_failed)?;
        session.set_expiry(Some(expires_at(until)));
        leptos_axum::redirect(path);
        Ok(())
    }

    /// One login attempt, as the throttle counts it and the audit log records its failure.
    pub struct Attempt<'a> {
        /// Whom it counts against (`throttle::staff_subject`, `throttle::candidate_subject`).
        pub subject: String,
        /// The text typed (normalized).
        pub login: &'a str,
        pub ip: &'a str,
        pub now: i64,
        /// "staff", "candidate", "practice" or "results": which login form.
        pub kind: &'static str,
        /// Whose records the failure concerns (the account's or the sitting's jurisdiction),
        /// so its admins see it; none for a name that matches no one.
        pub jurisdiction_id: Option<i64>,
    }

    impl Attempt<'_> {
        fn actor(&self) -> Actor {
            Actor {
                user_id: None,
                label: throttle::shown(self.login),
                jurisdiction_id: self.jurisdiction_id,
            }
        }

        fn detail(&self) -> serde_json::Value {
            serde_json::json!({ "ip": self.ip, "form": self.kind })
        }
    }

    /// Reserves the attempt against the throttle's limits before anything is checked:
    /// refused (429) while its subject or its address has failed too often lately.
    pub async fn reserve(state: &AppState, attempt: &Attempt<'_>) -> Result<Reservation, AppError> {
        let reserved = state
            .store
            .reserve_login_attempt(
                &LoginAttempt {
                    subject: attempt.subject.clone(),
                    login: throttle::shown(attempt.login),
                    ip: attempt.ip.to_owned(),
                    at: attempt.now,
                },
                throttle::limits(attempt.now),
            )
            .await?;
        reserved.ok_or(AppError::RateLimited {
            retry_after_secs: throttle::RETRY_AFTER_SECS,
        })
    }

    /// Settles a reserved attempt: a success stops counting as a failure; a failure goes to
    /// the audit log (and, when it is the one that locks the subject, a lockout event too).
    /// Only reserved attempts reach here, so the log grows at most by the throttle's limits.
    pub async fn settle(
        state: &AppState,
        attempt: &Attempt<'_>,
        reservation: Reservation,
        succeeded: bool,
    ) -> Result<(), AppError> {
        if succeeded {
            return Ok(state.store.login_succeeded(reservation.id).await?);
        }
        let actor = attempt.actor();
        state
            .store
            .record_event(
                &actor,
                question_bank::audit_action::AuditAction::LoginFailed,
                "login",
                &attempt.subject,
                attempt.detail(),
            )
            .await?;
        if throttle::locks_now(reservation.subject_failures) {
            state
                .store
                .record_event(
                    &actor,
                    question_bank::audit_action::AuditAction::LoginLocked,
                    "login",
                    &attempt.subject,
                    attempt.detail(),
                )
                .await?;
        }
        Ok(())
    }

    /// The enrolment a ticket (or ID-card number) and access code open, throttled per person
    /// and address and recorded; a draft sitting admits no one.
    pub async fn verified_enrolment(
        state: &AppState,
        login: &str,
        access_code: &str,
        kind: &'static str,
    ) -> Result<CandidateLogin, AppError> {
        let (login, ip, now) = (
            throttle::candidate_login(login),
            client_ip().await,
            now_ms(),
        );
        let login = throttle::shown(&login);
        let enrolments = state.store.candidate_logins(&login).await?;
        let person = enrolments.iter().map(|e| e.person_id).min();
        let attempt = Attempt {
            subject: throttle::candidate_subject(person, &login),
            login: &login,
            ip: &ip,
            now,
            kind,
            jurisdiction_id: enrolments.first().map(|e| e.jurisdiction_id),
        };
        let reservation = reserve(state, &attempt).await?;
        let code = normalize_access_code(access_code);
        if enrolments.is_empty() {
            pw::verify_no_access_code(&code);
        }
        // Of this person's enrolments, the one whose code matches (the latest sitting first).
        let matching = enrolments
            .into_iter()
            .find(|c| pw::verify(&code, &c.access_code_hash));
        settle(state, &attempt, reservation, matching.is_some()).await?;
        let Some(enrolment) = matching else {
            return Err(AppError::invalid(
                None,
                "准考证号（或身份证号）与访问码不匹配。",
                "The ticket number (or ID-card number) and access code do not match.",
            ));
        };
        if !enrolment.admits_logins {
            return Err(AppError::refused(
                "本场考试尚未发布，请联系考务人员。",
                "This sitting has not been scheduled yet; please ask the exam staff.",
            ));
        }
        Ok(enrolment)
    }
}

#[cfg(feature = "ssr")]
fn session_failed(e: tower_sessions::session::Error) -> AppError {
    crate::state::StoreError::backend(format!("session: {e}")).into()
}

#[cfg(feature = "ssr")]
fn expires_at(ms: i64) -> tower_sessions::Expiry {
    use tower_sessions::cookie::time::OffsetDateTime;
    let at = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .unwrap_or_else(|_| OffsetDateTime::now_utc());
    tower_sessions::Expiry::AtDateTime(at)
}
