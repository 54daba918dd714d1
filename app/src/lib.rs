//! Renqian's user interface and server functions.
//!
//! Built twice: with `ssr` into the server binary (rendering pages and running server
//! functions) and with `hydrate` into the browser's wasm. Features are organized by what
//! they do for the user: `auth`, `bank`, `sittings`, `exam`, `audit`.

pub mod admin;
pub mod appointments;
pub mod audit;
pub mod auth;
pub mod bank;
pub mod components;
pub mod error;
pub mod exam;
pub mod i18n;
pub mod marking;
pub mod practice;
pub mod resource;
pub mod results;
pub mod sittings;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "ssr")]
pub mod store_error;

use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, Meta, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

use crate::components::{Header, Page};
use crate::i18n::{detect_lang, use_lang};

/// A count as it crosses the wire: `i64`, never `usize` (the Leptos book: a server
/// function is a public API, and `usize` differs between the server and wasm32).
pub fn count(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// The HTML document around the app (server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let lang = detect_lang();
    // The response's script nonce, made by the server's header layer: the hydration scripts
    // carry it, and the Content-Security-Policy admits no other inline script.
    #[cfg(feature = "ssr")]
    if let Some(nonce) = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<leptos::nonce::Nonce>().cloned())
    {
        provide_context(nonce);
    }
    view! {
        <!DOCTYPE html>
        <html lang=lang.html_tag()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <AutoReload options=options.clone() />
                // The stylesheet is named like the wasm (with the build's content hash), so it
                // is linked here, beside the scripts, where the name is known.
                <link
                    rel="stylesheet"
                    id="leptos"
                    href=format!("/{}/{}.css", options.site_pkg_dir, options.output_name)
                />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: header and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_context(detect_lang());
    let lang = use_lang();
    view! {
        <Link rel="icon" href="/favicon.ico" />
        <Meta name="description" content="任前法律知识考试系统" />
        <Title formatter=move |text: String| components::raw_text(
            if text.is_empty() {
                tr!(lang, "任前法律知识考试系统", "Renqian").to_owned()
            } else {
                format!("{text} · {}", tr!(lang, "任前法律知识考试系统", "Renqian"))
            },
        ) />
        <Router>
            <Header />
            <main>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=HomePage />
                    <Route path=path!("/login") view=auth::pages::StaffLoginPage />
                    <Route path=path!("/exam/login") view=auth::pages::CandidateLoginPage />
                    <Route path=path!("/exam") view=exam::page::ExamPage ssr=SsrMode::Async />
                    <Route path=path!("/practice/login") view=auth::pages::PracticeLoginPage />
                    <Route
                        path=path!("/practice")
                        view=practice::page::PracticePage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/practice/mock") view=practice::page::MockPage />
                    <Route
                        path=path!("/staff/sittings")
                        view=sittings::pages::SittingsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id")
                        view=sittings::pages::SittingPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id/roster")
                        view=sittings::documents::RosterPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id/slips")
                        view=sittings::documents::SlipsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id/console")
                        view=sittings::console::ConsolePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id/report")
                        view=results::pages::ReportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id/notices")
                        view=results::pages::NoticesPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/candidates/:id/paper")
                        view=results::pages::PaperCheckPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/marking")
                        view=marking::pages::MarkingListPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/marking/:id")
                        view=marking::pages::MarkingDeskPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/nominations")
                        view=appointments::pages::NominationsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/nominations/:id")
                        view=appointments::pages::NominationPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/nominations/:id/certificate")
                        view=appointments::pages::CertificatePage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/meetings")
                        view=appointments::pages::MeetingsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/meetings/:id")
                        view=appointments::pages::BoardPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/admin")
                        view=admin::page::AdminPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/oaths")
                        view=appointments::pages::OathsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/appointment-stats")
                        view=appointments::pages::StatsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/analysis")
                        view=results::pages::AnalysisPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/people/:id")
                        view=results::pages::PersonPage
                        ssr=SsrMode::Async
                    />
                    <Route path=path!("/results/login") view=auth::pages::ResultsLoginPage />
                    <Route
                        path=path!("/results")
                        view=results::pages::MyResultPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/sittings/:id/sign-in")
                        view=sittings::documents::SignInSheetPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions")
                        view=bank::page::QuestionsPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions/import")
                        view=bank::import_page::ImportPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions/quality")
                        view=bank::quality_page::QualityPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions/review")
                        view=bank::review::ReviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions/:id/preview")
                        view=bank::edit_page::QuestionPreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions/:id/edit")
                        view=bank::edit_page::EditQuestionPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/questions/import/:id")
                        view=bank::import_page::ImportPreviewPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/audit")
                        view=audit::page::AuditPage
                        ssr=SsrMode::Async
                    />
                    <Route
                        path=path!("/staff/rules")
                        view=sittings::rules_page::RulesPage
                        ssr=SsrMode::Async
                    />
                </Routes>
            </main>
            <footer class="footer">
                {tr!(
                    lang, "本系统用于人大常委会任命人员任前法律知识考试。", "For the pre-appointment legal knowledge examination of people's congress standing committees."
                )}
            </footer>
        </Router>
    }
}

/// The start page: the two ways in.
#[component]
fn HomePage() -> impl IntoView {
    let lang = use_lang();
    view! {
        <Page title=tr!(lang, "欢迎使用", "Welcome")>
            <div class="doors">
                <A href="/exam/login" attr:class="door primary-door">
                    <strong>{tr!(lang, "考生入口", "Candidates")}</strong>
                    <span>
                        {tr!(
                            lang, "凭准考证号和访问码参加考试", "Sit your exam with your ticket number and access code"
                        )}
                    </span>
                </A>
                <A href="/login" attr:class="door">
                    <strong>{tr!(lang, "工作人员入口", "Staff")}</strong>
                    <span>
                        {tr!(
                            lang, "题库、考试场次、考生与成绩", "Question bank, sittings, candidates and scores"
                        )}
                    </span>
                </A>
            </div>
        </Page>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Page title=tr!(lang, "页面不存在", "Page not found")>
            <p>
                <A href="/">{tr!(lang, "返回首页", "Back to the start page")}</A>
            </p>
        </Page>
    }
}

/// The browser entry point: hydrate the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(App);
    // The page now answers its own clicks: browser tests wait for this before they use what
    // only JavaScript shows (a busy machine can take seconds to compile the wasm).
    if let Some(body) = document().body() {
        let _ = body.set_attribute("data-hydrated", "true");
    }
}
