//! The audit log's hash chain (审计链): each event carries the hash of the one before, so a
//! row changed, deleted, inserted or reordered in the database breaks the chain at that row.
//!
//! The canonical form of an event is defined once, here ([`ChainedEvent::canonical`]); the
//! database adapter stores what [`ChainedEvent::hash`] returns and [`verify`] recomputes it.

use std::fmt::Write as _;

/// The `prev_hash` of the first event: 64 zeros.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The content of one audit event as the chain covers it: every stored column but its own
/// hash. Borrowed, so appending and verifying build it without copying.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChainedEvent<'a> {
    pub id: i64,
    /// UTC milliseconds.
    pub at: i64,
    /// The staff account that acted, if a person did.
    pub actor_user_id: Option<i64>,
    /// The actor as shown ("张明（zhangming）", "cli").
    pub actor: &'a str,
    pub action: &'a str,
    pub entity: &'a str,
    pub entity_id: &'a str,
    pub reason: Option<&'a str>,
    /// The JSON detail text exactly as stored.
    pub detail: &'a str,
    pub jurisdiction_id: Option<i64>,
    /// The previous event's hash ([`GENESIS`] for the first).
    pub prev_hash: &'a str,
}

impl ChainedEvent<'_> {
    /// The canonical form, version 1: the line `renqian-audit-v1`, then one line per field in
    /// this fixed order — id, at, actor_user_id, actor, action, entity, entity_id, reason,
    /// detail, jurisdiction_id, prev_hash — each written as `<name>=` followed by `-` for an
    /// absent value, or by `<length in UTF-8 bytes>:<value>`, then `\n`. Integers are written
    /// in decimal. The length prefix makes the form unambiguous whatever a text contains
    /// (newlines, `=`, other fields' names), so two different events never share a form.
    pub fn canonical(&self) -> String {
        let mut out = String::from("renqian-audit-v1\n");
        let id = self.id.to_string();
        let at = self.at.to_string();
        let user = self.actor_user_id.map(|v| v.to_string());
        let jurisdiction = self.jurisdiction_id.map(|v| v.to_string());
        let fields: [(&str, Option<&str>); 11] = [
            ("id", Some(&id)),
            ("at", Some(&at)),
            ("actor_user_id", user.as_deref()),
            ("actor", Some(self.actor)),
            ("action", Some(self.action)),
            ("entity", Some(self.entity)),
            ("entity_id", Some(self.entity_id)),
            ("reason", self.reason),
            ("detail", Some(self.detail)),
            ("jurisdiction_id", jurisdiction.as_deref()),
            ("prev_hash", Some(self.prev_hash)),
        ];
        for (name, value) in fields {
            match value {
                None => {
                    let _ = writeln!(out, "{name}=-");
                }
                Some(v) => {
                    let _ = writeln!(out, "{name}={}:{v}", v.len());
                }
            }
        }
        out
    }

    /// SHA-256 of the canonical form, as 64 lowercase hex digits.
    #[cfg(feature = "audit-chain")]
    pub fn hash(&self) -> String {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(self.canonical().as_bytes());
        digest.iter().fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
    }
}

/// The newest event of a chain: what the admin page, the report and the certificate print.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChainHead {
    /// The newest event's id (0 for an empty log).
    pub id: i64,
    /// Its hash ([`GENESIS`] for an empty log).
    pub hash: String,
}

impl ChainHead {
    /// The head of an empty log.
    pub fn empty() -> Self {
        Self {
            id: 0,
            hash: GENESIS.to_owned(),
        }
    }

    /// "#1234 · 3f5a9c01e2b4", for print: the id and the first 12 hex digits.
    pub fn short(&self) -> String {
        format!(
            "#{} · {}",
            self.id,
            self.hash.get(..12).unwrap_or(&self.hash)
        )
    }
}

/// The first place a chain does not hold.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("audit chain broken at event {id}: {what}")]
pub struct BrokenLink {
    /// The event where it breaks (for a missing tail: the head's recorded id).
    pub id: i64,
    /// What differs.
    pub what: String,
}

/// Walks events in id order, carrying the running head; one event at a time, so a log of any
/// length is verified in constant memory.
#[derive(Clone, Debug)]
pub struct Verifier {
    head: ChainHead,
    checked: u64,
}

impl Default for Verifier {
    fn default() -> Self {
        Self {
            head: ChainHead::empty(),
            checked: 0,
        }
    }
}

impl Verifier {
    /// Checks the next event (ids ascending) and its stored hash.
    #[cfg(feature = "audit-chain")]
    pub fn next(&mut self, event: &ChainedEvent<'_>, stored_hash: &str) -> Result<(), BrokenLink> {
        let broken = |what: String| BrokenLink { id: event.id, what };
        if event.id <= self.head.id {
            return Err(broken(format!(
                "its id is not after the previous event's ({})",
                self.head.id
            )));
        }
        if event.prev_hash != self.head.hash {
            return Err(broken(format!(
                "its prev_hash {} is not the hash of the event before it (#{}: {}): an event before it was removed, inserted or changed",
                event.prev_hash, self.head.id, self.head.hash
            )));
        }
        let recomputed = event.hash();
        if recomputed != stored_hash {
            return Err(broken(format!(
                "its content does not match its hash (stored {stored_hash}, content hashes to {recomputed}): the row was changed"
            )));
        }
        self.head = ChainHead {
            id: event.id,
            hash: stored_hash.to_owned(),
        };
        self.checked += 1;
        Ok(())
    }

    /// Finishes against the head the database records (the newest event appended): a
    /// removed last event shows as a head no event reaches.
    pub fn finish(self, recorded: &ChainHead) -> Result<(ChainHead, u64), BrokenLink> {
        if &self.head != recorded {
            return Err(BrokenLink {
                id: recorded.id,
                what: format!(
                    "the recorded head is #{} {} but the chain ends at #{} {}: the newest events were removed or changed",
                    recorded.id, recorded.hash, self.head.id, self.head.hash
                ),
            });
        }
        Ok((self.head, self.checked))
    }
}

#[cfg(all(test, feature = "audit-chain"))]
mod tests {
    use super::*;

    fn event<'a>(id: i64, prev: &'a str, detail: &'a str) -> ChainedEvent<'a> {
        ChainedEvent {
            id,
            at: 1_700_000_000_000 + id,
            actor_user_id: Some(3),
            actor: "张明（zhangming）",
            action: "sitting.create",
            entity: "sitting",
            entity_id: "7",
            reason: None,
            detail,
            jurisdiction_id: Some(1),
            prev_hash: prev,
        }
    }

    #[test]
    fn the_canonical_form_is_length_prefixed_and_hashes_to_sha256_hex() {
        let e = event(1, GENESIS, "{}");
        let form = e.canonical();
        assert!(form.starts_with("renqian-audit-v1\nid=1:1\nat=13:1700000000001\n"));
        assert!(form.contains("\nreason=-\n"));
        assert!(form.contains("\nactor=21:张明（zhangming）\n"));
        let h = e.hash();
        assert_eq!(h.len(), 64);
        assert!(h
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()));
        // A known vector: SHA-256 of "abc" through the same hex writer.
        use sha2::{Digest, Sha256};
        let abc: String = Sha256::digest(b"abc")
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(
            abc,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn moving_text_between_fields_changes_the_form() {
        let mut a = event(1, GENESIS, "{}");
        a.reason = Some("x\ndetail=2:{}");
        let mut b = event(1, GENESIS, "{}");
        b.reason = Some("x");
        assert_ne!(a.canonical(), b.canonical());
        let c = ChainedEvent {
            reason: Some(""),
            ..event(1, GENESIS, "{}")
        };
        assert_ne!(
            c.canonical(),
            event(1, GENESIS, "{}").canonical(),
            "empty is not absent"
        );
    }

    #[test]
    fn the_verifier_names_the_first_broken_link() {
        let h1 = event(1, GENESIS, "{}").hash();
        let h2 = event(2, &h1, "{\"a\":1}").hash();
        let h3 = event(3, &h2, "{}").hash();
        let head = ChainHead {
            id: 3,
            hash: h3.clone(),
        };
        let mut v = Verifier::default();
        v.next(&event(1, GENESIS, "{}"), &h1).expect("1");
        v.next(&event(2, &h1, "{\"a\":1}"), &h2).expect("2");
        v.next(&event(3, &h2, "{}"), &h3).expect("3");
        assert_eq!(v.finish(&head).expect("whole").1, 3);
        // A changed detail.
        let mut v = Verifier::default();
        v.next(&event(1, GENESIS, "{}"), &h1).expect("1");
        let err = v
            .next(&event(2, &h1, "{\"a\":2}"), &h2)
            .expect_err("changed");
        assert_eq!(err.id, 2);
        assert!(err.what.contains("content"));
        // A removed middle event.
        let mut v = Verifier::default();
        v.next(&event(1, GENESIS, "{}"), &h1).expect("1");
        let err = v.next(&event(3, &h2, "{}"), &h3).expect_err("gap");
        assert_eq!(err.id, 3);
        assert!(err.what.contains("prev_hash"));
        // A removed last event.
        let mut v = Verifier::default();
        v.next(&event(1, GENESIS, "{}"), &h1).expect("1");
        v.next(&event(2, &h1, "{\"a\":1}"), &h2).expect("2");
        assert_eq!(v.finish(&head).expect_err("tail").id, 3);
    }
}
