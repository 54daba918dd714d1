//! 管理: districts and staff accounts in the administrator's reach. Every form is an
//! `ActionForm`, so the page works as plain HTML forms without JavaScript too.

use leptos::prelude::*;
use question_bank::exam::clock::format_cst;

use super::api::{
    load_admin, CreateAccount, CreateDistrict, RenameDistrict, ResetPassword, SetAccountActive,
    SetDistrictActive, SignOutEverywhere,
};
use super::backups::{BackupPanel, DOWNLOAD_PATH};
use super::{AdminOverview, IssuedPassword, JurisdictionRow, StaffRow};
use crate::auth::Role;
use crate::components::{Loaded, Page};
use crate::error::AppError;
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

/// The actions of the page, shared by its parts.
#[derive(Clone, Copy)]
struct Actions {
    create_district: ServerAction<CreateDistrict>,
    rename: ServerAction<RenameDistrict>,
    district_active: ServerAction<SetDistrictActive>,
    create_account: ServerAction<CreateAccount>,
    reset: ServerAction<ResetPassword>,
    account_active: ServerAction<SetAccountActive>,
    sign_out: ServerAction<SignOutEverywhere>,
}

impl Actions {
    fn new() -> Self {
        Self {
            create_district: ServerAction::new(),
            rename: ServerAction::new(),
            district_active: ServerAction::new(),
            create_account: ServerAction::new(),
            reset: ServerAction::new(),
            account_active: ServerAction::new(),
            sign_out: ServerAction::new(),
        }
    }

    /// Changes whenever any action completes (to reload the page's data).
    fn version(&self) -> usize {
        self.create_district.version().get()
            + self.rename.version().get()
            + self.district_active.version().get()
            + self.create_account.version().get()
            + self.reset.version().get()
            + self.account_active.version().get()
            + self.sign_out.version().get()
    }

    /// The error of the last failed submission, if any.
    fn error(&self) -> Option<AppError> {
        fn err<T>(v: Option<Result<T, AppError>>) -> Option<AppError> {
            v.and_then(Result::err)
        }
        err(self.create_district.value().get())
            .or_else(|| err(self.rename.value().get()))
            .or_else(|| err(self.district_active.value().get()))
            .or_else(|| err(self.create_account.value().get()))
            .or_else(|| err(self.reset.value().get()))
            .or_else(|| err(self.account_active.value().get()))
            .or_else(|| err(self.sign_out.value().get()))
    }
}

/// 管理: the administrator's districts and staff accounts.
#[component]
pub fn AdminPage() -> impl IntoView {
    let lang = use_lang();
    let actions = Actions::new();
    let overview = resource(move || actions.version(), |_| load_admin());
    view! {
        <Page title=tr!(lang, "管理", "Administration")>
            <p class="hint">
                {tr!(
                    lang, "管理本行政区及下辖区县的账号。停用账号、强制下线、重置密码和停用区县须填写原因，所有操作记入审计日志。", "Accounts of your jurisdiction and the districts below it. Disabling, signing out everywhere, resetting a password and deactivating a district need a reason; every change is in the audit log."
                )}
            </p>
            {move || {
                actions
                    .error()
                    .map(|e| {
                        view! {
                            <div class="notice error" role="alert" data-testid="form-error">
                                {e.message(lang)}
                            </div>
                        }
                    })
            }}
            <Loaded resource=overview let:data>
                <AdminView data actions lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn AdminView(data: AdminOverview, actions: Actions, lang: Lang) -> impl IntoView {
    let AdminOverview {
        me,
        jurisdictions,
        staff,
        issued,
        backups,
    } = data;
    let options = jurisdictions.clone();
    view! {
        {issued.map(|i| view! { <IssuedNotice issued=i lang /> })}
        <h2>{tr!(lang, "行政区", "Jurisdictions")}</h2>
        <JurisdictionTable rows=jurisdictions.clone() lang />
        <DistrictActions rows=jurisdictions actions lang />
        <details class="card">
            <summary>{tr!(lang, "新建区县", "Create a district")}</summary>
            <ActionForm
                action=actions.create_district
                attr:class="form-grid"
                attr:data-testid="create-district"
            >
                <label>
                    {tr!(lang, "代码", "Code")}
                    <input type="text" name="code" required maxlength="32" />
                </label>
                <label>
                    {tr!(lang, "名称", "Name")}
                    <input type="text" name="name" required maxlength="100" />
                </label>
                <div class="wide">
                    <button type="submit" class="primary">
                        {tr!(lang, "新建区县", "Create the district")}
                    </button>
                </div>
            </ActionForm>
        </details>
        <h2>{tr!(lang, "账号", "Staff accounts")}</h2>
        <StaffTable rows=staff.clone() lang />
        <AccountActions rows=staff me actions lang />
        <details class="card" open>
            <summary>{tr!(lang, "新建账号", "Create an account")}</summary>
            <ActionForm
                action=actions.create_account
                attr:class="form-grid"
                attr:data-testid="create-account"
            >
                <label>
                    {tr!(lang, "姓名", "Name")}
                    <input type="text" name="display_name" required maxlength="100" />
                </label>
                <label>
                    {tr!(lang, "登录名", "Login")}
                    <input type="text" name="username" required maxlength="64" />
                </label>
                // No role is preselected: granting one (least of all 管理员) is a choice made on purpose.
                <label>
                    {tr!(lang, "角色", "Role")} <select name="role" required>
                        <option value="" selected disabled>
                            {tr!(lang, "请选择角色", "Choose a role")}
                        </option>
                        {Role::ALL
                            .into_iter()
                            .map(|r| view! { <option value=r.as_str()>{r.label(lang)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {tr!(lang, "行政区", "Jurisdiction")}
                    <select name="jurisdiction_id">
                        {options
                            .into_iter()
                            .filter(|j| j.active)
                            .map(|j| view! { <option value=j.id.to_string()>{j.name}</option> })
                            .collect_view()}
                    </select>
                </label>
                <div class="wide">
                    <button type="submit" class="primary">
                        {tr!(lang, "新建并生成密码", "Create and generate a password")}
                    </button>
                </div>
            </ActionForm>
        </details>
        {backups.map(|panel| view! { <BackupSection panel lang /> })}
    }
}

/// The scheduled backups' settings (read-only: the server's configuration) and a fresh
/// backup to download. A plain form, not an `ActionForm`: the answer is the archive itself,
/// which the browser saves, with or without JavaScript.
#[component]
fn BackupSection(panel: BackupPanel, lang: Lang) -> impl IntoView {
    let BackupPanel {
        folder,
        at,
        keep,
        latest,
    } = panel;
    let scheduled = folder.is_some();
    view! {
        <h2>{tr!(lang, "数据库备份", "Database backups")}</h2>
        <table class="grid" data-testid="backup-settings">
            <tbody>
                <tr>
                    <th>{tr!(lang, "定时备份", "Scheduled backups")}</th>
                    <td data-testid="backup-schedule">
                        {if scheduled {
                            format!(
                                "{}{at}{}",
                                tr!(lang, "每天 ", "Daily at "),
                                tr!(lang, "（北京时间）", " (China Standard Time)"),
                            )
                        } else {
                            tr!(
                                lang, "未开启（设置 RENQIAN_BACKUP_DIR 开启）", "Off (set RENQIAN_BACKUP_DIR to turn them on)"
                            )
                                .to_owned()
                        }}
                    </td>
                </tr>
                <tr>
                    <th>{tr!(lang, "备份文件夹", "Folder")}</th>
                    <td class="mono">{folder.unwrap_or_else(|| "—".to_owned())}</td>
                </tr>
                <tr>
                    <th>{tr!(lang, "保留份数", "Copies kept")}</th>
                    <td>{keep}</td>
                </tr>
                <tr>
                    <th>{tr!(lang, "最近一次定时备份", "Last scheduled backup")}</th>
                    <td data-testid="backup-latest">
                        {match latest {
                            Some(l) => {
                                format!(
                                    "{} · {} · {:.1} MB",
                                    format_cst(l.written_at),
                                    l.file,
                                    l.bytes as f64 / 1_048_576.0,
                                )
                            }
                            None => tr!(lang, "尚无", "none yet").to_owned(),
                        }}
                    </td>
                </tr>
            </tbody>
        </table>
        <form
            method="post"
            action=DOWNLOAD_PATH
            class="card form-grid"
            data-testid="download-backup"
        >
            <p class="hint wide">
                {tr!(
                    lang, "立即生成一份一致的完整备份并下载（考试进行中也可以）。文件包含全部考生信息和答卷，请妥善保管；下载记入审计日志。", "Make a consistent, complete backup now and download it (safe while a sitting runs). It holds every candidate's details and answers: keep it safe. The download is recorded in the audit log."
                )}
            </p>
            <label class="wide">
                {tr!(lang, "原因", "Reason")}
                <input type="text" name="reason" required maxlength="500" />
            </label>
            <div class="wide">
                <button type="submit" class="primary">
                    {tr!(lang, "下载备份", "Download a backup")}
                </button>
            </div>
        </form>
    }
}

#[component]
fn IssuedNotice(issued: IssuedPassword, lang: Lang) -> impl IntoView {
    view! {
        <div class="notice ticket" role="status" data-testid="issued-password">
            <p>
                <strong>
                    {tr!(
                        lang, "密码已生成，只显示这一次，请当面交给本人。", "Password generated. It is shown only this once: hand it to the person."
                    )}
                </strong>
            </p>
            <p>
                {tr!(lang, "登录名：", "Login: ")}
                <span class="mono" data-testid="issued-username">
                    {issued.username}
                </span> " · "{tr!(lang, "密码：", "Password: ")}
                <span class="mono big" data-testid="issued-secret">
                    {issued.password}
                </span>
            </p>
        </div>
    }
}

#[component]
fn JurisdictionTable(rows: Vec<JurisdictionRow>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid" data-testid="jurisdictions">
            <thead>
                <tr>
                    <th>{tr!(lang, "代码", "Code")}</th>
                    <th>{tr!(lang, "名称", "Name")}</th>
                    <th>{tr!(lang, "状态", "Status")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|j| {
                        let code = j.code.clone();
                        view! {
                            <tr data-testid="jurisdiction-row" data-code=code>
                                <td class="mono">{j.code}</td>
                                <td>{j.name}</td>
                                <td>
                                    {if j.active {
                                        tr!(lang, "启用", "Active")
                                    } else {
                                        tr!(lang, "已停用", "Deactivated")
                                    }}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The districts' actions: one form each, naming the district in a list, so the table
/// above stays a list to read and each action has one reason box.
#[component]
fn DistrictActions(rows: Vec<JurisdictionRow>, actions: Actions, lang: Lang) -> impl IntoView {
    // The administrator's own jurisdiction (the first row) is not renamed or deactivated here.
    let options: Vec<(i64, String)> = rows
        .into_iter()
        .skip(1)
        .map(|j| {
            let state = if j.active {
                ""
            } else {
                tr!(lang, "（已停用）", " (deactivated)")
            };
            (j.id, format!("{}{state}", j.name))
        })
        .collect();
    let renamed = options.clone();
    (!options.is_empty()).then(|| {
        view! {
            <div class="card actions-card" data-testid="district-actions">
                <ActionForm
                    action=actions.rename
                    attr:class="action-row"
                    attr:data-testid="rename-district"
                >
                    <Choice
                        name="jurisdiction_id"
                        label=tr!(lang, "区县", "District")
                        options=renamed
                    />
                    <label>
                        {tr!(lang, "新名称", "New name")}
                        <input type="text" name="name" required maxlength="100" />
                    </label>
                    <button type="submit" class="secondary">
                        {tr!(lang, "改名", "Rename")}
                    </button>
                </ActionForm>
                <ActionForm
                    action=actions.district_active
                    attr:class="action-row"
                    attr:data-testid="district-active"
                >
                    <Choice name="jurisdiction_id" label=tr!(lang, "区县", "District") options />
                    <Reason lang />
                    <OnOff
                        off=tr!(lang, "停用", "Deactivate")
                        on=tr!(lang, "启用", "Reactivate")
                    />
                </ActionForm>
            </div>
        }
    })
}

#[component]
fn StaffTable(rows: Vec<StaffRow>, lang: Lang) -> impl IntoView {
    view! {
        <table class="grid" data-testid="staff-accounts">
            <thead>
                <tr>
                    <th>{tr!(lang, "姓名", "Name")}</th>
                    <th>{tr!(lang, "登录名", "Login")}</th>
                    <th>{tr!(lang, "角色", "Role")}</th>
                    <th>{tr!(lang, "行政区", "Jurisdiction")}</th>
                    <th>{tr!(lang, "状态", "Status")}</th>
                    <th>{tr!(lang, "最近登录", "Last login")}</th>
                </tr>
            </thead>
            <tbody>
                {rows
                    .into_iter()
                    .map(|s| {
                        let username = s.username.clone();
                        view! {
                            <tr data-testid="staff-row" data-username=username>
                                <td>{s.display_name}</td>
                                <td class="mono">{s.username}</td>
                                <td>{s.role.label(lang)}</td>
                                <td>{s.jurisdiction_name}</td>
                                <td data-testid="staff-status">
                                    {if s.active {
                                        tr!(lang, "启用", "Active")
                                    } else {
                                        tr!(lang, "已停用", "Disabled")
                                    }}
                                </td>
                                <td class="nowrap">
                                    {s
                                        .last_login_at
                                        .map(format_cst)
                                        .unwrap_or_else(|| {
                                            tr!(lang, "从未登录", "never").to_owned()
                                        })}
                                </td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}

/// The accounts' actions: one form per action with its one reason box, the account chosen
/// from a list (name and login), instead of a reason field on every row.
#[component]
fn AccountActions(rows: Vec<StaffRow>, me: i64, actions: Actions, lang: Lang) -> impl IntoView {
    let option = |s: &StaffRow| {
        let state = if s.active {
            ""
        } else {
            tr!(lang, "（已停用）", " (disabled)")
        };
        (s.id, format!("{}（{}）{state}", s.display_name, s.username))
    };
    let everyone: Vec<(i64, String)> = rows.iter().map(option).collect();
    let signed_out = everyone.clone();
    // Nobody disables their own account.
    let others: Vec<(i64, String)> = rows.iter().filter(|s| s.id != me).map(option).collect();
    let account = tr!(lang, "账号", "Account");
    view! {
        <div class="card actions-card" data-testid="account-actions">
            <p class="hint">
                {tr!(
                    lang, "选择账号，填写原因，再点操作。", "Choose the account, give the reason, then the action."
                )}
            </p>
            <ActionForm
                action=actions.reset
                attr:class="action-row"
                attr:data-testid="reset-password"
            >
                <Choice name="user_id" label=account options=everyone />
                <Reason lang required=true />
                <button type="submit" class="secondary">
                    {tr!(lang, "重置密码", "Reset password")}
                </button>
            </ActionForm>
            <ActionForm action=actions.sign_out attr:class="action-row" attr:data-testid="sign-out">
                <Choice name="user_id" label=account options=signed_out />
                <Reason lang required=true />
                <button type="submit" class="secondary">
                    {tr!(lang, "强制下线", "Sign out everywhere")}
                </button>
            </ActionForm>
            <ActionForm
                action=actions.account_active
                attr:class="action-row"
                attr:data-testid="account-active"
            >
                <Choice name="user_id" label=account options=others />
                <Reason lang />
                <OnOff off=tr!(lang, "停用", "Disable") on=tr!(lang, "启用", "Enable") />
            </ActionForm>
        </div>
    }
}

/// The two buttons of an on/off form: the one pressed sends `active` false or true.
#[component]
fn OnOff(off: &'static str, on: &'static str) -> impl IntoView {
    view! {
        <button type="submit" class="secondary" name="active" value="false">
            {off}
        </button>
        <button type="submit" class="secondary" name="active" value="true">
            {on}
        </button>
    }
}

/// A required choice of one record, by name.
#[component]
fn Choice(name: &'static str, label: &'static str, options: Vec<(i64, String)>) -> impl IntoView {
    view! {
        <label>
            {label} <select name=name required>
                {options
                    .into_iter()
                    .map(|(id, text)| view! { <option value=id.to_string()>{text}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The one reason box of an action form (an action that may go without one, enabling,
/// leaves it optional and the server says when it is missing).
#[component]
fn Reason(lang: Lang, #[prop(optional)] required: bool) -> impl IntoView {
    view! {
        <label>
            {tr!(lang, "原因", "Reason")}
            <input type="text" name="reason" maxlength="500" required=required class="wide" />
        </label>
    }
}
