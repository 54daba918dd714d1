//! Question banks (题库): one per nominating system, plus a common bank.

use serde::{Deserialize, Serialize};

/// The bank a question belongs to. Banks are kept per nominating system and refreshed
/// about every six months; the common bank (mostly the Constitution) serves every paper.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Bank {
    /// 通用.
    Common,
    /// 人大.
    Npc,
    /// 政府.
    Government,
    /// 监委.
    Supervision,
    /// 法院.
    Court,
    /// 检察院.
    Procuratorate,
}

impl Bank {
    /// Every bank, in display order.
    pub const ALL: [Bank; 6] = [
        Self::Common,
        Self::Npc,
        Self::Government,
        Self::Supervision,
        Self::Court,
        Self::Procuratorate,
    ];

    /// The stored identifier.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Common => "common",
            Self::Npc => "npc",
            Self::Government => "government",
            Self::Supervision => "supervision",
            Self::Court => "court",
            Self::Procuratorate => "procuratorate",
        }
    }

    /// 通用, 人大, 政府, 监委, 法院, 检察院.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Common => "通用",
            Self::Npc => "人大",
            Self::Government => "政府",
            Self::Supervision => "监委",
            Self::Court => "法院",
            Self::Procuratorate => "检察院",
        }
    }

    /// English name.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Common => "Common",
            Self::Npc => "People's congress",
            Self::Government => "Government",
            Self::Supervision => "Supervisory commission",
            Self::Court => "Court",
            Self::Procuratorate => "Procuratorate",
        }
    }

    /// Reads the identifier or the Chinese name (as staff type it in a spreadsheet).
    pub fn parse(text: &str) -> Option<Self> {
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
