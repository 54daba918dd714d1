use leptos::prelude::*;
use leptos_router::components::A;
use question_bank::bank::Bank;
use question_bank::clock::format_cst;
use question_bank::laws::LAWS;
use question_bank::question::QuestionKind;

use super::api::{get_sitting, list_sittings, CreateSitting, EnrolCandidate, ReissueAccessCode};
use super::{
    CandidateRow, CandidateStatus, DrawnView, IssuedTicket, SittingDetail, SittingSummary,
    SpreadView,
};
use crate::bank::api::list_questions;
use crate::components::{use_id_param, ErrorNotice, FormError, Page};
use crate::i18n::{use_lang, Lang};
use crate::tr;

/// 考试场次: the list, and a form to create one.
#[component]
pub fn SittingsPage() -> impl IntoView {
    let lang = use_lang();
    let sittings = Resource::new(|| (), |_| list_sittings());
    view! {
        <Page title=tr!(lang, "考试场次", "Sittings")>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    match sittings.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(rows) if rows.is_empty() => view! { <p class="empty">{tr!(lang, "尚无考试场次。", "No sittings yet.")}</p> }.into_any(),
                        Ok(rows) => view! { <SittingTable rows lang/> }.into_any(),
                    }
                })}
            </Suspense>
            <CreateSittingForm/>
        </Page>
    }
}

#[component]
fn SittingTable(rows: Vec<SittingSummary>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid" data-testid="sitting-table">
            <thead><tr>
                <th>{tr!(lang, "考试名称", "Sitting")}</th>
                <th>{tr!(lang, "所属", "Jurisdiction")}</th>
                <th>{tr!(lang, "考试时间", "Window")}</th>
                <th>{tr!(lang, "时长", "Duration")}</th>
                <th>{tr!(lang, "试题/总分/及格", "Questions / total / pass")}</th>
                <th>{tr!(lang, "考生", "Candidates")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|s| view! {
                    <tr>
                        <td><A href=format!("/staff/sittings/{}", s.id)>{s.title}</A></td>
                        <td class="nowrap">{s.jurisdiction_name}</td>
                        <td class="nowrap">{format!("{} – {}", format_cst(s.opens_at), &format_cst(s.closes_at)[11..])}</td>
                        <td class="nowrap">{format!("{} {}", s.duration_minutes, tr!(lang, "分钟", "min"))}</td>
                        <td>{format!("{} / {} / {}", s.question_count, s.total_points, s.pass_mark)}</td>
                        <td>{s.candidate_count}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn CreateSittingForm() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateSitting>::new();
    let questions = Resource::new(
        || (),
        |_| {
            list_questions(
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "active".to_owned(),
            )
        },
    );
    view! {
        <details class="card">
            <summary>{tr!(lang, "新建考试场次", "New sitting")}</summary>
            <ActionForm action=create attr:class="form-grid" attr:data-testid="create-sitting">
                <label class="wide">{tr!(lang, "考试名称", "Title")}
                    <input type="text" name="title" required placeholder=tr!(lang, "例：2026年第四次任前法律知识考试", "e.g. 4th pre-appointment exam of 2026")/>
                </label>
                <label class="wide">{tr!(lang, "考场", "Venue")}
                    <input type="text" name="venue"/>
                </label>
                <label>{tr!(lang, "开考时间（北京时间）", "Opens (Beijing time)")}
                    <input type="datetime-local" name="opens_at" required/>
                </label>
                <label>{tr!(lang, "截止时间", "Closes")}
                    <input type="datetime-local" name="closes_at" required/>
                </label>
                <label>{tr!(lang, "考试时长（分钟）", "Duration (minutes)")}
                    <input type="number" name="duration_minutes" value="90" min="1" max="240" required/>
                </label>
                <label>{tr!(lang, "及格分", "Pass mark")}
                    <input type="number" name="pass_mark" value="60" min="0" required/>
                </label>
                <label>{tr!(lang, "迟到限制（开考后多少分钟内可入场，留空不限）", "Late entry (minutes after the opening; empty for no limit)")}
                    <input type="number" name="late_entry_minutes" value="15" min="0"/>
                </label>
                <label class="wide">{tr!(lang, "组卷方式", "Paper")}
                    <select name="paper_mode">
                        <option value="drawn" selected>{tr!(lang, "按组卷规则为每位考生随机组卷", "A paper of their own for each candidate, drawn by the blueprint")}</option>
                        <option value="fixed">{tr!(lang, "固定试题（所有考生相同）", "Fixed questions (the same for everyone)")}</option>
                    </select>
                </label>
                <BlueprintTable lang/>
                <label>{tr!(lang, "每题分值（固定试题时）", "Points per question (fixed questions)")}
                    <input type="number" name="points_each" value="2" min="1" max="100"/>
                </label>
                <fieldset class="wide question-picker">
                    <legend>{tr!(lang, "选择试题（固定试题时）", "Choose questions (fixed questions)")}</legend>
                    <Suspense fallback=|| "…">
                        {move || Suspend::new(async move {
                            // Short answers wait for hand marking (the grading issue); papers are objective for now.
                            questions.await.map(|list| list.rows.into_iter().filter(|q| q.kind.is_objective()).map(|q| view! {
                                <label class="check">
                                    <input type="checkbox" name=format!("question_ids[{}]", q.id) value=q.id.to_string()/>
                                    <span>{format!("#{} {} · {} · ", q.id, lang.pick(q.kind.label_zh(), q.kind.label_en()), q.citation)}{q.stem}</span>
                                </label>
                            }).collect_view()).unwrap_or_default()
                        })}
                    </Suspense>
                </fieldset>
                <div class="wide">
                    <FormError error=Signal::derive(move || create.value().get().and_then(Result::err))/>
                    <button type="submit" class="primary">{tr!(lang, "创建考试场次", "Create sitting")}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// The blueprint rows of the sitting form, prefilled with the published pattern: 50
/// Constitution questions at 2 points, single choice split by difficulty. Rows without a
/// count are left out.
#[component]
fn BlueprintTable(lang: Lang) -> impl IntoView {
    const ROWS: usize = 6;
    let defaults: [(&str, u8, u8, &str); 4] = [
        ("single_choice", 1, 2, "10"),
        ("single_choice", 3, 5, "10"),
        ("multiple_choice", 1, 5, "10"),
        ("true_false", 1, 5, "20"),
    ];
    let levels = |selected: u8| {
        (1..=5u8)
            .map(|d| view! { <option value=d.to_string() selected=d == selected>{d}</option> })
            .collect_view()
    };
    view! {
        <fieldset class="wide blueprint" data-testid="blueprint">
            <legend>{tr!(lang, "组卷规则（随机组卷时）", "Blueprint (drawn papers)")}</legend>
            <p class="hint">{tr!(lang, "每行从所选题库和法律中按难度抽题；题型、范围和分值相同而难度不同的相邻行合为一个部分，使每份试卷难度构成相同。开考前按题库逐项核对，题量不足时指出缺口。", "Each row draws questions of a type from the chosen bank and law within a difficulty range; adjacent rows that differ only in difficulty make one section, so every paper has the same difficulty make-up. The bank is checked row by row when the sitting is created.")}</p>
            <table class="grid">
                <thead><tr>
                    <th>{tr!(lang, "题型", "Type")}</th>
                    <th>{tr!(lang, "题库", "Bank")}</th>
                    <th>{tr!(lang, "法律", "Law")}</th>
                    <th>{tr!(lang, "难度", "Difficulty")}</th>
                    <th>{tr!(lang, "题数", "Questions")}</th>
                    <th>{tr!(lang, "每题分值", "Points each")}</th>
                </tr></thead>
                <tbody>
                    {(0..ROWS).map(|n| {
                        let (kind, min, max, count) = defaults.get(n).copied().unwrap_or(("single_choice", 1, 5, ""));
                        let line = n + 1;
                        let label = move |zh: &str, en: &str| lang.pick(format!("第{line}行{zh}"), format!("Row {line} {en}"));
                        view! {
                            <tr>
                                <td><select name=format!("row_kind[{n}]") aria-label=label("题型", "type")>
                                    {QuestionKind::ALL.into_iter().filter(|k| k.is_objective()).map(|k| view! { <option value=k.as_str() selected=k.as_str() == kind>{lang.pick(k.label_zh(), k.label_en())}</option> }).collect_view()}
                                </select></td>
                                <td><select name=format!("row_bank[{n}]") aria-label=label("题库", "bank")>
                                    <option value="">{tr!(lang, "全部", "Any")}</option>
                                    {Bank::ALL.into_iter().map(|b| view! { <option value=b.as_str()>{lang.pick(b.label_zh(), b.label_en())}</option> }).collect_view()}
                                </select></td>
                                <td><select name=format!("row_law[{n}]") aria-label=label("法律", "law")>
                                    <option value="">{tr!(lang, "全部", "Any")}</option>
                                    {LAWS.iter().map(|l| view! { <option value=l.id selected=l.id == "constitution">{l.name}</option> }).collect_view()}
                                </select></td>
                                <td class="nowrap">
                                    <select name=format!("row_min[{n}]") aria-label=label("难度下限", "lowest difficulty")>{levels(min)}</select>
                                    " – "
                                    <select name=format!("row_max[{n}]") aria-label=label("难度上限", "highest difficulty")>{levels(max)}</select>
                                </td>
                                <td><input type="number" class="narrow" min="0" max="200" name=format!("row_count[{n}]") value=count aria-label=label("题数", "questions")/></td>
                                <td><input type="number" class="narrow" min="1" max="100" name=format!("row_points[{n}]") value="2" aria-label=label("每题分值", "points each")/></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <label class="inline">{tr!(lang, "试卷总分", "Paper total")}
                <input type="number" class="narrow" name="expected_total" value="100" min="1"/>
            </label>
        </fieldset>
    }
}

/// One sitting: its rules, the issued ticket (once), enrolment and candidates with scores.
#[component]
pub fn SittingPage() -> impl IntoView {
    let lang = use_lang();
    let enrol = ServerAction::<EnrolCandidate>::new();
    let reissue = ServerAction::<ReissueAccessCode>::new();
    let sitting_id = use_id_param();
    let detail = Resource::new(
        move || (sitting_id(), enrol.version().get(), reissue.version().get()),
        |(id, _, _)| get_sitting(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Err(e) => view! { <section class="page"><ErrorNotice error=e/></section> }.into_any(),
                    Ok(detail) => view! { <SittingView detail enrol reissue/> }.into_any(),
                }
            })}
        </Suspense>
        {move || {
            let errors = [enrol.value().get(), reissue.value().get()];
            errors.into_iter().flatten().find_map(Result::err).map(|e| view! { <div class="page"><div class="notice error" role="alert" data-testid="form-error">{e.message(lang)}</div></div> })
        }}
    }
}

#[component]
fn SittingView(
    detail: SittingDetail,
    enrol: ServerAction<EnrolCandidate>,
    reissue: ServerAction<ReissueAccessCode>,
) -> impl IntoView {
    let lang = use_lang();
    let s = detail.summary;
    let sitting_id = s.id;
    view! {
        <Page title=s.title.clone()>
            <dl class="facts">
                <dt>{tr!(lang, "所属", "Jurisdiction")}</dt><dd>{s.jurisdiction_name}</dd>
                <dt>{tr!(lang, "考场", "Venue")}</dt><dd>{s.venue}</dd>
                <dt>{tr!(lang, "考试时间", "Window")}</dt><dd>{format!("{} – {}", format_cst(s.opens_at), format_cst(s.closes_at))}</dd>
                <dt>{tr!(lang, "考试时长", "Duration")}</dt><dd>{format!("{} {}", s.duration_minutes, tr!(lang, "分钟", "minutes"))}</dd>
                <dt>{tr!(lang, "试题 / 总分 / 及格分", "Questions / total / pass mark")}</dt><dd>{format!("{} / {} / {}", s.question_count, s.total_points, s.pass_mark)}</dd>
                <dt>{tr!(lang, "迟到限制", "Late entry")}</dt><dd data-testid="late-entry">{match s.late_entry_minutes {
                    Some(m) => lang.pick(format!("开考{m}分钟后不得入场"), format!("no entry more than {m} minutes after the opening")),
                    None => tr!(lang, "不限", "no limit").to_owned(),
                }}</dd>
            </dl>
            {detail.issued.map(|t| view! { <IssuedTicketNotice ticket=t/> })}
            <h2>{tr!(lang, "考生", "Candidates")}</h2>
            <div class="toolbar">
                <a class="button secondary" href=format!("/staff/sittings/{sitting_id}/roster")>{tr!(lang, "从Excel名单导入考生", "Enrol from an Excel roster")}</a>
                <a class="button secondary" href=format!("/staff/sittings/{sitting_id}/sign-in")>{tr!(lang, "打印签到表", "Print the sign-in sheet")}</a>
            </div>
            <CandidateTable rows=detail.candidates reissue lang/>
            <details class="card" open>
                <summary>{tr!(lang, "报名考生", "Enrol a candidate")}</summary>
                <ActionForm action=enrol attr:class="form-grid" attr:data-testid="enrol-form">
                    <input type="hidden" name="sitting_id" value=sitting_id.to_string()/>
                    <label>{tr!(lang, "姓名", "Name")}<input type="text" name="name" required/></label>
                    <label>{tr!(lang, "身份证号码", "ID-card number")}<input type="text" name="id_card" required maxlength="18"/></label>
                    <div class="wide"><button type="submit" class="primary">{tr!(lang, "报名并生成准考证", "Enrol and issue ticket")}</button></div>
                </ActionForm>
            </details>
            {match detail.drawn {
                Some(drawn) => view! { <DrawnPaper drawn lang/> }.into_any(),
                None => view! {
                    <h2>{tr!(lang, "试题", "Questions")}</h2>
                    <ol class="paper-list">
                        {detail.questions.into_iter().map(|q| view! {
                            <li>{format!("[{} · {}{}] ", lang.pick(q.kind.label_zh(), q.kind.label_en()), q.points, tr!(lang, "分", " pt"))}{q.stem}</li>
                        }).collect_view()}
                    </ol>
                }.into_any(),
            }}
        </Page>
    }
}

/// A drawn sitting's blueprint, part by part with the pool it draws from, and how close
/// in difficulty its papers are.
#[component]
fn DrawnPaper(drawn: DrawnView, lang: Lang) -> impl IntoView {
    let spread = move |label: &'static str, s: Option<SpreadView>| {
        s.map(|s| view! {
            <dt>{label}</dt>
            <dd>{lang.pick(
                format!("{}份：平均难度 {}，最低 {}，最高 {}，标准差 {}", s.papers, s.mean, s.min, s.max, s.std_dev),
                format!("{} papers: mean difficulty {}, lowest {}, highest {}, standard deviation {}", s.papers, s.mean, s.min, s.max, s.std_dev),
            )}</dd>
        })
    };
    view! {
        <h2>{tr!(lang, "组卷规则（每位考生一份随机试卷）", "Blueprint (a paper drawn for each candidate)")}</h2>
        <table class="grid" data-testid="blueprint-sections">
            <thead><tr>
                <th>{tr!(lang, "部分", "Section")}</th>
                <th>{tr!(lang, "题型", "Type")}</th>
                <th>{tr!(lang, "范围", "Drawn from")}</th>
                <th>{tr!(lang, "难度与题数", "Difficulty and count")}</th>
                <th>{tr!(lang, "每题分值", "Points each")}</th>
                <th>{tr!(lang, "可抽试题", "Pool")}</th>
            </tr></thead>
            <tbody>
                {drawn.sections.into_iter().enumerate().map(|(i, section)| {
                    let laws = if section.laws.is_empty() { tr!(lang, "全部法律", "every law").to_owned() } else { section.laws.join("、") };
                    let banks = if section.banks_zh.is_empty() { tr!(lang, "全部题库", "every bank").to_owned() } else { lang.pick(section.banks_zh.join("、"), section.banks_en.join(", ")) };
                    let strata = section.strata.iter().map(|(zh, en, n)| {
                        let band = lang.pick(zh.clone(), en.clone());
                        let band = if band.is_empty() { tr!(lang, "不限难度", "any difficulty").to_owned() } else { band };
                        format!("{band} × {n}")
                    }).collect::<Vec<_>>().join(tr!(lang, "；", "; "));
                    view! {
                        <tr>
                            <td>{i + 1}</td>
                            <td class="nowrap">{lang.pick(section.kind.label_zh(), section.kind.label_en())}</td>
                            <td>{format!("{laws} · {banks}")}</td>
                            <td>{strata}</td>
                            <td>{section.points_each}</td>
                            <td>{section.pool}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <dl class="facts" data-testid="paper-spread">
            {spread(tr!(lang, "已抽取的试卷", "Papers drawn"), drawn.drawn)}
            {spread(tr!(lang, "模拟抽取", "Simulated draws"), drawn.simulated)}
        </dl>
    }
}

#[component]
fn IssuedTicketNotice(ticket: IssuedTicket) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="notice ticket" role="status" data-testid="issued-ticket">
            <p><strong>{tr!(lang, "准考证已生成。访问码只显示这一次，请抄录或打印后交给考生本人。", "Ticket issued. The access code is shown only this once: copy or print it for the candidate.")}</strong></p>
            <p>
                {tr!(lang, "考生：", "Candidate: ")}{ticket.name}
                " · "{tr!(lang, "准考证号：", "Ticket: ")}<span class="mono" data-testid="ticket-number">{ticket.ticket_number}</span>
                " · "{tr!(lang, "访问码：", "Access code: ")}<span class="mono big" data-testid="access-code">{ticket.access_code}</span>
            </p>
        </div>
    }
}

#[component]
fn CandidateTable(
    rows: Vec<CandidateRow>,
    reissue: ServerAction<ReissueAccessCode>,
    lang: Lang,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{tr!(lang, "尚未报名考生。", "No candidates enrolled yet.")}</p> }.into_any();
    }
    view! {
        <table class="grid" data-testid="candidate-table">
            <thead><tr>
                <th>{tr!(lang, "准考证号", "Ticket")}</th>
                <th>{tr!(lang, "姓名", "Name")}</th>
                <th>{tr!(lang, "身份证号码", "ID card")}</th>
                <th>{tr!(lang, "状态", "Status")}</th>
                <th>{tr!(lang, "已答", "Answered")}</th>
                <th>{tr!(lang, "成绩", "Score")}</th>
                <th class="no-print">{tr!(lang, "访问码", "Access code")}</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|c| {
                    let (status, class) = status_label(c.status, lang);
                    view! {
                        <tr data-testid="candidate-row">
                            <td class="mono">{c.ticket_number}</td>
                            <td>{c.name}</td>
                            <td class="mono">{c.id_card_masked}</td>
                            <td><span class=format!("badge {class}")>{status}</span></td>
                            <td>{c.answered}</td>
                            <td data-testid="score">{match (c.score, c.passed) {
                                (Some(score), Some(passed)) => format!("{score}（{}）", if passed { tr!(lang, "合格", "pass") } else { tr!(lang, "不合格", "fail") }),
                                _ => "—".to_owned(),
                            }}</td>
                            <td class="no-print">
                                <ActionForm action=reissue attr:class="inline-form">
                                    <input type="hidden" name="candidate_id" value=c.id.to_string()/>
                                    <input type="text" name="reason" required placeholder=tr!(lang, "原因", "Reason") aria-label=tr!(lang, "重新发放原因", "Reason for a new code")/>
                                    <button type="submit" class="secondary">{tr!(lang, "重新发放", "New code")}</button>
                                </ActionForm>
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

fn status_label(status: CandidateStatus, lang: Lang) -> (&'static str, &'static str) {
    match status {
        CandidateStatus::NotStarted => (tr!(lang, "未开始", "Not started"), "muted"),
        CandidateStatus::InProgress => (tr!(lang, "答题中", "In progress"), "live"),
        CandidateStatus::Submitted => (tr!(lang, "已交卷", "Submitted"), "done"),
        CandidateStatus::TimedOut => (tr!(lang, "到时交卷", "Timed out"), "done"),
    }
}
