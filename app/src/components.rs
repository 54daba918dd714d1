//! The page frame and the few pieces every page shares.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_location, use_params_map};

use crate::auth::api::{current_user, Logout};
use crate::auth::{Permission, WhoAmI};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::resource::{resource, JsonBytes};
use crate::tr;
use question_bank::consequence::CANDIDATE_LOGOUT;

/// The staff menu: who may see each entry, where it goes, and its words.
const STAFF_MENU: [(Permission, &str, &str, &str); 7] = [
    (
        Permission::ViewSittings,
        "/staff/sittings",
        "考试场次",
        "Sittings",
    ),
    (
        Permission::ViewBank,
        "/staff/questions",
        "题库",
        "Question bank",
    ),
    (
        Permission::ManageAppointments,
        "/staff/nominations",
        "任免",
        "Appointments",
    ),
    (Permission::MarkScripts, "/staff/marking", "阅卷", "Marking"),
    (
        Permission::ViewSittings,
        "/staff/rules",
        "考试规则",
        "Exam rules",
    ),
    (
        Permission::ViewAudit,
        "/staff/audit",
        "审计日志",
        "Audit log",
    ),
    (
        Permission::ManageAccounts,
        "/staff/admin",
        "管理",
        "Administration",
    ),
];

/// The header: the system's name, who is logged in, the staff menu and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    // Re-read on every navigation, so logging in or out shows at once.
    let me = resource(move || location.pathname.get(), |_| current_user());
    let logout = ServerAction::<Logout>::new();
    view! {
        <header class="topbar">
            <div class="topbar-inner">
                <a href="/" class="brand">
                    <span class="emblem" aria-hidden="true">
                        "任"
                    </span>
                    <span class="brand-text">
                        <strong>
                            {tr!(
                                lang, "任前法律知识考试系统", "Pre-appointment Legal Knowledge Exam"
                            )}
                        </strong>
                        <small>
                            {tr!(
                                lang, "人大常委会任命人员任前法律知识考试", "Renqian · for people's congress standing committees"
                            )}
                        </small>
                    </span>
                </a>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let me = me.await.ok().flatten();
                        me.map(|me| {
                            let mut warn = false;
                            let (who, menu) = match me {
                                WhoAmI::Staff { display_name, role, jurisdiction_name } => {
                                    (
                                        format!(
                                            "{jurisdiction_name} · {display_name}（{}）",
                                            role.label(lang),
                                        ),
                                        Some(
                                            view! {
                                                <nav
                                                    class="menu"
                                                    aria-label=tr!(lang, "主菜单", "Main menu")
                                                >
                                                    {STAFF_MENU
                                                        .iter()
                                                        .filter(|item| role.may(item.0))
                                                        .map(|&(_, href, zh, en)| {
                                                            view! { <A href=href>{lang.pick(zh, en)}</A> }
                                                        })
                                                        .collect_view()}
                                                </nav>
                                            },
                                        ),
                                    )
                                }
                                WhoAmI::Candidate { name, ticket_number, paper_open } => {
                                    warn = paper_open;
                                    (
                                        format!(
                                            "{name} · {}{ticket_number}",
                                            tr!(lang, "准考证号 ", "Ticket "),
                                        ),
                                        None,
                                    )
                                }
                            };
                            view! {
                                {menu}
                                <div class="who">
                                    <span data-testid="who">{who}</span>
                                    <ActionForm action=logout attr:class="inline">
                                        {if warn {
                                            view! {
                                                <ConfirmStep
                                                    label=tr!(lang, "退出登录…", "Log out…")
                                                    consequence=lang
                                                        .pick(CANDIDATE_LOGOUT.zh, CANDIDATE_LOGOUT.en)
                                                    confirm_label=tr!(
                                                        lang, "确认退出登录", "Yes: log out"
                                                    )
                                                />
                                            }
                                                .into_any()
                                        } else {
                                            view! {
                                                <button type="submit" class="link">
                                                    {tr!(lang, "退出登录", "Log out")}
                                                </button>
                                            }
                                                .into_any()
                                        }}
                                        <FormError error=Signal::derive(move || {
                                            logout.value().get().and_then(Result::err)
                                        }) />
                                    </ActionForm>
                                </div>
                            }
                        })
                    })}
                </Transition>
                <LanguageSwitch lang />
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
                Lang::Zh => {
                    view! {
                        <span aria-current="true">"中文"</span>
                        " | "
                        <a href="/lang/en" rel="external" hreflang="en">
                            "English"
                        </a>
                    }
                        .into_any()
                }
                Lang::En => {
                    view! {
                        <a href="/lang/zh" rel="external" hreflang="zh-CN">
                            "中文"
                        </a>
                        " | "
                        <span aria-current="true">"English"</span>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// Text for the inside of a raw-text element (`<title>`, `<textarea>`), the one way such text
/// is written. Leptos 0.8 writes those elements' content as it is on the server (tachys
/// 0.2 marks `<textarea>` as not escaping its children and leptos_meta pushes the title
/// verbatim), so a sitting title holding `</title><script>…` would become markup in every
/// page that shows it. On the server the text is escaped here; the browser parses the
/// entities back to the same text. In the browser the text goes through DOM calls
/// (`document.title`, text nodes), which never parse markup, so it stays as it is.
/// Upstream: tachys 0.3 (leptos 0.9, still a release candidate) escapes `<textarea>`
/// children (leptos-rs/leptos#4821); leptos_meta 0.9 still writes the title verbatim.
pub fn raw_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        escape_text(&text)
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// `&`, `<` and `>` as entities: what text inside an element needs to stay text.
#[cfg(any(feature = "ssr", test))]
fn escape_text(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            c => escaped.push(c),
        }
    }
    escaped
}

/// A multi-line text field with its current text (the only way the app writes a
/// `<textarea>` with content; see [`raw_text`]).
#[component]
pub fn TextArea(
    name: &'static str,
    rows: u32,
    #[prop(into)] text: String,
    #[prop(optional)] required: bool,
) -> impl IntoView {
    view! {
        <textarea name=name rows=rows.to_string() required=required>
            {raw_text(text)}
        </textarea>
    }
}

/// A button that prints the page (a component, not an inline `onclick`: the
/// Content-Security-Policy runs no inline script).
#[component]
pub fn PrintButton(
    #[prop(into)] label: String,
    #[prop(optional, into)] class: String,
) -> impl IntoView {
    let class = if class.is_empty() {
        "secondary".to_owned()
    } else {
        format!("secondary {class}")
    };
    view! {
        <button type="button" class=class on:click=|_| print_page()>
            {label}
        </button>
    }
}

fn print_page() {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().print();
    }
}

/// A page: its title in the tab and as the heading.
#[component]
pub fn Page(#[prop(into)] title: String, children: Children) -> impl IntoView {
    view! {
        <Title text=title.clone() />
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
    error_notice(error, login_path)
}

fn error_notice(error: AppError, login_path: Option<String>) -> AnyView {
    let lang = use_lang();
    if error == AppError::Unauthenticated {
        return view! { <Redirect path=login_path.unwrap_or_else(|| "/login".to_owned()) /> }
            .into_any();
    }
    view! {
        <div class="notice error" role="alert">
            {error.message(lang)}
        </div>
    }
    .into_any()
}

/// The one way a page shows data it loads: "…" while `resource` loads, its error in an
/// [`ErrorNotice`] if it fails, and `children` with the value once it is there:
/// `<Loaded resource=detail let:d><Nomination d/></Loaded>`.
///
/// `page`: the children are a whole page (they render their own `<Page>` or
/// `<section class="page">`), so an error stands in a page section of its own.
/// `login_path`: where a lost login goes (the staff login page when not given).
#[component]
pub fn Loaded<T, C, V>(
    resource: Resource<Result<T, AppError>, JsonBytes>,
    children: C,
    #[prop(optional)] page: bool,
    #[prop(optional, into)] login_path: Option<String>,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    view! {
        <Suspense fallback=|| {
            view! { <p class="loading">"…"</p> }
        }>
            {move || {
                let (children, login_path) = (Arc::clone(&children), login_path.clone());
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => children(value).into_any(),
                        Err(e) if page => {
                            view! { <section class="page">{error_notice(e, login_path)}</section> }
                                .into_any()
                        }
                        Err(e) => error_notice(e, login_path),
                    }
                })
            }}
        </Suspense>
    }
}

/// A part of a page that may be missing (a note, a list's options, a timeline): nothing
/// while `resource` loads or if it fails, `children` with the value once it is there.
#[component]
pub fn IfLoaded<T, C, V>(
    resource: Resource<Result<T, AppError>, JsonBytes>,
    children: C,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    C: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let children = Arc::new(children);
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let children = Arc::clone(&children);
                Suspend::new(async move {
                    match resource.await {
                        Ok(value) => Some(children(value)),
                        Err(_) => None,
                    }
                })
            }}
        </Suspense>
    }
}

/// The id of the refusal on a page. A plain form post (JavaScript off) that is refused is
/// sent back to its page with `#refusal` (the server adds it to the redirect), so the
/// browser scrolls to the message.
pub const REFUSAL_ANCHOR: &str = "refusal";

/// The error of a form's last submission, if it failed: the one way a refusal is shown, so
/// place it beside the form or button that was used. Hydrated, it scrolls into view and
/// takes the focus when it appears; with JavaScript off, the redirect's `#refusal` does the
/// scrolling.
#[component]
pub fn FormError(#[prop(into)] error: Signal<Option<AppError>>) -> impl IntoView {
    let lang = use_lang();
    let node = NodeRef::<leptos::html::Div>::new();
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let (Some(_), Some(el)) = (error.get(), node.get()) {
            el.scroll_into_view_with_bool(false);
            let _ = el.focus();
        }
    });
    move || {
        error.get().map(|e| {
            view! {
                <div
                    class="notice error"
                    role="alert"
                    tabindex="-1"
                    id=REFUSAL_ANCHOR
                    data-testid="form-error"
                    node_ref=node
                >
                    {e.message(lang)}
                </div>
            }
        })
    }
}

/// Empties a form each time its action succeeds, so the next entry starts clean (hydrated;
/// with JavaScript off the page comes back empty anyway).
pub fn clear_on_success(succeeded: Signal<bool>, form: NodeRef<leptos::html::Form>) {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let (true, Some(form)) = (succeeded.get(), form.get_untracked()) {
            form.reset();
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = (succeeded, form);
}

/// The fields and the button of an action that cannot be undone. Closed, it shows only the
/// action's name; opened, it says what will happen, asks for its fields (a reason) and
/// offers a second, explicit button, the only one that sends `confirm=1` (the server refuses
/// the action without it). A native `<details>`, so it works the same with JavaScript off;
/// the fields live inside it, so pressing Enter cannot skip the step.
#[component]
pub fn ConfirmStep(
    #[prop(into)] label: String,
    #[prop(into)] consequence: String,
    #[prop(into)] confirm_label: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    view! {
        <details class="confirm-step" data-testid="confirm-step">
            <summary class="button danger">{label}</summary>
            <div class="confirm-body">
                <p class="consequence">{consequence}</p>
                {children.map(|fields| fields())}
                <button type="submit" name="confirm" value="1" class="danger">
                    {confirm_label}
                </button>
            </div>
        </details>
    }
}

/// "地方：重庆市" beside a question resting on one region's local regulation; nothing for a
/// national law.
#[component]
pub fn LocalBadge(#[prop(into)] law_id: String) -> impl IntoView {
    let lang = use_lang();
    question_bank::bank::region::of_law(&law_id).map(|region| view! {
        <span
            class="badge local"
            data-testid="local-badge"
            title=tr!(
                lang, "依据地方性法规：只在适用该地法规的行政区组卷和练习", "Rests on a local regulation: used in papers and practice only where it applies"
            )
        >
            {lang
                .pick(
                    format!("地方：{}", region.label_zh()),
                    format!("Local: {}", region.label_en()),
                )}
        </span>
    })
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

/// A query string ("bank=common&page=2") of the non-empty `pairs`, values trimmed and
/// percent-encoded: the links pages build from their GET filters (the audit log's older
/// page, the bank's pages), so the filters carry over.
pub fn query_string(pairs: &[(&str, &str)]) -> String {
    pairs
        .iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v.trim())))
        .collect::<Vec<_>>()
        .join("&")
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_would_end_a_raw_text_element_is_escaped() {
        assert_eq!(
            escape_text("</title><script>a && b</script>"),
            "&lt;/title&gt;&lt;script&gt;a &amp;&amp; b&lt;/script&gt;"
        );
        assert_eq!(
            escape_text("宪法第二条 \"引号\" 'x'"),
            "宪法第二条 \"引号\" 'x'"
        );
    }

    /// Every source file of the app, with its path.
    fn sources() -> Vec<(String, String)> {
        fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).expect("src dir").flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).expect("source");
                    out.push((path.display().to_string(), text));
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut out,
        );
        out
    }

    /// The class, not the instance: a `<textarea>` written with content anywhere but
    /// [`TextArea`], or a second title formatter, would bypass [`raw_text`].
    #[test]
    fn raw_text_elements_get_their_text_only_through_raw_text() {
        for (path, text) in sources() {
            if path.ends_with("components.rs") {
                continue;
            }
            for (start, _) in text.match_indices("<textarea") {
                let element = &text[start..];
                let end = element.find("</textarea>").expect("closed textarea");
                assert!(
                    element[..end].ends_with('>'),
                    "{path}: a <textarea> with content; use components::TextArea"
                );
            }
            for raw in ["<script", "<style", "<title", "inner_html"] {
                assert!(!text.contains(raw), "{path}: {raw} written by hand");
            }
            if !path.ends_with("/src/lib.rs") {
                assert!(
                    !text.contains("<Title formatter"),
                    "{path}: a second title formatter would bypass raw_text"
                );
            }
        }
    }
}

/// The `<option>`s of a stored enum's values in both languages, `selected` chosen.
#[component]
pub fn EnumOptions<T: question_bank::named::StoredEnum + Send + Sync>(
    selected: Option<T>,
    lang: Lang,
) -> impl IntoView {
    T::ALL
        .iter()
        .map(|&v| {
            view! {
                <option value=v.as_str() selected=Some(v) == selected>
                    {lang.pick(v.label_zh(), v.label_en())}
                </option>
            }
        })
        .collect_view()
}

/// The `<option>`s of the statute library's laws, `selected` (a law's id) chosen.
#[component]
pub fn LawOptions(selected: Option<String>) -> impl IntoView {
    question_bank::bank::laws::LAWS
        .iter()
        .map(|l| {
            view! {
                <option value=l.id selected=selected.as_deref() == Some(l.id)>
                    {l.name}
                </option>
            }
        })
        .collect_view()
}
