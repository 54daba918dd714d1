//! 成绩报告 (the sitting report with item analysis, print-ready), 成绩通知单 (one score
//! notice per candidate, one to a printed page) and the candidate's 成绩查询 page.

use leptos::prelude::*;
use leptos_meta::Title;
use question_bank::exam::clock::{format_cst, format_cst_date};
use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::rules::ReviewPolicy;
use question_bank::results::analysis::{Bin, ItemFlag};

use super::api::{
    get_bank_analysis, get_paper_check, get_person_history, get_report, own_result, DecideAppeal,
    FileAppeal, PublishResults, RegradeSitting,
};
use super::{
    percent, AppealView, GroupRow, ItemRow, MyResult, Outcome, PublishedResult, ReviewItem,
    SittingReport,
};
use crate::components::{use_id_param, Loaded, Page, PrintButton};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::sittings::pages::status_label;
use crate::sittings::CandidateStatus;
use crate::tr;

/// The sitting report: attendance, statistics, histogram, parts and laws, scores, item
/// analysis and the incident log, with the publication form while it is unpublished.
#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    let sitting_id = use_id_param();
    let report = resource(sitting_id, get_report);
    view! {
        <Loaded resource=report page=true let:r>
            <Report r lang />
        </Loaded>
    }
}

#[component]
fn Report(r: SittingReport, lang: Lang) -> impl IntoView {
    let s = r.summary.clone();
    let title = format!("{} · {}", tr!(lang, "成绩报告", "Results report"), s.title);
    let stats = r.stats.clone();
    let fmt = |v: f64| format!("{v:.1}");
    view! {
        <Title text=title.clone() />
        <section class="page report" data-testid="report">
            <h1>{title}</h1>
            <p>
                {format!(
                    "{} · {} · {} {} · {} {}",
                    s.jurisdiction_name,
                    format_cst(s.opens_at),
                    tr!(lang, "满分", "out of"),
                    s.total_points,
                    tr!(lang, "合格线", "pass mark"),
                    s.pass_mark,
                )}
            </p>
            <p class="no-print toolbar">
                <a href=format!(
                    "/staff/sittings/{}",
                    s.id,
                )>{tr!(lang, "返回考试场次", "Back to the sitting")}</a>
                " · "
                <a href=format!(
                    "/staff/sittings/{}/notices",
                    s.id,
                )>{tr!(lang, "成绩通知单", "Score notices")}</a>
                " · "
                <a href=format!("/staff/sittings/{}/report.xlsx", s.id) download rel="external">
                    {tr!(lang, "导出Excel", "Export to Excel")}
                </a>
                " · "
                <a href="/staff/analysis">
                    {tr!(lang, "跨场次试题分析", "Item analysis across sittings")}
                </a>
                " · "
                <PrintButton label=tr!(lang, "打印报告", "Print the report") />
            </p>
            <Publication r=r.clone() lang />
            <Regrade sitting_id=s.id lang />
            <h2>{tr!(lang, "考试概况", "Attendance")}</h2>
            <table class="grid facts" data-testid="attendance">
                <tbody>
                    <tr>
                        <th>{tr!(lang, "报名", "Enrolled")}</th>
                        <th>{tr!(lang, "参考", "Sat")}</th>
                        <th>{tr!(lang, "缺考", "Absent")}</th>
                        <th>{tr!(lang, "作废", "Voided")}</th>
                        <th>{tr!(lang, "待阅卷", "Awaiting marking")}</th>
                        <th>{tr!(lang, "答题中", "Writing")}</th>
                        <th>{tr!(lang, "合格", "Passed")}</th>
                        <th>{tr!(lang, "合格率", "Pass rate")}</th>
                    </tr>
                    <tr>
                        <td>{r.enrolled}</td>
                        <td>{r.sat}</td>
                        <td>{r.absent}</td>
                        <td>{r.voided}</td>
                        <td data-testid="awaiting-marking">{r.awaiting_marking}</td>
                        <td>{r.in_progress}</td>
                        <td>{r.passed}</td>
                        <td data-testid="pass-rate">{r.pass_rate()}</td>
                    </tr>
                </tbody>
            </table>
            <h2>{tr!(lang, "成绩统计", "Statistics")}</h2>
            {match stats {
                None => {
                    view! {
                        <p class="hint">
                            {tr!(lang, "尚无已交答卷。", "No papers handed in yet.")}
                        </p>
                    }
                        .into_any()
                }
                Some(st) => {
                    view! {
                        <table class="grid facts" data-testid="statistics">
                            <tbody>
                                <tr>
                                    <th>{tr!(lang, "平均分", "Mean")}</th>
                                    <th>{tr!(lang, "中位数", "Median")}</th>
                                    <th>{tr!(lang, "标准差", "Std. deviation")}</th>
                                    <th>{tr!(lang, "最高分", "Highest")}</th>
                                    <th>{tr!(lang, "最低分", "Lowest")}</th>
                                    <th title="KR-20">
                                        {tr!(lang, "信度（KR-20）", "Reliability (KR-20)")}
                                    </th>
                                </tr>
                                <tr>
                                    <td data-testid="mean">{fmt(st.mean)}</td>
                                    <td>{fmt(st.median)}</td>
                                    <td>{format!("{:.2}", st.std_dev)}</td>
                                    <td>{fmt(st.max)}</td>
                                    <td>{fmt(st.min)}</td>
                                    <td>
                                        {r
                                            .kr20
                                            .map_or_else(
                                                || {
                                                    tr!(
                                                        lang, "—（各人试卷不同）", "— (papers differ)"
                                                    )
                                                        .to_owned()
                                                },
                                                |k| format!("{k:.2}"),
                                            )}
                                    </td>
                                </tr>
                            </tbody>
                        </table>
                        <Histogram bins=r.histogram.clone() pass_mark=s.pass_mark lang />
                    }
                        .into_any()
                }
            }}
            <h2>{tr!(lang, "分题型得分", "By question type")}</h2>
            <GroupTable rows=r.by_kind.clone() lang />
            <h2>{tr!(lang, "分法律得分", "By law")}</h2>
            <GroupTable rows=r.by_law.clone() lang />
            <h2>{tr!(lang, "考生成绩", "Candidates")}</h2>
            <table class="grid" data-testid="report-candidates">
                <thead>
                    <tr>
                        <th>{tr!(lang, "准考证号", "Ticket")}</th>
                        <th>{tr!(lang, "姓名", "Name")}</th>
                        <th>{tr!(lang, "工作单位", "Employer")}</th>
                        <th>{tr!(lang, "拟任职务", "Proposed post")}</th>
                        <th>{tr!(lang, "状态", "Status")}</th>
                        <th>{tr!(lang, "成绩", "Score")}</th>
                        <th>{tr!(lang, "结果", "Result")}</th>
                    </tr>
                </thead>
                <tbody>
                    {r
                        .candidates
                        .iter()
                        .map(|c| {
                            let (status, class) = status_label(c.status, lang);
                            let counted = matches!(
                                c.status,
                                CandidateStatus::Submitted | CandidateStatus::TimedOut
                            );
                            view! {
                                <tr>
                                    <td class="mono">{c.ticket_number.clone()}</td>
                                    <td>
                                        <a href=format!(
                                            "/staff/people/{}",
                                            c.person_id,
                                        )>{c.name.clone()}</a>
                                    </td>
                                    <td>{c.employer.clone()}</td>
                                    <td>{c.proposed_post.clone()}</td>
                                    <td>
                                        <span class=format!("badge {class}")>{status}</span>
                                    </td>
                                    <td>
                                        {c
                                            .score
                                            .filter(|_| counted)
                                            .map_or_else(|| "—".to_owned(), |s| s.to_string())}
                                    </td>
                                    <td>
                                        {c
                                            .passed
                                            .filter(|_| counted)
                                            .map_or(
                                                "—",
                                                |p| {
                                                    if p {
                                                        tr!(lang, "合格", "Pass")
                                                    } else {
                                                        tr!(lang, "不合格", "Fail")
                                                    }
                                                },
                                            )}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <SittingAppeals appeals=r.appeals.clone() lang />
            <ItemAnalysis items=r.items.clone() lang />
            <h2>{tr!(lang, "考场记录", "Incident log")}</h2>
            <table class="grid">
                <thead>
                    <tr>
                        <th>{tr!(lang, "时间", "Time")}</th>
                        <th>{tr!(lang, "事项", "What")}</th>
                        <th>{tr!(lang, "考生", "Candidate")}</th>
                        <th>{tr!(lang, "原因", "Reason")}</th>
                        <th>{tr!(lang, "操作人", "By")}</th>
                    </tr>
                </thead>
                <tbody>
                    {r
                        .incidents
                        .iter()
                        .filter(|i| i.action != "candidate.enrol")
                        .map(|i| {
                            view! {
                                <tr>
                                    <td class="nowrap">{format_cst(i.at)}</td>
                                    <td>{i.label(lang)}</td>
                                    <td>{i.candidate.clone().unwrap_or_default()}</td>
                                    <td>{i.reason.clone().unwrap_or_default()}</td>
                                    <td>{i.actor.clone()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <crate::audit::page::AuditHeadLine />
        </section>
    }
}

/// Whether the results are out, and the form that publishes them.
#[component]
fn Publication(r: SittingReport, lang: Lang) -> impl IntoView {
    let publish = ServerAction::<PublishResults>::new();
    let s = r.summary;
    match s.results_published_at {
        Some(at) => view! {
            <p class="notice ok" data-testid="published">
                {format!(
                    "{}{}",
                    tr!(lang, "成绩已于以下时间发布：", "Results published at "),
                    format_cst(at),
                )}
            </p>
        }.into_any(),
        None if matches!(s.state, SittingState::Closed | SittingState::Archived) => view! {
            <div class="card no-print">
                <p>
                    {tr!(
                        lang, "成绩尚未发布，考生看不到分数。核对无误后发布：考生即可查询成绩，合格者生成考试合格记录。", "The results are not published: candidates see no score. Once checked, publish them: candidates can then see their results, and each pass becomes a pass record."
                    )}
                </p>
                <ActionForm action=publish attr:class="inline-form" attr:data-testid="publish-form">
                    <input type="hidden" name="sitting_id" value=s.id.to_string() />
                    <input
                        type="text"
                        class="wide"
                        name="note"
                        required
                        placeholder=tr!(
                            lang, "发布说明，如：经审核无误", "Note, e.g. checked"
                        )
                        aria-label=tr!(lang, "发布说明", "Publication note")
                    />
                    <button type="submit" class="primary">
                        {tr!(lang, "发布成绩", "Publish results")}
                    </button>
                </ActionForm>
                {move || {
                    publish
                        .value()
                        .get()
                        .map(|r| match r {
                            Ok(passes) => {
                                view! {
                                    <p class="notice ok" role="status" data-testid="published">
                                        {lang
                                            .pick(
                                                format!(
                                                    "成绩已发布，生成{passes}条考试合格记录。",
                                                ),
                                                format!("Published; {passes} pass records made."),
                                            )}
                                    </p>
                                }
                                    .into_any()
                            }
                            Err(e) => {
                                view! {
                                    <p class="notice error" role="alert">
                                        {e.message(lang)}
                                    </p>
                                }
                                    .into_any()
                            }
                        })
                }}
            </div>
        }.into_any(),
        None => view! {
            <p class="notice" data-testid="unpublished">
                {tr!(
                    lang, "考试结束后方可发布成绩。", "Results can be published once the sitting is closed."
                )}
            </p>
        }.into_any(),
    }
}

/// 重新评分: after a key is corrected in the bank (a new version of the question), a dry run
/// lists every paper whose score or result would change; applying it needs a reason.
#[component]
fn Regrade(sitting_id: i64, lang: Lang) -> impl IntoView {
    let dry = ServerAction::<RegradeSitting>::new();
    let apply = ServerAction::<RegradeSitting>::new();
    let plan = move || apply.value().get().or_else(|| dry.value().get());
    view! {
        <details class="card no-print" data-testid="regrade">
            <summary>
                {tr!(
                    lang, "重新评分（试题答案更正后）", "Regrade (after a key correction)"
                )}
            </summary>
            <p class="hint">
                {tr!(
                    lang, "在题库中更正试题答案后，先试算：列出成绩或结果将变化的每份答卷；核对无误后填写原因执行。只有选项未变的试题按更正后的答案重评。", "After correcting a key in the bank, first run a dry run: it lists every paper whose score or result would change. Then apply it with a reason. Only questions whose options did not change are marked with the corrected key."
                )}
            </p>
            <div class="toolbar">
                <ActionForm action=dry attr:class="inline-form">
                    <input type="hidden" name="sitting_id" value=sitting_id.to_string() />
                    <input type="hidden" name="mode" value="dry" />
                    <button type="submit" class="secondary">
                        {tr!(lang, "试算", "Dry run")}
                    </button>
                </ActionForm>
                <ActionForm action=apply attr:class="inline-form">
                    <input type="hidden" name="sitting_id" value=sitting_id.to_string() />
                    <input type="hidden" name="mode" value="apply" />
                    <input
                        type="text"
                        class="wide"
                        name="reason"
                        required
                        placeholder=tr!(
                            lang, "原因，如：第3题答案更正", "Reason, e.g. key of question 3 corrected"
                        )
                        aria-label=tr!(lang, "重新评分原因", "Regrade reason")
                    />
                    <button type="submit" class="primary">
                        {tr!(lang, "执行重新评分", "Apply the regrade")}
                    </button>
                </ActionForm>
            </div>
            {move || {
                plan()
                    .map(|r| match r {
                        Err(e) => {
                            view! {
                                <p class="notice error" role="alert">
                                    {e.message(lang)}
                                </p>
                            }
                                .into_any()
                        }
                        Ok(p) => {
                            view! {
                                <p
                                    class=if p.applied { "notice ok" } else { "notice" }
                                    role="status"
                                    data-testid="regrade-summary"
                                >
                                    {lang
                                        .pick(
                                            format!(
                                                "{}：{}道试题的答案已更正，重评{}份答卷，{}份成绩变化。",
                                                if p.applied { "已执行" } else { "试算" },
                                                p.corrected_questions,
                                                p.papers,
                                                p.changes.len(),
                                            ),
                                            format!(
                                                "{}: {} corrected keys, {} papers marked again, {} scores change.",
                                                if p.applied { "Applied" } else { "Dry run" },
                                                p.corrected_questions,
                                                p.papers,
                                                p.changes.len(),
                                            ),
                                        )}
                                </p>
                                <table class="grid" data-testid="regrade-changes">
                                    <thead>
                                        <tr>
                                            <th>{tr!(lang, "准考证号", "Ticket")}</th>
                                            <th>{tr!(lang, "姓名", "Name")}</th>
                                            <th>{tr!(lang, "原成绩", "Was")}</th>
                                            <th>{tr!(lang, "新成绩", "Now")}</th>
                                            <th>{tr!(lang, "结果", "Result")}</th>
                                        </tr>
                                    </thead>
                                    <tbody>
                                        {p
                                            .changes
                                            .into_iter()
                                            .map(|c| {
                                                let result = |passed: bool| {
                                                    if passed {
                                                        tr!(lang, "合格", "pass")
                                                    } else {
                                                        tr!(lang, "不合格", "fail")
                                                    }
                                                };
                                                view! {
                                                    <tr>
                                                        <td class="mono">{c.ticket_number}</td>
                                                        <td>{c.name}</td>
                                                        <td>{c.old_score}</td>
                                                        <td>{c.new_score}</td>
                                                        <td>
                                                            {if c.old_passed == c.new_passed {
                                                                result(c.new_passed).to_owned()
                                                            } else {
                                                                format!(
                                                                    "{} → {}",
                                                                    result(c.old_passed),
                                                                    result(c.new_passed),
                                                                )
                                                            }}
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
                    })
            }}
        </details>
    }
}

/// Score bars as SVG, drawn on the server so they print.
#[component]
fn Histogram(bins: Vec<Bin>, pass_mark: i64, lang: Lang) -> impl IntoView {
    const W: i64 = 640;
    const H: i64 = 180;
    const BASE: i64 = 150;
    let most = bins.iter().map(|b| b.count).max().unwrap_or(0).max(1) as i64;
    let n = bins.len().max(1) as i64;
    let step = W / n;
    view! {
        <figure class="histogram">
            <svg
                viewBox=format!("0 0 {W} {H}")
                width="100%"
                role="img"
                aria-label=tr!(lang, "成绩分布", "Score distribution")
                data-testid="histogram"
            >
                <line x1="0" y1=BASE x2=W y2=BASE stroke="#888" />
                {bins
                    .iter()
                    .enumerate()
                    .map(|(i, b)| {
                        let height = b.count as i64 * (BASE - 20) / most;
                        let x = i as i64 * step;
                        let fill = if b.from >= pass_mark {
                            "#2e7d4f"
                        } else if b.to < pass_mark {
                            "#b3541e"
                        } else {
                            "#c9a227"
                        };
                        view! {
                            <g>
                                <rect
                                    x=x + 4
                                    y=BASE - height
                                    width=step - 8
                                    height=height
                                    fill=fill
                                />
                                <text
                                    x=x + step / 2
                                    y=BASE - height - 4
                                    text-anchor="middle"
                                    font-size="12"
                                >
                                    {b.count.to_string()}
                                </text>
                                <text
                                    x=x + step / 2
                                    y=BASE + 16
                                    text-anchor="middle"
                                    font-size="11"
                                >
                                    {format!("{}–{}", b.from, b.to)}
                                </text>
                            </g>
                        }
                    })
                    .collect_view()}
            </svg>
            <figcaption>
                {tr!(
                    lang, "成绩分布（人数，每10分一段；绿色为合格段）", "Score distribution (candidates per 10 points; green at or above the pass mark)"
                )}
            </figcaption>
        </figure>
    }
}

#[component]
fn GroupTable(rows: Vec<GroupRow>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid">
            <thead>
                <tr>
                    <th></th>
                    <th>{tr!(lang, "作答题次", "Responses")}</th>
                    <th>{tr!(lang, "答对", "Correct")}</th>
                    <th>{tr!(lang, "正确率", "Correct rate")}</th>
                    <th>{tr!(lang, "得分/分值", "Points")}</th>
                    <th>{tr!(lang, "得分率", "Score rate")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|g| {
                        view! {
                            <tr>
                                <td>{lang.pick(g.label_zh.clone(), g.label_en.clone())}</td>
                                <td>{g.responses}</td>
                                <td>{g.correct}</td>
                                <td>{percent(g.correct, g.responses)}</td>
                                <td>{format!("{}/{}", g.earned, g.possible)}</td>
                                <td>{percent(g.earned, g.possible)}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// 试题分析: facility, discrimination and the flags of every question the sitting used.
#[component]
fn ItemAnalysis(items: Vec<ItemRow>, lang: Lang) -> impl IntoView {
    let flagged = items.iter().filter(|i| !i.stats.flags.is_empty()).count();
    let opt = |v: Option<f64>| v.map_or_else(|| "—".to_owned(), |v| format!("{v:.2}"));
    view! {
        <h2>{tr!(lang, "试题分析", "Item analysis")}</h2>
        <p class="hint">
            {lang
                .pick(
                    format!(
                        "难度系数为答对比例；区分度为点二列相关（与总分）和高低分组（各27%）答对率之差。{flagged}道题需要复查。",
                    ),
                    format!(
                        "Facility is the share answering correctly; discrimination is the point-biserial correlation with the total and the upper-lower 27% difference. {flagged} questions need a look.",
                    ),
                )}
        </p>
        <table class="grid" data-testid="item-analysis">
            <thead>
                <tr>
                    <th>{tr!(lang, "试题", "Question")}</th>
                    <th>{tr!(lang, "法律", "Law")}</th>
                    <th>{tr!(lang, "作答", "Answered")}</th>
                    <th>{tr!(lang, "难度系数", "Facility")}</th>
                    <th>{tr!(lang, "点二列相关", "Point-biserial")}</th>
                    <th>{tr!(lang, "高低分组差", "Upper-lower")}</th>
                    <th>{tr!(lang, "提示", "Flags")}</th>
                </tr>
            </thead>
            <tbody>
                {items
                    .into_iter()
                    .map(|i| {
                        let flags = i
                            .stats
                            .flags
                            .iter()
                            .map(|f| match f {
                                ItemFlag::NobodyCorrect => tr!(lang, "无人答对", "nobody right"),
                                ItemFlag::EverybodyCorrect => {
                                    tr!(lang, "全部答对", "everybody right")
                                }
                                ItemFlag::NegativeDiscrimination => {
                                    tr!(lang, "负区分度", "negative discrimination")
                                }
                            })
                            .collect::<Vec<_>>()
                            .join("、");
                        let class = if flags.is_empty() { "" } else { "flagged" };
                        view! {
                            <tr class=class>
                                <td>
                                    <span class="muted">
                                        {lang.pick(i.kind.label_zh(), i.kind.label_en())}" "
                                    </span>
                                    {excerpt(&i.stem)}
                                </td>
                                <td>{i.law.clone()}</td>
                                <td>{i.stats.answered_by}</td>
                                <td>{format!("{:.2}", i.stats.facility)}</td>
                                <td>{opt(i.stats.point_biserial)}</td>
                                <td>{opt(i.stats.upper_lower)}</td>
                                <td data-testid="item-flags">{flags}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The first 40 characters of a stem.
fn excerpt(stem: &str) -> String {
    let mut chars = stem.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// 成绩通知单: one notice for each candidate who handed in a paper, one to a printed page.
#[component]
pub fn NoticesPage() -> impl IntoView {
    let lang = use_lang();
    let sitting_id = use_id_param();
    let report = resource(sitting_id, get_report);
    view! {
        <Loaded resource=report page=true let:r>
            {
                let s = r.summary.clone();
                view! {
                    <Title text=format!(
                        "{} · {}",
                        tr!(lang, "成绩通知单", "Score notices"),
                        s.title,
                    ) />
                    <section class="page notices">
                        <p class="no-print toolbar">
                            <a href=format!(
                                "/staff/sittings/{}/report",
                                s.id,
                            )>{tr!(lang, "返回成绩报告", "Back to the report")}</a>
                            " · "
                            <PrintButton label=tr!(lang, "打印通知单", "Print the notices") />
                        </p>
                        {s
                            .results_published_at
                            .is_none()
                            .then(|| {
                                view! {
                                    <p class="notice no-print">
                                        {tr!(
                                            lang, "成绩尚未发布：通知单仅供核对。", "The results are not published: these notices are for checking only."
                                        )}
                                    </p>
                                }
                            })}
                        {r
                            .candidates
                            .into_iter()
                            .filter(|c| {
                                matches!(
                                    c.status,
                                    CandidateStatus::Submitted | CandidateStatus::TimedOut
                                )
                            })
                            .map(|c| {
                                view! {
                                    <article class="notice-sheet" data-testid="score-notice">
                                        <h2>
                                            {s.jurisdiction_name.clone()}<br />
                                            {tr!(
                                                lang, "任前法律知识考试成绩通知单", "Pre-appointment legal knowledge examination: score notice"
                                            )}
                                        </h2>
                                        <table class="grid facts">
                                            <tbody>
                                                <tr>
                                                    <th>{tr!(lang, "姓名", "Name")}</th>
                                                    <td>{c.name.clone()}</td>
                                                    <th>{tr!(lang, "准考证号", "Ticket")}</th>
                                                    <td class="mono">{c.ticket_number.clone()}</td>
                                                </tr>
                                                <tr>
                                                    <th>{tr!(lang, "工作单位", "Employer")}</th>
                                                    <td>{c.employer.clone()}</td>
                                                    <th>{tr!(lang, "拟任职务", "Proposed post")}</th>
                                                    <td>{c.proposed_post.clone()}</td>
                                                </tr>
                                                <tr>
                                                    <th>{tr!(lang, "考试场次", "Sitting")}</th>
                                                    <td colspan="3">
                                                        {format!("{}（{}）", s.title, format_cst(s.opens_at))}
                                                    </td>
                                                </tr>
                                                <tr>
                                                    <th>{tr!(lang, "成绩", "Score")}</th>
                                                    <td>
                                                        {c
                                                            .score
                                                            .map(|v| format!("{v} / {}", s.total_points))
                                                            .unwrap_or_default()}
                                                    </td>
                                                    <th>{tr!(lang, "结果", "Result")}</th>
                                                    <td>
                                                        <strong>
                                                            {if c.passed == Some(true) {
                                                                tr!(lang, "合格", "Pass")
                                                            } else {
                                                                tr!(lang, "不合格", "Fail")
                                                            }}
                                                        </strong>
                                                        {format!(
                                                            "（{}{}）",
                                                            tr!(lang, "合格线", "pass mark "),
                                                            s.pass_mark,
                                                        )}
                                                    </td>
                                                </tr>
                                            </tbody>
                                        </table>
                                        <p class="signature">
                                            {s.jurisdiction_name.clone()}<br />
                                            {s
                                                .results_published_at
                                                .map(format_cst_date)
                                                .unwrap_or_default()}
                                        </p>
                                    </article>
                                }
                            })
                            .collect_view()}
                    </section>
                }
                    .into_any()
            }
        </Loaded>
    }
}

/// 成绩查询: the candidate's result once published, with their paper as the sitting allows.
#[component]
pub fn MyResultPage() -> impl IntoView {
    let lang = use_lang();
    // Filing an appeal reads the result again, so the request shows in the list at once.
    let file = ServerAction::<FileAppeal>::new();
    let result = resource(move || file.version().get(), |_| own_result());
    view! {
        <Loaded resource=result page=true login_path="/results/login" let:r>
            <MyResultView r file lang />
        </Loaded>
    }
}

#[component]
fn MyResultView(r: MyResult, file: ServerAction<FileAppeal>, lang: Lang) -> impl IntoView {
    view! {
        <Page title=tr!(lang, "成绩查询", "Your result")>
            <div class="large-text">
                <p>{format!("{}　{}　{}", r.sitting_title, r.name, r.ticket_number)}</p>
                {match r.outcome {
                    Outcome::NotPublished => {
                        view! {
                            <p class="notice" data-testid="not-published">
                                {tr!(
                                    lang, "成绩尚未发布，请耐心等待。", "Your result has not been published yet."
                                )}
                            </p>
                        }
                            .into_any()
                    }
                    Outcome::NoPaper { voided } => {
                        view! {
                            <p class="notice" data-testid="no-paper">
                                {if voided {
                                    tr!(
                                        lang, "您的答卷已被作废，无成绩。", "Your paper was voided; there is no score."
                                    )
                                } else {
                                    tr!(
                                        lang, "您未参加本场考试，无成绩。", "You did not sit this exam; there is no score."
                                    )
                                }}
                            </p>
                        }
                            .into_any()
                    }
                    Outcome::Published(p) => view! { <Published p file lang /> }.into_any(),
                }}
            </div>
        </Page>
    }
}

#[component]
fn Published(p: PublishedResult, file: ServerAction<FileAppeal>, lang: Lang) -> impl IntoView {
    view! {
        <div
            class=if p.passed { "notice ok" } else { "notice error" }
            role="status"
            data-testid="my-score"
        >
            <strong>
                {format!("{}{} / {}", tr!(lang, "成绩：", "Score: "), p.score, p.possible)}
            </strong>
            {format!(
                "　{}（{}{}）",
                if p.passed { tr!(lang, "合格", "Pass") } else { tr!(lang, "不合格", "Fail") },
                tr!(lang, "合格线", "pass mark "),
                p.pass_mark,
            )}
        </div>
        {(p.review == ReviewPolicy::ScoreOnly)
            .then(|| {
                view! {
                    <p class="hint">
                        {tr!(
                            lang, "本场考试只公布成绩。", "This sitting publishes scores only."
                        )}
                    </p>
                }
            })}
        <ReviewList items=p.items lang />
        <Appeals appeals=p.appeals appeal_until=p.appeal_until file lang />
    }
}

/// A paper question by question: the answer, right or wrong, and what the review shows.
#[component]
fn ReviewList(items: Vec<ReviewItem>, lang: Lang) -> impl IntoView {
    view! {
        <ol class="mock-paper" data-testid="review">
            {items
                .into_iter()
                .map(|i| {
                    view! {
                        <li class="card feedback">
                            <p>
                                <strong>{format!("{}. ", i.number)}</strong>
                                {i.stem}
                                <span class="muted">{format!("（{}分）", i.points)}</span>
                            </p>
                            {(!i.options.is_empty())
                                .then(|| {
                                    view! {
                                        <ol type="A">
                                            {i
                                                .options
                                                .into_iter()
                                                .map(|o| view! { <li>{o}</li> })
                                                .collect_view()}
                                        </ol>
                                    }
                                })}
                            <p class=if i.correct {
                                "ok"
                            } else {
                                "warn"
                            }>
                                {match i.marked {
                                    Some(m) => {
                                        lang.pick(
                                            format!("得分 {m}/{}", i.points),
                                            format!("Marked {m} of {}", i.points),
                                        )
                                    }
                                    None if i.correct => {
                                        tr!(lang, "✓ 答对", "✓ Right").to_owned()
                                    }
                                    None => tr!(lang, "✗ 答错", "✗ Wrong").to_owned(),
                                }}
                                {format!(
                                    "　{}{}",
                                    tr!(lang, "作答：", "Answer: "),
                                    if i.given.is_empty() {
                                        tr!(lang, "未作答", "none").to_owned()
                                    } else {
                                        i.given
                                    },
                                )}
                                {i
                                    .key
                                    .map(|k| {
                                        format!("　{}{k}", tr!(lang, "正确答案：", "Key: "))
                                    })}
                            </p>
                            {i
                                .explanation
                                .filter(|e| !e.trim().is_empty())
                                .map(|e| {
                                    view! { <p>{tr!(lang, "解析：", "Explanation: ")}{e}</p> }
                                })}
                            {i.citation.map(|c| view! { <p class="citation">{c}</p> })}
                            {(!i.article.is_empty())
                                .then(|| {
                                    view! {
                                        <blockquote class="article">
                                            {i
                                                .article
                                                .into_iter()
                                                .map(|a| view! { <p>{a}</p> })
                                                .collect_view()}
                                        </blockquote>
                                    }
                                })}
                            {i
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
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The candidate's re-check requests and, while they may, the form to ask for one.
#[component]
fn Appeals(
    appeals: Vec<AppealView>,
    appeal_until: i64,
    file: ServerAction<FileAppeal>,
    lang: Lang,
) -> impl IntoView {
    let pending = appeals.iter().any(|a| a.decided_at.is_none());
    view! {
        <h2>{tr!(lang, "成绩复核", "Re-check")}</h2>
        <AppealList appeals lang />
        {(!pending)
            .then(|| {
                view! {
                    <div class="card">
                        <p class="hint">
                            {lang
                                .pick(
                                    format!(
                                        "对成绩有异议的，可在 {} 前申请复核。",
                                        format_cst(appeal_until),
                                    ),
                                    format!(
                                        "If you question your result, you may ask for a re-check until {}.",
                                        format_cst(appeal_until),
                                    ),
                                )}
                        </p>
                        <ActionForm action=file attr:data-testid="appeal-form">
                            <label>
                                {tr!(lang, "申请复核的理由", "Why you ask for a re-check")}
                                <textarea name="reason" rows="3" required></textarea>
                            </label>
                            <button type="submit" class="primary">
                                {tr!(lang, "申请复核", "Ask for a re-check")}
                            </button>
                        </ActionForm>
                        {move || {
                            file.value()
                                .get()
                                .map(|r| match r {
                                    Ok(_) => {
                                        view! {
                                            <p
                                                class="notice ok"
                                                role="status"
                                                data-testid="appeal-filed"
                                            >
                                                {tr!(
                                                    lang, "复核申请已提交，结果将在本页显示。", "Your request is filed; the outcome will show on this page."
                                                )}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                    Err(e) => {
                                        view! {
                                            <p class="notice error" role="alert">
                                                {e.message(lang)}
                                            </p>
                                        }
                                            .into_any()
                                    }
                                })
                        }}
                    </div>
                }
            })}
    }
}

/// Appeals with their state and, once decided, the outcome and response.
#[component]
fn AppealList(appeals: Vec<AppealView>, lang: Lang) -> impl IntoView {
    view! {
        <ul class="appeals" data-testid="appeals">
            {appeals
                .into_iter()
                .map(|a| {
                    view! {
                        <li class="card">
                            <p>
                                {format!(
                                    "{}　{}",
                                    format_cst(a.filed_at),
                                    tr!(lang, "申请复核：", "Re-check asked: "),
                                )}{a.reason}
                            </p>
                            {match (a.outcome, a.response) {
                                (Some(outcome), Some(response)) => {
                                    view! {
                                        <p class="notice ok" data-testid="appeal-outcome">
                                            <strong>
                                                {lang.pick(outcome.label_zh(), outcome.label_en())}
                                            </strong>
                                            {format!(
                                                "（{} → {}）　{}",
                                                a.score_at_filing.map_or("—".into(), |s| s.to_string()),
                                                a.score_now.map_or("—".into(), |s| s.to_string()),
                                                response,
                                            )}
                                        </p>
                                    }
                                        .into_any()
                                }
                                _ => {
                                    view! {
                                        <p class="notice" data-testid="appeal-pending">
                                            {tr!(lang, "复核中", "Under review")}
                                        </p>
                                    }
                                        .into_any()
                                }
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The appeals of a sitting on its report, each with the paper to check and, while
/// pending, the reviewer's form.
#[component]
fn SittingAppeals(appeals: Vec<AppealView>, lang: Lang) -> impl IntoView {
    (!appeals.is_empty()).then(|| view! {
        <h2>{tr!(lang, "复核申请", "Appeals")}</h2>
        <p class="hint no-print">
            {tr!(
                lang, "核对考生答卷；如答案有误，先在题库更正并重新评分，再作出复核决定：成绩有变化的记为“成绩已更正”，否则为“维持原成绩”。", "Check the paper; if a key was wrong, correct it in the bank and regrade first, then decide: a changed score is recorded as corrected, otherwise the result is upheld."
            )}
        </p>
        <table class="grid" data-testid="sitting-appeals">
            <thead>
                <tr>
                    <th>{tr!(lang, "考生", "Candidate")}</th>
                    <th>{tr!(lang, "申请时间", "Filed")}</th>
                    <th>{tr!(lang, "理由", "Reason")}</th>
                    <th>{tr!(lang, "成绩", "Score")}</th>
                    <th>{tr!(lang, "复核", "Decision")}</th>
                </tr>
            </thead>
            <tbody>
                {appeals
                    .into_iter()
                    .map(|a| {
                        view! {
                            <tr>
                                <td>
                                    {a.name.clone()}<br />
                                    <a
                                        class="no-print"
                                        href=format!("/staff/candidates/{}/paper", a.candidate_id)
                                    >
                                        {tr!(lang, "查看答卷", "See the paper")}
                                    </a>
                                </td>
                                <td class="nowrap">{format_cst(a.filed_at)}</td>
                                <td>{a.reason.clone()}</td>
                                <td>
                                    {format!(
                                        "{} → {}",
                                        a.score_at_filing.map_or("—".into(), |s| s.to_string()),
                                        a.score_now.map_or("—".into(), |s| s.to_string()),
                                    )}
                                </td>
                                <td>
                                    {match (a.outcome, a.response.clone()) {
                                        (Some(o), Some(r)) => {
                                            view! {
                                                <span>
                                                    <strong>{lang.pick(o.label_zh(), o.label_en())}</strong>
                                                    {format!(
                                                        "：{r}（{}）",
                                                        a.decided_by.clone().unwrap_or_default(),
                                                    )}
                                                </span>
                                            }
                                                .into_any()
                                        }
                                        _ => view! { <DecideForm appeal_id=a.id lang /> }.into_any(),
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    })
}

#[component]
fn DecideForm(appeal_id: i64, lang: Lang) -> impl IntoView {
    let decide = ServerAction::<DecideAppeal>::new();
    view! {
        <ActionForm action=decide attr:class="inline-form" attr:data-testid="decide-form">
            <input type="hidden" name="appeal_id" value=appeal_id.to_string() />
            <input
                type="text"
                class="wide"
                name="response"
                required
                placeholder=tr!(lang, "复核意见", "Response")
                aria-label=tr!(lang, "复核意见", "Response")
            />
            <button type="submit" class="primary">
                {tr!(lang, "作出复核决定", "Decide")}
            </button>
        </ActionForm>
        {move || {
            decide
                .value()
                .get()
                .map(|r| match r {
                    Ok(o) => {
                        view! {
                            <span class="badge done" role="status">
                                {lang.pick(o.label_zh(), o.label_en())}
                            </span>
                        }
                            .into_any()
                    }
                    Err(e) => {
                        view! {
                            <span class="badge error" role="alert">
                                {e.message(lang)}
                            </span>
                        }
                            .into_any()
                    }
                })
        }}
    }
}

/// 答卷核对: a candidate's paper with every answer and key, for staff answering an appeal.
#[component]
pub fn PaperCheckPage() -> impl IntoView {
    let lang = use_lang();
    let candidate_id = use_id_param();
    let paper = resource(candidate_id, get_paper_check);
    view! {
        <Loaded resource=paper page=true let:p>
            <Page title=format!(
                "{} · {} · {}",
                tr!(lang, "答卷核对", "Paper check"),
                p.name,
                p.sitting_title,
            )>
                <p class="no-print">
                    <a href=format!(
                        "/staff/sittings/{}/report",
                        p.sitting_id,
                    )>{tr!(lang, "返回成绩报告", "Back to the report")}</a>
                </p>
                <p>
                    {format!(
                        "{}　{}　{}{}",
                        p.ticket_number,
                        p.name,
                        tr!(lang, "成绩：", "Score: "),
                        p.score.map_or("—".into(), |s| s.to_string()),
                    )}
                </p>
                <ReviewList items=p.items lang />
            </Page>
        </Loaded>
    }
}

/// 考试记录: a person's sittings with retakes and results, and their pass records.
#[component]
pub fn PersonPage() -> impl IntoView {
    let lang = use_lang();
    let person_id = use_id_param();
    let history = resource(person_id, get_person_history);
    view! {
        <Loaded resource=history page=true let:h>
            <Page title=format!("{} · {}", tr!(lang, "考试记录", "Exam history"), h.name)>
                <p>{format!("{}　{}", h.name, h.id_card_masked)}</p>
                <h2>{tr!(lang, "考试合格记录", "Pass records")}</h2>
                {if h.passes.is_empty() {
                    view! {
                        <p class="notice" data-testid="no-pass">
                            {tr!(lang, "暂无有效的考试合格记录。", "No pass record.")}
                        </p>
                    }
                        .into_any()
                } else {
                    view! {
                        <table class="grid" data-testid="passes">
                            <thead>
                                <tr>
                                    <th>{tr!(lang, "考试场次", "Sitting")}</th>
                                    <th>{tr!(lang, "成绩", "Score")}</th>
                                    <th>{tr!(lang, "合格日期", "Passed")}</th>
                                    <th>{tr!(lang, "有效期至", "Valid until")}</th>
                                    <th>{tr!(lang, "状态", "State")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {h
                                    .passes
                                    .into_iter()
                                    .map(|p| {
                                        view! {
                                            <tr>
                                                <td>
                                                    <a href=format!(
                                                        "/staff/sittings/{}",
                                                        p.record.sitting_id,
                                                    )>{p.record.sitting_title}</a>
                                                </td>
                                                <td>
                                                    {format!("{} / {}", p.record.score, p.record.possible)}
                                                </td>
                                                <td>{format_cst_date(p.record.passed_at)}</td>
                                                <td>{format_cst_date(p.record.valid_until)}</td>
                                                <td>
                                                    {if p.valid {
                                                        view! {
                                                            <span class="badge done">
                                                                {tr!(lang, "有效", "valid")}
                                                            </span>
                                                        }
                                                            .into_any()
                                                    } else {
                                                        view! {
                                                            <span class="badge muted">
                                                                {tr!(lang, "已过期", "expired")}
                                                            </span>
                                                        }
                                                            .into_any()
                                                    }}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                        .into_any()
                }}
                <h2>{tr!(lang, "参加考试情况", "Sittings")}</h2>
                <table class="grid" data-testid="history">
                    <thead>
                        <tr>
                            <th>{tr!(lang, "考试时间", "Date")}</th>
                            <th>{tr!(lang, "考试场次", "Sitting")}</th>
                            <th>{tr!(lang, "举办单位", "Held by")}</th>
                            <th>{tr!(lang, "状态", "Status")}</th>
                            <th>{tr!(lang, "成绩", "Score")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {h
                            .sittings
                            .into_iter()
                            .map(|r| {
                                let (status, class) = status_label(r.status, lang);
                                view! {
                                    <tr>
                                        <td class="nowrap">{format_cst(r.opens_at)}</td>
                                        <td>
                                            <a href=format!(
                                                "/staff/sittings/{}",
                                                r.sitting_id,
                                            )>{r.sitting_title}</a>
                                            {(r.retake > 0)
                                                .then(|| {
                                                    view! {
                                                        " "
                                                        <span class="badge">
                                                            {lang
                                                                .pick(
                                                                    format!("第{}次补考", r.retake),
                                                                    format!("retake {}", r.retake),
                                                                )}
                                                        </span>
                                                    }
                                                })}
                                        </td>
                                        <td>{r.jurisdiction_name}</td>
                                        <td>
                                            <span class=format!("badge {class}")>{status}</span>
                                        </td>
                                        <td>
                                            {match (r.score, r.passed) {
                                                (Some(score), Some(passed)) => {
                                                    format!(
                                                        "{score}（{}{}）",
                                                        if passed {
                                                            tr!(lang, "合格", "pass")
                                                        } else {
                                                            tr!(lang, "不合格", "fail")
                                                        },
                                                        if r.published {
                                                            ""
                                                        } else {
                                                            tr!(lang, "，未发布", ", unpublished")
                                                        },
                                                    )
                                                }
                                                _ => "—".to_owned(),
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
                <crate::appointments::pages::Timeline person_id=h.person_id />
            </Page>
        </Loaded>
    }
}

/// 试题分析（跨场次）: every question's statistics over the closed sittings in reach.
#[component]
pub fn AnalysisPage() -> impl IntoView {
    let lang = use_lang();
    let analysis = resource(|| (), |()| get_bank_analysis());
    view! {
        <Loaded resource=analysis page=true let:a>
            <Page title=tr!(lang, "试题分析（跨场次）", "Item analysis across sittings")>
                <p data-testid="analysis-scope">
                    {lang
                        .pick(
                            format!(
                                "统计已结束的{}场考试、{}份答卷（总分按百分制折算）；需要复查的试题排在前面。",
                                a.sittings,
                                a.papers,
                            ),
                            format!(
                                "Over {} closed sittings and {} papers (totals as percentages); questions that need a look come first.",
                                a.sittings,
                                a.papers,
                            ),
                        )}
                </p>
                <ItemAnalysis items=a.items lang />
            </Page>
        </Loaded>
    }
}
