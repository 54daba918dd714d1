//! 待复核: law versions in the bank. Staff load a newer text of a law; every question citing an
//! article it changed, renumbered or removed waits here, its article's old and new wording
//! side by side, left out of papers and practice until a person confirms it (still right under
//! the new text) or revises it (a new version, through the edit form). Also the measured
//! difficulty shown beside a question's written label.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use question_bank::results::measured::Measured;
use serde::{Deserialize, Serialize};

use super::QuestionView;
use crate::components::{FormError, Loaded, Page};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// The longest reason a review decision keeps.
pub const MAX_REASON_CHARS: usize = 500;

/// A law and the version of its text in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LawInForce {
    pub id: String,
    pub name: String,
    pub version: String,
}

/// A question held for review, with its article before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub question: QuestionView,
    pub law_name: String,
    /// The version it was written against, and the one in force.
    pub written_version: String,
    pub current_version: String,
    /// The cited article in the version it was written against.
    pub old_text: String,
    /// Where that article's rule is in the text in force (by wording), if anywhere.
    pub new_text: Option<String>,
}

/// The review page's data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewList {
    pub items: Vec<ReviewItem>,
    pub laws: Vec<LawInForce>,
    /// The caller may decide reviews (`Permission::ManageBank`).
    pub may_manage: bool,
    /// The caller may also load a newer text: every jurisdiction's bank cites it, so their
    /// reach must cover every jurisdiction.
    pub may_load: bool,
}

/// The questions held for review in the caller's reach, and every law's version in force.
#[server(prefix = "/api", endpoint = "bank/reviews")]
pub async fn questions_to_review() -> Result<ReviewList, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    use question_bank::bank::law_versions::{article_text, statute_changes};
    use question_bank::bank::laws::{self, LAWS};
    use std::collections::HashMap;
    respond(async {
        let (user, state) = require_staff(Permission::ViewBank).await?;
        let mut in_force: HashMap<&str, (String, String)> = HashMap::new();
        for law in LAWS {
            in_force.insert(law.id, state.store.statute_in_force(law.id).await?);
        }
        let mut items = Vec::new();
        let mut compared = HashMap::new();
        for q in state
            .store
            .questions_visible(&user.jurisdiction_path, false)
            .await?
            .into_iter()
            .filter(|q| q.needs_review)
        {
            let Some(((current_version, current), law)) =
                in_force.get(q.law_id.as_str()).zip(laws::find(&q.law_id))
            else {
                continue;
            };
            // One text and one comparison per version written against, however many of its
            // questions are held.
            let key = (q.law_id.clone(), q.law_version.clone());
            if !compared.contains_key(&key) {
                let old = state
                    .store
                    .statute_at(&q.law_id, &q.law_version)
                    .await?
                    .unwrap_or_default();
                let changes = statute_changes(&old, current);
                compared.insert(key.clone(), (old, changes));
            }
            let (old, changes) = &compared[&key];
            let article = u16::try_from(q.article).unwrap_or(0);
            // Where the cited article's rule went, matched by wording.
            let now_at = changes
                .iter()
                .find(|c| c.needs_review() == Some(article))
                .map_or(Some(article), |c| c.new_article());
            items.push(ReviewItem {
                law_name: law.name.to_owned(),
                written_version: q.law_version.clone(),
                current_version: current_version.clone(),
                old_text: article_text(old, article).unwrap_or_default(),
                new_text: now_at.and_then(|n| article_text(current, n)),
                question: super::api::ssr::view(&q, &user),
            });
        }
        // Law by law in the library's order, article by article: as a reviewer reads them.
        let place = |law_id: &str| LAWS.iter().position(|l| l.id == law_id);
        items.sort_by_key(|i| (place(&i.question.law_id), i.question.article, i.question.id));
        let laws = LAWS
            .iter()
            .map(|l| LawInForce {
                id: l.id.to_owned(),
                name: l.name.to_owned(),
                version: in_force
                    .get(l.id)
                    .map_or_else(|| l.version.to_owned(), |(v, _)| v.clone()),
            })
            .collect();
        Ok(ReviewList {
            items,
            laws,
            may_manage: user.role.may(Permission::ManageBank),
            may_load: user.role.may(Permission::ManageBank)
                && crate::auth::guard::reaches_everything(&state, &user).await?,
        })
    })
    .await
}

/// 确认无误: the question held for review is still right under the law's text in force; it
/// returns to papers. Audited with the reason.
#[server(prefix = "/api", endpoint = "bank/review-confirm")]
pub async fn confirm_review(id: i64, #[server(default)] reason: String) -> Result<i64, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    respond(async {
        let (user, state) = require_staff(Permission::ManageBank).await?;
        let reason = super::api::ssr::reason(&reason)?;
        if reason.chars().count() > MAX_REASON_CHARS {
            return Err(AppError::invalid(
                Some("reason"),
                format!("原因不得超过{MAX_REASON_CHARS}字。"),
                format!("The reason may be at most {MAX_REASON_CHARS} characters."),
            ));
        }
        state
            .store
            .confirm_review(&user.actor(), user.jurisdiction_id, id, reason)
            .await?;
        leptos_axum::redirect("/staff/questions/review");
        Ok(id)
    })
    .await
}

/// 法律版本与待复核: load a newer statute text, and the questions it holds for review.
#[component]
pub fn ReviewPage() -> impl IntoView {
    let lang = use_lang();
    let confirm = ServerAction::<ConfirmReview>::new();
    let list = resource(move || confirm.version().get(), |_| questions_to_review());
    let query = use_query_map();
    let loaded = move || {
        let q = query.read();
        // Only a known law, a date and a count: a crafted link shows nothing else.
        let law = question_bank::bank::laws::find(&q.get("law")?)?.name;
        let version = q
            .get("version")
            .filter(|v| question_bank::bank::laws::is_version_date(v))?;
        let flagged: u32 = q.get("flagged")?.parse().ok()?;
        Some((law, version, flagged))
    };
    view! {
        <Page title=tr!(
            lang, "法律版本与待复核试题", "Law versions and questions to review"
        )>
            <p>
                <a href="/staff/questions">{tr!(lang, "返回题库", "Back to the bank")}</a>
            </p>
            {move || {
                loaded()
                    .map(|(law, version, flagged)| {
                        view! {
                            <div class="notice ok" role="status" data-testid="statute-loaded">
                                {lang
                                    .pick(
                                        format!(
                                            "已载入{law}的{version}版文本，{flagged}道试题待复核。",
                                        ),
                                        format!(
                                            "The {version} text of {law} is loaded; {flagged} questions await review.",
                                        ),
                                    )}
                            </div>
                        }
                    })
            }}
            <FormError error=Signal::derive(move || confirm.value().get().and_then(Result::err)) />
            <Loaded resource=list let:list>
                <ReviewView list confirm lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn ReviewView(list: ReviewList, confirm: ServerAction<ConfirmReview>, lang: Lang) -> impl IntoView {
    let may_manage = list.may_manage;
    view! {
        {list.may_load.then(|| view! { <LoadStatuteForm laws=list.laws.clone() lang /> })}
        <h2>
            {format!(
                "{}（{}）",
                tr!(lang, "待复核试题", "Questions to review"),
                list.items.len(),
            )}
        </h2>
        <p class="hint">
            {tr!(
                lang, "法律修改后，引用被修改、移动或删除条文的试题暂停使用：不进入任何试卷和练习，直至确认其在新文本下仍然正确，或修改为新版本。", "After a law changes, questions citing an article it changed, moved or removed are set aside: no paper or practice uses them until someone confirms they are still right under the new text, or revises them into a new version."
            )}
        </p>
        {list
            .items
            .is_empty()
            .then(|| {
                view! {
                    <p data-testid="no-reviews">
                        {tr!(lang, "没有待复核的试题。", "No question awaits review.")}
                    </p>
                }
            })}
        {list
            .items
            .into_iter()
            .map(|item| {
                let q = item.question;
                view! {
                    <article class="card review" id=format!("q{}", q.id) data-testid="review-item">
                        <h3>
                            {format!("#{} {}", q.id, q.citation)}" "
                            <span class="badge needs-review">
                                {tr!(lang, "待复核", "To review")}
                            </span>
                        </h3>
                        <p class="stem">{q.stem.clone()}</p>
                        <div class="side-by-side">
                            <section data-testid="old-article">
                                <h4>
                                    {format!(
                                        "{}{}{}",
                                        tr!(lang, "原文本（", "As written against ("),
                                        item.written_version,
                                        tr!(lang, "版）", ")"),
                                    )}
                                </h4>
                                <p class="article-text">{item.old_text}</p>
                            </section>
                            <section data-testid="new-article">
                                <h4>
                                    {format!(
                                        "{}{}{}",
                                        tr!(lang, "现行文本（", "In force ("),
                                        item.current_version,
                                        tr!(lang, "版）", ")"),
                                    )}
                                </h4>
                                <p class="article-text">
                                    {item
                                        .new_text
                                        .unwrap_or_else(|| {
                                            tr!(lang, "该条已删除。", "The article was removed.")
                                                .to_owned()
                                        })}
                                </p>
                            </section>
                        </div>
                        {(may_manage && q.editable)
                            .then(|| {
                                view! {
                                    <ActionForm
                                        action=confirm
                                        attr:class="inline-form"
                                        attr:data-testid="confirm-review"
                                    >
                                        <input type="hidden" name="id" value=q.id.to_string() />
                                        <label>
                                            {tr!(lang, "确认理由", "Why it still holds")}
                                            <input
                                                type="text"
                                                name="reason"
                                                required
                                                maxlength=MAX_REASON_CHARS.to_string()
                                            />
                                        </label>
                                        <button type="submit">
                                            {tr!(lang, "确认仍然正确", "Confirm it still holds")}
                                        </button>
                                    </ActionForm>
                                    <a
                                        class="button secondary"
                                        href=format!("/staff/questions/{}/edit", q.id)
                                        data-testid="revise-review"
                                    >
                                        {tr!(
                                            lang, "按新文本修改", "Revise it to the new text"
                                        )}
                                    </a>
                                }
                            })}
                    </article>
                }
            })
            .collect_view()}
    }
}

/// 载入新版本法律文本: a plain multipart form, so it works without JavaScript.
#[component]
fn LoadStatuteForm(laws: Vec<LawInForce>, lang: Lang) -> impl IntoView {
    view! {
        <details class="card">
            <summary>
                {tr!(lang, "载入新版本法律文本", "Load a new text of a law")}
            </summary>
            <p class="hint">
                {tr!(
                    lang, "上传与系统自带文本格式相同的 .md 文件（每条以“第X条 ”开头，条文序号连续），并填写新文本的版本日期（须晚于现行版本）。系统逐条比对，引用被修改、移动或删除条文的试题将标为待复核。", "Upload a .md file in the shipped format (each article beginning \"第X条 \", numbered in order) and the new text's version date (later than the one in force). The texts are compared article by article; questions citing a changed, moved or removed article are held for review."
                )}
            </p>
            <form
                method="post"
                action="/staff/questions/statute"
                enctype="multipart/form-data"
                class="form-grid"
                data-testid="load-statute"
            >
                <label>
                    {tr!(lang, "法律", "Law")} <select name="law" required>
                        {laws
                            .into_iter()
                            .map(|l| {
                                view! {
                                    <option value=l
                                        .id
                                        .clone()>
                                        {format!(
                                            "{}（{}{}）",
                                            l.name,
                                            tr!(lang, "现行", "in force "),
                                            l.version,
                                        )}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {tr!(lang, "版本日期", "Version date")}
                    <input type="date" name="version" required />
                </label>
                <label>
                    {tr!(lang, "法律文本（.md）", "Statute text (.md)")}
                    <input type="file" name="file" accept=".md,.txt" required />
                </label>
                <button type="submit" class="primary">
                    {tr!(lang, "载入并比对", "Load and compare")}
                </button>
            </form>
        </details>
    }
}

/// The measured difficulty beside the written label, with the candidates it rests on, and a
/// flag when the two disagree (`question_bank::results::measured`).
#[component]
pub fn MeasuredDifficulty(label: u8, measured: Option<Measured>) -> impl IntoView {
    let lang = use_lang();
    measured.map(|m| {
        let disagrees = m.disagrees_with(label);
        view! {
            <span
                class="measured"
                data-testid="measured"
                title=tr!(
                    lang, "实测难度（按已发布场次的答对率，1易5难）", "Measured difficulty (from published sittings' facility; 1 easy, 5 hard)"
                )
            >
                {format!(
                    " / {}{}（{}%，{}{}）",
                    tr!(lang, "实测", "measured "),
                    m.level(),
                    m.facility_permille / 10,
                    m.candidates,
                    tr!(lang, "人", " candidates"),
                )}
            </span>
            {disagrees
                .then(|| {
                    view! {
                        <span class="badge disagrees" data-testid="disagrees">
                            {tr!(lang, "难度不符", "Label disagrees")}
                        </span>
                    }
                })}
        }
    })
}

/// The 待复核 badge of a question held for review, linking to its review.
#[component]
pub fn ReviewBadge(id: i64, needs_review: bool) -> impl IntoView {
    let lang = use_lang();
    needs_review.then(|| {
        view! {
            <a
                class="badge needs-review"
                data-testid="needs-review"
                href=format!("/staff/questions/review#q{id}")
            >
                {tr!(lang, "待复核", "To review")}
            </a>
        }
    })
}
