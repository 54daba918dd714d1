use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use question_bank::bank::question::{option_letter, QuestionKind, QuestionStatus};
use question_bank::bank::Bank;

use super::api::{get_import, list_questions, AddQuestion, BulkQuestions};
use super::form::QuestionFields;
use super::review::{MeasuredDifficulty, ReviewBadge};
use super::{key_cell, ImportPreview, QuestionList, QuestionView, PAGE_SIZE};
use crate::components::{
    query_string, EnumOptions, FormError, LawOptions, Loaded, LocalBadge, Page,
};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// The bank page's filter, from the URL's query (so it works as a plain GET form).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
struct Filter {
    bank: String,
    law: String,
    kind: String,
    text: String,
    difficulty: String,
    status: String,
    page: String,
}

impl Filter {
    /// The bank page's address for page `page` of these filters (the filters kept).
    fn href(&self, page: i64) -> String {
        let page = page.to_string();
        let query = query_string(&[
            ("bank", &self.bank),
            ("law", &self.law),
            ("kind", &self.kind),
            ("text", &self.text),
            ("difficulty", &self.difficulty),
            ("status", &self.status),
            ("page", &page),
        ]);
        format!("/staff/questions?{query}")
    }
}

/// 题库: what an import just wrote, a form to add one question (at the top, folded), counts
/// per bank and law, filters, the list a page at a time, links to import and export.
#[component]
pub fn QuestionsPage() -> impl IntoView {
    let lang = use_lang();
    let add = ServerAction::<AddQuestion>::new();
    let query = use_query_map();
    let param = move |name: &str| query.read().get(name).unwrap_or_default();
    let filter = move || Filter {
        bank: param("bank"),
        law: param("law"),
        kind: param("kind"),
        text: param("text"),
        difficulty: param("difficulty"),
        status: param("status"),
        page: param("page"),
    };
    let list = resource(
        move || (filter(), add.version().get()),
        |(f, _)| {
            list_questions(
                f.bank,
                f.law,
                f.kind,
                f.text,
                f.difficulty,
                f.status,
                f.page,
            )
        },
    );
    // After a commit the import page returns here naming its batch: say what it wrote.
    let imported = resource(
        move || param("imported").parse::<i64>().ok(),
        |batch| async move {
            match batch {
                Some(id) => get_import(id).await.ok().filter(|p| p.committed),
                None => None,
            }
        },
    );
    view! {
        <Page title=tr!(lang, "题库", "Question bank")>
            <div class="toolbar">
                <a class="button primary" href="/staff/questions/import">
                    {tr!(lang, "导入试题", "Import questions")}
                </a>
                <a
                    class="button secondary"
                    href="/staff/questions/template.xlsx"
                    download
                    rel="external"
                >
                    {tr!(lang, "下载导入模板", "Download the template")}
                </a>
                <a
                    class="button secondary"
                    href="/staff/questions/export.xlsx"
                    download
                    rel="external"
                >
                    {tr!(lang, "导出 Excel", "Export to Excel")}
                </a>
                <a
                    class="button secondary"
                    href="/staff/questions/export.json"
                    download
                    rel="external"
                >
                    {tr!(lang, "导出 JSON", "Export to JSON")}
                </a>
                <a
                    class="button secondary"
                    href="/staff/questions/export.gift"
                    download
                    rel="external"
                >
                    {tr!(lang, "导出 GIFT（Moodle）", "Export to GIFT (Moodle)")}
                </a>
                <a
                    class="button secondary"
                    href="/staff/questions/export.aiken.txt"
                    download
                    rel="external"
                >
                    {tr!(
                        lang, "导出 Aiken（仅单选题）", "Export to Aiken (single choice only)"
                    )}
                </a>
                <a
                    class="button secondary"
                    href="/staff/questions/export.qti.zip"
                    download
                    rel="external"
                >
                    {tr!(lang, "导出 QTI 3.0", "Export to QTI 3.0")}
                </a>
                <a class="button secondary" href="/staff/questions/review">
                    {tr!(lang, "法律版本与待复核", "Law versions and reviews")}
                </a>
                <a class="button secondary" href="/staff/analysis">
                    {tr!(lang, "试题分析（跨场次）", "Item analysis across sittings")}
                </a>
                <a class="button secondary" href="/staff/questions/quality">
                    {tr!(lang, "题库质量", "Bank quality")}
                </a>
            </div>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    imported.await.map(|p| view! { <ImportedNotice p lang /> })
                })}
            </Suspense>
            <AddQuestionForm add />
            <Loaded resource=list let:list>
                <BankView list lang filter=filter() />
            </Loaded>
        </Page>
    }
}

#[component]
fn BankView(list: QuestionList, lang: Lang, filter: Filter) -> impl IntoView {
    let (top, bottom) = (
        pager(list.page, list.pages, &filter, lang),
        pager(list.page, list.pages, &filter, lang),
    );
    let Filter {
        bank,
        law,
        kind,
        text,
        difficulty,
        status,
        ..
    } = filter;
    let max_bank = list.by_bank.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let max_law = list.by_law.first().map_or(1, |l| l.1).max(1);
    view! {
        <div class="charts" data-testid="bank-counts">
            <figure class="bars">
                <figcaption>
                    {format!(
                        "{}（{}{}）",
                        tr!(lang, "各题库题量", "Questions per bank"),
                        list.total,
                        tr!(lang, "题", ""),
                    )}
                </figcaption>
                {list
                    .by_bank
                    .iter()
                    .map(|(b, n)| {
                        view! {
                            <div class="bar-row">
                                <span class="bar-label">
                                    {lang.pick(b.label_zh(), b.label_en())}
                                </span>
                                <span
                                    class="bar"
                                    style=format!("width: {}%", n * 100 / max_bank)
                                ></span>
                                <span class="bar-value">{*n}</span>
                            </div>
                        }
                    })
                    .collect_view()}
            </figure>
            <figure class="bars">
                <figcaption>
                    {tr!(lang, "各法律题量（前12部）", "Questions per law (top 12)")}
                </figcaption>
                {list
                    .by_law
                    .iter()
                    .take(12)
                    .map(|(name, n)| {
                        view! {
                            <div class="bar-row">
                                <span class="bar-label">{name.clone()}</span>
                                <span
                                    class="bar law"
                                    style=format!("width: {}%", n * 100 / max_law)
                                ></span>
                                <span class="bar-value">{*n}</span>
                            </div>
                        }
                    })
                    .collect_view()}
            </figure>
        </div>
        <form method="get" class="filters" data-testid="bank-filter">
            <label>
                {tr!(lang, "题库", "Bank")} <select name="bank">
                    <option value="">{tr!(lang, "全部", "All")}</option>
                    <EnumOptions selected=Bank::parse(&bank) lang />
                </select>
            </label>
            <label>
                {tr!(lang, "法律", "Law")} <select name="law">
                    <option value="">{tr!(lang, "全部", "All")}</option>
                    <LawOptions selected=Some(law.clone()) />
                </select>
            </label>
            <label>
                {tr!(lang, "题型", "Type")} <select name="kind">
                    <option value="">{tr!(lang, "全部", "All")}</option>
                    <EnumOptions selected=QuestionKind::parse(&kind) lang />
                </select>
            </label>
            <label>
                {tr!(lang, "难度", "Difficulty")} <select name="difficulty">
                    <option value="">{tr!(lang, "全部", "All")}</option>
                    {(1..=5)
                        .map(|d| {
                            view! {
                                <option value=d.to_string() selected=difficulty == d.to_string()>
                                    {d}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <label>
                {tr!(lang, "状态", "Status")} <select name="status">
                    <option value="">{tr!(lang, "在用和草稿", "Active and drafts")}</option>
                    {QuestionStatus::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str() selected=status == s.as_str()>
                                    {lang.pick(s.label_zh(), s.label_en())}
                                </option>
                            }
                        })
                        .collect_view()}
                    <option value="all" selected=status == "all">
                        {tr!(lang, "全部（含已停用）", "All (retired too)")}
                    </option>
                    <option value="review" selected=status == "review">
                        {tr!(
                            lang, "待复核（法律修改后）", "To review (after a law change)"
                        )}
                    </option>
                </select>
            </label>
            <label>
                {tr!(lang, "关键词或标签", "Text or tag")}
                <input type="search" name="text" value=text />
            </label>
            <button type="submit" class="secondary">
                {tr!(lang, "筛选", "Filter")}
            </button>
        </form>
        <p class="hint" data-testid="match-count">
            {format!(
                "{}{}{}",
                tr!(lang, "符合条件 ", "Matching: "),
                list.matching,
                tr!(lang, " 题", ""),
            )}
        </p>
        {top}
        <BulkActions rows=list.rows lang />
        {bottom}
    }
}

/// The page links of the list: plain links keeping the filters (they work without
/// JavaScript), the current page and its neighbours, the first and the last.
fn pager(page: i64, pages: i64, filter: &Filter, lang: Lang) -> Option<AnyView> {
    // Pages shown by number: the first, the last and three either side of this one.
    let shown: Vec<i64> = (1..=pages)
        .filter(|p| *p == 1 || *p == pages || (p - page).abs() <= 3)
        .collect();
    let link = |p: i64, text: String, label: String| {
        view! {
            <a href=filter.href(p) aria-label=label>
                {text}
            </a>
        }
        .into_any()
    };
    let mut items = Vec::new();
    if page > 1 {
        items.push(link(
            page - 1,
            tr!(lang, "上一页", "Previous").to_owned(),
            tr!(lang, "上一页", "Previous page").to_owned(),
        ));
    }
    let mut last = 0;
    for p in shown {
        if p > last + 1 {
            items.push(view! { <span class="gap">"…"</span> }.into_any());
        }
        last = p;
        let label = lang.pick(format!("第{p}页"), format!("Page {p}"));
        items.push(if p == page {
            view! {
                <span class="current" aria-current="page" aria-label=label>
                    {p}
                </span>
            }
            .into_any()
        } else {
            link(p, p.to_string(), label)
        });
    }
    if page < pages {
        items.push(link(
            page + 1,
            tr!(lang, "下一页", "Next").to_owned(),
            tr!(lang, "下一页", "Next page").to_owned(),
        ));
    }
    (pages > 1).then(|| {
        view! {
            <nav class="pager" aria-label=tr!(lang, "分页", "Pages") data-testid="bank-pager">
                <span class="hint">
                    {lang
                        .pick(
                            format!("第 {page}/{pages} 页，每页 {PAGE_SIZE} 题"),
                            format!("Page {page} of {pages}, {PAGE_SIZE} a page"),
                        )}
                </span>
                {items}
            </nav>
        }
        .into_any()
    })
}

/// What a committed import wrote, by bank and type.
#[component]
fn ImportedNotice(p: ImportPreview, lang: Lang) -> impl IntoView {
    let counts = p
        .counts()
        .into_iter()
        .map(|(bank, kind, n)| {
            lang.pick(
                format!("{}{}{n}道", bank.label_zh(), kind.label_zh()),
                format!("{} {} {n}", bank.label_en(), kind.label_en().to_lowercase()),
            )
        })
        .collect::<Vec<_>>()
        .join(tr!(lang, "、", ", "));
    view! {
        <div class="notice ok" role="status" data-testid="imported">
            {lang
                .pick(
                    format!(
                        "已导入“{}”：新增{}道、修改{}道试题（{counts}），重复的{}道已跳过。",
                        p.file_name,
                        p.added.len(),
                        p.changed.len(),
                        p.duplicates.len(),
                    ),
                    format!(
                        "Imported “{}”: {} new and {} revised questions ({counts}); {} duplicates skipped.",
                        p.file_name,
                        p.added.len(),
                        p.changed.len(),
                        p.duplicates.len(),
                    ),
                )}
        </div>
    }
}

/// The list inside a form: tick questions of your own bank, then activate, retire, tag,
/// untag, reserve or release them.
#[component]
fn BulkActions(rows: Vec<QuestionView>, lang: Lang) -> impl IntoView {
    let bulk = ServerAction::<BulkQuestions>::new();
    view! {
        <ActionForm action=bulk attr:data-testid="bulk-form">
            <div class="bulk">
                <label>
                    {tr!(lang, "对勾选的试题", "With the ticked questions")}
                    <select name="action">
                        <option value="tag_add">{tr!(lang, "添加标签", "add a tag")}</option>
                        <option value="tag_remove">
                            {tr!(lang, "移除标签", "remove a tag")}
                        </option>
                        <option value="activate">
                            {tr!(lang, "启用草稿", "activate drafts")}
                        </option>
                        <option value="retire">{tr!(lang, "停用（退役）", "retire")}</option>
                        <option value="reserve">
                            {tr!(
                                lang, "设为正式考试专用（练习中不出现）", "reserve for real sittings (never in practice)"
                            )}
                        </option>
                        <option value="unreserve">
                            {tr!(lang, "取消正式考试专用", "release to practice")}
                        </option>
                    </select>
                </label>
                <label>{tr!(lang, "标签", "Tag")}<input type="text" name="tag" /></label>
                <label>
                    {tr!(lang, "原因（停用时必填）", "Reason (required to retire)")}
                    <input type="text" name="reason" />
                </label>
                <button type="submit" class="secondary">
                    {tr!(lang, "执行", "Apply")}
                </button>
            </div>
            <FormError error=Signal::derive(move || bulk.value().get().and_then(Result::err)) />
            {move || {
                bulk.value()
                    .get()
                    .and_then(Result::ok)
                    .map(|n| {
                        view! {
                            <div class="notice ok" role="status">
                                {format!(
                                    "{}{n}{}",
                                    tr!(lang, "已处理 ", "Done: "),
                                    tr!(
                                        lang, " 道试题。刷新页面可见最新结果。", " questions. Reload to see the result."
                                    ),
                                )}
                            </div>
                        }
                    })
            }}
            <QuestionTable rows lang />
        </ActionForm>
    }
}

#[component]
fn QuestionTable(rows: Vec<QuestionView>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid" data-testid="question-table">
            <thead>
                <tr>
                    <th class="no-print">
                        <span class="sr-only">{tr!(lang, "选择", "Select")}</span>
                    </th>
                    <th>{tr!(lang, "编号", "No.")}</th>
                    <th>{tr!(lang, "题库", "Bank")}</th>
                    <th>{tr!(lang, "题型", "Type")}</th>
                    <th>{tr!(lang, "题干与选项", "Question and options")}</th>
                    <th>{tr!(lang, "答案", "Key")}</th>
                    <th>{tr!(lang, "出处", "Source")}</th>
                    <th>{tr!(lang, "难度", "Diff.")}</th>
                    <th class="no-print"></th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|q| {
                        let (key_class, key) = key_cell(q.kind, &q.key);
                        view! {
                            <tr>
                                <td class="no-print">
                                    {q
                                        .editable
                                        .then(|| {
                                            view! {
                                                <input
                                                    type="checkbox"
                                                    name=format!("ids[{}]", q.id)
                                                    value=q.id.to_string()
                                                    aria-label=format!(
                                                        "{} {}",
                                                        tr!(lang, "选择试题", "Select question"),
                                                        q.id,
                                                    )
                                                />
                                            }
                                        })}
                                </td>
                                <td data-testid="question-id">
                                    {q.id}
                                    {(q.status != QuestionStatus::Active)
                                        .then(|| {
                                            view! {
                                                <span class=format!(
                                                    "badge status-{}",
                                                    q.status.as_str(),
                                                )>
                                                    {lang.pick(q.status.label_zh(), q.status.label_en())}
                                                </span>
                                            }
                                        })}
                                    {q
                                        .reserved
                                        .then(|| {
                                            view! {
                                                <span
                                                    class="badge reserved"
                                                    data-testid="reserved"
                                                    title=tr!(
                                                        lang, "正式考试专用，练习和模拟考试中不出现", "Reserved for real sittings; never in practice or mock exams"
                                                    )
                                                >
                                                    {tr!(lang, "专用", "Reserved")}
                                                </span>
                                            }
                                        })}<ReviewBadge id=q.id needs_review=q.needs_review />
                                </td>
                                <td class="nowrap">
                                    {lang.pick(q.bank.label_zh(), q.bank.label_en())}
                                </td>
                                <td class="nowrap">
                                    {lang.pick(q.kind.label_zh(), q.kind.label_en())}
                                </td>
                                <td>
                                    <div>{q.stem}</div>
                                    <ol class="options">
                                        {q
                                            .options
                                            .into_iter()
                                            .enumerate()
                                            .map(|(i, o)| {
                                                view! {
                                                    <li>{format!("{}. {o}", option_letter(i as u8))}</li>
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                    {(!q.marking_points.is_empty())
                                        .then(|| {
                                            view! {
                                                <ol
                                                    class="marking-points"
                                                    aria-label=tr!(lang, "评分要点", "Marking points")
                                                >
                                                    {q
                                                        .marking_points
                                                        .into_iter()
                                                        .map(|p| view! { <li>{p}</li> })
                                                        .collect_view()}
                                                </ol>
                                            }
                                        })}
                                    {(!q.tags.is_empty())
                                        .then(|| {
                                            view! {
                                                <div class="tags">
                                                    {q
                                                        .tags
                                                        .into_iter()
                                                        .map(|t| view! { <span class="tag">{t}</span> })
                                                        .collect_view()}
                                                </div>
                                            }
                                        })}
                                </td>
                                <td class=key_class>{key}</td>
                                <td class="nowrap">{q.citation}<LocalBadge law_id=q.law_id /></td>
                                <td class="nowrap">
                                    {q.difficulty}
                                    <MeasuredDifficulty label=q.difficulty measured=q.measured />
                                </td>
                                <td class="no-print nowrap">
                                    <a href=format!(
                                        "/staff/questions/{}/preview",
                                        q.id,
                                    )>{tr!(lang, "预览", "Preview")}</a>
                                    {q
                                        .editable
                                        .then(|| {
                                            view! {
                                                " · "
                                                <a href=format!(
                                                    "/staff/questions/{}/edit",
                                                    q.id,
                                                )>{tr!(lang, "修改", "Edit")}</a>
                                            }
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn AddQuestionForm(add: ServerAction<AddQuestion>) -> impl IntoView {
    let lang = use_lang();
    view! {
        <details class="card">
            <summary>{tr!(lang, "添加试题", "Add a question")}</summary>
            <ActionForm action=add attr:class="form-grid" attr:data-testid="add-question">
                <QuestionFields q=None lang />
                <label class="wide check">
                    <input type="checkbox" name="draft" value="1" />
                    {tr!(
                        lang, "存为草稿：审核后再在列表中“启用草稿”，草稿不会组入试卷", "Save as a draft: activate it from the list once checked; drafts never go into papers"
                    )}
                </label>
                <div class="wide">
                    <FormError error=Signal::derive(move || {
                        add.value().get().and_then(Result::err)
                    }) />
                    {move || {
                        add.value()
                            .get()
                            .and_then(Result::ok)
                            .map(|id| {
                                view! {
                                    <div class="notice ok" role="status">
                                        {format!(
                                            "{}{id}",
                                            tr!(
                                                lang, "已添加试题，编号 ", "Question added, number "
                                            ),
                                        )}
                                    </div>
                                }
                            })
                    }}
                    <button type="submit" class="primary">
                        {tr!(lang, "保存试题", "Save question")}
                    </button>
                </div>
            </ActionForm>
        </details>
    }
}
