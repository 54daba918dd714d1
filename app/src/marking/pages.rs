//! 阅卷 pages: the sittings with short answers to mark, and a marker's desk, which shows one
//! sealed script at a time: its code, the question, the answer and the marking guide.

use leptos::prelude::*;
use leptos_meta::Title;
use question_bank::exam::clock::format_cst;
use question_bank::results::marking::Stage;

use super::api::{marking_sittings, open_desk, GiveMark};
use super::{MarkingDesk, MarkingWait, Script};
use crate::components::{use_id_param, FormError, Loaded, Page};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// The sittings in reach with short answers, and how far their marking has come.
#[component]
pub fn MarkingListPage() -> impl IntoView {
    let lang = use_lang();
    let sittings = resource(|| (), |_| marking_sittings());
    view! {
        <Page title=tr!(lang, "阅卷", "Marking")>
            <p class="hint">
                {tr!(
                    lang, "简答题由阅卷人员评分。答卷已密封：阅卷时只显示密封号，不显示考生姓名和准考证号。", "Short answers are marked by hand. Scripts are sealed: markers see a code, never the candidate's name or ticket."
                )}
            </p>
            <Loaded resource=sittings let:value>
                {match value {
                    rows if rows.is_empty() => {
                        view! {
                            <p>
                                {tr!(
                                    lang, "暂无需要阅卷的简答题。", "No short answers to mark."
                                )}
                            </p>
                        }
                            .into_any()
                    }
                    rows => {
                        view! {
                            <table class="grid" data-testid="marking-sittings">
                                <thead>
                                    <tr>
                                        <th>{tr!(lang, "考试场次", "Sitting")}</th>
                                        <th>{tr!(lang, "开考时间", "Opens")}</th>
                                        <th>{tr!(lang, "阅卷方式", "Marking")}</th>
                                        <th>{tr!(lang, "进度", "Progress")}</th>
                                        <th></th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {rows
                                        .into_iter()
                                        .map(|s| {
                                            view! {
                                                <tr>
                                                    <td>{format!("{} · {}", s.jurisdiction_name, s.title)}</td>
                                                    <td class="nowrap">{format_cst(s.opens_at)}</td>
                                                    <td>{lang.pick(s.plan.label_zh(), s.plan.label_en())}</td>
                                                    <td class="nowrap">
                                                        {lang
                                                            .pick(
                                                                format!("已完成 {}/{}", s.finished, s.items),
                                                                format!("{} of {} done", s.finished, s.items),
                                                            )}
                                                    </td>
                                                    <td>
                                                        <a href=format!(
                                                            "/staff/marking/{}",
                                                            s.sitting_id,
                                                        )>{tr!(lang, "进入阅卷", "Mark")}</a>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                        }
                            .into_any()
                    }
                }}
            </Loaded>
        </Page>
    }
}

/// A marker's desk: the next sealed script for them, and the sitting's progress.
#[component]
pub fn MarkingDeskPage() -> impl IntoView {
    let lang = use_lang();
    let sitting_id = use_id_param();
    let mark = ServerAction::<GiveMark>::new();
    let desk = resource(
        move || (sitting_id(), mark.version().get()),
        |(id, _)| open_desk(id),
    );
    view! {
        <Loaded resource=desk page=true let:d>
            <Desk d mark lang />
        </Loaded>
    }
}

#[component]
fn Desk(d: MarkingDesk, mark: ServerAction<GiveMark>, lang: Lang) -> impl IntoView {
    let s = d.summary.clone();
    let title = format!("{} · {}", tr!(lang, "阅卷", "Marking"), s.title);
    let stages = Stage::ALL;
    view! {
        <Title text=title.clone() />
        <section class="page marking" data-testid="marking-desk">
            <h1>{title}</h1>
            <p>
                {format!(
                    "{} · {}",
                    lang.pick(s.marking.label_zh(), s.marking.label_en()),
                    lang
                        .pick(
                            format!("您已评 {} 份", d.given_by_me),
                            format!("you have given {} marks", d.given_by_me),
                        ),
                )}
            </p>
            <p class="toolbar">
                <a href="/staff/marking">{tr!(lang, "返回阅卷列表", "Back to marking")}</a>
            </p>
            <FormError error=Signal::derive(move || mark.value().get().and_then(Result::err)) />
            {match d.next {
                Some(script) => view! { <ScriptCard script sitting_id=s.id mark lang /> }.into_any(),
                None => {
                    view! {
                        <p class="notice ok" data-testid="nothing-to-mark">
                            {tr!(
                                lang, "本场考试中您可评阅的答卷已全部评完。", "Nothing left in this sitting for you to mark."
                            )}
                        </p>
                    }
                        .into_any()
                }
            }}
            <h2>{tr!(lang, "阅卷进度", "Progress")}</h2>
            <MarkingWaitNote wait=d.wait lang />
            <table class="grid" data-testid="marking-progress">
                <thead>
                    <tr>
                        <th>{tr!(lang, "试题", "Question")}</th>
                        <th>{tr!(lang, "分值", "Points")}</th>
                        <th>{tr!(lang, "答卷", "Scripts")}</th>
                        {stages
                            .map(|st| {
                                view! {
                                    <th>
                                        {lang
                                            .pick(
                                                format!("待{}", st.label_zh()),
                                                format!("Awaiting {}", st.label_en().to_lowercase()),
                                            )}
                                    </th>
                                }
                            })
                            .collect_view()}
                        <th>{tr!(lang, "已完成", "Done")}</th>
                    </tr>
                </thead>
                <tbody>
                    {d
                        .questions
                        .into_iter()
                        .map(|q| {
                            view! {
                                <tr>
                                    <td>{q.stem}</td>
                                    <td>{q.max_points}</td>
                                    <td>{q.scripts}</td>
                                    {q.waiting.map(|n| view! { <td>{n}</td> }).collect_view()}
                                    <td>{q.finished}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// One sealed script: the code, the question, the answer, the guide and the mark form.
#[component]
fn ScriptCard(
    script: Script,
    sitting_id: i64,
    mark: ServerAction<GiveMark>,
    lang: Lang,
) -> impl IntoView {
    let stage = script.stage;
    view! {
        <article class="card script" data-testid="script">
            <header class="script-head">
                <span>
                    {tr!(lang, "密封号", "Script")}" "
                    <strong class="mono" data-testid="script-code">
                        {script.code.clone()}
                    </strong>
                </span>
                <span class="badge">{lang.pick(stage.label_zh(), stage.label_en())}</span>
                <span>
                    {lang
                        .pick(
                            format!("满分 {} 分", script.max_points),
                            format!("out of {}", script.max_points),
                        )}
                </span>
            </header>
            <h2 class="stem">{script.stem.clone()}</h2>
            <h3>{tr!(lang, "考生作答", "The answer")}</h3>
            <blockquote class="response" data-testid="script-response">
                {if script.response.trim().is_empty() {
                    tr!(lang, "（未作答）", "(no answer)").to_owned()
                } else {
                    script.response.clone()
                }}
            </blockquote>
            <details open>
                <summary>
                    {tr!(lang, "参考答案与评分要点", "Reference answer and marking guide")}
                </summary>
                <p>{script.reference.clone()}</p>
                <ol>
                    {script
                        .marking_points
                        .iter()
                        .map(|p| view! { <li>{p.clone()}</li> })
                        .collect_view()}
                </ol>
            </details>
            {(!script.earlier.is_empty())
                .then(|| {
                    view! {
                        <p class="notice" data-testid="earlier-marks">
                            {lang
                                .pick(
                                    format!(
                                        "两位阅卷人的评分为 {}，分差超过阈值，请仲裁。",
                                        script
                                            .earlier
                                            .iter()
                                            .map(i64::to_string)
                                            .collect::<Vec<_>>()
                                            .join("、"),
                                    ),
                                    format!(
                                        "The two marks, {}, differ beyond the margin: give the deciding mark.",
                                        script
                                            .earlier
                                            .iter()
                                            .map(i64::to_string)
                                            .collect::<Vec<_>>()
                                            .join(" and "),
                                    ),
                                )}
                        </p>
                    }
                })}
            <ActionForm action=mark attr:class="inline-form" attr:data-testid="mark-form">
                <input type="hidden" name="sitting_id" value=sitting_id.to_string() />
                <input type="hidden" name="code" value=script.code.clone() />
                <input type="hidden" name="question_id" value=script.question_id.to_string() />
                <input type="hidden" name="stage" value=stage.number().to_string() />
                <label>
                    {tr!(lang, "得分", "Mark")}
                    <input
                        type="number"
                        name="points"
                        required
                        min="0"
                        max=script.max_points.to_string()
                        step="1"
                        inputmode="numeric"
                    />
                </label>
                <label class="wide">
                    {tr!(lang, "评语（可选）", "Comment (optional)")}
                    <input type="text" name="comment" />
                </label>
                <button type="submit" class="primary">
                    {tr!(lang, "提交评分", "Submit mark")}
                </button>
            </ActionForm>
        </article>
    }
}

/// Which scripts wait for whom: the items at each stage, the markers who may give them,
/// who arbitrates (仲裁) under double marking, and a warning when too few markers exist for
/// every item to be finished.
#[component]
pub fn MarkingWaitNote(wait: MarkingWait, lang: Lang) -> impl IntoView {
    let [first, second, third] = wait.waiting;
    let short = wait.short_of_markers();
    let needed = wait.plan.markers_needed();
    let count = wait.markers.len();
    let names = if wait.markers.is_empty() {
        tr!(lang, "无", "none").to_owned()
    } else {
        wait.markers.join(tr!(lang, "、", ", "))
    };
    let stages = if wait.plan.markers_needed() > 1 {
        lang.pick(
            format!("待初评 {first} 份，待复评 {second} 份，待仲裁 {third} 份，已完成 {} 份。", wait.finished),
            format!("{first} awaiting a first mark, {second} a second mark, {third} arbitration; {} done.", wait.finished),
        )
    } else {
        lang.pick(
            format!("待评 {first} 份，已完成 {} 份。", wait.finished),
            format!("{first} awaiting a mark; {} done.", wait.finished),
        )
    };
    view! {
        <div class="notice" data-testid="marking-wait">
            <p>{stages}</p>
            <p data-testid="markers">
                {lang
                    .pick(
                        format!("可评阅本场的阅卷人员（{count}位）：{names}。"),
                        format!("Markers for this sitting ({count}): {names}."),
                    )}
            </p>
            {(needed > 1)
                .then(|| {
                    view! {
                        <p>
                            {tr!(
                                lang, "仲裁：两评分差超过阈值的答卷，由未评过该答卷的第三位阅卷人员评定，其评分为最终得分。", "Arbitration: a script whose two marks differ beyond the margin is marked by a third marker who has marked neither; that mark is final."
                            )}
                        </p>
                    }
                })}
            {short
                .then(|| {
                    view! {
                        <p class="error" role="alert" data-testid="markers-short">
                            {lang
                                .pick(
                                    format!(
                                        "阅卷人员不足：本场阅卷方式需要至少{needed}位不同的阅卷人员，目前只有{count}位，部分答卷将无人可评。请管理员在“管理”页新建“阅卷人员”账号。",
                                    ),
                                    format!(
                                        "Too few markers: this sitting's marking needs at least {needed} different markers and there are {count}, so some scripts could be left unmarked. An administrator can add a Grader account on the Administration page.",
                                    ),
                                )}
                        </p>
                    }
                })}
        </div>
    }
}
