//! Local regulations (地方性法规): a question that rests on one jurisdiction's regulations,
//! such as Chongqing's appointment regulation, examines only nominees of that jurisdiction.
//! Which region's regulations apply is a jurisdiction's rule (`rules::ExamRules`); papers
//! and practice elsewhere leave such questions out.

use crate::named::named_enum;
use crate::Bilingual;

named_enum! {
    /// A jurisdiction whose local regulations the statute library carries. Its stored name
    /// is also the prefix of its regulations' law ids (`chongqing-oath-measures`).
    pub enum Region {
        Chongqing => ("chongqing", "重庆市", "Chongqing"),
    }
}

/// The region of a local regulation; none for a national law. A local regulation's id
/// begins with its region's id and a hyphen, so a new regulation needs no entry here (the
/// test below checks every law in `laws::LAWS` against its name).
pub fn of_law(law_id: &str) -> Option<Region> {
    Region::ALL.into_iter().find(|r| {
        law_id
            .strip_prefix(r.as_str())
            .is_some_and(|rest| rest.starts_with('-'))
    })
}

/// Whether a question citing `law_id` may examine nominees where the local regulations of
/// `here` apply: a national law everywhere, a local regulation only in its own region.
pub fn applies_here(law_id: &str, here: Option<Region>) -> bool {
    match of_law(law_id) {
        None => true,
        Some(region) => here == Some(region),
    }
}

/// A paper asked to draw on a local regulation where it does not apply.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum NotApplicableHere {
    /// A question chosen by hand.
    #[error("试题 #{question_id} 依据{}的地方性法规（{law}），本行政区的考试规则未适用该地的地方性法规，不能组入本场考试。", .region.label_zh())]
    Question {
        question_id: i64,
        /// The regulation's short name.
        law: String,
        region: Region,
    },
    /// A blueprint section (numbered from 1) naming the regulation.
    #[error("组卷规则第{section}部分指定了{}的地方性法规（{law}），本行政区的考试规则未适用该地的地方性法规，不能按此组卷。", .region.label_zh())]
    Section {
        section: usize,
        law: String,
        region: Region,
    },
}

impl Bilingual for NotApplicableHere {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::Question { question_id, law, region } => format!(
                "Question #{question_id} rests on a local regulation of {} ({law}), which this jurisdiction's exam rules do not apply; it cannot go into this sitting.",
                region.label_en()
            ),
            Self::Section { section, law, region } => format!(
                "Part {section} of the blueprint names a local regulation of {} ({law}), which this jurisdiction's exam rules do not apply; papers cannot be drawn by it.",
                region.label_en()
            ),
        }
    }
}

/// The region of `law_id` if it is a local regulation that does not apply `here`, with the
/// regulation's short name.
fn foreign(law_id: &str, here: Option<Region>) -> Option<(String, Region)> {
    let region = of_law(law_id).filter(|_| !applies_here(law_id, here))?;
    let name = crate::bank::laws::find(law_id).map_or(law_id, |l| l.name);
    Some((name.to_owned(), region))
}

/// Refuses question `question_id`, citing `law_id`, for a paper where `here`'s local
/// regulations apply, unless it applies there.
pub fn check_question(
    question_id: i64,
    law_id: &str,
    here: Option<Region>,
) -> Result<(), NotApplicableHere> {
    match foreign(law_id, here) {
        Some((law, region)) => Err(NotApplicableHere::Question {
            question_id,
            law,
            region,
        }),
        None => Ok(()),
    }
}

/// Refuses a blueprint with a section naming a local regulation that does not apply `here`
/// (else its shortfall would read as an empty bank).
pub fn check_blueprint(
    blueprint: &crate::exam::blueprint::Blueprint,
    here: Option<Region>,
) -> Result<(), NotApplicableHere> {
    for (index, section) in blueprint.sections().iter().enumerate() {
        if let Some((law, region)) = section.laws.iter().find_map(|id| foreign(id, here)) {
            return Err(NotApplicableHere::Section {
                section: index + 1,
                law,
                region,
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::laws::LAWS;

    #[test]
    fn every_chongqing_regulation_and_only_those_is_local_to_chongqing() {
        for law in LAWS {
            let expected = law.name.starts_with("重庆市").then_some(Region::Chongqing);
            assert_eq!(of_law(law.id), expected, "{}", law.id);
        }
        assert_eq!(of_law("chongqing-oath-measures"), Some(Region::Chongqing));
        // A prefix without the hyphen is not a region's.
        assert_eq!(of_law("chongqingfoo"), None);
        assert_eq!(of_law("constitution"), None);
    }

    #[test]
    fn a_national_law_applies_everywhere_a_local_regulation_only_in_its_region() {
        for here in [None, Some(Region::Chongqing)] {
            assert!(applies_here("constitution", here));
            assert!(applies_here("supervision-by-standing-committees-law", here));
        }
        assert!(!applies_here("chongqing-appointment-regulation", None));
        assert!(applies_here(
            "chongqing-appointment-regulation",
            Some(Region::Chongqing)
        ));
    }

    #[test]
    fn a_local_question_elsewhere_is_refused_naming_the_question_regulation_and_region() {
        assert_eq!(check_question(7, "constitution", None), Ok(()));
        assert_eq!(
            check_question(7, "chongqing-oath-measures", Some(Region::Chongqing)),
            Ok(())
        );
        let refused = check_question(7, "chongqing-oath-measures", None).unwrap_err();
        assert!(refused.zh().contains("#7"), "{}", refused.zh());
        assert!(refused.zh().contains("重庆市宪法宣誓实施办法"));
        assert!(refused.zh().contains("重庆市的地方性法规"));
        assert!(refused.en().contains("Chongqing"));
    }

    #[test]
    fn a_blueprint_naming_a_local_regulation_elsewhere_is_refused_by_its_part() {
        use crate::bank::question::QuestionKind;
        use crate::exam::blueprint::{Blueprint, BlueprintRow, DifficultyRange};
        let row = |kind, law: &str| BlueprintRow {
            kind,
            bank: None,
            law: Some(law.to_owned()),
            difficulty: DifficultyRange::ANY,
            count: 5,
            points_each: 2,
        };
        let blueprint = Blueprint::from_rows(vec![
            row(QuestionKind::SingleChoice, "constitution"),
            row(QuestionKind::TrueFalse, "chongqing-appointment-regulation"),
        ])
        .expect("blueprint");
        assert_eq!(check_blueprint(&blueprint, Some(Region::Chongqing)), Ok(()));
        assert_eq!(check_blueprint(&Blueprint::published(), None), Ok(()));
        let refused = check_blueprint(&blueprint, None).unwrap_err();
        assert!(matches!(
            refused,
            NotApplicableHere::Section { section: 2, .. }
        ));
        assert!(refused.zh().contains("第2部分"), "{}", refused.zh());
        assert!(refused.en().contains("Part 2"));
    }

    #[test]
    fn names_round_trip() {
        for r in Region::ALL {
            assert_eq!(Region::parse(r.as_str()), Some(r));
        }
        assert_eq!(Region::parse(""), None);
    }
}
