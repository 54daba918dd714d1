//! Administration's server functions. Each requires [`Permission::ManageAccounts`] and acts
//! only within the caller's jurisdiction and below (the store refuses anything outside it).

use leptos::prelude::*;

use super::{AdminOverview, IssuedPassword};
use crate::error::AppError;

#[cfg(feature = "ssr")]
use crate::auth::Permission;

/// The session key of a password just generated, so a plain-HTML form post (no JavaScript)
/// shows it on the page it returns to, once.
#[cfg(feature = "ssr")]
const ISSUED_KEY: &str = "issued_password";

/// The caller's reach: jurisdictions and accounts, and (once) a password just generated.
#[server(prefix = "/api", endpoint = "admin/overview")]
pub async fn load_admin() -> Result<AdminOverview, AppError> {
    use crate::auth::guard::{as_staff, session};
    as_staff(Permission::ManageAccounts, async |user, state| {
        let jurisdictions = state
            .store
            .jurisdictions_in(&user.jurisdiction_path)
            .await?;
        let staff = state.store.staff_in(&user.jurisdiction_path).await?;
        let session = session().await?;
        let issued = session
            .get::<IssuedPassword>(ISSUED_KEY)
            .await
            .ok()
            .flatten();
        if issued.is_some() {
            let _ = session.remove_value(ISSUED_KEY).await;
        }
        let backups = if crate::auth::guard::reaches_everything(&state, &user).await? {
            Some(super::backups::panel(&state.settings.backups))
        } else {
            None
        };
        Ok(AdminOverview {
            me: user.id,
            jurisdictions,
            staff,
            issued,
            backups,
        })
    })
    .await
}

/// Creates a district directly under the caller's own jurisdiction (a city's administrator
/// creates its districts); returns its id.
#[server(prefix = "/api", endpoint = "admin/create-district")]
pub async fn create_district(code: String, name: String) -> Result<i64, AppError> {
    use crate::auth::guard::as_staff;
    as_staff(Permission::ManageAccounts, async |user, state| {
        let code = ssr::code(&code)?;
        let name = ssr::name("name", &name)?;
        Ok(state
            .store
            .create_district(&user.actor(), &user.jurisdiction_path, &code, &name)
            .await?)
    })
    .await
}

/// Renames a district in the caller's reach (not their own jurisdiction).
#[server(prefix = "/api", endpoint = "admin/rename-district")]
pub async fn rename_district(jurisdiction_id: i64, name: String) -> Result<(), AppError> {
    use crate::auth::guard::as_staff;
    as_staff(Permission::ManageAccounts, async |user, state| {
        let name = ssr::name("name", &name)?;
        Ok(state
            .store
            .rename_jurisdiction(
                &user.actor(),
                &user.jurisdiction_path,
                jurisdiction_id,
                &name,
            )
            .await?)
    })
    .await
}

/// Deactivates (`active` false) or reactivates a district in the caller's reach, with a
/// reason. Its records stay; its accounts are disabled and signed out at once.
#[server(prefix = "/api", endpoint = "admin/district-active")]
pub async fn set_district_active(
    jurisdiction_id: i64,
    active: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use crate::auth::guard::as_staff;
    as_staff(Permission::ManageAccounts, async |user, state| {
        let reason = ssr::reason(&reason, !active)?;
        Ok(state
            .store
            .set_jurisdiction_active(
                &user.actor(),
                &user.jurisdiction_path,
                jurisdiction_id,
                active,
                &reason,
            )
            .await?)
    })
    .await
}

/// Creates a staff account in a jurisdiction in the caller's reach with a generated
/// password, which is returned (and shown) once.
#[server(prefix = "/api", endpoint = "admin/create-account")]
pub async fn create_account(
    jurisdiction_id: i64,
    username: String,
    display_name: String,
    role: String,
) -> Result<IssuedPassword, AppError> {
    use crate::auth::guard::as_staff;
    use crate::auth::{password, Role};
    as_staff(Permission::ManageAccounts, async |user, state| {
        let username = ssr::username(&username)?;
        let display_name = ssr::name("display_name", &display_name)?;
        let role = Role::parse(role.trim()).ok_or_else(|| {
            AppError::invalid(
                Some("role"),
                "角色须为 admin、staff、proctor、grader 或 reviewer。",
                "The role must be admin, staff, proctor, grader or reviewer.",
            )
        })?;
        // Every role is one an administrator may grant; the reach is the jurisdiction's,
        // which the store checks.
        let secret = password::generate();
        let user_id = state
            .store
            .create_account(
                &user.actor(),
                &user.jurisdiction_path,
                jurisdiction_id,
                &username,
                &display_name,
                role,
                &password::hash(&secret),
            )
            .await?;
        ssr::hand_over(IssuedPassword {
            user_id,
            username,
            password: secret,
        })
        .await
    })
    .await
}

/// Gives an account in the caller's reach a new generated password (shown once); the old
/// one stops working. A reason is required.
#[server(prefix = "/api", endpoint = "admin/reset-password")]
pub async fn reset_password(
    user_id: i64,
    #[server(default)] reason: String,
) -> Result<IssuedPassword, AppError> {
    use super::repo::AccountChange;
    use crate::auth::guard::as_staff;
    use crate::auth::password;
    as_staff(Permission::ManageAccounts, async |user, state| {
        let reason = ssr::reason(&reason, true)?;
        let secret = password::generate();
        let hash = password::hash(&secret);
        let username = state
            .store
            .change_account(
                &user.actor(),
                &user.jurisdiction_path,
                user_id,
                AccountChange::Password(&hash),
                &reason,
            )
            .await?;
        ssr::hand_over(IssuedPassword {
            user_id,
            username,
            password: secret,
        })
        .await
    })
    .await
}

/// Disables (`active` false, with a reason; its sessions end at once) or enables an account
/// in the caller's reach. No one disables their own account.
#[server(prefix = "/api", endpoint = "admin/account-active")]
pub async fn set_account_active(
    user_id: i64,
    active: bool,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use super::repo::AccountChange;
    use crate::auth::guard::as_staff;
    as_staff(Permission::ManageAccounts, async |user, state| {
        let reason = ssr::reason(&reason, !active)?;
        if !active && user_id == user.id {
            return Err(AppError::invalid(
                Some("user_id"),
                "不能停用自己的账号，请由另一位管理员操作。",
                "You cannot disable your own account; ask another administrator.",
            ));
        }
        state
            .store
            .change_account(
                &user.actor(),
                &user.jurisdiction_path,
                user_id,
                AccountChange::Active(active),
                &reason,
            )
            .await?;
        Ok(())
    })
    .await
}

/// Ends every session of an account in the caller's reach, with a reason.
#[server(prefix = "/api", endpoint = "admin/sign-out")]
pub async fn sign_out_everywhere(
    user_id: i64,
    #[server(default)] reason: String,
) -> Result<(), AppError> {
    use super::repo::AccountChange;
    use crate::auth::guard::as_staff;
    as_staff(Permission::ManageAccounts, async |user, state| {
        let reason = ssr::reason(&reason, true)?;
        state
            .store
            .change_account(
                &user.actor(),
                &user.jurisdiction_path,
                user_id,
                AccountChange::SignOut,
                &reason,
            )
            .await?;
        Ok(())
    })
    .await
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::{IssuedPassword, ISSUED_KEY};
    use crate::error::AppError;

    /// Hands a generated password to the page the form returns to, once.
    pub async fn hand_over(issued: IssuedPassword) -> Result<IssuedPassword, AppError> {
        let session = crate::auth::guard::session().await?;
        session
            .insert(ISSUED_KEY, &issued)
            .await
            .map_err(|e| crate::state::StoreError::backend(format!("session: {e}")))?;
        Ok(issued)
    }

    /// A reason, required where the change removes access (or takes the database away).
    pub fn reason(reason: &str, required: bool) -> Result<String, AppError> {
        let reason = reason.trim();
        if required && reason.is_empty() {
            return Err(AppError::invalid(
                Some("reason"),
                "此操作会取消访问权限，请填写原因。",
                "This removes access: give the reason.",
            ));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::invalid(
                Some("reason"),
                "原因不能超过 500 个字。",
                "The reason must be at most 500 characters.",
            ));
        }
        Ok(reason.to_owned())
    }

    /// A name on screen (a district's, a person's): 1 to 100 characters.
    pub fn name(field: &str, name: &str) -> Result<String, AppError> {
        let name = name.trim();
        if name.is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
            return Err(AppError::invalid(
                Some(field),
                "名称须为 1 至 100 个字，且不含控制字符。",
                "The name must be 1 to 100 characters without control characters.",
            ));
        }
        Ok(name.to_owned())
    }

    /// A district code: 1 to 32 letters, digits, '-' or '_'.
    pub fn code(code: &str) -> Result<String, AppError> {
        let code = code.trim();
        if code.is_empty()
            || code.len() > 32
            || !code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(AppError::invalid(
                Some("code"),
                "行政区代码须为 1 至 32 个字母、数字、- 或 _。",
                "The district code must be 1 to 32 letters, digits, '-' or '_'.",
            ));
        }
        Ok(code.to_owned())
    }

    /// A login name: 3 to 64 lower-case letters, digits, '.', '-' or '_' (logins compare
    /// case-insensitively, so it is stored lower-case).
    pub fn username(username: &str) -> Result<String, AppError> {
        let username = username.trim().to_lowercase();
        let n = username.chars().count();
        if !(3..=64).contains(&n)
            || !username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        {
            return Err(AppError::invalid(
                Some("username"),
                "登录名须为 3 至 64 个字母、数字、.、- 或 _。",
                "The login must be 3 to 64 letters, digits, '.', '-' or '_'.",
            ));
        }
        Ok(username)
    }
}
