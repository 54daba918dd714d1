//! The audit log (审计日志): an append-only record of every staff action.

pub mod api;
pub mod page;
#[cfg(feature = "ssr")]
pub mod repo;
#[cfg(feature = "ssr")]
pub mod words;

use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// Who made a change, as the audit log records it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    /// The staff account, if a person (not the CLI or a background job) acted.
    pub user_id: Option<i64>,
    /// "张明（zhangming）", "cli", "deadline sweeper".
    pub label: String,
    /// The actor's own jurisdiction.
    pub jurisdiction_id: Option<i64>,
}

impl Actor {
    /// A process of the system itself, e.g. the admin CLI or the deadline sweeper.
    pub fn system(label: &str) -> Self {
        Self {
            user_id: None,
            label: label.to_owned(),
            jurisdiction_id: None,
        }
    }
}

/// What an audited action is called on screen (`AuditAction`'s one label table); a code no
/// action has shows as it is.
pub fn action_label(action: &str, lang: Lang) -> String {
    match question_bank::audit_action::AuditAction::parse(action) {
        Some(a) => lang.pick(a.label_zh(), a.label_en()).to_owned(),
        None => action.to_owned(),
    }
}

/// What kind of record an audit event is about, on screen.
pub fn entity_label(entity: &str, lang: Lang) -> String {
    let (zh, en) = match entity {
        "question" => ("试题", "question"),
        "sitting" => ("考试场次", "sitting"),
        "candidate" => ("考生", "candidate"),
        "attempt" => ("答卷", "attempt"),
        "user" => ("账号", "account"),
        "login" => ("登录", "login"),
        "audit" => ("审计日志", "audit log"),
        "import_batch" => ("导入批次", "import"),
        "jurisdiction" => ("行政区", "jurisdiction"),
        "meeting" => ("会议", "meeting"),
        "nomination" => ("提请任命", "nomination"),
        "oath" => ("宣誓", "oath"),
        "backup" => ("备份", "backup"),
        other => return other.to_owned(),
    };
    lang.pick(zh, en).to_owned()
}

/// One audit event as the audit page shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEventView {
    pub id: i64,
    pub at: i64,
    pub actor: String,
    pub action: String,
    pub entity: String,
    pub entity_id: String,
    pub reason: Option<String>,
    /// The detail as recorded (JSON): what the chain hashes and the export keeps.
    pub detail: String,
    /// The record in words for the viewer ("考试场次 2026年第一次任前考试"), filled by the
    /// server (see [`words`]).
    #[serde(default)]
    pub record: String,
    /// The detail as labelled fields in the viewer's language, filled by the server.
    #[serde(default)]
    pub fields: Vec<(String, String)>,
}

/// Events per audit page (and the most one request reads).
pub const PAGE_SIZE: usize = 100;
/// The most events one Excel export holds; a wider range is narrowed with the filters.
pub const EXPORT_LIMIT: usize = 50_000;

/// The audit page's filters as the GET form sends them (all optional, text as typed), so the
/// page, its "older" link and the Excel export share one query string.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditQuery {
    /// Part of the actor's name or login.
    #[serde(default)]
    pub actor: String,
    /// An action code ("login.failed") or its prefix ending in '.' ("login.").
    #[serde(default)]
    pub action: String,
    /// The kind of record ("sitting", "candidate", "login", …).
    #[serde(default)]
    pub entity: String,
    /// The record's id.
    #[serde(default)]
    pub entity_id: String,
    /// From this instant, "2026-11-22T14:00" (China Standard Time), inclusive.
    #[serde(default)]
    pub from: String,
    /// Until this instant, exclusive.
    #[serde(default)]
    pub to: String,
    /// Only events older than this id (the "older" link).
    #[serde(default)]
    pub before: String,
}

/// The filters, checked: what the database adapter reads.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub actor: Option<String>,
    /// Exact action, or a prefix when it ends in '.'.
    pub action: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<i64>,
    pub to: Option<i64>,
    pub before_id: Option<i64>,
}

impl AuditQuery {
    /// Checks the filters; a date or id that cannot be read is refused naming its field.
    pub fn filter(&self) -> Result<AuditFilter, crate::error::AppError> {
        use crate::error::AppError;
        fn text(field: &str, value: &str) -> Result<Option<String>, AppError> {
            let value = value.trim();
            if value.chars().count() > 200 {
                return Err(AppError::invalid(
                    Some(field),
                    format!("筛选条件“{field}”过长（最多200字）。"),
                    format!("The filter “{field}” is too long (200 characters at most)."),
                ));
            }
            Ok((!value.is_empty()).then(|| value.to_owned()))
        }
        fn instant(field: &str, value: &str) -> Result<Option<i64>, AppError> {
            let value = value.trim();
            if value.is_empty() {
                return Ok(None);
            }
            // "2026-11-22T14:00" is 16 characters; anything longer is not a date we read.
            (value.len() <= 16)
                .then(|| question_bank::exam::clock::parse_cst(value))
                .flatten()
                .map(Some)
                .ok_or_else(|| {
                    AppError::invalid(
                        Some(field),
                        format!("“{field}”不是有效的时间，请按 2026-11-22T14:00 的格式填写。"),
                        format!("“{field}” is not a valid time; write it as 2026-11-22T14:00."),
                    )
                })
        }
        let before_id = match self.before.trim() {
            "" => None,
            b => Some(b.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
                AppError::invalid(
                    Some("before"),
                    "翻页参数无效。",
                    "The page link is not valid.",
                )
            })?),
        };
        Ok(AuditFilter {
            actor: text("actor", &self.actor)?,
            action: text("action", &self.action)?,
            entity: text("entity", &self.entity)?,
            entity_id: text("entity_id", &self.entity_id)?,
            from: instant("from", &self.from)?,
            to: instant("to", &self.to)?,
            before_id,
        })
    }

    /// The query string of these filters, with `before` replaced (for the older-page link)
    /// or dropped (for the export).
    pub fn to_query_string(&self, before: Option<i64>) -> String {
        let before = before.map(|b| b.to_string()).unwrap_or_default();
        crate::components::query_string(&[
            ("actor", &self.actor),
            ("action", &self.action),
            ("entity", &self.entity),
            ("entity_id", &self.entity_id),
            ("from", &self.from),
            ("to", &self.to),
            ("before", &before),
        ])
    }
}

/// One page of the audit log with the chain's current head.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPageData {
    pub events: Vec<AuditEventView>,
    /// Whether older events match the filters (then the page links to them).
    pub more: bool,
    pub head: question_bank::audit_chain::ChainHead,
}

/// The audit log as an Excel table, for the export (newest first, as the page shows it): the
/// record and detail in words, with the detail as recorded beside them for an auditor.
#[cfg(feature = "ssr")]
pub fn export_tables(
    events: &[AuditEventView],
    head: &question_bank::audit_chain::ChainHead,
) -> Vec<question_bank::formats::xlsx::Table> {
    use question_bank::formats::xlsx::{Cell, Table};
    let text = |s: &str| Cell::Text(s.to_owned());
    vec![
        Table {
            name: "审计日志".into(),
            header: [
                "编号",
                "时间（北京时间）",
                "操作人",
                "操作",
                "对象",
                "对象编号",
                "原因",
                "详情",
                "详情（原始记录）",
            ]
            .map(str::to_owned)
            .to_vec(),
            rows: events
                .iter()
                .map(|e| {
                    vec![
                        Cell::Number(e.id as f64),
                        text(&question_bank::exam::clock::format_cst(e.at)),
                        text(&e.actor),
                        text(&e.action),
                        text(&e.record),
                        text(&e.entity_id),
                        text(e.reason.as_deref().unwrap_or_default()),
                        text(
                            &e.fields
                                .iter()
                                .map(|(label, value)| format!("{label}：{value}"))
                                .collect::<Vec<_>>()
                                .join("；"),
                        ),
                        text(&e.detail),
                    ]
                })
                .collect(),
        },
        Table {
            name: "审计链".into(),
            header: ["链头编号", "链头哈希"].map(str::to_owned).to_vec(),
            rows: vec![vec![Cell::Number(head.id as f64), text(&head.hash)]],
        },
    ]
}
