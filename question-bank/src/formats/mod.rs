//! Question files: the project's own JSON format, CSV and Excel (.xlsx) with Chinese headers,
//! Moodle's GIFT and Aiken text, Word documents and IMS QTI 3.0 packages.
//!
//! Reading never panics and never half-succeeds silently: a file either cannot be read at
//! all ([`FileError`]), or every data row comes back as a question or as a [`RowError`]
//! that names the row, the column and the reason in both languages. Whether to commit is the
//! caller's decision (all or nothing).

mod csv;
mod docx;
pub mod json;
pub mod limits;
mod list;
pub mod nominations;
pub mod qti;
pub mod roster;
mod table;
pub mod text;
pub mod xlsx;

use crate::bank::question::{Question, QuestionError};
use crate::Bilingual;

pub use limits::Limit;
pub use table::{COLUMNS, EXAMPLE_MARK};

/// A row of cell texts with its spreadsheet row number (1-based): what the spreadsheet
/// formats (CSV, xlsx) read, and the table and the lists take.
type CellRow = (usize, Vec<String>);

/// The most data rows one file may hold.
pub const MAX_ROWS: usize = 5000;

/// A file format staff can import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// The project's own format (also the seed bank's): a JSON array of questions.
    Json,
    /// Comma-separated values with the template's headers; UTF-8 (with or without BOM) or GBK.
    Csv,
    /// Excel 2007+ workbook with the template's headers on the first sheet.
    Xlsx,
    /// Moodle GIFT text, with Renqian's source comment above each question.
    Gift,
    /// Moodle Aiken text (single choice), with Renqian's source comment above each question.
    Aiken,
    /// A `.txt` file: Aiken if it has `ANSWER:` lines, GIFT otherwise.
    MoodleText,
    /// A Word document in the layouts Chinese banks are typed in (see [`docx`]).
    Docx,
    /// An IMS QTI 3.0 content package (`.zip`), as [`qti::write`] writes it.
    Qti,
}

impl Format {
    /// Picks the format from a file name's extension.
    pub fn from_file_name(name: &str) -> Option<Self> {
        let ext = name.rsplit('.').next()?.to_ascii_lowercase();
        match ext.as_str() {
            "json" => Some(Self::Json),
            "csv" => Some(Self::Csv),
            "xlsx" => Some(Self::Xlsx),
            "gift" => Some(Self::Gift),
            "txt" => Some(Self::MoodleText),
            "docx" => Some(Self::Docx),
            "zip" => Some(Self::Qti),
            _ => None,
        }
    }
}

/// One data row's outcome.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ImportRow {
    /// The row number as the person sees it (spreadsheet row, or the item's place in a JSON array).
    pub row: usize,
    /// The question, or why the row was rejected.
    pub result: Result<Question, RowError>,
}

/// Why one row was rejected, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowError {
    /// Spreadsheet row (1 is the header), JSON or QTI item number (from 1), text line, or
    /// Word paragraph.
    pub row: usize,
    /// Spreadsheet column letter ("C"), JSON field name or QTI item file, "" for a text
    /// line, [`PARAGRAPH`] for a Word paragraph.
    pub column: String,
    /// The reason in Chinese.
    pub zh: String,
    /// The reason in English.
    pub en: String,
}

/// The `column` of a row error that names a Word document's paragraph, not a column.
pub const PARAGRAPH: &str = "段";

impl RowError {
    pub(crate) fn new(row: usize, column: impl Into<String>, reason: &impl Bilingual) -> Self {
        Self {
            row,
            column: column.into(),
            zh: reason.zh(),
            en: reason.en(),
        }
    }

    /// "第12行 C列：单选题必须恰好有一个正确答案，当前为2个".
    pub fn message_zh(&self) -> String {
        if self.column == PARAGRAPH {
            format!("第{}段：{}", self.row, self.zh)
        } else if self.column.is_empty() {
            format!("第{}行：{}", self.row, self.zh)
        } else if self.column.chars().all(|c| c.is_ascii_uppercase()) {
            format!("第{}行 {}列：{}", self.row, self.column, self.zh)
        } else {
            format!("第{}题 {}：{}", self.row, self.column, self.zh)
        }
    }

    /// "Row 12, column C: …".
    pub fn message_en(&self) -> String {
        if self.column == PARAGRAPH {
            format!("Paragraph {}: {}", self.row, self.en)
        } else if self.column.is_empty() {
            format!("Line {}: {}", self.row, self.en)
        } else if self.column.chars().all(|c| c.is_ascii_uppercase()) {
            format!("Row {}, column {}: {}", self.row, self.column, self.en)
        } else {
            format!("Item {}, field {}: {}", self.row, self.column, self.en)
        }
    }
}

/// Why a whole file could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    /// Not a file of the claimed format, or damaged.
    #[error("无法读取文件：{0}")]
    Unreadable(String),
    /// Neither UTF-8 nor GBK text.
    #[error("无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV 文件")]
    Encoding,
    /// No header row, or no data rows.
    #[error("文件中没有数据行")]
    Empty,
    /// Only the import template's example rows (stem beginning [`EXAMPLE_MARK`]), which are
    /// never imported.
    #[error(
        "文件中只有{0}行示例（题干以“【示例】”开头），示例不会导入；请在模板中填写试题后再上传"
    )]
    OnlyExamples(usize),
    /// A required column is missing from the header row.
    #[error("缺少“{0}”列，请使用导入模板")]
    MissingColumn(&'static str),
    /// A header the template does not have.
    #[error("第1行 {column}列：无法识别的列名“{header}”")]
    UnknownColumn { column: String, header: String },
    /// Over [`MAX_ROWS`].
    #[error("一次最多导入5000行，本文件有{0}行")]
    TooManyRows(usize),
    /// Merged cells in the data area.
    #[error(
        "第{first_row}至{last_row}行 {column}列为合并单元格，请取消合并并在每行填写完整后重新导入"
    )]
    MergedCells {
        first_row: u32,
        last_row: u32,
        column: String,
    },
    /// Over one of the [`limits`]: refused before it is read any further.
    #[error("{0}")]
    OverLimit(Limit),
}

impl FileError {
    /// The limit the file went over, if that is why it was refused.
    pub fn limit(&self) -> Option<&Limit> {
        match self {
            Self::OverLimit(limit) => Some(limit),
            _ => None,
        }
    }
}

impl Bilingual for FileError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::Unreadable(e) => format!("the file cannot be read: {e}"),
            Self::Encoding => "unknown text encoding; save the CSV file as UTF-8 or GBK".into(),
            Self::Empty => "the file holds no data rows".into(),
            Self::OnlyExamples(n) => format!("the file holds only the template's {n} example rows (stems beginning 【示例】), which are never imported; fill in your questions and upload again"),
            Self::MissingColumn(c) => {
                format!("the column \"{c}\" is missing; please use the import template")
            }
            Self::UnknownColumn { column, header } => {
                format!("row 1, column {column}: unknown column name \"{header}\"")
            }
            Self::TooManyRows(n) => format!("at most 5000 rows per import; this file has {n}"),
            Self::MergedCells {
                first_row,
                last_row,
                column,
            } => {
                format!("rows {first_row}-{last_row}, column {column} are merged cells; unmerge them, fill every row and import again")
            }
            Self::OverLimit(limit) => limit.en(),
        }
    }
}

/// Reads a file of the given format.
pub fn read(format: Format, bytes: &[u8]) -> Result<Vec<ImportRow>, FileError> {
    limits::check_size(bytes)?;
    let rows = match format {
        Format::Json => json::read(bytes)?,
        Format::Csv => table::read(csv::cells(bytes)?)?,
        Format::Xlsx => table::read(xlsx::cells(bytes)?)?,
        Format::Gift => text::read_gift(&csv::decode(bytes)?)?,
        Format::Aiken => text::read_aiken(&csv::decode(bytes)?)?,
        Format::MoodleText => {
            let decoded = csv::decode(bytes)?;
            if text::looks_like_aiken(&decoded) {
                text::read_aiken(&decoded)?
            } else {
                text::read_gift(&decoded)?
            }
        }
        Format::Docx => docx::read(bytes)?,
        Format::Qti => qti::read(bytes)?,
    };
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    if rows.len() > MAX_ROWS {
        return Err(FileError::TooManyRows(rows.len()));
    }
    Ok(rows)
}

/// A spreadsheet's rows, from .xlsx or .csv; `what` names the list (a roster, a nomination
/// list) when the file is neither.
fn sheet_cells(format: Format, bytes: &[u8], what: &str) -> Result<Vec<CellRow>, FileError> {
    limits::check_size(bytes)?;
    match format {
        Format::Csv => csv::cells(bytes),
        Format::Xlsx => xlsx::cells(bytes),
        _ => Err(FileError::Unreadable(format!(
            "{what}只支持 .xlsx 和 .csv 文件 (.xlsx or .csv only)"
        ))),
    }
}

/// Why a list file (a roster, a nomination list) was not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListError {
    /// Over one of the [`limits`]: the upload is refused outright.
    OverLimit(Limit),
    /// Every rejected row's reason, or the file's own (zh, en).
    Rejected(Vec<(String, String)>),
}

/// A list file read whole: every entry when all rows are valid, otherwise why not; `what`
/// names the list for a wrong file type.
#[allow(clippy::type_complexity, reason = "a reader of one list format")]
pub fn every_row<T>(
    file_name: &str,
    bytes: &[u8],
    what: (&str, &str),
    read: fn(Format, &[u8]) -> Result<Vec<Result<T, RowError>>, FileError>,
) -> Result<Vec<T>, ListError> {
    let format = Format::from_file_name(file_name).ok_or_else(|| {
        ListError::Rejected(vec![(
            format!("{}只支持 .xlsx 和 .csv 文件", what.0),
            format!("a {} is .xlsx or .csv", what.1),
        )])
    })?;
    let rows = read(format, bytes).map_err(|e| match e {
        FileError::OverLimit(limit) => ListError::OverLimit(limit),
        e => ListError::Rejected(vec![(e.zh(), e.en())]),
    })?;
    let errors: Vec<(String, String)> = rows
        .iter()
        .filter_map(|r| r.as_ref().err())
        .map(|e| (e.message_zh(), e.message_en()))
        .collect();
    if errors.is_empty() {
        Ok(rows.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(ListError::Rejected(errors))
    }
}

/// "A" for column 0, "Z" for 25, "AA" for 26.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        letters.push(char::from(b'A' + ((n - 1) % 26) as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A question's rule broken in a row: the error and the field it concerns.
pub(crate) fn question_error(row: usize, column: String, error: &QuestionError) -> RowError {
    RowError::new(row, column, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_run_like_a_spreadsheets() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
    }

    #[test]
    fn a_row_error_reads_like_the_spreadsheet() {
        let e = RowError {
            row: 12,
            column: "C".into(),
            zh: "单选题必须恰好有一个正确答案，当前为2个".into(),
            en: "x".into(),
        };
        assert_eq!(
            e.message_zh(),
            "第12行 C列：单选题必须恰好有一个正确答案，当前为2个"
        );
    }
}
