//! Builds a sitting's report from its marked papers: the statistics come from
//! `question_bank::results::analysis`; this only groups the papers and names things.

use std::collections::BTreeMap;

use question_bank::bank::laws;
use question_bank::formats::xlsx::{Cell, Table};
use question_bank::results::analysis::{histogram, item_analysis, kr20, summarize, Sheet};

use super::repo::SittingMarks;
use question_bank::exam::lifecycle::SittingState;

use super::{BankAnalysis, GroupRow, ItemRow, SittingReport};
use crate::auth::guard::StaffUser;
use crate::error::AppError;
use crate::sittings::feed::candidate_rows;
use crate::sittings::{CandidateStatus, IncidentView};
use crate::state::AppState;

/// Score bars of this many points.
const BAR_POINTS: i64 = 10;

/// The report of a sitting in the user's reach, now.
pub async fn load(
    state: &AppState,
    user: &StaffUser,
    sitting_id: i64,
) -> Result<SittingReport, AppError> {
    let marks = state
        .store
        .sitting_marks(&user.jurisdiction_path, sitting_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let incidents = state
        .store
        .incidents(&user.jurisdiction_path, sitting_id)
        .await?
        .into_iter()
        .map(IncidentView::from)
        .collect();
    let appeals = state
        .store
        .appeals(super::repo::AppealsOf::Sitting {
            scope_path: &user.jurisdiction_path,
            sitting_id,
        })
        .await?;
    Ok(SittingReport {
        appeals,
        ..build(marks, incidents, crate::state::now_ms())
    })
}

/// The report of a sitting, its clocks read at `now`.
pub fn build(marks: SittingMarks, incidents: Vec<IncidentView>, now: i64) -> SittingReport {
    let SittingMarks {
        summary,
        candidates,
        responses,
    } = marks;
    let rows = candidate_rows(candidates, summary.state, now, true);
    let count = |status: CandidateStatus| rows.iter().filter(|c| c.status == status).count() as i64;
    let counted: Vec<_> = rows
        .iter()
        .filter(|c| {
            matches!(
                c.status,
                CandidateStatus::Submitted | CandidateStatus::TimedOut
            )
        })
        .filter_map(|c| c.score.map(|score| (c.id, score, c.passed == Some(true))))
        .collect();
    let scores: Vec<i64> = counted.iter().map(|&(_, score, _)| score).collect();

    let mut sheets: BTreeMap<i64, Sheet> = BTreeMap::new();
    let mut by_kind: BTreeMap<&'static str, GroupRow> = BTreeMap::new();
    let mut by_law: BTreeMap<String, GroupRow> = BTreeMap::new();
    let mut questions: BTreeMap<i64, Named> = BTreeMap::new();
    for r in &responses {
        let Some(&(_, total, _)) = counted.iter().find(|(id, _, _)| *id == r.candidate_id) else {
            continue;
        };
        let correct = r.full_marks();
        let earned = r.earned(summary.multi_choice);
        sheets
            .entry(r.candidate_id)
            .or_insert_with(|| Sheet {
                total: total as f64,
                items: Vec::new(),
            })
            .items
            .push((r.question_id, share(earned, r.points)));
        let law = laws::find(&r.law_id).map_or_else(|| r.law_id.clone(), |l| l.name.to_owned());
        let kind_row = by_kind.entry(r.kind.as_str()).or_insert_with(|| GroupRow {
            label_zh: r.kind.label_zh().to_owned(),
            label_en: r.kind.label_en().to_owned(),
            ..GroupRow::default()
        });
        add(kind_row, correct, earned, r.points);
        let law_row = by_law.entry(r.law_id.clone()).or_insert_with(|| GroupRow {
            label_zh: law.clone(),
            label_en: r.law_id.clone(),
            ..GroupRow::default()
        });
        add(law_row, correct, earned, r.points);
        questions
            .entry(r.question_id)
            .or_insert_with(|| (r.kind, r.stem.clone(), law));
    }
    let sheets: Vec<Sheet> = sheets.into_values().collect();
    let items = item_rows(&sheets, &questions);
    SittingReport {
        enrolled: rows.len() as i64,
        sat: counted.len() as i64,
        absent: count(CandidateStatus::Absent) + count(CandidateStatus::NotStarted),
        voided: count(CandidateStatus::Voided),
        // Handed in but without a final score (a short answer waits for marking or for
        // arbitration), and still writing: with these the counts add up to the enrolled.
        awaiting_marking: count(CandidateStatus::Submitted) + count(CandidateStatus::TimedOut)
            - counted.len() as i64,
        in_progress: count(CandidateStatus::InProgress),
        passed: counted.iter().filter(|(_, _, passed)| *passed).count() as i64,
        stats: summarize(&scores.iter().map(|&s| s as f64).collect::<Vec<_>>()),
        histogram: histogram(&scores, summary.total_points, BAR_POINTS),
        by_kind: by_kind.into_values().collect(),
        by_law: by_law.into_values().collect(),
        kr20: kr20(&sheets),
        candidates: rows,
        items,
        incidents,
        appeals: Vec::new(),
        summary,
    }
}

/// What the analysis names a question by: its type, stem and law.
type Named = (question_bank::bank::question::QuestionKind, String, String);

/// Item analysis of the sheets, each item named.
fn item_rows(sheets: &[Sheet], questions: &BTreeMap<i64, Named>) -> Vec<ItemRow> {
    item_analysis(sheets)
        .into_iter()
        .filter_map(|stats| {
            let (kind, stem, law) = questions.get(&stats.question_id)?.clone();
            Some(ItemRow {
                question_id: stats.question_id,
                kind,
                stem,
                law,
                stats,
            })
        })
        .collect()
}

/// Item analysis across every closed sitting in the user's reach: each paper's total as a
/// percentage of its possible points, so sittings of different totals compare; items that
/// need a look first.
pub async fn across_sittings(state: &AppState, user: &StaffUser) -> Result<BankAnalysis, AppError> {
    let mut sheets: Vec<Sheet> = Vec::new();
    let mut questions: BTreeMap<i64, Named> = BTreeMap::new();
    let mut sittings = 0;
    for summary in state
        .store
        .sittings_in_scope(&user.jurisdiction_path)
        .await?
    {
        if !matches!(summary.state, SittingState::Closed | SittingState::Archived) {
            continue;
        }
        let Some(marks) = state
            .store
            .sitting_marks(&user.jurisdiction_path, summary.id)
            .await?
        else {
            continue;
        };
        sittings += 1;
        let rows = candidate_rows(marks.candidates, summary.state, 0, true);
        let mut by_candidate: BTreeMap<i64, Sheet> = BTreeMap::new();
        for r in &marks.responses {
            let Some(total) = rows
                .iter()
                .find(|c| {
                    c.id == r.candidate_id
                        && matches!(
                            c.status,
                            CandidateStatus::Submitted | CandidateStatus::TimedOut
                        )
                })
                .and_then(|c| c.score)
            else {
                continue;
            };
            let percent = total as f64 * 100.0 / summary.total_points.max(1) as f64;
            by_candidate
                .entry(r.candidate_id)
                .or_insert_with(|| Sheet {
                    total: percent,
                    items: Vec::new(),
                })
                .items
                .push((
                    r.question_id,
                    share(r.earned(summary.multi_choice), r.points),
                ));
            questions.entry(r.question_id).or_insert_with(|| {
                let law =
                    laws::find(&r.law_id).map_or_else(|| r.law_id.clone(), |l| l.name.to_owned());
                (r.kind, r.stem.clone(), law)
            });
        }
        sheets.extend(by_candidate.into_values());
    }
    let mut items = item_rows(&sheets, &questions);
    items.sort_by_key(|i| (i.stats.flags.is_empty(), i.question_id));
    Ok(BankAnalysis {
        sittings,
        papers: sheets.len() as i64,
        items,
    })
}

/// The share of an item's points earned, for item analysis (a short answer marked 7 of
/// 10 is 0.7, not wrong); an item worth nothing counts as nothing earned.
fn share(earned: i64, points: i64) -> f64 {
    if points <= 0 {
        0.0
    } else {
        earned as f64 / points as f64
    }
}

fn add(row: &mut GroupRow, correct: bool, earned: i64, points: i64) {
    row.responses += 1;
    row.possible += points;
    row.earned += earned;
    row.correct += i64::from(correct);
}

/// The report as worksheets (in Chinese, as filed): overview, candidates, parts and laws,
/// item analysis.
pub fn tables(r: &SittingReport) -> Vec<Table> {
    let text = |s: &str| Cell::Text(s.to_owned());
    let num = |n: i64| Cell::Number(n as f64);
    let opt = |v: Option<f64>| v.map_or_else(|| Cell::Text("—".into()), Cell::Number);
    let s = &r.summary;
    let mut overview = vec![
        vec![text("考试场次"), text(&s.title)],
        vec![text("举办单位"), text(&s.jurisdiction_name)],
        vec![
            text("开考时间"),
            text(&question_bank::exam::clock::format_cst(s.opens_at)),
        ],
        vec![text("满分"), num(s.total_points)],
        vec![text("合格线"), num(s.pass_mark)],
        vec![text("报名"), num(r.enrolled)],
        vec![text("参考"), num(r.sat)],
        vec![text("缺考"), num(r.absent)],
        vec![text("作废"), num(r.voided)],
        vec![text("待阅卷"), num(r.awaiting_marking)],
        vec![text("答题中"), num(r.in_progress)],
        vec![text("合格"), num(r.passed)],
        vec![text("合格率"), text(&r.pass_rate())],
    ];
    if let Some(st) = &r.stats {
        overview.extend([
            vec![text("平均分"), Cell::Number(st.mean)],
            vec![text("中位数"), Cell::Number(st.median)],
            vec![text("标准差"), Cell::Number(st.std_dev)],
            vec![text("最高分"), Cell::Number(st.max)],
            vec![text("最低分"), Cell::Number(st.min)],
        ]);
    }
    overview.push(vec![text("信度（KR-20）"), opt(r.kr20)]);
    let groups = |rows: &[GroupRow]| -> Vec<Vec<Cell>> {
        rows.iter()
            .map(|g| {
                vec![
                    text(&g.label_zh),
                    num(g.responses),
                    num(g.correct),
                    num(g.earned),
                    num(g.possible),
                ]
            })
            .collect()
    };
    let group_header = || {
        ["", "作答题次", "答对", "得分", "分值"]
            .map(str::to_owned)
            .to_vec()
    };
    vec![
        Table {
            name: "概况".into(),
            header: vec!["项目".into(), "数值".into()],
            rows: overview,
        },
        Table {
            name: "考生成绩".into(),
            header: ["准考证号", "姓名", "工作单位", "拟任职务", "成绩", "结果"]
                .map(str::to_owned)
                .to_vec(),
            rows: r
                .candidates
                .iter()
                .map(|c| {
                    let counted = matches!(
                        c.status,
                        CandidateStatus::Submitted | CandidateStatus::TimedOut
                    );
                    vec![
                        text(&c.ticket_number),
                        text(&c.name),
                        text(&c.employer),
                        text(&c.proposed_post),
                        c.score.filter(|_| counted).map_or_else(|| text("—"), num),
                        text(match (counted, c.status, c.passed) {
                            (true, _, Some(true)) => "合格",
                            (true, _, _) => "不合格",
                            (false, CandidateStatus::Voided, _) => "作废",
                            _ => "缺考",
                        }),
                    ]
                })
                .collect(),
        },
        Table {
            name: "分题型".into(),
            header: group_header(),
            rows: groups(&r.by_kind),
        },
        Table {
            name: "分法律".into(),
            header: group_header(),
            rows: groups(&r.by_law),
        },
        Table {
            name: "试题分析".into(),
            header: [
                "题号",
                "题型",
                "题干",
                "法律",
                "作答",
                "难度系数",
                "点二列相关",
                "高低分组差",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: r
                .items
                .iter()
                .map(|i| {
                    vec![
                        num(i.question_id),
                        text(i.kind.label_zh()),
                        text(&i.stem),
                        text(&i.law),
                        num(i.stats.answered_by as i64),
                        Cell::Number(i.stats.facility),
                        opt(i.stats.point_biserial),
                        opt(i.stats.upper_lower),
                    ]
                })
                .collect(),
        },
    ]
}
