//! Hostile import files, built by hand: workbooks written part by part with the `zip` crate
//! (so a part can say what no spreadsheet program would write), and text files. Shared by
//! the importer tests (question-bank/tests/formats.rs) and the upload tests
//! (tests/tests/hostile/uploads.rs), which include this file.
#![allow(dead_code, reason = "each includer uses some of the shapes")]

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A workbook of `sheets` (name, worksheet XML) and, when given, a shared-string table,
/// written as Excel lays a workbook out.
pub fn workbook(sheets: &[(String, String)], shared_strings: Option<&str>) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>"#
                .as_bytes()
                .to_vec(),
        ),
        (
            "_rels/.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            )
            .into_bytes(),
        ),
    ];
    let listed: String = (1..=sheets.len())
        .zip(sheets)
        .map(|(i, (name, _))| format!(r#"<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>"#))
        .collect();
    parts.push((
        "xl/workbook.xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets>{listed}</sheets></workbook>"#
        )
        .into_bytes(),
    ));
    let rels: String = (1..=sheets.len())
        .map(|i| {
            format!(
                r#"<Relationship Id="rId{i}" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet{i}.xml"/>"#
            )
        })
        .collect();
    parts.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}">{rels}</Relationships>"#)
            .into_bytes(),
    ));
    for (i, (_, xml)) in sheets.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            xml.clone().into_bytes(),
        ));
    }
    if let Some(sst) = shared_strings {
        parts.push(("xl/sharedStrings.xml".into(), sst.as_bytes().to_vec()));
    }
    zip_of(&parts)
}

/// The parts, deflated, as a zip.
pub fn zip_of(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .compression_level(Some(1))
        .large_file(false);
    for (name, bytes) in parts {
        zip.start_file(name.as_str(), options).expect("part");
        zip.write_all(bytes).expect("written");
    }
    zip.finish().expect("zip").into_inner()
}

/// A one-sheet workbook named "Sheet1".
pub fn one_sheet(xml: String) -> Vec<u8> {
    workbook(&[("Sheet1".into(), xml)], None)
}

/// A worksheet: an optional `<dimension ref>`, then each (reference, text) as an inline
/// string cell in its own `<row>`; `before` goes between the two (extensions, junk).
pub fn sheet(dimension: Option<&str>, before: &str, cells: &[(&str, &str)]) -> String {
    let dimension = dimension.map_or(String::new(), |d| format!(r#"<dimension ref="{d}"/>"#));
    let rows: String = cells
        .iter()
        .map(|(at, text)| {
            let row: String = at.chars().filter(char::is_ascii_digit).collect();
            format!(r#"<row r="{row}"><c r="{at}" t="inlineStr"><is><t>{text}</t></is></c></row>"#)
        })
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}">{dimension}{before}<sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// A shared-string table declaring `unique_count` entries and holding `entries`.
pub fn shared_strings(unique_count: &str, entries: &[&str]) -> String {
    let si: String = entries
        .iter()
        .map(|s| format!("<si><t>{s}</t></si>"))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{MAIN}" count="{}" uniqueCount="{unique_count}">{si}</sst>"#,
        entries.len()
    )
}

/// A worksheet whose cells refer to shared string `index`, one per row from row 1.
pub fn shared_cells(rows: usize, index: usize) -> String {
    let rows: String = (1..=rows)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>{index}</v></c></row>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>"#
    )
}

/// The bytes of a workbook's part `name` rewritten: the declared uncompressed size in its
/// local header and in the central directory set to `declared`.
pub fn declare_size(mut zip: Vec<u8>, name: &str, declared: u32) -> Vec<u8> {
    let name = name.as_bytes();
    let mut patched = 0;
    let mut i = 0;
    while i + 46 < zip.len() {
        let signature: [u8; 4] = [zip[i], zip[i + 1], zip[i + 2], zip[i + 3]];
        // Local file header: size at 22, name length at 26, name at 30.
        if &signature == b"PK\x03\x04" {
            let len = u16::from_le_bytes([zip[i + 26], zip[i + 27]]) as usize;
            if zip.get(i + 30..i + 30 + len) == Some(name) {
                zip[i + 22..i + 26].copy_from_slice(&declared.to_le_bytes());
                patched += 1;
            }
        }
        // Central directory header: size at 24, name length at 28, name at 46.
        if &signature == b"PK\x01\x02" {
            let len = u16::from_le_bytes([zip[i + 28], zip[i + 29]]) as usize;
            if zip.get(i + 46..i + 46 + len) == Some(name) {
                zip[i + 24..i + 28].copy_from_slice(&declared.to_le_bytes());
                patched += 1;
            }
        }
        i += 1;
    }
    assert_eq!(patched, 2, "both headers of {name:?} patched");
    zip
}

/// The hostile workbooks, each named: a file every reader must refuse quickly with a
/// [`FileError`] over a limit, and (the second of the pair) what the refusal must mention.
pub fn hostile_workbooks() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let header = ("A1", "题库");
    let big = |name: &'static str, xml: String, says: &'static str| (name, one_sheet(xml), says);
    let bomb_filler = format!("<!--{}-->", " ".repeat(80 * 1024 * 1024));
    vec![
        // The one found: two cells at the far corners; a dense range would be 512 GiB.
        big(
            "A1 and XFD1048576",
            sheet(None, "", &[header, ("XFD1048576", "x")]),
            "XFD1048576",
        ),
        big(
            "far row only",
            sheet(None, "", &[header, ("A1048576", "x")]),
            "A1048576",
        ),
        big(
            "far column only",
            sheet(None, "", &[header, ("XFD1", "x")]),
            "XFD1",
        ),
        big(
            "declared dimension",
            sheet(Some("A1:XFD1048576"), "", &[header]),
            "A1:XFD1048576",
        ),
        big(
            "one column past the limit",
            sheet(None, "", &[header, ("CW1", "x")]),
            "CW1",
        ),
        big(
            "one row past the limit",
            sheet(None, "", &[header, ("A10001", "x")]),
            "A10001",
        ),
        big(
            "a cell of 40,000 characters",
            sheet(None, "", &[header, ("B2", &"字".repeat(40_000))]),
            "B2",
        ),
        big(
            "deep XML",
            sheet(None, &"<extLst>".repeat(100_000), &[header]),
            "XML",
        ),
        (
            "a declared shared-string count of four billion",
            workbook(
                &[("Sheet1".into(), shared_cells(1, 0))],
                Some(&shared_strings("4000000000", &["题库"])),
            ),
            "共享字符串",
        ),
        (
            "200,001 shared strings",
            workbook(
                &[("Sheet1".into(), shared_cells(1, 0))],
                Some(&shared_strings("1", &vec![""; 200_001])),
            ),
            "共享字符串",
        ),
        (
            "one long shared string in every cell",
            workbook(
                &[("Sheet1".into(), shared_cells(2_000, 0))],
                Some(&shared_strings("1", &[&"法".repeat(30_000)])),
            ),
            "Sheet1",
        ),
        (
            "65 sheets",
            workbook(
                &(1..=65)
                    .map(|i| (format!("S{i}"), sheet(None, "", &[header])))
                    .collect::<Vec<_>>(),
                None,
            ),
            "65",
        ),
        (
            "a part whose declared size lies",
            declare_size(
                one_sheet(sheet(None, &bomb_filler, &[header])),
                "xl/worksheets/sheet1.xml",
                1_000,
            ),
            "",
        ),
        big("a zip bomb", sheet(None, &bomb_filler, &[header]), "64MB"),
    ]
}

const WORD: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A Word document whose body is `body` (`<w:p>` and `<w:tbl>` elements) and, when given,
/// whose numbering part is `numbering`, laid out as Word writes one.
pub fn word_document(body: &str, numbering: Option<&str>) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        (
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                .as_bytes()
                .to_vec(),
        ),
        (
            "_rels/.rels".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="word/document.xml"/></Relationships>"#
            )
            .into_bytes(),
        ),
        (
            "word/document.xml".into(),
            format!(
                r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD}"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            )
            .into_bytes(),
        ),
    ];
    if let Some(numbering) = numbering {
        parts.push(("word/numbering.xml".into(), numbering.as_bytes().to_vec()));
    }
    zip_of(&parts)
}

fn xml_text(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A plain paragraph, its text split over two runs as Word often does.
pub fn para(text: &str) -> String {
    let split = text.char_indices().nth(2).map_or(text.len(), |(i, _)| i);
    format!(
        r#"<w:p><w:pPr><w:jc w:val="left"/></w:pPr><w:r><w:t xml:space="preserve">{}</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>{}</w:t></w:r></w:p>"#,
        xml_text(&text[..split]),
        xml_text(&text[split..])
    )
}

/// A paragraph of list `num_id` (Word's automatic numbering: the number is not in the text).
pub fn numbered(num_id: u32, text: &str) -> String {
    format!(
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        xml_text(text)
    )
}

/// A table, each row's cells given.
pub fn table(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|cells| {
            let cells: String = cells
                .iter()
                .map(|c| format!("<w:tc>{}</w:tc>", para(c)))
                .collect();
            format!("<w:tr>{cells}</w:tr>")
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// A numbering part: one list per (numId, format, level text), each on its own abstract
/// definition, as Word writes a list that restarts.
pub fn numbering(lists: &[(u32, &str, &str)]) -> String {
    let definitions: String = lists
        .iter()
        .map(|(id, format, text)| {
            format!(
                r#"<w:abstractNum w:abstractNumId="{id}"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>"#
            )
        })
        .collect();
    let lists: String = lists
        .iter()
        .map(|(id, ..)| format!(r#"<w:num w:numId="{id}"><w:abstractNumId w:val="{id}"/></w:num>"#))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{WORD}">{definitions}{lists}</w:numbering>"#
    )
}
