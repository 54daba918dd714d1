use leptos::prelude::*;
use question_bank::clock::format_cst;

use super::api::list_audit_events;
use super::{action_label, entity_label};
use crate::components::{ErrorNotice, Page};
use crate::i18n::use_lang;
use crate::tr;

/// 审计日志: who did what, when and why.
#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let events = Resource::new(|| (), |_| list_audit_events());
    view! {
        <Page title=tr!(lang, "审计日志", "Audit log")>
            <p class="hint">{tr!(lang, "记录所有工作人员操作，只可追加，不可修改或删除。时间为北京时间。", "Every staff action, append-only. Times are China Standard Time.")}</p>
            <Suspense fallback=|| view! { <p class="loading">"…"</p> }>
                {move || Suspend::new(async move {
                    match events.await {
                        Err(e) => view! { <ErrorNotice error=e/> }.into_any(),
                        Ok(rows) => view! {
                            <table class="grid" data-testid="audit-table">
                                <thead><tr>
                                    <th>{tr!(lang, "时间", "When")}</th>
                                    <th>{tr!(lang, "操作人", "Who")}</th>
                                    <th>{tr!(lang, "操作", "Action")}</th>
                                    <th>{tr!(lang, "对象", "Record")}</th>
                                    <th>{tr!(lang, "原因", "Reason")}</th>
                                    <th>{tr!(lang, "详情", "Detail")}</th>
                                </tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|e| view! {
                                        <tr>
                                            <td class="nowrap">{format_cst(e.at)}</td>
                                            <td>{e.actor}</td>
                                            <td title=e.action.clone()>{action_label(&e.action, lang)}</td>
                                            <td class="nowrap">{format!("{} #{}", entity_label(&e.entity, lang), e.entity_id)}</td>
                                            <td>{e.reason.unwrap_or_default()}</td>
                                            <td class="detail">{e.detail}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                    }
                })}
            </Suspense>
        </Page>
    }
}
