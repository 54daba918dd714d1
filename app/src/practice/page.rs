//! The practice pages: practise by law with feedback after each answer (/practice), and a
//! mock exam marked at hand-in (/practice/mock).

use leptos::prelude::*;
use question_bank::bank::question::Answer;

use super::api::{load_practice, CheckAnswer, HandInMock, NextQuestion, StartMock};
use super::{Feedback, MockAnswer, MockPaper, MockResult, PracticeQuestion};
use crate::components::{FormError, Loaded, Page};
use crate::exam::choices;
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// 考前练习: choose a law, answer, see why.
#[component]
pub fn PracticePage() -> impl IntoView {
    let lang = use_lang();
    let home = resource(|| (), |_| load_practice());
    let next = ServerAction::<NextQuestion>::new();
    let check = ServerAction::<CheckAnswer>::new();
    let law = RwSignal::new(String::new());
    let seen = RwSignal::new(Vec::<i64>::new());
    let ask = move |for_law: String| {
        law.set(for_law.clone());
        check.clear();
        next.dispatch(NextQuestion {
            law: for_law,
            exclude: seen.get_untracked(),
        });
    };
    view! {
        <Page title=tr!(lang, "考前练习", "Practice")>
            <Loaded resource=home login_path="/practice/login" let:home>
                <p class="hint" data-testid="practice-intro">
                    {lang
                        .pick(
                            format!(
                                "{}，您报名的是“{}”。选择一部法律开始练习：每答一题即显示正确答案、解析和所依据的法条。",
                                home.candidate_name,
                                home.sitting_title,
                            ),
                            format!(
                                "{}, you are enrolled in “{}”. Choose a law to practise: after each answer you see the key, the explanation and the article it rests on.",
                                home.candidate_name,
                                home.sitting_title,
                            ),
                        )}
                </p>
                <div class="toolbar law-picker" data-testid="law-picker">
                    {home
                        .laws
                        .into_iter()
                        .map(|(id, name, count)| {
                            let pick = id.clone();
                            let pressed = move || law.get() == id;
                            view! {
                                <button
                                    type="button"
                                    class="secondary"
                                    aria-pressed=move || pressed().to_string()
                                    on:click=move |_| ask(pick.clone())
                                >
                                    {format!("{name}（{count}）")}
                                </button>
                            }
                        })
                        .collect_view()}
                    <a class="button primary" href="/practice/mock">
                        {tr!(lang, "模拟考试", "Mock exam")}
                    </a>
                </div>
            </Loaded>
            <FormError error=Signal::derive(move || next.value().get().and_then(Result::err)) />
            {move || match next.value().get() {
                _ if next.pending().get() => view! { <p class="loading">"…"</p> }.into_any(),
                Some(Ok(Some(question))) => {
                    view! {
                        <PracticeCard
                            question
                            check
                            seen
                            next=move || ask(law.get_untracked())
                            lang
                        />
                    }
                        .into_any()
                }
                Some(Ok(None)) => {
                    view! {
                        <p class="empty">
                            {tr!(
                                lang, "这部法律暂无练习题。", "No practice questions for this law yet."
                            )}
                        </p>
                    }
                        .into_any()
                }
                _ => ().into_any(),
            }}
        </Page>
    }
}

/// One practice question: answer it, then see the feedback and go on.
#[component]
fn PracticeCard(
    question: PracticeQuestion,
    check: ServerAction<CheckAnswer>,
    seen: RwSignal<Vec<i64>>,
    next: impl Fn() + Copy + Send + Sync + 'static,
    lang: Lang,
) -> impl IntoView {
    let answer = RwSignal::new(None::<Answer>);
    let id = question.question_id;
    let answered = move || {
        check
            .value()
            .get()
            .and_then(Result::ok)
            .filter(|f| f.question_id == id)
    };
    let submit = move |_| {
        if let Some(given) = answer.get_untracked() {
            seen.update(|s| s.push(id));
            check.dispatch(CheckAnswer {
                question_id: id,
                answer: given,
            });
        }
    };
    view! {
        <div class="card practice-card" data-testid="practice-question">
            <ChoiceList
                question=question.clone()
                answer
                locked=Signal::derive(move || answered().is_some())
                lang
            />
            <FormError error=Signal::derive(move || check.value().get().and_then(Result::err)) />
            {move || match answered() {
                None => {
                    view! {
                        <button
                            type="button"
                            class="primary big"
                            disabled=move || answer.get().is_none_or(|a| a.is_blank())
                            on:click=submit
                        >
                            {tr!(lang, "提交答案", "Check my answer")}
                        </button>
                    }
                        .into_any()
                }
                Some(feedback) => {
                    view! {
                        <FeedbackPanel feedback lang />
                        <button type="button" class="primary big" on:click=move |_| next()>
                            {tr!(lang, "下一题", "Next question")}
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// A question's stem and choices, answered into `answer`.
#[component]
fn ChoiceList(
    question: PracticeQuestion,
    answer: RwSignal<Option<Answer>>,
    #[prop(into)] locked: Signal<bool>,
    lang: Lang,
    #[prop(optional, into)] heading: Option<String>,
) -> impl IntoView {
    let kind = question.kind;
    let name = format!("p{}", question.question_id);
    view! {
        <fieldset class="question">
            <legend>
                {heading.map(|h| view! { <span class="qno">{h}</span> })}
                <span class="qmeta">
                    {format!("（{}）", lang.pick(kind.label_zh(), kind.label_en()))}
                </span> <span class="stem">{question.stem}</span>
            </legend>
            <div class="choices">
                {choices::choices(kind, &question.options, lang)
                    .into_iter()
                    .map(|(index, label, own)| {
                        let mine = own.clone();
                        let ticked = move || {
                            answer.with(|a| choices::is_ticked(a.as_ref(), index, &mine))
                        };
                        let name = name.clone();
                        view! {
                            <label class="choice">
                                <input
                                    type=choices::input_type(kind)
                                    name=name
                                    checked=ticked.clone()
                                    prop:checked=ticked
                                    disabled=move || locked.get()
                                    on:change=move |_| {
                                        answer
                                            .update(|a| {
                                                *a = Some(choices::clicked(kind, a.as_ref(), index, &own));
                                            })
                                    }
                                />
                                <span>{label}</span>
                            </label>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// Right or wrong, the key, the explanation and the cited article; or, while a sitting may
/// still use the question, why they are withheld.
#[component]
fn FeedbackPanel(feedback: Feedback, lang: Lang) -> impl IntoView {
    use question_bank::Bilingual;
    if let Some(withheld) = feedback.withheld {
        return view! {
            <div class="notice feedback" role="status" data-testid="feedback">
                {(!feedback.given.is_empty())
                    .then(|| {
                        view! {
                            <p>
                                {format!(
                                    "{}{}",
                                    tr!(lang, "您的答案：", "Yours: "),
                                    feedback.given,
                                )}
                            </p>
                        }
                    })}
                <p data-testid="withheld">{lang.pick(withheld.zh(), withheld.en())}</p>
            </div>
        }
        .into_any();
    }
    let (class, verdict) = if feedback.correct == Some(true) {
        ("notice ok", tr!(lang, "回答正确", "Correct"))
    } else {
        ("notice error", tr!(lang, "回答错误", "Not quite"))
    };
    view! {
        <div class=format!("{class} feedback") role="status" data-testid="feedback">
            <p>
                <strong>{verdict}</strong>
                {format!("　{}{}", tr!(lang, "正确答案：", "Key: "), feedback.key)}
                {(!feedback.given.is_empty())
                    .then(|| {
                        format!("　{}{}", tr!(lang, "您的答案：", "Yours: "), feedback.given)
                    })}
            </p>
            {(!feedback.explanation.is_empty())
                .then(|| {
                    view! {
                        <p>
                            {tr!(lang, "解析：", "Explanation: ")}{feedback.explanation.clone()}
                        </p>
                    }
                })}
            <p class="citation">{tr!(lang, "法条出处：", "Source: ")}{feedback.citation}</p>
            {(!feedback.article.is_empty())
                .then(|| {
                    view! {
                        <blockquote class="article" data-testid="article">
                            {feedback
                                .article
                                .into_iter()
                                .map(|p| view! { <p>{p}</p> })
                                .collect_view()}
                        </blockquote>
                    }
                })}
        </div>
    }
    .into_any()
}

/// 模拟考试: a paper by the sitting's blueprint, marked when handed in.
#[component]
pub fn MockPage() -> impl IntoView {
    let lang = use_lang();
    let start = ServerAction::<StartMock>::new();
    let hand_in = ServerAction::<HandInMock>::new();
    view! {
        <Page title=tr!(lang, "模拟考试", "Mock exam")>
            <p class="hint">
                {tr!(
                    lang, "模拟考试按正式考试的组卷规则随机组卷（不含正式考试专用题），交卷后显示得分和每题的正确答案、解析与法条。成绩不记录。", "A mock paper is drawn by the real sitting's blueprint (never from questions reserved for real sittings); handing it in shows the score and, for every question, the key, the explanation and the article. Nothing is recorded."
                )}
            </p>
            <MockToolbar start hand_in lang />
            {move || {
                start
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|paper| view! { <MockSheet paper hand_in lang /> }.into_any())
            }}
        </Page>
    }
}

/// Back to practice, and draw a (new) mock paper.
#[component]
fn MockToolbar(
    start: ServerAction<StartMock>,
    hand_in: ServerAction<HandInMock>,
    lang: Lang,
) -> impl IntoView {
    view! {
        <div class="toolbar">
            <a class="button secondary" href="/practice">
                {tr!(lang, "返回按法律练习", "Back to practice by law")}
            </a>
            <button
                type="button"
                class="primary"
                data-testid="start-mock"
                on:click=move |_| {
                    hand_in.clear();
                    start.dispatch(StartMock {});
                }
            >
                {move || {
                    if start.value().get().is_some() {
                        tr!(lang, "换一份试卷", "Draw another paper")
                    } else {
                        tr!(lang, "开始模拟考试", "Start a mock exam")
                    }
                }}
            </button>
        </div>
        <FormError error=Signal::derive(move || start.value().get().and_then(Result::err)) />
    }
    .into_any()
}

#[component]
fn MockSheet(paper: MockPaper, hand_in: ServerAction<HandInMock>, lang: Lang) -> impl IntoView {
    let answers: Vec<(i64, RwSignal<Option<Answer>>)> = paper
        .questions
        .iter()
        .map(|q| (q.question.question_id, RwSignal::new(None)))
        .collect();
    let seed = paper.seed.clone();
    let sheet = answers.clone();
    let submit = move |_| {
        let given = sheet
            .iter()
            .filter_map(|(id, a)| {
                a.get_untracked()
                    .filter(|a| !a.is_blank())
                    .map(|answer| MockAnswer {
                        question_id: *id,
                        answer,
                    })
            })
            .collect();
        hand_in.dispatch(HandInMock {
            seed: seed.clone(),
            answers: given,
        });
    };
    let result = move || hand_in.value().get().and_then(Result::ok);
    let locked = Signal::derive(move || hand_in.value().get().is_some_and(|r| r.is_ok()));
    view! {
        <p data-testid="mock-facts">
            {lang
                .pick(
                    format!(
                        "共{}题，满分{}分，{}分及格；正式考试时长{}分钟。",
                        paper.questions.len(),
                        paper.total_points,
                        paper.pass_mark,
                        paper.duration_minutes,
                    ),
                    format!(
                        "{} questions, {} points, pass mark {}; the real exam lasts {} minutes.",
                        paper.questions.len(),
                        paper.total_points,
                        paper.pass_mark,
                        paper.duration_minutes,
                    ),
                )}
        </p>
        {move || result().map(|r| view! { <MockScore result=r lang /> })}
        <ol class="paper mock-paper" data-testid="mock-paper">
            {paper
                .questions
                .into_iter()
                .zip(answers)
                .map(|(q, (id, answer))| {
                    let heading = lang
                        .pick(
                            format!("第{}题 {}分", q.number, q.points),
                            format!("Q{} · {} pt", q.number, q.points),
                        );
                    let feedback = move || {
                        result().and_then(|r| r.items.into_iter().find(|f| f.question_id == id))
                    };
                    view! {
                        <li class="card" data-testid="mock-question">
                            <ChoiceList question=q.question answer locked heading lang />
                            {move || {
                                feedback().map(|f| view! { <FeedbackPanel feedback=f lang /> })
                            }}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <FormError error=Signal::derive(move || hand_in.value().get().and_then(Result::err)) />
        <button
            type="button"
            class="primary big"
            data-testid="hand-in-mock"
            disabled=move || locked.get()
            on:click=submit
        >
            {tr!(lang, "交卷并查看结果", "Hand in and see the result")}
        </button>
    }
    .into_any()
}

#[component]
fn MockScore(result: MockResult, lang: Lang) -> impl IntoView {
    let right = result
        .items
        .iter()
        .filter(|f| f.correct == Some(true))
        .count();
    let unmarked = result.unmarked;
    view! {
        <div
            class=if result.passed { "notice ok" } else { "notice error" }
            role="status"
            data-testid="mock-score"
        >
            <strong>
                {lang
                    .pick(
                        format!(
                            "得分 {} / {}（{}分及格）：{}",
                            result.earned,
                            result.possible,
                            result.pass_mark,
                            if result.passed { "合格" } else { "不合格" },
                        ),
                        format!(
                            "Score {} / {} (pass mark {}): {}",
                            result.earned,
                            result.possible,
                            result.pass_mark,
                            if result.passed { "pass" } else { "fail" },
                        ),
                    )}
            </strong>
            {lang
                .pick(
                    format!("　答对{}题，每题下方有正确答案和法条。", right),
                    format!(" {right} right; each question below shows its key and article."),
                )}
            {(unmarked > 0)
                .then(|| {
                    lang.pick(
                        format!(
                            "另有{unmarked}题正在被尚未结束的考试使用，不计分，也不公布答案。",
                        ),
                        format!(
                            " {unmarked} more are used by a sitting not over yet: not marked, and their keys are withheld.",
                        ),
                    )
                })}
        </div>
    }
}
