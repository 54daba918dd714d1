//! The audit log in words: each event's record by its name and its detail as labelled
//! fields, in the viewer's language, so the audit page shows no codes, ids or JSON.
//!
//! The server names the records (the store reads the names of the records in the viewer's
//! reach); this module decides what is shown. Nothing here reads a question's key, an
//! answer or an access code: the names are titles, people's names, logins and the first
//! words of a question's stem.

use std::collections::HashMap;

use question_bank::exam::clock::format_cst;
use serde_json::Value;

use super::AuditEventView;
use crate::i18n::Lang;

/// The kinds of record an event can name, each read by the store from its own table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordKind {
    Sitting,
    Candidate,
    Attempt,
    User,
    Jurisdiction,
    Question,
    Meeting,
    Nomination,
    Oath,
    ImportBatch,
}

impl RecordKind {
    /// The kind an event's `entity` names, if it is a record with a name.
    pub fn of_entity(entity: &str) -> Option<Self> {
        Some(match entity {
            "sitting" => Self::Sitting,
            "candidate" => Self::Candidate,
            "attempt" => Self::Attempt,
            "user" => Self::User,
            "jurisdiction" => Self::Jurisdiction,
            "question" => Self::Question,
            "meeting" => Self::Meeting,
            "nomination" => Self::Nomination,
            "oath" => Self::Oath,
            "import_batch" => Self::ImportBatch,
            _ => return None,
        })
    }
}

/// The names the store found, by kind and id.
pub type Names = HashMap<(RecordKind, i64), String>;

/// A detail key that names a record of a kind (a single id, or a list of ids).
fn referenced_kind(key: &str) -> Option<RecordKind> {
    Some(match key {
        "sitting_id" => RecordKind::Sitting,
        "parent_id" => RecordKind::Jurisdiction,
        "question" => RecordKind::Question,
        "candidate" => RecordKind::Candidate,
        "meeting" => RecordKind::Meeting,
        "nominations" => RecordKind::Nomination,
        _ => return None,
    })
}

/// Detail keys left out of the page: ids of records shown elsewhere (an appeal's or
/// report's own number, a revision's previous version).
const HIDDEN: &[&str] = &["appeal", "report", "previous"];

/// The records an event names, in its entity and its detail, for the store to look up.
pub fn references(event: &AuditEventView) -> Vec<(RecordKind, i64)> {
    let mut refs = Vec::new();
    if let (Some(kind), Ok(id)) = (
        RecordKind::of_entity(&event.entity),
        event.entity_id.parse::<i64>(),
    ) {
        refs.push((kind, id));
    }
    fn walk(value: &Value, refs: &mut Vec<(RecordKind, i64)>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    if let Some(kind) = referenced_kind(key) {
                        let ids: Vec<i64> = match value {
                            Value::Array(items) => items.iter().filter_map(Value::as_i64).collect(),
                            other => other.as_i64().into_iter().collect(),
                        };
                        refs.extend(ids.into_iter().map(|id| (kind, id)));
                    }
                    walk(value, refs);
                }
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, refs)),
            _ => {}
        }
    }
    if let Ok(detail) = serde_json::from_str::<Value>(&event.detail) {
        walk(&detail, &mut refs);
    }
    refs
}

/// The event's record in words ("考试场次 2026年第一次任前考试"), in `lang`.
pub fn record_text(event: &AuditEventView, names: &Names, lang: Lang) -> String {
    let kind_label = super::entity_label(&event.entity, lang);
    let name = RecordKind::of_entity(&event.entity)
        .zip(event.entity_id.parse::<i64>().ok())
        .and_then(|key| names.get(&key).cloned());
    match (name, RecordKind::of_entity(&event.entity)) {
        (Some(name), _) => format!("{kind_label} {name}"),
        // A record out of the viewer's reach or since removed: said so, not numbered.
        (None, Some(_)) => format!(
            "{kind_label}{}",
            lang.pick("（无法显示名称）", " (name not available)")
        ),
        // The export names the chain's head it was taken at.
        (None, None) if event.entity == "audit" => format!(
            "{kind_label}{}",
            lang.pick(
                format!("（截至第{}条记录）", event.entity_id),
                format!(" (up to event {})", event.entity_id)
            )
        ),
        // Not a numbered record (a login name, a backup file): its own words.
        (None, None) if event.entity_id.is_empty() => kind_label,
        (None, None) => format!("{kind_label} {}", event.entity_id),
    }
}

/// The event's detail as (label, value) pairs in `lang`; text that is not a JSON object is
/// shown as one field.
pub fn detail_fields(event: &AuditEventView, names: &Names, lang: Lang) -> Vec<(String, String)> {
    let Ok(detail) = serde_json::from_str::<Value>(&event.detail) else {
        return vec![(lang.pick("详情", "Detail").to_owned(), event.detail.clone())];
    };
    let mut fields = Vec::new();
    flatten(&event.action, &detail, names, lang, &mut fields);
    fields
}

fn flatten(
    action: &str,
    detail: &Value,
    names: &Names,
    lang: Lang,
    fields: &mut Vec<(String, String)>,
) {
    let Value::Object(map) = detail else {
        if let Some(value) = value_text(action, "", detail, names, lang) {
            fields.push((lang.pick("详情", "Detail").to_owned(), value));
        }
        return;
    };
    for (key, value) in map {
        if HIDDEN.contains(&key.as_str()) {
            continue;
        }
        // A nested step or rule set: its own fields, labelled as themselves.
        if value.is_object() && key != "changes" {
            flatten(action, value, names, lang, fields);
            continue;
        }
        if let Some(text) = value_text(action, key, value, names, lang) {
            fields.push((key_label(action, key, lang), text));
        }
    }
}

/// A record's name, or words saying it cannot be shown.
fn name_of(names: &Names, kind: RecordKind, id: i64, lang: Lang) -> String {
    names.get(&(kind, id)).cloned().unwrap_or_else(|| {
        lang.pick("（无法显示名称）", "(name not available)")
            .to_owned()
    })
}

/// One detail value in words; `None` for a value with nothing to say (null).
fn value_text(action: &str, key: &str, value: &Value, names: &Names, lang: Lang) -> Option<String> {
    if let Some(kind) = referenced_kind(key) {
        return Some(match value {
            Value::Array(items) => items
                .iter()
                .filter_map(Value::as_i64)
                .map(|id| name_of(names, kind, id, lang))
                .collect::<Vec<_>>()
                .join(lang.pick("、", ", ")),
            other => name_of(names, kind, other.as_i64()?, lang),
        });
    }
    Some(match value {
        Value::Null => return None,
        Value::Bool(b) => lang
            .pick(if *b { "是" } else { "否" }, if *b { "yes" } else { "no" })
            .to_owned(),
        Value::Number(n) => match n.as_i64() {
            Some(ms) if key.ends_with("_at") || key.ends_with("_until") => format_cst(ms),
            _ => n.to_string(),
        },
        Value::String(s) => code_label(action, key, s, lang).unwrap_or_else(|| s.clone()),
        // A list of question ids: how many (the questions themselves are on the bank page).
        Value::Array(items) if key == "questions" || key == "corrected_questions" => {
            items.len().to_string()
        }
        Value::Array(items) if key == "changes" => items
            .iter()
            .map(|c| score_change(c, names, lang))
            .collect::<Vec<_>>()
            .join(lang.pick("；", "; ")),
        Value::Array(items) => items
            .iter()
            .filter_map(|v| value_text(action, "", v, names, lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
        Value::Object(_) => return None,
    })
}

/// One candidate's changed score in a regrade: "王建国 58 → 62（未通过 → 通过）".
fn score_change(change: &Value, names: &Names, lang: Lang) -> String {
    let who = change["candidate"]
        .as_i64()
        .map(|id| name_of(names, RecordKind::Candidate, id, lang))
        .unwrap_or_default();
    let passed = |v: &Value| match v.as_bool() {
        Some(true) => lang.pick("通过", "passed"),
        _ => lang.pick("未通过", "failed"),
    };
    let mut text = format!("{who} {} → {}", change["from"], change["to"]);
    if change["passed_from"] != change["passed_to"] {
        text.push_str(&lang.pick(
            format!(
                "（{} → {}）",
                passed(&change["passed_from"]),
                passed(&change["passed_to"])
            ),
            format!(
                " ({} → {})",
                passed(&change["passed_from"]),
                passed(&change["passed_to"])
            ),
        ));
    }
    text
}

/// A stored code ("admin", "single", "scheduled") in words, by the key (and for "from" and
/// "to", the action) it is recorded under.
fn code_label(action: &str, key: &str, code: &str, lang: Lang) -> Option<String> {
    macro_rules! named {
        ($ty:ty) => {
            <$ty>::parse(code).map(|v| lang.pick(v.label_zh(), v.label_en()).to_string())
        };
    }
    use question_bank::appointments::appointment::{
        ExemptionGround, FailurePolicy, NominatingBody, OathForm, OathTextVersion, ReportForm,
        Satisfaction, Statement,
    };
    use question_bank::appointments::nomination::NominationStatus;
    use question_bank::bank::question::{QuestionKind, QuestionStatus};
    use question_bank::bank::Bank;
    use question_bank::exam::lifecycle::SittingState;
    use question_bank::exam::rules::{PaperMode, ReviewPolicy};
    use question_bank::exam::scoring::MultiChoicePolicy;
    use question_bank::results::marking::MarkingPlan;
    use question_bank::results::AppealOutcome;
    match key {
        "role" => crate::auth::Role::parse(code).map(|r| r.label(lang).to_owned()),
        "bank" => named!(Bank),
        "kind" => named!(QuestionKind),
        "status" => named!(QuestionStatus),
        "review" => named!(ReviewPolicy),
        "paper_mode" => named!(PaperMode),
        "multi_choice" => named!(MultiChoicePolicy),
        "marking" => named!(MarkingPlan),
        "outcome" => named!(AppealOutcome),
        "body" => named!(NominatingBody),
        "failure_policy" => named!(FailurePolicy),
        "base" => Some(
            match code {
                "AllMembers" => lang.pick("全体组成人员", "all members"),
                "VotesCast" => lang.pick("实际投票数", "votes cast"),
                _ => return None,
            }
            .to_owned(),
        ),
        "ground" => named!(ExemptionGround),
        "statement" => named!(Statement),
        "result" => named!(Satisfaction),
        "text" if action == "oath.record" => named!(OathTextVersion),
        "form" if action == "oath.record" => named!(OathForm),
        "form" if action == "report.record" => named!(ReportForm),
        "from" | "to" if action.starts_with("sitting.") => named!(SittingState),
        "from" | "to" if action.starts_with("nomination.") => named!(NominationStatus),
        "to" if action.starts_with("question.") => named!(QuestionStatus),
        "form" if action.starts_with("login.") => Some(
            match code {
                "staff" => lang.pick("工作人员登录", "staff login"),
                "candidate" => lang.pick("考生登录", "candidate login"),
                "practice" => lang.pick("考前练习登录", "practice login"),
                "results" => lang.pick("成绩查询登录", "results login"),
                _ => return None,
            }
            .to_owned(),
        ),
        _ => None,
    }
}

/// A detail key's label; a key without one shows as recorded (the generic fallback).
fn key_label(action: &str, key: &str, lang: Lang) -> String {
    let (zh, en) = match key {
        "title" => ("标题", "Title"),
        "opens_at" => ("开始时间", "Opens"),
        "closes_at" => ("结束时间", "Closes"),
        "duration_minutes" => ("考试时长（分钟）", "Duration (minutes)"),
        "pass_mark" => ("及格分", "Pass mark"),
        "late_entry_minutes" => ("迟到限制（分钟）", "Late entry (minutes)"),
        "retakes_allowed" => ("允许补考次数", "Retakes allowed"),
        "review" => ("公布后可查看", "Review after publication"),
        "multi_choice" => ("多选题计分", "Multiple-choice scoring"),
        "marking" => ("阅卷方式", "Marking"),
        "questions" => ("试题数", "Questions"),
        "corrected_questions" => ("更正的试题数", "Corrected questions"),
        "paper_mode" => ("组卷方式", "Papers"),
        "paper_lot" => ("抽中试卷", "Paper drawn by lot"),
        "source" => ("来源", "Source"),
        "enrolled" => ("报名人数", "Enrolled"),
        "sitting_id" => ("考试场次", "Sitting"),
        "ticket_number" => ("准考证号", "Ticket number"),
        "name" => ("姓名", "Name"),
        "id_card" => ("身份证号（部分隐藏）", "ID card (masked)"),
        "retake" => ("补考", "Retake"),
        "minutes" => ("分钟", "Minutes"),
        "attempts" => ("答卷数", "Attempts"),
        "finished_at" => ("交卷时间", "Handed in"),
        "finalized" => ("到时交卷数", "Finished at deadline"),
        "script" => ("答卷密号", "Script code"),
        "question" => ("试题", "Question"),
        "stage" => ("评阅轮次", "Marking round"),
        "points" => ("给分", "Points given"),
        "final" => ("最终得分", "Final points"),
        "paper_complete" => ("整卷已评完", "Paper fully marked"),
        "changes" if action == "statute.load" => ("变动的条文数", "Articles changed"),
        "changes" => ("成绩变动", "Score changes"),
        "questions_measured" => ("记录实测难度的试题数", "Questions measured"),
        "law" => ("法律", "Law"),
        "article" => ("条", "Article"),
        "articles" => ("新文本条文数", "Articles in the new text"),
        "articles_to_review" => ("须复核的原条文", "Former articles to review"),
        "questions_flagged" => ("待复核试题数", "Questions held for review"),
        "shipped" => ("随系统新版本附带", "Shipped with a release"),
        "from_unknown" => (
            "无原文本的版本（相关试题全部待复核）",
            "Versions without a text (all their questions held)",
        ),
        "papers" => ("答卷数", "Papers"),
        "passes" => ("通过人数", "Passes"),
        "term_ends_at" | "valid_until" => ("合格有效期至", "Pass valid until"),
        "specialist_exempt" => ("专业部分免考", "Specialist part exempt"),
        "meeting" => ("会议", "Meeting"),
        "score" => ("成绩", "Score"),
        "outcome" => ("复核结果", "Outcome"),
        "from" => ("原", "From"),
        "to" if action == "backup.create" => ("备份文件", "Backup file"),
        "to" => ("改为", "To"),
        "ip" => ("IP 地址", "IP address"),
        "form" if action.starts_with("login.") => ("登录入口", "Login form"),
        "form" => ("方式", "Form"),
        "username" => ("登录名", "Login"),
        "role" => ("角色", "Role"),
        "code" => ("代码", "Code"),
        "parent_id" => ("上级行政区", "Parent jurisdiction"),
        "disabled_accounts" => ("一并停用的账号数", "Accounts disabled with it"),
        "tag" => ("标签", "Tag"),
        "changed" => ("实际变更数", "Changed"),
        "added" => ("新增", "Added"),
        "revised" => ("修改", "Revised"),
        "duplicates_skipped" => ("跳过的重复题", "Duplicates skipped"),
        "bank" => ("题库", "Bank"),
        "kind" => ("题型", "Type"),
        "citation" => ("法条出处", "Source article"),
        "status" => ("状态", "Status"),
        "version" => ("版本", "Version"),
        "post" => ("拟任职务", "Post"),
        "body" => ("提请机关", "Nominating body"),
        "document" => ("文号", "Document number"),
        "row" => ("行号", "Row"),
        "held_on" => ("会议日期", "Held on"),
        "leader" => ("领誓人", "Oath leader"),
        "place" => ("地点", "Place"),
        "text" => ("誓词", "Oath text"),
        "takers" => ("宣誓人数", "Oath-takers"),
        "nominations" => ("宣誓人", "Who took the oath"),
        "satisfied" => ("满意票", "Satisfied"),
        "basically_satisfied" => ("基本满意票", "Basically satisfied"),
        "dissatisfied" => ("不满意票", "Dissatisfied"),
        "members" => ("组成人员数", "Members"),
        "result" => ("测评结果", "Result"),
        "number" => ("任命书编号", "Certificate number"),
        "signer" => ("签发人", "Signed by"),
        "ground" => ("免考事由", "Exemption ground"),
        "basis" => ("依据", "Basis"),
        "approver" => ("批准人", "Approved by"),
        "statement" => ("表态发言", "Statement"),
        "carried" => ("通过", "Carried"),
        "on" => ("日期", "Date"),
        "for_" => ("赞成票", "For"),
        "against" => ("反对票", "Against"),
        "base" => ("满意度计算基数", "Satisfaction counted over"),
        "chair_name" => ("主任姓名（签发任命书）", "Chair (signs certificates)"),
        "committee_members" => ("常委会组成人员数", "Committee members"),
        "satisfied_over_percent" => ("满意票超过（%）", "Satisfied over (%)"),
        "dissatisfied_over_percent" => ("不满意票超过（%）", "Dissatisfied over (%)"),
        "failure_policy" => ("未通过考试的处理", "When the exam is failed"),
        "holidays" => ("法定节假日", "Public holidays"),
        "make_up_workdays" => ("调休工作日", "Make-up working days"),
        "oath_working_days" => ("宣誓期限（工作日）", "Oath within (working days)"),
        "abstain" => ("弃权票", "Abstentions"),
        "filters" => ("筛选条件", "Filters"),
        "events" => ("导出条数", "Events exported"),
        "format" => ("格式", "Format"),
        "permission" => ("被拒绝的权限", "Permission refused"),
        other => return other.to_owned(),
    };
    lang.pick(zh, en).to_owned()
}

/// Fills each event's `record` and `fields` from the names the store found.
pub fn describe(events: &mut [AuditEventView], names: &Names, lang: Lang) {
    for event in events {
        event.record = record_text(event, names, lang);
        event.fields = detail_fields(event, names, lang);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(action: &str, entity: &str, entity_id: &str, detail: &str) -> AuditEventView {
        AuditEventView {
            id: 1,
            at: 0,
            actor: "张明（zhangming）".into(),
            action: action.into(),
            entity: entity.into(),
            entity_id: entity_id.into(),
            reason: None,
            detail: detail.into(),
            record: String::new(),
            fields: Vec::new(),
        }
    }

    #[test]
    fn records_and_ids_in_the_detail_are_named() {
        let e = event(
            "candidate.reissue_code",
            "candidate",
            "7",
            r#"{"sitting_id": 3, "ticket_number": "202600010001"}"#,
        );
        assert_eq!(
            references(&e),
            vec![(RecordKind::Candidate, 7), (RecordKind::Sitting, 3)]
        );
        let names = Names::from([
            ((RecordKind::Candidate, 7), "王建国".to_owned()),
            ((RecordKind::Sitting, 3), "2026年第一次任前考试".to_owned()),
        ]);
        assert_eq!(record_text(&e, &names, Lang::Zh), "考生 王建国");
        assert_eq!(
            detail_fields(&e, &names, Lang::Zh),
            vec![
                ("考试场次".to_owned(), "2026年第一次任前考试".to_owned()),
                ("准考证号".to_owned(), "202600010001".to_owned()),
            ]
        );
    }

    #[test]
    fn codes_and_nested_details_are_in_words() {
        let e = event(
            "sitting.open",
            "sitting",
            "3",
            r#"{"from": "scheduled", "to": "open", "extra": {"carried": true}}"#,
        );
        let fields = detail_fields(&e, &Names::new(), Lang::En);
        assert_eq!(fields[0], ("Carried".to_owned(), "yes".to_owned()));
        assert_eq!(fields[1].0, "From");
        assert_ne!(fields[1].1, "scheduled");
        // An unnamed record says so instead of showing its number.
        assert_eq!(
            record_text(&e, &Names::new(), Lang::En),
            "sitting (name not available)"
        );
    }

    #[test]
    fn text_that_is_not_json_is_one_field() {
        let e = event("backup.create", "backup", "", "not json");
        assert_eq!(
            detail_fields(&e, &Names::new(), Lang::Zh),
            vec![("详情".to_owned(), "not json".to_owned())]
        );
        assert_eq!(record_text(&e, &Names::new(), Lang::Zh), "备份");
    }
}
