//! Planning an import: which rows are new, which repeat a question already in the bank (or
//! earlier in the file), which are rejected. Pure: the caller supplies the bank's signatures.

use std::collections::HashSet;

use question_bank::formats::{FileError, ImportRow};
use question_bank::question::Question;
use question_bank::Bilingual;

use super::{ImportPreview, PreviewRow, RejectedRow};

/// What makes two questions the same: the stem and the options, whitespace-trimmed.
pub type Signature = (String, Vec<String>);

/// A question's signature.
pub fn signature(question: &Question) -> Signature {
    (question.stem().to_owned(), question.options().to_vec())
}

/// Splits parsed rows into new questions, duplicates and rejections.
pub fn plan(
    file_name: &str,
    parsed: Result<Vec<ImportRow>, FileError>,
    existing: &HashSet<Signature>,
) -> (ImportPreview, Vec<Question>) {
    let mut preview = ImportPreview {
        batch_id: 0,
        file_name: file_name.to_owned(),
        file_error: None,
        added: Vec::new(),
        duplicates: Vec::new(),
        rejected: Vec::new(),
        committed: false,
    };
    let mut to_add = Vec::new();
    let rows = match parsed {
        Ok(rows) => rows,
        Err(e) => {
            preview.file_error = Some((e.zh(), e.en()));
            return (preview, to_add);
        }
    };
    let mut seen: HashSet<Signature> = HashSet::new();
    for row in rows {
        match row.result {
            Err(e) => preview.rejected.push(RejectedRow {
                message_zh: e.message_zh(),
                message_en: e.message_en(),
            }),
            Ok(question) => {
                let sig = signature(&question);
                let line = PreviewRow {
                    row: row.row as i64,
                    bank: question.bank(),
                    kind: question.kind(),
                    stem: question.stem().to_owned(),
                    key: question.key().display(),
                    citation: question.citation().label(),
                };
                if existing.contains(&sig) || !seen.insert(sig) {
                    preview.duplicates.push(line);
                } else {
                    preview.added.push(line);
                    to_add.push(question);
                }
            }
        }
    }
    (preview, to_add)
}

#[cfg(test)]
mod tests {
    use super::*;
    use question_bank::formats::{self, Format};

    const CSV: &str = "题库,题型,题干,选项A,选项B,答案,难度,法律,条\n\
        通用,单选题,新题（ ）。,甲,乙,A,1,宪法,1\n\
        通用,单选题,已有的题（ ）。,甲,乙,A,1,宪法,1\n\
        通用,单选题,新题（ ）。,甲,乙,B,1,宪法,1\n\
        通用,单选题,坏题（ ）。,甲,乙,C,1,宪法,1\n";

    #[test]
    fn rows_split_into_new_duplicate_and_rejected() {
        let existing: HashSet<Signature> = [(
            "已有的题（ ）。".to_owned(),
            vec!["甲".to_owned(), "乙".to_owned()],
        )]
        .into();
        let (preview, to_add) = plan(
            "q.csv",
            formats::read(Format::Csv, CSV.as_bytes()),
            &existing,
        );
        assert_eq!(preview.added.iter().map(|r| r.row).collect::<Vec<_>>(), [2]);
        assert_eq!(
            preview.duplicates.iter().map(|r| r.row).collect::<Vec<_>>(),
            [3, 4],
            "against the bank, then within the file"
        );
        assert_eq!(preview.rejected.len(), 1);
        assert_eq!(
            preview.rejected[0].message_zh,
            "第5行 F列：正确答案C不是已有的选项"
        );
        assert_eq!(to_add.len(), 1);
        assert!(
            !preview.can_commit(),
            "a file with a rejected row cannot be committed"
        );
    }
}
