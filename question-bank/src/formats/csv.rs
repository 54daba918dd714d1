//! CSV: UTF-8 with or without a byte-order mark, or GBK (what Excel on a Chinese Windows
//! saves by default).

use std::borrow::Cow;

use super::table::CellRow;
use super::FileError;

/// Text as UTF-8 (a byte-order mark dropped) or, failing that, GBK.
pub(super) fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, FileError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Cow::Borrowed(text)),
        Err(_) => {
            let (text, _, had_errors) = encoding_rs::GBK.decode(bytes);
            if had_errors {
                return Err(FileError::Encoding);
            }
            Ok(text)
        }
    }
}

pub(super) fn cells(bytes: &[u8]) -> Result<Vec<CellRow>, FileError> {
    let text = decode(bytes)?;
    let mut reader = ::csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    // A spreadsheet shows a cell with line breaks as one row, and blank lines as rows: the
    // row number is the record's first line less the breaks inside earlier cells.
    let mut breaks_before = 0;
    for record in reader.records() {
        let record = record.map_err(|e| FileError::Unreadable(e.to_string()))?;
        let line = record
            .position()
            .map_or(rows.len() + 1, |p| p.line() as usize);
        let breaks: usize = record.iter().map(|c| c.matches('\n').count()).sum();
        rows.push((
            line - breaks_before,
            record.iter().map(str::to_owned).collect(),
        ));
        breaks_before += breaks;
    }
    Ok(rows)
}
