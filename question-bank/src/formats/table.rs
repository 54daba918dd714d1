//! Spreadsheet-shaped files (CSV and xlsx): a header row naming the template's columns,
//! then one question per row. Blank rows are skipped; the header may sit below a title.

use super::{column_letter, question_error, CellRow, FileError, ImportRow, RowError};
use crate::bank::laws::LAWS;
use crate::bank::question::{Question, QuestionDraft, QuestionError, MAX_OPTIONS};
use crate::Bilingual;

/// A template column: its Chinese header, its English id, and whether a file must have it.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    /// The header in the template ("题干").
    pub zh: &'static str,
    /// The id also accepted as a header ("stem").
    pub id: &'static str,
    /// Whether a file without this column is refused.
    pub required: bool,
}

pub(super) const fn col(zh: &'static str, id: &'static str, required: bool) -> Column {
    Column { zh, id, required }
}

/// The template's columns, in order.
pub const COLUMNS: &[Column] = &[
    col("题库", "bank", true),
    col("题型", "kind", true),
    col("题干", "stem", true),
    col("选项A", "option_a", false),
    col("选项B", "option_b", false),
    col("选项C", "option_c", false),
    col("选项D", "option_d", false),
    col("选项E", "option_e", false),
    col("选项F", "option_f", false),
    col("选项G", "option_g", false),
    col("选项H", "option_h", false),
    col("答案", "key", true),
    col("解析", "explanation", false),
    col("难度", "difficulty", true),
    col("法律", "law", true),
    col("条", "article", true),
    col("款", "paragraph", false),
    col("标签", "tags", false),
    col("评分要点", "marking_points", false),
];

/// Which file column holds each template column.
pub(super) struct Layout {
    columns: &'static [Column],
    /// For each entry of `columns`, the file's column index.
    at: Vec<Option<usize>>,
}

impl Layout {
    /// Finds `columns` in a header row (by Chinese header or id); refuses unknown headers and
    /// missing required columns.
    pub(super) fn from_header(
        cells: &[String],
        columns: &'static [Column],
    ) -> Result<Self, FileError> {
        let mut at = vec![None; columns.len()];
        for (index, header) in cells.iter().enumerate() {
            let header = header.trim();
            if header.is_empty() {
                continue;
            }
            let known = columns
                .iter()
                .position(|c| c.zh == header || c.id.eq_ignore_ascii_case(header));
            match known {
                Some(i) => at[i] = Some(index),
                None => {
                    return Err(FileError::UnknownColumn {
                        column: column_letter(index),
                        header: header.to_owned(),
                    })
                }
            }
        }
        if let Some(missing) = columns
            .iter()
            .zip(&at)
            .find(|(c, a)| c.required && a.is_none())
        {
            return Err(FileError::MissingColumn(missing.0.zh));
        }
        Ok(Self { columns, at })
    }

    /// A row's trimmed text in column `id` ("" when the file lacks the column).
    pub(super) fn cell<'a>(&self, row: &'a [String], id: &str) -> &'a str {
        self.index(id)
            .and_then(|i| row.get(i))
            .map_or("", |s| s.trim())
    }

    fn index(&self, id: &str) -> Option<usize> {
        self.columns
            .iter()
            .position(|c| c.id == id)
            .and_then(|i| self.at[i])
    }

    /// Column `id`'s letter in the file ("—" when the file lacks it).
    pub(super) fn letter(&self, id: &str) -> String {
        self.index(id).map_or_else(|| "—".to_owned(), column_letter)
    }

    /// The column a broken rule is about.
    fn column_of(&self, error: &QuestionError) -> String {
        match error {
            QuestionError::EmptyOption(l) | QuestionError::DuplicateOption(l) => {
                self.letter(&format!("option_{}", l.to_ascii_lowercase()))
            }
            QuestionError::TooFewOptions { .. }
            | QuestionError::TooManyOptions { .. }
            | QuestionError::OptionsNotAllowed(_) => self.letter("option_a"),
            other => self.letter(other.field()),
        }
    }
}

/// A cell that should hold a whole number.
#[derive(Debug)]
enum CellError {
    Empty(&'static str),
    NotANumber(&'static str, String),
}

impl Bilingual for CellError {
    fn zh(&self) -> String {
        match self {
            Self::Empty(h) => format!("“{h}”不能为空"),
            Self::NotANumber(h, v) => format!("“{h}”应为整数，当前为“{v}”"),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::Empty(h) => format!("\"{h}\" must not be empty"),
            Self::NotANumber(h, v) => format!("\"{h}\" must be a whole number; it is \"{v}\""),
        }
    }
}

/// The header's layout and the non-blank rows after it.
pub(super) fn split_header(
    rows: Vec<CellRow>,
    columns: &'static [Column],
) -> Result<(Layout, Vec<CellRow>), FileError> {
    let mut rows = rows
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let (_, header) = rows.next().ok_or(FileError::Empty)?;
    Ok((Layout::from_header(&header, columns)?, rows.collect()))
}

/// What the import template's example rows begin their stem with: such a row is skipped,
/// so the examples never import as real questions, whether left in or copied.
pub const EXAMPLE_MARK: &str = "【示例】";

/// Reads the question rows after the header, leaving out the template's examples.
pub(super) fn read(rows: Vec<CellRow>) -> Result<Vec<ImportRow>, FileError> {
    let (layout, rows) = split_header(rows, COLUMNS)?;
    let all = rows.len();
    let rows: Vec<CellRow> = rows
        .into_iter()
        .filter(|(_, cells)| {
            !layout
                .cell(cells, "stem")
                .trim_start()
                .starts_with(EXAMPLE_MARK)
        })
        .collect();
    if rows.is_empty() && all > 0 {
        return Err(FileError::OnlyExamples(all));
    }
    Ok(rows
        .into_iter()
        .map(|(row, cells)| ImportRow {
            row,
            result: parse_row(&layout, row, &cells),
        })
        .collect())
}

fn parse_row(layout: &Layout, row: usize, cells: &[String]) -> Result<Question, RowError> {
    let number =
        |id: &'static str, header: &'static str, required: bool| -> Result<Option<i64>, RowError> {
            let text = layout.cell(cells, id);
            if text.is_empty() {
                return if required {
                    Err(RowError::new(
                        row,
                        layout.letter(id),
                        &CellError::Empty(header),
                    ))
                } else {
                    Ok(None)
                };
            }
            let whole = text.strip_suffix(".0").unwrap_or(text);
            whole.parse::<i64>().map(Some).map_err(|_| {
                RowError::new(
                    row,
                    layout.letter(id),
                    &CellError::NotANumber(header, text.to_owned()),
                )
            })
        };
    let mut options: Vec<String> = (0..MAX_OPTIONS)
        .map(|i| layout.cell(cells, COLUMNS[3 + i].id).to_owned())
        .collect();
    while options.last().is_some_and(String::is_empty) {
        options.pop();
    }
    let law = layout.cell(cells, "law");
    let draft = QuestionDraft {
        bank: layout.cell(cells, "bank").to_owned(),
        kind: layout.cell(cells, "kind").to_owned(),
        stem: layout.cell(cells, "stem").to_owned(),
        options,
        key: layout.cell(cells, "key").to_owned(),
        explanation: layout.cell(cells, "explanation").to_owned(),
        difficulty: number("difficulty", "难度", true)?.unwrap_or_default(),
        // Staff may type the law's id or its short Chinese name.
        law: LAWS
            .iter()
            .find(|l| l.name == law)
            .map_or(law, |l| l.id)
            .to_owned(),
        article: number("article", "条", true)?.unwrap_or_default(),
        paragraph: number("paragraph", "款", false)?,
        tags: vec![layout.cell(cells, "tags").to_owned()],
        // One point a line (Alt+Enter in Excel).
        marking_points: layout
            .cell(cells, "marking_points")
            .lines()
            .map(str::to_owned)
            .collect(),
    };
    Question::parse(draft).map_err(|e| question_error(row, layout.column_of(&e), &e))
}
