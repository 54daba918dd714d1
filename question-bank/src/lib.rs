//! Renqian's exam domain, free of any web, database or async machinery.
//!
//! Everything here is pure and deterministic (randomness is always passed in), so it can
//! be unit- and property-tested and shared by the server and the browser build alike.

//! Grouped by what the exam office does:
//! - [`bank`]: questions, the statute library and its versions, the seed bank;
//! - [`exam`]: sittings, blueprints and papers, the clock, starting and saving, proctoring;
//! - [`results`]: scores, marking by hand, publishing, appeals, item analysis;
//! - [`appointments`]: nominations, the exam gate, votes, certificates, oaths, reports;
//! - [`formats`]: files in and out (spreadsheets, Word, QTI, GIFT, rosters);
//! - and what they share: refusals, bounds, named enums, the audit log's actions and chain.

pub mod administration;
pub mod appointments;
pub mod audit_action;
pub mod audit_chain;
pub mod bank;
pub mod bounds;
pub mod consequence;
pub mod exam;
#[cfg(feature = "formats")]
pub mod formats;
pub mod named;
pub mod refusal;
pub mod results;

/// A message in the UI's two languages: Chinese first, English second.
///
/// Domain errors implement this so that every layer above can show the person at the
/// screen a precise message without re-translating error codes.
pub trait Bilingual {
    /// The Chinese (zh-CN) text.
    fn zh(&self) -> String;
    /// The English text.
    fn en(&self) -> String;
}
