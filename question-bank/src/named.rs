//! Stored enums (存储的枚举), written once: each variant's stored name (the database's and the
//! forms' value) and its Chinese and English labels stand in one table, and `named_enum!`
//! derives the rest from it. What a form may choose is [`FormChoice`], so one reader of a
//! form's choice refuses an unknown value the same way everywhere.

use crate::Bilingual;

/// An enum of unit variants stored by name (see `named_enum!`).
pub trait StoredEnum: Copy + Eq + 'static {
    /// Every value, in the order forms list them.
    const ALL: &'static [Self];
    /// The stored name.
    fn as_str(self) -> &'static str;
    /// Reads a stored name.
    fn parse(text: &str) -> Option<Self>;
    /// The Chinese label.
    fn label_zh(self) -> &'static str;
    /// The English label.
    fn label_en(self) -> &'static str;
}

/// A value a form submits as text: every stored enum, and the choices with a number in them
/// (`partial:50`, `double:2`).
pub trait FormChoice: Sized {
    /// Reads a submitted value.
    fn from_form(text: &str) -> Option<Self>;
    /// The values a form may submit, as a person reads them (for a refusal).
    fn offered() -> Vec<String>;
}

impl<T: StoredEnum> FormChoice for T {
    fn from_form(text: &str) -> Option<Self> {
        T::parse(text)
    }

    fn offered() -> Vec<String> {
        T::ALL.iter().map(|v| v.as_str().to_owned()).collect()
    }
}

/// A submitted value that is none of the choices: names what was chosen and lists the
/// choices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownChoice {
    /// What was being chosen, in Chinese (组卷方式).
    pub what_zh: &'static str,
    /// What was being chosen, in English (paper mode).
    pub what_en: &'static str,
    /// The values that would have done.
    pub offered: Vec<String>,
}

impl UnknownChoice {
    /// The refusal of a value for `T`.
    pub fn of<T: FormChoice>((what_zh, what_en): (&'static str, &'static str)) -> Self {
        Self {
            what_zh,
            what_en,
            offered: T::offered(),
        }
    }
}

impl Bilingual for UnknownChoice {
    fn zh(&self) -> String {
        format!(
            "未知的{}（可选：{}）。",
            self.what_zh,
            self.offered.join("、")
        )
    }

    fn en(&self) -> String {
        format!(
            "Unknown {} (one of: {}).",
            self.what_en,
            self.offered.join(", ")
        )
    }
}

/// Declares a stored enum from a table of its variants, each with its stored name, Chinese
/// and English label, and gives it `ALL`, `as_str`, `parse`, `label_zh` and `label_en` (and
/// [`StoredEnum`]). `parse` reads exactly the stored names unless the table is followed by
/// `fn parse(text) { … }`, a body of its own (for names typed in a spreadsheet).
///
/// Every such enum derives `Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize`;
/// further derives and `#[serde]` attributes go on the enum as usual.
macro_rules! named_enum {
    (
        $(#[$attr:meta])*
        pub enum $name:ident {
            $($(#[$vattr:meta])* $variant:ident => ($stored:literal, $zh:literal, $en:literal $(,)?),)+
        }
        $($(#[$pattr:meta])* fn parse($text:ident) $parse:block)?
    ) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        $(#[$attr])*
        pub enum $name {
            $(
                $(#[$vattr])*
                #[doc = ""]
                #[doc = concat!("Stored as `", $stored, "`: ", $zh, " / ", $en, ".")]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in the order forms list them.
            pub const ALL: [Self; [$($stored),+].len()] = [$(Self::$variant),+];

            /// The stored name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $stored,)+
                }
            }

            $crate::named::named_enum!(@parse $($(#[$pattr])* fn parse($text) $parse)?);

            /// The Chinese label.
            pub fn label_zh(self) -> &'static str {
                match self {
                    $(Self::$variant => $zh,)+
                }
            }

            /// The English label.
            pub fn label_en(self) -> &'static str {
                match self {
                    $(Self::$variant => $en,)+
                }
            }
        }

        impl $crate::named::StoredEnum for $name {
            const ALL: &'static [Self] = &<$name>::ALL;

            fn as_str(self) -> &'static str {
                <$name>::as_str(self)
            }

            fn parse(text: &str) -> Option<Self> {
                <$name>::parse(text)
            }

            fn label_zh(self) -> &'static str {
                <$name>::label_zh(self)
            }

            fn label_en(self) -> &'static str {
                <$name>::label_en(self)
            }
        }
    };
    (@parse $(#[$pattr:meta])* fn parse($text:ident) $parse:block) => {
        $(#[$pattr])*
        pub fn parse($text: &str) -> Option<Self> $parse
    };
    (@parse) => {
        /// Reads a stored name.
        pub fn parse(text: &str) -> Option<Self> {
            Self::ALL.into_iter().find(|v| v.as_str() == text)
        }
    };
}

pub(crate) use named_enum;

#[cfg(test)]
mod tests {
    use super::*;

    named_enum! {
        /// A test enum.
        #[derive(Default)]
        pub enum Colour {
            #[default]
            Red => ("red", "红", "Red"),
            /// Blue, with a doc of its own.
            Blue => ("blue", "蓝", "Blue"),
        }
    }

    named_enum! {
        /// A test enum with a parse of its own.
        pub enum Size {
            Small => ("small", "小", "Small"),
            Large => ("large", "大", "Large"),
        }
        /// Reads the stored name or the Chinese label, trimmed.
        fn parse(text) {
            let text = text.trim();
            Self::ALL.into_iter().find(|s| s.as_str() == text || s.label_zh() == text)
        }
    }

    #[test]
    fn names_and_labels_come_from_the_table() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::Blue]);
        assert_eq!(Colour::default(), Colour::Red);
        for c in Colour::ALL {
            assert_eq!(Colour::parse(c.as_str()), Some(c));
        }
        assert_eq!(Colour::parse(" red"), None);
        assert_eq!(Colour::Blue.label_zh(), "蓝");
        assert_eq!(Colour::Blue.label_en(), "Blue");
        assert_eq!(<Colour as StoredEnum>::ALL, &[Colour::Red, Colour::Blue]);
        assert_eq!(Size::parse(" 大 "), Some(Size::Large));
        assert_eq!(<Size as FormChoice>::from_form("small"), Some(Size::Small));
    }

    #[test]
    fn an_unknown_choice_names_the_choices() {
        let e = UnknownChoice::of::<Colour>(("颜色", "colour"));
        assert_eq!(e.zh(), "未知的颜色（可选：red、blue）。");
        assert_eq!(e.en(), "Unknown colour (one of: red, blue).");
    }
}
