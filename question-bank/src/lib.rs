//! Renqian's exam domain, free of any web, database or async machinery.
//!
//! Everything here is pure and deterministic (randomness is always passed in), so it can
//! be unit- and property-tested and shared by the server and the browser build alike.

pub mod administration;
pub mod analysis;
pub mod appointment;
pub mod attempt;
pub mod audit_action;
pub mod audit_chain;
pub mod bank;
pub mod blueprint;
pub mod bounds;
pub mod clock;
pub mod consequence;
#[cfg(feature = "formats")]
pub mod formats;
pub mod identity;
#[cfg(feature = "statutes")]
pub mod law_versions;
pub mod laws;
pub mod lifecycle;
pub mod marking;
pub mod measured;
pub mod named;
pub mod nomination;
pub mod paper;
pub mod proctoring;
#[cfg(feature = "statutes")]
pub mod quality;
pub mod question;
pub mod refusal;
pub mod region;
pub mod results;
pub mod rules;
pub mod scoring;
pub mod secrecy;
#[cfg(feature = "formats")]
pub mod seed;
pub mod sitting;
#[cfg(feature = "statutes")]
pub mod statutes;
pub mod ticket;

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
