//! The seed bank shipped with Renqian: cited questions for every bank, in the project's own
//! JSON format, embedded in the binary so the demo and `renqian seed-bank` work anywhere.
//! Each question was written from, and checked against, the statute texts in `shared/laws`.

use crate::bank::question::Question;
use crate::formats::{self, Format};

/// (file name, contents) of every seed file.
pub const FILES: &[(&str, &str)] = &[
    ("common.json", include_str!("../../seed/common.json")),
    ("npc.json", include_str!("../../seed/npc.json")),
    (
        "government.json",
        include_str!("../../seed/government.json"),
    ),
    (
        "supervision.json",
        include_str!("../../seed/supervision.json"),
    ),
    ("court.json", include_str!("../../seed/court.json")),
    (
        "procuratorate.json",
        include_str!("../../seed/procuratorate.json"),
    ),
];

/// Every seed question. The files are checked by this crate's tests, so a rejected row here
/// is a build defect, reported with its file, row and reason.
pub fn questions() -> Result<Vec<Question>, String> {
    let mut all = Vec::new();
    for (name, text) in FILES {
        for row in
            formats::read(Format::Json, text.as_bytes()).map_err(|e| format!("{name}: {e}"))?
        {
            all.push(
                row.result
                    .map_err(|e| format!("{name}: {}", e.message_zh()))?,
            );
        }
    }
    Ok(all)
}
