//! A rule's "no": what the domain refused, and, where the input was at fault, which field
//! or row of a file.
//!
//! The database adapter loads the facts under its lock, asks the rule, and hands back the
//! rule's refusal as it is. It never words one itself: the words belong to the refusal's
//! reason (every domain error implements [`Bilingual`]), and `app` turns a refusal into the
//! person's message and status in one place (`From<StoreError> for AppError`).

use std::fmt;
use std::sync::Arc;

use crate::Bilingual;

/// Who is at fault, which decides how the caller is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The record's state refuses the change (HTTP 409): nothing in the form is wrong.
    State,
    /// The input breaks a rule (HTTP 422), in this form field when one is named.
    Input(Option<&'static str>),
}

/// A domain rule's refusal, with its reason kept as the rule stated it.
#[derive(Clone)]
pub struct Refusal {
    fault: Fault,
    /// The row of an uploaded file the refusal is about (1 = the first row of data).
    row: Option<u64>,
    reason: Arc<dyn Bilingual + Send + Sync>,
}

impl Refusal {
    /// The record's state refuses the change.
    pub fn state(reason: impl Bilingual + Send + Sync + 'static) -> Self {
        Self::new(Fault::State, reason)
    }

    /// The input breaks a rule, in the form field `field`.
    pub fn field(field: &'static str, reason: impl Bilingual + Send + Sync + 'static) -> Self {
        Self::new(Fault::Input(Some(field)), reason)
    }

    /// The input breaks a rule that no single field carries.
    pub fn input(reason: impl Bilingual + Send + Sync + 'static) -> Self {
        Self::new(Fault::Input(None), reason)
    }

    fn new(fault: Fault, reason: impl Bilingual + Send + Sync + 'static) -> Self {
        Self {
            fault,
            row: None,
            reason: Arc::new(reason),
        }
    }

    /// The same refusal about row `row` of an uploaded file: the file is the input at fault.
    pub fn at_row(self, row: u64) -> Self {
        Self {
            fault: Fault::Input(Some("file")),
            row: Some(row),
            ..self
        }
    }

    /// Who is at fault.
    pub fn fault(&self) -> Fault {
        self.fault
    }
}

impl Bilingual for Refusal {
    fn zh(&self) -> String {
        match self.row {
            Some(row) => format!("第{row}行：{}", self.reason.zh()),
            None => self.reason.zh(),
        }
    }

    fn en(&self) -> String {
        match self.row {
            Some(row) => format!("Row {row}: {}", self.reason.en()),
            None => self.reason.en(),
        }
    }
}

impl fmt::Debug for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Refusal")
            .field("fault", &self.fault)
            .field("reason", &self.en())
            .finish()
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en())
    }
}

impl std::error::Error for Refusal {}

/// Several reasons at once (every shortfall of a blueprint), joined as one message.
#[derive(Clone, Debug)]
pub struct AllOf<T>(pub Vec<T>);

impl<T: Bilingual> Bilingual for AllOf<T> {
    fn zh(&self) -> String {
        self.0.iter().map(T::zh).collect::<Vec<_>>().join("；")
    }

    fn en(&self) -> String {
        self.0.iter().map(T::en).collect::<Vec<_>>().join("; ")
    }
}

/// Defines a refusal enum whose variants each carry their message in both languages,
/// written once beside the variant: `Variant { fields } => ("中文", "English")`.
#[macro_export]
macro_rules! refusals {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident $({ $($field:ident : $ty:ty),* $(,)? })? => ($zh:literal, $en:literal) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant $({ $($field: $ty),* })? ),*
        }

        impl $crate::Bilingual for $name {
            #[allow(unused_variables, reason = "a message need not use every field")]
            fn zh(&self) -> String {
                match self {
                    $( Self::$variant $({ $($field),* })? => format!($zh) ),*
                }
            }

            #[allow(unused_variables, reason = "a message need not use every field")]
            fn en(&self) -> String {
                match self {
                    $( Self::$variant $({ $($field),* })? => format!($en) ),*
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&$crate::Bilingual::en(self))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    refusals! {
        enum Example {
            Plain => ("不行。", "No."),
            Named { who: String } => ("{who}不行。", "Not {who}."),
        }
    }

    #[test]
    fn a_refusal_keeps_its_reason_and_names_the_row_of_a_file() {
        let r = Refusal::field(
            "name",
            Example::Named {
                who: "张三".into()
            },
        );
        assert_eq!(r.fault(), Fault::Input(Some("name")));
        assert_eq!((r.zh(), r.en()), ("张三不行。".into(), "Not 张三.".into()));
        let r = Refusal::state(Example::Plain).at_row(7);
        assert_eq!(r.fault(), Fault::Input(Some("file")));
        assert_eq!(
            (r.zh(), r.en()),
            ("第7行：不行。".into(), "Row 7: No.".into())
        );
        let all = AllOf(vec![Example::Plain, Example::Named { who: "A".into() }]);
        assert_eq!(
            (all.zh(), all.en()),
            ("不行。；A不行。".into(), "No.; Not A.".into())
        );
    }
}
