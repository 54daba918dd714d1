//! List files (a roster, a nomination list): one person a row under a template's headers,
//! from Excel or CSV. A list names its columns, its template's example row and what it is
//! called; each list's own module parses a row's cells into its entry, with the shared checks
//! (a text's length, an ID-card number given twice) from here.

use std::collections::HashMap;

use super::table::{split_header, Column, Layout};
use super::{FileError, Format, RowError, MAX_ROWS};
use crate::appointments::identity::IdCardNumber;
use crate::Bilingual;

/// A list's template: the columns, the example row, and the list's name.
pub(super) struct ListTemplate {
    /// The list's name ("考生名单"): the template's sheet, and a wrong file type's message.
    pub what: &'static str,
    /// The columns, in order.
    pub columns: &'static [Column],
    /// The template's example row, a cell per column.
    pub example: &'static [&'static str],
    /// The ids of the columns the template sets wide (besides the ID-card number's).
    pub wide: &'static [&'static str],
}

impl ListTemplate {
    /// Reads a list from .xlsx or .csv: every data row parsed by `parse`, as an entry or as
    /// the reason it was rejected.
    pub(super) fn read<T>(
        &self,
        format: Format,
        bytes: &[u8],
        mut parse: impl FnMut(&mut ListRow<'_>) -> Result<T, RowError>,
    ) -> Result<Vec<Result<T, RowError>>, FileError> {
        let cells = super::sheet_cells(format, bytes, self.what)?;
        let (layout, rows) = split_header(cells, self.columns)?;
        if rows.is_empty() {
            return Err(FileError::Empty);
        }
        if rows.len() > MAX_ROWS {
            return Err(FileError::TooManyRows(rows.len()));
        }
        let mut first_row_of = HashMap::new();
        Ok(rows
            .iter()
            .map(|(row, cells)| {
                parse(&mut ListRow {
                    row: *row,
                    cells,
                    layout: &layout,
                    first_row_of: &mut first_row_of,
                })
            })
            .collect())
    }

    /// The template as a one-sheet workbook: the header (bold, on grey) and the example row;
    /// wider columns for the ID-card number and the `wide` ones.
    pub(super) fn xlsx(&self) -> Result<Vec<u8>, FileError> {
        use rust_xlsxwriter::{Format as CellFormat, Workbook};
        let unreadable = |e: rust_xlsxwriter::XlsxError| FileError::Unreadable(e.to_string());
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet();
        sheet.set_name(self.what).map_err(unreadable)?;
        let bold = CellFormat::new().set_bold().set_background_color(0xF2F2F2);
        for (c, (column, value)) in self.columns.iter().zip(self.example).enumerate() {
            let c = c as u16;
            sheet
                .write_string_with_format(0, c, column.zh, &bold)
                .map_err(unreadable)?;
            if !value.is_empty() {
                sheet.write_string(1, c, *value).map_err(unreadable)?;
            }
            let width = if column.id == "id_card" || self.wide.contains(&column.id) {
                22
            } else {
                18
            };
            sheet.set_column_width(c, width).map_err(unreadable)?;
        }
        workbook.save_to_buffer().map_err(unreadable)
    }
}

/// One data row of a list, being parsed.
pub(super) struct ListRow<'a> {
    /// The spreadsheet row.
    pub row: usize,
    cells: &'a [String],
    layout: &'a Layout,
    /// Each ID-card number so far, and the row it first stood in.
    first_row_of: &'a mut HashMap<String, usize>,
}

impl<'a> ListRow<'a> {
    /// The trimmed text in column `id` ("" when the file lacks the column).
    pub(super) fn at(&self, id: &str) -> &'a str {
        self.layout.cell(self.cells, id)
    }

    /// The row's error in column `id`.
    pub(super) fn error(&self, id: &str, reason: &dyn Bilingual) -> RowError {
        RowError {
            row: self.row,
            column: self.layout.letter(id),
            zh: reason.zh(),
            en: reason.en(),
        }
    }

    /// The text in column `id` (called `label`), refused over `max` characters.
    pub(super) fn text(
        &self,
        id: &str,
        label: &'static str,
        max: usize,
    ) -> Result<&'a str, RowError> {
        let value = self.at(id);
        if value.chars().count() > max {
            return Err(self.error(id, &ListCellError::TooLong(label, max)));
        }
        Ok(value)
    }

    /// The ID-card number, refused when an earlier row of the file has it (the first such
    /// row stays the one named).
    pub(super) fn first_time(&mut self, id_card: IdCardNumber) -> Result<IdCardNumber, RowError> {
        if let Some(&first) = self.first_row_of.get(id_card.as_str()) {
            return Err(self.error("id_card", &ListCellError::RepeatedIdCard(first)));
        }
        self.first_row_of
            .insert(id_card.as_str().to_owned(), self.row);
        Ok(id_card)
    }
}

/// What a list cell got wrong, in every list.
enum ListCellError {
    TooLong(&'static str, usize),
    RepeatedIdCard(usize),
}

impl Bilingual for ListCellError {
    fn zh(&self) -> String {
        match self {
            Self::TooLong(what, max) => format!("“{what}”最多{max}个字"),
            Self::RepeatedIdCard(first) => format!("身份证号码与第{first}行重复"),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::TooLong(what, max) => format!("\"{what}\" has at most {max} characters"),
            Self::RepeatedIdCard(first) => format!("the ID-card number repeats row {first}"),
        }
    }
}
