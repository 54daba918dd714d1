//! The UI's two languages. Chinese is the default; English is chosen with the `lang` cookie
//! (set by `/lang/en` and `/lang/zh`), which the server reads for SSR and the browser reads
//! back from `<html lang>` when it hydrates, so both render the same words.

use leptos::prelude::*;

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// 简体中文 (the default).
    #[default]
    Zh,
    /// English.
    En,
}

/// The cookie that remembers the choice.
pub const LANG_COOKIE: &str = "renqian_lang";

impl Lang {
    /// The `<html lang>` value.
    pub fn html_tag(self) -> &'static str {
        match self {
            Self::Zh => "zh-CN",
            Self::En => "en",
        }
    }

    /// Reads a cookie or tag value; anything unknown is Chinese.
    pub fn parse(value: &str) -> Self {
        if value.trim().to_ascii_lowercase().starts_with("en") {
            Self::En
        } else {
            Self::Zh
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Self::Zh => zh,
            Self::En => en,
        }
    }

    /// The language a request asked for through its cookie header.
    pub fn from_cookie_header(header: &str) -> Self {
        header
            .split(';')
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == LANG_COOKIE)
            .map_or(Self::Zh, |(_, value)| Self::parse(value))
    }
}

/// `tr!(lang, "中文", "English")`: the text in the current language.
#[macro_export]
macro_rules! tr {
    ($lang:expr, $zh:expr, $en:expr $(,)?) => {
        $lang.pick($zh, $en)
    };
}

/// The language of the page being rendered.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// Works out the language once per render: from the request on the server, from the
/// server-rendered `<html lang>` in the browser.
pub fn detect_lang() -> Lang {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| {
                parts
                    .headers
                    .get(axum::http::header::COOKIE)
                    .and_then(|v| v.to_str().ok())
                    .map(Lang::from_cookie_header)
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        #[cfg(feature = "hydrate")]
        {
            web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.document_element())
                .and_then(|e| e.get_attribute("lang"))
                .map_or(Lang::Zh, |tag| Lang::parse(&tag))
        }
        #[cfg(not(feature = "hydrate"))]
        {
            Lang::Zh
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cookie_chooses_english_and_anything_else_is_chinese() {
        assert_eq!(Lang::from_cookie_header("a=1; renqian_lang=en"), Lang::En);
        assert_eq!(Lang::from_cookie_header("renqian_lang=zh"), Lang::Zh);
        assert_eq!(Lang::from_cookie_header(""), Lang::Zh);
    }
}
