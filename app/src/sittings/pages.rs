use leptos::prelude::*;
use leptos_router::components::A;
use question_bank::bank::question::QuestionKind;
use question_bank::bank::Bank;
use question_bank::consequence::NEW_ACCESS_CODE;
use question_bank::exam::blueprint::Blueprint;
use question_bank::exam::clock::{format_cst, format_cst_time};
use question_bank::exam::scoring::MultiChoicePolicy;
use question_bank::results::marking::MarkingPlan;

use question_bank::exam::lifecycle::SittingState;
use question_bank::exam::proctoring::ProctorAction;
use question_bank::exam::rules::{ExamRules, PaperMode, ReviewPolicy};

use super::api::{
    get_rules, get_sitting, list_sittings, ChangeSittingState, CreateSitting, EnrolCandidate,
    ExtendAll, ProctorCandidate, ReissueAccessCode, VerifyPaper,
};
use super::{
    CandidateRow, CandidateStatus, DrawnView, IssuedTicket, PairView, SittingDetail,
    SittingSummary, SpreadView,
};
use crate::bank::api::list_questions;
use crate::components::{
    clear_on_success, use_id_param, ConfirmStep, EnumOptions, FormError, LawOptions, Loaded,
    LocalBadge, Page,
};
use crate::i18n::{use_lang, Lang};
use crate::marking::pages::MarkingWaitNote;
use crate::resource::resource;
use crate::tr;

/// 考试场次: the list, and a form to create one.
#[component]
pub fn SittingsPage() -> impl IntoView {
    let lang = use_lang();
    let sittings = resource(|| (), |_| list_sittings());
    view! {
        <Page title=tr!(lang, "考试场次", "Sittings")>
            <Loaded resource=sittings let:value>
                {match value {
                    rows if rows.is_empty() => {
                        view! {
                            <p class="empty">
                                {tr!(lang, "尚无考试场次。", "No sittings yet.")}
                            </p>
                        }
                            .into_any()
                    }
                    rows => view! { <SittingTable rows lang /> }.into_any(),
                }}
            </Loaded>
            <CreateSittingForm />
        </Page>
    }
}

#[component]
fn SittingTable(rows: Vec<SittingSummary>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid" data-testid="sitting-table">
            <thead>
                <tr>
                    <th>{tr!(lang, "考试名称", "Sitting")}</th>
                    <th>{tr!(lang, "状态", "State")}</th>
                    <th>{tr!(lang, "所属", "Jurisdiction")}</th>
                    <th>{tr!(lang, "考试时间", "Window")}</th>
                    <th>{tr!(lang, "时长", "Duration")}</th>
                    <th>{tr!(lang, "试题/总分/及格", "Questions / total / pass")}</th>
                    <th>{tr!(lang, "考生", "Candidates")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|s| {
                        view! {
                            <tr>
                                <td>
                                    <A href=format!("/staff/sittings/{}", s.id)>{s.title}</A>
                                </td>
                                <td>
                                    <StateBadge state=s.state lang />
                                </td>
                                <td class="nowrap">{s.jurisdiction_name}</td>
                                <td class="nowrap">
                                    {format!(
                                        "{} – {}",
                                        format_cst(s.opens_at),
                                        format_cst_time(s.closes_at),
                                    )}
                                </td>
                                <td class="nowrap">
                                    {format!(
                                        "{} {}",
                                        s.duration_minutes,
                                        tr!(lang, "分钟", "min"),
                                    )}
                                </td>
                                <td>
                                    {format!(
                                        "{} / {} / {}",
                                        s.question_count,
                                        s.total_points,
                                        s.pass_mark,
                                    )}
                                </td>
                                <td>{s.candidate_count}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// A sitting's state as a badge.
#[component]
pub fn StateBadge(state: SittingState, lang: Lang) -> impl IntoView {
    let class = match state {
        SittingState::Draft | SittingState::Archived => "muted",
        SittingState::Scheduled => "",
        SittingState::Open => "live",
        SittingState::Closed => "done",
    };
    view! {
        <span class=format!("badge {class}") data-testid="sitting-state">
            {lang.pick(state.label_zh(), state.label_en())}
        </span>
    }
}

/// The create form, its defaults taken from the jurisdiction's rules.
#[component]
fn CreateSittingForm() -> impl IntoView {
    let rules = resource(|| (), |_| get_rules());
    view! {
        <Loaded resource=rules let:view>
            <CreateSittingFields rules=view.rules />
        </Loaded>
    }
}

#[component]
fn CreateSittingFields(rules: ExamRules) -> impl IntoView {
    let lang = use_lang();
    let create = ServerAction::<CreateSitting>::new();
    let default_mode = rules.paper_mode;
    let mode = RwSignal::new(default_mode);
    // Effects run only in the browser: once the page is interactive, the mode is the one
    // the drop-down shows (it may have been changed before hydration) and one group shows.
    let live = RwSignal::new(false);
    let mode_select = NodeRef::<leptos::html::Select>::new();
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(select) = mode_select.get() {
            mode.set(PaperMode::parse(&select.value()).unwrap_or(default_mode));
            live.set(true);
        }
    });
    let questions = resource(
        || (),
        |_| {
            list_questions(
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                "active".to_owned(),
                String::new(),
            )
        },
    );
    view! {
        <details class="card">
            <summary>{tr!(lang, "新建考试场次", "New sitting")}</summary>
            <ActionForm action=create attr:class="form-grid" attr:data-testid="create-sitting">
                <label class="wide">
                    {tr!(lang, "考试名称", "Title")}
                    <input
                        type="text"
                        name="title"
                        required
                        placeholder=tr!(
                            lang, "例：2026年第四次任前法律知识考试", "e.g. 4th pre-appointment exam of 2026"
                        )
                    />
                </label>
                <label class="wide">
                    {tr!(lang, "考场", "Venue")} <input type="text" name="venue" />
                </label>
                <label>
                    {tr!(lang, "开考时间（北京时间）", "Opens (Beijing time)")}
                    <input type="datetime-local" name="opens_at" required />
                </label>
                <label>
                    {tr!(lang, "截止时间", "Closes")}
                    <input type="datetime-local" name="closes_at" required />
                </label>
                <label>
                    {tr!(lang, "考试时长（分钟）", "Duration (minutes)")}
                    <input
                        type="number"
                        name="duration_minutes"
                        value=rules.duration_minutes.to_string()
                        min="1"
                        max="240"
                        required
                    />
                </label>
                <label>
                    {tr!(lang, "及格分", "Pass mark")}
                    <input
                        type="number"
                        name="pass_mark"
                        value=rules.pass_mark.to_string()
                        min="0"
                        required
                    />
                </label>
                <label>
                    {tr!(
                        lang, "迟到限制（开考后多少分钟内可入场，留空不限）", "Late entry (minutes after the opening; empty for no limit)"
                    )}
                    <input
                        type="number"
                        name="late_entry_minutes"
                        value=rules.late_entry_minutes.map(|m| m.to_string()).unwrap_or_default()
                        min="0"
                    />
                </label>
                <label>
                    {tr!(
                        lang, "补考次数（不合格后可再报名的次数）", "Retakes (further sittings after a failure)"
                    )}
                    <input
                        type="number"
                        name="retakes_allowed"
                        value=rules.retakes_allowed.to_string()
                        min="0"
                        max="3"
                    />
                </label>
                <label class="wide">
                    {tr!(
                        lang, "成绩公布后考生可查看", "After publication candidates may see"
                    )}
                    <select name="review_policy">
                        {ReviewPolicy::ALL
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=p == rules.review>
                                        {lang.pick(p.label_zh(), p.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="wide">
                    {tr!(lang, "多选题计分", "Multiple-choice marking")}
                    <select name="multi_choice_policy">
                        {MultiChoicePolicy::OFFERED
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p
                                        .as_string()>
                                        {lang.pick(p.label_zh(), p.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="wide">
                    {tr!(lang, "简答题阅卷", "Short-answer marking")}
                    <select name="marking_plan">
                        {MarkingPlan::OFFERED
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p
                                        .as_string()>
                                        {lang.pick(p.label_zh(), p.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="wide">
                    {tr!(lang, "组卷方式", "Paper")}
                    <select
                        name="paper_mode"
                        node_ref=mode_select
                        on:change=move |ev| {
                            mode.set(
                                PaperMode::parse(&event_target_value(&ev)).unwrap_or(default_mode),
                            )
                        }
                    >
                        {PaperMode::ALL
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.as_str() selected=m == rules.paper_mode>
                                        {lang.pick(m.label_zh(), m.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                // One paper mode at a time once the page is interactive; with JavaScript off
                // both groups show, each headed by the mode it is for.
                <div
                    class="wide paper-group"
                    data-testid="drawn-fields"
                    hidden=move || live.get() && !mode.get().uses_blueprint()
                >
                    <BlueprintTable lang />
                </div>
                <fieldset
                    class="wide paper-group"
                    data-testid="fixed-fields"
                    hidden=move || live.get() && mode.get().uses_blueprint()
                >
                    <legend>
                        {tr!(
                            lang, "固定试题（组卷方式为“固定试题”时填写）", "Fixed questions (when the paper is fixed)"
                        )}
                    </legend>
                    <label>
                        {tr!(
                            lang, "每题分值（固定试题时）", "Points per question (fixed questions)"
                        )} <input type="number" name="points_each" value="2" min="1" max="100" />
                    </label>
                    <fieldset class="question-picker">
                        <legend>
                            {tr!(
                                lang, "选择试题（固定试题时）", "Choose questions (fixed questions)"
                            )}
                        </legend>
                        <Suspense fallback=|| {
                            "…"
                        }>
                            {move || Suspend::new(async move {
                                questions
                                    .await
                                    .map(|list| {
                                        list.rows
                                            .into_iter()
                                            .map(|q| {
                                                view! {
                                                    <label class="check">
                                                        <input
                                                            type="checkbox"
                                                            name=format!("question_ids[{}]", q.id)
                                                            value=q.id.to_string()
                                                        />
                                                        <span>
                                                            {format!(
                                                                "#{} {} · {}",
                                                                q.id,
                                                                lang.pick(q.kind.label_zh(), q.kind.label_en()),
                                                                q.citation,
                                                            )}<LocalBadge law_id=q.law_id />" · "{q.stem}
                                                        </span>
                                                    </label>
                                                }
                                            })
                                            .collect_view()
                                    })
                                    .unwrap_or_default()
                            })}
                        </Suspense>
                    </fieldset>
                </fieldset>
                <div class="wide">
                    <FormError error=Signal::derive(move || {
                        create.value().get().and_then(Result::err)
                    }) />
                    <button type="submit" class="primary">
                        {tr!(lang, "创建考试场次", "Create sitting")}
                    </button>
                </div>
            </ActionForm>
        </details>
    }
}

/// The blueprint rows of the sitting form, prefilled with the published pattern
/// (`Blueprint::published`): a row per difficulty stratum. Rows without a count are left
/// out.
#[component]
fn BlueprintTable(lang: Lang) -> impl IntoView {
    const ROWS: usize = 6;
    // (kind, law, lowest and highest difficulty, count, points each)
    type Row = (&'static str, Option<String>, u8, u8, String, String);
    let defaults: Vec<Row> = Blueprint::published()
        .sections()
        .iter()
        .flat_map(|s| {
            s.strata.iter().map(|st| {
                (
                    s.kind.as_str(),
                    s.laws.first().cloned(),
                    st.difficulty.min(),
                    st.difficulty.max(),
                    st.count.to_string(),
                    s.points_each.to_string(),
                )
            })
        })
        .collect();
    let levels = |selected: u8| {
        (1..=5u8)
            .map(|d| {
                view! {
                    <option value=d.to_string() selected=d == selected>
                        {d}
                    </option>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="wide blueprint" data-testid="blueprint">
            <legend>
                {tr!(
                    lang, "组卷规则（随机组卷或A/B卷时）", "Blueprint (drawn or A/B papers)"
                )}
            </legend>
            <p class="hint">
                {tr!(
                    lang, "每行从所选题库和法律中按难度抽题；题型、范围和分值相同而难度不同的相邻行合为一个部分，使每份试卷难度构成相同。开考前按题库逐项核对，题量不足时指出缺口。", "Each row draws questions of a type from the chosen bank and law within a difficulty range; adjacent rows that differ only in difficulty make one section, so every paper has the same difficulty make-up. The bank is checked row by row when the sitting is created."
                )}
            </p>
            <table class="grid">
                <thead>
                    <tr>
                        <th>{tr!(lang, "题型", "Type")}</th>
                        <th>{tr!(lang, "题库", "Bank")}</th>
                        <th>{tr!(lang, "法律", "Law")}</th>
                        <th>{tr!(lang, "难度", "Difficulty")}</th>
                        <th>{tr!(lang, "题数", "Questions")}</th>
                        <th>{tr!(lang, "每题分值", "Points each")}</th>
                    </tr>
                </thead>
                <tbody>
                    {(0..ROWS)
                        .map(|n| {
                            let (kind, law, min, max, count, points) = defaults
                                .get(n)
                                .cloned()
                                .unwrap_or((
                                    "single_choice",
                                    Some("constitution".to_owned()),
                                    1,
                                    5,
                                    String::new(),
                                    "2".to_owned(),
                                ));
                            let line = n + 1;
                            let label = move |zh: &str, en: &str| {
                                lang.pick(format!("第{line}行{zh}"), format!("Row {line} {en}"))
                            };
                            let any_bank: Option<Bank> = None;
                            view! {
                                <tr>
                                    <td>
                                        <select
                                            name=format!("row_kind[{n}]")
                                            aria-label=label("题型", "type")
                                        >
                                            <EnumOptions selected=QuestionKind::parse(kind) lang />
                                        </select>
                                    </td>
                                    <td>
                                        <select
                                            name=format!("row_bank[{n}]")
                                            aria-label=label("题库", "bank")
                                        >
                                            <option value="">{tr!(lang, "全部", "Any")}</option>
                                            <EnumOptions selected=any_bank lang />
                                        </select>
                                    </td>
                                    <td>
                                        <select
                                            name=format!("row_law[{n}]")
                                            aria-label=label("法律", "law")
                                        >
                                            <option value="">{tr!(lang, "全部", "Any")}</option>
                                            <LawOptions selected=law.clone() />
                                        </select>
                                    </td>
                                    <td class="nowrap">
                                        <select
                                            name=format!("row_min[{n}]")
                                            aria-label=label("难度下限", "lowest difficulty")
                                        >
                                            {levels(min)}
                                        </select>
                                        " – "
                                        <select
                                            name=format!("row_max[{n}]")
                                            aria-label=label("难度上限", "highest difficulty")
                                        >
                                            {levels(max)}
                                        </select>
                                    </td>
                                    <td>
                                        <input
                                            type="number"
                                            class="narrow"
                                            min="0"
                                            max="200"
                                            name=format!("row_count[{n}]")
                                            value=count
                                            aria-label=label("题数", "questions")
                                        />
                                    </td>
                                    <td>
                                        <input
                                            type="number"
                                            class="narrow"
                                            min="1"
                                            max="100"
                                            name=format!("row_points[{n}]")
                                            value=points
                                            aria-label=label("每题分值", "points each")
                                        />
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <label class="inline">
                {tr!(lang, "试卷总分", "Paper total")}
                <input type="number" class="narrow" name="expected_total" value="100" min="1" />
            </label>
        </fieldset>
    }
}

/// One sitting: its rules, the issued ticket (once), enrolment and candidates with scores.
#[component]
pub fn SittingPage() -> impl IntoView {
    let enrol = ServerAction::<EnrolCandidate>::new();
    let reissue = ServerAction::<ReissueAccessCode>::new();
    let change = ServerAction::<ChangeSittingState>::new();
    let sitting_id = use_id_param();
    let detail = resource(
        move || {
            (
                sitting_id(),
                enrol.version().get(),
                reissue.version().get(),
                change.version().get(),
            )
        },
        |(id, _, _, _)| get_sitting(id),
    );
    view! {
        <Loaded resource=detail page=true let:detail>
            <SittingView detail enrol reissue change />
        </Loaded>
    }
}

#[component]
fn SittingView(
    detail: SittingDetail,
    enrol: ServerAction<EnrolCandidate>,
    reissue: ServerAction<ReissueAccessCode>,
    change: ServerAction<ChangeSittingState>,
) -> impl IntoView {
    let lang = use_lang();
    let s = detail.summary;
    let sitting_id = s.id;
    let state = s.state;
    let enrol_form = NodeRef::new();
    clear_on_success(
        Signal::derive(move || matches!(enrol.value().get(), Some(Ok(_)))),
        enrol_form,
    );
    view! {
        <Page title=s.title.clone()>
            <StatePanel sitting_id state change lang />
            <dl class="facts">
                <dt>{tr!(lang, "所属", "Jurisdiction")}</dt>
                <dd>{s.jurisdiction_name}</dd>
                <dt>{tr!(lang, "考场", "Venue")}</dt>
                <dd>{s.venue}</dd>
                <dt>{tr!(lang, "考试时间", "Window")}</dt>
                <dd>{format!("{} – {}", format_cst(s.opens_at), format_cst(s.closes_at))}</dd>
                <dt>{tr!(lang, "考试时长", "Duration")}</dt>
                <dd>{format!("{} {}", s.duration_minutes, tr!(lang, "分钟", "minutes"))}</dd>
                <dt>{tr!(lang, "试题 / 总分 / 及格分", "Questions / total / pass mark")}</dt>
                <dd>{format!("{} / {} / {}", s.question_count, s.total_points, s.pass_mark)}</dd>
                <dt>{tr!(lang, "迟到限制", "Late entry")}</dt>
                <dd data-testid="late-entry">
                    {match s.late_entry_minutes {
                        Some(m) => {
                            lang.pick(
                                format!("开考{m}分钟后不得入场"),
                                format!("no entry more than {m} minutes after the opening"),
                            )
                        }
                        None => tr!(lang, "不限", "no limit").to_owned(),
                    }}
                </dd>
                <dt>{tr!(lang, "组卷方式", "Paper")}</dt>
                <dd data-testid="paper-mode">
                    {lang.pick(s.paper_mode.label_zh(), s.paper_mode.label_en())}
                </dd>
                <dt>{tr!(lang, "补考", "Retakes")}</dt>
                <dd>
                    {match s.retakes_allowed {
                        0 => {
                            tr!(lang, "不合格者不得补考", "no retake after a failure")
                                .to_owned()
                        }
                        n => {
                            lang.pick(
                                format!("不合格者可补考{n}次"),
                                format!("{n} retake(s) after a failure"),
                            )
                        }
                    }}
                </dd>
                <dt>{tr!(lang, "成绩公布后", "After publication")}</dt>
                <dd>{lang.pick(s.review.label_zh(), s.review.label_en())}</dd>
                <dt>{tr!(lang, "多选题计分", "Multiple choice")}</dt>
                <dd data-testid="multi-choice">
                    {lang.pick(s.multi_choice.label_zh(), s.multi_choice.label_en())}
                </dd>
                <dt>{tr!(lang, "简答题阅卷", "Short answers")}</dt>
                <dd data-testid="marking-plan">
                    {lang.pick(s.marking.label_zh(), s.marking.label_en())}
                </dd>
            </dl>
            {detail
                .issued
                .map(|t| view! { <IssuedTicketNotice ticket=t waiting=detail.slips_waiting /> })}
            <h2>{tr!(lang, "考生", "Candidates")}</h2>
            {(state.enrols() || state.reissues_codes())
                .then(|| {
                    let missing = detail
                        .candidates
                        .iter()
                        .filter(|c| needs_slip(c))
                        .map(|c| c.name.clone())
                        .collect();
                    view! { <SlipsToPrint sitting_id waiting=detail.slips_waiting missing lang /> }
                })}
            <FormError error=Signal::derive(move || reissue.value().get().and_then(Result::err)) />
            <div class="toolbar">
                <a class="button secondary" href=format!("/staff/sittings/{sitting_id}/roster")>
                    {tr!(lang, "从Excel名单导入考生", "Enrol from an Excel roster")}
                </a>
                <a class="button secondary" href=format!("/staff/sittings/{sitting_id}/sign-in")>
                    {tr!(lang, "打印签到表", "Print the sign-in sheet")}
                </a>
                <a
                    class="button secondary"
                    href=format!("/staff/sittings/{sitting_id}/console")
                    data-testid="open-console"
                >
                    {tr!(lang, "监考台（实时）", "Proctor console (live)")}
                </a>
                <a
                    class="button secondary"
                    href=format!("/staff/sittings/{sitting_id}/report")
                    data-testid="open-report"
                >
                    {tr!(lang, "成绩报告与发布", "Results report and publication")}
                </a>
            </div>
            {detail
                .marking
                .map(|wait| {
                    view! {
                        <h3>{tr!(lang, "阅卷", "Marking")}</h3>
                        <MarkingWaitNote wait lang />
                    }
                })}
            {(state == SittingState::Open).then(|| view! { <ExtendAllForm sitting_id lang /> })}
            <CandidateTable
                rows=detail.candidates
                reissue
                reissues=state.reissues_codes()
                verifiable=s.paper_mode.uses_blueprint()
                proctoring=matches!(state, SittingState::Open | SittingState::Closed)
                lang
            />
            <details class="card" open hidden=!state.enrols()>
                <summary>{tr!(lang, "报名考生", "Enrol a candidate")}</summary>
                <ActionForm
                    action=enrol
                    node_ref=enrol_form
                    attr:class="form-grid"
                    attr:data-testid="enrol-form"
                >
                    <input type="hidden" name="sitting_id" value=sitting_id.to_string() />
                    <label>
                        {tr!(lang, "姓名", "Name")}<input type="text" name="name" required />
                    </label>
                    <label>
                        {tr!(lang, "身份证号码", "ID-card number")}
                        <input type="text" name="id_card" required maxlength="18" />
                    </label>
                    <div class="wide">
                        <FormError error=Signal::derive(move || {
                            enrol.value().get().and_then(Result::err)
                        }) />
                        <button type="submit" class="primary">
                            {tr!(lang, "报名并生成准考证", "Enrol and issue ticket")}
                        </button>
                    </div>
                </ActionForm>
            </details>
            {match detail.drawn {
                Some(drawn) => view! { <DrawnPaper drawn lang /> }.into_any(),
                None => {
                    view! {
                        <h2>{tr!(lang, "试题", "Questions")}</h2>
                        <ol class="paper-list">
                            {detail
                                .questions
                                .into_iter()
                                .map(|q| {
                                    view! {
                                        <li>
                                            {format!(
                                                "[{} · {}{}] ",
                                                lang.pick(q.kind.label_zh(), q.kind.label_en()),
                                                q.points,
                                                tr!(lang, "分", " pt"),
                                            )}{q.stem}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
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
            <dd>
                {lang
                    .pick(
                        format!(
                            "{}份：平均难度 {}，最低 {}，最高 {}，标准差 {}",
                            s.papers,
                            s.mean,
                            s.min,
                            s.max,
                            s.std_dev,
                        ),
                        format!(
                            "{} papers: mean difficulty {}, lowest {}, highest {}, standard deviation {}",
                            s.papers,
                            s.mean,
                            s.min,
                            s.max,
                            s.std_dev,
                        ),
                    )}
            </dd>
        })
    };
    view! {
        <h2>
            {tr!(
                lang, "组卷规则（每位考生一份随机试卷）", "Blueprint (a paper drawn for each candidate)"
            )}
        </h2>
        <table class="grid" data-testid="blueprint-sections">
            <thead>
                <tr>
                    <th>{tr!(lang, "部分", "Section")}</th>
                    <th>{tr!(lang, "题型", "Type")}</th>
                    <th>{tr!(lang, "范围", "Drawn from")}</th>
                    <th>{tr!(lang, "难度与题数", "Difficulty and count")}</th>
                    <th>{tr!(lang, "每题分值", "Points each")}</th>
                    <th>{tr!(lang, "可抽试题", "Pool")}</th>
                </tr>
            </thead>
            <tbody>
                {drawn
                    .sections
                    .into_iter()
                    .enumerate()
                    .map(|(i, section)| {
                        let laws = if section.laws.is_empty() {
                            tr!(lang, "全部法律", "every law").to_owned()
                        } else {
                            section.laws.join("、")
                        };
                        let banks = if section.banks_zh.is_empty() {
                            tr!(lang, "全部题库", "every bank").to_owned()
                        } else {
                            lang.pick(section.banks_zh.join("、"), section.banks_en.join(", "))
                        };
                        let strata = section
                            .strata
                            .iter()
                            .map(|(zh, en, n)| {
                                let band = lang.pick(zh.clone(), en.clone());
                                let band = if band.is_empty() {
                                    tr!(lang, "不限难度", "any difficulty").to_owned()
                                } else {
                                    band
                                };
                                format!("{band} × {n}")
                            })
                            .collect::<Vec<_>>()
                            .join(tr!(lang, "；", "; "));
                        view! {
                            <tr>
                                <td>{i + 1}</td>
                                <td class="nowrap">
                                    {lang.pick(section.kind.label_zh(), section.kind.label_en())}
                                </td>
                                <td>{format!("{laws} · {banks}")}</td>
                                <td>{strata}</td>
                                <td>{section.points_each}</td>
                                <td>{section.pool}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {match drawn.pair {
            Some(pair) => view! { <PairFacts pair lang /> }.into_any(),
            None => {
                view! {
                    <dl class="facts" data-testid="paper-spread">
                        {spread(tr!(lang, "已抽取的试卷", "Papers drawn"), drawn.drawn)}
                        {spread(tr!(lang, "模拟抽取", "Simulated draws"), drawn.simulated)}
                    </dl>
                }
                    .into_any()
            }
        }}
    }
}

/// Papers A and B side by side, and the lot once drawn.
#[component]
fn PairFacts(pair: PairView, lang: Lang) -> impl IntoView {
    view! {
        <dl class="facts" data-testid="paper-pair">
            <dt>{tr!(lang, "A卷 / B卷平均难度", "Mean difficulty of A / B")}</dt>
            <dd>{format!("{} / {}", pair.mean_a, pair.mean_b)}</dd>
            <dt>{tr!(lang, "两卷相同试题", "Questions on both")}</dt>
            <dd>{pair.shared}</dd>
            <dt>{tr!(lang, "抽签结果", "Drawn by lot")}</dt>
            <dd data-testid="paper-lot">
                {match pair.lot {
                    Some(lot) => {
                        lang.pick(format!("本场使用{lot}卷"), format!("paper {lot} is used"))
                    }
                    None => {
                        tr!(
                            lang, "开考时抽签决定使用A卷或B卷", "paper A or B is drawn by lot at the opening"
                        )
                            .to_owned()
                    }
                }}
            </dd>
        </dl>
    }
}

/// The sitting's state and the changes staff may make from it.
#[component]
fn StatePanel(
    sitting_id: i64,
    state: SittingState,
    change: ServerAction<ChangeSittingState>,
    lang: Lang,
) -> impl IntoView {
    let hint = match state {
        SittingState::Draft => tr!(lang, "草稿：考生尚不能登录。核对信息、报名考生后发布。", "Draft: candidates cannot log in yet. Check the details, enrol candidates, then schedule it."),
        SittingState::Scheduled => tr!(lang, "已发布：考生可登录等候。开考时间前30分钟内可开考。", "Scheduled: candidates may log in and wait. It can be opened from 30 minutes before its opening time."),
        SittingState::Open => tr!(lang, "考试中：考生可在考试时段内开始答题。全部交卷或时间到后结束考试。", "Open: candidates may begin within the window. Close it once every paper is in or out of time."),
        SittingState::Closed => tr!(lang, "已结束：答卷已全部收回，未到考者记为缺考。", "Closed: every paper is in; those who never began are absent."),
        SittingState::Archived => tr!(lang, "已归档：仅供查阅，不能再更改。", "Archived: kept for the record; nothing changes any more."),
    };
    view! {
        <div class="card state-panel no-print" data-testid="state-panel">
            <p>
                <StateBadge state lang />
                " "
                {hint}
            </p>
            <div class="toolbar">
                {state
                    .next()
                    .iter()
                    .map(|t| {
                        let t = *t;
                        let label = lang.pick(t.label_zh(), t.label_en());
                        view! {
                            <ActionForm action=change attr:class="inline-form">
                                <input
                                    type="hidden"
                                    name="sitting_id"
                                    value=sitting_id.to_string()
                                />
                                <input type="hidden" name="transition" value=t.as_str() />
                                {t
                                    .needs_reason()
                                    .then(|| {
                                        view! {
                                            <input
                                                type="text"
                                                name="reason"
                                                required
                                                placeholder=tr!(lang, "原因", "Reason")
                                                aria-label=lang
                                                    .pick(
                                                        format!("{}的原因", t.label_zh()),
                                                        format!("Reason to {}", t.label_en().to_lowercase()),
                                                    )
                                            />
                                        }
                                    })}
                                {match t.consequence() {
                                    Some(c) => {
                                        view! {
                                            <ConfirmStep
                                                label=format!("{label}…")
                                                consequence=lang.pick(c.zh, c.en)
                                                confirm_label=lang
                                                    .pick(
                                                        format!("确认{}", t.label_zh()),
                                                        format!("Yes: {}", t.label_en().to_lowercase()),
                                                    )
                                            />
                                        }
                                            .into_any()
                                    }
                                    None => {
                                        view! {
                                            <button
                                                type="submit"
                                                class=if t.needs_reason() { "secondary" } else { "primary" }
                                            >
                                                {label}
                                            </button>
                                        }
                                            .into_any()
                                    }
                                }}
                            </ActionForm>
                        }
                    })
                    .collect_view()}
            </div>
            <FormError error=Signal::derive(move || change.value().get().and_then(Result::err)) />
        </div>
    }
}

#[component]
fn IssuedTicketNotice(ticket: IssuedTicket, waiting: usize) -> impl IntoView {
    let lang = use_lang();
    let slips = format!("/staff/sittings/{}/slips", ticket.sitting_id);
    view! {
        <div class="notice ticket" role="status" data-testid="issued-ticket">
            <p>
                <strong>
                    {tr!(
                        lang, "准考证已生成。访问码只显示这一次，请打印准考证交给考生本人。", "Ticket issued. The access code is shown only this once: print the admission slip for the candidate."
                    )}
                </strong>
            </p>
            <p>
                {tr!(lang, "考生：", "Candidate: ")}{ticket.name} " · "
                {tr!(lang, "准考证号：", "Ticket: ")}
                <span class="mono" data-testid="ticket-number">
                    {ticket.ticket_number}
                </span> " · "{tr!(lang, "访问码：", "Access code: ")}
                <span class="mono big" data-testid="access-code">
                    {ticket.access_code}
                </span>
            </p>
            <p>
                <a class="button primary" href=slips data-testid="print-slips">
                    {lang
                        .pick(
                            format!("打印准考证（{waiting}张）"),
                            format!("Print admission slips ({waiting})"),
                        )}
                </a>
            </p>
        </div>
    }
}

/// Who has no printed slip for their current access code, and the way to print the ones
/// this session issued.
#[component]
fn SlipsToPrint(
    sitting_id: i64,
    waiting: usize,
    missing: Vec<String>,
    lang: Lang,
) -> impl IntoView {
    if missing.is_empty() {
        return ().into_any();
    }
    let count = missing.len();
    view! {
        <div class="notice slips-missing no-print" data-testid="slips-missing">
            <p>
                {lang
                    .pick(
                        format!(
                            "{count}名考生的准考证尚未打印：{}。",
                            missing.join("、"),
                        ),
                        format!(
                            "{count} candidate(s) have no printed admission slip: {}.",
                            missing.join(", "),
                        ),
                    )}
            </p>
            {if waiting > 0 {
                view! {
                    <p>
                        <a
                            class="button primary"
                            href=format!("/staff/sittings/{sitting_id}/slips")
                            data-testid="print-waiting-slips"
                        >
                            {lang
                                .pick(
                                    format!("打印待打印的准考证（{waiting}张）"),
                                    format!("Print the waiting slips ({waiting})"),
                                )}
                        </a>
                    </p>
                }
                    .into_any()
            } else {
                view! {
                    <p class="hint">
                        {tr!(
                            lang, "访问码只在发放时显示一次，现已不能再打印。请在考生列表中为他们重新发放访问码，再打印准考证。", "Access codes are shown only when issued and can no longer be printed. Issue them a new code from the list below, then print the slip."
                        )}
                    </p>
                }
                    .into_any()
            }}
        </div>
    }
    .into_any()
}

#[component]
fn CandidateTable(
    rows: Vec<CandidateRow>,
    reissue: ServerAction<ReissueAccessCode>,
    reissues: bool,
    /// Papers are drawn from a seed, so each can be drawn again and compared.
    verifiable: bool,
    /// The sitting is open (or just closed): proctors act on candidates.
    proctoring: bool,
    lang: Lang,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{tr!(lang, "尚未报名考生。", "No candidates enrolled yet.")}</p> }.into_any();
    }
    view! {
        <table class="grid" data-testid="candidate-table">
            <thead>
                <tr>
                    <th>{tr!(lang, "准考证号", "Ticket")}</th>
                    <th>{tr!(lang, "姓名", "Name")}</th>
                    <th>{tr!(lang, "身份证号码", "ID card")}</th>
                    <th>{tr!(lang, "状态", "Status")}</th>
                    <th>{tr!(lang, "已答", "Answered")}</th>
                    <th>{tr!(lang, "成绩", "Score")}</th>
                    {verifiable
                        .then(|| {
                            view! {
                                <th class="no-print">{tr!(lang, "试卷核验", "Paper check")}</th>
                            }
                        })}
                    {proctoring
                        .then(|| {
                            view! {
                                <th class="no-print">{tr!(lang, "监考操作", "Proctor")}</th>
                            }
                        })}
                    <th class="no-print">{tr!(lang, "访问码", "Access code")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|c| {
                        let (status, class) = status_label(c.status, lang);
                        let slip_missing = needs_slip(&c) && reissues;
                        view! {
                            <tr data-testid="candidate-row">
                                <td class="mono">{c.ticket_number}</td>
                                <td>
                                    <a href=format!("/staff/people/{}", c.person_id)>{c.name}</a>
                                    {slip_missing
                                        .then(|| {
                                            view! {
                                                " "
                                                <span
                                                    class="badge muted no-print"
                                                    data-testid="slip-missing"
                                                >
                                                    {tr!(lang, "准考证未打印", "no slip printed")}
                                                </span>
                                            }
                                        })}
                                    {(c.retake > 0)
                                        .then(|| {
                                            view! {
                                                " "
                                                <span class="badge" data-testid="retake">
                                                    {lang
                                                        .pick(
                                                            format!("第{}次补考", c.retake),
                                                            format!("retake {}", c.retake),
                                                        )}
                                                </span>
                                            }
                                        })}
                                </td>
                                <td class="mono">{c.id_card_masked}</td>
                                <td>
                                    <span
                                        class=format!("badge {class}")
                                        data-testid="candidate-status"
                                    >
                                        {status}
                                    </span>
                                    {(c.extended_minutes > 0)
                                        .then(|| {
                                            view! {
                                                " "
                                                <span class="badge" data-testid="extended">
                                                    {lang
                                                        .pick(
                                                            format!("延时{}分钟", c.extended_minutes),
                                                            format!("+{} min", c.extended_minutes),
                                                        )}
                                                </span>
                                            }
                                        })}
                                </td>
                                <td>{c.answered}</td>
                                <td data-testid="score">
                                    {match (c.score, c.passed) {
                                        (Some(score), Some(passed)) => {
                                            format!(
                                                "{score}（{}）",
                                                if passed {
                                                    tr!(lang, "合格", "pass")
                                                } else {
                                                    tr!(lang, "不合格", "fail")
                                                },
                                            )
                                        }
                                        _ => "—".to_owned(),
                                    }}
                                </td>
                                {(verifiable)
                                    .then(|| {
                                        view! {
                                            <td class="no-print">
                                                <VerifyButton
                                                    candidate_id=c.id
                                                    began=!matches!(
                                                        c.status,
                                                        CandidateStatus::NotStarted | CandidateStatus::Absent
                                                    )
                                                    lang
                                                />
                                            </td>
                                        }
                                    })}
                                {proctoring
                                    .then(|| {
                                        view! {
                                            <td class="no-print">
                                                <ProctorForm candidate_id=c.id status=c.status lang />
                                            </td>
                                        }
                                    })}
                                <td class="no-print">
                                    <ActionForm
                                        action=reissue
                                        attr:class="inline-form"
                                        attr:hidden=!reissues
                                    >
                                        <input
                                            type="hidden"
                                            name="candidate_id"
                                            value=c.id.to_string()
                                        />
                                        <ConfirmStep
                                            label=tr!(lang, "重新发放…", "New code…")
                                            consequence=lang
                                                .pick(NEW_ACCESS_CODE.zh, NEW_ACCESS_CODE.en)
                                            confirm_label=tr!(
                                                lang, "确认重新发放", "Yes: issue a new code"
                                            )
                                        >
                                            <input
                                                type="text"
                                                name="reason"
                                                required
                                                placeholder=tr!(lang, "原因", "Reason")
                                                aria-label=tr!(
                                                    lang, "重新发放原因", "Reason for a new code"
                                                )
                                            />
                                        </ConfirmStep>
                                    </ActionForm>
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

/// A proctor's actions on one candidate, as their status allows, each with its reason: the
/// ones that can be undone or added to in a drop-down, each irreversible one (强制交卷,
/// 作废答卷) apart, behind its own confirm step.
#[component]
pub fn ProctorForm(candidate_id: i64, status: CandidateStatus, lang: Lang) -> impl IntoView {
    let offered: &[ProctorAction] = match status {
        CandidateStatus::NotStarted => &[ProctorAction::AdmitLate, ProctorAction::MarkAbsent],
        CandidateStatus::InProgress => &[
            ProctorAction::Extend { minutes: 5 },
            ProctorAction::ForceSubmit,
            ProctorAction::Void,
        ],
        CandidateStatus::Submitted | CandidateStatus::TimedOut => &[ProctorAction::Void],
        CandidateStatus::Absent | CandidateStatus::Voided => &[],
    };
    let (lasting, reversible): (Vec<ProctorAction>, Vec<ProctorAction>) = offered
        .iter()
        .copied()
        .partition(|a| a.consequence().is_some());
    view! {
        <div class="proctor-actions">
            {(!reversible.is_empty())
                .then(|| view! { <ProctorActionForm candidate_id actions=reversible lang /> })}
            {lasting
                .into_iter()
                .map(|a| view! { <ProctorActionForm candidate_id actions=vec![a] lang /> })
                .collect_view()}
        </div>
    }
}

/// One form of [`ProctorForm`]: a drop-down of reversible actions, or one irreversible
/// action behind its confirm step. The fields empty once the action is recorded.
#[component]
fn ProctorActionForm(candidate_id: i64, actions: Vec<ProctorAction>, lang: Lang) -> impl IntoView {
    let act = ServerAction::<ProctorCandidate>::new();
    let form = NodeRef::new();
    clear_on_success(
        Signal::derive(move || matches!(act.value().get(), Some(Ok(())))),
        form,
    );
    let extends = actions
        .iter()
        .any(|a| matches!(a, ProctorAction::Extend { .. }));
    let reason = move || {
        view! {
            <input
                type="text"
                name="reason"
                required
                placeholder=tr!(lang, "原因", "Reason")
                aria-label=tr!(lang, "操作原因", "Reason for the action")
            />
        }
    };
    let lasting = actions.first().and_then(|a| a.consequence());
    let fields = match (actions.as_slice(), lasting) {
        ([only], Some(c)) => view! {
            <input type="hidden" name="action" value=only.as_str() />
            <ConfirmStep
                label=lang
                    .pick(format!("{}…", only.label_zh()), format!("{}…", only.label_en()))
                consequence=lang.pick(c.zh, c.en)
                confirm_label=lang
                    .pick(
                        format!("确认{}", only.label_zh()),
                        format!("Yes: {}", only.label_en().to_lowercase()),
                    )
            >
                {reason()}
            </ConfirmStep>
        }
        .into_any(),
        _ => view! {
            <select name="action" aria-label=tr!(lang, "监考操作", "Proctor action")>
                {actions
                    .iter()
                    .map(|a| {
                        view! {
                            <option value=a
                                .as_str()>{lang.pick(a.label_zh(), a.label_en())}</option>
                        }
                    })
                    .collect_view()}
            </select>
            {extends
                .then(|| {
                    view! {
                        <input
                            type="number"
                            class="narrow"
                            name="minutes"
                            value="5"
                            min="1"
                            max="60"
                            aria-label=tr!(lang, "延长分钟数", "Minutes to add")
                        />
                    }
                })}
            {reason()}
            <button type="submit" class="secondary">
                {tr!(lang, "执行", "Apply")}
            </button>
        }
        .into_any(),
    };
    view! {
        <ActionForm
            action=act
            node_ref=form
            attr:class="inline-form"
            attr:data-testid=if lasting.is_some() { "proctor-irreversible" } else { "proctor-form" }
        >
            <input type="hidden" name="candidate_id" value=candidate_id.to_string() />
            {fields}
            {move || {
                matches!(act.value().get(), Some(Ok(())))
                    .then(|| {
                        view! {
                            <span class="badge done" role="status">
                                {tr!(lang, "已记录，刷新可见", "Recorded; reload to see")}
                            </span>
                        }
                    })
            }}
            <FormError error=Signal::derive(move || act.value().get().and_then(Result::err)) />
        </ActionForm>
    }
}

/// Extends every paper still being written.
#[component]
pub fn ExtendAllForm(sitting_id: i64, lang: Lang) -> impl IntoView {
    let extend = ServerAction::<ExtendAll>::new();
    let form = NodeRef::new();
    clear_on_success(
        Signal::derive(move || matches!(extend.value().get(), Some(Ok(_)))),
        form,
    );
    view! {
        <ActionForm
            action=extend
            node_ref=form
            attr:class="inline-form"
            attr:data-testid="extend-all"
        >
            <input type="hidden" name="sitting_id" value=sitting_id.to_string() />
            <label class="inline">
                {tr!(lang, "全体延长（分钟）", "Extend everyone (minutes)")}
                <input type="number" class="narrow" name="minutes" value="5" min="1" max="60" />
            </label>
            <input
                type="text"
                name="reason"
                required
                placeholder=tr!(lang, "原因，如：考场停电", "Reason, e.g. a power cut")
                aria-label=tr!(lang, "全体延长的原因", "Reason to extend everyone")
            />
            <button type="submit" class="secondary">
                {tr!(lang, "全体延长", "Extend everyone")}
            </button>
            {move || {
                extend
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|n| {
                        view! {
                            <span class="badge done" role="status">
                                {lang
                                    .pick(
                                        format!("已为{n}名考生延长"),
                                        format!("{n} candidates extended"),
                                    )}
                            </span>
                        }
                    })
            }}
            <FormError error=Signal::derive(move || extend.value().get().and_then(Result::err)) />
        </ActionForm>
    }
}

/// Draws a candidate's paper again from its stored seed and says whether it is the paper
/// they answered (for an audit or an appeal).
#[component]
fn VerifyButton(candidate_id: i64, began: bool, lang: Lang) -> impl IntoView {
    let verify = ServerAction::<VerifyPaper>::new();
    if !began {
        return ().into_any();
    }
    view! {
        <ActionForm action=verify attr:class="inline-form">
            <input type="hidden" name="candidate_id" value=candidate_id.to_string() />
            <button type="submit" class="secondary" data-testid="verify-paper">
                {tr!(lang, "重新抽取核对", "Redraw and compare")}
            </button>
            {move || {
                verify
                    .value()
                    .get()
                    .map(|r| match r {
                        Ok(true) => {
                            view! {
                                <span class="badge done" data-testid="paper-verified">
                                    {tr!(lang, "一致", "Identical")}
                                </span>
                            }
                                .into_any()
                        }
                        Ok(false) => {
                            view! {
                                <span class="badge error" data-testid="paper-verified">
                                    {tr!(lang, "不一致", "Differs")}
                                </span>
                            }
                                .into_any()
                        }
                        Err(e) => {
                            view! { <span class="badge error">{e.message(lang)}</span> }.into_any()
                        }
                    })
            }}
        </ActionForm>
    }
    .into_any()
}

/// The candidate will still log in (to begin, or on another PC) and has no printed slip
/// with their current access code.
fn needs_slip(c: &CandidateRow) -> bool {
    !c.slip_printed
        && matches!(
            c.status,
            CandidateStatus::NotStarted | CandidateStatus::InProgress
        )
}

pub fn status_label(status: CandidateStatus, lang: Lang) -> (&'static str, &'static str) {
    match status {
        CandidateStatus::NotStarted => (tr!(lang, "未开始", "Not started"), "muted"),
        CandidateStatus::InProgress => (tr!(lang, "答题中", "In progress"), "live"),
        CandidateStatus::Submitted => (tr!(lang, "已交卷", "Submitted"), "done"),
        CandidateStatus::TimedOut => (tr!(lang, "到时交卷", "Timed out"), "done"),
        CandidateStatus::Absent => (tr!(lang, "缺考", "Absent"), "muted"),
        CandidateStatus::Voided => (tr!(lang, "已作废", "Voided"), "error"),
    }
}
