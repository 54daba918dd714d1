//! Planning an import: which rows are new, which revise a question of the importer's own
//! bank, which repeat a question already in the bank (or earlier in the file), which are
//! rejected. Pure: the caller supplies the questions the importer can see.

use std::collections::{HashMap, HashSet};

use question_bank::bank::question::Question;
use question_bank::formats::json::JsonQuestion;
use question_bank::formats::{FileError, ImportRow};
use question_bank::Bilingual;
use serde::{Deserialize, Serialize};

use super::repo::{QuestionRecord, Revision};
use super::{ChangedRow, ImportPreview, PreviewRow, RejectedRow};

/// What makes two questions the same: the stem and the options, whitespace-trimmed.
pub type Signature = (String, Vec<String>);

/// A question's signature.
pub fn signature(question: &Question) -> Signature {
    (question.stem().to_owned(), question.options().to_vec())
}

/// What an upload would do.
#[derive(Debug)]
pub struct Plan {
    pub preview: ImportPreview,
    pub to_add: Vec<Question>,
    pub revisions: Vec<Revision>,
}

/// Splits parsed rows into new questions, revisions of the importer's own questions,
/// duplicates and rejections. `existing` is every question the importer can see (retired
/// ones left out); `jurisdiction_id` is the importer's own.
pub fn plan(
    file_name: &str,
    parsed: Result<Vec<ImportRow>, FileError>,
    existing: &[QuestionRecord],
    jurisdiction_id: i64,
) -> Plan {
    let mut plan = Plan {
        preview: ImportPreview {
            batch_id: 0,
            file_name: file_name.to_owned(),
            file_error: None,
            added: Vec::new(),
            changed: Vec::new(),
            duplicates: Vec::new(),
            rejected: Vec::new(),
            committed: false,
        },
        to_add: Vec::new(),
        revisions: Vec::new(),
    };
    let rows = match parsed {
        Ok(rows) => rows,
        Err(e) => {
            plan.preview.file_error = Some((e.zh(), e.en()));
            return plan;
        }
    };
    // The importer's own editable question wins over an ancestor's with the same signature.
    let mut by_signature: HashMap<Signature, &QuestionRecord> = HashMap::new();
    for record in existing {
        let sig = (record.stem.clone(), record.options.clone());
        let own = record.editable_by(jurisdiction_id);
        by_signature
            .entry(sig)
            .and_modify(|kept| {
                if own && !kept.editable_by(jurisdiction_id) {
                    *kept = record;
                }
            })
            .or_insert(record);
    }
    let mut seen: HashSet<Signature> = HashSet::new();
    for row in rows {
        let question = match row.result {
            Ok(question) => question,
            Err(e) => {
                plan.preview.rejected.push(RejectedRow {
                    message_zh: e.message_zh(),
                    message_en: e.message_en(),
                });
                continue;
            }
        };
        let sig = signature(&question);
        let line = PreviewRow {
            row: row.row as i64,
            bank: question.bank(),
            kind: question.kind(),
            stem: question.stem().to_owned(),
            key: question.key().display(),
            citation: question.citation().label(),
        };
        if !seen.insert(sig.clone()) {
            plan.preview.duplicates.push(line);
            continue;
        }
        let Some(record) = by_signature.get(&sig) else {
            plan.preview.added.push(line);
            plan.to_add.push(question);
            continue;
        };
        let fields = match record.to_question() {
            Ok(current) if record.editable_by(jurisdiction_id) => current.differences(&question),
            // Another jurisdiction's question (or one that no longer validates) is not ours
            // to change: the row repeats it.
            _ => Vec::new(),
        };
        if fields.is_empty() {
            plan.preview.duplicates.push(line);
        } else {
            plan.preview.changed.push(ChangedRow {
                line,
                question_id: record.id,
                fields,
                old_key: record.key.display(),
            });
            plan.revisions.push(Revision {
                row: row.row as i64,
                id: record.id,
                question,
            });
        }
    }
    plan
}

/// A staged revision as stored with its upload.
#[derive(Serialize, Deserialize)]
struct StoredRevision {
    row: i64,
    id: i64,
    question: JsonQuestion,
}

/// The revisions as staged with an upload.
pub fn revisions_to_json(revisions: &[Revision]) -> String {
    let stored: Vec<StoredRevision> = revisions
        .iter()
        .map(|r| StoredRevision {
            row: r.row,
            id: r.id,
            question: JsonQuestion::from(&r.question),
        })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".to_owned())
}

/// Staged revisions read back, each question validated again.
pub fn revisions_from_json(json: &str) -> Result<Vec<Revision>, String> {
    let stored: Vec<StoredRevision> = serde_json::from_str(json).map_err(|e| e.to_string())?;
    stored
        .into_iter()
        .map(|r| {
            Ok(Revision {
                row: r.row,
                id: r.id,
                question: Question::parse(r.question.into()).map_err(|e| e.to_string())?,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use question_bank::bank::question::{QuestionField, QuestionStatus};
    use question_bank::formats::{self, Format};

    fn record(id: i64, jurisdiction_id: i64, stem: &str, key: &str) -> QuestionRecord {
        let rows = formats::read(
            Format::Csv,
            format!("题库,题型,题干,选项A,选项B,答案,难度,法律,条\n通用,单选题,{stem},甲,乙,{key},1,宪法,1\n").as_bytes(),
        )
        .expect("csv");
        let q = rows[0].result.clone().expect("valid");
        QuestionRecord {
            id,
            bank: q.bank(),
            kind: q.kind(),
            stem: q.stem().to_owned(),
            options: q.options().to_vec(),
            key: q.key().clone(),
            marking_points: Vec::new(),
            explanation: String::new(),
            difficulty: 1,
            law_id: "constitution".into(),
            article: 1,
            paragraph: None,
            tags: Vec::new(),
            status: QuestionStatus::Active,
            jurisdiction_id,
            jurisdiction_name: "市".into(),
            version: 1,
            reserved: false,
            law_version: "2018-03-11".into(),
            needs_review: false,
            measured: None,
        }
    }

    #[test]
    fn rows_split_into_new_changed_duplicate_and_rejected() {
        let existing = [
            record(7, 1, "已有的题（ ）。", "A"),
            record(8, 1, "要改答案的题（ ）。", "A"),
            record(9, 2, "上级的题（ ）。", "A"),
        ];
        let csv = "题库,题型,题干,选项A,选项B,答案,难度,法律,条\n\
            通用,单选题,新题（ ）。,甲,乙,A,1,宪法,1\n\
            通用,单选题,已有的题（ ）。,甲,乙,A,1,宪法,1\n\
            通用,单选题,新题（ ）。,甲,乙,B,1,宪法,1\n\
            通用,单选题,坏题（ ）。,甲,乙,C,1,宪法,1\n\
            通用,单选题,要改答案的题（ ）。,甲,乙,B,1,宪法,1\n\
            通用,单选题,上级的题（ ）。,甲,乙,B,1,宪法,1\n";
        let plan = plan(
            "q.csv",
            formats::read(Format::Csv, csv.as_bytes()),
            &existing,
            1,
        );
        let rows = |lines: &[PreviewRow]| lines.iter().map(|r| r.row).collect::<Vec<_>>();
        assert_eq!(rows(&plan.preview.added), [2]);
        assert_eq!(
            rows(&plan.preview.duplicates),
            [3, 4, 7],
            "the same as the bank's, repeated in the file, or another jurisdiction's"
        );
        assert_eq!(plan.preview.changed.len(), 1);
        let changed = &plan.preview.changed[0];
        assert_eq!((changed.line.row, changed.question_id), (6, 8));
        assert_eq!(changed.fields, [QuestionField::Key]);
        assert_eq!(
            (changed.old_key.as_str(), changed.line.key.as_str()),
            ("A", "B")
        );
        assert_eq!(plan.revisions.len(), 1);
        assert_eq!(
            plan.preview.rejected[0].message_zh,
            "第5行 F列：正确答案C不是已有的选项"
        );
        assert_eq!(plan.to_add.len(), 1);
        assert!(
            !plan.preview.can_commit(),
            "a file with a rejected row cannot be committed"
        );
    }

    #[test]
    fn a_file_that_only_revises_can_be_committed_and_its_revisions_round_trip() {
        let existing = [record(8, 1, "要改答案的题（ ）。", "A")];
        let csv = "题库,题型,题干,选项A,选项B,答案,难度,法律,条\n通用,单选题,要改答案的题（ ）。,甲,乙,B,1,宪法,1\n";
        let plan = plan(
            "q.csv",
            formats::read(Format::Csv, csv.as_bytes()),
            &existing,
            1,
        );
        assert!(plan.preview.added.is_empty());
        assert!(plan.preview.can_commit());
        let json = revisions_to_json(&plan.revisions);
        assert_eq!(revisions_from_json(&json), Ok(plan.revisions));
    }
}
