//! Taking the exam: the candidate's paper, answers saved as they change, the server's clock.
//!
//! Nothing in this module's wire types can carry a key, a score or an explanation: the
//! candidate side is built only from these types.

pub mod api;
pub mod choices;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
mod sync;

use question_bank::bank::question::{Answer, QuestionKind};
use serde::{Deserialize, Serialize};

/// What the candidate's page shows.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExamState {
    pub sitting_title: String,
    pub candidate_name: String,
    pub ticket_number: String,
    pub opens_at: i64,
    pub closes_at: i64,
    pub duration_minutes: i64,
    pub question_count: i64,
    pub total_points: i64,
    pub phase: ExamPhase,
}

/// Where the candidate is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ExamPhase {
    /// The sitting has not opened yet.
    Waiting,
    /// The sitting is open; the candidate may start.
    Ready,
    /// Answering.
    InProgress(PaperView),
    /// Handed in (by the candidate, or at the deadline).
    Finished { finished_at: i64, timed_out: bool },
    /// The sitting closed before the candidate started.
    Closed,
    /// A proctor voided the paper.
    Voided,
}

/// The candidate's paper and every acknowledged answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperView {
    pub attempt_id: i64,
    /// Time left when the server answered; the page's countdown is anchored to it.
    pub remaining_ms: i64,
    /// The highest save sequence the server holds; the page continues after it.
    pub last_seq: i64,
    pub questions: Vec<PaperQuestion>,
    pub answers: Vec<SavedAnswer>,
}

/// One question as the candidate sees it: no key, no explanation, no citation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaperQuestion {
    pub question_id: i64,
    pub number: i64,
    pub kind: QuestionKind,
    pub stem: String,
    pub options: Vec<String>,
    pub points: i64,
}

/// A run of consecutive questions of one type: a part of the paper under one heading.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PaperSection {
    pub kind: QuestionKind,
    pub questions: Vec<PaperQuestion>,
}

impl PaperSection {
    /// The paper's questions in runs of one type, in paper order.
    pub fn split(questions: Vec<PaperQuestion>) -> Vec<PaperSection> {
        let mut sections: Vec<PaperSection> = Vec::new();
        for q in questions {
            match sections.last_mut() {
                Some(last) if last.kind == q.kind => last.questions.push(q),
                _ => sections.push(PaperSection {
                    kind: q.kind,
                    questions: vec![q],
                }),
            }
        }
        sections
    }

    /// "一、单选题（共20题，每题2分）", or with the total when points differ.
    pub fn heading_zh(&self, index: usize) -> String {
        const NUMERALS: [&str; 10] = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
        let n = NUMERALS
            .get(index)
            .map_or_else(|| (index + 1).to_string(), |s| (*s).to_owned());
        let count = self.questions.len();
        match self.points_each() {
            Some(points) => format!(
                "{n}、{}（共{count}题，每题{points}分）",
                self.kind.label_zh()
            ),
            None => format!(
                "{n}、{}（共{count}题，共{}分）",
                self.kind.label_zh(),
                self.total()
            ),
        }
    }

    /// "Part 1: Single choice (20 questions, 2 points each)".
    pub fn heading_en(&self, index: usize) -> String {
        let count = self.questions.len();
        match self.points_each() {
            Some(points) => format!(
                "Part {}: {} ({count} questions, {points} points each)",
                index + 1,
                self.kind.label_en()
            ),
            None => format!(
                "Part {}: {} ({count} questions, {} points)",
                index + 1,
                self.kind.label_en(),
                self.total()
            ),
        }
    }

    fn points_each(&self) -> Option<i64> {
        let first = self.questions.first()?.points;
        self.questions
            .iter()
            .all(|q| q.points == first)
            .then_some(first)
    }

    fn total(&self) -> i64 {
        self.questions.iter().map(|q| q.points).sum()
    }
}

/// An answer the server holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedAnswer {
    pub question_id: i64,
    pub answer: Answer,
}

/// The server's reply to a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveAck {
    /// The sequence number acknowledged.
    pub seq: i64,
    /// False when a save with a higher sequence had already been stored (a late duplicate).
    pub applied: bool,
    pub remaining_ms: i64,
}

/// The server's clock for an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClockView {
    pub remaining_ms: i64,
    pub finished: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(number: i64, kind: QuestionKind, points: i64) -> PaperQuestion {
        PaperQuestion {
            question_id: number,
            number,
            kind,
            stem: String::new(),
            options: Vec::new(),
            points,
        }
    }

    #[test]
    fn a_paper_reads_in_parts_of_one_type_with_their_points() {
        let sections = PaperSection::split(vec![
            q(1, QuestionKind::SingleChoice, 2),
            q(2, QuestionKind::SingleChoice, 2),
            q(3, QuestionKind::TrueFalse, 1),
            q(4, QuestionKind::TrueFalse, 3),
        ]);
        assert_eq!(sections.len(), 2);
        assert_eq!(sections[0].heading_zh(0), "一、单选题（共2题，每题2分）");
        assert_eq!(sections[1].heading_zh(1), "二、判断题（共2题，共4分）");
        assert_eq!(
            sections[0].heading_en(0),
            "Part 1: Single choice (2 questions, 2 points each)"
        );
    }
}
