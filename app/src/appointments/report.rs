//! The figures and the story behind the appointment pages: yearly statistics per
//! jurisdiction with the city's total, and a person's timeline from nomination to oath.

use question_bank::appointments::appointment::{roll_up, CivilDate, OathStatus, VoteTally};
use question_bank::appointments::nomination::NominationStatus;

use super::repo::NominationFilter;
use super::{StatsRow, TimelineEvent, YearReport};
use crate::state::{Store, StoreError};

/// Each jurisdiction in reach with its figures for `year`, and the total.
pub async fn year_report(
    store: &dyn Store,
    scope_path: &str,
    year: i32,
) -> Result<YearReport, StoreError> {
    let rows: Vec<StatsRow> = store
        .year_stats(scope_path, year)
        .await?
        .into_iter()
        .map(|(jurisdiction_name, stats)| StatsRow {
            jurisdiction_name,
            stats,
        })
        .collect();
    let total = roll_up(&rows.iter().map(|r| r.stats).collect::<Vec<_>>());
    Ok(YearReport { year, rows, total })
}

/// The steps in the order of the workflow, for events of the same day (whose times are
/// only dates for meetings, votes and reports).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Nominated,
    Sat,
    Passed,
    Agenda,
    Statement,
    Vote,
    Certificate,
    Oath,
    Report,
}

fn event(
    stage: Stage,
    at: i64,
    zh: String,
    en: String,
    document: impl Into<String>,
    link: Option<String>,
) -> (Stage, TimelineEvent) {
    (
        stage,
        TimelineEvent {
            at,
            zh,
            en,
            document: document.into(),
            link,
        },
    )
}

fn tally(t: &VoteTally) -> (String, String) {
    (
        format!(
            "赞成{}票、反对{}票、弃权{}票（组成人员{}人）",
            t.for_, t.against, t.abstain, t.members
        ),
        format!(
            "{} for, {} against, {} abstaining ({} members)",
            t.for_, t.against, t.abstain, t.members
        ),
    )
}

/// A person's timeline in reach, oldest first: each sitting and result, each pass record,
/// and each nomination's steps to the oath and the reports, with dates and documents.
pub async fn timeline(
    store: &dyn Store,
    scope_path: &str,
    person_id: i64,
    now: i64,
) -> Result<Vec<TimelineEvent>, StoreError> {
    let mut events = Vec::new();
    if let Some(history) = store.person_history(scope_path, person_id).await? {
        for (summary, candidate) in &history.enrolments {
            let published = summary.results_published_at.is_some();
            let (zh, en) = match (published, candidate.score, candidate.passed) {
                (true, Some(score), Some(passed)) => (
                    format!(
                        "参加{}，成绩{score}分，{}",
                        summary.title,
                        if passed { "合格" } else { "不合格" }
                    ),
                    format!(
                        "Sat {}: {score} points, {}",
                        summary.title,
                        if passed { "passed" } else { "failed" }
                    ),
                ),
                _ => (
                    format!("报名参加{}", summary.title),
                    format!("Enrolled in {}", summary.title),
                ),
            };
            events.push(event(
                Stage::Sat,
                summary.opens_at,
                zh,
                en,
                format!("准考证号 {}", candidate.ticket_number),
                Some(format!("/staff/sittings/{}", summary.id)),
            ));
        }
        for p in &history.passes {
            events.push(event(
                Stage::Passed,
                p.passed_at,
                format!(
                    "取得考试合格记录（{}分），有效期至{}",
                    p.score,
                    CivilDate::of_instant(p.valid_until)
                ),
                format!(
                    "Pass record ({} points), valid until {}",
                    p.score,
                    CivilDate::of_instant(p.valid_until)
                ),
                p.sitting_title.clone(),
                Some(format!("/staff/sittings/{}/report", p.sitting_id)),
            ));
        }
    }
    let filter = NominationFilter {
        person_id: Some(person_id),
        ..Default::default()
    };
    let nominations = store.nominations(scope_path, filter).await?;
    let oaths = if nominations.iter().any(|n| n.sworn_at.is_some()) {
        store.oaths(scope_path).await?
    } else {
        Vec::new()
    };
    for n in &nominations {
        let link = Some(format!("/staff/nominations/{}", n.id));
        events.push(event(
            Stage::Nominated,
            n.created_at,
            format!("{}提请任命为{}", n.body.label_zh(), n.post),
            format!(
                "Nominated by the {} as {}",
                n.body.label_en().to_lowercase(),
                n.post
            ),
            n.document_number.clone(),
            link.clone(),
        ));
        if let (Some(at), Some(meeting)) = (n.agenda_at, &n.meeting) {
            events.push(event(
                Stage::Agenda,
                at,
                format!("列入{}议程", meeting.title),
                format!("On the agenda of {}", meeting.title),
                "",
                link.clone(),
            ));
        }
        if let (Some(statement), Some(meeting)) = (n.statement, &n.meeting) {
            events.push(event(
                Stage::Statement,
                meeting.held_on,
                format!("任前表态发言：{}", statement.label_zh()),
                format!("Statement: {}", statement.label_en()),
                meeting.title.clone(),
                link.clone(),
            ));
        }
        if let (Some(on), Some(vote)) = (n.appointed_on, &n.vote) {
            let (zh, en) = tally(vote);
            let carried = n.status == NominationStatus::Appointed;
            events.push(event(
                Stage::Vote,
                on,
                format!(
                    "{}：{zh}",
                    if carried {
                        format!("表决通过，任命为{}", n.post)
                    } else {
                        "表决未通过".to_owned()
                    }
                ),
                format!(
                    "{}: {en}",
                    if carried {
                        format!("Appointed {}", n.post)
                    } else {
                        "Not appointed".to_owned()
                    }
                ),
                n.meeting
                    .as_ref()
                    .map(|m| m.title.clone())
                    .unwrap_or_default(),
                link.clone(),
            ));
        }
        if let (Some(on), Some(number)) = (n.appointed_on, &n.certificate_number) {
            events.push(event(
                Stage::Certificate,
                on,
                "颁发任命书".into(),
                "Appointment certificate".into(),
                number.clone(),
                Some(format!("/staff/nominations/{}/certificate", n.id)),
            ));
        }
        if let Some(oath) = oaths
            .iter()
            .find(|o| o.takers.iter().any(|(id, _, _)| *id == n.id))
        {
            events.push(event(
                Stage::Oath,
                oath.held_at,
                format!("{}（{}）", oath.form.label_zh(), oath.place),
                format!("{} ({})", oath.form.label_en(), oath.place),
                oath.version.label_zh(),
                link.clone(),
            ));
        } else if let Some((OathStatus::Overdue { .. }, due)) = n.oath(now) {
            events.push(event(
                Stage::Oath,
                now,
                format!("逾期未进行宪法宣誓（应于{due}前）"),
                format!("Oath overdue (due by {due})"),
                "",
                link.clone(),
            ));
        }
        for r in store.reports(n.id).await? {
            events.push(event(
                Stage::Report,
                r.reported_on,
                format!("{}，满意度测评：{}", r.form.label_zh(), r.result.label_zh()),
                format!("{}; evaluation: {}", r.form.label_en(), r.result.label_en()),
                r.meeting.clone(),
                link.clone(),
            ));
        }
    }
    events.sort_by_key(|(stage, e)| (CivilDate::of_instant(e.at), *stage, e.at));
    Ok(events.into_iter().map(|(_, e)| e).collect())
}
