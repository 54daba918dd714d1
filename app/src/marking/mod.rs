//! 阅卷: hand marking of short answers, blind (markers see a sealed script's code, never a
//! name or a ticket), single or double with reconciliation as the sitting says.

pub mod api;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod repo;

use question_bank::results::marking::{GivenMark, MarkingPlan, Progress, Stage};
use serde::{Deserialize, Serialize};

use crate::sittings::SittingSummary;

/// A sitting with short answers to mark, as the marking list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkingSitting {
    pub sitting_id: i64,
    pub title: String,
    pub jurisdiction_name: String,
    pub opens_at: i64,
    pub plan: MarkingPlan,
    /// Short answers handed in, and how many of them have their final mark.
    pub items: i64,
    pub finished: i64,
}

/// One short answer of one handed-in paper, with its marks so far (server side only: the
/// marks name their markers).
#[derive(Clone, Debug)]
pub struct MarkingItem {
    /// The paper's 密封号.
    pub code: String,
    pub question_id: i64,
    pub stem: String,
    pub reference: String,
    pub marking_points: Vec<String>,
    pub max_points: i64,
    pub response: String,
    pub marks: Vec<GivenMark>,
}

/// The next script a marker is given: what they need to mark it, and nothing of who wrote it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Script {
    pub code: String,
    pub question_id: i64,
    pub stage: Stage,
    pub stem: String,
    /// 参考答案 and 评分要点.
    pub reference: String,
    pub marking_points: Vec<String>,
    pub max_points: i64,
    /// The candidate's answer as written ("" for none).
    pub response: String,
    /// For a reconciliation only: the two marks that differ (unnamed).
    pub earlier: Vec<i64>,
}

/// How far marking of one question has come in a sitting.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionProgress {
    pub question_id: i64,
    pub stem: String,
    pub max_points: i64,
    pub scripts: i64,
    /// Scripts waiting for a first, second and reconciling mark.
    pub waiting: [i64; 3],
    pub finished: i64,
}

/// A marker's desk for one sitting: the progress, and the next script for them (none when
/// nothing is left that they may mark).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MarkingDesk {
    pub summary: SittingSummary,
    pub questions: Vec<QuestionProgress>,
    pub next: Option<Script>,
    /// How many marks this marker has given in the sitting.
    pub given_by_me: i64,
    pub wait: MarkingWait,
}

/// Who a sitting's marking waits for: its scripts at each stage, and the markers who may
/// give them (the sitting page and the marking desk both show it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarkingWait {
    pub plan: MarkingPlan,
    /// Items waiting for a first, second and reconciling (仲裁) mark.
    pub waiting: [i64; 3],
    pub finished: i64,
    /// The active markers whose jurisdiction covers the sitting, by name.
    pub markers: Vec<String>,
}

impl MarkingWait {
    pub fn new(plan: MarkingPlan, items: &[MarkingItem], markers: Vec<String>) -> Self {
        let mut waiting = [0; 3];
        let mut finished = 0;
        for q in question_progress(plan, items) {
            for (w, n) in waiting.iter_mut().zip(q.waiting) {
                *w += n;
            }
            finished += q.finished;
        }
        Self {
            plan,
            waiting,
            finished,
            markers,
        }
    }

    /// Too few markers for every item to be finished (a difference beyond the margin would
    /// wait for a third marker who does not exist).
    pub fn short_of_markers(&self) -> bool {
        self.markers.len() < self.plan.markers_needed()
    }
}

/// Each question's progress, in order of first appearance.
pub fn question_progress(plan: MarkingPlan, items: &[MarkingItem]) -> Vec<QuestionProgress> {
    let mut out: Vec<QuestionProgress> = Vec::new();
    for item in items {
        let row = match out.iter().position(|q| q.question_id == item.question_id) {
            Some(i) => &mut out[i],
            None => {
                out.push(QuestionProgress {
                    question_id: item.question_id,
                    stem: item.stem.clone(),
                    max_points: item.max_points,
                    scripts: 0,
                    waiting: [0; 3],
                    finished: 0,
                });
                out.last_mut().expect("just pushed")
            }
        };
        row.scripts += 1;
        match question_bank::results::marking::progress(plan, &item.marks) {
            Progress::Final(_) => row.finished += 1,
            Progress::Needs(stage) => row.waiting[stage.number() as usize - 1] += 1,
        }
    }
    out
}

/// The next script `marker` may mark: the earliest stage first (first marks before second
/// ones before reconciliations), then by sealed code, which is random, so no order of
/// hand-in or seat shows through.
pub fn next_script(plan: MarkingPlan, items: &[MarkingItem], marker: &str) -> Option<Script> {
    items
        .iter()
        .filter_map(|item| {
            question_bank::results::marking::next_for(plan, &item.marks, marker)
                .map(|stage| (stage, item))
        })
        .min_by(|(a, x), (b, y)| (a, &x.code, x.question_id).cmp(&(b, &y.code, y.question_id)))
        .map(|(stage, item)| Script {
            code: item.code.clone(),
            question_id: item.question_id,
            stage,
            stem: item.stem.clone(),
            reference: item.reference.clone(),
            marking_points: item.marking_points.clone(),
            max_points: item.max_points,
            response: item.response.clone(),
            earlier: if stage == Stage::Reconciliation {
                item.marks.iter().map(|m| m.points).collect()
            } else {
                Vec::new()
            },
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(code: &str, question_id: i64, marks: &[(Stage, &str, i64)]) -> MarkingItem {
        MarkingItem {
            code: code.into(),
            question_id,
            stem: format!("Q{question_id}"),
            reference: "ref".into(),
            marking_points: vec![],
            max_points: 10,
            response: "answer".into(),
            marks: marks
                .iter()
                .map(|&(stage, marker, points)| GivenMark {
                    stage,
                    marker: marker.into(),
                    points,
                })
                .collect(),
        }
    }

    #[test]
    fn markers_get_first_marks_first_and_never_their_own_script_twice() {
        let plan = MarkingPlan::Double { margin: 1 };
        let items = [
            item("B", 1, &[(Stage::First, "ann", 4)]),
            item("A", 1, &[]),
            item(
                "C",
                1,
                &[(Stage::First, "ann", 2), (Stage::Second, "bob", 9)],
            ),
        ];
        let ann = next_script(plan, &items, "ann").expect("a script for ann");
        assert_eq!((ann.code.as_str(), ann.stage), ("A", Stage::First));
        assert!(ann.earlier.is_empty());
        let bob = next_script(plan, &items[..1], "bob").expect("a second mark for bob");
        assert_eq!((bob.code.as_str(), bob.stage), ("B", Stage::Second));
        assert_eq!(next_script(plan, &items[..1], "ann"), None);
        // Only a third marker reconciles C, and sees the two marks.
        assert_eq!(next_script(plan, &items[2..], "bob"), None);
        let cat = next_script(plan, &items[2..], "cat").expect("a reconciliation");
        assert_eq!(
            (cat.stage, cat.earlier.clone()),
            (Stage::Reconciliation, vec![2, 9])
        );

        let progress = question_progress(plan, &items);
        assert_eq!(progress.len(), 1);
        assert_eq!(
            (
                progress[0].scripts,
                progress[0].waiting,
                progress[0].finished
            ),
            (3, [1, 1, 1], 0)
        );
    }
}
