use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use question_bank::exam::clock::format_cst;

use super::api::audit_page;
use super::{action_label, AuditPageData, AuditQuery};
use crate::components::{IfLoaded, Loaded, Page};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// 审计日志: who did what, when and why; filtered and paged by a plain GET form (works
/// without JavaScript), exported to Excel with the same filters, with the chain's head.
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_query_map();
    let query = move || {
        let p = params.read();
        let get = |name: &str| p.get(name).unwrap_or_default();
        AuditQuery {
            actor: get("actor"),
            action: get("action"),
            entity: get("entity"),
            entity_id: get("entity_id"),
            from: get("from"),
            to: get("to"),
            before: get("before"),
        }
    };
    let page = resource(query, |q| {
        audit_page(
            q.actor,
            q.action,
            q.entity,
            q.entity_id,
            q.from,
            q.to,
            q.before,
        )
    });
    view! {
        <Page title=tr!(lang, "审计日志", "Audit log")>
            <p class="hint">
                {tr!(
                    lang, "记录所有工作人员操作及登录失败、锁定等安全事件，只可追加；每条记录带有前一条的哈希，任何改动都会被 renqian verify-audit 发现。时间为北京时间。", "Every staff action and security event (failed logins, lockouts), append-only; each event carries the hash of the one before, so any change is found by renqian verify-audit. Times are China Standard Time."
                )}
            </p>
            <AuditFilterForm query=query() lang />
            <Loaded resource=page let:data>
                <AuditTable data query=query() lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn AuditFilterForm(query: AuditQuery, lang: Lang) -> impl IntoView {
    let export = format!("/staff/audit.xlsx?{}", query.to_query_string(None));
    view! {
        <form method="get" action="/staff/audit" class="filters" data-testid="audit-filter">
            <label>
                {tr!(lang, "操作人", "Who")}
                <input name="actor" value=query.actor maxlength="200" />
            </label>
            <label>
                {tr!(
                    lang, "操作（如 login.failed 或 login.）", "Action (e.g. login.failed or login.)"
                )}<input name="action" value=query.action maxlength="200" />
            </label>
            <label>
                {tr!(lang, "对象类型", "Record kind")}
                <input name="entity" value=query.entity maxlength="200" />
            </label>
            <label>
                {tr!(lang, "对象编号", "Record id")}
                <input name="entity_id" value=query.entity_id maxlength="200" />
            </label>
            <label>
                {tr!(lang, "起（含）", "From")}
                <input type="datetime-local" name="from" value=query.from />
            </label>
            <label>
                {tr!(lang, "止（不含）", "Until")}
                <input type="datetime-local" name="to" value=query.to />
            </label>
            <button type="submit" class="button primary">
                {tr!(lang, "筛选", "Filter")}
            </button>
            <a class="button secondary" href="/staff/audit">
                {tr!(lang, "清除", "Clear")}
            </a>
            <a
                class="button secondary"
                href=export
                download
                rel="external"
                data-testid="audit-export"
            >
                {tr!(lang, "导出 Excel", "Export to Excel")}
            </a>
        </form>
    }
}

#[component]
fn AuditTable(data: AuditPageData, query: AuditQuery, lang: Lang) -> impl IntoView {
    let AuditPageData { events, more, head } = data;
    let older = more
        .then(|| {
            events
                .last()
                .map(|e| format!("/staff/audit?{}", query.to_query_string(Some(e.id))))
        })
        .flatten();
    view! {
        <p class="hint" data-testid="audit-head">
            {format!(
                "{}{}",
                tr!(lang, "审计链当前链头：", "Current head of the audit chain: "),
                head.short(),
            )}
        </p>
        <table class="grid" data-testid="audit-table">
            <thead>
                <tr>
                    <th>{tr!(lang, "编号", "No.")}</th>
                    <th>{tr!(lang, "时间", "When")}</th>
                    <th>{tr!(lang, "操作人", "Who")}</th>
                    <th>{tr!(lang, "操作", "Action")}</th>
                    <th>{tr!(lang, "对象", "Record")}</th>
                    <th>{tr!(lang, "原因", "Reason")}</th>
                    <th>{tr!(lang, "详情", "Detail")}</th>
                </tr>
            </thead>
            <tbody>
                {events
                    .into_iter()
                    .map(|e| {
                        view! {
                            <tr>
                                <td>{e.id}</td>
                                <td class="nowrap">{format_cst(e.at)}</td>
                                <td>{e.actor}</td>
                                <td title=e.action.clone()>{action_label(&e.action, lang)}</td>
                                <td data-testid="audit-record">{e.record}</td>
                                <td>{e.reason.unwrap_or_default()}</td>
                                <td class="detail" data-testid="audit-detail">
                                    <dl class="fields">
                                        {e
                                            .fields
                                            .into_iter()
                                            .map(|(label, value)| {
                                                view! {
                                                    <div>
                                                        <dt>{label}{tr!(lang, "：", ":")}</dt>
                                                        <dd>{value}</dd>
                                                    </div>
                                                }
                                            })
                                            .collect_view()}
                                    </dl>
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
        {older
            .map(|href| {
                view! {
                    <p>
                        <a class="button secondary" href=href data-testid="audit-older">
                            {tr!(lang, "更早的记录 →", "Older events →")}
                        </a>
                    </p>
                }
            })}
    }
}

/// One line for a print (the sitting report, an appointment certificate): the audit chain's
/// head when the page was made, and when. The page is made when it is printed, so the head
/// is the one at printing; a later `verify-audit` shows whether event #id still has that hash.
#[component]
pub fn AuditHeadLine() -> impl IntoView {
    let lang = use_lang();
    let head = resource(|| (), |_| super::api::audit_chain_head());
    view! {
        <IfLoaded resource=head let:data>
            {
                let (head, at) = data;
                view! {
                    <p class="hint audit-head" data-testid="audit-head-print">
                        {format!(
                            "{}{}（{}）",
                            tr!(lang, "审计链链头：", "Audit chain head: "),
                            head.short(),
                            format_cst(at),
                        )}
                    </p>
                }
            }
        </IfLoaded>
    }
}
