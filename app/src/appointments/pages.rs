//! 任免 pages: the nominations list (with import and enrolment into a sitting), a
//! nomination's page with each step's form, the printable appointment certificate (任命书),
//! meetings and the meeting board, oath ceremonies with deadline warnings, the yearly
//! statistics (print and Excel), and a person's timeline.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use question_bank::appointments::appointment::{
    certificate_text, ExamStanding, ExemptionGround, GateOk, OathForm, OathStatus, OathTextVersion,
    ReportForm, Statement,
};
use question_bank::appointments::nomination::NominationStatus;
use question_bank::exam::clock::{format_cst, format_cst_date};
use question_bank::exam::lifecycle::SittingState;

use super::api::{
    get_board, get_nomination, get_timeline, get_year_report, list_meetings, list_nominations,
    list_oaths, AddReport, CreateMeeting, CreateNomination, EnrolNominees, NominationStep,
    RecordOath,
};
use super::{
    lacks, stats_columns, GateView, MeetingView, NominationDetail, NominationRow, YearReport,
};
use crate::components::{use_id_param, FormError, IfLoaded, Loaded, Page, PrintButton};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::sittings::api::list_sittings;
use crate::tr;

/// The links between the appointment pages.
#[component]
fn AppointmentsNav(lang: Lang) -> impl IntoView {
    view! {
        <p class="toolbar no-print">
            <a href="/staff/nominations">{tr!(lang, "提请任命", "Nominations")}</a>
            " · "
            <a href="/staff/meetings">{tr!(lang, "常委会会议", "Meetings")}</a>
            " · "
            <a href="/staff/oaths">{tr!(lang, "宪法宣誓", "Oaths")}</a>
            " · "
            <a href="/staff/appointment-stats">{tr!(lang, "年度统计", "Yearly statistics")}</a>
        </p>
    }
}

/// The exam gate as a badge: through (by a pass or an exemption) or why not.
#[component]
fn GateBadge(gate: GateView, lang: Lang) -> impl IntoView {
    match gate {
        GateView::Open(GateOk::Passed {
            valid_until,
            specialist_exempt,
        }) => view! {
            <span class="badge ok" data-testid="gate">
                {lang
                    .pick(
                        format!(
                            "考试合格，有效至{}{}",
                            format_cst_date(valid_until),
                            if specialist_exempt.is_some() {
                                "（专业部分免考）"
                            } else {
                                ""
                            },
                        ),
                        format!(
                            "Passed, valid until {}{}",
                            format_cst_date(valid_until),
                            if specialist_exempt.is_some() {
                                " (specialist part exempt)"
                            } else {
                                ""
                            },
                        ),
                    )}
            </span>
        }
        .into_any(),
        GateView::Open(GateOk::Exempted { ground }) => view! {
            <span class="badge ok" data-testid="gate">
                {lang
                    .pick(
                        format!("免考：{}", ground.label_zh()),
                        format!("Exempt: {}", ground.label_en()),
                    )}
            </span>
        }
        .into_any(),
        GateView::Closed { zh, en } => view! {
            <span class="badge warn long" data-testid="gate">
                {lang.pick(zh, en)}
            </span>
        }
        .into_any(),
    }
}

fn status_badge(status: NominationStatus, lang: Lang) -> impl IntoView {
    let class = match status {
        NominationStatus::Appointed => "badge ok",
        NominationStatus::NotAppointed | NominationStatus::Withdrawn => "badge warn",
        _ => "badge",
    };
    view! {
        <span class=class data-testid="nomination-status">
            {lang.pick(status.label_zh(), status.label_en())}
        </span>
    }
}

fn oath_text(oath: &Option<(OathStatus, String)>, lang: Lang) -> (String, &'static str) {
    match oath {
        None => ("—".into(), ""),
        Some((OathStatus::Sworn { on_time }, _)) => (
            lang.pick(
                if *on_time {
                    "已宣誓"
                } else {
                    "已宣誓（逾期）"
                },
                if *on_time { "Sworn" } else { "Sworn (late)" },
            )
            .to_owned(),
            "badge ok",
        ),
        Some((OathStatus::Pending { days_left }, due)) => (
            lang.pick(
                format!("待宣誓，应于{due}前（剩{days_left}天）"),
                format!("To swear by {due} ({days_left} days left)"),
            ),
            "badge",
        ),
        Some((OathStatus::Overdue { days_late }, due)) => (
            lang.pick(
                format!("逾期未宣誓：应于{due}前，已逾期{days_late}天"),
                format!("Oath overdue: due {due}, {days_late} days late"),
            ),
            "badge warn",
        ),
    }
}

/// 提请任命: the list, the form, the import, and enrolment of ticked nominees into a sitting.
#[component]
pub fn NominationsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let all = move || query.read().get("all").is_some();
    let create = ServerAction::<CreateNomination>::new();
    let enrol = ServerAction::<EnrolNominees>::new();
    let rows = resource(
        move || (all(), create.version().get()),
        |(all, _)| list_nominations(all),
    );
    let meetings = resource(|| (), |_| list_meetings());
    let sittings = resource(|| (), |_| list_sittings());
    view! {
        <Page title=tr!(lang, "提请任命", "Nominations")>
            <AppointmentsNav lang />
            <details class="card">
                <summary>{tr!(lang, "登记提请任命", "Record a nomination")}</summary>
                <ActionForm action=create attr:class="form-grid" attr:data-testid="nomination-form">
                    <label>
                        {tr!(lang, "姓名", "Name")}<input type="text" name="name" required />
                    </label>
                    <label>
                        {tr!(lang, "身份证号码", "ID-card number")}
                        <input type="text" name="id_card" required maxlength="18" />
                    </label>
                    <label class="wide">
                        {tr!(lang, "现工作单位及职务", "Current post")}
                        <input type="text" name="current_post" />
                    </label>
                    <label class="wide">
                        {tr!(lang, "拟任职务", "Proposed post")}
                        <input type="text" name="post" required />
                    </label>
                    <label>
                        {tr!(lang, "提请机关", "Nominating body")}
                        <select name="body">
                            {question_bank::appointments::appointment::NominatingBody::ALL
                                .iter()
                                .map(|b| {
                                    view! {
                                        <option value=b
                                            .as_str()>{lang.pick(b.label_zh(), b.label_en())}</option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        {tr!(lang, "提请文号", "Document number")}
                        <input
                            type="text"
                            name="document_number"
                            required
                            placeholder="江府文〔2026〕12号"
                        />
                    </label>
                    <label class="wide">
                        {tr!(
                            lang, "拟提请会议（可稍后选择）", "Meeting (may be chosen later)"
                        )} <select name="meeting_id">
                            <option value="">{tr!(lang, "暂不选择", "Not yet")}</option>
                            <IfLoaded resource=meetings let:meetings>
                                {meetings
                                    .into_iter()
                                    .map(|m| {
                                        view! {
                                            <option value=m
                                                .id
                                                .to_string()>
                                                {format!("{} · {}", format_cst_date(m.held_on), m.title)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </IfLoaded>
                        </select>
                    </label>
                    <label class="wide">
                        {tr!(lang, "备注", "Note")}<input type="text" name="note" />
                    </label>
                    <div class="wide">
                        <FormError error=Signal::derive(move || {
                            create.value().get().and_then(Result::err)
                        }) />
                        <button type="submit" class="primary">
                            {tr!(lang, "登记", "Record")}
                        </button>
                    </div>
                </ActionForm>
            </details>
            <details class="card">
                <summary>
                    {tr!(
                        lang, "从Excel导入提请任命名单", "Import a nomination list from Excel"
                    )}
                </summary>
                <p>
                    {tr!(
                        lang, "每行一人：姓名、身份证号码、拟任职务、提请机关、提请文号必填。有任何一行有误，本次不登记任何一条，并逐行说明原因。", "One nominee a row: name, ID-card number, proposed post, nominating body and document number required. If any row is wrong, nothing is recorded and every row's reason is listed."
                    )} " "<a href="/staff/nominations/template.xlsx" download rel="external">
                        {tr!(lang, "下载模板（Excel）", "Download the template (Excel)")}
                    </a>
                </p>
                <form
                    method="post"
                    action="/staff/nominations/import"
                    enctype="multipart/form-data"
                    class="upload"
                    data-testid="nomination-import"
                >
                    <label>
                        {tr!(lang, "选择文件", "File")}
                        <input type="file" name="file" accept=".xlsx,.csv" required />
                    </label>
                    <button type="submit" class="primary">
                        {tr!(lang, "上传并登记", "Upload and record")}
                    </button>
                </form>
            </details>
            <super::import::ImportNotice lang />
            <p class="toolbar">
                {move || {
                    if all() {
                        view! {
                            <a href="/staff/nominations">
                                {tr!(lang, "只看办理中的", "Open ones only")}
                            </a>
                        }
                            .into_any()
                    } else {
                        view! {
                            <a href="/staff/nominations?all=1">
                                {tr!(
                                    lang, "显示全部（含已任命、未通过、暂缓、撤回）", "Show all (appointed, not appointed, deferred, withdrawn too)"
                                )}
                            </a>
                        }
                            .into_any()
                    }
                }}
            </p>
            <ActionForm action=enrol attr:data-testid="enrol-nominees">
                <Loaded resource=rows let:value>
                    {match value {
                        rows if rows.is_empty() => {
                            view! {
                                <p data-testid="no-nominations">
                                    {tr!(lang, "暂无提请任命。", "No nominations.")}
                                </p>
                            }
                                .into_any()
                        }
                        rows => view! { <NominationTable rows lang /> }.into_any(),
                    }}
                </Loaded>
                <div class="inline-form card">
                    <label>
                        {tr!(lang, "报名参加考试场次", "Enrol the ticked nominees in")}
                        <select name="sitting_id">
                            <IfLoaded resource=sittings let:sittings>
                                {sittings
                                    .into_iter()
                                    .filter(|s| {
                                        matches!(
                                            s.state,
                                            SittingState::Draft
                                            | SittingState::Scheduled
                                            | SittingState::Open
                                        )
                                    })
                                    .map(|s| {
                                        view! {
                                            <option value=s
                                                .id
                                                .to_string()>
                                                {format!("{} · {}", format_cst(s.opens_at), s.title)}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </IfLoaded>
                        </select>
                    </label>
                    <button type="submit">
                        {tr!(lang, "报名并生成准考证", "Enrol and issue tickets")}
                    </button>
                    <FormError error=Signal::derive(move || {
                        enrol.value().get().and_then(Result::err)
                    }) />
                </div>
            </ActionForm>
        </Page>
    }
}

#[component]
fn NominationTable(rows: Vec<NominationRow>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid" data-testid="nominations">
            <thead>
                <tr>
                    <th>{tr!(lang, "选择", "Pick")}</th>
                    <th>{tr!(lang, "姓名", "Name")}</th>
                    <th>{tr!(lang, "拟任职务", "Proposed post")}</th>
                    <th>{tr!(lang, "提请机关", "Body")}</th>
                    <th>{tr!(lang, "提请文号", "Document")}</th>
                    <th>{tr!(lang, "会议日期", "Meeting")}</th>
                    <th>{tr!(lang, "状态", "Status")}</th>
                    <th>{tr!(lang, "任前考试", "Exam")}</th>
                    <th></th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <td>
                                    <input
                                        type="checkbox"
                                        name=format!("ids[{}]", r.id)
                                        value=r.id.to_string()
                                        aria-label=format!(
                                            "{} {}",
                                            tr!(lang, "选择", "Pick"),
                                            r.name,
                                        )
                                    />
                                </td>
                                <td>
                                    <a href=format!(
                                        "/staff/people/{}",
                                        r.person_id,
                                    )>{r.name.clone()}</a>
                                </td>
                                <td>{r.post.clone()}</td>
                                <td>{lang.pick(r.body.label_zh(), r.body.label_en())}</td>
                                <td class="nowrap">{r.document_number.clone()}</td>
                                <td class="nowrap">
                                    {r
                                        .meeting
                                        .as_ref()
                                        .map(|m| {
                                            view! {
                                                <a
                                                    href=format!("/staff/meetings/{}", m.id)
                                                    title=m.title.clone()
                                                >
                                                    {format_cst_date(m.held_on)}
                                                </a>
                                            }
                                        })}
                                </td>
                                <td class="nowrap">{status_badge(r.status, lang)}</td>
                                <td>
                                    <GateBadge gate=r.gate.clone() lang />
                                </td>
                                <td>
                                    <a href=format!(
                                        "/staff/nominations/{}",
                                        r.id,
                                    )>{tr!(lang, "办理", "Open")}</a>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// One nomination: its facts, the exam gate, and the form of each step its status allows.
#[component]
pub fn NominationPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let step = ServerAction::<NominationStep>::new();
    let report = ServerAction::<AddReport>::new();
    let detail = resource(
        move || (id(), step.version().get(), report.version().get()),
        |(id, _, _)| get_nomination(id),
    );
    view! {
        <Loaded resource=detail page=true let:d>
            <Nomination d step report lang />
        </Loaded>
    }
}

fn standing_text(s: ExamStanding, lang: Lang) -> String {
    match s {
        ExamStanding::Passed { valid_until } => lang.pick(
            format!("考试合格，合格记录有效至{}", format_cst_date(valid_until)),
            format!(
                "Passed; the pass counts until {}",
                format_cst_date(valid_until)
            ),
        ),
        ExamStanding::PassExpired { expired_at } => lang.pick(
            format!("合格记录已于{}失效", format_cst_date(expired_at)),
            format!("The pass lapsed on {}", format_cst_date(expired_at)),
        ),
        ExamStanding::NotYetSat => tr!(
            lang,
            "尚未参加考试（或成绩未发布）",
            "Not yet sat (or no result published)"
        )
        .to_owned(),
        ExamStanding::RetakeAllowed { failures, left } => lang.pick(
            format!("不及格{failures}次，尚可补考{left}次"),
            format!("Failed {failures} time(s); {left} retake(s) left"),
        ),
        ExamStanding::RetakesExhausted { failures } => lang.pick(
            format!("不及格{failures}次，已无补考机会"),
            format!("Failed {failures} times; no retake left"),
        ),
    }
}

#[component]
fn Nomination(
    d: NominationDetail,
    step: ServerAction<NominationStep>,
    report: ServerAction<AddReport>,
    lang: Lang,
) -> impl IntoView {
    let r = d.row.clone();
    let title = lang.pick(
        format!("{} · 拟任{}", r.name, r.post),
        format!("{} · {}", r.name, r.post),
    );
    let status = r.status;
    let (oath_label, oath_class) = oath_text(&r.oath, lang);
    view! {
        <Title text=title.clone() />
        <section class="page" data-testid="nomination">
            <h1>{title}</h1>
            <AppointmentsNav lang />
            <dl class="facts">
                <dt>{tr!(lang, "状态", "Status")}</dt>
                <dd>{status_badge(status, lang)}</dd>
                <dt>{tr!(lang, "现工作单位及职务", "Current post")}</dt>
                <dd>{r.current_post.clone()}</dd>
                <dt>{tr!(lang, "提请机关", "Nominating body")}</dt>
                <dd>
                    {format!(
                        "{} · {}",
                        d.jurisdiction_name,
                        lang.pick(r.body.label_zh(), r.body.label_en()),
                    )}
                </dd>
                <dt>{tr!(lang, "提请文号", "Document")}</dt>
                <dd>{r.document_number.clone()}</dd>
                <dt>{tr!(lang, "会议", "Meeting")}</dt>
                <dd>
                    {r
                        .meeting
                        .as_ref()
                        .map(|m| {
                            view! {
                                <a href=format!(
                                    "/staff/meetings/{}",
                                    m.id,
                                )>{format!("{}（{}）", m.title, format_cst_date(m.held_on))}</a>
                            }
                        })}
                </dd>
                <dt>{tr!(lang, "表态发言", "Statement")}</dt>
                <dd data-testid="statement">
                    {r.statement.map(|s| lang.pick(s.label_zh(), s.label_en())).unwrap_or("—")}
                </dd>
                <dt>{tr!(lang, "表决", "Vote")}</dt>
                <dd data-testid="vote">
                    {d
                        .vote
                        .map(|v| {
                            lang.pick(
                                format!(
                                    "赞成{}票、反对{}票、弃权{}票（组成人员{}人）",
                                    v.for_,
                                    v.against,
                                    v.abstain,
                                    v.members,
                                ),
                                format!(
                                    "{} for, {} against, {} abstaining ({} members)",
                                    v.for_,
                                    v.against,
                                    v.abstain,
                                    v.members,
                                ),
                            )
                        })
                        .unwrap_or_else(|| "—".into())}
                </dd>
                <dt>{tr!(lang, "任命日期", "Appointed on")}</dt>
                <dd>{r.appointed_on.map(format_cst_date).unwrap_or_else(|| "—".into())}</dd>
                <dt>{tr!(lang, "任命书", "Certificate")}</dt>
                <dd>
                    {r
                        .certificate_number
                        .clone()
                        .map(|n| {
                            view! {
                                <span data-testid="certificate-number">{n}</span>
                                " "
                                <a
                                    href=format!("/staff/nominations/{}/certificate", r.id)
                                    data-testid="print-certificate"
                                >
                                    {tr!(lang, "打印任命书", "Print the certificate")}
                                </a>
                            }
                        })}
                </dd>
                <dt>{tr!(lang, "宪法宣誓", "Oath")}</dt>
                <dd>
                    <span class=oath_class data-testid="oath-status">
                        {oath_label}
                    </span>
                </dd>
                <dt>{tr!(lang, "备注", "Note")}</dt>
                <dd>{d.note.clone()}</dd>
                <dt>{tr!(lang, "拟任命人员", "Person")}</dt>
                <dd>
                    <a href=format!(
                        "/staff/people/{}",
                        r.person_id,
                    )>{tr!(lang, "考试与任免记录", "Exam and appointment timeline")}</a>
                </dd>
            </dl>
            <h2>{tr!(lang, "任前法律知识考试", "Pre-appointment exam")}</h2>
            <p>
                <GateBadge gate=r.gate.clone() lang />
                " "
                <span class="muted">{standing_text(d.standing, lang)}</span>
            </p>
            {d
                .exemption
                .clone()
                .map(|e| {
                    view! {
                        <p data-testid="exemption">
                            {lang
                                .pick(
                                    format!(
                                        "免考：{}；依据：{}；批准人：{}",
                                        e.ground.label_zh(),
                                        e.basis,
                                        e.approver,
                                    ),
                                    format!(
                                        "Exemption: {}; basis: {}; approved by {}",
                                        e.ground.label_en(),
                                        e.basis,
                                        e.approver,
                                    ),
                                )}
                        </p>
                    }
                })}
            <table class="grid">
                <thead>
                    <tr>
                        <th>{tr!(lang, "考试场次", "Sitting")}</th>
                        <th>{tr!(lang, "交卷时间", "Handed in")}</th>
                        <th>{tr!(lang, "成绩", "Score")}</th>
                        <th>{tr!(lang, "结果", "Result")}</th>
                    </tr>
                </thead>
                <tbody>
                    {d
                        .attempts
                        .iter()
                        .map(|a| {
                            view! {
                                <tr>
                                    <td>
                                        <a href=format!(
                                            "/staff/sittings/{}",
                                            a.sitting_id,
                                        )>{a.sitting_title.clone()}</a>
                                    </td>
                                    <td class="nowrap">{format_cst(a.finished_at)}</td>
                                    <td>
                                        {a
                                            .score
                                            .map_or_else(
                                                || tr!(lang, "未发布", "not published").to_owned(),
                                                |s| s.to_string(),
                                            )}
                                    </td>
                                    <td>
                                        {a
                                            .passed
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
            <FormError error=Signal::derive(move || step.value().get().and_then(Result::err)) />
            {matches!(status, NominationStatus::Nominated | NominationStatus::Deferred)
                .then(|| view! { <AgendaSteps d=d.clone() step lang /> })}
            {(status == NominationStatus::OnAgenda)
                .then(|| view! { <MeetingSteps d=d.clone() step lang /> })}
            {status.is_open().then(|| view! { <WithdrawStep id=d.row.id step lang /> })}
            {(status == NominationStatus::Appointed)
                .then(|| view! { <AppointedSteps d=d.clone() step report lang /> })}
        </section>
    }
}

#[component]
fn AgendaSteps(
    d: NominationDetail,
    step: ServerAction<NominationStep>,
    lang: Lang,
) -> impl IntoView {
    let (r, id) = (d.row.clone(), d.row.id);
    view! {
        <div class="card">
            <h3>{tr!(lang, "列入会议议程", "Put on a meeting's agenda")}</h3>
            <p class="hint">
                {tr!(
                    lang, "须有有效的考试合格记录或完整的免考记录，系统在列入时再次核验。", "Needs a valid pass record or a complete exemption; checked again when it is put on."
                )}
            </p>
            <ActionForm action=step attr:class="inline-form" attr:data-testid="agenda-form">
                <input type="hidden" name="nomination_id" value=id.to_string() />
                <input type="hidden" name="step" value="agenda" />
                <label>
                    {tr!(lang, "会议", "Meeting")}
                    <select name="meeting_id">
                        {d
                            .meetings
                            .iter()
                            .map(|m| {
                                view! {
                                    <option
                                        value=m.id.to_string()
                                        selected=r.meeting.as_ref().is_some_and(|x| x.id == m.id)
                                    >
                                        {format!("{} · {}", format_cst_date(m.held_on), m.title)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" class="primary">
                    {tr!(lang, "列入议程", "Put on the agenda")}
                </button>
            </ActionForm>
        </div>
        <details class="card">
            <summary>
                {tr!(
                    lang, "记录免考（须写明依据和批准人）", "Record an exemption (basis and approver required)"
                )}
            </summary>
            <ActionForm action=step attr:class="form-grid" attr:data-testid="exemption-form">
                <input type="hidden" name="nomination_id" value=id.to_string() />
                <input type="hidden" name="step" value="exemption" />
                <label class="wide">
                    {tr!(lang, "免考情形", "Ground")}
                    <select name="ground">
                        {ExemptionGround::ALL
                            .iter()
                            .map(|g| {
                                view! {
                                    <option value=g
                                        .as_str()>{lang.pick(g.label_zh(), g.label_en())}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="wide">
                    {tr!(lang, "依据（文件或条款）", "Basis (document or article)")}
                    <input type="text" name="basis" />
                </label>
                <label class="wide">
                    {tr!(lang, "批准人", "Approved by")}<input type="text" name="approver" />
                </label>
                <div class="wide">
                    <button type="submit">
                        {tr!(lang, "记录免考", "Record the exemption")}
                    </button>
                </div>
            </ActionForm>
        </details>
    }
}

#[component]
fn MeetingSteps(
    d: NominationDetail,
    step: ServerAction<NominationStep>,
    lang: Lang,
) -> impl IntoView {
    let (r, id) = (d.row.clone(), d.row.id);
    view! {
        <div class="card">
            <h3>{tr!(lang, "会议审议", "At the meeting")}</h3>
            <ActionForm action=step attr:class="inline-form" attr:data-testid="statement-form">
                <input type="hidden" name="nomination_id" value=id.to_string() />
                <input type="hidden" name="step" value="statement" />
                <label>
                    {tr!(lang, "任前表态发言", "Statement")}
                    <select name="statement">
                        {Statement::ALL
                            .iter()
                            .map(|s| {
                                view! {
                                    <option value=s.as_str() selected=r.statement == Some(*s)>
                                        {lang.pick(s.label_zh(), s.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit">
                    {tr!(lang, "记录表态发言", "Record the statement")}
                </button>
            </ActionForm>
            <ActionForm action=step attr:class="inline-form" attr:data-testid="vote-form">
                <input type="hidden" name="nomination_id" value=id.to_string() />
                <input type="hidden" name="step" value="vote" />
                <label>
                    {tr!(lang, "赞成", "For")}
                    <input type="number" name="votes_for" min="0" required />
                </label>
                <label>
                    {tr!(lang, "反对", "Against")}
                    <input type="number" name="votes_against" min="0" value="0" required />
                </label>
                <label>
                    {tr!(lang, "弃权", "Abstain")}
                    <input type="number" name="votes_abstain" min="0" value="0" required />
                </label>
                <label>
                    {tr!(lang, "组成人员", "Members")}
                    <input
                        type="number"
                        name="members"
                        min="1"
                        value=(d.committee_members > 0).then(|| d.committee_members.to_string())
                        required
                    />
                </label>
                <label>
                    {tr!(lang, "表决日期", "Voted on")}
                    <input
                        type="date"
                        name="appointed_on"
                        value=r.meeting.as_ref().map(|m| format_cst_date(m.held_on))
                        required
                    />
                </label>
                <button type="submit" class="primary">
                    {tr!(lang, "记录表决结果", "Record the vote")}
                </button>
            </ActionForm>
            <p class="hint">
                {tr!(
                    lang, "须获常委会组成人员过半数赞成方为通过（《重庆市人大常委会任免国家机关工作人员条例》第二十二条）。", "Carried only with more than half of all the committee's members for (Chongqing regulation, Art. 22)."
                )}
            </p>
        </div>
    }
}

#[component]
fn WithdrawStep(id: i64, step: ServerAction<NominationStep>, lang: Lang) -> impl IntoView {
    view! {
        <details class="card">
            <summary>{tr!(lang, "暂缓或撤回提请", "Defer or withdraw")}</summary>
            <ActionForm action=step attr:class="inline-form" attr:data-testid="withdraw-form">
                <input type="hidden" name="nomination_id" value=id.to_string() />
                <label class="wide">
                    {tr!(lang, "理由（记入审计日志）", "Reason (audited)")}
                    <input type="text" name="reason" required />
                </label>
                <button type="submit" name="step" value="defer">
                    {tr!(lang, "暂缓提请", "Defer")}
                </button>
                <button type="submit" name="step" value="withdraw">
                    {tr!(lang, "撤回提请", "Withdraw")}
                </button>
            </ActionForm>
        </details>
    }
}

#[component]
fn AppointedSteps(
    d: NominationDetail,
    step: ServerAction<NominationStep>,
    report: ServerAction<AddReport>,
    lang: Lang,
) -> impl IntoView {
    let (r, id) = (d.row.clone(), d.row.id);
    let chair = d.chair_name.clone();
    view! {
        {r
            .certificate_number
            .is_none()
            .then(|| {
                view! {
                    <div class="card">
                        <h3>{tr!(lang, "登记任命书", "Register the certificate")}</h3>
                        <ActionForm
                            action=step
                            attr:class="inline-form"
                            attr:data-testid="certificate-form"
                        >
                            <input type="hidden" name="nomination_id" value=id.to_string() />
                            <input type="hidden" name="step" value="certificate" />
                            <label>
                                {tr!(lang, "任命书编号", "Number")}
                                <input
                                    type="text"
                                    name="number"
                                    required
                                    placeholder="江人常任〔2026〕12号"
                                />
                            </label>
                            <label>
                                {tr!(lang, "署名（常委会主任）", "Signed by (the chair)")}
                                <input type="text" name="signer" value=chair.clone() required />
                            </label>
                            <button type="submit" class="primary">
                                {tr!(lang, "登记", "Register")}
                            </button>
                        </ActionForm>
                    </div>
                }
            })}
        {d
            .oath
            .clone()
            .map(|o| {
                view! {
                    <p data-testid="oath">
                        {lang
                            .pick(
                                format!(
                                    "于{}在{}进行{}{}",
                                    format_cst(o.held_at),
                                    o.place,
                                    o.form.label_zh(),
                                    if o.leader.is_empty() {
                                        String::new()
                                    } else {
                                        format!("，领誓人{}", o.leader)
                                    },
                                ),
                                format!(
                                    "{} on {} at {}{}",
                                    o.form.label_en(),
                                    format_cst(o.held_at),
                                    o.place,
                                    if o.leader.is_empty() {
                                        String::new()
                                    } else {
                                        format!(", led by {}", o.leader)
                                    },
                                ),
                            )}
                    </p>
                }
            })}
        <Reports d=d.clone() report lang />
    }
}

/// 履职报告 and their evaluations, with the form to record one.
#[component]
fn Reports(d: NominationDetail, report: ServerAction<AddReport>, lang: Lang) -> impl IntoView {
    view! {
        <h2>
            {tr!(lang, "履职报告与满意度测评", "Performance reports and evaluations")}
        </h2>
        <table class="grid" data-testid="reports">
            <thead>
                <tr>
                    <th>{tr!(lang, "日期", "Date")}</th>
                    <th>{tr!(lang, "形式", "Form")}</th>
                    <th>{tr!(lang, "会议", "Meeting")}</th>
                    <th>{tr!(lang, "满意", "Satisfied")}</th>
                    <th>{tr!(lang, "基本满意", "Basically")}</th>
                    <th>{tr!(lang, "不满意", "Dissatisfied")}</th>
                    <th>{tr!(lang, "结果", "Result")}</th>
                    <th>{tr!(lang, "后续处理", "Follow-up")}</th>
                </tr>
            </thead>
            <tbody>
                {d
                    .reports
                    .iter()
                    .map(|r| {
                        view! {
                            <tr>
                                <td class="nowrap">{format_cst_date(r.reported_on)}</td>
                                <td>{lang.pick(r.form.label_zh(), r.form.label_en())}</td>
                                <td>{r.meeting.clone()}</td>
                                <td>{r.counts.satisfied}</td>
                                <td>{r.counts.basically_satisfied}</td>
                                <td>{r.counts.dissatisfied}</td>
                                <td>
                                    <span class=if r.result.needs_follow_up() {
                                        "badge warn"
                                    } else {
                                        "badge ok"
                                    }>{lang.pick(r.result.label_zh(), r.result.label_en())}</span>
                                </td>
                                <td>{r.follow_up.clone()}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <details class="card">
            <summary>{tr!(lang, "记录履职报告", "Record a report")}</summary>
            <ActionForm action=report attr:class="form-grid" attr:data-testid="report-form">
                <input type="hidden" name="nomination_id" value=d.row.id.to_string() />
                <label>
                    {tr!(lang, "形式", "Form")}
                    <select name="form">
                        {ReportForm::ALL
                            .iter()
                            .map(|f| {
                                view! {
                                    <option value=f
                                        .as_str()>{lang.pick(f.label_zh(), f.label_en())}</option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {tr!(lang, "日期", "Date")}<input type="date" name="reported_on" required />
                </label>
                <label class="wide">
                    {tr!(lang, "会议", "Meeting")}<input type="text" name="meeting" />
                </label>
                <label>
                    {tr!(lang, "满意票", "Satisfied")}
                    <input type="number" name="satisfied" min="0" required />
                </label>
                <label>
                    {tr!(lang, "基本满意票", "Basically satisfied")}
                    <input type="number" name="basically_satisfied" min="0" required />
                </label>
                <label>
                    {tr!(lang, "不满意票", "Dissatisfied")}
                    <input type="number" name="dissatisfied" min="0" required />
                </label>
                <label>
                    {tr!(lang, "组成人员", "Members")}
                    <input
                        type="number"
                        name="members"
                        min="1"
                        value=(d.committee_members > 0).then(|| d.committee_members.to_string())
                        required
                    />
                </label>
                <label class="wide">
                    {tr!(
                        lang, "后续处理（测评不满意时必填）", "Follow-up (required when dissatisfied)"
                    )}<input type="text" name="follow_up" />
                </label>
                <div class="wide">
                    <FormError error=Signal::derive(move || {
                        report.value().get().and_then(Result::err)
                    }) />
                    <button type="submit">{tr!(lang, "记录", "Record")}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// 任命书: printed on A4 from the registered number, in the chair's name.
#[component]
pub fn CertificatePage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let detail = resource(id, get_nomination);
    view! {
        <Loaded resource=detail page=true let:d>
            {
                let r = d.row;
                let text = certificate_text(
                    &d.jurisdiction_name,
                    r.meeting.as_ref().map_or("", |m| m.title.as_str()),
                    &r.name,
                    &r.post,
                    r.appointed_on,
                );
                view! {
                    <Title text=format!(
                        "{} · {}",
                        tr!(lang, "任命书", "Certificate"),
                        r.name,
                    ) />
                    <section class="page">
                        <p class="no-print toolbar">
                            <a href=format!(
                                "/staff/nominations/{}",
                                r.id,
                            )>{tr!(lang, "← 返回", "← Back")}</a>
                            " · "
                            <PrintButton label=tr!(lang, "打印任命书", "Print") />
                        </p>
                        {match r.certificate_number {
                            None => {
                                view! {
                                    <p class="notice">
                                        {tr!(
                                            lang, "尚未登记任命书编号。", "No certificate registered yet."
                                        )}
                                    </p>
                                }
                                    .into_any()
                            }
                            Some(number) => {
                                view! {
                                    <article class="certificate" data-testid="certificate">
                                        <h1>"任 命 书"</h1>
                                        <p class="certificate-number">{number}</p>
                                        <p class="certificate-body">{text.grounds}</p>
                                        <p class="certificate-body">{text.appointment}</p>
                                        <p class="certificate-sign">
                                            {text.committee}<br />
                                            {format!(
                                                "主任　{}",
                                                d.certificate_signer.unwrap_or_default(),
                                            )}
                                        </p>
                                        <p class="certificate-date">{text.date}</p>
                                        <crate::audit::page::AuditHeadLine />
                                    </article>
                                }
                                    .into_any()
                            }
                        }}
                    </section>
                }
            }
        </Loaded>
    }
}

/// 常委会会议: the list and the form.
#[component]
pub fn MeetingsPage() -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateMeeting>::new();
    let meetings = resource(move || create.version().get(), |_| list_meetings());
    view! {
        <Page title=tr!(lang, "常委会会议", "Standing committee meetings")>
            <AppointmentsNav lang />
            <ActionForm action=create attr:class="inline-form card" attr:data-testid="meeting-form">
                <label class="wide">
                    {tr!(lang, "会议名称", "Meeting")}
                    <input
                        type="text"
                        name="title"
                        required
                        placeholder="第十六届人大常委会第二十三次会议"
                    />
                </label>
                <label>
                    {tr!(lang, "会议日期", "Date")}<input type="date" name="held_on" required />
                </label>
                <button type="submit" class="primary">
                    {tr!(lang, "添加会议", "Add")}
                </button>
                <FormError error=Signal::derive(move || {
                    create.value().get().and_then(Result::err)
                }) />
            </ActionForm>
            <Loaded resource=meetings let:list>
                <table class="grid" data-testid="meetings">
                    <thead>
                        <tr>
                            <th>{tr!(lang, "日期", "Date")}</th>
                            <th>{tr!(lang, "会议", "Meeting")}</th>
                            <th>{tr!(lang, "常委会", "Committee")}</th>
                            <th></th>
                        </tr>
                    </thead>
                    <tbody>
                        {list
                            .into_iter()
                            .map(|m: MeetingView| {
                                view! {
                                    <tr>
                                        <td class="nowrap">{format_cst_date(m.held_on)}</td>
                                        <td>{m.title.clone()}</td>
                                        <td>{m.jurisdiction_name.clone()}</td>
                                        <td>
                                            <a href=format!(
                                                "/staff/meetings/{}",
                                                m.id,
                                            )>{tr!(lang, "议程看板", "Board")}</a>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Loaded>
        </Page>
    }
}

/// The meeting board: each nomination meant for the meeting and what it still lacks.
#[component]
pub fn BoardPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let board = resource(id, get_board);
    view! {
        <Loaded resource=board page=true let:b>
            <Page title=format!("{} · {}", b.meeting.title, tr!(lang, "议程看板", "board"))>
                <AppointmentsNav lang />
                <p>
                    {format!(
                        "{} · {}",
                        format_cst_date(b.meeting.held_on),
                        b.meeting.jurisdiction_name,
                    )}" " <PrintButton label=tr!(lang, "打印", "Print") class="no-print" />
                </p>
                <table class="grid" data-testid="board">
                    <thead>
                        <tr>
                            <th>{tr!(lang, "姓名", "Name")}</th>
                            <th>{tr!(lang, "拟任职务", "Post")}</th>
                            <th>{tr!(lang, "状态", "Status")}</th>
                            <th>{tr!(lang, "任前考试", "Exam")}</th>
                            <th>{tr!(lang, "表态", "Statement")}</th>
                            <th>{tr!(lang, "任命书", "Certificate")}</th>
                            <th>{tr!(lang, "宣誓", "Oath")}</th>
                            <th>{tr!(lang, "尚缺", "Still lacks")}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {b
                            .nominations
                            .into_iter()
                            .map(|r| {
                                let missing = lacks(&r)
                                    .into_iter()
                                    .map(|(zh, en)| lang.pick(zh, en))
                                    .collect::<Vec<_>>()
                                    .join(lang.pick("、", ", "));
                                let (oath, class) = oath_text(&r.oath, lang);
                                view! {
                                    <tr>
                                        <td>
                                            <a href=format!(
                                                "/staff/nominations/{}",
                                                r.id,
                                            )>{r.name.clone()}</a>
                                        </td>
                                        <td>{r.post.clone()}</td>
                                        <td>{status_badge(r.status, lang)}</td>
                                        <td>
                                            <GateBadge gate=r.gate.clone() lang />
                                        </td>
                                        <td>
                                            {r
                                                .statement
                                                .map(|s| lang.pick(s.label_zh(), s.label_en()))
                                                .unwrap_or("—")}
                                        </td>
                                        <td>
                                            {r
                                                .certificate_number
                                                .clone()
                                                .unwrap_or_else(|| "—".into())}
                                        </td>
                                        <td>
                                            <span class=class>{oath}</span>
                                        </td>
                                        <td data-testid="lacks">
                                            {if missing.is_empty() {
                                                tr!(lang, "齐备", "complete").to_owned()
                                            } else {
                                                missing
                                            }}
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </Page>
        </Loaded>
    }
}

/// 宪法宣誓: appointees still to swear (with deadline warnings), the form, and ceremonies.
#[component]
pub fn OathsPage() -> impl IntoView {
    let lang = use_lang();
    let record = ServerAction::<RecordOath>::new();
    let oaths = resource(move || record.version().get(), |_| list_oaths());
    view! {
        <Page title=tr!(lang, "宪法宣誓", "Constitutional oath")>
            <AppointmentsNav lang />
            <Loaded resource=oaths let:data>
                {
                    let (ceremonies, waiting) = data;
                    view! {
                        <h2>{tr!(lang, "待宣誓人员", "Still to swear")}</h2>
                        <ActionForm action=record attr:data-testid="oath-form">
                            <table class="grid" data-testid="waiting">
                                <thead>
                                    <tr>
                                        <th>{tr!(lang, "宣誓", "Swore")}</th>
                                        <th>{tr!(lang, "姓名", "Name")}</th>
                                        <th>{tr!(lang, "任命职务", "Post")}</th>
                                        <th>{tr!(lang, "任命日期", "Appointed")}</th>
                                        <th>{tr!(lang, "期限", "Deadline")}</th>
                                    </tr>
                                </thead>
                                <tbody>
                                    {waiting
                                        .into_iter()
                                        .map(|r| {
                                            let (text, class) = oath_text(&r.oath, lang);
                                            view! {
                                                <tr>
                                                    <td>
                                                        <input
                                                            type="checkbox"
                                                            name=format!("ids[{}]", r.id)
                                                            value=r.id.to_string()
                                                            aria-label=r.name.clone()
                                                        />
                                                    </td>
                                                    <td>
                                                        <a href=format!(
                                                            "/staff/nominations/{}",
                                                            r.id,
                                                        )>{r.name.clone()}</a>
                                                    </td>
                                                    <td>{r.post.clone()}</td>
                                                    <td class="nowrap">
                                                        {r.appointed_on.map(format_cst_date).unwrap_or_default()}
                                                    </td>
                                                    <td>
                                                        <span class=class data-testid="oath-deadline">
                                                            {text}
                                                        </span>
                                                    </td>
                                                </tr>
                                            }
                                        })
                                        .collect_view()}
                                </tbody>
                            </table>
                            <div class="form-grid card">
                                <label>
                                    {tr!(lang, "宣誓形式", "Form")}
                                    <select name="form">
                                        {OathForm::ALL
                                            .iter()
                                            .map(|f| {
                                                view! {
                                                    <option value=f
                                                        .as_str()>{lang.pick(f.label_zh(), f.label_en())}</option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <label>
                                    {tr!(
                                        lang, "领誓人（集体宣誓）", "Leader (collective oath)"
                                    )}<input type="text" name="leader" />
                                </label>
                                <label class="wide">
                                    {tr!(lang, "宣誓地点", "Place")}
                                    <input type="text" name="place" required />
                                </label>
                                <label>
                                    {tr!(lang, "宣誓时间", "When")}
                                    <input type="datetime-local" name="held_at" required />
                                </label>
                                <label>
                                    {tr!(lang, "誓词版本", "Oath text")}
                                    <select name="version">
                                        {OathTextVersion::ALL
                                            .iter()
                                            .map(|v| {
                                                view! {
                                                    <option value=v
                                                        .as_str()>{lang.pick(v.label_zh(), v.label_en())}</option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <blockquote class="article wide">
                                    {OathTextVersion::default().text()}
                                </blockquote>
                                <div class="wide">
                                    <FormError error=Signal::derive(move || {
                                        record.value().get().and_then(Result::err)
                                    }) />
                                    <button type="submit" class="primary">
                                        {tr!(lang, "记录宣誓", "Record the oath")}
                                    </button>
                                </div>
                            </div>
                        </ActionForm>
                        <h2>{tr!(lang, "宣誓仪式", "Ceremonies")}</h2>
                        <table class="grid" data-testid="ceremonies">
                            <thead>
                                <tr>
                                    <th>{tr!(lang, "时间", "When")}</th>
                                    <th>{tr!(lang, "形式", "Form")}</th>
                                    <th>{tr!(lang, "领誓人", "Leader")}</th>
                                    <th>{tr!(lang, "地点", "Place")}</th>
                                    <th>{tr!(lang, "宣誓人", "Oath-takers")}</th>
                                </tr>
                            </thead>
                            <tbody>
                                {ceremonies
                                    .into_iter()
                                    .map(|o| {
                                        view! {
                                            <tr>
                                                <td class="nowrap">{format_cst(o.held_at)}</td>
                                                <td>{lang.pick(o.form.label_zh(), o.form.label_en())}</td>
                                                <td>{o.leader.clone()}</td>
                                                <td>{o.place.clone()}</td>
                                                <td>
                                                    {o
                                                        .takers
                                                        .iter()
                                                        .map(|(_, name, post)| format!("{name}（{post}）"))
                                                        .collect::<Vec<_>>()
                                                        .join("、")}
                                                </td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                }
            </Loaded>
        </Page>
    }
}

/// 任免工作年度统计: each jurisdiction in reach and the total, to print or export.
#[component]
pub fn StatsPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let year = move || {
        query
            .read()
            .get("year")
            .and_then(|y| y.parse::<i32>().ok())
            .unwrap_or(0)
    };
    let report = resource(year, get_year_report);
    view! {
        <Loaded resource=report page=true let:r>
            <Stats r lang />
        </Loaded>
    }
}

#[component]
fn Stats(r: YearReport, lang: Lang) -> impl IntoView {
    let title = lang.pick(
        format!("{}年度任免工作统计", r.year),
        format!("Appointments in {}", r.year),
    );
    let header = stats_columns(&r.total);
    view! {
        <Page title=title>
            <AppointmentsNav lang />
            <form method="get" class="inline-form no-print">
                <label>
                    {tr!(lang, "年度", "Year")}
                    <input
                        type="number"
                        name="year"
                        value=r.year.to_string()
                        min="2000"
                        max="2100"
                    />
                </label>
                <button type="submit">{tr!(lang, "查看", "Show")}</button>
                <a
                    href=format!("/staff/appointment-stats.xlsx?year={}", r.year)
                    download
                    rel="external"
                >
                    {tr!(lang, "导出Excel", "Export to Excel")}
                </a>
                <PrintButton label=tr!(lang, "打印", "Print") />
            </form>
            <table class="grid" data-testid="stats">
                <thead>
                    <tr>
                        <th>{tr!(lang, "人大常委会", "Committee")}</th>
                        {header
                            .iter()
                            .map(|(zh, en, _)| view! { <th>{lang.pick(*zh, *en)}</th> })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {r
                        .rows
                        .iter()
                        .map(|row| {
                            view! {
                                <tr>
                                    <td>{row.jurisdiction_name.clone()}</td>
                                    {stats_columns(&row.stats)
                                        .iter()
                                        .map(|(_, _, n)| view! { <td>{*n}</td> })
                                        .collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()} <tr class="total" data-testid="stats-total">
                        <th>{tr!(lang, "合计", "Total")}</th>
                        {header.iter().map(|(_, _, n)| view! { <th>{*n}</th> }).collect_view()}
                    </tr>
                </tbody>
            </table>
            <p class="hint">
                {tr!(
                    lang, "考试场次按开考日期、参考与合格人数按考试场次、任命与表态按表决日期、宣誓按宣誓日期、履职报告按报告日期计入年度；合计为本级及所辖区县之和。", "Sittings count by opening day, sat and passed by sitting, appointments and statements by vote, oaths by ceremony and reports by report day; the total adds the committee and every district below it."
                )}
            </p>
        </Page>
    }
}

/// A person's timeline, for the person page (nothing for those who may not see appointments).
#[component]
pub fn Timeline(person_id: i64) -> impl IntoView {
    let lang = use_lang();
    let events = resource(move || person_id, get_timeline);
    view! {
        <IfLoaded resource=events let:events>
            <h2>{tr!(lang, "任免全过程", "From nomination to oath")}</h2>
            <ol class="timeline" data-testid="timeline">
                {events
                    .into_iter()
                    .map(|e| {
                        view! {
                            <li>
                                <span class="when">{format_cst_date(e.at)}</span>
                                " "
                                {match e.link {
                                    Some(href) => {
                                        view! {
                                            <a href=href>{lang.pick(e.zh.clone(), e.en.clone())}</a>
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <span>{lang.pick(e.zh.clone(), e.en.clone())}</span>
                                        }
                                            .into_any()
                                    }
                                }}
                                {(!e.document.is_empty())
                                    .then(|| {
                                        view! {
                                            <span class="muted">{format!("（{}）", e.document)}</span>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </IfLoaded>
    }
}
