//! The practising candidate's server functions. Each re-reads the candidate's sitting: while
//! it is open nothing is served, and only questions not reserved for real sittings are.

use leptos::prelude::*;
use leptos::server_fn::codec::Json;
use question_bank::bank::question::Answer;

use super::{Feedback, MockAnswer, MockPaper, MockResult, PracticeHome, PracticeQuestion};
use crate::error::AppError;

/// The practice start page: the laws there are questions for.
#[server(prefix = "/api", endpoint = "practice/home")]
pub async fn load_practice() -> Result<PracticeHome, AppError> {
    use crate::auth::guard::{require_practice, respond};
    respond(async {
        let (candidate_id, state) = require_practice().await?;
        let scope = ssr::scope(&state, candidate_id).await?;
        let pool = state.store.practice_pool(&scope.scope_path).await?;
        let laws = question_bank::bank::laws::LAWS
            .iter()
            .filter_map(|law| {
                let n = pool.iter().filter(|q| q.law == law.id).count() as i64;
                (n > 0).then(|| (law.id.to_owned(), law.name.to_owned(), n))
            })
            .collect();
        Ok(PracticeHome {
            candidate_name: scope.candidate_name,
            sitting_title: scope.sitting_title,
            laws,
        })
    })
    .await
}

/// A random practice question on `law`, not one of `exclude` (those just answered) while
/// others remain; none when the law has no practice questions.
#[server(prefix = "/api", endpoint = "practice/next", input = Json)]
pub async fn next_question(
    law: String,
    exclude: Vec<i64>,
) -> Result<Option<PracticeQuestion>, AppError> {
    use crate::auth::guard::{require_practice, respond};
    use rand::seq::IndexedRandom;
    respond(async {
        let (candidate_id, state) = require_practice().await?;
        let scope = ssr::scope(&state, candidate_id).await?;
        let pool = state.store.practice_pool(&scope.scope_path).await?;
        let on_law: Vec<i64> = pool.iter().filter(|q| q.law == law).map(|q| q.id).collect();
        let fresh: Vec<i64> = on_law
            .iter()
            .copied()
            .filter(|id| !exclude.contains(id))
            .collect();
        let from = if fresh.is_empty() { &on_law } else { &fresh };
        let Some(&id) = from.choose(&mut rand::rng()) else {
            return Ok(None);
        };
        let item = state
            .store
            .practice_items(&scope.scope_path, &[id])
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        ssr::remember(ssr::SERVED, item.id, ssr::SERVED_KEPT).await?;
        Ok(Some(PracticeQuestion {
            question_id: item.id,
            kind: item.kind,
            stem: item.stem,
            options: item.options,
        }))
    })
    .await
}

/// Whether a practice answer is right, with the key, the explanation and the cited article:
/// only for a question this practice session was served, and with all of that withheld
/// while a scheduled or open sitting may still use the question.
#[server(prefix = "/api", endpoint = "practice/check", input = Json)]
pub async fn check_answer(question_id: i64, answer: Answer) -> Result<Feedback, AppError> {
    use crate::auth::guard::{require_practice, respond};
    respond(async {
        let (candidate_id, state) = require_practice().await?;
        let scope = ssr::scope(&state, candidate_id).await?;
        if !ssr::was_served(ssr::SERVED, &question_id).await? {
            return Err(AppError::NotFound);
        }
        let item = state
            .store
            .practice_items(&scope.scope_path, &[question_id])
            .await?
            .pop()
            .ok_or(AppError::NotFound)?;
        ssr::check_fits(&item, &answer)?;
        let live = state.store.live_questions(&[item.id]).await?;
        Ok(ssr::feedback(
            &item,
            None,
            Some(&answer),
            ssr::candidate_disclosure(&live, item.id),
        ))
    })
    .await
}

/// A mock exam drawn by the sitting's blueprint (or the published pattern) from the
/// practice questions.
#[server(prefix = "/api", endpoint = "practice/mock", input = Json)]
pub async fn start_mock() -> Result<MockPaper, AppError> {
    use super::MockQuestion;
    use crate::auth::guard::{require_practice, respond};
    respond(async {
        let (candidate_id, state) = require_practice().await?;
        let scope = ssr::scope(&state, candidate_id).await?;
        let seed = rand::Rng::random::<u64>(&mut rand::rng());
        let (paper, items, pass_mark) = ssr::mock_paper(&state, &scope, seed).await?;
        ssr::remember(ssr::MOCKS, seed.to_string(), ssr::MOCKS_KEPT).await?;
        let questions = paper
            .items
            .iter()
            .enumerate()
            .filter_map(|(n, pi)| {
                let item = items.iter().find(|i| i.id == pi.question_id)?;
                Some(MockQuestion {
                    number: n as i64 + 1,
                    points: i64::from(pi.points),
                    question: PracticeQuestion {
                        question_id: item.id,
                        kind: item.kind,
                        stem: item.stem.clone(),
                        options: pi.displayed_options(&item.options),
                    },
                })
            })
            .collect();
        Ok(MockPaper {
            seed: seed.to_string(),
            duration_minutes: scope.duration_minutes,
            pass_mark,
            total_points: i64::from(paper.items.iter().map(|i| i.points).sum::<u32>()),
            questions,
        })
    })
    .await
}

/// Marks a mock exam: the paper is drawn again from its seed, so the score is the server's;
/// only a paper this practice session was given. A question a scheduled or open sitting may
/// still use is neither marked nor explained (its mark would tell its key).
#[server(prefix = "/api", endpoint = "practice/mock/hand-in", input = Json)]
pub async fn hand_in_mock(seed: String, answers: Vec<MockAnswer>) -> Result<MockResult, AppError> {
    use crate::auth::guard::{require_practice, respond};
    use question_bank::exam::scoring::{passed, score, MarkedItem};
    respond(async {
        let (candidate_id, state) = require_practice().await?;
        let scope = ssr::scope(&state, candidate_id).await?;
        let invalid =
            || AppError::invalid(Some("seed"), "模拟试卷编号无效。", "Invalid mock paper.");
        if !ssr::was_served(ssr::MOCKS, &seed).await? {
            return Err(invalid());
        }
        let seed: u64 = seed.parse().map_err(|_| invalid())?;
        let (paper, items, pass_mark) = ssr::mock_paper(&state, &scope, seed).await?;
        let ids: Vec<i64> = paper.items.iter().map(|i| i.question_id).collect();
        let live = state.store.live_questions(&ids).await?;
        let mut marked = Vec::with_capacity(paper.items.len());
        for pi in &paper.items {
            let item = items
                .iter()
                .find(|i| i.id == pi.question_id)
                .ok_or(AppError::NotFound)?;
            let shown = answers
                .iter()
                .find(|a| a.question_id == pi.question_id)
                .map(|a| &a.answer);
            if let Some(shown) = shown {
                ssr::check_fits(item, shown)?;
            }
            marked.push((pi, item, shown.map(|a| pi.to_original(a))));
        }
        let total = score(
            &marked
                .iter()
                .filter(|(pi, _, _)| !live.contains(&pi.question_id))
                .map(|(pi, item, original)| MarkedItem {
                    key: &item.key,
                    points: i64::from(pi.points),
                    response: original.as_ref(),
                })
                .collect::<Vec<_>>(),
            scope.multi_choice,
        );
        Ok(MockResult {
            earned: total.earned,
            possible: total.possible,
            pass_mark,
            passed: passed(total.earned, pass_mark),
            unmarked: marked
                .iter()
                .filter(|(pi, _, _)| live.contains(&pi.question_id))
                .count() as i64,
            items: marked
                .iter()
                .map(|(pi, item, original)| {
                    let disclosure = ssr::candidate_disclosure(&live, item.id);
                    ssr::feedback(item, Some(pi), original.as_ref(), disclosure)
                })
                .collect(),
        })
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use question_bank::bank::laws::Citation;
    use question_bank::bank::question::Answer;
    use question_bank::bank::secrecy::{disclosure, Disclosure, Reader};
    use question_bank::bank::statutes;
    use question_bank::exam::blueprint::Blueprint;
    use question_bank::exam::lifecycle::SittingState;
    use question_bank::exam::paper::{self, Paper, PaperItem};
    use question_bank::exam::rules::ExamRules;
    use question_bank::exam::scoring::is_correct;
    use question_bank::Bilingual;
    use std::collections::HashSet;

    use super::super::repo::{PracticeItem, PracticeScope};
    use super::super::Feedback;
    use crate::error::AppError;
    use crate::state::AppState;

    /// The session key of the question ids this practice session was served.
    pub const SERVED: &str = "practice.served";
    /// How many served ids a session keeps (the newest).
    pub const SERVED_KEPT: usize = 2000;
    /// The session key of the mock papers (their seeds) this practice session was given.
    pub const MOCKS: &str = "practice.mocks";
    /// How many mock papers a session keeps (the newest).
    pub const MOCKS_KEPT: usize = 20;

    fn session_error(e: impl std::fmt::Display) -> AppError {
        tracing::error!(error = %e, "practice session unreadable");
        AppError::Internal {
            incident: "practice-session".into(),
        }
    }

    /// Records in the session that `value` was served under `key`, keeping the newest `kept`.
    pub async fn remember<T>(key: &str, value: T, kept: usize) -> Result<(), AppError>
    where
        T: serde::Serialize + serde::de::DeserializeOwned + PartialEq + Send + Sync,
    {
        let session = crate::auth::guard::session().await?;
        let mut served: Vec<T> = session
            .get(key)
            .await
            .map_err(session_error)?
            .unwrap_or_default();
        served.retain(|v| *v != value);
        served.push(value);
        let excess = served.len().saturating_sub(kept);
        served.drain(..excess);
        session.insert(key, served).await.map_err(session_error)
    }

    /// Whether `value` was served under `key` in this session.
    pub async fn was_served<T>(key: &str, value: &T) -> Result<bool, AppError>
    where
        T: serde::de::DeserializeOwned + PartialEq,
    {
        let session = crate::auth::guard::session().await?;
        let served: Vec<T> = session
            .get(key)
            .await
            .map_err(session_error)?
            .unwrap_or_default();
        Ok(served.contains(value))
    }

    /// What a candidate may learn of question `id`, given the live ones among those asked.
    pub fn candidate_disclosure(live: &HashSet<i64>, id: i64) -> Disclosure {
        disclosure(Reader::Candidate, live.contains(&id))
    }

    /// The practising candidate's sitting, unless it is open (or gone).
    pub async fn scope(state: &AppState, candidate_id: i64) -> Result<PracticeScope, AppError> {
        let scope = state
            .store
            .practice_scope(candidate_id)
            .await?
            .ok_or(AppError::Unauthenticated)?;
        match scope.state {
            SittingState::Open => Err(AppError::refused(
                "考试正在进行，练习暂停；考试结束后可继续练习。",
                "The sitting is under way; practice resumes when it is over.",
            )),
            SittingState::Draft => Err(AppError::Unauthenticated),
            _ => Ok(scope),
        }
    }

    /// A mock paper drawn with `seed` from the practice questions, with their details and
    /// the pass mark that applies.
    pub async fn mock_paper(
        state: &AppState,
        scope: &PracticeScope,
        seed: u64,
    ) -> Result<(Paper, Vec<PracticeItem>, i64), AppError> {
        let (blueprint, pass_mark) = match &scope.blueprint {
            Some(b) => (b.clone(), scope.pass_mark),
            None => (Blueprint::published(), ExamRules::default().pass_mark),
        };
        let pool = state.store.practice_pool(&scope.scope_path).await?;
        let paper = paper::assemble(&blueprint, &pool, seed, &Default::default()).map_err(|s| {
            let (zh, en): (Vec<String>, Vec<String>) = s.iter().map(|s| (s.zh(), s.en())).unzip();
            AppError::refused(
                format!("练习题库不足以组成模拟试卷：{}", zh.join("；")),
                format!(
                    "The practice questions cannot fill a mock paper: {}",
                    en.join("; ")
                ),
            )
        })?;
        let ids: Vec<i64> = paper.items.iter().map(|i| i.question_id).collect();
        let items = state.store.practice_items(&scope.scope_path, &ids).await?;
        Ok((paper, items, pass_mark))
    }

    /// Refuses an answer that does not fit its question.
    pub fn check_fits(item: &PracticeItem, answer: &Answer) -> Result<(), AppError> {
        if answer.fits(item.kind, item.options.len()) {
            Ok(())
        } else {
            Err(AppError::invalid(
                Some("answer"),
                "答案与题型不符。",
                "The answer does not fit the question type.",
            ))
        }
    }

    /// Right or wrong, the key and the answer as this candidate saw the options (shuffled on
    /// a mock paper), the explanation and the cited article's text; when `disclosure`
    /// withholds them, only the answer given and why the rest is withheld.
    pub fn feedback(
        item: &PracticeItem,
        shown_as: Option<&PaperItem>,
        original: Option<&Answer>,
        disclosure: Disclosure,
    ) -> Feedback {
        let show = |a: &Answer| shown_as.map_or_else(|| a.clone(), |pi| pi.to_displayed(a));
        if let Some(withheld) = disclosure.withheld() {
            return Feedback {
                question_id: item.id,
                correct: None,
                key: String::new(),
                given: original.map(|a| show(a).display()).unwrap_or_default(),
                explanation: String::new(),
                citation: String::new(),
                article: Vec::new(),
                withheld: Some(withheld),
            };
        }
        let citation = Citation::parse(&item.law_id, item.article)
            .and_then(|c| c.with_paragraph(item.paragraph));
        Feedback {
            question_id: item.id,
            withheld: None,
            correct: Some(is_correct(&item.key, original)),
            key: show(&item.key).display(),
            given: original.map(|a| show(a).display()).unwrap_or_default(),
            explanation: item.explanation.clone(),
            citation: citation
                .as_ref()
                .map_or_else(|_| item.law_id.clone(), Citation::label),
            article: u16::try_from(item.article)
                .ok()
                .and_then(|n| statutes::article(&item.law_id, n))
                .unwrap_or_default()
                .into_iter()
                .map(str::to_owned)
                .collect(),
        }
    }
}
