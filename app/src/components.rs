//! The page frame and the few pieces every page shares.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_params_map};

use crate::auth::api::{current_user, Logout};
use crate::auth::{Permission, WhoAmI};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::tr;

/// The header: the system's name, who is logged in, the staff menu and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // Re-read on every navigation, so logging in or out shows at once.
    let me = Resource::new(move || location.pathname.get(), |_| current_user());
    let logout = ServerAction::<Logout>::new();
    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <a href="/" class="brand">
                    <span class="emblem" aria-hidden="true">"任"</span>
                    <span class="brand-text">
                        <strong>{tr!(lang, "任前法律知识考试系统", "Pre-appointment Legal Knowledge Exam")}</strong>
                        <small>{tr!(lang, "人大常委会任命人员任前法律知识考试", "Renqian · for people's congress standing committees")}</small>
                    </span>
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let me = me.await.ok().flatten();
                        me.map(|me| {
                            let (who, menu) = match me {
                                WhoAmI::Staff { display_name, role, jurisdiction_name } => (
                                    format!("{jurisdiction_name} · {display_name}（{}）", role.label(lang)),
                                    Some(view! {
                                        <nav class="menu" aria-label=tr!(lang, "主菜单", "Main menu")>
                                            {role.may(Permission::ViewSittings).then(|| view! { <A href="/staff/sittings">{tr!(lang, "考试场次", "Sittings")}</A> })}
                                            {role.may(Permission::ViewBank).then(|| view! { <A href="/staff/questions">{tr!(lang, "题库", "Question bank")}</A> })}
                                            {role.may(Permission::ManageAppointments).then(|| view! { <A href="/staff/nominations">{tr!(lang, "任免", "Appointments")}</A> })}
                                            {role.may(Permission::MarkScripts).then(|| view! { <A href="/staff/marking">{tr!(lang, "阅卷", "Marking")}</A> })}
                                            {role.may(Permission::ViewSittings).then(|| view! { <A href="/staff/rules">{tr!(lang, "考试规则", "Exam rules")}</A> })}
                                            {role.may(Permission::ViewAudit).then(|| view! { <A href="/staff/audit">{tr!(lang, "审计日志", "Audit log")}</A> })}
                                        </nav>
                                    }),
                                ),
                                WhoAmI::Candidate { name, ticket_number } => (format!("{name} · {}{ticket_number}", tr!(lang, "准考证号 ", "Ticket ")), None),
                            };
                            view! {
                                {menu}
                                <div class="who">
                                    <span data-testid="who">{who}</span>
                                    <ActionForm action=logout attr:class="inline">
                                        <button type="submit" class="link">{tr!(lang, "退出登录", "Log out")}</button>
                                    </ActionForm>
                                </div>
                            }
                        })
                    })}
                </Transition>
                <LanguageSwitch lang/>
            </div>
        </header>
    }
}

/// Links to `/lang/zh` and `/lang/en`: full page loads, so the server renders the new language.
#[component]
fn LanguageSwitch(lang: Lang) -> impl IntoView {
    view! {
        <div class="lang-switch">
            {match lang {
                Lang::Zh => view! { <span aria-current="true">"中文"</span>" | "<a href="/lang/en" rel="external" hreflang="en">"English"</a> }.into_any(),
                Lang::En => view! { <a href="/lang/zh" rel="external" hreflang="zh-CN">"中文"</a>" | "<span aria-current="true">"English"</span> }.into_any(),
            }}
        </div>
    }
}

/// A page: its title in the tab and as the heading.
#[component]
pub fn Page(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <Title text=title.clone()/>
        <section class="page">
            <h1>{title}</h1>
            {children()}
        </section>
    }
}

/// Shows an error; a lost login goes to the login page instead.
#[component]
pub fn ErrorNotice(
    error: AppError,
    #[prop(optional, into)] login_path: Option<String>,
) -> impl IntoView {
    let lang = use_lang();
    if error == AppError::Unauthenticated {
        return view! { <Redirect path=login_path.unwrap_or_else(|| "/login".to_owned())/> }
            .into_any();
    }
    view! { <div class="notice error" role="alert">{error.message(lang)}</div> }.into_any()
}

/// The error of a form's last submission, if it failed.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    move || {
        error.get().map(|e| view! { <div class="notice error" role="alert" data-testid="form-error">{e.message(lang)}</div> })
    }
}

/// The route's numeric `:id` (0 when missing or not a number, which no record has).
pub fn use_id_param() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|id| id.parse::<i64>().ok())
            .unwrap_or_default()
    }
}
