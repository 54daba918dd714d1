//! Enrolment rosters (考生名单): one candidate a row, from Excel or CSV, with the template's
//! Chinese headers. Every row is checked (the ID-card number with its check character, a
//! number twice in one file) and every rejection names its row and column; whether to enrol
//! is the caller's decision, all or nothing.

use super::list::ListTemplate;
use super::table::{col, Column};
use super::{FileError, Format, RowError};
use crate::appointments::identity::IdCardNumber;
use crate::bank::Bank;
use crate::Bilingual;

/// The roster template's columns, in order.
pub const ROSTER_COLUMNS: &[Column] = &[
    col("姓名", "name", true),
    col("身份证号码", "id_card", true),
    col("工作单位", "employer", false),
    col("拟任职务", "proposed_post", false),
    col("提请机关", "nominating_body", false),
    col("题库", "bank", false),
];

/// The longest name and the longest of the other texts, in characters.
const MAX_NAME: usize = 50;
const MAX_TEXT: usize = 100;

/// One candidate to enrol.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RosterEntry {
    /// The spreadsheet row.
    pub row: usize,
    pub name: String,
    pub id_card: IdCardNumber,
    pub employer: String,
    pub proposed_post: String,
    pub nominating_body: String,
    /// The bank of the nominee's system, when given.
    pub bank: Option<Bank>,
}

/// The roster template: its columns and one example row.
const TEMPLATE: ListTemplate = ListTemplate {
    what: "考生名单",
    columns: ROSTER_COLUMNS,
    example: &[
        "王建国",
        "11010519491231002X",
        "江城市财政局",
        "江城市财政局局长",
        "市人民政府",
        "政府",
    ],
    wide: &[],
};

/// What a roster cell got wrong (besides [`super::list`]'s checks).
enum RosterError {
    EmptyName,
    UnknownBank(String),
}

impl Bilingual for RosterError {
    fn zh(&self) -> String {
        match self {
            Self::EmptyName => "姓名不能为空".into(),
            Self::UnknownBank(b) => {
                format!("未知题库“{b}”：应为通用、人大、政府、监委、法院或检察院，或留空")
            }
        }
    }
    fn en(&self) -> String {
        match self {
            Self::EmptyName => "the name is empty".into(),
            Self::UnknownBank(b) => format!("unknown bank \"{b}\""),
        }
    }
}

/// Reads a roster: every data row as an entry or as the reason it was rejected.
pub fn read(format: Format, bytes: &[u8]) -> Result<Vec<Result<RosterEntry, RowError>>, FileError> {
    TEMPLATE.read(format, bytes, |r| {
        let name = r.at("name");
        if name.is_empty() {
            return Err(r.error("name", &RosterError::EmptyName));
        }
        let name = r.text("name", "姓名", MAX_NAME)?.to_owned();
        let id_card = IdCardNumber::parse(r.at("id_card")).map_err(|e| r.error("id_card", &e))?;
        let id_card = r.first_time(id_card)?;
        let employer = r.text("employer", "工作单位", MAX_TEXT)?.to_owned();
        let proposed_post = r.text("proposed_post", "拟任职务", MAX_TEXT)?.to_owned();
        let nominating_body = r.text("nominating_body", "提请机关", MAX_TEXT)?.to_owned();
        let bank = match r.at("bank") {
            "" => None,
            b => Some(
                Bank::parse(b)
                    .ok_or_else(|| r.error("bank", &RosterError::UnknownBank(b.into())))?,
            ),
        };
        Ok(RosterEntry {
            row: r.row,
            name,
            id_card,
            employer,
            proposed_post,
            nominating_body,
            bank,
        })
    })
}

/// The roster template: the header and one example row.
pub fn template() -> Result<Vec<u8>, FileError> {
    TEMPLATE.xlsx()
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str = "姓名,身份证号码,工作单位,拟任职务,提请机关,题库\n";

    #[test]
    fn a_roster_reads_each_candidate_with_its_post_and_bank() {
        let csv = format!("{HEADER}王建国,11010519491231002X,江城市财政局,局长,市人民政府,政府\n");
        let rows = read(Format::Csv, csv.as_bytes()).expect("readable");
        let entry = rows[0].as_ref().expect("valid");
        assert_eq!((entry.row, entry.name.as_str()), (2, "王建国"));
        assert_eq!(entry.bank, Some(Bank::Government));
        assert_eq!(entry.proposed_post, "局长");
    }

    #[test]
    fn a_wrong_check_character_a_repeated_number_and_a_blank_name_name_their_place() {
        let csv = format!(
            "{HEADER}王建国,11010519491231002X,,,,\n李秀兰,110105194912310021,,,,\n张卫东,11010519491231002X,,,,\n,11010519491231002X,,,,\n赵敏,11010519491231002X,,,,税务\n"
        );
        let rows = read(Format::Csv, csv.as_bytes()).expect("readable");
        let messages: Vec<String> = rows
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(RowError::message_zh)
            .collect();
        assert!(messages[0].starts_with("第3行 B列："), "{messages:?}");
        assert_eq!(messages[1], "第4行 B列：身份证号码与第2行重复");
        assert_eq!(messages[2], "第5行 A列：姓名不能为空");
        assert_eq!(
            messages[3], "第6行 B列：身份证号码与第2行重复",
            "the first row stays the reference"
        );
        assert!(rows[0].is_ok());
    }

    #[test]
    fn the_template_reads_back_as_one_valid_candidate() {
        let rows = read(Format::Xlsx, &template().expect("template")).expect("readable");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].is_ok(), "{:?}", rows[0]);
    }

    #[test]
    fn a_roster_without_the_id_column_or_of_another_format_is_refused_whole() {
        assert_eq!(
            read(Format::Csv, "姓名\n王建国\n".as_bytes()),
            Err(FileError::MissingColumn("身份证号码"))
        );
        assert!(matches!(
            read(Format::Json, b"[]"),
            Err(FileError::Unreadable(_))
        ));
        assert_eq!(read(Format::Csv, HEADER.as_bytes()), Err(FileError::Empty));
    }
}
