use leptos::prelude::*;
use question_bank::bank::question::{option_letter, QuestionKind};

use super::api::{get_question, ReviseQuestion};
use super::form::QuestionFields;
use super::QuestionView;
use crate::components::{use_id_param, FormError, Loaded, Page};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// A question exactly as a candidate will see it, then the key, explanation and source that
/// only staff see.
#[component]
pub fn QuestionPreviewPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let question = resource(id, get_question);
    view! {
        <Page title=tr!(lang, "试题预览", "Question preview")>
            <Loaded resource=question let:q>
                <Preview q lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn Preview(q: QuestionView, lang: Lang) -> impl IntoView {
    let choices: Vec<String> = match q.kind {
        QuestionKind::TrueFalse => vec![
            tr!(lang, "正确", "True").to_owned(),
            tr!(lang, "错误", "False").to_owned(),
        ],
        _ => q
            .options
            .iter()
            .enumerate()
            .map(|(i, o)| format!("{}. {o}", option_letter(i as u8)))
            .collect(),
    };
    let input_type = if q.kind == QuestionKind::MultipleChoice {
        "checkbox"
    } else {
        "radio"
    };
    view! {
        <p class="hint">
            {tr!(
                lang, "以下为考生在考试页面上看到的样子（第1题，分值以考试场次设置为准）。", "This is what a candidate sees on the exam page (as question 1; points come from the sitting)."
            )}
        </p>
        <div class="exam preview">
            <ol class="questions">
                <li class="question" data-testid="candidate-preview">
                    <fieldset>
                        <legend>
                            <span class="qno">{tr!(lang, "第1题", "Q1")}</span>
                            <span class="qmeta">
                                {format!(
                                    "（{}）",
                                    lang.pick(q.kind.label_zh(), q.kind.label_en()),
                                )}
                            </span>
                            <span class="stem">{q.stem.clone()}</span>
                        </legend>
                        {if q.kind == QuestionKind::ShortAnswer {
                            view! {
                                <label class="written">
                                    <span class="sr-only">
                                        {tr!(lang, "作答", "Your answer")}
                                    </span>
                                    <textarea
                                        rows="6"
                                        disabled
                                        placeholder=tr!(
                                            lang, "请在此作答", "Write your answer here"
                                        )
                                    ></textarea>
                                </label>
                            }
                                .into_any()
                        } else {
                            view! {
                                <div class="choices">
                                    {choices
                                        .into_iter()
                                        .map(|label| {
                                            view! {
                                                <label class="choice">
                                                    <input type=input_type name="preview" disabled />
                                                    <span>{label}</span>
                                                </label>
                                            }
                                        })
                                        .collect_view()}
                                </div>
                            }
                                .into_any()
                        }}
                    </fieldset>
                </li>
            </ol>
        </div>
        <div class="card staff-only" data-testid="staff-only">
            <h2>{tr!(lang, "仅工作人员可见", "Staff only")}</h2>
            {q
                .withheld
                .map(|w| {
                    view! {
                        <p class="muted" data-testid="withheld">
                            {lang
                                .pick(
                                    question_bank::Bilingual::zh(&w),
                                    question_bank::Bilingual::en(&w),
                                )}
                        </p>
                    }
                })}
            <dl class="facts">
                {if q.kind == QuestionKind::ShortAnswer {
                    view! {
                        <dt>{tr!(lang, "参考答案", "Reference answer")}</dt>
                        <dd>{q.key}</dd>
                        <dt>{tr!(lang, "评分要点", "Marking points")}</dt>
                        <dd>
                            <ol class="marking-points">
                                {q
                                    .marking_points
                                    .into_iter()
                                    .map(|p| view! { <li>{p}</li> })
                                    .collect_view()}
                            </ol>
                        </dd>
                    }
                        .into_any()
                } else {
                    view! {
                        <dt>{tr!(lang, "正确答案", "Key")}</dt>
                        <dd class="key">{q.key}</dd>
                    }
                        .into_any()
                }} <dt>{tr!(lang, "出处", "Source")}</dt><dd>{q.citation}</dd>
                <dt>{tr!(lang, "解析", "Explanation")}</dt><dd>{q.explanation}</dd>
                <dt>{tr!(lang, "题库 / 难度", "Bank / difficulty")}</dt>
                <dd>
                    {format!(
                        "{} / {}",
                        lang.pick(q.bank.label_zh(), q.bank.label_en()),
                        q.difficulty,
                    )}
                </dd> <dt>{tr!(lang, "标签", "Tags")}</dt><dd>{q.tags.join("、")}</dd>
                <dt>{tr!(lang, "版本 / 状态", "Version / status")}</dt>
                <dd data-testid="version">
                    {format!(
                        "{} / {}",
                        q.version,
                        lang.pick(q.status.label_zh(), q.status.label_en()),
                    )}
                </dd> <dt>{tr!(lang, "所属", "Owner")}</dt><dd>{q.jurisdiction_name}</dd>
            </dl>
            {q
                .editable
                .then(|| {
                    view! {
                        <a class="button secondary" href=format!("/staff/questions/{}/edit", q.id)>
                            {tr!(lang, "修改", "Edit")}
                        </a>
                    }
                })}
        </div>
    }
}

/// Edit a question: saving writes a new version and retires this one, so the papers that
/// drew this version keep it unchanged.
#[component]
pub fn EditQuestionPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let question = resource(id, get_question);
    let revise = ServerAction::<ReviseQuestion>::new();
    view! {
        <Page title=tr!(lang, "修改试题", "Edit question")>
            <p class="hint">
                {tr!(
                    lang, "保存后生成新版本，原版本停用；已使用原版本的试卷和成绩不受影响。修改原因记入审计日志。", "Saving makes a new version and retires this one; papers and results that used it keep it. The reason goes into the audit log."
                )}
            </p>
            <Loaded resource=question let:value>
                {match value {
                    q if !q.editable => {
                        view! {
                            <div class="notice error">
                                {tr!(
                                    lang, "只能修改本级题库中在用或草稿状态的试题。", "Only active or draft questions of your own bank can be edited."
                                )}
                            </div>
                        }
                            .into_any()
                    }
                    q => view! { <EditForm q revise lang /> }.into_any(),
                }}
            </Loaded>
        </Page>
    }
}

#[component]
fn EditForm(q: QuestionView, revise: ServerAction<ReviseQuestion>, lang: Lang) -> impl IntoView {
    view! {
        <ActionForm action=revise attr:class="form-grid card" attr:data-testid="edit-question">
            <input type="hidden" name="id" value=q.id.to_string() />
            <QuestionFields q=Some(q) lang />
            <label class="wide">
                {tr!(lang, "修改原因（必填）", "Reason for the change (required)")}
                <input type="text" name="reason" required />
            </label>
            <div class="wide">
                <FormError error=Signal::derive(move || {
                    revise.value().get().and_then(Result::err)
                }) />
                <button type="submit" class="primary">
                    {tr!(lang, "保存为新版本", "Save as a new version")}
                </button>
            </div>
        </ActionForm>
    }
}
