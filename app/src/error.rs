//! The one error type every server function returns.
//!
//! Policy: a failure is logged once, where it is turned into an `AppError` (see
//! `From<StoreError>`); the browser gets a clear message in both languages and, for
//! internal failures, only an incident id to quote to support, never database text.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use question_bank::Bilingual;
use serde::{Deserialize, Serialize};

use crate::i18n::Lang;

/// What went wrong, as the person at the screen needs to know it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// No one is logged in, or the session has ended.
    #[error("not logged in")]
    Unauthenticated,
    /// Logged in, but not allowed to do this or to see this record.
    #[error("forbidden")]
    Forbidden,
    /// The record does not exist (or is outside the caller's jurisdiction: we do not say which).
    #[error("not found")]
    NotFound,
    /// The input broke a rule; `field` names the form field or column.
    #[error("{zh}")]
    Invalid {
        field: Option<String>,
        zh: String,
        en: String,
    },
    /// The request is well formed but the record's state refuses it (e.g. an exam already handed in).
    #[error("{zh}")]
    Refused { zh: String, en: String },
    /// Too many attempts; try again after this many seconds.
    #[error("rate limited")]
    RateLimited { retry_after_secs: i64 },
    /// The server is too busy to take the request now (503): the caller tries again.
    #[error("busy")]
    Busy { retry_after_secs: i64 },
    /// The request's body is larger than this server function takes (413).
    #[error("too large")]
    TooLarge,
    /// Our fault. The cause is in the server log under this incident id.
    #[error("internal error {incident}")]
    Internal { incident: String },
    /// The request never got a proper answer (network down, server restarting).
    #[error("network: {0}")]
    Network(String),
}

impl AppError {
    /// A rule broken by the input, in both languages.
    pub fn invalid(field: Option<&str>, zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self::Invalid {
            field: field.map(str::to_owned),
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The whole number a form field holds, if it is in `range`; otherwise a message
    /// naming the field and the range. The one way a typed number enters a server function.
    pub fn whole_number(
        field: &str,
        text: &str,
        range: &std::ops::RangeInclusive<i64>,
    ) -> Result<i64, Self> {
        question_bank::bounds::whole(text, range).map_err(|e| Self::field(field, &e))
    }

    /// A number argument, if it is in `range`; otherwise a message naming the field.
    pub fn in_range(
        field: &str,
        value: i64,
        range: &std::ops::RangeInclusive<i64>,
    ) -> Result<i64, Self> {
        question_bank::bounds::within(value, range).map_err(|e| Self::field(field, &e))
    }

    /// A domain error about one field.
    pub fn field(field: &str, error: &impl Bilingual) -> Self {
        Self::invalid(Some(field), error.zh(), error.en())
    }

    /// A refusal because of the record's state, in both languages.
    pub fn refused(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Self::Refused {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// Lets an irreversible action through only from its confirm step (`confirm` is "1");
    /// otherwise refuses, saying what the action would do.
    pub fn unless_confirmed(confirm: &str, consequence: &impl Bilingual) -> Result<(), Self> {
        if confirm == "1" {
            return Ok(());
        }
        Err(Self::refused(
            format!("请先确认：{}", consequence.zh()),
            format!("Confirm first: {}", consequence.en()),
        ))
    }

    /// The message for the person at the screen.
    pub fn message(&self, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            Self::Unauthenticated => pick(zh, "请先登录。", "Please log in."),
            Self::Forbidden => pick(
                zh,
                "您没有执行此操作的权限。",
                "You are not allowed to do this.",
            ),
            Self::NotFound => pick(zh, "未找到该记录。", "No such record."),
            Self::Invalid { zh: z, en: e, .. } | Self::Refused { zh: z, en: e } => {
                if zh {
                    z.clone()
                } else {
                    e.clone()
                }
            }
            Self::RateLimited { retry_after_secs } => {
                let minutes = (retry_after_secs + 59) / 60;
                if zh {
                    format!("尝试次数过多，请{minutes}分钟后再试。")
                } else {
                    format!("Too many attempts. Please try again in {minutes} minutes.")
                }
            }
            Self::TooLarge => pick(
                zh,
                "提交的内容过大，请删减后再提交。",
                "What was sent is too large; shorten it and send it again.",
            ),
            Self::Busy { .. } => pick(
                zh,
                "服务器繁忙，请稍候，系统会自动重试。",
                "The server is busy; retrying automatically.",
            ),
            Self::Internal { incident } => {
                if zh {
                    format!("系统内部错误，请联系管理员并提供事件编号 {incident}。")
                } else {
                    format!("Internal error. Please contact the administrator and quote incident {incident}.")
                }
            }
            Self::Network(_) => pick(
                zh,
                "网络连接中断，请稍候，系统会自动重试。",
                "The connection was lost; retrying automatically.",
            ),
        }
    }

    /// The HTTP status a programmatic caller sees.
    pub fn status(&self) -> u16 {
        match self {
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::NotFound => 404,
            Self::Invalid { .. } => 422,
            Self::Refused { .. } => 409,
            Self::TooLarge => 413,
            Self::RateLimited { .. } => 429,
            Self::Busy { .. } => 503,
            Self::Internal { .. } | Self::Network(_) => 500,
        }
    }
}

fn pick(zh: bool, z: &str, e: &str) -> String {
    if zh { z } else { e }.to_owned()
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    /// Failures of the server-function machinery itself. On the server these are the
    /// requests whose arguments could not be decoded (wrong type, a number too large for
    /// its type, nesting too deep, a body over the route's limit, a missing field): they
    /// never reach the function's body, so the status is set here, for every function.
    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        let error = match value {
            ServerFnErrorErr::Request(e) | ServerFnErrorErr::Response(e) => Self::Network(e),
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::Deserialization(e)
                if e.contains("length limit exceeded") =>
            {
                Self::TooLarge
            }
            ServerFnErrorErr::Args(e) | ServerFnErrorErr::Deserialization(e) => Self::invalid(
                decoder_field(&e),
                format!("提交的内容格式不正确：{e}"),
                format!("The submitted form could not be read: {e}"),
            ),
            ServerFnErrorErr::MissingArg(field) => Self::invalid(
                Some(&field),
                format!("缺少“{field}”。"),
                format!("\"{field}\" is missing."),
            ),
            other => Self::Network(other.to_string()),
        };
        #[cfg(feature = "ssr")]
        ssr::answer_with(&error);
        error
    }
}

/// The field a decoder's message names, where it names one (serde's "missing field `x`",
/// "unknown field `x`", "duplicate field `x`").
fn decoder_field(message: &str) -> Option<&str> {
    ["missing field `", "unknown field `", "duplicate field `"]
        .iter()
        .find_map(|prefix| {
            let rest = &message[message.find(prefix)? + prefix.len()..];
            rest.split_once('`').map(|(field, _)| field)
        })
}

#[cfg(feature = "ssr")]
pub(crate) mod ssr {
    use super::AppError;
    use leptos::prelude::use_context;

    /// Gives a programmatic caller the error's HTTP status (and `Retry-After` when rate
    /// limited). A plain HTML form post keeps the redirect that carries the error back.
    /// Outside a server-function request (no response options) it does nothing.
    pub fn answer_with(error: &AppError) {
        let is_form_post = use_context::<axum::http::request::Parts>()
            .and_then(|p| {
                p.headers
                    .get(axum::http::header::ACCEPT)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| v.contains("text/html"))
            })
            .unwrap_or(false);
        let Some(options) = use_context::<leptos_axum::ResponseOptions>() else {
            return;
        };
        if is_form_post {
            return;
        }
        options.set_status(
            axum::http::StatusCode::from_u16(error.status())
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR),
        );
        if let AppError::RateLimited { retry_after_secs } = error {
            if let Ok(value) = axum::http::HeaderValue::from_str(&retry_after_secs.to_string()) {
                options.insert_header(axum::http::header::RETRY_AFTER, value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoder_messages_name_their_field_where_they_have_one() {
        assert_eq!(
            decoder_field("missing field `duration_minutes`"),
            Some("duration_minutes")
        );
        assert_eq!(
            decoder_field("unknown field `x`, expected one of `a`, `b`"),
            Some("x")
        );
        assert_eq!(decoder_field("invalid digit found in string"), None);
        let too_large =
            AppError::from_server_fn_error(ServerFnErrorErr::Args("length limit exceeded".into()));
        assert_eq!(
            (too_large.clone(), too_large.status()),
            (AppError::TooLarge, 413)
        );
        let bad = AppError::from_server_fn_error(ServerFnErrorErr::Args(
            "missing field `pass_mark`".into(),
        ));
        assert_eq!(bad.status(), 422);
        assert!(matches!(bad, AppError::Invalid { field: Some(f), .. } if f == "pass_mark"));
    }
}
