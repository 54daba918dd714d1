//! 监考台: the proctor's live view of a sitting. Every candidate's status, answers, time
//! left, last contact, focus losses and address, pushed by the server as it changes
//! (server-sent events, see `feed`) without a reload (rows are keyed, so a reason being
//! typed is kept); the actions each status allows; and the incident log, printable with
//! the sitting. Without JavaScript the page is the same table as of its loading, with a
//! link to load it again.

use leptos::prelude::*;
use leptos_meta::Title;
use question_bank::consequence::NEW_ACCESS_CODE;
use question_bank::exam::clock::{format_cst, format_cst_time, format_remaining};
use question_bank::exam::lifecycle::SittingState;

use super::api::{get_incidents, get_sitting, ReissueAccessCode};
#[cfg(feature = "hydrate")]
use super::feed::{events_path, ConsoleSnapshot};
use super::pages::{status_label, ExtendAllForm, ProctorForm, StateBadge};
use super::{CandidateRow, CandidateStatus, IncidentView};
use crate::components::{
    clear_on_success, use_id_param, ConfirmStep, ErrorNotice, FormError, PrintButton,
};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

#[component]
pub fn ConsolePage() -> impl IntoView {
    let lang = use_lang();
    let sitting_id = use_id_param();
    // The first view comes with the page (and is the whole page without JavaScript); the
    // browser then follows the server's event stream and updates the rows in place.
    let detail = resource(sitting_id, get_sitting);
    let incidents = resource(sitting_id, get_incidents);
    let rows = RwSignal::new(Vec::<CandidateRow>::new());
    let log = RwSignal::new(Vec::<IncidentView>::new());
    // Client only: effects do not run on the server.
    Effect::new(move |_| follow(sitting_id(), rows, log));
    view! {
        <Suspense fallback=|| {
            view! { <p class="loading">"…"</p> }
        }>
            {move || Suspend::new(async move {
                let (detail, incidents) = (detail.await, incidents.await);
                match detail {
                    Err(e) => {
                        view! {
                            <section class="page">
                                <ErrorNotice error=e />
                            </section>
                        }
                            .into_any()
                    }
                    Ok(d) => {
                        rows.set(d.candidates.clone());
                        log.set(incidents.unwrap_or_default());
                        let s = d.summary;
                        let title = format!(
                            "{} · {}",
                            tr!(lang, "监考台", "Proctor console"),
                            s.title,
                        );
                        view! {
                            <Title text=title.clone() />
                            <section class="page console">
                                <h1>{title}</h1>
                                <p class="console-facts">
                                    <StateBadge state=s.state lang />
                                    {format!(
                                        " {} – {} · {} {}",
                                        format_cst(s.opens_at),
                                        format_cst_time(s.closes_at),
                                        s.duration_minutes,
                                        tr!(lang, "分钟", "min"),
                                    )}
                                    <a class="no-print" href=format!("/staff/sittings/{}", s.id)>
                                        {tr!(
                                            lang, "　返回考试场次", "  Back to the sitting"
                                        )}
                                    </a>
                                    <noscript>
                                        <a
                                            class="no-print"
                                            href=format!("/staff/sittings/{}/console", s.id)
                                        >
                                            {tr!(lang, "　刷新", "  Refresh")}
                                        </a>
                                    </noscript>
                                </p>
                                <Counts rows lang />
                                {(s.state == SittingState::Open)
                                    .then(|| view! { <ExtendAllForm sitting_id=s.id lang /> })}
                                <ConsoleTable rows question_count=s.question_count lang />
                                <IncidentLog log lang />
                            </section>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// How many candidates are where.
#[component]
fn Counts(rows: RwSignal<Vec<CandidateRow>>, lang: Lang) -> impl IntoView {
    let count = move |status: CandidateStatus| {
        rows.with(|r| r.iter().filter(|c| c.status == status).count())
    };
    view! {
        <p class="console-counts" data-testid="console-counts">
            {[
                CandidateStatus::NotStarted,
                CandidateStatus::InProgress,
                CandidateStatus::Submitted,
                CandidateStatus::TimedOut,
                CandidateStatus::Absent,
                CandidateStatus::Voided,
            ]
                .into_iter()
                .map(|status| {
                    view! {
                        <span class="count">
                            {status_label(status, lang).0}" "
                            <strong>{move || count(status)}</strong>
                        </span>
                    }
                })
                .collect_view()}
        </p>
    }
}

#[component]
fn ConsoleTable(
    rows: RwSignal<Vec<CandidateRow>>,
    question_count: i64,
    lang: Lang,
) -> impl IntoView {
    view! {
        <table class="grid console-table" data-testid="console-table">
            <thead>
                <tr>
                    <th>{tr!(lang, "准考证号", "Ticket")}</th>
                    <th>{tr!(lang, "姓名", "Name")}</th>
                    <th>{tr!(lang, "状态", "Status")}</th>
                    <th>{tr!(lang, "已答", "Answered")}</th>
                    <th>{tr!(lang, "剩余时间", "Time left")}</th>
                    <th>{tr!(lang, "最近联系", "Last contact")}</th>
                    <th>{tr!(lang, "离开页面", "Left the page")}</th>
                    <th>{tr!(lang, "登录地址", "Address")}</th>
                    <th class="no-print">{tr!(lang, "监考操作", "Proctor")}</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || rows.get() key=|c| c.id let:c>
                    <ConsoleRow id=c.id rows question_count lang />
                </For>
            </tbody>
        </table>
    }
}

/// One candidate's row: its cells follow the latest poll; the action form stays as typed.
#[component]
fn ConsoleRow(
    id: i64,
    rows: RwSignal<Vec<CandidateRow>>,
    question_count: i64,
    lang: Lang,
) -> impl IntoView {
    let field = move |f: fn(&CandidateRow) -> String| {
        move || rows.with(|r| r.iter().find(|c| c.id == id).map(f).unwrap_or_default())
    };
    let status = move || rows.with(|r| r.iter().find(|c| c.id == id).map(|c| c.status));
    let first = rows.with_untracked(|r| r.iter().find(|c| c.id == id).cloned());
    let Some(first) = first else {
        return ().into_any();
    };
    view! {
        <tr data-testid="console-row">
            <td class="mono">{first.ticket_number.clone()}</td>
            <td>{first.name.clone()}</td>
            <td>
                {move || {
                    status()
                        .map(|s| {
                            let (label, class) = status_label(s, lang);
                            view! {
                                <span class=format!("badge {class}") data-testid="console-status">
                                    {label}
                                </span>
                            }
                        })
                }}
            </td>
            <td>
                {move || {
                    format!(
                        "{} / {}",
                        rows.with(|r| r.iter().find(|c| c.id == id).map_or(0, |c| c.answered)),
                        question_count,
                    )
                }}
            </td>
            <td class="mono" data-testid="console-remaining">
                {field(|c| c.remaining_ms.map(format_remaining).unwrap_or_else(|| "—".into()))}
            </td>
            <td>
                {move || {
                    rows.with(|r| {
                        r.iter()
                            .find(|c| c.id == id)
                            .and_then(|c| c.contact_ago_secs)
                            .map_or_else(|| "—".to_owned(), |s| contact_ago(s, lang))
                    })
                }}
            </td>
            <td data-testid="console-focus">{field(|c| c.focus_losses.to_string())}</td>
            <td class="mono">
                {field(|c| if c.last_ip.is_empty() { "—".into() } else { c.last_ip.clone() })}
            </td>
            <td class="no-print">
                // Re-made when the status changes, so it offers what the new status allows.
                {move || status().map(|s| view! { <ProctorForm candidate_id=id status=s lang /> })}
                {move || {
                    (status() == Some(CandidateStatus::InProgress))
                        .then(|| view! { <UnlockForm candidate_id=id lang /> })
                }}
            </td>
        </tr>
    }
    .into_any()
}

/// 换机: a new access code, so the candidate continues on another PC (the old session ends
/// at that login). The code is shown here once, with its slip to print.
#[component]
fn UnlockForm(candidate_id: i64, lang: Lang) -> impl IntoView {
    let reissue = ServerAction::<ReissueAccessCode>::new();
    let form = NodeRef::new();
    clear_on_success(
        Signal::derive(move || matches!(reissue.value().get(), Some(Ok(_)))),
        form,
    );
    view! {
        <ActionForm
            action=reissue
            node_ref=form
            attr:class="inline-form"
            attr:data-testid="unlock-form"
        >
            <input type="hidden" name="candidate_id" value=candidate_id.to_string() />
            <ConfirmStep
                label=tr!(lang, "换机（新访问码）…", "Another PC (new code)…")
                consequence=lang.pick(NEW_ACCESS_CODE.zh, NEW_ACCESS_CODE.en)
                confirm_label=tr!(lang, "确认换机", "Yes: issue a new code")
            >
                <input
                    type="text"
                    name="reason"
                    required
                    placeholder=tr!(lang, "换机原因", "Why another PC")
                    aria-label=tr!(lang, "换机原因", "Reason for another PC")
                />
            </ConfirmStep>
            {move || {
                reissue
                    .value()
                    .get()
                    .and_then(Result::ok)
                    .map(|t| {
                        view! {
                            <span class="badge done" role="status">
                                {tr!(lang, "新访问码：", "New code: ")}
                                <span class="mono" data-testid="new-code">
                                    {t.access_code}
                                </span>
                            </span>
                            " "
                            <a
                                href=format!("/staff/sittings/{}/slips", t.sitting_id)
                                target="_blank"
                                data-testid="print-slips"
                            >
                                {tr!(lang, "打印准考证", "Print the slip")}
                            </a>
                        }
                    })
            }}
            <FormError error=Signal::derive(move || reissue.value().get().and_then(Result::err)) />
        </ActionForm>
    }
}

fn contact_ago(secs: i64, lang: Lang) -> String {
    match secs {
        0..=59 => lang.pick(format!("{secs}秒前"), format!("{secs} s ago")),
        s => lang.pick(format!("{}分钟前", s / 60), format!("{} min ago", s / 60)),
    }
}

/// 考场记录: every state change and proctor action, with who, when and why.
#[component]
fn IncidentLog(log: RwSignal<Vec<IncidentView>>, lang: Lang) -> impl IntoView {
    view! {
        <h2>{tr!(lang, "考场记录", "Incident log")}</h2>
        <table class="grid" data-testid="incident-log">
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
                {move || {
                    log.get()
                        .into_iter()
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
                        .collect_view()
                }}
            </tbody>
        </table>
        <p class="no-print">
            <PrintButton label=tr!(lang, "打印考场记录", "Print the log") />
        </p>
    }
}

/// Follows the sitting's event stream into the console's signals until the page is left.
/// The browser reconnects by itself after a dropped connection or a server restart.
#[cfg(feature = "hydrate")]
fn follow(sitting_id: i64, rows: RwSignal<Vec<CandidateRow>>, log: RwSignal<Vec<IncidentView>>) {
    use wasm_bindgen::prelude::Closure;
    use wasm_bindgen::JsCast;
    let Ok(source) = web_sys::EventSource::new(&events_path(sitting_id)) else {
        return;
    };
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let snapshot = e
                .data()
                .as_string()
                .and_then(|text| serde_json::from_str::<ConsoleSnapshot>(&text).ok());
            if let Some(s) = snapshot {
                rows.set(s.candidates);
                log.set(s.incidents);
            }
        });
    source.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    let held = StoredValue::new_local((source, on_message));
    on_cleanup(move || held.with_value(|(source, _)| source.close()));
}

/// The server renders the first view; there is nothing to follow there.
#[cfg(not(feature = "hydrate"))]
fn follow(_sitting_id: i64, _rows: RwSignal<Vec<CandidateRow>>, _log: RwSignal<Vec<IncidentView>>) {
}
