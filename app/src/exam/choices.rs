//! The choices of a question as a candidate answers them: one way for the exam, practice
//! and mock exams alike.

use question_bank::bank::question::{option_letter, Answer, QuestionKind};

use crate::i18n::Lang;
use crate::tr;

/// Each choice's index, label and the answer choosing it alone gives.
pub fn choices(kind: QuestionKind, options: &[String], lang: Lang) -> Vec<(u8, String, Answer)> {
    match kind {
        QuestionKind::TrueFalse => vec![
            (
                0,
                tr!(lang, "正确", "True").to_owned(),
                Answer::Judgement(true),
            ),
            (
                1,
                tr!(lang, "错误", "False").to_owned(),
                Answer::Judgement(false),
            ),
        ],
        _ => options
            .iter()
            .enumerate()
            .map(|(i, text)| {
                (
                    i as u8,
                    format!("{}. {text}", option_letter(i as u8)),
                    Answer::Choices([i as u8].into()),
                )
            })
            .collect(),
    }
}

/// Whether choice `index` (whose own answer is `own`) is ticked in `current`.
pub fn is_ticked(current: Option<&Answer>, index: u8, own: &Answer) -> bool {
    match (current, own) {
        (Some(Answer::Choices(set)), Answer::Choices(_)) => set.contains(&index),
        (Some(given), wanted) => given == wanted,
        (None, _) => false,
    }
}

/// The answer after the candidate clicks choice `index`: a multiple choice toggles it, any
/// other kind takes the choice's own answer.
pub fn clicked(kind: QuestionKind, current: Option<&Answer>, index: u8, own: &Answer) -> Answer {
    match kind {
        QuestionKind::MultipleChoice => {
            let mut set = match current {
                Some(Answer::Choices(set)) => set.clone(),
                _ => Default::default(),
            };
            if !set.remove(&index) {
                set.insert(index);
            }
            Answer::Choices(set)
        }
        _ => own.clone(),
    }
}

/// The input type for a kind.
pub fn input_type(kind: QuestionKind) -> &'static str {
    if kind == QuestionKind::MultipleChoice {
        "checkbox"
    } else {
        "radio"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_multiple_choice_toggles_and_a_single_choice_replaces() {
        let b = Answer::Choices([1].into());
        let ab = clicked(
            QuestionKind::MultipleChoice,
            Some(&Answer::Choices([0].into())),
            1,
            &b,
        );
        assert_eq!(ab, Answer::Choices([0, 1].into()));
        assert!(is_ticked(Some(&ab), 0, &Answer::Choices([0].into())));
        let a = clicked(QuestionKind::MultipleChoice, Some(&ab), 1, &b);
        assert_eq!(a, Answer::Choices([0].into()));
        assert_eq!(clicked(QuestionKind::SingleChoice, Some(&ab), 1, &b), b);
        let yes = Answer::Judgement(true);
        assert!(is_ticked(Some(&yes), 0, &yes));
        assert!(!is_ticked(None, 0, &yes));
    }
}
