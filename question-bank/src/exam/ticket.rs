//! Admission tickets (准考证): the ticket number and the one-time access code.

use rand::Rng;

/// Letters and digits that cannot be mistaken for one another when read aloud or off paper
/// (no 0/O, 1/I/L, 2/Z, 5/S, 8/B).
const ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";
const CODE_LEN: usize = 8;

/// Draws a fresh access code, shown to staff once as "K7MX-3PQA". About 37 bits of
/// entropy; guessing is further bounded by login rate limiting and one-time use.
pub fn new_access_code(rng: &mut impl Rng) -> String {
    let code: String = (0..CODE_LEN)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect();
    format!("{}-{}", &code[..4], &code[4..])
}

/// Puts a typed access code in the stored form: upper case, separators and spaces dropped.
pub fn normalize_access_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// The ticket number: year, sitting and the candidate's place in it ("202600070012").
/// Digits only, so that a senior candidate types it on any keyboard without doubt.
pub fn ticket_number(year: i64, sitting_id: i64, seat: i64) -> String {
    format!("{year:04}{:04}{:04}", sitting_id % 10_000, seat % 10_000)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{rngs::StdRng, SeedableRng};

    #[test]
    fn access_codes_use_the_unambiguous_alphabet_and_normalize_back() {
        let mut rng = StdRng::seed_from_u64(7);
        for _ in 0..200 {
            let code = new_access_code(&mut rng);
            assert_eq!(code.len(), 9);
            let plain = normalize_access_code(&code.to_lowercase().replace('-', " "));
            assert_eq!(plain.len(), 8);
            assert!(plain.bytes().all(|b| ALPHABET.contains(&b)), "{code}");
        }
    }

    #[test]
    fn ticket_numbers_are_twelve_digits() {
        assert_eq!(ticket_number(2026, 7, 12), "202600070012");
    }
}
