//! What an administrator may do to jurisdictions and accounts: the refusals of those rules.
//! The checks themselves need the stored tree (who is above whom, who is the last city
//! administrator), so the database adapter reads those facts under its lock and refuses
//! with these.

use crate::refusal::Refusal;

crate::refusals! {
    /// Why an administrative change to a jurisdiction or an account was refused.
    pub enum AdminRefusal {
        NoParent { code: String } => ("上级行政区 {code} 不存在", "no parent jurisdiction {code}"),
        NoSuchCode { code: String } => ("行政区代码 {code} 不存在", "no jurisdiction with code {code}"),
        UsernameTaken { username: String } => ("用户名 {username} 已存在", "username {username} is taken"),
        OwnJurisdiction => ("不能更改自己所在的行政区，请由上级管理员操作。", "You cannot change your own jurisdiction; ask an administrator above it."),
        JurisdictionOutOfReach => ("该行政区不在您的管辖范围内。", "That jurisdiction is not in your reach."),
        LastCityAdministrator => ("这是市级最后一个有效的管理员账号，不能停用。", "This is the city's last active administrator account; it cannot be disabled."),
        OnlyCityCreatesDistricts => ("只有市级管理员可以新建区县。", "Only a city administrator can create districts."),
        CodeTaken { code: String } => ("行政区代码 {code} 已存在", "the jurisdiction code {code} is taken"),
        JurisdictionDeactivated => ("该行政区已停用，不能新建账号。", "That jurisdiction is deactivated; no account can be created in it."),
        AccountOutOfReach => ("该账号不在您的管辖范围内。", "That account is not in your reach."),
        AccountJurisdictionDeactivated => ("该账号所在行政区已停用，请先启用行政区。", "The account's jurisdiction is deactivated; reactivate it first."),
    }
}

impl From<AdminRefusal> for Refusal {
    /// Each refusal names the form field it is about.
    fn from(why: AdminRefusal) -> Self {
        let field = match why {
            AdminRefusal::NoParent { .. } => "parent",
            AdminRefusal::NoSuchCode { .. } => "jurisdiction_code",
            AdminRefusal::UsernameTaken { .. } => "username",
            AdminRefusal::OwnJurisdiction
            | AdminRefusal::JurisdictionOutOfReach
            | AdminRefusal::JurisdictionDeactivated => "jurisdiction_id",
            AdminRefusal::LastCityAdministrator
            | AdminRefusal::AccountOutOfReach
            | AdminRefusal::AccountJurisdictionDeactivated => "user_id",
            AdminRefusal::OnlyCityCreatesDistricts | AdminRefusal::CodeTaken { .. } => "code",
        };
        Refusal::field(field, why)
    }
}
