use leptos::prelude::*;

use super::api::{CandidateLogin, PracticeLogin, ResultsLogin, StaffLogin};
use crate::components::{FormError, Page};
use crate::i18n::use_lang;
use crate::tr;

/// 工作人员登录.
#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<StaffLogin>::new();
    view! {
        <Page title=tr!(lang, "工作人员登录", "Staff login")>
            <div class="card narrow">
                <ActionForm action=login>
                    <label>
                        {tr!(lang, "用户名", "Username")}
                        <input type="text" name="username" autocomplete="username" required />
                    </label>
                    <label>
                        {tr!(lang, "密码", "Password")}
                        <input
                            type="password"
                            name="password"
                            autocomplete="current-password"
                            required
                        />
                    </label>
                    <FormError error=Signal::derive(move || {
                        login.value().get().and_then(Result::err)
                    }) />
                    <button type="submit" class="primary">
                        {tr!(lang, "登录", "Log in")}
                    </button>
                </ActionForm>
            </div>
        </Page>
    }
}

/// 考生登录: admission-ticket number (or ID-card number) and the access code on the slip.
#[component]
pub fn CandidateLoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<CandidateLogin>::new();
    view! {
        <Page title=tr!(lang, "考生登录", "Candidate login")>
            <div class="card narrow large-text">
                <p class="hint">
                    {tr!(
                        lang, "请输入准考证上的准考证号（或本人身份证号）和访问码。", "Enter the ticket number (or your ID-card number) and the access code printed on your admission slip."
                    )}
                </p>
                <ActionForm action=login>
                    <TicketFields />
                    <FormError error=Signal::derive(move || {
                        login.value().get().and_then(Result::err)
                    }) />
                    <button type="submit" class="primary big">
                        {tr!(lang, "进入考试", "Enter the exam")}
                    </button>
                </ActionForm>
                <p class="hint">
                    <a href="/practice/login">
                        {tr!(
                            lang, "考前练习和模拟考试", "Practice and mock exams before the sitting"
                        )}
                    </a>
                    "　"
                    <a href="/results/login">{tr!(lang, "成绩查询", "Your result")}</a>
                </p>
            </div>
        </Page>
    }
}

/// 考前练习: the same ticket and access code, which practice does not use up.
#[component]
pub fn PracticeLoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<PracticeLogin>::new();
    view! {
        <Page title=tr!(lang, "考前练习", "Practice")>
            <div class="card narrow large-text">
                <p class="hint">
                    {tr!(
                        lang, "用准考证上的准考证号（或本人身份证号）和访问码登录练习。练习不会用掉访问码；考试进行期间练习暂停。", "Log in with the ticket number (or your ID-card number) and the access code on your slip. Practice does not use the code up; it pauses while the sitting is under way."
                    )}
                </p>
                <ActionForm action=login>
                    <TicketFields />
                    <FormError error=Signal::derive(move || {
                        login.value().get().and_then(Result::err)
                    }) />
                    <button type="submit" class="primary big">
                        {tr!(lang, "进入练习", "Start practising")}
                    </button>
                </ActionForm>
            </div>
        </Page>
    }
}

/// 成绩查询: the same ticket and access code, after the results are published.
#[component]
pub fn ResultsLoginPage() -> impl IntoView {
    let lang = use_lang();
    let login = ServerAction::<ResultsLogin>::new();
    view! {
        <Page title=tr!(lang, "成绩查询", "Your result")>
            <div class="card narrow large-text">
                <p class="hint">
                    {tr!(
                        lang, "用准考证上的准考证号（或本人身份证号）和访问码查询成绩。成绩经审核发布后方可查询。", "Log in with the ticket number (or your ID-card number) and the access code on your slip. Results can be seen once they are checked and published."
                    )}
                </p>
                <ActionForm action=login>
                    <TicketFields />
                    <FormError error=Signal::derive(move || {
                        login.value().get().and_then(Result::err)
                    }) />
                    <button type="submit" class="primary big">
                        {tr!(lang, "查询成绩", "See my result")}
                    </button>
                </ActionForm>
            </div>
        </Page>
    }
}

/// The ticket (or ID-card number) and access code fields of the candidate logins.
#[component]
fn TicketFields() -> impl IntoView {
    let lang = use_lang();
    view! {
        <label>
            {tr!(lang, "准考证号或身份证号", "Ticket or ID-card number")}
            <input type="text" name="login" autocomplete="off" inputmode="text" required />
        </label>
        <label>
            {tr!(lang, "访问码", "Access code")}
            <input
                type="text"
                name="access_code"
                autocomplete="off"
                autocapitalize="characters"
                required
            />
        </label>
    }
}
