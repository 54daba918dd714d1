use std::collections::BTreeSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_meta::Title;
use question_bank::bank::question::{Answer, QuestionKind, MAX_TEXT_CHARS};
use question_bank::exam::clock::{format_cst, format_remaining, MINUTE_MS};

use super::api::{load_exam, report_focus_loss, submit_attempt, StartAttempt};
use super::choices;
use super::sync::ExamSync;
use super::{ExamPhase, ExamState, PaperQuestion, PaperSection, PaperView};
use crate::components::{FormError, Loaded};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// The candidate's exam page: waiting room, rules, answer sheet, or the hand-in receipt.
#[component]
pub fn ExamPage() -> impl IntoView {
    let start = ServerAction::<StartAttempt>::new();
    let refresh = RwSignal::new(0_u32);
    let state = resource(
        move || (start.version().get(), refresh.get()),
        |_| load_exam(),
    );
    view! {
        <Loaded resource=state page=true login_path="/exam/login" let:s>
            <ExamScreen state=s start refresh />
        </Loaded>
    }
}

#[component]
fn ExamScreen(
    state: ExamState,
    start: ServerAction<StartAttempt>,
    refresh: RwSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let facts = view! {
        <dl class="facts">
            <dt>{tr!(lang, "考生", "Candidate")}</dt>
            <dd>{state.candidate_name.clone()}</dd>
            <dt>{tr!(lang, "准考证号", "Ticket")}</dt>
            <dd class="mono">{state.ticket_number.clone()}</dd>
            <dt>{tr!(lang, "考试时间", "Window")}</dt>
            <dd>{format!("{} – {}", format_cst(state.opens_at), format_cst(state.closes_at))}</dd>
            <dt>{tr!(lang, "考试时长", "Duration")}</dt>
            <dd>{format!("{} {}", state.duration_minutes, tr!(lang, "分钟", "minutes"))}</dd>
            <dt>{tr!(lang, "题量 / 总分", "Questions / points")}</dt>
            <dd>{format!("{} / {}", state.question_count, state.total_points)}</dd>
        </dl>
    };
    let title = state.sitting_title.clone();
    match state.phase {
        ExamPhase::InProgress(paper) => view! { <AnswerSheet title paper refresh /> }.into_any(),
        ExamPhase::Waiting => view! {
            <Title text=title.clone() />
            <section class="page large-text">
                <h1>{title}</h1>
                {facts}
                <div class="notice">
                    {tr!(
                        lang, "考试尚未开始，请耐心等候。监考人员宣布开考后，点击下方按钮刷新。", "The exam has not begun. Please wait; when the proctor opens it, refresh."
                    )}
                </div>
                <button class="secondary big" on:click=move |_| refresh.update(|n| *n += 1)>
                    {tr!(lang, "刷新", "Refresh")}
                </button>
            </section>
        }.into_any(),
        ExamPhase::Ready => view! {
            <Title text=title.clone() />
            <section class="page large-text">
                <h1>{title}</h1>
                {facts}
                <div class="rules">
                    <h2>{tr!(lang, "考试须知", "Before you begin")}</h2>
                    <ul>
                        <li>
                            {tr!(
                                lang, "点击“开始答题”后开始计时，时间到系统自动交卷。", "The clock starts when you press Start; the paper is handed in automatically when time is up."
                            )}
                        </li>
                        <li>
                            {tr!(
                                lang, "每道题的答案选择后即自动保存，页面上会显示“已保存”。", "Each answer is saved as soon as you choose it; the page shows “Saved”."
                            )}
                        </li>
                        <li>
                            {tr!(
                                lang, "如页面意外关闭或刷新，重新打开后答案和剩余时间不会丢失。", "If the page closes or reloads, your answers and the time left are kept."
                            )}
                        </li>
                    </ul>
                </div>
                <ActionForm action=start>
                    <FormError error=Signal::derive(move || {
                        start.value().get().and_then(Result::err)
                    }) />
                    <button type="submit" class="primary big" data-testid="start-exam">
                        {tr!(lang, "开始答题", "Start the exam")}
                    </button>
                </ActionForm>
            </section>
        }.into_any(),
        ExamPhase::Finished { finished_at, timed_out } => view! {
            <Title text=title.clone() />
            <section class="page large-text">
                <h1>{title}</h1>
                {facts}
                <div class="notice ok" role="status" data-testid="exam-finished">
                    <p>
                        <strong>
                            {if timed_out {
                                tr!(
                                    lang, "考试时间已到，系统已自动交卷。", "Time is up: your paper was handed in automatically."
                                )
                            } else {
                                tr!(
                                    lang, "您已交卷，答卷已安全保存。", "You have handed in your paper; it is safely stored."
                                )
                            }}
                        </strong>
                    </p>
                    <p>
                        {format!(
                            "{}{}",
                            tr!(lang, "交卷时间：", "Handed in at: "),
                            format_cst(finished_at),
                        )}
                    </p>
                    <p>
                        {tr!(
                            lang, "成绩经审核后由工作人员公布。", "Results are published by staff after review."
                        )}
                    </p>
                </div>
            </section>
        }.into_any(),
        ExamPhase::Closed => view! {
            <Title text=title.clone() />
            <section class="page large-text">
                <h1>{title}</h1>
                {facts}
                <div class="notice error">
                    {tr!(lang, "本场考试已经结束。", "This sitting has ended.")}
                </div>
            </section>
        }.into_any(),
        ExamPhase::Voided => view! {
            <Title text=title.clone() />
            <section class="page large-text">
                <h1>{title}</h1>
                {facts}
                <div class="notice error" role="alert" data-testid="exam-voided">
                    {tr!(
                        lang, "您的答卷已由监考人员作废。如有疑问，请与监考人员联系。", "Your paper has been voided by the proctor. Please speak to the proctor if you have questions."
                    )}
                </div>
            </section>
        }.into_any(),
    }
}

#[component]
fn AnswerSheet(title: String, paper: PaperView, refresh: RwSignal<u32>) -> impl IntoView {
    let lang = use_lang();
    let sync = ExamSync::new(&paper);
    let ticker = StoredValue::new(None);
    Effect::new(move |_| ticker.set_value(sync.start()));
    on_cleanup(move || {
        if let Some(handle) = ticker.try_get_value().flatten() {
            handle.clear();
        }
    });
    // Each time the window loses focus (another tab or program), the proctor sees it counted.
    let blur = window_event_listener(leptos::ev::blur, move |_| {
        if !sync.closed.get_untracked() {
            let attempt_id = sync.attempt_id();
            spawn_local(async move {
                let _ = report_focus_loss(attempt_id).await;
            });
        }
    });
    on_cleanup(move || blur.remove());
    let large = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let view_mode = ViewMode {
        one_at_a_time: RwSignal::new(false),
        current: RwSignal::new(0),
        flags: RwSignal::new(BTreeSet::new()),
    };
    // (question id, number on the paper), in the paper's order.
    let order: Vec<(i64, i64)> = paper
        .questions
        .iter()
        .map(|q| (q.question_id, q.number))
        .collect();
    let numbers = order.clone();
    let unanswered = Memo::new(move |_| {
        numbers
            .iter()
            .filter(|(id, _)| {
                sync.answers
                    .with(|m| m.get(id).is_none_or(Answer::is_blank))
            })
            .map(|(_, n)| *n)
            .collect::<Vec<_>>()
    });
    let submit = move || {
        let attempt_id = sync.attempt_id();
        sync.closed.set(true);
        spawn_local(async move {
            match submit_attempt(attempt_id).await {
                Ok(_) => refresh.update(|n| *n += 1),
                Err(e) => {
                    sync.closed.set(false);
                    sync.error.set(Some(e));
                }
            }
        });
    };
    // Time up: hand in once every answer is acknowledged (the server also finalizes at the deadline).
    Effect::new(move |_| {
        if sync.live.get()
            && sync.remaining_ms() <= 0
            && sync.all_saved()
            && !sync.closed.get_untracked()
        {
            submit();
        }
    });
    let flag_numbers: Vec<(i64, i64)> = order.clone();
    let flagged_numbers = Memo::new(move |_| {
        view_mode.flags.with(|f| {
            flag_numbers
                .iter()
                .filter(|(id, _)| f.contains(id))
                .map(|(_, n)| *n)
                .collect::<Vec<_>>()
        })
    });
    // The hand-in dialog takes keyboard focus when it opens (on the safe choice, 继续作答)
    // and gives it back to the 交卷 button when it closes.
    let open_ref = NodeRef::<leptos::html::Button>::new();
    let keep_ref = NodeRef::<leptos::html::Button>::new();
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let close = move || {
        confirming.set(false);
        if let Some(open) = open_ref.get_untracked() {
            let _ = open.focus();
        }
    };
    Effect::new(move |_| {
        if let Some(keep) = keep_ref.get() {
            let _ = keep.focus();
        }
    });
    let question_count = paper.questions.len();
    view! {
        <Title text=title.clone() />
        <div
            class="exam"
            class:large-text=move || large.get()
            data-hydrated=move || sync.live.get().to_string()
            data-testid="answer-sheet"
        >
            // Without JavaScript nothing could be saved, so the controls stay disabled and say why.
            <noscript class="notice error" data-testid="needs-javascript">
                {tr!(
                    lang, "本页需要浏览器启用 JavaScript 才能作答和保存答案。请举手联系监考人员。", "This page needs JavaScript to take and save your answers. Please raise your hand for the proctor."
                )}
            </noscript>
            <div class="exam-bar">
                <div class="exam-title">{title}</div>
                <Countdown sync lang />
                <SaveStatus sync lang />
                <button
                    class="secondary"
                    on:click=move |_| large.update(|l| *l = !*l)
                    aria-pressed=move || large.get().to_string()
                >
                    {tr!(lang, "大字号", "Large text")}
                </button>
                <button
                    class="secondary"
                    data-testid="one-at-a-time"
                    on:click=move |_| view_mode.one_at_a_time.update(|o| *o = !*o)
                    aria-pressed=move || view_mode.one_at_a_time.get().to_string()
                >
                    {tr!(lang, "逐题显示", "One at a time")}
                </button>
                <button
                    class="primary"
                    node_ref=open_ref
                    on:click=move |_| confirming.set(true)
                    disabled=move || sync.closed.get()
                    data-testid="open-submit"
                >
                    {tr!(lang, "交卷", "Hand in")}
                </button>
            </div>
            {move || {
                sync.error
                    .get()
                    .map(|e| {
                        view! {
                            <div class="notice error" role="alert">
                                {e.message(lang)}
                            </div>
                        }
                    })
            }}
            <div class="exam-body">
                <Navigator order=order.clone() sync view_mode lang />
                <div class="paper">
                    {PaperSection::split(paper.questions)
                        .into_iter()
                        .enumerate()
                        .scan(
                            0usize,
                            |first, (i, section)| {
                                let start = *first;
                                *first += section.questions.len();
                                Some((i, start, section))
                            },
                        )
                        .map(|(i, start, section)| {
                            let heading = lang.pick(section.heading_zh(i), section.heading_en(i));
                            let end = start + section.questions.len();
                            let hidden = move || {
                                view_mode.one_at_a_time.get()
                                    && !(start..end).contains(&view_mode.current.get())
                            };
                            view! {
                                <section
                                    class="paper-section"
                                    aria-labelledby=format!("part{i}")
                                    hidden=hidden
                                >
                                    <h2 class="section-head" id=format!("part{i}")>
                                        {heading}
                                    </h2>
                                    <ol class="questions">
                                        {section
                                            .questions
                                            .into_iter()
                                            .enumerate()
                                            .map(|(k, q)| {
                                                view! {
                                                    <QuestionCard q index=start + k sync view_mode lang />
                                                }
                                            })
                                            .collect_view()}
                                    </ol>
                                    // After the list, not in it: an `<ol>` holds only `<li>`s.
                                    <Steps total=question_count view_mode lang />
                                </section>
                            }
                                .into_any()
                        })
                        .collect_view()}
                </div>
            </div>
            <Show when=move || confirming.get()>
                <div class="dialog-backdrop">
                    <div
                        class="dialog"
                        role="alertdialog"
                        aria-modal="true"
                        aria-labelledby="submit-title"
                        data-testid="submit-dialog"
                        on:keydown=move |ev| trap_dialog_keys(&ev, keep_ref, confirm_ref, close)
                    >
                        <h2 id="submit-title">
                            {tr!(lang, "确认交卷", "Hand in your paper?")}
                        </h2>
                        {move || {
                            let missing = unanswered.get();
                            if missing.is_empty() {
                                view! {
                                    <p>
                                        {format!(
                                            "{}{question_count}{}",
                                            tr!(lang, "全部", "All "),
                                            tr!(lang, "题均已作答。", " questions are answered."),
                                        )}
                                    </p>
                                }
                                    .into_any()
                            } else {
                                let list = missing
                                    .iter()
                                    .map(i64::to_string)
                                    .collect::<Vec<_>>()
                                    .join("、");
                                view! {
                                    <p class="warn" data-testid="unanswered">
                                        {format!(
                                            "{}{}{}{list}",
                                            tr!(lang, "还有", "Unanswered: "),
                                            missing.len(),
                                            tr!(lang, "题未作答：第", " — questions "),
                                        )}
                                        {tr!(lang, "题", "")}
                                    </p>
                                }
                                    .into_any()
                            }
                        }}
                        {move || {
                            let marked = flagged_numbers.get();
                            (!marked.is_empty())
                                .then(|| {
                                    let list = marked
                                        .iter()
                                        .map(i64::to_string)
                                        .collect::<Vec<_>>()
                                        .join("、");
                                    view! {
                                        <p class="warn" data-testid="flagged">
                                            {lang
                                                .pick(
                                                    format!(
                                                        "您标记了{}题待查看：第{list}题",
                                                        marked.len(),
                                                    ),
                                                    format!(
                                                        "Flagged to come back to: {} — questions {list}",
                                                        marked.len(),
                                                    ),
                                                )}
                                        </p>
                                    }
                                })
                        }}
                        <p>
                            {tr!(
                                lang, "交卷后不能再修改答案。", "After handing in you cannot change any answer."
                            )}
                        </p>
                        <div class="dialog-actions">
                            <button
                                class="secondary big"
                                node_ref=keep_ref
                                data-testid="keep-answering"
                                on:click=move |_| close()
                            >
                                {tr!(lang, "继续作答", "Keep answering")}
                            </button>
                            <button
                                class="primary big"
                                node_ref=confirm_ref
                                data-testid="confirm-submit"
                                disabled=move || !sync.all_saved() || sync.closed.get()
                                on:click=move |_| {
                                    confirming.set(false);
                                    submit();
                                }
                            >
                                {move || {
                                    if sync.all_saved() {
                                        tr!(lang, "确认交卷", "Hand in")
                                    } else {
                                        tr!(lang, "正在保存答案…", "Saving answers…")
                                    }
                                }}
                            </button>
                        </div>
                    </div>
                </div>
            </Show>
        </div>
    }
}

/// Keeps keyboard focus inside the hand-in dialog: Tab and Shift+Tab move between its two
/// buttons (only to 确认交卷 while it can be pressed), Esc closes it.
fn trap_dialog_keys(
    ev: &leptos::ev::KeyboardEvent,
    keep: NodeRef<leptos::html::Button>,
    confirm: NodeRef<leptos::html::Button>,
    close: impl Fn(),
) {
    match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
            ev.prevent_default();
            let (Some(keep), Some(confirm)) = (keep.get_untracked(), confirm.get_untracked())
            else {
                return;
            };
            let on_keep = document()
                .active_element()
                .is_some_and(|a| keep.is_same_node(Some(&*a)));
            let _ = if on_keep && !confirm.disabled() {
                confirm.focus()
            } else {
                keep.focus()
            };
        }
        _ => {}
    }
}

/// Moves keyboard focus to question `number` once it is shown (one at a time, it is shown
/// by this same click), scrolled to just below the sticky bar (`scroll-margin-top`).
fn focus_question(number: i64) {
    use leptos::wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let Some(question) = document()
            .get_element_by_id(&format!("q{number}"))
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        else {
            return;
        };
        let _ = question.focus();
        question.scroll_into_view();
    });
}

/// Previous and next, below the question shown one at a time.
#[component]
fn Steps(total: usize, view_mode: ViewMode, lang: Lang) -> impl IntoView {
    let one = view_mode.one_at_a_time;
    let current = view_mode.current;
    view! {
        <div class="navigator-steps" hidden=move || !one.get()>
            <button
                type="button"
                class="secondary"
                data-testid="previous"
                disabled=move || current.get() == 0
                on:click=move |_| current.update(|c| *c = c.saturating_sub(1))
            >
                {tr!(lang, "上一题", "Previous")}
            </button>
            <span>{move || format!("{} / {total}", current.get() + 1)}</span>
            <button
                type="button"
                class="secondary"
                data-testid="next"
                disabled=move || { current.get() + 1 >= total }
                on:click=move |_| current.update(|c| *c = (*c + 1).min(total.saturating_sub(1)))
            >
                {tr!(lang, "下一题", "Next")}
            </button>
        </div>
    }
}

/// How the paper is shown: all questions, or one at a time; and the questions the candidate
/// flagged to come back to.
#[derive(Clone, Copy)]
struct ViewMode {
    one_at_a_time: RwSignal<bool>,
    /// The question shown one at a time (0-based place on the paper).
    current: RwSignal<usize>,
    flags: RwSignal<BTreeSet<i64>>,
}

/// 答题卡: every question by number, answered, unanswered or flagged; a click goes to it.
#[component]
fn Navigator(
    order: Vec<(i64, i64)>,
    sync: ExamSync,
    view_mode: ViewMode,
    lang: Lang,
) -> impl IntoView {
    let total = order.len();
    let ids: Vec<i64> = order.iter().map(|(id, _)| *id).collect();
    let answered = move || {
        sync.answers.with(|m| {
            ids.iter()
                .filter(|id| m.get(id).is_some_and(|a| !a.is_blank()))
                .count()
        })
    };
    let flagged = move || view_mode.flags.with(|f| f.len());
    let one = view_mode.one_at_a_time;
    let current = view_mode.current;
    view! {
        <nav
            class="navigator"
            aria-label=tr!(lang, "答题卡", "Question navigator")
            data-testid="navigator"
        >
            <p class="navigator-summary">
                {move || {
                    lang.pick(
                        format!(
                            "已答 {} 题，未答 {} 题，标记 {} 题",
                            answered(),
                            total - answered(),
                            flagged(),
                        ),
                        format!(
                            "{} answered, {} unanswered, {} flagged",
                            answered(),
                            total - answered(),
                            flagged(),
                        ),
                    )
                }}
            </p>
            <ol class="navigator-grid">
                {order
                    .into_iter()
                    .enumerate()
                    .map(|(i, (id, number))| {
                        let done = move || {
                            sync.answers.with(|m| m.get(&id).is_some_and(|a| !a.is_blank()))
                        };
                        let marked = move || view_mode.flags.with(|f| f.contains(&id));
                        let label = move || {
                            let state = if done() {
                                tr!(lang, "已答", "answered")
                            } else {
                                tr!(lang, "未答", "unanswered")
                            };
                            let flag = if marked() {
                                tr!(lang, "，已标记", ", flagged")
                            } else {
                                ""
                            };
                            lang.pick(
                                format!("第{number}题，{state}{flag}"),
                                format!("Question {number}, {state}{flag}"),
                            )
                        };
                        view! {
                            <li>
                                <a
                                    href=format!("#q{number}")
                                    class="nav-item"
                                    class:answered=done
                                    class:flagged=marked
                                    class:current=move || one.get() && current.get() == i
                                    aria-label=label
                                    on:click=move |_| {
                                        current.set(i);
                                        focus_question(number);
                                    }
                                >
                                    {number}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
    .into_any()
}

#[component]
fn Countdown(sync: ExamSync, lang: Lang) -> impl IntoView {
    let remaining = move || sync.remaining_ms().max(0);
    let class = move || match remaining() {
        r if r <= MINUTE_MS => "countdown urgent",
        r if r <= 10 * MINUTE_MS => "countdown warn",
        _ => "countdown",
    };
    // Screen readers hear the time once a minute, not every second.
    let minutes_left = move || (remaining() + MINUTE_MS - 1) / MINUTE_MS;
    view! {
        <div class=class>
            <span class="label">{tr!(lang, "剩余时间", "Time left")}</span>
            <span class="time" role="timer" aria-live="off" data-testid="countdown">
                {move || format_remaining(remaining())}
            </span>
            <span class="sr-only" aria-live="polite">
                {move || {
                    format!(
                        "{}{}{}",
                        tr!(lang, "剩余", "Time left: "),
                        minutes_left(),
                        tr!(lang, "分钟", " minutes"),
                    )
                }}
            </span>
            {move || {
                match minutes_left() {
                    1 => Some(tr!(lang, "最后1分钟！", "Last minute!")),
                    2..=5 => Some(tr!(lang, "不足5分钟", "Under 5 minutes")),
                    6..=10 => Some(tr!(lang, "不足10分钟", "Under 10 minutes")),
                    _ => None,
                }
                    .map(|w| view! { <span class="time-warning">{w}</span> })
            }}
        </div>
    }
}

#[component]
fn SaveStatus(sync: ExamSync, lang: Lang) -> impl IntoView {
    let text = move || {
        let waiting = sync.pending.with(|p| p.len());
        // Until the page is interactive nothing can be saved yet: say so rather than that all
        // is saved (with JavaScript off it stays so, beside the notice that says why).
        if !sync.live.get() {
            return ("loading", tr!(lang, "加载中…", "Loading…").to_owned());
        }
        match (sync.closed.get(), sync.offline.get(), waiting) {
            (true, _, 0) => ("saved", tr!(lang, "答卷已锁定", "Paper locked").to_owned()),
            (_, true, n) if n > 0 => (
                "offline",
                format!(
                    "{}{n}{}",
                    tr!(lang, "网络中断：", "Offline: "),
                    tr!(
                        lang,
                        "题答案待保存，恢复后自动补存",
                        " answers waiting; they are sent when the connection returns"
                    )
                ),
            ),
            (_, _, 0) => (
                "saved",
                tr!(lang, "所有答案已保存", "All answers saved").to_owned(),
            ),
            (_, _, n) => (
                "saving",
                format!(
                    "{}{n}{}",
                    tr!(lang, "正在保存", "Saving "),
                    tr!(lang, "题…", " answers…")
                ),
            ),
        }
    };
    view! {
        <div
            class=move || format!("save-status {}", text().0)
            role="status"
            aria-live="polite"
            data-testid="save-status"
        >
            {move || text().1}
        </div>
    }
}

#[component]
fn QuestionCard(
    q: PaperQuestion,
    /// The question's place on the paper (0-based).
    index: usize,
    sync: ExamSync,
    view_mode: ViewMode,
    lang: Lang,
) -> impl IntoView {
    let qid = q.question_id;
    let hidden = move || view_mode.one_at_a_time.get() && view_mode.current.get() != index;
    let flagged = move || view_mode.flags.with(|f| f.contains(&qid));
    let kind = q.kind;
    let choices = choices::choices(kind, &q.options, lang);
    let state = move || {
        if sync.pending.with(|p| p.contains_key(&qid)) {
            Some(("saving", tr!(lang, "保存中…", "Saving…")))
        } else if sync
            .answers
            .with(|m| m.get(&qid).is_some_and(|a| !a.is_blank()))
        {
            Some(("saved", tr!(lang, "已保存", "Saved")))
        } else {
            None
        }
    };
    let input_type = choices::input_type(kind);
    view! {
        <li
            class="question"
            id=format!("q{}", q.number)
            tabindex="-1"
            data-testid="question"
            hidden=hidden
            class:flagged=flagged
        >
            <fieldset>
                <legend>
                    <span class="qno">
                        {format!("{}{}{}", tr!(lang, "第", "Q"), q.number, tr!(lang, "题", ""))}
                    </span>
                    <span class="qmeta">
                        {format!(
                            "（{} · {}{}）",
                            lang.pick(kind.label_zh(), kind.label_en()),
                            q.points,
                            tr!(lang, "分", " pt"),
                        )}
                    </span>
                    <span class="stem">{q.stem}</span>
                </legend>
                {if kind == QuestionKind::ShortAnswer {
                    let text = move || {
                        sync.answers
                            .with(|m| match m.get(&qid) {
                                Some(Answer::Text(t)) => t.clone(),
                                _ => String::new(),
                            })
                    };
                    // Each keystroke is kept in the browser and sent; one save per question is
                    // on the wire at a time, the newest text following it.
                    view! {
                        <textarea
                            class="short-answer"
                            name=format!("q{qid}")
                            rows="6"
                            maxlength=MAX_TEXT_CHARS.to_string()
                            aria-label=tr!(lang, "作答", "Your answer")
                            data-testid="short-answer"
                            prop:value=text
                            disabled=move || !sync.takes_answers()
                            on:input=move |ev| {
                                sync.choose(qid, Answer::Text(event_target_value(&ev)))
                            }
                        ></textarea>
                    }
                        .into_any()
                } else {
                    view! {
                        <div class="choices">
                            {choices
                                .into_iter()
                                .map(|(index, label, answer)| {
                                    let own = answer.clone();
                                    let checked = move || {
                                        sync.answers
                                            .with(|m| choices::is_ticked(m.get(&qid), index, &own))
                                    };
                                    let on_change = move |_| {
                                        let next = sync
                                            .answers
                                            .with_untracked(|m| choices::clicked(
                                                kind,
                                                m.get(&qid),
                                                index,
                                                &answer,
                                            ));
                                        sync.choose(qid, next);
                                    };
                                    view! {
                                        <label class="choice">
                                            <input
                                                type=input_type
                                                name=format!("q{qid}")
                                                checked=checked.clone()
                                                prop:checked=checked
                                                on:change=on_change
                                                disabled=move || !sync.takes_answers()
                                            />
                                            <span>{label}</span>
                                        </label>
                                    }
                                })
                                .collect_view()}
                        </div>
                    }
                        .into_any()
                }}
                <div class="qstate" aria-live="polite">
                    <button
                        type="button"
                        class="flag"
                        data-testid="flag"
                        aria-pressed=move || flagged().to_string()
                        on:click=move |_| {
                            view_mode
                                .flags
                                .update(|f| {
                                    if !f.remove(&qid) {
                                        f.insert(qid);
                                    }
                                })
                        }
                    >
                        {move || {
                            if flagged() {
                                tr!(lang, "已标记（再点取消）", "Flagged (click to clear)")
                            } else {
                                tr!(lang, "标记此题，稍后再看", "Flag to come back to")
                            }
                        }}
                    </button>
                    {move || {
                        state()
                            .map(|(class, text)| {
                                view! { <span class=format!("badge {class}")>{text}</span> }
                            })
                    }}
                </div>
            </fieldset>
        </li>
    }
}
