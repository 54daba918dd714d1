use leptos::prelude::*;
use question_bank::laws::LAWS;
use question_bank::question::{option_letter, QuestionKind};

use super::api::{list_questions, AddQuestion};
use super::QuestionView;
use crate::components::{ErrorNotice, FormError, Page};
use crate::i18n::{use_lang, Lang};
use crate::tr;

/// 题库: add a question by form, see every question the jurisdiction may use.
#[component]
pub fn QuestionsPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddQuestion>::new();
    let questions = Resource::new(move || add.version().get(), |_| list_questions());
    view! {
        <Page title=tr!(lang, "题库", "Question bank")>
            <details class="card" open>
                <summary>{tr!(lang, "添加试题", "Add a question")}</summary>
                <ActionForm action=add attr:class="form-grid" attr:data-testid="add-question">
                    <label>{tr!(lang, "题型", "Type")}
                        <select name="kind">
                            {QuestionKind::ALL.into_iter().map(|k| view! { <option value=k.as_str()>{lang.pick(k.label_zh(), k.label_en())}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{tr!(lang, "难度", "Difficulty")}
                        <select name="difficulty">
                            {(1..=5).map(|d| view! { <option value=d.to_string() selected=d == 2>{d}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="wide">{tr!(lang, "题干", "Question text")}
                        <textarea name="stem" rows="3" required></textarea>
                    </label>
                    <label class="wide">{tr!(lang, "选项（每行一个，依次为A、B、C……；判断题留空）", "Options (one per line: A, B, C…; empty for true/false)")}
                        <textarea name="options" rows="4"></textarea>
                    </label>
                    <label>{tr!(lang, "正确答案（如 A、AC、正确）", "Key (e.g. A, AC, 正确)")}
                        <input type="text" name="key" required/>
                    </label>
                    <label>{tr!(lang, "法律", "Law")}
                        <select name="law">
                            {LAWS.iter().map(|l| view! { <option value=l.id>{l.name}</option> }).collect_view()}
                        </select>
                    </label>
                    <label>{tr!(lang, "条", "Article")}
                        <input type="number" name="article" min="1" required/>
                    </label>
                    <label class="wide">{tr!(lang, "解析", "Explanation")}
                        <textarea name="explanation" rows="2"></textarea>
                    </label>
                    <div class="wide">
                        <FormError error=Signal::derive(move || add.value().get().and_then(Result::err))/>
                        {move || add.value().get().and_then(Result::ok).map(|id| view! {
                            <div class="notice ok" role="status">{format!("{}{id}", tr!(lang, "已添加试题，编号 ", "Question added, number "))}</div>
                        })}
                        <button type="submit" class="primary">{tr!(lang, "保存试题", "Save question")}</button>
                    </div>
                </ActionForm>
            </details>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    match questions.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(rows) => view! { <QuestionTable rows lang/> }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}

#[component]
fn QuestionTable(rows: Vec<QuestionView>, lang: Lang) -> impl IntoView {
    let count = rows.len();
    view! {
        <p class="hint">{format!("{}{count}", tr!(lang, "可用试题数：", "Questions available: "))}</p>
        <table class="grid" data-testid="question-table">
            <thead><tr>
                <th>{tr!(lang, "编号", "No.")}</th>
                <th>{tr!(lang, "题型", "Type")}</th>
                <th>{tr!(lang, "题干与选项", "Question and options")}</th>
                <th>{tr!(lang, "答案", "Key")}</th>
                <th>{tr!(lang, "出处", "Source")}</th>
                <th>{tr!(lang, "难度", "Diff.")}</th>
                <th>{tr!(lang, "所属", "Owner")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|q| view! {
                    <tr>
                        <td>{q.id}</td>
                        <td class="nowrap">{lang.pick(q.kind.label_zh(), q.kind.label_en())}</td>
                        <td>
                            <div>{q.stem}</div>
                            <ol class="options">
                                {q.options.into_iter().enumerate().map(|(i, o)| view! { <li>{format!("{}. {o}", option_letter(i as u8))}</li> }).collect_view()}
                            </ol>
                        </td>
                        <td class="key">{q.key}</td>
                        <td class="nowrap">{q.citation}</td>
                        <td>{q.difficulty}</td>
                        <td class="nowrap">{q.jurisdiction_name}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
