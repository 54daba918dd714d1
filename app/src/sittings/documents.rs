//! A sitting's paperwork: the roster upload, the admission slips it issues (A4, six a page,
//! cut lines), and the sign-in sheet staff print for the exam room.

use leptos::prelude::*;
use question_bank::exam::clock::format_cst;

use super::api::{get_sitting, take_roster_report, take_slips};
use super::{RosterReport, SittingDetail, SlipSheet};
use crate::components::{use_id_param, Loaded, Page, PrintButton};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// 从名单导入考生: the template, the upload (a plain form), and why the last one failed.
#[component]
pub fn RosterPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let report = resource(id, take_roster_report);
    view! {
        <Page title=tr!(lang, "从名单导入考生", "Enrol from a roster")>
            <p>
                <a href=move || {
                    format!("/staff/sittings/{}", id())
                }>{tr!(lang, "← 返回考试场次", "← Back to the sitting")}</a>
            </p>
            <Loaded resource=report let:report>
                <RosterErrors report lang />
            </Loaded>
            <div class="card">
                <ol class="steps">
                    <li>
                        {tr!(
                            lang, "下载考生名单模板，每行一名考生：姓名和18位身份证号码必填，工作单位、拟任职务、提请机关、题库可填。", "Download the roster template, one candidate a row: name and 18-digit ID-card number required; employer, proposed post, nominating body and bank optional."
                        )} " "
                        <a href="/staff/sittings/roster-template.xlsx" download rel="external">
                            {tr!(
                                lang, "下载考生名单模板（Excel）", "Download the roster template (Excel)"
                            )}
                        </a>
                    </li>
                    <li>
                        {tr!(
                            lang, "上传 Excel（.xlsx）或 CSV 文件。每行都校验，身份证号码核对校验位；有任何一行有误，本次不报名任何考生。", "Upload the Excel (.xlsx) or CSV file. Every row is checked, ID-card numbers with their check character; if any row is wrong, no one is enrolled."
                        )}
                    </li>
                    <li>
                        {tr!(
                            lang, "全部通过后一次报名，并生成可打印的准考证（含一次性访问码，只显示这一次）。", "All pass: everyone is enrolled at once and printable admission slips appear, with one-time access codes shown this once."
                        )}
                    </li>
                </ol>
                <form
                    method="post"
                    action=move || format!("/staff/sittings/{}/roster", id())
                    enctype="multipart/form-data"
                    class="upload"
                    data-testid="roster-form"
                >
                    <label>
                        {tr!(lang, "选择文件", "File")}
                        <input type="file" name="file" accept=".xlsx,.csv" required />
                    </label>
                    <button type="submit" class="primary">
                        {tr!(lang, "上传并报名", "Upload and enrol")}
                    </button>
                </form>
            </div>
        </Page>
    }
}

#[component]
fn RosterErrors(report: Option<RosterReport>, lang: Lang) -> impl IntoView {
    report.map(|r| {
        view! {
            <div class="notice error" role="alert">
                <p>
                    <strong>
                        {format!(
                            "{}{}",
                            tr!(
                                lang, "未报名任何考生。文件：", "No one was enrolled. File: "
                            ),
                            r.file_name,
                        )}
                    </strong>
                </p>
                <ul class="rejections" data-testid="roster-errors">
                    {r
                        .errors
                        .into_iter()
                        .map(|(zh, en)| view! { <li>{lang.pick(zh, en)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
    })
}

/// 准考证: the slips issued in this session and not printed yet (a roster, enrolments by
/// hand, new codes), ready to print and cut. Opening this page is what records them printed.
#[component]
pub fn SlipsPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let slips = resource(id, take_slips);
    let sitting = resource(id, get_sitting);
    view! {
        <Page title=tr!(lang, "准考证", "Admission slips")>
            <Loaded resource=slips let:slips>
                <Loaded resource=sitting let:detail>
                    {match slips.clone() {
                        None => {
                            view! {
                                <div class="notice">
                                    {tr!(
                                        lang, "没有待打印的准考证。访问码只在发放后显示一次，现已不再显示。如需补发，请在考生列表中为该考生重新发放访问码。", "No slips are waiting. Access codes are shown only once, right after they are issued. To replace one, re-issue it from the candidate list."
                                    )}
                                </div>
                                <p>
                                    <a href=format!(
                                        "/staff/sittings/{}",
                                        detail.summary.id,
                                    )>
                                        {tr!(
                                            lang, "← 返回考试场次", "← Back to the sitting"
                                        )}
                                    </a>
                                </p>
                            }
                                .into_any()
                        }
                        Some(sheet) => view! { <Slips sheet detail lang /> }.into_any(),
                    }}
                </Loaded>
            </Loaded>
        </Page>
    }
}

#[component]
fn Slips(sheet: SlipSheet, detail: SittingDetail, lang: Lang) -> impl IntoView {
    let s = detail.summary;
    let window = format!("{} – {}", format_cst(s.opens_at), format_cst(s.closes_at));
    view! {
        <div class="notice ok no-print" role="status">
            {lang
                .pick(
                    format!(
                        "准考证 {} 张，已记为已打印。访问码只显示这一次：请现在打印（A4，每页6张，沿虚线裁开）。",
                        sheet.tickets.len(),
                    ),
                    format!(
                        "{} admission slip(s), now recorded as printed. The access codes are shown this once: print now (A4, six a page, cut along the dashed lines).",
                        sheet.tickets.len(),
                    ),
                )}
            " "
            <PrintButton label=tr!(lang, "打印", "Print") />
            " "
            <a href=format!(
                "/staff/sittings/{}",
                s.id,
            )>{tr!(lang, "返回考试场次", "Back to the sitting")}</a>
        </div>
        <div class="slips" data-testid="slips">
            {sheet
                .tickets
                .into_iter()
                .map(|t| {
                    view! {
                        <section class="slip" data-testid="slip">
                            <h2>
                                {tr!(
                                    lang, "任前法律知识考试 准考证", "Pre-appointment legal knowledge exam: admission slip"
                                )}
                            </h2>
                            <dl>
                                <dt>{tr!(lang, "考试", "Exam")}</dt>
                                <dd>{s.title.clone()}</dd>
                                <dt>{tr!(lang, "姓名", "Name")}</dt>
                                <dd class="name">{t.name}</dd>
                                <dt>{tr!(lang, "准考证号", "Ticket")}</dt>
                                <dd class="mono">{t.ticket_number}</dd>
                                <dt>{tr!(lang, "访问码", "Access code")}</dt>
                                <dd class="mono code">{t.access_code}</dd>
                                <dt>{tr!(lang, "时间", "Time")}</dt>
                                <dd>{window.clone()}</dd>
                                <dt>{tr!(lang, "考场", "Venue")}</dt>
                                <dd>{s.venue.clone()}</dd>
                            </dl>
                            <p class="slip-rules">
                                {tr!(
                                    lang, "凭本证和身份证入场。在考试系统“考生登录”处输入准考证号（或身份证号）和访问码；访问码仅限本人使用，请勿外传。", "Bring this slip and your ID card. Log in at the exam system's candidate login with the ticket (or ID-card) number and the access code; the code is for you alone."
                                )}
                            </p>
                        </section>
                    }
                })
                .collect_view()}
        </div>
    }
}

/// 签到表: every candidate with a line to sign, for the exam room.
#[component]
pub fn SignInSheetPage() -> impl IntoView {
    let lang = use_lang();
    let id = use_id_param();
    let sitting = resource(id, get_sitting);
    view! {
        <Page title=tr!(lang, "考生签到表", "Sign-in sheet")>
            <Loaded resource=sitting let:detail>
                <SignInSheet detail lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn SignInSheet(detail: SittingDetail, lang: Lang) -> impl IntoView {
    let s = detail.summary;
    view! {
        <p class="no-print">
            <a href=format!(
                "/staff/sittings/{}",
                s.id,
            )>{tr!(lang, "← 返回考试场次", "← Back to the sitting")}</a>
        </p>
        <div class="sheet-head">
            <h2>{s.title}</h2>
            <p>
                {format!(
                    "{}{} – {}　{}{}",
                    tr!(lang, "时间：", "Time: "),
                    format_cst(s.opens_at),
                    format_cst(s.closes_at),
                    tr!(lang, "考场：", "Venue: "),
                    s.venue,
                )}
            </p>
        </div>
        <table class="grid sign-in" data-testid="sign-in-sheet">
            <thead>
                <tr>
                    <th>{tr!(lang, "序号", "No.")}</th>
                    <th>{tr!(lang, "准考证号", "Ticket")}</th>
                    <th>{tr!(lang, "姓名", "Name")}</th>
                    <th>{tr!(lang, "工作单位", "Employer")}</th>
                    <th>{tr!(lang, "拟任职务", "Proposed post")}</th>
                    <th>{tr!(lang, "身份证号码", "ID-card number")}</th>
                    <th class="signature">{tr!(lang, "本人签名", "Signature")}</th>
                    <th>{tr!(lang, "签到时间", "Time")}</th>
                </tr>
            </thead>
            <tbody>
                {detail
                    .candidates
                    .into_iter()
                    .enumerate()
                    .map(|(i, c)| {
                        view! {
                            <tr>
                                <td>{i + 1}</td>
                                <td class="mono">{c.ticket_number}</td>
                                <td>{c.name}</td>
                                <td>{c.employer}</td>
                                <td>{c.proposed_post}</td>
                                <td class="mono">{c.id_card_masked}</td>
                                <td class="signature"></td>
                                <td></td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        <p class="sheet-foot">
            {tr!(
                lang, "监考人员签名：＿＿＿＿＿＿＿＿　　日期：＿＿＿＿＿＿", "Proctor's signature: ________    Date: ________"
            )}
        </p>
    }
}
