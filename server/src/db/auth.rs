use app::audit::Actor;
use app::auth::repo::{AccountRepo, CandidateLogin, LoginAttempt, Reservation, StaffAccount};
use app::auth::throttle::Limits;
use app::auth::Role;
use app::state::StoreError;
use async_trait::async_trait;
use question_bank::audit_action::AuditAction;

use crate::db::{backend_error, AuditRecord, Backend, Db};

#[derive(sqlx::FromRow)]
struct StaffRow {
    id: i64,
    username: String,
    display_name: String,
    role: String,
    password_hash: String,
    active: i64,
    jurisdiction_id: i64,
    jurisdiction_path: String,
    jurisdiction_name: String,
}

impl TryFrom<StaffRow> for StaffAccount {
    type Error = StoreError;
    fn try_from(r: StaffRow) -> Result<Self, StoreError> {
        Ok(Self {
            role: Role::parse(&r.role)
                .ok_or_else(|| StoreError::backend(format!("unknown role {}", r.role)))?,
            id: r.id,
            username: r.username,
            display_name: r.display_name,
            password_hash: r.password_hash,
            active: r.active != 0,
            jurisdiction_id: r.jurisdiction_id,
            jurisdiction_path: r.jurisdiction_path,
            jurisdiction_name: r.jurisdiction_name,
        })
    }
}

const STAFF_SELECT: &str =
    "SELECT u.id, u.username, u.display_name, u.role, u.password_hash, u.active, \
     u.jurisdiction_id, j.path AS jurisdiction_path, j.name AS jurisdiction_name \
     FROM users u JOIN jurisdictions j ON j.id = u.jurisdiction_id";

#[derive(sqlx::FromRow)]
struct CandidateLoginRow {
    candidate_id: i64,
    person_id: i64,
    sitting_id: i64,
    jurisdiction_id: i64,
    opens_at: i64,
    closes_at: i64,
    access_code_hash: String,
    code_used_at: Option<i64>,
    state: String,
}

impl Db {
    async fn staff_where(
        &self,
        condition: &str,
        bind: StaffKey<'_>,
    ) -> Result<Option<StaffAccount>, StoreError> {
        let sql = format!("{STAFF_SELECT} WHERE {condition}");
        let query = sqlx::query_as::<_, StaffRow>(&sql);
        let query = match bind {
            StaffKey::Id(id) => query.bind(id),
            StaffKey::Username(name) => query.bind(name.to_owned()),
        };
        query
            .fetch_optional(self.pool())
            .await
            .map_err(backend_error)?
            .map(StaffAccount::try_from)
            .transpose()
    }
}

enum StaffKey<'a> {
    Id(i64),
    Username(&'a str),
}

#[async_trait]
impl AccountRepo for Db {
    async fn staff_by_username(&self, username: &str) -> Result<Option<StaffAccount>, StoreError> {
        self.staff_where("u.username = $1", StaffKey::Username(username))
            .await
    }

    async fn staff_by_id(&self, id: i64) -> Result<Option<StaffAccount>, StoreError> {
        self.staff_where("u.id = $1", StaffKey::Id(id)).await
    }

    async fn reserve_login_attempt(
        &self,
        attempt: &LoginAttempt,
        limits: Limits,
    ) -> Result<Option<Reservation>, StoreError> {
        let (attempt, postgres) = (attempt.clone(), self.backend() == Backend::Postgres);
        self.write(move |tx| {
            Box::pin(async move {
                if postgres {
                    // Under READ COMMITTED two concurrent INSERT … SELECTs would each count
                    // without the other's row: queue the attempts of one subject until commit,
                    // so a person's limit is exact however many guesses arrive at once (SQLite's
                    // writer already runs one at a time). The address is not locked: a whole
                    // exam room shares one, and queueing every login of the room behind one
                    // lock would make the room's start as slow as its logins in a row. Its
                    // generous limit may be passed by the attempts in flight at that instant
                    // (at most the server's admission limit); it is the subject's limit that
                    // stops guessing.
                    sqlx::query("SELECT pg_advisory_xact_lock(1501, hashtext($1))")
                        .bind(&attempt.subject)
                        .execute(&mut **tx)
                        .await
                        .map_err(backend_error)?;
                }
                // The one statement that decides and records: a failure row, if under both limits.
                let reserved: Option<(i64,)> = sqlx::query_as(
                    "INSERT INTO login_attempts (at, login, ip, succeeded, subject) \
                     SELECT $1, $2, $3, 0, $4 \
                     WHERE (SELECT COUNT(*) FROM login_attempts WHERE subject = $4 AND at >= $5 AND succeeded = 0) < $6 \
                       AND (SELECT COUNT(*) FROM login_attempts WHERE ip = $3 AND at >= $5 AND succeeded = 0) < $7 \
                     RETURNING id",
                )
                .bind(attempt.at)
                .bind(&attempt.login)
                .bind(&attempt.ip)
                .bind(&attempt.subject)
                .bind(limits.since)
                .bind(limits.per_subject)
                .bind(limits.per_ip)
                .fetch_optional(&mut **tx)
                .await
                .map_err(backend_error)?;
                let Some((id,)) = reserved else {
                    return Ok(None);
                };
                let (subject_failures,): (i64,) = sqlx::query_as(
                    "SELECT COUNT(*) FROM login_attempts WHERE subject = $1 AND at >= $2 AND succeeded = 0",
                )
                .bind(&attempt.subject)
                .bind(limits.since)
                .fetch_one(&mut **tx)
                .await
                .map_err(backend_error)?;
                Ok(Some(Reservation {
                    id,
                    subject_failures,
                }))
            })
        })
        .await
    }

    async fn login_succeeded(&self, reservation_id: i64) -> Result<(), StoreError> {
        self.write_statement(move |conn| {
            Box::pin(async move {
                sqlx::query("UPDATE login_attempts SET succeeded = 1 WHERE id = $1")
                    .bind(reservation_id)
                    .execute(&mut *conn)
                    .await
                    .map_err(backend_error)?;
                Ok(())
            })
        })
        .await
    }

    async fn candidate_logins(&self, login: &str) -> Result<Vec<CandidateLogin>, StoreError> {
        // Two index lookups (ticket, then ID card through the person): an `OR` across the
        // join made SQLite scan every candidate ever enrolled, at every login.
        let rows: Vec<CandidateLoginRow> = sqlx::query_as(
            "SELECT c.id AS candidate_id, c.person_id, c.sitting_id, s.jurisdiction_id, s.opens_at, s.closes_at, c.access_code_hash, c.code_used_at, s.state \
             FROM candidates c JOIN sittings s ON s.id = c.sitting_id \
             WHERE c.id IN (SELECT id FROM candidates WHERE ticket_number = $1 \
               UNION ALL SELECT c2.id FROM people p JOIN candidates c2 ON c2.person_id = p.id WHERE p.id_card_number = $1) \
             ORDER BY s.opens_at DESC LIMIT 20",
        )
        .bind(login)
        .fetch_all(self.pool())
        .await
        .map_err(backend_error)?;
        Ok(rows
            .into_iter()
            .map(|r| CandidateLogin {
                candidate_id: r.candidate_id,
                person_id: r.person_id,
                sitting_id: r.sitting_id,
                jurisdiction_id: r.jurisdiction_id,
                opens_at: r.opens_at,
                closes_at: r.closes_at,
                access_code_hash: r.access_code_hash,
                code_used_at: r.code_used_at,
                admits_logins: question_bank::exam::lifecycle::SittingState::parse(&r.state)
                    .is_some_and(question_bank::exam::lifecycle::SittingState::admits_logins),
            })
            .collect())
    }

    async fn claim_access_code(
        &self,
        candidate_id: i64,
        at: i64,
        ip: &str,
    ) -> Result<Option<i64>, StoreError> {
        let ip = ip.to_owned();
        self.write_statement(move |conn| {
            Box::pin(async move {
                let claimed: Option<(i64,)> = sqlx::query_as(
                    "UPDATE candidates SET code_used_at = $1, last_ip = $2, session_generation = session_generation + 1 \
                     WHERE id = $3 AND code_used_at IS NULL RETURNING session_generation",
                )
                .bind(at)
                .bind(ip)
                .bind(candidate_id)
                .fetch_optional(&mut *conn)
                .await
                .map_err(backend_error)?;
                Ok(claimed.map(|(generation,)| generation))
            })
        })
        .await
    }

    async fn second_login(
        &self,
        candidate_id: i64,
        at: i64,
        ip: &str,
        evict: bool,
    ) -> Result<Option<i64>, StoreError> {
        let mut tx = self.begin_write().await?;
        let who: Option<(String, String, i64)> = sqlx::query_as(
            "SELECT p.name, c.ticket_number, s.jurisdiction_id FROM candidates c \
             JOIN people p ON p.id = c.person_id JOIN sittings s ON s.id = c.sitting_id WHERE c.id = $1",
        )
        .bind(candidate_id)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend_error)?;
        let (name, ticket, jurisdiction_id) = who.ok_or(StoreError::NotFound)?;
        let generation = if evict {
            let (generation,): (i64,) = sqlx::query_as(
                "UPDATE candidates SET last_ip = $1, session_generation = session_generation + 1 \
                 WHERE id = $2 RETURNING session_generation",
            )
            .bind(ip)
            .bind(candidate_id)
            .fetch_one(&mut *tx)
            .await
            .map_err(backend_error)?;
            Some(generation)
        } else {
            None
        };
        let actor = Actor {
            user_id: None,
            label: format!("{name}（{ticket}）"),
            jurisdiction_id: Some(jurisdiction_id),
        };
        let reason = format!("IP {ip}");
        AuditRecord::new(
            if evict {
                AuditAction::CandidateLoginEvicted
            } else {
                AuditAction::CandidateLoginRefused
            },
            "candidate",
            candidate_id,
        )
        .jurisdiction(Some(jurisdiction_id))
        .reason(Some(&reason))
        .detail(serde_json::json!({ "ip": ip }))
        .commit(tx, &actor, at)
        .await?;
        Ok(generation)
    }

    async fn session_generation(&self, candidate_id: i64) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT session_generation FROM candidates WHERE id = $1")
                .bind(candidate_id)
                .fetch_optional(self.pool())
                .await
                .map_err(backend_error)?;
        Ok(row.map(|(generation,)| generation))
    }
}
