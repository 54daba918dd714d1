//! What makes a question measure knowledge rather than reading or guessing, checked against
//! the text of the article it cites (issue 17): the rules a bank's questions must meet, and
//! the figures the bank page shows per bank.
//!
//! - A choice question has four or five options; a multiple-choice key leaves at least two
//!   options right and two wrong, so "tick all but the odd one out" does not score.
//! - Every span the explanation quotes (“…”) is in the cited article, so the explanation a
//!   candidate reads after publication is the law's own words.
//! - A false statement changes a substantive element of the article, not only a negation: a
//!   statement that, negations aside, is the article's own text is a reading test.
//! - Per bank: no more than 40% of true/false statements are an article's text verbatim, and
//!   at least 10% of the questions are short cases (tagged [`CASE_TAG`]).

use std::collections::BTreeSet;

use crate::bank::question::{Answer, Question, QuestionKind};
use crate::bank::statutes;
use crate::bank::Bank;

/// The tag a case question carries (a situation in two to four sentences).
pub const CASE_TAG: &str = "案例";
/// The most a bank's true/false statements may be an article's text verbatim, in percent.
pub const MAX_VERBATIM_TRUE_FALSE_PERCENT: usize = 40;
/// The least share of a bank's questions that are cases, in percent.
pub const MIN_CASE_PERCENT: usize = 10;

/// Why one question falls short.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shortfall {
    /// A choice question with other than four or five options.
    OptionCount(usize),
    /// A multiple-choice key with fewer than two right options.
    TooFewRight(usize),
    /// A multiple-choice key with fewer than two wrong options.
    TooFewWrong(usize),
    /// The explanation quotes nothing of the article.
    NoQuote,
    /// A quoted span that is not in the cited article.
    QuoteNotInArticle(String),
    /// The cited article does not exist in the statute texts.
    NoArticle,
    /// A false statement that is the article's text with a negation added or removed.
    NegationOnly,
    /// The cited paragraph (款) does not exist, or holds none of the quoted text.
    WrongParagraph(u16),
}

/// One question's shortfalls; empty when it meets every per-question rule.
pub fn shortfalls(question: &Question) -> Vec<Shortfall> {
    let mut found = Vec::new();
    let options = question.options().len();
    if question.kind().has_options() && !(4..=5).contains(&options) {
        found.push(Shortfall::OptionCount(options));
    }
    if question.kind() == QuestionKind::MultipleChoice {
        if let Answer::Choices(keyed) = question.key() {
            if keyed.len() < 2 {
                found.push(Shortfall::TooFewRight(keyed.len()));
            }
            if options.saturating_sub(keyed.len()) < 2 {
                found.push(Shortfall::TooFewWrong(options.saturating_sub(keyed.len())));
            }
        }
    }
    let Some(article) = article_text(question) else {
        found.push(Shortfall::NoArticle);
        return found;
    };
    let quotes = quoted_spans(question.explanation());
    if quotes.is_empty() {
        found.push(Shortfall::NoQuote);
    }
    for quote in &quotes {
        if !quote_is_in(quote, &article) {
            found.push(Shortfall::QuoteNotInArticle(quote.clone()));
        }
    }
    if let Some(paragraph) = question.citation().paragraph() {
        let held = paragraphs(question)
            .get(usize::from(paragraph).wrapping_sub(1))
            .is_some_and(|text| quotes.iter().any(|quote| quote_touches(quote, text)));
        if !held {
            found.push(Shortfall::WrongParagraph(paragraph));
        }
    }
    if question.key() == &Answer::Judgement(false) && negation_only(question.stem(), &article) {
        found.push(Shortfall::NegationOnly);
    }
    found
}

/// Whether a true/false statement is its article's text verbatim (a leading "根据《…》，"
/// aside).
pub fn is_verbatim(question: &Question) -> bool {
    let statement = statement(question.stem());
    question.kind() == QuestionKind::TrueFalse
        && statement.chars().count() >= 8
        && article_text(question).is_some_and(|article| article.contains(&statement))
}

/// Whether the question is a case.
pub fn is_case(question: &Question) -> bool {
    question.tags().iter().any(|t| t == CASE_TAG)
}

/// A bank's quality figures, as the bank page shows them and the seed's test asserts them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankFigures {
    pub questions: usize,
    /// Distinct laws cited.
    pub laws: usize,
    /// Questions with at least one [`Shortfall`].
    pub short_of_rules: usize,
    pub true_false: usize,
    pub verbatim_true_false: usize,
    pub cases: usize,
    pub single_choice: usize,
    /// Single-choice questions whose key is the longest option by itself (a guessing cue).
    pub key_longest: usize,
}

impl BankFigures {
    /// Whether the bank meets the per-bank rules (and every question the per-question ones).
    pub fn meets_rules(&self) -> bool {
        self.short_of_rules == 0
            && self.verbatim_true_false * 100 <= self.true_false * MAX_VERBATIM_TRUE_FALSE_PERCENT
            && self.cases * 100 >= self.questions * MIN_CASE_PERCENT
    }
}

/// The figures of each bank that has questions among `questions`, in [`Bank::ALL`]'s order.
pub fn figures(questions: &[Question]) -> Vec<(Bank, BankFigures)> {
    Bank::ALL
        .into_iter()
        .filter_map(|bank| {
            let mine: Vec<&Question> = questions.iter().filter(|q| q.bank() == bank).collect();
            (!mine.is_empty()).then(|| (bank, bank_figures(&mine)))
        })
        .collect()
}

fn bank_figures(questions: &[&Question]) -> BankFigures {
    let count = |f: &dyn Fn(&Question) -> bool| questions.iter().filter(|q| f(q)).count();
    let laws: BTreeSet<&str> = questions.iter().map(|q| q.citation().law()).collect();
    BankFigures {
        questions: questions.len(),
        laws: laws.len(),
        short_of_rules: count(&|q| !shortfalls(q).is_empty()),
        true_false: count(&|q| q.kind() == QuestionKind::TrueFalse),
        verbatim_true_false: count(&is_verbatim),
        cases: count(&is_case),
        single_choice: count(&|q| q.kind() == QuestionKind::SingleChoice),
        key_longest: count(&key_is_longest),
    }
}

fn key_is_longest(question: &Question) -> bool {
    let (QuestionKind::SingleChoice, Answer::Choices(keyed)) = (question.kind(), question.key())
    else {
        return false;
    };
    let Some(&key) = keyed.first() else {
        return false;
    };
    let length = |i: usize| question.options()[i].chars().count();
    (0..question.options().len()).all(|i| i == usize::from(key) || length(i) < length(key.into()))
}

/// The cited article's text, whitespace removed.
fn article_text(question: &Question) -> Option<String> {
    let citation = question.citation();
    statutes::article(citation.law(), citation.article())
        .map(|paragraphs| squeeze(&paragraphs.concat()))
}

/// The cited article's paragraphs (款), whitespace removed. Lines that are items of a list
/// belong to the paragraph that introduces it: numbered items (（一）…), and the unnumbered
/// lines after a line ending in a colon, up to the one that ends the sentence (the members
/// of the Standing Committee in the Constitution's article 65, one to a line).
fn paragraphs(question: &Question) -> Vec<String> {
    let citation = question.citation();
    let lines: Vec<String> = statutes::article(citation.law(), citation.article())
        .unwrap_or_default()
        .into_iter()
        .map(squeeze)
        .collect();
    let mut found: Vec<String> = Vec::new();
    let mut in_list = false;
    for (i, line) in lines.iter().enumerate() {
        if let Some(last) = found.last_mut().filter(|_| is_item(line) || in_list) {
            last.push_str(line);
            in_list = in_list && !line.ends_with('。');
        } else {
            found.push(line.clone());
            in_list = line.ends_with('：') && lines.get(i + 1).is_some_and(|next| !is_item(next));
        }
    }
    found
}

/// Whether a quoted span is in a paragraph: whole, or for a span that runs on into the next
/// paragraph, by its first or last eight characters.
fn quote_touches(quote: &str, paragraph: &str) -> bool {
    let chars: Vec<char> = quote.chars().collect();
    let head: String = chars.iter().take(8).collect();
    let tail: String = chars.iter().skip(chars.len().saturating_sub(8)).collect();
    quote_is_in(quote, paragraph)
        || (chars.len() > 8 && (quote_is_in(&head, paragraph) || paragraph.contains(&tail)))
}

/// Whether a line is a list item: （一）, （二）…
fn is_item(line: &str) -> bool {
    line.strip_prefix('（')
        .and_then(|rest| rest.split_once('）'))
        .is_some_and(|(numeral, _)| !numeral.is_empty() && numeral.chars().all(is_numeral))
}

fn is_numeral(c: char) -> bool {
    "零一二三四五六七八九十百千".contains(c)
}

fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The statement of a true/false stem: whitespace, a leading "根据《…》，" (or 依照, 依据,
/// 按照) and the closing full stop removed.
fn statement(stem: &str) -> String {
    let text = squeeze(stem);
    let lead = ["根据", "依照", "依据", "按照"]
        .iter()
        .any(|p| text.starts_with(p));
    let text = match text.split_once('，') {
        Some((_, rest)) if lead => rest,
        _ => text.as_str(),
    };
    text.trim_end_matches(['。', '；', '，']).to_owned()
}

/// The spans an explanation quotes, each split at an ellipsis.
fn quoted_spans(explanation: &str) -> Vec<String> {
    explanation
        .split('“')
        .skip(1)
        .filter_map(|rest| rest.split_once('”').map(|(quote, _)| quote))
        .flat_map(|quote| quote.split('…'))
        .map(|part| {
            squeeze(part)
                .trim_end_matches(['。', '；', '，', '：'])
                .to_owned()
        })
        .filter(|part| !part.is_empty())
        .collect()
}

/// A quoted span is in the article, an article heading such as "第九条" aside.
fn quote_is_in(quote: &str, article: &str) -> bool {
    let without_heading = match quote
        .strip_prefix('第')
        .and_then(|rest| rest.split_once('条'))
    {
        Some((numeral, rest))
            if numeral
                .chars()
                .all(|c| "零一二三四五六七八九十百千".contains(c)) =>
        {
            rest
        }
        _ => quote,
    };
    article.contains(without_heading)
}

/// A false statement that is the article's text once negations are taken out of both.
fn negation_only(stem: &str, article: &str) -> bool {
    const NEGATIONS: [&str; 6] = ["不得", "不", "无权", "没有", "未", "无"];
    let strip = |text: &str| {
        NEGATIONS
            .iter()
            .fold(text.to_owned(), |t, n| t.replace(n, ""))
    };
    let statement = statement(stem);
    statement.chars().count() >= 8
        && !article.contains(&statement)
        && strip(article).contains(&strip(&statement))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::question::QuestionDraft;

    fn question(
        kind: &str,
        stem: &str,
        options: &[&str],
        key: &str,
        explanation: &str,
    ) -> Question {
        Question::parse(QuestionDraft {
            bank: "common".into(),
            kind: kind.into(),
            stem: stem.into(),
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            key: key.into(),
            marking_points: Vec::new(),
            explanation: explanation.into(),
            difficulty: 2,
            law: "constitution".into(),
            article: 1,
            paragraph: None,
            tags: Vec::new(),
        })
        .expect("valid")
    }

    const ART_1: &str = "依据《宪法》第一条：“社会主义制度是中华人民共和国的根本制度。”";

    #[test]
    fn a_multiple_choice_key_leaves_two_right_and_two_wrong() {
        let four = ["甲", "乙", "丙", "丁"];
        let mc = |key| question("multiple_choice", "下列正确的有（ ）。", &four, key, ART_1);
        assert_eq!(shortfalls(&mc("AB")), vec![]);
        assert_eq!(shortfalls(&mc("ABC")), vec![Shortfall::TooFewWrong(1)]);
        let three = question(
            "single_choice",
            "正确的是（ ）。",
            &["甲", "乙", "丙"],
            "A",
            ART_1,
        );
        assert_eq!(shortfalls(&three), vec![Shortfall::OptionCount(3)]);
    }

    #[test]
    fn quotes_must_be_the_cited_articles_words() {
        let tf = |explanation| {
            question(
                "true_false",
                "社会主义制度是我国的根本制度。",
                &[],
                "正确",
                explanation,
            )
        };
        assert_eq!(shortfalls(&tf(ART_1)), vec![]);
        assert_eq!(
            shortfalls(&tf("依据《宪法》第一条：“第一条 中华人民共和国是工人阶级领导的……社会主义制度是中华人民共和国的根本制度。”")),
            vec![]
        );
        assert_eq!(
            shortfalls(&tf("依据《宪法》第一条：“社会主义制度是根本制度。”")),
            vec![Shortfall::QuoteNotInArticle(
                "社会主义制度是根本制度".into()
            )]
        );
        assert_eq!(
            shortfalls(&tf("依据宪法第一条。")),
            vec![Shortfall::NoQuote]
        );
    }

    #[test]
    fn the_cited_paragraph_holds_the_quoted_text_and_list_items_are_not_paragraphs() {
        let cited = |article: i64, paragraph: i64, explanation: &str| {
            let mut draft = question("true_false", "示例。", &[], "正确", explanation).to_draft();
            draft.article = article;
            draft.paragraph = Some(paragraph);
            Question::parse(draft).expect("valid")
        };
        let art_1 = "依据《宪法》第一条：“社会主义制度是中华人民共和国的根本制度。”";
        assert_eq!(shortfalls(&cited(1, 2, art_1)), vec![]);
        assert_eq!(
            shortfalls(&cited(1, 1, art_1)),
            vec![Shortfall::WrongParagraph(1)]
        );
        // Article 89's eighteen items are one paragraph: its powers are all in 款 1.
        let art_89 = "依据《宪法》第八十九条：“（三）规定各部和各委员会的任务和职责”";
        assert_eq!(shortfalls(&cited(89, 1, art_89)), vec![]);
        assert_eq!(
            shortfalls(&cited(89, 4, art_89)),
            vec![Shortfall::WrongParagraph(4)]
        );
    }

    #[test]
    fn a_false_statement_must_change_more_than_a_negation() {
        let flipped = question(
            "true_false",
            "根据宪法，社会主义制度不是中华人民共和国的根本制度。",
            &[],
            "错误",
            ART_1,
        );
        assert_eq!(shortfalls(&flipped), vec![Shortfall::NegationOnly]);
        let organ = question(
            "true_false",
            "根据宪法，人民代表大会制度是中华人民共和国的根本制度。",
            &[],
            "错误",
            ART_1,
        );
        assert_eq!(shortfalls(&organ), vec![]);
    }

    #[test]
    fn verbatim_statements_and_cases_are_counted_per_bank() {
        let verbatim = question(
            "true_false",
            "根据《宪法》，社会主义制度是中华人民共和国的根本制度。",
            &[],
            "正确",
            ART_1,
        );
        let paraphrase = question(
            "true_false",
            "我国的根本制度是社会主义制度。",
            &[],
            "正确",
            ART_1,
        );
        assert!(is_verbatim(&verbatim));
        assert!(!is_verbatim(&paraphrase));
        let figures = figures(&[verbatim, paraphrase]);
        assert_eq!(figures.len(), 1);
        let (bank, f) = &figures[0];
        assert_eq!(*bank, Bank::Common);
        assert_eq!(
            (f.questions, f.true_false, f.verbatim_true_false, f.cases),
            (2, 2, 1, 0)
        );
        assert!(!f.meets_rules(), "50% verbatim and no case");
    }
}
