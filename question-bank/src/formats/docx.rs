//! Word (.docx) question banks, in the layouts Chinese exam offices type them.
//!
//! Read by hand over `zip` and `quick-xml` (both already here for the workbook guards), not
//! with a docx crate: only the paragraphs' text and Word's list numbering matter, a general
//! document model would parse (and allocate for) far more of a hostile file, and this way every
//! part goes through the same [`limits`] as a workbook.
//!
//! The document becomes paragraphs (a table row is one paragraph, its cells joined by spaces;
//! Word's automatic numbering is written out in front of the text as Word shows it), then:
//!
//! - a section heading (`一、单选题`, `二、多项选择题`, `三、判断题`, `四、简答题`) sets the type
//!   of the questions under it; without one the type follows from the options and the key;
//! - a question begins with its number: `1.` `1、` `1．` `（1）` `第1题`, typed or automatic;
//! - options `A.` `A、` `A．` `A）` or `A ` follow, one a paragraph or several on one line;
//! - the key is on an `答案：` / `【答案】` line, in the stem's brackets (`（B）`, `(AC)`,
//!   `（√）`), or in a key table after a `参考答案` heading (`1-5 ABCDA`, `1.A 2.B`);
//! - `【解析】`, `【评分要点】` (a short answer's points, one a paragraph), and the source:
//!   `【出处】《宪法》第六十七条第二款`, or `【法律】` `【条款】`, or the first `《法律》第…条`
//!   the explanation quotes; `【题库】` `【难度】` `【标签】` `【题型】` likewise. Before the first
//!   question (or between a heading and its first question) these lines set the default for
//!   every question that follows.
//!
//! Every refusal names the paragraph (counted as Word's statistics count them: empty
//! paragraphs not included) and the question's number.

use std::collections::HashMap;

use quick_xml::events::{BytesRef, BytesStart, Event};

use super::limits::{self, Limit, MAX_NUMBERING_DEFINITIONS, MAX_PARAGRAPHS, MAX_PARAGRAPH_CHARS};
use super::{FileError, ImportRow, RowError, PARAGRAPH};
use crate::bank::laws::LAWS;
use crate::bank::question::{Question, QuestionDraft, QuestionKind};
use crate::Bilingual;

/// Reads a Word document's questions.
pub(super) fn read(bytes: &[u8]) -> Result<Vec<ImportRow>, FileError> {
    limits::check_document(bytes)?;
    let mut package = limits::Package::open(bytes)?;
    let document = package.part("word/document.xml")?.ok_or_else(|| {
        FileError::Unreadable("不是 Word 文档：缺少 word/document.xml (not a Word document)".into())
    })?;
    let numbering = match package.part("word/numbering.xml")? {
        Some(xml) => Numbering::read(&xml)?,
        None => Numbering::default(),
    };
    let paragraphs = body(&document, numbering)?;
    Ok(Parser::default().run(&paragraphs))
}

/// A paragraph as a person sees it: its number and text, numbering included.
struct Paragraph {
    number: usize,
    text: String,
}

fn unreadable(e: impl std::fmt::Display) -> FileError {
    FileError::Unreadable(format!(
        "Word 文档已损坏 (the Word document is damaged): {e}"
    ))
}

/// An attribute's value by its local name (`w:val` → "val").
fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The text an entity or character reference stands for.
pub(super) fn reference(r: &BytesRef) -> String {
    match r.resolve_char_ref() {
        Ok(Some(c)) => c.to_string(),
        _ => quick_xml::escape::resolve_predefined_entity(r)
            .unwrap_or_default()
            .to_owned(),
    }
}

/// Word's list numbering: what each list's levels print, and their counters as the
/// document runs. Counters run per list (`numId`): Word starts a new list when numbering
/// restarts, which is how each question's options start again at A.
#[derive(Default)]
struct Numbering {
    /// (abstractNumId, level) → (start, format, text such as "%1.").
    levels: HashMap<(String, usize), (u32, String, String)>,
    /// numId → abstractNumId and its start overrides by level.
    lists: HashMap<String, (String, HashMap<usize, u32>)>,
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl Numbering {
    fn read(xml: &[u8]) -> Result<Self, FileError> {
        let mut numbering = Self::default();
        let mut reader = quick_xml::Reader::from_reader(xml);
        let (mut abstract_num, mut level, mut num, mut over) = (None, None, None, None);
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let (e, start) = match reader.read_event_into(&mut buf).map_err(unreadable)? {
                Event::Start(e) => (e, true),
                Event::Empty(e) => (e, false),
                Event::End(e) => {
                    match e.local_name().as_ref() {
                        "abstractNum" => abstract_num = None,
                        "lvl" => level = None,
                        "num" => num = None,
                        _ => {}
                    }
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let val = || attr(&e, "val");
            match e.local_name().as_ref() {
                "abstractNum" if start => abstract_num = attr(&e, "abstractNumId"),
                "lvl" if start => {
                    level = abstract_num
                        .clone()
                        .zip(attr(&e, "ilvl").and_then(|l| l.parse::<usize>().ok()));
                    if let Some(key) = level.clone() {
                        numbering
                            .levels
                            .insert(key, (1, "decimal".into(), String::new()));
                    }
                }
                "start" => {
                    if let Some(l) = level.as_ref().and_then(|k| numbering.levels.get_mut(k)) {
                        l.0 = val().and_then(|v| v.parse().ok()).unwrap_or(1);
                    }
                }
                "numFmt" => {
                    if let Some(l) = level.as_ref().and_then(|k| numbering.levels.get_mut(k)) {
                        l.1 = val().unwrap_or_default();
                    }
                }
                "lvlText" => {
                    if let Some(l) = level.as_ref().and_then(|k| numbering.levels.get_mut(k)) {
                        l.2 = val().unwrap_or_default();
                    }
                }
                "num" if start => num = attr(&e, "numId"),
                "abstractNumId" => {
                    if let (Some(n), Some(a)) = (num.clone(), val()) {
                        numbering.lists.entry(n).or_default().0 = a;
                    }
                }
                "lvlOverride" => over = attr(&e, "ilvl").and_then(|l| l.parse().ok()),
                "startOverride" => {
                    if let (Some(n), Some(l), Some(v)) =
                        (num.clone(), over, val().and_then(|v| v.parse().ok()))
                    {
                        numbering.lists.entry(n).or_default().1.insert(l, v);
                    }
                }
                _ => {}
            }
            if numbering.levels.len() + numbering.lists.len() > MAX_NUMBERING_DEFINITIONS {
                return Err(FileError::OverLimit(Limit::Numbering));
            }
        }
        Ok(numbering)
    }

    /// What Word prints before a paragraph of list `num` at `level`, advancing the counters.
    fn label(&mut self, num: &str, level: usize) -> String {
        let Some((abstract_num, overrides)) = self.lists.get(num) else {
            return String::new();
        };
        let level = level.min(8);
        let levels = &self.levels;
        let start = |l: usize| {
            overrides
                .get(&l)
                .copied()
                .or_else(|| levels.get(&(abstract_num.clone(), l)).map(|d| d.0))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(num.to_owned()).or_default();
        counters[level] =
            Some(counters[level].map_or_else(|| start(level), |n| n.saturating_add(1)));
        counters[level + 1..].fill(None);
        let Some((_, format, text)) = levels.get(&(abstract_num.clone(), level)) else {
            return String::new();
        };
        if format == "bullet" || format == "none" {
            return String::new();
        }
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .filter(|_| c == '%')
            {
                Some(d) => {
                    chars.next();
                    let l = (d as usize).saturating_sub(1).min(8);
                    let format = levels
                        .get(&(abstract_num.clone(), l))
                        .map_or("decimal", |d| d.1.as_str());
                    out.push_str(&number_text(
                        counters[l].unwrap_or_else(|| start(l)),
                        format,
                    ));
                }
                None => out.push(c),
            }
        }
        out
    }
}

/// A counter in one of Word's number formats, as it prints.
fn number_text(n: u32, format: &str) -> String {
    let letters = |first: u8| {
        let n = n.max(1) - 1;
        let letter = char::from(first + (n % 26) as u8);
        std::iter::repeat_n(letter, (n / 26) as usize + 1).collect()
    };
    match format {
        "upperLetter" => letters(b'A'),
        "lowerLetter" => letters(b'a'),
        f if f.starts_with("chinese") || f.ends_with("Counting") => chinese_numeral(n),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x245F + n).map_or(n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

/// 1 → 一, 12 → 十二, 45 → 四十五 (beyond 99, digits).
fn chinese_numeral(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n as usize].into(),
        10..=19 => format!(
            "十{}",
            if n == 10 {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            if n.is_multiple_of(10) {
                ""
            } else {
                DIGITS[(n % 10) as usize]
            }
        ),
        _ => n.to_string(),
    }
}

/// The body's paragraphs, numbering written out, empty ones left out, within the limits.
fn body(xml: &[u8], mut numbering: Numbering) -> Result<Vec<Paragraph>, FileError> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out: Vec<Paragraph> = Vec::new();
    // Text boxes and the fallback copy of drawings are skipped: their text is not the body's.
    let (mut depth, mut skip, mut in_text, mut tables) = (0usize, None, false, 0usize);
    let (mut text, mut cell, mut row) = (String::new(), String::new(), Vec::<String>::new());
    let (mut num, mut level) = (None::<String>, 0usize);
    let too_long =
        |s: &str| s.len() > MAX_PARAGRAPH_CHARS && s.chars().count() > MAX_PARAGRAPH_CHARS;
    let push = |out: &mut Vec<Paragraph>, text: String| -> Result<(), FileError> {
        let number = out.len() + 1;
        if too_long(&text) {
            return Err(FileError::OverLimit(Limit::ParagraphText {
                paragraph: number,
            }));
        }
        if !text.trim().is_empty() {
            if number > MAX_PARAGRAPHS {
                return Err(FileError::OverLimit(Limit::Paragraphs));
            }
            out.push(Paragraph { number, text });
        }
        Ok(())
    };
    let mut buf = Vec::new();
    loop {
        buf.clear();
        let event = reader.read_event_into(&mut buf).map_err(unreadable)?;
        let target = if tables > 0 { &mut cell } else { &mut text };
        // Bytes, not characters: a cheap bound while the text grows.
        if target.len() > 4 * MAX_PARAGRAPH_CHARS {
            return Err(FileError::OverLimit(Limit::ParagraphText {
                paragraph: out.len() + 1,
            }));
        }
        match event {
            Event::Start(e) => {
                depth += 1;
                if skip.is_some() {
                    continue;
                }
                match e.local_name().as_ref() {
                    "Fallback" | "txbxContent" => skip = Some(depth),
                    "t" => in_text = true,
                    "p" if tables == 0 => {
                        text.clear();
                        num = None;
                        level = 0;
                    }
                    "tbl" => tables += 1,
                    "tr" if tables == 1 => row.clear(),
                    "tc" if tables == 1 => cell.clear(),
                    _ => {}
                }
            }
            Event::Empty(e) if skip.is_none() => match e.local_name().as_ref() {
                "tab" => target.push(' '),
                "br" | "cr" => target.push('\n'),
                "numId" if tables == 0 => num = attr(&e, "val").filter(|v| v != "0"),
                "ilvl" if tables == 0 => {
                    level = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
                }
                _ => {}
            },
            Event::Text(t) if in_text && skip.is_none() => target.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip.is_none() => target.push_str(&reference(&r)),
            Event::End(e) => {
                if skip == Some(depth) {
                    skip = None;
                }
                depth = depth.saturating_sub(1);
                if skip.is_some() {
                    continue;
                }
                match e.local_name().as_ref() {
                    "t" => in_text = false,
                    "p" if tables == 0 => {
                        let label = match num.take() {
                            Some(n) => numbering.label(&n, level),
                            None => String::new(),
                        };
                        push(&mut out, label + std::mem::take(&mut text).trim())?;
                    }
                    "p" => cell.push(' '),
                    "tc" if tables == 1 => row.push(cell.trim().to_owned()),
                    "tr" if tables == 1 => {
                        let joined: Vec<String> = row.drain(..).filter(|c| !c.is_empty()).collect();
                        push(&mut out, joined.join(" "))?;
                    }
                    "tbl" => tables = tables.saturating_sub(1),
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// A question's field marked in the document.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Answer,
    Explanation,
    Points,
    Bank,
    Law,
    Article,
    Difficulty,
    Tags,
    Source,
    Kind,
}

/// `【名称】` marks a field; some also go without brackets, followed by a colon.
fn field(name: &str) -> Option<Field> {
    Some(match name {
        "答案" | "正确答案" | "参考答案" => Field::Answer,
        "解析" | "答案解析" | "试题解析" => Field::Explanation,
        "评分要点" | "要点" => Field::Points,
        "题库" => Field::Bank,
        "法律" => Field::Law,
        "条款" | "条" => Field::Article,
        "难度" => Field::Difficulty,
        "标签" => Field::Tags,
        "出处" | "法条出处" | "依据" => Field::Source,
        "题型" => Field::Kind,
        _ => return None,
    })
}

/// The fields a line sets: `【题库】通用【难度】2`, or `答案：B` / `解析：…`.
fn fields(line: &str) -> Option<Vec<(Field, String)>> {
    if let Some(rest) = line.strip_prefix('【') {
        let (name, _) = rest.split_once('】')?;
        field(name)?;
        let mut out: Vec<(Field, String)> = Vec::new();
        for segment in rest.split('【') {
            let known = segment
                .split_once('】')
                .and_then(|(name, value)| field(name).map(|f| (f, value)));
            match (known, out.last_mut()) {
                (Some((f, value)), _) => out.push((f, value.trim().to_owned())),
                // An unknown bracket belongs to the value before it.
                (None, Some(last)) => last.1.push_str(&format!("【{segment}")),
                (None, None) => return None,
            }
        }
        return Some(out);
    }
    let (name, value) = line.split_once(['：', ':'])?;
    let f = field(name.trim()).filter(|f| {
        matches!(
            f,
            Field::Answer | Field::Explanation | Field::Points | Field::Source
        )
    })?;
    Some(vec![(f, value.trim().to_owned())])
}

/// Metadata set by `【…】` lines, for one question or as a section's default.
#[derive(Clone, Default)]
struct Meta {
    bank: Option<String>,
    law: Option<String>,
    article: Option<String>,
    difficulty: Option<String>,
    tags: Option<String>,
    source: Option<String>,
    kind: Option<String>,
}

impl Meta {
    fn set(&mut self, field: Field, value: String) -> bool {
        let slot = match field {
            Field::Bank => &mut self.bank,
            Field::Law => &mut self.law,
            Field::Article => &mut self.article,
            Field::Difficulty => &mut self.difficulty,
            Field::Tags => &mut self.tags,
            Field::Source => &mut self.source,
            Field::Kind => &mut self.kind,
            Field::Answer | Field::Explanation | Field::Points => return false,
        };
        *slot = Some(value);
        true
    }

    /// This question's metadata, the section's default where it has none.
    fn or(self, default: &Meta) -> Meta {
        Meta {
            bank: self.bank.or_else(|| default.bank.clone()),
            law: self.law.or_else(|| default.law.clone()),
            article: self.article.or_else(|| default.article.clone()),
            difficulty: self.difficulty.or_else(|| default.difficulty.clone()),
            tags: self.tags.or_else(|| default.tags.clone()),
            source: self.source.or_else(|| default.source.clone()),
            kind: self.kind.or_else(|| default.kind.clone()),
        }
    }
}

/// "1." "1、" "1．" "1）" "（1）" "第1题": the question's number and the rest of the line.
fn question_start(line: &str) -> Option<(usize, &str)> {
    let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, rest) = if let Some(rest) = line.strip_prefix(['（', '(']) {
        let n = digits(rest);
        (&rest[..n], rest[n..].strip_prefix(['）', ')'])?)
    } else if let Some(rest) = line.strip_prefix('第') {
        let n = digits(rest);
        (&rest[..n], rest[n..].strip_prefix('题')?)
    } else {
        let n = digits(line);
        (
            &line[..n],
            line[n..].strip_prefix(['.', '、', '．', ')', '）'])?,
        )
    };
    // "1.5倍" is a number in a sentence, not question 1.
    if number.is_empty() || number.len() > 5 || rest.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    Some((number.parse().ok()?, rest.trim_start()))
}

/// The rest of a line that begins with option `letter`: "A." "A、" "A．" "A:" "A）" "（A）" or
/// "A " (the letter and a space).
fn option_start(line: &str, letter: char) -> Option<&str> {
    if let Some(rest) = line.strip_prefix(['（', '(']) {
        return rest
            .strip_prefix(letter)?
            .strip_prefix(['）', ')'])
            .map(str::trim_start);
    }
    let rest = line.strip_prefix(letter)?;
    let after = rest.trim_start();
    match after.strip_prefix(['.', '、', '．', ':', '：', ')', '）']) {
        Some(text) => Some(text.trim_start()),
        None if after.len() < rest.len() && !after.is_empty() => Some(after),
        None => None,
    }
}

/// The options a line holds from `first` on: "A.人民 B.国务院 C.法院" gives three.
fn options_on_line(line: &str, first: char) -> Option<Vec<String>> {
    let mut rest = option_start(line, first)?;
    let mut out = Vec::new();
    let mut letter = first;
    loop {
        let next = char::from(letter as u8 + 1);
        // The next letter counts only after a space: "B超市" inside an option stays put.
        let split = (letter < 'H')
            .then(|| {
                rest.char_indices()
                    .filter(|(_, c)| c.is_whitespace())
                    .find_map(|(i, c)| {
                        option_start(rest[i + c.len_utf8()..].trim_start(), next).map(|r| (i, r))
                    })
            })
            .flatten();
        match split {
            Some((i, after)) => {
                out.push(rest[..i].trim().to_owned());
                rest = after;
                letter = next;
            }
            None => {
                out.push(rest.trim().to_owned());
                return Some(out);
            }
        }
    }
}

/// The type a heading names, if any.
fn kind_word(text: &str) -> Option<QuestionKind> {
    const WORDS: [(&str, QuestionKind); 9] = [
        ("多项选择", QuestionKind::MultipleChoice),
        ("多选", QuestionKind::MultipleChoice),
        ("不定项", QuestionKind::MultipleChoice),
        ("单项选择", QuestionKind::SingleChoice),
        ("单选", QuestionKind::SingleChoice),
        ("判断", QuestionKind::TrueFalse),
        ("简答", QuestionKind::ShortAnswer),
        ("问答", QuestionKind::ShortAnswer),
        ("论述", QuestionKind::ShortAnswer),
    ];
    WORDS
        .iter()
        .find(|(w, _)| text.starts_with(w))
        .map(|(_, k)| *k)
}

/// A heading: `一、…` `（一）…` `第一部分…`, or a line that is a type's name (`单选题：`).
/// Gives the text after the numeral and whether the line had one.
fn heading(line: &str) -> Option<(&str, bool)> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let numeral = |s: &str| s.len() - s.trim_start_matches(|c| NUMERALS.contains(c)).len();
    let numbered = if let Some(rest) = line.strip_prefix(['（', '(']) {
        let n = numeral(rest);
        (n > 0)
            .then(|| rest[n..].strip_prefix(['）', ')']))
            .flatten()
    } else if let Some(rest) = line.strip_prefix('第') {
        let n = numeral(rest);
        (n > 0)
            .then(|| rest[n..].strip_prefix(['部', '章']))
            .flatten()
            .map(|r| r.trim_start_matches(['分', ' ', '：', ':']))
    } else {
        let n = numeral(line);
        (n > 0)
            .then(|| line[n..].strip_prefix(['、', '.', '．', ' ']))
            .flatten()
    };
    match numbered {
        Some(rest) => Some((rest.trim_start(), true)),
        None if kind_word(line).is_some() && line.chars().count() <= 40 => Some((line, false)),
        None => None,
    }
}

/// A key table's heading: `参考答案` (or `四、参考答案`, `答案：1-5 ABCDA`); gives the rest.
fn key_heading(line: &str) -> Option<&str> {
    let text = heading(line).map_or(line, |(rest, _)| rest);
    let rest = ["参考答案", "标准答案", "答案"]
        .iter()
        .find_map(|w| text.strip_prefix(w))?;
    let rest = rest
        .trim_start_matches(['及', '与', '和'])
        .trim_start_matches("解析")
        .trim_start_matches(['：', ':', ' '])
        .trim();
    let rest = rest
        .strip_prefix('（')
        .and_then(|r| r.split_once('）'))
        .map_or(rest, |(_, r)| r.trim());
    (rest.is_empty() || key_entries(rest).is_some()).then_some(rest)
}

/// The keys a key-table line gives: `1-5 ABCDA`, `1-5：√×√√×`, `16-18 AB ABC ABD`,
/// `1.A 2.B 3、C`, `11.对`; `None` when the line is not one.
fn key_entries(line: &str) -> Option<Vec<(usize, String)>> {
    let normal = line
        .replace("正确", "√")
        .replace("错误", "×")
        .replace(['对', '✓', '✔'], "√")
        .replace(['错', '✗', '✘'], "×");
    let mut chars = normal.chars().peekable();
    let mut out = Vec::new();
    let separator = |c: char| c.is_whitespace() || ",，;；。".contains(c);
    let is_key = |c: char| {
        c.is_ascii_alphabetic() && ('A'..='H').contains(&c.to_ascii_uppercase())
            || c == '√'
            || c == '×'
    };
    let number = |chars: &mut std::iter::Peekable<std::str::Chars>| {
        let mut n = String::new();
        while let Some(c) = chars.next_if(char::is_ascii_digit) {
            n.push(c);
        }
        n.parse::<usize>().ok().filter(|n| *n <= super::MAX_ROWS)
    };
    let runs = |chars: &mut std::iter::Peekable<std::str::Chars>, wanted: usize| {
        let mut runs: Vec<String> = Vec::new();
        loop {
            while chars.next_if(|c| separator(*c)).is_some() {}
            let mut run = String::new();
            while let Some(c) = chars.next_if(|c| is_key(*c)) {
                run.push(c.to_ascii_uppercase());
            }
            if run.is_empty() {
                return runs;
            }
            runs.push(run);
            let letters: usize = runs.iter().map(|r| r.chars().count()).sum();
            if runs.len() >= wanted || (runs.len() == 1 && letters == wanted) {
                return runs;
            }
        }
    };
    loop {
        while chars.next_if(|c| separator(*c)).is_some() {}
        if chars.peek().is_none() {
            break;
        }
        let first = number(&mut chars)?;
        while chars.next_if(|c| *c == ' ').is_some() {}
        let last = if chars.next_if(|c| "-－—–~～至".contains(*c)).is_some() {
            while chars.next_if(|c| *c == ' ').is_some() {}
            number(&mut chars).filter(|l| *l >= first)?
        } else {
            first
        };
        while chars
            .next_if(|c| ".、．:：)）".contains(*c) || *c == ' ')
            .is_some()
        {}
        let wanted = last - first + 1;
        let runs = runs(&mut chars, wanted);
        let keys: Vec<String> = if runs.len() == wanted {
            runs
        } else if runs.len() == 1 && runs[0].chars().count() == wanted {
            runs[0].chars().map(String::from).collect()
        } else {
            return None;
        };
        out.extend((first..=last).zip(keys));
    }
    (!out.is_empty()).then_some(out)
}

/// A key typed into the stem's brackets: "属于（A）。" gives "属于（ ）。" and "A";
/// a true/false "…五年。（√）" gives "…五年。" and "√". The last such bracket counts.
fn key_in_stem(stem: &str) -> Option<(String, String)> {
    let opens: Vec<usize> = stem.match_indices(['（', '(']).map(|(i, _)| i).collect();
    opens.into_iter().rev().find_map(|open| {
        let inner_start = open + stem[open..].chars().next()?.len_utf8();
        let close = inner_start + stem[inner_start..].find(['）', ')'])?;
        let inner: String = stem[inner_start..close]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let after = &stem[close + stem[close..].chars().next()?.len_utf8()..];
        let upper = inner.to_ascii_uppercase();
        if !upper.is_empty() && upper.chars().all(|c| ('A'..='H').contains(&c)) {
            Some((format!("{}（ ）{after}", &stem[..open]), upper))
        } else if ["√", "×", "对", "错", "正确", "错误", "✓", "✗"].contains(&inner.as_str())
        {
            Some((format!("{}{after}", &stem[..open]).trim().to_owned(), inner))
        } else {
            None
        }
    })
}

/// "67", "六十七", "一百零三" → the number.
fn article_number(text: &str) -> Option<i64> {
    let text = text.trim();
    if let Ok(n) = text.parse() {
        return Some(n);
    }
    let (mut total, mut current) = (0i64, 0i64);
    for c in text.chars() {
        let digit = "零一二三四五六七八九".chars().position(|d| d == c);
        match (digit, c) {
            (Some(d), _) => current = d as i64,
            (None, '十' | '百' | '千') => {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    _ => 1000,
                };
                total += current.max(1) * unit;
                current = 0;
            }
            _ => return None,
        }
    }
    (!text.is_empty()).then_some(total + current)
}

/// A law's id from the name a document gives it: the short name (`宪法`), the id, or the
/// full title (`中华人民共和国宪法`, `中华人民共和国各级人民代表大会常务委员会监督法`).
fn law_id(name: &str) -> Option<&'static str> {
    let name = name.trim();
    let short = name
        .trim_start_matches("中华人民共和国")
        .replace("全国人民代表大会常务委员会", "全国人大常委会")
        .replace("全国人民代表大会", "全国人大");
    let short = match short.as_str() {
        "地方各级人民代表大会和地方各级人民政府组织法" => "地方组织法",
        other => other,
    };
    if let Some(law) = LAWS.iter().find(|l| l.name == short || l.id == name) {
        return Some(law.id);
    }
    let mut ending = LAWS.iter().filter(|l| short.ends_with(l.name));
    match (ending.next(), ending.next()) {
        (Some(law), None) => Some(law.id),
        _ => None,
    }
}

/// `《宪法》第六十七条第二款` (or `宪法第67条`): law, article, paragraph.
fn parse_source(text: &str) -> Option<(String, i64, Option<i64>)> {
    let text = text.trim();
    let (name, rest) = match text.strip_prefix('《') {
        Some(rest) => rest.split_once('》')?,
        None => text.split_at(text.find('第')?),
    };
    let law = law_id(name).map_or_else(|| name.trim().to_owned(), str::to_owned);
    let (article, paragraph) = article_and_paragraph(rest)?;
    Some((law, article, paragraph))
}

/// `第六十七条第二款` or `67`.
fn article_and_paragraph(text: &str) -> Option<(i64, Option<i64>)> {
    let text = text.trim();
    let Some(rest) = text.strip_prefix('第') else {
        return article_number(text).map(|a| (a, None));
    };
    let (article, rest) = rest.split_once('条')?;
    let paragraph = rest
        .trim_start()
        .strip_prefix('第')
        .and_then(|r| r.split_once('款'))
        .and_then(|(p, _)| article_number(p));
    Some((article_number(article)?, paragraph))
}

/// The first `《法律》第…条` an explanation quotes.
fn source_in(text: &str) -> Option<(String, i64, Option<i64>)> {
    text.match_indices('《')
        .find_map(|(i, _)| parse_source(&text[i..]).filter(|(law, ..)| law_id(law).is_some()))
}

/// Why a question of a Word document was refused (besides the question rules).
enum DocxError {
    NoKey,
    NoBank,
    NoDifficulty,
    NoSource,
    BadSource(String),
    BadNumber(&'static str, String),
    KeyLine,
    KeyForNoQuestion(usize),
    Orphan,
}

impl Bilingual for DocxError {
    fn zh(&self) -> String {
        match self {
            Self::NoKey => "找不到答案：请在题后加一行“答案：B”，或在题干括号中写明，或在文末答案表中列出".into(),
            Self::NoBank => "缺少题库：请加一行【题库】通用（或人大、政府、监委、法院、检察院），放在题后只管本题，放在第一题前管以下全部".into(),
            Self::NoDifficulty => "缺少难度：请加一行【难度】1至5，放在题后只管本题，放在第一题前管以下全部".into(),
            Self::NoSource => "缺少出处：请加一行【出处】《宪法》第六十七条".into(),
            Self::BadSource(s) => format!("无法识别出处“{s}”：应写作《宪法》第六十七条或《宪法》第六十七条第二款"),
            Self::BadNumber(what, s) => format!("“{what}”应为整数，当前为“{s}”"),
            Self::KeyLine => "答案表中无法识别这一行：应写作“1-5 ABCDA”或“1.A 2.B”".into(),
            Self::KeyForNoQuestion(n) => format!("答案表列出了第{n}题，但文档中没有这道题"),
            Self::Orphan => "这一行不属于任何试题：答案、解析和评分要点应写在题目之后".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::NoKey => "no key: add a line \"答案：B\" after the question, put it in the stem's brackets, or list it in the key table at the end".into(),
            Self::NoBank => "no bank: add a line 【题库】通用 (or 人大, 政府, 监委, 法院, 检察院) after the question, or before the first question for all that follow".into(),
            Self::NoDifficulty => "no difficulty: add a line 【难度】 1 to 5 after the question, or before the first question for all that follow".into(),
            Self::NoSource => "no source: add a line such as 【出处】《宪法》第六十七条".into(),
            Self::BadSource(s) => format!("cannot read the source \"{s}\": write it as 《宪法》第六十七条 or 《宪法》第六十七条第二款"),
            Self::BadNumber(what, s) => format!("\"{what}\" must be a whole number; it is \"{s}\""),
            Self::KeyLine => "this line of the key table cannot be read: write it as \"1-5 ABCDA\" or \"1.A 2.B\"".into(),
            Self::KeyForNoQuestion(n) => format!("the key table lists question {n}, which the document does not have"),
            Self::Orphan => "this line belongs to no question: keys, explanations and marking points follow their question".into(),
        }
    }
}

/// A refusal at paragraph `at`, naming the question when there is one.
fn refusal(at: usize, question: Option<usize>, reason: &impl Bilingual) -> RowError {
    let (zh, en) = (reason.zh(), reason.en());
    match question {
        Some(n) => RowError {
            row: at,
            column: PARAGRAPH.into(),
            zh: format!("第{n}题 {zh}"),
            en: format!("question {n}: {en}"),
        },
        None => RowError {
            row: at,
            column: PARAGRAPH.into(),
            zh,
            en,
        },
    }
}

/// Which part of a question plain lines continue.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Stem,
    Options,
    Answer,
    Explanation,
    Points,
}

/// A question as it is read, paragraph by paragraph.
struct Pending {
    paragraph: usize,
    number: usize,
    section: usize,
    kind: Option<QuestionKind>,
    stem: Vec<String>,
    options: Vec<String>,
    key: Option<String>,
    explanation: Vec<String>,
    points: Vec<String>,
    meta: Meta,
    part: Part,
}

#[derive(Default)]
struct Parser {
    rows: Vec<ImportRow>,
    /// Finished questions waiting for the key table: (question, its section's default).
    questions: Vec<(Pending, Meta)>,
    current: Option<Pending>,
    /// The section's type and default metadata.
    kind: Option<QuestionKind>,
    defaults: Meta,
    /// Headings so far (questions and key table count them alike).
    section: usize,
    in_key_table: bool,
    key_sections: usize,
    /// (section, number) → (key, paragraph).
    keys: Vec<(usize, usize, String, usize)>,
}

impl Parser {
    fn run(mut self, paragraphs: &[Paragraph]) -> Vec<ImportRow> {
        for p in paragraphs {
            for line in p.text.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
                self.line(p.number, line);
            }
        }
        self.finish_question();
        let questions = std::mem::take(&mut self.questions);
        let mut used = vec![false; self.keys.len()];
        for (q, defaults) in questions {
            // By heading and number when the key table has headings; by number alone when it
            // has none, or when only one entry has the number.
            let same_number =
                |(_, number, ..): &&(usize, usize, String, usize)| *number == q.number;
            let found = self
                .keys
                .iter()
                .position(|k| same_number(&k) && (self.key_sections == 0 || k.0 == q.section))
                .or_else(|| {
                    let mut matches = self.keys.iter().filter(same_number);
                    match (matches.next(), matches.next()) {
                        (Some(_), None) => self.keys.iter().position(|k| same_number(&k)),
                        _ => None,
                    }
                });
            if let Some(i) = found {
                used[i] = true;
            }
            let key = found.map(|i| self.keys[i].2.clone());
            let row = q.paragraph;
            let result = build(q, defaults, key);
            self.rows.push(ImportRow { row, result });
        }
        let unused: Vec<(usize, usize)> = self
            .keys
            .iter()
            .zip(used)
            .filter(|(_, used)| !used)
            .map(|((_, number, _, at), _)| (*at, *number))
            .collect();
        for (at, number) in unused {
            self.error(at, None, &DocxError::KeyForNoQuestion(number));
        }
        self.rows.sort_by_key(|r| r.row);
        self.rows
    }

    fn error(&mut self, at: usize, question: Option<usize>, reason: &impl Bilingual) {
        self.rows.push(ImportRow {
            row: at,
            result: Err(refusal(at, question, reason)),
        });
    }

    fn finish_question(&mut self) {
        if let Some(q) = self.current.take() {
            self.questions.push((q, self.defaults.clone()));
        }
    }

    fn line(&mut self, at: usize, line: &str) {
        if let Some((rest, numbered)) = heading(line) {
            let short_answer_next = self.current.as_ref().is_some_and(|q| {
                q.options.is_empty() && q.kind.or(self.kind) == Some(QuestionKind::ShortAnswer)
            });
            let is_key = key_heading(line).is_some() && (numbered || !short_answer_next);
            if is_key || self.in_key_table {
                self.finish_question();
                self.in_key_table = true;
                if kind_word(rest).is_some() || numbered && !is_key {
                    self.key_sections += 1;
                }
                let entries = rest.find(|c: char| c.is_ascii_digit()).map(|i| &rest[i..]);
                if let Some(entries) = entries {
                    self.key_line(at, entries);
                }
                return;
            }
            self.finish_question();
            self.section += 1;
            self.kind = kind_word(rest).or(self.kind.filter(|_| !numbered));
            return;
        }
        let short_answer_next = self.current.as_ref().is_some_and(|q| {
            q.options.is_empty() && q.kind.or(self.kind) == Some(QuestionKind::ShortAnswer)
        });
        if let Some(rest) =
            key_heading(line).filter(|_| !short_answer_next || self.current.is_none())
        {
            if !line.starts_with('【') {
                self.finish_question();
                self.in_key_table = true;
                if !rest.is_empty() {
                    self.key_line(at, rest);
                }
                return;
            }
        }
        if self.in_key_table {
            self.key_line(at, line);
            return;
        }
        if let Some((number, rest)) = question_start(line) {
            self.finish_question();
            self.current = Some(Pending {
                paragraph: at,
                number,
                section: self.section,
                kind: self.kind,
                stem: vec![rest.to_owned()],
                options: Vec::new(),
                key: None,
                explanation: Vec::new(),
                points: Vec::new(),
                meta: Meta::default(),
                part: Part::Stem,
            });
            return;
        }
        if let Some(fields) = fields(line) {
            for (f, value) in fields {
                self.field(at, f, value);
            }
            return;
        }
        let Some(q) = self.current.as_mut() else {
            // A title or instructions before the first question.
            return;
        };
        let letter = char::from(b'A' + q.options.len().min(7) as u8);
        let options = matches!(q.part, Part::Stem | Part::Options)
            .then(|| options_on_line(line, letter))
            .flatten();
        match (options, q.part) {
            (Some(options), _) => {
                q.options.extend(options);
                q.part = Part::Options;
            }
            (None, Part::Stem) => q.stem.push(line.to_owned()),
            (None, Part::Options) => {
                if let Some(last) = q.options.last_mut() {
                    last.push_str(line);
                }
            }
            (None, Part::Answer) => {
                let key = q.key.get_or_insert_with(String::new);
                if !key.is_empty() {
                    key.push('\n');
                }
                key.push_str(line);
            }
            (None, Part::Explanation) => q.explanation.push(line.to_owned()),
            (None, Part::Points) => q.points.push(line.to_owned()),
        }
    }

    fn field(&mut self, at: usize, field: Field, value: String) {
        let Some(q) = self.current.as_mut() else {
            if !self.defaults.set(field, value) {
                self.error(at, None, &DocxError::Orphan);
            }
            return;
        };
        if q.meta.set(field, value.clone()) {
            return;
        }
        let (part, values) = match field {
            Field::Answer => {
                q.key = Some(value);
                q.part = Part::Answer;
                return;
            }
            Field::Explanation => (Part::Explanation, &mut q.explanation),
            _ => (Part::Points, &mut q.points),
        };
        if !value.is_empty() {
            values.push(value);
        }
        q.part = part;
    }

    fn key_line(&mut self, at: usize, line: &str) {
        match key_entries(line) {
            Some(entries) => {
                let section = self.key_sections;
                self.keys
                    .extend(entries.into_iter().map(|(n, key)| (section, n, key, at)));
            }
            None => self.error(at, None, &DocxError::KeyLine),
        }
    }
}

/// The question a finished [`Pending`] describes, or why not.
fn build(q: Pending, defaults: Meta, table_key: Option<String>) -> Result<Question, RowError> {
    let (at, number) = (q.paragraph, Some(q.number));
    let refuse = |reason: &dyn Fn() -> DocxError| refusal(at, number, &reason());
    let meta = q.meta.or(&defaults);
    let mut stem = q.stem.join("\n");
    let key = match q.key.filter(|k| !k.trim().is_empty()) {
        Some(key) => key,
        None => match key_in_stem(&stem) {
            Some((without, key)) => {
                stem = without;
                key
            }
            None => table_key.ok_or_else(|| refuse(&|| DocxError::NoKey))?,
        },
    };
    let kind = match meta
        .kind
        .as_deref()
        .and_then(QuestionKind::parse)
        .or(q.kind)
    {
        Some(kind) => kind,
        None if !q.options.is_empty() => {
            let letters = key.chars().filter(char::is_ascii_alphabetic).count();
            if letters > 1 {
                QuestionKind::MultipleChoice
            } else {
                QuestionKind::SingleChoice
            }
        }
        None if ["√", "×", "对", "错", "正确", "错误"].contains(&key.trim()) => {
            QuestionKind::TrueFalse
        }
        None => QuestionKind::ShortAnswer,
    };
    let explanation = q.explanation.join("\n");
    let (law, article, paragraph) = match (&meta.source, &meta.law, &meta.article) {
        (Some(source), _, _) => {
            parse_source(source).ok_or_else(|| refuse(&|| DocxError::BadSource(source.clone())))?
        }
        (None, Some(law), Some(article)) => {
            let (article, paragraph) = article_and_paragraph(article)
                .ok_or_else(|| refuse(&|| DocxError::BadNumber("条款", article.clone())))?;
            (
                law_id(law).map_or_else(|| law.clone(), str::to_owned),
                article,
                paragraph,
            )
        }
        _ => source_in(&explanation).ok_or_else(|| refuse(&|| DocxError::NoSource))?,
    };
    let bank = meta.bank.ok_or_else(|| refuse(&|| DocxError::NoBank))?;
    let difficulty = meta
        .difficulty
        .ok_or_else(|| refuse(&|| DocxError::NoDifficulty))?;
    let difficulty = article_number(&difficulty)
        .ok_or_else(|| refuse(&|| DocxError::BadNumber("难度", difficulty.clone())))?;
    let draft = QuestionDraft {
        bank,
        kind: kind.as_str().into(),
        stem,
        options: q.options,
        key,
        marking_points: q.points,
        explanation,
        difficulty,
        law,
        article,
        paragraph,
        tags: meta.tags.into_iter().collect(),
    };
    Question::parse(draft).map_err(|e| refusal(at, number, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_tables_read_in_the_usual_shapes() {
        assert_eq!(
            key_entries("1-5 ABCDA"),
            Some(vec![
                (1, "A".into()),
                (2, "B".into()),
                (3, "C".into()),
                (4, "D".into()),
                (5, "A".into())
            ])
        );
        assert_eq!(
            key_entries("16-18 AB ABC abd"),
            Some(vec![
                (16, "AB".into()),
                (17, "ABC".into()),
                (18, "ABD".into())
            ])
        );
        assert_eq!(
            key_entries("1.A 2、B 3．对"),
            Some(vec![(1, "A".into()), (2, "B".into()), (3, "√".into())])
        );
        assert_eq!(
            key_entries("6－7：√×"),
            Some(vec![(6, "√".into()), (7, "×".into())])
        );
        assert_eq!(key_entries("1-5 ABC"), None);
        assert_eq!(key_entries("说明"), None);
    }

    #[test]
    fn numbers_and_sources_read_as_typed() {
        assert_eq!(article_number("六十七"), Some(67));
        assert_eq!(article_number("一百零三"), Some(103));
        assert_eq!(article_number("十"), Some(10));
        assert_eq!(
            parse_source("《中华人民共和国宪法》第六十七条第二款"),
            Some(("constitution".into(), 67, Some(2)))
        );
        assert_eq!(
            law_id("中华人民共和国各级人民代表大会常务委员会监督法"),
            Some("supervision-by-standing-committees-law")
        );
        assert_eq!(
            law_id("中华人民共和国地方各级人民代表大会和地方各级人民政府组织法"),
            Some("local-organic-law")
        );
        assert_eq!(chinese_numeral(23), "二十三");
        assert_eq!(number_text(28, "upperLetter"), "BB");
    }

    #[test]
    fn options_split_on_the_next_letter_only() {
        assert_eq!(
            options_on_line("A.人民 B.国务院 C、法院 D．B超市", 'A'),
            Some(vec![
                "人民".into(),
                "国务院".into(),
                "法院".into(),
                "B超市".into()
            ])
        );
        assert_eq!(
            options_on_line("A 人民  B 国务院", 'A'),
            Some(vec!["人民".into(), "国务院".into()])
        );
        assert_eq!(options_on_line("A市人大常委会", 'A'), None);
        assert_eq!(
            key_in_stem("一切权力属于（ A ）。"),
            Some(("一切权力属于（ ）。".into(), "A".into()))
        );
        assert_eq!(
            key_in_stem("任期五年。（√）"),
            Some(("任期五年。".into(), "√".into()))
        );
    }
}
