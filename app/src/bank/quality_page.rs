//! 题库质量: the quality rules of `question_bank::bank::quality`, bank by bank, over the active
//! questions the caller's jurisdiction may use — so an office sees where its bank falls short
//! before a sitting draws from it.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::{Loaded, Page};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// One bank's figures, as the page shows them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BankQualityRow {
    /// The bank's id (`common`, `npc`…).
    pub bank: String,
    pub questions: i64,
    pub laws: i64,
    pub short_of_rules: i64,
    pub true_false: i64,
    pub verbatim_true_false: i64,
    pub cases: i64,
    pub single_choice: i64,
    pub key_longest: i64,
    pub meets_rules: bool,
}

/// The active questions in reach that break a per-question rule, the first few by bank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShortQuestion {
    pub id: i64,
    pub bank: String,
    pub stem: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QualityReport {
    pub banks: Vec<BankQualityRow>,
    pub short: Vec<ShortQuestion>,
}

/// The figures of every bank in the caller's reach (anyone who may read the bank: the
/// figures are counts and reveal no key).
#[server(prefix = "/api", endpoint = "bank/quality")]
pub async fn bank_quality() -> Result<QualityReport, AppError> {
    use crate::auth::guard::{require_staff, respond};
    use crate::auth::Permission;
    use question_bank::bank::quality::{figures, shortfalls};
    /// How many of the questions short of a rule the page lists.
    const SHORT_LISTED: usize = 50;
    respond(async {
        let (user, state) = require_staff(Permission::ViewBank).await?;
        let mut records = state
            .store
            .questions_visible(&user.jurisdiction_path, false)
            .await?;
        // In the order they were added, so the listing is stable.
        records.sort_by_key(|r| r.id);
        let questions: Vec<(i64, question_bank::bank::question::Question)> = records
            .iter()
            .filter(|r| r.status == question_bank::bank::question::QuestionStatus::Active)
            .filter_map(|r| r.to_question().ok().map(|q| (r.id, q)))
            .collect();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        let only: Vec<_> = questions.iter().map(|(_, q)| q.clone()).collect();
        let banks = figures(&only)
            .into_iter()
            .map(|(bank, f)| BankQualityRow {
                bank: bank.as_str().to_owned(),
                questions: count(f.questions),
                laws: count(f.laws),
                short_of_rules: count(f.short_of_rules),
                true_false: count(f.true_false),
                verbatim_true_false: count(f.verbatim_true_false),
                cases: count(f.cases),
                single_choice: count(f.single_choice),
                key_longest: count(f.key_longest),
                meets_rules: f.meets_rules(),
            })
            .collect();
        let short = questions
            .iter()
            .filter(|(_, q)| !shortfalls(q).is_empty())
            .take(SHORT_LISTED)
            .map(|(id, q)| ShortQuestion {
                id: *id,
                bank: q.bank().as_str().to_owned(),
                stem: q.stem().to_owned(),
            })
            .collect();
        Ok(QualityReport { banks, short })
    })
    .await
}

fn percent(part: i64, whole: i64) -> String {
    if whole == 0 {
        "—".to_owned()
    } else {
        format!("{}%", part * 100 / whole)
    }
}

fn bank_label(lang: Lang, id: &str) -> String {
    question_bank::bank::Bank::parse(id).map_or_else(
        || id.to_owned(),
        |b| lang.pick(b.label_zh(), b.label_en()).to_owned(),
    )
}

/// `/staff/questions/quality`.
#[component]
pub fn QualityPage() -> impl IntoView {
    let lang = use_lang();
    let quality = resource(|| (), |()| bank_quality());
    view! {
        <Page title=tr!(lang, "题库质量", "Bank quality")>
            <p class="hint">
                {tr!(
                    lang,
                    "每题：选择题四到五个选项；多选题至少两个正确、两个错误选项；解析引用的法条原文须在所引条款中；错误的判断题须改变实质要素（机关、期限、数字、条件），不能只加减否定词。每个题库：照抄法条的判断题不超过40%，案例题不少于10%。",
                    "Each question: four or five options; a multiple choice with at least two right and two wrong options; the explanation's quotations in the cited article; a false statement changes a substantive element (an organ, a term, a number, a condition), not only a negation. Each bank: at most 40% of true/false statements copied from an article, at least 10% cases."
                )}
            </p>
            <Loaded resource=quality let:q>
                <QualityView quality=q lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn QualityView(quality: QualityReport, lang: Lang) -> impl IntoView {
    let rows = quality
        .banks
        .into_iter()
        .map(|b| {
            let verdict = if b.meets_rules {
                tr!(lang, "符合", "Meets the rules")
            } else {
                tr!(lang, "不符合", "Falls short")
            };
            view! {
                <tr data-bank=b.bank.clone() class:short=!b.meets_rules>
                    <td>{bank_label(lang, &b.bank)}</td>
                    <td class="num">{b.questions}</td>
                    <td class="num">{b.laws}</td>
                    <td class="num">{b.short_of_rules}</td>
                    <td class="num">{percent(b.verbatim_true_false, b.true_false)}</td>
                    <td class="num">{percent(b.cases, b.questions)}</td>
                    <td class="num">{percent(b.key_longest, b.single_choice)}</td>
                    <td>{verdict}</td>
                </tr>
            }
        })
        .collect_view();
    let short = quality
        .short
        .into_iter()
        .map(|q| {
            view! {
                <li>
                    <a href=format!("/staff/questions/{}/edit", q.id)>{q.stem}</a>
                    " ("
                    {bank_label(lang, &q.bank)}
                    ")"
                </li>
            }
        })
        .collect_view();
    view! {
        <table class="grid" data-testid="bank-quality">
            <thead>
                <tr>
                    <th>{tr!(lang, "题库", "Bank")}</th>
                    <th>{tr!(lang, "试题", "Questions")}</th>
                    <th>{tr!(lang, "法律", "Laws")}</th>
                    <th>{tr!(lang, "不合规则的试题", "Short of a rule")}</th>
                    <th>{tr!(lang, "照抄法条的判断题", "Verbatim true/false")}</th>
                    <th>{tr!(lang, "案例题", "Cases")}</th>
                    <th>
                        {tr!(
                            lang, "单选题答案为最长选项", "Single choice keyed on the longest option"
                        )}
                    </th>
                    <th>{tr!(lang, "结论", "Verdict")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <h2>{tr!(lang, "不合规则的试题", "Questions short of a rule")}</h2>
        <ul data-testid="short-questions">{short}</ul>
    }
}
