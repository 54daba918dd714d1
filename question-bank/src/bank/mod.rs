//! Question banks (题库): one per nominating system, plus a common bank.

#[cfg(feature = "statutes")]
pub mod law_versions;
pub mod laws;
#[cfg(feature = "statutes")]
pub mod quality;
pub mod question;
pub mod region;
pub mod secrecy;
#[cfg(feature = "formats")]
pub mod seed;
#[cfg(feature = "statutes")]
pub mod statutes;

use crate::named::named_enum;

named_enum! {
    /// The bank a question belongs to. Banks are kept per nominating system and refreshed
    /// about every six months; the common bank (mostly the Constitution) serves every paper.
    /// Listed in display order.
    #[derive(PartialOrd, Ord)]
    #[serde(rename_all = "snake_case")]
    pub enum Bank {
        Common => ("common", "通用", "Common"),
        Npc => ("npc", "人大", "People's congress"),
        Government => ("government", "政府", "Government"),
        Supervision => ("supervision", "监委", "Supervisory commission"),
        Court => ("court", "法院", "Court"),
        Procuratorate => ("procuratorate", "检察院", "Procuratorate"),
    }
    /// Reads the identifier or the Chinese name (as staff type it in a spreadsheet).
    fn parse(text) {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|b| b.as_str().eq_ignore_ascii_case(text) || b.label_zh() == text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bank_reads_from_its_id_or_its_chinese_name() {
        assert_eq!(Bank::parse("court"), Some(Bank::Court));
        assert_eq!(Bank::parse(" 检察院 "), Some(Bank::Procuratorate));
        assert_eq!(Bank::parse("通用"), Some(Bank::Common));
        assert_eq!(Bank::parse("税务"), None);
        assert!(Bank::ALL
            .iter()
            .all(|b| Bank::parse(b.as_str()) == Some(*b)));
    }
}

crate::refusals! {
    /// Why a change to the question bank was refused.
    pub enum BankRefusal {
        NotInLibrary { law_id: String } => ("法律“{law_id}”不在本系统的法律库中。", "The law \"{law_id}\" is not in the project's statute library."),
        NotAwaitingReview => ("只能确认本级题库中待复核的试题。", "Only a question of your own bank that awaits review can be confirmed."),
        NotEditable => ("只能修改本级题库中在用或草稿状态的试题。", "Only active or draft questions of your own bank can be edited."),
        Duplicate => ("题库中已有题干和选项都相同的试题；如需修改，请编辑那道试题。", "The bank already has a question with the same text and options; edit that one instead."),
        AlreadyImported => ("该文件已经导入过。", "This file has already been imported."),
        ChangedAfterPreview { row: i64, id: i64 } => ("第{row}行要修改的试题 #{id} 在预览后已被修改或停用，本次未导入任何内容，请重新上传。", "Row {row}: question #{id} was changed or retired after the preview; nothing was imported. Upload the file again."),
    }
}

impl From<BankRefusal> for crate::refusal::Refusal {
    fn from(why: BankRefusal) -> Self {
        match why {
            BankRefusal::NotInLibrary { .. } => Self::field("law", why),
            BankRefusal::Duplicate => Self::field("stem", why),
            _ => Self::state(why),
        }
    }
}
