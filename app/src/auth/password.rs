//! Password and access-code hashing with Argon2id: staff passwords at the argon2 crate's
//! defaults, access codes at a cost sized for what they are.
//!
//! ## Why access codes cost less
//!
//! A staff password is chosen by a person, lives for years and may be reused elsewhere: it
//! gets full Argon2id (19 MiB, two passes, ≈ 30–100 ms a check on this kind of server).
//!
//! An access code (`question_bank::exam::ticket`) is 8 characters drawn at random from 25: about
//! 2^37 codes, never chosen or reused by a person. For the exam it works from shortly before
//! its sitting opens until the sitting ends plus grace, and once (the login uses it up); the
//! same code also opens practice before the sitting and the candidate's own published result
//! afterwards. The threats:
//!
//! - *Online guessing* is bounded by the login throttle (`throttle`: 5 failures per person
//!   in 15 minutes), not by the hash: ≈ 500 guesses a day at one person's code, a chance of
//!   about 2^-28 a day, whatever each check costs.
//! - *Offline guessing on a stolen database* (or backup) is what the hash is for. Each code
//!   has its own salt, so nothing is shared between codes; an attacker must try on average
//!   2^36 codes against the one they want. At `ACCESS_CODE_PARAMS` (256 KiB, one pass) a
//!   guess costs ≈ 0.1 ms of a CPU core (`tests/examples/hash_cost.rs`), so
//!   ≈ 2^36 × 0.1 ms ≈ 80 core-days per code; GPUs do small-memory Argon2 faster, still
//!   hours to days per code. By then the code no longer opens the exam (the sitting has
//!   ended); it still opens the candidate's own result page, which shows what the stolen
//!   database already held. Someone holding the live database during a sitting can do more
//!   harm through it than by logging in as a candidate.
//! - The full default cost would add little against either threat but made every login of
//!   a start storm cost 30–100 ms of CPU on the request executor: 2,000 candidates starting
//!   at once waited ≈ 25 s for hashes (issue 20). At this cost they need ≈ 0.2 s of CPU.
//!
//! A keyed hash (HMAC with a server secret) would be cheaper still, but the secret would
//! have to be shared by every instance and survive a backup and restore, or every printed
//! slip would stop working; a salted Argon2id string carries all it needs with the code.
//!
//! The parameters are written in each PHC string (`$argon2id$v=19$m=256,t=1,p=1$…`) and
//! `verify` reads them from there, so codes hashed at the old default cost still verify.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

/// The shortest staff password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Argon2id for access codes: memory in KiB, passes, lanes (see the module comment).
pub const ACCESS_CODE_PARAMS: (u32, u32, u32) = (256, 1, 1);

fn access_code_hasher() -> Argon2<'static> {
    let (m, t, p) = ACCESS_CODE_PARAMS;
    let params = Params::new(m, t, p, None).expect("valid Argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

fn hash_with(hasher: &Argon2<'_>, secret: &str) -> String {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .expect("16 bytes is a valid salt length");
    hasher
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 with valid parameters cannot fail")
        .to_string()
}

/// Hashes a staff password with a fresh random salt, at full cost.
pub fn hash(secret: &str) -> String {
    hash_with(&Argon2::default(), secret)
}

/// Hashes a normalized access code with a fresh random salt, at the access-code cost.
pub fn hash_access_code(code: &str) -> String {
    hash_with(&access_code_hasher(), code)
}

/// Checks a secret against a stored hash, at the cost written in it; a malformed hash never
/// verifies.
pub fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the same time as checking a staff password, so an unknown username cannot be told
/// from a wrong password by timing.
pub fn verify_nothing(secret: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let _ = verify(
        secret,
        DUMMY.get_or_init(|| hash("renqian-timing-equalizer")),
    );
}

/// Spends the same time as checking an access code, so an unknown ticket number cannot be
/// told from a wrong code by timing.
pub fn verify_no_access_code(code: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let _ = verify(
        code,
        DUMMY.get_or_init(|| hash_access_code("RENQIANTIMING")),
    );
}

/// A fresh one-time access code for an admission ticket: the code to show staff once,
/// and the hash to store.
pub fn new_access_code() -> (String, String) {
    use question_bank::exam::ticket::{new_access_code, normalize_access_code};
    let code = new_access_code(&mut rand::rng());
    let stored = hash_access_code(&normalize_access_code(&code));
    (code, stored)
}

/// A random password for a new account, printed once: 16 unambiguous characters.
pub fn generate() -> String {
    use rand::Rng;
    const ALPHABET: &[u8] = b"23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ";
    let mut rng = rand::rng();
    (0..16)
        .map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_secret_only() {
        let stored = hash("correct horse battery");
        assert!(stored.starts_with("$argon2id$"));
        assert!(verify("correct horse battery", &stored));
        assert!(!verify("wrong", &stored));
        assert!(!verify("anything", "not-a-hash"));
        assert_ne!(hash("same"), hash("same"), "salts differ");
    }

    #[test]
    fn staff_passwords_keep_the_full_default_cost() {
        let stored = hash("correct horse battery");
        let parsed = PasswordHash::new(&stored).expect("PHC string");
        let params = Params::try_from(&parsed).expect("params");
        let default = Params::default();
        assert_eq!(
            (params.m_cost(), params.t_cost(), params.p_cost()),
            (default.m_cost(), default.t_cost(), default.p_cost())
        );
        assert!(params.m_cost() >= 19 * 1024, "{}", params.m_cost());
    }

    #[test]
    fn access_codes_are_argon2id_at_their_own_cost_written_in_the_hash() {
        let (code, stored) = new_access_code();
        assert!(
            stored.starts_with("$argon2id$v=19$m=256,t=1,p=1$"),
            "{stored}"
        );
        let typed = question_bank::exam::ticket::normalize_access_code(&code.to_lowercase());
        assert!(verify(&typed, &stored));
        let wrong = if typed == "AAAAAAAA" {
            "CCCCCCCC"
        } else {
            "AAAAAAAA"
        };
        assert!(!verify(wrong, &stored));
        assert_ne!(
            hash_access_code("SAME"),
            hash_access_code("SAME"),
            "salts differ"
        );
    }

    #[test]
    fn codes_hashed_at_the_old_default_cost_still_verify() {
        // What enrolments stored before access codes had a cost of their own.
        let old = hash("K7MX3PQA");
        assert!(old.contains("$m=19456,t=2,p=1$"), "{old}");
        assert!(verify("K7MX3PQA", &old));
        assert!(!verify("K7MX3PQB", &old));
    }
}
