//! Hostile: markup.
