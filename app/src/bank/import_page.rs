use leptos::prelude::*;

use super::api::{get_import, CommitImport};
use super::{key_cell, ChangedRow, ImportPreview, PreviewRow};
use crate::components::{use_id_param, FormError, Loaded, Page};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// 导入试题: the template, the rules, and the upload form (a plain form: works without JavaScript).
#[component]
pub fn ImportPage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Page title=tr!(lang, "导入试题", "Import questions")>
            <div class="card">
                <ol class="steps">
                    <li>
                        {tr!(
                            lang, "下载导入模板，按表头填写：每行一道试题；选择题填写选项A至H，判断题选项留空。模板中题干以“【示例】”开头的行是示例，导入时自动跳过。", "Download the template and fill one question per row: options A-H for choice questions, none for true/false. The template's example rows (stems beginning 【示例】) are skipped on import."
                        )} " "<a href="/staff/questions/template.xlsx" download rel="external">
                            {tr!(
                                lang, "下载导入模板（Excel）", "Download the template (Excel)"
                            )}
                        </a>
                    </li>
                    <li>
                        {tr!(
                            lang, "上传 Excel（.xlsx）、CSV（UTF-8 或 GBK 编码）、本系统的 JSON，或 Moodle 的 GIFT / Aiken 文本（每题前加一行出处注释：// renqian: bank=court; law=judges-law; article=25; difficulty=2），一次最多5000道。", "Upload Excel (.xlsx), CSV (UTF-8 or GBK), this system's JSON, or Moodle GIFT / Aiken text (each question preceded by a source comment: // renqian: bank=court; law=judges-law; article=25; difficulty=2); at most 5,000 questions at a time."
                        )}
                    </li>
                    <li>
                        {tr!(
                            lang, "也可上传 Word 题库（.docx）：题号（手打或自动编号）、选项 A. / A、/ A．、“答案：B”行或题干括号中的答案（或文末“参考答案”表，如 1-5 ABCDA），“一、单选题”等标题定题型；用【题库】【难度】【出处】《宪法》第六十七条 等行标明题库、难度和出处（写在第一题前则适用于其后全部试题），【解析】【评分要点】随题。有误之处按段落指出。也可上传本系统导出的 QTI 3.0 内容包（.zip）。", "You can also upload a Word bank (.docx): question numbers (typed or automatic), options A. / A、/ A．, an \"答案：B\" line or the key in the stem's brackets (or a 参考答案 key table at the end, such as 1-5 ABCDA), headings such as 一、单选题 for the type; lines such as 【题库】【难度】【出处】《宪法》第六十七条 give the bank, difficulty and source (before the first question they apply to all that follow), with 【解析】 and 【评分要点】 after each question. Problems are named by paragraph. A QTI 3.0 package (.zip) exported from this system imports too."
                        )}
                    </li>
                    <li>
                        {tr!(
                            lang, "系统先逐行校验并列出新增、修改、重复和有误的行；全部通过后确认导入，试题一次全部写入，不会只导入一部分。", "Every row is checked first and listed as new, changed, duplicate or rejected; once all pass, confirm and the questions are written all at once, never in part."
                        )}
                    </li>
                    <li>
                        {tr!(
                            lang, "题干和选项与本级题库中某道试题相同、但答案、解析、难度、出处、标签或评分要点不同的行，视为对该题的修改：导入后生成新版本，原版本停用，已用原版本的试卷不受影响。因此可以先导出Excel、修改后再导入。", "A row with the same text and options as a question of your own bank but a different key, explanation, difficulty, source, tags or marking points revises it: the import writes a new version and retires the old one, which papers that used it keep. So you can export to Excel, edit, and import the file back."
                        )}
                    </li>
                </ol>
                <form
                    method="post"
                    action="/staff/questions/upload"
                    enctype="multipart/form-data"
                    class="upload"
                    data-testid="upload-form"
                >
                    <label>
                        {tr!(lang, "选择文件", "File")}
                        <input
                            type="file"
                            name="file"
                            accept=".xlsx,.csv,.json,.gift,.txt,.docx,.zip"
                            required
                        />
                    </label>
                    <button type="submit" class="primary">
                        {tr!(lang, "上传并校验", "Upload and check")}
                    </button>
                </form>
            </div>
        </Page>
    }
}

/// The preview of an upload: what would be added, what repeats, what is wrong, and the
/// button that commits it all at once.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let lang = use_lang();
    let commit = ServerAction::<CommitImport>::new();
    let batch_id = use_id_param();
    let preview = resource(
        move || (batch_id(), commit.version().get()),
        |(id, _)| get_import(id),
    );
    view! {
        <Page title=tr!(lang, "导入预览", "Import preview")>
            <Loaded resource=preview let:p>
                <PreviewView p commit lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn PreviewView(p: ImportPreview, commit: ServerAction<CommitImport>, lang: Lang) -> impl IntoView {
    let can_commit = p.can_commit();
    let batch_id = p.batch_id;
    view! {
        <p class="hint">{format!("{}{}", tr!(lang, "文件：", "File: "), p.file_name)}</p>
        {p
            .file_error
            .map(|(zh, en)| {
                view! {
                    <div class="notice error" role="alert" data-testid="file-error">
                        {lang.pick(zh, en)}
                    </div>
                }
            })}
        <div class="summary" data-testid="import-summary">
            <span class="badge done">
                {format!("{} {}", tr!(lang, "新题", "New"), p.added.len())}
            </span>
            <span class="badge">
                {format!("{} {}", tr!(lang, "修改", "Changed"), p.changed.len())}
            </span>
            <span class="badge muted">
                {format!(
                    "{} {}",
                    tr!(lang, "重复（将跳过）", "Duplicates (skipped)"),
                    p.duplicates.len(),
                )}
            </span>
            <span class=if p.rejected.is_empty() {
                "badge muted"
            } else {
                "badge error"
            }>{format!("{} {}", tr!(lang, "有误", "Rejected"), p.rejected.len())}</span>
        </div>
        {p
            .committed
            .then(|| {
                view! {
                    <div class="notice ok" role="status">
                        {tr!(lang, "该文件已导入。", "This file has been imported.")}
                    </div>
                }
            })}
        {(!p.rejected.is_empty())
            .then(|| {
                view! {
                    <div class="notice error" role="alert">
                        <p>
                            <strong>
                                {tr!(
                                    lang, "以下行未通过校验，请在文件中改正后重新上传。本次不会导入任何试题。", "These rows were rejected; correct them in the file and upload it again. Nothing from this file will be imported."
                                )}
                            </strong>
                        </p>
                        <ul class="rejections" data-testid="rejections">
                            {p
                                .rejected
                                .into_iter()
                                .map(|r| view! { <li>{lang.pick(r.message_zh, r.message_en)}</li> })
                                .collect_view()}
                        </ul>
                    </div>
                }
            })}
        {can_commit
            .then(|| {
                view! {
                    <ActionForm action=commit attr:class="commit">
                        <input type="hidden" name="batch_id" value=batch_id.to_string() />
                        <FormError error=Signal::derive(move || {
                            commit.value().get().and_then(Result::err)
                        }) />
                        <button type="submit" class="primary big" data-testid="commit-import">
                            {tr!(lang, "确认导入", "Import now")}
                        </button>
                    </ActionForm>
                }
            })}
        <p>
            <a href="/staff/questions/import">{tr!(lang, "重新上传", "Upload another file")}</a>
        </p>
        <PreviewTable
            title=tr!(lang, "新题（校验通过）", "New questions (all checks passed)")
            rows=p.added
            lang
            testid="added-rows"
        />
        <ChangedTable rows=p.changed lang />
        <PreviewTable
            title=tr!(
                lang, "重复的试题（题干和选项与题库中已有试题相同）", "Duplicates (same text and options as a question in the bank)"
            )
            rows=p.duplicates
            lang
            testid="duplicate-rows"
        />
    }
}

/// Rows that revise questions of the importer's own bank, with what changes.
#[component]
fn ChangedTable(rows: Vec<ChangedRow>, lang: Lang) -> impl IntoView {
    (!rows.is_empty()).then(|| view! {
        <h2>
            {tr!(
                lang, "修改的试题（导入后生成新版本）", "Changed questions (each becomes a new version)"
            )}
        </h2>
        <table class="grid" data-testid="changed-rows">
            <thead>
                <tr>
                    <th>{tr!(lang, "行", "Row")}</th>
                    <th>{tr!(lang, "试题编号", "Question")}</th>
                    <th>{tr!(lang, "题干", "Question")}</th>
                    <th>{tr!(lang, "修改内容", "What changes")}</th>
                    <th>{tr!(lang, "答案", "Key")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        let (class, new_key) = key_cell(r.line.kind, &r.line.key);
                        let key = if r.old_key == r.line.key {
                            new_key
                        } else {
                            format!("{} → {new_key}", key_cell(r.line.kind, &r.old_key).1)
                        };
                        let fields = r
                            .fields
                            .iter()
                            .map(|f| lang.pick(f.label_zh(), f.label_en()))
                            .collect::<Vec<_>>()
                            .join(tr!(lang, "、", ", "));
                        view! {
                            <tr>
                                <td>{r.line.row}</td>
                                <td>
                                    <a href=format!(
                                        "/staff/questions/{}/preview",
                                        r.question_id,
                                    )>{format!("#{}", r.question_id)}</a>
                                </td>
                                <td>{r.line.stem}</td>
                                <td class="nowrap">{fields}</td>
                                <td class=class>{key}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    })
}

#[component]
fn PreviewTable(
    title: &'static str,
    rows: Vec<PreviewRow>,
    lang: Lang,
    testid: &'static str,
) -> impl IntoView {
    (!rows.is_empty()).then(|| {
        view! {
            <h2>{title}</h2>
            <table class="grid" data-testid=testid>
                <thead>
                    <tr>
                        <th>{tr!(lang, "行", "Row")}</th>
                        <th>{tr!(lang, "题库", "Bank")}</th>
                        <th>{tr!(lang, "题型", "Type")}</th>
                        <th>{tr!(lang, "题干", "Question")}</th>
                        <th>{tr!(lang, "答案", "Key")}</th>
                        <th>{tr!(lang, "出处", "Source")}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let (class, key) = key_cell(r.kind, &r.key);
                            view! {
                                <tr>
                                    <td>{r.row}</td>
                                    <td class="nowrap">
                                        {lang.pick(r.bank.label_zh(), r.bank.label_en())}
                                    </td>
                                    <td class="nowrap">
                                        {lang.pick(r.kind.label_zh(), r.kind.label_en())}
                                    </td>
                                    <td>{r.stem}</td>
                                    <td class=class>{key}</td>
                                    <td class="nowrap">{r.citation}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        }
    })
}
