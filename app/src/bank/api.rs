//! One argument per form field keeps the plain-HTML forms working without JavaScript.
#![allow(
    clippy::too_many_arguments,
    reason = "server functions take one argument per form field"
)]

use leptos::prelude::*;

use super::{ImportPreview, QuestionList};
use crate::error::AppError;

/// The questions the caller's jurisdiction may use, filtered by bank, law, type and text,
/// with counts per bank and per law over all of them.
#[server(prefix = "/api", endpoint = "bank/list")]
pub async fn list_questions(
    #[server(default)] bank: String,
    #[server(default)] law: String,
    #[server(default)] kind: String,
    #[server(default)] text: String,
    #[server(default)] difficulty: String,
    #[server(default)] status: String,
    #[server(default)] page: String,
) -> Result<QuestionList, AppError> {
    use super::PAGE_SIZE;
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::bank::laws;
    use question_bank::bank::question::{QuestionKind, QuestionStatus};
    use question_bank::bank::Bank;
    as_staff(Permission::ViewBank, async |user, state| {
        let all = state
            .store
            .questions_visible(&user.jurisdiction_path, true)
            .await?;
        // Counts describe what papers can draw; drafts and retired versions are found on request.
        let active: Vec<_> = all
            .iter()
            .filter(|q| q.status == QuestionStatus::Active)
            .collect();
        let difficulty = difficulty.trim().parse::<u8>().ok();
        let (bank, kind, text) = (
            Bank::parse(&bank),
            QuestionKind::parse(&kind),
            text.trim().to_owned(),
        );
        let by_bank = Bank::ALL
            .iter()
            .map(|b| (*b, active.iter().filter(|q| q.bank == *b).count() as i64))
            .collect();
        let mut by_law: Vec<(String, i64)> = laws::LAWS
            .iter()
            .map(|l| {
                (
                    l.name.to_owned(),
                    active.iter().filter(|q| q.law_id == l.id).count() as i64,
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect();
        by_law.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
        // By default everything still in use or being written; "all" includes retired ones.
        let by_status = |q: &&super::repo::QuestionRecord| match status.as_str() {
            "all" => true,
            "review" => q.needs_review && q.status != QuestionStatus::Retired,
            wanted => QuestionStatus::parse(wanted)
                .map_or(q.status != QuestionStatus::Retired, |s| q.status == s),
        };
        let matching: Vec<_> = all
            .iter()
            .filter(by_status)
            .filter(|q| bank.is_none_or(|b| q.bank == b))
            .filter(|q| law.is_empty() || q.law_id == law)
            .filter(|q| kind.is_none_or(|k| q.kind == k))
            .filter(|q| difficulty.is_none_or(|d| q.difficulty == d))
            .filter(|q| {
                text.is_empty()
                    || q.stem.contains(&text)
                    || q.options.iter().any(|o| o.contains(&text))
                    || q.tags.iter().any(|t| t == &text)
            })
            .collect();
        // A page number that cannot be read, or past the end, shows the nearest page.
        let pages = matching.len().div_ceil(PAGE_SIZE).max(1);
        let page = page.trim().parse::<usize>().unwrap_or(1).clamp(1, pages);
        let rows = matching
            .iter()
            .skip((page - 1) * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|q| ssr::view(q, &user))
            .collect();
        Ok(QuestionList {
            total: active.len() as i64,
            matching: matching.len() as i64,
            page: page as i64,
            pages: pages as i64,
            rows,
            by_bank,
            by_law,
        })
    })
    .await
}

/// Adds a question to the caller's own jurisdiction's bank, active or (with `draft`) as a
/// draft that papers cannot draw yet. Options and marking points come one per line.
#[server(prefix = "/api", endpoint = "bank/add")]
pub async fn add_question(
    bank: String,
    kind: String,
    stem: String,
    #[server(default)] options: String,
    key: String,
    #[server(default)] marking_points: String,
    #[server(default)] explanation: String,
    difficulty: i64,
    law: String,
    article: i64,
    #[server(default)] paragraph: String,
    #[server(default)] tags: String,
    #[server(default)] draft: String,
) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::bank::question::QuestionStatus;
    as_staff(Permission::ManageBank, async |user, state| {
        let question = ssr::parse_form(
            bank,
            kind,
            stem,
            options,
            key,
            marking_points,
            explanation,
            difficulty,
            law,
            article,
            paragraph,
            tags,
        )?;
        let status = if draft.is_empty() {
            QuestionStatus::Active
        } else {
            QuestionStatus::Draft
        };
        Ok(state
            .store
            .create_question(&user.actor(), user.jurisdiction_id, &question, status)
            .await?)
    })
    .await
}

/// The preview of an upload the caller made.
#[server(prefix = "/api", endpoint = "bank/import")]
pub async fn get_import(batch_id: i64) -> Result<ImportPreview, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageBank, async |user, state| {
        Ok(state
            .store
            .import_batch(user.id, batch_id)
            .await?
            .ok_or(AppError::NotFound)?
            .preview)
    })
    .await
}

/// Adds every new question of a checked upload and writes its revisions, all or nothing, and
/// returns to the bank, which names the batch to say what was imported. Returns how many
/// questions were added and revised.
#[server(prefix = "/api", endpoint = "bank/import/commit")]
pub async fn commit_import(batch_id: i64) -> Result<(i64, i64), AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    use question_bank::formats::json;
    as_staff(Permission::ManageBank, async |user, state| {
        let batch = state
            .store
            .import_batch(user.id, batch_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !batch.preview.can_commit() {
            return Err(AppError::refused(
                "该文件有未通过校验的行或已经导入，不能提交。",
                "This file has rejected rows or was already imported; it cannot be committed.",
            ));
        }
        // The staged rows were checked at upload; they are parsed (and so checked) again here.
        // There may be none: an upload can consist of revisions only.
        let rows =
            json::read(batch.questions_json.as_bytes()).map_err(|e| AppError::field("file", &e))?;
        let questions: Vec<_> = rows.into_iter().filter_map(|r| r.result.ok()).collect();
        let revisions = super::import::revisions_from_json(&batch.revisions_json)
            .map_err(crate::state::StoreError::backend)?;
        let done = state
            .store
            .commit_import_batch(&user.actor(), batch_id, &questions, &revisions)
            .await?;
        // The bank page then says what was imported.
        leptos_axum::redirect(&format!("/staff/questions?imported={batch_id}"));
        Ok((crate::count(done.0), crate::count(done.1)))
    })
    .await
}

/// One question, with whether the caller may edit it (its key only for those who may read keys).
#[server(prefix = "/api", endpoint = "bank/get")]
pub async fn get_question(id: i64) -> Result<super::QuestionView, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ViewBank, async |user, state| {
        let q = state
            .store
            .question(&user.jurisdiction_path, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(ssr::view(&q, &user))
    })
    .await
}

/// Saves an edit as the question's next version (the old version stays with the papers
/// that drew it) and opens the new version's preview.
#[server(prefix = "/api", endpoint = "bank/revise")]
pub async fn revise_question(
    id: i64,
    bank: String,
    kind: String,
    stem: String,
    #[server(default)] options: String,
    key: String,
    #[server(default)] marking_points: String,
    #[server(default)] explanation: String,
    difficulty: i64,
    law: String,
    article: i64,
    #[server(default)] paragraph: String,
    #[server(default)] tags: String,
    #[server(default)] reason: String,
) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageBank, async |user, state| {
        let reason = ssr::reason(&reason)?;
        let question = ssr::parse_form(
            bank,
            kind,
            stem,
            options,
            key,
            marking_points,
            explanation,
            difficulty,
            law,
            article,
            paragraph,
            tags,
        )?;
        let new_id = state
            .store
            .revise_question(&user.actor(), user.jurisdiction_id, id, &question, reason)
            .await?;
        leptos_axum::redirect(&format!("/staff/questions/{new_id}/preview"));
        Ok(new_id)
    })
    .await
}

/// Activates, retires, tags or untags the ticked questions (`ids[<id>]`) of the caller's own
/// bank, or reserves them for real sittings (or releases them to practice).
#[server(prefix = "/api", endpoint = "bank/bulk")]
pub async fn bulk_questions(
    action: String,
    #[server(default)] tag: String,
    #[server(default)] reason: String,
    #[server(default)] ids: std::collections::HashMap<String, i64>,
) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::Permission;
    as_staff(Permission::ManageBank, async |user, state| {
        let mut ids: Vec<i64> = ids.into_values().collect();
        ids.sort_unstable();
        if ids.is_empty() {
            return Err(AppError::invalid(
                Some("ids"),
                "请先勾选试题。",
                "Tick the questions first.",
            ));
        }
        let tag = tag.trim();
        let (actor, jurisdiction) = (user.actor(), user.jurisdiction_id);
        let changed = match action.as_str() {
            "activate" => {
                state
                    .store
                    .activate_questions(&actor, jurisdiction, &ids)
                    .await?
            }
            "retire" => {
                state
                    .store
                    .retire_questions(&actor, jurisdiction, &ids, ssr::reason(&reason)?)
                    .await?
            }
            "reserve" | "unreserve" => {
                state
                    .store
                    .reserve_questions(&actor, jurisdiction, &ids, action == "reserve")
                    .await?
            }
            "tag_add" | "tag_remove" if tag.is_empty() => {
                return Err(AppError::invalid(
                    Some("tag"),
                    "请填写标签。",
                    "Enter the tag.",
                ))
            }
            "tag_add" => {
                state
                    .store
                    .retag_questions(&actor, jurisdiction, &ids, tag, true)
                    .await?
            }
            "tag_remove" => {
                state
                    .store
                    .retag_questions(&actor, jurisdiction, &ids, tag, false)
                    .await?
            }
            _ => {
                return Err(AppError::invalid(
                    Some("action"),
                    "未知的批量操作。",
                    "Unknown bulk action.",
                ))
            }
        };
        Ok(crate::count(changed))
    })
    .await
}

#[cfg(feature = "ssr")]
pub(super) mod ssr {
    use question_bank::bank::laws::Citation;
    use question_bank::bank::question::{Question, QuestionDraft};

    use question_bank::bank::secrecy::{disclosure, Reader};

    use super::super::repo::QuestionRecord;
    use super::super::QuestionView;
    use crate::auth::guard::StaffUser;
    use crate::auth::Permission;
    use crate::error::AppError;

    /// A stored question as `caller` may see it: the key, marking points and explanation only
    /// for a role that reads keys.
    pub fn view(q: &QuestionRecord, caller: &StaffUser) -> QuestionView {
        let reader = Reader::Staff {
            reads_keys: caller.role.may(Permission::ReadKeys),
        };
        let withheld = disclosure(reader, false).withheld();
        let mut view = full_view(q, caller.jurisdiction_id);
        // A measure is drawn from candidates' scores: only for those who read keys and scores.
        if caller.role.may(Permission::ReadKeys) && caller.role.may(Permission::ReadScores) {
            view.measured = q.measured;
        }
        if withheld.is_some() {
            view.key = String::new();
            view.marking_points = Vec::new();
            view.explanation = String::new();
            view.withheld = withheld;
        }
        view
    }

    fn full_view(q: &QuestionRecord, caller_jurisdiction: i64) -> QuestionView {
        QuestionView {
            id: q.id,
            bank: q.bank,
            kind: q.kind,
            citation: Citation::parse(&q.law_id, q.article)
                .and_then(|c| c.with_paragraph(q.paragraph))
                .map_or_else(|_| format!("{} {}", q.law_id, q.article), |c| c.label()),
            key: q.key.display(),
            marking_points: q.marking_points.clone(),
            stem: q.stem.clone(),
            options: q.options.clone(),
            explanation: q.explanation.clone(),
            difficulty: q.difficulty,
            law_id: q.law_id.clone(),
            tags: q.tags.clone(),
            status: q.status,
            jurisdiction_name: q.jurisdiction_name.clone(),
            article: q.article,
            paragraph: q.paragraph,
            version: q.version,
            editable: q.editable_by(caller_jurisdiction),
            reserved: q.reserved,
            needs_review: q.needs_review,
            measured: None,
            withheld: None,
        }
    }

    /// A required reason for an audited change.
    pub fn reason(reason: &str) -> Result<&str, AppError> {
        match reason.trim() {
            "" => Err(AppError::invalid(
                Some("reason"),
                "请填写原因，它将记入审计日志。",
                "Give the reason; it goes into the audit log.",
            )),
            r => Ok(r),
        }
    }

    /// The question form's fields as a validated question.
    #[allow(clippy::too_many_arguments, reason = "one argument per form field")]
    pub fn parse_form(
        bank: String,
        kind: String,
        stem: String,
        options: String,
        key: String,
        marking_points: String,
        explanation: String,
        difficulty: i64,
        law: String,
        article: i64,
        paragraph: String,
        tags: String,
    ) -> Result<Question, AppError> {
        let lines = |text: String| {
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let options = lines(options);
        let paragraph = match paragraph.trim() {
            "" => None,
            p => Some(p.parse::<i64>().map_err(|_| {
                AppError::invalid(
                    Some("paragraph"),
                    "“款”应为整数。",
                    "The paragraph must be a whole number.",
                )
            })?),
        };
        let draft = QuestionDraft {
            bank,
            kind,
            stem,
            options,
            key,
            marking_points: lines(marking_points),
            explanation,
            difficulty,
            law,
            article,
            paragraph,
            tags: vec![tags],
        };
        Question::parse(draft).map_err(|e| AppError::field(e.field(), &e))
    }
}
