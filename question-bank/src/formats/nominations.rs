//! Nomination lists (提请任命名单): one nominee a row, from Excel or CSV, with the template's
//! Chinese headers. Every row is checked (the ID-card number with its check character, a
//! number twice in one file, the nominating body) and every rejection names its row and
//! column; whether to record the nominations is the caller's decision, all or nothing.

use super::list::{ListRow, ListTemplate};
use super::table::{col, Column};
use super::{FileError, Format, RowError};
use crate::appointments::appointment::NominatingBody;
use crate::appointments::identity::IdCardNumber;
use crate::Bilingual;

/// The nomination list template's columns, in order.
pub const NOMINATION_COLUMNS: &[Column] = &[
    col("姓名", "name", true),
    col("身份证号码", "id_card", true),
    col("现工作单位及职务", "current_post", false),
    col("拟任职务", "post", true),
    col("提请机关", "body", true),
    col("提请文号", "document_number", true),
    col("备注", "note", false),
];

/// The longest texts, in characters.
const MAX_NAME: usize = 50;
const MAX_POST: usize = 100;
const MAX_DOCUMENT_NUMBER: usize = 50;
const MAX_NOTE: usize = 200;

/// The nomination list template: its columns and one example row.
const TEMPLATE: ListTemplate = ListTemplate {
    what: "提请任命名单",
    columns: NOMINATION_COLUMNS,
    example: &[
        "王建国",
        "11010519491231002X",
        "江城市财政局副局长",
        "江城市财政局局长",
        "江城市人民政府",
        "江府文〔2026〕12号",
        "",
    ],
    wide: &["document_number", "current_post", "post"],
};

/// One nomination to record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NominationEntry {
    /// The spreadsheet row.
    pub row: usize,
    pub name: String,
    pub id_card: IdCardNumber,
    /// 现工作单位及职务 ("" when not given).
    pub current_post: String,
    /// 拟任职务.
    pub post: String,
    /// 提请机关.
    pub body: NominatingBody,
    /// 提请文号 ("江府文〔2026〕12号").
    pub document_number: String,
    /// 备注 ("" when not given).
    pub note: String,
}

/// The distinctive part of each body's name, as local names contain it ("江城市人民政府",
/// "市政府", "中级人民法院", "市监委", "常委会主任会议").
const DISTINCTIVE: &[(NominatingBody, &[&str])] = &[
    (NominatingBody::Government, &["政府"]),
    (NominatingBody::Court, &["法院"]),
    (NominatingBody::Procuratorate, &["检察院"]),
    (
        NominatingBody::SupervisoryCommission,
        &["监察委员会", "监委"],
    ),
    (NominatingBody::ChairsCouncil, &["主任会议"]),
];

/// Reads a nominating body: its stored name ("court"), its label ("人民法院") or a local
/// name containing the label's distinctive part ("江城市人民政府", "市政府", "监委"). None for
/// an unknown body, or a text naming two bodies.
pub fn nominating_body(text: &str) -> Option<NominatingBody> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(body) = NominatingBody::ALL
        .iter()
        .copied()
        .find(|b| b.as_str().eq_ignore_ascii_case(text) || b.label_zh() == text)
    {
        return Some(body);
    }
    let mut named = DISTINCTIVE
        .iter()
        .filter(|(_, parts)| parts.iter().any(|p| text.contains(p)))
        .map(|(body, _)| *body);
    match (named.next(), named.next()) {
        (Some(body), None) => Some(body),
        _ => None,
    }
}

/// What a nomination cell got wrong (besides [`super::list`]'s checks).
enum NominationError {
    Empty(&'static str),
    UnknownBody(String),
}

impl Bilingual for NominationError {
    fn zh(&self) -> String {
        match self {
            Self::Empty(what) => format!("{what}不能为空"),
            Self::UnknownBody(b) => {
                let labels: Vec<&str> = NominatingBody::ALL.iter().map(|b| b.label_zh()).collect();
                let (last, rest) = labels.split_last().expect("five bodies");
                format!("未知提请机关“{b}”：应为{}或{last}", rest.join("、"))
            }
        }
    }
    fn en(&self) -> String {
        match self {
            Self::Empty(what) => format!("\"{what}\" must not be empty"),
            Self::UnknownBody(b) => {
                let labels: Vec<&str> = NominatingBody::ALL.iter().map(|b| b.label_en()).collect();
                format!(
                    "unknown nominating body \"{b}\"; it must be one of: {}",
                    labels.join(", ")
                )
            }
        }
    }
}

/// Reads a nomination list: every data row as an entry or as the reason it was rejected.
pub fn read(
    format: Format,
    bytes: &[u8],
) -> Result<Vec<Result<NominationEntry, RowError>>, FileError> {
    TEMPLATE.read(format, bytes, |r| {
        let name = text(r, "name", "姓名", true, MAX_NAME)?;
        let id_card = match r.at("id_card") {
            "" => return Err(r.error("id_card", &NominationError::Empty("身份证号码"))),
            number => IdCardNumber::parse(number).map_err(|e| r.error("id_card", &e))?,
        };
        let id_card = r.first_time(id_card)?;
        let current_post = text(r, "current_post", "现工作单位及职务", false, MAX_POST)?;
        let post = text(r, "post", "拟任职务", true, MAX_POST)?;
        let body = match r.at("body") {
            "" => return Err(r.error("body", &NominationError::Empty("提请机关"))),
            b => nominating_body(b)
                .ok_or_else(|| r.error("body", &NominationError::UnknownBody(b.into())))?,
        };
        let document_number = text(r, "document_number", "提请文号", true, MAX_DOCUMENT_NUMBER)?;
        let note = text(r, "note", "备注", false, MAX_NOTE)?;
        Ok(NominationEntry {
            row: r.row,
            name,
            id_card,
            current_post,
            post,
            body,
            document_number,
            note,
        })
    })
}

/// A text cell: required or not, and at most `max` characters.
fn text(
    r: &ListRow<'_>,
    id: &str,
    label: &'static str,
    required: bool,
    max: usize,
) -> Result<String, RowError> {
    if required && r.at(id).is_empty() {
        return Err(r.error(id, &NominationError::Empty(label)));
    }
    r.text(id, label, max).map(str::to_owned)
}

/// The nomination list template: the header in bold and one example row.
pub fn template() -> Result<Vec<u8>, FileError> {
    TEMPLATE.xlsx()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::formats::MAX_ROWS;

    const HEADER: &str = "姓名,身份证号码,现工作单位及职务,拟任职务,提请机关,提请文号,备注\n";
    const ID: &str = "11010519491231002X";

    /// The messages of the rejected rows, in order.
    fn rejections(csv: &str) -> Vec<String> {
        read(Format::Csv, csv.as_bytes())
            .expect("readable")
            .iter()
            .filter_map(|r| r.as_ref().err())
            .map(RowError::message_zh)
            .collect()
    }

    #[test]
    fn a_body_is_read_from_its_stored_name_its_label_or_a_local_name() {
        use NominatingBody::*;
        for (text, body) in [
            ("government", Government),
            ("Court", Court),
            ("人民政府", Government),
            ("江城市人民政府", Government),
            ("市政府", Government),
            ("人民法院", Court),
            ("市人民法院", Court),
            ("江城市中级人民法院", Court),
            ("中级人民法院", Court),
            ("市人民检察院", Procuratorate),
            ("检察院", Procuratorate),
            ("市监察委员会", SupervisoryCommission),
            ("监委", SupervisoryCommission),
            ("supervisory_commission", SupervisoryCommission),
            ("主任会议", ChairsCouncil),
            ("常委会主任会议", ChairsCouncil),
            (" 市人大常委会主任会议 ", ChairsCouncil),
        ] {
            assert_eq!(nominating_body(text), Some(body), "{text}");
        }
        for text in [
            "",
            "市财政局",
            "人大常委会",
            "市政府、市法院",
            "court house",
        ] {
            assert_eq!(nominating_body(text), None, "{text}");
        }
    }

    #[test]
    fn a_good_list_reads_each_nominee_with_post_body_and_document() {
        let csv = format!(
            "{HEADER}王建国,{ID},江城市财政局副局长,江城市财政局局长,江城市人民政府,江府文〔2026〕12号,\n\
             李秀兰,{},,江城市中级人民法院审判员,市中级人民法院,江中法〔2026〕3号,届中调整\n",
            id(2)
        );
        let rows = read(Format::Csv, csv.as_bytes()).expect("readable");
        assert_eq!(rows.len(), 2);
        let first = rows[0].as_ref().expect("valid");
        assert_eq!((first.row, first.name.as_str()), (2, "王建国"));
        assert_eq!(first.id_card.as_str(), ID);
        assert_eq!(first.current_post, "江城市财政局副局长");
        assert_eq!(first.post, "江城市财政局局长");
        assert_eq!(first.body, NominatingBody::Government);
        assert_eq!(first.document_number, "江府文〔2026〕12号");
        assert_eq!(first.note, "");
        let second = rows[1].as_ref().expect("valid");
        assert_eq!(second.row, 3);
        assert_eq!(second.body, NominatingBody::Court);
        assert_eq!(second.current_post, "");
        assert_eq!(second.note, "届中调整");
    }

    #[test]
    fn each_bad_cell_names_its_row_and_column() {
        let long = |n: usize| "长".repeat(n);
        let rows = [
            format!(",{ID},,局长,市人民政府,文1,"),
            format!("{},{ID},,局长,市人民政府,文1,", long(51)),
            "王一,110105194912310021,,局长,市人民政府,文1,".to_owned(),
            "王二,,,局长,市人民政府,文1,".to_owned(),
            format!("王三,{},{},局长,市人民政府,文1,", id(3), long(101)),
            format!("王四,{},,,市人民政府,文1,", id(4)),
            format!("王五,{},,{},市人民政府,文1,", id(5), long(101)),
            format!("王六,{},,局长,,文1,", id(6)),
            format!("王七,{},,局长,市财政局,文1,", id(7)),
            format!("王八,{},,局长,市人民政府,,", id(8)),
            format!("王九,{},,局长,市人民政府,{},", id(9), long(51)),
            format!("王十,{},,局长,市人民政府,文1,{}", id(10), long(201)),
            format!("李一,{},,局长,市人民政府,江府文〔2026〕1号,", id(13)),
        ];
        let csv = format!("{HEADER}{}\n", rows.join("\n"));
        let messages = rejections(&csv);
        let expected = [
            "第2行 A列：姓名不能为空",
            "第3行 A列：“姓名”最多50个字",
            "第4行 B列：身份证号码校验位不正确，请核对",
            "第5行 B列：身份证号码不能为空",
            "第6行 C列：“现工作单位及职务”最多100个字",
            "第7行 D列：拟任职务不能为空",
            "第8行 D列：“拟任职务”最多100个字",
            "第9行 E列：提请机关不能为空",
            "第10行 E列：未知提请机关“市财政局”：应为人民政府、人民法院、人民检察院、监察委员会或主任会议",
            "第11行 F列：提请文号不能为空",
            "第12行 F列：“提请文号”最多50个字",
            "第13行 G列：“备注”最多200个字",
        ];
        assert_eq!(messages, expected);
        let all = read(Format::Csv, csv.as_bytes()).expect("readable");
        assert_eq!(all.len(), 13);
        assert!(all[12].is_ok(), "{:?}", all[12]);
    }

    /// A distinct valid ID-card number for test row `n`.
    fn id(n: usize) -> String {
        IdCardNumber::complete(&format!("110105195001{n:02}001"))
            .expect("17 digits")
            .as_str()
            .to_owned()
    }

    #[test]
    fn an_unknown_body_is_refused_in_both_languages() {
        let csv = format!("{HEADER}王建国,{ID},,局长,人大常委会,文1,\n");
        let rows = read(Format::Csv, csv.as_bytes()).expect("readable");
        let e = rows[0].as_ref().expect_err("refused");
        assert_eq!((e.row, e.column.as_str()), (2, "E"));
        assert!(e
            .zh
            .contains("人民政府、人民法院、人民检察院、监察委员会或主任会议"));
        assert!(
            e.en.starts_with("unknown nominating body \"人大常委会\""),
            "{}",
            e.en
        );
        assert!(e.en.contains("Chair's council"), "{}", e.en);
    }

    #[test]
    fn a_repeated_id_card_number_names_the_first_row() {
        let csv = format!(
            "{HEADER}王建国,{ID},,局长,市政府,文1,\n\
             李秀兰,{},,局长,市政府,文2,\n\
             张卫东,{},,局长,市政府,文3,\n\
             赵敏,{ID},,局长,市政府,文4,\n",
            id(1),
            ID.to_lowercase(),
        );
        assert_eq!(
            rejections(&csv),
            [
                "第4行 B列：身份证号码与第2行重复",
                "第5行 B列：身份证号码与第2行重复",
            ]
        );
    }

    #[test]
    fn letters_follow_the_files_own_columns() {
        // Optional columns left out, the rest reordered.
        let csv = format!("提请文号,姓名,身份证号码,提请机关,拟任职务\n文1,王建国,{ID},监委,\n");
        assert_eq!(rejections(&csv), ["第2行 E列：拟任职务不能为空"]);
        let csv =
            format!("提请文号,姓名,身份证号码,提请机关,拟任职务\n文1,王建国,{ID},监委,主任\n");
        let rows = read(Format::Csv, csv.as_bytes()).expect("readable");
        let entry = rows[0].as_ref().expect("valid");
        assert_eq!(entry.body, NominatingBody::SupervisoryCommission);
        assert_eq!((entry.current_post.as_str(), entry.note.as_str()), ("", ""));
    }

    #[test]
    fn a_list_without_a_required_column_or_of_another_format_is_refused_whole() {
        assert_eq!(
            read(
                Format::Csv,
                format!("姓名,身份证号码,拟任职务,提请机关\n王建国,{ID},局长,市政府\n").as_bytes()
            ),
            Err(FileError::MissingColumn("提请文号"))
        );
        assert_eq!(
            read(Format::Csv, "姓名\n王建国\n".as_bytes()),
            Err(FileError::MissingColumn("身份证号码"))
        );
        assert!(matches!(
            read(Format::Csv, HEADER.replace("备注", "题库").as_bytes()),
            Err(FileError::UnknownColumn { .. })
        ));
        assert!(matches!(
            read(Format::Json, b"[]"),
            Err(FileError::Unreadable(_))
        ));
        assert!(matches!(
            read(Format::Xlsx, b"not a workbook"),
            Err(FileError::Unreadable(_))
        ));
        assert_eq!(read(Format::Csv, HEADER.as_bytes()), Err(FileError::Empty));
        assert_eq!(read(Format::Csv, b""), Err(FileError::Empty));
    }

    #[test]
    fn a_list_over_the_limit_is_refused_whole() {
        let mut csv = HEADER.to_owned();
        for _ in 0..=MAX_ROWS {
            csv.push_str("王建国,x,,局长,市政府,文1,\n");
        }
        assert_eq!(
            read(Format::Csv, csv.as_bytes()),
            Err(FileError::TooManyRows(MAX_ROWS + 1))
        );
    }

    #[test]
    fn the_template_reads_back_as_one_valid_nomination() {
        let rows = read(Format::Xlsx, &template().expect("template")).expect("readable");
        assert_eq!(rows.len(), 1);
        let entry = rows[0].as_ref().expect("valid");
        assert_eq!(entry.name, "王建国");
        assert_eq!(entry.id_card.as_str(), ID);
        assert_eq!(entry.current_post, "江城市财政局副局长");
        assert_eq!(entry.post, "江城市财政局局长");
        assert_eq!(entry.body, NominatingBody::Government);
        assert_eq!(entry.document_number, "江府文〔2026〕12号");
        assert_eq!(entry.note, "");
    }
}
