//! Questions (试题): kinds, answers and the rules that make an invalid question unbuildable.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::bank::laws::{Citation, CitationError};
use crate::bank::Bank;
use crate::named::named_enum;
use crate::Bilingual;

named_enum! {
    /// The question types: three objective ones marked automatically, and short answers marked
    /// by hand.
    #[serde(rename_all = "snake_case")]
    pub enum QuestionKind {
        /// 单选题: exactly one key among 2-8 options.
        SingleChoice => ("single_choice", "单选题", "Single choice"),
        /// 多选题: at least two keys.
        MultipleChoice => ("multiple_choice", "多选题", "Multiple choice"),
        /// 判断题: a statement that is right or wrong; no options.
        TrueFalse => ("true_false", "判断题", "True or false"),
        /// 简答题: written in the candidate's own words and marked by hand against a reference
        /// answer and marking points; no options.
        ShortAnswer => ("short_answer", "简答题", "Short answer"),
    }
    /// Parses the stored identifier or the Chinese name (单选题 or 单选, as spreadsheets have it).
    fn parse(s) {
        let s = s.trim();
        Self::ALL.into_iter().find(|k| {
            k.as_str() == s || k.label_zh() == s || k.label_zh().trim_end_matches('题') == s
        })
    }
}

impl QuestionKind {
    /// Whether answers are marked automatically against the key (all but short answers).
    pub fn is_objective(self) -> bool {
        self != Self::ShortAnswer
    }

    /// Whether the type has options to choose from.
    pub fn has_options(self) -> bool {
        matches!(self, Self::SingleChoice | Self::MultipleChoice)
    }
}

named_enum! {
    /// Where a question stands. Only active questions go into papers; a draft is being written or
    /// checked; a retired question (or an old version) stays for the papers that drew it.
    #[serde(rename_all = "snake_case")]
    pub enum QuestionStatus {
        Active => ("active", "在用", "Active"),
        Draft => ("draft", "草稿", "Draft"),
        Retired => ("retired", "已停用", "Retired"),
    }
    /// Parses the stored identifier.
    fn parse(s) {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// A part of a question that staff can change without making it another question (the stem
/// and the options are what make it the same question).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionField {
    Bank,
    Kind,
    Key,
    MarkingPoints,
    Explanation,
    Difficulty,
    Citation,
    Tags,
}

impl QuestionField {
    /// The field's name on the form and in the template.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Bank => "题库",
            Self::Kind => "题型",
            Self::Key => "答案",
            Self::MarkingPoints => "评分要点",
            Self::Explanation => "解析",
            Self::Difficulty => "难度",
            Self::Citation => "出处",
            Self::Tags => "标签",
        }
    }

    /// The field's name in English.
    pub fn label_en(self) -> &'static str {
        match self {
            Self::Bank => "bank",
            Self::Kind => "type",
            Self::Key => "key",
            Self::MarkingPoints => "marking points",
            Self::Explanation => "explanation",
            Self::Difficulty => "difficulty",
            Self::Citation => "source",
            Self::Tags => "tags",
        }
    }
}

/// The most options a choice question may have (A-H).
pub const MAX_OPTIONS: usize = 8;

/// The longest text a short answer (or its reference answer) may be, in characters.
pub const MAX_TEXT_CHARS: usize = 5000;

/// An answer: the key of a question, or what a candidate chose or wrote.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    /// Chosen option indices (0 = A), sorted and without repeats.
    Choices(BTreeSet<u8>),
    /// 正确 (true) or 错误 (false).
    Judgement(bool),
    /// Written text: a short answer's reference answer as a key, the candidate's words as a
    /// response.
    Text(String),
}

impl Answer {
    /// Whether this answer has the shape a question of `kind` with `options` options takes.
    pub fn fits(&self, kind: QuestionKind, options: usize) -> bool {
        match (self, kind) {
            (Self::Judgement(_), QuestionKind::TrueFalse) => true,
            (Self::Choices(set), QuestionKind::SingleChoice) => {
                set.len() <= 1 && set.iter().all(|&i| usize::from(i) < options)
            }
            (Self::Choices(set), QuestionKind::MultipleChoice) => {
                set.iter().all(|&i| usize::from(i) < options)
            }
            (Self::Text(text), QuestionKind::ShortAnswer) => text.chars().count() <= MAX_TEXT_CHARS,
            _ => false,
        }
    }

    /// Whether a candidate actually chose something.
    pub fn is_blank(&self) -> bool {
        match self {
            Self::Choices(set) => set.is_empty(),
            Self::Judgement(_) => false,
            Self::Text(text) => text.trim().is_empty(),
        }
    }

    /// Reads a key as staff type it: letters ("A", "ac", "A,C"), 对/错/正确/错误/T/F, or a
    /// short answer's reference answer.
    pub fn parse_key(kind: QuestionKind, text: &str) -> Result<Self, QuestionError> {
        let text = text.trim();
        if kind == QuestionKind::ShortAnswer {
            return match text.chars().count() {
                0 => Err(QuestionError::NoReferenceAnswer),
                n if n > MAX_TEXT_CHARS => Err(QuestionError::ReferenceAnswerTooLong(n)),
                _ => Ok(Self::Text(text.to_owned())),
            };
        }
        if kind == QuestionKind::TrueFalse {
            return match text.to_lowercase().as_str() {
                "对" | "正确" | "√" | "t" | "true" | "y" | "是" => Ok(Self::Judgement(true)),
                "错" | "错误" | "×" | "f" | "false" | "n" | "否" => Ok(Self::Judgement(false)),
                _ => Err(QuestionError::UnreadableKey(text.to_owned())),
            };
        }
        let mut set = BTreeSet::new();
        for c in text
            .chars()
            .filter(|c| !matches!(c, ',' | '，' | ' ' | '、'))
        {
            let upper = c.to_ascii_uppercase();
            if !upper.is_ascii_uppercase() {
                return Err(QuestionError::UnreadableKey(text.to_owned()));
            }
            set.insert(upper as u8 - b'A');
        }
        Ok(Self::Choices(set))
    }

    /// The key as letters ("AC"), 正确/错误 or the text, the way staff and reports show it.
    pub fn display(&self) -> String {
        match self {
            Self::Choices(set) => set.iter().map(|&i| option_letter(i)).collect(),
            Self::Judgement(true) => "正确".to_owned(),
            Self::Judgement(false) => "错误".to_owned(),
            Self::Text(text) => text.clone(),
        }
    }
}

/// "A" for 0, "B" for 1, ...
pub fn option_letter(index: u8) -> char {
    char::from(b'A' + index)
}

/// Difficulty from 1 (easy) to 5 (hard).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Difficulty(u8);

impl Difficulty {
    /// Accepts 1 to 5.
    pub fn parse(n: i64) -> Result<Self, QuestionError> {
        match u8::try_from(n) {
            Ok(d @ 1..=5) => Ok(Self(d)),
            _ => Err(QuestionError::DifficultyOutOfRange(n)),
        }
    }

    /// The level, 1 to 5.
    pub fn get(self) -> u8 {
        self.0
    }
}

/// The most tags a question may carry, and the longest tag.
pub const MAX_TAGS: usize = 10;
const MAX_TAG_CHARS: usize = 20;
/// The most marking points a short answer may have, and the longest one.
pub const MAX_MARKING_POINTS: usize = 10;
const MAX_MARKING_POINT_CHARS: usize = 200;

/// What staff typed into the question form or an import row, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct QuestionDraft {
    /// The bank's id or Chinese name.
    pub bank: String,
    /// The stored kind identifier or its Chinese name.
    pub kind: String,
    /// The question text.
    pub stem: String,
    /// Option texts, A first; empty for true/false.
    pub options: Vec<String>,
    /// The key as typed ("A", "AC", "正确"), or a short answer's reference answer.
    pub key: String,
    /// 评分要点: what a marker looks for in a short answer, one point each; empty otherwise.
    pub marking_points: Vec<String>,
    /// 解析: why the key is right.
    pub explanation: String,
    /// 1-5.
    pub difficulty: i64,
    /// A law id from `shared/laws`.
    pub law: String,
    /// The article number.
    pub article: i64,
    /// The paragraph (款), if the decisive sentence is not in the first.
    pub paragraph: Option<i64>,
    /// Topic tags.
    pub tags: Vec<String>,
}

/// A question that satisfies every rule; only [`Question::parse`] builds one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    bank: Bank,
    kind: QuestionKind,
    stem: String,
    options: Vec<String>,
    key: Answer,
    marking_points: Vec<String>,
    explanation: String,
    difficulty: Difficulty,
    citation: Citation,
    tags: Vec<String>,
}

impl Question {
    /// Validates a draft. Trims text; refuses anything a candidate could not answer fairly.
    pub fn parse(draft: QuestionDraft) -> Result<Self, QuestionError> {
        let bank = Bank::parse(&draft.bank)
            .ok_or_else(|| QuestionError::UnknownBank(draft.bank.trim().to_owned()))?;
        let kind = QuestionKind::parse(draft.kind.trim())
            .ok_or_else(|| QuestionError::UnknownKind(draft.kind.clone()))?;
        let stem = draft.stem.trim().to_owned();
        if stem.is_empty() {
            return Err(QuestionError::EmptyStem);
        }
        let options: Vec<String> = draft.options.iter().map(|o| o.trim().to_owned()).collect();
        check_options(kind, &options)?;
        let key = Answer::parse_key(kind, &draft.key)?;
        check_key(kind, &key, options.len())?;
        let marking_points = check_marking_points(kind, &draft.marking_points)?;
        let difficulty = Difficulty::parse(draft.difficulty)?;
        let citation = Citation::parse(&draft.law, draft.article)
            .and_then(|c| c.with_paragraph(draft.paragraph))
            .map_err(QuestionError::Citation)?;
        let tags = check_tags(draft.tags)?;
        Ok(Self {
            bank,
            kind,
            stem,
            options,
            key,
            marking_points,
            explanation: draft.explanation.trim().to_owned(),
            difficulty,
            citation,
            tags,
        })
    }

    /// The draft this question came from, in canonical form (for export and editing).
    pub fn to_draft(&self) -> QuestionDraft {
        QuestionDraft {
            bank: self.bank.as_str().to_owned(),
            kind: self.kind.as_str().to_owned(),
            stem: self.stem.clone(),
            options: self.options.clone(),
            key: self.key.display(),
            marking_points: self.marking_points.clone(),
            explanation: self.explanation.clone(),
            difficulty: i64::from(self.difficulty.get()),
            law: self.citation.law().to_owned(),
            article: i64::from(self.citation.article()),
            paragraph: self.citation.paragraph().map(i64::from),
            tags: self.tags.clone(),
        }
    }

    /// The bank.
    pub fn bank(&self) -> Bank {
        self.bank
    }
    /// Topic tags, trimmed and without repeats.
    pub fn tags(&self) -> &[String] {
        &self.tags
    }
    /// The question type.
    pub fn kind(&self) -> QuestionKind {
        self.kind
    }
    /// The question text.
    pub fn stem(&self) -> &str {
        &self.stem
    }
    /// Option texts, A first (none for true/false).
    pub fn options(&self) -> &[String] {
        &self.options
    }
    /// The correct answer.
    pub fn key(&self) -> &Answer {
        &self.key
    }
    /// 评分要点 of a short answer (empty for the other types).
    pub fn marking_points(&self) -> &[String] {
        &self.marking_points
    }
    /// 解析.
    pub fn explanation(&self) -> &str {
        &self.explanation
    }
    /// 1-5.
    pub fn difficulty(&self) -> Difficulty {
        self.difficulty
    }
    /// The source article.
    pub fn citation(&self) -> &Citation {
        &self.citation
    }

    /// Whether `other` is the same question: the same stem and options.
    pub fn same_question_as(&self, other: &Question) -> bool {
        self.stem == other.stem && self.options == other.options
    }

    /// The fields in which `other` differs from this question, in form order.
    pub fn differences(&self, other: &Question) -> Vec<QuestionField> {
        [
            (QuestionField::Bank, self.bank != other.bank),
            (QuestionField::Kind, self.kind != other.kind),
            (QuestionField::Key, self.key != other.key),
            (
                QuestionField::MarkingPoints,
                self.marking_points != other.marking_points,
            ),
            (
                QuestionField::Explanation,
                self.explanation != other.explanation,
            ),
            (
                QuestionField::Difficulty,
                self.difficulty != other.difficulty,
            ),
            (QuestionField::Citation, self.citation != other.citation),
            (QuestionField::Tags, self.tags != other.tags),
        ]
        .into_iter()
        .filter_map(|(field, differs)| differs.then_some(field))
        .collect()
    }
}

fn check_options(kind: QuestionKind, options: &[String]) -> Result<(), QuestionError> {
    if !kind.has_options() {
        return if options.iter().all(String::is_empty) {
            Ok(())
        } else {
            Err(QuestionError::OptionsNotAllowed(kind))
        };
    }
    let min = if kind == QuestionKind::SingleChoice {
        2
    } else {
        3
    };
    if options.len() < min {
        return Err(QuestionError::TooFewOptions {
            min,
            got: options.len(),
        });
    }
    if options.len() > MAX_OPTIONS {
        return Err(QuestionError::TooManyOptions { got: options.len() });
    }
    for (i, option) in options.iter().enumerate() {
        let letter = option_letter(i as u8);
        if option.is_empty() {
            return Err(QuestionError::EmptyOption(letter));
        }
        if options[..i].contains(option) {
            return Err(QuestionError::DuplicateOption(letter));
        }
    }
    Ok(())
}

fn check_tags(tags: Vec<String>) -> Result<Vec<String>, QuestionError> {
    let mut kept: Vec<String> = Vec::new();
    for tag in tags
        .iter()
        .flat_map(|t| t.split([',', '，', '、', ';', '；']))
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        if tag.chars().count() > MAX_TAG_CHARS {
            return Err(QuestionError::TagTooLong(tag.to_owned()));
        }
        if !kept.iter().any(|k| k == tag) {
            kept.push(tag.to_owned());
        }
    }
    if kept.len() > MAX_TAGS {
        return Err(QuestionError::TooManyTags(kept.len()));
    }
    Ok(kept)
}

/// A short answer needs at least one marking point; the other types take none.
fn check_marking_points(
    kind: QuestionKind,
    points: &[String],
) -> Result<Vec<String>, QuestionError> {
    let points: Vec<String> = points
        .iter()
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    if kind != QuestionKind::ShortAnswer {
        return if points.is_empty() {
            Ok(points)
        } else {
            Err(QuestionError::MarkingPointsNotAllowed(kind))
        };
    }
    if points.is_empty() {
        return Err(QuestionError::NoMarkingPoints);
    }
    if points.len() > MAX_MARKING_POINTS {
        return Err(QuestionError::TooManyMarkingPoints(points.len()));
    }
    if let Some(i) = points
        .iter()
        .position(|p| p.chars().count() > MAX_MARKING_POINT_CHARS || p.contains('\n'))
    {
        return Err(QuestionError::MarkingPointTooLong(i + 1));
    }
    Ok(points)
}

fn check_key(kind: QuestionKind, key: &Answer, options: usize) -> Result<(), QuestionError> {
    if let Answer::Choices(set) = key {
        if let Some(&bad) = set.iter().find(|&&i| usize::from(i) >= options) {
            return Err(QuestionError::KeyNotAnOption(option_letter(bad)));
        }
        match kind {
            QuestionKind::SingleChoice if set.len() != 1 => {
                return Err(QuestionError::SingleChoiceNeedsOneKey(set.len()))
            }
            QuestionKind::MultipleChoice if set.len() < 2 => {
                return Err(QuestionError::MultipleChoiceNeedsTwoKeys(set.len()))
            }
            _ => {}
        }
    }
    Ok(())
}

/// Why a question was refused. Messages say what is wrong in the words staff use.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    /// The bank is not known.
    #[error("未知题库“{0}”：应为通用、人大、政府、监委、法院或检察院")]
    UnknownBank(String),
    /// The kind identifier is not known.
    #[error("未知题型“{0}”")]
    UnknownKind(String),
    /// No stem.
    #[error("题干不能为空")]
    EmptyStem,
    /// Too few options for the kind.
    #[error("选项至少需要{min}个，当前为{got}个")]
    TooFewOptions { min: usize, got: usize },
    /// More than A-H.
    #[error("选项最多8个，当前为{got}个")]
    TooManyOptions { got: usize },
    /// An option is blank.
    #[error("选项{0}不能为空")]
    EmptyOption(char),
    /// Two options say the same.
    #[error("选项{0}与前面的选项重复")]
    DuplicateOption(char),
    /// A true/false or short-answer question was given options.
    #[error("{}不设选项", .0.label_zh())]
    OptionsNotAllowed(QuestionKind),
    /// The key could not be read.
    #[error(
        "无法识别正确答案“{0}”：选择题请填写选项字母（如 A 或 AC），判断题请填写“正确”或“错误”"
    )]
    UnreadableKey(String),
    /// The key names an option that does not exist.
    #[error("正确答案{0}不是已有的选项")]
    KeyNotAnOption(char),
    /// Single choice needs exactly one key.
    #[error("单选题必须恰好有一个正确答案，当前为{0}个")]
    SingleChoiceNeedsOneKey(usize),
    /// Multiple choice needs at least two keys.
    #[error("多选题至少需要两个正确答案，当前为{0}个")]
    MultipleChoiceNeedsTwoKeys(usize),
    /// A short answer without its reference answer.
    #[error("简答题必须填写参考答案（填在“答案”处）")]
    NoReferenceAnswer,
    /// A reference answer over [`MAX_TEXT_CHARS`].
    #[error("参考答案最多5000字，当前为{0}字")]
    ReferenceAnswerTooLong(usize),
    /// A short answer without marking points.
    #[error("简答题至少需要一条评分要点")]
    NoMarkingPoints,
    /// More than [`MAX_MARKING_POINTS`].
    #[error("评分要点最多10条，当前为{0}条")]
    TooManyMarkingPoints(usize),
    /// A marking point over 200 characters (or spanning lines).
    #[error("第{0}条评分要点过长，每条最多200字且不换行")]
    MarkingPointTooLong(usize),
    /// Marking points on a question marked automatically.
    #[error("{}不设评分要点，评分要点只用于简答题", .0.label_zh())]
    MarkingPointsNotAllowed(QuestionKind),
    /// Difficulty not in 1-5.
    #[error("难度应为1至5，当前为{0}")]
    DifficultyOutOfRange(i64),
    /// The citation is wrong.
    #[error("法条出处有误：{0}")]
    Citation(CitationError),
    /// A tag is longer than 20 characters.
    #[error("标签“{0}”过长，最多20个字")]
    TagTooLong(String),
    /// More than ten tags.
    #[error("标签最多10个，当前为{0}个")]
    TooManyTags(usize),
}

impl QuestionError {
    /// The form field or import column the error is about.
    pub fn field(&self) -> &'static str {
        match self {
            Self::UnknownBank(_) => "bank",
            Self::UnknownKind(_) => "kind",
            Self::EmptyStem => "stem",
            Self::TooFewOptions { .. }
            | Self::TooManyOptions { .. }
            | Self::EmptyOption(_)
            | Self::DuplicateOption(_)
            | Self::OptionsNotAllowed(_) => "options",
            Self::UnreadableKey(_)
            | Self::KeyNotAnOption(_)
            | Self::SingleChoiceNeedsOneKey(_)
            | Self::MultipleChoiceNeedsTwoKeys(_)
            | Self::NoReferenceAnswer
            | Self::ReferenceAnswerTooLong(_) => "key",
            Self::NoMarkingPoints
            | Self::TooManyMarkingPoints(_)
            | Self::MarkingPointTooLong(_)
            | Self::MarkingPointsNotAllowed(_) => "marking_points",
            Self::DifficultyOutOfRange(_) => "difficulty",
            Self::Citation(CitationError::UnknownLaw(_)) => "law",
            Self::Citation(CitationError::NoSuchArticle { .. }) => "article",
            Self::Citation(CitationError::BadParagraph(_)) => "paragraph",
            Self::TagTooLong(_) | Self::TooManyTags(_) => "tags",
        }
    }
}

impl Bilingual for QuestionError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::UnknownBank(b) => format!("unknown bank \"{b}\": use common, npc, government, supervision, court or procuratorate"),
            Self::UnknownKind(k) => format!("unknown question type \"{k}\""),
            Self::EmptyStem => "the question text is empty".into(),
            Self::TooFewOptions { min, got } => {
                format!("at least {min} options are needed; there are {got}")
            }
            Self::TooManyOptions { got } => {
                format!("at most 8 options are allowed; there are {got}")
            }
            Self::EmptyOption(l) => format!("option {l} is empty"),
            Self::DuplicateOption(l) => format!("option {l} repeats an earlier option"),
            Self::OptionsNotAllowed(k) => {
                format!("a {} question has no options", k.label_en().to_lowercase())
            }
            Self::UnreadableKey(k) => {
                format!("cannot read the key \"{k}\": use option letters (A or AC) or 正确/错误")
            }
            Self::KeyNotAnOption(l) => format!("the key {l} is not one of the options"),
            Self::SingleChoiceNeedsOneKey(n) => {
                format!("a single-choice question needs exactly one key; it has {n}")
            }
            Self::MultipleChoiceNeedsTwoKeys(n) => {
                format!("a multiple-choice question needs at least two keys; it has {n}")
            }
            Self::NoReferenceAnswer => {
                "a short-answer question needs its reference answer (in the key)".into()
            }
            Self::ReferenceAnswerTooLong(n) => {
                format!("the reference answer may have at most 5000 characters; it has {n}")
            }
            Self::NoMarkingPoints => "a short-answer question needs at least one marking point".into(),
            Self::TooManyMarkingPoints(n) => {
                format!("at most 10 marking points are allowed; there are {n}")
            }
            Self::MarkingPointTooLong(n) => {
                format!("marking point {n} is too long: at most 200 characters on one line")
            }
            Self::MarkingPointsNotAllowed(k) => format!(
                "a {} question has no marking points; they are for short answers",
                k.label_en().to_lowercase()
            ),
            Self::DifficultyOutOfRange(n) => format!("difficulty must be 1 to 5; it is {n}"),
            Self::Citation(e) => format!("source article: {}", e.en()),
            Self::TagTooLong(t) => format!("the tag \"{t}\" is longer than 20 characters"),
            Self::TooManyTags(n) => format!("at most 10 tags are allowed; there are {n}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(kind: &str, options: &[&str], key: &str) -> QuestionDraft {
        QuestionDraft {
            bank: "通用".into(),
            kind: kind.into(),
            stem: "  中华人民共和国的一切权力属于谁？ ".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            key: key.into(),
            marking_points: Vec::new(),
            explanation: "宪法第二条".into(),
            difficulty: 2,
            law: "constitution".into(),
            article: 2,
            paragraph: None,
            tags: vec!["总纲，人民主权".into(), "总纲".into()],
        }
    }

    #[test]
    fn a_question_round_trips_through_its_canonical_draft() {
        let q = Question::parse(draft("单选", &["人民", "政府"], "a")).expect("valid");
        assert_eq!(q.bank(), Bank::Common);
        assert_eq!(q.kind(), QuestionKind::SingleChoice);
        assert_eq!(q.tags(), ["总纲", "人民主权"]);
        assert_eq!(Question::parse(q.to_draft()), Ok(q));
    }

    #[test]
    fn an_unknown_bank_or_an_overlong_tag_is_refused() {
        let mut d = draft("true_false", &[], "对");
        d.bank = "税务".into();
        assert_eq!(Question::parse(d.clone()).unwrap_err().field(), "bank");
        d.bank = "court".into();
        d.tags = vec!["这是一个超过二十个字的非常非常非常非常长的标签".into()];
        assert_eq!(Question::parse(d).unwrap_err().field(), "tags");
    }

    #[test]
    fn a_valid_single_choice_question_is_trimmed_and_keeps_its_key() {
        let q = Question::parse(draft("single_choice", &["人民", "政府"], "a")).expect("valid");
        assert_eq!(q.stem(), "中华人民共和国的一切权力属于谁？");
        assert_eq!(q.key(), &Answer::Choices([0].into()));
        assert_eq!(q.key().display(), "A");
    }

    #[test]
    fn a_single_choice_question_needs_exactly_one_key() {
        let err =
            Question::parse(draft("single_choice", &["人民", "政府", "法院"], "AB")).unwrap_err();
        assert_eq!(err, QuestionError::SingleChoiceNeedsOneKey(2));
        assert_eq!(err.to_string(), "单选题必须恰好有一个正确答案，当前为2个");
        assert_eq!(err.field(), "key");
    }

    #[test]
    fn a_multiple_choice_question_needs_two_keys_among_its_options() {
        assert_eq!(
            Question::parse(draft("multiple_choice", &["甲", "乙", "丙"], "A")).unwrap_err(),
            QuestionError::MultipleChoiceNeedsTwoKeys(1)
        );
        assert_eq!(
            Question::parse(draft("multiple_choice", &["甲", "乙", "丙"], "AD")).unwrap_err(),
            QuestionError::KeyNotAnOption('D')
        );
        assert!(Question::parse(draft("multiple_choice", &["甲", "乙", "丙"], "A、C")).is_ok());
    }

    #[test]
    fn options_must_be_distinct_non_empty_and_at_most_eight() {
        assert_eq!(
            Question::parse(draft("single_choice", &["甲", "甲"], "A")).unwrap_err(),
            QuestionError::DuplicateOption('B')
        );
        assert_eq!(
            Question::parse(draft("single_choice", &["甲", " "], "A")).unwrap_err(),
            QuestionError::EmptyOption('B')
        );
        let nine = ["1", "2", "3", "4", "5", "6", "7", "8", "9"];
        assert_eq!(
            Question::parse(draft("single_choice", &nine, "A")).unwrap_err(),
            QuestionError::TooManyOptions { got: 9 }
        );
    }

    #[test]
    fn a_true_false_question_has_no_options_and_a_judgement_key() {
        let q = Question::parse(draft("true_false", &[], "错误")).expect("valid");
        assert_eq!(q.key(), &Answer::Judgement(false));
        assert_eq!(
            Question::parse(draft("true_false", &["对", "错"], "对")).unwrap_err(),
            QuestionError::OptionsNotAllowed(QuestionKind::TrueFalse)
        );
        assert!(matches!(
            Question::parse(draft("true_false", &[], "A")),
            Err(QuestionError::UnreadableKey(_))
        ));
    }

    #[test]
    fn a_short_answer_needs_a_reference_answer_and_marking_points_and_no_options() {
        let mut d = draft("简答", &[], "一切权力属于人民。");
        assert_eq!(
            Question::parse(d.clone()).unwrap_err(),
            QuestionError::NoMarkingPoints
        );
        d.marking_points = vec![" 权力属于人民 ".into(), "".into(), "人民代表大会".into()];
        let q = Question::parse(d.clone()).expect("valid");
        assert_eq!(q.kind(), QuestionKind::ShortAnswer);
        assert_eq!(q.key(), &Answer::Text("一切权力属于人民。".into()));
        assert_eq!(q.marking_points(), ["权力属于人民", "人民代表大会"]);
        assert_eq!(Question::parse(q.to_draft()), Ok(q));

        let mut blank = d.clone();
        blank.key = "  ".into();
        assert_eq!(
            Question::parse(blank).unwrap_err(),
            QuestionError::NoReferenceAnswer
        );
        let mut with_options = d.clone();
        with_options.options = vec!["甲".into(), "乙".into()];
        let err = Question::parse(with_options).unwrap_err();
        assert_eq!(err.to_string(), "简答题不设选项");
        assert_eq!(err.field(), "options");
        d.marking_points = (0..11).map(|i| format!("要点{i}")).collect();
        assert_eq!(
            Question::parse(d).unwrap_err(),
            QuestionError::TooManyMarkingPoints(11)
        );
    }

    #[test]
    fn differences_name_each_changed_field_and_ignore_identical_ones() {
        let q = Question::parse(draft("single_choice", &["人民", "政府"], "A")).expect("valid");
        assert!(q.differences(&q).is_empty());
        let mut d = q.to_draft();
        d.key = "B".into();
        d.difficulty = 4;
        d.tags = vec!["新标签".into()];
        let changed = Question::parse(d).expect("valid");
        assert!(q.same_question_as(&changed));
        assert_eq!(
            q.differences(&changed),
            [
                QuestionField::Key,
                QuestionField::Difficulty,
                QuestionField::Tags
            ]
        );
    }

    #[test]
    fn a_status_reads_back_from_its_stored_name() {
        for status in QuestionStatus::ALL {
            assert_eq!(QuestionStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(QuestionStatus::parse("deleted"), None);
    }

    #[test]
    fn marking_points_belong_to_short_answers_only() {
        let mut d = draft("single_choice", &["人民", "政府"], "A");
        d.marking_points = vec!["要点".into()];
        let err = Question::parse(d).unwrap_err();
        assert_eq!(err.field(), "marking_points");
        assert_eq!(err.to_string(), "单选题不设评分要点，评分要点只用于简答题");
    }

    #[test]
    fn a_citation_outside_the_law_is_refused() {
        let mut d = draft("true_false", &[], "对");
        d.article = 200;
        assert_eq!(Question::parse(d).unwrap_err().field(), "article");
    }

    #[test]
    fn answers_fit_only_their_question_shape() {
        assert!(Answer::Choices([1].into()).fits(QuestionKind::SingleChoice, 4));
        assert!(!Answer::Choices([1, 2].into()).fits(QuestionKind::SingleChoice, 4));
        assert!(!Answer::Choices([4].into()).fits(QuestionKind::MultipleChoice, 4));
        assert!(!Answer::Judgement(true).fits(QuestionKind::SingleChoice, 4));
        assert!(Answer::Choices([].into()).fits(QuestionKind::MultipleChoice, 4));
        assert!(Answer::Text("我的回答".into()).fits(QuestionKind::ShortAnswer, 0));
        assert!(!Answer::Text("x".repeat(MAX_TEXT_CHARS + 1)).fits(QuestionKind::ShortAnswer, 0));
        assert!(!Answer::Text("对".into()).fits(QuestionKind::TrueFalse, 0));
        assert!(Answer::Text(" ".into()).is_blank());
    }
}
