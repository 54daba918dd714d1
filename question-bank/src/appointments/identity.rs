//! Resident identity card numbers (居民身份证号码, GB 11643-1999).

use serde::{Deserialize, Serialize};

use crate::Bilingual;

/// A checked 18-character ID-card number (17 digits and a check character 0-9 or X).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct IdCardNumber(String);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

impl IdCardNumber {
    /// Accepts an 18-character number whose check character is right (a lower-case x too).
    pub fn parse(text: &str) -> Result<Self, IdCardError> {
        let text: String = text.trim().to_uppercase();
        let chars: Vec<char> = text.chars().collect();
        if chars.len() != 18 {
            return Err(IdCardError::Length(chars.len()));
        }
        let mut sum = 0;
        for (i, (c, w)) in chars.iter().zip(WEIGHTS).enumerate() {
            sum += c.to_digit(10).ok_or(IdCardError::NotADigit(i + 1))? * w;
        }
        let expected = char::from(CHECK[(sum % 11) as usize]);
        if chars[17] != expected {
            return Err(IdCardError::Checksum);
        }
        Ok(Self(text))
    }

    /// The number made of 17 digits and their check character (for rosters staff generate,
    /// demos and tests); none unless `body` is 17 digits.
    pub fn complete(body: &str) -> Option<Self> {
        let digits: Vec<u32> = body
            .chars()
            .map(|c| c.to_digit(10))
            .collect::<Option<_>>()?;
        if digits.len() != 17 {
            return None;
        }
        let sum: u32 = digits.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum();
        Some(Self(format!(
            "{body}{}",
            char::from(CHECK[(sum % 11) as usize])
        )))
    }

    /// The full number.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number with the birth date and sequence hidden, for lists and print-outs.
    pub fn masked(&self) -> String {
        format!("{}**********{}", &self.0[..4], &self.0[14..])
    }
}

/// Why an ID-card number was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum IdCardError {
    /// Not 18 characters.
    #[error("身份证号码应为18位，当前为{0}位")]
    Length(usize),
    /// A non-digit among the first 17.
    #[error("身份证号码第{0}位应为数字")]
    NotADigit(usize),
    /// The check character does not match.
    #[error("身份证号码校验位不正确，请核对")]
    Checksum,
}

impl Bilingual for IdCardError {
    fn zh(&self) -> String {
        self.to_string()
    }
    fn en(&self) -> String {
        match self {
            Self::Length(n) => format!("an ID-card number has 18 characters; this one has {n}"),
            Self::NotADigit(i) => format!("character {i} of the ID-card number must be a digit"),
            Self::Checksum => {
                "the ID-card number's check character is wrong; please check it".into()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_with_the_right_check_character_is_accepted() {
        // The standard's own example.
        let id = IdCardNumber::parse("11010519491231002x").expect("valid");
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(id.masked(), "1101**********002X");
    }

    #[test]
    fn completing_seventeen_digits_gives_a_number_that_parses() {
        let n = IdCardNumber::complete("11010519491231002").expect("17 digits");
        assert_eq!(n.as_str(), "11010519491231002X");
        assert_eq!(IdCardNumber::parse(n.as_str()), Ok(n));
        assert_eq!(IdCardNumber::complete("1101051949123100"), None);
        assert_eq!(IdCardNumber::complete("1101051949123100A"), None);
    }

    #[test]
    fn a_wrong_check_character_length_or_letter_is_refused() {
        assert_eq!(
            IdCardNumber::parse("110105194912310021"),
            Err(IdCardError::Checksum)
        );
        assert_eq!(
            IdCardNumber::parse("1101051949"),
            Err(IdCardError::Length(10))
        );
        assert_eq!(
            IdCardNumber::parse("11010519491A31002X"),
            Err(IdCardError::NotADigit(12))
        );
    }
}
