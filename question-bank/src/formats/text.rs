//! Moodle's text formats: GIFT and Aiken (import and export).
//!
//! Neither format has fields for a citation or a bank, which every Renqian question needs.
//! They travel in a comment line before the question, which Moodle ignores:
//! `// renqian: bank=common; law=constitution; article=2; paragraph=1; difficulty=1; tags=总纲`.
//! GIFT export writes that line; an imported question without it is rejected with the reason.
//! A short answer is GIFT's essay (`{}`); its reference answer and marking points, which GIFT
//! has no place for either, travel the same way: `// renqian-reference: …` and one
//! `// renqian-point: …` line per point. Aiken has no place for an explanation:
//! `// renqian-explanation: …`.

use super::{question_error, FileError, ImportRow, RowError};
use crate::bank::question::{Question, QuestionDraft, QuestionKind};
use crate::Bilingual;

const META: &str = "renqian:";
const REFERENCE: &str = "renqian-reference:";
const POINT: &str = "renqian-point:";
const EXPLANATION: &str = "renqian-explanation:";

/// A question block: its first line number, metadata comments and body lines.
struct Block {
    line: usize,
    meta: Option<String>,
    /// A short answer's reference answer (escaped as GIFT text).
    reference: Option<String>,
    /// A short answer's marking points (escaped as GIFT text).
    points: Vec<String>,
    /// An Aiken question's explanation (escaped as GIFT text).
    explanation: Option<String>,
    body: Vec<String>,
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() {
            if let Some(b) = current.take().filter(|b| !b.body.is_empty()) {
                out.push(b);
            }
            continue;
        }
        let block = current.get_or_insert_with(|| Block {
            line: i + 1,
            meta: None,
            reference: None,
            points: Vec::new(),
            explanation: None,
            body: Vec::new(),
        });
        if let Some(comment) = line.strip_prefix("//") {
            let comment = comment.trim();
            if let Some(meta) = comment.strip_prefix(META) {
                block.meta = Some(meta.trim().to_owned());
            } else if let Some(reference) = comment.strip_prefix(REFERENCE) {
                block.reference = Some(reference.trim().to_owned());
            } else if let Some(point) = comment.strip_prefix(POINT) {
                block.points.push(point.trim().to_owned());
            } else if let Some(explanation) = comment.strip_prefix(EXPLANATION) {
                block.explanation = Some(explanation.trim().to_owned());
            }
        } else if !line.starts_with("$CATEGORY:") {
            block.body.push(line.to_owned());
        }
    }
    out.extend(current.filter(|b| !b.body.is_empty()));
    out
}

/// What a text-format question lacked or got wrong.
enum TextError {
    NoMetadata,
    BadMetadata(String),
    NoAnswers,
    NoKey,
}

impl Bilingual for TextError {
    fn zh(&self) -> String {
        match self {
            Self::NoMetadata => "缺少出处注释：请在题目前加一行 // renqian: bank=题库; law=法律代码; article=条; difficulty=难度".into(),
            Self::BadMetadata(part) => format!("出处注释中“{part}”无法识别"),
            Self::NoAnswers => "找不到用 { } 括起的答案".into(),
            Self::NoKey => "没有标出正确答案".into(),
        }
    }
    fn en(&self) -> String {
        match self {
            Self::NoMetadata => "no source comment: put // renqian: bank=…; law=…; article=…; difficulty=… above the question".into(),
            Self::BadMetadata(part) => format!("cannot read \"{part}\" in the source comment"),
            Self::NoAnswers => "no answers in { }".into(),
            Self::NoKey => "no answer is marked correct".into(),
        }
    }
}

/// Fills the draft's bank, citation, difficulty and tags from the metadata comment.
fn apply_meta(meta: Option<&str>, draft: &mut QuestionDraft) -> Result<(), TextError> {
    let meta = meta.ok_or(TextError::NoMetadata)?;
    for part in meta
        .split([';', '；'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let (key, value) = part
            .split_once('=')
            .ok_or_else(|| TextError::BadMetadata(part.to_owned()))?;
        let (key, value) = (key.trim(), value.trim());
        let number = || {
            value
                .parse::<i64>()
                .map_err(|_| TextError::BadMetadata(part.to_owned()))
        };
        match key {
            "bank" => draft.bank = value.to_owned(),
            "law" => draft.law = value.to_owned(),
            "article" => draft.article = number()?,
            "paragraph" => draft.paragraph = Some(number()?),
            "difficulty" => draft.difficulty = number()?,
            "tags" => draft.tags = vec![value.to_owned()],
            _ => return Err(TextError::BadMetadata(part.to_owned())),
        }
    }
    Ok(())
}

fn row(line: usize, draft: Result<QuestionDraft, TextError>) -> ImportRow {
    let result = draft
        .map_err(|e| RowError::new(line, "", &e))
        .and_then(|d| Question::parse(d).map_err(|e| question_error(line, String::new(), &e)));
    ImportRow { row: line, result }
}

/// Splits at the first unescaped occurrence of `c`.
fn split_unescaped(s: &str, c: char) -> Option<(&str, &str)> {
    let mut escaped = false;
    for (i, ch) in s.char_indices() {
        match ch {
            '\\' if !escaped => escaped = true,
            _ if ch == c && !escaped => return Some((&s[..i], &s[i + ch.len_utf8()..])),
            _ => escaped = false,
        }
    }
    None
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(if next == 'n' { '\n' } else { next });
            }
        } else {
            out.push(c);
        }
    }
    out.trim().to_owned()
}

fn escape(s: &str) -> String {
    s.chars().fold(String::new(), |mut out, c| {
        if "~=#{}:\\".contains(c) {
            out.push('\\');
        }
        if c == '\n' {
            out.push_str("\\n");
        } else {
            out.push(c);
        }
        out
    })
}

/// Reads GIFT: `::title:: stem {=right ~wrong ####explanation}`, multiple answers with
/// positive weights (`~%50%a ~%50%b ~%-100%c`), true/false as `{T}` or `{FALSE}`.
pub(super) fn read_gift(text: &str) -> Result<Vec<ImportRow>, FileError> {
    Ok(blocks(text)
        .into_iter()
        .map(|b| row(b.line, parse_gift(&b)))
        .collect())
}

fn parse_gift(block: &Block) -> Result<QuestionDraft, TextError> {
    let text = block.body.join("\n");
    let text = match text
        .strip_prefix("::")
        .and_then(|rest| split_unescaped(rest, ':').map(|(_, after)| after))
    {
        Some(after) => after.strip_prefix(':').unwrap_or(after),
        None => &text,
    };
    let (stem, rest) = split_unescaped(text, '{').ok_or(TextError::NoAnswers)?;
    let (answers, _) = split_unescaped(rest, '}').ok_or(TextError::NoAnswers)?;
    let (answers, explanation) = match answers.find("####") {
        Some(i) => (&answers[..i], unescape(&answers[i + 4..])),
        None => (answers, String::new()),
    };
    let mut draft = QuestionDraft {
        stem: unescape(stem),
        explanation,
        ..QuestionDraft::default()
    };
    apply_meta(block.meta.as_deref(), &mut draft)?;
    let plain = answers.trim().to_uppercase();
    if plain.is_empty() {
        // GIFT's essay: a short answer, marked by hand.
        draft.kind = QuestionKind::ShortAnswer.as_str().into();
        draft.key = block.reference.as_deref().map(unescape).unwrap_or_default();
        draft.marking_points = block.points.iter().map(|p| unescape(p)).collect();
        return Ok(draft);
    }
    if ["T", "TRUE", "F", "FALSE"].contains(&plain.as_str()) {
        draft.kind = QuestionKind::TrueFalse.as_str().into();
        draft.key = if plain.starts_with('T') {
            "正确"
        } else {
            "错误"
        }
        .into();
        return Ok(draft);
    }
    // Each answer starts at an unescaped '=' or '~'.
    let mut items: Vec<(char, String)> = Vec::new();
    let mut escaped = false;
    for ch in answers.chars() {
        match ch {
            '\\' if !escaped => {
                escaped = true;
                if let Some(last) = items.last_mut() {
                    last.1.push(ch);
                }
                continue;
            }
            '=' | '~' if !escaped => items.push((ch, String::new())),
            _ => {
                if let Some(last) = items.last_mut() {
                    last.1.push(ch);
                }
            }
        }
        escaped = false;
    }
    let mut keys = String::new();
    let mut weighted = false;
    for (i, (mark, body)) in items.iter().enumerate() {
        let body = split_unescaped(body, '#').map_or(body.as_str(), |(answer, _)| answer);
        let (right, text) = match (mark, body.trim_start().strip_prefix('%')) {
            ('~', Some(rest)) => {
                weighted = true;
                let (weight, text) = rest.split_once('%').unwrap_or(("0", rest));
                (weight.trim().parse::<f64>().is_ok_and(|w| w > 0.0), text)
            }
            ('=', _) => (true, body),
            _ => (false, body),
        };
        if right {
            keys.push(char::from(b'A' + (i % 26) as u8));
        }
        draft.options.push(unescape(text));
    }
    if keys.is_empty() {
        return Err(TextError::NoKey);
    }
    draft.kind = if weighted || keys.len() > 1 {
        QuestionKind::MultipleChoice
    } else {
        QuestionKind::SingleChoice
    }
    .as_str()
    .into();
    draft.key = keys;
    Ok(draft)
}

/// The source comment: `// renqian: bank=…; law=…; article=…; difficulty=…`.
fn meta_comment(d: &QuestionDraft) -> String {
    let mut meta = format!(
        "// {META} bank={}; law={}; article={}",
        d.bank, d.law, d.article
    );
    if let Some(p) = d.paragraph {
        meta.push_str(&format!("; paragraph={p}"));
    }
    meta.push_str(&format!("; difficulty={}", d.difficulty));
    if !d.tags.is_empty() {
        meta.push_str(&format!("; tags={}", d.tags.join("、")));
    }
    meta
}

/// Writes questions as GIFT, each with its source comment, so they import back unchanged.
pub fn write_gift(questions: &[Question]) -> String {
    let mut out = String::from("// Renqian 题库导出 (GIFT)\n\n");
    for (n, q) in questions.iter().enumerate() {
        let d = q.to_draft();
        let mut meta = meta_comment(&d);
        if q.kind() == QuestionKind::ShortAnswer {
            meta.push_str(&format!("\n// {REFERENCE} {}", escape(&d.key)));
            for point in &d.marking_points {
                meta.push_str(&format!("\n// {POINT} {}", escape(point)));
            }
        }
        let answers = match q.kind() {
            QuestionKind::ShortAnswer => String::new(),
            QuestionKind::TrueFalse => if d.key == "正确" { "TRUE" } else { "FALSE" }.to_owned(),
            kind => {
                let keys: Vec<usize> = d.key.bytes().map(|b| usize::from(b - b'A')).collect();
                let share = format!("{:.5}", 100.0 / keys.len() as f64);
                let share = share.trim_end_matches('0').trim_end_matches('.');
                d.options
                    .iter()
                    .enumerate()
                    .map(|(i, o)| match (kind, keys.contains(&i)) {
                        (QuestionKind::SingleChoice, true) => format!("\n={}", escape(o)),
                        (QuestionKind::SingleChoice, false) => format!("\n~{}", escape(o)),
                        (_, true) => format!("\n~%{share}%{}", escape(o)),
                        (_, false) => format!("\n~%-100%{}", escape(o)),
                    })
                    .collect::<String>()
                    + "\n"
            }
        };
        let explanation = if d.explanation.is_empty() {
            String::new()
        } else {
            format!("####{}", escape(&d.explanation))
        };
        out.push_str(&format!(
            "{meta}\n::Q{}:: {} {{{answers}{explanation}}}\n\n",
            n + 1,
            escape(&d.stem)
        ));
    }
    out
}

/// Reads Aiken: the stem, options `A. …` or `A) …`, then `ANSWER: B`. Single choice only.
pub(super) fn read_aiken(text: &str) -> Result<Vec<ImportRow>, FileError> {
    Ok(blocks(text)
        .into_iter()
        .map(|b| row(b.line, parse_aiken(&b)))
        .collect())
}

fn parse_aiken(block: &Block) -> Result<QuestionDraft, TextError> {
    let mut draft = QuestionDraft {
        kind: QuestionKind::SingleChoice.as_str().into(),
        ..QuestionDraft::default()
    };
    apply_meta(block.meta.as_deref(), &mut draft)?;
    let mut stem = Vec::new();
    for line in &block.body {
        let mut chars = line.chars();
        let (letter, mark) = (chars.next(), chars.next());
        if let Some(answer) = line.strip_prefix("ANSWER:") {
            draft.key = answer.trim().to_owned();
        } else if letter.is_some_and(|c| c.is_ascii_uppercase())
            && matches!(mark, Some('.') | Some(')'))
            && draft.key.is_empty()
        {
            draft.options.push(chars.as_str().trim().to_owned());
        } else if draft.options.is_empty() {
            stem.push(line.as_str());
        }
    }
    if draft.key.is_empty() {
        return Err(TextError::NoKey);
    }
    draft.stem = stem.join("\n");
    draft.explanation = block
        .explanation
        .as_deref()
        .map(unescape)
        .unwrap_or_default();
    Ok(draft)
}

/// Whether Aiken can carry a question whole: a single choice whose stem has no line Aiken
/// would read as something else (blank, a comment, an option, the answer) and whose options
/// fit on one line each.
fn fits_aiken(q: &Question) -> bool {
    let looks_like_an_option = |line: &str| {
        let mut chars = line.trim().chars();
        let (letter, mark) = (chars.next(), chars.next());
        letter.is_some_and(|c| c.is_ascii_uppercase()) && matches!(mark, Some('.') | Some(')'))
    };
    q.kind() == QuestionKind::SingleChoice
        && q.stem().lines().all(|l| {
            let l = l.trim();
            !l.is_empty()
                && !l.starts_with("//")
                && !l.starts_with("ANSWER:")
                && !looks_like_an_option(l)
        })
        && q.options().iter().all(|o| !o.contains('\n'))
}

/// Writes the single-choice questions as Aiken (its only type), each with its source comment
/// and explanation so they import back unchanged; the header says how many were left out.
pub fn write_aiken(questions: &[Question]) -> String {
    let (kept, left_out): (Vec<&Question>, Vec<&Question>) =
        questions.iter().partition(|q| fits_aiken(q));
    let mut out = format!(
        "// Renqian 题库导出 (Aiken)：导出单选题{}道；Aiken 只能表示单选题，未导出其他题型（多选、判断、简答）{}道，请用 GIFT、Excel 或 QTI 导出它们\n\
         // Renqian bank export (Aiken): {} single-choice questions; Aiken holds single choice only, so {} questions of other types were left out: export them as GIFT, Excel or QTI\n\n",
        kept.len(),
        left_out.len(),
        kept.len(),
        left_out.len()
    );
    for q in kept {
        let d = q.to_draft();
        out.push_str(&meta_comment(&d));
        out.push('\n');
        if !d.explanation.is_empty() {
            out.push_str(&format!("// {EXPLANATION} {}\n", escape(&d.explanation)));
        }
        out.push_str(&d.stem);
        out.push('\n');
        for (i, option) in d.options.iter().enumerate() {
            out.push_str(&format!("{}. {option}\n", char::from(b'A' + i as u8)));
        }
        out.push_str(&format!("ANSWER: {}\n\n", d.key));
    }
    out
}

/// Aiken files have `ANSWER:` lines; GIFT files do not.
pub(super) fn looks_like_aiken(text: &str) -> bool {
    text.lines().any(|l| l.trim_start().starts_with("ANSWER:"))
}
