//! Hostile: input.
