//! Excel workbooks: reading the first sheet (calamine), writing exports and the import
//! template (rust_xlsxwriter). Both work on bytes in memory.

use std::collections::BTreeMap;
use std::io::Cursor;

use calamine::{Data, DataRef, Reader, Xlsx};
use rust_xlsxwriter::{Format as CellFormat, Workbook, XlsxError};

use super::limits::{
    self, Limit, Sheet, MAX_CELLS, MAX_CELL_CHARS, MAX_MERGED_REGIONS, MAX_SHEETS,
    MAX_SHEET_COLUMNS, MAX_SHEET_ROWS, MAX_SHEET_TEXT_BYTES,
};
use super::table::{COLUMNS, EXAMPLE_MARK};
use super::{column_letter, CellRow, FileError};
use crate::bank::laws::{self, LAWS};
use crate::bank::question::{Question, QuestionKind};
use crate::bank::Bank;

pub(super) fn cells(bytes: &[u8]) -> Result<Vec<CellRow>, FileError> {
    // calamine can panic on a damaged workbook (found by the fuzz test: an arithmetic
    // overflow on a mangled cell reference); a damaged file is refused, never a crash.
    std::panic::catch_unwind(|| read_cells(bytes)).unwrap_or_else(|_| {
        Err(FileError::Unreadable(
            "工作簿已损坏 (the workbook is damaged)".into(),
        ))
    })
}

/// The first sheet's cells, read one by one (never as a dense range: a sheet's range is
/// whatever its farthest cell says), within the [`limits`].
fn read_cells(bytes: &[u8]) -> Result<Vec<CellRow>, FileError> {
    limits::check_workbook(bytes)?;
    let unreadable = |e: &dyn std::fmt::Display| FileError::Unreadable(e.to_string());
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let names = workbook.sheet_names();
    if names.len() > MAX_SHEETS {
        return Err(FileError::OverLimit(Limit::Sheets { count: names.len() }));
    }
    let name = names.first().cloned().ok_or(FileError::Empty)?;
    let sheet = Sheet::Named(name.clone());
    let over = |limit| Err(FileError::OverLimit(limit));
    let mut cells = match workbook.worksheet_cells_reader(&name) {
        Ok(cells) => cells,
        // A chart sheet: no cells.
        Err(calamine::XlsxError::NotAWorksheet(_)) => return Err(FileError::Empty),
        Err(e) => return Err(unreadable(&e)),
    };
    let declared = cells.dimensions();
    if outside(declared.end) {
        return over(Limit::UsedRange {
            sheet,
            range: format!("{}:{}", reference(declared.start), reference(declared.end)),
        });
    }
    // Row number → the row's cell texts up to its last non-empty cell.
    let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
    let (mut count, mut total) = (0, 0);
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        count += 1;
        if count > MAX_CELLS {
            return over(Limit::Cells { sheet });
        }
        let at = cell.get_position();
        if outside(at) {
            return over(Limit::CellOutside {
                sheet,
                cell: reference(at),
            });
        }
        // Measured before it is copied: one shared string can be referenced by every cell.
        let value = match cell.get_value() {
            DataRef::Empty => continue,
            DataRef::SharedString(s) => Some(*s).filter(|s| !too_long(s)).map(str::to_owned),
            other => Some(text(&Data::from(other.clone()))).filter(|s| !too_long(s)),
        };
        let Some(value) = value else {
            return over(Limit::CellText {
                sheet,
                cell: reference(at),
            });
        };
        if value.is_empty() {
            continue;
        }
        total += value.len();
        if total > MAX_SHEET_TEXT_BYTES {
            return over(Limit::SheetText { sheet });
        }
        let row = rows.entry(at.0).or_default();
        let column = at.1 as usize;
        if row.len() <= column {
            row.resize(column + 1, String::new());
        }
        row[column] = value;
    }
    drop(cells);
    let rows: Vec<CellRow> = rows
        .into_iter()
        .map(|(row, cells)| (row as usize + 1, cells))
        .collect();
    // A merged block below the header would leave all but its first row blank: refuse it.
    let header_row = rows
        .iter()
        .find(|(_, c)| c.iter().any(|s| !s.trim().is_empty()))
        .map_or(0, |r| r.0);
    let merged = workbook
        .merge_cells_by_sheet_name(&name)
        .unwrap_or_default();
    if merged.len() > MAX_MERGED_REGIONS {
        return over(Limit::MergedRegions { sheet });
    }
    if let Some(block) = merged
        .iter()
        .find(|d| d.start.0 as usize + 1 > header_row && d.end.0 > d.start.0)
    {
        return Err(FileError::MergedCells {
            first_row: block.start.0 + 1,
            last_row: block.end.0 + 1,
            column: column_letter(block.start.1 as usize),
        });
    }
    Ok(rows)
}

/// Whether a cell's text is over [`MAX_CELL_CHARS`].
fn too_long(text: &str) -> bool {
    text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS
}

/// Whether a (row, column) lies outside the sheet limits.
fn outside((row, column): (u32, u32)) -> bool {
    row >= MAX_SHEET_ROWS || column >= MAX_SHEET_COLUMNS
}

/// "XFD1048576" for (1048575, 16383).
fn reference((row, column): (u32, u32)) -> String {
    format!("{}{}", column_letter(column as usize), u64::from(row) + 1)
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

fn xlsx_error(e: XlsxError) -> FileError {
    FileError::Unreadable(e.to_string())
}

/// The questions as a workbook with the template's columns, ready to edit and re-import.
pub fn write(questions: &[Question]) -> Result<Vec<u8>, FileError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("试题").map_err(xlsx_error)?;
    write_header(sheet)?;
    for (i, q) in questions.iter().enumerate() {
        write_question(sheet, i as u32 + 1, q)?;
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// One cell of a plain table.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
}

/// A worksheet of a report: a bold header row, then the rows.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub name: String,
    pub header: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
}

/// Plain tables as a workbook, one worksheet each (reports staff file or pass on).
pub fn tables(tables: &[Table]) -> Result<Vec<u8>, FileError> {
    let mut workbook = Workbook::new();
    let bold = CellFormat::new().set_bold();
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(&table.name).map_err(xlsx_error)?;
        for (c, title) in table.header.iter().enumerate() {
            let c = c as u16;
            sheet
                .write_string_with_format(0, c, title, &bold)
                .map_err(xlsx_error)?;
            sheet.set_column_width(c, 16).map_err(xlsx_error)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    Cell::Text(text) => sheet.write_string(r, c, text),
                    Cell::Number(n) => sheet.write_number(r, c, *n),
                }
                .map_err(xlsx_error)?;
            }
        }
    }
    workbook.save_to_buffer().map_err(xlsx_error)
}

/// The template's example rows, one per question type: each non-empty cell by its column's
/// id, in the columns' order.
const EXAMPLES: [&[(&str, &str)]; 4] = [
    &[
        ("bank", "通用"),
        ("kind", "单选题"),
        ("stem", "中华人民共和国的一切权力属于（ ）。"),
        ("option_a", "人民"),
        ("option_b", "全国人民代表大会"),
        ("option_c", "国务院"),
        ("option_d", "中国人民政治协商会议"),
        ("key", "A"),
        ("explanation", "依据《宪法》第二条：“中华人民共和国的一切权力属于人民。”"),
        ("difficulty", "1"),
        ("law", "宪法"),
        ("article", "2"),
        ("tags", "总纲"),
    ],
    &[
        ("bank", "通用"),
        ("kind", "多选题"),
        ("stem", "根据宪法第三十三条，下列说法正确的有（ ）。"),
        ("option_a", "中华人民共和国公民在法律面前一律平等"),
        ("option_b", "国家尊重和保障人权"),
        ("option_c", "公民只享有权利，不必履行义务"),
        ("key", "AB"),
        ("explanation", "依据《宪法》第三十三条。"),
        ("difficulty", "2"),
        ("law", "宪法"),
        ("article", "33"),
        ("tags", "公民权利"),
    ],
    &[
        ("bank", "人大"),
        ("kind", "判断题"),
        ("stem", "地方各级人民代表大会每届任期五年。"),
        ("key", "正确"),
        ("explanation", "依据《宪法》第九十八条。"),
        ("difficulty", "1"),
        ("law", "宪法"),
        ("article", "98"),
        ("tags", "任期"),
    ],
    &[
        ("bank", "通用"),
        ("kind", "简答题"),
        ("stem", "根据宪法第三条，国家机构实行什么原则？请简述其主要内容。"),
        ("key", "国家机构实行民主集中制的原则。全国人民代表大会和地方各级人民代表大会都由民主选举产生，对人民负责，受人民监督；国家行政机关、监察机关、审判机关、检察机关都由人民代表大会产生，对它负责，受它监督；中央和地方国家机构职权的划分，遵循在中央的统一领导下，充分发挥地方的主动性、积极性的原则。"),
        ("explanation", "依据《宪法》第三条。"),
        ("difficulty", "3"),
        ("law", "宪法"),
        ("article", "3"),
        ("tags", "国家机构"),
        ("marking_points", "民主集中制原则\n人民代表大会由民主选举产生，对人民负责，受人民监督\n其他国家机关由人民代表大会产生，对它负责，受它监督\n中央统一领导下发挥地方主动性、积极性"),
    ],
];

/// The import template: the header, one example row per question type (its stem marked
/// [`EXAMPLE_MARK`], so it never imports), and a sheet that lists the banks, types and laws
/// staff may use.
pub fn template() -> Result<Vec<u8>, FileError> {
    let mut workbook = Workbook::new();
    let sheet = workbook.add_worksheet();
    sheet.set_name("试题").map_err(xlsx_error)?;
    write_header(sheet)?;
    for (r, example) in EXAMPLES.iter().enumerate() {
        for &(id, value) in *example {
            let c = COLUMNS
                .iter()
                .position(|c| c.id == id)
                .expect("a template column");
            let value = if id == "stem" {
                format!("{EXAMPLE_MARK}{value}")
            } else {
                value.to_owned()
            };
            write_cell(sheet, r as u32 + 1, c as u16, &value)?;
        }
    }
    let help = workbook.add_worksheet();
    help.set_name("填写说明").map_err(xlsx_error)?;
    let bold = CellFormat::new().set_bold();
    // What each column takes: the rows above the law table, labelled in bold.
    let notes = [
        ("题库", Bank::ALL.map(Bank::label_zh).join("、")),
        ("示例", format!("题干以“{EXAMPLE_MARK}”开头的行是示例，导入时自动跳过，不会成为试题；可在示例下方接着填写，也可删去示例行")),
        ("题型", QuestionKind::ALL.map(QuestionKind::label_zh).join("、")),
        ("答案", "选择题填选项字母，如 A 或 AC；判断题填“正确”或“错误”；简答题填参考答案".into()),
        ("评分要点", "仅简答题填写，每个要点一行（单元格内按 Alt+Enter 换行），至多10条".into()),
        ("难度", "1（易）至5（难）".into()),
    ];
    // The law table's header, also in bold, follows them.
    let law_header = notes.len();
    let lines: Vec<[String; 3]> = notes
        .into_iter()
        .map(|(label, text)| [label.into(), text, String::new()])
        .chain([[
            "法律（可填简称或代码）".into(),
            "代码".into(),
            "条文数".into(),
        ]])
        .chain(
            LAWS.iter()
                .map(|l| [l.name.into(), l.id.into(), l.articles.to_string()]),
        )
        .collect();
    for (r, line) in lines.iter().enumerate() {
        for (c, value) in line.iter().enumerate() {
            if r < law_header && c == 0 || r == law_header {
                help.write_string_with_format(r as u32, c as u16, value, &bold)
                    .map_err(xlsx_error)?;
            } else {
                help.write_string(r as u32, c as u16, value)
                    .map_err(xlsx_error)?;
            }
        }
    }
    help.set_column_width(0, 28).map_err(xlsx_error)?;
    help.set_column_width(1, 60).map_err(xlsx_error)?;
    workbook.save_to_buffer().map_err(xlsx_error)
}

fn write_header(sheet: &mut rust_xlsxwriter::Worksheet) -> Result<(), FileError> {
    let bold = CellFormat::new().set_bold().set_background_color(0xF2F2F2);
    for (c, column) in COLUMNS.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, column.zh, &bold)
            .map_err(xlsx_error)?;
        let width = match column.id {
            "stem" | "explanation" | "marking_points" => 48,
            id if id.starts_with("option_") => 20,
            _ => 8,
        };
        sheet
            .set_column_width(c as u16, width)
            .map_err(xlsx_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(xlsx_error)?;
    Ok(())
}

fn write_cell(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    col: u16,
    value: &str,
) -> Result<(), FileError> {
    if value.is_empty() {
        return Ok(());
    }
    sheet.write_string(row, col, value).map_err(xlsx_error)?;
    Ok(())
}

fn write_question(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    q: &Question,
) -> Result<(), FileError> {
    let d = q.to_draft();
    let mut values: Vec<String> = vec![
        q.bank().label_zh().into(),
        q.kind().label_zh().into(),
        d.stem,
    ];
    values.extend((0..8).map(|i| d.options.get(i).cloned().unwrap_or_default()));
    values.push(d.key);
    values.push(d.explanation);
    values.push(d.difficulty.to_string());
    values.push(laws::find(&d.law).map_or(d.law.clone(), |l| l.name.to_owned()));
    values.push(d.article.to_string());
    values.push(d.paragraph.map(|p| p.to_string()).unwrap_or_default());
    values.push(d.tags.join("、"));
    values.push(d.marking_points.join("\n"));
    for (c, value) in values.iter().enumerate() {
        write_cell(sheet, row, c as u16, value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::table;
    use super::*;

    #[test]
    fn the_template_holds_one_valid_example_of_each_type_marked_never_to_import() {
        let rows = cells(&template().expect("template")).expect("readable");
        assert!(matches!(
            table::read(rows.clone()),
            Err(FileError::OnlyExamples(4))
        ));
        // Without the mark (as staff who copy an example and change it), each is valid.
        let unmarked = rows
            .into_iter()
            .map(|(n, mut cells)| {
                for cell in &mut cells {
                    *cell = cell.replace(EXAMPLE_MARK, "");
                }
                (n, cells)
            })
            .collect();
        let kinds: Vec<_> = table::read(unmarked)
            .expect("readable")
            .into_iter()
            .map(|r| r.result.expect("valid").kind())
            .collect();
        assert_eq!(kinds, QuestionKind::ALL);
    }
}
