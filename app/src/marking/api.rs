//! Marking's server functions: for accounts that may mark (graders and administrators),
//! within their reach. No response here carries a candidate's name, ticket or attempt.

use leptos::prelude::*;

use super::{MarkingDesk, MarkingSitting};
use crate::error::AppError;

/// 阅卷: the sittings in reach with short answers handed in.
#[server(prefix = "/api", endpoint = "marking/sittings")]
pub async fn marking_sittings() -> Result<Vec<MarkingSitting>, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::MarkScripts, async |user, state| {
        Ok(state
            .store
            .marking_sittings(&user.jurisdiction_path)
            .await?)
    })
    .await
}

/// A marker's desk for a sitting: each question's progress and the next script for them.
#[server(prefix = "/api", endpoint = "marking/desk")]
pub async fn open_desk(sitting_id: i64) -> Result<MarkingDesk, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::MarkScripts, async |user, state| {
        let (summary, items) = state
            .store
            .marking_items(&user.jurisdiction_path, sitting_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let plan = summary.marking;
        let given_by_me = items
            .iter()
            .flat_map(|i| &i.marks)
            .filter(|m| m.marker == user.username)
            .count() as i64;
        let markers = state.store.markers_for(sitting_id).await?;
        Ok(MarkingDesk {
            questions: super::question_progress(plan, &items),
            next: super::next_script(plan, &items, &user.username),
            given_by_me,
            wait: super::MarkingWait::new(plan, &items, markers),
            summary,
        })
    })
    .await
}

/// Gives the script `code`'s answer to `question_id` its `stage` mark (1 first, 2 second,
/// 3 reconciliation): whole points from 0 to the question's, with an optional comment.
#[server(prefix = "/api", endpoint = "marking/mark")]
pub async fn give_mark(
    sitting_id: i64,
    code: String,
    question_id: i64,
    stage: i64,
    points: String,
    #[server(default)] comment: String,
) -> Result<(), AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::results::marking::Stage;
    as_staff(Permission::MarkScripts, async |user, state| {
        let stage = Stage::from_number(stage).ok_or_else(|| {
            AppError::invalid(Some("stage"), "未知的评阅环节。", "Unknown marking stage.")
        })?;
        let points = points.trim().parse::<i64>().map_err(|_| {
            AppError::invalid(
                Some("points"),
                "请填写得分（整数）。",
                "Enter the mark (a whole number).",
            )
        })?;
        let mark = super::repo::NewMark {
            sitting_id,
            code: code.trim(),
            question_id,
            stage,
            points,
            comment: comment.trim(),
        };
        state
            .store
            .give_mark(
                &user.actor(),
                &user.username,
                &user.jurisdiction_path,
                mark,
                crate::state::now_ms(),
            )
            .await?;
        Ok(())
    })
    .await
}
