//! One argument per form field keeps the plain-HTML forms working without JavaScript.
#![allow(
    clippy::too_many_arguments,
    reason = "server functions take one argument per form field"
)]

use leptos::prelude::*;

use super::QuestionView;
use crate::error::AppError;

/// Every question the caller's jurisdiction may use, newest first.
#[server(prefix = "/api", endpoint = "bank/list")]
pub async fn list_questions() -> Result<Vec<QuestionView>, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    use question_bank::laws::Citation;
    respond(async {
        let (user, state) = require_staff(Permission::ViewSittings).await?;
        let rows = state
            .store
            .questions_visible(&user.jurisdiction_path)
            .await?;
        Ok(rows
            .into_iter()
            .map(|q| QuestionView {
                id: q.id,
                kind: q.kind,
                citation: Citation::parse(&q.law_id, q.article)
                    .map_or_else(|_| format!("{} {}", q.law_id, q.article), |c| c.label()),
                key: q.key.display(),
                stem: q.stem,
                options: q.options,
                explanation: q.explanation,
                difficulty: q.difficulty,
                status: q.status,
                jurisdiction_name: q.jurisdiction_name,
            })
            .collect())
    })
    .await
}

/// Adds a question to the caller's own jurisdiction's bank. Options come one per line.
#[server(prefix = "/api", endpoint = "bank/add")]
pub async fn add_question(
    kind: String,
    stem: String,
    #[server(default)] options: String,
    key: String,
    #[server(default)] explanation: String,
    difficulty: i64,
    law: String,
    article: i64,
) -> Result<i64, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    use question_bank::question::{Question, QuestionDraft};
    respond(async {
        let (user, state) = require_staff(Permission::ManageBank).await?;
        let options = options
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let draft = QuestionDraft {
            kind,
            stem,
            options,
            key,
            explanation,
            difficulty,
            law,
            article,
        };
        let question = Question::parse(draft).map_err(|e| AppError::field(e.field(), &e))?;
        Ok(state
            .store
            .create_question(&user.actor(), user.jurisdiction_id, &question)
            .await?)
    })
    .await
}
