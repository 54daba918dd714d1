//! Password and access-code hashing with Argon2id (the argon2 crate's defaults).

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;

/// The shortest staff password accepted.
pub const MIN_PASSWORD_CHARS: usize = 10;

/// Hashes a secret with a fresh random salt.
pub fn hash(secret: &str) -> String {
    let salt = SaltString::encode_b64(&rand::random::<[u8; 16]>())
        .expect("16 bytes is a valid salt length");
    Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .expect("argon2 with default parameters cannot fail")
        .to_string()
}

/// Checks a secret against a stored hash; a malformed hash never verifies.
pub fn verify(secret: &str, stored: &str) -> bool {
    PasswordHash::new(stored).is_ok_and(|parsed| {
        Argon2::default()
            .verify_password(secret.as_bytes(), &parsed)
            .is_ok()
    })
}

/// Spends the same time as a real check, so an unknown login cannot be told from a wrong
/// password by timing.
pub fn verify_nothing(secret: &str) {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let _ = verify(
        secret,
        DUMMY.get_or_init(|| hash("renqian-timing-equalizer")),
    );
}

/// A fresh one-time access code for an admission ticket: the code to show staff once,
/// and the hash to store.
pub fn new_access_code() -> (String, String) {
    use question_bank::ticket::{new_access_code, normalize_access_code};
    let code = new_access_code(&mut rand::rng());
    let stored = hash(&normalize_access_code(&code));
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
}
