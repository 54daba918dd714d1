//! Blueprints (组卷规则): how a paper is made. Sections by question type, each drawing a
//! number of questions from chosen banks and laws, split into difficulty strata so every
//! candidate's paper has the same difficulty make-up, at so many points a question.

use serde::{Deserialize, Serialize};

use crate::bank::laws;
use crate::bank::question::QuestionKind;
use crate::bank::Bank;
use crate::Bilingual;

/// The most questions one paper may hold.
pub const MAX_QUESTIONS: u32 = 200;
/// The most points one question may carry.
pub const MAX_POINTS_EACH: u32 = 100;

/// Difficulties from `min` to `max`, both included (1 to 5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DifficultyRange {
    min: u8,
    max: u8,
}

impl DifficultyRange {
    /// Every difficulty.
    pub const ANY: DifficultyRange = DifficultyRange { min: 1, max: 5 };

    /// A range within 1-5, `min` not above `max`.
    pub fn new(min: u8, max: u8) -> Result<Self, BlueprintError> {
        if (1..=max).contains(&min) && max <= 5 {
            Ok(Self { min, max })
        } else {
            Err(BlueprintError::BadDifficulty { min, max })
        }
    }

    /// The lowest difficulty.
    pub fn min(self) -> u8 {
        self.min
    }
    /// The highest difficulty.
    pub fn max(self) -> u8 {
        self.max
    }
    /// Whether `difficulty` lies in the range.
    pub fn contains(self, difficulty: u8) -> bool {
        (self.min..=self.max).contains(&difficulty)
    }
    fn overlaps(self, other: DifficultyRange) -> bool {
        self.min <= other.max && other.min <= self.max
    }

    /// "难度≥3", "难度1-2", "难度3", or "" for any difficulty.
    pub fn label_zh(self) -> String {
        match (self.min, self.max) {
            (1, 5) => String::new(),
            (lo, 5) => format!("难度≥{lo}"),
            (1, hi) => format!("难度≤{hi}"),
            (lo, hi) if lo == hi => format!("难度{lo}"),
            (lo, hi) => format!("难度{lo}-{hi}"),
        }
    }
    /// "difficulty ≥ 3", …, or "" for any difficulty.
    pub fn label_en(self) -> String {
        match (self.min, self.max) {
            (1, 5) => String::new(),
            (lo, 5) => format!("difficulty ≥ {lo}"),
            (1, hi) => format!("difficulty ≤ {hi}"),
            (lo, hi) if lo == hi => format!("difficulty {lo}"),
            (lo, hi) => format!("difficulty {lo}-{hi}"),
        }
    }
}

/// Part of a section: so many questions of a difficulty range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stratum {
    pub difficulty: DifficultyRange,
    pub count: u32,
}

/// One part of the paper (第N部分): questions of one type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    pub kind: QuestionKind,
    pub points_each: u32,
    /// The banks drawn from; empty for every bank the sitting may use.
    pub banks: Vec<Bank>,
    /// The laws (ids) drawn from; empty for every law.
    pub laws: Vec<String>,
    /// Disjoint difficulty ranges and how many questions each gives.
    pub strata: Vec<Stratum>,
}

impl Section {
    /// How many questions the section gives.
    pub fn count(&self) -> u32 {
        self.strata.iter().map(|s| s.count).sum()
    }

    /// "宪法多选题" or "多选题": what the section draws, in the words of a shortfall message.
    pub fn describe_zh(&self) -> String {
        let laws: Vec<&str> = self.laws.iter().map(|id| law_name(id)).collect();
        format!("{}{}", laws.join("、"), self.kind.label_zh())
    }
    /// "multiple-choice questions on 宪法", "multiple-choice questions".
    pub fn describe_en(&self) -> String {
        let kind = format!("{} questions", self.kind.label_en().to_lowercase());
        if self.laws.is_empty() {
            kind
        } else {
            let laws: Vec<&str> = self.laws.iter().map(|id| law_name(id)).collect();
            format!("{kind} on {}", laws.join(", "))
        }
    }
}

fn law_name(id: &str) -> &str {
    laws::find(id).map_or(id, |l| l.name)
}

/// One line of the blueprint form: so many questions of a type, from one bank and law or
/// any, of a difficulty range, at so many points each.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BlueprintRow {
    pub kind: QuestionKind,
    pub bank: Option<Bank>,
    pub law: Option<String>,
    pub difficulty: DifficultyRange,
    pub count: u32,
    pub points_each: u32,
}

/// A checked blueprint: at least one section, each with questions, valid laws, points and
/// non-overlapping strata, and no more than [`MAX_QUESTIONS`] in all. Stored as its
/// sections; read back only through [`Blueprint::parse`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Blueprint {
    sections: Vec<Section>,
}

impl Blueprint {
    /// Checks the sections (banks and laws deduplicated, strata ordered by difficulty).
    pub fn parse(mut sections: Vec<Section>) -> Result<Self, BlueprintError> {
        if sections.is_empty() {
            return Err(BlueprintError::NoSections);
        }
        for (i, section) in sections.iter_mut().enumerate() {
            let number = i + 1;
            for stratum in &section.strata {
                // Sections read back from storage are checked like typed ones.
                DifficultyRange::new(stratum.difficulty.min, stratum.difficulty.max)?;
            }
            if section.strata.iter().any(|s| s.count == 0) || section.count() == 0 {
                return Err(BlueprintError::EmptySection(number));
            }
            if !(1..=MAX_POINTS_EACH).contains(&section.points_each) {
                return Err(BlueprintError::Points {
                    section: number,
                    points: section.points_each,
                });
            }
            if let Some(unknown) = section.laws.iter().find(|id| laws::find(id).is_none()) {
                return Err(BlueprintError::UnknownLaw {
                    section: number,
                    law: unknown.clone(),
                });
            }
            section.laws.sort();
            section.laws.dedup();
            section.banks.sort_by_key(|b| b.as_str());
            section.banks.dedup();
            section.strata.sort_by_key(|s| s.difficulty.min);
            if section
                .strata
                .windows(2)
                .any(|w| w[0].difficulty.overlaps(w[1].difficulty))
            {
                return Err(BlueprintError::OverlappingStrata(number));
            }
        }
        let blueprint = Self { sections };
        if blueprint.question_count() > MAX_QUESTIONS {
            return Err(BlueprintError::TooManyQuestions(blueprint.question_count()));
        }
        Ok(blueprint)
    }

    /// The published pattern: 50 questions at 2 points, 100 in all: single choice on the
    /// Constitution in two difficulty bands (10 each), multiple choice on the Constitution
    /// (10) and true/false on any law (20). The sitting form starts from it, and a mock
    /// exam uses it when the sitting has no blueprint of its own.
    pub fn published() -> Self {
        let row = |kind, law: Option<&str>, (min, max), count| BlueprintRow {
            kind,
            bank: None,
            law: law.map(str::to_owned),
            difficulty: DifficultyRange { min, max },
            count,
            points_each: 2,
        };
        let constitution = Some("constitution");
        Self::from_rows(vec![
            row(QuestionKind::SingleChoice, constitution, (1, 2), 10),
            row(QuestionKind::SingleChoice, constitution, (3, 5), 10),
            row(QuestionKind::MultipleChoice, constitution, (1, 5), 10),
            row(QuestionKind::TrueFalse, None, (1, 5), 20),
        ])
        .expect("the published pattern is a valid blueprint")
    }

    /// A blueprint from form rows: consecutive rows that differ only in difficulty make one
    /// section with a stratum each; any other row starts a new section.
    ///
    /// Rows are put in the published type order first (see [`crate::exam::paper::in_type_order`]),
    /// so a paper has one part per type however the rows were typed.
    pub fn from_rows(mut rows: Vec<BlueprintRow>) -> Result<Self, BlueprintError> {
        crate::exam::paper::in_type_order(&mut rows, |row| row.kind);
        let mut sections: Vec<Section> = Vec::new();
        for row in rows {
            let stratum = Stratum {
                difficulty: row.difficulty,
                count: row.count,
            };
            let banks: Vec<Bank> = row.bank.into_iter().collect();
            let laws: Vec<String> = row.law.into_iter().collect();
            match sections.last_mut() {
                Some(last)
                    if last.kind == row.kind
                        && last.points_each == row.points_each
                        && last.banks == banks
                        && last.laws == laws =>
                {
                    last.strata.push(stratum)
                }
                _ => sections.push(Section {
                    kind: row.kind,
                    points_each: row.points_each,
                    banks,
                    laws,
                    strata: vec![stratum],
                }),
            }
        }
        Self::parse(sections)
    }

    /// The sections, in paper order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    /// Questions on every paper.
    pub fn question_count(&self) -> u32 {
        self.sections.iter().map(Section::count).sum()
    }

    /// Points on every paper.
    pub fn total_points(&self) -> u32 {
        self.sections
            .iter()
            .map(|s| s.count() * s.points_each)
            .sum()
    }

    /// Refuses a blueprint whose total is not what the jurisdiction's rules say (usually 100).
    pub fn check_total(&self, expected: u32) -> Result<(), BlueprintError> {
        match self.total_points() {
            total if total == expected => Ok(()),
            total => Err(BlueprintError::Total { expected, total }),
        }
    }
}

/// Why a blueprint was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BlueprintError {
    #[error("组卷规则至少需要一个部分")]
    NoSections,
    #[error("第{0}部分没有试题：每个难度段至少1道")]
    EmptySection(usize),
    #[error("第{section}部分每题分值应为1至100分，当前为{points}分")]
    Points { section: usize, points: u32 },
    #[error("第{section}部分：未知法律“{law}”")]
    UnknownLaw { section: usize, law: String },
    #[error("难度范围应在1至5之间且下限不高于上限，当前为{min}至{max}")]
    BadDifficulty { min: u8, max: u8 },
    #[error("第{0}部分的难度段相互重叠，请让每个难度段覆盖不同的难度")]
    OverlappingStrata(usize),
    #[error("一份试卷最多200道题，当前为{0}道")]
    TooManyQuestions(u32),
    #[error("试卷总分应为{expected}分，当前各部分合计{total}分")]
    Total { expected: u32, total: u32 },
}

impl Bilingual for BlueprintError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::NoSections => "a blueprint needs at least one section".into(),
            Self::EmptySection(n) => {
                format!("section {n} has no questions: each difficulty band needs at least one")
            }
            Self::Points { section, points } => {
                format!("section {section}: points per question must be 1 to 100, not {points}")
            }
            Self::UnknownLaw { section, law } => {
                format!("section {section}: unknown law \"{law}\"")
            }
            Self::BadDifficulty { min, max } => {
                format!("difficulty must run from 1 to 5, low to high; it is {min} to {max}")
            }
            Self::OverlappingStrata(n) => {
                format!("section {n}: the difficulty bands overlap; give each band its own levels")
            }
            Self::TooManyQuestions(n) => format!("a paper holds at most 200 questions, not {n}"),
            Self::Total { expected, total } => {
                format!("the paper must total {expected} points; the sections add up to {total}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_published_pattern_is_fifty_questions_for_a_hundred_points() {
        let published = Blueprint::published();
        assert_eq!(
            (published.question_count(), published.total_points()),
            (50, 100)
        );
        assert_eq!(published.sections().len(), 3);
    }

    pub(crate) fn section(
        kind: QuestionKind,
        points_each: u32,
        strata: &[(u8, u8, u32)],
    ) -> Section {
        Section {
            kind,
            points_each,
            banks: Vec::new(),
            laws: vec!["constitution".into()],
            strata: strata
                .iter()
                .map(|&(min, max, count)| Stratum {
                    difficulty: DifficultyRange::new(min, max).expect("range"),
                    count,
                })
                .collect(),
        }
    }

    /// A form row of the constitution from any bank, at two points a question.
    fn row(kind: QuestionKind, min: u8, max: u8, count: u32) -> BlueprintRow {
        BlueprintRow {
            kind,
            bank: None,
            law: Some("constitution".into()),
            difficulty: DifficultyRange::new(min, max).expect("range"),
            count,
            points_each: 2,
        }
    }

    #[test]
    fn the_published_paper_of_fifty_questions_totals_one_hundred() {
        let b = Blueprint::parse(vec![
            section(QuestionKind::SingleChoice, 2, &[(1, 2, 10), (3, 5, 10)]),
            section(QuestionKind::MultipleChoice, 2, &[(1, 5, 20)]),
            section(QuestionKind::TrueFalse, 2, &[(1, 5, 10)]),
        ])
        .expect("valid");
        assert_eq!((b.question_count(), b.total_points()), (50, 100));
        assert_eq!(b.check_total(100), Ok(()));
        assert_eq!(
            b.check_total(120).unwrap_err().to_string(),
            "试卷总分应为120分，当前各部分合计100分"
        );
    }

    #[test]
    fn overlapping_strata_unknown_laws_and_empty_sections_are_refused() {
        assert_eq!(
            Blueprint::parse(vec![section(
                QuestionKind::SingleChoice,
                2,
                &[(1, 3, 5), (3, 5, 5)]
            )]),
            Err(BlueprintError::OverlappingStrata(1))
        );
        let mut bad_law = section(QuestionKind::TrueFalse, 2, &[(1, 5, 5)]);
        bad_law.laws = vec!["tax-law".into()];
        assert!(matches!(
            Blueprint::parse(vec![bad_law]),
            Err(BlueprintError::UnknownLaw { section: 1, .. })
        ));
        assert_eq!(
            Blueprint::parse(vec![section(QuestionKind::TrueFalse, 2, &[(1, 5, 0)])]),
            Err(BlueprintError::EmptySection(1))
        );
        assert_eq!(
            Blueprint::parse(Vec::new()),
            Err(BlueprintError::NoSections)
        );
        assert!(DifficultyRange::new(4, 2).is_err());
        assert!(DifficultyRange::new(0, 2).is_err());
    }

    #[test]
    fn form_rows_that_differ_only_in_difficulty_make_one_section() {
        let b = Blueprint::from_rows(vec![
            row(QuestionKind::SingleChoice, 1, 2, 10),
            row(QuestionKind::SingleChoice, 3, 5, 10),
            row(QuestionKind::TrueFalse, 1, 5, 30),
        ])
        .expect("valid");
        assert_eq!(b.sections().len(), 2);
        assert_eq!(b.sections()[0].strata.len(), 2);
        assert_eq!(b.total_points(), 100);
    }

    /// Rows typed out of type order still make a paper of one part per type, in the
    /// published order; rows of one type keep their order (and merge as usual).
    #[test]
    fn form_rows_in_any_order_make_parts_in_the_published_type_order() {
        let b = Blueprint::from_rows(vec![
            row(QuestionKind::TrueFalse, 1, 5, 20),
            row(QuestionKind::SingleChoice, 1, 2, 10),
            row(QuestionKind::MultipleChoice, 1, 5, 10),
            row(QuestionKind::SingleChoice, 3, 5, 10),
        ])
        .expect("valid");
        let kinds: Vec<QuestionKind> = b.sections().iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            [
                QuestionKind::SingleChoice,
                QuestionKind::MultipleChoice,
                QuestionKind::TrueFalse
            ]
        );
        let strata: Vec<u8> = b.sections()[0]
            .strata
            .iter()
            .map(|s| s.difficulty.min)
            .collect();
        assert_eq!(strata, [1, 3]);
    }

    #[test]
    fn difficulty_ranges_read_as_staff_write_them() {
        let r = |a, b| DifficultyRange::new(a, b).expect("range");
        assert_eq!(r(3, 5).label_zh(), "难度≥3");
        assert_eq!(r(1, 2).label_zh(), "难度≤2");
        assert_eq!(r(2, 4).label_zh(), "难度2-4");
        assert_eq!(r(4, 4).label_zh(), "难度4");
        assert_eq!(DifficultyRange::ANY.label_zh(), "");
    }
}
