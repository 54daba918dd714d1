//! Hostile: audit.
