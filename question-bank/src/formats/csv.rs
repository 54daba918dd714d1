//! CSV: UTF-8 with or without a byte-order mark, or GBK (what Excel on a Chinese Windows
//! saves by default).

use std::borrow::Cow;

use super::limits::{
    self, Limit, Sheet, MAX_CELL_CHARS, MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_SHEET_TEXT_BYTES,
};
use super::{column_letter, CellRow, FileError};

/// Text as UTF-8 (a byte-order mark dropped) or, failing that, GBK; within the text files'
/// size, line and line-length limits.
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, FileError> {
    limits::check_size(bytes)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => Cow::Borrowed(text),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(FileError::Encoding);
            }
            text
        }
    };
    limits::check_text(&text)?;
    Ok(text)
}

pub(super) fn cells(bytes: &[u8]) -> Result<Vec<CellRow>, FileError> {
    let text = decode(bytes)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // A spreadsheet shows a cell with line breaks as one row, and blank lines as rows: the
    // row number is the record's first line less the breaks inside earlier cells. (The csv
    // reader's own line number skips blank lines, and its byte offset points before them.)
    let bytes = text.as_bytes();
    let (mut counted_to, mut lines_before) = (0, 0);
    let mut breaks_before = 0;
    let mut total = 0;
    let over = |limit| Err(FileError::OverLimit(limit));
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        let mut start = record.position().map_or(counted_to, |p| p.byte() as usize);
        while matches!(bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let start = start.clamp(counted_to, bytes.len());
        lines_before += bytes[counted_to..start]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        counted_to = start;
        let breaks: usize = record.iter().map(|c| c.matches('\n').count()).sum();
        let row = (lines_before + 1).saturating_sub(breaks_before).max(1);
        // The same bounds as a sheet's: a cell outside them is refused, never dropped.
        let cell = |column: usize| format!("{}{row}", column_letter(column));
        if row > MAX_SHEET_ROWS as usize {
            return over(Limit::CellOutside {
                sheet: Sheet::File,
                cell: cell(0),
            });
        }
        if let Some(last) = (0..record.len()).rev().find(|&i| !record[i].is_empty()) {
            if last >= MAX_SHEET_COLUMNS as usize {
                return over(Limit::CellOutside {
                    sheet: Sheet::File,
                    cell: cell(last),
                });
            }
        }
        for (column, value) in record.iter().enumerate() {
            if value.len() > MAX_CELL_CHARS && value.chars().count() > MAX_CELL_CHARS {
                return over(Limit::CellText {
                    sheet: Sheet::File,
                    cell: cell(column),
                });
            }
            total += value.len();
        }
        if total > MAX_SHEET_TEXT_BYTES {
            return over(Limit::SheetText { sheet: Sheet::File });
        }
        let columns = record.len().min(MAX_SHEET_COLUMNS as usize);
        rows.push((
            row,
            record.iter().take(columns).map(str::to_owned).collect(),
        ));
        breaks_before += breaks;
    }
    Ok(rows)
}
