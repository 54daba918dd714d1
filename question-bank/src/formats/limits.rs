//! How much an imported file may hold: the one place for every importer's limits.
//!
//! A file comes from whoever can reach an upload form, so every reader is bounded *before*
//! it allocates in proportion to anything the file declares. A 1.5 KB workbook whose two
//! cells sit at `A1` and `XFD1048576` once made the reader allocate a dense range of about
//! 512 GiB and took the whole server down mid-exam; a zip entry can claim 10 bytes and unpack
//! to gigabytes; a shared-string table can declare a count of a trillion, which the reader
//! reserves up front. So:
//!
//! - workbooks are checked part by part before calamine sees them ([`check_workbook`]):
//!   the number of parts, their *real* unpacked size (each part read through a capped
//!   reader; declared sizes can lie), XML nesting, and the shared-string table (declared and
//!   counted entries, total text);
//! - the sheet is read cell by cell, never as a dense range, and a cell outside
//!   [`MAX_SHEET_ROWS`] × [`MAX_SHEET_COLUMNS`] is refused, not silently dropped;
//! - text files (CSV, GIFT, Aiken) are bounded in size, lines and line length
//!   ([`check_text`]), JSON in nesting and number of values ([`check_json`]);
//! - Word documents and QTI packages are zips checked the same way as workbooks
//!   ([`check_zip`]), then read within [`MAX_PARAGRAPHS`] paragraphs of at most
//!   [`MAX_PARAGRAPH_CHARS`] (Word) and [`MAX_XML_ELEMENTS`] elements (QTI).
//!
//! What is over a limit is refused whole with [`Limit`]: a message in both languages that
//! names the sheet (or part, or line) and the limit, so staff know what to fix.
//!
//! The limits sit far above what the import templates need: a full import is 5,000 rows
//! ([`super::MAX_ROWS`]) of at most 19 columns.

use std::fmt;
use std::io::{self, BufRead, BufReader, Cursor, Read};

use super::FileError;
use crate::Bilingual;

/// The largest file read at all, in bytes; the upload routes allow this much and no more.
pub const MAX_FILE_BYTES: usize = 20 * 1024 * 1024;
/// The most parts (zip entries) a workbook or a Word document may hold; Excel and Word
/// write about a dozen.
pub const MAX_ZIP_ENTRIES: usize = 1_000;
/// The most parts a QTI package may hold: one item per question, the manifest and a few more.
pub const MAX_PACKAGE_ENTRIES: usize = super::MAX_ROWS + 16;
/// The most paragraphs (table rows count as one) a Word document may hold.
pub const MAX_PARAGRAPHS: usize = 200_000;
/// The most characters in one paragraph of a Word document.
pub const MAX_PARAGRAPH_CHARS: usize = 32_767;
/// The most numbering definitions (levels and lists) a Word document may declare.
pub const MAX_NUMBERING_DEFINITIONS: usize = 10_000;
/// The most XML elements a QTI package's parts may hold together (a question takes about 30).
pub const MAX_XML_ELEMENTS: usize = 1_000_000;
/// The most bytes all of a workbook's parts may unpack to together, measured by reading.
pub const MAX_UNPACKED_BYTES: u64 = 64 * 1024 * 1024;
/// The deepest XML nesting in any part of a workbook; Excel's own parts nest about 12 deep.
pub const MAX_XML_DEPTH: usize = 64;
/// The most worksheets in a workbook (only the first is read).
pub const MAX_SHEETS: usize = 64;
/// The most entries in a workbook's shared-string table, declared or counted.
pub const MAX_SHARED_STRINGS: usize = 200_000;
/// The most text a workbook's shared-string table may hold, in bytes.
pub const MAX_SHARED_STRING_BYTES: usize = 32 * 1024 * 1024;
/// The most rows a sheet (or a CSV file) may reach: a cell below this row is refused.
pub const MAX_SHEET_ROWS: u32 = 10_000;
/// The most columns a sheet (or a CSV record) may reach: a cell right of column CV is refused.
pub const MAX_SHEET_COLUMNS: u32 = 100;
/// The most cells a sheet may hold, empty ones (formatting only) included.
pub const MAX_CELLS: usize = 200_000;
/// The most characters in one cell (Excel's own limit).
pub const MAX_CELL_CHARS: usize = 32_767;
/// The most text read from a sheet's (or a CSV file's) cells together, in bytes.
pub const MAX_SHEET_TEXT_BYTES: usize = 32 * 1024 * 1024;
/// The most merged regions a sheet may hold.
pub const MAX_MERGED_REGIONS: usize = 1_000;
/// The longest line of a text file (CSV, GIFT, Aiken), in bytes.
pub const MAX_LINE_BYTES: usize = 1024 * 1024;
/// The most lines in a text file.
pub const MAX_TEXT_LINES: usize = 200_000;
/// The deepest nesting of a JSON file; the question format nests 3 deep.
pub const MAX_JSON_DEPTH: usize = 16;
/// The most values (strings, numbers, arrays, objects, …) in a JSON file.
pub const MAX_JSON_VALUES: usize = 500_000;

const MIB: usize = 1024 * 1024;

/// Where in a file a limit was crossed: a worksheet, or the file itself (CSV).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sheet {
    /// A workbook's worksheet, by name.
    Named(String),
    /// A text file, which has no sheets.
    File,
}

impl Sheet {
    fn zh(&self) -> String {
        match self {
            Self::Named(name) => format!("工作表“{name}”"),
            Self::File => "文件".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::Named(name) => format!("sheet \"{name}\""),
            Self::File => "the file".into(),
        }
    }
}

/// A limit a file went over: what, where, and the limit, in both languages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Limit {
    /// Over [`MAX_FILE_BYTES`].
    FileSize { bytes: usize },
    /// Over [`MAX_ZIP_ENTRIES`] (or [`MAX_PACKAGE_ENTRIES`] for a QTI package): `max`.
    Parts { count: usize, max: usize },
    /// Over [`MAX_UNPACKED_BYTES`], reached while unpacking `part`.
    Unpacked { part: String },
    /// Over [`MAX_XML_DEPTH`] in `part`.
    XmlDepth { part: String },
    /// Over [`MAX_SHARED_STRINGS`].
    SharedStrings,
    /// Over [`MAX_SHARED_STRING_BYTES`].
    SharedStringBytes,
    /// Over [`MAX_SHEETS`].
    Sheets { count: usize },
    /// The sheet's declared used range reaches past [`MAX_SHEET_ROWS`] or [`MAX_SHEET_COLUMNS`].
    UsedRange { sheet: Sheet, range: String },
    /// A cell past [`MAX_SHEET_ROWS`] or [`MAX_SHEET_COLUMNS`].
    CellOutside { sheet: Sheet, cell: String },
    /// Over [`MAX_CELLS`].
    Cells { sheet: Sheet },
    /// A cell over [`MAX_CELL_CHARS`].
    CellText { sheet: Sheet, cell: String },
    /// Over [`MAX_SHEET_TEXT_BYTES`].
    SheetText { sheet: Sheet },
    /// Over [`MAX_MERGED_REGIONS`].
    MergedRegions { sheet: Sheet },
    /// A line over [`MAX_LINE_BYTES`].
    LineLength { line: usize },
    /// Over [`MAX_TEXT_LINES`].
    Lines,
    /// Over [`MAX_JSON_DEPTH`].
    JsonDepth,
    /// Over [`MAX_JSON_VALUES`].
    JsonValues,
    /// Over [`MAX_PARAGRAPHS`].
    Paragraphs,
    /// A paragraph over [`MAX_PARAGRAPH_CHARS`].
    ParagraphText { paragraph: usize },
    /// Over [`MAX_NUMBERING_DEFINITIONS`].
    Numbering,
    /// Over [`MAX_XML_ELEMENTS`], reached in `part`.
    XmlElements { part: String },
}

fn range_zh() -> String {
    format!("{MAX_SHEET_COLUMNS}列、{MAX_SHEET_ROWS}行")
}

fn range_en() -> String {
    format!("{MAX_SHEET_COLUMNS} columns by {MAX_SHEET_ROWS} rows")
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.zh())
    }
}

impl Bilingual for Limit {
    fn zh(&self) -> String {
        match self {
            Self::FileSize { bytes } => format!(
                "文件大小为{:.1}MB，超过{}MB的上限",
                *bytes as f64 / MIB as f64,
                MAX_FILE_BYTES / MIB
            ),
            Self::Parts { count, max } => {
                format!("文件包含{count}个部件，超过{max}个的上限")
            }
            Self::Unpacked { part } => format!(
                "文件解压后超过{}MB的上限（读到部件“{part}”时）",
                MAX_UNPACKED_BYTES as usize / MIB
            ),
            Self::XmlDepth { part } => {
                format!("文件部件“{part}”的XML嵌套超过{MAX_XML_DEPTH}层的上限")
            }
            Self::SharedStrings => {
                format!("工作簿的共享字符串超过{MAX_SHARED_STRINGS}个的上限")
            }
            Self::SharedStringBytes => format!(
                "工作簿的共享字符串总长超过{}MB的上限",
                MAX_SHARED_STRING_BYTES / MIB
            ),
            Self::Sheets { count } => {
                format!("工作簿有{count}个工作表，超过{MAX_SHEETS}个的上限")
            }
            Self::UsedRange { sheet, range } => format!(
                "{}的已用区域{range}超过{}的上限，请删除多余的行列后重新导入",
                sheet.zh(),
                range_zh()
            ),
            Self::CellOutside { sheet, cell } => format!(
                "{}的单元格{cell}超过{}的上限，请删除多余的行列后重新导入",
                sheet.zh(),
                range_zh()
            ),
            Self::Cells { sheet } => {
                format!("{}的单元格超过{MAX_CELLS}个的上限", sheet.zh())
            }
            Self::CellText { sheet, cell } => format!(
                "{}的单元格{cell}超过{MAX_CELL_CHARS}个字符的上限",
                sheet.zh()
            ),
            Self::SheetText { sheet } => format!(
                "{}的文字总量超过{}MB的上限",
                sheet.zh(),
                MAX_SHEET_TEXT_BYTES / MIB
            ),
            Self::MergedRegions { sheet } => {
                format!("{}的合并区域超过{MAX_MERGED_REGIONS}个的上限", sheet.zh())
            }
            Self::LineLength { line } => {
                format!("文件第{line}行超过{}MB的上限", MAX_LINE_BYTES / MIB)
            }
            Self::Lines => format!("文件超过{MAX_TEXT_LINES}行的上限"),
            Self::JsonDepth => format!("JSON 文件的嵌套超过{MAX_JSON_DEPTH}层的上限"),
            Self::JsonValues => format!("JSON 文件中的值超过{MAX_JSON_VALUES}个的上限"),
            Self::Paragraphs => format!("Word 文档超过{MAX_PARAGRAPHS}段的上限"),
            Self::ParagraphText { paragraph } => {
                format!("Word 文档第{paragraph}段超过{MAX_PARAGRAPH_CHARS}个字符的上限")
            }
            Self::Numbering => {
                format!("Word 文档的编号定义超过{MAX_NUMBERING_DEFINITIONS}个的上限")
            }
            Self::XmlElements { part } => {
                format!("文件的XML元素超过{MAX_XML_ELEMENTS}个的上限（读到部件“{part}”时）")
            }
        }
    }

    fn en(&self) -> String {
        match self {
            Self::FileSize { bytes } => format!(
                "the file is {:.1} MB, over the limit of {} MB",
                *bytes as f64 / MIB as f64,
                MAX_FILE_BYTES / MIB
            ),
            Self::Parts { count, max } => {
                format!("the file holds {count} parts, over the limit of {max}")
            }
            Self::Unpacked { part } => format!(
                "the file unpacks to more than the limit of {} MB (reached at part \"{part}\")",
                MAX_UNPACKED_BYTES as usize / MIB
            ),
            Self::XmlDepth { part } => format!(
                "the file's part \"{part}\" nests XML deeper than the limit of {MAX_XML_DEPTH}"
            ),
            Self::SharedStrings => format!(
                "the workbook's shared strings are over the limit of {MAX_SHARED_STRINGS}"
            ),
            Self::SharedStringBytes => format!(
                "the workbook's shared strings are over the limit of {} MB",
                MAX_SHARED_STRING_BYTES / MIB
            ),
            Self::Sheets { count } => format!(
                "the workbook has {count} sheets, over the limit of {MAX_SHEETS}"
            ),
            Self::UsedRange { sheet, range } => format!(
                "the used range {range} of {} is over the limit of {}; delete the extra rows and columns and import again",
                sheet.en(),
                range_en()
            ),
            Self::CellOutside { sheet, cell } => format!(
                "cell {cell} of {} is over the limit of {}; delete the extra rows and columns and import again",
                sheet.en(),
                range_en()
            ),
            Self::Cells { sheet } => {
                format!("{} has more cells than the limit of {MAX_CELLS}", sheet.en())
            }
            Self::CellText { sheet, cell } => format!(
                "cell {cell} of {} is over the limit of {MAX_CELL_CHARS} characters",
                sheet.en()
            ),
            Self::SheetText { sheet } => format!(
                "the text of {} is over the limit of {} MB",
                sheet.en(),
                MAX_SHEET_TEXT_BYTES / MIB
            ),
            Self::MergedRegions { sheet } => format!(
                "{} has more merged regions than the limit of {MAX_MERGED_REGIONS}",
                sheet.en()
            ),
            Self::LineLength { line } => format!(
                "line {line} of the file is over the limit of {} MB",
                MAX_LINE_BYTES / MIB
            ),
            Self::Lines => format!("the file is over the limit of {MAX_TEXT_LINES} lines"),
            Self::JsonDepth => {
                format!("the JSON file nests deeper than the limit of {MAX_JSON_DEPTH}")
            }
            Self::JsonValues => {
                format!("the JSON file holds more values than the limit of {MAX_JSON_VALUES}")
            }
            Self::Paragraphs => {
                format!("the Word document is over the limit of {MAX_PARAGRAPHS} paragraphs")
            }
            Self::ParagraphText { paragraph } => format!(
                "paragraph {paragraph} of the Word document is over the limit of {MAX_PARAGRAPH_CHARS} characters"
            ),
            Self::Numbering => format!(
                "the Word document declares more numbering definitions than the limit of {MAX_NUMBERING_DEFINITIONS}"
            ),
            Self::XmlElements { part } => format!(
                "the file holds more XML elements than the limit of {MAX_XML_ELEMENTS} (reached at part \"{part}\")"
            ),
        }
    }
}

fn over(limit: Limit) -> FileError {
    FileError::OverLimit(limit)
}

/// Any file: at most [`MAX_FILE_BYTES`].
pub(super) fn check_size(bytes: &[u8]) -> Result<(), FileError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(over(Limit::FileSize { bytes: bytes.len() }));
    }
    Ok(())
}

/// A decoded text file (CSV, GIFT, Aiken): at most [`MAX_TEXT_LINES`] lines of at most
/// [`MAX_LINE_BYTES`] each.
pub(super) fn check_text(text: &str) -> Result<(), FileError> {
    for (i, line) in text.split('\n').enumerate() {
        if i >= MAX_TEXT_LINES {
            return Err(over(Limit::Lines));
        }
        if line.len() > MAX_LINE_BYTES {
            return Err(over(Limit::LineLength { line: i + 1 }));
        }
    }
    Ok(())
}

/// A JSON file: at most [`MAX_JSON_DEPTH`] deep and [`MAX_JSON_VALUES`] values, counted by
/// a lexical pass before anything is parsed (a parsed value costs far more than its text).
/// Malformed JSON is left for the parser to describe.
pub(super) fn check_json(bytes: &[u8]) -> Result<(), FileError> {
    let (mut depth, mut values) = (0usize, 0usize);
    let (mut in_string, mut escaped, mut in_scalar) = (false, false, false);
    for &b in bytes {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        let starts_value = match b {
            b'"' => {
                in_string = true;
                in_scalar = false;
                true
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return Err(over(Limit::JsonDepth));
                }
                in_scalar = false;
                true
            }
            b']' | b'}' => {
                depth = depth.saturating_sub(1);
                in_scalar = false;
                false
            }
            b',' | b':' | b' ' | b'\t' | b'\r' | b'\n' => {
                in_scalar = false;
                false
            }
            // A number, true, false or null: one value however many bytes it runs.
            _ => !std::mem::replace(&mut in_scalar, true),
        };
        if starts_value {
            values += 1;
            if values > MAX_JSON_VALUES {
                return Err(over(Limit::JsonValues));
            }
        }
    }
    Ok(())
}

/// The password-protected (encrypted) workbook's and the old binary .xls's signature.
const COMPOUND_FILE: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// A reader that counts what it has read.
struct Counted<R> {
    inner: R,
    read: u64,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// A workbook, checked before calamine opens it: see [`check_zip`].
pub(super) fn check_workbook(bytes: &[u8]) -> Result<(), FileError> {
    check_size(bytes)?;
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(FileError::Unreadable(
            "这是加密的工作簿或旧版 .xls 文件，请取消密码并另存为 .xlsx 后重新导入 (an encrypted workbook or an old .xls file: remove the password and save it as .xlsx)".into(),
        ));
    }
    check_zip(bytes, MAX_ZIP_ENTRIES)
}

/// A Word document, checked before it is read: see [`check_zip`].
pub(super) fn check_document(bytes: &[u8]) -> Result<(), FileError> {
    check_size(bytes)?;
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(FileError::Unreadable(
            "这是加密的 Word 文档或旧版 .doc 文件，请取消密码并另存为 .docx 后重新导入 (an encrypted Word document or an old .doc file: remove the password and save it as .docx)".into(),
        ));
    }
    check_zip(bytes, MAX_ZIP_ENTRIES)
}

/// A zip (workbook, Word document, QTI package): at most [`MAX_FILE_BYTES`], at most
/// `max_entries` parts that together really unpack to at most [`MAX_UNPACKED_BYTES`] (every
/// part is read through a capped reader: declared sizes can lie), XML at most
/// [`MAX_XML_DEPTH`] deep, and a shared-string table within [`MAX_SHARED_STRINGS`] entries
/// (as declared, which calamine reserves up front, and as counted) and
/// [`MAX_SHARED_STRING_BYTES`] of text. A damaged zip is unreadable.
pub(super) fn check_zip(bytes: &[u8], max_entries: usize) -> Result<(), FileError> {
    check_size(bytes)?;
    let unreadable = |e: &dyn fmt::Display| FileError::Unreadable(e.to_string());
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    if zip.len() > max_entries {
        return Err(over(Limit::Parts {
            count: zip.len(),
            max: max_entries,
        }));
    }
    let mut left = MAX_UNPACKED_BYTES;
    for index in 0..zip.len() {
        let part = zip.by_index(index).map_err(|e| unreadable(&e))?;
        let name = part.name().map_err(|e| unreadable(&e))?.into_owned();
        let is_xml = name.ends_with(".xml") || name.ends_with(".rels");
        // One byte more than is left: reading it means the part is over.
        let mut capped = Counted {
            inner: part.take(left + 1),
            read: 0,
        };
        if is_xml {
            let mut buffered = BufReader::new(&mut capped);
            scan_xml(&mut buffered, &name)?;
            io::copy(&mut buffered, &mut io::sink()).map_err(|e| unreadable(&e))?;
        } else {
            io::copy(&mut capped, &mut io::sink()).map_err(|e| unreadable(&e))?;
        }
        if capped.read > left {
            return Err(over(Limit::Unpacked { part: name }));
        }
        left -= capped.read;
    }
    Ok(())
}

/// A zip already through [`check_zip`], read part by part within one budget of unpacked
/// bytes for all reads together: a QTI manifest can name the same big part many times.
pub(super) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    left: u64,
}

impl<'a> Package<'a> {
    pub(super) fn open(bytes: &'a [u8]) -> Result<Self, FileError> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| FileError::Unreadable(e.to_string()))?;
        Ok(Self {
            zip,
            left: MAX_UNPACKED_BYTES,
        })
    }

    /// The part `name`, whole; `None` when there is no such part.
    pub(super) fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, FileError> {
        let unreadable = |e: &dyn fmt::Display| FileError::Unreadable(e.to_string());
        let part = match self.zip.by_name(name) {
            Ok(part) => part,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(unreadable(&e)),
        };
        let mut out = Vec::new();
        part.take(self.left + 1)
            .read_to_end(&mut out)
            .map_err(|e| unreadable(&e))?;
        if out.len() as u64 > self.left {
            return Err(over(Limit::Unpacked {
                part: name.to_owned(),
            }));
        }
        self.left -= out.len() as u64;
        Ok(Some(out))
    }
}

/// Checks one XML part's nesting and, when it is a shared-string table (`<sst>`), its
/// entries and text. A part the XML reader cannot follow is left for calamine to judge.
fn scan_xml(reader: &mut impl BufRead, part: &str) -> Result<(), FileError> {
    use quick_xml::events::Event;
    let mut xml = quick_xml::Reader::from_reader(reader);
    xml.config_mut().check_end_names = false;
    let (mut depth, mut shared_strings, mut strings, mut text) = (0usize, false, 0usize, 0usize);
    let deep = || {
        over(Limit::XmlDepth {
            part: part.to_owned(),
        })
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_XML_DEPTH {
                    return Err(deep());
                }
                let name = e.local_name();
                if depth == 1 && name.as_ref() == "sst" {
                    shared_strings = true;
                    // calamine reserves the declared number of entries before reading one.
                    if let Some(declared) = e.try_get_attribute("uniqueCount").ok().flatten() {
                        let digits: &str = declared.value.as_ref();
                        let too_many = !digits.is_empty()
                            && digits.bytes().all(|b| b.is_ascii_digit())
                            && digits
                                .parse::<u64>()
                                .map_or(true, |n| n > MAX_SHARED_STRINGS as u64);
                        if too_many {
                            return Err(over(Limit::SharedStrings));
                        }
                    }
                } else if shared_strings && name.as_ref() == "si" {
                    strings += 1;
                }
            }
            Ok(Event::Empty(e)) => {
                if depth + 1 > MAX_XML_DEPTH {
                    return Err(deep());
                }
                if shared_strings && e.local_name().as_ref() == "si" {
                    strings += 1;
                }
            }
            Ok(Event::End(_)) => depth = depth.saturating_sub(1),
            Ok(Event::Text(t)) if shared_strings => text += t.len(),
            Ok(Event::CData(t)) if shared_strings => text += t.len(),
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        if strings > MAX_SHARED_STRINGS {
            return Err(over(Limit::SharedStrings));
        }
        if text > MAX_SHARED_STRING_BYTES {
            return Err(over(Limit::SharedStringBytes));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_values_and_depth_are_counted_outside_strings() {
        assert_eq!(check_json(br#"[{"a": [1, true, null, "x[[["]}]"#), Ok(()));
        let deep = "[".repeat(MAX_JSON_DEPTH + 1);
        assert_eq!(
            check_json(deep.as_bytes()),
            Err(FileError::OverLimit(Limit::JsonDepth))
        );
        let nested_in_a_string = format!("[\"{deep}\"]");
        assert_eq!(check_json(nested_in_a_string.as_bytes()), Ok(()));
        let many = format!("[{}0]", "0,".repeat(MAX_JSON_VALUES));
        assert_eq!(
            check_json(many.as_bytes()),
            Err(FileError::OverLimit(Limit::JsonValues))
        );
    }

    #[test]
    fn text_lines_are_bounded_in_number_and_length() {
        assert_eq!(check_text("a\nb\n"), Ok(()));
        let long = format!("ok\n{}\n", "x".repeat(MAX_LINE_BYTES + 1));
        assert_eq!(
            check_text(&long),
            Err(FileError::OverLimit(Limit::LineLength { line: 2 }))
        );
        assert_eq!(
            check_text(&"\n".repeat(MAX_TEXT_LINES)),
            Err(FileError::OverLimit(Limit::Lines))
        );
    }

    #[test]
    fn a_limit_names_the_sheet_and_the_limit_in_both_languages() {
        let limit = Limit::CellOutside {
            sheet: Sheet::Named("Sheet1".into()),
            cell: "XFD1048576".into(),
        };
        assert!(limit
            .zh()
            .starts_with("工作表“Sheet1”的单元格XFD1048576超过100列、10000行的上限"));
        assert!(limit.en().contains(
            "cell XFD1048576 of sheet \"Sheet1\" is over the limit of 100 columns by 10000 rows"
        ));
    }
}
