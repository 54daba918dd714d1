//! The question form's fields, one form for adding a question and for revising one.

use leptos::prelude::*;

use super::QuestionView;
use crate::components::{EnumOptions, LawOptions, TextArea};
use crate::i18n::Lang;
use crate::tr;

/// The fields a question is written in, empty for a new question (difficulty 2) or holding
/// `q` for its next version. The names are the server functions' parameters
/// (`add_question`, `revise_question`).
#[component]
pub fn QuestionFields(q: Option<QuestionView>, lang: Lang) -> impl IntoView {
    let bank = q.as_ref().map(|q| q.bank);
    let kind = q.as_ref().map(|q| q.kind);
    let difficulty = q.as_ref().map_or(2, |q| q.difficulty);
    let law = q.as_ref().map(|q| q.law_id.clone());
    let text = |f: fn(&QuestionView) -> String| q.as_ref().map(f).unwrap_or_default();
    view! {
        <label>
            {tr!(lang, "题库", "Bank")} <select name="bank">
                <EnumOptions selected=bank lang />
            </select>
        </label>
        <label>
            {tr!(lang, "题型", "Type")} <select name="kind">
                <EnumOptions selected=kind lang />
            </select>
        </label>
        <label>
            {tr!(lang, "难度", "Difficulty")}
            <select name="difficulty">
                {(1..=5)
                    .map(|d| {
                        view! {
                            <option value=d.to_string() selected=d == difficulty>
                                {d}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </label>
        <label class="wide">
            {tr!(lang, "题干", "Question text")}
            <TextArea name="stem" rows=3 required=true text=text(|q| q.stem.clone()) />
        </label>
        <label class="wide">
            {tr!(
                lang, "选项（每行一个，依次为A、B、C……；判断题、简答题留空）", "Options (one per line: A, B, C…; empty for true/false and short answers)"
            )} <TextArea name="options" rows=4 text=text(|q| q.options.join("\n")) />
        </label>
        <label class="wide">
            {tr!(
                lang, "正确答案（如 A、AC、正确；简答题填参考答案）", "Key (e.g. A, AC, 正确; for a short answer, the reference answer)"
            )} <TextArea name="key" rows=2 required=true text=text(|q| q.key.clone()) />
        </label>
        <label class="wide">
            {tr!(
                lang, "评分要点（仅简答题，每行一个）", "Marking points (short answers only, one per line)"
            )} <TextArea name="marking_points" rows=3 text=text(|q| q.marking_points.join("\n")) />
        </label>
        <label>
            {tr!(lang, "法律", "Law")} <select name="law">
                <LawOptions selected=law />
            </select>
        </label>
        <label>
            {tr!(lang, "条", "Article")}
            <input
                type="number"
                name="article"
                min="1"
                required
                value=text(|q| q.article.to_string())
            />
        </label>
        <label>
            {tr!(lang, "款（可不填）", "Paragraph (optional)")}
            <input
                type="number"
                name="paragraph"
                min="1"
                value=text(|q| q.paragraph.map(|p| p.to_string()).unwrap_or_default())
            />
        </label>
        <label>
            {tr!(lang, "标签（用顿号分隔）", "Tags (separated by 、)")}
            <input type="text" name="tags" value=text(|q| q.tags.join("、")) />
        </label>
        <label class="wide">
            {tr!(lang, "解析", "Explanation")}
            <TextArea name="explanation" rows=3 text=text(|q| q.explanation.clone()) />
        </label>
    }
}
