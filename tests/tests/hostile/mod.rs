//! Hostile behaviour (issue 15): what a user who tries to break Renqian attempts, class by
//! class, on both databases. Each module tries variants of its class, not one example.

mod audit;
mod input;
mod keys;
mod markup;
mod uploads;
